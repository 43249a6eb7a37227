/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A program of someone else's, built against the installed libmtkfw through
 * pkg-config (tests/install/install.sh): the public headers stand alone, the
 * library links, and its job API flashes a phone. usage: consumer PKG PORT DA
 * flashes PKG onto the phone at PORT (the virtual one in the test), verified,
 * and says what the jobs did; every event's JSON line goes to stderr.
 */
#include <stdio.h>

#include <mtkfw/mtkfw.h>

/* What the jobs said: their JSON lines, and the flash's result. */
static void on_event(void *user, const struct mtkfw_event *ev)
{
	int *results = user;
	fprintf(stderr, "%s\n", ev->json);
	*results += ev->kind == MTKFW_EVENT_RESULT;
}

int main(int argc, char **argv)
{
	int results = 0;
	struct mtkfw_job *j;
	struct mtkfw_job_config cfg = MTKFW_INIT(cfg);
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	struct mtkfw_phone_opts po = MTKFW_INIT(po);
	struct mtkfw_flash_job_opts o = MTKFW_INIT(o);
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	struct mtkfw_firmware *fw = NULL;
	struct mtkfw_phone *p = NULL;
	if (argc != 4)
		return 2;
	cfg.on_event = on_event;
	cfg.user = &results;
	if (mtkfw_job_new(&cfg, &j))
		return 2;
	po.port = argv[2];
	po.da = argv[3];
	o.mode = MTKFW_FLASH_DOWNLOAD;
	o.verify = true;
	int rc = mtkfw_firmware_open(j, argv[1], &fo, &fw);
	if (!rc)
		rc = mtkfw_phone_open(j, &po, fw, &p);
	if (!rc)
		rc = mtkfw_job_flash(j, p, fw, &o, &res);
	if (p)
		mtkfw_phone_close(j, p, !rc);
	if (rc)
		fprintf(stderr, "consumer: %s\n", mtkfw_ctx_errmsg(mtkfw_job_ctx(j)));
	else
		printf("libmtkfw %s: flashed %llu bytes (%llu erased), verified; identity checked "
		       "against a backup; %d result\n",
		       mtkfw_version(), (unsigned long long)res.sent,
		       (unsigned long long)res.erased, results);
	mtkfw_firmware_close(fw);
	mtkfw_job_free(j);
	return rc ? 1 : 0;
}
