/*
 * form.c - a request's arguments (form.h).
 */
#include "form.h"

#include <stdlib.h>
#include <string.h>

bool
form_utf8(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0, k, more;
	unsigned int cp;

	while (i < n) {
		if (s[i] == 0)
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			cp = s[i] & 0x1f;
			more = 1;
		} else if ((s[i] & 0xf0) == 0xe0) {
			cp = s[i] & 0x0f;
			more = 2;
		} else if ((s[i] & 0xf8) == 0xf0) {
			cp = s[i] & 0x07;
			more = 3;
		} else
			return false;
		for (k = 1; k <= more; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((more == 1 && cp < 0x80) || (more == 2 && cp < 0x800) ||
		    (more == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += more + 1;
	}
	return true;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decodes application/x-www-form-urlencoded text in place; -1 for a bad
 * escape or a result that is not UTF-8 text. */
static int
form_decode(char *s)
{
	char *in = s, *out = s;
	int hi, lo;

	while (*in != '\0') {
		if (*in == '+') {
			*out++ = ' ';
			in++;
		} else if (*in == '%') {
			if ((hi = hexval(in[1])) == -1 ||
			    (lo = hexval(in[2])) == -1)
				return -1;
			*out++ = (char)(hi << 4 | lo);
			in += 3;
		} else
			*out++ = *in++;
	}
	*out = '\0';
	return form_utf8(s, (size_t)(out - s)) &&
	    memchr(s, '\0', (size_t)(out - s)) == NULL ? 0 : -1;
}

int
form_add(struct form *f, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	if (f->n == FORM_ARGS_MAX || !form_utf8(name, nlen) ||
	    !form_utf8(value, vlen))
		return -1;
	if ((f->name[f->n] = strndup(name, nlen)) == NULL)
		return -1;
	if ((f->value[f->n] = strndup(value, vlen)) == NULL) {
		free(f->name[f->n]);
		return -1;
	}
	f->n++;
	return 0;
}

int
form_parse(struct form *f, char *body, size_t len)
{
	char *p, *pair, *eq;

	if (memchr(body, '\0', len) != NULL || body[len] != '\0')
		return -1;
	p = body;
	while ((pair = strsep(&p, "&")) != NULL) {
		if (*pair == '\0')
			continue;
		if ((eq = strchr(pair, '=')) != NULL)
			*eq++ = '\0';
		else
			eq = pair + strlen(pair);
		if (form_decode(pair) == -1 || form_decode(eq) == -1 ||
		    form_add(f, pair, strlen(pair), eq, strlen(eq)) == -1)
			return -1;
	}
	return 0;
}

const char *
form_get(const struct form *f, const char *name)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

void
form_free(struct form *f)
{
	int i;

	for (i = 0; i < f->n; i++) {
		free(f->name[i]);
		explicit_bzero(f->value[i], strlen(f->value[i]));
		free(f->value[i]);
	}
	f->n = 0;
}
