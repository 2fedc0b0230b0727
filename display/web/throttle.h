/*
 * throttle.h - login attempts slowed after failures (throttle.c): per
 * key (a client's address, a user's name), after THROTTLE_FREE failures
 * in a row further attempts wait 2, 4, 8 ... 60 seconds. A success
 * clears the key. Pure: time is given, in monotonic milliseconds (a wait
 * told in whole seconds is never shorter than the real one).
 */
#ifndef ANTRE_WEB_THROTTLE_H
#define ANTRE_WEB_THROTTLE_H

#include <stdint.h>

#define THROTTLE_FREE		3	/* failures before any wait */
#define THROTTLE_FIRST		2	/* seconds, then doubled */
#define THROTTLE_CAP		60
#define THROTTLE_FORGET		900	/* a key quiet this long is cleared */
#define THROTTLE_KEYS		512
#define THROTTLE_KEY_MAX	72	/* "ip:" + an address, "user:" + a name */

struct throttle;

struct throttle	*throttle_new(void);
void		 throttle_free(struct throttle *t);

/* Seconds key must still wait before an attempt (0: may try now). */
int	throttle_wait(struct throttle *t, const char *key, int64_t now_ms);
/* A failed attempt; returns the seconds the next one must wait. */
int	throttle_fail(struct throttle *t, const char *key, int64_t now_ms);
/* A good attempt: key starts afresh. */
void	throttle_ok(struct throttle *t, const char *key);

#endif
