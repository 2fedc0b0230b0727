/*
 * web-draw-mod.c - antre-web-draw.so, the drawing module (web-draw.h):
 * its one symbol is the table of the functions antre-web forwards to.
 * The report's and the board's code it needs is linked in, its own copy,
 * and not exported: nothing of it meets antre-web's.
 */
#include "web-draw.h"

#include "glyphs.h"
#include "log.h"
#include "report-pdf.h"

const struct web_draw web_draw_table = {
	.abi = WEB_DRAW_ABI,
	.log_init = log_init,
	.chart_svg = report_chart_svg,
	.pdf_write_head = report_pdf_write_head,
	.glyphs_check = glyphs_check,
	.glyphs_missing = glyphs_missing,
};
