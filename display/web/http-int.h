/*
 * http-int.h - the HTTP server's own (http.c, http-stream.c, http-job.c):
 * its state, a connection's request, the event streams and the slow
 * pages' jobs. Only these files include <microhttpd.h>.
 */
#ifndef ANTRE_WEB_HTTP_INT_H
#define ANTRE_WEB_HTTP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <microhttpd.h>

#include "form.h"
#include "http.h"
#include "job.h"
#include "log.h"
#include "net.h"
#include "session.h"
#include "wbuf.h"
#include "web-page.h"
#include "web-users.h"

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

/* http.c */
const char	*http_req_arg(const struct web_req *r, const char *name);
enum MHD_Result	 http_send_reply(struct web_http *h, struct MHD_Connection *c,
		    const struct web_req *r, struct web_reply *out);
int64_t		 http_sooner(int64_t ms, int64_t due, int64_t now_ms);

/* http-stream.c: an event stream for out (its channel and first
 * text), the response MHD sends it with; NULL when out of memory. */
struct MHD_Response *stream_response(struct web_http *h,
		    struct MHD_Connection *c, struct web_reply *out);
/* Back on MHD's loop: a push, the end, or the browser went. */
void		 stream_resume(struct stream *s);
/* Every stream's comment line, when due. */
void		 streams_comment(struct web_http *h, int64_t now_ms);
/* The streams ended cleanly, as the server stops. */
void		 streams_end(struct web_http *h);

/* http-job.c: r's page made in a process of its own, the connection
 * suspended meanwhile; -1 when too many are made or wait already. */
int		 job_add(struct web_http *h, struct MHD_Connection *c,
		    struct conn *k, const struct web_req *r);
/* Its process answered or ended: its pipe is readable. */
void		 job_ready(struct job *j);
/* The processes that took too long killed; when the next is due. */
int64_t		 jobs_late(struct web_http *h, int64_t ms, int64_t now_ms);
/* A job's reply, on the connection resumed for it. */
enum MHD_Result	 job_send(struct web_http *h, struct MHD_Connection *c,
		    const char *url, struct conn *k);
/* Every job's process stopped and its browser told, as the server
 * stops. */
void		 jobs_stop(struct web_http *h);

#endif
