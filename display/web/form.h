/*
 * form.h - a request's arguments (form.c): the query's and the
 * urlencoded form's fields as name and value, checked to be UTF-8 text
 * without NUL. Pure, so its parser can be fuzzed and tested alone.
 */
#ifndef ANTRE_WEB_FORM_H
#define ANTRE_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_ARGS_MAX	128

struct form {
	int	 n;
	char	*name[FORM_ARGS_MAX];
	char	*value[FORM_ARGS_MAX];
};

/* Whether s[0..n) is UTF-8 (shortest forms, no surrogates) without NUL. */
bool	form_utf8(const void *s, size_t n);
/* Adds a field (copied); -1 when full, out of memory, or not text. */
int	form_add(struct form *f, const char *name, size_t nlen,
	    const char *value, size_t vlen);
/* Adds the fields of an application/x-www-form-urlencoded body of len
 * bytes ("a=1&b=x+y%21"), NUL-terminated; body is decoded in place. -1 for a bad escape,
 * a field that is not text, or too many fields. */
int	form_parse(struct form *f, char *body, size_t len);
/* The first field of that name, NULL when none. */
const char	*form_get(const struct form *f, const char *name);
/* Frees the fields, their values wiped (passwords). */
void	form_free(struct form *f);

#endif
