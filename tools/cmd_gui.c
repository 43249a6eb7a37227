/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw gui: the window, a page in the browser served by mtkfw itself (docs/gui.md). */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _WIN32
#include <windows.h> /* before shellapi.h, which needs its types */
#include <shellapi.h>
#else
#include <fcntl.h>
#include <spawn.h>
extern char **environ;
#endif

#include "gui.h"
#include "render.h"

static const char usage_text[] =
	"usage: mtkfw gui [PKG] [--root DIR]... [--no-browser] [--listen ADDR --password PW]\n"
	"                 [--http-port N] [--station PKG [--slots auto|LIST] [--max N]]\n"
	"                 [device options]\n"
	"\n"
	"The window: SP Flash Tool's tabs (phone, package, download, readback, format,\n"
	"backups, images) in your browser, served by mtkfw on this machine. Every rule of\n"
	"the command line applies (the same jobs run behind each button). It listens on\n"
	"127.0.0.1 only, at a random port, with a secret token in the address it prints\n"
	"and opens; Ctrl-C ends it (a running job stops first, resumable).\n"
	"\n"
	"  PKG               a package to open at once (its folder may be browsed too)\n"
	"  --root DIR        a folder the file picker may show (default: your home folder)\n"
	"  --no-browser      print the address; do not open a browser\n"
	"  --listen ADDR     serve a shop's network at this IPv4 address instead: needs\n"
	"  --password PW     (or $MTKFW_GUI_PASSWORD), asked by the browser (user mtkfw)\n"
	"  --http-port N     this port instead of a random one\n"
	"  --station PKG     run a station with PKG and show its slots as tiles\n"
	"  --slots, --max    as 'mtkfw station'\n" DEV_USAGE;

struct gui_args {
	struct dev_args dev;
	struct gui_config cfg;
	struct gui_listen listen;
	bool no_browser;
};

enum {
	OPT_ROOT = 2000,
	OPT_NO_BROWSER,
	OPT_LISTEN,
	OPT_PASSWORD,
	OPT_HTTP_PORT,
	OPT_STATION,
	OPT_SLOTS,
	OPT_MAX
};

/* One option of the window's own: 0, or EX_USAGE after saying why. */
static int gui_option(struct gui_args *a, int c, const char *arg)
{
	uint64_t v;
	if (c == OPT_ROOT && a->cfg.n_roots < GUI_ROOTS_MAX - 2)
		a->cfg.roots[a->cfg.n_roots++] = arg;
	else if (c == OPT_ROOT)
		return cli_msg("error: at most %d --root folders", GUI_ROOTS_MAX - 2), EX_USAGE;
	else if (c == OPT_NO_BROWSER)
		a->no_browser = true;
	else if (c == OPT_LISTEN)
		a->listen.addr = arg;
	else if (c == OPT_PASSWORD)
		a->listen.password = arg;
	else if (c == OPT_HTTP_PORT && cli_number("--http-port", arg, &v) && v && v < 65536)
		a->listen.port = (unsigned)v;
	else if (c == OPT_HTTP_PORT)
		return cli_msg("error: --http-port is 1 to 65535, not %s", arg), EX_USAGE;
	else if (c == OPT_STATION)
		a->cfg.station = arg;
	else if (c == OPT_SLOTS)
		a->cfg.station_opts.slots = arg;
	else if (c == OPT_MAX && cli_number("--max", arg, &v) && v && v <= 256)
		a->cfg.station_opts.max = (unsigned)v;
	else if (c == OPT_MAX)
		return cli_msg("error: --max is 1 to 256, not %s", arg), EX_USAGE;
	else if (dev_option(&a->dev, c, arg) <= 0)
		return EX_USAGE;
	return 0;
}

static int parse(int argc, char **argv, struct gui_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"root", required_argument, NULL, OPT_ROOT},
					     {"no-browser", no_argument, NULL, OPT_NO_BROWSER},
					     {"listen", required_argument, NULL, OPT_LISTEN},
					     {"password", required_argument, NULL, OPT_PASSWORD},
					     {"http-port", required_argument, NULL, OPT_HTTP_PORT},
					     {"station", required_argument, NULL, OPT_STATION},
					     {"slots", required_argument, NULL, OPT_SLOTS},
					     {"max", required_argument, NULL, OPT_MAX},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (c == '?' || gui_option(a, c, optarg))
			return EX_USAGE;
	if (optind + 1 < argc)
		return EX_USAGE;
	a->cfg.package = optind < argc ? argv[optind] : NULL;
	if (a->cfg.station && a->cfg.package)
		return cli_msg("error: give the package once: PKG or --station PKG"), EX_USAGE;
	if (!a->listen.password)
		a->listen.password = getenv("MTKFW_GUI_PASSWORD");
	return 0;
}

/* The roots: the folders given, else the home folder; and the package's own folder. */
static void default_roots(struct gui_args *a, char *pkgdir, size_t n)
{
#ifdef _WIN32
	const char *home = getenv("USERPROFILE"); /* a HOME there may be an MSYS /c/Users/x */
#else
	const char *home = getenv("HOME");
#endif
	if (!a->cfg.n_roots && home)
		a->cfg.roots[a->cfg.n_roots++] = home;
	const char *pkg = a->cfg.package ? a->cfg.package : a->cfg.station;
	if (!pkg)
		return;
	snprintf(pkgdir, n, "%s", pkg);
	char *slash = gui_last_sep(pkgdir);
	if (slash)
		*slash = 0;
	else
		snprintf(pkgdir, n, ".");
	a->cfg.roots[a->cfg.n_roots++] = pkgdir;
}

/* Open url in the user's browser; false when none could be started. */
static bool open_browser(const char *url)
{
#ifdef _WIN32
	return (INT_PTR)ShellExecuteA(NULL, "open", url, NULL, NULL, SW_SHOWNORMAL) > 32;
#else
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char *argv[] = {"xdg-open", (char *)url, NULL};
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc == 0;
#endif
}

static atomic_int stop_asked;

static void on_stop(int sig)
{
	signal(sig, on_stop);
	atomic_store(&stop_asked, 1);
}

/* Serve until Ctrl-C (or SIGTERM, SIGHUP). */
static void serve_until_stopped(void)
{
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
#ifdef SIGHUP
	signal(SIGHUP, on_stop);
#endif
	while (!atomic_load(&stop_asked))
		usleep(100 * 1000);
}

int cmd_gui(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct gui_args a = {.dev = {.wait_ms = 60000}};
	struct gui *g = NULL;
	struct gui_http *h = NULL;
	char url[300], err[GUI_PATH_MAX + 300], pkgdir[GUI_PATH_MAX];
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	a.cfg.station_opts = (struct mtkfw_station_opts)MTKFW_INIT(a.cfg.station_opts);
	if (parse(argc, argv, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	default_roots(&a, pkgdir, sizeof(pkgdir));
	a.cfg.phone = dev_phone_opts(&a.dev);
	a.cfg.store = a.dev.store;
	a.cfg.station_opts.da = a.dev.da;
	a.cfg.station_opts.wait_ms = a.dev.wait_ms;
	if (!a.cfg.station_opts.slots)
		a.cfg.station_opts.slots = "auto";
	int rc = gui_new(&a.cfg, &g, err, sizeof(err));
	if (!rc)
		rc = gui_http_start(g, &a.listen, &h, url, sizeof(url), err, sizeof(err));
	if (rc) {
		cli_msg("error: %s", err);
		gui_free(g);
		return rc == MTKFW_E_INVALID_PARAM ? EX_USAGE : EX_UNAVAILABLE;
	}
	printf("mtkfw gui: %s\n", url);
	if (a.listen.addr && strcmp(a.listen.addr, "127.0.0.1"))
		printf("mtkfw gui: serving the network at %s: anyone there with the password can "
		       "flash the phones on this machine\n",
		       a.listen.addr);
	if (!a.no_browser && !open_browser(url))
		printf("mtkfw gui: no browser could be started: open the address above\n");
	printf("mtkfw gui: Ctrl-C ends the window\n");
	fflush(stdout);
	serve_until_stopped();
	gui_http_stop(h);
	gui_free(g);
	return EX_OK;
}
