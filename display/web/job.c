/*
 * job.c - a slow page made in a process of its own (job.h).
 */
#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "web-pages.h"

#define REPLY_FD	3	/* the pipe, in the child */

void
job_error(struct job_reply *jr, int status, const char *text)
{
	memset(jr, 0, sizeof(*jr));
	jr->status = status;
	snprintf(jr->type, sizeof(jr->type), "text/plain; charset=utf-8");
	snprintf(jr->text, sizeof(jr->text), "%s\n", text);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The page's body as a file in the tmpdir, named after this process
 * (the parent removes what a killed child leaves). */
static int
body_file(const struct web_req *r, struct web_reply *out,
    struct job_reply *jr)
{
	char path[sizeof(jr->file)];
	int fd;

	snprintf(path, sizeof(path), "%s/antre-web-%ld.page", r->site->tmpdir,
	    (long)getpid());
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		log_warn("%s", path);
		return -1;
	}
	if (write_all(fd, out->body.data != NULL ? out->body.data : "",
	    out->body.len) == -1 || close(fd) == -1) {
		log_warn("%s", path);
		unlink(path);
		return -1;
	}
	snprintf(jr->file, sizeof(jr->file), "%s", path);
	return 0;
}

static void __attribute__((noreturn))
child(const struct web_req *r, int wfd, pid_t parent)
{
	struct web_reply out;
	struct job_reply jr;

	/* Gone with antre-web, whatever ends it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	/* Only the pipe kept: the browsers' connections, the listening
	 * socket and the broker's stay the parent's alone, so that a
	 * connection the parent closes is closed. */
	if (wfd != REPLY_FD) {
		if (dup2(wfd, REPLY_FD) == -1)
			_exit(1);
		wfd = REPLY_FD;
	}
	if (close_range(REPLY_FD + 1, ~0U, 0) == -1)
		log_warn("close_range");

	memset(&out, 0, sizeof(out));
	wbuf_init(&out.body);
	web_site_handle(r, &out);
	memset(&jr, 0, sizeof(jr));
	if (out.stream[0] != '\0' || out.body.oom)
		job_error(&jr, 500, "Halaman ini tidak dapat disiapkan.");
	else if (out.file[0] == '\0' && body_file(r, &out, &jr) == -1)
		job_error(&jr, 503, "Ruang sementara server penuh; halaman "
		    "ini tidak dapat disiapkan sekarang.");
	else {
		jr.status = out.status != 0 ? out.status : 200;
		jr.retry_after = out.retry_after;
		snprintf(jr.type, sizeof(jr.type), "%s", out.type != NULL ?
		    out.type : "text/html; charset=utf-8");
		snprintf(jr.filename, sizeof(jr.filename), "%s",
		    out.filename);
		snprintf(jr.location, sizeof(jr.location), "%s",
		    out.location);
		snprintf(jr.cookie, sizeof(jr.cookie), "%s", out.cookie);
		if (out.file[0] != '\0')
			snprintf(jr.file, sizeof(jr.file), "%s", out.file);
	}
	/* One write, less than PIPE_BUF: whole or not at all. */
	if (write_all(wfd, (const char *)&jr, sizeof(jr)) == -1) {
		if (jr.file[0] != '\0')
			unlink(jr.file);
		_exit(1);
	}
	_exit(0);
}

pid_t
job_start(const struct web_req *r, int *fd)
{
	pid_t pid, parent = getpid();
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("%s: pipe", r->path);
		return -1;
	}
	if ((pid = fork()) == -1) {
		log_warn("%s: fork", r->path);
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		/* Blocking writes in the child: the parent reads when it
		 * can. */
		fcntl(p[1], F_SETFL, 0);
		child(r, p[1], parent);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

/* What a child killed or crashed left in the tmpdir. */
static void
leftovers(const char *tmpdir, pid_t pid)
{
	char pat[512];
	glob_t g;
	size_t i;

	snprintf(pat, sizeof(pat), "%s/antre-web-%ld[.-]*", tmpdir,
	    (long)pid);
	if (glob(pat, GLOB_NOSORT, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		if (unlink(g.gl_pathv[i]) == 0)
			log_debug("%s: removed", g.gl_pathv[i]);
	globfree(&g);
}

int
job_finish(int fd, pid_t pid, int how, const char *tmpdir,
    struct job_reply *jr)
{
	ssize_t n;
	int st = 0;

	do
		n = read(fd, jr, sizeof(*jr));
	while (n == -1 && errno == EINTR);
	close(fd);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof(*jr) && how == 0) {
		jr->type[sizeof(jr->type) - 1] = '\0';
		jr->filename[sizeof(jr->filename) - 1] = '\0';
		jr->location[sizeof(jr->location) - 1] = '\0';
		jr->file[sizeof(jr->file) - 1] = '\0';
		jr->cookie[sizeof(jr->cookie) - 1] = '\0';
		jr->text[sizeof(jr->text) - 1] = '\0';
		return 0;
	}
	if (n == (ssize_t)sizeof(*jr) && jr->file[0] != '\0')
		unlink(jr->file);
	leftovers(tmpdir, pid);
	if (how == JOB_STOPPED)
		job_error(jr, 503, "");
	else if (how == JOB_LATE) {
		log_warnx("a page's process (pid %ld) took too long: stopped",
		    (long)pid);
		job_error(jr, 503, "Halaman ini terlalu lama disiapkan. "
		    "Pilih periode yang lebih pendek, atau coba lagi nanti.");
	} else {
		if (WIFSIGNALED(st))
			log_warnx("a page's process (pid %ld) died of signal "
			    "%d", (long)pid, WTERMSIG(st));
		else
			log_warnx("a page's process (pid %ld) ended (status "
			    "%d) without a page", (long)pid,
			    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		job_error(jr, 500, "Halaman ini tidak dapat disiapkan.");
	}
	return -1;
}
