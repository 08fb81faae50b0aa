/* check_ports.c - unit tests of model/ports.c (SPEC P1-P2, claim 14). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/ports.h"

#include "checkrun.h"

enum op { OP_BIND, OP_UNBIND, OP_RELINQUISH, OP_CLAIM };

static enum ports_err do_op(struct ports *p, enum op op, uint16_t port)
{
	switch (op) {
	case OP_BIND: return ports_gp_bind(p, port);
	case OP_UNBIND: return ports_gp_unbind(p, port);
	case OP_RELINQUISH: return ports_relinquish(p, port);
	case OP_CLAIM: return ports_claim(p, port);
	}
	return PORTS_OK;
}

/* Put `port` in state `s` through the public operations. */
static void put(struct ports *p, uint16_t port, enum ports_state s)
{
	if (s == PORT_RT)
		ck_assert_int_eq(ports_claim(p, port), PORTS_OK);
	else if (s == PORT_GP)
		ck_assert_int_eq(ports_gp_bind(p, port), PORTS_OK);
}

/* Every (state, operation) pair: the result and the state after. */
static const struct {
	enum ports_state from; enum op op; enum ports_err err; enum ports_state to;
} trans[] = {
	{PORT_FREE, OP_BIND, PORTS_OK, PORT_GP},
	{PORT_FREE, OP_UNBIND, PORTS_E_NOT_GP, PORT_FREE},
	{PORT_FREE, OP_RELINQUISH, PORTS_E_NOT_RT, PORT_FREE},
	{PORT_FREE, OP_CLAIM, PORTS_OK, PORT_RT},
	{PORT_RT, OP_BIND, PORTS_E_RT_OWNS, PORT_RT},          /* the dummy socket */
	{PORT_RT, OP_UNBIND, PORTS_E_NOT_GP, PORT_RT},         /* dummy stays */
	{PORT_RT, OP_RELINQUISH, PORTS_OK, PORT_FREE},
	{PORT_RT, OP_CLAIM, PORTS_E_ALREADY_RT, PORT_RT},
	{PORT_GP, OP_BIND, PORTS_E_ALREADY_GP, PORT_GP},
	{PORT_GP, OP_UNBIND, PORTS_OK, PORT_FREE},
	{PORT_GP, OP_RELINQUISH, PORTS_E_NOT_RT, PORT_GP},
	{PORT_GP, OP_CLAIM, PORTS_E_GP_IN_USE, PORT_GP},       /* P2: refused */
};
#define NTRANS (sizeof(trans) / sizeof(trans[0]))

START_TEST(t_transitions)
{
	static const uint16_t where[] = {1, 5004, 65535};
	for (size_t w = 0; w < 3; w++) {
		struct ports *p = ports_create();
		uint16_t port = where[w];
		put(p, port, trans[_i].from);
		ck_assert_int_eq(do_op(p, trans[_i].op, port), trans[_i].err);
		ck_assert_int_eq(ports_state(p, port), trans[_i].to);
		ck_assert(ports_is_rt(p, port) == (trans[_i].to == PORT_RT));
		ck_assert_uint_eq(ports_rt_count(p), trans[_i].to == PORT_RT);
		ck_assert_uint_eq(ports_gp_count(p), trans[_i].to == PORT_GP);
		/* neighbours untouched */
		ck_assert_int_eq(ports_state(p, (uint16_t)(port - 1)), PORT_FREE);
		ck_assert_int_eq(ports_state(p, (uint16_t)(port + 1)), PORT_FREE);
		ck_assert(ports_check(p));
		ports_destroy(p);
	}
}
END_TEST

START_TEST(t_port_zero)
{
	struct ports *p = ports_create();
	for (int op = OP_BIND; op <= OP_CLAIM; op++)
		ck_assert_int_eq(do_op(p, (enum op)op, 0), PORTS_E_ZERO);
	ck_assert_int_eq(ports_state(p, 0), PORT_FREE);
	ck_assert(!ports_is_rt(p, 0));
	ck_assert(ports_check(p));
	ports_destroy(p);
}
END_TEST

START_TEST(t_boot)
{
	static const struct {
		uint16_t list[5]; size_t n; uint16_t pre_gp; enum ports_err err; uint16_t bad;
		size_t nrt;
	} tab[] = {
		{{5004, 5006, 7000}, 3, 0, PORTS_OK, 0, 3},
		{{0}, 0, 0, PORTS_OK, 0, 0},                          /* empty list */
		{{65535, 1}, 2, 0, PORTS_OK, 0, 2},                   /* both ends */
		{{5004, 5006, 5004}, 3, 0, PORTS_E_ALREADY_RT, 5004, 0}, /* duplicate */
		{{5004, 0, 5006}, 3, 0, PORTS_E_ZERO, 0, 0},
		{{5004, 5006, 9}, 3, 5006, PORTS_E_GP_IN_USE, 5006, 0},  /* GP bound it first */
		{{7, 8, 9, 10, 7}, 5, 0, PORTS_E_ALREADY_RT, 7, 0},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct ports *p = ports_create();
		if (tab[i].pre_gp)
			ck_assert_int_eq(ports_gp_bind(p, tab[i].pre_gp), PORTS_OK);
		uint16_t bad = 12345;
		enum ports_err e = ports_boot(p, tab[i].list, tab[i].n, &bad);
		ck_assert_msg(e == tab[i].err, "row %zu: %s", i, ports_strerror(e));
		ck_assert_uint_eq(ports_rt_count(p), tab[i].nrt);
		if (e == PORTS_OK) {
			ck_assert_uint_eq(bad, 12345);
			for (size_t k = 0; k < tab[i].n; k++)
				ck_assert(ports_is_rt(p, tab[i].list[k]));
		} else {
			ck_assert_uint_eq(bad, tab[i].bad);
			/* nothing changed: no port became RT, GP's binding kept */
			for (size_t k = 0; k < tab[i].n; k++)
				ck_assert(!ports_is_rt(p, tab[i].list[k]));
			if (tab[i].pre_gp)
				ck_assert_int_eq(ports_state(p, tab[i].pre_gp), PORT_GP);
		}
		ck_assert(ports_check(p));
		ports_destroy(p);
	}
}
END_TEST

/* A failed second boot leaves the first one's ports alone. */
START_TEST(t_boot_twice)
{
	struct ports *p = ports_create();
	static const uint16_t a[] = {100, 200}, b[] = {300, 200};
	uint16_t bad = 0;
	ck_assert_int_eq(ports_boot(p, a, 2, &bad), PORTS_OK);
	ck_assert_int_eq(ports_boot(p, b, 2, &bad), PORTS_E_ALREADY_RT);
	ck_assert_uint_eq(bad, 200);
	ck_assert(ports_is_rt(p, 100) && ports_is_rt(p, 200) && !ports_is_rt(p, 300));
	ck_assert_uint_eq(ports_rt_count(p), 2);
	ck_assert_int_eq(ports_boot(p, b, 2, NULL), PORTS_E_ALREADY_RT); /* bad may be NULL */
	ck_assert(ports_check(p));
	ports_destroy(p);
}
END_TEST

/* Every port to RT at once, then back. */
START_TEST(t_boot_all)
{
	struct ports *p = ports_create();
	uint16_t *list = malloc(65535 * sizeof(uint16_t));
	for (uint32_t i = 0; i < 65535; i++)
		list[i] = (uint16_t)(65535 - i);
	ck_assert_int_eq(ports_boot(p, list, 65535, NULL), PORTS_OK);
	ck_assert_uint_eq(ports_rt_count(p), 65535);
	ck_assert_int_eq(ports_gp_bind(p, 80), PORTS_E_RT_OWNS);
	for (uint32_t i = 1; i < 65536; i++)
		if (ports_relinquish(p, (uint16_t)i) != PORTS_OK)
			ck_abort_msg("relinquish %u", i);
	ck_assert_uint_eq(ports_rt_count(p), 0);
	ck_assert(ports_check(p));
	free(list);
	ports_destroy(p);
}
END_TEST

/* Random operations against a shadow model; the sets stay disjoint and the
 * counts right after every step (claim 14). */
START_TEST(t_random)
{
	struct ports *p = ports_create();
	static uint8_t shadow[65536];
	memset(shadow, 0, sizeof(shadow));
	uint64_t seed = 7;
	for (int step = 0; step < 200000; step++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint16_t port = (uint16_t)((seed >> 20) % 64);   /* few ports: many collisions */
		enum op op = (enum op)((seed >> 40) % 4);
		enum ports_state s = (enum ports_state)shadow[port];
		enum ports_err want = PORTS_OK;
		enum ports_state to = s;
		if (port == 0) {
			want = PORTS_E_ZERO;
		} else {
			for (size_t k = 0; k < NTRANS; k++)
				if (trans[k].from == s && trans[k].op == op) {
					want = trans[k].err;
					to = trans[k].to;
				}
		}
		enum ports_err got = do_op(p, op, port);
		shadow[port] = (uint8_t)to;
		if (got != want || ports_state(p, port) != to)
			ck_abort_msg("step %d: op %d on port %u: %s", step, op, port, ports_strerror(got));
		if (step % 5000 == 0)
			ck_assert(ports_check(p));
	}
	size_t nrt = 0, ngp = 0;
	for (uint32_t i = 0; i < 65536; i++) {
		nrt += shadow[i] == PORT_RT;
		ngp += shadow[i] == PORT_GP;
	}
	ck_assert_uint_eq(ports_rt_count(p), nrt);
	ck_assert_uint_eq(ports_gp_count(p), ngp);
	ck_assert(ports_check(p));
	ports_destroy(p);
}
END_TEST

/* ports_check must notice a corrupted table (negative test of the checker). */
START_TEST(t_check_detects)
{
	struct ports *p = ports_create();
	ck_assert_int_eq(ports_claim(p, 10), PORTS_OK);
	ck_assert(ports_check(p));
	p->state[11] = PORT_RT;       /* count not updated */
	ck_assert(!ports_check(p));
	p->state[11] = PORT_FREE;
	p->state[12] = 7;             /* no such state */
	ck_assert(!ports_check(p));
	p->state[12] = PORT_FREE;
	p->state[0] = PORT_GP;
	p->ngp = 1;
	ck_assert(!ports_check(p));   /* port 0 must stay free */
	p->ngp = 0;                   /* ... even with the counts of ports 1..65535 right */
	ck_assert(!ports_check(p));
	p->state[0] = PORT_RT;        /* port 0 taken by RT: as wrong */
	p->nrt = 2;
	ck_assert(!ports_check(p));
	p->nrt = 1;
	ck_assert(!ports_check(p));
	p->state[0] = PORT_FREE;
	ck_assert(ports_check(p));
	p->state[11] = PORT_GP;       /* GP's count not updated, RT's right */
	ck_assert(!ports_check(p));
	p->ngp = 1;
	ck_assert(ports_check(p));
	p->ngp = 2;                   /* GP's count too high */
	ck_assert(!ports_check(p));
	p->ngp = 1;
	ports_destroy(p);
}
END_TEST

START_TEST(t_strerror)
{
	static const enum ports_err all[] = {PORTS_OK, PORTS_E_RT_OWNS, PORTS_E_GP_IN_USE,
		PORTS_E_ALREADY_RT, PORTS_E_NOT_RT, PORTS_E_NOT_GP, PORTS_E_ZERO, PORTS_E_ALREADY_GP};
	size_t n = sizeof(all) / sizeof(all[0]);
	for (size_t i = 0; i < n; i++) {
		const char *s = ports_strerror(all[i]);
		ck_assert(s != NULL && strlen(s) > 5);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(s, ports_strerror(all[j]));
	}
	ck_assert_ptr_nonnull(strstr(ports_strerror(PORTS_E_GP_IN_USE), "GP application"));
	ck_assert_str_eq(ports_strerror((enum ports_err)99), "unknown port error");
	ck_assert_str_eq(ports_state_name(PORT_FREE), "free");
	ck_assert_str_eq(ports_state_name(PORT_RT), "rt");
	ck_assert_str_eq(ports_state_name(PORT_GP), "gp");
}
END_TEST

static Suite *ports_suite(void)
{
	Suite *s = suite_create("ports");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, t_transitions, 0, NTRANS);
	tcase_add_test(tc, t_port_zero);
	tcase_add_test(tc, t_boot);
	tcase_add_test(tc, t_boot_twice);
	tcase_add_test(tc, t_boot_all);
	tcase_add_test(tc, t_random);
	tcase_add_test(tc, t_check_detects);
	tcase_add_test(tc, t_strerror);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ports_suite());
}
