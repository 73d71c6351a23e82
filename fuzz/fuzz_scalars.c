/*
 * fuzz_scalars: the scalar parsers: ISO 8601 times (strict, as mastery
 * literals take them, and lenient, as CASE/xAPI/OneRoster give them),
 * decimal numbers, interop numbers and xAPI scores. Accepted times must be in range and print to a text that parses to
 * the same time; accepted numbers must be finite and print to a text that
 * parses to the same double.
 */
#include "fuzz_common.h"
#include <math.h>
#include "mtime.h"
#include "interop_scalar.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);	/* exact size + 1, unterminated use */
	int64_t		t,
				t2;
	double		d,
				d2;
	int32_t		i32;
	bool		has_zone;
	MasErr		err;
	char		buf[64];

	memcpy(s, data, size);
	s[size] = '\0';
	if (mt_parse(s, size, &t, &err) == MAS_OK)
	{
		FUZZ_CHECK(mt_is_valid(t));
		FUZZ_CHECK(mt_format(t, buf, sizeof(buf)) < MT_MAXLEN);
		FUZZ_CHECK(mt_parse(buf, strlen(buf), &t2, &err) == MAS_OK && t2 == t);
	}
	if (mt_parse_opts(s, size, MT_LENIENT, &t, &has_zone, &err) == MAS_OK)
	{
		FUZZ_CHECK(mt_is_valid(t));
		mt_format(t, buf, sizeof(buf));
		FUZZ_CHECK(mt_parse(buf, strlen(buf), &t2, &err) == MAS_OK && t2 == t);
	}
	if (nf_parse(s, size, &d, &err) == MAS_OK)
	{
		FUZZ_CHECK(isfinite(d));
		FUZZ_CHECK(nf_format(d, buf, sizeof(buf)) < sizeof(buf));
		FUZZ_CHECK(nf_parse(buf, strlen(buf), &d2, &err) == MAS_OK && fuzz_same_double(d, d2));
	}
	if (interop_parse_double(s, size, &d) == MAS_OK)
	{
		FUZZ_CHECK(isfinite(d));
		if (interop_double_to_int32(d, &i32) == MAS_OK)
			FUZZ_CHECK((double) i32 == d);
	}
	if (interop_parse_int32(s, size, &i32) == MAS_OK)
	{
		int32_t		back;

		snprintf(buf, sizeof(buf), "%d", (int) i32);
		FUZZ_CHECK(interop_parse_int32(buf, strlen(buf), &back) == MAS_OK && back == i32);
	}
	/* xAPI score: the input's bytes as the fields of a score */
	if (size >= 5 * sizeof(double) + 1)
	{
		xapi_score_in in;
		double		score;

		memcpy(&in.scaled, data, sizeof(double));
		memcpy(&in.raw, data + 8, sizeof(double));
		memcpy(&in.min, data + 16, sizeof(double));
		memcpy(&in.max, data + 24, sizeof(double));
		in.has_scaled = data[40] & 1;
		in.has_raw = data[40] & 2;
		in.has_min = data[40] & 4;
		in.has_max = data[40] & 8;
		in.has_success = data[40] & 16;
		in.success = data[40] & 32;
		if ((!in.has_scaled || isfinite(in.scaled)) && (!in.has_raw || isfinite(in.raw)) &&
			(!in.has_min || isfinite(in.min)) && (!in.has_max || isfinite(in.max)) &&
			interop_xapi_score(&in, &score) == XAPI_SCORE_OK)
			FUZZ_CHECK(isfinite(score));
	}
	free(s);
	return 0;
}
