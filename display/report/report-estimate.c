/*
 * report-estimate.c - the wait estimates' accuracy (report-estimate.h):
 * each take's estimate, kept in the commands table, against the real
 * wait of its ticket in the events.
 */
#include "report-estimate.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "log.h"
#include "store.h"

#define CELL	64

static int
cmp_service(const void *a, const void *b)
{
	const struct estimate_sample *x = a, *y = b;

	return (x->service > y->service) - (x->service < y->service);
}

/* The row of n samples (all of one service, or all): figures. */
static void
row_fill(struct estimate_row *row, struct estimate_sample *a, int n,
    int64_t *err, int64_t *wait, int64_t *mid, int64_t *width)
{
	int64_t m, p90;
	int i, k = 0;

	row->estimated = n;
	for (i = 0; i < n; i++) {
		if (a[i].wait_ms < 0)
			continue;
		/* Doubled, so a middle of 12.5 minutes stays exact. */
		m = (int64_t)(a[i].lo + a[i].hi) * 30000;
		err[k] = a[i].wait_ms > m ? a[i].wait_ms - m : m - a[i].wait_ms;
		wait[k] = a[i].wait_ms;
		mid[k] = m;
		width[k] = (int64_t)(a[i].hi - a[i].lo) * 60000;
		row->inside += a[i].wait_ms >= (int64_t)a[i].lo * 60000 &&
		    a[i].wait_ms <= (int64_t)a[i].hi * 60000;
		k++;
	}
	row->called = k;
	report_percentiles(err, k, &row->error_median, &row->error_p90, NULL);
	report_percentiles(wait, k, &row->wait_median, &p90, NULL);
	report_percentiles(mid, k, &row->middle_median, &p90, NULL);
	report_percentiles(width, k, &row->width_median, &p90, NULL);
}

static const char *
service_name(const struct queue_conf *services, char letter)
{
	int i;

	if (services == NULL)
		return "";
	for (i = 0; i < services->nservices; i++)
		if (services->services[i].letter == letter)
			return services->services[i].name;
	return "";
}

int
estimate_rows(struct estimate_report *er, struct estimate_sample *a, int n,
    const struct queue_conf *services)
{
	int64_t *buf = NULL;
	char letters[QUEUE_MAX_SERVICES + 27];
	int i, j, k, nl = 0, start;

	qsort(a, (size_t)n, sizeof(*a), cmp_service);
	/* The configured services first, in their order; then the rest
	 * seen, by letter. */
	if (services != NULL)
		for (i = 0; i < services->nservices; i++)
			letters[nl++] = services->services[i].letter;
	for (i = 0; i < n; i++) {
		for (j = 0; j < nl && letters[j] != a[i].service; j++)
			;
		if (j == nl && nl < (int)sizeof(letters))
			letters[nl++] = a[i].service;
	}
	free(er->rows);
	if ((er->rows = calloc((size_t)nl + 1, sizeof(*er->rows))) == NULL ||
	    (buf = calloc((size_t)n * 4 + 1, sizeof(*buf))) == NULL) {
		log_warn("estimate report");
		free(buf);
		return -1;
	}
	er->nrows = 0;
	for (k = 0; k < nl; k++) {
		if (er->q.service != 0 && letters[k] != er->q.service)
			continue;
		for (start = 0; start < n && a[start].service != letters[k];
		    start++)
			;
		for (i = start; i < n && a[i].service == letters[k]; i++)
			;
		er->rows[er->nrows].service = letters[k];
		snprintf(er->rows[er->nrows].name, PROTO_NAME_MAX, "%s",
		    service_name(services, letters[k]));
		row_fill(&er->rows[er->nrows++], a + start, i - start, buf,
		    buf + n, buf + 2 * n, buf + 3 * n);
	}
	/* The total: every sample wanted. */
	for (i = k = 0; i < n; i++)
		if (er->q.service == 0 || a[i].service == er->q.service)
			a[k++] = a[i];
	row_fill(&er->rows[er->nrows++], a, k, buf, buf + n, buf + 2 * n,
	    buf + 3 * n);
	free(buf);
	return 0;
}

struct join {
	const struct report	 *r;
	const struct report_ticket **by_key;
	struct estimate_sample	 *a;
	int			  n, cap;
};

static int
cmp_key(const char *day, char service, int number,
    const struct report_ticket *t)
{
	int c = strcmp(day, t->day);

	if (c != 0)
		return c;
	if (service != t->service)
		return service < t->service ? -1 : 1;
	return (number > t->number) - (number < t->number);
}

static int
cmp_tickets(const void *a, const void *b)
{
	const struct report_ticket *x = *(const struct report_ticket *const *)a;
	const struct report_ticket *y = *(const struct report_ticket *const *)b;

	return cmp_key(x->day, x->service, x->number, y);
}

static int
join_one(void *arg, const struct store_estimate *est)
{
	struct join *j = arg;
	const struct report_ticket *t = NULL;
	struct estimate_sample *sm;
	int lo = 0, hi = j->r->ntickets - 1, mid, c;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp_key(est->day, est->ticket.service, est->ticket.number,
		    j->by_key[mid]);
		if (c == 0) {
			t = j->by_key[mid];
			break;
		}
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	/* A take whose ticket is not in the events read: a later day's
	 * row, or the service filtered out. */
	if (t == NULL || t->issued_ms < 0)
		return 0;
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 256;
		if ((sm = reallocarray(j->a, (size_t)j->cap,
		    sizeof(*j->a))) == NULL) {
			log_warn("estimate report");
			return -1;
		}
		j->a = sm;
	}
	sm = &j->a[j->n++];
	sm->service = t->service;
	sm->wait_ms = t->called_ms >= 0 ? t->called_ms - t->issued_ms : -1;
	if (t->called_ms >= 0 && sm->wait_ms < 0)
		sm->wait_ms = 0;
	sm->lo = est->wait_lo;
	sm->hi = est->wait_hi;
	return 0;
}

int
estimate_run(struct estimate_report *er, struct store *s,
    const struct report *r, const struct queue_conf *services)
{
	struct join j;
	int i, rc = -1;

	memset(er, 0, sizeof(*er));
	er->q = r->q;
	memset(&j, 0, sizeof(j));
	j.r = r;
	if ((j.by_key = calloc((size_t)r->ntickets + 1,
	    sizeof(*j.by_key))) == NULL) {
		log_warn("estimate report");
		return -1;
	}
	for (i = 0; i < r->ntickets; i++)
		j.by_key[i] = &r->tickets[i];
	qsort(j.by_key, (size_t)r->ntickets, sizeof(*j.by_key), cmp_tickets);
	if (store_read_begin(s) == -1)
		goto out;
	rc = store_estimates(s, r->q.from, r->q.to, join_one, &j);
	store_read_end(s);
	if (rc == 0)
		rc = estimate_rows(er, j.a, j.n, services);
out:
	free(j.by_key);
	free(j.a);
	return rc;
}

void
estimate_report_free(struct estimate_report *er)
{
	free(er->rows);
	memset(er, 0, sizeof(*er));
}

double
estimate_inside_pct(const struct estimate_row *row)
{
	return row->called > 0 ? 100.0 * row->inside / row->called : -1.0;
}

/* Minutes to one decimal with dec as the mark; "" without data. */
static void
cell_min(char *c, int64_t ms, char dec)
{
	char *dot;

	if (ms < 0) {
		c[0] = '\0';
		return;
	}
	snprintf(c, CELL, "%.1f", (double)ms / 60000.0);
	if (dec != '.' && (dot = strchr(c, '.')) != NULL)
		*dot = dec;
}

static void
cell_pct(char *c, const struct estimate_row *row, char dec)
{
	char *dot;

	if (row->called == 0) {
		c[0] = '\0';
		return;
	}
	snprintf(c, CELL, "%.1f", estimate_inside_pct(row));
	if (dec != '.' && (dot = strchr(c, '.')) != NULL)
		*dot = dec;
}

static const char *const heads[] = {
	"service", "name", "estimated", "called", "inside", "inside_pct",
	"error_median_min", "error_p90_min", "wait_median_min",
	"middle_median_min", "width_median_min",
};
#define NCOLS	((int)(sizeof(heads) / sizeof(heads[0])))

static void
row_cells(const struct estimate_row *row, char cells[][CELL], char dec)
{
	if (row->service != 0)
		snprintf(cells[0], CELL, "%c", row->service);
	else
		snprintf(cells[0], CELL, "total");
	snprintf(cells[1], CELL, "%s", row->name);
	snprintf(cells[2], CELL, "%d", row->estimated);
	snprintf(cells[3], CELL, "%d", row->called);
	snprintf(cells[4], CELL, "%d", row->inside);
	cell_pct(cells[5], row, dec);
	cell_min(cells[6], row->error_median, dec);
	cell_min(cells[7], row->error_p90, dec);
	cell_min(cells[8], row->wait_median, dec);
	cell_min(cells[9], row->middle_median, dec);
	cell_min(cells[10], row->width_median, dec);
}

static void
csv_field(FILE *f, const char *s, char sep, int first)
{
	if (!first)
		fputc(sep, f);
	if (strchr(s, sep) != NULL || strpbrk(s, "\"\r\n") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
}

static json_t *
json_min(int64_t ms)
{
	return ms < 0 ? json_null() : json_real((double)ms / 60000.0);
}

static int
print_json(FILE *f, const struct estimate_report *er)
{
	const struct estimate_row *row;
	json_t *root = json_object(), *rows = json_array(), *o;
	char svc[2] = { er->q.service, '\0' };
	int i, rc;

	json_object_set_new(root, "report", json_string("estimate"));
	json_object_set_new(root, "from", json_string(er->q.from));
	json_object_set_new(root, "to", json_string(er->q.to));
	json_object_set_new(root, "service", er->q.service ?
	    json_string(svc) : json_null());
	json_object_set_new(root, "desk", json_null());
	for (i = 0; i < er->nrows; i++) {
		row = &er->rows[i];
		svc[0] = row->service;
		o = json_object();
		json_object_set_new(o, "service", row->service ?
		    json_string(svc) : json_string("total"));
		json_object_set_new(o, "name", json_string(row->name));
		json_object_set_new(o, "estimated",
		    json_integer(row->estimated));
		json_object_set_new(o, "called", json_integer(row->called));
		json_object_set_new(o, "inside", json_integer(row->inside));
		json_object_set_new(o, "inside_pct", row->called > 0 ?
		    json_real(estimate_inside_pct(row)) : json_null());
		json_object_set_new(o, "error_median_min",
		    json_min(row->error_median));
		json_object_set_new(o, "error_p90_min",
		    json_min(row->error_p90));
		json_object_set_new(o, "wait_median_min",
		    json_min(row->wait_median));
		json_object_set_new(o, "middle_median_min",
		    json_min(row->middle_median));
		json_object_set_new(o, "width_median_min",
		    json_min(row->width_median));
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "rows", rows);
	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	fputc('\n', f);
	json_decref(root);
	return rc;
}

int
estimate_print(FILE *f, const struct estimate_report *er,
    enum report_format fmt, char sep)
{
	char cells[NCOLS][CELL];
	int i, k;

	if (fmt == FORMAT_JSON) {
		if (print_json(f, er) == -1)
			return -1;
	} else if (fmt == FORMAT_CSV) {
		for (k = 0; k < NCOLS; k++)
			csv_field(f, heads[k], sep, k == 0);
		fputs("\r\n", f);
		for (i = 0; i < er->nrows; i++) {
			row_cells(&er->rows[i], cells, sep == ';' ? ',' : '.');
			for (k = 0; k < NCOLS; k++)
				csv_field(f, cells[k], sep, k == 0);
			fputs("\r\n", f);
		}
	} else {
		fprintf(f, "Wait estimates %s .. %s: real wait (issued to "
		    "first call) against the range given\n\n", er->q.from,
		    er->q.to);
		fprintf(f, "%-7s %9s %7s %7s %8s %9s %9s %9s %9s\n", "service",
		    "estimated", "called", "inside", "inside%", "error p50",
		    "error p90", "wait p50", "width p50");
		for (i = 0; i < er->nrows; i++) {
			row_cells(&er->rows[i], cells, '.');
			fprintf(f, "%-7s %9s %7s %7s %8s %9s %9s %9s %9s\n",
			    cells[0], cells[2], cells[3], cells[4],
			    cells[5][0] ? cells[5] : "-",
			    cells[6][0] ? cells[6] : "-",
			    cells[7][0] ? cells[7] : "-",
			    cells[8][0] ? cells[8] : "-",
			    cells[10][0] ? cells[10] : "-");
		}
		fprintf(f, "\n(minutes; error: from the range's middle)\n");
	}
	return fflush(f) == EOF || ferror(f) ? -1 : 0;
}
