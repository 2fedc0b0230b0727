/* pdf-draw.c - the pages' ink: colours, text in DejaVu Sans, rules, boxes */
#include "pdf-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FONT		"DejaVu Sans"

const struct rgb pdf_ink_text = { 0.13, 0.13, 0.15 };
const struct rgb pdf_ink_muted = { 0.42, 0.44, 0.48 };
const struct rgb pdf_ink_rule = { 0.70, 0.72, 0.75 };
const struct rgb pdf_ink_band = { 0.90, 0.93, 0.97 };	/* header rows */
const struct rgb pdf_ink_title = { 0.05, 0.22, 0.45 };

void
pdf_set_ink(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void
text_font(struct pdf *p, double size, int flags)
{
	PangoFontDescription *fd;

	fd = pango_font_description_new();
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, flags & T_BOLD ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_stretch(fd, flags & T_NARROW ?
	    PANGO_STRETCH_CONDENSED : PANGO_STRETCH_NORMAL);
	pango_layout_set_font_description(p->pl, fd);
	pango_font_description_free(fd);
}

/*
 * Places s with its top left at x, y in a box w wide (0: as wide as it
 * is), ellipsized or, with T_WRAP, broken into lines (T_LINES2: two at
 * most, the second ellipsized). Every text of a kind keeps its size: a
 * long one takes more lines or loses its end, never shrinks. Returns its
 * width; its height is left in p->text_h. Measures the same whether
 * drawn or not.
 */
double
pdf_text_at(struct pdf *p, double x, double y, double w, double size,
    int flags, const char *s)
{
	PangoRectangle logical;
	PangoAlignment align = PANGO_ALIGN_LEFT;

	text_font(p, size, flags);
	pango_layout_set_text(p->pl, s, -1);
	if (flags & T_RIGHT)
		align = PANGO_ALIGN_RIGHT;
	else if (flags & T_CENTER)
		align = PANGO_ALIGN_CENTER;
	pango_layout_set_alignment(p->pl, align);
	pango_layout_set_width(p->pl, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_ellipsize(p->pl, w > 0 && !(flags & T_WRAP) ?
	    PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	/* A negative height is a number of lines: -1 one, -2 two. */
	pango_layout_set_height(p->pl, flags & T_LINES2 ? -2 : -1);
	pango_layout_set_wrap(p->pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_get_extents(p->pl, NULL, &logical);
	p->text_h = (double)logical.height / PANGO_SCALE;
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->pl);
	}
	return (double)logical.width / PANGO_SCALE;
}

/* pdf_text_at() drawing nothing: the width, and the height in p->text_h. */
double
pdf_text_measure(struct pdf *p, double w, double size, int flags,
    const char *s)
{
	int drawing = p->draw;
	double width;

	p->draw = 0;
	width = pdf_text_at(p, 0, 0, w, size, flags, s);
	p->draw = drawing;
	return width;
}

/*
 * The longest run of whole words from the start of s that fits in w
 * with an ellipsis and tail after it, into out: a line that is too long
 * is shortened at a word, never inside one. s whole (and tail) if it
 * fits; a first word too long alone is cut by pango after all.
 */
void
pdf_fit_words(struct pdf *p, double w, double size, int flags,
    const char *s, const char *tail, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%s%s", s, tail);
	if (pdf_text_measure(p, 0, size, flags, out) <= w)
		return;
	for (n = strlen(s); n > 0; n--) {
		/* Cut before a space, and the spaces and dashes before it. */
		if (s[n] != ' ' || s[n - 1] == ' ')
			continue;
		while (n > 0 && strchr(" ,;:-", s[n - 1]) != NULL)
			n--;
		if (n == 0)
			break;
		snprintf(out, len, "%.*s\u2026%s", (int)n, s, tail);
		if (pdf_text_measure(p, 0, size, flags, out) <= w)
			return;
	}
	snprintf(out, len, "%s%s", s, tail);
}

/* Text turned a quarter to the left, centred on x, y: a y axis' name. */
void
pdf_text_up(struct pdf *p, double x, double y, double size, const char *s)
{
	double w;

	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_rotate(p->cr, -M_PI / 2);
	pango_cairo_update_layout(p->cr, p->pl);
	w = pdf_text_measure(p, 0, size, T_LEFT, s);
	pdf_text_at(p, -w / 2, -p->text_h / 2, 0, size, T_LEFT, s);
	cairo_restore(p->cr);
	pango_cairo_update_layout(p->cr, p->pl);
}

void
pdf_rule(struct pdf *p, double xa, double ya, double xb, double yb,
    double width, const struct rgb *c)
{
	if (!p->draw)
		return;
	pdf_set_ink(p->cr, c);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, xa, ya);
	cairo_line_to(p->cr, xb, yb);
	cairo_stroke(p->cr);
}

void
pdf_fill_rect(struct pdf *p, double x, double y, double w, double h,
    const struct rgb *c)
{
	if (!p->draw || w <= 0 || h <= 0)
		return;
	pdf_set_ink(p->cr, c);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}
