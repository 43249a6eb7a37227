/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The window's HTTP server (libmicrohttpd, a thread per connection) and its
 * safety rules, every one checked before a request reaches an action: it
 * listens on 127.0.0.1 (another address only with a password); the Host must
 * be a name it serves (DNS rebinding); the secret token of the printed URL
 * becomes an HttpOnly SameSite=Strict cookie every later request must carry;
 * a POST must come from the page's own origin with a JSON body of at most
 * GUI_BODY_MAX bytes; every answer forbids inline script (CSP) and framing.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include <microhttpd.h>

#include "gui.h"

#define GUI_COOKIE	       "mtkfw_gui"
#define GUI_CONNECTIONS	       64 /* at once; an event stream holds one */
#define GUI_CONNECTIONS_PER_IP 16 /* of one address: one browser's tabs, not a flood */
#define GUI_IDLE_S	       60 /* an idle connection is closed (event streams send every 15 s) */
#define GUI_SSE_PING_MS	       15000

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
			  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct gui_http {
	struct MHD_Daemon *d;
	struct gui *g;
	char token[65]; /* in the printed address: taken once */
	atomic_bool token_used;
	char cookie[65]; /* what the browser then carries: another secret */
	const char *password;
	const char *names[2]; /* the Host names served */
	size_t n_names;
	char addr[64];
	atomic_uint port; /* known once the daemon listens; a request before it is refused */
};

/* A POST's body as it arrives. */
struct body {
	char *data;
	size_t len;
	bool too_big;
};

/* ---- answers ---- */

static void headers(struct MHD_Response *r, const char *type)
{
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
				const void *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, mode);
	if (!r)
		return MHD_NO;
	headers(r, type);
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	enum MHD_Result ok = send_buf(c, status, "application/json; charset=utf-8", s, strlen(s),
				      MHD_RESPMEM_MUST_COPY);
	json_object_put(o);
	return ok;
}

/* A 200 whose body reader produces (size bytes, or MHD_SIZE_UNKNOWN); cls freed by done, even
 * when it cannot be sent. */
static enum MHD_Result send_stream(struct MHD_Connection *c, const char *type, uint64_t size,
				   size_t block, MHD_ContentReaderCallback reader, void *cls,
				   MHD_ContentReaderFreeCallback done)
{
	struct MHD_Response *r = MHD_create_response_from_callback(size, block, reader, cls, done);
	if (!r) {
		done(cls);
		return MHD_NO;
	}
	headers(r, type);
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

/* A refusal: {"error": why}. */
static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const char *why)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(why));
	return send_json(c, status, o);
}

/* ---- the rules ---- */

/* Does the request carry the window's cookie, or (another address) its password? */
static bool authorised(struct gui_http *h, struct MHD_Connection *c)
{
	if (gui_secret_eq(MHD_lookup_connection_value(c, MHD_COOKIE_KIND, GUI_COOKIE), h->cookie))
		return true;
	if (!h->password)
		return false;
	char *pass = NULL;
	char *user = MHD_basic_auth_get_username_password(c, &pass);
	bool ok = user && !strcmp(user, "mtkfw") && gui_secret_eq(pass, h->password);
	MHD_free(user);
	MHD_free(pass);
	return ok;
}

/*
 * The printed address opened: its token, good once, swapped for the cookie (another secret), and
 * the page without it (a token seen later, in a process list or the browser's history, opens
 * nothing). with_cookie false: a browser that has the cookie opened the address again.
 */
static enum MHD_Result welcome(struct gui_http *h, struct MHD_Connection *c, bool with_cookie)
{
	char cookie[160];
	struct MHD_Response *r =
		MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	snprintf(cookie, sizeof(cookie), GUI_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/",
		 h->cookie);
	headers(r, "text/plain");
	if (with_cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	MHD_add_response_header(r, "Location", "/");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
	MHD_destroy_response(r);
	return ok;
}

/*
 * The rules a request meets before anything else: MHD_YES to go on (*done
 * false), or the refusal queued (*done true).
 */
static enum MHD_Result gate(struct gui_http *h, struct MHD_Connection *c, const char *url,
			    const char *method, bool *done)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	*done = true;
	if (!gui_host_ok(host, h->names, h->n_names, atomic_load(&h->port)))
		return refuse(c, MHD_HTTP_FORBIDDEN,
			      "this window answers only at the address mtkfw gui printed (Host)");
	bool post = !strcmp(method, "POST");
	if (!post && strcmp(method, "GET") && strcmp(method, "HEAD"))
		return refuse(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET, HEAD or POST only");
	const char *token = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	if (!post && !strcmp(url, "/") && token) {
		if (gui_secret_eq(token, h->token) && !atomic_exchange(&h->token_used, true))
			return welcome(h, c, true);
		if (authorised(h, c))
			return welcome(h, c, false);
		return refuse(c, MHD_HTTP_FORBIDDEN,
			      "this address opens the window once, and it was opened: use that "
			      "browser window, or start mtkfw gui again for a new address");
	}
	if (!authorised(h, c)) {
		if (!h->password)
			return refuse(c, MHD_HTTP_FORBIDDEN,
				      "open the address mtkfw gui printed, with its token");
		struct MHD_Response *r =
			MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		headers(r, "text/plain");
		enum MHD_Result ok = MHD_queue_basic_auth_fail_response(c, "mtkfw", r);
		MHD_destroy_response(r);
		return ok;
	}
	if (post && !gui_origin_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"), host))
		return refuse(c, MHD_HTTP_FORBIDDEN,
			      "a POST must come from this window's own page");
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if (post && (!type || strncmp(type, "application/json", 16)))
		return refuse(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			      "a POST's body is JSON (Content-Type: application/json)");
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (post && cl && strtoull(cl, NULL, 10) > GUI_BODY_MAX)
		return refuse(c, MHD_HTTP_CONTENT_TOO_LARGE, "the body is too big");
	*done = false;
	return MHD_YES;
}

/* ---- what is served ---- */

static enum MHD_Result serve_asset(struct MHD_Connection *c, const char *url)
{
	const char *want = strcmp(url, "/") ? url : "/index.html";
	for (const struct gui_asset *a = gui_assets; a->path; a++)
		if (!strcmp(a->path, want))
			return send_buf(c, MHD_HTTP_OK, a->type, a->data, a->len,
					MHD_RESPMEM_PERSISTENT);
	return refuse(c, MHD_HTTP_NOT_FOUND, "no such page");
}

/* An event stream being read. */
struct sse {
	struct gui_events *ev;
	uint64_t after;
	char *pending;
	size_t len, off;
};

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *s = cls;
	(void)pos;
	if (s->off == s->len) {
		char *ev = NULL;
		int r = gui_events_next(s->ev, &s->after, &ev, GUI_SSE_PING_MS);
		free(s->pending);
		s->pending = NULL;
		if (r < 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
		size_t n = (ev ? strlen(ev) : 0) + 64;
		s->pending = malloc(n);
		if (!s->pending) {
			free(ev);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		if (r == 1)
			snprintf(s->pending, n, "id: %llu\ndata: %s\n\n",
				 (unsigned long long)s->after, ev);
		else
			snprintf(s->pending, n, ": still here\n\n");
		free(ev);
		s->len = strlen(s->pending);
		s->off = 0;
	}
	size_t n = s->len - s->off < max ? s->len - s->off : max;
	memcpy(buf, s->pending + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void sse_free(void *cls)
{
	struct sse *s = cls;
	free(s->pending);
	free(s);
}

static enum MHD_Result serve_events(struct gui_http *h, struct MHD_Connection *c)
{
	struct sse *s = calloc(1, sizeof(*s));
	if (!s)
		return MHD_NO;
	s->ev = gui_events(h->g);
	const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
	s->after = last ? strtoull(last, NULL, 10) : 0;
	s->pending = strdup("retry: 1000\n\n");
	s->len = s->pending ? strlen(s->pending) : 0;
	return send_stream(c, "text/event-stream", MHD_SIZE_UNKNOWN, 4096, sse_read, s, sse_free);
}

static ssize_t file_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	size_t n = fread(buf, 1, max, cls);
	return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static void file_close(void *cls)
{
	fclose(cls);
}

static enum MHD_Result serve_png(struct gui_http *h, struct MHD_Connection *c)
{
	uint64_t size = 0;
	FILE *f = gui_api_open_png(
		h->g, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path"), &size);
	if (!f)
		return refuse(c, MHD_HTTP_FORBIDDEN,
			      "only PNG pictures inside the window's folders are shown");
	return send_stream(c, "image/png", size, 65536, file_read, f, file_close);
}

static const char *query_arg(void *q, const char *key)
{
	return MHD_lookup_connection_value(q, MHD_GET_ARGUMENT_KIND, key);
}

static enum MHD_Result serve_get(struct gui_http *h, struct MHD_Connection *c, const char *url)
{
	if (!strcmp(url, "/api/events"))
		return serve_events(h, c);
	if (!strcmp(url, "/api/file"))
		return serve_png(h, c);
	if (!strncmp(url, "/api/", 5)) {
		struct gui_reply rep = gui_api_get(h->g, url + 5, query_arg, c);
		return send_json(c, rep.status, rep.body);
	}
	return serve_asset(c, url);
}

/* ---- the handler ---- */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **req)
{
	struct gui_http *h = cls;
	struct body *b = *req;
	bool done;
	(void)version;
	if (!b && strcmp(method, "POST")) { /* GET, HEAD: checked and answered at once */
		enum MHD_Result ok = gate(h, c, url, method, &done);
		return done ? ok : serve_get(h, c, url);
	}
	if (!b) { /* a POST's headers: checked before its body is read */
		enum MHD_Result ok = gate(h, c, url, method, &done);
		if (done)
			return ok;
		if (!(b = calloc(1, sizeof(*b))))
			return MHD_NO;
		*req = b;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!b->too_big && b->len + *upload_size <= GUI_BODY_MAX) {
			char *n = realloc(b->data, b->len + *upload_size + 1);
			if (!n)
				return MHD_NO;
			memcpy(n + b->len, upload, *upload_size);
			b->data = n;
			b->len += *upload_size;
		} else {
			b->too_big = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (b->too_big)
		return refuse(c, MHD_HTTP_CONTENT_TOO_LARGE, "the body is too big");
	if (strncmp(url, "/api/", 5))
		return refuse(c, MHD_HTTP_NOT_FOUND, "no such action");
	struct gui_reply rep = gui_api_post(h->g, url + 5, b->data ? b->data : "", b->len);
	return send_json(c, rep.status, rep.body);
}

static void completed(void *cls, struct MHD_Connection *c, void **req,
		      enum MHD_RequestTerminationCode why)
{
	struct body *b = *req;
	(void)cls, (void)c, (void)why;
	if (b) {
		free(b->data);
		free(b);
		*req = NULL;
	}
}

/* ---- life ---- */

static bool loopback(const char *addr)
{
	return !strcmp(addr, "127.0.0.1");
}

int gui_http_start(struct gui *g, const struct gui_listen *l, struct gui_http **out, char *url,
		   size_t urln, char *err, size_t errn)
{
	uint8_t raw[32];
	struct sockaddr_in sa;
	struct gui_http *h = calloc(1, sizeof(*h));
	if (!h)
		return MTKFW_E_NO_MEM;
	snprintf(h->addr, sizeof(h->addr), "%s", l->addr ? l->addr : "127.0.0.1");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)l->port);
	if (inet_pton(AF_INET, h->addr, &sa.sin_addr) != 1 || !strcmp(h->addr, "0.0.0.0")) {
		snprintf(err, errn, "--listen takes one IPv4 address of this machine, not '%s'",
			 h->addr);
		free(h);
		return MTKFW_E_INVALID_PARAM;
	}
	if (!loopback(h->addr) && (!l->password || strlen(l->password) < 8)) {
		snprintf(err, errn,
			 "--listen %s lets every machine on that network reach the "
			 "phones: it needs --password (8 characters or more)",
			 h->addr);
		free(h);
		return MTKFW_E_INVALID_PARAM;
	}
	for (int k = 0; k < 2; k++) {
		char *hex = k ? h->cookie : h->token;
		if (gui_random(raw, sizeof(raw))) {
			snprintf(err, errn,
				 "the system gave no random bytes for the window's token");
			free(h);
			return MTKFW_E_IO;
		}
		for (size_t i = 0; i < sizeof(raw); i++)
			snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	}
	h->g = g;
	h->password = loopback(h->addr) ? NULL : l->password;
	h->names[h->n_names++] = h->addr;
	if (loopback(h->addr))
		h->names[h->n_names++] = "localhost";
	h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
				NULL, NULL, handle, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)GUI_CONNECTIONS,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				(unsigned)GUI_CONNECTIONS_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)GUI_IDLE_S, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
				MHD_OPTION_END);
	const union MHD_DaemonInfo *di =
		h->d ? MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
	if (!di) {
		snprintf(err, errn, "cannot listen on %s port %u (in use, or not this machine's)",
			 h->addr, l->port);
		gui_http_stop(h);
		return MTKFW_E_IO;
	}
	atomic_store(&h->port, di->port);
	if (h->password)
		snprintf(url, urln, "http://%s:%u/", h->addr, (unsigned)di->port);
	else
		snprintf(url, urln, "http://%s:%u/?token=%s", h->addr, (unsigned)di->port,
			 h->token);
	*out = h;
	return 0;
}

void gui_http_stop(struct gui_http *h)
{
	if (!h)
		return;
	if (h->g)
		gui_events_close(gui_events(h->g));
	if (h->d)
		MHD_stop_daemon(h->d);
	free(h);
}
