/*
 * method.h: mastery calculation methods (see REFERENCE semantics in the
 * README): parsing, canonical text, and a running computation that yields
 * the value after each piece of evidence in assessment order.
 */
#ifndef MASTERY_METHOD_H
#define MASTERY_METHOD_H

#include "mcommon.h"

typedef enum MasMethodKind
{
	MM_LATEST = 1,
	MM_HIGHEST,
	MM_MEAN,
	MM_DECAYING_AVERAGE,
	MM_WEIGHTED_AVERAGE,
	MM_N_MASTERY,
	MM_POWER_LAW,
	MM_BKT,
	MM_KIND_MAX = MM_BKT
} MasMethodKind;

#define MM_MAX_PARAMS 6
/* scores <= 0 enter the power law fit as this value (no logarithm of 0) */
#define MM_POWER_LAW_FLOOR 1e-6

typedef struct MasMethod
{
	int			kind;
	int			nparams;		/* parameters stored (defaults filled in) */
	double		p[MM_MAX_PARAMS];
} MasMethod;

/* BKT parameter positions */
enum
{
	BKT_PRIOR = 0, BKT_LEARN, BKT_SLIP, BKT_GUESS, BKT_FORGET, BKT_CUT
};

int			mm_parse(const char *s, MasMethod *m, MasErr *err);
/* Validates kind, parameter count and ranges (used by parse and receive). */
int			mm_check(const MasMethod *m, MasErr *err);
#define MM_TEXT_MAXLEN 256
size_t		mm_format(const MasMethod *m, char *buf, size_t buflen);
const char *mm_kind_name(int kind);

/* Running computation */
typedef struct MasRun
{
	const MasMethod *m;
	uint64_t	n;				/* evidence seen */
	double		last;
	double		acc;			/* max / sum / decaying value / P(L) */
	double		sum_prev;		/* weighted average: sum of all but last */
	double		scaled;			/* that sum (mean, n_mastery, weighted
								 * average) times 2^-MM_SUM_SHIFT, used when
								 * the plain sum overflows */
	uint64_t	kept;			/* n_mastery */
	double		sx,
				sy,
				sxx,
				sxy;			/* power law sums */
	bool		obs_correct;	/* bkt: last observation */
} MasRun;

/* a sum of at most 2^32 finite doubles times 2^-32 cannot overflow */
#define MM_SUM_SHIFT 32

void		mm_run_init(MasRun *r, const MasMethod *m);
void		mm_run_step(MasRun *r, double score);
/* false when the method has no value yet (no evidence, n_mastery not met) */
bool		mm_run_value(const MasRun *r, double *out);

/* BKT one step on P(L); exposed for tests and for prediction. */
double		mm_bkt_step(const MasMethod *m, double pl, bool correct);

#endif
