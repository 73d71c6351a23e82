/*
 * iso8601.c - strict ISO 8601 / RFC 3339 date-time parser (see iso8601.h).
 */
#include "iso8601.h"

#include <stdbool.h>

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read exactly n digits at s[*pos]; false if fewer are there. */
static bool
read_digits(const char *s, size_t len, size_t *pos, int n, int *out)
{
	int			v = 0;

	if (*pos + (size_t) n > len)
		return false;
	for (int i = 0; i < n; i++)
	{
		char		c = s[*pos + (size_t) i];

		if (!is_digit(c))
			return false;
		v = v * 10 + (c - '0');
	}
	*pos += (size_t) n;
	*out = v;
	return true;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return (m == 2 && is_leap(y)) ? 29 : dim[m - 1];
}

int64_t
iso8601_days_from_civil(int64_t y, int m, int d)
{
	/* Shift the year to start in March so that leap days come last. */
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

iso8601_status
iso8601_parse(const char *s, size_t len, int64_t *unix_usec, int *has_offset)
{
	size_t		pos = 0;
	int			year,
				month,
				day;
	int			hour = 0,
				minute = 0,
				second = 0;
	int64_t		frac_usec = 0;
	int			offset_sec = 0;
	bool		offset = false;
	bool		range_error = false;
	int64_t		days;
	int64_t		total;

	if (s == NULL)
		return ISO8601_SYNTAX;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	while (pos < len && s[pos] == ' ')
		pos++;

	if (!read_digits(s, len, &pos, 4, &year))
		return ISO8601_SYNTAX;
	if (pos >= len || s[pos++] != '-')
		return ISO8601_SYNTAX;
	if (!read_digits(s, len, &pos, 2, &month))
		return ISO8601_SYNTAX;
	if (pos >= len || s[pos++] != '-')
		return ISO8601_SYNTAX;
	if (!read_digits(s, len, &pos, 2, &day))
		return ISO8601_SYNTAX;

	if (pos < len)
	{
		char		sep = s[pos++];

		if (sep != 'T' && sep != 't' && sep != ' ')
			return ISO8601_SYNTAX;
		if (!read_digits(s, len, &pos, 2, &hour))
			return ISO8601_SYNTAX;
		if (pos >= len || s[pos++] != ':')
			return ISO8601_SYNTAX;
		if (!read_digits(s, len, &pos, 2, &minute))
			return ISO8601_SYNTAX;
		if (pos < len && s[pos] == ':')
		{
			pos++;
			if (!read_digits(s, len, &pos, 2, &second))
				return ISO8601_SYNTAX;
			if (pos < len && (s[pos] == '.' || s[pos] == ','))
			{
				int			ndigits = 0;
				int			round_digit = 0;

				pos++;
				while (pos < len && is_digit(s[pos]))
				{
					if (ndigits < 6)
						frac_usec = frac_usec * 10 + (s[pos] - '0');
					else if (ndigits == 6)
						round_digit = s[pos] - '0';
					ndigits++;
					pos++;
				}
				if (ndigits == 0)
					return ISO8601_SYNTAX;
				for (int i = ndigits; i < 6; i++)
					frac_usec *= 10;
				if (round_digit >= 5)
					frac_usec++;	/* may reach 1000000: carried below */
			}
		}
		if (pos < len)
		{
			char		z = s[pos++];

			if (z == 'Z' || z == 'z')
				offset = true;
			else if (z == '+' || z == '-')
			{
				int			oh,
							om = 0;

				if (!read_digits(s, len, &pos, 2, &oh))
					return ISO8601_SYNTAX;
				if (pos < len)
				{
					if (s[pos] == ':')
						pos++;
					if (!read_digits(s, len, &pos, 2, &om))
						return ISO8601_SYNTAX;
				}
				if (oh > 15 || om > 59)
					range_error = true;
				offset_sec = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
				offset = true;
			}
			else
				return ISO8601_SYNTAX;
			if (pos != len)
				return ISO8601_SYNTAX;
		}
	}

	if (year < 1 || month < 1 || month > 12 || day < 1 ||
		day > days_in_month(year, month))
		range_error = true;
	if (hour == 24)
	{
		if (minute != 0 || second != 0 || frac_usec != 0)
			range_error = true;
	}
	else if (hour > 24 || minute > 59 || second > 60)
		range_error = true;
	if (range_error)
		return ISO8601_RANGE;

	days = iso8601_days_from_civil(year, month, day);
	total = days * 86400 + hour * 3600 + minute * 60 + second - offset_sec;
	*unix_usec = total * INT64_C(1000000) + frac_usec;
	if (has_offset)
		*has_offset = offset ? 1 : 0;
	return ISO8601_OK;
}
