/*
 * mastery_scale.c: the `mastery_scale` type (a proficiency scale) and
 * mastery_level / is_mastered.
 */
#include "mastery_glue.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include <math.h>

#define PG_GETARG_SCALE(n) ((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

static struct varlena *
scale_to_varlena(MasScaleDef *def)
{
	size_t		size = ms_encoded_size(def);
	struct varlena *v = palloc0(VARHDRSZ + size);

	SET_VARSIZE(v, VARHDRSZ + ms_encode(def, (uint8_t *) VARDATA(v)));
	return v;
}

/* Stored scales are validated on the way in; this re-checks cheaply. */
static const uint8_t *
scale_bytes(Datum d)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(d);
	const uint8_t *p = MAS_BYTES(v);

	if (MAS_LEN(v) < 8 || p[0] != MS_FORMAT_VERSION || ms_stored_count(p) < 1 ||
		MAS_LEN(v) < 8 + 12 * (size_t) ms_stored_count(p) ||
		ms_stored_mastery(p) >= ms_stored_count(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type mastery_scale"),
				 errdetail("Stored scale has a bad header.")));
	return p;
}

text *
mas_scale_level_text(Datum scale, double score)
{
	const uint8_t *p = scale_bytes(scale);
	int			lvl = ms_stored_level(p, score);
	const char *label;
	size_t		len;

	if (lvl < 0)
		return NULL;
	ms_stored_label(p, lvl, &label, &len);
	return cstring_to_text_with_len(label, (int) len);
}

double
mas_scale_threshold(Datum scale)
{
	const uint8_t *p = scale_bytes(scale);

	return ms_stored_min(p, ms_stored_mastery(p));
}

PG_FUNCTION_INFO_V1(mastery_scale_in);
Datum
mastery_scale_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(s);
	MasScaleDef *def = palloc(sizeof(MasScaleDef));
	MasErr		err;

	if (ms_parse(copy, def, &err) != MAS_OK)
		mas_ereport("mastery_scale", s, &err);
	PG_RETURN_POINTER(scale_to_varlena(def));
}

PG_FUNCTION_INFO_V1(mastery_scale_out);
Datum
mastery_scale_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_SCALE(0);
	MasScaleDef *def = palloc(sizeof(MasScaleDef));
	MasErr		err;
	size_t		size;
	char	   *buf;

	if (ms_decode(MAS_BYTES(v), MAS_LEN(v), def, &err) != MAS_OK)
		mas_ereport("mastery_scale", NULL, &err);
	size = ms_text_size(def);
	buf = palloc(size);
	ms_format(def, buf, size);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: int16 level count, int16 index of the first mastered level,
 * then per level: float8 minimum, text label (int32 length + bytes).
 */
PG_FUNCTION_INFO_V1(mastery_scale_recv);
Datum
mastery_scale_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	MasScaleDef *def = palloc0(sizeof(MasScaleDef));
	int			n = (int16) pq_getmsgint(buf, 2);
	int			i;
	MasErr		err;

	def->mastery = (int16) pq_getmsgint(buf, 2);
	if (n < 1 || n > MS_MAX_LEVELS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type mastery_scale"),
				 errdetail("Level count %d is outside 1 to %d.", n, MS_MAX_LEVELS)));
	def->nlevels = n;
	for (i = 0; i < n; i++)
	{
		int			len;

		def->levels[i].min = pq_getmsgfloat8(buf);
		len = pq_getmsgint(buf, 4);
		if (len < 0 || len > MS_MAX_LABEL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary data for type mastery_scale"),
					 errdetail("Label length %d of level %d is outside 0 to %d.", len, i + 1, MS_MAX_LABEL)));
		def->levels[i].label = pq_getmsgbytes(buf, len);
		def->levels[i].label_len = (size_t) len;
		pg_verifymbstr(def->levels[i].label, len, false);
	}
	if (ms_check(def, &err) != MAS_OK)
	{
		err.code = MAS_ERR_CORRUPT;
		mas_ereport("mastery_scale", NULL, &err);
	}
	PG_RETURN_POINTER(scale_to_varlena(def));
}

PG_FUNCTION_INFO_V1(mastery_scale_send);
Datum
mastery_scale_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_SCALE(0);
	MasScaleDef *def = palloc(sizeof(MasScaleDef));
	MasErr		err;
	StringInfoData buf;
	int			i;

	if (ms_decode(MAS_BYTES(v), MAS_LEN(v), def, &err) != MAS_OK)
		mas_ereport("mastery_scale", NULL, &err);
	pq_begintypsend(&buf);
	pq_sendint16(&buf, (uint16) def->nlevels);
	pq_sendint16(&buf, (uint16) def->mastery);
	for (i = 0; i < def->nlevels; i++)
	{
		pq_sendfloat8(&buf, def->levels[i].min);
		pq_sendint32(&buf, (uint32) def->levels[i].label_len);
		pq_sendbytes(&buf, def->levels[i].label, (int) def->levels[i].label_len);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* mastery_scale(labels text[], minimums float8[], mastery_label text) */
PG_FUNCTION_INFO_V1(mastery_scale_make);
Datum
mastery_scale_make(PG_FUNCTION_ARGS)
{
	ArrayType  *labels = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *mins = PG_GETARG_ARRAYTYPE_P(1);
	text	   *mlabel = PG_GETARG_TEXT_PP(2);
	Datum	   *ld,
			   *md;
	bool	   *ln,
			   *mn;
	int			nl,
				nm,
				i;
	MasScaleDef *def = palloc0(sizeof(MasScaleDef));
	MasErr		err;

	if (ARR_NDIM(labels) > 1 || ARR_NDIM(mins) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("mastery_scale needs one-dimensional arrays"),
				 errdetail("Both arrays must be one-dimensional; got %d-dimensional labels and %d-dimensional minimums.", ARR_NDIM(labels), ARR_NDIM(mins))));
	deconstruct_array(labels, TEXTOID, -1, false, TYPALIGN_INT, &ld, &ln, &nl);
	deconstruct_array(mins, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &md, &mn, &nm);
	if (nl != nm)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("mastery_scale needs one minimum per label"),
				 errdetail("Got %d labels and %d minimums.", nl, nm)));
	if (nl > MS_MAX_LEVELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mastery_scale has at most %d levels", MS_MAX_LEVELS)));
	def->nlevels = nl;
	def->mastery = -1;
	for (i = 0; i < nl; i++)
	{
		if (ln[i] || mn[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("mastery_scale levels cannot have NULL labels or minimums"),
					 errdetail("Level %d has a NULL.", i + 1)));
		def->levels[i].label = VARDATA_ANY(DatumGetTextPP(ld[i]));
		def->levels[i].label_len = VARSIZE_ANY_EXHDR(DatumGetTextPP(ld[i]));
		def->levels[i].min = DatumGetFloat8(md[i]);
		if (def->levels[i].label_len == VARSIZE_ANY_EXHDR(mlabel) &&
			memcmp(def->levels[i].label, VARDATA_ANY(mlabel), def->levels[i].label_len) == 0)
			def->mastery = i;
	}
	if (def->mastery < 0 && nl > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mastery level \"%s\" is not one of the scale's labels", text_to_cstring(mlabel))));
	if (ms_check(def, &err) != MAS_OK)
	{
		MasErrSite	site = {"mastery_scale", NULL, false, NULL, "invalid mastery_scale"};

		err.code = MAS_ERR_INVALID;
		mas_report(&err, &site);
	}
	PG_RETURN_POINTER(scale_to_varlena(def));
}

PG_FUNCTION_INFO_V1(mastery_level_of_score);
Datum
mastery_level_of_score(PG_FUNCTION_ARGS)
{
	double		score = PG_GETARG_FLOAT8(0);
	text	   *t;

	if (isnan(score))
		PG_RETURN_NULL();
	t = mas_scale_level_text(PG_GETARG_DATUM(1), score);
	if (t == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(t);
}

PG_FUNCTION_INFO_V1(mastery_is_mastered_score);
Datum
mastery_is_mastered_score(PG_FUNCTION_ARGS)
{
	double		score = PG_GETARG_FLOAT8(0);

	if (isnan(score))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(score >= mas_scale_threshold(PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(mastery_scale_threshold);
Datum
mastery_scale_threshold(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(mas_scale_threshold(PG_GETARG_DATUM(0)));
}

/* scale_levels(scale) -> setof (level int, label text, min_score float8, mastered bool) */
PG_FUNCTION_INFO_V1(mastery_scale_levels);
Datum
mastery_scale_levels(PG_FUNCTION_ARGS)
{
	FuncCallContext *fc;
	const uint8_t *p;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;
		struct varlena *v;

		fc = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fc->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "scale_levels must be called in a context that accepts a record");
		fc->tuple_desc = BlessTupleDesc(tupdesc);
		v = (struct varlena *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		fc->user_fctx = (void *) scale_bytes(PointerGetDatum(v));
		fc->max_calls = ms_stored_count(fc->user_fctx);
		MemoryContextSwitchTo(old);
	}
	fc = SRF_PERCALL_SETUP();
	p = fc->user_fctx;
	if (fc->call_cntr < fc->max_calls)
	{
		int			i = (int) fc->call_cntr;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		const char *label;
		size_t		len;

		ms_stored_label(p, i, &label, &len);
		values[0] = Int32GetDatum(i + 1);
		values[1] = PointerGetDatum(cstring_to_text_with_len(label, (int) len));
		values[2] = Float8GetDatum(ms_stored_min(p, i));
		values[3] = BoolGetDatum(i >= ms_stored_mastery(p));
		SRF_RETURN_NEXT(fc, HeapTupleGetDatum(heap_form_tuple(fc->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fc);
}
