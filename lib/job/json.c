/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library's facts as JSON (mtkfw/json.h; the contracts are docs/json.md's). */
#include <stdio.h>
#include <string.h>

#include "job_priv.h"
#include "mtkfw/json.h"

json_object *mtkfw_emi_to_json(const struct mtkfw_emi_record *emi, unsigned n)
{
	json_object *a = json_object_new_array();
	for (unsigned i = 0; i < n; i++) {
		const struct mtkfw_emi_record *e = &emi[i];
		json_object *r = json_object_new_object();
		char id[40] = "", part[7] = "";
		for (unsigned k = 0; k < 16 && k < e->id_len; k++)
			snprintf(id + 2 * k, sizeof(id) - 2 * k, "%02X", e->id[k]);
		for (unsigned k = 0; k < 6 && 3 + k < e->id_len; k++) /* CID's PNM */
			part[k] = e->id[3 + k] >= 0x20 && e->id[3 + k] < 0x7f ? (char)e->id[3 + k]
									      : '?';
		json_object_object_add(r, "type",
				       json_object_new_string(mtkfw_emi_type_name(e->type)));
		json_object_object_add(r, "id", json_object_new_string(id));
		json_object_object_add(r, "vendor", job_json_str(mtkfw_emmc_vendor_name(e->id[0])));
		json_object_object_add(r, "part", json_object_new_string(part));
		json_object_object_add(r, "ram_size",
				       json_object_new_uint64((uint64_t)e->rank_size[0] +
							      e->rank_size[1] + e->rank_size[2] +
							      e->rank_size[3]));
		json_object_array_add(a, r);
	}
	return a;
}

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
	return job_json_str(*s ? s : NULL);
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

json_object *mtkfw_board_to_json(const struct mtkfw_board *b, const struct mtkfw_report *r,
				 const struct mtkfw_layout *l)
{
	static const char *const kinds[] = {"lcm", "camera", "touch", "sensors"};
	json_object *o = json_object_new_object(), *pl = json_object_new_object(), *disp = NULL,
		    *android = json_object_new_object(), *src = json_object_new_object();
	json_object_object_add(o, "chip", json_object_new_string(b->chip));
	json_object_object_add(o, "project", str_or_null(b->project));
	json_object_object_add(pl, "board", str_or_null(b->preloader_board));
	json_object_object_add(pl, "emi", mtkfw_emi_to_json(b->emi, b->n_emi));
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

json_object *mtkfw_layout_to_json(const struct mtkfw_layout *l)
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

json_object *mtkfw_detect_to_json(struct mtkfw_session *s, const struct mtkfw_layout *l)
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
	json_object_object_add(o, "bl_ver", json_object_new_int(b->bl_ver));
	json_object_object_add(o, "brom_ver", json_object_new_int(b->brom_ver));
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
	json_object_object_add(m, "vendor", job_json_str(mtkfw_emmc_vendor_name(f->cid[0])));
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
	json_object_object_add(o, "pmt_sorted", json_object_new_boolean(t->was_sorted));
	json_object_object_add(o, "pmt_why", json_object_new_string(t->why));
	if (l)
		json_object_object_add(o, "layout", mtkfw_layout_to_json(l));
	return o;
}

json_object *mtkfw_compat_to_json(const struct mtkfw_compat *c)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	json_object_object_add(o, "verdict",
			       json_object_new_string(mtkfw_compat_level_name(c->verdict)));
	for (size_t i = 0; i < c->n; i++) {
		const struct mtkfw_compat_line *x = &c->lines[i];
		json_object *l = json_object_new_object();
		json_object_object_add(l, "what", json_object_new_string(x->what));
		json_object_object_add(l, "level",
				       json_object_new_string(mtkfw_compat_level_name(x->level)));
		json_object_object_add(l, "evidence", json_object_new_string(x->evidence));
		json_object_object_add(l, "fix", *x->fix ? json_object_new_string(x->fix) : NULL);
		json_object_object_add(l, "spft", x->spft ? json_object_new_int(x->spft) : NULL);
		json_object_array_add(a, l);
	}
	json_object_object_add(o, "lines", a);
	return o;
}

json_object *mtkfw_backup_to_json(const struct mtkfw_backup *b)
{
	uint64_t bytes = 0, zero = 0, unread = 0, reread = 0;
	json_object *o = json_object_new_object(), *files = json_object_new_array();
	for (size_t i = 0; i < b->n_files; i++) {
		bytes += b->files[i].length;
		zero += b->files[i].zero_bytes;
		unread += b->files[i].free_bytes;
		reread += b->files[i].reread_bytes;
	}
	json_object_object_add(o, "dir", json_object_new_string(b->dir));
	json_object_object_add(o, "kind", json_object_new_string(mtkfw_backup_kind_name(b->kind)));
	json_object_object_add(o, "date", json_object_new_string(b->date));
	json_object_object_add(o, "chip", json_object_new_string(b->chip));
	json_object_object_add(o, "cid", json_object_new_string(b->cid));
	json_object_object_add(o, "me_id", json_object_new_string(b->me_id));
	json_object_object_add(o, "bytes", json_object_new_uint64(bytes));
	json_object_object_add(o, "zero_bytes", json_object_new_uint64(zero));
	json_object_object_add(o, "free_bytes", json_object_new_uint64(unread));
	json_object_object_add(o, "reread_bytes", json_object_new_uint64(reread));
	for (size_t i = 0; i < b->n_files; i++)
		json_object_array_add(files, json_object_new_string(b->files[i].name));
	json_object_object_add(o, "files", files);
	return o;
}
