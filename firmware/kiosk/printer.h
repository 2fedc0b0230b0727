/*
 * printer.h - the ticket printer's device: a USB printer class device
 * (/dev/usb/lp0) or a serial port (a tty: set raw at the configured
 * speed). Opened when needed and closed on any error, so a printer
 * unplugged and plugged in again is found again without a restart.
 */
#ifndef ANTRE_PRINTER_H
#define ANTRE_PRINTER_H

#include <stddef.h>

#include "escpos.h"

struct printer {
	char			path[256];
	int			baud;		/* serial ports only */
	int			timeout_ms;	/* a status answer */
	int			fd;		/* -1: closed */
	enum kiosk_printer	state;		/* as last asked */
	char			why[64];	/* ERROR/OFFLINE: details */
};

void	printer_init(struct printer *p, const char *path, int baud,
	    int timeout_ms);
void	printer_close(struct printer *p);
/* Asks the printer (DLE EOT 1..4), opening the device if needed; waits
 * up to timeout_ms for the answer. Sets and returns p->state. */
enum kiosk_printer printer_status(struct printer *p);
/* Writes the whole buffer (waiting up to a few seconds for a slow
 * printer). 0, or -1 with the device closed and the state OFFLINE. */
int	printer_write(struct printer *p, const void *buf, size_t len);

#endif
