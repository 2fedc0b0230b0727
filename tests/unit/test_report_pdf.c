/*
 * test_report_pdf.c - antre-report pdf, read back with poppler's tools:
 * the fixture log's figures (computed by hand in test_report.c) as
 * pdftotext finds them, every font embedded (pdffonts), the pages as
 * pdftoppm draws them (none blank, the charts' bars where the charts
 * are); 26 services and 30 or 64 desks over every half hour of a day,
 * continued over pages under their header rows; an empty period; the
 * real program's errors (a missing directory, a full disk) leaving
 * nothing behind.
 *
 * poppler-utils is installed by scripts/setup: a missing tool fails.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo.h>

#include "report.h"
#include "report-fixture.h"
#include "report-pdf.h"
#include "store.h"

/* Monday 2026-03-09 10:30 UTC: "Dibuat" in every document here. */
#define NOW	1773052200

extern char **environ;

static char dir[64];		/* the tests' directory */
static char dbpath[96];		/* the fixture log in it */

/*
 * Runs argv (argv[0] from PATH) and returns its exit status, its
 * standard output and error in *out (malloc'ed). A program that cannot
 * be started fails the test: setup installs every one.
 */
static int
run_tool(char **out, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	size_t len = 0, cap = 4096;
	ssize_t n;
	pid_t pid;
	int fds[2], st, rc;

	assert_int_equal(pipe(fds), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0)
		fail_msg("%s: %s (scripts/setup installs it)", argv[0],
		    strerror(rc));
	assert_non_null(*out = malloc(cap));
	while ((n = read(fds[0], *out + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 1024)
			assert_non_null(*out = realloc(*out, cap *= 2));
	}
	(*out)[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		fail_msg("%s: not found (scripts/setup installs it)", argv[0]);
	if (!WIFEXITED(st))
		fail_msg("%s: killed by signal %d:\n%s", argv[0],
		    WTERMSIG(st), *out);
	return WEXITSTATUS(st);
}

/* Not inlined: gcc 12 at -O3 then takes the text for a pointer to the
 * local out itself (-Wdangling-pointer). */
static __attribute__((noinline)) char *
pdf_text(const char *pdf, const char *extra)
{
	char *argv[] = { "pdftotext", (char *)extra, (char *)pdf, "-", NULL };
	char *out;

	if (run_tool(&out, argv) != 0)
		fail_msg("pdftotext %s %s: %s", extra, pdf, out);
	return out;
}

static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* The next line at or after p that starts (after spaces) with the word
 * or words head, or NULL. */
static const char *
line_from(const char *p, const char *head)
{
	for (; p != NULL; p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 :
	    NULL) {
		while (*p == ' ')
			p++;
		if (strncmp(p, head, strlen(head)) == 0 &&
		    p[strlen(head)] == ' ')
			return p;
	}
	return NULL;
}

/*
 * The line of text that starts with head, at or after from, with every
 * run of spaces made one: pdftotext -layout lines up a table's columns
 * with spaces.
 */
static char *
table_line(const char *text, const char *from, const char *head)
{
	const char *p = strstr(text, from), *s;
	char *line, *o;

	assert_non_null(p);
	if ((p = line_from(p, head)) == NULL)
		fail_msg("no line \"%s...\" after \"%s\"", head, from);
	assert_non_null(line = calloc(1, strcspn(p, "\n") + 1));
	for (s = p, o = line; *s != '\0' && *s != '\n'; s++)
		if (*s != ' ' || (o > line && o[-1] != ' '))
			*o++ = *s;
	while (o > line && o[-1] == ' ')
		o--;
	*o = '\0';
	return line;
}

static void
expect_line(const char *text, const char *from, const char *head,
    const char *want)
{
	char *line = table_line(text, from, head);

	if (strcmp(line, want) != 0)
		fail_msg("wanted \"%s\", the PDF has \"%s\"", want, line);
	free(line);
}

/* Every font of the PDF is embedded (pdffonts' "emb" column). */
static void
expect_fonts_embedded(const char *pdf)
{
	char *argv[] = { "pdffonts", (char *)pdf, NULL };
	char *out, *line, *save = NULL, *tok[16];
	int fonts = 0, n;

	if (run_tool(&out, argv) != 0)
		fail_msg("pdffonts %s: %s", pdf, out);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "name ", 5) == 0 || line[0] == '-')
			continue;
		/* The type may have spaces: count from the right. */
		for (n = 0, tok[0] = strtok(line, " "); tok[n] != NULL &&
		    n < 15; tok[++n] = strtok(NULL, " "))
			;
		assert_true(n >= 7);
		if (strcmp(tok[n - 5], "yes") != 0)
			fail_msg("font %s not embedded", tok[0]);
		assert_non_null(strstr(tok[0], "DejaVuSans"));
		fonts++;
	}
	assert_true(fonts >= 2);	/* regular and bold at least */
	free(out);
}

/* The document's title, creator, creation date (NOW) and pages. */
static void
expect_info(const char *pdf, const char *title, int pages)
{
	char *argv[] = { "pdfinfo", "-isodates", (char *)pdf, NULL };
	char *out, want[256];

	if (run_tool(&out, argv) != 0)
		fail_msg("pdfinfo %s: %s", pdf, out);
	snprintf(want, sizeof(want), "Pages:           %d\n", pages);
	if (strstr(out, title) == NULL ||
	    strstr(out, "Creator:         antre-report\n") == NULL ||
	    strstr(out, "CreationDate:    2026-03-09T10:30:00Z\n") == NULL ||
	    strstr(out, "Page size:       595 x 842 pts (A4)") == NULL ||
	    strstr(out, want) == NULL)
		fail_msg("%s", out);
	free(out);
}

/* A page as pdftoppm -r 50 draws it. */
static cairo_surface_t *
page_png(const char *prefix, int page, int pages)
{
	char path[PATH_MAX];
	cairo_surface_t *png;

	/* pdftoppm pads the page number to the last page's digits. */
	if (snprintf(path, sizeof(path), "%s-%0*d.png", prefix, pages >= 100 ?
	    3 : pages >= 10 ? 2 : 1, page) >= (int)sizeof(path))
		fail_msg("%s: path too long", prefix);
	png = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS)
		fail_msg("%s: %s", path, cairo_status_to_string(
		    cairo_surface_status(png)));
	unlink(path);
	return png;
}

enum pixel {
	PX_INK,		/* anything not white */
	PX_COLOUR,	/* a saturated colour: bars, not text or grid */
};

/* Pixels of a kind in rows top..bottom (points) of a page drawn at 50 dpi. */
static int
pixels(cairo_surface_t *png, double top_pt, double bottom_pt, enum pixel kind)
{
	const unsigned char *data = cairo_image_surface_get_data(png);
	int stride = cairo_image_surface_get_stride(png);
	int w = cairo_image_surface_get_width(png);
	int h = cairo_image_surface_get_height(png);
	int top = (int)(top_pt * 50 / 72), bottom = (int)(bottom_pt * 50 / 72);
	int x, y, n = 0, r, g, b, hi, lo;
	uint32_t px;

	cairo_surface_flush(png);
	for (y = top < 0 ? 0 : top; y < h && y < bottom; y++)
		for (x = 0; x < w; x++) {
			px = *(const uint32_t *)(data + y * stride + x * 4);
			r = px >> 16 & 0xff;
			g = px >> 8 & 0xff;
			b = px & 0xff;
			hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
			lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
			if (kind == PX_INK ? lo < 200 : hi - lo > 80 &&
			    hi > 140)
				n++;
		}
	return n;
}

/*
 * Where pdftotext -bbox puts the first word w on page 1 that lies below
 * y (points): its top and bottom.
 */
static void
word_at(const char *bbox, const char *w, double below, double *top,
    double *bottom)
{
	char want[64];
	const char *p = bbox, *tag;

	snprintf(want, sizeof(want), ">%s</word>", w);
	while ((p = strstr(p, want)) != NULL) {
		for (tag = p; tag > bbox && strncmp(tag, "<word ", 6) != 0;
		    tag--)
			;
		assert_int_equal(sscanf(tag, "<word xMin=\"%*f\" yMin=\"%lf\" "
		    "xMax=\"%*f\" yMax=\"%lf\"", top, bottom), 2);
		if (*top > below)
			return;
		p++;
	}
	fail_msg("no word \"%s\" below %.0f pt", w, below);
}

/* Renders pdf and checks pages of it; returns page 1 (to be freed). */
static cairo_surface_t *
expect_pages(const char *pdf, int pages)
{
	char prefix[PATH_MAX], *out;
	char *argv[] = { "pdftoppm", "-r", "50", "-png", (char *)pdf, prefix,
	    NULL };
	cairo_surface_t *png, *first = NULL;
	int i;

	snprintf(prefix, sizeof(prefix), "%s/page", dir);
	if (run_tool(&out, argv) != 0)
		fail_msg("pdftoppm %s: %s", pdf, out);
	free(out);
	for (i = 1; i <= pages; i++) {
		png = page_png(prefix, i, pages);
		assert_int_equal(cairo_image_surface_get_width(png), 414);
		assert_int_equal(cairo_image_surface_get_height(png), 585);
		/* Not blank: a page header and footer at least. */
		if (pixels(png, 0, 842, PX_INK) < 400)
			fail_msg("page %d of %s is blank", i, pdf);
		if (i == 1)
			first = png;
		else
			cairo_surface_destroy(png);
	}
	/* No page more. */
	snprintf(prefix, sizeof(prefix), "%s/page-%d.png", dir, pages + 1);
	assert_int_equal(access(prefix, F_OK), -1);
	return first;
}

static void
fixture_report(struct report *r, const char *from, const char *to)
{
	struct report_query q;
	struct store *s;

	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "%s", from);
	snprintf(q.to, sizeof(q.to), "%s", to);
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(report_run(r, s, &q, &fixture_services), 0);
	store_close(s);
}

static char *
write_pdf(const struct report *r, const char *name, int *pages)
{
	char path[PATH_MAX], why[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (report_pdf_write(r, path, "Mal Pelayanan Publik Kabupaten "
	    "Contoh", NOW, pages, why, sizeof(why)) == -1)
		fail_msg("%s", why);
	return strdup(path);
}

/*
 * The two days of the fixture: the figures as test_report.c has them,
 * in minutes with a decimal comma; the desks' times in hours:minutes.
 * Waits 2 5 5 7 10 16 18 20 30 51 55 55 (p90 55: bins of 5 minutes).
 */
static void
test_fixture(void **state)
{
	cairo_surface_t *png;
	struct report r;
	char *pdf, *text, *bbox;
	double top, bottom, end, hist;
	int pages;

	(void)state;
	fixture_report(&r, "2026-03-02", "2026-03-03");
	pdf = write_pdf(&r, "fixture.pdf", &pages);
	report_free(&r);
	assert_int_equal(pages, 1);

	text = pdf_text(pdf, "-layout");
	assert_non_null(strstr(text, "Mal Pelayanan Publik Kabupaten Contoh"));
	assert_non_null(strstr(text, "Laporan Layanan Antrean"));
	assert_non_null(strstr(text, "Periode: 2 Maret 2026 \u2013 "
	    "3 Maret 2026 (2 hari layanan)"));
	assert_non_null(strstr(text, "Dibuat: Senin, 9 Maret 2026 pukul "
	    "10:30"));
	expect_line(text, "Ringkasan", "A \u2013 KTP, KK",
	    "A \u2013 KTP, KK 8 7 7 0 0 1 20,0 55,0 55,0 10,0 15,0 62,5%");
	expect_line(text, "Ringkasan", "B \u2013 BPJS; Kesehatan",
	    "B \u2013 BPJS; Kesehatan 6 5 4 1 1 1 7,0 51,0 51,0 10,0 20,0 "
	    "40,0%");
	expect_line(text, "Ringkasan", "C \u2013 Perizinan",
	    "C \u2013 Perizinan 1 1 1 0 0 0 \u2013 \u2013 \u2013 6,0 6,0 "
	    "\u2013");
	expect_line(text, "Ringkasan", "Total",
	    "Total 15 13 12 1 1 2 16,0 55,0 55,0 10,0 17,0 53,8%");
	expect_line(text, "Kinerja per loket", "Loket 1",
	    "Loket 1 8 0 1 10,0 1:35 0:31 1:00");
	expect_line(text, "Kinerja per loket", "Loket 2",
	    "Loket 2 4 1 0 10,0 1:17 0:51 1:00");
	expect_line(text, "Kinerja per loket", "Total",
	    "Total 12 1 1 10,0 2:52 1:22 2:00");
	assert_non_null(strstr(text, "12 tiket dengan waktu tunggu tercatat; "
	    "median 16,0 menit, p90 55,0 menit. 1 tiket roll tanpa waktu "
	    "terbit tidak dihitung."));
	assert_non_null(strstr(text, "55\u201360"));
	assert_non_null(strstr(text, "\u2265 60"));
	assert_non_null(strstr(text, "Kedatangan"));
	assert_non_null(strstr(text, "Panggilan"));
	assert_non_null(strstr(text, "08:00"));
	assert_int_equal(count(text, "Halaman 1 dari 1"), 1);
	assert_int_equal(count(text, "Menganggur"), 1);
	assert_null(strstr(text, "lanjutan"));
	free(text);

	expect_fonts_embedded(pdf);
	expect_info(pdf, "Laporan Layanan Antrean, Mal Pelayanan Publik "
	    "Kabupaten Contoh, 2 Maret 2026 \u2013 3 Maret 2026", 1);

	/*
	 * The charts: their coloured bars below their titles (found with
	 * pdftotext -bbox), and no such colour above them (the header and
	 * the table are black, grey and dark blue).
	 */
	bbox = pdf_text(pdf, "-bbox");
	png = expect_pages(pdf, 1);
	word_at(bbox, "setengah", 0, &top, &bottom);
	if (pixels(png, 0, top, PX_COLOUR) > 50)
		fail_msg("colour above the charts");
	word_at(bbox, "Sebaran", bottom, &end, &hist);
	if (pixels(png, bottom + 12, end, PX_COLOUR) < 1500)
		fail_msg("no arrivals and calls bars between %.0f and %.0f pt",
		    bottom, end);
	if (pixels(png, hist + 2, hist + 170, PX_COLOUR) < 800)
		fail_msg("no histogram below %.0f pt", hist);
	cairo_surface_destroy(png);
	free(bbox);
	unlink(pdf);
	free(pdf);
}

/* One desk and one service: the filters in the header. */
static void
test_filters(void **state)
{
	struct report_query q;
	cairo_surface_t *png;
	struct report r;
	struct store *s;
	char *pdf, *text;
	int pages;

	(void)state;
	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "2026-03-02");
	snprintf(q.to, sizeof(q.to), "2026-03-03");
	q.service = 'B';
	q.desk = 2;
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(report_run(&r, s, &q, &fixture_services), 0);
	store_close(s);
	pdf = write_pdf(&r, "filters.pdf", &pages);
	report_free(&r);
	text = pdf_text(pdf, "-layout");
	/* The desk's name says its number: not said twice. */
	assert_non_null(strstr(text, "Layanan: B \u2013 BPJS; Kesehatan \u00b7 "
	    "Loket: Loket 2\n"));
	/* Desk 2's B tickets: called 4, served 2, no-show 1, transferred
	 * 1; issued and unserved belong to the hall. Waits 7 2 51 | 5,
	 * service times 20 17 10 | 14. */
	expect_line(text, "Ringkasan", "B \u2013 BPJS; Kesehatan",
	    "B \u2013 BPJS; Kesehatan \u2013 4 2 1 1 \u2013 5,0 51,0 51,0 "
	    "14,0 20,0 \u2013");
	/* Arrivals belong to the hall, not to a desk. */
	assert_non_null(strstr(text, "kedatangan milik aula"));
	free(text);
	png = expect_pages(pdf, pages);
	cairo_surface_destroy(png);
	unlink(pdf);
	free(pdf);
}

/* Days without a single event. */
static void
test_empty(void **state)
{
	cairo_surface_t *png;
	struct report r;
	char *pdf, *text;
	int pages;

	(void)state;
	fixture_report(&r, "2026-03-10", "2026-03-12");
	pdf = write_pdf(&r, "empty.pdf", &pages);
	report_free(&r);
	assert_int_equal(pages, 1);
	text = pdf_text(pdf, "-layout");
	assert_non_null(strstr(text, "Tidak ada data pada periode ini"));
	assert_non_null(strstr(text, "Periode: 10 Maret 2026 \u2013 "
	    "12 Maret 2026\n"));
	assert_non_null(strstr(text, "Halaman 1 dari 1"));
	assert_null(strstr(text, "Ringkasan"));
	assert_null(strstr(text, "Kedatangan"));
	free(text);
	expect_fonts_embedded(pdf);
	png = expect_pages(pdf, 1);
	assert_true(pixels(png, 0, 842, PX_COLOUR) < 600);
	cairo_surface_destroy(png);
	unlink(pdf);
	free(pdf);
}

/*
 * A big hall's day fed by hand: 26 services, ndesks desks, each desk
 * calling a ticket every half hour of the day (all 48 slots) and
 * serving it in 4 minutes.
 */
static void
big_report(struct report *r, int ndesks)
{
	static char hhmm[24 * 60][6];
	static struct queue_conf conf;
	struct report_query q = { "2026-03-02", "2026-03-02", 0, 0, 0 };
	struct event ev;
	struct fx f;
	int d, k, numbers[26] = { 0 }, issued, called, letter, i = 0;

	for (k = 0; k < 24 * 60; k++)
		snprintf(hhmm[k], sizeof(hhmm[k]), "%02d:%02d", k / 60,
		    k % 60);
	memset(&conf, 0, sizeof(conf));
	conf.nservices = 26;
	for (k = 0; k < 26; k++) {
		conf.services[k].letter = 'A' + k;
		snprintf(conf.services[k].name, sizeof(conf.services[k].name),
		    "Layanan Nomor %c", 'A' + k);
		conf.services[k].target_wait_min = 20;
	}
	assert_int_equal(report_init(r, &q), 0);
	/* Half hour by half hour, desk by desk: each desk's events in the
	 * order of time, which is what its figures need. */
	for (k = 0; k < 48; k++)
		for (d = 1; d <= ndesks; d++) {
			letter = (d + k) % 26;
			issued = k * 30 + d % 10;
			called = issued + d % 15;
			memset(&f, 0, sizeof(f));
			f.service = 'A' + letter;
			f.number = ++numbers[letter];
			f.at = hhmm[issued];
			f.kind = EV_ISSUED;
			ev = fx_event(&f, i++);
			assert_int_equal(report_feed(r, &ev), 0);
			f.desk = d;
			f.at = hhmm[called];
			f.kind = EV_CALLED;
			ev = fx_event(&f, i++);
			assert_int_equal(report_feed(r, &ev), 0);
			f.at = hhmm[called + 4];
			f.kind = EV_SERVED;
			ev = fx_event(&f, i++);
			assert_int_equal(report_feed(r, &ev), 0);
		}
	assert_int_equal(report_finish(r, &conf), 0);
	assert_int_equal(r->nrows, 27);
	assert_int_equal(r->nhours, 48 * 27);
	assert_int_equal(r->ndesks, ndesks + 1);
}

/* Lines of text that start with head. */
static int
count_lines(const char *text, const char *head)
{
	const char *p = text;
	int n = 0;

	while ((p = line_from(p, head)) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * Every page numbered and every line once; the desks' table on parts
 * pages, each part under its title ("lanjutan" after the first) and its
 * header row. Each desk served 48 tickets in 4 minutes each (3:12) over
 * a day from its first call to its last service, 23:34 (idle 20:22).
 */
static void
check_big(int ndesks, int want_pages, int parts, const char *total)
{
	cairo_surface_t *png;
	struct report r;
	char *pdf, *text, head[64], want[96];
	int pages, k;

	big_report(&r, ndesks);
	pdf = write_pdf(&r, "big.pdf", &pages);
	report_free(&r);
	assert_int_equal(pages, want_pages);
	text = pdf_text(pdf, "-layout");
	for (k = 1; k <= pages; k++) {
		snprintf(want, sizeof(want), "Halaman %d dari %d", k, pages);
		assert_int_equal(count(text, want), 1);
	}
	/* Each service's row once. Its name may wrap onto a second line
	 * where the fonts are a little wider (Debian 13: "W"), so only the
	 * start of the name is looked for. */
	for (k = 0; k < 26; k++) {
		snprintf(head, sizeof(head), "%c \u2013 Layanan Nomor",
		    'A' + k);
		assert_int_equal(count_lines(text, head), 1);
	}
	for (k = 1; k <= ndesks; k++) {
		snprintf(head, sizeof(head), "Loket %d", k);
		snprintf(want, sizeof(want), "Loket %d 48 0 0 4,0 3:12 20:22 "
		    "0:00", k);
		expect_line(text, "Kinerja per loket", head, want);
		assert_int_equal(count_lines(text, head), 1);
	}
	expect_line(text, "Kinerja per loket", "Total", total);
	assert_int_equal(count(text, "Kinerja per loket"), parts);
	assert_int_equal(count(text, "Kinerja per loket (lanjutan)"),
	    parts - 1);
	assert_int_equal(count(text, "Menganggur"), parts);
	/* The summary on page 1 whole. */
	assert_int_equal(count(text, "Diterbitkan"), 1);
	free(text);
	png = expect_pages(pdf, pages);
	cairo_surface_destroy(png);
	unlink(pdf);
	free(pdf);
}

/* 30 desks fit on page 2 under the histogram; 64 go on on page 3. */
static void
test_big(void **state)
{
	(void)state;
	check_big(30, 2, 1, "Total 1.440 0 0 4,0 96:00 611:00 0:00");
	check_big(64, 3, 2, "Total 3.072 0 0 4,0 204:48 1.303:28 0:00");
}

/* The height pdftotext -bbox gives the first word w below y. */
static double
word_height(const char *bbox, const char *w, double below)
{
	double top, bottom;

	word_at(bbox, w, below, &top, &bottom);
	return bottom - top;
}

#define OFFICE	"Mal Pelayanan Publik Kabupaten Kepulauan Seribu Utara " \
	"dan Selatan Provinsi Daerah Khusus Ibukota Jakarta"

/*
 * Names as an office writes them: a service's name too long for its
 * column takes a second line in the same size as the others' (it was
 * shrunk); a desk named with its number is not numbered again ("Loket 2
 * \u2013 Loket 2 Dukcapil"), one named without is; the hall's long name
 * wraps on page 1 and is shortened at a word on page 2's header.
 */
static void
test_names(void **state)
{
	char path[PATH_MAX], why[PATH_MAX + 256], *text, *bbox, *p2, *cut;
	const char *line;
	struct report r;
	double h;
	size_t n;
	int pages;

	(void)state;
	big_report(&r, 30);
	snprintf(r.rows[4].name, sizeof(r.rows[4].name), "Pemeriksaan "
	    "Kesehatan Calon Jamaah Haji");
	snprintf(r.desks[1].name, sizeof(r.desks[1].name), "Loket 2 Dukcapil");
	snprintf(r.desks[11].name, sizeof(r.desks[11].name), "Dukcapil 2");
	snprintf(path, sizeof(path), "%s/names.pdf", dir);
	if (report_pdf_write(&r, path, OFFICE, NOW, &pages, why,
	    sizeof(why)) == -1)
		fail_msg("%s", why);
	report_free(&r);
	assert_int_equal(pages, 2);
	text = pdf_text(path, "-layout");
	expect_line(text, "Kinerja per loket", "Loket 2 Dukcapil",
	    "Loket 2 Dukcapil 48 0 0 4,0 3:12 20:22 0:00");
	expect_line(text, "Kinerja per loket", "Loket 12",
	    "Loket 12 \u2013 Dukcapil 2 48 0 0 4,0 3:12 20:22 0:00");
	assert_null(strstr(text, "Loket 2 \u2013"));
	/* The service's row: its first line with the figures, the rest of
	 * its name on the next. E is desk d's at half hour k when d + k is
	 * 4 modulo 26: 56 tickets, waits d % 15 minutes: 0 to 4 and 9 to
	 * 14 four times each, 5 to 8 three times: median (rank 28) 7, p90
	 * (rank 51) 13, max 14. */
	expect_line(text, "Ringkasan", "E \u2013 Pemeriksaan",
	    "E \u2013 Pemeriksaan 56 56 56 0 0 0 7,0 13,0 14,0 4,0 4,0 "
	    "100,0%");
	expect_line(text, "E \u2013 Pemeriksaan", "Kesehatan",
	    "Kesehatan Calon Jamaah Haji");
	/* Page 1's title whole, over two lines; page 2's header line: the
	 * name cut after a whole word, then the title and the period. */
	assert_non_null(p2 = strchr(text, '\f'));
	assert_non_null(strstr(text, "Provinsi Daerah Khusus Ibukota Jakarta"));
	assert_true(strstr(text, "Jakarta") < p2);
	line = p2 + 1 + strspn(p2 + 1, " ");
	assert_non_null(cut = strstr(line, "\u2026 \u00b7 Laporan Layanan "
	    "Antrean"));
	n = (size_t)(cut - line);
	assert_true(n > 20 && n < strlen(OFFICE));
	assert_memory_equal(line, OFFICE, n);
	assert_true(OFFICE[n] == ' ');
	assert_non_null(strstr(cut, "Antrean   "));
	assert_true(strstr(cut, "Periode: 2 Maret 2026 (1 hari layanan)\n") <
	    strchr(cut, '\n') + 1);
	free(text);
	/* One size for the column: the long name's words as tall as a
	 * short one's. */
	bbox = pdf_text(path, "-bbox");
	h = word_height(bbox, "Nomor", 0);
	if (word_height(bbox, "Pemeriksaan", 0) - h > 0.01 ||
	    word_height(bbox, "Pemeriksaan", 0) - h < -0.01 ||
	    word_height(bbox, "Calon", 0) - h > 0.01 ||
	    word_height(bbox, "Calon", 0) - h < -0.01)
		fail_msg("Pemeriksaan %.2f, Calon %.2f, Nomor %.2f pt high",
		    word_height(bbox, "Pemeriksaan", 0),
		    word_height(bbox, "Calon", 0), word_height(bbox, "Nomor", 0));
	free(bbox);
	unlink(path);
}

/* The real program: its output, usage errors, a missing directory. */
static void
test_cli(void **state)
{
	char *argv[16], path[PATH_MAX], conf[PATH_MAX], *out;
	struct dirent *de;
	FILE *f;
	DIR *dp;
	int files = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/cli.pdf", dir);
	argv[0] = ANTRE_REPORT_BIN;
	argv[1] = "-D";
	argv[2] = dbpath;
	argv[3] = "pdf";
	argv[4] = path;
	argv[5] = "--from";
	argv[6] = "2026-03-02";
	argv[7] = "--to";
	argv[8] = "2026-03-03";
	argv[9] = NULL;
	assert_int_equal(run_tool(&out, argv), 0);
	assert_non_null(strstr(out, "cli.pdf: 1 page\n"));
	free(out);
	out = pdf_text(path, "-layout");
	/* Without -f: no office name, no names, no targets. */
	assert_non_null(strstr(out, "Antre\n"));
	expect_line(out, "Ringkasan", "A", "A 8 7 7 0 0 1 20,0 55,0 55,0 "
	    "10,0 15,0 \u2013");
	free(out);
	unlink(path);

	/* No temporary file left beside it. */
	assert_non_null(dp = opendir(dir));
	while ((de = readdir(dp)) != NULL)
		if (strstr(de->d_name, ".tmp") != NULL)
			files++;
	closedir(dp);
	assert_int_equal(files, 0);

	snprintf(path, sizeof(path), "%s/nowhere/cli.pdf", dir);
	assert_int_equal(run_tool(&out, argv), 1);
	if (strstr(out, "antre-report: pdf: ") == NULL ||
	    strstr(out, path) == NULL ||
	    strstr(out, "No such file or directory") == NULL)
		fail_msg("%s", out);
	free(out);

	/* The hall's name from -f, as it is written (no markup). */
	snprintf(conf, sizeof(conf), "%s/hall.conf", dir);
	assert_non_null(f = fopen(conf, "w"));
	fputs("[hall]\nid = contoh\nname = MPP <Kota> & Kabupaten\n\n"
	    "[service A]\nname = KTP, KK\nsource = kiosk\ntarget_wait = 30\n"
	    "\n[desk 1]\nname = Loket 1\nservices = A\n", f);
	assert_int_equal(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/cli.pdf", dir);
	argv[1] = "-f";
	argv[2] = conf;
	argv[9] = "-D";
	argv[10] = dbpath;
	argv[11] = NULL;
	assert_int_equal(run_tool(&out, argv), 0);
	free(out);
	out = pdf_text(path, "-layout");
	assert_non_null(strstr(out, "MPP <Kota> & Kabupaten\n"));
	expect_line(out, "Ringkasan", "A \u2013 KTP, KK",
	    "A \u2013 KTP, KK 8 7 7 0 0 1 20,0 55,0 55,0 10,0 15,0 62,5%");
	free(out);
	unlink(path);
	unlink(conf);

	argv[4] = NULL;
	assert_int_equal(run_tool(&out, argv), 2);
	assert_non_null(strstr(out, "pdf takes one file"));
	free(out);
	argv[4] = path;
	argv[9] = "--csv";
	argv[10] = NULL;
	assert_int_equal(run_tool(&out, argv), 2);
	assert_non_null(strstr(out, "pdf takes neither --csv nor --json"));
	free(out);
}

/*
 * A full disk: a tmpfs too small for the document, in a mount namespace
 * of its own (unshare -rm; skipped where it cannot mount). The error
 * names the file and the reason, and the directory stays empty; with
 * room, the one file.
 */
static void
test_full_disk(void **state)
{
	char script[1024], disk[96], *out;
	char *argv[] = { "unshare", "-rm", "sh", "-c", script, NULL };
	int kib;

	(void)state;
	snprintf(disk, sizeof(disk), "%s/disk", dir);
	assert_int_equal(mkdir(disk, 0755), 0);
	for (kib = 8; kib <= 512; kib += 504) {
		snprintf(script, sizeof(script), "mount -t tmpfs -o size=%dk "
		    "none %s || exit 99; %s -D %s pdf %s/full.pdf --from "
		    "2026-03-02 --to 2026-03-03; echo \"rc=$?\"; ls -A %s",
		    kib, disk, ANTRE_REPORT_BIN, dbpath, disk, disk);
		if (run_tool(&out, argv) == 99) {
			free(out);
			rmdir(disk);
			skip();
		}
		if (kib == 8 && (strstr(out, "antre-report: pdf: ") == NULL ||
		    strstr(out, "/full.pdf: No space left on device\n") ==
		    NULL || strstr(out, "rc=1\n") == NULL ||
		    strstr(out, "rc=1\n")[5] != '\0'))
			fail_msg("%d KiB: %s", kib, out);
		if (kib > 8 && strstr(out, "rc=0\nfull.pdf\n") == NULL)
			fail_msg("%d KiB: %s", kib, out);
		free(out);
	}
	assert_int_equal(rmdir(disk), 0);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/antre-pdf-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/fixture.db", dir);
	return fixture_write(dbpath);
}

/* Everything in the directory: a failed test leaves its files. */
static int
teardown(void **state)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dp;

	(void)state;
	if ((dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (unlink(path) == -1)
				rmdir(path);
		}
		closedir(dp);
	}
	rmdir(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_full_disk),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
