/*
 * fuzz_method_scale: the text forms of mastery_method and mastery_scale and
 * the stored form of mastery_scale (the stored method is a fixed-size record
 * checked by mm_check in the glue; its text parser is covered here).
 * First byte % 3 == 0: a method literal; parsed methods must check, and print
 *   to a text that parses to the same method and prints the same again.
 * 1: a scale literal; parsed scales must check, print and parse back the same,
 *   encode and decode to the same scale.
 * 2: a stored scale; a scale that decodes must check, and encode back to the
 *   same bytes.
 */
#include "fuzz_common.h"
#include "method.h"
#include "scale.h"

static void
same_scale(const MasScaleDef *a, const MasScaleDef *b)
{
	int			i;

	FUZZ_CHECK(a->nlevels == b->nlevels && a->mastery == b->mastery);
	for (i = 0; i < a->nlevels; i++)
	{
		FUZZ_CHECK(a->levels[i].label_len == b->levels[i].label_len);
		FUZZ_CHECK(memcmp(a->levels[i].label, b->levels[i].label, a->levels[i].label_len) == 0);
		FUZZ_CHECK(fuzz_same_double(a->levels[i].min, b->levels[i].min));
	}
}

static void
fuzz_method(const uint8_t *data, size_t size)
{
	char	   *s = fuzz_cstring(data, size);
	MasMethod	m,
				m2;
	MasErr		err;
	char		text[MM_TEXT_MAXLEN],
				text2[MM_TEXT_MAXLEN];
	int			i;

	if (mm_parse(s, &m, &err) == MAS_OK)
	{
		FUZZ_CHECK(mm_check(&m, &err) == MAS_OK);
		FUZZ_CHECK(mm_format(&m, text, sizeof(text)) < sizeof(text));
		FUZZ_CHECK(mm_parse(text, &m2, &err) == MAS_OK);
		FUZZ_CHECK(m.kind == m2.kind && m.nparams == m2.nparams);
		for (i = 0; i < m.nparams; i++)
			FUZZ_CHECK(fuzz_same_double(m.p[i], m2.p[i]));
		mm_format(&m2, text2, sizeof(text2));
		FUZZ_CHECK(strcmp(text, text2) == 0);
	}
	free(s);
}

static void
fuzz_scale_text(const uint8_t *data, size_t size)
{
	char	   *s = fuzz_cstring(data, size);
	MasScaleDef *def = calloc(1, sizeof(MasScaleDef)),
			   *def2 = calloc(1, sizeof(MasScaleDef)),
			   *def3 = calloc(1, sizeof(MasScaleDef));
	MasErr		err;

	if (ms_parse(s, def, &err) == MAS_OK)
	{
		size_t		tsize = ms_text_size(def),
					esize = ms_encoded_size(def);
		char	   *text = malloc(tsize),
				   *text2 = malloc(tsize),
				   *text3 = malloc(tsize);
		uint8_t    *enc = malloc(esize);

		FUZZ_CHECK(ms_check(def, &err) == MAS_OK);
		FUZZ_CHECK(ms_format(def, text, tsize) < tsize);
		FUZZ_CHECK(ms_encode(def, enc) == esize);
		FUZZ_CHECK(ms_decode(enc, esize, def3, &err) == MAS_OK);
		same_scale(def, def3);
		memcpy(text2, text, tsize);
		/* ms_parse may unescape in place: parse a copy */
		FUZZ_CHECK(ms_parse(text2, def2, &err) == MAS_OK);
		same_scale(def, def2);
		/* (def2's labels point into text2) */
		ms_format(def2, text3, tsize);
		FUZZ_CHECK(strcmp(text, text3) == 0);
		free(text3);
		free(enc);
		free(text2);
		free(text);
	}
	free(def3);
	free(def2);
	free(def);
	free(s);
}

static void
fuzz_scale_stored(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size + 1);
	MasScaleDef *def = calloc(1, sizeof(MasScaleDef));
	MasErr		err;

	memcpy(copy, data, size);
	if (ms_decode(copy, size, def, &err) == MAS_OK)
	{
		size_t		esize = ms_encoded_size(def);
		uint8_t    *enc = malloc(esize);

		FUZZ_CHECK(ms_check(def, &err) == MAS_OK);
		FUZZ_CHECK(ms_encode(def, enc) == esize);
		FUZZ_CHECK(esize == size && memcmp(enc, copy, size) == 0);
		free(enc);
	}
	free(def);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			fuzz_method(data + 1, size - 1);
			break;
		case 1:
			fuzz_scale_text(data + 1, size - 1);
			break;
		default:
			fuzz_scale_stored(data + 1, size - 1);
			break;
	}
	return 0;
}
