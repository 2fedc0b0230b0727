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

/*
 * Writes text to a file, loads it with load() and checks that loading
 * fails with a log line starting "FILE:LINE: " (line 0: "FILE: ") and
 * containing expect. fail_msg() needs cmocka, included by the test.
 */
static inline void
expect_conf_error(int (*load)(const char *path, void *out), void *out,
    const char *text, int line, const char *expect, int casenum)
{
	char want[256];
	const char *log;
	char *path = tmpfile_with(text);

	logcap_start();
	if (load(path, out) != -1)
		fail_msg("case %d: loaded", casenum);
	log = logcap_stop();
	if (line > 0)
		snprintf(want, sizeof(want), "%s:%d: ", path, line);
	else
		snprintf(want, sizeof(want), "%s: ", path);
	if (strstr(log, want) == NULL || strstr(log, expect) == NULL)
		fail_msg("case %d: want \"%s...%s\", log:\n%s", casenum, want,
		    expect, log);
	unlink(path);
	free(path);
}

#endif
