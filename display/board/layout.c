/* layout.c - where each part of the board goes on the screen. */
#include "render-int.h"

#include <math.h>
#include <string.h>

#define RENDER_MIN_W	160
#define RENDER_MIN_H	120

/*
 * The rule of docs/board.md: a number's capitals are at least the
 * viewing distance / RENDER_CAP_RATIO high on the TV (4 cm at 10 m).
 */
double
render_min_cap(const struct render_conf *rc, int width, int height)
{
	double in = RENDER_INCHES, m = RENDER_VIEWING_M, px_cm;

	if (rc != NULL && rc->screen_inches > 0)
		in = rc->screen_inches;
	if (rc != NULL && rc->viewing_m > 0)
		m = rc->viewing_m;
	if (width <= 0 || height <= 0)
		return 0.0;
	px_cm = sqrt((double)width * width + (double)height * height) /
	    (in * 2.54);
	return m * 100.0 / RENDER_CAP_RATIO * px_cm;
}

/*
 * Lays n equal cells out in area, choosing the column count that gives
 * the largest cells for the wanted proportions: a cell's readable size
 * is limited by its height and by its width / aspect. Cells stay within
 * min_aspect..max_aspect (width / height) and no taller than max_h, so
 * a hall with two desks does not get two billboards, and no smaller than
 * min_w x min_h (where the numbers stop being readable). Returns the
 * bounding rectangle of the cells; *colsp == 0 if no arrangement holds
 * n readable cells.
 */
struct render_rect
grid_place(struct render_rect area, int n, int gap,
    const struct grid_want *g, struct render_rect *cells, int *colsp,
    int *rowsp)
{
	double best = -1.0, score;
	int cols, rows, cw, ch, bc = 0, bw = 0, bh = 0, br = 0;
	int i, tw, th, x0;

	*colsp = *rowsp = 0;
	if (n <= 0)
		return rect_make(area.x, area.y, 0, 0);
	for (cols = 1; cols <= n; cols++) {
		rows = (n + cols - 1) / cols;
		cw = (area.w - (cols - 1) * gap) / cols;
		ch = (area.h - (rows - 1) * gap) / rows;
		if (cw < 1 || ch < 1 || cw < g->min_w || ch < g->min_h)
			continue;
		if (ch > cw / g->min_aspect)
			ch = (int)(cw / g->min_aspect);
		if (ch > g->max_h)
			ch = g->max_h;
		if (ch < g->min_h)
			ch = g->min_h;
		if (cw > ch * g->max_aspect)
			cw = (int)(ch * g->max_aspect);
		if (cw < g->min_w)
			cw = g->min_w;
		score = fmin(ch, cw / g->aspect);
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
	/* At the top, lined up with the panels beside it; across, centred
	 * in the area, so a row narrower than the area (cards held to
	 * their proportions) leaves even margins, not a ragged edge. */
	x0 = area.x + (area.w - tw) / 2;
	if (x0 < area.x)
		x0 = area.x;
	for (i = 0; i < n; i++)
		cells[i] = rect_make(x0 + (i % bc) * (bw + gap),
		    area.y + (i / bc) * (bh + gap), bw, bh);
	*colsp = bc;
	*rowsp = br;
	return rect_make(x0, area.y, tw, th);
}

/* How many cells of at least min_w x min_h the area holds. */
int
grid_capacity(struct render_rect area, int gap, int min_w, int min_h)
{
	int cols, rows;

	if (min_w < 1)
		min_w = 1;
	if (min_h < 1)
		min_h = 1;
	cols = (area.w + gap) / (min_w + gap);
	rows = (area.h + gap) / (min_h + gap);
	return cols > 0 && rows > 0 ? cols * rows : 0;
}

/*
 * n cells in pages: as many as fit readably on a page, the pages filled
 * evenly (13 desks where 12 fit: 7 and 6, not 12 and 1) so a card keeps
 * its size from page to page. Returns the cells a page; when not even
 * one readable cell fits, one cell a page, as big as the area allows.
 */
int
grid_pages(struct render_rect area, int n, int gap,
    const struct grid_want *g, struct render_rect *cells, int *colsp,
    int *rowsp, int *npages)
{
	struct grid_want loose = *g;
	int cap, per;

	*npages = 0;
	*colsp = *rowsp = 0;
	if (n <= 0)
		return 0;
	cap = grid_capacity(area, gap, g->min_w, g->min_h);
	if (cap < 1) {
		loose.min_w = loose.min_h = 0;
		grid_place(area, 1, gap, &loose, cells, colsp, rowsp);
		*npages = n;
		return 1;
	}
	*npages = (n + cap - 1) / cap;
	per = (n + *npages - 1) / *npages;
	for (; per >= 1; per--) {
		grid_place(area, per, gap, g, cells, colsp, rowsp);
		if (*colsp > 0)
			break;
	}
	*npages = (n + per - 1) / per;
	return per;
}

/* A letter's tail below the baseline (the Q's), in ems. */
static double
letter_tail(const struct font_metrics *m, char c, double tail)
{
	if (c >= 'A' && c <= 'Z' && m->letter_desc[c - 'A'] > tail)
		return m->letter_desc[c - 'A'];
	return tail;
}

/*
 * The widest ticket the board may show, in ems: a three-digit number
 * for every service letter on it, and every ticket it shows; and in
 * *tail how far the deepest of their letters reaches below the baseline
 * (a board without a Q or a J keeps no room for one).
 */
double
layout_ticket_em(const struct font_metrics *m, const struct board *b,
    double *tail)
{
	double em = font_ticket_em(m, 'A', 0, 3), e;
	const struct ticket *t;
	int i, n;

	*tail = m->digit_desc;
	n = clampi(b->ndesks, 0, BOARD_MAX_DESKS);
	for (i = 0; i < n; i++) {
		t = &b->desks[i].ticket;
		if (t->service < 'A' || t->service > 'Z')
			continue;
		e = fmax(font_ticket_em(m, t->service, t->number, 0),
		    font_ticket_em(m, t->service, 0, 3));
		em = fmax(em, e);
		*tail = letter_tail(m, t->service, *tail);
	}
	n = clampi(b->ncalls, 0, BOARD_MAX_CALLS);
	for (i = 0; i < n; i++) {
		t = &b->calls[i].ticket;
		if (t->service >= 'A' && t->service <= 'Z') {
			em = fmax(em, fmax(font_ticket_em(m, t->service,
			    t->number, 0), font_ticket_em(m, t->service, 0,
			    3)));
			*tail = letter_tail(m, t->service, *tail);
		}
	}
	n = clampi(b->nwaiting, 0, BOARD_MAX_SERVICES);
	for (i = 0; i < n; i++)
		if (b->waiting[i].service >= 'A' &&
		    b->waiting[i].service <= 'Z')
			em = fmax(em, font_ticket_em(m, b->waiting[i].service,
			    0, 3));
	return em;
}

/* The smallest readable parts for a layout (see render_min_cap()). */
struct need {
	const struct font_metrics *m;
	double	num_px;		/* numbers' font size at the minimum */
	double	ticket_em;	/* the widest ticket, ems */
	int	card_w, card_h;
	int	tile_w, tile_h;
	int	row_h;		/* a row of the last calls */
};

/* The desk cards of the layout, in pages when they do not all fit. */
static void
layout_cards(struct render_layout *L, const struct need *nd,
    struct render_rect area, int gap, double min_aspect, double max_aspect,
    int max_h)
{
	struct grid_want g;
	double aspect = (double)nd->card_w / nd->card_h;
	int ph;

	g.min_aspect = fmin(min_aspect, aspect);
	g.aspect = fmax(1.5, aspect);
	g.max_aspect = fmax(max_aspect, aspect);
	g.max_h = max_h > nd->card_h ? max_h : nd->card_h;
	g.min_w = nd->card_w;
	g.min_h = nd->card_h;
	L->ncards = grid_pages(area, L->ndesks, gap, &g, L->desk, &L->cols,
	    &L->rows, &L->npages);
	if (L->npages > 1) {
		/* Under the cards, a dot per page, the current one lit. */
		ph = iround(fmax(L->min_cap * 0.3, 2.5 * L->unit)) + gap;
		L->pager = rect_make(area.x, area.y + area.h - ph, area.w, ph);
		area.h -= ph;
		L->ncards = grid_pages(area, L->ndesks, gap, &g, L->desk,
		    &L->cols, &L->rows, &L->npages);
	}
	if (L->ncards > 0)
		L->grid = rect_make(L->desk[0].x, area.y,
		    L->cols * L->desk[0].w + (L->cols - 1) * gap,
		    L->rows * L->desk[0].h + (L->rows - 1) * gap);
	else
		L->grid = rect_make(area.x, area.y, 0, 0);
	if (L->npages > 1) {
		L->pager.x = L->grid.x;
		L->pager.w = L->grid.w;
	}
	/* No stale cells past the page from the first try. */
	if (L->ncards < BOARD_MAX_DESKS)
		memset(&L->desk[L->ncards], 0, (BOARD_MAX_DESKS - L->ncards) *
		    sizeof(L->desk[0]));
}

static void
layout_landscape(struct render_layout *L, const struct need *nd,
    int has_wait, double u, struct render_rect body, int gap)
{
	struct render_rect area;
	double frac;
	int n = L->ndesks, lw, hh, rx, rw, wh, need;

	/* The left column holds what was just called; it gives way to the
	 * desk grid as the desks multiply. */
	frac = n <= 4 ? 0.40 : n <= 12 ? 0.34 : 0.29;
	lw = iround(body.w * frac);
	/* The hero gives the last calls room for two readable rows, down
	 * to 40% of the height (it is the biggest number either way). */
	hh = iround(body.h * 0.52);
	need = 2 * (nd->row_h > iround(6.2 * u) ? nd->row_h : iround(6.2 * u)) +
	    iround(4 * u) + 2 * iround(1.6 * u) + iround(1.6 * u) / 2 + 2;
	if (body.h - hh - gap < need)
		hh = body.h - gap - need;
	if (hh < iround(body.h * 0.40))
		hh = iround(body.h * 0.40);
	L->hero = rect_make(body.x, body.y, lw, hh);
	L->calls = rect_make(body.x, body.y + hh + gap, lw, body.h - hh - gap);

	rx = body.x + lw + gap;
	rw = body.x + body.w - rx;
	area = rect_make(rx, body.y, rw, body.h);
	if (has_wait) {
		wh = waiting_panel_h(nd->tile_h, u);
		if (wh < iround(17 * u))
			wh = iround(17 * u);
		L->waiting = rect_make(rx, body.y + body.h - wh, rw, wh);
		area.h -= wh + gap;
	}
	layout_cards(L, nd, area, gap, 1.0, 2.0, iround(36 * u));
}

static void
layout_portrait(struct render_layout *L, const struct need *nd,
    int has_wait, double u, struct render_rect body, int gap)
{
	struct render_rect area;
	int hh, bh, wh = 0, y;

	/* Tall screens give the hero a share of the height; nearly square
	 * ones would squash it, so it also gets a share of the width.
	 * Under the cards, the waiting counts in a row across the screen,
	 * then the last calls. */
	hh = iround(fmax(body.h * 0.17, body.w * 0.26));
	bh = iround(body.h * 0.19);
	if (bh < nd->row_h * 2 + iround(8 * u))
		bh = nd->row_h * 2 + iround(8 * u);
	L->hero = rect_make(body.x, body.y, body.w, hh);
	y = body.y + body.h - bh;
	L->calls = rect_make(body.x, y, body.w, bh);
	if (has_wait) {
		wh = waiting_panel_h(nd->tile_h, u);
		L->waiting = rect_make(body.x, y - gap - wh, body.w, wh);
		wh += gap;
	}
	area = rect_make(body.x, body.y + hh + gap, body.w,
	    body.h - hh - bh - wh - 2 * gap);
	layout_cards(L, nd, area, gap, 1.15, 2.4, iround(30 * u));
}

static void
layout_need(const struct render_conf *rc, const struct board *b,
    struct render_layout *L, struct need *nd)
{
	const char *family = rc != NULL ? rc->theme.font : "";
	int i, n, digits = 3, c;

	nd->m = font_metrics(family, 1);
	L->min_cap = render_min_cap(rc, L->width, L->height);
	/* A pixel over: hinting may round the capitals down by one. */
	nd->num_px = ceil((L->min_cap + 1.0) / nd->m->cap);
	L->num_min = nd->num_px;
	nd->ticket_em = layout_ticket_em(nd->m, b, &L->num_tail);
	L->ticket_em = nd->ticket_em;
	card_min_size(nd->m, nd->num_px, nd->ticket_em, L->num_tail,
	    &nd->card_w, &nd->card_h);
	L->card_min_h = nd->card_h;
	n = clampi(b->nwaiting, 0, BOARD_MAX_SERVICES);
	for (i = 0; i < n; i++)
		for (c = b->waiting[i].count; c >= 1000 && digits < 5;
		    c /= 10)
			digits++;
	waiting_tile_min(nd->m, nd->num_px, digits, L->num_tail, &nd->tile_w,
	    &nd->tile_h);
	nd->row_h = calls_row_min(nd->m, nd->num_px, L->num_tail);
}

int
render_layout(const struct render_conf *rc, const struct board *b,
    int width, int height, struct render_layout *L)
{
	struct render_rect body;
	struct need nd;
	double u;
	int margin, gap, hh, fh, mh, cw, bottom, has_wait;

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
	layout_need(rc, b, L, &nd);

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

	L->ndesks = clampi(b->ndesks, 0, BOARD_MAX_DESKS);
	has_wait = b->nwaiting > 0;
	if (L->portrait)
		layout_portrait(L, &nd, has_wait, u, body, gap);
	else
		layout_landscape(L, &nd, has_wait, u, body, gap);
	L->ncalls = calls_rows(L, nd.row_h, u);
	if (has_wait)
		L->nwait = waiting_per_page(L, b, rc, u, &L->wait_pages);
	return 0;
}
