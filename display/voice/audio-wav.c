/*
 * audio-wav.c - the "wav" audio backend: what would be played goes to a
 * WAV file (16-bit mono PCM at AUDIO_RATE), and "<wav_path>.idx" gets a
 * line per piece:
 *
 *	<first sample in the file> <samples> <start ms> <label or ->
 *
 * The start is the CLOCK_MONOTONIC time in milliseconds at which a real
 * player would begin the piece: now if it was idle, else when what was
 * queued before ends. The file holds the pieces back to back, without the
 * idle time between them. Both files are complete after every play (the
 * WAV header is rewritten, the index line flushed), so a test may read
 * them while the program runs.
 */
#include "audio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#include "clock.h"
#include "log.h"

struct wav {
	char		 path[256];
	int		 fd;
	SNDFILE		*sf;
	FILE		*idx;
	int64_t		 nsamples;	/* written to the file so far */
	int64_t		 end_ns;	/* when the last piece queued ends */
};

static void
wav_close(void *be)
{
	struct wav *w = be;

	if (w == NULL)
		return;
	if (w->sf != NULL && sf_close(w->sf) != 0)
		log_warnx("audio: %s: %s", w->path, sf_strerror(NULL));
	if (w->fd != -1 && close(w->fd) == -1)
		log_warn("audio: %s", w->path);
	if (w->idx != NULL && fclose(w->idx) != 0)
		log_warn("audio: %s.idx", w->path);
	free(w);
}

static void *
wav_open(const struct audio_conf *ac)
{
	struct wav *w;
	SF_INFO info;
	char idxpath[sizeof(w->path) + 4];

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("audio: calloc");
		return NULL;
	}
	w->fd = -1;
	snprintf(w->path, sizeof(w->path), "%.*s", (int)sizeof(ac->wav_path),
	    ac->wav_path);
	if (w->path[0] == '\0') {
		log_warnx("audio: wav: no file named (wav_path)");
		goto err;
	}

	/* Opened here rather than by sf_open() for errno's message; closed
	 * here too, so a failed sf_open_fd() leaves it to us. */
	if ((w->fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		log_warn("audio: cannot create %s", w->path);
		goto err;
	}
	memset(&info, 0, sizeof(info));
	info.samplerate = AUDIO_RATE;
	info.channels = 1;
	info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	if ((w->sf = sf_open_fd(w->fd, SFM_WRITE, &info, SF_FALSE)) == NULL) {
		log_warnx("audio: %s: %s", w->path, sf_strerror(NULL));
		goto err;
	}
	/* A reader sees a valid, empty WAV from the start. */
	sf_command(w->sf, SFC_UPDATE_HEADER_NOW, NULL, 0);

	snprintf(idxpath, sizeof(idxpath), "%s.idx", w->path);
	if ((w->idx = fopen(idxpath, "we")) == NULL) {
		log_warn("audio: cannot create %s", idxpath);
		goto err;
	}
	return w;

err:
	wav_close(w);
	return NULL;
}

static int
wav_play(void *be, const int16_t *pcm, size_t n, const char *label)
{
	struct wav *w = be;
	int64_t now, start;
	sf_count_t done;
	const char *c;

	if (n > 0) {
		done = sf_write_short(w->sf, pcm, (sf_count_t)n);
		if (done < 0 || (size_t)done != n) {
			log_warnx("audio: %s: %s", w->path, sf_strerror(w->sf));
			return -1;
		}
		sf_command(w->sf, SFC_UPDATE_HEADER_NOW, NULL, 0);
	}

	now = mono_ns();
	start = w->end_ns > now ? w->end_ns : now;
	w->end_ns = start + (int64_t)n * 1000000000 / AUDIO_RATE;

	fprintf(w->idx, "%" PRId64 " %zu %" PRId64 " ", w->nsamples, n,
	    start / 1000000);
	w->nsamples += (int64_t)n;
	if (label == NULL || *label == '\0')
		fputc('-', w->idx);
	else {
		/* One line per piece, whatever the label holds. */
		for (c = label; *c != '\0'; c++)
			fputc((unsigned char)*c < ' ' ? ' ' : *c, w->idx);
	}
	fputc('\n', w->idx);
	if (fflush(w->idx) != 0 || ferror(w->idx)) {
		log_warn("audio: %s.idx", w->path);
		clearerr(w->idx);
		return -1;
	}
	return 0;
}

static int
wav_pending_ms(const void *be)
{
	const struct wav *w = be;
	int64_t left = w->end_ns - mono_ns();

	if (left <= 0)
		return 0;
	return (int)((left + 999999) / 1000000);
}

const struct audio_ops audio_wav_ops = {
	.name = "wav",
	.open = wav_open,
	.close = wav_close,
	.play = wav_play,
	.pending_ms = wav_pending_ms,
};
