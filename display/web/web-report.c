/*
 * web-report.c - antre-web's report page (/laporan): the period form,
 * the figures of a day, a week, a month or a range as antre-report
 * computes them (the same runner over the log opened read-only), the
 * PDF's two charts as SVG drawn by the PDF's code, and the summary as
 * the JSON antre-report summary --json prints.
 *
 * Every figure is written as the PDF writes it: thousands with a dot,
 * minutes with a decimal comma, desks' times in hours and minutes.
 */
#include "web-report.h"
#include "web-report-int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "pdf-int.h"
#include "report-chart.h"
#include "report-out.h"
#include "store.h"

/* The widest screen given the charts drawn for a phone (gaya.css sizes
 * them alike). */
#define CHART_PHONE	"40rem"

static const char *const kinds[] = { "hari", "minggu", "bulan", "rentang" };
static const char *const kind_names[] = {
	"Hari", "Minggu (Senin\u2013Minggu)", "Bulan", "Rentang tanggal",
};

/* A service day as a time at noon UTC, far from any boundary: -1 when
 * s is not a real "YYYY-MM-DD". */
static int
day_time(const char *s, time_t *t)
{
	struct tm tm;

	if (report_parse_day(s) == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = 12;
	*t = timegm(&tm);
	return 0;
}

static void
day_text(time_t t, char out[11])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *
arg(const struct web_req *r, const char *name)
{
	const char *v = r->arg(r, name);

	return v != NULL ? v : "";
}

static const struct queue_conf *
hall_services(const struct web_req *r)
{
	return r->site->hall != NULL ? &r->site->hall->queue : NULL;
}

static const struct service_conf *
service_find(const struct web_req *r, char letter)
{
	const struct queue_conf *q = hall_services(r);
	int i;

	for (i = 0; q != NULL && i < q->nservices; i++)
		if (q->services[i].letter == letter)
			return &q->services[i];
	return NULL;
}

static int	range_bad(struct web_range *g, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
range_bad(struct web_range *g, const char *field, const char *fmt, ...)
{
	va_list ap;

	g->bad = field;
	va_start(ap, fmt);
	vsnprintf(g->error, sizeof(g->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* A date argument into out: "" gives def (NULL: needed). */
static int
range_date(struct web_range *g, const char *field, const char *v,
    const char *def, char out[11])
{
	if (v[0] == '\0' && def != NULL) {
		snprintf(out, 11, "%s", def);
		return 0;
	}
	if (v[0] == '\0')
		return range_bad(g, field, "Isi tanggal %s: rentang perlu "
		    "tanggal awal dan tanggal akhir.", strcmp(field, "dari") ==
		    0 ? "awal (dari)" : "akhir (sampai)");
	if (strlen(v) > 10 || report_parse_day(v) == -1)
		return range_bad(g, field, "Tanggal \u201c%s\u201d tidak "
		    "valid: tulis tahun-bulan-tanggal, misalnya 2025-01-31.",
		    v);
	snprintf(out, 11, "%s", v);
	return 0;
}

int
web_range_parse(const struct web_req *r, struct web_range *g)
{
	const struct queue_conf *q = hall_services(r);
	char today[11];
	time_t t, end;
	struct tm tm;
	size_t i;

	memset(g, 0, sizeof(*g));
	g->periode = arg(r, "periode");
	g->tanggal = arg(r, "tanggal");
	g->dari = arg(r, "dari");
	g->sampai = arg(r, "sampai");
	g->layanan = arg(r, "layanan");
	/* Today is the service day, which starts at the central's
	 * day_start, not at midnight. */
	queue_service_day((int64_t)r->now * 1000, q != NULL ?
	    q->day_start_min : 0, today);

	snprintf(g->kind, sizeof(g->kind), "%s", g->periode[0] != '\0' ?
	    g->periode : "hari");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(g->kind, kinds[i]) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]) || strlen(g->periode) >=
	    sizeof(g->kind))
		return range_bad(g, "periode", "Periode \u201c%s\u201d tidak "
		    "dikenal: pilih hari, minggu, bulan atau rentang.",
		    g->periode);

	if (g->layanan[0] != '\0') {
		g->service = (char)toupper((unsigned char)g->layanan[0]);
		if (strlen(g->layanan) != 1 || !isalpha((unsigned char)
		    g->layanan[0]) || service_find(r, g->service) == NULL)
			return range_bad(g, "layanan", "Layanan \u201c%s\u201d "
			    "tidak dikenal di aula ini.", g->layanan);
	}

	if (strcmp(g->kind, "rentang") == 0) {
		if (range_date(g, "dari", g->dari, NULL, g->from) == -1 ||
		    range_date(g, "sampai", g->sampai, NULL, g->to) == -1)
			return -1;
		snprintf(g->day, sizeof(g->day), "%s", g->from);
		day_time(g->from, &t);
		day_time(g->to, &end);
		if (end < t)
			return range_bad(g, "sampai", "Tanggal akhir (%s) "
			    "sebelum tanggal awal: rentang harus maju.",
			    g->to);
		if ((end - t) / 86400 + 1 > WEB_RANGE_DAYS)
			return range_bad(g, "sampai", "Rentang terlalu "
			    "panjang: paling lama %d hari.", WEB_RANGE_DAYS);
		return 0;
	}
	if (range_date(g, "tanggal", g->tanggal, today, g->day) == -1)
		return -1;
	day_time(g->day, &t);
	gmtime_r(&t, &tm);
	if (strcmp(g->kind, "minggu") == 0) {
		/* Monday to Sunday: tm_wday is 0 on a Sunday. */
		t -= (time_t)((tm.tm_wday + 6) % 7) * 86400;
		day_text(t, g->from);
		day_text(t + 6 * 86400, g->to);
	} else if (strcmp(g->kind, "bulan") == 0) {
		t -= (time_t)(tm.tm_mday - 1) * 86400;
		day_text(t, g->from);
		/* The 28th plus four days is in the next month; back from
		 * its first day by one. */
		end = t + 27 * 86400 + 4 * 86400;
		gmtime_r(&end, &tm);
		end -= (time_t)tm.tm_mday * 86400;
		day_text(end, g->to);
	} else {
		snprintf(g->from, sizeof(g->from), "%s", g->day);
		snprintf(g->to, sizeof(g->to), "%s", g->day);
	}
	return 0;
}

void
web_range_args(struct wbuf *b, const struct web_range *g)
{
	if (strcmp(g->kind, "rentang") == 0)
		wbuf_printf(b, "periode=rentang&amp;dari=%s&amp;sampai=%s",
		    g->from, g->to);
	else
		wbuf_printf(b, "periode=%s&amp;tanggal=%s", g->kind, g->day);
	if (g->service != 0)
		wbuf_printf(b, "&amp;layanan=%c", g->service);
}

/* A date's field; kind says for which periods it counts (gaya.css
 * shows it for those alone). */
static void
form_date(struct wbuf *b, const struct web_range *g, const char *name,
    const char *kind, const char *label, const char *value)
{
	wbuf_printf(b, "<label class=\"%s\">%s <input type=\"date\" "
	    "name=\"%s\" value=\"", kind, label, name);
	wbuf_html(b, value);
	wbuf_str(b, "\"");
	if (g->bad != NULL && strcmp(g->bad, name) == 0)
		wbuf_str(b, " aria-invalid=\"true\" "
		    "aria-describedby=\"galat\"");
	wbuf_str(b, "></label>\n");
}

void
web_range_form(struct wbuf *b, const struct web_req *r,
    const struct web_range *g, const char *action, const char *button)
{
	const struct queue_conf *q = hall_services(r);
	const char *kind = g->periode[0] != '\0' ? g->periode : "hari";
	int i, known = 0;
	size_t k;

	if (g->error[0] != '\0') {
		wbuf_str(b, "<p class=\"galat\" id=\"galat\" role=\"alert\">");
		wbuf_html(b, g->error);
		wbuf_str(b, "</p>\n");
	}
	wbuf_printf(b, "<form class=\"periode\" method=\"get\" "
	    "action=\"%s\">\n<label>Periode <select name=\"periode\">", action);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		wbuf_printf(b, "<option value=\"%s\"%s>%s</option>", kinds[k],
		    strcmp(kind, kinds[k]) == 0 ? " selected" : "",
		    kind_names[k]);
		known |= strcmp(kind, kinds[k]) == 0;
	}
	/* What was typed stays, also when it is not one of the choices. */
	if (!known) {
		wbuf_str(b, "<option value=\"");
		wbuf_html(b, kind);
		wbuf_str(b, "\" selected>");
		wbuf_html(b, kind);
		wbuf_str(b, "</option>");
	}
	wbuf_str(b, "</select></label>\n");
	form_date(b, g, "tanggal", "tanggal", "Tanggal", g->tanggal[0] !=
	    '\0' || g->error[0] != '\0' ? g->tanggal : g->day);
	form_date(b, g, "dari", "rentang", "Dari", g->dari);
	form_date(b, g, "sampai", "rentang", "Sampai", g->sampai);
	wbuf_str(b, "<label>Layanan <select name=\"layanan\">"
	    "<option value=\"\">Semua layanan</option>");
	known = g->layanan[0] == '\0';
	for (i = 0; q != NULL && i < q->nservices; i++) {
		wbuf_printf(b, "<option value=\"%c\"", q->services[i].letter);
		if (g->layanan[0] == q->services[i].letter &&
		    g->layanan[1] == '\0') {
			wbuf_str(b, " selected");
			known = 1;
		}
		wbuf_printf(b, ">%c \u2013 ", q->services[i].letter);
		wbuf_html(b, q->services[i].name);
		wbuf_str(b, "</option>");
	}
	if (!known) {
		wbuf_str(b, "<option value=\"");
		wbuf_html(b, g->layanan);
		wbuf_str(b, "\" selected>");
		wbuf_html(b, g->layanan);
		wbuf_str(b, "</option>");
	}
	wbuf_printf(b, "</select></label>\n<button type=\"submit\">%s"
	    "</button>\n</form>\n", button);
}

void
web_range_fail(const struct web_req *r, struct web_reply *out,
    const struct web_range *g, int status, const char *title,
    const char *action)
{
	out->status = status;
	out->type = NULL;
	wbuf_reset(&out->body);
	web_page_begin(&out->body, r, title);
	wbuf_printf(&out->body, "<h1>%s</h1>\n", title);
	web_range_form(&out->body, r, g, action, "Tampilkan");
	if (status >= 500)
		wbuf_str(&out->body, "<p class=\"galat\" role=\"alert\">Log "
		    "kejadian tidak dapat dibaca sekarang. Coba lagi sebentar "
		    "lagi; bila tetap gagal, hubungi teknisi.</p>\n");
	web_page_end(&out->body, r);
}

void
web_hall_name(const struct web_req *r, char *buf, size_t len)
{
	const char *s = r->site->hall != NULL ? r->site->hall->hall : "";
	size_t o = 0;

	for (; *s != '\0' && o + 1 < len; s++)
		buf[o++] = isalnum((unsigned char)*s) || *s == '-' ||
		    *s == '_' ? *s : '_';
	buf[o] = '\0';
	if (o == 0)
		snprintf(buf, len, "antre");
}

int
web_range_run(const struct web_req *r, const struct web_range *g,
    unsigned skip, struct report *rep)
{
	struct report_query q;
	struct store *s;
	int rc;

	memset(rep, 0, sizeof(*rep));
	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "%s", g->from);
	snprintf(q.to, sizeof(q.to), "%s", g->to);
	q.service = g->service;
	q.skip = skip;
	if ((s = store_open_readonly(r->site->db_path)) == NULL) {
		log_warnx("web: %s: cannot read the event log",
		    r->site->db_path);
		return -1;
	}
	if ((rc = report_run(rep, s, &q, hall_services(r))) == -1)
		log_warnx("web: %s: report %s..%s: %s", r->site->db_path,
		    q.from, q.to, store_error(s));
	store_close(s);
	return rc;
}

/* A table's opening: a scrolling box so that a phone scrolls the table,
 * not the page. */
static void
table_begin(struct wbuf *b, const char *caption, const char *head)
{
	wbuf_printf(b, "<div class=\"gulir\" style=\"overflow-x:auto\">"
	    "<table>\n<caption><span>%s</span></caption>\n"
	    "<thead>%s</thead>\n<tbody>\n", caption, head);
}

static void
table_end(struct wbuf *b)
{
	wbuf_str(b, "</tbody>\n</table></div>\n");
}

/* A row's cells: the first a header (escaped), then numbers. */
static void
table_row(struct wbuf *b, int total, const char *name, char cells[][CELL],
    int n)
{
	int k;

	wbuf_printf(b, "<tr%s><th scope=\"row\">", total ? " class=\"total\"" :
	    "");
	wbuf_html(b, name);
	wbuf_str(b, "</th>");
	for (k = 0; k < n; k++)
		wbuf_printf(b, "<td class=\"angka\">%s</td>", cells[k]);
	wbuf_str(b, "</tr>\n");
}

static void
page_summary(struct wbuf *b, const struct report *rep)
{
	const struct report_row *row;
	char cells[PDF_SUMMARY_CELLS][CELL], name[CELL];
	int i, k, any = 0;

	table_begin(b, "Ringkasan per layanan (jumlah tiket; waktu dalam "
	    "menit)", "<tr><th rowspan=\"2\">Layanan</th>"
	    "<th rowspan=\"2\">Diterbitkan</th><th rowspan=\"2\">Dipanggil"
	    "</th><th rowspan=\"2\">Dilayani</th><th rowspan=\"2\">Tidak "
	    "hadir</th><th rowspan=\"2\">Dialihkan</th><th rowspan=\"2\">"
	    "Tidak terlayani</th><th colspan=\"3\">Tunggu (menit)</th>"
	    "<th colspan=\"2\">Layanan (menit)</th><th rowspan=\"2\">Sesuai "
	    "target</th></tr>\n<tr><th>Median</th><th>P90</th><th>Maks</th>"
	    "<th>Median</th><th>P90</th></tr>");
	for (i = 0; i < rep->nrows; i++) {
		row = &rep->rows[i];
		k = pdf_summary_cells(row, cells);
		pdf_service_cell(row, name);
		table_row(b, row->service == 0, name, cells, k);
		any |= row->priority > 0;
	}
	table_end(b);
	wbuf_str(b, "<p class=\"catatan\">Median dan p90 menurut peringkat "
	    "terdekat: setiap angka adalah waktu yang benar-benar dialami "
	    "warga. Waktu tunggu: dari tiket diterbitkan sampai panggilan "
	    "pertama; tiket roll tanpa waktu terbit tidak dihitung. Sesuai "
	    "target: dari tiket yang dilayani atau tidak terlayani, bagian "
	    "yang dilayani dalam target waktu tunggu layanannya.</p>\n");
	if (!any)
		return;
	table_begin(b, "Antrean prioritas (jumlah tiket; waktu dalam menit)",
	    "<tr><th rowspan=\"2\">Layanan</th><th rowspan=\"2\">Tiket "
	    "prioritas</th><th rowspan=\"2\">Dipanggil</th><th colspan=\"2\">"
	    "Tunggu (menit)</th></tr>\n<tr><th>Median</th><th>P90</th></tr>");
	for (i = 0; i < rep->nrows; i++) {
		row = &rep->rows[i];
		k = pdf_priority_cells(row, cells);
		pdf_service_cell(row, name);
		table_row(b, row->service == 0, name, cells, k);
	}
	table_end(b);
}

static void
page_hours(struct wbuf *b, const struct report *rep)
{
	const struct report_hour *h;
	char cells[3][CELL], name[CELL];
	int i;

	if (rep->nhours == 0 || rep->nrows == 0)
		return;
	table_begin(b, "Per setengah jam (jumlah selama periode; loket buka: "
	    "rata-rata per hari)", "<tr><th>Jam</th><th>Kedatangan</th>"
	    "<th>Panggilan</th><th>Loket buka</th></tr>");
	/* A slot's last line is the total, or the one service asked. */
	for (i = rep->nrows - 1; i < rep->nhours; i += rep->nrows) {
		h = &rep->hours[i];
		pdf_fmt_count(cells[0], h->arrivals);
		pdf_fmt_count(cells[1], h->calls);
		pdf_fmt_decimal(cells[2], report_desks_open(rep, h));
		report_slot_text(name, h->slot);
		table_row(b, 0, name, cells, 3);
	}
	table_end(b);
}

static void
page_desks(struct wbuf *b, const struct report *rep)
{
	const struct report_desk *d;
	char cells[7][CELL], name[CELL];
	int i;

	if (rep->ndesks == 0)
		return;
	table_begin(b, "Per loket (waktu dalam jam:menit)", "<tr>"
	    "<th>Loket</th><th>Dilayani</th><th>Tidak hadir</th><th>Panggil "
	    "ulang</th><th>Layanan median (menit)</th><th>Melayani</th>"
	    "<th>Menganggur</th><th>Jeda</th></tr>");
	for (i = 0; i < rep->ndesks; i++) {
		d = &rep->desks[i];
		if (d->desk == 0)
			snprintf(name, sizeof(name), "Total");
		else
			pdf_fmt_desk(name, sizeof(name), d->desk, d->name);
		pdf_fmt_count(cells[0], d->served);
		pdf_fmt_count(cells[1], d->noshow);
		pdf_fmt_count(cells[2], d->recalls);
		pdf_fmt_minutes(cells[3], d->service_median);
		pdf_fmt_hours(cells[4], d->serving_ms);
		pdf_fmt_hours(cells[5], d->idle_ms);
		pdf_fmt_hours(cells[6], d->paused_ms);
		table_row(b, d->desk == 0, name, cells, 7);
	}
	table_end(b);
}

/*
 * A chart: a phone's screen (up to CHART_PHONE) gets the one drawn for
 * it, larger type in a narrower box; a wider screen the PDF's. Sized by
 * gaya.css (img.grafik).
 */
static void
page_chart(struct wbuf *b, const struct web_range *g, const char *name,
    const char *alt)
{
	wbuf_printf(b, "<picture><source media=\"(max-width: %s)\" "
	    "srcset=\"/laporan/%s.svg?", CHART_PHONE, name);
	web_range_args(b, g);
	wbuf_printf(b, "&amp;lebar=ponsel\"><img class=\"grafik\" "
	    "src=\"/laporan/%s.svg?", name);
	web_range_args(b, g);
	wbuf_printf(b, "\" alt=\"%s\"></picture>\n", alt);
}

/* /laporan: the form, the period, the tables and the charts. */
static int
report_page(const struct web_req *r, struct web_reply *out,
    const struct web_range *g)
{
	struct wbuf *b = &out->body;
	struct report rep;
	char period[192];

	if (web_range_run(r, g, 0, &rep) == -1) {
		report_free(&rep);
		web_range_fail(r, out, g, 500, "Laporan", "/laporan");
		return 1;
	}
	out->status = 200;
	web_page_begin(b, r, "Laporan");
	wbuf_str(b, "<h1>Laporan</h1>\n");
	web_range_form(b, r, g, "/laporan", "Tampilkan");
	pdf_fmt_period(period, sizeof(period), &rep);
	wbuf_str(b, "<p class=\"periode-teks\">Periode: ");
	wbuf_html(b, period);
	wbuf_printf(b, " (%d hari layanan)", rep.days);
	if (g->service != 0) {
		wbuf_printf(b, "; layanan %c", g->service);
		if (service_find(r, g->service) != NULL) {
			wbuf_str(b, " \u2013 ");
			wbuf_html(b, service_find(r, g->service)->name);
		}
	}
	wbuf_str(b, "</p>\n<p class=\"tautan\"><a href=\"/unduh/laporan.pdf?");
	web_range_args(b, g);
	wbuf_str(b, "\">PDF</a> \u00b7 <a href=\"/unduh?");
	web_range_args(b, g);
	wbuf_str(b, "\">Unduhan lain</a> \u00b7 <a href=\"/laporan?");
	web_range_args(b, g);
	wbuf_str(b, "&amp;format=json\">JSON</a></p>\n");
	page_summary(b, &rep);
	wbuf_str(b, "<h2>Kedatangan dan panggilan per setengah jam</h2>\n");
	page_chart(b, g, "jam", "Grafik kedatangan, panggilan dan loket buka "
	    "per setengah jam");
	page_hours(b, &rep);
	wbuf_str(b, "<h2>Sebaran waktu tunggu</h2>\n");
	page_chart(b, g, "tunggu", "Grafik jumlah tiket per rentang waktu "
	    "tunggu");
	wbuf_str(b, "<h2>Loket</h2>\n");
	page_desks(b, &rep);
	web_page_end(b, r);
	report_free(&rep);
	return 1;
}

/* Something antre-report prints, into the reply's body. */
static int
print_into(struct web_reply *out, const struct report *rep,
    int (*print)(FILE *, const struct report *, enum report_format, char),
    enum report_format fmt, char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL) {
		log_warn("web: open_memstream");
		return -1;
	}
	rc = print(f, rep, fmt, sep);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0)
		wbuf_add(&out->body, buf, len);
	free(buf);
	return out->body.oom ? -1 : rc;
}

int
web_report_print(const struct web_req *r, struct web_reply *out,
    const struct web_range *g, unsigned skip,
    int (*print)(FILE *, const struct report *, enum report_format, char),
    enum report_format fmt, char sep)
{
	struct report rep;
	int rc;

	if ((rc = web_range_run(r, g, skip, &rep)) == 0)
		rc = print_into(out, &rep, print, fmt, sep);
	report_free(&rep);
	return rc;
}

static cairo_status_t
svg_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct wbuf *b = closure;

	wbuf_add(b, data, len);
	return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/*
 * /laporan/jam.svg, /laporan/tunggu.svg: the PDF's charts, as wide as
 * the PDF prints them or, with lebar=ponsel, drawn for a phone's screen
 * (the same type in a narrower box).
 */
static int
chart(const struct web_req *r, struct web_reply *out,
    const struct web_range *g, enum report_chart which)
{
	struct report rep;
	const char *lebar = r->arg(r, "lebar");
	double width = REPORT_CHART_PDF_W;
	int rc;

	if (lebar != NULL && strcmp(lebar, "ponsel") == 0)
		width = REPORT_CHART_PHONE_W;
	else if (lebar != NULL && lebar[0] != '\0') {
		out->status = 400;
		out->type = "text/plain; charset=utf-8";
		wbuf_str(&out->body, "Lebar grafik tidak dikenal: kosongkan "
		    "atau tulis ponsel.\n");
		return 1;
	}
	/* What the chart needs, as the PDF computes it. */
	rc = web_range_run(r, g, which == REPORT_CHART_HOURS ? REPORT_DESKS :
	    REPORT_ALL, &rep);
	if (rc == 0)
		rc = report_chart_svg(&rep, which, width, svg_write,
		    &out->body);
	report_free(&rep);
	if (rc == -1) {
		wbuf_reset(&out->body);
		out->status = 500;
		out->type = "text/plain; charset=utf-8";
		wbuf_str(&out->body, "Grafik tidak dapat dibuat.\n");
		return 1;
	}
	out->status = 200;
	out->type = "image/svg+xml";
	return 1;
}

int
web_report_route(const struct web_req *r, struct web_reply *out)
{
	struct web_range g;
	enum report_chart which = REPORT_CHART_HOURS;
	const char *p = r->path;
	int json;

	if (strncmp(p, "/unduh", 6) == 0 && (p[6] == '\0' || p[6] == '/'))
		return web_download_route(r, out);
	if (strcmp(p, "/laporan") != 0 && strcmp(p, "/laporan/jam.svg") !=
	    0 && strcmp(p, "/laporan/tunggu.svg") != 0)
		return 0;
	json = strcmp(p, "/laporan") == 0 && r->arg(r, "format") != NULL &&
	    strcmp(r->arg(r, "format"), "json") == 0;
	if (web_range_parse(r, &g) == -1) {
		if (strcmp(p, "/laporan") == 0 && !json) {
			web_range_fail(r, out, &g, 400, "Laporan", "/laporan");
			return 1;
		}
		out->status = 400;
		out->type = "text/plain; charset=utf-8";
		wbuf_str(&out->body, g.error);
		wbuf_str(&out->body, "\n");
		return 1;
	}
	if (strcmp(p, "/laporan/tunggu.svg") == 0)
		which = REPORT_CHART_WAITS;
	if (strcmp(p, "/laporan") != 0)
		return chart(r, out, &g, which);
	if (!json)
		return report_page(r, out, &g);
	/* The summary exactly as antre-report summary --json prints it:
	 * the same runner, the same skip, the same printer. */
	if (web_report_print(r, out, &g, REPORT_ALL, report_print_summary,
	    FORMAT_JSON, ',') == -1) {
		wbuf_reset(&out->body);
		out->status = 500;
		out->type = "text/plain; charset=utf-8";
		wbuf_str(&out->body, "Log kejadian tidak dapat dibaca.\n");
		return 1;
	}
	out->status = 200;
	out->type = "application/json";
	return 1;
}
