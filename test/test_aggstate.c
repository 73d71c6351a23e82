/*
 * Unit tests of the mastery_agg state machine (src/core/aggstate.c): every
 * conversion between the compact, narrow and wide forms, the form each kind
 * of item needs, the order flag on every append path, combining sorted
 * states and the serialized form's round trip.  The oracle is the list of
 * items as given, sorted with qsort and mas_item_cmp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aggstate.h"

#define SEC MAS_USECS_PER_SEC

static MasItem
item(int64_t at, double score)
{
	MasItem		it;

	memset(&it, 0, sizeof(it));
	it.at = at;
	it.score = score;
	it.seq_null = 1;
	return it;
}

static MasAggState *
new_state(uint32_t need, int mode)
{
	uint32_t	cap = mas_agg_capacity(need, mode);
	MasAggState *st = malloc(mas_agg_size(cap, mode));

	assert_non_null(st);
	mas_agg_init(st, cap, mode);
	return st;
}

/* What mastery_agg's transition does with one item (memory by realloc). */
static MasAggState *
add(MasAggState *st, const MasItem *it)
{
	int32_t		dt = 0;

	if (st == NULL)
	{
		st = new_state(1, it->at_null || !it->seq_null ? MAS_AGG_WIDE :
					   mas_agg_compact_fits(it->at, it, &dt) ? MAS_AGG_COMPACT : MAS_AGG_NARROW);
		st->base = it->at;
	}
	else
	{
		int			mode = mas_agg_mode_for(st, it, &dt);

		if (mode != st->mode)
		{
			uint32_t	cap = mas_agg_capacity(st->n > 0 ? st->n : 1, mode);

			st = realloc(st, mas_agg_size(cap, mode));
			mas_agg_convert(st, mode, cap);
		}
		if (st->n == st->cap)
		{
			uint32_t	cap = mas_agg_capacity(st->n + 1, st->mode);

			st = realloc(st, mas_agg_size(cap, st->mode));
			st->cap = cap;
		}
	}
	mas_agg_push(st, it, dt);
	return st;
}

static int
cmp_items(const void *a, const void *b)
{
	return mas_item_cmp(a, b);
}

static void
assert_items_equal(const MasItem *a, const MasItem *b, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		assert_int_equal(mas_item_cmp(&a[i], &b[i]), 0);
}

/* The form each kind of item needs. */
static void
test_mode_for(void **state)
{
	MasAggState *st = new_state(4, MAS_AGG_COMPACT);
	MasItem		it;
	int32_t		dt = 99;

	st->base = 1000 * SEC;
	it = item(1003 * SEC, 2.5);
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_COMPACT);
	assert_int_equal(dt, 3);
	it = item(997 * SEC, 2.5);	/* before the base: a negative offset */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_COMPACT);
	assert_int_equal(dt, -3);
	it = item(1003 * SEC + 1, 2.5); /* not a whole second */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_NARROW);
	it = item(1003 * SEC, 0.1);	/* 0.1 is not exact as a float */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_NARROW);
	it = item(1000 * SEC + (INT64_C(1) << 31) * SEC, 1);	/* 2^31 s later */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_NARROW);
	it = item(1000 * SEC + (INT64_C(1) << 31) * SEC - SEC, 1);	/* 2^31 - 1 s */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_COMPACT);
	it = item(INT64_MIN + 5, 1); /* the difference overflows int64 */
	st->base = INT64_MAX - 5;
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_NARROW);
	st->base = 1000 * SEC;
	it = item(1003 * SEC, 1);
	it.seq_null = 0;			/* a sequence number */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_WIDE);
	it = item(0, 1);
	it.at_null = 1;				/* no time */
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_WIDE);
	st->mode = MAS_AGG_NARROW;
	it = item(1003 * SEC, 2.5);
	assert_int_equal(mas_agg_mode_for(st, &it, &dt), MAS_AGG_NARROW);
	free(st);
}

/* compact -> narrow, compact -> wide, narrow -> wide keep every item. */
static void
test_conversions(void **state)
{
	static const int to[][2] = {
		{MAS_AGG_COMPACT, MAS_AGG_NARROW}, {MAS_AGG_COMPACT, MAS_AGG_WIDE},
		{MAS_AGG_NARROW, MAS_AGG_WIDE}, {MAS_AGG_NARROW, MAS_AGG_COMPACT},
		{MAS_AGG_WIDE, MAS_AGG_NARROW},
	};
	size_t		c;

	for (c = 0; c < sizeof(to) / sizeof(to[0]); c++)
	{
		enum
		{
		N = 300};
		MasItem		want[N],
					got[N];
		MasAggState *st = new_state(N, to[c][0]);
		uint32_t	i,
					cap;

		st->base = 5000 * SEC;
		for (i = 0; i < N; i++)
		{
			int32_t		dt = 0;

			want[i] = item((int64_t) (5000 + (i * 7919) % 1000) * SEC - 400 * SEC, (double) (i % 9) / 2);
			if (to[c][0] == MAS_AGG_COMPACT)
				assert_true(mas_agg_compact_fits(st->base, &want[i], &dt));
			mas_agg_push(st, &want[i], dt);
		}
		cap = mas_agg_capacity(N, to[c][1] > to[c][0] ? to[c][1] : to[c][0]);
		st = realloc(st, mas_agg_size(cap, to[c][1] > to[c][0] ? to[c][1] : to[c][0]));
		mas_agg_convert(st, to[c][1], cap);
		/* never to a narrower form */
		assert_int_equal(st->mode, to[c][1] > to[c][0] ? to[c][1] : to[c][0]);
		assert_int_equal(st->n, N);
		mas_agg_to_items(st, got);
		assert_items_equal(got, want, N);
		assert_false(st->sorted);
		free(st);
	}
}

/* The order flag on each form: kept by ascending items and equal ones,
 * cleared by an earlier time or, at the same time, a lower score. */
static void
test_push_order(void **state)
{
	int			mode;

	for (mode = MAS_AGG_COMPACT; mode <= MAS_AGG_WIDE; mode++)
	{
		MasAggState *st = new_state(8, mode);
		MasItem		a = item(10 * SEC, 2),
					b = item(11 * SEC, 1),
					c = item(11 * SEC, 0.5);
		int32_t		dt;

		st->base = 10 * SEC;
		dt = 0;
		mas_agg_push(st, &a, dt);
		dt = 1;
		mas_agg_push(st, &b, dt);
		mas_agg_push(st, &b, dt);	/* equal: still in order */
		assert_true(st->sorted);
		mas_agg_push(st, &c, dt);	/* same time, lower score */
		assert_false(st->sorted);
		mas_agg_init(st, st->cap, mode);
		st->base = 10 * SEC;
		mas_agg_push(st, &b, 1);
		mas_agg_push(st, &a, 0);	/* earlier time */
		assert_false(st->sorted);
		free(st);
	}
}

/* Random evidence through the transition: the items and the order flag
 * match the oracle whatever forms the state passes through. */
static void
test_transition_against_sort(void **state)
{
	unsigned	seed = 4242;
	int			round;

	for (round = 0; round < 200; round++)
	{
		enum
		{
		N = 400};
		MasItem		given[N],
					got[N];
		MasAggState *st = NULL;
		uint32_t	n = (uint32_t) (round * 37) % N + 1,
					i;
		int			kind = round % 5;	/* which widenings can happen */

		for (i = 0; i < n; i++)
		{
			seed = seed * 1103515245u + 12345u;
			given[i] = item((int64_t) (1700000000 + (seed >> 8) % (round % 2 ? 50 : 5000)) * SEC,
							(double) ((seed >> 4) % 5));
			if (kind >= 1 && (seed >> 20) % 50 == 0)
				given[i].at += 123;	/* needs narrow */
			if (kind >= 2 && (seed >> 14) % 60 == 0)
			{
				given[i].seq_null = 0;	/* needs wide */
				given[i].seq = (int64_t) (seed % 7);
			}
			if (kind >= 3 && (seed >> 12) % 70 == 0)
				given[i].at_null = 1;	/* needs wide */
			if (kind == 4 && i > 0 && (seed >> 9) % 3 == 0)
				given[i] = given[i - 1];	/* duplicates */
			if (round % 7 == 0 && i > 0 && mas_item_cmp(&given[i - 1], &given[i]) > 0)
				given[i] = given[i - 1];	/* an ordered stream */
			st = add(st, &given[i]);
		}
		assert_int_equal(st->n, n);
		mas_agg_to_items(st, got);
		assert_items_equal(got, given, n);
		assert_int_equal(st->sorted, mas_is_sorted(given, n));
		free(st);
	}
}

/* Combine: appending keeps the flag honest; merging two sorted states gives
 * the sorted union. */
static void
test_append_and_merge(void **state)
{
	unsigned	seed = 77;
	int			round;

	for (round = 0; round < 50; round++)
	{
		enum
		{
		N = 200};
		MasItem		a[N],
					b[N],
					all[2 * N],
					got[2 * N];
		uint32_t	na = (uint32_t) round * 3 % N,
					nb = (uint32_t) (round * 7 + 1) % N,
					i;
		MasAggState *sa = new_state(na + nb, MAS_AGG_WIDE),
				   *out;

		for (i = 0; i < na; i++, seed = seed * 1103515245u + 12345u)
			a[i] = item((int64_t) ((seed >> 8) % 100) * SEC, (double) (seed % 3));
		for (i = 0; i < nb; i++, seed = seed * 1103515245u + 12345u)
			b[i] = item((int64_t) ((seed >> 8) % 100) * SEC, (double) (seed % 3));
		qsort(a, na, sizeof(MasItem), cmp_items);
		qsort(b, nb, sizeof(MasItem), cmp_items);
		memcpy(all, a, sizeof(MasItem) * na);
		memcpy(all + na, b, sizeof(MasItem) * nb);
		qsort(all, na + nb, sizeof(MasItem), cmp_items);

		/* append: sorted runs stay sorted only when the seam is in order */
		mas_agg_append(sa, a, na, true);
		assert_true(sa->sorted);
		mas_agg_append(sa, b, nb, true);
		assert_int_equal(sa->sorted, na == 0 || nb == 0 || mas_item_cmp(&a[na - 1], &b[0]) <= 0);
		mas_agg_append(sa, b, 0, false);	/* nothing appended: no change */
		assert_int_equal(sa->n, na + nb);
		if (nb > 1)
		{
			MasAggState *u = new_state(nb, MAS_AGG_WIDE);

			mas_agg_append(u, b, nb, false);	/* items not known to be in order */
			assert_false(u->sorted);
			free(u);
		}

		/* merge */
		sa->n = 0;
		sa->sorted = true;
		mas_agg_append(sa, a, na, true);
		out = new_state(na + nb, MAS_AGG_WIDE);
		mas_agg_merge(sa, b, nb, out);
		assert_int_equal(out->n, na + nb);
		assert_true(out->sorted);
		mas_agg_to_items(out, got);
		assert_items_equal(got, all, na + nb);
		free(out);
		free(sa);
	}
}

/* Serialized form: round trip, and every malformed length refused. */
static void
test_serialize(void **state)
{
	enum
	{
	N = 50};
	MasItem		items[N],
				got[N];
	uint8_t    *buf = malloc(mas_agg_serial_size(N) + 8);
	uint32_t	i,
				n = 0;
	MasErr		err;
	MasAggState *st;

	for (i = 0; i < N; i++)
	{
		items[i] = item((int64_t) i * SEC, i % 4);
		if (i % 5 == 0)
		{
			items[i].seq_null = 0;
			items[i].seq = i;
		}
	}
	items[0].at_null = 1;
	qsort(items, N, sizeof(MasItem), cmp_items);
	mas_agg_serialize(items, N, buf);
	assert_int_equal(mas_agg_serial_count(buf, mas_agg_serial_size(N), &n, &err), MAS_OK);
	assert_int_equal(n, N);
	st = new_state(n, MAS_AGG_WIDE);
	mas_agg_deserialize(buf, st);
	assert_int_equal(st->n, N);
	assert_true(st->sorted);
	assert_int_equal(st->mode, MAS_AGG_WIDE);
	mas_agg_to_items(st, got);
	assert_items_equal(got, items, N);
	free(st);
	/* an empty state */
	mas_agg_serialize(items, 0, buf);
	assert_int_equal(mas_agg_serial_count(buf, sizeof(uint32_t), &n, &err), MAS_OK);
	assert_int_equal(n, 0);
	/* malformed */
	mas_agg_serialize(items, N, buf);
	assert_int_equal(mas_agg_serial_count(buf, 3, &n, &err), MAS_ERR_CORRUPT);
	assert_int_equal(mas_agg_serial_count(buf, mas_agg_serial_size(N) - 1, &n, &err), MAS_ERR_CORRUPT);
	assert_int_equal(mas_agg_serial_count(buf, mas_agg_serial_size(N) + 1, &n, &err), MAS_ERR_CORRUPT);
	n = MAS_MAX_ITEMS + 1;
	memcpy(buf, &n, sizeof(uint32_t));
	assert_int_equal(mas_agg_serial_count(buf, mas_agg_serial_size(N), &n, &err), MAS_ERR_CORRUPT);
	free(buf);
}

/* Capacities fill the smallest power-of-two block (128 bytes at least)
 * that holds what was asked. */
static void
test_capacity(void **state)
{
	int			mode;
	size_t		need;

	for (mode = MAS_AGG_COMPACT; mode <= MAS_AGG_WIDE; mode++)
		for (need = 1; need < 50000; need = need * 3 + 1)
		{
			uint32_t	cap = mas_agg_capacity(need, mode);
			size_t		block = 128;

			while (block < mas_agg_size(need, mode))
				block *= 2;
			assert_true(cap >= need);
			assert_true(mas_agg_size(cap, mode) <= block);
			assert_true(mas_agg_size(cap + 1, mode) > block);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_for),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_push_order),
		cmocka_unit_test(test_transition_against_sort),
		cmocka_unit_test(test_append_and_merge),
		cmocka_unit_test(test_serialize),
		cmocka_unit_test(test_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
