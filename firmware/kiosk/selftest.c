/*
 * selftest.c - the technician's test of a kiosk box. See selftest.h.
 */
#include "selftest.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>

#include "buttons.h"
#include "clock.h"
#include "daemon.h"
#include "gpio.h"
#include "log.h"
#include "printer.h"

static void
self_test_print(const struct kconf *conf)
{
	struct ticket_info ti;
	struct tlayout l;
	struct printer p;
	struct escpos e;

	printer_init(&p, conf->device, conf->baud, conf->status_timeout_ms);
	printf("self-test: printer %s: %s\n", conf->device,
	    proto_printer_name(printer_status(&p)));
	sample_ticket(conf, &ti);
	ti.service_name = "TES PRINTER";
	ticket_layout(&ti, conf->paper, &l);
	escpos_init(&e);
	ticket_escpos(&l, &e);
	if (!e.failed && printer_write(&p, e.buf, e.len) == 0)
		printf("self-test: test ticket sent (%zu bytes)\n", e.len);
	else
		printf("self-test: test ticket not printed: %s\n", p.why);
	escpos_free(&e);
	printer_close(&p);
}

int
kiosk_self_test(const struct kconf *conf, int sigfd)
{
	static const char *const gestures[] = {
		[BUTTON_NONE] = "", [BUTTON_SHORT] = "short press",
		[BUTTON_LONG] = "long press",
	};
	struct button buttons[GPIO_BUTTONS_MAX];
	struct gpio_event ev[16];
	struct pollfd pfd[2];
	struct gpio *g;
	enum button_action a;
	int64_t start, now, next_led;
	int i, n, b, lit = -1;

	self_test_print(conf);
	if ((g = gpio_open(&conf->gpio)) == NULL)
		return 1;
	for (b = 0; b < GPIO_BUTTONS_MAX; b++)
		button_init(&buttons[b], conf->debounce_ms,
		    conf->long_press_ms);
	start = next_led = mono_ms();
	printf("self-test: %s %s; the LEDs light in turn; press the buttons "
	    "(Ctrl-C ends)\n", conf->gpio.backend, conf->gpio.chip);
	fflush(stdout);
	for (;;) {
		now = mono_ms();
		if (now >= next_led) {
			if (lit >= 0)
				gpio_set_led_at(g, lit, false);
			lit = (lit + 1) % GPIO_LEDS_MAX;
			gpio_set_led_at(g, lit, true);
			next_led = now + 500;
		}
		for (b = 0; b < GPIO_BUTTONS_MAX; b++)
			if ((a = button_tick(&buttons[b], now)) != BUTTON_NONE)
				printf("%8lld ms  %-8s  -> %s\n",
				    (long long)(now - start),
				    gpio_conf_name(&conf->gpio, b),
				    gestures[a]);
		fflush(stdout);
		pfd[0] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = gpio_fd(g), .events = POLLIN };
		if (poll(pfd, 2, 20) == -1 && errno != EINTR)
			break;
		if (pfd[0].revents && signals_read(sigfd))
			break;
		if (!pfd[1].revents)
			continue;
		while ((n = gpio_read(g, ev, 16)) > 0) {
			for (i = 0; i < n; i++) {
				b = ev[i].button;
				printf("%8lld ms  %-8s  %s", (long long)
				    (ev[i].t_ms - start),
				    gpio_conf_name(&conf->gpio, b),
				    ev[i].pressed ? "down" : "up  ");
				a = button_edge(&buttons[b], ev[i].pressed,
				    ev[i].t_ms);
				printf("%s%s\n", a != BUTTON_NONE ? "  -> " :
				    "", gestures[a]);
			}
		}
	}
	if (lit >= 0)
		gpio_set_led_at(g, lit, false);
	gpio_close(g);
	printf("self-test: done\n");
	return 0;
}
