/*
 * gpio-fake.c - buttons and LED for tests and the demo, with no hardware.
 *
 * The desk listens on a Unix stream socket; one controller at a time
 * connects and writes lines:
 *	down BUTTON	the button is pressed now
 *	up BUTTON	released now
 *	tap BUTTON	pressed 80 ms ago and released now
 *	edge BUTTON 0|1 MS	a level at MS ms before now (bounce tests)
 * BUTTON is a button's name: next, noshow or pause on a desk; 1..8 and
 * priority on a kiosk. Every LED change is written back as "led 0" or
 * "led 1" with one LED (a desk), as "led I 0" or "led I 1" (I from 0)
 * with several (a kiosk), and the current levels are sent when a
 * controller connects.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "gpio.h"
#include "gpio-fake.h"
#include "log.h"
#include "clock.h"

struct gpio_fake {
	struct gpio	 base;
	char		 path[108];
	int		 lfd;		/* listening */
	int		 cfd;		/* the controller, or -1 */
	char		 buf[512];
	size_t		 len;
	int		 nbuttons;
	const char *const *names;
	int		 nleds;
	bool		 led[GPIO_LEDS_MAX];
};

static void fake_close(struct gpio *g);

static struct gpio *
fake_open(const struct gpio_conf *gc)
{
	struct gpio_fake *gf;
	struct sockaddr_un sun;

	if ((gf = calloc(1, sizeof(*gf))) == NULL) {
		log_warn("gpio-fake");
		return NULL;
	}
	gf->base.ops = &gpio_fake_ops;
	gf->cfd = -1;
	gf->nbuttons = gpio_conf_nbuttons(gc);
	gf->names = gc->names;
	gf->nleds = gpio_conf_nleds(gc);
	snprintf(gf->path, sizeof(gf->path), "%s", gc->fake_socket);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", gf->path);
	unlink(gf->path);
	gf->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (gf->lfd == -1 || bind(gf->lfd, (struct sockaddr *)&sun,
	    sizeof(sun)) == -1 || listen(gf->lfd, 1) == -1) {
		log_warn("gpio-fake: %s", gf->path);
		fake_close(&gf->base);
		return NULL;
	}
	log_info("gpio-fake: buttons on %s", gf->path);
	return &gf->base;
}

static void
fake_close(struct gpio *g)
{
	struct gpio_fake *gf = (struct gpio_fake *)g;

	if (gf->cfd != -1)
		close(gf->cfd);
	if (gf->lfd != -1) {
		close(gf->lfd);
		unlink(gf->path);
	}
	free(gf);
}

static int
fake_fd(struct gpio *g)
{
	struct gpio_fake *gf = (struct gpio_fake *)g;

	return gf->cfd != -1 ? gf->cfd : gf->lfd;
}

static void
fake_send_led(struct gpio_fake *gf, int i)
{
	char line[24];
	int n;

	if (gf->cfd == -1)
		return;
	if (gf->nleds == 1)
		n = snprintf(line, sizeof(line), "led %d\n", gf->led[0]);
	else
		n = snprintf(line, sizeof(line), "led %d %d\n", i,
		    gf->led[i]);
	if (send(gf->cfd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT) != n)
		log_debug("gpio-fake: controller too slow, LED update lost");
}

static int
fake_button(const char *name, const char *const *names, int nbuttons,
    int *b)
{
	int i;

	for (i = 0; i < nbuttons; i++) {
		if (strcmp(name, names != NULL ? names[i] :
		    gpio_button_name(i)) == 0) {
			*b = i;
			return 0;
		}
	}
	return -1;
}

int
gpio_fake_parse(const char *line, struct gpio_event *ev)
{
	return gpio_fake_parse_names(line, NULL, BUTTON__COUNT, ev);
}

int
gpio_fake_parse_names(const char *line, const char *const *names,
    int nbuttons, struct gpio_event *ev)
{
	char verb[8], name[16];
	int b, level, ago, n;
	int64_t now = mono_ms();

	n = sscanf(line, "%7s %15s %d %d", verb, name, &level, &ago);
	if (n < 2 || fake_button(name, names, nbuttons, &b) == -1)
		goto bad;
	if (strcmp(verb, "down") == 0 || strcmp(verb, "up") == 0) {
		ev[0] = (struct gpio_event){ b, verb[0] == 'd', now };
		return 1;
	}
	if (strcmp(verb, "tap") == 0) {
		ev[0] = (struct gpio_event){ b, true, now - 80 };
		ev[1] = (struct gpio_event){ b, false, now };
		return 2;
	}
	if (strcmp(verb, "edge") == 0 && n == 4 && ago >= 0) {
		ev[0] = (struct gpio_event){ b, level != 0, now - ago };
		return 1;
	}
bad:
	log_warnx("gpio-fake: bad controller line \"%s\"", line);
	return 0;
}

static int
fake_read(struct gpio *g, struct gpio_event *ev, int max)
{
	struct gpio_fake *gf = (struct gpio_fake *)g;
	char *nl;
	ssize_t r;
	int i, count = 0;

	if (gf->cfd == -1) {
		gf->cfd = accept4(gf->lfd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (gf->cfd == -1)
			return errno == EAGAIN ? 0 : -1;
		gf->len = 0;
		for (i = 0; i < gf->nleds; i++)
			fake_send_led(gf, i);
		return 0;
	}
	r = recv(gf->cfd, gf->buf + gf->len, sizeof(gf->buf) - 1 - gf->len,
	    0);
	if (r == 0 || (r == -1 && errno != EAGAIN)) {
		close(gf->cfd);
		gf->cfd = -1;
		gf->len = 0;
		return 0;
	}
	if (r > 0)
		gf->len += (size_t)r;
	gf->buf[gf->len] = '\0';
	/* Lines left over from an earlier call are parsed too. */
	while (count + 2 <= max && (nl = strchr(gf->buf, '\n')) != NULL) {
		*nl = '\0';
		count += gpio_fake_parse_names(gf->buf, gf->names,
		    gf->nbuttons, ev + count);
		gf->len -= (size_t)(nl + 1 - gf->buf);
		memmove(gf->buf, nl + 1, gf->len + 1);
	}
	if (gf->len == sizeof(gf->buf) - 1)
		gf->len = 0;	/* a line this long is garbage */
	return count;
}

static int
fake_set_led(struct gpio *g, int i, bool on)
{
	struct gpio_fake *gf = (struct gpio_fake *)g;

	if (i < 0 || i >= gf->nleds || gf->led[i] == on)
		return 0;
	gf->led[i] = on;
	fake_send_led(gf, i);
	return 0;
}

const struct gpio_ops gpio_fake_ops = {
	.name = "fake",
	.open = fake_open,
	.close = fake_close,
	.fd = fake_fd,
	.read = fake_read,
	.set_led = fake_set_led,
};
