/*
 * render.c - draws the queue board with cairo and pango.
 *
 * The board is read from across a hall, so every size derives from the
 * screen: one "unit" is 1% of the shorter side. render_layout() places
 * the rectangles; the draw_*() functions fill them. Text is never allowed
 * to leave its box: names are ellipsized, numbers shrunk until their ink
 * fits. Nothing here reads a clock, so a frame depends only on its inputs.
 */
#include "render.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pango/pangocairo.h>

#include "log.h"

#define RENDER_MIN_W	160
#define RENDER_MIN_H	120
#define TEXT_MIN_PX	6.0	/* below this a text is not worth drawing */
#define TEXT_MAX	512	/* bytes of any one text on the board */

/* text_draw() flags */
#define FIT_LEFT	0x00
#define FIT_CENTER	0x01
#define FIT_RIGHT	0x02
#define FIT_ALIGN	0x03
#define FIT_BOLD	0x04
#define FIT_ELLIPSIZE	0x08
#define FIT_INK_MIDDLE	0x10	/* centre the ink, not the line: numbers */
#define FIT_SHRINK	0x20	/* shrink up to NAME_SHRINK before ellipsis */
#define FIT_SHRINK_MORE	0x40	/* up to TITLE_SHRINK */
#define FIT_ADVANCE	0x80	/* fit the advance width too: digits share
				 * one, so every 3-digit number gets one size */
#define FIT_NUMBER	(FIT_BOLD | FIT_INK_MIDDLE | FIT_ADVANCE)

#define NAME_SHRINK	0.78
#define TITLE_SHRINK	0.6	/* the office name has no peers to match */

#define NUMCACHE	48	/* ticket texts whose fitted size is kept */
#define TEXTCACHE	192	/* fitted layouts kept (a 24-desk board has
				 * about 100 texts) */

/* A text fitted into a box once: most of the board's texts (names,
 * labels, the calls list as it scrolls) come back frame after frame,
 * and fitting means shaping the text two or three times. */
struct fitted {
	PangoLayout	*pl;		/* NULL: free slot */
	char		*text;
	int		 box_w, box_h, flags;
	double		 px;
	PangoRectangle	 ink, logical;
};

struct numsize {
	char	text[16];
	double	px;
};

/* What a renderer knows about the screen. */
struct renderer {
	const struct render_conf *rc;
	cairo_surface_t		*logo;		/* NULL: none */
	PangoContext		*pc;
	render_trace_fn		*trace;
	void			*arg;

	/* What to show. */
	struct board		 board;
	bool			 have_board;
	bool			 changed;	/* board set since drawn */
	bool			 manual_lit;	/* highlight only when told */
	int64_t			 lit_from;	/* highlight start, mono ms */
	bool			 lit_set;
	int64_t			 marquee_t0;	/* running text start, mono */
	bool			 marquee_started;

	/* What the screen shows. */
	bool			 valid;		/* the fields below hold */
	struct render_layout	 lay;
	struct board		 shown;
	char			 date[64];
	char			 clock[16];
	bool			 lit;
	double			 num_px;	/* size of the card numbers */
	int			 marquee_off;

	/* Fitted card number sizes for the current layout. */
	struct numsize		 nums[NUMCACHE];
	int			 nnums;
	double			 num_base;	/* "A 888" */

	struct fitted		 texts[TEXTCACHE];
	int			 next_text;	/* slot to reuse when full */

	/* The logo at the size the header gives it. */
	cairo_surface_t		*logo_scaled;

	/* The running text, drawn once and scrolled. */
	cairo_surface_t		*strip;
	int			 strip_h;
	int			 strip_period;	/* width of text + gap */
};

struct render_ctx {
	cairo_t			*cr;
	PangoContext		*pc;
	const struct render_conf *rc;
	const struct board	*b;
	const struct render_layout *lay;
	double			 u;
	render_trace_fn		*trace;
	void			*arg;
	struct renderer		*r;
	bool			 lit;		/* hero highlighted */
};

static const char *const render_days[7] = {
	"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"
};

static const char *const render_months[12] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
};

static void
copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

void
render_conf_defaults(struct render_conf *rc)
{
	struct render_theme *t = &rc->theme;
	struct render_labels *l = &rc->labels;

	memset(rc, 0, sizeof(*rc));
	copy_str(rc->office, sizeof(rc->office), "Mal Pelayanan Publik");
	/* Long enough to look up and find the number, short enough that
	 * the next call stands out again. */
	rc->highlight_ms = 10000;
	rc->marquee_speed = 90;
	rc->marquee_fps = 30;

	/* Deep blue with white text and amber numbers: high contrast from
	 * the back of a hall, calm enough to look at all day. */
	t->background = (struct rgb){ 0.043, 0.106, 0.208 };
	t->panel = (struct rgb){ 0.090, 0.184, 0.325 };
	t->text = (struct rgb){ 1.0, 1.0, 1.0 };
	t->muted = (struct rgb){ 0.588, 0.675, 0.792 };
	t->accent = (struct rgb){ 1.0, 0.792, 0.259 };
	t->warning = (struct rgb){ 0.761, 0.129, 0.145 };
	copy_str(t->font, sizeof(t->font), "Noto Sans");

	copy_str(l->now_calling, sizeof(l->now_calling), "Sekarang dipanggil");
	copy_str(l->desk_serving, sizeof(l->desk_serving), "melayani");
	copy_str(l->desk_idle, sizeof(l->desk_idle), "kosong");
	copy_str(l->desk_paused, sizeof(l->desk_paused), "istirahat");
	copy_str(l->desk_closed, sizeof(l->desk_closed), "tutup");
	copy_str(l->desk_offline, sizeof(l->desk_offline), "tidak aktif");
	copy_str(l->last_calls, sizeof(l->last_calls), "Panggilan terakhir");
	copy_str(l->waiting, sizeof(l->waiting), "Menunggu");
	copy_str(l->to_desk, sizeof(l->to_desk), "ke");
}

/* --- time ----------------------------------------------------------- */

static int
local_tm(int64_t ms, struct tm *tm)
{
	time_t t;
	int64_t s;

	/* Floor, not truncate: a clock before 1970 is broken, but must
	 * still not show the next second. */
	s = ms / 1000;
	if (ms % 1000 < 0)
		s--;
	t = (time_t)s;
	if (localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

const char *
render_date(int64_t ms, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (local_tm(ms, &tm) == -1 || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return buf;
	snprintf(buf, len, "%s, %d %s %lld", render_days[tm.tm_wday],
	    tm.tm_mday, render_months[tm.tm_mon], (long long)tm.tm_year + 1900);
	return buf;
}

const char *
render_clock(int64_t ms, bool seconds, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (local_tm(ms, &tm) == -1)
		return buf;
	if (seconds)
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
	else
		snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
	return buf;
}

/* --- layout --------------------------------------------------------- */

static int
iround(double v)
{
	return (int)lround(v);
}

static struct render_rect
rect_make(int x, int y, int w, int h)
{
	struct render_rect r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };

	return r;
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Lays n equal cells out in area, choosing the column count that gives
 * the largest cells for the wanted proportions: a cell's readable size
 * is limited by its height and by its width / aspect. (For desk cards,
 * 1.5 is where a three-digit "A 888" is as wide as its box is tall
 * after the name and state lines take their share.) Cells stay within
 * min_aspect..max_aspect (width / height) and no taller than max_h, so
 * a hall with two desks does not get two billboards. Returns the
 * bounding rectangle of the cells.
 */
static struct render_rect
grid_place(struct render_rect area, int n, int gap, double min_aspect,
    double aspect, double max_aspect, int max_h, struct render_rect *cells,
    int *colsp, int *rowsp)
{
	double best = 0.0, score;
	int cols, rows, cw, ch, bc = 0, bw = 0, bh = 0, br = 0;
	int i, x0, y0, tw, th;

	*colsp = *rowsp = 0;
	if (n <= 0)
		return rect_make(area.x, area.y, 0, 0);
	for (cols = 1; cols <= n; cols++) {
		rows = (n + cols - 1) / cols;
		cw = (area.w - (cols - 1) * gap) / cols;
		ch = (area.h - (rows - 1) * gap) / rows;
		if (cw < 1 || ch < 1)
			continue;
		if (ch > cw / min_aspect)
			ch = (int)(cw / min_aspect);
		if (ch > max_h)
			ch = max_h;
		if (cw > ch * max_aspect)
			cw = (int)(ch * max_aspect);
		score = fmin(ch, cw / aspect);
		if (score > best) {
			best = score;
			bc = cols;
			br = rows;
			bw = cw;
			bh = ch;
		}
	}
	if (bc == 0)
		return rect_make(area.x, area.y, 0, 0);
	tw = bc * bw + (bc - 1) * gap;
	th = br * bh + (br - 1) * gap;
	/* Top left: the first card lines up with the panels beside it. */
	x0 = area.x;
	y0 = area.y;
	for (i = 0; i < n; i++)
		cells[i] = rect_make(x0 + (i % bc) * (bw + gap),
		    y0 + (i / bc) * (bh + gap), bw, bh);
	*colsp = bc;
	*rowsp = br;
	return rect_make(x0, y0, tw, th);
}

static void
layout_landscape(struct render_layout *L, int nd, int has_wait, double u,
    struct render_rect body, int gap)
{
	struct render_rect area;
	double frac;
	int lw, hh, rx, rw, wh;

	/* The left column holds what was just called; it gives way to the
	 * desk grid as the desks multiply. */
	frac = nd <= 4 ? 0.40 : nd <= 12 ? 0.34 : 0.29;
	lw = iround(body.w * frac);
	hh = iround(body.h * 0.56);
	L->hero = rect_make(body.x, body.y, lw, hh);
	L->calls = rect_make(body.x, body.y + hh + gap, lw, body.h - hh - gap);

	rx = body.x + lw + gap;
	rw = body.x + body.w - rx;
	area = rect_make(rx, body.y, rw, body.h);
	if (has_wait) {
		wh = iround(17 * u);
		L->waiting = rect_make(rx, body.y + body.h - wh, rw, wh);
		area.h -= wh + gap;
	}
	L->grid = grid_place(area, nd, gap, 1.0, 1.5, 2.0, iround(36 * u),
	    L->desk, &L->cols, &L->rows);
}

static void
layout_portrait(struct render_layout *L, int nd, int has_wait, double u,
    struct render_rect body, int gap)
{
	struct render_rect area;
	int hh, bh, cw, y;

	/* Tall screens give the hero a share of the height; nearly square
	 * ones would squash it, so it also gets a share of the width. */
	hh = iround(fmax(body.h * 0.21, body.w * 0.3));
	bh = iround(body.h * 0.25);
	L->hero = rect_make(body.x, body.y, body.w, hh);
	y = body.y + body.h - bh;
	if (has_wait) {
		cw = iround((body.w - gap) * 0.55);
		L->calls = rect_make(body.x, y, cw, bh);
		L->waiting = rect_make(body.x + cw + gap, y, body.w - cw - gap,
		    bh);
	} else
		L->calls = rect_make(body.x, y, body.w, bh);
	area = rect_make(body.x, body.y + hh + gap, body.w,
	    body.h - hh - bh - 2 * gap);
	L->grid = grid_place(area, nd, gap, 1.15, 1.5, 2.4, iround(30 * u),
	    L->desk, &L->cols, &L->rows);
}

int
render_layout(const struct render_conf *rc, const struct board *b,
    int width, int height, struct render_layout *L)
{
	struct render_rect body;
	double u;
	int margin, gap, hh, fh, mh, cw, bottom, nd, has_wait;

	memset(L, 0, sizeof(*L));
	if (width < RENDER_MIN_W || height < RENDER_MIN_H)
		return -1;
	L->width = width;
	L->height = height;
	L->portrait = height > width;
	u = (width < height ? width : height) / 100.0;
	L->unit = iround(u) > 0 ? iround(u) : 1;
	margin = iround(2 * u);
	gap = iround(1.5 * u);

	hh = iround((L->portrait ? 11 : 10) * u);
	L->header = rect_make(0, 0, width, hh);
	/* The clock has a box of its own: once a minute only it changes. */
	cw = iround(hh * (rc != NULL && rc->clock_seconds ? 3.1 : 2.1));
	L->clock = rect_make(width - margin - cw, iround(hh * 0.18), cw,
	    iround(hh * 0.60));
	bottom = height - margin;
	if (rc != NULL && rc->marquee[0] != '\0') {
		mh = iround(6 * u);
		L->marquee = rect_make(0, height - mh, width, mh);
		bottom -= mh;
	}
	if (b->fault[0] != '\0') {
		fh = iround(6.5 * u);
		L->fault = rect_make(0, bottom + margin - fh, width, fh);
		bottom -= fh;
	}
	body = rect_make(margin, hh + margin, width - 2 * margin,
	    bottom - hh - margin);

	nd = clampi(b->ndesks, 0, BOARD_MAX_DESKS);
	has_wait = b->nwaiting > 0;
	L->ndesks = nd;
	if (L->portrait)
		layout_portrait(L, nd, has_wait, u, body, gap);
	else
		layout_landscape(L, nd, has_wait, u, body, gap);
	return 0;
}

/* --- text ----------------------------------------------------------- */

/*
 * Copies at most max bytes of s into buf as valid UTF-8: board strings
 * come from the network, and pango refuses invalid text as a whole.
 */
static const char *
text_clean(const char *s, size_t max, char *buf, size_t len)
{
	const gchar *end;
	size_t n, o = 0, k;

	n = strnlen(s, max);
	while (n > 0 && o + 1 < len) {
		if (g_utf8_validate(s, n, &end))
			k = n;
		else
			k = (size_t)(end - s);
		if (k == 0) {
			buf[o++] = '?';
			s++;
			n--;
			continue;
		}
		if (k > len - 1 - o)
			k = len - 1 - o;
		memcpy(buf + o, s, k);
		o += k;
		s += k;
		n -= k;
	}
	buf[o] = '\0';
	/* A cut in the middle of a character leaves a broken tail. */
	while (o > 0 && !g_utf8_validate(buf, o, NULL))
		buf[--o] = '\0';
	return buf;
}

static PangoLayout *
text_layout(struct render_ctx *rx, const char *text, double px, int flags,
    int width)
{
	PangoFontDescription *fd;
	PangoLayout *pl;
	const char *family = rx->rc->theme.font;

	pl = pango_layout_new(rx->pc);
	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family[0] != '\0' ? family :
	    "Sans");
	pango_font_description_set_weight(fd, flags & FIT_BOLD ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_single_paragraph_mode(pl, TRUE);
	if (flags & FIT_ELLIPSIZE) {
		pango_layout_set_width(pl, width * PANGO_SCALE);
		pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(pl, text, -1);
	return pl;
}

/*
 * Finds the largest size up to px at which text's ink fits in box and
 * returns its layout, or NULL if only an unreadably small size would.
 */
static PangoLayout *
text_fit(struct render_ctx *rx, const char *text, struct render_rect box,
    double px, int flags, PangoRectangle *ink, PangoRectangle *logical)
{
	PangoLayout *pl;
	double s;
	int i, w;

	/* A long office or desk name reads better a little smaller than
	 * cut short, but not so small that it stops matching its peers. */
	if (flags & (FIT_SHRINK | FIT_SHRINK_MORE)) {
		pl = text_layout(rx, text, px, flags & ~FIT_ELLIPSIZE, box.w);
		pango_layout_get_pixel_extents(pl, ink, logical);
		g_object_unref(pl);
		/* Pango ellipsizes on the logical width, which is wider than
		 * the ink by the side bearings. */
		w = ink->width > logical->width ? ink->width : logical->width;
		if (w > box.w)
			px = fmax(floor(px * box.w / w), px *
			    (flags & FIT_SHRINK_MORE ? TITLE_SHRINK :
			    NAME_SHRINK));
	}
	for (i = 0; i < 16 && px >= TEXT_MIN_PX; i++) {
		pl = text_layout(rx, text, px, flags, box.w);
		pango_layout_get_pixel_extents(pl, ink, logical);
		w = ink->width;
		if ((flags & FIT_ADVANCE) && logical->width > w)
			w = logical->width;
		if (w <= box.w && ink->height <= box.h)
			return pl;
		g_object_unref(pl);
		s = fmin((double)box.w / w, (double)box.h / ink->height);
		/* Hinting makes ink grow in steps; always make progress. */
		px = floor(fmin(px * s, px - 1.0));
	}
	return NULL;
}

/* The size text_fit() would settle on, or 0. */
static double
text_fit_size(struct render_ctx *rx, const char *text, struct render_rect box,
    double px, int flags)
{
	PangoRectangle ink, logical;
	PangoLayout *pl;
	double size;

	if ((pl = text_fit(rx, text, box, px, flags, &ink, &logical)) == NULL)
		return 0.0;
	size = pango_font_description_get_size(
	    pango_layout_get_font_description(pl)) / (double)PANGO_SCALE;
	g_object_unref(pl);
	return size;
}

static int
text_x(struct render_rect box, const PangoRectangle *ink, int flags)
{
	switch (flags & FIT_ALIGN) {
	case FIT_CENTER:
		return box.x + (box.w - ink->width) / 2 - ink->x;
	case FIT_RIGHT:
		return box.x + box.w - ink->width - ink->x;
	default:
		return box.x - ink->x;
	}
}

static int
text_y(struct render_rect box, const PangoRectangle *ink,
    const PangoRectangle *logical, int flags)
{
	int y;

	if (flags & FIT_INK_MIDDLE)
		return box.y + (box.h - ink->height) / 2 - ink->y;
	/* Centre the line so texts with and without descenders share a
	 * baseline, then pull the ink back inside if the font's line is
	 * taller than the box. */
	y = box.y + (box.h - logical->height) / 2 - logical->y;
	if (y + ink->y < box.y)
		y = box.y - ink->y;
	if (y + ink->y + ink->height > box.y + box.h)
		y = box.y + box.h - ink->y - ink->height;
	return y;
}

static void
set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void
fitted_clear(struct fitted *f)
{
	if (f->pl != NULL)
		g_object_unref(f->pl);
	free(f->text);
	memset(f, 0, sizeof(*f));
}

/* text_fit() through the renderer's cache: a new reference, or NULL. */
static PangoLayout *
text_fit_cached(struct render_ctx *rx, const char *text,
    struct render_rect box, double px, int flags, PangoRectangle *ink,
    PangoRectangle *logical)
{
	struct renderer *r = rx->r;
	struct fitted *f;
	PangoLayout *pl;
	int i;

	if (r == NULL)
		return text_fit(rx, text, box, px, flags, ink, logical);
	for (i = 0; i < TEXTCACHE; i++) {
		f = &r->texts[i];
		if (f->pl != NULL && f->box_w == box.w && f->box_h == box.h &&
		    f->flags == flags && f->px == px &&
		    strcmp(f->text, text) == 0) {
			*ink = f->ink;
			*logical = f->logical;
			return g_object_ref(f->pl);
		}
	}
	if ((pl = text_fit(rx, text, box, px, flags, ink, logical)) == NULL)
		return NULL;
	f = &r->texts[r->next_text];
	r->next_text = (r->next_text + 1) % TEXTCACHE;
	fitted_clear(f);
	if ((f->text = strdup(text)) != NULL) {
		f->pl = g_object_ref(pl);
		f->box_w = box.w;
		f->box_h = box.h;
		f->flags = flags;
		f->px = px;
		f->ink = *ink;
		f->logical = *logical;
	}
	return pl;
}

/*
 * Draws text (max bytes of it) inside box at size px or smaller. Returns
 * the size used, 0 if nothing was drawn.
 */
static double
text_draw(struct render_ctx *rx, const char *text, size_t max,
    struct render_rect box, double px, int flags, struct rgb color)
{
	char clean[TEXT_MAX];
	PangoRectangle ink, logical;
	PangoLayout *pl;
	struct render_text t;
	double size;
	int x, y;

	text_clean(text, max, clean, sizeof(clean));
	if (clean[0] == '\0' || box.w <= 0 || box.h <= 0)
		return 0.0;
	if ((pl = text_fit_cached(rx, clean, box, px, flags, &ink,
	    &logical)) == NULL)
		return 0.0;
	x = text_x(box, &ink, flags);
	y = text_y(box, &ink, &logical, flags);
	set_rgb(rx->cr, color);
	cairo_move_to(rx->cr, x, y);
	pango_cairo_show_layout(rx->cr, pl);

	size = pango_font_description_get_size(
	    pango_layout_get_font_description(pl)) / (double)PANGO_SCALE;
	if (rx->trace != NULL) {
		t.text = clean;
		t.box = box;
		t.ink = rect_make(x + ink.x, y + ink.y, ink.width, ink.height);
		t.size = size;
		t.ellipsized = pango_layout_is_ellipsized(pl);
		rx->trace(&t, rx->arg);
	}
	g_object_unref(pl);
	return size;
}

/* "A 12": the form a citizen compares with the slip in their hand. */
static const char *
ticket_text(const struct ticket *t, char *buf, size_t len)
{
	if (t->service < 'A' || t->service > 'Z' || t->number < 1 ||
	    t->number > TICKET_NUMBER_MAX)
		copy_str(buf, len, "");
	else
		snprintf(buf, len, "%c %d", t->service, t->number);
	return buf;
}

/* --- shapes --------------------------------------------------------- */

static struct rgb
rgb_mix(struct rgb a, struct rgb b, double t)
{
	struct rgb c = {
		a.r + (b.r - a.r) * t,
		a.g + (b.g - a.g) * t,
		a.b + (b.b - a.b) * t
	};

	return c;
}

static void
rect_path(cairo_t *cr, struct render_rect r, double radius)
{
	double x = r.x, y = r.y, w = r.w, h = r.h;

	if (radius > w / 2)
		radius = w / 2;
	if (radius > h / 2)
		radius = h / 2;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - radius, y + radius, radius, -M_PI / 2, 0);
	cairo_arc(cr, x + w - radius, y + h - radius, radius, 0, M_PI / 2);
	cairo_arc(cr, x + radius, y + h - radius, radius, M_PI / 2, M_PI);
	cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void
rect_fill(struct render_ctx *rx, struct render_rect r, double radius,
    struct rgb c)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	rect_path(rx->cr, r, radius);
	set_rgb(rx->cr, c);
	cairo_fill(rx->cr);
}

/* An outline drawn inside r, so it never spills onto a neighbour: the
 * ring between r and r inset by width, one even-odd fill. */
static void
rect_stroke(struct render_ctx *rx, struct render_rect r, double radius,
    double width, struct rgb c)
{
	struct render_rect in;
	int w = iround(width) > 0 ? iround(width) : 1;

	in = rect_make(r.x + w, r.y + w, r.w - 2 * w, r.h - 2 * w);
	cairo_save(rx->cr);
	cairo_new_path(rx->cr);
	rect_path(rx->cr, r, radius);
	if (in.w > 0 && in.h > 0)
		rect_path(rx->cr, in, radius > w ? radius - w : 0);
	cairo_set_fill_rule(rx->cr, CAIRO_FILL_RULE_EVEN_ODD);
	set_rgb(rx->cr, c);
	cairo_fill(rx->cr);
	cairo_restore(rx->cr);
}

static struct render_rect
rect_inset(struct render_rect r, int dx, int dy)
{
	return rect_make(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

/* --- parts of the board --------------------------------------------- */

/* The office logo, scaled to fit box and kept in proportion; returns the
 * width it took. */
static int
draw_logo(struct render_ctx *rx, struct render_rect box)
{
	struct renderer *r = rx->r;
	cairo_surface_t *logo = r != NULL ? r->logo : NULL;
	double lw, lh, s;
	int w, h;
	cairo_t *cr;

	if (logo == NULL || box.w <= 0 || box.h <= 0)
		return 0;
	lw = cairo_image_surface_get_width(logo);
	lh = cairo_image_surface_get_height(logo);
	if (lw < 1 || lh < 1)
		return 0;
	s = fmin(box.h / lh, box.w / lw);
	w = iround(lw * s) > 0 ? iround(lw * s) : 1;
	h = iround(lh * s) > 0 ? iround(lh * s) : 1;
	/* Scaling is the slow path of pixman: once per size, then a copy. */
	if (r->logo_scaled == NULL ||
	    cairo_image_surface_get_width(r->logo_scaled) != w ||
	    cairo_image_surface_get_height(r->logo_scaled) != h) {
		if (r->logo_scaled != NULL)
			cairo_surface_destroy(r->logo_scaled);
		r->logo_scaled = cairo_image_surface_create(
		    CAIRO_FORMAT_ARGB32, w, h);
		cr = cairo_create(r->logo_scaled);
		cairo_scale(cr, w / lw, h / lh);
		cairo_set_source_surface(cr, logo, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr),
		    CAIRO_FILTER_GOOD);
		cairo_paint(cr);
		cairo_destroy(cr);
	}
	cairo_set_source_surface(rx->cr, r->logo_scaled, box.x,
	    box.y + (box.h - h) / 2);
	cairo_paint(rx->cr);
	return w;
}

static void
draw_clock(struct render_ctx *rx, int64_t now_ms)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect clock = rx->lay->clock;
	char buf[16];

	text_draw(rx, render_clock(now_ms, rx->rc->clock_seconds, buf,
	    sizeof(buf)), sizeof(buf), clock, clock.h * 1.4,
	    FIT_BOLD | FIT_RIGHT | FIT_INK_MIDDLE, th->text);
}

static void
draw_header(struct render_ctx *rx, int64_t now_ms)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect hd = rx->lay->header, office, date;
	char buf[64];
	int m = iround(2 * rx->u), line, lw;

	rect_fill(rx, hd, 0, th->panel);
	line = iround(0.4 * rx->u) > 0 ? iround(0.4 * rx->u) : 1;
	rect_fill(rx, rect_make(hd.x, hd.y + hd.h - line, hd.w, line), 0,
	    th->accent);

	/* The logo may take up to a quarter of the width. */
	lw = draw_logo(rx, rect_make(hd.x + m, hd.y + iround(hd.h * 0.12),
	    hd.w / 4, hd.h - line - 2 * iround(hd.h * 0.12)));
	if (lw > 0)
		lw += m;
	office = rect_make(hd.x + m + lw, hd.y + iround(hd.h * 0.10),
	    rx->lay->clock.x - 2 * m - hd.x - lw, iround(hd.h * 0.46));
	date = rect_make(office.x, hd.y + iround(hd.h * 0.58), office.w,
	    iround(hd.h * 0.28));

	text_draw(rx, rx->rc->office, sizeof(rx->rc->office), office,
	    office.h * 0.78, FIT_BOLD | FIT_ELLIPSIZE | FIT_SHRINK_MORE,
	    th->text);
	text_draw(rx, render_date(now_ms, buf, sizeof(buf)), sizeof(buf),
	    date, date.h * 0.8, FIT_ELLIPSIZE, th->muted);
	draw_clock(rx, now_ms);
}

/* The panel frame shared by hero, lists: returns the area under its
 * title. */
static struct render_rect
draw_panel(struct render_ctx *rx, struct render_rect r, const char *title,
    size_t titlemax, double title_h)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect in, tb;
	int pad = iround(1.6 * rx->u), th_px = iround(title_h);

	rect_fill(rx, r, rx->u * 0.8, th->panel);
	in = rect_inset(r, pad, pad);
	tb = rect_make(in.x, in.y, in.w, th_px);
	text_draw(rx, title, titlemax, tb, tb.h * 0.8, FIT_ELLIPSIZE,
	    th->muted);
	return rect_make(in.x, in.y + th_px + pad / 2, in.w,
	    in.h - th_px - pad / 2);
}

/* The name of desk id for a call that came without one. */
static const char *
desk_name_of(const struct board *b, int id, char *buf, size_t len)
{
	int i, n = clampi(b->ndesks, 0, BOARD_MAX_DESKS);

	for (i = 0; i < n; i++)
		if (b->desks[i].id == id && b->desks[i].name[0] != '\0')
			return text_clean(b->desks[i].name,
			    sizeof(b->desks[i].name), buf, len);
	snprintf(buf, len, "%d", id);
	return buf;
}

static const char *
call_desk_name(const struct board *b, const struct board_call *c,
    char *buf, size_t len)
{
	if (c->desk_name[0] != '\0')
		return text_clean(c->desk_name, sizeof(c->desk_name), buf, len);
	return desk_name_of(b, c->desk, buf, len);
}

/*
 * The newest call. For a while after it came (rc->highlight_ms) the panel
 * turns to the accent colour with dark text: one calm change that draws
 * the eye, no blinking.
 */
static void
draw_hero(struct render_ctx *rx)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->hero, in, num, desk, tb;
	struct rgb bg, title_c, num_c, desk_c;
	char tk[32], name[PROTO_NAME_MAX], line[128];
	double dh, title_h;
	int h, bar, pad;

	if (r.w <= 0 || r.h <= 0)
		return;
	if (rx->lit) {
		bg = th->accent;
		title_c = rgb_mix(th->background, th->accent, 0.25);
		num_c = desk_c = th->background;
	} else {
		bg = th->panel;
		title_c = th->muted;
		num_c = th->accent;
		desk_c = th->text;
	}
	/* The panel frame, as draw_panel() makes it, in the hero's colours. */
	title_h = fmin(fmax(r.h * 0.11, 3.2 * rx->u), 5 * rx->u);
	pad = iround(1.6 * rx->u);
	rect_fill(rx, r, rx->u * 0.8, bg);
	in = rect_inset(r, pad, pad);
	tb = rect_make(in.x, in.y, in.w, iround(title_h));
	text_draw(rx, lb->now_calling, sizeof(lb->now_calling), tb,
	    tb.h * 0.8, FIT_ELLIPSIZE, title_c);
	in = rect_make(in.x, in.y + tb.h + pad / 2, in.w,
	    in.h - tb.h - pad / 2);
	bar = iround(0.6 * rx->u) > 0 ? iround(0.6 * rx->u) : 1;
	rect_stroke(rx, r, rx->u * 0.8, bar, th->accent);

	/* A wide, low hero (portrait screens) has width to spare: give
	 * the desk line more height, the number is big either way. */
	h = in.h;
	dh = in.w > 2.5 * in.h ? 0.25 : 0.2;
	num = rect_make(in.x + iround(in.w * 0.04), in.y + iround(h * 0.04),
	    in.w - 2 * iround(in.w * 0.04), iround(h * (0.8 - dh)));
	desk = rect_make(in.x, num.y + num.h + iround(h * 0.07), in.w,
	    iround(h * dh));
	if (clampi(b->ncalls, 0, BOARD_MAX_CALLS) == 0 ||
	    ticket_text(&b->calls[0].ticket, tk, sizeof(tk))[0] == '\0') {
		text_draw(rx, "\u2014", 8, num, num.h * 0.5,
		    FIT_CENTER | FIT_INK_MIDDLE, th->muted);
		return;
	}
	text_draw(rx, tk, sizeof(tk), num, num.h * 1.4,
	    FIT_BOLD | FIT_CENTER | FIT_INK_MIDDLE, num_c);
	snprintf(line, sizeof(line), "%s %s", lb->to_desk,
	    call_desk_name(b, &b->calls[0], name, sizeof(name)));
	text_draw(rx, line, sizeof(line), desk, desk.h * 0.85,
	    FIT_BOLD | FIT_CENTER | FIT_ELLIPSIZE, desk_c);
}

struct card_parts {
	struct render_rect	name, number, state;
};

static struct card_parts
card_parts(struct render_rect c)
{
	struct card_parts p;
	int pad = iround(c.h * 0.08) > 2 ? iround(c.h * 0.08) : 2;
	int padx = iround(fmax(c.h * 0.10, c.w * 0.06)) > 2 ?
	    iround(fmax(c.h * 0.10, c.w * 0.06)) : 2;
	int nh = iround(c.h * 0.18), sh = iround(c.h * 0.14);
	int gap = iround(c.h * 0.075);

	p.name = rect_make(c.x + padx, c.y + pad, c.w - 2 * padx, nh);
	p.state = rect_make(c.x + padx, c.y + c.h - pad - sh, c.w - 2 * padx,
	    sh);
	p.number = rect_make(c.x + padx, p.name.y + nh + gap, c.w - 2 * padx,
	    p.state.y - gap - (p.name.y + nh + gap));
	return p;
}

static const char *
status_label(const struct render_labels *lb, enum desk_status st)
{
	switch (st) {
	case DESK_SERVING:
		return lb->desk_serving;
	case DESK_IDLE:
		return lb->desk_idle;
	case DESK_PAUSED:
		return lb->desk_paused;
	case DESK_CLOSED:
		return lb->desk_closed;
	default:
		return lb->desk_offline;
	}
}

/*
 * One size for the numbers on every card, so the grid reads as a table
 * and does not change size each time a number gets another digit: the
 * largest size at which a three-digit number and every number shown fit.
 */
/* text_fit_size() of a card number, remembered for the layout: each
 * frame needs the size of every number shown, and a call changes one. */
static double
card_number_fit(struct render_ctx *rx, const char *tk, struct render_rect box,
    double px)
{
	struct renderer *r = rx->r;
	struct numsize *n;
	double s;
	int i;

	if (r != NULL)
		for (i = 0; i < r->nnums; i++)
			if (strcmp(r->nums[i].text, tk) == 0)
				return r->nums[i].px;
	s = text_fit_size(rx, tk, box, px, FIT_NUMBER);
	if (r != NULL && strlen(tk) < sizeof(r->nums[0].text)) {
		/* Full: forget the oldest half, keep the recent ones. */
		if (r->nnums == NUMCACHE) {
			memmove(r->nums, r->nums + NUMCACHE / 2,
			    (NUMCACHE - NUMCACHE / 2) * sizeof(r->nums[0]));
			r->nnums = NUMCACHE - NUMCACHE / 2;
		}
		n = &r->nums[r->nnums++];
		copy_str(n->text, sizeof(n->text), tk);
		n->px = s;
	}
	return s;
}

/*
 * One size for the numbers on every card, so the grid reads as a table
 * and does not change size each time a number gets another digit: the
 * largest size at which a three-digit number and every number shown fit.
 */
static double
cards_number_size(struct render_ctx *rx)
{
	const struct board *b = rx->b;
	struct render_rect box;
	char tk[32];
	double base, px, s;
	int i;

	if (rx->lay->ndesks == 0)
		return 0.0;
	box = card_parts(rx->lay->desk[0]).number;
	if (rx->r != NULL && rx->r->num_base > 0.0)
		base = rx->r->num_base;
	else {
		base = text_fit_size(rx, "A 888", box, box.h * 1.4,
		    FIT_NUMBER);
		if (rx->r != NULL)
			rx->r->num_base = base;
	}
	px = base;
	for (i = 0; i < rx->lay->ndesks; i++) {
		if (ticket_text(&b->desks[i].ticket, tk, sizeof(tk))[0] == '\0')
			continue;
		s = card_number_fit(rx, tk, box, base);
		if (s < px)
			px = s;
	}
	return px;
}

static void
draw_card(struct render_ctx *rx, const struct board_desk *d,
    struct render_rect c, double num_px, int called)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	struct card_parts p = card_parts(c);
	struct rgb panel, name_c, num_c, state_c;
	char tk[32], name[PROTO_NAME_MAX];
	int active;

	/* Only a desk that serves is at full strength; the others fade into
	 * the background so the eye finds the live numbers first. */
	active = d->status == DESK_SERVING;
	panel = active ? th->panel : rgb_mix(th->panel, th->background, 0.55);
	name_c = active ? th->text : th->muted;
	num_c = active ? th->accent : th->muted;
	state_c = active ? th->muted : rgb_mix(th->muted, th->background, 0.25);

	rect_fill(rx, c, rx->u * 0.6, panel);
	if (called)
		rect_stroke(rx, c, rx->u * 0.6, fmax(2.0, 0.5 * rx->u),
		    th->accent);

	if (d->name[0] != '\0')
		text_clean(d->name, sizeof(d->name), name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%d", d->id);
	text_draw(rx, name, sizeof(name), p.name, p.name.h * 0.85,
	    FIT_BOLD | FIT_ELLIPSIZE, name_c);

	if (d->status != DESK_OFFLINE && d->status != DESK_CLOSED &&
	    ticket_text(&d->ticket, tk, sizeof(tk))[0] != '\0')
		text_draw(rx, tk, sizeof(tk), p.number, num_px,
		    FIT_NUMBER | FIT_CENTER, num_c);
	else
		text_draw(rx, "\u2014", 8, p.number, num_px * 0.6,
		    FIT_CENTER | FIT_INK_MIDDLE, state_c);

	text_draw(rx, status_label(lb, d->status), 32, p.state,
	    p.state.h * 0.85, FIT_ELLIPSIZE, state_c);
}

static void
draw_call_row(struct render_ctx *rx, const struct board_call *c,
    struct render_rect row)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect tb, nb;
	char tk[32], name[PROTO_NAME_MAX];
	int py = iround(row.h * 0.17), tw = iround(row.w * 0.40);

	tb = rect_make(row.x, row.y + py, tw, row.h - 2 * py);
	nb = rect_make(row.x + tw, row.y + py, row.w - tw, row.h - 2 * py);
	text_draw(rx, ticket_text(&c->ticket, tk, sizeof(tk)), sizeof(tk), tb,
	    tb.h * 1.0, FIT_BOLD, th->text);
	text_draw(rx, call_desk_name(rx->b, c, name, sizeof(name)),
	    sizeof(name), nb, nb.h * 0.85, FIT_ELLIPSIZE, th->muted);
}

static void
draw_calls(struct render_ctx *rx)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->calls, in, row;
	int i, n, slots, rh, line;

	if (r.w <= 0 || r.h <= 0)
		return;
	in = draw_panel(rx, r, lb->last_calls, sizeof(lb->last_calls),
	    fmin(r.h * 0.14, 4 * rx->u));
	/* Row height is fixed by the panel, not by how many calls there
	 * are, so the list does not jump as it fills up in the morning.
	 * calls[0] is in the hero panel already. */
	slots = clampi(iround(in.h / (6.2 * rx->u)), 1, BOARD_MAX_CALLS - 1);
	rh = in.h / slots;
	n = clampi(b->ncalls, 0, BOARD_MAX_CALLS);
	line = iround(0.15 * rx->u) > 0 ? iround(0.15 * rx->u) : 1;
	for (i = 1; i < n && i <= slots; i++) {
		row = rect_make(in.x, in.y + (i - 1) * rh, in.w, rh);
		if (i > 1)
			rect_fill(rx, rect_make(row.x, row.y, row.w, line), 0,
			    rgb_mix(th->panel, th->muted, 0.25));
		draw_call_row(rx, &b->calls[i], row);
	}
}

static void
draw_waiting_tile(struct render_ctx *rx, const struct board_waiting *w,
    struct render_rect t)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect label, count, in;
	char name[PROTO_NAME_MAX], text[PROTO_NAME_MAX + 8], num[16];
	int pad = iround(t.h * 0.08) > 1 ? iround(t.h * 0.08) : 1;
	int cw, lh, flags = FIT_BOLD | FIT_INK_MIDDLE;

	rect_fill(rx, t, rx->u * 0.5, rgb_mix(th->panel, th->background, 0.45));
	in = rect_make(t.x + 2 * pad, t.y + pad, t.w - 4 * pad, t.h - 2 * pad);
	if (t.w > 3.5 * t.h) {
		/* A long row (one column of tiles): name left, count right,
		 * so the count can use the tile's whole height. */
		cw = iround(in.w * 0.3);
		lh = iround(in.h * 0.5);
		label = rect_make(in.x, in.y + (in.h - lh) / 2, in.w - cw - pad,
		    lh);
		count = rect_make(in.x + in.w - cw, in.y + iround(in.h * 0.12),
		    cw, in.h - 2 * iround(in.h * 0.12));
		flags |= FIT_RIGHT;
	} else {
		label = rect_make(in.x, in.y, in.w, iround(t.h * 0.32));
		count = rect_make(in.x, label.y + label.h + pad, in.w,
		    in.y + in.h - (label.y + label.h + pad));
	}

	text_clean(w->name, sizeof(w->name), name, sizeof(name));
	if (name[0] != '\0')
		snprintf(text, sizeof(text), "%c \u00b7 %s", w->service, name);
	else
		snprintf(text, sizeof(text), "%c", w->service);
	text_draw(rx, text, sizeof(text), label, label.h * 0.85,
	    FIT_ELLIPSIZE, th->muted);
	if (w->count >= 0)
		snprintf(num, sizeof(num), "%d", w->count);
	else
		copy_str(num, sizeof(num), "-");
	text_draw(rx, num, sizeof(num), count, count.h * 1.4, flags, th->text);
}

static void
draw_waiting(struct render_ctx *rx)
{
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->waiting, in;
	struct render_rect tiles[BOARD_MAX_SERVICES];
	int i, n, cols, rows;

	if (r.w <= 0 || r.h <= 0)
		return;
	in = draw_panel(rx, r, lb->waiting, sizeof(lb->waiting),
	    fmin(r.h * 0.2, 3.4 * rx->u));
	n = clampi(b->nwaiting, 0, BOARD_MAX_SERVICES);
	/* Tiles are wide: a count and a short service name side by side
	 * read best; left-aligned so a few tiles do not float mid-panel. */
	/* Tiles share the panel's full width; a lone tile in a tall panel
	 * stays tile-sized rather than growing a giant number. */
	grid_place(in, n, iround(rx->u), 0.01, 2.6, 100.0, iround(13 * rx->u),
	    tiles, &cols, &rows);
	for (i = 0; i < n; i++)
		draw_waiting_tile(rx, &b->waiting[i], tiles[i]);
}

static void
draw_fault(struct render_ctx *rx)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect r = rx->lay->fault, tb;
	int m = iround(2 * rx->u);

	if (r.w <= 0 || r.h <= 0)
		return;
	rect_fill(rx, r, 0, th->warning);
	tb = rect_make(r.x + m, r.y + iround(r.h * 0.2), r.w - 2 * m,
	    iround(r.h * 0.6));
	text_draw(rx, rx->b->fault, sizeof(rx->b->fault), tb, tb.h * 0.85,
	    FIT_BOLD | FIT_ELLIPSIZE | FIT_CENTER, (struct rgb){ 1, 1, 1 });
}

/*
 * The running text is drawn once on a strip as wide as the text plus a
 * gap; a frame copies the strip into the band at an offset, which costs
 * a copy of the band and no text layout.
 */
static void
marquee_strip(struct render_ctx *rx, struct render_rect band)
{
	const struct render_theme *th = &rx->rc->theme;
	struct renderer *r = rx->r;
	PangoRectangle ink, logical;
	PangoLayout *pl;
	struct render_rect box;
	char clean[TEXT_MAX];
	cairo_t *cr;
	int m = iround(2 * rx->u), line, w;

	if (r->strip != NULL && r->strip_h == band.h)
		return;
	if (r->strip != NULL)
		cairo_surface_destroy(r->strip);
	r->strip = NULL;
	r->strip_h = band.h;
	r->strip_period = 0;
	line = iround(0.3 * rx->u) > 0 ? iround(0.3 * rx->u) : 1;
	box = rect_make(0, line + iround(band.h * 0.12), 30000,
	    band.h - line - 2 * iround(band.h * 0.12));
	text_clean(rx->rc->marquee, sizeof(rx->rc->marquee), clean,
	    sizeof(clean));
	if (clean[0] == '\0' || (pl = text_fit(rx, clean, box, box.h * 0.85,
	    0, &ink, &logical)) == NULL)
		return;
	/* A text that fits stands still: nothing to wake up for. */
	if (ink.width + 2 * m <= band.w) {
		w = band.w;
		r->strip_period = 0;
	} else {
		w = ink.width + band.w / 3;
		r->strip_period = w;
	}
	r->strip = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, band.h);
	cr = cairo_create(r->strip);
	set_rgb(cr, th->panel);
	cairo_paint(cr);
	set_rgb(cr, th->accent);
	cairo_rectangle(cr, 0, 0, w, line);
	cairo_fill(cr);
	set_rgb(cr, th->text);
	cairo_move_to(cr, (r->strip_period == 0 ? m : 0) - ink.x,
	    text_y(box, &ink, &logical, 0));
	pango_cairo_update_layout(cr, pl);
	pango_cairo_show_layout(cr, pl);
	cairo_destroy(cr);
	g_object_unref(pl);
	if (cairo_surface_status(r->strip) != CAIRO_STATUS_SUCCESS) {
		log_warnx("render: running text: %s", cairo_status_to_string(
		    cairo_surface_status(r->strip)));
		cairo_surface_destroy(r->strip);
		r->strip = NULL;
	}
}

/* The strip's offset at mono_ms: the text moves left at the configured
 * speed (scaled with the screen), by whole pixels. */
static int
marquee_offset(const struct renderer *r, int64_t mono_ms)
{
	double px_s;
	int64_t dt;

	if (r->strip_period <= 0 || !r->marquee_started)
		return 0;
	px_s = r->rc->marquee_speed * (r->lay.width < r->lay.height ?
	    r->lay.width : r->lay.height) / 1080.0;
	dt = mono_ms - r->marquee_t0;
	if (dt < 0)
		dt = 0;
	return (int)((int64_t)(dt * px_s / 1000.0) % r->strip_period);
}

static void
draw_marquee(struct render_ctx *rx, int off)
{
	struct render_rect band = rx->lay->marquee;
	int m = iround(2 * rx->u);
	cairo_pattern_t *pat;

	if (band.w <= 0 || band.h <= 0)
		return;
	marquee_strip(rx, band);
	if (rx->r->strip == NULL) {
		rect_fill(rx, band, 0, rx->rc->theme.panel);
		return;
	}
	cairo_save(rx->cr);
	cairo_set_source_surface(rx->cr, rx->r->strip,
	    band.x + (rx->r->strip_period > 0 ? m - off : 0), band.y);
	pat = cairo_get_source(rx->cr);
	cairo_pattern_set_extend(pat, CAIRO_EXTEND_REPEAT);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	cairo_set_operator(rx->cr, CAIRO_OPERATOR_SOURCE);
	cairo_rectangle(rx->cr, band.x, band.y, band.w, band.h);
	cairo_fill(rx->cr);
	cairo_restore(rx->cr);
}

/* --- what changed --------------------------------------------------- */

static bool
ticket_eq(const struct ticket *a, const struct ticket *b)
{
	return a->service == b->service && a->number == b->number;
}

static bool
desk_eq(const struct board_desk *a, const struct board_desk *b)
{
	return a->id == b->id && a->status == b->status &&
	    ticket_eq(&a->ticket, &b->ticket) &&
	    strncmp(a->name, b->name, sizeof(a->name)) == 0;
}

static bool
call_eq(const struct board_call *a, const struct board_call *b)
{
	return ticket_eq(&a->ticket, &b->ticket) && a->desk == b->desk &&
	    a->recall == b->recall && a->time_ms == b->time_ms &&
	    strncmp(a->desk_name, b->desk_name, sizeof(a->desk_name)) == 0;
}

static int
called_desk(const struct board *b)
{
	return clampi(b->ncalls, 0, BOARD_MAX_CALLS) > 0 ? b->calls[0].desk :
	    -1;
}

static bool
hero_eq(const struct board *a, const struct board *b)
{
	int na = clampi(a->ncalls, 0, BOARD_MAX_CALLS);
	int nb = clampi(b->ncalls, 0, BOARD_MAX_CALLS);

	if (na == 0 || nb == 0)
		return na == nb;
	return call_eq(&a->calls[0], &b->calls[0]);
}

static bool
calls_eq(const struct board *a, const struct board *b)
{
	int i, n = clampi(a->ncalls, 0, BOARD_MAX_CALLS);

	if (n != clampi(b->ncalls, 0, BOARD_MAX_CALLS))
		return false;
	for (i = 1; i < n; i++)
		if (!call_eq(&a->calls[i], &b->calls[i]))
			return false;
	return true;
}

static bool
waiting_eq(const struct board *a, const struct board *b)
{
	int i, n = clampi(a->nwaiting, 0, BOARD_MAX_SERVICES);

	if (n != clampi(b->nwaiting, 0, BOARD_MAX_SERVICES))
		return false;
	for (i = 0; i < n; i++)
		if (a->waiting[i].service != b->waiting[i].service ||
		    a->waiting[i].count != b->waiting[i].count ||
		    strncmp(a->waiting[i].name, b->waiting[i].name,
		    sizeof(a->waiting[i].name)) != 0)
			return false;
	return true;
}

/* --- entry points --------------------------------------------------- */

static PangoContext *
render_pango(cairo_t *cr)
{
	cairo_font_options_t *fo;
	PangoContext *pc;

	pc = pango_cairo_create_context(cr);
	/* Grey antialiasing: a TV's subpixel order is unknown, and the
	 * frame must not depend on the desktop's font settings. */
	fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_ON);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	return pc;
}

struct renderer *
renderer_new(const struct render_conf *rc)
{
	struct renderer *r;
	cairo_surface_t *logo;
	cairo_status_t st;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_warn("render: calloc");
		return NULL;
	}
	r->rc = rc;
	if (rc->logo[0] != '\0') {
		logo = cairo_image_surface_create_from_png(rc->logo);
		if ((st = cairo_surface_status(logo)) != CAIRO_STATUS_SUCCESS) {
			log_warnx("render: logo %s: %s", rc->logo,
			    st == CAIRO_STATUS_FILE_NOT_FOUND ?
			    "no such file" : cairo_status_to_string(st));
			cairo_surface_destroy(logo);
		} else
			r->logo = logo;
	}
	return r;
}

void
renderer_free(struct renderer *r)
{
	int i;

	if (r == NULL)
		return;
	if (r->logo != NULL)
		cairo_surface_destroy(r->logo);
	if (r->logo_scaled != NULL)
		cairo_surface_destroy(r->logo_scaled);
	if (r->strip != NULL)
		cairo_surface_destroy(r->strip);
	for (i = 0; i < TEXTCACHE; i++)
		fitted_clear(&r->texts[i]);
	if (r->pc != NULL)
		g_object_unref(r->pc);
	free(r);
}

void
renderer_set_board(struct renderer *r, const struct board *b,
    int64_t mono_ms)
{
	if (!r->manual_lit && r->have_board && !hero_eq(&r->board, b) &&
	    clampi(b->ncalls, 0, BOARD_MAX_CALLS) > 0) {
		r->lit_from = mono_ms;
		r->lit_set = true;
	}
	r->board = *b;
	r->have_board = true;
	r->changed = true;
}

void
renderer_auto_highlight(struct renderer *r, bool on)
{
	r->manual_lit = !on;
}

void
renderer_highlight(struct renderer *r, int64_t mono_ms)
{
	r->lit_from = mono_ms;
	r->lit_set = true;
}

void
renderer_invalidate(struct renderer *r)
{
	r->valid = false;
}

void
renderer_set_trace(struct renderer *r, render_trace_fn *fn, void *arg)
{
	r->trace = fn;
	r->arg = arg;
}

const struct render_layout *
renderer_layout(const struct renderer *r)
{
	return r->valid ? &r->lay : NULL;
}

static bool
renderer_lit(const struct renderer *r, int64_t mono_ms)
{
	return r->lit_set && r->rc->highlight_ms > 0 &&
	    clampi(r->board.ncalls, 0, BOARD_MAX_CALLS) > 0 &&
	    mono_ms >= r->lit_from &&
	    mono_ms < r->lit_from + r->rc->highlight_ms;
}

static bool
renderer_scrolls(const struct renderer *r)
{
	/* Until the strip is made it is not known whether the text fits. */
	return r->rc->marquee[0] != '\0' && r->rc->marquee_speed > 0 &&
	    r->rc->marquee_fps > 0 && (r->strip == NULL || r->strip_period > 0);
}

int
renderer_due(const struct renderer *r, int64_t mono_ms, int64_t wall_ms)
{
	char clock[16];
	int64_t due, t, step, lit_end;

	if (!r->have_board)
		return -1;
	if (!r->valid || r->changed)
		return 0;
	if (renderer_lit(r, mono_ms) != r->lit)
		return 0;
	if (strcmp(render_clock(wall_ms, r->rc->clock_seconds, clock,
	    sizeof(clock)), r->clock) != 0)
		return 0;
	/* The clock's next change, and a little after it, so the frame
	 * never comes a millisecond early and finds the same time. */
	step = r->rc->clock_seconds ? 1000 : 60000;
	t = wall_ms % step;
	if (t < 0)
		t += step;
	due = step - t + 2;
	if (r->lit) {
		lit_end = r->lit_from + r->rc->highlight_ms - mono_ms;
		if (lit_end < due)
			due = lit_end > 0 ? lit_end : 0;
	}
	if (renderer_scrolls(r)) {
		step = 1000 / r->rc->marquee_fps;
		t = r->marquee_started ? (mono_ms - r->marquee_t0) % step : 0;
		if (t < 0)
			t = 0;
		if (step - t < due)
			due = step - t;
	}
	return due > INT32_MAX ? INT32_MAX : (int)due;
}

enum part {
	PART_HEADER,
	PART_CLOCK,
	PART_HERO,
	PART_CARD,
	PART_CALLS,
	PART_WAITING,
	PART_FAULT,
	PART_MARQUEE,
};

struct frame {
	int64_t		wall_ms;
	int		marquee_off;
	double		num_px;
	int		called;		/* desk id of the newest call */
	bool		full;		/* the background is fresh */
	cairo_region_t	*damage;
	int		nrects;
};

static void
draw_part(struct render_ctx *rx, struct frame *f, enum part p, int i)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_layout *L = rx->lay;
	struct render_rect r;
	cairo_rectangle_int_t cr;
	int c;

	switch (p) {
	case PART_HEADER:	r = L->header; break;
	case PART_CLOCK:	r = L->clock; break;
	case PART_HERO:		r = L->hero; break;
	case PART_CARD:		r = L->desk[i]; break;
	case PART_CALLS:	r = L->calls; break;
	case PART_WAITING:	r = L->waiting; break;
	case PART_FAULT:	r = L->fault; break;
	default:		r = L->marquee; break;
	}
	if (r.w <= 0 || r.h <= 0)
		return;
	cairo_save(rx->cr);
	cairo_rectangle(rx->cr, r.x, r.y, r.w, r.h);
	cairo_clip(rx->cr);
	/* What lies under the part: the header's band behind the clock,
	 * the background around rounded corners. */
	/*
	 * What lies under the part, where the part does not cover it: the
	 * header's band behind the clock, the background at the rounded
	 * corners of panels and cards. Header, warning strip and running
	 * text cover their rectangles; a full frame painted everything.
	 */
	if (p == PART_CLOCK) {
		set_rgb(rx->cr, th->panel);
		cairo_paint(rx->cr);
	} else if (!f->full && p != PART_HEADER && p != PART_FAULT &&
	    p != PART_MARQUEE) {
		c = (int)ceil(rx->u) + 1;
		cairo_rectangle(rx->cr, r.x, r.y, c, c);
		cairo_rectangle(rx->cr, r.x + r.w - c, r.y, c, c);
		cairo_rectangle(rx->cr, r.x, r.y + r.h - c, c, c);
		cairo_rectangle(rx->cr, r.x + r.w - c, r.y + r.h - c, c, c);
		set_rgb(rx->cr, th->background);
		cairo_fill(rx->cr);
	}
	switch (p) {
	case PART_HEADER:
		draw_header(rx, f->wall_ms);
		break;
	case PART_CLOCK:
		draw_clock(rx, f->wall_ms);
		break;
	case PART_HERO:
		draw_hero(rx);
		break;
	case PART_CARD:
		draw_card(rx, &rx->b->desks[i], r, f->num_px,
		    rx->b->desks[i].id == f->called);
		break;
	case PART_CALLS:
		draw_calls(rx);
		break;
	case PART_WAITING:
		draw_waiting(rx);
		break;
	case PART_FAULT:
		draw_fault(rx);
		break;
	case PART_MARQUEE:
		draw_marquee(rx, f->marquee_off);
		break;
	}
	cairo_restore(rx->cr);
	cr = (cairo_rectangle_int_t){ r.x, r.y, r.w, r.h };
	if (f->damage != NULL)
		cairo_region_union_rectangle(f->damage, &cr);
	f->nrects++;
}

static void
draw_changes(struct renderer *r, struct render_ctx *rx, struct frame *f,
    const char *date, const char *clock, bool full)
{
	const struct board *b = &r->board, *o = &r->shown;
	int i, was_called = called_desk(o);

	if (full || strcmp(date, r->date) != 0)
		draw_part(rx, f, PART_HEADER, 0);
	else if (strcmp(clock, r->clock) != 0)
		draw_part(rx, f, PART_CLOCK, 0);
	if (full || rx->lit != r->lit || !hero_eq(b, o))
		draw_part(rx, f, PART_HERO, 0);
	for (i = 0; i < rx->lay->ndesks; i++)
		if (full || f->num_px != r->num_px ||
		    !desk_eq(&b->desks[i], &o->desks[i]) ||
		    (b->desks[i].id == f->called) !=
		    (o->desks[i].id == was_called))
			draw_part(rx, f, PART_CARD, i);
	if (full || !calls_eq(b, o))
		draw_part(rx, f, PART_CALLS, 0);
	if (full || !waiting_eq(b, o))
		draw_part(rx, f, PART_WAITING, 0);
	if (full || strncmp(b->fault, o->fault, sizeof(b->fault)) != 0)
		draw_part(rx, f, PART_FAULT, 0);
	if (full || f->marquee_off != r->marquee_off)
		draw_part(rx, f, PART_MARQUEE, 0);
}

int
renderer_draw(struct renderer *r, cairo_t *cr, int width, int height,
    int64_t mono_ms, int64_t wall_ms, cairo_region_t *damage)
{
	struct render_layout L;
	struct render_ctx rx;
	struct frame f;
	cairo_status_t st;
	char date[64], clock[16];
	bool full;
	int i;

	if (!r->have_board)
		return 0;
	if (render_layout(r->rc, &r->board, width, height, &L) == -1) {
		log_warnx("render: %dx%d is too small for the board", width,
		    height);
		r->valid = false;
		return -1;
	}
	full = !r->valid || memcmp(&L, &r->lay, sizeof(L)) != 0;
	if (memcmp(&L, &r->lay, sizeof(L)) != 0) {
		/* Sizes fitted for another layout do not hold. */
		r->nnums = 0;
		r->num_base = 0.0;
		for (i = 0; i < TEXTCACHE; i++)
			fitted_clear(&r->texts[i]);
		r->lay = L;
	}
	if (r->pc == NULL)
		r->pc = render_pango(cr);
	else
		pango_cairo_update_context(cr, r->pc);
	if (!r->marquee_started) {
		r->marquee_t0 = mono_ms;
		r->marquee_started = true;
	}

	memset(&rx, 0, sizeof(rx));
	rx.cr = cr;
	rx.pc = r->pc;
	rx.rc = r->rc;
	rx.b = &r->board;
	rx.lay = &r->lay;
	rx.u = (width < height ? width : height) / 100.0;
	rx.trace = r->trace;
	rx.arg = r->arg;
	rx.r = r;
	rx.lit = renderer_lit(r, mono_ms);

	memset(&f, 0, sizeof(f));
	f.wall_ms = wall_ms;
	f.num_px = cards_number_size(&rx);
	f.called = called_desk(&r->board);
	f.damage = damage;
	f.full = full;
	if (r->lay.marquee.w > 0) {
		marquee_strip(&rx, r->lay.marquee);
		f.marquee_off = marquee_offset(r, mono_ms);
	}
	render_date(wall_ms, date, sizeof(date));
	render_clock(wall_ms, r->rc->clock_seconds, clock, sizeof(clock));

	cairo_save(cr);
	if (full) {
		cairo_reset_clip(cr);
		set_rgb(cr, r->rc->theme.background);
		cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
		cairo_paint(cr);
		if (damage != NULL)
			cairo_region_union_rectangle(damage,
			    &(cairo_rectangle_int_t){ 0, 0, width, height });
	}
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
	draw_changes(r, &rx, &f, date, clock, full);
	cairo_restore(cr);

	r->shown = r->board;
	copy_str(r->date, sizeof(r->date), date);
	copy_str(r->clock, sizeof(r->clock), clock);
	r->lit = rx.lit;
	r->num_px = f.num_px;
	r->marquee_off = f.marquee_off;
	r->changed = false;
	r->valid = true;
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		log_warnx("render: cairo: %s", cairo_status_to_string(st));
		r->valid = false;
		return -1;
	}
	return f.nrects;
}

int
render_board_trace(cairo_t *cr, int width, int height,
    const struct render_conf *rc, const struct board *b, int64_t now_ms,
    render_trace_fn *fn, void *arg)
{
	struct renderer *r;
	int n;

	if ((r = renderer_new(rc)) == NULL)
		return -1;
	renderer_set_trace(r, fn, arg);
	renderer_set_board(r, b, 0);
	n = renderer_draw(r, cr, width, height, 0, now_ms, NULL);
	renderer_free(r);
	return n < 0 ? -1 : 0;
}

int
render_board(cairo_t *cr, int width, int height, const struct render_conf *rc,
    const struct board *b, int64_t now_ms)
{
	return render_board_trace(cr, width, height, rc, b, now_ms, NULL,
	    NULL);
}

void
render_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}
