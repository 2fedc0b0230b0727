/*
 * settings.c - the office's changes to the configuration: each key of
 * docs/protocol.md "Admin" checked and applied to a struct conf, with a
 * reason the admin reads (Bahasa Indonesia, naming what is wrong), and
 * settings.conf, where the central keeps them across restarts.
 */
#include "settings.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "conf.h"
#include "glyphs.h"
#include "log.h"

#define TARGET_MAX	600	/* minutes, as the protocol says */

static int __attribute__((format(printf, 3, 4)))
refuse(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Text a citizen reads: what the protocol carries, without markup, in
 * the board's fonts. what is "Nama layanan", "Teks berjalan". */
static int
text_ok(const struct conf *c, const char *what, const char *value,
    size_t size, bool empty_ok, char *why, size_t whylen)
{
	char err[PROTO_REASON_MAX];
	uint32_t cp;
	size_t n = strlen(value), off;

	if (n == 0 && !empty_ok)
		return refuse(why, whylen, "%s kosong", what);
	if (n >= size)
		return refuse(why, whylen, "%s terlalu panjang (maks. %zu "
		    "byte)", what, size - 1);
	if (strpbrk(value, "<>") != NULL)
		return refuse(why, whylen, "Tanda < dan > tidak boleh dipakai");
	if (proto_text_check(value, size, err, sizeof(err)) == -1)
		return refuse(why, whylen, "%s berisi karakter yang tidak "
		    "sah", what);
	if (n > 0 && glyphs_missing(c->render.theme.font, value, &cp,
	    &off) == 1)
		return refuse(why, whylen, "%s: huruf U+%04X tidak ada di "
		    "font papan", what, (unsigned)cp);
	return 0;
}

/* A whole number of decimal digits in min..max, or -1. */
static int
number(const char *value, int min, int max, int *out)
{
	long v = 0;
	const char *p;

	if (*value == '\0' || strlen(value) > 6)
		return -1;
	for (p = value; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static struct service_conf *
service_find(struct queue_conf *q, char letter)
{
	int i;

	for (i = 0; i < q->nservices; i++)
		if (q->services[i].letter == letter)
			return &q->services[i];
	return NULL;
}

static int
set_name(struct conf *c, char letter, const char *value, char *why,
    size_t whylen)
{
	struct queue_conf *q = &c->queue;
	struct service_conf *s;
	int i;

	if (text_ok(c, "Nama layanan", value, PROTO_NAME_MAX, false, why,
	    whylen) == -1)
		return -1;
	for (i = 0; i < q->nservices; i++)
		if (q->services[i].letter != letter &&
		    strcmp(q->services[i].name, value) == 0)
			return refuse(why, whylen, "Nama \"%s\" sudah dipakai "
			    "layanan %c", value, q->services[i].letter);
	if ((s = service_find(q, letter)) == NULL) {
		/* A new service, of the kind the hall's first one is
		 * (tickets from its kiosks or from a roll). */
		if (q->nservices == QUEUE_MAX_SERVICES)
			return refuse(why, whylen, "Sudah %d layanan",
			    QUEUE_MAX_SERVICES);
		s = &q->services[q->nservices++];
		memset(s, 0, sizeof(*s));
		s->letter = letter;
		s->source = q->nservices > 1 ? q->services[0].source :
		    SOURCE_KIOSK;
	}
	snprintf(s->name, sizeof(s->name), "%s", value);
	return 0;
}

static int
set_service(struct conf *c, char letter, const char *field,
    const char *value, char *why, size_t whylen)
{
	struct service_conf *s;
	int v;

	if (strcmp(field, "name") == 0)
		return set_name(c, letter, value, why, whylen);
	if (strcmp(field, "target_wait") != 0 && strcmp(field, "quota") != 0 &&
	    strcmp(field, "last_take") != 0)
		return refuse(why, whylen, "Pengaturan layanan tidak dikenal");
	if ((s = service_find(&c->queue, letter)) == NULL)
		return refuse(why, whylen, "Layanan %c belum ada: beri nama "
		    "dulu", letter);
	if (strcmp(field, "target_wait") == 0) {
		if (number(value, 0, TARGET_MAX, &v) == -1)
			return refuse(why, whylen, "Target waktu tunggu harus "
			    "0 sampai %d menit", TARGET_MAX);
		s->target_wait_min = v;
		return 0;
	}
	if (strcmp(field, "quota") == 0) {
		if (number(value, 0, TICKET_NUMBER_MAX, &v) == -1)
			return refuse(why, whylen, "Kuota harus 0 sampai %d",
			    TICKET_NUMBER_MAX);
		if (v > 0 && s->source == SOURCE_ROLL)
			return refuse(why, whylen, "Kuota hanya untuk layanan "
			    "dengan kios tiket");
		s->quota = v;
		return 0;
	}
	if (*value == '\0') {
		s->last_take = false;
		s->last_take_min = 0;
		return 0;
	}
	if ((v = settings_hhmm_parse(value)) == -1)
		return refuse(why, whylen, "Batas ambil tiket harus jam "
		    "JJ:MM, atau kosong");
	if (v == c->queue.day_start_min)
		return refuse(why, whylen, "Batas ambil tiket sama dengan "
		    "awal hari layanan: tidak ada tiket yang bisa diambil");
	s->last_take = true;
	s->last_take_min = v;
	return 0;
}

static int
set_desk(struct conf *c, const char *id, const char *field,
    const char *value, char *why, size_t whylen)
{
	struct queue_conf *q = &c->queue;
	struct desk_conf *d = NULL;
	size_t n = strlen(value), i;
	int desk, k;

	if (number(id, 1, DESK_ID_MAX, &desk) == -1 || id[0] == '0')
		return refuse(why, whylen, "Nomor loket tidak sah");
	for (k = 0; k < q->ndesks; k++)
		if (q->desks[k].id == desk)
			d = &q->desks[k];
	if (d == NULL)
		return refuse(why, whylen, "Loket %d tidak ada", desk);
	if (strcmp(field, "services") != 0)
		return refuse(why, whylen, "Pengaturan loket tidak dikenal");
	if (n == 0)
		return refuse(why, whylen, "Loket %d harus melayani paling "
		    "sedikit satu layanan", desk);
	if (n > QUEUE_MAX_SERVICES)
		return refuse(why, whylen, "Terlalu banyak layanan untuk "
		    "loket %d", desk);
	for (i = 0; i < n; i++) {
		if (value[i] < 'A' || value[i] > 'Z')
			return refuse(why, whylen, "Layanan loket ditulis "
			    "dengan huruf A sampai Z, mis. \"AB\"");
		if (memchr(value, value[i], i) != NULL)
			return refuse(why, whylen, "Layanan %c ditulis dua "
			    "kali", value[i]);
		if (service_find(q, value[i]) == NULL)
			return refuse(why, whylen, "Layanan %c tidak ada",
			    value[i]);
	}
	memcpy(d->services, value, n + 1);
	return 0;
}

static int
set_quiet(struct conf *c, const char *value, char *why, size_t whylen)
{
	struct settings st;
	int i;

	if (settings_quiet_parse(value, &st) == -1)
		return refuse(why, whylen, "Jam tenang ditulis JJ:MM-JJ:MM, "
		    "dipisah koma, paling banyak %d", SETTINGS_QUIET_MAX);
	c->voice.nquiet = st.nquiet;
	for (i = 0; i < st.nquiet; i++) {
		c->voice.quiet[i].from_min = st.quiet[i].from_min;
		c->voice.quiet[i].to_min = st.quiet[i].to_min;
	}
	return 0;
}

/* One pair onto c; c may be left half changed on a refusal. */
static int
apply_one(struct conf *c, const char *key, const char *value, char *why,
    size_t whylen)
{
	char head[16], mid[8], field[ADMIN_KEY_MAX];
	const char *d1, *d2;

	if (strcmp(key, "board.running_text") == 0) {
		if (text_ok(c, "Teks berjalan", value, SETTINGS_TEXT_MAX, true,
		    why, whylen) == -1)
			return -1;
		snprintf(c->render.marquee, sizeof(c->render.marquee), "%s",
		    value);
		return 0;
	}
	if (strcmp(key, "voice.quiet") == 0)
		return set_quiet(c, value, why, whylen);
	/* "service.<L>.<field>", "desk.<id>.<field>" */
	if ((d1 = strchr(key, '.')) == NULL ||
	    (d2 = strchr(d1 + 1, '.')) == NULL ||
	    (size_t)(d1 - key) >= sizeof(head) ||
	    (size_t)(d2 - d1 - 1) >= sizeof(mid) || d2 == d1 + 1)
		return refuse(why, whylen, "Pengaturan tidak dikenal");
	snprintf(head, sizeof(head), "%.*s", (int)(d1 - key), key);
	snprintf(mid, sizeof(mid), "%.*s", (int)(d2 - d1 - 1), d1 + 1);
	snprintf(field, sizeof(field), "%s", d2 + 1);
	if (strcmp(head, "service") == 0) {
		if (strlen(mid) != 1 || mid[0] < 'A' || mid[0] > 'Z')
			return refuse(why, whylen, "Huruf layanan harus A "
			    "sampai Z");
		return set_service(c, mid[0], field, value, why, whylen);
	}
	if (strcmp(head, "desk") == 0)
		return set_desk(c, mid, field, value, why, whylen);
	return refuse(why, whylen, "Pengaturan tidak dikenal");
}

static bool
is_name(const char *key)
{
	size_t n = strlen(key);

	return strncmp(key, "service.", 8) == 0 && n > 5 &&
	    strcmp(key + n - 5, ".name") == 0;
}

/* The index of set's pair for desk id's services, or -1. */
static int
desk_pair(const struct admin_pair *set, int n, int id)
{
	char key[ADMIN_KEY_MAX];
	int i;

	snprintf(key, sizeof(key), "desk.%d.services", id);
	for (i = 0; i < n; i++)
		if (strcmp(set[i].key, key) == 0)
			return i;
	return -1;
}

int
settings_apply(struct conf *c, const struct admin_pair *set, int n,
    int *bad, char *why, size_t whylen)
{
	struct conf *next;
	size_t size;
	int pass, i, rc = -1;

	*bad = -1;
	why[0] = '\0';
	if ((next = malloc(sizeof(*next))) == NULL)
		return refuse(why, whylen, "Pusat kehabisan memori");
	*next = *c;
	/* Names first: one command may add a service and set its quota. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if (is_name(set[i].key) != (pass == 0))
				continue;
			if (apply_one(next, set[i].key, set[i].value, why,
			    whylen) == -1) {
				*bad = i;
				goto out;
			}
		}
	/* The zones' screens as a restart with the change would show
	 * them; with the central's own screen on one zone, a desk on no
	 * zone's screen would vanish from every screen of the hall. */
	zone_update(&next->zones, &next->queue);
	if ((i = zone_unseen(&next->zones, &next->queue, next->zone)) != -1) {
		*bad = desk_pair(set, n, next->queue.desks[i].id);
		refuse(why, whylen, "Loket %d tidak akan tampil di layar zona "
		    "mana pun", next->queue.desks[i].id);
		goto out;
	}
	/* A board the broker refuses would cut the central off. */
	if ((size = config_board_packet(next)) > (size_t)next->max_packet) {
		refuse(why, whylen, "Papan menjadi terlalu besar (%zu byte, "
		    "maks. %d): perpendek nama", size, next->max_packet);
		goto out;
	}
	*c = *next;
	rc = 0;
out:
	free(next);
	return rc;
}

void
settings_of_conf(const struct conf *c, struct settings *st)
{
	const struct queue_conf *q = &c->queue;
	int i;

	memset(st, 0, sizeof(*st));
	st->nservices = q->nservices;
	for (i = 0; i < q->nservices; i++) {
		st->services[i].letter = q->services[i].letter;
		memcpy(st->services[i].name, q->services[i].name,
		    sizeof(st->services[i].name));
		st->services[i].target_wait_min =
		    q->services[i].target_wait_min;
		st->services[i].quota = q->services[i].quota;
		st->services[i].last_take_min = q->services[i].last_take ?
		    q->services[i].last_take_min : -1;
	}
	st->ndesks = q->ndesks;
	for (i = 0; i < q->ndesks; i++) {
		st->desks[i].id = q->desks[i].id;
		memcpy(st->desks[i].name, q->desks[i].name,
		    sizeof(st->desks[i].name));
		memcpy(st->desks[i].services, q->desks[i].services,
		    sizeof(st->desks[i].services));
	}
	snprintf(st->running_text, sizeof(st->running_text), "%s",
	    c->render.marquee);
	st->nquiet = c->voice.nquiet < SETTINGS_QUIET_MAX ? c->voice.nquiet :
	    SETTINGS_QUIET_MAX;
	for (i = 0; i < st->nquiet; i++) {
		st->quiet[i].from_min = c->voice.quiet[i].from_min;
		st->quiet[i].to_min = c->voice.quiet[i].to_min;
	}
}

void
settings_file_path(const struct conf *c, char *buf, size_t len)
{
	char dir[PATH_MAX];

	path_dir(c->db_path, dir, sizeof(dir));
	snprintf(buf, len, "%s/%s", dir, SETTINGS_FILE);
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* "log.seq = N": the row of the log up to which the file holds the
 * office's changes. 0, or -1 if value is not a row number. */
static int
log_seq(const char *value, int64_t *seq)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < 0 ||
	    *value < '0' || *value > '9')
		return -1;
	*seq = v;
	return 0;
}

int
settings_file_read(struct conf *c, const char *path,
    struct settings_file *sf)
{
	struct admin_pair p;
	char *line = NULL, *s, *eq, *key, *value, why[PROTO_REASON_MAX];
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int lineno = 0, bad, applied = 0;

	memset(sf, 0, sizeof(*sf));
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		sf->found = true;
		log_warn("%s", path);
		return -1;
	}
	sf->found = true;
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if (n >= CONF_LINE_MAX || (eq = strchr(s, '=')) == NULL) {
			log_warnx("%s:%d: expected key = value; line ignored",
			    path, lineno);
			sf->ignored++;
			continue;
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		if (strcmp(key, SETTINGS_LOG_SEQ) == 0) {
			if (log_seq(value, &sf->seq) == -1) {
				log_warnx("%s:%d: %s: expected a row number of "
				    "the event log; line ignored", path,
				    lineno, key);
				sf->ignored++;
			}
			continue;
		}
		if (strlen(key) >= sizeof(p.key) ||
		    strlen(value) >= sizeof(p.value)) {
			log_warnx("%s:%d: key or value too long; line ignored",
			    path, lineno);
			sf->ignored++;
			continue;
		}
		snprintf(p.key, sizeof(p.key), "%s", key);
		snprintf(p.value, sizeof(p.value), "%s", value);
		if (settings_apply(c, &p, 1, &bad, why, sizeof(why)) == -1) {
			log_warnx("%s:%d: %s: %s; line ignored", path, lineno,
			    key, why);
			sf->ignored++;
			continue;
		}
		applied++;
	}
	if (ferror(fp))
		log_warn("%s", path);
	else
		sf->readable = true;
	free(line);
	fclose(fp);
	log_info("%s: %d setting(s) applied over the configuration%s", path,
	    applied, sf->ignored > 0 ? ", some lines ignored" : "");
	return sf->readable ? 0 : -1;
}

int
settings_replay(struct conf *c, const char *detail, char *why,
    size_t whylen)
{
	struct admin_cmd *cmd;
	char reason[PROTO_REASON_MAX], err[128];
	int bad, rc = -1;

	if ((cmd = malloc(sizeof(*cmd))) == NULL)
		return refuse(why, whylen, "out of memory");
	if (detail == NULL || admin_cmd_decode(detail, strlen(detail), cmd,
	    err, sizeof(err)) == -1)
		refuse(why, whylen, "not a command: %s", detail == NULL ?
		    "no detail" : err);
	else if (cmd->op != ADMIN_SET)
		rc = 0;
	else if (settings_apply(c, cmd->set, cmd->nset, &bad, reason,
	    sizeof(reason)) == -1)
		refuse(why, whylen, "%s by %s: %s%s%s", cmd->id, cmd->user,
		    bad >= 0 ? cmd->set[bad].key : "", bad >= 0 ? ": " : "",
		    reason);
	else
		rc = 1;
	free(cmd);
	return rc;
}

int
settings_file_write(const struct conf *c, const char *path, int64_t seq)
{
	const struct queue_conf *q;
	const struct service_conf *s;
	struct atomic_file af;
	char a[6], b[6];
	int i;

	if (atomic_open(&af, path, 0644) == -1) {
		log_warn("%s", path);
		return -1;
	}
	fprintf(af.f, "# The office's settings (antre-web), written by "
	    "antre-display after each\n# change and read over its "
	    "configuration at start. Do not edit while it runs.\n"
	    "# The event log's setting events up to row %lld are in this "
	    "file; the central\n# applies the later ones over it at start.\n"
	    "%s = %lld\n", (long long)seq, SETTINGS_LOG_SEQ, (long long)seq);
	if (c == NULL) {
		fprintf(af.f, "# None yet: the configuration alone.\n");
		goto commit;
	}
	q = &c->queue;
	for (i = 0; i < q->nservices; i++) {
		s = &q->services[i];
		fprintf(af.f, "service.%c.name = %s\n", s->letter, s->name);
		/* A longer target than the office may set came from the
		 * configuration, which keeps it. */
		if (s->target_wait_min <= TARGET_MAX)
			fprintf(af.f, "service.%c.target_wait = %d\n",
			    s->letter, s->target_wait_min);
		fprintf(af.f, "service.%c.quota = %d\n", s->letter, s->quota);
		if (s->last_take)
			settings_hhmm_format(s->last_take_min, a);
		fprintf(af.f, "service.%c.last_take = %s\n", s->letter,
		    s->last_take ? a : "");
	}
	for (i = 0; i < q->ndesks; i++)
		fprintf(af.f, "desk.%d.services = %s\n", q->desks[i].id,
		    q->desks[i].services);
	fprintf(af.f, "board.running_text = %s\n", c->render.marquee);
	fprintf(af.f, "voice.quiet = ");
	for (i = 0; i < c->voice.nquiet; i++) {
		settings_hhmm_format(c->voice.quiet[i].from_min, a);
		settings_hhmm_format(c->voice.quiet[i].to_min, b);
		fprintf(af.f, "%s%s-%s", i > 0 ? "," : "", a, b);
	}
	fprintf(af.f, "\n");
commit:
	if (ferror(af.f) || atomic_commit(&af) == -1) {
		log_warn("%s", path);
		atomic_abort(&af);
		return -1;
	}
	return 0;
}
