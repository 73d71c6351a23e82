/*
 * test_compare.c: cmocka unit tests of src/core/compare.c (equality, order
 * and hashes of stored mastery values, scales and graphs).
 *
 * Expected orders come from naive comparators written here over the decoded
 * content (field by field), independent of the streaming code under test.
 *
 * Build and run: make test/run_compare && ./test/run_compare
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "mcommon.h"
#include "evidence.h"
#include "scale.h"
#include "graph.h"
#include "compare.h"

static uint64_t rng_state = UINT64_C(0x2545F4914F6CDD1D);

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static int
sgn(int c)
{
	return (c > 0) - (c < 0);
}

/* ------------------------------------------------------------------ mastery */

/* a random sorted item list drawn from a small pool, so that equal lists occur */
static size_t
random_items(MasItem *items, size_t cap)
{
	size_t		n = rnd() % (cap + 1),
				i;
	static const double scores[] = {0, 1, 2, 2.5, 3, 0.29, 1e-3, 300.75};

	for (i = 0; i < n; i++)
	{
		memset(&items[i], 0, sizeof(MasItem));
		items[i].at_null = rnd() % 8 == 0;
		items[i].at = items[i].at_null ? 0 : (int64_t) (rnd() % 4) * 86400000000LL + (int64_t) (rnd() % 3) * 1000;
		items[i].seq_null = rnd() % 3 != 0;
		items[i].seq = items[i].seq_null ? 0 : (int64_t) (rnd() % 3) - 1;
		items[i].score = scores[rnd() % 8];
		if (rnd() % 16 == 0)
			items[i].score = -0.0;
	}
	mas_sort(items, n);
	return n;
}

static uint8_t *
encode(const MasItem *items, size_t n, size_t *len)
{
	uint8_t    *buf = malloc(mas_encoded_size(items, n) + 1);

	*len = mas_encode(items, n, buf);
	return buf;
}

/*
 * The same items in the widest coding: float8 scores and microsecond times
 * (a stored form other than the canonical one, as an older encoder or another
 * path could have written).
 */
static uint8_t *
encode_wide(const MasItem *items, size_t n, size_t *len)
{
	MasPlan		p;
	size_t		i,
				size;
	uint8_t    *buf;

	mas_plan(items, n, &p);
	p.score_mode = 3;			/* float8 */
	p.unit_code = 0;			/* microseconds */
	p.time_len = 0;
	for (i = p.nnull_at; i < n; i++)
		p.time_len += mc_varint_size(i == p.nnull_at ? mc_zigzag(items[i].at)
									 : (uint64_t) (items[i].at - items[i - 1].at));
	size = MAS_HEADER_SIZE + p.time_len + 8 * n + p.seq_len;
	buf = malloc(size + 1);
	*len = mas_encode_planned(items, n, &p, buf);
	assert_int_equal(*len, size);
	return buf;
}

static int
naive_item_cmp(const MasItem *a, const MasItem *b)
{
	if (a->at_null != b->at_null)
		return a->at_null ? -1 : 1;
	if (!a->at_null && a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->seq_null != b->seq_null)
		return a->seq_null ? -1 : 1;
	if (!a->seq_null && a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	if (a->score < b->score)
		return -1;
	if (a->score > b->score)
		return 1;
	/* equal numbers: -0 sorts before 0 */
	return (int) (signbit(b->score) != 0) - (int) (signbit(a->score) != 0);
}

static int
naive_cmp(const MasItem *a, size_t na, const MasItem *b, size_t nb)
{
	size_t		i;

	for (i = 0; i < na && i < nb; i++)
	{
		int			c = naive_item_cmp(&a[i], &b[i]);

		if (c)
			return c;
	}
	return (na > nb) - (na < nb);
}

static void
test_mastery_order_matches_naive(void **state)
{
	MasItem		a[6],
				b[6];
	int			round,
				equal = 0;

	for (round = 0; round < 20000; round++)
	{
		size_t		na = random_items(a, round % 2 ? 2 : 5),
					nb = random_items(b, round % 2 ? 2 : 5),
					la,
					lb,
					lw;
		uint8_t    *ea = encode(a, na, &la),
				   *eb = encode(b, nb, &lb),
				   *wb = encode_wide(b, nb, &lw);
		int			c,
					cw,
					back;
		bool		eq;
		uint64_t	ha,
					hb,
					hw;
		MasErr		err;
		int			expect = naive_cmp(a, na, b, nb);

		assert_int_equal(mas_value_cmp(ea, la, eb, lb, &c, &err), MAS_OK);
		assert_int_equal(mas_value_cmp(ea, la, wb, lw, &cw, &err), MAS_OK);
		assert_int_equal(mas_value_cmp(eb, lb, ea, la, &back, &err), MAS_OK);
		assert_int_equal(sgn(c), expect);
		assert_int_equal(sgn(cw), expect);
		assert_int_equal(sgn(back), -expect);
		assert_int_equal(mas_value_eq(ea, la, wb, lw, &eq, &err), MAS_OK);
		assert_int_equal(eq, expect == 0);
		assert_int_equal(mas_value_hash(eb, lb, 0, &hb, &err), MAS_OK);
		assert_int_equal(mas_value_hash(wb, lw, 0, &hw, &err), MAS_OK);
		assert_true(hb == hw);	/* same evidence, other stored form: same hash */
		if (expect == 0)
		{
			equal++;
			assert_int_equal(mas_value_hash(ea, la, 0, &ha, &err), MAS_OK);
			assert_true(ha == hb);
		}
		free(ea);
		free(eb);
		free(wb);
	}
	assert_true(equal > 100);	/* the pool is small enough to make equal pairs */
}

static void
test_mastery_wide_form_differs_in_bytes(void **state)
{
	/* {2.5@day0, 3@day1}: hundredths and whole days canonically */
	MasItem		it[2] = {{0, 2.5, 0, 0, 1}, {86400000000LL, 3, 0, 0, 1}};
	size_t		l1,
				l2;
	uint8_t    *e1 = encode(it, 2, &l1),
			   *e2 = encode_wide(it, 2, &l2);
	bool		eq;
	MasErr		err;
	uint64_t	h1,
				h2;

	assert_true(l1 != l2);
	assert_int_equal(mas_value_eq(e1, l1, e2, l2, &eq, &err), MAS_OK);
	assert_true(eq);
	assert_int_equal(mas_value_hash(e1, l1, 7, &h1, &err), MAS_OK);
	assert_int_equal(mas_value_hash(e2, l2, 7, &h2, &err), MAS_OK);
	assert_true(h1 == h2);
	/* another seed gives another hash */
	assert_int_equal(mas_value_hash(e1, l1, 8, &h2, &err), MAS_OK);
	assert_true(h1 != h2);
	free(e1);
	free(e2);
}

static void
test_mastery_negative_zero_is_distinct(void **state)
{
	MasItem		z = {0, 0.0, 0, 1, 1},
				nz = {0, -0.0, 0, 1, 1};
	size_t		l1,
				l2;
	uint8_t    *e1 = encode(&z, 1, &l1),
			   *e2 = encode(&nz, 1, &l2);
	int			c;
	bool		eq;
	MasErr		err;

	/* {-0} prints as {-0}, {0} as {0}: different values, -0 first */
	assert_int_equal(mas_value_cmp(e2, l2, e1, l1, &c, &err), MAS_OK);
	assert_true(c < 0);
	assert_int_equal(mas_value_eq(e1, l1, e2, l2, &eq, &err), MAS_OK);
	assert_false(eq);
	free(e1);
	free(e2);
}

static void
test_mastery_corrupt_is_reported(void **state)
{
	MasItem		it = {5, 1, 0, 0, 1};
	size_t		l;
	uint8_t    *e = encode(&it, 1, &l);
	int			c;
	bool		eq;
	uint64_t	h;
	MasErr		err;

	assert_int_equal(mas_value_cmp(e, l, e, 3, &c, &err), MAS_ERR_CORRUPT);
	assert_int_equal(mas_value_eq(e, 3, e, 3, &eq, &err), MAS_ERR_CORRUPT);
	assert_int_equal(mas_value_hash(e, 3, 0, &h, &err), MAS_ERR_CORRUPT);
	e[0] = 99;					/* unknown format version */
	assert_int_equal(mas_value_eq(e, l, e, l, &eq, &err), MAS_ERR_CORRUPT);
	free(e);
}

/* ------------------------------------------------------------------ scales */

static void
parse_scale(const char *text, MasScaleDef *def, char *scratch)
{
	MasErr		err;

	strcpy(scratch, text);
	assert_int_equal(ms_parse(scratch, def, &err), MAS_OK);
}

static void
test_scale_order_and_hash(void **state)
{
	/* expected ascending order, worked out from the rule in compare.h */
	static const char *sorted[] = {
		"*a:-0",				/* -0 before 0 */
		"*a:0",
		"*a:0, b:1",			/* prefix of the next one's levels: first */
		"a:0, *b:1",			/* same levels, later mastered level */
		"a:0, *b:1, c:2",
		"a:0, *bb:1",			/* label b < bb */
		"*b:0",					/* label a < b at the same minimum */
		"*a:1"					/* minimum 0 < 1 */
	};
	int			n = (int) (sizeof(sorted) / sizeof(sorted[0])),
				i,
				j;
	char		s1[64],
				s2[64];
	MasScaleDef d1,
				d2;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			parse_scale(sorted[i], &d1, s1);
			parse_scale(sorted[j], &d2, s2);
			assert_int_equal(sgn(ms_def_cmp(&d1, &d2)), (i > j) - (i < j));
			if (i == j)
				assert_true(ms_def_hash(&d1, 3) == ms_def_hash(&d2, 3));
			else
				assert_true(ms_def_hash(&d1, 0) != ms_def_hash(&d2, 0));
		}
	/* levels written in another order and spacing are the same scale */
	parse_scale("c:2,*bb:1,a:0", &d1, s1);
	parse_scale("a:0, *bb:1, c:2", &d2, s2);
	assert_int_equal(ms_def_cmp(&d1, &d2), 0);
	assert_true(ms_def_hash(&d1, 0) == ms_def_hash(&d2, 0));
}

/* ------------------------------------------------------------------ graphs */

static unsigned char *
graph_bytes(const char *text, size_t *len)
{
	MgBuilder  *b = mg_builder_new();
	MgGraph    *g;
	MasErr perr;
	unsigned char *buf;

	assert_int_equal(mg_parse(text, strlen(text), b, &perr), MG_OK);
	assert_int_equal(mg_builder_finish(b, &g), MG_OK);
	*len = mg_graph_encoded_size(g);
	buf = malloc(*len);
	mg_graph_encode(g, buf);
	mg_graph_free(g);
	mg_builder_free(b);
	return buf;
}

static void
test_graph_order_and_hash(void **state)
{
	/* ascending: names first (a prefix of the node list first), then edges */
	static const char *sorted[] = {
		"{}",
		"{a}",
		"{a, b}",				/* nodes a,b: no edge first */
		"{a->b}",				/* (a,b) */
		"{a->b, b->a}",			/* (a,b) then (b,a): a prefix of nothing shorter */
		"{b->a}",				/* (b,a) > (a,b) */
		"{a, b, c}",			/* node list a,b is a prefix of a,b,c */
		"{a, bb}",
		"{b}"
	};
	int			n = (int) (sizeof(sorted) / sizeof(sorted[0])),
				i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			size_t		l1,
						l2;
			unsigned char *g1 = graph_bytes(sorted[i], &l1),
					   *g2 = graph_bytes(sorted[j], &l2);
			int			c;
			MasErr		why;

			assert_int_equal(mg_stored_cmp(g1, l1, g2, l2, &c, &why), 0);
			assert_int_equal(sgn(c), (i > j) - (i < j));
			assert_int_equal(mg_stored_hash(g1, l1, 0) == mg_stored_hash(g2, l2, 0), i == j);
			free(g1);
			free(g2);
		}
}

static void
test_graph_same_content_same_bytes(void **state)
{
	size_t		l1,
				l2;
	unsigned char *g1 = graph_bytes("{c, b->c, a->c, a->b, a->c}", &l1),
			   *g2 = graph_bytes("{a->b,a->c,b->c}", &l2);
	int			c;
	MasErr		why;

	assert_int_equal(l1, l2);
	assert_memory_equal(g1, g2, l1);
	assert_int_equal(mg_stored_cmp(g1, l1, g2, l2, &c, &why), 0);
	assert_int_equal(c, 0);
	/* a truncated value is reported, not read past its end */
	assert_int_equal(mg_stored_cmp(g1, l1 - 1, g2, l2, &c, &why), -3);
	assert_int_equal(why.code, MAS_ERR_CORRUPT);
	assert_non_null(why.msg);
	assert_string_equal(why.detail, "Stored graph is corrupt: the size does not match the node and edge counts.");
	free(g1);
	free(g2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mastery_order_matches_naive),
		cmocka_unit_test(test_mastery_wide_form_differs_in_bytes),
		cmocka_unit_test(test_mastery_negative_zero_is_distinct),
		cmocka_unit_test(test_mastery_corrupt_is_reported),
		cmocka_unit_test(test_scale_order_and_hash),
		cmocka_unit_test(test_graph_order_and_hash),
		cmocka_unit_test(test_graph_same_content_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
