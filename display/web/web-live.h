/*
 * web-live.h - the live pages (web-live.c): "Hari ini" for the office
 * (login) and the read-only "papan" for anyone on the hall's network,
 * both kept current by event streams fed from what the central
 * publishes (web-central.c calls web_live_changed()).
 */
#ifndef ANTRE_WEB_LIVE_H
#define ANTRE_WEB_LIVE_H

#include <stdint.h>

#include "web-page.h"

/* "/", "/peristiwa" (the office's stream), "/papan", "/papan/peristiwa".
 * 0: not one of these; 1: out filled. */
int	web_live_route(const struct web_req *r, struct web_reply *out);

/* The hall changed (a board, a desk state, a call, presence): pushes
 * the new state to the streams that have listeners, nothing otherwise. */
void	web_live_changed(const struct web_site *s);

/* What is due at now_ms (monotonic): a read of the log put off to
 * keep to one a second, the minutes of the waits shown. ms until it
 * wants to be called again, -1: only after a change (web-central.c
 * calls it from web_central_tick). */
int	web_live_tick(const struct web_site *s, int64_t now_ms);

#endif
