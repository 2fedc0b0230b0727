/*
 * replay.c - runs a fuzz target over saved inputs, for compilers without
 * libFuzzer: the seed corpus becomes an ordinary regression test.
 *
 * usage: replay dir-or-file...
 * Every regular file of each directory (not recursive) is one input. A
 * failing input aborts inside the target; an empty or unreadable argument
 * fails the run, so a mistyped corpus path cannot pass silently.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	uint8_t *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n",
				    path);
				goto err;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto err;
	}
	fclose(fp);
	/* Trim to the exact size, so ASan catches a read past the end. */
	if ((nbuf = realloc(buf, len > 0 ? len : 1)) == NULL) {
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(nbuf, len);
	free(nbuf);
	return 0;
err:
	free(buf);
	fclose(fp);
	return -1;
}

static int
replay_dir(const char *dir, int *count)
{
	struct dirent *de;
	struct stat sb;
	char path[4096];
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path)) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir,
			    de->d_name);
			rc = -1;
			continue;
		}
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if (replay_file(path) == -1)
			rc = -1;
		else
			(*count)++;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct stat sb;
	int i, count, total = 0, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s dir-or-file...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		count = 0;
		if (stat(argv[i], &sb) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (replay_dir(argv[i], &count) == -1)
				rc = 1;
		} else if (replay_file(argv[i]) == 0)
			count = 1;
		else
			rc = 1;
		if (count == 0) {
			fprintf(stderr, "replay: %s: no inputs\n", argv[i]);
			rc = 1;
		}
		total += count;
	}
	printf("replay: %d inputs, %s\n", total, rc ? "FAILED" : "ok");
	return rc;
}
