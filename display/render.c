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
#include <stdio.h>
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

#define NAME_SHRINK	0.78

struct render_ctx {
	cairo_t			*cr;
	PangoContext		*pc;
	const struct render_conf *rc;
	const struct board	*b;
	const struct render_layout *lay;
	double			 u;
	render_trace_fn		*trace;
	void			*arg;
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
render_clock(int64_t ms, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (local_tm(ms, &tm) == -1)
		return buf;
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
render_layout(const struct board *b, int width, int height,
    struct render_layout *L)
{
	struct render_rect body;
	double u;
	int margin, gap, hh, fh, bottom, nd, has_wait;

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
	bottom = height - margin;
	if (b->fault[0] != '\0') {
		fh = iround(6.5 * u);
		L->fault = rect_make(0, height - fh, width, fh);
		bottom = height - fh - margin;
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
	int i;

	/* A long office or desk name reads better a little smaller than
	 * cut short, but not so small that it stops matching its peers. */
	if (flags & FIT_SHRINK) {
		pl = text_layout(rx, text, px, flags & ~FIT_ELLIPSIZE, box.w);
		pango_layout_get_pixel_extents(pl, ink, logical);
		g_object_unref(pl);
		if (ink->width > box.w)
			px = fmax(px * box.w / ink->width, px * NAME_SHRINK);
	}
	for (i = 0; i < 16 && px >= TEXT_MIN_PX; i++) {
		pl = text_layout(rx, text, px, flags, box.w);
		pango_layout_get_pixel_extents(pl, ink, logical);
		if (ink->width <= box.w && ink->height <= box.h)
			return pl;
		g_object_unref(pl);
		s = fmin((double)box.w / ink->width,
		    (double)box.h / ink->height);
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
	if ((pl = text_fit(rx, clean, box, px, flags, &ink, &logical)) == NULL)
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

/* An outline drawn inside r, so it never spills onto a neighbour. */
static void
rect_stroke(struct render_ctx *rx, struct render_rect r, double radius,
    double width, struct rgb c)
{
	cairo_save(rx->cr);
	rect_path(rx->cr, r, radius);
	cairo_clip(rx->cr);
	rect_path(rx->cr, r, radius);
	cairo_set_line_width(rx->cr, 2 * width);
	set_rgb(rx->cr, c);
	cairo_stroke(rx->cr);
	cairo_restore(rx->cr);
}

static struct render_rect
rect_inset(struct render_rect r, int dx, int dy)
{
	return rect_make(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

/* --- parts of the board --------------------------------------------- */

static void
draw_header(struct render_ctx *rx, int64_t now_ms)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect hd = rx->lay->header, clock, office, date;
	char buf[64];
	int m = iround(2 * rx->u), cw, line;

	rect_fill(rx, hd, 0, th->panel);
	line = iround(0.4 * rx->u) > 0 ? iround(0.4 * rx->u) : 1;
	rect_fill(rx, rect_make(hd.x, hd.y + hd.h - line, hd.w, line), 0,
	    th->accent);

	cw = iround(hd.h * 2.1);
	clock = rect_make(hd.x + hd.w - m - cw, hd.y + iround(hd.h * 0.18),
	    cw, iround(hd.h * 0.60));
	office = rect_make(hd.x + m, hd.y + iround(hd.h * 0.10),
	    clock.x - 2 * m - hd.x, iround(hd.h * 0.46));
	date = rect_make(office.x, hd.y + iround(hd.h * 0.58), office.w,
	    iround(hd.h * 0.28));

	text_draw(rx, rx->rc->office, sizeof(rx->rc->office), office,
	    office.h * 0.78, FIT_BOLD | FIT_ELLIPSIZE | FIT_SHRINK, th->text);
	text_draw(rx, render_date(now_ms, buf, sizeof(buf)), sizeof(buf),
	    date, date.h * 0.8, FIT_ELLIPSIZE, th->muted);
	text_draw(rx, render_clock(now_ms, buf, sizeof(buf)), sizeof(buf),
	    clock, clock.h * 1.4, FIT_BOLD | FIT_RIGHT | FIT_INK_MIDDLE,
	    th->text);
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

static void
draw_hero(struct render_ctx *rx)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->hero, in, num, desk;
	char tk[32], name[PROTO_NAME_MAX], line[128];
	double dh;
	int h, bar;

	if (r.w <= 0 || r.h <= 0)
		return;
	in = draw_panel(rx, r, lb->now_calling, sizeof(lb->now_calling),
	    fmin(fmax(r.h * 0.11, 3.2 * rx->u), 5 * rx->u));
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
	    FIT_BOLD | FIT_CENTER | FIT_INK_MIDDLE, th->accent);
	snprintf(line, sizeof(line), "%s %s", lb->to_desk,
	    call_desk_name(b, &b->calls[0], name, sizeof(name)));
	text_draw(rx, line, sizeof(line), desk, desk.h * 0.85,
	    FIT_BOLD | FIT_CENTER | FIT_ELLIPSIZE, th->text);
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
static double
cards_number_size(struct render_ctx *rx)
{
	const struct board *b = rx->b;
	struct render_rect box;
	char tk[32];
	double px, s;
	int i;

	if (rx->lay->ndesks == 0)
		return 0.0;
	box = card_parts(rx->lay->desk[0]).number;
	px = text_fit_size(rx, "A 888", box, box.h * 1.4,
	    FIT_BOLD | FIT_INK_MIDDLE);
	for (i = 0; i < rx->lay->ndesks; i++) {
		if (ticket_text(&b->desks[i].ticket, tk, sizeof(tk))[0] == '\0')
			continue;
		s = text_fit_size(rx, tk, box, px, FIT_BOLD | FIT_INK_MIDDLE);
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
		    FIT_BOLD | FIT_CENTER | FIT_INK_MIDDLE, num_c);
	else
		text_draw(rx, "\u2014", 8, p.number, num_px * 0.6,
		    FIT_CENTER | FIT_INK_MIDDLE, state_c);

	text_draw(rx, status_label(lb, d->status), 32, p.state,
	    p.state.h * 0.85, FIT_ELLIPSIZE, state_c);
}

static void
draw_cards(struct render_ctx *rx)
{
	const struct board *b = rx->b;
	double px;
	int i, called_desk = -1;

	if (clampi(b->ncalls, 0, BOARD_MAX_CALLS) > 0)
		called_desk = b->calls[0].desk;
	px = cards_number_size(rx);
	for (i = 0; i < rx->lay->ndesks; i++)
		draw_card(rx, &b->desks[i], rx->lay->desk[i], px,
		    b->desks[i].id == called_desk);
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

int
render_board_trace(cairo_t *cr, int width, int height,
    const struct render_conf *rc, const struct board *b, int64_t now_ms,
    render_trace_fn *fn, void *arg)
{
	struct render_layout lay;
	struct render_ctx rx;
	cairo_status_t st;

	if (render_layout(b, width, height, &lay) == -1) {
		log_warnx("render: %dx%d is too small for the board", width,
		    height);
		return -1;
	}
	memset(&rx, 0, sizeof(rx));
	rx.cr = cr;
	rx.rc = rc;
	rx.b = b;
	rx.lay = &lay;
	rx.u = (width < height ? width : height) / 100.0;
	rx.trace = fn;
	rx.arg = arg;

	cairo_save(cr);
	rx.pc = render_pango(cr);
	set_rgb(cr, rc->theme.background);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);

	draw_header(&rx, now_ms);
	draw_hero(&rx);
	draw_cards(&rx);
	draw_calls(&rx);
	draw_waiting(&rx);
	draw_fault(&rx);

	g_object_unref(rx.pc);
	cairo_restore(cr);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		log_warnx("render: cairo: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
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
