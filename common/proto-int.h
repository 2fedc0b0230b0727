/*
 * proto-int.h - what the codec's files share and no caller needs: the
 * reason being built and the value checks, all in proto.c.
 */
#ifndef ANTRE_PROTO_INT_H
#define ANTRE_PROTO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

#define RATE_MIN		1
#define RATE_MAX		5
/* A desk can at most wait for every ticket of every service; -1 is
 * "unknown", as with numbers from a pre-printed roll. */
#define WAITING_MAX		(BOARD_MAX_SERVICES * TICKET_NUMBER_MAX)

/*
 * Where the checks stand: the reason buffer and the path of the object
 * being looked at ("desks[3].ticket"), so a reason names the exact field.
 */
struct chk {
	char	*err;
	size_t	 errlen;
	char	 path[48];
	size_t	 pathlen;
};

/* Unlike ops and statuses, only the codec ever reads a result's name. */
int	proto_result_parse(const char *s, enum proto_result *r);

void	chk_init(struct chk *c, char *err, size_t errlen);
size_t	chk_enter(struct chk *c, const char *name, long idx);
void	chk_leave(struct chk *c, size_t mark);
int	chk_fail(struct chk *c, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

int	chk_id(struct chk *c, const char *key, const char *s, size_t n,
	    bool empty_ok);
int	chk_zone(struct chk *c, const char *key, const char *s, size_t n);
int	chk_text(struct chk *c, const char *key, const char *s, size_t n,
	    size_t size);
int	chk_service(struct chk *c, const char *key, char service);
int	chk_range(struct chk *c, const char *key, long long v, long long min,
	    long long max);
int	chk_day(struct chk *c, const char *key, const char *s, size_t n);
int	chk_cstr(struct chk *c, const char *key, const char *s, size_t size,
	    size_t *n);
int	chk_ticket(struct chk *c, const char *key, const struct ticket *t,
	    bool null_ok);
int	chk_board_unique(struct chk *c, const struct board *b);

#endif /* ANTRE_PROTO_INT_H */
