/* checkrun.h - the one way the Check programs in tests/ run their suite.
 *
 * Every check_NAME program ends in check_run(its_suite): the suite runs in
 * Check's default fork mode (CK_FORK unless the environment says
 * otherwise), its report goes to stdout at CK_NORMAL, and the program
 * exits EXIT_FAILURE if any test failed, which `make check` counts. */
#ifndef NICSHARE_TESTS_CHECKRUN_H
#define NICSHARE_TESTS_CHECKRUN_H

#include <check.h>
#include <stdlib.h>

static inline int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
