/* pdf-table.c - tables that go on over pages: the summary, the desks */
#include "pdf-int.h"

#include <stdio.h>
#include <string.h>

#define HEAD_H		22.0	/* a table's header row: two lines */
#define ROW_H		12.5
#define CELL_PT		7.0
#define HEAD_PT		6.5
#define MAXCOLS		16

static const struct rgb ink_zebra = { 0.955, 0.96, 0.97 };

struct table_col {
	const char	*head;		/* two lines: "Tidak\nhadir" */
	double		 w;
	int		 flags;		/* T_LEFT or T_RIGHT */
};

/* A heading over some columns, on the first line of the header row. */
struct table_group {
	const char	*head;
	int		 first, n;
};

struct table_def {
	const char			*title;
	const struct table_col		*cols;
	int				 ncols;
	const struct table_group	*groups;
	int				 ngroups;
};

/* Fills the cells of line i; returns 1 for a total line. */
typedef int	table_row_fn(const struct report *r, int i, char cells[][CELL]);

static void
table_draw_head(struct pdf *p, const struct table_def *t)
{
	const struct table_col *c;
	double x, gx, gw, pad = 3;
	int g, k, two;

	pdf_fill_rect(p, MARGIN, p->y, BODY_W, HEAD_H, &pdf_ink_band);
	if (p->draw)
		pdf_set_ink(p->cr, &pdf_ink_text);
	for (g = 0; g < t->ngroups; g++) {
		gx = MARGIN;
		for (k = 0; k < t->groups[g].first; k++)
			gx += t->cols[k].w;
		gw = 0;
		for (k = 0; k < t->groups[g].n; k++)
			gw += t->cols[t->groups[g].first + k].w;
		pdf_text_at(p, gx, p->y + 2, gw, HEAD_PT, T_CENTER | T_BOLD |
		    T_NARROW, t->groups[g].head);
		pdf_rule(p, gx + pad, p->y + HEAD_H / 2 + 0.5, gx + gw - pad,
		    p->y + HEAD_H / 2 + 0.5, 0.4, &pdf_ink_rule);
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_text);
	}
	x = MARGIN;
	for (k = 0; k < t->ncols; k++) {
		c = &t->cols[k];
		two = strchr(c->head, '\n') != NULL;
		pdf_text_at(p, x + pad, p->y + (two ? 2 : HEAD_H / 2 + 1.5),
		    c->w - 2 * pad, HEAD_PT, c->flags | T_BOLD | T_NARROW,
		    c->head);
		x += c->w;
	}
	p->y += HEAD_H;
	pdf_rule(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6, &pdf_ink_muted);
}

/* The height of a line: ROW_H, and more for a name that takes two. */
static double
row_height(struct pdf *p, const struct table_def *t, char cells[][CELL],
    int total)
{
	double pad = 3, one, h = ROW_H;
	int k, bold = total ? T_BOLD : 0;

	for (k = 0; k < t->ncols; k++) {
		if (!(t->cols[k].flags & T_LINES2))
			continue;
		pdf_text_measure(p, 0, CELL_PT, T_NARROW | bold, "Xg");
		one = p->text_h;
		pdf_text_measure(p, t->cols[k].w - 2 * pad, CELL_PT,
		    t->cols[k].flags | T_NARROW | bold, cells[k]);
		if (ROW_H + p->text_h - one > h)
			h = ROW_H + p->text_h - one;
	}
	return h;
}

/* The table's lines from fill, on as many pages as they need, and the
 * note under them. */
static void
table_draw(struct pdf *p, const struct table_def *t, const char *sub, int n,
    table_row_fn *fill, const char *below)
{
	char cells[MAXCOLS][CELL], cont[96];
	double x, pad = 3, whole, rh, first = 0, after;
	int i, k, total;

	/*
	 * A table that fits on a page of its own goes there whole rather
	 * than split; a longer one starts here, but not as a header and a
	 * line or two alone at the page's foot.
	 */
	after = 2 + pdf_note_height(p, below);
	whole = SECTION_H + HEAD_H + after;
	for (i = 0; i < n; i++) {
		total = fill(p->r, i, cells);
		rh = row_height(p, t, cells, total);
		whole += rh;
		if (i < 3)
			first += rh;
	}
	if (p->y + whole > BODY_END && whole <= BODY_END - PAGE_TOP)
		pdf_need_room(p, whole);
	pdf_section(p, t->title, sub, HEAD_H + first);
	table_draw_head(p, t);
	for (i = 0; i < n; i++) {
		total = fill(p->r, i, cells);
		rh = row_height(p, t, cells, total);
		/* The last line goes with the note, not the note alone. */
		if (p->y + rh + (i == n - 1 ? after : 0) > BODY_END) {
			pdf_rule(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6,
			    &pdf_ink_muted);
			pdf_page_next(p);
			snprintf(cont, sizeof(cont), "%s (lanjutan)",
			    t->title);
			pdf_section(p, cont, NULL, HEAD_H + rh);
			table_draw_head(p, t);
		}
		if (total)
			pdf_rule(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6,
			    &pdf_ink_muted);
		else if (i % 2 == 1)
			pdf_fill_rect(p, MARGIN, p->y, BODY_W, rh,
			    &ink_zebra);
		if (p->draw)
			pdf_set_ink(p->cr, &pdf_ink_text);
		x = MARGIN;
		for (k = 0; k < t->ncols; k++) {
			pdf_text_at(p, x + pad, p->y + 2,
			    t->cols[k].w - 2 * pad, CELL_PT,
			    t->cols[k].flags | T_NARROW | (total ? T_BOLD : 0),
			    cells[k]);
			x += t->cols[k].w;
		}
		p->y += rh;
	}
	pdf_rule(p, MARGIN, p->y, PAGE_W - MARGIN, p->y, 0.6, &pdf_ink_muted);
	p->y += 2;
	pdf_note(p, below);
}

static const struct table_col summary_cols[] = {
	{ "Layanan", 85, T_LEFT | T_LINES2 },
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
static const struct table_group summary_groups[] = {
	{ "Tunggu (menit)", 7, 3 },
	{ "Layanan (menit)", 10, 2 },
};

static int
summary_row(const struct report *r, int i, char cells[][CELL])
{
	const struct report_row *row = &r->rows[i];

	pdf_service_cell(row, cells[0]);
	pdf_summary_cells(row, cells + 1);
	return row->service == 0;
}

void
pdf_summary_table(struct pdf *p)
{
	static const struct table_def t = {
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
	table_draw(p, &t, "jumlah tiket; waktu dalam menit", r->nrows,
	    summary_row, buf);
}

static const struct table_col priority_cols[] = {
	{ "Layanan", 150, T_LEFT | T_LINES2 },
	{ "Tiket\nprioritas", 60, T_RIGHT },
	{ "Dipanggil", 60, T_RIGHT },
	{ "Median", 60, T_RIGHT },
	{ "P90", 60, T_RIGHT },
};
static const struct table_group priority_groups[] = {
	{ "Tunggu (menit)", 3, 2 },
};

static int
priority_row(const struct report *r, int i, char cells[][CELL])
{
	const struct report_row *row = &r->rows[i];

	pdf_service_cell(row, cells[0]);
	pdf_priority_cells(row, cells + 1);
	return row->service == 0;
}

/* Priority tickets (the elderly, people with disabilities, pregnant
 * women, children) on their own, when the period has any. */
void
pdf_priority_table(struct pdf *p)
{
	static const struct table_def t = {
		"Antrean prioritas", priority_cols,
		sizeof(priority_cols) / sizeof(priority_cols[0]),
		priority_groups,
		sizeof(priority_groups) / sizeof(priority_groups[0]),
	};
	const struct report *r = p->r;
	int i, any = 0;

	for (i = 0; i < r->nrows; i++)
		any |= r->rows[i].priority > 0;
	if (!any)
		return;
	p->y += 8;
	table_draw(p, &t, "jumlah tiket; waktu dalam menit", r->nrows,
	    priority_row, "Tiket prioritas (lansia, penyandang disabilitas, "
	    "ibu hamil, anak) dari tombol Prioritas kios atau diterbitkan "
	    "loket; juga terhitung dalam ringkasan di atas. Waktu tunggu: "
	    "dari tiket diterbitkan sampai panggilan pertama.");
}

static const struct table_col desk_cols[] = {
	{ "Loket", 150, T_LEFT | T_LINES2 },
	{ "Dilayani", 50, T_RIGHT },
	{ "Tidak\nhadir", 45, T_RIGHT },
	{ "Panggil\nulang", 50, T_RIGHT },
	{ "Layanan\nmedian (mnt)", 60, T_RIGHT },
	{ "Melayani", 55, T_RIGHT },
	{ "Menganggur", 55, T_RIGHT },
	{ "Jeda", 50, T_RIGHT },
};
static const struct table_group desk_groups[] = {
	{ "Waktu (jam:menit)", 5, 3 },
};

static int
desk_row(const struct report *r, int i, char cells[][CELL])
{
	const struct report_desk *d = &r->desks[i];
	int k = 0;

	if (d->desk == 0)
		snprintf(cells[k++], CELL, "Total");
	else
		pdf_fmt_desk(cells[k++], CELL, d->desk, d->name);
	pdf_fmt_count(cells[k++], d->served);
	pdf_fmt_count(cells[k++], d->noshow);
	pdf_fmt_count(cells[k++], d->recalls);
	pdf_fmt_minutes(cells[k++], d->service_median);
	pdf_fmt_hours(cells[k++], d->serving_ms);
	pdf_fmt_hours(cells[k++], d->idle_ms);
	pdf_fmt_hours(cells[k++], d->paused_ms);
	return d->desk == 0;
}

void
pdf_desks_table(struct pdf *p)
{
	static const struct table_def t = {
		"Kinerja per loket", desk_cols,
		sizeof(desk_cols) / sizeof(desk_cols[0]),
		desk_groups, sizeof(desk_groups) / sizeof(desk_groups[0]),
	};

	if (p->r->ndesks == 0)
		return;
	table_draw(p, &t, "jumlah selama periode", p->r->ndesks, desk_row,
	    p->r->q.service != 0 ?
	    "Hari sebuah loket: dari tombol pertamanya sampai tombol "
	    "terakhirnya; penutupan hari tidak dihitung. Dengan layanan: "
	    "hanya tiket layanan itu; waktu "
	    "menganggur dan jeda milik loket, bukan layanan." :
	    "Hari sebuah loket: dari tombol pertamanya sampai tombol "
	    "terakhirnya; penutupan hari tidak dihitung. Melayani: dari "
	    "panggilan sampai tindakan berikutnya "
	    "atas tiket itu; jeda: dari jeda sampai lanjut; sisanya "
	    "menganggur.");
}
