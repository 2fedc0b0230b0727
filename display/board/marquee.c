/* marquee.c - the running text band: drawn once on a strip, scrolled. */
#include "render-int.h"

#include <stdlib.h>

#include "log.h"

/*
 * The running text is drawn once on a strip as wide as the text plus a
 * gap; a frame copies the strip into the band at an offset, which costs
 * a copy of the band and no text layout.
 *
 * 511 bytes of text are wider than one cairo image surface may be
 * (32767 pixels) on a 4K screen (about 37000 for 511 W's) and on an 8K
 * one even as plain sentences, so the strip is made of tiles of
 * STRIP_TILE pixels side by side. The first tile is r->strip; the others
 * hang on it as cairo user data, so that destroying r->strip, as the
 * renderer does, frees them all. A text wider than STRIP_TILES tiles
 * (64 Ki pixels: only absurd texts on 8K screens) is drawn smaller.
 */
#define STRIP_TILE	16384
#define STRIP_TILES	4

struct strip_tail {
	int		 ntiles;	/* with the first one */
	cairo_surface_t	*tile[STRIP_TILES];	/* tile[0] unused */
};

static const cairo_user_data_key_t strip_key;

static void
strip_tail_free(void *data)
{
	struct strip_tail *t = data;
	int k;

	for (k = 1; k < t->ntiles; k++)
		cairo_surface_destroy(t->tile[k]);
	free(t);
}

/* The strip's tiles, left to right; their number. */
int
marquee_tiles(const struct renderer *r, cairo_surface_t **tiles)
{
	struct strip_tail *t;
	int k;

	if (r->strip == NULL)
		return 0;
	tiles[0] = r->strip;
	if ((t = cairo_surface_get_user_data(r->strip, &strip_key)) == NULL)
		return 1;
	for (k = 1; k < t->ntiles; k++)
		tiles[k] = t->tile[k];
	return t->ntiles;
}

/* Tile k of a strip w pixels wide, with the text drawn at x on it. */
static cairo_surface_t *
strip_tile(struct render_ctx *rx, PangoLayout *pl, int k, int w, int h,
    double x, double y, int line)
{
	const struct render_theme *th = &rx->rc->theme;
	cairo_surface_t *s;
	cairo_t *cr;
	int tw = w - k * STRIP_TILE < STRIP_TILE ? w - k * STRIP_TILE :
	    STRIP_TILE;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, h);
	cr = cairo_create(s);
	set_rgb(cr, th->panel);
	cairo_paint(cr);
	set_rgb(cr, th->accent);
	cairo_rectangle(cr, 0, 0, tw, line);
	cairo_fill(cr);
	set_rgb(cr, th->text);
	cairo_move_to(cr, x - (double)k * STRIP_TILE, y);
	pango_cairo_update_layout(cr, pl);
	pango_cairo_show_layout(cr, pl);
	cairo_destroy(cr);
	return s;
}

void
marquee_strip(struct render_ctx *rx, struct render_rect band)
{
	struct renderer *r = rx->r;
	struct strip_tail *t = NULL;
	cairo_surface_t *s;
	PangoRectangle ink, logical;
	PangoLayout *pl;
	struct render_rect box;
	char clean[TEXT_MAX];
	cairo_status_t st = CAIRO_STATUS_SUCCESS;
	int m = iround(2 * rx->u), line, w, k, n;

	if (r->strip != NULL && r->strip_h == band.h)
		return;
	if (r->strip != NULL)
		cairo_surface_destroy(r->strip);
	r->strip = NULL;
	r->strip_h = band.h;
	r->strip_period = 0;
	line = iround(0.3 * rx->u) > 0 ? iround(0.3 * rx->u) : 1;
	box = rect_make(0, line + iround(band.h * 0.12),
	    STRIP_TILE * STRIP_TILES - band.w / 3,
	    band.h - line - 2 * iround(band.h * 0.12));
	text_clean(rx->rc->marquee, sizeof(rx->rc->marquee), clean,
	    sizeof(clean));
	if (clean[0] == '\0' || (pl = text_fit(rx, clean, box, box.h * 0.85,
	    FIT_INK, &ink, &logical)) == NULL)
		return;
	/* A text that fits stands still: nothing to wake up for. */
	if (ink.width + 2 * m <= band.w) {
		w = band.w;
		r->strip_period = 0;
	} else {
		w = ink.width + band.w / 3;
		r->strip_period = w;
	}
	n = (w + STRIP_TILE - 1) / STRIP_TILE;
	if (n > 1 && (t = calloc(1, sizeof(*t))) == NULL) {
		log_warn("render: running text");
		g_object_unref(pl);
		return;
	}
	for (k = 0; k < n; k++) {
		s = strip_tile(rx, pl, k, w, band.h, (r->strip_period == 0 ?
		    m : 0) - ink.x, text_y(box, &ink, &logical, 0), line);
		if (st == CAIRO_STATUS_SUCCESS)
			st = cairo_surface_status(s);
		if (k == 0)
			r->strip = s;
		else
			t->tile[k] = s;
	}
	if (t != NULL)
		t->ntiles = n;
	g_object_unref(pl);
	if (t != NULL && st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_set_user_data(r->strip, &strip_key, t,
		    strip_tail_free);
	else if (t != NULL)
		strip_tail_free(t);
	if (st != CAIRO_STATUS_SUCCESS) {
		log_warnx("render: running text: %s",
		    cairo_status_to_string(st));
		cairo_surface_destroy(r->strip);
		r->strip = NULL;
		r->strip_period = 0;
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
	cairo_surface_t *tiles[STRIP_TILES];
	int m = iround(2 * rx->u), n, j, k, x, x0, w, tw;

	if (band.w <= 0 || band.h <= 0)
		return;
	marquee_strip(rx, band);
	if ((n = marquee_tiles(rx->r, tiles)) == 0) {
		rect_fill(rx, band, 0, rx->rc->theme.panel);
		return;
	}
	/* The strip repeats every w pixels: the band shows the end of one
	 * round and the start of the next. */
	w = rx->r->strip_period > 0 ? rx->r->strip_period : band.w;
	x0 = band.x + (rx->r->strip_period > 0 ? m - off : 0);
	while (x0 > band.x)
		x0 -= w;
	cairo_save(rx->cr);
	cairo_rectangle(rx->cr, band.x, band.y, band.w, band.h);
	cairo_clip(rx->cr);
	cairo_set_operator(rx->cr, CAIRO_OPERATOR_SOURCE);
	for (j = x0; j < band.x + band.w; j += w) {
		for (k = 0; k < n; k++) {
			x = j + k * STRIP_TILE;
			tw = cairo_image_surface_get_width(tiles[k]);
			if (x + tw <= band.x || x >= band.x + band.w)
				continue;
			cairo_set_source_surface(rx->cr, tiles[k], x, band.y);
			cairo_pattern_set_filter(cairo_get_source(rx->cr),
			    CAIRO_FILTER_NEAREST);
			cairo_rectangle(rx->cr, x, band.y, tw, band.h);
			cairo_fill(rx->cr);
		}
	}
	cairo_restore(rx->cr);
}
