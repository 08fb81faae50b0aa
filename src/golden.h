/* golden.h - golden regression: `nicshare check`, `nicshare bless` and
 * `nicshare diff` (doc/verify.md).
 *
 * A golden is a directory holding what a run of the scenario must write
 * again: --golden DIR, else traces/golden/NAME for a scenario of the library
 * (scenarios/, tests/verify/), else NAME.golden beside the scenario file.
 * It holds: routing.tsv, summary.json
 * without what depends on the machine or the version ("wall", "nicshare"),
 * events.tsv.gz and the captures wire-tx.pcap.gz, rt-rx.pcap.gz,
 * gp-rx.pcap.gz (gzip, compared after decompression), and golden.txt
 * (which scenario, which --set overrides). A world's golden holds those
 * files (golden.txt apart) for each computer in HOST/, and world.json
 * without its wall-clock ("wall_s", "wall_outside_simgrid_s"). It is
 * written only by `nicshare bless`, and an existing one only with --force. */
#ifndef NICSHARE_GOLDEN_H
#define NICSHARE_GOLDEN_H

/* cmd: "check", "bless" or "diff"; argv[0] the command word, then its
 * arguments. Handles --help and --version. Returns the exit status: check 0 same and the
 * verify section held, 1 a difference or a broken check; bless 0 written,
 * 1 refused (the run failed its checks), 2 also when a golden is there and
 * no --force; diff 0 identical, 1 different; 2 bad usage or bad input for
 * all three. */
int golden_main(const char *cmd, int argc, char **argv);

#endif
