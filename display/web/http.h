/*
 * http.h - antre-web's HTTP server (http.c, the only file with
 * <microhttpd.h>): libmicrohttpd in external mode, driven from main.c's
 * poll() loop through one epoll fd. It parses requests, finds the
 * session, refuses peers outside the hall's network and POSTs without
 * the session's CSRF token or from another site, hands the rest to
 * web-pages.c, and sends replies with the security headers; it keeps
 * the event streams (web_stream_push()).
 */
#ifndef ANTRE_WEB_HTTP_H
#define ANTRE_WEB_HTTP_H

#include <stdint.h>

struct web_site;
struct web_conf;
struct web_http;

/* Listens as wc says ([web] listen, port, [tls]). NULL after logging. */
struct web_http	*http_open(struct web_site *site, const struct web_conf *wc);
/* Ends the event streams cleanly and closes every connection. */
void		 http_close(struct web_http *h);

/* The fd to poll for POLLIN: MHD's epoll fd and the idle streams'
 * sockets (their hangup) in one epoll fd. */
int	http_fd(struct web_http *h);
/* Does what is due: connections with I/O, timeouts, the event streams'
 * comment line every 25 s. Call after poll() returns, whatever woke it. */
void	http_run(struct web_http *h, int64_t now_ms);
/* Milliseconds until http_run() wants to be called without I/O; -1:
 * only on I/O (no connection, no stream: no wakeup at all). */
int	http_timeout(struct web_http *h, int64_t now_ms);
/* Open event streams, for the logs and the tests. */
int	http_streams(const struct web_http *h);

#endif
