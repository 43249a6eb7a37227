/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw board: the board a package was built for (docs/board.md). */
#include <getopt.h>
#include <string.h>

#include "render.h"

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
		json_object *o = mtkfw_board_to_json(&b, r, NULL);
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
static int board_phone(struct dev_args *a)
{
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_phone *p = NULL;
	const struct mtkfw_board *b = NULL;
	uint64_t read = 0;
	struct mtkfw_phone_opts po = dev_phone_opts(a);
	int rc = dev_job(a, &r, &j) ? MTKFW_E_NO_MEM : mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_board(j, p, &b, &read);
	if (!rc && !a->json) {
		char sz[24];
		board_print(b);
		printf("read      %s from the phone\n", cli_size(sz, sizeof(sz), read));
	}
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
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
	return phone ? board_phone(&a) : board_package(ctx, argv[optind], &co, a.json);
}
