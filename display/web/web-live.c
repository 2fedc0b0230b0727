/*
 * web-live.c - the live pages (web-live.h): "Hari ini" at "/" for the
 * office, the read-only papan at "/papan", their event streams, and the
 * few lines of script and style they share.
 *
 * Nothing is drawn and the log is not read while nobody looks: a
 * change of the hall renders a channel's fragment only when the channel
 * has listeners (web_stream_listeners), and sends it only when it
 * differs from the one last sent. The log is read for "Hari ini" at
 * most once a second (a change within the second is read when it ends,
 * from web_live_tick), and only when its last row moved.
 */
#include "web-live.h"
#include "web-live-int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "web-central.h"
#include "web-hall.h"
#include "web-today.h"

#define READ_EVERY_MS	1000	/* the log, at most */
#define MINUTE_MS	60000	/* waits and clocks are shown in minutes */

static struct {
	struct web_today	today;
	int64_t			read_ms;	/* monotonic, last read */
	bool			read_due;	/* a change waits for it */
	int64_t			minute_ms;	/* next re-render, monotonic */
	struct wbuf		sent_hall;	/* the last fragment sent */
	struct wbuf		sent_papan;
} live;

/* Served as files of this site, so that the pages hold no inline script
 * or style (the server's Content-Security-Policy is default-src
 * 'self'). The box with id "langsung" names its stream and event. */
static const char live_js[] =
	"/* antre-web: a live page follows its event stream. Without\n"
	" * script the page is whole, with a link to load it again. */\n"
	"(function () {\n"
	"\t'use strict';\n"
	"\tvar box = document.getElementById('langsung');\n"
	"\tif (!box || !window.EventSource)\n"
	"\t\treturn;\n"
	"\tvar es = new EventSource(box.getAttribute('data-stream'));\n"
	"\tes.addEventListener(box.getAttribute('data-event'),\n"
	"\t    function (e) {\n"
	"\t\tbox.innerHTML = e.data;\n"
	"\t\tdocument.body.classList.remove('putus');\n"
	"\t});\n"
	"\tes.addEventListener('error', function () {\n"
	"\t\tdocument.body.classList.add('putus');\n"
	"\t});\n"
	"\tvar reload = document.getElementById('muat');\n"
	"\tif (reload)\n"
	"\t\treload.hidden = true;\n"
	"})();\n";

static const char live_css[] =
	"/* antre-web: the live pages, phone first. */\n"
	".angka{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem}\n"
	".angka div{flex:1 1 9rem;border:1px solid #c8d0da;"
	"border-radius:.4rem;padding:.5rem .75rem}\n"
	".angka dt{font-size:.85rem;color:#4a5568}\n"
	".angka dd{margin:0;font-size:1.6rem;font-weight:700}\n"
	".tabel{overflow-x:auto}\n"
	"#layanan th,#layanan td{white-space:normal}\n"
	"#layanan td{text-align:right}\n"
	/* A phone: each service a block, its name over its four figures,
	 * each figure under its own label. */
	"@media (max-width:30rem){#layanan thead{display:none}"
	"#layanan,#layanan tbody{display:block}"
	"#layanan tr{display:grid;grid-template-columns:repeat(4,1fr);"
	"border-top:1px solid #e3e6ea;padding:.3rem 0}"
	"#layanan th{grid-column:1/-1;border:0}"
	"#layanan td{border:0;text-align:left}"
	"#layanan td::before{content:attr(data-label);display:block;"
	"font-size:.75rem;color:#4a5568}}\n"
	"#loket tr.serving td:nth-child(2){color:#0b6b2e;font-weight:700}\n"
	"#loket tr.paused td:nth-child(2){color:#8a5a00}\n"
	"#loket tr.offline td:nth-child(2),#loket tr.closed td:nth-child(2)"
	"{color:#a11}\n"
	".panggilan{padding-left:1.2rem}\n"
	".panggilan time{color:#4a5568}\n"
	".alert{background:#fde8e8;border:1px solid #c53030;color:#742a2a;"
	"padding:.5rem .75rem;border-radius:.4rem;font-weight:700}\n"
	"body.putus #langsung{opacity:.6}\n"
	"body.papan{margin:0;background:#0b1b35;color:#fff;"
	"font-family:'Noto Sans',sans-serif}\n"
	".papan #langsung{padding:1rem;max-width:120rem;margin:0 auto}\n"
	".papan .judul{display:flex;justify-content:space-between;"
	"align-items:baseline;flex-wrap:wrap;gap:.5rem}\n"
	".papan h1{font-size:1.6rem;margin:0}\n"
	".papan h2{font-size:1.1rem;color:#96acca;margin:.5rem 0;"
	"font-weight:400}\n"
	".papan .hero{background:#172f53;border-radius:.8rem;"
	"padding:1rem;text-align:center;margin:1rem 0}\n"
	".papan .hero p{margin:0;font-size:1.6rem}\n"
	".papan .nomor{font-size:3.5rem;color:#ffca42;"
	"font-variant-numeric:tabular-nums}\n"
	".papan .hero .nomor{font-size:5rem}\n"
	".papan ul,.papan ol{list-style:none;padding:0;margin:0}\n"
	".papan .kartu{display:grid;gap:.6rem;"
	"grid-template-columns:repeat(auto-fill,minmax(10rem,1fr))}\n"
	".papan .kartu li{background:#172f53;border-radius:.6rem;"
	"padding:.6rem;text-align:center;display:flex;flex-direction:column}\n"
	".papan .kartu .loket{font-size:1.2rem}\n"
	".papan .kartu .nomor{font-size:2.6rem}\n"
	".papan .kartu .keadaan{font-size:1.4rem;color:#96acca;"
	"padding:.6rem 0}\n"
	".papan .kartu .offline,.papan .kartu li.offline{opacity:.6}\n"
	".papan .terakhir li,.papan .menunggu li{display:flex;"
	"justify-content:space-between;font-size:1.4rem;padding:.3rem 0;"
	"border-bottom:1px solid #172f53;gap:1rem}\n"
	".papan .terakhir b,.papan .menunggu b{color:#ffca42}\n"
	".papan .alert{background:#c22125;color:#fff;border:0}\n"
	".papan .berjalan{overflow:hidden;white-space:nowrap;"
	"font-size:1.6rem;background:#172f53;padding:.4rem 0;"
	"margin:1rem 0 0}\n"
	".papan .berjalan span{display:inline-block;padding-left:100%;"
	"animation:jalan 25s linear infinite}\n"
	"@keyframes jalan{to{transform:translateX(-100%)}}\n"
	"@media (prefers-reduced-motion:reduce){.papan .berjalan span"
	"{animation:none;padding-left:0;white-space:normal}}\n"
	"@media (min-width:60rem){.papan .isi{display:grid;"
	"grid-template-columns:2fr 1fr;gap:1.5rem;align-items:start}}\n";

/* The next turn of the wall clock's minute, on the monotonic clock:
 * the clocks and waits shown move then. */
static int64_t
next_minute(int64_t now)
{
	return now + MINUTE_MS - wall_ms() % MINUTE_MS + 10;
}

static const struct web_hall *
hall_of(const struct web_site *s)
{
	return s->central != NULL ? web_central_hall(s) : NULL;
}

/* Today's figures if the log has moved and the last read is a second
 * old; otherwise a read is due at the end of that second. */
static void
today_refresh(const struct web_site *s, int64_t now)
{
	const struct web_hall *h = hall_of(s);

	if (h == NULL || !h->have_board || s->db_path == NULL)
		return;
	/* A log that cannot be read is tried again no sooner either. */
	if (live.read_ms != 0 && now - live.read_ms < READ_EVERY_MS) {
		live.read_due = true;
		return;
	}
	live.read_ms = now;
	live.read_due = false;
	web_today_read(&live.today, s->db_path, h->board.day,
	    s->hall != NULL ? &s->hall->queue : NULL);
}

static void
view_init(struct web_live_view *v, const struct web_site *s)
{
	const struct web_hall *h = hall_of(s);

	memset(v, 0, sizeof(*v));
	v->hall = h;
	v->today = live.today.ok && h != NULL && h->have_board &&
	    strcmp(live.today.day, h->board.day) == 0 ? &live.today : NULL;
	v->labels = s->hall != NULL ? &s->hall->render.labels : NULL;
	v->office = s->office;
	if (h != NULL && h->have_settings)
		v->running_text = h->settings.running_text;
	else if (s->hall != NULL)
		v->running_text = s->hall->render.marquee;
	v->now_ms = wall_ms();
}

static void
draw(const struct web_site *s, const char *channel, struct wbuf *out)
{
	struct web_live_view v;

	view_init(&v, s);
	if (strcmp(channel, "hall") == 0)
		web_live_hall_html(out, &v);
	else
		web_live_papan_html(out, &v);
}

/* Sends channel's fragment to its streams if it differs from the one
 * last sent. */
static void
push(const struct web_site *s, const char *channel)
{
	struct wbuf frag, ev, *last;

	last = strcmp(channel, "hall") == 0 ? &live.sent_hall :
	    &live.sent_papan;
	wbuf_init(&frag);
	wbuf_init(&ev);
	draw(s, channel, &frag);
	if (frag.oom || (last->len == frag.len && (frag.len == 0 ||
	    memcmp(last->data, frag.data, frag.len) == 0)))
		goto out;
	wbuf_reset(last);
	wbuf_add(last, frag.data, frag.len);
	web_live_event(&ev, channel, frag.data);
	if (!ev.oom)
		web_stream_push(s, channel, ev.data, ev.len);
out:
	wbuf_free(&frag);
	wbuf_free(&ev);
}

void
web_live_changed(const struct web_site *s)
{
	bool hall = web_stream_listeners(s, "hall") > 0;
	bool papan = web_stream_listeners(s, "papan") > 0;
	int64_t now;

	/* What was last sent is forgotten with the last listener: the next
	 * one gets the whole state when it opens its stream. */
	if (!hall)
		wbuf_reset(&live.sent_hall);
	if (!papan)
		wbuf_reset(&live.sent_papan);
	if (!hall && !papan)
		return;
	now = mono_ms();
	if (live.minute_ms == 0)
		live.minute_ms = next_minute(now);
	if (papan)
		push(s, "papan");
	if (hall) {
		today_refresh(s, now);
		push(s, "hall");
	}
}

int
web_live_tick(const struct web_site *s, int64_t now)
{
	bool hall, papan;
	int64_t wait = -1;

	if (!live.read_due && live.minute_ms == 0)
		return -1;
	hall = web_stream_listeners(s, "hall") > 0;
	papan = web_stream_listeners(s, "papan") > 0;
	if (!hall && !papan) {
		/* Nobody looks: nothing is due until someone does. */
		live.read_due = false;
		live.minute_ms = 0;
		return -1;
	}
	if (!hall)
		live.read_due = false;	/* only "Hari ini" reads the log */
	if (now >= live.minute_ms) {
		live.minute_ms = next_minute(now);
		web_live_changed(s);
	} else if (live.read_due && now - live.read_ms >= READ_EVERY_MS &&
	    hall) {
		today_refresh(s, now);
		push(s, "hall");
	}
	wait = live.minute_ms - now;
	if (live.read_due && live.read_ms + READ_EVERY_MS - now < wait)
		wait = live.read_ms + READ_EVERY_MS - now;
	return wait < 0 ? 0 : (int)wait;
}

/* The box a page's script keeps current, and the way without script. */
static void
live_box(struct wbuf *b, const struct web_site *s, const char *channel,
    const char *stream, const char *again)
{
	struct wbuf frag;

	wbuf_init(&frag);
	draw(s, channel, &frag);
	wbuf_printf(b, "<div id=\"langsung\" data-stream=\"%s\" "
	    "data-event=\"%s\" aria-live=\"polite\">", stream, channel);
	wbuf_add(b, frag.data, frag.len);
	wbuf_printf(b, "</div><p id=\"muat\"><a href=\"%s\">%s</a></p>"
	    "<script src=\"/langsung.js\" defer></script>", again,
	    "Muat ulang");
	wbuf_free(&frag);
}

static void
stream_reply(const struct web_site *s, const char *channel,
    struct web_reply *out)
{
	struct wbuf frag, *last;

	wbuf_init(&frag);
	if (strcmp(channel, "hall") == 0)
		today_refresh(s, mono_ms());
	draw(s, channel, &frag);
	snprintf(out->stream, sizeof(out->stream), "%s", channel);
	out->type = "text/event-stream";
	/* A browser that loses the stream asks again in 3 s and is sent
	 * the whole state first. */
	wbuf_str(&out->body, "retry: 3000\n\n");
	web_live_event(&out->body, channel, frag.len > 0 ? frag.data : "");
	/* The first browser on the channel starts from this state: a
	 * change that does not alter it (a call before its board) is not
	 * sent again. Later ones share what was last sent. */
	last = strcmp(channel, "hall") == 0 ? &live.sent_hall :
	    &live.sent_papan;
	if (!frag.oom && (web_stream_listeners(s, channel) == 0 ||
	    last->len == 0)) {
		wbuf_reset(last);
		wbuf_add(last, frag.data, frag.len);
	}
	wbuf_free(&frag);
	if (live.minute_ms == 0)
		live.minute_ms = next_minute(mono_ms());
}

static void
papan_page(const struct web_req *r, struct web_reply *out)
{
	struct wbuf *b = &out->body;

	wbuf_str(b, "<!doctype html><html lang=\"id\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">"
	    "<title>Papan antrean");
	if (r->site->office != NULL && r->site->office[0] != '\0') {
		wbuf_str(b, " \xe2\x80\x94 ");
		wbuf_html(b, r->site->office);
	}
	wbuf_str(b, "</title><link rel=\"stylesheet\" href=\"/langsung.css\">"
	    "</head><body class=\"papan\">");
	live_box(b, r->site, "papan", "/papan/peristiwa", "/papan");
	wbuf_str(b, "</body></html>\n");
}

static void
hall_page(const struct web_req *r, struct web_reply *out)
{
	struct wbuf *b = &out->body;

	today_refresh(r->site, mono_ms());
	web_page_begin(b, r, "Hari ini");
	wbuf_str(b, "<link rel=\"stylesheet\" href=\"/langsung.css\">");
	live_box(b, r->site, "hall", "/peristiwa", "/");
	web_page_end(b, r);
}

int
web_live_route(const struct web_req *r, struct web_reply *out)
{
	const char *p = r->path;

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return 0;
	out->status = 200;
	if (strcmp(p, "/") == 0)
		hall_page(r, out);
	else if (strcmp(p, "/peristiwa") == 0)
		stream_reply(r->site, "hall", out);
	else if (strcmp(p, "/papan") == 0)
		papan_page(r, out);
	else if (strcmp(p, "/papan/peristiwa") == 0)
		stream_reply(r->site, "papan", out);
	else if (strcmp(p, "/langsung.js") == 0) {
		out->type = "text/javascript; charset=utf-8";
		wbuf_add(&out->body, live_js, sizeof(live_js) - 1);
	} else if (strcmp(p, "/langsung.css") == 0) {
		out->type = "text/css; charset=utf-8";
		wbuf_add(&out->body, live_css, sizeof(live_css) - 1);
	} else
		return 0;
	return 1;
}
