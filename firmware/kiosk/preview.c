/*
 * preview.c - the ticket as the printer would put it on paper: each line
 * in cells of TICKET_CELL_W x TICKET_CELL_H dots magnified by its size,
 * in a monospace face, black on white, with the feed before the cut.
 */
#include "preview.h"

#include <cairo.h>

#include "log.h"

#define MARGIN	8	/* dots above the first line */

int
preview_png(const struct tlayout *l, const char *path)
{
	cairo_surface_t *s;
	cairo_text_extents_t ex;
	cairo_t *cr;
	const struct tline *t;
	double x, y, width;
	int i, height = MARGIN, rc = 0;

	for (i = 0; i < l->n; i++)
		height += l->lines[i].h * TICKET_CELL_H;
	height += TICKET_FEED * TICKET_CELL_H;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, l->dots, height);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	y = MARGIN;
	for (i = 0; i < l->n; i++) {
		t = &l->lines[i];
		cairo_save(cr);
		cairo_select_font_face(cr, "monospace",
		    CAIRO_FONT_SLANT_NORMAL, t->bold ?
		    CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
		/* A monospace advance is about 0.6 em: 20 px gives the
		 * 12-dot cell. */
		cairo_set_font_size(cr, 20);
		cairo_text_extents(cr, t->text, &ex);
		width = ex.x_advance * t->w;
		switch (t->align) {
		case ESCPOS_LEFT:
			x = 0;
			break;
		case ESCPOS_RIGHT:
			x = l->dots - width;
			break;
		default:
			x = (l->dots - width) / 2;
			break;
		}
		cairo_translate(cr, x, y + 19.0 * t->h);
		cairo_scale(cr, t->w, t->h);
		cairo_move_to(cr, 0, 0);
		cairo_show_text(cr, t->text);
		cairo_restore(cr);
		y += t->h * TICKET_CELL_H;
	}
	cairo_destroy(cr);
	if (cairo_surface_write_to_png(s, path) != CAIRO_STATUS_SUCCESS) {
		log_warnx("%s: cannot write the preview", path);
		rc = -1;
	}
	cairo_surface_destroy(s);
	return rc;
}
