/*
 * mcommon.c: interrupt hook, error helper and exact decimal formatting/parsing of doubles.
 */
#include "mcommon.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mc_interrupt_fn mc_interrupt_hook = NULL;
uint32_t	mc_ticks = 0;

void
mc_set_interrupt_hook(mc_interrupt_fn fn)
{
	mc_interrupt_hook = fn;
}

int
mas_err(MasErr *err, MasErrCode code, const char *fmt,...)
{
	if (err)
	{
		va_list		ap;

		err->code = code;
		err->pos = 0;
		err->msg = NULL;
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
	}
	return (int) code;
}

int
mas_err_prefix(MasErr *err, const char *fmt,...)
{
	char		prefix[128];
	char		old[sizeof(err->detail)];
	va_list		ap;
	int			plen;

	if (!err)
		return MAS_ERR_SYNTAX;
	va_start(ap, fmt);
	plen = vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	if (plen < 0)
		plen = 0;
	memcpy(old, err->detail, sizeof(old));
	old[sizeof(old) - 1] = '\0';
	snprintf(err->detail, sizeof(err->detail), "%s%.*s", prefix,
			 (int) (sizeof(err->detail) - 1 - (size_t) (plen < 127 ? plen : 127)), old);
	return (int) err->code;
}

size_t
nf_format(double v, char *buf, size_t buflen)
{
	int			prec;
	int			len = 0;

	if (v == 0.0)
		return (size_t) snprintf(buf, buflen, "%s", signbit(v) ? "-0" : "0");
	/*
	 * Every decimal of at most 15 significant digits survives a round trip
	 * through a normal double, so %.15g is the shortest form when it reads
	 * back exactly. Subnormals have less precision: search from 1 digit.
	 */
	for (prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++)
	{
		len = snprintf(buf, buflen, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return (size_t) len;
}

int
nf_parse(const char *s, size_t len, double *out, MasErr *err)
{
	size_t		i = 0;
	bool		digits = false;
	double		v;

	if (len == 0)
		return mas_err(err, MAS_ERR_SYNTAX, "A number was expected.");
	if (len >= 64)
		return mas_err(err, MAS_ERR_SYNTAX, "Number \"%.20s...\" is too long.", s);
	/* words: NaN, Infinity and the like get their own message */
	{
		size_t		w = (s[0] == '+' || s[0] == '-') ? 1 : 0;

		if (w < len && (s[w] == 'n' || s[w] == 'N' || s[w] == 'i' || s[w] == 'I'))
			return mas_err(err, MAS_ERR_RANGE, "\"%.*s\" is not allowed: numbers must be finite (no NaN or infinity).", (int) (len > 40 ? 40 : len), s);
	}
	/* strict shape: [+-]digits[.digits][(e|E)[+-]digits] */
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits = true;
	if (i < len && s[i] == '.')
	{
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits = true;
	}
	if (digits && i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		bool		edigits = false;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, edigits = true;
		if (!edigits)
			digits = false;
	}
	if (!digits || i != len)
		return mas_err(err, MAS_ERR_SYNTAX, "\"%.*s\" is not a number.", (int) (len > 40 ? 40 : len), s);
	if (mc_decimal_to_double(s, len, &v) != MAS_OK)
		return mas_err(err, MAS_ERR_RANGE, "Number \"%.*s\" is out of range for a double precision value.", (int) len, s);
	*out = v;
	return MAS_OK;
}

int
mc_decimal_to_double(const char *s, size_t len, double *out)
{
	char		stackbuf[64];
	char	   *buf = stackbuf;
	char	   *end;
	double		v;

	if (len >= sizeof(stackbuf))
	{
		buf = malloc(len + 1);
		if (buf == NULL)
			return MAS_ERR_RANGE;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &end);
	if (buf != stackbuf)
		free(buf);
	/* underflow to a tiny or zero value is fine; overflow is not */
	if (!isfinite(v))
		return MAS_ERR_RANGE;
	*out = v;
	return MAS_OK;
}
