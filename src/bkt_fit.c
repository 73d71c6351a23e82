/*
 * bkt_fit.c: knowledge tracing in SQL.
 *
 *   bkt_fit(mastery [, options jsonb])         aggregate -> mastery_method
 *   bkt_fit_report(mastery [, options jsonb])  aggregate -> jsonb
 *   mastery_predict(mastery, method [, as_of]) P(correct) before each answer
 *   roc_auc(predicted float8, actual boolean)  aggregate -> float8
 *
 * The fit aggregates only collect answers: each mastery value becomes one
 * packed sequence of right/wrong bits (src/core/bkt_fit.h), about one bit an
 * answer plus a length byte. Combining concatenates; the final function
 * sorts the sequences canonically, merges identical ones and runs EM in the
 * core, so the result depends on the multiset of values only, not on the
 * plan or the row order.
 */
#include "mastery_glue.h"

#include <math.h>

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "bkt_fit.h"
#include "roc.h"

/* the mastery_method type's text I/O (mastery_method.c) */
extern Datum mastery_method_in(PG_FUNCTION_ARGS);
extern Datum mastery_method_out(PG_FUNCTION_ARGS);

#define BKT_STATE_VERSION 1
#define DEFAULT_CUT 0.5

typedef struct BktFitState
{
	BktFitOptions opt;
	double		cut;
	bool		have_opts;		/* options taken from the first row */
	Jsonb	   *opts_raw;		/* that row's options (NULL: defaults) */
	int64		learners;		/* values with at least one answer */
	int64		nobs;
	uint8	   *buf;			/* packed sequences */
	Size		len,
				cap;
	/* cached fit (bkt_fit and bkt_fit_report may share one state) */
	bool		fitted;
	int			fit_status;		/* 0 no answers, 1 fitted */
	BktFitResult res;
	uint32		distinct;
	uint64		distinct_obs;
} BktFitState;

/* ---------------------------------------------------------------- options */

static void
option_error(const char *key, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for option \"%s\" of bkt_fit", key),
			 errdetail("%s", detail)));
}

static double
option_number(JsonbValue *v, const char *key)
{
	double		d;

	if (v->type != jbvNumeric)
		option_error(key, psprintf("Option \"%s\" takes a JSON number.", key));
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(v->val.numeric)));
	if (!isfinite(d))
		option_error(key, psprintf("Option \"%s\" must be a finite number.", key));
	return d;
}

static int
option_int(JsonbValue *v, const char *key, double lo, double hi)
{
	double		d = option_number(v, key);

	if (d != floor(d) || d < lo || d > hi)
		option_error(key, psprintf("Option \"%s\" must be an integer from %.0f to %.0f, got %g.", key, lo, hi, d));
	return (int) d;
}

static void
parse_options(Jsonb *j, BktFitOptions *o, double *cut)
{
	JsonbIterator *it;
	JsonbValue	k,
				v;
	JsonbIteratorToken tok;
	MasErr		err;

	bkt_fit_defaults(o);
	*cut = DEFAULT_CUT;
	if (j == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(j))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("options of bkt_fit must be a JSON object"),
				 errdetail("Options look like {\"restarts\": 10, \"seed\": 7}.")));
	it = JsonbIteratorInit(&j->root);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		char	   *key;

		if (tok != WJB_KEY)
			continue;
		JsonbIteratorNext(&it, &v, true);
		key = pnstrdup(k.val.string.val, k.val.string.len);
		if (strcmp(key, "cut") == 0)
			*cut = option_number(&v, key);
		else if (strcmp(key, "restarts") == 0)
			o->restarts = option_int(&v, key, 1, 1000);
		else if (strcmp(key, "seed") == 0)
		{
			double		d = option_number(&v, key);

			if (d != floor(d) || d < -9007199254740992.0 || d > 9007199254740992.0)
				option_error(key, psprintf("Option \"seed\" must be an integer between -2^53 and 2^53, got %g.", d));
			o->seed = (uint64) (int64) d;
		}
		else if (strcmp(key, "forget") == 0)
		{
			if (v.type != jbvBool)
				option_error(key, "Option \"forget\" takes true (fit a forgetting rate) or false (classic BKT).");
			o->fit_forget = v.val.boolean;
		}
		else if (strcmp(key, "max_iterations") == 0)
			o->max_iterations = option_int(&v, key, 1, 100000);
		else if (strcmp(key, "tolerance") == 0)
			o->tolerance = option_number(&v, key);
		else if (strcmp(key, "max_guess") == 0)
			o->max_guess = option_number(&v, key);
		else if (strcmp(key, "max_slip") == 0)
			o->max_slip = option_number(&v, key);
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown option \"%s\" of bkt_fit", key),
					 errdetail("Known options: cut, restarts, seed, forget, max_iterations, tolerance, max_guess, max_slip.")));
	}
	if (bkt_fit_check_options(o, &err) != MAS_OK)
	{
		MasErrSite	site = {"bkt_fit", NULL, false, NULL, "invalid options of bkt_fit"};

		err.code = MAS_ERR_INVALID;
		mas_report(&err, &site);
	}
}

/* ---------------------------------------------------------------- aggregate state */

static BktFitState *
state_new(MemoryContext ctx)
{
	BktFitState *st = MemoryContextAllocZero(ctx, sizeof(BktFitState));

	bkt_fit_defaults(&st->opt);
	st->cut = DEFAULT_CUT;
	st->cap = 1024;
	st->buf = MemoryContextAlloc(ctx, st->cap);
	return st;
}

static void
state_reserve(BktFitState *st, Size more)
{
	Size		need = st->len + more;

	if (need <= st->cap)
		return;
	if (need > MaxAllocSize - VARHDRSZ - 1024)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many answers for one bkt_fit"),
				 errdetail("The collected answers would take more than 1 GB (about 8 billion answers)."),
				 errhint("Fit fewer learners at a time, e.g. a sample of them.")));
	st->cap = Max(need, Min(st->cap * 2, MaxAllocSize - VARHDRSZ - 1024));
	st->buf = repalloc(st->buf, st->cap);
}

static bool
same_options(Jsonb *a, Jsonb *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

static void
options_differ(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("options of bkt_fit differ between rows of one group"),
			 errdetail("Every row of a group must pass the same options."),
			 errhint("Pass the options as a constant.")));
}

PG_FUNCTION_INFO_V1(bkt_fit_trans);
Datum
bkt_fit_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "bkt_fit_trans");
	BktFitState *st = PG_ARGISNULL(0) ? NULL : (BktFitState *) PG_GETARG_POINTER(0);
	Jsonb	   *opts = (PG_NARGS() > 2 && !PG_ARGISNULL(2)) ? PG_GETARG_JSONB_P(2) : NULL;
	struct varlena *v;
	MasIter		it;
	MasItem		item;
	MasErr		err;
	uint32		n,
				i = 0;
	uint8	   *p;
	int			r;

	if (st == NULL)
		st = state_new(ctx);
	if (!st->have_opts)
	{
		parse_options(opts, &st->opt, &st->cut);
		if (opts)
		{
			st->opts_raw = MemoryContextAlloc(ctx, VARSIZE(opts));
			memcpy(st->opts_raw, opts, VARSIZE(opts));
		}
		st->have_opts = true;
	}
	else if (!same_options(st->opts_raw, opts))
		options_differ();
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);

	v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1));
	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	n = it.n;
	if (n == 0)
		PG_RETURN_POINTER(st);
	st->fitted = false;
	state_reserve(st, bkt_pack_size(n));
	p = mc_put_varint(st->buf + st->len, n);
	memset(p, 0, (n + 7) / 8);
	while ((r = mas_iter_next(&it, &item)) > 0 && i < n)
	{
		if (item.score >= st->cut)
			p[i >> 3] |= (uint8) (1u << (i & 7));
		i++;
	}
	if (r < 0 || i != n)
	{
		mas_err(&err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
		mas_ereport("mastery", NULL, &err);
	}
	st->len = (Size) (p - st->buf) + (n + 7) / 8;
	st->learners++;
	st->nobs += n;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(bkt_fit_combine);
Datum
bkt_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "bkt_fit_combine");
	BktFitState *a = PG_ARGISNULL(0) ? NULL : (BktFitState *) PG_GETARG_POINTER(0);
	BktFitState *b = PG_ARGISNULL(1) ? NULL : (BktFitState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = state_new(ctx);
		a->opt = b->opt;
		a->cut = b->cut;
		a->have_opts = b->have_opts;
		if (b->opts_raw)
		{
			a->opts_raw = MemoryContextAlloc(ctx, VARSIZE(b->opts_raw));
			memcpy(a->opts_raw, b->opts_raw, VARSIZE(b->opts_raw));
		}
	}
	else if (a->have_opts && b->have_opts && !same_options(a->opts_raw, b->opts_raw))
		options_differ();
	else if (!a->have_opts && b->have_opts)
	{
		a->opt = b->opt;
		a->cut = b->cut;
		a->have_opts = true;
		if (b->opts_raw)
		{
			a->opts_raw = MemoryContextAlloc(ctx, VARSIZE(b->opts_raw));
			memcpy(a->opts_raw, b->opts_raw, VARSIZE(b->opts_raw));
		}
	}
	state_reserve(a, b->len);
	memcpy(a->buf + a->len, b->buf, b->len);
	a->len += b->len;
	a->learners += b->learners;
	a->nobs += b->nobs;
	a->fitted = false;
	PG_RETURN_POINTER(a);
}

/* version, options, cut, raw options, counts, packed sequences */
PG_FUNCTION_INFO_V1(bkt_fit_serialize);
Datum
bkt_fit_serialize(PG_FUNCTION_ARGS)
{
	BktFitState *st = (BktFitState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	uint32		rawlen = st->opts_raw ? VARSIZE(st->opts_raw) : 0;

	mas_agg_context(fcinfo, "bkt_fit_serialize");
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, BKT_STATE_VERSION);
	pq_sendbyte(&buf, st->have_opts);
	pq_sendint32(&buf, rawlen);
	if (rawlen)
		pq_sendbytes(&buf, (const char *) st->opts_raw, rawlen);
	pq_sendint64(&buf, st->learners);
	pq_sendint64(&buf, st->nobs);
	pq_sendbytes(&buf, (const char *) st->buf, st->len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(bkt_fit_deserialize);
Datum
bkt_fit_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "bkt_fit_deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	BktFitState *st = state_new(ctx);
	uint32		rawlen;
	Size		rest;

	buf.data = VARDATA_ANY(in);
	buf.len = VARSIZE_ANY_EXHDR(in);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (pq_getmsgbyte(&buf) != BKT_STATE_VERSION)
		elog(ERROR, "unexpected bkt_fit state version");
	st->have_opts = pq_getmsgbyte(&buf) != 0;
	rawlen = pq_getmsgint(&buf, 4);
	if (rawlen)
	{
		st->opts_raw = MemoryContextAlloc(ctx, rawlen);
		pq_copymsgbytes(&buf, (char *) st->opts_raw, rawlen);
	}
	if (st->have_opts)
		parse_options(st->opts_raw, &st->opt, &st->cut);
	st->learners = pq_getmsgint64(&buf);
	st->nobs = pq_getmsgint64(&buf);
	rest = buf.len - buf.cursor;
	state_reserve(st, rest);
	pq_copymsgbytes(&buf, (char *) st->buf, rest);
	st->len = rest;
	PG_RETURN_POINTER(st);
}

/* ---------------------------------------------------------------- fitting */

static void
run_fit(BktFitState *st)
{
	uint32		nseq;
	uint64		nobs;
	MasErr		err;
	BktSeqs		seqs;
	const uint8_t **recs;
	uint32	   *start;
	uint8	   *obs;
	double	   *weight,
			   *work;
	int			rc;

	if (st->fitted)
		return;
	if (bkt_packed_scan(st->buf, st->len, &nseq, &nobs, &err) != MAS_OK)
		mas_ereport("bkt_fit state", NULL, &err);
	st->fit_status = 0;
	st->distinct = 0;
	if (nseq == 0)
	{
		st->fitted = true;
		return;
	}
	recs = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(*recs) * (Size) nseq);
	start = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(uint32) * ((Size) nseq + 1));
	obs = MemoryContextAllocHuge(CurrentMemoryContext, (Size) nobs);
	weight = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * (Size) nseq);
	bkt_seqs_build(st->buf, st->len, nseq, recs, start, obs, weight, &seqs);
	pfree(recs);
	work = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * bkt_fit_workspace(&seqs));
	rc = bkt_fit(&seqs, &st->opt, work, &st->res, NULL, NULL, &err);	/* cancellation: the core interrupt hook */
	if (rc != MAS_OK)
		ereport(ERROR,
				(errcode(ERRCODE_QUERY_CANCELED),
				 errmsg("bkt_fit was interrupted")));
	st->distinct = seqs.nseq;
	st->distinct_obs = seqs.nobs;
	st->fit_status = 1;
	st->fitted = true;
	pfree(start);
	pfree(obs);
	pfree(weight);
	pfree(work);
}

static Datum
method_datum(const BktFitState *st)
{
	MasMethod	m;
	char		buf[MM_TEXT_MAXLEN];

	bkt_params_method(&st->res.params, st->cut, &m);
	mm_format(&m, buf, sizeof(buf));
	return DirectFunctionCall1(mastery_method_in, CStringGetDatum(buf));
}

PG_FUNCTION_INFO_V1(bkt_fit_final);
Datum
bkt_fit_final(PG_FUNCTION_ARGS)
{
	BktFitState *st = PG_ARGISNULL(0) ? NULL : (BktFitState *) PG_GETARG_POINTER(0);

	mas_agg_context(fcinfo, "bkt_fit_final");
	if (st == NULL)
		PG_RETURN_NULL();
	run_fit(st);
	if (st->fit_status == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(method_datum(st));
}

static void
json_key_number(StringInfo buf, const char *key, double v)
{
	appendStringInfo(buf, ", \"%s\": ", key);
	mas_json_number(buf, v);
}

static void
add_warning(StringInfo w, const char *text)
{
	if (w->len > 0)
		appendStringInfoString(w, "; ");
	appendStringInfoString(w, text);
}

#define FEW_LEARNERS 10
#define FEW_OBSERVATIONS 100

PG_FUNCTION_INFO_V1(bkt_fit_report_final);
Datum
bkt_fit_report_final(PG_FUNCTION_ARGS)
{
	BktFitState *st = PG_ARGISNULL(0) ? NULL : (BktFitState *) PG_GETARG_POINTER(0);
	StringInfoData buf,
				w;
	const BktParams *p;
	const BktFitOptions *o;

	mas_agg_context(fcinfo, "bkt_fit_report_final");
	if (st == NULL)
		PG_RETURN_NULL();
	run_fit(st);
	o = &st->opt;
	initStringInfo(&buf);
	initStringInfo(&w);
	if (st->fit_status == 0)
	{
		appendStringInfo(&buf, "{\"method\": null, \"learners\": 0, \"observations\": 0, "
						 "\"warning\": \"no observations: nothing to fit\"}");
		PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
	}
	p = &st->res.params;
	appendStringInfoString(&buf, "{\"method\": ");
	escape_json(&buf, DatumGetCString(DirectFunctionCall1(mastery_method_out, method_datum(st))));
	json_key_number(&buf, "prior", p->prior);
	json_key_number(&buf, "learn", p->learn);
	json_key_number(&buf, "slip", p->slip);
	json_key_number(&buf, "guess", p->guess);
	json_key_number(&buf, "forget", p->forget);
	json_key_number(&buf, "cut", st->cut);
	json_key_number(&buf, "log_likelihood", st->res.loglik);
	appendStringInfo(&buf, ", \"iterations\": %d, \"converged\": %s, \"restarts\": %d, \"best_restart\": %d, "
					 "\"total_iterations\": %ld, \"learners\": " INT64_FORMAT ", \"observations\": " INT64_FORMAT
					 ", \"distinct_sequences\": %u, \"distinct_observations\": " UINT64_FORMAT
					 ", \"state_bytes\": %zu",
					 st->res.iterations, st->res.converged ? "true" : "false",
					 st->res.degenerate_case ? 0 : o->restarts, st->res.best_restart + 1,
					 st->res.total_iterations, st->learners, st->nobs, st->distinct,
					 st->distinct_obs, (size_t) st->len);

	if (st->res.degenerate_case == BKT_ALL_CORRECT)
		add_warning(&w, "every answer is correct: prior 1 and slip 0 fit perfectly, learn and guess have no evidence");
	else if (st->res.degenerate_case == BKT_ALL_WRONG)
		add_warning(&w, "every answer is wrong: prior 0, learn 0 and guess 0 fit perfectly (no learner is predicted to learn)");
	else
	{
		if (p->guess > 0.5)
			add_warning(&w, "degenerate: guess above 0.5 (a learner who does not know answers right more often than not)");
		else if (p->guess >= o->max_guess * (1 - 1e-9))
			add_warning(&w, psprintf("guess stopped at its bound %g (option max_guess): the data pull it higher, a sign of model degeneracy", o->max_guess));
		if (p->slip > 0.5)
			add_warning(&w, "degenerate: slip above 0.5 (a learner who knows answers wrong more often than not)");
		else if (p->slip >= o->max_slip * (1 - 1e-9))
			add_warning(&w, psprintf("slip stopped at its bound %g (option max_slip): the data pull it higher, a sign of model degeneracy", o->max_slip));
		if (!st->res.converged)
			add_warning(&w, psprintf("EM did not converge within %d iterations (options max_iterations, tolerance)", o->max_iterations));
	}
	if (st->learners < FEW_LEARNERS || st->nobs < FEW_OBSERVATIONS)
		add_warning(&w, psprintf("too little data (" INT64_FORMAT " learners, " INT64_FORMAT " observations; at least %d and %d advised): the parameters are poorly determined",
								 st->learners, st->nobs, FEW_LEARNERS, FEW_OBSERVATIONS));
	appendStringInfoString(&buf, ", \"warning\": ");
	if (w.len > 0)
		escape_json(&buf, w.data);
	else
		appendStringInfoString(&buf, "null");
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}

/* ---------------------------------------------------------------- prediction */

/*
 * mastery_predict fills its result in one call (materialize mode): the
 * forward pass is one loop, and each row goes straight into the tuplestore.
 */
PG_FUNCTION_INFO_V1(mastery_predict);
Datum
mastery_predict(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	desc;
	Tuplestorestate *store;
	MemoryContext old;
	MasMethod	m;
	struct varlena *v;
	MasIter		it;
	MasItem		item;
	MasErr		err;
	bool		has_as_of = PG_NARGS() > 2;
	TimestampTz as_of = has_as_of ? PG_GETARG_TIMESTAMPTZ(2) : 0;
	double		pl;
	int32		step = 0;
	int			r;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));
	mas_method_from_datum(PG_GETARG_DATUM(1), &m);
	if (m.kind != MM_BKT)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("method %s does not predict answers", mm_kind_name(m.kind)),
				 errdetail("Only bkt(prior, learn, slip, guess [, forget [, cut]]) gives the probability of a correct answer."),
				 errhint("Fit one with bkt_fit(mastery).")));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	desc = CreateTupleDescCopy(desc);
	store = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
								  false, work_mem);
	MemoryContextSwitchTo(old);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = desc;

	v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	/* the forward pass of bkt_predict, one answer at a time */
	pl = m.p[BKT_PRIOR];
	while ((r = mas_iter_next(&it, &item)) > 0)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};
		bool		correct = item.score >= m.p[BKT_CUT];
		double		p_correct;

		if (has_as_of && !item.at_null && item.at > as_of)
			break;
		p_correct = bkt_predict_step(&m, &pl, correct);
		values[0] = Int32GetDatum(++step);
		values[1] = TimestampTzGetDatum(item.at);
		nulls[1] = item.at_null;
		values[2] = Float8GetDatum(item.score);
		values[3] = BoolGetDatum(correct);
		values[4] = Float8GetDatum(p_correct);
		values[5] = Float8GetDatum(pl);
		tuplestore_putvalues(store, desc, values, nulls);
		if ((step & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (r < 0)
	{
		mas_err(&err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
		mas_ereport("mastery", NULL, &err);
	}
	return (Datum) 0;
}

/* ---------------------------------------------------------------- roc_auc */

typedef struct RocState
{
	double	   *v[2];			/* predictions of negatives [0], positives [1] */
	Size		n[2],
				cap[2];
} RocState;

static void
roc_reserve(MemoryContext ctx, RocState *st, int k, Size more)
{
	Size		need = st->n[k] + more;

	if (need <= st->cap[k])
		return;
	if (need > MaxAllocHugeSize / sizeof(double) / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows for roc_auc")));
	st->cap[k] = Max(need, Max(st->cap[k] * 2, 256));
	if (st->v[k] == NULL)
		st->v[k] = MemoryContextAllocHuge(ctx, st->cap[k] * sizeof(double));
	else
		st->v[k] = repalloc_huge(st->v[k], st->cap[k] * sizeof(double));
}

PG_FUNCTION_INFO_V1(roc_auc_trans);
Datum
roc_auc_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "roc_auc_trans");
	RocState   *st = PG_ARGISNULL(0) ? NULL : (RocState *) PG_GETARG_POINTER(0);
	double		x;
	int			k;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	x = PG_GETARG_FLOAT8(1);
	if (isnan(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("roc_auc cannot rank a NaN prediction"),
				 errhint("Leave a prediction NULL to skip it.")));
	k = PG_GETARG_BOOL(2) ? 1 : 0;
	if (st == NULL)
		st = MemoryContextAllocZero(ctx, sizeof(RocState));
	if (st->n[k] == st->cap[k])
		roc_reserve(ctx, st, k, 1);
	st->v[k][st->n[k]++] = x + 0.0;	/* -0 ranks as 0 */
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(roc_auc_combine);
Datum
roc_auc_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "roc_auc_combine");
	RocState   *a = PG_ARGISNULL(0) ? NULL : (RocState *) PG_GETARG_POINTER(0);
	RocState   *b = PG_ARGISNULL(1) ? NULL : (RocState *) PG_GETARG_POINTER(1);
	int			k;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = MemoryContextAllocZero(ctx, sizeof(RocState));
	for (k = 0; k < 2; k++)
		if (b->n[k] > 0)
		{
			roc_reserve(ctx, a, k, b->n[k]);
			memcpy(a->v[k] + a->n[k], b->v[k], b->n[k] * sizeof(double));
			a->n[k] += b->n[k];
		}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(roc_auc_serialize);
Datum
roc_auc_serialize(PG_FUNCTION_ARGS)
{
	RocState   *st = (RocState *) PG_GETARG_POINTER(0);
	Size		size = 2 * sizeof(uint64) + (st->n[0] + st->n[1]) * sizeof(double);
	bytea	   *out;
	char	   *p;
	uint64		n0 = st->n[0],
				n1 = st->n[1];

	mas_agg_context(fcinfo, "roc_auc_serialize");
	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows for a parallel roc_auc"),
				 errhint("SET max_parallel_workers_per_gather = 0 for more than 130 million rows.")));
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	p = VARDATA(out);
	memcpy(p, &n0, sizeof(uint64));
	memcpy(p + sizeof(uint64), &n1, sizeof(uint64));
	p += 2 * sizeof(uint64);
	if (n0)
		memcpy(p, st->v[0], n0 * sizeof(double));
	if (n1)
		memcpy(p + n0 * sizeof(double), st->v[1], n1 * sizeof(double));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(roc_auc_deserialize);
Datum
roc_auc_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "roc_auc_deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	RocState   *st = MemoryContextAllocZero(ctx, sizeof(RocState));
	uint64		n[2];
	int			k;

	if (len < 2 * sizeof(uint64))
		elog(ERROR, "malformed roc_auc state");
	memcpy(&n[0], p, sizeof(uint64));
	memcpy(&n[1], p + sizeof(uint64), sizeof(uint64));
	if (len != 2 * sizeof(uint64) + (n[0] + n[1]) * sizeof(double))
		elog(ERROR, "malformed roc_auc state");
	p += 2 * sizeof(uint64);
	for (k = 0; k < 2; k++)
		if (n[k] > 0)
		{
			roc_reserve(ctx, st, k, n[k]);
			memcpy(st->v[k], p, n[k] * sizeof(double));
			st->n[k] = n[k];
			p += n[k] * sizeof(double);
		}
	PG_RETURN_POINTER(st);
}

/* ascending order of predictions (no NaN here) */
static int
double_cmp(const void *a, const void *b, void *arg)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

PG_FUNCTION_INFO_V1(roc_auc_final);
Datum
roc_auc_final(PG_FUNCTION_ARGS)
{
	RocState   *st = PG_ARGISNULL(0) ? NULL : (RocState *) PG_GETARG_POINTER(0);
	double	   *pos,
			   *neg;

	mas_agg_context(fcinfo, "roc_auc_final");
	if (st == NULL || st->n[0] == 0 || st->n[1] == 0)
		PG_RETURN_NULL();
	/* sort copies: the state may be shared or reused (window frames) */
	neg = MemoryContextAllocHuge(CurrentMemoryContext, st->n[0] * sizeof(double));
	pos = MemoryContextAllocHuge(CurrentMemoryContext, st->n[1] * sizeof(double));
	memcpy(neg, st->v[0], st->n[0] * sizeof(double));
	memcpy(pos, st->v[1], st->n[1] * sizeof(double));
	qsort_interruptible(neg, st->n[0], sizeof(double), double_cmp, NULL);
	qsort_interruptible(pos, st->n[1], sizeof(double), double_cmp, NULL);
	PG_RETURN_FLOAT8(roc_auc_sorted(pos, st->n[1], neg, st->n[0]));
}
