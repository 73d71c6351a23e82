/*
 * graph_text.c - text form of competency_graph: parser and formatter
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- text form ---------------------------------------------------------- */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_special(char c)
{
	return is_ws(c) || c == '{' || c == '}' || c == ',' || c == '"' || c == '\\';
}

static int
needs_quotes(const char *s, size_t len)
{
	size_t		i;

	if (len == 0)
		return 1;
	for (i = 0; i < len; i++)
	{
		if (is_special(s[i]))
			return 1;
		if (s[i] == '-' && i + 1 < len && s[i + 1] == '>')
			return 1;
	}
	return 0;
}

static void
put_name(MgBuf *b, const char *s, size_t len)
{
	size_t		i,
				start;

	if (!needs_quotes(s, len))
	{
		mg_buf_put(b, s, len);
		return;
	}
	mg_buf_put(b, "\"", 1);
	start = 0;
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
		{
			mg_buf_put(b, s + start, i - start);
			mg_buf_put(b, "\\", 1);
			start = i;
		}
	}
	mg_buf_put(b, s + start, len - start);
	mg_buf_put(b, "\"", 1);
}

char *
mg_format(const MgGraph *g, size_t *len)
{
	MgBuf			b = {0};
	uint32_t	i,
				e;
	int			first = 1;

	mg_buf_reserve(&b, g->poolsize + (size_t) g->m * 8 + 2);
	mg_buf_put(&b, "{", 1);
	for (i = 0; i < g->n && !b.failed; i++, mc_poll(i))
	{
		if (g->out_off[i] == g->out_off[i + 1])
		{
			if (g->in_off[i] != g->in_off[i + 1])
				continue;
			if (!first)
				mg_buf_put(&b, ", ", 2);
			first = 0;
			put_name(&b, mg_name(g, i), g->name_len[i]);
			continue;
		}
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			uint32_t	t = g->out_adj[e];

			if (!first)
				mg_buf_put(&b, ", ", 2);
			first = 0;
			put_name(&b, mg_name(g, i), g->name_len[i]);
			mg_buf_put(&b, "->", 2);
			put_name(&b, mg_name(g, t), g->name_len[t]);
		}
	}
	mg_buf_put(&b, "}", 1);
	return mg_buf_finish(&b, len);
}

typedef struct
{
	const char *s;
	size_t		len;
	size_t		i;
	char	   *tmp;			/* unescaped quoted names */
} Lexer;

static void
skip_ws(Lexer *lx)
{
	while (lx->i < lx->len && is_ws(lx->s[lx->i]))
		lx->i++;
}

/*
 * Fill err (MAS_ERR_SYNTAX, 1-based position pos, msg, and the detail
 * "<msg> at position <pos>.") and return MG_ESYNTAX.
 */
static int
syntax_error(MasErr *err, size_t pos, const char *msg)
{
	mas_err(err, MAS_ERR_SYNTAX, "%s at position %zu.", msg, pos);
	err->pos = pos;
	err->msg = msg;
	return MG_ESYNTAX;
}

/* Read a name at the current position; returns 0 ok, else sets err. */
static int
read_name(Lexer *lx, const char **name, size_t *nlen, MasErr *err)
{
	size_t		start = lx->i;

	if (lx->i >= lx->len)
	{
		return syntax_error(err, lx->len + 1, "Unexpected end of input");
	}
	if (lx->s[lx->i] == '"')
	{
		size_t		o = 0;

		lx->i++;
		for (;;)
		{
			char		c;

			if (lx->i >= lx->len)
			{
				return syntax_error(err, start + 1, "Unterminated quoted name");
			}
			c = lx->s[lx->i++];
			if (c == '"')
				break;
			if (c == '\\')
			{
				if (lx->i >= lx->len)
				{
					return syntax_error(err, start + 1, "Unterminated quoted name");
				}
				c = lx->s[lx->i++];
			}
			lx->tmp[o++] = c;
		}
		*name = lx->tmp;
		*nlen = o;
		return MG_OK;
	}
	while (lx->i < lx->len && !is_special(lx->s[lx->i]) &&
		   !(lx->s[lx->i] == '-' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '>'))
		lx->i++;
	if (lx->i == start)
	{
		return syntax_error(err, start + 1, "Expected a name");
	}
	*name = lx->s + start;
	*nlen = lx->i - start;
	return MG_OK;
}

int
mg_parse(const char *s, size_t len, MgBuilder *b, MasErr *err)
{
	Lexer		lx;
	int			rc = MG_OK;

	lx.s = s;
	lx.len = len;
	lx.i = 0;
	lx.tmp = mg_alloc(len + 1);
	if (!lx.tmp)
		return MG_ENOMEM;
	mas_err(err, MAS_OK, "%s", "");

	skip_ws(&lx);
	if (lx.i >= len)
	{
		rc = syntax_error(err, len + 1, "Unexpected end of input");
		goto done;
	}
	if (s[lx.i] != '{')
	{
		rc = syntax_error(err, lx.i + 1, "Expected \"{\"");
		goto done;
	}
	lx.i++;
	skip_ws(&lx);
	if (lx.i < len && s[lx.i] == '}')
		lx.i++;
	else
	{
		for (;;)
		{
			const char *nm;
			size_t		nl;
			uint32_t	a,
						c;

			mc_tick();
			skip_ws(&lx);
			if ((rc = read_name(&lx, &nm, &nl, err)) != MG_OK)
				goto done;
			if ((rc = mg_builder_node(b, nm, nl, &a)) != MG_OK)
				goto done;
			skip_ws(&lx);
			if (lx.i + 1 < len && s[lx.i] == '-' && s[lx.i + 1] == '>')
			{
				lx.i += 2;
				skip_ws(&lx);
				if ((rc = read_name(&lx, &nm, &nl, err)) != MG_OK)
					goto done;
				if ((rc = mg_builder_node(b, nm, nl, &c)) != MG_OK)
					goto done;
				if ((rc = mg_builder_edge(b, a, c)) != MG_OK)
					goto done;
				skip_ws(&lx);
			}
			if (lx.i >= len)
			{
				rc = syntax_error(err, len + 1, "Unexpected end of input");
				goto done;
			}
			if (s[lx.i] == ',')
			{
				lx.i++;
				continue;
			}
			if (s[lx.i] == '}')
			{
				lx.i++;
				break;
			}
			rc = syntax_error(err, lx.i + 1, "Expected \",\" or \"}\"");
			goto done;
		}
	}
	skip_ws(&lx);
	if (lx.i < len)
	{
		rc = syntax_error(err, lx.i + 1, "Unexpected text after \"}\"");
	}
done:
	mg_free(lx.tmp);
	return rc;
}
