/* test_ruleset.c — rulesets: labels, lexicon and number spans, context,
 * regex rules snapped to tokens, errors, limits, scratch reuse, linear
 * time on a million capitalized words, and the allocator. */
#include <stdlib.h>
#include <time.h>
#include "check.h"
#include "patterns.h"

typedef struct counter {
  long live;
} counter;

static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counter *c = ud;
  if (ptr) c->live -= (long)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr) c->live += (long)nsize;
  return ptr;
}

static glean_ruleset *new_rs(void) {
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  CHECK(rs != NULL);
  return rs;
}

static int32_t add(glean_ruleset *rs, const glean_rule *r) {
  glean_error err;
  int32_t id;
  memset(&err, 0, sizeof err);
  id = glean_ruleset_add_rule(rs, r, &err);
  if (id < 0) fprintf(stderr, "add_rule: %s\n", err.message);
  return id;
}

/* The message of a rule that must fail, or "" */
static const char *add_fail(glean_ruleset *rs, const glean_rule *r) {
  static char msg[256];
  glean_error err;
  memset(&err, 0, sizeof err);
  msg[0] = '\0';
  if (glean_ruleset_add_rule(rs, r, &err) < 0)
    snprintf(msg, sizeof msg, "%s", err.message);
  return msg;
}

static glean_rule regex_rule(const char *re) {
  glean_rule r;
  memset(&r, 0, sizeof r);
  r.name = "rx";
  r.regex = re;
  r.regex_len = strlen(re);
  return r;
}

static void test_labels(void) {
  glean_error err;
  glean_ruleset *rs = new_rs();
  char name[16];
  int i;
  CHECK_EQ_INT(glean_ruleset_label(rs, "NUMBER", &err), 0);
  CHECK_EQ_INT(glean_ruleset_label(rs, "PERSON", &err), 1);
  CHECK_EQ_INT(glean_ruleset_label(rs, "ORG", &err), 2);
  CHECK_EQ_INT(glean_ruleset_label(rs, "PERSON", &err), 1);
  CHECK_EQ_INT(glean_ruleset_label(rs, "", &err), -1);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
  for (i = 3; i < 64; i++) {
    snprintf(name, sizeof name, "L%d", i);
    CHECK_EQ_INT(glean_ruleset_label(rs, name, &err), i);
  }
  CHECK_EQ_INT(glean_ruleset_label(rs, "ONE_TOO_MANY", &err), -1);
  CHECK_EQ_INT(err.code, GLEAN_ELIMIT);
  CHECK_EQ_INT(glean_ruleset_label(rs, "L63", &err), 63);
  glean_ruleset_free(rs);
}

static void test_lexicon_spans(void) {
  glean_error err;
  glean_lexicon *people = glean_lexicon_new(NULL, &err);
  glean_lexicon *more = glean_lexicon_new(NULL, &err);
  glean_ruleset *rs = new_rs();
  glean_rule r;
  int32_t title, person;
  const char *t;
  pat_reset();
  glean_lexicon_add(people, "Prime Minister", 14, "TITLE", NULL,
                    GLEAN_LEX_FOLD, &err);
  glean_lexicon_add(people, "Minister", 8, "TITLE", NULL, GLEAN_LEX_EXACT,
                    &err);
  glean_lexicon_add(people, "Anna", 4, "FIRST", NULL, GLEAN_LEX_EXACT, &err);
  glean_lexicon_add(people, "Acme", 4, "UNUSED", NULL, GLEAN_LEX_EXACT, &err);
  /* a second lexicon with the same label, overlapping the first */
  glean_lexicon_add(more, "Minister Anna", 13, "TITLE", "odd", GLEAN_LEX_EXACT,
                    &err);
  title = glean_ruleset_label(rs, "TITLE", &err);
  CHECK(glean_ruleset_add_lexicon(rs, people, &err) == GLEAN_OK);
  CHECK(glean_ruleset_add_lexicon(rs, more, &err) == GLEAN_OK);
  /* a label interned after the lexicon was added is mapped too */
  person = glean_ruleset_label(rs, "FIRST", &err);
  r = rule_of(SEQ(span(title), cap(0, span(person)), rep(caps(), 0, 2)), 1);
  CHECK_EQ_INT(add(rs, &r), 0);
  t = "the prime minister Anna Berg met Acme staff";
  CHECK_STR(scan_str(rs, t), "0[prime minister Anna Berg]");
  CHECK_STR(caps_str(t, 0, 1), "(Anna)");
  /* spans: TITLE, FIRST (UNUSED is unknown to the ruleset), sorted */
  CHECK_EQ_INT(scan_res.nspans, 2);
  CHECK_EQ_INT(scan_res.spans[0].label, (uint32_t)title);
  CHECK_SPAN(t, scan_res.spans[0].start, scan_res.spans[0].end,
             "prime minister");
  CHECK_EQ_INT(scan_res.spans[1].label, (uint32_t)person);
  /* overlapping spans of one label: the leftmost, then longest */
  t = "Minister Anna spoke";
  CHECK_STR(scan_str(rs, t), "");
  CHECK_EQ_INT(scan_res.nspans, 2);
  CHECK_SPAN(t, scan_res.spans[0].start, scan_res.spans[0].end,
             "Minister Anna");
  CHECK_EQ_INT(scan_res.spans[0].value, 0);
  CHECK_EQ_INT(scan_res.spans[1].label, (uint32_t)person);
  /* numbers are label 0, with value -1 */
  t = "It cost 4 million, said Anna";
  scan_str(rs, t);
  CHECK_EQ_INT(scan_res.nspans, 2);
  CHECK_EQ_INT(scan_res.spans[0].label, 0);
  CHECK_EQ_INT(scan_res.spans[0].value, -1);
  CHECK_SPAN(t, scan_res.spans[0].start, scan_res.spans[0].end, "4 million");
  scan_done();
  glean_ruleset_free(rs);
  glean_lexicon_free(people);
  glean_lexicon_free(more);
}

/* A scan hashes each token once for the lexicons and the word tests
 * alike: folded hashes must be there when either folds, and tokens at
 * the very start of short texts hash like any other. */
static void test_shared_hashes(void) {
  glean_error err;
  glean_lexicon *names = glean_lexicon_new(NULL, &err);
  glean_lexicon *titles = glean_lexicon_new(NULL, &err);
  glean_ruleset *rs = new_rs(), *rs2 = new_rs();
  glean_rule r;
  int32_t first, title;
  const char *t;
  pat_reset();
  /* exact lexicon, folding word test */
  glean_lexicon_add(names, "Anna", 4, "FIRST", NULL, GLEAN_LEX_EXACT, &err);
  first = glean_ruleset_label(rs, "FIRST", &err);
  CHECK(glean_ruleset_add_lexicon(rs, names, &err) == GLEAN_OK);
  r = rule_of(SEQ(tok(pred_wordv(WORDS("\xC3\xA9" "cole", "minister"), 1)),
                  span(first)), 0);
  CHECK_EQ_INT(add(rs, &r), 0);
  r = rule_of(SEQ(span(first), word("said")), 0);
  CHECK_EQ_INT(add(rs, &r), 1);
  t = "\xC3\x89" "COLE Anna, MINISTER Anna, Minister anna";
  CHECK_STR(scan_str(rs, t), "0[\xC3\x89" "COLE Anna] 0[MINISTER Anna]");
  CHECK_STR(scan_str(rs, "Anna"), "");
  CHECK_EQ_INT(scan_res.nspans, 1);
  CHECK_STR(scan_str(rs, "Anna said"), "1[Anna said]");
  CHECK_STR(scan_str(rs, "x Anna said"), "1[Anna said]");
  CHECK_STR(scan_str(rs, "Anna Said"), "");
  /* folding lexicon, exact word test */
  glean_lexicon_add(titles, "prime minister", 14, "TITLE", NULL,
                    GLEAN_LEX_FOLD, &err);
  title = glean_ruleset_label(rs2, "TITLE", &err);
  CHECK(glean_ruleset_add_lexicon(rs2, titles, &err) == GLEAN_OK);
  r = rule_of(SEQ(span(title), word("said")), 0);
  CHECK_EQ_INT(add(rs2, &r), 0);
  t = "PRIME MINISTER said; Prime Minister Said; prime minister said";
  CHECK_STR(scan_str(rs2, t),
            "0[PRIME MINISTER said] 0[prime minister said]");
  CHECK_EQ_INT(scan_res.nspans, 3);
  scan_done();
  glean_ruleset_free(rs);
  glean_ruleset_free(rs2);
  glean_lexicon_free(names);
  glean_lexicon_free(titles);
}

/* Word tests rule tokens out by first bytes and length before hashing
 * them, unless a lexicon hashed them already. Folding may change a
 * token's length (U+1E9E to U+00DF, three bytes to two; U+0130 to 'i',
 * two to one) or its first byte: such tokens must pass either way. */
static void test_fold_word_lengths(void) {
  glean_error err;
  glean_lexicon *pad = glean_lexicon_new(NULL, &err);
  int with_lex, k;
  /* more first bytes and lengths than a lexicon tests before hashing:
   * it hashes every word, none of which it holds */
  for (k = 0; k < 100; k++) {
    char w[16];
    int len = 2 + k % 12, c;
    for (c = 0; c < len; c++) w[c] = "jkqwxz"[k / 12 % 6];
    glean_lexicon_add(pad, w, (size_t)len, "PAD", NULL,
                      k % 2 ? GLEAN_LEX_EXACT : GLEAN_LEX_FOLD, &err);
  }
  for (with_lex = 0; with_lex < 2; with_lex++) {
    glean_ruleset *rs = new_rs();
    glean_rule r;
    /* the bytes that fold shorter at the start, in the middle or at the
     * end of tokens of 3 to 20 bytes, and of the text */
    const char *t = "a\xC4\xB0 STRA\xE1\xBA\x9E" "E Strasse \xC4\xB0ZM\xC4\xB0R Izmir "
                    "Izmirs \xC3\x84RZTE Arzte \xC5\x81\xC3\xB3" "d\xC5\xBA "
                    "\xC5\x82\xC3\xB3" "d\xC5\xBA X\xE1\xBA\x9E" "ABCDEFGHIJ "
                    "X\xE1\xBA\x9E" "ABCDEFGHIJKLMNOPQ";
    pat_reset();
    if (with_lex) CHECK(glean_ruleset_add_lexicon(rs, pad, &err) == GLEAN_OK);
    r = rule_of(tok(pred_wordv(WORDS("stra\xC3\x9F" "e", "izmir",
                                     "\xC3\xA4rzte", "ai",
                                     "x\xC3\x9F" "abcdefghij",
                                     "x\xC3\x9F" "abcdefghijklmnopq"), 1)), 0);
    CHECK_EQ_INT(add(rs, &r), 0);
    r = rule_of(word("\xC5\x81\xC3\xB3" "d\xC5\xBA"), 0);
    CHECK_EQ_INT(add(rs, &r), 1);
    CHECK_STR(scan_str(rs, t),
              "0[a\xC4\xB0] 0[STRA\xE1\xBA\x9E" "E] 0[\xC4\xB0ZM\xC4\xB0R] "
              "0[Izmir] 0[\xC3\x84RZTE] 1[\xC5\x81\xC3\xB3" "d\xC5\xBA] "
              "0[X\xE1\xBA\x9E" "ABCDEFGHIJ] "
              "0[X\xE1\xBA\x9E" "ABCDEFGHIJKLMNOPQ]");
    scan_done();
    glean_ruleset_free(rs);
  }
  glean_lexicon_free(pad);
}

/* A scan clears only the label bits the scan before set (and those of
 * tokens no document had yet): no span of one document may show in the
 * next. */
static void test_spans_cleared(void) {
  glean_error err;
  glean_lexicon *titles = glean_lexicon_new(NULL, &err);
  glean_ruleset *rs = new_rs();
  glean_rule r;
  int32_t title;
  char big[4000];
  size_t i;
  pat_reset();
  glean_lexicon_add(titles, "Prime Minister", 14, "TITLE", NULL,
                    GLEAN_LEX_FOLD, &err);
  title = glean_ruleset_label(rs, "TITLE", &err);
  CHECK(glean_ruleset_add_lexicon(rs, titles, &err) == GLEAN_OK);
  r = rule_of(SEQ(span(title), caps()), 0);
  CHECK_EQ_INT(add(rs, &r), 0);
  r = rule_of(SEQ(span(0), word("Euros")), 0);   /* label 0: numbers */
  CHECK_EQ_INT(add(rs, &r), 1);
  CHECK_STR(scan_str(rs, "Prime Minister Anna spoke"),
            "0[Prime Minister Anna]");
  CHECK_STR(scan_str(rs, "Grand Duke Anna spoke"), "");
  big[0] = '\0';
  for (i = 0; i < 300; i++) strcat(big, "x y ");
  strcat(big, "prime minister Bob and 3 million Euros");
  CHECK_STR(scan_str(rs, big), "0[prime minister Bob] 1[3 million Euros]");
  CHECK_EQ_INT(scan_res.matches[0].first, 600);
  strcpy(big + 1200, "grand duke Bob and three thousand Euros");
  CHECK_STR(scan_str(rs, big), "1[three thousand Euros]");
  strcpy(big + 1200, "grand duke Bob and three thousand euros");
  CHECK_STR(scan_str(rs, big), "");
  CHECK_STR(scan_str(rs, "Prime Minister Anna spoke"),
            "0[Prime Minister Anna]");
  scan_done();
  glean_ruleset_free(rs);
  glean_lexicon_free(titles);
}

static void test_context(void) {
  glean_ruleset *rs = new_rs();
  glean_rule r;
  glean_pred said, the, mr, capsp;
  pat_reset();
  said = pred_wordv(WORDS("said", "says"), 0);
  the = pred_wordv(WORDS("the", "The"), 0);
  mr = pred_wordv(WORDS("Mr.", "Ms."), 0);
  capsp = pred_flags(GLEAN_TF_CAP);
  /* 0: names right before "said" */
  r = rule_of(rep(caps(), 1, -1), 0);
  r.after = &said;
  r.nafter = 1;
  CHECK_EQ_INT(add(rs, &r), 0);
  CHECK_STR(scan_str(rs, "then Ann Lee said no, Bob Ray left"),
            "0[Ann Lee]");
  glean_ruleset_free(rs);

  /* the context acts like a lookahead: a shorter match is taken when the
   * greedy one is not followed by the context */
  rs = new_rs();
  r = rule_of(rep(caps(), 1, -1), 0);
  r.after = &capsp;
  r.nafter = 1;
  add(rs, &r);
  CHECK_STR(scan_str(rs, "Ann Bob Cal"), "0[Ann Bob]");
  glean_ruleset_free(rs);

  /* before, with the document start counting as no match */
  rs = new_rs();
  r = rule_of(rep(caps(), 1, -1), 0);
  r.before = &mr;
  r.nbefore = 1;
  add(rs, &r);
  CHECK_STR(scan_str(rs, "Ann met Mr. John Smith"), "0[John Smith]");
  glean_ruleset_free(rs);

  /* not_before: the document start counts as "not present" */
  rs = new_rs();
  r = rule_of(rep(caps(), 1, -1), 0);
  r.not_before = &the;
  r.nnot_before = 1;
  add(rs, &r);
  CHECK_STR(scan_str(rs, "Times said the Post and Ann"), "0[Times] 0[Ann]");
  glean_ruleset_free(rs);

  /* not_after, and a two-token after sequence */
  rs = new_rs();
  r = rule_of(caps(), 0);
  r.not_after = &said;
  r.nnot_after = 1;
  add(rs, &r);
  CHECK_STR(scan_str(rs, "Ann said, Bob left"), "0[Bob]");
  glean_ruleset_free(rs);
  {
    glean_pred seq2[2];
    rs = new_rs();
    seq2[0] = pred_wordv(WORDS(","), 0);
    seq2[1] = said;
    r = rule_of(caps(), 0);
    r.after = seq2;
    r.nafter = 2;
    add(rs, &r);
    CHECK_STR(scan_str(rs, "Ann , said Bob , says Cal ,"),
              "0[Ann] 0[Bob]");
    /* the context must fit in the document */
    CHECK_STR(scan_str(rs, "Ann ,"), "");
    glean_ruleset_free(rs);
  }
  scan_done();
}

static void test_regex_rules(void) {
  glean_ruleset *rs = new_rs();
  glean_rule r;
  const char *t;
  pat_reset();
  /* 0: snapped outward to whole tokens */
  r = regex_rule("ohn Sm");
  CHECK_EQ_INT(add(rs, &r), 0);
  /* 1: groups become captures, snapped the same way */
  r = regex_rule("([A-Z]\\w+) (Inc|Ltd)\\.? ");
  r.ncaptures = 3;  /* one more than the groups: left unset */
  CHECK_EQ_INT(add(rs, &r), 1);
  t = "John Smith of Acme Inc. and Bolt Ltd left";
  CHECK_STR(scan_str(rs, t),
            "0[John Smith] 1[Acme Inc.] 1[Bolt Ltd]");
  CHECK_STR(caps_str(t, 1, 3), "(Acme)(Inc.)(-)");
  CHECK_STR(caps_str(t, 2, 3), "(Bolt)(Ltd)(-)");
  glean_ruleset_free(rs);

  /* matches that cover no token, and empty matches, are dropped; the
   * search still moves on */
  rs = new_rs();
  r = regex_rule("x*");
  add(rs, &r);
  r = regex_rule("  +");
  add(rs, &r);
  CHECK_STR(scan_str(rs, "ab  xx é  cd"), "0[xx]");
  glean_ruleset_free(rs);

  /* after snapping, per-rule matches do not overlap ... */
  rs = new_rs();
  r = regex_rule("an");
  add(rs, &r);
  CHECK_STR(scan_str(rs, "banana bandana"), "0[banana] 0[bandana]");
  glean_ruleset_free(rs);
  /* ... unless all matches are kept (identical spans only once) */
  rs = new_rs();
  r = regex_rule("an|a b");
  r.all_matches = 1;
  add(rs, &r);
  CHECK_STR(scan_str(rs, "banana bandana"),
            "0[banana] 0[banana bandana] 0[bandana]");
  glean_ruleset_free(rs);

  /* caseless, context, and invalid UTF-8 in the text */
  rs = new_rs();
  r = regex_rule("ltd\\b");
  r.regex_options = GLEAN_RE_CASELESS;
  {
    glean_pred capsp = pred_flags(GLEAN_TF_CAP);
    r.before = &capsp;
    r.nbefore = 1;
    add(rs, &r);
  }
  CHECK_STR(scan_str(rs, "\xff Bolt LTD and \xfe ltd and Cal Ltd\xc3"),
            "0[LTD] 0[Ltd]");
  glean_ruleset_free(rs);
  scan_done();
}

static void test_errors(void) {
  glean_ruleset *rs = new_rs();
  glean_ruleset_options opts;
  glean_error err;
  glean_rule r;
  glean_pred ctx[2];
  pat_reset();
  r = regex_rule("(abcd");
  CHECK_STR(add_fail(rs, &r),
            "regex: missing closing parenthesis at offset 5");
  r = rule_of(caps(), 0);
  ctx[0] = pred_any();
  ctx[1] = pred_regex("a[");
  r.before = ctx;
  r.nbefore = 2;
  CHECK_PREFIX(add_fail(rs, &r), "before[2]: regex: missing terminating ]");
  r.nbefore = 0;
  r.not_after = ctx;
  r.nnot_after = 2;
  CHECK_PREFIX(add_fail(rs, &r), "not_after[2]: regex: ");
  r.nnot_after = 0;
  ctx[1] = pred_label(5);
  r.after = ctx;
  r.nafter = 2;
  CHECK_STR(add_fail(rs, &r), "after[2]: label 5 unknown");
  r = rule_of(caps(), 0);
  r.regex = "x";
  r.regex_len = 1;
  CHECK_STR(add_fail(rs, &r), "rule: needs exactly one of pattern and regex");
  r = rule_of(NULL, 0);
  CHECK_STR(add_fail(rs, &r), "rule: needs exactly one of pattern and regex");
  r = rule_of(caps(), 5000);
  CHECK_PREFIX(add_fail(rs, &r), "rule: ncaptures 5000 above");
  CHECK_EQ_INT(glean_ruleset_nrules(rs), 0);
  /* the ruleset still works after all these */
  r = rule_of(caps(), 0);
  CHECK_EQ_INT(add(rs, &r), 0);
  CHECK_STR(scan_str(rs, "a B c"), "0[B]");
  glean_ruleset_free(rs);

  memset(&opts, 0, sizeof opts);
  opts.max_match_tokens = 100000;
  CHECK(glean_ruleset_new(&opts, NULL, &err) == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
  CHECK(glean_ruleset_scan(NULL, NULL, NULL, &err) == GLEAN_EINVAL);
  scan_done();
}

/* A catastrophic regex fails the scan quickly; the next scan is fine. */
static void test_catastrophic(void) {
  glean_ruleset *rs = new_rs();
  glean_rule r;
  char text[200];
  clock_t t0;
  pat_reset();
  r = rule_of(tok(pred_regex("(a+)+$")), 0);
  add(rs, &r);
  memset(text, 'a', 60);
  strcpy(text + 60, "b x");
  t0 = clock();
  CHECK_PREFIX(scan_str(rs, text),
               "ERROR: regex: match limit exceeded (catastrophic");
  CHECK_EQ_INT(scan_status, GLEAN_ELIMIT);
  CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
  CHECK_STR(scan_str(rs, "aaa b"), "0[aaa]");
  glean_ruleset_free(rs);

  rs = new_rs();
  r = regex_rule("(x+x+)+y");
  r.name = "bad";
  add(rs, &r);
  memset(text, 'x', 60);
  strcpy(text + 60, " z");
  CHECK_STR(scan_str(rs, text), "");  /* the required "y" is missing */
  glean_ruleset_free(rs);
  rs = new_rs();
  r = regex_rule("(x+x+)+$");
  r.name = "bad";
  add(rs, &r);
  CHECK_PREFIX(scan_str(rs, text), "ERROR: rule 'bad': regex: match limit");
  glean_ruleset_free(rs);

  /* a lower limit from the options applies to predicate regexes */
  {
    glean_ruleset_options opts;
    glean_error err;
    memset(&opts, 0, sizeof opts);
    opts.regex_match_limit = 20;
    rs = glean_ruleset_new(&opts, NULL, &err);
    r = rule_of(tok(pred_regex("(x+x+)+$")), 0);
    add(rs, &r);
    CHECK_PREFIX(scan_str(rs, "xxxxxxxxz"), "ERROR: regex: match limit");
    glean_ruleset_free(rs);
  }
  scan_done();
}

/* Matches come sorted by start, then rule; results repeat exactly on a
 * second scan, and a small document after a big one is clean. */
static void test_order_and_reuse(void) {
  glean_ruleset *rs = new_rs();
  glean_rule r;
  char first[256], big[20000];
  size_t i;
  pat_reset();
  r = rule_of(SEQ(caps(), word("Inc.")), 0);
  add(rs, &r);
  r = rule_of(rep(caps(), 1, -1), 0);
  add(rs, &r);
  r = regex_rule("Acme");
  add(rs, &r);
  snprintf(first, sizeof first, "%s",
           scan_str(rs, "Acme Inc. hired Ann Lee of Acme"));
  CHECK_STR(first, "0[Acme Inc.] 1[Acme Inc.] 2[Acme] 1[Ann Lee] "
                   "1[Acme] 2[Acme]");
  CHECK_STR(scan_str(rs, "Acme Inc. hired Ann Lee of Acme"), first);
  big[0] = '\0';
  for (i = 0; i < 1000; i++) strcat(big, "Bolt Inc. x ");
  scan_str(rs, big);
  CHECK_EQ_INT(scan_res.nmatches, 2000);
  CHECK_STR(scan_str(rs, "Acme Inc. hired Ann Lee of Acme"), first);
  CHECK_STR(scan_str(rs, ""), "");
  glean_ruleset_free(rs);
  scan_done();
}

/* caps+ over a million capitalized words: linear, matches of 64 tokens */
static void test_million_caps(void) {
  const size_t n = 1000000;
  char *text = malloc(n * 3 + 1);
  glean_ruleset *rs = new_rs();
  glean_document *doc;
  glean_scan_result res;
  glean_error err;
  glean_rule r;
  clock_t t0;
  double secs;
  size_t i;
  pat_reset();
  for (i = 0; i < n; i++) {
    text[3 * i] = (char)('A' + i % 26);
    text[3 * i + 1] = 'b';
    text[3 * i + 2] = ' ';
  }
  text[3 * n] = '\0';
  r = rule_of(rep(caps(), 1, -1), 0);
  add(rs, &r);
  r = rule_of(SEQ(rep(caps(), 1, -1), word("Inc.")), 0);
  add(rs, &r);
  doc = glean_document_new(text, 3 * n, NULL, NULL, &err);
  CHECK(doc != NULL);
  t0 = clock();
  CHECK(glean_ruleset_scan(rs, doc, &res, &err) == GLEAN_OK);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  printf("test_ruleset: caps+ over %zu capitalized words: %.3f s\n", n, secs);
  /* generous for sanitizer builds; about 0.05 s at -O2 */
  CHECK(secs < 2.0);
  CHECK_EQ_INT(res.nmatches, (n + 63) / 64);
  CHECK_EQ_INT(res.matches[0].last - res.matches[0].first, 64);
  CHECK_EQ_INT(res.matches[1].first, 64);
  glean_document_free(doc);
  glean_ruleset_free(rs);
  free(text);
}

/* Every byte the ruleset holds goes through its allocator. */
static void test_allocator(void) {
  counter c = {0};
  glean_allocator a = {count_alloc, &c};
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, &a, &err);
  glean_rule r;
  glean_pred w;
  pat_reset();
  w = pred_wordv(WORDS("said", "told"), 1);
  r = rule_of(SEQ(cap(0, rep(caps(), 1, 3)), tok(w)), 1);
  CHECK_EQ_INT(add(rs, &r), 0);
  r = regex_rule("(\\d+) (bn|mn)");
  r.ncaptures = 2;
  CHECK_EQ_INT(add(rs, &r), 1);
  r = rule_of(rep(caps(), 5, 2), 0);
  CHECK(add_fail(rs, &r)[0] != '\0');
  CHECK(c.live > 0);
  CHECK_STR(scan_str(rs, "Ann Lee SAID 4 bn"), "0[Ann Lee SAID] 1[4 bn]");
  scan_done();
  glean_ruleset_free(rs);
  CHECK_EQ_INT(c.live, 0);
}

int main(void) {
  test_labels();
  test_lexicon_spans();
  test_shared_hashes();
  test_fold_word_lengths();
  test_spans_cleared();
  test_context();
  test_regex_rules();
  test_errors();
  test_catastrophic();
  test_order_and_reuse();
  test_million_caps();
  test_allocator();
  return CHECK_DONE("test_ruleset");
}
