/*
 * central-int.h - inside the central: its checks per box (central-box.c)
 * and its service day (central-day.c) beside the command path in
 * central.c.
 */
#ifndef ANTRE_CENTRAL_INT_H
#define ANTRE_CENTRAL_INT_H

#include "central.h"

#define FAULT_STORAGE	"Penyimpanan bermasalah"
#define NOTICE_REPLAY	"Log antrean tidak terbaca utuh: %d kejadian dilewati"

/* The command path's pieces the service day (central-day.c) uses too:
 * the engine loaded from the day's log (-1 if it could not be read),
 * the board's warning, events logged in the open transaction. */
int	central_load(struct central *c, const char *day_arg);
void	central_set_fault(struct central *c, const char *fault);
int	central_log(struct central *c, const struct event *evs, int nev);
/* The open transaction failed: its answers refused, memory reloaded. */
void	central_tx_failed(struct central *c);
/* Commits the open transaction (none: 0): its answers stand. -1 if it
 * failed, after central_tx_failed(). */
int	central_commit(struct central *c);
/* What a desk is told about a command (in_tx: answered in the open
 * transaction, so it stands or falls with it). */
void	desk_answer(struct desk_ack *a, const char *id, enum proto_result r,
	    const char *reason, bool in_tx);

struct log_limit *central_limiter(struct central *c, enum central_log kind);
/* A second connection of desk: logged, noted on the board. */
void	central_second(struct central *c, int desk, const char *what,
	    const char *boot);
/* Whether a refusal of box is recorded (refusals_per_min). */
bool	central_record_refusal(struct central *c, struct refusals *r,
	    const char *box);
/* The central's own checks before the engine; RESULT_OK if they pass,
 * else the reason. */
enum proto_result central_command_check(struct central *c, int di,
	    int desk, const struct proto_cmd *cmd, int64_t now, char *reason,
	    size_t len);
enum proto_result central_take_check(struct central *c, int kiosk,
	    char *reason, size_t len);
void	central_presence(struct central *c, int desk,
	    const struct proto_online *on);
void	central_board_fault(struct central *c, char *buf, size_t len);
/* A message on a desk's cmd (kiosk 0) or a kiosk's take topic (desk 0):
 * true if it is to be dropped, the box flooding the central. */
bool	central_flood(struct central *c, int desk, int kiosk);
/* Subscribes to every box's topic not muted (at each connection). */
void	central_subscribe_boxes(struct central *c);
/* Listens again to boxes whose mute ended; every loop iteration. */
void	central_unmute(struct central *c);
/* A ticket's answer was acknowledged by the broker. */
void	central_published(struct central *c, int mid);

/* central-kiosk.c: a refused take's kind ("quota", "closed", "roll",
 * ...) into code; a kiosk's retained status (len 0: cleared) onto the
 * board; a service's state changed by the clock (last_take). */
void	central_take_code(struct central *c, const struct proto_take *take,
	    int64_t now, char *code, size_t len);
void	central_kiosk_status(struct central *c, int kiosk, const char *topic,
	    const void *payload, size_t len);
void	central_check_services(struct central *c, int64_t now);

/* central-admin.c: an admin command received on P/admin/cmd; the
 * answers and the settings published after the commit; at start, the
 * log's changes settings.conf lacks applied over it (0, or -1 if the log
 * cannot be read). */
int	central_admin_start(struct central *c);
void	central_admin(struct central *c, const char *topic,
	    const void *payload, size_t len, bool retained);
void	central_admin_publish(struct central *c);

#endif
