/*
 * topic.c - the MQTT topic names of the protocol: built under a hall's
 * prefix, and parsed back into a desk or kiosk id.
 */
#include "topic.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"
#include "proto-admin.h"

/* A prefix we can publish under: no wildcards, no empty level at the
 * end or start. */
static bool
prefix_ok(const char *prefix)
{
	size_t n;

	if (prefix == NULL || (n = strlen(prefix)) == 0)
		return false;
	if (prefix[0] == '/' || prefix[n - 1] == '/')
		return false;
	return strpbrk(prefix, "+#") == NULL;
}

/* An empty buffer, so a caller that ignores the -1 has no half-built
 * topic to publish to. */
static int
topic_refuse(char *buf, size_t len)
{
	if (buf != NULL && len > 0)
		buf[0] = '\0';
	return -1;
}

static int __attribute__((format(printf, 3, 4)))
topic_print(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (buf == NULL || len == 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return topic_refuse(buf, len);
	return 0;
}

static int
topic_box(char *buf, size_t len, const char *prefix, const char *kind,
    int max, int id, const char *leaf)
{
	if (!prefix_ok(prefix) || id < 1 || id > max)
		return topic_refuse(buf, len);
	return topic_print(buf, len, "%s/%s/%d/%s", prefix, kind, id, leaf);
}

/* "<prefix>/<kind>/+/<leaf>": one subscription for that leaf of every
 * desk or kiosk, whether or not the configuration knows its id. */
static int
topic_box_any(char *buf, size_t len, const char *prefix, const char *kind,
    const char *leaf)
{
	if (!prefix_ok(prefix))
		return topic_refuse(buf, len);
	return topic_print(buf, len, "%s/%s/+/%s", prefix, kind, leaf);
}

static int
topic_desk(char *buf, size_t len, const char *prefix, int desk,
    const char *leaf)
{
	return topic_box(buf, len, prefix, "desk", DESK_ID_MAX, desk, leaf);
}

int
topic_desk_cmd(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "cmd");
}

int
topic_desk_state(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "state");
}

int
topic_desk_online(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "online");
}

int
topic_desk_cmd_any(char *buf, size_t len, const char *prefix)
{
	return topic_box_any(buf, len, prefix, "desk", "cmd");
}

int
topic_desk_online_any(char *buf, size_t len, const char *prefix)
{
	return topic_box_any(buf, len, prefix, "desk", "online");
}

static int
topic_hall(char *buf, size_t len, const char *prefix, const char *leaf)
{
	if (!prefix_ok(prefix))
		return topic_refuse(buf, len);
	return topic_print(buf, len, "%s/%s", prefix, leaf);
}

int
topic_board(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "board");
}

int
topic_board_zone(char *buf, size_t len, const char *prefix, const char *zone)
{
	size_t i, n = strlen(zone);

	if (n == 0)
		return topic_board(buf, len, prefix);
	for (i = 0; i < n; i++)
		if (!proto_zone_char(zone[i]))
			return topic_refuse(buf, len);
	if (!prefix_ok(prefix) || n >= PROTO_ZONE_MAX)
		return topic_refuse(buf, len);
	return topic_print(buf, len, "%s/board/%s", prefix, zone);
}

int
topic_call(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "call");
}

int
topic_central_online(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "central/online");
}

int
topic_central_head(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "central/head");
}

/* The office's: antre-web's commands, the central's answers and the
 * settings it runs with (proto-admin.h). */
int
topic_admin_cmd(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "admin/cmd");
}

int
topic_admin_ack(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "admin/ack");
}

int
topic_settings(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "settings");
}

int
topic_kiosk_take(char *buf, size_t len, const char *prefix, int kiosk)
{
	return topic_box(buf, len, prefix, "kiosk", KIOSK_ID_MAX, kiosk,
	    "take");
}

int
topic_kiosk_ticket(char *buf, size_t len, const char *prefix, int kiosk)
{
	return topic_box(buf, len, prefix, "kiosk", KIOSK_ID_MAX, kiosk,
	    "ticket");
}

int
topic_kiosk_status(char *buf, size_t len, const char *prefix, int kiosk)
{
	return topic_box(buf, len, prefix, "kiosk", KIOSK_ID_MAX, kiosk,
	    "status");
}

int
topic_kiosk_take_any(char *buf, size_t len, const char *prefix)
{
	return topic_box_any(buf, len, prefix, "kiosk", "take");
}

int
topic_kiosk_status_any(char *buf, size_t len, const char *prefix)
{
	return topic_box_any(buf, len, prefix, "kiosk", "status");
}

/* "<prefix>/<kind>/<id>/<leaf>" with id in 1..max and leaf in leaves. */
static int
topic_parse_box(const char *topic, const char *prefix, const char *kind,
    int max, const char *const *leaves, size_t nleaves, const char **leaf)
{
	const char *p;
	size_t n, k, i;
	int id = 0;

	if (topic == NULL || !prefix_ok(prefix))
		return -1;
	n = strlen(prefix);
	k = strlen(kind);
	if (strncmp(topic, prefix, n) != 0 || topic[n] != '/' ||
	    strncmp(topic + n + 1, kind, k) != 0 || topic[n + 1 + k] != '/')
		return -1;
	p = topic + n + k + 2;
	/* Only the canonical spelling: no sign, no leading zero. */
	if (*p < '1' || *p > '9')
		return -1;
	for (i = 0; *p >= '0' && *p <= '9'; p++, i++) {
		if (i == 3)
			return -1;
		id = id * 10 + (*p - '0');
	}
	if (*p++ != '/' || id > max)
		return -1;
	for (i = 0; i < nleaves; i++) {
		if (strcmp(p, leaves[i]) == 0) {
			if (leaf != NULL)
				*leaf = p;
			return id;
		}
	}
	return -1;
}

int
topic_parse_desk(const char *topic, const char *prefix, const char **leaf)
{
	static const char *const leaves[] = { "cmd", "state", "online" };

	return topic_parse_box(topic, prefix, "desk", DESK_ID_MAX, leaves, 3,
	    leaf);
}

int
topic_parse_kiosk(const char *topic, const char *prefix, const char **leaf)
{
	static const char *const leaves[] = { "take", "ticket", "status" };

	return topic_parse_box(topic, prefix, "kiosk", KIOSK_ID_MAX, leaves, 3,
	    leaf);
}
