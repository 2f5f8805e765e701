/* test_resolve.c — overlap resolution (plugin/resolve.c): the policy of
 * R.resolve, checked case by case and against a plain quadratic version
 * of it on random candidates. */
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "internal.h"
#include "resolve.h"

static glean_candidate cand(double first, double last, double start,
                            double end, double priority)
{
  glean_candidate c;
  c.ntokens = last - first + 1;
  c.start = start;
  c.end = end;
  c.priority = priority;
  return c;
}

/* Runs glean_resolve; returns its status. */
static glean_status run(const glean_candidate *c, size_t n, uint32_t *winner,
                        uint32_t *kept, size_t *nkept)
{
  glean_error err;
  memset(&err, 0, sizeof err);
  return glean_resolve(c, n, NULL, winner, kept, nkept, &err);
}

/* The policy spelled out: best first, kept unless it overlaps a kept one;
 * the winner is the overlapping kept candidate that starts first. */
static int better(const glean_candidate *c, size_t a, size_t b)
{
  double la = c[a].end - c[a].start, lb = c[b].end - c[b].start;
  if (c[a].ntokens != c[b].ntokens) return c[a].ntokens > c[b].ntokens;
  if (la != lb) return la > lb;
  if (c[a].priority != c[b].priority) return c[a].priority > c[b].priority;
  if (c[a].start != c[b].start) return c[a].start < c[b].start;
  return a < b;
}

static void reference(const glean_candidate *c, size_t n, uint32_t *winner)
{
  size_t *order = malloc(n * sizeof *order);
  char *is_kept = calloc(n, 1);
  size_t i, j;
  for (i = 0; i < n; i++) order[i] = i;
  for (i = 1; i < n; i++)  /* insertion sort: fine for tests */
    for (j = i; j > 0 && better(c, order[j], order[j - 1]); j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (i = 0; i < n; i++) {
    size_t r = order[i], best = n;
    for (j = 0; j < n; j++)
      if (is_kept[j] && c[j].start < c[r].end && c[r].start < c[j].end &&
          (best == n || c[j].start < c[best].start))
        best = j;
    if (best == n) {
      is_kept[r] = 1;
      winner[r] = GLEAN_RESOLVE_KEPT;
    } else {
      winner[r] = (uint32_t)best;
    }
  }
  free(order);
  free(is_kept);
}

static void test_policy(void)
{
  uint32_t winner[8], kept[8];
  size_t nkept;
  glean_candidate c[8];

  /* "Bank of America" (3 tokens) beats "America" whatever the priority. */
  c[0] = cand(3, 3, 8, 15, 50);
  c[1] = cand(1, 3, 0, 15, 0);
  CHECK(run(c, 2, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(nkept, 1);
  CHECK_EQ_INT(kept[0], 1);
  CHECK_EQ_INT(winner[0], 1);
  CHECK_EQ_INT(winner[1], GLEAN_RESOLVE_KEPT);

  /* Same tokens: more bytes, then priority, then earliest, then first. */
  c[0] = cand(1, 1, 0, 4, 9);
  c[1] = cand(1, 1, 0, 5, 0);
  CHECK(run(c, 2, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[0], 1);
  c[0] = cand(1, 1, 0, 5, 1);
  c[1] = cand(1, 1, 0, 5, 2);
  CHECK(run(c, 2, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[0], 1);
  c[0] = cand(2, 3, 4, 9, 1);
  c[1] = cand(1, 2, 0, 5, 1);
  CHECK(run(c, 2, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[0], 1);
  c[0] = cand(1, 1, 0, 5, 1);
  c[1] = cand(1, 1, 0, 5, 1);
  CHECK(run(c, 2, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[1], 0);

  /* Spans that only touch both stay, sorted by start. */
  c[0] = cand(3, 4, 10, 20, 0);
  c[1] = cand(1, 2, 0, 10, 0);
  c[2] = cand(5, 6, 20, 30, 0);
  CHECK(run(c, 3, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(nkept, 3);
  CHECK_EQ_INT(kept[0], 1);
  CHECK_EQ_INT(kept[1], 0);
  CHECK_EQ_INT(kept[2], 2);

  /* A loser that meets two kept spans names the one that starts first;
   * spans compete by bytes even when actions moved them off tokens. */
  c[0] = cand(1, 3, 0, 12, 0);
  c[1] = cand(4, 6, 12, 24, 0);
  c[2] = cand(3, 4, 10, 14, 0);
  CHECK(run(c, 3, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[2], 0);
  c[2] = cand(9, 9, 11, 13, 0);  /* a token far away, bytes inside */
  CHECK(run(c, 3, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(winner[2], 0);

  /* Empty spans and NaN are left to the caller. */
  c[0] = cand(1, 1, 5, 5, 0);
  CHECK(run(c, 1, winner, kept, &nkept) == GLEAN_EINVAL);
  c[0] = cand(1, 1, 0, 5, NAN);
  CHECK(run(c, 1, winner, kept, &nkept) == GLEAN_EINVAL);
  CHECK(run(c, 0, winner, kept, &nkept) == GLEAN_OK);
  CHECK_EQ_INT(nkept, 0);
}

static void test_random(void)
{
  enum { N = 80 };
  glean_candidate c[N];
  uint32_t winner[N], expect[N], kept[N];
  size_t nkept, trial, i, bad = 0;
  unsigned seed = 7;
  for (trial = 0; trial < 2000; trial++) {
    size_t n = (size_t)(trial % N);
    for (i = 0; i < n; i++) {
      double f, l, s, e;
      seed = seed * 1103515245u + 12345u;
      f = 1 + (seed >> 8) % 30;
      l = f + (seed >> 16) % 4;
      s = f * 10 + (seed >> 20) % 4;
      e = l * 10 + 4 + (seed >> 24) % 6;
      if ((seed >> 4) % 5 == 0) s -= (seed >> 12) % 12;  /* moved */
      c[i] = cand(f, l, s, e, (double)((seed >> 28) % 3));
    }
    reference(c, n, expect);
    if (run(c, n, winner, kept, &nkept) != GLEAN_OK) bad++;
    for (i = 0; i < n; i++)
      if (winner[i] != expect[i]) bad++;
    for (i = 1; i < nkept; i++)
      if (!(c[kept[i - 1]].start < c[kept[i]].start)) bad++;
  }
  CHECK_EQ_INT(bad, 0);
}

/* Many nested and chained spans: linear-ish, and no span kept twice. */
static void test_large(void)
{
  size_t n = 200000, i, nkept;
  glean_candidate *c = malloc(n * sizeof *c);
  uint32_t *winner = malloc(n * sizeof *winner);
  uint32_t *kept = malloc(n * sizeof *kept);
  for (i = 0; i < n; i++)
    c[i] = cand((double)i, (double)(i + i % 5), (double)i * 4,
                (double)(i + i % 5) * 4 + 3, (double)(i % 7));
  CHECK(run(c, n, winner, kept, &nkept) == GLEAN_OK);
  CHECK(nkept > 0 && nkept < n);
  for (i = 1; i < nkept; i++)
    if (!(c[kept[i - 1]].end <= c[kept[i]].start)) break;
  CHECK_EQ_INT(i, nkept);
  free(c);
  free(winner);
  free(kept);
}

int main(void)
{
  test_policy();
  test_random();
  test_large();
  return CHECK_DONE("test_resolve");
}
