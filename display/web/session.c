/*
 * session.c - sessions in memory (session.h).
 */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"

struct sessions {
	int		life, idle;
	struct session	slot[SESSION_MAX];
};

struct sessions *
sessions_new(int life, int idle)
{
	struct sessions *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->life = life;
	s->idle = idle;
	return s;
}

void
sessions_free(struct sessions *s)
{
	if (s != NULL)
		explicit_bzero(s, sizeof(*s));
	free(s);
}

static int
random_hex(char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[SESSION_ID_LEN / 2];
	size_t got = 0;
	ssize_t n;
	int i;

	while (got < sizeof(raw)) {
		if ((n = getrandom(raw + got, sizeof(raw) - got, 0)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("getrandom");
			return -1;
		}
		got += (size_t)n;
	}
	for (i = 0; i < (int)sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[SESSION_ID_LEN] = '\0';
	explicit_bzero(raw, sizeof(raw));
	return 0;
}

static bool
expired(const struct sessions *s, const struct session *ss, time_t now)
{
	return now - ss->created >= s->life || now - ss->used >= s->idle ||
	    now < ss->created;
}

static void
forget(struct session *ss)
{
	explicit_bzero(ss, sizeof(*ss));
}

const struct session *
session_create(struct sessions *s, const char *user, enum web_role role,
    time_t now)
{
	struct session *ss = NULL, *old = NULL, *anon = NULL;
	int i;

	/* A free or expired slot; else the least recently used anonymous
	 * one (a flood of login pages does not log anyone out); else the
	 * least recently used. */
	for (i = 0; i < SESSION_MAX; i++) {
		struct session *c = &s->slot[i];

		if (c->id[0] == '\0' || expired(s, c, now)) {
			ss = c;
			break;
		}
		if (c->user[0] == '\0' && (anon == NULL || c->used < anon->used))
			anon = c;
		if (old == NULL || c->used < old->used)
			old = c;
	}
	if (ss == NULL)
		ss = anon != NULL ? anon : old;
	forget(ss);
	if (random_hex(ss->id) == -1 || random_hex(ss->csrf) == -1) {
		forget(ss);
		return NULL;
	}
	snprintf(ss->user, sizeof(ss->user), "%s", user);
	ss->role = user[0] != '\0' ? role : WEB_ROLE_NONE;
	ss->created = ss->used = now;
	return ss;
}

bool
session_token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i % (lb + 1)];
	return d == 0;
}

static bool
id_wellformed(const char *id)
{
	size_t i;

	for (i = 0; i < SESSION_ID_LEN; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'a' && id[i] <= 'f')))
			return false;
	return id[SESSION_ID_LEN] == '\0';
}

static struct session *
lookup(struct sessions *s, const char *id)
{
	struct session *found = NULL;
	int i;

	if (id == NULL || !id_wellformed(id))
		return NULL;
	/* Every slot compared whole: the time says nothing of how close
	 * a guess came. */
	for (i = 0; i < SESSION_MAX; i++)
		if (s->slot[i].id[0] != '\0' &&
		    session_token_equal(s->slot[i].id, id))
			found = &s->slot[i];
	return found;
}

const struct session *
session_find(struct sessions *s, const char *id, time_t now)
{
	struct session *ss;

	if ((ss = lookup(s, id)) == NULL)
		return NULL;
	if (expired(s, ss, now)) {
		forget(ss);
		return NULL;
	}
	ss->used = now;
	return ss;
}

void
session_destroy(struct sessions *s, const char *id)
{
	struct session *ss;

	if ((ss = lookup(s, id)) != NULL)
		forget(ss);
}

void
session_destroy_user(struct sessions *s, const char *user,
    const char *keep)
{
	int i;

	for (i = 0; i < SESSION_MAX; i++)
		if (s->slot[i].id[0] != '\0' &&
		    strcmp(s->slot[i].user, user) == 0 &&
		    (keep == NULL || strcmp(s->slot[i].id, keep) != 0))
			forget(&s->slot[i]);
}

int
session_count(struct sessions *s, time_t now)
{
	int i, n = 0;

	for (i = 0; i < SESSION_MAX; i++)
		if (s->slot[i].id[0] != '\0' && !expired(s, &s->slot[i], now))
			n++;
	return n;
}
