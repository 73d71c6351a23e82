/*
 * interop_evidence.c - evidence rows from xAPI statements and OneRoster 1.2
 * results: xapi_evidence and oneroster_evidence.
 */
#include "interop_json.h"

#include <string.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "interop_scalar.h"

PG_FUNCTION_INFO_V1(mastery_xapi_evidence);
PG_FUNCTION_INFO_V1(mastery_oneroster_evidence);

static inline void
set_text(Datum *values, bool *nulls, int i, text *t)
{
	nulls[i] = (t == NULL);
	values[i] = t ? PointerGetDatum(t) : (Datum) 0;
}

/*
 * The records of an input that is one record, an array of records, or an API
 * envelope {"<plural>": [...]} (or {"<singular>": {...}}).  Sets *arr (NULL
 * for a single record) or *single, and names the place for errors.
 */
static void
input_records(Jsonb *jb, const char *kind, const char *singular, const char *plural,
			  IopLoc *loc, JsonbContainer **arr, JsonbContainer **single)
{
	JsonbValue	v;

	*arr = NULL;
	*single = NULL;
	iop_loc_init(loc, kind, singular);
	if (iop_root_is_array(jb))
	{
		*arr = &jb->root;
		return;
	}
	if (!iop_root_is_object(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s: expected a JSON object or array, got %s",
						kind, iop_root_type_name(jb)),
				 errdetail("Pass one %s object, an array of them, or an object with the key \"%s\".",
						   singular, plural)));
	if (iop_get(&jb->root, plural, &v))
	{
		*arr = iop_array(&jb->root, plural, loc, true);
		return;
	}
	if (iop_get(&jb->root, singular, &v) && v.type == jbvBinary)
	{
		*single = iop_object(&jb->root, singular, loc, true);
		iop_loc_name(loc, singular);
		return;
	}
	*single = &jb->root;
	iop_loc_name(loc, singular);
}

/* ---------------------------------------------------------------- xAPI */

/* The learner's text form from an xAPI actor (Agent or identified Group). */
static text *
xapi_learner(JsonbContainer *actor, const IopLoc *aloc)
{
	static const char *const ifis[] = {"mbox", "mbox_sha1sum", "openid", "account"};
	JsonbValue	v;
	int			found = -1;
	int			count = 0;

	for (int k = 0; k < 4; k++)
	{
		if (iop_get(actor, ifis[k], &v))
		{
			if (found < 0)
				found = k;
			count++;
		}
	}
	if (count == 0)
		iop_error(aloc, NULL, ERRCODE_INVALID_PARAMETER_VALUE,
				  "An actor is identified by exactly one of mbox, mbox_sha1sum, openid or account; anonymous groups cannot be evidence of one learner.",
				  "has no identifier (mbox, mbox_sha1sum, openid or account)");
	if (count > 1)
		iop_error(aloc, NULL, ERRCODE_INVALID_PARAMETER_VALUE,
				  "xAPI allows exactly one of mbox, mbox_sha1sum, openid or account, so the learner is ambiguous.",
				  "has more than one identifier");

	if (found == 0)
	{
		text	   *t = iop_text(actor, "mbox", aloc, true);
		char	   *s = text_to_cstring(t);

		if (pg_strncasecmp(s, "mailto:", 7) == 0)
			return cstring_to_text(psprintf("mailto:%s", s + 7));
		if (strchr(s, '@') == NULL)
			iop_error(aloc, "mbox", ERRCODE_INVALID_PARAMETER_VALUE,
					  "An mbox is a mailto: IRI such as mailto:learner@example.org.",
					  "is not an email address: \"%s\"", iop_clip(s, (int) strlen(s)));
		return cstring_to_text(psprintf("mailto:%s", s));
	}
	if (found == 1)
	{
		text	   *t = iop_text(actor, "mbox_sha1sum", aloc, true);
		char	   *s = text_to_cstring(t);
		size_t		len = strlen(s);

		if (len != 40 || strspn(s, "0123456789abcdefABCDEF") != 40)
			iop_error(aloc, "mbox_sha1sum", ERRCODE_INVALID_PARAMETER_VALUE,
					  "An mbox_sha1sum is the 40 hexadecimal digits of a SHA-1 hash.",
					  "is not a SHA-1 hex digest: \"%s\"", iop_clip(s, (int) strlen(s)));
		for (size_t i = 0; i < len; i++)
			s[i] = pg_ascii_tolower((unsigned char) s[i]);
		return cstring_to_text(psprintf("sha1:%s", s));
	}
	if (found == 2)
		return iop_text(actor, "openid", aloc, true);
	{
		JsonbContainer *account = iop_object(actor, "account", aloc, true);
		IopLoc		cloc;
		text	   *home,
				   *name;

		iop_loc_child(&cloc, aloc, "account");
		home = iop_text(account, "homePage", &cloc, true);
		name = iop_text(account, "name", &cloc, true);
		return cstring_to_text(psprintf("%s|%s", text_to_cstring(home), text_to_cstring(name)));
	}
}

static void
xapi_score_error(const IopLoc *sloc, xapi_score_status st, const xapi_score_in *in)
{
	switch (st)
	{
		case XAPI_SCORE_SCALED_RANGE:
			iop_error(sloc, "scaled", ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					  "xAPI requires a scaled score between -1 and 1 inclusive.",
					  "is %.15g, outside [-1, 1]", in->scaled);
			break;
		case XAPI_SCORE_MIN_MAX:
			iop_error(sloc, "min", ERRCODE_INVALID_PARAMETER_VALUE,
					  "xAPI requires min to be less than max.",
					  "is %.15g, not less than max %.15g", in->min, in->max);
			break;
		case XAPI_SCORE_RAW_BELOW_MIN:
			iop_error(sloc, "raw", ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					  "xAPI requires raw to lie between min and max.",
					  "is %.15g, below min %.15g", in->raw, in->min);
			break;
		case XAPI_SCORE_RAW_ABOVE_MAX:
			iop_error(sloc, "raw", ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					  "xAPI requires raw to lie between min and max.",
					  "is %.15g, above max %.15g", in->raw, in->max);
			break;
		default:
			break;
	}
}

/*
 * The ids of context.contextActivities (parent, grouping, category, other, in
 * that order; each a single Activity or an array of them), where learning
 * tools put the CASE item URIs a statement is evidence for.  NULL when the
 * statement has no contextActivities.
 */
static ArrayType *
xapi_context_activities(JsonbContainer *st, const IopLoc *sloc)
{
	static const char *const kinds[] = {"parent", "grouping", "category", "other"};
	JsonbContainer *context,
			   *ca;
	IopLoc		cloc,
				caloc;
	Datum	   *ids = NULL;
	int			n = 0,
				cap = 0;

	context = iop_object(st, "context", sloc, false);
	if (context == NULL)
		return NULL;
	iop_loc_child(&cloc, sloc, "context");
	ca = iop_object(context, "contextActivities", &cloc, false);
	if (ca == NULL)
		return NULL;
	iop_loc_child(&caloc, &cloc, "contextActivities");

	for (int k = 0; k < 4; k++)
	{
		JsonbValue	v;
		JsonbContainer *single = NULL;
		JsonbContainer *arr = NULL;
		int			count;

		if (!iop_get(ca, kinds[k], &v))
			continue;
		if (v.type == jbvBinary && JsonContainerIsObject(v.val.binary.data))
			single = v.val.binary.data;
		else if (v.type == jbvBinary && !JsonContainerIsScalar(v.val.binary.data))
			arr = v.val.binary.data;
		else
			iop_error(&caloc, kinds[k], ERRCODE_INVALID_PARAMETER_VALUE,
					  "Context activities are Activity objects with an \"id\", one or an array of them.",
					  "must be an Activity object or an array of them, not %s", iop_type_name(&v));
		count = single ? 1 : (int) JsonContainerSize(arr);
		for (int i = 0; i < count; i++)
		{
			IopLoc		aloc;
			JsonbContainer *activity;

			if (single)
			{
				iop_loc_child(&aloc, &caloc, kinds[k]);
				activity = single;
			}
			else
			{
				iop_loc_index(&aloc, &caloc, kinds[k], i);
				activity = iop_array_object(arr, i, &aloc);
			}
			if (n == cap)
			{
				cap = cap ? cap * 2 : 4;
				ids = ids ? repalloc(ids, sizeof(Datum) * cap) : palloc(sizeof(Datum) * cap);
			}
			ids[n++] = PointerGetDatum(iop_text(activity, "id", &aloc, true));
		}
	}
	if (n == 0)
		return construct_empty_array(TEXTOID);
	return construct_array(ids, n, TEXTOID, -1, false, TYPALIGN_INT);
}

#define XAPI_NCOLS 8
static void
xapi_statement(JsonbContainer *st, const IopLoc *sloc, IopSrf *srf)
{
	Datum		values[XAPI_NCOLS];
	bool		nulls[XAPI_NCOLS];
	IopLoc		aloc,
				oloc,
				rloc,
				scloc,
				vloc;
	JsonbContainer *actor,
			   *object,
			   *result,
			   *verb;
	xapi_score_in in;
	xapi_score_status sst;
	double		score = 0;
	TimestampTz ts,
				stored;
	bool		has_stored;

	memset(&in, 0, sizeof(in));

	actor = iop_object(st, "actor", sloc, true);
	iop_loc_child(&aloc, sloc, "actor");
	set_text(values, nulls, 0, xapi_learner(actor, &aloc));

	object = iop_object(st, "object", sloc, true);
	iop_loc_child(&oloc, sloc, "object");
	set_text(values, nulls, 1, iop_text(object, "id", &oloc, true));

	result = iop_object(st, "result", sloc, false);
	if (result != NULL)
	{
		JsonbContainer *sc;

		iop_loc_child(&rloc, sloc, "result");
		iop_loc_child(&scloc, &rloc, "score");
		in.has_success = iop_bool(result, "success", &rloc, &in.success);
		sc = iop_object(result, "score", &rloc, false);
		if (sc != NULL)
		{
			in.has_scaled = iop_float8(sc, "scaled", &scloc, &in.scaled);
			in.has_raw = iop_float8(sc, "raw", &scloc, &in.raw);
			in.has_min = iop_float8(sc, "min", &scloc, &in.min);
			in.has_max = iop_float8(sc, "max", &scloc, &in.max);
		}
		sst = interop_xapi_score(&in, &score);
		if (sst != XAPI_SCORE_OK && sst != XAPI_SCORE_NONE)
			xapi_score_error(&scloc, sst, &in);
		nulls[2] = (sst != XAPI_SCORE_OK);
		values[2] = nulls[2] ? (Datum) 0 : Float8GetDatum(score);
	}
	else
	{
		nulls[2] = true;
		values[2] = (Datum) 0;
	}

	/* both are validated; timestamp wins */
	has_stored = iop_timestamptz(st, "stored", sloc, &stored);
	if (iop_timestamptz(st, "timestamp", sloc, &ts))
	{
		nulls[3] = false;
		values[3] = TimestampTzGetDatum(ts);
	}
	else
	{
		nulls[3] = !has_stored;
		values[3] = has_stored ? TimestampTzGetDatum(stored) : (Datum) 0;
	}
	nulls[4] = !in.has_success;
	values[4] = BoolGetDatum(in.success);

	verb = iop_object(st, "verb", sloc, false);
	if (verb != NULL)
	{
		iop_loc_child(&vloc, sloc, "verb");
		set_text(values, nulls, 5, iop_text(verb, "id", &vloc, false));
	}
	else
		set_text(values, nulls, 5, NULL);
	set_text(values, nulls, 6, iop_text(st, "id", sloc, false));
	{
		ArrayType  *ctx = xapi_context_activities(st, sloc);

		nulls[7] = (ctx == NULL);
		values[7] = ctx ? PointerGetDatum(ctx) : (Datum) 0;
	}

	iop_srf_row(srf, values, nulls);
}

/* xapi_evidence(statements jsonb) */
Datum
mastery_xapi_evidence(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	IopLoc		loc,
				sloc;
	JsonbContainer *arr,
			   *single;
	IopSrf		srf;

	input_records(jb, "xAPI statement", "statement", "statements", &loc, &arr, &single);
	iop_srf_begin(fcinfo, &srf);
	if (single != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(srf.row_cxt);

		xapi_statement(single, &loc, &srf);
		MemoryContextSwitchTo(old);
		PG_RETURN_NULL();
	}
	for (int i = 0; i < (int) JsonContainerSize(arr); i++)
	{
		MemoryContext old;

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(srf.row_cxt);
		iop_loc_index(&sloc, &loc, "statements", i);
		xapi_statement(iop_array_object(arr, i, &sloc), &sloc, &srf);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_NULL();
}

/* ----------------------------------------------------------- OneRoster */

#define OR_NCOLS 10
static void
oneroster_result(JsonbContainer *res, const IopLoc *rloc, IopSrf *srf)
{
	IopLoc		stloc,
				lloc,
				setloc,
				lorloc;
	JsonbContainer *student,
			   *line_item,
			   *sets;
	text	   *learner,
			   *result_id,
			   *line_item_id = NULL,
			   *status,
			   *score_status;
	TimestampTz ts,
				modified;
	bool		have_ts,
				have_modified;
	int			nsets;

	student = iop_object(res, "student", rloc, true);
	iop_loc_child(&stloc, rloc, "student");
	learner = iop_text(student, "sourcedId", &stloc, true);
	result_id = iop_text(res, "sourcedId", rloc, false);
	status = iop_text(res, "status", rloc, false);
	score_status = iop_text(res, "scoreStatus", rloc, false);
	line_item = iop_object(res, "lineItem", rloc, false);
	if (line_item != NULL)
	{
		iop_loc_child(&lloc, rloc, "lineItem");
		line_item_id = iop_text(line_item, "sourcedId", &lloc, false);
	}
	/* both are validated; scoreDate wins */
	have_modified = iop_timestamptz(res, "dateLastModified", rloc, &modified);
	have_ts = iop_timestamptz(res, "scoreDate", rloc, &ts);
	if (!have_ts && have_modified)
	{
		ts = modified;
		have_ts = true;
	}

	sets = iop_array(res, "learningObjectiveSet", rloc, false);
	if (sets == NULL)
		return;
	nsets = (int) JsonContainerSize(sets);
	for (int s = 0; s < nsets; s++)
	{
		JsonbContainer *set,
				   *lors;
		text	   *source;
		int			nlor;

		iop_loc_index(&setloc, rloc, "learningObjectiveSet", s);
		set = iop_array_object(sets, s, &setloc);
		source = iop_text(set, "source", &setloc, false);
		lors = iop_array(set, "learningObjectiveResults", &setloc, false);
		if (lors == NULL)
			continue;
		nlor = (int) JsonContainerSize(lors);
		for (int k = 0; k < nlor; k++)
		{
			Datum		values[OR_NCOLS];
			bool		nulls[OR_NCOLS];
			JsonbContainer *lor;
			double		score;

			iop_loc_index(&lorloc, &setloc, "learningObjectiveResults", k);
			lor = iop_array_object(lors, k, &lorloc);
			set_text(values, nulls, 0, learner);
			set_text(values, nulls, 1, iop_text(lor, "learningObjectiveId", &lorloc, true));
			nulls[2] = !iop_float8(lor, "score", &lorloc, &score);
			values[2] = nulls[2] ? (Datum) 0 : Float8GetDatum(score);
			nulls[3] = !have_ts;
			values[3] = have_ts ? TimestampTzGetDatum(ts) : (Datum) 0;
			set_text(values, nulls, 4, source);
			set_text(values, nulls, 5, iop_text(lor, "textScore", &lorloc, false));
			set_text(values, nulls, 6, result_id);
			set_text(values, nulls, 7, line_item_id);
			set_text(values, nulls, 8, status);
			set_text(values, nulls, 9, score_status);
			tuplestore_putvalues(srf->store, srf->desc, values, nulls);
		}
	}
}

/* oneroster_evidence(results jsonb) */
Datum
mastery_oneroster_evidence(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	IopLoc		loc,
				rloc;
	JsonbContainer *arr,
			   *single;
	IopSrf		srf;

	input_records(jb, "OneRoster result", "result", "results", &loc, &arr, &single);
	iop_srf_begin(fcinfo, &srf);
	if (single != NULL)
	{
		oneroster_result(single, &loc, &srf);
		PG_RETURN_NULL();
	}
	for (int i = 0; i < (int) JsonContainerSize(arr); i++)
	{
		MemoryContext old;

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(srf.row_cxt);
		iop_loc_index(&rloc, &loc, "results", i);
		oneroster_result(iop_array_object(arr, i, &rloc), &rloc, &srf);
		MemoryContextSwitchTo(old);
		MemoryContextReset(srf.row_cxt);
	}
	PG_RETURN_NULL();
}
