/*
 * web-settings.h - the settings pages (web-settings.c): services, which
 * desk serves what, the running text, the voice's quiet hours and the
 * web users' passwords, each change sent to the central and its answer
 * shown.
 */
#ifndef ANTRE_WEB_SETTINGS_H
#define ANTRE_WEB_SETTINGS_H

#include "web-page.h"

/* "/pengaturan" and "/pengaturan/...". The server has checked that the
 * user is an admin and, for a POST, the CSRF token. 0: not one of
 * these; 1: out filled. */
int	web_settings_route(const struct web_req *r, struct web_reply *out);

#endif
