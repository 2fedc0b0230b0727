/*
 * fuzz_kiosk.c - antre-kiosk's parsers on arbitrary input: the first
 * byte picks one.
 *	0	the printer's status answer (escpos_status_parse): what a
 *		printer, or garbage on a serial line, sends back
 *	1	the state file (spool_load), damaged any way
 *	2	the configuration (kconfig_load)
 * Each must return, never crash; a state file it accepts is saved and
 * loaded again to the same tickets; a configuration it accepts holds
 * values in their ranges. Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "escpos.h"
#include "kconfig.h"
#include "log.h"
#include "spool.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

static void __attribute__((noreturn))
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz_kiosk: %s\n", what);
	abort();
}

/* The input as a file, by path: a memfd under /proc/self/fd. */
static int
as_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("fuzz_kiosk", 0);

	if (fd == -1 || write(fd, data, size) != (ssize_t)size)
		fuzz_die("memfd");
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static void
fuzz_spool(const uint8_t *data, size_t size)
{
	struct spool s, again;
	char path[64], copy[] = "/tmp/fuzz-kiosk-XXXXXX";
	int fd = as_file(data, size, path, sizeof(path)), tmp, i;

	if (spool_load(&s, path) == 0) {
		if (s.n < 0 || s.n > SPOOL_MAX)
			fuzz_die("spool count out of range");
		if ((tmp = mkstemp(copy)) == -1)
			fuzz_die("mkstemp");
		close(tmp);
		snprintf(s.path, sizeof(s.path), "%s", copy);
		if (spool_save(&s) == -1 || spool_load(&again, copy) == -1)
			fuzz_die("a state file read could not be saved again");
		if (again.n != s.n || again.have_take != s.have_take)
			fuzz_die("saved and read again: not the same");
		for (i = 0; i < s.n; i++)
			if (again.t[i].ticket.number != s.t[i].ticket.number ||
			    strcmp(again.t[i].id, s.t[i].id) != 0)
				fuzz_die("a ticket changed on the way");
		unlink(copy);
	}
	close(fd);
}

static void
fuzz_conf(const uint8_t *data, size_t size)
{
	struct kconf c;
	char path[64];
	int fd = as_file(data, size, path, sizeof(path)), b;

	if (kconfig_load(path, &c) == 0) {
		if (c.kiosk < 1 || c.kiosk > KIOSK_ID_MAX ||
		    (c.paper != 58 && c.paper != 80) || c.nbuttons < 0 ||
		    c.nbuttons > KIOSK_BUTTONS_MAX)
			fuzz_die("accepted a value out of range");
		for (b = 0; b < KIOSK_BUTTONS_MAX; b++)
			if (c.buttons[b].service != 0 &&
			    (c.buttons[b].service < 'A' ||
			    c.buttons[b].service > 'Z' || c.gpio.lines[b] < 0))
				fuzz_die("accepted a button without a service "
				    "letter or a line");
	}
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum kiosk_printer st;
	const char *why;

	log_set_sink(quiet, NULL);
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		st = escpos_status_parse(data + 1, size - 1, &why);
		if ((unsigned)st >= PRINTER__COUNT || why == NULL)
			fuzz_die("status out of range");
		if (size - 1 != 4 && escpos_printer_prints(st))
			fuzz_die("prints without four answers");
		break;
	case 1:
		fuzz_spool(data + 1, size - 1);
		break;
	default:
		fuzz_conf(data + 1, size - 1);
		break;
	}
	return 0;
}
