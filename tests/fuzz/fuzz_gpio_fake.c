/*
 * fuzz_gpio_fake.c - the fake GPIO backend's controller line parser
 * (gpio_fake_parse, firmware/gpio-fake.c) on arbitrary lines.
 *
 * Input: one or more lines, as the controller writes them to the
 * socket; each is parsed as fake_read() parses it. A line gives 0 to 2
 * events, of a known button, at times not after now. Anything else
 * aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gpio-fake.h"
#include "log.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fuzz_die(const char *what, const char *line)
{
	fprintf(stderr, "fuzz_gpio_fake: %s: \"%s\"\n", what, line);
	abort();
}

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gpio_event ev[3];
	char *buf, *line, *nl;
	int64_t after;
	int i, n;

	log_set_sink(quiet, NULL);
	/* The backend's buffer: at most 511 bytes, NUL-terminated. */
	if (size > 511)
		size = 511;
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		memset(ev, 0xa5, sizeof(ev));
		n = gpio_fake_parse(line, ev);
		after = mono_ms();
		if (n < 0 || n > 2)
			fuzz_die("event count out of range", line);
		for (i = 0; i < (int)sizeof(ev[2]); i++)
			if (((const uint8_t *)&ev[2])[i] != 0xa5)
				fuzz_die("wrote past two events", line);
		for (i = 0; i < n; i++) {
			if ((int)ev[i].button < 0 ||
			    ev[i].button >= BUTTON__COUNT)
				fuzz_die("unknown button", line);
			if (ev[i].t_ms > after)
				fuzz_die("event in the future", line);
		}
	}
	free(buf);
	return 0;
}
