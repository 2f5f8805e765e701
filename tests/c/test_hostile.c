/* test_hostile.c — hostile input through the C engine: each case must
 * give a sane result or a clear error, never a crash, a hang or a wrong
 * offset. Sizes are smaller than in tests/bench/scaling.lua (which runs
 * the full sizes and measures 1x/10x scaling) but keep each input's
 * hostile structure. One function per row of the README's "Hostile
 * input" table. No timings are asserted here. */
#define _POSIX_C_SOURCE 200809L  /* mkstemp, fdopen */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "glean.h"

/* Spans inside the text, in order: what every consumer relies on. */
static void check_tokens(const glean_document *d, size_t len) {
  size_t n, bad = 0;
  const glean_token *t = glean_document_tokens(d, &n);
  for (size_t i = 0; i < n; i++) {
    if (t[i].start >= t[i].end || t[i].end > len) bad++;
    if (i && t[i - 1].end > t[i].start) bad++;
  }
  CHECK_EQ_INT(bad, 0);
}

static glean_document *doc_of(const char *text, size_t len) {
  glean_error err;
  glean_document *d = glean_document_new(text, len, NULL, NULL, &err);
  CHECK(d != NULL);
  if (d) check_tokens(d, len);
  return d;
}

/* A ruleset with a capitalized-run rule and a money-ish rule. Neither has
 * context or captures, the case of two bugs the pattern fuzzer found
 * (NULL + 0 on the context array in ruleset.c and on the capture array in
 * pattern_vm.c); only clang's UBSan reports those, so their guard is the
 * saved inputs in tests/fuzz/regress/, replayed by `make fuzz-smoke`. */
static glean_ruleset *small_ruleset(void) {
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  glean_pnode cap = {0};
  cap.kind = GLEAN_PN_TOKEN;
  cap.pred.flags_all = GLEAN_TF_CAP;
  cap.pred.in_label = -1;
  const glean_pnode *kid = &cap;
  glean_pnode run = {0};
  run.kind = GLEAN_PN_REPEAT;
  run.min = 1;
  run.max = -1;
  run.kids = &kid;
  run.nkids = 1;
  glean_rule r = {0};
  r.name = "caps";
  r.pattern = &run;
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 0);
  glean_pnode cur = {0}, num = {0};
  cur.kind = GLEAN_PN_TOKEN;
  cur.pred.flags_all = GLEAN_TF_CURRENCY;
  cur.pred.in_label = -1;
  num.kind = GLEAN_PN_SPAN;
  num.label = 0;  /* NUMBER */
  const glean_pnode *kids[2] = {&cur, &num};
  glean_pnode seq = {0};
  seq.kind = GLEAN_PN_SEQ;
  seq.kids = kids;
  seq.nkids = 2;
  r.name = "money";
  r.pattern = &seq;
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 1);
  return rs;
}

/* Scans d; returns the number of matches (checked in bounds). */
static size_t scan_count(glean_ruleset *rs, const glean_document *d,
                         size_t len) {
  glean_scan_result res;
  glean_error err;
  glean_status st = glean_ruleset_scan(rs, d, &res, &err);
  CHECK_EQ_INT(st, GLEAN_OK);
  if (st != GLEAN_OK) return 0;
  size_t bad = 0;
  for (size_t i = 0; i < res.nmatches; i++)
    if (res.matches[i].start > res.matches[i].end ||
        res.matches[i].end > len) bad++;
  CHECK_EQ_INT(bad, 0);
  return res.nmatches;
}

static void test_invalid_utf8(glean_ruleset *rs) {
  /* Stray continuation bytes, truncated sequences, overlongs, surrogates,
   * code points past U+10FFFF, 0xFE/0xFF, between real words. */
  static const char text[] =
      "Ann \x80\xbf Lee \xc3 said \xe2\x82 \"\xc0\xaf\" $\xed\xa0\x80 5 "
      "\xf4\x90\x80\x80 \xfe\xff Acme\xe2\x80\x9d";
  size_t len = sizeof text - 1;
  glean_document *d = doc_of(text, len);
  if (!d) return;
  size_t n, invalid = 0;
  const glean_token *t = glean_document_tokens(d, &n);
  for (size_t i = 0; i < n; i++)
    if (t[i].flags & GLEAN_TF_INVALID) invalid++;
  CHECK(invalid >= 6);  /* every bad sequence shows up as such */
  CHECK_SPAN(text, t[0].start, t[0].end, "Ann");
  CHECK(scan_count(rs, d, len) >= 2);  /* "Ann", "Lee", "Acme" still found */
  glean_document_free(d);
}

static void test_nul_bytes(glean_ruleset *rs) {
  /* NUL is a byte like any other: text after it is not lost. */
  static const char text[] = "Ann\0Lee said $5\0 and Bob Cole left.";
  size_t len = sizeof text - 1;
  glean_document *d = doc_of(text, len);
  if (!d) return;
  size_t n;
  const glean_token *t = glean_document_tokens(d, &n);
  CHECK(n >= 8);
  CHECK_SPAN(text, t[n - 1].start, t[n - 1].end, ".");
  CHECK(t[n - 1].end == len);
  CHECK(scan_count(rs, d, len) >= 2);
  glean_document_free(d);
}

static void test_empty(glean_ruleset *rs) {
  glean_document *d = doc_of("", 0);
  if (!d) return;
  size_t n;
  glean_document_tokens(d, &n);
  CHECK_EQ_INT(n, 0);
  glean_document_sentences(d, &n);
  CHECK_EQ_INT(n, 0);
  glean_document_quotes(d, &n);
  CHECK_EQ_INT(n, 0);
  CHECK_EQ_INT(scan_count(rs, d, 0), 0);
  glean_document_free(d);
  /* whitespace only is empty too */
  d = doc_of(" \n\n\t \r\n", 7);
  if (!d) return;
  glean_document_tokens(d, &n);
  CHECK_EQ_INT(n, 0);
  glean_document_free(d);
}

static void test_long_line(glean_ruleset *rs) {
  /* 4 MB without a line break: one paragraph, every sentence found. */
  static const char unit[] = "Ann Lee paid $5 million to Acme Corp today. ";
  size_t k = sizeof unit - 1, reps = (4u << 20) / k, len = k * reps;
  char *text = malloc(len);
  if (!text) return;
  for (size_t i = 0; i < reps; i++) memcpy(text + i * k, unit, k);
  glean_document *d = doc_of(text, len);
  if (d) {
    size_t n;
    glean_document_paragraphs(d, &n);
    CHECK_EQ_INT(n, 1);
    glean_document_sentences(d, &n);
    CHECK_EQ_INT(n, reps);
    glean_document_numbers(d, &n);
    CHECK_EQ_INT(n, reps);
    CHECK_EQ_INT(scan_count(rs, d, len), 3 * reps);  /* 2 caps + money */
    glean_document_free(d);
  }
  free(text);
}

static void test_many_quote_marks(void) {
  /* 200,000 straight double quotes in a row, then curly ones, then the
   * two mixed with words: pairing stays well formed and bounded. */
  size_t len = 200000;
  char *text = malloc(len * 3);
  if (!text) return;
  memset(text, '"', len);
  glean_document *d = doc_of(text, len);
  if (d) {
    size_t nq, nt;
    const glean_quote *q = glean_document_quotes(d, &nq);
    glean_document_tokens(d, &nt);
    CHECK(nt > 0 && nq <= nt / 2 + 1);
    size_t bad = 0;
    for (size_t i = 0; i < nq; i++)
      if (q[i].end > len || q[i].parent >= (int32_t)i) bad++;
    CHECK_EQ_INT(bad, 0);
    glean_document_free(d);
  }
  for (size_t i = 0; i < len; i++)  /* all opening marks: never closed */
    memcpy(text + 3 * i, "\xe2\x80\x9c", 3);
  d = doc_of(text, 3 * len);
  if (d) {
    size_t nq;
    const glean_quote *q = glean_document_quotes(d, &nq);
    size_t closed = 0;
    for (size_t i = 0; i < nq; i++) closed += q[i].closed;
    CHECK_EQ_INT(closed, 0);
    glean_document_free(d);
  }
  for (size_t i = 0; i < len; i++) text[i] = "a \"b\" "[i % 6];
  d = doc_of(text, len);
  if (d) {
    size_t nq;
    glean_document_quotes(d, &nq);
    CHECK_EQ_INT(nq, len / 6);  /* a "b" a "b" ...: every pair found */
    glean_document_free(d);
  }
  free(text);
}

static void test_huge_number(glean_ruleset *rs) {
  /* 500,000 digits: one number, a finite value (clamped, not inf/NaN). */
  size_t nd = 500000, len = nd + 1;
  char *text = malloc(len);
  if (!text) return;
  text[0] = '$';
  memset(text + 1, '9', nd);
  double v = 0;
  CHECK_EQ_INT(glean_parse_digits(text + 1, nd, &v), nd);
  CHECK(!isnan(v) && v > 1e300);
  glean_document *d = doc_of(text, len);
  if (d) {
    size_t n;
    const glean_number *num = glean_document_numbers(d, &n);
    CHECK_EQ_INT(n, 1);
    if (n == 1) {
      CHECK_EQ_INT(num[0].end, len);
      CHECK(!isnan(num[0].value) && isfinite(num[0].value));
    }
    CHECK_EQ_INT(scan_count(rs, d, len), 1);  /* the money rule */
    glean_document_free(d);
  }
  /* and digits with separators: 1,000,000,... 100,000 groups */
  size_t groups = 100000;
  char *g = malloc(groups * 4 + 1);
  if (g) {
    g[0] = '1';
    for (size_t i = 0; i < groups; i++) memcpy(g + 1 + 4 * i, ",000", 4);
    CHECK_EQ_INT(glean_parse_digits(g, groups * 4 + 1, &v), groups * 4 + 1);
    CHECK(!isnan(v));
    free(g);
  }
  free(text);
}

static void test_capitalized_run(glean_ruleset *rs) {
  /* 200,000 capitalized words in a row (the bench runs a million): the
   * unbounded caps+ rule still ends, its matches capped by
   * max_match_tokens (64), and they tile the run. */
  size_t words = 200000, len = words * 5;
  char *text = malloc(len);
  if (!text) return;
  for (size_t i = 0; i < words; i++) memcpy(text + 5 * i, "Word ", 5);
  glean_document *d = doc_of(text, len);
  if (d) {
    glean_scan_result res;
    glean_error err;
    CHECK_EQ_INT(glean_ruleset_scan(rs, d, &res, &err), GLEAN_OK);
    size_t covered = 0, longest = 0;
    for (size_t i = 0; i < res.nmatches; i++) {
      size_t k = res.matches[i].last - res.matches[i].first;
      covered += k;
      if (k > longest) longest = k;
    }
    CHECK_EQ_INT(covered, words);
    CHECK(longest <= 64);
    glean_document_free(d);
  }
  free(text);
}

static void test_binary(glean_ruleset *rs) {
  /* 1 MB from a fixed-seed generator: every byte value, no structure. */
  size_t len = 1u << 20;
  unsigned char *b = malloc(len);
  if (!b) return;
  uint64_t x = 0x9e3779b97f4a7c15u;
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    b[i] = (unsigned char)(x >> 24);
  }
  glean_document *d = doc_of((const char *)b, len);
  if (d) {
    size_t n;
    glean_document_tokens(d, &n);
    CHECK(n > 1000);
    scan_count(rs, d, len);
    glean_lexicon *lex = glean_lexicon_new(NULL, NULL);
    glean_lex_match *m = NULL;
    glean_lexicon_add(lex, "Ann", 3, "X", NULL, GLEAN_LEX_FOLD, NULL);
    size_t nm = glean_lexicon_match(lex, d, &m, NULL);
    CHECK(nm != (size_t)-1);
    glean_free(NULL, m, nm * sizeof *m);
    glean_lexicon_free(lex);
    glean_document_free(d);
  }
  free(b);
}

static void test_catastrophic_regex(void) {
  /* (a+)+$ against a's then "b" backtracks exponentially: the match
   * limit turns that into an error in a fraction of a second. */
  size_t len = 5000;
  char *text = malloc(len);
  if (!text) return;
  memset(text, 'a', len - 1);
  text[len - 1] = 'b';
  glean_error err;
  glean_regex *re = glean_regex_new("(a+)+$", 6, 0, NULL, &err);
  CHECK(re != NULL);
  if (re) {
    size_t ov[4];
    int r = glean_regex_find(re, text, len, 0, ov, 2, &err);
    /* JIT may prove there is no match; else the limit stops it. */
    CHECK(r == 0 || (r == -1 && err.code == GLEAN_ELIMIT));
    glean_regex_free(re);
  }
  /* The same as a rule over a document (not JIT-friendly form too). */
  glean_ruleset_options o = {0, 10000, 1000};
  glean_ruleset *rs = glean_ruleset_new(&o, NULL, &err);
  glean_rule r = {0};
  r.name = "evil";
  r.regex = "(?:a|aa)+(?:a|aa)+$";
  r.regex_len = strlen(r.regex);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 0);
  glean_document *d = doc_of(text, len);
  if (d && rs) {
    glean_scan_result res;
    glean_status st = glean_ruleset_scan(rs, d, &res, &err);
    CHECK(st == GLEAN_OK || st == GLEAN_ELIMIT);
    if (st != GLEAN_OK) CHECK(strstr(err.message, "limit") != NULL);
  }
  glean_document_free(d);
  glean_ruleset_free(rs);
  free(text);
}

static void test_lexicon_file(void) {
  /* 100,000 entries (the bench loads a million) with bad lines among
   * them: invalid UTF-8, an empty phrase, a line over the 1 MB limit.
   * Bad lines are counted and skipped; the first one's number kept. */
  char path[] = "/tmp/glean-hostile-lexXXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  FILE *f = fdopen(fd, "w");
  size_t entries = 100000, lines = 0;
  for (size_t i = 0; i < entries; i++) {
    fprintf(f, "Name%zu Surname%zu\tPERSON\n", i, i % 977);
    lines++;
    if (i == 500) { fputs("\xff\xfe broken\tPERSON\n", f); lines++; }
    if (i == 600) { fputs("\t\tPERSON\n", f); lines++; }
    if (i == 700) {
      for (size_t k = 0; k < (1u << 20) + 10; k++) fputc('x', f);
      fputc('\n', f);
      lines++;
    }
  }
  fclose(f);
  glean_error err;
  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  size_t loaded = 0, skipped = 0, first_bad = 0;
  glean_status st = glean_lexicon_load_file(lex, path, "X", GLEAN_LEX_EXACT,
                                            &loaded, &skipped, &first_bad,
                                            &err);
  CHECK_EQ_INT(st, GLEAN_OK);
  CHECK_EQ_INT(loaded, entries);
  CHECK_EQ_INT(skipped, 3);
  CHECK_EQ_INT(first_bad, 502);  /* line 502: the invalid UTF-8 */
  CHECK_EQ_INT(glean_lexicon_size(lex), entries);
  static const char text[] = "Then Name99999 Surname345 spoke.";
  glean_document *d = doc_of(text, sizeof text - 1);
  glean_lex_match *m = NULL;
  size_t n = d ? glean_lexicon_match(lex, d, &m, &err) : 0;
  CHECK_EQ_INT(n, 1);
  if (n == 1) CHECK_SPAN(text, m[0].start, m[0].end, "Name99999 Surname345");
  glean_free(NULL, m, n * sizeof *m);
  glean_document_free(d);
  glean_lexicon_free(lex);
  unlink(path);
  /* A file that is not there is an error, not a crash. */
  lex = glean_lexicon_new(NULL, &err);
  st = glean_lexicon_load_file(lex, "/nonexistent/glean.txt", "X", 0, NULL,
                               NULL, NULL, &err);
  CHECK_EQ_INT(st, GLEAN_EIO);
  glean_lexicon_free(lex);
}

int main(void) {
  glean_ruleset *rs = small_ruleset();
  if (!rs) return CHECK_DONE("test_hostile");
  test_invalid_utf8(rs);
  test_nul_bytes(rs);
  test_empty(rs);
  test_long_line(rs);
  test_many_quote_marks();
  test_huge_number(rs);
  test_capitalized_run(rs);
  test_binary(rs);
  test_catastrophic_regex();
  test_lexicon_file();
  glean_ruleset_free(rs);
  return CHECK_DONE("test_hostile");
}
