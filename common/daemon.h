/*
 * daemon.h - what every Antre program does the same way at start-up: the
 * common options (-f -n -d -h -V) and the signalfd.
 */
#ifndef ANTRE_DAEMON_H
#define ANTRE_DAEMON_H

#include <stddef.h>

struct daemon_opts {
	const char	*prog;		/* "antre-desk" */
	const char	*usage;		/* full usage text, ends with \n */
	const char	*path;		/* -f, preset to the default */
	int		 debug;		/* -d */
	int		 check;		/* -n */
};

/*
 * Parses argv. Options other than f, n, d, h, V listed in extra (getopt
 * syntax) or in longopts (getopt_long's table, may be NULL) go to
 * handle(arg, ch, optarg), which returns 0, or -1 for a
 * usage error. Returns -1 to go on, or the status main() should exit
 * with (0 after -h or -V, 2 after a usage error). Also calls log_init().
 */
struct option;
int	daemon_options(struct daemon_opts *o, int argc, char *argv[],
	    const char *extra, const struct option *longopts,
	    int (*handle)(void *arg, int ch, const char *value), void *arg);

/* Blocks SIGINT, SIGTERM and SIGHUP into a non-blocking signalfd and
 * ignores SIGPIPE. Returns the fd or -1. */
int	signals_open(void);
/* Blocks them only: call before anything may start a thread (pango and
 * fontconfig do, when a configuration's text is checked), or a signal
 * delivered to that thread ends the program instead of reaching the
 * signalfd. 0 or -1. */
int	signals_block(void);
/* Reads pending signals; returns 1 if one asks the program to stop. */
int	signals_read(int fd);

#endif
