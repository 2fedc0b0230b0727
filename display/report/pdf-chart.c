/*
 * pdf-chart.c - the charts: arrivals and calls per half hour, waits.
 * Each is drawn into a box, on a page of the PDF or alone as an SVG for
 * antre-web's report page: one drawing for both.
 */
#include "pdf-int.h"
#include "report-chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>

#define CHART_H		150.0	/* the plot area of a chart */
#define HIST_BINS	12	/* and one more for the longer waits */
#define LEGEND_H	14.0	/* a line of the legend, and the gap */
#define LEGEND_LINE	10.0	/* from a line of the legend to the next */
#define HOURS_BOX_H	(LEGEND_H + CHART_H + 16)	/* legend, plot, hours */
#define WAITS_BOX_H	(10 + CHART_H + 24)	/* plot, bins, axis' name */
#define HOUR_LABEL_W	24.0	/* the least room for "07:00" under a tick */
#define SVG_PAD		12.0	/* around a chart alone */
#define SVG_PAD_NARROW	4.0	/* around a phone's */
#define ROW_H		14.0	/* a bin's row, the histogram on its side */
#define ROWS_HEAD	14.0	/* its axes' names above the rows */
#define WAITS_ROWS_H	(ROWS_HEAD + (HIST_BINS + 1) * ROW_H + 4)
#define WAITS_ROWS_W	300.0	/* a box narrower draws waits_rows() */

static const struct rgb ink_grid = { 0.88, 0.89, 0.91 };
static const struct rgb ink_arrivals = { 0.16, 0.42, 0.73 };
static const struct rgb ink_calls = { 0.96, 0.58, 0.18 };
static const struct rgb ink_desks = { 0.10, 0.55, 0.33 };
static const struct rgb ink_waits = { 0.30, 0.52, 0.70 };

/* The smallest 1, 2 or 5 times a power of ten, at least min, that
 * ticks times reaches max. */
static double
axis_step(double max, int ticks, double min)
{
	static const double mult[] = { 1, 2, 5 };
	double base, s;
	size_t i;

	if (max <= min * ticks)
		return min;
	base = pow(10, floor(log10(max / ticks)));
	for (;; base *= 10)
		for (i = 0; i < sizeof(mult) / sizeof(mult[0]); i++) {
			s = mult[i] * base;
			if (s >= min && s * ticks >= max)
				return s;
		}
}

static void
axis_label(char *c, double v, double step)
{
	if (step < 1)
		pdf_fmt_decimal(c, v);
	else
		pdf_fmt_count(c, (int)lround(v));
}

/* Grid lines and the left axis' figures over a plot at x, y. */
static void
plot_grid(struct pdf *p, double x, double y, double w, double h, int ticks,
    double step)
{
	char c[CELL];
	double gy;
	int i;

	for (i = 0; i <= ticks; i++) {
		gy = y + h - h * i / ticks;
		pdf_rule(p, x, gy, x + w, gy, i == 0 ? 0.8 : 0.4,
		    i == 0 ? &pdf_ink_muted : &ink_grid);
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		axis_label(c, step * i, step);
		pdf_text_at(p, x - 34, gy - 4, 30, 6.5, T_RIGHT, c);
	}
}

/* A legend's entry at x, y; returns the x of the next. */
static double
legend_entry(struct pdf *p, double x, double y, const struct rgb *c,
    int dot, const char *s)
{
	if (dot) {
		pdf_rule(p, x, y + 4, x + 12, y + 4, 1.4, c);
		pdf_fill_rect(p, x + 4.5, y + 2.5, 3, 3, c);
	} else
		pdf_fill_rect(p, x, y + 1, 8, 7, c);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_text);
	return x + 16 + pdf_text_at(p, x + (dot ? 15 : 11), y, 0, 7, T_LEFT,
	    s) + 10;
}

struct slot_sum {
	int	arrivals;	/* -1: with a desk */
	int	calls;
	double	desks;
};

/* The sums of every service per half hour from the first slot listed
 * (*first) to the last: the number of slots, 0 when there are none, -1
 * out of memory. */
static int
hours_sum(const struct report *r, struct slot_sum **out, int *first)
{
	const struct report_hour *h;
	struct slot_sum *s;
	int n, i, k;

	*out = NULL;
	if (r->nrows == 0 || r->nhours == 0)
		return 0;
	*first = r->hours[0].slot;
	n = r->hours[r->nhours - 1].slot - *first + 1;
	if ((s = calloc(n, sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < r->nhours; i++) {
		h = &r->hours[i];
		k = h->slot - *first;
		s[k].desks = report_desks_open(r, h);
		if (h->service == 0)
			continue;	/* the total: the services add up */
		s[k].arrivals = h->arrivals < 0 ? -1 : s[k].arrivals +
		    h->arrivals;
		s[k].calls += h->calls;
	}
	*out = s;
	return n;
}

/*
 * The legend of the half hours' chart from bx + 38, by: its entries on
 * a line while they fit in bw (the PDF's always do), then on the next.
 * Returns its height, the gap to the plot included: LEGEND_H a line.
 * Measures alone when p->draw is 0.
 */
static double
hours_legend(struct pdf *p, const struct slot_sum *s, double bx, double by,
    double bw)
{
	static const struct {
		const struct rgb	*ink;
		int			 dot;
		const char		*name;
	} entry[] = {
		{ &ink_arrivals, 0, "Kedatangan" },
		{ &ink_calls, 0, "Panggilan" },
		{ &ink_desks, 1, "Loket buka (sumbu kanan)" },
	};
	double x = bx + 38, y = by, end;
	size_t i;

	/* With desks the arrivals are the hall's: no entry for them. */
	for (i = s[0].arrivals >= 0 ? 0 : 1; i < sizeof(entry) /
	    sizeof(entry[0]); i++) {
		end = x + (entry[i].dot ? 15 : 11) +
		    pdf_text_measure(p, 0, 7, T_LEFT, entry[i].name);
		if (x > bx + 38 && end > bx + bw) {
			x = bx + 38;
			y += LEGEND_LINE;
		}
		x = legend_entry(p, x, y, entry[i].ink, entry[i].dot,
		    entry[i].name);
	}
	return y - by + LEGEND_H;
}

/* The height of the half hours' chart drawn bw wide. */
static double
hours_box_h(struct pdf *p, const struct slot_sum *s, double bw)
{
	int drawing = p->draw;
	double h;

	p->draw = 0;
	h = hours_legend(p, s, 0, 0, bw) + CHART_H + 16;
	p->draw = drawing;
	return h;
}

/*
 * The chart of the half hours in the box at bx, by, bw wide and
 * hours_box_h() high (HOURS_BOX_H in the PDF): the legend, the plot
 * with both axes' figures and the hours under it. The PDF and the web
 * page's SVG draw it alike; a narrow box labels fewer hours.
 */
static void
hours_draw(struct pdf *p, const struct slot_sum *s, int n, int first,
    double bx, double by, double bw)
{
	char c[CELL];
	double x0 = bx + 38, ty, w = bw - 38 - 34, gw, bwid, top = 0;
	double dtop = 0, step, dstep, x, bh, lx = 0, ly = 0, off;
	int k, i, ticks = 4, every, bars;

	for (k = 0; k < n; k++) {
		top = fmax(top, fmax(s[k].arrivals, s[k].calls));
		dtop = fmax(dtop, s[k].desks);
	}
	step = axis_step(top, ticks, 1);
	dstep = axis_step(dtop, ticks, 0.5);

	ty = by + hours_legend(p, s, bx, by, bw);
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	for (i = 0; i <= ticks; i++) {
		axis_label(c, dstep * i, dstep);
		pdf_text_at(p, x0 + w + 4, ty + CHART_H - CHART_H * i / ticks -
		    4, 30, 6.5, T_LEFT, c);
	}
	pdf_text_up(p, bx + 2, ty + CHART_H / 2, 7, "Tiket");
	pdf_text_up(p, bx + bw - 2, ty + CHART_H / 2, 7, "Loket buka");

	gw = w / n;
	/* Side by side, centred in the half hour, not too broad when
	 * there are few. */
	bars = s[0].arrivals >= 0 ? 2 : 1;
	bwid = fmin(gw * 0.72 / bars, 16);
	off = (gw - bars * bwid) / 2;
	every = n > 24 ? 4 : 2;		/* an hour's or two hours' labels */
	while (every < n && gw * every < HOUR_LABEL_W)
		every *= 2;		/* a narrow box: fewer */
	for (k = 0; k < n; k++) {
		x = x0 + k * gw;
		if (s[k].arrivals > 0) {
			bh = CHART_H * s[k].arrivals / (step * ticks);
			pdf_fill_rect(p, x + off, ty + CHART_H - bh, bwid, bh,
			    &ink_arrivals);
		}
		if (s[k].calls > 0) {
			bh = CHART_H * s[k].calls / (step * ticks);
			pdf_fill_rect(p, x + off + (bars - 1) * bwid,
			    ty + CHART_H - bh, bwid, bh, &ink_calls);
		}
		if ((first + k) % every == 0) {
			pdf_rule(p, x, ty + CHART_H, x, ty + CHART_H + 3, 0.6,
			    &pdf_ink_muted);
			snprintf(c, sizeof(c), "%02d:00", (first + k) / 2);
			if (p->draw)
				pdf_set_ink(p->cr, &pdf_ink_muted);
			pdf_text_at(p, x - 15, ty + CHART_H + 4, 30, 6.5,
			    T_CENTER, c);
		}
	}
	/* Desks open over the bars, a point per half hour. */
	for (k = 0; k < n && p->draw; k++) {
		x = x0 + (k + 0.5) * gw;
		bh = CHART_H * s[k].desks / (dstep * ticks);
		if (k > 0)
			pdf_rule(p, lx, ly, x, ty + CHART_H - bh, 1.2,
			    &ink_desks);
		lx = x;
		ly = ty + CHART_H - bh;
	}
	for (k = 0; k < n && p->draw; k++) {
		bh = CHART_H * s[k].desks / (dstep * ticks);
		pdf_fill_rect(p, x0 + (k + 0.5) * gw - 1.5,
		    ty + CHART_H - bh - 1.5, 3, 3, &ink_desks);
	}
}

/* Arrivals and calls of every service, and desks open, per half hour. */
void
pdf_hours_chart(struct pdf *p)
{
	struct slot_sum *s;
	const char *below;
	int n, first = 0;

	if ((n = hours_sum(p->r, &s, &first)) <= 0)
		return;
	if (s[0].arrivals < 0)
		below = "Dengan loket: panggilan pertama di loket itu; "
		    "kedatangan milik aula dan tidak ditampilkan.";
	else
		below = "Kedatangan: tiket kios yang diterbitkan (tiket roll "
		    "tidak punya waktu terbit). Panggilan: panggilan pertama "
		    "tiket; panggilan ulang tidak dihitung.";

	pdf_section(p, "Kedatangan dan panggilan per setengah jam",
	    "jumlah selama periode; loket buka: rata-rata per hari",
	    HOURS_BOX_H + pdf_note_height(p, below));
	hours_draw(p, s, n, first, MARGIN, p->y, BODY_W);
	p->y += HOURS_BOX_H;
	pdf_note(p, below);
	free(s);
}

/* Whether t's wait is among the summary's waiting times. */
static int
wait_counts(const struct report *r, const struct report_ticket *t)
{
	if (r->q.service != 0 && t->service != r->q.service)
		return 0;
	if (r->q.desk != 0 && (!(t->at_desk & 1) || t->desk != r->q.desk))
		return 0;
	return t->called_ms >= 0 && t->issued_ms >= 0;
}

/* The histogram's bins (HIST_BINS and the longer waits) and their
 * width in ms, chosen so that the p90 falls inside them; the number of
 * waits. */
static int
waits_bin(const struct report *r, int bins[HIST_BINS + 1], int64_t *width)
{
	static const int widths[] = { 5, 10, 15, 30, 60 };
	const struct report_row *all = &r->rows[r->nrows - 1];
	const struct report_ticket *t;
	int n = 0, bin, i;
	size_t wi;

	for (wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
		*width = widths[wi] * 60000LL;
		if (all->wait_p90 <= *width * HIST_BINS)
			break;
	}
	memset(bins, 0, sizeof(int) * (HIST_BINS + 1));
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (!wait_counts(r, t))
			continue;
		bin = t->called_ms - t->issued_ms < 0 ? 0 :
		    (int)((t->called_ms - t->issued_ms) / *width);
		bins[bin > HIST_BINS ? HIST_BINS : bin]++;
		n++;
	}
	return n;
}

/* The histogram in the box at bx, by, bw wide and WAITS_BOX_H high, for
 * the PDF and the web page's SVG alike. */
static void
waits_draw(struct pdf *p, const int bins[HIST_BINS + 1], int64_t width,
    double bx, double by, double bw)
{
	char c[CELL];
	double x0 = bx + 38, ty, w = bw - 38 - 4, gw, step, top = 0, bh, x;
	int k, ticks = 4;

	for (k = 0; k <= HIST_BINS; k++)
		top = fmax(top, bins[k]);
	step = axis_step(top, ticks, 1);
	ty = by + 10;
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	pdf_text_up(p, bx + 2, ty + CHART_H / 2, 7, "Jumlah tiket");
	gw = w / (HIST_BINS + 1);
	for (k = 0; k <= HIST_BINS; k++) {
		x = x0 + k * gw;
		bh = CHART_H * bins[k] / (step * ticks);
		pdf_fill_rect(p, x + gw * 0.1, ty + CHART_H - bh, gw * 0.8, bh,
		    k == HIST_BINS ? &pdf_ink_muted : &ink_waits);
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_text);
		if (bins[k] > 0) {
			pdf_fmt_count(c, bins[k]);
			pdf_text_at(p, x, ty + CHART_H - bh - 9, gw, 6,
			    T_CENTER, c);
		}
		if (k < HIST_BINS)
			snprintf(c, sizeof(c), "%lld\u2013%lld",
			    (long long)(k * width / 60000),
			    (long long)((k + 1) * width / 60000));
		else
			snprintf(c, sizeof(c), "\u2265 %lld",
			    (long long)(k * width / 60000));
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, x, ty + CHART_H + 3, gw, 6.5, T_CENTER, c);
	}
	pdf_text_at(p, x0, ty + CHART_H + 13, w, 7, T_CENTER,
	    "Waktu tunggu (menit)");
}

/*
 * The histogram on its side in the box at bx, by, bw wide and
 * WAITS_ROWS_H high, for a box too narrow for the PDF's columns (a
 * phone's): a bin a row, its minutes on the left, its bar and its
 * count after it.
 */
static void
waits_rows(struct pdf *p, const int bins[HIST_BINS + 1], int64_t width,
    double bx, double by, double bw)
{
	char c[CELL];
	double lw = 34, x0 = bx + lw + 6, len = bw - lw - 6 - 26, top = 0;
	double y, bl;
	int k;

	for (k = 0; k <= HIST_BINS; k++)
		top = fmax(top, bins[k]);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	pdf_text_at(p, bx, by, 0, 7, T_LEFT, "Waktu tunggu (menit)");
	pdf_text_at(p, bx, by, bw, 7, T_RIGHT, "Jumlah tiket");
	for (k = 0; k <= HIST_BINS; k++) {
		y = by + ROWS_HEAD + k * ROW_H;
		if (k < HIST_BINS)
			snprintf(c, sizeof(c), "%lld\u2013%lld",
			    (long long)(k * width / 60000),
			    (long long)((k + 1) * width / 60000));
		else
			snprintf(c, sizeof(c), "\u2265 %lld",
			    (long long)(k * width / 60000));
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, bx, y + 3, lw, 6.5, T_RIGHT, c);
		bl = top > 0 ? len * bins[k] / top : 0;
		pdf_fill_rect(p, x0, y + ROW_H * 0.15, bl, ROW_H * 0.7,
		    k == HIST_BINS ? &pdf_ink_muted : &ink_waits);
		if (bins[k] > 0) {
			if (p->draw)
				pdf_set_ink(p->cr, &pdf_ink_text);
			pdf_fmt_count(c, bins[k]);
			pdf_text_at(p, x0 + bl + 3, y + 3, 0, 6.5, T_LEFT, c);
		}
	}
	pdf_rule(p, x0, by + ROWS_HEAD, x0, by + ROWS_HEAD + (HIST_BINS + 1) *
	    ROW_H, 0.8, &pdf_ink_muted);
}

static const char no_waits[] =
    "Tidak ada waktu tunggu yang tercatat pada periode ini.";

void
pdf_waits_chart(struct pdf *p)
{
	const struct report *r = p->r;
	const struct report_row *all;
	int bins[HIST_BINS + 1], n, i;
	char c[CELL], med[CELL], p90[CELL], buf[512];
	int64_t width;

	if (r->nrows == 0)
		return;
	all = &r->rows[r->nrows - 1];	/* the total, or the one service */
	n = waits_bin(r, bins, &width);
	pdf_fmt_count(c, n);
	pdf_fmt_minutes(med, all->wait_median);
	pdf_fmt_minutes(p90, all->wait_p90);
	snprintf(buf, sizeof(buf), "%s tiket dengan waktu tunggu tercatat; "
	    "median %s menit, p90 %s menit.", c, med, p90);
	if (all->wait_unknown > 0) {
		pdf_fmt_count(c, all->wait_unknown);
		i = (int)strlen(buf);
		snprintf(buf + i, sizeof(buf) - i, " %s tiket roll tanpa "
		    "waktu terbit tidak dihitung.", c);
	}
	pdf_section(p, "Sebaran waktu tunggu",
	    "jumlah tiket per rentang waktu tunggu",
	    n > 0 ? WAITS_BOX_H + pdf_note_height(p, buf) : 20);
	if (n == 0) {
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, MARGIN, p->y + 2, BODY_W, 8, T_LEFT, no_waits);
		p->y += 18;
		return;
	}
	waits_draw(p, bins, width, MARGIN, p->y, BODY_W);
	p->y += WAITS_BOX_H;
	pdf_note(p, buf);
}

/*
 * A chart alone as an SVG document drawn in a box width points wide
 * (REPORT_CHART_PDF_W: as the PDF prints it): the web page's picture of
 * what the PDF prints. A narrower box keeps the type's size, so that on
 * a phone, scaled to the screen, it reads larger: the legend takes more
 * lines, fewer hours are labelled, the histogram lies on its side. The
 * text is set as the PDF sets it (no hinting, unrounded glyph
 * positions), so both look alike.
 */
int
report_chart_svg(const struct report *r, enum report_chart which,
    double bw, cairo_write_func_t write, void *closure)
{
	struct pdf p;
	struct slot_sum *s = NULL;
	cairo_surface_t *cs;
	cairo_font_options_t *fo;
	PangoContext *pc;
	int bins[HIST_BINS + 1], n = 0, first = 0, ret = -1;
	int64_t width = 0;
	double h, pad = bw < REPORT_CHART_PDF_W ? SVG_PAD_NARROW : SVG_PAD;
	const char *none = NULL;

	if (bw < REPORT_CHART_MIN_W || bw > REPORT_CHART_PDF_W)
		return -1;
	/* Measured first (the legend's lines, the sentence's), then
	 * drawn into a surface of the height found. */
	memset(&p, 0, sizeof(p));
	p.r = r;
	pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(pc, FALSE);
	p.pl = pango_layout_new(pc);

	if (which == REPORT_CHART_HOURS) {
		if ((n = hours_sum(r, &s, &first)) == -1)
			goto out;
		h = n > 0 ? hours_box_h(&p, s, bw) : 24;
		none = "Tidak ada kedatangan maupun panggilan pada periode ini.";
	} else {
		if (r->nrows > 0)
			n = waits_bin(r, bins, &width);
		h = n == 0 ? 24 : bw < WAITS_ROWS_W ? WAITS_ROWS_H :
		    WAITS_BOX_H;
		none = no_waits;
	}
	if (n == 0) {
		pdf_text_measure(&p, bw, 8, T_WRAP, none);
		h = fmax(h, p.text_h + 14);
	}
	/* The axes' names stand outside the box, in the page's margin. */
	cs = cairo_svg_surface_create_for_stream(write, closure, bw + 2 * pad,
	    h + 8);
	p.draw = 1;
	p.cr = cairo_create(cs);
	pango_cairo_update_context(p.cr, pc);
	pango_layout_context_changed(p.pl);

	cairo_set_source_rgb(p.cr, 1, 1, 1);
	cairo_paint(p.cr);
	if (n == 0) {
		pdf_set_ink(p.cr, &pdf_ink_muted);
		pdf_text_at(&p, pad, 8, bw, 8, T_WRAP, none);
	} else if (which == REPORT_CHART_HOURS)
		hours_draw(&p, s, n, first, pad, 4, bw);
	else if (bw < WAITS_ROWS_W)
		waits_rows(&p, bins, width, pad, 4, bw);
	else
		waits_draw(&p, bins, width, pad, 4, bw);

	cairo_destroy(p.cr);
	cairo_surface_finish(cs);
	if (cairo_surface_status(cs) == CAIRO_STATUS_SUCCESS)
		ret = 0;
	cairo_surface_destroy(cs);
out:
	g_object_unref(p.pl);
	g_object_unref(pc);
	free(s);
	return ret;
}
