/*
 * web-download.c - antre-web's downloads (/unduh): the period form and
 * its files. CSV with ';' and decimal commas, as antre-report --csv
 * --sep ';' writes them for Indonesian Excel; the PDF as antre-report
 * pdf draws it, with the log's head; and a consistent snapshot of the
 * whole log (SQLite's online backup) that antre-report verify checks on
 * any laptop.
 *
 * The PDF and the snapshot are files in the site's tmpdir: the server
 * sends them and unlinks them (out->file).
 */
#include "web-report.h"
#include "web-report-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "pdf-int.h"
#include "report-out.h"
#include "report-pdf.h"
#include "store.h"

struct csv_file {
	const char	*path;		/* under /unduh/ */
	const char	*what;		/* in the file's name */
	const char	*label;		/* on the page */
	unsigned	 skip;		/* as antre-report's command */
	int		(*print)(FILE *, const struct report *,
			    enum report_format, char);
};

static const struct csv_file csv_files[] = {
	{ "/unduh/ringkasan.csv", "ringkasan", "Ringkasan per layanan",
	    REPORT_ALL, report_print_summary },
	{ "/unduh/tiket.csv", "tiket", "Setiap tiket dengan waktunya "
	    "(untuk audit)", REPORT_ALL, report_print_tickets },
	{ "/unduh/jam.csv", "jam", "Per setengah jam", REPORT_DESKS,
	    report_print_hourly },
	{ "/unduh/loket.csv", "loket", "Per loket", REPORT_HOURLY,
	    report_print_desks },
};

#define NCSV	(sizeof(csv_files) / sizeof(csv_files[0]))

/* A fresh name in the site's tmpdir for a file to send. */
static void
temp_path(const struct web_req *r, const char *ext, char *buf, size_t len)
{
	static unsigned seq;

	snprintf(buf, len, "%s/antre-web-%ld-%u.%s", r->site->tmpdir,
	    (long)getpid(), ++seq, ext);
	/* One left by an earlier process of the same pid. */
	unlink(buf);
}

static void
fail_text(struct web_reply *out, int status, const char *msg)
{
	wbuf_reset(&out->body);
	out->status = status;
	out->type = "text/plain; charset=utf-8";
	out->filename[0] = '\0';
	out->file[0] = '\0';
	wbuf_str(&out->body, msg);
}

/* /unduh: the form and a link for every file of the period. */
static int
download_page(const struct web_req *r, struct web_reply *out,
    const struct web_range *g)
{
	struct wbuf *b = &out->body;
	struct report rq;
	char period[192];
	size_t i;

	out->status = 200;
	web_page_begin(b, r, "Unduh");
	wbuf_str(b, "<h1>Unduh</h1>\n");
	web_range_form(b, r, g, "/unduh", "Pilih periode");
	/* The period as the PDF names it: "6 Januari 2025 - 12 Januari
	 * 2025". */
	memset(&rq, 0, sizeof(rq));
	memcpy(rq.q.from, g->from, sizeof(rq.q.from));
	memcpy(rq.q.to, g->to, sizeof(rq.q.to));
	pdf_fmt_period(period, sizeof(period), &rq);
	wbuf_str(b, "<p>Periode: ");
	wbuf_html(b, period);
	if (g->service != 0)
		wbuf_printf(b, ", layanan %c", g->service);
	wbuf_str(b, ".</p>\n<h2>Laporan</h2>\n<ul class=\"unduhan\">\n"
	    "<li><a href=\"/unduh/laporan.pdf?");
	web_range_args(b, g);
	wbuf_str(b, "\">Laporan PDF</a> (A4, untuk dicetak dan "
	    "ditandatangani)</li>\n</ul>\n<h2>CSV untuk Excel</h2>\n"
	    "<p>Pemisah titik koma, desimal dengan koma.</p>\n"
	    "<ul class=\"unduhan\">\n");
	for (i = 0; i < NCSV; i++) {
		wbuf_printf(b, "<li><a href=\"%s?", csv_files[i].path);
		web_range_args(b, g);
		wbuf_printf(b, "\">%s</a></li>\n", csv_files[i].label);
	}
	wbuf_str(b, "</ul>\n<h2>Log kejadian</h2>\n<p><a "
	    "href=\"/unduh/log.db\">Salinan seluruh log</a> (SQLite, "
	    "berantai hash: periksa dengan <code>antre-report -D FILE "
	    "verify</code>).</p>\n");
	web_page_end(b, r);
	return 1;
}

static int
download_csv(const struct web_req *r, struct web_reply *out,
    const struct web_range *g, const struct csv_file *c)
{
	char hall[40];

	if (web_report_print(r, out, g, c->skip, c->print, FORMAT_CSV,
	    ';') == -1) {
		fail_text(out, 500, "Log kejadian tidak dapat dibaca.\n");
		return 1;
	}
	web_hall_name(r, hall, sizeof(hall));
	out->status = 200;
	out->type = "text/csv; charset=utf-8";
	snprintf(out->filename, sizeof(out->filename),
	    "antre-%s-%s_%s-%s.csv", hall, g->from, g->to, c->what);
	return 1;
}

/* The log's head at the end of the period, as antre-report pdf prints
 * it on every page: 1 and text filled, 0 no row, -1. */
static int
head_text(struct store *s, const char *to, char *text, size_t len)
{
	struct store_head h;
	char shortform[STORE_HEAD_SHORT];
	int rc;

	if (store_read_begin(s) == -1)
		return -1;
	rc = store_day_head(s, to, &h);
	store_read_end(s);
	if (rc != 1)
		return rc;
	store_head_short(h.hash, shortform);
	snprintf(text, len, "Kepala log: %s (baris %lld, hari %s, %s)",
	    shortform, (long long)h.seq, h.day, h.closed ? "ditutup" :
	    "belum ditutup");
	return 1;
}

static int
download_pdf(const struct web_req *r, struct web_reply *out,
    const struct web_range *g)
{
	struct report rep;
	struct store *s;
	char path[512], head[512], hall[40], why[768];
	int rc;

	if (web_range_run(r, g, 0, &rep) == -1) {
		report_free(&rep);
		fail_text(out, 500, "Log kejadian tidak dapat dibaca.\n");
		return 1;
	}
	if ((s = store_open_readonly(r->site->db_path)) == NULL)
		rc = -1;
	else {
		rc = head_text(s, g->to, head, sizeof(head));
		store_close(s);
	}
	temp_path(r, "pdf", path, sizeof(path));
	if (rc == -1 || report_pdf_write_head(&rep, path, r->site->office,
	    rc == 1 ? head : NULL, r->now, NULL, why, sizeof(why)) == -1) {
		if (rc == -1)
			log_warnx("web: %s: cannot read the log's head",
			    r->site->db_path);
		else
			log_warnx("web: pdf: %s", why);
		report_free(&rep);
		fail_text(out, 500, "Laporan PDF tidak dapat dibuat.\n");
		return 1;
	}
	report_free(&rep);
	web_hall_name(r, hall, sizeof(hall));
	out->status = 200;
	out->type = "application/pdf";
	snprintf(out->file, sizeof(out->file), "%s", path);
	snprintf(out->filename, sizeof(out->filename),
	    "antre-%s-%s_%s-laporan.pdf", hall, g->from, g->to);
	return 1;
}

/* /unduh/log.db: the whole log as it was when the copy began. */
static int
download_log(const struct web_req *r, struct web_reply *out)
{
	struct store *s;
	struct tm tm;
	char path[512], hall[40], stamp[32];
	int rc = -1;

	temp_path(r, "db", path, sizeof(path));
	if ((s = store_open_readonly(r->site->db_path)) != NULL) {
		if ((rc = store_backup(s, path)) == -1)
			log_warnx("web: %s: snapshot into %s: %s",
			    r->site->db_path, path, store_error(s));
		store_close(s);
	}
	if (rc == -1) {
		unlink(path);
		fail_text(out, 500, "Salinan log tidak dapat dibuat.\n");
		return 1;
	}
	web_hall_name(r, hall, sizeof(hall));
	localtime_r(&r->now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	out->status = 200;
	out->type = "application/vnd.sqlite3";
	snprintf(out->file, sizeof(out->file), "%s", path);
	snprintf(out->filename, sizeof(out->filename), "antre-%s-%s.db",
	    hall, stamp);
	return 1;
}

int
web_download_route(const struct web_req *r, struct web_reply *out)
{
	const struct csv_file *c = NULL;
	struct web_range g;
	size_t i;

	if (strcmp(r->path, "/unduh/log.db") == 0)
		return download_log(r, out);
	for (i = 0; i < NCSV; i++)
		if (strcmp(r->path, csv_files[i].path) == 0)
			c = &csv_files[i];
	if (c == NULL && strcmp(r->path, "/unduh") != 0 &&
	    strcmp(r->path, "/unduh/laporan.pdf") != 0)
		return 0;
	if (web_range_parse(r, &g) == -1) {
		web_range_fail(r, out, &g, 400, "Unduh", "/unduh");
		return 1;
	}
	if (c != NULL)
		return download_csv(r, out, &g, c);
	if (strcmp(r->path, "/unduh/laporan.pdf") == 0)
		return download_pdf(r, out, &g);
	return download_page(r, out, &g);
}
