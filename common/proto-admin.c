/*
 * proto-admin.c - the office's messages: the admin command antre-web
 * sends, the central's answer, and the settings the central runs with.
 * The rules and the reasons are the rest of the codec's (proto-json.h):
 * "v" 1, unknown fields ignored, duplicate keys refused, text checked,
 * every refusal naming its field.
 */
#include "proto-admin.h"

#include <stdio.h>
#include <string.h>

#include "proto-json.h"

/* A service's target wait, minutes: what the configuration allows (the
 * office may set at most 600, the central checks). */
#define SETTINGS_TARGET_MAX	(24 * 60)

static const char *const admin_op_names[] = {
	[ADMIN_SET] = "set",
	[ADMIN_NOTE] = "note",
};

/*
 * Shared checks.
 */

/* A web user's name: [a-z0-9._-], 1..32 bytes. */
static int
chk_user(struct chk *c, const char *key, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return chk_fail(c, key, "empty");
	if (n >= ADMIN_USER_MAX)
		return chk_fail(c, key, "too long (%zu bytes, max %d)", n,
		    ADMIN_USER_MAX - 1);
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-'))
			return chk_fail(c, key, "byte %zu is not one of "
			    "a-z 0-9 . _ -", i);
	return 0;
}

/* A setting's key: letters, digits, '.', '_', '-', 1..47 bytes, so an
 * answer can name it and a log line quote it as it is. */
static int
chk_key(struct chk *c, const char *key, const char *s, size_t n,
    bool empty_ok)
{
	size_t i;

	if (n == 0 && !empty_ok)
		return chk_fail(c, key, "empty");
	if (n >= ADMIN_KEY_MAX)
		return chk_fail(c, key, "too long (%zu bytes, max %d)", n,
		    ADMIN_KEY_MAX - 1);
	for (i = 0; i < n; i++)
		if (!proto_zone_char(s[i]) && s[i] != '.')
			return chk_fail(c, key, "byte %zu is not a letter, "
			    "digit, '.', '-' or '_'", i);
	return 0;
}

int
settings_hhmm_parse(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

void
settings_hhmm_format(int min, char buf[6])
{
	unsigned h = (unsigned)min / 60 % 24, m = (unsigned)min % 60;

	if (min < 0) {
		buf[0] = '\0';
		return;
	}
	buf[0] = '0' + h / 10;
	buf[1] = '0' + h % 10;
	buf[2] = ':';
	buf[3] = '0' + m / 10;
	buf[4] = '0' + m % 10;
	buf[5] = '\0';
}

/* "HH:MM-HH:MM", from and to apart; -1 for anything else. */
static int
quiet_parse(const char *s, size_t n, int *from, int *to)
{
	char a[6], b[6];

	if (n != 11 || s[5] != '-')
		return -1;
	memcpy(a, s, 5);
	a[5] = '\0';
	memcpy(b, s + 6, 5);
	b[5] = '\0';
	if ((*from = settings_hhmm_parse(a)) == -1 ||
	    (*to = settings_hhmm_parse(b)) == -1 || *from == *to)
		return -1;
	return 0;
}

int
settings_quiet_parse(const char *s, struct settings *st)
{
	int from[SETTINGS_QUIET_MAX], to[SETTINGS_QUIET_MAX];
	const char *p, *end;
	int i, n = 0;

	if (s == NULL)
		return -1;
	for (p = s; *s != '\0'; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (n == SETTINGS_QUIET_MAX || quiet_parse(p, end - p,
		    &from[n], &to[n]) == -1)
			return -1;
		n++;
		if (*end == '\0')
			break;
	}
	for (i = 0; i < n; i++) {
		st->quiet[i].from_min = from[i];
		st->quiet[i].to_min = to[i];
	}
	st->nquiet = n;
	return 0;
}

/*
 * Decoders.
 */

static int
get_user(struct chk *c, json_t *o, const char *key, char *dst)
{
	const char *s;
	size_t n;

	if (proto_json_str(c, o, key, &s, &n) == -1 ||
	    chk_user(c, key, s, n) == -1)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

static int
get_key(struct chk *c, json_t *o, const char *key, char *dst, bool empty_ok)
{
	const char *s;
	size_t n;

	if (proto_json_str(c, o, key, &s, &n) == -1 ||
	    chk_key(c, key, s, n, empty_ok) == -1)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/* One {"key":K,"value":V} of a set; a key named twice is refused, as
 * "all or nothing" could not say which one wins. */
static int
get_pair(struct chk *c, json_t *e, struct admin_cmd *out, int i)
{
	struct admin_pair *p = &out->set[i];
	int k;

	if (!json_is_object(e))
		return chk_fail(c, "", "expected an object, got %s",
		    proto_json_kind(e));
	if (get_key(c, e, "key", p->key, false) == -1)
		return -1;
	for (k = 0; k < i; k++)
		if (strcmp(out->set[k].key, p->key) == 0)
			return chk_fail(c, "key", "\"%s\" set twice", p->key);
	return proto_json_text(c, e, "value", p->value, sizeof(p->value));
}

static int
get_set(struct chk *c, json_t *root, struct admin_cmd *out)
{
	json_t *a, *e;
	size_t i, mark;
	int rc;

	if ((a = proto_json_array(c, root, "set", ADMIN_SET_MAX)) == NULL)
		return -1;
	if (json_array_size(a) == 0)
		return chk_fail(c, "set", "empty");
	json_array_foreach(a, i, e) {
		/* A refused pair is out->set[out->nset - 1]. */
		out->nset = (int)i + 1;
		mark = chk_enter(c, "set", (long)i);
		rc = get_pair(c, e, out, (int)i);
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
admin_cmd_decode(const void *buf, size_t len, struct admin_cmd *out,
    char *err, size_t errlen)
{
	char q[PROTO_JSON_QUOTE];
	struct chk c;
	json_t *root;
	const char *s;
	size_t n;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = proto_json_open(&c, buf, len)) == NULL)
		return -1;
	/* The id first: a command refused past it can still be answered. */
	if (proto_json_id(&c, root, "id", out->id, false) == -1 ||
	    proto_json_str(&c, root, "op", &s, &n) == -1)
		goto out;
	if (strcmp(s, "set") == 0)
		out->op = ADMIN_SET;
	else if (strcmp(s, "note") == 0)
		out->op = ADMIN_NOTE;
	else {
		chk_fail(&c, "op", "unknown op \"%s\"",
		    proto_json_quote(s, n, q, sizeof(q)));
		goto out;
	}
	if (get_user(&c, root, "user", out->user) == -1)
		goto out;
	if (out->op == ADMIN_SET && get_set(&c, root, out) == -1)
		goto out;
	if (out->op == ADMIN_NOTE) {
		if (proto_json_text(&c, root, "note", out->note,
		    sizeof(out->note)) == -1)
			goto out;
		if (out->note[0] == '\0') {
			chk_fail(&c, "note", "empty");
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
admin_ack_decode(const void *buf, size_t len, struct admin_ack *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = proto_json_open(&c, buf, len)) == NULL)
		return -1;
	if (proto_json_id(&c, root, "id", out->id, false) == -1 ||
	    proto_json_result(&c, root, "result", &out->result) == -1 ||
	    get_key(&c, root, "key", out->key, true) == -1 ||
	    proto_json_text(&c, root, "reason", out->reason,
	    sizeof(out->reason)) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static int
get_hhmm(struct chk *c, json_t *o, const char *key, bool empty_ok, int *out)
{
	char q[PROTO_JSON_QUOTE];
	const char *s;
	size_t n;

	if (proto_json_str(c, o, key, &s, &n) == -1)
		return -1;
	if (n == 0 && empty_ok) {
		*out = -1;
		return 0;
	}
	if ((*out = settings_hhmm_parse(s)) == -1)
		return chk_fail(c, key, "\"%s\" is not a time HH:MM",
		    proto_json_quote(s, n, q, sizeof(q)));
	return 0;
}

static int
get_service_entry(struct chk *c, json_t *o, struct settings_service *sv)
{
	char q[PROTO_JSON_QUOTE];
	long long v;
	const char *s;
	size_t n;

	if (proto_json_str(c, o, "letter", &s, &n) == -1)
		return -1;
	if (n != 1 || s[0] < 'A' || s[0] > 'Z')
		return chk_fail(c, "letter", "\"%s\" is not a letter A..Z",
		    proto_json_quote(s, n, q, sizeof(q)));
	sv->letter = s[0];
	if (proto_json_text(c, o, "name", sv->name, sizeof(sv->name)) == -1)
		return -1;
	if (proto_json_int(c, o, "target_wait", 0, SETTINGS_TARGET_MAX, &v) == -1)
		return -1;
	sv->target_wait_min = (int)v;
	if (proto_json_int(c, o, "quota", 0, TICKET_NUMBER_MAX, &v) == -1)
		return -1;
	sv->quota = (int)v;
	return get_hhmm(c, o, "last_take", true, &sv->last_take_min);
}

/* A desk's letters: A..Z, each once, each a service of st. */
static int
chk_desk_services(struct chk *c, const char *key, const char *s, size_t n,
    const struct settings *st)
{
	size_t i;
	int k;

	if (n > SETTINGS_SERVICES_MAX)
		return chk_fail(c, key, "too long (%zu letters, max %d)", n,
		    SETTINGS_SERVICES_MAX);
	for (i = 0; i < n; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return chk_fail(c, key, "byte %zu is not a letter "
			    "A..Z", i);
		if (memchr(s, s[i], i) != NULL)
			return chk_fail(c, key, "service %c twice", s[i]);
		for (k = 0; k < st->nservices; k++)
			if (st->services[k].letter == s[i])
				break;
		if (k == st->nservices)
			return chk_fail(c, key, "service %c is not listed",
			    s[i]);
	}
	return 0;
}

static int
get_desk_entry(struct chk *c, json_t *o, struct settings_desk *d,
    const struct settings *st)
{
	long long v;
	const char *s;
	size_t n;

	if (proto_json_int(c, o, "desk", 1, DESK_ID_MAX, &v) == -1)
		return -1;
	d->id = (int)v;
	if (proto_json_text(c, o, "name", d->name, sizeof(d->name)) == -1 ||
	    proto_json_str(c, o, "services", &s, &n) == -1 ||
	    chk_desk_services(c, "services", s, n, st) == -1)
		return -1;
	memcpy(d->services, s, n + 1);
	return 0;
}

/* Each letter and each desk once. */
static int
chk_settings_unique(struct chk *c, const struct settings *st)
{
	size_t mark;
	int i, k, rc = 0;

	for (i = 0; i < st->nservices && rc == 0; i++)
		for (k = 0; k < i && rc == 0; k++)
			if (st->services[k].letter == st->services[i].letter) {
				mark = chk_enter(c, "services", i);
				rc = chk_fail(c, "letter", "service %c listed "
				    "twice", st->services[i].letter);
				chk_leave(c, mark);
			}
	for (i = 0; i < st->ndesks && rc == 0; i++)
		for (k = 0; k < i && rc == 0; k++)
			if (st->desks[k].id == st->desks[i].id) {
				mark = chk_enter(c, "desks", i);
				rc = chk_fail(c, "desk", "desk %d listed twice",
				    st->desks[i].id);
				chk_leave(c, mark);
			}
	return rc;
}

static int
get_settings_lists(struct chk *c, json_t *root, struct settings *out)
{
	char q[PROTO_JSON_QUOTE];
	const char *s;
	json_t *a, *e;
	size_t i, mark;
	int rc = 0;

	if ((a = proto_json_array(c, root, "services",
	    SETTINGS_SERVICES_MAX)) == NULL)
		return -1;
	json_array_foreach(a, i, e) {
		mark = chk_enter(c, "services", (long)i);
		rc = json_is_object(e) ?
		    get_service_entry(c, e, &out->services[i]) :
		    chk_fail(c, "", "expected an object, got %s",
		    proto_json_kind(e));
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
		out->nservices = (int)i + 1;
	}
	if ((a = proto_json_array(c, root, "desks", SETTINGS_DESKS_MAX))
	    == NULL)
		return -1;
	json_array_foreach(a, i, e) {
		mark = chk_enter(c, "desks", (long)i);
		rc = json_is_object(e) ?
		    get_desk_entry(c, e, &out->desks[i], out) :
		    chk_fail(c, "", "expected an object, got %s",
		    proto_json_kind(e));
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
		out->ndesks = (int)i + 1;
	}
	if ((a = proto_json_array(c, root, "quiet", SETTINGS_QUIET_MAX))
	    == NULL)
		return -1;
	json_array_foreach(a, i, e) {
		mark = chk_enter(c, "quiet", (long)i);
		if (!json_is_string(e))
			rc = chk_fail(c, "", "expected a string, got %s",
			    proto_json_kind(e));
		else if (quiet_parse(s = json_string_value(e),
		    json_string_length(e), &out->quiet[i].from_min,
		    &out->quiet[i].to_min) == -1)
			rc = chk_fail(c, "", "\"%s\" is not a period "
			    "HH:MM-HH:MM", proto_json_quote(s,
			    json_string_length(e), q, sizeof(q)));
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
		out->nquiet = (int)i + 1;
	}
	return chk_settings_unique(c, out);
}

int
settings_decode(const void *buf, size_t len, struct settings *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	long long t;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = proto_json_open(&c, buf, len)) == NULL)
		return -1;
	if (proto_json_int(&c, root, "time_ms", 0, INT64_MAX, &t) == -1)
		goto out;
	out->time_ms = t;
	if (get_settings_lists(&c, root, out) == -1 ||
	    proto_json_text(&c, root, "running_text", out->running_text,
	    sizeof(out->running_text)) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/*
 * Encoders: the struct checked by the decoder's rules first.
 */

static json_t *
new_user(struct chk *c, const char *key, const char *s)
{
	size_t n;

	if (chk_cstr(c, key, s, ADMIN_USER_MAX, &n) == -1 ||
	    chk_user(c, key, s, n) == -1)
		return NULL;
	return json_stringn(s, n);
}

static json_t *
new_key(struct chk *c, const char *key, const char *s, bool empty_ok)
{
	size_t n;

	if (chk_cstr(c, key, s, ADMIN_KEY_MAX, &n) == -1 ||
	    chk_key(c, key, s, n, empty_ok) == -1)
		return NULL;
	return json_stringn(s, n);
}

static json_t *
new_set(struct chk *c, const struct admin_cmd *cmd)
{
	json_t *a, *e;
	size_t mark;
	int i, k, rc;

	if (chk_range(c, "set", cmd->nset, 1, ADMIN_SET_MAX) == -1 ||
	    (a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < cmd->nset; i++) {
		if ((e = json_object()) == NULL)
			goto err;
		mark = chk_enter(c, "set", i);
		rc = proto_json_put(e, "key", new_key(c, "key",
		    cmd->set[i].key, false));
		for (k = 0; k < i && rc == 0; k++)
			if (strcmp(cmd->set[k].key, cmd->set[i].key) == 0)
				rc = chk_fail(c, "key", "\"%s\" set twice",
				    cmd->set[i].key);
		if (rc == 0)
			rc = proto_json_put(e, "value", proto_json_new_text(c,
			    "value", cmd->set[i].value, ADMIN_VALUE_MAX));
		chk_leave(c, mark);
		if (rc == -1 || json_array_append_new(a, e) == -1) {
			if (rc == -1)
				json_decref(e);
			goto err;
		}
	}
	return a;
err:
	json_decref(a);
	return NULL;
}

char *
admin_cmd_encode(const struct admin_cmd *cmd)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if (cmd->op != ADMIN_SET && cmd->op != ADMIN_NOTE) {
		chk_fail(&c, "op", "bad op %d", (int)cmd->op);
		return proto_json_dump(NULL, "admin cmd", &c);
	}
	if ((o = proto_json_payload()) == NULL ||
	    proto_json_put(o, "op", json_string(admin_op_names[cmd->op]))
	    == -1 ||
	    proto_json_put(o, "id", proto_json_new_id(&c, "id", cmd->id,
	    false)) == -1 ||
	    proto_json_put(o, "user", new_user(&c, "user", cmd->user)) == -1)
		goto err;
	if (cmd->op == ADMIN_SET &&
	    proto_json_put(o, "set", new_set(&c, cmd)) == -1)
		goto err;
	if (cmd->op == ADMIN_NOTE) {
		if (cmd->note[0] == '\0') {
			chk_fail(&c, "note", "empty");
			goto err;
		}
		if (proto_json_put(o, "note", proto_json_new_text(&c, "note",
		    cmd->note, sizeof(cmd->note))) == -1)
			goto err;
	}
	return proto_json_dump(o, "admin cmd", &c);
err:
	json_decref(o);
	return proto_json_dump(NULL, "admin cmd", &c);
}

char *
admin_ack_encode(const struct admin_ack *a)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((unsigned)a->result >= RESULT__COUNT) {
		chk_fail(&c, "result", "bad result %d", (int)a->result);
		return proto_json_dump(NULL, "admin ack", &c);
	}
	if ((o = proto_json_payload()) == NULL ||
	    proto_json_put(o, "id", proto_json_new_id(&c, "id", a->id, false))
	    == -1 ||
	    proto_json_put(o, "result",
	    json_string(proto_result_name(a->result))) == -1 ||
	    proto_json_put(o, "key", new_key(&c, "key", a->key, true)) == -1 ||
	    proto_json_put(o, "reason", proto_json_new_text(&c, "reason",
	    a->reason, sizeof(a->reason))) == -1)
		goto err;
	return proto_json_dump(o, "admin ack", &c);
err:
	json_decref(o);
	return proto_json_dump(NULL, "admin ack", &c);
}

static json_t *
new_hhmm(struct chk *c, const char *key, int min, bool none_ok)
{
	char buf[6];

	if (min == -1 && none_ok)
		return json_string("");
	if (chk_range(c, key, min, 0, 24 * 60 - 1) == -1)
		return NULL;
	settings_hhmm_format(min, buf);
	return json_string(buf);
}

static int
put_service_entry(struct chk *c, json_t *e, const struct settings_service *sv)
{
	char letter[2] = { sv->letter, '\0' };

	if (chk_service(c, "letter", sv->letter) == -1)
		return -1;
	if (proto_json_put(e, "letter", json_string(letter)) == -1 ||
	    proto_json_put(e, "name", proto_json_new_text(c, "name", sv->name,
	    sizeof(sv->name))) == -1 ||
	    proto_json_put(e, "target_wait", proto_json_new_int(c,
	    "target_wait", sv->target_wait_min, 0, SETTINGS_TARGET_MAX)) == -1 ||
	    proto_json_put(e, "quota", proto_json_new_int(c, "quota",
	    sv->quota, 0, TICKET_NUMBER_MAX)) == -1 ||
	    proto_json_put(e, "last_take", new_hhmm(c, "last_take",
	    sv->last_take_min, true)) == -1)
		return -1;
	return 0;
}

static int
put_desk_entry(struct chk *c, json_t *e, const struct settings_desk *d,
    const struct settings *st)
{
	size_t n;

	if (proto_json_put(e, "desk", proto_json_new_int(c, "desk", d->id, 1,
	    DESK_ID_MAX)) == -1 ||
	    proto_json_put(e, "name", proto_json_new_text(c, "name", d->name,
	    sizeof(d->name))) == -1 ||
	    chk_cstr(c, "services", d->services, sizeof(d->services), &n)
	    == -1 ||
	    chk_desk_services(c, "services", d->services, n, st) == -1 ||
	    proto_json_put(e, "services", json_stringn(d->services, n)) == -1)
		return -1;
	return 0;
}

/* The services and desks of st into o. */
static int
put_settings_lists(struct chk *c, json_t *o, const struct settings *st)
{
	json_t *a, *e;
	size_t mark;
	int i, rc;

	if (chk_range(c, "services", st->nservices, 0,
	    SETTINGS_SERVICES_MAX) == -1 ||
	    chk_range(c, "desks", st->ndesks, 0, SETTINGS_DESKS_MAX) == -1 ||
	    chk_range(c, "quiet", st->nquiet, 0, SETTINGS_QUIET_MAX) == -1 ||
	    chk_settings_unique(c, st) == -1)
		return -1;
	if (proto_json_put(o, "services", a = json_array()) == -1)
		return -1;
	for (i = 0; i < st->nservices; i++) {
		if (json_array_append_new(a, e = json_object()) == -1)
			return -1;
		mark = chk_enter(c, "services", i);
		rc = put_service_entry(c, e, &st->services[i]);
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
	}
	if (proto_json_put(o, "desks", a = json_array()) == -1)
		return -1;
	for (i = 0; i < st->ndesks; i++) {
		if (json_array_append_new(a, e = json_object()) == -1)
			return -1;
		mark = chk_enter(c, "desks", i);
		rc = put_desk_entry(c, e, &st->desks[i], st);
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static int
put_quiet(struct chk *c, json_t *o, const struct settings *st)
{
	char buf[12];
	json_t *a;
	size_t mark;
	int i, rc;

	if (proto_json_put(o, "quiet", a = json_array()) == -1)
		return -1;
	for (i = 0; i < st->nquiet; i++) {
		mark = chk_enter(c, "quiet", i);
		rc = chk_range(c, "", st->quiet[i].from_min, 0, 24 * 60 - 1);
		if (rc == 0)
			rc = chk_range(c, "", st->quiet[i].to_min, 0,
			    24 * 60 - 1);
		if (rc == 0 && st->quiet[i].from_min == st->quiet[i].to_min)
			rc = chk_fail(c, "", "an empty period");
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
		settings_hhmm_format(st->quiet[i].from_min, buf);
		buf[5] = '-';
		settings_hhmm_format(st->quiet[i].to_min, buf + 6);
		if (json_array_append_new(a, json_string(buf)) == -1)
			return -1;
	}
	return 0;
}

char *
settings_encode(const struct settings *st)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((o = proto_json_payload()) == NULL ||
	    proto_json_put(o, "time_ms", proto_json_new_int(&c, "time_ms",
	    st->time_ms, 0, INT64_MAX)) == -1 ||
	    put_settings_lists(&c, o, st) == -1 ||
	    proto_json_put(o, "running_text", proto_json_new_text(&c,
	    "running_text", st->running_text, sizeof(st->running_text)))
	    == -1 ||
	    put_quiet(&c, o, st) == -1)
		goto err;
	return proto_json_dump(o, "settings", &c);
err:
	json_decref(o);
	return proto_json_dump(NULL, "settings", &c);
}
