/*
 * show.c - what this box shows and says, in either role: a new board
 * reaches the screen at most every FRAME_MIN_MS, frames come when the
 * renderer says one is due, and the voice lights the call it says.
 */
#include "show.h"

#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "clock.h"
#include "output.h"
#include "render.h"

#define FRAME_MIN_MS	250

void
show_draw(struct central *c)
{
	struct frame_meta meta;
	cairo_surface_t *surf;
	cairo_region_t *damage;
	cairo_t *cr;
	int64_t now = mono_ms();
	int n;

	if (c->out == NULL || c->ren == NULL || !c->have_board ||
	    output_busy(c->out))
		return;
	if (c->redraw && (c->board_at == 0 || now - c->board_at >=
	    FRAME_MIN_MS)) {
		renderer_set_board(c->ren, &c->board, now);
		free(c->shown_json);
		c->shown_json = c->board_json != NULL ?
		    strdup(c->board_json) : NULL;
		c->board_at = now;
		c->redraw = false;
	}
	if (renderer_due(c->ren, now, wall_ms()) != 0)
		return;
	meta.board_json = c->shown_json;
	meta.now_ms = wall_ms();
	surf = output_surface(c->out);
	damage = cairo_region_create();
	cr = cairo_create(surf);
	n = renderer_draw(c->ren, cr, output_width(c->out),
	    output_height(c->out), now, meta.now_ms, damage);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	if (n > 0)
		output_present(c->out, &meta, damage);
	cairo_region_destroy(damage);
	c->drawn_at = now;
}

/*
 * A busy hall changes the board many times a second; a person cannot
 * read faster than a few frames a second. So a new board reaches the
 * screen at most every FRAME_MIN_MS, always the newest one. Between
 * boards the renderer says when the clock, the highlight or the running
 * text need a frame; the output may allow fewer frames a second (png)
 * or be busy with the last one (a page flip pending: its event wakes
 * the loop).
 */
int
show_draw_due(const struct central *c, int64_t now)
{
	int64_t due = -1, wait;
	int fps;

	if (!c->have_board || c->out == NULL || c->ren == NULL ||
	    output_busy(c->out))
		return -1;
	if (c->redraw) {
		wait = c->board_at + FRAME_MIN_MS - now;
		due = wait <= 0 || c->board_at == 0 ? 0 : wait;
	}
	wait = renderer_due(c->ren, now, wall_ms());
	if (wait >= 0 && (due < 0 || wait < due))
		due = wait;
	if (due >= 0 && (fps = output_max_fps(c->out)) > 0 &&
	    c->drawn_at != 0 && (wait = c->drawn_at + 1000 / fps - now) > due)
		due = wait;
	return due > INT32_MAX ? INT32_MAX : (int)due;
}

void
show_voice(struct central *c, int64_t now)
{
	struct board_call said;
	const struct board_call *top;

	if (c->ann == NULL || !announce_tick(c->ann, now, &said))
		return;
	/* The board lights the newest call when its sentence starts, so
	 * what is seen and what is heard agree. An older call said late
	 * lights nothing. */
	top = c->board.ncalls > 0 ? &c->board.calls[0] : NULL;
	if (top != NULL && c->ren != NULL &&
	    top->ticket.service == said.ticket.service &&
	    top->ticket.number == said.ticket.number &&
	    top->desk == said.desk)
		renderer_highlight(c->ren, now);
}

int
show_voice_due(const struct central *c, int64_t now)
{
	return c->ann != NULL ? announce_due(c->ann, now) : -1;
}


void
show_flush(struct central *c)
{
	/* The voice first: a sentence waits for no frame, and the frame
	 * then shows the call it lights. */
	show_voice(c, mono_ms());
	if (show_draw_due(c, mono_ms()) == 0)
		show_draw(c);
}
