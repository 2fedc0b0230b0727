/*
 * test_render.c - the board renderer and the png output: layout geometry
 * at the sizes a hall uses, text that stays in its box, a png frame read
 * back with libpng, and frames that depend only on their inputs.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <png.h>

#include "output.h"
#include "render.h"
#include "texttrace.h"

/* Monday 23 November 2026, 09:41 WIB. */
#define T_NOW_MS	1795401660000LL

struct t_size {
	int	w, h;
};

static const struct t_size t_sizes[] = {
	{ 1920, 1080 }, { 1280, 720 }, { 1080, 1920 }
};
#define T_NSIZES	(sizeof(t_sizes) / sizeof(t_sizes[0]))

static const int t_desk_counts[] = { 1, 6, 24 };
#define T_NCOUNTS	(sizeof(t_desk_counts) / sizeof(t_desk_counts[0]))

/* --- boards --------------------------------------------------------- */

static void
t_fill(char *dst, size_t len, char c)
{
	memset(dst, c, len - 1);
	dst[len - 1] = '\0';
}

/*
 * A board with n desks. big makes every text as long as it may be:
 * 4-digit numbers, names that fill their fields, a long fault.
 */
static void
t_board(struct board *b, int n, int big)
{
	int i;

	memset(b, 0, sizeof(*b));
	b->time_ms = T_NOW_MS;
	snprintf(b->day, sizeof(b->day), "2026-11-23");
	b->ndesks = n;
	for (i = 0; i < n; i++) {
		b->desks[i].id = i + 1;
		if (big)
			t_fill(b->desks[i].name, sizeof(b->desks[i].name),
			    'W');
		else
			snprintf(b->desks[i].name, sizeof(b->desks[i].name),
			    "Loket %d", i + 1);
		b->desks[i].status = (enum desk_status)(i % DESK__COUNT);
		if (big)
			b->desks[i].status = DESK_SERVING;
		b->desks[i].ticket.service = 'A' + i % 4;
		b->desks[i].ticket.number = big ? 9999 - i : 10 + i;
	}
	b->ncalls = BOARD_MAX_CALLS;
	for (i = 0; i < BOARD_MAX_CALLS; i++) {
		b->calls[i].ticket.service = big ? 'W' : 'A' + i % 4;
		b->calls[i].ticket.number = big ? 9999 : 100 + i;
		b->calls[i].desk = 1 + i % n;
		if (big)
			t_fill(b->calls[i].desk_name,
			    sizeof(b->calls[i].desk_name), 'M');
		else
			snprintf(b->calls[i].desk_name,
			    sizeof(b->calls[i].desk_name), "Loket %d",
			    1 + i % n);
		b->calls[i].time_ms = T_NOW_MS - i * 60000;
	}
	b->nwaiting = big ? BOARD_MAX_SERVICES : 3;
	for (i = 0; i < b->nwaiting; i++) {
		b->waiting[i].service = 'A' + i;
		if (big)
			t_fill(b->waiting[i].name, sizeof(b->waiting[i].name),
			    'W');
		else
			snprintf(b->waiting[i].name,
			    sizeof(b->waiting[i].name), "Layanan %c", 'A' + i);
		b->waiting[i].count = big ? 9999 : i - 1;
	}
	if (big)
		t_fill(b->fault, sizeof(b->fault), 'W');
}

static void
t_conf(struct render_conf *rc, int long_office)
{
	render_conf_defaults(rc);
	if (long_office)
		t_fill(rc->office, 121, 'W');	/* 120 characters */
}

/* --- geometry helpers ----------------------------------------------- */

static void
t_check_layout(const struct render_layout *L, int w, int h, int n)
{
	struct render_rect screen = { 0, 0, w, h };
	struct render_rect parts[5];
	int i, j, shorter = w < h ? w : h;

	parts[0] = L->header;
	parts[1] = L->hero;
	parts[2] = L->calls;
	parts[3] = L->waiting;
	parts[4] = L->fault;
	for (i = 0; i < 5; i++) {
		assert_true(t_inside(parts[i], screen));
		for (j = i + 1; j < 5; j++)
			assert_false(t_overlap(parts[i], parts[j]));
	}
	assert_true(L->header.h > 0 && L->hero.h > 0 && L->calls.h > 0);
	assert_int_equal(L->ndesks, n);
	/* The desks that do not fit readably take turns, in pages of
	 * ncards cards. */
	assert_true(L->cols * L->rows >= L->ncards);
	assert_true(L->ncards * L->npages >= n);
	assert_true(L->ncards * (L->npages - 1) < n);
	assert_true(t_inside(L->grid, screen));
	for (i = 0; i < L->ncards; i++) {
		assert_true(t_inside(L->desk[i], screen));
		assert_true(t_inside(L->desk[i], L->grid));
		for (j = 0; j < 5; j++)
			assert_false(t_overlap(L->desk[i], parts[j]));
		for (j = i + 1; j < L->ncards; j++)
			assert_false(t_overlap(L->desk[i], L->desk[j]));
		/* Room for a number readable across a hall: a card is
		 * taller than the minimum cap height, and wider than
		 * tall for "A 123". */
		assert_true(L->desk[i].h > L->min_cap);
		assert_true(L->desk[i].h * 10 >= shorter);
		assert_true(L->desk[i].w >= L->desk[i].h);
	}
	if (L->npages > 1)
		assert_true(t_inside(L->pager, screen));
}

static void
test_layout(void **state)
{
	struct render_layout L;
	struct board b;
	size_t s, c;
	int fault;

	for (s = 0; s < T_NSIZES; s++)
		for (c = 0; c < T_NCOUNTS; c++)
			for (fault = 0; fault < 2; fault++) {
				t_board(&b, t_desk_counts[c], 0);
				if (fault)
					snprintf(b.fault, sizeof(b.fault),
					    "Server tidak terhubung");
				assert_int_equal(render_layout(NULL, &b,
				    t_sizes[s].w, t_sizes[s].h, &L), 0);
				t_check_layout(&L, t_sizes[s].w, t_sizes[s].h,
				    t_desk_counts[c]);
				assert_int_equal(L.fault.h > 0, fault);
			}
}

static void
test_layout_all_desk_counts(void **state)
{
	struct render_layout L;
	struct board b;
	size_t s;
	int n;

	for (s = 0; s < T_NSIZES; s++)
		for (n = 0; n <= BOARD_MAX_DESKS; n++) {
			t_board(&b, n > 0 ? n : 1, 0);
			b.ndesks = n;
			assert_int_equal(render_layout(NULL, &b, t_sizes[s].w,
			    t_sizes[s].h, &L), 0);
			assert_int_equal(L.ndesks, n);
		}
}

static void
test_layout_too_small(void **state)
{
	struct render_layout L;
	struct render_conf rc;
	cairo_surface_t *sf;
	cairo_t *cr;
	struct board b;

	t_board(&b, 6, 0);
	t_conf(&rc, 0);
	assert_int_equal(render_layout(NULL, &b, 100, 100, &L), -1);
	assert_int_equal(render_layout(NULL, &b, 0, 1080, &L), -1);
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
	cr = cairo_create(sf);
	assert_int_equal(render_board(cr, 100, 100, &rc, &b, T_NOW_MS), -1);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
}

/* --- text ----------------------------------------------------------- */

static void
t_render_trace(int w, int h, const struct render_conf *rc,
    const struct board *b, struct t_trace *tr)
{
	cairo_surface_t *sf;
	cairo_t *cr;

	memset(tr, 0, sizeof(*tr));
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(sf);
	assert_int_equal(render_board_trace(cr, w, h, rc, b, T_NOW_MS,
	    t_record, tr), 0);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
}

static int
t_count(const struct t_trace *tr, const char *text,
    struct render_rect within)
{
	int i, n = 0;

	for (i = 0; i < tr->n; i++)
		if (strcmp(tr->t[i].text, text) == 0 &&
		    t_inside(tr->t[i].box, within))
			n++;
	return n;
}

static const struct render_text *
t_find(const struct t_trace *tr, const char *text, struct render_rect within)
{
	int i;

	for (i = 0; i < tr->n; i++)
		if (strcmp(tr->t[i].text, text) == 0 &&
		    t_inside(tr->t[i].box, within))
			return &tr->t[i];
	return NULL;
}

/*
 * The worst case: a 120-character office name, 24 desks with 4-digit
 * numbers and names as long as the protocol allows, every list full.
 * Nothing may leave its box, and the numbers must still be drawn big.
 */
static void
test_text_fits(void **state)
{
	struct render_layout L;
	struct render_conf rc;
	const struct render_text *t;
	struct t_trace *tr;
	struct board b;
	char tk[16];
	size_t s;
	int i, shorter;

	tr = malloc(sizeof(*tr));
	assert_non_null(tr);
	t_conf(&rc, 1);
	t_board(&b, 24, 1);
	for (s = 0; s < T_NSIZES; s++) {
		shorter = t_sizes[s].w < t_sizes[s].h ? t_sizes[s].w :
		    t_sizes[s].h;
		assert_int_equal(render_layout(NULL, &b, t_sizes[s].w,
		    t_sizes[s].h, &L), 0);
		t_render_trace(t_sizes[s].w, t_sizes[s].h, &rc, &b, tr);
		assert_true(tr->n > 24);
		for (i = 0; i < tr->n; i++) {
			if (!t_inside(tr->t[i].ink, tr->t[i].box))
				fail_msg("%dx%d: \"%s\" ink %d,%d %dx%d "
				    "outside box %d,%d %dx%d", t_sizes[s].w,
				    t_sizes[s].h, tr->t[i].text,
				    tr->t[i].ink.x, tr->t[i].ink.y,
				    tr->t[i].ink.w, tr->t[i].ink.h,
				    tr->t[i].box.x, tr->t[i].box.y,
				    tr->t[i].box.w, tr->t[i].box.h);
		}

		/* The office name was drawn, cut short with an ellipsis. */
		t = t_find(tr, rc.office, L.header);
		assert_non_null(t);
		assert_true(t->ellipsized);
		assert_non_null(t_find(tr, "09:41", L.header));
		assert_non_null(t_find(tr, "Senin, 23 November 2026",
		    L.header));
		assert_non_null(t_find(tr, b.fault, L.fault));

		/* Every desk of the first page shows its number, its
		 * capitals at least the rule's height (test_readable.c
		 * checks every size and page). */
		assert_true(L.ncards * L.npages >= 24);
		for (i = 0; i < L.ncards; i++) {
			snprintf(tk, sizeof(tk), "%c %d",
			    b.desks[i].ticket.service,
			    b.desks[i].ticket.number);
			t = t_find(tr, tk, L.desk[i]);
			if (t == NULL)
				fail_msg("%dx%d: desk %d number \"%s\" not "
				    "drawn", t_sizes[s].w, t_sizes[s].h,
				    i + 1, tk);
			assert_true(t->ink.h + 0.5 >= L.min_cap);
			assert_true(t->ink.h * 1000 >= shorter * 35);
		}
		t = t_find(tr, "W 9999", L.hero);
		assert_non_null(t);
		assert_true(t->ink.h * 100 >= shorter * 8);
		/* Last calls: calls[1..] in the list, calls[0] is the hero;
		 * as many as fit at the readable size. */
		assert_true(L.ncalls >= 1);
		assert_int_equal(t_count(tr, "W 9999", L.calls), L.ncalls);
	}
	free(tr);
}

/* Board strings come from the network: broken UTF-8 and out-of-range
 * counts must draw something sensible, not crash or overflow. */
static void
test_text_garbage(void **state)
{
	struct render_conf rc;
	struct t_trace *tr;
	struct board b;
	int i;

	tr = malloc(sizeof(*tr));
	assert_non_null(tr);
	t_conf(&rc, 0);
	t_board(&b, 6, 0);
	snprintf(b.desks[0].name, sizeof(b.desks[0].name),
	    "Loket \xff\xfe 1 \xe2\x82");
	memset(b.desks[1].name, 0xe2, sizeof(b.desks[1].name));
	memset(b.fault, 'x', sizeof(b.fault));		/* no NUL at all */
	b.desks[2].ticket.service = 'a';
	b.desks[3].ticket.number = -5;
	b.desks[4].status = (enum desk_status)99;
	b.ncalls = 1000;
	b.nwaiting = -3;
	t_render_trace(1280, 720, &rc, &b, tr);
	for (i = 0; i < tr->n; i++)
		assert_true(t_inside(tr->t[i].ink, tr->t[i].box));
	assert_non_null(t_find(tr, "Loket ?? 1 ??", (struct render_rect){
	    0, 0, 1280, 720 }));
	b.ndesks = -1;
	b.ncalls = -1;
	t_render_trace(1280, 720, &rc, &b, tr);
	free(tr);
}

static void
test_date(void **state)
{
	char buf[64];

	assert_string_equal(render_date(T_NOW_MS, buf, sizeof(buf)),
	    "Senin, 23 November 2026");
	assert_string_equal(render_clock(T_NOW_MS, false, buf, sizeof(buf)),
	    "09:41");
	/* 1 January 2027 00:00 WIB is a Friday. */
	assert_string_equal(render_date(1798736400000LL, buf, sizeof(buf)),
	    "Jumat, 1 Januari 2027");
	assert_string_equal(render_clock(1798736400000LL, false, buf,
	    sizeof(buf)), "00:00");
	assert_string_equal(render_clock(1798736409999LL, true, buf,
	    sizeof(buf)), "00:00:09");
	/* One millisecond earlier is still the old year. */
	assert_string_equal(render_date(1798736399999LL, buf, sizeof(buf)),
	    "Kamis, 31 Desember 2026");
	assert_string_equal(render_clock(1798736399999LL, false, buf,
	    sizeof(buf)), "23:59");
	assert_string_equal(render_date(-1, buf, sizeof(buf)),
	    "Kamis, 1 Januari 1970");
	assert_string_equal(render_clock(-1, false, buf, sizeof(buf)), "06:59");
	assert_string_equal(render_date(T_NOW_MS, buf, 6), "Senin");
}

/* --- determinism ---------------------------------------------------- */

static cairo_surface_t *
t_render(int w, int h, const struct render_conf *rc, const struct board *b)
{
	cairo_surface_t *sf;
	cairo_t *cr;

	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(sf);
	assert_int_equal(render_board(cr, w, h, rc, b, T_NOW_MS), 0);
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	return sf;
}

static void
test_deterministic(void **state)
{
	cairo_surface_t *a, *c;
	struct render_conf rc;
	struct board b;
	size_t s, len;

	t_conf(&rc, 0);
	t_board(&b, 6, 0);
	for (s = 0; s < T_NSIZES; s++) {
		a = t_render(t_sizes[s].w, t_sizes[s].h, &rc, &b);
		c = t_render(t_sizes[s].w, t_sizes[s].h, &rc, &b);
		len = (size_t)cairo_image_surface_get_stride(a) *
		    t_sizes[s].h;
		assert_memory_equal(cairo_image_surface_get_data(a),
		    cairo_image_surface_get_data(c), len);
		cairo_surface_destroy(c);
		/* ... and it really depends on its input. */
		b.desks[0].ticket.number++;
		c = t_render(t_sizes[s].w, t_sizes[s].h, &rc, &b);
		assert_memory_not_equal(cairo_image_surface_get_data(a),
		    cairo_image_surface_get_data(c), len);
		b.desks[0].ticket.number--;
		cairo_surface_destroy(c);
		cairo_surface_destroy(a);
	}
}

/* --- png output ----------------------------------------------------- */

struct t_png {
	int		 w, h;
	unsigned char	*rgb;		/* w * h * 3 */
	char		 board[512];
	char		 time[32];
	int		 ntext;
};

static void
t_png_read(const char *path, struct t_png *out)
{
	png_structp png;
	png_infop info;
	png_textp text;
	FILE *fp;
	int i, n;

	memset(out, 0, sizeof(*out));
	fp = fopen(path, "rb");
	assert_non_null(fp);
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	assert_non_null(png);
	info = png_create_info_struct(png);
	assert_non_null(info);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng cannot read %s", path);
	png_init_io(png, fp);
	png_read_info(png, info);
	out->w = png_get_image_width(png, info);
	out->h = png_get_image_height(png, info);
	assert_int_equal(png_get_color_type(png, info), PNG_COLOR_TYPE_RGB);
	assert_int_equal(png_get_bit_depth(png, info), 8);
	out->rgb = malloc((size_t)out->w * out->h * 3);
	assert_non_null(out->rgb);
	for (i = 0; i < out->h; i++)
		png_read_row(png, out->rgb + (size_t)i * out->w * 3, NULL);
	png_read_end(png, info);
	n = png_get_text(png, info, &text, NULL);
	out->ntext = n;
	for (i = 0; i < n; i++) {
		assert_int_equal(text[i].compression,
		    PNG_TEXT_COMPRESSION_NONE);
		if (strcmp(text[i].key, "Antre-Board") == 0)
			snprintf(out->board, sizeof(out->board), "%s",
			    text[i].text);
		else if (strcmp(text[i].key, "Antre-Time") == 0)
			snprintf(out->time, sizeof(out->time), "%s",
			    text[i].text);
	}
	png_destroy_read_struct(&png, &info, NULL);
	fclose(fp);
}

static const unsigned char *
t_px(const struct t_png *p, int x, int y)
{
	return p->rgb + ((size_t)y * p->w + x) * 3;
}

/* cairo rounds a colour channel through 16 bits; allow one step. */
static int
t_is_colour(const unsigned char *px, struct rgb c)
{
	double v[3] = { c.r, c.g, c.b };
	int i, d;

	for (i = 0; i < 3; i++) {
		d = px[i] - (int)(v[i] * 255.0 + 0.5);
		if (d < -1 || d > 1)
			return 0;
	}
	return 1;
}

static char *
t_tmpdir(void)
{
	char *dir;

	dir = strdup("/tmp/test_render.XXXXXX");
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Removes dir and the files in it; counts the names that start with
 * prefix first. */
static int
t_count_files(const char *dir, const char *prefix)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void
t_rmdir(const char *dir)
{
	struct dirent *de;
	char path[512];
	DIR *d;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    strcmp(de->d_name, "..") == 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(unlink(path), 0);
	}
	closedir(d);
	assert_int_equal(rmdir(dir), 0);
}

static struct output *
t_png_open(const char *dir, int w, int h, int keep)
{
	struct output_conf oc;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "png");
	oc.width = w;
	oc.height = h;
	snprintf(oc.png_dir, sizeof(oc.png_dir), "%s", dir);
	oc.png_keep = keep;
	return output_open(&oc);
}

static void
t_present(struct output *o, const struct render_conf *rc,
    const struct board *b, const struct frame_meta *m)
{
	cairo_t *cr;

	cr = cairo_create(output_surface(o));
	assert_int_equal(render_board(cr, output_width(o), output_height(o),
	    rc, b, m->now_ms), 0);
	cairo_destroy(cr);
	assert_int_equal(output_present(o, m, NULL), 0);
}

static void
test_png_roundtrip(void **state)
{
	static const char json[] = "{\"v\":1,\"calls\":[{\"ticket\":"
	    "\"A123\",\"desk\":2}]}";
	struct frame_meta m = { .board_json = json, .now_ms = T_NOW_MS };
	struct render_layout L;
	struct render_conf rc;
	const struct render_text *num;
	struct t_trace *tr;
	struct output *o;
	struct board b;
	struct t_png p;
	char *dir, path[512];
	int x, y, ink = 0;

	t_conf(&rc, 0);
	t_board(&b, 6, 0);
	b.ncalls = 1;
	b.calls[0].ticket.service = 'A';
	b.calls[0].ticket.number = 123;
	b.calls[0].desk = 2;
	b.desks[1].status = DESK_SERVING;
	b.desks[1].ticket = b.calls[0].ticket;

	dir = t_tmpdir();
	o = t_png_open(dir, 1280, 720, 0);
	assert_non_null(o);
	assert_int_equal(output_width(o), 1280);
	assert_int_equal(output_height(o), 720);
	assert_int_equal(output_fd(o), -1);
	assert_int_equal(output_dispatch(o), 0);
	t_present(o, &rc, &b, &m);
	output_close(o);

	snprintf(path, sizeof(path), "%s/latest.png", dir);
	t_png_read(path, &p);
	assert_int_equal(p.w, 1280);
	assert_int_equal(p.h, 720);
	assert_int_equal(p.ntext, 2);
	assert_string_equal(p.board, json);
	assert_string_equal(p.time, "1795401660000");

	/* The hero number has ink where the trace says it is... */
	tr = malloc(sizeof(*tr));
	assert_non_null(tr);
	assert_int_equal(render_layout(NULL, &b, 1280, 720, &L), 0);
	t_render_trace(1280, 720, &rc, &b, tr);
	num = t_find(tr, "A 123", L.hero);
	assert_non_null(num);
	for (y = num->ink.y; y < num->ink.y + num->ink.h; y++)
		for (x = num->ink.x; x < num->ink.x + num->ink.w; x++)
			if (t_is_colour(t_px(&p, x, y), rc.theme.accent))
				ink++;
	assert_true(ink * 5 > num->ink.w * num->ink.h);
	/* ... and the margins between the panels are background. */
	assert_true(t_is_colour(t_px(&p, 1, L.hero.y - 2),
	    rc.theme.background));
	assert_true(t_is_colour(t_px(&p, p.w - 2, p.h - 2),
	    rc.theme.background));
	assert_true(t_is_colour(t_px(&p, L.hero.x + L.hero.w + 2,
	    L.hero.y + L.hero.h / 2), rc.theme.background));
	assert_false(t_is_colour(t_px(&p, L.hero.x + 2, L.hero.y + 2),
	    rc.theme.background));

	free(p.rgb);
	free(tr);
	assert_int_equal(t_count_files(dir, ".latest"), 0);
	t_rmdir(dir);
	free(dir);
}

static void
t_file_bytes(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	FILE *fp;

	assert_int_equal(stat(path, &st), 0);
	*len = st.st_size;
	*buf = malloc(*len);
	assert_non_null(*buf);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(*buf, 1, *len, fp), *len);
	fclose(fp);
}

/* Numbered frames: kept up to png_keep, numbering survives a restart. */
static void
test_png_keep(void **state)
{
	struct frame_meta m = { .now_ms = T_NOW_MS };
	struct render_conf rc;
	struct output *o;
	struct board b;
	unsigned char *a, *c;
	size_t alen, clen;
	char *dir, path[512];
	struct t_png p;
	int i;

	t_conf(&rc, 0);
	t_board(&b, 6, 0);
	dir = t_tmpdir();
	o = t_png_open(dir, 320, 240, 2);
	assert_non_null(o);
	for (i = 0; i < 3; i++)
		t_present(o, &rc, &b, &m);
	output_close(o);
	assert_int_equal(t_count_files(dir, "frame-"), 2);
	snprintf(path, sizeof(path), "%s/frame-000001.png", dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/frame-000003.png", dir);
	assert_int_equal(access(path, F_OK), 0);

	/* Same board, same time: the same bytes, frame after frame. */
	t_file_bytes(path, &a, &alen);
	snprintf(path, sizeof(path), "%s/frame-000002.png", dir);
	t_file_bytes(path, &c, &clen);
	assert_int_equal(alen, clen);
	assert_memory_equal(a, c, alen);
	free(a);
	free(c);

	/* Without board JSON only the time chunk is written. */
	snprintf(path, sizeof(path), "%s/latest.png", dir);
	t_png_read(path, &p);
	assert_int_equal(p.ntext, 1);
	assert_string_equal(p.time, "1795401660000");
	free(p.rgb);

	o = t_png_open(dir, 320, 240, 2);
	assert_non_null(o);
	t_present(o, &rc, &b, &m);
	output_close(o);
	snprintf(path, sizeof(path), "%s/frame-000004.png", dir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/frame-000002.png", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(t_count_files(dir, "frame-"), 2);
	t_rmdir(dir);
	free(dir);
}

static void
test_output_errors(void **state)
{
	struct output_conf oc;
	char *display;

	memset(&oc, 0, sizeof(oc));
	snprintf(oc.kind, sizeof(oc.kind), "crt");
	assert_null(output_open(&oc));

	snprintf(oc.kind, sizeof(oc.kind), "png");
	assert_null(output_open(&oc));		/* no png_dir */
	snprintf(oc.png_dir, sizeof(oc.png_dir), "/nonexistent/antre");
	assert_null(output_open(&oc));
	snprintf(oc.png_dir, sizeof(oc.png_dir), "/dev/null");
	assert_null(output_open(&oc));

	/* A display that is not there. */
	display = getenv("DISPLAY") != NULL ? strdup(getenv("DISPLAY")) :
	    NULL;
	setenv("DISPLAY", ":9731", 1);
	snprintf(oc.kind, sizeof(oc.kind), "x11");
	assert_null(output_open(&oc));
	if (display != NULL)
		setenv("DISPLAY", display, 1);
	else
		unsetenv("DISPLAY");
	free(display);
}

/*
 * Under LeakSanitizer: fontconfig keeps its parsed configuration until
 * FcFini(), which pango never calls and we do not link against. That one
 * allocation is the library's, not ours; render_cleanup() frees the rest.
 */
const char *__lsan_default_suppressions(void);

__attribute__((used)) const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_all_desk_counts),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_text_fits),
		cmocka_unit_test(test_text_garbage),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_png_roundtrip),
		cmocka_unit_test(test_png_keep),
		cmocka_unit_test(test_output_errors),
	};
	int rv;

	/* Jakarta without depending on tzdata. */
	setenv("TZ", "WIB-7", 1);
	tzset();
	rv = cmocka_run_group_tests(tests, NULL, NULL);
	render_cleanup();
	return rv;
}
