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
#include <stdlib.h>
#include <sys/stat.h>
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

int
atomic_open(struct atomic_file *af, const char *path, mode_t mode)
{
	const char *base = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd, saved;

	memset(af, 0, sizeof(*af));
	path_dir(path, dir, sizeof(dir));
	base = base != NULL ? base + 1 : path;
	if (snprintf(af->path, sizeof(af->path), "%s", path) >=
	    (int)sizeof(af->path) ||
	    snprintf(af->tmp, sizeof(af->tmp), "%s/.%s.XXXXXX", dir, base) >=
	    (int)sizeof(af->tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkostemp() opens with O_CREAT|O_EXCL: a name taken by a file or a
	 * symlink is never opened, another random one is tried. */
	if ((fd = mkostemp(af->tmp, O_CLOEXEC)) == -1) {
		af->tmp[0] = '\0';
		return -1;
	}
	if (fchmod(fd, mode) == -1 || (af->f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		unlink(af->tmp);
		af->tmp[0] = '\0';
		errno = saved;
		return -1;
	}
	return 0;
}

int
atomic_sync(struct atomic_file *af)
{
	FILE *f = af->f;
	int saved;

	if (f == NULL)
		return 0;
	af->f = NULL;
	if (fflush(f) == EOF || fsync(fileno(f)) == -1) {
		saved = errno;
		fclose(f);
		errno = saved;
		return -1;
	}
	return fclose(f) == EOF ? -1 : 0;
}

/* The rename and the directory's sync, for a file already on the disk. */
static int
atomic_replace(const char *tmp, const char *path)
{
	char dir[PATH_MAX];
	int saved;

	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	path_dir(path, dir, sizeof(dir));
	if (fsync_path(dir, 1) == -1) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

int
atomic_commit(struct atomic_file *af)
{
	int rc, saved;

	if (atomic_sync(af) == -1) {
		saved = errno;
		unlink(af->tmp);
		af->tmp[0] = '\0';
		errno = saved;
		return -1;
	}
	rc = atomic_replace(af->tmp, af->path);
	af->tmp[0] = '\0';	/* renamed or removed: not ours any more */
	return rc;
}

void
atomic_abort(struct atomic_file *af)
{
	int saved = errno;

	if (af->f != NULL) {
		fclose(af->f);
		af->f = NULL;
	}
	if (af->tmp[0] != '\0')
		unlink(af->tmp);
	errno = saved;
}

int
atomic_rename(const char *tmp, const char *path)
{
	int saved;

	if (fsync_path(tmp, 0) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return atomic_replace(tmp, path);
}
