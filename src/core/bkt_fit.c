/*
 * bkt_fit.c: EM fit of BKT parameters (see bkt_fit.h).
 *
 * Forward pass (scaled): p_t = P(known before answer t | answers < t),
 *   c_t = p_t eK(o_t) + (1 - p_t) eU(o_t)   (probability of answer t)
 *   f_t = p_t eK(o_t) / c_t                 (P(known | answers <= t))
 *   p_t+1 = f_t (1 - forget) + (1 - f_t) learn
 * with eK(1) = 1 - slip, eK(0) = slip, eU(1) = guess, eU(0) = 1 - guess:
 * the same recursion as mm_bkt_step. The log-likelihood is the sum of
 * log c_t, kept as a running product renormalised every 16 steps (one log
 * per sequence instead of one per step).
 *
 * Backward pass (scaled): b_t(i) = sum_j A(i,j) e_j(o_t+1) b_t+1(j) / c_t+1,
 * gamma_t(K) = f_t b_t(K), and the expected transitions
 * xi_t(U->K) = (1 - f_t) learn eK(o_t+1) b_t+1(K) / c_t+1 (likewise K->U).
 *
 * M-step: every parameter is a ratio of expected counts (prior: gamma_1(K);
 * learn: U->K transitions over time in U; slip: wrong answers while known
 * over answers while known; ...), then clamped to its bounds. The expected
 * complete-data log-likelihood is a sum of one concave term per parameter,
 * so the clamped ratio is still its maximum over the bounds and the
 * log-likelihood never decreases (generalised EM).
 *
 * Restarts are independent EM chains from seeded random starts. They run in
 * lockstep, up to BKT_LANES at a time, one pass over the data serving all of
 * them: the per-step recursions of different chains do not depend on each
 * other, so the processor overlaps them (the forward recursion's division is
 * otherwise a latency chain).
 */
#include "bkt_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BKT_LANES 8
/* parameters stay in [BKT_EPS, 1 - BKT_EPS] during EM: no answer becomes impossible */
#define BKT_EPS 1e-10
/* observation steps between polls of the interrupt hook */
#define BKT_POLL_STEPS 16384

/* ---------------------------------------------------------------- packing */

size_t
bkt_pack_size(uint32_t n)
{
	return mc_varint_size(n) + ((size_t) n + 7) / 8;
}

uint8_t *
bkt_pack(uint8_t *p, const uint8_t *correct, uint32_t n)
{
	uint32_t	i;
	size_t		nb = ((size_t) n + 7) / 8;

	p = mc_put_varint(p, n);
	memset(p, 0, nb);
	for (i = 0; i < n; i++)
		if (correct[i])
			p[i >> 3] |= (uint8_t) (1u << (i & 7));
	return p + nb;
}

int
bkt_packed_scan(const uint8_t *buf, size_t len, uint32_t *nseq, uint64_t *nobs, MasErr *err)
{
	const uint8_t *p = buf,
			   *end = buf + len;
	uint64_t	ns = 0,
				no = 0;

	while (p < end)
	{
		uint64_t	n;
		size_t		nb;

		p = mc_get_varint(p, end, &n);
		if (p == NULL || n > UINT32_MAX)
			return mas_err(err, MAS_ERR_CORRUPT, "A sequence length of the packed answers is malformed.");
		nb = (size_t) ((n + 7) / 8);
		if ((size_t) (end - p) < nb)
			return mas_err(err, MAS_ERR_CORRUPT, "The packed answers end inside a sequence.");
		if ((n & 7) && (p[nb - 1] >> (n & 7)))
			return mas_err(err, MAS_ERR_CORRUPT, "The packed answers have bits set past the end of a sequence.");
		p += nb;
		if (n > 0)
		{
			ns++;
			no += n;
		}
		if (ns >= UINT32_MAX || no >= UINT32_MAX)
			return mas_err(err, MAS_ERR_LIMIT, "More than 4294967294 sequences or observations in one fit.");
	}
	*nseq = (uint32_t) ns;
	*nobs = no;
	return MAS_OK;
}

/* canonical order of packed sequences: shorter first, then by their bytes */
static int
rec_cmp(const void *a, const void *b)
{
	const uint8_t *pa = *(const uint8_t *const *) a;
	const uint8_t *pb = *(const uint8_t *const *) b;
	uint64_t	na = 0,
				nb = 0;

	pa = mc_get_varint(pa, pa + 10, &na);
	pb = mc_get_varint(pb, pb + 10, &nb);
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(pa, pb, (size_t) ((na + 7) / 8));
}

void
bkt_seqs_build(const uint8_t *buf, size_t len, uint32_t nseq,
			   const uint8_t **recs, uint32_t *start, uint8_t *obs, double *weight,
			   BktSeqs *out)
{
	const uint8_t *p = buf,
			   *end = buf + len;
	uint32_t	k = 0,
				i,
				d = 0;
	uint64_t	off = 0;

	memset(out, 0, sizeof(*out));
	while (p < end)
	{
		uint64_t	n = 0;
		const uint8_t *rec = p;

		p = mc_get_varint(p, end, &n);
		p += (n + 7) / 8;
		if (n > 0 && k < nseq)
			recs[k++] = rec;
	}
	qsort(recs, k, sizeof(*recs), rec_cmp);
	start[0] = 0;
	for (i = 0; i < k; i++)
	{
		uint64_t	n = 0,
					j;
		const uint8_t *bits;

		if (d > 0 && rec_cmp(&recs[i], &recs[i - 1]) == 0)
		{
			weight[d - 1] += 1.0;
			n = start[d] - start[d - 1];
			out->total_obs += n;
			for (j = 0; j < n; j++)
				out->total_correct += obs[start[d - 1] + j];
			continue;
		}
		bits = mc_get_varint(recs[i], recs[i] + 10, &n);
		for (j = 0; j < n; j++)
			obs[off + j] = (bits[j >> 3] >> (j & 7)) & 1;
		for (j = 0; j < n; j++)
			out->total_correct += obs[off + j];
		off += n;
		out->total_obs += n;
		if (n > out->maxlen)
			out->maxlen = (uint32_t) n;
		weight[d] = 1.0;
		start[++d] = (uint32_t) off;
	}
	out->nseq = d;
	out->nobs = off;
	out->total_weight = (double) k;
	out->start = start;
	out->obs = obs;
	out->weight = weight;
}

/* ---------------------------------------------------------------- options */

void
bkt_fit_defaults(BktFitOptions *o)
{
	o->restarts = 5;
	o->seed = 42;
	o->fit_forget = false;
	o->max_iterations = 100;
	o->tolerance = 1e-3;
	o->max_guess = 0.5;
	o->max_slip = 0.5;
}

int
bkt_fit_check_options(const BktFitOptions *o, MasErr *err)
{
	if (o->restarts < 1 || o->restarts > 1000)
		return mas_err(err, MAS_ERR_RANGE, "Option \"restarts\" must be an integer from 1 to 1000, got %d.", o->restarts);
	if (o->max_iterations < 1 || o->max_iterations > 100000)
		return mas_err(err, MAS_ERR_RANGE, "Option \"max_iterations\" must be an integer from 1 to 100000, got %d.", o->max_iterations);
	if (!(o->tolerance >= 0.0 && o->tolerance <= 1e6))
		return mas_err(err, MAS_ERR_RANGE, "Option \"tolerance\" must be a number from 0 to 1000000, got %g.", o->tolerance);
	if (!(o->max_guess > 0.0 && o->max_guess < 1.0))
		return mas_err(err, MAS_ERR_RANGE, "Option \"max_guess\" must be greater than 0 and less than 1, got %g.", o->max_guess);
	if (!(o->max_slip > 0.0 && o->max_slip < 1.0))
		return mas_err(err, MAS_ERR_RANGE, "Option \"max_slip\" must be greater than 0 and less than 1, got %g.", o->max_slip);
	if (!(o->max_guess + o->max_slip <= 1.0))
		return mas_err(err, MAS_ERR_RANGE, "Options \"max_guess\" and \"max_slip\" must add up to at most 1 (guess + slip >= 1 makes a correct answer evidence against knowing), got %g + %g.", o->max_guess, o->max_slip);
	return MAS_OK;
}

/* ---------------------------------------------------------------- EM */

size_t
bkt_fit_workspace(const BktSeqs *s)
{
	return 2 * (size_t) BKT_LANES * ((size_t) s->maxlen + 1);
}

static inline double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

typedef struct PassCtx
{
	const BktSeqs *s;
	const BktFitOptions *o;
	double	   *work;
	BktPollFn	poll;
	void	   *poll_arg;
	uint64_t	since_poll;
	bool		stopped;
} PassCtx;

/*
 * One E-step for na chains in lockstep, then their M-steps: out[l] from
 * in[l], ll[l] the log-likelihood of in[l]. Returns false if stopped.
 */
#if defined(__GNUC__) || defined(__clang__)
#define BKT_INLINE static inline __attribute__((always_inline))
#else
#define BKT_INLINE static inline
#endif

BKT_INLINE bool
em_pass_n(PassCtx *ctx, const int na, const BktParams *in, BktParams *out, double *ll)
{
	const BktSeqs *s = ctx->s;
	const BktFitOptions *o = ctx->o;
	double	   *F = ctx->work;
	double	   *IC = ctx->work + (size_t) BKT_LANES * ((size_t) s->maxlen + 1);
	double		eK0[BKT_LANES],
				dK[BKT_LANES],
				eU0[BKT_LANES],
				dU[BKT_LANES],
				T[BKT_LANES],
				omT[BKT_LANES],
				Fo[BKT_LANES],
				omF[BKT_LANES],
				kk[BKT_LANES],
				prior[BKT_LANES];
	double		s_prior[BKT_LANES] = {0},
				s_xuk[BKT_LANES] = {0},
				s_xku[BKT_LANES] = {0},
				s_ldn[BKT_LANES] = {0},
				s_fdn[BKT_LANES] = {0},
				s_a1[BKT_LANES] = {0},
				s_at[BKT_LANES] = {0},
				s_ll[BKT_LANES] = {0};
	double		n1_total = 0.0,
				n_total = 0.0;
	uint32_t	i;
	int			l;

	for (l = 0; l < na; l++)
	{
		eK0[l] = in[l].slip;
		dK[l] = 1.0 - 2.0 * in[l].slip;
		eU0[l] = 1.0 - in[l].guess;
		dU[l] = 2.0 * in[l].guess - 1.0;
		T[l] = in[l].learn;
		omT[l] = 1.0 - in[l].learn;
		Fo[l] = in[l].forget;
		omF[l] = 1.0 - in[l].forget;
		kk[l] = 1.0 - in[l].forget - in[l].learn;
		prior[l] = in[l].prior;
	}

	for (i = 0; i < s->nseq; i++)
	{
		const uint8_t *ob = s->obs + s->start[i];
		uint32_t	n = s->start[i + 1] - s->start[i];
		double		w = s->weight[i];
		double		p[BKT_LANES],
					prod[BKT_LANES],
					ex[BKT_LANES],
					bK[BKT_LANES],
					bU[BKT_LANES],
					xuk[BKT_LANES],
					xku[BKT_LANES],
					a1[BKT_LANES],
					at[BKT_LANES],
					glast[BKT_LANES],
					gfirst[BKT_LANES];
		double		n1 = 0.0;
		uint32_t	t;

		for (l = 0; l < na; l++)
		{
			p[l] = prior[l];
			prod[l] = 1.0;
			ex[l] = 0.0;
		}
		/* forward */
		for (t = 0; t < n; t++)
		{
			double		ot = (double) ob[t];
			double	   *Ft = F + (size_t) t * BKT_LANES;
			double	   *It = IC + (size_t) t * BKT_LANES;

			n1 += ot;
			for (l = 0; l < na; l++)
			{
				double		eK = eK0[l] + ot * dK[l];
				double		eU = eU0[l] + ot * dU[l];
				double		a = p[l] * eK;
				double		c = a + (1.0 - p[l]) * eU;
				double		ic = 1.0 / c;
				double		f = a * ic;

				Ft[l] = f;
				It[l] = ic;
				prod[l] *= c;
				p[l] = T[l] + f * kk[l];
			}
			if ((t & 15) == 15)
				for (l = 0; l < na; l++)
				{
					int			e;

					prod[l] = frexp(prod[l], &e);
					ex[l] += e;
				}
		}
		for (l = 0; l < na; l++)
			s_ll[l] += w * (log(prod[l]) + ex[l] * 0.69314718055994530942);

		/* backward */
		for (l = 0; l < na; l++)
		{
			double		g = F[(size_t) (n - 1) * BKT_LANES + l];

			bK[l] = 1.0;
			bU[l] = 1.0;
			xuk[l] = 0.0;
			xku[l] = 0.0;
			a1[l] = ob[n - 1] * g;
			at[l] = g;
			glast[l] = g;
			gfirst[l] = g;
		}
		for (t = n - 1; t-- > 0;)
		{
			double		ot1 = (double) ob[t + 1];
			double		ot = (double) ob[t];
			const double *Ft = F + (size_t) t * BKT_LANES;
			const double *It1 = IC + (size_t) (t + 1) * BKT_LANES;

			for (l = 0; l < na; l++)
			{
				double		eK = eK0[l] + ot1 * dK[l];
				double		eU = eU0[l] + ot1 * dU[l];
				double		qK = eK * bK[l] * It1[l];
				double		qU = eU * bU[l] * It1[l];
				double		f = Ft[l];
				double		g;

				bK[l] = omF[l] * qK + Fo[l] * qU;
				bU[l] = T[l] * qK + omT[l] * qU;
				xuk[l] += (1.0 - f) * qK;
				xku[l] += f * qU;
				g = f * bK[l];
				a1[l] += ot * g;
				at[l] += g;
				gfirst[l] = g;
			}
		}
		for (l = 0; l < na; l++)
		{
			s_prior[l] += w * gfirst[l];
			s_xuk[l] += w * xuk[l];
			s_xku[l] += w * xku[l];
			s_ldn[l] += w * ((double) (n - 1) - (at[l] - glast[l]));
			s_fdn[l] += w * (at[l] - glast[l]);
			s_a1[l] += w * a1[l];
			s_at[l] += w * at[l];
		}
		n1_total += w * n1;
		n_total += w * n;

		ctx->since_poll += (uint64_t) n * (uint64_t) na;
		if (ctx->since_poll >= BKT_POLL_STEPS)
		{
			ctx->since_poll = 0;
			/* the process's interrupt hook (mcommon.h) may not return */
			if (mc_interrupt_hook != NULL)
				mc_interrupt_hook();
			if (ctx->poll && ctx->poll(ctx->poll_arg))
			{
				ctx->stopped = true;
				return false;
			}
		}
	}

	for (l = 0; l < na; l++)
	{
		BktParams  *r = &out[l];
		double		hi = 1.0 - BKT_EPS;

		*r = in[l];
		ll[l] = s_ll[l];
		if (s->total_weight > 0)
			r->prior = clamp(s_prior[l] / s->total_weight, BKT_EPS, hi);
		if (s_ldn[l] > 0)
			r->learn = clamp(in[l].learn * s_xuk[l] / s_ldn[l], BKT_EPS, hi);
		if (o->fit_forget && s_fdn[l] > 0)
			r->forget = clamp(in[l].forget * s_xku[l] / s_fdn[l], BKT_EPS, hi);
		if (s_at[l] > 0)
			r->slip = clamp((s_at[l] - s_a1[l]) / s_at[l], BKT_EPS, o->max_slip);
		if (n_total - s_at[l] > 0)
			r->guess = clamp((n1_total - s_a1[l]) / (n_total - s_at[l]), BKT_EPS, o->max_guess);
	}
	return true;
}

/*
 * The pass specialised for each number of chains: with a constant count the
 * compiler unrolls the per-chain loops and pairs chains in vector registers.
 */
static bool
em_pass(PassCtx *ctx, int na, const BktParams *in, BktParams *out, double *ll)
{
	switch (na)
	{
		case 1:
			return em_pass_n(ctx, 1, in, out, ll);
		case 2:
			return em_pass_n(ctx, 2, in, out, ll);
		case 3:
			return em_pass_n(ctx, 3, in, out, ll);
		case 4:
			return em_pass_n(ctx, 4, in, out, ll);
		case 5:
			return em_pass_n(ctx, 5, in, out, ll);
		case 6:
			return em_pass_n(ctx, 6, in, out, ll);
		case 7:
			return em_pass_n(ctx, 7, in, out, ll);
		default:
			return em_pass_n(ctx, BKT_LANES, in, out, ll);
	}
}

double
bkt_em_step(const BktSeqs *s, const BktFitOptions *o, double *work,
			const BktParams *in, BktParams *out)
{
	PassCtx		ctx = {s, o, work, NULL, NULL, 0, false};
	double		ll;

	em_pass(&ctx, 1, in, out, &ll);
	return ll;
}

double
bkt_loglik(const BktSeqs *s, const BktParams *p)
{
	double		ll = 0.0;
	uint32_t	i,
				t;

	for (i = 0; i < s->nseq; i++)
	{
		double		pl = p->prior;

		for (t = s->start[i]; t < s->start[i + 1]; t++)
		{
			double		eK = s->obs[t] ? 1.0 - p->slip : p->slip;
			double		eU = s->obs[t] ? p->guess : 1.0 - p->guess;
			double		c = pl * eK + (1.0 - pl) * eU;
			double		f = pl * eK / c;

			ll += s->weight[i] * log(c);
			pl = f * (1.0 - p->forget) + (1.0 - f) * p->learn;
		}
	}
	return ll;
}

/* splitmix64: a small, well-mixed generator; one stream per start */
static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
uniform(uint64_t *x, double lo, double hi)
{
	return lo + (hi - lo) * ((double) (splitmix64(x) >> 11) * (1.0 / 9007199254740992.0));
}

static void
random_start(const BktFitOptions *o, int r, BktParams *p)
{
	uint64_t	x = o->seed ^ (0x2545f4914f6cdd1dULL * (uint64_t) (r + 1));
	double		gh = o->max_guess < 0.45 ? o->max_guess : 0.45;
	double		sh = o->max_slip < 0.45 ? o->max_slip : 0.45;

	p->prior = uniform(&x, 0.05, 0.95);
	p->learn = uniform(&x, 0.05, 0.5);
	p->guess = uniform(&x, gh * 0.1, gh);
	p->slip = uniform(&x, sh * 0.1, sh);
	p->forget = o->fit_forget ? uniform(&x, 0.01, 0.2) : 0.0;
}

int
bkt_fit(const BktSeqs *s, const BktFitOptions *o, double *work,
		BktFitResult *res, BktPollFn poll, void *poll_arg, MasErr *err)
{
	PassCtx		ctx = {s, o, work, poll, poll_arg, 0, false};
	int			r0;
	bool		have_best = false;

	memset(res, 0, sizeof(*res));
	if (s->total_correct == (double) s->total_obs || s->total_correct == 0.0)
	{
		/* one class only: the likelihood reaches 1 in closed form */
		bool		all_correct = s->total_correct > 0.0;

		res->degenerate_case = all_correct ? BKT_ALL_CORRECT : BKT_ALL_WRONG;
		res->params.prior = all_correct ? 1.0 : 0.0;
		res->converged = true;
		return MAS_OK;
	}

	for (r0 = 0; r0 < o->restarts; r0 += BKT_LANES)
	{
		int			na = o->restarts - r0 < BKT_LANES ? o->restarts - r0 : BKT_LANES;
		BktParams	cur[BKT_LANES],
					next[BKT_LANES],
					fin[BKT_LANES];
		double		ll[BKT_LANES],
					prev[BKT_LANES],
					finll[BKT_LANES];
		int			lane_of[BKT_LANES],
					iters[BKT_LANES];
		bool		conv[BKT_LANES];
		int			active = na,
					it,
					l;

		for (l = 0; l < na; l++)
		{
			random_start(o, r0 + l, &cur[l]);
			lane_of[l] = l;
			conv[l] = false;
			iters[l] = 0;
			prev[l] = -HUGE_VAL;
		}
		for (it = 1; it <= o->max_iterations && active > 0; it++)
		{
			int			k = 0;

			if (!em_pass(&ctx, active, cur, next, ll))
				return mas_err(err, MAS_ERR_LIMIT, "The fit was interrupted.");
			res->total_iterations += active;
			for (l = 0; l < active; l++)
			{
				int			lane = lane_of[l];

				iters[lane] = it;
				fin[lane] = cur[l];
				finll[lane] = ll[l];
				if (it > 1 && fabs(ll[l] - prev[l]) < o->tolerance)
				{
					conv[lane] = true;
					continue;
				}
				/* still running: keep it, compacted */
				cur[k] = next[l];
				prev[k] = ll[l];
				lane_of[k] = lane;
				k++;
			}
			active = k;
		}
		for (l = 0; l < na; l++)
			if (!have_best || finll[l] > res->loglik)
			{
				have_best = true;
				res->params = fin[l];
				res->loglik = finll[l];
				res->iterations = iters[l];
				res->converged = conv[l];
				res->best_restart = r0 + l;
			}
	}
	if (!o->fit_forget)
		res->params.forget = 0.0;
	return MAS_OK;
}

void
bkt_params_method(const BktParams *p, double cut, MasMethod *m)
{
	memset(m, 0, sizeof(*m));
	m->kind = MM_BKT;
	m->nparams = MM_MAX_PARAMS;
	m->p[BKT_PRIOR] = p->prior;
	m->p[BKT_LEARN] = p->learn;
	m->p[BKT_SLIP] = p->slip;
	m->p[BKT_GUESS] = p->guess;
	m->p[BKT_FORGET] = p->forget;
	m->p[BKT_CUT] = cut;
	/* bkt needs guess + slip < 1: only reachable with both bounds at 0.5 */
	while (!(m->p[BKT_SLIP] + m->p[BKT_GUESS] < 1.0))
		m->p[BKT_SLIP] = nextafter(m->p[BKT_SLIP], 0.0);
}

void
bkt_predict(const MasMethod *m, const uint8_t *correct, size_t n,
			double *p_correct, double *p_known)
{
	double		pl = m->p[BKT_PRIOR];
	size_t		i;

	for (i = 0; i < n; i++)
	{
		p_correct[i] = bkt_predict_step(m, &pl, correct[i] != 0);
		p_known[i] = pl;
	}
}
