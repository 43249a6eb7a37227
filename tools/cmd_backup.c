/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw backup / backup list / verify / restore: device-bound backups of a phone. */
#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

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

static const char verify_usage[] =
	"usage: mtkfw verify BACKUP [--json]\n"
	"\n"
	"Check every file of a backup against the SHA-256 in its manifest (no phone\n"
	"needed). Exit status 0 when intact.\n";

static const char restore_usage[] =
	"usage: mtkfw restore BACKUP [--only NAMES] [--force-other-device]\n"
	"                     [--write-identity] [--no-reboot] [device options]\n"
	"\n"
	"Write a backup back to the phone it was made from. Every file's hash is checked\n"
	"before anything is written and every range is read back and compared after.\n"
	"A partition goes back where the phone's layout has it now, a whole area or a\n"
	"saved range where it was; a range the layout now gives to an identity partition\n"
	"is refused. Before writing, a verified identity backup of the phone must exist\n"
	"(one is made when there is none); afterwards the identity is read back and\n"
	"compared with it, but for partitions put back from their own backup. A backup\n"
	"of another phone (other eMMC CID or ME_ID) is refused. Running it again after\n"
	"an interruption completes it.\n"
	"\n"
	"  --only NAMES          only these files (partition names, boot1/boot2/user, or\n"
	"                        a range's name such as user-0x2800000)\n"
	"  --write-identity      put a saved range back even where the phone's layout now\n"
	"                        has an identity partition (the check afterwards still\n"
	"                        says what changed)\n"
	"  --force-other-device  write another phone's backup: this gives the phone that\n"
	"                        phone's IMEI and calibration, which is illegal in many\n"
	"                        countries and leaves its radio mis-tuned. Only for a\n"
	"                        repair of the *same* phone whose eMMC was replaced.\n"
	"  --no-reboot           leave the phone in download mode\n" DEV_USAGE;

struct bk_args {
	struct dev_args dev;
	const char *out, *only;
	bool full, every, other, write_identity, no_reboot;
	struct cli_progress prog;
};

static int progress(void *user, uint64_t done, uint64_t total)
{
	return cli_progress_cb(&((struct bk_args *)user)->prog, done, total);
}

/*
 * Bytes saved; of them zeros (holes), of those free space not read, and the
 * bytes read a second time to verify (unread and reread may be NULL).
 */
static uint64_t backup_bytes(const struct mtkfw_backup *b, uint64_t *zero, uint64_t *unread,
			     uint64_t *reread)
{
	uint64_t n = 0, u = 0, r = 0;
	*zero = 0;
	for (size_t i = 0; i < b->n_files; i++) {
		n += b->files[i].length;
		*zero += b->files[i].zero_bytes;
		u += b->files[i].free_bytes;
		r += b->files[i].reread_bytes;
	}
	if (unread)
		*unread = u;
	if (reread)
		*reread = r;
	return n;
}

static json_object *backup_json(const struct mtkfw_backup *b, int intact)
{
	json_object *o = json_object_new_object(), *files = json_object_new_array();
	uint64_t zero, bytes = backup_bytes(b, &zero, NULL, NULL);
	json_object_object_add(o, "dir", json_object_new_string(b->dir));
	json_object_object_add(o, "kind", json_object_new_string(mtkfw_backup_kind_name(b->kind)));
	json_object_object_add(o, "date", json_object_new_string(b->date));
	json_object_object_add(o, "chip", json_object_new_string(b->chip));
	json_object_object_add(o, "cid", json_object_new_string(b->cid));
	json_object_object_add(o, "me_id", json_object_new_string(b->me_id));
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)bytes));
	json_object_object_add(o, "zero_bytes", json_object_new_int64((int64_t)zero));
	for (size_t i = 0; i < b->n_files; i++)
		json_object_array_add(files, json_object_new_string(b->files[i].name));
	json_object_object_add(o, "files", files);
	json_object_object_add(o, "intact", intact < 0 ? NULL : json_object_new_boolean(intact));
	return o;
}

static void backup_print(const struct mtkfw_backup *b, const char *state)
{
	uint64_t zero, bytes = backup_bytes(b, &zero, NULL, NULL);
	char a[24], z[24];
	printf("  %-8s %-20s %2zu files %10s (%s zeros)  %s\n    %s\n",
	       mtkfw_backup_kind_name(b->kind), b->date, b->n_files, cli_size(a, sizeof(a), bytes),
	       cli_size(z, sizeof(z), zero), state, b->dir);
}

/* One phone's folder of the store: each backup, checked. */
static int list_phone(struct mtkfw_ctx *ctx, const char *dir, const char *cid, json_object *arr,
		      unsigned *bad)
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
			int ok = !mtkfw_backup_verify(ctx, &b, NULL, NULL);
			*bad += !ok;
			if (arr)
				json_object_array_add(arr, backup_json(&b, ok));
			else
				backup_print(&b, ok ? "intact" : mtkfw_ctx_errmsg(ctx));
		}
		free(ents[i]);
	}
	free(ents);
	return 0;
}

static int backup_list(struct mtkfw_ctx *ctx, struct bk_args *a)
{
	char sbuf[4096];
	const char *store = a->dev.store ? a->dev.store : mtkfw_backup_store(sbuf, sizeof(sbuf));
	struct dirent **ents = NULL;
	int n = scandir(store, &ents, NULL, alphasort);
	unsigned bad = 0, phones = 0;
	json_object *arr = a->dev.json ? json_object_new_array() : NULL;
	for (int i = 0; i < n; i++) {
		char dir[4400];
		const char *cid = ents[i]->d_name;
		snprintf(dir, sizeof(dir), "%s/%s", store, cid);
		if (strlen(cid) == 32 && strspn(cid, "0123456789ABCDEF") == 32) {
			phones++;
			list_phone(ctx, dir, cid, arr, &bad);
		}
		free(ents[i]);
	}
	free(ents);
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
	struct bk_args a = {.dev = {.wait_ms = 10000, .events = true}};
	if (cli_wants_help(argc, argv, backup_usage))
		return EX_OK;
	bool list = argc > 1 && !strcmp(argv[1], "list");
	if (parse_backup(argc - list, argv + list, &a) || optind != argc - list)
		return fputs(backup_usage, stderr), EX_USAGE;
	if (list)
		return backup_list(ctx, &a);
	struct mtkfw_session *s;
	struct mtkfw_backup b;
	struct mtkfw_layout *l = NULL;
	int rc = dev_open(ctx, &a.dev, NULL, false, &s);
	if (rc)
		return dev_fail(ctx, &a.dev, rc);
	cli_progress_init(&a.prog, a.full ? "full backup" : "identity backup", a.dev.json,
			  a.dev.quiet);
	enum mtkfw_backup_kind kind = !a.full	? MTKFW_BACKUP_IDENTITY
				      : a.every ? MTKFW_BACKUP_FULL_EVERY_BYTE
						: MTKFW_BACKUP_FULL;
	rc = dev_layout(ctx, &a.dev, s, &l);
	if (!rc)
		rc = mtkfw_backup_make(s, l, kind, a.dev.store, a.out, progress, &a, &b);
	mtkfw_layout_free(l);
	cli_progress_done(&a.prog);
	if (!rc) {
		uint64_t zero, unread, reread, bytes = backup_bytes(&b, &zero, &unread, &reread);
		char x[24], z[24], f[24], v[24];
		if (a.dev.json) { /* numbers for scripts (docs/json.md) */
			json_object *o = json_object_new_object();
			json_object_object_add(o, "event", json_object_new_string("summary"));
			json_object_object_add(o, "dir", json_object_new_string(b.dir));
			json_object_object_add(o, "bytes", json_object_new_int64((int64_t)bytes));
			json_object_object_add(o, "zero_bytes",
					       json_object_new_int64((int64_t)zero));
			json_object_object_add(o, "free_bytes",
					       json_object_new_int64((int64_t)unread));
			json_object_object_add(o, "reread_bytes",
					       json_object_new_int64((int64_t)reread));
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(o);
		}
		dev_event(&a.dev, "done",
			  "backup verified against the phone: %s (%zu files, %s of which %s zeros "
			  "kept as holes; %s of filesystem free space not read; %s read again "
			  "and compared)",
			  b.dir, b.n_files, cli_size(x, sizeof(x), bytes),
			  cli_size(z, sizeof(z), zero), cli_size(f, sizeof(f), unread),
			  cli_size(v, sizeof(v), reread));
		if (!a.dev.json)
			printf("%s\n", b.dir);
		rc = mtkfw_session_reboot(s);
	}
	rc = rc ? dev_fail(ctx, &a.dev, rc) : EX_OK;
	mtkfw_session_close(s);
	return rc;
}

int cmd_verify(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	bool json = argc == 3 && !strcmp(argv[2], "--json");
	if (cli_wants_help(argc, argv, verify_usage))
		return EX_OK;
	if (argc != 2 && !json)
		return fputs(verify_usage, stderr), EX_USAGE;
	struct mtkfw_backup b;
	int rc = mtkfw_backup_load(ctx, argv[1], &b);
	if (rc)
		return cli_fail(ctx, rc);
	rc = mtkfw_backup_verify(ctx, &b, NULL, NULL);
	if (json)
		cli_json_print(backup_json(&b, !rc));
	else if (!rc)
		backup_print(&b, "intact");
	return rc ? cli_fail(ctx, rc) : EX_OK;
}

static int parse_restore(int argc, char **argv, struct bk_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"only", required_argument, NULL, 'o'},
					     {"force-other-device", no_argument, NULL, 'F'},
					     {"write-identity", no_argument, NULL, 'I'},
					     {"no-reboot", no_argument, NULL, 'R'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		if (c == 'o')
			a->only = optarg;
		else if (c == 'F')
			a->other = true;
		else if (c == 'I')
			a->write_identity = true;
		else if (c == 'R')
			a->no_reboot = true;
		else if (dev_option(&a->dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	a->out = argv[optind];
	return 0;
}

int cmd_restore(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct bk_args a = {.dev = {.wait_ms = 10000, .events = true}};
	struct mtkfw_backup b;
	struct mtkfw_restore_result res;
	struct mtkfw_session *s;
	if (cli_wants_help(argc, argv, restore_usage))
		return EX_OK;
	if (parse_restore(argc, argv, &a))
		return fputs(restore_usage, stderr), EX_USAGE;
	int rc = mtkfw_backup_load(ctx, a.out, &b);
	if (!rc)
		rc = mtkfw_backup_verify(ctx, &b, NULL, NULL);
	if (rc)
		return cli_fail(ctx, rc);
	if ((rc = dev_open(ctx, &a.dev, NULL, false, &s)))
		return dev_fail(ctx, &a.dev, rc);
	struct mtkfw_layout *l = NULL;
	struct mtkfw_restore_opts o = {.only = a.only,
				       .other_device = a.other,
				       .write_identity = a.write_identity,
				       .store = a.dev.store,
				       .progress = progress,
				       .user = &a};
	cli_progress_init(&a.prog, "restoring", a.dev.json, a.dev.quiet);
	if (!(rc = dev_layout(ctx, &a.dev, s, &l)))
		rc = mtkfw_backup_restore(s, l, &b, &o, &res);
	cli_progress_done(&a.prog);
	if (*res.guard)
		dev_event(&a.dev, "guard", "identity of this phone on file: %s", res.guard);
	if (!rc) {
		dev_event(&a.dev, "done", "restored %s%s%s and verified by SHA-256%s%s", b.dir,
			  a.only ? ": " : "", a.only ? a.only : "",
			  *res.written ? "; identity put back from its own backup: "
				       : "; identity intact",
			  res.written);
		rc = a.no_reboot ? 0 : mtkfw_session_reboot(s);
	}
	mtkfw_layout_free(l);
	rc = rc ? dev_fail(ctx, &a.dev, rc) : EX_OK;
	mtkfw_session_close(s);
	return rc;
}
