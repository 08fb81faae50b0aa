/* mkdict.c - a libFuzzer dictionary for fuzz_scenario (issue 7): every
 * scenario key as a YAML key ("leaf: "), as a dotted path and as an
 * override ("path="), from scenario_print_keys(). Built by fuzz/run.sh. */
#define _GNU_SOURCE   /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/scenario.h"

static void entry(const char *s, const char *suffix)
{
	putchar('"');
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		putchar(*p);
	}
	fputs(suffix, stdout);
	fputs("\"\n", stdout);
}

int main(void)
{
	char *keys = NULL, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&keys, &len);
	if (!f)
		return 2;
	scenario_print_keys(f);
	if (fclose(f) != 0)
		return 2;
	for (char *k = strtok_r(keys, "\n", &save); k; k = strtok_r(NULL, "\n", &save)) {
		const char *leaf = strrchr(k, '.');
		entry(k, "");
		entry(k, "=");
		entry(leaf ? leaf + 1 : k, ": ");
	}
	free(keys);
	return 0;
}
