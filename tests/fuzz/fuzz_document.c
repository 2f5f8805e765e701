/* fuzz_document.c — the tokenizer and document build over raw bytes.
 * The first byte picks the paragraph mode and whether extra
 * abbreviations are given; the rest is the text, used as is (invalid
 * UTF-8, NUL bytes and all). */
#include <stdlib.h>
#include <string.h>
#include "doc_check.h"
#include "internal.h"  /* the streaming tokenizer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const char *const abbrevs[] = {"Gov", "Sen", "x", ""};
  glean_doc_options o = {(glean_para_mode)(data[0] % 3),
                         (data[0] & 4) ? abbrevs : NULL,
                         (data[0] & 4) ? 4 : 0};
  /* An exact-size copy, so reading one byte past the text is caught. */
  size_t len = size - 1;
  char *text = malloc(len ? len : 1);
  if (!text) return 0;
  memcpy(text, data + 1, len);
  glean_error err;
  glean_document *d = glean_document_new(text, len, &o, NULL, &err);
  FUZZ_ASSERT(d != NULL);  /* any byte string is a valid text */
  check_document(d, len);

  /* The streaming tokenizer must agree with the document's tokens. */
  size_t nt;
  const glean_token *t = glean_document_tokens(d, &nt);
  glean_tokenizer tz;
  glean_tokenizer_init(&tz, text, len, &o);
  glean_token tok;
  size_t i = 0;
  while (glean_tokenizer_next(&tz, &tok)) {
    FUZZ_ASSERT(i < nt);
    FUZZ_ASSERT(tok.start == t[i].start && tok.end == t[i].end);
    i++;
  }
  FUZZ_ASSERT(i == nt);
  glean_document_free(d);
  free(text);
  return 0;
}
