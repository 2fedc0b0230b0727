/*
 * test_buttons.c - debounce, short and long press, fed timestamps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buttons.h"
#include "led.h"

/* Feeds "level at time" steps, then ticks every ms up to end; returns
 * the actions seen as a string of 'S' and 'L'. */
struct step {
	int64_t	t;
	bool	pressed;
};

static const char *
run(const struct step *steps, int n, int64_t end, int long_ms)
{
	static char out[32];
	struct button b;
	enum button_action a;
	int64_t now = 0;
	int i = 0, k = 0;

	button_init(&b, 30, long_ms);
	for (now = 0; now <= end; now++) {
		while (i < n && steps[i].t == now) {
			a = button_edge(&b, steps[i].pressed, now);
			if (a != BUTTON_NONE)
				out[k++] = a == BUTTON_SHORT ? 'S' : 'L';
			i++;
		}
		a = button_tick(&b, now);
		if (a != BUTTON_NONE)
			out[k++] = a == BUTTON_SHORT ? 'S' : 'L';
	}
	out[k] = '\0';
	return out;
}

static void
test_clean_press(void **state)
{
	const struct step s[] = { { 100, true }, { 250, false } };

	(void)state;
	assert_string_equal(run(s, 2, 1000, 1500), "S");
}

static void
test_bounces_are_one_press(void **state)
{
	/* Contacts chatter for 8 ms on press and on release. */
	const struct step s[] = {
		{ 100, true }, { 102, false }, { 103, true }, { 105, false },
		{ 108, true },
		{ 300, false }, { 301, true }, { 304, false }, { 306, true },
		{ 308, false },
	};

	(void)state;
	assert_string_equal(run(s, 10, 1000, 1500), "S");
}

static void
test_glitch_is_no_press(void **state)
{
	/* A 20 ms spike (interference on a long cable) is not a press. */
	const struct step s[] = { { 100, true }, { 120, false } };

	(void)state;
	assert_string_equal(run(s, 2, 1000, 1500), "");
}

static void
test_long_press_boundary(void **state)
{
	/* Stable from 100: long fires at 1600 while still held. */
	const struct step held[] = { { 100, true }, { 1599, false } };
	const struct step longer[] = { { 100, true }, { 1700, false } };

	(void)state;
	/* Released at 1599: 1499 ms held, short. */
	assert_string_equal(run(held, 2, 3000, 1500), "S");
	/* Held past 1600: one long, and the release adds nothing. */
	assert_string_equal(run(longer, 2, 3000, 1500), "L");
}

static void
test_two_presses(void **state)
{
	const struct step s[] = { { 100, true }, { 200, false },
	    { 400, true }, { 500, false } };

	(void)state;
	assert_string_equal(run(s, 4, 1000, 0), "SS");
}

static void
test_deadline(void **state)
{
	struct button b;

	(void)state;
	button_init(&b, 30, 1500);
	assert_int_equal(button_deadline(&b), -1);
	button_edge(&b, true, 1000);
	assert_int_equal(button_deadline(&b), 1030);
	assert_int_equal(button_tick(&b, 1030), BUTTON_NONE);
	assert_int_equal(button_deadline(&b), 2500);
	assert_int_equal(button_tick(&b, 2500), BUTTON_LONG);
	assert_int_equal(button_deadline(&b), -1);
}

static void
test_led_patterns(void **state)
{
	struct led l;
	int64_t next;

	(void)state;
	led_init(&l, LED_OFF, 0);
	assert_false(led_level(&l, 5, &next));
	assert_int_equal(next, -1);
	led_set_mode(&l, LED_ON, 10);
	assert_true(led_level(&l, 11, &next));
	assert_int_equal(next, -1);

	/* Paused: a 150 ms flash every 2 s, in phase with the change. */
	led_set_mode(&l, LED_PAUSED, 1000);
	assert_true(led_level(&l, 1000, &next));
	assert_int_equal(next, 1150);
	assert_false(led_level(&l, 1150, &next));
	assert_int_equal(next, 3000);
	assert_true(led_level(&l, 3149, &next));

	/* Offline: 1 s on, 1 s off. */
	led_set_mode(&l, LED_OFFLINE, 0);
	assert_true(led_level(&l, 999, &next));
	assert_int_equal(next, 1000);
	assert_false(led_level(&l, 1000, &next));
	assert_int_equal(next, 2000);

	/* Three fast blinks over steady on, then back to on. */
	led_set_mode(&l, LED_ON, 0);
	led_alert(&l, 3, 5000);
	assert_true(led_level(&l, 5000, &next));
	assert_int_equal(next, 5150);
	assert_false(led_level(&l, 5150, &next));
	assert_int_equal(next, 5300);
	assert_true(led_level(&l, 5600, &next));
	assert_false(led_level(&l, 5899, &next));
	assert_int_equal(next, 5900);
	assert_true(led_level(&l, 5900, &next));
	assert_int_equal(next, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_press),
		cmocka_unit_test(test_bounces_are_one_press),
		cmocka_unit_test(test_glitch_is_no_press),
		cmocka_unit_test(test_long_press_boundary),
		cmocka_unit_test(test_two_presses),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_led_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
