/*
 * speech.h - what an announcement says, as a list of clip names: the
 * Indonesian words for numbers and letters, and the sentence template
 * from the configuration. Pure: no files, no sound.
 *
 * A clip is a WAV file <name>.wav in the voice directory. The built-in
 * vocabulary (speech_words) is what the default clip set is generated
 * from; an office may record its own files with the same names, or add
 * clips its template names.
 */
#ifndef ANTRE_SPEECH_H
#define ANTRE_SPEECH_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

#define SPEECH_NAME_MAX	32	/* bytes of a clip name, with the NUL */
#define SPEECH_MAX	64	/* clips in one announcement */
#define SPEECH_TOKENS	24	/* words in a template */

/* One word of the built-in vocabulary: its clip and what to say. */
struct speech_word {
	const char	*clip;
	const char	*text;
};

extern const struct speech_word	speech_words[];
extern const size_t		speech_nwords;

/* The default sentence: "Nomor antrean, A, seratus dua puluh tiga,
 * silakan ke loket, tiga", after the chime. */
#define SPEECH_TEMPLATE	"chime nomor-antrean {letter} {number} " \
			"silakan-ke-loket {desk}"

/*
 * Appends the clip names for n (0 to 9999) to out[*n_out..max-1]:
 * 2024 -> dua ribu dua puluh empat. 0, or -1 if n is out of range or
 * out is full.
 */
int	speech_number(int n, const char **out, int *n_out, int max);

/* The clip of a letter as Indonesians spell it ("huruf-a" .. "huruf-z"),
 * or NULL for anything but A-Z. */
const char	*speech_letter(char c);

/* A parsed template: literal clip names and placeholders. */
struct speech_template {
	int	ntokens;
	char	tokens[SPEECH_TOKENS][SPEECH_NAME_MAX];
};

/*
 * Parses a template: words separated by spaces, each a clip name
 * (letters, digits, - and _) or one of {letter}, {number}, {ticket}
 * (= {letter} {number}), {desk}, {service}. 0, or -1 with the reason in
 * err.
 */
int	speech_template_parse(const char *s, struct speech_template *t,
	    char *err, size_t errlen);

/* Does the voice have a clip of this name? (For {desk}: "loket-3" when
 * the office recorded one; {service}: "layanan-a".) */
typedef bool	speech_has_fn(const char *clip, void *arg);

/*
 * The clips announcing call c with template t, into out (SPEECH_MAX
 * names, stored in names). {desk} is the desk's own clip "loket-<id>"
 * when has() says it exists, else the desk number in words; {service}
 * is "layanan-<letter>" when it exists, else nothing. Returns the number
 * of clips, or -1 if the call cannot be said (no ticket).
 */
int	speech_call(const struct speech_template *t,
	    const struct board_call *c, speech_has_fn *has, void *arg,
	    char names[][SPEECH_NAME_MAX], int max);

#endif
