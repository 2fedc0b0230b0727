/*
 * speech.c - Indonesian numbers and letters as clip names, and the
 * announcement's clips from the template.
 */
#include "speech.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const speech_units[10] = {
	"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh",
	"delapan", "sembilan"
};

const struct speech_word speech_words[] = {
	{ "nol", "nol" }, { "satu", "satu" }, { "dua", "dua" },
	{ "tiga", "tiga" }, { "empat", "empat" }, { "lima", "lima" },
	{ "enam", "enam" }, { "tujuh", "tujuh" }, { "delapan", "delapan" },
	{ "sembilan", "sembilan" }, { "sepuluh", "sepuluh" },
	{ "sebelas", "sebelas" }, { "belas", "belas" },
	{ "puluh", "puluh" }, { "seratus", "seratus" },
	{ "ratus", "ratus" }, { "seribu", "seribu" }, { "ribu", "ribu" },
	{ "nomor-antrean", "nomor antrean" },
	{ "silakan-ke-loket", "silakan ke loket" },
	/* Letters as they are spelled aloud, A to Z in order: see
	 * speech_letter(). */
	{ "huruf-a", "a" }, { "huruf-b", "be" }, { "huruf-c", "ce" },
	{ "huruf-d", "de" }, { "huruf-e", "e" }, { "huruf-f", "ef" },
	{ "huruf-g", "ge" }, { "huruf-h", "ha" }, { "huruf-i", "i" },
	{ "huruf-j", "je" }, { "huruf-k", "ka" }, { "huruf-l", "el" },
	{ "huruf-m", "em" }, { "huruf-n", "en" }, { "huruf-o", "o" },
	{ "huruf-p", "pe" }, { "huruf-q", "ki" }, { "huruf-r", "er" },
	{ "huruf-s", "es" }, { "huruf-t", "te" }, { "huruf-u", "u" },
	{ "huruf-v", "fe" }, { "huruf-w", "we" }, { "huruf-x", "eks" },
	{ "huruf-y", "ye" }, { "huruf-z", "zet" },
};
const size_t speech_nwords = sizeof(speech_words) / sizeof(speech_words[0]);
#define SPEECH_LETTERS	(speech_nwords - 26)	/* index of "huruf-a" */

static int
speech_add(const char *clip, const char **out, int *n, int max)
{
	if (*n >= max)
		return -1;
	out[(*n)++] = clip;
	return 0;
}

/* 1 to 99. */
static int
speech_tens(int n, const char **out, int *k, int max)
{
	if (n < 10)
		return speech_add(speech_units[n], out, k, max);
	if (n == 10)
		return speech_add("sepuluh", out, k, max);
	if (n == 11)
		return speech_add("sebelas", out, k, max);
	if (n < 20)
		return speech_add(speech_units[n % 10], out, k, max) == -1 ? -1 :
		    speech_add("belas", out, k, max);
	if (speech_add(speech_units[n / 10], out, k, max) == -1 ||
	    speech_add("puluh", out, k, max) == -1)
		return -1;
	return n % 10 == 0 ? 0 : speech_add(speech_units[n % 10], out, k,
	    max);
}

/* 1 to 999. */
static int
speech_hundreds(int n, const char **out, int *k, int max)
{
	if (n >= 100) {
		if (n / 100 == 1) {
			if (speech_add("seratus", out, k, max) == -1)
				return -1;
		} else if (speech_add(speech_units[n / 100], out, k, max) ==
		    -1 || speech_add("ratus", out, k, max) == -1)
			return -1;
		n %= 100;
	}
	return n == 0 ? 0 : speech_tens(n, out, k, max);
}

int
speech_number(int n, const char **out, int *n_out, int max)
{
	int k = *n_out;

	if (n < 0 || n > 9999)
		return -1;
	if (n == 0)
		return speech_add("nol", out, n_out, max);
	if (n >= 1000) {
		if (n / 1000 == 1) {
			if (speech_add("seribu", out, &k, max) == -1)
				return -1;
		} else if (speech_add(speech_units[n / 1000], out, &k, max) ==
		    -1 || speech_add("ribu", out, &k, max) == -1)
			return -1;
		n %= 1000;
	}
	if (n > 0 && speech_hundreds(n, out, &k, max) == -1)
		return -1;
	*n_out = k;
	return 0;
}

const char *
speech_letter(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c < 'A' || c > 'Z')
		return NULL;
	return speech_words[SPEECH_LETTERS + (size_t)(c - 'A')].clip;
}

static bool
speech_clip_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= SPEECH_NAME_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

int
speech_template_parse(const char *s, struct speech_template *t, char *err,
    size_t errlen)
{
	static const char *const places[] = {
		"{letter}", "{number}", "{ticket}", "{desk}", "{service}"
	};
	char word[64];
	size_t i, n;
	int known;

	memset(t, 0, sizeof(*t));
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		n = strcspn(s, " \t");
		if (n >= sizeof(word)) {
			snprintf(err, errlen, "word \"%.20s...\" too long", s);
			return -1;
		}
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		if (word[0] == '{') {
			for (known = 0, i = 0; i < 5 && !known; i++)
				known = strcmp(word, places[i]) == 0;
			if (!known) {
				snprintf(err, errlen, "unknown placeholder %s "
				    "(known: {letter} {number} {ticket} "
				    "{desk} {service})", word);
				return -1;
			}
		} else if (!speech_clip_name_ok(word)) {
			snprintf(err, errlen, "\"%s\" is not a clip name "
			    "(letters, digits, - and _, at most %d)", word,
			    SPEECH_NAME_MAX - 1);
			return -1;
		}
		if (t->ntokens == SPEECH_TOKENS) {
			snprintf(err, errlen, "more than %d words",
			    SPEECH_TOKENS);
			return -1;
		}
		memcpy(t->tokens[t->ntokens++], word, n + 1);
	}
	if (t->ntokens == 0) {
		snprintf(err, errlen, "empty");
		return -1;
	}
	return 0;
}

static int
speech_put(char names[][SPEECH_NAME_MAX], int *n, int max, const char *clip)
{
	if (*n >= max)
		return -1;
	snprintf(names[(*n)++], SPEECH_NAME_MAX, "%s", clip);
	return 0;
}

static int
speech_put_number(char names[][SPEECH_NAME_MAX], int *n, int max, int v)
{
	const char *w[16];
	int i, k = 0;

	if (speech_number(v, w, &k, 16) == -1)
		return -1;
	for (i = 0; i < k; i++)
		if (speech_put(names, n, max, w[i]) == -1)
			return -1;
	return 0;
}

int
speech_call(const struct speech_template *t, const struct board_call *c,
    speech_has_fn *has, void *arg, char names[][SPEECH_NAME_MAX], int max)
{
	const char *tok, *letter = speech_letter(c->ticket.service);
	char clip[SPEECH_NAME_MAX];
	int i, n = 0, rc = 0;

	if (letter == NULL || c->ticket.number < 1 ||
	    c->ticket.number > TICKET_NUMBER_MAX)
		return -1;
	for (i = 0; i < t->ntokens && rc == 0; i++) {
		tok = t->tokens[i];
		if (strcmp(tok, "{letter}") == 0)
			rc = speech_put(names, &n, max, letter);
		else if (strcmp(tok, "{number}") == 0)
			rc = speech_put_number(names, &n, max,
			    c->ticket.number);
		else if (strcmp(tok, "{ticket}") == 0)
			rc = speech_put(names, &n, max, letter) == -1 ? -1 :
			    speech_put_number(names, &n, max,
			    c->ticket.number);
		else if (strcmp(tok, "{desk}") == 0) {
			snprintf(clip, sizeof(clip), "loket-%d", c->desk);
			if (has != NULL && has(clip, arg))
				rc = speech_put(names, &n, max, clip);
			else
				rc = speech_put_number(names, &n, max,
				    c->desk);
		} else if (strcmp(tok, "{service}") == 0) {
			snprintf(clip, sizeof(clip), "layanan-%c",
			    tolower((unsigned char)c->ticket.service));
			if (has != NULL && has(clip, arg))
				rc = speech_put(names, &n, max, clip);
		} else
			rc = speech_put(names, &n, max, tok);
	}
	return rc == 0 ? n : -1;
}
