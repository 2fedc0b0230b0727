/*
 * http.c - antre-web's HTTP server (http.h): libmicrohttpd started and
 * driven, a request checked and handed to the pages, the replies with
 * their headers. The event streams are http-stream.c's, the slow pages'
 * jobs http-job.c's (http-int.h).
 */
#include "http-int.h"

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
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "web-conf.h"
#include "web-pages.h"


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

const char *
http_req_arg(const struct web_req *r, const char *name)
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


enum MHD_Result
http_send_reply(struct web_http *h, struct MHD_Connection *c,
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

/* --- requests ------------------------------------------------------ */

/* Whether a POST comes from a page of this site: its Origin (or, without
 * one, its Referer) names the host the request was sent to. Neither:
 * not a browser's cross-site form, the CSRF token decides. */
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
		return job_send(h, c, url, k);
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
	r.arg = http_req_arg;
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
		token = http_req_arg(&r, "csrf");
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
	ret = http_send_reply(h, c, &r, &out);
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
	if (h == NULL)
		return;
	streams_end(h);
	/* The slow pages' processes stopped, their connections told. */
	jobs_stop(h);
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

/* What the epoll fd says: a job's pipe readable (its process answered
 * or ended), or a stream whose browser went (a hangup, an error on the
 * socket), resumed to end so that MHD closes it now. MHD's fd: MHD_run
 * sees to it. */
static void
watched(struct web_http *h)
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
	streams_comment(h, now_ms);
	jobs_late(h, -1, now_ms);
	watched(h);
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
int64_t
http_sooner(int64_t ms, int64_t due, int64_t now_ms)
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
	int64_t ms = -1;

	/* A connection resumed by a push from the loop's timers (the live
	 * pages' deferred updates) waits for MHD_run, which MHD's own
	 * timeout does not ask for. */
	if (h->resumed)
		return 0;
	if (MHD_get_timeout(h->d, &t) == MHD_YES)
		ms = t > INT32_MAX ? INT32_MAX : (int64_t)t;
	ms = http_sooner(ms, h->comment_due, now_ms);
	ms = http_sooner(ms, h->trim_due, now_ms);
	ms = jobs_late(h, ms, now_ms);
	return (int)ms;
}
