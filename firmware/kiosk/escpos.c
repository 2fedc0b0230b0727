/*
 * escpos.c - ESC/POS bytes and the real-time status. See escpos.h.
 *
 * Every status answer of DLE EOT n is one byte with bits 1 and 4 set and
 * bits 0 and 7 clear (Epson's ESC/POS reference, and every clone that
 * speaks it); the other bits:
 *	n = 1 (printer)		bit 3: offline
 *	n = 2 (offline cause)	bit 2: cover open, bit 5: stopped at paper
 *				end, bit 6: an error
 *	n = 3 (error cause)	bit 3: cutter, bit 5: unrecoverable, bit 6:
 *				auto-recoverable
 *	n = 4 (paper sensor)	bits 2-3: paper near end, bits 5-6: paper end
 */
#include "escpos.h"

#include <stdlib.h>
#include <string.h>

#define ESC	0x1b
#define GS	0x1d
#define DLE	0x10
#define EOT	0x04

void
escpos_init(struct escpos *e)
{
	memset(e, 0, sizeof(*e));
}

void
escpos_free(struct escpos *e)
{
	free(e->buf);
	memset(e, 0, sizeof(*e));
}

static void
escpos_put(struct escpos *e, const void *p, size_t n)
{
	unsigned char *nb;
	size_t cap;

	if (e->failed)
		return;
	if (e->len + n > e->cap) {
		cap = e->cap ? e->cap * 2 : 512;
		while (cap < e->len + n)
			cap *= 2;
		if ((nb = realloc(e->buf, cap)) == NULL) {
			e->failed = true;
			return;
		}
		e->buf = nb;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
}

static void
escpos_cmd(struct escpos *e, unsigned char a, unsigned char b, int n)
{
	unsigned char c[3] = { a, b, (unsigned char)n };

	escpos_put(e, c, 3);
}

void
escpos_reset(struct escpos *e)
{
	escpos_cmd(e, ESC, '@', 0);
	e->len--;		/* ESC @ has no argument */
	escpos_cmd(e, ESC, 't', 0);
}

void
escpos_align(struct escpos *e, enum escpos_align a)
{
	escpos_cmd(e, ESC, 'a', a);
}

static int
clamp(int v)
{
	return v < 1 ? 1 : v > ESCPOS_SIZE_MAX ? ESCPOS_SIZE_MAX : v;
}

void
escpos_size(struct escpos *e, int w, int h)
{
	escpos_cmd(e, GS, '!', (clamp(w) - 1) << 4 | (clamp(h) - 1));
}

void
escpos_bold(struct escpos *e, bool on)
{
	escpos_cmd(e, ESC, 'E', on ? 1 : 0);
}

/* The characters beyond ASCII that a ticket uses, in code page 437. */
static const struct {
	unsigned int	cp;
	unsigned char	b;
} cp437[] = {
	{ 0x00b1, 0xf1 },	/* ± */
	{ 0x00b7, 0xfa },	/* · */
	{ 0x00b0, 0xf8 },	/* ° */
	{ 0x00e9, 0x82 },	/* é */
	{ 0x2013, '-' },	/* – */
	{ 0x2014, '-' },	/* — */
	{ 0x2026, '.' },	/* … (one dot: the width stays one cell) */
	{ 0x2605, '*' },	/* ★ */
};

/* One UTF-8 sequence at s: its code point, and its length in *n (1 for
 * a byte that starts none). */
static unsigned int
utf8_next(const unsigned char *s, size_t *n)
{
	unsigned int cp;
	size_t len, i;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		*n = 1;
		return 0xfffd;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*n = i;
			return 0xfffd;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*n = len;
	return cp;
}

void
escpos_text(struct escpos *e, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	unsigned char b;
	unsigned int cp;
	size_t n, i;

	while (*s != '\0') {
		cp = utf8_next(s, &n);
		s += n;
		if (cp >= 0x20 && cp < 0x7f)
			b = (unsigned char)cp;
		else {
			b = '?';
			for (i = 0; i < sizeof(cp437) / sizeof(cp437[0]); i++)
				if (cp437[i].cp == cp)
					b = cp437[i].b;
		}
		escpos_put(e, &b, 1);
	}
}

void
escpos_newline(struct escpos *e)
{
	escpos_put(e, "\n", 1);
}

void
escpos_feed(struct escpos *e, int lines)
{
	escpos_cmd(e, ESC, 'd', lines < 0 ? 0 : lines > 255 ? 255 : lines);
}

void
escpos_cut(struct escpos *e)
{
	unsigned char c[4] = { GS, 'V', 66, 0 };

	escpos_put(e, c, 4);
}

void
escpos_status_request(unsigned char out[3 * ESCPOS_STATUS_QUERIES])
{
	int n;

	for (n = 0; n < ESCPOS_STATUS_QUERIES; n++) {
		out[3 * n] = DLE;
		out[3 * n + 1] = EOT;
		out[3 * n + 2] = (unsigned char)(n + 1);
	}
}

bool
escpos_printer_prints(enum kiosk_printer s)
{
	return s == PRINTER_OK || s == PRINTER_PAPER_LOW;
}

enum kiosk_printer
escpos_status_parse(const unsigned char *ans, size_t got, const char **why)
{
	size_t i;

	*why = "";
	if (got < ESCPOS_STATUS_QUERIES) {
		*why = got == 0 ? "no answer" : "answer cut short";
		return PRINTER_OFFLINE;
	}
	if (got > ESCPOS_STATUS_QUERIES) {
		*why = "more bytes than asked for";
		return PRINTER_ERROR;
	}
	for (i = 0; i < ESCPOS_STATUS_QUERIES; i++)
		if ((ans[i] & 0x93) != 0x12) {
			*why = "not a status byte";
			return PRINTER_ERROR;
		}
	if ((ans[3] & 0x60) != 0 || (ans[1] & 0x20) != 0)
		return PRINTER_PAPER_OUT;
	if ((ans[1] & 0x04) != 0)
		return PRINTER_COVER_OPEN;
	if ((ans[1] & 0x40) != 0 || (ans[2] & 0x68) != 0) {
		*why = "the printer reports an error";
		return PRINTER_ERROR;
	}
	if ((ans[0] & 0x08) != 0)
		return PRINTER_OFFLINE;
	if ((ans[3] & 0x0c) != 0)
		return PRINTER_PAPER_LOW;
	return PRINTER_OK;
}
