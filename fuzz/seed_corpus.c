/*
 * seed_corpus: writes the seed corpus of the harnesses (fuzz/corpus/NAME/):
 * the literals below as text seeds, and their stored forms as stored seeds.
 * Run by `make fuzz-seeds`; the output is kept in the repository.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "graph.h"
#include "scale.h"

static const char *const masteries[] = {
	"{}", "{3}", "{1, 2.5, 4}",
	"{3@2024-09-01T10:00:00Z, 2.5@2024-09-05T10:00:00Z#17, 1}",
	"{0.25@2024-01-01 11:00+02:00, 100@-infinity, 7@infinity#-3}",
	"{1e-300@2024-02-29T23:59:59.999999Z, -0@+10000-01-01T00:00:00Z}",
	"{1@2024-01-01T00:00:00Z#1, 1@2024-01-01T00:00:00Z#2, 1@2024-01-01T00:01:00Z}",
};
static const char *const methods[] = {
	"latest", "highest", "mean", "decaying_average(0.65)", "weighted_average(0.5)",
	"n_mastery(2, 2.5)", "power_law", "bkt(0.3, 0.2, 0.1, 0.2)", "bkt(0.3, 0.2, 0.1, 0.2, 0.05, 0.6)",
};
static const char *const scales[] = {
	"beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5",
	"a:0, *b:1", "\"say \\\"hi\\\"\":0, *\"back\\\\slash\":1",
	"developing:2, *capable:3, emerging:0, \"exceeds: 4+\":4",
};
static const char *const graphs[] = {
	"{}", "{a}", "{a->b}", "{a->b, b->c, a->c, d}",
	"{\"x y\"->\"z, w\", \"q\\\"\"->\"->\"}", "{a->b, b->a}", "{1.OA.1->2.OA.1, K.CC.1->1.OA.1}",
};

static const char *const scalars[] = {
	"2024-09-01T10:00:00Z", "2024-01-01 11:00+02:00", "2024-02-29T23:59:59.9999995-05:30",
	"+10000-01-01T00:00:00Z", "-infinity", "2024-06-30T23:59:60Z", "2024-06-30", "2024-06-30T12:00,5",
	"3", "-2.5e-3", "1e308", "0.000001", "2147483647", "-2147483648",
};

static void
put_raw(const char *dir, const char *kind, int i, const void *data, size_t len)
{
	char		path[512];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s-%02d", dir, kind, i);
	f = fopen(path, "wb");
	if (!f)
	{
		perror(path);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

static void
put(const char *dir, const char *kind, int i, int tag, const void *data, size_t len)
{
	char		path[512];
	FILE	   *f;
	unsigned char t = (unsigned char) tag;

	snprintf(path, sizeof(path), "%s/%s-%02d", dir, kind, i);
	f = fopen(path, "wb");
	if (!f)
	{
		perror(path);
		exit(1);
	}
	fwrite(&t, 1, 1, f);
	fwrite(data, 1, len, f);
	fclose(f);
}

int
main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "fuzz/corpus";
	char		dir[256];
	size_t		i;
	MasErr		err;

	snprintf(dir, sizeof(dir), "%s/fuzz_mastery", root);
	for (i = 0; i < sizeof(masteries) / sizeof(*masteries); i++)
	{
		MasItem		items[16];
		size_t		n,
					len;
		uint8_t		buf[1024];

		put(dir, "text", (int) i, 0, masteries[i], strlen(masteries[i]));
		if (mas_text_parse(masteries[i], items, 16, &n, &err) != MAS_OK)
		{
			fprintf(stderr, "seed %s: %s\n", masteries[i], err.detail);
			return 1;
		}
		len = mas_encode(items, n, buf);
		put(dir, "stored", (int) i, 1, buf, len);
	}
	snprintf(dir, sizeof(dir), "%s/fuzz_method_scale", root);
	for (i = 0; i < sizeof(methods) / sizeof(*methods); i++)
		put(dir, "method", (int) i, 0, methods[i], strlen(methods[i]));
	for (i = 0; i < sizeof(scales) / sizeof(*scales); i++)
	{
		char	   *s = malloc(strlen(scales[i]) + 1);
		MasScaleDef def;
		uint8_t		buf[4096];
		size_t		len;

		strcpy(s, scales[i]);
		put(dir, "scale", (int) i, 1, scales[i], strlen(scales[i]));
		if (ms_parse(s, &def, &err) != MAS_OK)
		{
			fprintf(stderr, "seed %s: %s\n", scales[i], err.detail);
			return 1;
		}
		len = ms_encode(&def, buf);
		put(dir, "stored", (int) i, 2, buf, len);
		free(s);
	}
	snprintf(dir, sizeof(dir), "%s/fuzz_scalars", root);
	for (i = 0; i < sizeof(scalars) / sizeof(*scalars); i++)
		put_raw(dir, "scalar", (int) i, scalars[i], strlen(scalars[i]));
	snprintf(dir, sizeof(dir), "%s/fuzz_graph", root);
	for (i = 0; i < sizeof(graphs) / sizeof(*graphs); i++)
	{
		MgBuilder  *b = mg_builder_new();
		MasErr		perr;
		MgGraph    *g;
		unsigned char *buf;
		size_t		len;

		put(dir, "text", (int) i, 0, graphs[i], strlen(graphs[i]));
		if (mg_parse(graphs[i], strlen(graphs[i]), b, &perr) != MG_OK ||
			mg_builder_finish_for_encoding(b, &g) != MG_OK)
		{
			fprintf(stderr, "seed %s does not parse\n", graphs[i]);
			return 1;
		}
		len = mg_graph_encoded_size(g);
		buf = malloc(len);
		mg_graph_encode(g, buf);
		put(dir, "stored", (int) i, 1, buf, len);
		free(buf);
		mg_graph_free(g);
		mg_builder_free(b);
	}
	return 0;
}
