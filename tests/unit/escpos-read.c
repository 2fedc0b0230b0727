/*
 * escpos-read.c - see escpos-read.h.
 */
#include "escpos-read.h"

#include <stdio.h>
#include <string.h>

#include <cairo.h>

/* Code page 437 above 0x7f: only what a ticket may use. */
static const char *
cp437(unsigned char c)
{
	switch (c) {
	case 0xf1:
		return "\u00b1";
	case 0xfa:
		return "\u00b7";
	case 0xf8:
		return "\u00b0";
	case 0x82:
		return "\u00e9";
	default:
		return NULL;
	}
}

static void
er_fail(struct er_doc *d, size_t at, const unsigned char *b, size_t len)
{
	snprintf(d->error, sizeof(d->error), "byte %zu (0x%02x) of %zu not "
	    "understood", at, at < len ? b[at] : 0, len);
}

int
escpos_read(const unsigned char *b, size_t len, struct er_doc *d)
{
	struct er_line cur;
	const char *s;
	size_t i = 0, n;

	memset(d, 0, sizeof(*d));
	memset(&cur, 0, sizeof(cur));
	cur.w = cur.h = 1;
	while (i < len) {
		if (b[i] == 0x1b && i + 1 < len && b[i + 1] == '@') {
			d->resets++;
			memset(&cur, 0, sizeof(cur));
			cur.w = cur.h = 1;
			i += 2;
		} else if (b[i] == 0x1b && i + 2 < len) {
			switch (b[i + 1]) {
			case 't':
				break;
			case 'a':
				cur.align = b[i + 2] & 3;
				break;
			case 'E':
				cur.bold = b[i + 2] & 1;
				break;
			case 'd':
				d->feed += b[i + 2];
				break;
			default:
				er_fail(d, i, b, len);
				return -1;
			}
			i += 3;
		} else if (b[i] == 0x1d && i + 2 < len && b[i + 1] == '!') {
			cur.w = (b[i + 2] >> 4) + 1;
			cur.h = (b[i + 2] & 7) + 1;
			i += 3;
		} else if (b[i] == 0x1d && i + 3 < len && b[i + 1] == 'V' &&
		    b[i + 2] == 66) {
			d->cuts++;
			i += 4;
		} else if (b[i] == '\n') {
			if (d->n == ER_LINES_MAX) {
				snprintf(d->error, sizeof(d->error),
				    "more than %d lines", ER_LINES_MAX);
				return -1;
			}
			d->lines[d->n++] = cur;
			cur.text[0] = '\0';
			i++;
		} else if (b[i] >= 0x20 && b[i] < 0x7f) {
			n = strlen(cur.text);
			if (n + 1 < sizeof(cur.text)) {
				cur.text[n] = (char)b[i];
				cur.text[n + 1] = '\0';
			}
			i++;
		} else if ((s = cp437(b[i])) != NULL) {
			if (strlen(cur.text) + strlen(s) < sizeof(cur.text))
				strcat(cur.text, s);
			i++;
		} else {
			er_fail(d, i, b, len);
			return -1;
		}
	}
	if (cur.text[0] != '\0') {
		snprintf(d->error, sizeof(d->error), "text after the last "
		    "line end: \"%s\"", cur.text);
		return -1;
	}
	return 0;
}

int
escpos_read_png(const struct er_doc *d, int dots, const char *path)
{
	cairo_surface_t *s;
	cairo_text_extents_t ex;
	cairo_t *cr;
	double x, y = 8;
	int i, height = 8 + 24 * d->feed;
	int rc;

	for (i = 0; i < d->n; i++)
		height += 24 * d->lines[i].h;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, dots, height);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < d->n; i++) {
		cairo_save(cr);
		cairo_select_font_face(cr, "monospace",
		    CAIRO_FONT_SLANT_NORMAL, d->lines[i].bold ?
		    CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 20);
		cairo_text_extents(cr, d->lines[i].text, &ex);
		x = d->lines[i].align == 0 ? 0 : d->lines[i].align == 2 ?
		    dots - ex.x_advance * d->lines[i].w :
		    (dots - ex.x_advance * d->lines[i].w) / 2;
		cairo_translate(cr, x, y + 19.0 * d->lines[i].h);
		cairo_scale(cr, d->lines[i].w, d->lines[i].h);
		cairo_move_to(cr, 0, 0);
		cairo_show_text(cr, d->lines[i].text);
		cairo_restore(cr);
		y += 24 * d->lines[i].h;
	}
	cairo_destroy(cr);
	rc = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS ?
	    0 : -1;
	cairo_surface_destroy(s);
	return rc;
}
