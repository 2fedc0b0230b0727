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
	    8 > size)
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
	return EVP_DigestInit_ex(s->md, s->sha256, NULL) &&
	    EVP_DigestUpdate(s->md, prev, STORE_HASH_LEN) &&
	    EVP_DigestUpdate(s->md, text, (size_t)n) &&
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

	if (sqlite3_prepare_v2(s->db, "SELECT " EVENT_COLUMNS " FROM events "
	    "ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
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
