/* pdf-format.c - figures and dates as an Indonesian reader writes them */
#include "pdf-int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void
fmt_dash(char *c)
{
	snprintf(c, CELL, "\u2013");
}

/* 12345 -> "12.345": Indonesian groups thousands with a dot. */
void
pdf_fmt_count(char *c, int v)
{
	char digits[16];
	int n, i, o = 0;

	if (v < 0) {
		fmt_dash(c);
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
void
pdf_fmt_decimal(char *c, double v)
{
	char *dot;

	snprintf(c, CELL, "%.1f", v);
	if ((dot = strchr(c, '.')) != NULL)
		*dot = ',';
}

void
pdf_fmt_minutes(char *c, int64_t ms)
{
	if (ms < 0)
		fmt_dash(c);
	else
		pdf_fmt_decimal(c, (double)ms / 60000.0);
}

/* Hours and minutes, "1.234:05", to the nearest minute. */
void
pdf_fmt_hours(char *c, int64_t ms)
{
	int64_t min;
	size_t n;

	if (ms < 0) {
		fmt_dash(c);
		return;
	}
	min = (ms + 30000) / 60000;
	pdf_fmt_count(c, (int)(min / 60));
	n = strlen(c);
	snprintf(c + n, CELL - n, ":%02d", (int)(min % 60));
}

void
pdf_fmt_share(char *c, int part, int of)
{
	size_t n;

	if (of <= 0) {
		fmt_dash(c);
		return;
	}
	pdf_fmt_decimal(c, 100.0 * part / of);
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

/* "2 Maret 2026 \u2013 3 Maret 2026", or the one day. */
void
pdf_fmt_period(char *buf, size_t len, const struct report *r)
{
	char from[40], to[40];	/* "30 September 2026" */

	fmt_day(from, sizeof(from), r->q.from);
	fmt_day(to, sizeof(to), r->q.to);
	if (strcmp(r->q.from, r->q.to) == 0)
		snprintf(buf, len, "%s", from);
	else
		snprintf(buf, len, "%s \u2013 %s", from, to);
}

/* 1 if name holds the number n on its own ("Loket 2 Dukcapil" for 2;
 * not "Loket 12"). */
static int
has_number(const char *name, int n)
{
	char digits[16];
	const char *at;
	size_t len;

	len = (size_t)snprintf(digits, sizeof(digits), "%d", n);
	for (at = name; (at = strstr(at, digits)) != NULL; at++)
		if ((at == name || !isdigit((unsigned char)at[-1])) &&
		    !isdigit((unsigned char)at[len]))
			return 1;
	return 0;
}

/*
 * A desk as the report names it: "Loket 3 \u2013 Dukcapil", or its name
 * alone when that already says its number ("Loket 2 Dukcapil"), or
 * "Loket 3" without a name.
 */
void
pdf_fmt_desk(char *c, size_t len, int desk, const char *name)
{
	if (name[0] == '\0')
		snprintf(c, len, "Loket %d", desk);
	else if (has_number(name, desk))
		snprintf(c, len, "%s", name);
	else
		snprintf(c, len, "Loket %d \u2013 %s", desk, name);
}

/* A summary row's first cell: "A – KTP & KK", or "Total". */
void
pdf_service_cell(const struct report_row *row, char *cell)
{
	if (row->service == 0)
		snprintf(cell, CELL, "Total");
	else if (row->name[0] != '\0')
		snprintf(cell, CELL, "%c \u2013 %s", row->service, row->name);
	else
		snprintf(cell, CELL, "%c", row->service);
}

int
pdf_summary_cells(const struct report_row *row, char cells[][CELL])
{
	int k = 0;

	pdf_fmt_count(cells[k++], row->issued);
	pdf_fmt_count(cells[k++], row->called);
	pdf_fmt_count(cells[k++], row->served);
	pdf_fmt_count(cells[k++], row->noshow);
	pdf_fmt_count(cells[k++], row->transferred);
	pdf_fmt_count(cells[k++], row->unserved);
	pdf_fmt_minutes(cells[k++], row->wait_median);
	pdf_fmt_minutes(cells[k++], row->wait_p90);
	pdf_fmt_minutes(cells[k++], row->wait_max);
	pdf_fmt_minutes(cells[k++], row->service_median);
	pdf_fmt_minutes(cells[k++], row->service_p90);
	pdf_fmt_share(cells[k++], row->within, row->within_of);
	return k;
}

int
pdf_priority_cells(const struct report_row *row, char cells[][CELL])
{
	pdf_fmt_count(cells[0], row->priority);
	pdf_fmt_count(cells[1], row->priority_waits);
	pdf_fmt_minutes(cells[2], row->priority_wait_median);
	pdf_fmt_minutes(cells[3], row->priority_wait_p90);
	return 4;
}
