/* resolve.c — which of many overlapping results to keep (see resolve.h).
 *
 * Greedy, best first. Kept spans never share a byte and are never empty,
 * so sorted by start they are sorted by end too, and a candidate overlaps
 * some kept span exactly when the kept span with the smallest end past
 * the candidate's start begins before the candidate's end. Kept spans are
 * marked by their end in a bit tree over the distinct ends of all
 * candidates; "the smallest marked end past x" is one walk up and down
 * the tree. Each candidate costs O(log n) whatever its length or the
 * number of spans kept: an array kept sorted by insertion made
 * hostile texts (100,000s of results) quadratic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "resolve.h"

typedef struct ranked {
  double ntokens, nbytes, priority, start;
  uint32_t index;
} ranked;

/* The order of R.resolve: most tokens, most bytes, highest priority,
 * earliest start, first in the input. A total order, so the result does
 * not depend on the sort. */
static int rank_before(const ranked *a, const ranked *b)
{
  if (a->ntokens != b->ntokens) return a->ntokens > b->ntokens;
  if (a->nbytes != b->nbytes) return a->nbytes > b->nbytes;
  if (a->priority != b->priority) return a->priority > b->priority;
  if (a->start != b->start) return a->start < b->start;
  return a->index < b->index;
}

/* A merge sort, defined for each of the two arrays resolve sorts with
 * its order inlined: qsort's comparator calls were over half of the time
 * spent here. Runs of RUN
 * are sorted by insertion, then merged pairwise between x and tmp (room
 * for n). Both orders are total: any correct sort gives the same array. */
#define RUN 8

/* Defines static void name(type *x, type *tmp, size_t n), the sort by
 * before(const type *, const type *) (inlined: no call per step). */
#define DEFINE_MERGE_SORT(name, type, before)                               \
  static void name(type *x, type *tmp, size_t n)                            \
  {                                                                         \
    size_t i, j, w;                                                         \
    type *from = x, *to = tmp, *swap;                                       \
    for (i = 0; i < n; i += RUN) {                                          \
      size_t end = i + RUN < n ? i + RUN : n;                               \
      for (j = i + 1; j < end; j++) {                                       \
        type v = x[j];                                                      \
        size_t k = j;                                                       \
        while (k > i && before(&v, &x[k - 1])) {                            \
          x[k] = x[k - 1];                                                  \
          k--;                                                              \
        }                                                                   \
        x[k] = v;                                                           \
      }                                                                     \
    }                                                                       \
    for (w = RUN; w < n; w *= 2) {                                          \
      for (i = 0; i < n; i += 2 * w) {                                      \
        size_t a = i, mid = i + w < n ? i + w : n, b = mid;                 \
        size_t end = i + 2 * w < n ? i + 2 * w : n, k = i;                  \
        while (a < mid && b < end)                                          \
          to[k++] = before(&from[b], &from[a]) ? from[b++] : from[a++];     \
        while (a < mid) to[k++] = from[a++];                                \
        while (b < end) to[k++] = from[b++];                                \
      }                                                                     \
      swap = from;                                                          \
      from = to;                                                            \
      to = swap;                                                            \
    }                                                                       \
    if (from != x) memcpy(x, from, n * sizeof *x);                          \
  }

static int double_before(const double *a, const double *b) { return *a < *b; }

DEFINE_MERGE_SORT(sort_ranked, ranked, rank_before)
DEFINE_MERGE_SORT(sort_doubles, double, double_before)

/* First index of e[0..n) (ascending) whose value is > x (strict) or >= x. */
static size_t bound(const double *e, size_t n, double x, int strict)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strict ? e[mid] > x : e[mid] >= x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/* The bit tree: leaves size..2*size-1 (one per distinct end), an inner
 * node is set when a leaf below it is. */
static void mark(uint8_t *tree, size_t size, size_t leaf)
{
  size_t i;
  for (i = leaf + size; i >= 1 && !tree[i]; i /= 2) tree[i] = 1;
}

/* The first marked leaf >= leaf, or size when none. */
static size_t next_marked(const uint8_t *tree, size_t size, size_t leaf)
{
  size_t i;
  if (leaf >= size) return size;
  i = leaf + size;
  if (tree[i]) return leaf;
  /* Up until a right sibling holds a mark, then down its leftmost path. */
  while (i > 1) {
    if ((i & 1) == 0 && tree[i + 1]) {
      i++;
      break;
    }
    i /= 2;
  }
  if (i == 1) return size;
  while (i < size) i = tree[2 * i] ? 2 * i : 2 * i + 1;
  return i - size;
}

glean_status glean_resolve(const glean_candidate *c, size_t n,
                           const glean_allocator *a, uint32_t *winner,
                           uint32_t *kept, size_t *nkept, glean_error *err)
{
  ranked *order = NULL;
  double *ends = NULL;
  uint8_t *tree = NULL;
  uint32_t *owner = NULL;
  size_t i, m = 0, size = 1, k = 0;
  glean_status st = GLEAN_OK;

  *nkept = 0;
  if (n == 0) return GLEAN_OK;
  if (n >= UINT32_MAX || n > SIZE_MAX / 8 / sizeof *order)
    return glean_fail(err, GLEAN_ELIMIT, "resolve: too many results");
  for (i = 0; i < n; i++) {
    if (isnan(c[i].ntokens) || isnan(c[i].priority) || !(c[i].start < c[i].end))
      return glean_fail(err, GLEAN_EINVAL, "resolve: result %zu has an "
                        "empty span or a NaN", i + 1);
  }
  /* Each array with room for the merge sort's other half. */
  order = glean_mem_alloc(a, 2 * n * sizeof *order);
  ends = glean_mem_alloc(a, 2 * n * sizeof *ends);
  if (order == NULL || ends == NULL) goto oom;
  for (i = 0; i < n; i++) {
    order[i].ntokens = c[i].ntokens;
    order[i].nbytes = c[i].end - c[i].start;
    order[i].priority = c[i].priority;
    order[i].start = c[i].start;
    order[i].index = (uint32_t)i;
    ends[i] = c[i].end;
  }
  sort_ranked(order, order + n, n);
  sort_doubles(ends, ends + n, n);
  for (i = 0; i < n; i++)  /* distinct ends */
    if (m == 0 || ends[i] != ends[m - 1]) ends[m++] = ends[i];
  while (size < m) size *= 2;
  tree = glean_mem_alloc(a, 2 * size);
  owner = glean_mem_alloc(a, m * sizeof *owner);
  if (tree == NULL || owner == NULL) goto oom;
  memset(tree, 0, 2 * size);

  for (i = 0; i < n; i++) {
    uint32_t r = order[i].index;
    size_t leaf = next_marked(tree, size, bound(ends, m, c[r].start, 1));
    if (leaf < m && c[owner[leaf]].start < c[r].end) {
      winner[r] = owner[leaf];
    } else {
      winner[r] = GLEAN_RESOLVE_KEPT;
      leaf = bound(ends, m, c[r].end, 0);
      owner[leaf] = r;
      mark(tree, size, leaf);
    }
  }
  /* Marked leaves in order of end: the kept spans in order of start. */
  for (i = next_marked(tree, size, 0); i < m; i = next_marked(tree, size, i + 1))
    kept[k++] = owner[i];
  *nkept = k;
  goto done;
oom:
  st = glean_fail(err, GLEAN_ENOMEM, "resolve: out of memory");
done:
  glean_mem_free(a, order, 2 * n * sizeof *order);
  glean_mem_free(a, ends, 2 * n * sizeof *ends);
  glean_mem_free(a, tree, 2 * size);
  glean_mem_free(a, owner, m * sizeof *owner);
  return st;
}
