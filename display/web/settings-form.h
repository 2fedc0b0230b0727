/*
 * settings-form.h - the settings forms checked (settings-form.c): from
 * what the hall runs with now (struct settings) and what the admin
 * submitted, a message in Bahasa Indonesia for every field that is
 * wrong, or the admin command that asks the central for exactly what
 * changed. No I/O: the pages (web-settings.c) send and show.
 *
 * A field is named as the protocol names its key ("service.A.quota",
 * "desk.3.services", "board.running_text", "voice.quiet"), so that the
 * central's answer, which names the key at fault, finds its field; the
 * form that adds a service uses "new.letter", "new.name", ...
 */
#ifndef ANTRE_SETTINGS_FORM_H
#define ANTRE_SETTINGS_FORM_H

#include <stddef.h>

#include "proto-admin.h"
#include "web-page.h"
#include "web-users.h"

#define SFORM_FIELD_MAX	48	/* a field's name, as ADMIN_KEY_MAX */
#define SFORM_MSG_MAX	160
#define SFORM_ERR_MAX	32	/* messages kept; further ones dropped */

enum sform_kind {
	SFORM_SERVICES,		/* POST /pengaturan/layanan */
	SFORM_NEW_SERVICE,	/* POST /pengaturan/layanan-baru */
	SFORM_DESKS,		/* POST /pengaturan/loket */
	SFORM_TEXT,		/* POST /pengaturan/teks */
	SFORM_QUIET,		/* POST /pengaturan/tenang */
	SFORM_USER,		/* POST /pengaturan/pengguna */
};

struct sform_error {
	char	field[SFORM_FIELD_MAX];	/* "" for the form as a whole */
	char	msg[SFORM_MSG_MAX];
};

struct sform {
	enum sform_kind		kind;
	int			nerr;
	struct sform_error	err[SFORM_ERR_MAX];
	struct admin_cmd	cmd;	/* ADMIN_SET, only the changed pairs */
};

/* Checks the form of kind that r carries against cur. -1: refused,
 * f->err says why; 0: valid but nothing changed; else the number of
 * pairs in f->cmd (op, user and pairs filled, id left to the sender).
 * Not for SFORM_USER (sform_user()). */
int	sform_check(enum sform_kind kind, const struct settings *cur,
	    const struct web_req *r, struct sform *f);

/* The users' forms (hidden field "aksi"): "sandi" sets the password of
 * an existing user ("user.name", "user.password", "user.password2"),
 * "tambah" adds one ("new_user.name", "new_user.role", "new_user.password",
 * "new_user.password2"). users are the existing ones. -1: refused (f->err);
 * 0: valid, f->cmd is the ADMIN_NOTE to log, *name, *role and *password
 * point into r's arguments (role WEB_ROLE_NONE: keep the user's). */
int	sform_user(const struct web_req *r, const struct web_user *users,
	    int nusers, struct sform *f, const char **name,
	    enum web_role *role, const char **password);

/* The message for field, NULL when it has none. */
const char	*sform_message(const struct sform *f, const char *field);
/* Adds a message (also for the central's refusals). */
void	sform_add(struct sform *f, const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* 1 when s is valid UTF-8 with no control character, else 0. */
int	sform_text_ok(const char *s);

/* The quiet periods as the protocol writes them ("12:00-13:00,..."). */
void	sform_quiet_text(const struct settings *cur, char *buf, size_t len);

#endif
