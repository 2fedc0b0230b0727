/*
 * csvread.h - for report tests: reads back the CSV antre-report writes
 * (RFC 4180, CRLF). Include after <cmocka.h>.
 */
#ifndef ANTRE_CSVREAD_H
#define ANTRE_CSVREAD_H

/* RFC 4180 reader: the fields of one record at *p, advanced past its
 * CRLF. Returns the number of fields, 0 at the end. */
static int __attribute__((unused))
csv_read(const char **p, char sep, char fields[][64], int max)
{
	const char *s = *p;
	int n = 0, k;

	if (*s == '\0')
		return 0;
	for (;;) {
		assert_true(n < max);
		k = 0;
		if (*s == '"') {
			for (s++; !(s[0] == '"' && s[1] != '"'); s++) {
				assert_true(*s != '\0');
				if (s[0] == '"')
					s++;
				assert_true(k < 63);
				fields[n][k++] = *s;
			}
			s++;
		} else
			while (*s != sep && *s != '\r' && *s != '\0') {
				assert_true(k < 63);
				fields[n][k++] = *s++;
			}
		fields[n++][k] = '\0';
		if (*s == sep) {
			s++;
			continue;
		}
		assert_true(s[0] == '\r' && s[1] == '\n');
		*p = s + 2;
		return n;
	}
}

#endif
