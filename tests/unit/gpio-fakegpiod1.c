/*
 * gpio-fakegpiod1.c - the libgpiod 1.6 calls gpio-gpiod.c makes, on the
 * fake chips of gpio-fakechip.c. A line is requested on its own, with
 * flags; its edges come on its own descriptor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio-fakechip.h"

struct gpiod_line {
	struct gpiod_chip	*chip;
	unsigned int		 offset;
	struct fakechip_req	*req;
};

struct gpiod_chip {
	struct fakechip		*c;
	struct gpiod_line	 lines[FAKECHIP_LINES];
};

const char *const fakegpiod_api = "libgpiod 1.6";

int
fakegpiod_requests(int buttons, bool led)
{
	return buttons + led;
}

/* 1.6 looks a chip up by number, label, name or /dev path, in that
 * order. */
struct gpiod_chip *
gpiod_chip_open_lookup(const char *descr)
{
	struct gpiod_chip *chip;
	struct fakechip *c = NULL;
	char path[64];
	int i;

	if (descr[0] != '\0' && descr[strspn(descr, "0123456789")] == '\0') {
		snprintf(path, sizeof(path), "/dev/gpiochip%s", descr);
		c = fakechip_by_path(path);
	} else {
		for (i = 0; i < FAKECHIP_CHIPS && c == NULL; i++)
			if (strcmp(fakechips[i].label, descr) == 0) {
				if (fakechips[i].denied) {
					errno = EACCES;
					return NULL;
				}
				c = &fakechips[i];
			}
		if (c == NULL && strncmp(descr, "/dev/", 5) == 0)
			c = fakechip_by_path(descr);
		else if (c == NULL) {
			snprintf(path, sizeof(path), "/dev/%s", descr);
			c = fakechip_by_path(path);
		}
	}
	if (c == NULL)
		return NULL;
	if ((chip = calloc(1, sizeof(*chip))) == NULL)
		return NULL;
	chip->c = c;
	c->opened++;
	return chip;
}

void
gpiod_chip_close(struct gpiod_chip *chip)
{
	int i;

	/* As 1.6 does: the chip's requested lines go with it. */
	for (i = 0; i < FAKECHIP_LINES; i++)
		if (chip->lines[i].req != NULL)
			fakechip_release(chip->lines[i].req);
	chip->c->opened--;
	free(chip);
}

struct gpiod_line *
gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
	if (offset >= chip->c->nlines) {
		errno = EINVAL;
		return NULL;
	}
	chip->lines[offset].chip = chip;
	chip->lines[offset].offset = offset;
	return &chip->lines[offset];
}

static int
fake_request(struct gpiod_line *line, const char *consumer,
    const struct fakechip_how *how)
{
	if (line->req != NULL) {
		errno = EBUSY;
		return -1;
	}
	line->req = fakechip_request(line->chip->c, &line->offset, how, 1,
	    consumer);
	return line->req != NULL ? 0 : -1;
}

int
gpiod_line_request_both_edges_events_flags(struct gpiod_line *line,
    const char *consumer, int flags)
{
	struct fakechip_how how = {
		.dir = FAKECHIP_INPUT,
		.edges = FAKECHIP_BOTH_EDGES,
		.clock = FAKECHIP_MONOTONIC,	/* v1 uAPI since 5.7 */
	};

	how.active_low = (flags & GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) != 0;
	if (flags & GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
		how.bias = FAKECHIP_PULL_UP;
	else if (flags & GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
		how.bias = FAKECHIP_PULL_DOWN;
	else if (flags & GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
		how.bias = FAKECHIP_BIAS_DISABLED;
	return fake_request(line, consumer, &how);
}

int
gpiod_line_request_output(struct gpiod_line *line, const char *consumer,
    int default_val)
{
	struct fakechip_how how = {
		.dir = FAKECHIP_OUTPUT,
		.value = default_val,
	};

	return fake_request(line, consumer, &how);
}

int
gpiod_line_event_get_fd(struct gpiod_line *line)
{
	if (line->req == NULL ||
	    line->chip->c->line[line->offset].how.dir != FAKECHIP_INPUT) {
		errno = EPERM;
		return -1;
	}
	return line->req->pipe[0];
}

int
gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *ev)
{
	struct fakechip_event fe;

	if (line->req == NULL || fakechip_pop(line->req, &fe) == -1)
		return -1;
	ev->event_type = fe.rising ? GPIOD_LINE_EVENT_RISING_EDGE :
	    GPIOD_LINE_EVENT_FALLING_EDGE;
	ev->ts.tv_sec = (time_t)(fe.ns / 1000000000);
	ev->ts.tv_nsec = (long)(fe.ns % 1000000000);
	return 0;
}

int
gpiod_line_set_value(struct gpiod_line *line, int value)
{
	if (line->req == NULL) {
		errno = EPERM;
		return -1;
	}
	return fakechip_set(line->req, line->offset, value);
}

void
gpiod_line_release(struct gpiod_line *line)
{
	if (line->req != NULL)
		fakechip_release(line->req);
	line->req = NULL;
}

bool
gpiod_line_is_used(struct gpiod_line *line)
{
	return line->chip->c->line[line->offset].consumer[0] != '\0';
}

const char *
gpiod_line_consumer(struct gpiod_line *line)
{
	const char *s = line->chip->c->line[line->offset].consumer;

	return s[0] != '\0' ? s : NULL;
}
