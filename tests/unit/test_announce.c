/*
 * test_announce.c - the announcer with the build's voice ($ANTRE_VOICE_DIR)
 * and the wav output, read back from its file and index.
 *
 * What is said: a recall of a ticket still waiting collapses into its
 * call, a recall of the ticket being said is said again; repeats and
 * volume shape the samples; quiet hours (local time, across midnight
 * too) say nothing. Clips: a missing word or a clip at the wrong rate
 * stops start-up with the file's name. Timing: announce_due() with a
 * fake clock for the gap, the wav "player" on the real one.
 *
 * The wav output counts a sentence as playing for as long as it would
 * last, on CLOCK_MONOTONIC: the sentences here are a word or two ("dua",
 * "huruf-a"), and waits are generous.
 */
#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "wavindex.h"
#include <sndfile.h>

#include "announce.h"
#include "logcap.h"

/* Far past any gap: only the wav output's real clock holds a call back. */
#define LATER		100000

static char		 tmpdir[64];
static const char	*voice;

/* The samples of a WAV file; *n of them. */
static int16_t *
read_wav(const char *path, size_t *n)
{
	SF_INFO info;
	SNDFILE *sf;
	int16_t *s;

	memset(&info, 0, sizeof(info));
	if ((sf = sf_open(path, SFM_READ, &info)) == NULL)
		fail_msg("%s: %s", path, sf_strerror(NULL));
	assert_int_equal(info.samplerate, AUDIO_RATE);
	assert_int_equal(info.channels, 1);
	s = malloc((size_t)(info.frames + 1) * sizeof(*s));
	assert_non_null(s);
	assert_int_equal(sf_readf_short(sf, s, info.frames), info.frames);
	sf_close(sf);
	*n = (size_t)info.frames;
	return s;
}

/* A clip of the build's voice. */
static int16_t *
clip(const char *name, size_t *n)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.wav", voice, name);
	return read_wav(path, n);
}

static size_t
clip_len(const char *name)
{
	size_t n;

	free(clip(name, &n));
	return n;
}

/* A voice on the build's clips, written to tmpdir/<wav>; no gaps
 * between words, 50 ms between calls. */
static void
voice_init(struct voice_conf *vc, const char *tmpl, const char *wav,
    char *path, size_t len)
{
	char err[128];

	voice_conf_defaults(vc);
	vc->enabled = true;
	snprintf(vc->clips, sizeof(vc->clips), "%s", voice);
	if (speech_template_parse(tmpl, &vc->tmpl, err, sizeof(err)) == -1)
		fail_msg("template \"%s\": %s", tmpl, err);
	vc->word_gap_ms = 0;
	vc->gap_ms = 50;
	snprintf(vc->audio.kind, sizeof(vc->audio.kind), "wav");
	snprintf(path, len, "%s/%s", tmpdir, wav);
	snprintf(vc->audio.wav_path, sizeof(vc->audio.wav_path), "%s", path);
}

static struct announcer *
open_ok(const struct voice_conf *vc)
{
	struct announcer *a;
	const char *log;

	logcap_start();
	a = announce_open(vc);
	log = logcap_stop();
	if (a == NULL)
		fail_msg("announce_open failed, log:\n%s", log);
	return a;
}

static struct board_call
call(char service, int number, int desk, bool recall)
{
	struct board_call c;

	memset(&c, 0, sizeof(c));
	c.ticket.service = service;
	c.ticket.number = number;
	c.desk = desk;
	c.recall = recall;
	return c;
}

/*
 * Says everything queued. The fake clock jumps to when the announcer
 * is due; only the wav output's player (real time) is waited for.
 * Returns the number of sentences started, their calls in said.
 */
static int
drain(struct announcer *a, int64_t *mono, struct board_call *said, int max)
{
	int64_t limit = mono_ms() + 10000;
	int n = 0, due;

	while ((due = announce_due(a, *mono)) >= 0) {
		if (mono_ms() > limit)
			fail_msg("still saying after 10 s");
		if (n < max && announce_tick(a, *mono, &said[n])) {
			n++;
			continue;
		}
		if (n == max)
			fail_msg("more than %d sentences", max);
		*mono += due;
		sleep_ms(due > 20 ? 20 : due);
	}
	return n;
}

static void
assert_call(const struct board_call *c, char service, int number, int desk,
    bool recall)
{
	if (c->ticket.service != service || c->ticket.number != number ||
	    c->desk != desk || c->recall != recall)
		fail_msg("said %c%d@%d%s, want %c%d@%d%s", c->ticket.service,
		    c->ticket.number, c->desk, c->recall ? "+recall" : "",
		    service, number, desk, recall ? "+recall" : "");
}

/* Three calls come while one is said; one of them recalls another of
 * them: that ticket is said once, at its place, as the recall. */
static void
test_recall_of_waiting(void **state)
{
	struct voice_conf vc;
	struct announcer *a;
	struct board_call said[8], first, c;
	struct idxline l[8];
	char path[300];
	int64_t mono = 1000000;
	int i;

	(void)state;
	voice_init(&vc, "{number}", "waiting.wav", path, sizeof(path));
	a = open_ok(&vc);

	c = call('A', 1, 1, false);
	announce_call(a, &c, 0);
	assert_true(announce_tick(a, mono, &first));
	assert_call(&first, 'A', 1, 1, false);

	c = call('A', 2, 2, false);
	announce_call(a, &c, 0);
	c = call('A', 3, 1, false);
	announce_call(a, &c, 0);
	c = call('A', 2, 2, true);
	announce_call(a, &c, 0);
	/* "satu" is still playing: nothing starts over it. */
	assert_true(announce_due(a, mono + LATER) > 0);
	assert_false(announce_tick(a, mono + LATER, &c));

	assert_int_equal(drain(a, &mono, said, 8), 2);
	assert_call(&said[0], 'A', 2, 2, true);
	assert_call(&said[1], 'A', 3, 1, false);
	announce_close(a);

	assert_int_equal(read_index(path, l, 8), 3);
	assert_string_equal(l[0].label, "A1@1");
	assert_string_equal(l[1].label, "A2@2+recall");
	assert_string_equal(l[2].label, "A3@1");
	assert_int_equal(l[0].n, clip_len("satu"));
	assert_int_equal(l[1].n, clip_len("dua"));
	assert_int_equal(l[2].n, clip_len("tiga"));
	for (i = 0; i < 3; i++)
		assert_int_equal(l[i].first, i == 0 ? 0 : l[i - 1].first +
		    l[i - 1].n);
}

/* A recall of the ticket being said: said again, whole. */
static void
test_recall_of_said(void **state)
{
	struct voice_conf vc;
	struct announcer *a;
	struct board_call said[4], c;
	struct idxline l[4];
	char path[300];
	int64_t mono = 1000000;
	size_t satu = clip_len("satu");

	(void)state;
	voice_init(&vc, "{number}", "said.wav", path, sizeof(path));
	a = open_ok(&vc);
	c = call('A', 1, 1, false);
	announce_call(a, &c, 0);
	assert_true(announce_tick(a, mono, &said[0]));
	c = call('A', 1, 1, true);
	announce_call(a, &c, 0);
	assert_true(announce_due(a, mono + LATER) > 0);

	assert_int_equal(drain(a, &mono, said, 4), 1);
	assert_call(&said[0], 'A', 1, 1, true);
	announce_close(a);

	assert_int_equal(read_index(path, l, 4), 2);
	assert_string_equal(l[0].label, "A1@1");
	assert_string_equal(l[1].label, "A1@1+recall");
	assert_int_equal(l[0].n, satu);
	assert_int_equal(l[1].n, satu);
	/* Not over the first: after it, on the player's clock. */
	assert_true(l[1].start >= l[0].start + (long long)satu * 1000 /
	    AUDIO_RATE);
}

/* repeat = 2: the sentence, the gap, the sentence again, in one piece. */
static void
test_repeat(void **state)
{
	struct voice_conf vc;
	struct announcer *a;
	struct board_call c;
	struct idxline l[2];
	char path[300];
	int16_t *dua, *got;
	size_t nd, n, one, gap, i;

	(void)state;
	voice_init(&vc, "{number}", "repeat.wav", path, sizeof(path));
	vc.repeat = 2;
	vc.word_gap_ms = 20;
	vc.gap_ms = 100;
	a = open_ok(&vc);
	c = call('B', 2, 1, false);
	announce_call(a, &c, 0);
	assert_true(announce_tick(a, 1000000, &c));
	announce_close(a);

	dua = clip("dua", &nd);
	one = nd + 20 * AUDIO_RATE / 1000;
	gap = 100 * AUDIO_RATE / 1000;
	assert_int_equal(read_index(path, l, 2), 1);
	assert_string_equal(l[0].label, "B2@1");
	assert_int_equal(l[0].n, 2 * one + gap);

	got = read_wav(path, &n);
	assert_int_equal(n, 2 * one + gap);
	assert_memory_equal(got, dua, nd * sizeof(*dua));
	assert_memory_equal(got + one + gap, dua, nd * sizeof(*dua));
	/* The word gap after each, and the gap between them: silence. */
	for (i = nd; i < one + gap; i++)
		if (got[i] != 0)
			fail_msg("sample %zu is %d, not silence", i, got[i]);
	for (i = one + gap + nd; i < n; i++)
		if (got[i] != 0)
			fail_msg("sample %zu is %d, not silence", i, got[i]);
	free(got);
	free(dua);
}

/* volume = 50: every sample of every clip halved, as announce.c's
 * integer arithmetic does it (toward zero). */
static void
test_volume(void **state)
{
	struct voice_conf vc;
	struct announcer *a;
	struct board_call c;
	char path[300];
	int16_t *chime, *satu, *got, want;
	size_t nc, ns, n, i;
	int changed = 0;

	(void)state;
	voice_init(&vc, "chime {number}", "volume.wav", path, sizeof(path));
	vc.volume = 50;
	a = open_ok(&vc);
	c = call('A', 1, 1, false);
	announce_call(a, &c, 0);
	assert_true(announce_tick(a, 1000000, &c));
	announce_close(a);

	chime = clip("chime", &nc);
	satu = clip("satu", &ns);
	got = read_wav(path, &n);
	assert_int_equal(n, nc + ns);
	for (i = 0; i < nc; i++) {
		want = (int16_t)((int32_t)chime[i] * 50 / 100);
		if (got[i] != want)
			fail_msg("chime sample %zu: %d, want %d (clip %d)", i,
			    got[i], want, chime[i]);
		changed += got[i] != chime[i];
	}
	for (i = 0; i < ns; i++) {
		want = (int16_t)((int32_t)satu[i] * 50 / 100);
		if (got[nc + i] != want)
			fail_msg("satu sample %zu: %d, want %d", i, got[nc + i],
			    want);
	}
	/* The clip is not silence: the volume did something. */
	assert_true(changed > (int)nc / 2);
	free(got);
	free(chime);
	free(satu);
}

/* Milliseconds since the epoch of hh:mm on 2024-05-06 in Jakarta
 * (UTC+7): 2024-05-06 00:00 UTC is 1714953600. */
static int64_t
wib(int h, int m)
{
	return ((int64_t)1714953600 - 7 * 3600 + h * 3600 + m * 60) * 1000;
}

static void
set_tz(const char *tz)
{
	if (tz != NULL)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	/* glibc's localtime_r() reads TZ once, not at every call. */
	tzset();
}

/* Quiet hours, local time: 12:00-13:00 and 22:00-05:00 across
 * midnight; the end of a range is not in it. */
static void
test_quiet(void **state)
{
	static const struct {
		int	n, h, m;
		bool	quiet;
	} cases[] = {
		{ 1, 12, 30, true }, { 2, 12, 0, true }, { 5, 23, 30, true },
		{ 6, 0, 10, true }, { 7, 4, 59, true }, { 11, 22, 0, true },
		{ 3, 13, 0, false }, { 4, 11, 59, false },
		{ 8, 5, 0, false }, { 9, 21, 59, false },
	};
	/* The ones outside, in order, and A10 (below). */
	static const int spoken[] = { 3, 4, 8, 9, 10 };
	struct voice_conf vc;
	struct announcer *a;
	struct board_call said[16], c;
	struct idxline l[16];
	char path[300], *saved_tz = NULL;
	int64_t mono = 1000000;
	size_t i;
	int n, k;

	(void)state;
	if (getenv("TZ") != NULL)
		saved_tz = strdup(getenv("TZ"));
	voice_init(&vc, "{letter}", "quiet.wav", path, sizeof(path));
	vc.gap_ms = 0;
	vc.nquiet = 2;
	vc.quiet[0].from_min = 12 * 60;
	vc.quiet[0].to_min = 13 * 60;
	vc.quiet[1].from_min = 22 * 60;
	vc.quiet[1].to_min = 5 * 60;
	a = open_ok(&vc);

	set_tz("WIB-7");
	/* The quiet ones first: each leaves the queue empty. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!cases[i].quiet)
			continue;
		c = call('A', cases[i].n, 1, false);
		announce_call(a, &c, wib(cases[i].h, cases[i].m));
		if (announce_due(a, mono) != -1)
			fail_msg("A%d at %02d:%02d queued in quiet hours",
			    cases[i].n, cases[i].h, cases[i].m);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].quiet)
			continue;
		c = call('A', cases[i].n, 1, false);
		announce_call(a, &c, wib(cases[i].h, cases[i].m));
		if (announce_due(a, mono) == -1)
			fail_msg("A%d at %02d:%02d not queued", cases[i].n,
			    cases[i].h, cases[i].m);
	}
	/* The hours are the local ones: 12:30 in Jakarta is 05:30 UTC. */
	set_tz("UTC0");
	c = call('A', 10, 1, false);
	announce_call(a, &c, wib(12, 30));
	set_tz(saved_tz);
	free(saved_tz);

	n = drain(a, &mono, said, 16);
	announce_close(a);
	assert_int_equal(n, 5);
	assert_int_equal(read_index(path, l, 16), 5);
	for (k = 0; k < n; k++)
		assert_int_equal(said[k].ticket.number, spoken[k]);
	assert_string_equal(l[0].label, "A3@1");
	assert_string_equal(l[4].label, "A10@1");
}

/* A copy of the build's voice (symbolic links) without one clip. */
static void
voice_copy(const char *dir, const char *without)
{
	char from[512], to[512];
	struct dirent *de;
	DIR *d;

	if (mkdir(dir, 0755) == -1)
		fail_msg("%s: %s", dir, strerror(errno));
	if ((d = opendir(voice)) == NULL)
		fail_msg("%s: %s", voice, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, without) == 0)
			continue;
		snprintf(from, sizeof(from), "%s/%s", voice, de->d_name);
		snprintf(to, sizeof(to), "%s/%s", dir, de->d_name);
		if (symlink(from, to) == -1)
			fail_msg("%s: %s", to, strerror(errno));
	}
	closedir(d);
}

static void
test_missing_clip(void **state)
{
	struct voice_conf vc;
	char path[300], dir[128], want[256];
	const char *log;

	(void)state;
	voice_init(&vc, SPEECH_TEMPLATE, "missing.wav", path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s/voice-missing", tmpdir);
	voice_copy(dir, "delapan.wav");
	snprintf(vc.clips, sizeof(vc.clips), "%s", dir);
	snprintf(want, sizeof(want), "%s/delapan.wav: missing (number word "
	    "\"delapan\")", dir);

	logcap_start();
	assert_null(announce_open(&vc));
	log = logcap_stop();
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\", log:\n%s", want, log);

	logcap_start();
	assert_int_equal(announce_check(&vc), -1);
	log = logcap_stop();
	if (strstr(log, want) == NULL)
		fail_msg("-n: want \"%s\", log:\n%s", want, log);
}

static void
test_wrong_rate(void **state)
{
	struct voice_conf vc;
	char path[300], dir[128], clip_path[256], want[512];
	int16_t s[4410];
	const char *log;
	SF_INFO info;
	SNDFILE *sf;
	size_t i;

	(void)state;
	voice_init(&vc, SPEECH_TEMPLATE, "rate.wav", path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s/voice-rate", tmpdir);
	voice_copy(dir, "tiga.wav");
	snprintf(vc.clips, sizeof(vc.clips), "%s", dir);

	/* "tiga" recorded at CD rate: 0.1 s of a tone. */
	snprintf(clip_path, sizeof(clip_path), "%s/tiga.wav", dir);
	memset(&info, 0, sizeof(info));
	info.samplerate = 44100;
	info.channels = 1;
	info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	if ((sf = sf_open(clip_path, SFM_WRITE, &info)) == NULL)
		fail_msg("%s: %s", clip_path, sf_strerror(NULL));
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		s[i] = (int16_t)(i % 100 * 200 - 10000);
	assert_int_equal(sf_writef_short(sf, s, 4410), 4410);
	sf_close(sf);

	snprintf(want, sizeof(want), "%s: 1 channel(s) at 44100 Hz, 4410 "
	    "samples: a clip must be mono, %d Hz", clip_path, AUDIO_RATE);
	logcap_start();
	assert_null(announce_open(&vc));
	log = logcap_stop();
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\", log:\n%s", want, log);
}

/* -1: nothing to say; >0: the gap (fake clock) or the player (real
 * clock) holds the next call back; 0: it may start. */
static void
test_due(void **state)
{
	struct voice_conf vc;
	struct announcer *a;
	struct board_call c, started;
	char path[300];
	const int64_t t = 1000000;
	int64_t limit;
	int len, due;

	(void)state;
	voice_init(&vc, "{number}", "due.wav", path, sizeof(path));
	vc.gap_ms = 300;
	a = open_ok(&vc);
	len = (int)(clip_len("sembilan") * 1000 / AUDIO_RATE);

	assert_int_equal(announce_due(a, t), -1);
	c = call('A', 9, 1, false);
	announce_call(a, &c, 0);
	assert_int_equal(announce_due(a, t), 0);
	assert_true(announce_tick(a, t, &started));
	assert_call(&started, 'A', 9, 1, false);
	assert_int_equal(announce_due(a, t), -1);

	c = call('A', 2, 1, false);
	announce_call(a, &c, 0);
	/* The sentence, then the gap. */
	assert_int_equal(announce_due(a, t), len + 300);
	/* Past the gap on the fake clock, but still playing. */
	due = announce_due(a, t + LATER);
	assert_in_range(due, 1, len + 1);
	assert_false(announce_tick(a, t + LATER, &started));

	limit = mono_ms() + 5000;
	while ((due = announce_due(a, t + LATER)) > 0) {
		if (mono_ms() > limit)
			fail_msg("still playing after 5 s (due %d)", due);
		sleep_ms(due > 20 ? 20 : due);
	}
	/* Played: now only the gap counts. */
	assert_int_equal(announce_due(a, t + len), 300);
	assert_int_equal(announce_due(a, t + len + 299), 1);
	assert_false(announce_tick(a, t + len + 299, &started));
	assert_int_equal(announce_due(a, t + len + 300), 0);
	assert_true(announce_tick(a, t + len + 300, &started));
	assert_call(&started, 'A', 2, 1, false);
	assert_int_equal(announce_due(a, t + len + 300), -1);
	announce_close(a);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int
setup(void **state)
{
	(void)state;
	if ((voice = getenv("ANTRE_VOICE_DIR")) == NULL || voice[0] == '\0') {
		fprintf(stderr, "$ANTRE_VOICE_DIR is not set (ctest sets it)\n");
		return -1;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/antre-announce-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recall_of_waiting),
		cmocka_unit_test(test_recall_of_said),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_volume),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_missing_clip),
		cmocka_unit_test(test_wrong_rate),
		cmocka_unit_test(test_due),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
