/*
 * out-x11.c - the board in an X11 window, for development on a desktop
 * (or under Xvfb). The display comes from $DISPLAY.
 *
 * Frames are drawn on an image surface and copied to the window in one
 * paint, so the window never shows a half-drawn board. The window has no
 * background, so the server does not clear it to a colour before an
 * Expose either: the old frame stays until the new one replaces it.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <cairo-xlib.h>

#include "log.h"

#define X11_DEFAULT_W	1280
#define X11_DEFAULT_H	720

struct out_x11 {
	Display		*dpy;
	Window		 win;
	Atom		 wm_protocols;
	Atom		 wm_delete;
	cairo_surface_t	*window;	/* the on-screen window */
	cairo_surface_t	*frame;		/* where the next frame is drawn */
	int		 width, height;
	int		 lost;		/* connection to the server gone */
};

static int
x11_on_error(Display *dpy, XErrorEvent *ev)
{
	char msg[128];

	/* Xlib's default handler exits; a bad request is worth a line in
	 * the log, not the end of the board. */
	XGetErrorText(dpy, ev->error_code, msg, sizeof(msg));
	log_warnx("x11: request %d: %s", ev->request_code, msg);
	return 0;
}

static int
x11_on_io_error(Display *dpy)
{
	log_warnx("x11: connection to display %s lost",
	    DisplayString(dpy));
	return 0;
}

/* Called by Xlib instead of exit() once the connection broke: only main()
 * decides to exit, so note it and let output_dispatch() report it. */
static void
x11_on_io_exit(Display *dpy, void *arg)
{
	struct out_x11 *x = arg;

	x->lost = 1;
}

static void
x11_destroy(struct out_x11 *x)
{
	if (x == NULL)
		return;
	if (x->frame != NULL)
		cairo_surface_destroy(x->frame);
	if (x->lost) {
		/* Destroying the window surface or the display flushes to
		 * a dead socket, and Xlib then spins forever. Give back the
		 * socket and leave the rest: this happens once, at exit. */
		close(ConnectionNumber(x->dpy));
		free(x);
		return;
	}
	if (x->window != NULL)
		cairo_surface_destroy(x->window);
	if (x->dpy != NULL) {
		if (x->win != None)
			XDestroyWindow(x->dpy, x->win);
		XCloseDisplay(x->dpy);
	}
	free(x);
}

static int
x11_frame_create(struct out_x11 *x)
{
	cairo_surface_t *s;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, x->width,
	    x->height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		log_warnx("x11: cairo surface %dx%d: %s", x->width, x->height,
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return -1;
	}
	if (x->frame != NULL)
		cairo_surface_destroy(x->frame);
	x->frame = s;
	return 0;
}

static int
x11_window_create(struct out_x11 *x)
{
	XSetWindowAttributes wa;
	XClassHint class = { (char *)"antre", (char *)"Antre" };
	int scr = DefaultScreen(x->dpy);
	Visual *vis = DefaultVisual(x->dpy, scr);

	memset(&wa, 0, sizeof(wa));
	wa.background_pixmap = None;
	wa.bit_gravity = NorthWestGravity;
	wa.event_mask = ExposureMask | StructureNotifyMask;
	x->win = XCreateWindow(x->dpy, RootWindow(x->dpy, scr), 0, 0,
	    x->width, x->height, 0, CopyFromParent, InputOutput, vis,
	    CWBackPixmap | CWBitGravity | CWEventMask, &wa);
	XStoreName(x->dpy, x->win, "Antre");
	XSetClassHint(x->dpy, x->win, &class);

	x->wm_protocols = XInternAtom(x->dpy, "WM_PROTOCOLS", False);
	x->wm_delete = XInternAtom(x->dpy, "WM_DELETE_WINDOW", False);
	XSetWMProtocols(x->dpy, x->win, &x->wm_delete, 1);

	x->window = cairo_xlib_surface_create(x->dpy, x->win, vis, x->width,
	    x->height);
	if (cairo_surface_status(x->window) != CAIRO_STATUS_SUCCESS) {
		log_warnx("x11: cairo window surface: %s",
		    cairo_status_to_string(cairo_surface_status(x->window)));
		return -1;
	}
	XMapWindow(x->dpy, x->win);
	XFlush(x->dpy);
	return 0;
}

static void *
x11_open(const struct output_conf *oc)
{
	struct out_x11 *x;
	int i;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		log_warn("x11: calloc");
		return NULL;
	}
	x->width = oc->width > 0 ? oc->width : X11_DEFAULT_W;
	x->height = oc->height > 0 ? oc->height : X11_DEFAULT_H;
	/* A desktop session may start the server just after us: give it
	 * a few seconds before giving up. */
	for (i = 0; (x->dpy = XOpenDisplay(NULL)) == NULL && i < 20; i++) {
		if (i == 0)
			log_info("x11: display %s not there yet, waiting",
			    XDisplayName(NULL));
		usleep(250 * 1000);
	}
	if (x->dpy == NULL) {
		log_warnx("x11: cannot open display %s", XDisplayName(NULL));
		goto err;
	}
	XSetErrorHandler(x11_on_error);
	XSetIOErrorHandler(x11_on_io_error);
	XSetIOErrorExitHandler(x->dpy, x11_on_io_exit, x);
	if (x11_window_create(x) == -1 || x11_frame_create(x) == -1)
		goto err;
	return x;
err:
	x11_destroy(x);
	return NULL;
}

static void
x11_close(void *be)
{
	x11_destroy(be);
}

static cairo_surface_t *
x11_surface(void *be)
{
	struct out_x11 *x = be;

	return x->frame;
}

static void
x11_size(const void *be, int *w, int *h)
{
	const struct out_x11 *x = be;

	*w = x->width;
	*h = x->height;
}

static int
x11_present(void *be, const struct frame_meta *m,
    const cairo_region_t *damage)
{
	struct out_x11 *x = be;
	cairo_rectangle_int_t r;
	cairo_status_t st;
	cairo_t *cr;
	int i, n;

	(void)m;
	if (x->lost)
		return -1;
	cr = cairo_create(x->window);
	if (damage != NULL) {
		/* Only what changed crosses the socket. */
		n = cairo_region_num_rectangles(damage);
		for (i = 0; i < n; i++) {
			cairo_region_get_rectangle(damage, i, &r);
			cairo_rectangle(cr, r.x, r.y, r.width, r.height);
		}
		cairo_clip(cr);
	}
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, x->frame, 0, 0);
	cairo_paint(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(x->window);
	XFlush(x->dpy);
	if (st != CAIRO_STATUS_SUCCESS) {
		log_warnx("x11: present: %s", cairo_status_to_string(st));
		return -1;
	}
	return x->lost ? -1 : 0;
}

static int
x11_fd(const void *be)
{
	const struct out_x11 *x = be;

	return ConnectionNumber(x->dpy);
}

/* The window changed size: frames are drawn at the new size from now. */
static int
x11_resize(struct out_x11 *x, int w, int h)
{
	if (w == x->width && h == x->height)
		return 0;
	x->width = w;
	x->height = h;
	cairo_xlib_surface_set_size(x->window, w, h);
	if (x11_frame_create(x) == -1)
		return -1;
	return 1;
}

static int
x11_dispatch(void *be)
{
	struct out_x11 *x = be;
	XEvent ev;
	int redraw = 0, r;

	while (!x->lost && XPending(x->dpy) > 0) {
		XNextEvent(x->dpy, &ev);
		switch (ev.type) {
		case Expose:
			redraw = 1;
			break;
		case ConfigureNotify:
			r = x11_resize(x, ev.xconfigure.width,
			    ev.xconfigure.height);
			if (r == -1)
				return -1;
			redraw |= r;
			break;
		case ClientMessage:
			if (ev.xclient.message_type == x->wm_protocols &&
			    (Atom)ev.xclient.data.l[0] == x->wm_delete) {
				log_info("x11: window closed");
				return -1;
			}
			break;
		default:
			break;
		}
	}
	return x->lost ? -1 : redraw;
}

const struct output_ops output_x11_ops = {
	.name = "x11",
	.open = x11_open,
	.close = x11_close,
	.surface = x11_surface,
	.size = x11_size,
	.present = x11_present,
	.fd = x11_fd,
	.dispatch = x11_dispatch,
	.busy = NULL,
	.max_fps = 0,
};
