/*
 * mtime.h: timestamps as PostgreSQL stores timestamptz (microseconds since
 * 2000-01-01 00:00:00 UTC), formatted and parsed as ISO 8601 independently
 * of any session setting, so text forms are stable everywhere.
 */
#ifndef MASTERY_MTIME_H
#define MASTERY_MTIME_H

#include "mcommon.h"

#define MT_NOBEGIN	INT64_MIN	/* -infinity */
#define MT_NOEND	INT64_MAX	/* infinity */
/* The finite range PostgreSQL accepts: 4714-11-24 BC up to 294277-01-01 AD (exclusive). */
#define MT_MIN_FINITE	INT64_C(-211813488000000000)
#define MT_END_FINITE	INT64_C(9223371331200000000)
#define MT_USECS_PER_SEC	INT64_C(1000000)
#define MT_USECS_PER_DAY	INT64_C(86400000000)

static inline bool
mt_is_valid(int64_t t)
{
	return t == MT_NOBEGIN || t == MT_NOEND ||
		(t >= MT_MIN_FINITE && t < MT_END_FINITE);
}

/* Writes e.g. "2024-09-01T10:00:00Z", "2024-09-01T10:00:00.5Z", "infinity". */
size_t		mt_format(int64_t t, char *buf, size_t buflen);

/*
 * Parses [+-]YYYY-MM-DD(T| )HH:MM[:SS[.fraction]](Z|+HH[:MM]|-HH[:MM]) or
 * "infinity"/"-infinity". A zone is required. Fractions beyond microseconds
 * are rounded half up.
 */
int			mt_parse(const char *s, size_t len, int64_t *out, MasErr *err);

/*
 * The same with options. MT_LENIENT reads date-times as they come from other
 * systems (xAPI, OneRoster, CASE): surrounding spaces ignored, a date alone
 * is midnight UTC, no zone means UTC, a comma may start the fraction, a leap
 * second (ss = 60) counts as the next minute's first second, years have four
 * digits from 0001, and there are no infinities. *has_zone (may be NULL) says
 * whether a zone was given.
 */
#define MT_LENIENT 1u
int			mt_parse_opts(const char *s, size_t len, unsigned flags, int64_t *out, bool *has_zone, MasErr *err);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t		mt_days_from_civil(int64_t y, int m, int d);

#define MT_MAXLEN 48

#endif
