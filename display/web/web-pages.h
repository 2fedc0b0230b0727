/*
 * web-pages.h - the site (web-pages.c): the route table with each
 * route's least role, the login and logout, the own password change,
 * the page frame and its stylesheet, and the pages that say no (403,
 * 404). http.c calls web_site_handle() for every request it accepts.
 */
#ifndef ANTRE_WEB_PAGES_H
#define ANTRE_WEB_PAGES_H

#include "web-page.h"

/* Fills out for r: the route's page, a 303 to the login for a visitor
 * on a private page, a 403 for a role too low, a 404. */
void	web_site_handle(const struct web_req *r, struct web_reply *out);

/* Whether r's page is slow to make (a report, a chart, a download) and
 * r may see it: http.c then makes it in a process of its own (job.h). A
 * visitor's redirect or a 403 is made at once. */
int	web_site_slow(const struct web_req *r);

/* A framed page that only says msg (escaped), with status. */
void	web_page_message(const struct web_req *r, struct web_reply *out,
	    int status, const char *title, const char *msg);

#endif
