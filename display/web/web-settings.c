/*
 * web-settings.c - the settings pages (see web-settings.h).
 *
 * A POST is checked against the settings the central last published;
 * refused, the page comes back at once with what the admin typed and
 * a message at each wrong field, and nothing is sent. Valid, only what
 * changed goes to the central, and the browser is sent on (303) to
 * /pengaturan?ubah=<id>, where the central's answer is shown: the page
 * reloads itself each second while the answer is awaited, so that a
 * reload never posts twice.
 *
 * A web user's password is antre-web's own file, but the change is
 * logged through the central first (ADMIN_NOTE), so that the log says
 * who changed whose password: when the note cannot be sent, the
 * password is not changed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings-page.h"
#include "web-central.h"
#include "web-settings.h"

#define USERS_SHOWN	64
#define SENT_KEPT	16
/* How long an acknowledged change may wait for the settings that show
 * it (the central publishes both; they may arrive in either order). */
#define SETTINGS_WAIT_S	5

static const struct {
	const char	*path;
	enum sform_kind	 kind;
} posts[] = {
	{ "/pengaturan/layanan", SFORM_SERVICES },
	{ "/pengaturan/layanan-baru", SFORM_NEW_SERVICE },
	{ "/pengaturan/loket", SFORM_DESKS },
	{ "/pengaturan/teks", SFORM_TEXT },
	{ "/pengaturan/tenang", SFORM_QUIET },
	{ "/pengaturan/pengguna", SFORM_USER },
};

/* The changes sent lately, the settings' time when each was sent, and
 * its pairs ("key\0value\0..."), to show what was typed again when the
 * central refuses it. */
static struct sent {
	char	id[PROTO_ID_MAX];
	int64_t	settings_ms;
	time_t	when;
	char	*pairs;
	size_t	 len;
} sent[SENT_KEPT];
static unsigned nsent;

static void
sent_add(const struct admin_cmd *cmd, const struct settings *cur, time_t now)
{
	struct sent *s = &sent[nsent++ % SENT_KEPT];
	size_t len = 0, k, v;
	int i;

	snprintf(s->id, sizeof(s->id), "%s", cmd->id);
	s->settings_ms = cmd->op == ADMIN_SET && cur != NULL ? cur->time_ms :
	    -1;
	s->when = now;
	free(s->pairs);
	s->pairs = NULL;
	s->len = 0;
	if (cmd->op != ADMIN_SET)
		return;
	for (i = 0; i < cmd->nset; i++)
		len += strlen(cmd->set[i].key) + strlen(cmd->set[i].value) + 2;
	if (len == 0 || (s->pairs = malloc(len)) == NULL)
		return;
	for (i = 0; i < cmd->nset; i++) {
		k = strlen(cmd->set[i].key) + 1;
		v = strlen(cmd->set[i].value) + 1;
		memcpy(s->pairs + s->len, cmd->set[i].key, k);
		memcpy(s->pairs + s->len + k, cmd->set[i].value, v);
		s->len += k + v;
	}
}

/* A refused change's value of key, as it was typed; NULL for a field
 * it did not change. */
static const char *
sent_value(const struct sent *s, const char *key)
{
	size_t o = 0, k;

	while (s->pairs != NULL && o < s->len) {
		k = strlen(s->pairs + o) + 1;
		if (strcmp(s->pairs + o, key) == 0)
			return s->pairs + o + k;
		o += k;
		o += strlen(s->pairs + o) + 1;
	}
	return NULL;
}

/* The request for the page that shows a refused change: its fields'
 * values are what was sent. */
static const char *
refused_arg(const struct web_req *r, const char *name)
{
	return sent_value(r->cls, name);
}

static const struct sent *
sent_find(const char *id)
{
	int i;

	for (i = 0; i < SENT_KEPT; i++)
		if (sent[i].id[0] != '\0' && strcmp(sent[i].id, id) == 0)
			return &sent[i];
	return NULL;
}

static void
page(const struct web_req *r, struct web_reply *out, int status,
    const struct settings_view *v)
{
	out->status = status;
	out->type = NULL;
	wbuf_reset(&out->body);
	settings_page(&out->body, r, v);
}

/* To where, or with an id given to /pengaturan?ubah=<id>. */
static void
see_other(struct web_reply *out, const char *where, const char *id)
{
	out->status = 303;
	wbuf_reset(&out->body);
	if (id != NULL)
		snprintf(out->location, sizeof(out->location),
		    "/pengaturan?ubah=%s", id);
	else
		snprintf(out->location, sizeof(out->location), "%s", where);
}

static void
view_init(const struct web_req *r, struct settings_view *v,
    struct web_user *users)
{
	memset(v, 0, sizeof(*v));
	v->cur = r->site->central != NULL ? web_central_settings(r->site) :
	    NULL;
	v->users = users;
	v->nusers = r->site->users != NULL ? web_users_list(r->site->users,
	    users, USERS_SHOWN) : -1;
}

/* Which form a key of the protocol belongs to, for the central's
 * refusal: a service the page does not show is the one being added. */
static void
refusal_field(const struct settings *cur, const struct admin_ack *ack,
    struct sform *f)
{
	const char *k = ack->key;
	int i, known = 0;

	f->kind = SFORM_USER;
	if (strncmp(k, "service.", 8) == 0 && k[8] != '\0' && k[9] == '.') {
		for (i = 0; cur != NULL && i < cur->nservices; i++)
			known |= cur->services[i].letter == k[8];
		if (known)
			f->kind = SFORM_SERVICES;
		else {
			f->kind = SFORM_NEW_SERVICE;
			sform_add(f, "new.letter", "%s", ack->reason);
			return;
		}
	} else if (strncmp(k, "desk.", 5) == 0)
		f->kind = SFORM_DESKS;
	else if (strcmp(k, "board.running_text") == 0)
		f->kind = SFORM_TEXT;
	else if (strcmp(k, "voice.quiet") == 0)
		f->kind = SFORM_QUIET;
	if (k[0] != '\0')
		sform_add(f, k, "%s", ack->reason);
}

static int
id_ok(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++)
		if (!isalnum((unsigned char)id[i]) && strchr("-_.:", id[i]) ==
		    NULL)
			return 0;
	return i > 0 && i < PROTO_ID_MAX;
}

static void
show(const struct web_req *r, struct web_reply *out)
{
	struct web_user users[USERS_SHOWN];
	static struct sform f;
	struct settings_view v;
	struct admin_ack ack;
	const struct sent *s;
	struct web_req typed;
	const char *id = r->arg(r, "ubah");
	char notice[PROTO_REASON_MAX + 64];

	view_init(r, &v, users);
	if (r->arg(r, "tetap") != NULL)
		v.notice = "Tidak ada yang berubah.";
	if (id == NULL || r->site->central == NULL) {
		page(r, out, 200, &v);
		return;
	}
	if (!id_ok(id)) {
		v.notice = "Perubahan itu tidak dikenal.";
		v.notice_bad = 1;
		page(r, out, 200, &v);
		return;
	}
	memset(&ack, 0, sizeof(ack));
	switch (web_central_answer(r->site, id, &ack)) {
	case WEB_ANSWER_PENDING:
		v.notice = "Menunggu jawaban pusat\u2026";
		v.refresh = 1;
		break;
	case WEB_ANSWER_OK:
		s = sent_find(id);
		if (s != NULL && v.cur != NULL && s->settings_ms != -1 &&
		    v.cur->time_ms == s->settings_ms &&
		    r->now - s->when < SETTINGS_WAIT_S) {
			v.notice = "Menunggu jawaban pusat\u2026";
			v.refresh = 1;
		} else
			v.notice = "Tersimpan.";
		break;
	case WEB_ANSWER_REFUSED:
		memset(&f, 0, sizeof(f));
		refusal_field(v.cur, &ack, &f);
		snprintf(notice, sizeof(notice), "Pusat menolak perubahan: %s",
		    ack.reason);
		v.notice = notice;
		v.notice_bad = 1;
		v.form = &f;
		/* The fields as they were sent, the rest as they are. */
		if ((s = sent_find(id)) != NULL && s->pairs != NULL) {
			typed = *r;
			typed.arg = refused_arg;
			typed.cls = (void *)s;
			v.typed = 1;
			page(&typed, out, 200, &v);
			return;
		}
		break;
	case WEB_ANSWER_TIMEOUT:
		v.notice = "Pusat tidak menjawab: perubahan mungkin belum "
		    "diterapkan. Periksa nilai di bawah, lalu coba lagi.";
		v.notice_bad = 1;
		break;
	case WEB_ANSWER_UNKNOWN:
		v.notice = "Jawaban pusat untuk perubahan itu tidak diingat "
		    "lagi. Periksa nilai di bawah.";
		v.notice_bad = 1;
		break;
	}
	page(r, out, 200, &v);
}

/* The admin command in f sent; else the page again with why (503). */
static int
send(const struct web_req *r, struct web_reply *out, struct sform *f,
    struct settings_view *v)
{
	char why[PROTO_REASON_MAX];

	snprintf(why, sizeof(why), "Pusat tidak terhubung");
	if (r->site->central == NULL || web_central_send(r->site, &f->cmd,
	    why, sizeof(why)) == -1) {
		sform_add(f, "", "%s: perubahan tidak dikirim. Coba lagi "
		    "sebentar lagi.", why);
		v->notice = f->err[f->nerr - 1].msg;
		v->notice_bad = 1;
		v->form = f;
		v->typed = 1;
		page(r, out, 503, v);
		return -1;
	}
	sent_add(&f->cmd, v->cur, r->now);
	return 0;
}

static void
post_user(const struct web_req *r, struct web_reply *out, struct sform *f,
    struct settings_view *v, struct web_user *users)
{
	const char *name, *password;
	enum web_role role;
	char why[128];

	if (v->nusers < 0) {
		v->notice = "Daftar pengguna tidak dapat dibaca: sandi tidak "
		    "diganti.";
		v->notice_bad = 1;
		page(r, out, 500, v);
		return;
	}
	if (sform_user(r, v->users, v->nusers, f, &name, &role,
	    &password) == -1) {
		v->notice = "Perubahan tidak disimpan: periksa pesan di "
		    "bawah.";
		v->notice_bad = 1;
		v->form = f;
		v->typed = 1;
		page(r, out, 400, v);
		return;
	}
	/* Logged first: a password changed with no trace is worse than
	 * one not changed. */
	if (send(r, out, f, v) == -1)
		return;
	if (web_users_set(r->site->users, name, role, password, why,
	    sizeof(why)) == -1) {
		log_warnx("web: %s: user %s not written: %s", r->user, name,
		    why);
		f->nerr = 0;
		sform_add(f, "", "%s", why);
		/* The reason is shown above the form; the top of the page
		 * only points to it, as for the form's own checks. */
		v->notice = "Perubahan tidak disimpan: periksa pesan di "
		    "bawah.";
		v->notice_bad = 1;
		v->form = f;
		v->typed = 1;
		v->nusers = web_users_list(r->site->users, users,
		    USERS_SHOWN);
		page(r, out, 500, v);
		return;
	}
	see_other(out, NULL, f->cmd.id);
}

static void
post(const struct web_req *r, struct web_reply *out, enum sform_kind kind)
{
	struct web_user users[USERS_SHOWN];
	struct settings_view v;
	struct sform *f;
	int n;

	view_init(r, &v, users);
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		v.notice = "Memori habis: perubahan tidak dikirim.";
		v.notice_bad = 1;
		page(r, out, 500, &v);
		return;
	}
	if (kind == SFORM_USER) {
		post_user(r, out, f, &v, users);
		goto done;
	}
	if (v.cur == NULL) {
		v.notice = "Pusat belum terhubung: perubahan tidak dikirim.";
		v.notice_bad = 1;
		page(r, out, 503, &v);
		goto done;
	}
	n = sform_check(kind, v.cur, r, f);
	if (n == -1) {
		v.notice = "Perubahan tidak disimpan: periksa pesan di "
		    "bawah.";
		v.notice_bad = 1;
		v.form = f;
		v.typed = 1;
		page(r, out, 400, &v);
	} else if (n == 0)
		see_other(out, "/pengaturan?tetap=1", NULL);
	else if (send(r, out, f, &v) == 0)
		see_other(out, NULL, f->cmd.id);
done:
	free(f);
}

int
web_settings_route(const struct web_req *r, struct web_reply *out)
{
	size_t i;

	if (strcmp(r->path, "/pengaturan") == 0) {
		if (strcmp(r->method, "GET") == 0 ||
		    strcmp(r->method, "HEAD") == 0)
			show(r, out);
		else
			see_other(out, "/pengaturan", NULL);
		return 1;
	}
	for (i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		if (strcmp(r->path, posts[i].path) != 0)
			continue;
		/* A bookmark or a reload of a form's address. */
		if (strcmp(r->method, "POST") != 0)
			see_other(out, "/pengaturan", NULL);
		else
			post(r, out, posts[i].kind);
		return 1;
	}
	return 0;
}
