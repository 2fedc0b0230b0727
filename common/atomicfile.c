/*
 * atomicfile.c - files that survive a power cut: written under a
 * temporary name beside their final one, synced, renamed over it, and
 * the directory synced. See atomicfile.h.
 */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
fsync_path(const char *path, int dir)
{
	int fd, saved;

	if ((fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC))
	    == -1)
		return -1;
	if (fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

void
path_dir(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}
