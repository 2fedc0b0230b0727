/*
 * ticket.h - the printed ticket as data: a list of lines, each with its
 * alignment, size and weight, laid out for the paper's width once and
 * drawn both to ESC/POS (ticket_escpos) and to a PNG (preview.c), so the
 * office sees before printing what the citizen will hold.
 */
#ifndef ANTRE_TICKET_H
#define ANTRE_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "escpos.h"
#include "proto.h"

#define TLINES_MAX	32
#define TLINE_MAX	160	/* bytes of UTF-8 */

/* The print head: Font A is 12 x 24 dots, so 58 mm paper (384 dots)
 * holds 32 characters and 80 mm (576 dots) 48. */
#define TICKET_CELL_W	12
#define TICKET_CELL_H	24
#define TICKET_FEED	4	/* lines fed before the cut */

struct tline {
	enum escpos_align	align;
	int			w, h;		/* GS ! factors */
	bool			bold;
	char			text[TLINE_MAX];
};

struct tlayout {
	int		cols;		/* characters at size 1 */
	int		dots;		/* print width in dots */
	int		n;
	struct tline	lines[TLINES_MAX];
};

/* What goes on a ticket. */
struct ticket_info {
	const char	*office;	/* the hall's name, "" for none */
	const char	*footer;	/* "Simpan tiket ini ...", "" none */
	struct ticket	 ticket;
	const char	*service_name;
	int		 waiting;	/* ahead of it; -1 unknown */
	int		 wait_lo, wait_hi;	/* minutes; -1: none */
	bool		 priority;
	bool		 copy;		/* printed again (reprint) */
	int64_t		 time_ms;	/* when issued, wall clock */
};

/* Paper 58 or 80 (mm). */
void	ticket_layout(const struct ticket_info *ti, int paper_mm,
	    struct tlayout *out);
/* The whole ticket, from reset to cut. */
void	ticket_escpos(const struct tlayout *l, struct escpos *e);
/* Characters of UTF-8 text (code points), as the printer counts them. */
int	ticket_text_len(const char *utf8);
/* "Kamis, 3 Desember 2026 19.02" for t (local time). */
void	ticket_date(int64_t time_ms, char *buf, size_t len);

#endif
