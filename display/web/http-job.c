/*
 * http-job.c - the slow pages' jobs (job.h) on the server's side: the
 * connection suspended, two processes at work and the rest waiting in
 * order, their pipes in the server's epoll fd, the reply sent on the
 * connection resumed.
 */
#include "http-int.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "clock.h"

/* --- slow pages, each in a process of its own (job.h) ---------------- */

static void	jobs_next(struct web_http *h);

/* The job's request, as serve() made it. */
static void
job_req(struct job *j, struct web_req *r)
{
	memset(r, 0, sizeof(*r));
	r->method = "GET";
	r->path = j->path;
	r->arg = http_req_arg;
	r->cls = j->k;
	r->user = j->user;
	r->role = j->role;
	r->csrf = j->csrf;
	r->session = j->sid;
	r->site = j->h->site;
	r->now = j->now;
	r->peer = j->peer;
}

/* Its reply to the connection, which is resumed to send it; the job
 * freed, the next one started. */
static void
job_end(struct job *j, const struct job_reply *jr)
{
	struct web_http *h = j->h;
	struct job **p;

	for (p = &h->jobs; *p != NULL; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	h->njobs--;
	if (j->pid > 0)
		h->njobs_running--;
	if (j->c != NULL) {
		*j->reply = *jr;
		j->k->done = j->reply;
		j->k->job = NULL;
		j->reply = NULL;
		MHD_resume_connection(j->c);
		h->resumed = true;
	} else if (jr->file[0] != '\0')
		unlink(jr->file);
	free(j->reply);
	free(j->path);
	free(j);
	jobs_next(h);
}

/* The waiting jobs started while fewer than JOBS_RUN are at work. */
static void
jobs_next(struct web_http *h)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct job_reply jr;
	struct web_req r;
	struct job *j;

again:
	if (h->closing)
		return;
	for (j = h->jobs; j != NULL && h->njobs_running < JOBS_RUN;
	    j = j->next) {
		if (j->pid != 0)
			continue;
		if (j->c == NULL) {
			/* Its browser went while it waited. */
			job_error(&jr, 500, "");
			job_end(j, &jr);
			return;
		}
		job_req(j, &r);
		if ((j->pid = job_start(&r, &j->fd)) == -1) {
			j->pid = 0;
			job_error(&jr, 503, "Server sedang sibuk; coba lagi "
			    "sebentar lagi.");
			job_end(j, &jr);
			return;
		}
		h->njobs_running++;
		j->due = mono_ms() + JOB_MS;
		ev.data.ptr = j;
		if (epoll_ctl(h->watch, EPOLL_CTL_ADD, j->fd, &ev) == -1) {
			log_warn("%s: epoll_ctl", j->path);
			kill(j->pid, SIGKILL);
			job_finish(j->fd, j->pid, JOB_STOPPED, h->site->tmpdir,
			    &jr);
			job_end(j, &jr);
			return;
		}
		log_debug("GET %s: process %ld", j->path, (long)j->pid);
		goto again;
	}
}

/* r's page to be made in a process of its own: the connection waits,
 * suspended. -1 when too many wait already. */
int
job_add(struct web_http *h, struct MHD_Connection *c, struct conn *k,
    const struct web_req *r)
{
	struct job *j, **p;

	if (h->njobs >= JOBS_MAX || (j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	if ((j->path = strdup(r->path)) == NULL ||
	    (j->reply = malloc(sizeof(*j->reply))) == NULL) {
		free(j->path);
		free(j);
		return -1;
	}
	j->kind = WATCH_JOB;
	j->h = h;
	j->c = c;
	j->k = k;
	j->fd = -1;
	snprintf(j->user, sizeof(j->user), "%s", r->user);
	snprintf(j->csrf, sizeof(j->csrf), "%s", r->csrf);
	snprintf(j->sid, sizeof(j->sid), "%s", r->session);
	snprintf(j->peer, sizeof(j->peer), "%s", r->peer);
	j->role = r->role;
	j->now = r->now;
	for (p = &h->jobs; *p != NULL; p = &(*p)->next)
		;
	*p = j;
	h->njobs++;
	k->job = j;
	k->role = r->role;
	snprintf(k->user, sizeof(k->user), "%s", r->user);
	MHD_suspend_connection(c);
	jobs_next(h);
	return 0;
}

void
job_ready(struct job *j)
{
	struct web_http *h = j->h;
	struct job_reply jr;

	if (epoll_ctl(h->watch, EPOLL_CTL_DEL, j->fd, NULL) == -1)
		log_warn("%s: epoll_ctl", j->path);
	job_finish(j->fd, j->pid, j->late ? JOB_LATE : 0, h->site->tmpdir,
	    &jr);
	j->fd = -1;
	job_end(j, &jr);
}

/* The processes that took too long, killed: their pipes then end. ms:
 * the loop's timeout so far, made sooner for the next one due. */
int64_t
jobs_late(struct web_http *h, int64_t ms, int64_t now_ms)
{
	struct job *j;

	for (j = h->jobs; j != NULL; j = j->next) {
		if (j->pid <= 0 || j->late)
			continue;
		if (now_ms >= j->due) {
			kill(j->pid, SIGKILL);
			j->late = true;
		} else
			ms = http_sooner(ms, j->due, now_ms);
	}
	return ms;
}

enum MHD_Result
job_send(struct web_http *h, struct MHD_Connection *c, const char *url,
    struct conn *k)
{
	struct job_reply *jr = k->done;
	struct web_reply out;
	struct web_req r;
	enum MHD_Result ret;

	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = url;
	r.user = k->user;
	r.role = k->role;
	memset(&out, 0, sizeof(out));
	wbuf_init(&out.body);
	out.status = jr->status;
	out.type = jr->type;
	out.retry_after = jr->retry_after;
	snprintf(out.filename, sizeof(out.filename), "%s", jr->filename);
	snprintf(out.location, sizeof(out.location), "%s", jr->location);
	snprintf(out.cookie, sizeof(out.cookie), "%s", jr->cookie);
	snprintf(out.file, sizeof(out.file), "%s", jr->file);
	if (jr->file[0] == '\0')
		wbuf_str(&out.body, jr->text);
	/* send_reply() unlinks the file. */
	jr->file[0] = '\0';
	ret = http_send_reply(h, c, &r, &out);
	wbuf_free(&out.body);
	h->trim_due = mono_ms() + TRIM_MS;
	return ret;
}

void
jobs_stop(struct web_http *h)
{
	struct job_reply jr;
	struct job *j;

	h->closing = true;
	while ((j = h->jobs) != NULL) {
		if (j->pid > 0) {
			kill(j->pid, SIGKILL);
			epoll_ctl(h->watch, EPOLL_CTL_DEL, j->fd, NULL);
			job_finish(j->fd, j->pid, JOB_STOPPED,
			    h->site->tmpdir, &jr);
		}
		job_error(&jr, 503, "Server sedang berhenti; coba lagi "
		    "sebentar lagi.");
		job_end(j, &jr);
	}
}
