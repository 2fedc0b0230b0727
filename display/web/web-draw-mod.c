/*
 * web-draw-mod.c - antre-web-draw.so, the drawing module (web-draw.h):
 * its one symbol is the table of the functions antre-web forwards to.
 * The rest of the report's and the board's code it needs is linked in;
 * what antre-web has too (the log, the report's figures) is antre-web's
 * own at run time, the program exporting its symbols.
 */
#include "web-draw.h"

#include "glyphs.h"
#include "report-pdf.h"

const struct web_draw web_draw_table = {
	.abi = WEB_DRAW_ABI,
	.chart_svg = report_chart_svg,
	.pdf_write_head = report_pdf_write_head,
	.glyphs_check = glyphs_check,
	.glyphs_missing = glyphs_missing,
};
