/*
 * report-pdf.c - antre-report pdf: the report on A4 paper, in Bahasa
 * Indonesia. Page 1 starts with the office, the period and the filters;
 * then come the summary per service, a chart of arrivals and calls per
 * half hour with the desks open, a histogram of the waiting times and
 * the desks' table. A table that does not fit goes on on the next page
 * under its header row again.
 *
 * Drawn with cairo's PDF surface and pango in DejaVu Sans: cairo embeds
 * the subset of the font it uses, so the file prints the same anywhere.
 * "Halaman 1 dari N" needs N on page 1, so the document is laid out
 * twice with the same measures: once drawing nothing, to count the
 * pages, then for real.
 */
#include "report-pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cairo-pdf.h>

#include "atomicfile.h"
#include "report-export.h"
#include "pdf-int.h"

static int
report_empty(const struct report *r)
{
	int i;

	if (r->nhours > 0)
		return 0;
	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].issued > 0 || r->rows[i].called > 0)
			return 0;
	for (i = 0; i < r->ndesks; i++)
		if (r->desks[i].served > 0 || r->desks[i].noshow > 0)
			return 0;
	return 1;
}

static void
document_lay_out(struct pdf *p)
{
	p->page = 1;
	pdf_page_head(p);
	if (report_empty(p->r)) {
		p->y += 30;
		pdf_fill_rect(p, MARGIN, p->y, BODY_W, 60, &pdf_ink_band);
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_title);
		pdf_text_at(p, MARGIN, p->y + 14, BODY_W, 13, T_CENTER | T_BOLD,
		    "Tidak ada data pada periode ini");
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_muted);
		pdf_text_at(p, MARGIN, p->y + 36, BODY_W, 7.5, T_CENTER,
		    "Log kejadian tidak memuat tiket maupun kegiatan loket "
		    "pada hari-hari ini.");
		p->y += 60;
	} else {
		pdf_summary_table(p);
		pdf_priority_table(p);
		p->y += 8;
		pdf_hours_chart(p);
		p->y += 8;
		pdf_waits_chart(p);
		p->y += 8;
		pdf_desks_table(p);
	}
	pdf_page_foot(p);
}

struct sink {
	FILE	*f;
	int	 error;		/* errno of the first failed write */
};

static cairo_status_t
sink_write(void *arg, const unsigned char *data, unsigned int len)
{
	struct sink *sk = arg;

	if (sk->error != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, len, sk->f) != len) {
		sk->error = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Draws the document on cs; the number of pages, or -1. */
static int
document_draw(cairo_surface_t *cs, const struct report *r, const char *office,
    const char *head, time_t now)
{
	struct pdf p;
	char days[128], date[64], hhmm[16];
	cairo_font_options_t *fo;
	PangoContext *pc;
	int64_t ms = (int64_t)now * 1000;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.office = office;
	pdf_fmt_period(days, sizeof(days), r);
	if (r->days > 0)
		snprintf(p.period, sizeof(p.period), "Periode: %s (%d hari "
		    "layanan)", days, r->days);
	else
		snprintf(p.period, sizeof(p.period), "Periode: %s", days);
	/* The head goes on every page's header line: a page alone is
	 * enough to check the log against. */
	snprintf(p.made, sizeof(p.made), "Dibuat: %s pukul %s%s%s",
	    render_date(ms, date, sizeof(date)),
	    render_clock(ms, false, hhmm, sizeof(hhmm)),
	    head != NULL ? " \u00b7 " : "", head != NULL ? head : "");

	p.cr = cairo_create(cs);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		cairo_destroy(p.cr);
		return -1;
	}
	pc = pango_cairo_create_context(p.cr);
	/* Outlines as the font draws them: paper has no pixels to snap
	 * to, and both passes must measure alike. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(pc, FALSE);
	p.pl = pango_layout_new(pc);

	p.draw = 0;
	document_lay_out(&p);
	p.npages = p.page;
	p.draw = 1;
	document_lay_out(&p);

	g_object_unref(p.pl);
	g_object_unref(pc);
	cairo_destroy(p.cr);
	return p.npages;
}

static void
document_metadata(cairo_surface_t *cs, const struct report *r,
    const char *office, time_t now)
{
	char buf[384], days[128], date[40];
	struct tm tm;
	long off;

	pdf_fmt_period(days, sizeof(days), r);
	snprintf(buf, sizeof(buf), "Laporan Layanan Antrean, %s, %s",
	    pdf_office_name(office), days);
	cairo_pdf_surface_set_metadata(cs, CAIRO_PDF_METADATA_TITLE, buf);
	cairo_pdf_surface_set_metadata(cs, CAIRO_PDF_METADATA_CREATOR,
	    "antre-report");
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, sizeof(buf), "%s%c%02ld:%02ld", date, off < 0 ? '-' :
	    '+', labs(off) / 60, labs(off) % 60);
	cairo_pdf_surface_set_metadata(cs, CAIRO_PDF_METADATA_CREATE_DATE,
	    buf);
}

int
report_pdf_write(const struct report *r, const char *path,
    const char *office, time_t now, int *pages, char *why, size_t whylen)
{
	return report_pdf_write_head(r, path, office, NULL, now, pages, why,
	    whylen);
}

int
report_pdf_write_head(const struct report *r, const char *path,
    const char *office, const char *head, time_t now, int *pages,
    char *why, size_t whylen)
{
	struct atomic_file af;
	struct sink sk = { NULL, 0 };
	struct stat sb;
	cairo_surface_t *cs;
	cairo_status_t st;
	int n;

	/* Never over a file, nor through a symlink: report_commit_new()
	 * makes sure, this only spares the drawing. */
	if (lstat(path, &sb) == 0) {
		snprintf(why, whylen, "%s: already exists", path);
		return -1;
	}
	if (atomic_open(&af, path, 0644) == -1) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	sk.f = af.f;
	cs = cairo_pdf_surface_create_for_stream(sink_write, &sk, PAGE_W,
	    PAGE_H);
	document_metadata(cs, r, office, now);
	n = document_draw(cs, r, office, head, now);
	cairo_surface_finish(cs);
	st = cairo_surface_status(cs);
	cairo_surface_destroy(cs);
	if (sk.error != 0 || st != CAIRO_STATUS_SUCCESS || n < 0) {
		atomic_abort(&af);
		if (sk.error != 0)
			snprintf(why, whylen, "%s: %s", path,
			    strerror(sk.error));
		else
			snprintf(why, whylen, "%s: cannot draw the report: %s",
			    path, cairo_status_to_string(st));
		return -1;
	}
	if (report_commit_new(&af) == -1) {
		snprintf(why, whylen, "%s: %s", path, errno == EEXIST ?
		    "already exists" : strerror(errno));
		return -1;
	}
	if (pages != NULL)
		*pages = n;
	return 0;
}
