/*
 * test_conf.c - the INI reader's limits and the texts a citizen reads:
 * a running text of 511 bytes goes from the file to the board whole; a
 * value or a line too long is named with file, line, key and limit;
 * every key's error names file and line; a character no installed font
 * draws is refused with the key, the line and its U+XXXX, and emoji are
 * drawn, in colour, by the fonts scripts/setup installs. The running
 * text's strip, wider than a cairo surface may be at 4K, is drawn in
 * tiles: the whole text at its full size, scrolled across the seams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "config.h"
#include "glyphs.h"
#include "logcap.h"
#include "render-int.h"
#include "sample-board.h"

/* The smallest configuration a central accepts, after the lines under
 * test. */
static const char tail[] =
    "[service A]\nname = KTP\n[desk 1]\nservices = A\n";

static int
load(const char *path, void *c)
{
	return config_load_flags(path, c, CONFIG_NO_SECRETS);
}

/* Loads text (tail appended), which must load without a word logged. */
static void
load_ok(const char *text, struct conf *c)
{
	char *all, *path;
	const char *log;

	if (asprintf(&all, "%s%s", text, tail) == -1)
		fail();
	path = tmpfile_with(all);
	logcap_start();
	if (load(path, c) != 0 || (log = logcap_stop())[0] != '\0')
		fail_msg("%s did not load:\n%s", path, logcap_stop());
	unlink(path);
	free(path);
	free(all);
}

static void
expect_error(const char *text, int line, const char *expect, int casenum)
{
	struct conf c;
	char *all;

	if (asprintf(&all, "%s%s", text, tail) == -1)
		fail();
	expect_conf_error(load, &c, all, line, expect, casenum);
	free(all);
}

static char *
repeat(const char *s, int n, const char *after)
{
	size_t len = strlen(s);
	char *out = malloc(len * n + strlen(after) + 1);
	int i;

	assert_non_null(out);
	for (i = 0; i < n; i++)
		memcpy(out + len * i, s, len);
	strcpy(out + len * n, after);
	return out;
}

/* --- lengths ---------------------------------------------------------- */

/* The 511 bytes the board carries, in one byte or three per character,
 * with the key, spaces and an inline comment on the line. */
static void
test_running_text_511(void **state)
{
	static const char *const units[] = { "a", "\xe2\x82\xac" /* € */ };
	struct conf c;
	char *value, *text;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		/* 511 bytes: 511 "a", or 170 "€" and an "a". */
		value = repeat(units[i], i == 0 ? 511 : 170, i == 0 ? "" :
		    "a");
		assert_int_equal(strlen(value), 511);
		if (asprintf(&text, "[board]\nrunning_text   =   %s   ; "
		    "pengumuman untuk warga, diperbarui tiap Senin\n",
		    value) == -1)
			fail();
		load_ok(text, &c);
		assert_string_equal(c.render.marquee, value);
		free(text);
		free(value);
	}
}

static void
test_too_long(void **state)
{
	char *value, *text;

	(void)state;
	value = repeat("a", 600, "");
	if (asprintf(&text, "[hall]\nid = x\n[board]\nrunning_text = %s\n",
	    value) == -1)
		fail();
	expect_error(text, 4, "running_text: 600 bytes, at most 511", 0);
	free(text);
	free(value);
	/* One byte over, in characters of three bytes: 171 "€". */
	value = repeat("\xe2\x82\xac", 171, "");
	if (asprintf(&text, "[board]\nrunning_text = %s\n", value) == -1)
		fail();
	expect_error(text, 2, "running_text: 513 bytes, at most 511", 1);
	free(text);
	free(value);
	expect_error("[desk 3]\nname = "
	    "Loket Prioritas untuk lansia, penyandang disabilitas, ibu hamil!"
	    "\n", 2, "name: 64 bytes, at most 63", 2);
}

/* A line past the reader's own limit is named with its length and the
 * limit, left out, and the lines after it are still read. */
static void
test_long_line(void **state)
{
	struct conf c;
	char *line, *text;

	(void)state;
	line = repeat("x", 2100, "");
	if (asprintf(&text, "[board]\nrunning_text = %s\n", line) == -1)
		fail();
	expect_error(text, 2, "line of 2115 bytes, at most 2046: the line "
	    "is left out", 0);
	free(text);
	if (asprintf(&text, "[board]\n; %s\nrunning_fps = 0\n", line) == -1)
		fail();
	expect_error(text, 2, "line of 2102 bytes", 1);
	expect_error(text, 3, "running_fps: expected a whole number", 2);
	free(text);
	free(line);
	/* 2046 bytes is the limit, not past it. */
	line = repeat("x", 2045, "");
	if (asprintf(&text, "[board]\n;%s\n", line) == -1)
		fail();
	assert_int_equal(strlen(strchr(text, ';')), 2046 + 1);
	load_ok(text, &c);
	free(text);
	free(line);
}

/* Every key, with a bad value: its error names file, line and key. */
static void
test_every_key(void **state)
{
	static const char *const keys[] = {
		"hall id", "hall name", "hall prefix", "hall role",
		"mqtt host", "mqtt port", "mqtt username", "mqtt password",
		"mqtt password_file", "mqtt keepalive", "mqtt cafile",
		"mqtt certfile", "mqtt keyfile", "mqtt max_packet_size",
		"store path", "store max_size_mb",
		"queue day_start", "queue max_recalls",
		"limits desk_guard_ms", "limits kiosk_takes_per_min",
		"limits kiosk_burst", "limits kiosk_inflight",
		"limits refusals_per_min", "limits flood_per_min",
		"limits flood_burst", "limits flood_mute_s",
		"board output", "board rotate", "board device",
		"board connector", "board logo", "board highlight_s",
		"board clock_seconds", "board running_text",
		"board running_speed", "board running_fps", "board width",
		"board height", "board png_dir", "board png_keep",
		"board calls",
		"theme background", "theme panel", "theme text",
		"theme muted", "theme accent", "theme warning", "theme font",
		"labels now_calling", "labels desk_serving",
		"labels desk_idle", "labels desk_paused", "labels desk_closed",
		"labels desk_offline", "labels last_calls", "labels waiting",
		"labels to_desk",
		"service_B name", "service_B source", "service_B target_wait",
		"desk_2 name", "desk_2 services",
		"voice output", "voice device", "voice wav_path",
		"voice clips", "voice template", "voice repeat",
		"voice gap_ms", "voice word_gap_ms", "voice volume",
		"voice quiet",
	};
	char section[32], key[32], expect[64], *value, *text, *p;
	size_t i;

	(void)state;
	/* 1500 bytes: too long for every string, no number, no word. */
	value = repeat("Z", 1500, "");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (sscanf(keys[i], "%31s %31s", section, key) != 2)
			fail();
		if ((p = strchr(section, '_')) != NULL)
			*p = ' ';
		if (asprintf(&text, "[%s]\n%s = %s\n", section, key,
		    value) == -1)
			fail();
		snprintf(expect, sizeof(expect), "%s: ", key);
		expect_error(text, 2, expect, (int)i);
		free(text);
	}
	free(value);
}

/* --- characters ------------------------------------------------------- */

/* Emoji, with joiners, variation selectors and flags: drawn by the
 * colour emoji font scripts/setup installs (fonts-noto-color-emoji). */
static const char emoji_text[] =
    "Antrean online \xf0\x9f\x93\xb1 " /* 📱 */
    "keluarga \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
    "\xf0\x9f\x91\xa7 " /* 👨‍👩‍👧 */
    "\xe2\x9d\xa4\xef\xb8\x8f " /* ❤️ */
    "\xf0\x9f\x87\xae\xf0\x9f\x87\xa9"; /* 🇮🇩 */

static void
test_emoji_accepted(void **state)
{
	struct conf c;
	uint32_t cp;
	size_t off;
	char *text, ascii[96];
	int i;

	(void)state;
	if (glyphs_missing("Noto Sans", emoji_text, &cp, &off) != 0)
		fail_msg("no installed font draws U+%04X (byte %zu): install "
		    "fonts-noto-color-emoji (scripts/setup does)",
		    (unsigned int)cp, off);
	assert_int_equal(glyphs_missing("", "\xf0\x9f\x98\x80", &cp, &off),
	    0);
	/* glyphs_check() takes printable ASCII as drawn without asking:
	 * the fonts say so. */
	for (i = 0; i < 95; i++)
		ascii[i] = (char)(0x20 + i);
	ascii[95] = '\0';
	assert_int_equal(glyphs_missing("", ascii, &cp, &off), 0);
	assert_int_equal(glyphs_missing("DejaVu Sans", ascii, &cp, &off), 0);
	/* Indonesian, Arabic (read right to left) and Javanese script. */
	assert_int_equal(glyphs_missing("", "Pelayanan \xd8\xae\xd8\xaf"
	    "\xd9\x85\xd8\xa9 \xea\xa6\xa7" "2", &cp, &off), 0);
	if (asprintf(&text, "[hall]\nname = MPP \xf0\x9f\x87\xae"
	    "\xf0\x9f\x87\xa9 Kabupaten Contoh\n"
	    "[board]\nrunning_text = %s\n"
	    "[labels]\nnow_calling = Dipanggil \xf0\x9f\x91\x89\n"
	    "[service B]\nname = Kopi \xe2\x98\x95\n"
	    "[desk 2]\nname = Loket \xf0\x9f\x98\x80\nservices = B\n",
	    emoji_text) == -1)
		fail();
	load_ok(text, &c);
	assert_string_equal(c.render.marquee, emoji_text);
	assert_string_equal(c.queue.desks[0].name, "Loket \xf0\x9f\x98\x80");
	free(text);
}

/* Code points no font has (private use of planes 15 and 16, never
 * assigned ones): refused in each kind of text, with file, line, key,
 * the character and its byte. */
static void
test_undrawable_refused(void **state)
{
	static const struct {
		const char	*text;
		int		 line;
		const char	*expect;
	} cases[] = {
		{ "[desk 2]\nservices = A\nname = Loket \xf3\xb0\x80\x80\n",
		    3, "name: U+F0000 at byte 6 is in no installed font: it "
		    "would show as a box" },
		{ "[board]\nrunning_text = Buka \xf4\x8f\xbf\xbd pukul 8\n",
		    2, "running_text: U+10FFFD at byte 5 is in no installed "
		    "font" },
		{ "[labels]\n\nwaiting = Menunggu \xcd\xb8\n", 3,
		    "waiting: U+0378 at byte 9" },
		{ "[hall]\nid = x\nname = \xf0\x9d\x91\x95 MPP\n", 3,
		    "name: U+1D455 at byte 0" },
		{ "[service C]\nname = KTP \xd6\x8b\n", 2,
		    "name: U+058B at byte 4" },
		/* The first one of two, after a drawable emoji. */
		{ "[board]\nrunning_text = \xf0\x9f\x98\x80 \xf3\xb0\x80\x81 "
		    "\xcd\xb8\n", 2, "running_text: U+F0001 at byte 5" },
	};
	uint32_t cp;
	size_t i, off;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_error(cases[i].text, cases[i].line, cases[i].expect,
		    (int)i);
	assert_int_equal(glyphs_missing("DejaVu Sans", "ab\xf4\x8f\xbf\xbd",
	    &cp, &off), 1);
	assert_int_equal(cp, 0x10fffd);
	assert_int_equal(off, 2);
}

/* U+E000, the first private-use character: a font may give it a glyph
 * (LibreOffice's OpenSymbol has U+E001 on), and then it is drawn. The
 * check agrees with fontconfig's list of the fonts that have it. */
static void
test_private_use(void **state)
{
	static const uint32_t cps[] = { 0xe000, 0xe001, 0xf8ff };
	FcPattern *p;
	FcCharSet *cs;
	FcObjectSet *os;
	FcFontSet *fs;
	char text[64], expect[80], utf8[8];
	size_t i;
	int n, nfonts;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		cs = FcCharSetCreate();
		FcCharSetAddChar(cs, cps[i]);
		p = FcPatternBuild(NULL, FC_CHARSET, FcTypeCharSet, cs,
		    (char *)NULL);
		os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
		fs = FcFontList(NULL, p, os);
		nfonts = fs != NULL ? fs->nfont : 0;
		FcFontSetDestroy(fs);
		FcObjectSetDestroy(os);
		FcPatternDestroy(p);
		FcCharSetDestroy(cs);

		n = g_unichar_to_utf8(cps[i], utf8);
		utf8[n] = '\0';
		snprintf(text, sizeof(text), "[desk 2]\nservices = A\n"
		    "name = Loket %s\n", utf8);
		print_message("U+%04X: in %d installed fonts\n",
		    (unsigned int)cps[i], nfonts);
		if (nfonts == 0) {
			snprintf(expect, sizeof(expect), "name: U+%04X at "
			    "byte 6", (unsigned int)cps[i]);
			expect_error(text, 3, expect, (int)i);
		} else {
			struct conf c;

			load_ok(text, &c);
		}
	}
}

/* The check answers what the board's own pango (cairo font map, the
 * renderer's options) does: one character at a time over the planes
 * where fonts have something, sampled. */
static void
test_glyphs_as_board(void **state)
{
	cairo_surface_t *s;
	cairo_t *cr;
	PangoLayout *pl;
	PangoFontDescription *fd;
	char text[8];
	uint32_t cp, got;
	size_t off;
	int n, board, ours, checked = 0, missing = 0;

	(void)state;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
	cr = cairo_create(s);
	pl = pango_cairo_create_layout(cr);
	fd = pango_font_description_from_string("Noto Sans 40px");
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	for (cp = 0x20; cp < 0x20000; cp += cp < 0x3000 ? 3 : 37) {
		if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x7f &&
		    cp <= 0x9f))
			continue;
		n = g_unichar_to_utf8(cp, text);
		text[n] = '\0';
		pango_layout_set_text(pl, text, -1);
		board = pango_layout_get_unknown_glyphs_count(pl) > 0;
		ours = glyphs_missing("Noto Sans", text, &got, &off);
		if (ours != board)
			fail_msg("U+%04X: the board %s, the check %s",
			    (unsigned int)cp, board ? "has no glyph" :
			    "draws it", ours ? "refuses it" : "accepts it");
		if (ours == 1 && (got != cp || off != 0))
			fail_msg("U+%04X named as U+%04X at %zu",
			    (unsigned int)cp, (unsigned int)got, off);
		checked++;
		missing += ours;
	}
	print_message("%d characters, %d without a font\n", checked,
	    missing);
	/* The sample has both kinds, or it proves nothing. */
	assert_true(missing > 100 && checked - missing > 1000);
	g_object_unref(pl);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* Pixels whose colour is no grey: on a board themed in greys, only an
 * emoji's. */
static int
colour_pixels(cairo_surface_t *s, struct render_rect r)
{
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), x, y, n = 0;
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	const uint32_t *row;
	int cr, cg, cb, hi, lo;

	for (y = r.y < 0 ? 0 : r.y; y < r.y + r.h && y < h; y++) {
		row = (const uint32_t *)(data + (size_t)y * stride);
		for (x = r.x < 0 ? 0 : r.x; x < r.x + r.w && x < w; x++) {
			cr = row[x] >> 16 & 0xff;
			cg = row[x] >> 8 & 0xff;
			cb = row[x] & 0xff;
			hi = cr > cg ? cr : cg;
			hi = hi > cb ? hi : cb;
			lo = cr < cg ? cr : cg;
			lo = lo < cb ? lo : cb;
			n += hi - lo > 60;
		}
	}
	return n;
}

struct seen {
	const char		*want;
	struct render_rect	 ink;
	int			 found;
};

static void
seen_text(const struct render_text *t, void *arg)
{
	struct seen *s = arg;

	for (; s->want != NULL; s++)
		if (strcmp(t->text, s->want) == 0 && !s->found) {
			s->ink = t->ink;
			s->found = 1;
		}
}

/* A board with emoji in a desk's name, the office's name and the
 * running text, themed in greys: the emoji's ink is in colour, the
 * same board's plain names are not. The frame is kept as
 * test_conf-emoji.png in the build's tests/unit to look at. */
static void
test_emoji_in_colour(void **state)
{
	struct render_conf rc;
	struct board *b;
	struct seen seen[] = {
		{ "Kopi \xe2\x98\x95", { 0 }, 0 },
		{ "MPP \xf0\x9f\x87\xae\xf0\x9f\x87\xa9 Kabupaten Contoh",
		    { 0 }, 0 },
		{ "Loket 2", { 0 }, 0 },
		{ NULL, { 0 }, 0 },
	};
	cairo_surface_t *s;
	cairo_t *cr;
	const struct rgb grey = { 0.35, 0.35, 0.35 };
	struct render_layout lay;
	int band;

	(void)state;
	render_conf_defaults(&rc);
	rc.theme.background = (struct rgb){ 0.1, 0.1, 0.1 };
	rc.theme.panel = (struct rgb){ 0.2, 0.2, 0.2 };
	rc.theme.muted = (struct rgb){ 0.6, 0.6, 0.6 };
	rc.theme.accent = (struct rgb){ 0.9, 0.9, 0.9 };
	rc.theme.warning = grey;
	snprintf(rc.office, sizeof(rc.office), "%s", seen[1].want);
	snprintf(rc.marquee, sizeof(rc.marquee), "%s", emoji_text);
	b = calloc(1, sizeof(*b));
	assert_non_null(b);
	sample_board(b, 6, 0, NULL);
	snprintf(b->desks[0].name, sizeof(b->desks[0].name), "%s",
	    seen[0].want);
	memcpy(b->calls[0].desk_name, b->desks[0].name, PROTO_NAME_MAX);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1920, 1080);
	cr = cairo_create(s);
	assert_int_equal(render_board_trace(cr, 1920, 1080, &rc, b,
	    SAMPLE_TIME_MS, seen_text, seen), 0);
	cairo_surface_flush(s);
	cairo_surface_write_to_png(s, TEST_OUT_DIR "/test_conf-emoji.png");
	assert_true(seen[0].found && seen[1].found && seen[2].found);
	print_message("colour pixels: desk %d, office %d, plain desk %d\n",
	    colour_pixels(s, seen[0].ink), colour_pixels(s, seen[1].ink),
	    colour_pixels(s, seen[2].ink));
	assert_true(colour_pixels(s, seen[0].ink) > 50);
	assert_true(colour_pixels(s, seen[1].ink) > 50);
	assert_int_equal(colour_pixels(s, seen[2].ink), 0);
	assert_int_equal(render_layout(&rc, b, 1920, 1080, &lay), 0);
	band = colour_pixels(s, lay.marquee);
	print_message("colour pixels in the running text: %d\n", band);
	assert_true(band > 200);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	free(b);
}

/* --- the running text on the board ------------------------------------ */

/* The strip as one image: its tiles side by side. */
struct strip {
	uint32_t	*px;
	int		 w, h;
};

static void
strip_get(const struct renderer *r, struct strip *st)
{
	cairo_surface_t *tiles[4];
	const unsigned char *data;
	int n, k, x = 0, y, tw, stride;

	n = marquee_tiles(r, tiles);
	assert_true(n >= 1);
	st->w = 0;
	st->h = cairo_image_surface_get_height(tiles[0]);
	for (k = 0; k < n; k++) {
		tw = cairo_image_surface_get_width(tiles[k]);
		/* cairo's image surfaces stop at 32767 pixels. */
		assert_true(tw >= 1 && tw <= 32767);
		assert_int_equal(cairo_image_surface_get_height(tiles[k]),
		    st->h);
		st->w += tw;
	}
	st->px = malloc((size_t)st->w * st->h * 4);
	assert_non_null(st->px);
	for (k = 0; k < n; k++) {
		cairo_surface_flush(tiles[k]);
		data = cairo_image_surface_get_data(tiles[k]);
		stride = cairo_image_surface_get_stride(tiles[k]);
		tw = cairo_image_surface_get_width(tiles[k]);
		for (y = 0; y < st->h; y++)
			memcpy(st->px + (size_t)y * st->w + x,
			    data + (size_t)y * stride, (size_t)tw * 4);
		x += tw;
	}
}

/* The text's ink on the strip, below the accent line: the columns and
 * rows of pixels that are not the panel's colour. */
static void
strip_ink(const struct strip *st, int line, int *x0, int *x1, int *y0,
    int *y1)
{
	uint32_t panel = st->px[(size_t)(st->h - 1) * st->w + st->w - 1];
	int x, y;

	*x0 = *y0 = INT32_MAX;
	*x1 = *y1 = -1;
	for (y = line; y < st->h; y++)
		for (x = 0; x < st->w; x++) {
			if ((st->px[(size_t)y * st->w + x] & 0xffffff) ==
			    (panel & 0xffffff))
				continue;
			*x0 = x < *x0 ? x : *x0;
			*x1 = x > *x1 ? x : *x1;
			*y0 = y < *y0 ? y : *y0;
			*y1 = y > *y1 ? y : *y1;
		}
}

/* A renderer of the configuration text (a [board] section and the
 * tail) that has drawn its first frame at mono 0. */
static struct renderer *
marquee_open(const char *text, struct conf *c, cairo_surface_t **s,
    cairo_t **cr, struct board *b)
{
	struct renderer *r;

	load_ok(text, c);
	sample_board(b, 6, 0, NULL);
	assert_non_null(r = renderer_new(&c->render));
	renderer_set_board(r, b, 0);
	*s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, c->output.width,
	    c->output.height);
	*cr = cairo_create(*s);
	assert_true(renderer_draw(r, *cr, c->output.width, c->output.height,
	    0, SAMPLE_TIME_MS, NULL) > 0);
	return r;
}

/* The band at the offset the renderer drew shows the strip from that
 * offset on, across the tiles' seams and the strip's end. */
static void
band_check(const struct renderer *r, cairo_surface_t *s,
    const struct strip *st, int m, int off)
{
	struct render_rect band = r->lay.marquee;
	const unsigned char *data;
	uint32_t want, got;
	int stride, x, y, col, bad = 0;

	cairo_surface_flush(s);
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < band.h; y++)
		for (x = 0; x < band.w; x++) {
			col = ((x - m + off) % st->w + st->w) % st->w;
			want = st->px[(size_t)y * st->w + col] & 0xffffff;
			got = ((const uint32_t *)(data + (size_t)(band.y + y) *
			    stride))[band.x + x] & 0xffffff;
			if (want != got && bad++ == 0)
				print_message("first at %d,%d: want %06x got "
				    "%06x (band %d,%d %dx%d, strip %d)\n", x, y,
				    want, got, band.x, band.y, band.w, band.h,
				    st->w);
		}
	if (bad > 0)
		fail_msg("offset %d: %d pixels of the band differ from the "
		    "strip", off, bad);
}

/*
 * 511 bytes of running text from the configuration file to the screen,
 * at 1080p and 4K, landscape and portrait: the widest letters, a
 * sentence, emoji, three-byte characters. The strip's tiles each fit a
 * cairo surface; the ink reaches the end of the strip's text, at the
 * height the same letters have in a short text (nothing shrunk to fit);
 * frames at offsets across the seams and the wrap show the strip.
 */
static void
test_marquee_511(void **state)
{
	static const int sizes[][2] = {
		{ 1920, 1080 }, { 1080, 1920 }, { 3840, 2160 }, { 2160, 3840 },
	};
	static const struct {
		const char	*unit;	/* repeated up to 511 bytes */
		const char	*tail;	/* then up to 511 bytes */
	} texts[] = {
		{ "W", "" },
		{ "Loket buka pukul 08.00 - 15.00 WIB. ", "Selamat" },
		{ "\xf0\x9f\x98\x80", "" },		/* 😀, 508 bytes */
		{ "\xe2\x82\xac", "a" },		/* €, 510 + 1 */
	};
	struct conf *c = malloc(sizeof(*c));
	struct board *b = calloc(1, sizeof(*b));
	struct renderer *r;
	struct strip st, shortst;
	cairo_surface_t *s;
	cairo_t *cr;
	char *value, *text, *one;
	int i, t, n, x0, x1, y0, y1, sx0, sx1, sy0, sy1, m, line, k;
	int gap, seams, offs[6];
	double px_s, u;

	(void)state;
	assert_non_null(c);
	assert_non_null(b);
	for (i = 0; i < 4; i++) {
		for (t = 0; t < 4; t++) {
			n = (int)(511 / strlen(texts[t].unit));
			value = repeat(texts[t].unit, n, texts[t].tail);
			assert_true(strlen(value) >= 508);
			if (asprintf(&text, "[board]\nwidth = %d\n"
			    "height = %d\nrunning_speed = 1000\n"
			    "running_text = %s\n", sizes[i][0], sizes[i][1],
			    value) == -1)
				fail();
			r = marquee_open(text, c, &s, &cr, b);
			free(text);
			assert_string_equal(c->render.marquee, value);
			strip_get(r, &st);
			assert_true(r->strip_period == st.w);
			/* The band's margin and accent line (render.c's
			 * unit: 1% of the shorter side). */
			u = (sizes[i][0] < sizes[i][1] ? sizes[i][0] :
			    sizes[i][1]) / 100.0;
			m = iround(2 * u);
			line = iround(0.3 * u) > 0 ? iround(0.3 * u) : 1;
			gap = r->lay.marquee.w / 3;
			strip_ink(&st, line, &x0, &x1, &y0, &y1);
			/* The ink ends where the gap before the next round
			 * starts: the whole text is on the strip (within
			 * half a unit: a colour emoji's bitmap has a margin,
			 * a character is several units wide). */
			k = iround(0.5 * u);
			if (x0 > k || x1 < st.w - gap - 1 - k ||
			    x1 >= st.w - gap)
				fail_msg("%dx%d, %s: ink from %d to %d on a "
				    "strip of %d with a gap of %d", sizes[i][0],
				    sizes[i][1], texts[t].unit, x0, x1, st.w,
				    gap);

			/* The same letters alone: the same height. */
			one = repeat(texts[t].unit, 2, "");
			if (asprintf(&text, "[board]\nwidth = %d\n"
			    "height = %d\nrunning_text = %s\n", sizes[i][0],
			    sizes[i][1], one) == -1)
				fail();
			free(one);
			{
				struct renderer *r1;
				cairo_surface_t *s1;
				cairo_t *cr1;

				r1 = marquee_open(text, c, &s1, &cr1, b);
				strip_get(r1, &shortst);
				strip_ink(&shortst, line, &sx0, &sx1, &sy0,
				    &sy1);
				free(shortst.px);
				cairo_destroy(cr1);
				cairo_surface_destroy(s1);
				renderer_free(r1);
			}
			free(text);
			if (y0 != sy0 || y1 != sy1)
				fail_msg("%dx%d, %s: ink rows %d-%d, alone "
				    "%d-%d", sizes[i][0], sizes[i][1],
				    texts[t].unit, y0, y1, sy0, sy1);

			/* Frames at the start, across each seam, and across
			 * the wrap to the next round. */
			px_s = 1000.0 * (sizes[i][0] < sizes[i][1] ?
			    sizes[i][0] : sizes[i][1]) / 1080.0;
			seams = 0;
			offs[seams++] = 1;
			for (k = 1; k * 16384 < st.w && seams < 5; k++)
				offs[seams++] = k * 16384 -
				    r->lay.marquee.w / 2;
			offs[seams++] = st.w - r->lay.marquee.w / 2;
			for (k = 0; k < seams; k++) {
				int64_t ms = (int64_t)ceil(offs[k] * 1000.0 /
				    px_s);

				while (marquee_offset(r, ms) < offs[k])
					ms++;
				assert_true(renderer_draw(r, cr,
				    c->output.width, c->output.height, ms,
				    SAMPLE_TIME_MS, NULL) > 0);
				band_check(r, s, &st, m, r->marquee_off);
			}
			free(st.px);
			free(value);
			cairo_destroy(cr);
			cairo_surface_destroy(s);
			renderer_free(r);
		}
	}
	free(b);
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_running_text_511),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_emoji_accepted),
		cmocka_unit_test(test_undrawable_refused),
		cmocka_unit_test(test_private_use),
		cmocka_unit_test(test_glyphs_as_board),
		cmocka_unit_test(test_emoji_in_colour),
		cmocka_unit_test(test_marquee_511),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	render_cleanup();
	return rc;
}
