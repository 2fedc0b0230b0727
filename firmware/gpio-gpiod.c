/*
 * gpio-gpiod.c - buttons and LED through libgpiod 1.6 (Debian 12,
 * Raspberry Pi OS bookworm). The only file that includes the 1.6
 * <gpiod.h>; CMake builds it when pkg-config finds libgpiod older than 2
 * (gpio-gpiod2.c otherwise). Kept thin so that it is obviously right.
 * Each button line has its own event descriptor; an epoll set gathers
 * them into the one descriptor the main loop polls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <gpiod.h>

#include "gpio.h"
#include "log.h"

#define CONSUMER	"antre-desk"

struct gpio_gpiod {
	struct gpio		 base;
	struct gpiod_chip	*chip;
	struct gpiod_line	*buttons[GPIO_BUTTONS_MAX];
	struct gpiod_line	*leds[GPIO_LEDS_MAX];
	const struct gpio_conf	*gc;
	int			 epfd;
};

static int
gpiod_bias_flags(const char *bias)
{
	if (strcmp(bias, "pull-up") == 0)
		return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
	if (strcmp(bias, "pull-down") == 0)
		return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
	if (strcmp(bias, "disable") == 0)
		return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
	return 0;	/* "as-is": leave the firmware's setting */
}

/* A line refused by the kernel: named, with who holds it if somebody
 * does (another program, or this one when two buttons share a line). */
static void
gpiod_refused(struct gpiod_line *line, const char *chip, int offset,
    const char *what)
{
	const char *consumer;

	if (line != NULL && errno == EBUSY && gpiod_line_is_used(line) &&
	    (consumer = gpiod_line_consumer(line)) != NULL)
		log_warnx("gpio: %s line %d (%s): in use by \"%s\"", chip,
		    offset, what, consumer);
	else
		log_warn("gpio: %s line %d (%s)", chip, offset, what);
}

static void gpiod_backend_close(struct gpio *g);

static struct gpio *
gpiod_backend_open(const struct gpio_conf *gc)
{
	struct gpio_gpiod *gg;
	struct epoll_event ee;
	char what[32];
	int b, i, flags, fd;

	if ((gg = calloc(1, sizeof(*gg))) == NULL) {
		log_warn("gpio");
		return NULL;
	}
	gg->base.ops = &gpio_gpiod_ops;
	gg->gc = gc;
	gg->epfd = -1;
	if ((gg->chip = gpiod_chip_open_lookup(gc->chip)) == NULL) {
		log_warn("gpio: chip %s", gc->chip);
		goto err;
	}
	if ((gg->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_warn("gpio: epoll");
		goto err;
	}
	flags = gpiod_bias_flags(gc->bias);
	if (gc->active_low)
		flags |= GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW;
	for (b = 0; b < gpio_conf_nbuttons(gc); b++) {
		if (gc->lines[b] < 0)
			continue;
		gg->buttons[b] = gpiod_chip_get_line(gg->chip, gc->lines[b]);
		if (gg->buttons[b] == NULL ||
		    gpiod_line_request_both_edges_events_flags(gg->buttons[b],
		    CONSUMER, flags) == -1) {
			snprintf(what, sizeof(what), "button %s",
			    gpio_conf_name(gc, b));
			gpiod_refused(gg->buttons[b], gc->chip, gc->lines[b],
			    what);
			gg->buttons[b] = NULL;
			goto err;
		}
		fd = gpiod_line_event_get_fd(gg->buttons[b]);
		ee.events = EPOLLIN;
		ee.data.u32 = (uint32_t)b;
		if (fd < 0 || epoll_ctl(gg->epfd, EPOLL_CTL_ADD, fd, &ee)) {
			log_warn("gpio: events of line %d", gc->lines[b]);
			goto err;
		}
	}
	for (i = 0; i < gpio_conf_nleds(gc); i++) {
		if (gc->leds[i] < 0)
			continue;
		gg->leds[i] = gpiod_chip_get_line(gg->chip, gc->leds[i]);
		if (gg->leds[i] == NULL || gpiod_line_request_output(
		    gg->leds[i], CONSUMER, 0) == -1) {
			gpiod_refused(gg->leds[i], gc->chip, gc->leds[i],
			    "LED");
			gg->leds[i] = NULL;
			goto err;
		}
	}
	return &gg->base;

err:
	gpiod_backend_close(&gg->base);
	return NULL;
}

static void
gpiod_backend_close(struct gpio *g)
{
	struct gpio_gpiod *gg = (struct gpio_gpiod *)g;
	int b;

	for (b = 0; b < GPIO_BUTTONS_MAX; b++)
		if (gg->buttons[b] != NULL)
			gpiod_line_release(gg->buttons[b]);
	for (b = 0; b < GPIO_LEDS_MAX; b++) {
		if (gg->leds[b] == NULL)
			continue;
		gpiod_line_set_value(gg->leds[b], 0);
		gpiod_line_release(gg->leds[b]);
	}
	if (gg->chip != NULL)
		gpiod_chip_close(gg->chip);
	if (gg->epfd != -1)
		close(gg->epfd);
	free(gg);
}

static int
gpiod_backend_fd(struct gpio *g)
{
	return ((struct gpio_gpiod *)g)->epfd;
}

static int
gpiod_backend_read(struct gpio *g, struct gpio_event *ev, int max)
{
	struct gpio_gpiod *gg = (struct gpio_gpiod *)g;
	struct epoll_event ee[GPIO_BUTTONS_MAX];
	struct gpiod_line_event le;
	int i, n, b, count = 0;

	n = epoll_wait(gg->epfd, ee, GPIO_BUTTONS_MAX, 0);
	if (n == -1)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < n && count < max; i++) {
		b = (int)ee[i].data.u32;
		if (gpiod_line_event_read(gg->buttons[b], &le) == -1) {
			log_warn("gpio: read event (button %s)",
			    gpio_conf_name(gg->gc, b));
			continue;
		}
		ev[count].button = b;
		/* With ACTIVE_LOW requested the kernel reports edges of the
		 * logical value: rising is "pressed" either way. */
		ev[count].pressed =
		    le.event_type == GPIOD_LINE_EVENT_RISING_EDGE;
		ev[count].t_ms = (int64_t)le.ts.tv_sec * 1000 +
		    le.ts.tv_nsec / 1000000;
		count++;
	}
	return count;
}

static int
gpiod_backend_set_led(struct gpio *g, int i, bool on)
{
	struct gpio_gpiod *gg = (struct gpio_gpiod *)g;

	if (i < 0 || i >= GPIO_LEDS_MAX || gg->leds[i] == NULL)
		return 0;
	return gpiod_line_set_value(gg->leds[i], on ? 1 : 0);
}

const struct gpio_ops gpio_gpiod_ops = {
	.name = "gpiod",
	.open = gpiod_backend_open,
	.close = gpiod_backend_close,
	.fd = gpiod_backend_fd,
	.read = gpiod_backend_read,
	.set_led = gpiod_backend_set_led,
};
