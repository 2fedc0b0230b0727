/*
 * log.h - messages to stderr, prefixed with the program name; under systemd
 * journald stores them. Only main() decides to exit: fatal() is for main().
 */
#ifndef ANTRE_LOG_H
#define ANTRE_LOG_H

#include <stdarg.h>

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
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
