/*
 * web-report.h - antre-web's report pages and downloads: the figures of
 * a day, a week, a month or a range from the event log (read-only, as
 * antre-report reads it), the PDF's charts as SVG, CSV for Indonesian
 * Excel, the PDF and a snapshot of the log.
 */
#ifndef ANTRE_WEB_REPORT_H
#define ANTRE_WEB_REPORT_H

#include "web-page.h"

/*
 * /laporan, /laporan/jam.svg, /laporan/tunggu.svg, /unduh and
 * /unduh/{ringkasan,tiket,jam,loket}.csv, laporan.pdf, log.db. The
 * server has checked the session and the role. 0: r->path is none of
 * these (out untouched); 1: out is filled (400 with the form and a
 * message for bad arguments).
 */
int	web_report_route(const struct web_req *r, struct web_reply *out);

#endif
