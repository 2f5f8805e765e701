/* tokenize_paths.h — checks one build of the tokenizer against another.
 *
 * glean_tokenizer_fill reads tokens off bit masks that it makes with
 * AVX-512, AVX2, SSE2 or plain C, whichever the build and the CPU allow;
 * all of them must give what glean_tokenizer_next gives. The file
 * including this defines GLEAN_NO_AVX2, GLEAN_NO_SSE2 or another
 * GLEAN_NO_ first (see tokenize.c): tokenize.c is then
 * compiled here a second time, its entry points renamed path_*, and its
 * tokens are compared with the library's (the fastest path this CPU
 * runs) and with glean_tokenizer_next, over texts made to hit every
 * rule at every position of a 64-byte block. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

#define glean_tokenizer_init path_tokenizer_init
#define glean_tokenizer_next path_tokenizer_next
#define glean_tokenizer_fill path_tokenizer_fill
#include "../../plugin/tokenize.c"
#undef glean_tokenizer_init
#undef glean_tokenizer_next
#undef glean_tokenizer_fill

/* The library's own (internal.h declared them under the path_ names). */
void glean_tokenizer_init(glean_tokenizer *t, const char *text, size_t len,
                          const glean_doc_options *opts);
bool glean_tokenizer_next(glean_tokenizer *t, glean_token *tok);
size_t glean_tokenizer_fill(glean_tokenizer *t, glean_token *out,
                            size_t cap, uint32_t blank_flag,
                            uint32_t end_flag);

#define BLANK_FLAG (1u << 31)
#define END_FLAG (1u << 30)

typedef size_t (*fill_fn)(glean_tokenizer *, glean_token *, size_t,
                          uint32_t, uint32_t);

/* All tokens of text by fill, `cap` at a time; returns the count. */
static size_t fill_all(fill_fn fill, const char *text, size_t len,
                       const glean_doc_options *o, size_t cap,
                       glean_token *out, size_t max, bool *blank_seen) {
  glean_tokenizer t;
  size_t n = 0;
  glean_tokenizer_init(&t, text, len, o);
  while (n + cap <= max) {
    size_t got = fill(&t, out + n, cap, BLANK_FLAG, END_FLAG);
    n += got;
    if (got < cap) break;
  }
  *blank_seen = t.blank_seen;
  return n;
}

/* What fill adds to next's flags (see internal.h). */
static uint32_t fill_extra(const char *text, const glean_token *tok,
                           unsigned newlines, bool first) {
  static const char leads[] = "!.?\xD8\xE0\xE2\xE3\xEF";
  uint32_t f = 0;
  if (newlines >= 2 && !first) f |= BLANK_FLAG;
  if ((tok->flags & GLEAN_TF_PUNCT) &&
      strchr(leads, text[tok->start]) != NULL && text[tok->start] != '\0')
    f |= END_FLAG;
  return f;
}

#define MAX_TOKENS 8192

static glean_token lib_toks[MAX_TOKENS], path_toks[MAX_TOKENS];

/* Do the two fills, or fill and next, differ on text? */
static int paths_differ(const char *text, size_t len,
                        const glean_doc_options *o) {
  static const size_t caps[] = {1, 3, 64, 65, 200, MAX_TOKENS};
  int bad = 0;
  bool lib_blank, path_blank;
  size_t nl = fill_all(glean_tokenizer_fill, text, len, o, MAX_TOKENS,
                       lib_toks, MAX_TOKENS, &lib_blank);
  /* fill against next, token by token. */
  glean_tokenizer t;
  glean_token tok;
  size_t k = 0;
  bool any_blank = false;
  glean_tokenizer_init(&t, text, len, o);
  while (k < nl && glean_tokenizer_next(&t, &tok)) {
    uint32_t extra = fill_extra(text, &tok, t.newlines, k == 0);
    any_blank |= (extra & BLANK_FLAG) != 0;
    if (tok.start != lib_toks[k].start || tok.end != lib_toks[k].end ||
        (tok.flags | extra) != lib_toks[k].flags)
      bad = 1;
    k++;
  }
  if (k != nl || glean_tokenizer_next(&t, &tok) || any_blank != lib_blank)
    bad = 1;
  /* The other build, with caps that cut the bulk step short. */
  for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
    size_t np = fill_all(path_tokenizer_fill, text, len, o, caps[c],
                         path_toks, MAX_TOKENS, &path_blank);
    if (np != nl || path_blank != lib_blank ||
        memcmp(path_toks, lib_toks, nl * sizeof *lib_toks) != 0)
      bad = 1;
  }
  return bad;
}

/* Pieces of news text and of hostile input, glued at random. */
static const char *const pieces[] = {
  " ", " ", " ", "  ", "\n", "\n\n", "\n \n", "\r\n", "\r", "\t", "\x7f",
  "\x01", "the", "The", "said", "said.", "US", "U.S.", "Mr.", "No.",
  "No. 5", "Inc.", "INC.", "a.m.", "e.g.", "W.", "etc.", ".", "..", "...",
  "!", "?", "?!", ",", ";", ":", "-", "--", "'", "\"", "(", ")", "$",
  "US$", "HK$", "ABCD$", "3", "3.5", "1,000", "1,000,000", "2.1.3", "3bn",
  "3bn-4bn", "F-16", "COVID-19", "mid-2020", "5G", "21st", "don't",
  "can't", "we're", "Huawei's", "O'Brien", "'s", "'90s", "n't",
  "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
  "\xC2\xAB", "\xC2\xBB", "\xE2\x80\xA6", "\xE3\x80\x82", "\xD8\x9F",
  "\xE2\x80\x94", "\xE2\x80\x90", "\xC2\xA0", "\xE2\x80\xA8",
  "Soci\xC3\xA9t\xC3\xA9", "e\xCC\x81", "\xCC\x81", "\xE2\x82\xAC",
  "\xE5\x8C\x97\xE4\xBA\xAC", "\xF0\x9F\x98\x80", "\xFF", "\xC0\xAF",
  "\xED\xA0\x80", "\xE2\x80", "\x80",
  "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "12345678901234567890123456789012345678901234567890123456789012345",
  "a-b-c", "x'y'z", "Okonjo-Iweala", "McDonald", "iPhone", "G7", "A380",
  /* The periods, apostrophes and hyphens of the bulk step's rules. */
  "s", "S", "d", "m", "'S", "'d", "'m", "x's", "1990's", "'s's", "s'",
  "pre-", "-", "2019-20", "x-3", "3-x", "x-y", "Shenzhen-based", "ab-Cd.",
  "approx.", "vs.", "etc", "Mr", "No", "Gen.", "generally.", "x.",
  "Reuters.", "3.", ".5", "a.b",
  /* The bulk step's own rules: numbers, '$', abbreviations, n't. */
  "A3.5", "$3.5", "x$", "$$", "1,000bn", "3.5-4", "1..2", "U.S.A",
  "e.g.x", "Inc.'s", "Inc.-based", "Mt.Everest", "No.5", "Sen.-elect",
  "3m.", "x's.", "isn't.", "Don't-", "N'T", "don't's", "an't", "co-don't",
  "3don't", "won't\"", "nn'tt"
};

static uint64_t next_random(uint64_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  return *x;
}

/* One check a text; returns non-zero on failure. */
static int check_paths(const char *name) {
  static const char *abbrevs[] = {"Calif", "approx"};
  glean_doc_options opts, none;  /* none: options without abbreviations */
  char buf[4096];
  uint64_t seed = 0x9E3779B97F4A7C15u;
  memset(&opts, 0, sizeof opts);
  memset(&none, 0, sizeof none);
  opts.abbreviations = abbrevs;
  opts.nabbreviations = 2;
  for (int round = 0; round < 3000; round++) {
    size_t len = 0, want = (size_t)(next_random(&seed) % 1500);
    while (len < want) {
      const char *p = pieces[next_random(&seed) %
                             (sizeof pieces / sizeof *pieces)];
      size_t n = strlen(p);
      if (len + n + 1 > want) break;
      memcpy(buf + len, p, n);
      len += n;
      if (next_random(&seed) % 3 == 0) buf[len++] = ' ';
    }
    if (round % 7 == 0 && len > 0) buf[next_random(&seed) % len] = '\0';
    CHECK(!paths_differ(buf, len, round % 5 == 0   ? &opts
                                  : round % 5 == 1 ? &none
                                                   : NULL));
  }
  /* Random bytes, biased to the ones the masks treat apart. */
  for (int round = 0; round < 1000; round++) {
    static const char bytes[] = " aZ.'\"-\n$0,!?\t\r\xE2";
    size_t len = (size_t)(next_random(&seed) % 300);
    for (size_t i = 0; i < len; i++) {
      uint64_t r = next_random(&seed);
      buf[i] = (char)(r % 4 == 0 ? (r >> 8) & 0xFF
                                 : (uint64_t)bytes[(r >> 8) % 16]);
    }
    CHECK(!paths_differ(buf, len, NULL));
  }
  return CHECK_DONE(name);
}
