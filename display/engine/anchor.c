/*
 * anchor.c - the head file beside the log (anchor.h).
 */
#include "anchor.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "atomicfile.h"

int
anchor_write(const char *path, const struct store_head *h)
{
	struct atomic_file af;
	char hex[65];
	int saved;

	store_head_hex(h->hash, hex);
	if (atomic_open(&af, path, 0644) == -1)
		return -1;
	if (fprintf(af.f, "antre-head 1\nday %s\nseq %lld\nhash %s\n", h->day,
	    (long long)h->seq, hex) < 0) {
		saved = errno;
		atomic_abort(&af);
		errno = saved;
		return -1;
	}
	return atomic_commit(&af);
}

int
anchor_read(const char *path, struct store_head *h, char *why,
    size_t whylen)
{
	char hex[65];
	long long seq;
	FILE *f;
	int n;

	memset(h, 0, sizeof(*h));
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fscanf(f, "antre-head 1 day %10s seq %lld hash %64s", h->day, &seq,
	    hex);
	fclose(f);
	if (n != 3 || seq < 1 ||
	    store_head_parse(hex, h->hash) != STORE_HASH_LEN) {
		snprintf(why, whylen, "%s: not a head written by "
		    "antre-display", path);
		return -1;
	}
	h->seq = seq;
	return 1;
}
