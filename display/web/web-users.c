/*
 * web-users.c - antre-web's users file (web-users.h): "name:role:hash"
 * lines, the hash yescrypt's from libxcrypt, the file written whole and
 * renamed into place with mode 0600.
 */
#include "web-users.h"

#include <crypt.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "log.h"

#define USERS_MAX	64
#define LINE_MAX_LEN	(WEB_USER_MAX + 16 + CRYPT_OUTPUT_SIZE)

struct entry {
	char		name[WEB_USER_MAX];
	enum web_role	role;
	char		hash[CRYPT_OUTPUT_SIZE];
};

struct table {
	int		n;
	struct entry	e[USERS_MAX];
};

const char *
web_role_name(enum web_role r)
{
	switch (r) {
	case WEB_ROLE_HEAD:
		return "kepala";
	case WEB_ROLE_ADMIN:
		return "admin";
	default:
		return "";
	}
}

enum web_role
web_role_parse(const char *s)
{
	if (strcmp(s, "kepala") == 0)
		return WEB_ROLE_HEAD;
	if (strcmp(s, "admin") == 0)
		return WEB_ROLE_ADMIN;
	return WEB_ROLE_NONE;
}

int
web_user_name_check(const char *name, char *why, size_t whylen)
{
	size_t i, n = strlen(name);

	if (n == 0 || n >= WEB_USER_MAX) {
		snprintf(why, whylen, "Nama pengguna 1 sampai %d karakter",
		    WEB_USER_MAX - 1);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
		    name[i] == '_' || name[i] == '-')) {
			snprintf(why, whylen, "Nama pengguna hanya huruf "
			    "kecil, angka, titik, garis bawah dan tanda "
			    "hubung");
			return -1;
		}
	return 0;
}

static int
password_check(const char *pw, char *why, size_t whylen)
{
	size_t i, n = strlen(pw);

	if (n < WEB_PASS_MIN) {
		snprintf(why, whylen, "Sandi minimal %d karakter",
		    WEB_PASS_MIN);
		return -1;
	}
	if (n > WEB_PASS_MAX) {
		snprintf(why, whylen, "Sandi paling panjang %d karakter",
		    WEB_PASS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f) {
			snprintf(why, whylen, "Sandi tidak boleh berisi "
			    "karakter kendali");
			return -1;
		}
	return 0;
}

/* Reads the file into t. A missing file is an empty table. Lines that
 * are not "name:role:hash" are logged and left out. */
static int
table_read(const char *path, struct table *t)
{
	char line[LINE_MAX_LEN + 2], *name, *role, *hash, *p, why[96];
	FILE *f;
	int lineno = 0;

	memset(t, 0, sizeof(*t));
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		p = line;
		name = strsep(&p, ":");
		role = strsep(&p, ":");
		hash = p;
		if (role == NULL || hash == NULL ||
		    web_user_name_check(name, why, sizeof(why)) == -1 ||
		    web_role_parse(role) == WEB_ROLE_NONE ||
		    strlen(hash) >= CRYPT_OUTPUT_SIZE || hash[0] != '$') {
			log_warnx("%s:%d: not \"name:kepala|admin:hash\", "
			    "left out", path, lineno);
			continue;
		}
		if (t->n == USERS_MAX) {
			log_warnx("%s: more than %d users, the rest left out",
			    path, USERS_MAX);
			break;
		}
		snprintf(t->e[t->n].name, sizeof(t->e[t->n].name), "%s",
		    name);
		t->e[t->n].role = web_role_parse(role);
		snprintf(t->e[t->n].hash, sizeof(t->e[t->n].hash), "%s",
		    hash);
		t->n++;
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	return 0;
}

static int
table_write(const char *path, const struct table *t)
{
	struct atomic_file af;
	struct stat st;
	char dir[PATH_MAX];
	int i;

	if (atomic_open(&af, path, 0600) == -1) {
		log_warn("%s", path);
		return -1;
	}
	/* root's "antre-web user add" writes the file for the service:
	 * it belongs to whoever owns its directory (antre). */
	path_dir(path, dir, sizeof(dir));
	if (geteuid() == 0 && stat(dir, &st) == 0 && st.st_uid != 0 &&
	    fchown(fileno(af.f), st.st_uid, st.st_gid) == -1) {
		log_warn("%s: chown", path);
		atomic_abort(&af);
		return -1;
	}
	for (i = 0; i < t->n; i++)
		fprintf(af.f, "%s:%s:%s\n", t->e[i].name,
		    web_role_name(t->e[i].role), t->e[i].hash);
	if (ferror(af.f)) {
		atomic_abort(&af);
		log_warnx("%s: write failed", path);
		return -1;
	}
	if (atomic_commit(&af) == -1) {
		log_warn("%s", path);
		return -1;
	}
	return 0;
}

static struct entry *
table_find(struct table *t, const char *name)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->e[i].name, name) == 0)
			return &t->e[i];
	return NULL;
}

/* crypt_rn's answer for password against setting; -1 when it fails. */
static int
hash_with(const char *password, const char *setting, char *out,
    size_t outlen)
{
	struct crypt_data *cd;
	int rc = -1;

	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return -1;
	if (crypt_rn(password, setting, cd, sizeof(*cd)) != NULL &&
	    cd->output[0] != '*' && strlen(cd->output) < outlen) {
		strcpy(out, cd->output);
		rc = 0;
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return rc;
}

static int
hash_new(const char *password, char *out, size_t outlen)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];

	/* NULL random bytes: libxcrypt takes them from the kernel. */
	if (crypt_gensalt_rn("$y$", 0, NULL, 0, setting,
	    sizeof(setting)) == NULL) {
		log_warn("crypt_gensalt");
		return -1;
	}
	return hash_with(password, setting, out, outlen);
}

static bool
equal_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i % (lb + 1)];
	return d == 0;
}

enum web_role
web_users_check(const char *path, const char *name, const char *password)
{
	static char dummy[CRYPT_OUTPUT_SIZE];
	struct table *t;
	struct entry *e;
	char got[CRYPT_OUTPUT_SIZE];
	enum web_role role = WEB_ROLE_NONE;
	const char *setting;

	/* An unknown user costs a hash too: the time does not tell which
	 * names exist. */
	if (dummy[0] == '\0' && hash_new("antre-web", dummy,
	    sizeof(dummy)) == -1)
		return WEB_ROLE_NONE;
	if ((t = malloc(sizeof(*t))) == NULL)
		return WEB_ROLE_NONE;
	e = NULL;
	if (table_read(path, t) == 0 && strlen(password) <= WEB_PASS_MAX)
		e = table_find(t, name);
	setting = e != NULL ? e->hash : dummy;
	if (hash_with(password, setting, got, sizeof(got)) == 0 &&
	    equal_ct(got, setting) && e != NULL)
		role = e->role;
	explicit_bzero(got, sizeof(got));
	explicit_bzero(t, sizeof(*t));
	free(t);
	return role;
}

int
web_users_list(const char *path, struct web_user *u, int max)
{
	struct table *t;
	int i, n;

	if ((t = malloc(sizeof(*t))) == NULL)
		return -1;
	if (table_read(path, t) == -1) {
		free(t);
		return -1;
	}
	for (n = i = 0; i < t->n && n < max; i++, n++) {
		snprintf(u[n].name, sizeof(u[n].name), "%s", t->e[i].name);
		u[n].role = t->e[i].role;
	}
	free(t);
	return n;
}

int
web_users_set(const char *path, const char *name, enum web_role role,
    const char *password, char *why, size_t whylen)
{
	struct table *t;
	struct entry *e;
	int rc = -1;

	if (web_user_name_check(name, why, whylen) == -1 ||
	    password_check(password, why, whylen) == -1)
		return -1;
	if ((t = malloc(sizeof(*t))) == NULL) {
		snprintf(why, whylen, "Memori tidak cukup");
		return -1;
	}
	if (table_read(path, t) == -1) {
		snprintf(why, whylen, "Berkas pengguna tidak terbaca");
		goto out;
	}
	if ((e = table_find(t, name)) == NULL) {
		if (role == WEB_ROLE_NONE) {
			snprintf(why, whylen, "Pengguna tidak dikenal");
			goto out;
		}
		if (t->n == USERS_MAX) {
			snprintf(why, whylen, "Paling banyak %d pengguna",
			    USERS_MAX);
			goto out;
		}
		e = &t->e[t->n++];
		snprintf(e->name, sizeof(e->name), "%s", name);
	}
	if (role != WEB_ROLE_NONE)
		e->role = role;
	if (hash_new(password, e->hash, sizeof(e->hash)) == -1) {
		snprintf(why, whylen, "Sandi tidak dapat di-hash");
		goto out;
	}
	if (table_write(path, t) == -1) {
		snprintf(why, whylen, "Berkas pengguna tidak dapat ditulis");
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(t, sizeof(*t));
	free(t);
	return rc;
}

int
web_users_del(const char *path, const char *name, char *why, size_t whylen)
{
	struct table *t;
	struct entry *e;
	int rc = -1;

	if ((t = malloc(sizeof(*t))) == NULL) {
		snprintf(why, whylen, "Memori tidak cukup");
		return -1;
	}
	if (table_read(path, t) == -1) {
		snprintf(why, whylen, "Berkas pengguna tidak terbaca");
		goto out;
	}
	if ((e = table_find(t, name)) == NULL) {
		snprintf(why, whylen, "Pengguna tidak dikenal");
		goto out;
	}
	memmove(e, e + 1, (size_t)(&t->e[t->n] - (e + 1)) * sizeof(*e));
	t->n--;
	if (table_write(path, t) == -1) {
		snprintf(why, whylen, "Berkas pengguna tidak dapat ditulis");
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(t, sizeof(*t));
	free(t);
	return rc;
}
