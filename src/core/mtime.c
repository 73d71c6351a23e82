/*
 * mtime.c: ISO 8601 formatting and parsing of microsecond timestamps, with
 * the proleptic Gregorian calendar and astronomical year numbering (year 0 is
 * 1 BC), as in ISO 8601.
 */
#include "mtime.h"

#include <stdio.h>
#include <string.h>

#define EPOCH_DAYS_FROM_1970 10957	/* 2000-01-01 relative to 1970-01-01 */

/* days since 1970-01-01 of a civil date */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

size_t
mt_format(int64_t t, char *buf, size_t buflen)
{
	int64_t		days,
				usec,
				y;
	int			m,
				d,
				hh,
				mi,
				ss,
				n;

	if (t == MT_NOBEGIN)
		return (size_t) snprintf(buf, buflen, "-infinity");
	if (t == MT_NOEND)
		return (size_t) snprintf(buf, buflen, "infinity");
	days = t / MT_USECS_PER_DAY;
	usec = t % MT_USECS_PER_DAY;
	if (usec < 0)
	{
		usec += MT_USECS_PER_DAY;
		days--;
	}
	civil_from_days(days + EPOCH_DAYS_FROM_1970, &y, &m, &d);
	hh = (int) (usec / INT64_C(3600000000));
	mi = (int) (usec / INT64_C(60000000) % 60);
	ss = (int) (usec / MT_USECS_PER_SEC % 60);
	usec %= MT_USECS_PER_SEC;
	if (y >= 0 && y <= 9999)
		n = snprintf(buf, buflen, "%04d-%02d-%02dT%02d:%02d:%02d", (int) y, m, d, hh, mi, ss);
	else
		n = snprintf(buf, buflen, "%c%04lld-%02d-%02dT%02d:%02d:%02d", y < 0 ? '-' : '+',
					 (long long) (y < 0 ? -y : y), m, d, hh, mi, ss);
	if (usec)
	{
		char		frac[8];
		int			k = 6;

		snprintf(frac, sizeof(frac), "%06d", (int) usec);
		while (k > 0 && frac[k - 1] == '0')
			k--;
		frac[k] = '\0';
		n += snprintf(buf + n, buflen - (size_t) n, ".%s", frac);
	}
	n += snprintf(buf + n, buflen - (size_t) n, "Z");
	return (size_t) n;
}

/* read exactly `count` digits */
static bool
read_digits(const char *s, size_t len, size_t *i, int count, int64_t *out)
{
	int64_t		v = 0;
	int			k;

	for (k = 0; k < count; k++)
	{
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return true;
}

int
mt_parse(const char *s, size_t len, int64_t *out, MasErr *err)
{
	return mt_parse_opts(s, len, 0, out, NULL, err);
}

int
mt_parse_opts(const char *s, size_t len, unsigned flags, int64_t *out, bool *has_zone, MasErr *err)
{
	size_t		i = 0;
	int64_t		y = 0,
				mo,
				d,
				hh = 0,
				mi = 0,
				ss = 0,
				usec = 0,
				days,
				t;
	int			ydigits = 0;
	bool		neg = false,
				zone = false,
				lenient = (flags & MT_LENIENT) != 0;
	int64_t		offset = 0;

#define SHOWN (int) (len > 60 ? 60 : len), s
#define TSYNTAX(what) \
	mas_err(err, MAS_ERR_SYNTAX, "Timestamp \"%.*s\" is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[.ffffff] with Z or a +HH:MM offset): %s.", \
			SHOWN, what)

	if (lenient)
	{
		while (len > 0 && s[len - 1] == ' ')
			len--;
		while (len > 0 && s[0] == ' ')
			s++, len--;
	}
	else if ((len == 8 && memcmp(s, "infinity", 8) == 0) || (len == 9 && memcmp(s, "+infinity", 9) == 0))
	{
		*out = MT_NOEND;
		return MAS_OK;
	}
	else if (len == 9 && memcmp(s, "-infinity", 9) == 0)
	{
		*out = MT_NOBEGIN;
		return MAS_OK;
	}
	if (!lenient && i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	while (i < len && s[i] >= '0' && s[i] <= '9')
	{
		if (ydigits < 7)
			y = y * 10 + (s[i] - '0');
		i++;
		ydigits++;
	}
	if (ydigits < 4 || (ydigits > 4 && (lenient || i == (size_t) ydigits)))
		return TSYNTAX("bad year");
	/* keep the day arithmetic far from overflow: PostgreSQL's years are -4713..294276 */
	if (ydigits > 6 || y > 294277 || (neg && y > 4714))
		return mas_err(err, MAS_ERR_RANGE, "Timestamp \"%.*s\" is outside the range PostgreSQL supports (4714-11-24 BC to 294276 AD).", SHOWN);
	if (neg)
		y = -y;
	if (i >= len || s[i++] != '-' || !read_digits(s, len, &i, 2, &mo) ||
		i >= len || s[i++] != '-' || !read_digits(s, len, &i, 2, &d))
		return TSYNTAX("bad date");
	if ((lenient && y < 1) || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int) mo))
		return mas_err(err, MAS_ERR_RANGE, "Timestamp \"%.*s\" has a date that does not exist.", SHOWN);
	if (i < len || !lenient)
	{
		/* a time of day; a date alone is midnight UTC in the lenient form */
		if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
			return TSYNTAX("a time of day is required");
		i++;
		if (!read_digits(s, len, &i, 2, &hh) || i >= len || s[i++] != ':' ||
			!read_digits(s, len, &i, 2, &mi))
			return TSYNTAX("bad time of day");
		if (i < len && s[i] == ':')
		{
			i++;
			if (!read_digits(s, len, &i, 2, &ss))
				return TSYNTAX("bad seconds");
			/* a comma would end an item of the mastery text form */
			if (i < len && (s[i] == '.' || (lenient && s[i] == ',')))
			{
				int			k = 0;
				bool		round_up = false;

				i++;
				if (i >= len || s[i] < '0' || s[i] > '9')
					return TSYNTAX("bad fraction");
				while (i < len && s[i] >= '0' && s[i] <= '9')
				{
					if (k < 6)
						usec = usec * 10 + (s[i] - '0');
					else if (k == 6)
						round_up = s[i] >= '5';
					k++;
					i++;
				}
				for (; k < 6; k++)
					usec *= 10;
				if (round_up)
					usec++;
			}
		}
		if (i >= len && !lenient)
			return TSYNTAX("a time zone is required");
		if (i < len)
		{
			zone = true;
			if (s[i] == 'Z' || s[i] == 'z')
				i++;
			else if (s[i] == '+' || s[i] == '-')
			{
				int64_t		oh,
							om = 0;
				bool		oneg = s[i] == '-';

				i++;
				if (!read_digits(s, len, &i, 2, &oh))
					return TSYNTAX("bad time zone offset");
				if (i < len && s[i] == ':')
				{
					i++;
					if (!read_digits(s, len, &i, 2, &om))
						return TSYNTAX("bad time zone offset");
				}
				else if (i < len && s[i] >= '0' && s[i] <= '9')
				{
					if (!read_digits(s, len, &i, 2, &om))
						return TSYNTAX("bad time zone offset");
				}
				if (oh > 15 || om > 59)
					return mas_err(err, MAS_ERR_RANGE, "Timestamp \"%.*s\" has a time zone offset out of range.", SHOWN);
				offset = (oh * 3600 + om * 60) * MT_USECS_PER_SEC;
				if (oneg)
					offset = -offset;
			}
			else
				return TSYNTAX("bad time zone");
			if (i != len)
				return TSYNTAX("junk after the time zone");
		}
	}
	/* 24:00 is the end of the day; a leap second (lenient) is the next minute's first */
	if (hh > 24 || mi > 59 || ss > (lenient ? 60 : 59) || (hh == 24 && (mi || ss || usec)))
		return mas_err(err, MAS_ERR_RANGE, "Timestamp \"%.*s\" has a time of day out of range.", SHOWN);

	days = days_from_civil(y, (int) mo, (int) d) - EPOCH_DAYS_FROM_1970;
	/* |days| < 2^27 here, so none of this overflows */
	t = days * MT_USECS_PER_DAY + ((hh * 60 + mi) * 60 + ss) * MT_USECS_PER_SEC + usec - offset;
	if (t < MT_MIN_FINITE || t >= MT_END_FINITE)
		return mas_err(err, MAS_ERR_RANGE, "Timestamp \"%.*s\" is outside the range PostgreSQL supports (4714-11-24 BC to 294276 AD).", SHOWN);
	*out = t;
	if (has_zone)
		*has_zone = zone;
	return MAS_OK;
#undef TSYNTAX
#undef SHOWN
}

int64_t
mt_days_from_civil(int64_t y, int m, int d)
{
	return days_from_civil(y, m, d);
}
