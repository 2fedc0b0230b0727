/*
 * settings.h - what the office may change in a running hall (the keys of
 * docs/protocol.md, "Admin"): a pair applied to the configuration with
 * the admin's reason in Bahasa Indonesia when it is refused, the
 * configuration as the retained settings, and settings.conf, the
 * changes kept beside the event log and read over the configuration at
 * start.
 */
#ifndef ANTRE_SETTINGS_H
#define ANTRE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "proto-admin.h"

#define SETTINGS_FILE	"settings.conf"
/* Its line naming the last row of the event log it holds. */
#define SETTINGS_LOG_SEQ	"log.seq"

/*
 * Applies pairs set[0..n) to c in order, services' names first (a name
 * for a letter the hall lacks adds that service): all or none. 0, or -1
 * with c unchanged, *bad the index of the pair at fault (-1: none in
 * particular) and why the reason for the admin (PROTO_REASON_MAX).
 */
int	settings_apply(struct conf *c, const struct admin_pair *set, int n,
	    int *bad, char *why, size_t whylen);

/* What c runs with, as P/settings carries it (time_ms left 0). */
void	settings_of_conf(const struct conf *c, struct settings *st);

/* settings.conf in the directory of c's log. */
void	settings_file_path(const struct conf *c, char *buf, size_t len);

/*
 * What settings.conf says besides its settings: up to which row of the
 * event log it holds the office's changes (its "log.seq = N" line). The
 * central replays the log's later 'setting' events over it at start.
 */
struct settings_file {
	bool	found;		/* the file exists */
	bool	readable;	/* and was read to its end */
	int64_t	seq;		/* log.seq; 0 if the file does not say */
	int	ignored;	/* lines left out */
};

/*
 * Reads path's "key = value" lines over c (after config_load()) into
 * *sf. A line that is not a pair or is refused is logged with path:line
 * and the reason, and left out: the hall starts with the rest. A missing
 * file is no error. 0, or -1 if the file exists but cannot be read.
 */
int	settings_file_read(struct conf *c, const char *path,
	    struct settings_file *sf);

/*
 * Writes every setting of c to path, whole or not at all, saying that
 * it holds the log's setting events up to row seq; c NULL: no setting,
 * the configuration alone (and the changes after row seq). 0, or -1
 * (logged).
 */
int	settings_file_write(const struct conf *c, const char *path,
	    int64_t seq);

/* One setting event's detail (the command as admin_cmd_encode() wrote
 * it) applied over c: 1 applied, 0 nothing to apply (a note), -1 not
 * readable or refused now, why saying so (and which key). */
int	settings_replay(struct conf *c, const char *detail, char *why,
	    size_t whylen);

#endif
