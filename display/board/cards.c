/* cards.c - one card per desk, every number on them at one size. */
#include "render-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
double
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

void
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
