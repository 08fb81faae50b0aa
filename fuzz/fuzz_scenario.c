/* fuzz_scenario.c - libFuzzer target: the scenario loader (src/scenario.c
 * over libyaml, with src/units.c), the machine description that sets up
 * Fig. 1 (issue 7, item 1).
 *
 * Input: YAML text; after the first NUL byte, --set overrides "key=value",
 * one per NUL-terminated piece (at most 16; empty pieces skipped).
 * The YAML is written to TMP/x/y/in.yaml, where TMP is a fresh directory
 * made once (mkdtemp under $TMPDIR) holding symbolic links TMP/traces,
 * TMP/x/traces, TMP/scenarios and TMP/x/scenarios to the source tree's
 * folders, so that the seeds' "../traces/...", "../../traces/..." and
 * profiles resolve as in the tree (fuzzyaml.h). The file is removed after
 * each input and the directory at exit.
 *
 * Checked (src/scenario.h): NULL comes with at least one message, a
 * scenario with none; the first message is "FILE:LINE:COL: ..." for a
 * file of ours, "--set ...: ..." for an override, or "NAME.yaml:LINE:COL: ..."
 * in a profile file (LINE and COL from 1);
 * the printed configuration (scenario_print) loads back and prints the
 * same text again ("YAML that loads back to the same run"). */
#define _GNU_SOURCE   /* open_memstream, mkdtemp, realpath */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../src/scenario.h"
#include "fuzzyaml.h"

static const struct fuzzyaml_link g_links[] = {
	{"traces", "traces"}, {"scenarios", "scenarios"}, {"x/traces", "traces"},
	{"x/scenarios", "scenarios"},
};

static void print(const void *s, FILE *f)
{
	scenario_print(s, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ov[FUZZYAML_MAX_OV];
	size_t nov;
	char *buf = fuzzyaml_input("fuzz_scenario", g_links, sizeof g_links / sizeof g_links[0],
	                           data, size, ov, &nov);

	struct scenario *s = fuzzyaml_load(fy_in, ov, nov);
	unlink(fy_in);
	if (s) {
		size_t l1 = 0, l2 = 0;
		char *t1 = fuzzyaml_text(print, s, &l1);
		fuzzyaml_put(fy_rt, t1, l1);
		struct scenario *s2 = fuzzyaml_load(fy_rt, NULL, 0);
		unlink(fy_rt);
		if (!s2)
			fprintf(stderr, "the printed scenario does not load back:\n%s", t1);
		FUZZ_CHECK(s2 != NULL);
		char *t2 = fuzzyaml_text(print, s2, &l2);
		fuzzyaml_same(t1, l1, t2, l2);
		free(t1);
		free(t2);
		scenario_free(s2);
		scenario_free(s);
	}
	free(buf);
	return 0;
}
