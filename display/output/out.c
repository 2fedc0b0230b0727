/*
 * out.c - the board output interface: picks a backend by name and
 * forwards to its table of functions.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

struct output {
	const struct output_ops	*ops;
	void			*be;
};

static const struct output_ops *const output_backends[] = {
	&output_png_ops,
	&output_x11_ops,
	&output_drm_ops,
	&output_fbdev_ops,
};

#define OUTPUT_NBACKENDS \
	(sizeof(output_backends) / sizeof(output_backends[0]))

struct output *
output_open(const struct output_conf *oc)
{
	const struct output_ops *ops = NULL;
	struct output *o;
	size_t i;

	for (i = 0; i < OUTPUT_NBACKENDS; i++)
		if (strcmp(output_backends[i]->name, oc->kind) == 0)
			ops = output_backends[i];
	if (ops == NULL) {
		log_warnx("output: unknown kind \"%.*s\" (known: png, x11, drm, fbdev)",
		    (int)sizeof(oc->kind), oc->kind);
		return NULL;
	}
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_warn("output: calloc");
		return NULL;
	}
	o->ops = ops;
	if ((o->be = ops->open(oc)) == NULL) {
		free(o);
		return NULL;
	}
	return o;
}

void
output_close(struct output *o)
{
	if (o == NULL)
		return;
	o->ops->close(o->be);
	free(o);
}

cairo_surface_t *
output_surface(struct output *o)
{
	return o->ops->surface(o->be);
}

int
output_width(const struct output *o)
{
	int w, h;

	o->ops->size(o->be, &w, &h);
	return w;
}

int
output_height(const struct output *o)
{
	int w, h;

	o->ops->size(o->be, &w, &h);
	return h;
}

int
output_present(struct output *o, const struct frame_meta *m,
    const cairo_region_t *damage)
{
	static const struct frame_meta none = { .board_json = NULL };

	return o->ops->present(o->be, m != NULL ? m : &none, damage);
}

int
output_busy(const struct output *o)
{
	return o->ops->busy != NULL ? o->ops->busy(o->be) : 0;
}

int
output_max_fps(const struct output *o)
{
	return o->ops->max_fps;
}

int
output_fd(const struct output *o)
{
	return o->ops->fd != NULL ? o->ops->fd(o->be) : -1;
}

int
output_dispatch(struct output *o)
{
	return o->ops->dispatch != NULL ? o->ops->dispatch(o->be) : 0;
}
