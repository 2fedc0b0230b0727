/* percentile.c - nearest-rank percentiles of times: sort and selection */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sorts n times in place. A year holds about a million waits; a radix
 * sort over the bytes that differ takes a few passes where qsort() was a
 * third of a yearly summary. Falls back to qsort() for short arrays or
 * when no memory is left.
 */
void
report_sort_ms(int64_t *a, int n)
{
	const uint64_t flip = UINT64_C(1) << 63;	/* negatives first */
	uint64_t *mem, *src, *dst, *t;
	size_t count[256], pos;
	int i, shift, b;

	if (n < 256 || (mem = malloc((size_t)n * sizeof(*mem))) == NULL) {
		qsort(a, (size_t)n, sizeof(*a), cmp_ms);
		return;
	}
	src = (uint64_t *)a;
	dst = mem;
	for (i = 0; i < n; i++)
		src[i] ^= flip;
	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		/* Every value has this byte in common: nothing to do. */
		if (count[(src[0] >> shift) & 0xff] == (size_t)n)
			continue;
		for (pos = 0, b = 0; b < 256; b++) {
			pos += count[b];
			count[b] = pos - count[b];
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != (uint64_t *)a)
		memcpy(a, src, (size_t)n * sizeof(*a));
	for (i = 0; i < n; i++)
		a[i] = (int64_t)((uint64_t)a[i] ^ flip);
	free(mem);
}

/* The index in n sorted values of the p-th percentile by nearest rank:
 * ceil(p * n / 100), from 1, at least the first. */
static int
pct_index(int n, int p)
{
	int rank = (p * n + 99) / 100;

	return rank < 1 ? 0 : rank - 1;
}

int64_t
report_percentile(const int64_t *sorted, int n, int p)
{
	if (n <= 0)
		return -1;
	return sorted[pct_index(n, p)];
}

/* Moves the k-th smallest of a[0..n) (from 0) to a[k], the smaller
 * before it and the larger after it (quickselect, Hoare's partition). */
static void
select_ms(int64_t *a, int n, int k)
{
	int64_t pivot, t;
	int lo = 0, hi = n - 1, mid, i, j;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		/* The median of three: sorted data stays linear. */
		if (a[mid] < a[lo]) {
			t = a[mid]; a[mid] = a[lo]; a[lo] = t;
		}
		if (a[hi] < a[lo]) {
			t = a[hi]; a[hi] = a[lo]; a[lo] = t;
		}
		if (a[hi] < a[mid]) {
			t = a[hi]; a[hi] = a[mid]; a[mid] = t;
		}
		pivot = a[mid];
		i = lo;
		j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				t = a[i]; a[i] = a[j]; a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;		/* a[k] equals the pivot */
	}
}

void
report_percentiles(int64_t *a, int n, int64_t *p50, int64_t *p90,
    int64_t *max)
{
	int k50, k90, i;

	if (n <= 0) {
		*p50 = *p90 = -1;
		if (max != NULL)
			*max = -1;
		return;
	}
	/* A summary needs three values, not the order: selecting them
	 * costs a tenth of a sort of a year's waits. */
	k50 = pct_index(n, 50);
	k90 = pct_index(n, 90);
	select_ms(a, n, k50);
	*p50 = a[k50];
	if (k90 > k50)
		select_ms(a + k50 + 1, n - k50 - 1, k90 - k50 - 1);
	*p90 = a[k90];
	if (max != NULL) {
		*max = a[k90];
		for (i = k90 + 1; i < n; i++)
			if (a[i] > *max)
				*max = a[i];
	}
}
