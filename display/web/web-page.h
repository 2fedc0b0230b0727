/*
 * web-page.h - what a page of antre-web is given and gives back. The
 * server (http.c, web-pages.c) parses the request, checks the
 * session and the role, and calls the page's handler; the handler fills
 * a reply. Pages never see libmicrohttpd.
 */
#ifndef ANTRE_WEB_PAGE_H
#define ANTRE_WEB_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "wbuf.h"

struct conf;		/* antre-display's configuration (config.h) */
struct web_central;
struct web_conf;	/* antre-web's own (web-conf.h) */
struct web_http;	/* the HTTP server (http.h) */
struct sessions;	/* session.h */
struct throttle;	/* throttle.h */

enum web_role {
	WEB_ROLE_NONE,		/* not logged in */
	WEB_ROLE_HEAD,		/* "kepala": the head of office, reads */
	WEB_ROLE_ADMIN,		/* "admin": reads and changes */
};

/* What the site is: one per antre-web process. */
struct web_site {
	const struct conf	*hall;		/* the central's configuration,
						 * read at start (services,
						 * desks, db path, prefix) */
	const char		*db_path;	/* the event log, read-only */
	const char		*office;	/* the hall's name for headers */
	const char		*tmpdir;	/* for PDFs and exports */
	struct web_central	*central;	/* MQTT link (web-central.h),
						 * NULL in tools without one */
	/* The server's own parts; NULL in tools without a server. */
	const struct web_conf	*conf;		/* antre-web.conf */
	struct web_http		*http;		/* the event streams */
	struct sessions		*sessions;	/* who is logged in */
	struct throttle		*throttle;	/* failed logins */
	const char		*users;		/* the users file */
	bool			 tls;		/* served over HTTPS */
};

struct web_req {
	const char		*method;	/* "GET", "POST" */
	const char		*path;		/* "/laporan", no query */
	/* A query or form argument by name, NULL when absent. */
	const char		*(*arg)(const struct web_req *r,
				    const char *name);
	void			*cls;		/* for arg() */
	const char		*user;		/* "" when not logged in */
	enum web_role		 role;
	const char		*csrf;		/* the session's token, to put
						 * in every form */
	const struct web_site	*site;
	time_t			 now;
	const char		*peer;		/* the client's address, for
						 * logs and the login throttle */
	const char		*session;	/* the session's id, "" when
						 * none */
};

struct web_reply {
	int		 status;	/* 200, 303, 400, 403, 404, 500 */
	const char	*type;		/* Content-Type; NULL: HTML UTF-8 */
	struct wbuf	 body;
	char		 filename[128];	/* "": inline; else sent as an
					 * attachment with this name */
	char		 location[256];	/* 303: where to */
	/* Instead of body: a file sent and then unlinked (a PDF, an
	 * export). "" when unused. */
	char		 file[512];
	/* An event stream (text/event-stream) instead of a page: the
	 * server keeps the connection, sends body first, then whatever
	 * web_stream_push() sends on this channel ("hall", "papan").
	 * "" when unused. */
	char		 stream[16];
	/* A session's id to set as the cookie (a login), "-" to clear it
	 * (a logout); "" leaves the cookie as it is. */
	char		 cookie[72];
	/* 429: seconds until the client may try again (Retry-After). */
	int		 retry_after;
};

/* Sends text (complete "event: ...\ndata: ...\n\n" lines) to every
 * open event stream of channel (http.c). */
void	web_stream_push(const struct web_site *s, const char *channel,
	    const char *text, size_t len);
/* How many browsers listen on channel now: nothing is rendered for a
 * channel nobody listens to. */
int	web_stream_listeners(const struct web_site *s, const char *channel);

/* The page's frame: <!doctype>, head with the site's CSS, the header
 * with the navigation for r's role (title is the page's name in
 * Bahasa Indonesia, escaped here), and the closing tags. */
void	web_page_begin(struct wbuf *b, const struct web_req *r,
	    const char *title);
void	web_page_end(struct wbuf *b, const struct web_req *r);

#endif
