/*
 * printer.c - the printer device. See printer.h.
 *
 * The status answer is read synchronously: it takes a few milliseconds
 * on a printer that answers, and at most timeout_ms on one that does not
 * (the kiosk asks before a take, and every few seconds while idle).
 */
#include "printer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

#define WRITE_TIMEOUT_MS	5000

static speed_t
printer_speed(int baud)
{
	switch (baud) {
	case 19200:
		return B19200;
	case 38400:
		return B38400;
	case 57600:
		return B57600;
	case 115200:
		return B115200;
	default:
		return B9600;
	}
}

void
printer_init(struct printer *p, const char *path, int baud, int timeout_ms)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->path, sizeof(p->path), "%s", path);
	p->baud = baud;
	p->timeout_ms = timeout_ms;
	p->fd = -1;
	p->state = PRINTER_OFFLINE;
}

void
printer_close(struct printer *p)
{
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
}

static void
printer_gone(struct printer *p, const char *what)
{
	snprintf(p->why, sizeof(p->why), "%s: %s", what, strerror(errno));
	printer_close(p);
	p->state = PRINTER_OFFLINE;
}

static int
printer_open(struct printer *p)
{
	struct termios tio;

	if (p->fd != -1)
		return 0;
	p->fd = open(p->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (p->fd == -1) {
		printer_gone(p, "open");
		return -1;
	}
	if (isatty(p->fd)) {
		if (tcgetattr(p->fd, &tio) == -1) {
			printer_gone(p, "tcgetattr");
			return -1;
		}
		cfmakeraw(&tio);
		cfsetispeed(&tio, printer_speed(p->baud));
		cfsetospeed(&tio, printer_speed(p->baud));
		tio.c_cflag |= CLOCAL | CREAD;
		if (tcsetattr(p->fd, TCSANOW, &tio) == -1) {
			printer_gone(p, "tcsetattr");
			return -1;
		}
	}
	log_info("printer %s opened", p->path);
	return 0;
}

/* Writes len bytes by deadline (monotonic ms). 0 or -1. */
static int
printer_put(struct printer *p, const unsigned char *b, size_t len,
    int64_t deadline)
{
	struct pollfd pfd;
	ssize_t w;
	int64_t now;

	while (len > 0) {
		w = write(p->fd, b, len);
		if (w > 0) {
			b += w;
			len -= (size_t)w;
			continue;
		}
		if (w == -1 && errno != EAGAIN && errno != EINTR) {
			printer_gone(p, "write");
			return -1;
		}
		if ((now = mono_ms()) >= deadline) {
			errno = ETIMEDOUT;
			printer_gone(p, "write");
			return -1;
		}
		pfd = (struct pollfd){ .fd = p->fd, .events = POLLOUT };
		if (poll(&pfd, 1, (int)(deadline - now)) == -1 &&
		    errno != EINTR) {
			printer_gone(p, "poll");
			return -1;
		}
	}
	return 0;
}

enum kiosk_printer
printer_status(struct printer *p)
{
	unsigned char req[3 * ESCPOS_STATUS_QUERIES], ans[16], junk[64];
	struct pollfd pfd;
	const char *why;
	size_t got = 0;
	ssize_t r;
	int64_t deadline, now;

	if (printer_open(p) == -1)
		return p->state;
	/* What a printer said earlier (late answers) is not this one. */
	while (read(p->fd, junk, sizeof(junk)) > 0)
		;
	escpos_status_request(req);
	deadline = mono_ms() + p->timeout_ms;
	if (printer_put(p, req, sizeof(req), deadline) == -1)
		return p->state;
	while (got < ESCPOS_STATUS_QUERIES + 1) {
		r = read(p->fd, ans + got, sizeof(ans) - got);
		if (r > 0) {
			got += (size_t)r;
			/* A fifth byte is garbage: take what came with
			 * the four, not more. */
			if (got >= ESCPOS_STATUS_QUERIES)
				break;
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			printer_gone(p, "read");
			return p->state;
		}
		if ((now = mono_ms()) >= deadline)
			break;
		pfd = (struct pollfd){ .fd = p->fd, .events = POLLIN };
		if (poll(&pfd, 1, (int)(deadline - now)) == -1 &&
		    errno != EINTR) {
			printer_gone(p, "poll");
			return p->state;
		}
	}
	p->state = escpos_status_parse(ans, got, &why);
	snprintf(p->why, sizeof(p->why), "%s", why);
	return p->state;
}

int
printer_write(struct printer *p, const void *buf, size_t len)
{
	if (printer_open(p) == -1)
		return -1;
	/* In the device's buffer: a serial port sends it on its own
	 * (no tcdrain: it would hold the loop for the whole ticket). */
	return printer_put(p, buf, len, mono_ms() + WRITE_TIMEOUT_MS);
}
