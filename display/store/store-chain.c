/*
 * store-chain.c - the log's hash chain and store_verify().
 *
 * Every event row carries a SHA-256 over the previous row's hash and its
 * own fields, so an exported log shows any row edited, deleted or slipped
 * in: store_verify() walks the chain.
 */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

/*
 * The chain: hash(n) = SHA-256(hash(n-1) || text(n)), hash(0) = 32 zero
 * bytes, text(n) the row's fields in a fixed textual form.
 */
static char *
put_int(char *p, int64_t v)
{
	char digits[24];
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int n = 0;

	if (v < 0)
		*p++ = '-';
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (n > 0)
		*p++ = digits[--n];
	*p++ = '|';
	return p;
}

static char *
put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* The row's text for the chain; its length, or -1 if it does not fit
 * (it always does: every field is bounded). */
static int
chain_text(char *text, size_t size, int64_t seq, const struct event *ev)
{
	const char *kind = event_kind_name(ev->kind);
	char *p = text;

	if (strlen(ev->day) + strlen(kind) + strlen(ev->cmd_id) + 5 * 21 +
	    10 > size)
		return -1;
	p = put_int(p, seq);
	p = put_int(p, ev->time_ms);
	p = put_str(p, ev->day);
	*p++ = '|';
	p = put_str(p, kind);
	*p++ = '|';
	*p++ = ev->ticket.service ? ev->ticket.service : '-';
	*p++ = '|';
	p = put_int(p, ev->ticket.number);
	p = put_int(p, ev->desk);
	p = put_int(p, ev->kiosk);
	*p++ = ev->target ? ev->target : '-';
	*p++ = '|';
	p = put_str(p, ev->cmd_id);
	/* Added in version 7, and only when set: older rows hash as
	 * before. */
	if (ev->ticket.priority)
		p = put_str(p, "|P");
	return (int)(p - text);
}

int
store_event_hash(struct store *s, const uint8_t prev[STORE_HASH_LEN],
    int64_t seq, const struct event *ev, uint8_t out[STORE_HASH_LEN])
{
	char text[256];
	unsigned int len = 0;
	int n;

	/* "%lld|%lld|%s|%s|%c|%d|%d|%d|%c|%s", without printf: verify
	 * formats three million rows. */
	n = chain_text(text, sizeof(text), seq, ev);
	if (n < 0)
		return -1;
	/* One context and one fetched digest per store: a context and an
	 * implicit fetch per row were most of verify's time. */
	if (s->md == NULL && ((s->sha256 = EVP_MD_fetch(NULL, "SHA256",
	    NULL)) == NULL || (s->md = EVP_MD_CTX_new()) == NULL))
		return -1;
	/* The detail (version 8) only when set: rows without one hash as
	 * before. */
	return EVP_DigestInit_ex(s->md, s->sha256, NULL) &&
	    EVP_DigestUpdate(s->md, prev, STORE_HASH_LEN) &&
	    EVP_DigestUpdate(s->md, text, (size_t)n) &&
	    (ev->detail == NULL || ev->detail[0] == '\0' ||
	    (EVP_DigestUpdate(s->md, "|D|", 3) &&
	    EVP_DigestUpdate(s->md, ev->detail, strlen(ev->detail)))) &&
	    EVP_DigestFinal_ex(s->md, out, &len) && len == STORE_HASH_LEN ?
	    0 : -1;
}

/* store_close()'s part: the hash types are only known in this file. */
void
store_chain_free(struct store *s)
{
	EVP_MD_CTX_free(s->md);
	EVP_MD_free(s->sha256);
}

int
store_verify(struct store *s, int64_t *bad_seq, char *why, size_t whylen)
{
	sqlite3_stmt *st;
	uint8_t h[STORE_HASH_LEN] = { 0 };
	struct event ev;
	const void *stored;
	int64_t seq, prev_seq = 0;
	int rc, len, ret = 0;

	if (sqlite3_prepare_v2(s->db, EVENT_SELECT(s, "ORDER BY seq"), -1,
	    &st, NULL) != SQLITE_OK) {
		store_fail(s, "verify");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_event_row(st, &seq, &ev, &stored, &len) == -1) {
			snprintf(why, whylen, "unknown event kind");
			goto broken;
		}
		if (seq != prev_seq + 1) {
			snprintf(why, whylen, "row %lld follows row %lld: rows "
			    "missing", (long long)seq, (long long)prev_seq);
			goto broken;
		}
		if (store_event_hash(s, h, seq, &ev, h) == -1) {
			snprintf(why, whylen, "cannot hash");
			goto broken;
		}
		if (len != STORE_HASH_LEN || memcmp(h, stored, len) != 0) {
			snprintf(why, whylen, "hash does not match: the row "
			    "was changed, or a row before it");
			goto broken;
		}
		prev_seq = seq;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "verify");
		ret = -1;
	}
	sqlite3_finalize(st);
	return ret;
broken:
	*bad_seq = seq;
	sqlite3_finalize(st);
	return 1;
}

/*
 * The anchor: a row's hash kept outside the log. Since every hash covers
 * all rows before it, a row found with the anchored hash proves the log
 * up to it is the one the anchor was taken from.
 */
void
store_head_hex(const uint8_t hash[STORE_HASH_LEN], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < STORE_HASH_LEN; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 0xf];
	}
	out[64] = '\0';
}

void
store_head_short(const uint8_t hash[STORE_HASH_LEN],
    char out[STORE_HEAD_SHORT])
{
	char full[65];
	int g, o = 0;

	store_head_hex(hash, full);
	for (g = 0; g < 4; g++) {
		if (g > 0)
			out[o++] = '-';
		memcpy(out + o, full + 4 * g, 4);
		o += 4;
	}
	out[o] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
store_head_parse(const char *text, uint8_t prefix[STORE_HASH_LEN])
{
	int v, digits = 0;

	for (; *text != '\0'; text++) {
		if (*text == '-' || *text == ' ' || *text == ':')
			continue;
		if ((v = hex_value(*text)) < 0 ||
		    digits == 2 * STORE_HASH_LEN)
			return -1;
		if (digits % 2 == 0)
			prefix[digits / 2] = (uint8_t)(v << 4);
		else
			prefix[digits / 2] |= (uint8_t)v;
		digits++;
	}
	if (digits % 2 != 0 || digits < 2 * STORE_HEAD_MIN)
		return -1;
	return digits / 2;
}

#define HEAD_SELECT	"SELECT seq, time_ms, day, hash, kind = 'day_closed' " \
			"FROM "

/* One row of "seq, time_ms, day, hash, closed" into h: 1, 0 no row, -1. */
static int
head_row(struct store *s, sqlite3_stmt *st, struct store_head *h,
    const char *what)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->seq = sqlite3_column_int64(st, 0);
		h->time_ms = sqlite3_column_int64(st, 1);
		store_column_str(st, 2, h->day, sizeof(h->day));
		if (sqlite3_column_bytes(st, 3) == STORE_HASH_LEN)
			memcpy(h->hash, sqlite3_column_blob(st, 3),
			    STORE_HASH_LEN);
		h->closed = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, what);
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_head(struct store *s, struct store_head *h)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, HEAD_SELECT "events ORDER BY seq DESC "
	    "LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "head");
		return -1;
	}
	return head_row(s, st, h, "head") == -1 ? -1 : 0;
}

int
store_day_head(struct store *s, const char *day, struct store_head *h)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, HEAD_SELECT "events WHERE day <= ? "
	    "ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "day head");
		return -1;
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	return head_row(s, st, h, "day head");
}

int
store_head_at(struct store *s, int64_t seq, struct store_head *h)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, HEAD_SELECT "events WHERE seq = ?", -1,
	    &st, NULL) != SQLITE_OK) {
		store_fail(s, "head");
		return -1;
	}
	sqlite3_bind_int64(st, 1, seq);
	return head_row(s, st, h, "head");
}

int
store_head_find(struct store *s, const uint8_t *prefix, size_t len,
    struct store_head *h)
{
	sqlite3_stmt *st;

	if (len == 0 || len > STORE_HASH_LEN)
		return 0;
	if (sqlite3_prepare_v2(s->db, HEAD_SELECT "events WHERE "
	    "substr(hash, 1, ?2) = ?1 ORDER BY seq LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "head");
		return -1;
	}
	sqlite3_bind_blob(st, 1, prefix, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)len);
	return head_row(s, st, h, "head");
}
