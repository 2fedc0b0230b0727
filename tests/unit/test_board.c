/*
 * test_board.c - the board as a screen shows it over time: golden
 * images, stress layouts at every supported resolution, the rectangles a
 * change repaints (and that repainting them gives the same pixels as a
 * full frame), the highlight after a call, the running text, and when
 * the next frame is due.
 *
 * Golden images live in tests/unit/golden/. After a deliberate change to
 * the look of the board, regenerate them with
 *
 *	ANTRE_GOLDEN_UPDATE=1 ./build/normal/tests/unit/test_board
 *
 * look at every file it wrote, and commit them with the change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "render.h"
#include "texttrace.h"
#include "sample-board.h"

#define T_MONO		1000000LL	/* any monotonic start */
#define T_MARQUEE	"Selamat datang. Layanan buka Senin sampai Jumat " \
			"pukul 08.00 sampai 15.00 WIB. Siapkan KTP asli " \
			"dan fotokopi KK sebelum dipanggil. Gratis."

struct t_size {
	int	w, h;
};

static const struct t_size t_sizes[] = {
	{ 1920, 1080 }, { 1280, 720 }, { 3840, 2160 }, { 1080, 1920 }
};
#define T_NSIZES	(sizeof(t_sizes) / sizeof(t_sizes[0]))

static char t_logo[64];

/* fontconfig keeps its configuration until FcFini(): not ours to free.
 * Only used under LeakSanitizer. */
const char *__lsan_default_suppressions(void);

__attribute__((used)) const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static int
t_setup(void **state)
{
	int fd;

	(void)state;
	setenv("TZ", "WIB-7", 1);
	snprintf(t_logo, sizeof(t_logo), "/tmp/antre-logo-XXXXXX");
	if ((fd = mkstemp(t_logo)) == -1)
		return -1;
	close(fd);
	return sample_logo(t_logo, 256);
}

static int
t_teardown(void **state)
{
	(void)state;
	unlink(t_logo);
	render_cleanup();
	return 0;
}

/* The configuration of a hall with everything on. */
static void
t_conf(struct render_conf *rc, int all)
{
	render_conf_defaults(rc);
	snprintf(rc->office, sizeof(rc->office),
	    "Mal Pelayanan Publik Kabupaten Sleman");
	if (!all)
		return;
	snprintf(rc->logo, sizeof(rc->logo), "%s", t_logo);
	snprintf(rc->marquee, sizeof(rc->marquee), "%s", T_MARQUEE);
}

/* --- frames --------------------------------------------------------- */

static cairo_surface_t *
t_surface(int w, int h)
{
	cairo_surface_t *sf;

	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	assert_int_equal(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
	return sf;
}

/* Draws r's next frame on sf; returns the number of parts repainted and
 * their rectangles in *damage (a new region, may be NULL). */
static int
t_draw(struct renderer *r, cairo_surface_t *sf, int64_t mono, int64_t wall,
    cairo_region_t **damage)
{
	cairo_region_t *d = cairo_region_create();
	cairo_t *cr = cairo_create(sf);
	int n;

	n = renderer_draw(r, cr, cairo_image_surface_get_width(sf),
	    cairo_image_surface_get_height(sf), mono, wall, d);
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	if (damage != NULL)
		*damage = d;
	else
		cairo_region_destroy(d);
	return n;
}

/* A full frame of board b, the newest call lit or not, on a new surface. */
static cairo_surface_t *
t_full(const struct render_conf *rc, const struct board *b, int w, int h,
    int lit, int64_t mono, int64_t wall)
{
	cairo_surface_t *sf = t_surface(w, h);
	struct renderer *r = renderer_new(rc);
	struct board before = *b;

	assert_non_null(r);
	if (lit) {
		before.calls[0].time_ms--;
		renderer_set_board(r, &before, mono);
	}
	renderer_set_board(r, b, mono);
	assert_true(t_draw(r, sf, mono, wall, NULL) > 0);
	renderer_free(r);
	return sf;
}

/* Pixels of a and b that differ by more than tol in any channel, within
 * the rectangle (x, y, w, h). */
static long
t_diff(cairo_surface_t *a, cairo_surface_t *b, int x, int y, int w, int h,
    int tol, int *maxd)
{
	const unsigned char *pa, *pb;
	int sa = cairo_image_surface_get_stride(a);
	int sb = cairo_image_surface_get_stride(b);
	int i, j, c, d, m;
	long n = 0;

	cairo_surface_flush(a);
	cairo_surface_flush(b);
	pa = cairo_image_surface_get_data(a);
	pb = cairo_image_surface_get_data(b);
	*maxd = 0;
	for (j = y; j < y + h; j++)
		for (i = x; i < x + w; i++) {
			m = 0;
			for (c = 0; c < 3; c++) {
				d = abs(pa[j * sa + 4 * i + c] -
				    pb[j * sb + 4 * i + c]);
				if (d > m)
					m = d;
			}
			if (m > *maxd)
				*maxd = m;
			if (m > tol)
				n++;
		}
	return n;
}

static long
t_diff_all(cairo_surface_t *a, cairo_surface_t *b, int *maxd)
{
	assert_int_equal(cairo_image_surface_get_width(a),
	    cairo_image_surface_get_width(b));
	assert_int_equal(cairo_image_surface_get_height(a),
	    cairo_image_surface_get_height(b));
	return t_diff(a, b, 0, 0, cairo_image_surface_get_width(a),
	    cairo_image_surface_get_height(a), 0, maxd);
}

static cairo_region_t *
t_region(const struct render_rect *rects, int n)
{
	cairo_region_t *rg = cairo_region_create();
	cairo_rectangle_int_t c;
	int i;

	for (i = 0; i < n; i++) {
		c = (cairo_rectangle_int_t){ rects[i].x, rects[i].y,
		    rects[i].w, rects[i].h };
		cairo_region_union_rectangle(rg, &c);
	}
	return rg;
}

static void
t_region_is(cairo_region_t *got, const struct render_rect *want, int n)
{
	cairo_region_t *w = t_region(want, n);
	cairo_rectangle_int_t e;

	if (!cairo_region_equal(got, w)) {
		cairo_region_get_extents(got, &e);
		fail_msg("damage: %d rectangles, extents %d,%d %dx%d; want %d "
		    "parts", cairo_region_num_rectangles(got), e.x, e.y,
		    e.width, e.height, n);
	}
	cairo_region_destroy(w);
}

/* --- golden images -------------------------------------------------- */

static void
t_golden(const char *name, int w, int h)
{
	char path[512];
	const char *src = getenv("ANTRE_SOURCE_DIR");
	struct render_conf rc;
	cairo_surface_t *got, *want;
	struct board b;
	long n;
	int maxd;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/unit/golden/%s.png", src,
	    name);
	t_conf(&rc, 1);
	sample_board(&b, 8, 0, NULL);
	got = t_full(&rc, &b, w, h, 1, T_MONO + 1, SAMPLE_TIME_MS);
	if (getenv("ANTRE_GOLDEN_UPDATE") != NULL) {
		assert_int_equal(cairo_surface_write_to_png(got, path),
		    CAIRO_STATUS_SUCCESS);
		printf("# wrote %s: look at it before committing\n", path);
		cairo_surface_destroy(got);
		return;
	}
	want = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(want) != CAIRO_STATUS_SUCCESS)
		fail_msg("%s: %s", path, cairo_status_to_string(
		    cairo_surface_status(want)));
	assert_int_equal(cairo_image_surface_get_width(want), w);
	assert_int_equal(cairo_image_surface_get_height(want), h);
	/* Antialiasing may differ by a step or two between pixman and
	 * freetype builds; a moved or missing part differs by far more,
	 * over many pixels. */
	n = t_diff(got, want, 0, 0, w, h, 2, &maxd);
	printf("# %s: %ld of %d pixels differ by more than 2 (max %d)\n",
	    name, n, w * h, maxd);
	if (n > (long)w * h / 2000)
		fail_msg("%s: %ld pixels differ from the golden image (max "
		    "difference %d); if the change is wanted, see the top "
		    "of test_board.c", name, n, maxd);
	cairo_surface_destroy(want);
	cairo_surface_destroy(got);
}

static void
test_golden_landscape(void **state)
{
	(void)state;
	t_golden("hall-1920x1080", 1920, 1080);
}

static void
test_golden_portrait(void **state)
{
	(void)state;
	t_golden("hall-1080x1920", 1080, 1920);
}

/* --- stress layouts ------------------------------------------------- */

/* The parts a text may be drawn in; desks after the others. */
static int
t_parts(const struct render_layout *L, struct render_rect *p)
{
	int i, n = 0;

	p[n++] = L->header;
	p[n++] = L->hero;
	p[n++] = L->calls;
	p[n++] = L->waiting;
	p[n++] = L->fault;
	p[n++] = L->marquee;
	p[n++] = L->pager;
	for (i = 0; i < L->ncards; i++)
		p[n++] = L->desk[i];
	return n;
}

enum t_case {
	T_FULL_HOUSE,	/* 24 desks, 4-digit numbers, 120-char office */
	T_EMPTY,	/* no desks, no calls, nothing waiting */
	T_OFFLINE,	/* every desk Pi offline, a fault */
	T_ONE,		/* one desk */
	T_NCASES
};

static void
t_case(enum t_case c, struct board *b, struct render_conf *rc)
{
	int i;

	t_conf(rc, 1);
	switch (c) {
	case T_FULL_HOUSE:
		memset(rc->office, 'W', 120);
		rc->office[120] = '\0';
		sample_board(b, 24, 1, NULL);
		for (i = 0; i < 24; i++) {
			b->desks[i].status = DESK_SERVING;
			b->desks[i].ticket.service = 'A' + i % 4;
			b->desks[i].ticket.number = 9999 - 37 * i;
		}
		break;
	case T_EMPTY:
		memset(b, 0, sizeof(*b));
		break;
	case T_OFFLINE:
		sample_board(b, 12, 0, "Server tidak terhubung: panggilan "
		    "belum dapat dilayani");
		for (i = 0; i < b->ndesks; i++)
			b->desks[i].status = DESK_OFFLINE;
		break;
	default:
		sample_board(b, 1, 0, NULL);
		break;
	}
}

static void
test_stress_layouts(void **state)
{
	struct render_rect parts[7 + BOARD_MAX_DESKS];
	struct render_rect screen;
	const struct render_layout *L;
	struct render_conf rc;
	struct renderer *r;
	struct t_trace *tr;
	cairo_surface_t *sf;
	struct board b;
	size_t s;
	int c, i, j, n, in, w, h;

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	for (s = 0; s < T_NSIZES; s++)
		for (c = 0; c < T_NCASES; c++) {
			w = t_sizes[s].w;
			h = t_sizes[s].h;
			t_case((enum t_case)c, &b, &rc);
			memset(tr, 0, sizeof(*tr));
			sf = t_surface(w, h);
			r = renderer_new(&rc);
			renderer_set_trace(r, t_record, tr);
			renderer_set_board(r, &b, T_MONO);
			assert_true(t_draw(r, sf, T_MONO, SAMPLE_TIME_MS,
			    NULL) > 0);
			L = renderer_layout(r);
			assert_non_null(L);

			/* Parts lie on the screen and apart. */
			screen = (struct render_rect){ 0, 0, w, h };
			n = t_parts(L, parts);
			for (i = 0; i < n; i++) {
				if (parts[i].w == 0)
					continue;
				assert_true(t_inside(parts[i], screen));
				for (j = i + 1; j < n; j++)
					if (t_overlap(parts[i], parts[j]))
						fail_msg("%dx%d case %d: parts "
						    "%d and %d overlap", w, h,
						    c, i, j);
			}
			assert_true(t_inside(L->clock, L->header));
			assert_int_equal(L->ndesks, b.ndesks);
			assert_true(L->marquee.h > 0);

			/* Every text's ink in its box, every box in a
			 * part. */
			assert_true(tr->n >= 3);
			for (i = 0; i < tr->n; i++) {
				if (!t_inside(tr->t[i].ink, tr->t[i].box))
					fail_msg("%dx%d case %d: \"%s\" ink "
					    "%d,%d %dx%d outside its box "
					    "%d,%d %dx%d", w, h, c,
					    tr->t[i].text, tr->t[i].ink.x,
					    tr->t[i].ink.y, tr->t[i].ink.w,
					    tr->t[i].ink.h, tr->t[i].box.x,
					    tr->t[i].box.y, tr->t[i].box.w,
					    tr->t[i].box.h);
				for (in = 0, j = 0; j < n && !in; j++)
					in = t_inside(tr->t[i].box, parts[j]);
				if (!in)
					fail_msg("%dx%d case %d: \"%s\" is in "
					    "no part", w, h, c, tr->t[i].text);
			}
			/* The office name is there, shortened when long. */
			for (in = 0, i = 0; i < tr->n; i++)
				if (t_inside(tr->t[i].box, L->header) &&
				    strncmp(tr->t[i].text, rc.office, 60) == 0)
					in = 1 + tr->t[i].ellipsized;
			if (in != (c == T_FULL_HOUSE ? 2 : 1))
				fail_msg("%dx%d case %d: office name %s", w, h,
				    c, in == 0 ? "missing" : in == 1 ?
				    "not shortened" : "shortened");
			renderer_free(r);
			cairo_surface_destroy(sf);
		}
	free(tr);
}

/* --- damage --------------------------------------------------------- */

struct t_screen {
	struct render_conf	 rc;
	struct board		 b;
	struct renderer		*r;
	cairo_surface_t		*sf;
	int			 w, h;
};

static void
t_screen_open(struct t_screen *s, int w, int h, int marquee)
{
	memset(s, 0, sizeof(*s));
	t_conf(&s->rc, 1);
	if (!marquee)
		s->rc.marquee[0] = '\0';
	sample_board(&s->b, 8, 0, NULL);
	s->w = w;
	s->h = h;
	s->sf = t_surface(w, h);
	s->r = renderer_new(&s->rc);
	assert_non_null(s->r);
	renderer_set_board(s->r, &s->b, T_MONO);
	assert_true(t_draw(s->r, s->sf, T_MONO, SAMPLE_TIME_MS, NULL) > 0);
}

static void
t_screen_close(struct t_screen *s)
{
	renderer_free(s->r);
	cairo_surface_destroy(s->sf);
}

/* The incremental frame on s equals a full frame of the same state. */
static void
t_same_as_full(struct t_screen *s, int lit, int64_t mono, int64_t wall)
{
	cairo_surface_t *full;
	long n;
	int maxd;

	full = t_full(&s->rc, &s->b, s->w, s->h, lit, mono, wall);
	if ((n = t_diff_all(s->sf, full, &maxd)) != 0)
		fail_msg("repainted frame differs from a full frame in %ld "
		    "pixels (max %d)", n, maxd);
	cairo_surface_destroy(full);
}

static void
test_damage_one_desk(void **state)
{
	struct t_screen s;
	const struct render_layout *L;
	cairo_region_t *d;
	struct render_rect want[8];
	int64_t m = T_MONO + 60000;

	(void)state;
	t_screen_open(&s, 1920, 1080, 0);
	L = renderer_layout(s.r);

	/* Nothing changed: nothing drawn. */
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 1000, &d), 0);
	assert_true(cairo_region_is_empty(d));
	cairo_region_destroy(d);

	/* Loket 4 goes on a break: its card, nothing else. */
	s.b.desks[3].status = DESK_PAUSED;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(renderer_due(s.r, m, SAMPLE_TIME_MS + 1000), 0);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 1000, &d), 1);
	want[0] = L->desk[3];
	t_region_is(d, want, 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 0, m, SAMPLE_TIME_MS + 1000);

	/* Loket 1 calls the next ticket: its card, the hero (now lit),
	 * the card that loses the "just called" frame (Loket 2), the list
	 * of last calls; the waiting counts stay. */
	m += 1000;
	memmove(&s.b.calls[1], &s.b.calls[0],
	    (BOARD_MAX_CALLS - 1) * sizeof(s.b.calls[0]));
	s.b.calls[0].ticket = (struct ticket){ .service = 'A', .number = 16 };
	s.b.calls[0].desk = 1;
	snprintf(s.b.calls[0].desk_name, sizeof(s.b.calls[0].desk_name),
	    "Loket 1");
	s.b.calls[0].time_ms = SAMPLE_TIME_MS + 2000;
	s.b.desks[0].ticket = s.b.calls[0].ticket;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 2000, &d), 4);
	want[0] = L->desk[0];
	want[1] = L->desk[1];
	want[2] = L->hero;
	want[3] = L->calls;
	t_region_is(d, want, 4);
	cairo_region_destroy(d);
	t_same_as_full(&s, 1, m, SAMPLE_TIME_MS + 2000);

	/* The highlight ends highlight_ms later: the hero alone. */
	m += s.rc.highlight_ms - 1;
	assert_int_equal(renderer_due(s.r, m, SAMPLE_TIME_MS + 3000), 1);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 3000, &d), 0);
	cairo_region_destroy(d);
	m += 1;
	assert_int_equal(renderer_due(s.r, m, SAMPLE_TIME_MS + 3000), 0);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 3000, &d), 1);
	want[0] = L->hero;
	t_region_is(d, want, 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 0, m, SAMPLE_TIME_MS + 3000);

	/* Three-digit numbers all take the size of "A 888" (digits share
	 * one advance): a wide one changes its own card only, not the
	 * size of every card. */
	s.b.desks[3].ticket.number = 104;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 3000, &d), 1);
	cairo_region_destroy(d);
	s.b.desks[3].ticket.number = 444;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 3000, &d), 1);
	want[0] = L->desk[3];
	t_region_is(d, want, 1);
	cairo_region_destroy(d);

	/* A ticket issued: the waiting panel alone. */
	s.b.waiting[0].count++;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, SAMPLE_TIME_MS + 3000, &d), 1);
	want[0] = L->waiting;
	t_region_is(d, want, 1);
	cairo_region_destroy(d);
	t_screen_close(&s);
}

/* A priority ticket is tagged where it shows (its card, the hero, the
 * last calls); a service's state on its waiting tile. Each repaints
 * only its parts, and the frame equals a full one. */
static void
test_priority_and_states(void **state)
{
	struct t_screen s;
	const struct render_layout *L;
	cairo_surface_t *plain;
	cairo_region_t *d;
	struct render_rect want[4];
	struct board b;
	int64_t m = T_MONO + 60000, w = SAMPLE_TIME_MS + 2000;
	int maxd;

	(void)state;
	t_screen_open(&s, 1920, 1080, 0);
	L = renderer_layout(s.r);
	memmove(&s.b.calls[1], &s.b.calls[0],
	    (BOARD_MAX_CALLS - 1) * sizeof(s.b.calls[0]));
	s.b.calls[0].ticket = (struct ticket){ 'A', 16, true };
	s.b.calls[0].desk = 1;
	snprintf(s.b.calls[0].desk_name, sizeof(s.b.calls[0].desk_name),
	    "Loket 1");
	s.b.calls[0].time_ms = w;
	s.b.desks[0].ticket = s.b.calls[0].ticket;
	b = s.b;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, w, &d), 4);
	want[0] = L->desk[0];
	want[1] = L->desk[1];
	want[2] = L->hero;
	want[3] = L->calls;
	t_region_is(d, want, 4);
	cairo_region_destroy(d);
	t_same_as_full(&s, 1, m, w);
	/* The same call without the flag: the tag is what differs, in the
	 * card's name row, the hero's title and the last calls. */
	b.calls[0].ticket.priority = b.desks[0].ticket.priority = false;
	plain = t_full(&s.rc, &b, 1920, 1080, 1, m, w);
	assert_true(t_diff(s.sf, plain, L->desk[0].x, L->desk[0].y,
	    L->desk[0].w, L->desk[0].h / 3, 0, &maxd) > 500);
	assert_true(t_diff(s.sf, plain, L->hero.x, L->hero.y, L->hero.w,
	    L->hero.h / 5, 0, &maxd) > 500);
	assert_int_equal(t_diff(s.sf, plain, L->waiting.x, L->waiting.y,
	    L->waiting.w, L->waiting.h, 0, &maxd), 0);
	cairo_surface_destroy(plain);

	/* Service A's quota reached: the waiting panel alone. */
	s.b.waiting[0].state = WAITING_QUOTA;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, w, &d), 1);
	want[0] = L->waiting;
	t_region_is(d, want, 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 1, m, w);
	s.b.waiting[0].state = WAITING_CLOSED;
	renderer_set_board(s.r, &s.b, m);
	assert_int_equal(t_draw(s.r, s.sf, m, w, &d), 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 1, m, w);
	t_screen_close(&s);
}

static void
test_damage_clock(void **state)
{
	struct t_screen s;
	const struct render_layout *L;
	cairo_region_t *d;
	struct render_rect want;
	int64_t wall = SAMPLE_TIME_MS + 59000;	/* 09:41:59 */

	(void)state;
	t_screen_open(&s, 1280, 720, 0);
	L = renderer_layout(s.r);
	/* Idle: the next frame is at the next minute, a little after. */
	assert_int_equal(renderer_due(s.r, T_MONO + 5, wall), 1000 + 2);
	assert_int_equal(renderer_due(s.r, T_MONO + 5, wall + 1002), 0);
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 5, wall + 1002, &d), 1);
	want = L->clock;
	t_region_is(d, &want, 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 0, T_MONO + 5, wall + 1002);
	assert_int_equal(renderer_due(s.r, T_MONO + 5, wall + 1002), 60000);

	/* Midnight: the date changes too, the whole header. */
	wall = SAMPLE_TIME_MS + (14 * 60 + 19) * 60000LL + 1;	/* 00:00 */
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 6, wall, &d), 1);
	want = L->header;
	t_region_is(d, &want, 1);
	cairo_region_destroy(d);
	t_same_as_full(&s, 0, T_MONO + 6, wall);
	t_screen_close(&s);

	/* With seconds, a frame a second. */
	t_screen_open(&s, 1280, 720, 0);
	s.rc.clock_seconds = true;
	renderer_invalidate(s.r);
	assert_true(t_draw(s.r, s.sf, T_MONO, SAMPLE_TIME_MS + 250, NULL) > 0);
	assert_int_equal(renderer_due(s.r, T_MONO, SAMPLE_TIME_MS + 250),
	    750 + 2);
	t_screen_close(&s);
}

static void
test_highlight(void **state)
{
	struct t_screen s;
	cairo_surface_t *lit, *calm;
	int maxd;

	(void)state;
	/* The first board a screen sees is not lit: it shows what was
	 * called before the screen started. */
	t_screen_open(&s, 1280, 720, 0);
	calm = t_full(&s.rc, &s.b, 1280, 720, 0, T_MONO, SAMPLE_TIME_MS);
	assert_int_equal(t_diff_all(s.sf, calm, &maxd), 0);
	assert_true(renderer_due(s.r, T_MONO, SAMPLE_TIME_MS) > 1000);

	/* The voice starts announcing it: lit from now on, and the hero
	 * differs from the calm one in much of its area. */
	renderer_highlight(s.r, T_MONO + 100);
	assert_int_equal(renderer_due(s.r, T_MONO + 100, SAMPLE_TIME_MS), 0);
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 100, SAMPLE_TIME_MS,
	    NULL), 1);
	lit = t_full(&s.rc, &s.b, 1280, 720, 1, T_MONO + 100, SAMPLE_TIME_MS);
	assert_int_equal(t_diff_all(s.sf, lit, &maxd), 0);
	assert_true(t_diff_all(lit, calm, &maxd) > 1280 * 720 / 10);
	assert_int_equal(renderer_due(s.r, T_MONO + 100, SAMPLE_TIME_MS),
	    s.rc.highlight_ms);

	/* Off in the configuration: never lit. */
	s.rc.highlight_ms = 0;
	renderer_highlight(s.r, T_MONO + 200);
	assert_int_equal(renderer_due(s.r, T_MONO + 200, SAMPLE_TIME_MS), 0);
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 200, SAMPLE_TIME_MS,
	    NULL), 1);
	assert_int_equal(t_diff_all(s.sf, calm, &maxd), 0);
	cairo_surface_destroy(lit);
	cairo_surface_destroy(calm);
	t_screen_close(&s);
}

static void
test_marquee(void **state)
{
	struct t_screen s;
	const struct render_layout *L;
	cairo_surface_t *before;
	cairo_region_t *d;
	struct render_rect band;
	cairo_t *cr;
	int maxd, step, due, shift;

	(void)state;
	t_screen_open(&s, 1920, 1080, 1);
	L = renderer_layout(s.r);
	band = L->marquee;
	assert_true(band.h > 0 && band.y + band.h == 1080);
	step = 1000 / s.rc.marquee_fps;
	due = renderer_due(s.r, T_MONO, SAMPLE_TIME_MS);
	assert_true(due > 0 && due <= step);

	before = t_surface(1920, 1080);
	cr = cairo_create(before);
	cairo_set_source_surface(cr, s.sf, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);

	/* One second later the text moved left by the configured speed
	 * (px/s on 1080 lines), and only the band was repainted. */
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 1000, SAMPLE_TIME_MS,
	    &d), 1);
	t_region_is(d, &band, 1);
	cairo_region_destroy(d);
	shift = s.rc.marquee_speed;
	assert_true(t_diff(before, s.sf, band.x, band.y, band.w, band.h, 0,
	    &maxd) > 0);
	{
		/* Pixel (x, y) now is what was at (x + shift, y). */
		const unsigned char *a, *b;
		int sa = cairo_image_surface_get_stride(before);
		int x, y, bad = 0;

		a = cairo_image_surface_get_data(before);
		b = cairo_image_surface_get_data(s.sf);
		for (y = band.y; y < band.y + band.h; y++)
			for (x = 0; x + shift < band.w; x++)
				bad += memcmp(b + y * sa + 4 * x,
				    a + y * sa + 4 * (x + shift), 3) != 0;
		assert_int_equal(bad, 0);
	}
	/* The rest of the screen is untouched. */
	assert_int_equal(t_diff(before, s.sf, 0, 0, 1920, band.y, 0, &maxd),
	    0);
	cairo_surface_destroy(before);

	/* Driven as the main loop drives it (sleep for what renderer_due
	 * says, draw when it says 0): a second of running text is
	 * marquee_fps frames of the band alone, each moved on, and no
	 * wake-up finds nothing to draw. */
	{
		int64_t t = T_MONO + 1000;
		int frames = 0, wakes = 0;

		while (t < T_MONO + 2000) {
			due = renderer_due(s.r, t, SAMPLE_TIME_MS);
			assert_true(due >= 0 && due <= step);
			if (due > 0) {
				t += due;
				wakes++;
				continue;
			}
			assert_int_equal(t_draw(s.r, s.sf, t, SAMPLE_TIME_MS,
			    &d), 1);
			t_region_is(d, &band, 1);
			cairo_region_destroy(d);
			frames++;
			assert_true(renderer_due(s.r, t, SAMPLE_TIME_MS) > 0);
		}
		if (frames < s.rc.marquee_fps - 1 ||
		    frames > s.rc.marquee_fps + 1)
			fail_msg("%d frames of running text in a second, "
			    "wanted %d", frames, s.rc.marquee_fps);
		assert_true(wakes <= frames + 1);
	}
	t_screen_close(&s);

	/* A text that fits stands still: no frames for it. */
	t_screen_open(&s, 1920, 1080, 1);
	snprintf(s.rc.marquee, sizeof(s.rc.marquee), "Buka 08.00 WIB");
	renderer_free(s.r);
	s.r = renderer_new(&s.rc);
	renderer_set_board(s.r, &s.b, T_MONO);
	assert_true(t_draw(s.r, s.sf, T_MONO, SAMPLE_TIME_MS, NULL) > 0);
	assert_true(renderer_due(s.r, T_MONO, SAMPLE_TIME_MS) > 1000);
	assert_int_equal(t_draw(s.r, s.sf, T_MONO + 5000, SAMPLE_TIME_MS,
	    NULL), 0);
	t_screen_close(&s);
}

/* A resize or an exposed window: everything again. */
static void
test_invalidate(void **state)
{
	struct t_screen s;
	cairo_region_t *d;
	cairo_surface_t *big;
	cairo_rectangle_int_t e;

	(void)state;
	t_screen_open(&s, 1280, 720, 0);
	renderer_invalidate(s.r);
	assert_int_equal(renderer_due(s.r, T_MONO, SAMPLE_TIME_MS), 0);
	assert_true(t_draw(s.r, s.sf, T_MONO, SAMPLE_TIME_MS, &d) > 5);
	cairo_region_get_extents(d, &e);
	assert_true(e.x == 0 && e.y == 0 && e.width == 1280 &&
	    e.height == 720);
	cairo_region_destroy(d);

	big = t_surface(1920, 1080);
	assert_true(t_draw(s.r, big, T_MONO, SAMPLE_TIME_MS, &d) > 5);
	cairo_region_get_extents(d, &e);
	assert_true(e.width == 1920 && e.height == 1080);
	cairo_region_destroy(d);
	cairo_surface_destroy(big);
	t_screen_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_landscape),
		cmocka_unit_test(test_golden_portrait),
		cmocka_unit_test(test_stress_layouts),
		cmocka_unit_test(test_damage_one_desk),
		cmocka_unit_test(test_damage_clock),
		cmocka_unit_test(test_priority_and_states),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_marquee),
		cmocka_unit_test(test_invalidate),
	};

	if (getenv("ANTRE_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("ANTRE_TEST_FILTER"));
	return cmocka_run_group_tests(tests, t_setup, t_teardown);
}
