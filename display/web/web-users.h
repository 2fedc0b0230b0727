/*
 * web-users.h - antre-web's users (web-users.c): one file of
 * "name:role:hash" lines, the hash from crypt(3) with yescrypt, written
 * whole and renamed into place. Roles: "kepala" reads, "admin" reads
 * and changes.
 */
#ifndef ANTRE_WEB_USERS_H
#define ANTRE_WEB_USERS_H

#include <stddef.h>

#include "web-page.h"

#define WEB_USER_MAX	33	/* name: 1..32 of [a-z0-9._-] */
#define WEB_PASS_MIN	8	/* bytes */
#define WEB_PASS_MAX	128

struct web_user {
	char		name[WEB_USER_MAX];
	enum web_role	role;
};

/* The users, at most max; returns how many, or -1 (logged). */
int	web_users_list(const char *path, struct web_user *u, int max);

/* Checks name's password. The role, or WEB_ROLE_NONE for an unknown
 * user or a wrong password (the same time either way). */
enum web_role	web_users_check(const char *path, const char *name,
		    const char *password);

/* Sets (or, with role != WEB_ROLE_NONE and an unknown name, adds) a
 * user's password. role WEB_ROLE_NONE keeps the user's role. 0, or -1
 * with why in Bahasa Indonesia ("Sandi minimal 8 karakter"). */
int	web_users_set(const char *path, const char *name, enum web_role role,
	    const char *password, char *why, size_t whylen);

/* Removes a user. 0, or -1 with why ("Pengguna tidak dikenal"). */
int	web_users_del(const char *path, const char *name, char *why,
	    size_t whylen);

/* Whether name is a valid user name; 0, or -1 with why. */
int	web_user_name_check(const char *name, char *why, size_t whylen);

const char	*web_role_name(enum web_role r);	/* "kepala", "admin" */
/* "kepala" or "admin" to the role; WEB_ROLE_NONE for anything else. */
enum web_role	web_role_parse(const char *s);

/* "antre-web user add NAME ROLE | passwd NAME | list | del NAME"
 * (web-usercmd.c): argv[0] is "user". The password is read from the
 * standard input (asked twice without echo on a terminal). The exit
 * status. */
int	web_user_command(const char *path, int argc, char *argv[]);

#endif
