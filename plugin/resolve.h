/* resolve.h — overlap resolution of results (resolve.c); engine-internal,
 * used by the Lua binding's R.resolve.
 *
 * The policy is the one documented at R.resolve in lua/glean/rules.lua:
 * one span of text gets one result. Candidates are ranked by most tokens,
 * then most bytes, then highest priority, then earliest start, then input
 * order; from the best down, a candidate is kept when it overlaps no
 * candidate kept before it. Two spans overlap when they share a byte.
 */
#ifndef GLEAN_RESOLVE_H
#define GLEAN_RESOLVE_H

#include <stddef.h>
#include <stdint.h>
#include "glean.h"

/* Numbers are doubles so that ranking is exactly what Lua's comparisons of
 * the same values give (Lua numbers, integers below 2^53 included). */
typedef struct glean_candidate {
  double ntokens;   /* last - first + 1 */
  double start;     /* bytes, end exclusive */
  double end;
  double priority;
} glean_candidate;

/* winner[i] of a kept candidate */
#define GLEAN_RESOLVE_KEPT UINT32_MAX

/* Resolves overlaps among the n candidates c (n < UINT32_MAX).
 * winner[i] (n entries, caller's memory) is GLEAN_RESOLVE_KEPT for a kept
 * candidate, else the index of the kept candidate that beat it: among
 * those it overlaps, the one that starts first. kept (n entries) receives
 * the indexes of the kept candidates sorted by start; *nkept their count.
 * Every candidate must span at least one byte (start < end) and have no
 * NaN: otherwise GLEAN_EINVAL, and the caller resolves some other way.
 * Time O(n log n); memory O(n), freed before returning. */
glean_status glean_resolve(const glean_candidate *c, size_t n,
                           const glean_allocator *a, uint32_t *winner,
                           uint32_t *kept, size_t *nkept, glean_error *err);

#endif
