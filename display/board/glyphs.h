/*
 * glyphs.h - can the installed fonts draw a text? A character no font
 * has turns into a box of hex digits on the hall's TV: what a citizen
 * reads is checked when the configuration is loaded (antre-display -n)
 * rather than found on the screen.
 */
#ifndef ANTRE_GLYPHS_H
#define ANTRE_GLYPHS_H

#include <stddef.h>
#include <stdint.h>

struct conf_ctx;

/*
 * Lays text (valid UTF-8) out as the board does, in family ("" for the
 * board's default) and the fonts fontconfig falls back on. Returns 0
 * when every character is drawn; 1 with the first character no font has
 * in *cp and its byte offset in *off; -1 if the fonts cannot be asked.
 */
int	glyphs_missing(const char *family, const char *text, uint32_t *cp,
	    size_t *off);

/*
 * For a configuration key whose value a citizen reads (names, labels,
 * the running text, a zone's title): 0, or -1 after conf_error() naming
 * the key and the character (U+XXXX) with its byte offset.
 */
int	glyphs_check(struct conf_ctx *ctx, const char *family,
	    const char *key, const char *value);

#endif
