/* report-out.h - what antre-report's printers share (report-out.c for
 * the table and CSV, report-json.c for JSON); not for the figures */
#ifndef ANTRE_REPORT_OUT_H
#define ANTRE_REPORT_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

#define OUT_CELL	64

extern const char *const report_outcomes[];

/* 1 if the ticket belongs to the query's service and desk. */
int	report_ticket_wanted(const struct report *r,
	    const struct report_ticket *t);
/* The share within target as every format prints it, to one decimal
 * ("62.5"), with dec as the decimal mark; "" when of is 0. */
void	report_pct_text(char *c, int within, int of, char dec);
/*
 * ms as local time: "YYYY-MM-DDTHH:MM:SS+HH:MM" (ISO 8601 with the
 * offset from UTC; JSON), or with iso 0 "YYYY-MM-DD HH:MM:SS" (CSV:
 * what spreadsheets read as a date and time). "" when ms < 0.
 */
void	report_time_text(char *c, size_t len, int64_t ms, int iso);
/* A half hour, "07:30-08:00" (OUT_CELL bytes); the last ends at 24:00. */
void	report_slot_text(char *c, int slot);

/* The JSON documents of the four commands (report-json.c): 0, -1. */
int	report_json_summary(FILE *f, const struct report *r);
int	report_json_tickets(FILE *f, const struct report *r);
int	report_json_hourly(FILE *f, const struct report *r);
int	report_json_desks(FILE *f, const struct report *r);

#endif
