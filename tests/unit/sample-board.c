/*
 * sample-board.c - boards for tests and samples (see sample-board.h).
 */
#include "sample-board.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>

static const char *const sample_names[] = {
	"Loket 1", "Loket 2", "Loket 3", "Loket 4", "Loket 5",
	"Loket Prioritas (lansia, disabilitas, ibu hamil)"
};

static void
sample_desk(struct board *b, int i, char service, int number,
    enum desk_status st)
{
	struct board_desk *d = &b->desks[i];

	d->id = i + 1;
	if (i < (int)(sizeof(sample_names) / sizeof(sample_names[0])))
		snprintf(d->name, sizeof(d->name), "%s", sample_names[i]);
	else
		snprintf(d->name, sizeof(d->name), "Loket %d", i + 1);
	d->status = st;
	d->ticket.service = st == DESK_SERVING ? service : 0;
	d->ticket.number = st == DESK_SERVING ? number : 0;
}

static void
sample_call(struct board *b, char service, int number, int desk)
{
	struct board_call *c = &b->calls[b->ncalls++];

	c->ticket.service = service;
	c->ticket.number = number;
	c->desk = desk;
	memcpy(c->desk_name, b->desks[desk - 1].name, sizeof(c->desk_name));
	c->time_ms = SAMPLE_TIME_MS - b->ncalls * 45000;
}

static void
sample_waiting(struct board *b, char service, const char *name, int count)
{
	struct board_waiting *w = &b->waiting[b->nwaiting++];

	w->service = service;
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->count = count;
}

void
sample_board(struct board *b, int ndesks, int big, const char *fault)
{
	static const enum desk_status cycle[] = {
		DESK_SERVING, DESK_SERVING, DESK_IDLE, DESK_SERVING,
		DESK_PAUSED, DESK_SERVING, DESK_SERVING, DESK_OFFLINE,
		DESK_SERVING, DESK_CLOSED, DESK_SERVING, DESK_SERVING
	};
	int i, base = big ? 1000 : 10;

	memset(b, 0, sizeof(*b));
	b->time_ms = SAMPLE_TIME_MS;
	snprintf(b->day, sizeof(b->day), "2026-11-23");
	b->ndesks = ndesks;
	for (i = 0; i < ndesks; i++)
		sample_desk(b, i, "ABCD"[i % 4], base + 7 * i + 5,
		    cycle[i % 12]);
	/* The newest call is what the called desk now serves. */
	i = ndesks >= 2 ? 1 : 0;
	b->desks[i].status = DESK_SERVING;
	sample_call(b, b->desks[i].ticket.service = 'A',
	    b->desks[i].ticket.number = base + 2, i + 1);
	for (i = 0; i < 8; i++)
		sample_call(b, "ABCD"[(i + 1) % 4], base - 2 - i,
		    1 + (i * 5) % ndesks);
	sample_waiting(b, 'A', "KTP / KK (Dukcapil)", 14);
	sample_waiting(b, 'B', "BPJS Kesehatan", 5);
	sample_waiting(b, 'C', "Perizinan", -1);
	sample_waiting(b, 'D', "Pajak Daerah", big ? 1204 : 0);
	if (fault != NULL)
		snprintf(b->fault, sizeof(b->fault), "%s", fault);
}

int
sample_logo(const char *path, int size)
{
	cairo_surface_t *s;
	cairo_t *cr;
	double u = size / 100.0, a;
	int i, rv;

	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
	cr = cairo_create(s);
	/* A shield: flat top, pointed bottom. */
	cairo_move_to(cr, 10 * u, 8 * u);
	cairo_line_to(cr, 90 * u, 8 * u);
	cairo_curve_to(cr, 90 * u, 60 * u, 70 * u, 80 * u, 50 * u, 95 * u);
	cairo_curve_to(cr, 30 * u, 80 * u, 10 * u, 60 * u, 10 * u, 8 * u);
	cairo_close_path(cr);
	cairo_set_source_rgb(cr, 0.05, 0.45, 0.25);
	cairo_fill_preserve(cr);
	cairo_set_line_width(cr, 5 * u);
	cairo_set_source_rgb(cr, 1.0, 0.8, 0.2);
	cairo_stroke(cr);
	/* A five-pointed star. */
	for (i = 0; i < 10; i++) {
		a = -M_PI / 2 + i * M_PI / 5;
		cairo_line_to(cr, 50 * u + cos(a) * (i % 2 ? 11 : 26) * u,
		    42 * u + sin(a) * (i % 2 ? 11 : 26) * u);
	}
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_destroy(cr);
	rv = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS ?
	    0 : -1;
	cairo_surface_destroy(s);
	return rv;
}
