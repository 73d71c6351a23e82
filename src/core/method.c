/*
 * method.c: mastery methods.
 *
 * Semantics (s1..sn in assessment order):
 *   latest                      sn
 *   highest                     max(s)
 *   mean                        arithmetic mean
 *   decaying_average(w)         d1 = s1; dk = (1-w) d(k-1) + w sk
 *   weighted_average(w)         s1 if n = 1, else w sn + (1-w) mean(s1..s(n-1))
 *   n_mastery(n, cut)           mean of the scores >= cut once there are at
 *                               least n of them; no value before
 *   power_law                   least squares fit of ln y = ln a + b ln x over
 *                               x = 1..n, value a n^b; n = 1 gives s1; scores
 *                               <= 0 enter the fit as 1e-6
 *   bkt(prior, learn, slip, guess [, forget [, cut]])
 *                               P(L) after the last observation; an
 *                               observation is correct when score >= cut
 */
#include "method.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct KindInfo
{
	const char *name;
	int			min_params;
	int			max_params;
	const char *signature;
} KindInfo;

static const KindInfo kinds[MM_KIND_MAX + 1] = {
	{NULL, 0, 0, NULL},
	{"latest", 0, 0, "latest"},
	{"highest", 0, 0, "highest"},
	{"mean", 0, 0, "mean"},
	{"decaying_average", 0, 1, "decaying_average(w)"},
	{"weighted_average", 0, 1, "weighted_average(w)"},
	{"n_mastery", 2, 2, "n_mastery(n, cut)"},
	{"power_law", 0, 0, "power_law"},
	{"bkt", 4, 6, "bkt(prior, learn, slip, guess [, forget [, cut]])"},
};

#define DEFAULT_DECAY_WEIGHT 0.65
#define DEFAULT_BKT_FORGET 0.0
#define DEFAULT_BKT_CUT 0.5
#define N_MASTERY_MAX 100

const char *
mm_kind_name(int kind)
{
	return (kind >= 1 && kind <= MM_KIND_MAX) ? kinds[kind].name : "?";
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
mm_check(const MasMethod *m, MasErr *err)
{
	int			i;

	if (m->kind < 1 || m->kind > MM_KIND_MAX)
		return mas_err(err, MAS_ERR_CORRUPT, "Unknown method code %d.", m->kind);
	for (i = 0; i < m->nparams; i++)
		if (!isfinite(m->p[i]))
			return mas_err(err, MAS_ERR_RANGE, "Parameters of %s must be finite numbers.", kinds[m->kind].name);
	switch (m->kind)
	{
		case MM_DECAYING_AVERAGE:
			if (m->nparams != 1)
				break;
			if (!(m->p[0] > 0.0 && m->p[0] <= 1.0))
				return mas_err(err, MAS_ERR_RANGE, "The weight of decaying_average must be greater than 0 and at most 1 (Canvas uses 0.5 to 0.99; default 0.65), got %g.", m->p[0]);
			return MAS_OK;
		case MM_WEIGHTED_AVERAGE:
			if (m->nparams != 1)
				break;
			if (!(m->p[0] > 0.0 && m->p[0] < 1.0))
				return mas_err(err, MAS_ERR_RANGE, "The weight of weighted_average must be greater than 0 and less than 1 (default 0.65), got %g.", m->p[0]);
			return MAS_OK;
		case MM_N_MASTERY:
			if (m->nparams != 2)
				break;
			if (m->p[0] != floor(m->p[0]) || m->p[0] < 1 || m->p[0] > N_MASTERY_MAX)
				return mas_err(err, MAS_ERR_RANGE, "The count n of n_mastery must be an integer from 1 to %d, got %g.", N_MASTERY_MAX, m->p[0]);
			return MAS_OK;
		case MM_BKT:
			if (m->nparams != MM_MAX_PARAMS)
				break;
			{
				static const char *const names[] = {"prior", "learn", "slip", "guess", "forget"};

				for (i = 0; i < 5; i++)
					if (!(m->p[i] >= 0.0 && m->p[i] <= 1.0))
						return mas_err(err, MAS_ERR_RANGE, "The %s probability of bkt must be between 0 and 1, got %g.", names[i], m->p[i]);
				if (!(m->p[BKT_SLIP] + m->p[BKT_GUESS] < 1.0))
					return mas_err(err, MAS_ERR_RANGE, "The slip and guess probabilities of bkt must add up to less than 1 (otherwise a correct answer is evidence against mastery), got %g + %g.", m->p[BKT_SLIP], m->p[BKT_GUESS]);
			}
			return MAS_OK;
		default:
			if (m->nparams == 0)
				return MAS_OK;
			break;
	}
	return mas_err(err, MAS_ERR_CORRUPT, "Method %s stored with %d parameters.", kinds[m->kind].name, m->nparams);
}

int
mm_parse(const char *s, MasMethod *m, MasErr *err)
{
	const char *p = s;
	const char *name;
	size_t		nlen;
	int			k,
				kind = 0,
				np = 0;
	double		vals[MM_MAX_PARAMS];

	memset(m, 0, sizeof(*m));
	while (is_space(*p))
		p++;
	name = p;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_')
		p++;
	nlen = (size_t) (p - name);
	for (k = 1; k <= MM_KIND_MAX; k++)
	{
		size_t		j;

		if (strlen(kinds[k].name) != nlen)
			continue;
		for (j = 0; j < nlen; j++)
		{
			char		c = name[j];

			if (c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			if (c != kinds[k].name[j])
				break;
		}
		if (j == nlen)
		{
			kind = k;
			break;
		}
	}
	if (kind == 0)
		return mas_err(err, MAS_ERR_SYNTAX, "Known methods: latest, highest, mean, decaying_average(w), weighted_average(w), n_mastery(n, cut), power_law, bkt(prior, learn, slip, guess [, forget [, cut]]).");
	while (is_space(*p))
		p++;
	if (*p == '(')
	{
		p++;
		while (is_space(*p))
			p++;
		if (*p != ')')
		{
			for (;;)
			{
				const char *t;
				const char *e;

				while (is_space(*p))
					p++;
				t = p;
				while (*p && *p != ',' && *p != ')')
					p++;
				e = p;
				while (e > t && is_space(e[-1]))
					e--;
				if (np >= kinds[kind].max_params)
					return mas_err(err, MAS_ERR_SYNTAX, "Too many parameters: the form is %s.", kinds[kind].signature);
				if (nf_parse(t, (size_t) (e - t), &vals[np], err) != MAS_OK)
					return mas_err_prefix(err, "Parameter %d of %s: ", np + 1, kinds[kind].name);
				np++;
				if (*p == ',')
				{
					p++;
					continue;
				}
				if (*p == ')')
					break;
				return mas_err(err, MAS_ERR_SYNTAX, "Missing \")\": the form is %s.", kinds[kind].signature);
			}
		}
		p++;					/* ')' */
	}
	while (is_space(*p))
		p++;
	if (*p)
		return mas_err(err, MAS_ERR_SYNTAX, "Junk after the method: the form is %s.", kinds[kind].signature);
	if (np < kinds[kind].min_params)
		return mas_err(err, MAS_ERR_SYNTAX, "Too few parameters: the form is %s.", kinds[kind].signature);

	m->kind = kind;
	switch (kind)
	{
		case MM_DECAYING_AVERAGE:
		case MM_WEIGHTED_AVERAGE:
			m->nparams = 1;
			m->p[0] = np ? vals[0] : DEFAULT_DECAY_WEIGHT;
			break;
		case MM_N_MASTERY:
			m->nparams = 2;
			m->p[0] = vals[0];
			m->p[1] = vals[1];
			break;
		case MM_BKT:
			m->nparams = MM_MAX_PARAMS;
			for (k = 0; k < np; k++)
				m->p[k] = vals[k];
			if (np < 5)
				m->p[BKT_FORGET] = DEFAULT_BKT_FORGET;
			if (np < 6)
				m->p[BKT_CUT] = DEFAULT_BKT_CUT;
			break;
		default:
			m->nparams = 0;
			break;
	}
	return mm_check(m, err);
}

size_t
mm_format(const MasMethod *m, char *buf, size_t buflen)
{
	size_t		len;
	int			i;

	len = (size_t) snprintf(buf, buflen, "%s", mm_kind_name(m->kind));
	if (m->nparams == 0)
		return len;
	buf[len++] = '(';
	for (i = 0; i < m->nparams; i++)
	{
		if (i > 0)
		{
			buf[len++] = ',';
			buf[len++] = ' ';
		}
		len += nf_format(m->p[i], buf + len, buflen - len);
	}
	buf[len++] = ')';
	buf[len] = '\0';
	return len;
}

/* ---------------------------------------------------------------- running */

void
mm_run_init(MasRun *r, const MasMethod *m)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	if (m->kind == MM_BKT)
		r->acc = m->p[BKT_PRIOR];
}

double
mm_bkt_step(const MasMethod *m, double pl, bool correct)
{
	double		slip = m->p[BKT_SLIP],
				guess = m->p[BKT_GUESS];
	double		num,
				den,
				post;

	if (correct)
	{
		num = pl * (1.0 - slip);
		den = num + (1.0 - pl) * guess;
	}
	else
	{
		num = pl * slip;
		den = num + (1.0 - pl) * (1.0 - guess);
	}
	/* an observation the model deems impossible leaves P(L) as it was */
	post = den > 0.0 ? num / den : pl;
	return post * (1.0 - m->p[BKT_FORGET]) + (1.0 - post) * m->p[BKT_LEARN];
}

/* a value that rounded past the float8 range comes back to its edge */
static double
clamp_finite(double v)
{
	return v > DBL_MAX ? DBL_MAX : v < -DBL_MAX ? -DBL_MAX : v;
}

void
mm_run_step(MasRun *r, double s)
{
	const MasMethod *m = r->m;

	r->n++;
	switch (m->kind)
	{
		case MM_LATEST:
			break;
		case MM_HIGHEST:
			if (r->n == 1 || s > r->acc)
				r->acc = s;
			break;
		case MM_MEAN:
			r->acc += s;
			r->scaled += ldexp(s, -MM_SUM_SHIFT);
			break;
		case MM_DECAYING_AVERAGE:
			r->acc = r->n == 1 ? s : clamp_finite((1.0 - m->p[0]) * r->acc + m->p[0] * s);
			break;
		case MM_WEIGHTED_AVERAGE:
			if (r->n > 1)
			{
				r->sum_prev += r->last;
				r->scaled += ldexp(r->last, -MM_SUM_SHIFT);
			}
			break;
		case MM_N_MASTERY:
			if (s >= m->p[1])
			{
				r->kept++;
				r->acc += s;
				r->scaled += ldexp(s, -MM_SUM_SHIFT);
			}
			break;
		case MM_POWER_LAW:
			{
				double		lx = log((double) r->n);
				double		ly = log(s > 0.0 ? s : MM_POWER_LAW_FLOOR);

				r->sx += lx;
				r->sy += ly;
				r->sxx += lx * lx;
				r->sxy += lx * ly;
				break;
			}
		case MM_BKT:
			r->obs_correct = s >= m->p[BKT_CUT];
			r->acc = mm_bkt_step(m, r->acc, r->obs_correct);
			break;
	}
	r->last = s;
}

/*
 * The mean of k finite values whose plain sum is `sum` and scaled sum
 * `scaled`: the plain sum when it is finite (the usual case, bit for bit the
 * naive mean), else the scaled one, which cannot overflow; a mean of finite
 * values lies within their range, so the result is finite.
 */
static double
mean_of(double sum, double scaled, double k)
{
	double		v;

	if (isfinite(sum))
		return sum / k;
	v = ldexp(scaled / k, MM_SUM_SHIFT);
	return clamp_finite(v);
}

bool
mm_run_value(const MasRun *r, double *out)
{
	const MasMethod *m = r->m;
	double		n = (double) r->n;

	if (r->n == 0)
		return false;
	switch (m->kind)
	{
		case MM_LATEST:
			*out = r->last;
			return true;
		case MM_HIGHEST:
		case MM_DECAYING_AVERAGE:
		case MM_BKT:
			*out = r->acc;
			return true;
		case MM_MEAN:
			*out = mean_of(r->acc, r->scaled, n);
			return true;
		case MM_WEIGHTED_AVERAGE:
			*out = r->n == 1 ? r->last :
				clamp_finite(m->p[0] * r->last + (1.0 - m->p[0]) * mean_of(r->sum_prev, r->scaled, n - 1.0));
			return true;
		case MM_N_MASTERY:
			if (r->kept < (uint64_t) m->p[0])
				return false;
			*out = mean_of(r->acc, r->scaled, (double) r->kept);
			return true;
		case MM_POWER_LAW:
			{
				double		b,
							lna;

				if (r->n == 1)
				{
					*out = r->last;
					return true;
				}
				b = (n * r->sxy - r->sx * r->sy) / (n * r->sxx - r->sx * r->sx);
				lna = (r->sy - b * r->sx) / n;
				/* a fit beyond the float8 range gives the largest float8 */
				*out = clamp_finite(exp(lna + b * log(n)));
				return true;
			}
	}
	return false;
}
