/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The virtual phone's core: configuration, the input machinery (gather N
 * bytes for the current step, or stream bulk data), the output queue with
 * fault injection, and the protocol trace.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_priv.h"

double emu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void emu_errf(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

void mtkfw_emu_config_default(struct mtkfw_emu_config *cfg)
{
	/* Toshiba eMMC CID reported by a real MT6572 phone (docs/protocol.md 6). */
	static const uint8_t cid[16] = {0x11, 0x01, 0x00, 0x30, 0x30, 0x34, 0x47, 0x39,
					0x30, 0x10, 0x96, 0xCF, 0xC3, 0x57, 0x31, 0x21};
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = MTKFW_EMU_BROM;
	memcpy(cfg->cid, cid, 16);
	cfg->ram_size = 0x20000000;
	for (int i = 0; i < 16; i++)
		cfg->me_id[i] = (uint8_t)(0xA0 + i);
	cfg->hw_sub = 0x8A00;
	cfg->hw_ver = 0xCA01;
	cfg->sw_ver = 0x0000;
	cfg->watchdog_ms = 8000;
	cfg->hwcode_quirk = true;
	cfg->seed = 1;
	cfg->hub_mbps = MTKFW_EMU_USB_HS_MBPS;
}

/* ---- variants ---- */

static const struct {
	const char *name, *what;
	unsigned bit;
} variants[] = {
	{"pmt-96", "READ_PMT sends 0x60-byte entries (size, mask, offset)", MTKFW_VARIANT_PMT_96},
	{"bl-ver-3", "the preloader answers GET_BL_VER with 3, so hosts ask GET_ME_ID",
	 MTKFW_VARIANT_BL_VER_3},
	{"no-me-id", "GET_ME_ID gets no answer at all", MTKFW_VARIANT_NO_ME_ID},
	{"d8-silent", "GET_TARGET_CONFIG gets no answer at all", MTKFW_VARIANT_D8_SILENT},
	{"da-sum-0", "SEND_DA reports checksum 0", MTKFW_VARIANT_DA_SUM_0},
	{"nack-bare", "a refused write command, packet or format is a bare A5, no status",
	 MTKFW_VARIANT_NACK_BARE},
	{"cid-raw", "the flash-info report carries the CID in CID byte order",
	 MTKFW_VARIANT_CID_RAW},
	{"da2-host-first", "after DA2 the device waits for the host's 5A before its own",
	 MTKFW_VARIANT_DA2_HOST_FIRST},
	{"wdt-status-0", "WRITE32 answers status 0x0000 where real boot ROMs sent 0x0001",
	 MTKFW_VARIANT_WDT_STATUS_0},
	{"nand-ids-1", "one NAND ID in the DA1 and flash-info reports instead of 4 and 7",
	 MTKFW_VARIANT_NAND_IDS_1},
	{"read-sum-xor",
	 "a D6 read packet's checksum is the XOR of its 16-bit little-endian words, not its byte "
	 "sum",
	 MTKFW_VARIANT_READ_SUM_XOR},
	{"emi-info-first",
	 "after ENABLE_DRAM the DA sends 16 bytes of DRAM information, then asks for the EMI entry",
	 MTKFW_VARIANT_EMI_INFO_FIRST},
	{"erase-ff", "a D4 format leaves the eMMC reading 0xFF, not zeros", MTKFW_VARIANT_ERASE_FF},
	{"flash-info-fail",
	 "the flash-info report gives the eMMC a failure status (its sizes still there): a phone "
	 "mtkfw must refuse",
	 MTKFW_VARIANT_FLASH_INFO_FAIL},
	{"pmt-kernel",
	 "READ_PMT sends the table as MT6572 kernels write it: lowercase names, the last "
	 "partition grown to the end, otp and bmtpool rows at 0xFFFFnnnn",
	 MTKFW_VARIANT_PMT_KERNEL},
};

const char *mtkfw_emu_variant_name(unsigned i, const char **what)
{
	if (i >= sizeof(variants) / sizeof(variants[0]))
		return NULL;
	if (what)
		*what = variants[i].what;
	return variants[i].name;
}

unsigned mtkfw_emu_variant_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (!strcmp(name, variants[i].name))
			return variants[i].bit;
	return 0;
}

/* ---- faults ---- */

static const struct {
	const char *name;
	enum mtkfw_emu_fault_kind kind;
	int args; /* 0: none, 1: a, 2: a:b, 3: step[:a], 4: step:a */
} fault_kinds[] = {
	{"disconnect-after", MTKFW_FAULT_DISCONNECT_AFTER, 1},
	{"disconnect-at", MTKFW_FAULT_DISCONNECT_AT, 3},
	{"stall", MTKFW_FAULT_STALL, 4},
	{"corrupt-byte", MTKFW_FAULT_CORRUPT_BYTE, 1},
	{"bad-checksum", MTKFW_FAULT_BAD_CHECKSUM, 3},
	{"nack-packet", MTKFW_FAULT_NACK_PACKET, 1},
	{"refuse-handshake", MTKFW_FAULT_REFUSE_HANDSHAKE, 1},
	{"dram-fail", MTKFW_FAULT_DRAM_FAIL, 0},
	{"bad-sectors", MTKFW_FAULT_BAD_SECTORS, 2},
	{"power-loss", MTKFW_FAULT_POWER_LOSS, 1},
	{"lost-write", MTKFW_FAULT_LOST_WRITE, 1},
	{"bad-read", MTKFW_FAULT_BAD_READ, 1},
	{"flaky-read", MTKFW_FAULT_FLAKY_READ, 1},
	{"flaky-zero", MTKFW_FAULT_FLAKY_ZERO, 1},
};

static int num(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

int mtkfw_emu_parse_fault(const char *spec, struct mtkfw_emu_fault *f, char *err, size_t errlen)
{
	char buf[sizeof(f->spec)];
	memset(f, 0, sizeof(*f));
	if (strlen(spec) >= sizeof(buf)) {
		emu_errf(err, errlen, "fault '%.40s...': longer than %zu characters", spec,
			 sizeof(buf) - 1);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", spec);
	snprintf(f->spec, sizeof(f->spec), "%s", spec);
	char *arg = strchr(buf, ':');
	if (arg)
		*arg++ = 0;
	for (size_t i = 0; i < sizeof(fault_kinds) / sizeof(fault_kinds[0]); i++) {
		if (strcmp(buf, fault_kinds[i].name))
			continue;
		f->kind = fault_kinds[i].kind;
		int t = fault_kinds[i].args;
		char *second = arg ? strchr(arg, ':') : NULL;
		if (second)
			*second++ = 0;
		bool ok = t == 0   ? !arg
			  : t == 1 ? arg && !second && !num(arg, &f->a)
			  : t == 2 ? arg && second && !num(arg, &f->a) && !num(second, &f->b)
			  : t == 3 ? arg && strlen(arg) < sizeof(f->step) &&
					     (!second || !num(second, &f->a))
				   : arg && second && strlen(arg) < sizeof(f->step) &&
					     !num(second, &f->a);
		if (t >= 3 && ok)
			snprintf(f->step, sizeof(f->step), "%s", arg);
		if (!ok)
			emu_errf(err, errlen, "fault '%s': wrong arguments (see mtkfw-emu --help)",
				 spec);
		return ok ? 0 : -1;
	}
	emu_errf(err, errlen, "unknown fault '%s' (see mtkfw-emu --help)", spec);
	return -1;
}

struct mtkfw_emu_fault *emu_fault(struct mtkfw_emu *e, enum mtkfw_emu_fault_kind k,
				  const char *step)
{
	for (size_t i = 0; i < e->cfg.n_faults; i++) {
		struct mtkfw_emu_fault *f = &e->cfg.faults[i];
		if (f->kind == k && !f->fired && (!step || !strcmp(f->step, step)))
			return f;
	}
	return NULL;
}

void emu_fire(struct mtkfw_emu *e, struct mtkfw_emu_fault *f, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (f->kind != MTKFW_FAULT_BAD_READ && f->kind != MTKFW_FAULT_BAD_SECTORS)
		f->fired = true; /* the weak spots last */
	if (e->trace)
		fprintf(e->trace, "-- fault %s fired (step %s): %s\n", f->spec, e->step, what);
	if (e->fault_log) {
		fprintf(e->fault_log, "fault %s fired (step %s): %s\n", f->spec, e->step, what);
		fflush(e->fault_log);
	}
}

/* ---- trace ---- */

void emu_trace(struct mtkfw_emu *e, const char *dir, const void *buf, size_t n)
{
	if (!e->trace)
		return;
	const uint8_t *p = buf;
	fprintf(e->trace, "%.3f %s %-11s", emu_now() - e->session_start, dir, e->step);
	for (size_t i = 0; i < n && i < 24; i++)
		fprintf(e->trace, " %02x", p[i]);
	if (n > 24)
		fprintf(e->trace, " ... (%zu bytes)", n);
	fputc('\n', e->trace);
	fflush(e->trace);
}

/* Name the protocol step; a disconnect-at or stall fault for it fires here. */
void emu_enter(struct mtkfw_emu *e, const char *step)
{
	e->step = step;
	if (e->trace)
		fprintf(e->trace, "%.3f -- %s\n", emu_now() - e->session_start, step);
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_DISCONNECT_AT, step);
	if (f && ++f->b >= (f->a ? f->a : 1)) { /* the a-th time the step begins */
		emu_fire(e, f, "the link dropped as %s began (time %llu)", step,
			 (unsigned long long)f->b);
		emu_drop_link(e, step);
		return;
	}
	if ((f = emu_fault(e, MTKFW_FAULT_STALL, step)) != NULL) {
		emu_fire(e, f, "the phone went silent for %llu ms", (unsigned long long)f->a);
		e->release_at = emu_now() + (double)f->a / 1000.0;
	}
}

void emu_drop_link(struct mtkfw_emu *e, const char *why)
{
	if (e->trace)
		fprintf(e->trace, "-- link dropped (%s)\n", why);
	e->gone = true;
	e->graceful = false;
	e->quirk_armed = true; /* the phone reboots: power-on quirks come back */
	e->out_len = e->out_off = 0;
}

void emu_reboot(struct mtkfw_emu *e, const char *why)
{
	if (e->trace)
		fprintf(e->trace, "-- reboot (%s)\n", why);
	e->gone = true; /* what was already said still reaches the host */
	e->graceful = true;
	e->quirk_armed = true;
}

void emu_hang(struct mtkfw_emu *e, const char *why)
{
	if (e->trace)
		fprintf(e->trace, "-- device hung (%s)\n", why);
	e->phase = PH_HUNG;
}

/* ---- output ---- */

uint8_t *emu_reserve(struct mtkfw_emu *e, size_t n)
{
	if (e->out_off && e->out_off == e->out_len)
		e->out_off = e->out_len = 0;
	if (!emu_grow(e, &e->out, &e->out_cap, e->out_len + n))
		return NULL;
	uint8_t *at = e->out + e->out_len;
	e->out_len += n;
	return at;
}

bool emu_grow(struct mtkfw_emu *e, uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need && ncap <= SIZE_MAX / 2)
		ncap *= 2;
	uint8_t *p = ncap >= need ? realloc(*buf, ncap) : NULL;
	if (!p) {
		emu_hang(e, "out of memory");
		return false;
	}
	*buf = p;
	*cap = ncap;
	return true;
}

bool emu_swap_out(struct mtkfw_emu *e, uint8_t **buf, size_t *cap, size_t n)
{
	if (e->out_off != e->out_len || !e->out || n > *cap)
		return false;
	uint8_t *old = e->out;
	size_t old_cap = e->out_cap;
	e->out = *buf;
	e->out_cap = *cap;
	e->out_len = n;
	e->out_off = 0;
	*buf = old;
	*cap = old_cap;
	return true;
}

/* Bytes placed with emu_reserve() are final: count, trace, maybe corrupt them. */
void emu_commit(struct mtkfw_emu *e, uint8_t *at, size_t n)
{
	emu_trace(e, "D>H", at, n);
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_CORRUPT_BYTE, NULL);
	if (f && f->a >= e->out_total && f->a < e->out_total + n) {
		uint8_t *b = &at[f->a - e->out_total];
		emu_fire(e, f, "device output byte %llu sent as 0x%02x instead of 0x%02x",
			 (unsigned long long)f->a, *b ^ 0x5A, *b);
		*b ^= 0x5A;
	}
	e->out_total += n;
}

void emu_send(struct mtkfw_emu *e, const void *buf, size_t n)
{
	if (e->gone || e->phase == PH_HUNG)
		return;
	uint8_t *at = emu_reserve(e, n);
	if (!at)
		return;
	memcpy(at, buf, n);
	emu_commit(e, at, n);
}

void emu_send_u8(struct mtkfw_emu *e, uint8_t v)
{
	emu_send(e, &v, 1);
}

void emu_send_be16(struct mtkfw_emu *e, uint16_t v)
{
	uint8_t b[2];
	emu_put_be16(b, v);
	emu_send(e, b, 2);
}

void emu_send_be32(struct mtkfw_emu *e, uint32_t v)
{
	uint8_t b[4];
	emu_put_be32(b, v);
	emu_send(e, b, 4);
}

void emu_send_be64(struct mtkfw_emu *e, uint64_t v)
{
	uint8_t b[8];
	emu_put_be64(b, v);
	emu_send(e, b, 8);
}

size_t mtkfw_emu_pending(struct mtkfw_emu *e)
{
	if (e->release_at && emu_now() < e->release_at)
		return 0;
	e->release_at = 0;
	return e->out_len - e->out_off;
}

size_t mtkfw_emu_peek(struct mtkfw_emu *e, const void **p)
{
	size_t n = mtkfw_emu_pending(e);
	*p = n ? e->out + e->out_off : NULL; /* the queue may not even exist yet */
	return n;
}

void mtkfw_emu_consume(struct mtkfw_emu *e, size_t n)
{
	size_t left = e->out_len - e->out_off;
	e->out_off += n < left ? n : left;
}

size_t mtkfw_emu_pull(struct mtkfw_emu *e, void *buf, size_t len)
{
	const void *p;
	size_t n = mtkfw_emu_peek(e, &p);
	if (n > len)
		n = len;
	if (n)
		memcpy(buf, p, n);
	mtkfw_emu_consume(e, n);
	return n;
}

bool mtkfw_emu_work_ahead(struct mtkfw_emu *e)
{
	return e->phase == PH_DA && !e->gone && emu_da_work_ahead(e);
}

unsigned mtkfw_emu_stall_ms(struct mtkfw_emu *e)
{
	double now = emu_now();
	return e->release_at > now ? (unsigned)((e->release_at - now) * 1000) + 1 : 0;
}

/* ---- input ---- */

void emu_expect(struct mtkfw_emu *e, size_t n, emu_fn fn)
{
	e->need = n;
	e->got = 0;
	e->fn = fn;
}

void emu_stream(struct mtkfw_emu *e, uint64_t n, emu_sink sink, emu_done done)
{
	e->bulk_left = n;
	e->sink = sink;
	e->done = done;
	if (!n)
		done(e);
}

/*
 * Account host bytes. Returns how many to process; *drop is set when the
 * disconnect-after fault fires on the byte that reaches its count.
 */
static size_t admit(struct mtkfw_emu *e, size_t len, bool *drop)
{
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_DISCONNECT_AFTER, NULL);
	*drop = false;
	if (f && e->in_total + len >= f->a) {
		len = (size_t)(f->a - e->in_total);
		emu_fire(e, f, "the link dropped after %llu bytes from the host",
			 (unsigned long long)f->a);
		*drop = true;
	}
	e->in_total += len;
	return len;
}

/* Run one step of the input machinery on p[0..len); returns bytes consumed. */
static size_t consume(struct mtkfw_emu *e, const uint8_t *p, size_t len)
{
	if (e->bulk_left) {
		size_t n = len < e->bulk_left ? len : (size_t)e->bulk_left;
		e->bulk_left -= n;
		e->sink(e, p, n);
		if (!e->bulk_left && !e->gone)
			e->done(e);
		return n;
	}
	size_t n = e->need - e->got < len ? e->need - e->got : len;
	memcpy(e->in + e->got, p, n);
	e->got += n;
	if (e->got == e->need) {
		e->got = 0;
		e->fn(e, e->in);
	}
	return n;
}

void mtkfw_emu_feed(struct mtkfw_emu *e, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	mtkfw_emu_tick(e);
	if (e->gone || e->phase == PH_HUNG || !len)
		return;
	bool drop;
	size_t ok = admit(e, len, &drop);
	emu_trace(e, "H>D", p, ok);
	while (ok && !e->gone && e->phase != PH_HUNG) {
		size_t n = consume(e, p, ok);
		p += n;
		ok -= n;
	}
	if (drop)
		emu_drop_link(e, "disconnect-after fault");
}

/* ---- lifecycle ---- */

void mtkfw_emu_connect(struct mtkfw_emu *e)
{
	e->gone = false;
	e->out_len = e->out_off = 0;
	e->release_at = 0;
	e->bulk_left = 0;
	e->session_start = emu_now();
	e->wdt_enabled = e->cfg.mode == MTKFW_EMU_BROM && e->cfg.watchdog_ms;
	e->da1_loaded = false;
	e->n_regs = 0;
	e->part = 8;
	emu_brom_begin(e);
}

void mtkfw_emu_disconnect(struct mtkfw_emu *e)
{
	if (e->trace)
		fprintf(e->trace, "-- host closed the port\n");
	e->out_len = e->out_off = 0;
	e->bulk_left = 0;
	e->phase = PH_HANDSHAKE;
}

void mtkfw_emu_tick(struct mtkfw_emu *e)
{
	if (e->wdt_enabled && e->phase != PH_DA && !e->gone &&
	    emu_now() - e->session_start > e->cfg.watchdog_ms / 1000.0) {
		e->wdt_enabled = false;
		emu_drop_link(e, "watchdog reset: the host never disabled the watchdog");
	}
}

bool mtkfw_emu_gone(const struct mtkfw_emu *e)
{
	return e->gone;
}

bool mtkfw_emu_rebooting(const struct mtkfw_emu *e)
{
	return e->gone && e->graceful;
}

bool mtkfw_emu_booted_android(const struct mtkfw_emu *e)
{
	return (e->cfg.boots_android && e->gone && e->graceful && e->normal_boot) || e->in_android;
}

const char *mtkfw_emu_step(const struct mtkfw_emu *e)
{
	return e->step;
}

unsigned mtkfw_emu_da_sessions(const struct mtkfw_emu *e)
{
	return e->da_sessions;
}

int mtkfw_emu_read_area(struct mtkfw_emu *e, enum mtkfw_emu_area area, uint64_t off, void *buf,
			size_t len)
{
	return emu_storage_read(&e->st, area, off, buf, len);
}

uint64_t mtkfw_emu_changed_bytes(const struct mtkfw_emu *e)
{
	return e->st.changed;
}

uint64_t mtkfw_emu_area_size(const struct mtkfw_emu *e, enum mtkfw_emu_area area)
{
	return e->st.size[area];
}

static int take_regions(struct mtkfw_emu *e, const uint8_t *buf, size_t n,
			const struct emu_da_entry *de_, char *err, size_t errlen);

/* Load the 0x6572 entry of the configured DA file: the only DA1/DA2 accepted. */
static int load_da(struct mtkfw_emu *e, char *err, size_t errlen)
{
	FILE *f = fopen(e->cfg.da_path, "rb");
	if (!f) {
		emu_errf(err, errlen, "cannot open DA file %s: %s", e->cfg.da_path,
			 strerror(errno));
		return -1;
	}
	uint8_t *buf = NULL;
	long n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n > 0 && n <= (64L << 20) && !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n)) &&
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	struct emu_da_entry de;
	int r = -1;
	if (!buf)
		emu_errf(err, errlen, "cannot read DA file %s (empty, over 64 MiB or unreadable)",
			 e->cfg.da_path);
	else if (emu_da_find(buf, (size_t)n, EMU_HW_CODE, &de) || de.region_count < 3)
		emu_errf(err, errlen, "%s has no MT6572 entry with 3 regions", e->cfg.da_path);
	else
		r = take_regions(e, buf, (size_t)n, &de, err, errlen);
	free(buf);
	return r;
}

/* Keep copies of the entry's DA1 (region 1) and DA2 (region 2). */
static int take_regions(struct mtkfw_emu *e, const uint8_t *buf, size_t n,
			const struct emu_da_entry *de_, char *err, size_t errlen)
{
	struct emu_da_entry de = *de_;
	if ((uint64_t)de.r[1].buf + de.r[1].len > n || (uint64_t)de.r[2].buf + de.r[2].len > n ||
	    de.r[1].len > EMU_MAX_DA || de.r[2].len > EMU_MAX_DA) {
		emu_errf(err, errlen, "%s: DA regions run past the file or exceed 2 MiB",
			 e->cfg.da_path);
		return -1;
	}
	e->da1_ref = malloc(de.r[1].len);
	e->da2_ref = malloc(de.r[2].len);
	if (!e->da1_ref || !e->da2_ref)
		return -1;
	memcpy(e->da1_ref, buf + de.r[1].buf, de.r[1].len);
	memcpy(e->da2_ref, buf + de.r[2].buf, de.r[2].len);
	e->da1_ref_len = de.r[1].len;
	e->da1_ref_addr = de.r[1].start;
	e->da1_ref_sig = de.r[1].sig;
	e->da2_ref_len = de.r[2].len;
	e->da2_ref_addr = de.r[2].start;
	return 0;
}

int mtkfw_emu_new(const struct mtkfw_emu_config *cfg, struct mtkfw_emu **out, char *err,
		  size_t errlen)
{
	struct mtkfw_emu_hub *hub = NULL; /* first: a wrong hub file leaves no eMMC files made */
	if (cfg->hub_path && mtkfw_emu_hub_open(cfg->hub_path, cfg->hub_mbps, &hub, err, errlen))
		return -1;
	struct mtkfw_emu *e = calloc(1, sizeof(*e));
	if (!e) {
		mtkfw_emu_hub_close(hub);
		return -1;
	}
	e->cfg = *cfg;
	e->step = "idle";
	e->hub = hub;
	if (emu_storage_open(&e->st, cfg, err, errlen) ||
	    (cfg->da_path && load_da(e, err, errlen))) {
		mtkfw_emu_free(e);
		return -1;
	}
	if (cfg->trace_path && !(e->trace = fopen(cfg->trace_path, "w"))) {
		emu_errf(err, errlen, "cannot write trace %s: %s", cfg->trace_path,
			 strerror(errno));
		mtkfw_emu_free(e);
		return -1;
	}
	if (cfg->fault_log_path && !strcmp(cfg->fault_log_path, "-")) {
		e->fault_log = stderr;
	} else if (cfg->fault_log_path && !(e->fault_log = fopen(cfg->fault_log_path, "w"))) {
		emu_errf(err, errlen, "cannot write the fault log %s: %s", cfg->fault_log_path,
			 strerror(errno));
		mtkfw_emu_free(e);
		return -1;
	}
	e->phase = PH_HANDSHAKE;
	e->quirk_armed = true;
	*out = e;
	return 0;
}

void mtkfw_emu_free(struct mtkfw_emu *e)
{
	if (!e)
		return;
	emu_storage_close(&e->st);
	if (e->trace)
		fclose(e->trace);
	if (e->fault_log && e->fault_log != stderr)
		fclose(e->fault_log);
	free(e->out);
	free(e->stage);
	free(e->pkt);
	free(e->da1);
	free(e->da2);
	free(e->da1_ref);
	free(e->da2_ref);
	mtkfw_emu_hub_close(e->hub);
	free(e);
}

/*
 * The emulator's own byte sum (independent of the host's): eight bytes at a
 * time in four 16-bit lanes, folded before a lane can overflow.
 */
uint32_t emu_bytesum(uint32_t acc, const uint8_t *p, size_t n)
{
	const uint64_t m = 0x00FF00FF00FF00FFull;
	while (n >= 8) {
		uint64_t lanes = 0;
		size_t words = n / 8 < 128 ? n / 8 : 128; /* 128 * 510 < 65536 */
		for (size_t i = 0; i < words; i++, p += 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			lanes += (w & m) + ((w >> 8) & m);
		}
		for (int k = 0; k < 4; k++)
			acc += (uint32_t)((lanes >> (16 * k)) & 0xFFFF);
		n -= words * 8;
	}
	while (n--)
		acc += *p++;
	return acc;
}

uint16_t emu_xor16(uint16_t acc, uint64_t at, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++, at++)
		acc ^= (uint16_t)((at & 1) ? p[i] << 8 : p[i]);
	return acc;
}
