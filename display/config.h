/*
 * config.h - antre-display's configuration: one struct, filled from one
 * INI file and validated in one place (config_load).
 */
#ifndef ANTRE_DISPLAY_CONFIG_H
#define ANTRE_DISPLAY_CONFIG_H

#include "announce.h"
#include "ratelimit.h"
#include "mqtt.h"
#include "output.h"
#include "queue.h"
#include "render.h"
#include "zone.h"

enum role {
	ROLE_CENTRAL,	/* owns the queue and the database */
	ROLE_SCREEN,	/* extra screen: renders the retained board only */
};

struct conf {
	const char		*path;
	enum role		 role;
	char			 hall[32];
	char			 prefix[96];
	char			 db_path[256];
	int			 db_max_mb;	/* 0: no cap */
	struct mqtt_conf	 mqtt;
	int			 max_packet;	/* the broker's max_packet_size */
	struct output_conf	 output;
	struct render_conf	 render;
	struct queue_conf	 queue;
	struct voice_conf	 voice;		/* [voice] output = none: off */
	struct limits_conf	 limits;	/* [limits]: per box */
	struct zones		 zones;		/* [zone X] sections */
	char			 zone[PROTO_ZONE_MAX];	/* [board] zone: the
						 * zone this box shows,
						 * "" = the whole hall */
};

/* Loads and validates path into c. 0, or -1 after logging every error
 * with file and line. */
int	config_load(const char *path, struct conf *c);
/* With CONFIG_NO_SECRETS the password file is not read: for tools that
 * only need the services and the database (antre-report on a laptop
 * with a copied log). */
#define CONFIG_NO_SECRETS	0x01
/* With CONFIG_NO_GLYPHS the fonts are not asked whether they draw the
 * names and titles: for antre-web, whose browsers draw them with their
 * own fonts (the central's own load asks). */
#define CONFIG_NO_GLYPHS	0x02
int	config_load_flags(const char *path, struct conf *c, int flags);
/* The size of the MQTT packet of the largest board c can make: its desks
 * and services with their names, the calls it keeps, the longest values
 * every other field can take. */
size_t	config_board_packet(const struct conf *c);

#endif
