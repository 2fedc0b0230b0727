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

#define REPORT_CHART_PDF_W	515.0	/* the PDF's body, in points */
#define REPORT_CHART_MIN_W	160.0	/* the narrowest box drawn */
#define REPORT_CHART_PHONE_W	200.0	/* a phone's: type ~11 px */

/*
 * Writes the chart of r (computed with skip 0) as one SVG document
 * through write(closure, ...), drawn in a box width points wide (from
 * REPORT_CHART_MIN_W to REPORT_CHART_PDF_W, the PDF's): the type keeps
 * its size, so a narrow box shown as wide as a phone's screen reads
 * larger. A range without data gives a short sentence instead of the
 * plot. 0, or -1 (a width out of range, a write error, out of memory).
 */
int	report_chart_svg(const struct report *r, enum report_chart which,
	    double width, cairo_write_func_t write, void *closure);

#endif
