/*
 * fuzz_settings_form.c - antre-web's settings forms (sform_check,
 * sform_user; display/web/settings-form.c) on arbitrary fields.
 *
 * The input's first byte picks the form; the rest is "name=value"
 * lines. A refused form has messages and no pair; an accepted one has
 * 0 to ADMIN_SET_MAX pairs, which the protocol's encoder takes and its
 * decoder gives back unchanged: what the form lets through, the central
 * can be sent. Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings-form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELDS	64

struct fields {
	int		 n;
	const char	*name[FIELDS];
	const char	*value[FIELDS];
};

static void __attribute__((noreturn))
fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_settings_form: %s: \"%s\"\n", what, detail);
	abort();
}

static void
quiet(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

static const char *
field(const struct web_req *r, const char *name)
{
	const struct fields *f = r->cls;
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

static void
hall(struct settings *st)
{
	memset(st, 0, sizeof(*st));
	st->nservices = 2;
	st->services[0] = (struct settings_service){ 'A', "KTP", 15, 200,
	    14 * 60 };
	st->services[1] = (struct settings_service){ 'B', "KK", 0, 0, -1 };
	st->ndesks = 2;
	st->desks[0] = (struct settings_desk){ 1, "Loket 1", "AB" };
	st->desks[1] = (struct settings_desk){ 2, "Loket 2", "B" };
	snprintf(st->running_text, sizeof(st->running_text), "Selamat");
	st->nquiet = 1;
	st->quiet[0].from_min = 12 * 60;
	st->quiet[0].to_min = 13 * 60;
}

static void
check_messages(const struct sform *f)
{
	int i;

	for (i = 0; i < f->nerr; i++)
		if (strnlen(f->err[i].msg, SFORM_MSG_MAX) == 0 ||
		    strnlen(f->err[i].msg, SFORM_MSG_MAX) == SFORM_MSG_MAX)
			fuzz_die("message empty or not terminated",
			    f->err[i].field);
}

/* What was accepted goes through the codec both ways unchanged. */
static void
check_sendable(struct sform *f)
{
	struct admin_cmd *back;
	char err[128], *json;
	int i;

	snprintf(f->cmd.id, sizeof(f->cmd.id), "web-fuzz-1");
	if ((json = admin_cmd_encode(&f->cmd)) == NULL)
		fuzz_die("an accepted form the encoder refuses",
		    f->cmd.nset > 0 ? f->cmd.set[0].value : f->cmd.note);
	if ((back = calloc(1, sizeof(*back))) == NULL)
		abort();
	if (admin_cmd_decode(json, strlen(json), back, err,
	    sizeof(err)) == -1)
		fuzz_die("an accepted form the decoder refuses", err);
	if (back->op != f->cmd.op || back->nset != f->cmd.nset ||
	    strcmp(back->note, f->cmd.note) != 0)
		fuzz_die("the command changed on the wire", json);
	for (i = 0; i < back->nset; i++)
		if (strcmp(back->set[i].key, f->cmd.set[i].key) != 0 ||
		    strcmp(back->set[i].value, f->cmd.set[i].value) != 0)
			fuzz_die("a pair changed on the wire", json);
	free(back);
	free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct web_user users[] = {
		{ "sari", WEB_ROLE_ADMIN },
		{ "budi", WEB_ROLE_HEAD },
	};
	static struct settings st;
	static struct sform f;
	struct fields fl;
	struct web_req r;
	const char *name, *password;
	enum web_role role;
	char *text, *p, *nl, *eq;
	int kind, n;

	if (size < 1)
		return 0;
	log_set_sink(quiet, NULL);
	hall(&st);
	kind = data[0] % (SFORM_USER + 1);
	if ((text = malloc(size)) == NULL)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&fl, 0, sizeof(fl));
	for (p = text; fl.n < FIELDS && p < text + size - 1; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		*nl = '\0';
		if ((eq = strchr(p, '=')) != NULL) {
			*eq = '\0';
			fl.name[fl.n] = p;
			fl.value[fl.n++] = eq + 1;
		}
	}
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.arg = field;
	r.cls = &fl;
	r.user = "sari";
	r.role = WEB_ROLE_ADMIN;

	if (kind == SFORM_USER) {
		n = sform_user(&r, users, 2, &f, &name, &role, &password);
		check_messages(&f);
		if (n == 0)
			check_sendable(&f);
	} else {
		n = sform_check(kind, &st, &r, &f);
		check_messages(&f);
		if (n == -1 && (f.nerr == 0 || f.cmd.nset != 0))
			fuzz_die("refused without a message, or with pairs",
			    "");
		if (n >= 0 && (f.nerr != 0 || n != f.cmd.nset))
			fuzz_die("accepted with a message, or a wrong count",
			    "");
		if (n > 0)
			check_sendable(&f);
	}
	free(text);
	log_set_sink(NULL, NULL);
	return 0;
}
