/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw detect: what phone is connected, in what mode, with what memory and layout. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: mtkfw detect [--no-da] [device options]\n"
	"\n"
	"Find the phone and report its chip, boot mode, versions, security configuration\n"
	"and ME_ID; then load the DA and report the eMMC (CID, vendor, boot1/boot2/rpmb/\n"
	"user sizes), the RAM size, the partition table (PMT) and where the phone's\n"
	"identity is by all its sources (docs/identity.md). The phone reboots at the\n"
	"end. In BROM mode the DA needs DRAM settings: --preloader FILE.\n"
	"\n"
	"  --no-da           stop after the BROM/preloader identification\n" DEV_USAGE;

static void hex(char *out, const uint8_t *b, size_t n)
{
	out[0] = 0; /* an unknown ME_ID is "" */
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02X", b[i]);
}

static const char *pmt_state(const struct mtkfw_pmt *t)
{
	return t->state == MTKFW_PMT_OK	     ? "ok"
	       : t->state == MTKFW_PMT_EMPTY ? "empty"
					     : "unreadable";
}

static json_object *claim_json(const struct mtkfw_claim *c)
{
	json_object *e = json_object_new_object();
	json_object_object_add(e, "name", json_object_new_string(c->name));
	json_object_object_add(e, "region", json_object_new_string(mtkfw_part_name(c->r.part)));
	json_object_object_add(e, "offset", json_object_new_uint64(c->r.offset));
	json_object_object_add(e, "length", json_object_new_uint64(c->r.length));
	return e;
}

/* The layout's verdict, its sources and where identity is (docs/json.md). */
static json_object *layout_json(const struct mtkfw_layout *l)
{
	static const char *const st[] = {"absent", "readable", "unreadable"};
	json_object *o = json_object_new_object(), *src = json_object_new_array(),
		    *id = json_object_new_array();
	json_object_object_add(o, "state",
			       json_object_new_string(mtkfw_layout_state_name(l->state)));
	json_object_object_add(o, "basis", json_object_new_string(l->basis));
	json_object_object_add(o, "unconfirmed", json_object_new_string(l->unconfirmed));
	json_object_object_add(o, "why", json_object_new_string(l->why));
	for (size_t i = 0; i < l->n_sources; i++) {
		const struct mtkfw_layout_source *x = &l->src[i];
		json_object *e = json_object_new_object(), *c = json_object_new_array();
		json_object_object_add(e, "kind",
				       json_object_new_string(mtkfw_source_kind_name(x->kind)));
		json_object_object_add(e, "label", json_object_new_string(x->label));
		json_object_object_add(e, "state", json_object_new_string(st[x->state]));
		json_object_object_add(e, "note", json_object_new_string(x->note));
		for (size_t k = 0; k < x->n; k++)
			if (mtkfw_is_identity_partition(x->c[k].name))
				json_object_array_add(c, claim_json(&x->c[k]));
		json_object_object_add(e, "identity", c);
		json_object_array_add(src, e);
	}
	json_object_object_add(o, "sources", src);
	for (size_t i = 0; i < l->n_identity; i++)
		json_object_array_add(id, claim_json(&l->identity[i]));
	json_object_object_add(o, "identity", id);
	return o;
}

static json_object *detect_json(struct mtkfw_session *s, const struct mtkfw_layout *l)
{
	const struct mtkfw_brom_info *b = mtkfw_session_brom(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	json_object *o = json_object_new_object(), *sec = json_object_new_object();
	char h[80];
	json_object_object_add(o, "port", json_object_new_string(mtkfw_session_port(s)));
	json_object_object_add(o, "chip", json_object_new_string(b->chip->name));
	json_object_object_add(o, "mode",
			       json_object_new_string(b->preloader ? "preloader" : "brom"));
	json_object_object_add(o, "hw_code", json_object_new_int(b->hw_code));
	json_object_object_add(o, "hw_sub", json_object_new_int(b->hw_sub));
	json_object_object_add(o, "hw_ver", json_object_new_int(b->hw_ver));
	json_object_object_add(o, "sw_ver", json_object_new_int(b->sw_ver));
	json_object_object_add(sec, "sbc", json_object_new_boolean(b->target_config & 1));
	json_object_object_add(sec, "sla", json_object_new_boolean(b->target_config & 2));
	json_object_object_add(sec, "daa", json_object_new_boolean(b->target_config & 4));
	json_object_object_add(o, "security", sec);
	hex(h, b->me_id, b->me_id_len);
	json_object_object_add(o, "me_id", json_object_new_string(h));
	if (!f) {
		json_object_object_add(o, "emmc", NULL);
		return o;
	}
	json_object *m = json_object_new_object();
	hex(h, f->cid, 16);
	json_object_object_add(m, "cid", json_object_new_string(h));
	json_object_object_add(m, "vendor", cli_json_str(mtkfw_emmc_vendor_name(f->cid[0])));
	char pnm[7];
	snprintf(pnm, sizeof(pnm), "%.6s", (const char *)f->cid + 3);
	json_object_object_add(m, "product", json_object_new_string(pnm));
	json_object_object_add(m, "boot1", json_object_new_uint64(f->boot1));
	json_object_object_add(m, "boot2", json_object_new_uint64(f->boot2));
	json_object_object_add(m, "rpmb", json_object_new_uint64(f->rpmb));
	json_object_object_add(m, "user", json_object_new_uint64(f->user));
	json_object_object_add(o, "emmc", m);
	json_object_object_add(o, "ram_size", json_object_new_uint64(f->ram_size));
	snprintf(h, sizeof(h), "%u.%u", f->da_major, f->da_minor);
	json_object_object_add(o, "da_version", json_object_new_string(h));
	const struct mtkfw_pmt *t = mtkfw_session_pmt(s);
	json_object *pmt = json_object_new_array();
	for (size_t i = 0; i < t->n; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name", json_object_new_string(t->e[i].name));
		json_object_object_add(e, "offset", json_object_new_uint64(t->e[i].offset));
		json_object_object_add(e, "size", json_object_new_uint64(t->e[i].size));
		json_object_object_add(e, "reserved", json_object_new_boolean(t->e[i].reserved));
		json_object_object_add(e, "grown", json_object_new_boolean(t->e[i].grown));
		if (t->e[i].reserved)
			json_object_object_add(e, "table_offset",
					       json_object_new_uint64(t->e[i].table_offset));
		json_object_array_add(pmt, e);
	}
	json_object_object_add(o, "pmt", pmt);
	json_object_object_add(o, "pmt_state", json_object_new_string(pmt_state(t)));
	json_object_object_add(o, "pmt_form", json_object_new_string(mtkfw_pmt_form_name(t->form)));
	if (l)
		json_object_object_add(o, "layout", layout_json(l));
	return o;
}

static void detect_print(struct mtkfw_session *s, const struct mtkfw_layout *l)
{
	const struct mtkfw_brom_info *b = mtkfw_session_brom(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	char h[80], a[24], c[24], d[24], e[24], ram[24];
	hex(h, b->me_id, b->me_id_len);
	printf("port       %s\nchip       %s (hw code 0x%04x), %s mode\n", mtkfw_session_port(s),
	       b->chip->name, b->hw_code, b->preloader ? "preloader" : "BROM");
	printf("versions   hw sub 0x%04x, hw 0x%04x, sw 0x%04x, BL 0x%02x, BROM 0x%02x\n",
	       b->hw_sub, b->hw_ver, b->sw_ver, b->bl_ver, b->brom_ver);
	printf("security   SBC %s, SLA %s, DAA %s\nME_ID      %s\n",
	       b->target_config & 1 ? "on" : "off", b->target_config & 2 ? "on" : "off",
	       b->target_config & 4 ? "on" : "off", h);
	if (!f)
		return;
	const char *v = mtkfw_emmc_vendor_name(f->cid[0]);
	hex(h, f->cid, 16);
	printf("DA         %u.%u\neMMC       CID %s (%s %.6s)\n", f->da_major, f->da_minor, h,
	       v ? v : "unknown vendor", (const char *)f->cid + 3);
	printf("           boot1 %s, boot2 %s, rpmb %s, user %s (0x%" PRIx64 ")\nRAM        %s\n",
	       cli_size(a, sizeof(a), f->boot1), cli_size(c, sizeof(c), f->boot2),
	       cli_size(d, sizeof(d), f->rpmb), cli_size(e, sizeof(e), f->user), f->user,
	       cli_size(ram, sizeof(ram), f->ram_size));
	const struct mtkfw_pmt *t = mtkfw_session_pmt(s);
	if (t->state == MTKFW_PMT_UNREADABLE)
		printf("\npartition table (PMT): unreadable, not used: %s\n", t->why);
	else if (t->state == MTKFW_PMT_EMPTY)
		printf("\npartition table (PMT): none (a blank or wiped table)\n");
	else
		printf("\npartition table (PMT, %zu entries, %s%s)\n", t->n,
		       mtkfw_pmt_form_name(t->form), t->was_sorted ? "" : ", out of address order");
	for (size_t i = 0; i < t->n; i++) {
		const struct mtkfw_pmt_entry *p = &t->e[i];
		printf("  %-12s 0x%-12" PRIx64 " 0x%-12" PRIx64 " %s%s%s%s\n", p->name, p->offset,
		       p->size, cli_size(a, sizeof(a), p->size),
		       mtkfw_is_identity_partition(p->name) ? "  (identity)" : "",
		       p->reserved ? "  (reserved, counted from the end)" : "",
		       p->grown ? "  (grown to the end)" : "");
	}
	if (!l)
		return;
	printf("\nidentity   %s", mtkfw_layout_state_name(l->state));
	if (mtkfw_layout_trusted(l)) {
		printf(" (%s)\n", l->basis);
		for (size_t i = 0; i < l->n_identity; i++)
			printf("  %-12s %s+0x%-12" PRIx64 " %s\n", l->identity[i].name,
			       mtkfw_part_name(l->identity[i].r.part), l->identity[i].r.offset,
			       cli_size(a, sizeof(a), l->identity[i].r.length));
	} else {
		printf(": %s\n", l->why);
	}
}

int cmd_detect(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"no-da", no_argument, NULL, 'n'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000};
	bool no_da = false;
	int c;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		if (c == 'n')
			no_da = true;
		else if (dev_option(&a, c, optarg) <= 0)
			return fputs(usage_text, stderr), EX_USAGE;
	}
	if (optind != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_session *s;
	struct mtkfw_layout *l = NULL;
	int r = dev_open(ctx, &a, NULL, no_da, &s);
	if (r)
		return dev_fail(ctx, &a, r);
	if (!no_da && (r = dev_layout(ctx, &a, s, &l))) {
		mtkfw_session_close(s);
		return dev_fail(ctx, &a, r);
	}
	if (a.json)
		cli_json_print(detect_json(s, l));
	else
		detect_print(s, l);
	mtkfw_layout_free(l);
	r = mtkfw_session_reboot(s);
	mtkfw_session_close(s);
	return r ? dev_fail(ctx, &a, r) : EX_OK;
}
