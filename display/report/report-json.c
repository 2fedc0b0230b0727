/*
 * report-json.c - antre-report --json: one shape for every command.
 *
 *	{ "report": "summary", "from": "2026-03-02", "to": "2026-03-03",
 *	  "service": null, "desk": null, ..., "rows": [ { ... }, ... ] }
 *
 * The rows carry the CSV's columns under the same names: counts and
 * seconds as JSON numbers, text as strings, null where the CSV has an
 * empty field. The key column of a total row says "total". Times of day
 * are ISO 8601 local time with the offset from UTC.
 */
#include "report-out.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static json_t *
json_count(int v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* Seconds, rounded to the nearest, as the CSV writes them. */
static json_t *
json_secs(int64_t ms)
{
	return ms < 0 ? json_null() : json_integer((ms + 500) / 1000);
}

static json_t *
json_time(int64_t ms)
{
	char c[OUT_CELL];

	if (ms < 0)
		return json_null();
	report_time_text(c, sizeof(c), ms, 1);
	return json_string(c);
}

static json_t *
json_letter(char letter)
{
	char s[2] = { letter, '\0' };

	return letter != 0 ? json_string(s) : json_string("total");
}

/* The range and the filters, then each command's own keys. */
static json_t *
json_head(const char *name, const struct report *r)
{
	json_t *root = json_object();
	char svc[2] = { r->q.service, '\0' };

	json_object_set_new(root, "report", json_string(name));
	json_object_set_new(root, "from", json_string(r->q.from));
	json_object_set_new(root, "to", json_string(r->q.to));
	json_object_set_new(root, "service", r->q.service ? json_string(svc)
	    : json_null());
	json_object_set_new(root, "desk", r->q.desk ? json_integer(r->q.desk)
	    : json_null());
	return root;
}

static int
json_out(FILE *f, json_t *root, json_t *rows)
{
	int rc;

	json_object_set_new(root, "rows", rows);
	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	fputc('\n', f);
	json_decref(root);
	return rc;
}

int
report_json_summary(FILE *f, const struct report *r)
{
	const struct report_row *row;
	json_t *rows, *o;
	char pct[OUT_CELL];
	int i;

	rows = json_array();
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		o = json_object();
		json_object_set_new(o, "service", json_letter(row->service));
		json_object_set_new(o, "name", json_string(row->name));
		json_object_set_new(o, "issued", json_count(row->issued));
		json_object_set_new(o, "called", json_count(row->called));
		json_object_set_new(o, "served", json_count(row->served));
		json_object_set_new(o, "noshow", json_count(row->noshow));
		json_object_set_new(o, "transferred",
		    json_count(row->transferred));
		json_object_set_new(o, "unserved", json_count(row->unserved));
		json_object_set_new(o, "wait_unknown",
		    json_count(row->wait_unknown));
		json_object_set_new(o, "wait_median_s",
		    json_secs(row->wait_median));
		json_object_set_new(o, "wait_p90_s", json_secs(row->wait_p90));
		json_object_set_new(o, "wait_max_s", json_secs(row->wait_max));
		json_object_set_new(o, "service_median_s",
		    json_secs(row->service_median));
		json_object_set_new(o, "service_p90_s",
		    json_secs(row->service_p90));
		json_object_set_new(o, "target_wait_min", row->target_min > 0 ?
		    json_integer(row->target_min) : json_null());
		json_object_set_new(o, "within_target",
		    json_count(row->within));
		json_object_set_new(o, "within_target_of",
		    json_count(row->within_of));
		/* The tenth the CSV and the table show, not more. */
		report_pct_text(pct, row->within, row->within_of, '.');
		json_object_set_new(o, "within_target_pct", pct[0] != '\0' ?
		    json_real(strtod(pct, NULL)) : json_null());
		json_object_set_new(o, "priority", json_count(row->priority));
		json_object_set_new(o, "priority_wait_median_s",
		    json_secs(row->priority_wait_median));
		json_object_set_new(o, "priority_wait_p90_s",
		    json_secs(row->priority_wait_p90));
		json_array_append_new(rows, o);
	}
	return json_out(f, json_head("summary", r), rows);
}

int
report_json_tickets(FILE *f, const struct report *r)
{
	const struct report_ticket *t;
	json_t *rows, *o;
	char c[OUT_CELL];
	int i;

	rows = json_array();
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (!report_ticket_wanted(r, t))
			continue;
		o = json_object();
		json_object_set_new(o, "day", json_string(t->day));
		snprintf(c, sizeof(c), "%c%d", t->service, t->number);
		json_object_set_new(o, "ticket", json_string(c));
		if (t->issued_ms >= 0 && t->kiosk > 0)
			snprintf(c, sizeof(c), "kiosk %d", t->kiosk);
		else
			snprintf(c, sizeof(c), "%s", t->issued_ms >= 0 ?
			    "kiosk" : "roll");
		json_object_set_new(o, "source", json_string(c));
		json_object_set_new(o, "issued", json_time(t->issued_ms));
		json_object_set_new(o, "called", json_time(t->called_ms));
		json_object_set_new(o, "desk", json_count(t->desk > 0 ?
		    t->desk : -1));
		json_object_set_new(o, "ended", json_time(t->ended_ms));
		json_object_set_new(o, "end_desk", json_count(t->end_desk > 0 ?
		    t->end_desk : -1));
		json_object_set_new(o, "outcome",
		    json_string(report_outcomes[t->outcome]));
		json_object_set_new(o, "wait_s", json_secs(t->issued_ms >= 0 &&
		    t->called_ms >= 0 ? t->called_ms - t->issued_ms : -1));
		json_object_set_new(o, "calls", json_count(t->calls));
		json_object_set_new(o, "recalls", json_count(t->recalls));
		json_object_set_new(o, "noshows", json_count(t->noshows));
		json_object_set_new(o, "transfers", json_count(t->transfers));
		snprintf(c, sizeof(c), "%c", t->queue);
		json_object_set_new(o, "queue", json_string(c));
		json_array_append_new(rows, o);
	}
	return json_out(f, json_head("tickets", r), rows);
}

int
report_json_hourly(FILE *f, const struct report *r)
{
	const struct report_hour *h;
	json_t *root, *rows, *o;
	char slot[OUT_CELL];
	int i;

	root = json_head("hourly", r);
	json_object_set_new(root, "days", json_integer(r->days));
	rows = json_array();
	for (i = 0; i < r->nhours; i++) {
		h = &r->hours[i];
		o = json_object();
		report_slot_text(slot, h->slot);
		json_object_set_new(o, "slot", json_string(slot));
		json_object_set_new(o, "service", json_letter(h->service));
		json_object_set_new(o, "name", json_string(h->name));
		json_object_set_new(o, "arrivals", json_count(h->arrivals));
		json_object_set_new(o, "calls", json_count(h->calls));
		json_object_set_new(o, "desks_open",
		    json_real(report_desks_open(r, h)));
		json_array_append_new(rows, o);
	}
	return json_out(f, root, rows);
}

int
report_json_desks(FILE *f, const struct report *r)
{
	const struct report_desk *d;
	json_t *rows, *o;
	int i;

	rows = json_array();
	for (i = 0; i < r->ndesks; i++) {
		d = &r->desks[i];
		o = json_object();
		json_object_set_new(o, "desk", d->desk != 0 ?
		    json_integer(d->desk) : json_string("total"));
		json_object_set_new(o, "name", json_string(d->name));
		json_object_set_new(o, "served", json_count(d->served));
		json_object_set_new(o, "noshow", json_count(d->noshow));
		json_object_set_new(o, "recalls", json_count(d->recalls));
		json_object_set_new(o, "service_median_s",
		    json_secs(d->service_median));
		json_object_set_new(o, "serving_s", json_secs(d->serving_ms));
		json_object_set_new(o, "idle_s", json_secs(d->idle_ms));
		json_object_set_new(o, "paused_s", json_secs(d->paused_ms));
		json_array_append_new(rows, o);
	}
	return json_out(f, json_head("desks", r), rows);
}
