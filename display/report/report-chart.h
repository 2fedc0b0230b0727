/*
 * report-chart.h - the PDF's charts on their own, as SVG: antre-web's
 * report page shows what the PDF prints, drawn by the same code
 * (pdf-chart.c).
 */
#ifndef ANTRE_REPORT_CHART_H
#define ANTRE_REPORT_CHART_H

#include <cairo.h>

struct report;

enum report_chart {
	REPORT_CHART_HOURS,	/* arrivals and calls per half hour */
	REPORT_CHART_WAITS,	/* the histogram of the waiting times */
};

/*
 * Writes the chart of r (computed with skip 0) as one SVG document
 * through write(closure, ...); a range without data gives a short
 * sentence instead of the plot. 0, or -1 (a write error, out of memory).
 */
int	report_chart_svg(const struct report *r, enum report_chart which,
	    cairo_write_func_t write, void *closure);

#endif
