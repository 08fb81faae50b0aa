/* fuzz.h - what the libFuzzer targets in fuzz/ share with the replay
 * driver tests/fuzz_replay.c (issue 7, robustness).
 *
 * Each fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput() and nothing else
 * that is global: no main(). Built with clang -fsanitize=fuzzer it is a
 * libFuzzer binary (fuzz/run.sh, `make fuzz`); linked with
 * tests/fuzz_replay.c it is an ordinary program that feeds it files, so the
 * inputs kept in fuzz/regress/ run in `make check` (and its ASan build).
 *
 * A target returns 0. When a property it checks does not hold it prints
 * what and where, then abort()s: libFuzzer keeps the input as a crash, the
 * replay driver dies with SIGABRT and the test fails. */
#ifndef NICSHARE_FUZZ_H
#define NICSHARE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n",      \
			        __FILE__, __LINE__, #cond);                   \
			abort();                                              \
		}                                                             \
	} while (0)

#endif
