/* parts.c - header, clock, hero, last calls, waiting counts, fault strip. */
#include "render-int.h"

#include <math.h>
#include <stdio.h>

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

void
draw_clock(struct render_ctx *rx, int64_t now_ms)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect clock = rx->lay->clock;
	char buf[16];

	text_draw(rx, render_clock(now_ms, rx->rc->clock_seconds, buf,
	    sizeof(buf)), sizeof(buf), clock, clock.h,
	    FIT_BOLD | FIT_RIGHT | FIT_CAPS, th->text);
}

void
draw_header(struct render_ctx *rx, int64_t now_ms)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect hd = rx->lay->header, office, date;
	char buf[64], title[PROTO_TITLE_MAX], sub[256];
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

	render_date(now_ms, buf, sizeof(buf));
	if (rx->b->title[0] != '\0') {
		/* A zone's screen: its title is what a citizen looks for
		 * ("Zona A — Dukcapil"), the office and the date under it. */
		text_clean(rx->b->title, sizeof(rx->b->title), title,
		    sizeof(title));
		text_draw(rx, title, sizeof(title), office, office.h * 0.78,
		    FIT_BOLD | FIT_ELLIPSIZE | FIT_SHRINK_MORE, th->accent);
		snprintf(sub, sizeof(sub), "%s \u00b7 %s", rx->rc->office,
		    buf);
		text_draw(rx, sub, sizeof(sub), date, date.h * 0.8,
		    FIT_ELLIPSIZE, th->muted);
	} else {
		text_draw(rx, rx->rc->office, sizeof(rx->rc->office), office,
		    office.h * 0.78, FIT_BOLD | FIT_ELLIPSIZE |
		    FIT_SHRINK_MORE, th->text);
		text_draw(rx, buf, sizeof(buf), date, date.h * 0.8,
		    FIT_ELLIPSIZE, th->muted);
	}
	draw_clock(rx, now_ms);
}

/* The area of a panel under its title. */
static struct render_rect
panel_inner(struct render_rect r, double title_h, double u)
{
	struct render_rect in;
	int pad = iround(1.6 * u), th_px = iround(title_h);

	in = rect_inset(r, pad, pad);
	return rect_make(in.x, in.y + th_px + pad / 2, in.w,
	    in.h - th_px - pad / 2);
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
	return panel_inner(r, title_h, rx->u);
}

static double
calls_title_h(struct render_rect r, double u)
{
	return fmin(r.h * 0.14, 4 * u);
}

static double
waiting_title_h(struct render_rect r, double u)
{
	return fmin(r.h * 0.2, 3.4 * u);
}

/* A row of the last calls: the number's box is CALL_NUMBER of it. */
#define CALL_PAD	0.15
#define CALL_NUMBER	(1.0 - 2 * CALL_PAD)

int
calls_row_min(const struct font_metrics *m, double num_px, double tail)
{
	int nh = (int)ceil((m->cap + tail) * num_px) + 2;

	return (int)ceil(nh / CALL_NUMBER) + 2;
}

/*
 * How many of the last calls the panel lists: rows of a fixed height
 * (not fewer, taller rows as the list fills in the morning), each tall
 * enough for a readable number; none when not even one fits.
 */
int
calls_rows(const struct render_layout *L, int row_h, double u)
{
	struct render_rect in;

	if (L->calls.w <= 0 || L->calls.h <= 0)
		return 0;
	in = panel_inner(L->calls, calls_title_h(L->calls, u), u);
	if (row_h < iround(6.2 * u))
		row_h = iround(6.2 * u);
	return clampi(in.h / (row_h > 0 ? row_h : 1), 0, BOARD_MAX_CALLS - 1);
}

/* A waiting tile: the service above, the count under it. */
#define TILE_PAD	0.07
#define TILE_LABEL	0.24
#define TILE_COUNT	(1.0 - 3 * TILE_PAD - TILE_LABEL)
#define TILE_LABEL_EM	5.0	/* "B · BPJS Ke…" at the label's size */

void
waiting_tile_min(const struct font_metrics *m, double num_px, int digits,
    double tail, int *w, int *h)
{
	int nh = (int)ceil((m->cap + tail) * num_px) + 2;
	int cw = (int)ceil(digits * m->digit * num_px) + 2, lw;

	*h = (int)ceil(nh / TILE_COUNT) + 2;
	lw = (int)ceil(TILE_LABEL_EM * *h * TILE_LABEL * 0.85);
	*w = (cw > lw ? cw : lw) + 2 * (iround(*h * TILE_PAD) > 1 ?
	    iround(*h * TILE_PAD) : 1);
}

/* The height of a waiting panel whose tiles are tile_h high. */
int
waiting_panel_h(int tile_h, double u)
{
	int pad = iround(1.6 * u);

	return tile_h + iround(3.4 * u) + 2 * pad + pad / 2 + 1;
}

/* The waiting tiles of a page; returns how many a page holds. */
static int
waiting_tiles(const struct render_layout *L, const struct board *b,
    const struct render_conf *rc, double u, struct render_rect *tiles,
    int *pages)
{
	const struct font_metrics *m = font_metrics(rc != NULL ?
	    rc->theme.font : "", 1);
	struct render_rect in;
	struct grid_want g;
	int i, n, digits = 3, c, cols, rows;

	*pages = 0;
	n = clampi(b->nwaiting, 0, BOARD_MAX_SERVICES);
	if (L->waiting.w <= 0 || L->waiting.h <= 0 || n == 0)
		return 0;
	for (i = 0; i < n; i++)
		for (c = b->waiting[i].count; c >= 1000 && digits < 5;
		    c /= 10)
			digits++;
	in = panel_inner(L->waiting, waiting_title_h(L->waiting, u), u);
	/*
	 * Tiles are wide: a count and a short service name side by side
	 * read best. They share the panel's full width, left-aligned so a
	 * few tiles do not float mid-panel; a lone tile in a tall panel
	 * stays tile-sized rather than growing a giant number. Services
	 * that do not fit at a readable size take turns, page by page.
	 */
	waiting_tile_min(m, L->num_min, digits, L->num_tail, &g.min_w,
	    &g.min_h);
	g.min_aspect = 0.01;
	g.aspect = 2.6;
	g.max_aspect = 100.0;
	g.max_h = iround(13 * u) > g.min_h ? iround(13 * u) : g.min_h;
	return grid_pages(in, n, iround(u), &g, tiles, &cols, &rows, pages);
}

int
waiting_per_page(const struct render_layout *L, const struct board *b,
    const struct render_conf *rc, double u, int *pages)
{
	struct render_rect tiles[BOARD_MAX_SERVICES];

	return waiting_tiles(L, b, rc, u, tiles, pages);
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
void
draw_hero(struct render_ctx *rx)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->hero, in, num, desk, tb;
	struct rgb bg, title_c, num_c, desk_c;
	char tk[32], name[PROTO_NAME_MAX], line[128], id[12];
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
	if (clampi(b->ncalls, 0, BOARD_MAX_CALLS) > 0 &&
	    b->calls[0].ticket.priority)
		tb.w -= draw_priority_tag(rx, tb, false, rx->lit);
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
	    FIT_NUMBER | FIT_CENTER, num_c);
	/* "ke Loket Pelayanan Terpadu 12" too long: "ke Loket Pel… 12". */
	snprintf(line, sizeof(line), "%s %s", lb->to_desk,
	    call_desk_name(b, &b->calls[0], name, sizeof(name)));
	snprintf(id, sizeof(id), "%d", b->calls[0].desk);
	rx->ident = id;
	text_draw(rx, line, sizeof(line), desk, desk.h * 0.85,
	    FIT_BOLD | FIT_CENTER | FIT_ELLIPSIZE | FIT_SHRINK, desk_c);
	rx->ident = NULL;
}

static void
draw_call_row(struct render_ctx *rx, const struct board_call *c,
    struct render_rect row)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct font_metrics *m = font_metrics(rx->rc->theme.font, 1);
	struct render_rect tb, nb;
	char tk[32], name[PROTO_NAME_MAX], id[12];
	int py = iround(row.h * CALL_PAD), tw = iround(row.w * 0.40), nw, h;
	double px;

	/* The number gets the width it needs at the size its row allows;
	 * the desk's name what is left, shortened to its number if need
	 * be. */
	h = row.h - 2 * py;
	px = h / (m->cap + rx->lay->num_tail);
	/* The number no wider than 60% of the row while the name then
	 * has room, and never under the readable size. */
	px = fmin(px, fmax(rx->lay->num_min, row.w * 0.60 /
	    (rx->lay->ticket_em * 1.02)));
	nw = (int)ceil(rx->lay->ticket_em * px * 1.02) + 4;
	if (tw < nw)
		tw = nw < row.w ? nw : row.w;
	tb = rect_make(row.x, row.y + py, tw, h);
	nb = rect_make(row.x + tw + iround(rx->u), row.y + py,
	    row.w - tw - iround(rx->u), h);
	text_draw(rx, ticket_text(&c->ticket, tk, sizeof(tk)), sizeof(tk), tb,
	    px, FIT_NUMBER, th->text);
	/* A priority call: its "P" after the desk's name, the name
	 * shortened for it. */
	if (c->ticket.priority)
		nb.w -= draw_priority_tag(rx, rect_make(nb.x, nb.y +
		    iround(nb.h * 0.2), nb.w, iround(nb.h * 0.6)), true,
		    false);
	snprintf(id, sizeof(id), "%d", c->desk);
	rx->ident = id;
	text_draw(rx, call_desk_name(rx->b, c, name, sizeof(name)),
	    sizeof(name), nb, fmin(nb.h * 0.6, px * 0.55),
	    FIT_ELLIPSIZE | FIT_SHRINK_MORE, th->muted);
	rx->ident = NULL;
}

void
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
	    calls_title_h(r, rx->u));
	/* Row height is fixed by the panel, not by how many calls there
	 * are, so the list does not jump as it fills up in the morning.
	 * calls[0] is in the hero panel already. */
	if ((slots = rx->lay->ncalls) <= 0)
		return;
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

int
draw_priority_tag(struct render_ctx *rx, struct render_rect r, bool short_,
    bool lit)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	char word[sizeof(lb->priority)];
	PangoRectangle ink, logical;
	struct render_rect t;
	PangoLayout *pl;
	double px = r.h * 0.62;
	int w = 0;

	if (r.w <= 0 || r.h <= 0)
		return 0;
	/* Its word, or (a row of the last calls) the word's first letter:
	 * "P". */
	copy_str(word, sizeof(word), lb->priority);
	if (short_ && (unsigned char)word[0] < 0x80)
		word[1] = '\0';
	/* As wide as its word at that size, and never most of the row. */
	if ((pl = text_fit(rx, word, rect_make(0, 0, r.w * 4, r.h), px,
	    FIT_BOLD, &ink, &logical)) != NULL) {
		w = (ink.width > logical.width ? ink.width : logical.width) +
		    iround(r.h * 0.9);
		g_object_unref(pl);
	}
	if (w > r.w * 0.6)
		w = iround(r.w * 0.6);
	if (w < r.h)
		return 0;
	t = rect_make(r.x + r.w - w, r.y, w, r.h);
	/* On the lit hero (amber itself) the tag turns dark. */
	rect_fill(rx, t, r.h * 0.3, lit ? th->background : th->accent);
	text_draw(rx, word, sizeof(word), rect_inset(t, iround(r.h * 0.3), 0),
	    px,
	    FIT_BOLD | FIT_CENTER | FIT_ELLIPSIZE,
	    lit ? th->accent : th->background);
	return w;
}

static void
draw_waiting_tile(struct render_ctx *rx, const struct board_waiting *w,
    struct render_rect t)
{
	const struct render_theme *th = &rx->rc->theme;
	struct render_rect label, count, in;
	char name[PROTO_NAME_MAX], text[PROTO_NAME_MAX + 8], num[16];
	int pad = iround(t.h * TILE_PAD) > 1 ? iround(t.h * TILE_PAD) : 1;
	int cw, lh, flags = FIT_NUMBER;

	rect_fill(rx, t, rx->u * 0.5, rgb_mix(th->panel, th->background, 0.45));
	in = rect_make(t.x + pad, t.y + pad, t.w - 2 * pad, t.h - 2 * pad);
	if (w->count >= 0)
		snprintf(num, sizeof(num), "%d", w->count);
	else
		copy_str(num, sizeof(num), "-");
	if (t.w > 3.5 * t.h) {
		/* A long row (one column of tiles): name left, count right,
		 * so the count can use the tile's whole height; its box is
		 * wide enough for three digits at the readable size. */
		cw = iround(fmax(in.w * 0.3, (strlen(num) > 3 ?
		    strlen(num) : 3) * font_metrics(rx->rc->theme.font,
		    1)->digit * rx->lay->num_min + 2));
		lh = iround(in.h * 0.5);
		label = rect_make(in.x, in.y + (in.h - lh) / 2, in.w - cw - pad,
		    lh);
		count = rect_make(in.x + in.w - cw, in.y + iround(in.h * 0.12),
		    cw, in.h - 2 * iround(in.h * 0.12));
		flags |= FIT_RIGHT;
	} else {
		label = rect_make(in.x, in.y, in.w, iround(t.h * TILE_LABEL));
		count = rect_make(in.x, label.y + label.h + pad, in.w,
		    in.y + in.h - (label.y + label.h + pad));
	}

	text_clean(w->name, sizeof(w->name), name, sizeof(name));
	/* A service that takes no more tickets says so in place of its
	 * name, in the accent: "B · Kuota habis". */
	if (w->state != WAITING_OPEN)
		copy_str(name, sizeof(name), w->state == WAITING_QUOTA ?
		    rx->rc->labels.quota : rx->rc->labels.closed);
	if (name[0] != '\0')
		snprintf(text, sizeof(text), "%c \u00b7 %s", w->service, name);
	else
		snprintf(text, sizeof(text), "%c", w->service);
	/* "B · BPJS Kes…": the letter and the start of the name. */
	text_draw(rx, text, sizeof(text), label, label.h * 0.85,
	    FIT_ELLIPSIZE | (w->state != WAITING_OPEN ? FIT_BOLD |
	    FIT_SHRINK_MORE : 0),
	    w->state != WAITING_OPEN ? th->accent : th->muted);
	text_draw(rx, num, sizeof(num), count, count.h * 1.4, flags |
	    (t.w > 3.5 * t.h ? 0 : FIT_CENTER), th->text);
}

void
draw_waiting(struct render_ctx *rx)
{
	const struct render_labels *lb = &rx->rc->labels;
	const struct board *b = rx->b;
	struct render_rect r = rx->lay->waiting;
	struct render_rect tiles[BOARD_MAX_SERVICES];
	int i, n, per, pages, first, th, pad, dw;

	if (r.w <= 0 || r.h <= 0)
		return;
	draw_panel(rx, r, lb->waiting, sizeof(lb->waiting),
	    waiting_title_h(r, rx->u));
	n = clampi(b->nwaiting, 0, BOARD_MAX_SERVICES);
	per = waiting_tiles(rx->lay, b, rx->rc, rx->u, tiles, &pages);
	if (per <= 0)
		return;
	first = (pages > 0 ? rx->wait_page % pages : 0) * per;
	if (pages > 1) {
		/* The services take turns: a dot per page at the right of
		 * the panel's title. */
		th = iround(waiting_title_h(r, rx->u));
		pad = iround(1.6 * rx->u);
		dw = iround(pages * th * 0.7 * 1.8);
		draw_dots(rx, rect_make(r.x + r.w - pad - dw, r.y + pad +
		    iround(th * 0.15), dw, iround(th * 0.7)), pages,
		    rx->wait_page % pages);
	}
	for (i = 0; i < per && first + i < n; i++)
		draw_waiting_tile(rx, &b->waiting[first + i], tiles[i]);
}

void
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
