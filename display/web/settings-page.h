/*
 * settings-page.h - the HTML of /pengaturan (settings-page.c): the
 * services, the desks' services in calling order, the running text,
 * the voice's quiet hours and the web users, each a form of its own
 * with a message next to every field that was refused.
 */
#ifndef ANTRE_SETTINGS_PAGE_H
#define ANTRE_SETTINGS_PAGE_H

#include "settings-form.h"
#include "wbuf.h"
#include "web-page.h"
#include "web-users.h"

struct settings_view {
	const struct settings	*cur;	/* NULL: the central not heard from */
	/* The messages to show at their fields ("" at the top of the
	 * form of kind form->kind); NULL when none. */
	const struct sform	*form;
	/* The refused form's fields show what the admin typed (r's
	 * arguments), never a password; the others what the hall runs. */
	int			 typed;
	const char		*notice;	/* at the top; NULL: none */
	int			 notice_bad;	/* it says something failed */
	int			 refresh;	/* reload in a second */
	const struct web_user	*users;
	int			 nusers;	/* -1: the file unreadable */
};

void	settings_page(struct wbuf *b, const struct web_req *r,
	    const struct settings_view *v);

#endif
