/*
 * Unit tests of the interop cores: ISO 8601 parsing, strict number parsing and
 * the xAPI score rules.  Expected instants were computed independently (seconds
 * since 1970-01-01 UTC from a calendar library).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtime.h"
#include "interop_scalar.h"

#define SEC INT64_C(1000000)

/* microseconds from 1970-01-01 to 2000-01-01 (timestamps count from 2000) */
#define UNIX_TO_PG_USECS INT64_C(946684800000000)

/* mt_parse_opts in the lenient profile of the importers */
static int
iso8601_parse(const char *s, size_t len, int64_t *unix_usec, int *has_offset)
{
	int64_t		t = 0;
	bool		zone = false;
	MasErr		err;
	int			rc = mt_parse_opts(s, len, MT_LENIENT, &t, &zone, &err);

	*unix_usec = t + UNIX_TO_PG_USECS;
	if (has_offset)
		*has_offset = zone;
	return rc;
}

static int64_t
parse_ok(const char *s, int *has_offset)
{
	int64_t		v = 0;

	assert_int_equal(iso8601_parse(s, strlen(s), &v, has_offset), MAS_OK);
	return v;
}

static void
test_iso_basic(void **state)
{
	int			off = -1;

	assert_true(parse_ok("1970-01-01T00:00:00Z", &off) == 0);
	assert_int_equal(off, 1);
	assert_true(parse_ok("2000-01-01T00:00:00Z", NULL) == 946684800 * SEC);
	assert_true(parse_ok("2016-07-28T00:14:52+00:00", NULL) == 1469664892 * SEC);
	assert_true(parse_ok("2024-02-29T12:00:00Z", NULL) == 1709208000 * SEC);
	assert_true(parse_ok("2024-05-01T10:00:00+02:00", NULL) == 1714550400 * SEC);
	assert_true(parse_ok("2024-05-01T10:00:00+0200", NULL) == 1714550400 * SEC);
	assert_true(parse_ok("2024-05-01T07:00:00-01", NULL) == 1714550400 * SEC);
	assert_true(parse_ok("2024-05-01 08:00z", NULL) == 1714550400 * SEC);
	assert_true(parse_ok("0001-01-01T00:00:00Z", NULL) == INT64_C(-62135596800) * SEC);
	assert_true(parse_ok("9999-12-31T23:59:59Z", NULL) == INT64_C(253402300799) * SEC);
	assert_true(parse_ok("1969-12-31T23:59:59Z", NULL) == -1 * SEC);
}

static void
test_iso_no_offset_and_date(void **state)
{
	int			off = -1;

	/* no offset: UTC, and reported as such */
	assert_true(parse_ok("2016-07-28T00:14:52", &off) == 1469664892 * SEC);
	assert_int_equal(off, 0);
	/* a date alone is midnight UTC */
	assert_true(parse_ok("2024-03-01", &off) == 1709251200 * SEC);
	assert_int_equal(off, 0);
	/* 24:00 is the end of the day, i.e. the next midnight */
	assert_true(parse_ok("2024-02-29T24:00:00Z", NULL) == 1709251200 * SEC);
	/* surrounding spaces are ignored */
	assert_true(parse_ok("  2024-03-01 ", NULL) == 1709251200 * SEC);
}

static void
test_iso_fraction(void **state)
{
	assert_true(parse_ok("1970-01-01T00:00:00.5Z", NULL) == 500000);
	assert_true(parse_ok("1970-01-01T00:00:00,25Z", NULL) == 250000);
	assert_true(parse_ok("1970-01-01T00:00:00.123456Z", NULL) == 123456);
	/* rounded to microseconds, carrying into the seconds */
	assert_true(parse_ok("1970-01-01T00:00:00.1234565Z", NULL) == 123457);
	assert_true(parse_ok("1970-01-01T00:00:00.1234564999Z", NULL) == 123456);
	assert_true(parse_ok("1970-01-01T00:00:00.9999999Z", NULL) == 1000000);
	/* a leap second counts as the next minute's first second */
	assert_true(parse_ok("1970-01-01T00:00:60Z", NULL) == 60 * SEC);
}

static void
test_iso_reject(void **state)
{
	const char *syntax[] = {
		"", "yesterday", "2024", "2024-5-01", "2024-05-1", "2024/05/01",
		"2024-05-01T", "2024-05-01T10", "2024-05-01T10:00:00.", "2024-05-01T10:00:00Zjunk",
		"2024-05-01T10:00:00+2", "2024-05-01T10:00:00 +02:00", "20240501T100000Z",
		"2024-05-01Z", "+2024-05-01", "2024-05-01T10:00:00+02:0",
	};
	const char *range[] = {
		"2024-13-01", "2024-00-10", "2023-02-29", "2024-04-31", "0000-01-01",
		"2024-05-01T25:00:00Z", "2024-05-01T24:00:01Z", "2024-05-01T10:60:00Z",
		"2024-05-01T10:00:61Z", "2024-05-01T10:00:00+16:00", "2024-05-01T10:00:00+01:60",
	};
	int64_t		v;

	for (size_t i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++)
		assert_int_equal(iso8601_parse(syntax[i], strlen(syntax[i]), &v, NULL), MAS_ERR_SYNTAX);
	for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++)
		assert_int_equal(iso8601_parse(range[i], strlen(range[i]), &v, NULL), MAS_ERR_RANGE);
	/* not NUL-terminated: only len bytes are read */
	assert_int_equal(iso8601_parse("2024-05-01junk", 10, &v, NULL), MAS_OK);
	assert_int_equal(iso8601_parse("", 0, &v, NULL), MAS_ERR_SYNTAX);
}

static void
test_days_from_civil(void **state)
{
	assert_true(mt_days_from_civil(1970, 1, 1) == 0);
	assert_true(mt_days_from_civil(2000, 3, 1) == 11017);
	assert_true(mt_days_from_civil(1969, 12, 31) == -1);
}

static void
test_parse_double(void **state)
{
	double		d = 0;
	const char *bad[] = {"", " ", "abc", "1x", "0x10", "inf", "nan", "-", "1.", ".5",
	"+1", "1e", "1e+", "--1", "1 2", "Infinity"};

	assert_int_equal(interop_parse_double("3", 1, &d), MAS_OK);
	assert_true(d == 3.0);
	assert_int_equal(interop_parse_double(" -0.25 ", 7, &d), MAS_OK);
	assert_true(d == -0.25);
	assert_int_equal(interop_parse_double("1.5e2", 5, &d), MAS_OK);
	assert_true(d == 150.0);
	assert_int_equal(interop_parse_double("1E-2", 4, &d), MAS_OK);
	assert_true(d == 0.01);
	assert_int_equal(interop_parse_double("1e999", 5, &d), MAS_ERR_RANGE);
	assert_int_equal(interop_parse_double("-1e999", 6, &d), MAS_ERR_RANGE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(interop_parse_double(bad[i], strlen(bad[i]), &d), MAS_ERR_SYNTAX);
	/* only len bytes are read */
	assert_int_equal(interop_parse_double("12junk", 2, &d), MAS_OK);
	assert_true(d == 12.0);
	/* longer than any stack buffer of the conversion: 0.25 with 200 zeros
	 * appended, and 2 followed by 300 zeros (within range) */
	{
		char		lng[400];

		memcpy(lng, "0.25", 4);
		memset(lng + 4, '0', 200);
		assert_int_equal(interop_parse_double(lng, 204, &d), MAS_OK);
		assert_true(d == 0.25);
		lng[0] = '2';
		memset(lng + 1, '0', 300);
		assert_int_equal(interop_parse_double(lng, 301, &d), MAS_OK);
		assert_true(d == 2e300);
		memset(lng + 1, '0', 310);	/* 2e310 overflows */
		assert_int_equal(interop_parse_double(lng, 311, &d), MAS_ERR_RANGE);
	}
	/* underflow is fine: a tiny score reads as zero */
	assert_int_equal(interop_parse_double("1e-400", 6, &d), MAS_OK);
	assert_true(d == 0.0);
}

static void
test_parse_int32(void **state)
{
	int32_t		v = 0;

	assert_int_equal(interop_parse_int32("3", 1, &v), MAS_OK);
	assert_int_equal(v, 3);
	assert_int_equal(interop_parse_int32("3.0", 3, &v), MAS_OK);
	assert_int_equal(v, 3);
	assert_int_equal(interop_parse_int32("-2147483648", 11, &v), MAS_OK);
	assert_int_equal(v, INT32_MIN);
	assert_int_equal(interop_parse_int32("2147483648", 10, &v), MAS_ERR_RANGE);
	assert_int_equal(interop_parse_int32("2.5", 3, &v), MAS_ERR_INVALID);
	assert_int_equal(interop_parse_int32("two", 3, &v), MAS_ERR_SYNTAX);
	assert_int_equal(interop_double_to_int32(7.0, &v), MAS_OK);
	assert_int_equal(v, 7);
}

static void
test_xapi_score(void **state)
{
	xapi_score_in in;
	double		s = -99;

	memset(&in, 0, sizeof(in));
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_NONE);

	in.has_success = true;
	in.success = true;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == 1.0);
	in.success = false;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == 0.0);

	/* raw alone is kept on its own scale, and beats success */
	in.has_raw = true;
	in.raw = 7;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == 7.0);

	/* raw within [min, max] is normalized: (7 - 2) / (12 - 2) */
	in.has_min = in.has_max = true;
	in.min = 2;
	in.max = 12;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == 0.5);

	/* scaled wins over raw */
	in.has_scaled = true;
	in.scaled = -0.5;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == -0.5);

	/* but everything given is validated */
	in.scaled = 1.5;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_SCALED_RANGE);
	in.scaled = 1.0;
	in.raw = 13;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_RAW_ABOVE_MAX);
	in.raw = 1;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_RAW_BELOW_MIN);
	in.raw = 5;
	in.min = 12;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_MIN_MAX);

	/* one bound alone still bounds raw, and raw stays unnormalized */
	memset(&in, 0, sizeof(in));
	in.has_raw = in.has_max = true;
	in.raw = 4;
	in.max = 3;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_RAW_ABOVE_MAX);
	in.max = 10;
	assert_int_equal(interop_xapi_score(&in, &s), XAPI_SCORE_OK);
	assert_true(s == 4.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_basic),
		cmocka_unit_test(test_iso_no_offset_and_date),
		cmocka_unit_test(test_iso_fraction),
		cmocka_unit_test(test_iso_reject),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_parse_int32),
		cmocka_unit_test(test_xapi_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
