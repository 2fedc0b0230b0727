/*
 * topic.h - the MQTT topic names of the protocol (topic.c); proto.h
 * includes it.
 */
#ifndef ANTRE_TOPIC_H
#define ANTRE_TOPIC_H

#include <stddef.h>

/*
 * prefix is e.g. "antre/hall1" (no trailing slash, no wildcard). Each
 * writes a NUL-terminated topic into buf and returns 0, or -1 with buf
 * left empty if it does not fit, the prefix is refused or the id is out
 * of range.
 */
int	topic_desk_cmd(char *buf, size_t len, const char *prefix, int desk);
int	topic_desk_state(char *buf, size_t len, const char *prefix, int desk);
int	topic_desk_online(char *buf, size_t len, const char *prefix, int desk);
int	topic_board(char *buf, size_t len, const char *prefix);
/* ".../board/<zone>", the board of one zone; zone "" gives topic_board. */
int	topic_board_zone(char *buf, size_t len, const char *prefix,
	    const char *zone);
int	topic_call(char *buf, size_t len, const char *prefix);
int	topic_central_online(char *buf, size_t len, const char *prefix);
int	topic_central_head(char *buf, size_t len, const char *prefix);
int	topic_kiosk_take(char *buf, size_t len, const char *prefix, int kiosk);
int	topic_kiosk_ticket(char *buf, size_t len, const char *prefix,
	    int kiosk);
/* ".../kiosk/<id>/status": the kiosk's printer, retained, and its will. */
int	topic_kiosk_status(char *buf, size_t len, const char *prefix,
	    int kiosk);

/* The central's subscriptions: the same topics with "+" for the id, so
 * one filter hears every desk or kiosk. Filters only, never published
 * to; topic_parse_desk() and topic_parse_kiosk() read what they match. */
int	topic_desk_cmd_any(char *buf, size_t len, const char *prefix);
int	topic_desk_online_any(char *buf, size_t len, const char *prefix);
int	topic_kiosk_take_any(char *buf, size_t len, const char *prefix);
int	topic_kiosk_status_any(char *buf, size_t len, const char *prefix);

/* Splits ".../desk/<id>/<leaf>" under prefix: returns the desk id and
 * points *leaf at "cmd", "state" or "online"; -1 for any other topic or
 * an id outside 1..DESK_ID_MAX. */
int	topic_parse_desk(const char *topic, const char *prefix,
	    const char **leaf);
/* The same for ".../kiosk/<id>/take", "ticket" and "status", ids
 * 1..KIOSK_ID_MAX. */
int	topic_parse_kiosk(const char *topic, const char *prefix,
	    const char **leaf);

#endif /* ANTRE_TOPIC_H */
