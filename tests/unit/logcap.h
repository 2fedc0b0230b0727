/*
 * logcap.h - capture what the code under test logs, to assert on error
 * messages (file, line, reason).
 */
#ifndef ANTRE_TEST_LOGCAP_H
#define ANTRE_TEST_LOGCAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static char logcap_buf[16384];

static void
logcap_sink(const char *line, void *arg)
{
	size_t n = strlen(logcap_buf);

	(void)arg;
	snprintf(logcap_buf + n, sizeof(logcap_buf) - n, "%s", line);
}

static inline void
logcap_start(void)
{
	logcap_buf[0] = '\0';
	log_set_sink(logcap_sink, NULL);
}

static inline const char *
logcap_stop(void)
{
	log_set_sink(NULL, NULL);
	return logcap_buf;
}

/* Writes text to a new temporary file; returns its malloc'ed path. */
static inline char *
tmpfile_with(const char *text)
{
	char *path = strdup("/tmp/antre-test-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	if (fd == -1 || write(fd, text, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

#endif
