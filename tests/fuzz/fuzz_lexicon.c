/* fuzz_lexicon.c — the lexicon loader and matcher. The input is split at
 * the first 0x00 0x00: the part before is a lexicon file (loaded through
 * glean_lexicon_load_file from an in-memory file, so the real reading
 * code with its buffer boundaries and long-line handling runs), the part
 * after is a text matched against it. A few entries are also added with
 * glean_lexicon_add straight from the file's lines. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_matches(const glean_lexicon *lex, const char *text,
                          size_t len) {
  glean_error err;
  glean_document *d = glean_document_new(text, len, NULL, NULL, &err);
  FUZZ_ASSERT(d != NULL);
  size_t nt;
  glean_document_tokens(d, &nt);
  glean_lex_match *m = NULL;
  size_t n = glean_lexicon_match(lex, d, &m, &err);
  FUZZ_ASSERT(n != (size_t)-1);
  for (size_t i = 0; i < n; i++) {
    FUZZ_ASSERT(m[i].first < m[i].last && m[i].last <= nt);
    FUZZ_ASSERT(m[i].start < m[i].end && m[i].end <= len);
    FUZZ_ASSERT(m[i].label < glean_lexicon_nlabels(lex));
    FUZZ_ASSERT(glean_lexicon_label_name(lex, m[i].label) != NULL);
    if (m[i].value >= 0)
      FUZZ_ASSERT(glean_lexicon_value(lex, m[i].value) != NULL);
    if (i) FUZZ_ASSERT(m[i - 1].first <= m[i].first);
  }
  glean_free(NULL, m, n * sizeof *m);
  glean_document_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t cut = size;
  for (size_t i = 0; i + 1 < size; i++)
    if (data[i] == 0 && data[i + 1] == 0) { cut = i; break; }
  size_t tstart = cut + 2 <= size ? cut + 2 : size;
  int mode = size && (data[0] & 1) ? GLEAN_LEX_FOLD : GLEAN_LEX_EXACT;

  int fd = memfd_create("lexicon", 0);
  if (fd < 0) return 0;
  if (cut && write(fd, data, cut) != (ssize_t)cut) { close(fd); return 0; }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

  glean_error err;
  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  FUZZ_ASSERT(lex != NULL);
  size_t loaded = 0, skipped = 0, bad = 0;
  glean_status st = glean_lexicon_load_file(lex, path, "X", mode, &loaded,
                                            &skipped, &bad, &err);
  close(fd);
  FUZZ_ASSERT(st == GLEAN_OK || st == GLEAN_ENOMEM);
  FUZZ_ASSERT(glean_lexicon_size(lex) <= loaded);
  FUZZ_ASSERT((skipped == 0) == (bad == 0));

  /* Each line again through glean_lexicon_add (a NUL-free copy). */
  const char *p = (const char *)data;
  for (size_t s = 0, k = 0; s < cut && k < 8; k++) {
    size_t e = s;
    while (e < cut && p[e] != '\n') e++;
    char *phrase = strndup(p + s, e - s);
    if (phrase) {
      glean_lexicon_add(lex, phrase, strlen(phrase), k & 1 ? "Y" : "X",
                        k & 2 ? "v" : NULL, mode ^ (int)(k & 1), &err);
      free(phrase);
    }
    s = e + 1;
  }

  size_t len = size - tstart;
  char *text = malloc(len ? len : 1);
  if (text) {
    memcpy(text, data + tstart, len);
    check_matches(lex, text, len);
    /* The file's own bytes as text: every loaded phrase should be found
     * somewhere, and this drives the matcher through real entries. */
    check_matches(lex, p, cut);
    free(text);
  }
  glean_lexicon_free(lex);
  return 0;
}
