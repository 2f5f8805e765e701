/* test_lexicon.c — phrase lexicons: matching, values, files, limits. */
#define _POSIX_C_SOURCE 200809L /* pthreads */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glean.h"
#include "internal.h"
#include "check.h"

/* ---- helpers ------------------------------------------------------------- */

/* Counts live bytes so a test can see that every size given back to the
 * allocator matches the size it handed out; can fail after a budget. */
typedef struct counting {
  long long live;
  long calls, fail_after;   /* fail_after < 0: never fail */
} counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  counting *c = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    c->live -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (c->fail_after >= 0 && c->calls++ >= c->fail_after) return NULL;
  ptr = realloc(ptr, nsize);
  if (ptr != NULL) c->live += (long long)nsize - (long long)osize;
  return ptr;
}

static void add(glean_lexicon *lex, const char *phrase, const char *label,
                const char *value, int mode)
{
  glean_error err;
  glean_status st = glean_lexicon_add(lex, phrase, strlen(phrase), label,
                                      value, mode, &err);
  if (st != GLEAN_OK) fprintf(stderr, "add %s: %s\n", phrase, err.message);
  CHECK_EQ_INT(st, GLEAN_OK);
}

typedef struct found {
  glean_document *doc;
  glean_lex_match *m;
  size_t n;
} found;

static found match(const glean_lexicon *lex, const char *text)
{
  found f;
  glean_error err;
  f.doc = glean_document_new(text, strlen(text), NULL, NULL, &err);
  CHECK(f.doc != NULL);
  f.m = NULL;
  f.n = 0;
  if (f.doc != NULL) {
    f.n = glean_lexicon_match(lex, f.doc, &f.m, &err);
    CHECK(f.n != (size_t)-1);
    if (f.n == (size_t)-1) f.n = 0;
  }
  return f;
}

static void found_free(found *f)
{
  glean_free(NULL, f->m, f->n * sizeof *f->m);
  glean_document_free(f->doc);
}

/* Index of the match of `label` covering exactly the bytes of `s` at its
 * first occurrence at or after byte `from` in text, or -1. */
static long find(const found *f, const glean_lexicon *lex, const char *text,
                 const char *label, const char *s)
{
  const char *at = strstr(text, s);
  int32_t id = glean_lexicon_label_id(lex, label);
  size_t i;
  if (at == NULL || id < 0) return -1;
  for (i = 0; i < f->n; i++)
    if (f->m[i].label == (uint32_t)id &&
        f->m[i].start == (uint32_t)(at - text) &&
        f->m[i].end == (uint32_t)(at - text + (long)strlen(s)))
      return (long)i;
  return -1;
}

/* Number of matches carrying `label`. */
static size_t count_label(const found *f, const glean_lexicon *lex,
                          const char *label)
{
  int32_t id = glean_lexicon_label_id(lex, label);
  size_t i, n = 0;
  for (i = 0; i < f->n; i++) n += f->m[i].label == (uint32_t)id;
  return n;
}

static glean_lexicon *new_lex(void)
{
  glean_error err;
  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  CHECK(lex != NULL);
  return lex;
}

/* ---- tests --------------------------------------------------------------- */

static void test_exact_and_fold(void)
{
  const char *t = "BANK OF AMERICA and bank of america, not apple but Apple "
                  "and Bank Of America.";
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "Bank of America", "ORG", NULL, GLEAN_LEX_FOLD);
  add(lex, "Apple", "ORG", NULL, GLEAN_LEX_EXACT);
  CHECK_EQ_INT(glean_lexicon_size(lex), 2);
  f = match(lex, t);
  CHECK_EQ_INT(f.n, 4);
  CHECK(find(&f, lex, t, "ORG", "BANK OF AMERICA") == 0);
  CHECK(find(&f, lex, t, "ORG", "bank of america") == 1);
  CHECK(find(&f, lex, t, "ORG", "apple") < 0);
  CHECK(find(&f, lex, t, "ORG", "Apple") == 2);
  CHECK(find(&f, lex, t, "ORG", "Bank Of America") == 3);
  if (f.n >= 1) {
    CHECK_EQ_INT(f.m[0].first, 0);
    CHECK_EQ_INT(f.m[0].last, 3);
    CHECK_EQ_INT(f.m[0].value, -1);
  }
  found_free(&f);
  glean_lexicon_free(lex);
}

static void test_longest_and_labels(void)
{
  const char *t = "The New York Times moved from New York City to New York.";
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "New York", "CITY", NULL, GLEAN_LEX_EXACT);
  add(lex, "New York City", "CITY", NULL, GLEAN_LEX_EXACT);
  add(lex, "New York Times", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "New", "WORD", NULL, GLEAN_LEX_EXACT);
  CHECK_EQ_INT(glean_lexicon_nlabels(lex), 3);
  CHECK_EQ_INT(glean_lexicon_label_id(lex, "CITY"), 0);
  CHECK_EQ_INT(glean_lexicon_label_id(lex, "ORG"), 1);
  CHECK_EQ_INT(glean_lexicon_label_id(lex, "WORD"), 2);
  CHECK_EQ_INT(glean_lexicon_label_id(lex, "PERSON"), -1);
  CHECK(strcmp(glean_lexicon_label_name(lex, 1), "ORG") == 0);
  CHECK(glean_lexicon_label_name(lex, 3) == NULL);
  f = match(lex, t);
  /* Three starts at "New", each with CITY and WORD; one ORG. */
  CHECK_EQ_INT(f.n, 7);
  CHECK_EQ_INT(count_label(&f, lex, "CITY"), 3);
  CHECK_EQ_INT(count_label(&f, lex, "ORG"), 1);
  CHECK_EQ_INT(count_label(&f, lex, "WORD"), 3);
  /* Sorted by first token, then label id: CITY, ORG, WORD at "New". */
  CHECK(find(&f, lex, t, "CITY", "New York") == 0);
  CHECK(find(&f, lex, t, "ORG", "New York Times") == 1);
  CHECK(find(&f, lex, t, "CITY", "New York City") == 3);
  if (f.n == 7) {
    CHECK_EQ_INT(f.m[2].label, 2);
    CHECK_EQ_INT(f.m[2].last - f.m[2].first, 1);
    CHECK_SPAN(t, f.m[5].start, f.m[5].end, "New York");
    CHECK_SPAN(t, f.m[6].start, f.m[6].end, "New");
  }
  found_free(&f);
  glean_lexicon_free(lex);
}

static void test_no_overlap_within_label(void)
{
  const char *t = "alpha beta gamma delta epsilon; beta gamma delta.";
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "alpha beta", "X", NULL, GLEAN_LEX_EXACT);
  add(lex, "beta gamma delta", "X", NULL, GLEAN_LEX_EXACT);
  add(lex, "gamma delta epsilon", "X", NULL, GLEAN_LEX_EXACT);
  add(lex, "beta gamma", "Y", NULL, GLEAN_LEX_EXACT);
  f = match(lex, t);
  /* X: "alpha beta" blocks "beta gamma delta"; "gamma delta epsilon"
   * starts after it; the second "beta gamma delta" is free. Y is not
   * blocked by X. */
  CHECK_EQ_INT(count_label(&f, lex, "X"), 3);
  CHECK(find(&f, lex, t, "X", "alpha beta") >= 0);
  CHECK(find(&f, lex, t, "X", "gamma delta epsilon") >= 0);
  if (f.n == 5) {
    /* (0 X) (1 Y) (2 X) (6 X) (6 Y): no X at token 1 */
    CHECK_EQ_INT(f.m[1].first, 1);
    CHECK_EQ_INT(f.m[1].label, 1);
    CHECK_EQ_INT(f.m[3].first, 6);
    CHECK_SPAN(t, f.m[3].start, f.m[3].end, "beta gamma delta");
    CHECK_EQ_INT(f.m[4].label, 1);
    CHECK_SPAN(t, f.m[4].start, f.m[4].end, "beta gamma");
  }
  CHECK_EQ_INT(count_label(&f, lex, "Y"), 2);
  CHECK_EQ_INT(f.n, 5);
  found_free(&f);

  /* Leftmost, then longest: "a b c" wins over "b c" and "a". */
  glean_lexicon_free(lex);
  lex = new_lex();
  add(lex, "one", "N", NULL, GLEAN_LEX_EXACT);
  add(lex, "one two three", "N", NULL, GLEAN_LEX_EXACT);
  add(lex, "two three", "N", NULL, GLEAN_LEX_EXACT);
  add(lex, "three", "N", NULL, GLEAN_LEX_EXACT);
  f = match(lex, "one two three three one two");
  CHECK_EQ_INT(f.n, 3);
  if (f.n == 3) {
    CHECK_EQ_INT(f.m[0].first, 0);
    CHECK_EQ_INT(f.m[0].last, 3);
    CHECK_EQ_INT(f.m[1].first, 3);
    CHECK_EQ_INT(f.m[1].last, 4);
    CHECK_EQ_INT(f.m[2].first, 4);   /* "one" alone: "one two" is no entry */
    CHECK_EQ_INT(f.m[2].last, 5);
  }
  found_free(&f);
  glean_lexicon_free(lex);
}

static void test_values(void)
{
  const char *t = "It cost 5 euros, 3 EURO, 2 € and 7 pounds.";
  glean_lexicon *lex = new_lex();
  found f;
  long i;
  add(lex, "euro", "CUR", "EUR", GLEAN_LEX_FOLD);
  add(lex, "euros", "CUR", "EUR", GLEAN_LEX_FOLD);
  add(lex, "€", "CUR", "EUR", GLEAN_LEX_EXACT);
  add(lex, "pounds", "CUR", "GBP", GLEAN_LEX_FOLD);
  add(lex, "pounds", "UNIT", "lb", GLEAN_LEX_FOLD);
  CHECK_EQ_INT(glean_lexicon_size(lex), 5);
  f = match(lex, t);
  CHECK_EQ_INT(f.n, 5);
  i = find(&f, lex, t, "CUR", "euros");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "EUR") == 0);
  i = find(&f, lex, t, "CUR", "€");
  CHECK(i >= 0);
  /* Equal values are interned once. */
  if (i >= 0) CHECK_EQ_INT(f.m[i].value, f.m[0].value);
  i = find(&f, lex, t, "UNIT", "pounds");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "lb") == 0);
  i = find(&f, lex, t, "CUR", "pounds");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "GBP") == 0);
  found_free(&f);

  /* Re-adding replaces the value (same phrase, label and mode only). */
  add(lex, "pounds", "CUR", "EGP", GLEAN_LEX_FOLD);
  add(lex, "euros", "CUR", NULL, GLEAN_LEX_FOLD);
  add(lex, "euros", "CUR", "XEU", GLEAN_LEX_EXACT);   /* a new entry */
  CHECK_EQ_INT(glean_lexicon_size(lex), 6);
  f = match(lex, t);
  i = find(&f, lex, t, "CUR", "pounds");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "EGP") == 0);
  /* exact and folded entries of equal length: the exact one wins */
  i = find(&f, lex, t, "CUR", "euros");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "XEU") == 0);
  i = find(&f, lex, t, "CUR", "EURO");
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "EUR") == 0);
  found_free(&f);
  f = match(lex, "Euros");
  CHECK_EQ_INT(f.n, 1);
  if (f.n == 1) CHECK_EQ_INT(f.m[0].value, -1);
  found_free(&f);
  CHECK(glean_lexicon_value(lex, -1) == NULL);
  CHECK(glean_lexicon_value(lex, 1000) == NULL);
  glean_lexicon_free(lex);
}

static void test_punctuation_and_diacritics(void)
{
  const char *t = "AT&T, U.S. Steel and Procter & Gamble met Huawei's chief, "
                  "SOCIÉTÉ GÉNÉRALE, société générale, ГАЗПРОМ, José and "
                  "Jose. The U.S. is big; Steel is not.";
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "AT&T", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "U.S. Steel", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "Procter & Gamble", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "Huawei", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "Société Générale", "ORG", NULL, GLEAN_LEX_FOLD);
  add(lex, "Газпром", "ORG", NULL, GLEAN_LEX_FOLD);
  add(lex, "José", "PER", NULL, GLEAN_LEX_EXACT);
  f = match(lex, t);
  CHECK(find(&f, lex, t, "ORG", "AT&T") >= 0);
  CHECK(find(&f, lex, t, "ORG", "U.S. Steel") >= 0);
  CHECK(find(&f, lex, t, "ORG", "Procter & Gamble") >= 0);
  CHECK(find(&f, lex, t, "ORG", "Huawei") >= 0);
  CHECK(find(&f, lex, t, "ORG", "SOCIÉTÉ GÉNÉRALE") >= 0);
  CHECK(find(&f, lex, t, "ORG", "société générale") >= 0);
  CHECK(find(&f, lex, t, "ORG", "ГАЗПРОМ") >= 0);
  CHECK(find(&f, lex, t, "PER", "José") >= 0);
  CHECK_EQ_INT(count_label(&f, lex, "PER"), 1);
  CHECK_EQ_INT(count_label(&f, lex, "ORG"), 7);
  found_free(&f);
  glean_lexicon_free(lex);
}

/* Tokens of every shape can start a phrase; folded entries ignore case
 * in the shape too. */
static void test_shapes(void)
{
  const char *t = "said the iPhone maker, 3M and EBAY: $ 5 via eBay, "
                  "said SAID Said; 42 is 42.";
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "said", "VERB", NULL, GLEAN_LEX_EXACT);
  add(lex, "iPhone", "PRODUCT", NULL, GLEAN_LEX_EXACT);
  add(lex, "3M", "ORG", NULL, GLEAN_LEX_EXACT);
  add(lex, "ebay", "ORG", NULL, GLEAN_LEX_FOLD);
  add(lex, "$ 5", "MONEY", NULL, GLEAN_LEX_EXACT);
  add(lex, "42", "NUM", NULL, GLEAN_LEX_EXACT);
  f = match(lex, t);
  CHECK_EQ_INT(count_label(&f, lex, "VERB"), 2);   /* not SAID, Said */
  CHECK(find(&f, lex, t, "PRODUCT", "iPhone") >= 0);
  CHECK(find(&f, lex, t, "ORG", "3M") >= 0);
  CHECK(find(&f, lex, t, "ORG", "EBAY") >= 0);
  CHECK(find(&f, lex, t, "ORG", "eBay") >= 0);
  CHECK(find(&f, lex, t, "MONEY", "$ 5") >= 0);
  CHECK_EQ_INT(count_label(&f, lex, "NUM"), 2);
  CHECK_EQ_INT(f.n, 9);
  found_free(&f);
  glean_lexicon_free(lex);
}

/* Adds n entries of label PAD that no test text holds: words of distinct
 * first bytes and lengths, so that they fill more (first byte, length)
 * cells than a lexicon may have for the start_lens test. */
static void pad_lexicon(glean_lexicon *lex, int n)
{
  int k;
  for (k = 0; k < n; k++) {
    char w[24];
    int len = 2 + k % 12, c;
    for (c = 0; c < len; c++) w[c] = (char)("jkqwxz"[k / 12 % 6]);
    w[len] = '\0';
    add(lex, w, "PAD", NULL, k % 2 ? GLEAN_LEX_EXACT : GLEAN_LEX_FOLD);
  }
}

/* A small lexicon rules tokens out by first byte and length before
 * hashing them. Folding may change a token's length (U+1E9E to U+00DF,
 * three bytes to two; U+0130 to 'i', two to one) or its first byte:
 * such tokens must still match, the same with the test as without. */
static void test_start_lens(void)
{
  const char *t = "a\xC4\xB0 X\xE1\xBA\x9E" "ABCDEFGHIJ "
                  "X\xE1\xBA\x9E" "ABCDEFGHIJKLMNOPQ "
                  "STRA\xE1\xBA\x9E" "E and Stra\xC3\x9F" "e, \xC4\xB0ZM\xC4\xB0R, "
                  "izmir, Izmir; \xC3\x84RZTE and \xC3\xA4rzte, \xC5\x81\xC3\xB3"
                  "d\xC5\xBA not \xC5\x82\xC3\xB3" "d\xC5\xBA, Strasse, Izmirs; "
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  int pad;
  for (pad = 0; pad <= 100; pad += 100) {
    glean_lexicon *lex = new_lex();
    found f;
    if (pad) pad_lexicon(lex, pad);
    add(lex, "stra\xC3\x9F" "e", "A", NULL, GLEAN_LEX_FOLD);
    add(lex, "\xC4\xB0zmir", "B", NULL, GLEAN_LEX_FOLD);
    add(lex, "\xC3\xA4rzte", "C", NULL, GLEAN_LEX_FOLD);
    /* 3 bytes folding to 2 at the very start of the text; 14 and 21
     * bytes folding to one less, non-ASCII within the first 8 only */
    add(lex, "ai", "F", NULL, GLEAN_LEX_FOLD);
    add(lex, "x\xC3\x9F" "abcdefghij", "F", NULL, GLEAN_LEX_FOLD);
    add(lex, "x\xC3\x9F" "abcdefghijklmnopq", "F", NULL, GLEAN_LEX_FOLD);
    add(lex, "\xC5\x81\xC3\xB3" "d\xC5\xBA", "D", NULL, GLEAN_LEX_EXACT);
    /* 74 bytes: lengths from 63 on share a bit */
    add(lex, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "E", NULL, GLEAN_LEX_EXACT);
    f = match(lex, t);
    CHECK(find(&f, lex, t, "A", "STRA\xE1\xBA\x9E" "E") >= 0);
    CHECK(find(&f, lex, t, "A", "Stra\xC3\x9F" "e") >= 0);
    CHECK_EQ_INT(count_label(&f, lex, "A"), 2);
    CHECK(find(&f, lex, t, "B", "\xC4\xB0ZM\xC4\xB0R") >= 0);
    CHECK(find(&f, lex, t, "B", "izmir") >= 0);
    CHECK(find(&f, lex, t, "B", "Izmir") >= 0);
    CHECK_EQ_INT(count_label(&f, lex, "B"), 3);
    CHECK(find(&f, lex, t, "C", "\xC3\x84RZTE") >= 0);
    CHECK(find(&f, lex, t, "C", "\xC3\xA4rzte") >= 0);
    CHECK_EQ_INT(count_label(&f, lex, "C"), 2);
    CHECK(find(&f, lex, t, "D", "\xC5\x81\xC3\xB3" "d\xC5\xBA") >= 0);
    CHECK_EQ_INT(count_label(&f, lex, "D"), 1);
    CHECK_EQ_INT(count_label(&f, lex, "E"), 1);
    CHECK(find(&f, lex, t, "F", "a\xC4\xB0") >= 0);
    CHECK(find(&f, lex, t, "F", "X\xE1\xBA\x9E" "ABCDEFGHIJ") >= 0);
    CHECK(find(&f, lex, t, "F", "X\xE1\xBA\x9E" "ABCDEFGHIJKLMNOPQ") >= 0);
    CHECK_EQ_INT(count_label(&f, lex, "F"), 3);
    CHECK_EQ_INT(count_label(&f, lex, "PAD"), 0);
    CHECK_EQ_INT(f.n, 12);
    found_free(&f);
    glean_lexicon_free(lex);
  }
}

static void test_paragraph_break(void)
{
  glean_lexicon *lex = new_lex();
  found f;
  add(lex, "New York", "CITY", NULL, GLEAN_LEX_EXACT);
  f = match(lex, "I left New\n\nYork stayed. New\nYork");
  CHECK_EQ_INT(f.n, 1);   /* a line break is fine, a blank line is not */
  if (f.n == 1) CHECK_EQ_INT(f.m[0].first, 6);
  found_free(&f);
  glean_lexicon_free(lex);
}

static void test_bad_entries(void)
{
  glean_lexicon *lex = new_lex();
  glean_error err;
  char longp[33 * 2 + 1];
  int i;
  CHECK_EQ_INT(glean_lexicon_add(lex, "", 0, "L", NULL, 0, &err),
               GLEAN_EINVAL);
  CHECK_EQ_INT(glean_lexicon_add(lex, "  \t ", 4, "L", NULL, 0, &err),
               GLEAN_EINVAL);
  CHECK(strstr(err.message, "empty") != NULL);
  CHECK_EQ_INT(glean_lexicon_add(lex, "ab\xff", 3, "L", NULL, 0, &err),
               GLEAN_EINVAL);
  CHECK(strstr(err.message, "UTF-8") != NULL);
  CHECK_EQ_INT(glean_lexicon_add(lex, "abc", 3, "L", NULL, 7, &err),
               GLEAN_EINVAL);
  CHECK_EQ_INT(glean_lexicon_add(lex, "abc", 3, NULL, NULL, 0, &err),
               GLEAN_EINVAL);
  CHECK_EQ_INT(glean_lexicon_add(lex, "abc", 3, "", NULL, 0, &err),
               GLEAN_EINVAL);
  for (i = 0; i < 33; i++) { longp[2 * i] = 'a'; longp[2 * i + 1] = ' '; }
  longp[66] = '\0';
  CHECK_EQ_INT(glean_lexicon_add(lex, longp, 66, "L", NULL, 0, &err),
               GLEAN_ELIMIT);
  CHECK_EQ_INT(glean_lexicon_add(lex, longp, 64, "L", NULL, 0, &err),
               GLEAN_OK);   /* 32 tokens is the limit */
  /* The phrase length is honoured: "abc" of "abcdef". */
  CHECK_EQ_INT(glean_lexicon_add(lex, "abcdef", 3, "L", NULL, 0, &err),
               GLEAN_OK);
  CHECK_EQ_INT(glean_lexicon_size(lex), 2);
  CHECK_EQ_INT(glean_lexicon_nlabels(lex), 1);
  {
    found f = match(lex, "abc abcdef");
    CHECK_EQ_INT(f.n, 1);
    found_free(&f);
  }
  {
    /* 40 tokens of "a": the 32-token phrase once, no room for another */
    char text[81];
    found f;
    for (i = 0; i < 40; i++) { text[2 * i] = 'a'; text[2 * i + 1] = ' '; }
    text[80] = '\0';
    f = match(lex, text);
    CHECK_EQ_INT(f.n, 1);
    if (f.n == 1) {
      CHECK_EQ_INT(f.m[0].first, 0);
      CHECK_EQ_INT(f.m[0].last, 32);
    }
    found_free(&f);
  }
  glean_lexicon_free(lex);
}

static int write_file(const char *path, const char *data, size_t len)
{
  FILE *fp = fopen(path, "wb");
  if (fp == NULL) return 0;
  fwrite(data, 1, len, fp);
  return fclose(fp) == 0;
}

static void test_load_file(void)
{
  const char *path = "build/tests/test_lexicon_input.txt";
  const char *t = "Acme Corp hired staff from Globex and INITECH; "
                  "the Umbrella Group did not. Sirius Cybernetics";
  /* Line numbers: 1 comment, 2 blank, 3 Acme, 4 Globex (default label),
   * 5 bad UTF-8, 6 empty phrase, 7 Initech (CRLF), 8 blank with spaces,
   * 9 label and empty value, 10 NUL byte, 11 Sirius (no final newline). */
  static const char body[] =
      "# companies\n"
      "\n"
      "Acme Corp\tORG\tacme-id\n"
      "Globex\n"
      "Bad \xC3\x28 name\tORG\n"
      "\tORG\tx\n"
      "Initech\tORG\tini\r\n"
      "   \t \n"
      "Umbrella Group\t COMPANY \t \n"
      "Null\0Byte\tORG\n"
      "Sirius Cybernetics\tORG";
  glean_lexicon *lex = new_lex();
  glean_error err;
  size_t loaded = 99, skipped = 99, bad = 99;
  found f;
  long i;
  glean_status st;

  CHECK(write_file(path, body, sizeof body - 1));
  st = glean_lexicon_load_file(lex, path, "DEFAULT", GLEAN_LEX_FOLD, &loaded,
                               &skipped, &bad, &err);
  CHECK_EQ_INT(st, GLEAN_OK);
  CHECK_EQ_INT(loaded, 5);
  CHECK_EQ_INT(skipped, 3);
  CHECK_EQ_INT(bad, 5);
  CHECK_EQ_INT(glean_lexicon_size(lex), 5);
  f = match(lex, t);
  CHECK_EQ_INT(f.n, 5);
  i = find(&f, lex, t, "ORG", "Acme Corp");
  CHECK(i >= 0);
  if (i >= 0)
    CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "acme-id") == 0);
  CHECK(find(&f, lex, t, "DEFAULT", "Globex") >= 0);
  i = find(&f, lex, t, "ORG", "INITECH");   /* folded, and no '\r' kept */
  CHECK(i >= 0);
  if (i >= 0) CHECK(strcmp(glean_lexicon_value(lex, f.m[i].value), "ini") == 0);
  i = find(&f, lex, t, "COMPANY", "Umbrella Group");   /* label trimmed */
  CHECK(i >= 0);
  if (i >= 0) CHECK_EQ_INT(f.m[i].value, -1);
  CHECK(find(&f, lex, t, "ORG", "Sirius Cybernetics") >= 0);
  found_free(&f);

  /* Without a default label, unlabelled lines are skipped. */
  {
    const char *two = "Foo\tORG\nBar\n\xEF\xBB\xBFNot a BOM\tORG\n";
    CHECK(write_file(path, two, strlen(two)));
  }
  st = glean_lexicon_load_file(lex, path, NULL, GLEAN_LEX_EXACT, &loaded,
                               &skipped, &bad, &err);
  CHECK_EQ_INT(st, GLEAN_OK);
  CHECK_EQ_INT(loaded, 2);
  CHECK_EQ_INT(skipped, 1);
  CHECK_EQ_INT(bad, 2);
  glean_lexicon_free(lex);

  /* A byte order mark on line 1 is not part of the phrase. */
  lex = new_lex();
  CHECK(write_file(path, "\xEF\xBB\xBFZeta Corp\tORG\n", 17));
  st = glean_lexicon_load_file(lex, path, NULL, GLEAN_LEX_EXACT, &loaded,
                               &skipped, &bad, &err);
  CHECK_EQ_INT(loaded, 1);
  f = match(lex, "Zeta Corp");
  CHECK_EQ_INT(f.n, 1);
  found_free(&f);
  glean_lexicon_free(lex);
  remove(path);
}

/* A line of 1,000,000 bytes (one long token) loads; a 3 MB line, and a
 * 1 MB line of 500,000 tokens, are skipped; lines after them load. */
static void test_load_long_lines(void)
{
  const char *path = "build/tests/test_lexicon_long.txt";
  size_t n1 = 1000000, n2 = 3000000, n3 = 1000000, len, pos = 0, i;
  char *data;
  glean_lexicon *lex = new_lex();
  glean_error err;
  size_t loaded, skipped, bad;
  glean_status st;
  found f;

  len = n1 + 6 + n2 + 1 + n3 + 1 + 16 + 1;
  data = malloc(len);
  CHECK(data != NULL);
  if (data == NULL) return;
  memset(data, 'x', n1);
  pos = n1;
  memcpy(data + pos, "\tLONG\n", 6);
  pos += 6;
  memset(data + pos, 'y', n2);
  pos += n2;
  data[pos++] = '\n';
  for (i = 0; i < n3; i += 2) { data[pos + i] = 'z'; data[pos + i + 1] = ' '; }
  pos += n3;
  data[pos++] = '\n';
  memcpy(data + pos, "After Long\tAFTER\n", 17);
  pos += 17;
  CHECK(write_file(path, data, pos));
  st = glean_lexicon_load_file(lex, path, "L", GLEAN_LEX_EXACT, &loaded,
                               &skipped, &bad, &err);
  CHECK_EQ_INT(st, GLEAN_OK);
  CHECK_EQ_INT(loaded, 2);
  CHECK_EQ_INT(skipped, 2);
  CHECK_EQ_INT(bad, 2);
  f = match(lex, "Still After Long here");
  CHECK_EQ_INT(f.n, 1);
  found_free(&f);
  /* the long token matches as itself */
  data[n1] = '\0';
  f = match(lex, data);
  CHECK_EQ_INT(f.n, 1);
  if (f.n == 1) CHECK_EQ_INT(f.m[0].end, n1);
  found_free(&f);
  free(data);
  glean_lexicon_free(lex);
  remove(path);
}

static void test_missing_file(void)
{
  glean_lexicon *lex = new_lex();
  glean_error err;
  size_t loaded = 7, skipped = 7, bad = 7;
  glean_status st = glean_lexicon_load_file(
      lex, "build/tests/no/such/lexicon.txt", "L", GLEAN_LEX_EXACT, &loaded,
      &skipped, &bad, &err);
  CHECK_EQ_INT(st, GLEAN_EIO);
  CHECK(strstr(err.message, "build/tests/no/such/lexicon.txt") != NULL);
  CHECK(strstr(err.message, "No such file") != NULL);
  CHECK_EQ_INT(loaded, 0);
  CHECK_EQ_INT(skipped, 0);
  CHECK_EQ_INT(bad, 0);
  /* a directory opens but cannot be read */
  st = glean_lexicon_load_file(lex, "build", "L", GLEAN_LEX_EXACT, NULL, NULL,
                               NULL, &err);
  CHECK_EQ_INT(st, GLEAN_EIO);
  CHECK_EQ_INT(glean_lexicon_load_file(lex, "x", "L", 3, NULL, NULL, NULL,
                                       &err), GLEAN_EINVAL);
  glean_lexicon_free(lex);
}

/* Deterministic pseudo-words: "Ka", "Rovi", "Telumar" ... */
static size_t make_word(uint32_t *seed, char *out)
{
  static const char *const syl[] = {
    "ka", "ro", "vi", "te", "lu", "mar", "sen", "do", "bri", "ah",
    "no", "zel", "pa", "qui", "ste", "or", "lin", "gu", "fe", "tha"
  };
  size_t n = 0, k, nsyl;
  *seed = *seed * 1103515245u + 12345u;
  nsyl = 1 + (*seed >> 16) % 3;
  for (k = 0; k < nsyl; k++) {
    const char *s;
    *seed = *seed * 1103515245u + 12345u;
    s = syl[(*seed >> 16) % 20];
    memcpy(out + n, s, strlen(s));
    n += strlen(s);
  }
  out[0] = (char)(out[0] - 'a' + 'A');
  return n;
}

/* Phrase number k of a generated lexicon: 1 to 3 words plus a number
 * word that makes every phrase distinct. */
static size_t make_phrase(size_t k, char *out)
{
  uint32_t seed = (uint32_t)k * 2654435761u + 7u;
  size_t n = 0, words = 1 + k % 3, w;
  for (w = 0; w + 1 < words; w++) {
    n += make_word(&seed, out + n);
    out[n++] = ' ';
  }
  n += (size_t)sprintf(out + n, "N%zu", k);
  return n;
}

static void test_generated_lexicon(void)
{
  enum { N = 100000, PROBES = 300 };
  glean_lexicon *lex = new_lex();
  glean_error err;
  char phrase[128], value[32];
  char *text = malloc(PROBES * 160);
  size_t k, len, tlen = 0, probe, hits = 0;
  found f;

  CHECK(text != NULL);
  if (text == NULL) return;
  for (k = 0; k < N; k++) {
    len = make_phrase(k, phrase);
    sprintf(value, "id%zu", k);
    if (glean_lexicon_add(lex, phrase, len, k % 2 ? "ORG" : "PERSON", value,
                          k % 5 ? GLEAN_LEX_EXACT : GLEAN_LEX_FOLD,
                          &err) != GLEAN_OK)
      break;
  }
  CHECK_EQ_INT(k, N);
  CHECK_EQ_INT(glean_lexicon_size(lex), N);
  /* Every 331st phrase, then a phrase that is not in the lexicon. */
  for (probe = 0; probe < PROBES; probe++) {
    k = (probe * 331) % N;
    len = make_phrase(probe % 2 ? k : k + N, phrase);
    memcpy(text + tlen, phrase, len);
    tlen += len;
    memcpy(text + tlen, " said . ", 8);
    tlen += 8;
  }
  text[tlen] = '\0';
  f = match(lex, text);
  for (k = 0; k < f.n; k++) {
    /* Each match must be a known phrase with its own value and label. */
    size_t id, plen;
    const char *v = glean_lexicon_value(lex, f.m[k].value);
    if (v == NULL || sscanf(v, "id%zu", &id) != 1) continue;
    plen = make_phrase(id, phrase);
    if (plen == f.m[k].end - f.m[k].start &&
        memcmp(phrase, text + f.m[k].start, plen) == 0 &&
        f.m[k].label == (uint32_t)glean_lexicon_label_id(
                            lex, id % 2 ? "ORG" : "PERSON"))
      hits++;
  }
  CHECK_EQ_INT(f.n, PROBES / 2);
  CHECK_EQ_INT(hits, PROBES / 2);
  found_free(&f);
  free(text);
  glean_lexicon_free(lex);
}

/* Every allocation is given back with the size it was made with, and a
 * failing allocator makes calls fail cleanly. */
static void test_allocator(void)
{
  const char *t = "Alpha Beta met gamma in Delta.";
  counting c = { 0, 0, -1 };
  glean_allocator a = { counting_alloc, &c };
  glean_error err;
  glean_lexicon *lex;
  glean_document *doc;
  glean_lex_match *m = NULL;
  size_t n, k;
  long budget;
  int oom_seen = 0;

  lex = glean_lexicon_new(&a, &err);
  CHECK(lex != NULL);
  for (k = 0; k < 2000; k++) {
    char p[32];
    int len = sprintf(p, "Alpha Beta %zu", k);
    glean_lexicon_add(lex, p, (size_t)len, k % 3 ? "A" : "B", "v", 0, &err);
  }
  add(lex, "Alpha Beta", "A", "ab", GLEAN_LEX_EXACT);
  add(lex, "gamma", "G", NULL, GLEAN_LEX_FOLD);
  doc = glean_document_new(t, strlen(t), NULL, NULL, &err);
  n = glean_lexicon_match(lex, doc, &m, &err);
  CHECK_EQ_INT(n, 2);
  glean_free(&a, m, n * sizeof *m);
  glean_lexicon_free(lex);
  CHECK_EQ_INT(c.live, 0);

  for (budget = 0; budget < 60; budget++) {
    c.calls = 0;
    c.fail_after = budget;
    lex = glean_lexicon_new(&a, &err);
    if (lex == NULL) {
      CHECK_EQ_INT(err.code, GLEAN_ENOMEM);
      oom_seen++;
      continue;
    }
    for (k = 0; k < 200; k++) {
      char p[32];
      int len = sprintf(p, "Alpha Beta %zu", k);
      if (glean_lexicon_add(lex, p, (size_t)len, "A", "v", 0, &err) !=
          GLEAN_OK) {
        CHECK_EQ_INT(err.code, GLEAN_ENOMEM);
        oom_seen++;
        break;
      }
    }
    glean_lexicon_add(lex, "Alpha Beta", 10, "A", NULL, 0, &err);
    m = NULL;
    n = glean_lexicon_match(lex, doc, &m, &err);
    if (n == (size_t)-1) CHECK(m == NULL);
    else glean_free(&a, m, n * sizeof *m);
    glean_lexicon_free(lex);
    CHECK_EQ_INT(c.live, 0);
  }
  CHECK(oom_seen > 10);
  glean_document_free(doc);
}

/* A lexicon is read-only during a match: threads may share it. */
typedef struct share {
  const glean_lexicon *lex;
  const glean_document *doc;
  size_t n;
} share;

static void *share_run(void *arg)
{
  share *sh = arg;
  glean_error err;
  int k;
  for (k = 0; k < 200; k++) {
    glean_lex_match *m = NULL;
    size_t n = glean_lexicon_match(sh->lex, sh->doc, &m, &err);
    if (k == 0 || n != sh->n) sh->n = k == 0 ? n : (size_t)-2;
    glean_free(NULL, m, n == (size_t)-1 ? 0 : n * sizeof *m);
  }
  return NULL;
}

static void test_threads(void)
{
  const char *t = "Ada Lovelace met Charles Babbage in London; ada lovelace "
                  "wrote notes.";
  glean_lexicon *lex = new_lex();
  glean_error err;
  glean_document *doc;
  share sh[2];
  pthread_t th[2];
  int k;
  add(lex, "Ada Lovelace", "PER", NULL, GLEAN_LEX_FOLD);
  add(lex, "Charles Babbage", "PER", NULL, GLEAN_LEX_EXACT);
  add(lex, "London", "LOC", "GB", GLEAN_LEX_EXACT);
  doc = glean_document_new(t, strlen(t), NULL, NULL, &err);
  CHECK(doc != NULL);
  for (k = 0; k < 2; k++) {
    sh[k].lex = lex;
    sh[k].doc = doc;
    sh[k].n = 0;
    CHECK(pthread_create(&th[k], NULL, share_run, &sh[k]) == 0);
  }
  for (k = 0; k < 2; k++) {
    pthread_join(th[k], NULL);
    CHECK_EQ_INT(sh[k].n, 4);
  }
  glean_document_free(doc);
  glean_lexicon_free(lex);
}

static void test_empty(void)
{
  glean_lexicon *lex = new_lex();
  glean_error err;
  glean_lex_match *m = (glean_lex_match *)&err;
  found f = match(lex, "Nothing to see.");
  CHECK_EQ_INT(f.n, 0);
  CHECK(f.m == NULL);
  found_free(&f);
  add(lex, "see", "V", NULL, GLEAN_LEX_EXACT);
  f = match(lex, "");
  CHECK_EQ_INT(f.n, 0);
  found_free(&f);
  CHECK_EQ_INT(glean_lexicon_match(lex, NULL, &m, &err), (size_t)-1);
  CHECK(m == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
  CHECK_EQ_INT(glean_lexicon_size(NULL), 0);
  CHECK(glean_lexicon_label_id(lex, NULL) == -1);
  glean_lexicon_free(lex);
  glean_lexicon_free(NULL);
}

/* glean_hash_token reads whole words around a token: every token of
 * these texts, wherever it lies (at the start, within the first word,
 * at the end, long or short, with capitals, accents that fold or
 * punctuation that does not, invalid bytes), hashes as glean_hash_bytes
 * and glean_hash_folded hash its bytes. */
static void test_hash_token(void)
{
  static const char *texts[] = {
    "A", "Abc", "Seven77", "EightBy8", "Nine Nine",
    "The Quick BROWN fox jumped; 'Yes' \xE2\x80\x9C" "Quoted\xE2\x80\x9D "
    "SUPERCALIFRAGILISTIC words",
    "\xC3\x89" "COLE \xC3\xA9" "cole \xC4\xB0stanbul \xCE\x91\xCE\x98\xCE\x97"
    "\xCE\x9D\xCE\x91 \xE1\xB8\x80x \xE2\x80\x94 \xD7\xA9\xD7\x9C",
    "bad \xFF\xC3 bytes \xE1\xB8 x\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89y",
  };
  size_t t, i, j, bad = 0, n = 0;
  for (t = 0; t < sizeof texts / sizeof *texts; t++) {
    const char *s = texts[t];
    size_t len = strlen(s);
    for (i = 0; i < len; i++)
      for (j = i + 1; j <= len; j++) {
        uint64_t e = 0, f = 0, e2 = 0;
        glean_hash_token(s, len, i, j, &e, &f);
        glean_hash_token(s, len, i, j, &e2, NULL);
        if (e != glean_hash_bytes(s + i, j - i) ||
            f != glean_hash_folded(s + i, j - i) || e2 != e)
          bad++;
        n++;
      }
  }
  CHECK(n > 3000);
  CHECK_EQ_INT(bad, 0);
}

/* Lexicon matching against a plain reference: every phrase of a small
 * vocabulary, in both modes and three labels, against a text of those
 * words in varied case. Per label, at each token, the longest phrase
 * wins (exact over folded at equal length) unless the label's last
 * match still covers the token. This drives the filters of first and
 * next tokens and walks of every length. */
#define REF_WORDS 12
#define REF_PHRASES 400
#define REF_TOKENS 10000   /* more than two windows of hashes */

typedef struct ref_phrase {
  int words[4], n, mode, label;
} ref_phrase;

static const char *const ref_vocab[REF_WORDS] = {
  "new", "york", "bank", "of", "america", "the", "said", "van",
  "der", "berg", "stock", "exchange"
};

/* "new", "New" or "NEW" by a random draw. */
static size_t ref_word(char *out, int w, unsigned r)
{
  size_t k, n = strlen(ref_vocab[w]);
  for (k = 0; k < n; k++) {
    char c = ref_vocab[w][k];
    if (r % 3 == 2 || (r % 3 == 1 && k == 0)) c = (char)(c - 32);
    out[k] = c;
  }
  return n;
}

static unsigned ref_rand(uint64_t *st)
{
  *st ^= *st << 13;
  *st ^= *st >> 7;
  *st ^= *st << 17;
  return (unsigned)(*st >> 16);
}

static void test_reference(uint64_t seed, int pad)
{
  static ref_phrase ph[REF_PHRASES];
  static char spell[REF_PHRASES][64];   /* as added, for exact phrases */
  static int tw[REF_TOKENS];            /* text: word ids */
  static char tcase[REF_TOKENS];        /* and case draws */
  static const char *labels[3] = { "A", "B", "C" };
  uint64_t st = 0x9E3779B97F4A7C15ull * seed;
  glean_lexicon *lex = new_lex();
  char *text = malloc(REF_TOKENS * 12);
  size_t np = 0, k, tlen = 0, i, nexp = 0, agree = 0;
  uint32_t blocked[3] = { 0, 0, 0 };
  int order[3], li;
  found f;

  CHECK(text != NULL);
  if (text == NULL) return;
  while (np < REF_PHRASES) {
    ref_phrase p;
    char buf[64], value[16];
    size_t len = 0, q;
    int w;
    bool dup = false;
    unsigned r = ref_rand(&st);
    p.n = 1 + (int)(r % 4 == 3 ? 3 : r % 3);
    p.mode = ref_rand(&st) % 2 ? GLEAN_LEX_EXACT : GLEAN_LEX_FOLD;
    p.label = (int)(ref_rand(&st) % 3);
    for (w = 0; w < p.n; w++) {
      p.words[w] = (int)(ref_rand(&st) % REF_WORDS);
      if (w > 0) buf[len++] = ' ';
      len += ref_word(buf + len, p.words[w], ref_rand(&st));
    }
    buf[len] = '\0';
    /* one entry per phrase, mode and label: a second would replace it */
    for (q = 0; q < np && !dup; q++)
      dup = ph[q].n == p.n && ph[q].mode == p.mode &&
            ph[q].label == p.label &&
            (p.mode == GLEAN_LEX_FOLD
                 ? memcmp(ph[q].words, p.words, sizeof(int) * (size_t)p.n) == 0
                 : strcmp(spell[q], buf) == 0);
    if (dup) continue;
    sprintf(value, "%zu", np);
    add(lex, buf, labels[p.label], value, p.mode);
    ph[np] = p;
    memcpy(spell[np], buf, len + 1);
    np++;
  }
  /* padded: the lexicon skips the start_lens test and looks ahead (after
   * the phrases, so that labels A B C keep ids 0 1 2) */
  if (pad) pad_lexicon(lex, pad);
  for (i = 0; i < REF_TOKENS; i++) {
    tw[i] = (int)(ref_rand(&st) % REF_WORDS);
    tcase[i] = (char)(ref_rand(&st) % 3);
    tlen += ref_word(text + tlen, tw[i], (unsigned)tcase[i]);
    text[tlen++] = ' ';
  }
  text[tlen] = '\0';
  f = match(lex, text);
  /* labels in the order of their ids, as the engine sorts them */
  for (li = 0; li < 3; li++)
    order[glean_lexicon_label_id(lex, labels[li])] = li;

  /* the reference, token by token and label by label */
  for (i = 0; i < REF_TOKENS; i++) {
    for (li = 0; li < 3; li++) {
      int label = order[li];
      size_t best = 0, best_len = 0;
      int best_exact = 0;
      if (i < blocked[label]) continue;
      for (k = 0; k < np; k++) {
        const ref_phrase *p = &ph[k];
        int w, ok = p->label == label && i + (size_t)p->n <= REF_TOKENS;
        for (w = 0; ok && w < p->n; w++) {
          char word[16];
          size_t wl = ref_word(word, tw[i + (size_t)w],
                               (unsigned)tcase[i + (size_t)w]);
          ok = tw[i + (size_t)w] == p->words[w];
          if (ok && p->mode == GLEAN_LEX_EXACT) {
            /* the spelling of word w in the phrase as added */
            const char *sp = spell[k];
            int skip = w;
            while (skip > 0) sp = strchr(sp, ' ') + 1, skip--;
            ok = memcmp(sp, word, wl) == 0;
          }
        }
        if (!ok) continue;
        if ((size_t)p->n > best_len ||
            ((size_t)p->n == best_len && p->mode == GLEAN_LEX_EXACT &&
             !best_exact)) {
          best = k;
          best_len = (size_t)p->n;
          best_exact = p->mode == GLEAN_LEX_EXACT;
        }
      }
      if (best_len == 0) continue;
      blocked[label] = (uint32_t)(i + best_len);
      /* the engine's matches come by token, then label id */
      if (nexp < f.n) {
        const glean_lex_match *m = &f.m[nexp];
        const char *v = glean_lexicon_value(lex, m->value);
        if (m->first == i && m->last == i + best_len &&
            m->label == (uint32_t)glean_lexicon_label_id(lex, labels[label]) &&
            v != NULL && (size_t)atoi(v) == best)
          agree++;
      }
      nexp++;
    }
  }
  CHECK(nexp > REF_TOKENS / 2);
  CHECK_EQ_INT(f.n, nexp);
  CHECK_EQ_INT(agree, nexp);
  found_free(&f);
  free(text);
  glean_lexicon_free(lex);
}

int main(void)
{
  test_hash_token();
  test_reference(1, 0);
  test_reference(2, 0);
  test_reference(3, 100);
  test_reference(4, 100);
  test_start_lens();
  test_exact_and_fold();
  test_longest_and_labels();
  test_no_overlap_within_label();
  test_values();
  test_punctuation_and_diacritics();
  test_shapes();
  test_paragraph_break();
  test_bad_entries();
  test_load_file();
  test_load_long_lines();
  test_missing_file();
  test_generated_lexicon();
  test_allocator();
  test_threads();
  test_empty();
  return CHECK_DONE("test_lexicon");
}
