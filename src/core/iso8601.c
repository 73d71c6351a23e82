/*
 * iso8601.c: ISO 8601 / RFC 3339 date-times as other systems send them,
 * read with the lenient profile of mtime's parser.
 */
#include "iso8601.h"

#include "mtime.h"

/* microseconds from 1970-01-01 to 2000-01-01 */
#define UNIX_TO_PG_USECS INT64_C(946684800000000)

int64_t
iso8601_days_from_civil(int64_t y, int m, int d)
{
	return mt_days_from_civil(y, m, d);
}

iso8601_status
iso8601_parse(const char *s, size_t len, int64_t *unix_usec, int *has_offset)
{
	int64_t		t;
	bool		zone = false;
	MasErr		err;

	if (s == NULL)
		return ISO8601_SYNTAX;
	switch (mt_parse_opts(s, len, MT_LENIENT, &t, &zone, &err))
	{
		case MAS_OK:
			break;
		case MAS_ERR_RANGE:
			return ISO8601_RANGE;
		default:
			return ISO8601_SYNTAX;
	}
	*unix_usec = t + UNIX_TO_PG_USECS;
	if (has_offset)
		*has_offset = zone ? 1 : 0;
	return ISO8601_OK;
}
