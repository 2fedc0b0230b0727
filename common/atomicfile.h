/*
 * atomicfile.h - files that appear whole or not at all, even across a
 * power cut.
 */
#ifndef ANTRE_ATOMICFILE_H
#define ANTRE_ATOMICFILE_H

#include <stddef.h>

/* fsync() of a file, or (dir) of a directory so that a rename in it
 * survives a power cut. 0, or -1 with errno set. */
int	fsync_path(const char *path, int dir);
/* The directory path is in: "." for a bare name, "/" at the root. */
void	path_dir(const char *path, char *dir, size_t len);

#endif
