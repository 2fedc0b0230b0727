/*
 * engine-load - closed-loop load on the central's queue engine through
 * the real broker.
 *
 * Every simulated desk is one MQTT connection as user "desk-N" (client id
 * "bench-desk-N"), subscribed to its retained state. Once every desk has
 * seen its state, each one sends a command on its command topic (QoS 1,
 * JSON as in docs/protocol.md) and waits until a state whose "last_id" is
 * that command's id comes back: that is the acknowledgement, and the time
 * from publish to it is the operation's latency. Then it sends the next.
 * An operation not acknowledged within the timeout is lost; the desk
 * carries on with a new id.
 *
 * All connections are driven from one poll() loop with
 * mosquitto_loop_read/write/misc: no library thread.
 *
 * stdout: BENCH lines (ops/s over the measured window, latency
 * percentiles, lost operations, and an estimate of how many commands the
 * central acknowledged per commit). stderr: progress and details.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <mosquitto.h>

#include "clock.h"

#define ID_MAX		48	/* protocol: ids are 1..47 bytes */
#define SETUP_TIMEOUT_NS (15 * NS_PER_S)
#define NS_PER_S	INT64_C(1000000000)
#define NS_PER_MS	INT64_C(1000000)
#define MISC_EVERY_NS	NS_PER_S
#define READS_PER_WAKE	64	/* packets read per socket per poll() */

enum phase {
	PH_SETUP,	/* connecting, waiting for every retained state */
	PH_WARMUP,
	PH_MEASURE,
	PH_DRAIN,	/* no new commands; wait for those in flight */
	PH_DONE
};

struct desk {
	int			 id;
	struct mosquitto	*mosq;
	char			 cmd_topic[160];
	char			 state_topic[160];
	bool			 have_state;	/* first state seen */
	bool			 serving;	/* per the last state */
	bool			 pending;	/* a command awaits its ack */
	bool			 want_send;
	char			 pending_id[ID_MAX];
	const char		*pending_op;
	int64_t			 sent_ns;
	unsigned long		 seq;
	char			 lost_id[ID_MAX];	/* last one given up */
	uint64_t		 rng;
};

struct run {
	const char	*host;
	int		 port;
	const char	*prefix;
	const char	*creddir;
	const char	*runid;
	int64_t		 duration_ns;	/* measured window, or 0 */
	unsigned long	 count;		/* measured ops, or 0 */
	int64_t		 warmup_ns;
	int64_t		 timeout_ns;
	int		 recall_pct;
	FILE		*ackf;

	struct desk	*desks;
	int		 ndesks;
	enum phase	 phase;
	int64_t		 start_ns, m_start, m_end;
	bool		 failed;

	/* every phase */
	unsigned long	 sent, acked, lost, late, refused, recalls;
	char		 first_refusal[128];
	/* measured window */
	unsigned long	 m_acked;
	int64_t		*lat_ns;	/* latencies of m_acked ops */
	int64_t		*state_ms;	/* their state's time_ms */
	size_t		 nlat, caplat;
};

static struct run R;

static void
warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("engine-load: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static uint64_t
rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void
usage(void)
{
	fputs("usage: engine-load [-t seconds | -n count] [-w seconds] "
	    "[-r percent]\n"
	    "           [-T timeout_ms] [-i runid] [-a acked_ids_file]\n"
	    "           host port prefix credentials_dir desks\n"
	    "  desks            desk ids: 1-64, or a list like 1,3,5-8\n"
	    "  credentials_dir  holds desk-N.pass for every desk\n"
	    "  -t seconds       measured window (default 20)\n"
	    "  -n count         measure this many acknowledged operations "
	    "instead\n"
	    "  -w seconds       warm-up before measuring (default 3)\n"
	    "  -r percent       share of \"recall\" on a serving desk "
	    "(default 5)\n"
	    "  -T timeout_ms    an operation not acknowledged by then is lost "
	    "(default 5000)\n"
	    "  -i runid         in every command id: bench<runid>-N-<seq> "
	    "(default random)\n"
	    "  -a file          write every acknowledged command id to file\n",
	    stderr);
	exit(2);
}

static long
num_arg(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		warnx_("%s: expected a number from %ld to %ld, not \"%s\"",
		    what, min, max, s);
		usage();
	}
	return v;
}

/* "1-64" or "1,3,5-8" into R.desks. */
static void
parse_desks(const char *spec)
{
	char *copy, *tok, *save = NULL, *dash;
	long a, b, i;
	int j;

	if ((copy = strdup(spec)) == NULL)
		exit(1);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((dash = strchr(tok, '-')) != NULL) {
			*dash = '\0';
			a = num_arg(tok, 1, 999, "desks");
			b = num_arg(dash + 1, a, 999, "desks");
		} else {
			a = b = num_arg(tok, 1, 999, "desks");
		}
		for (i = a; i <= b; i++) {
			for (j = 0; j < R.ndesks; j++)
				if (R.desks[j].id == i)
					break;
			if (j < R.ndesks)
				continue;
			R.desks = realloc(R.desks,
			    (size_t)(R.ndesks + 1) * sizeof(*R.desks));
			if (R.desks == NULL)
				exit(1);
			memset(&R.desks[R.ndesks], 0, sizeof(*R.desks));
			R.desks[R.ndesks++].id = (int)i;
		}
	}
	free(copy);
	if (R.ndesks == 0)
		usage();
}

static int
read_password(int desk, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/desk-%d.pass", R.creddir, desk);
	if ((fp = fopen(path, "r")) == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fgets(buf, (int)len, fp) == NULL)
		buf[0] = '\0';
	fclose(fp);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
	    buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0) {
		warnx_("%s: empty", path);
		return -1;
	}
	return 0;
}

static void
record(int64_t lat, int64_t state_ms)
{
	if (R.nlat == R.caplat) {
		R.caplat = R.caplat ? R.caplat * 2 : 65536;
		R.lat_ns = realloc(R.lat_ns, R.caplat * sizeof(*R.lat_ns));
		R.state_ms = realloc(R.state_ms,
		    R.caplat * sizeof(*R.state_ms));
		if (R.lat_ns == NULL || R.state_ms == NULL) {
			warnx_("out of memory");
			exit(1);
		}
	}
	R.lat_ns[R.nlat] = lat;
	R.state_ms[R.nlat++] = state_ms;
}

static void
acknowledged(struct desk *d, int64_t now, const char *result,
    const char *reason, int64_t state_ms)
{
	R.acked++;
	if (strcmp(result, "ok") != 0) {
		if (R.refused++ == 0)
			snprintf(R.first_refusal, sizeof(R.first_refusal),
			    "%s %s: %s", d->pending_op, d->pending_id, reason);
	}
	if (R.ackf != NULL)
		fprintf(R.ackf, "%s\n", d->pending_id);
	if (R.phase == PH_MEASURE) {
		R.m_acked++;
		record(now - d->sent_ns, state_ms);
		if (R.count > 0 && R.m_acked >= R.count) {
			R.m_end = now;
			R.phase = PH_DRAIN;
		}
	}
	d->pending = false;
	d->want_send = R.phase == PH_WARMUP || R.phase == PH_MEASURE;
}

static void
on_connect(struct mosquitto *mosq, void *obj, int rc)
{
	struct desk *d = obj;

	if (rc != 0) {
		warnx_("desk %d: connection refused: %s", d->id,
		    mosquitto_connack_string(rc));
		R.failed = true;
		return;
	}
	rc = mosquitto_subscribe(mosq, NULL, d->state_topic, 1);
	if (rc != MOSQ_ERR_SUCCESS) {
		warnx_("desk %d: subscribe: %s", d->id,
		    mosquitto_strerror(rc));
		R.failed = true;
	}
}

static void
on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
	struct desk *d = obj;

	(void)mosq;
	if (R.phase != PH_DONE) {
		warnx_("desk %d: disconnected: %s", d->id,
		    rc == MOSQ_ERR_ERRNO ? strerror(errno) :
		    mosquitto_strerror(rc));
		R.failed = true;
	}
}

static const char *
str_field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static void
on_message(struct mosquitto *mosq, void *obj,
    const struct mosquitto_message *msg)
{
	struct desk *d = obj;
	json_error_t jerr;
	json_t *root;
	const char *last_id;
	int64_t now = mono_ns(), state_ms;

	(void)mosq;
	if (strcmp(msg->topic, d->state_topic) != 0)
		return;
	root = json_loadb(msg->payload, (size_t)msg->payloadlen, 0, &jerr);
	if (root == NULL || !json_is_object(root)) {
		warnx_("desk %d: state is not a JSON object: %s", d->id,
		    jerr.text);
		json_decref(root);
		return;
	}
	last_id = str_field(root, "last_id");
	state_ms = json_integer_value(json_object_get(root, "time_ms"));
	d->serving = strcmp(str_field(root, "status"), "serving") == 0;
	d->have_state = true;
	if (d->pending && strcmp(last_id, d->pending_id) == 0)
		acknowledged(d, now, str_field(root, "result"),
		    str_field(root, "reason"), state_ms);
	else if (d->lost_id[0] != '\0' && strcmp(last_id, d->lost_id) == 0)
		R.late++;
	json_decref(root);
}

static void
desk_send(struct desk *d, int64_t now)
{
	char payload[128];
	const char *op = "next";
	int n, rc;

	d->want_send = false;
	if (d->serving && R.recall_pct > 0 &&
	    (int)(rng_next(&d->rng) % 100) < R.recall_pct)
		op = "recall";
	snprintf(d->pending_id, sizeof(d->pending_id), "bench%s-%d-%lu",
	    R.runid, d->id, ++d->seq);
	n = snprintf(payload, sizeof(payload),
	    "{\"v\":1,\"op\":\"%s\",\"id\":\"%s\"}", op, d->pending_id);
	d->pending_op = op;
	d->sent_ns = now;
	d->pending = true;
	rc = mosquitto_publish(d->mosq, NULL, d->cmd_topic, n, payload, 1,
	    false);
	if (rc != MOSQ_ERR_SUCCESS) {
		warnx_("desk %d: publish: %s", d->id, rc == MOSQ_ERR_ERRNO ?
		    strerror(errno) : mosquitto_strerror(rc));
		R.failed = true;
		return;
	}
	R.sent++;
	if (op[0] == 'r')
		R.recalls++;
}

static int
desk_open(struct desk *d, uint64_t seed)
{
	char cid[64], user[32], pass[256];
	int rc;

	if (read_password(d->id, pass, sizeof(pass)) == -1)
		return -1;
	snprintf(cid, sizeof(cid), "bench-desk-%d", d->id);
	snprintf(user, sizeof(user), "desk-%d", d->id);
	snprintf(d->cmd_topic, sizeof(d->cmd_topic), "%s/desk/%d/cmd",
	    R.prefix, d->id);
	snprintf(d->state_topic, sizeof(d->state_topic), "%s/desk/%d/state",
	    R.prefix, d->id);
	d->rng = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)d->id;
	if (d->rng == 0)
		d->rng = 1;
	if ((d->mosq = mosquitto_new(cid, true, d)) == NULL) {
		warnx_("desk %d: mosquitto_new: %s", d->id, strerror(errno));
		return -1;
	}
	mosquitto_int_option(d->mosq, MOSQ_OPT_TCP_NODELAY, 1);
	mosquitto_connect_callback_set(d->mosq, on_connect);
	mosquitto_disconnect_callback_set(d->mosq, on_disconnect);
	mosquitto_message_callback_set(d->mosq, on_message);
	mosquitto_username_pw_set(d->mosq, user, pass);
	rc = mosquitto_connect(d->mosq, R.host, R.port, 60);
	if (rc != MOSQ_ERR_SUCCESS) {
		warnx_("desk %d: connect %s:%d: %s", d->id, R.host, R.port,
		    rc == MOSQ_ERR_ERRNO ? strerror(errno) :
		    mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

/* Reads what the socket holds: libmosquitto handles about one packet
 * per mosquitto_loop_read() call, so call it again while bytes wait. */
static void
desk_read(struct desk *d)
{
	int fd, i, avail, rc;

	fd = mosquitto_socket(d->mosq);
	for (i = 0; i < READS_PER_WAKE; i++) {
		rc = mosquitto_loop_read(d->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS) {
			if (R.phase != PH_DONE && !R.failed) {
				warnx_("desk %d: read: %s", d->id,
				    rc == MOSQ_ERR_ERRNO ? strerror(errno) :
				    mosquitto_strerror(rc));
				R.failed = true;
			}
			return;
		}
		if (ioctl(fd, FIONREAD, &avail) == -1 || avail <= 0)
			return;
	}
}

static void
phase_step(int64_t now)
{
	int i, ready = 0, busy = 0;

	switch (R.phase) {
	case PH_SETUP:
		for (i = 0; i < R.ndesks; i++)
			ready += R.desks[i].have_state;
		if (ready < R.ndesks) {
			if (now - R.start_ns > SETUP_TIMEOUT_NS) {
				warnx_("only %d of %d desks received their "
				    "retained state within %d s; is the "
				    "central running?", ready, R.ndesks,
				    (int)(SETUP_TIMEOUT_NS / NS_PER_S));
				R.failed = true;
			}
			return;
		}
		warnx_("%d desks ready; warm-up %.1f s", R.ndesks,
		    (double)R.warmup_ns / NS_PER_S);
		R.start_ns = now;
		R.phase = R.warmup_ns > 0 ? PH_WARMUP : PH_MEASURE;
		R.m_start = now;
		for (i = 0; i < R.ndesks; i++)
			R.desks[i].want_send = true;
		return;
	case PH_WARMUP:
		if (now - R.start_ns >= R.warmup_ns) {
			R.phase = PH_MEASURE;
			R.m_start = now;
		}
		return;
	case PH_MEASURE:
		if (R.duration_ns > 0 && now - R.m_start >= R.duration_ns) {
			R.phase = PH_DRAIN;
			R.m_end = now;
		}
		return;
	case PH_DRAIN:
		for (i = 0; i < R.ndesks; i++)
			busy += R.desks[i].pending;
		if (busy == 0)
			R.phase = PH_DONE;
		return;
	case PH_DONE:
		return;
	}
}

/* Milliseconds poll() may sleep: until the next timeout or phase end. */
static int
poll_timeout(int64_t now, int64_t next_misc)
{
	int64_t until = next_misc;
	int i;

	if (R.phase == PH_SETUP)
		until = now + 50 * NS_PER_MS;
	else if (R.phase == PH_WARMUP && R.start_ns + R.warmup_ns < until)
		until = R.start_ns + R.warmup_ns;
	else if (R.phase == PH_MEASURE && R.duration_ns > 0 &&
	    R.m_start + R.duration_ns < until)
		until = R.m_start + R.duration_ns;
	for (i = 0; i < R.ndesks; i++)
		if (R.desks[i].pending &&
		    R.desks[i].sent_ns + R.timeout_ns < until)
			until = R.desks[i].sent_ns + R.timeout_ns;
	if (until <= now)
		return 0;
	return (int)((until - now + NS_PER_MS - 1) / NS_PER_MS);
}

static void
loop(void)
{
	struct pollfd *pfd;
	int64_t now, next_misc;
	int i, rc;

	if ((pfd = calloc((size_t)R.ndesks, sizeof(*pfd))) == NULL)
		exit(1);
	next_misc = mono_ns() + MISC_EVERY_NS;
	while (R.phase != PH_DONE && !R.failed) {
		now = mono_ns();
		phase_step(now);
		if (R.phase == PH_DONE || R.failed)
			break;
		for (i = 0; i < R.ndesks; i++) {
			struct desk *d = &R.desks[i];

			if (d->pending && now - d->sent_ns > R.timeout_ns) {
				if (R.lost++ < 10)
					warnx_("desk %d: %s not acknowledged "
					    "within %" PRId64 " ms: lost",
					    d->id, d->pending_id,
					    R.timeout_ns / NS_PER_MS);
				memcpy(d->lost_id, d->pending_id,
				    sizeof(d->lost_id));
				d->pending = false;
				d->want_send = R.phase == PH_WARMUP ||
				    R.phase == PH_MEASURE;
			}
			if (d->want_send)
				desk_send(d, mono_ns());
		}
		if (now >= next_misc) {
			for (i = 0; i < R.ndesks; i++)
				mosquitto_loop_misc(R.desks[i].mosq);
			next_misc = now + MISC_EVERY_NS;
		}
		for (i = 0; i < R.ndesks; i++) {
			pfd[i].fd = mosquitto_socket(R.desks[i].mosq);
			pfd[i].events = POLLIN |
			    (mosquitto_want_write(R.desks[i].mosq) ?
			    POLLOUT : 0);
			pfd[i].revents = 0;
		}
		rc = poll(pfd, (nfds_t)R.ndesks, poll_timeout(mono_ns(),
		    next_misc));
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			warnx_("poll: %s", strerror(errno));
			R.failed = true;
			break;
		}
		for (i = 0; i < R.ndesks && rc > 0; i++) {
			struct desk *d = &R.desks[i];

			if (pfd[i].revents == 0)
				continue;
			rc--;
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				desk_read(d);
			if ((pfd[i].revents & POLLOUT) &&
			    mosquitto_loop_write(d->mosq, 1) !=
			    MOSQ_ERR_SUCCESS && !R.failed) {
				warnx_("desk %d: write failed", d->id);
				R.failed = true;
			}
		}
	}
	free(pfd);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Same rule as the Python benchmarks: the value at rank
 * round(p/100 * (n-1)) of the sorted list. */
static double
pct_ms(const int64_t *sorted, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);

	if (k >= n)
		k = n - 1;
	return (double)sorted[k] / NS_PER_MS;
}

static void
report(void)
{
	double secs = (double)(R.m_end - R.m_start) / NS_PER_S;
	size_t i, batches = 0;

	qsort(R.lat_ns, R.nlat, sizeof(*R.lat_ns), cmp_i64);
	/* The central publishes the states of one commit together, each
	 * stamped with the wall clock: acks with the same time_ms are (very
	 * nearly always) one commit. */
	qsort(R.state_ms, R.nlat, sizeof(*R.state_ms), cmp_i64);
	for (i = 0; i < R.nlat; i++)
		if (i == 0 || R.state_ms[i] != R.state_ms[i - 1])
			batches++;
	warnx_("%d desks, %lu commands sent (%lu recall), %lu acknowledged "
	    "(%lu refused), %lu lost, %lu late acknowledgements of lost ones",
	    R.ndesks, R.sent, R.recalls, R.acked, R.refused, R.lost, R.late);
	if (R.refused > 0)
		warnx_("first refusal: %s", R.first_refusal);
	warnx_("measured %lu operations in %.2f s", R.m_acked, secs);
	if (R.nlat == 0 || secs <= 0) {
		warnx_("nothing was acknowledged in the measured window");
		R.failed = true;
		return;
	}
	printf("BENCH engine_ops_per_s %.1f ops/s\n", (double)R.m_acked / secs);
	printf("BENCH engine_ack_p50_ms %.2f ms\n",
	    pct_ms(R.lat_ns, R.nlat, 50));
	printf("BENCH engine_ack_p99_ms %.2f ms\n",
	    pct_ms(R.lat_ns, R.nlat, 99));
	printf("BENCH engine_lost %lu ops\n", R.lost);
	printf("BENCH engine_cmds_per_commit_est %.1f cmds\n",
	    (double)R.nlat / (double)batches);
	warnx_("latency max %.2f ms", pct_ms(R.lat_ns, R.nlat, 100));
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	char runid[24];
	const char *ackpath = NULL;
	uint64_t seed;
	int ch, i;

	R.duration_ns = 20 * NS_PER_S;
	R.warmup_ns = 3 * NS_PER_S;
	R.timeout_ns = 5000 * NS_PER_MS;
	R.recall_pct = 5;
	while ((ch = getopt(argc, argv, "a:i:n:r:t:T:w:")) != -1) {
		switch (ch) {
		case 'a':
			ackpath = optarg;
			break;
		case 'i':
			R.runid = optarg;
			break;
		case 'n':
			R.count = (unsigned long)num_arg(optarg, 1, LONG_MAX,
			    "-n");
			R.duration_ns = 0;
			break;
		case 'r':
			R.recall_pct = (int)num_arg(optarg, 0, 100, "-r");
			break;
		case 't':
			R.duration_ns = num_arg(optarg, 1, 86400, "-t") *
			    NS_PER_S;
			R.count = 0;
			break;
		case 'T':
			R.timeout_ns = num_arg(optarg, 1, 3600000, "-T") *
			    NS_PER_MS;
			break;
		case 'w':
			R.warmup_ns = num_arg(optarg, 0, 3600, "-w") *
			    NS_PER_S;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 5)
		usage();
	R.host = argv[0];
	R.port = (int)num_arg(argv[1], 1, 65535, "port");
	R.prefix = argv[2];
	R.creddir = argv[3];
	parse_desks(argv[4]);

	seed = (uint64_t)mono_ns() ^ ((uint64_t)getpid() << 32);
	if (R.runid == NULL) {
		snprintf(runid, sizeof(runid), "%08" PRIx32,
		    (uint32_t)(rng_next(&seed) >> 16));
		R.runid = runid;
	}
	if (strlen(R.runid) > 16) {
		warnx_("-i: at most 16 characters (ids are at most 47 bytes)");
		return 2;
	}
	if (ackpath != NULL && (R.ackf = fopen(ackpath, "w")) == NULL) {
		warnx_("%s: %s", ackpath, strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	mosquitto_lib_init();
	R.start_ns = mono_ns();
	for (i = 0; i < R.ndesks; i++)
		if (desk_open(&R.desks[i], seed) == -1)
			R.failed = true;
	if (!R.failed) {
		warnx_("run %s: %d desks on %s:%d under %s", R.runid, R.ndesks,
		    R.host, R.port, R.prefix);
		loop();
	}
	R.phase = PH_DONE;
	for (i = 0; i < R.ndesks; i++) {
		if (R.desks[i].mosq == NULL)
			continue;
		mosquitto_disconnect(R.desks[i].mosq);
		mosquitto_loop_write(R.desks[i].mosq, 1);
		mosquitto_destroy(R.desks[i].mosq);
	}
	mosquitto_lib_cleanup();
	if (!R.failed)
		report();
	if (R.ackf != NULL && fclose(R.ackf) == EOF) {
		warnx_("%s: %s", ackpath, strerror(errno));
		R.failed = true;
	}
	free(R.lat_ns);
	free(R.state_ms);
	free(R.desks);
	return R.failed ? 1 : 0;
}
