/*
 * Unit tests of the BKT fitting core (src/core/bkt_fit.c).
 *
 * Independent references used here:
 *  - the prediction recursion of method.c (mm_bkt_step, mm_run_*), which
 *    mastery_score uses: the EM's forward pass must give the same
 *    likelihood as the predictions of that recursion;
 *  - a brute-force grid maximisation of the likelihood for a tiny data set;
 *  - data simulated from known parameters;
 *  - for roc_auc_sorted, the count over all (positive, negative) pairs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "bkt_fit.h"
#include "roc.h"

/* ------------------------------------------------------------------ helpers */

typedef struct Data
{
	uint8_t    *packed;
	size_t		len,
				cap;
	BktSeqs		s;
	const uint8_t **recs;
	uint32_t   *start;
	uint8_t    *obs;
	double	   *weight;
	double	   *work;
} Data;

static void
data_add(Data *d, const uint8_t *c, uint32_t n)
{
	size_t		need = bkt_pack_size(n);

	if (d->len + need > d->cap)
	{
		d->cap = (d->len + need) * 2 + 64;
		d->packed = realloc(d->packed, d->cap);
	}
	d->len = (size_t) (bkt_pack(d->packed + d->len, c, n) - d->packed);
}

static void
data_build(Data *d)
{
	uint32_t	nseq;
	uint64_t	nobs;
	MasErr		err;

	assert_int_equal(bkt_packed_scan(d->packed, d->len, &nseq, &nobs, &err), MAS_OK);
	d->recs = malloc(sizeof(*d->recs) * (nseq + 1));
	d->start = malloc(sizeof(uint32_t) * (nseq + 1));
	d->obs = malloc(nobs + 1);
	d->weight = malloc(sizeof(double) * (nseq + 1));
	bkt_seqs_build(d->packed, d->len, nseq, d->recs, d->start, d->obs, d->weight, &d->s);
	d->work = malloc(sizeof(double) * bkt_fit_workspace(&d->s));
}

static void
data_free(Data *d)
{
	free(d->packed);
	free(d->recs);
	free(d->start);
	free(d->obs);
	free(d->weight);
	free(d->work);
	memset(d, 0, sizeof(*d));
}

static uint64_t rng_state = 12345;

static double
rnd(void)
{
	/* xorshift64*: test data only */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double) ((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* one learner's answers simulated from p */
static void
simulate(const BktParams *p, uint8_t *c, uint32_t n)
{
	bool		known = rnd() < p->prior;
	uint32_t	t;

	for (t = 0; t < n; t++)
	{
		c[t] = known ? rnd() >= p->slip : rnd() < p->guess;
		known = known ? rnd() >= p->forget : rnd() < p->learn;
	}
}

static double
loglik_by_prediction(const BktSeqs *s, const BktParams *p)
{
	MasMethod	m;
	double		ll = 0.0;
	uint32_t	i;

	bkt_params_method(p, 0.5, &m);
	for (i = 0; i < s->nseq; i++)
	{
		uint32_t	n = s->start[i + 1] - s->start[i];
		double	   *pc = malloc(sizeof(double) * n),
				   *pk = malloc(sizeof(double) * n);
		uint32_t	t;

		bkt_predict(&m, s->obs + s->start[i], n, pc, pk);
		for (t = 0; t < n; t++)
			ll += s->weight[i] * log(s->obs[s->start[i] + t] ? pc[t] : 1.0 - pc[t]);
		free(pc);
		free(pk);
	}
	return ll;
}

static void
random_data(Data *d, int learners, int maxlen, const BktParams *p)
{
	uint8_t    *c = malloc((size_t) maxlen);
	int			i;

	for (i = 0; i < learners; i++)
	{
		uint32_t	n = 1 + (uint32_t) (rnd() * maxlen);

		if (n > (uint32_t) maxlen)
			n = (uint32_t) maxlen;
		simulate(p, c, n);
		data_add(d, c, n);
	}
	free(c);
	data_build(d);
}

/* ------------------------------------------------------------------ tests */

/* packing, canonical order and merging of identical sequences */
static void
test_pack_build(void **state)
{
	Data		d = {0};
	static const uint8_t a[] = {1, 0, 1, 1, 0, 0, 0, 1, 1};	/* 9: two bytes */
	static const uint8_t b[] = {0, 1};
	static const uint8_t c[] = {1, 1};
	uint32_t	i;

	data_add(&d, a, 9);
	data_add(&d, c, 2);
	data_add(&d, b, 2);
	data_add(&d, NULL, 0);		/* empty: ignored */
	data_add(&d, c, 2);
	assert_int_equal(d.len, 3 + 2 + 2 + 1 + 2);
	data_build(&d);
	/* distinct: {0,1} (bits 0x02) < {1,1} (0x03) < the 9-long one */
	assert_int_equal(d.s.nseq, 3);
	assert_int_equal(d.s.maxlen, 9);
	assert_int_equal(d.s.nobs, 13);
	assert_int_equal(d.s.total_obs, 15);
	assert_true(d.s.total_weight == 4.0);
	assert_true(d.s.total_correct == 5 + 1 + 2 + 2);
	assert_int_equal(d.s.start[1], 2);
	assert_int_equal(d.s.obs[0], 0);
	assert_int_equal(d.s.obs[1], 1);
	assert_true(d.s.weight[0] == 1.0);
	assert_true(d.s.weight[1] == 2.0);
	assert_true(d.s.weight[2] == 1.0);
	for (i = 0; i < 9; i++)
		assert_int_equal(d.s.obs[4 + i], a[i]);
	data_free(&d);
}

static void
test_packed_corrupt(void **state)
{
	uint8_t		buf[4];
	uint32_t	ns;
	uint64_t	no;
	MasErr		err;

	buf[0] = 9;					/* 9 answers need 2 bytes, only one here */
	buf[1] = 0;
	assert_int_equal(bkt_packed_scan(buf, 2, &ns, &no, &err), MAS_ERR_CORRUPT);
	buf[0] = 3;					/* bit 3 set past the end */
	buf[1] = 0x08;
	assert_int_equal(bkt_packed_scan(buf, 2, &ns, &no, &err), MAS_ERR_CORRUPT);
	buf[0] = 0x80;				/* truncated varint */
	assert_int_equal(bkt_packed_scan(buf, 1, &ns, &no, &err), MAS_ERR_CORRUPT);
}

/*
 * The EM's forward pass is the recursion of mastery_score: the
 * log-likelihood EM reports equals the one computed from the predictions of
 * bkt_predict (mm_bkt_step), and bkt_predict's P(known) equals the running
 * value of mm_run (mastery_score after each step), exactly.
 */
static void
test_forward_matches_method(void **state)
{
	Data		d = {0};
	BktParams	p = {0.3, 0.15, 0.1, 0.25, 0.05},
				out;
	BktFitOptions o;
	MasMethod	m;
	double		ll_em,
				ll_ref;
	uint32_t	i,
				t;

	random_data(&d, 300, 40, &p);
	bkt_fit_defaults(&o);
	o.fit_forget = true;
	ll_em = bkt_em_step(&d.s, &o, d.work, &p, &out);
	ll_ref = loglik_by_prediction(&d.s, &p);
	assert_true(fabs(ll_em - ll_ref) < 1e-9 * fabs(ll_ref));
	assert_true(fabs(bkt_loglik(&d.s, &p) - ll_ref) < 1e-9 * fabs(ll_ref));

	bkt_params_method(&p, 0.5, &m);
	for (i = 0; i < d.s.nseq; i++)
	{
		uint32_t	n = d.s.start[i + 1] - d.s.start[i];
		double		pc[40],
					pk[40];
		MasRun		run;

		bkt_predict(&m, d.s.obs + d.s.start[i], n, pc, pk);
		mm_run_init(&run, &m);
		for (t = 0; t < n; t++)
		{
			double		v;
			double		before = run.acc;

			/* prediction before the answer from the value before it */
			assert_true(pc[t] == before * (1 - p.slip) + (1 - before) * p.guess);
			mm_run_step(&run, d.s.obs[d.s.start[i] + t] ? 1.0 : 0.0);
			assert_true(mm_run_value(&run, &v));
			assert_true(pk[t] == v);
		}
	}
	data_free(&d);
}

/* the log-likelihood never decreases across EM iterations (random data, random starts) */
static void
test_monotone(void **state)
{
	int			trial;

	for (trial = 0; trial < 12; trial++)
	{
		Data		d = {0};
		BktParams	truth = {rnd(), rnd() * 0.5, rnd() * 0.4, rnd() * 0.4, 0.0},
					cur = {rnd() * 0.9 + 0.05, rnd() * 0.9 + 0.05, rnd() * 0.45, rnd() * 0.45, 0.0},
					next;
		BktFitOptions o;
		double		prev = -HUGE_VAL;
		int			it;

		bkt_fit_defaults(&o);
		o.fit_forget = trial % 2 == 1;
		if (o.fit_forget)
		{
			truth.forget = rnd() * 0.2;
			cur.forget = rnd() * 0.3 + 0.01;
		}
		if (trial % 3 == 2)
		{
			/* tight bounds that bind: still monotone */
			o.max_guess = 0.1;
			o.max_slip = 0.05;
			cur.guess = 0.05;
			cur.slip = 0.02;
		}
		/* pure noise data in some trials */
		if (trial >= 8)
			truth = (BktParams) {0.5, 0.0, 0.5, 0.5, 0.0};
		random_data(&d, 200, 30, &truth);
		for (it = 0; it < 60; it++)
		{
			double		ll = bkt_em_step(&d.s, &o, d.work, &cur, &next);

			assert_true(ll >= prev - 1e-9 * fabs(ll));
			assert_true(next.guess <= o.max_guess && next.slip <= o.max_slip);
			assert_true(next.prior >= 0 && next.prior <= 1 && next.learn >= 0 && next.learn <= 1);
			prev = ll;
			cur = next;
		}
		data_free(&d);
	}
}

/*
 * Recovery: 10 000 learners, 5 to 24 answers each, from known parameters.
 * With ~145 000 answers the sampling error of each parameter is about
 * 0.005 (guess and slip are each estimated from tens of thousands of
 * answers, prior from 10 000 first states, learn from ~30 000 unknown-state
 * transitions); a tolerance of 0.03 is six standard errors and still tells
 * apart a fit that swapped guess and slip or lost the learning rate.
 */
static void
test_recovery(void **state)
{
	static const BktParams truths[] = {
		{0.35, 0.12, 0.08, 0.22, 0.0},
		{0.20, 0.25, 0.15, 0.10, 0.0},
	};
	int			k;

	for (k = 0; k < 2; k++)
	{
		Data		d = {0};
		const BktParams *tp = &truths[k];
		uint8_t		c[24];
		BktFitOptions o;
		BktFitResult r;
		MasErr		err;
		int			i;

		for (i = 0; i < 10000; i++)
		{
			uint32_t	n = 5 + (uint32_t) (rnd() * 20);

			if (n > 24)
				n = 24;
			simulate(tp, c, n);
			data_add(&d, c, n);
		}
		data_build(&d);
		bkt_fit_defaults(&o);
		o.restarts = 3;
		o.tolerance = 1e-4;
		o.max_iterations = 300;
		assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, NULL, NULL, &err), MAS_OK);
		assert_true(r.converged);
		assert_true(fabs(r.params.prior - tp->prior) < 0.03);
		assert_true(fabs(r.params.learn - tp->learn) < 0.03);
		assert_true(fabs(r.params.slip - tp->slip) < 0.03);
		assert_true(fabs(r.params.guess - tp->guess) < 0.03);
		assert_true(r.params.forget == 0.0);
		/* the fit explains the data at least as well as the truth */
		assert_true(r.loglik >= bkt_loglik(&d.s, tp) - 1e-6);
		assert_true(fabs(r.loglik - bkt_loglik(&d.s, &r.params)) < 1e-9 * fabs(r.loglik));
		data_free(&d);
	}
}

/*
 * A tiny data set against a brute-force maximisation: a grid of step 0.02
 * over (prior, learn, slip, guess) within the bounds. EM with many starts
 * and a tight tolerance must reach at least the best grid likelihood, and no
 * grid point may beat it.
 */
static void
test_brute_force(void **state)
{
	static const uint8_t s1[] = {0, 0, 1, 1, 1};
	static const uint8_t s2[] = {0, 1, 0, 1, 1, 1};
	static const uint8_t s3[] = {1, 1, 0, 1};
	static const uint8_t s4[] = {0, 0, 0, 1};
	static const uint8_t s5[] = {1, 0, 0, 0, 1};
	Data		d = {0};
	BktFitOptions o;
	BktFitResult r;
	MasErr		err;
	BktParams	g,
				best = {0};
	double		best_ll = -HUGE_VAL;
	int			a,
				b,
				c,
				e;

	data_add(&d, s1, 5);
	data_add(&d, s2, 6);
	data_add(&d, s3, 4);
	data_add(&d, s4, 4);
	data_add(&d, s5, 5);
	data_add(&d, s1, 5);
	data_build(&d);
	g.forget = 0;
	for (a = 1; a < 50; a++)
		for (b = 1; b < 50; b++)
			for (c = 1; c <= 25; c++)
				for (e = 1; e <= 25; e++)
				{
					double		ll;

					g.prior = a * 0.02;
					g.learn = b * 0.02;
					g.slip = c * 0.02;
					g.guess = e * 0.02;
					ll = bkt_loglik(&d.s, &g);
					if (ll > best_ll)
					{
						best_ll = ll;
						best = g;
					}
				}
	bkt_fit_defaults(&o);
	o.restarts = 20;
	o.tolerance = 1e-12;
	o.max_iterations = 5000;
	assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, NULL, NULL, &err), MAS_OK);
	assert_true(r.loglik >= best_ll - 1e-9);
	/* and the grid optimum is not far below: EM found the same peak region */
	assert_true(r.loglik - best_ll < 0.05);
	(void) best;
	data_free(&d);
}

/* one class only: closed-form maximum, no EM */
static void
test_one_class(void **state)
{
	static const uint8_t ones[] = {1, 1, 1};
	static const uint8_t zeros[] = {0, 0};
	Data		d = {0};
	BktFitOptions o;
	BktFitResult r;
	MasErr		err;
	MasMethod	m;

	bkt_fit_defaults(&o);
	data_add(&d, ones, 3);
	data_add(&d, ones, 1);
	data_build(&d);
	assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, NULL, NULL, &err), MAS_OK);
	assert_int_equal(r.degenerate_case, BKT_ALL_CORRECT);
	assert_true(r.params.prior == 1.0 && r.params.slip == 0.0);
	assert_true(r.loglik == 0.0);
	assert_true(bkt_loglik(&d.s, &r.params) == 0.0);
	bkt_params_method(&r.params, 0.5, &m);
	assert_int_equal(mm_check(&m, &err), MAS_OK);
	data_free(&d);

	data_add(&d, zeros, 2);
	data_build(&d);
	assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, NULL, NULL, &err), MAS_OK);
	assert_int_equal(r.degenerate_case, BKT_ALL_WRONG);
	assert_true(r.params.prior == 0.0 && r.params.guess == 0.0 && r.params.learn == 0.0);
	assert_true(bkt_loglik(&d.s, &r.params) == 0.0);
	data_free(&d);
}

/* single answers only: learn has no evidence and keeps its start; still a valid method */
static void
test_single_answers(void **state)
{
	static const uint8_t one = 1,
				zero = 0;
	Data		d = {0};
	BktFitOptions o;
	BktFitResult r;
	MasErr		err;
	MasMethod	m;
	int			i;

	for (i = 0; i < 30; i++)
		data_add(&d, i % 3 ? &one : &zero, 1);
	data_build(&d);
	assert_int_equal(d.s.nseq, 2);
	bkt_fit_defaults(&o);
	assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, NULL, NULL, &err), MAS_OK);
	/* P(correct at the first answer) = 2/3 is what the likelihood pins down */
	assert_true(fabs(r.params.prior * (1 - r.params.slip) + (1 - r.params.prior) * r.params.guess - 2.0 / 3.0) < 1e-3);
	bkt_params_method(&r.params, 0.5, &m);
	assert_int_equal(mm_check(&m, &err), MAS_OK);
	data_free(&d);
}

/* same data in another order, same seed: identical fit; other seed: other starts */
static void
test_deterministic(void **state)
{
	BktParams	p = {0.4, 0.2, 0.1, 0.2, 0.0};
	uint8_t		seqs[200][12];
	uint32_t	lens[200];
	Data		d1 = {0},
				d2 = {0};
	BktFitOptions o;
	BktFitResult r1,
				r2;
	MasErr		err;
	int			i;

	for (i = 0; i < 200; i++)
	{
		lens[i] = 1 + (uint32_t) (rnd() * 11);
		simulate(&p, seqs[i], lens[i]);
	}
	for (i = 0; i < 200; i++)
		data_add(&d1, seqs[i], lens[i]);
	for (i = 199; i >= 0; i--)
		data_add(&d2, seqs[(i * 7) % 200], lens[(i * 7) % 200]);
	data_build(&d1);
	data_build(&d2);
	bkt_fit_defaults(&o);
	o.restarts = 11;			/* two batches of lanes */
	assert_int_equal(bkt_fit(&d1.s, &o, d1.work, &r1, NULL, NULL, &err), MAS_OK);
	assert_int_equal(bkt_fit(&d2.s, &o, d2.work, &r2, NULL, NULL, &err), MAS_OK);
	assert_memory_equal(&r1.params, &r2.params, sizeof(BktParams));
	assert_true(r1.loglik == r2.loglik);
	assert_int_equal(r1.iterations, r2.iterations);

	/* a restart run alone gives the same chain as within a batch */
	{
		BktFitResult r3;

		o.restarts = r1.best_restart + 1;
		assert_int_equal(bkt_fit(&d1.s, &o, d1.work, &r3, NULL, NULL, &err), MAS_OK);
		assert_true(r3.loglik == r1.loglik);
	}
	data_free(&d1);
	data_free(&d2);
}

static int	polls;

static bool
stop_at_third(void *arg)
{
	return ++polls >= 3;
}

static int	hook_calls;

static void
count_hook(void)
{
	hook_calls++;
}

static void
test_interrupt(void **state)
{
	BktParams	p = {0.4, 0.2, 0.1, 0.2, 0.0};
	Data		d = {0};
	BktFitOptions o;
	BktFitResult r;
	MasErr		err;

	random_data(&d, 3000, 30, &p);
	bkt_fit_defaults(&o);
	polls = 0;
	hook_calls = 0;
	mc_set_interrupt_hook(count_hook);
	assert_int_equal(bkt_fit(&d.s, &o, d.work, &r, stop_at_third, NULL, &err), MAS_ERR_LIMIT);
	mc_set_interrupt_hook(NULL);
	assert_int_equal(polls, 3);
	/* the process's interrupt hook is called at every poll point, before poll */
	assert_int_equal(hook_calls, 3);
	data_free(&d);
}

static void
test_options(void **state)
{
	BktFitOptions o;
	MasErr		err;

	bkt_fit_defaults(&o);
	assert_int_equal(bkt_fit_check_options(&o, &err), MAS_OK);
	o.restarts = 0;
	assert_int_equal(bkt_fit_check_options(&o, &err), MAS_ERR_RANGE);
	assert_non_null(strstr(err.detail, "restarts"));
	bkt_fit_defaults(&o);
	o.max_guess = 0.7;
	o.max_slip = 0.4;
	assert_int_equal(bkt_fit_check_options(&o, &err), MAS_ERR_RANGE);
	bkt_fit_defaults(&o);
	o.tolerance = -1;
	assert_int_equal(bkt_fit_check_options(&o, &err), MAS_ERR_RANGE);
	bkt_fit_defaults(&o);
	o.max_slip = 0;
	assert_int_equal(bkt_fit_check_options(&o, &err), MAS_ERR_RANGE);
}

/* guess and slip both at 0.5 would break bkt's guess + slip < 1: nudged */
static void
test_method_bounds(void **state)
{
	BktParams	p = {0.5, 0.1, 0.5, 0.5, 0.0};
	MasMethod	m;
	MasErr		err;

	bkt_params_method(&p, 0.5, &m);
	assert_true(m.p[BKT_SLIP] < 0.5 && m.p[BKT_SLIP] > 0.4999999);
	assert_int_equal(mm_check(&m, &err), MAS_OK);
}

/* ------------------------------------------------------------------ roc_auc */

/* exact AUC against the O(n^2) pair count, with many ties */
static void
test_roc_auc_pairs(void **state)
{
	int			trial;

	for (trial = 0; trial < 20; trial++)
	{
		size_t		np = 1 + (size_t) (rnd() * 60),
					nn = 1 + (size_t) (rnd() * 60),
					i,
					j;
		double		pos[64],
					neg[64],
					pairs = 0.0;
		int			levels = 1 + trial % 7;	/* few distinct values: ties */

		for (i = 0; i < np; i++)
			pos[i] = floor(rnd() * levels) / levels + (trial % 2 ? 0.1 : 0.0);
		for (i = 0; i < nn; i++)
			neg[i] = floor(rnd() * levels) / levels;
		for (i = 0; i < np; i++)
			for (j = 0; j < nn; j++)
				pairs += pos[i] > neg[j] ? 1.0 : pos[i] == neg[j] ? 0.5 : 0.0;
		roc_sort(pos, np);
		roc_sort(neg, nn);
		for (i = 1; i < np; i++)
			assert_true(pos[i - 1] <= pos[i]);
		assert_true(fabs(roc_auc_sorted(pos, np, neg, nn) - pairs / ((double) np * (double) nn)) < 1e-12);
	}
}

/* by hand: perfect, reversed, all tied, infinities */
static void
test_roc_auc_cases(void **state)
{
	double		p1[] = {0.4, 0.8},
				n1[] = {0.1, 0.35};
	double		p2[] = {0.1},
				n2[] = {0.9};
	double		p3[] = {0.5, 0.5},
				n3[] = {0.5};
	double		p4[] = {0.0, HUGE_VAL},
				n4[] = {-HUGE_VAL};
	double		p5[] = {0.2, 0.6},
				n5[] = {0.4};	/* one pair above, one below: 0.5 */

	assert_true(roc_auc_sorted(p1, 2, n1, 2) == 1.0);
	assert_true(roc_auc_sorted(p2, 1, n2, 1) == 0.0);
	assert_true(roc_auc_sorted(p3, 2, n3, 1) == 0.5);
	assert_true(roc_auc_sorted(p4, 2, n4, 1) == 1.0);
	assert_true(roc_auc_sorted(p5, 2, n5, 1) == 0.5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_build),
		cmocka_unit_test(test_packed_corrupt),
		cmocka_unit_test(test_forward_matches_method),
		cmocka_unit_test(test_monotone),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_one_class),
		cmocka_unit_test(test_single_answers),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_method_bounds),
		cmocka_unit_test(test_roc_auc_pairs),
		cmocka_unit_test(test_roc_auc_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
