/*
 * throttle.c - login attempts slowed after failures (throttle.h).
 */
#include "throttle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char	key[THROTTLE_KEY_MAX];	/* "": free */
	int	fails;
	int64_t	last;			/* the last failure, ms */
	int64_t	until;			/* no attempt before, ms */
};

struct throttle {
	struct entry	e[THROTTLE_KEYS];
};

struct throttle *
throttle_new(void)
{
	return calloc(1, sizeof(struct throttle));
}

void
throttle_free(struct throttle *t)
{
	free(t);
}

static struct entry *
find(struct throttle *t, const char *key, int64_t now)
{
	int i;

	for (i = 0; i < THROTTLE_KEYS; i++) {
		struct entry *e = &t->e[i];

		if (e->key[0] != '\0' && now - e->last >= THROTTLE_FORGET * 1000LL &&
		    now >= e->until)
			memset(e, 0, sizeof(*e));
		else if (e->key[0] != '\0' && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

int
throttle_wait(struct throttle *t, const char *key, int64_t now)
{
	struct entry *e;

	if ((e = find(t, key, now)) == NULL || now >= e->until)
		return 0;
	return (int)((e->until - now + 999) / 1000);
}

int
throttle_fail(struct throttle *t, const char *key, int64_t now)
{
	struct entry *e, *victim = NULL;
	int i, delay;

	if ((e = find(t, key, now)) == NULL) {
		/* A free entry, else the one whose wait ends first: a
		 * flood of names keeps the table full but not forever. */
		for (i = 0; i < THROTTLE_KEYS; i++) {
			if (t->e[i].key[0] == '\0') {
				victim = &t->e[i];
				break;
			}
			if (victim == NULL || t->e[i].until < victim->until ||
			    (t->e[i].until == victim->until &&
			    t->e[i].last < victim->last))
				victim = &t->e[i];
		}
		e = victim;
		memset(e, 0, sizeof(*e));
		snprintf(e->key, sizeof(e->key), "%s", key);
	}
	e->fails++;
	e->last = now;
	if (e->fails < THROTTLE_FREE)
		return 0;
	delay = THROTTLE_FIRST;
	for (i = THROTTLE_FREE; i < e->fails && delay < THROTTLE_CAP; i++)
		delay *= 2;
	if (delay > THROTTLE_CAP)
		delay = THROTTLE_CAP;
	e->until = now + delay * 1000LL;
	return delay;
}

void
throttle_ok(struct throttle *t, const char *key)
{
	int i;

	for (i = 0; i < THROTTLE_KEYS; i++)
		if (t->e[i].key[0] != '\0' && strcmp(t->e[i].key, key) == 0)
			memset(&t->e[i], 0, sizeof(t->e[i]));
}
