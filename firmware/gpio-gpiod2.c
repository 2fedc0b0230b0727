/*
 * gpio-gpiod2.c - buttons and LED through libgpiod 2.x (Debian 13,
 * Raspberry Pi OS trixie). The only file that includes the 2.x <gpiod.h>;
 * CMake builds it instead of gpio-gpiod.c when pkg-config finds libgpiod
 * 2 or later, under the same backend name "gpiod".
 *
 * All button lines are one line request: the kernel queues their edges
 * on one descriptor in the order they happened, so no epoll set is
 * needed. The LED is a request of its own, so that a busy LED line is
 * named as such.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio.h"
#include "log.h"

#define CONSUMER	"antre-desk"
#define DEV_DIR		"/dev"
#define EVENTS		16	/* edges read at once */

struct gpio_gpiod2 {
	struct gpio			 base;
	struct gpiod_chip		*chip;
	struct gpiod_line_request	*buttons;
	struct gpiod_edge_event_buffer	*events;
	int				 nbuttons;
	int				 lines[GPIO_BUTTONS_MAX];
	struct gpiod_line_request	*leds[GPIO_LEDS_MAX];
	unsigned int			 led_lines[GPIO_LEDS_MAX];
};

static enum gpiod_line_bias
gpiod2_bias(const char *bias)
{
	if (strcmp(bias, "pull-up") == 0)
		return GPIOD_LINE_BIAS_PULL_UP;
	if (strcmp(bias, "pull-down") == 0)
		return GPIOD_LINE_BIAS_PULL_DOWN;
	if (strcmp(bias, "disable") == 0)
		return GPIOD_LINE_BIAS_DISABLED;
	/* "as-is": leave the firmware's setting */
	return GPIOD_LINE_BIAS_AS_IS;
}

static int
gpiod2_chip_filter(const struct dirent *de)
{
	return strncmp(de->d_name, "gpiochip", 8) == 0;
}

/* The chip at path if its label or name is descr; NULL otherwise. */
static struct gpiod_chip *
gpiod2_chip_named(const char *path, const char *descr)
{
	struct gpiod_chip *chip;
	struct gpiod_chip_info *info;
	const char *label, *name;
	int match = 0;

	if ((chip = gpiod_chip_open(path)) == NULL)
		return NULL;
	if ((info = gpiod_chip_get_info(chip)) != NULL) {
		label = gpiod_chip_info_get_label(info);
		name = gpiod_chip_info_get_name(info);
		match = (label != NULL && strcmp(label, descr) == 0) ||
		    (name != NULL && strcmp(name, descr) == 0);
		gpiod_chip_info_free(info);
	}
	if (!match) {
		gpiod_chip_close(chip);
		errno = ENOENT;
		return NULL;
	}
	return chip;
}

/*
 * What libgpiod 1.6's gpiod_chip_open_lookup() accepted, which 2.x no
 * longer has: a path ("/dev/gpiochip4"), a number ("4"), a name
 * ("gpiochip4") or a label ("pinctrl-rp1"). A label means opening every
 * chip in /dev until one has it.
 */
static struct gpiod_chip *
gpiod2_chip_open(const char *descr)
{
	char path[PATH_MAX];
	struct dirent **de;
	struct gpiod_chip *chip = NULL;
	int i, n, err;

	if (strchr(descr, '/') != NULL)
		return gpiod_chip_open(descr);
	if (descr[0] != '\0' && descr[strspn(descr, "0123456789")] == '\0')
		snprintf(path, sizeof(path), DEV_DIR "/gpiochip%s", descr);
	else
		snprintf(path, sizeof(path), DEV_DIR "/%s", descr);
	if ((chip = gpiod_chip_open(path)) != NULL)
		return chip;
	/* That error (no such file, not a GPIO chip) is the answer unless a
	 * chip has descr as its label; but a chip that may not be opened
	 * is said as such, rather than "not found". */
	err = errno;
	if ((n = scandir(DEV_DIR, &de, gpiod2_chip_filter, versionsort)) == -1)
		return NULL;
	for (i = 0; i < n; i++) {
		if (chip == NULL) {
			snprintf(path, sizeof(path), DEV_DIR "/%s",
			    de[i]->d_name);
			chip = gpiod2_chip_named(path, descr);
			if (chip == NULL && (errno == EACCES || errno == EPERM))
				err = errno;
		}
		free(de[i]);
	}
	free(de);
	if (chip == NULL)
		errno = err;
	return chip;
}

static void
gpiod2_what(char *buf, size_t len, const char *button)
{
	if (button == NULL)
		snprintf(buf, len, "LED");
	else
		snprintf(buf, len, "button %s", button);
}

/*
 * Names the cause when the kernel refused line (of the button named
 * button, or an LED when button is NULL): a line out of range, or one
 * that somebody holds. Returns 0 when the line looks fine.
 */
static int
gpiod2_why(struct gpiod_chip *chip, const char *descr, int line,
    const char *button)
{
	struct gpiod_line_info *li;
	char what[32], consumer[64] = "";
	int used;

	gpiod2_what(what, sizeof(what), button);
	if ((li = gpiod_chip_get_line_info(chip, (unsigned int)line)) ==
	    NULL) {
		log_warn("gpio: %s line %d (%s)", descr, line, what);
		return 1;
	}
	if ((used = gpiod_line_info_is_used(li)) &&
	    gpiod_line_info_get_consumer(li) != NULL)
		snprintf(consumer, sizeof(consumer), "%s",
		    gpiod_line_info_get_consumer(li));
	gpiod_line_info_free(li);
	if (!used)
		return 0;
	if (consumer[0] != '\0')
		log_warnx("gpio: %s line %d (%s): in use by \"%s\"", descr,
		    line, what, consumer);
	else {
		errno = EBUSY;
		log_warn("gpio: %s line %d (%s)", descr, line, what);
	}
	return 1;
}

static struct gpiod_line_request *
gpiod2_request(struct gpiod_chip *chip, const unsigned int *lines, size_t n,
    struct gpiod_line_settings *ls)
{
	struct gpiod_line_config *lc;
	struct gpiod_request_config *rc;
	struct gpiod_line_request *req = NULL;

	if ((lc = gpiod_line_config_new()) == NULL)
		return NULL;
	if ((rc = gpiod_request_config_new()) == NULL)
		goto out;
	gpiod_request_config_set_consumer(rc, CONSUMER);
	if (gpiod_line_config_add_line_settings(lc, lines, n, ls) == 0)
		req = gpiod_chip_request_lines(chip, rc, lc);
	gpiod_request_config_free(rc);
out:
	gpiod_line_config_free(lc);
	return req;
}

static int
gpiod2_request_buttons(struct gpio_gpiod2 *gg, const struct gpio_conf *gc)
{
	struct gpiod_line_settings *ls;
	unsigned int lines[GPIO_BUTTONS_MAX];
	size_t n = 0;
	int b, c, err;

	for (b = 0; b < gpio_conf_nbuttons(gc); b++) {
		if (gc->lines[b] < 0)
			continue;
		/* One request cannot hold a line twice; say what 1.6 says
		 * when the second button asks for it. */
		for (c = 0; c < b; c++)
			if (gc->lines[c] == gc->lines[b]) {
				log_warnx("gpio: %s line %d (button %s): in "
				    "use by \"%s\"", gc->chip, gc->lines[b],
				    gpio_conf_name(gc, b), CONSUMER);
				return -1;
			}
		lines[n++] = (unsigned int)gc->lines[b];
	}
	if (n == 0)
		return 0;
	if ((ls = gpiod_line_settings_new()) == NULL) {
		log_warn("gpio");
		return -1;
	}
	/* With active-low set the kernel reports edges of the logical
	 * value: rising is "pressed" either way. Timestamps are
	 * CLOCK_MONOTONIC, as gpio.h promises (also 2.x's default). */
	gpiod_line_settings_set_active_low(ls, gc->active_low);
	if (gpiod_line_settings_set_direction(ls,
	    GPIOD_LINE_DIRECTION_INPUT) == -1 ||
	    gpiod_line_settings_set_edge_detection(ls,
	    GPIOD_LINE_EDGE_BOTH) == -1 ||
	    gpiod_line_settings_set_bias(ls, gpiod2_bias(gc->bias)) == -1 ||
	    gpiod_line_settings_set_event_clock(ls,
	    GPIOD_LINE_CLOCK_MONOTONIC) == -1) {
		log_warn("gpio: button line settings");
		gpiod_line_settings_free(ls);
		return -1;
	}
	gg->buttons = gpiod2_request(gg->chip, lines, n, ls);
	gpiod_line_settings_free(ls);
	if (gg->buttons == NULL) {
		/* The kernel refuses the request as a whole; 1.6 requested
		 * line by line and named the one at fault: do the same. */
		err = errno;
		for (b = 0; b < gpio_conf_nbuttons(gc); b++)
			if (gc->lines[b] >= 0 &&
			    gpiod2_why(gg->chip, gc->chip, gc->lines[b],
			    gpio_conf_name(gc, b)))
				return -1;
		errno = err;
		log_warn("gpio: %s button lines", gc->chip);
		return -1;
	}
	if ((gg->events = gpiod_edge_event_buffer_new(EVENTS)) == NULL) {
		log_warn("gpio: event buffer");
		return -1;
	}
	return 0;
}

static int
gpiod2_request_led(struct gpio_gpiod2 *gg, const struct gpio_conf *gc,
    int i)
{
	struct gpiod_line_settings *ls;
	int err;

	if ((ls = gpiod_line_settings_new()) == NULL) {
		log_warn("gpio");
		return -1;
	}
	/* Active high whatever the buttons' active_low says
	 * (hardware/desk/pinout.md), and off from the start. */
	gpiod_line_settings_set_active_low(ls, false);
	if (gpiod_line_settings_set_direction(ls,
	    GPIOD_LINE_DIRECTION_OUTPUT) == -1 ||
	    gpiod_line_settings_set_output_value(ls,
	    GPIOD_LINE_VALUE_INACTIVE) == -1) {
		log_warn("gpio: LED line settings");
		gpiod_line_settings_free(ls);
		return -1;
	}
	gg->led_lines[i] = (unsigned int)gc->leds[i];
	gg->leds[i] = gpiod2_request(gg->chip, &gg->led_lines[i], 1, ls);
	gpiod_line_settings_free(ls);
	if (gg->leds[i] == NULL) {
		err = errno;
		if (!gpiod2_why(gg->chip, gc->chip, gc->leds[i], NULL)) {
			errno = err;
			log_warn("gpio: %s line %d (LED)", gc->chip,
			    gc->leds[i]);
		}
		return -1;
	}
	return 0;
}

static void gpiod2_close(struct gpio *g);

static struct gpio *
gpiod2_open(const struct gpio_conf *gc)
{
	struct gpio_gpiod2 *gg;
	int b;

	if ((gg = calloc(1, sizeof(*gg))) == NULL) {
		log_warn("gpio");
		return NULL;
	}
	gg->base.ops = &gpio_gpiod_ops;
	gg->nbuttons = gpio_conf_nbuttons(gc);
	for (b = 0; b < gg->nbuttons; b++)
		gg->lines[b] = gc->lines[b];
	if ((gg->chip = gpiod2_chip_open(gc->chip)) == NULL) {
		log_warn("gpio: chip %s", gc->chip);
		goto err;
	}
	if (gpiod2_request_buttons(gg, gc) == -1)
		goto err;
	for (b = 0; b < gpio_conf_nleds(gc); b++)
		if (gc->leds[b] >= 0 && gpiod2_request_led(gg, gc, b) == -1)
			goto err;
	return &gg->base;

err:
	gpiod2_close(&gg->base);
	return NULL;
}

static void
gpiod2_close(struct gpio *g)
{
	struct gpio_gpiod2 *gg = (struct gpio_gpiod2 *)g;
	int i;

	for (i = 0; i < GPIO_LEDS_MAX; i++) {
		if (gg->leds[i] == NULL)
			continue;
		gpiod_line_request_set_value(gg->leds[i], gg->led_lines[i],
		    GPIOD_LINE_VALUE_INACTIVE);
		gpiod_line_request_release(gg->leds[i]);
	}
	if (gg->buttons != NULL)
		gpiod_line_request_release(gg->buttons);
	if (gg->events != NULL)
		gpiod_edge_event_buffer_free(gg->events);
	if (gg->chip != NULL)
		gpiod_chip_close(gg->chip);
	free(gg);
}

static int
gpiod2_fd(struct gpio *g)
{
	struct gpio_gpiod2 *gg = (struct gpio_gpiod2 *)g;

	return gg->buttons != NULL ? gpiod_line_request_get_fd(gg->buttons) :
	    -1;
}

static int
gpiod2_button(const struct gpio_gpiod2 *gg, unsigned int line)
{
	int b;

	for (b = 0; b < gg->nbuttons; b++)
		if (gg->lines[b] == (int)line)
			return b;
	return -1;
}

static int
gpiod2_read(struct gpio *g, struct gpio_event *ev, int max)
{
	struct gpio_gpiod2 *gg = (struct gpio_gpiod2 *)g;
	struct gpiod_edge_event *e;
	int i, n, b, count = 0;

	if (gg->buttons == NULL || max <= 0)
		return 0;
	/* Reading with nothing queued would block the main loop. */
	if ((n = gpiod_line_request_wait_edge_events(gg->buttons, 0)) <= 0)
		return n == 0 || errno == EINTR ? 0 : -1;
	n = gpiod_line_request_read_edge_events(gg->buttons, gg->events,
	    max < EVENTS ? (size_t)max : EVENTS);
	if (n == -1) {
		log_warn("gpio: read events");
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	}
	for (i = 0; i < n; i++) {
		if ((e = gpiod_edge_event_buffer_get_event(gg->events, i)) ==
		    NULL)
			continue;
		b = gpiod2_button(gg, gpiod_edge_event_get_line_offset(e));
		if (b == -1)
			continue;
		ev[count].button = b;
		ev[count].pressed = gpiod_edge_event_get_event_type(e) ==
		    GPIOD_EDGE_EVENT_RISING_EDGE;
		ev[count].t_ms = (int64_t)(gpiod_edge_event_get_timestamp_ns(e)
		    / 1000000);
		count++;
	}
	return count;
}

static int
gpiod2_set_led(struct gpio *g, int i, bool on)
{
	struct gpio_gpiod2 *gg = (struct gpio_gpiod2 *)g;

	if (i < 0 || i >= GPIO_LEDS_MAX || gg->leds[i] == NULL)
		return 0;
	return gpiod_line_request_set_value(gg->leds[i], gg->led_lines[i],
	    on ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

const struct gpio_ops gpio_gpiod_ops = {
	.name = "gpiod",
	.open = gpiod2_open,
	.close = gpiod2_close,
	.fd = gpiod2_fd,
	.read = gpiod2_read,
	.set_led = gpiod2_set_led,
};
