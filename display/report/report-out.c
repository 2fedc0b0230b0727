/*
 * report-out.c - antre-report's tables: aligned for the terminal (times
 * in minutes, "12.5 mnt"; a time of day with its date when it is not
 * the ticket's day) and CSV (RFC 4180: fields with the separator, a
 * quote or a line break quoted, CRLF line ends, UTF-8; durations in
 * seconds, times of day with their date; with ';' as the separator,
 * decimals with a comma, as an Indonesian spreadsheet reads them). JSON
 * is report-json.c's.
 */
#include "report-out.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CELL	OUT_CELL

static const char *const summary_cols[] = {
	"service", "name", "issued", "called", "served", "noshow",
	"transferred", "unserved", "wait_unknown", "wait_median_s",
	"wait_p90_s", "wait_max_s", "service_median_s", "service_p90_s",
	"target_wait_min", "within_target", "within_target_of",
	"within_target_pct",
};
#define SUMMARY_NCOLS	(sizeof(summary_cols) / sizeof(summary_cols[0]))

/* The terminal shows fewer, wider-worded columns. */
static const char *const summary_heads[] = {
	"svc", "name", "issued", "called", "served", "no-show", "transf",
	"unserved", "wait ?", "wait med", "wait p90", "wait max", "svc med",
	"svc p90", "target", "in target",
};
#define SUMMARY_SHOWN	(int)(sizeof(summary_heads) / sizeof(summary_heads[0]))

static const char *const ticket_cols[] = {
	"day", "ticket", "source", "issued", "called", "desk", "ended",
	"end_desk", "outcome", "wait_s", "calls", "recalls", "noshows",
	"transfers", "queue",
};
#define TICKET_NCOLS	(sizeof(ticket_cols) / sizeof(ticket_cols[0]))

const char *const report_outcomes[] = {
	[OUTCOME_OPEN] = "open",
	[OUTCOME_SERVED] = "served",
	[OUTCOME_NOSHOW] = "noshow",
	[OUTCOME_UNSERVED] = "unserved",
};

static void
cell_int(char *c, int v)
{
	if (v < 0)
		c[0] = '\0';
	else
		snprintf(c, CELL, "%d", v);
}

/* Seconds, rounded to the nearest; milliseconds are not shown. */
static void
cell_secs(char *c, int64_t ms)
{
	if (ms < 0)
		c[0] = '\0';
	else
		snprintf(c, CELL, "%lld", (long long)((ms + 500) / 1000));
}

static void
cell_mins(char *c, int64_t ms)
{
	if (ms < 0)
		snprintf(c, CELL, "-");
	else
		snprintf(c, CELL, "%.1f mnt", (double)ms / 60000.0);
}

static double
share_pct(int within, int of)
{
	return 100.0 * within / of;
}

/* One decimal, with dec as the decimal mark: "62.5" or "62,5". */
static void
cell_decimal(char *c, double v, char dec)
{
	char *dot;

	snprintf(c, CELL, "%.1f", v);
	if (dec != '.' && (dot = strchr(c, '.')) != NULL)
		*dot = dec;
}

void
report_pct_text(char *c, int within, int of, char dec)
{
	if (of > 0)
		cell_decimal(c, share_pct(within, of), dec);
	else
		c[0] = '\0';
}

/* An Indonesian spreadsheet reads "59,5" as a number and "59.5" as
 * text; those are opened from CSV with ';' between the fields. */
static char
csv_decimal(char sep)
{
	return sep == ';' ? ',' : '.';
}

/* The first cells of a summary row, the same in CSV and on the
 * terminal: the service and the counts. Returns how many. */
static int
summary_counts(const struct report_row *row, char cells[][CELL])
{
	int i = 0;

	if (row->service != 0)
		snprintf(cells[i++], CELL, "%c", row->service);
	else
		snprintf(cells[i++], CELL, "total");
	snprintf(cells[i++], CELL, "%s", row->name);
	cell_int(cells[i++], row->issued);
	cell_int(cells[i++], row->called);
	cell_int(cells[i++], row->served);
	cell_int(cells[i++], row->noshow);
	cell_int(cells[i++], row->transferred);
	cell_int(cells[i++], row->unserved);
	cell_int(cells[i++], row->wait_unknown);
	return i;
}

/* The CSV cells of one summary row; dec is the decimal mark. */
static void
summary_cells(const struct report_row *row, char cells[][CELL], char dec)
{
	int i = summary_counts(row, cells);

	cell_secs(cells[i++], row->wait_median);
	cell_secs(cells[i++], row->wait_p90);
	cell_secs(cells[i++], row->wait_max);
	cell_secs(cells[i++], row->service_median);
	cell_secs(cells[i++], row->service_p90);
	cell_int(cells[i++], row->target_min > 0 ? row->target_min : -1);
	cell_int(cells[i++], row->within);
	cell_int(cells[i++], row->within_of);
	report_pct_text(cells[i++], row->within, row->within_of, dec);
}

static int
csv_field(FILE *f, const char *s, char sep, int first)
{
	const char *p;

	if (!first)
		putc(sep, f);
	if (strchr(s, sep) == NULL && strpbrk(s, "\"\r\n") == NULL)
		return fputs(s, f) == EOF ? -1 : 0;
	putc('"', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	return putc('"', f) == EOF ? -1 : 0;
}

static void
csv_line(FILE *f, char cells[][CELL], const char *const *heads, size_t n,
    char sep)
{
	size_t i;

	for (i = 0; i < n; i++)
		csv_field(f, heads != NULL ? heads[i] : cells[i], sep, i == 0);
	fputs("\r\n", f);
}

/* Display width of UTF-8 text: code points, not bytes. */
static int
text_width(const char *s)
{
	int w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void
pad(FILE *f, const char *s, int width, int right)
{
	int n = width - text_width(s);

	if (right)
		for (; n > 0; n--)
			putc(' ', f);
	fputs(s, f);
	if (!right)
		for (; n > 0; n--)
			putc(' ', f);
}

/*
 * A table of ncols cells per line, cells[i * ncols + k]; the first
 * nleft columns (names) left-aligned, the figures right-aligned.
 */
static void
table_print(FILE *f, const char *const *heads, int ncols, int nleft,
    char (*cells)[CELL], int nlines)
{
	int width[16], i, k;

	for (k = 0; k < ncols; k++)
		width[k] = text_width(heads[k]);
	for (i = 0; i < nlines; i++)
		for (k = 0; k < ncols; k++)
			if (text_width(cells[i * ncols + k]) > width[k])
				width[k] = text_width(cells[i * ncols + k]);
	for (i = -1; i < nlines; i++) {
		for (k = 0; k < ncols; k++) {
			if (k > 0)
				fputs("  ", f);
			pad(f, i < 0 ? heads[k] : cells[i * ncols + k],
			    width[k], k >= nleft);
		}
		fputc('\n', f);
	}
}

/* The terminal cells of one summary row, in summary_heads' order. */
static void
summary_table_cells(const struct report_row *row, char cells[][CELL])
{
	int i = summary_counts(row, cells);

	cell_mins(cells[i++], row->wait_median);
	cell_mins(cells[i++], row->wait_p90);
	cell_mins(cells[i++], row->wait_max);
	cell_mins(cells[i++], row->service_median);
	cell_mins(cells[i++], row->service_p90);
	if (row->target_min > 0)
		snprintf(cells[i++], CELL, "%d mnt", row->target_min);
	else
		snprintf(cells[i++], CELL, "-");
	if (row->within_of > 0)
		snprintf(cells[i++], CELL, "%.1f%% (%d/%d)",
		    share_pct(row->within, row->within_of), row->within,
		    row->within_of);
	else
		snprintf(cells[i++], CELL, "-");
	for (i = 2; i <= 8; i++)
		if (cells[i][0] == '\0')
			snprintf(cells[i], CELL, "-");
}

/* Priority tickets on lines of their own, when the range has any. */
static void
summary_priority(FILE *f, const struct report *r)
{
	const struct report_row *row;
	char med[CELL], p90[CELL], name[CELL];
	int i, any = 0;

	for (i = 0; i < r->nrows; i++)
		any |= r->rows[i].priority > 0;
	if (!any)
		return;
	fprintf(f, "\npriority tickets (waiting time):\n");
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		if (row->priority <= 0 && row->service != 0)
			continue;
		cell_mins(med, row->priority_wait_median);
		cell_mins(p90, row->priority_wait_p90);
		if (row->service != 0)
			snprintf(name, sizeof(name), "%c", row->service);
		else
			snprintf(name, sizeof(name), "total");
		fprintf(f, "  %-5s %5d issued, %5d called, median %s, "
		    "90%% %s\n", name, row->priority, row->priority_waits, med,
		    p90);
	}
}

static int
summary_table(FILE *f, const struct report *r)
{
	char (*cells)[CELL];
	int i;

	if ((cells = calloc((size_t)r->nrows * SUMMARY_SHOWN + 1,
	    sizeof(*cells))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		summary_table_cells(&r->rows[i], &cells[i * SUMMARY_SHOWN]);
	fprintf(f, "%s .. %s", r->q.from, r->q.to);
	if (r->q.desk != 0)
		fprintf(f, ", desk %d", r->q.desk);
	fputc('\n', f);
	table_print(f, summary_heads, SUMMARY_SHOWN, 2, cells, r->nrows);
	summary_priority(f, r);
	free(cells);
	return 0;
}

int
report_print_summary(FILE *f, const struct report *r,
    enum report_format fmt, char sep)
{
	char cells[SUMMARY_NCOLS][CELL];
	int i, rc = 0;

	switch (fmt) {
	case FORMAT_TABLE:
		rc = summary_table(f, r);
		break;
	case FORMAT_JSON:
		rc = report_json_summary(f, r);
		break;
	case FORMAT_CSV:
		csv_line(f, NULL, summary_cols, SUMMARY_NCOLS, sep);
		for (i = 0; i < r->nrows; i++) {
			summary_cells(&r->rows[i], cells, csv_decimal(sep));
			csv_line(f, cells, NULL, SUMMARY_NCOLS, sep);
		}
		break;
	}
	if (fflush(f) == EOF || ferror(f))
		return -1;
	return rc;
}

void
report_time_text(char *c, size_t len, int64_t ms, int iso)
{
	struct tm tm;
	time_t t;
	long off;
	size_t n;

	if (ms < 0) {
		c[0] = '\0';
		return;
	}
	t = (time_t)(ms / 1000);
	localtime_r(&t, &tm);
	n = strftime(c, len, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S",
	    &tm);
	if (!iso || n == 0)
		return;
	off = tm.tm_gmtoff / 60;
	snprintf(c + n, len - n, "%c%02ld:%02ld", off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
}

/*
 * A ticket's time of day: on the terminal "08:02:00", with its date
 * when that is not the ticket's service day (closed the next morning:
 * "2026-03-03 07:40:00"); in CSV always with its date. Returns 1 if the
 * date is written.
 */
static int
cell_clock(char *c, int64_t ms, const char *day, int table)
{
	report_time_text(c, CELL, ms, 0);
	if (!table || c[0] == '\0' || strncmp(c, day, 10) != 0)
		return c[0] != '\0';
	memmove(c, c + 11, strlen(c + 11) + 1);
	return 0;
}

/* The cells of a ticket; returns 1 if a time carries its date. */
static int
ticket_cells(const struct report_ticket *t, char cells[][CELL], int table)
{
	int i = 0, dated = 0;

	snprintf(cells[i++], CELL, "%s", t->day);
	snprintf(cells[i++], CELL, "%c%d", t->service, t->number);
	if (t->issued_ms >= 0 && t->kiosk > 0)
		snprintf(cells[i++], CELL, "kiosk %d", t->kiosk);
	else if (t->issued_ms >= 0)
		snprintf(cells[i++], CELL, "kiosk");
	else
		snprintf(cells[i++], CELL, "roll");
	dated |= cell_clock(cells[i++], t->issued_ms, t->day, table);
	dated |= cell_clock(cells[i++], t->called_ms, t->day, table);
	cell_int(cells[i++], t->desk > 0 ? t->desk : -1);
	dated |= cell_clock(cells[i++], t->ended_ms, t->day, table);
	cell_int(cells[i++], t->end_desk > 0 ? t->end_desk : -1);
	snprintf(cells[i++], CELL, "%s", report_outcomes[t->outcome]);
	cell_secs(cells[i++], t->issued_ms >= 0 && t->called_ms >= 0 ?
	    t->called_ms - t->issued_ms : -1);
	cell_int(cells[i++], t->calls);
	cell_int(cells[i++], t->recalls);
	cell_int(cells[i++], t->noshows);
	cell_int(cells[i++], t->transfers);
	snprintf(cells[i++], CELL, "%c", t->queue);
	return dated;
}

int
report_ticket_wanted(const struct report *r, const struct report_ticket *t)
{
	return (r->q.service == 0 || t->service == r->q.service) &&
	    (r->q.desk == 0 || (t->at_desk & 1));
}

/* The terminal's list: fixed widths, as a year's list is long; the
 * times' columns are wide enough for a date if any time needs one. */
static void
tickets_table(FILE *f, const struct report *r)
{
	int width[TICKET_NCOLS] = {
		10, 6, 8, 8, 8, 4, 8, 8, 8, 6, 5, 7, 7, 9, 5,
	};
	char cells[TICKET_NCOLS][CELL];
	size_t k;
	int i;

	for (i = 0; i < r->ntickets; i++)
		if (report_ticket_wanted(r, &r->tickets[i]) &&
		    ticket_cells(&r->tickets[i], cells, 1)) {
			width[3] = width[4] = width[6] = 19;
			break;
		}
	for (i = -1; i < r->ntickets; i++) {
		if (i >= 0 && !report_ticket_wanted(r, &r->tickets[i]))
			continue;
		if (i >= 0)
			ticket_cells(&r->tickets[i], cells, 1);
		for (k = 0; k < TICKET_NCOLS; k++) {
			if (k > 0)
				fputs("  ", f);
			if (i < 0)
				pad(f, ticket_cols[k], width[k], 0);
			else
				pad(f, cells[k][0] != '\0' ? cells[k] : "-",
				    width[k], 0);
		}
		fputc('\n', f);
	}
}

int
report_print_tickets(FILE *f, const struct report *r,
    enum report_format fmt, char sep)
{
	char cells[TICKET_NCOLS][CELL];
	int i, rc = 0;

	switch (fmt) {
	case FORMAT_JSON:
		rc = report_json_tickets(f, r);
		break;
	case FORMAT_TABLE:
		tickets_table(f, r);
		break;
	case FORMAT_CSV:
		csv_line(f, NULL, ticket_cols, TICKET_NCOLS, sep);
		for (i = 0; i < r->ntickets; i++) {
			if (!report_ticket_wanted(r, &r->tickets[i]))
				continue;
			ticket_cells(&r->tickets[i], cells, 0);
			csv_line(f, cells, NULL, TICKET_NCOLS, sep);
		}
		break;
	}
	if (fflush(f) == EOF || ferror(f))
		return -1;
	return rc;
}

/* hourly and desks: their columns and how to fill and head them. */
struct lines {
	const char *const *cols;	/* CSV and JSON keys */
	const char *const *heads;	/* the terminal's */
	int		   ncols;
	int		   nleft;	/* name columns, left-aligned */
	void		 (*line)(const struct report *, int, char[][CELL],
			    int table, char dec);
	void		 (*title)(FILE *, const struct report *);
	int		 (*json)(FILE *, const struct report *);
};

static int
lines_out(FILE *f, const struct report *r, enum report_format fmt,
    char sep, const struct lines *L, int nlines)
{
	char (*cells)[CELL];
	int i, rc = 0;

	if (fmt == FORMAT_JSON)
		rc = L->json(f, r);
	else {
		if ((cells = calloc((size_t)nlines * L->ncols + 1,
		    sizeof(*cells))) == NULL)
			return -1;
		for (i = 0; i < nlines; i++)
			L->line(r, i, &cells[i * L->ncols], fmt ==
			    FORMAT_TABLE, fmt == FORMAT_CSV ? csv_decimal(sep) :
			    '.');
		if (fmt == FORMAT_TABLE) {
			L->title(f, r);
			table_print(f, L->heads, L->ncols, L->nleft, cells,
			    nlines);
		} else {
			csv_line(f, NULL, L->cols, (size_t)L->ncols, sep);
			for (i = 0; i < nlines; i++)
				csv_line(f, &cells[i * L->ncols], NULL,
				    (size_t)L->ncols, sep);
		}
		free(cells);
	}
	if (fflush(f) == EOF || ferror(f))
		return -1;
	return rc;
}

static void
table_title(FILE *f, const struct report *r)
{
	fprintf(f, "%s .. %s", r->q.from, r->q.to);
	if (r->q.service != 0)
		fprintf(f, ", service %c", r->q.service);
	if (r->q.desk != 0)
		fprintf(f, ", desk %d", r->q.desk);
}

static const char *const hour_cols[] = {
	"slot", "service", "name", "arrivals", "calls", "desks_open",
};
static const char *const hour_heads[] = {
	"slot", "svc", "name", "arrivals", "calls", "desks open",
};
#define HOUR_NCOLS	(int)(sizeof(hour_cols) / sizeof(hour_cols[0]))

/* "07:30-08:00"; the last slot ends at 24:00. */
void
report_slot_text(char *c, int slot)
{
	snprintf(c, CELL, "%02d:%02d-%02d:%02d", slot / 2, slot % 2 * 30,
	    (slot + 1) / 2, (slot + 1) % 2 * 30);
}

static void
hour_cells(const struct report *r, const struct report_hour *h,
    char cells[][CELL], char dec)
{
	int i = 0;

	report_slot_text(cells[i++], h->slot);
	if (h->service != 0)
		snprintf(cells[i++], CELL, "%c", h->service);
	else
		snprintf(cells[i++], CELL, "total");
	snprintf(cells[i++], CELL, "%s", h->name);
	cell_int(cells[i++], h->arrivals);
	cell_int(cells[i++], h->calls);
	cell_decimal(cells[i++], report_desks_open(r, h), dec);
}

/* hourly's line i as cells; the terminal shows "-" for what does not
 * apply (but for a name). */
static void
hour_line(const struct report *r, int i, char cells[][CELL], int table,
    char dec)
{
	int k;

	hour_cells(r, &r->hours[i], cells, dec);
	for (k = 0; table && k < HOUR_NCOLS; k++)
		if (cells[k][0] == '\0' && k != 2)
			snprintf(cells[k], CELL, "-");
}

static void
hour_title(FILE *f, const struct report *r)
{
	table_title(f, r);
	fprintf(f, ", %d day%s; desks open: average per day\n", r->days,
	    r->days == 1 ? "" : "s");
}

static const struct lines hour_lines = {
	hour_cols, hour_heads, HOUR_NCOLS, 3, hour_line, hour_title,
	report_json_hourly,
};

int
report_print_hourly(FILE *f, const struct report *r,
    enum report_format fmt, char sep)
{
	return lines_out(f, r, fmt, sep, &hour_lines, r->nhours);
}

static const char *const desk_cols[] = {
	"desk", "name", "served", "noshow", "recalls", "service_median_s",
	"serving_s", "idle_s", "paused_s",
};
static const char *const desk_heads[] = {
	"desk", "name", "served", "no-show", "recalls", "svc med",
	"serving", "idle", "paused",
};
#define DESK_NCOLS	(int)(sizeof(desk_cols) / sizeof(desk_cols[0]))

/* Hours and minutes, "1:35", rounded to the minute. */
static void
cell_hmin(char *c, int64_t ms)
{
	int64_t m = (ms + 30000) / 60000;

	if (ms < 0)
		snprintf(c, CELL, "-");
	else
		snprintf(c, CELL, "%lld:%02lld", (long long)(m / 60),
		    (long long)(m % 60));
}

static void
desk_cells(const struct report_desk *d, char cells[][CELL], int table)
{
	int i = 0;

	if (d->desk != 0)
		snprintf(cells[i++], CELL, "%d", d->desk);
	else
		snprintf(cells[i++], CELL, "total");
	snprintf(cells[i++], CELL, "%s", d->name);
	cell_int(cells[i++], d->served);
	cell_int(cells[i++], d->noshow);
	cell_int(cells[i++], d->recalls);
	if (table) {
		cell_mins(cells[i++], d->service_median);
		cell_hmin(cells[i++], d->serving_ms);
		cell_hmin(cells[i++], d->idle_ms);
		cell_hmin(cells[i++], d->paused_ms);
	} else {
		cell_secs(cells[i++], d->service_median);
		cell_secs(cells[i++], d->serving_ms);
		cell_secs(cells[i++], d->idle_ms);
		cell_secs(cells[i++], d->paused_ms);
	}
}

static void
desk_line(const struct report *r, int i, char cells[][CELL], int table,
    char dec)
{
	(void)dec;	/* no decimals in CSV */
	desk_cells(&r->desks[i], cells, table);
}

static void
desk_title(FILE *f, const struct report *r)
{
	table_title(f, r);
	fputs("; times serving, idle, paused in hours:minutes\n", f);
}

static const struct lines desk_lines = {
	desk_cols, desk_heads, DESK_NCOLS, 2, desk_line, desk_title,
	report_json_desks,
};

int
report_print_desks(FILE *f, const struct report *r,
    enum report_format fmt, char sep)
{
	return lines_out(f, r, fmt, sep, &desk_lines, r->ndesks);
}
