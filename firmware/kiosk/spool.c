/*
 * spool.c - the kiosk's state file. See spool.h.
 *
 *	{"v":1,"take":{"id":"..","service":"B","priority":false,
 *	 "wall_ms":..}|null,"tickets":[{"id":"..","service":"B",
 *	 "number":31,"service_name":"..","waiting":4,"wait_lo":20,
 *	 "wait_hi":30,"priority":false,"time_ms":..},...]}
 */
#include "spool.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "atomicfile.h"
#include "log.h"

static void
copy_str(char *dst, size_t len, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(dst, len, "%s", s != NULL ? s : "");
}

static char
get_service(json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "service"));

	return s != NULL && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '\0' ?
	    s[0] : 0;
}

int
spool_load(struct spool *s, const char *path)
{
	json_error_t err;
	json_t *root, *take, *arr, *o;
	struct spool_ticket *t;
	size_t i;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	if ((root = json_load_file(path, 0, &err)) == NULL) {
		if (access(path, F_OK) == -1 && errno == ENOENT)
			return 0;
		log_warnx("%s: damaged, left as it is (%s, line %d); "
		    "starting with no tickets to print", path, err.text,
		    err.line);
		return -1;
	}
	take = json_object_get(root, "take");
	if (json_is_object(take) && (s->take.service = get_service(take))) {
		s->have_take = true;
		copy_str(s->take.id, sizeof(s->take.id), take, "id");
		s->take.priority = json_is_true(json_object_get(take,
		    "priority"));
		s->take.wall_ms = json_integer_value(json_object_get(take,
		    "wall_ms"));
	}
	arr = json_object_get(root, "tickets");
	json_array_foreach(arr, i, o) {
		if (s->n == SPOOL_MAX)
			break;
		t = &s->t[s->n];
		memset(t, 0, sizeof(*t));
		if ((t->ticket.service = get_service(o)) == 0)
			continue;
		t->ticket.number = (int)json_integer_value(json_object_get(o,
		    "number"));
		copy_str(t->id, sizeof(t->id), o, "id");
		copy_str(t->service_name, sizeof(t->service_name), o,
		    "service_name");
		t->waiting = (int)json_integer_value(json_object_get(o,
		    "waiting"));
		t->wait_lo = (int)json_integer_value(json_object_get(o,
		    "wait_lo"));
		t->wait_hi = (int)json_integer_value(json_object_get(o,
		    "wait_hi"));
		t->priority = json_is_true(json_object_get(o, "priority"));
		t->time_ms = json_integer_value(json_object_get(o,
		    "time_ms"));
		s->n++;
	}
	json_decref(root);
	return 0;
}

int
spool_save(const struct spool *s)
{
	struct atomic_file af;
	const struct spool_ticket *t;
	json_t *root, *arr;
	char svc[2] = { 0, 0 };
	int i, rc = -1;

	root = json_object();
	json_object_set_new(root, "v", json_integer(1));
	if (s->have_take) {
		svc[0] = s->take.service;
		json_object_set_new(root, "take", json_pack("{s:s,s:s,s:b,"
		    "s:I}", "id", s->take.id, "service", svc, "priority",
		    s->take.priority, "wall_ms", (json_int_t)s->take.wall_ms));
	} else
		json_object_set_new(root, "take", json_null());
	arr = json_array();
	for (i = 0; i < s->n; i++) {
		t = &s->t[i];
		svc[0] = t->ticket.service;
		json_array_append_new(arr, json_pack("{s:s,s:s,s:i,s:s,s:i,"
		    "s:i,s:i,s:b,s:I}", "id", t->id, "service", svc, "number",
		    t->ticket.number, "service_name", t->service_name,
		    "waiting", t->waiting, "wait_lo", t->wait_lo, "wait_hi",
		    t->wait_hi, "priority", t->priority, "time_ms",
		    (json_int_t)t->time_ms));
	}
	json_object_set_new(root, "tickets", arr);
	if (atomic_open(&af, s->path, 0640) == -1) {
		log_warn("%s", s->path);
		goto out;
	}
	if (json_dumpf(root, af.f, JSON_COMPACT) == -1 ||
	    fputc('\n', af.f) == EOF) {
		log_warnx("%s: cannot write", s->path);
		atomic_abort(&af);
		goto out;
	}
	if (atomic_commit(&af) == -1) {
		log_warn("%s", s->path);
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

void
spool_add(struct spool *s, const struct spool_ticket *t)
{
	char buf[16];

	if (s->n == SPOOL_MAX) {
		log_warnx("%s: full; ticket %s dropped without being "
		    "printed", s->path, ticket_format(&s->t[0].ticket, buf,
		    sizeof(buf)));
		spool_pop(s);
	}
	s->t[s->n++] = *t;
}

void
spool_pop(struct spool *s)
{
	if (s->n == 0)
		return;
	memmove(&s->t[0], &s->t[1], (size_t)(s->n - 1) * sizeof(s->t[0]));
	s->n--;
}
