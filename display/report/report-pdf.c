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
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "atomicfile.h"
#include "render.h"
#include "report.h"

#define PAGE_W		595.0	/* A4 in points */
#define PAGE_H		842.0
#define MARGIN		40.0
#define BODY_W		(PAGE_W - 2 * MARGIN)
#define BODY_END	(PAGE_H - MARGIN - 16)	/* the footer is below */
#define PAGE_TOP	(MARGIN + 22)	/* the body of pages after the first */
#define FONT		"DejaVu Sans"

#define SECTION_H	24.0	/* a section's title */
#define HEAD_H		22.0	/* a table's header row: two lines */
#define ROW_H		12.5
#define CELL_PT		7.0
#define HEAD_PT		6.5
#define NOTE_PT		6.5
#define CHART_H		150.0	/* the plot area of a chart */
#define HIST_BINS	12	/* and one more for the longer waits */
#define CELL		96	/* a name (PROTO_NAME_MAX) and its number */
#define MAXCOLS		16

/* text() flags */
#define T_LEFT		0x00
#define T_RIGHT		0x01
#define T_CENTER	0x02
#define T_BOLD		0x04
#define T_NARROW	0x08	/* condensed: table cells */
#define T_WRAP		0x10	/* lines broken at w, not ellipsized */
#define T_SHRINK	0x20	/* smaller, down to SHRINK, before ellipsis */
#define SHRINK		0.8

static const struct rgb ink = { 0.13, 0.13, 0.15 };
static const struct rgb muted = { 0.42, 0.44, 0.48 };
static const struct rgb rule = { 0.70, 0.72, 0.75 };
static const struct rgb grid = { 0.88, 0.89, 0.91 };
static const struct rgb zebra = { 0.955, 0.96, 0.97 };
static const struct rgb band = { 0.90, 0.93, 0.97 };	/* header rows */
static const struct rgb title = { 0.05, 0.22, 0.45 };
static const struct rgb c_arrivals = { 0.16, 0.42, 0.73 };
static const struct rgb c_calls = { 0.96, 0.58, 0.18 };
static const struct rgb c_desks = { 0.10, 0.55, 0.33 };
static const struct rgb c_waits = { 0.30, 0.52, 0.70 };

struct pdf {
	cairo_t			*cr;
	PangoLayout		*pl;
	int			 draw;	/* 0: measuring only */
	const struct report	*r;
	const char		*office;
	char			 period[192];
	char			 made[128];	/* "Dibuat: ..." */
	int			 page;		/* from 1 */
	int			 npages;
	double			 y;		/* where the next block goes */
	double			 text_h;	/* height of the last text */
};

struct col {
	const char	*head;		/* two lines: "Tidak\nhadir" */
	double		 w;
	int		 flags;		/* T_LEFT or T_RIGHT */
};

/* A heading over some columns, on the first line of the header row. */
struct group {
	const char	*head;
	int		 first, n;
};

struct table {
	const char		*title;
	const struct col	*cols;
	int			 ncols;
	const struct group	*groups;
	int			 ngroups;
};

/* Fills the cells of line i; returns 1 for a total line. */
typedef int	row_fn(const struct report *r, int i, char cells[][CELL]);

static void
set_rgb(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void
text_font(struct pdf *p, double size, int flags)
{
	PangoFontDescription *fd;

	fd = pango_font_description_new();
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, flags & T_BOLD ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_stretch(fd, flags & T_NARROW ?
	    PANGO_STRETCH_CONDENSED : PANGO_STRETCH_NORMAL);
	pango_layout_set_font_description(p->pl, fd);
	pango_font_description_free(fd);
}

/*
 * Places s with its top left at x, y in a box w wide (0: as wide as it
 * is), ellipsized or, with T_WRAP, broken into lines. Returns its width;
 * its height is left in p->text_h. Measures the same whether drawn or
 * not.
 */
static double
text(struct pdf *p, double x, double y, double w, double size, int flags,
    const char *s)
{
	PangoRectangle logical;
	PangoAlignment align = PANGO_ALIGN_LEFT;
	double fit;

	text_font(p, size, flags);
	pango_layout_set_text(p->pl, s, -1);
	if ((flags & T_SHRINK) && w > 0) {
		pango_layout_set_width(p->pl, -1);
		pango_layout_get_extents(p->pl, NULL, &logical);
		if (logical.width > w * PANGO_SCALE) {
			fit = fmax(w * PANGO_SCALE / logical.width, SHRINK);
			text_font(p, size * fit, flags);
			/* On the line of its neighbours. */
			y += size * (1 - fit) * 0.8;
		}
	}
	if (flags & T_RIGHT)
		align = PANGO_ALIGN_RIGHT;
	else if (flags & T_CENTER)
		align = PANGO_ALIGN_CENTER;
	pango_layout_set_alignment(p->pl, align);
	pango_layout_set_width(p->pl, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_ellipsize(p->pl, w > 0 && !(flags & T_WRAP) ?
	    PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(p->pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_get_extents(p->pl, NULL, &logical);
	p->text_h = (double)logical.height / PANGO_SCALE;
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->pl);
	}
	return (double)logical.width / PANGO_SCALE;
}

/* text() drawing nothing: the width, and the height in p->text_h. */
static double
measure(struct pdf *p, double w, double size, int flags, const char *s)
{
	int drawing = p->draw;
	double width;

	p->draw = 0;
	width = text(p, 0, 0, w, size, flags, s);
	p->draw = drawing;
	return width;
}

/* Text turned a quarter to the left, centred on x, y: a y axis' name. */
static void
text_up(struct pdf *p, double x, double y, double size, const char *s)
{
	double w;

	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_rotate(p->cr, -M_PI / 2);
	pango_cairo_update_layout(p->cr, p->pl);
	w = measure(p, 0, size, T_LEFT, s);
	text(p, -w / 2, -p->text_h / 2, 0, size, T_LEFT, s);
	cairo_restore(p->cr);
	pango_cairo_update_layout(p->cr, p->pl);
}

static void
line(struct pdf *p, double xa, double ya, double xb, double yb, double width,
    const struct rgb *c)
{
	if (!p->draw)
		return;
	set_rgb(p->cr, c);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, xa, ya);
	cairo_line_to(p->cr, xb, yb);
	cairo_stroke(p->cr);
}

static void
box(struct pdf *p, double x, double y, double w, double h,
    const struct rgb *c)
{
	if (!p->draw || w <= 0 || h <= 0)
		return;
	set_rgb(p->cr, c);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

/* --- figures as the reader reads them -------------------------------- */

static void
dash(char *c)
{
	snprintf(c, CELL, "\u2013");
}

/* 12345 -> "12.345": Indonesian groups thousands with a dot. */
static void
fmt_count(char *c, int v)
{
	char digits[16];
	int n, i, o = 0;

	if (v < 0) {
		dash(c);
		return;
	}
	n = snprintf(digits, sizeof(digits), "%d", v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			c[o++] = '.';
		c[o++] = digits[i];
	}
	c[o] = '\0';
}

/* One decimal with a decimal comma: "12,5". */
static void
fmt_decimal(char *c, double v)
{
	char *dot;

	snprintf(c, CELL, "%.1f", v);
	if ((dot = strchr(c, '.')) != NULL)
		*dot = ',';
}

static void
fmt_minutes(char *c, int64_t ms)
{
	if (ms < 0)
		dash(c);
	else
		fmt_decimal(c, (double)ms / 60000.0);
}

/* Hours and minutes, "1.234:05", to the nearest minute. */
static void
fmt_hours(char *c, int64_t ms)
{
	int64_t min;
	size_t n;

	if (ms < 0) {
		dash(c);
		return;
	}
	min = (ms + 30000) / 60000;
	fmt_count(c, (int)(min / 60));
	n = strlen(c);
	snprintf(c + n, CELL - n, ":%02d", (int)(min % 60));
}

static void
fmt_share(char *c, int part, int of)
{
	size_t n;

	if (of <= 0) {
		dash(c);
		return;
	}
	fmt_decimal(c, 100.0 * part / of);
	n = strlen(c);
	snprintf(c + n, CELL - n, "%%");
}

/* "2 Maret 2026" for "2026-03-02": render_date() less the weekday. */
static void
fmt_day(char *buf, size_t len, const char *day)
{
	char full[64];
	const char *comma;
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3) {
		snprintf(buf, len, "%s", day);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_hour = 12;	/* far from any daylight saving change */
	tm.tm_isdst = -1;
	render_date((int64_t)mktime(&tm) * 1000, full, sizeof(full));
	comma = strchr(full, ',');
	snprintf(buf, len, "%s", comma != NULL ? comma + 2 : day);
}

/* --- pages ------------------------------------------------------------ */

/* "2 Maret 2026 \u2013 3 Maret 2026", or the one day. */
static void
fmt_period(char *buf, size_t len, const struct report *r)
{
	char from[40], to[40];	/* "30 September 2026" */

	fmt_day(from, sizeof(from), r->q.from);
	fmt_day(to, sizeof(to), r->q.to);
	if (strcmp(r->q.from, r->q.to) == 0)
		snprintf(buf, len, "%s", from);
	else
		snprintf(buf, len, "%s \u2013 %s", from, to);
}

static const char *
office_name(const char *office)
{
	return office != NULL && office[0] != '\0' ? office : "Antre";
}

static void
page_head(struct pdf *p)
{
	const struct report *r = p->r;
	char filter[160] = "", buf[96];
	const char *name;
	double y = MARGIN;

	if (p->page > 1) {
		/* Later pages: one line, so a loose page is still known. */
		if (p->draw)
			set_rgb(p->cr, &muted);
		snprintf(filter, sizeof(filter), "%s \u00b7 Laporan Layanan "
		    "Antrean", office_name(p->office));
		text(p, MARGIN, y, BODY_W * 0.55, 7, T_LEFT, filter);
		text(p, MARGIN + BODY_W * 0.55, y, BODY_W * 0.45, 7, T_RIGHT,
		    p->period);
		line(p, MARGIN, y + 12, PAGE_W - MARGIN, y + 12, 0.5, &rule);
		p->y = PAGE_TOP;
		return;
	}
	if (p->draw)
		set_rgb(p->cr, &ink);
	text(p, MARGIN, y, BODY_W, 15, T_BOLD, office_name(p->office));
	y += p->text_h + 2;
	if (p->draw)
		set_rgb(p->cr, &title);
	text(p, MARGIN, y, BODY_W, 12, T_LEFT, "Laporan Layanan Antrean");
	y += p->text_h + 4;
	if (p->draw)
		set_rgb(p->cr, &ink);
	text(p, MARGIN, y, BODY_W, 8.5, T_LEFT, p->period);
	y += p->text_h + 1;
	if (r->q.service != 0) {
		name = r->nrows > 0 ? r->rows[0].name : "";
		snprintf(filter, sizeof(filter), "Layanan: %c%s%s",
		    r->q.service, name[0] != '\0' ? " \u2013 " : "", name);
	}
	if (r->q.desk != 0) {
		name = r->ndesks > 0 ? r->desks[0].name : "";
		snprintf(buf, sizeof(buf), "Loket: %d%s%s", r->q.desk,
		    name[0] != '\0' ? " \u2013 " : "", name);
		if (filter[0] != '\0')
			strncat(filter, " \u00b7 ", sizeof(filter) -
			    strlen(filter) - 1);
		strncat(filter, buf, sizeof(filter) - strlen(filter) - 1);
	}
	if (filter[0] != '\0') {
		text(p, MARGIN, y, BODY_W, 8.5, T_LEFT, filter);
		y += p->text_h + 1;
	}
	if (p->draw)
		set_rgb(p->cr, &muted);
	text(p, MARGIN, y, BODY_W, 7, T_LEFT, p->made);
	y += p->text_h + 5;
	line(p, MARGIN, y, PAGE_W - MARGIN, y, 1.0, &title);
	p->y = y + 10;
}

static void
page_foot(struct pdf *p)
{
	char buf[64];
	double y = PAGE_H - MARGIN - 8;

	line(p, MARGIN, y - 3, PAGE_W - MARGIN, y - 3, 0.5, &rule);
	if (p->draw)
		set_rgb(p->cr, &muted);
	text(p, MARGIN, y, BODY_W * 0.7, 7, T_LEFT, p->period);
	snprintf(buf, sizeof(buf), "Halaman %d dari %d", p->page, p->npages);
	text(p, MARGIN + BODY_W * 0.7, y, BODY_W * 0.3, 7, T_RIGHT, buf);
	if (p->draw)
		cairo_show_page(p->cr);
}

static void
page_next(struct pdf *p)
{
	page_foot(p);
	p->page++;
	page_head(p);
}

/* Starts a new page unless h more points fit on this one. */
static void
need(struct pdf *p, double h)
{
	if (p->y + h > BODY_END)
		page_next(p);
}

/* A section's title, kept on one page with the keep points after it. */
static void
section(struct pdf *p, const char *name, const char *sub, double keep)
{
	double w;

	need(p, SECTION_H + keep);
	if (p->draw)
		set_rgb(p->cr, &title);
	w = text(p, MARGIN, p->y, BODY_W, 10, T_BOLD, name);
	if (sub != NULL) {
		if (p->draw)
			set_rgb(p->cr, &muted);
		text(p, MARGIN + w + 6, p->y + 2.5, BODY_W - w - 6, 7, T_LEFT,
		    sub);
	}
	p->y += SECTION_H - 6;
}

/* The height of a note(): its block and what comes after it are kept
 * on one page. */
static double
note_h(struct pdf *p, const char *s)
{
	measure(p, BODY_W, NOTE_PT, T_WRAP, s);
	return p->text_h + 4;
}

/* A small explanation under a table or chart, as many lines as needed. */
static void
note(struct pdf *p, const char *s)
{
	double h = note_h(p, s);

	need(p, h);
	if (p->draw)
		set_rgb(p->cr, &muted);
	text(p, MARGIN, p->y + 3, BODY_W, NOTE_PT, T_WRAP, s);
	p->y += h;
}

/* --- tables ----------------------------------------------------------- */

static void
table_head(struct pdf *p, const struct table *t)
{
	const struct col *c;
	double x, gx, gw, pad = 3;
	int g, k, two;

	box(p, MARGIN, p->y, BODY_W, HEAD_H, &band);
	if (p->draw)
		set_rgb(p->cr, &ink);
	for (g = 0; g < t->ngroups; g++) {
		gx = MARGIN;
		for (k = 0; k < t->groups[g].first; k++)
			gx += t->cols[k].w;
		gw = 0;
		for (k = 0; k < t->groups[g].n; k++)
			gw += t->cols[t->groups[g].first + k].w;
		text(p, gx, p->y + 2, gw, HEAD_PT, T_CENTER | T_BOLD |
		    T_NARROW, t->groups[g].head);
		line(p, gx + pad, p->y + HEAD_H / 2 + 0.5, gx + gw - pad,
		    p->y + HEAD_H / 2 + 0.5, 0.4, &rule);
		if (p->draw)
			set_rgb(p->cr, &ink);
	}
	x = MARGIN;
	for (k = 0; k < t->ncols; k++) {
		c = &t->cols[k];
		two = strchr(c->head, '\n') != NULL;
		text(p, x + pad, p->y + (two ? 2 : HEAD_H / 2 + 1.5),
		    c->w - 2 * pad, HEAD_PT, c->flags | T_BOLD | T_NARROW,
		    c->head);
		x += c->w;
	}
	p->y += HEAD_H;
	line(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6, &muted);
}

/* The table's lines from fill, on as many pages as they need, and the
 * note under them. */
static void
table(struct pdf *p, const struct table *t, const char *sub, int n,
    row_fn *fill, const char *below)
{
	char cells[MAXCOLS][CELL], cont[96];
	double x, pad = 3, whole, after = 2 + note_h(p, below);
	int i, k, total;

	/*
	 * A table that fits on a page of its own goes there whole rather
	 * than split; a longer one starts here, but not as a header and a
	 * line or two alone at the page's foot.
	 */
	whole = SECTION_H + HEAD_H + n * ROW_H + after;
	if (p->y + whole > BODY_END && whole <= BODY_END - PAGE_TOP)
		need(p, whole);
	section(p, t->title, sub, HEAD_H + (n < 3 ? n : 3) * ROW_H);
	table_head(p, t);
	for (i = 0; i < n; i++) {
		/* The last line goes with the note, not the note alone. */
		if (p->y + ROW_H + (i == n - 1 ? after : 0) > BODY_END) {
			line(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6,
			    &muted);
			page_next(p);
			snprintf(cont, sizeof(cont), "%s (lanjutan)",
			    t->title);
			section(p, cont, NULL, HEAD_H + ROW_H);
			table_head(p, t);
		}
		total = fill(p->r, i, cells);
		if (total)
			line(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6,
			    &muted);
		else if (i % 2 == 1)
			box(p, MARGIN, p->y, BODY_W, ROW_H, &zebra);
		if (p->draw)
			set_rgb(p->cr, &ink);
		x = MARGIN;
		for (k = 0; k < t->ncols; k++) {
			text(p, x + pad, p->y + 2, t->cols[k].w - 2 * pad,
			    CELL_PT, t->cols[k].flags | T_NARROW |
			    (total ? T_BOLD : 0), cells[k]);
			x += t->cols[k].w;
		}
		p->y += ROW_H;
	}
	line(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6, &muted);
	p->y += 2;
	note(p, below);
}

static const struct col summary_cols[] = {
	{ "Layanan", 85, T_LEFT | T_SHRINK },
	{ "Diterbitkan", 46, T_RIGHT },
	{ "Dipanggil", 40, T_RIGHT },
	{ "Dilayani", 36, T_RIGHT },
	{ "Tidak\nhadir", 31, T_RIGHT },
	{ "Dialihkan", 40, T_RIGHT },
	{ "Tidak\nterlayani", 38, T_RIGHT },
	{ "Median", 34, T_RIGHT },
	{ "P90", 30, T_RIGHT },
	{ "Maks", 30, T_RIGHT },
	{ "Median", 34, T_RIGHT },
	{ "P90", 30, T_RIGHT },
	{ "Sesuai\ntarget", 41, T_RIGHT },
};
static const struct group summary_groups[] = {
	{ "Tunggu (menit)", 7, 3 },
	{ "Layanan (menit)", 10, 2 },
};

static int
summary_row(const struct report *r, int i, char cells[][CELL])
{
	const struct report_row *row = &r->rows[i];
	int k = 0;

	if (row->service == 0)
		snprintf(cells[k++], CELL, "Total");
	else if (row->name[0] != '\0')
		snprintf(cells[k++], CELL, "%c \u2013 %s", row->service,
		    row->name);
	else
		snprintf(cells[k++], CELL, "%c", row->service);
	fmt_count(cells[k++], row->issued);
	fmt_count(cells[k++], row->called);
	fmt_count(cells[k++], row->served);
	fmt_count(cells[k++], row->noshow);
	fmt_count(cells[k++], row->transferred);
	fmt_count(cells[k++], row->unserved);
	fmt_minutes(cells[k++], row->wait_median);
	fmt_minutes(cells[k++], row->wait_p90);
	fmt_minutes(cells[k++], row->wait_max);
	fmt_minutes(cells[k++], row->service_median);
	fmt_minutes(cells[k++], row->service_p90);
	fmt_share(cells[k++], row->within, row->within_of);
	return row->service == 0;
}

static void
summary(struct pdf *p)
{
	static const struct table t = {
		"Ringkasan per layanan", summary_cols,
		sizeof(summary_cols) / sizeof(summary_cols[0]),
		summary_groups,
		sizeof(summary_groups) / sizeof(summary_groups[0]),
	};
	const struct report *r = p->r;
	char buf[512];
	int unknown = 0, i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].service == 0 || r->q.service != 0)
			unknown = r->rows[i].wait_unknown;
	snprintf(buf, sizeof(buf), "Median dan p90 menurut peringkat "
	    "terdekat: setiap angka adalah waktu yang benar-benar dialami "
	    "warga. Waktu tunggu: dari tiket diterbitkan sampai panggilan "
	    "pertama%s. Sesuai target: dari tiket yang dilayani atau tidak "
	    "terlayani, bagian yang dilayani dalam target waktu tunggu "
	    "layanannya (tiket tidak hadir tidak dihitung).",
	    unknown > 0 ? "; tiket roll tanpa waktu terbit tidak dihitung" :
	    "");
	if (r->q.desk != 0)
		strncat(buf, " Dengan loket: tiket yang dipanggil loket itu; "
		    "diterbitkan, tidak terlayani dan sesuai target milik "
		    "aula, bukan loket.", sizeof(buf) - strlen(buf) - 1);
	table(p, &t, "jumlah tiket; waktu dalam menit", r->nrows,
	    summary_row, buf);
}

static const struct col desk_cols[] = {
	{ "Loket", 150, T_LEFT | T_SHRINK },
	{ "Dilayani", 50, T_RIGHT },
	{ "Tidak\nhadir", 45, T_RIGHT },
	{ "Panggil\nulang", 50, T_RIGHT },
	{ "Layanan\nmedian (mnt)", 60, T_RIGHT },
	{ "Melayani", 55, T_RIGHT },
	{ "Menganggur", 55, T_RIGHT },
	{ "Jeda", 50, T_RIGHT },
};
static const struct group desk_groups[] = {
	{ "Waktu (jam:menit)", 5, 3 },
};

static int
desk_row(const struct report *r, int i, char cells[][CELL])
{
	const struct report_desk *d = &r->desks[i];
	char own[16];
	int k = 0;

	snprintf(own, sizeof(own), "Loket %d", d->desk);
	if (d->desk == 0)
		snprintf(cells[k++], CELL, "Total");
	else if (d->name[0] == '\0' || strcmp(d->name, own) == 0)
		snprintf(cells[k++], CELL, "%s", own);
	else
		snprintf(cells[k++], CELL, "%s \u2013 %s", own, d->name);
	fmt_count(cells[k++], d->served);
	fmt_count(cells[k++], d->noshow);
	fmt_count(cells[k++], d->recalls);
	fmt_minutes(cells[k++], d->service_median);
	fmt_hours(cells[k++], d->serving_ms);
	fmt_hours(cells[k++], d->idle_ms);
	fmt_hours(cells[k++], d->paused_ms);
	return d->desk == 0;
}

static void
desks(struct pdf *p)
{
	static const struct table t = {
		"Kinerja per loket", desk_cols,
		sizeof(desk_cols) / sizeof(desk_cols[0]),
		desk_groups, sizeof(desk_groups) / sizeof(desk_groups[0]),
	};

	if (p->r->ndesks == 0)
		return;
	table(p, &t, "jumlah selama periode", p->r->ndesks, desk_row,
	    p->r->q.service != 0 ?
	    "Hari sebuah loket: dari kejadian pertamanya sampai yang "
	    "terakhir. Dengan layanan: hanya tiket layanan itu; waktu "
	    "menganggur dan jeda milik loket, bukan layanan." :
	    "Hari sebuah loket: dari kejadian pertamanya sampai yang "
	    "terakhir. Melayani: dari panggilan sampai tindakan berikutnya "
	    "atas tiket itu; jeda: dari jeda sampai lanjut; sisanya "
	    "menganggur.");
}

/* --- charts ----------------------------------------------------------- */

/* The smallest 1, 2 or 5 times a power of ten, at least min, that
 * ticks times reaches max. */
static double
axis_step(double max, int ticks, double min)
{
	static const double mult[] = { 1, 2, 5 };
	double base, s;
	size_t i;

	if (max <= min * ticks)
		return min;
	base = pow(10, floor(log10(max / ticks)));
	for (;; base *= 10)
		for (i = 0; i < sizeof(mult) / sizeof(mult[0]); i++) {
			s = mult[i] * base;
			if (s >= min && s * ticks >= max)
				return s;
		}
}

static void
axis_label(char *c, double v, double step)
{
	if (step < 1)
		fmt_decimal(c, v);
	else
		fmt_count(c, (int)lround(v));
}

/* Grid lines and the left axis' figures over a plot at x, y. */
static void
plot_grid(struct pdf *p, double x, double y, double w, double h, int ticks,
    double step)
{
	char c[CELL];
	double gy;
	int i;

	for (i = 0; i <= ticks; i++) {
		gy = y + h - h * i / ticks;
		line(p, x, gy, x + w, gy, i == 0 ? 0.8 : 0.4, i == 0 ? &muted :
		    &grid);
		if (p->draw)
			set_rgb(p->cr, &muted);
		axis_label(c, step * i, step);
		text(p, x - 34, gy - 4, 30, 6.5, T_RIGHT, c);
	}
}

/* A legend's entry at x, y; returns the x of the next. */
static double
legend(struct pdf *p, double x, double y, const struct rgb *c, int dot,
    const char *s)
{
	if (dot) {
		line(p, x, y + 4, x + 12, y + 4, 1.4, c);
		box(p, x + 4.5, y + 2.5, 3, 3, c);
	} else
		box(p, x, y + 1, 8, 7, c);
	if (p->draw)
		set_rgb(p->cr, &ink);
	return x + 16 + text(p, x + (dot ? 15 : 11), y, 0, 7, T_LEFT, s) + 10;
}

struct slot_sum {
	int	arrivals;	/* -1: with a desk */
	int	calls;
	double	desks;
};

/* Arrivals and calls of every service, and desks open, per half hour. */
static void
hours_chart(struct pdf *p)
{
	const struct report *r = p->r;
	const struct report_hour *h;
	struct slot_sum *s;
	const char *below;
	char c[CELL];
	double x0 = MARGIN + 38, ty, w = BODY_W - 38 - 34, gw, bw, top = 0;
	double dtop = 0, step, dstep, x, bh, lx = 0, ly = 0, off;
	int n, first, i, k, ticks = 4, every, bars;

	if (r->nrows == 0 || r->nhours == 0)
		return;
	first = r->hours[0].slot;
	n = r->hours[r->nhours - 1].slot - first + 1;
	if ((s = calloc(n, sizeof(*s))) == NULL)
		return;
	for (i = 0; i < r->nhours; i++) {
		h = &r->hours[i];
		k = h->slot - first;
		s[k].desks = report_desks_open(r, h);
		if (h->service == 0)
			continue;	/* the total: the services add up */
		s[k].arrivals = h->arrivals < 0 ? -1 : s[k].arrivals +
		    h->arrivals;
		s[k].calls += h->calls;
	}
	for (k = 0; k < n; k++) {
		top = fmax(top, fmax(s[k].arrivals, s[k].calls));
		dtop = fmax(dtop, s[k].desks);
	}
	step = axis_step(top, ticks, 1);
	dstep = axis_step(dtop, ticks, 0.5);

	if (s[0].arrivals < 0)
		below = "Dengan loket: panggilan pertama di loket itu; "
		    "kedatangan milik aula dan tidak ditampilkan.";
	else
		below = "Kedatangan: tiket kios yang diterbitkan (tiket roll "
		    "tidak punya waktu terbit). Panggilan: panggilan pertama "
		    "tiket; panggilan ulang tidak dihitung.";

	section(p, "Kedatangan dan panggilan per setengah jam",
	    "jumlah selama periode; loket buka: rata-rata per hari",
	    14 + CHART_H + 16 + note_h(p, below));
	ty = p->y + 14;
	x = MARGIN + 38;
	if (s[0].arrivals >= 0)
		x = legend(p, x, p->y, &c_arrivals, 0, "Kedatangan");
	x = legend(p, x, p->y, &c_calls, 0, "Panggilan");
	legend(p, x, p->y, &c_desks, 1, "Loket buka (sumbu kanan)");
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	if (p->draw)
		set_rgb(p->cr, &muted);
	for (i = 0; i <= ticks; i++) {
		axis_label(c, dstep * i, dstep);
		text(p, x0 + w + 4, ty + CHART_H - CHART_H * i / ticks - 4, 30,
		    6.5, T_LEFT, c);
	}
	text_up(p, MARGIN + 2, ty + CHART_H / 2, 7, "Tiket");
	text_up(p, PAGE_W - MARGIN - 2, ty + CHART_H / 2, 7, "Loket buka");

	gw = w / n;
	/* Side by side, centred in the half hour, not too broad when
	 * there are few. */
	bars = s[0].arrivals >= 0 ? 2 : 1;
	bw = fmin(gw * 0.72 / bars, 16);
	off = (gw - bars * bw) / 2;
	every = n > 24 ? 4 : 2;		/* an hour's or two hours' labels */
	for (k = 0; k < n; k++) {
		x = x0 + k * gw;
		if (s[k].arrivals > 0) {
			bh = CHART_H * s[k].arrivals / (step * ticks);
			box(p, x + off, ty + CHART_H - bh, bw, bh,
			    &c_arrivals);
		}
		if (s[k].calls > 0) {
			bh = CHART_H * s[k].calls / (step * ticks);
			box(p, x + off + (bars - 1) * bw, ty + CHART_H - bh,
			    bw, bh, &c_calls);
		}
		if ((first + k) % every == 0) {
			line(p, x, ty + CHART_H, x, ty + CHART_H + 3, 0.6,
			    &muted);
			snprintf(c, sizeof(c), "%02d:00", (first + k) / 2);
			if (p->draw)
				set_rgb(p->cr, &muted);
			text(p, x - 15, ty + CHART_H + 4, 30, 6.5, T_CENTER, c);
		}
	}
	/* Desks open over the bars, a point per half hour. */
	for (k = 0; k < n && p->draw; k++) {
		x = x0 + (k + 0.5) * gw;
		bh = CHART_H * s[k].desks / (dstep * ticks);
		if (k > 0)
			line(p, lx, ly, x, ty + CHART_H - bh, 1.2, &c_desks);
		lx = x;
		ly = ty + CHART_H - bh;
	}
	for (k = 0; k < n && p->draw; k++) {
		bh = CHART_H * s[k].desks / (dstep * ticks);
		box(p, x0 + (k + 0.5) * gw - 1.5, ty + CHART_H - bh - 1.5, 3,
		    3, &c_desks);
	}
	p->y = ty + CHART_H + 16;
	note(p, below);
	free(s);
}

/* Whether t's wait is among the summary's waiting times. */
static int
wait_counts(const struct report *r, const struct report_ticket *t)
{
	if (r->q.service != 0 && t->service != r->q.service)
		return 0;
	if (r->q.desk != 0 && (!(t->at_desk & 1) || t->desk != r->q.desk))
		return 0;
	return t->called_ms >= 0 && t->issued_ms >= 0;
}

static void
waits_chart(struct pdf *p)
{
	static const int widths[] = { 5, 10, 15, 30, 60 };
	const struct report *r = p->r;
	const struct report_row *all;
	const struct report_ticket *t;
	int bins[HIST_BINS + 1] = { 0 }, n = 0, bin, i, k, ticks = 4;
	char c[CELL], med[CELL], p90[CELL], buf[512];
	double x0 = MARGIN + 38, ty, w = BODY_W - 38 - 4, gw, step, top = 0;
	double bh, x;
	int64_t width = 0;
	size_t wi;

	if (r->nrows == 0)
		return;
	all = &r->rows[r->nrows - 1];	/* the total, or the one service */
	for (wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
		width = widths[wi] * 60000LL;
		if (all->wait_p90 <= width * HIST_BINS)
			break;
	}
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (!wait_counts(r, t))
			continue;
		bin = t->called_ms - t->issued_ms < 0 ? 0 :
		    (int)((t->called_ms - t->issued_ms) / width);
		bins[bin > HIST_BINS ? HIST_BINS : bin]++;
		n++;
	}
	fmt_count(c, n);
	fmt_minutes(med, all->wait_median);
	fmt_minutes(p90, all->wait_p90);
	snprintf(buf, sizeof(buf), "%s tiket dengan waktu tunggu tercatat; "
	    "median %s menit, p90 %s menit.", c, med, p90);
	if (all->wait_unknown > 0) {
		fmt_count(c, all->wait_unknown);
		i = (int)strlen(buf);
		snprintf(buf + i, sizeof(buf) - i, " %s tiket roll tanpa "
		    "waktu terbit tidak dihitung.", c);
	}
	section(p, "Sebaran waktu tunggu", "jumlah tiket per rentang waktu "
	    "tunggu", n > 0 ? 10 + CHART_H + 24 + note_h(p, buf) : 20);
	if (n == 0) {
		if (p->draw)
			set_rgb(p->cr, &muted);
		text(p, MARGIN, p->y + 2, BODY_W, 8, T_LEFT, "Tidak ada waktu "
		    "tunggu yang tercatat pada periode ini.");
		p->y += 18;
		return;
	}
	for (k = 0; k <= HIST_BINS; k++)
		top = fmax(top, bins[k]);
	step = axis_step(top, ticks, 1);
	ty = p->y + 10;
	plot_grid(p, x0, ty, w, CHART_H, ticks, step);
	text_up(p, MARGIN + 2, ty + CHART_H / 2, 7, "Jumlah tiket");
	gw = w / (HIST_BINS + 1);
	for (k = 0; k <= HIST_BINS; k++) {
		x = x0 + k * gw;
		bh = CHART_H * bins[k] / (step * ticks);
		box(p, x + gw * 0.1, ty + CHART_H - bh, gw * 0.8, bh,
		    k == HIST_BINS ? &muted : &c_waits);
		if (p->draw)
			set_rgb(p->cr, &ink);
		if (bins[k] > 0) {
			fmt_count(c, bins[k]);
			text(p, x, ty + CHART_H - bh - 9, gw, 6, T_CENTER, c);
		}
		if (k < HIST_BINS)
			snprintf(c, sizeof(c), "%lld\u2013%lld",
			    (long long)(k * width / 60000),
			    (long long)((k + 1) * width / 60000));
		else
			snprintf(c, sizeof(c), "\u2265 %lld",
			    (long long)(k * width / 60000));
		if (p->draw)
			set_rgb(p->cr, &muted);
		text(p, x, ty + CHART_H + 3, gw, 6.5, T_CENTER, c);
	}
	text(p, x0, ty + CHART_H + 13, w, 7, T_CENTER,
	    "Waktu tunggu (menit)");
	p->y = ty + CHART_H + 24;
	note(p, buf);
}

/* --- the document ----------------------------------------------------- */

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
document(struct pdf *p)
{
	p->page = 1;
	page_head(p);
	if (report_empty(p->r)) {
		p->y += 30;
		box(p, MARGIN, p->y, BODY_W, 60, &band);
		if (p->draw)
			set_rgb(p->cr, &title);
		text(p, MARGIN, p->y + 14, BODY_W, 13, T_CENTER | T_BOLD,
		    "Tidak ada data pada periode ini");
		if (p->draw)
			set_rgb(p->cr, &muted);
		text(p, MARGIN, p->y + 36, BODY_W, 7.5, T_CENTER,
		    "Log kejadian tidak memuat tiket maupun kegiatan loket "
		    "pada hari-hari ini.");
		p->y += 60;
	} else {
		summary(p);
		p->y += 8;
		hours_chart(p);
		p->y += 8;
		waits_chart(p);
		p->y += 8;
		desks(p);
	}
	page_foot(p);
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
draw(cairo_surface_t *cs, const struct report *r, const char *office,
    time_t now)
{
	struct pdf p;
	char days[128], date[64], hhmm[16];
	cairo_font_options_t *fo;
	PangoContext *pc;
	int64_t ms = (int64_t)now * 1000;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.office = office;
	fmt_period(days, sizeof(days), r);
	if (r->days > 0)
		snprintf(p.period, sizeof(p.period), "Periode: %s (%d hari "
		    "layanan)", days, r->days);
	else
		snprintf(p.period, sizeof(p.period), "Periode: %s", days);
	snprintf(p.made, sizeof(p.made), "Dibuat: %s pukul %s",
	    render_date(ms, date, sizeof(date)),
	    render_clock(ms, false, hhmm, sizeof(hhmm)));

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
	document(&p);
	p.npages = p.page;
	p.draw = 1;
	document(&p);

	g_object_unref(p.pl);
	g_object_unref(pc);
	cairo_destroy(p.cr);
	return p.npages;
}

static void
metadata(cairo_surface_t *cs, const struct report *r, const char *office,
    time_t now)
{
	char buf[384], days[128], date[40];
	struct tm tm;
	long off;

	fmt_period(days, sizeof(days), r);
	snprintf(buf, sizeof(buf), "Laporan Layanan Antrean, %s, %s",
	    office_name(office), days);
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
	struct atomic_file af;
	struct sink sk = { NULL, 0 };
	cairo_surface_t *cs;
	cairo_status_t st;
	int n;

	if (atomic_open(&af, path, 0644) == -1) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	sk.f = af.f;
	cs = cairo_pdf_surface_create_for_stream(sink_write, &sk, PAGE_W,
	    PAGE_H);
	metadata(cs, r, office, now);
	n = draw(cs, r, office, now);
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
	if (atomic_commit(&af) == -1) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (pages != NULL)
		*pages = n;
	return 0;
}
