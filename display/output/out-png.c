/*
 * out-png.c - the headless output: each frame becomes png_dir/latest.png,
 * written with libpng so the frame can carry the board it shows and its
 * time as text chunks (tests and remote support read them back).
 *
 * A reader must never see half a file, and a power cut must leave either
 * the old frame or the new one: write a temporary file in the same
 * directory, fsync it, rename it over latest.png, fsync the directory.
 * With png_keep > 0 the same file is also hard-linked as
 * frame-NNNNNN.png and only the newest png_keep of those are kept.
 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "atomicfile.h"
#include "log.h"

#define PNG_DEFAULT_W	1920
#define PNG_DEFAULT_H	1080
#define PNG_MAX_SIDE	8192

struct out_png {
	cairo_surface_t	*surface;
	int		 width, height;
	char		 dir[256];
	int		 keep;
	unsigned long	 seq;		/* number of the newest frame file */
	unsigned char	*row;		/* one converted row */
};

/* Returns n for "frame-<n>.png" (digits only), else 0. */
static unsigned long
out_png_frame_number(const char *name)
{
	const char *p;
	char *end;
	unsigned long n;

	if (strncmp(name, "frame-", 6) != 0)
		return 0;
	p = name + 6;
	if (*p < '0' || *p > '9')
		return 0;
	errno = 0;
	n = strtoul(p, &end, 10);
	if (errno != 0 || strcmp(end, ".png") != 0)
		return 0;
	return n;
}

static void
out_png_frame_path(const struct out_png *p, unsigned long n, char *buf,
    size_t len)
{
	snprintf(buf, len, "%s/frame-%06lu.png", p->dir, n);
}

/*
 * Continues the numbering of frames left by an earlier run, and drops
 * those that would be beyond png_keep once the next frame is written, so
 * a restart neither overwrites nor piles up frames.
 */
static int
out_png_scan(struct out_png *p)
{
	struct dirent *de;
	unsigned long n, max = 0;
	char path[PATH_MAX];
	DIR *d;

	if ((d = opendir(p->dir)) == NULL) {
		log_warn("png: %s", p->dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if ((n = out_png_frame_number(de->d_name)) > max)
			max = n;
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		n = out_png_frame_number(de->d_name);
		if (n == 0 || n + (unsigned long)p->keep > max + 1)
			continue;
		snprintf(path, sizeof(path), "%s/%s", p->dir, de->d_name);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("png: unlink %s", path);
	}
	closedir(d);
	p->seq = max;
	return 0;
}

static void
out_png_destroy(struct out_png *p)
{
	if (p == NULL)
		return;
	if (p->surface != NULL)
		cairo_surface_destroy(p->surface);
	free(p->row);
	free(p);
}

static void *
out_png_open(const struct output_conf *oc)
{
	struct out_png *p;
	struct stat st;

	if (oc->png_dir[0] == '\0') {
		log_warnx("png: no directory for frames (png_dir)");
		return NULL;
	}
	if (stat(oc->png_dir, &st) == -1) {
		log_warn("png: %s", oc->png_dir);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_warnx("png: %s: not a directory", oc->png_dir);
		return NULL;
	}
	if (oc->width > PNG_MAX_SIDE || oc->height > PNG_MAX_SIDE) {
		log_warnx("png: %dx%d is larger than %dx%d", oc->width,
		    oc->height, PNG_MAX_SIDE, PNG_MAX_SIDE);
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("png: calloc");
		return NULL;
	}
	p->width = oc->width > 0 ? oc->width : PNG_DEFAULT_W;
	p->height = oc->height > 0 ? oc->height : PNG_DEFAULT_H;
	p->keep = oc->png_keep > 0 ? oc->png_keep : 0;
	snprintf(p->dir, sizeof(p->dir), "%s", oc->png_dir);

	/* The board is opaque, so no alpha: smaller files, and nothing to
	 * un-premultiply on the way out. */
	p->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, p->width,
	    p->height);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
		log_warnx("png: cairo surface %dx%d: %s", p->width, p->height,
		    cairo_status_to_string(cairo_surface_status(p->surface)));
		goto err;
	}
	if ((p->row = malloc((size_t)p->width * 4)) == NULL) {
		log_warn("png: malloc");
		goto err;
	}
	if (p->keep > 0 && out_png_scan(p) == -1)
		goto err;
	return p;
err:
	out_png_destroy(p);
	return NULL;
}

static void
out_png_close(void *be)
{
	out_png_destroy(be);
}

static cairo_surface_t *
out_png_surface(void *be)
{
	struct out_png *p = be;

	return p->surface;
}

static void
out_png_size(const void *be, int *w, int *h)
{
	const struct out_png *p = be;

	*w = p->width;
	*h = p->height;
}

/*
 * One row of cairo pixels to PNG bytes. Cairo stores each pixel as a
 * native-endian 32-bit word 0xAARRGGBB, with colour premultiplied by
 * alpha in ARGB32 and the top byte unused in RGB24; PNG wants R, G, B
 * (and straight A) bytes in that order.
 */
static void
out_png_convert_row(cairo_format_t fmt, const unsigned char *src,
    unsigned char *dst, int width)
{
	uint32_t px, a, r, g, b;
	int x;

	for (x = 0; x < width; x++) {
		memcpy(&px, src + 4 * x, 4);
		r = (px >> 16) & 0xff;
		g = (px >> 8) & 0xff;
		b = px & 0xff;
		if (fmt != CAIRO_FORMAT_ARGB32) {
			dst[3 * x] = r;
			dst[3 * x + 1] = g;
			dst[3 * x + 2] = b;
			continue;
		}
		a = px >> 24;
		if (a != 0 && a != 255) {
			r = (r * 255 + a / 2) / a;
			g = (g * 255 + a / 2) / a;
			b = (b * 255 + a / 2) / a;
		}
		dst[4 * x] = r;
		dst[4 * x + 1] = g;
		dst[4 * x + 2] = b;
		dst[4 * x + 3] = a;
	}
}

static void
out_png_on_error(png_structp png, png_const_charp msg)
{
	log_warnx("png: %s", msg);
	png_longjmp(png, 1);
}

static void
out_png_on_warning(png_structp png, png_const_charp msg)
{
	log_warnx("png: %s", msg);
}

/*
 * Encodes the surface into fp. Kept apart from out_png_write() so that no
 * local variable changes between setjmp() and a longjmp() back into it.
 */
static int
out_png_encode(png_structp png, png_infop info, FILE *fp, struct out_png *p,
    const struct frame_meta *m)
{
	cairo_format_t fmt = cairo_image_surface_get_format(p->surface);
	const unsigned char *data;
	png_text text[5];
	char now[32];
	size_t i;
	int stride, ntext = 0, y;

	cairo_surface_flush(p->surface);
	data = cairo_image_surface_get_data(p->surface);
	stride = cairo_image_surface_get_stride(p->surface);
	if (data == NULL)
		return -1;

	/* tEXt is Latin-1 by the PNG spec and the board JSON is UTF-8: a
	 * board with a non-ASCII name goes into an iTXt chunk (UTF-8). */
	memset(text, 0, sizeof(text));
	if (m->board_json != NULL) {
		text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
		for (i = 0; m->board_json[i] != '\0'; i++)
			if ((unsigned char)m->board_json[i] >= 0x80)
				text[ntext].compression =
				    PNG_ITXT_COMPRESSION_NONE;
		text[ntext].key = (char *)"Antre-Board";
		text[ntext].text = (char *)m->board_json;
		ntext++;
	}
	snprintf(now, sizeof(now), "%lld", (long long)m->now_ms);
	text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
	text[ntext].key = (char *)"Antre-Time";
	text[ntext].text = now;
	ntext++;
	/* Which desks the frame's cards show: tests and auditors check
	 * them against the pixels. */
	if (m->page != NULL) {
		text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
		text[ntext].key = (char *)"Antre-Page";
		text[ntext].text = (char *)m->page;
		ntext++;
	}
	if (m->desks != NULL) {
		text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
		text[ntext].key = (char *)"Antre-Desks";
		text[ntext].text = (char *)m->desks;
		ntext++;
	}
	/* The running text the band shows: the office changes it live. */
	if (m->running != NULL) {
		text[ntext].compression = PNG_TEXT_COMPRESSION_NONE;
		for (i = 0; m->running[i] != '\0'; i++)
			if ((unsigned char)m->running[i] >= 0x80)
				text[ntext].compression =
				    PNG_ITXT_COMPRESSION_NONE;
		text[ntext].key = (char *)"Antre-Running";
		text[ntext].text = (char *)m->running;
		ntext++;
	}

	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_init_io(png, fp);
	png_set_IHDR(png, info, p->width, p->height, 8,
	    fmt == CAIRO_FORMAT_ARGB32 ? PNG_COLOR_TYPE_RGB_ALPHA :
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* A Pi writes a frame per change; favour speed over bytes. */
	png_set_compression_level(png, 3);
	png_set_text(png, info, text, ntext);
	png_write_info(png, info);
	for (y = 0; y < p->height; y++) {
		out_png_convert_row(fmt, data + (size_t)y * stride, p->row,
		    p->width);
		png_write_row(png, p->row);
	}
	png_write_end(png, info);
	return 0;
}

static int
out_png_write(FILE *fp, struct out_png *p, const struct frame_meta *m)
{
	png_structp png;
	png_infop info;
	int rv = -1;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    out_png_on_error, out_png_on_warning);
	if (png == NULL) {
		log_warnx("png: cannot create writer");
		return -1;
	}
	if ((info = png_create_info_struct(png)) == NULL) {
		log_warnx("png: cannot create info");
		goto out;
	}
	rv = out_png_encode(png, info, fp, p, m);
out:
	png_destroy_write_struct(&png, info != NULL ? &info : NULL);
	return rv;
}

/* The frame, whole on the disk under af->tmp. */
static int
out_png_write_tmp(struct out_png *p, const struct frame_meta *m,
    const char *path, struct atomic_file *af)
{
	/* The frame is meant to be read by others (a web page, a support
	 * tool). */
	if (atomic_open(af, path, 0644) == -1) {
		log_warn("png: %s", path);
		return -1;
	}
	if (out_png_write(af->f, p, m) == -1)
		goto err;
	if (atomic_sync(af) == -1) {
		log_warn("png: write %s", af->tmp);
		goto err;
	}
	return 0;
err:
	atomic_abort(af);
	return -1;
}

/* Links the new frame under its number and forgets the oldest one. */
static void
out_png_keep_frame(struct out_png *p, const char *tmp)
{
	char path[PATH_MAX];

	p->seq++;
	out_png_frame_path(p, p->seq, path, sizeof(path));
	if (link(tmp, path) == -1 && (errno != EEXIST || unlink(path) == -1 ||
	    link(tmp, path) == -1))
		log_warn("png: link %s", path);
	if (p->seq <= (unsigned long)p->keep)
		return;
	out_png_frame_path(p, p->seq - p->keep, path, sizeof(path));
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("png: unlink %s", path);
}

static int
out_png_present(void *be, const struct frame_meta *m,
    const cairo_region_t *damage)
{
	struct out_png *p = be;
	struct atomic_file af;
	char latest[PATH_MAX];

	(void)damage;	/* a file holds the whole frame */
	snprintf(latest, sizeof(latest), "%s/latest.png", p->dir);
	if (out_png_write_tmp(p, m, latest, &af) == -1)
		return -1;
	if (p->keep > 0)
		out_png_keep_frame(p, af.tmp);
	if (atomic_commit(&af) == -1) {
		log_warn("png: %s", af.path);
		return -1;
	}
	return 0;
}

const struct output_ops output_png_ops = {
	.name = "png",
	.open = out_png_open,
	.close = out_png_close,
	.surface = out_png_surface,
	.size = out_png_size,
	.present = out_png_present,
	.fd = NULL,
	.dispatch = NULL,
	.busy = NULL,
	/* Each frame is a compressed, fsynced file: a few a second is
	 * what a headless viewer or a test needs. */
	.max_fps = 4,
};
