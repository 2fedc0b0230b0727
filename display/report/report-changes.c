/*
 * report-changes.c - the office's changes in a period: each 'setting'
 * event of the log, its detail (the admin command as antre-web sent it)
 * read back with the protocol's codec, printed as the other commands
 * print their rows.
 */
#include "report-changes.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proto-admin.h"
#include "report-out.h"

struct change {
	int64_t		 time_ms;
	char		 day[11];
	char		 id[PROTO_ID_MAX];
	char		*detail;	/* the command as antre-web sent it */
};

struct changes {
	struct change	*rows;
	int		 n, cap;
	int		 failed;
	struct admin_cmd cmd;		/* a row's, decoded to print it */
};

/* Row c's command into ch->cmd; its user "" when the detail does not
 * read (the row is still listed). */
static const struct admin_cmd *
decode(struct changes *ch, const struct change *c)
{
	char err[PROTO_REASON_MAX];

	if (c->detail == NULL || admin_cmd_decode(c->detail,
	    strlen(c->detail), &ch->cmd, err, sizeof(err)) == -1)
		memset(&ch->cmd, 0, sizeof(ch->cmd));
	return &ch->cmd;
}

static int
collect(void *arg, const struct event *ev)
{
	struct changes *ch = arg;
	struct change *c;

	if (ev->kind != EV_SETTING)
		return 0;
	if (ch->n == ch->cap) {
		ch->cap = ch->cap ? ch->cap * 2 : 16;
		if ((c = reallocarray(ch->rows, ch->cap, sizeof(*c))) ==
		    NULL) {
			ch->failed = 1;
			return -1;
		}
		ch->rows = c;
	}
	c = &ch->rows[ch->n++];
	memset(c, 0, sizeof(*c));
	c->time_ms = ev->time_ms;
	memcpy(c->day, ev->day, sizeof(c->day));
	memcpy(c->id, ev->cmd_id, sizeof(c->id));
	if (ev->detail != NULL && (c->detail = strdup(ev->detail)) == NULL) {
		ch->failed = 1;
		return -1;
	}
	return 0;
}

static void
csv_field(FILE *f, const char *s, char sep, int first)
{
	if (!first)
		fputc(sep, f);
	if (strchr(s, sep) != NULL || strpbrk(s, "\"\r\n") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
}

static const char *
op_name(const struct admin_cmd *cmd)
{
	if (cmd->user[0] == '\0')
		return "?";
	return cmd->op == ADMIN_SET ? "set" : "note";
}

static void
csv_row(FILE *f, const struct change *c, const struct admin_cmd *cmd,
    const char *key, const char *value, char sep)
{
	char t[OUT_CELL];

	report_time_text(t, sizeof(t), c->time_ms, 0);
	csv_field(f, t, sep, 1);
	csv_field(f, c->day, sep, 0);
	csv_field(f, cmd->user, sep, 0);
	csv_field(f, c->id, sep, 0);
	csv_field(f, op_name(cmd), sep, 0);
	csv_field(f, key, sep, 0);
	csv_field(f, value, sep, 0);
	fputs("\r\n", f);
}

static void
print_csv(FILE *f, struct changes *ch, char sep)
{
	const struct admin_cmd *cmd;
	static const char *const heads[] = { "time", "day", "user", "id",
	    "op", "key", "value" };
	const struct change *c;
	size_t k;
	int i, p;

	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		csv_field(f, heads[k], sep, k == 0);
	fputs("\r\n", f);
	for (i = 0; i < ch->n; i++) {
		c = &ch->rows[i];
		cmd = decode(ch, c);
		if (cmd->op == ADMIN_NOTE || cmd->user[0] == '\0')
			csv_row(f, c, cmd, "", cmd->note, sep);
		for (p = 0; cmd->op == ADMIN_SET && p < cmd->nset; p++)
			csv_row(f, c, cmd, cmd->set[p].key, cmd->set[p].value,
			    sep);
	}
}

static void
print_table(FILE *f, struct changes *ch, const char *from, const char *to)
{
	const struct admin_cmd *cmd;
	const struct change *c;
	char t[OUT_CELL];
	int i, p;

	fprintf(f, "Changes by the office %s .. %s\n\n", from, to);
	fprintf(f, "%-19s  %-16s  %s\n", "time", "user", "what");
	for (i = 0; i < ch->n; i++) {
		c = &ch->rows[i];
		cmd = decode(ch, c);
		report_time_text(t, sizeof(t), c->time_ms, 0);
		fprintf(f, "%-19s  %-16s  ", t, cmd->user[0] != '\0' ?
		    cmd->user : "?");
		if (cmd->user[0] == '\0')
			fprintf(f, "(detail unreadable, id %s)\n", c->id);
		else if (cmd->op == ADMIN_NOTE)
			fprintf(f, "note: %s\n", cmd->note);
		for (p = 0; cmd->op == ADMIN_SET && p < cmd->nset; p++)
			fprintf(f, "%*s%s = \"%s\"\n", p > 0 ? 39 : 0, "",
			    cmd->set[p].key, cmd->set[p].value);
	}
	fprintf(f, "\n%d change(s)\n", ch->n);
}

static int
print_json(FILE *f, struct changes *ch, const char *from, const char *to)
{
	const struct admin_cmd *cmd;
	const struct change *c;
	json_t *root = json_object(), *rows = json_array(), *o, *set, *pair;
	char t[OUT_CELL];
	int i, p, rc;

	json_object_set_new(root, "report", json_string("changes"));
	json_object_set_new(root, "from", json_string(from));
	json_object_set_new(root, "to", json_string(to));
	for (i = 0; i < ch->n; i++) {
		c = &ch->rows[i];
		cmd = decode(ch, c);
		o = json_object();
		report_time_text(t, sizeof(t), c->time_ms, 1);
		json_object_set_new(o, "time", json_string(t));
		json_object_set_new(o, "day", json_string(c->day));
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "user", cmd->user[0] != '\0' ?
		    json_string(cmd->user) : json_null());
		json_object_set_new(o, "op", json_string(op_name(cmd)));
		if (cmd->op == ADMIN_NOTE && cmd->user[0] != '\0')
			json_object_set_new(o, "note", json_string(cmd->note));
		set = json_array();
		for (p = 0; cmd->op == ADMIN_SET && p < cmd->nset; p++) {
			pair = json_object();
			json_object_set_new(pair, "key",
			    json_string(cmd->set[p].key));
			json_object_set_new(pair, "value",
			    json_string(cmd->set[p].value));
			json_array_append_new(set, pair);
		}
		json_object_set_new(o, "changes", set);
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "rows", rows);
	rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(root);
	return rc;
}

int
report_changes(FILE *f, struct store *s, const char *from, const char *to,
    enum report_format fmt, char sep)
{
	struct changes *ch;
	int i, rc = 0;

	if ((ch = calloc(1, sizeof(*ch))) == NULL)
		return -1;
	if (store_read_begin(s) == -1) {
		free(ch);
		return -1;
	}
	if (store_replay_range(s, from, to, collect, ch) == -1 || ch->failed)
		rc = -1;
	store_read_end(s);
	if (rc == 0) {
		if (fmt == FORMAT_JSON)
			rc = print_json(f, ch, from, to);
		else if (fmt == FORMAT_CSV)
			print_csv(f, ch, sep);
		else
			print_table(f, ch, from, to);
		if (fflush(f) == EOF || ferror(f))
			rc = -1;
	}
	for (i = 0; i < ch->n; i++)
		free(ch->rows[i].detail);
	free(ch->rows);
	free(ch);
	return rc;
}
