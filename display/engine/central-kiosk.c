/*
 * central-kiosk.c - the central's side of the kiosks besides their takes:
 * the kind of a refused take, for the kiosk's LED, and each kiosk's
 * printer as its retained status says, on the board's warning strip.
 */
#include "central-int.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* What the hall's staff read on the warning strip about kiosk id; false
 * when all is well. */
static bool
kiosk_text(const struct kiosk_box *k, int id, char *buf, size_t len)
{
	if (!k->status_known)
		return false;
	if (!k->online) {
		/* Its will: the kiosk itself is gone, printer and all. */
		snprintf(buf, len, "Kios %d tidak aktif", id);
		return true;
	}
	switch (k->printer) {
	case PRINTER_PAPER_LOW:
		snprintf(buf, len, "Kertas tiket hampir habis (kios %d)", id);
		return true;
	case PRINTER_PAPER_OUT:
		snprintf(buf, len, "Kertas tiket habis (kios %d)", id);
		return true;
	case PRINTER_COVER_OPEN:
		snprintf(buf, len, "Tutup printer kios %d terbuka", id);
		return true;
	case PRINTER_OFFLINE:
		snprintf(buf, len, "Printer kios %d mati", id);
		return true;
	case PRINTER_ERROR:
		snprintf(buf, len, "Printer kios %d bermasalah", id);
		return true;
	default:
		return false;
	}
}

void
central_take_code(struct central *c, const struct proto_take *take,
    int64_t now, char *code, size_t len)
{
	int si = queue_service_index(&c->q, take->service);
	const char *kind = "full";

	if (si < 0)
		kind = "unknown";
	else if (c->conf->queue.services[si].source != SOURCE_KIOSK)
		kind = "roll";
	else {
		switch (queue_service_state(&c->q, take->service, now)) {
		case WAITING_QUOTA:
			kind = "quota";
			break;
		case WAITING_CLOSED:
			kind = "closed";
			break;
		default:
			break;
		}
	}
	snprintf(code, len, "%s", kind);
}

/* The strip's text for the kiosks with a problem, lowest number first,
 * as much as fits. */
static void
kiosk_fault_build(struct central *c)
{
	char one[PROTO_FAULT_MAX];
	size_t n = 0, m;
	int i;

	c->kiosk_fault[0] = '\0';
	for (i = 1; i <= KIOSK_ID_MAX; i++) {
		if (!kiosk_text(&c->kiosks[i], i, one, sizeof(one)))
			continue;
		m = strlen(one) + (n > 0 ? strlen(" · ") : 0);
		if (n + m >= sizeof(c->kiosk_fault))
			break;
		n += snprintf(c->kiosk_fault + n, sizeof(c->kiosk_fault) - n,
		    "%s%s", n > 0 ? " · " : "", one);
	}
}

void
central_kiosk_status(struct central *c, int kiosk, const char *topic,
    const void *payload, size_t len)
{
	struct proto_kiosk_status st;
	struct kiosk_box *k = &c->kiosks[kiosk];
	char err[128];

	if (len == 0) {
		/* The retained status cleared: the kiosk was taken out. */
		if (k->status_known)
			log_info("kiosk %d: status cleared", kiosk);
		k->status_known = false;
	} else if (proto_kiosk_status_decode(payload, len, &st, err,
	    sizeof(err)) == -1) {
		log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
		    "%s: bad kiosk status dropped: %s", topic, err);
		return;
	} else {
		if (!k->status_known || k->online != st.online ||
		    k->printer != st.printer)
			log_info("kiosk %d: %s, printer %s, %d ticket(s) not "
			    "yet printed", kiosk, st.online ? "online" :
			    "offline", proto_printer_name(st.printer),
			    st.pending);
		k->status_known = true;
		k->online = st.online;
		k->printer = st.printer;
		k->pending = st.pending;
	}
	kiosk_fault_build(c);
	c->board_dirty = true;
}

/* A service's state changes with the clock too (last_take): the board
 * is built again when one did. */
void
central_check_services(struct central *c, int64_t now)
{
	const struct queue_conf *qc = &c->conf->queue;
	enum waiting_state w;
	int i;

	for (i = 0; i < qc->nservices; i++) {
		w = queue_service_state(&c->q, qc->services[i].letter, now);
		if (w != c->service_state[i]) {
			c->service_state[i] = w;
			c->board_dirty = true;
		}
	}
}
