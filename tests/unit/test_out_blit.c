/*
 * test_out_blit.c - output_blit(), the shadow-to-screen copy of the drm
 * and fbdev outputs: every pixel lands where a clockwise quarter turn
 * puts it, nothing outside the damage is touched, RGB565 gets the right
 * bits. Also: the drm and fbdev outputs fail cleanly, naming the device,
 * when the device is missing or is not one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "output.h"
#include "logcap.h"

#define SENTINEL	0x00123456u

/* A colour per pixel, no two alike, so any misplaced pixel shows. */
static uint32_t
pattern(int x, int y)
{
	return ((uint32_t)(x & 0xff) << 16) | ((uint32_t)(y & 0xff) << 8) |
	    (uint32_t)((x * 7 + y * 13) & 0xff);
}

static uint32_t
get32(cairo_surface_t *s, int x, int y)
{
	unsigned char *p = cairo_image_surface_get_data(s);
	uint32_t v;

	cairo_surface_flush(s);
	memcpy(&v, p + (size_t)y * cairo_image_surface_get_stride(s) + 4 * x,
	    4);
	return v & 0x00ffffff;
}

static uint16_t
get16(cairo_surface_t *s, int x, int y)
{
	unsigned char *p = cairo_image_surface_get_data(s);
	uint16_t v;

	cairo_surface_flush(s);
	memcpy(&v, p + (size_t)y * cairo_image_surface_get_stride(s) + 2 * x,
	    2);
	return v;
}

static void
put32(cairo_surface_t *s, int x, int y, uint32_t v)
{
	unsigned char *p = cairo_image_surface_get_data(s);

	memcpy(p + (size_t)y * cairo_image_surface_get_stride(s) + 4 * x, &v,
	    4);
}

static cairo_surface_t *
make_src(cairo_format_t fmt, int w, int h, uint32_t (*colour)(int, int))
{
	cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
	int x, y;

	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			put32(s, x, y, 0xff000000u | colour(x, y));
	cairo_surface_mark_dirty(s);
	return s;
}

static cairo_surface_t *
make_dst(cairo_format_t fmt, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
	unsigned char *p;
	int x, y, stride;

	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	p = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (fmt == CAIRO_FORMAT_RGB16_565) {
				uint16_t v = 0x1234;

				memcpy(p + (size_t)y * stride + 2 * x, &v, 2);
			} else
				put32(s, x, y, SENTINEL);
		}
	cairo_surface_mark_dirty(s);
	return s;
}

/* Where pixel (x, y) of a w x h source lands, turned clockwise. */
static void
turn(int rotate, int w, int h, int x, int y, int *dx, int *dy)
{
	switch (rotate) {
	case 90:
		*dx = h - 1 - y;
		*dy = x;
		break;
	case 180:
		*dx = w - 1 - x;
		*dy = h - 1 - y;
		break;
	case 270:
		*dx = y;
		*dy = w - 1 - x;
		break;
	default:
		*dx = x;
		*dy = y;
		break;
	}
}

static void
check_full(cairo_format_t srcfmt, int w, int h)
{
	static const int rots[] = { 0, 90, 180, 270 };
	cairo_surface_t *src, *dst;
	int i, x, y, dx, dy, dw, dh;

	src = make_src(srcfmt, w, h, pattern);
	for (i = 0; i < 4; i++) {
		dw = rots[i] % 180 ? h : w;
		dh = rots[i] % 180 ? w : h;
		dst = make_dst(CAIRO_FORMAT_RGB24, dw, dh);
		output_blit(dst, src, rots[i], NULL);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++) {
				turn(rots[i], w, h, x, y, &dx, &dy);
				if (get32(dst, dx, dy) != pattern(x, y))
					fail_msg("%dx%d rotate %d: src (%d,%d) "
					    "-> dst (%d,%d) is %06x, want %06x",
					    w, h, rots[i], x, y, dx, dy,
					    get32(dst, dx, dy), pattern(x, y));
			}
		cairo_surface_destroy(dst);
	}
	cairo_surface_destroy(src);
}

/* The corners, spelt out: a turn the wrong way round cannot pass. */
static void
test_corners(void **state)
{
	cairo_surface_t *src, *dst;
	uint32_t tl, tr, bl, br;

	(void)state;
	src = make_src(CAIRO_FORMAT_RGB24, 7, 4, pattern);
	tl = pattern(0, 0);
	tr = pattern(6, 0);
	bl = pattern(0, 3);
	br = pattern(6, 3);

	dst = make_dst(CAIRO_FORMAT_RGB24, 7, 4);
	output_blit(dst, src, 0, NULL);
	assert_int_equal(get32(dst, 0, 0), tl);
	assert_int_equal(get32(dst, 6, 0), tr);
	assert_int_equal(get32(dst, 0, 3), bl);
	assert_int_equal(get32(dst, 6, 3), br);
	cairo_surface_destroy(dst);

	/* Clockwise: the left edge becomes the top. */
	dst = make_dst(CAIRO_FORMAT_RGB24, 4, 7);
	output_blit(dst, src, 90, NULL);
	assert_int_equal(get32(dst, 0, 0), bl);
	assert_int_equal(get32(dst, 3, 0), tl);
	assert_int_equal(get32(dst, 3, 6), tr);
	assert_int_equal(get32(dst, 0, 6), br);
	cairo_surface_destroy(dst);

	dst = make_dst(CAIRO_FORMAT_RGB24, 7, 4);
	output_blit(dst, src, 180, NULL);
	assert_int_equal(get32(dst, 0, 0), br);
	assert_int_equal(get32(dst, 6, 0), bl);
	assert_int_equal(get32(dst, 6, 3), tl);
	assert_int_equal(get32(dst, 0, 3), tr);
	cairo_surface_destroy(dst);

	/* Counter-clockwise, in effect: the right edge becomes the top. */
	dst = make_dst(CAIRO_FORMAT_RGB24, 4, 7);
	output_blit(dst, src, 270, NULL);
	assert_int_equal(get32(dst, 0, 0), tr);
	assert_int_equal(get32(dst, 3, 0), br);
	assert_int_equal(get32(dst, 3, 6), bl);
	assert_int_equal(get32(dst, 0, 6), tl);
	cairo_surface_destroy(dst);

	cairo_surface_destroy(src);
}

/* Every pixel, small and odd-sized, and large enough for pixman's tiled
 * rotation paths. */
static void
test_every_pixel(void **state)
{
	(void)state;
	check_full(CAIRO_FORMAT_RGB24, 7, 4);
	check_full(CAIRO_FORMAT_RGB24, 1, 1);
	check_full(CAIRO_FORMAT_RGB24, 1, 5);
	check_full(CAIRO_FORMAT_RGB24, 97, 61);
	check_full(CAIRO_FORMAT_RGB24, 250, 131);
	check_full(CAIRO_FORMAT_ARGB32, 33, 18);
}

static void
test_damage(void **state)
{
	static const int rots[] = { 0, 90, 180, 270 };
	/* Two rectangles, and one reaching past the top-left corner:
	 * only its part on the board, pixel (0, 0), may be copied. */
	static const cairo_rectangle_int_t rects[] = {
		{ 1, 1, 2, 1 }, { 5, 2, 2, 2 }, { -2, -2, 3, 3 },
	};
	cairo_surface_t *src, *dst;
	cairo_region_t *damage;
	cairo_rectangle_int_t in;
	int i, x, y, dx, dy, w = 7, h = 4;
	uint32_t want;

	(void)state;
	src = make_src(CAIRO_FORMAT_RGB24, w, h, pattern);
	damage = cairo_region_create_rectangles(rects, 3);
	for (i = 0; i < 4; i++) {
		dst = make_dst(CAIRO_FORMAT_RGB24, rots[i] % 180 ? h : w,
		    rots[i] % 180 ? w : h);
		output_blit(dst, src, rots[i], damage);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++) {
				in.x = x;
				in.y = y;
				in.width = in.height = 1;
				want = cairo_region_contains_rectangle(damage,
				    &in) == CAIRO_REGION_OVERLAP_IN ?
				    pattern(x, y) : SENTINEL;
				turn(rots[i], w, h, x, y, &dx, &dy);
				if (get32(dst, dx, dy) != want)
					fail_msg("rotate %d: dst (%d,%d) is "
					    "%06x, want %06x", rots[i], dx, dy,
					    get32(dst, dx, dy), want);
			}
		cairo_surface_destroy(dst);
	}

	/* Damage wholly off the board copies nothing at all. */
	cairo_region_destroy(damage);
	in.x = 50;
	in.y = 0;
	in.width = in.height = 10;
	damage = cairo_region_create_rectangle(&in);
	dst = make_dst(CAIRO_FORMAT_RGB24, h, w);
	output_blit(dst, src, 90, damage);
	for (y = 0; y < w; y++)
		for (x = 0; x < h; x++)
			assert_int_equal(get32(dst, x, y), SENTINEL);
	cairo_surface_destroy(dst);

	cairo_region_destroy(damage);
	cairo_surface_destroy(src);
}

static uint32_t
pure(int x, int y)
{
	static const uint32_t c[] = { 0xff0000, 0x00ff00, 0x0000ff,
	    0xffffff, 0x000000 };

	return c[(x + y) % 5];
}

static uint16_t
pure565(uint32_t rgb)
{
	switch (rgb) {
	case 0xff0000:
		return 0xf800;
	case 0x00ff00:
		return 0x07e0;
	case 0x0000ff:
		return 0x001f;
	case 0xffffff:
		return 0xffff;
	default:
		return 0x0000;
	}
}

static void
test_rgb565(void **state)
{
	static const int rots[] = { 0, 90, 180, 270 };
	cairo_surface_t *src, *dst;
	int i, x, y, dx, dy, w = 9, h = 5;

	(void)state;
	src = make_src(CAIRO_FORMAT_RGB24, w, h, pure);
	dst = make_dst(CAIRO_FORMAT_RGB16_565, w, h);
	output_blit(dst, src, 0, NULL);
	assert_int_equal(get16(dst, 0, 0), 0xf800);	/* red */
	assert_int_equal(get16(dst, 1, 0), 0x07e0);	/* green */
	assert_int_equal(get16(dst, 2, 0), 0x001f);	/* blue */
	assert_int_equal(get16(dst, 3, 0), 0xffff);	/* white */
	assert_int_equal(get16(dst, 4, 0), 0x0000);	/* black */
	cairo_surface_destroy(dst);

	for (i = 0; i < 4; i++) {
		dst = make_dst(CAIRO_FORMAT_RGB16_565, rots[i] % 180 ? h : w,
		    rots[i] % 180 ? w : h);
		output_blit(dst, src, rots[i], NULL);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++) {
				turn(rots[i], w, h, x, y, &dx, &dy);
				if (get16(dst, dx, dy) != pure565(pure(x, y)))
					fail_msg("rotate %d: dst (%d,%d) is "
					    "%04x, want %04x", rots[i], dx, dy,
					    get16(dst, dx, dy),
					    pure565(pure(x, y)));
			}
		cairo_surface_destroy(dst);
	}
	cairo_surface_destroy(src);
}

/* Opens kind on device and checks it fails with a line naming device
 * and containing expect. */
static void
expect_open_error(const char *kind, const char *device, const char *expect)
{
	struct output_conf oc;
	struct output *o;
	const char *log;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "%s", kind);
	snprintf(oc.device, sizeof(oc.device), "%s", device);
	oc.width = 640;
	oc.height = 480;
	logcap_start();
	o = output_open(&oc);
	log = logcap_stop();
	if (o != NULL) {
		output_close(o);
		fail_msg("%s on %s opened", kind, device);
	}
	if (strstr(log, device) == NULL || strstr(log, expect) == NULL)
		fail_msg("%s on %s: want \"%s\", log:\n%s", kind, device,
		    expect, log);
}

static void
test_open_errors(void **state)
{
	char *file = tmpfile_with("not a device\n");

	(void)state;
	expect_open_error("drm", "/nonexistent/dri/card9",
	    "No such file or directory");
	expect_open_error("fbdev", "/nonexistent/fb7",
	    "No such file or directory");
	expect_open_error("drm", file, "not a KMS display device");
	expect_open_error("fbdev", file, "not a framebuffer");
	unlink(file);
	free(file);
}

/* With no device named, drm looks through /dev/dri and says so when
 * there is nothing there (as on a build machine). */
static void
test_drm_no_cards(void **state)
{
	struct output_conf oc;
	struct stat st;
	const char *log;

	(void)state;
	if (stat("/dev/dri", &st) == 0)
		skip();
	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "drm");
	logcap_start();
	assert_null(output_open(&oc));
	log = logcap_stop();
	if (strstr(log, "/dev/dri") == NULL)
		fail_msg("log:\n%s", log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corners),
		cmocka_unit_test(test_every_pixel),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_rgb565),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_drm_no_cards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
