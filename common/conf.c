/*
 * conf.c - INI parsing with line numbers on top of libinih.
 *
 * inih only reports the line of the first syntax error, so the file is fed
 * through our own reader, which counts lines: when the handler runs,
 * ctx->line is the line of the key being handled.
 */
#include "conf.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "log.h"

struct conf_stream {
	FILE		*fp;
	struct conf_ctx	*ctx;
	char		*buf;
	size_t		 bufsz;
};

static void __attribute__((format(printf, 3, 0)))
conf_vlog(struct conf_ctx *ctx, int line, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line > 0)
		log_warnx("%s:%d: %s", ctx->path, line, msg);
	else
		log_warnx("%s: %s", ctx->path, msg);
	ctx->nerrors++;
}

void
conf_error(struct conf_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vlog(ctx, ctx->line, fmt, ap);
	va_end(ap);
}

void
conf_error_file(struct conf_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_vlog(ctx, 0, fmt, ap);
	va_end(ap);
}

void
conf_unknown_key(struct conf_ctx *ctx, const char *section, const char *key)
{
	if (section[0] == '\0')
		conf_error(ctx, "key \"%s\" outside any [section]", key);
	else
		conf_error(ctx, "unknown key \"%s\" in [%s]", key, section);
}

/*
 * inih does not tell about a section until it has a key, so an empty
 * "[service B]" would silently not exist: spot headers here and hand
 * them to the handler with key == NULL.
 */
static void
conf_header(struct conf_ctx *ctx, const char *line)
{
	char name[128];
	const char *end;
	size_t n;

	line += strspn(line, " \t");
	if (*line != '[' || (end = strchr(line, ']')) == NULL)
		return;
	n = (size_t)(end - line - 1);
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, line + 1, n);
	name[n] = '\0';
	ctx->handler(ctx, name, NULL, NULL);
}

/* The ini_reader: one line per call, so calls count lines. num is the
 * size of inih's line buffer (CONF_LINE_MAX). */
static char *
conf_reader(char *str, int num, void *stream)
{
	struct conf_stream *cs = stream;
	ssize_t n;
	size_t len;

	n = getline(&cs->buf, &cs->bufsz, cs->fp);
	if (n < 0)
		return NULL;
	cs->ctx->line++;
	if (n >= num) {
		len = strcspn(cs->buf, "\r\n");
		conf_error(cs->ctx, "line of %zu bytes, at most %d: the line "
		    "is left out", len, num - 2);
		/* Hand inih a comment so the cut line is not misread. */
		snprintf(str, num, ";\n");
		return str;
	}
	memcpy(str, cs->buf, n + 1);
	conf_header(cs->ctx, str);
	return str;
}

static int
conf_ini_handler(void *user, const char *section, const char *key,
    const char *value)
{
	struct conf_ctx *ctx = user;

	if (section[0] == '\0')
		conf_unknown_key(ctx, section, key);
	else
		ctx->handler(ctx, section, key, value);
	return 1;
}

int
conf_parse(const char *path, conf_handler handler, void *user)
{
	struct conf_ctx ctx = { .path = path, .user = user,
	    .handler = handler };
	struct conf_stream cs = { .ctx = &ctx };
	int rc;

	if ((cs.fp = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	/* Debian's libinih takes its line buffer's size at run time; the
	 * buffer lives on the stack of ini_parse_stream() only. */
	ini_max_line = CONF_LINE_MAX;
	rc = ini_parse_stream(conf_reader, &cs, conf_ini_handler, &ctx);
	if (ferror(cs.fp)) {
		log_warn("%s: read", path);
		ctx.nerrors++;
	}
	fclose(cs.fp);
	free(cs.buf);
	/* Our handler never fails, so a positive rc is a syntax error. */
	if (rc > 0) {
		ctx.line = rc;
		conf_error(&ctx, "syntax error: expected \"[section]\" or "
		    "\"key = value\"");
	} else if (rc < 0) {
		conf_error_file(&ctx, "cannot parse (out of memory)");
	}
	return ctx.nerrors == 0 ? 0 : -1;
}

int
conf_int(struct conf_ctx *ctx, const char *key, const char *value,
    long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (value[0] == '\0' || *end != '\0' || errno != 0 || v < min ||
	    v > max || v < INT_MIN || v > INT_MAX) {
		conf_error(ctx, "%s: expected a whole number from %ld to %ld, "
		    "not \"%s\"", key, min, max, value);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
conf_bool(struct conf_ctx *ctx, const char *key, const char *value,
    bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	conf_error(ctx, "%s: expected yes or no, not \"%s\"", key, value);
	return -1;
}

int
conf_str(struct conf_ctx *ctx, const char *key, const char *value,
    char *buf, size_t len)
{
	size_t n = strlen(value);

	if (n >= len) {
		conf_error(ctx, "%s: %zu bytes, at most %zu", key, n, len - 1);
		return -1;
	}
	memcpy(buf, value, n + 1);
	return 0;
}

int
conf_enum(struct conf_ctx *ctx, const char *key, const char *value,
    const char *const *words, int nwords, int *out)
{
	char list[256];
	size_t off = 0;
	int i;

	for (i = 0; i < nwords; i++) {
		if (strcmp(value, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; i < nwords && off < sizeof(list); i++)
		off += snprintf(list + off, sizeof(list) - off, "%s%s",
		    i == 0 ? "" : (i == nwords - 1 ? " or " : ", "),
		    words[i]);
	conf_error(ctx, "%s: expected %s, not \"%s\"", key, list, value);
	return -1;
}

size_t
conf_section_split(const char *section, const char **arg)
{
	const char *sp = strchr(section, ' ');

	if (sp == NULL) {
		*arg = section + strlen(section);
		return strlen(section);
	}
	*arg = sp + 1;
	while (**arg == ' ')
		(*arg)++;
	return (size_t)(sp - section);
}

int
conf_read_secret(struct conf_ctx *ctx, const char *key, const char *path,
    char *buf, size_t len)
{
	struct conf_ctx alone = { .path = path };
	char *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	FILE *fp;
	int saved;

	if ((fp = fopen(path, "r")) == NULL) {
		saved = errno;
		if (ctx == NULL)
			conf_error_file(&alone, "%s", strerror(saved));
		else
			conf_error(ctx, "%s: %s: %s", key, path,
			    strerror(saved));
		return -1;
	}
	errno = 0;
	got = getline(&line, &cap, fp);
	saved = ferror(fp) ? errno : 0;
	fclose(fp);
	if (got < 0) {
		if (ctx == NULL)
			conf_error_file(&alone, "%s", saved != 0 ?
			    strerror(saved) : "empty");
		else
			conf_error(ctx, "%s: %s: %s", key, path, saved != 0 ?
			    strerror(saved) : "empty");
		free(line);
		return -1;
	}
	n = strcspn(line, "\r\n");
	if (n >= len) {
		if (ctx == NULL)
			conf_error_file(&alone, "first line longer than %zu "
			    "bytes", len - 1);
		else
			conf_error(ctx, "%s: %s: first line longer than %zu "
			    "bytes", key, path, len - 1);
		explicit_bzero(line, cap);
		free(line);
		return -1;
	}
	memcpy(buf, line, n);
	buf[n] = '\0';
	explicit_bzero(line, cap);
	free(line);
	return 0;
}
