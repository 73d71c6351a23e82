/*
 * mcommon.h: shared definitions of the pure C cores (no PostgreSQL headers).
 *
 * The error convention of the whole core: a function that can fail returns
 * a status (MAS_OK, or the MasErrCode of the failure) and fills a MasErr
 * when the caller passes one.  The MasErr says what kind of failure it is
 * (the code, which the glue maps to a SQLSTATE), what is wrong (msg, a short
 * static phrase, when the report needs one), where (pos, a 1-based byte
 * position in the input text, or 0) and a full-sentence detail naming what
 * was expected.  One glue helper, mas_report() in src/error.c, turns a MasErr
 * into ereport.  The graph core returns negative MG_E* statuses (graph.h)
 * and fills a MasErr where a message is due (parser, decoder, stored-form
 * comparison); the glue maps the bare statuses (MG_ENOMEM, MG_ETOOBIG) to
 * MAS_ERR_NOMEM and MAS_ERR_LIMIT.
 */
#ifndef MASTERY_MCOMMON_H
#define MASTERY_MCOMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef enum MasErrCode
{
	MAS_OK = 0,
	MAS_ERR_SYNTAX,				/* malformed text: invalid_text_representation */
	MAS_ERR_RANGE,				/* a value outside its allowed range:
								 * numeric_value_out_of_range */
	MAS_ERR_LIMIT,				/* too many items, too long:
								 * program_limit_exceeded */
	MAS_ERR_CORRUPT,			/* malformed binary data:
								 * invalid_binary_representation */
	MAS_ERR_DATA_CORRUPTED,		/* a stored value failing its format check:
								 * data_corrupted */
	MAS_ERR_INVALID,			/* a well-formed but unusable argument:
								 * invalid_parameter_value */
	MAS_ERR_NOMEM				/* allocation failed: out_of_memory */
} MasErrCode;

typedef struct MasErr
{
	MasErrCode	code;
	size_t		pos;			/* 1-based byte position in the input, 0 if none */
	const char *msg;			/* static phrase naming what is wrong, or NULL */
	char		detail[256];	/* full sentence(s) */
} MasErr;

/* Set err (if not NULL: code, detail, no msg, no pos) and return its code. printf-style detail. */
int			mas_err(MasErr *err, MasErrCode code, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 3, 4)))
#endif
			;

/* Prefix the detail already in err with printf-style text; returns err's code. */
int			mas_err_prefix(MasErr *err, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

/*
 * Interrupts.  Every loop of the core that can run long (over the nodes or
 * edges of a graph, the items of a value, the rows of a document) calls
 * mc_poll(i) with a counter that advances by one per step (or mc_tick()); every
 * MC_POLL_EVERY steps that calls the hook.  The server installs a hook that
 * raises the pending cancel or statement_timeout error, which does not
 * return: so core code keeps what it allocates reachable from the
 * allocator's memory (palloc in the server) and leaves nothing that a later
 * call trusts half written (the glue re-derives cached state after an
 * abort).  Without a hook (unit tests, fuzzers) polling costs a test.
 */
typedef void (*mc_interrupt_fn) (void);

extern mc_interrupt_fn mc_interrupt_hook;

#define MC_POLL_EVERY 1024		/* a power of two */

void		mc_set_interrupt_hook(mc_interrupt_fn fn);

static inline void
mc_poll(uint64_t i)
{
	if ((i & (MC_POLL_EVERY - 1)) == 0 && mc_interrupt_hook != NULL)
		mc_interrupt_hook();
}

/* The same for loops without a counter of their own (stacks, lexers). */
extern uint32_t mc_ticks;

static inline void
mc_tick(void)
{
	if ((++mc_ticks & (MC_POLL_EVERY - 1)) == 0 && mc_interrupt_hook != NULL)
		mc_interrupt_hook();
}

/* Shortest decimal text that reads back as exactly v (finite v only). */
size_t		nf_format(double v, char *buf, size_t buflen);

/*
 * Parse a finite decimal number from s[0..len). Accepts an optional sign,
 * digits, a decimal point and an exponent; rejects NaN, infinities, hex
 * floats, empty text and values that overflow. Returns MAS_OK or an error.
 */
int			nf_parse(const char *s, size_t len, double *out, MasErr *err);

/*
 * The one decimal conversion of the core (nf_parse and the importers' JSON
 * numbers check their own grammar first): s[0..len), a decimal number of any
 * length, as the nearest double.  MAS_OK, or MAS_ERR_RANGE when it overflows.
 */
int			mc_decimal_to_double(const char *s, size_t len, double *out);

/* Little-endian fixed-width and variable-length (LEB128) integer coding. */
static inline void
mc_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) v;
	p[1] = (uint8_t) (v >> 8);
	p[2] = (uint8_t) (v >> 16);
	p[3] = (uint8_t) (v >> 24);
}

static inline uint32_t
mc_get_u32(const uint8_t *p)
{
	return (uint32_t) p[0] | ((uint32_t) p[1] << 8) |
		((uint32_t) p[2] << 16) | ((uint32_t) p[3] << 24);
}

static inline void
mc_put_u64(uint8_t *p, uint64_t v)
{
	mc_put_u32(p, (uint32_t) v);
	mc_put_u32(p + 4, (uint32_t) (v >> 32));
}

static inline uint64_t
mc_get_u64(const uint8_t *p)
{
	return (uint64_t) mc_get_u32(p) | ((uint64_t) mc_get_u32(p + 4) << 32);
}

static inline size_t
mc_varint_size(uint64_t v)
{
	/* 7 bits a byte: 1 + (index of the highest set bit) / 7, no loop */
#if defined(__GNUC__) || defined(__clang__)
	return 1 + (size_t) (63 - __builtin_clzll(v | 1)) / 7;
#else
	size_t		n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
#endif
}

static inline uint8_t *
mc_put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80)
	{
		*p++ = (uint8_t) (v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t) v;
	return p;
}

/* Read a varint; returns NULL on truncated or overlong input. */
static inline const uint8_t *
mc_get_varint(const uint8_t *p, const uint8_t *end, uint64_t *out)
{
	uint64_t	v = 0;
	int			shift = 0;

	while (p < end)
	{
		uint8_t		b = *p++;

		if (shift == 63 && (b & 0x7e))
			return NULL;		/* more than 64 bits */
		v |= (uint64_t) (b & 0x7f) << shift;
		if (!(b & 0x80))
		{
			*out = v;
			return p;
		}
		shift += 7;
		if (shift > 63)
			return NULL;
	}
	return NULL;
}

/* Index of the lowest set bit of w (w != 0). */
static inline int
mc_lowest_bit(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(w);
#else
	int			b = 0;

	while (!(w & 1))
	{
		w >>= 1;
		b++;
	}
	return b;
#endif
}

/*
 * The set bits of words wlo .. whi of bits as ascending indexes into out,
 * clearing the words when clear is true; returns how many.
 */
static inline uint32_t
mc_bits_to_ids(uint64_t *bits, size_t wlo, size_t whi, uint32_t *out, bool clear)
{
	size_t		w;
	uint32_t	k = 0;

	for (w = wlo; w <= whi; w++)
	{
		uint64_t	b = bits[w];

		while (b)
		{
			out[k++] = (uint32_t) (w * 64 + (size_t) mc_lowest_bit(b));
			b &= b - 1;
		}
		if (clear)
			bits[w] = 0;
	}
	return k;
}

static inline uint64_t
mc_zigzag(int64_t v)
{
	return ((uint64_t) v << 1) ^ (uint64_t) (v >> 63);
}

static inline int64_t
mc_unzigzag(uint64_t v)
{
	return (int64_t) ((v >> 1) ^ (~(v & 1) + 1));
}

#endif
