/*
 * interop_scalar.c - strict scalar parsing and xAPI score rules.
 */
#include "interop_scalar.h"
#include "mcommon.h"

#include <math.h>
#include <string.h>

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Check the JSON number grammar on s[b..e). */
static bool
json_number_shape(const char *s, size_t b, size_t e)
{
	size_t		p = b;
	size_t		start;

	if (p < e && s[p] == '-')
		p++;
	start = p;
	while (p < e && is_digit(s[p]))
		p++;
	if (p == start)
		return false;
	if (p < e && s[p] == '.')
	{
		p++;
		start = p;
		while (p < e && is_digit(s[p]))
			p++;
		if (p == start)
			return false;
	}
	if (p < e && (s[p] == 'e' || s[p] == 'E'))
	{
		p++;
		if (p < e && (s[p] == '+' || s[p] == '-'))
			p++;
		start = p;
		while (p < e && is_digit(s[p]))
			p++;
		if (p == start)
			return false;
	}
	return p == e;
}

MasErrCode
interop_parse_double(const char *s, size_t len, double *out)
{
	size_t		b = 0,
				e = len;

	if (s == NULL)
		return MAS_ERR_SYNTAX;
	while (b < e && s[b] == ' ')
		b++;
	while (e > b && s[e - 1] == ' ')
		e--;
	if (!json_number_shape(s, b, e))
		return MAS_ERR_SYNTAX;
	if (mc_decimal_to_double(s + b, e - b, out) != MAS_OK)
		return MAS_ERR_RANGE;
	return MAS_OK;
}

MasErrCode
interop_double_to_int32(double d, int32_t *out)
{
	if (!isfinite(d))
		return MAS_ERR_RANGE;
	if (d != floor(d))
		return MAS_ERR_INVALID;
	if (d < (double) INT32_MIN || d > (double) INT32_MAX)
		return MAS_ERR_RANGE;
	*out = (int32_t) d;
	return MAS_OK;
}

MasErrCode
interop_parse_int32(const char *s, size_t len, int32_t *out)
{
	double		d;
	MasErrCode st = interop_parse_double(s, len, &d);

	if (st != MAS_OK)
		return st;
	return interop_double_to_int32(d, out);
}

xapi_score_status
interop_xapi_score(const xapi_score_in *in, double *score)
{
	if (in->has_scaled && (in->scaled < -1.0 || in->scaled > 1.0))
		return XAPI_SCORE_SCALED_RANGE;
	if (in->has_min && in->has_max && !(in->min < in->max))
		return XAPI_SCORE_MIN_MAX;
	if (in->has_raw && in->has_min && in->raw < in->min)
		return XAPI_SCORE_RAW_BELOW_MIN;
	if (in->has_raw && in->has_max && in->raw > in->max)
		return XAPI_SCORE_RAW_ABOVE_MAX;

	if (in->has_scaled)
		*score = in->scaled;
	else if (in->has_raw && in->has_min && in->has_max)
		*score = (in->raw - in->min) / (in->max - in->min);
	else if (in->has_raw)
		*score = in->raw;
	else if (in->has_success)
		*score = in->success ? 1.0 : 0.0;
	else
		return XAPI_SCORE_NONE;
	return XAPI_SCORE_OK;
}
