/* text.c - text on the board: cleaned, fitted into its box, cached, drawn. */
#include "render-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MIN_PX	6.0	/* below this a text is not worth drawing */

#define NAME_SHRINK	0.78
#define TITLE_SHRINK	0.6	/* the office name has no peers to match */

/*
 * Copies at most max bytes of s into buf as valid UTF-8: board strings
 * come from the network, and pango refuses invalid text as a whole.
 */
const char *
text_clean(const char *s, size_t max, char *buf, size_t len)
{
	const gchar *end;
	size_t n, o = 0, k;

	n = strnlen(s, max);
	while (n > 0 && o + 1 < len) {
		if (g_utf8_validate(s, n, &end))
			k = n;
		else
			k = (size_t)(end - s);
		if (k == 0) {
			buf[o++] = '?';
			s++;
			n--;
			continue;
		}
		if (k > len - 1 - o)
			k = len - 1 - o;
		memcpy(buf + o, s, k);
		o += k;
		s += k;
		n -= k;
	}
	buf[o] = '\0';
	/* A cut in the middle of a character leaves a broken tail. */
	while (o > 0 && !g_utf8_validate(buf, o, NULL))
		buf[--o] = '\0';
	return buf;
}

static PangoLayout *
text_layout(struct render_ctx *rx, const char *text, double px, int flags)
{
	PangoFontDescription *fd;
	PangoLayout *pl;
	const char *family = rx->rc->theme.font;

	pl = pango_layout_new(rx->pc);
	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family[0] != '\0' ? family :
	    "Sans");
	pango_font_description_set_weight(fd, flags & FIT_BOLD ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_single_paragraph_mode(pl, TRUE);
	pango_layout_set_text(pl, text, -1);
	return pl;
}

static const struct font_metrics *
text_metrics(struct render_ctx *rx, int flags)
{
	return font_metrics(rx->rc->theme.font, (flags & FIT_BOLD) != 0);
}

/* The width a text takes: its ink, and with FIT_ADVANCE its advance
 * (digits share one, so every 3-digit number gets one size). */
static int
text_width(const PangoRectangle *ink, const PangoRectangle *logical,
    int flags)
{
	int w = ink->width;

	if ((flags & (FIT_ADVANCE | FIT_ELLIPSIZE)) && logical->width > w)
		w = logical->width;
	return w;
}

/* The height a text needs at size px whatever its letters: the
 * capitals' box and room for what hangs below it, so that texts of one
 * size share a baseline and a "Q" or a "g" changes neither. */
static int
text_need_h(struct render_ctx *rx, const struct font_metrics *m, double px,
    int flags)
{
	double tail = rx->lay != NULL ? rx->lay->num_tail : m->num_desc;

	if (flags & FIT_CAPS)
		return (int)ceil((m->cap + tail) * px);
	if (flags & (FIT_INK_MIDDLE | FIT_INK))
		return 0;
	return (int)ceil((m->cap + m->desc) * px);
}

/*
 * Where a layout's top goes for its text to sit in box: numbers (FIT_CAPS)
 * have the box of their capitals and digits centred, with the room the
 * board's letters need below it (the tail of a J or a Q: none on most
 * boards), so "J 12" and "A 12" stand at one height; other text has its
 * capitals and the font's room below them centred; a lone sign
 * (FIT_INK_MIDDLE) its own ink.
 */
static int
text_place_y(struct render_ctx *rx, PangoLayout *pl, struct render_rect box,
    const PangoRectangle *ink, double px, int flags)
{
	const struct font_metrics *m;
	double base, cap, top;
	int y, d, slack;

	if (!(flags & FIT_CAPS) && (flags & FIT_INK_MIDDLE))
		return box.y + (box.h - ink->height) / 2 - ink->y;
	m = text_metrics(rx, flags);
	base = pango_layout_get_baseline(pl) / (double)PANGO_SCALE;
	cap = m->cap * px;
	if (flags & FIT_CAPS)
		top = box.y + (box.h - cap - (rx->lay != NULL ?
		    rx->lay->num_tail : m->num_desc) * px) / 2.0;
	else
		top = box.y + (box.h - cap - m->desc * px) / 2.0;
	y = (int)lround(top + cap - base);
	/* What stands above the capitals (an emoji, an accent) moves the
	 * text down as far as the box allows, rather than shrink it. */
	if (!(flags & FIT_CAPS) && y + ink->y < box.y) {
		d = box.y - (y + ink->y);
		slack = box.y + box.h - (y + ink->y + ink->height);
		y += d < slack ? d : slack > 0 ? slack : 0;
	}
	return y;
}

struct shorten_arg {
	struct render_ctx	*rx;
	double			 px;
	int			 flags, w;
};

static int
shorten_fits(const char *s, void *arg)
{
	struct shorten_arg *a = arg;
	PangoRectangle ink, logical;
	PangoLayout *pl;

	pl = text_layout(a->rx, s, a->px, a->flags);
	pango_layout_get_pixel_extents(pl, &ink, &logical);
	g_object_unref(pl);
	return text_width(&ink, &logical, a->flags) <= a->w;
}

/*
 * Finds the largest size up to px at which text's ink fits in box and
 * returns its layout, or NULL if only an unreadably small size would.
 * With FIT_ELLIPSIZE a text too wide is shortened first (shorten.c),
 * keeping what identifies it.
 */
PangoLayout *
text_fit(struct render_ctx *rx, const char *text, struct render_rect box,
    double px, int flags, PangoRectangle *ink, PangoRectangle *logical)
{
	const struct font_metrics *m = text_metrics(rx, flags);
	struct shorten_arg sa;
	char shorter[TEXT_MAX];
	PangoLayout *pl;
	double s, floor_px;
	int i, w, h, y;

	/* A long office or desk name reads better a little smaller than
	 * cut short, but not so small that it stops matching its peers. */
	if (flags & (FIT_SHRINK | FIT_SHRINK_MORE)) {
		pl = text_layout(rx, text, px, flags);
		pango_layout_get_pixel_extents(pl, ink, logical);
		g_object_unref(pl);
		w = ink->width > logical->width ? ink->width : logical->width;
		floor_px = px * (flags & FIT_SHRINK_MORE ? TITLE_SHRINK :
		    NAME_SHRINK);
		/* Only if that makes it fit whole: a text to be shortened
		 * anyway keeps its size. */
		if (w > box.w && (px * box.w / w >= floor_px ||
		    !(flags & FIT_ELLIPSIZE)))
			px = fmax(floor(px * box.w / w), floor_px);
	}
	for (i = 0; i < 16 && px >= TEXT_MIN_PX; i++) {
		pl = text_layout(rx, text, px, flags);
		pango_layout_get_pixel_extents(pl, ink, logical);
		w = text_width(ink, logical, flags);
		if (w > box.w && (flags & FIT_ELLIPSIZE)) {
			g_object_unref(pl);
			sa = (struct shorten_arg){ rx, px, flags, box.w };
			pl = text_layout(rx, text_shorten(text, rx->ident,
			    shorten_fits, &sa, shorter, sizeof(shorter)), px,
			    flags);
			pango_layout_get_pixel_extents(pl, ink, logical);
			w = text_width(ink, logical, flags);
		}
		h = text_need_h(rx, m, px, flags);
		if (h < ink->height && (flags & (FIT_INK_MIDDLE | FIT_INK)) &&
		    !(flags & FIT_CAPS))
			h = ink->height;
		y = text_place_y(rx, pl, box, ink, px, flags);
		if ((flags & FIT_INK) && w <= box.w && h <= box.h)
			return pl;
		if (w <= box.w && h <= box.h && y + ink->y >= box.y &&
		    y + ink->y + ink->height <= box.y + box.h)
			return pl;
		g_object_unref(pl);
		if (h <= box.h && ink->height > 0)
			h = ink->height + 1;	/* an accent above the caps */
		s = fmin((double)box.w / (w > 0 ? w : 1),
		    (double)box.h / (h > 0 ? h : 1));
		/* Hinting makes ink grow in steps; always make progress. */
		px = floor(fmin(px * s, px - 1.0));
	}
	return NULL;
}

/* The size text_fit() would settle on, or 0. */
double
text_fit_size(struct render_ctx *rx, const char *text, struct render_rect box,
    double px, int flags)
{
	PangoRectangle ink, logical;
	PangoLayout *pl;
	double size;

	if ((pl = text_fit(rx, text, box, px, flags, &ink, &logical)) == NULL)
		return 0.0;
	size = pango_font_description_get_size(
	    pango_layout_get_font_description(pl)) / (double)PANGO_SCALE;
	g_object_unref(pl);
	return size;
}

static int
text_x(struct render_rect box, const PangoRectangle *ink, int flags)
{
	switch (flags & FIT_ALIGN) {
	case FIT_CENTER:
		return box.x + (box.w - ink->width) / 2 - ink->x;
	case FIT_RIGHT:
		return box.x + box.w - ink->width - ink->x;
	default:
		return box.x - ink->x;
	}
}

/* The running text's line in its band (marquee.c). */
int
text_y(struct render_rect box, const PangoRectangle *ink,
    const PangoRectangle *logical, int flags)
{
	int y;

	if (flags & FIT_INK_MIDDLE)
		return box.y + (box.h - ink->height) / 2 - ink->y;
	/* Centre the line so texts with and without descenders share a
	 * baseline, then pull the ink back inside if the font's line is
	 * taller than the box. */
	y = box.y + (box.h - logical->height) / 2 - logical->y;
	if (y + ink->y < box.y)
		y = box.y - ink->y;
	if (y + ink->y + ink->height > box.y + box.h)
		y = box.y + box.h - ink->y - ink->height;
	return y;
}

void
fitted_clear(struct fitted *f)
{
	if (f->pl != NULL)
		g_object_unref(f->pl);
	free(f->text);
	memset(f, 0, sizeof(*f));
}

/* text_fit() through the renderer's cache: a new reference, or NULL. */
static PangoLayout *
text_fit_cached(struct render_ctx *rx, const char *text,
    struct render_rect box, double px, int flags, PangoRectangle *ink,
    PangoRectangle *logical)
{
	struct renderer *r = rx->r;
	struct fitted *f;
	PangoLayout *pl;
	int i;

	if (r == NULL)
		return text_fit(rx, text, box, px, flags, ink, logical);
	for (i = 0; i < TEXTCACHE; i++) {
		f = &r->texts[i];
		if (f->pl != NULL && f->box_w == box.w && f->box_h == box.h &&
		    f->flags == flags && f->px == px &&
		    strcmp(f->text, text) == 0 && strcmp(f->ident,
		    rx->ident != NULL ? rx->ident : "") == 0) {
			*ink = f->ink;
			*logical = f->logical;
			return g_object_ref(f->pl);
		}
	}
	if ((pl = text_fit(rx, text, box, px, flags, ink, logical)) == NULL)
		return NULL;
	f = &r->texts[r->next_text];
	r->next_text = (r->next_text + 1) % TEXTCACHE;
	fitted_clear(f);
	if ((f->text = strdup(text)) != NULL) {
		f->pl = g_object_ref(pl);
		f->box_w = box.w;
		f->box_h = box.h;
		f->flags = flags;
		f->px = px;
		copy_str(f->ident, sizeof(f->ident), rx->ident != NULL ?
		    rx->ident : "");
		f->ink = *ink;
		f->logical = *logical;
	}
	return pl;
}

/*
 * Draws text (max bytes of it) inside box at size px or smaller. Returns
 * the size used, 0 if nothing was drawn.
 */
double
text_draw(struct render_ctx *rx, const char *text, size_t max,
    struct render_rect box, double px, int flags, struct rgb color)
{
	char clean[TEXT_MAX];
	PangoRectangle ink, logical;
	PangoLayout *pl;
	struct render_text t;
	double size;
	int x, y;

	text_clean(text, max, clean, sizeof(clean));
	if (clean[0] == '\0' || box.w <= 0 || box.h <= 0)
		return 0.0;
	if ((pl = text_fit_cached(rx, clean, box, px, flags, &ink,
	    &logical)) == NULL)
		return 0.0;
	size = pango_font_description_get_size(
	    pango_layout_get_font_description(pl)) / (double)PANGO_SCALE;
	x = text_x(box, &ink, flags);
	y = text_place_y(rx, pl, box, &ink, size, flags);
	set_rgb(rx->cr, color);
	cairo_move_to(rx->cr, x, y);
	pango_cairo_show_layout(rx->cr, pl);

	if (rx->trace != NULL) {
		t.text = clean;
		t.shown = pango_layout_get_text(pl);
		t.box = box;
		t.ink = rect_make(x + ink.x, y + ink.y, ink.width, ink.height);
		t.size = size;
		t.ellipsized = strcmp(t.shown, clean) != 0;
		rx->trace(&t, rx->arg);
	}
	g_object_unref(pl);
	return size;
}

/* "A 12": the form a citizen compares with the slip in their hand. */
const char *
ticket_text(const struct ticket *t, char *buf, size_t len)
{
	if (t->service < 'A' || t->service > 'Z' || t->number < 1 ||
	    t->number > TICKET_NUMBER_MAX)
		copy_str(buf, len, "");
	else
		snprintf(buf, len, "%c %d", t->service, t->number);
	return buf;
}
