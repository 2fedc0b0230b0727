/*
 * announce.h - calls spoken in the hall: each call becomes a sentence of
 * clips (speech.c), played in order through an audio backend (audio.h).
 * A new call never cuts off one being said; a recall of a ticket whose
 * call is still waiting to be said adds nothing.
 */
#ifndef ANTRE_ANNOUNCE_H
#define ANTRE_ANNOUNCE_H

#include <stdbool.h>
#include <stdint.h>

#include "audio.h"
#include "proto.h"
#include "speech.h"

#define VOICE_MAX_QUIET	8

struct voice_conf {
	bool			enabled;	/* output is not "none" */
	char			clips[256];	/* directory of <clip>.wav */
	struct speech_template	tmpl;
	int			repeat;		/* times each call is said */
	int			gap_ms;		/* between repeats and calls */
	int			word_gap_ms;	/* between clips */
	int			volume;		/* percent */
	int			nquiet;
	struct {
		int	from_min, to_min;	/* minutes after midnight */
	}			quiet[VOICE_MAX_QUIET];
	struct audio_conf	audio;
};

void	voice_conf_defaults(struct voice_conf *vc);

struct announcer;

/*
 * Loads every clip the template can need (its words, all letters, all
 * number words; a desk's or service's own clip when present) from
 * vc->clips and opens the audio output. NULL after logging every
 * missing or unreadable clip by its file name.
 */
struct announcer	*announce_open(const struct voice_conf *vc);
void			 announce_close(struct announcer *a);

/* Checks the clips without opening any sound device (-n). 0, or -1 after
 * logging each problem. */
int	announce_check(const struct voice_conf *vc);

/* A call to say; wall_ms decides quiet hours (local time). */
void	announce_call(struct announcer *a, const struct board_call *c,
	    int64_t wall_ms);

/*
 * Starts the next sentence when the last one has been played and the gap
 * after it has passed. Returns true, with the call in *started, when a
 * sentence started now (the board highlights that call).
 */
bool	announce_tick(struct announcer *a, int64_t mono_ms,
	    struct board_call *started);

/* Milliseconds until announce_tick() has something to do; -1: nothing
 * queued. */
int	announce_due(const struct announcer *a, int64_t mono_ms);

#endif
