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

/*
 * Errors of the core (error.c).  mas_report() is the one place a MasErr
 * becomes an ereport: the code picks the SQLSTATE and the form of the main
 * message, the site names the type (or function) and the quoted input.
 */
typedef struct MasErrSite
{
	const char *typname;		/* type (or function) the message names */
	const char *input;			/* offending text, quoted; NULL for none */
	bool		whole_input;	/* quote it whole (else cut at 80 bytes) */
	const char *hint;			/* errhint, or NULL */
	const char *message;		/* main message replacing the code's form, or NULL */
} MasErrSite;

void		mas_report(const MasErr *err, const MasErrSite *site) pg_attribute_noreturn();

/* mas_report() for a value of type typname read from input, without hint. */
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

/* Offending input as shown in an error message (clipped to 80 bytes). */
char	   *mas_clip_input(const char *input);

/* An item's time as a jsonb value being built: ISO 8601 text or null. */
struct JsonbParseState;
void		mas_jb_put_time(struct JsonbParseState **ps, bool isnull, int64 at);

#endif
