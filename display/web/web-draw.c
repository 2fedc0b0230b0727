/*
 * web-draw.c - the drawing module loaded when first needed (web-draw.h):
 * the functions antre-web calls to draw, forwarding to it.
 */
#include "web-draw.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "glyphs.h"
#include "log.h"
#include "report-pdf.h"

/* Defined here for the program and hidden from the module, which has
 * its own. */
#define HIDDEN	__attribute__((visibility("hidden")))

static const struct web_draw	*draw_table;
static bool			 draw_tried;

/* The module: beside the program (the build tree), else where the
 * package installs it. */
static const struct web_draw *
draw(void)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof(WEB_DRAW_MODULE)];
	const char *dirs[2] = { NULL, ANTRE_WEB_DRAW_DIR };
	const struct web_draw *t;
	void *dl;
	ssize_t n;
	char *slash;
	int i;

	if (draw_tried)
		return draw_table;
	draw_tried = true;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			dirs[0] = self;
		}
	}
	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirs[i], WEB_DRAW_MODULE);
		if (access(path, R_OK) == -1)
			continue;
		if ((dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
			log_warnx("%s", dlerror());
			return NULL;
		}
		t = dlsym(dl, WEB_DRAW_TABLE);
		if (t == NULL || t->abi != WEB_DRAW_ABI) {
			log_warnx("%s: not antre-web's drawing module (ABI %d)",
			    path, WEB_DRAW_ABI);
			return NULL;
		}
		log_debug("drawing with %s", path);
		return draw_table = t;
	}
	log_warnx("%s: not found beside the program nor in %s: no charts "
	    "or PDF", WEB_DRAW_MODULE, ANTRE_WEB_DRAW_DIR);
	return NULL;
}

int
web_draw_loaded(void)
{
	return draw_table != NULL;
}

HIDDEN int
report_chart_svg(const struct report *r, enum report_chart which,
    double width, cairo_write_func_t write, void *closure)
{
	const struct web_draw *t = draw();

	return t != NULL ? t->chart_svg(r, which, width, write, closure) : -1;
}

HIDDEN int
report_pdf_write_head(const struct report *r, const char *path,
    const char *office, const char *head, time_t now, int *pages,
    char *why, size_t whylen)
{
	const struct web_draw *t = draw();

	if (t == NULL) {
		snprintf(why, whylen, "%s: %s is missing", path,
		    WEB_DRAW_MODULE);
		return -1;
	}
	return t->pdf_write_head(r, path, office, head, now, pages, why,
	    whylen);
}

/* Printable ASCII: in every font the packages bring (glyphs.c says the
 * same), no font asked and no module loaded for it. */
static bool
ascii(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

HIDDEN int
glyphs_check(struct conf_ctx *ctx, const char *family, const char *key,
    const char *value)
{
	const struct web_draw *t;

	if (ascii(value) || (t = draw()) == NULL)
		return 0;
	return t->glyphs_check(ctx, family, key, value);
}

HIDDEN int
glyphs_missing(const char *family, const char *text, uint32_t *cp,
    size_t *off)
{
	const struct web_draw *t;

	if (ascii(text))
		return 0;
	if ((t = draw()) == NULL)
		return -1;
	return t->glyphs_missing(family, text, cp, off);
}
