/* box.c - the poll loop of a box at the counter (box.h). */
#include "box.h"

#include <errno.h>
#include <poll.h>

#include "clock.h"
#include "daemon.h"
#include "log.h"

int
box_run(const struct box_loop *l)
{
	struct pollfd pfd[3];
	int timeout;

	while (!*l->quit) {
		timeout = l->timers(l->arg, mono_ms());
		pfd[0] = (struct pollfd){ .fd = l->sigfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = gpio_fd(l->gpio),
		    .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = mqtt_fd(l->mqtt),
		    .events = mqtt_events(l->mqtt) };
		if (poll(pfd, 3, timeout) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			return -1;
		}
		if (pfd[0].revents && signals_read(l->sigfd))
			*l->quit = true;
		if (pfd[1].revents)
			l->edges(l->arg);
		if (pfd[2].revents)
			mqtt_handle(l->mqtt, pfd[2].revents);
	}
	return 0;
}
