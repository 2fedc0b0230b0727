/*
 * report-pdf.h - antre-report pdf: a report's figures as a printable A4
 * document in Bahasa Indonesia, for the head of office to sign and send
 * upward.
 */
#ifndef ANTRE_REPORT_PDF_H
#define ANTRE_REPORT_PDF_H

#include <stddef.h>
#include <time.h>

struct report;

/*
 * Writes r (computed with skip 0: the summary, the half hours and the
 * desks) to path: a header with office (NULL or "": "Antre") and the
 * period, the summary per service, arrivals and calls per half hour, a
 * histogram of the waiting times and the desks' table, on as many pages
 * as they need. now is the time of writing ("Dibuat", local time, and
 * the document's creation date).
 *
 * The file is written under a temporary name beside path, flushed to the
 * disk and renamed: it is complete or absent, and a failure (a missing
 * directory, a full disk) leaves nothing behind. 0 with *pages set (pages
 * may be NULL), or -1 with why filled ("path: reason").
 */
int	report_pdf_write(const struct report *r, const char *path,
	    const char *office, time_t now, int *pages, char *why,
	    size_t whylen);
/* The same with the log's head at the end of the period (a short text,
 * NULL for none) on every page's header line: the anchor a paper copy
 * keeps for antre-report verify --head. */
int	report_pdf_write_head(const struct report *r, const char *path,
	    const char *office, const char *head, time_t now, int *pages,
	    char *why, size_t whylen);

#endif
