/*
 * selftest.h - "antre-kiosk --self-test" for the technician, and the
 * sample ticket it and --preview print.
 */
#ifndef ANTRE_SELFTEST_H
#define ANTRE_SELFTEST_H

#include "kconfig.h"
#include "ticket.h"

void	sample_ticket(const struct kconf *conf, struct ticket_info *ti);
/* Prints a test ticket, lights each LED in turn and prints every button
 * edge with the gesture made of it, until a signal on sigfd. No network.
 * The exit status. */
int	kiosk_self_test(const struct kconf *conf, int sigfd);

#endif
