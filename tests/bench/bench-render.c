/*
 * bench-render - what drawing the hall board costs at 1920x1080, with 24
 * desks, the logo and the running text on.
 *
 *	bench-render			every mode: wall time per frame, then
 *					each mode again under callgrind for
 *					its instructions per frame
 *	bench-render mode frames	frames frames of one mode after the
 *					warm-up, and nothing else: what
 *					callgrind runs
 *
 * Modes:
 *	full	the whole screen again (renderer_invalidate(), then a frame)
 *	desk	one call as it happens in a hall: a desk serves a new number
 *		and becomes the newest call, which repaints its card, the
 *		card of the desk called before, the hero panel and the list
 *		of last calls. Two such boards take turns, so every frame
 *		is a change. Their two numbers come back each time, so the
 *		renderer's fitted size for a number is always known; a
 *		number never seen before costs one more fit.
 *	state	one desk alone changes (Loket 5 goes on a break and comes
 *		back): its card
 *	marquee	nothing changes but the running text, which moves one step
 *		(1/30 s): the band alone
 *
 * A frame is everything the central does for it short of presenting it:
 * cairo_create(), renderer_draw() with a damage region, cairo_destroy()
 * and the surface flush. Measured frames, and only they, run inside
 * bench_frame(), which is never inlined, so callgrind counts them and not
 * the set-up or the warm-up:
 *
 *	valgrind --tool=callgrind --toggle-collect='bench_frame*' \
 *	    ./bench-render full 10
 *
 * Wall time is the median of BENCH_FRAMES frames on this machine.
 * stdout: "BENCH <name> <value> <unit>" lines. The callgrind profiles are
 * kept in the working directory as callgrind.render-<mode>.out, for
 * callgrind_annotate.
 */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>

#include "clock.h"
#include "render.h"
#include "sample-board.h"

#define BENCH_W		1920
#define BENCH_H		1080
#define BENCH_DESKS	24
#define BENCH_WARMUP	6	/* frames before any is measured */
#define BENCH_FRAMES	200	/* frames timed per mode */
#define BENCH_MONO	1000000LL
#define BENCH_MARQUEE	"Selamat datang. Layanan buka Senin sampai Jumat " \
			"pukul 08.00 sampai 15.00 WIB. Siapkan KTP asli " \
			"dan fotokopi KK sebelum dipanggil. Gratis."

extern char **environ;

enum bench_mode {
	MODE_FULL,
	MODE_DESK,
	MODE_STATE,
	MODE_MARQUEE,
	MODE_COUNT
};

static const struct {
	const char	*name;
	const char	*bench;		/* the figure's name in BENCH lines */
	int		 frames;	/* under callgrind */
} bench_modes[MODE_COUNT] = {
	{ "full", "render_full_1080p", 10 },
	{ "desk", "render_desk_update", 40 },
	{ "state", "render_desk_state", 40 },
	{ "marquee", "render_marquee_band", 100 },
};

struct bench {
	enum bench_mode		 mode;
	struct render_conf	 rc;
	struct board		 base;		/* board B */
	struct board		 call[2];	/* the two calls taking turns */
	struct board		 pause[2];	/* a desk serving, then paused */
	struct renderer		*r;
	cairo_surface_t		*sf;
	int64_t			 mono;
	int64_t			 wall;
	long			 k;		/* frames drawn */
};

static char	bench_logo[64];

/* Board b after desk index di called ticket (service, number). */
static void
bench_call(struct board *b, int di, char service, int number, int64_t at)
{
	struct board_call *c;

	memmove(&b->calls[1], &b->calls[0],
	    (BOARD_MAX_CALLS - 1) * sizeof(b->calls[0]));
	if (b->ncalls < BOARD_MAX_CALLS)
		b->ncalls++;
	c = &b->calls[0];
	memset(c, 0, sizeof(*c));
	c->ticket.service = service;
	c->ticket.number = number;
	c->desk = b->desks[di].id;
	memcpy(c->desk_name, b->desks[di].name, sizeof(c->desk_name));
	c->time_ms = at;
	b->desks[di].status = DESK_SERVING;
	b->desks[di].ticket = c->ticket;
	b->time_ms = at;
}

static void
bench_open(struct bench *bn, enum bench_mode mode)
{
	memset(bn, 0, sizeof(*bn));
	bn->mode = mode;
	render_conf_defaults(&bn->rc);
	snprintf(bn->rc.office, sizeof(bn->rc.office),
	    "Mal Pelayanan Publik Kabupaten Sleman");
	snprintf(bn->rc.logo, sizeof(bn->rc.logo), "%s", bench_logo);
	snprintf(bn->rc.marquee, sizeof(bn->rc.marquee), "%s", BENCH_MARQUEE);
	sample_board(&bn->base, BENCH_DESKS, 0, NULL);
	/*
	 * Loket 1 calls A 13, then Loket 4 calls A 14. Going from one to
	 * the other changes both cards (a number, and which desk is the
	 * newest call), the hero and the list of last calls.
	 */
	bn->call[0] = bn->base;
	bench_call(&bn->call[0], 0, 'A', 13, SAMPLE_TIME_MS + 5000);
	bn->call[1] = bn->call[0];
	bench_call(&bn->call[1], 3, 'A', 14, SAMPLE_TIME_MS + 9000);

	/* Loket 5 goes on a break and comes back: its card alone. */
	bn->pause[0] = bn->call[1];
	bn->pause[0].desks[4].status = DESK_SERVING;
	bn->pause[0].desks[4].ticket = (struct ticket){ .service = 'B',
	    .number = 21 };
	bn->pause[1] = bn->pause[0];
	bn->pause[1].desks[4].status = DESK_PAUSED;

	bn->mono = BENCH_MONO;
	bn->wall = SAMPLE_TIME_MS + 10000;
	bn->sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, BENCH_W,
	    BENCH_H);
	if (cairo_surface_status(bn->sf) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "bench-render: cannot create a %dx%d surface\n",
		    BENCH_W, BENCH_H);
		exit(1);
	}
	if ((bn->r = renderer_new(&bn->rc)) == NULL) {
		fprintf(stderr, "bench-render: renderer_new failed\n");
		exit(1);
	}
	renderer_set_board(bn->r, &bn->base, bn->mono);
}

static void
bench_close(struct bench *bn)
{
	renderer_free(bn->r);
	cairo_surface_destroy(bn->sf);
}

/* Draws what changed on the screen since the last frame. */
static int
bench_draw(struct bench *bn)
{
	cairo_region_t *damage;
	cairo_t *cr;
	int n;

	damage = cairo_region_create();
	cr = cairo_create(bn->sf);
	n = renderer_draw(bn->r, cr, BENCH_W, BENCH_H, bn->mono, bn->wall,
	    damage);
	cairo_destroy(cr);
	cairo_surface_flush(bn->sf);
	cairo_region_destroy(damage);
	return n;
}

/* The mode's next change, then its frame. */
static int
bench_step(struct bench *bn)
{
	switch (bn->mode) {
	case MODE_FULL:
		renderer_invalidate(bn->r);
		break;
	case MODE_DESK:
		renderer_set_board(bn->r, &bn->call[bn->k % 2], bn->mono);
		break;
	case MODE_STATE:
		renderer_set_board(bn->r, &bn->pause[bn->k % 2], bn->mono);
		break;
	case MODE_MARQUEE:
		bn->mono = BENCH_MONO + (bn->k + 1) * 1000 / 30;
		break;
	default:
		break;
	}
	bn->k++;
	return bench_draw(bn);
}

/*
 * A measured frame. Never inlined, and only measured frames come through
 * here, so that callgrind's --toggle-collect counts them and not the
 * warm-up (whose first frame loads the fonts).
 */
__attribute__((noinline)) static int
bench_frame(struct bench *bn)
{
	return bench_step(bn);
}

/* Board B on the whole screen, then a few frames of the mode, so fonts,
 * glyphs and fitted sizes are cached as on a screen that runs. */
static void
bench_warm(struct bench *bn)
{
	int i;

	if (bench_draw(bn) <= 0) {
		fprintf(stderr, "bench-render: the first frame drew nothing\n");
		exit(1);
	}
	for (i = 0; i < BENCH_WARMUP; i++)
		bench_step(bn);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Times BENCH_FRAMES frames of mode; the median in ms, and the parts
 * repainted per frame (fewest and most) in *pmin and *pmax. */
static double
bench_wall(enum bench_mode mode, int *pmin, int *pmax)
{
	static double t[BENCH_FRAMES];
	struct bench bn;
	double t0;
	int i, n;

	bench_open(&bn, mode);
	bench_warm(&bn);
	*pmin = *pmax = -1;
	for (i = 0; i < BENCH_FRAMES; i++) {
		t0 = (mono_ns() / 1e6);
		n = bench_frame(&bn);
		t[i] = (mono_ns() / 1e6) - t0;
		if (*pmin == -1 || n < *pmin)
			*pmin = n;
		if (n > *pmax)
			*pmax = n;
	}
	bench_close(&bn);
	qsort(t, BENCH_FRAMES, sizeof(t[0]), cmp_double);
	fprintf(stderr, "bench-render: %s: %d frames, ms min %.3f median "
	    "%.3f p90 %.3f max %.3f, parts %d..%d\n", bench_modes[mode].name,
	    BENCH_FRAMES, t[0], t[BENCH_FRAMES / 2],
	    t[BENCH_FRAMES * 9 / 10], t[BENCH_FRAMES - 1], *pmin, *pmax);
	return t[BENCH_FRAMES / 2];
}

/* "bench-render mode frames": what runs under callgrind. */
static int
bench_run(enum bench_mode mode, long frames)
{
	struct bench bn;
	long i;
	int n = 0;

	bench_open(&bn, mode);
	bench_warm(&bn);
	for (i = 0; i < frames; i++)
		n = bench_frame(&bn);
	bench_close(&bn);
	printf("bench-render: %s: %ld frames, the last repainted %d parts\n",
	    bench_modes[mode].name, frames, n);
	return 0;
}

/* The instructions callgrind counted in its profile, or -1. */
static long long
callgrind_total(const char *path)
{
	FILE *fp;
	char line[256];
	long long v, summary = -1, totals = -1;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "totals: %lld", &v) == 1)
			totals = v;
		else if (sscanf(line, "summary: %lld", &v) == 1)
			summary = v;
	}
	fclose(fp);
	return totals >= 0 ? totals : summary;
}

/*
 * Runs this program's mode under callgrind, counting bench_frame() only;
 * returns the instructions per frame, or -1.
 */
static double
bench_instr(const char *self, enum bench_mode mode)
{
	const char *valgrind = getenv("VALGRIND");
	char path[64], out[96], frames[16];
	char *argv[] = { NULL, "--tool=callgrind", "-q",
	    "--toggle-collect=bench_frame*", out, (char *)self,
	    (char *)bench_modes[mode].name, frames, NULL };
	long long total;
	pid_t pid;
	int rc, st;

	if (valgrind == NULL || valgrind[0] == '\0')
		valgrind = "valgrind";
	argv[0] = (char *)valgrind;
	snprintf(path, sizeof(path), "callgrind.render-%s.out",
	    bench_modes[mode].name);
	snprintf(out, sizeof(out), "--callgrind-out-file=%s", path);
	snprintf(frames, sizeof(frames), "%d", bench_modes[mode].frames);
	fflush(stdout);
	if ((rc = posix_spawnp(&pid, valgrind, NULL, NULL, argv, environ)) !=
	    0) {
		fprintf(stderr, "bench-render: %s: %s%s\n", valgrind,
		    strerror(rc), rc == ENOENT ? " (install the Debian "
		    "package valgrind: scripts/setup)" : "");
		return -1;
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench-render: callgrind run of %s failed\n",
		    bench_modes[mode].name);
		return -1;
	}
	if ((total = callgrind_total(path)) <= 0) {
		fprintf(stderr, "bench-render: no total in %s\n", path);
		return -1;
	}
	return (double)total / bench_modes[mode].frames;
}

static int
bench_all(void)
{
	char self[4096], cwd[4096];
	double ms, ins[MODE_COUNT];
	ssize_t len;
	int m, pmin, pmax, rc = 0;

	for (m = 0; m < MODE_COUNT; m++) {
		ms = bench_wall(m, &pmin, &pmax);
		printf("BENCH %s_ms %.3f ms\n", bench_modes[m].bench, ms);
		if (m == MODE_DESK) {
			printf("BENCH %s_parts %d parts\n",
			    bench_modes[m].bench, pmax);
			if (pmin != pmax) {
				fprintf(stderr, "bench-render: a call "
				    "repainted %d to %d parts\n", pmin, pmax);
				rc = 1;
			}
		}
		fflush(stdout);
	}

	if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1) {
		perror("bench-render: /proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	for (m = 0; m < MODE_COUNT; m++) {
		if ((ins[m] = bench_instr(self, m)) < 0) {
			rc = 1;
			continue;
		}
		printf("BENCH %s_Minstr %.2f Minstr\n", bench_modes[m].bench,
		    ins[m] / 1e6);
		fflush(stdout);
	}
	if (ins[MODE_FULL] > 0 && ins[MODE_DESK] >= 0)
		printf("BENCH render_desk_update_share_pct %.1f %%\n",
		    100.0 * ins[MODE_DESK] / ins[MODE_FULL]);
	if (ins[MODE_FULL] > 0 && ins[MODE_STATE] >= 0)
		printf("BENCH render_desk_state_share_pct %.1f %%\n",
		    100.0 * ins[MODE_STATE] / ins[MODE_FULL]);
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		fprintf(stderr, "bench-render: profiles for "
		    "callgrind_annotate: %s/callgrind.render-*.out\n", cwd);
	return rc;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench-render [full | desk | marquee "
	    "frames]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	char *end;
	long frames = 0;
	int fd, m = MODE_COUNT, rc;

	if (argc != 1 && argc != 3)
		usage();
	if (argc == 3) {
		for (m = 0; m < MODE_COUNT; m++)
			if (strcmp(argv[1], bench_modes[m].name) == 0)
				break;
		frames = strtol(argv[2], &end, 10);
		if (m == MODE_COUNT || *end != '\0' || frames < 1)
			usage();
	}
	/* The sample board's time is 09:41 in Jakarta. */
	setenv("TZ", "WIB-7", 1);
	tzset();
	snprintf(bench_logo, sizeof(bench_logo), "/tmp/antre-logo-XXXXXX");
	if ((fd = mkstemp(bench_logo)) == -1) {
		perror("bench-render: mkstemp");
		return 1;
	}
	close(fd);
	if (sample_logo(bench_logo, 256) == -1) {
		fprintf(stderr, "bench-render: cannot write the logo\n");
		unlink(bench_logo);
		return 1;
	}
	rc = argc == 3 ? bench_run(m, frames) : bench_all();
	unlink(bench_logo);
	/*
	 * No render_cleanup(): it is there for leak checkers, and pango
	 * matches fonts on GLib worker threads that may still hold a font
	 * at exit; cairo then aborts on a live font (seen under valgrind).
	 */
	return rc;
}
