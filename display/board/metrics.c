/*
 * metrics.c - the board font's proportions, measured once per family and
 * weight: the height of its capitals and digits, how far letters reach
 * below the baseline, and the advance of each ticket character. The
 * layout sizes cards from them before any text is drawn, and text.c
 * places texts by the capitals' box rather than by their own ink.
 */
#include "render-int.h"

#include <string.h>

#define METRICS_PX	200.0	/* measured at this size, kept as ratios */
#define METRICS_SLOTS	4

struct metrics_slot {
	char			family[64];
	int			bold;
	struct font_metrics	m;
};

static struct metrics_slot	metrics_cache[METRICS_SLOTS];
static int			metrics_n;

/* Ink above and below the baseline of text, in pixels at METRICS_PX. */
static void
metrics_ink(PangoContext *pc, const PangoFontDescription *fd,
    const char *text, double *above, double *below, double *advance)
{
	PangoRectangle ink, logical;
	PangoLayout *pl;
	double base;

	pl = pango_layout_new(pc);
	pango_layout_set_font_description(pl, fd);
	pango_layout_set_text(pl, text, -1);
	pango_layout_get_extents(pl, &ink, &logical);
	base = pango_layout_get_baseline(pl) / (double)PANGO_SCALE;
	if (above != NULL)
		*above = base - ink.y / (double)PANGO_SCALE;
	if (below != NULL)
		*below = (ink.y + ink.height) / (double)PANGO_SCALE - base;
	if (advance != NULL)
		*advance = logical.width / (double)PANGO_SCALE;
	g_object_unref(pl);
}

static void
metrics_measure(const char *family, int bold, struct font_metrics *m)
{
	PangoFontDescription *fd;
	PangoContext *pc;
	cairo_surface_t *sf;
	cairo_t *cr;
	char ch[2] = { 0, 0 };
	double a, b, w, max;
	int i;

	memset(m, 0, sizeof(*m));
	/* A context like the renderer's: from a cairo context. */
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cr = cairo_create(sf);
	pc = render_pango(cr);

	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family[0] != '\0' ? family :
	    "Sans");
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd,
	    METRICS_PX * PANGO_SCALE);

	/* Digits overshoot the capitals a little (0, 3, 8): the box a
	 * number is centred by holds both. */
	metrics_ink(pc, fd, "HEFTZ0123456789", &a, NULL, NULL);
	m->cap = a / METRICS_PX;
	metrics_ink(pc, fd, "0123456789", NULL, &b, NULL);
	m->digit_desc = (b > 0 ? b : 0) / METRICS_PX;
	metrics_ink(pc, fd, "gjpqyQJ,", NULL, &b, NULL);
	m->desc = (b > 0 ? b : 0) / METRICS_PX;
	metrics_ink(pc, fd, "\u00c9\u00c2\u00c5", &a, NULL, NULL);
	m->accent = a / METRICS_PX;

	for (max = 0, i = 0; i < 10; i++) {
		ch[0] = '0' + i;
		metrics_ink(pc, fd, ch, NULL, NULL, &w);
		if (w > max)
			max = w;
	}
	m->digit = max / METRICS_PX;
	m->num_desc = m->digit_desc;
	for (i = 0; i < 26; i++) {
		ch[0] = 'A' + i;
		metrics_ink(pc, fd, ch, NULL, &b, &w);
		m->letter[i] = w / METRICS_PX;
		m->letter_desc[i] = (b > 0 ? b : 0) / METRICS_PX;
		if (m->letter_desc[i] > m->num_desc)
			m->num_desc = m->letter_desc[i];
	}
	/* A space alone has no logical width of its own in some fonts:
	 * measure it between two letters. */
	metrics_ink(pc, fd, "H H", NULL, NULL, &w);
	m->space = w / METRICS_PX - 2 * m->letter['H' - 'A'];
	if (m->space < 0)
		m->space = 0;
	pango_font_description_free(fd);
	g_object_unref(pc);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
}

const struct font_metrics *
font_metrics(const char *family, int bold)
{
	struct metrics_slot *s;
	int i;

	for (i = 0; i < metrics_n; i++)
		if (metrics_cache[i].bold == bold &&
		    strcmp(metrics_cache[i].family, family) == 0)
			return &metrics_cache[i].m;
	if (metrics_n < METRICS_SLOTS)
		s = &metrics_cache[metrics_n++];
	else
		s = &metrics_cache[METRICS_SLOTS - 1];
	copy_str(s->family, sizeof(s->family), family);
	s->bold = bold;
	metrics_measure(family, bold, &s->m);
	return &s->m;
}

/* The advance of a ticket's text ("A 12", "W 9999") in ems, or of its
 * letter with ndigits digits when number is 0. */
double
font_ticket_em(const struct font_metrics *m, char service, int number,
    int ndigits)
{
	int n = 0;

	if (number > 0)
		for (; number > 0; number /= 10)
			n++;
	else
		n = ndigits;
	if (service < 'A' || service > 'Z')
		service = 'W';
	return m->letter[service - 'A'] + m->space + n * m->digit;
}
