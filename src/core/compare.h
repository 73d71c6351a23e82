/*
 * compare.h: equality, total order and hashing of stored `mastery`,
 * `mastery_scale` and `competency_graph` values (pure C, no PostgreSQL
 * headers). Every function works on the decoded content, so that values equal
 * in meaning compare equal and hash alike whatever path built them.
 *
 * The orders (documented in the README's reference):
 *   mastery   evidence item by item in assessment order (time, a missing time
 *             first; then sequence number, a missing one first; then score,
 *             -0 before 0); a value that is a prefix of another comes first.
 *   scale     level by level from the lowest: minimum (-0 before 0), then
 *             label (byte order, shorter first on a common prefix); a scale
 *             whose levels are a prefix of another's comes first; then the
 *             index of the first mastered level.
 *   graph     node names in name order, name by name (byte order, shorter
 *             first on a common prefix), a prefix first; with the same nodes,
 *             edges as (from, to) pairs in that order, a prefix first.
 * Two values are equal exactly when their canonical text forms are equal.
 *
 * Hashes are 64-bit with a seed; the 32-bit hash of a value is the low 32
 * bits of its hash with seed 0.
 */
#ifndef MASTERY_COMPARE_H
#define MASTERY_COMPARE_H

#include "mcommon.h"
#include "scale.h"

/* splitmix64 finalizer: a bijective 64-bit mix */
static inline uint64_t
mc_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

/* Adds one 64-bit word to a running hash (order-sensitive). */
static inline uint64_t
mc_hash_add(uint64_t h, uint64_t v)
{
	return mc_mix64(h ^ mc_mix64(v + UINT64_C(0x9E3779B97F4A7C15)));
}

/* Hash of a byte string. */
uint64_t	mc_hash_bytes(const void *data, size_t len, uint64_t seed);

/*
 * mastery: stored values (the varlena payload). *result gets <0, 0 or >0.
 * MAS_OK, or MAS_ERR_CORRUPT with err set when a value does not decode.
 */
int			mas_value_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
						  int *result, MasErr *err);
/* Equality only: cheaper than mas_value_cmp (counts and bytes first). */
int			mas_value_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
						 bool *result, MasErr *err);
int			mas_value_hash(const uint8_t *data, size_t len, uint64_t seed,
						   uint64_t *out, MasErr *err);

/* scales: decoded definitions (ms_decode, ms_parse or ms_check output). */
int			ms_def_cmp(const MasScaleDef *a, const MasScaleDef *b);
uint64_t	ms_def_hash(const MasScaleDef *def, uint64_t seed);

/*
 * graphs: stored payloads in the layout of graph.h. Returns 0 (MG_OK), or -3
 * (MG_ECORRUPT) when a payload is structurally unreadable; err (when not
 * NULL) then gets MAS_ERR_CORRUPT, msg a phrase naming what is wrong and the
 * detail "Stored graph is corrupt: <msg>.".
 */
int			mg_stored_cmp(const unsigned char *a, size_t alen,
						  const unsigned char *b, size_t blen, int *result,
						  MasErr *err);
/* The stored form of a valid graph is canonical: hash its bytes. */
uint64_t	mg_stored_hash(const unsigned char *data, size_t len, uint64_t seed);

#endif
