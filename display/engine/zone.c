/* zone.c - the zones of a hall, from the configuration to each board. */
#include "zone.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
zone_section(struct conf_ctx *ctx, struct zones *zs, const char *arg)
{
	struct zone_conf *z;
	size_t i, n = strlen(arg);

	for (i = 0; i < n; i++)
		if (!proto_zone_char(arg[i]))
			break;
	if (n == 0 || i < n || n >= PROTO_ZONE_MAX) {
		conf_error(ctx, "[zone %s]: expected a zone name of 1 to %d "
		    "letters, digits, '-' or '_' after \"zone\"", arg,
		    PROTO_ZONE_MAX - 1);
		return -1;
	}
	if ((z = (struct zone_conf *)zone_find(zs, arg)) != NULL) {
		conf_error(ctx, "[zone %s] again (first at line %d): one "
		    "section per zone", arg, z->line);
		return -1;
	}
	if (zs->n == ZONE_MAX) {
		conf_error(ctx, "[zone %s]: too many zones (at most %d)", arg,
		    ZONE_MAX);
		return -1;
	}
	z = &zs->z[zs->n++];
	memset(z, 0, sizeof(*z));
	memcpy(z->id, arg, n + 1);
	z->line = ctx->line;
	snprintf(z->title, sizeof(z->title), "Zona %s", arg);
	return 0;
}

/* "1-12 15, 20": desk numbers and ranges. */
static int
zone_desks(struct conf_ctx *ctx, struct zone_conf *z, const char *value)
{
	const char *p = value;
	char *end;
	long from, to, id;
	int k;

	z->ndesk_ids = 0;
	while (*p != '\0') {
		p += strspn(p, " ,\t");
		if (*p == '\0')
			break;
		from = strtol(p, &end, 10);
		if (end == p || from < 1 || from > DESK_ID_MAX)
			goto bad;
		to = from;
		p = end;
		if (*p == '-') {
			to = strtol(p + 1, &end, 10);
			if (end == p + 1 || to < from || to > DESK_ID_MAX)
				goto bad;
			p = end;
		}
		if (*p != '\0' && strchr(" ,\t", *p) == NULL)
			goto bad;
		for (id = from; id <= to; id++) {
			for (k = 0; k < z->ndesk_ids; k++)
				if (z->desk_ids[k] == id) {
					conf_error(ctx, "desks: desk %ld "
					    "listed twice", id);
					return -1;
				}
			if (z->ndesk_ids == QUEUE_MAX_DESKS) {
				conf_error(ctx, "desks: more than %d desks",
				    QUEUE_MAX_DESKS);
				return -1;
			}
			z->desk_ids[z->ndesk_ids++] = (int)id;
		}
	}
	return 0;
bad:
	conf_error(ctx, "desks: expected desk numbers and ranges like "
	    "\"1-12 15\" (1 to %d), not \"%s\"", DESK_ID_MAX, value);
	return -1;
}

static int
zone_services(struct conf_ctx *ctx, struct zone_conf *z, const char *value)
{
	const char *p;
	size_t n = 0;

	z->services[0] = '\0';
	for (p = value; *p != '\0'; p++) {
		if (strchr(" ,\t", *p) != NULL)
			continue;
		if (*p < 'A' || *p > 'Z' || (p[1] != '\0' &&
		    strchr(" ,\t", p[1]) == NULL)) {
			conf_error(ctx, "services: expected service letters "
			    "like \"A B\", not \"%s\"", value);
			return -1;
		}
		if (strchr(z->services, *p) != NULL) {
			conf_error(ctx, "services: %c listed twice", *p);
			return -1;
		}
		z->services[n++] = *p;
		z->services[n] = '\0';
	}
	return 0;
}

int
zone_key(struct conf_ctx *ctx, struct zones *zs, const char *arg,
    const char *key, const char *value)
{
	struct zone_conf *z;
	char err[PROTO_REASON_MAX];

	if ((z = (struct zone_conf *)zone_find(zs, arg)) == NULL)
		return -1;	/* reported at the header */
	if (strcmp(key, "title") == 0) {
		if (proto_text_check(value, sizeof(z->title), err,
		    sizeof(err)) == -1) {
			conf_error(ctx, "%s: %s", key, err);
			return -1;
		}
		return conf_str(ctx, key, value, z->title, sizeof(z->title));
	}
	if (strcmp(key, "desks") == 0)
		return zone_desks(ctx, z, value);
	if (strcmp(key, "services") == 0)
		return zone_services(ctx, z, value);
	conf_unknown_key(ctx, "zone", key);
	return -1;
}

const struct zone_conf *
zone_find(const struct zones *zs, const char *id)
{
	int i;

	for (i = 0; i < zs->n; i++)
		if (strcmp(zs->z[i].id, id) == 0)
			return &zs->z[i];
	return NULL;
}

static int
desk_index(const struct queue_conf *q, int id)
{
	int i;

	for (i = 0; i < q->ndesks; i++)
		if (q->desks[i].id == id)
			return i;
	return -1;
}

static bool
has_service(const struct queue_conf *q, char letter)
{
	int i;

	for (i = 0; i < q->nservices; i++)
		if (q->services[i].letter == letter)
			return true;
	return false;
}

/* Members, and the waiting counts in the services' order of the file;
 * ctx NULL: worked out again, the file's mistakes reported before. */
static void
zone_members(struct conf_ctx *ctx, struct zone_conf *z,
    const struct queue_conf *q)
{
	const char *s;
	size_t n = 0;
	int i, di;

	memset(z->member, 0, sizeof(z->member));
	for (i = 0; i < z->ndesk_ids; i++) {
		if ((di = desk_index(q, z->desk_ids[i])) != -1)
			z->member[di] = true;
		else if (ctx != NULL)
			conf_error_file(ctx, "[zone %s] (line %d): desk %d has "
			    "no [desk %d] section", z->id, z->line,
			    z->desk_ids[i], z->desk_ids[i]);
	}
	for (s = z->services; *s != '\0' && ctx != NULL; s++)
		if (!has_service(q, *s))
			conf_error_file(ctx, "[zone %s] (line %d): service %c "
			    "has no [service %c] section", z->id, z->line, *s,
			    *s);
	for (di = 0; di < q->ndesks; di++)
		for (s = q->desks[di].services; *s != '\0'; s++)
			if (strchr(z->services, *s) != NULL)
				z->member[di] = true;
	for (i = 0; i < q->nservices; i++) {
		s = strchr(z->services, q->services[i].letter);
		for (di = 0; s == NULL && di < q->ndesks; di++)
			if (z->member[di])
				s = strchr(q->desks[di].services,
				    q->services[i].letter);
		if (s != NULL)
			z->waiting[n++] = q->services[i].letter;
	}
	z->waiting[n] = '\0';
	if (ctx != NULL && z->ndesk_ids == 0 && z->services[0] == '\0')
		conf_error_file(ctx, "[zone %s] (line %d): no desks = or "
		    "services = line: the zone would show nothing", z->id,
		    z->line);
}

/* Whether desk index i is on some zone's screen. */
static bool
desk_shown(const struct zones *zs, int i)
{
	int k;

	for (k = 0; k < zs->n; k++)
		if (zs->z[k].member[i])
			return true;
	return false;
}

void
zone_resolve(struct conf_ctx *ctx, struct zones *zs,
    const struct queue_conf *q, const char *own)
{
	char list[256];
	size_t len = 0;
	int i, k, missing = 0;

	for (k = 0; k < zs->n; k++)
		zone_members(ctx, &zs->z[k], q);
	if (own[0] == '\0')
		return;		/* the central's screen shows every desk */
	if (zone_find(zs, own) == NULL) {
		conf_error_file(ctx, "[board] zone = %s: there is no [zone %s] "
		    "section", own, own);
		return;
	}
	list[0] = '\0';
	for (i = 0; i < q->ndesks; i++) {
		if (desk_shown(zs, i))
			continue;
		if (missing++ < 12 && len < sizeof(list) - 8)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s%d", len > 0 ? ", " : "", q->desks[i].id);
	}
	if (missing > 0)
		conf_error_file(ctx, "desk%s %s%s %s on no screen: the "
		    "central's screen shows zone %s only; add %s to a "
		    "[zone X] (desks = or services =)", missing > 1 ? "s" :
		    "", list, missing > 12 ? ", ..." : "",
		    missing > 1 ? "are" : "is", own,
		    missing > 1 ? "them" : "it");
}

void
zone_update(struct zones *zs, const struct queue_conf *q)
{
	int k;

	for (k = 0; k < zs->n; k++)
		zone_members(NULL, &zs->z[k], q);
}

int
zone_unseen(const struct zones *zs, const struct queue_conf *q,
    const char *own)
{
	int i;

	if (own[0] == '\0')
		return -1;	/* the central's screen shows every desk */
	for (i = 0; i < q->ndesks; i++)
		if (!desk_shown(zs, i))
			return i;
	return -1;
}

void
zone_board(const struct zone_conf *z, const struct queue *q,
    const struct board *hall, int max_calls, struct board *out)
{
	const struct queue_conf *qc = q->conf;
	int i, di, n;

	*out = *hall;
	memcpy(out->zone, z->id, sizeof(out->zone));
	memcpy(out->title, z->title, sizeof(out->title));
	/* The hall's board holds every desk in the file's order. */
	for (i = 0, n = 0; i < out->ndesks; i++)
		if (z->member[i])
			out->desks[n++] = out->desks[i];
	/* What is left of the hall's lists is cleared: a zone's board holds
	 * nothing of another zone (and its digest does not change with it). */
	memset(out->desks + n, 0,
	    sizeof(out->desks) - n * sizeof(out->desks[0]));
	out->ndesks = n;
	for (i = 0, n = 0; i < q->ncalls && n < max_calls &&
	    n < BOARD_MAX_CALLS; i++)
		if ((di = queue_desk_index(q, q->calls[i].desk)) >= 0 &&
		    di < qc->ndesks && z->member[di])
			out->calls[n++] = q->calls[i];
	memset(out->calls + n, 0,
	    sizeof(out->calls) - n * sizeof(out->calls[0]));
	out->ncalls = n;
	for (i = 0, n = 0; i < out->nwaiting; i++)
		if (strchr(z->waiting, out->waiting[i].service) != NULL)
			out->waiting[n++] = out->waiting[i];
	memset(out->waiting + n, 0,
	    sizeof(out->waiting) - n * sizeof(out->waiting[0]));
	out->nwaiting = n;
}

uint64_t
zone_board_digest(const struct board *b)
{
	const unsigned char *p = (const unsigned char *)b;
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i, skip = offsetof(struct board, time_ms);

	/* Boards are built from zeroed memory: unused bytes are zero. */
	for (i = 0; i < sizeof(*b); i++) {
		if (i >= skip && i < skip + sizeof(b->time_ms))
			continue;
		h = (h ^ p[i]) * 0x100000001b3ULL;
	}
	return h;
}

bool
zone_board_has_desk(const struct board *b, int desk)
{
	int i;

	for (i = 0; i < b->ndesks; i++)
		if (b->desks[i].id == desk)
			return true;
	return false;
}
