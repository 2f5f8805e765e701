/* fuzz_quotes.c — quotation pairing. The text is built from a vocabulary
 * rich in quotation marks of every family, apostrophes, line and
 * paragraph breaks, so that the pairing logic (nesting, multi-paragraph
 * continuation, stray marks) is what gets exercised. */
#include <stdlib.h>
#include "doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const marks[] = {
  "\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "'", "\xe2\x80\x98",
  "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb", "\xe2\x80\xb9", "\xe2\x80\xba",
  "\xe2\x80\x9e", "\xe2\x80\x9a", "\n", "\n\n", " ", "word", "Word",
  "said", ".", ",", "don't", "'90s", "rock 'n' roll", "\xe2\x80\x94",
  "\xe3\x80\x8c", "\xe3\x80\x8d", "\xff", "\r\n\r\n", "x\"", "\"x",
};
#define NMARKS (sizeof marks / sizeof marks[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  char *text = malloc(size * 16 + 1);
  if (!text) return 0;
  size_t len = 0;
  for (size_t i = 1; i < size; i++) {
    const char *m = marks[data[i] % NMARKS];
    while (*m) text[len++] = *m++;
    if (data[i] & 0x80) text[len++] = ' ';
  }
  glean_doc_options o = {(glean_para_mode)(data[0] % 3), NULL, 0};
  glean_error err;
  glean_document *d = glean_document_new(text, len, &o, NULL, &err);
  FUZZ_ASSERT(d != NULL);
  check_document(d, len);

  /* Every token flagged as a paired mark is the open or close of some
   * quote piece, and pieces of one group share a family. */
  size_t nt, nq;
  const glean_token *t = glean_document_tokens(d, &nt);
  const glean_quote *q = glean_document_quotes(d, &nq);
  for (size_t i = 0; i < nq; i++)
    FUZZ_ASSERT(q[i].family == q[q[i].group].family);
  for (size_t k = 0; k < nt; k++) {
    if (!(t[k].flags & (GLEAN_TF_QUOTE_OPEN | GLEAN_TF_QUOTE_CLOSE)))
      continue;
    int found = 0;
    for (size_t i = 0; i < nq && !found; i++)
      found = q[i].open == k || q[i].close == k;
    FUZZ_ASSERT(found);
  }
  glean_document_free(d);
  free(text);
  return 0;
}
