/*
 * web-conf.h - antre-web's configuration (web-conf.c), one INI file:
 * [web] where it listens, who may connect, where the central's
 * configuration and the users are; [tls] the certificate when the pages
 * are served over HTTPS; [mqtt] its own broker credential. See
 * antre-web(8) and the annotated display/web/antre-web.conf.
 */
#ifndef ANTRE_WEB_CONF_H
#define ANTRE_WEB_CONF_H

#include <stdbool.h>

#include "mqtt.h"
#include "net.h"

struct web_conf {
	const char	*path;
	char		 listen[64];	/* an address; "": every address */
	int		 port;
	char		 central[256];	/* antre-display.conf (services,
					 * prefix, the log's path) */
	char		 users[256];	/* the users file */
	char		 tmpdir[256];	/* PDFs and exports on their way */
	int		 session_s;	/* a session's whole life */
	int		 idle_s;	/* unused this long, it ends */
	bool		 allow_any;	/* allow = any */
	int		 nallow;	/* allow = CIDR ...: added to the LAN */
	struct net_cidr	 allow[NET_CIDR_MAX];
	char		 cert[256];	/* [tls]: PEM; both set: HTTPS only */
	char		 key[256];
	int		 max_conns;	/* connections at once */
	struct mqtt_conf mqtt;		/* [mqtt], user "web" */
};

/* Loads and checks path into wc. 0, or -1 after logging every error with
 * file and line. The [mqtt] password file is read only when secrets. */
int	web_conf_load(const char *path, struct web_conf *wc, bool secrets);

#endif
