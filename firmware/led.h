/*
 * led.h - what the desk's LED shows, as a pure function of time.
 *
 *	steady on		serving a number
 *	off			idle, nothing being served
 *	short flash every 2 s	paused
 *	slow blink (1 s)	broker or central unreachable
 *	N fast blinks		an alert over the above: 3 = press refused or
 *				not acknowledged in time; 1 = press ignored
 */
#ifndef ANTRE_LED_H
#define ANTRE_LED_H

#include <stdbool.h>
#include <stdint.h>

enum led_mode {
	LED_OFF,
	LED_ON,
	LED_PAUSED,
	LED_OFFLINE,
};

#define LED_PAUSED_PERIOD_MS	2000
#define LED_PAUSED_FLASH_MS	150
#define LED_OFFLINE_HALF_MS	1000
#define LED_ALERT_HALF_MS	150

struct led {
	enum led_mode	mode;
	int64_t		since;		/* mode start: patterns are in phase */
	int		alert_blinks;	/* 0: no alert */
	int64_t		alert_start;
};

void	led_init(struct led *l, enum led_mode mode, int64_t now);
void	led_set_mode(struct led *l, enum led_mode mode, int64_t now);
void	led_alert(struct led *l, int blinks, int64_t now);
/* The level at now; *next is when it may change next (-1: never). */
bool	led_level(struct led *l, int64_t now, int64_t *next);

#endif
