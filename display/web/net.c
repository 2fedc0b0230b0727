/*
 * net.c - whether a peer is on the hall's network (net.h).
 */
#include "net.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* The hall's network: what a LAN address is, whatever the office's
 * router hands out. */
static const struct {
	int		family;
	const char	*addr;
	int		bits;
} lan_ranges[] = {
	{ AF_INET,	"127.0.0.0",	8 },	/* loopback */
	{ AF_INET,	"10.0.0.0",	8 },	/* RFC 1918 */
	{ AF_INET,	"172.16.0.0",	12 },
	{ AF_INET,	"192.168.0.0",	16 },
	{ AF_INET,	"100.64.0.0",	10 },	/* carrier-grade NAT */
	{ AF_INET,	"169.254.0.0",	16 },	/* link-local */
	{ AF_INET6,	"::1",		128 },
	{ AF_INET6,	"fc00::",	7 },	/* unique local */
	{ AF_INET6,	"fe80::",	10 },	/* link-local */
};

static bool
prefix_match(const unsigned char *a, const unsigned char *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	unsigned char mask;

	if (memcmp(a, net, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

/* The peer's address as family and bytes; a v4-mapped IPv6 address
 * (a dual-stack socket's view of a v4 peer) becomes v4. */
static int
peer_bytes(const struct sockaddr *sa, unsigned char *out)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0xff, 0xff };
	const struct sockaddr_in6 *s6;

	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		return AF_INET;
	}
	if (sa->sa_family != AF_INET6)
		return -1;
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	if (memcmp(s6->sin6_addr.s6_addr, mapped, 12) == 0) {
		memcpy(out, s6->sin6_addr.s6_addr + 12, 4);
		return AF_INET;
	}
	memcpy(out, s6->sin6_addr.s6_addr, 16);
	return AF_INET6;
}

int
net_cidr_parse(const char *s, struct net_cidr *out)
{
	char buf[NET_ADDR_TEXT], *slash, *end;
	long bits;
	int max;

	memset(out, 0, sizeof(*out));
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		max = 128;
	} else
		return -1;
	out->bits = max;
	if (slash != NULL) {
		if (*slash < '0' || *slash > '9')
			return -1;
		bits = strtol(slash, &end, 10);
		if (*end != '\0' || bits < 0 || bits > max)
			return -1;
		out->bits = (int)bits;
	}
	return 0;
}

static bool
in_cidr(int family, const unsigned char *a, const struct net_cidr *c)
{
	return family == c->family && prefix_match(a, c->addr, c->bits);
}

bool
net_lan(const struct sockaddr *sa)
{
	struct net_cidr c;
	unsigned char a[16];
	size_t i;
	int family;

	if ((family = peer_bytes(sa, a)) == -1)
		return false;
	for (i = 0; i < sizeof(lan_ranges) / sizeof(lan_ranges[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.family = lan_ranges[i].family;
		c.bits = lan_ranges[i].bits;
		inet_pton(c.family, lan_ranges[i].addr, c.addr);
		if (in_cidr(family, a, &c))
			return true;
	}
	return false;
}

bool
net_allowed(const struct sockaddr *sa, const struct net_cidr *c, int n)
{
	unsigned char a[16];
	int family, i;

	if (net_lan(sa))
		return true;
	if ((family = peer_bytes(sa, a)) == -1)
		return false;
	for (i = 0; i < n; i++)
		if (in_cidr(family, a, &c[i]))
			return true;
	return false;
}

void
net_addr_text(const struct sockaddr *sa, char *buf, size_t len)
{
	unsigned char a[16];
	int family;

	if ((family = peer_bytes(sa, a)) == -1 ||
	    inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}
