/*
 * interop_json.h - helpers shared by the CASE, xAPI and OneRoster importers:
 * typed, validating access to jsonb objects with errors that name the place
 * in the input (e.g. CFItems[3].educationLevel), and a materialized
 * set-returning-function setup.
 */
#ifndef MASTERY_INTEROP_JSON_H
#define MASTERY_INTEROP_JSON_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

/*
 * Where we are in the input, for error messages: a chain of (key, index)
 * steps up to the root, spelled out (e.g. CFItems[3].originNodeURI) only when
 * an error is reported.
 */
typedef struct IopLoc
{
	const char *kind;			/* "CASE package", "xAPI statement", ... */
	const char *root;			/* name of the whole input: "package" */
	const struct IopLoc *parent;	/* NULL at the root */
	const char *key;			/* member name (or array name), or NULL */
	int			index;			/* element of that array, or -1 */
} IopLoc;

extern void iop_loc_init(IopLoc *loc, const char *kind, const char *root);
extern void iop_loc_index(IopLoc *loc, const IopLoc *parent, const char *array, int index);
extern void iop_loc_child(IopLoc *loc, const IopLoc *parent, const char *key);
extern void iop_loc_name(IopLoc *loc, const char *name);	/* name a root */

extern void iop_error(const IopLoc *loc, const char *field, int sqlstate,
					  const char *detail, const char *fmt,...)
			pg_attribute_printf(5, 6) pg_attribute_noreturn();
extern void iop_missing(const IopLoc *loc, const char *field) pg_attribute_noreturn();

extern const char *iop_type_name(const JsonbValue *v);

/* s[0..len) cut to at most IOP_CLIP_BYTES on a character boundary, for messages */
#define IOP_CLIP_BYTES 64
extern char *iop_clip(const char *s, int len);

/* Root container of a jsonb datum, and a description of what it holds. */
extern bool iop_root_is_object(Jsonb *jb);
extern bool iop_root_is_array(Jsonb *jb);
extern const char *iop_root_type_name(Jsonb *jb);

/* Look up key; false when absent or JSON null. */
extern bool iop_get(JsonbContainer *obj, const char *key, JsonbValue *out);

/* Typed getters: NULL/false when absent or null (error instead if required). */
extern text *iop_text(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required);
extern JsonbContainer *iop_object(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required);
extern JsonbContainer *iop_array(JsonbContainer *obj, const char *key, const IopLoc *loc, bool required);
extern bool iop_timestamptz(JsonbContainer *obj, const char *key, const IopLoc *loc, TimestampTz *out);
extern bool iop_float8(JsonbContainer *obj, const char *key, const IopLoc *loc, double *out);
extern bool iop_int4(JsonbContainer *obj, const char *key, const IopLoc *loc, int32 *out);
extern bool iop_bool(JsonbContainer *obj, const char *key, const IopLoc *loc, bool *out);
extern ArrayType *iop_text_array(JsonbContainer *obj, const char *key, const IopLoc *loc, bool split_commas);

/* Same, from a value already fetched (type jbvNull when absent). */
extern text *iop_text_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required);
extern JsonbContainer *iop_object_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required);
extern JsonbContainer *iop_array_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool required);
extern bool iop_timestamptz_v(const JsonbValue *v, const char *key, const IopLoc *loc, TimestampTz *out);
extern bool iop_int4_v(const JsonbValue *v, const char *key, const IopLoc *loc, int32 *out);
extern ArrayType *iop_text_array_v(const JsonbValue *v, const char *key, const IopLoc *loc, bool split_commas);

/*
 * Several fields of one object.  names[] is filled by the caller (any
 * order); the lengths are set up on first use.  out[k] gets the value of
 * names[k], or type jbvNull when absent.
 */
#define IOP_MAX_FIELDS 16
typedef struct IopFieldSet
{
	int			n;
	const char *names[IOP_MAX_FIELDS];
	int			lens[IOP_MAX_FIELDS];
	bool		ready;
} IopFieldSet;

extern void iop_fields(JsonbContainer *obj, IopFieldSet *fs, JsonbValue *out);

/* Element i of an array container; errors unless it is an object. */
extern JsonbContainer *iop_array_object(JsonbContainer *arr, int i, const IopLoc *elem_loc);

/* Materialized SRF: set up a tuplestore in per-query memory. */
typedef struct IopSrf
{
	Tuplestorestate *store;
	TupleDesc	desc;
	MemoryContext row_cxt;		/* reset after every row */
} IopSrf;

extern void iop_srf_begin(FunctionCallInfo fcinfo, IopSrf *srf);
extern void iop_srf_row(IopSrf *srf, Datum *values, bool *nulls);

#endif
