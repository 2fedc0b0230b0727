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
#define FIT_NUMBER	(FIT_BOLD | FIT_INK_MIDDLE | FIT_ADVANCE)

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
	PangoRectangle	 ink, logical;
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
struct render_rect grid_place(struct render_rect area, int n, int gap,
	    double min_aspect, double aspect, double max_aspect, int max_h,
	    struct render_rect *cells, int *colsp, int *rowsp);

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
void	draw_clock(struct render_ctx *rx, int64_t now_ms);
void	draw_header(struct render_ctx *rx, int64_t now_ms);
void	draw_hero(struct render_ctx *rx);
void	draw_calls(struct render_ctx *rx);
void	draw_waiting(struct render_ctx *rx);
void	draw_fault(struct render_ctx *rx);

/* cards.c */
double	cards_number_size(struct render_ctx *rx);
void	draw_card(struct render_ctx *rx, const struct board_desk *d,
	    struct render_rect c, double num_px, int called);

/* marquee.c */
void	marquee_strip(struct render_ctx *rx, struct render_rect band);
/* The running text's strip in tiles, left to right (tests): their
 * number, 0 for none. tiles holds 4. */
int	marquee_tiles(const struct renderer *r, cairo_surface_t **tiles);
int	marquee_offset(const struct renderer *r, int64_t mono_ms);
int64_t	marquee_next(const struct renderer *r, int64_t mono_ms);
void	draw_marquee(struct render_ctx *rx, int off);

#endif
