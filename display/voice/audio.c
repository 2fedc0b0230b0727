/*
 * audio.c - the announcement audio interface: picks a backend by name and
 * forwards to its table of functions.
 */
#include "audio.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

struct audio {
	const struct audio_ops	*ops;
	void			*be;
};

static const struct audio_ops *const audio_backends[] = {
	&audio_alsa_ops,
	&audio_wav_ops,
};

#define AUDIO_NBACKENDS \
	(sizeof(audio_backends) / sizeof(audio_backends[0]))

struct audio *
audio_open(const struct audio_conf *ac)
{
	const struct audio_ops *ops = NULL;
	struct audio *a;
	size_t i;

	for (i = 0; i < AUDIO_NBACKENDS; i++)
		if (strncmp(audio_backends[i]->name, ac->kind,
		    sizeof(ac->kind)) == 0)
			ops = audio_backends[i];
	if (ops == NULL) {
		log_warnx("audio: unknown kind \"%.*s\" (known: alsa, wav)",
		    (int)sizeof(ac->kind), ac->kind);
		return NULL;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("audio: calloc");
		return NULL;
	}
	a->ops = ops;
	if ((a->be = ops->open(ac)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void
audio_close(struct audio *a)
{
	if (a == NULL)
		return;
	a->ops->close(a->be);
	free(a);
}

int
audio_play(struct audio *a, const int16_t *pcm, size_t n, const char *label)
{
	return a->ops->play(a->be, pcm, n, label);
}

int
audio_pending_ms(const struct audio *a)
{
	return a->ops->pending_ms(a->be);
}
