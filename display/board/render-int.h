/* render-int.h - shared by the board's files, not by the rest of antre. */
#ifndef ANTRE_RENDER_INT_H
#define ANTRE_RENDER_INT_H

#include <math.h>
#include <stdio.h>

#include <pango/pangocairo.h>

#include "render.h"

#define TEXT_MAX	512	/* bytes of any one text on the board */

/* text_draw() flags */
#define FIT_LEFT	0x00
#define FIT_CENTER	0x01
#define FIT_RIGHT	0x02
#define FIT_ALIGN	0x03
#define FIT_BOLD	0x04
#define FIT_ELLIPSIZE	0x08
#define FIT_INK_MIDDLE	0x10	/* centre the ink, not the line: numbers */
#define FIT_SHRINK	0x20	/* shrink up to NAME_SHRINK before ellipsis */
#define FIT_SHRINK_MORE	0x40	/* up to TITLE_SHRINK */
#define FIT_ADVANCE	0x80	/* fit the advance width too: digits share
				 * one, so every 3-digit number gets one size */
#define FIT_CAPS	0x100	/* centre the capitals' and digits' box:
				 * "J 12" and "A 12" share a baseline */
#define FIT_INK		0x200	/* fit the text's own ink; the caller
				 * places it (the running text) */
#define FIT_NUMBER	(FIT_BOLD | FIT_CAPS | FIT_ADVANCE)

#define NUMCACHE	48	/* ticket texts whose fitted size is kept */
#define TEXTCACHE	192	/* fitted layouts kept (a 24-desk board has
				 * about 100 texts) */

/* A text fitted into a box once: most of the board's texts (names,
 * labels, the calls list as it scrolls) come back frame after frame,
 * and fitting means shaping the text two or three times. */
struct fitted {
	PangoLayout	*pl;		/* NULL: free slot */
	char		*text;
	int		 box_w, box_h, flags;
	double		 px;
	char		 ident[12];	/* render_ctx.ident when fitted */
	PangoRectangle	 ink, logical;
};

/* A font's proportions, in ems (metrics.c). */
struct font_metrics {
	double	cap;		/* capitals' and digits' height */
	double	num_desc;	/* deepest ticket character below the
				 * baseline (Q, J) */
	double	digit_desc;	/* deepest digit below the baseline */
	double	letter_desc[26];	/* 'A'..'Z' below the baseline */
	double	desc;		/* deepest letter below the baseline */
	double	accent;		/* accented capitals' height */
	double	digit;		/* widest digit's advance */
	double	space;
	double	letter[26];	/* advance of 'A'..'Z' */
};

struct numsize {
	char	text[16];
	double	px;
};

/* What a renderer knows about the screen. */
struct renderer {
	const struct render_conf *rc;
	cairo_surface_t		*logo;		/* NULL: none */
	PangoContext		*pc;
	render_trace_fn		*trace;
	void			*arg;

	/* What to show. */
	struct board		 board;
	bool			 have_board;
	bool			 changed;	/* board set since drawn */
	bool			 manual_lit;	/* highlight only when told */
	int64_t			 lit_from;	/* highlight start, mono ms */
	bool			 lit_set;
	int64_t			 marquee_t0;	/* running text start, mono */
	bool			 marquee_started;
	int64_t			 page_t0;	/* pages start turning, mono */
	bool			 page_started;

	/* What the screen shows. */
	bool			 valid;		/* the fields below hold */
	struct render_layout	 lay;
	struct board		 shown;
	char			 date[64];
	char			 clock[16];
	bool			 lit;
	double			 num_px;	/* size of the card numbers */
	int			 marquee_off;
	int64_t			 marquee_drawn;	/* mono ms of that offset */
	int			 page;		/* page of cards shown, 0.. */
	int			 wait_page;	/* page of waiting tiles */

	/* Fitted card number sizes for the current layout. */
	struct numsize		 nums[NUMCACHE];
	int			 nnums;
	double			 num_base;	/* "A 888" */

	struct fitted		 texts[TEXTCACHE];
	int			 next_text;	/* slot to reuse when full */

	/* The logo at the size the header gives it. */
	cairo_surface_t		*logo_scaled;

	/* The running text, drawn once and scrolled. */
	cairo_surface_t		*strip;
	int			 strip_h;
	int			 strip_period;	/* width of text + gap */
};

struct render_ctx {
	cairo_t			*cr;
	PangoContext		*pc;
	const struct render_conf *rc;
	const struct board	*b;
	const struct render_layout *lay;
	double			 u;
	render_trace_fn		*trace;
	void			*arg;
	struct renderer		*r;
	bool			 lit;		/* hero highlighted */
	int			 page;		/* page of desk cards */
	int			 wait_page;	/* page of waiting tiles */
	const char		*ident;		/* a shortened name ends with
						 * it: its desk's number */
};

static inline void
copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static inline int
iround(double v)
{
	return (int)lround(v);
}

static inline struct render_rect
rect_make(int x, int y, int w, int h)
{
	struct render_rect r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };

	return r;
}

static inline int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static inline void
set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* layout.c */
struct grid_want {
	double	min_aspect, aspect, max_aspect;	/* width / height */
	int	max_h;				/* no taller than this */
	int	min_w, min_h;			/* readable: no smaller */
};

struct render_rect grid_place(struct render_rect area, int n, int gap,
	    const struct grid_want *want, struct render_rect *cells,
	    int *colsp, int *rowsp);
int	grid_capacity(struct render_rect area, int gap, int min_w,
	    int min_h);
int	grid_pages(struct render_rect area, int n, int gap,
	    const struct grid_want *want, struct render_rect *cells,
	    int *colsp, int *rowsp, int *npages);
double	layout_ticket_em(const struct font_metrics *m, const struct board *b,
	    double *tail);

/* metrics.c */
const struct font_metrics *font_metrics(const char *family, int bold);
double	font_ticket_em(const struct font_metrics *m, char service,
	    int number, int ndigits);

/* shorten.c */
typedef int	shorten_fits_fn(const char *s, void *arg);
const char	*text_shorten(const char *text, const char *ident,
		    shorten_fits_fn *fits, void *arg, char *buf, size_t len);

/* render.c */
/* A pango context on cr with the options every board text is drawn
 * with (grey antialiasing, slight hinting). */
PangoContext	*render_pango(cairo_t *cr);

/* text.c */
const char	*text_clean(const char *s, size_t max, char *buf, size_t len);
PangoLayout	*text_fit(struct render_ctx *rx, const char *text,
		    struct render_rect box, double px, int flags,
		    PangoRectangle *ink, PangoRectangle *logical);
double		 text_fit_size(struct render_ctx *rx, const char *text,
		    struct render_rect box, double px, int flags);
int		 text_y(struct render_rect box, const PangoRectangle *ink,
		    const PangoRectangle *logical, int flags);
void		 fitted_clear(struct fitted *f);
double		 text_draw(struct render_ctx *rx, const char *text,
		    size_t max, struct render_rect box, double px, int flags,
		    struct rgb color);
const char	*ticket_text(const struct ticket *t, char *buf, size_t len);

/* shapes.c */
struct rgb	 rgb_mix(struct rgb a, struct rgb b, double t);
void		 rect_fill(struct render_ctx *rx, struct render_rect r,
		    double radius, struct rgb c);
void		 rect_stroke(struct render_ctx *rx, struct render_rect r,
		    double radius, double width, struct rgb c);
struct render_rect rect_inset(struct render_rect r, int dx, int dy);

/* parts.c */
/* The priority mark ("Prioritas" on a filled tag, short: its first
 * letter; lit: dark, on the lit hero) at the right end of r, as high as
 * r; returns how wide it is, 0 when there is no room. */
int	draw_priority_tag(struct render_ctx *rx, struct render_rect r,
	    bool short_, bool lit);
void	draw_clock(struct render_ctx *rx, int64_t now_ms);
void	draw_header(struct render_ctx *rx, int64_t now_ms);
void	draw_hero(struct render_ctx *rx);
void	draw_calls(struct render_ctx *rx);
void	draw_waiting(struct render_ctx *rx);
void	waiting_tile_min(const struct font_metrics *m, double num_px,
	    int digits, double tail, int *w, int *h);
int	waiting_panel_h(int tile_h, double u);
int	waiting_per_page(const struct render_layout *L, const struct board *b,
	    const struct render_conf *rc, double u, int *pages);
int	calls_row_min(const struct font_metrics *m, double num_px,
	    double tail);
int	calls_rows(const struct render_layout *L, int row_h, double u);
void	draw_fault(struct render_ctx *rx);

/* cards.c */
double	cards_number_size(struct render_ctx *rx);
struct card_parts {
	struct render_rect	name, number;
};

struct card_parts card_parts(struct render_rect c, int min_h);
void	card_min_size(const struct font_metrics *m, double num_px,
	    double ticket_em, double tail, int *w, int *h);
void	draw_card(struct render_ctx *rx, const struct board_desk *d,
	    struct render_rect c, double num_px, int called);
void	draw_pager(struct render_ctx *rx);
void	draw_dots(struct render_ctx *rx, struct render_rect r, int n,
	    int cur);

/* marquee.c */
void	marquee_strip(struct render_ctx *rx, struct render_rect band);
/* The running text's strip in tiles, left to right (tests): their
 * number, 0 for none. tiles holds 4. */
int	marquee_tiles(const struct renderer *r, cairo_surface_t **tiles);
int	marquee_offset(const struct renderer *r, int64_t mono_ms);
int64_t	marquee_next(const struct renderer *r, int64_t mono_ms);
void	draw_marquee(struct render_ctx *rx, int off);

#endif
