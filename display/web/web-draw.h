/*
 * web-draw.h - what antre-web draws with cairo and pango (the report's
 * charts as SVG, the PDF, the fonts asked whether they draw a text),
 * kept in a module of its own (web-draw-mod.c, antre-web-draw.so) that
 * web-draw.c loads the first time it is needed. The graphics libraries
 * (cairo, pango, fontconfig, glib, X11's through cairo: about 4.5 MB of
 * pages at start) are then in memory only once someone asked for a chart
 * or a PDF, not from the start of a program that mostly waits.
 *
 * The program calls the usual functions (report_chart_svg(),
 * report_pdf_write_head(), glyphs_check(), glyphs_missing()): web-draw.c
 * defines them, hidden from the module, and forwards to the module's
 * table. Without the module a chart or a PDF fails with a message and
 * texts are taken as drawable.
 */
#ifndef ANTRE_WEB_DRAW_H
#define ANTRE_WEB_DRAW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "report-chart.h"

struct conf_ctx;
struct report;

#define WEB_DRAW_MODULE	"antre-web-draw.so"
#define WEB_DRAW_TABLE	"web_draw_table"
#define WEB_DRAW_ABI	1	/* the table's layout */

struct web_draw {
	int	abi;
	int	(*chart_svg)(const struct report *, enum report_chart, double,
		    cairo_write_func_t, void *);
	int	(*pdf_write_head)(const struct report *, const char *,
		    const char *, const char *, time_t, int *, char *, size_t);
	int	(*glyphs_check)(struct conf_ctx *, const char *, const char *,
		    const char *);
	int	(*glyphs_missing)(const char *, const char *, uint32_t *,
		    size_t *);
};

/* Whether the module is loaded (for the logs and the tests). */
int	web_draw_loaded(void);

#endif
