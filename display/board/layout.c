/* layout.c - where each part of the board goes on the screen. */
#include "render-int.h"

#include <math.h>
#include <string.h>

#define RENDER_MIN_W	160
#define RENDER_MIN_H	120

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
struct render_rect
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
