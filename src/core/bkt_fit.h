/*
 * bkt_fit.h: fitting Bayesian Knowledge Tracing parameters by EM
 * (Baum-Welch: forward-backward with scaling) over the right/wrong answer
 * sequences of many learners on one competency.
 *
 * The model is the one of method.c's bkt(prior, learn, slip, guess, forget):
 * P(known) at the first observation is the prior; an observation is correct
 * with probability 1 - slip when known and guess when not; after each
 * observation a learner who did not know learns with probability learn and
 * one who knew forgets with probability forget (0 in classic BKT).
 *
 * Sequences are collected in a packed form (the aggregate state): for each
 * sequence a LEB128 varint length n, then ceil(n / 8) bytes of answers (bit
 * i % 8 of byte i / 8 set when answer i was correct). Before fitting they are
 * sorted into a canonical order and identical sequences are merged with a
 * weight, so the fit depends only on the multiset of sequences, never on the
 * order they were collected in.
 *
 * Memory: no allocation here; the caller provides every array (sizes come
 * from bkt_packed_scan and bkt_fit_workspace).
 */
#ifndef MASTERY_BKT_FIT_H
#define MASTERY_BKT_FIT_H

#include "mcommon.h"
#include "method.h"

/* Packing one sequence: bytes needed, then write (returns the end). */
size_t		bkt_pack_size(uint32_t n);
uint8_t    *bkt_pack(uint8_t *p, const uint8_t *correct, uint32_t n);

/*
 * Checks a packed buffer and counts its sequences, the sequences that are
 * not empty and its observations. MAS_OK or MAS_ERR_CORRUPT.
 */
int			bkt_packed_scan(const uint8_t *buf, size_t len, uint32_t *nseq, uint64_t *nobs, MasErr *err);

/* Distinct non-empty sequences with their multiplicity, in canonical order. */
typedef struct BktSeqs
{
	uint32_t	nseq;			/* distinct sequences */
	uint32_t	maxlen;			/* longest */
	uint64_t	nobs;			/* observations in the distinct sequences */
	uint64_t	total_obs;		/* observations counting multiplicity */
	double		total_weight;	/* sequences counting multiplicity */
	double		total_correct;	/* correct answers counting multiplicity */
	uint32_t   *start;			/* nseq + 1 offsets into obs */
	uint8_t    *obs;			/* 0 or 1 per observation */
	double	   *weight;			/* multiplicity of each sequence */
} BktSeqs;

/*
 * Builds the canonical distinct sequences of a scanned buffer. The caller
 * gives: recs[nseq] (scratch), start[nseq + 1], obs[nobs], weight[nseq]
 * (nseq, nobs from bkt_packed_scan).
 */
void		bkt_seqs_build(const uint8_t *buf, size_t len, uint32_t nseq,
						   const uint8_t **recs, uint32_t *start, uint8_t *obs, double *weight,
						   BktSeqs *out);

typedef struct BktFitOptions
{
	int			restarts;		/* random starts, best log-likelihood kept (>= 1) */
	uint64_t	seed;			/* seeds the starts: same seed and data, same fit */
	bool		fit_forget;		/* fit a forgetting rate (false: forget = 0) */
	int			max_iterations; /* EM iterations per start */
	double		tolerance;		/* stop when the log-likelihood gains less */
	double		max_guess;		/* upper bounds of guess and slip */
	double		max_slip;
} BktFitOptions;

void		bkt_fit_defaults(BktFitOptions *o);
/* Checks ranges; MAS_ERR_RANGE with a detail naming the option. */
int			bkt_fit_check_options(const BktFitOptions *o, MasErr *err);

typedef struct BktParams
{
	double		prior,
				learn,
				slip,
				guess,
				forget;
} BktParams;

typedef struct BktFitResult
{
	BktParams	params;
	double		loglik;			/* natural log, of all sequences with multiplicity */
	int			iterations;		/* EM iterations of the kept start */
	bool		converged;		/* the kept start met the tolerance */
	int			best_restart;	/* 0-based */
	long		total_iterations;	/* over all starts */
	int			degenerate_case;	/* 0, or BKT_ALL_CORRECT / BKT_ALL_WRONG */
} BktFitResult;

#define BKT_ALL_CORRECT 1
#define BKT_ALL_WRONG 2

/*
 * Every few thousand observation steps of EM, the fit calls the process's
 * interrupt hook (mc_interrupt_hook of mcommon.h: in the server it checks
 * for cancellation and may not return), then poll when one is given: when
 * poll returns true the fit stops and bkt_fit returns MAS_ERR_LIMIT.
 */
typedef bool (*BktPollFn) (void *arg);

/* Doubles of workspace bkt_fit needs for these sequences. */
size_t		bkt_fit_workspace(const BktSeqs *s);

/*
 * Fits the parameters. Data with only correct (or only wrong) answers has a
 * closed-form maximum (prior 1, slip 0; or prior 0, guess 0) returned
 * without EM (degenerate_case says which). s must hold at least one
 * observation. Returns MAS_OK, or MAS_ERR_LIMIT when poll asked to stop.
 */
int			bkt_fit(const BktSeqs *s, const BktFitOptions *o, double *work,
					BktFitResult *res, BktPollFn poll, void *poll_arg, MasErr *err);

/* One EM iteration from params (exposed for tests): new params and the
 * log-likelihood of the old ones. */
double		bkt_em_step(const BktSeqs *s, const BktFitOptions *o, double *work,
						const BktParams *in, BktParams *out);

/* Log-likelihood of the sequences under params (plain forward pass). */
double		bkt_loglik(const BktSeqs *s, const BktParams *p);

/* The method value bkt(prior, learn, slip, guess, forget, cut) of a fit. */
void		bkt_params_method(const BktParams *p, double cut, MasMethod *m);

/*
 * One answer of a bkt method: returns P(correct) before it and moves *pl,
 * P(known), past it (mm_bkt_step).
 */
static inline double
bkt_predict_step(const MasMethod *m, double *pl, bool correct)
{
	double		p_correct = *pl * (1.0 - m->p[BKT_SLIP]) + (1.0 - *pl) * m->p[BKT_GUESS];

	*pl = mm_bkt_step(m, *pl, correct);
	return p_correct;
}

/*
 * Prediction along one sequence with a bkt method (bkt_predict_step):
 * p_correct[i] before answer i, p_known[i] after it.
 */
void		bkt_predict(const MasMethod *m, const uint8_t *correct, size_t n,
						double *p_correct, double *p_known);

#endif
