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

#include <stddef.h>

#include "config.h"
#include "proto-admin.h"

#define SETTINGS_FILE	"settings.conf"

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
 * Reads path's "key = value" lines over c (after config_load()). A line
 * that is not a pair or is refused is logged with path:line and the
 * reason, and left out: the hall starts with the rest. A missing file is
 * no error. 0, or -1 if the file exists but cannot be read.
 */
int	settings_file_read(struct conf *c, const char *path);

/* Writes every setting of c to path, whole or not at all. 0, or -1
 * (logged). */
int	settings_file_write(const struct conf *c, const char *path);

#endif
