/*
 * log.c - stderr logging with the program name, in the OpenBSD daemon
 * style. Lines are written with one write() so lines from several
 * processes sharing a terminal or a journal do not interleave.
 */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *log_prog = "antre";
static int log_debug_on;
static void (*log_sink)(const char *, void *);
static void *log_sink_arg;

void
log_set_sink(void (*fn)(const char *line, void *arg), void *arg)
{
	log_sink = fn;
	log_sink_arg = arg;
}

void
log_init(const char *progname, int debug)
{
	const char *slash;

	if (progname != NULL) {
		slash = strrchr(progname, '/');
		log_prog = slash != NULL ? slash + 1 : progname;
	}
	log_debug_on = debug;
}

int
log_debug_enabled(void)
{
	return log_debug_on;
}

static void __attribute__((format(printf, 3, 0)))
log_vemit(const char *level, int errnum, const char *fmt, va_list ap)
{
	char line[1024];
	int n, m;

	n = snprintf(line, sizeof(line), "%s: %s", log_prog, level);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n >= sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (errnum != 0) {
		m = snprintf(line + n, sizeof(line) - n, ": %s",
		    strerror(errnum));
		if (m > 0)
			n += m;
		if ((size_t)n >= sizeof(line) - 2)
			n = sizeof(line) - 2;
	}
	line[n++] = '\n';
	line[n] = '\0';
	if (log_sink != NULL)
		log_sink(line, log_sink_arg);
	else
		(void)!write(STDERR_FILENO, line, n);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_on)
		return;
	va_start(ap, fmt);
	log_vemit("debug: ", 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit("", 0, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	log_vemit("warning: ", saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit("warning: ", 0, fmt, ap);
	va_end(ap);
}

static int64_t
log_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
log_limit_report(struct log_limit *l)
{
	if (l->suppressed > 0)
		log_warnx("%d more line(s) like \"%s\" suppressed in %d s",
		    l->suppressed, l->what != NULL ? l->what : "?",
		    LOG_LIMIT_MS / 1000);
	l->suppressed = 0;
}

void
log_limit_flush(struct log_limit *l)
{
	if (l->window_ms != 0 && log_mono_ms() - l->window_ms >=
	    LOG_LIMIT_MS) {
		log_limit_report(l);
		l->window_ms = 0;
		l->lines = 0;
	}
}

void
log_warnx_limited(struct log_limit *l, const char *fmt, ...)
{
	va_list ap;
	int64_t now = log_mono_ms();

	if (l->window_ms == 0 || now - l->window_ms >= LOG_LIMIT_MS) {
		log_limit_report(l);
		l->window_ms = now;
		l->lines = 0;
	}
	if (l->lines >= LOG_LIMIT_LINES) {
		l->suppressed++;
		return;
	}
	l->lines++;
	va_start(ap, fmt);
	log_vemit("warning: ", 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	log_vemit("fatal: ", saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit("fatal: ", 0, fmt, ap);
	va_end(ap);
	exit(1);
}
