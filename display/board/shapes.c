/* shapes.c - the rounded panels and outlines the board is made of. */
#include "render-int.h"

#include <math.h>

struct rgb
rgb_mix(struct rgb a, struct rgb b, double t)
{
	struct rgb c = {
		a.r + (b.r - a.r) * t,
		a.g + (b.g - a.g) * t,
		a.b + (b.b - a.b) * t
	};

	return c;
}

static void
rect_path(cairo_t *cr, struct render_rect r, double radius)
{
	double x = r.x, y = r.y, w = r.w, h = r.h;

	if (radius > w / 2)
		radius = w / 2;
	if (radius > h / 2)
		radius = h / 2;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - radius, y + radius, radius, -M_PI / 2, 0);
	cairo_arc(cr, x + w - radius, y + h - radius, radius, 0, M_PI / 2);
	cairo_arc(cr, x + radius, y + h - radius, radius, M_PI / 2, M_PI);
	cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

void
rect_fill(struct render_ctx *rx, struct render_rect r, double radius,
    struct rgb c)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	rect_path(rx->cr, r, radius);
	set_rgb(rx->cr, c);
	cairo_fill(rx->cr);
}

/* An outline drawn inside r, so it never spills onto a neighbour: the
 * ring between r and r inset by width, one even-odd fill. */
void
rect_stroke(struct render_ctx *rx, struct render_rect r, double radius,
    double width, struct rgb c)
{
	struct render_rect in;
	int w = iround(width) > 0 ? iround(width) : 1;

	in = rect_make(r.x + w, r.y + w, r.w - 2 * w, r.h - 2 * w);
	cairo_save(rx->cr);
	cairo_new_path(rx->cr);
	rect_path(rx->cr, r, radius);
	if (in.w > 0 && in.h > 0)
		rect_path(rx->cr, in, radius > w ? radius - w : 0);
	cairo_set_fill_rule(rx->cr, CAIRO_FILL_RULE_EVEN_ODD);
	set_rgb(rx->cr, c);
	cairo_fill(rx->cr);
	cairo_restore(rx->cr);
}

struct render_rect
rect_inset(struct render_rect r, int dx, int dy)
{
	return rect_make(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}
