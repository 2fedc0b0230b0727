/*
 * escpos-read.h - a small ESC/POS reader for the tests: the bytes a
 * kiosk sends to its printer back to text lines with their sizes, weight
 * and alignment, and those lines drawn to a PNG to look at. Written from
 * the command reference, not from the kiosk's encoder: it knows only the
 * commands a ticket may hold and refuses anything else.
 */
#ifndef ANTRE_ESCPOS_READ_H
#define ANTRE_ESCPOS_READ_H

#include <stdbool.h>
#include <stddef.h>

#define ER_LINES_MAX	64

struct er_line {
	char	text[256];	/* UTF-8 (code page 437 read back) */
	int	w, h;		/* magnification */
	bool	bold;
	int	align;		/* 0 left, 1 centre, 2 right */
};

struct er_doc {
	int		n;
	struct er_line	lines[ER_LINES_MAX];
	int		resets;		/* ESC @ */
	int		feed;		/* lines fed by ESC d */
	int		cuts;		/* GS V */
	char		error[96];	/* set when the bytes are refused */
};

/* 0, or -1 with d->error naming the first byte not understood. */
int	escpos_read(const unsigned char *b, size_t len, struct er_doc *d);
/* Draws the lines at dots wide (384 or 576); 0 or -1. */
int	escpos_read_png(const struct er_doc *d, int dots, const char *path);

#endif
