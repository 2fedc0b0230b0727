/*
 * settings-page.c - the HTML of /pengaturan (see settings-page.h).
 *
 * Phones first: one column of labelled fields, each with its hint and,
 * when refused, its message tied to it by aria-describedby so that a
 * screen reader says why. No script: every section is a plain form
 * posted to its own address, with the session's CSRF token.
 */
#include <stdio.h>
#include <string.h>

#include "settings-page.h"

struct field {
	const char	*name;		/* the field's, as the protocol's key */
	const char	*label;
	const char	*value;		/* what the hall runs with */
	const char	*attrs;		/* more attributes, "" for none */
	const char	*hint;		/* NULL: none */
	int		 area;		/* a text area */
	int		 secret;	/* a password: never written back */
};

static void
field(struct wbuf *b, const struct web_req *r, const struct settings_view *v,
    const struct field *f)
{
	const char *msg = sform_message(v->form, f->name);
	const char *value = f->value, *typed;

	if (v->typed && !f->secret && (typed = r->arg(r, f->name)) != NULL)
		value = typed;
	if (f->secret)
		value = "";
	wbuf_str(b, "<div class=\"ruas\"><label for=\"f-");
	wbuf_html(b, f->name);
	wbuf_str(b, "\">");
	wbuf_html(b, f->label);
	wbuf_printf(b, "</label>\n<%s id=\"f-", f->area ? "textarea" :
	    "input");
	wbuf_html(b, f->name);
	wbuf_str(b, "\" name=\"");
	wbuf_html(b, f->name);
	wbuf_str(b, "\"");
	if (!f->area) {
		wbuf_printf(b, " type=\"%s\" value=\"", f->secret ?
		    "password" : "text");
		wbuf_html(b, value);
		wbuf_str(b, "\"");
	}
	if (f->attrs[0] != '\0')
		wbuf_printf(b, " %s", f->attrs);
	if (f->hint != NULL || msg != NULL) {
		wbuf_str(b, " aria-describedby=\"");
		if (msg != NULL) {
			wbuf_str(b, "m-");
			wbuf_html(b, f->name);
		}
		if (f->hint != NULL) {
			wbuf_str(b, msg != NULL ? " h-" : "h-");
			wbuf_html(b, f->name);
		}
		wbuf_str(b, "\"");
	}
	if (msg != NULL)
		wbuf_str(b, " aria-invalid=\"true\"");
	wbuf_str(b, ">");
	if (f->area) {
		wbuf_html(b, value);
		wbuf_str(b, "</textarea>");
	}
	wbuf_str(b, "\n");
	if (msg != NULL) {
		wbuf_str(b, "<p class=\"galat\" id=\"m-");
		wbuf_html(b, f->name);
		wbuf_str(b, "\">");
		wbuf_html(b, msg);
		wbuf_str(b, "</p>\n");
	}
	if (f->hint != NULL) {
		wbuf_str(b, "<p class=\"catatan\" id=\"h-");
		wbuf_html(b, f->name);
		wbuf_str(b, "\">");
		wbuf_html(b, f->hint);
		wbuf_str(b, "</p>\n");
	}
	wbuf_str(b, "</div>\n");
}

/* A form's start: its address, the CSRF token, and the message that is
 * about the form as a whole. */
static void
form_begin(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v, const char *action, enum sform_kind kind)
{
	const char *msg;

	wbuf_printf(b, "<form class=\"isian\" method=\"post\" "
	    "action=\"%s\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"", action);
	wbuf_html(b, r->csrf != NULL ? r->csrf : "");
	wbuf_str(b, "\">\n");
	if (v->form != NULL && v->form->kind == kind &&
	    (msg = sform_message(v->form, "")) != NULL) {
		wbuf_str(b, "<p class=\"galat\" role=\"alert\">");
		wbuf_html(b, msg);
		wbuf_str(b, "</p>\n");
	}
}

static void
form_end(struct wbuf *b, const char *button)
{
	wbuf_printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
	    button);
}

/* The fields of one service under prefix ("service.A." or "new."). */
static void
service_fields(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v, const char *prefix,
    const struct settings_service *s)
{
	char name[SFORM_FIELD_MAX], target[8], quota[8], last[8];

	snprintf(target, sizeof(target), "%d", s->target_wait_min);
	snprintf(quota, sizeof(quota), "%d", s->quota);
	settings_hhmm_format(s->last_take_min, last);
	snprintf(name, sizeof(name), "%sname", prefix);
	field(b, r, v, &(struct field){ name, "Nama layanan", s->name,
	    "maxlength=\"63\" autocomplete=\"off\"", NULL, 0, 0 });
	snprintf(name, sizeof(name), "%starget_wait", prefix);
	field(b, r, v, &(struct field){ name, "Target waktu tunggu (menit)",
	    target, "inputmode=\"numeric\" size=\"4\"",
	    "0 sampai 600; 0 atau kosong: tanpa target.", 0, 0 });
	snprintf(name, sizeof(name), "%squota", prefix);
	field(b, r, v, &(struct field){ name, "Kuota tiket per hari", quota,
	    "inputmode=\"numeric\" size=\"5\"",
	    "0 sampai 9999; 0 atau kosong: tanpa kuota.", 0, 0 });
	snprintf(name, sizeof(name), "%slast_take", prefix);
	field(b, r, v, &(struct field){ name, "Tiket terakhir pukul", last,
	    "inputmode=\"decimal\" size=\"5\"",
	    "Jam:menit, misalnya 14:00; kosong: sampai aula tutup.", 0, 0 });
}

static void
services(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v)
{
	const struct settings *cur = v->cur;
	const struct settings_service *s;
	struct settings_service blank = { 0, "", 0, 0, -1 };
	char prefix[16];
	int i;

	wbuf_str(b, "<section id=\"layanan\">\n<h2>Layanan</h2>\n");
	if (cur->nservices > 0) {
		form_begin(b, r, v, "/pengaturan/layanan", SFORM_SERVICES);
		for (i = 0; i < cur->nservices; i++) {
			s = &cur->services[i];
			wbuf_printf(b, "<fieldset><legend>%c \u2013 ",
			    s->letter);
			wbuf_html(b, s->name);
			wbuf_str(b, "</legend>\n");
			snprintf(prefix, sizeof(prefix), "service.%c.",
			    s->letter);
			service_fields(b, r, v, prefix, s);
			wbuf_str(b, "</fieldset>\n");
		}
		form_end(b, "Simpan layanan");
	} else
		wbuf_str(b, "<p>Belum ada layanan.</p>\n");

	wbuf_str(b, "<h3>Tambah layanan</h3>\n");
	if (cur->nservices >= SETTINGS_SERVICES_MAX) {
		wbuf_str(b, "<p>Semua huruf A sampai Z sudah dipakai.</p>\n"
		    "</section>\n");
		return;
	}
	form_begin(b, r, v, "/pengaturan/layanan-baru", SFORM_NEW_SERVICE);
	field(b, r, v, &(struct field){ "new.letter", "Huruf", "",
	    "maxlength=\"1\" size=\"2\" autocapitalize=\"characters\" "
	    "autocomplete=\"off\"",
	    "Satu huruf A sampai Z yang belum dipakai layanan lain: huruf "
	    "di depan nomor tiket.", 0, 0 });
	service_fields(b, r, v, "new.", &blank);
	form_end(b, "Tambah layanan");
	wbuf_str(b, "</section>\n");
}

static void
desks(struct wbuf *b, const struct web_req *r, const struct settings_view *v)
{
	const struct settings *cur = v->cur;
	char name[SFORM_FIELD_MAX];
	int i;

	wbuf_str(b, "<section id=\"loket\">\n<h2>Loket</h2>\n");
	if (cur->ndesks == 0) {
		wbuf_str(b, "<p>Belum ada loket.</p>\n</section>\n");
		return;
	}
	wbuf_str(b, "<p>Tulis huruf layanan yang dilayani tiap loket, urut "
	    "sesuai panggilan: <b>AB</b> berarti antrean A dipanggil lebih "
	    "dulu, lalu B.");
	for (i = 0; i < cur->nservices; i++) {
		wbuf_printf(b, "%s<b>%c</b> = ", i > 0 ? ", " : " Huruf: ",
		    cur->services[i].letter);
		wbuf_html(b, cur->services[i].name);
	}
	wbuf_str(b, "</p>\n");
	form_begin(b, r, v, "/pengaturan/loket", SFORM_DESKS);
	for (i = 0; i < cur->ndesks; i++) {
		snprintf(name, sizeof(name), "desk.%d.services",
		    cur->desks[i].id);
		field(b, r, v, &(struct field){ name, cur->desks[i].name[0] !=
		    '\0' ? cur->desks[i].name : name, cur->desks[i].services,
		    "size=\"8\" autocapitalize=\"characters\" "
		    "autocomplete=\"off\"", NULL, 0, 0 });
	}
	form_end(b, "Simpan loket");
	wbuf_str(b, "</section>\n");
}

static void
text_and_quiet(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v)
{
	char quiet[SETTINGS_QUIET_MAX * 12 + 1];

	wbuf_str(b, "<section id=\"teks\">\n<h2>Teks berjalan</h2>\n");
	form_begin(b, r, v, "/pengaturan/teks", SFORM_TEXT);
	field(b, r, v, &(struct field){ "board.running_text",
	    "Teks di bawah papan", v->cur->running_text, "rows=\"3\"",
	    "Paling banyak 511 byte, satu baris, tanpa tanda < dan >; "
	    "kosong: tanpa teks berjalan.", 1, 0 });
	form_end(b, "Simpan teks");
	wbuf_str(b, "</section>\n");

	sform_quiet_text(v->cur, quiet, sizeof(quiet));
	wbuf_str(b, "<section id=\"tenang\">\n<h2>Jam tenang (suara)</h2>\n");
	form_begin(b, r, v, "/pengaturan/tenang", SFORM_QUIET);
	field(b, r, v, &(struct field){ "voice.quiet", "Suara panggilan diam "
	    "pada", quiet, "autocomplete=\"off\"",
	    "Mulai-selesai, dipisah koma, misalnya 12:00-13:00, "
	    "17:00-18:00; paling banyak 8; kosong: suara selalu "
	    "berbunyi.", 0, 0 });
	form_end(b, "Simpan jam tenang");
	wbuf_str(b, "</section>\n");
}

static void
select_begin(struct wbuf *b, const struct settings_view *v, const char *name,
    const char *label)
{
	const char *msg = sform_message(v->form, name);

	wbuf_printf(b, "<div class=\"ruas\"><label for=\"f-%s\">%s</label>\n"
	    "<select id=\"f-%s\" name=\"%s\"", name, label, name, name);
	if (msg != NULL)
		wbuf_printf(b, " aria-describedby=\"m-%s\" "
		    "aria-invalid=\"true\"", name);
	wbuf_str(b, ">\n");
}

static void
select_end(struct wbuf *b, const struct settings_view *v, const char *name)
{
	const char *msg = sform_message(v->form, name);

	wbuf_str(b, "</select>\n");
	if (msg != NULL) {
		wbuf_printf(b, "<p class=\"galat\" id=\"m-%s\">", name);
		wbuf_html(b, msg);
		wbuf_str(b, "</p>\n");
	}
	wbuf_str(b, "</div>\n");
}

static void
option(struct wbuf *b, const char *value, const char *text, int selected)
{
	wbuf_str(b, "<option value=\"");
	wbuf_html(b, value);
	wbuf_printf(b, "\"%s>", selected ? " selected" : "");
	wbuf_html(b, text);
	wbuf_str(b, "</option>\n");
}

static void
passwords(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v, const char *prefix)
{
	char name[SFORM_FIELD_MAX], name2[SFORM_FIELD_MAX];

	snprintf(name, sizeof(name), "%spassword", prefix);
	snprintf(name2, sizeof(name2), "%spassword2", prefix);
	field(b, r, v, &(struct field){ name, "Sandi baru", "",
	    "autocomplete=\"new-password\"", "Paling sedikit 8 karakter.",
	    0, 1 });
	field(b, r, v, &(struct field){ name2, "Ulangi sandi baru", "",
	    "autocomplete=\"new-password\"", NULL, 0, 1 });
}

static void
users(struct wbuf *b, const struct web_req *r, const struct settings_view *v)
{
	const char *typed = v->typed ? r->arg(r, "user.name") : NULL;
	const char *role = v->typed ? r->arg(r, "new_user.role") : NULL;
	int i;

	wbuf_str(b, "<section id=\"pengguna\">\n<h2>Pengguna</h2>\n");
	if (v->nusers < 0) {
		wbuf_str(b, "<p class=\"galat\">Daftar pengguna tidak dapat "
		    "dibaca.</p>\n</section>\n");
		return;
	}
	wbuf_str(b, "<table><thead><tr><th scope=\"col\">Nama</th>"
	    "<th scope=\"col\">Peran</th></tr></thead><tbody>\n");
	for (i = 0; i < v->nusers; i++) {
		wbuf_str(b, "<tr><td>");
		wbuf_html(b, v->users[i].name);
		wbuf_printf(b, "</td><td>%s</td></tr>\n",
		    v->users[i].role == WEB_ROLE_ADMIN ? "admin (membaca dan "
		    "mengubah)" : "kepala (membaca)");
	}
	wbuf_str(b, "</tbody></table>\n");

	if (v->nusers > 0) {
		wbuf_str(b, "<h3>Ganti sandi pengguna</h3>\n");
		form_begin(b, r, v, "/pengaturan/pengguna", SFORM_USER);
		wbuf_str(b, "<input type=\"hidden\" name=\"aksi\" "
		    "value=\"sandi\">\n");
		select_begin(b, v, "user.name", "Pengguna");
		for (i = 0; i < v->nusers; i++)
			option(b, v->users[i].name, v->users[i].name,
			    typed != NULL && strcmp(typed, v->users[i].name) ==
			    0);
		select_end(b, v, "user.name");
		passwords(b, r, v, "user.");
		form_end(b, "Ganti sandi");
	}

	wbuf_str(b, "<h3>Tambah pengguna</h3>\n");
	form_begin(b, r, v, "/pengaturan/pengguna", SFORM_USER);
	wbuf_str(b, "<input type=\"hidden\" name=\"aksi\" value=\"tambah\">\n");
	field(b, r, v, &(struct field){ "new_user.name", "Nama pengguna", "",
	    "maxlength=\"32\" autocapitalize=\"none\" autocomplete=\"off\"",
	    "Huruf kecil, angka, titik, garis bawah atau tanda hubung; "
	    "paling banyak 32.", 0, 0 });
	select_begin(b, v, "new_user.role", "Peran");
	option(b, "kepala", "kepala (membaca)", role == NULL ||
	    strcmp(role, "admin") != 0);
	option(b, "admin", "admin (membaca dan mengubah)", role != NULL &&
	    strcmp(role, "admin") == 0);
	select_end(b, v, "new_user.role");
	passwords(b, r, v, "new_user.");
	form_end(b, "Tambah pengguna");
	wbuf_str(b, "</section>\n");
}

void
settings_page(struct wbuf *b, const struct web_req *r,
    const struct settings_view *v)
{
	web_page_begin(b, r, "Pengaturan");
	/* In the body, which every browser honours: the frame owns the
	 * head. */
	if (v->refresh)
		wbuf_str(b, "<meta http-equiv=\"refresh\" content=\"1\">\n");
	wbuf_str(b, "<h1>Pengaturan</h1>\n");
	if (v->notice != NULL) {
		wbuf_printf(b, "<p class=\"%s\" role=\"%s\">", v->notice_bad ?
		    "galat" : v->refresh ? "catatan" : "berhasil",
		    v->notice_bad ? "alert" : "status");
		wbuf_html(b, v->notice);
		wbuf_str(b, "</p>\n");
	}
	if (v->cur == NULL)
		wbuf_str(b, "<p class=\"galat\" role=\"alert\">Pusat belum "
		    "terhubung: pengaturan aula belum diterima dari pusat "
		    "(antre-display). Muat ulang halaman ini sebentar lagi; "
		    "bila tetap begini, periksa pusat dan broker.</p>\n");
	wbuf_str(b, "<nav class=\"bagian\" aria-label=\"Bagian\"><ul>");
	if (v->cur != NULL)
		wbuf_str(b, "<li><a href=\"#layanan\">Layanan</a></li>"
		    "<li><a href=\"#loket\">Loket</a></li>"
		    "<li><a href=\"#teks\">Teks berjalan</a></li>"
		    "<li><a href=\"#tenang\">Jam tenang</a></li>");
	wbuf_str(b, "<li><a href=\"#pengguna\">Pengguna</a></li></ul></nav>\n"
	    "<p>Setiap perubahan dikirim ke pusat, yang memeriksanya, "
	    "menerapkannya langsung dan mencatatnya di log bersama nama "
	    "Anda.</p>\n");
	if (v->cur != NULL) {
		services(b, r, v);
		desks(b, r, v);
		text_and_quiet(b, r, v);
	}
	users(b, r, v);
	web_page_end(b, r);
}
