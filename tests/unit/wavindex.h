/*
 * wavindex.h - for audio tests: reads the index the wav output writes
 * beside its file ("<first sample> <samples> <start ms> <label>" a line),
 * and the monotonic clock the index's times are in. Include after
 * <cmocka.h>.
 */
#ifndef ANTRE_WAVINDEX_H
#define ANTRE_WAVINDEX_H

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "clock.h"

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1)
		;
}

struct idxline {
	long long	first, n, start;
	char		label[64];
};

/* Reads the index next to the WAV; the number of lines. */
static int
read_index(const char *wav, struct idxline *l, int max)
{
	char path[300], line[256];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s.idx", wav);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (n == max)
			fail_msg("%s: more than %d lines", path, max);
		if (sscanf(line, "%lld %lld %lld %63[^\n]", &l[n].first,
		    &l[n].n, &l[n].start, l[n].label) != 4)
			fail_msg("%s: bad line \"%s\"", path, line);
		n++;
	}
	fclose(f);
	return n;
}

#endif
