/*
 * test_gpio_gpiod.c - the libgpiod backend through gpio.h, whichever
 * libgpiod it is built for: gpio-gpiod.c linked with the fake libgpiod
 * 1.6 (gpio-fakegpiod1.c), or gpio-gpiod2.c with the fake libgpiod 2.x
 * (gpio-fakegpiod2.c). Both fakes sit on the same fake chips
 * (gpio-fakechip.c), so these scenarios are the same on both: the chip
 * found by name, number, path or label, or not (missing, not allowed);
 * bias, active level and edge clock as the kernel sees them; presses,
 * releases and contact bounce with the kernel's timestamps; the LED;
 * busy lines and lines the chip does not have.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gpio.h"
#include "gpio-fakechip.h"
#include "logcap.h"

#define MS	1000000ULL	/* ns */

static struct gpio_conf gc;

static int
setup(void **state)
{
	(void)state;
	fakechip_reset();
	memset(&gc, 0, sizeof(gc));
	strcpy(gc.backend, "gpiod");
	strcpy(gc.chip, "gpiochip0");
	gc.lines[BUTTON_NEXT] = 17;
	gc.lines[BUTTON_NOSHOW] = 22;
	gc.lines[BUTTON_PAUSE] = -1;
	gc.leds[0] = 27;
	gc.active_low = true;
	strcpy(gc.bias, "pull-up");
	return 0;
}

/* Whatever happened, nothing is left held or open, and nothing read
 * would have blocked. */
static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(fakechip_requests(), 0);
	assert_int_equal(fakechip_open_chips(), 0);
	assert_int_equal(fakechip_blocked, 0);
	return 0;
}

static bool
readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/* Reads until nothing is left, max at a time, as desk.c does; returns how
 * many. */
static int
drain(struct gpio *g, struct gpio_event *ev, int size, int max)
{
	int n, total = 0;

	while ((n = gpio_read(g, ev + total, max)) > 0) {
		assert_true(n <= max);
		total += n;
		assert_true(total + max <= size);
	}
	assert_int_equal(n, 0);
	assert_false(readable(gpio_fd(g)));
	return total;
}

/* The events of one button, in the order read. */
static int
of_button(const struct gpio_event *ev, int n, enum gpio_button b,
    struct gpio_event *out)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (ev[i].button == (int)b)
			out[k++] = ev[i];
	return k;
}

static void
assert_buttons_on(const char *chip)
{
	struct fakechip_line *l;
	int b;

	for (b = 0; b < BUTTON__COUNT; b++) {
		if (gc.lines[b] < 0)
			continue;
		l = fakechip_line(chip, gc.lines[b]);
		assert_string_equal(l->consumer, "antre-desk");
		assert_int_equal(l->how.dir, FAKECHIP_INPUT);
		assert_int_equal(l->how.edges, FAKECHIP_BOTH_EDGES);
		/* gpio.h promises CLOCK_MONOTONIC */
		assert_int_equal(l->how.clock, FAKECHIP_MONOTONIC);
	}
	l = fakechip_line(chip, gc.leds[0]);
	assert_string_equal(l->consumer, "antre-desk");
	assert_int_equal(l->how.dir, FAKECHIP_OUTPUT);
}

static void
test_chip_lookup(void **state)
{
	static const struct { const char *descr, *chip; } cases[] = {
		{ "gpiochip0", "gpiochip0" },
		{ "/dev/gpiochip0", "gpiochip0" },
		{ "0", "gpiochip0" },
		{ "pinctrl-bcm2711", "gpiochip0" },
		{ "gpiochip4", "gpiochip4" },
		{ "/dev/gpiochip4", "gpiochip4" },
		{ "4", "gpiochip4" },
		/* A Pi 5's header, whatever number its kernel gives it. */
		{ "pinctrl-rp1", "gpiochip4" },
	};
	struct gpio *g;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(gc.chip, sizeof(gc.chip), "%s", cases[i].descr);
		g = gpio_open(&gc);
		assert_non_null(g);
		assert_buttons_on(cases[i].chip);
		/* The other chips are untouched, and any opened to read
		 * their labels were closed again. */
		assert_string_equal(fakechip_line(strcmp(cases[i].chip,
		    "gpiochip0") == 0 ? "gpiochip4" : "gpiochip0",
		    17)->consumer, "");
		assert_int_equal(fakechip_get(cases[i].chip)->opened, 1);
		assert_int_equal(fakechip_open_chips(), 1);
		gpio_close(g);
		assert_int_equal(fakechip_open_chips(), 0);
		assert_int_equal(fakechip_requests(), 0);
	}
}

static void
test_request_settings(void **state)
{
	static const struct {
		const char		*bias;
		bool			 active_low;
		enum fakechip_bias	 want;
	} cases[] = {
		{ "pull-up", true, FAKECHIP_PULL_UP },
		{ "pull-down", false, FAKECHIP_PULL_DOWN },
		{ "disable", true, FAKECHIP_BIAS_DISABLED },
		{ "as-is", false, FAKECHIP_BIAS_AS_IS },
	};
	struct fakechip_line *l;
	struct gpio *g;
	size_t i;
	int b;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strcpy(gc.bias, cases[i].bias);
		gc.active_low = cases[i].active_low;
		g = gpio_open(&gc);
		assert_non_null(g);
		assert_true(gpio_fd(g) >= 0);
		for (b = BUTTON_NEXT; b <= BUTTON_NOSHOW; b++) {
			l = fakechip_line("gpiochip0", gc.lines[b]);
			assert_int_equal(l->how.bias, cases[i].want);
			assert_int_equal(l->how.active_low,
			    cases[i].active_low);
		}
		/* The pause button is not fitted: its line stays free. */
		assert_string_equal(fakechip_line("gpiochip0", 23)->consumer,
		    "");
		/* The LED is active high whatever the buttons are, and
		 * starts off. */
		l = fakechip_line("gpiochip0", 27);
		assert_int_equal(l->how.dir, FAKECHIP_OUTPUT);
		assert_false(l->how.active_low);
		assert_int_equal(l->level, 0);
		assert_int_equal(fakechip_requests(),
		    fakegpiod_requests(2, true));
		gpio_close(g);
	}
}

static void
test_press_release(void **state)
{
	struct gpio_event ev[16], next[8], noshow[8];
	struct gpio *g;
	int n;

	(void)state;
	memset(next, 0, sizeof(next));
	memset(noshow, 0, sizeof(noshow));
	g = gpio_open(&gc);
	assert_non_null(g);
	assert_false(readable(gpio_fd(g)));
	assert_int_equal(gpio_read(g, ev, 8), 0);

	/* Logical edges: with active_low the kernel turns the falling
	 * line of a press into a rising edge. */
	fakechip_edge("gpiochip0", 17, true, 100005 * MS + 123456);
	fakechip_edge("gpiochip0", 22, true, 100020 * MS);
	assert_true(readable(gpio_fd(g)));
	n = drain(g, ev, 16, 8);
	assert_int_equal(n, 2);
	assert_int_equal(of_button(ev, n, BUTTON_NEXT, next), 1);
	assert_true(next[0].pressed);
	assert_int_equal(next[0].t_ms, 100005);	/* the kernel's time */
	assert_int_equal(of_button(ev, n, BUTTON_NOSHOW, noshow), 1);
	assert_true(noshow[0].pressed);
	assert_int_equal(noshow[0].t_ms, 100020);

	fakechip_edge("gpiochip0", 17, false, 100105 * MS);
	/* Fifty days of uptime: milliseconds past 32 bits. */
	fakechip_edge("gpiochip0", 22, false, 4320000000ULL * MS + 999999);
	n = drain(g, ev, 16, 8);
	assert_int_equal(n, 2);
	assert_int_equal(of_button(ev, n, BUTTON_NEXT, next), 1);
	assert_false(next[0].pressed);
	assert_int_equal(next[0].t_ms, 100105);
	assert_int_equal(of_button(ev, n, BUTTON_NOSHOW, noshow), 1);
	assert_false(noshow[0].pressed);
	assert_int_equal(noshow[0].t_ms, 4320000000LL);
	gpio_close(g);

	/* All three buttons fitted: each line its own button. */
	gc.lines[BUTTON_PAUSE] = 23;
	g = gpio_open(&gc);
	assert_non_null(g);
	fakechip_edge("gpiochip0", 23, true, 7000 * MS);
	fakechip_edge("gpiochip0", 17, true, 7001 * MS);
	n = drain(g, ev, 16, 8);
	assert_int_equal(n, 2);
	assert_int_equal(of_button(ev, n, BUTTON_PAUSE, next), 1);
	assert_true(next[0].pressed);
	assert_int_equal(next[0].t_ms, 7000);
	assert_int_equal(of_button(ev, n, BUTTON_NEXT, next), 1);
	assert_int_equal(next[0].t_ms, 7001);
	assert_int_equal(of_button(ev, n, BUTTON_NOSHOW, noshow), 0);
	assert_int_equal(fakechip_requests(), fakegpiod_requests(3, true));
	gpio_close(g);
}

/* Contact bounce is for buttons.c to filter: the backend hands over
 * every edge, in order, with its own time, however few are read at
 * once. */
static void
test_bounce(void **state)
{
	static const struct { unsigned int line; bool rising; int ms; }
	    edges[] = {
		{ 17, true, 5000 }, { 17, false, 5001 }, { 17, true, 5003 },
		{ 22, true, 5003 }, { 17, false, 5004 }, { 17, true, 5006 },
		{ 22, false, 5007 }, { 17, false, 5210 }, { 17, true, 5211 },
		{ 17, false, 5212 }, { 22, true, 5230 },
	};
	struct gpio_event ev[32], got[16];
	struct gpio *g;
	size_t i;
	int n, k, j, max;

	(void)state;
	memset(got, 0, sizeof(got));
	g = gpio_open(&gc);
	assert_non_null(g);
	for (max = 1; max <= 16; max *= 4) {
		for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
			fakechip_edge("gpiochip0", edges[i].line,
			    edges[i].rising, (uint64_t)edges[i].ms * MS);
		n = drain(g, ev, 32, max);
		assert_int_equal(n, sizeof(edges) / sizeof(edges[0]));
		for (k = BUTTON_NEXT; k <= BUTTON_NOSHOW; k++) {
			int m = of_button(ev, n, k, got);

			j = 0;
			for (i = 0; i < sizeof(edges) / sizeof(edges[0]);
			    i++) {
				if (edges[i].line != (unsigned)gc.lines[k])
					continue;
				assert_true(j < m);
				assert_int_equal(got[j].pressed,
				    edges[i].rising);
				assert_int_equal(got[j].t_ms, edges[i].ms);
				j++;
			}
			assert_int_equal(j, m);
		}
	}
	gpio_close(g);
}

static void
test_led(void **state)
{
	struct fakechip_line *l;
	struct gpio *g;

	(void)state;
	g = gpio_open(&gc);
	assert_non_null(g);
	l = fakechip_line("gpiochip0", 27);
	assert_int_equal(gpio_set_led(g, true), 0);
	assert_int_equal(l->level, 1);
	assert_int_equal(gpio_set_led(g, true), 0);
	assert_int_equal(l->level, 1);
	assert_int_equal(gpio_set_led(g, false), 0);
	assert_int_equal(l->level, 0);
	/* Left off when the program ends, and given back. */
	assert_int_equal(gpio_set_led(g, true), 0);
	gpio_close(g);
	assert_int_equal(l->level, 0);
	assert_string_equal(l->consumer, "");

	/* No LED fitted: setting it is a no-op. */
	gc.leds[0] = -1;
	g = gpio_open(&gc);
	assert_non_null(g);
	assert_int_equal(gpio_set_led(g, true), 0);
	assert_int_equal(fakechip_requests(), fakegpiod_requests(2, false));
	gpio_close(g);
}

static void
test_missing_chip(void **state)
{
	static const char *const missing[] = {
		"gpiochip9", "9", "/dev/gpiochip9", "pinctrl-bcm2835",
	};
	char want[64];
	const char *log;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		snprintf(gc.chip, sizeof(gc.chip), "%s", missing[i]);
		logcap_start();
		assert_null(gpio_open(&gc));
		log = logcap_stop();
		snprintf(want, sizeof(want), "gpio: chip %s: No such file",
		    missing[i]);
		assert_non_null(strstr(log, want));
		assert_int_equal(fakechip_open_chips(), 0);
	}
}

/* The desk's user may not open the chip (not in the group "gpio", or a
 * unit without DeviceAllow): said as such, not as "no such chip". */
static void
test_chip_denied(void **state)
{
	static const char *const descr[] = {
		"gpiochip0", "0", "/dev/gpiochip0", "pinctrl-bcm2711",
	};
	char want[64];
	const char *log;
	size_t i;

	(void)state;
	fakechip_get("gpiochip0")->denied = true;
	for (i = 0; i < sizeof(descr) / sizeof(descr[0]); i++) {
		snprintf(gc.chip, sizeof(gc.chip), "%s", descr[i]);
		logcap_start();
		assert_null(gpio_open(&gc));
		log = logcap_stop();
		snprintf(want, sizeof(want), "gpio: chip %s: Permission "
		    "denied", descr[i]);
		if (strstr(log, want) == NULL)
			fail_msg("\"%s\" not in: %s", want, log);
		assert_int_equal(fakechip_open_chips(), 0);
	}
}

static void
open_fails(const char *want)
{
	const char *log;

	logcap_start();
	assert_null(gpio_open(&gc));
	log = logcap_stop();
	if (strstr(log, want) == NULL)
		fail_msg("\"%s\" not in: %s", want, log);
	/* What was requested before the failure is given back. */
	assert_int_equal(fakechip_requests(), 0);
	assert_int_equal(fakechip_open_chips(), 0);
}

static void
test_line_busy(void **state)
{
	struct gpio *g;

	(void)state;
	/* Another program holds a button's line: named, and who. */
	fakechip_hold("gpiochip0", 22, "gpioset");
	open_fails("gpio: gpiochip0 line 22 (button noshow): in use by "
	    "\"gpioset\"");
	assert_string_equal(fakechip_line("gpiochip0", 17)->consumer, "");

	/* ... or the LED's. */
	setup(state);
	fakechip_hold("gpiochip0", 27, "led1");
	open_fails("gpio: gpiochip0 line 27 (LED): in use by \"led1\"");
	assert_string_equal(fakechip_line("gpiochip0", 27)->consumer, "led1");

	/* Two buttons on one line. */
	setup(state);
	gc.lines[BUTTON_PAUSE] = 17;
	open_fails("gpio: gpiochip0 line 17 (button pause): in use by "
	    "\"antre-desk\"");

	/* The LED on a button's line. */
	setup(state);
	gc.leds[0] = 22;
	open_fails("gpio: gpiochip0 line 22 (LED): in use by \"antre-desk\"");

	/* A line the chip does not have. */
	setup(state);
	gc.lines[BUTTON_PAUSE] = 58;
	open_fails("gpio: gpiochip0 line 58 (button pause): Invalid "
	    "argument");
	setup(state);
	gc.leds[0] = 60;
	open_fails("gpio: gpiochip0 line 60 (LED): Invalid argument");

	/* The same line on another chip is another line. */
	setup(state);
	fakechip_hold("gpiochip4", 22, "gpioset");
	g = gpio_open(&gc);
	assert_non_null(g);
	gpio_close(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chip_lookup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_request_settings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_press_release, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bounce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_led, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_chip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chip_denied, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_line_busy, setup,
		    teardown),
	};

	printf("# the gpiod backend on a fake %s\n", fakegpiod_api);
	return cmocka_run_group_tests_name(fakegpiod_api, tests, NULL, NULL);
}
