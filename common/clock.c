/*
 * clock.c - the monotonic and the wall clock in milliseconds (clock.h).
 */
#include "clock.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/*
 * Tests move the wall clock of a running program: with
 * ANTRE_CLOCK_OFFSET_FILE set, the file holds seconds to add to the wall
 * clock (negative: behind), read again whenever it is replaced. The
 * monotonic clock is never moved.
 */
static int64_t
wall_offset_ms(void)
{
	static const char *path;
	static int checked;
	static struct stat seen;
	static int64_t offset;
	struct stat st;
	long long v;
	FILE *f;

	if (!checked) {
		path = getenv("ANTRE_CLOCK_OFFSET_FILE");
		checked = 1;
	}
	if (path == NULL || stat(path, &st) == -1)
		return offset;
	if (st.st_ino == seen.st_ino &&
	    st.st_mtim.tv_sec == seen.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == seen.st_mtim.tv_nsec)
		return offset;
	if ((f = fopen(path, "r")) == NULL)
		return offset;
	if (fscanf(f, "%lld", &v) == 1) {
		offset = (int64_t)v * 1000;
		seen = st;
	}
	fclose(f);
	return offset;
}

int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	    wall_offset_ms();
}

int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
