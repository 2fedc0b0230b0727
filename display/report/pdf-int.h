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

/* text() flags */
#define T_LEFT		0x00
#define T_RIGHT		0x01
#define T_CENTER	0x02
#define T_BOLD		0x04
#define T_NARROW	0x08	/* condensed: table cells */
#define T_WRAP		0x10	/* lines broken at w, not ellipsized */
#define T_SHRINK	0x20	/* smaller, down to SHRINK, before ellipsis */

extern const struct rgb ink;
extern const struct rgb muted;
extern const struct rgb rule;
extern const struct rgb band;
extern const struct rgb title;

struct pdf {
	cairo_t			*cr;
	PangoLayout		*pl;
	int			 draw;	/* 0: measuring only */
	const struct report	*r;
	const char		*office;
	char			 period[192];
	char			 made[128];	/* "Dibuat: ..." */
	int			 page;		/* from 1 */
	int			 npages;
	double			 y;		/* where the next block goes */
	double			 text_h;	/* height of the last text */
};

/* pdf-draw.c */
void	set_rgb(cairo_t *cr, const struct rgb *c);
double	text(struct pdf *p, double x, double y, double w, double size,
	    int flags, const char *s);
double	measure(struct pdf *p, double w, double size, int flags,
	    const char *s);
void	text_up(struct pdf *p, double x, double y, double size,
	    const char *s);
void	line(struct pdf *p, double xa, double ya, double xb, double yb,
	    double width, const struct rgb *c);
void	box(struct pdf *p, double x, double y, double w, double h,
	    const struct rgb *c);

/* pdf-format.c */
void	fmt_count(char *c, int v);
void	fmt_decimal(char *c, double v);
void	fmt_minutes(char *c, int64_t ms);
void	fmt_hours(char *c, int64_t ms);
void	fmt_share(char *c, int part, int of);
void	fmt_period(char *buf, size_t len, const struct report *r);

/* pdf-page.c */
const char	*office_name(const char *office);
void	page_head(struct pdf *p);
void	page_foot(struct pdf *p);
void	page_next(struct pdf *p);
void	need(struct pdf *p, double h);
void	section(struct pdf *p, const char *name, const char *sub,
	    double keep);
double	note_h(struct pdf *p, const char *s);
void	note(struct pdf *p, const char *s);

/* pdf-table.c */
void	summary(struct pdf *p);
void	desks(struct pdf *p);

/* pdf-chart.c */
void	hours_chart(struct pdf *p);
void	waits_chart(struct pdf *p);

#endif
