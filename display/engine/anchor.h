/*
 * anchor.h - the log's head kept in a file beside the log, so that the
 * central can tell at start whether its log still holds the head of the
 * last day's close (docs/architecture.md, "The anchor").
 */
#ifndef ANTRE_ANCHOR_H
#define ANTRE_ANCHOR_H

#include <stdint.h>

#include "store.h"

/* Writes "antre-head 1", the day, the row and the hash to path, whole or
 * not at all. 0, or -1 with errno set. */
int	anchor_write(const char *path, const struct store_head *h);
/* Reads it back into h (seq, day and hash). 1, 0 if there is no file,
 * -1 with why filled (an I/O error, a file that is not a head). */
int	anchor_read(const char *path, struct store_head *h, char *why,
	    size_t whylen);

#endif
