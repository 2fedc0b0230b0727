/*
 * antre-kiosk - the ticket machine in the hall: a citizen presses the
 * button of a service (first "Prioritas" for the elderly, people with
 * disabilities, pregnant women and children), the kiosk asks the central
 * for a number and prints it.
 *
 * A number is asked for only when it can be printed: the printer's
 * status is asked first, and the central must be online. The take is
 * written to the state file before it is sent and the ticket before it
 * is printed (spool.c), so a ticket issued is printed even if the
 * printer dies in the middle or the kiosk restarts. One take at a time.
 *
 * The Prioritas button: a short press arms the next service press as a
 * priority take for priority_window_ms (its LED is lit meanwhile); a long
 * press reprints: the tickets kept unprinted, else the last one printed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "box.h"
#include "buttons.h"
#include "clock.h"
#include "daemon.h"
#include "gpio.h"
#include "kconfig.h"
#include "led.h"
#include "log.h"
#include "mqtt.h"
#include "preview.h"
#include "printer.h"
#include "proto.h"
#include "selftest.h"
#include "spool.h"
#include "ticket.h"

#define SEEN_MAX	16	/* answers already handled, by take id */

struct kiosk {
	struct kconf		*conf;
	struct gpio		*gpio;
	struct mqtt		*mqtt;
	struct printer		 printer;
	struct spool		 spool;
	struct button		 buttons[GPIO_BUTTONS_MAX];
	struct led		 leds[GPIO_LEDS_MAX];
	bool			 led_on[GPIO_LEDS_MAX];
	char			 boot[17];
	unsigned long		 seq;
	bool			 central_online;
	int64_t			 priority_until;	/* armed; 0 not */
	int64_t			 last_take;
	int64_t			 take_deadline;	/* answer due */
	int64_t			 status_due;
	bool			 dark[KIOSK_BUTTONS_MAX];	/* quota,
							   closed */
	char			 dark_day[11];	/* local date they went dark */
	bool			 have_last;
	struct spool_ticket	 last;		/* printed last: reprint */
	char			 seen[SEEN_MAX][PROTO_ID_MAX];
	int			 nseen;
	enum kiosk_printer	 published;
	bool			 status_sent;
	bool			 quit;
};

static const char usage_text[] =
    "usage: antre-kiosk [-dnhV] [-f file]\n"
    "       antre-kiosk --self-test [-f file]\n"
    "       antre-kiosk --preview FILE [-f file]\n"
    "  -f file  configuration (default /etc/antre/antre-kiosk.conf)\n"
    "  -n       check the configuration and exit\n"
    "  --self-test  print a test ticket, light every LED in turn and\n"
    "           print every button edge, without network\n"
    "  --preview FILE  draw a sample ticket as configured to a PNG\n"
    "  -d       debug log\n"
    "  -h       this help\n"
    "  -V       version\n";

static void
today(char *buf, size_t len)
{
	time_t t = (time_t)(wall_ms() / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

static int
button_of(const struct kiosk *k, char service)
{
	int b;

	for (b = 0; b < k->conf->nbuttons; b++)
		if (k->conf->buttons[b].service == service)
			return b;
	return -1;
}

static bool
central_reachable(const struct kiosk *k)
{
	return mqtt_connected(k->mqtt) && k->central_online;
}

static void
kiosk_leds(struct kiosk *k, int64_t now)
{
	enum led_mode mode;
	int b;

	for (b = 0; b < k->conf->nbuttons; b++) {
		if (k->conf->buttons[b].service == 0)
			continue;
		if (!central_reachable(k))
			mode = LED_OFFLINE;
		else if (!escpos_printer_prints(k->printer.state))
			mode = LED_PAUSED;
		else if (k->dark[b])
			mode = LED_OFF;
		else
			mode = LED_ON;
		led_set_mode(&k->leds[b], mode, now);
	}
	if (k->priority_until != 0 && now < k->priority_until)
		mode = LED_ON;
	else if (k->spool.n > 0)
		mode = LED_PAUSED;	/* tickets wait to be printed */
	else
		mode = LED_OFF;
	led_set_mode(&k->leds[KIOSK_PRIORITY], mode, now);
}

static void
kiosk_publish_status(struct kiosk *k)
{
	struct proto_kiosk_status st = { .online = true,
	    .printer = k->printer.state, .pending = k->spool.n };
	char topic[160], *json;

	if (k->mqtt == NULL || !mqtt_connected(k->mqtt))
		return;
	if (topic_kiosk_status(topic, sizeof(topic), k->conf->prefix,
	    k->conf->kiosk) == -1 || (json = proto_kiosk_status_encode(&st))
	    == NULL)
		return;
	if (mqtt_publish(k->mqtt, topic, json, 1, true, NULL) == 0) {
		k->published = k->printer.state;
		k->status_sent = true;
	}
	free(json);
}

/* Asks the printer; logs and publishes a change. */
static enum kiosk_printer
kiosk_printer_check(struct kiosk *k)
{
	enum kiosk_printer was = k->printer.state;
	enum kiosk_printer st = printer_status(&k->printer);

	if (st != was) {
		if (escpos_printer_prints(st))
			log_info("printer %s: %s", k->printer.path,
			    proto_printer_name(st));
		else
			log_warnx("printer %s: %s%s%s", k->printer.path,
			    proto_printer_name(st), k->printer.why[0] ?
			    ": " : "", k->printer.why);
	}
	if (!k->status_sent || st != k->published)
		kiosk_publish_status(k);
	return st;
}

static void
kiosk_info(const struct kiosk *k, const struct spool_ticket *t, bool copy,
    struct ticket_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->office = k->conf->office;
	ti->footer = k->conf->footer;
	ti->ticket = t->ticket;
	ti->service_name = t->service_name;
	ti->waiting = t->waiting;
	ti->wait_lo = t->wait_lo;
	ti->wait_hi = t->wait_hi;
	ti->priority = t->priority;
	ti->copy = copy;
	ti->time_ms = t->time_ms;
}

/* Prints one ticket; 0, or -1 (logged) when the printer failed. */
static int
kiosk_print(struct kiosk *k, const struct spool_ticket *t, bool copy)
{
	struct ticket_info ti;
	struct tlayout l;
	struct escpos e;
	char num[16];
	int rc;

	kiosk_info(k, t, copy, &ti);
	ticket_layout(&ti, k->conf->paper, &l);
	escpos_init(&e);
	ticket_escpos(&l, &e);
	ticket_format(&t->ticket, num, sizeof(num));
	if (e.failed)
		rc = -1;
	else
		rc = printer_write(&k->printer, e.buf, e.len);
	escpos_free(&e);
	if (rc == -1) {
		log_warnx("ticket %s (take %s) not printed: %s; kept to print "
		    "when the printer is back", num, t->id, k->printer.why);
		return -1;
	}
	log_info("printed %s%s%s (take %s)", num, t->priority ?
	    " priority" : "", copy ? " again" : "", t->id);
	return 0;
}

/* Prints what the spool holds, oldest first, while the printer takes
 * it. */
static void
kiosk_print_spool(struct kiosk *k)
{
	char num[16];

	while (k->spool.n > 0) {
		if (kiosk_print(k, &k->spool.t[0], false) == -1) {
			kiosk_publish_status(k);
			return;
		}
		/*
		 * Written is not printed: the device takes a whole ticket
		 * into its buffer. A printer that cannot print right after
		 * (unplugged, paper ran out in the middle) may not have
		 * printed it whole: kept, and printed again when it can.
		 */
		if (!escpos_printer_prints(kiosk_printer_check(k))) {
			log_warnx("ticket %s (take %s) may not be whole: the "
			    "printer is %s after it; kept to print again",
			    ticket_format(&k->spool.t[0].ticket, num,
			    sizeof(num)), k->spool.t[0].id,
			    proto_printer_name(k->printer.state));
			return;
		}
		k->last = k->spool.t[0];
		k->have_last = true;
		spool_pop(&k->spool);
		spool_save(&k->spool);
	}
}

static void
kiosk_send_take(struct kiosk *k, int64_t now)
{
	struct proto_take take;
	char topic[160];
	char *json;

	memset(&take, 0, sizeof(take));
	snprintf(take.id, sizeof(take.id), "%s", k->spool.take.id);
	take.service = k->spool.take.service;
	take.priority = k->spool.take.priority;
	k->take_deadline = now + k->conf->take_timeout_ms;
	if ((json = proto_take_encode(&take)) == NULL)
		return;
	topic_kiosk_take(topic, sizeof(topic), k->conf->prefix,
	    k->conf->kiosk);
	if (mqtt_publish(k->mqtt, topic, json, 1, false, NULL) == 0)
		log_debug("take %s sent", take.id);
	free(json);
}

static void
kiosk_press(struct kiosk *k, int b, int64_t now)
{
	char service = k->conf->buttons[b].service;
	struct spool_take *t = &k->spool.take;

	if (service == 0)
		return;
	if (k->spool.have_take) {
		log_info("press of %c ignored: take %s waits for its answer",
		    service, t->id);
		led_alert(&k->leds[b], 1, now);
		return;
	}
	if (k->last_take != 0 && now - k->last_take < k->conf->guard_ms) {
		log_info("press of %c ignored: %lld ms after the last ticket",
		    service, (long long)(now - k->last_take));
		led_alert(&k->leds[b], 1, now);
		return;
	}
	if (!central_reachable(k)) {
		log_warnx("press of %c refused: central not reachable",
		    service);
		led_alert(&k->leds[b], 3, now);
		return;
	}
	if (!escpos_printer_prints(kiosk_printer_check(k))) {
		log_warnx("press of %c refused: printer %s", service,
		    proto_printer_name(k->printer.state));
		led_alert(&k->leds[b], 3, now);
		return;
	}
	/* Tickets kept from before go out first: the printer is back. */
	kiosk_print_spool(k);
	if (k->spool.n > 0) {
		led_alert(&k->leds[b], 3, now);
		return;
	}
	memset(t, 0, sizeof(*t));
	snprintf(t->id, sizeof(t->id), "%s-%lu", k->boot, ++k->seq);
	t->service = service;
	t->priority = k->priority_until != 0 && now < k->priority_until;
	t->wall_ms = wall_ms();
	k->priority_until = 0;
	k->spool.have_take = true;
	if (spool_save(&k->spool) == -1) {
		/* Not on the disk: a crash would lose it. */
		k->spool.have_take = false;
		led_alert(&k->leds[b], 3, now);
		return;
	}
	k->last_take = now;
	log_info("take %s: service %c%s", t->id, service, t->priority ?
	    ", priority" : "");
	kiosk_send_take(k, now);
}

static bool
kiosk_seen(struct kiosk *k, const char *id)
{
	int i;

	for (i = 0; i < k->nseen && i < SEEN_MAX; i++)
		if (strcmp(k->seen[i], id) == 0)
			return true;
	snprintf(k->seen[k->nseen % SEEN_MAX], PROTO_ID_MAX, "%s", id);
	k->nseen++;
	return false;
}

static void
kiosk_answer(struct kiosk *k, const struct proto_ticket *pt, int64_t now)
{
	struct spool_ticket st;
	char num[16], day[11];
	bool mine = k->spool.have_take &&
	    strcmp(pt->id, k->spool.take.id) == 0;
	/* A refusal carries no ticket: its service is the take's. */
	char service = mine ? k->spool.take.service : pt->ticket.service;
	int b = button_of(k, service);

	if (kiosk_seen(k, pt->id))
		return;		/* an answer to a take asked again */
	if (!mine && pt->result != RESULT_OK)
		return;
	if (mine)
		k->spool.have_take = false;
	if (pt->result != RESULT_OK) {
		log_warnx("take %s of %c refused: %s%s%s", pt->id, service,
		    pt->reason, pt->code[0] ? " / " : "", pt->code);
		if (b >= 0 && (strcmp(pt->code, "quota") == 0 ||
		    strcmp(pt->code, "closed") == 0)) {
			k->dark[b] = true;
			today(day, sizeof(day));
			memcpy(k->dark_day, day, sizeof(day));
		}
		if (b >= 0)
			led_alert(&k->leds[b], 3, now);
		spool_save(&k->spool);
		return;
	}
	memset(&st, 0, sizeof(st));
	snprintf(st.id, sizeof(st.id), "%s", pt->id);
	st.ticket = pt->ticket;
	snprintf(st.service_name, sizeof(st.service_name), "%s",
	    pt->service_name);
	st.waiting = pt->waiting;
	st.wait_lo = pt->wait_lo_min;
	st.wait_hi = pt->wait_hi_min;
	st.priority = pt->priority;
	st.time_ms = pt->time_ms;
	ticket_format(&st.ticket, num, sizeof(num));
	if (!mine)
		log_warnx("ticket %s came for take %s, no longer waited for: "
		    "printing it", num, pt->id);
	log_info("take %s: ticket %s, %d ahead", pt->id, num, pt->waiting);
	if (b >= 0)
		k->dark[b] = false;
	spool_add(&k->spool, &st);
	spool_save(&k->spool);
	kiosk_print_spool(k);
	kiosk_publish_status(k);
}

static void
on_message(void *arg, const char *topic, const void *payload, size_t len,
    bool retained)
{
	struct kiosk *k = arg;
	struct proto_ticket pt;
	struct proto_online on;
	const char *leaf;
	char err[128];
	int64_t now = mono_ms();
	bool was = k->central_online;

	(void)retained;
	if (topic_parse_kiosk(topic, k->conf->prefix, &leaf) ==
	    k->conf->kiosk && strcmp(leaf, "ticket") == 0) {
		if (proto_ticket_decode(payload, len, &pt, err,
		    sizeof(err)) == -1) {
			log_warnx("%s: bad ticket dropped: %s", topic, err);
			return;
		}
		kiosk_answer(k, &pt, now);
	} else {
		if (len == 0 || proto_online_decode(payload, len, &on, err,
		    sizeof(err)) == -1)
			k->central_online = false;
		else
			k->central_online = on.online;
		log_info("central %s", k->central_online ? "online" :
		    "offline");
		/* Back: a take it may have missed is asked again at once
		 * (the same id: never a second number). */
		if (!was && k->central_online && k->spool.have_take)
			k->take_deadline = now;
	}
	kiosk_leds(k, now);
}

static void
on_connected(void *arg)
{
	struct kiosk *k = arg;
	char topic[160];

	topic_kiosk_ticket(topic, sizeof(topic), k->conf->prefix,
	    k->conf->kiosk);
	mqtt_subscribe(k->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), k->conf->prefix);
	mqtt_subscribe(k->mqtt, topic, 1);
	kiosk_publish_status(k);
	kiosk_leds(k, mono_ms());
}

static void
on_disconnected(void *arg)
{
	struct kiosk *k = arg;

	k->central_online = false;
	k->status_sent = false;
	kiosk_leds(k, mono_ms());
}

static void
kiosk_action(struct kiosk *k, int b, enum button_action a, int64_t now)
{
	if (a == BUTTON_NONE)
		return;
	if (b == KIOSK_PRIORITY) {
		if (a == BUTTON_SHORT) {
			k->priority_until = now + k->conf->priority_window_ms;
			log_info("priority armed for %d ms",
			    k->conf->priority_window_ms);
		} else if (k->spool.n > 0) {
			log_info("reprint: %d kept tickets", k->spool.n);
			kiosk_printer_check(k);
			kiosk_print_spool(k);
		} else if (k->have_last) {
			log_info("reprint of the last ticket");
			kiosk_print(k, &k->last, true);
		}
		return;
	}
	if (a == BUTTON_LONG) {
		log_info("long press of button %d: nothing done", b + 1);
		return;
	}
	kiosk_press(k, b, now);
}

static void
kiosk_gpio(void *arg)
{
	struct kiosk *k = arg;
	struct gpio_event ev[16];
	int i, n;

	while ((n = gpio_read(k->gpio, ev, 16)) > 0)
		for (i = 0; i < n; i++)
			if (ev[i].button >= 0 &&
			    ev[i].button < GPIO_BUTTONS_MAX)
				kiosk_action(k, ev[i].button,
				    button_edge(&k->buttons[ev[i].button],
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

/* An unanswered take: asked again (same id) while the central is there,
 * given up after retry_window_ms. */
static void
kiosk_take_timer(struct kiosk *k, int64_t now)
{
	struct spool_take *t = &k->spool.take;

	if (!k->spool.have_take || now < k->take_deadline)
		return;
	if (wall_ms() - t->wall_ms > k->conf->retry_window_ms) {
		log_warnx("take %s of %c unanswered for %d s: given up, "
		    "nothing printed (if the central issued it, its number "
		    "is a no-show)", t->id, t->service,
		    k->conf->retry_window_ms / 1000);
		k->spool.have_take = false;
		spool_save(&k->spool);
		return;
	}
	if (central_reachable(k)) {
		log_warnx("take %s not answered within %d ms: asking again",
		    t->id, k->conf->take_timeout_ms);
		kiosk_send_take(k, now);
	} else
		k->take_deadline = now + k->conf->take_timeout_ms;
}

static int
kiosk_timers(void *arg, int64_t now)
{
	struct kiosk *k = arg;
	int64_t due, next;
	char day[11];
	bool on;
	int b;

	due = now + mqtt_tick(k->mqtt, now);
	for (b = 0; b < GPIO_BUTTONS_MAX; b++) {
		kiosk_action(k, b, button_tick(&k->buttons[b], now), now);
		due = earliest(due, button_deadline(&k->buttons[b]));
	}
	kiosk_take_timer(k, now);
	if (k->spool.have_take)
		due = earliest(due, k->take_deadline);
	if (now >= k->status_due && !k->spool.have_take) {
		if (escpos_printer_prints(kiosk_printer_check(k)))
			kiosk_print_spool(k);
		today(day, sizeof(day));
		if (strcmp(day, k->dark_day) != 0)
			memset(k->dark, 0, sizeof(k->dark));
		k->status_due = now + k->conf->status_interval_ms;
	}
	due = earliest(due, k->status_due);
	if (k->priority_until != 0) {
		if (now >= k->priority_until)
			k->priority_until = 0;
		else
			due = earliest(due, k->priority_until);
	}
	kiosk_leds(k, now);
	for (b = 0; b < GPIO_LEDS_MAX; b++) {
		on = led_level(&k->leds[b], now, &next);
		if (on != k->led_on[b]) {
			gpio_set_led_at(k->gpio, b, on);
			k->led_on[b] = on;
		}
		due = earliest(due, next);
	}
	return due <= now ? 0 : (int)(due - now);
}

void
sample_ticket(const struct kconf *conf, struct ticket_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->office = conf->office;
	ti->footer = conf->footer;
	ti->ticket.service = conf->buttons[0].service ?
	    conf->buttons[0].service : 'A';
	ti->ticket.number = 123;
	ti->service_name = "Contoh Layanan";
	ti->waiting = 4;
	ti->wait_lo = 20;
	ti->wait_hi = 30;
	ti->time_ms = wall_ms();
}

struct kiosk_opts {
	int		 selftest;
	const char	*preview;
};

static int
kiosk_option(void *arg, int ch, const char *value)
{
	struct kiosk_opts *o = arg;

	if (ch == 'S')
		o->selftest = 1;
	else if (ch == 'P')
		o->preview = value;
	else
		return -1;
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
		{ "preview", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon_opts opts = { .prog = "antre-kiosk",
	    .usage = usage_text, .path = "/etc/antre/antre-kiosk.conf" };
	struct kiosk_opts ko = { 0, NULL };
	struct ticket_info ti;
	struct tlayout l;
	struct kconf conf;
	struct kiosk k;
	unsigned char rnd[8];
	char topic[160], client_id[96];
	char *will = NULL;
	int i, sigfd, rc;

	if ((rc = daemon_options(&opts, argc, argv, "", longopts,
	    kiosk_option, &ko)) != -1)
		return rc;
	if (kconfig_load(opts.path, &conf) == -1) {
		log_warnx("%s: configuration not valid", opts.path);
		return 1;
	}
	if (ko.preview != NULL) {
		sample_ticket(&conf, &ti);
		ticket_layout(&ti, conf.paper, &l);
		return preview_png(&l, ko.preview) == 0 ? 0 : 1;
	}
	if (ko.selftest) {
		if ((sigfd = signals_open()) == -1)
			fatal("signalfd");
		return kiosk_self_test(&conf, sigfd);
	}
	if (mqtt_conf_finish(&conf.mqtt) == -1) {
		log_warnx("%s: configuration not valid", opts.path);
		return 1;
	}
	if (opts.check) {
		printf("%s: configuration OK\n", opts.path);
		return 0;
	}
	rc = 1;
	memset(&k, 0, sizeof(k));
	k.conf = &conf;
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		fatal("getrandom");
	for (i = 0; i < 8; i++)
		snprintf(k.boot + 2 * i, 3, "%02x", rnd[i]);
	srand(rnd[0] | rnd[1] << 8 | rnd[2] << 16);
	for (i = 0; i < GPIO_BUTTONS_MAX; i++)
		button_init(&k.buttons[i], conf.debounce_ms,
		    conf.long_press_ms);
	for (i = 0; i < GPIO_LEDS_MAX; i++)
		led_init(&k.leds[i], LED_OFFLINE, mono_ms());
	printer_init(&k.printer, conf.device, conf.baud,
	    conf.status_timeout_ms);
	spool_load(&k.spool, conf.state);
	if (k.spool.n > 0 || k.spool.have_take)
		log_info("%s: %d ticket(s) to print%s", conf.state,
		    k.spool.n, k.spool.have_take ? ", one take unanswered" :
		    "");
	if ((sigfd = signals_open()) == -1)
		fatal("signalfd");
	if ((k.gpio = gpio_open(&conf.gpio)) == NULL)
		goto out;
	/* The first status published is the printer's, not a guess. */
	kiosk_printer_check(&k);
	topic_kiosk_status(topic, sizeof(topic), conf.prefix, conf.kiosk);
	will = proto_kiosk_status_encode(&(struct proto_kiosk_status){
	    .online = false, .printer = PRINTER_OFFLINE });
	snprintf(client_id, sizeof(client_id), "antre-kiosk-%s-%d",
	    conf.hall, conf.kiosk);
	if (will == NULL || (k.mqtt = mqtt_new(&conf.mqtt, client_id, topic,
	    will, &cb, &k)) == NULL)
		goto out;
	log_info("kiosk %d of %s, boot %s, printer %s", conf.kiosk,
	    conf.prefix, k.boot, conf.device);
	rc = box_run(&(struct box_loop){ .sigfd = sigfd, .gpio = k.gpio,
	    .mqtt = k.mqtt, .timers = kiosk_timers, .edges = kiosk_gpio,
	    .arg = &k, .quit = &k.quit }) == 0 ? 0 : 1;
	if (mqtt_connected(k.mqtt)) {
		mqtt_publish(k.mqtt, topic, will, 1, true, NULL);
		mqtt_disconnect(k.mqtt);
	}
out:
	printer_close(&k.printer);
	mqtt_free(k.mqtt);
	gpio_close(k.gpio);
	free(will);
	close(sigfd);
	return rc;
}
