/*
 * ticket.c - the ticket's layout and its ESC/POS form. See ticket.h.
 */
#include "ticket.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define ESTIMATE_LABEL	"Perkiraan tunggu:"

int
ticket_text_len(const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int n = 0;

	for (; *s != '\0'; s++)
		if ((*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
ticket_date(int64_t time_ms, char *buf, size_t len)
{
	static const char *const days[] = { "Minggu", "Senin", "Selasa",
	    "Rabu", "Kamis", "Jumat", "Sabtu" };
	static const char *const months[] = { "Januari", "Februari",
	    "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
	    "September", "Oktober", "November", "Desember" };
	time_t t = (time_t)(time_ms / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	/* Indonesian writes the time with a dot: 19.02. */
	snprintf(buf, len, "%s, %d %s %d %02d.%02d", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min);
}

static struct tline *
tl_add(struct tlayout *l, enum escpos_align a, int size, bool bold)
{
	struct tline *t;

	if (l->n == TLINES_MAX)
		return NULL;
	t = &l->lines[l->n++];
	memset(t, 0, sizeof(*t));
	t->align = a;
	t->w = t->h = size;
	t->bold = bold;
	return t;
}

/* Byte offset of the end of the first n characters of s. */
static size_t
utf8_prefix(const char *s, int n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (p[i] != '\0') {
		if ((p[i] & 0xc0) != 0x80 && n-- == 0)
			break;
		i++;
	}
	return i;
}

/*
 * Text centred at size: broken between words into lines that fit
 * (a word longer than a line is cut), at most maxlines of them.
 */
static void
tl_text(struct tlayout *l, const char *text, int size, bool bold,
    int maxlines)
{
	int width = l->cols / size, used;
	const char *s = text, *word;
	size_t wlen;
	struct tline *t = NULL;
	char w[TLINE_MAX];

	while (*s != '\0' && maxlines > 0) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		word = s;
		while (*s != '\0' && *s != ' ')
			s++;
		wlen = (size_t)(s - word);
		if (wlen >= sizeof(w))
			wlen = sizeof(w) - 1;
		memcpy(w, word, wlen);
		w[wlen] = '\0';
		if (ticket_text_len(w) > width)
			w[utf8_prefix(w, width)] = '\0';
		used = t != NULL ? ticket_text_len(t->text) : 0;
		if (t == NULL || used + 1 + ticket_text_len(w) > width ||
		    strlen(t->text) + 1 + strlen(w) >= sizeof(t->text)) {
			if (t != NULL && --maxlines == 0)
				break;
			if ((t = tl_add(l, ESCPOS_CENTER, size, bold)) == NULL)
				return;
			snprintf(t->text, sizeof(t->text), "%s", w);
		} else {
			strcat(t->text, " ");
			strcat(t->text, w);
		}
	}
}

static void
tl_blank(struct tlayout *l)
{
	tl_add(l, ESCPOS_CENTER, 1, false);
}

void
ticket_layout(const struct ticket_info *ti, int paper_mm,
    struct tlayout *l)
{
	char buf[TLINE_MAX], num[16];
	struct tline *t;
	int size;

	memset(l, 0, sizeof(*l));
	l->dots = paper_mm == 80 ? 576 : 384;
	l->cols = l->dots / TICKET_CELL_W;
	if (ti->office != NULL && ti->office[0] != '\0')
		tl_text(l, ti->office, 1, true, 3);
	tl_blank(l);
	tl_text(l, "NOMOR ANTREAN", 1, true, 1);
	if (ti->priority)
		tl_text(l, "* PRIORITAS *", 2, true, 1);
	/* The number as large as the paper allows: 8 times on 58 mm for
	 * up to four characters ("A123"). */
	ticket_format(&ti->ticket, num, sizeof(num));
	size = l->cols / (int)(strlen(num) > 0 ? strlen(num) : 1);
	if (size > ESCPOS_SIZE_MAX)
		size = ESCPOS_SIZE_MAX;
	if ((t = tl_add(l, ESCPOS_CENTER, size, true)) != NULL)
		snprintf(t->text, sizeof(t->text), "%s", num);
	if (ti->service_name != NULL && ti->service_name[0] != '\0')
		tl_text(l, ti->service_name, ticket_text_len(ti->service_name)
		    * 2 <= l->cols ? 2 : 1, true, 2);
	tl_blank(l);
	ticket_date(ti->time_ms, buf, sizeof(buf));
	tl_text(l, buf, 1, false, 2);
	if (ti->waiting == 0)
		tl_text(l, "Tidak ada antrean di depan Anda", 1, false, 2);
	else if (ti->waiting > 0) {
		snprintf(buf, sizeof(buf), "Di depan Anda: %d orang",
		    ti->waiting);
		tl_text(l, buf, 1, false, 2);
	}
	if (ti->wait_lo >= 0 && ti->wait_hi >= ti->wait_lo) {
		if (ti->wait_lo == ti->wait_hi)
			snprintf(buf, sizeof(buf), "\u00b1 %d menit",
			    ti->wait_lo);
		else
			snprintf(buf, sizeof(buf), "\u00b1 %d\u2013%d menit",
			    ti->wait_lo, ti->wait_hi);
		/* One line when it fits; else the label above the range, so
		 * a long wait never leaves "menit" alone on a line. */
		if (ticket_text_len(ESTIMATE_LABEL " ") + ticket_text_len(buf)
		    <= l->cols) {
			memmove(buf + strlen(ESTIMATE_LABEL " "), buf,
			    strlen(buf) + 1);
			memcpy(buf, ESTIMATE_LABEL " ",
			    strlen(ESTIMATE_LABEL " "));
			tl_text(l, buf, 1, false, 2);
		} else {
			tl_text(l, ESTIMATE_LABEL, 1, false, 1);
			tl_text(l, buf, 1, false, 1);
		}
	}
	if (ti->footer != NULL && ti->footer[0] != '\0') {
		tl_blank(l);
		tl_text(l, ti->footer, 1, false, 3);
	}
	if (ti->copy)
		tl_text(l, "(cetak ulang)", 1, false, 1);
}

void
ticket_escpos(const struct tlayout *l, struct escpos *e)
{
	const struct tline *t;
	int i;

	escpos_reset(e);
	for (i = 0; i < l->n; i++) {
		t = &l->lines[i];
		escpos_align(e, t->align);
		escpos_size(e, t->w, t->h);
		escpos_bold(e, t->bold);
		escpos_text(e, t->text);
		escpos_newline(e);
	}
	escpos_size(e, 1, 1);
	escpos_bold(e, false);
	escpos_feed(e, TICKET_FEED);
	escpos_cut(e);
}
