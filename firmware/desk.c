/*
 * antre-desk - the program on each desk's ("loket") Raspberry Pi: the
 * officer's buttons publish commands to the central, and the LED shows
 * the state the central retains for this desk.
 *
 * The desk keeps no queue state. One command is pending at a time; if the
 * central does not acknowledge it within ack_timeout_ms the desk gives up
 * and blinks: the officer presses again. A press is never replayed later
 * (see mqtt.c: every reconnection starts with an empty send queue).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "box.h"
#include "buttons.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "gpio.h"
#include "led.h"
#include "log.h"
#include "mqtt.h"
#include "proto.h"

struct desk {
	struct conf		*conf;
	struct gpio		*gpio;
	struct mqtt		*mqtt;
	struct button		 buttons[BUTTON__COUNT];
	struct led		 led;
	bool			 led_on;
	char			 boot[17];
	unsigned long		 seq;
	bool			 pending;
	int64_t			 last_call;	/* when next/noshow was sent */
	char			 pending_id[PROTO_ID_MAX];
	int64_t			 pending_deadline;
	bool			 central_online;
	bool			 have_clock;	/* central clock known */
	int64_t			 clock_offset;	/* central ms - mono ms */
	bool			 have_state;
	struct proto_desk_state	 state;
	bool			 quit;
};

static const char usage_text[] =
    "usage: antre-desk [-dnhV] [-f file]\n"
    "       antre-desk --self-test [-f file]\n"
    "  -f file  configuration (default /etc/antre/antre-desk.conf)\n"
    "  -n       check the configuration and exit\n"
    "  --self-test  blink the LED and print every button edge with its\n"
    "           timing, without network (for the technician)\n"
    "  -d       debug log\n"
    "  -h       this help\n"
    "  -V       version\n";

/* The LED shows what the central says, or that it cannot be reached. */
static void
desk_led_mode(struct desk *d, int64_t now)
{
	enum led_mode mode = LED_OFF;

	if (!mqtt_connected(d->mqtt) || !d->central_online)
		mode = LED_OFFLINE;
	else if (d->have_state && d->state.status == DESK_SERVING)
		mode = LED_ON;
	else if (d->have_state && d->state.status == DESK_PAUSED)
		mode = LED_PAUSED;
	led_set_mode(&d->led, mode, now);
}

static void
desk_send(struct desk *d, enum proto_op op, int64_t now)
{
	struct proto_cmd cmd = { .op = op };
	char topic[160];
	char *json;

	if (d->pending) {
		/* A jittery double press: ignore it, blink once. */
		log_info("press ignored: %s still waiting for the central",
		    d->pending_id);
		led_alert(&d->led, 1, now);
		return;
	}
	/* A second call within the guard time would skip a citizen who
	 * is still walking to the desk. */
	if ((op == OP_NEXT || op == OP_NOSHOW || op == OP_TAKE_PRIORITY) &&
	    d->last_call != 0 && now - d->last_call < d->conf->guard_ms) {
		log_info("press ignored: %lld ms after the last call",
		    (long long)(now - d->last_call));
		led_alert(&d->led, 1, now);
		return;
	}
	if (!mqtt_connected(d->mqtt) || !d->central_online) {
		log_warnx("press refused: central not reachable");
		led_alert(&d->led, 3, now);
		return;
	}
	snprintf(cmd.id, sizeof(cmd.id), "%s-%lu", d->boot, ++d->seq);
	/*
	 * The central refuses the command if it gets it after this, in its
	 * own clock: by then the desk has given up and blinked, and the
	 * officer presses again. A fifth of the wait is left for the answer
	 * to travel back.
	 */
	if (d->have_clock)
		cmd.deadline_ms = now + d->clock_offset +
		    d->conf->ack_timeout_ms * 4 / 5;
	if ((json = proto_cmd_encode(&cmd)) == NULL)
		return;
	topic_desk_cmd(topic, sizeof(topic), d->conf->prefix, d->conf->desk);
	if (mqtt_publish(d->mqtt, topic, json, 1, false, NULL) == 0) {
		d->pending = true;
		snprintf(d->pending_id, sizeof(d->pending_id), "%s", cmd.id);
		d->pending_deadline = now + d->conf->ack_timeout_ms;
		if (op == OP_NEXT || op == OP_NOSHOW ||
		    op == OP_TAKE_PRIORITY)
			d->last_call = now;
		log_debug("sent %s %s", proto_op_name(op), cmd.id);
	} else {
		led_alert(&d->led, 3, now);
	}
	free(json);
}

static void
desk_action(struct desk *d, enum gpio_button b, enum button_action a,
    int64_t now)
{
	if (a == BUTTON_NONE)
		return;
	switch (b) {
	case BUTTON_NEXT:
		desk_send(d, a == BUTTON_LONG ? OP_RECALL : OP_NEXT, now);
		break;
	case BUTTON_NOSHOW:
		/* Held: a priority ticket for someone escorted to the desk
		 * (the elderly, a wheelchair user), called here at once. */
		desk_send(d, a == BUTTON_LONG ? OP_TAKE_PRIORITY : OP_NOSHOW,
		    now);
		break;
	case BUTTON_PAUSE:
		desk_send(d, d->have_state && d->state.status == DESK_PAUSED ?
		    OP_RESUME : OP_PAUSE, now);
		break;
	default:
		break;
	}
}

static void
on_message(void *arg, const char *topic, const void *payload, size_t len,
    bool retained)
{
	struct desk *d = arg;
	struct proto_desk_state st;
	struct proto_online on;
	const char *leaf;
	char err[128];
	int64_t now = mono_ms();

	if (topic_parse_desk(topic, d->conf->prefix, &leaf) ==
	    d->conf->desk && strcmp(leaf, "state") == 0) {
		if (len == 0)
			return;
		if (proto_desk_state_decode(payload, len, &st, err,
		    sizeof(err)) == -1) {
			log_warnx("%s: bad state dropped: %s", topic, err);
			return;
		}
		d->state = st;
		d->have_state = true;
		/* A live state was just sent: it tells the central's clock.
		 * A retained one may be hours old. */
		if (!retained) {
			d->clock_offset = st.time_ms - now;
			d->have_clock = true;
		}
		if (d->pending && strcmp(st.last_id, d->pending_id) == 0) {
			d->pending = false;
			if (st.result == RESULT_REFUSED) {
				log_warnx("%s refused: %s", st.last_id,
				    st.reason);
				led_alert(&d->led, 3, now);
			} else {
				log_debug("%s acknowledged", st.last_id);
			}
		}
	} else {
		if (len == 0 || proto_online_decode(payload, len, &on, err,
		    sizeof(err)) == -1) {
			d->central_online = false;
		} else {
			d->central_online = on.online;
		}
		log_info("central %s", d->central_online ? "online" :
		    "offline");
	}
	desk_led_mode(d, now);
}

static void
on_connected(void *arg)
{
	struct desk *d = arg;
	struct proto_online on = { .online = true };
	char topic[160];
	char *json;

	snprintf(on.boot, sizeof(on.boot), "%s", d->boot);
	topic_desk_online(topic, sizeof(topic), d->conf->prefix,
	    d->conf->desk);
	if ((json = proto_online_encode(&on)) != NULL) {
		mqtt_publish(d->mqtt, topic, json, 1, true, NULL);
		free(json);
	}
	topic_desk_state(topic, sizeof(topic), d->conf->prefix,
	    d->conf->desk);
	mqtt_subscribe(d->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), d->conf->prefix);
	mqtt_subscribe(d->mqtt, topic, 1);
	desk_led_mode(d, mono_ms());
}

static void
on_disconnected(void *arg)
{
	struct desk *d = arg;
	int64_t now = mono_ms();

	d->central_online = false;
	if (d->pending) {
		log_warnx("%s lost with the connection", d->pending_id);
		d->pending = false;
		led_alert(&d->led, 3, now);
	}
	desk_led_mode(d, now);
}

static void
desk_gpio(void *arg)
{
	struct desk *d = arg;
	struct gpio_event ev[16];
	int i, n;

	while ((n = gpio_read(d->gpio, ev, 16)) > 0)
		for (i = 0; i < n; i++)
			desk_action(d, ev[i].button,
			    button_edge(&d->buttons[ev[i].button],
			    ev[i].pressed, ev[i].t_ms), ev[i].t_ms);
}

static int64_t
earliest(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int
desk_timers(void *arg, int64_t now)
{
	struct desk *d = arg;
	int64_t due, next;
	bool on;
	int b;

	due = now + mqtt_tick(d->mqtt, now);
	for (b = 0; b < BUTTON__COUNT; b++) {
		desk_action(d, b, button_tick(&d->buttons[b], now), now);
		due = earliest(due, button_deadline(&d->buttons[b]));
	}
	if (d->pending && now >= d->pending_deadline) {
		log_warnx("%s not acknowledged within %d ms; press again",
		    d->pending_id, d->conf->ack_timeout_ms);
		d->pending = false;
		led_alert(&d->led, 3, now);
	}
	if (d->pending)
		due = earliest(due, d->pending_deadline);
	desk_led_mode(d, now);
	on = led_level(&d->led, now, &next);
	if (on != d->led_on) {
		gpio_set_led(d->gpio, on);
		d->led_on = on;
	}
	due = earliest(due, next);
	return due <= now ? 0 : (int)(due - now);
}


/*
 * --self-test: for the technician at a new desk box. No network: the LED
 * blinks once a second and every button edge is printed with its time
 * and the gesture the debouncer makes of it, until Ctrl-C.
 */
static int
self_test_option(void *arg, int ch, const char *value)
{
	(void)value;
	if (ch != 'S')
		return -1;
	*(int *)arg = 1;
	return 0;
}

static int
self_test(struct conf *conf, int sigfd)
{
	static const char *const gestures[] = {
		[BUTTON_NONE] = "", [BUTTON_SHORT] = "short press",
		[BUTTON_LONG] = "long press",
	};
	struct button buttons[BUTTON__COUNT];
	struct gpio_event ev[16];
	struct pollfd pfd[2];
	struct gpio *g;
	enum button_action a;
	int64_t start, last_edge = -1, now, next_blink;
	bool led = false;
	int i, n, b;

	if ((g = gpio_open(&conf->gpio)) == NULL)
		return 1;
	for (b = 0; b < BUTTON__COUNT; b++)
		button_init(&buttons[b], conf->debounce_ms,
		    b == BUTTON_NEXT || b == BUTTON_NOSHOW ?
		    conf->long_press_ms : 0);
	start = next_blink = mono_ms();
	printf("self-test: %s %s; LED on line %d blinks; press the buttons "
	    "(Ctrl-C ends)\n", conf->gpio.backend, conf->gpio.chip,
	    conf->gpio.leds[0]);
	fflush(stdout);
	for (;;) {
		now = mono_ms();
		if (now >= next_blink) {
			led = !led;
			gpio_set_led(g, led);
			next_blink = now + 500;
		}
		for (b = 0; b < BUTTON__COUNT; b++)
			if ((a = button_tick(&buttons[b], now)) != BUTTON_NONE)
				printf("%8lld ms  %-6s  -> %s\n",
				    (long long)(now - start),
				    gpio_button_name(b), gestures[a]);
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
				printf("%8lld ms  %-6s  %s", (long long)
				    (ev[i].t_ms - start),
				    gpio_button_name(ev[i].button),
				    ev[i].pressed ? "down" : "up  ");
				if (last_edge >= 0)
					printf("  (+%lld ms)", (long long)
					    (ev[i].t_ms - last_edge));
				last_edge = ev[i].t_ms;
				a = button_edge(&buttons[ev[i].button],
				    ev[i].pressed, ev[i].t_ms);
				printf("%s%s\n", a != BUTTON_NONE ? "  -> " :
				    "", gestures[a]);
			}
		}
	}
	gpio_set_led(g, false);
	gpio_close(g);
	printf("self-test: done\n");
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct mqtt_callbacks cb = {
		.connected = on_connected,
		.disconnected = on_disconnected,
		.message = on_message,
	};
	static const struct option longopts[] = {
		{ "self-test", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon_opts opts = { .prog = "antre-desk",
	    .usage = usage_text, .path = "/etc/antre/antre-desk.conf" };
	const char *path;
	struct proto_online off = { .online = false };
	struct conf conf;
	struct desk d;
	unsigned char rnd[8];
	char topic[160], client_id[96];
	char *will = NULL;
	int i, sigfd, rc, selftest = 0;

	if ((rc = daemon_options(&opts, argc, argv, "", longopts,
	    self_test_option, &selftest)) != -1)
		return rc;
	path = opts.path;
	if (config_load(path, &conf) == -1) {
		log_warnx("%s: configuration not valid", path);
		return 1;
	}
	if (selftest) {
		if ((sigfd = signals_open()) == -1)
			fatal("signalfd");
		return self_test(&conf, sigfd);
	}
	if (mqtt_conf_finish(&conf.mqtt) == -1) {
		log_warnx("%s: configuration not valid", path);
		return 1;
	}
	if (opts.check) {
		printf("%s: configuration OK\n", path);
		return 0;
	}
	rc = 1;

	memset(&d, 0, sizeof(d));
	d.conf = &conf;
	/* No RTC on a desk: a random boot id keeps command ids unique
	 * across reboots, so the central's deduplication stays right. */
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		fatal("getrandom");
	for (i = 0; i < 8; i++)
		snprintf(d.boot + 2 * i, 3, "%02x", rnd[i]);
	srand(rnd[0] | rnd[1] << 8 | rnd[2] << 16);
	for (i = 0; i < BUTTON__COUNT; i++)
		button_init(&d.buttons[i], conf.debounce_ms,
		    i == BUTTON_NEXT || i == BUTTON_NOSHOW ?
		    conf.long_press_ms : 0);
	led_init(&d.led, LED_OFFLINE, mono_ms());
	if ((sigfd = signals_open()) == -1)
		fatal("signalfd");
	if ((d.gpio = gpio_open(&conf.gpio)) == NULL)
		goto out;
	topic_desk_online(topic, sizeof(topic), conf.prefix, conf.desk);
	if ((will = proto_online_encode(&off)) == NULL)
		goto out;
	snprintf(client_id, sizeof(client_id), "antre-desk-%s-%d", conf.hall,
	    conf.desk);
	if ((d.mqtt = mqtt_new(&conf.mqtt, client_id, topic, will, &cb,
	    &d)) == NULL)
		goto out;
	log_info("desk %d of %s, boot %s", conf.desk, conf.prefix, d.boot);
	rc = box_run(&(struct box_loop){ .sigfd = sigfd, .gpio = d.gpio,
	    .mqtt = d.mqtt, .timers = desk_timers, .edges = desk_gpio,
	    .arg = &d, .quit = &d.quit }) == 0 ? 0 : 1;
	/* A clean stop: say we are gone (the will only fires on loss). */
	if (mqtt_connected(d.mqtt)) {
		mqtt_publish(d.mqtt, topic, will, 1, true, NULL);
		mqtt_disconnect(d.mqtt);
	}
out:
	mqtt_free(d.mqtt);
	gpio_close(d.gpio);
	free(will);
	close(sigfd);
	return rc;
}
