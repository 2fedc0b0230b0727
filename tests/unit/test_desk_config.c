/*
 * test_desk_config.c - antre-desk's configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "logcap.h"

static int
load(const char *path, void *c)
{
	return config_load(path, c);
}

static void
test_defaults(void **state)
{
	struct conf c;
	char *path = tmpfile_with("[desk]\nid = 3\nhall = mpp\n");

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_int_equal(c.desk, 3);
	assert_string_equal(c.prefix, "antre/mpp");
	assert_string_equal(c.mqtt.username, "desk-3");
	assert_string_equal(c.gpio.backend, "gpiod");
	assert_string_equal(c.gpio.chip, "gpiochip0");
	/* hardware/desk/pinout.md: button on BCM 17, LED on BCM 27. */
	assert_int_equal(c.gpio.lines[BUTTON_NEXT], 17);
	assert_int_equal(c.gpio.lines[BUTTON_NOSHOW], -1);
	assert_int_equal(c.gpio.leds[0], 27);
	assert_true(c.gpio.active_low);
	assert_int_equal(c.debounce_ms, 30);
	assert_int_equal(c.long_press_ms, 1500);
	assert_int_equal(c.ack_timeout_ms, 5000);
	unlink(path);
	free(path);
}

static void
test_gpio(void **state)
{
	struct conf c;
	char *path = tmpfile_with("[desk]\nid = 12\n[gpio]\nbackend = fake\n"
	    "fake_socket = /tmp/s\nbutton_noshow = 22\nbutton_pause = none\n"
	    "active_low = no\nbias = pull-down\ndebounce_ms = 50\n");

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	logcap_stop();
	assert_string_equal(c.gpio.backend, "fake");
	assert_int_equal(c.gpio.lines[BUTTON_NOSHOW], 22);
	assert_int_equal(c.gpio.lines[BUTTON_PAUSE], -1);
	assert_false(c.gpio.active_low);
	assert_string_equal(c.gpio.bias, "pull-down");
	assert_int_equal(c.debounce_ms, 50);
	unlink(path);
	free(path);
}

static const struct {
	const char	*text;
	int		 line;
	const char	*expect;
} bads[] = {
	{ "[gpio]\nbias = up\n", 2, "bias: expected pull-up, pull-down, "
	    "disable or as-is, not \"up\"" },
	{ "[desk]\nid = 1000\n", 2, "id: expected a whole number from 1 to "
	    "999" },
	{ "[gpio]\nled = 17x\n", 2, "led: expected a whole number" },
	{ "[gpio]\nactive_low = maybe\n", 2, "expected yes or no" },
	{ "[gpio]\nbackend = fake\n", 0, "backend = fake needs fake_socket" },
	{ "[buttons]\nnext = 1\n", 1, "unknown section [buttons]" },
	{ "[mqtt]\nkeepalive = 1\n", 2, "keepalive: expected a whole number "
	    "from 5 to 600" },
};

static void
test_bad(void **state)
{
	char text[512];
	struct conf c;
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		snprintf(text, sizeof(text), "%s[desk]\nid = 1\n",
		    bads[i].text);
		expect_conf_error(load, &c, text, bads[i].line,
		    bads[i].expect, (int)i);
	}

	path = tmpfile_with("[gpio]\nled = 3\n");
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	assert_non_null(strstr(logcap_stop(), "[desk] id = N is required"));
	unlink(path);
	free(path);
}

/* A password file that cannot be read is reported with the line of the
 * configuration that names it. */
static void
test_password_file(void **state)
{
	struct conf c;
	const char *log;
	char want[256];
	char *path = tmpfile_with("[desk]\nid = 4\n[mqtt]\n"
	    "password_file = /nonexistent/desk.pass\n");

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_int_equal(mqtt_conf_finish(&c.mqtt), -1);
	log = logcap_stop();
	snprintf(want, sizeof(want), "%s:4: password_file: "
	    "/nonexistent/desk.pass: No such file", path);
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\", log:\n%s", want, log);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_gpio),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_password_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
