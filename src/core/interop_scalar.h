/*
 * interop_scalar.h - strict scalar parsing and xAPI score rules shared by the
 * CASE, xAPI and OneRoster importers.  Pure C99; no PostgreSQL headers.
 */
#ifndef MASTERY_INTEROP_SCALAR_H
#define MASTERY_INTEROP_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcommon.h"

/*
 * The number parsers return a MasErrCode (mcommon.h): MAS_OK,
 * MAS_ERR_SYNTAX (not a plain decimal number), MAS_ERR_RANGE (overflows a
 * double, or an int32) or MAS_ERR_INVALID (a number, but with a fractional
 * part where a whole number is needed).  They fill no MasErr: the importers
 * report these with the location of the offending field (interop_json.c).
 */

/*
 * Parse a JSON-style decimal number from s[0..len): optional sign, digits,
 * optional fraction, optional exponent; surrounding spaces allowed.  Rejects
 * empty strings, hexadecimal, "inf", "nan" and trailing junk.  A leading '+'
 * and a leading '.' or trailing '.' ("3.") are not accepted either.
 */
MasErrCode interop_parse_double(const char *s, size_t len, double *out);

/* Same syntax; the value must be integral ("3", "3.0", "3e0") and fit int32. */
MasErrCode interop_parse_int32(const char *s, size_t len, int32_t *out);

/* Whether d is integral and within int32; stores it in *out when so. */
MasErrCode interop_double_to_int32(double d, int32_t *out);

/* xAPI result.score/result.success, as far as they were given. */
typedef struct xapi_score_in
{
	bool		has_scaled;
	bool		has_raw;
	bool		has_min;
	bool		has_max;
	bool		has_success;
	double		scaled;
	double		raw;
	double		min;
	double		max;
	bool		success;
} xapi_score_in;

/*
 * The outcome of scoring one xAPI result: a score, none, or which xAPI rule
 * the given fields break (the importer names the field and its values).
 */
typedef enum xapi_score_status
{
	XAPI_SCORE_OK = 0,			/* *score set */
	XAPI_SCORE_NONE,			/* nothing to score: SQL NULL */
	XAPI_SCORE_SCALED_RANGE,	/* scaled outside [-1, 1] */
	XAPI_SCORE_MIN_MAX,			/* min >= max */
	XAPI_SCORE_RAW_BELOW_MIN,	/* raw < min */
	XAPI_SCORE_RAW_ABOVE_MAX	/* raw > max */
} xapi_score_status;

/*
 * The evidence score of one xAPI result:
 *   scaled when given (it must lie in [-1, 1]);
 *   else (raw - min) / (max - min) when raw, min and max are all given;
 *   else raw itself when given (on the activity's own scale);
 *   else 1 or 0 from success;
 *   else none.
 * Whatever is given is validated even when not used: scaled in [-1, 1],
 * min < max, min <= raw <= max.
 */
xapi_score_status interop_xapi_score(const xapi_score_in *in, double *score);

#endif
