/*
 * fuzz_mastery: the mastery text parser and the stored-form decoder.
 * First byte even: the rest is a text literal; parsed values must check,
 * encode, validate, decode to the same items, and print to a text that parses
 * back to the same items and prints the same again.
 * First byte odd: the rest is a stored value; a value that validates must
 * decode, and re-encode to a value that decodes to the same items.
 */
#include "fuzz_common.h"
#include "evidence.h"

static int
same_items(const MasItem *a, const MasItem *b, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (a[i].at_null != b[i].at_null || a[i].seq_null != b[i].seq_null ||
			(!a[i].at_null && a[i].at != b[i].at) ||
			(!a[i].seq_null && a[i].seq != b[i].seq) ||
			!fuzz_same_double(a[i].score, b[i].score))
			return 0;
	return 1;
}

static uint8_t *
encode(const MasItem *items, size_t n, size_t *len)
{
	MasPlan		plan;
	size_t		size = mas_plan(items, n, &plan);
	uint8_t    *buf = malloc(size + 1);

	*len = mas_encode_planned(items, n, &plan, buf);
	FUZZ_CHECK(*len == size);
	FUZZ_CHECK(mas_encoded_size(items, n) == size);
	return buf;
}

static MasItem *
decode(const uint8_t *buf, size_t len, size_t *n)
{
	MasErr		err;
	MasItem    *items;

	*n = mas_count(buf, len);
	items = malloc(sizeof(MasItem) * (*n + 1));
	FUZZ_CHECK(mas_decode_all(buf, len, items, &err) == MAS_OK);
	return items;
}

static void
fuzz_text(const uint8_t *data, size_t size)
{
	char	   *s = fuzz_cstring(data, size);
	size_t		cap = mas_text_max_items(s),
				n,
				i,
				len,
				n2,
				buflen;
	MasItem    *items,
			   *back,
			   *again;
	MasErr		err;
	uint8_t    *enc;
	char	   *text,
			   *text2;

	if (cap > MAS_MAX_ITEMS)
	{
		free(s);
		return;
	}
	items = malloc(sizeof(MasItem) * (cap + 1));
	if (mas_text_parse(s, items, cap, &n, &err) != MAS_OK)
	{
		FUZZ_CHECK(err.code != MAS_OK);
		free(items);
		free(s);
		return;
	}
	FUZZ_CHECK(n <= cap);
	FUZZ_CHECK(mas_is_sorted(items, n));
	for (i = 0; i < n; i++)
		FUZZ_CHECK(mas_check_item(&items[i], &err) == MAS_OK);
	enc = encode(items, n, &len);
	FUZZ_CHECK(mas_validate(enc, len, &err) == MAS_OK);
	back = decode(enc, len, &n2);
	FUZZ_CHECK(n2 == n && same_items(items, back, n));
	buflen = 3 + n * MAS_TEXT_ITEM_MAXLEN;
	text = malloc(buflen);
	FUZZ_CHECK(mas_text_format(items, n, text, buflen) < buflen);
	again = malloc(sizeof(MasItem) * (mas_text_max_items(text) + 1));
	FUZZ_CHECK(mas_text_parse(text, again, mas_text_max_items(text), &n2, &err) == MAS_OK);
	FUZZ_CHECK(n2 == n && same_items(items, again, n));
	text2 = malloc(buflen);
	mas_text_format(again, n, text2, buflen);
	FUZZ_CHECK(strcmp(text, text2) == 0);
	free(text2);
	free(again);
	free(text);
	free(back);
	free(enc);
	free(items);
	free(s);
}

static void
fuzz_stored(const uint8_t *data, size_t size)
{
	MasErr		err;
	MasIter		it;
	MasItem		item;
	size_t		n,
				n2,
				len;
	MasItem    *items,
			   *back;
	uint8_t    *enc,
			   *copy = malloc(size + 1);
	int			valid;

	/* an exact-size copy, so reads past the end are caught */
	memcpy(copy, data, size);
	valid = mas_validate(copy, size, &err) == MAS_OK;
	/* the iterator must stop cleanly on anything, valid or not */
	if (mas_iter_init(&it, copy, size, &err) == MAS_OK)
		while (mas_iter_next(&it, &item) > 0)
			;
	if (!valid)
	{
		free(copy);
		return;
	}
	items = decode(copy, size, &n);
	FUZZ_CHECK(mas_is_sorted(items, n));
	enc = encode(items, n, &len);
	back = decode(enc, len, &n2);
	FUZZ_CHECK(n2 == n && same_items(items, back, n));
	free(back);
	free(enc);
	free(items);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_stored(data + 1, size - 1);
	else
		fuzz_text(data + 1, size - 1);
	return 0;
}
