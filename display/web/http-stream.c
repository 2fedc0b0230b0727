/*
 * http-stream.c - antre-web's event streams (text/event-stream): a
 * stream's queue, its connection suspended while it has nothing to send
 * and its socket then watched for the browser hanging up, the comment
 * line every 25 s.
 */
#include "http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "clock.h"

static ssize_t	stream_read(void *cls, uint64_t pos, char *buf, size_t max);
static void	stream_gone(void *cls);

struct MHD_Response *
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

void
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

void
streams_comment(struct web_http *h, int64_t now_ms)
{
	struct stream *s;

	if (h->comment_due == 0 || now_ms < h->comment_due)
		return;
	/* A comment line: proxies keep the stream, and a browser that went
	 * is noticed when the write fails. */
	for (s = h->streams; s != NULL; s = s->next)
		stream_send(s, ":\n\n", 3);
	h->comment_due = now_ms + COMMENT_MS;
}

void
streams_end(struct web_http *h)
{
	struct stream *s;

	/* A suspended connection must be resumed before the daemon
	 * stops; ending streams end cleanly. */
	for (s = h->streams; s != NULL; s = s->next) {
		s->ending = true;
		stream_resume(s);
	}
}
