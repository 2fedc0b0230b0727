/*
 * settings-form.c - the settings forms checked, and the admin command
 * holding only what changed (see settings-form.h).
 *
 * What an admin types is taken as a person writes it: "14.00" as well
 * as "14:00", "a, b" for "AB", spaces around the running text dropped.
 * What goes to the central is the protocol's strict form. Every check
 * the central makes is made here first, so that a mistake is shown next
 * to its field at once; the central still checks again, and its refusal
 * is shown in the same place.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "settings-form.h"

#define SERVICE_NAME_MAX	(PROTO_NAME_MAX - 1)	/* 63 bytes */
#define TARGET_MAX		600
#define QUOTA_MAX		9999

void
sform_add(struct sform *f, const char *field, const char *fmt, ...)
{
	struct sform_error *e;
	va_list ap;

	if (f->nerr == SFORM_ERR_MAX)
		return;
	e = &f->err[f->nerr++];
	snprintf(e->field, sizeof(e->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

const char *
sform_message(const struct sform *f, const char *field)
{
	int i;

	for (i = 0; f != NULL && i < f->nerr; i++)
		if (strcmp(f->err[i].field, field) == 0)
			return f->err[i].msg;
	return NULL;
}

static const char *
arg(const struct web_req *r, const char *name)
{
	return r->arg(r, name);
}

/* Valid UTF-8 (no overlong form, no surrogate) with no control
 * character. */
int
sform_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c;
	int n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f)
				return 0;
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			n = 1;
			c = *p & 0x1f;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			n = 2;
			c = *p & 0x0f;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			n = 3;
			c = *p & 0x07;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && (c < 0x10000 ||
		    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c < 0xa0))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* s without the spaces around it into buf; -1 when it does not fit. */
static int
trim(const char *s, char *buf, size_t len)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n >= len)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

/* A whole number 0..max, "" as 0; -1 when s is not one. */
static int
number(const char *s, int max)
{
	char buf[16];
	int v = 0;
	size_t i;

	if (trim(s, buf, sizeof(buf)) == -1)
		return -1;
	for (i = 0; buf[i] != '\0'; i++) {
		if (!isdigit((unsigned char)buf[i]) || i >= 5)
			return -1;
		v = v * 10 + (buf[i] - '0');
	}
	return v <= max ? v : -1;
}

/* "14:00", "9:30" or "14.00" at *sp into minutes after midnight,
 * *sp moved past it; -1 when it is not a time of day. */
static int
time_of_day(const char **sp)
{
	const char *s = *sp;
	int h = 0, m, n;

	for (n = 0; isdigit((unsigned char)s[n]) && n < 3; n++)
		h = h * 10 + (s[n] - '0');
	if (n < 1 || n > 2 || (s[n] != ':' && s[n] != '.'))
		return -1;
	s += n + 1;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    isdigit((unsigned char)s[2]))
		return -1;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	if (h > 23 || m > 59)
		return -1;
	*sp = s + 2;
	return h * 60 + m;
}

/* A cut-off: "" is none (-1); -2 when s is not a time of day. */
static int
cutoff(const char *s)
{
	char buf[16];
	const char *p = buf;
	int t;

	if (trim(s, buf, sizeof(buf)) == -1)
		return -2;
	if (buf[0] == '\0')
		return -1;
	if ((t = time_of_day(&p)) == -1 || *p != '\0')
		return -2;
	return t;
}

/* Adds key = value to f->cmd; -1 (and a message) when it is full. */
static int
pair(struct sform *f, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
pair(struct sform *f, const char *key, const char *fmt, ...)
{
	struct admin_pair *p;
	va_list ap;

	if (f->cmd.nset == ADMIN_SET_MAX) {
		if (sform_message(f, "") == NULL)
			sform_add(f, "", "Terlalu banyak perubahan sekaligus: "
			    "paling banyak %d. Simpan sebagian dulu, lalu "
			    "sisanya.", ADMIN_SET_MAX);
		return -1;
	}
	p = &f->cmd.set[f->cmd.nset++];
	snprintf(p->key, sizeof(p->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(p->value, sizeof(p->value), fmt, ap);
	va_end(ap);
	return 0;
}

static const struct settings_service *
service_find(const struct settings *cur, char letter)
{
	int i;

	for (i = 0; i < cur->nservices; i++)
		if (cur->services[i].letter == letter)
			return &cur->services[i];
	return NULL;
}

/* A service's name: trimmed into buf, or -1 with a message at field. */
static int
check_name(struct sform *f, const char *field, const char *s, char *buf,
    size_t len)
{
	if (trim(s, buf, len) == -1 || strlen(buf) > SERVICE_NAME_MAX) {
		sform_add(f, field, "Nama terlalu panjang: paling banyak %d "
		    "byte.", SERVICE_NAME_MAX);
		return -1;
	}
	if (buf[0] == '\0') {
		sform_add(f, field, "Nama wajib diisi.");
		return -1;
	}
	if (strpbrk(buf, "<>") != NULL) {
		sform_add(f, field, "Nama tidak boleh memuat tanda < atau >.");
		return -1;
	}
	if (!sform_text_ok(buf)) {
		sform_add(f, field, "Nama memuat karakter yang tidak sah.");
		return -1;
	}
	return 0;
}

/* Target wait, quota and cut-off of a service's form under prefix
 * ("service.A." or "new."): each -1 when absent, or when wrong (with a
 * message). *bad set on a wrong one. */
static void
check_numbers(struct sform *f, const struct web_req *r, const char *prefix,
    int *target, int *quota, int *last, int *bad)
{
	char field[SFORM_FIELD_MAX];
	const char *v;

	*target = *quota = *last = -1;
	snprintf(field, sizeof(field), "%starget_wait", prefix);
	if ((v = arg(r, field)) != NULL && (*target = number(v,
	    TARGET_MAX)) == -1) {
		sform_add(f, field, "Target tunggu harus angka 0 sampai %d "
		    "(menit; 0 atau kosong: tanpa target).", TARGET_MAX);
		*bad = 1;
	}
	snprintf(field, sizeof(field), "%squota", prefix);
	if ((v = arg(r, field)) != NULL && (*quota = number(v,
	    QUOTA_MAX)) == -1) {
		sform_add(f, field, "Kuota harus angka 0 sampai %d (0 atau "
		    "kosong: tanpa kuota).", QUOTA_MAX);
		*bad = 1;
	}
	snprintf(field, sizeof(field), "%slast_take", prefix);
	if ((v = arg(r, field)) != NULL && (*last = cutoff(v)) == -2) {
		sform_add(f, field, "Jam tutup harus jam:menit, misalnya "
		    "14:00, atau kosong bila tiket diambil sampai tutup.");
		*bad = 1;
		*last = -1;
	}
}

/* A name another service has (or will have, names[] being what each
 * service is called once the form is applied): the central refuses
 * two services of one name. */
static int
name_taken(struct sform *f, const struct settings *cur,
    char names[][PROTO_NAME_MAX], int self, const char *field)
{
	int i;

	for (i = 0; i < cur->nservices; i++)
		if (i != self && strcmp(names[i], names[self]) == 0) {
			sform_add(f, field, "Nama \u201c%s\u201d sudah dipakai "
			    "layanan %c.", names[self], cur->services[i].letter);
			return 1;
		}
	return 0;
}

static int
check_services(struct sform *f, const struct settings *cur,
    const struct web_req *r)
{
	const struct settings_service *s;
	char prefix[16], field[SFORM_FIELD_MAX], name[ADMIN_VALUE_MAX];
	char names[SETTINGS_SERVICES_MAX][PROTO_NAME_MAX];
	char t[8];
	const char *v;
	int i, target, quota, last, bad = 0;

	for (i = 0; i < cur->nservices; i++) {
		snprintf(names[i], sizeof(names[i]), "%s",
		    cur->services[i].name);
		snprintf(field, sizeof(field), "service.%c.name",
		    cur->services[i].letter);
		if ((v = arg(r, field)) != NULL && check_name(f, field, v,
		    name, sizeof(name)) == 0)
			/* At most SERVICE_NAME_MAX bytes: checked. */
			snprintf(names[i], sizeof(names[i]), "%.*s",
			    SERVICE_NAME_MAX, name);
	}
	for (i = 0; i < cur->nservices; i++) {
		s = &cur->services[i];
		snprintf(prefix, sizeof(prefix), "service.%c.", s->letter);
		snprintf(field, sizeof(field), "%sname", prefix);
		if (sform_message(f, field) != NULL)
			bad = 1;
		else if (strcmp(names[i], s->name) != 0) {
			if (name_taken(f, cur, names, i, field))
				bad = 1;
			else
				pair(f, field, "%s", names[i]);
		}
		check_numbers(f, r, prefix, &target, &quota, &last, &bad);
		if (target != -1 && target != s->target_wait_min) {
			snprintf(field, sizeof(field), "%starget_wait", prefix);
			pair(f, field, "%d", target);
		}
		if (quota != -1 && quota != s->quota) {
			snprintf(field, sizeof(field), "%squota", prefix);
			pair(f, field, "%d", quota);
		}
		snprintf(field, sizeof(field), "%slast_take", prefix);
		if (arg(r, field) != NULL && sform_message(f, field) == NULL &&
		    last != s->last_take_min) {
			settings_hhmm_format(last, t);
			pair(f, field, "%s", t);
		}
	}
	return bad;
}

static int
check_new_service(struct sform *f, const struct settings *cur,
    const struct web_req *r)
{
	const struct settings_service *s;
	char letter[8], name[ADMIN_VALUE_MAX], key[SFORM_FIELD_MAX], t[8];
	const char *v;
	int i, target, quota, last, bad = 0;

	v = arg(r, "new.letter");
	letter[0] = '\0';
	if (v == NULL || trim(v, letter, sizeof(letter)) == -1 ||
	    letter[0] == '\0') {
		sform_add(f, "new.letter", "Huruf wajib diisi: satu huruf A "
		    "sampai Z.");
		bad = 1;
	} else if (letter[1] != '\0' || !isalpha((unsigned char)letter[0]) ||
	    (letter[0] & 0x80) != 0) {
		sform_add(f, "new.letter", "Huruf harus satu huruf A sampai "
		    "Z.");
		bad = 1;
	} else {
		letter[0] = (char)toupper((unsigned char)letter[0]);
		if ((s = service_find(cur, letter[0])) != NULL) {
			sform_add(f, "new.letter", "Huruf %c sudah dipakai "
			    "(layanan %s).", letter[0], s->name);
			bad = 1;
		}
	}
	if (check_name(f, "new.name", (v = arg(r, "new.name")) != NULL ? v :
	    "", name, sizeof(name)) == -1)
		bad = 1;
	for (i = 0; !bad && i < cur->nservices; i++)
		if (strcmp(cur->services[i].name, name) == 0) {
			sform_add(f, "new.name", "Nama \u201c%s\u201d sudah "
			    "dipakai layanan %c.", name,
			    cur->services[i].letter);
			bad = 1;
		}
	check_numbers(f, r, "new.", &target, &quota, &last, &bad);
	if (bad)
		return bad;
	/* The name first: it is what adds the service. */
	snprintf(key, sizeof(key), "service.%c.name", letter[0]);
	pair(f, key, "%s", name);
	snprintf(key, sizeof(key), "service.%c.target_wait", letter[0]);
	pair(f, key, "%d", target != -1 ? target : 0);
	snprintf(key, sizeof(key), "service.%c.quota", letter[0]);
	pair(f, key, "%d", quota != -1 ? quota : 0);
	snprintf(key, sizeof(key), "service.%c.last_take", letter[0]);
	settings_hhmm_format(last, t);
	pair(f, key, "%s", t);
	return 0;
}

/* A desk's letters ("AB", "a, b") into out; -1 with a message. */
static int
check_letters(struct sform *f, const struct settings *cur, const char *field,
    const char *v, char out[SETTINGS_SERVICES_MAX + 1])
{
	size_t n = 0;
	char c;

	for (; *v != '\0'; v++) {
		if (*v == ' ' || *v == ',' || *v == '\t' || *v == '\r' ||
		    *v == '\n')
			continue;
		if ((*v & 0x80) != 0 || !isalpha((unsigned char)*v)) {
			sform_add(f, field, "Tulis huruf layanan saja, urut "
			    "sesuai panggilan, misalnya AB.");
			return -1;
		}
		c = (char)toupper((unsigned char)*v);
		if (service_find(cur, c) == NULL) {
			sform_add(f, field, "Layanan %c tidak ada di aula "
			    "ini.", c);
			return -1;
		}
		if (memchr(out, c, n) != NULL) {
			sform_add(f, field, "Huruf %c tertulis dua kali.", c);
			return -1;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (n == 0) {
		sform_add(f, field, "Loket harus melayani paling sedikit satu "
		    "layanan.");
		return -1;
	}
	return 0;
}

static int
check_desks(struct sform *f, const struct settings *cur,
    const struct web_req *r)
{
	char field[SFORM_FIELD_MAX], letters[SETTINGS_SERVICES_MAX + 1];
	const char *v;
	int i, bad = 0;

	for (i = 0; i < cur->ndesks; i++) {
		snprintf(field, sizeof(field), "desk.%d.services",
		    cur->desks[i].id);
		if ((v = arg(r, field)) == NULL)
			continue;
		if (check_letters(f, cur, field, v, letters) == -1)
			bad = 1;
		else if (strcmp(letters, cur->desks[i].services) != 0)
			pair(f, field, "%s", letters);
	}
	return bad;
}

static int
check_text(struct sform *f, const struct settings *cur,
    const struct web_req *r)
{
	static const char field[] = "board.running_text";
	char text[ADMIN_VALUE_MAX];
	const char *v;
	size_t i;

	if ((v = arg(r, field)) == NULL)
		return 0;
	if (trim(v, text, sizeof(text)) == -1 || strlen(text) >=
	    SETTINGS_TEXT_MAX) {
		sform_add(f, field, "Teks berjalan terlalu panjang: %zu byte, "
		    "paling banyak %d.", strlen(v), SETTINGS_TEXT_MAX - 1);
		return 1;
	}
	/* A text area sends its lines; the board runs one. */
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] == '\r' || text[i] == '\n' || text[i] == '\t')
			text[i] = ' ';
	if (strpbrk(text, "<>") != NULL) {
		sform_add(f, field, "Teks berjalan tidak boleh memuat tanda < "
		    "atau >.");
		return 1;
	}
	if (!sform_text_ok(text)) {
		sform_add(f, field, "Teks berjalan memuat karakter yang tidak "
		    "sah.");
		return 1;
	}
	if (strcmp(text, cur->running_text) != 0)
		pair(f, field, "%s", text);
	return 0;
}

void
sform_quiet_text(const struct settings *cur, char *buf, size_t len)
{
	char a[8], b[8];
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < cur->nquiet && o < len; i++) {
		settings_hhmm_format(cur->quiet[i].from_min, a);
		settings_hhmm_format(cur->quiet[i].to_min, b);
		o += (size_t)snprintf(buf + o, len - o, "%s%s-%s",
		    i > 0 ? "," : "", a, b);
	}
}

static int
is_sep(char c)
{
	return c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\r' ||
	    c == '\n';
}

static int
check_quiet(struct sform *f, const struct settings *cur,
    const struct web_req *r)
{
	static const char field[] = "voice.quiet";
	char now[SETTINGS_QUIET_MAX * 12 + 1], out[SETTINGS_QUIET_MAX * 12 + 1];
	char a[8], b[8];
	const char *v, *p, *start;
	int n = 0, from, to;
	size_t o = 0, k;

	if ((v = arg(r, field)) == NULL)
		return 0;
	out[0] = '\0';
	for (p = v;;) {
		while (is_sep(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		from = time_of_day(&p);
		while (*p == ' ')
			p++;
		/* A dash, or the en dash a phone's keyboard offers. */
		if (*p == '-')
			p++;
		else if (strncmp(p, "\xe2\x80\x93", 3) == 0)
			p += 3;
		else
			from = -1;
		while (*p == ' ')
			p++;
		to = from != -1 ? time_of_day(&p) : -1;
		if (from == -1 || to == -1 || (*p != '\0' && !is_sep(*p))) {
			for (k = 0; start[k] != '\0' && !is_sep(start[k]) &&
			    k < 24; k++)
				;
			sform_add(f, field, "Jam tenang \u201c%.*s\u201d tidak "
			    "dikenal: tulis mulai-selesai, misalnya "
			    "12:00-13:00.", (int)k, start);
			return 1;
		}
		if (from == to) {
			settings_hhmm_format(from, a);
			sform_add(f, field, "Jam tenang %s-%s: jam mulai dan "
			    "selesai sama.", a, a);
			return 1;
		}
		if (++n > SETTINGS_QUIET_MAX) {
			sform_add(f, field, "Paling banyak %d jam tenang.",
			    SETTINGS_QUIET_MAX);
			return 1;
		}
		settings_hhmm_format(from, a);
		settings_hhmm_format(to, b);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s-%s",
		    n > 1 ? "," : "", a, b);
	}
	sform_quiet_text(cur, now, sizeof(now));
	if (strcmp(out, now) != 0)
		pair(f, field, "%s", out);
	return 0;
}

static void
begin(struct sform *f, enum sform_kind kind, const struct web_req *r,
    enum admin_op op)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->cmd.op = op;
	snprintf(f->cmd.user, sizeof(f->cmd.user), "%s", r->user != NULL ?
	    r->user : "");
}

int
sform_check(enum sform_kind kind, const struct settings *cur,
    const struct web_req *r, struct sform *f)
{
	int bad = 0;

	begin(f, kind, r, ADMIN_SET);
	switch (kind) {
	case SFORM_SERVICES:
		bad = check_services(f, cur, r);
		break;
	case SFORM_NEW_SERVICE:
		bad = check_new_service(f, cur, r);
		break;
	case SFORM_DESKS:
		bad = check_desks(f, cur, r);
		break;
	case SFORM_TEXT:
		bad = check_text(f, cur, r);
		break;
	case SFORM_QUIET:
		bad = check_quiet(f, cur, r);
		break;
	case SFORM_USER:
		sform_add(f, "", "Permintaan tidak dikenal.");
		return -1;
	}
	if (bad || f->nerr > 0) {
		f->cmd.nset = 0;
		return -1;
	}
	return f->cmd.nset;
}

static int
user_name_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-");

	return n > 0 && n < WEB_USER_MAX && s[n] == '\0';
}

static const struct web_user *
user_find(const struct web_user *u, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(u[i].name, name) == 0)
			return &u[i];
	return NULL;
}

/* The new password twice under prefix ("user." or "new_user."). */
static int
check_password(struct sform *f, const struct web_req *r, const char *prefix,
    const char **password)
{
	char field[SFORM_FIELD_MAX], field2[SFORM_FIELD_MAX];
	const char *p, *p2;
	size_t n;

	snprintf(field, sizeof(field), "%spassword", prefix);
	snprintf(field2, sizeof(field2), "%spassword2", prefix);
	p = arg(r, field);
	p2 = arg(r, field2);
	*password = p != NULL ? p : "";
	n = strlen(*password);
	if (n < WEB_PASS_MIN) {
		sform_add(f, field, "Sandi minimal %d karakter.",
		    WEB_PASS_MIN);
		return -1;
	}
	if (n > WEB_PASS_MAX) {
		sform_add(f, field, "Sandi paling panjang %d karakter.",
		    WEB_PASS_MAX);
		return -1;
	}
	if (p2 == NULL || strcmp(*password, p2) != 0) {
		sform_add(f, field2, "Kedua sandi tidak sama: ketik ulang "
		    "sandi yang sama.");
		return -1;
	}
	return 0;
}

int
sform_user(const struct web_req *r, const struct web_user *users,
    int nusers, struct sform *f, const char **name, enum web_role *role,
    const char **password)
{
	const char *aksi = arg(r, "aksi"), *v;
	int bad = 0;

	begin(f, SFORM_USER, r, ADMIN_NOTE);
	*role = WEB_ROLE_NONE;
	*password = "";
	*name = "";
	if (aksi != NULL && strcmp(aksi, "sandi") == 0) {
		*name = (v = arg(r, "user.name")) != NULL ? v : "";
		if (user_find(users, nusers, *name) == NULL) {
			sform_add(f, "user.name", "Pilih pengguna yang ada.");
			bad = 1;
		}
		if (check_password(f, r, "user.", password) == -1)
			bad = 1;
		if (bad)
			return -1;
		snprintf(f->cmd.note, sizeof(f->cmd.note), "sandi pengguna %s "
		    "diganti", *name);
		return 0;
	}
	if (aksi == NULL || strcmp(aksi, "tambah") != 0) {
		sform_add(f, "", "Permintaan tidak dikenal.");
		return -1;
	}
	*name = (v = arg(r, "new_user.name")) != NULL ? v : "";
	if (!user_name_ok(*name)) {
		sform_add(f, "new_user.name", "Nama pengguna 1 sampai %d "
		    "karakter: huruf kecil, angka, titik, garis bawah atau "
		    "tanda hubung.", WEB_USER_MAX - 1);
		bad = 1;
	} else if (user_find(users, nusers, *name) != NULL) {
		sform_add(f, "new_user.name", "Pengguna %s sudah ada.", *name);
		bad = 1;
	}
	v = arg(r, "new_user.role");
	if (v != NULL && strcmp(v, "kepala") == 0)
		*role = WEB_ROLE_HEAD;
	else if (v != NULL && strcmp(v, "admin") == 0)
		*role = WEB_ROLE_ADMIN;
	else {
		sform_add(f, "new_user.role", "Pilih peran: kepala atau "
		    "admin.");
		bad = 1;
	}
	if (check_password(f, r, "new_user.", password) == -1)
		bad = 1;
	if (bad)
		return -1;
	snprintf(f->cmd.note, sizeof(f->cmd.note), "pengguna %s ditambah "
	    "(%s)", *name, *role == WEB_ROLE_ADMIN ? "admin" : "kepala");
	return 0;
}
