/*
 * output.h - where the board's pixels go. One backend per file (out-*.c),
 * chosen once at start-up from the config, behind this small interface.
 */
#ifndef ANTRE_OUTPUT_H
#define ANTRE_OUTPUT_H

#include <stdint.h>

#include <cairo.h>

struct output_conf {
	char	kind[16];	/* "png", "x11", "drm" or "fbdev" */
	int	width;		/* requested size; drm and fbdev take the */
	int	height;		/* screen's own (this one when none is attached) */
	int	rotate;		/* drm, fbdev: 0, 90, 180 or 270 degrees
				 * clockwise, for a screen mounted on its side */
	char	device[128];	/* drm: "" = first card with a connected
				 * connector; fbdev: "" = /dev/fb0 */
	char	connector[32];	/* drm: "" = first connected, or "HDMI-A-1" */
	char	png_dir[256];	/* png: directory for frames */
	int	png_keep;	/* png: numbered frames kept; 0 = latest only */
};

/* Text attached to a frame (written as PNG tEXt chunks by the png
 * backend, ignored by others); a NULL text is left out. */
struct frame_meta {
	const char	*board_json;	/* the board the frame shows */
	int64_t		 now_ms;	/* the time the frame was drawn for */
	const char	*page;		/* "2/3": the page of desk cards */
	const char	*desks;		/* "7,8,9": the desks on its cards,
					 * in order */
	const char	*running;	/* the running text in its band, ""
					 * for none */
};

struct output;

/* Opens the backend named in oc->kind; NULL with a log line on failure. */
struct output	*output_open(const struct output_conf *oc);
void		 output_close(struct output *o);

/* The surface to draw the next frame on, and its size in pixels (the
 * board's size: a rotated screen's width and height are swapped). The
 * surface keeps the last frame, so a caller may repaint only the parts
 * that changed. */
cairo_surface_t	*output_surface(struct output *o);
int		 output_width(const struct output *o);
int		 output_height(const struct output *o);

/*
 * Shows what was drawn on output_surface(). damage is the part that
 * changed since the last present (NULL: all of it); a backend may copy
 * only that. 0, or -1 (logged).
 */
int		 output_present(struct output *o, const struct frame_meta *m,
		    const cairo_region_t *damage);

/* 1 while the last frame is still on its way to the screen (a page flip
 * pending): draw nothing until output_dispatch() has seen it done. */
int		 output_busy(const struct output *o);

/* The most frames per second worth drawing (0: no limit); the png output
 * writes a file per frame. */
int		 output_max_fps(const struct output *o);

/* A file descriptor the main loop polls for input (window events),
 * or -1 if the backend has none. */
int		 output_fd(const struct output *o);
/* Handles pending events on output_fd(). Returns 1 if the screen needs
 * a full redraw (window exposed or resized, monitor plugged in, mode
 * changed: ask output_width()/output_height() again), 0 if not, -1 if
 * the window was closed by the user or the connection was lost. Xlib may read events
 * into its own queue during any call (output_present() too), where poll()
 * cannot see them: call this before every poll(), not only when the fd
 * is readable. */
int		 output_dispatch(struct output *o);

/*
 * The backend side, for out-*.c only. Each backend fills one table;
 * output_open() picks the table by name once, and every call after that
 * goes through it. be is the backend's own state returned by open().
 */
struct output_ops {
	const char	*name;
	void		*(*open)(const struct output_conf *oc);
	void		 (*close)(void *be);
	cairo_surface_t	*(*surface)(void *be);
	void		 (*size)(const void *be, int *w, int *h);
	int		 (*present)(void *be, const struct frame_meta *m,
			    const cairo_region_t *damage);
	int		 (*fd)(const void *be);		/* NULL: no fd */
	int		 (*dispatch)(void *be);		/* NULL: no events */
	int		 (*busy)(const void *be);	/* NULL: never busy */
	int		 max_fps;			/* 0: no limit */
};

extern const struct output_ops output_png_ops;
extern const struct output_ops output_x11_ops;
extern const struct output_ops output_drm_ops;
extern const struct output_ops output_fbdev_ops;

/*
 * For backends that draw on a board-sized image surface (the "shadow")
 * and copy it to a screen buffer: copies the damaged part of src (NULL:
 * all of it) to dst, turned by rotate degrees clockwise (0, 90, 180,
 * 270), converting the pixel format if dst's differs (XRGB8888 or
 * RGB565). dst is the screen: rotate 90 or 270 means it is src's height
 * wide and src's width high.
 */
void	output_blit(cairo_surface_t *dst, cairo_surface_t *src, int rotate,
	    const cairo_region_t *damage);

#endif
