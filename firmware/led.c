/*
 * led.c - LED patterns. See led.h for the table.
 */
#include "led.h"

void
led_init(struct led *l, enum led_mode mode, int64_t now)
{
	*l = (struct led){ .mode = mode, .since = now };
}

void
led_set_mode(struct led *l, enum led_mode mode, int64_t now)
{
	if (l->mode == mode)
		return;
	l->mode = mode;
	l->since = now;
}

void
led_alert(struct led *l, int blinks, int64_t now)
{
	l->alert_blinks = blinks;
	l->alert_start = now;
}

/* Level of a periodic pattern: on for on_ms at the start of each
 * period. */
static bool
led_periodic(int64_t t, int64_t on_ms, int64_t period, int64_t base,
    int64_t *next)
{
	int64_t phase = t % period;

	if (phase < on_ms) {
		*next = base + t - phase + on_ms;
		return true;
	}
	*next = base + t - phase + period;
	return false;
}

bool
led_level(struct led *l, int64_t now, int64_t *next)
{
	int64_t t, len;
	bool on;

	if (l->alert_blinks > 0) {
		t = now - l->alert_start;
		len = (int64_t)l->alert_blinks * 2 * LED_ALERT_HALF_MS;
		if (t >= 0 && t < len) {
			on = led_periodic(t, LED_ALERT_HALF_MS,
			    2 * LED_ALERT_HALF_MS, l->alert_start, next);
			if (*next > l->alert_start + len)
				*next = l->alert_start + len;
			return on;
		}
		l->alert_blinks = 0;
	}
	t = now - l->since;
	switch (l->mode) {
	case LED_ON:
		*next = -1;
		return true;
	case LED_PAUSED:
		return led_periodic(t, LED_PAUSED_FLASH_MS,
		    LED_PAUSED_PERIOD_MS, l->since, next);
	case LED_OFFLINE:
		return led_periodic(t, LED_OFFLINE_HALF_MS,
		    2 * LED_OFFLINE_HALF_MS, l->since, next);
	case LED_OFF:
	default:
		*next = -1;
		return false;
	}
}
