/* fuzz.h — helpers shared by the libFuzzer targets: a byte reader that
 * turns fuzz input into decisions, and an invariant check that aborts so
 * libFuzzer records the input. Targets are built with clang
 * -fsanitize=fuzzer,address,undefined (see `make fuzz`). */
#ifndef GLEAN_FUZZ_H
#define GLEAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A broken invariant is a bug even when nothing crashed: abort so the
 * fuzzer keeps the input. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
            #cond); abort(); } } while (0)

/* Reads decisions from the fuzz bytes; past the end it yields zeros, so
 * every input decodes to something. */
typedef struct fuzz_reader {
  const uint8_t *p;
  size_t n, pos;
} fuzz_reader;

static inline uint8_t fuzz_byte(fuzz_reader *r) {
  return r->pos < r->n ? r->p[r->pos++] : 0;
}

static inline uint32_t fuzz_u32(fuzz_reader *r) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = (v << 8) | fuzz_byte(r);
  return v;
}

/* A value in [0, n). */
static inline unsigned fuzz_pick(fuzz_reader *r, unsigned n) {
  return n ? fuzz_byte(r) % n : 0;
}

/* Words that news text and the default rules care about, plus marks and
 * broken bytes: text built from them reaches deep paths faster than raw
 * bytes do. */
static const char *const fuzz_vocab[] = {
  "Mr.", "John", "Smith", "said", "\"", "\xe2\x80\x9c", "\xe2\x80\x9d",
  "'", "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb", "$", "US$",
  "\xe2\x82\xac", "3.5", "1,200", "million", "billion", "two", "hundred",
  "-", "\xe2\x80\x94", "the", "Bank", "of", "Acme", "Inc.", ",", ".", "?",
  "\n", "\n\n", " ", "\t", "said:", "U.S.", "3-4", "bn", "a", "\xff",
  "\xc3", "\xe2\x80", "ACME", "o'Neil", "don't", "(", ")", "10", "0.5",
};
#define FUZZ_NVOCAB (sizeof fuzz_vocab / sizeof fuzz_vocab[0])

/* Builds text from the reader: each byte picks a vocabulary word (and a
 * space after it) or, with the high bit set, stands for itself. Returns
 * a malloc'ed buffer of *len bytes (not NUL-terminated on purpose). */
static inline char *fuzz_text(fuzz_reader *r, size_t *len) {
  size_t cap = 64 + (r->n - r->pos) * 12, n = 0;
  char *s = malloc(cap);
  if (!s) abort();
  while (r->pos < r->n) {
    uint8_t b = fuzz_byte(r);
    if (b & 0x80) {
      s[n++] = (char)(b & 0x7f ? b : 0);
      continue;
    }
    const char *w = fuzz_vocab[b % FUZZ_NVOCAB];
    for (const char *c = w; *c; c++) s[n++] = *c;
    if (b & 0x40) s[n++] = ' ';
  }
  *len = n;
  return s;
}

#endif
