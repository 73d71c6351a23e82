/*
 * interop_json.c - validating jsonb access for the importers (see interop_json.h).
 */
#include "interop_json.h"

#include <string.h>

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "mb/pg_wchar.h"
#include "utils/numeric.h"

#include "mtime.h"
#include "interop_scalar.h"

void
iop_loc_init(IopLoc *loc, const char *kind, const char *root)
{
	loc->kind = kind;
	loc->root = root;
	loc->parent = NULL;
	loc->key = NULL;
	loc->index = -1;
}

void
iop_loc_index(IopLoc *loc, const IopLoc *parent, const char *array, int index)
{
	loc->kind = parent->kind;
	loc->root = parent->root;
	loc->parent = parent;
	loc->key = array;
	loc->index = index;
}

void
iop_loc_child(IopLoc *loc, const IopLoc *parent, const char *key)
{
	loc->kind = parent->kind;
	loc->root = parent->root;
	loc->parent = parent;
	loc->key = key;
	loc->index = -1;
}

void
iop_loc_name(IopLoc *loc, const char *name)
{
	loc->key = name;
}

static void
append_path(StringInfo buf, const IopLoc *loc)
{
	if (loc->parent)
		append_path(buf, loc->parent);
	if (loc->key)
	{
		if (buf->len > 0)
			appendStringInfoChar(buf, '.');
		appendStringInfoString(buf, loc->key);
	}
	if (loc->index >= 0)
		appendStringInfo(buf, "[%d]", loc->index);
}

/* "CFItems[3]"; "" at the root */
static char *
loc_path(const IopLoc *loc)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_path(&buf, loc);
	return buf.data;
}

/* "CFItems[3].identifier", "identifier" at the root, or the root's name. */
static char *
loc_field(const IopLoc *loc, const char *field)
{
	char	   *path = loc_path(loc);

	if (field == NULL)
		return path[0] ? path : pstrdup(loc->root);
	if (path[0] == '\0')
		return pstrdup(field);
	return psprintf("%s.%s", path, field);
}

void
iop_error(const IopLoc *loc, const char *field, int sqlstate,
		  const char *detail, const char *fmt,...)
{
	char		problem[512];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s: %s %s", loc->kind, loc_field(loc, field), problem),
			 detail ? errdetail("%s", detail) : 0));
	pg_unreachable();
}

void
iop_missing(const IopLoc *loc, const char *field)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s: %s has no \"%s\"", loc->kind,
					loc_field(loc, NULL), field),
			 errdetail("The field \"%s\" is required there and may not be null.", field)));
	pg_unreachable();
}

char *
iop_clip(const char *s, int len)
{
	int			keep = pg_mbcliplen(s, len, IOP_CLIP_BYTES);

	return psprintf("%.*s%s", keep, s, keep < len ? "..." : "");
}

const char *
iop_type_name(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "a string";
		case jbvNumeric:
			return "a number";
		case jbvBool:
			return "a boolean";
		case jbvArray:
			return "an array";
		case jbvObject:
			return "an object";
		case jbvBinary:
			if (JsonContainerIsArray(v->val.binary.data))
				return "an array";
			return "an object";
		default:
			return "an unknown value";
	}
}

bool
iop_root_is_object(Jsonb *jb)
{
	return JB_ROOT_IS_OBJECT(jb);
}

bool
iop_root_is_array(Jsonb *jb)
{
	return JB_ROOT_IS_ARRAY(jb) && !JB_ROOT_IS_SCALAR(jb);
}

const char *
iop_root_type_name(Jsonb *jb)
{
	if (JB_ROOT_IS_SCALAR(jb))
	{
		JsonbValue *v = getIthJsonbValueFromContainer(&jb->root, 0);

		return iop_type_name(v);
	}
	return JB_ROOT_IS_OBJECT(jb) ? "an object" : "an array";
}

bool
iop_get(JsonbContainer *obj, const char *key, JsonbValue *out)
{
	if (getKeyJsonValueFromContainer(obj, key, strlen(key), out) == NULL)
		return false;
	return out->type != jbvNull;
}

/*
 * Fetch the fields of fs from object obj through jsonb's public lookup (a
 * binary search over the sorted keys per field).
 */
void
iop_fields(JsonbContainer *obj, IopFieldSet *fs, JsonbValue *out)
{
	Assert(JsonContainerIsObject(obj));
	if (!fs->ready)
	{
		for (int k = 0; k < fs->n; k++)
			fs->lens[k] = (int) strlen(fs->names[k]);
		fs->ready = true;
	}
	for (int k = 0; k < fs->n; k++)
		if (getKeyJsonValueFromContainer(obj, fs->names[k], fs->lens[k], &out[k]) == NULL)
			out[k].type = jbvNull;
}

static bool
is_object(const JsonbValue *v)
{
	return v->type == jbvBinary && JsonContainerIsObject(v->val.binary.data);
}

static bool
is_array(const JsonbValue *v)
{
	return v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data) &&
		!JsonContainerIsScalar(v->val.binary.data);
}

static char *
numeric_cstring(Numeric n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
}

/* Scalar text of a string or number; NULL for anything else. */
static text *
scalar_text(const JsonbValue *v)
{
	if (v->type == jbvString)
		return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
	if (v->type == jbvNumeric)
		return cstring_to_text(numeric_cstring(v->val.numeric));
	return NULL;
}

text *
iop_text(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		v.type = jbvNull;
	return iop_text_v(&v, key, loc, required);
}

text *
iop_text_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required)
{
	text	   *t;

	if (v->type == jbvNull)
	{
		if (required)
			iop_missing(loc, key);
		return NULL;
	}
	t = scalar_text(v);
	if (t == NULL)
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "Text fields accept a JSON string (or a number, taken as written).",
				  "must be a string, not %s", iop_type_name(v));
	if (required && VARSIZE_ANY_EXHDR(t) == 0)
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "A required field may not be an empty string.", "is empty");
	return t;
}

JsonbContainer *
iop_object(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		v.type = jbvNull;
	return iop_object_v(&v, key, loc, required);
}

JsonbContainer *
iop_object_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required)
{
	if (v->type == jbvNull)
	{
		if (required)
			iop_missing(loc, key);
		return NULL;
	}
	if (!is_object(v))
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  psprintf("The %s format has a JSON object here.", loc->kind),
				  "must be an object, not %s", iop_type_name(v));
	return v->val.binary.data;
}

JsonbContainer *
iop_array(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		v.type = jbvNull;
	return iop_array_v(&v, key, loc, required);
}

JsonbContainer *
iop_array_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required)
{
	if (v->type == jbvNull)
	{
		if (required)
			iop_missing(loc, key);
		return NULL;
	}
	if (!is_array(v))
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  psprintf("The %s format has a JSON array here.", loc->kind),
				  "must be an array, not %s", iop_type_name(v));
	return v->val.binary.data;
}

JsonbContainer *
iop_array_object(JsonbContainer *arr, int i, const IopLoc *elem_loc)
{
	JsonbValue *v = getIthJsonbValueFromContainer(arr, (uint32) i);

	if (v == NULL || !is_object(v))
		iop_error(elem_loc, NULL, ERRCODE_INVALID_PARAMETER_VALUE,
				  psprintf("The %s format has an array of JSON objects here.", elem_loc->kind),
				  "must be an object, not %s", v ? iop_type_name(v) : "missing");
	return v->val.binary.data;
}

bool
iop_timestamptz(JsonbContainer *obj, const char *key, const IopLoc *loc, TimestampTz *out)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		return false;
	return iop_timestamptz_v(&v, key, loc, out);
}

bool
iop_timestamptz_v(const JsonbValue *vp, const char *key, const IopLoc *loc, TimestampTz *out)
{
	JsonbValue	v = *vp;
	int64_t		t;
	MasErr		err;
	int			st;

	if (v.type == jbvNull)
		return false;
	if (v.type != jbvString)
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "Date-times are JSON strings in ISO 8601 form.",
				  "must be a string, not %s", iop_type_name(&v));
	st = mt_parse_opts(v.val.string.val, (size_t) v.val.string.len, MT_LENIENT, &t, NULL, &err);
	if (st != MAS_OK)
		iop_error(loc, key, ERRCODE_INVALID_DATETIME_FORMAT,
				  st != MAS_ERR_RANGE ?
				  "Expected an ISO 8601 date-time such as 2024-05-01T13:45:00Z or a date such as 2024-05-01." :
				  "The date or time has a field out of range.",
				  "is not a valid ISO 8601 date-time: \"%s\"",
				  iop_clip(v.val.string.val, v.val.string.len));
	/* years 1..9999 are always within the timestamptz range */
	*out = (TimestampTz) t;
	return true;
}

/* A double from a JSON number or a string holding one. */
static void
value_float8(const JsonbValue *v, const char *key, const IopLoc *loc, double *out)
{
	MasErrCode st;
	const char *s;
	size_t		len;

	if (v->type == jbvNumeric)
	{
		s = numeric_cstring(v->val.numeric);
		len = strlen(s);
	}
	else if (v->type == jbvString)
	{
		s = v->val.string.val;
		len = (size_t) v->val.string.len;
	}
	else
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "Numbers may be given as JSON numbers or as strings holding one.",
				  "must be a number, not %s", iop_type_name(v));
	st = interop_parse_double(s, len, out);
	if (st == MAS_ERR_RANGE)
		iop_error(loc, key, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
				  "Numbers must fit in double precision.",
				  "is out of range for double precision");
	if (st != MAS_OK)
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "Numbers may be given as JSON numbers or as strings holding one.",
				  "is not a number: \"%s\"", iop_clip(s, (int) len));
}

bool
iop_float8(JsonbContainer *obj, const char *key, const IopLoc *loc, double *out)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		return false;
	value_float8(&v, key, loc, out);
	return true;
}

bool
iop_int4(JsonbContainer *obj, const char *key, const IopLoc *loc, int32 *out)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		return false;
	return iop_int4_v(&v, key, loc, out);
}

bool
iop_int4_v(const JsonbValue *vp, const char *key, const IopLoc *loc, int32 *out)
{
	JsonbValue	v = *vp;
	double		d;
	int32_t		i;
	MasErrCode st;

	if (v.type == jbvNull)
		return false;
	/* an empty string is how some exports say "no number" */
	if (v.type == jbvString && v.val.string.len == 0)
		return false;
	value_float8(&v, key, loc, &d);
	st = interop_double_to_int32(d, &i);
	if (st == MAS_ERR_INVALID)
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "This field holds a whole number (given as a JSON number or a string).",
				  "is not an integer: %.15g", d);
	if (st != MAS_OK)
		iop_error(loc, key, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
				  "This field must fit in a 32-bit integer.",
				  "is out of range for integer: %.15g", d);
	*out = i;
	return true;
}

bool
iop_bool(JsonbContainer *obj, const char *key, const IopLoc *loc, bool *out)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		return false;
	if (v.type == jbvBool)
	{
		*out = v.val.boolean;
		return true;
	}
	if (v.type == jbvString && v.val.string.len == 4 &&
		memcmp(v.val.string.val, "true", 4) == 0)
	{
		*out = true;
		return true;
	}
	if (v.type == jbvString && v.val.string.len == 5 &&
		memcmp(v.val.string.val, "false", 5) == 0)
	{
		*out = false;
		return true;
	}
	iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
			  "Expected true or false (a JSON boolean, or the string \"true\" or \"false\").",
			  "must be a boolean, not %s", iop_type_name(&v));
	return false;				/* not reached */
}

/* Append the comma-separated, space-trimmed, non-empty pieces of s. */
static int
split_commas(const char *s, int len, Datum *out)
{
	int			n = 0;
	int			b = 0;

	while (b <= len)
	{
		int			e = b;
		int			ts,
					te;

		while (e < len && s[e] != ',')
			e++;
		ts = b;
		te = e;
		while (ts < te && s[ts] == ' ')
			ts++;
		while (te > ts && s[te - 1] == ' ')
			te--;
		if (te > ts)
		{
			if (out)
				out[n] = PointerGetDatum(cstring_to_text_with_len(s + ts, te - ts));
			n++;
		}
		b = e + 1;
	}
	return n;
}

ArrayType *
iop_text_array(JsonbContainer *obj, const char *key, const IopLoc *loc, bool split)
{
	JsonbValue	v;

	if (!iop_get(obj, key, &v))
		return NULL;
	return iop_text_array_v(&v, key, loc, split);
}

ArrayType *
iop_text_array_v(const JsonbValue *vp, const char *key, const IopLoc *loc, bool split)
{
	JsonbValue	v = *vp;
	Datum	   *elems;
	int			n;

	if (v.type == jbvNull)
		return NULL;
	if (v.type == jbvString && split)
	{
		n = split_commas(v.val.string.val, v.val.string.len, NULL);
		elems = palloc(sizeof(Datum) * Max(n, 1));
		split_commas(v.val.string.val, v.val.string.len, elems);
	}
	else if (v.type == jbvString || v.type == jbvNumeric)
	{
		n = 1;
		elems = palloc(sizeof(Datum));
		elems[0] = PointerGetDatum(scalar_text(&v));
	}
	else if (is_array(&v))
	{
		JsonbContainer *arr = v.val.binary.data;

		n = (int) JsonContainerSize(arr);
		elems = palloc(sizeof(Datum) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			JsonbValue *e = getIthJsonbValueFromContainer(arr, (uint32) i);
			text	   *t = scalar_text(e);

			if (t == NULL)
			{
				char		elem[64];

				snprintf(elem, sizeof(elem), "%s[%d]", key, i);
				iop_error(loc, elem, ERRCODE_INVALID_PARAMETER_VALUE,
						  "Each element must be a JSON string (or a number, taken as written).",
						  "must be a string, not %s", iop_type_name(e));
			}
			elems[i] = PointerGetDatum(t);
		}
	}
	else
		iop_error(loc, key, ERRCODE_INVALID_PARAMETER_VALUE,
				  "A list of codes is given as a JSON array of strings, or as one string.",
				  "must be an array of strings or a string, not %s", iop_type_name(&v));
	if (n == 0)
		return construct_empty_array(TEXTOID);
	return construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT);
}

void
iop_srf_begin(FunctionCallInfo fcinfo, IopSrf *srf)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	desc;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	srf->desc = CreateTupleDescCopy(desc);
	srf->store = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
									   false, work_mem);
	MemoryContextSwitchTo(old);

	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = srf->store;
	rsinfo->setDesc = srf->desc;

	srf->row_cxt = AllocSetContextCreate(CurrentMemoryContext, "mastery interop row",
										 ALLOCSET_DEFAULT_SIZES);
}

void
iop_srf_row(IopSrf *srf, Datum *values, bool *nulls)
{
	tuplestore_putvalues(srf->store, srf->desc, values, nulls);
	MemoryContextReset(srf->row_cxt);
}
