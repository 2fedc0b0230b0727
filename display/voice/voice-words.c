/*
 * antre-voice-words - prints the built-in vocabulary, one clip a line:
 * "<clip name> <text to say>". The build makes the default voice from
 * it (scripts/make-voice); the docs list it as the clips to record.
 */
#include <stdio.h>

#include "speech.h"

int
main(void)
{
	size_t i;

	for (i = 0; i < speech_nwords; i++)
		printf("%s %s\n", speech_words[i].clip, speech_words[i].text);
	return ferror(stdout) ? 1 : 0;
}
