/*
 * net.h - who may talk to antre-web (net.c): the hall's own network
 * (loopback, private, carrier-grade NAT and link-local ranges, IPv6
 * unique-local and link-local, and their v4-mapped forms) and the ranges
 * the configuration adds. Pure: addresses in, a yes or no out.
 */
#ifndef ANTRE_WEB_NET_H
#define ANTRE_WEB_NET_H

#include <stdbool.h>
#include <stddef.h>

#define NET_CIDR_MAX	16	/* [web] allow: ranges in one list */
#define NET_ADDR_TEXT	64	/* "ffff:...:ffff" with room */

struct sockaddr;

struct net_cidr {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];	/* network order; 4 bytes for v4 */
	int		bits;
};

/* "192.168.10.0/24", "2001:db8::/32", or an address alone (all its
 * bits). 0, or -1 for anything else. */
int	net_cidr_parse(const char *s, struct net_cidr *out);

/* Whether sa is on the hall's network (the fixed ranges above). */
bool	net_lan(const struct sockaddr *sa);
/* Whether sa is on the hall's network or in one of the n ranges c. */
bool	net_allowed(const struct sockaddr *sa, const struct net_cidr *c,
	    int n);
/* sa as text ("192.168.1.5", "fe80::1"; a v4-mapped one as v4), for
 * logs and the login throttle; "?" when unknown. */
void	net_addr_text(const struct sockaddr *sa, char *buf, size_t len);

#endif
