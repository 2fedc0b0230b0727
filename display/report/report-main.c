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
    "  pdf FILE --from DATE --to DATE [--service X] [--desk N]\n"
    "          a printable A4 report in Indonesian: the summary, arrivals\n"
    "          and calls per half hour, waiting times, the desks\n"
    "  verify  checks the hash chain of the whole log\n"
    "  export DIR [--sep C]\n"
    "          a snapshot of the log and tickets.csv, summary.csv made\n"
    "          from it, into the existing directory DIR (a USB stick)\n"
    "--no-cache reads every day from the events, not from the central's\n"
    "report cache of closed days (verify checks the cache).\n"
    "DATE is a service day, YYYY-MM-DD. Without -D the database is the\n"
    "config's [store] path, or " DEFAULT_DB ".\n"
    "--sep ';' writes CSV for Indonesian Excel.\n";

enum {
	OPT_FROM = 256,
	OPT_TO,
	OPT_SERVICE,
	OPT_DESK,
	OPT_CSV,
	OPT_SEP,
	OPT_JSON,
	OPT_NO_CACHE,
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
	{ NULL,		0,			NULL, 0 },
};

static int
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "antre-report: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

static int
verify(struct store *s)
{
	char why[256] = "";
	int64_t bad = 0, n = 0;
	int rc, days = 0;

	if (store_read_begin(s) == -1)
		return 1;
	rc = store_verify(s, &bad, why, sizeof(why));
	if (rc == 0 && store_count(s, &n) == -1)
		rc = -1;
	/* The chain holds: the cache derived from it must agree. */
	if (rc == 0 && (rc = report_cache_check(s, &days, why,
	    sizeof(why))) == 1)
		rc = 2;
	store_read_end(s);
	switch (rc) {
	case 0:
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

static int
pdf(const struct report *r, const char *path, const struct conf *conf)
{
	char why[PATH_MAX + 256];
	int pages;

	if (report_pdf_write(r, path, conf != NULL ? conf->render.office :
	    NULL, time(NULL), &pages, why, sizeof(why)) == -1) {
		fprintf(stderr, "antre-report: pdf: %s\n", why);
		return 1;
	}
	printf("%s: %d page%s\n", path, pages, pages == 1 ? "" : "s");
	return fflush(stdout) == EOF ? 1 : 0;
}

static int
export(struct store *s, const char *dir, const struct conf *conf, char sep)
{
	struct report_export x;
	char why[PATH_MAX + 256];

	if (report_export(&x, s, dir, conf != NULL ? conf->hall : NULL,
	    conf != NULL ? &conf->queue : NULL, sep, time(NULL), stdout, why,
	    sizeof(why)) == -1) {
		fprintf(stderr, "antre-report: export: %s\n", why);
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct report_query q;
	struct report r;
	enum report_format fmt = FORMAT_TABLE;
	struct conf *conf = NULL;
	struct store *s;
	const char *cfg = NULL, *db = NULL, *cmd, *sep_arg = NULL;
	char *end;
	long v;
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
		default:
			return usage(NULL);
		}
	}
	if (optind == argc)
		return usage("no command");
	cmd = argv[optind];
	if (strcmp(cmd, "export") == 0 && optind != argc - 2)
		return usage("export takes one directory");
	if (strcmp(cmd, "pdf") == 0 && optind != argc - 2)
		return usage("pdf takes one file");
	if (strcmp(cmd, "export") != 0 && strcmp(cmd, "pdf") != 0 &&
	    optind != argc - 1)
		return usage("one command");
	if (strcmp(cmd, "summary") != 0 && strcmp(cmd, "tickets") != 0 &&
	    strcmp(cmd, "hourly") != 0 && strcmp(cmd, "desks") != 0 &&
	    strcmp(cmd, "verify") != 0 && strcmp(cmd, "export") != 0 &&
	    strcmp(cmd, "pdf") != 0) {
		fprintf(stderr, "antre-report: %s: unknown command\n", cmd);
		return usage(NULL);
	}
	if (csv && json)
		return usage("--csv or --json, not both");
	if ((csv || json) && strcmp(cmd, "pdf") == 0)
		return usage("pdf takes neither --csv nor --json");
	if (sep_arg != NULL && ((!csv && strcmp(cmd, "export") != 0) ||
	    strlen(sep_arg) != 1 ||
	    strchr("\"\r\n", sep_arg[0]) != NULL))
		return usage("--sep takes one character, with --csv");
	if (csv)
		fmt = FORMAT_CSV;
	else if (json)
		fmt = FORMAT_JSON;
	if (strcmp(cmd, "verify") != 0 && strcmp(cmd, "export") != 0) {
		if (q.from[0] == '\0' || q.to[0] == '\0')
			return usage("--from and --to are needed");
		if (strcmp(q.from, q.to) > 0)
			return usage("--from is after --to");
	}
	/* The half hours and the desks cost a yearly summary 0.6 s. */
	q.skip = strcmp(cmd, "hourly") == 0 ? REPORT_DESKS :
	    strcmp(cmd, "desks") == 0 ? REPORT_HOURLY :
	    strcmp(cmd, "pdf") == 0 ? 0 : REPORT_ALL;
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
	if (strcmp(cmd, "verify") == 0)
		ret = verify(s);
	else if (strcmp(cmd, "export") == 0)
		ret = export(s, argv[optind + 1], conf, sep_arg != NULL ?
		    sep_arg[0] : ',');
	else if (report_run(&r, s, &q, conf != NULL ? &conf->queue : NULL) ==
	    -1) {
		fprintf(stderr, "antre-report: %s: cannot read the event log: "
		    "%s\n", db, store_error(s));
		report_free(&r);
		ret = 1;
	} else if (strcmp(cmd, "pdf") == 0) {
		ret = pdf(&r, argv[optind + 1], conf);
		report_free(&r);
	} else {
		if (strcmp(cmd, "summary") == 0)
			ret = report_print_summary(stdout, &r, fmt,
			    sep_arg != NULL ? sep_arg[0] : ',');
		else if (strcmp(cmd, "hourly") == 0)
			ret = report_print_hourly(stdout, &r, fmt,
			    sep_arg != NULL ? sep_arg[0] : ',');
		else if (strcmp(cmd, "desks") == 0)
			ret = report_print_desks(stdout, &r, fmt,
			    sep_arg != NULL ? sep_arg[0] : ',');
		else
			ret = report_print_tickets(stdout, &r, fmt,
			    sep_arg != NULL ? sep_arg[0] : ',');
		if (ret == -1)
			fprintf(stderr, "antre-report: write error\n");
		ret = ret == -1 ? 1 : 0;
		report_free(&r);
	}
	store_close(s);
	free(conf);
	return ret;
}
