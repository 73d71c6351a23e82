/*
 * scale.c: proficiency scales.
 */
#include "scale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS_HEADER 8

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
level_cmp(const void *a, const void *b)
{
	double		x = ((const MasLevel *) a)->min,
				y = ((const MasLevel *) b)->min;

	return x < y ? -1 : x > y ? 1 : 0;
}

int
ms_check(MasScaleDef *def, MasErr *err)
{
	int			i,
				j;
	double		mastery_min;

	if (def->nlevels < 1)
		return mas_err(err, MAS_ERR_SYNTAX, "A scale needs at least one level, e.g. emerging:0, developing:2, *capable:3.");
	if (def->nlevels > MS_MAX_LEVELS)
		return mas_err(err, MAS_ERR_LIMIT, "A scale has at most %d levels.", MS_MAX_LEVELS);
	if (def->mastery < 0 || def->mastery >= def->nlevels)
		return mas_err(err, MAS_ERR_SYNTAX, "Mark the first mastered level with \"*\", e.g. emerging:0, developing:2, *capable:3.");
	for (i = 0; i < def->nlevels; i++)
	{
		if (!isfinite(def->levels[i].min))
			return mas_err(err, MAS_ERR_RANGE, "Level minimums must be finite numbers.");
		if (def->levels[i].label_len == 0)
			return mas_err(err, MAS_ERR_SYNTAX, "Level %d has an empty label.", i + 1);
		if (def->levels[i].label_len > MS_MAX_LABEL)
			return mas_err(err, MAS_ERR_LIMIT, "Level labels are at most %d bytes long.", MS_MAX_LABEL);
		for (j = 0; j < (int) def->levels[i].label_len; j++)
			if ((unsigned char) def->levels[i].label[j] < 0x20)
				return mas_err(err, MAS_ERR_SYNTAX, "Level labels cannot contain control characters.");
	}
	mastery_min = def->levels[def->mastery].min;
	qsort(def->levels, (size_t) def->nlevels, sizeof(MasLevel), level_cmp);
	for (i = 0; i < def->nlevels; i++)
	{
		if (def->levels[i].min == mastery_min)
			def->mastery = i;
		if (i > 0 && def->levels[i].min == def->levels[i - 1].min)
			return mas_err(err, MAS_ERR_SYNTAX, "Levels \"%.*s\" and \"%.*s\" have the same minimum %g.",
						   (int) def->levels[i - 1].label_len, def->levels[i - 1].label,
						   (int) def->levels[i].label_len, def->levels[i].label, def->levels[i].min);
		for (j = 0; j < i; j++)
			if (def->levels[i].label_len == def->levels[j].label_len &&
				memcmp(def->levels[i].label, def->levels[j].label, def->levels[i].label_len) == 0)
				return mas_err(err, MAS_ERR_SYNTAX, "Label \"%.*s\" appears twice.",
							   (int) def->levels[i].label_len, def->levels[i].label);
	}
	return MAS_OK;
}

/*
 * Parse. Labels point into s; quoted labels are unescaped in place, so s is
 * modified: callers pass a scratch copy when the text must stay intact.
 */
int
ms_parse(char *s, MasScaleDef *def, MasErr *err)
{
	char	   *p = s;
	int			n = 0,
				stars = 0;

	memset(def, 0, sizeof(*def));
	def->mastery = -1;
	for (;;)
	{
		MasLevel   *lv;
		bool		star = false;
		char	   *t,
				   *e;

		while (is_space(*p))
			p++;
		if (*p == '\0' && n == 0)
			break;
		if (n >= MS_MAX_LEVELS)
			return mas_err(err, MAS_ERR_LIMIT, "A scale has at most %d levels.", MS_MAX_LEVELS);
		lv = &def->levels[n];
		if (*p == '*')
		{
			star = true;
			p++;
			while (is_space(*p))
				p++;
		}
		if (*p == '"')
		{
			char	   *w;

			p++;
			t = w = p;
			while (*p && *p != '"')
			{
				if (*p == '\\' && p[1])
					p++;
				*w++ = *p++;
			}
			if (*p != '"')
				return mas_err(err, MAS_ERR_SYNTAX, "Level %d: unterminated quoted label.", n + 1);
			lv->label = t;
			lv->label_len = (size_t) (w - t);
			p++;
			while (is_space(*p))
				p++;
		}
		else
		{
			t = p;
			while (*p && *p != ':' && *p != ',' && *p != '"' && *p != '*')
				p++;
			e = p;
			while (e > t && is_space(e[-1]))
				e--;
			lv->label = t;
			lv->label_len = (size_t) (e - t);
		}
		if (lv->label_len == 0)
			return mas_err(err, MAS_ERR_SYNTAX, "Level %d has no label: each level is label:minimum.", n + 1);
		if (*p != ':')
			return mas_err(err, MAS_ERR_SYNTAX, "Level \"%.*s\" has no minimum score: each level is label:minimum.",
						   (int) (lv->label_len > 40 ? 40 : lv->label_len), lv->label);
		p++;
		while (is_space(*p))
			p++;
		t = p;
		while (*p && *p != ',')
			p++;
		e = p;
		while (e > t && is_space(e[-1]))
			e--;
		if (nf_parse(t, (size_t) (e - t), &lv->min, err) != MAS_OK)
			return mas_err_prefix(err, "Level \"%.*s\": ", (int) (lv->label_len > 40 ? 40 : lv->label_len), lv->label);
		if (star)
		{
			stars++;
			def->mastery = n;
		}
		n++;
		if (*p == ',')
		{
			p++;
			continue;
		}
		break;
	}
	def->nlevels = n;
	if (stars > 1)
		return mas_err(err, MAS_ERR_SYNTAX, "Only one level can be marked \"*\" as the first mastered level.");
	return ms_check(def, err);
}

static bool
label_needs_quotes(const MasLevel *lv)
{
	size_t		i;

	if (lv->label_len == 0 || is_space(lv->label[0]) || is_space(lv->label[lv->label_len - 1]))
		return true;
	for (i = 0; i < lv->label_len; i++)
		if (strchr(":,\"*\\", lv->label[i]))
			return true;
	return false;
}

size_t
ms_text_size(const MasScaleDef *def)
{
	size_t		n = 1;
	int			i;

	for (i = 0; i < def->nlevels; i++)
		n += 2 * def->levels[i].label_len + 40;
	return n;
}

size_t
ms_format(const MasScaleDef *def, char *buf, size_t buflen)
{
	size_t		len = 0;
	int			i;

	buf[0] = '\0';
	for (i = 0; i < def->nlevels; i++)
	{
		const MasLevel *lv = &def->levels[i];

		if (i > 0)
		{
			buf[len++] = ',';
			buf[len++] = ' ';
		}
		if (i == def->mastery)
			buf[len++] = '*';
		if (label_needs_quotes(lv))
		{
			size_t		j;

			buf[len++] = '"';
			for (j = 0; j < lv->label_len; j++)
			{
				if (lv->label[j] == '"' || lv->label[j] == '\\')
					buf[len++] = '\\';
				buf[len++] = lv->label[j];
			}
			buf[len++] = '"';
		}
		else
		{
			memcpy(buf + len, lv->label, lv->label_len);
			len += lv->label_len;
		}
		buf[len++] = ':';
		len += nf_format(lv->min, buf + len, buflen - len);
	}
	buf[len] = '\0';
	return len;
}

size_t
ms_encoded_size(const MasScaleDef *def)
{
	size_t		n = MS_HEADER + (size_t) def->nlevels * 12;
	int			i;

	for (i = 0; i < def->nlevels; i++)
		n += def->levels[i].label_len;
	return n;
}

size_t
ms_encode(const MasScaleDef *def, uint8_t *buf)
{
	size_t		off = MS_HEADER,
				lab;
	uint32_t	end = 0;
	int			i;

	buf[0] = MS_FORMAT_VERSION;
	buf[1] = 0;
	buf[2] = (uint8_t) def->nlevels;
	buf[3] = (uint8_t) (def->nlevels >> 8);
	buf[4] = (uint8_t) def->mastery;
	buf[5] = (uint8_t) (def->mastery >> 8);
	buf[6] = buf[7] = 0;
	for (i = 0; i < def->nlevels; i++, off += 8)
	{
		uint64_t	bits;

		memcpy(&bits, &def->levels[i].min, 8);
		mc_put_u64(buf + off, bits);
	}
	lab = off + (size_t) def->nlevels * 4;
	for (i = 0; i < def->nlevels; i++, off += 4)
	{
		memcpy(buf + lab + end, def->levels[i].label, def->levels[i].label_len);
		end += (uint32_t) def->levels[i].label_len;
		mc_put_u32(buf + off, end);
	}
	return lab + end;
}

double
ms_stored_min(const uint8_t *data, int level)
{
	uint64_t	bits = mc_get_u64(data + MS_HEADER + 8 * (size_t) level);
	double		v;

	memcpy(&v, &bits, 8);
	return v;
}

int
ms_stored_level(const uint8_t *data, double score)
{
	int			lo = 0,
				hi = ms_stored_count(data);

	/* first level whose minimum > score, minus one */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (ms_stored_min(data, mid) <= score)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

void
ms_stored_label(const uint8_t *data, int level, const char **label, size_t *len)
{
	int			n = ms_stored_count(data);
	size_t		offs = MS_HEADER + 8 * (size_t) n;
	uint32_t	start = level > 0 ? mc_get_u32(data + offs + 4 * (size_t) (level - 1)) : 0;
	uint32_t	end = mc_get_u32(data + offs + 4 * (size_t) level);

	*label = (const char *) data + offs + 4 * (size_t) n + start;
	*len = end - start;
}

int
ms_decode(const uint8_t *data, size_t len, MasScaleDef *def, MasErr *err)
{
	int			n,
				i;
	size_t		lab;
	uint32_t	prev = 0;

	memset(def, 0, sizeof(*def));
	if (len < MS_HEADER || data[0] != MS_FORMAT_VERSION || data[1] || data[6] || data[7])
		return mas_err(err, MAS_ERR_CORRUPT, "Bad scale header.");
	n = ms_stored_count(data);
	if (n < 1 || n > MS_MAX_LEVELS)
		return mas_err(err, MAS_ERR_CORRUPT, "Level count %d is outside 1 to %d.", n, MS_MAX_LEVELS);
	lab = MS_HEADER + (size_t) n * 12;
	if (len < lab)
		return mas_err(err, MAS_ERR_CORRUPT, "The scale is truncated.");
	def->nlevels = n;
	def->mastery = ms_stored_mastery(data);
	for (i = 0; i < n; i++)
	{
		uint32_t	end = mc_get_u32(data + MS_HEADER + 8 * (size_t) n + 4 * (size_t) i);

		if (end < prev || end > len - lab)
			return mas_err(err, MAS_ERR_CORRUPT, "Label offsets are out of bounds.");
		def->levels[i].min = ms_stored_min(data, i);
		def->levels[i].label = (const char *) data + lab + prev;
		def->levels[i].label_len = end - prev;
		prev = end;
	}
	if (lab + prev != len)
		return mas_err(err, MAS_ERR_CORRUPT, "The scale has trailing bytes.");
	{
		/* must already be in canonical order */
		for (i = 1; i < n; i++)
			if (!(def->levels[i - 1].min < def->levels[i].min))
				return mas_err(err, MAS_ERR_CORRUPT, "Level minimums are not strictly ascending.");
	}
	if (def->mastery >= n)
		return mas_err(err, MAS_ERR_CORRUPT, "The first mastered level %d is not one of the %d levels.", def->mastery + 1, n);
	if (ms_check(def, err) != MAS_OK)
		return mas_err(err, MAS_ERR_CORRUPT, "Stored scale does not validate.");
	return MAS_OK;
}
