/*
 * out-fbdev.c - the board on a Linux framebuffer device (/dev/fb0), for
 * systems where KMS is not available or not wanted. There is one buffer
 * and no page flip: the board is drawn on a shadow surface and only the
 * damaged part is copied into the mapped framebuffer, so tearing is
 * limited to the rectangles that change.
 */
#include "output.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/fb.h>

#include "log.h"

#define FBDEV_DEFAULT	"/dev/fb0"

struct out_fbdev {
	char		 path[128];
	int		 fd;
	unsigned char	*map;		/* the whole mapped framebuffer */
	size_t		 maplen;
	cairo_surface_t	*screen;	/* the visible part of map */
	cairo_surface_t	*shadow;	/* the board is drawn here */
	int		 width, height;	/* the board's size */
	int		 rotate;
};

static int
fbdev_is(const struct fb_bitfield *bf, unsigned int offset,
    unsigned int length)
{
	return bf->offset == offset && bf->length == length;
}

/* The cairo format that matches the framebuffer's pixels, or -1. */
static int
fbdev_format(const struct fb_var_screeninfo *var, cairo_format_t *fmt)
{
	if (var->bits_per_pixel == 32 && fbdev_is(&var->red, 16, 8) &&
	    fbdev_is(&var->green, 8, 8) && fbdev_is(&var->blue, 0, 8)) {
		*fmt = CAIRO_FORMAT_RGB24;
		return 0;
	}
	if (var->bits_per_pixel == 16 && fbdev_is(&var->red, 11, 5) &&
	    fbdev_is(&var->green, 5, 6) && fbdev_is(&var->blue, 0, 5)) {
		*fmt = CAIRO_FORMAT_RGB16_565;
		return 0;
	}
	return -1;
}

static void
fbdev_destroy(struct out_fbdev *f)
{
	if (f == NULL)
		return;
	if (f->shadow != NULL)
		cairo_surface_destroy(f->shadow);
	if (f->screen != NULL)
		cairo_surface_destroy(f->screen);
	if (f->map != NULL)
		munmap(f->map, f->maplen);
	if (f->fd != -1)
		close(f->fd);
	free(f);
}

static int
fbdev_map(struct out_fbdev *f)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	cairo_format_t fmt;
	size_t offset, need;
	int bpp;

	if (ioctl(f->fd, FBIOGET_VSCREENINFO, &var) == -1 ||
	    ioctl(f->fd, FBIOGET_FSCREENINFO, &fix) == -1) {
		log_warn("fbdev: %s: not a framebuffer", f->path);
		return -1;
	}
	if (fbdev_format(&var, &fmt) == -1) {
		log_warnx("fbdev: %s: %u bits per pixel (red %u/%u, green "
		    "%u/%u, blue %u/%u) not supported: only 32-bit XRGB8888 "
		    "and 16-bit RGB565", f->path, var.bits_per_pixel,
		    var.red.offset, var.red.length, var.green.offset,
		    var.green.length, var.blue.offset, var.blue.length);
		return -1;
	}
	bpp = var.bits_per_pixel / 8;
	if (var.xres == 0 || var.yres == 0 || var.xres > 16384 ||
	    var.yres > 16384 || fix.line_length < var.xres * bpp ||
	    fix.line_length % 4 != 0) {
		log_warnx("fbdev: %s: unusable geometry %ux%u, %u bytes a "
		    "line", f->path, var.xres, var.yres, fix.line_length);
		return -1;
	}
	/* The visible part may start further in when the console panned
	 * the screen. */
	offset = (size_t)var.yoffset * fix.line_length +
	    (size_t)var.xoffset * bpp;
	need = offset + (size_t)(var.yres - 1) * fix.line_length +
	    (size_t)var.xres * bpp;
	f->maplen = fix.smem_len;
	if (f->maplen < need) {
		log_warnx("fbdev: %s: %zu bytes of memory, %zu needed",
		    f->path, f->maplen, need);
		return -1;
	}
	f->map = mmap(NULL, f->maplen, PROT_READ | PROT_WRITE, MAP_SHARED,
	    f->fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		log_warn("fbdev: %s: mmap", f->path);
		return -1;
	}
	/* line_length, not the visible width, is the distance between
	 * rows: the driver may pad each line. */
	f->screen = cairo_image_surface_create_for_data(f->map + offset, fmt,
	    (int)var.xres, (int)var.yres, (int)fix.line_length);
	if (cairo_surface_status(f->screen) != CAIRO_STATUS_SUCCESS) {
		log_warnx("fbdev: %s: cairo surface: %s", f->path,
		    cairo_status_to_string(cairo_surface_status(f->screen)));
		return -1;
	}
	log_info("fbdev: %s: %ux%u, %u bpp, %u bytes a line", f->path,
	    var.xres, var.yres, var.bits_per_pixel, fix.line_length);
	return 0;
}

static void *
fbdev_open(const struct output_conf *oc)
{
	struct out_fbdev *f;
	int sw, sh;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		log_warn("fbdev: calloc");
		return NULL;
	}
	f->fd = -1;
	f->rotate = oc->rotate;
	snprintf(f->path, sizeof(f->path), "%s",
	    oc->device[0] != '\0' ? oc->device : FBDEV_DEFAULT);
	if ((f->fd = open(f->path, O_RDWR | O_CLOEXEC)) == -1) {
		log_warn("fbdev: cannot open %s", f->path);
		goto err;
	}
	if (fbdev_map(f) == -1)
		goto err;

	sw = cairo_image_surface_get_width(f->screen);
	sh = cairo_image_surface_get_height(f->screen);
	if (f->rotate == 90 || f->rotate == 270) {
		f->width = sh;
		f->height = sw;
	} else {
		f->width = sw;
		f->height = sh;
	}
	f->shadow = cairo_image_surface_create(CAIRO_FORMAT_RGB24, f->width,
	    f->height);
	if (cairo_surface_status(f->shadow) != CAIRO_STATUS_SUCCESS) {
		log_warnx("fbdev: cairo surface %dx%d: %s", f->width,
		    f->height,
		    cairo_status_to_string(cairo_surface_status(f->shadow)));
		goto err;
	}
	return f;
err:
	fbdev_destroy(f);
	return NULL;
}

static void
fbdev_close(void *be)
{
	fbdev_destroy(be);
}

static cairo_surface_t *
fbdev_surface(void *be)
{
	struct out_fbdev *f = be;

	return f->shadow;
}

static void
fbdev_size(const void *be, int *w, int *h)
{
	const struct out_fbdev *f = be;

	*w = f->width;
	*h = f->height;
}

static int
fbdev_present(void *be, const struct frame_meta *m,
    const cairo_region_t *damage)
{
	struct out_fbdev *f = be;

	(void)m;
	output_blit(f->screen, f->shadow, f->rotate, damage);
	return 0;
}

const struct output_ops output_fbdev_ops = {
	.name = "fbdev",
	.open = fbdev_open,
	.close = fbdev_close,
	.surface = fbdev_surface,
	.size = fbdev_size,
	.present = fbdev_present,
	.fd = NULL,
	.dispatch = NULL,
	.busy = NULL,
	.max_fps = 0,
};
