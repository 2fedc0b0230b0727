/*
 * announce.c - calls spoken in the hall (see announce.h).
 *
 * Every clip is read into memory at start-up (a few hundred KB), so a
 * call is said without touching the SD card, and a missing clip is found
 * then, by name, and not as silence in the middle of a busy morning. A
 * sentence is mixed into one buffer (clips, short silences, repeats,
 * volume) and handed to the audio backend in one piece; the next one
 * starts only after the backend has played it and the gap has passed.
 */
#include "announce.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sndfile.h>

#include "log.h"

#define ANNOUNCE_QUEUE	32	/* calls waiting to be said */
#define ANNOUNCE_CLIPS	256	/* clips in a voice directory */
#define CLIP_MAX_S	10	/* no word is longer than this */

struct clip {
	char	 name[SPEECH_NAME_MAX];
	int16_t	*pcm;
	size_t	 n;
};

struct announcer {
	const struct voice_conf	*vc;
	struct audio		*out;
	struct clip		 clips[ANNOUNCE_CLIPS];
	int			 nclips;
	struct board_call	 queue[ANNOUNCE_QUEUE];
	int			 nqueue;
	int64_t			 next_ok;	/* mono ms: may start the next */
};

/* --- clips ---------------------------------------------------------- */

/* Reads path as a clip; 0, or -1 with the reason logged. */
static int
clip_read(const char *path, struct clip *c)
{
	SF_INFO info;
	SNDFILE *sf;
	sf_count_t got;

	memset(&info, 0, sizeof(info));
	if ((sf = sf_open(path, SFM_READ, &info)) == NULL) {
		log_warnx("voice: %s: %s", path, sf_strerror(NULL));
		return -1;
	}
	if (info.channels != 1 || info.samplerate != AUDIO_RATE ||
	    info.frames <= 0 || info.frames > (sf_count_t)CLIP_MAX_S *
	    AUDIO_RATE) {
		log_warnx("voice: %s: %d channel(s) at %d Hz, %lld samples: "
		    "a clip must be mono, %d Hz, up to %d s (see "
		    "docs/voice.md)", path, info.channels, info.samplerate,
		    (long long)info.frames, AUDIO_RATE, CLIP_MAX_S);
		sf_close(sf);
		return -1;
	}
	if ((c->pcm = calloc((size_t)info.frames, sizeof(int16_t))) == NULL) {
		log_warn("voice: %s", path);
		sf_close(sf);
		return -1;
	}
	got = sf_readf_short(sf, c->pcm, info.frames);
	sf_close(sf);
	if (got != info.frames) {
		log_warnx("voice: %s: short read", path);
		free(c->pcm);
		c->pcm = NULL;
		return -1;
	}
	c->n = (size_t)got;
	return 0;
}

static const struct clip *
clip_find(const struct announcer *a, const char *name)
{
	int i;

	for (i = 0; i < a->nclips; i++)
		if (strcmp(a->clips[i].name, name) == 0)
			return &a->clips[i];
	return NULL;
}

static bool
clip_has(const char *name, void *arg)
{
	return clip_find(arg, name) != NULL;
}

/* Reads every <name>.wav of the directory whose name is a clip name. */
static int
clips_load(struct announcer *a, const char *dir)
{
	char path[512], name[SPEECH_NAME_MAX];
	struct dirent *de;
	size_t len;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		log_warn("voice: clips directory %s", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || len - 4 >= sizeof(name) ||
		    strcmp(de->d_name + len - 4, ".wav") != 0)
			continue;
		memcpy(name, de->d_name, len - 4);
		name[len - 4] = '\0';
		if (a->nclips == ANNOUNCE_CLIPS) {
			log_warnx("voice: %s: more than %d clips, %s and "
			    "others left out", dir, ANNOUNCE_CLIPS, name);
			break;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(a->clips[a->nclips].name, SPEECH_NAME_MAX, "%s", name);
		if (clip_read(path, &a->clips[a->nclips]) == -1)
			rc = -1;
		else
			a->nclips++;
	}
	closedir(d);
	return rc;
}

/* Is every clip the template can say there? Logs each one missing. */
static int
clips_complete(const struct announcer *a, const struct voice_conf *vc)
{
	const char *tok;
	int i, rc = 0, letters = 0, numbers = 0;
	char c;

	for (i = 0; i < vc->tmpl.ntokens; i++) {
		tok = vc->tmpl.tokens[i];
		if (strcmp(tok, "{letter}") == 0)
			letters = 1;
		else if (strcmp(tok, "{number}") == 0 ||
		    strcmp(tok, "{desk}") == 0)
			numbers = 1;
		else if (strcmp(tok, "{ticket}") == 0)
			letters = numbers = 1;
		else if (tok[0] != '{' && clip_find(a, tok) == NULL) {
			log_warnx("voice: %s/%s.wav: missing (named in the "
			    "template)", vc->clips, tok);
			rc = -1;
		}
	}
	for (c = 'A'; letters && c <= 'Z'; c++)
		if (clip_find(a, speech_letter(c)) == NULL) {
			log_warnx("voice: %s/%s.wav: missing (letter %c)",
			    vc->clips, speech_letter(c), c);
			rc = -1;
		}
	/* Every word a number can use: those of 1..9999 cover them all. */
	for (i = 0; numbers && i < (int)speech_nwords; i++) {
		if (strncmp(speech_words[i].clip, "huruf-", 6) == 0 ||
		    strchr(speech_words[i].clip, '-') != NULL)
			continue;
		if (clip_find(a, speech_words[i].clip) == NULL) {
			log_warnx("voice: %s/%s.wav: missing (number word "
			    "\"%s\")", vc->clips, speech_words[i].clip,
			    speech_words[i].text);
			rc = -1;
		}
	}
	return rc;
}

static void
clips_free(struct announcer *a)
{
	int i;

	for (i = 0; i < a->nclips; i++)
		free(a->clips[i].pcm);
	a->nclips = 0;
}

int
announce_check(const struct voice_conf *vc)
{
	struct announcer *a;
	int rc;

	if (!vc->enabled)
		return 0;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return -1;
	a->vc = vc;
	rc = clips_load(a, vc->clips);
	if (clips_complete(a, vc) == -1)
		rc = -1;
	clips_free(a);
	free(a);
	return rc;
}

struct announcer *
announce_open(const struct voice_conf *vc)
{
	struct announcer *a;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("voice: calloc");
		return NULL;
	}
	a->vc = vc;
	if (clips_load(a, vc->clips) == -1 || clips_complete(a, vc) == -1 ||
	    (a->out = audio_open(&vc->audio)) == NULL) {
		announce_close(a);
		return NULL;
	}
	log_info("voice: %d clips from %s, output %s", a->nclips, vc->clips,
	    vc->audio.kind);
	return a;
}

void
announce_close(struct announcer *a)
{
	if (a == NULL)
		return;
	if (a->out != NULL)
		audio_close(a->out);
	clips_free(a);
	free(a);
}

/* --- calls ---------------------------------------------------------- */

static bool
announce_quiet(const struct voice_conf *vc, int64_t wall_ms)
{
	struct tm tm;
	time_t t = (time_t)(wall_ms / 1000);
	int i, m, from, to;

	if (vc->nquiet == 0 || localtime_r(&t, &tm) == NULL)
		return false;
	m = tm.tm_hour * 60 + tm.tm_min;
	for (i = 0; i < vc->nquiet; i++) {
		from = vc->quiet[i].from_min;
		to = vc->quiet[i].to_min;
		if (from <= to ? m >= from && m < to : m >= from || m < to)
			return true;
	}
	return false;
}

void
announce_call(struct announcer *a, const struct board_call *c,
    int64_t wall_ms)
{
	int i;

	if (announce_quiet(a->vc, wall_ms)) {
		log_debug("voice: %c%d not said: quiet hours",
		    c->ticket.service, c->ticket.number);
		return;
	}
	/* A recall while the first call still waits to be said: the
	 * ticket is said once, at the desk of the newest call. */
	for (i = 0; i < a->nqueue; i++)
		if (a->queue[i].ticket.service == c->ticket.service &&
		    a->queue[i].ticket.number == c->ticket.number) {
			a->queue[i] = *c;
			return;
		}
	if (a->nqueue == ANNOUNCE_QUEUE) {
		log_warnx("voice: %d calls waiting to be said: %c%d dropped",
		    ANNOUNCE_QUEUE, c->ticket.service, c->ticket.number);
		return;
	}
	a->queue[a->nqueue++] = *c;
}

/* Appends n samples of clip (NULL: silence) scaled to the volume. */
static void
mix(int16_t *dst, size_t *at, const int16_t *src, size_t n, int volume)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[*at + i] = src == NULL ? 0 :
		    (int16_t)((int32_t)src[i] * volume / 100);
	*at += n;
}

/* The sentence for c, repeats included: a malloc'ed buffer, or NULL. */
static int16_t *
announce_mix(struct announcer *a, const struct board_call *c, size_t *np)
{
	const struct voice_conf *vc = a->vc;
	char names[SPEECH_MAX][SPEECH_NAME_MAX];
	const struct clip *cl[SPEECH_MAX];
	size_t word = (size_t)vc->word_gap_ms * AUDIO_RATE / 1000;
	size_t gap = (size_t)vc->gap_ms * AUDIO_RATE / 1000;
	size_t total = 0, at = 0;
	int16_t *pcm;
	int i, r, n;

	if ((n = speech_call(&vc->tmpl, c, clip_has, a, names,
	    SPEECH_MAX)) <= 0)
		return NULL;
	for (i = 0; i < n; i++) {
		/* clips_complete() found them all at start. */
		if ((cl[i] = clip_find(a, names[i])) == NULL)
			return NULL;
		total += cl[i]->n + word;
	}
	total = total * (size_t)vc->repeat + gap * (size_t)(vc->repeat - 1);
	if ((pcm = malloc(total * sizeof(*pcm))) == NULL)
		return NULL;
	for (r = 0; r < vc->repeat; r++) {
		if (r > 0)
			mix(pcm, &at, NULL, gap, 0);
		for (i = 0; i < n; i++) {
			mix(pcm, &at, cl[i]->pcm, cl[i]->n, vc->volume);
			mix(pcm, &at, NULL, word, 0);
		}
	}
	*np = at;
	return pcm;
}

bool
announce_tick(struct announcer *a, int64_t mono_ms,
    struct board_call *started)
{
	struct board_call c;
	char label[64];
	int16_t *pcm;
	size_t n;

	while (a->nqueue > 0 && mono_ms >= a->next_ok &&
	    audio_pending_ms(a->out) == 0) {
		c = a->queue[0];
		memmove(&a->queue[0], &a->queue[1],
		    (size_t)(a->nqueue - 1) * sizeof(a->queue[0]));
		a->nqueue--;
		if ((pcm = announce_mix(a, &c, &n)) == NULL) {
			log_warnx("voice: cannot say %c%d at desk %d",
			    c.ticket.service, c.ticket.number, c.desk);
			continue;
		}
		snprintf(label, sizeof(label), "%c%d@%d%s", c.ticket.service,
		    c.ticket.number, c.desk, c.recall ? "+recall" : "");
		if (audio_play(a->out, pcm, n, label) == -1) {
			/* Logged by the output; nothing to light. */
			free(pcm);
			continue;
		}
		free(pcm);
		a->next_ok = mono_ms + (int64_t)n * 1000 / AUDIO_RATE +
		    a->vc->gap_ms;
		*started = c;
		return true;
	}
	return false;
}

int
announce_due(const struct announcer *a, int64_t mono_ms)
{
	int64_t wait;
	int pending;

	if (a->nqueue == 0)
		return -1;
	wait = a->next_ok - mono_ms;
	if ((pending = audio_pending_ms(a->out)) > wait)
		wait = pending;
	return wait > 0 ? (int)wait : 0;
}
