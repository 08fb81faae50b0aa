/* check_disp.c - unit tests of model/disp.c (SPEC D1-D3). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/disp.h"

#include "checkrun.h"

#define MAXU UINT64_MAX

struct row {
	enum disp_policy pol;
	uint64_t now;
	bool rt, irq, gp;
	enum disp_who who;
	uint64_t until;
};

/* F = 1000 cycles, S = 300: RT slice [k*1000, k*1000+300), GP slice
 * [k*1000+300, (k+1)*1000). */
static const struct row rows[] = {
	/* priority: RT whenever it has work, whatever the time */
	{DISP_PRIORITY, 0, 0, 0, 0, WHO_IDLE, MAXU},
	{DISP_PRIORITY, 0, 0, 0, 1, WHO_GP, MAXU},
	{DISP_PRIORITY, 0, 1, 0, 0, WHO_RT, MAXU},
	{DISP_PRIORITY, 0, 1, 0, 1, WHO_RT, MAXU},
	{DISP_PRIORITY, 500, 1, 1, 1, WHO_RT, MAXU},      /* in what would be GP's slice */
	{DISP_PRIORITY, 777, 0, 1, 1, WHO_GP, MAXU},      /* irq flag alone is not work */
	/* tdma, RT slice */
	{DISP_TDMA, 0, 1, 0, 1, WHO_RT, 300},
	{DISP_TDMA, 299, 1, 0, 1, WHO_RT, 300},
	{DISP_TDMA, 0, 0, 0, 1, WHO_IDLE, 300},            /* GP does not borrow the slice */
	{DISP_TDMA, 100, 0, 0, 0, WHO_IDLE, 300},
	{DISP_TDMA, 5000, 1, 1, 0, WHO_RT, 5300},
	/* tdma, GP slice */
	{DISP_TDMA, 300, 1, 0, 1, WHO_GP, 1000},
	{DISP_TDMA, 999, 1, 1, 1, WHO_GP, 1000},           /* RT's interrupt waits (D3) */
	{DISP_TDMA, 300, 1, 1, 0, WHO_IDLE, 1000},         /* ... even with GP idle */
	{DISP_TDMA, 1000, 1, 1, 1, WHO_RT, 1300},          /* next frame */
	{DISP_TDMA, 1300, 0, 0, 1, WHO_GP, 2000},
	/* tdma-preempt */
	{DISP_TDMA_PREEMPT, 300, 1, 1, 1, WHO_RT, 1000},   /* interrupt preempts GP */
	{DISP_TDMA_PREEMPT, 650, 1, 1, 0, WHO_RT, 1000},
	{DISP_TDMA_PREEMPT, 650, 1, 0, 1, WHO_GP, 1000},   /* thread work waits */
	{DISP_TDMA_PREEMPT, 650, 1, 0, 0, WHO_IDLE, 1000},
	{DISP_TDMA_PREEMPT, 650, 0, 1, 1, WHO_GP, 1000},   /* irq flag without work */
	{DISP_TDMA_PREEMPT, 2100, 0, 0, 1, WHO_IDLE, 2300},/* RT slice stays RT's */
	{DISP_TDMA_PREEMPT, 2100, 1, 0, 1, WHO_RT, 2300},
};

/* tdma-preempt's budget (frame 1000, RT slice 300): in GP's slice RT's
 * interrupt work runs while budget is left, until the budget or the slice
 * ends, whichever is first; none left: GP's. */
START_TEST(t_preempt_budget)
{
	struct disp_cfg c = {DISP_TDMA_PREEMPT, 1000, 300, 2000, 0};
	struct disp_choice d = disp_decide(&c, 400, true, true, true, 250);
	ck_assert_int_eq(d.who, WHO_RT);
	ck_assert_uint_eq(d.until, 650);              /* 400 + 250 */
	d = disp_decide(&c, 900, true, true, true, 250);
	ck_assert_uint_eq(d.until, 1000);             /* the slice ends first */
	d = disp_decide(&c, 400, true, true, true, 1);
	ck_assert_int_eq(d.who, WHO_RT);              /* one cycle left is still budget */
	ck_assert_uint_eq(d.until, 401);
	d = disp_decide(&c, 650, true, true, true, 0);
	ck_assert_int_eq(d.who, WHO_GP);              /* spent: GP's slice again */
	ck_assert_uint_eq(d.until, 1000);
	d = disp_decide(&c, 650, true, true, false, 0);
	ck_assert_int_eq(d.who, WHO_IDLE);            /* ... even with GP idle */
}
END_TEST

START_TEST(t_decide)
{
	const struct row *r = &rows[_i];
	struct disp_cfg c = {r->pol, 1000, 300, 2000, 0};
	ck_assert_ptr_null(disp_check(&c));
	struct disp_choice d = disp_decide(&c, r->now, r->rt, r->irq, r->gp, UINT64_MAX);
	ck_assert_msg(d.who == r->who, "row %d: who %s", _i, disp_who_name(d.who));
	ck_assert_msg(d.until == r->until, "row %d: until %llu", _i, (unsigned long long)d.until);
}
END_TEST

/* Walk a long busy run hopping from one `until` to the next: with both
 * OSes always busy each gets exactly its share, S/F and (F-S)/F. */
START_TEST(t_walk_shares)
{
	static const struct { uint64_t f, s, frames; } tab[] = {
		{7, 3, 1000}, {1000, 1, 500}, {1000, 999, 500}, {3000000, 1500000, 100},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		for (int pol = DISP_TDMA; pol <= DISP_TDMA_PREEMPT; pol++) {
			struct disp_cfg c = {(enum disp_policy)pol, tab[i].f, tab[i].s, 0, 0};
			uint64_t t = 0, end = tab[i].f * tab[i].frames, rt = 0, gp = 0, hops = 0;
			while (t < end) {
				struct disp_choice d = disp_decide(&c, t, true, false, true, UINT64_MAX);
				ck_assert(d.until > t);
				if (d.who == WHO_RT)
					rt += d.until - t;
				else if (d.who == WHO_GP)
					gp += d.until - t;
				t = d.until;
				hops++;
			}
			ck_assert_uint_eq(t, end);
			ck_assert_uint_eq(rt, tab[i].s * tab[i].frames);
			ck_assert_uint_eq(gp, (tab[i].f - tab[i].s) * tab[i].frames);
			ck_assert_uint_eq(hops, 2 * tab[i].frames);
		}
	}
}
END_TEST

START_TEST(t_until_saturates)
{
	/* UINT64_MAX % 10 = 5: GP slice of the last frame, whose end is past
	 * the last representable cycle. */
	struct disp_cfg c = {DISP_TDMA, 10, 3, 0, 0};
	struct disp_choice d = disp_decide(&c, UINT64_MAX, false, false, true, UINT64_MAX);
	ck_assert_int_eq(d.who, WHO_GP);
	ck_assert_uint_eq(d.until, UINT64_MAX);
	d = disp_decide(&c, UINT64_MAX - 5, true, false, true, UINT64_MAX);   /* a frame start */
	ck_assert_int_eq(d.who, WHO_RT);
	ck_assert_uint_eq(d.until, UINT64_MAX - 2);
}
END_TEST

START_TEST(t_check)
{
	static const struct { struct disp_cfg c; const char *needle; } tab[] = {
		{{DISP_PRIORITY, 0, 0, 0, 0}, NULL},           /* tdma fields unused */
		{{DISP_SPLIT, 0, 0, 0, 0}, NULL},              /* two processors: no slices */
		{{(enum disp_policy)DISP__COUNT, 0, 0, 0, 0}, "split"},
		{{DISP_PRIORITY, 10, 20, 0, 0}, NULL},
		{{DISP_TDMA, 1000, 300, 0, 0}, NULL},
		{{DISP_TDMA, 2, 1, 0, 0}, NULL},               /* smallest valid */
		{{DISP_TDMA, 0, 0, 0, 0}, "tdma_frame"},
		{{DISP_TDMA, 0, 5, 0, 0}, "tdma_frame"},
		{{DISP_TDMA, 1000, 0, 0, 0}, "tdma_rt_slice"},
		{{DISP_TDMA, 1000, 1000, 0, 0}, "shorter"},    /* slice == frame */
		{{DISP_TDMA, 1000, 1001, 0, 0}, "shorter"},
		{{DISP_TDMA_PREEMPT, 1, 1, 0, 0}, "shorter"},
		{{DISP_TDMA_PREEMPT, 1000, 0, 0, 0}, "tdma_rt_slice"},
		{{(enum disp_policy)7, 1000, 300, 0, 0}, "policy"},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		const char *m = disp_check(&tab[i].c);
		if (tab[i].needle == NULL)
			ck_assert_msg(m == NULL, "row %zu: %s", i, m);
		else
			ck_assert_msg(m != NULL && strstr(m, tab[i].needle), "row %zu: %s", i, m ? m : "NULL");
	}
}
END_TEST

START_TEST(t_names)
{
	static const char *const pol[] = {"priority", "tdma", "tdma-preempt", "split"};
	static const char *const who[] = {"idle", "rt", "gp", "switch"};
	static const char *const why[] = {"start", "rt-work", "rt-done", "gp-done", "gp-work",
		"slice-rt", "slice-gp", "switch-done", "end"};
	for (int i = 0; i < 4; i++) {
		ck_assert_str_eq(disp_policy_name((enum disp_policy)i), pol[i]);
		ck_assert_int_eq(disp_policy_parse(pol[i]), i);
	}
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(disp_who_name((enum disp_who)i), who[i]);
	ck_assert_int_eq(WHY_END + 1, 9);
	for (int i = 0; i < 9; i++)
		ck_assert_str_eq(disp_why_name((enum disp_why)i), why[i]);
	static const char *const badp[] = {"", "Priority", "tdma ", "tdma_preempt", "strict", "rr"};
	for (size_t i = 0; i < sizeof(badp) / sizeof(badp[0]); i++)
		ck_assert_int_eq(disp_policy_parse(badp[i]), -1);
	ck_assert_str_eq(disp_policy_name((enum disp_policy)4), "?");
	ck_assert_str_eq(disp_who_name((enum disp_who)4), "?");
	ck_assert_str_eq(disp_why_name((enum disp_why)9), "?");
}
END_TEST

static Suite *disp_suite(void)
{
	Suite *s = suite_create("disp");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_preempt_budget);
	tcase_add_loop_test(tc, t_decide, 0, (int)(sizeof(rows) / sizeof(rows[0])));
	tcase_add_test(tc, t_walk_shares);
	tcase_add_test(tc, t_until_saturates);
	tcase_add_test(tc, t_check);
	tcase_add_test(tc, t_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(disp_suite());
}
