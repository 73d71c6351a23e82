/*
 * scale.h: proficiency scales: ordered levels, each with a label and a
 * minimum score, one of them the first level that counts as mastered.
 *
 * Text form: comma-separated "label:minimum" pairs; a "*" before the label
 * marks the first mastered level, e.g.
 *   emerging:0, developing:2, *capable:3, exceeding:3.5
 * Labels that contain special characters are written in double quotes with
 * \" and \\ escapes. Levels are kept in ascending order of minimum.
 *
 * Storage (little-endian): version u8, reserved u8, level count u16,
 * mastery index u16, reserved u16, then per level: minimum f8; then per
 * level a u32 end offset into the label bytes; then the label bytes.
 */
#ifndef MASTERY_SCALE_H
#define MASTERY_SCALE_H

#include "mcommon.h"

#define MS_FORMAT_VERSION 1
#define MS_MAX_LEVELS 64
#define MS_MAX_LABEL 200

typedef struct MasLevel
{
	const char *label;			/* not NUL-terminated */
	size_t		label_len;
	double		min;
} MasLevel;

typedef struct MasScaleDef
{
	int			nlevels;
	int			mastery;		/* index of the first mastered level */
	MasLevel	levels[MS_MAX_LEVELS];
} MasScaleDef;

/* Parse text (labels point into s, which is modified). Sorts levels and validates. */
int			ms_parse(char *s, MasScaleDef *def, MasErr *err);
/* Validates and sorts a definition built by other means. */
int			ms_check(MasScaleDef *def, MasErr *err);
size_t		ms_text_size(const MasScaleDef *def);	/* upper bound incl. NUL */
size_t		ms_format(const MasScaleDef *def, char *buf, size_t buflen);

size_t		ms_encoded_size(const MasScaleDef *def);
size_t		ms_encode(const MasScaleDef *def, uint8_t *buf);
/* Decode (labels point into data); validates as hostile input. */
int			ms_decode(const uint8_t *data, size_t len, MasScaleDef *def, MasErr *err);

/* Fast access to a stored scale without decoding the labels. */
static inline int
ms_stored_count(const uint8_t *data)
{
	return data[2] | (data[3] << 8);
}
static inline int
ms_stored_mastery(const uint8_t *data)
{
	return data[4] | (data[5] << 8);
}
double		ms_stored_min(const uint8_t *data, int level);
/* Level index for a score: highest level whose minimum <= score; -1 if below all. */
int			ms_stored_level(const uint8_t *data, double score);
void		ms_stored_label(const uint8_t *data, int level, const char **label, size_t *len);

#endif
