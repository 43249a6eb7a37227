/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw scatter FILE [--json]: parse and print a scatter file. */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: mtkfw scatter FILE [--json]\n"
	"\n"
	"Parse a scatter file (v1.1.x, legacy brace format or ota_scatter.txt) and\n"
	"print its partitions. Identity partitions are marked with '!'.\n"
	"\n"
	"  --json    machine-readable output (docs/json.md describes the contract)\n";

/* The scatter as the stable JSON document of docs/json.md. */
json_object *cli_scatter_json(const struct mtkfw_scatter *sc)
{
	json_object *doc = json_object_new_object();
	json_object_object_add(
		doc, "format",
		json_object_new_string(mtkfw_scatter_format_name(mtkfw_scatter_format(sc))));
	json_object_object_add(doc, "platform", cli_json_str(mtkfw_scatter_platform(sc)));
	json_object_object_add(doc, "storage", cli_json_str(mtkfw_scatter_storage(sc)));
	json_object_object_add(doc, "project", cli_json_str(mtkfw_scatter_project(sc)));
	json_object *general = json_object_new_object();
	for (size_t i = 0; i < mtkfw_scatter_general_count(sc); i++) {
		const struct mtkfw_kv *kv = mtkfw_scatter_general(sc, i);
		json_object_object_add(general, kv->key, json_object_new_string(kv->value));
	}
	json_object_object_add(doc, "general", general);
	json_object *parts = json_object_new_array();
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "index", json_object_new_int(p->index));
		json_object_object_add(o, "name", json_object_new_string(p->name));
		json_object_object_add(o, "download", json_object_new_boolean(p->download));
		json_object_object_add(o, "file", cli_json_str(p->file));
		json_object_object_add(o, "type", cli_json_str(p->type));
		json_object_object_add(o, "start", json_object_new_uint64(p->start));
		json_object_object_add(o, "size",
				       p->has_size ? json_object_new_uint64(p->size) : NULL);
		json_object_object_add(o, "region", cli_json_str(p->region));
		json_object_object_add(o, "operation", cli_json_str(p->operation));
		json_object_object_add(o, "size_derived", json_object_new_boolean(p->size_derived));
		json_object_object_add(o, "from_end",
				       p->from_end ? json_object_new_uint64(p->from_end_bytes)
						   : NULL);
		json_object_object_add(
			o, "identity",
			json_object_new_boolean(mtkfw_is_identity_partition(p->name)));
		json_object *extra = json_object_new_object();
		for (size_t k = 0; k < p->n_extra; k++)
			json_object_object_add(extra, p->extra[k].key,
					       json_object_new_string(p->extra[k].value));
		json_object_object_add(o, "extra", extra);
		json_object_array_add(parts, o);
	}
	json_object_object_add(doc, "partitions", parts);
	return doc;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

/* One table row; sizes in hex like the scatter itself, so users can compare. */
static void print_row(const struct mtkfw_scatter_part *p)
{
	char size[24] = "-";
	if (p->has_size)
		snprintf(size, sizeof(size), "0x%" PRIx64 "%s", p->size,
			 p->size_derived ? "*" : "");
	printf("%4d %c%-12s %-3s 0x%-10" PRIx64 " %-12s %-12s %-11s %-12s %s", p->index,
	       mtkfw_is_identity_partition(p->name) ? '!' : ' ', p->name,
	       p->download ? "yes" : "no", p->start, size, or_dash(p->region), or_dash(p->type),
	       or_dash(p->operation), or_dash(p->file));
	for (size_t k = 0; k < p->n_extra; k++)
		printf("%s%s=%s", k ? " " : "  [", p->extra[k].key, p->extra[k].value);
	printf("%s\n", p->n_extra ? "]" : "");
}

static void print_human(const char *path, const struct mtkfw_scatter *sc)
{
	printf("scatter   %s\nformat    %s%s%s\nplatform  %s\nproject   %s\nstorage   %s\n", path,
	       mtkfw_scatter_format_name(mtkfw_scatter_format(sc)),
	       mtkfw_scatter_config_version(sc) ? " " : "",
	       mtkfw_scatter_config_version(sc) ? mtkfw_scatter_config_version(sc) : "",
	       or_dash(mtkfw_scatter_platform(sc)), or_dash(mtkfw_scatter_project(sc)),
	       or_dash(mtkfw_scatter_storage(sc)));
	printf("\n%4s  %-12s %-3s %-12s %-12s %-12s %-11s %-12s %s\n", "idx", "name", "dl", "start",
	       "size", "region", "type", "operation", "file");
	bool derived = false;
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		print_row(p);
		derived |= p->size_derived;
	}
	if (derived)
		printf("\n* size not in the file: derived from the next partition's start\n");
}

int cmd_scatter(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	bool json = false;
	int c;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return fputs(usage_text, stderr), EX_USAGE;
	}
	if (optind + 1 != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_scatter *sc;
	int r = mtkfw_scatter_load(ctx, argv[optind], &sc);
	if (r < 0)
		return cli_fail(ctx, r);
	if (json)
		cli_json_print(cli_scatter_json(sc));
	else
		print_human(argv[optind], sc);
	mtkfw_scatter_free(sc);
	return EX_OK;
}
