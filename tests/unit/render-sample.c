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
#include "sample-board.h"

static int
sample_write(const char *dir, const char *name, int w, int h,
    const struct render_conf *rc, const struct board *b, int lit)
{
	struct renderer *r;
	struct board before;
	struct output_conf oc;
	struct frame_meta m = { .board_json = "{\"sample\":true}",
	    .now_ms = SAMPLE_TIME_MS };
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
	if ((r = renderer_new(rc)) == NULL)
		goto out;
	/* lit: the newest call has just come, the hero is highlighted. */
	before = *b;
	if (lit && before.ncalls > 0)
		before.calls[0].time_ms--;
	renderer_set_board(r, &before, 0);
	renderer_set_board(r, b, 0);
	rv = renderer_draw(r, cr, output_width(o), output_height(o), 1,
	    SAMPLE_TIME_MS, NULL);
	renderer_free(r);
	if (rv < 0)
		goto out;
	rv = -1;
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
	char logo[200];
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
	rv |= sample_write(argv[1], "board-1920x1080-6", 1920, 1080, &rc, &b,
	    0);
	rv |= sample_write(argv[1], "board-1280x720-6", 1280, 720, &rc, &b, 0);
	sample_board(&b, 8, 0, NULL);
	rv |= sample_write(argv[1], "board-1080x1920-8", 1080, 1920, &rc, &b,
	    0);
	sample_board(&b, 24, 1, "Loket 8 tidak terhubung sejak 09:12 "
	    "\u2014 periksa kabel jaringan");
	rv |= sample_write(argv[1], "board-1280x720-24", 1280, 720, &rc, &b, 0);
	rv |= sample_write(argv[1], "board-1920x1080-24", 1920, 1080, &rc,
	    &b, 0);
	sample_board(&b, 1, 0, NULL);
	b.nwaiting = 0;
	rv |= sample_write(argv[1], "board-1920x1080-1", 1920, 1080, &rc, &b, 0);
	sample_board(&b, 24, 1, NULL);
	rv |= sample_write(argv[1], "board-1080x1920-24", 1080, 1920, &rc, &b, 0);
	memset(&b, 0, sizeof(b));
	rv |= sample_write(argv[1], "board-1920x1080-empty", 1920, 1080, &rc,
	    &b, 0);

	/* A hall with everything on: logo, running text, a call just made. */
	snprintf(logo, sizeof(logo), "%s/logo.png", argv[1]);
	if (sample_logo(logo, 256) == -1)
		return 1;
	snprintf(rc.logo, sizeof(rc.logo), "%s", logo);
	snprintf(rc.marquee, sizeof(rc.marquee), "Selamat datang. Layanan "
	    "buka Senin\u2013Jumat pukul 08.00\u201315.00 WIB. Siapkan KTP "
	    "asli dan fotokopi KK sebelum dipanggil. Layanan ini gratis, "
	    "tidak dipungut biaya.");
	sample_board(&b, 8, 0, NULL);
	rv |= sample_write(argv[1], "hall-1920x1080", 1920, 1080, &rc, &b, 1);
	rv |= sample_write(argv[1], "hall-1280x720", 1280, 720, &rc, &b, 1);
	rv |= sample_write(argv[1], "hall-3840x2160", 3840, 2160, &rc, &b, 0);
	rv |= sample_write(argv[1], "hall-1080x1920", 1080, 1920, &rc, &b, 1);
	render_cleanup();
	return rv != 0;
}
