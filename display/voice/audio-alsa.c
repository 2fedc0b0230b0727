/*
 * audio-alsa.c - the "alsa" audio backend: announcements through
 * libasound, on the Pi's HDMI or headphone output.
 *
 * snd_pcm_writei() blocks for as long as the sound takes, and the main
 * loop must not, so a helper thread owns the PCM: audio_play() only
 * copies the samples to a queue under a mutex and wakes the thread, which
 * writes them out, lets the device play to the end (drain) when the queue
 * is empty and then closes it, so that the device is free between
 * announcements and each announcement finds out whether it is still
 * there.
 *
 * The board must run without sound: a device that cannot be opened
 * (absent, busy, an HDMI screen without audio) or that fails while
 * playing is logged once, what is queued is dropped (it counts as
 * played), and opening is tried again when there is something to play,
 * at most every 30 s. The next change (back, or gone again) is logged.
 */
#include "audio.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "clock.h"
#include "log.h"

#define ALSA_LATENCY_US	100000		/* the device's buffer */
#define ALSA_CHUNK_MAX	(AUDIO_RATE / 20)	/* frames per write, 50 ms */
#define ALSA_QUEUE_MAX	((size_t)AUDIO_RATE * 300)	/* 5 minutes */

/* Between tries to open a device that failed; tests shorten it. */
int	audio_alsa_retry_ms = 30000;

struct alsa {
	char			 device[64];
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;

	/* Under lock. */
	int			 quit;
	int16_t			*q;		/* queued: q[qhead, qhead + qlen) */
	size_t			 qhead;
	size_t			 qlen;
	size_t			 qsize;
	size_t			 inflight;	/* taken off q, being written */
	long			 delay;		/* frames in the device ... */
	int64_t			 delay_at;	/* ... at this time (ms) */

	/* The thread's own (audio_open()'s before the thread starts). */
	snd_pcm_t		*pcm;
	size_t			 chunk;		/* frames per write */
	int			 failing;	/* the device failed, logged */
	int64_t			 tried;		/* last open, ms */
	int16_t			 buf[ALSA_CHUNK_MAX];
};

/*
 * alsa-lib prints its own errors to stderr, several lines for a missing
 * card. Its first since alsa_lib_clear() goes into our one line (it often
 * says more than the error number: "cannot find card '0'"); all of them
 * are debug lines.
 */
static __thread char	alsa_lib_first[128];

static void
alsa_lib_clear(void)
{
	alsa_lib_first[0] = '\0';
}

static void __attribute__((format(printf, 5, 6)))
alsa_lib_error(const char *file, int line, const char *function, int err,
    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (alsa_lib_first[0] == '\0')
		snprintf(alsa_lib_first, sizeof(alsa_lib_first), "%.*s",
		    (int)sizeof(alsa_lib_first) - 1, msg);
	log_debug("audio: alsa-lib: %s:%d (%s): %s%s%s", file, line, function,
	    msg, err != 0 ? ": " : "", err != 0 ? snd_strerror(err) : "");
}

static void
alsa_failed(struct alsa *a, const char *what, int err)
{
	const char *lib = alsa_lib_first;

	a->tried = mono_ms();
	if (a->failing) {
		log_debug("audio: ALSA device \"%s\": %s: %s", a->device, what,
		    snd_strerror(err));
		return;
	}
	log_warnx("audio: ALSA device \"%s\": %s: %s%s%s%s; announcements "
	    "are dropped, tried again at most every %d s", a->device, what,
	    snd_strerror(err), *lib != '\0' ? " (" : "", lib,
	    *lib != '\0' ? ")" : "", audio_alsa_retry_ms / 1000);
	a->failing = 1;
}

/* Opens the device unless it failed less than audio_alsa_retry_ms ago. */
static void
alsa_try_open(struct alsa *a, int first)
{
	snd_pcm_uframes_t bufsize, period;
	snd_pcm_t *pcm;
	int64_t now = mono_ms();
	int err;

	if (a->failing && now - a->tried < audio_alsa_retry_ms)
		return;
	a->tried = now;
	alsa_lib_clear();

	/*
	 * Non-blocking, or the kernel waits for a busy device to be free;
	 * the writes then block, in this thread.
	 */
	if ((err = snd_pcm_open(&pcm, a->device, SND_PCM_STREAM_PLAYBACK,
	    SND_PCM_NONBLOCK)) < 0) {
		alsa_failed(a, "cannot open", err);
		return;
	}
	if ((err = snd_pcm_nonblock(pcm, 0)) < 0 ||
	    (err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE,
	    SND_PCM_ACCESS_RW_INTERLEAVED, 1, AUDIO_RATE, 1,
	    ALSA_LATENCY_US)) < 0 ||
	    (err = snd_pcm_get_params(pcm, &bufsize, &period)) < 0) {
		snd_pcm_close(pcm);
		alsa_failed(a, "cannot set 16-bit mono output", err);
		return;
	}

	if (a->failing)
		log_info("audio: ALSA device \"%s\" is back", a->device);
	else if (first)
		log_info("audio: ALSA device \"%s\": %lu ms buffer", a->device,
		    (unsigned long)bufsize * 1000 / AUDIO_RATE);
	a->failing = 0;
	a->pcm = pcm;
	a->chunk = period;
	if (a->chunk > ALSA_CHUNK_MAX)
		a->chunk = ALSA_CHUNK_MAX;
	if (a->chunk < 32)
		a->chunk = 32;
}

static void
alsa_close_pcm(struct alsa *a)
{
	if (a->pcm != NULL) {
		snd_pcm_close(a->pcm);
		a->pcm = NULL;
	}
}

/* Writes n frames; 0, or a negative error the device did not recover from. */
static int
alsa_write(struct alsa *a, const int16_t *pcm, size_t n)
{
	snd_pcm_sframes_t r;

	while (n > 0) {
		r = snd_pcm_writei(a->pcm, pcm, n);
		if (r == -EPIPE || r == -ESTRPIPE || r == -EINTR) {
			if (r == -EPIPE)
				log_debug("audio: ALSA device \"%s\": underrun",
				    a->device);
			/* Re-prepares the stream (resumes it if suspended). */
			if ((r = snd_pcm_recover(a->pcm, (int)r, 1)) < 0)
				return (int)r;
			continue;
		}
		if (r == -EAGAIN) {
			snd_pcm_wait(a->pcm, 100);
			continue;
		}
		if (r < 0)
			return (int)r;
		pcm += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Drops what is queued: it counts as played. Under lock. */
static void
alsa_drop(struct alsa *a)
{
	a->qhead = a->qlen = 0;
	a->inflight = 0;
	a->delay = 0;
}

static void *
alsa_main(void *arg)
{
	struct alsa *a = arg;
	snd_pcm_sframes_t delay;
	size_t n;
	int err;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->quit && a->qlen == 0 && a->pcm == NULL)
			pthread_cond_wait(&a->cond, &a->lock);
		if (a->quit)
			break;

		if (a->qlen == 0) {
			/* All written: let the device play it out. */
			pthread_mutex_unlock(&a->lock);
			alsa_lib_clear();
			if ((err = snd_pcm_drain(a->pcm)) < 0)
				alsa_failed(a, "drain", err);
			alsa_close_pcm(a);
			pthread_mutex_lock(&a->lock);
			a->delay = 0;
			continue;
		}

		if (a->pcm == NULL) {
			pthread_mutex_unlock(&a->lock);
			alsa_try_open(a, 0);
			pthread_mutex_lock(&a->lock);
			if (a->pcm == NULL) {
				alsa_drop(a);
				continue;
			}
		}

		n = a->qlen < a->chunk ? a->qlen : a->chunk;
		memcpy(a->buf, a->q + a->qhead, n * sizeof(*a->q));
		a->qhead += n;
		a->qlen -= n;
		if (a->qlen == 0)
			a->qhead = 0;
		a->inflight = n;
		pthread_mutex_unlock(&a->lock);

		alsa_lib_clear();
		if ((err = alsa_write(a, a->buf, n)) < 0) {
			alsa_failed(a, "cannot play", err);
			snd_pcm_drop(a->pcm);
			alsa_close_pcm(a);
			pthread_mutex_lock(&a->lock);
			alsa_drop(a);
			continue;
		}
		if (snd_pcm_delay(a->pcm, &delay) < 0 || delay < 0)
			delay = 0;
		pthread_mutex_lock(&a->lock);
		a->inflight = 0;
		a->delay = (long)delay;
		a->delay_at = mono_ms();
	}
	pthread_mutex_unlock(&a->lock);

	if (a->pcm != NULL) {
		snd_pcm_drop(a->pcm);
		alsa_close_pcm(a);
	}
	return NULL;
}

static void
alsa_close(void *be)
{
	struct alsa *a = be;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->quit = 1;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);

	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a->q);
	free(a);
	/*
	 * alsa-lib keeps the parsed configuration until exit; free it, as
	 * this is the program's only ALSA user (and one audio at a time).
	 */
	snd_config_update_free_global();
}

static void *
alsa_open(const struct audio_conf *ac)
{
	struct alsa *a;
	sigset_t all, old;
	int err;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("audio: calloc");
		return NULL;
	}
	snprintf(a->device, sizeof(a->device), "%.*s",
	    (int)sizeof(ac->device), ac->device);
	if (a->device[0] == '\0')
		snprintf(a->device, sizeof(a->device), "default");
	snd_lib_error_set_handler(alsa_lib_error);

	/* Tells at start-up whether there will be sound. */
	alsa_try_open(a, 1);
	alsa_close_pcm(a);

	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	/* Signals are for the main loop's signalfd, not this thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&a->thread, NULL, alsa_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		errno = err;
		log_warn("audio: pthread_create");
		pthread_cond_destroy(&a->cond);
		pthread_mutex_destroy(&a->lock);
		free(a);
		return NULL;
	}
	return a;
}

static int
alsa_play(void *be, const int16_t *pcm, size_t n, const char *label)
{
	struct alsa *a = be;
	int16_t *q;
	size_t size;

	if (n == 0)
		return 0;
	pthread_mutex_lock(&a->lock);
	if (a->qlen + a->inflight + n > ALSA_QUEUE_MAX) {
		pthread_mutex_unlock(&a->lock);
		log_warnx("audio: ALSA device \"%s\": more than %zu s queued, "
		    "\"%s\" not played", a->device,
		    ALSA_QUEUE_MAX / AUDIO_RATE, label != NULL ? label : "");
		return -1;
	}
	if (a->qhead + a->qlen + n > a->qsize) {
		if (a->qlen + n <= a->qsize) {
			memmove(a->q, a->q + a->qhead, a->qlen * sizeof(*q));
			a->qhead = 0;
		} else {
			size = a->qsize * 2;
			if (size < a->qlen + n)
				size = a->qlen + n;
			if ((q = malloc(size * sizeof(*q))) == NULL) {
				pthread_mutex_unlock(&a->lock);
				log_warn("audio: queue of %zu samples", size);
				return -1;
			}
			if (a->qlen > 0)
				memcpy(q, a->q + a->qhead,
				    a->qlen * sizeof(*q));
			free(a->q);
			a->q = q;
			a->qsize = size;
			a->qhead = 0;
		}
	}
	memcpy(a->q + a->qhead + a->qlen, pcm, n * sizeof(*q));
	a->qlen += n;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	return 0;
}

static int
alsa_pending_ms(const void *be)
{
	struct alsa *a = (struct alsa *)be;	/* for the lock */
	int64_t frames, played;

	pthread_mutex_lock(&a->lock);
	/* The device's part, counted down since it was last asked. */
	played = (mono_ms() - a->delay_at) * AUDIO_RATE / 1000;
	frames = a->delay > played ? a->delay - played : 0;
	frames += (int64_t)(a->qlen + a->inflight);
	pthread_mutex_unlock(&a->lock);
	return (int)((frames * 1000 + AUDIO_RATE - 1) / AUDIO_RATE);
}

const struct audio_ops audio_alsa_ops = {
	.name = "alsa",
	.open = alsa_open,
	.close = alsa_close,
	.play = alsa_play,
	.pending_ms = alsa_pending_ms,
};
