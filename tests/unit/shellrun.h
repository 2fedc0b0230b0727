/*
 * shellrun.h - the unit tests that start a real program: a shell command
 * run with its output (stdout and stderr) captured.
 */
#ifndef ANTRE_SHELLRUN_H
#define ANTRE_SHELLRUN_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int	shell_run(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3), unused));

/* Runs the command (printf-style) with sh; *out gets what it printed
 * (free it). Its exit status, or -1 if it did not exit. */
static int
shell_run(char **out, const char *fmt, ...)
{
	char cmd[2048], buf[4096];
	size_t len = 0, n;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(cmd, sizeof(cmd) - 8, fmt, ap);
	va_end(ap);
	if (n >= sizeof(cmd) - 8) {
		fprintf(stderr, "shell_run: command too long\n");
		abort();
	}
	memcpy(cmd + n, " 2>&1", 6);
	if ((p = popen(cmd, "r")) == NULL)
		abort();
	*out = NULL;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		if ((*out = realloc(*out, len + n + 1)) == NULL)
			abort();
		memcpy(*out + len, buf, n);
		len += n;
	}
	if (*out == NULL && (*out = calloc(1, 1)) == NULL)
		abort();
	(*out)[len] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
