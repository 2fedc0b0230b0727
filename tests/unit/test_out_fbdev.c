/*
 * test_out_fbdev.c - the fbdev output against a fake framebuffer: a
 * plain file stands in for /dev/fb0 (it can be mapped like one), and
 * the two FBIOGET ioctls are answered by the test. The executable is
 * linked with --wrap=ioctl, so only the calls of the code under test
 * come here.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/fb.h>

#include "output.h"
#include "logcap.h"

#define PAD	0xee	/* what the fake memory holds before a frame */

static struct {
	int				on;
	struct fb_var_screeninfo	var;
	struct fb_fix_screeninfo	fix;
	char				*path;
} fake;

int	__real_ioctl(int fd, unsigned long req, ...);
int	__wrap_ioctl(int fd, unsigned long req, ...);

int
__wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fake.on && req == FBIOGET_VSCREENINFO) {
		memcpy(arg, &fake.var, sizeof(fake.var));
		return 0;
	}
	if (fake.on && req == FBIOGET_FSCREENINFO) {
		memcpy(arg, &fake.fix, sizeof(fake.fix));
		return 0;
	}
	return __real_ioctl(fd, req, arg);
}

static void
fake_fb(int bpp, int xres, int yres, int line, int yoffset, size_t mem)
{
	unsigned char *buf;
	int fd;

	memset(&fake.var, 0, sizeof(fake.var));
	memset(&fake.fix, 0, sizeof(fake.fix));
	fake.var.xres = fake.var.xres_virtual = (uint32_t)xres;
	fake.var.yres = (uint32_t)yres;
	fake.var.yres_virtual = (uint32_t)(yres + yoffset);
	fake.var.yoffset = (uint32_t)yoffset;
	fake.var.bits_per_pixel = (uint32_t)bpp;
	if (bpp == 32) {
		fake.var.red = (struct fb_bitfield){ 16, 8, 0 };
		fake.var.green = (struct fb_bitfield){ 8, 8, 0 };
		fake.var.blue = (struct fb_bitfield){ 0, 8, 0 };
	} else if (bpp == 16) {
		fake.var.red = (struct fb_bitfield){ 11, 5, 0 };
		fake.var.green = (struct fb_bitfield){ 5, 6, 0 };
		fake.var.blue = (struct fb_bitfield){ 0, 5, 0 };
	} else {
		fake.var.red = (struct fb_bitfield){ 16, 8, 0 };
		fake.var.green = (struct fb_bitfield){ 8, 8, 0 };
		fake.var.blue = (struct fb_bitfield){ 0, 8, 0 };
	}
	fake.fix.line_length = (uint32_t)line;
	fake.fix.smem_len = (uint32_t)mem;
	fake.fix.type = FB_TYPE_PACKED_PIXELS;
	fake.fix.visual = FB_VISUAL_TRUECOLOR;

	if ((buf = malloc(mem)) == NULL)
		abort();
	memset(buf, PAD, mem);
	fake.path = tmpfile_with("");
	fd = open(fake.path, O_WRONLY);
	assert_true(fd != -1);
	assert_int_equal(write(fd, buf, mem), (ssize_t)mem);
	close(fd);
	free(buf);
	fake.on = 1;
}

static void
fake_done(void)
{
	fake.on = 0;
	unlink(fake.path);
	free(fake.path);
	fake.path = NULL;
}

static struct output *
open_fb(int rotate)
{
	struct output_conf oc;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "fbdev");
	snprintf(oc.device, sizeof(oc.device), "%s", fake.path);
	oc.rotate = rotate;
	return output_open(&oc);
}

static void
read_mem(unsigned char *buf, size_t len)
{
	int fd = open(fake.path, O_RDONLY);

	assert_true(fd != -1);
	assert_int_equal(pread(fd, buf, len, 0), (ssize_t)len);
	close(fd);
}

static void
fill(struct output *o, double r, double g, double b, int x, int y, int w,
    int h)
{
	cairo_t *cr = cairo_create(output_surface(o));

	cairo_set_source_rgb(cr, r, g, b);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_destroy(cr);
}

/* 32 bpp with padded lines and a panned screen: rows land line_length
 * apart from the visible start, the padding is never written. */
static void
test_xrgb_stride(void **state)
{
	unsigned char mem[64 * 8];
	struct output *o;
	uint32_t px;
	int x, y;

	(void)state;
	fake_fb(32, 10, 6, 64, 2, sizeof(mem));
	assert_non_null(o = open_fb(0));
	assert_int_equal(output_width(o), 10);
	assert_int_equal(output_height(o), 6);
	fill(o, 0, 0, 1, 0, 0, 10, 6);
	fill(o, 1, 0, 0, 0, 0, 1, 1);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	read_mem(mem, sizeof(mem));
	for (y = 0; y < 8; y++)
		for (x = 0; x < 16; x++) {
			memcpy(&px, mem + y * 64 + 4 * x, 4);
			if (y < 2 || x >= 10)
				assert_int_equal(px, 0xeeeeeeee);
			else if (x == 0 && y == 2)
				assert_int_equal(px & 0xffffff, 0xff0000);
			else
				assert_int_equal(px & 0xffffff, 0x0000ff);
		}
	output_close(o);
	fake_done();
}

/* 16 bpp on a screen mounted on its side: a 10x6 board on a 6x10
 * screen; only the damaged rectangle changes. */
static void
test_rgb565_turned(void **state)
{
	unsigned char mem[12 * 10];
	cairo_region_t *damage;
	cairo_rectangle_int_t r = { 2, 1, 3, 2 };
	struct output *o;
	uint16_t px, want;
	int x, y, bx, by;

	(void)state;
	fake_fb(16, 6, 10, 12, 0, sizeof(mem));
	assert_non_null(o = open_fb(90));
	assert_int_equal(output_width(o), 10);
	assert_int_equal(output_height(o), 6);
	fill(o, 1, 0, 0, 0, 0, 10, 6);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	fill(o, 0, 1, 0, 0, 0, 10, 6);
	damage = cairo_region_create_rectangle(&r);
	assert_int_equal(output_present(o, NULL, damage), 0);
	cairo_region_destroy(damage);
	read_mem(mem, sizeof(mem));
	for (y = 0; y < 10; y++)
		for (x = 0; x < 6; x++) {
			/* Screen (x, y) shows board (y, 5 - x). */
			bx = y;
			by = 5 - x;
			want = bx >= r.x && bx < r.x + r.width &&
			    by >= r.y && by < r.y + r.height ? 0x07e0 : 0xf800;
			memcpy(&px, mem + y * 12 + 2 * x, 2);
			if (px != want)
				fail_msg("screen (%d,%d) is %04x, want %04x",
				    x, y, px, want);
		}
	output_close(o);
	fake_done();
}

static void
expect_fail(const char *expect)
{
	const char *log;

	logcap_start();
	assert_null(open_fb(0));
	log = logcap_stop();
	if (strstr(log, fake.path) == NULL || strstr(log, expect) == NULL)
		fail_msg("want \"%s\", log:\n%s", expect, log);
	fake_done();
}

static void
test_errors(void **state)
{
	(void)state;
	fake_fb(24, 10, 6, 32, 0, 32 * 6);
	expect_fail("24 bits per pixel");
	fake_fb(32, 10, 6, 40, 0, 40 * 5);
	expect_fail("bytes of memory");
	fake_fb(32, 10, 6, 36, 0, 40 * 6);
	expect_fail("unusable geometry");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xrgb_stride),
		cmocka_unit_test(test_rgb565_turned),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
