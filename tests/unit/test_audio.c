/*
 * test_audio.c - the audio backends.
 *
 * wav: the file holds exactly the pieces played, back to back; the index
 * says where each is in the file and when a player would start it (after
 * the piece before, or now when idle); pending_ms() counts down with the
 * clock. Both files can be read while the backend is open.
 *
 * alsa, without a sound card: a device that does not exist is one log
 * line at open, plays are dropped quickly and quietly, pending goes to 0;
 * alsa-lib's "null" device takes the real write path; a device that
 * comes and goes (defined in an ALSA configuration the test rewrites) is
 * logged once per change. Times are checked in wide ranges: the machine
 * running the tests may be busy.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>
#include <sndfile.h>

#include "audio.h"
#include "wavindex.h"
#include "logcap.h"

extern int	audio_alsa_retry_ms;

static char	tmpdir[64];

/* Waits up to limit ms for the audio to go quiet; the time it took or -1. */
static int
wait_quiet(struct audio *a, int limit)
{
	int64_t t0 = mono_ms();

	while (audio_pending_ms(a) > 0) {
		if (mono_ms() - t0 > limit)
			return -1;
		sleep_ms(5);
	}
	return (int)(mono_ms() - t0);
}

/* n samples no two neighbours alike, different for each seed. */
static int16_t *
piece(size_t n, int seed)
{
	int16_t *p = malloc(n * sizeof(*p));
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++)
		p[i] = (int16_t)((int)(i * 37 + (size_t)seed * 1000) % 60000 -
		    30000);
	return p;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static struct audio *
open_wav(const char *name, char *path, size_t len)
{
	struct audio_conf ac;

	memset(&ac, 0, sizeof(ac));
	snprintf(ac.kind, sizeof(ac.kind), "wav");
	snprintf(path, len, "%s/%s", tmpdir, name);
	if (strlen(path) >= sizeof(ac.wav_path))
		fail_msg("%s: path too long", path);
	memcpy(ac.wav_path, path, strlen(path) + 1);
	return audio_open(&ac);
}

static struct audio *
open_alsa(const char *device)
{
	struct audio_conf ac;

	memset(&ac, 0, sizeof(ac));
	snprintf(ac.kind, sizeof(ac.kind), "alsa");
	snprintf(ac.device, sizeof(ac.device), "%s", device);
	return audio_open(&ac);
}

/* Reads the WAV (as another program would, while it is being written). */
static int16_t *
read_wav(const char *path, sf_count_t *frames)
{
	SF_INFO info;
	SNDFILE *sf;
	int16_t *s;

	memset(&info, 0, sizeof(info));
	if ((sf = sf_open(path, SFM_READ, &info)) == NULL)
		fail_msg("%s: %s", path, sf_strerror(NULL));
	assert_int_equal(info.samplerate, AUDIO_RATE);
	assert_int_equal(info.channels, 1);
	assert_int_equal(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
	s = malloc((size_t)(info.frames + 1) * sizeof(*s));
	assert_non_null(s);
	assert_int_equal(sf_readf_short(sf, s, info.frames), info.frames);
	sf_close(sf);
	*frames = info.frames;
	return s;
}

static void
test_wav_back_to_back(void **state)
{
	const size_t na = AUDIO_RATE * 3 / 10, nb = AUDIO_RATE / 5;
	int16_t *a = piece(na, 1), *b = piece(nb, 2), *got;
	struct idxline l[4];
	char path[300];
	struct audio *au;
	sf_count_t frames;
	int64_t t0, t1;
	int p1, p2, waited;

	assert_non_null(au = open_wav("two.wav", path, sizeof(path)));
	got = read_wav(path, &frames);
	assert_int_equal(frames, 0);
	free(got);
	assert_int_equal(audio_pending_ms(au), 0);

	t0 = mono_ms();
	assert_int_equal(audio_play(au, a, na, "A 017 loket 3"), 0);
	assert_int_equal(audio_play(au, b, nb, NULL), 0);
	t1 = mono_ms();
	p1 = audio_pending_ms(au);
	/* 500 ms queued, less what played since t0. */
	assert_in_range(p1, 500 - (mono_ms() - t0) - 2, 500);

	/* Exactly the two pieces, in order, while still open. */
	got = read_wav(path, &frames);
	assert_int_equal(frames, na + nb);
	assert_memory_equal(got, a, na * sizeof(*a));
	assert_memory_equal(got + na, b, nb * sizeof(*b));
	free(got);

	assert_int_equal(read_index(path, l, 4), 2);
	assert_int_equal(l[0].first, 0);
	assert_int_equal(l[0].n, na);
	assert_string_equal(l[0].label, "A 017 loket 3");
	assert_int_equal(l[1].first, na);
	assert_int_equal(l[1].n, nb);
	assert_string_equal(l[1].label, "-");
	/* The first starts now; the second when the first ends (300 ms). */
	assert_in_range(l[0].start, t0, t1);
	assert_in_range(l[1].start - l[0].start, 298, 302);

	/* Counts down with the clock. */
	sleep_ms(200);
	p2 = audio_pending_ms(au);
	assert_true(p2 <= p1 - 190);
	assert_true(p2 >= 0);
	assert_true((waited = wait_quiet(au, 2000)) >= 0);
	assert_true(mono_ms() - t0 >= 495);

	audio_close(au);
	free(a);
	free(b);
}

static void
test_wav_idle_start(void **state)
{
	const size_t na = AUDIO_RATE / 20, nb = AUDIO_RATE / 10;
	int16_t *a = piece(na, 3), *b = piece(nb, 4), *got;
	struct idxline l[4];
	char path[300];
	struct audio *au;
	sf_count_t frames;
	int64_t t0, t1;

	assert_non_null(au = open_wav("idle.wav", path, sizeof(path)));
	assert_int_equal(audio_play(au, a, na, "chime"), 0);
	assert_true(wait_quiet(au, 2000) >= 0);
	sleep_ms(150);
	assert_int_equal(audio_pending_ms(au), 0);

	t0 = mono_ms();
	assert_int_equal(audio_play(au, b, nb, "line\nbreak"), 0);
	t1 = mono_ms();
	assert_in_range(audio_pending_ms(au), 100 - (mono_ms() - t0) - 2, 100);

	/* Starts now, not when the first piece ended; no gap in the file. */
	assert_int_equal(read_index(path, l, 4), 2);
	assert_in_range(l[1].start, t0, t1);
	assert_true(l[1].start - l[0].start >= 150 + 50);
	assert_int_equal(l[1].first, na);
	assert_int_equal(l[1].n, nb);
	assert_string_equal(l[1].label, "line break");
	got = read_wav(path, &frames);
	assert_int_equal(frames, na + nb);
	assert_memory_equal(got + na, b, nb * sizeof(*b));
	free(got);

	audio_close(au);

	/* Opening again starts both files afresh. */
	assert_non_null(au = open_wav("idle.wav", path, sizeof(path)));
	assert_int_equal(read_index(path, l, 4), 0);
	got = read_wav(path, &frames);
	assert_int_equal(frames, 0);
	free(got);
	audio_close(au);
	free(a);
	free(b);
}

static void
test_open_errors(void **state)
{
	struct audio_conf ac;
	const char *log;

	memset(&ac, 0, sizeof(ac));
	snprintf(ac.kind, sizeof(ac.kind), "mp3");
	logcap_start();
	assert_null(audio_open(&ac));
	log = logcap_stop();
	assert_non_null(strstr(log, "audio: unknown kind \"mp3\""));
	assert_non_null(strstr(log, "(known: alsa, wav)"));

	snprintf(ac.kind, sizeof(ac.kind), "wav");
	snprintf(ac.wav_path, sizeof(ac.wav_path), "%s/no/such/dir/x.wav",
	    tmpdir);
	logcap_start();
	assert_null(audio_open(&ac));
	log = logcap_stop();
	assert_int_equal(count_lines(log), 1);
	assert_non_null(strstr(log, ac.wav_path));
	assert_non_null(strstr(log, "No such file or directory"));
}

static void
test_alsa_absent(void **state)
{
	const size_t n = AUDIO_RATE / 2;
	int16_t *s = piece(n, 5);
	struct audio *au;
	const char *log;
	int64_t t0;

	logcap_start();
	assert_non_null(au = open_alsa("hw:99,0"));
	assert_int_equal(count_lines(logcap_buf), 1);
	assert_non_null(strstr(logcap_buf, "\"hw:99,0\""));
	assert_non_null(strstr(logcap_buf, "cannot open"));

	/* Taken and dropped: the board goes on without sound. */
	t0 = mono_ms();
	assert_int_equal(audio_play(au, s, n, "A 001"), 0);
	assert_true(mono_ms() - t0 < 100);
	assert_true(wait_quiet(au, 1000) >= 0);

	/* Within 30 s: not tried again, nothing more said. */
	assert_int_equal(audio_play(au, s, n, "A 002"), 0);
	assert_true(wait_quiet(au, 1000) >= 0);
	assert_int_equal(audio_play(au, s, n, "A 003"), 0);
	audio_close(au);
	log = logcap_stop();
	if (count_lines(log) != 1)
		fail_msg("want one line, log:\n%s", log);
	free(s);
}

static void
test_alsa_null(void **state)
{
	const size_t n = AUDIO_RATE / 2;
	int16_t *s = piece(n, 6);
	struct audio *au;
	const char *log;
	int i, p = 0;

	logcap_start();
	assert_non_null(au = open_alsa("null"));
	/*
	 * The null device takes samples as fast as they come: the queue
	 * may be empty by the time the test looks, if the thread ran first
	 * (rare); so a few tries.
	 */
	for (i = 0; i < 5 && p == 0; i++) {
		assert_int_equal(audio_play(au, s, n, "A 004"), 0);
		p = audio_pending_ms(au);
		assert_in_range(p, 0, 500 + 100);
		assert_true(wait_quiet(au, 1500) >= 0);
	}
	assert_true(p > 0);

	/* Pieces one after the other, and a close with some still queued. */
	for (i = 0; i < 4; i++)
		assert_int_equal(audio_play(au, s, n, "A 005"), 0);
	assert_true(wait_quiet(au, 3000) >= 0);
	assert_int_equal(audio_play(au, s, n, "A 006"), 0);
	audio_close(au);
	log = logcap_stop();
	if (strstr(log, "warning") != NULL || count_lines(log) != 1 ||
	    strstr(log, "\"null\"") == NULL)
		fail_msg("log:\n%s", log);
	free(s);
}

/* The ALSA configuration of test_alsa_comes_back; NULL: none. */
static void
write_asoundrc(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	FILE *f;

	/* A new file each time: alsa-lib sees the change by its inode. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp))
		fail_msg("%s: path too long", path);
	if (text == NULL) {
		unlink(path);
		return;
	}
	if ((f = fopen(tmp, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF || rename(tmp, path) == -1)
		fail_msg("%s: %s", path, strerror(errno));
}

static void
test_alsa_comes_back(void **state)
{
	const size_t n = AUDIO_RATE / 5;
	int16_t *s = piece(n, 7);
	char conf[300];
	struct audio *au;
	const char *log, *back;
	int save = audio_alsa_retry_ms;

	snprintf(conf, sizeof(conf), "%s/asound.conf", tmpdir);
	write_asoundrc(conf, NULL);
	setenv("ALSA_CONFIG_PATH", conf, 1);
	audio_alsa_retry_ms = 1000;

	logcap_start();
	assert_non_null(au = open_alsa("antre_flaky"));
	assert_int_equal(count_lines(logcap_buf), 1);
	assert_non_null(strstr(logcap_buf, "\"antre_flaky\": cannot open"));

	/* Within the retry time: dropped, not tried. */
	write_asoundrc(conf, "pcm.antre_flaky { type null }\n");
	assert_int_equal(audio_play(au, s, n, NULL), 0);
	assert_true(wait_quiet(au, 1000) >= 0);
	assert_int_equal(count_lines(logcap_buf), 1);

	/* Tried again after it: back. */
	sleep_ms(1100);
	assert_int_equal(audio_play(au, s, n, NULL), 0);
	assert_true(wait_quiet(au, 1500) >= 0);
	assert_int_equal(count_lines(logcap_buf), 2);
	assert_non_null(strstr(logcap_buf, "\"antre_flaky\" is back"));
	assert_int_equal(audio_play(au, s, n, NULL), 0);
	assert_true(wait_quiet(au, 1500) >= 0);
	assert_int_equal(count_lines(logcap_buf), 2);

	/* Gone again: said once, at the next play. */
	write_asoundrc(conf, "# nothing\n");
	assert_int_equal(audio_play(au, s, n, NULL), 0);
	assert_true(wait_quiet(au, 1500) >= 0);
	assert_int_equal(audio_play(au, s, n, NULL), 0);
	assert_true(wait_quiet(au, 1500) >= 0);
	audio_close(au);
	log = logcap_stop();
	back = strstr(log, "is back");
	if (count_lines(log) != 3 || back == NULL ||
	    strstr(back, "\"antre_flaky\": cannot open") == NULL)
		fail_msg("log:\n%s", log);

	audio_alsa_retry_ms = save;
	unsetenv("ALSA_CONFIG_PATH");
	write_asoundrc(conf, NULL);
	free(s);
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/antre-audio-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/two.wav", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/two.wav.idx", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/idle.wav", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/idle.wav.idx", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wav_back_to_back),
		cmocka_unit_test(test_wav_idle_start),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_alsa_absent),
		cmocka_unit_test(test_alsa_null),
		cmocka_unit_test(test_alsa_comes_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
