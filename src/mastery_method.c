/*
 * mastery_method.c: the `mastery_method` type and the functions that apply
 * a method to a mastery value: mastery_score, mastery_explain.
 *
 * Stored form: version u8, kind u8, parameter count u8, reserved u8, then the
 * parameters as little-endian float8.
 */
#include "mastery_glue.h"

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#define MM_FORMAT_VERSION 1

static struct varlena *
method_to_varlena(const MasMethod *m)
{
	size_t		size = 4 + 8 * (size_t) m->nparams;
	struct varlena *v = palloc0(VARHDRSZ + size);
	uint8_t    *p = (uint8_t *) VARDATA(v);
	int			i;

	SET_VARSIZE(v, VARHDRSZ + size);
	p[0] = MM_FORMAT_VERSION;
	p[1] = (uint8_t) m->kind;
	p[2] = (uint8_t) m->nparams;
	for (i = 0; i < m->nparams; i++)
	{
		uint64_t	bits;
		double		v = m->p[i] + 0.0;	/* -0 becomes 0: one stored form per value */

		memcpy(&bits, &v, 8);
		mc_put_u64(p + 4 + 8 * i, bits);
	}
	return v;
}

void
mas_method_from_datum(Datum d, MasMethod *m)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(d);
	const uint8_t *p = MAS_BYTES(v);
	size_t		len = MAS_LEN(v);
	int			i;
	MasErr		err;

	memset(m, 0, sizeof(*m));
	if (len < 4 || p[0] != MM_FORMAT_VERSION || p[2] > MM_MAX_PARAMS || len != 4 + 8 * (size_t) p[2])
	{
		mas_err(&err, MAS_ERR_CORRUPT, "Stored method has a bad header or length.");
		mas_ereport("mastery_method", NULL, &err);
	}
	m->kind = p[1];
	m->nparams = p[2];
	for (i = 0; i < m->nparams; i++)
	{
		uint64_t	bits = mc_get_u64(p + 4 + 8 * i);

		memcpy(&m->p[i], &bits, 8);
	}
}

PG_FUNCTION_INFO_V1(mastery_method_in);
Datum
mastery_method_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	MasMethod	m;
	MasErr		err;

	if (mm_parse(s, &m, &err) != MAS_OK)
		mas_ereport("mastery_method", s, &err);
	PG_RETURN_POINTER(method_to_varlena(&m));
}

PG_FUNCTION_INFO_V1(mastery_method_out);
Datum
mastery_method_out(PG_FUNCTION_ARGS)
{
	MasMethod	m;
	char	   *buf = palloc(MM_TEXT_MAXLEN);

	mas_method_from_datum(PG_GETARG_DATUM(0), &m);
	mm_format(&m, buf, MM_TEXT_MAXLEN);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: int8 version (1), int8 kind, int8 count, count x float8. */
PG_FUNCTION_INFO_V1(mastery_method_recv);
Datum
mastery_method_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	MasMethod	m;
	int			i;
	MasErr		err;

	memset(&m, 0, sizeof(m));
	m.kind = pq_getmsgbyte(buf);
	m.nparams = pq_getmsgbyte(buf);
	if (version != MM_FORMAT_VERSION || m.nparams > MM_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type mastery_method"),
				 errdetail("Expected version %d and at most %d parameters, got version %d and %d parameters.",
						   MM_FORMAT_VERSION, MM_MAX_PARAMS, version, m.nparams)));
	for (i = 0; i < m.nparams; i++)
		m.p[i] = pq_getmsgfloat8(buf);
	if (mm_check(&m, &err) != MAS_OK)
	{
		err.code = MAS_ERR_CORRUPT;
		mas_ereport("mastery_method", NULL, &err);
	}
	PG_RETURN_POINTER(method_to_varlena(&m));
}

PG_FUNCTION_INFO_V1(mastery_method_send);
Datum
mastery_method_send(PG_FUNCTION_ARGS)
{
	MasMethod	m;
	StringInfoData buf;
	int			i;

	mas_method_from_datum(PG_GETARG_DATUM(0), &m);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, MM_FORMAT_VERSION);
	pq_sendbyte(&buf, m.kind);
	pq_sendbyte(&buf, m.nparams);
	for (i = 0; i < m.nparams; i++)
		pq_sendfloat8(&buf, m.p[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(mastery_method_name);
Datum
mastery_method_name(PG_FUNCTION_ARGS)
{
	MasMethod	m;

	mas_method_from_datum(PG_GETARG_DATUM(0), &m);
	PG_RETURN_TEXT_P(cstring_to_text(mm_kind_name(m.kind)));
}

/* ---------------------------------------------------------------- comparison */

/* Methods order by kind (in the order of the documentation), then parameters. */
static int
method_cmp(FunctionCallInfo fcinfo)
{
	MasMethod	a,
				b;
	int			i;

	mas_method_from_datum(PG_GETARG_DATUM(0), &a);
	mas_method_from_datum(PG_GETARG_DATUM(1), &b);
	if (a.kind != b.kind)
		return a.kind < b.kind ? -1 : 1;
	for (i = 0; i < a.nparams && i < b.nparams; i++)
		if (a.p[i] != b.p[i])
			return a.p[i] < b.p[i] ? -1 : 1;
	return a.nparams == b.nparams ? 0 : a.nparams < b.nparams ? -1 : 1;
}

PG_FUNCTION_INFO_V1(mastery_method_cmp);
Datum
mastery_method_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(method_cmp(fcinfo));
}

#define METHOD_CMP_FN(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(method_cmp(fcinfo) op 0); }

METHOD_CMP_FN(mastery_method_eq, ==)
METHOD_CMP_FN(mastery_method_ne, !=)
METHOD_CMP_FN(mastery_method_lt, <)
METHOD_CMP_FN(mastery_method_le, <=)
METHOD_CMP_FN(mastery_method_gt, >)
METHOD_CMP_FN(mastery_method_ge, >=)

/* equal methods have identical stored bytes (parameters are normalised) */
PG_FUNCTION_INFO_V1(mastery_method_hash);
Datum
mastery_method_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));

	return hash_any(MAS_BYTES(v), (int) MAS_LEN(v));
}

/* ---------------------------------------------------------------- scoring */

/*
 * Run the method over the evidence assessed at or before as_of (items
 * without a time count as the oldest). Returns false when there is no value.
 */
static bool
run_method(struct varlena *v, const MasMethod *m, bool has_as_of, TimestampTz as_of, double *out)
{
	MasIter		it;
	MasItem		item;
	MasRun		run;
	MasErr		err;
	int			r;

	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	mm_run_init(&run, m);
	while ((r = mas_iter_next(&it, &item)) > 0)
	{
		CHECK_FOR_INTERRUPTS();
		if (has_as_of && !item.at_null && item.at > as_of)
			break;
		mm_run_step(&run, item.score);
	}
	if (r < 0)
	{
		mas_err(&err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
		mas_ereport("mastery", NULL, &err);
	}
	return mm_run_value(&run, out);
}

PG_FUNCTION_INFO_V1(mastery_score);
Datum
mastery_score(PG_FUNCTION_ARGS)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	MasMethod	m;
	double		out;
	bool		has_as_of = PG_NARGS() > 2;

	mas_method_from_datum(PG_GETARG_DATUM(1), &m);
	if (!run_method(v, &m, has_as_of, has_as_of ? PG_GETARG_TIMESTAMPTZ(2) : 0, &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

/* mastery_level(mastery, method, scale): convenience over mastery_score */
/* the value of (mastery, method) arguments 0 and 1, without a cut-off */
static bool
score_of_args(FunctionCallInfo fcinfo, double *out)
{
	MasMethod	m;

	mas_method_from_datum(PG_GETARG_DATUM(1), &m);
	return run_method((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0)), &m, false, 0, out);
}

PG_FUNCTION_INFO_V1(mastery_level_of_mastery);
Datum
mastery_level_of_mastery(PG_FUNCTION_ARGS)
{
	double		out;
	text	   *t;

	if (!score_of_args(fcinfo, &out))
		PG_RETURN_NULL();
	t = mas_scale_level_text(PG_GETARG_DATUM(2), out);
	if (t == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(t);
}

PG_FUNCTION_INFO_V1(mastery_is_mastered_of_mastery);
Datum
mastery_is_mastered_of_mastery(PG_FUNCTION_ARGS)
{
	double		out;

	/* not strict: no evidence at all is not mastered; no method or scale is unknown */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	if (!score_of_args(fcinfo, &out))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(out >= mas_scale_threshold(PG_GETARG_DATUM(2)));
}

/* ---------------------------------------------------------------- steps */

/*
 * Walk the evidence with a method, calling back after each step with the
 * running value. Shared by mastery_explain and the functions of
 * 20_progress.sql (progression.c).
 */
MasStep *
mas_walk_steps(struct varlena *v, const MasMethod *m, uint32 *nsteps)
{
	MasIter		it;
	MasRun		run;
	MasErr		err;
	MasStep    *steps;
	int			r;
	uint32		k = 0;

	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	steps = palloc(sizeof(MasStep) * (it.n + 1));
	mm_run_init(&run, m);
	while ((r = mas_iter_next(&it, &steps[k].item)) > 0)
	{
		CHECK_FOR_INTERRUPTS();
		mm_run_step(&run, steps[k].item.score);
		steps[k].step = k + 1;
		steps[k].has_value = mm_run_value(&run, &steps[k].value);
		steps[k].correct = run.obs_correct;
		k++;
	}
	if (r < 0)
	{
		mas_err(&err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
		mas_ereport("mastery", NULL, &err);
	}
	*nsteps = k;
	return steps;
}

/* appends ', "value": v[, "level": l]' */
static void
json_value_level(StringInfo buf, bool has_value, double value, Datum scale, bool has_scale)
{
	appendStringInfoString(buf, ", \"value\": ");
	if (has_value)
		mas_json_number(buf, value);
	else
		appendStringInfoString(buf, "null");
	if (has_scale)
	{
		text	   *lvl = has_value ? mas_scale_level_text(scale, value) : NULL;

		appendStringInfoString(buf, ", \"level\": ");
		if (lvl)
			escape_json(buf, text_to_cstring(lvl));
		else
			appendStringInfoString(buf, "null");
	}
}

/*
 * mastery_explain(mastery, method [, scale]): the computation step by step,
 * as jsonb: {"method", "evidence_count", "value", ["level", "mastered"],
 * "steps": [{"step", "at", "seq", "score", ["correct"], "value", ["level"]}]}.
 */
PG_FUNCTION_INFO_V1(mastery_explain);
Datum
mastery_explain(PG_FUNCTION_ARGS)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	bool		has_scale = PG_NARGS() > 2;
	Datum		scale = has_scale ? PG_GETARG_DATUM(2) : (Datum) 0;
	MasMethod	m;
	MasStep    *steps,
			   *last;
	uint32		n,
				i;
	StringInfoData buf;
	char		mtext[MM_TEXT_MAXLEN];

	mas_method_from_datum(PG_GETARG_DATUM(1), &m);
	steps = mas_walk_steps(v, &m, &n);
	mm_format(&m, mtext, sizeof(mtext));
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"method\": \"%s\", \"evidence_count\": %u, \"steps\": [", mtext, n);
	for (i = 0; i < n; i++)
	{
		MasStep    *s = &steps[i];

		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&buf, "%s{\"step\": %u, \"at\": ", i > 0 ? ", " : "", s->step);
		mas_json_time(&buf, s->item.at_null, s->item.at);
		if (s->item.seq_null)
			appendStringInfoString(&buf, ", \"seq\": null");
		else
			appendStringInfo(&buf, ", \"seq\": " INT64_FORMAT, s->item.seq);
		appendStringInfoString(&buf, ", \"score\": ");
		mas_json_number(&buf, s->item.score);
		if (m.kind == MM_BKT)
			appendStringInfo(&buf, ", \"correct\": %s", s->correct ? "true" : "false");
		json_value_level(&buf, s->has_value, s->value, scale, has_scale);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, ']');
	last = n > 0 ? &steps[n - 1] : NULL;
	json_value_level(&buf, last && last->has_value, last ? last->value : 0, scale, has_scale);
	if (has_scale)
		appendStringInfo(&buf, ", \"mastered\": %s",
						 last && last->has_value && last->value >= mas_scale_threshold(scale) ? "true" : "false");
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
