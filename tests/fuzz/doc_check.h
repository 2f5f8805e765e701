/* doc_check.h — the invariants every document must keep, whatever its
 * text: spans inside the text, tokens in order and not overlapping,
 * ranges and quotes pointing at real tokens, numbers well formed. */
#ifndef GLEAN_DOC_CHECK_H
#define GLEAN_DOC_CHECK_H

#include <math.h>
#include "fuzz.h"
#include "glean.h"

static inline void check_ranges(const glean_range *r, size_t n,
                                const glean_token *t, size_t nt) {
  uint32_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    FUZZ_ASSERT(r[i].first < r[i].last && r[i].last <= nt);
    FUZZ_ASSERT(r[i].first >= prev);  /* in order, no overlap */
    FUZZ_ASSERT(r[i].start == t[r[i].first].start);
    FUZZ_ASSERT(r[i].end == t[r[i].last - 1].end);
    prev = r[i].last;
  }
}

static inline void check_document(const glean_document *d, size_t len) {
  size_t nt, ns, np, nq, nn, tl;
  const char *text = glean_document_text(d, &tl);
  FUZZ_ASSERT(tl == len && (text != NULL || len == 0));
  const glean_token *t = glean_document_tokens(d, &nt);
  for (size_t i = 0; i < nt; i++) {
    FUZZ_ASSERT(t[i].start < t[i].end && t[i].end <= len);
    if (i) FUZZ_ASSERT(t[i - 1].end <= t[i].start);
    /* token_at finds the token covering each of its bytes */
    FUZZ_ASSERT(glean_document_token_at(d, t[i].start) == i);
    FUZZ_ASSERT(glean_document_token_at(d, t[i].end - 1) == i);
  }
  FUZZ_ASSERT(glean_document_token_at(d, len) == nt);
  check_ranges(glean_document_sentences(d, &ns), ns, t, nt);
  check_ranges(glean_document_paragraphs(d, &np), np, t, nt);
  if (nt) FUZZ_ASSERT(ns > 0 && np > 0);

  const glean_quote *q = glean_document_quotes(d, &nq);
  for (size_t i = 0; i < nq; i++) {
    FUZZ_ASSERT(q[i].open < nt);
    FUZZ_ASSERT(t[q[i].open].flags & GLEAN_TF_QUOTE_OPEN);
    FUZZ_ASSERT(q[i].start == t[q[i].open].start);
    FUZZ_ASSERT(q[i].start <= q[i].end && q[i].end <= len);
    if (q[i].close != UINT32_MAX) {
      FUZZ_ASSERT(q[i].close > q[i].open && q[i].close < nt);
      FUZZ_ASSERT(t[q[i].close].flags & GLEAN_TF_QUOTE_CLOSE);
      FUZZ_ASSERT(q[i].end == t[q[i].close].end);
    }
    FUZZ_ASSERT(q[i].closed == 0 || q[i].close != UINT32_MAX);
    FUZZ_ASSERT(q[i].parent < (int32_t)i && q[i].parent >= -1);
    if (q[i].parent >= 0) {
      const glean_quote *p = &q[q[i].parent];
      FUZZ_ASSERT(p->start <= q[i].start && q[i].end <= p->end);
      FUZZ_ASSERT(q[i].depth == p->depth + 1);
    } else {
      FUZZ_ASSERT(q[i].depth == 0);
    }
    FUZZ_ASSERT(q[i].group >= 0 && q[i].group <= (int32_t)i);
    FUZZ_ASSERT(q[i].family >= GLEAN_QF_DOUBLE &&
                q[i].family <= GLEAN_QF_GUILLEMET);
  }

  const glean_number *num = glean_document_numbers(d, &nn);
  uint32_t prev = 0;
  for (size_t i = 0; i < nn; i++) {
    FUZZ_ASSERT(num[i].first < num[i].last && num[i].last <= nt);
    FUZZ_ASSERT(num[i].first >= prev);
    FUZZ_ASSERT(num[i].start == t[num[i].first].start);
    FUZZ_ASSERT(num[i].end == t[num[i].last - 1].end);
    FUZZ_ASSERT(!isnan(num[i].value));
    FUZZ_ASSERT(num[i].value == num[i].min);
    if (num[i].is_range) FUZZ_ASSERT(num[i].min <= num[i].max);
    else FUZZ_ASSERT(num[i].min == num[i].max);
    prev = num[i].last;
  }
}

#endif
