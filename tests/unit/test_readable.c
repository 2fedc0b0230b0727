/*
 * test_readable.c - the board read from the back of a hall: the size
 * rule (docs/board.md), every number drawn at least that high on real
 * boards of 6 to 100 desks at 1080p landscape and portrait and 4K (its
 * digits measured on the pixels), desk cards in pages (which desks, when,
 * and when the renderer wakes for it), shortening that keeps a desk's
 * number and a service's letter, numbers centred by their capitals, the
 * zone's title, and the page and desks in a PNG frame's metadata.
 *
 *	ANTRE_READABLE_PNG=DIR test_readable
 *
 * also writes every board it measures to DIR, to look at.
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
#include <png.h>

#include "config.h"
#include "output.h"
#include "render-int.h"
#include "texttrace.h"
#include "logcap.h"

#define T_NOW_MS	1795401660000LL	/* Monday 23 November 2026, 09:41 */
#define T_MONO		5000000LL

struct t_size {
	int	w, h;
};

static const struct t_size t_sizes[] = {
	{ 1920, 1080 }, { 1080, 1920 }, { 3840, 2160 }
};
#define T_NSIZES	(sizeof(t_sizes) / sizeof(t_sizes[0]))

static const int t_desks[] = { 6, 12, 24, 40, 100 };
#define T_NDESKS	(sizeof(t_desks) / sizeof(t_desks[0]))

static const char *const t_services[] = {
	"KTP & KK (Dukcapil)", "BPJS Kesehatan", "BPJS Ketenagakerjaan",
	"Samsat (Pajak Kendaraan)", "Imigrasi (Paspor)", "Pajak (KPP Pratama)",
	"Perizinan (DPMPTSP)", "Bank Pembangunan Daerah", "Kepolisian (SKCK)",
	"Jaminan Pensiun (Taspen)", "Pertanahan (BPN)", "Kementerian Agama"
};

const char *__lsan_default_suppressions(void);

__attribute__((used)) const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/*
 * A Mal Pelayanan Publik: ndesks desks of nserv services (letters A..,
 * J among them with 12: its tail must not shrink anything), most
 * serving, a few four-digit numbers, some long desk names, ten calls.
 */
static void
t_hall(struct board *b, int ndesks, int nserv)
{
	int i;

	memset(b, 0, sizeof(*b));
	b->time_ms = T_NOW_MS;
	snprintf(b->day, sizeof(b->day), "2026-11-23");
	b->ndesks = ndesks;
	for (i = 0; i < ndesks; i++) {
		b->desks[i].id = i + 1;
		if (i % 7 == 3)
			snprintf(b->desks[i].name, sizeof(b->desks[i].name),
			    "Loket Pelayanan Terpadu %d", i + 1);
		else
			snprintf(b->desks[i].name, sizeof(b->desks[i].name),
			    "Loket %d", i + 1);
		b->desks[i].status = i % 9 == 4 ? DESK_PAUSED :
		    i % 11 == 7 ? DESK_CLOSED : DESK_SERVING;
		if (b->desks[i].status == DESK_SERVING) {
			b->desks[i].ticket.service = 'A' + i % nserv;
			b->desks[i].ticket.number = i % 13 == 5 ? 1000 + i :
			    3 + 7 * i;
		}
	}
	b->ncalls = BOARD_MAX_CALLS;
	for (i = 0; i < BOARD_MAX_CALLS; i++) {
		b->calls[i].ticket.service = 'A' + (i * 5) % nserv;
		b->calls[i].ticket.number = 120 - i;
		b->calls[i].desk = 1 + (i * 7) % ndesks;
		snprintf(b->calls[i].desk_name, sizeof(b->calls[i].desk_name),
		    "%s", b->desks[b->calls[i].desk - 1].name);
		b->calls[i].time_ms = T_NOW_MS - i * 40000;
	}
	b->nwaiting = nserv;
	for (i = 0; i < nserv; i++) {
		b->waiting[i].service = 'A' + i;
		snprintf(b->waiting[i].name, sizeof(b->waiting[i].name), "%s",
		    t_services[i]);
		b->waiting[i].count = (i * 37) % 160;
	}
}

static cairo_surface_t *
t_surface(int w, int h)
{
	cairo_surface_t *sf;

	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	assert_int_equal(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
	return sf;
}

static int
t_draw(struct renderer *r, cairo_surface_t *sf, int64_t mono,
    cairo_region_t *damage)
{
	cairo_t *cr = cairo_create(sf);
	int n;

	n = renderer_draw(r, cr, cairo_image_surface_get_width(sf),
	    cairo_image_surface_get_height(sf), mono, T_NOW_MS, damage);
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	return n;
}

/* --- the rule ------------------------------------------------------- */

static void
test_min_cap(void **state)
{
	struct render_conf rc;

	(void)state;
	render_conf_defaults(&rc);
	assert_true(rc.screen_inches == 43.0 && rc.viewing_m == 10.0);
	/* 43" 1080p: 2203 px over 109.2 cm, 20.2 px/cm; 4 cm. */
	assert_float_equal(render_min_cap(&rc, 1920, 1080), 80.7, 0.1);
	assert_float_equal(render_min_cap(&rc, 1080, 1920), 80.7, 0.1);
	assert_float_equal(render_min_cap(NULL, 1920, 1080), 80.7, 0.1);
	assert_float_equal(render_min_cap(&rc, 3840, 2160), 161.3, 0.1);
	assert_float_equal(render_min_cap(&rc, 1280, 720), 53.8, 0.1);
	rc.screen_inches = 55;
	assert_float_equal(render_min_cap(&rc, 3840, 2160), 126.2, 0.1);
	assert_float_equal(render_min_cap(&rc, 1920, 1080), 63.1, 0.1);
	rc.screen_inches = 65;
	rc.viewing_m = 15;
	assert_float_equal(render_min_cap(&rc, 1920, 1080), 80.1, 0.1);
	rc.screen_inches = 32;
	rc.viewing_m = 5;
	assert_float_equal(render_min_cap(&rc, 1366, 768), 38.6, 0.1);
	assert_float_equal(render_min_cap(&rc, 0, 768), 0.0, 0.001);
}

/* --- the [board] keys ------------------------------------------------ */

#define T_HALL	"[hall]\nid = mpp-contoh\nname = MPP Contoh\n" \
		"[mqtt]\nusername = central\npassword = rahasia\n" \
		"[store]\npath = /tmp/x.db\n" \
		"[service A]\nname = KTP\n[desk 1]\nservices = A\n"

static int
t_load(const char *path, void *c)
{
	return config_load(path, c);
}

static void
test_config_keys(void **state)
{
	static const struct {
		const char	*board;
		const char	*expect;
	} bads[] = {
		{ "screen_inches = 9\n", "screen_inches" },
		{ "screen_inches = 43 inci\n", "screen_inches" },
		{ "viewing_distance_m = 0\n", "viewing_distance_m" },
		{ "viewing_distance_m = ten\n", "viewing_distance_m" },
		{ "page_s = 1\n", "page_s" },
		{ "page_s = 121\n", "page_s" },
	};
	struct conf *c;
	char text[1024], *path;
	size_t i;

	(void)state;
	c = calloc(1, sizeof(*c));
	assert_non_null(c);
	path = tmpfile_with(T_HALL "[board]\noutput = png\n");
	assert_int_equal(config_load(path, c), 0);
	assert_true(c->render.screen_inches == 43.0);
	assert_true(c->render.viewing_m == 10.0);
	assert_int_equal(c->render.page_ms, 8000);
	unlink(path);
	free(path);
	path = tmpfile_with(T_HALL "[board]\noutput = png\n"
	    "screen_inches = 55\nviewing_distance_m = 7.5\npage_s = 12\n");
	assert_int_equal(config_load(path, c), 0);
	assert_true(c->render.screen_inches == 55.0);
	assert_true(c->render.viewing_m == 7.5);
	assert_int_equal(c->render.page_ms, 12000);
	/* 55" 1080p from 7.5 m: 15.8 px/cm, 3 cm. */
	assert_float_equal(render_min_cap(&c->render, 1920, 1080), 47.3, 0.1);
	unlink(path);
	free(path);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		snprintf(text, sizeof(text), T_HALL "[board]\n%s",
		    bads[i].board);
		expect_conf_error(t_load, c, text, 14, bads[i].expect,
		    (int)i);
	}
	free(c);
}

/* --- measuring what was drawn ---------------------------------------- */

static const unsigned char *
t_px(cairo_surface_t *sf, int x, int y)
{
	return cairo_image_surface_get_data(sf) +
	    (size_t)y * cairo_image_surface_get_stride(sf) + 4 * x;
}

static int
t_differs(const unsigned char *a, const unsigned char *b)
{
	return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]) > 120;
}

/*
 * The height, in pixels of the frame, of the last glyph of a number (a
 * digit: no descender, no accent, the height of the capitals give or
 * take the overshoot of a round digit): the columns of ink at the right
 * end of its ink box, and the rows they have ink in. The background is
 * the pixel left of the ink box, inside the text's own box.
 */
static int
t_digit_height(cairo_surface_t *sf, const struct render_text *t)
{
	const unsigned char *bg;
	int x, y, x1, x0, top = -1, bottom = -1, ink;

	if (t->box.x >= t->ink.x)
		bg = t_px(sf, t->ink.x + t->ink.w, t->ink.y);
	else
		bg = t_px(sf, t->ink.x - 1, t->ink.y);
	/* The last glyph: from the right, inked columns until a blank
	 * one. */
	for (x1 = t->ink.x + t->ink.w - 1; x1 >= t->ink.x; x1--) {
		for (ink = 0, y = t->ink.y; y < t->ink.y + t->ink.h; y++)
			ink |= t_differs(t_px(sf, x1, y), bg);
		if (ink)
			break;
	}
	for (x0 = x1; x0 >= t->ink.x; x0--) {
		for (ink = 0, y = t->ink.y; y < t->ink.y + t->ink.h; y++)
			ink |= t_differs(t_px(sf, x0, y), bg);
		if (!ink)
			break;
	}
	for (y = t->ink.y; y < t->ink.y + t->ink.h; y++)
		for (x = x0 + 1; x <= x1; x++)
			if (t_differs(t_px(sf, x, y), bg)) {
				if (top < 0)
					top = y;
				bottom = y;
				break;
			}
	return top < 0 ? 0 : bottom - top + 1;
}

/* "A 12", "1204": a queue number or a count. */
static int
t_is_number(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0)
		return 0;
	if (n >= 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == ' ')
		s += 2, n -= 2;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

struct t_count {
	int	hero, cards, calls, waiting;
	int	small;		/* numbers below the rule */
	int	worst;		/* the smallest digit, pixels */
};

/*
 * Every number in the trace of frame sf with layout L: its digits
 * measured against min_cap. Returns how many were too small; counts the
 * numbers of each part.
 */
static void
t_check_numbers(cairo_surface_t *sf, const struct render_layout *L,
    const struct t_trace *tr, double min_cap, struct t_count *c,
    const char *what)
{
	const struct render_text *t;
	int i, h;

	for (i = 0; i < tr->n; i++) {
		t = &tr->t[i];
		if (!t_is_number(t->text))
			continue;
		if (t_inside(t->box, L->header))
			continue;		/* the clock is not a number
						 * a citizen must read */
		if (t_inside(t->box, L->hero))
			c->hero++;
		else if (t_inside(t->box, L->calls))
			c->calls++;
		else if (t_inside(t->box, L->waiting))
			c->waiting++;
		else
			c->cards++;
		h = t_digit_height(sf, t);
		if (c->worst == 0 || h < c->worst)
			c->worst = h;
		/* A pixel of hinting either way. */
		if (h + 1 < min_cap) {
			c->small++;
			if (what != NULL)
				printf("# %s: \"%s\" digits %d px high, "
				    "the rule wants %.1f\n", what, t->text, h,
				    min_cap);
		}
	}
}

static void
t_save(cairo_surface_t *sf, const char *name)
{
	const char *dir = getenv("ANTRE_READABLE_PNG");
	char path[512];

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	assert_int_equal(cairo_surface_write_to_png(sf, path),
	    CAIRO_STATUS_SUCCESS);
}

/*
 * Real boards, every page of them: 6 to 100 desks, 4 and 12 services,
 * 1080p both ways and 4K, running text on. Every number is drawn, and
 * its digits measured on the pixels are at least the rule's height.
 */
static void
test_glyph_heights(void **state)
{
	static const int nserv[] = { 4, 12 };
	const struct render_layout *L;
	struct render_conf rc;
	struct renderer *r;
	struct t_trace *tr;
	struct t_count c;
	cairo_surface_t *sf;
	struct board b;
	char name[64];
	size_t s, d, v;
	int p, i, seen[BOARD_MAX_DESKS + 1], ids[BOARD_MAX_DESKS], n, np;
	double min;

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	render_conf_defaults(&rc);
	snprintf(rc.office, sizeof(rc.office), "Mal Pelayanan Publik "
	    "Kabupaten Sleman");
	snprintf(rc.marquee, sizeof(rc.marquee), "Selamat datang. Layanan "
	    "buka Senin sampai Jumat pukul 08.00 sampai 15.00 WIB.");
	for (s = 0; s < T_NSIZES; s++)
		for (d = 0; d < T_NDESKS; d++)
			for (v = 0; v < 2; v++) {
				t_hall(&b, t_desks[d], nserv[v]);
				min = render_min_cap(&rc, t_sizes[s].w,
				    t_sizes[s].h);
				sf = t_surface(t_sizes[s].w, t_sizes[s].h);
				r = renderer_new(&rc);
				renderer_set_trace(r, t_record, tr);
				renderer_set_board(r, &b, T_MONO);
				memset(&c, 0, sizeof(c));
				memset(seen, 0, sizeof(seen));
				np = 1;
				for (p = 0; p < np; p++) {
					memset(tr, 0, sizeof(*tr));
					/* Each page whole, as after
					 * renderer_invalidate(). */
					renderer_invalidate(r);
					assert_true(t_draw(r, sf, T_MONO +
					    (int64_t)p * rc.page_ms, NULL) > 0);
					L = renderer_layout(r);
					assert_non_null(L);
					assert_int_equal(renderer_page(r, &np),
					    p + 1);
					snprintf(name, sizeof(name),
					    "%dx%d-%d-desks-%d-services-p%d",
					    t_sizes[s].w, t_sizes[s].h,
					    t_desks[d], nserv[v], p + 1);
					t_check_numbers(sf, L, tr, min, &c,
					    name);
					n = renderer_shown_desks(r, ids,
					    BOARD_MAX_DESKS);
					for (i = 0; i < n; i++)
						seen[ids[i]]++;
					if (p == 0)
						t_save(sf, name);
				}
				printf("# %dx%d %3d desks %2d services: %d "
				    "page(s) of %d cards, %d calls listed, "
				    "%d services a page, smallest digit %d "
				    "px (rule %.1f)\n", t_sizes[s].w,
				    t_sizes[s].h, t_desks[d], nserv[v], np,
				    L->ncards, L->ncalls, L->nwait, c.worst,
				    min);
				if (c.small > 0)
					fail_msg("%dx%d %d desks: %d numbers "
					    "under the rule", t_sizes[s].w,
					    t_sizes[s].h, t_desks[d], c.small);
				/* Every desk on exactly one page, every
				 * serving desk's number drawn. */
				for (i = 1; i <= t_desks[d]; i++)
					assert_int_equal(seen[i], 1);
				assert_true(c.hero >= 1);
				assert_true(c.calls >= 1);
				assert_true(c.waiting >= 1);
				for (n = 0, i = 0; i < t_desks[d]; i++)
					n += b.desks[i].status == DESK_SERVING;
				assert_int_equal(c.cards, n);
				renderer_free(r);
				cairo_surface_destroy(sf);
			}
	free(tr);
}

/*
 * The measure fails when numbers are too small: the same board drawn
 * for a 43" TV, measured against the rule for a 32" one.
 */
static void
test_glyph_heights_can_fail(void **state)
{
	const struct render_layout *L;
	struct render_conf rc, small;
	struct renderer *r;
	struct t_trace *tr;
	struct t_count c;
	cairo_surface_t *sf;
	struct board b;

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	render_conf_defaults(&rc);
	small = rc;
	small.screen_inches = 32;
	t_hall(&b, 24, 4);
	sf = t_surface(1920, 1080);
	r = renderer_new(&rc);
	renderer_set_trace(r, t_record, tr);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	L = renderer_layout(r);
	memset(&c, 0, sizeof(c));
	t_check_numbers(sf, L, tr, render_min_cap(&rc, 1920, 1080), &c, NULL);
	assert_int_equal(c.small, 0);
	memset(&c, 0, sizeof(c));
	t_check_numbers(sf, L, tr, render_min_cap(&small, 1920, 1080), &c,
	    NULL);
	assert_true(c.small > 0);
	renderer_free(r);
	cairo_surface_destroy(sf);
	free(tr);
}

/* --- pages ---------------------------------------------------------- */

static int
t_ids_text(const int *ids, int n, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += snprintf(buf + o, len - o, "%s%d", i > 0 ? "," : "",
		    ids[i]);
	return n;
}

/* sf holds the same pixels as a new renderer's whole frame of b at t
 * (its pages started at T_MONO too). */
static void
t_same_as_whole(const struct render_conf *rc, const struct board *b,
    cairo_surface_t *sf, int64_t t)
{
	cairo_surface_t *w = t_surface(cairo_image_surface_get_width(sf),
	    cairo_image_surface_get_height(sf));
	struct renderer *r = renderer_new(rc);
	size_t len;

	renderer_set_board(r, b, T_MONO);
	assert_true(t_draw(r, w, T_MONO, NULL) > 0);
	renderer_invalidate(r);
	assert_true(t_draw(r, w, t, NULL) > 0);
	len = (size_t)cairo_image_surface_get_stride(sf) *
	    cairo_image_surface_get_height(sf);
	assert_memory_equal(cairo_image_surface_get_data(sf),
	    cairo_image_surface_get_data(w), len);
	renderer_free(r);
	cairo_surface_destroy(w);
}

#define T_PAGED	37	/* the last page has empty slots */

/*
 * 37 desks at 1080p: pages of equal size in board order, page 1 first,
 * a page every page_ms from the first frame, round again after the
 * last; renderer_due() wakes for each turn and a turn repaints the cards
 * and the dots only, giving the frame the page drawn whole would be.
 */
static void
test_paging(void **state)
{
	const struct render_layout *L;
	struct render_conf rc;
	struct renderer *r;
	cairo_surface_t *sf;
	cairo_region_t *dmg;
	cairo_rectangle_int_t e;
	struct board b;
	int ids[BOARD_MAX_DESKS], n, np, p, i, k, due, per;
	int64_t t;

	(void)state;
	render_conf_defaults(&rc);
	rc.page_ms = 6000;
	t_hall(&b, T_PAGED, 4);
	sf = t_surface(1920, 1080);
	r = renderer_new(&rc);
	assert_int_equal(renderer_page(r, &np), 0);
	assert_int_equal(np, 0);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	L = renderer_layout(r);
	per = L->ncards;
	np = L->npages;
	assert_true(np >= 2);
	assert_true(per * np >= T_PAGED && per * (np - 1) < T_PAGED);
	/* The dots under the cards, apart from them. */
	assert_true(L->pager.h > 0);
	for (i = 0; i < per; i++)
		assert_false(t_overlap(L->pager, L->desk[i]));
	/* Even pages: none has fewer than the others by more than one. */
	assert_true(T_PAGED - per * (np - 1) >= per - np);
	printf("# %d desks at 1920x1080: %d pages of %d\n", T_PAGED, np,
	    per);

	for (k = 0; k < 2 * np + 1; k++) {
		t = T_MONO + (int64_t)k * rc.page_ms;
		p = k % np;
		if (k > 0) {
			/* A millisecond before the turn: nothing to do
			 * but wait for it. */
			due = renderer_due(r, t - 1, T_NOW_MS);
			assert_int_equal(due, 1);
			assert_int_equal(renderer_due(r, t, T_NOW_MS), 0);
			dmg = cairo_region_create();
			assert_true(t_draw(r, sf, t, dmg) > 0);
			cairo_region_get_extents(dmg, &e);
			/* The hero, the header, the lists stay. */
			assert_true(e.x >= L->grid.x && e.y >= L->grid.y);
			assert_false(cairo_region_contains_point(dmg,
			    L->hero.x + 5, L->hero.y + 5));
			cairo_region_destroy(dmg);
			/* ... and the frame is the page drawn whole. */
			t_same_as_whole(&rc, &b, sf, t);
		}
		assert_int_equal(renderer_page(r, &n), p + 1);
		assert_int_equal(n, np);
		n = renderer_shown_desks(r, ids, BOARD_MAX_DESKS);
		assert_int_equal(n, p < np - 1 ? per : T_PAGED - per * (np - 1));
		for (i = 0; i < n; i++)
			assert_int_equal(ids[i], p * per + i + 1);
		/* Until the next turn, the page stays: the clock's minute
		 * (20 s away at 09:41:40) or the turn, whichever first. */
		due = renderer_due(r, t, T_NOW_MS + 40000);
		assert_int_equal(due, rc.page_ms < 20002 ? rc.page_ms :
		    20002);
		assert_int_equal(t_draw(r, sf, t + 10, NULL), 0);
	}
	/* A new board does not restart the rhythm; a call on a desk of
	 * another page does not turn the page (the hero shows it). */
	t = T_MONO + (int64_t)(2 * np + 1) * rc.page_ms + 100;
	b.calls[0].desk = T_PAGED;
	b.calls[0].ticket.number = 777;
	renderer_set_board(r, &b, t);
	assert_true(t_draw(r, sf, t, NULL) > 0);
	assert_int_equal(renderer_page(r, &n), (2 * np + 1) % np + 1);
	assert_int_equal(renderer_due(r, t, T_NOW_MS), rc.page_ms - 100);
	renderer_free(r);

	/* One page: the wake-ups are the clock's alone. */
	t_hall(&b, 6, 4);
	r = renderer_new(&rc);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	assert_int_equal(renderer_layout(r)->npages, 1);
	assert_int_equal(renderer_page(r, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(renderer_due(r, T_MONO, T_NOW_MS), 60002);
	assert_int_equal(renderer_due(r, T_MONO + 30000, T_NOW_MS + 30000),
	    30002);
	n = renderer_shown_desks(r, ids, BOARD_MAX_DESKS);
	assert_int_equal(n, 6);
	assert_int_equal(t_ids_text(ids, n, (char[64]){ 0 }, 64), 6);
	renderer_free(r);
	cairo_surface_destroy(sf);
}

/* Pages laid out evenly, from the grid's capacity alone. */
static void
test_grid_pages(void **state)
{
	struct render_rect cells[BOARD_MAX_DESKS];
	struct render_rect area = { 0, 0, 1000, 600 };
	struct grid_want g = { 1.0, 1.5, 2.0, 1000, 300, 180 };
	int cols, rows, np, per;

	(void)state;
	/* 3 x 3 cells of 300 x 180 fit in 1000 x 600 with gaps of 10. */
	assert_int_equal(grid_capacity(area, 10, 300, 180), 9);
	per = grid_pages(area, 9, 10, &g, cells, &cols, &rows, &np);
	assert_int_equal(per, 9);
	assert_int_equal(np, 1);
	per = grid_pages(area, 10, 10, &g, cells, &cols, &rows, &np);
	assert_int_equal(np, 2);
	assert_int_equal(per, 5);
	assert_true(cells[0].w >= 300 && cells[0].h >= 180);
	per = grid_pages(area, 100, 10, &g, cells, &cols, &rows, &np);
	assert_int_equal(np, 12);
	assert_int_equal(per, 9);
	for (np = 0; np < per; np++)
		assert_true(cells[np].w >= 300 && cells[np].h >= 180);
	/* Not even one readable cell: one a page, as big as it gets. */
	g.min_w = 2000;
	per = grid_pages(area, 5, 10, &g, cells, &cols, &rows, &np);
	assert_int_equal(per, 1);
	assert_int_equal(np, 5);
}

/* --- shortening ----------------------------------------------------- */

/* Every character as wide as another. */
static int
t_fits_chars(const char *s, void *arg)
{
	return (size_t)g_utf8_strlen(s, -1) <= *(size_t *)arg;
}

static const char *
t_short(const char *text, size_t w, char *buf, size_t len)
{
	return text_shorten(text, NULL, t_fits_chars, &w, buf, len);
}

static void
test_shorten(void **state)
{
	char buf[128];
	size_t w;

	(void)state;
	/* Fits: as is. */
	assert_string_equal(t_short("Loket 12", 20, buf, sizeof(buf)),
	    "Loket 12");
	/* A desk keeps its number, words before it shortened. */
	assert_string_equal(t_short("Loket Pelayanan Terpadu 12", 14, buf,
	    sizeof(buf)), "Loket Pela\u2026 12");
	assert_string_equal(t_short("Loket Pelayanan Terpadu 12", 7, buf,
	    sizeof(buf)), "Lok\u2026 12");
	/* Fewer letters than that say nothing more than the number. */
	assert_string_equal(t_short("Loket Pelayanan Terpadu 12", 6, buf,
	    sizeof(buf)), "12");
	assert_string_equal(t_short("Loket Pelayanan Terpadu 12", 2, buf,
	    sizeof(buf)), "12");
	/* Words after the number go first: "Loket 6 Peri…". */
	assert_string_equal(t_short("Loket 6 Perizinan", 13, buf,
	    sizeof(buf)), "Loket 6 Peri\u2026");
	assert_string_equal(t_short("Loket 6 Perizinan", 8, buf,
	    sizeof(buf)), "Loket 6");
	assert_string_equal(t_short("ke Loket 6 Perizinan Usaha", 7, buf,
	    sizeof(buf)), "ke L\u2026 6");
	/* The last word with a digit is the number. */
	assert_string_equal(t_short("Loket 2 Bank BPD 7A", 10, buf,
	    sizeof(buf)), "Loket\u2026 7A");
	/* A service: its letter and the start of its name. */
	assert_string_equal(t_short("B \u00b7 BPJS Kesehatan", 12, buf,
	    sizeof(buf)), "B \u00b7 BPJS Ke\u2026");
	assert_string_equal(t_short("B \u00b7 BPJS Kesehatan", 2, buf,
	    sizeof(buf)), "B\u2026");
	assert_string_equal(t_short("B \u00b7 BPJS Kesehatan", 0, buf,
	    sizeof(buf)), "B\u2026");
	/* A name without a number ends with its desk's when shortened. */
	w = 14;
	assert_string_equal(text_shorten("Loket Prioritas (lansia)", "6",
	    t_fits_chars, &w, buf, sizeof(buf)), "Loket Prior\u2026 6");
	w = 30;
	assert_string_equal(text_shorten("Loket Prioritas (lansia)", "6",
	    t_fits_chars, &w, buf, sizeof(buf)), "Loket Prioritas (lansia)");
	w = 14;
	assert_string_equal(text_shorten("Loket Pelayanan Terpadu 12", "3",
	    t_fits_chars, &w, buf, sizeof(buf)), "Loket Pela\u2026 12");
	/* Characters, not bytes, are cut. */
	assert_string_equal(t_short("\u00c9\u00c9\u00c9\u00c9\u00c9 9", 6,
	    buf, sizeof(buf)), "\u00c9\u00c9\u00c9\u2026 9");
}

/* On the board: long desk and service names as the frame shows them. */
static void
test_shorten_drawn(void **state)
{
	const struct render_layout *L;
	const struct render_text *t;
	struct render_conf rc;
	struct renderer *r;
	struct t_trace *tr;
	cairo_surface_t *sf;
	struct board b;
	int i, desk = 0, serv = 0, hero = 0, n;

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	render_conf_defaults(&rc);
	t_hall(&b, 12, 8);
	snprintf(b.desks[2].name, sizeof(b.desks[2].name),
	    "Loket Pelayanan Terpadu Satu Pintu 3");
	snprintf(b.waiting[1].name, sizeof(b.waiting[1].name),
	    "BPJS Kesehatan Kantor Cabang Sleman");
	snprintf(b.calls[0].desk_name, sizeof(b.calls[0].desk_name),
	    "Loket Pelayanan Terpadu Satu Pintu Perizinan 6");
	sf = t_surface(1920, 1080);
	r = renderer_new(&rc);
	renderer_set_trace(r, t_record, tr);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	L = renderer_layout(r);
	for (i = 0; i < tr->n; i++) {
		t = &tr->t[i];
		n = (int)strlen(t->shown);
		if (strcmp(t->text, b.desks[2].name) == 0 &&
		    t_inside(t->box, L->desk[2])) {
			desk = 1;
			assert_true(t->ellipsized);
			assert_true(n > 5);
			assert_string_equal(t->shown + n - 2, " 3");
			assert_non_null(strstr(t->shown, "\u2026"));
		}
		if (strncmp(t->text, "B \u00b7 BPJS", 8) == 0) {
			serv = 1;
			assert_true(t->ellipsized);
			/* "B · BPJS Kes…": more than the letter. */
			assert_int_equal(strncmp(t->shown, "B \u00b7 BPJS", 8),
			    0);
		}
		if (strncmp(t->text, "ke Loket", 8) == 0 &&
		    t_inside(t->box, L->hero)) {
			hero = 1;
			assert_true(n > 2);
			assert_string_equal(t->shown + n - 2, " 6");
		}
		/* Nothing shortened leaves its box. */
		assert_true(t_inside(t->ink, t->box));
	}
	assert_true(desk && serv && hero);
	renderer_free(r);
	cairo_surface_destroy(sf);
	free(tr);
}

/* --- centring, called frame, title ------------------------------------ */

/*
 * "J 12", "A 12" and "Q 12" on cards of one row stand at one height:
 * their capitals' tops and their digits' bottoms line up.
 */
static void
test_centring(void **state)
{
	const struct render_layout *L;
	const struct render_text *t;
	struct render_conf rc;
	struct renderer *r;
	struct t_trace *tr;
	cairo_surface_t *sf;
	struct board b;
	int i, k, top[3], found = 0;
	static const char *const want[] = { "A 12", "J 12", "Q 12" };

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	render_conf_defaults(&rc);
	t_hall(&b, 6, 4);
	for (k = 0; k < 3; k++) {
		b.desks[k].status = DESK_SERVING;
		b.desks[k].ticket.service = want[k][0];
		b.desks[k].ticket.number = 12;
	}
	/* Names with and without descenders. */
	snprintf(b.desks[0].name, sizeof(b.desks[0].name), "Loket 1");
	snprintf(b.desks[1].name, sizeof(b.desks[1].name), "Loket Pajak 2");
	sf = t_surface(1920, 1080);
	r = renderer_new(&rc);
	renderer_set_trace(r, t_record, tr);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	L = renderer_layout(r);
	/* Cards of one size: the numbers' tops from their cards' tops. */
	assert_int_equal(L->desk[0].h, L->desk[2].h);
	for (k = 0; k < 3; k++)
		for (i = 0; i < tr->n; i++) {
			t = &tr->t[i];
			if (strcmp(t->text, want[k]) == 0 &&
			    t_inside(t->box, L->desk[k])) {
				top[k] = t->ink.y - L->desk[k].y;
				found++;
			}
		}
	assert_int_equal(found, 3);
	assert_true(abs(top[0] - top[1]) <= 1);
	assert_true(abs(top[0] - top[2]) <= 2);
	/* The names' baselines: same ink top for "Loket 1" and "Loket
	 * Pajak 2" (the j hangs below, nothing moves up). */
	for (found = 0, i = 0; i < tr->n; i++) {
		t = &tr->t[i];
		if (strcmp(t->text, "Loket 1") == 0 &&
		    t_inside(t->box, L->desk[0]))
			top[0] = t->ink.y - L->desk[0].y, found++;
		if (strcmp(t->text, "Loket Pajak 2") == 0 &&
		    t_inside(t->box, L->desk[1]))
			top[1] = t->ink.y - L->desk[1].y, found++;
	}
	assert_int_equal(found, 2);
	assert_true(abs(top[0] - top[1]) <= 1);
	renderer_free(r);
	cairo_surface_destroy(sf);
	free(tr);
}

static int
t_is_rgb(const unsigned char *px, struct rgb c)
{
	return abs(px[2] - (int)(c.r * 255 + 0.5)) <= 2 &&
	    abs(px[1] - (int)(c.g * 255 + 0.5)) <= 2 &&
	    abs(px[0] - (int)(c.b * 255 + 0.5)) <= 2;
}

/* The newest call's desk has the accent frame while it serves, not once
 * it is closed; a zone's title is in the header. */
static void
test_called_frame_and_title(void **state)
{
	const struct render_layout *L;
	struct render_conf rc;
	struct renderer *r;
	struct t_trace *tr;
	cairo_surface_t *sf;
	struct board b;
	struct render_rect c;
	int i, found = 0;

	(void)state;
	tr = calloc(1, sizeof(*tr));
	assert_non_null(tr);
	render_conf_defaults(&rc);
	t_hall(&b, 6, 4);
	b.calls[0].desk = 2;
	b.desks[1].status = DESK_SERVING;
	b.desks[1].ticket = b.calls[0].ticket;
	snprintf(b.title, sizeof(b.title), "Zona A \u2014 Dukcapil");
	sf = t_surface(1920, 1080);
	r = renderer_new(&rc);
	renderer_set_trace(r, t_record, tr);
	renderer_set_board(r, &b, T_MONO);
	assert_true(t_draw(r, sf, T_MONO, NULL) > 0);
	L = renderer_layout(r);
	c = L->desk[1];
	assert_true(t_is_rgb(t_px(sf, c.x + c.w / 2, c.y + 1),
	    rc.theme.accent));
	for (i = 0; i < tr->n; i++)
		if (strcmp(tr->t[i].text, "Zona A \u2014 Dukcapil") == 0 &&
		    t_inside(tr->t[i].box, L->header) &&
		    strcmp(tr->t[i].shown, tr->t[i].text) == 0)
			found = 1;
	assert_true(found);

	b.desks[1].status = DESK_CLOSED;
	renderer_set_board(r, &b, T_MONO + 1000);
	assert_true(t_draw(r, sf, T_MONO + 1000, NULL) > 0);
	assert_false(t_is_rgb(t_px(sf, c.x + c.w / 2, c.y + 1),
	    rc.theme.accent));
	renderer_free(r);
	cairo_surface_destroy(sf);
	free(tr);
}

/* --- the png's metadata --------------------------------------------- */

static void
test_png_meta(void **state)
{
	struct frame_meta m = { .board_json = "{}", .now_ms = T_NOW_MS,
	    .page = "2/3", .desks = "13,14,15" };
	struct output_conf oc;
	struct output *o;
	png_structp png;
	png_infop info;
	png_textp text;
	char dir[] = "/tmp/test_readable.XXXXXX", path[256];
	const char *volatile page = NULL;
	const char *volatile desks = NULL;
	FILE *fp;
	int i, n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "png");
	oc.width = 320;
	oc.height = 240;
	snprintf(oc.png_dir, sizeof(oc.png_dir), "%s", dir);
	o = output_open(&oc);
	assert_non_null(o);
	assert_int_equal(output_present(o, &m, NULL), 0);
	output_close(o);

	snprintf(path, sizeof(path), "%s/latest.png", dir);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng cannot read %s", path);
	png_init_io(png, fp);
	png_read_info(png, info);
	n = png_get_text(png, info, &text, NULL);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		if (strcmp(text[i].key, "Antre-Page") == 0)
			page = text[i].text;
		if (strcmp(text[i].key, "Antre-Desks") == 0)
			desks = text[i].text;
	}
	assert_non_null(page);
	assert_non_null(desks);
	assert_string_equal(page, "2/3");
	assert_string_equal(desks, "13,14,15");
	png_destroy_read_struct(&png, &info, NULL);
	fclose(fp);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min_cap),
		cmocka_unit_test(test_config_keys),
		cmocka_unit_test(test_grid_pages),
		cmocka_unit_test(test_shorten),
		cmocka_unit_test(test_glyph_heights_can_fail),
		cmocka_unit_test(test_glyph_heights),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_shorten_drawn),
		cmocka_unit_test(test_centring),
		cmocka_unit_test(test_called_frame_and_title),
		cmocka_unit_test(test_png_meta),
	};
	int rv;

	setenv("TZ", "WIB-7", 1);
	tzset();
	rv = cmocka_run_group_tests(tests, NULL, NULL);
	render_cleanup();
	return rv;
}
