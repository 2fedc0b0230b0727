/*
 * fuzz_conf.c - the INI reader (common/conf.c over libinih) on arbitrary
 * files: through a handler that tries every typed value parser, and
 * through a program's own key handlers and checks: antre-display's
 * config_load (built as fuzz_conf_display) or antre-desk's (built with
 * FUZZ_CONF_DESK as fuzz_conf_desk).
 *
 * The input is the file, handed over by path (a memfd under
 * /proc/self/fd). conf_parse must return 0 or -1; a configuration the
 * program accepts must hold values in their ranges. Anything else
 * aborts; a crash or a sanitizer report is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf.h"
#include "config.h"
#include "log.h"
#include "proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz_conf: %s\n", what);
	abort();
}

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

static void
terminated(const char *s, size_t len, const char *what)
{
	if (memchr(s, '\0', len) == NULL)
		fuzz_die(what);
}

/* Every typed parser on every value; the results checked. */
static int
any_key(struct conf_ctx *ctx, const char *section, const char *key,
    const char *value)
{
	static const char *const words[] = { "none", "wav", "alsa" };
	const char *arg;
	char buf[16];
	bool b;
	int i;

	if (section == NULL)
		fuzz_die("NULL section");
	if (conf_section_split(section, &arg) > strlen(section))
		fuzz_die("section split past the name");
	if (key == NULL)
		return 0;
	if (value == NULL)
		fuzz_die("a key without a value");
	if (conf_int(ctx, key, value, -5, 99, &i) == 0 && (i < -5 || i > 99))
		fuzz_die("conf_int out of range");
	conf_bool(ctx, key, value, &b);
	if (conf_str(ctx, key, value, buf, sizeof(buf)) == 0)
		terminated(buf, sizeof(buf), "conf_str not terminated");
	if (conf_enum(ctx, key, value, words, 3, &i) == 0 && (i < 0 || i > 2))
		fuzz_die("conf_enum out of range");
	return 0;
}

#ifdef FUZZ_CONF_DESK
static void
program_load(const char *path)
{
	struct conf c;

	if (config_load(path, &c) == -1)
		return;
	if (c.desk < 1 || c.desk > DESK_ID_MAX)
		fuzz_die("desk id out of range");
	terminated(c.hall, sizeof(c.hall), "hall not terminated");
	terminated(c.prefix, sizeof(c.prefix), "prefix not terminated");
}
#else
static void
program_load(const char *path)
{
	struct conf c;
	const struct queue_conf *q = &c.queue;
	int i;

	if (config_load_flags(path, &c, CONFIG_NO_SECRETS) == -1)
		return;
	terminated(c.hall, sizeof(c.hall), "hall not terminated");
	terminated(c.prefix, sizeof(c.prefix), "prefix not terminated");
	if (q->nservices < 0 || q->nservices > QUEUE_MAX_SERVICES ||
	    q->ndesks < 0 || q->ndesks > QUEUE_MAX_DESKS)
		fuzz_die("too many services or desks");
	for (i = 0; i < q->nservices; i++)
		if (q->services[i].letter < 'A' || q->services[i].letter > 'Z')
			fuzz_die("service letter out of range");
	for (i = 0; i < q->ndesks; i++)
		if (q->desks[i].id < 1 || q->desks[i].id > DESK_ID_MAX)
			fuzz_die("desk id out of range");
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	int rc;

	if (fd == -1) {
		log_set_sink(quiet, NULL);
		if ((fd = memfd_create("fuzz-conf", 0)) == -1)
			fuzz_die("memfd_create");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 ||
	    (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		fuzz_die("cannot write the file");
	rc = conf_parse(path, any_key, NULL);
	if (rc != 0 && rc != -1)
		fuzz_die("conf_parse returned neither 0 nor -1");
	program_load(path);
	return 0;
}
