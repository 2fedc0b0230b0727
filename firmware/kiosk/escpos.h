/*
 * escpos.h - the few ESC/POS commands a ticket needs, into a byte buffer,
 * and the printer's real-time status (DLE EOT n) read back. Pure: no I/O,
 * so both are tested byte for byte (tests/unit/test_kiosk_escpos.c).
 */
#ifndef ANTRE_ESCPOS_H
#define ANTRE_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"	/* enum kiosk_printer */

enum escpos_align {
	ESCPOS_LEFT,
	ESCPOS_CENTER,
	ESCPOS_RIGHT,
};

#define ESCPOS_SIZE_MAX	8	/* GS ! magnifies 1..8 times each way */

struct escpos {
	unsigned char	*buf;
	size_t		 len;
	size_t		 cap;
	bool		 failed;	/* out of memory: the buffer is cut */
};

void	escpos_init(struct escpos *e);
void	escpos_free(struct escpos *e);
/* ESC @, then ESC t 0 (code page 437: "±" is 0xf1 there). */
void	escpos_reset(struct escpos *e);
void	escpos_align(struct escpos *e, enum escpos_align a);
/* GS ! : width and height factors, each 1..ESCPOS_SIZE_MAX. */
void	escpos_size(struct escpos *e, int w, int h);
void	escpos_bold(struct escpos *e, bool on);
/* UTF-8 text without line end, written in code page 437: ASCII as is,
 * the few other characters a ticket uses mapped, anything else '?'. */
void	escpos_text(struct escpos *e, const char *utf8);
void	escpos_newline(struct escpos *e);
/* ESC d n: prints and feeds n lines. */
void	escpos_feed(struct escpos *e, int lines);
/* GS V 66 n: feeds to the cutter (and n more dots) and cuts partially;
 * a printer without a cutter ignores it. */
void	escpos_cut(struct escpos *e);

/* The real-time status requests, DLE EOT 1..4, in this order. */
#define ESCPOS_STATUS_QUERIES	4
void	escpos_status_request(unsigned char out[3 * ESCPOS_STATUS_QUERIES]);

/* Whether a ticket can be printed in state s. */
bool		 escpos_printer_prints(enum kiosk_printer s);

/*
 * The answers to escpos_status_request(): got bytes (0..4) in ans. Fewer
 * than 4 is silence (OFFLINE); a byte whose fixed bits are wrong is
 * garbage (ERROR, with why set to a short reason).
 */
enum kiosk_printer escpos_status_parse(const unsigned char *ans, size_t got,
	    const char **why);

#endif
