/*
 * fuzz_speech.c - the announcement template parser
 * (speech_template_parse, display/voice/speech.c) on arbitrary text, and
 * the announcement of a call with what it accepts.
 *
 * A refused template has a NUL-terminated reason; an accepted one has 1
 * to SPEECH_TOKENS words, each a placeholder or a clip name, parses again
 * to the same words when they are joined with spaces, and announces a
 * call in at most SPEECH_MAX clips. Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "speech.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_speech: %s: \"%s\"\n", what, detail);
	abort();
}

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

static bool
has_clip(const char *clip, void *arg)
{
	(void)arg;
	return strcmp(clip, "loket-3") == 0;
}

static void
check_word(const char *w)
{
	size_t n = strnlen(w, SPEECH_NAME_MAX);

	if (n == 0 || n == SPEECH_NAME_MAX)
		fuzz_die("word empty or not terminated", "");
	if (w[0] == '{')
		return;
	if (strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_") != n)
		fuzz_die("accepted a word that is no clip name", w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char names[SPEECH_MAX][SPEECH_NAME_MAX];
	struct speech_template t, again;
	struct board_call call;
	char *s, err[160], joined[SPEECH_TOKENS * SPEECH_NAME_MAX + 1];
	size_t len = 0;
	int i, n;

	log_set_sink(quiet, NULL);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (speech_template_parse(s, &t, err, sizeof(err)) == -1) {
		if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
			fuzz_die("refused without a reason", s);
		free(s);
		return 0;
	}
	if (t.ntokens < 1 || t.ntokens > SPEECH_TOKENS)
		fuzz_die("word count out of range", s);
	for (i = 0; i < t.ntokens; i++) {
		check_word(t.tokens[i]);
		len += (size_t)snprintf(joined + len, sizeof(joined) - len,
		    "%s%s", i > 0 ? " " : "", t.tokens[i]);
	}
	if (speech_template_parse(joined, &again, err, sizeof(err)) == -1 ||
	    again.ntokens != t.ntokens ||
	    memcmp(again.tokens, t.tokens, sizeof(t.tokens)) != 0)
		fuzz_die("the words joined do not parse the same", s);

	memset(&call, 0, sizeof(call));
	call.ticket.service = 'B';
	call.ticket.number = 107;
	call.desk = 3;
	if ((n = speech_call(&t, &call, has_clip, NULL, names,
	    SPEECH_MAX)) > SPEECH_MAX)
		fuzz_die("more clips than the room given", s);
	for (i = 0; i < n; i++)
		if (strnlen(names[i], SPEECH_NAME_MAX) == SPEECH_NAME_MAX)
			fuzz_die("clip name not terminated", s);
	free(s);
	return 0;
}
