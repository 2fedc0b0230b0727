/*
 * test_gpio_gpiod.c - the real libgpiod backend (firmware/gpio-gpiod.c),
 * linked against a fake libgpiod made of the handful of gpiod_* calls it
 * uses. Edges are pushed into the fake and read back through gpio.h, the
 * LED's value is read out of the fake.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gpiod.h>

#include "gpio.h"
#include "logcap.h"

/*
 * The fake chip.
 */

#define FAKE_LINES	64

struct gpiod_chip {
	int	open;
};

struct gpiod_line {
	unsigned int		offset;
	int			requested;	/* 0, 'i' (events), 'o' */
	int			flags;
	int			value;
	int			pipe[2];
	struct gpiod_line_event	queue[32];
	int			nqueue;
};

static struct gpiod_chip fake_chip;
static struct gpiod_line fake_lines[FAKE_LINES];
static int fake_released;

struct gpiod_chip *
gpiod_chip_open_lookup(const char *descr)
{
	if (strcmp(descr, "gpiochip0") != 0) {
		errno = ENOENT;
		return NULL;
	}
	fake_chip.open = 1;
	return &fake_chip;
}

void
gpiod_chip_close(struct gpiod_chip *chip)
{
	chip->open = 0;
}

struct gpiod_line *
gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
	if (!chip->open || offset >= FAKE_LINES) {
		errno = EINVAL;
		return NULL;
	}
	fake_lines[offset].offset = offset;
	return &fake_lines[offset];
}

int
gpiod_line_request_both_edges_events_flags(struct gpiod_line *line,
    const char *consumer, int flags)
{
	(void)consumer;
	if (line->requested) {
		errno = EBUSY;
		return -1;
	}
	if (pipe(line->pipe) == -1)
		return -1;
	line->requested = 'i';
	line->flags = flags;
	return 0;
}

int
gpiod_line_event_get_fd(struct gpiod_line *line)
{
	return line->requested == 'i' ? line->pipe[0] : -1;
}

int
gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *ev)
{
	char b;

	if (line->nqueue == 0 || read(line->pipe[0], &b, 1) != 1) {
		errno = EAGAIN;
		return -1;
	}
	*ev = line->queue[0];
	memmove(&line->queue[0], &line->queue[1],
	    --line->nqueue * sizeof(line->queue[0]));
	return 0;
}

int
gpiod_line_request_output(struct gpiod_line *line, const char *consumer,
    int default_val)
{
	(void)consumer;
	if (line->requested) {
		errno = EBUSY;
		return -1;
	}
	line->requested = 'o';
	line->value = default_val;
	return 0;
}

int
gpiod_line_set_value(struct gpiod_line *line, int value)
{
	if (line->requested != 'o') {
		errno = EPERM;
		return -1;
	}
	line->value = value;
	return 0;
}

void
gpiod_line_release(struct gpiod_line *line)
{
	if (line->requested == 'i') {
		close(line->pipe[0]);
		close(line->pipe[1]);
	}
	line->requested = 0;
	fake_released++;
}

/* What the kernel does when a button moves. */
static void
fake_edge(unsigned int offset, bool rising, int64_t ms)
{
	struct gpiod_line *l = &fake_lines[offset];

	assert_true(l->requested == 'i');
	l->queue[l->nqueue].event_type = rising ?
	    GPIOD_LINE_EVENT_RISING_EDGE : GPIOD_LINE_EVENT_FALLING_EDGE;
	l->queue[l->nqueue].ts.tv_sec = ms / 1000;
	l->queue[l->nqueue].ts.tv_nsec = (ms % 1000) * 1000000;
	l->nqueue++;
	assert_int_equal(write(l->pipe[1], "e", 1), 1);
}

/*
 * The tests.
 */

static struct gpio_conf gc;

static int
setup(void **state)
{
	(void)state;
	memset(fake_lines, 0, sizeof(fake_lines));
	fake_released = 0;
	memset(&gc, 0, sizeof(gc));
	strcpy(gc.backend, "gpiod");
	strcpy(gc.chip, "gpiochip0");
	gc.lines[BUTTON_NEXT] = 17;
	gc.lines[BUTTON_NOSHOW] = 22;
	gc.lines[BUTTON_PAUSE] = -1;
	gc.led = 27;
	gc.active_low = true;
	strcpy(gc.bias, "pull-up");
	return 0;
}

static bool
readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

static void
test_request_flags(void **state)
{
	struct gpio *g;

	(void)state;
	g = gpio_open(&gc);
	assert_non_null(g);
	assert_int_equal(fake_lines[17].requested, 'i');
	assert_int_equal(fake_lines[17].flags,
	    GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW |
	    GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP);
	assert_int_equal(fake_lines[22].requested, 'i');
	assert_int_equal(fake_lines[23].requested, 0);
	assert_int_equal(fake_lines[27].requested, 'o');
	assert_int_equal(fake_lines[27].value, 0);
	gpio_close(g);
	/* Every line given back, the LED left off. */
	assert_int_equal(fake_released, 3);
	assert_int_equal(fake_lines[27].value, 0);

	strcpy(gc.bias, "as-is");
	gc.active_low = false;
	g = gpio_open(&gc);
	assert_int_equal(fake_lines[17].flags, 0);
	gpio_close(g);
}

static void
test_edges(void **state)
{
	struct gpio_event ev[8];
	struct gpio *g;

	(void)state;
	g = gpio_open(&gc);
	assert_non_null(g);
	assert_false(readable(gpio_fd(g)));
	assert_int_equal(gpio_read(g, ev, 8), 0);
	fake_edge(17, true, 100005);
	fake_edge(22, true, 100020);
	assert_true(readable(gpio_fd(g)));
	assert_int_equal(gpio_read(g, ev, 8), 2);
	/* Either order: each line has its own queue. */
	if (ev[0].button != BUTTON_NEXT) {
		struct gpio_event t = ev[0];

		ev[0] = ev[1];
		ev[1] = t;
	}
	assert_int_equal(ev[0].button, BUTTON_NEXT);
	assert_true(ev[0].pressed);
	assert_int_equal(ev[0].t_ms, 100005);
	assert_int_equal(ev[1].button, BUTTON_NOSHOW);
	assert_int_equal(ev[1].t_ms, 100020);
	fake_edge(17, false, 100105);
	assert_int_equal(gpio_read(g, ev, 8), 1);
	assert_false(ev[0].pressed);
	assert_false(readable(gpio_fd(g)));
	gpio_close(g);
}

static void
test_led(void **state)
{
	struct gpio *g;

	(void)state;
	g = gpio_open(&gc);
	assert_int_equal(gpio_set_led(g, true), 0);
	assert_int_equal(fake_lines[27].value, 1);
	assert_int_equal(gpio_set_led(g, false), 0);
	assert_int_equal(fake_lines[27].value, 0);
	gpio_close(g);

	/* No LED fitted: setting it is a no-op. */
	gc.led = -1;
	g = gpio_open(&gc);
	assert_int_equal(gpio_set_led(g, true), 0);
	gpio_close(g);
}

static void
test_errors(void **state)
{
	const char *log;

	(void)state;
	strcpy(gc.chip, "gpiochip9");
	logcap_start();
	assert_null(gpio_open(&gc));
	log = logcap_stop();
	assert_non_null(strstr(log, "gpio: chip gpiochip9"));

	/* A line another program holds: named in the error, and what was
	 * already requested is given back. */
	strcpy(gc.chip, "gpiochip0");
	fake_lines[22].requested = 'o';
	logcap_start();
	assert_null(gpio_open(&gc));
	log = logcap_stop();
	assert_non_null(strstr(log, "line 22 (button noshow)"));
	assert_int_equal(fake_lines[17].requested, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_request_flags, setup),
		cmocka_unit_test_setup(test_edges, setup),
		cmocka_unit_test_setup(test_led, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
