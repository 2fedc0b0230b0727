/*
 * render.c - the renderer: what the screen shows, which of its parts a
 * new board or a new minute changes, when the next frame is due, and the
 * frame that repaints those parts.
 *
 * The board is read from across a hall, so every size derives from the
 * screen: one "unit" is 1% of the shorter side. layout.c places the
 * rectangles; parts.c, cards.c and marquee.c fill them. Text is never
 * allowed to leave its box (text.c): names are ellipsized, numbers
 * shrunk until their ink fits. Nothing in display/board/ reads a clock,
 * so a frame depends only on its inputs.
 */
#include "render-int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* --- what changed --------------------------------------------------- */

static bool
ticket_eq(const struct ticket *a, const struct ticket *b)
{
	return a->service == b->service && a->number == b->number &&
	    a->priority == b->priority;
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
		    a->waiting[i].state != b->waiting[i].state ||
		    strncmp(a->waiting[i].name, b->waiting[i].name,
		    sizeof(a->waiting[i].name)) != 0)
			return false;
	return true;
}

/* --- entry points --------------------------------------------------- */

PangoContext *
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
renderer_text_changed(struct renderer *r)
{
	if (r->strip != NULL)
		cairo_surface_destroy(r->strip);
	r->strip = NULL;
	r->strip_h = 0;
	r->strip_period = 0;
	r->marquee_started = false;
	r->valid = false;
	r->changed = true;
}

const char *
renderer_running_text(const struct renderer *r)
{
	return r->lay.marquee.w > 0 ? r->rc->marquee : "";
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

static int64_t
page_ms(const struct renderer *r)
{
	return r->rc->page_ms > 0 ? r->rc->page_ms : RENDER_PAGE_MS;
}

/* Pages turned since the renderer's first frame: every page_ms, in a
 * fixed rhythm that new boards do not reset. */
static int64_t
page_tick(const struct renderer *r, int64_t mono_ms)
{
	if (!r->page_started || mono_ms < r->page_t0)
		return 0;
	return (mono_ms - r->page_t0) / page_ms(r);
}

static bool
renderer_pages(const struct renderer *r)
{
	return r->lay.npages > 1 || r->lay.wait_pages > 1;
}

int
renderer_page(const struct renderer *r, int *npages)
{
	*npages = r->valid ? (r->lay.npages > 0 ? r->lay.npages : 1) : 0;
	return r->valid ? r->page + 1 : 0;
}

int
renderer_shown_desks(const struct renderer *r, int *ids, int max)
{
	int i, di, n = 0;

	if (!r->valid)
		return 0;
	for (i = 0; i < r->lay.ncards && n < max; i++) {
		di = r->page * r->lay.ncards + i;
		if (di >= clampi(r->shown.ndesks, 0, BOARD_MAX_DESKS))
			break;
		ids[n++] = r->shown.desks[di].id;
	}
	return n;
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
	if (renderer_pages(r)) {
		t = page_tick(r, mono_ms);
		if ((r->lay.npages > 1 && t % r->lay.npages != r->page) ||
		    (r->lay.wait_pages > 1 &&
		    t % r->lay.wait_pages != r->wait_page))
			return 0;
	}
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
	if (renderer_pages(r)) {
		t = r->page_t0 + (page_tick(r, mono_ms) + 1) * page_ms(r) -
		    mono_ms;
		if (t < due)
			due = t > 0 ? t : 0;
	}
	if (renderer_scrolls(r) && r->marquee_started && r->strip != NULL) {
		/* The next frame of the running text: when it has moved by
		 * a whole pixel since the frame shown, and no sooner than
		 * marquee_fps frames a second allow. */
		t = marquee_offset(r, mono_ms) != r->marquee_off ? mono_ms :
		    marquee_next(r, mono_ms);
		step = r->marquee_drawn + 1000 / r->rc->marquee_fps;
		if (t < step)
			t = step;
		if (t - mono_ms < due)
			due = t - mono_ms > 0 ? t - mono_ms : 0;
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
	PART_PAGER,
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
	case PART_PAGER:	r = L->pager; break;
	default:		r = L->marquee; break;
	}
	if (r.w <= 0 || r.h <= 0)
		return;
	cairo_save(rx->cr);
	cairo_rectangle(rx->cr, r.x, r.y, r.w, r.h);
	cairo_clip(rx->cr);
	/*
	 * What lies under the part, where the part does not cover it: the
	 * header's band behind the clock, the background at the rounded
	 * corners of panels and cards. Header, warning strip and running
	 * text cover their rectangles; a full frame painted everything.
	 */
	if (p == PART_CLOCK) {
		set_rgb(rx->cr, th->panel);
		cairo_paint(rx->cr);
	} else if (p == PART_PAGER || (p == PART_CARD &&
	    rx->page * L->ncards + i >= L->ndesks)) {
		/* An empty slot on the last page, or the pager: nothing
		 * of the page before may stay. */
		set_rgb(rx->cr, th->background);
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
		c = rx->page * L->ncards + i;
		if (c < L->ndesks)
			draw_card(rx, &rx->b->desks[c], r, f->num_px,
			    rx->b->desks[c].id == f->called);
		break;
	case PART_PAGER:
		draw_pager(rx);
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
	const struct render_layout *L = rx->lay;
	int i, di, odi, has, ohas, was_called = called_desk(o);
	int on = clampi(o->ndesks, 0, BOARD_MAX_DESKS);

	if (full || strcmp(date, r->date) != 0)
		draw_part(rx, f, PART_HEADER, 0);
	else if (strcmp(clock, r->clock) != 0)
		draw_part(rx, f, PART_CLOCK, 0);
	if (full || rx->lit != r->lit || !hero_eq(b, o))
		draw_part(rx, f, PART_HERO, 0);
	/* A card slot shows desk page * ncards + slot: a page turn
	 * repaints the slots whose desk changed, and the pager. */
	for (i = 0; i < L->ncards; i++) {
		di = rx->page * L->ncards + i;
		odi = r->page * L->ncards + i;
		has = di < L->ndesks;
		ohas = odi < on;
		if (full || f->num_px != r->num_px || has != ohas ||
		    (has && (!desk_eq(&b->desks[di], &o->desks[odi]) ||
		    (b->desks[di].id == f->called) !=
		    (o->desks[odi].id == was_called))))
			draw_part(rx, f, PART_CARD, i);
	}
	if (full || rx->page != r->page)
		draw_part(rx, f, PART_PAGER, 0);
	if (full || !calls_eq(b, o))
		draw_part(rx, f, PART_CALLS, 0);
	if (full || !waiting_eq(b, o) || rx->wait_page != r->wait_page)
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
	int64_t tick;
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
	if (!r->page_started) {
		r->page_t0 = mono_ms;
		r->page_started = true;
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
	tick = page_tick(r, mono_ms);
	rx.page = r->lay.npages > 1 ? (int)(tick % r->lay.npages) : 0;
	rx.wait_page = r->lay.wait_pages > 1 ?
	    (int)(tick % r->lay.wait_pages) : 0;

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
	r->page = rx.page;
	r->wait_page = rx.wait_page;
	if (f.marquee_off != r->marquee_off || !r->valid)
		r->marquee_drawn = mono_ms;
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
