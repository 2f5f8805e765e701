/* test_document.c — documents: paragraphs in each mode, sentences,
 * token_at, limits, allocation; plus the memory helpers of mem.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "internal.h"

static glean_document *doc_mode(const char *text, glean_para_mode mode) {
  glean_doc_options o = {mode, NULL, 0};
  glean_error err;
  glean_document *d = glean_document_new(text, strlen(text), &o, NULL, &err);
  CHECK(d != NULL);
  return d;
}

static glean_document *doc(const char *text) {
  return doc_mode(text, GLEAN_PARA_AUTO);
}

/* The text of each range joined by '|'. */
static void join_ranges(const glean_document *d, const glean_range *r,
                        size_t n, char *out, size_t cap) {
  size_t len, g = 0;
  const char *text = glean_document_text(d, &len);
  for (size_t i = 0; i < n; i++) {
    size_t k = r[i].end - r[i].start;
    if (g + k + 2 > cap) break;
    if (i) out[g++] = '|';
    memcpy(out + g, text + r[i].start, k);
    g += k;
  }
  out[g] = '\0';
}

static void check_join(const char *got, const char *want, int line) {
  if (strcmp(got, want) == 0) {
    check_passed++;
  } else {
    check_failed++;
    fprintf(stderr, "%s:%d: [%s] != [%s]\n", __FILE__, line, got, want);
  }
}

/* Checks the sentences (or paragraphs) of text in a paragraph mode. */
static void check_split(const char *text, glean_para_mode mode, int paras,
                        const char *want, int line) {
  glean_document *d = doc_mode(text, mode);
  if (!d) return;
  size_t n;
  const glean_range *r = paras ? glean_document_paragraphs(d, &n)
                               : glean_document_sentences(d, &n);
  char got[2048];
  join_ranges(d, r, n, got, sizeof got);
  check_join(got, want, line);
  glean_document_free(d);
}

#define SENTS(text, want) \
  check_split((text), GLEAN_PARA_AUTO, 0, (want), __LINE__)
#define SENTS_IN(mode, text, want) check_split((text), (mode), 0, (want), __LINE__)
#define PARAS_IN(mode, text, want) check_split((text), (mode), 1, (want), __LINE__)

static void test_empty_and_limits(void) {
  glean_error err;
  glean_document *d = glean_document_new("", 0, NULL, NULL, &err);
  CHECK(d != NULL);
  if (d) {
    size_t n = 99;
    CHECK(glean_document_tokens(d, &n) == NULL || n == 0);
    CHECK_EQ_INT(n, 0);
    glean_document_sentences(d, &n);
    CHECK_EQ_INT(n, 0);
    glean_document_paragraphs(d, &n);
    CHECK_EQ_INT(n, 0);
    glean_document_quotes(d, &n);
    CHECK_EQ_INT(n, 0);
    glean_document_numbers(d, &n);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(glean_document_token_at(d, 0), 0);
    CHECK_EQ_INT(glean_document_token_at(d, 100), 0);
    glean_document_free(d);
  }
  d = glean_document_new(NULL, 0, NULL, NULL, &err);
  CHECK(d != NULL);
  glean_document_free(d);
  d = glean_document_new(" \n\n\t ", 5, NULL, NULL, &err);
  CHECK(d != NULL);
  if (d) {
    size_t n = 99;
    glean_document_paragraphs(d, &n);
    CHECK_EQ_INT(n, 0);
    glean_document_free(d);
  }

  err.code = GLEAN_OK;
  d = glean_document_new(NULL, 5, NULL, NULL, &err);
  CHECK(d == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);

  /* Over the size limit: refused before the text is read. */
  err.code = GLEAN_OK;
  d = glean_document_new("x", GLEAN_MAX_TEXT + 1, NULL, NULL, &err);
  CHECK(d == NULL);
  CHECK_EQ_INT(err.code, GLEAN_ELIMIT);
  CHECK(strstr(err.message, "limit") != NULL);
  /* err may be NULL. */
  CHECK(glean_document_new(NULL, 1, NULL, NULL, NULL) == NULL);
  glean_document_free(NULL);
}

static void test_accessors(void) {
  const char *text = "Mr. Smith paid $3.5bn.\n\nShe said: \xE2\x80\x9CYes.\xE2\x80\x9D";
  glean_document *d = doc(text);
  if (!d) return;
  size_t len, n;
  CHECK(glean_document_text(d, &len) == text);
  CHECK_EQ_INT(len, strlen(text));
  const glean_token *t = glean_document_tokens(d, &n);
  CHECK_EQ_INT(n, 14);
  CHECK_SPAN(text, t[0].start, t[0].end, "Mr.");
  CHECK(t[0].flags & GLEAN_TF_ABBREV);
  CHECK(t[0].flags & GLEAN_TF_SENT_START);
  CHECK(t[0].flags & GLEAN_TF_PARA_START);
  CHECK_SPAN(text, t[6].start, t[6].end, ".");
  CHECK(t[6].flags & GLEAN_TF_SENT_END);
  CHECK_SPAN(text, t[7].start, t[7].end, "She");
  CHECK(t[7].flags & GLEAN_TF_PARA_START);
  CHECK(t[7].flags & GLEAN_TF_SENT_START);
  CHECK(!(t[1].flags & (GLEAN_TF_SENT_START | GLEAN_TF_PARA_START)));
  CHECK_SPAN(text, t[12].start, t[12].end, ".");
  CHECK(t[12].flags & GLEAN_TF_SENT_END);

  const glean_range *p = glean_document_paragraphs(d, &n);
  CHECK_EQ_INT(n, 2);
  CHECK_EQ_INT(p[0].first, 0);
  CHECK_EQ_INT(p[0].last, 7);
  CHECK_EQ_INT(p[1].first, 7);
  CHECK_EQ_INT(p[1].last, 14);
  CHECK_EQ_INT(p[0].start, 0);
  CHECK_EQ_INT(p[1].end, strlen(text));
  const glean_range *s = glean_document_sentences(d, &n);
  CHECK_EQ_INT(n, 2);
  CHECK_SPAN(text, s[0].start, s[0].end, "Mr. Smith paid $3.5bn.");

  /* The quotation marks were paired and the number found (quotes.c,
   * numbers.c) once the paragraphs were known. */
  glean_document_quotes(d, &n);
  CHECK_EQ_INT(n, 1);
  CHECK(t[10].flags & GLEAN_TF_QUOTE_OPEN);
  CHECK(t[13].flags & GLEAN_TF_QUOTE_CLOSE);
  glean_document_numbers(d, &n);
  CHECK(n >= 1);
  CHECK(glean_document_allocator(d) != NULL);
  glean_document_free(d);
}

static void test_token_at(void) {
  const char *text = "  ab, cd\xC3\xA9  ";
  glean_document *d = doc(text);
  if (!d) return;
  size_t n;
  glean_document_tokens(d, &n);
  CHECK_EQ_INT(n, 3);  /* ab , cdé */
  CHECK_EQ_INT(glean_document_token_at(d, 0), 0);   /* before: next one */
  CHECK_EQ_INT(glean_document_token_at(d, 2), 0);
  CHECK_EQ_INT(glean_document_token_at(d, 3), 0);
  CHECK_EQ_INT(glean_document_token_at(d, 4), 1);   /* , */
  CHECK_EQ_INT(glean_document_token_at(d, 5), 2);   /* space before cdé */
  CHECK_EQ_INT(glean_document_token_at(d, 6), 2);
  CHECK_EQ_INT(glean_document_token_at(d, 9), 2);   /* inside é */
  CHECK_EQ_INT(glean_document_token_at(d, 10), 3);  /* trailing space */
  CHECK_EQ_INT(glean_document_token_at(d, 1000), 3);
  glean_document_free(d);
}

static void test_paragraphs(void) {
  const char *blank = "One a.\nTwo b.\n\nThree c.\n \t\nFour d.";
  PARAS_IN(GLEAN_PARA_AUTO, blank, "One a.\nTwo b.|Three c.|Four d.");
  PARAS_IN(GLEAN_PARA_BLANK, blank, "One a.\nTwo b.|Three c.|Four d.");
  PARAS_IN(GLEAN_PARA_LINES, blank, "One a.|Two b.|Three c.|Four d.");

  const char *lines = "One a\nTwo b\r\nThree c";
  PARAS_IN(GLEAN_PARA_AUTO, lines, "One a|Two b|Three c");
  PARAS_IN(GLEAN_PARA_LINES, lines, "One a|Two b|Three c");
  PARAS_IN(GLEAN_PARA_BLANK, lines, "One a\nTwo b\r\nThree c");
  /* Every line ends a sentence in LINES mode, none by itself in BLANK. */
  SENTS_IN(GLEAN_PARA_LINES, lines, "One a|Two b|Three c");
  SENTS_IN(GLEAN_PARA_AUTO, lines, "One a|Two b|Three c");
  SENTS_IN(GLEAN_PARA_BLANK, lines, "One a\nTwo b\r\nThree c");

  /* Blank lines: CRLF, NBSP between, U+2029, leading and trailing. */
  PARAS_IN(GLEAN_PARA_AUTO, "a\r\n\r\nb", "a|b");
  PARAS_IN(GLEAN_PARA_AUTO, "a\n\xC2\xA0\nb\nc", "a|b\nc");
  PARAS_IN(GLEAN_PARA_AUTO, "a\xE2\x80\xA9\xE2\x80\xA9" "b", "a|b");
  PARAS_IN(GLEAN_PARA_AUTO, "\n\n\na\nb\n\n\n", "a|b");
  PARAS_IN(GLEAN_PARA_AUTO, "\n\na\nb\n\n", "a|b");
  PARAS_IN(GLEAN_PARA_BLANK, "\n\na\nb\n\n", "a\nb");
  /* NUL bytes are spaces, not line breaks. */
  const char nul[] = "a\0\0b\n\0\nc";
  glean_error err;
  glean_document *d = glean_document_new(nul, sizeof nul - 1, NULL, NULL,
                                         &err);
  if (d) {
    size_t n;
    glean_document_paragraphs(d, &n);
    CHECK_EQ_INT(n, 2);
    glean_document_tokens(d, &n);
    CHECK_EQ_INT(n, 3);
    glean_document_free(d);
  }
  /* Paragraph ends always end sentences. */
  SENTS_IN(GLEAN_PARA_BLANK, "no stop here\n\nnext one", "no stop here|next one");
}

static void test_sentences(void) {
  SENTS("He left. She stayed.", "He left.|She stayed.");
  SENTS("He left.She stayed.", "He left.|She stayed.");
  SENTS("Really?! Yes. No! Why? Because\xE2\x80\xA6 Fine.",
        "Really?!|Yes.|No!|Why?|Because\xE2\x80\xA6|Fine.");
  /* The next token must look like a sentence start. */
  SENTS("It rose 5%. 2020 was good.", "It rose 5%.|2020 was good.");
  SENTS("Wait... what? Fine", "Wait... what?|Fine");
  SENTS("Wait... What", "Wait...|What");
  SENTS("He said so. \xE2\x80\x9CNo,\xE2\x80\x9D she said.",
        "He said so.|\xE2\x80\x9CNo,\xE2\x80\x9D she said.");
  SENTS("It ended. (Then more.) Then", "It ended.|(Then more.)|Then");
  SENTS("It ended. \"Yes,\" he said.", "It ended.|\"Yes,\" he said.");
  /* Closing quotes and brackets stay with their sentence. */
  SENTS("He said \xE2\x80\x9CYes.\xE2\x80\x9D Then he left.",
        "He said \xE2\x80\x9CYes.\xE2\x80\x9D|Then he left.");
  SENTS("He said \"Yes.\" Then he left.",
        "He said \"Yes.\"|Then he left.");
  SENTS("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.",
        "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.");
  SENTS("(He left.) Then", "(He left.)|Then");
  SENTS("a.) b", "a.) b");
  /* Caseless scripts and their full stops. */
  SENTS("\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82\xE7\xBE\x8E\xE5\x9B\xBD\xE3\x80\x82",
        "\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82|\xE7\xBE\x8E\xE5\x9B\xBD\xE3\x80\x82");
  SENTS("He left. \xE4\xB8\xAD", "He left.|\xE4\xB8\xAD");
  SENTS("\xC3\x89lan. \xC3\xA9lan.", "\xC3\x89lan. \xC3\xA9lan.");
  SENTS("Ok. \xC3\x89lan.", "Ok.|\xC3\x89lan.");

  /* Abbreviations do not end sentences... */
  SENTS("Mr. Smith met Dr. Jones on Jan. 5 at No. 10 Downing St.",
        "Mr. Smith met Dr. Jones on Jan. 5 at No. 10 Downing St.");
  SENTS("George W. Bush spoke.", "George W. Bush spoke.");
  SENTS("U.S. officials said.", "U.S. officials said.");
  SENTS("He lives in the U.S. The end.", "He lives in the U.S. The end.");
  SENTS("Acme Inc. Chief Executive", "Acme Inc. Chief Executive");
  /* ... except dotted ones and company suffixes before a line break. */
  SENTS_IN(GLEAN_PARA_BLANK, "in the U.S.\nThe next", "in the U.S.|The next");
  SENTS_IN(GLEAN_PARA_BLANK, "in the U.S.\nofficials", "in the U.S.\nofficials");
  SENTS_IN(GLEAN_PARA_BLANK, "at 9 a.m.\n\xE2\x80\x9CWe", "at 9 a.m.|\xE2\x80\x9CWe");
  SENTS_IN(GLEAN_PARA_BLANK, "by Acme Inc.\nIt rose", "by Acme Inc.|It rose");
  SENTS_IN(GLEAN_PARA_BLANK, "by Acme Corp.\n5 more", "by Acme Corp.|5 more");
  SENTS_IN(GLEAN_PARA_BLANK, "John Smith Jr.\nHe", "John Smith Jr.|He");
  SENTS_IN(GLEAN_PARA_BLANK, "met Mr.\nSmith", "met Mr.\nSmith");
  SENTS_IN(GLEAN_PARA_BLANK, "George W.\nBush", "George W.\nBush");
  /* ... and an initial before a quotation that opens with a capital. */
  SENTS("he wrote on X. \"Somebody has to.\"",
        "he wrote on X.|\"Somebody has to.\"");
  SENTS("It is Plan B. \xE2\x80\x9CWe act.\xE2\x80\x9D",
        "It is Plan B.|\xE2\x80\x9CWe act.\xE2\x80\x9D");
  SENTS("on X. \"no more\" now", "on X. \"no more\" now");
  SENTS("Mr. \"Big\" Jones", "Mr. \"Big\" Jones");
  /* A period stuck to an abbreviation is part of it: "U.S.." is U.S. . */
  SENTS("Not in the U.S.. Now", "Not in the U.S..|Now");
  /* User abbreviations from the options. */
  static const char *const extra[] = {"Calif"};
  glean_doc_options o = {GLEAN_PARA_AUTO, extra, 1};
  const char *text = "In Palo Alto, Calif. Apple said.";
  glean_error err;
  glean_document *d = glean_document_new(text, strlen(text), &o, NULL, &err);
  if (d) {
    size_t n;
    glean_document_sentences(d, &n);
    CHECK_EQ_INT(n, 1);
    glean_document_free(d);
  }
  SENTS(text, "In Palo Alto, Calif.|Apple said.");

  /* SENT_END only where a sentence ends. */
  d = doc("Wait... what. Now? yes");
  if (d) {
    size_t n;
    const glean_token *t = glean_document_tokens(d, &n);
    CHECK_EQ_INT(n, 7);
    CHECK(!(t[1].flags & GLEAN_TF_SENT_END));  /* ... */
    CHECK(t[3].flags & GLEAN_TF_SENT_END);     /* . */
    CHECK(!(t[5].flags & GLEAN_TF_SENT_END));  /* ? before yes */
    CHECK(t[4].flags & GLEAN_TF_SENT_START);
    glean_document_free(d);
  }
  d = doc("Why?!\xE2\x80\x9D Then");
  if (d) {
    size_t n;
    const glean_token *t = glean_document_tokens(d, &n);
    CHECK_EQ_INT(n, 5);
    CHECK(t[1].flags & GLEAN_TF_SENT_END);
    CHECK(t[2].flags & GLEAN_TF_SENT_END);
    CHECK(!(t[3].flags & GLEAN_TF_SENT_END));
    CHECK(t[4].flags & GLEAN_TF_SENT_START);
    glean_document_free(d);
  }
}

/* Counts live bytes; fails the nth allocation when fail_at > 0. */
typedef struct counting {
  long live, calls, fail_at;
} counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize,
                            size_t nsize) {
  counting *c = ud;
  if (nsize == 0) {
    c->live -= (long)osize;
    free(ptr);
    return NULL;
  }
  if (++c->calls == c->fail_at) return NULL;
  void *p = realloc(ptr, nsize);
  if (p) c->live += (long)nsize - (long)(ptr ? osize : 0);
  return p;
}

static void test_allocator(void) {
  const char *text =
      "\xE2\x80\x9CWe paid $3.5 million,\xE2\x80\x9D Mr. Smith said.\n\n"
      "Then \xE2\x80\x9Cmore\xE2\x80\x9D came: two hundred, 4-5 bn.\n\n"
      "And more. And more. And more. And more. And more. And more.";
  counting c = {0, 0, 0};
  glean_allocator a = {counting_alloc, &c};
  glean_error err;
  glean_document *d = glean_document_new(text, strlen(text), NULL, &a, &err);
  CHECK(d != NULL);
  CHECK(c.calls > 0);
  CHECK(c.live > 0);
  if (d) {
    CHECK(glean_document_allocator(d)->fn == counting_alloc);
    CHECK(glean_document_allocator(d)->ud == &c);
    glean_document_free(d);
  }
  CHECK_EQ_INT(c.live, 0);

  /* Every failed allocation gives ENOMEM and leaks nothing. */
  long total = c.calls;
  for (long k = 1; k <= total; k++) {
    counting f = {0, 0, k};
    glean_allocator fa = {counting_alloc, &f};
    err.code = GLEAN_OK;
    d = glean_document_new(text, strlen(text), NULL, &fa, &err);
    CHECK(d == NULL);
    CHECK_EQ_INT(err.code, GLEAN_ENOMEM);
    CHECK_EQ_INT(f.live, 0);
  }
}

/* A document's arrays start in one allocation sized by a guess from the
 * text's length; texts denser than the guesses move each array out
 * (tokens, sentences, paragraphs, quotation marks), and every one of
 * those allocations may fail without a leak. */
static void test_outgrown(void) {
  enum { REPS = 600 };
  static char text[REPS * 7 + 1];
  size_t len = 0;
  /* Sentences of two tokens, quoted every other time, one a line:
   * "Go." then “"Go."” ... */
  for (int i = 0; i < REPS; i++) {
    const char *piece = i % 2 ? "\"Go.\"\n" : "Go.\n";
    memcpy(text + len, piece, strlen(piece));
    len += strlen(piece);
  }
  counting c = {0, 0, 0};
  glean_allocator a = {counting_alloc, &c};
  glean_error err;
  glean_document *d = glean_document_new(text, len, NULL, &a, &err);
  CHECK(d != NULL);
  if (d) {
    size_t ntoks, nsents, nparas, nquotes;
    glean_document_tokens(d, &ntoks);
    glean_document_sentences(d, &nsents);
    glean_document_paragraphs(d, &nparas);
    glean_document_quotes(d, &nquotes);
    CHECK_EQ_INT(ntoks, REPS * 2 + REPS);  /* "Go" "." and 2 marks / 2 */
    CHECK_EQ_INT(nsents, REPS);
    CHECK_EQ_INT(nparas, REPS);            /* no blank line: LINES */
    CHECK_EQ_INT(nquotes, REPS / 2);
    glean_document_free(d);
  }
  CHECK_EQ_INT(c.live, 0);
  CHECK(c.calls >= 5);  /* the block, 4 arrays moved out, the quotes */

  long total = c.calls, failed = 0;
  for (long k = 1; k <= total; k++) {
    counting f = {0, 0, k};
    glean_allocator fa = {counting_alloc, &f};
    err.code = GLEAN_OK;
    d = glean_document_new(text, len, NULL, &fa, &err);
    failed += d == NULL && err.code == GLEAN_ENOMEM && f.live == 0;
    if (d) glean_document_free(d);
  }
  CHECK_EQ_INT(failed, total);
}

/* A text long enough for more tokens than the document's block holds
 * gets its token array apart, sized by the text: a dense one outgrows
 * it, a long one of few tokens gives most of it back, and every
 * allocation may fail without a leak. */
static void test_big_texts(void) {
  enum { LEN = 5 << 20 };  /* a guess of LEN / 4 tokens: over the block's */
  char *text = malloc(LEN);
  glean_error err;
  CHECK(text != NULL);
  if (!text) return;
  /* "Go. " over and over: 2 tokens in 4 bytes, twice the guess */
  for (size_t i = 0; i < LEN; i += 4) memcpy(text + i, "Go. ", 4);
  counting c = {0, 0, 0};
  glean_allocator a = {counting_alloc, &c};
  glean_document *d = glean_document_new(text, LEN, NULL, &a, &err);
  CHECK(d != NULL);
  if (d) {
    size_t n, bad = 0;
    const glean_token *t = glean_document_tokens(d, &n);
    CHECK_EQ_INT(n, LEN / 2);
    for (size_t i = 0; i < n; i++)
      bad += t[i].start != (i / 2) * 4 + 2 * (i % 2) ||
             t[i].end != t[i].start + (i % 2 ? 1 : 2);
    CHECK_EQ_INT(bad, 0);
    glean_document_free(d);
  }
  CHECK_EQ_INT(c.live, 0);
  long total = c.calls, failed = 0;
  for (long k = 1; k <= total; k++) {
    counting f = {0, 0, k};
    glean_allocator fa = {counting_alloc, &f};
    err.code = GLEAN_OK;
    d = glean_document_new(text, LEN, NULL, &fa, &err);
    failed += d == NULL && err.code == GLEAN_ENOMEM && f.live == 0;
    if (d) glean_document_free(d);
  }
  CHECK_EQ_INT(failed, total);

  /* two words and spaces between: the 15 MB reserved for tokens shrink
   * to almost nothing */
  memset(text, ' ', LEN);
  memcpy(text, "First", 5);
  memcpy(text + LEN - 4, "last", 4);
  c.live = c.calls = 0;
  d = glean_document_new(text, LEN, NULL, &a, &err);
  CHECK(d != NULL);
  if (d) {
    size_t n;
    const glean_token *t = glean_document_tokens(d, &n);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
      CHECK_EQ_INT(t[1].start, LEN - 4);
      CHECK_EQ_INT(t[1].end, LEN);
    }
    CHECK_EQ_INT(glean_document_token_at(d, LEN - 2), 1);
    CHECK(c.live < (4 << 20));   /* the block's ranges and marks: 2 MB */
    glean_document_free(d);
  }
  CHECK_EQ_INT(c.live, 0);
  free(text);
}

static void test_mem(void) {
  counting c = {0, 0, 0};
  glean_allocator a = {counting_alloc, &c};
  int *v = NULL;
  size_t cap = 0;
  CHECK(glean_grow(&a, (void **)&v, &cap, 3, sizeof *v));
  CHECK(cap >= 3);
  size_t first_cap = cap;
  CHECK(glean_grow(&a, (void **)&v, &cap, 2, sizeof *v));  /* no-op */
  CHECK_EQ_INT(cap, first_cap);
  CHECK(glean_grow(&a, (void **)&v, &cap, first_cap + 1, sizeof *v));
  CHECK(cap >= 2 * first_cap);  /* doubles */
  v[cap - 1] = 7;
  CHECK(glean_grow(&a, (void **)&v, &cap, 1000, sizeof *v));
  CHECK(cap >= 1000);
  /* Overflow is refused and leaves the array alone. */
  size_t before = cap;
  CHECK(!glean_grow(&a, (void **)&v, &cap, SIZE_MAX / 2, sizeof *v));
  CHECK(!glean_grow(&a, (void **)&v, &cap, SIZE_MAX, 1));
  CHECK_EQ_INT(cap, before);
  glean_mem_free(&a, v, cap * sizeof *v);
  CHECK_EQ_INT(c.live, 0);

  /* NULL allocator: malloc. */
  char *p = glean_mem_alloc(NULL, 10);
  CHECK(p != NULL);
  p = glean_mem_realloc(NULL, p, 10, 20);
  CHECK(p != NULL);
  glean_free(NULL, p, 20);
  glean_mem_free(NULL, NULL, 0);
  glean_free(&a, NULL, 0);
  p = glean_mem_alloc(&a, 0);  /* size 0 still gives a block */
  CHECK(p != NULL);
  glean_mem_free(&a, p, 1);
  CHECK_EQ_INT(c.live, 0);

  glean_error err = {GLEAN_OK, ""};
  CHECK_EQ_INT(glean_fail(&err, GLEAN_EINVAL, "bad %s #%d", "rule", 3),
               GLEAN_EINVAL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
  CHECK(strcmp(err.message, "bad rule #3") == 0);
  CHECK_EQ_INT(glean_fail(NULL, GLEAN_ENOMEM, "x"), GLEAN_ENOMEM);
  char longer[600];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  glean_fail(&err, GLEAN_ELIMIT, "%s", longer);
  CHECK_EQ_INT(strlen(err.message), sizeof err.message - 1);
}

/* xorshift64 */
static uint64_t rnd(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Random texts, valid and not: ranges must tile the tokens and agree with
 * the flags. */
static void test_invariants(void) {
  static const char *const pieces[] = {
    "Huawei", "said", " ", " ", " ", ".", ". ", "?", "!", "\n", "\n\n",
    "\xE2\x80\x9C", "\xE2\x80\x9D", "'", "\"", "U.S.", "Mr.", "3.5", "bn",
    "-", "--", "\xC3\xA9", "\xFF", "\0", "\xC2\xA0", "(", ")", "\xE2\x80\xA6",
    "\xE3\x80\x82", "Inc.", "\r\n", "n't", "'s", "$", "US$", "\xCC\x81"
  };
  uint64_t seed = 0x9E3779B97F4A7C15u;
  size_t bad = 0;
  for (int round = 0; round < 200; round++) {
    char text[4096];
    size_t len = 0;
    while (len < sizeof text - 16) {
      const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof *pieces)];
      size_t n = *p ? strlen(p) : 1;
      memcpy(text + len, p, n);
      len += n;
    }
    glean_para_mode mode = (glean_para_mode)(round % 3);
    glean_doc_options o = {mode, NULL, 0};
    glean_error err;
    glean_document *d = glean_document_new(text, len, &o, NULL, &err);
    if (!d) {
      bad++;
      continue;
    }
    size_t nt, ns, np;
    const glean_token *t = glean_document_tokens(d, &nt);
    const glean_range *s = glean_document_sentences(d, &ns);
    const glean_range *p = glean_document_paragraphs(d, &np);
    for (size_t i = 0; i < nt; i++) {
      if (t[i].start >= t[i].end || t[i].end > len) bad++;
      if (t[i].flags >= GLEAN_TF_NUMBER << 1) bad++;  /* no private bits */
      if (i && t[i].start < t[i - 1].end) bad++;
    }
    const glean_range *sets[2] = {s, p};
    size_t counts[2] = {ns, np};
    uint32_t flags[2] = {GLEAN_TF_SENT_START, GLEAN_TF_PARA_START};
    for (int k = 0; k < 2; k++) {
      size_t at = 0, starts = 0;
      for (size_t i = 0; i < counts[k]; i++) {
        const glean_range *r = &sets[k][i];
        if (r->first != at || r->last <= r->first) bad++;
        if (r->start != t[r->first].start || r->end != t[r->last - 1].end)
          bad++;
        if (!(t[r->first].flags & flags[k])) bad++;
        at = r->last;
      }
      if (at != nt) bad++;
      for (size_t i = 0; i < nt; i++) starts += (t[i].flags & flags[k]) != 0;
      if (starts != counts[k]) bad++;
    }
    /* Every paragraph start is a sentence start. */
    for (size_t i = 0; i < np; i++)
      if (!(t[p[i].first].flags & GLEAN_TF_SENT_START)) bad++;
    /* token_at agrees with the spans. */
    for (size_t off = 0; off <= len; off += 7) {
      size_t k = glean_document_token_at(d, off);
      if (k > nt) bad++;
      if (k < nt && t[k].end <= off) bad++;
      if (k > 0 && t[k - 1].end > off) bad++;
    }
    glean_document_free(d);
  }
  CHECK_EQ_INT(bad, 0);
}

int main(void) {
  test_empty_and_limits();
  test_accessors();
  test_token_at();
  test_paragraphs();
  test_sentences();
  test_allocator();
  test_outgrown();
  test_big_texts();
  test_mem();
  test_invariants();
  return CHECK_DONE("test_document");
}
