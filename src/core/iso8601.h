/*
 * iso8601.h - strict parser for ISO 8601 / RFC 3339 calendar date-times.
 *
 * Pure C99; no PostgreSQL headers.  Accepted forms (surrounding ASCII spaces
 * are ignored):
 *
 *   YYYY-MM-DD
 *   YYYY-MM-DD[T| ]hh:mm[:ss[(.|,)fraction]][Z|(+|-)hh[[:]mm]]
 *
 * A date alone means midnight UTC; a time without an offset is taken as UTC.
 * Fractions are rounded to microseconds.  hh may be 24 only as 24:00[:00[.0]]
 * (the end of the day), and ss may be 60 (a leap second, counted as the first
 * second of the next minute).
 */
#ifndef MASTERY_ISO8601_H
#define MASTERY_ISO8601_H

#include <stddef.h>
#include <stdint.h>

typedef enum iso8601_status
{
	ISO8601_OK = 0,
	ISO8601_SYNTAX,		/* not of the shape above */
	ISO8601_RANGE		/* right shape, impossible field (month 13, Feb 30...) */
} iso8601_status;

/*
 * Parse s[0..len) (need not be NUL-terminated).  On success stores the instant
 * as microseconds since 1970-01-01T00:00:00Z in *unix_usec and whether an
 * explicit offset (or Z) was given in *has_offset (may be NULL).
 */
iso8601_status iso8601_parse(const char *s, size_t len, int64_t *unix_usec,
							 int *has_offset);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t iso8601_days_from_civil(int64_t year, int month, int day);

#endif
