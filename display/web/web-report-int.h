/* web-report-int.h - what the report pages and the downloads share */
#ifndef ANTRE_WEB_REPORT_INT_H
#define ANTRE_WEB_REPORT_INT_H

#include <stdio.h>

#include "report.h"
#include "web-page.h"

#define WEB_RANGE_DAYS	366	/* the longest range a page reads */

/* The period asked for: the arguments as typed (for the form) and, when
 * they are valid, the service days they mean. */
struct web_range {
	const char	*periode;	/* as typed, "" when absent */
	const char	*tanggal;
	const char	*dari;
	const char	*sampai;
	const char	*layanan;
	char		 kind[10];	/* hari, minggu, bulan, rentang */
	char		 day[11];	/* tanggal, or today */
	char		 from[11];	/* the range, inclusive */
	char		 to[11];
	char		 service;	/* 0: every service */
	const char	*bad;		/* the field refused, NULL: none */
	char		 error[256];	/* why, in Indonesian; "" if valid */
};

/* web-report.c */
/* Reads and checks r's arguments: 0, or -1 with g->error set. */
int	web_range_parse(const struct web_req *r, struct web_range *g);
/* The period form (GET to action) with what was typed, and the error
 * beside it. */
void	web_range_form(struct wbuf *b, const struct web_req *r,
	    const struct web_range *g, const char *action, const char *button);
/* The range's arguments for a link, "periode=...&amp;tanggal=..." (as
 * HTML: the & written as &amp;). */
void	web_range_args(struct wbuf *b, const struct web_range *g);
/* The figures of g from the log: 0, or -1 (logged). rep is to be freed
 * with report_free() either way. */
int	web_range_run(const struct web_req *r, const struct web_range *g,
	    unsigned skip, struct report *rep);
/* The page of a refused request (status 400) or of a log that cannot be
 * read (500): the frame, the form, the message. */
void	web_range_fail(const struct web_req *r, struct web_reply *out,
	    const struct web_range *g, int status, const char *title,
	    const char *action);
/* The hall's id made safe for a file name ("antre" when it has none). */
void	web_hall_name(const struct web_req *r, char *buf, size_t len);

/* What antre-report prints (report_print_summary() and the others) for
 * g, computed with skip as its command does, into out's body: 0, -1. */
int	web_report_print(const struct web_req *r, struct web_reply *out,
	    const struct web_range *g, unsigned skip,
	    int (*print)(FILE *, const struct report *, enum report_format,
	    char), enum report_format fmt, char sep);

/* web-download.c */
int	web_download_route(const struct web_req *r, struct web_reply *out);

#endif
