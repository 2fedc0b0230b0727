/*
 * shorten.c - text that does not fit is shortened so that what identifies
 * it stays: a desk's number ("Loket Pelayanan Terpadu 12" becomes "Loket
 * Pel… 12", then "… 12", then "12"), a service's letter and the start of
 * its name ("B · BPJS Kes…"). Pure: the caller says what fits.
 */
#include "render-int.h"

#include <ctype.h>
#include <string.h>

#define ELLIPSIS	"\u2026"
#define SHORTEN_KEEP	3	/* characters of a name worth an ellipsis */

/* The last space-separated word that holds a digit: a desk's number. */
static int
number_word(const char *s, size_t *start, size_t *end)
{
	size_t i, n = strlen(s), ws, we;
	int found = 0, digit;

	for (i = 0; i < n; ) {
		while (i < n && s[i] == ' ')
			i++;
		ws = i;
		digit = 0;
		while (i < n && s[i] != ' ') {
			if (isdigit((unsigned char)s[i]))
				digit = 1;
			i++;
		}
		we = i;
		if (digit && we > ws) {
			*start = ws;
			*end = we;
			found = 1;
		}
	}
	return found;
}

/* buf = pre + the first k characters of s (spaces at its end dropped) +
 * post. */
/* snprintf() that never leaves half a character at a cut. */
static void
join(char *buf, size_t len, const char *a, int an, const char *b,
    const char *c)
{
	size_t n;

	if (snprintf(buf, len, "%s%.*s%s", a, an, b, c) >= (int)len) {
		n = strlen(buf);
		while (n > 0 && !g_utf8_validate(buf, n, NULL))
			buf[--n] = '\0';
	}
}

static void
compose(char *buf, size_t len, const char *pre, const char *s, long k,
    const char *post)
{
	const char *e = g_utf8_offset_to_pointer(s, k);

	while (e > s && e[-1] == ' ')
		e--;
	join(buf, len, pre, (int)(e - s), s, post);
}

/*
 * The most characters k (1..n - 1) of s for which pre + s[:k] + post
 * fits, by bisection (a longer prefix is never narrower); 0 if none.
 */
static long
longest(const char *pre, const char *s, const char *post,
    shorten_fits_fn *fits, void *arg, char *buf, size_t len)
{
	long lo = 1, hi = g_utf8_strlen(s, -1) - 1, mid, best = 0;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		compose(buf, len, pre, s, mid, post);
		if (fits(buf, arg)) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best > 0)
		compose(buf, len, pre, s, best, post);
	return best;
}

/*
 * The longest form of text that fits, in buf. A name without a number
 * of its own ends with ident when shortened ("Loket Prioritas (lansia)"
 * of desk 6: "Loket Pri… 6", the number the voice says); ident may be
 * NULL. When even the shortest form does not fit (the number alone, or
 * the first character and an ellipsis) it is returned all the same: the
 * caller draws it smaller.
 */
const char *
text_shorten(const char *text, const char *ident, shorten_fits_fn *fits,
    void *arg, char *buf, size_t len)
{
	char head[TEXT_MAX], word[TEXT_MAX], tail[TEXT_MAX], pre[TEXT_MAX];
	char with[TEXT_MAX];
	size_t ws, we, hl;

	copy_str(buf, len, text);
	if (fits(buf, arg))
		return buf;
	if (!number_word(text, &ws, &we) && ident != NULL &&
	    ident[0] != '\0') {
		/* The desk's number after the name, then as for a name
		 * that has it. */
		join(with, sizeof(with), "", (int)strlen(text), text, " ");
		join(with + strlen(with), sizeof(with) - strlen(with), "",
		    (int)strlen(ident), ident, "");
		if (number_word(with, &ws, &we) && ws > 0)
			text = with;
	}
	if (!number_word(text, &ws, &we)) {
		if (longest("", text, ELLIPSIS, fits, arg, buf, len) == 0)
			compose(buf, len, "", text, 1, ELLIPSIS);
		return buf;
	}
	hl = ws;
	while (hl > 0 && text[hl - 1] == ' ')
		hl--;
	join(head, sizeof(head), "", (int)hl, text, "");
	join(word, sizeof(word), "", (int)(we - ws), text + ws, "");
	copy_str(tail, sizeof(tail), text + we);
	while (tail[0] == ' ')
		memmove(tail, tail + 1, strlen(tail));

	/* "Loket 6 Perizinan": the words after the number go first. */
	if (tail[0] != '\0') {
		/* The text up to the number's end. */
		join(pre, sizeof(pre), "", (int)we, text, " ");
		if (longest(pre, tail, ELLIPSIS, fits, arg, buf, len) > 0)
			return buf;
		join(buf, len, "", (int)we, text, "");
		if (fits(buf, arg))
			return buf;
	}
	/* "Loket Pelayanan Terpadu 12": then the words before it, as long
	 * as a few letters of them are left ("L… 12" says nothing more
	 * than "12"). */
	if (head[0] != '\0') {
		join(pre, sizeof(pre), ELLIPSIS " ", (int)strlen(word), word,
		    "");
		if (longest("", head, pre, fits, arg, buf, len) >= SHORTEN_KEEP)
			return buf;
	}
	copy_str(buf, len, word);
	return buf;
}
