/*
 * output.h - where the board's pixels go. One backend per file (out-*.c),
 * chosen once at start-up from the config, behind this small interface.
 */
#ifndef ANTRE_OUTPUT_H
#define ANTRE_OUTPUT_H

#include <stdint.h>

#include <cairo.h>

struct output_conf {
	char	kind[16];	/* "png", "x11" (later "drm", "fbdev") */
	int	width;		/* requested size; a backend may override */
	int	height;
	char	png_dir[256];	/* png: directory for frames */
	int	png_keep;	/* png: numbered frames kept; 0 = latest only */
};

/* Text attached to a frame (written as PNG tEXt chunks by the png
 * backend, ignored by others). */
struct frame_meta {
	const char	*board_json;	/* the board the frame shows */
	int64_t		 now_ms;	/* the time the frame was drawn for */
};

struct output;

/* Opens the backend named in oc->kind; NULL with a log line on failure. */
struct output	*output_open(const struct output_conf *oc);
void		 output_close(struct output *o);

/* The surface to draw the next frame on, and its size in pixels. */
cairo_surface_t	*output_surface(struct output *o);
int		 output_width(const struct output *o);
int		 output_height(const struct output *o);

/* Shows what was drawn on output_surface(). 0, or -1 (logged). */
int		 output_present(struct output *o, const struct frame_meta *m);

/* A file descriptor the main loop polls for input (window events),
 * or -1 if the backend has none. */
int		 output_fd(const struct output *o);
/* Handles pending events on output_fd(). Returns 1 if the window needs
 * a full redraw (exposed or resized), 0 if not, -1 if the window was
 * closed by the user or the connection was lost. Xlib may read events
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
	int		 (*present)(void *be, const struct frame_meta *m);
	int		 (*fd)(const void *be);		/* NULL: no fd */
	int		 (*dispatch)(void *be);		/* NULL: no events */
};

extern const struct output_ops output_png_ops;
extern const struct output_ops output_x11_ops;

#endif
