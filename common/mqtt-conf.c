/*
 * mqtt-conf.c - the [mqtt] section every program's configuration has
 * (mqtt.h): read with the configuration, without the MQTT library.
 */
#include "mqtt.h"

#include <string.h>

#include "conf.h"

void
mqtt_conf_defaults(struct mqtt_conf *mc)
{
	memset(mc, 0, sizeof(*mc));
	strcpy(mc->host, "127.0.0.1");
	mc->port = 1883;
	mc->keepalive = 30;
}

int
mqtt_conf_key(struct conf_ctx *ctx, struct mqtt_conf *mc, const char *key,
    const char *value)
{
	if (strcmp(key, "host") == 0)
		return conf_str(ctx, key, value, mc->host, sizeof(mc->host));
	if (strcmp(key, "port") == 0)
		return conf_int(ctx, key, value, 1, 65535, &mc->port);
	if (strcmp(key, "username") == 0)
		return conf_str(ctx, key, value, mc->username,
		    sizeof(mc->username));
	if (strcmp(key, "password") == 0)
		return conf_str(ctx, key, value, mc->password,
		    sizeof(mc->password));
	if (strcmp(key, "password_file") == 0) {
		mc->conf_path = ctx->path;
		mc->password_file_line = ctx->line;
		return conf_str(ctx, key, value, mc->password_file,
		    sizeof(mc->password_file));
	}
	if (strcmp(key, "keepalive") == 0)
		return conf_int(ctx, key, value, 5, 600, &mc->keepalive);
	if (strcmp(key, "cafile") == 0)
		return conf_str(ctx, key, value, mc->cafile,
		    sizeof(mc->cafile));
	if (strcmp(key, "certfile") == 0)
		return conf_str(ctx, key, value, mc->certfile,
		    sizeof(mc->certfile));
	if (strcmp(key, "keyfile") == 0)
		return conf_str(ctx, key, value, mc->keyfile,
		    sizeof(mc->keyfile));
	conf_unknown_key(ctx, "mqtt", key);
	return -1;
}

int
mqtt_conf_finish(struct mqtt_conf *mc)
{
	struct conf_ctx ctx = { .path = mc->conf_path,
	    .line = mc->password_file_line };

	if (mc->password[0] != '\0' || mc->password_file[0] == '\0')
		return 0;
	return conf_read_secret(mc->conf_path != NULL ? &ctx : NULL,
	    "password_file", mc->password_file, mc->password,
	    sizeof(mc->password));
}
