/*
 * render.h - draws a struct board onto any cairo context. Knows nothing
 * about outputs, MQTT or the database.
 */
#ifndef ANTRE_RENDER_H
#define ANTRE_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "proto.h"

struct rgb {
	double	r, g, b;
};

struct render_theme {
	struct rgb	background;
	struct rgb	panel;		/* desk cards, lists */
	struct rgb	text;
	struct rgb	muted;		/* labels, idle / offline desks */
	struct rgb	accent;		/* numbers being served, header band */
	struct rgb	warning;	/* fault strip */
	char		font[64];	/* pango family, e.g. "DejaVu Sans" */
};

/* Every text a citizen reads; Bahasa Indonesia by default. */
struct render_labels {
	char	now_calling[48];	/* "Sekarang dipanggil" */
	char	desk_serving[32];	/* "melayani" */
	char	desk_idle[32];		/* "kosong" */
	char	desk_paused[32];	/* "istirahat" */
	char	desk_closed[32];	/* "tutup" */
	char	desk_offline[32];	/* "tidak aktif" */
	char	last_calls[48];		/* "Panggilan terakhir" */
	char	waiting[48];		/* "Menunggu" */
	char	to_desk[32];		/* "ke" as in "A 12 ke Loket 1" */
	char	priority[32];		/* "Prioritas": a priority ticket */
	char	quota[32];		/* "Kuota habis": no more tickets */
	char	closed[48];		/* "Pendaftaran ditutup": last_take */
};

struct render_conf {
	char			office[160];	/* office name in the header */
	char			logo[256];	/* PNG file, "" for none */
	int			highlight_ms;	/* hero lit after a new call */
	bool			clock_seconds;	/* clock shows seconds */
	char			marquee[512];	/* running text, "" for none */
	int			marquee_speed;	/* px/s on a 1080-line screen */
	int			marquee_fps;	/* steps per second */
	/*
	 * Readable from the back of the hall: every number's cap height
	 * is at least the viewing distance / RENDER_CAP_RATIO (4 cm at
	 * 10 m) on a TV of this diagonal (docs/board.md). 0: defaults.
	 */
	double			screen_inches;	/* TV diagonal, default 43 */
	double			viewing_m;	/* farthest seat, default 10 */
	int			page_ms;	/* a page of desk cards */
	struct render_theme	theme;
	struct render_labels	labels;
};

#define RENDER_CAP_RATIO	250.0	/* distance / cap height */
#define RENDER_INCHES		43.0
#define RENDER_VIEWING_M	10.0
#define RENDER_PAGE_MS		8000

/*
 * The smallest cap height, in pixels, that the numbers on a width x
 * height screen may have under rc's rule (screen_inches, viewing_m; rc
 * may be NULL for the defaults). Square pixels are assumed. A 43-inch
 * 1920x1080 TV read from 10 m: 4 cm at 20.2 px/cm, about 81 px.
 */
double	render_min_cap(const struct render_conf *rc, int width, int height);

/* A rectangle in device pixels. */
struct render_rect {
	int	x, y, w, h;
};

/*
 * Where each part of the board goes for a given board and size. Computing
 * it is cheap and draws nothing, so a caller can tell which rectangles
 * changed between two boards (damage per desk card). A rectangle with
 * w == 0 is absent (no fault, no waiting counts).
 */
struct render_layout {
	int			width, height;
	int			portrait;	/* taller than wide */
	int			unit;		/* 1% of the shorter side */
	struct render_rect	header;		/* logo, office, date, clock */
	struct render_rect	clock;		/* inside header */
	struct render_rect	hero;		/* "Sekarang dipanggil" */
	struct render_rect	grid;		/* bounds of all desk cards */
	int			ndesks;		/* desks on the board */
	int			cols, rows;
	/*
	 * The cards of one page: desk[k] shows desk page * ncards + k.
	 * When the desks do not fit at a readable size they page through
	 * (npages > 1); a page may have fewer desks than ncards.
	 */
	int			ncards, npages;
	int			card_min_h;	/* a readable card's height */
	struct render_rect	pager;		/* which page: a dot each */
	struct render_rect	desk[BOARD_MAX_DESKS];
	struct render_rect	calls;		/* last calls list */
	int			ncalls;		/* rows in it */
	struct render_rect	waiting;	/* waiting count per service */
	int			nwait, wait_pages;	/* tiles a page */
	double			min_cap;	/* render_min_cap(), px */
	double			num_min;	/* font size giving min_cap */
	double			ticket_em;	/* widest ticket, ems */
	double			num_tail;	/* room under numbers, ems */
	struct render_rect	fault;		/* red warning strip */
	struct render_rect	marquee;	/* running text band */
};

/*
 * One text placed on the board, reported to a render_trace_fn: the box it
 * had to fit in and where its ink landed, both in device pixels. Tests use
 * it to prove that nothing overflows; a text that cannot fit at any
 * readable size is not drawn and not reported.
 */
struct render_text {
	const char		*text;		/* as asked, before ellipsis */
	const char		*shown;		/* as drawn, maybe shortened */
	struct render_rect	 box;
	struct render_rect	 ink;
	double			 size;		/* font size, pixels */
	int			 ellipsized;
};

typedef void	render_trace_fn(const struct render_text *t, void *arg);

/* Fills rc with the default theme and Indonesian labels. */
void	render_conf_defaults(struct render_conf *rc);

/*
 * Draws the whole board, width x height device pixels, at wall-clock time
 * now_ms (used for the date and clock), as a screen shows it once the
 * newest call's highlight is over and with the running text at its start.
 * Returns 0, or -1 if cairo reported an error (logged).
 */
int	render_board(cairo_t *cr, int width, int height,
	    const struct render_conf *rc, const struct board *b,
	    int64_t now_ms);

/* render_board() that also reports every text it places to fn (may be
 * NULL). */
int	render_board_trace(cairo_t *cr, int width, int height,
	    const struct render_conf *rc, const struct board *b,
	    int64_t now_ms, render_trace_fn *fn, void *arg);

/*
 * Computes the layout of board b on a width x height screen with the
 * parts rc asks for (a running text band; rc may be NULL). Returns 0, or
 * -1 if the screen is too small to hold a board (below 160 x 120).
 */
int	render_layout(const struct render_conf *rc, const struct board *b,
	    int width, int height, struct render_layout *out);

/*
 * A board on one screen over time. It remembers what the screen shows, so
 * a frame repaints only the parts that changed (a desk's card, the hero
 * panel, the clock, the running text band) and says which rectangles it
 * repainted; it also knows when the next frame is needed. Times: mono_ms
 * from a monotonic clock (highlight, running text), wall_ms since the
 * epoch (date and clock).
 */
struct renderer;

/* NULL on allocation failure. rc must outlive the renderer. A logo that
 * cannot be read is logged and left out. */
struct renderer	*renderer_new(const struct render_conf *rc);
void		 renderer_free(struct renderer *r);

/* The board to show from the next frame on. A newest call that was not
 * the newest before starts the hero's highlight at mono_ms (unless it is
 * the first board seen: the screen just started). */
void	renderer_set_board(struct renderer *r, const struct board *b,
	    int64_t mono_ms);
/* Whether a new newest call lights the hero by itself (default); with a
 * voice, the highlight waits for renderer_highlight(). */
void	renderer_auto_highlight(struct renderer *r, bool on);
/* (Re)starts the highlight of the newest call at mono_ms: the voice
 * starts announcing it. */
void	renderer_highlight(struct renderer *r, int64_t mono_ms);
/* The next frame repaints everything (window exposed, screen re-plugged,
 * the surface's contents lost). */
void	renderer_invalidate(struct renderer *r);
/* The running text in rc changed: drawn anew from the next frame, from
 * its start (the band appears or goes with it). */
void	renderer_text_changed(struct renderer *r);
/* The running text the last frame showed in its band ("" for none). */
const char *renderer_running_text(const struct renderer *r);
/* Reports every text placed in the frames that follow (tests). */
void	renderer_set_trace(struct renderer *r, render_trace_fn *fn,
	    void *arg);

/*
 * Milliseconds until the next frame is needed: 0 when something already
 * changed, else the time to the clock's next minute (or second), the end
 * of the highlight, the next page of desk cards or the running text's
 * next step, whichever is first;
 * -1 if no board was set yet.
 */
int	renderer_due(const struct renderer *r, int64_t mono_ms,
	    int64_t wall_ms);

/*
 * Draws the next frame on cr, a width x height surface that still holds
 * the previous frame drawn by this renderer (otherwise call
 * renderer_invalidate() first). Repaints only what changed and adds each
 * repainted rectangle to damage (may be NULL). Returns the number of
 * rectangles repainted (0: nothing changed), or -1 if the screen is too
 * small or cairo failed (logged; the next frame repaints everything).
 */
int	renderer_draw(struct renderer *r, cairo_t *cr, int width, int height,
	    int64_t mono_ms, int64_t wall_ms, cairo_region_t *damage);

/*
 * The page of desk cards the last frame showed: its number from 1 and
 * the page count (0 before the first frame), and the ids of the desks
 * on its cards, in order (at most max; returns how many).
 */
int	renderer_page(const struct renderer *r, int *npages);
int	renderer_shown_desks(const struct renderer *r, int *ids, int max);

/* The layout of the last frame drawn (NULL before the first). */
const struct render_layout *renderer_layout(const struct renderer *r);

/*
 * Drops the fonts pango and cairo keep cached between frames. Call once
 * at exit, after every cairo surface and context is gone, so a leak
 * checker shows only real leaks.
 */
void	render_cleanup(void);

/* "Senin, 23 November 2026" and "14:05" (or "14:05:09" with seconds)
 * for ms since the epoch, in local time. Return buf, or "" on error. */
const char	*render_date(int64_t ms, char *buf, size_t len);
const char	*render_clock(int64_t ms, bool seconds, char *buf, size_t len);

#endif
