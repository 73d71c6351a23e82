/*
 * pg_mutate: in-database mutation test of every input path of the extension.
 *
 * From a fixed seed, it mutates valid literals of the four types (text input),
 * their binary forms (binary input, as a driver or COPY BINARY sends them), and
 * CASE / xAPI / OneRoster documents (the importers), and sends each case to the
 * server. Every case must be either
 *   accepted, and then round-trip exactly: the value's text reads back to the
 *   same text, and its binary form (the send function) reads back to the same
 *   text; importer rows are all computed; or
 *   rejected with a proper SQLSTATE: any class but XX (internal error), 58
 *   (system error) and 57 (a case running into the 10 s statement_timeout), with
 *   a message of at most 1000 bytes;
 * and the server must never restart (same postmaster start time, the connection
 * never lost). Connection settings come from the usual PG* environment.
 *
 * Usage: pg_mutate [CASES [SEED]]   (default 100000 cases, seed 1)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

/* ---------------------------------------------------------------- random */

static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t
rndn(size_t n)
{
	return n ? (size_t) (rnd() % n) : 0;
}

/* ---------------------------------------------------------------- buffers */

typedef struct Buf
{
	char	   *p;
	size_t		len,
				cap;
} Buf;

static void
buf_reserve(Buf *b, size_t more)
{
	if (b->len + more + 1 > b->cap)
	{
		b->cap = (b->len + more + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
		{
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
}

static void
buf_set(Buf *b, const char *s, size_t len)
{
	b->len = 0;
	buf_reserve(b, len);
	memcpy(b->p, s, len);
	b->len = len;
	b->p[len] = '\0';
}

static void
buf_insert(Buf *b, size_t pos, const char *s, size_t len)
{
	buf_reserve(b, len);
	memmove(b->p + pos + len, b->p + pos, b->len - pos);
	memcpy(b->p + pos, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static void
buf_delete(Buf *b, size_t pos, size_t len)
{
	memmove(b->p + pos, b->p + pos + len, b->len - pos - len);
	b->len -= len;
	b->p[b->len] = '\0';
}

/* ---------------------------------------------------------------- seeds */

typedef struct TypeCase
{
	const char *type;
	const char *send;
	const char *const *seeds;
	int			nseeds;
	unsigned int oid;
} TypeCase;

static const char *const mastery_seeds[] = {
	"{}", "{3}", "{1, 2.5, 4}",
	"{3@2024-09-01T10:00:00Z, 2.5@2024-09-05T10:00:00Z#17, 1}",
	"{0.25@2024-01-01 11:00+02:00, 100@-infinity, 7@infinity#-3}",
	"{1e-300@2024-02-29T23:59:59.999999Z, 0@+10000-01-01T00:00:00Z, 1@2024-01-01T00:00:00.5Z#2}",
};
static const char *const method_seeds[] = {
	"latest", "highest", "mean", "decaying_average(0.65)", "weighted_average(0.5)",
	"n_mastery(2, 2.5)", "power_law", "bkt(0.3, 0.2, 0.1, 0.2)", "bkt(0.3, 0.2, 0.1, 0.2, 0.05, 0.6)",
};
static const char *const scale_seeds[] = {
	"beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5",
	"a:0, *b:1", "\"say \\\"hi\\\"\":0, *\"back\\\\slash\":1",
	"developing:2, *capable:3, emerging:0, \"exceeds: 4+\":4",
};
static const char *const graph_seeds[] = {
	"{}", "{a}", "{a->b}", "{a->b, b->c, a->c, d}",
	"{\"x y\"->\"z, w\", \"q\\\"\"->\"->\"}", "{a->b, b->a}", "{1.OA.1->2.OA.1, K.CC.1->1.OA.1}",
};

static TypeCase types[] = {
	{"mastery", "mastery_send", mastery_seeds, sizeof(mastery_seeds) / sizeof(char *), 0},
	{"mastery_method", "mastery_method_send", method_seeds, sizeof(method_seeds) / sizeof(char *), 0},
	{"mastery_scale", "mastery_scale_send", scale_seeds, sizeof(scale_seeds) / sizeof(char *), 0},
	{"competency_graph", "competency_graph_send", graph_seeds, sizeof(graph_seeds) / sizeof(char *), 0},
};
#define NTYPES ((int) (sizeof(types) / sizeof(types[0])))

typedef struct Importer
{
	const char *fn;
	const char *seed;
} Importer;

static const char case_seed[] =
"{\"CFDocument\": {\"identifier\": \"doc\", \"uri\": \"https://ex.org/doc\", \"title\": \"F\","
" \"creator\": \"T\", \"subject\": [\"Math\"], \"language\": \"en\", \"adoptionStatus\": \"Draft\","
" \"lastChangeDateTime\": \"2024-05-01T12:00:00+02:00\", \"CFPackageURI\": {\"identifier\": \"doc\", \"uri\": \"https://ex.org/pkg\", \"title\": \"p\"}},"
" \"CFItems\": [{\"identifier\": \"i1\", \"uri\": \"https://ex.org/i1\", \"humanCodingScheme\": \"A\","
" \"fullStatement\": \"Domain A\", \"CFItemType\": \"Domain\", \"educationLevel\": [\"09\", \"10\"],"
" \"lastChangeDateTime\": \"2024-05-01T10:00:00Z\", \"listEnumeration\": 1,"
" \"CFDocumentURI\": {\"identifier\": \"doc\", \"uri\": \"https://ex.org/doc\", \"title\": \"F\"}},"
" {\"identifier\": \"i2\", \"humanCodingScheme\": \"A.1\", \"fullStatement\": \"Add\", \"educationLevel\": \"09, 10,\","
" \"CFItemTypeURI\": {\"identifier\": \"t\", \"title\": \"Standard\"}, \"listEnumeration\": \"2\"}],"
" \"CFAssociations\": [{\"identifier\": \"a1\", \"associationType\": \"isChildOf\", \"sequenceNumber\": \"2\","
" \"originNodeURI\": {\"identifier\": \"i2\", \"uri\": \"https://ex.org/i2\", \"title\": \"A.1\"},"
" \"destinationNodeURI\": {\"identifier\": \"i1\", \"uri\": \"https://ex.org/i1\", \"title\": \"A\"},"
" \"lastChangeDateTime\": \"2024-05-01T10:00:00.5-01:00\"},"
" {\"identifier\": \"a2\", \"associationType\": \"precedes\", \"sequenceNumber\": 7,"
" \"originNodeURI\": {\"identifier\": \"i1\"}, \"destinationNodeURI\": {\"identifier\": \"i2\"}}]}";

static const char xapi_seed[] =
"[{\"id\": \"s1\", \"actor\": {\"mbox\": \"mailto:a@ex.org\", \"name\": \"A\"},"
" \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/scored\"},"
" \"object\": {\"id\": \"https://ex.org/act/1\", \"objectType\": \"Activity\"},"
" \"result\": {\"score\": {\"scaled\": 0.5, \"raw\": 5, \"min\": 0, \"max\": 10}, \"success\": true},"
" \"timestamp\": \"2024-05-01T10:00:00.123+02:00\","
" \"context\": {\"contextActivities\": {\"parent\": [{\"id\": \"https://ex.org/course\"}]}}},"
" {\"actor\": {\"account\": {\"homePage\": \"https://lms\", \"name\": \"u7\"}}, \"object\": {\"id\": \"o\"},"
" \"result\": {\"score\": {\"raw\": 3}}, \"stored\": \"2024-05-02\"}]";

static const char oneroster_seed[] =
"{\"results\": [{\"sourcedId\": \"r1\", \"status\": \"active\", \"scoreStatus\": \"fully graded\","
" \"student\": {\"sourcedId\": \"s1\"}, \"lineItem\": {\"sourcedId\": \"li1\"}, \"score\": 7,"
" \"scoreDate\": \"2024-05-01\", \"dateLastModified\": \"2024-05-01T10:00:00.000Z\","
" \"learningObjectiveSet\": [{\"source\": \"case\", \"learningObjectiveResults\":"
" [{\"learningObjectiveId\": \"i1\", \"score\": 3.5}, {\"learningObjectiveId\": \"i2\", \"textScore\": \"P\"}]}]}]}";

static const Importer importers[] = {
	{"case_document", case_seed},
	{"case_items", case_seed},
	{"case_associations", case_seed},
	{"xapi_evidence", xapi_seed},
	{"oneroster_evidence", oneroster_seed},
};
#define NIMPORTERS ((int) (sizeof(importers) / sizeof(importers[0])))

/* ---------------------------------------------------------------- mutations */

static const char *const text_tokens[] = {
	"@", "#", ",", "{", "}", "->", "\"", "\\", " ", "*", ":", "(", ")", ".", "-", "+", "e", "E",
	"infinity", "-infinity", "1e308", "-1e308", "1e-320", "1e309", "NaN", "inf", "0x10",
	"9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999",
	"2024-02-30T00:00:00Z", "+294277-01-01T00:00:00Z", "-4713-11-24T00:00:00Z", "2024-01-01T24:00:00Z",
	"2024-01-01T00:00:60Z", "+14:00", "-15:00", "Z", "T", "0", "-0", "1000001", "2147483648",
	"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\t", "\n",
	"bkt(", "n_mastery(", "decaying_average(", ",,", "{}", "\"\"",
};

static const char *const json_values[] = {
	"\"\"", "null", "true", "false", "0", "-1", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
	"0.5", "2", "-0", "123456789012345678901234567890", "\"2024-13-01\"", "\"2024-02-30T10:00:00Z\"",
	"\"2024-05-01T10:00:00+25:00\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"0000-01-01\"",
	"\"x\"", "[]", "{}", "[1, 2]", "{\"a\": 1}", "[null]", "\"99999999999\"", "\"-2147483649\"",
	"\"1e308\"", "\"NaN\"", "\"Infinity\"", "\"\\u00e9\"", "\"\\ud800\"", "\"a\\\"b\"",
	"{\"identifier\": null}", "[{\"identifier\": \"i1\"}]", "{\"scaled\": 2}", "{\"raw\": 5, \"min\": 9, \"max\": 1}",
	"{\"raw\": 1e308, \"min\": -1e308, \"max\": 1e308}",
};

/* a random byte other than NUL (text parameters end at a NUL) */
static char
random_byte(void)
{
	return (char) (1 + rndn(255));
}

static void
mutate_text(Buf *b, const Buf *other)
{
	int			k,
				steps = rndn(3) == 0 ? 2 + (int) rndn(3) : 1;

	for (k = 0; k < steps; k++)
	{
		size_t		pos = rndn(b->len + 1);

		switch (rndn(7))
		{
			case 0:				/* replace a byte */
				if (b->len)
					b->p[rndn(b->len)] = random_byte();
				break;
			case 1:
			case 2:				/* insert a token */
				{
					const char *t = text_tokens[rndn(sizeof(text_tokens) / sizeof(char *))];

					buf_insert(b, pos, t, strlen(t));
					break;
				}
			case 3:				/* delete a span */
				if (pos < b->len)
					buf_delete(b, pos, 1 + rndn(b->len - pos < 8 ? b->len - pos : 8));
				break;
			case 4:				/* repeat a span, sometimes many times */
				if (pos < b->len)
				{
					size_t		len = 1 + rndn(b->len - pos < 40 ? b->len - pos : 40);
					size_t		times = rndn(8) == 0 ? 1 + rndn(2000) : 1 + rndn(3);
					char	   *span = malloc(len);
					size_t		t;

					memcpy(span, b->p + pos, len);
					for (t = 0; t < times; t++)
						buf_insert(b, pos, span, len);
					free(span);
				}
				break;
			case 5:				/* splice in part of another seed */
				if (other->len)
				{
					size_t		from = rndn(other->len);
					size_t		len = 1 + rndn(other->len - from);

					buf_insert(b, pos, other->p + from, len);
				}
				break;
			default:			/* truncate */
				b->len = pos;
				b->p[pos] = '\0';
				break;
		}
	}
}

static void
mutate_binary(Buf *b)
{
	static const uint32_t ints[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 1000000, 1000001,
	0x7fffffff, 0x80000000, 0xffffffff, 0x0fffffff, 0x10000000};
	int			k,
				steps = 1 + (int) rndn(3);

	for (k = 0; k < steps; k++)
	{
		size_t		pos = rndn(b->len + 1);

		switch (rndn(7))
		{
			case 0:
				if (b->len)
					b->p[rndn(b->len)] ^= (char) (1 << rndn(8));
				break;
			case 1:
				if (b->len)
					b->p[rndn(b->len)] = (char) ints[rndn(6)];
				break;
			case 2:				/* a big-endian int32 over 4 bytes */
				if (b->len >= 4)
				{
					uint32_t	v = ints[rndn(sizeof(ints) / sizeof(ints[0]))];

					pos = rndn(b->len - 3);
					b->p[pos] = (char) (v >> 24);
					b->p[pos + 1] = (char) (v >> 16);
					b->p[pos + 2] = (char) (v >> 8);
					b->p[pos + 3] = (char) v;
				}
				break;
			case 3:				/* truncate */
				b->len = pos;
				break;
			case 4:				/* insert random bytes */
				{
					size_t		n = 1 + rndn(16),
								i;

					for (i = 0; i < n; i++)
					{
						char		c = (char) rnd();

						buf_insert(b, pos, &c, 1);
					}
					break;
				}
			case 5:				/* duplicate a span */
				if (pos < b->len)
				{
					size_t		len = 1 + rndn(b->len - pos < 32 ? b->len - pos : 32);
					char	   *span = malloc(len);

					memcpy(span, b->p + pos, len);
					buf_insert(b, pos, span, len);
					free(span);
				}
				break;
			default:			/* an 8-byte float: NaN, infinity, huge, tiny */
				if (b->len >= 8)
				{
					static const uint64_t f[] = {0x7ff8000000000000ULL, 0x7ff0000000000000ULL,
						0xfff0000000000000ULL, 0x7fefffffffffffffULL, 0x0000000000000001ULL,
					0x8000000000000000ULL, 0x3ff0000000000000ULL};
					uint64_t	v = f[rndn(sizeof(f) / sizeof(f[0]))];
					int			i;

					pos = rndn(b->len - 7);
					for (i = 0; i < 8; i++)
						b->p[pos + i] = (char) (v >> (56 - 8 * i));
				}
				break;
		}
	}
}

/* Spans of the scalar values (not keys) of a JSON text. */
static size_t
json_value_spans(const char *s, size_t len, size_t *start, size_t *end, size_t max)
{
	size_t		i = 0,
				n = 0;

	while (i < len && n < max)
	{
		char		c = s[i];

		if (c == '"')
		{
			size_t		j = i + 1,
						k;

			while (j < len && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			j++;
			k = j;
			while (k < len && s[k] == ' ')
				k++;
			if (k >= len || s[k] != ':')
			{
				start[n] = i;
				end[n++] = j > len ? len : j;
			}
			i = j;
		}
		else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')
		{
			size_t		j = i;

			while (j < len && strchr(",]} \n", s[j]) == NULL)
				j++;
			start[n] = i;
			end[n++] = j;
			i = j;
		}
		else
			i++;
	}
	return n;
}

static void
mutate_json(Buf *b, const Buf *other)
{
	int			k,
				steps = 1 + (int) rndn(3);

	if (rndn(10) == 0)
	{
		mutate_text(b, other);
		return;
	}
	for (k = 0; k < steps; k++)
	{
		size_t		start[512],
					end[512];
		size_t		n = json_value_spans(b->p, b->len, start, end, 512),
					i;
		const char *v;
		Buf			tmp = {0};

		if (n == 0)
			return;
		i = rndn(n);
		if (rndn(4) == 0 && end[i] - start[i] >= 2)
		{
			/* mutate inside the value, keeping its quotes */
			buf_set(&tmp, b->p + start[i], end[i] - start[i]);
			mutate_text(&tmp, other);
			buf_delete(b, start[i], end[i] - start[i]);
			buf_insert(b, start[i], tmp.p, tmp.len);
			free(tmp.p);
			continue;
		}
		if (rndn(20) == 0)
		{
			/* a long string */
			size_t		len = 1 + rndn(20000);

			buf_reserve(&tmp, len + 2);
			tmp.p[0] = '"';
			memset(tmp.p + 1, 'a' + (int) rndn(26), len);
			tmp.p[len + 1] = '"';
			tmp.len = len + 2;
			buf_delete(b, start[i], end[i] - start[i]);
			buf_insert(b, start[i], tmp.p, tmp.len);
			free(tmp.p);
			continue;
		}
		v = json_values[rndn(sizeof(json_values) / sizeof(char *))];
		buf_delete(b, start[i], end[i] - start[i]);
		buf_insert(b, start[i], v, strlen(v));
	}
}

/* ---------------------------------------------------------------- checks */

typedef struct Stats
{
	long		cases,
				accepted,
				rejected;
	char		states[32][6];
	long		state_count[32];
	int			nstates;
} Stats;

static long failures;
static PGconn *conn;

static void
fail(const char *what, const char *group, const char *input, size_t len, const char *msg)
{
	size_t		i;

	failures++;
	if (failures > 20)
		return;
	fprintf(stderr, "FAILED %s (%s): %s\n  input (%zu bytes): ", what, group, msg ? msg : "", len);
	for (i = 0; i < len && i < 300; i++)
		fprintf(stderr, (unsigned char) input[i] >= 32 && (unsigned char) input[i] < 127 ? "%c" : "\\x%02x",
				(unsigned char) input[i]);
	fprintf(stderr, "%s\n", len > 300 ? "..." : "");
}

static void
count_state(Stats *st, const char *state)
{
	int			i;

	for (i = 0; i < st->nstates; i++)
		if (strcmp(st->states[i], state) == 0)
		{
			st->state_count[i]++;
			return;
		}
	if (st->nstates < 32)
	{
		snprintf(st->states[st->nstates], 6, "%s", state);
		st->state_count[st->nstates++] = 1;
	}
}

/*
 * A rejected case: true when the SQLSTATE and message are proper. A lost
 * connection ends the run.
 */
static bool
check_error(PGresult *r, Stats *st, const char *group, const char *input, size_t len)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

	if (PQstatus(conn) != CONNECTION_OK)
	{
		fail("connection lost", group, input, len, PQerrorMessage(conn));
		fprintf(stderr, "the server closed the connection: stopping\n");
		exit(1);
	}
	st->rejected++;
	count_state(st, state ? state : "?????");
	if (!state || strncmp(state, "XX", 2) == 0 || strncmp(state, "58", 2) == 0 ||
		strncmp(state, "57", 2) == 0)
	{
		fail("improper SQLSTATE", group, input, len, PQresultErrorMessage(r));
		return false;
	}
	if (msg && strlen(msg) > 1000)
	{
		fail("error message longer than 1000 bytes", group, input, len, "");
		return false;
	}
	return true;
}

/*
 * The statements, prepared once: for type i, "t<i>" gives the value's text,
 * that text read back and printed, and the binary form; "b<i>" reads a binary
 * form back; for importer j, "i<j>" computes every column of every row.
 */
static void
prepare(const char *name, const char *sql, int nparams, const unsigned int *oids)
{
	PGresult   *r = PQprepare(conn, name, sql, nparams, (const Oid *) oids);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "prepare %s: %s", sql, PQresultErrorMessage(r));
		exit(2);
	}
	PQclear(r);
}

/* value text, value text read back, and binary form; or an error */
static void
run_type_case(int ti, const Buf *in, bool binary, Stats *st)
{
	TypeCase   *t = &types[ti];
	char		name[16];
	const char *values[1] = {in->p};
	int			lengths[1] = {(int) in->len};
	int			formats[1] = {binary ? 1 : 0};
	PGresult   *r,
			   *r2;
	const char *group = binary ? "binary" : "text";

	st->cases++;
	snprintf(name, sizeof(name), "t%d", ti);
	r = PQexecPrepared(conn, name, 1, values, lengths, formats, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		check_error(r, st, t->type, in->p, in->len);
		PQclear(r);
		return;
	}
	st->accepted++;
	if (PQgetlength(r, 0, 0) != PQgetlength(r, 0, 1) ||
		memcmp(PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetlength(r, 0, 0)) != 0)
		fail("text round trip", group, in->p, in->len, PQgetvalue(r, 0, 0));
	/* the binary form reads back to the same value */
	values[0] = PQgetvalue(r, 0, 2);
	lengths[0] = PQgetlength(r, 0, 2);
	formats[0] = 1;
	snprintf(name, sizeof(name), "b%d", ti);
	r2 = PQexecPrepared(conn, name, 1, values, lengths, formats, 1);
	if (PQresultStatus(r2) != PGRES_TUPLES_OK)
		fail("binary form of an accepted value rejected", group, in->p, in->len, PQresultErrorMessage(r2));
	else if (PQgetlength(r2, 0, 0) != PQgetlength(r, 0, 0) ||
			 memcmp(PQgetvalue(r2, 0, 0), PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0)) != 0)
		fail("binary round trip", group, in->p, in->len, PQgetvalue(r2, 0, 0));
	PQclear(r2);
	PQclear(r);
}

static void
run_importer_case(int ii, const Buf *in, Stats *st)
{
	char		name[16];
	const char *values[1] = {in->p};
	PGresult   *r;

	snprintf(name, sizeof(name), "i%d", ii);
	st->cases++;
	r = PQexecPrepared(conn, name, 1, values, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		st->accepted++;
	else
		check_error(r, st, importers[ii].fn, in->p, in->len);
	PQclear(r);
}

static void
print_stats(const char *name, const Stats *st)
{
	int			i;

	printf("  %-28s %7ld cases: %6ld accepted, %6ld rejected", name, st->cases, st->accepted, st->rejected);
	for (i = 0; i < st->nstates; i++)
		printf("%s%s %ld", i == 0 ? " (" : ", ", st->states[i], st->state_count[i]);
	printf("%s\n", st->nstates ? ")" : "");
}

static char *
query1(const char *sql)
{
	PGresult   *r = PQexec(conn, sql);
	char	   *v;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
		exit(2);
	}
	v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

int
main(int argc, char **argv)
{
	long		total = argc > 1 ? atol(argv[1]) : 100000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
	long		per_type_text,
				per_type_binary,
				per_importer;
	char	   *started,
			   *started2;
	int			i;
	long		k;
	Buf			b = {0},
				other = {0};
	struct timespec t0,
				t1;
	PGresult   *r;

	rng ^= seed * 0x9E3779B97F4A7C15ULL;
	conn = PQconnectdb("");
	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "connection failed: %s", PQerrorMessage(conn));
		return 2;
	}
	r = PQexec(conn, "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS mastery; "
			   "SET statement_timeout = '10s'");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "setup failed: %s", PQresultErrorMessage(r));
		return 2;
	}
	PQclear(r);
	for (i = 0; i < NTYPES; i++)
	{
		char		sql[256],
					name[16];
		char	   *v;

		snprintf(sql, sizeof(sql), "SELECT '%s'::regtype::oid", types[i].type);
		v = query1(sql);
		types[i].oid = (unsigned int) strtoul(v, NULL, 10);
		free(v);
		snprintf(name, sizeof(name), "t%d", i);
		snprintf(sql, sizeof(sql), "SELECT v::text, v::text::%s::text, %s(v) FROM (SELECT $1::%s v) s",
				 types[i].type, types[i].send, types[i].type);
		prepare(name, sql, 1, &types[i].oid);
		snprintf(name, sizeof(name), "b%d", i);
		snprintf(sql, sizeof(sql), "SELECT $1::%s::text", types[i].type);
		prepare(name, sql, 1, &types[i].oid);
	}
	for (i = 0; i < NIMPORTERS; i++)
	{
		char		sql[256],
					name[16];

		/* every column of every row is computed (and printed) */
		snprintf(name, sizeof(name), "i%d", i);
		snprintf(sql, sizeof(sql), "SELECT count(*), md5(string_agg(t::text, '|')) FROM %s($1::jsonb) t",
				 importers[i].fn);
		prepare(name, sql, 1, NULL);
	}
	started = query1("SELECT pg_postmaster_start_time()");

	/* the cases: 60 % text literals, 20 % binary payloads, 20 % documents */
	per_type_text = total * 60 / 100 / NTYPES;
	per_type_binary = total * 20 / 100 / NTYPES;
	per_importer = (total - NTYPES * (per_type_text + per_type_binary)) / NIMPORTERS;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("mutation test: %ld cases, seed %lu\n", NTYPES * (per_type_text + per_type_binary) + NIMPORTERS * per_importer, seed);
	for (i = 0; i < NTYPES; i++)
	{
		TypeCase   *t = &types[i];
		Stats		st_text = {0},
					st_bin = {0};
		char		name[64];
		Buf		   *bins = calloc(t->nseeds, sizeof(Buf));
		int			s;

		/* the binary forms of the seeds, from the server's send function */
		for (s = 0; s < t->nseeds; s++)
		{
			char		sql[256];
			const char *values[1] = {t->seeds[s]};

			snprintf(sql, sizeof(sql), "SELECT %s($1::%s)", t->send, t->type);
			r = PQexecParams(conn, sql, 1, NULL, values, NULL, NULL, 1);
			if (PQresultStatus(r) != PGRES_TUPLES_OK)
			{
				fprintf(stderr, "seed %s: %s", t->seeds[s], PQresultErrorMessage(r));
				return 2;
			}
			buf_set(&bins[s], PQgetvalue(r, 0, 0), (size_t) PQgetlength(r, 0, 0));
			PQclear(r);
		}
		for (k = 0; k < per_type_text; k++)
		{
			const char *o = t->seeds[rndn(t->nseeds)];

			buf_set(&b, t->seeds[k % t->nseeds], strlen(t->seeds[k % t->nseeds]));
			buf_set(&other, o, strlen(o));
			mutate_text(&b, &other);
			run_type_case(i, &b, false, &st_text);
		}
		for (k = 0; k < per_type_binary; k++)
		{
			Buf		   *seedb = &bins[k % t->nseeds];

			buf_set(&b, seedb->p, seedb->len);
			mutate_binary(&b);
			run_type_case(i, &b, true, &st_bin);
		}
		snprintf(name, sizeof(name), "%s text", t->type);
		print_stats(name, &st_text);
		snprintf(name, sizeof(name), "%s binary", t->type);
		print_stats(name, &st_bin);
		for (s = 0; s < t->nseeds; s++)
			free(bins[s].p);
		free(bins);
	}
	for (i = 0; i < NIMPORTERS; i++)
	{
		Stats		st = {0};

		for (k = 0; k < per_importer; k++)
		{
			const Importer *o = &importers[rndn(NIMPORTERS)];

			buf_set(&b, importers[i].seed, strlen(importers[i].seed));
			buf_set(&other, o->seed, strlen(o->seed));
			mutate_json(&b, &other);
			run_importer_case(i, &b, &st);
		}
		print_stats(importers[i].fn, &st);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	started2 = query1("SELECT pg_postmaster_start_time()");
	if (strcmp(started, started2) != 0)
	{
		fprintf(stderr, "FAILED: the server restarted (%s, now %s)\n", started, started2);
		failures++;
	}
	printf("%s: %ld failures in %.1f s\n", failures ? "FAILED" : "ok", failures,
		   (double) (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(started);
	free(started2);
	free(b.p);
	free(other.p);
	PQfinish(conn);
	return failures ? 1 : 0;
}
