/*
 * fuzz_common.h: shared pieces of the libFuzzer harnesses of the pure C core.
 * A harness aborts (a finding) when a round trip that must hold does not.
 */
#ifndef MASTERY_FUZZ_COMMON_H
#define MASTERY_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: round trip failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* The input as a NUL-terminated string (a NUL inside ends it, as in cstring input). */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Same doubles, bit for bit (so -0 and 0 differ). */
static inline int
fuzz_same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(double)) == 0;
}

#endif
