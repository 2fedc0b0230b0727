/* pdf-page.c - a page's frame: header, footer, page breaks, sections, notes */
#include "pdf-int.h"

#include <stdio.h>
#include <string.h>

#define NOTE_PT		6.5

const char *
pdf_office_name(const char *office)
{
	return office != NULL && office[0] != '\0' ? office : "Antre";
}

void
pdf_page_head(struct pdf *p)
{
	const struct report *r = p->r;
	char filter[512] = "", buf[192];
	const char *name;
	double y = MARGIN, w;

	if (p->page > 1) {
		/*
		 * Later pages: one line, so a loose page is still known.
		 * The period whole; the office's name shortened at a word
		 * if the line is too short for both.
		 */
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		w = pdf_text_measure(p, 0, 7, T_LEFT, p->period);
		pdf_fit_words(p, BODY_W - w - 12, 7, T_LEFT,
		    pdf_office_name(p->office), " \u00b7 Laporan Layanan "
		    "Antrean", filter, sizeof(filter));
		pdf_text_at(p, MARGIN, y, BODY_W - w - 12, 7, T_LEFT, filter);
		pdf_text_at(p, PAGE_W - MARGIN - w, y, w, 7, T_RIGHT,
		    p->period);
		pdf_rule(p, MARGIN, y + 12, PAGE_W - MARGIN, y + 12, 0.5,
		    &pdf_ink_rule);
		p->y = PAGE_TOP;
		return;
	}
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_text);
	/* A long name takes two lines rather than lose its end. */
	pdf_text_at(p, MARGIN, y, BODY_W, 15, T_BOLD | T_WRAP,
	    pdf_office_name(p->office));
	y += p->text_h + 2;
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_title);
	pdf_text_at(p, MARGIN, y, BODY_W, 12, T_LEFT,
	    "Laporan Layanan Antrean");
	y += p->text_h + 4;
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_text);
	pdf_text_at(p, MARGIN, y, BODY_W, 8.5, T_LEFT, p->period);
	y += p->text_h + 1;
	if (r->q.service != 0) {
		name = r->nrows > 0 ? r->rows[0].name : "";
		snprintf(filter, sizeof(filter), "Layanan: %c%s%s",
		    r->q.service, name[0] != '\0' ? " \u2013 " : "", name);
	}
	if (r->q.desk != 0) {
		name = r->ndesks > 0 ? r->desks[0].name : "";
		memcpy(buf, "Loket: ", 7);
		pdf_fmt_desk(buf + 7, sizeof(buf) - 7, r->q.desk, name);
		if (filter[0] != '\0')
			strncat(filter, " \u00b7 ", sizeof(filter) -
			    strlen(filter) - 1);
		strncat(filter, buf, sizeof(filter) - strlen(filter) - 1);
	}
	if (filter[0] != '\0') {
		pdf_text_at(p, MARGIN, y, BODY_W, 8.5, T_LEFT, filter);
		y += p->text_h + 1;
	}
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	pdf_text_at(p, MARGIN, y, BODY_W, 7, T_LEFT, p->made);
	y += p->text_h + 5;
	pdf_rule(p, MARGIN, y, PAGE_W - MARGIN, y, 1.0, &pdf_ink_title);
	p->y = y + 10;
}

void
pdf_page_foot(struct pdf *p)
{
	char buf[64];
	double y = PAGE_H - MARGIN - 8;

	pdf_rule(p, MARGIN, y - 3, PAGE_W - MARGIN, y - 3, 0.5, &pdf_ink_rule);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	pdf_text_at(p, MARGIN, y, BODY_W * 0.7, 7, T_LEFT, p->period);
	snprintf(buf, sizeof(buf), "Halaman %d dari %d", p->page, p->npages);
	pdf_text_at(p, MARGIN + BODY_W * 0.7, y, BODY_W * 0.3, 7, T_RIGHT, buf);
	if (p->draw)
		cairo_show_page(p->cr);
}

void
pdf_page_next(struct pdf *p)
{
	pdf_page_foot(p);
	p->page++;
	pdf_page_head(p);
}

/* Starts a new page unless h more points fit on this one. */
void
pdf_need_room(struct pdf *p, double h)
{
	if (p->y + h > BODY_END)
		pdf_page_next(p);
}

/* A section's title, kept on one page with the keep points after it. */
void
pdf_section(struct pdf *p, const char *name, const char *sub, double keep)
{
	double w;

	pdf_need_room(p, SECTION_H + keep);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_title);
	w = pdf_text_at(p, MARGIN, p->y, BODY_W, 10, T_BOLD, name);
	if (sub != NULL) {
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, MARGIN + w + 6, p->y + 2.5, BODY_W - w - 6, 7,
		    T_LEFT, sub);
	}
	p->y += SECTION_H - 6;
}

/* The height of a pdf_note(): its block and what comes after it are kept
 * on one page. */
double
pdf_note_height(struct pdf *p, const char *s)
{
	pdf_text_measure(p, BODY_W, NOTE_PT, T_WRAP, s);
	return p->text_h + 4;
}

/* A small explanation under a table or chart, as many lines as needed. */
void
pdf_note(struct pdf *p, const char *s)
{
	double h = pdf_note_height(p, s);

	pdf_need_room(p, h);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_muted);
	pdf_text_at(p, MARGIN, p->y + 3, BODY_W, NOTE_PT, T_WRAP, s);
	p->y += h;
}
