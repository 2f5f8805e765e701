/* fuzz_numbers.c — number parsing: glean_parse_digits and
 * glean_magnitude_word over the raw bytes, then the numbers a document
 * finds in text built from digits, separators and number words. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {
  "0", "1", "2", "5", "9", "12", "007", ",", ".", " ", "-", "\xe2\x80\x93",
  "million", "billion", "bn", "m", "k", "lakh", "crore", "thousand",
  "hundred", "two", "ten", "twenty", "a", "and", "to", "$", "%", "\n",
  "1,000", "1.5", "3-4", "1 000", "\xc2\xa0", "e5", "1e308", "half",
};
#define NPARTS (sizeof parts / sizeof parts[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Stand-alone parsers over an exact-size copy of the raw bytes. */
  char *raw = malloc(size ? size : 1);
  if (!raw) return 0;
  memcpy(raw, data, size);
  double v = -1;
  size_t used = glean_parse_digits(raw, size, &v);
  FUZZ_ASSERT(used <= size);
  if (used) FUZZ_ASSERT(!isnan(v) && v >= 0);
  double m = glean_magnitude_word(raw, size);
  FUZZ_ASSERT(m == 0 || m >= 1);
  free(raw);

  /* Digit-rich text through the document. */
  char *text = malloc(size * 10 + 1);
  if (!text) return 0;
  size_t len = 0;
  for (size_t i = 0; i < size; i++) {
    const char *p = parts[data[i] % NPARTS];
    while (*p) text[len++] = *p++;
    if (data[i] & 0x80) text[len++] = ' ';
  }
  glean_error err;
  glean_document *d = glean_document_new(text, len, NULL, NULL, &err);
  FUZZ_ASSERT(d != NULL);
  check_document(d, len);
  glean_document_free(d);
  free(text);
  return 0;
}
