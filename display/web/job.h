/*
 * job.h - a slow page (a report, a chart, a download) made in a process
 * of its own (job.c), so that antre-web's loop goes on serving the live
 * pages and the logins while it is computed, and the memory a year's
 * figures or the drawing libraries take goes with the process.
 *
 * The child runs the site's handler on a copy of the request, writes the
 * page's body to a file in the site's tmpdir (a PDF or an export is a
 * file already) and sends the reply's head, a struct job_reply, on a
 * pipe; http.c sends the file. No MHD, no MQTT, no database handle
 * crosses the fork: the child opens the log itself, read-only.
 */
#ifndef ANTRE_WEB_JOB_H
#define ANTRE_WEB_JOB_H

#include <sys/types.h>

#include "web-page.h"

/* A reply without its body: what crosses the pipe in one write. The
 * body is the file (unlinked once sent), or text for a reply made by
 * the parent itself (the child died, was too slow, or no room). */
struct job_reply {
	int	status;
	int	retry_after;
	char	type[64];
	char	filename[128];
	char	location[256];
	char	file[512];
	char	cookie[72];
	char	text[192];
};

/* Starts r's page in a child process. Returns its pid and sets *fd to
 * the pipe its reply comes on (non-blocking, close-on-exec); -1 when no
 * process could be made (logged). */
pid_t	job_start(const struct web_req *r, int *fd);
/*
 * The child's reply, read from fd once it is readable, fd closed and the
 * child reaped. 0 with *jr filled; -1 when it ended without one (a
 * crash, a kill: logged with why), jr then an error reply, and what it
 * left in tmpdir removed. how: 0, or JOB_LATE when the parent killed it
 * for taking too long, JOB_STOPPED when killed as antre-web stops (not
 * logged).
 */
#define JOB_LATE	1
#define JOB_STOPPED	2
int	job_finish(int fd, pid_t pid, int how, const char *tmpdir,
	    struct job_reply *jr);
/* An error reply made by the parent: plain text. */
void	job_error(struct job_reply *jr, int status, const char *text);

#endif
