/*
 * http.c - antre-web's HTTP server (http.h). The only file that includes
 * <microhttpd.h>.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "form.h"
#include "clock.h"
#include "job.h"
#include "log.h"
#include "net.h"
#include "session.h"
#include "web-conf.h"
#include "web-pages.h"

#define BODY_MAX	(64 * 1024)	/* a form; a settings page's is less */
#define STREAM_QUEUE_MAX (256 * 1024)	/* unsent: a reader this slow goes */
#define COMMENT_MS	25000		/* a stream's keepalive line */
#define CONN_MEMORY	(16 * 1024)	/* per connection: headers */
#define CONN_TIMEOUT	40		/* seconds idle (streams: 25) */
#define TRIM_MS		2000		/* quiet this long: memory given back */
#define JOBS_RUN	2		/* slow pages made at once (job.h) */
#define JOBS_MAX	32		/* made or waiting; more: 503 */
#define JOB_MS		(10 * 60 * 1000) /* a slow page's longest */

/* What the epoll fd's event names: the first member of both. */
enum watch_kind {
	WATCH_STREAM = 1,
	WATCH_JOB,
};

struct stream {
	enum watch_kind		 kind;		/* WATCH_STREAM */
	struct stream		*next;
	struct web_http		*h;
	struct MHD_Connection	*c;
	char			 channel[16];
	struct wbuf		 queue;		/* not yet sent */
	size_t			 sent;		/* of queue */
	int			 fd;		/* the connection's socket */
	bool			 suspended;	/* and its fd in h->watch */
	bool			 ending;
	bool			 gone;		/* the browser closed it */
};

/*
 * A slow page (job.h) for a suspended connection: waiting its turn, then
 * its process at work. The request is copied, as it is made again in
 * the child when its turn comes; the arguments stay in the connection's
 * struct conn.
 */
struct job {
	enum watch_kind		 kind;		/* WATCH_JOB */
	struct job		*next;		/* in order of arrival */
	struct web_http		*h;
	struct MHD_Connection	*c;		/* NULL: the connection went */
	struct conn		*k;
	pid_t			 pid;		/* 0: waiting its turn */
	int			 fd;		/* its reply's pipe; -1 */
	int64_t			 due;		/* monotonic ms: killed then */
	bool			 late;		/* killed for that */
	struct job_reply	*reply;		/* made ready, for job_end() */
	char			*path;
	char			 user[WEB_USER_MAX];
	char			 csrf[SESSION_ID_LEN + 1];
	char			 sid[SESSION_ID_LEN + 1];
	char			 peer[NET_ADDR_TEXT];
	enum web_role		 role;
	time_t			 now;
};

/*
 * MHD's epoll fd does not watch a suspended connection: a browser that
 * closed an idle stream would only be noticed at the next write. The
 * fd main.c polls is our own epoll fd, holding MHD's and the suspended
 * streams' sockets (for their hangup alone: a quiet stream never wakes
 * the loop).
 */
struct web_http {
	struct MHD_Daemon	*d;
	int			 watch;		/* epoll: MHD's fd, streams */
	struct web_site		*site;
	const struct web_conf	*wc;
	struct stream		*streams;
	int			 nstreams;
	struct job		*jobs;
	int			 njobs, njobs_running;
	int64_t			 comment_due;	/* monotonic ms, 0: none */
	int64_t			 trim_due;	/* monotonic ms, 0: none */
	bool			 closing;	/* no job started now */
	bool			 resumed;	/* a stream was pushed to
						 * outside MHD_run: run soon */
	char			*tls_cert, *tls_key;
	struct log_limit	 refused, mhd;
};

/* One request's own: the body as it comes, then the arguments; a slow
 * page's job while it is made, then its reply until sent. */
struct conn {
	struct wbuf	 body;
	bool		 too_big;
	struct form	 args;
	struct job	*job;
	struct job_reply *done;
	enum web_role	 role;		/* the request's, for the reply */
	char		 user[WEB_USER_MAX];
};

static void
conn_free(struct conn *k)
{
	if (k->job != NULL) {
		/* Its process goes on; what it makes is thrown away. */
		k->job->c = NULL;
		k->job->k = NULL;
	}
	if (k->done != NULL && k->done->file[0] != '\0')
		unlink(k->done->file);
	free(k->done);
	form_free(&k->args);
	if (k->body.data != NULL)
		explicit_bzero(k->body.data, k->body.cap);
	wbuf_free(&k->body);
	free(k);
}

struct query_ctx {
	struct conn	*k;
	bool		 bad;
};

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    size_t key_size, const char *value, size_t value_size)
{
	struct query_ctx *q = cls;

	(void)kind;
	if (value == NULL) {
		value = "";
		value_size = 0;
	}
	if (form_add(&q->k->args, key, key_size, value, value_size) == -1) {
		q->bad = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static const char *
req_arg(const struct web_req *r, const char *name)
{
	const struct conn *k = r->cls;

	return form_get(&k->args, name);
}

/* --- replies ------------------------------------------------------ */

static void
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (MHD_add_response_header(resp, name, value) == MHD_NO)
		log_warnx("http: header %s not added", name);
}

static void
security_headers(struct MHD_Response *resp, const char *path, bool cache)
{
	bool papan = strncmp(path, "/papan", 6) == 0 &&
	    (path[6] == '\0' || path[6] == '/');

	/* The board's mirror may be framed by the hall's own pages; no
	 * other page may be framed at all. */
	add_header(resp, "Content-Security-Policy", papan ?
	    "default-src 'self'; form-action 'self'; base-uri 'none'" :
	    "default-src 'self'; form-action 'self'; base-uri 'none'; "
	    "frame-ancestors 'none'");
	if (!papan)
		add_header(resp, "X-Frame-Options", "DENY");
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "same-origin");
	add_header(resp, "Cache-Control", cache ? "max-age=3600" :
	    "no-store");
}

static void
cookie_header(struct web_http *h, struct MHD_Response *resp,
    const char *cookie)
{
	char line[256];

	if (strcmp(cookie, "-") == 0)
		snprintf(line, sizeof(line), SESSION_COOKIE "=; Max-Age=0; "
		    "HttpOnly; SameSite=Strict; Path=/%s",
		    h->site->tls ? "; Secure" : "");
	else
		snprintf(line, sizeof(line), SESSION_COOKIE "=%s; HttpOnly; "
		    "SameSite=Strict; Path=/%s", cookie,
		    h->site->tls ? "; Secure" : "");
	add_header(resp, MHD_HTTP_HEADER_SET_COOKIE, line);
}

/* A filename for Content-Disposition: what the pages give, with only
 * the characters that need no quoting kept. */
static void
disposition(struct MHD_Response *resp, const char *filename)
{
	char clean[128], line[192];
	size_t i;

	for (i = 0; filename[i] != '\0' && i < sizeof(clean) - 1; i++)
		clean[i] = (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		    filename[i]) != NULL) ? filename[i] : '_';
	clean[i] = '\0';
	snprintf(line, sizeof(line), "attachment; filename=\"%s\"", clean);
	add_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, line);
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

static ssize_t	stream_read(void *cls, uint64_t pos, char *buf, size_t max);
static void	stream_gone(void *cls);

static struct MHD_Response *
stream_response(struct web_http *h, struct MHD_Connection *c,
    struct web_reply *out)
{
	const union MHD_ConnectionInfo *ci;
	struct MHD_Response *resp;
	struct stream *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->kind = WATCH_STREAM;
	s->h = h;
	s->c = c;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	s->fd = ci != NULL ? ci->connect_fd : -1;
	snprintf(s->channel, sizeof(s->channel), "%s", out->stream);
	s->queue = out->body;
	wbuf_init(&out->body);
	if ((resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    stream_read, s, stream_gone)) == NULL) {
		wbuf_free(&s->queue);
		free(s);
		return NULL;
	}
	s->next = h->streams;
	h->streams = s;
	if (h->nstreams++ == 0)
		h->comment_due = mono_ms() + COMMENT_MS;
	log_debug("stream %s opened (%d open)", s->channel, h->nstreams);
	return resp;
}

static enum MHD_Result
send_reply(struct web_http *h, struct MHD_Connection *c,
    const struct web_req *r, struct web_reply *out)
{
	struct MHD_Response *resp = NULL;
	struct stat st;
	enum MHD_Result ret;
	char *data, num[16];
	size_t len;
	int fd, status = out->status != 0 ? out->status : 200;

	if (out->stream[0] != '\0') {
		if ((resp = stream_response(h, c, out)) != NULL)
			add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
			    "text/event-stream; charset=utf-8");
	} else if (out->file[0] != '\0') {
		/* Unlinked once open: gone from the disk whatever the
		 * browser does. */
		fd = open(out->file, O_RDONLY | O_CLOEXEC);
		if (fd == -1)
			log_warn("%s", out->file);
		else if (unlink(out->file) == -1)
			log_warn("unlink %s", out->file);
		if (fd != -1 && fstat(fd, &st) == 0 &&
		    (resp = MHD_create_response_from_fd64((uint64_t)st.st_size,
		    fd)) == NULL)
			close(fd);
		else if (fd != -1 && resp == NULL)
			close(fd);
	} else if (!out->body.oom) {
		data = wbuf_take(&out->body, &len);
		if (data == NULL)
			resp = MHD_create_response_from_buffer(0, (void *)"",
			    MHD_RESPMEM_PERSISTENT);
		else if ((resp = MHD_create_response_from_buffer(len, data,
		    MHD_RESPMEM_MUST_FREE)) == NULL)
			free(data);
	}
	if (resp == NULL) {
		log_warnx("%s %s: no reply could be made", r->method, r->path);
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		resp = MHD_create_response_from_buffer(
		    strlen("Kesalahan server\n"), (void *)"Kesalahan server\n",
		    MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    "text/plain; charset=utf-8");
	} else if (out->stream[0] == '\0')
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    out->type != NULL ? out->type : "text/html; charset=utf-8");
	security_headers(resp, r->path, out->status == 200 &&
	    r->role == WEB_ROLE_NONE && (ends_with(r->path, ".css") ||
	    ends_with(r->path, ".js")));
	if (out->filename[0] != '\0')
		disposition(resp, out->filename);
	if (out->location[0] != '\0')
		add_header(resp, MHD_HTTP_HEADER_LOCATION, out->location);
	if (out->cookie[0] != '\0')
		cookie_header(h, resp, out->cookie);
	if (out->retry_after > 0) {
		snprintf(num, sizeof(num), "%d", out->retry_after);
		add_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	log_debug("%s %s %d %s", r->method, r->path, status,
	    r->user[0] != '\0' ? r->user : "-");
	return ret;
}

/* A reply before any page: plain text, the security headers. */
static enum MHD_Result
send_plain(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if ((resp = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_PERSISTENT)) == NULL)
		return MHD_NO;
	add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	security_headers(resp, "", false);
	add_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* --- event streams ------------------------------------------------- */

static void
stream_suspend(struct stream *s)
{
	struct epoll_event ev = { .events = EPOLLRDHUP, .data.ptr = s };

	s->suspended = true;
	MHD_suspend_connection(s->c);
	if (s->fd != -1 && epoll_ctl(s->h->watch, EPOLL_CTL_ADD, s->fd,
	    &ev) == -1) {
		log_warn("stream %s: epoll_ctl", s->channel);
		s->fd = -1;
	}
}

/* Back on MHD's loop: a push, the end, or the browser went. */
static void
stream_resume(struct stream *s)
{
	if (!s->suspended)
		return;
	if (s->fd != -1 && epoll_ctl(s->h->watch, EPOLL_CTL_DEL, s->fd,
	    NULL) == -1)
		log_warn("stream %s: epoll_ctl", s->channel);
	s->suspended = false;
	MHD_resume_connection(s->c);
	s->h->resumed = true;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	size_t n;

	(void)pos;
	if (s->gone)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (s->ending)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->sent == s->queue.len) {
		/* Nothing to send: off MHD's loop until a push (polled,
		 * it would spin), its socket watched for the browser
		 * going. */
		wbuf_reset(&s->queue);
		s->sent = 0;
		stream_suspend(s);
		return 0;
	}
	n = s->queue.len - s->sent;
	if (n > max)
		n = max;
	memcpy(buf, s->queue.data + s->sent, n);
	s->sent += n;
	return (ssize_t)n;
}

static void
stream_gone(void *cls)
{
	struct stream *s = cls, **pp;
	struct web_http *h = s->h;

	if (s->suspended && s->fd != -1)
		epoll_ctl(h->watch, EPOLL_CTL_DEL, s->fd, NULL);
	for (pp = &h->streams; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	if (--h->nstreams == 0)
		h->comment_due = 0;
	log_debug("stream %s closed (%d open)", s->channel, h->nstreams);
	wbuf_free(&s->queue);
	free(s);
}

static void
stream_send(struct stream *s, const char *text, size_t len)
{
	if (s->ending)
		return;
	if (s->queue.len - s->sent + len > STREAM_QUEUE_MAX) {
		/* The browser does not read: let it reconnect rather
		 * than hold the hall's updates for it. */
		log_warnx("stream %s: the browser is not reading, closed",
		    s->channel);
		s->ending = true;
	} else
		wbuf_add(&s->queue, text, len);
	if (s->queue.oom)
		s->ending = true;
	stream_resume(s);
}

void
web_stream_push(const struct web_site *site, const char *channel,
    const char *text, size_t len)
{
	struct stream *s;

	if (site->http == NULL)
		return;
	for (s = site->http->streams; s != NULL; s = s->next)
		if (strcmp(s->channel, channel) == 0)
			stream_send(s, text, len);
}

int
web_stream_listeners(const struct web_site *site, const char *channel)
{
	struct stream *s;
	int n = 0;

	if (site->http == NULL)
		return 0;
	for (s = site->http->streams; s != NULL; s = s->next)
		if (strcmp(s->channel, channel) == 0 && !s->ending)
			n++;
	return n;
}

int
http_streams(const struct web_http *h)
{
	return h->nstreams;
}

/* --- requests ------------------------------------------------------ */

/* Whether a POST comes from a page of this site: its Origin (or, without
 * one, its Referer) names the host the request was sent to. Neither:
 * not a browser's cross-site form, the CSRF token decides. */
/* --- slow pages, each in a process of its own (job.h) ---------------- */

static void	jobs_next(struct web_http *h);

/* The job's request, as serve() made it. */
static void
job_req(struct job *j, struct web_req *r)
{
	memset(r, 0, sizeof(*r));
	r->method = "GET";
	r->path = j->path;
	r->arg = req_arg;
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
static int
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

/* A job's process answered or ended: its pipe is readable. */
static void
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

/* The processes that took too long, killed: their pipes then end. */
static void
jobs_late(struct web_http *h, int64_t now_ms)
{
	struct job *j;

	for (j = h->jobs; j != NULL; j = j->next)
		if (j->pid > 0 && !j->late && now_ms >= j->due) {
			kill(j->pid, SIGKILL);
			j->late = true;
		}
}

/* A job's reply, on the connection resumed for it. */
static enum MHD_Result
send_done(struct web_http *h, struct MHD_Connection *c, const char *url,
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
	ret = send_reply(h, c, &r, &out);
	wbuf_free(&out.body);
	h->trim_due = mono_ms() + TRIM_MS;
	return ret;
}

static bool
same_origin(struct web_http *h, struct MHD_Connection *c)
{
	const char *host, *origin, *scheme = h->site->tls ? "https://" :
	    "http://";
	size_t n, sl = strlen(scheme);

	host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ORIGIN);
	if (origin == NULL)
		origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_REFERER);
	if (origin == NULL)
		return true;
	if (host == NULL || strncasecmp(origin, scheme, sl) != 0)
		return false;
	origin += sl;
	n = strcspn(origin, "/?#");
	return n == strlen(host) && strncasecmp(origin, host, n) == 0;
}

static enum MHD_Result
serve(struct web_http *h, struct MHD_Connection *c, const char *url,
    const char *method, struct conn *k, const char *peer)
{
	const struct session *ss = NULL;
	struct query_ctx q = { .k = k };
	struct web_req r;
	struct web_reply out;
	const char *ctype, *cookie, *token;
	/* The session's, copied: a login replaces the session. */
	char user[WEB_USER_MAX], csrf[SESSION_ID_LEN + 1];
	char sid[SESSION_ID_LEN + 1];
	enum MHD_Result ret;
	bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	time_t now = time(NULL);

	if (k->done != NULL)
		return send_done(h, c, url, k);
	if (!form_utf8(url, strlen(url)) || url[0] != '/')
		return send_plain(c, MHD_HTTP_BAD_REQUEST,
		    "Permintaan tidak sah\n");
	/* The form's fields first, then the query's: arg() finds a
	 * field the form sent before one the address carries. */
	if (post && k->body.len > 0) {
		ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ctype == NULL || strncasecmp(ctype,
		    MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
		    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0)
			return send_plain(c,
			    MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			    "Jenis isi tidak didukung\n");
		if (k->body.oom || form_parse(&k->args, k->body.data,
		    k->body.len) == -1)
			return send_plain(c, MHD_HTTP_BAD_REQUEST,
			    "Permintaan tidak sah\n");
	}
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.bad)
		return send_plain(c, MHD_HTTP_BAD_REQUEST,
		    "Permintaan tidak sah\n");
	cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
	    SESSION_COOKIE);
	if (cookie != NULL)
		ss = session_find(h->site->sessions, cookie, now);

	memset(&r, 0, sizeof(r));
	r.method = post ? "POST" : "GET";
	r.path = url;
	r.arg = req_arg;
	r.cls = k;
	snprintf(user, sizeof(user), "%s", ss != NULL ? ss->user : "");
	snprintf(csrf, sizeof(csrf), "%s", ss != NULL ? ss->csrf : "");
	snprintf(sid, sizeof(sid), "%s", ss != NULL ? ss->id : "");
	r.user = user;
	r.role = ss != NULL ? ss->role : WEB_ROLE_NONE;
	r.csrf = csrf;
	r.session = sid;
	r.site = h->site;
	r.now = now;
	r.peer = peer;
	memset(&out, 0, sizeof(out));
	wbuf_init(&out.body);

	if (post) {
		token = req_arg(&r, "csrf");
		if (!same_origin(h, c) || ss == NULL || token == NULL ||
		    !session_token_equal(csrf, token)) {
			log_warnx_limited(&h->refused, "POST %s from %s "
			    "refused: %s", url, peer, same_origin(h, c) ?
			    "no valid CSRF token" : "from another site");
			web_page_message(&r, &out, MHD_HTTP_FORBIDDEN,
			    "Permintaan ditolak", "Permintaan ditolak. "
			    "Muat ulang halaman lalu coba lagi.");
			goto send;
		}
	}
	if (!post && web_site_slow(&r)) {
		if (job_add(h, c, k, &r) == 0) {
			wbuf_free(&out.body);
			return MHD_YES;
		}
		log_warnx_limited(&h->refused, "GET %s from %s: %d slow "
		    "pages already at work or waiting", url, peer, h->njobs);
		web_page_message(&r, &out, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "Sedang sibuk", "Banyak laporan sedang disiapkan. Coba "
		    "lagi sebentar lagi.");
		out.retry_after = 10;
		goto send;
	}
	web_site_handle(&r, &out);
send:
	ret = send_reply(h, c, &r, &out);
	wbuf_free(&out.body);
	h->trim_due = mono_ms() + TRIM_MS;
	return ret;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct web_http *h = cls;
	struct conn *k = *con_cls;
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;
	const char *clen;
	char peer[NET_ADDR_TEXT];

	(void)version;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	sa = ci != NULL ? ci->client_addr : NULL;
	net_addr_text(sa, peer, sizeof(peer));
	if (k == NULL) {
		/* The headers alone: refuse what needs no body first. */
		if (!h->wc->allow_any && !net_allowed(sa, h->wc->allow,
		    h->wc->nallow)) {
			log_warnx_limited(&h->refused, "%s %s from %s refused: "
			    "not on the hall's network", method, url, peer);
			return send_plain(c, MHD_HTTP_FORBIDDEN,
			    "Hanya dari jaringan kantor\n");
		}
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_POST) != 0)
			return send_plain(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "Metode tidak didukung\n");
		clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (clen != NULL && strtoull(clen, NULL, 10) > BODY_MAX)
			return send_plain(c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "Permintaan terlalu besar\n");
		if ((k = calloc(1, sizeof(*k))) == NULL)
			return MHD_NO;
		wbuf_init(&k->body);
		*con_cls = k;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (k->too_big || k->body.len + *upload_size > BODY_MAX)
			k->too_big = true;
		else
			wbuf_add(&k->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (k->too_big)
		return send_plain(c, MHD_HTTP_CONTENT_TOO_LARGE,
		    "Permintaan terlalu besar\n");
	return serve(h, c, url, method, k, peer);
}

static void
completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	if (*con_cls != NULL)
		conn_free(*con_cls);
	*con_cls = NULL;
}

/* libmicrohttpd's printf-style message: checked as one. */
static void	mhd_log(void *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct web_http *h = cls;
	char line[256];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warnx_limited(&h->mhd, "http: %s", line);
}

/* --- the server ---------------------------------------------------- */

static char *
read_pem(const char *path)
{
	char *buf = NULL;
	long len;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		log_warn("%s", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    len < 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = calloc(1, (size_t)len + 1)) != NULL &&
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf == NULL)
		log_warnx("%s: cannot be read", path);
	fclose(f);
	return buf;
}

/* The listening socket: the configured address, or every address (IPv6
 * and IPv4 on one socket when the kernel has IPv6). */
static int
listen_socket(const struct web_conf *wc)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[8];
	int fd = -1, one = 1, zero = 0, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_family = wc->listen[0] != '\0' ? AF_UNSPEC : AF_INET6;
	snprintf(port, sizeof(port), "%d", wc->port);
	rc = getaddrinfo(wc->listen[0] != '\0' ? wc->listen : NULL, port,
	    &hints, &res);
	if (rc != 0 && wc->listen[0] == '\0') {
		hints.ai_family = AF_INET;
		rc = getaddrinfo(NULL, port, &hints, &res);
	}
	if (rc != 0) {
		log_warnx("%s: listen = %s: %s", wc->path, wc->listen,
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype |
		    SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6 && wc->listen[0] == '\0')
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
			    sizeof(zero));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 64) == 0)
			break;
		log_warn("listen on %s port %d", wc->listen[0] != '\0' ?
		    wc->listen : "every address", wc->port);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1 && wc->listen[0] == '\0' && hints.ai_family == AF_INET6) {
		/* No IPv6 in this kernel: IPv4 alone. */
		struct web_conf v4 = *wc;

		strcpy(v4.listen, "0.0.0.0");
		return listen_socket(&v4);
	}
	return fd;
}

struct web_http *
http_open(struct web_site *site, const struct web_conf *wc)
{
	const union MHD_DaemonInfo *di;
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct web_http *h;
	unsigned int flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
	    MHD_USE_ERROR_LOG;
	int fd;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->watch = -1;
	h->site = site;
	h->wc = wc;
	h->refused.what = "refused requests";
	h->mhd.what = "HTTP errors";
	if (wc->cert[0] != '\0') {
		if ((h->tls_cert = read_pem(wc->cert)) == NULL ||
		    (h->tls_key = read_pem(wc->key)) == NULL)
			goto err;
		flags |= MHD_USE_TLS;
	}
	if ((fd = listen_socket(wc)) == -1)
		goto err;
	{
		struct MHD_OptionItem tls[] = {
			{ MHD_OPTION_HTTPS_MEM_CERT, 0, h->tls_cert },
			{ MHD_OPTION_HTTPS_MEM_KEY, 0, h->tls_key },
			{ MHD_OPTION_END, 0, NULL },
		};

		h->d = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, h,
		    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
		    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)wc->max_conns,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
		    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, h,
		    MHD_OPTION_ARRAY, h->tls_cert != NULL ? tls : &tls[2],
		    MHD_OPTION_END);
	}
	if (h->d == NULL) {
		log_warnx("the HTTP server could not start%s",
		    h->tls_cert != NULL ? " (check [tls] cert and key)" : "");
		close(fd);
		goto err;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	if (di == NULL || (h->watch = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    epoll_ctl(h->watch, EPOLL_CTL_ADD, di->epoll_fd, &ev) == -1) {
		log_warn("the HTTP server's epoll fd");
		MHD_stop_daemon(h->d);
		goto err;
	}
	site->http = h;
	site->tls = h->tls_cert != NULL;
	log_info("listening on %s port %d (%s)", wc->listen[0] != '\0' ?
	    wc->listen : "every address", wc->port,
	    site->tls ? "HTTPS" : "HTTP");
	return h;
err:
	if (h->watch != -1)
		close(h->watch);
	free(h->tls_cert);
	free(h->tls_key);
	free(h);
	return NULL;
}

void
http_close(struct web_http *h)
{
	struct stream *s;

	if (h == NULL)
		return;
	/* A suspended connection must be resumed before the daemon
	 * stops; ending streams end cleanly. */
	for (s = h->streams; s != NULL; s = s->next) {
		s->ending = true;
		stream_resume(s);
	}
	/* The slow pages' processes stopped, their connections told. */
	h->closing = true;
	while (h->jobs != NULL) {
		struct job *j = h->jobs;
		struct job_reply jr;

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
	MHD_run(h->d);
	MHD_stop_daemon(h->d);
	close(h->watch);
	h->site->http = NULL;
	if (h->tls_key != NULL)
		explicit_bzero(h->tls_key, strlen(h->tls_key));
	free(h->tls_cert);
	free(h->tls_key);
	free(h);
}

int
http_fd(struct web_http *h)
{
	return h->watch;
}

/* The streams whose browser went (a hangup, an error on the socket):
 * resumed to end, so MHD closes them now. MHD's fd: MHD_run sees to
 * it. */
static void
streams_hangups(struct web_http *h)
{
	struct epoll_event ev[32];
	struct stream *s;
	int i, n;

	do {
		if ((n = epoll_wait(h->watch, ev, 32, 0)) == -1) {
			if (errno != EINTR)
				log_warn("epoll_wait");
			return;
		}
		for (i = 0; i < n; i++) {
			if (ev[i].data.ptr == NULL)
				continue;
			if (*(enum watch_kind *)ev[i].data.ptr == WATCH_JOB) {
				job_ready(ev[i].data.ptr);
				continue;
			}
			s = ev[i].data.ptr;
			log_debug("stream %s: the browser went", s->channel);
			s->gone = true;
			stream_resume(s);
		}
	} while (n == 32);
}

void
http_run(struct web_http *h, int64_t now_ms)
{
	struct stream *s;

	if (h->comment_due != 0 && now_ms >= h->comment_due) {
		/* A comment line: proxies keep the stream, and a browser
		 * that went is noticed when the write fails. */
		for (s = h->streams; s != NULL; s = s->next)
			stream_send(s, ":\n\n", 3);
		h->comment_due = now_ms + COMMENT_MS;
	}
	jobs_late(h, now_ms);
	streams_hangups(h);
	h->resumed = false;
	MHD_run(h->d);
	if (h->trim_due != 0 && now_ms >= h->trim_due) {
		/* A report's figures and charts leave freed memory in the
		 * heap: given back once the requests stop, not after each
		 * (the next would pay for it in page faults). */
		h->trim_due = 0;
		malloc_trim(0);
	}
}

/* The sooner of a timeout ms (-1: none) and a deadline (0: none). */
static int64_t
sooner(int64_t ms, int64_t due, int64_t now_ms)
{
	int64_t d;

	if (due == 0)
		return ms;
	d = due > now_ms ? due - now_ms : 0;
	return ms < 0 || d < ms ? d : ms;
}

int
http_timeout(struct web_http *h, int64_t now_ms)
{
	MHD_UNSIGNED_LONG_LONG t;
	struct job *j;
	int64_t ms = -1;

	/* A connection resumed by a push from the loop's timers (the live
	 * pages' deferred updates) waits for MHD_run, which MHD's own
	 * timeout does not ask for. */
	if (h->resumed)
		return 0;
	if (MHD_get_timeout(h->d, &t) == MHD_YES)
		ms = t > INT32_MAX ? INT32_MAX : (int64_t)t;
	ms = sooner(ms, h->comment_due, now_ms);
	ms = sooner(ms, h->trim_due, now_ms);
	for (j = h->jobs; j != NULL; j = j->next)
		if (j->pid > 0 && !j->late)
			ms = sooner(ms, j->due, now_ms);
	return (int)ms;
}
