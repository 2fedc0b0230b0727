/*
 * wbuf.c - a growing byte buffer (see wbuf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbuf.h"

void
wbuf_init(struct wbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void
wbuf_free(struct wbuf *b)
{
	free(b->data);
	wbuf_init(b);
}

void
wbuf_reset(struct wbuf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Room for n more bytes and a NUL. */
static bool
wbuf_room(struct wbuf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap > 0 ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
wbuf_add(struct wbuf *b, const void *p, size_t n)
{
	if (n == 0 || !wbuf_room(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
wbuf_str(struct wbuf *b, const char *s)
{
	wbuf_add(b, s, strlen(s));
}

void
wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0 || !wbuf_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
wbuf_html(struct wbuf *b, const char *s)
{
	const char *p, *rep;

	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: rep = NULL; break;
		}
		if (rep != NULL) {
			wbuf_add(b, s, (size_t)(p - s));
			wbuf_str(b, rep);
			s = p + 1;
		}
	}
	wbuf_add(b, s, (size_t)(p - s));
}

char *
wbuf_take(struct wbuf *b, size_t *len)
{
	char *p = b->data;

	if (len != NULL)
		*len = b->len;
	if (p == NULL && !b->oom)
		p = calloc(1, 1);
	if (b->oom) {
		free(p);
		p = NULL;
	}
	wbuf_init(b);
	return p;
}
