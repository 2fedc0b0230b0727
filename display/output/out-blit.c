/*
 * out-blit.c - the copy from a board-sized shadow surface to a screen
 * buffer, shared by the drm and fbdev outputs.
 *
 * The board is always drawn upright on the shadow; a screen mounted on
 * its side gets the frame turned on the way out. Cairo (pixman, really)
 * does the copy: it has fast paths for plain copies and for quarter
 * turns, and converts to RGB565 when the screen wants it. The copy stays
 * pixel-exact because every pixel centre of the screen maps onto a pixel
 * centre of the shadow (integer offsets, quarter turns only) and the
 * filter is NEAREST, so nothing is ever blended.
 */
#include "output.h"

#include <stddef.h>

#include "log.h"

/*
 * The rectangle r of src (w x h) as it lands on the screen. Pixel (x, y)
 * of src goes to:
 *	  0: (x, y)
 *	 90: (h - 1 - y, x)
 *	180: (w - 1 - x, h - 1 - y)
 *	270: (y, w - 1 - x)
 */
static cairo_rectangle_int_t
blit_rect(cairo_rectangle_int_t r, int rotate, int w, int h)
{
	cairo_rectangle_int_t t;

	switch (rotate) {
	case 90:
		t.x = h - r.y - r.height;
		t.y = r.x;
		t.width = r.height;
		t.height = r.width;
		break;
	case 180:
		t.x = w - r.x - r.width;
		t.y = h - r.y - r.height;
		t.width = r.width;
		t.height = r.height;
		break;
	case 270:
		t.x = r.y;
		t.y = w - r.x - r.width;
		t.width = r.height;
		t.height = r.width;
		break;
	default:
		t = r;
		break;
	}
	return t;
}

/* The same turn as blit_rect() as a cairo matrix from src to dst. */
static void
blit_matrix(cairo_matrix_t *m, int rotate, int w, int h)
{
	switch (rotate) {
	case 90:
		cairo_matrix_init(m, 0, 1, -1, 0, h, 0);
		break;
	case 180:
		cairo_matrix_init(m, -1, 0, 0, -1, w, h);
		break;
	case 270:
		cairo_matrix_init(m, 0, -1, 1, 0, 0, w);
		break;
	default:
		cairo_matrix_init_identity(m);
		break;
	}
}

void
output_blit(cairo_surface_t *dst, cairo_surface_t *src, int rotate,
    const cairo_region_t *damage)
{
	cairo_rectangle_int_t all, r;
	cairo_region_t *clip;
	cairo_pattern_t *pat;
	cairo_matrix_t m;
	cairo_status_t st;
	cairo_t *cr;
	int i, n, w, h;

	if (rotate != 90 && rotate != 180 && rotate != 270)
		rotate = 0;
	w = cairo_image_surface_get_width(src);
	h = cairo_image_surface_get_height(src);
	all.x = all.y = 0;
	all.width = w;
	all.height = h;

	/* Keep to the board: on a screen larger than the board, damage
	 * past its edges would paint pixels that are not the board's. */
	if (damage != NULL) {
		clip = cairo_region_copy(damage);
		cairo_region_intersect_rectangle(clip, &all);
	} else
		clip = cairo_region_create_rectangle(&all);
	if ((st = cairo_region_status(clip)) != CAIRO_STATUS_SUCCESS) {
		log_warnx("blit: damage: %s", cairo_status_to_string(st));
		cairo_region_destroy(clip);
		return;
	}
	if ((n = cairo_region_num_rectangles(clip)) == 0) {
		cairo_region_destroy(clip);
		return;
	}

	cairo_surface_flush(src);
	cr = cairo_create(dst);
	/* The clip is set in screen pixels, before the turn. */
	for (i = 0; i < n; i++) {
		cairo_region_get_rectangle(clip, i, &r);
		r = blit_rect(r, rotate, w, h);
		cairo_rectangle(cr, r.x, r.y, r.width, r.height);
	}
	cairo_clip(cr);
	cairo_region_destroy(clip);

	blit_matrix(&m, rotate, w, h);
	cairo_transform(cr, &m);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, src, 0, 0);
	pat = cairo_get_source(cr);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	/* Every sample falls on a pixel of src: PAD only keeps pixman from
	 * ever fetching transparent black past an edge. */
	cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);
	cairo_paint(cr);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		log_warnx("blit: %s", cairo_status_to_string(st));
	cairo_destroy(cr);
	cairo_surface_flush(dst);
}
