/*
 * audio.h - where announcements are played. One backend per file
 * (audio-*.c), chosen once from the config, behind this small interface:
 * "alsa" (the Pi's HDMI or headphone output, libasound) and "wav" (writes
 * what would be played to a file, for tests and headless use).
 *
 * Samples are signed 16-bit mono at AUDIO_RATE. audio_play() never
 * blocks: it copies the samples and returns; the backend plays them in
 * order, after anything queued before.
 */
#ifndef ANTRE_AUDIO_H
#define ANTRE_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#define AUDIO_RATE	22050

struct audio_conf {
	char	kind[8];	/* "alsa" or "wav" */
	char	device[64];	/* alsa: PCM name, e.g. "default", "hw:0,0" */
	char	wav_path[256];	/* wav: the file written */
};

struct audio;

/*
 * Opens the backend. An alsa device that is absent or busy is not an
 * error here: it is logged, and the backend keeps trying to open it when
 * there is something to play (the board must run without sound). NULL
 * only for a wrong kind or a wav file that cannot be created (logged).
 */
struct audio	*audio_open(const struct audio_conf *ac);
void		 audio_close(struct audio *a);

/*
 * Queues n samples after everything queued before; label names them in
 * the wav backend's index (may be NULL). 0, or -1 if they cannot be
 * queued (logged).
 */
int	audio_play(struct audio *a, const int16_t *pcm, size_t n,
	    const char *label);

/* Milliseconds of sound queued and not yet played (0: quiet). */
int	audio_pending_ms(const struct audio *a);

/*
 * The backend's side, for audio-*.c only: one table per backend, picked
 * by name in audio_open().
 */
struct audio_ops {
	const char	*name;
	void		*(*open)(const struct audio_conf *ac);
	void		 (*close)(void *be);
	int		 (*play)(void *be, const int16_t *pcm, size_t n,
			    const char *label);
	int		 (*pending_ms)(const void *be);
};

extern const struct audio_ops audio_alsa_ops;
extern const struct audio_ops audio_wav_ops;

#endif
