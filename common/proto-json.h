/*
 * proto-json.h - the JSON pieces of the payload codec (proto-decode.c,
 * proto-encode.c) for another codec of the protocol in its own file
 * (proto-admin.c): the same payload rules, the same reasons.
 */
#ifndef ANTRE_PROTO_JSON_H
#define ANTRE_PROTO_JSON_H

#include <jansson.h>

#include "proto-int.h"

/* proto-decode.c. */

/* The payload parsed: one object (no duplicate keys, no trailing bytes,
 * at most the codec's size) with "v" 1; NULL with the reason in c. */
json_t	*proto_json_open(struct chk *c, const void *buf, size_t len);
/* Member key of o with JSON type type ("a string": want), or NULL. */
json_t	*proto_json_get(struct chk *c, json_t *o, const char *key,
	    json_type type, const char *want);
int	 proto_json_int(struct chk *c, json_t *o, const char *key,
	    long long min, long long max, long long *out);
/* A string without NUL bytes, not copied. */
int	 proto_json_str(struct chk *c, json_t *o, const char *key,
	    const char **s, size_t *n);
int	 proto_json_id(struct chk *c, json_t *o, const char *key,
	    char dst[PROTO_ID_MAX], bool empty_ok);
int	 proto_json_text(struct chk *c, json_t *o, const char *key,
	    char *dst, size_t size);
int	 proto_json_result(struct chk *c, json_t *o, const char *key,
	    enum proto_result *r);
/* An array of at most max entries, or NULL. */
json_t	*proto_json_array(struct chk *c, json_t *o, const char *key,
	    size_t max);
const char *proto_json_kind(const json_t *j);
/* A peer's bytes made safe to quote in a reason (20 at most). */
const char *proto_json_quote(const char *s, size_t n, char *buf,
	    size_t len);
#define PROTO_JSON_QUOTE	24	/* a buffer for proto_json_quote() */

/* proto-encode.c. */

/* A fresh object with "v" first. */
json_t	*proto_json_payload(void);
/* key: value into o, the reference to value taken; -1 on failure. */
int	 proto_json_put(json_t *o, const char *key, json_t *value);
json_t	*proto_json_new_id(struct chk *c, const char *key, const char *id,
	    bool empty_ok);
json_t	*proto_json_new_text(struct chk *c, const char *key, const char *s,
	    size_t size);
json_t	*proto_json_new_int(struct chk *c, const char *key, long long v,
	    long long min, long long max);
/* root printed compact (taken), or NULL with the reason logged. */
char	*proto_json_dump(json_t *root, const char *what, struct chk *c);

#endif /* ANTRE_PROTO_JSON_H */
