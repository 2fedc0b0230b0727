/*
 * conf.h - INI configuration files, parsed with libinih.
 *
 * Each program keeps one struct conf of its own and a handler that fills
 * it; this file adds what inih lacks: the line number of every key, error
 * messages of the form "FILE:LINE: what was expected", and typed value
 * parsers that produce such messages.
 */
#ifndef ANTRE_CONF_H
#define ANTRE_CONF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The longest line a file may have, its line end included. inih keeps a
 * line in a buffer of this size (libinih as Debian builds it takes the
 * size at run time): a running text of 511 bytes with its key, spaces
 * and an inline comment fits with room to spare.
 */
#define CONF_LINE_MAX	2048

struct conf_ctx {
	const char	*path;
	int		 line;		/* line being parsed */
	int		 nerrors;
	void		*user;
	int		(*handler)(struct conf_ctx *, const char *section,
			    const char *key, const char *value);
};

/* Called for every section header (key and value NULL) and every key.
 * Return 0 to go on (after conf_error() if the value was bad), never
 * stop: all errors of a file are reported at once. Keys of a section
 * whose header was refused should be passed over in silence. */
typedef int (*conf_handler)(struct conf_ctx *ctx, const char *section,
    const char *key, const char *value);

/*
 * Parses path, calling handler with ctx->user = user. Returns 0, or -1
 * after logging every problem (unreadable file, syntax errors, errors the
 * handler reported).
 */
int	conf_parse(const char *path, conf_handler handler, void *user);

/* Logs "path:line: message" and counts the error. */
void	conf_error(struct conf_ctx *ctx, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Logs "path: message" (no line: a whole-file problem such as a missing
 * key) and counts the error. */
void	conf_error_file(struct conf_ctx *ctx, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The standard complaint for a key no section knows. */
void	conf_unknown_key(struct conf_ctx *ctx, const char *section,
	    const char *key);

/* Typed values. Each returns 0, or -1 after conf_error() naming the key
 * and what was expected; a string too long for its buffer names its
 * length and the limit in bytes ("running_text: 600 bytes, at most
 * 511"). */
int	conf_int(struct conf_ctx *ctx, const char *key, const char *value,
	    long min, long max, int *out);
int	conf_bool(struct conf_ctx *ctx, const char *key, const char *value,
	    bool *out);
int	conf_str(struct conf_ctx *ctx, const char *key, const char *value,
	    char *buf, size_t len);
/* A value from a fixed list of words; *out is the index in words[]. */
int	conf_enum(struct conf_ctx *ctx, const char *key, const char *value,
	    const char *const *words, int nwords, int *out);

/* Section names of the form "desk 3" or "service A": copies the word
 * after the space into arg (may be "") and returns the length of the
 * first word. */
size_t	conf_section_split(const char *section, const char **arg);

/* Reads the first line of a file (a password file) into buf, without the
 * line end. A line that does not fit is an error, never cut. Returns 0,
 * or -1 after conf_error() naming key and path (ctx: the configuration
 * line that named the file; NULL: the file alone). */
int	conf_read_secret(struct conf_ctx *ctx, const char *key,
	    const char *path, char *buf, size_t len);

#endif
