/*
 * log.h - messages to stderr, prefixed with the program name; under systemd
 * journald stores them. Only main() decides to exit: fatal() is for main().
 */
#ifndef ANTRE_LOG_H
#define ANTRE_LOG_H

#include <stdarg.h>
#include <stdint.h>

void	log_init(const char *progname, int debug);
/* Tests capture log lines: fn gets each line (with its newline) instead
 * of stderr; NULL restores stderr. */
void	log_set_sink(void (*fn)(const char *line, void *arg), void *arg);
int	log_debug_enabled(void);

void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Warnings that a box outside can cause at any rate (bad payloads,
 * refused commands) go through a limiter: at most LOG_LIMIT_LINES lines
 * per LOG_LIMIT_MS; the rest are counted, and the count is logged once
 * when the window ends (log_limit_flush(), or the next line).
 */
#define LOG_LIMIT_LINES	5
#define LOG_LIMIT_MS	10000
struct log_limit {
	const char	*what;		/* names the lines in the count */
	int64_t		 window_ms;	/* monotonic start, 0 = none */
	int		 lines;
	int		 suppressed;
};
void	log_warnx_limited(struct log_limit *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Logs the count of a finished window's suppressed lines. */
void	log_limit_flush(struct log_limit *l);

void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
