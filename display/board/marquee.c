/* marquee.c - the running text band: drawn once on a strip, scrolled. */
#include "render-int.h"

#include "log.h"

/*
 * The running text is drawn once on a strip as wide as the text plus a
 * gap; a frame copies the strip into the band at an offset, which costs
 * a copy of the band and no text layout.
 */
void
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

/* The running text's speed on this screen: the configured pixels a
 * second on 1080 lines, scaled with the screen's shorter side. */
static double
marquee_px_s(const struct renderer *r)
{
	return r->rc->marquee_speed * (r->lay.width < r->lay.height ?
	    r->lay.width : r->lay.height) / 1080.0;
}

/* The strip's offset at mono_ms: the text moves left at the configured
 * speed, by whole pixels. */
int
marquee_offset(const struct renderer *r, int64_t mono_ms)
{
	int64_t dt;

	if (r->strip_period <= 0 || !r->marquee_started)
		return 0;
	dt = mono_ms - r->marquee_t0;
	if (dt < 0)
		dt = 0;
	return (int)((int64_t)(dt * marquee_px_s(r) / 1000.0) %
	    r->strip_period);
}

/* When, after mono_ms, the text has moved by the next whole pixel. */
int64_t
marquee_next(const struct renderer *r, int64_t mono_ms)
{
	double px_s = marquee_px_s(r);
	int64_t dt, moved, next;

	if (px_s <= 0.0)
		return INT64_MAX;
	dt = mono_ms - r->marquee_t0;
	if (dt < 0)
		dt = 0;
	moved = (int64_t)(dt * px_s / 1000.0);
	/* The first millisecond at which the offset is moved + 1. */
	next = (int64_t)((moved + 1) * 1000.0 / px_s);
	while ((int64_t)(next * px_s / 1000.0) <= moved)
		next++;
	return r->marquee_t0 + next;
}

void
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
