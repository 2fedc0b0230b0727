/*
 * voice-conf.c - the [voice] settings' defaults (announce.h), apart from
 * the announcer so that reading a configuration needs no sound library.
 */
#include "announce.h"

#include <stdio.h>
#include <string.h>

void
voice_conf_defaults(struct voice_conf *vc)
{
	char err[64];

	memset(vc, 0, sizeof(*vc));
	snprintf(vc->clips, sizeof(vc->clips), "/usr/share/antre/voice/id");
	speech_template_parse(SPEECH_TEMPLATE, &vc->tmpl, err, sizeof(err));
	vc->repeat = 1;
	vc->gap_ms = 700;
	vc->word_gap_ms = 120;
	vc->volume = 100;
	snprintf(vc->audio.kind, sizeof(vc->audio.kind), "alsa");
	snprintf(vc->audio.device, sizeof(vc->audio.device), "default");
}
