/*
 * out-drm.c - the board on a monitor or TV through DRM/KMS, the way the
 * central Raspberry Pi shows it without X. The only file that includes
 * <xf86drm.h> and <xf86drmMode.h>.
 *
 * The board is drawn on a shadow surface in ordinary memory. present()
 * copies what changed into the back one of two dumb buffers (turned when
 * the screen is mounted on its side) and asks for a page flip; the flip
 * is done at the next vblank and reported as an event on the DRM fd,
 * which dispatch() reads when the main loop's poll() says so. Nothing
 * here waits for the screen.
 *
 * A monitor may be missing at start-up and may come and go at any time
 * (a TV switched off at night, a cable moved). udev reports each change
 * on the drm subsystem and the connectors are probed again then. The DRM
 * fd and the udev monitor's fd sit in one epoll set, so the main loop
 * polls a single descriptor.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libudev.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "log.h"

#define DRM_DEFAULT_W	1920
#define DRM_DEFAULT_H	1080
#define DRM_MAX_CARDS	16

enum drm_source {
	DRM_SRC_CARD,
	DRM_SRC_UDEV,
};

struct drm_buf {
	uint32_t	 handle;	/* GEM handle of the dumb buffer */
	uint32_t	 fb;		/* framebuffer id, 0 if none */
	uint32_t	 pitch;
	uint64_t	 size;
	unsigned char	*map;
	cairo_surface_t	*surface;	/* wraps map */
	cairo_region_t	*stale;		/* where it differs from the shadow,
					 * in board coordinates */
};

struct out_drm {
	char		 path[128];
	char		 want[32];	/* connector name from the config */
	int		 fd;
	dev_t		 devnum;
	int		 epfd;
	struct udev	*udev;
	struct udev_monitor *mon;

	int		 rotate;
	cairo_surface_t	*shadow;	/* the board is drawn here */
	int		 width, height;	/* the shadow's (the board's) size */

	int		 active;	/* a mode is set: frames are shown */
	uint32_t	 conn;
	char		 conn_name[32];
	uint32_t	 crtc;
	drmModeModeInfo	 mode;
	struct drm_buf	 buf[2];
	int		 buf_w, buf_h;	/* 0 while there are no buffers */
	int		 front;		/* index of the buffer on screen */
	int		 pending;	/* a flip to the other one is asked */
	int		 deferred;	/* a frame came while pending */

	drmModeCrtc	*saved;		/* the CRTC as we found it */
	uint32_t	 saved_conn;
};

/* The kernel's names for connector types, as in "HDMI-A-1". */
static const char *const drm_type_names[] = {
	"Unknown", "VGA", "DVI-I", "DVI-D", "DVI-A", "Composite", "SVIDEO",
	"LVDS", "Component", "DIN", "DP", "HDMI-A", "HDMI-B", "TV", "eDP",
	"Virtual", "DSI", "DPI", "Writeback", "SPI", "USB",
};

static const char *
drm_type_name(uint32_t type)
{
#ifdef HAVE_DRM_CONNECTOR_TYPE_NAME
	const char *s;

	/* libdrm knows the types added after this table was written. */
	if ((s = drmModeGetConnectorTypeName(type)) != NULL)
		return s;
#endif
	if (type < sizeof(drm_type_names) / sizeof(drm_type_names[0]))
		return drm_type_names[type];
	return "Unknown";
}

static void
drm_conn_name(const drmModeConnector *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%u", drm_type_name(c->connector_type),
	    c->connector_type_id);
}

/*
 * The connector to show the board on: connected, with modes, named
 * want if that is set. prefer (if not 0) wins over the others so that a
 * second monitor plugged in does not steal the board. *seen counts the
 * connectors that match the name, connected or not. The caller frees
 * the result.
 */
static drmModeConnector *
drm_find_connector(int fd, const drmModeRes *res, const char *want,
    uint32_t prefer, int *seen)
{
	drmModeConnector *c, *found = NULL;
	char name[32];
	int i;

	*seen = 0;
	for (i = 0; i < res->count_connectors; i++) {
		if ((c = drmModeGetConnector(fd, res->connectors[i])) == NULL)
			continue;
		drm_conn_name(c, name, sizeof(name));
		if (want[0] != '\0' && strcmp(name, want) != 0) {
			drmModeFreeConnector(c);
			continue;
		}
		(*seen)++;
		if (c->connection != DRM_MODE_CONNECTED ||
		    c->count_modes == 0 || (found != NULL &&
		    c->connector_id != prefer)) {
			drmModeFreeConnector(c);
			continue;
		}
		if (found != NULL)
			drmModeFreeConnector(found);
		found = c;
	}
	return found;
}

static drmModeModeInfo *
drm_preferred_mode(drmModeConnector *c)
{
	int i;

	/* A mode forced on the kernel command line (video=HDMI-A-1:...)
	 * wins: it is how a technician overrides a TV's wrong EDID or
	 * runs a 4K TV at 1080p. */
	for (i = 0; i < c->count_modes; i++)
		if (c->modes[i].type & DRM_MODE_TYPE_USERDEF)
			return &c->modes[i];
	for (i = 0; i < c->count_modes; i++)
		if (c->modes[i].type & DRM_MODE_TYPE_PREFERRED)
			return &c->modes[i];
	/* Drivers list the best mode first when none is marked. */
	return &c->modes[0];
}

static uint32_t
drm_find_crtc(int fd, const drmModeRes *res, const drmModeConnector *c)
{
	drmModeEncoder *enc;
	uint32_t crtc = 0;
	int i, j;

	/* The CRTC that already drives the connector (the console's)
	 * needs no new routing. */
	if (c->encoder_id != 0 &&
	    (enc = drmModeGetEncoder(fd, c->encoder_id)) != NULL) {
		crtc = enc->crtc_id;
		drmModeFreeEncoder(enc);
		if (crtc != 0)
			return crtc;
	}
	for (i = 0; i < c->count_encoders; i++) {
		if ((enc = drmModeGetEncoder(fd, c->encoders[i])) == NULL)
			continue;
		for (j = 0; j < res->count_crtcs && j < 32; j++) {
			if (enc->possible_crtcs & (1u << j)) {
				crtc = res->crtcs[j];
				break;
			}
		}
		drmModeFreeEncoder(enc);
		if (crtc != 0)
			return crtc;
	}
	return 0;
}

/*
 * How well the card behind fd suits the board: 2 if a matching connector
 * is connected, 1 if it has a matching connector, 0 if it cannot show
 * anything (a render-only GPU, or no connector of that name).
 */
static int
drm_card_score(int fd, const char *want)
{
	drmModeConnector *c;
	drmModeRes *res;
	int seen;

	if ((res = drmModeGetResources(fd)) == NULL)
		return 0;
	c = drm_find_connector(fd, res, want, 0, &seen);
	drmModeFreeResources(res);
	if (c != NULL) {
		drmModeFreeConnector(c);
		return 2;
	}
	return seen > 0 ? 1 : 0;
}

/* No device in the config: the first card with a monitor on it, else
 * the first that could have one. */
static int
drm_scan(struct out_drm *d)
{
	char path[32], failed[96] = "";
	int i, fd, score, best = 0;

	for (i = 0; i < DRM_MAX_CARDS && best < 2; i++) {
		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1) {
			if (errno != ENOENT)
				snprintf(failed, sizeof(failed), " (%s: %s)",
				    path, strerror(errno));
			continue;
		}
		if ((score = drm_card_score(fd, d->want)) <= best) {
			close(fd);
			continue;
		}
		if (d->fd != -1)
			close(d->fd);
		d->fd = fd;
		best = score;
		snprintf(d->path, sizeof(d->path), "%s", path);
	}
	if (d->fd == -1) {
		if (d->want[0] != '\0')
			log_warnx("drm: no card in /dev/dri has a connector "
			    "named %s%s", d->want, failed);
		else
			log_warnx("drm: no card in /dev/dri can drive a "
			    "display%s", failed);
		return -1;
	}
	return 0;
}

static int
drm_open_device(struct out_drm *d)
{
	drmModeRes *res;
	struct stat st;
	uint64_t cap = 0;

	if (d->path[0] != '\0') {
		if ((d->fd = open(d->path, O_RDWR | O_CLOEXEC)) == -1) {
			log_warn("drm: cannot open %s", d->path);
			return -1;
		}
		if ((res = drmModeGetResources(d->fd)) == NULL) {
			log_warn("drm: %s: not a KMS display device",
			    d->path);
			return -1;
		}
		drmModeFreeResources(res);
	} else if (drm_scan(d) == -1)
		return -1;

	/* Only the master may set modes. The first program to open a card
	 * becomes master by itself; failing that, X or a compositor holds
	 * the screen. */
	if (!drmIsMaster(d->fd) && drmSetMaster(d->fd) != 0) {
		log_warn("drm: %s: cannot become DRM master (is X, a "
		    "compositor or another antre-display using it?)", d->path);
		return -1;
	}
	if (drmGetCap(d->fd, DRM_CAP_DUMB_BUFFER, &cap) != 0 || cap == 0) {
		log_warnx("drm: %s: driver has no dumb buffers", d->path);
		return -1;
	}
	if (fstat(d->fd, &st) == -1) {
		log_warn("drm: %s", d->path);
		return -1;
	}
	d->devnum = st.st_rdev;
	return 0;
}

static void
drm_buf_destroy(struct out_drm *d, struct drm_buf *b)
{
	struct drm_mode_destroy_dumb dreq;

	if (b->surface != NULL)
		cairo_surface_destroy(b->surface);
	if (b->stale != NULL)
		cairo_region_destroy(b->stale);
	if (b->map != NULL)
		munmap(b->map, b->size);
	if (b->fb != 0)
		drmModeRmFB(d->fd, b->fb);
	if (b->handle != 0) {
		memset(&dreq, 0, sizeof(dreq));
		dreq.handle = b->handle;
		drmIoctl(d->fd, DRM_IOCTL_MODE_DESTROY_DUMB, &dreq);
	}
	memset(b, 0, sizeof(*b));
}

static void
drm_bufs_destroy(struct out_drm *d)
{
	drm_buf_destroy(d, &d->buf[0]);
	drm_buf_destroy(d, &d->buf[1]);
	d->buf_w = d->buf_h = 0;
}

static int
drm_buf_create(struct out_drm *d, struct drm_buf *b, int w, int h)
{
	struct drm_mode_create_dumb creq;
	struct drm_mode_map_dumb mreq;
	void *map;

	memset(&creq, 0, sizeof(creq));
	creq.width = (uint32_t)w;
	creq.height = (uint32_t)h;
	creq.bpp = 32;
	if (drmIoctl(d->fd, DRM_IOCTL_MODE_CREATE_DUMB, &creq) == -1) {
		log_warn("drm: %s: dumb buffer %dx%d", d->path, w, h);
		return -1;
	}
	b->handle = creq.handle;
	b->pitch = creq.pitch;
	b->size = creq.size;
	/* XRGB8888: the same bytes as cairo's RGB24 on a little-endian
	 * machine. */
	if (drmModeAddFB(d->fd, (uint32_t)w, (uint32_t)h, 24, 32, b->pitch,
	    b->handle, &b->fb) != 0) {
		log_warn("drm: %s: framebuffer %dx%d", d->path, w, h);
		b->fb = 0;
		goto err;
	}
	memset(&mreq, 0, sizeof(mreq));
	mreq.handle = b->handle;
	if (drmIoctl(d->fd, DRM_IOCTL_MODE_MAP_DUMB, &mreq) == -1) {
		log_warn("drm: %s: map dumb buffer", d->path);
		goto err;
	}
	/* The offset is a cookie that may lie past 4 GiB: a 32-bit
	 * userland on a 64-bit kernel needs the 64-bit call. */
	map = mmap64(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED,
	    d->fd, (off64_t)mreq.offset);
	if (map == MAP_FAILED) {
		log_warn("drm: %s: mmap", d->path);
		goto err;
	}
	b->map = map;
	b->surface = cairo_image_surface_create_for_data(b->map,
	    CAIRO_FORMAT_RGB24, w, h, (int)b->pitch);
	if (cairo_surface_status(b->surface) != CAIRO_STATUS_SUCCESS) {
		log_warnx("drm: %s: cairo surface %dx%d: %s", d->path, w, h,
		    cairo_status_to_string(cairo_surface_status(b->surface)));
		goto err;
	}
	b->stale = cairo_region_create();
	return 0;
err:
	drm_buf_destroy(d, b);
	return -1;
}

/* Makes the shadow w x h. 1 if it was made anew (and is blank), 0 if it
 * already had that size, -1 on error. */
static int
drm_shadow(struct out_drm *d, int w, int h)
{
	cairo_surface_t *s;

	if (d->shadow != NULL && d->width == w && d->height == h)
		return 0;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		log_warnx("drm: cairo surface %dx%d: %s", w, h,
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return -1;
	}
	if (d->shadow != NULL)
		cairo_surface_destroy(d->shadow);
	d->shadow = s;
	d->width = w;
	d->height = h;
	return 1;
}

/* Marks the whole of b, or the part in damage, as out of date. */
static void
drm_stale_add(struct out_drm *d, struct drm_buf *b,
    const cairo_region_t *damage)
{
	cairo_rectangle_int_t all = { 0, 0, d->width, d->height };

	if (damage != NULL)
		cairo_region_union(b->stale, damage);
	else
		cairo_region_union_rectangle(b->stale, &all);
}

static void
drm_stale_clear(struct drm_buf *b)
{
	cairo_rectangle_int_t none = { 0, 0, 0, 0 };

	cairo_region_intersect_rectangle(b->stale, &none);
}

/*
 * Shows the board on connector c: its preferred mode, a CRTC for it,
 * two buffers of that size. The shadow's current content goes up at
 * once. 1 if the board must be drawn anew (always, since the size may
 * have changed), -1 on error with the board not shown.
 */
static int
drm_activate(struct out_drm *d, const drmModeRes *res, drmModeConnector *c)
{
	drmModeModeInfo *mode = drm_preferred_mode(c);
	uint32_t crtc;
	int w = mode->hdisplay, h = mode->vdisplay, turned;

	d->active = 0;
	/* A flip asked of the old mode may still report; it no longer
	 * says anything about these buffers. */
	d->pending = 0;
	d->deferred = 0;
	drm_conn_name(c, d->conn_name, sizeof(d->conn_name));
	if ((crtc = drm_find_crtc(d->fd, res, c)) == 0) {
		log_warnx("drm: %s: %s: no CRTC can drive it", d->path,
		    d->conn_name);
		return -1;
	}
	turned = d->rotate == 90 || d->rotate == 270;
	if (drm_shadow(d, turned ? h : w, turned ? w : h) == -1)
		return -1;
	if (d->buf_w != w || d->buf_h != h) {
		drm_bufs_destroy(d);
		if (drm_buf_create(d, &d->buf[0], w, h) == -1 ||
		    drm_buf_create(d, &d->buf[1], w, h) == -1) {
			drm_bufs_destroy(d);
			return -1;
		}
		d->buf_w = w;
		d->buf_h = h;
	}
	if (d->saved == NULL) {
		d->saved = drmModeGetCrtc(d->fd, crtc);
		d->saved_conn = c->connector_id;
	}

	d->front = 0;
	output_blit(d->buf[0].surface, d->shadow, d->rotate, NULL);
	drm_stale_clear(&d->buf[0]);
	drm_stale_add(d, &d->buf[1], NULL);
	if (drmModeSetCrtc(d->fd, crtc, d->buf[0].fb, 0, 0, &c->connector_id,
	    1, mode) != 0) {
		log_warn("drm: %s: %s: cannot set mode %dx%d", d->path,
		    d->conn_name, w, h);
		return -1;
	}
	d->crtc = crtc;
	d->conn = c->connector_id;
	d->mode = *mode;
	d->active = 1;
	log_info("drm: %s: %s, %dx%d at %u Hz%s", d->path, d->conn_name, w, h,
	    mode->vrefresh, d->rotate != 0 ? ", board turned" : "");
	return 1;
}

/* Looks at the connectors again after udev said something changed. 1 if
 * the board must be drawn anew. */
static int
drm_hotplug(struct out_drm *d)
{
	drmModeConnector *c;
	drmModeRes *res;
	int r = 0, seen, w = d->width, h = d->height;

	if ((res = drmModeGetResources(d->fd)) == NULL) {
		log_warn("drm: %s: resources", d->path);
		return 0;
	}
	c = drm_find_connector(d->fd, res, d->want, d->active ? d->conn : 0,
	    &seen);
	if (c == NULL) {
		if (d->active)
			log_info("drm: %s: %s disconnected, board not shown",
			    d->path, d->conn_name);
		d->active = 0;
		d->pending = 0;
		d->deferred = 0;
	} else if (!d->active || c->connector_id != d->conn ||
	    memcmp(drm_preferred_mode(c), &d->mode, sizeof(d->mode)) != 0) {
		r = drm_activate(d, res, c) == 1;
	}
	if (c != NULL)
		drmModeFreeConnector(c);
	drmModeFreeResources(res);
	/* A failed activation may still have resized the shadow. */
	return r || d->width != w || d->height != h;
}

/*
 * Brings the back buffer up to date with the shadow and asks for it to
 * be shown at the next vblank. The back buffer missed the frame that went
 * into the front one, so its stale region holds that frame's damage too.
 */
static int
drm_flip(struct out_drm *d)
{
	struct drm_buf *front = &d->buf[d->front];
	struct drm_buf *back = &d->buf[d->front ^ 1];

	d->deferred = 0;
	if (cairo_region_is_empty(front->stale))
		return 0;	/* the screen already shows it all */
	if (!cairo_region_is_empty(back->stale)) {
		output_blit(back->surface, d->shadow, d->rotate, back->stale);
		drm_stale_clear(back);
	}
	if (drmModePageFlip(d->fd, d->crtc, back->fb,
	    DRM_MODE_PAGE_FLIP_EVENT, d) != 0) {
		/* A flip asked before the monitor came back may still be
		 * under way: try again once the kernel reports it. */
		if (errno == EBUSY) {
			d->deferred = 1;
			return 0;
		}
		log_warn("drm: %s: page flip", d->path);
		return -1;
	}
	d->pending = 1;
	return 0;
}

static void
drm_on_flip(int fd, unsigned int seq, unsigned int sec, unsigned int usec,
    void *arg)
{
	struct out_drm *d = arg;

	if (!d->pending)
		return;
	d->pending = 0;
	d->front ^= 1;
}

static void
drm_udev_open(struct out_drm *d)
{
	struct epoll_event ee;
	int fd;

	if ((d->udev = udev_new()) == NULL ||
	    (d->mon = udev_monitor_new_from_netlink(d->udev, "udev")) == NULL ||
	    udev_monitor_filter_add_match_subsystem_devtype(d->mon, "drm",
	    NULL) < 0 || udev_monitor_enable_receiving(d->mon) < 0 ||
	    (fd = udev_monitor_get_fd(d->mon)) < 0)
		goto err;
	memset(&ee, 0, sizeof(ee));
	ee.events = EPOLLIN;
	ee.data.u32 = DRM_SRC_UDEV;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ee) == -1)
		goto err;
	return;
err:
	/* The board still works on the monitor found at start-up. */
	log_warnx("drm: no udev monitor: monitors plugged in or out will "
	    "not be noticed");
	if (d->mon != NULL)
		udev_monitor_unref(d->mon);
	if (d->udev != NULL)
		udev_unref(d->udev);
	d->mon = NULL;
	d->udev = NULL;
}

/* 1 if udev reported a change of our card (a connector's state). */
static int
drm_udev_changed(struct out_drm *d)
{
	struct udev_device *dev;
	const char *action;
	int changed = 0;

	while ((dev = udev_monitor_receive_device(d->mon)) != NULL) {
		action = udev_device_get_action(dev);
		if (action != NULL && strcmp(action, "change") == 0 &&
		    udev_device_get_devnum(dev) == d->devnum)
			changed = 1;
		udev_device_unref(dev);
	}
	return changed;
}

static void
drm_destroy(struct out_drm *d)
{
	drmModeCrtc *s = d->saved;

	if (s != NULL) {
		/* Give the screen back as we found it, the console usually.
		 * A CRTC that was off goes off with our buffers. */
		if (s->mode_valid && s->buffer_id != 0 &&
		    drmModeSetCrtc(d->fd, s->crtc_id, s->buffer_id, s->x, s->y,
		    &d->saved_conn, 1, &s->mode) != 0)
			log_warn("drm: %s: restoring the screen", d->path);
		drmModeFreeCrtc(s);
	}
	if (d->fd != -1)
		drm_bufs_destroy(d);
	if (d->shadow != NULL)
		cairo_surface_destroy(d->shadow);
	if (d->mon != NULL)
		udev_monitor_unref(d->mon);
	if (d->udev != NULL)
		udev_unref(d->udev);
	if (d->epfd != -1)
		close(d->epfd);
	if (d->fd != -1)
		close(d->fd);
	free(d);
}

static void *
drm_open(const struct output_conf *oc)
{
	drmModeConnector *c;
	drmModeRes *res;
	struct epoll_event ee;
	struct out_drm *d;
	int seen;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		log_warn("drm: calloc");
		return NULL;
	}
	d->fd = d->epfd = -1;
	d->rotate = oc->rotate;
	snprintf(d->path, sizeof(d->path), "%s", oc->device);
	snprintf(d->want, sizeof(d->want), "%s", oc->connector);
	if (drm_open_device(d) == -1)
		goto err;

	if ((d->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_warn("drm: epoll");
		goto err;
	}
	memset(&ee, 0, sizeof(ee));
	ee.events = EPOLLIN;
	ee.data.u32 = DRM_SRC_CARD;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->fd, &ee) == -1) {
		log_warn("drm: epoll");
		goto err;
	}
	drm_udev_open(d);

	if ((res = drmModeGetResources(d->fd)) == NULL) {
		log_warn("drm: %s: resources", d->path);
		goto err;
	}
	c = drm_find_connector(d->fd, res, d->want, 0, &seen);
	if (seen == 0 && d->want[0] != '\0') {
		log_warnx("drm: %s: no connector named %s", d->path, d->want);
		drmModeFreeResources(res);
		goto err;
	}
	if (c != NULL) {
		/* A monitor that cannot be driven now may work after the
		 * next hotplug: keep running either way. */
		drm_activate(d, res, c);
		drmModeFreeConnector(c);
	} else
		log_info("drm: %s: no monitor connected, waiting for one",
		    d->path);
	drmModeFreeResources(res);
	if (d->shadow == NULL && drm_shadow(d,
	    oc->width > 0 ? oc->width : DRM_DEFAULT_W,
	    oc->height > 0 ? oc->height : DRM_DEFAULT_H) == -1)
		goto err;
	return d;
err:
	drm_destroy(d);
	return NULL;
}

static void
drm_close(void *be)
{
	drm_destroy(be);
}

static cairo_surface_t *
drm_surface(void *be)
{
	struct out_drm *d = be;

	return d->shadow;
}

static void
drm_size(const void *be, int *w, int *h)
{
	const struct out_drm *d = be;

	*w = d->width;
	*h = d->height;
}

static int
drm_present(void *be, const struct frame_meta *m,
    const cairo_region_t *damage)
{
	struct out_drm *d = be;

	(void)m;
	if (!d->active)
		return 0;	/* the whole shadow goes up on connect */
	drm_stale_add(d, &d->buf[0], damage);
	drm_stale_add(d, &d->buf[1], damage);
	/* Both buffers are in use until the flip is done: the frame waits
	 * in the shadow and dispatch() sends it. */
	if (d->pending) {
		d->deferred = 1;
		return 0;
	}
	return drm_flip(d);
}

static int
drm_fd(const void *be)
{
	const struct out_drm *d = be;

	return d->epfd;
}

static int
drm_dispatch(void *be)
{
	struct out_drm *d = be;
	struct epoll_event ev[2];
	drmEventContext ec;
	int i, n, redraw = 0;

	/* Called before every poll(), not only when the fd is readable:
	 * never block here. */
	if ((n = epoll_wait(d->epfd, ev, 2, 0)) == -1) {
		if (errno != EINTR)
			log_warn("drm: epoll_wait");
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (ev[i].data.u32 == DRM_SRC_UDEV) {
			if (drm_udev_changed(d))
				redraw |= drm_hotplug(d);
			continue;
		}
		memset(&ec, 0, sizeof(ec));
		ec.version = 2;
		ec.page_flip_handler = drm_on_flip;
		if (drmHandleEvent(d->fd, &ec) != 0 && errno != EINTR &&
		    errno != EAGAIN) {
			/* The card is gone: nothing can be shown any more. */
			log_warn("drm: %s: reading events", d->path);
			return -1;
		}
	}
	if (d->active && d->deferred && !d->pending)
		drm_flip(d);
	return redraw;
}

static int
drm_busy(const void *be)
{
	const struct out_drm *d = be;

	return d->active && d->pending;
}

const struct output_ops output_drm_ops = {
	.name = "drm",
	.open = drm_open,
	.close = drm_close,
	.surface = drm_surface,
	.size = drm_size,
	.present = drm_present,
	.fd = drm_fd,
	.dispatch = drm_dispatch,
	.busy = drm_busy,
	.max_fps = 0,
};
