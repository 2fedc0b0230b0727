/*
 * show.c - what this box shows and says, in either role: a new board
 * reaches the screen at most every FRAME_MIN_MS, frames come when the
 * renderer says one is due, and the voice lights the call it says.
 */
#include "show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "clock.h"
#include "output.h"
#include "render.h"

#define FRAME_MIN_MS	250

/*
 * The page of desk cards r's last frame showed and the desks on it, as
 * m->page ("2/3") and m->desks ("13,14,15"), written into page and desks.
 */
void
show_frame_meta(const struct renderer *r, struct frame_meta *m,
    char page[SHOW_PAGE_MAX], char desks[SHOW_DESKS_MAX])
{
	int ids[BOARD_MAX_DESKS], i, n, np, p;
	size_t o = 0;

	p = renderer_page(r, &np);
	snprintf(page, SHOW_PAGE_MAX, "%d/%d", p, np);
	m->page = page;
	n = renderer_shown_desks(r, ids, BOARD_MAX_DESKS);
	desks[0] = '\0';
	for (i = 0; i < n && o < SHOW_DESKS_MAX; i++)
		o += snprintf(desks + o, SHOW_DESKS_MAX - o, "%s%d",
		    i > 0 ? "," : "", ids[i]);
	m->desks = desks;
	m->running = renderer_running_text(r);
}

void
show_draw(struct show *s)
{
	struct frame_meta meta;
	cairo_surface_t *surf;
	cairo_region_t *damage;
	cairo_t *cr;
	int64_t now = mono_ms();
	char page[SHOW_PAGE_MAX], desks[SHOW_DESKS_MAX];
	int n;

	if (s->out == NULL || s->ren == NULL || !s->have_board ||
	    output_busy(s->out))
		return;
	if (s->redraw && (s->board_at == 0 || now - s->board_at >=
	    FRAME_MIN_MS)) {
		renderer_set_board(s->ren, &s->board, now);
		free(s->shown_json);
		s->shown_json = s->board_json != NULL ?
		    strdup(s->board_json) : NULL;
		s->board_at = now;
		s->redraw = false;
	}
	if (renderer_due(s->ren, now, wall_ms()) != 0)
		return;
	memset(&meta, 0, sizeof(meta));
	meta.board_json = s->shown_json;
	meta.now_ms = wall_ms();
	surf = output_surface(s->out);
	damage = cairo_region_create();
	cr = cairo_create(surf);
	n = renderer_draw(s->ren, cr, output_width(s->out),
	    output_height(s->out), now, meta.now_ms, damage);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	if (n > 0) {
		show_frame_meta(s->ren, &meta, page, desks);
		output_present(s->out, &meta, damage);
	}
	cairo_region_destroy(damage);
	s->drawn_at = now;
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
show_draw_due(const struct show *s, int64_t now)
{
	int64_t due = -1, wait;
	int fps;

	if (!s->have_board || s->out == NULL || s->ren == NULL ||
	    output_busy(s->out))
		return -1;
	if (s->redraw) {
		wait = s->board_at + FRAME_MIN_MS - now;
		due = wait <= 0 || s->board_at == 0 ? 0 : wait;
	}
	wait = renderer_due(s->ren, now, wall_ms());
	if (wait >= 0 && (due < 0 || wait < due))
		due = wait;
	if (due >= 0 && (fps = output_max_fps(s->out)) > 0 &&
	    s->drawn_at != 0 && (wait = s->drawn_at + 1000 / fps - now) > due)
		due = wait;
	return due > INT32_MAX ? INT32_MAX : (int)due;
}

void
show_voice(struct show *s, int64_t now)
{
	struct board_call said;
	const struct board_call *top;

	if (s->ann == NULL || !announce_tick(s->ann, now, &said))
		return;
	/* The board lights the newest call when its sentence starts, so
	 * what is seen and what is heard agree. An older call said late
	 * lights nothing. */
	top = s->board.ncalls > 0 ? &s->board.calls[0] : NULL;
	if (top != NULL && s->ren != NULL &&
	    top->ticket.service == said.ticket.service &&
	    top->ticket.number == said.ticket.number &&
	    top->desk == said.desk)
		renderer_highlight(s->ren, now);
}

int
show_voice_due(const struct show *s, int64_t now)
{
	return s->ann != NULL ? announce_due(s->ann, now) : -1;
}

void
show_flush(struct show *s)
{
	/* The voice first: a sentence waits for no frame, and the frame
	 * then shows the call it lights. */
	show_voice(s, mono_ms());
	if (show_draw_due(s, mono_ms()) == 0)
		show_draw(s);
}

void
show_close(struct show *s)
{
	if (s->out != NULL)
		output_close(s->out);
	free(s->board_json);
	free(s->shown_json);
	renderer_free(s->ren);
	announce_close(s->ann);
}
