/* pdf-chart.c - the charts: arrivals and calls per half hour, waits */
#include "pdf-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_H		150.0	/* the plot area of a chart */
#define HIST_BINS	12	/* and one more for the longer waits */

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

/* Arrivals and calls of every service, and desks open, per half hour. */
void
pdf_hours_chart(struct pdf *p)
{
	const struct report *r = p->r;
	const struct report_hour *h;
	struct slot_sum *s;
	const char *below;
	char c[CELL];
	double x0 = MARGIN + 38, ty, w = BODY_W - 38 - 34, gw, bw, top = 0;
	double dtop = 0, step, dstep, x, bh, lx = 0, ly = 0, off;
	int n, first, i, k, ticks = 4, every, bars;

	if (r->nrows == 0 || r->nhours == 0)
		return;
	first = r->hours[0].slot;
	n = r->hours[r->nhours - 1].slot - first + 1;
	if ((s = calloc(n, sizeof(*s))) == NULL)
		return;
	for (i = 0; i < r->nhours; i++) {
		h = &r->hours[i];
		k = h->slot - first;
		s[k].desks = report_desks_open(r, h);
		if (h->service == 0)
			continue;	/* the total: the services add up */
		s[k].arrivals = h->arrivals < 0 ? -1 : s[k].arrivals +
		    h->arrivals;
		s[k].calls += h->calls;
	}
	for (k = 0; k < n; k++) {
		top = fmax(top, fmax(s[k].arrivals, s[k].calls));
		dtop = fmax(dtop, s[k].desks);
	}
	step = axis_step(top, ticks, 1);
	dstep = axis_step(dtop, ticks, 0.5);

	if (s[0].arrivals < 0)
		below = "Dengan loket: panggilan pertama di loket itu; "
		    "kedatangan milik aula dan tidak ditampilkan.";
	else
		below = "Kedatangan: tiket kios yang diterbitkan (tiket roll "
		    "tidak punya waktu terbit). Panggilan: panggilan pertama "
		    "tiket; panggilan ulang tidak dihitung.";

	pdf_section(p, "Kedatangan dan panggilan per setengah jam",
	    "jumlah selama periode; loket buka: rata-rata per hari",
	    14 + CHART_H + 16 + pdf_note_height(p, below));
	ty = p->y + 14;
	x = MARGIN + 38;
	if (s[0].arrivals >= 0)
		x = legend_entry(p, x, p->y, &ink_arrivals, 0, "Kedatangan");
	x = legend_entry(p, x, p->y, &ink_calls, 0, "Panggilan");
	legend_entry(p, x, p->y, &ink_desks, 1, "Loket buka (sumbu kanan)");
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	for (i = 0; i <= ticks; i++) {
		axis_label(c, dstep * i, dstep);
		pdf_text_at(p, x0 + w + 4, ty + CHART_H - CHART_H * i / ticks -
		    4, 30, 6.5, T_LEFT, c);
	}
	pdf_text_up(p, MARGIN + 2, ty + CHART_H / 2, 7, "Tiket");
	pdf_text_up(p, PAGE_W - MARGIN - 2, ty + CHART_H / 2, 7, "Loket buka");

	gw = w / n;
	/* Side by side, centred in the half hour, not too broad when
	 * there are few. */
	bars = s[0].arrivals >= 0 ? 2 : 1;
	bw = fmin(gw * 0.72 / bars, 16);
	off = (gw - bars * bw) / 2;
	every = n > 24 ? 4 : 2;		/* an hour's or two hours' labels */
	for (k = 0; k < n; k++) {
		x = x0 + k * gw;
		if (s[k].arrivals > 0) {
			bh = CHART_H * s[k].arrivals / (step * ticks);
			pdf_fill_rect(p, x + off, ty + CHART_H - bh, bw, bh,
			    &ink_arrivals);
		}
		if (s[k].calls > 0) {
			bh = CHART_H * s[k].calls / (step * ticks);
			pdf_fill_rect(p, x + off + (bars - 1) * bw,
			    ty + CHART_H - bh, bw, bh, &ink_calls);
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
	p->y = ty + CHART_H + 16;
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

void
pdf_waits_chart(struct pdf *p)
{
	static const int widths[] = { 5, 10, 15, 30, 60 };
	const struct report *r = p->r;
	const struct report_row *all;
	const struct report_ticket *t;
	int bins[HIST_BINS + 1] = { 0 }, n = 0, bin, i, k, ticks = 4;
	char c[CELL], med[CELL], p90[CELL], buf[512];
	double x0 = MARGIN + 38, ty, w = BODY_W - 38 - 4, gw, step, top = 0;
	double bh, x;
	int64_t width = 0;
	size_t wi;

	if (r->nrows == 0)
		return;
	all = &r->rows[r->nrows - 1];	/* the total, or the one service */
	for (wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
		width = widths[wi] * 60000LL;
		if (all->wait_p90 <= width * HIST_BINS)
			break;
	}
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (!wait_counts(r, t))
			continue;
		bin = t->called_ms - t->issued_ms < 0 ? 0 :
		    (int)((t->called_ms - t->issued_ms) / width);
		bins[bin > HIST_BINS ? HIST_BINS : bin]++;
		n++;
	}
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
	    n > 0 ? 10 + CHART_H + 24 + pdf_note_height(p, buf) : 20);
	if (n == 0) {
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, MARGIN, p->y + 2, BODY_W, 8, T_LEFT,
		    "Tidak ada waktu tunggu yang tercatat pada periode ini.");
		p->y += 18;
		return;
	}
	for (k = 0; k <= HIST_BINS; k++)
		top = fmax(top, bins[k]);
	step = axis_step(top, ticks, 1);
	ty = p->y + 10;
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	pdf_text_up(p, MARGIN + 2, ty + CHART_H / 2, 7, "Jumlah tiket");
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
	p->y = ty + CHART_H + 24;
	pdf_note(p, buf);
}
