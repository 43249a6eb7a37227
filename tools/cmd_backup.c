/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw backup / backup list / verify / restore: device-bound backups of a phone. */
#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const char backup_usage[] =
	"usage: mtkfw backup [--identity | --full [--every-byte]] [-o DIR] [--store DIR]\n"
	"                    [device options]\n"
	"       mtkfw backup list [--store DIR] [--json]\n"
	"\n"
	"Save the phone, bound to it by its eMMC CID and ME_ID, with a manifest.json\n"
	"(chip, versions, sizes, partition table, each file's SHA-256). Zero runs are\n"
	"stored as holes. The backup is read back and checked against the phone before\n"
	"it gets its final name: an interrupted backup stays '<name>.incomplete'. The\n"
	"store is laid out <store>/<CID>/<date>-<n>-<kind>/. 'backup list' shows every\n"
	"backup in the store, per phone, and whether it is intact (each file hashed\n"
	"against its manifest).\n"
	"\n"
	"  --identity   NVRAM, PRO_INFO, PROTECT_F/S, SECCFG, MBR/EBR and the PMT (default)\n"
	"  --full       everything: boot1 (preloader), boot2 and the whole user area;\n"
	"               the free space of ext4 and FAT16/32 filesystems is not read and\n"
	"               is saved (and restored) as zeros: time follows the data\n"
	"  --every-byte with --full: read free space too (a forensic image)\n"
	"  -o DIR       write the backup here instead of the store\n" DEV_USAGE;

struct bk_args {
	struct dev_args dev;
	const char *out, *only;
	bool full, every, other, write_identity, no_reboot;
};

/* A backup of the list as JSON: mtkfw_backup_to_json and whether it is intact. */
static json_object *listed_json(const struct mtkfw_backup *b, int intact)
{
	json_object *o = mtkfw_backup_to_json(b);
	json_object_object_add(o, "intact", intact < 0 ? NULL : json_object_new_boolean(intact));
	return o;
}

/* One phone's folder of the store: each backup, checked. */
static int list_phone(struct mtkfw_ctx *ctx, const char *dir, const char *cid, json_object *arr,
		      unsigned *bad, bool verify)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	if (!arr)
		printf("phone %s\n", cid);
	for (int i = 0; i < n; i++) {
		char path[4400];
		struct mtkfw_backup b;
		const char *name = ents[i]->d_name;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] == '.') {
		} else if (cli_endswith(name, ".incomplete")) {
			if (!arr)
				printf("  %-8s %s (never finished: not a backup; delete it)\n", "-",
				       path);
		} else if (mtkfw_backup_load(ctx, path, &b)) {
			(*bad)++;
			if (!arr)
				printf("  unreadable %s: %s\n", path, mtkfw_ctx_errmsg(ctx));
		} else {
			int ok = verify ? !mtkfw_backup_verify(ctx, &b, NULL, NULL) : -1;
			*bad += !ok;
			if (arr)
				json_object_array_add(arr, listed_json(&b, ok));
			else
				cli_backup_print(&b, ok ? "intact" : mtkfw_ctx_errmsg(ctx));
		}
		free(ents[i]);
	}
	free(ents);
	return 0;
}

unsigned cli_backup_walk(struct mtkfw_ctx *ctx, const char *store, json_object *arr, unsigned *bad,
			 bool verify)
{
	struct dirent **ents = NULL;
	int n = scandir(store, &ents, NULL, alphasort);
	unsigned phones = 0;
	for (int i = 0; i < n; i++) {
		char dir[4400];
		const char *cid = ents[i]->d_name;
		snprintf(dir, sizeof(dir), "%s/%s", store, cid);
		if (strlen(cid) == 32 && strspn(cid, "0123456789ABCDEF") == 32) {
			phones++;
			list_phone(ctx, dir, cid, arr, bad, verify);
		}
		free(ents[i]);
	}
	free(ents);
	return phones;
}

static int backup_list(struct mtkfw_ctx *ctx, struct bk_args *a)
{
	char sbuf[4096];
	const char *store = a->dev.store ? a->dev.store : mtkfw_backup_store(sbuf, sizeof(sbuf));
	unsigned bad = 0;
	json_object *arr = a->dev.json ? json_object_new_array() : NULL;
	unsigned phones = cli_backup_walk(ctx, store, arr, &bad, true);
	if (arr)
		cli_json_print(arr);
	else if (!phones)
		printf("no backups in %s\n", store);
	return bad ? EX_DATAERR : EX_OK;
}

static int parse_backup(int argc, char **argv, struct bk_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"identity", no_argument, NULL, 'i'},
					     {"full", no_argument, NULL, 'f'},
					     {"every-byte", no_argument, NULL, 'E'},
					     {"output", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "ifo:qh", opts, NULL)) != -1) {
		if (c == 'i')
			a->full = false;
		else if (c == 'f')
			a->full = true;
		else if (c == 'E')
			a->every = true;
		else if (c == 'o')
			a->out = optarg;
		else if (dev_option(&a->dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (a->every && !a->full)
		return fputs("mtkfw backup: --every-byte goes with --full\n", stderr), EX_USAGE;
	return 0;
}

int cmd_backup(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct bk_args a = {.dev = {.wait_ms = 10000}};
	struct render r = {0};
	struct mtkfw_job *j;
	struct mtkfw_phone *p = NULL;
	const struct mtkfw_backup *b = NULL;
	if (cli_wants_help(argc, argv, backup_usage))
		return EX_OK;
	bool list = argc > 1 && !strcmp(argv[1], "list");
	if (parse_backup(argc - list, argv + list, &a) || optind != argc - list)
		return fputs(backup_usage, stderr), EX_USAGE;
	if (list)
		return backup_list(ctx, &a);
	if (dev_job(&a.dev, &r, &j))
		return EX_OSERR;
	struct mtkfw_phone_opts po = dev_phone_opts(&a.dev);
	struct mtkfw_backup_job_opts o = MTKFW_INIT(o);
	o.kind = !a.full   ? MTKFW_BACKUP_IDENTITY
		 : a.every ? MTKFW_BACKUP_FULL_EVERY_BYTE
			   : MTKFW_BACKUP_FULL;
	o.dir = a.out;
	int rc = mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_backup(j, p, &o, &b);
	if (!rc && !a.dev.json)
		printf("%s\n", b->dir);
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
