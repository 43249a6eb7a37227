/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtkfw image info|unpack|repack|ls|cat|get: one image file at a time
 * (docs/images.md). ls/cat/get read ext2/3/4 images, raw or sparse, without
 * expanding them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
	"usage: mtkfw image info FILE [--json]\n"
	"       mtkfw image unpack FILE -o DIR [--ramdisk-tree] [--json]\n"
	"       mtkfw image repack DIR -o FILE [--json]\n"
	"       mtkfw image ls IMG [PATH] [--json]\n"
	"       mtkfw image cat IMG PATH\n"
	"       mtkfw image get IMG PATH -o FILE\n"
	"       mtkfw image sparse RAW -o FILE\n"
	"       mtkfw image raw SPARSE -o FILE\n"
	"\n"
	"Take MT6572 images apart and put them back (docs/images.md).\n"
	"\n"
	"  info     what the image is (the parsers 'mtkfw check' uses)\n"
	"  unpack   a boot or recovery image (header fields, kernel, ramdisk, second,\n"
	"           the MTK headers), logo.bin (each image as a PNG) or another\n"
	"           MTK-header image (lk.bin) into a new folder, with a manifest\n"
	"           (mtkfw-image.txt) to edit; it proves that a repack without edits\n"
	"           gives the same bytes\n"
	"  repack   the image of such a folder: sizes, page alignment and the boot\n"
	"           image's SHA-1 id follow the parts\n"
	"  ls, cat, get   a folder listing, or one file, out of an ext2/3/4 image\n"
	"           (system.img, raw or Android sparse), without expanding it\n"
	"  sparse   an Android sparse image of a raw one (android-libsparse)\n"
	"  raw      the raw image of an Android sparse one (holes where it has none)\n"
	"\n"
	"  -o PATH          the output folder (unpack) or file (repack, get)\n"
	"  --ramdisk-tree   unpack: also the ramdisk as a folder (ramdisk.d, with\n"
	"                   ramdisk.list keeping modes, owners and device nodes);\n"
	"                   repack builds a new ramdisk when it changed\n"
	"  --json           one object (docs/json.md)\n";

/* The image file at path probed, streamed, into *im (mtkfw_image_info_clear it); 0, or a
 * MTKFW_E_* code with err saying why. */
static int probe_file(const char *path, struct mtkfw_image_info *im, char *err, size_t errn)
{
	struct mtkfw_probe *p = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errn, "cannot open %s: %s", path, strerror(errno));
		return errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO;
	}
	int rc = mtkfw_probe_new(&p, MTKFW_PROBE_BYTESUM);
	uint8_t *buf = malloc(1 << 20);
	ssize_t n;
	if (!buf)
		rc = MTKFW_E_NO_MEM;
	while (!rc && (n = read(fd, buf, 1 << 20)) > 0)
		rc = mtkfw_probe_feed(p, buf, (size_t)n);
	free(buf);
	close(fd);
	if (!rc)
		rc = mtkfw_probe_finish(p, im);
	mtkfw_probe_free(p);
	if (rc)
		snprintf(err, errn, "%s: %s", path, mtkfw_strerror(rc));
	return rc;
}

json_object *cli_image_file_json(const char *path, bool *bad, char *err, size_t errn)
{
	struct mtkfw_image_info im;
	if (probe_file(path, &im, err, errn))
		return NULL;
	json_object *o = cli_image_json(&im);
	json_object *pr = json_object_new_array();
	*bad = false;
	for (unsigned i = 0; i < im.n_problems; i++) {
		json_object *x = json_object_new_object();
		json_object_object_add(
			x, "severity",
			json_object_new_string(mtkfw_severity_name(im.problems[i].severity)));
		json_object_object_add(x, "code", json_object_new_string(im.problems[i].code));
		json_object_object_add(x, "message", json_object_new_string(im.problems[i].message));
		json_object_array_add(pr, x);
		*bad |= im.problems[i].severity == MTKFW_SEV_ERROR;
	}
	json_object_object_add(o, "problems", pr);
	json_object_object_add(o, "file", json_object_new_string(path));
	mtkfw_image_info_clear(&im);
	return o;
}

/* The image's probe, streamed: as JSON or for people. */
static int image_info(struct mtkfw_ctx *ctx, const char *path, bool json)
{
	bool bad = false;
	char err[4400];
	json_object *o = cli_image_file_json(path, &bad, err, sizeof(err));
	int e = errno;
	(void)ctx;
	if (!o)
		return cli_msg("error: %s", err), e == ENOENT ? EX_NOINPUT : EX_IOERR;
	if (json) {
		cli_json_print(o);
		return bad ? EX_DATAERR : EX_OK;
	}
	printf("%s: %s\n", path, cli_jstr(o, "summary"));
	json_object *pr = cli_jobj(o, "problems");
	for (size_t i = 0; i < json_object_array_length(pr); i++) {
		json_object *x = json_object_array_get_idx(pr, i);
		printf("  %s %s: %s\n", cli_jstr(x, "severity"), cli_jstr(x, "code"),
		       cli_jstr(x, "message"));
	}
	json_object_put(o);
	return bad ? EX_DATAERR : EX_OK;
}

static void result_json(const char *what, const char *path, const struct mtkfw_imgpack_result *res,
			bool unpack)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, what, json_object_new_string(path));
	json_object_object_add(o, "kind", json_object_new_string(res->kind));
	json_object_object_add(o, "bytes", json_object_new_uint64(res->bytes));
	json_object_object_add(o, "sha256", json_object_new_string(res->sha256));
	if (unpack) {
		json_object_object_add(o, "files", json_object_new_int((int)res->files));
		json_object_object_add(o, "exact", json_object_new_boolean(res->exact));
		json_object_object_add(o, "note", cli_json_str(*res->note ? res->note : NULL));
	}
	cli_json_print(o);
}

static int unpack(struct mtkfw_ctx *ctx, const char *file, const char *dir, unsigned flags,
		  bool json)
{
	struct mtkfw_imgpack_result res;
	int rc = mtkfw_image_unpack(ctx, file, dir, flags, &res);
	if (rc)
		return cli_fail(ctx, rc);
	if (json) {
		result_json("folder", dir, &res, true);
		return EX_OK;
	}
	printf("%s: %s image, %llu bytes, %u files in %s\n", file, res.kind,
	       (unsigned long long)res.bytes, res.files, dir);
	if (res.exact)
		printf("round trip: exact (a repack without edits gives the same SHA-256 %.16s...)\n",
		       res.sha256);
	else
		printf("round trip: NOT exact: %s\n", res.note);
	return EX_OK;
}

static int repack(struct mtkfw_ctx *ctx, const char *dir, const char *file, bool json)
{
	struct mtkfw_imgpack_result res;
	int rc = mtkfw_image_repack(ctx, dir, file, &res);
	if (rc)
		return cli_fail(ctx, rc);
	if (json)
		result_json("file", file, &res, false);
	else
		printf("%s: %s image, %llu bytes, SHA-256 %s\n", file, res.kind,
		       (unsigned long long)res.bytes, res.sha256);
	return EX_OK;
}

/* ---- ext4 ---- */

int cmd_image(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"ramdisk-tree", no_argument, NULL, 'r'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL;
	bool json = false;
	unsigned flags = 0;
	int c;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'j')
			json = true;
		else if (c == 'r')
			flags |= MTKFW_UNPACK_RAMDISK_TREE;
		else
			return fputs(usage_text, stderr), EX_USAGE;
	}
	int n = argc - optind;
	const char *verb = n ? argv[optind] : "", *a1 = n > 1 ? argv[optind + 1] : NULL,
		   *a2 = n > 2 ? argv[optind + 2] : NULL;
	if (!strcmp(verb, "info") && n == 2)
		return image_info(ctx, a1, json);
	if (!strcmp(verb, "unpack") && n == 2 && out)
		return unpack(ctx, a1, out, flags, json);
	if (!strcmp(verb, "repack") && n == 2 && out)
		return repack(ctx, a1, out, json);
	if (!strcmp(verb, "ls") && (n == 2 || n == 3))
		return image_fs_ls(ctx, a1, a2 ? a2 : "/", json);
	if (!strcmp(verb, "cat") && n == 3)
		return image_fs_get(ctx, a1, a2, NULL);
	if (!strcmp(verb, "get") && n == 3 && out)
		return image_fs_get(ctx, a1, a2, out);
	if (!strcmp(verb, "sparse") && n == 2 && out)
		return image_to_sparse(ctx, a1, out);
	if (!strcmp(verb, "raw") && n == 2 && out)
		return image_to_raw(ctx, a1, out);
	fputs(usage_text, stderr);
	return EX_USAGE;
}
