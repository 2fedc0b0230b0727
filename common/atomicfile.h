/*
 * atomicfile.h - files that appear whole or not at all, even across a
 * power cut.
 */
#ifndef ANTRE_ATOMICFILE_H
#define ANTRE_ATOMICFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * A new version of a file: written through f under a fresh temporary
 * name in the same directory (made with O_EXCL, so an existing file or a
 * symlink planted there is never written through), then put in place by
 * atomic_commit(). Readers see the old file or the whole new one.
 */
struct atomic_file {
	char	 path[PATH_MAX];	/* the final name */
	char	 tmp[PATH_MAX];		/* where it is written until then */
	FILE	*f;			/* NULL once synced and closed */
};

/* Creates the temporary file with the given mode (umask aside). 0, or -1
 * with errno set and nothing created. */
int	atomic_open(struct atomic_file *af, const char *path, mode_t mode);
/* Flushes, syncs and closes the temporary file: it is whole on the disk
 * under af->tmp (a caller may link it elsewhere too). 0, or -1 with
 * errno set. */
int	atomic_sync(struct atomic_file *af);
/* Syncs the file if not yet done, renames it over af->path and syncs the
 * directory. 0, or -1 with errno set, the temporary file removed and
 * af->path as it was before (removed if the rename had happened but the
 * directory could not be synced: it might not survive a power cut). */
int	atomic_commit(struct atomic_file *af);
/* Closes and removes the temporary file: nothing of it remains. */
void	atomic_abort(struct atomic_file *af);
/* The same end for a file a library wrote by name (an SQLite copy): sync
 * tmp, rename it over path, sync the directory; -1 with errno set, tmp
 * removed and path as in atomic_commit(). */
int	atomic_rename(const char *tmp, const char *path);

/* fsync() of a file, or (dir) of a directory so that a rename in it
 * survives a power cut. 0, or -1 with errno set. */
int	fsync_path(const char *path, int dir);
/* The directory path is in: "." for a bare name, "/" at the root. */
void	path_dir(const char *path, char *dir, size_t len);

#endif
