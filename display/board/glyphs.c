/*
 * glyphs.c - which characters the installed fonts draw, asked of pango
 * the way the board lays its texts out.
 *
 * Pango falls back from the board's font on every font fontconfig sorts
 * after it, and skips the ones it cannot use; a character left without
 * a font gets pango's "unknown" glyph, drawn as a box of hex digits.
 * Laying a text out and looking for those glyphs answers exactly what
 * the board would show, default-ignorable characters (joiners, variation
 * selectors of emoji) included, which draw nothing and are no error.
 *
 * The font map is pango's FreeType one, not the board's cairo one: the
 * same fontconfig fallback and coverage, without cairo fonts that would
 * outlive render_cleanup(). It is made once and kept: the first check
 * reads fontconfig's cache, later ones only shape their text.
 */
#include "glyphs.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pango/pangoft2.h>

#include "conf.h"
#include "log.h"

static const char glyphs_ascii[] =
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~";

static PangoLayout	*glyphs_pl;
static char		 glyphs_family[64];

static PangoLayout *
glyphs_layout(const char *family)
{
	PangoFontDescription *fd;
	PangoFontMap *fm;
	PangoContext *pc;

	if (family[0] == '\0')
		family = "Sans";	/* as text.c */
	if (glyphs_pl != NULL && strcmp(glyphs_family, family) == 0)
		return glyphs_pl;
	if (glyphs_pl == NULL) {
		if ((fm = pango_ft2_font_map_new()) == NULL)
			return NULL;
		pc = pango_font_map_create_context(fm);
		g_object_unref(fm);
		if (pc == NULL)
			return NULL;
		glyphs_pl = pango_layout_new(pc);
		g_object_unref(pc);
		if (glyphs_pl == NULL)
			return NULL;
		pango_layout_set_single_paragraph_mode(glyphs_pl, TRUE);
	}
	/* Which characters have a glyph does not depend on the size. */
	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_absolute_size(fd, 32 * PANGO_SCALE);
	pango_layout_set_font_description(glyphs_pl, fd);
	pango_font_description_free(fd);
	snprintf(glyphs_family, sizeof(glyphs_family), "%s", family);
	return glyphs_pl;
}

int
glyphs_missing(const char *family, const char *text, uint32_t *cp,
    size_t *off)
{
	PangoLayoutIter *it;
	PangoLayoutRun *run;
	PangoGlyphString *gs;
	PangoLayout *pl;
	size_t at, first = SIZE_MAX;
	int i;

	if ((pl = glyphs_layout(family)) == NULL) {
		log_warnx("fonts: pango has no font map");
		return -1;
	}
	pango_layout_set_text(pl, text, -1);
	if (pango_layout_get_unknown_glyphs_count(pl) == 0)
		return 0;
	/* Runs come in visual order, right-to-left ones backwards: the
	 * first in the text is the one at the lowest byte. */
	it = pango_layout_get_iter(pl);
	do {
		if ((run = pango_layout_iter_get_run_readonly(it)) == NULL)
			continue;
		gs = run->glyphs;
		for (i = 0; i < gs->num_glyphs; i++) {
			if (!(gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				continue;
			at = (size_t)(run->item->offset + gs->log_clusters[i]);
			if (at < first)
				first = at;
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	if (first == SIZE_MAX)
		return 0;
	*off = first;
	*cp = g_utf8_get_char(text + first);
	return 1;
}

int
glyphs_check(struct conf_ctx *ctx, const char *family, const char *key,
    const char *value)
{
	uint32_t cp;
	size_t off;

	/* Printable ASCII is in every font antre-display's package brings
	 * (DejaVu, Noto): a text of nothing else needs no font looked up,
	 * and -n of such a configuration reads no font at all. */
	if (strspn(value, glyphs_ascii) == strlen(value))
		return 0;
	if (!g_utf8_validate(value, -1, NULL))
		return 0;	/* refused as invalid UTF-8 elsewhere */
	if (glyphs_missing(family, value, &cp, &off) != 1)
		return 0;
	conf_error(ctx, "%s: U+%04X at byte %zu is in no installed font: it "
	    "would show as a box", key, (unsigned int)cp, off);
	return -1;
}
