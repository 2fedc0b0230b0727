/* clocktext.c - the date and clock texts, in Indonesian and local time. */
#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static const char *const render_days[7] = {
	"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"
};

static const char *const render_months[12] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
};

static int
local_tm(int64_t ms, struct tm *tm)
{
	time_t t;
	int64_t s;

	/* Floor, not truncate: a clock before 1970 is broken, but must
	 * still not show the next second. */
	s = ms / 1000;
	if (ms % 1000 < 0)
		s--;
	t = (time_t)s;
	if (localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

const char *
render_date(int64_t ms, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (local_tm(ms, &tm) == -1 || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return buf;
	snprintf(buf, len, "%s, %d %s %lld", render_days[tm.tm_wday],
	    tm.tm_mday, render_months[tm.tm_mon], (long long)tm.tm_year + 1900);
	return buf;
}

const char *
render_clock(int64_t ms, bool seconds, char *buf, size_t len)
{
	struct tm tm;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (local_tm(ms, &tm) == -1)
		return buf;
	if (seconds)
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
	else
		snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
	return buf;
}
