/*
 * web-live-int.h - the live pages' HTML (web-live-html.c), pure: the
 * hall and today's figures in, a fragment out. The same fragment is the
 * page's content and each event of its stream, so the page a browser
 * loads and the one the stream keeps current are drawn by one code.
 */
#ifndef ANTRE_WEB_LIVE_INT_H
#define ANTRE_WEB_LIVE_INT_H

#include <stdint.h>

#include "wbuf.h"

struct render_labels;
struct web_hall;
struct web_today;

struct web_live_view {
	const struct web_hall		*hall;		/* NULL: no link */
	const struct web_today		*today;		/* NULL: not read */
	const struct render_labels	*labels;	/* the board's words,
							 * NULL: the defaults */
	const char			*office;	/* "" or NULL: none */
	const char			*running_text;	/* NULL: none */
	int64_t				 now_ms;	/* wall clock */
};

/* "Hari ini": the desks, the services' queues with their longest wait,
 * served and no-shows today, the last calls. */
void	web_live_hall_html(struct wbuf *b, const struct web_live_view *v);
/* The papan: what the hall's board shows, and nothing else. */
void	web_live_papan_html(struct wbuf *b, const struct web_live_view *v);
/* One event of a stream: "event: NAME" and the text as data lines. */
void	web_live_event(struct wbuf *b, const char *event, const char *text);
/* "12 menit", "1 jam 5 menit", "< 1 menit" for a wait of ms. */
void	web_live_wait(struct wbuf *b, int64_t ms);

#endif
