/* golden.h - golden regression: `nicshare check`, `nicshare bless` and
 * `nicshare diff` (doc/verify.md).
 *
 * A golden is a directory traces/golden/<scenario>/ holding what a run of
 * the scenario must write again, byte for byte: routing.tsv, summary.json
 * without what depends on the machine or the version ("wall", "nicshare"),
 * events.tsv.gz and the captures wire-tx.pcap.gz, rt-rx.pcap.gz,
 * gp-rx.pcap.gz (gzip, compared after decompression), and golden.txt
 * (which scenario, which --set overrides). It is written only by
 * `nicshare bless`. */
#ifndef NICSHARE_GOLDEN_H
#define NICSHARE_GOLDEN_H

/* cmd: "check", "bless" or "diff"; argv: the arguments after the command
 * word. Handles --help. Returns the exit status: check 0 same and the
 * verify section held, 1 a difference or a broken check; bless 0 written,
 * 1 refused (the run failed its checks); diff 0 identical, 1 different;
 * 2 bad usage or bad input for all three. */
int golden_main(const char *cmd, int argc, char **argv);

#endif
