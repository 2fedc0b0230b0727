/*
 * report-main.c - antre-report: the admin's figures from the event log,
 * read-only, safe while the central runs.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "report.h"
#include "report-changes.h"
#include "report-estimate.h"
#include "report-export.h"
#include "report-pdf.h"
#include "store.h"

#define DEFAULT_DB	"/var/lib/antre/antre.db"

static const char usage_text[] =
    "usage: antre-report [-hV] [-f config] [-D database] command [options]\n"
    "commands:\n"
    "  summary --from DATE --to DATE [--service X] [--desk N]\n"
    "          [--csv [--sep C]] [--json]\n"
    "          tickets, called, served, no-shows, transfers, unserved;\n"
    "          waiting and service times (median, p90 by nearest rank,\n"
    "          max); share served within the target wait (needs -f)\n"
    "  tickets --from DATE --to DATE [--service X] [--desk N]\n"
    "          [--csv [--sep C]] [--json]\n"
    "          every ticket with its timestamps, for audits\n"
    "  hourly  --from DATE --to DATE [--service X] [--desk N]\n"
    "          [--csv [--sep C]] [--json]\n"
    "          arrivals and first calls per half hour and service, summed\n"
    "          over the days; desks open, averaged over the days\n"
    "  desks   --from DATE --to DATE [--service X] [--desk N]\n"
    "          [--csv [--sep C]] [--json]\n"
    "          per desk: served, no-shows, recalls, median service time;\n"
    "          time serving, idle and paused\n"
    "  estimate --from DATE --to DATE [--service X] [--csv [--sep C]]\n"
    "          [--json]\n"
    "          the wait estimates given with kiosk tickets against the\n"
    "          real waits: median error from the range's middle, share\n"
    "          of tickets called within the range\n"
    "  changes --from DATE --to DATE [--csv [--sep C]] [--json]\n"
    "          the office's changes to the hall (antre-web): when, who,\n"
    "          which settings and their new values\n"
    "  pdf FILE --from DATE --to DATE [--service X] [--desk N]\n"
    "          a printable A4 report in Indonesian: the summary, arrivals\n"
    "          and calls per half hour, waiting times, the desks\n"
    "  verify [--head HASH]\n"
    "          checks the hash chain of the whole log; with --head, that\n"
    "          the log still holds the row of a head printed on a daily\n"
    "          report (1a2b-3c4d-5e6f-7a8b): nothing up to it was cut or\n"
    "          rewritten\n"
    "  export DIR [--sep C]\n"
    "          a snapshot of the log and tickets.csv, summary.csv made\n"
    "          from it, into the existing directory DIR (a USB stick)\n"
    "--no-cache reads every day from the events, not from the central's\n"
    "report cache of closed days (verify checks the cache).\n"
    "DATE is a service day, YYYY-MM-DD. Without -D the database is the\n"
    "config's [store] path, or " DEFAULT_DB ".\n"
    "--sep ';' writes CSV for Indonesian Excel: decimals with a comma.\n"
    "--json writes one object for every command: from, to, the filters\n"
    "and rows, numbers as numbers (antre-report(1), OUTPUT FORMATS).\n";

enum {
	OPT_FROM = 256,
	OPT_TO,
	OPT_SERVICE,
	OPT_DESK,
	OPT_CSV,
	OPT_SEP,
	OPT_JSON,
	OPT_NO_CACHE,
	OPT_HEAD,
};

static const struct option longopts[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "from",	required_argument,	NULL, OPT_FROM },
	{ "to",		required_argument,	NULL, OPT_TO },
	{ "service",	required_argument,	NULL, OPT_SERVICE },
	{ "desk",	required_argument,	NULL, OPT_DESK },
	{ "csv",	no_argument,		NULL, OPT_CSV },
	{ "sep",	required_argument,	NULL, OPT_SEP },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "no-cache",	no_argument,		NULL, OPT_NO_CACHE },
	{ "head",	required_argument,	NULL, OPT_HEAD },
	{ NULL,		0,			NULL, 0 },
};

/* What a command runs with; r is NULL for a command on the log itself. */
struct invocation {
	const struct command	*cmd;
	struct store		*s;
	const struct report	*r;
	const char		*operand;	/* the file, the directory */
	const struct conf	*conf;		/* NULL: no -f */
	enum report_format	 fmt;
	char			 sep;
	const char		*head;		/* verify --head, or NULL */
	const char		*from;		/* the period's first day */
	const char		*to;		/* the period's last day */
};

#define CMD_LOG		0x1	/* on the log itself: no report, no dates */
#define CMD_SEP		0x2	/* --sep without --csv */
#define CMD_NO_FORMAT	0x4	/* neither --csv nor --json */
#define CMD_HEAD	0x8	/* --head */
#define CMD_ANCHOR	0x10	/* the table ends with the log's head */
#define CMD_NO_REPORT	0x20	/* a period, but no figures */

struct command {
	const char	*name;
	const char	*operand;	/* the usage error without one; NULL:
					 * the command takes none */
	int		 flags;		/* CMD_* */
	unsigned	 skip;		/* what report_run need not compute */
	int		(*run)(const struct invocation *);
	int		(*print)(FILE *, const struct report *,
			    enum report_format, char);
};

static int	verify(const struct invocation *);
static int	pdf(const struct invocation *);
static int	export(const struct invocation *);
static int	print(const struct invocation *);
static int	estimate(const struct invocation *);
static int	changes(const struct invocation *);

/* The half hours and the desks cost a yearly summary 0.6 s: each
 * command has only what it shows computed. */
static const struct command commands[] = {
	{ "summary", NULL, CMD_ANCHOR, REPORT_ALL, print, report_print_summary },
	{ "tickets", NULL, 0, REPORT_ALL, print, report_print_tickets },
	{ "hourly", NULL, 0, REPORT_DESKS, print, report_print_hourly },
	{ "desks", NULL, 0, REPORT_HOURLY, print, report_print_desks },
	{ "estimate", NULL, 0, REPORT_ALL, estimate, NULL },
	{ "changes", NULL, CMD_NO_REPORT, REPORT_ALL, changes, NULL },
	{ "pdf", "pdf takes one file", CMD_NO_FORMAT, 0, pdf, NULL },
	{ "verify", NULL, CMD_LOG | CMD_HEAD, REPORT_ALL, verify, NULL },
	{ "export", "export takes one directory", CMD_LOG | CMD_SEP,
	    REPORT_ALL, export, NULL },
};

static int
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "antre-report: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/*
 * verify --head: the chain holds from the first row to the last, so the
 * row carrying the anchored hash proves every row up to it is the one the
 * head was written down from. No such row: the log was cut before it, or
 * rewritten (a chain recomputed, another database).
 */
static int
verify_head(struct store *s, const char *text, struct store_head *h,
    char *why, size_t whylen)
{
	uint8_t prefix[STORE_HASH_LEN];
	char shortform[STORE_HEAD_SHORT];
	int len, rc;

	len = store_head_parse(text, prefix);
	if ((rc = store_head_find(s, prefix, (size_t)len, h)) != 0)
		return rc == 1 ? 0 : -1;
	memcpy(h->hash, prefix, (size_t)len);
	store_head_short(h->hash, shortform);
	snprintf(why, whylen, "no row has the head %s: the log was truncated "
	    "or rewritten after it was written down", shortform);
	return 2;
}

static int
verify(const struct invocation *iv)
{
	struct store *s = iv->s;
	struct store_head h;
	char why[256] = "", shortform[STORE_HEAD_SHORT];
	int64_t bad = 0, n = 0;
	int rc, days = 0;

	if (store_read_begin(s) == -1)
		return 1;
	rc = store_verify(s, &bad, why, sizeof(why));
	if (rc == 0 && store_count(s, &n) == -1)
		rc = -1;
	if (rc == 0 && iv->head != NULL)
		rc = verify_head(s, iv->head, &h, why, sizeof(why));
	/* The chain holds: the cache derived from it must agree. */
	if (rc == 0 && (rc = report_cache_check(s, &days, why,
	    sizeof(why))) == 1)
		rc = 2;
	store_read_end(s);
	switch (rc) {
	case 0:
		if (iv->head != NULL) {
			store_head_short(h.hash, shortform);
			printf("OK: head %s is row %lld, service day %s; "
			    "the log is intact up to it, %lld row(s) after "
			    "it\n", shortform, (long long)h.seq, h.day,
			    (long long)(n - h.seq));
		}
		printf("OK: %lld events, report cache of %d day(s) matches "
		    "the log\n", (long long)n, days);
		return 0;
	case 1:
		printf("BROKEN at row %lld: %s\n", (long long)bad, why);
		return 1;
	case 2:
		printf("BROKEN: %s\n", why);
		return 1;
	default:
		fprintf(stderr, "antre-report: cannot read the event log: %s\n",
		    store_error(s));
		return 1;
	}
}

/*
 * The anchor a daily report carries: the log's last row on or before the
 * report's last day, in the short form. Written in Indonesian for the
 * PDF, in English for the terminal. 1 and text filled, 0 no row, -1.
 */
static int
head_text(const struct invocation *iv, int indonesian, char *text,
    size_t len)
{
	struct store_head h;
	char shortform[STORE_HEAD_SHORT];
	int rc;

	if ((rc = store_day_head(iv->s, iv->to, &h)) != 1)
		return rc;
	store_head_short(h.hash, shortform);
	if (indonesian)
		snprintf(text, len, "Kepala log: %s (baris %lld, hari %s, "
		    "%s)", shortform, (long long)h.seq, h.day, h.closed ?
		    "ditutup" : "belum ditutup");
	else
		snprintf(text, len, "log head: %s (row %lld, service day %s, "
		    "%s)", shortform, (long long)h.seq, h.day, h.closed ?
		    "closed" : "not closed yet");
	return 1;
}

static int
pdf(const struct invocation *iv)
{
	char why[PATH_MAX + 256], head[512];
	int pages, rc;

	if ((rc = head_text(iv, 1, head, sizeof(head))) == -1) {
		fprintf(stderr, "antre-report: pdf: cannot read the log's "
		    "head: %s\n", store_error(iv->s));
		return 1;
	}
	if (report_pdf_write_head(iv->r, iv->operand, iv->conf != NULL ?
	    iv->conf->render.office : NULL, rc == 1 ? head : NULL,
	    time(NULL), &pages, why, sizeof(why)) == -1) {
		fprintf(stderr, "antre-report: pdf: %s\n", why);
		return 1;
	}
	printf("%s: %d page%s\n", iv->operand, pages, pages == 1 ? "" : "s");
	return fflush(stdout) == EOF ? 1 : 0;
}

static int
export(const struct invocation *iv)
{
	struct report_export e;
	char why[PATH_MAX + 256];

	if (report_export(&e, iv->s, iv->operand, iv->conf != NULL ?
	    iv->conf->hall : NULL, iv->conf != NULL ? &iv->conf->queue : NULL,
	    iv->sep, time(NULL), stdout, why, sizeof(why)) == -1) {
		fprintf(stderr, "antre-report: export: %s\n", why);
		return 1;
	}
	return 0;
}

/* estimate: the takes' estimates against the tickets' real waits. */
static int
estimate(const struct invocation *iv)
{
	struct estimate_report er;
	int rc = 0;

	if (iv->r->q.desk != 0)
		return usage("estimate takes no --desk: a wait is the "
		    "hall's");
	if (estimate_run(&er, iv->s, iv->r, iv->conf != NULL ?
	    &iv->conf->queue : NULL) == -1) {
		fprintf(stderr, "antre-report: cannot read the estimates: "
		    "%s\n", store_error(iv->s));
		rc = 1;
	} else if (estimate_print(stdout, &er, iv->fmt, iv->sep) == -1) {
		fprintf(stderr, "antre-report: write error\n");
		rc = 1;
	}
	estimate_report_free(&er);
	return rc;
}

/* changes: the office's, from the log's setting events. */
static int
changes(const struct invocation *iv)
{
	if (report_changes(stdout, iv->s, iv->from, iv->to, iv->fmt,
	    iv->sep) == -1) {
		fprintf(stderr, "antre-report: changes: cannot read the log "
		    "or write: %s\n", store_error(iv->s));
		return 1;
	}
	return 0;
}

/* summary, tickets, hourly, desks: the command's table on stdout. */
static int
print(const struct invocation *iv)
{
	char head[256];
	int rc = 0;

	if (iv->cmd->print(stdout, iv->r, iv->fmt, iv->sep) == -1) {
		fprintf(stderr, "antre-report: write error\n");
		return 1;
	}
	/* The summary's table ends with the anchor to write down. */
	if (iv->fmt == FORMAT_TABLE && (iv->cmd->flags & CMD_ANCHOR) &&
	    (rc = head_text(iv, 0, head, sizeof(head))) == 1 &&
	    (printf("\n%s\n", head) < 0 || fflush(stdout) == EOF)) {
		fprintf(stderr, "antre-report: write error\n");
		return 1;
	}
	if (rc == -1) {
		fprintf(stderr, "antre-report: cannot read the log's head: "
		    "%s\n", store_error(iv->s));
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct report_query q;
	struct report r;
	struct invocation iv;
	enum report_format fmt = FORMAT_TABLE;
	const struct command *c;
	struct conf *conf = NULL;
	struct store *s;
	const char *cfg = NULL, *db = NULL, *cmd, *sep_arg = NULL;
	char *end, why[64];
	long v;
	const char *head = NULL;
	uint8_t prefix[STORE_HASH_LEN];
	int ch, csv = 0, json = 0, no_cache = 0, ret;

	log_init("antre-report", 0);
	memset(&q, 0, sizeof(q));
	while ((ch = getopt_long(argc, argv, "D:f:hV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'D':
			db = optarg;
			break;
		case 'f':
			cfg = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("antre-report %s\n", ANTRE_VERSION);
			return 0;
		case OPT_FROM:
		case OPT_TO:
			if (report_parse_day(optarg) == -1) {
				fprintf(stderr, "antre-report: %s: not a date "
				    "(YYYY-MM-DD)\n", optarg);
				return usage(NULL);
			}
			snprintf(ch == OPT_FROM ? q.from : q.to, 11, "%s",
			    optarg);
			break;
		case OPT_SERVICE:
			if (strlen(optarg) != 1 || !isalpha((unsigned char)
			    optarg[0]))
				return usage("--service takes one letter");
			q.service = toupper((unsigned char)optarg[0]);
			break;
		case OPT_DESK:
			v = strtol(optarg, &end, 10);
			if (optarg[0] == '\0' || *end != '\0' || v < 1 ||
			    v > DESK_ID_MAX)
				return usage("--desk takes a desk number");
			q.desk = (int)v;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_SEP:
			sep_arg = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_NO_CACHE:
			no_cache = 1;
			break;
		case OPT_HEAD:
			if (store_head_parse(optarg, prefix) == -1)
				return usage("--head takes a head as printed: "
				    "16 hex digits or more, 1a2b-3c4d-5e6f-7a8b");
			head = optarg;
			break;
		default:
			return usage(NULL);
		}
	}
	if (optind == argc)
		return usage("no command");
	cmd = argv[optind];
	c = command_find(cmd);
	/* The operands first: an unknown name followed by more is told
	 * "one command". */
	if (c != NULL && c->operand != NULL) {
		if (optind != argc - 2)
			return usage(c->operand);
	} else if (optind != argc - 1)
		return usage("one command");
	if (c == NULL) {
		fprintf(stderr, "antre-report: %s: unknown command\n", cmd);
		return usage(NULL);
	}
	if (csv && json)
		return usage("--csv or --json, not both");
	if (head != NULL && !(c->flags & CMD_HEAD))
		return usage("--head is for verify");
	if ((csv || json) && (c->flags & CMD_NO_FORMAT)) {
		snprintf(why, sizeof(why), "%s takes neither --csv nor --json",
		    c->name);
		return usage(why);
	}
	if (sep_arg != NULL && ((!csv && !(c->flags & CMD_SEP)) ||
	    strlen(sep_arg) != 1 ||
	    strchr("\"\r\n", sep_arg[0]) != NULL))
		return usage("--sep takes one character, with --csv");
	if (csv)
		fmt = FORMAT_CSV;
	else if (json)
		fmt = FORMAT_JSON;
	if (!(c->flags & CMD_LOG)) {
		if (q.from[0] == '\0' || q.to[0] == '\0')
			return usage("--from and --to are needed");
		if (strcmp(q.from, q.to) > 0)
			return usage("--from is after --to");
	}
	q.skip = c->skip;
	if (no_cache)
		q.skip |= REPORT_NO_CACHE;

	if (cfg != NULL) {
		if ((conf = calloc(1, sizeof(*conf))) == NULL)
			fatal("calloc");
		if (config_load_flags(cfg, conf, CONFIG_NO_SECRETS) == -1) {
			fprintf(stderr, "antre-report: %s: configuration not "
			    "valid\n", cfg);
			free(conf);
			return 1;
		}
		if (db == NULL)
			db = conf->db_path;
	}
	if (db == NULL)
		db = DEFAULT_DB;
	/* A wrong schema version is said by store_open_readonly(). */
	if ((s = store_open_readonly(db)) == NULL) {
		fprintf(stderr, "antre-report: %s: cannot read the event "
		    "log\n", db);
		free(conf);
		return 1;
	}
	memset(&iv, 0, sizeof(iv));
	iv.cmd = c;
	iv.s = s;
	iv.operand = c->operand != NULL ? argv[optind + 1] : NULL;
	iv.conf = conf;
	iv.fmt = fmt;
	iv.sep = sep_arg != NULL ? sep_arg[0] : ',';
	iv.head = head;
	iv.from = q.from;
	iv.to = q.to;
	if (c->flags & (CMD_LOG | CMD_NO_REPORT))
		ret = c->run(&iv);
	else if (report_run(&r, s, &q, conf != NULL ? &conf->queue : NULL) ==
	    -1) {
		fprintf(stderr, "antre-report: %s: cannot read the event log: "
		    "%s\n", db, store_error(s));
		report_free(&r);
		ret = 1;
	} else {
		iv.r = &r;
		ret = c->run(&iv);
		report_free(&r);
	}
	store_close(s);
	free(conf);
	return ret;
}
