/*
 * web-report-run - one request to antre-web's report pages and
 * downloads, without the HTTP server: the request from the command
 * line, web_report_route() with the real log and the hall's real
 * configuration, the reply written out.
 *
 *	web-report-run -f CONF -t TMPDIR [-D DB] [-n EPOCH] [-o OUT]
 *	    [-R RUNS] PATH [NAME=VALUE ...]
 *
 * stdout: "route 0" when the path is not the pages', else "status N",
 * "type T", "filename F" ("" inline) and "file yes|no" (sent from a
 * file, as the PDF and the log are); the body (or the file's bytes) goes
 * to OUT, or follows an empty line on stdout. A file is unlinked after
 * it is copied, as the server does after sending it; "gone yes" says it
 * was. Exit 0, or 1 when the request could not be made.
 *
 * -R RUNS makes the request that many times (the benchmark's pages
 * served by a running server: no start, no configuration read) and
 * prints "ms T1 T2 ..." first, each request's wall time; the last
 * reply is written out.
 *
 * The page frame here is a bare one: the server's web_page_begin/end
 * give the real pages theirs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "web-report.h"

#define MAXARGS	32

struct args {
	int		 n;
	const char	*name[MAXARGS];
	const char	*value[MAXARGS];
};

static const char *
arg_get(const struct web_req *r, const char *name)
{
	const struct args *a = r->cls;
	int i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return a->value[i];
	return NULL;
}

void
web_page_begin(struct wbuf *b, const struct web_req *r, const char *title)
{
	(void)r;
	wbuf_str(b, "<!doctype html>\n<html lang=\"id\"><head><meta "
	    "charset=\"utf-8\"><title>");
	wbuf_html(b, title);
	wbuf_str(b, "</title></head><body>\n");
}

void
web_page_end(struct wbuf *b, const struct web_req *r)
{
	(void)r;
	wbuf_str(b, "</body></html>\n");
}

static int
copy_file(const char *path, FILE *to)
{
	char buf[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "web-report-run: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, to) != n) {
			fclose(f);
			return -1;
		}
	fclose(f);
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: web-report-run -f CONF -t TMPDIR [-D DB] "
	    "[-n EPOCH] [-o OUT] [-R RUNS] PATH [NAME=VALUE ...]\n");
	return 1;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The request, timed; a file made by all but the last run is removed,
 * as the server does once it is sent. */
static int
route(struct web_req *r, struct web_reply *out, int runs)
{
	double t0;
	int i, rc = 0;

	if (runs > 1)
		printf("ms");
	for (i = 0; i < runs; i++) {
		if (i > 0) {
			if (out->file[0] != '\0')
				unlink(out->file);
			wbuf_free(&out->body);
			memset(out, 0, sizeof(*out));
			wbuf_init(&out->body);
		}
		t0 = now_ms();
		rc = web_report_route(r, out);
		if (runs > 1)
			printf(" %.3f", now_ms() - t0);
	}
	if (runs > 1)
		printf("\n");
	return rc;
}

int
main(int argc, char *argv[])
{
	static struct conf conf;
	struct web_site site;
	struct web_req r;
	struct web_reply out;
	struct args a;
	const char *cfg = NULL, *db = NULL, *tmpdir = NULL, *outpath = NULL;
	char *eq;
	FILE *to = stdout;
	int ch, i, runs = 1, ret = 0;
	time_t now = time(NULL);

	log_init("web-report-run", 0);
	while ((ch = getopt(argc, argv, "D:f:n:o:R:t:")) != -1) {
		switch (ch) {
		case 'D':
			db = optarg;
			break;
		case 'f':
			cfg = optarg;
			break;
		case 'n':
			now = (time_t)strtoll(optarg, NULL, 10);
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'R':
			if ((runs = atoi(optarg)) < 1)
				return usage();
			break;
		case 't':
			tmpdir = optarg;
			break;
		default:
			return usage();
		}
	}
	if (cfg == NULL || tmpdir == NULL || optind >= argc)
		return usage();
	if (config_load_flags(cfg, &conf, CONFIG_NO_SECRETS) == -1) {
		fprintf(stderr, "web-report-run: %s: not valid\n", cfg);
		return 1;
	}
	memset(&a, 0, sizeof(a));
	for (i = optind + 1; i < argc && a.n < MAXARGS; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL)
			return usage();
		*eq = '\0';
		a.name[a.n] = argv[i];
		a.value[a.n++] = eq + 1;
	}
	memset(&site, 0, sizeof(site));
	site.hall = &conf;
	site.db_path = db != NULL ? db : conf.db_path;
	site.office = conf.render.office;
	site.tmpdir = tmpdir;
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = argv[optind];
	r.arg = arg_get;
	r.cls = &a;
	r.user = "uji";
	r.role = WEB_ROLE_HEAD;
	r.csrf = "token";
	r.site = &site;
	r.now = now;
	memset(&out, 0, sizeof(out));
	wbuf_init(&out.body);

	if (route(&r, &out, runs) == 0) {
		printf("route 0\n");
		wbuf_free(&out.body);
		return 0;
	}
	printf("status %d\ntype %s\nfilename %s\nfile %s\n", out.status,
	    out.type != NULL ? out.type : "text/html; charset=utf-8",
	    out.filename, out.file[0] != '\0' ? "yes" : "no");
	if (outpath != NULL && (to = fopen(outpath, "wb")) == NULL) {
		fprintf(stderr, "web-report-run: %s: %s\n", outpath,
		    strerror(errno));
		ret = 1;
	} else {
		if (outpath == NULL)
			printf("\n");
		fflush(stdout);
		if (out.file[0] != '\0')
			ret = copy_file(out.file, to) == -1;
		else if (out.body.oom || fwrite(out.body.data != NULL ?
		    out.body.data : "", 1, out.body.len, to) != out.body.len)
			ret = 1;
		if ((outpath != NULL && fclose(to) == EOF) || fflush(stdout))
			ret = 1;
	}
	if (out.file[0] != '\0') {
		/* What the server does once the file is sent. */
		if (unlink(out.file) == -1)
			ret = 1;
		if (outpath != NULL)
			printf("gone %s\n", access(out.file, F_OK) == -1 ?
			    "yes" : "no");
	}
	wbuf_free(&out.body);
	return ret;
}
