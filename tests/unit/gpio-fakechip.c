/*
 * gpio-fakechip.c - the fake GPIO chips shared by the fake libgpiods:
 * lines, who holds them and how, edge queues with a descriptor each.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gpio-fakechip.h"

struct fakechip fakechips[FAKECHIP_CHIPS];
int fakechip_blocked;

static struct fakechip_req *live[FAKECHIP_CHIPS * FAKECHIP_LINES];

void
fakechip_reset(void)
{
	static const struct { const char *name, *label; unsigned int n; }
	    chips[FAKECHIP_CHIPS] = {
		{ "gpiochip0", "pinctrl-bcm2711", 58 },
		{ "gpiochip1", "raspberrypi-exp-gpio", 8 },
		{ "gpiochip4", "pinctrl-rp1", 54 },
	};
	size_t i;

	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] != NULL)
			fakechip_release(live[i]);
	memset(fakechips, 0, sizeof(fakechips));
	for (i = 0; i < FAKECHIP_CHIPS; i++) {
		fakechips[i].name = chips[i].name;
		fakechips[i].label = chips[i].label;
		fakechips[i].nlines = chips[i].n;
	}
	fakechip_blocked = 0;
}

struct fakechip *
fakechip_get(const char *name)
{
	int i;

	for (i = 0; i < FAKECHIP_CHIPS; i++)
		if (strcmp(fakechips[i].name, name) == 0)
			return &fakechips[i];
	fail_msg("no fake chip %s", name);
	return NULL;
}

struct fakechip_line *
fakechip_line(const char *chip, unsigned int line)
{
	assert_true(line < FAKECHIP_LINES);
	return &fakechip_get(chip)->line[line];
}

void
fakechip_hold(const char *chip, unsigned int line, const char *consumer)
{
	struct fakechip_line *l = fakechip_line(chip, line);

	assert_null(l->req);
	snprintf(l->consumer, sizeof(l->consumer), "%s", consumer);
}

void
fakechip_edge(const char *chip, unsigned int line, bool rising, uint64_t ns)
{
	struct fakechip_line *l = fakechip_line(chip, line);
	struct fakechip_req *r = l->req;

	/* Only lines the program asked edges of have any. */
	assert_non_null(r);
	assert_int_equal(l->how.dir, FAKECHIP_INPUT);
	if (l->how.edges == FAKECHIP_NO_EDGES ||
	    (l->how.edges == FAKECHIP_RISING && !rising) ||
	    (l->how.edges == FAKECHIP_FALLING && rising))
		return;
	assert_true(r->nqueue < FAKECHIP_QUEUE);
	r->queue[r->nqueue].line = line;
	r->queue[r->nqueue].rising = rising;
	r->queue[r->nqueue].ns = ns;
	r->nqueue++;
	assert_int_equal(write(r->pipe[1], "e", 1), 1);
}

int
fakechip_requests(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		n += live[i] != NULL;
	return n;
}

int
fakechip_open_chips(void)
{
	int i, n = 0;

	for (i = 0; i < FAKECHIP_CHIPS; i++)
		n += fakechips[i].opened;
	return n;
}

struct fakechip *
fakechip_by_path(const char *path)
{
	int i;

	if (strncmp(path, "/dev/", 5) == 0)
		for (i = 0; i < FAKECHIP_CHIPS; i++)
			if (strcmp(path + 5, fakechips[i].name) == 0) {
				if (fakechips[i].denied) {
					errno = EACCES;
					return NULL;
				}
				return &fakechips[i];
			}
	errno = ENOENT;
	return NULL;
}

struct fakechip_req *
fakechip_request(struct fakechip *c, const unsigned int *lines,
    const struct fakechip_how *how, size_t n, const char *consumer)
{
	struct fakechip_req *r;
	size_t i, j, slot;

	for (i = 0; i < n; i++) {
		if (lines[i] >= c->nlines) {
			errno = EINVAL;
			return NULL;
		}
		for (j = 0; j < i; j++)
			if (lines[j] == lines[i]) {
				errno = EBUSY;
				return NULL;
			}
		if (c->line[lines[i]].consumer[0] != '\0') {
			errno = EBUSY;
			return NULL;
		}
	}
	for (slot = 0; live[slot] != NULL; slot++)
		assert_true(slot + 1 < sizeof(live) / sizeof(live[0]));
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if (pipe(r->pipe) == -1) {
		free(r);
		return NULL;
	}
	r->chip = c;
	for (i = 0; i < n; i++) {
		struct fakechip_line *l = &c->line[lines[i]];

		snprintf(l->consumer, sizeof(l->consumer), "%s",
		    consumer != NULL ? consumer : "?");
		l->req = r;
		l->how = how[i];
		if (how[i].dir == FAKECHIP_OUTPUT)
			l->level = (how[i].value != 0) != how[i].active_low;
	}
	live[slot] = r;
	return r;
}

void
fakechip_release(struct fakechip_req *r)
{
	struct fakechip *c = r->chip;
	size_t i;

	for (i = 0; i < FAKECHIP_LINES; i++)
		if (c->line[i].req == r) {
			c->line[i].req = NULL;
			c->line[i].consumer[0] = '\0';
		}
	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == r)
			live[i] = NULL;
	close(r->pipe[0]);
	close(r->pipe[1]);
	free(r);
}

bool
fakechip_pending(struct fakechip_req *r)
{
	return r->nqueue > 0;
}

int
fakechip_pop(struct fakechip_req *r, struct fakechip_event *ev)
{
	char b;

	if (r->nqueue == 0) {
		fakechip_blocked++;
		errno = EAGAIN;
		return -1;
	}
	assert_int_equal(read(r->pipe[0], &b, 1), 1);
	*ev = r->queue[0];
	memmove(&r->queue[0], &r->queue[1],
	    --r->nqueue * sizeof(r->queue[0]));
	return 0;
}

int
fakechip_set(struct fakechip_req *r, unsigned int line, int value)
{
	struct fakechip_line *l;

	if (line >= FAKECHIP_LINES || (l = &r->chip->line[line])->req != r ||
	    l->how.dir != FAKECHIP_OUTPUT) {
		errno = EPERM;
		return -1;
	}
	l->level = (value != 0) != l->how.active_low;
	return 0;
}
