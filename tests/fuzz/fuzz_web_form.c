/*
 * fuzz_web_form.c - what antre-web takes from a request before any page
 * sees it: an urlencoded form (form_parse, display/web/form.c) and a
 * configured address range (net_cidr_parse, net.c). The first byte
 * picks.
 *
 * An accepted form's fields are UTF-8 text without NUL, at most
 * FORM_ARGS_MAX; encoded again (every byte as %XX) they parse to the
 * same fields. An accepted range has a prefix within its family's
 * bits and contains its own address. Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "form.h"
#include "net.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz_web_form: %s\n", what);
	abort();
}

static void
encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		*out++ = '%';
		*out++ = hex[(unsigned char)*s >> 4];
		*out++ = hex[(unsigned char)*s & 15];
	}
	*out = '\0';
}

static void
form(const uint8_t *data, size_t size)
{
	struct form f, g;
	char *body, *again, *p;
	size_t cap = 0;
	int i;

	memset(&f, 0, sizeof(f));
	memset(&g, 0, sizeof(g));
	if ((body = malloc(size + 1)) == NULL)
		return;
	memcpy(body, data, size);
	body[size] = '\0';
	if (form_parse(&f, body, size) == -1) {
		form_free(&f);
		free(body);
		return;
	}
	if (f.n > FORM_ARGS_MAX)
		fuzz_die("too many fields");
	for (i = 0; i < f.n; i++) {
		if (!form_utf8(f.name[i], strlen(f.name[i])) ||
		    !form_utf8(f.value[i], strlen(f.value[i])))
			fuzz_die("a field that is not text");
		cap += 3 * (strlen(f.name[i]) + strlen(f.value[i])) + 2;
	}
	if ((again = malloc(cap + 1)) == NULL)
		goto out;
	p = again;
	*p = '\0';
	for (i = 0; i < f.n; i++) {
		if (i > 0)
			*p++ = '&';
		encode(p, f.name[i]);
		p += strlen(p);
		*p++ = '=';
		encode(p, f.value[i]);
		p += strlen(p);
	}
	*p = '\0';
	/* Fields with an empty name vanish on the way: "=x" is a field
	 * named "", kept; "&&" is none. Either way the same list. */
	if (form_parse(&g, again, strlen(again)) == -1)
		fuzz_die("encoded again: refused");
	if (g.n != f.n)
		fuzz_die("encoded again: another number of fields");
	for (i = 0; i < f.n; i++)
		if (strcmp(f.name[i], g.name[i]) != 0 ||
		    strcmp(f.value[i], g.value[i]) != 0)
			fuzz_die("encoded again: another field");
	free(again);
out:
	form_free(&f);
	form_free(&g);
	free(body);
}

static void
cidr(const uint8_t *data, size_t size)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	struct net_cidr c;
	char text[96];

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	if (net_cidr_parse(text, &c) == -1)
		return;
	if (c.family == AF_INET) {
		if (c.bits < 0 || c.bits > 32)
			fuzz_die("a v4 prefix out of range");
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		memcpy(&s4.sin_addr, c.addr, 4);
		if (!net_allowed((struct sockaddr *)&s4, &c, 1))
			fuzz_die("a v4 range without its own address");
	} else if (c.family == AF_INET6) {
		if (c.bits < 0 || c.bits > 128)
			fuzz_die("a v6 prefix out of range");
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		memcpy(&s6.sin6_addr, c.addr, 16);
		/* A v4-mapped range's own address is taken as v4: skip. */
		if (!(c.addr[10] == 0xff && c.addr[11] == 0xff &&
		    memcmp(c.addr, "\0\0\0\0\0\0\0\0\0\0", 10) == 0) &&
		    !net_allowed((struct sockaddr *)&s6, &c, 1))
			fuzz_die("a v6 range without its own address");
	} else
		fuzz_die("an unknown family");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		cidr(data + 1, size - 1);
	else
		form(data + 1, size - 1);
	return 0;
}
