/*
 * show.h - what this box shows and says, in either role: the board on
 * the output at a pace a person can read, and the voice.
 */
#ifndef ANTRE_SHOW_H
#define ANTRE_SHOW_H

#include <stdbool.h>
#include <stdint.h>

#include "announce.h"
#include "output.h"
#include "proto.h"
#include "render.h"

/* The board this box shows, and the voice that says its calls. The
 * central builds the board, a screen receives it; either hands it over
 * by setting board, board_json and redraw. */
struct show {
	struct output		*out;
	struct renderer		*ren;
	struct announcer	*ann;		/* NULL: no voice */
	struct board		 board;		/* newest built / received */
	char			*board_json;	/* the same, as published */
	char			*shown_json;	/* the board on the screen */
	bool			 have_board;
	bool			 redraw;	/* board not yet on the screen */
	int64_t			 board_at;	/* mono ms, board handed over */
	int64_t			 drawn_at;	/* mono ms of the last frame */
};

/* After each loop iteration's answers: the voice, then a frame if due. */
void	show_flush(struct show *s);
/* Milliseconds until a frame is due (-1: none), for poll()'s timeout. */
int	show_draw_due(const struct show *s, int64_t mono_now);
/* Draws what changed on the screen since the last frame. */
void	show_draw(struct show *s);
/* The voice: starts the next sentence when due and lights the board
 * for it; ms until it has something to do (-1: nothing queued). */
void	show_voice(struct show *s, int64_t mono_now);
int	show_voice_due(const struct show *s, int64_t mono_now);

/* What a frame's cards show, for its metadata (Antre-Page, Antre-Desks,
 * Antre-Running, the running text):
 * from the renderer that drew it. */
#define SHOW_PAGE_MAX	24
#define SHOW_DESKS_MAX	(BOARD_MAX_DESKS * 12)
void	show_frame_meta(const struct renderer *r, struct frame_meta *m,
	    char page[SHOW_PAGE_MAX], char desks[SHOW_DESKS_MAX]);

/* Closes the output and the voice, frees the boards. */
void	show_close(struct show *s);

#endif
