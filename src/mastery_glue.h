/*
 * mastery_glue.h: shared pieces of the fmgr glue (PostgreSQL side).
 */
#ifndef MASTERY_GLUE_H
#define MASTERY_GLUE_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"

#include "mcommon.h"
#include "evidence.h"
#include "method.h"
#include "scale.h"
#include "pace.h"
#include "aggstate.h"

/*
 * Aborted (sub)transactions since the backend started (init.c): a cache
 * that outlives a statement re-derives its state when this has moved.
 */
extern uint64 mas_abort_count;

/* Raise the error described by err for a value of type typname. */
void		mas_ereport(const char *typname, const char *input, const MasErr *err) pg_attribute_noreturn();

/* A detoasted (possibly short-header) varlena's payload. */
#define MAS_BYTES(v)	((const uint8_t *) VARDATA_ANY(v))
#define MAS_LEN(v)		((size_t) VARSIZE_ANY_EXHDR(v))

/* Method values: decode the stored method. */
void		mas_method_from_datum(Datum d, MasMethod *m);

/* The aggregate memory context, or an error naming the function. */
MemoryContext mas_agg_context(FunctionCallInfo fcinfo, const char *fname);

/* The steps of a method run over a value's evidence (palloc'd, *nsteps of them). */
MasStep    *mas_walk_steps(struct varlena *v, const MasMethod *m, uint32 *nsteps);

/* Build a varlena from encoded evidence. */
struct varlena *mas_make_mastery(const MasItem *items, size_t n);

/* Scales: label of the level a score reaches (NULL below the lowest), and
 * the minimum score of the first mastered level. */
text	   *mas_scale_level_text(Datum scale, double score);
double		mas_scale_threshold(Datum scale);

/* JSON helpers */
void		mas_json_time(StringInfo buf, bool isnull, int64 at);
void		mas_json_number(StringInfo buf, double v);

#endif
