/* Unit tests of the competency graph core (src/core/graph_*.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include "graph.h"
#include "mcommon.h"

/* Parse a text literal into a canonical graph (asserts success). */
static MgGraph *
parse(const char *s)
{
	MgBuilder  *b = mg_builder_new();
	MasErr err;
	MgGraph    *g = NULL;

	assert_non_null(b);
	assert_int_equal(mg_parse(s, strlen(s), b, &err), MG_OK);
	assert_int_equal(mg_builder_finish(b, &g), MG_OK);
	mg_builder_free(b);
	return g;
}

static uint32_t
id(const MgGraph *g, const char *name)
{
	int64_t		v = mg_graph_find(g, name, strlen(name));

	assert_true(v >= 0);
	return (uint32_t) v;
}

/* Names of ids joined by spaces (static buffer). */
static const char *
names(const MgGraph *g, const uint32_t *ids, uint32_t n)
{
	static char buf[4096];
	size_t		o = 0;
	uint32_t	i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t) snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? " " : "",
							   mg_name(g, ids[i]));
	return buf;
}

static void
test_format_roundtrip(void **state)
{
	const char *cases[][2] = {
		{"{}", "{}"},
		{"  {  }  ", "{}"},
		{"{b->c, a->b, d}", "{a->b, b->c, d}"},
		{"{a->b, a->b, b}", "{a->b}"},
		{"{\"x y\"->\"q\\\"\", \"\"}", "{\"\", \"x y\"->\"q\\\"\"}"},
		{"{a-->b}", "{a-->b}"},
		{"{\"a->b\"->c}", "{\"a->b\"->c}"},
		{"{\"a,b\", \"{\", \"\\\\\"}", "{\"\\\\\", \"a,b\", \"{\"}"},
		{"{z->z}", "{z->z}"},
		{"{>->-}", "{>->-}"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		MgGraph    *g = parse(cases[i][0]);
		size_t		len;
		char	   *s = mg_format(g, &len);
		MgGraph    *g2;

		assert_string_equal(s, cases[i][1]);
		/* output parses back to the same text */
		g2 = parse(s);
		{
			char	   *s2 = mg_format(g2, NULL);

			assert_string_equal(s2, s);
			free(s2);
		}
		free(s);
		mg_graph_free(g);
		mg_graph_free(g2);
	}
}

static void
test_parse_errors(void **state)
{
	struct
	{
		const char *in;
		const char *msg;
		size_t		pos;
	}			cases[] = {
		{"", "Unexpected end of input", 1},
		{"a", "Expected \"{\"", 1},
		{"{a", "Unexpected end of input", 3},
		{"{a->}", "Expected a name", 5},
		{"{a b}", "Expected \",\" or \"}\"", 4},
		{"{\"a}", "Unterminated quoted name", 2},
		{"{\"a\\", "Unterminated quoted name", 2},
		{"{a} x", "Unexpected text after \"}\"", 5},
		{"{,}", "Expected a name", 2},
		{"{a,,b}", "Expected a name", 4},
		{"{a->b->c}", "Expected \",\" or \"}\"", 6},
		{"{a,}", "Expected a name", 4},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		MgBuilder  *b = mg_builder_new();
		MasErr err;

		assert_int_equal(mg_parse(cases[i].in, strlen(cases[i].in), b, &err), MG_ESYNTAX);
		assert_int_equal(err.code, MAS_ERR_SYNTAX);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(err.pos, cases[i].pos);
		{
			char		want[256];

			snprintf(want, sizeof(want), "%s at position %zu.", cases[i].msg, (size_t) cases[i].pos);
			assert_string_equal(err.detail, want);
		}
		mg_builder_free(b);
	}
}

static void
test_encode_decode(void **state)
{
	MgGraph    *g = parse("{a->b, b->c, a->c, d, \"x y\"->a}");
	size_t		sz = mg_graph_encoded_size(g);
	unsigned char *buf = malloc(sz);
	unsigned char *copy = malloc(sz);
	MgGraph    *g2;
	MasErr		why;
	size_t		i;
	int			bit;

	mg_graph_encode(g, buf);
	assert_int_equal(mg_graph_decode(buf, sz, &g2, &why), MG_OK);
	assert_int_equal(g2->n, 5);
	assert_int_equal(g2->m, 4);
	{
		char	   *a = mg_format(g, NULL),
				   *b = mg_format(g2, NULL);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	mg_graph_free(g2);

	/* truncated input is rejected, never read past the end */
	for (i = 0; i < sz; i++)
	{
		assert_int_equal(mg_graph_decode(buf, i, &g2, &why), MG_ECORRUPT);
		assert_int_equal(why.code, MAS_ERR_DATA_CORRUPTED);
		assert_non_null(why.msg);
		assert_string_equal(why.detail, "The stored value does not follow competency_graph format version 1.");
	}

	/* every single-bit flip is either rejected or still a valid graph */
	for (i = 0; i < sz; i++)
		for (bit = 0; bit < 8; bit++)
		{
			memcpy(copy, buf, sz);
			copy[i] ^= (unsigned char) (1u << bit);
			if (mg_graph_decode(copy, sz, &g2, &why) == MG_OK)
			{
				char	   *s = mg_format(g2, NULL);

				assert_non_null(s);
				free(s);
				mg_graph_free(g2);
			}
			else
			{
				assert_int_equal(why.code, MAS_ERR_DATA_CORRUPTED);
				assert_non_null(why.msg);
			}
		}
	free(buf);
	free(copy);
	mg_graph_free(g);
}

static void
test_empty_and_single(void **state)
{
	MgGraph    *g = parse("{}");
	uint32_t	out[4],
				n;
	MgCycle		cyc = {out, 0};
	int64_t		nc;
	uint32_t	st[2];

	assert_int_equal(g->n, 0);
	assert_int_equal(mg_topological(g, out, &cyc), MG_OK);
	assert_int_equal(mg_longest_path(g, out, &n, &cyc), MG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mg_ready(g, NULL, 0, out), 0);
	assert_true(mg_graph_find(g, "a", 1) < 0);
	nc = mg_cyclic_components(g, out, st);
	assert_int_equal(nc, 0);
	mg_graph_free(g);

	g = parse("{solo}");
	assert_int_equal(mg_ready(g, NULL, 0, out), 1);
	assert_string_equal(mg_name(g, out[0]), "solo");
	assert_int_equal(mg_closure(g, 0, MG_DIR_PREREQ, -1, out), 0);
	assert_int_equal(mg_longest_path(g, out, &n, &cyc), MG_OK);
	assert_int_equal(n, 1);
	mg_graph_free(g);
}

static void
test_closure_and_queries(void **state)
{
	MgGraph    *g = parse("{a->b, b->c, x->c, c->e, d}");
	uint32_t	out[16],
				cyc_ids[16],
				m[4],
				n,
				depth;
	MgCycle		cyc = {cyc_ids, 0};

	n = mg_closure(g, id(g, "e"), MG_DIR_PREREQ, -1, out);
	assert_string_equal(names(g, out, n), "a b c x");
	n = mg_closure(g, id(g, "e"), MG_DIR_PREREQ, 1, out);
	assert_string_equal(names(g, out, n), "c");
	n = mg_closure(g, id(g, "e"), MG_DIR_PREREQ, 0, out);
	assert_int_equal(n, 0);
	n = mg_closure(g, id(g, "a"), MG_DIR_DEPENDENT, -1, out);
	assert_string_equal(names(g, out, n), "b c e");
	assert_true(mg_reachable(g, id(g, "a"), id(g, "e")));
	assert_false(mg_reachable(g, id(g, "e"), id(g, "a")));
	assert_false(mg_reachable(g, id(g, "a"), id(g, "a")));

	m[0] = id(g, "a");
	m[1] = id(g, "b");
	m[2] = id(g, "a");			/* duplicates are harmless */
	n = mg_ready(g, m, 3, out);
	assert_string_equal(names(g, out, n), "d x");

	m[0] = id(g, "c");
	n = mg_gaps(g, m, 1, out);
	assert_string_equal(names(g, out, n), "a b x");

	m[0] = id(g, "a");
	assert_int_equal(mg_learning_path(g, m, 1, id(g, "e"), out, &n, &cyc), MG_OK);
	assert_string_equal(names(g, out, n), "b x c e");
	/* mastered target: only the gaps below it */
	m[0] = id(g, "e");
	assert_int_equal(mg_learning_path(g, m, 1, id(g, "e"), out, &n, &cyc), MG_OK);
	assert_string_equal(names(g, out, n), "a b x c");

	assert_int_equal(mg_topological(g, out, &cyc), MG_OK);
	assert_string_equal(names(g, out, g->n), "a b d x c e");
	assert_int_equal(mg_depth(g, id(g, "e"), &depth, &cyc), MG_OK);
	assert_int_equal(depth, 3);
	assert_int_equal(mg_depth(g, id(g, "x"), &depth, &cyc), MG_OK);
	assert_int_equal(depth, 0);
	assert_int_equal(mg_longest_path(g, out, &n, &cyc), MG_OK);
	assert_string_equal(names(g, out, n), "a b c e");
	mg_graph_free(g);
}

static void
test_cycles(void **state)
{
	MgGraph    *g = parse("{a->b, b->c, c->a, c->d, d->d, e->f, f->e, e->g, g->e, h}");
	uint32_t	out[16],
				cyc_ids[16],
				members[16],
				start[17],
				depth,
				n;
	MgCycle		cyc = {cyc_ids, 0};
	int64_t		nc;

	assert_int_equal(mg_topological(g, out, &cyc), MG_ECYCLE);
	assert_string_equal(names(g, cyc.ids, cyc.len), "a b c");
	assert_int_equal(mg_depth(g, id(g, "d"), &depth, &cyc), MG_ECYCLE);
	assert_string_equal(names(g, cyc.ids, cyc.len), "a b c");
	assert_int_equal(mg_learning_path(g, NULL, 0, id(g, "g"), out, &n, &cyc), MG_ECYCLE);
	assert_string_equal(names(g, cyc.ids, cyc.len), "e f");
	/* h is fine: nothing cyclic below it */
	assert_int_equal(mg_depth(g, id(g, "h"), &depth, &cyc), MG_OK);

	nc = mg_cyclic_components(g, members, start);
	assert_int_equal(nc, 3);
	assert_string_equal(names(g, members + start[0], start[1] - start[0]), "a b c");
	assert_string_equal(names(g, members + start[1], start[2] - start[1]), "d");
	assert_string_equal(names(g, members + start[2], start[3] - start[2]), "e f g");
	assert_int_equal(mg_cycle_through(g, members[start[2]], members + start[2],
									  start[3] - start[2], &cyc), MG_OK);
	assert_string_equal(names(g, cyc.ids, cyc.len), "e f");
	assert_int_equal(mg_cycle_through(g, members[start[1]], members + start[1], 1, &cyc), MG_OK);
	assert_string_equal(names(g, cyc.ids, cyc.len), "d");

	/* self-loop: a node is its own prerequisite */
	n = mg_closure(g, id(g, "d"), MG_DIR_PREREQ, -1, out);
	assert_string_equal(names(g, out, n), "a b c d");
	mg_graph_free(g);
}

static void
test_merge_and_add_graph(void **state)
{
	MgBuilder  *a = mg_builder_new();
	MgBuilder  *b = mg_builder_new();
	MgGraph    *g,
			   *h;
	MasErr err;
	char	   *s;

	assert_int_equal(mg_parse("{a->b, q}", 9, a, &err), MG_OK);
	assert_int_equal(mg_parse("{b->c, a->b}", 12, b, &err), MG_OK);
	assert_int_equal(mg_builder_merge(a, b), MG_OK);
	assert_int_equal(mg_builder_finish(a, &g), MG_OK);
	s = mg_format(g, NULL);
	assert_string_equal(s, "{a->b, b->c, q}");
	free(s);
	mg_builder_free(b);
	b = mg_builder_new();
	assert_int_equal(mg_builder_add_graph(b, g), MG_OK);
	assert_int_equal(mg_builder_finish(b, &h), MG_OK);
	s = mg_format(h, NULL);
	assert_string_equal(s, "{a->b, b->c, q}");
	free(s);
	{
		uint32_t	x,
					y,
					z;

		assert_int_equal(mg_builder_node(b, "a\0b", 3, &x), MG_EINVAL);
		/* pairs find existing names and add new ones like two single calls */
		assert_int_equal(mg_builder_node_pair(b, "q", 1, "new", 3, &x, &y), MG_OK);
		assert_int_equal(mg_builder_node(b, "q", 1, &z), MG_OK);
		assert_int_equal(x, z);
		assert_int_equal(mg_builder_node(b, "new", 3, &z), MG_OK);
		assert_int_equal(y, z);
		assert_int_equal(mg_builder_node_pair(b, "same", 4, "same", 4, &x, &y), MG_OK);
		assert_int_equal(x, y);
	}
	mg_graph_free(g);
	mg_graph_free(h);
	mg_builder_free(a);
	mg_builder_free(b);
}

/* Random DAGs: closure sizes against a dense reachability matrix. */
static void
test_random_against_matrix(void **state)
{
	enum
	{
	N = 60};
	unsigned	seed = 12345;
	int			round;

	for (round = 0; round < 20; round++)
	{
		static unsigned char reach[N][N];
		MgBuilder  *b = mg_builder_new();
		MgGraph    *g;
		uint32_t	ids[N],
					out[N + 1],
					cyc_ids[N + 1],
					pos[N],
					i,
					j,
					k,
					e;
		char		nm[16];
		MgCycle		cyc = {cyc_ids, 0};

		memset(reach, 0, sizeof(reach));
		for (i = 0; i < N; i++)
		{
			snprintf(nm, sizeof(nm), "n%02u", (unsigned) ((i * 37) % N));
			assert_int_equal(mg_builder_node(b, nm, strlen(nm), &ids[i]), MG_OK);
		}
		for (k = 0; k < 120; k++)
		{
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 8) % N;
			seed = seed * 1103515245u + 12345u;
			j = (seed >> 8) % N;
			if (i == j)
				continue;
			if (i > j)
			{
				uint32_t	t = i;

				i = j;
				j = t;
			}
			assert_int_equal(mg_builder_edge(b, ids[i], ids[j]), MG_OK);
			reach[i][j] = 1;
		}
		for (k = 0; k < N; k++)
			for (i = 0; i < N; i++)
				if (reach[i][k])
					for (j = 0; j < N; j++)
						if (reach[k][j])
							reach[i][j] = 1;
		assert_int_equal(mg_builder_finish(b, &g), MG_OK);
		mg_builder_free(b);
		for (j = 0; j < N; j++)
		{
			uint32_t	node = (uint32_t) mg_graph_find(g, mg_name(g, 0), 0);
			char		want[16];
			uint32_t	cnt = 0,
						n;

			(void) node;
			snprintf(want, sizeof(want), "n%02u", (unsigned) ((j * 37) % N));
			for (i = 0; i < N; i++)
				cnt += reach[i][j];
			n = mg_closure(g, id(g, want), MG_DIR_PREREQ, -1, out);
			assert_int_equal(n, cnt);
			for (k = 1; k < n; k++)
				assert_true(out[k - 1] < out[k]);
		}
		/* topological order respects every edge */
		assert_int_equal(mg_topological(g, out, &cyc), MG_OK);
		for (i = 0; i < g->n; i++)
			pos[out[i]] = i;
		for (i = 0; i < g->n; i++)
			for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
				assert_true(pos[i] < pos[g->out_adj[e]]);
		mg_graph_free(g);
	}
}

/*
 * mg_closure_memo equals mg_closure (both directions, nodes asked for in a
 * random order, the memo kept across calls) on random DAGs: 60 of up to 179
 * nodes with edges anywhere, and 20 of 400 to 1 160 nodes whose edges mostly
 * join names that sort near each other (so that rows have short word spans),
 * with a few long ones; the memo is handed over filled with garbage. On a
 * graph with a cycle it reports MG_ECYCLE for a node that reaches the cycle.
 */
static void
test_closure_memo(void **state)
{
	unsigned	seed = 777;
	int			round;

	for (round = 0; round < 80; round++)
	{
		MgBuilder  *b = mg_builder_new();
		MgGraph    *g;
		bool		local = round >= 60;
		uint32_t	n = local ? 400 + (uint32_t) (round - 60) * 40 : 2 + (uint32_t) round * 3,
				   *ids = malloc(sizeof(uint32_t) * n),
				   *order = malloc(sizeof(uint32_t) * n),
				   *a = malloc(sizeof(uint32_t) * (n + 1)),
				   *c = malloc(sizeof(uint32_t) * (n + 1)),
					i,
					k,
					cnt,
					ca;
		char		nm[16];
		int			dir;

		assert_true(ids && order && a && c);
		for (i = 0; i < n; i++)
		{
			if (local)
				snprintf(nm, sizeof(nm), "m%05u", (unsigned) i);
			else
				snprintf(nm, sizeof(nm), "m%03u", (unsigned) ((i * 7919) % n));	/* 7919 is prime: distinct */
			assert_int_equal(mg_builder_node(b, nm, strlen(nm), &ids[i]), MG_OK);
		}
		for (k = 0; k < 3 * n; k++)
		{
			uint32_t	x,
						y;

			seed = seed * 1103515245u + 12345u;
			x = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			if (local && (seed >> 8) % 50 != 0)
			{
				y = x + 1 + (seed >> 12) % 40;
				if (y >= n)
					continue;
			}
			else
				y = (seed >> 8) % n;
			if (x == y)
				continue;
			assert_int_equal(mg_builder_edge(b, ids[x < y ? x : y], ids[x < y ? y : x]), MG_OK);
		}
		assert_int_equal(mg_builder_finish(b, &g), MG_OK);
		mg_builder_free(b);
		for (dir = MG_DIR_PREREQ; dir <= MG_DIR_DEPENDENT; dir++)
		{
			void	   *mem = malloc(mg_memo_bytes(g->n));
			MgMemo		m;

			assert_non_null(mem);
			memset(mem, 0xA5, mg_memo_bytes(g->n));
			mg_memo_init(&m, g, dir, mem);
			for (i = 0; i < g->n; i++)
				order[i] = i;
			for (i = g->n; i > 1; i--)
			{
				uint32_t	t;

				seed = seed * 1103515245u + 12345u;
				k = (seed >> 8) % i;
				t = order[i - 1];
				order[i - 1] = order[k];
				order[k] = t;
			}
			for (i = 0; i < g->n; i++)
			{
				cnt = mg_closure(g, order[i], dir, -1, a);
				assert_int_equal(mg_closure_memo(g, &m, order[i], c, &ca), MG_OK);
				assert_int_equal(ca, cnt);
				assert_memory_equal(a, c, sizeof(uint32_t) * cnt);
			}
			free(mem);
		}
		mg_graph_free(g);
		free(ids);
		free(order);
		free(a);
		free(c);
	}
	/* a cycle: x -> y -> z -> x, and w before x */
	{
		MgGraph    *g = parse("{w->x, x->y, y->z, z->x}");
		void	   *mem = malloc(mg_memo_bytes(g->n));
		MgMemo		m;
		uint32_t	out[8],
					cnt;

		mg_memo_init(&m, g, MG_DIR_DEPENDENT, mem);
		assert_int_equal(mg_closure_memo(g, &m, id(g, "w"), out, &cnt), MG_ECYCLE);
		free(mem);
		mg_graph_free(g);
	}
}

/* Many names with shared prefixes, high bytes and prefixes of each other. */
static void
test_name_order(void **state)
{
	const char	alphabet[] = {'a', 'b', '-', (char) 0xff, (char) 0x80, 'z'};
	unsigned	seed = 99;
	int			round;

	for (round = 0; round < 4; round++)
	{
		MgBuilder  *b = mg_builder_new();
		MgGraph    *g,
				   *g2;
		uint32_t	i,
					id;
		size_t		sz;
		unsigned char *buf;
		MasErr		why;

		for (i = 0; i < 3000; i++)
		{
			char		nm[32];
			size_t		len = 0,
						k,
						extra;

			if (round % 2 == 0)
			{
				memcpy(nm, "common-prefix-", 14);
				len = 14;
			}
			seed = seed * 1103515245u + 12345u;
			extra = (seed >> 16) % 14;
			for (k = 0; k < extra; k++)
			{
				seed = seed * 1103515245u + 12345u;
				nm[len++] = alphabet[(seed >> 16) % sizeof(alphabet)];
			}
			assert_int_equal(mg_builder_node(b, nm, len, &id), MG_OK);
		}
		assert_int_equal(mg_builder_finish(b, &g), MG_OK);
		assert_int_equal(g->n, mg_builder_nodes(b));
		for (i = 1; i < g->n; i++)
		{
			size_t		la = g->name_len[i - 1],
						lb = g->name_len[i],
						l = la < lb ? la : lb;
			int			c = memcmp(mg_name(g, i - 1), mg_name(g, i), l);

			assert_true(c < 0 || (c == 0 && la < lb));
		}
		/* the decoder re-checks the order */
		sz = mg_graph_encoded_size(g);
		buf = malloc(sz);
		mg_graph_encode(g, buf);
		assert_int_equal(mg_graph_decode(buf, sz, &g2, &why), MG_OK);
		free(buf);
		mg_graph_free(g);
		mg_graph_free(g2);
		mg_builder_free(b);
	}
}

static void
test_dot(void **state)
{
	MgGraph    *g = parse("{a->b, b->c, \"q\\\"x\"}");
	uint32_t	m[1];
	size_t		len;
	char	   *s = mg_dot(g, NULL, 0, 0, -1, &len);

	assert_non_null(strstr(s, "\"a\" -> \"b\";"));
	assert_non_null(strstr(s, "\"q\\\"x\";"));
	free(s);
	m[0] = id(g, "a");
	s = mg_dot(g, m, 1, 1, -1, &len);
	assert_non_null(strstr(s, "\"a\" [class=\"mastered\""));
	assert_non_null(strstr(s, "\"b\" [class=\"ready\""));
	assert_non_null(strstr(s, "\"c\" [class=\"not_yet\""));
	free(s);
	/* c mastered without b: b is a gap; around 0 draws only ready and gap nodes */
	m[0] = id(g, "c");
	s = mg_dot(g, m, 1, 1, 0, &len);
	assert_non_null(strstr(s, "\"b\" [class=\"gap\""));
	assert_non_null(strstr(s, "\"a\" [class=\"gap\""));
	assert_non_null(strstr(s, "\"a\" -> \"b\";"));
	assert_null(strstr(s, "\"c\" ["));
	assert_non_null(strstr(s, "\"q\\\"x\" [class=\"ready\""));
	free(s);
	s = mg_dot(g, m, 1, 1, 1, &len);
	assert_non_null(strstr(s, "\"c\" [class=\"mastered\""));
	assert_non_null(strstr(s, "\"b\" -> \"c\";"));
	free(s);
	mg_graph_free(g);
}

/* ---- interrupt polling --------------------------------------------------- */

static uint32_t polls;

static void
count_poll(void)
{
	polls++;
}

/* At least one poll per MC_POLL_EVERY steps of a pass over n items. */
#define ASSERT_POLLED(what, n) \
	do { \
		polls = 0; \
		what; \
		assert_true(polls >= (n) / MC_POLL_EVERY); \
	} while (0)

/*
 * Every operation that walks the whole graph calls the interrupt hook (so
 * that the server can stop it) at least once per MC_POLL_EVERY nodes: a
 * chain of 20 000 nodes plus a cycle of 3 000 and a star of 3 000 edges.
 */
static void
test_interrupt_polling(void **state)
{
	const uint32_t N = 20000;
	MgBuilder  *b = mg_builder_new();
	MgBuilder  *b2 = mg_builder_new();
	MgGraph    *g = NULL,
			   *g2 = NULL,
			   *cyc = NULL;
	MasErr err;
	MgMemo		memo;
	MgCycle		c;
	uint32_t   *out = malloc(sizeof(uint32_t) * (N + 1));
	uint32_t   *start = malloc(sizeof(uint32_t) * (N + 2));
	uint32_t   *cid = malloc(sizeof(uint32_t) * (N + 1));
	uint32_t	i,
				a,
				z,
				cnt,
				last,
				depth;
	char		name[32];
	char	   *txt;
	unsigned char *enc;
	size_t		len;
	void	   *mem;
	MasErr		why;

	for (i = 0; i + 1 < N; i++)
	{
		char		n2[32];

		snprintf(name, sizeof(name), "n%05u", i);
		snprintf(n2, sizeof(n2), "n%05u", i + 1);
		assert_int_equal(mg_builder_node_pair(b, name, strlen(name), n2, strlen(n2), &a, &z), MG_OK);
		assert_int_equal(mg_builder_edge(b, a, z), MG_OK);
	}
	mc_set_interrupt_hook(count_poll);
	ASSERT_POLLED(assert_int_equal(mg_builder_finish(b, &g), MG_OK), N);
	last = id(g, "n19999");
	ASSERT_POLLED(txt = mg_format(g, &len), N);
	ASSERT_POLLED(assert_int_equal(mg_parse(txt, len, b2, &err), MG_OK), N);
	ASSERT_POLLED(assert_int_equal(mg_builder_merge(b2, b), MG_OK), N);
	free(txt);
	len = mg_graph_encoded_size(g);
	enc = malloc(len);
	mg_graph_encode(g, enc);	/* copies arrays: nothing to poll */
	ASSERT_POLLED(assert_int_equal(mg_graph_decode(enc, len, &g2, &why), MG_OK), N);
	free(enc);
	ASSERT_POLLED(assert_int_equal(mg_closure(g, last, MG_DIR_PREREQ, -1, out), N - 1), N);
	ASSERT_POLLED(assert_int_equal(mg_closure(g, last, MG_DIR_PREREQ, N, out), N - 1), N);
	ASSERT_POLLED(assert_int_equal(mg_reachable(g, 0, last), 1), N);
	ASSERT_POLLED(assert_int_equal(mg_gaps(g, &last, 1, out), N - 1), N);
	mem = malloc(mg_memo_bytes(g->n));
	mg_memo_init(&memo, g, MG_DIR_PREREQ, mem);
	ASSERT_POLLED(assert_int_equal(mg_closure_memo(g, &memo, last, out, &cnt), MG_OK), N);
	assert_int_equal(cnt, N - 1);
	free(mem);
	c.ids = cid;
	ASSERT_POLLED(assert_int_equal(mg_topological(g, out, &c), MG_OK), N);
	ASSERT_POLLED(assert_int_equal(mg_learning_path(g, NULL, 0, last, out, &cnt, &c), MG_OK), N);
	ASSERT_POLLED(assert_int_equal(mg_depth(g, last, &depth, &c), MG_OK), N);
	assert_int_equal(depth, N - 1);
	ASSERT_POLLED(assert_int_equal(mg_longest_path(g, out, &cnt, &c), MG_OK), N);
	ASSERT_POLLED(assert_int_equal(mg_cyclic_components(g, out, start), 0), N);
	ASSERT_POLLED(txt = mg_dot(g, NULL, 0, 0, -1, &len), N);
	free(txt);
	ASSERT_POLLED(txt = mg_dot(g, &last, 1, 1, N, &len), N);
	free(txt);

	/* one big cycle: components and the shortest cycle through a node */
	txt = malloc((size_t) N * 16 + 16);
	len = 0;
	txt[len++] = '{';
	for (i = 0; i < N; i++)
		len += (size_t) sprintf(txt + len, "%sc%05u->c%05u", i ? "," : "", i, (i + 1) % N);
	txt[len++] = '}';
	mg_builder_free(b2);
	b2 = mg_builder_new();
	assert_int_equal(mg_parse(txt, len, b2, &err), MG_OK);
	assert_int_equal(mg_builder_finish(b2, &cyc), MG_OK);
	free(txt);
	ASSERT_POLLED(assert_int_equal(mg_cyclic_components(cyc, out, start), 1), N);
	ASSERT_POLLED(assert_int_equal(mg_cycle_through(cyc, 0, out, N, &c), MG_OK), N);
	assert_int_equal(c.len, N);
	mc_set_interrupt_hook(NULL);

	mg_graph_free(cyc);
	mg_graph_free(g2);
	mg_graph_free(g);
	mg_builder_free(b2);
	mg_builder_free(b);
	free(out);
	free(start);
	free(cid);
}

/*
 * The one walk (and what is built on it: closures with a depth limit, gaps,
 * hierarchy leaves) and the one id sort, against an independent oracle: edge
 * distances by Floyd-Warshall on random graphs with cycles and self-loops.
 */
static void
test_walk_against_distances(void **state)
{
	enum
	{
	N = 40, INF = 1000};
	unsigned	seed = 777;
	int			round;

	for (round = 0; round < 30; round++)
	{
		static int	dist[N][N];	/* dist[a][b]: fewest edges a -> b (>= 1) */
		static unsigned char adj[N][N];
		MgBuilder  *b = mg_builder_new();
		MgGraph    *g;
		uint32_t	queue[N + 1],
					out[N + 1],
					seeds[4],
					i,
					j,
					k,
					cnt;
		char		nm[16];
		int			depth;
		bool		back;

		memset(adj, 0, sizeof(adj));
		for (i = 0; i < N; i++)
		{
			snprintf(nm, sizeof(nm), "v%02u", i);	/* id i = name order */
			assert_int_equal(mg_builder_node(b, nm, strlen(nm), &k), MG_OK);
			assert_int_equal(k, i);
		}
		for (k = 0; k < (uint32_t) (20 + round * 3); k++)
		{
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 8) % N;
			seed = seed * 1103515245u + 12345u;
			j = (seed >> 8) % N;
			adj[i][j] = 1;
			assert_int_equal(mg_builder_edge(b, i, j), MG_OK);
		}
		assert_int_equal(mg_builder_finish(b, &g), MG_OK);
		mg_builder_free(b);
		for (i = 0; i < N; i++)
			for (j = 0; j < N; j++)
				dist[i][j] = adj[i][j] ? 1 : INF;
		for (k = 0; k < N; k++)
			for (i = 0; i < N; i++)
				for (j = 0; j < N; j++)
					if (dist[i][k] + dist[k][j] < dist[i][j])
						dist[i][j] = dist[i][k] + dist[k][j];

		for (i = 0; i < N; i++)
			for (depth = -1; depth <= 3; depth++)
			{
				int			dir;

				for (dir = 0; dir < 2; dir++)
				{
					uint32_t	want = 0;

					/* the walk: start first, then every node within depth */
					cnt = mg_walk(g, &i, 1, dir, depth, queue, &back);
					assert_int_equal(queue[0], i);
					for (j = 0; j < N; j++)
					{
						int			d = dir == MG_DIR_PREREQ ? dist[j][i] : dist[i][j];
						bool		in = j == i || (d < INF && (depth < 0 || d <= depth));

						assert_int_equal(g->mark_b[j] == g->stamp_b, in);
						want += in;
					}
					assert_int_equal(cnt, want);
					assert_int_equal(back, dist[i][i] < INF && (depth < 0 || dist[i][i] <= depth));
					/* the closure: the same without start unless it is on a cycle */
					cnt = mg_closure(g, i, dir, depth, out);
					want = 0;
					for (j = 0; j < N; j++)
					{
						int			d = dir == MG_DIR_PREREQ ? dist[j][i] : dist[i][j];

						if (d < INF && (depth < 0 || d <= depth))
						{
							assert_true(want < cnt);
							assert_int_equal(out[want], j);	/* ascending */
							want++;
						}
					}
					assert_int_equal(cnt, want);
				}
			}

		/* gaps: unmastered nodes with a path to a mastered one */
		for (k = 0; k < 4; k++)
		{
			seed = seed * 1103515245u + 12345u;
			seeds[k] = (seed >> 8) % N;
		}
		seeds[3] = seeds[0];	/* a duplicate */
		cnt = mg_gaps(g, seeds, 4, out);
		{
			uint32_t	want = 0;

			for (j = 0; j < N; j++)
			{
				bool		mastered = false,
							gap = false;

				for (k = 0; k < 4; k++)
				{
					mastered |= seeds[k] == j;
					gap |= dist[j][seeds[k]] < INF;
				}
				if (gap && !mastered)
				{
					assert_true(want < cnt);
					assert_int_equal(out[want++], j);
				}
			}
			assert_int_equal(cnt, want);
		}

		/* hierarchy leaves: nodes without in-edges that lead to root */
		for (i = 0; i < N; i++)
		{
			uint32_t	want = 0;

			cnt = mg_hierarchy_leaves(g, i, out);
			for (j = 0; j < N; j++)
			{
				bool		leaf = true;

				for (k = 0; k < N; k++)
					leaf &= !adj[k][j];
				if (j != i && leaf && dist[j][i] < INF)
				{
					assert_true(want < cnt);
					assert_int_equal(out[want++], j);
				}
			}
			assert_int_equal(cnt, want);
		}
		mg_graph_free(g);
	}
}

/* The one id sort: dense ids through the bitmap, sparse ones by comparison. */
static void
test_sort_distinct(void **state)
{
	enum
	{
	M = 9000};
	static uint32_t v[M];
	static uint64_t bits[(200000 / 64) + 1];
	unsigned	seed = 99;
	int			round;

	for (round = 0; round < 40; round++)
	{
		uint32_t	n = round < 20 ? (uint32_t) round * 7 % 50 : M - (uint32_t) round;
		uint32_t	span = round % 2 ? n * 3 + 1 : 200000;
		uint32_t	i,
					k = 0;
		bool		marked = round % 4 == 1;

		memset(bits, 0, sizeof(bits));
		/* n distinct values below span (a stride coprime to span from a random start) */
		seed = seed * 1103515245u + 12345u;
		for (i = 0; i < n && i < span; i++)
			v[k++] = (uint32_t) (((uint64_t) (seed >> 8) + (uint64_t) i * 7919u) % span);
		/* distinctness of the values: 7919 is prime and does not divide span here */
		if (span % 7919 == 0)
			continue;
		if (marked)
			for (i = 0; i < k; i++)
				bits[v[i] >> 6] |= (uint64_t) 1 << (v[i] & 63);
		mg_sort_distinct(v, k, bits, marked);
		for (i = 1; i < k; i++)
			assert_true(v[i - 1] < v[i]);
		for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			assert_true(bits[i] == 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_empty_and_single),
		cmocka_unit_test(test_closure_and_queries),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_merge_and_add_graph),
		cmocka_unit_test(test_random_against_matrix),
		cmocka_unit_test(test_closure_memo),
		cmocka_unit_test(test_name_order),
		cmocka_unit_test(test_dot),
		cmocka_unit_test(test_interrupt_polling),
		cmocka_unit_test(test_walk_against_distances),
		cmocka_unit_test(test_sort_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
