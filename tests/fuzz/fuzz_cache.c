/*
 * fuzz_cache.c - the report cache's row decoder (display/report/cache.c)
 * on arbitrary rows, and the figures and printers after it.
 *
 * Input: 2 bytes (little-endian) of the tickets blob's length and 2 of
 * the desks blob's, each at most what follows; then the tickets blob,
 * the desks blob, and the samples blob. A row report_cache_valid()
 * refuses must be refused by the decoder too, leaving the report as it
 * was; a row it accepts must decode, and the summary, the tickets list,
 * hourly and desks must come out of it as antre-report prints them. A
 * crash or a sanitizer report is a finding; anything else that breaks
 * these rules aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "report-int.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz_cache: %s\n", what);
	abort();
}

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

/*
 * The report of the whole run, made once: report_init()'s tables (a
 * megabyte) would cost most of each input's time. A decoded day touches
 * only the desks' day of them (the lookup is for events), so emptying
 * the arrays, the desks' day and the last figures is enough, as cache.c
 * does from day to day.
 */
static struct report r;

static void
report_reset(struct report *rp)
{
	struct report_query q;

	if (rp->lookup == NULL) {
		memset(&q, 0, sizeof(q));
		snprintf(q.from, sizeof(q.from), "2026-03-02");
		snprintf(q.to, sizeof(q.to), "2026-03-02");
		if (report_init(rp, &q) == -1)
			fuzz_die("report_init");
		return;
	}
	free(rp->rows);
	free(rp->hours);
	free(rp->desks);
	rp->rows = NULL;
	rp->hours = NULL;
	rp->desks = NULL;
	rp->nrows = rp->nhours = rp->ndesks = 0;
	rp->ntickets = rp->nsamples = rp->day_first = rp->days = 0;
	rp->failed = 0;
	memset(rp->desk_time, 0, (DESK_ID_MAX + 1) * sizeof(*rp->desk_time));
	memset(rp->slot_desk_days, 0, sizeof(rp->slot_desk_days));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct store_cache_day d;
	char why[160];
	size_t tlen, dlen;
	int valid, rc;

	if (null == NULL) {
		log_set_sink(quiet, NULL);
		if ((null = fopen("/dev/null", "w")) == NULL)
			fuzz_die("/dev/null");
	}
	if (size < 4)
		return 0;
	tlen = (size_t)(data[0] | data[1] << 8);
	dlen = (size_t)(data[2] | data[3] << 8);
	data += 4;
	size -= 4;
	if (tlen > size)
		tlen = size;
	if (dlen > size - tlen)
		dlen = size - tlen;
	memset(&d, 0, sizeof(d));
	snprintf(d.day, sizeof(d.day), "2026-03-02");
	d.format = CACHE_FORMAT;
	d.events = 1;
	d.tickets = data;
	d.tickets_len = tlen;
	d.desks = data + tlen;
	d.desks_len = dlen;
	d.samples = data + tlen + dlen;
	d.samples_len = size - tlen - dlen;

	why[0] = '\0';
	valid = report_cache_valid(&d, why, sizeof(why)) == 0;
	if (!valid && (memchr(why, '\0', sizeof(why)) == NULL ||
	    strstr(why, "2026-03-02") == NULL))
		fuzz_die("refused without naming the day");
	report_reset(&r);
	rc = report_cache_decode(&r, &d);
	if (valid && rc != 0)
		fuzz_die("a valid row not decoded");
	if (!valid && (rc != -1 || r.ntickets != 0 || r.nsamples != 0))
		fuzz_die("an invalid row decoded");
	if (report_finish(&r, NULL) == -1)
		fuzz_die("report_finish");
	if (report_print_summary(null, &r, FORMAT_CSV, ',') == -1 ||
	    report_print_hourly(null, &r, FORMAT_CSV, ',') == -1 ||
	    report_print_desks(null, &r, FORMAT_JSON, ',') == -1 ||
	    report_print_tickets(null, &r, FORMAT_CSV, ',') == -1 ||
	    report_print_tickets(null, &r, FORMAT_JSON, ',') == -1)
		fuzz_die("print");
	return 0;
}
