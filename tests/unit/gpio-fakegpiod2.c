/*
 * gpio-fakegpiod2.c - the libgpiod 2.x calls gpio-gpiod2.c makes, on the
 * fake chips of gpio-fakechip.c: settings and configs as plain structs
 * with 2.x's defaults, a request holding many lines and queueing their
 * edges on one descriptor. 2.x has no chip lookup, so the backend scans
 * /dev itself; the test links with --wrap=scandir,--wrap=scandir64 (the
 * name it has where file offsets are made 64-bit on a 32-bit system,
 * e.g. armhf) and this file answers for /dev with the fake chips among a
 * few other devices.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio-fakechip.h"

struct gpiod_chip {
	struct fakechip		*c;
};

struct gpiod_chip_info {
	const char		*name;
	const char		*label;
};

struct gpiod_line_info {
	bool			 used;
	char			 consumer[32];
};

struct gpiod_line_settings {
	enum gpiod_line_direction	direction;
	enum gpiod_line_edge		edge;
	enum gpiod_line_bias		bias;
	enum gpiod_line_clock		clock;
	bool				active_low;
	enum gpiod_line_value		value;
};

struct gpiod_line_config {
	size_t				n;
	unsigned int			lines[FAKECHIP_LINES];
	struct gpiod_line_settings	settings[FAKECHIP_LINES];
};

struct gpiod_request_config {
	char			 consumer[32];
};

struct gpiod_line_request {
	struct fakechip_req	*r;
};

struct gpiod_edge_event {
	enum gpiod_edge_event_type	type;
	uint64_t			ns;
	unsigned int			line;
};

struct gpiod_edge_event_buffer {
	size_t			 capacity;
	size_t			 n;
	struct gpiod_edge_event	 ev[];
};

const char *const fakegpiod_api = "libgpiod 2";

int
fakegpiod_requests(int buttons, bool led)
{
	return (buttons > 0) + led;
}

static int (*fake_compar)(const struct dirent **, const struct dirent **);

static int
fake_cmp(const void *a, const void *b)
{
	return fake_compar((const struct dirent **)a,
	    (const struct dirent **)b);
}

typedef int scandir_fn(const char *, struct dirent ***,
    int (*)(const struct dirent *),
    int (*)(const struct dirent **, const struct dirent **));
scandir_fn __real_scandir, __real_scandir64, __wrap_scandir, __wrap_scandir64;

static int
fake_scandir(scandir_fn *real, const char *dir, struct dirent ***names,
    int (*filter)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	const char *others[] = { "null", "gpiomem", "ttyAMA0", "i2c-1" };
	struct dirent de, **v;
	size_t i, total = FAKECHIP_CHIPS + 4;
	int n = 0;

	if (strcmp(dir, "/dev") != 0)
		return real(dir, names, filter, compar);
	if ((v = calloc(total, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < total; i++) {
		memset(&de, 0, sizeof(de));
		snprintf(de.d_name, sizeof(de.d_name), "%s",
		    i < 4 ? others[i] : fakechips[total - 1 - i].name);
		if (filter != NULL && !filter(&de))
			continue;
		if ((v[n] = malloc(sizeof(de))) == NULL)
			abort();
		*v[n++] = de;
	}
	if ((fake_compar = compar) != NULL)
		qsort(v, n, sizeof(*v), fake_cmp);
	*names = v;
	return n;
}

int
__wrap_scandir(const char *dir, struct dirent ***names,
    int (*filter)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	return fake_scandir(__real_scandir, dir, names, filter, compar);
}

int
__wrap_scandir64(const char *dir, struct dirent ***names,
    int (*filter)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	return fake_scandir(__real_scandir64, dir, names, filter, compar);
}

struct gpiod_chip *
gpiod_chip_open(const char *path)
{
	struct gpiod_chip *chip;
	struct fakechip *c;

	if ((c = fakechip_by_path(path)) == NULL)
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
	chip->c->opened--;
	free(chip);
}

struct gpiod_chip_info *
gpiod_chip_get_info(struct gpiod_chip *chip)
{
	struct gpiod_chip_info *info;

	if ((info = calloc(1, sizeof(*info))) == NULL)
		return NULL;
	info->name = chip->c->name;
	info->label = chip->c->label;
	return info;
}

void
gpiod_chip_info_free(struct gpiod_chip_info *info)
{
	free(info);
}

const char *
gpiod_chip_info_get_name(struct gpiod_chip_info *info)
{
	return info->name;
}

const char *
gpiod_chip_info_get_label(struct gpiod_chip_info *info)
{
	return info->label;
}

struct gpiod_line_info *
gpiod_chip_get_line_info(struct gpiod_chip *chip, unsigned int offset)
{
	struct gpiod_line_info *info;

	if (offset >= chip->c->nlines) {
		errno = EINVAL;
		return NULL;
	}
	if ((info = calloc(1, sizeof(*info))) == NULL)
		return NULL;
	snprintf(info->consumer, sizeof(info->consumer), "%s",
	    chip->c->line[offset].consumer);
	info->used = info->consumer[0] != '\0';
	return info;
}

void
gpiod_line_info_free(struct gpiod_line_info *info)
{
	free(info);
}

bool
gpiod_line_info_is_used(struct gpiod_line_info *info)
{
	return info->used;
}

const char *
gpiod_line_info_get_consumer(struct gpiod_line_info *info)
{
	return info->used ? info->consumer : NULL;
}

struct gpiod_line_settings *
gpiod_line_settings_new(void)
{
	struct gpiod_line_settings *ls;

	if ((ls = calloc(1, sizeof(*ls))) == NULL)
		return NULL;
	ls->direction = GPIOD_LINE_DIRECTION_AS_IS;
	ls->edge = GPIOD_LINE_EDGE_NONE;
	ls->bias = GPIOD_LINE_BIAS_AS_IS;
	ls->clock = GPIOD_LINE_CLOCK_MONOTONIC;
	ls->value = GPIOD_LINE_VALUE_INACTIVE;
	return ls;
}

void
gpiod_line_settings_free(struct gpiod_line_settings *ls)
{
	free(ls);
}

int
gpiod_line_settings_set_direction(struct gpiod_line_settings *ls,
    enum gpiod_line_direction direction)
{
	ls->direction = direction;
	return 0;
}

int
gpiod_line_settings_set_edge_detection(struct gpiod_line_settings *ls,
    enum gpiod_line_edge edge)
{
	ls->edge = edge;
	return 0;
}

int
gpiod_line_settings_set_bias(struct gpiod_line_settings *ls,
    enum gpiod_line_bias bias)
{
	ls->bias = bias;
	return 0;
}

void
gpiod_line_settings_set_active_low(struct gpiod_line_settings *ls,
    bool active_low)
{
	ls->active_low = active_low;
}

int
gpiod_line_settings_set_event_clock(struct gpiod_line_settings *ls,
    enum gpiod_line_clock clock)
{
	ls->clock = clock;
	return 0;
}

int
gpiod_line_settings_set_output_value(struct gpiod_line_settings *ls,
    enum gpiod_line_value value)
{
	ls->value = value;
	return 0;
}

struct gpiod_line_config *
gpiod_line_config_new(void)
{
	return calloc(1, sizeof(struct gpiod_line_config));
}

void
gpiod_line_config_free(struct gpiod_line_config *lc)
{
	free(lc);
}

/* The settings are copied: the caller may free or change its own. */
int
gpiod_line_config_add_line_settings(struct gpiod_line_config *lc,
    const unsigned int *lines, size_t n, struct gpiod_line_settings *ls)
{
	size_t i;

	if (lc->n + n > FAKECHIP_LINES) {
		errno = E2BIG;
		return -1;
	}
	for (i = 0; i < n; i++) {
		lc->lines[lc->n] = lines[i];
		lc->settings[lc->n++] = *ls;
	}
	return 0;
}

struct gpiod_request_config *
gpiod_request_config_new(void)
{
	return calloc(1, sizeof(struct gpiod_request_config));
}

void
gpiod_request_config_free(struct gpiod_request_config *rc)
{
	free(rc);
}

void
gpiod_request_config_set_consumer(struct gpiod_request_config *rc,
    const char *consumer)
{
	snprintf(rc->consumer, sizeof(rc->consumer), "%s", consumer);
}

static struct fakechip_how
fake_how(const struct gpiod_line_settings *ls)
{
	static const enum fakechip_dir dir[] = {
		[GPIOD_LINE_DIRECTION_AS_IS] = FAKECHIP_AS_IS,
		[GPIOD_LINE_DIRECTION_INPUT] = FAKECHIP_INPUT,
		[GPIOD_LINE_DIRECTION_OUTPUT] = FAKECHIP_OUTPUT,
	};
	static const enum fakechip_edges edges[] = {
		[GPIOD_LINE_EDGE_NONE] = FAKECHIP_NO_EDGES,
		[GPIOD_LINE_EDGE_RISING] = FAKECHIP_RISING,
		[GPIOD_LINE_EDGE_FALLING] = FAKECHIP_FALLING,
		[GPIOD_LINE_EDGE_BOTH] = FAKECHIP_BOTH_EDGES,
	};
	static const enum fakechip_bias bias[] = {
		[GPIOD_LINE_BIAS_AS_IS] = FAKECHIP_BIAS_AS_IS,
		[GPIOD_LINE_BIAS_DISABLED] = FAKECHIP_BIAS_DISABLED,
		[GPIOD_LINE_BIAS_PULL_UP] = FAKECHIP_PULL_UP,
		[GPIOD_LINE_BIAS_PULL_DOWN] = FAKECHIP_PULL_DOWN,
	};
	static const enum fakechip_clock clock[] = {
		[GPIOD_LINE_CLOCK_MONOTONIC] = FAKECHIP_MONOTONIC,
		[GPIOD_LINE_CLOCK_REALTIME] = FAKECHIP_REALTIME,
		[GPIOD_LINE_CLOCK_HTE] = FAKECHIP_HTE,
	};

	return (struct fakechip_how){
		.dir = dir[ls->direction],
		.edges = edges[ls->edge],
		.bias = bias[ls->bias],
		.clock = clock[ls->clock],
		.active_low = ls->active_low,
		.value = ls->value == GPIOD_LINE_VALUE_ACTIVE,
	};
}

struct gpiod_line_request *
gpiod_chip_request_lines(struct gpiod_chip *chip,
    struct gpiod_request_config *rc, struct gpiod_line_config *lc)
{
	struct gpiod_line_request *req;
	struct fakechip_how how[FAKECHIP_LINES];
	size_t i;

	if (lc->n == 0) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < lc->n; i++)
		how[i] = fake_how(&lc->settings[i]);
	if ((req = calloc(1, sizeof(*req))) == NULL)
		return NULL;
	req->r = fakechip_request(chip->c, lc->lines, how, lc->n,
	    rc != NULL && rc->consumer[0] != '\0' ? rc->consumer : NULL);
	if (req->r == NULL) {
		free(req);
		return NULL;
	}
	return req;
}

void
gpiod_line_request_release(struct gpiod_line_request *req)
{
	fakechip_release(req->r);
	free(req);
}

int
gpiod_line_request_set_value(struct gpiod_line_request *req,
    unsigned int offset, enum gpiod_line_value value)
{
	return fakechip_set(req->r, offset, value == GPIOD_LINE_VALUE_ACTIVE);
}

int
gpiod_line_request_get_fd(struct gpiod_line_request *req)
{
	return req->r->pipe[0];
}

int
gpiod_line_request_wait_edge_events(struct gpiod_line_request *req,
    int64_t timeout_ns)
{
	/* A wait for longer than nothing would stall the main loop. */
	if (timeout_ns != 0 && !fakechip_pending(req->r))
		fakechip_blocked++;
	return fakechip_pending(req->r) ? 1 : 0;
}

int
gpiod_line_request_read_edge_events(struct gpiod_line_request *req,
    struct gpiod_edge_event_buffer *buf, size_t max)
{
	struct fakechip_event fe;

	if (max > buf->capacity)
		max = buf->capacity;
	buf->n = 0;
	/* One read() of the descriptor: what is queued, up to max, and
	 * blocking when nothing is. */
	do {
		if (fakechip_pop(req->r, &fe) == -1)
			return -1;
		buf->ev[buf->n].type = fe.rising ?
		    GPIOD_EDGE_EVENT_RISING_EDGE :
		    GPIOD_EDGE_EVENT_FALLING_EDGE;
		buf->ev[buf->n].ns = fe.ns;
		buf->ev[buf->n].line = fe.line;
		buf->n++;
	} while (buf->n < max && fakechip_pending(req->r));
	return (int)buf->n;
}

struct gpiod_edge_event_buffer *
gpiod_edge_event_buffer_new(size_t capacity)
{
	struct gpiod_edge_event_buffer *buf;

	if (capacity == 0)
		capacity = 64;
	if ((buf = calloc(1, sizeof(*buf) +
	    capacity * sizeof(buf->ev[0]))) == NULL)
		return NULL;
	buf->capacity = capacity;
	return buf;
}

void
gpiod_edge_event_buffer_free(struct gpiod_edge_event_buffer *buf)
{
	free(buf);
}

struct gpiod_edge_event *
gpiod_edge_event_buffer_get_event(struct gpiod_edge_event_buffer *buf,
    unsigned long index)
{
	return index < buf->n ? &buf->ev[index] : NULL;
}

enum gpiod_edge_event_type
gpiod_edge_event_get_event_type(struct gpiod_edge_event *e)
{
	return e->type;
}

uint64_t
gpiod_edge_event_get_timestamp_ns(struct gpiod_edge_event *e)
{
	return e->ns;
}

unsigned int
gpiod_edge_event_get_line_offset(struct gpiod_edge_event *e)
{
	return e->line;
}
