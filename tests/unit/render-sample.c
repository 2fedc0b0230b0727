/*
 * render-sample - writes sample boards as PNG files into a directory, to
 * look at the board without a TV:
 *
 *	render-sample DIR
 *
 * Each sample goes through the png output backend (DIR/<name>/latest.png)
 * and is then renamed to DIR/<name>.png.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "render.h"

/* Monday 23 November 2026, 09:41 in Jakarta. */
#define SAMPLE_TIME_MS	1795401660000LL

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

static void
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

static int
sample_write(const char *dir, const char *name, int w, int h,
    const struct render_conf *rc, const struct board *b)
{
	struct output_conf oc;
	struct frame_meta m = { "{\"sample\":true}", SAMPLE_TIME_MS };
	struct output *o;
	cairo_t *cr;
	char src[512], dst[512];
	int rv = -1;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "png");
	oc.width = w;
	oc.height = h;
	snprintf(oc.png_dir, sizeof(oc.png_dir), "%s/%s", dir, name);
	if (mkdir(oc.png_dir, 0755) == -1 && access(oc.png_dir, W_OK) == -1) {
		log_warn("mkdir %s", oc.png_dir);
		return -1;
	}
	if ((o = output_open(&oc)) == NULL)
		return -1;
	cr = cairo_create(output_surface(o));
	if (render_board(cr, output_width(o), output_height(o), rc, b,
	    SAMPLE_TIME_MS) == -1)
		goto out;
	if (output_present(o, &m, NULL) == -1)
		goto out;
	snprintf(src, sizeof(src), "%s/latest.png", oc.png_dir);
	snprintf(dst, sizeof(dst), "%s/%s.png", dir, name);
	if (rename(src, dst) == -1) {
		log_warn("rename %s", dst);
		goto out;
	}
	rmdir(oc.png_dir);
	printf("%s\n", dst);
	rv = 0;
out:
	cairo_destroy(cr);
	output_close(o);
	return rv;
}

/* fontconfig keeps its configuration until FcFini(): not ours to free
 * (see test_render.c). Only used under LeakSanitizer. */
const char *__lsan_default_suppressions(void);

__attribute__((used)) const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(int argc, char *argv[])
{
	struct render_conf rc;
	struct board b;
	int rv = 0;

	log_init(argv[0], 0);
	if (argc != 2) {
		fprintf(stderr, "usage: render-sample dir\n");
		return 2;
	}
	setenv("TZ", "WIB-7", 1);	/* Jakarta, without tzdata */
	render_conf_defaults(&rc);
	snprintf(rc.office, sizeof(rc.office),
	    "Mal Pelayanan Publik Kabupaten Sleman");

	sample_board(&b, 6, 0, NULL);
	rv |= sample_write(argv[1], "board-1920x1080-6", 1920, 1080, &rc, &b);
	rv |= sample_write(argv[1], "board-1280x720-6", 1280, 720, &rc, &b);
	sample_board(&b, 8, 0, NULL);
	rv |= sample_write(argv[1], "board-1080x1920-8", 1080, 1920, &rc, &b);
	sample_board(&b, 24, 1, "Loket 8 tidak terhubung sejak 09:12 "
	    "\u2014 periksa kabel jaringan");
	rv |= sample_write(argv[1], "board-1280x720-24", 1280, 720, &rc, &b);
	rv |= sample_write(argv[1], "board-1920x1080-24", 1920, 1080, &rc,
	    &b);
	sample_board(&b, 1, 0, NULL);
	b.nwaiting = 0;
	rv |= sample_write(argv[1], "board-1920x1080-1", 1920, 1080, &rc, &b);
	sample_board(&b, 24, 1, NULL);
	rv |= sample_write(argv[1], "board-1080x1920-24", 1080, 1920, &rc, &b);
	memset(&b, 0, sizeof(b));
	rv |= sample_write(argv[1], "board-1920x1080-empty", 1920, 1080, &rc,
	    &b);
	render_cleanup();
	return rv != 0;
}
