/*
 * daemon.c - common start-up of the Antre programs. See daemon.h.
 */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"

int
daemon_options(struct daemon_opts *o, int argc, char *argv[],
    const char *extra, const struct option *longopts,
    int (*handle)(void *arg, int ch, const char *value), void *arg)
{
	char optstring[64];
	int ch;

	log_init(o->prog, 0);
	snprintf(optstring, sizeof(optstring), "df:hnV%s", extra);
	while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'd':
			o->debug = 1;
			break;
		case 'f':
			o->path = optarg;
			break;
		case 'n':
			o->check = 1;
			break;
		case 'V':
			printf("%s %s\n", o->prog, ANTRE_VERSION);
			return 0;
		case 'h':
			fputs(o->usage, stdout);
			return 0;
		case '?':
			fputs(o->usage, stderr);
			return 2;
		default:
			if (handle == NULL || handle(arg, ch, optarg) == -1) {
				fputs(o->usage, stderr);
				return 2;
			}
			break;
		}
	}
	if (optind != argc) {
		fputs(o->usage, stderr);
		return 2;
	}
	log_init(o->prog, o->debug);
	return -1;
}

static void
signals_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

int
signals_block(void)
{
	sigset_t set;

	signals_set(&set);
	return sigprocmask(SIG_BLOCK, &set, NULL);
}

int
signals_open(void)
{
	sigset_t set;

	if (signals_block() == -1)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	signals_set(&set);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int
signals_read(int fd)
{
	struct signalfd_siginfo si;
	int stop = 0;

	while (read(fd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM)
			stop = 1;
	return stop;
}
