/*
 * fuzz_graph: the competency_graph text parser and stored-form decoder.
 * First byte even: a text literal; a parsed graph must encode, decode, print,
 *   and the printed text must parse to a graph with the same encoding.
 * First byte odd: a stored value; one that decodes must encode back to a value
 *   that decodes, prints and re-encodes to the same bytes.
 */
#include "fuzz_common.h"
#include "graph.h"

static unsigned char *
encode(const MgGraph *g, size_t *len)
{
	unsigned char *buf;

	*len = mg_graph_encoded_size(g);
	FUZZ_CHECK(*len > 0);
	buf = malloc(*len);
	mg_graph_encode(g, buf);
	return buf;
}

/* text -> canonical encoding, or NULL when the text is rejected */
static unsigned char *
parse_encode(const char *s, size_t slen, size_t *len)
{
	MgBuilder  *b = mg_builder_new();
	MasErr		perr;
	MgGraph    *g = NULL;
	unsigned char *enc = NULL;

	FUZZ_CHECK(b != NULL);
	if (mg_parse(s, slen, b, &perr) == MG_OK && mg_builder_finish_for_encoding(b, &g) == MG_OK)
	{
		enc = encode(g, len);
		mg_graph_free(g);
	}
	mg_builder_free(b);
	return enc;
}

static void
check_encoded(const unsigned char *enc, size_t len)
{
	MgGraph    *g = NULL;
	MasErr		why;
	char	   *text;
	size_t		tlen,
				len2,
				len3;
	unsigned char *enc2,
			   *enc3;

	FUZZ_CHECK(mg_graph_decode(enc, len, &g, &why) == MG_OK);
	enc2 = encode(g, &len2);
	FUZZ_CHECK(len2 == len && memcmp(enc, enc2, len) == 0);
	text = mg_format(g, &tlen);
	FUZZ_CHECK(text != NULL && strlen(text) == tlen);
	enc3 = parse_encode(text, tlen, &len3);
	FUZZ_CHECK(enc3 != NULL && len3 == len && memcmp(enc, enc3, len) == 0);
	free(enc3);
	free(text);
	free(enc2);
	mg_graph_free(g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
	{
		unsigned char *copy = malloc(size);
		MgGraph    *g = NULL;
		MasErr		why;
		size_t		len;

		memcpy(copy, data + 1, size - 1);
		if (mg_graph_decode(copy, size - 1, &g, &why) == MG_OK)
		{
			unsigned char *enc = encode(g, &len);

			mg_graph_free(g);
			check_encoded(enc, len);
			free(enc);
		}
		free(copy);
	}
	else
	{
		char	   *s = fuzz_cstring(data + 1, size - 1);
		size_t		len;
		unsigned char *enc = parse_encode(s, strlen(s), &len);

		if (enc)
		{
			check_encoded(enc, len);
			free(enc);
		}
		free(s);
	}
	return 0;
}
