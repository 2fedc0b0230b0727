/*
 * web-usercmd.c - "antre-web user ...": the users file from the command
 * line (web-users.h), for the first admin and for a forgotten password.
 */
#include "web-users.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define USAGE	"usage: antre-web [-c file] user add NAME kepala|admin\n" \
		"       antre-web [-c file] user passwd NAME\n" \
		"       antre-web [-c file] user del NAME\n" \
		"       antre-web [-c file] user list\n"

/* One line from fd 0 into buf, without its end; -1 at EOF or when it
 * does not fit. */
static int
read_line(const char *prompt, bool tty, char *buf, size_t len)
{
	struct termios old, quiet;
	size_t n;
	int rc = 0;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(0, &old) == -1)
			return -1;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		if (tcsetattr(0, TCSAFLUSH, &quiet) == -1)
			return -1;
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		rc = -1;
	else if ((n = strcspn(buf, "\n")) == len - 1 && buf[n] != '\n')
		rc = -1;
	else
		buf[n] = '\0';
	if (tty)
		tcsetattr(0, TCSAFLUSH, &old);
	return rc;
}

static int
ask_password(char *buf, size_t len)
{
	char again[WEB_PASS_MAX + 2];
	bool tty = isatty(0);

	if (read_line("Sandi baru: ", tty, buf, len) == -1) {
		fprintf(stderr, "antre-web: no password on the standard "
		    "input (one line, at most %d bytes)\n", WEB_PASS_MAX);
		return -1;
	}
	if (!tty)
		return 0;
	if (read_line("Ulangi sandi: ", tty, again, sizeof(again)) == -1 ||
	    strcmp(buf, again) != 0) {
		explicit_bzero(again, sizeof(again));
		fprintf(stderr, "antre-web: the passwords differ\n");
		return -1;
	}
	explicit_bzero(again, sizeof(again));
	return 0;
}

int
web_user_command(const char *path, int argc, char *argv[])
{
	struct web_user u[64];
	char pw[WEB_PASS_MAX + 2], why[160];
	enum web_role role = WEB_ROLE_NONE;
	int i, n, rc;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((n = web_users_list(path, u, 64)) == -1)
			return 1;
		for (i = 0; i < n; i++)
			printf("%s %s\n", u[i].name, web_role_name(u[i].role));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "del") == 0) {
		if (web_users_del(path, argv[2], why, sizeof(why)) == -1) {
			fprintf(stderr, "antre-web: %s: %s\n", argv[2], why);
			return 1;
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "add") == 0) {
		if ((role = web_role_parse(argv[3])) == WEB_ROLE_NONE) {
			fputs(USAGE, stderr);
			return 2;
		}
		n = web_users_list(path, u, 64);
		for (i = 0; i < n; i++)
			if (strcmp(u[i].name, argv[2]) == 0) {
				fprintf(stderr, "antre-web: %s: already a "
				    "user (user passwd changes the "
				    "password)\n", argv[2]);
				return 1;
			}
	} else if (!(argc == 3 && strcmp(argv[1], "passwd") == 0)) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (web_user_name_check(argv[2], why, sizeof(why)) == -1) {
		fprintf(stderr, "antre-web: %s: %s\n", argv[2], why);
		return 1;
	}
	if (ask_password(pw, sizeof(pw)) == -1)
		return 1;
	rc = web_users_set(path, argv[2], role, pw, why, sizeof(why));
	explicit_bzero(pw, sizeof(pw));
	if (rc == -1) {
		fprintf(stderr, "antre-web: %s: %s\n", argv[2], why);
		return 1;
	}
	return 0;
}
