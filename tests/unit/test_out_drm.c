/*
 * test_out_drm.c - the drm output (display/output/out-drm.c) against a fake
 * card: the handful of libdrm and libudev calls it makes are defined
 * here, so they replace the libraries' for the code under test. The
 * card is a FIFO: a page flip writes a byte to it and the "event" is
 * read back by the fake drmHandleEvent(), so the fd is really polled.
 * Dumb buffers are plain memory; the executable is linked with
 * --wrap=mmap64,--wrap=munmap so mapping one returns that memory.
 *
 * It checks what no test machine can show: the mode and CRTC chosen,
 * page flips with the damage of two frames, a frame arriving while a
 * flip is pending, a monitor plugged in after start-up and pulled out,
 * and the CRTC given back on close.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>
#include <libudev.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "output.h"
#include "logcap.h"

#define CONN_ID		31
#define ENC_ID		41
#define CONSOLE_FB	99
#define MAX_DUMBS	16
#define MAP_BASE	(1ULL << 36)	/* fake offsets, past 4 GiB */

struct fake_dumb {
	int		 live;
	int		 mapped;
	uint32_t	 w, h, pitch;
	uint64_t	 size;
	unsigned char	*mem;
};

static struct {
	char		*path;		/* the FIFO posing as the card */
	int		 master;	/* drmSetMaster() succeeds */
	int		 connected;
	int		 w, h;		/* the monitor's preferred mode */
	int		 forced;	/* a video= mode 1024x768 too */

	int		 setcrtc;	/* number of drmModeSetCrtc() calls */
	uint32_t	 crtc_id, crtc_fb, crtc_conn;
	int		 crtc_w, crtc_h;

	int		 flips;		/* number of drmModePageFlip() calls */
	int		 flip_pending;
	int		 flip_held;	/* the event is not sent yet */
	int		 card_fd;
	uint32_t	 flip_fb;
	void		*flip_data;

	struct fake_dumb dumbs[MAX_DUMBS];
	int		 created;	/* dumb buffers created, ever */

	int		 udev[2];	/* a byte per uevent */
	dev_t		 udev_devnum;
} fk;

/*
 * libdrm.
 */

int
drmIsMaster(int fd)
{
	return 0;
}

int
drmSetMaster(int fd)
{
	if (fk.master)
		return 0;
	errno = EACCES;
	return -1;
}

int
drmGetCap(int fd, uint64_t capability, uint64_t *value)
{
	*value = capability == DRM_CAP_DUMB_BUFFER;
	return 0;
}

int
drmIoctl(int fd, unsigned long request, void *arg)
{
	struct drm_mode_create_dumb *c = arg;
	struct drm_mode_map_dumb *m = arg;
	struct drm_mode_destroy_dumb *d = arg;
	struct fake_dumb *b;
	int i;

	switch (request) {
	case DRM_IOCTL_MODE_CREATE_DUMB:
		for (i = 0; i < MAX_DUMBS && fk.dumbs[i].live; i++)
			;
		assert_true(i < MAX_DUMBS);
		assert_int_equal(c->bpp, 32);
		b = &fk.dumbs[i];
		b->live = 1;
		b->w = c->width;
		b->h = c->height;
		/* Padded, as drivers do: the pitch must be honoured. */
		b->pitch = c->width * 4 + 64;
		b->size = (uint64_t)b->pitch * c->height;
		assert_non_null(b->mem = calloc(1, b->size));
		c->handle = (uint32_t)i + 1;
		c->pitch = b->pitch;
		c->size = b->size;
		fk.created++;
		return 0;
	case DRM_IOCTL_MODE_MAP_DUMB:
		assert_true(m->handle >= 1 && m->handle <= MAX_DUMBS);
		m->offset = MAP_BASE * m->handle;
		return 0;
	case DRM_IOCTL_MODE_DESTROY_DUMB:
		assert_true(d->handle >= 1 && d->handle <= MAX_DUMBS);
		b = &fk.dumbs[d->handle - 1];
		assert_true(b->live);
		assert_false(b->mapped);
		free(b->mem);
		memset(b, 0, sizeof(*b));
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

void	*__real_mmap64(void *, size_t, int, int, int, off64_t);
int	 __real_munmap(void *, size_t);
void	*__wrap_mmap64(void *, size_t, int, int, int, off64_t);
int	 __wrap_munmap(void *, size_t);

void *
__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd,
    off64_t off)
{
	struct fake_dumb *b;
	uint64_t h = (uint64_t)off / MAP_BASE;

	if ((uint64_t)off % MAP_BASE != 0 || h < 1 || h > MAX_DUMBS)
		return __real_mmap64(addr, len, prot, flags, fd, off);
	b = &fk.dumbs[h - 1];
	assert_true(b->live);
	assert_true(len <= b->size);
	b->mapped = 1;
	return b->mem;
}

int
__wrap_munmap(void *addr, size_t len)
{
	int i;

	for (i = 0; i < MAX_DUMBS; i++)
		if (fk.dumbs[i].live && fk.dumbs[i].mem == addr) {
			fk.dumbs[i].mapped = 0;
			return 0;
		}
	return __real_munmap(addr, len);
}

int
drmModeAddFB(int fd, uint32_t width, uint32_t height, uint8_t depth,
    uint8_t bpp, uint32_t pitch, uint32_t bo_handle, uint32_t *buf_id)
{
	struct fake_dumb *b = &fk.dumbs[bo_handle - 1];

	assert_true(b->live);
	assert_int_equal(depth, 24);
	assert_int_equal(bpp, 32);
	assert_int_equal(pitch, b->pitch);
	assert_int_equal(width, b->w);
	*buf_id = 100 + bo_handle;
	return 0;
}

int
drmModeRmFB(int fd, uint32_t id)
{
	assert_true(id > 100 && fk.dumbs[id - 101].live);
	return 0;
}

static uint32_t fk_connectors[] = { CONN_ID };
static uint32_t fk_crtcs[] = { 51, 52 };

drmModeResPtr
drmModeGetResources(int fd)
{
	drmModeRes *r = calloc(1, sizeof(*r));

	r->count_connectors = 1;
	r->connectors = fk_connectors;
	r->count_crtcs = 2;
	r->crtcs = fk_crtcs;
	return r;
}

void
drmModeFreeResources(drmModeResPtr r)
{
	free(r);
}

static void
fake_mode(drmModeModeInfo *m, int w, int h, uint32_t type)
{
	memset(m, 0, sizeof(*m));
	m->hdisplay = (uint16_t)w;
	m->vdisplay = (uint16_t)h;
	m->vrefresh = 60;
	m->type = type;
	snprintf(m->name, sizeof(m->name), "%dx%d", w, h);
}

drmModeConnectorPtr
drmModeGetConnector(int fd, uint32_t id)
{
	drmModeConnector *c;

	if (id != CONN_ID)
		return NULL;
	c = calloc(1, sizeof(*c));
	c->connector_id = CONN_ID;
	c->connector_type = DRM_MODE_CONNECTOR_HDMIA;
	c->connector_type_id = 1;
	c->connection = fk.connected ? DRM_MODE_CONNECTED :
	    DRM_MODE_DISCONNECTED;
	c->count_encoders = 1;
	c->encoders = calloc(1, sizeof(uint32_t));
	c->encoders[0] = ENC_ID;
	if (fk.connected) {
		/* The preferred mode is not the first one listed. */
		c->count_modes = 2;
		c->modes = calloc(2, sizeof(*c->modes));
		fake_mode(&c->modes[0], 800, 600, DRM_MODE_TYPE_DRIVER);
		fake_mode(&c->modes[1], fk.w, fk.h,
		    DRM_MODE_TYPE_DRIVER | DRM_MODE_TYPE_PREFERRED);
		if (fk.forced) {
			/* The kernel lists a video= mode after the TV's. */
			c->count_modes = 3;
			c->modes = realloc(c->modes, 3 * sizeof(*c->modes));
			fake_mode(&c->modes[2], 1024, 768,
			    DRM_MODE_TYPE_USERDEF);
		}
	}
	return c;
}

void
drmModeFreeConnector(drmModeConnectorPtr c)
{
	if (c == NULL)
		return;
	free(c->modes);
	free(c->encoders);
	free(c);
}

drmModeEncoderPtr
drmModeGetEncoder(int fd, uint32_t id)
{
	drmModeEncoder *e;

	if (id != ENC_ID)
		return NULL;
	e = calloc(1, sizeof(*e));
	e->encoder_id = ENC_ID;
	e->possible_crtcs = 0x2;	/* the second CRTC only */
	return e;
}

void
drmModeFreeEncoder(drmModeEncoderPtr e)
{
	free(e);
}

/* The console's CRTC, to be given back on close. */
drmModeCrtcPtr
drmModeGetCrtc(int fd, uint32_t id)
{
	drmModeCrtc *c = calloc(1, sizeof(*c));

	c->crtc_id = id;
	c->buffer_id = CONSOLE_FB;
	c->mode_valid = 1;
	fake_mode(&c->mode, 640, 480, DRM_MODE_TYPE_DRIVER);
	return c;
}

void
drmModeFreeCrtc(drmModeCrtcPtr c)
{
	free(c);
}

int
drmModeSetCrtc(int fd, uint32_t crtc, uint32_t fb, uint32_t x, uint32_t y,
    uint32_t *connectors, int count, drmModeModeInfoPtr mode)
{
	assert_int_equal(count, 1);
	fk.setcrtc++;
	fk.crtc_id = crtc;
	fk.crtc_fb = fb;
	fk.crtc_conn = connectors[0];
	fk.crtc_w = mode->hdisplay;
	fk.crtc_h = mode->vdisplay;
	return 0;
}

int
drmModePageFlip(int fd, uint32_t crtc, uint32_t fb, uint32_t flags,
    void *data)
{
	/* The kernel refuses a second flip before the first is done. */
	if (fk.flip_pending) {
		errno = EBUSY;
		return -EBUSY;
	}
	assert_int_equal(crtc, fk.crtc_id);
	assert_true(flags & DRM_MODE_PAGE_FLIP_EVENT);
	fk.flips++;
	fk.flip_pending = 1;
	fk.flip_fb = fb;
	fk.flip_data = data;
	fk.card_fd = fd;
	if (!fk.flip_held)
		assert_int_equal(write(fd, "f", 1), 1);
	return 0;
}

int
drmHandleEvent(int fd, drmEventContextPtr ec)
{
	char c;

	assert_int_equal(read(fd, &c, 1), 1);
	if (!fk.flip_pending)
		return 0;
	fk.flip_pending = 0;
	fk.crtc_fb = fk.flip_fb;
	ec->page_flip_handler(fd, 0, 0, 0, fk.flip_data);
	return 0;
}

/*
 * libudev.
 */

struct udev {
	int	unused;
};
struct udev_monitor {
	int	unused;
};
struct udev_device {
	int	unused;
};

static struct udev fk_udev;
static struct udev_monitor fk_mon;
static struct udev_device fk_dev;

struct udev *
udev_new(void)
{
	return &fk_udev;
}

struct udev *
udev_unref(struct udev *u)
{
	return NULL;
}

struct udev_monitor *
udev_monitor_new_from_netlink(struct udev *u, const char *name)
{
	assert_string_equal(name, "udev");
	return &fk_mon;
}

struct udev_monitor *
udev_monitor_unref(struct udev_monitor *m)
{
	return NULL;
}

int
udev_monitor_filter_add_match_subsystem_devtype(struct udev_monitor *m,
    const char *subsystem, const char *devtype)
{
	assert_string_equal(subsystem, "drm");
	return 0;
}

int
udev_monitor_enable_receiving(struct udev_monitor *m)
{
	return 0;
}

int
udev_monitor_get_fd(struct udev_monitor *m)
{
	return fk.udev[0];
}

struct udev_device *
udev_monitor_receive_device(struct udev_monitor *m)
{
	char c;

	return read(fk.udev[0], &c, 1) == 1 ? &fk_dev : NULL;
}

const char *
udev_device_get_action(struct udev_device *d)
{
	return "change";
}

dev_t
udev_device_get_devnum(struct udev_device *d)
{
	return fk.udev_devnum;
}

struct udev_device *
udev_device_unref(struct udev_device *d)
{
	return NULL;
}

/*
 * Helpers.
 */

static int
setup(void **state)
{
	char *p;

	memset(&fk, 0, sizeof(fk));
	/* A FIFO: it can be opened, polled, written and read. */
	p = tmpfile_with("");
	unlink(p);
	if (mkfifo(p, 0600) == -1 ||
	    pipe2(fk.udev, O_NONBLOCK | O_CLOEXEC) == -1)
		return -1;
	fk.path = p;
	fk.master = 1;
	fk.connected = 1;
	fk.w = 1280;
	fk.h = 720;
	return 0;
}

static int
teardown(void **state)
{
	int i;

	for (i = 0; i < MAX_DUMBS; i++)
		if (fk.dumbs[i].live)
			fail_msg("dumb buffer %d left behind", i + 1);
	unlink(fk.path);
	free(fk.path);
	close(fk.udev[0]);
	close(fk.udev[1]);
	return 0;
}

static struct output *
open_drm(int rotate, const char *connector)
{
	struct output_conf oc;
	struct output *o;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "drm");
	snprintf(oc.device, sizeof(oc.device), "%s", fk.path);
	snprintf(oc.connector, sizeof(oc.connector), "%s", connector);
	oc.rotate = rotate;
	oc.width = 640;
	oc.height = 480;
	logcap_start();
	o = output_open(&oc);
	logcap_stop();
	return o;
}

static void
uevent(void)
{
	assert_int_equal(write(fk.udev[1], "u", 1), 1);
}

/* What the screen shows at (x, y): the pixel of the buffer last set or
 * flipped to. */
static uint32_t
screen(int x, int y)
{
	struct fake_dumb *b;
	uint32_t v;

	assert_true(fk.crtc_fb > 100);
	b = &fk.dumbs[fk.crtc_fb - 101];
	assert_true(b->live);
	memcpy(&v, b->mem + (size_t)y * b->pitch + 4 * x, 4);
	return v & 0xffffff;
}

/* The same, in the buffer a pending flip is about to show. */
static uint32_t
next(int x, int y)
{
	uint32_t shown = fk.crtc_fb, v;

	assert_true(fk.flip_pending);
	fk.crtc_fb = fk.flip_fb;
	v = screen(x, y);
	fk.crtc_fb = shown;
	return v;
}

static void
fill(struct output *o, uint32_t rgb, int x, int y, int w, int h)
{
	cairo_t *cr = cairo_create(output_surface(o));

	cairo_set_source_rgb(cr, (rgb >> 16) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_destroy(cr);
}

static int
present_rect(struct output *o, int x, int y, int w, int h)
{
	cairo_rectangle_int_t r = { x, y, w, h };
	cairo_region_t *damage = cairo_region_create_rectangle(&r);
	int rv;

	rv = output_present(o, NULL, damage);
	cairo_region_destroy(damage);
	return rv;
}

/*
 * The tests.
 */

static void
test_flips(void **state)
{
	struct output *o;
	uint32_t a, b;

	(void)state;
	assert_non_null(o = open_drm(0, ""));
	assert_int_equal(output_width(o), 1280);
	assert_int_equal(output_height(o), 720);
	assert_int_not_equal(output_fd(o), -1);
	assert_int_equal(fk.setcrtc, 1);
	assert_int_equal(fk.crtc_id, 52);
	assert_int_equal(fk.crtc_conn, CONN_ID);
	assert_int_equal(fk.crtc_w, 1280);
	assert_int_equal(fk.crtc_h, 720);
	a = fk.crtc_fb;
	assert_int_equal(output_busy(o), 0);
	assert_int_equal(output_dispatch(o), 0);

	/* A whole frame goes to the other buffer. */
	fill(o, 0xff0000, 0, 0, 1280, 720);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, 1);
	b = fk.flip_fb;
	assert_int_not_equal(a, b);
	assert_int_equal(output_busy(o), 1);
	assert_int_equal(next(0, 0), 0xff0000);
	assert_int_equal(next(1279, 719), 0xff0000);

	/* A frame while the flip is pending waits in the shadow ... */
	fill(o, 0x00ff00, 10, 10, 5, 5);
	assert_int_equal(present_rect(o, 10, 10, 5, 5), 0);
	assert_int_equal(fk.flips, 1);
	/* ... and goes up as soon as the flip is done. The first buffer
	 * missed the red frame as well: it gets both. */
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(fk.crtc_fb, b);
	assert_int_equal(fk.flips, 2);
	assert_int_equal(fk.flip_fb, a);
	assert_int_equal(output_busy(o), 1);
	assert_int_equal(next(0, 0), 0xff0000);
	assert_int_equal(next(12, 12), 0x00ff00);
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(output_busy(o), 0);
	assert_int_equal(fk.crtc_fb, a);

	/* Nothing changed: no flip. */
	assert_int_equal(present_rect(o, 0, 0, 0, 0), 0);
	assert_int_equal(fk.flips, 2);

	/* The second buffer gets this frame's damage and the last one's. */
	fill(o, 0x0000ff, 100, 100, 4, 4);
	assert_int_equal(present_rect(o, 100, 100, 4, 4), 0);
	assert_int_equal(fk.flips, 3);
	assert_int_equal(fk.flip_fb, b);
	assert_int_equal(next(12, 12), 0x00ff00);
	assert_int_equal(next(101, 101), 0x0000ff);
	assert_int_equal(next(0, 0), 0xff0000);
	assert_int_equal(output_dispatch(o), 0);

	output_close(o);
	/* The console is back. */
	assert_int_equal(fk.crtc_fb, CONSOLE_FB);
	assert_int_equal(fk.crtc_id, 52);
	assert_int_equal(fk.crtc_w, 640);
}

static void
test_hotplug(void **state)
{
	struct output *o;
	int setcrtc, flips;

	(void)state;
	fk.connected = 0;
	assert_non_null(o = open_drm(90, ""));
	/* No monitor: the configured size, and frames go nowhere. */
	assert_int_equal(output_width(o), 640);
	assert_int_equal(output_height(o), 480);
	assert_int_equal(fk.setcrtc, 0);
	fill(o, 0xffffff, 0, 0, 640, 480);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, 0);
	assert_int_equal(output_busy(o), 0);
	assert_int_equal(output_dispatch(o), 0);

	/* A uevent of another card changes nothing. */
	fk.connected = 1;
	fk.w = 1920;
	fk.h = 1080;
	fk.udev_devnum = makedev(226, 7);
	uevent();
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(fk.setcrtc, 0);

	/* A monitor on its side appears: a board of the turned size. */
	fk.udev_devnum = 0;
	uevent();
	assert_int_equal(output_dispatch(o), 1);
	assert_int_equal(output_width(o), 1080);
	assert_int_equal(output_height(o), 1920);
	assert_int_equal(fk.setcrtc, 1);
	assert_int_equal(fk.crtc_w, 1920);
	assert_int_equal(fk.crtc_h, 1080);
	fill(o, 0xff0000, 0, 0, 1080, 1920);
	fill(o, 0x0000ff, 0, 0, 1, 1);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, 1);
	/* The board's top-left corner is at the screen's top right. */
	assert_int_equal(next(1919, 0), 0x0000ff);
	assert_int_equal(next(0, 0), 0xff0000);
	assert_int_equal(next(1918, 0), 0xff0000);
	assert_int_equal(next(1919, 1), 0xff0000);

	/* Pulled out with the flip still pending: nothing is busy and
	 * nothing is flipped any more. */
	fk.connected = 0;
	uevent();
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(output_busy(o), 0);
	flips = fk.flips;
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, flips);
	assert_int_equal(output_dispatch(o), 0);

	/* Back again: the mode is set anew, the buffers are kept. */
	fk.connected = 1;
	setcrtc = fk.setcrtc;
	uevent();
	assert_int_equal(output_dispatch(o), 1);
	assert_int_equal(fk.setcrtc, setcrtc + 1);
	assert_int_equal(fk.created, 2);
	assert_int_equal(output_width(o), 1080);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, flips + 1);
	assert_int_equal(output_dispatch(o), 0);

	output_close(o);
	assert_int_equal(fk.crtc_fb, CONSOLE_FB);
}

/*
 * A new monitor while the last flip on the old one is still under way:
 * the kernel refuses the next flip until that one is done, and the frame
 * must go up as soon as it is.
 */
static void
test_late_flip(void **state)
{
	struct output *o;

	(void)state;
	assert_non_null(o = open_drm(0, ""));
	fk.flip_held = 1;
	fill(o, 0xff0000, 0, 0, 1280, 720);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, 1);

	fk.w = 1024;
	fk.h = 768;
	uevent();
	assert_int_equal(output_dispatch(o), 1);
	assert_int_equal(fk.setcrtc, 2);
	assert_int_equal(output_width(o), 1024);
	fill(o, 0x00ff00, 0, 0, 1024, 768);
	assert_int_equal(output_present(o, NULL, NULL), 0);
	assert_int_equal(fk.flips, 1);		/* EBUSY: waits */

	/* The old flip's event arrives; the new frame follows it. */
	fk.flip_held = 0;
	assert_int_equal(write(fk.card_fd, "f", 1), 1);
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(fk.flips, 2);
	assert_int_equal(output_busy(o), 1);
	assert_int_equal(output_dispatch(o), 0);
	assert_int_equal(output_busy(o), 0);
	assert_int_equal(screen(0, 0), 0x00ff00);
	assert_int_equal(screen(1023, 767), 0x00ff00);
	output_close(o);
}

static void
test_connector_name(void **state)
{
	struct output_conf oc;
	struct output *o;
	const char *log;

	(void)state;
	assert_non_null(o = open_drm(0, "HDMI-A-1"));
	assert_int_equal(fk.setcrtc, 1);
	output_close(o);

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "drm");
	snprintf(oc.device, sizeof(oc.device), "%s", fk.path);
	snprintf(oc.connector, sizeof(oc.connector), "HDMI-A-2");
	logcap_start();
	assert_null(output_open(&oc));
	log = logcap_stop();
	if (strstr(log, fk.path) == NULL ||
	    strstr(log, "no connector named HDMI-A-2") == NULL)
		fail_msg("log:\n%s", log);
}

static void
test_not_master(void **state)
{
	struct output_conf oc;
	const char *log;

	(void)state;
	fk.master = 0;
	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "drm");
	snprintf(oc.device, sizeof(oc.device), "%s", fk.path);
	logcap_start();
	assert_null(output_open(&oc));
	log = logcap_stop();
	if (strstr(log, fk.path) == NULL || strstr(log, "DRM master") == NULL)
		fail_msg("log:\n%s", log);
	assert_int_equal(fk.setcrtc, 0);
}

/* A mode forced on the kernel command line wins over the preferred one. */
static void
test_forced_mode(void **state)
{
	struct output *o;

	(void)state;
	fk.forced = 1;
	assert_non_null(o = open_drm(0, ""));
	assert_int_equal(output_width(o), 1024);
	assert_int_equal(output_height(o), 768);
	output_close(o);
	fk.forced = 0;
	assert_non_null(o = open_drm(0, ""));
	assert_int_equal(output_width(o), 1280);
	output_close(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hotplug, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_late_flip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_connector_name, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forced_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_master, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
