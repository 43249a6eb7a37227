/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw board: the board a package was built for (docs/board.md). */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char board_usage[] =
	"usage: mtkfw board PKG [--json] [--scatter NAME]\n"
	"       mtkfw board --port PATH [device options]\n"
	"\n"
	"Say which board a firmware package was built for, or a phone is, from the few\n"
	"images that tell (no other image is read): chip and project, the preloader's\n"
	"name and the eMMC/RAM parts its EMI table supports, display drivers named in\n"
	"lk and the kernel, camera, touch and sensor drivers named in the kernel, the\n"
	"kernel's version, the display size from logo.bin, Android facts from the\n"
	"ramdisk's default.prop and the system image's build.prop (raw or sparse ext4;\n"
	"only the blocks that lead to it), marks of a factory build, the partition\n"
	"layout and any identity files. From a phone, each image is read only as far\n"
	"as its header says (a few MiB; the amount is printed). Driver names are\n"
	"evidence, not proof: docs/board.md.\n"
	"\n"
	"  --json          one object (docs/json.md)\n"
	"  --scatter NAME  which scatter to use when the package holds several\n" DEV_USAGE;

static json_object *names_json(const struct mtkfw_names *n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n->n; i++)
		json_object_array_add(a, json_object_new_string(n->v[i]));
	return a;
}

/* A text field of the profile: null when empty. */
static json_object *str_or_null(const char *s)
{
	return cli_json_str(*s ? s : NULL);
}

static json_object *partition_json(const char *name, uint64_t start, bool has_size, uint64_t size,
				   const char *file)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "start", json_object_new_uint64(start));
	json_object_object_add(o, "size", has_size ? json_object_new_uint64(size) : NULL);
	json_object_object_add(o, "file", file ? json_object_new_string(file) : NULL);
	return o;
}

/* The package's scatter rows, or the phone's layout. */
static json_object *partitions_json(const struct mtkfw_report *r, const struct mtkfw_layout *l)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; r && i < mtkfw_report_row_count(r); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(r, i);
		const struct mtkfw_scatter_part *p = row->part;
		json_object_array_add(
			a, partition_json(p->name, p->start, p->has_size, p->size, row->file));
	}
	for (size_t i = 0; l && i < l->n_parts; i++)
		json_object_array_add(a, partition_json(l->parts[i].name, l->parts[i].linear, true,
							l->parts[i].r.length, NULL));
	return a;
}

/* The contract of docs/json.md, "mtkfw board --json". */
static json_object *board_json(const struct mtkfw_board *b, const struct mtkfw_report *r,
			       const struct mtkfw_layout *l)
{
	static const char *const kinds[] = {"lcm", "camera", "touch", "sensors"};
	json_object *o = json_object_new_object(), *pl = json_object_new_object(), *disp = NULL,
		    *android = json_object_new_object(), *src = json_object_new_object();
	json_object_object_add(o, "chip", json_object_new_string(b->chip));
	json_object_object_add(o, "project", str_or_null(b->project));
	json_object_object_add(pl, "board", str_or_null(b->preloader_board));
	json_object_object_add(pl, "emi", cli_emi_json(b->emi, b->n_emi));
	json_object_object_add(o, "preloader", pl);
	for (int k = 0; k < MTKFW_DRV_KINDS; k++)
		json_object_object_add(o, kinds[k], names_json(&b->drivers[k]));
	if (b->width) {
		disp = json_object_new_object();
		json_object_object_add(disp, "width", json_object_new_int((int)b->width));
		json_object_object_add(disp, "height", json_object_new_int((int)b->height));
	}
	json_object_object_add(o, "display", disp);
	json_object_object_add(android, "version", str_or_null(b->android_version));
	json_object_object_add(android, "build", str_or_null(b->build));
	json_object_object_add(android, "brand", str_or_null(b->brand));
	json_object_object_add(android, "model", str_or_null(b->model));
	json_object_object_add(android, "device", str_or_null(b->device));
	json_object_object_add(android, "type", str_or_null(b->build_type));
	json_object_object_add(android, "fingerprint", str_or_null(b->fingerprint));
	json_object_object_add(o, "android", android);
	json_object_object_add(o, "kernel", str_or_null(b->kernel));
	json_object_object_add(o, "partitions", partitions_json(r, l));
	json_object_object_add(o, "identity_files", names_json(&b->identity));
	json_object_object_add(o, "factory", names_json(&b->factory));
	for (size_t i = 0; i < b->n_sources; i++) { /* a fact from two files names both */
		json_object *had = json_object_object_get(src, b->sources[i].fact);
		char both[400];
		snprintf(both, sizeof(both), "%s%s%s", had ? json_object_get_string(had) : "",
			 had ? "; " : "", b->sources[i].file);
		json_object_object_add(src, b->sources[i].fact, json_object_new_string(both));
	}
	json_object_object_add(o, "sources", src);
	json_object_object_add(o, "unread", names_json(&b->unread));
	return o;
}

static void print_names(const char *label, const struct mtkfw_names *n)
{
	printf("%-10s", label);
	for (size_t i = 0; i < n->n; i++)
		printf("%s%s", i ? ", " : "", n->v[i]);
	printf("%s\n", n->n ? "" : "(none named)");
}

static void board_print(const struct mtkfw_board *b)
{
	printf("chip      %s%s%s\n", b->chip, *b->project ? ", project " : "", b->project);
	printf("preloader %s, %u EMI record%s\n", *b->preloader_board ? b->preloader_board : "-",
	       b->n_emi, b->n_emi == 1 ? "" : "s");
	print_names("lcm", &b->drivers[MTKFW_DRV_LCM]);
	print_names("camera", &b->drivers[MTKFW_DRV_CAMERA]);
	print_names("touch", &b->drivers[MTKFW_DRV_TOUCH]);
	print_names("sensors", &b->drivers[MTKFW_DRV_SENSOR]);
	if (b->width)
		printf("display   %ux%u\n", b->width, b->height);
	if (*b->android_version || *b->model || *b->device)
		printf("android   %s%s%s %s %s%s%s\n", *b->android_version ? "Android " : "",
		       b->android_version, *b->brand ? "," : "", b->brand, b->model,
		       *b->device ? ", device " : "", b->device);
	if (*b->fingerprint)
		printf("build     %s\n", b->fingerprint);
	if (*b->kernel)
		printf("kernel    %s\n", b->kernel);
	if (b->identity.n)
		print_names("identity", &b->identity);
	if (b->factory.n)
		print_names("factory", &b->factory);
	for (size_t i = 0; i < b->unread.n; i++)
		printf("not read  %s\n", b->unread.v[i]);
}

/* The profile of a package. */
static int board_package(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_check_opts *co,
			 bool json)
{
	struct mtkfw_report *r;
	struct mtkfw_board b;
	int rc = mtkfw_check_package(ctx, path, co, &r);
	if (rc)
		return cli_fail(ctx, rc);
	if (!mtkfw_report_scatter(r)) {
		cli_msg("error: %s has no usable scatter: 'mtkfw check %s' says why", path, path);
		mtkfw_report_free(r);
		return EX_DATAERR;
	}
	rc = mtkfw_board_from_package(ctx, r, &b);
	if (!rc && json) {
		json_object *o = board_json(&b, r, NULL);
		json_object_object_add(o, "system_streamed",
				       json_object_new_uint64(b.system_streamed));
		cli_json_print(o);
	} else if (!rc) {
		board_print(&b);
	}
	if (!rc)
		mtkfw_board_free(&b);
	mtkfw_report_free(r);
	return rc ? cli_fail(ctx, rc) : EX_OK;
}

/* The profile of the connected phone; how much was read is said. */
static int board_phone(struct mtkfw_ctx *ctx, struct dev_args *a)
{
	struct mtkfw_session *s;
	struct mtkfw_layout *l = NULL;
	struct mtkfw_board b;
	uint64_t read = 0;
	int rc = dev_open(ctx, a, NULL, false, &s);
	if (rc)
		return dev_fail(ctx, a, rc);
	rc = dev_layout(ctx, a, s, &l);
	if (!rc)
		rc = mtkfw_board_from_phone(s, l, &b, &read);
	if (!rc && a->json) {
		json_object *o = board_json(&b, NULL, l);
		json_object_object_add(o, "read_bytes", json_object_new_uint64(read));
		cli_json_print(o);
	} else if (!rc) {
		board_print(&b);
		char sz[24];
		printf("read      %s from the phone\n", cli_size(sz, sizeof(sz), read));
	}
	if (!rc) {
		mtkfw_board_free(&b);
		rc = mtkfw_session_reboot(s);
	}
	mtkfw_layout_free(l);
	mtkfw_session_close(s);
	return rc ? dev_fail(ctx, a, rc) : EX_OK;
}

int cmd_board(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"scatter", required_argument, NULL, 's'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct mtkfw_check_opts co = {0};
	struct dev_args a = {.wait_ms = 10000};
	int c;
	if (cli_wants_help(argc, argv, board_usage))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "s:qh", opts, NULL)) != -1) {
		if (c == 's')
			co.scatter = optarg;
		else if (dev_option(&a, c, optarg) <= 0)
			return fputs(board_usage, stderr), EX_USAGE;
	}
	bool phone = a.port || a.usb;
	if (optind + (phone ? 0 : 1) != argc)
		return fputs(board_usage, stderr), EX_USAGE;
	return phone ? board_phone(ctx, &a) : board_package(ctx, argv[optind], &co, a.json);
}
