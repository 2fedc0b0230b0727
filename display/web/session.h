/*
 * session.h - who is logged in (session.c): sessions in memory, each
 * named by 32 random bytes in hex (the cookie antre_sesi), with a CSRF
 * token of its own, an absolute and an idle expiry. A visitor of the
 * login page gets an anonymous session (role none) so that the login
 * form has a token too. Pure but for getrandom(): time is given.
 */
#ifndef ANTRE_WEB_SESSION_H
#define ANTRE_WEB_SESSION_H

#include <stdbool.h>
#include <time.h>

#include "web-page.h"
#include "web-users.h"

#define SESSION_COOKIE	"antre_sesi"
#define SESSION_ID_LEN	64		/* hex of 32 bytes */
#define SESSION_MAX	256		/* the oldest goes when full */

struct session {
	char		id[SESSION_ID_LEN + 1];		/* "": a free slot */
	char		csrf[SESSION_ID_LEN + 1];
	char		user[WEB_USER_MAX];		/* "": anonymous */
	enum web_role	role;
	time_t		created, used;
};

struct sessions;

/* Sessions that live life seconds at most, idle seconds unused. */
struct sessions	*sessions_new(int life, int idle);
void		 sessions_free(struct sessions *s);

/* A new session (user "" and WEB_ROLE_NONE: anonymous), or NULL when no
 * random bytes could be had (logged). The pointer is valid until the
 * next call that changes s. */
const struct session	*session_create(struct sessions *s, const char *user,
			    enum web_role role, time_t now);
/* The live session the cookie names (marked used now), NULL for an
 * unknown, malformed or expired one (an expired one is forgotten). */
const struct session	*session_find(struct sessions *s, const char *id,
			    time_t now);
/* Logout. Nothing for an unknown id. */
void	session_destroy(struct sessions *s, const char *id);
/* Ends every session of user except keep's (may be NULL): a changed
 * password logs the user's other browsers out. */
void	session_destroy_user(struct sessions *s, const char *user,
	    const char *keep);
/* Sessions alive at now (anonymous ones too). */
int	session_count(struct sessions *s, time_t now);

/* Whether a and b are equal, in a time that does not tell where they
 * differ (tokens, ids). */
bool	session_token_equal(const char *a, const char *b);

#endif
