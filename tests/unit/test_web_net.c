/*
 * test_web_net.c - who may talk to antre-web (display/web/net.c): the
 * hall's network in IPv4, IPv6 and v4-mapped forms, what lies outside,
 * the configured ranges and their syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "net.h"

static struct sockaddr_storage ss;

/* text as a peer's address, as accept() would give it. */
static const struct sockaddr *
peer(const char *text)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
	} else {
		assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
		s6->sin6_family = AF_INET6;
	}
	return (const struct sockaddr *)&ss;
}

static void
test_lan(void **state)
{
	static const char *inside[] = {
		"127.0.0.1", "127.255.0.9", "10.0.0.1", "10.255.255.255",
		"172.16.0.1", "172.31.255.254", "192.168.0.1",
		"192.168.255.255", "100.64.0.1", "100.127.255.255",
		"169.254.10.20", "::1", "fc00::1", "fd12:3456::9",
		"fe80::1", "febf::1", "::ffff:192.168.1.5", "::ffff:10.1.2.3",
		"::ffff:127.0.0.1",
	};
	static const char *outside[] = {
		"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1",
		"192.169.0.1", "11.0.0.1", "100.63.255.255", "100.128.0.1",
		"169.255.0.1", "0.0.0.0", "2001:db8::1", "2606:4700::1",
		"fec0::1", "::2", "::", "::ffff:8.8.8.8",
		"::ffff:172.32.0.1",
	};
	size_t i;

	for (i = 0; i < sizeof(inside) / sizeof(inside[0]); i++)
		if (!net_lan(peer(inside[i])))
			fail_msg("%s should be on the hall's network",
			    inside[i]);
	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (net_lan(peer(outside[i])))
			fail_msg("%s should be outside", outside[i]);
	assert_false(net_lan(NULL));
}

static void
test_configured(void **state)
{
	struct net_cidr c[3];

	assert_int_equal(net_cidr_parse("203.0.113.0/24", &c[0]), 0);
	assert_int_equal(net_cidr_parse("2001:db8:1::/48", &c[1]), 0);
	assert_int_equal(net_cidr_parse("198.51.100.7", &c[2]), 0);
	assert_int_equal(c[2].bits, 32);
	assert_true(net_allowed(peer("203.0.113.77"), c, 3));
	assert_true(net_allowed(peer("::ffff:203.0.113.1"), c, 3));
	assert_false(net_allowed(peer("203.0.114.1"), c, 3));
	assert_true(net_allowed(peer("2001:db8:1:ffff::1"), c, 3));
	assert_false(net_allowed(peer("2001:db8:2::1"), c, 3));
	assert_true(net_allowed(peer("198.51.100.7"), c, 3));
	assert_false(net_allowed(peer("198.51.100.8"), c, 3));
	/* The LAN stays allowed beside the ranges. */
	assert_true(net_allowed(peer("192.168.1.1"), c, 3));
	assert_false(net_allowed(peer("8.8.8.8"), c, 3));
	assert_false(net_allowed(peer("8.8.8.8"), c, 0));
	/* Odd prefix lengths. */
	assert_int_equal(net_cidr_parse("10.0.0.0/9", &c[0]), 0);
	assert_int_equal(net_cidr_parse("0.0.0.0/0", &c[1]), 0);
	assert_true(net_allowed(peer("8.8.8.8"), &c[1], 1));
	assert_false(net_allowed(peer("2001:db8::1"), &c[1], 1));
}

static void
test_parse_errors(void **state)
{
	static const char *bad[] = {
		"", "lan", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "/8",
		"10.0.0/8", "::1/129", "10.0.0.0/8x", "10.0.0.0/ 8",
		"1.2.3.4.5", "fe80::1%eth0",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct net_cidr c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (net_cidr_parse(bad[i], &c) != -1)
			fail_msg("\"%s\" should be refused", bad[i]);
}

static void
test_text(void **state)
{
	char buf[NET_ADDR_TEXT];

	net_addr_text(peer("192.168.1.5"), buf, sizeof(buf));
	assert_string_equal(buf, "192.168.1.5");
	net_addr_text(peer("::ffff:10.0.0.7"), buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.7");
	net_addr_text(peer("fe80::1"), buf, sizeof(buf));
	assert_string_equal(buf, "fe80::1");
	net_addr_text(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lan),
		cmocka_unit_test(test_configured),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
