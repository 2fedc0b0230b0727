/* pdf-int.h - what the files of antre-report's PDF share */
#ifndef ANTRE_PDF_INT_H
#define ANTRE_PDF_INT_H

#include <stddef.h>
#include <stdint.h>

#include <pango/pangocairo.h>

#include "render.h"
#include "report.h"

#define PAGE_W		595.0	/* A4 in points */
#define PAGE_H		842.0
#define MARGIN		40.0
#define BODY_W		(PAGE_W - 2 * MARGIN)
#define BODY_END	(PAGE_H - MARGIN - 16)	/* the footer is below */
#define PAGE_TOP	(MARGIN + 22)	/* the body of pages after the first */
#define SECTION_H	24.0	/* a section's title */
#define CELL		96	/* a name (PROTO_NAME_MAX) and its number */

/* pdf_text_at() flags */
#define T_LEFT		0x00
#define T_RIGHT		0x01
#define T_CENTER	0x02
#define T_BOLD		0x04
#define T_NARROW	0x08	/* condensed: table cells */
#define T_WRAP		0x10	/* lines broken at w, not ellipsized */
#define T_LINES2	0x20	/* broken at w into two lines at most, the
				 * second ellipsized: table cells */

extern const struct rgb pdf_ink_text;
extern const struct rgb pdf_ink_muted;
extern const struct rgb pdf_ink_rule;
extern const struct rgb pdf_ink_band;
extern const struct rgb pdf_ink_title;

struct pdf {
	cairo_t			*cr;
	PangoLayout		*pl;
	int			 draw;	/* 0: measuring only */
	const struct report	*r;
	const char		*office;
	char			 period[192];
	char			 made[256];	/* "Dibuat: ...", the head */
	int			 page;		/* from 1 */
	int			 npages;
	double			 y;		/* where the next block goes */
	double			 text_h;	/* height of the last text */
};

/* pdf-draw.c */
void	pdf_set_ink(cairo_t *cr, const struct rgb *c);
double	pdf_text_at(struct pdf *p, double x, double y, double w, double size,
	    int flags, const char *s);
double	pdf_text_measure(struct pdf *p, double w, double size, int flags,
	    const char *s);
void	pdf_text_up(struct pdf *p, double x, double y, double size,
	    const char *s);
void	pdf_fit_words(struct pdf *p, double w, double size, int flags,
	    const char *s, const char *tail, char *out, size_t len);
void	pdf_rule(struct pdf *p, double xa, double ya, double xb, double yb,
	    double width, const struct rgb *c);
void	pdf_fill_rect(struct pdf *p, double x, double y, double w, double h,
	    const struct rgb *c);

/* pdf-format.c */
void	pdf_fmt_count(char *c, int v);
void	pdf_fmt_decimal(char *c, double v);
void	pdf_fmt_minutes(char *c, int64_t ms);
void	pdf_fmt_hours(char *c, int64_t ms);
void	pdf_fmt_share(char *c, int part, int of);
void	pdf_fmt_period(char *buf, size_t len, const struct report *r);
void	pdf_fmt_desk(char *c, size_t len, int desk, const char *name);

/* pdf-format.c: a summary row's cells, shared by the PDF's tables and the
 * web's report page. The figures come in the tables' column order;
 * returns how many (PDF_SUMMARY_CELLS, PDF_PRIORITY_CELLS). */
#define PDF_SUMMARY_CELLS	12
#define PDF_PRIORITY_CELLS	4
void	pdf_service_cell(const struct report_row *row, char *cell);
int	pdf_summary_cells(const struct report_row *row, char cells[][CELL]);
int	pdf_priority_cells(const struct report_row *row, char cells[][CELL]);

/* pdf-page.c */
const char	*pdf_office_name(const char *office);
void	pdf_page_head(struct pdf *p);
void	pdf_page_foot(struct pdf *p);
void	pdf_page_next(struct pdf *p);
void	pdf_need_room(struct pdf *p, double h);
void	pdf_section(struct pdf *p, const char *name, const char *sub,
	    double keep);
double	pdf_note_height(struct pdf *p, const char *s);
void	pdf_note(struct pdf *p, const char *s);

/* pdf-table.c */
void	pdf_summary_table(struct pdf *p);
void	pdf_priority_table(struct pdf *p);
void	pdf_desks_table(struct pdf *p);

/* pdf-chart.c */
void	pdf_hours_chart(struct pdf *p);
void	pdf_waits_chart(struct pdf *p);

#endif
