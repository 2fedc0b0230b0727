/*
 * web-live-html.c - the live pages' fragments (web-live-int.h).
 *
 * Everything from the wire is escaped (wbuf_html): names and the
 * running text are the central's, checked by the codec, but a page
 * never trusts them to be free of markup. Fragments have no newline,
 * so an event carries one in one data line. Figures a test or a script
 * reads back are repeated in data- attributes, as plain numbers.
 */
#include "web-live-int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render.h"
#include "web-hall.h"
#include "web-today.h"

/* The board's words when the hall's configuration is not at hand. */
static const struct render_labels default_labels = {
	.now_calling = "Sekarang dipanggil",
	.desk_serving = "melayani",
	.desk_idle = "kosong",
	.desk_paused = "istirahat",
	.desk_closed = "tutup",
	.desk_offline = "tidak aktif",
	.last_calls = "Panggilan terakhir",
	.waiting = "Menunggu",
	.to_desk = "ke",
	.priority = "Prioritas",
	.quota = "Kuota habis",
	.closed = "Pendaftaran ditutup",
};

/* "Hari ini" names a desk's state for the office, as the issue does:
 * serving, idle, paused, closed, offline. */
static const char *const office_status[DESK__COUNT] = {
	[DESK_IDLE] = "menganggur",
	[DESK_SERVING] = "melayani",
	[DESK_PAUSED] = "istirahat",
	[DESK_CLOSED] = "tutup",
	[DESK_OFFLINE] = "luring",
};
static const char *const status_class[DESK__COUNT] = {
	[DESK_IDLE] = "idle",
	[DESK_SERVING] = "serving",
	[DESK_PAUSED] = "paused",
	[DESK_CLOSED] = "closed",
	[DESK_OFFLINE] = "offline",
};

void
web_live_wait(struct wbuf *b, int64_t ms)
{
	int64_t min = ms / 60000;

	if (min < 1)
		wbuf_str(b, "&lt; 1 menit");
	else if (min < 60)
		wbuf_printf(b, "%lld menit", (long long)min);
	else if (min % 60 == 0)
		wbuf_printf(b, "%lld jam", (long long)(min / 60));
	else
		wbuf_printf(b, "%lld jam %lld menit", (long long)(min / 60),
		    (long long)(min % 60));
}

void
web_live_event(struct wbuf *b, const char *event, const char *text)
{
	const char *p, *nl;

	wbuf_printf(b, "event: %s\n", event);
	for (p = text; ; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			wbuf_str(b, "data: ");
			wbuf_str(b, p);
			wbuf_str(b, "\n");
			break;
		}
		wbuf_str(b, "data: ");
		wbuf_add(b, p, (size_t)(nl - p));
		wbuf_str(b, "\n");
	}
	wbuf_str(b, "\n");
}

static void
ticket_html(struct wbuf *b, const struct ticket *t)
{
	char label[16];

	ticket_format(t, label, sizeof(label));
	wbuf_html(b, label);
}

/* A desk's name as the board draws it: "" lets the screen choose. */
static void
desk_name(struct wbuf *b, int id, const char *name)
{
	if (name[0] != '\0')
		wbuf_html(b, name);
	else
		wbuf_printf(b, "Loket %d", id);
}

/* "07.05" as Indonesian writes the time, or with the date before it. */
static void
clock_text(struct wbuf *b, int64_t ms, bool date)
{
	struct tm tm;
	time_t t = (time_t)(ms / 1000);

	localtime_r(&t, &tm);
	if (date)
		wbuf_printf(b, "%02d-%02d-%04d ", tm.tm_mday, tm.tm_mon + 1,
		    tm.tm_year + 1900);
	wbuf_printf(b, "%02d.%02d", tm.tm_hour, tm.tm_min);
}

static bool
central_up(const struct web_live_view *v)
{
	return v->hall != NULL && web_hall_central_up(v->hall);
}

/* Said at the top of both pages while the central cannot be reached:
 * what they show may be old. */
static void
central_alert(struct wbuf *b, const struct web_live_view *v)
{
	if (central_up(v))
		return;
	wbuf_str(b, "<p class=\"alert\" role=\"alert\" id=\"pusat\">"
	    "Pusat tidak terhubung");
	if (v->hall != NULL && v->hall->have_board) {
		wbuf_str(b, ": keadaan terakhir pukul ");
		clock_text(b, v->hall->board.time_ms, false);
	}
	wbuf_str(b, "</p>");
}

/* The desk's state for the office: the board's, or offline when the
 * desk's own presence says so (the board may be old while the central
 * is away). */
static enum desk_status
desk_status(const struct web_live_view *v, const struct board_desk *d)
{
	if (d->id >= 1 && d->id <= DESK_ID_MAX &&
	    v->hall->desk[d->id] == WEB_OFFLINE)
		return DESK_OFFLINE;
	if (d->status < 0 || d->status >= DESK__COUNT)
		return DESK_OFFLINE;
	return d->status;
}

static void
hall_figures(struct wbuf *b, const struct web_live_view *v)
{
	const struct board *bd = &v->hall->board;
	const struct web_today *t = v->today;
	int64_t oldest = -1;
	int i, waiting = 0, unknown = 0;

	for (i = 0; i < bd->nwaiting; i++) {
		if (bd->waiting[i].count < 0)
			unknown = 1;
		else
			waiting += bd->waiting[i].count;
	}
	for (i = 0; t != NULL && i < t->nservices; i++)
		if (t->services[i].oldest_ms >= 0 && (oldest < 0 ||
		    t->services[i].oldest_ms < oldest))
			oldest = t->services[i].oldest_ms;
	wbuf_printf(b, "<dl class=\"angka\" id=\"jumlah\" data-waiting=\"%d\"",
	    waiting);
	if (t != NULL)
		wbuf_printf(b, " data-served=\"%d\" data-noshow=\"%d\"",
		    t->served, t->noshow);
	wbuf_printf(b, " data-oldest=\"%lld\">", (long long)oldest);
	/* Numbers from a pre-printed roll are not counted until called. */
	if (unknown && waiting == 0)
		wbuf_str(b, "<div><dt>Menunggu</dt><dd><abbr title=\"nomor "
		    "dari gulungan karcis: tidak terhitung\">?</abbr></dd>"
		    "</div>");
	else
		wbuf_printf(b, "<div><dt>Menunggu</dt><dd>%d%s</dd></div>",
		    waiting, unknown ? "+" : "");
	wbuf_str(b, "<div><dt>Terlama menunggu</dt><dd>");
	if (oldest >= 0)
		web_live_wait(b, v->now_ms - oldest);
	else
		wbuf_str(b, "&ndash;");
	wbuf_str(b, "</dd></div>");
	if (t != NULL)
		wbuf_printf(b, "<div><dt>Dilayani</dt><dd>%d</dd></div>"
		    "<div><dt>Tidak hadir</dt><dd>%d</dd></div>", t->served,
		    t->noshow);
	else
		wbuf_str(b, "<div><dt>Dilayani</dt><dd>&ndash;</dd></div>"
		    "<div><dt>Tidak hadir</dt><dd>&ndash;</dd></div>");
	wbuf_str(b, "</dl>");
}

static void
hall_services(struct wbuf *b, const struct web_live_view *v)
{
	const struct board *bd = &v->hall->board;
	const struct board_waiting *w;
	const struct web_today_service *ts;
	int i;

	if (bd->nwaiting == 0)
		return;
	wbuf_str(b, "<h2>Antrean per layanan</h2><div class=\"tabel\">"
	    "<table id=\"layanan\"><thead><tr><th scope=\"col\">Layanan</th>"
	    "<th scope=\"col\">Menunggu</th>"
	    "<th scope=\"col\">Terlama menunggu</th>"
	    "<th scope=\"col\">Dilayani</th>"
	    "<th scope=\"col\">Tidak hadir</th></tr></thead><tbody>");
	for (i = 0; i < bd->nwaiting; i++) {
		w = &bd->waiting[i];
		ts = v->today != NULL ? web_today_service(v->today,
		    w->service) : NULL;
		wbuf_printf(b, "<tr data-service=\"%c\" data-waiting=\"%d\" "
		    "data-oldest=\"%lld\"", w->service, w->count,
		    (long long)(ts != NULL ? ts->oldest_ms : -1));
		if (v->today != NULL)
			wbuf_printf(b, " data-served=\"%d\" data-noshow=\"%d\"",
			    ts != NULL ? ts->served : 0,
			    ts != NULL ? ts->noshow : 0);
		wbuf_printf(b, "><th scope=\"row\">%c &middot; ", w->service);
		wbuf_html(b, w->name);
		if (w->state == WAITING_QUOTA)
			wbuf_str(b, " <small>(kuota habis)</small>");
		else if (w->state == WAITING_CLOSED)
			wbuf_str(b, " <small>(pendaftaran ditutup)</small>");
		wbuf_str(b, "</th><td data-label=\"Menunggu\">");
		if (w->count >= 0)
			wbuf_printf(b, "%d", w->count);
		else
			wbuf_str(b, "<abbr title=\"nomor dari gulungan karcis: "
			    "tidak terhitung\">?</abbr>");
		wbuf_str(b, "</td><td data-label=\"Terlama\">");
		if (ts != NULL && ts->oldest_ms >= 0)
			web_live_wait(b, v->now_ms - ts->oldest_ms);
		else
			wbuf_str(b, "&ndash;");
		if (v->today != NULL)
			wbuf_printf(b, "</td><td data-label=\"Dilayani\">%d</td>"
			    "<td data-label=\"Tidak hadir\">%d</td></tr>",
			    ts != NULL ? ts->served : 0,
			    ts != NULL ? ts->noshow : 0);
		else
			wbuf_str(b, "</td><td data-label=\"Dilayani\">&ndash;"
			    "</td><td data-label=\"Tidak hadir\">&ndash;</td>"
			    "</tr>");
	}
	wbuf_str(b, "</tbody></table></div>");
}

/*
 * Every desk with its state and the ticket at it. The protocol names
 * desks, not the officers at them (a desk logs in no one), so "who is
 * at it" is the desk's name.
 */
static void
hall_desks(struct wbuf *b, const struct web_live_view *v)
{
	const struct board *bd = &v->hall->board;
	const struct board_desk *d;
	enum desk_status st;
	int i;

	wbuf_str(b, "<h2>Loket</h2><div class=\"tabel\"><table id=\"loket\">"
	    "<thead><tr><th scope=\"col\">Loket</th>"
	    "<th scope=\"col\">Keadaan</th><th scope=\"col\">Nomor</th>"
	    "</tr></thead><tbody>");
	for (i = 0; i < bd->ndesks; i++) {
		d = &bd->desks[i];
		st = desk_status(v, d);
		wbuf_printf(b, "<tr data-desk=\"%d\" data-status=\"%s\" "
		    "class=\"%s\"><th scope=\"row\">", d->id,
		    proto_status_name(st), status_class[st]);
		desk_name(b, d->id, d->name);
		wbuf_printf(b, "</th><td>%s</td><td>", office_status[st]);
		if (d->ticket.service != 0 && st == DESK_SERVING) {
			ticket_html(b, &d->ticket);
			if (d->ticket.priority)
				wbuf_str(b, " <small>(prioritas)</small>");
		} else
			wbuf_str(b, "&ndash;");
		wbuf_str(b, "</td></tr>");
	}
	if (bd->ndesks == 0)
		wbuf_str(b, "<tr><td colspan=\"3\">Belum ada loket.</td></tr>");
	wbuf_str(b, "</tbody></table></div>");
}

static void
hall_calls(struct wbuf *b, const struct web_live_view *v)
{
	const struct board *bd = &v->hall->board;
	const struct board_call *c;
	int i;

	wbuf_str(b, "<h2>Panggilan terakhir</h2><ol class=\"panggilan\" "
	    "id=\"panggilan\">");
	for (i = 0; i < bd->ncalls; i++) {
		c = &bd->calls[i];
		wbuf_str(b, "<li data-ticket=\"");
		ticket_html(b, &c->ticket);
		wbuf_printf(b, "\" data-desk=\"%d\"><time>", c->desk);
		clock_text(b, c->time_ms, false);
		wbuf_str(b, "</time> <b>");
		ticket_html(b, &c->ticket);
		wbuf_str(b, "</b> ke ");
		desk_name(b, c->desk, c->desk_name);
		if (c->recall)
			wbuf_str(b, " <small>(panggil ulang)</small>");
		wbuf_str(b, "</li>");
	}
	if (bd->ncalls == 0)
		wbuf_str(b, "<li>Belum ada panggilan hari ini.</li>");
	wbuf_str(b, "</ol>");
}

void
web_live_hall_html(struct wbuf *b, const struct web_live_view *v)
{
	central_alert(b, v);
	if (v->hall == NULL || !v->hall->have_board) {
		wbuf_str(b, "<p>Belum ada keadaan antrean dari pusat.</p>");
		return;
	}
	if (v->hall->board.fault[0] != '\0') {
		wbuf_str(b, "<p class=\"alert\">");
		wbuf_html(b, v->hall->board.fault);
		wbuf_str(b, "</p>");
	}
	wbuf_str(b, "<p class=\"hari\">Hari layanan <time id=\"hari\">");
	wbuf_html(b, v->hall->board.day);
	wbuf_str(b, "</time>, diperbarui pukul ");
	clock_text(b, v->now_ms, false);
	wbuf_str(b, "</p>");
	hall_figures(b, v);
	hall_services(b, v);
	hall_desks(b, v);
	hall_calls(b, v);
}

/* --- the papan: the board and nothing more -------------------------- */

static const char *
board_status(const struct render_labels *l, enum desk_status st)
{
	switch (st) {
	case DESK_SERVING:
		return l->desk_serving;
	case DESK_IDLE:
		return l->desk_idle;
	case DESK_PAUSED:
		return l->desk_paused;
	case DESK_CLOSED:
		return l->desk_closed;
	default:
		return l->desk_offline;
	}
}

static void
papan_hero(struct wbuf *b, const struct render_labels *l,
    const struct board *bd)
{
	const struct board_call *c;

	wbuf_str(b, "<section class=\"hero\" id=\"sekarang\"><h2>");
	wbuf_html(b, l->now_calling);
	wbuf_str(b, "</h2>");
	if (bd->ncalls > 0) {
		c = &bd->calls[0];
		wbuf_str(b, "<p><b class=\"nomor\">");
		ticket_html(b, &c->ticket);
		wbuf_str(b, "</b> <span>");
		wbuf_html(b, l->to_desk);
		wbuf_str(b, " ");
		desk_name(b, c->desk, c->desk_name);
		wbuf_str(b, "</span>");
		if (c->ticket.priority) {
			wbuf_str(b, " <small>");
			wbuf_html(b, l->priority);
			wbuf_str(b, "</small>");
		}
		wbuf_str(b, "</p>");
	} else
		wbuf_str(b, "<p><b class=\"nomor\">&ndash;</b></p>");
	wbuf_str(b, "</section>");
}

static void
papan_cards(struct wbuf *b, const struct render_labels *l,
    const struct board *bd)
{
	const struct board_desk *d;
	enum desk_status st;
	int i;

	wbuf_str(b, "<ul class=\"kartu\" id=\"kartu\">");
	for (i = 0; i < bd->ndesks; i++) {
		d = &bd->desks[i];
		st = d->status >= 0 && d->status < DESK__COUNT ? d->status :
		    DESK_OFFLINE;
		wbuf_printf(b, "<li class=\"%s\" data-desk=\"%d\"><span "
		    "class=\"loket\">", status_class[st], d->id);
		desk_name(b, d->id, d->name);
		wbuf_str(b, "</span> ");
		if (st == DESK_SERVING && d->ticket.service != 0) {
			wbuf_str(b, "<b class=\"nomor\">");
			ticket_html(b, &d->ticket);
			wbuf_str(b, "</b>");
		} else {
			wbuf_str(b, "<span class=\"keadaan\">");
			wbuf_html(b, board_status(l, st));
			wbuf_str(b, "</span>");
		}
		wbuf_str(b, "</li>");
	}
	wbuf_str(b, "</ul>");
}

static void
papan_calls(struct wbuf *b, const struct render_labels *l,
    const struct board *bd)
{
	int i;

	if (bd->ncalls < 2)
		return;
	wbuf_str(b, "<section class=\"terakhir\"><h2>");
	wbuf_html(b, l->last_calls);
	wbuf_str(b, "</h2><ol id=\"panggilan\">");
	for (i = 1; i < bd->ncalls; i++) {
		wbuf_str(b, "<li><b>");
		ticket_html(b, &bd->calls[i].ticket);
		wbuf_str(b, "</b> ");
		desk_name(b, bd->calls[i].desk, bd->calls[i].desk_name);
		wbuf_str(b, "</li>");
	}
	wbuf_str(b, "</ol></section>");
}

static void
papan_waiting(struct wbuf *b, const struct render_labels *l,
    const struct board *bd)
{
	const struct board_waiting *w;
	int i;

	if (bd->nwaiting == 0)
		return;
	wbuf_str(b, "<section class=\"menunggu\"><h2>");
	wbuf_html(b, l->waiting);
	wbuf_str(b, "</h2><ul id=\"menunggu\">");
	for (i = 0; i < bd->nwaiting; i++) {
		w = &bd->waiting[i];
		wbuf_printf(b, "<li data-service=\"%c\"><span>%c &middot; ",
		    w->service, w->service);
		wbuf_html(b, w->name);
		wbuf_str(b, "</span> <b>");
		if (w->state == WAITING_QUOTA)
			wbuf_html(b, l->quota);
		else if (w->state == WAITING_CLOSED)
			wbuf_html(b, l->closed);
		else if (w->count >= 0)
			wbuf_printf(b, "%d", w->count);
		else
			wbuf_str(b, "&ndash;");
		wbuf_str(b, "</b></li>");
	}
	wbuf_str(b, "</ul></section>");
}

void
web_live_papan_html(struct wbuf *b, const struct web_live_view *v)
{
	const struct render_labels *l = v->labels != NULL ? v->labels :
	    &default_labels;
	const struct board *bd;

	wbuf_str(b, "<header class=\"judul\"><h1>");
	if (v->office != NULL && v->office[0] != '\0')
		wbuf_html(b, v->office);
	else
		wbuf_str(b, "Papan antrean");
	wbuf_str(b, "</h1>");
	if (v->hall != NULL && v->hall->have_board) {
		wbuf_str(b, "<p>");
		clock_text(b, v->now_ms, true);
		wbuf_str(b, "</p>");
	}
	wbuf_str(b, "</header>");
	central_alert(b, v);
	if (v->hall == NULL || !v->hall->have_board) {
		wbuf_str(b, "<p>Menunggu papan dari pusat.</p>");
		return;
	}
	bd = &v->hall->board;
	if (bd->fault[0] != '\0') {
		wbuf_str(b, "<p class=\"alert\">");
		wbuf_html(b, bd->fault);
		wbuf_str(b, "</p>");
	}
	/* One column on a phone; on a wide screen the calls and the
	 * queues beside the desks, as the board has them. */
	wbuf_str(b, "<div class=\"isi\"><div class=\"utama\">");
	papan_hero(b, l, bd);
	papan_cards(b, l, bd);
	wbuf_str(b, "</div><div class=\"samping\">");
	papan_calls(b, l, bd);
	papan_waiting(b, l, bd);
	wbuf_str(b, "</div></div>");
	if (v->running_text != NULL && v->running_text[0] != '\0') {
		wbuf_str(b, "<p class=\"berjalan\"><span>");
		wbuf_html(b, v->running_text);
		wbuf_str(b, "</span></p>");
	}
}
