/*
 * wbuf.h - a growing byte buffer for what antre-web sends: pages, SVG,
 * CSV, event-stream lines. Out of memory is remembered (oom) and every
 * later write ignored, so callers check once at the end.
 */
#ifndef ANTRE_WBUF_H
#define ANTRE_WBUF_H

#include <stdbool.h>
#include <stddef.h>

struct wbuf {
	char	*data;		/* NUL-terminated when len > 0 */
	size_t	 len;
	size_t	 cap;
	bool	 oom;
};

void	wbuf_init(struct wbuf *b);
void	wbuf_free(struct wbuf *b);
void	wbuf_reset(struct wbuf *b);	/* len 0, memory kept */
void	wbuf_add(struct wbuf *b, const void *p, size_t n);
void	wbuf_str(struct wbuf *b, const char *s);
void	wbuf_printf(struct wbuf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Text for HTML element content and attribute values: & < > " ' as
 * entities. */
void	wbuf_html(struct wbuf *b, const char *s);
/* Hands the bytes over (the caller frees them); b is empty again. */
char	*wbuf_take(struct wbuf *b, size_t *len);

#endif
