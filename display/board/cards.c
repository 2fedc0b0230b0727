/* cards.c - one card per desk, every number on them at one size. */
#include "render-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The proportions of a card: its desk's name on top, the number under
 * it, taking most of the card. */
#define CARD_PAD	0.05
#define CARD_PADX	0.05
#define CARD_NAME	0.20
#define CARD_NAME_MAX	0.30
#define CARD_GAP	0.03
#define CARD_NUMBER	(1.0 - 2 * CARD_PAD - CARD_NAME - CARD_GAP)

struct card_parts
card_parts(struct render_rect c, int min_h)
{
	struct card_parts p;
	int pad = iround(c.h * CARD_PAD) > 2 ? iround(c.h * CARD_PAD) : 2;
	int padx = iround(c.h * CARD_PADX) > 2 ? iround(c.h * CARD_PADX) : 2;
	int nh, gap = iround(c.h * CARD_GAP);

	/* A card taller than the readable minimum gives half of what it
	 * has over to the desk's name: the number is readable already. */
	if (min_h <= 0 || min_h > c.h)
		min_h = c.h;
	nh = iround(min_h * CARD_NAME + (c.h - min_h) * 0.5);
	if (nh > iround(c.h * CARD_NAME_MAX))
		nh = iround(c.h * CARD_NAME_MAX);
	p.name = rect_make(c.x + padx, c.y + pad, c.w - 2 * padx, nh);
	p.number = rect_make(c.x + padx, p.name.y + nh + gap, c.w - 2 * padx,
	    c.y + c.h - pad - (p.name.y + nh + gap));
	return p;
}

/*
 * The smallest card whose number box holds the widest ticket (ticket_em)
 * at font size num_px, with the room text_fit() wants for capitals and
 * the tail of a Q.
 */
void
card_min_size(const struct font_metrics *m, double num_px, double ticket_em,
    double tail, int *w, int *h)
{
	int nh = (int)ceil((m->cap + tail) * num_px) + 2;

	*h = (int)ceil(nh / CARD_NUMBER) + 2;
	*w = (int)ceil(ticket_em * num_px * 1.02) + 4 +
	    2 * (iround(*h * CARD_PADX) > 2 ? iround(*h * CARD_PADX) : 2);
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
 * One size for the numbers on every card, on every page, so the grid
 * reads as a table and does not change size each time a number gets
 * another digit: the largest size at which a three-digit number and
 * every number on the board fit. A number's width depends only on its
 * letter and its count of digits (digits share one advance), so "B 8"
 * stands for "B 1" to "B 9" and a hundred desks need a few fits.
 */
double
cards_number_size(struct render_ctx *rx)
{
	const struct board *b = rx->b;
	const struct ticket *t;
	struct render_rect box;
	char tk[32];
	double base, px, s;
	int i, n;

	if (rx->lay->ncards == 0)
		return 0.0;
	box = card_parts(rx->lay->desk[0], rx->lay->card_min_h).number;
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
		t = &b->desks[i].ticket;
		if (ticket_text(t, tk, sizeof(tk))[0] == '\0')
			continue;
		n = (int)strlen(tk) - 2;
		snprintf(tk, sizeof(tk), "%c %.*s", t->service, n < 3 ? 3 : n,
		    "88888888");
		s = card_number_fit(rx, tk, box, base);
		if (s < px)
			px = s;
	}
	return px;
}

void
draw_card(struct render_ctx *rx, const struct board_desk *d,
    struct render_rect c, double num_px, int called)
{
	const struct render_theme *th = &rx->rc->theme;
	const struct render_labels *lb = &rx->rc->labels;
	struct card_parts p = card_parts(c, rx->lay->card_min_h);
	struct rgb panel, name_c, num_c, state_c;
	char tk[32], name[PROTO_NAME_MAX], id[12];
	int active, serving;

	/* Only a desk that serves is at full strength; the others fade into
	 * the background so the eye finds the live numbers first. */
	active = d->status == DESK_SERVING;
	panel = active ? th->panel : rgb_mix(th->panel, th->background, 0.55);
	name_c = active ? th->text : th->muted;
	num_c = active ? th->accent : th->muted;
	state_c = active ? th->muted : rgb_mix(th->muted, th->background, 0.25);

	rect_fill(rx, c, rx->u * 0.6, panel);
	/* The frame of the newest call stays only while the desk serves
	 * it: a desk that closes is not where anyone should go. */
	serving = d->status != DESK_OFFLINE && d->status != DESK_CLOSED &&
	    ticket_text(&d->ticket, tk, sizeof(tk))[0] != '\0';
	if (called && serving && active)
		rect_stroke(rx, c, rx->u * 0.6, fmax(2.0, 0.5 * rx->u),
		    th->accent);

	if (d->name[0] != '\0')
		text_clean(d->name, sizeof(d->name), name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%d", d->id);
	/* A long name keeps the desk's number: "Loket Pel… 12". */
	/* A priority ticket at the desk: the tag at the end of the name's
	 * row, the name shortened for it. */
	if (serving && d->ticket.priority)
		p.name.w -= draw_priority_tag(rx, rect_make(p.name.x,
		    p.name.y + iround(p.name.h * 0.2), p.name.w,
		    iround(p.name.h * 0.6)), false, false);
	snprintf(id, sizeof(id), "%d", d->id);
	rx->ident = id;
	text_draw(rx, name, sizeof(name), p.name, p.name.h * 0.85,
	    FIT_BOLD | FIT_ELLIPSIZE, name_c);
	rx->ident = NULL;

	/* A desk that serves shows its number and nothing else; the others
	 * say why they do not, where the number would be. */
	if (serving && d->status == DESK_SERVING)
		text_draw(rx, tk, sizeof(tk), p.number, num_px,
		    FIT_NUMBER | FIT_CENTER, num_c);
	else if (serving)
		text_draw(rx, tk, sizeof(tk), p.number, num_px,
		    FIT_NUMBER | FIT_CENTER, state_c);
	else
		text_draw(rx, status_label(lb, d->status), 32, p.number,
		    fmin(num_px * 0.5, p.number.h * 0.5),
		    FIT_CENTER | FIT_ELLIPSIZE, state_c);
}

/* n dots in r, centred, the cur-th lit. */
void
draw_dots(struct render_ctx *rx, struct render_rect r, int n, int cur)
{
	const struct render_theme *th = &rx->rc->theme;
	double d, x, y;
	int i;

	if (r.w <= 0 || r.h <= 0 || n < 2)
		return;
	d = fmin(r.h, r.w / (n * 1.8));
	if (d < 2)
		return;
	x = r.x + (r.w - (n * d + (n - 1) * d * 0.8)) / 2.0;
	y = r.y + (r.h - d) / 2.0;
	for (i = 0; i < n; i++, x += d * 1.8) {
		cairo_new_sub_path(rx->cr);
		cairo_arc(rx->cr, x + d / 2, y + d / 2, d / 2, 0, 2 * M_PI);
		set_rgb(rx->cr, i == cur ? th->accent :
		    rgb_mix(th->panel, th->muted, 0.35));
		cairo_fill(rx->cr);
	}
}

/* A dot per page of cards under the grid, the page shown lit: the hall
 * sees that more desks follow, and how many pages they take. */
void
draw_pager(struct render_ctx *rx)
{
	struct render_rect r = rx->lay->pager;
	int gap = rx->lay->unit;

	draw_dots(rx, rect_make(r.x, r.y + gap, r.w, iround((r.h - gap) *
	    0.8)), rx->lay->npages, rx->page);
}
