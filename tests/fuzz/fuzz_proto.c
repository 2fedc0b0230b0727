/*
 * fuzz_proto.c - every protocol decoder (the office's too), and the desk
 * topic parser, on arbitrary bytes.
 *
 * A decoder must refuse with a reason or accept; what it accepts must
 * encode, decode again to the same message, and encode again to the same
 * bytes. Anything else aborts, which is how libFuzzer and the replay
 * runner (replay.c) notice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "proto-admin.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TOPIC_PREFIX	"antre/hall1"

static void __attribute__((noreturn))
fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_proto: %s: %s\n", what, detail);
	abort();
}

static void
check_reason(const char *what, int rc, const char *err, size_t errlen)
{
	if (rc == 0)
		return;
	if (rc != -1)
		fuzz_die(what, "decoder returned neither 0 nor -1");
	if (memchr(err, '\0', errlen) == NULL)
		fuzz_die(what, "reason not NUL-terminated");
	if (err[0] == '\0')
		fuzz_die(what, "refused without a reason");
}

static bool
ticket_eq(const struct ticket *a, const struct ticket *b)
{
	return a->service == b->service && a->number == b->number &&
	    a->priority == b->priority;
}

static bool
cmd_eq(const struct proto_cmd *a, const struct proto_cmd *b)
{
	return a->op == b->op && strcmp(a->id, b->id) == 0 &&
	    a->service == b->service && a->value == b->value &&
	    ticket_eq(&a->ticket, &b->ticket) &&
	    a->deadline_ms == b->deadline_ms;
}

static bool
take_eq(const struct proto_take *a, const struct proto_take *b)
{
	return strcmp(a->id, b->id) == 0 && a->service == b->service &&
	    a->priority == b->priority;
}

static bool
kticket_eq(const struct proto_ticket *a, const struct proto_ticket *b)
{
	return strcmp(a->id, b->id) == 0 && a->result == b->result &&
	    strcmp(a->reason, b->reason) == 0 &&
	    ticket_eq(&a->ticket, &b->ticket) &&
	    strcmp(a->service_name, b->service_name) == 0 &&
	    a->waiting == b->waiting && strcmp(a->day, b->day) == 0 &&
	    a->time_ms == b->time_ms;
}

static bool
state_eq(const struct proto_desk_state *a, const struct proto_desk_state *b)
{
	return a->desk == b->desk && a->status == b->status &&
	    ticket_eq(&a->ticket, &b->ticket) &&
	    strcmp(a->last_id, b->last_id) == 0 && a->result == b->result &&
	    strcmp(a->reason, b->reason) == 0 && a->waiting == b->waiting &&
	    a->time_ms == b->time_ms;
}

static bool
online_eq(const struct proto_online *a, const struct proto_online *b)
{
	return a->online == b->online && strcmp(a->boot, b->boot) == 0;
}

static bool
call_eq(const struct board_call *a, const struct board_call *b)
{
	return ticket_eq(&a->ticket, &b->ticket) && a->desk == b->desk &&
	    strcmp(a->desk_name, b->desk_name) == 0 &&
	    a->recall == b->recall && a->time_ms == b->time_ms;
}

static bool
board_eq(const struct board *a, const struct board *b)
{
	int i;

	if (a->time_ms != b->time_ms || strcmp(a->day, b->day) != 0 ||
	    a->ndesks != b->ndesks || a->ncalls != b->ncalls ||
	    a->nwaiting != b->nwaiting || strcmp(a->fault, b->fault) != 0)
		return false;
	for (i = 0; i < a->ndesks; i++) {
		if (a->desks[i].id != b->desks[i].id ||
		    strcmp(a->desks[i].name, b->desks[i].name) != 0 ||
		    a->desks[i].status != b->desks[i].status ||
		    !ticket_eq(&a->desks[i].ticket, &b->desks[i].ticket))
			return false;
	}
	for (i = 0; i < a->ncalls; i++)
		if (!call_eq(&a->calls[i], &b->calls[i]))
			return false;
	for (i = 0; i < a->nwaiting; i++) {
		if (a->waiting[i].service != b->waiting[i].service ||
		    strcmp(a->waiting[i].name, b->waiting[i].name) != 0 ||
		    a->waiting[i].count != b->waiting[i].count ||
		    a->waiting[i].state != b->waiting[i].state)
			return false;
	}
	return true;
}

static bool
kstatus_eq(const struct proto_kiosk_status *a,
    const struct proto_kiosk_status *b)
{
	return a->online == b->online && a->printer == b->printer &&
	    a->pending == b->pending;
}

static bool
pcall_eq(const struct proto_call *a, const struct proto_call *b)
{
	return a->seq == b->seq && call_eq(&a->call, &b->call);
}

/* The office's decoders clear their struct first and copy strings with
 * their NUL: equal messages are equal bytes. */
static bool
admin_cmd_eq(const struct admin_cmd *a, const struct admin_cmd *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static bool
admin_ack_eq(const struct admin_ack *a, const struct admin_ack *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static bool
settings_eq(const struct settings *a, const struct settings *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/*
 * One decoder: decode, and for an accepted payload encode, decode, compare,
 * encode again and compare the bytes. T is the message type.
 */
#define FUZZ_ONE(name, T, dec, enc, eq) do {				\
	T a, b;								\
	char err[PROTO_REASON_MAX], *s1, *s2;				\
	int rc;								\
									\
	rc = dec(data, size, &a, err, sizeof(err));			\
	check_reason(name, rc, err, sizeof(err));			\
	if (rc != 0)							\
		break;							\
	if ((s1 = enc(&a)) == NULL)					\
		fuzz_die(name, "accepted but cannot encode");		\
	if (dec(s1, strlen(s1), &b, err, sizeof(err)) != 0)		\
		fuzz_die(name, err);					\
	if (!eq(&a, &b))						\
		fuzz_die(name, s1);					\
	if ((s2 = enc(&b)) == NULL)					\
		fuzz_die(name, "re-decoded but cannot encode");		\
	if (strcmp(s1, s2) != 0)					\
		fuzz_die(name, s2);					\
	free(s2);							\
	free(s1);							\
} while (0)

static void
fuzz_topic(const uint8_t *data, size_t size)
{
	char topic[256], again[256];
	const char *leaf;
	int id, rc;

	if (size >= sizeof(topic))
		return;
	memcpy(topic, data, size);
	topic[size] = '\0';
	if ((id = topic_parse_kiosk(topic, TOPIC_PREFIX, &leaf)) != -1) {
		if (id < 1 || id > KIOSK_ID_MAX)
			fuzz_die("topic", "kiosk id out of range");
		rc = strcmp(leaf, "take") == 0 ?
		    topic_kiosk_take(again, sizeof(again), TOPIC_PREFIX, id) :
		    topic_kiosk_ticket(again, sizeof(again), TOPIC_PREFIX, id);
		if (rc != 0 || strcmp(topic, again) != 0)
			fuzz_die("topic", topic);
		return;
	}
	if ((id = topic_parse_desk(topic, TOPIC_PREFIX, &leaf)) == -1)
		return;
	if (id < 1 || id > DESK_ID_MAX)
		fuzz_die("topic", "id out of range");
	if (strcmp(leaf, "cmd") == 0)
		rc = topic_desk_cmd(again, sizeof(again), TOPIC_PREFIX, id);
	else if (strcmp(leaf, "state") == 0)
		rc = topic_desk_state(again, sizeof(again), TOPIC_PREFIX, id);
	else if (strcmp(leaf, "online") == 0)
		rc = topic_desk_online(again, sizeof(again), TOPIC_PREFIX, id);
	else
		fuzz_die("topic", "unknown leaf");
	if (rc != 0 || strcmp(topic, again) != 0)
		fuzz_die("topic", topic);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_ONE("cmd", struct proto_cmd, proto_cmd_decode,
	    proto_cmd_encode, cmd_eq);
	FUZZ_ONE("desk state", struct proto_desk_state,
	    proto_desk_state_decode, proto_desk_state_encode, state_eq);
	FUZZ_ONE("online", struct proto_online, proto_online_decode,
	    proto_online_encode, online_eq);
	FUZZ_ONE("board", struct board, proto_board_decode,
	    proto_board_encode, board_eq);
	FUZZ_ONE("call", struct proto_call, proto_call_decode,
	    proto_call_encode, pcall_eq);
	FUZZ_ONE("take", struct proto_take, proto_take_decode,
	    proto_take_encode, take_eq);
	FUZZ_ONE("ticket", struct proto_ticket, proto_ticket_decode,
	    proto_ticket_encode, kticket_eq);
	FUZZ_ONE("kiosk status", struct proto_kiosk_status,
	    proto_kiosk_status_decode, proto_kiosk_status_encode, kstatus_eq);
	FUZZ_ONE("admin cmd", struct admin_cmd, admin_cmd_decode,
	    admin_cmd_encode, admin_cmd_eq);
	FUZZ_ONE("admin ack", struct admin_ack, admin_ack_decode,
	    admin_ack_encode, admin_ack_eq);
	FUZZ_ONE("settings", struct settings, settings_decode,
	    settings_encode, settings_eq);
	fuzz_topic(data, size);
	return 0;
}
