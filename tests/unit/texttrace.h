/*
 * texttrace.h - for renderer tests: records every text the renderer
 * places (render_trace_fn), and rectangle checks on what it recorded.
 * Include after <cmocka.h> and "render.h".
 */
#ifndef ANTRE_TEXTTRACE_H
#define ANTRE_TEXTTRACE_H

#include <stdio.h>

#define T_MAX_TEXTS	512

struct t_trace {
	int			n;
	struct render_text	t[T_MAX_TEXTS];
	char			text[T_MAX_TEXTS][200];
};

static void
t_record(const struct render_text *t, void *arg)
{
	struct t_trace *tr = arg;

	assert_true(tr->n < T_MAX_TEXTS);
	tr->t[tr->n] = *t;
	snprintf(tr->text[tr->n], sizeof(tr->text[0]), "%s", t->text);
	tr->t[tr->n].text = tr->text[tr->n];
	tr->n++;
}

/* in lies within out (an empty in is nowhere). */
static int
t_inside(struct render_rect in, struct render_rect out)
{
	return in.x >= out.x && in.y >= out.y &&
	    in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

static int
t_overlap(struct render_rect a, struct render_rect b)
{
	if (a.w == 0 || a.h == 0 || b.w == 0 || b.h == 0)
		return 0;
	return a.x < b.x + b.w && b.x < a.x + a.w &&
	    a.y < b.y + b.h && b.y < a.y + a.h;
}

#endif
