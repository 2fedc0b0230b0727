/*
 * gen-year - a year of a busy hall's event log, for the report benchmarks.
 *
 *	gen-year DB [DAYS] [DESKS]	(default 365 days from 2025-01-01,
 *					30 desks)
 *
 * The hall is simulated and the real queue engine decides every event:
 * kiosk takes go through queue_take(), desk presses through
 * queue_command(), and what they return is logged with store_append() and
 * applied with queue_apply(), exactly as the central does, with one
 * command row per take and per press. So the log has the central's shape,
 * its hash chain verifies, and replaying any day rebuilds a valid state.
 * Each day is one transaction: store_open() keeps synchronous=FULL, and
 * one COMMIT a day makes that cost nothing.
 *
 * The hall: services A-E with their own mix and service times (KTP and KK
 * long, BPJS short), desks serving one or two of them in priority order;
 * Monday to Friday 07:30-15:30, Saturday 07:30-12:00, Sunday and a few
 * holidays closed, a busier week after Lebaran and more birth
 * certificates in the school-enrolment months. Arrivals follow a morning
 * peak (07:30-10:30) and a smaller bump after lunch; desks pause over
 * lunch (together for Friday prayers), some take a short break, a few
 * stay closed for a day. About 5% of the called do not come (recalled
 * first, some come back and are requeued), 2% are transferred, a few
 * more are recalled once; whoever still waits when the desks close is
 * logged unserved when the day closes.
 *
 * Times are local: TZ if set, else Asia/Jakarta, so the same arguments
 * give the same log (the random numbers come from a fixed seed).
 *
 * stdout: what was written, then "BENCH <name> <value> <unit>" lines:
 * generation time, events, database size per event and per year.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "queue.h"
#include "report.h"
#include "store.h"

#define GEN_SEED	0x616e74726531ULL	/* fixed: the log is the same */
#define GEN_YEAR	2025
#define GEN_KIOSKS	4
#define GEN_BASE	3560	/* arrivals on an ordinary Wednesday */
#define GEN_REQUEUES	512
#define NEVER		INT64_MAX
#define SEC		1000LL
#define MIN		(60 * SEC)
#define HM(h, m)	(((int64_t)(h) * 60 + (m)) * MIN)

struct gen_service {
	char		 letter;
	const char	*name;
	double		 share;		/* of arrivals */
	double		 service_min;	/* mean time at the desk */
	char		 transfer_to;	/* where a wrong queue sends it */
};

static const struct gen_service services[] = {
	{ 'A', "KTP Elektronik", 0.25, 3.5, 'B' },
	{ 'B', "Kartu Keluarga", 0.20, 3.5, 'A' },
	{ 'C', "Akta Kelahiran", 0.15, 2.5, 'B' },
	{ 'D', "BPJS Kesehatan", 0.30, 1.5, 'E' },
	{ 'E', "Informasi dan Pengaduan", 0.10, 1.5, 'D' },
};
#define NSERVICES	((int)(sizeof(services) / sizeof(services[0])))

/* Desks by share of the hall, in the order of the desk ids: roughly the
 * share of the work (arrivals times service time) of their first letter. */
static const struct {
	double		 upto;
	const char	*letters;
} desk_kinds[] = {
	{ 0.30, "AB" }, { 0.57, "BA" }, { 0.70, "CA" }, { 0.90, "DE" },
	{ 0.97, "ED" }, { 1.00, "ABCDE" },
};

/* Arrivals per half hour from 07:00, relative. */
static const double arrival_curve[] = {
	0.6, 1.6, 2.0, 2.0, 1.8, 1.6, 1.3, 1.0,	/* 07:00-11:00 */
	0.8, 0.6, 0.4, 0.6, 0.9, 0.8, 0.6, 0.4,	/* 11:00-15:00 */
};
#define NSLOTS	((int)(sizeof(arrival_curve) / sizeof(arrival_curve[0])))

/* 2025's national holidays and collective leave (month, day). */
static const struct {
	int	mon, mday;
} holidays[] = {
	{ 1, 1 }, { 1, 27 }, { 1, 28 }, { 1, 29 }, { 3, 28 }, { 3, 31 },
	{ 4, 1 }, { 4, 2 }, { 4, 3 }, { 4, 4 }, { 4, 7 }, { 4, 18 },
	{ 5, 1 }, { 5, 12 }, { 5, 13 }, { 5, 29 }, { 5, 30 }, { 6, 6 },
	{ 6, 9 }, { 6, 27 }, { 8, 18 }, { 9, 5 }, { 12, 25 }, { 12, 26 },
};

enum plan {
	P_FREE,		/* at wake: close, pause or call the next */
	P_STEP,		/* at wake: the next step of the ticket's fate */
	P_RESUME,	/* at wake: back from a break */
	P_DONE,		/* closed for the day */
};

struct step {
	int64_t		at;
	enum proto_op	op;	/* OP_NEXT: the ticket is done (P_FREE) */
};

#define MAX_BREAKS	2
#define MAX_STEPS	4

struct gdesk {
	int		 id;
	const char	*letters;
	int64_t		 open;		/* ms after midnight */
	int64_t		 wake;		/* ms after midnight, or NEVER */
	enum plan	 plan;
	struct step	 steps[MAX_STEPS];
	int		 nsteps, step;
	int64_t		 brk_start[MAX_BREAKS], brk_end[MAX_BREAKS];
	int		 nbreaks, brk;	/* breaks taken so far */
	char		 boot[17];
	unsigned long	 seq;
};

struct requeue {
	int64_t		 at;
	int		 desk;	/* index into the desks */
	struct ticket	 t;
};

struct gen {
	struct store		*store;
	struct queue_conf	 conf;
	struct queue		 q;
	uint64_t		 rng;
	int64_t			 midnight_ms;	/* of the day simulated */
	int64_t			 close_ms;	/* desks close */
	int			 ndesks;
	struct gdesk		 desks[QUEUE_MAX_DESKS];
	struct requeue		 requeues[GEN_REQUEUES];
	int			 nrequeues;
	char			 kiosk_boot[GEN_KIOSKS][17];
	unsigned long		 kiosk_seq[GEN_KIOSKS];
	int64_t			 events, commands, refused, tickets;
	int64_t			 unserved, last_ms;
};

static uint64_t
rnd(struct gen *g)
{
	/* splitmix64 */
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(struct gen *g)
{
	return (double)(rnd(g) >> 11) / 9007199254740992.0;
}

static int64_t
unif_ms(struct gen *g, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(unif(g) * (double)(hi - lo));
}

static double
normal(struct gen *g)
{
	double u = unif(g), v = unif(g);

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * 3.14159265358979323846 * v);
}

/* Service times are skewed: most are quick, a few take very long. */
static int64_t
lognormal_ms(struct gen *g, double mean_min)
{
	const double sigma = 0.6;
	double mu = log(mean_min) - sigma * sigma / 2.0;

	return (int64_t)(exp(mu + sigma * normal(g)) * (double)MIN);
}

static void
boot_id(struct gen *g, char boot[17])
{
	snprintf(boot, 17, "%016llx", (unsigned long long)rnd(g));
}

static const struct gen_service *
service_of(char letter)
{
	int i;

	for (i = 0; i < NSERVICES; i++)
		if (services[i].letter == letter)
			return &services[i];
	return &services[0];
}

static int
gen_log(struct gen *g, const struct event *evs, int nev)
{
	int i;

	for (i = 0; i < nev; i++) {
		if (evs[i].time_ms < g->last_ms) {
			log_warnx("event at %lld before %lld",
			    (long long)evs[i].time_ms, (long long)g->last_ms);
			return -1;
		}
		g->last_ms = evs[i].time_ms;
		if (store_append(g->store, &evs[i]) == -1)
			return -1;
		if (queue_apply(&g->q, &evs[i]) != 0) {
			log_warnx("engine: %s does not apply",
			    event_kind_name(evs[i].kind));
			return -1;
		}
		g->events++;
		g->unserved += evs[i].kind == EV_UNSERVED;
	}
	return 0;
}

static int
desk_index(const struct gen *g, const struct gdesk *d)
{
	return (int)(d - g->desks);
}

static int
desk_waiting(const struct gen *g, const struct gdesk *d)
{
	const char *l;

	for (l = d->letters; *l != '\0'; l++)
		if (queue_waiting(&g->q, *l) > 0)
			return 1;
	return 0;
}

static struct ticket
desk_ticket(const struct gen *g, const struct gdesk *d)
{
	return queue_desk_ticket(&g->q, desk_index(g, d));
}

/* Idle desks that serve letter notice it waits (the desk shows the count)
 * and press "next" a little later. */
static void
wake_idle(struct gen *g, char letter, int64_t now)
{
	struct gdesk *d;
	int64_t at;
	int i;

	for (i = 0; i < g->ndesks; i++) {
		d = &g->desks[i];
		if (d->plan != P_FREE || strchr(d->letters, letter) == NULL)
			continue;
		at = now + unif_ms(g, 3 * SEC, 20 * SEC);
		if (at < d->open)
			at = d->open;
		if (at < d->wake)
			d->wake = at;
	}
}

/* One desk command as the central handles it: answered, recorded,
 * logged, applied. */
static int
desk_command(struct gen *g, struct gdesk *d, enum proto_op op, char target,
    const struct ticket *t, int64_t now)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct command_rec rec;
	struct proto_cmd cmd;
	int nev;

	memset(&cmd, 0, sizeof(cmd));
	memset(&rec, 0, sizeof(rec));
	cmd.op = op;
	cmd.service = target;
	if (t != NULL)
		cmd.ticket = *t;
	snprintf(cmd.id, sizeof(cmd.id), "%s-%lu", d->boot, ++d->seq);
	snprintf(rec.box, sizeof(rec.box), "desk %d", d->id);
	snprintf(rec.id, sizeof(rec.id), "%s", cmd.id);
	snprintf(rec.op, sizeof(rec.op), "%s", proto_op_name(op));
	rec.time_ms = g->midnight_ms + now;
	rec.result = queue_command(&g->q, d->id, &cmd, rec.time_ms, evs, &nev,
	    rec.reason, sizeof(rec.reason));
	if (rec.result != RESULT_OK)
		g->refused++;
	g->commands++;
	if (store_command_add(g->store, &rec) == -1 ||
	    gen_log(g, evs, nev) == -1)
		return -1;
	return 0;
}

/* What happens to the ticket just called at d: its steps. */
static void
plan_fate(struct gen *g, struct gdesk *d, int64_t now)
{
	struct ticket t = desk_ticket(g, d);
	const struct gen_service *sv = service_of(t.service);
	/* The citizen walks up, then is served. */
	int64_t at = now + unif_ms(g, 10 * SEC, 30 * SEC);
	double r = unif(g);
	int n = 0;

	if (r < 0.05) {
		at = now + unif_ms(g, 45 * SEC, 75 * SEC);
		d->steps[n++] = (struct step){ at, OP_RECALL };
		if (unif(g) < 0.5) {
			at += unif_ms(g, 45 * SEC, 75 * SEC);
			d->steps[n++] = (struct step){ at, OP_RECALL };
		}
		at += unif_ms(g, 40 * SEC, 60 * SEC);
		d->steps[n++] = (struct step){ at, OP_NOSHOW };
	} else if (r < 0.07) {
		at += unif_ms(g, 1 * MIN, 3 * MIN);
		d->steps[n++] = (struct step){ at, OP_TRANSFER };
		d->steps[n++] = (struct step){ at + 5 * SEC, OP_NEXT };
	} else {
		if (r < 0.10) {
			at = now + unif_ms(g, 40 * SEC, 60 * SEC);
			d->steps[n++] = (struct step){ at, OP_RECALL };
			at += unif_ms(g, 15 * SEC, 45 * SEC);
		}
		d->steps[n++] = (struct step){ at + lognormal_ms(g,
		    sv->service_min), OP_NEXT };
	}
	d->nsteps = n;
	d->step = 0;
	d->plan = P_STEP;
	d->wake = d->steps[0].at;
}

/* The desk has nothing to do: wait for a ticket, its break or closing. */
static void
desk_idle(struct gen *g, struct gdesk *d, int64_t now)
{
	d->plan = P_FREE;
	d->wake = g->close_ms;
	if (d->brk < d->nbreaks && d->brk_start[d->brk] < d->wake)
		d->wake = d->brk_start[d->brk];
	/* Past closing or its break (a no-show at the last minute). */
	if (d->wake < now)
		d->wake = now + 5 * SEC;
}

/* The officer is free (or done with the ticket at the desk): closes,
 * goes on a break, or calls the next one. */
static int
desk_free(struct gen *g, struct gdesk *d, int64_t now)
{
	struct ticket before = desk_ticket(g, d), after;

	if (now >= g->close_ms) {
		d->plan = P_DONE;
		d->wake = NEVER;
		return desk_command(g, d, OP_CLOSE, 0, NULL, now);
	}
	if (d->brk < d->nbreaks && now >= d->brk_start[d->brk]) {
		d->plan = P_RESUME;
		d->wake = d->brk_end[d->brk];
		if (d->wake <= now)
			d->wake = now + 5 * MIN;
		return desk_command(g, d, OP_PAUSE, 0, NULL, now);
	}
	if (before.service == 0 && !desk_waiting(g, d)) {
		desk_idle(g, d, now);
		return 0;
	}
	if (desk_command(g, d, OP_NEXT, 0, NULL, now) == -1)
		return -1;
	after = desk_ticket(g, d);
	if (after.service != 0)
		plan_fate(g, d, now);
	else
		desk_idle(g, d, now);
	return 0;
}

static int
desk_step(struct gen *g, struct gdesk *d, int64_t now)
{
	const struct qticket *qt;
	struct step *s = &d->steps[d->step++];
	struct ticket t = desk_ticket(g, d), after;
	struct requeue *rq;
	char target;

	switch (s->op) {
	case OP_RECALL:
		d->wake = d->steps[d->step].at;
		return desk_command(g, d, OP_RECALL, 0, NULL, now);
	case OP_TRANSFER:
		qt = &g->q.tickets[g->q.desks[desk_index(g, d)].current];
		target = service_of(qt->queue)->transfer_to;
		d->wake = d->steps[d->step].at;
		if (desk_command(g, d, OP_TRANSFER, target, NULL, now) == -1)
			return -1;
		wake_idle(g, target, now);
		return 0;
	case OP_NOSHOW:
		/* Some come back a little later and are put at the head. */
		if (unif(g) < 0.3 && g->nrequeues < GEN_REQUEUES &&
		    now + 30 * MIN < g->close_ms) {
			rq = &g->requeues[g->nrequeues++];
			rq->at = now + unif_ms(g, 5 * MIN, 30 * MIN);
			rq->desk = desk_index(g, d);
			rq->t = t;
		}
		if (desk_command(g, d, OP_NOSHOW, 0, NULL, now) == -1)
			return -1;
		after = desk_ticket(g, d);
		if (after.service != 0)
			plan_fate(g, d, now);
		else
			desk_idle(g, d, now);
		return 0;
	default:
		return desk_free(g, d, now);
	}
}

static int
desk_wake(struct gen *g, struct gdesk *d, int64_t now)
{
	switch (d->plan) {
	case P_STEP:
		return desk_step(g, d, now);
	case P_RESUME:
		d->brk++;
		d->plan = P_FREE;
		d->wake = now + unif_ms(g, 5 * SEC, 30 * SEC);
		return desk_command(g, d, OP_RESUME, 0, NULL, now);
	case P_FREE:
		return desk_free(g, d, now);
	default:
		d->wake = NEVER;
		return 0;
	}
}

static int
kiosk_take(struct gen *g, char letter, int64_t now)
{
	struct command_rec rec;
	struct proto_take take;
	struct event ev;
	int k = (int)(rnd(g) % GEN_KIOSKS);

	memset(&rec, 0, sizeof(rec));
	memset(&take, 0, sizeof(take));
	take.service = letter;
	snprintf(take.id, sizeof(take.id), "%s-%lu", g->kiosk_boot[k],
	    ++g->kiosk_seq[k]);
	snprintf(rec.box, sizeof(rec.box), "kiosk %d", k + 1);
	snprintf(rec.id, sizeof(rec.id), "%s", take.id);
	snprintf(rec.op, sizeof(rec.op), "take");
	rec.time_ms = g->midnight_ms + now;
	rec.result = queue_take(&g->q, k + 1, &take, rec.time_ms, &ev,
	    rec.reason, sizeof(rec.reason));
	g->commands++;
	if (rec.result == RESULT_OK) {
		rec.ticket = ev.ticket;
		g->tickets++;
	} else {
		rec.ticket.service = letter;
		g->refused++;
	}
	if (store_command_add(g->store, &rec) == -1 ||
	    gen_log(g, &ev, rec.result == RESULT_OK) == -1)
		return -1;
	wake_idle(g, letter, now);
	return 0;
}

static int
requeue_due(struct gen *g, int64_t now)
{
	struct requeue rq;
	int i;

	for (i = 0; i < g->nrequeues; i++) {
		if (g->requeues[i].at > now)
			continue;
		rq = g->requeues[i];
		g->requeues[i] = g->requeues[--g->nrequeues];
		if (desk_command(g, &g->desks[rq.desk], OP_REQUEUE, 0, &rq.t,
		    now) == -1)
			return -1;
		wake_idle(g, rq.t.service, now);
		return 0;
	}
	return 0;
}

static int
cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Arrival times of a day, sorted, before kiosk_close. */
static int64_t *
arrivals(struct gen *g, int n, int64_t kiosk_close)
{
	double cum[NSLOTS], total = 0.0, r;
	int64_t *at, start;
	int i, k, nslots = 0;

	for (k = 0; k < NSLOTS && HM(7, 0) + k * 30 * MIN < kiosk_close;
	    k++) {
		total += arrival_curve[k];
		cum[k] = total;
		nslots = k + 1;
	}
	if ((at = calloc((size_t)n + 1, sizeof(*at))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		r = unif(g) * total;
		for (k = 0; k < nslots - 1 && cum[k] <= r; k++)
			;
		start = HM(7, 0) + k * 30 * MIN;
		at[i] = unif_ms(g, start, start + 30 * MIN);
		if (at[i] >= kiosk_close)
			at[i] = kiosk_close - 1;
	}
	qsort(at, (size_t)n, sizeof(*at), cmp_ms);
	return at;
}

static char
pick_service(struct gen *g, int mon)
{
	double w[NSERVICES], total = 0.0, r;
	int i;

	for (i = 0; i < NSERVICES; i++) {
		w[i] = services[i].share;
		/* School enrolment wants birth certificates. */
		if (services[i].letter == 'C' && (mon == 6 || mon == 7))
			w[i] *= 1.6;
		total += w[i];
	}
	r = unif(g) * total;
	for (i = 0; i < NSERVICES - 1 && r >= w[i]; i++)
		r -= w[i];
	return services[i].letter;
}

static int
is_holiday(const struct tm *tm)
{
	size_t i;

	for (i = 0; i < sizeof(holidays) / sizeof(holidays[0]); i++)
		if (holidays[i].mon == tm->tm_mon + 1 &&
		    holidays[i].mday == tm->tm_mday)
			return 1;
	return 0;
}

/* The desks' day: opening, breaks, one absent now and then. */
static void
desks_plan(struct gen *g, const struct tm *tm)
{
	struct gdesk *d;
	int64_t s;
	int i;

	for (i = 0; i < g->ndesks; i++) {
		d = &g->desks[i];
		boot_id(g, d->boot);
		d->seq = 0;
		d->nbreaks = d->brk = 0;
		d->nsteps = d->step = 0;
		d->plan = P_FREE;
		d->open = HM(7, 30) + unif_ms(g, 0, 8 * MIN);
		d->wake = d->open;
		if (unif(g) < 0.04) {
			d->plan = P_DONE;	/* on leave */
			d->wake = NEVER;
			continue;
		}
		if (tm->tm_wday == 6)
			continue;	/* Saturday: half a day, no lunch */
		if (unif(g) < 0.5) {	/* a short break, morning or later */
			s = unif(g) < 0.5 ? unif_ms(g, HM(9, 30), HM(10, 45)) :
			    unif_ms(g, HM(13, 45), HM(14, 30));
			d->brk_start[d->nbreaks] = s;
			d->brk_end[d->nbreaks++] = s + unif_ms(g, 10 * MIN,
			    20 * MIN);
		}
		if (tm->tm_wday == 5) {	/* Friday prayers: everyone */
			s = HM(11, 15) + unif_ms(g, 0, 10 * MIN);
			d->brk_start[d->nbreaks] = s;
			d->brk_end[d->nbreaks++] = HM(12, 45) +
			    unif_ms(g, 0, 10 * MIN);
		} else {	/* lunch in four shifts */
			s = HM(11, 30) + (i % 4) * 20 * MIN +
			    unif_ms(g, 0, 5 * MIN);
			d->brk_start[d->nbreaks] = s;
			d->brk_end[d->nbreaks++] = s + unif_ms(g, 45 * MIN,
			    60 * MIN);
		}
		if (d->nbreaks == 2 && d->brk_start[0] > d->brk_start[1]) {
			s = d->brk_start[0];
			d->brk_start[0] = d->brk_start[1];
			d->brk_start[1] = s;
			s = d->brk_end[0];
			d->brk_end[0] = d->brk_end[1];
			d->brk_end[1] = s;
		}
	}
}

/* Simulates one open day into the log, in one transaction. */
static int
gen_day(struct gen *g, const struct tm *tm, const char *day, double load)
{
	struct event *evs = NULL;
	int64_t *arr = NULL, kiosk_close, day_close, now, close_at;
	int i, n, nev, next = 0, step, rc = -1;
	struct gdesk *d;

	if (queue_init(&g->q, &g->conf, day) == -1)
		return -1;
	for (i = 0; i < GEN_KIOSKS; i++) {
		boot_id(g, g->kiosk_boot[i]);
		g->kiosk_seq[i] = 0;
	}
	g->nrequeues = 0;
	g->last_ms = 0;
	if (tm->tm_wday == 6) {
		kiosk_close = HM(11, 30);
		g->close_ms = HM(12, 0);
		day_close = HM(12, 30);
	} else {
		kiosk_close = HM(15, 0);
		g->close_ms = HM(15, 30);
		day_close = HM(16, 0);
	}
	n = (int)(GEN_BASE * load * (1.0 + 0.08 * normal(g)));
	if (n < 0)
		n = 0;
	if ((arr = arrivals(g, n, kiosk_close)) == NULL) {
		log_warn("arrivals");
		goto out;
	}
	desks_plan(g, tm);
	if (store_begin(g->store) == -1)
		goto out;
	for (;;) {
		/* The earliest of: an arrival, a desk's wake, a requeue. */
		now = next < n ? arr[next] : NEVER;
		d = NULL;
		for (i = 0; i < g->ndesks; i++)
			if (g->desks[i].wake < now) {
				now = g->desks[i].wake;
				d = &g->desks[i];
			}
		for (i = 0; i < g->nrequeues; i++)
			if (g->requeues[i].at < now) {
				now = g->requeues[i].at;
				d = NULL;
			}
		if (now == NEVER)
			break;
		if (d != NULL)
			step = desk_wake(g, d, now);
		else if (next < n && arr[next] == now)
			step = kiosk_take(g, pick_service(g, tm->tm_mon),
			    arr[next++]);
		else
			step = requeue_due(g, now);
		if (step == -1)
			goto out;
	}
	/* A long last ticket can outlast the planned close. */
	close_at = g->midnight_ms + day_close;
	if (close_at <= g->last_ms)
		close_at = g->last_ms + MIN;
	if ((nev = queue_close_day_count(&g->q)) < 1 ||
	    (evs = calloc((size_t)nev, sizeof(*evs))) == NULL ||
	    (nev = queue_close_day(&g->q, close_at, evs,
	    nev)) < 0 || gen_log(g, evs, nev) == -1 ||
	    report_cache_day(g->store, g->q.day) == -1 ||
	    store_commit(g->store) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		store_rollback(g->store);
	free(evs);
	free(arr);
	queue_free(&g->q);
	return rc;
}

static void
conf_init(struct gen *g, int ndesks)
{
	struct queue_conf *c = &g->conf;
	double f;
	int i, k;

	memset(c, 0, sizeof(*c));
	c->nservices = NSERVICES;
	for (i = 0; i < NSERVICES; i++) {
		c->services[i].letter = services[i].letter;
		snprintf(c->services[i].name, sizeof(c->services[i].name),
		    "%s", services[i].name);
		c->services[i].source = SOURCE_KIOSK;
	}
	c->ndesks = ndesks;
	g->ndesks = ndesks;
	for (i = 0; i < ndesks; i++) {
		f = (i + 0.5) / ndesks;
		for (k = 0; desk_kinds[k].upto < f; k++)
			;
		c->desks[i].id = i + 1;
		snprintf(c->desks[i].name, sizeof(c->desks[i].name),
		    "Loket %d", i + 1);
		snprintf(c->desks[i].services, sizeof(c->desks[i].services),
		    "%s", desk_kinds[k].letters);
		g->desks[i].id = i + 1;
		g->desks[i].letters = c->desks[i].services;
	}
	c->board_calls = 6;
	c->max_recalls = 3;
	c->day_start_min = 4 * 60;
}

static long
arg_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		fatalx("%s must be %ld..%ld: %s", what, lo, hi, s);
	return v;
}

int
main(int argc, char **argv)
{
	static struct gen g;
	struct stat st;
	struct tm tm;
	char day[11], first[11] = "", last[11] = "";
	double t0, elapsed, load, mb_year;
	int ndays = 365, ndesks = 30, i, open = 0, after_closed = 0;
	time_t midnight;

	log_init("gen-year", 0);
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: gen-year DB [DAYS] [DESKS]\n");
		return 2;
	}
	if (argc > 2)
		ndays = (int)arg_long(argv[2], 1, 3660, "DAYS");
	if (argc > 3)
		ndesks = (int)arg_long(argv[3], 1, QUEUE_MAX_DESKS, "DESKS");
	if (stat(argv[1], &st) == 0)
		fatalx("%s exists: the log is written from scratch", argv[1]);
	if (getenv("TZ") == NULL)
		setenv("TZ", "Asia/Jakarta", 1);
	tzset();

	g.rng = GEN_SEED;
	conf_init(&g, ndesks);
	if ((g.store = store_open(argv[1], 0)) == NULL)
		fatalx("cannot open %s", argv[1]);
	t0 = (mono_ns() / 1e9);
	for (i = 0; i < ndays; i++) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = GEN_YEAR - 1900;
		tm.tm_mon = 0;
		tm.tm_mday = 1 + i;
		tm.tm_isdst = -1;
		if ((midnight = mktime(&tm)) == (time_t)-1)
			fatalx("mktime");
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		if (tm.tm_wday == 0 || is_holiday(&tm)) {
			after_closed = tm.tm_wday != 0 || after_closed;
			continue;
		}
		/* Mondays and the day after a holiday are the busiest. */
		load = (const double[]){ 0, 1.2, 1.05, 1.0, 0.95, 0.85,
		    0.55 }[tm.tm_wday];
		if (after_closed && tm.tm_wday != 6)
			load *= 1.25;
		/* The week after Lebaran: moves and new families. */
		if (tm.tm_mon == 3 && tm.tm_mday >= 8 && tm.tm_mday <= 17)
			load *= 1.3;
		after_closed = 0;
		g.midnight_ms = (int64_t)midnight * 1000;
		if (gen_day(&g, &tm, day, load) == -1)
			fatalx("%s: %s", day, store_error(g.store));
		if (first[0] == '\0')
			memcpy(first, day, sizeof(first));
		memcpy(last, day, sizeof(last));
		open++;
	}
	store_close(g.store);
	elapsed = (mono_ns() / 1e9) - t0;
	if (stat(argv[1], &st) == -1)
		fatal("%s", argv[1]);

	printf("%s: %d days from %d-01-01, %d open (%s .. %s), %d desks, "
	    "TZ %s\n", argv[1], ndays, GEN_YEAR, open, first, last, ndesks,
	    getenv("TZ"));
	printf("%lld tickets, %lld events, %lld commands (%lld refused), "
	    "%lld unserved at close\n", (long long)g.tickets,
	    (long long)g.events, (long long)g.commands, (long long)g.refused,
	    (long long)g.unserved);
	printf("first_day %s\nlast_day %s\n", first, last);
	/* Each desk's services, for a replay with the same configuration
	 * (estimate-replay). */
	printf("desk_services ");
	for (i = 0; i < ndesks; i++)
		printf("%s%s", i > 0 ? "," : "", g.conf.desks[i].services);
	printf("\n");
	mb_year = (double)st.st_size / 1e6 * 365.0 / ndays;
	printf("BENCH report_gen_year_s %.1f s\n", elapsed);
	printf("BENCH report_gen_events %lld events\n", (long long)g.events);
	printf("BENCH report_db_bytes_per_event %.1f B\n", g.events > 0 ?
	    (double)st.st_size / (double)g.events : 0.0);
	printf("BENCH report_db_mb_per_year %.1f MB\n", mb_year);
	return g.refused > 0 ? 1 : 0;
}
