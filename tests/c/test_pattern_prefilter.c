/* test_pattern_prefilter.c — the shortcuts of the scan change no match.
 *
 * Regex predicates skip PCRE2 for tokens that lack a byte every match
 * needs or the literal tail every match ends with; those bytes come from
 * reading the regex source. Each regex here is compared with the same
 * regex behind "(*UTF)", which the reading gives up on (so PCRE2 decides
 * every token), over a text of varied tokens. Then the VM's filters:
 * rules whose second token is tested before they start, word tests in
 * long alternations, spans ending inside an alternation. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "patterns.h"

static glean_ruleset *one(const glean_pnode *p, uint32_t ncap) {
  glean_error err;
  glean_rule r = rule_of(p, ncap);
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  if (!rs) return NULL;
  if (glean_ruleset_add_rule(rs, &r, &err) < 0) {
    fprintf(stderr, "add_rule: %s\n", err.message);
    glean_ruleset_free(rs);
    return NULL;
  }
  return rs;
}

/* Matches of tok(regex) over text, as a string (the caller frees). */
static char *regex_matches(const char *re, bool caseless, bool negate,
                           const char *text) {
  glean_pred p = pred_regex(re);
  glean_ruleset *rs;
  char *out;
  p.regex_caseless = caseless;
  p.regex_negate = negate;
  rs = one(tok(p), 0);
  if (!rs) return NULL;
  {
    const char *got = scan_str(rs, text);
    out = malloc(strlen(got) + 1);
    if (out) memcpy(out, got, strlen(got) + 1);
  }
  glean_ruleset_free(rs);
  return out;
}

static const char *TEXT =
    "A. B.C. U.S. U.S.A. Mr. mr. Dr.No a.b ABC. .A A.. "
    "multibillion-dollar billion-dollar five-cent one-yen Five-Cent "
    "FIVE-CENT million- -dollar trillion-euro multi-million-pound "
    "Johnson Jansen Hansen son Ason ASON Mason's Ericsson Petersen "
    "cents-a-unit 90-cent-an-hour per-a-b x-per-y "
    "{2} a{2} aa a{,2} (x) [y] $5 5$ US$ 3.5 1,000 #tag @me "
    "50% é.É. Ñ. naïve café-au-lait über-cool Öl. 10km 20MUSD kEUR "
    "q-tip Q-Tip a-b-c -- - ... . Kelvin \xe2\x84\xaa" "elvin kelvin KELVIN "
    "\xc5\xbfon SON 12 123 1234 1.234 12.345,67 Police police Elans "
    "\xc3\xa9lans \xc3\x89lans x";

static void check_regex(const char *re, bool caseless, bool negate) {
  char ref[256];
  char *got, *want;
  snprintf(ref, sizeof ref, "(*UTF)%s", re);
  pat_reset();
  got = regex_matches(re, caseless, negate, TEXT);
  pat_reset();
  want = regex_matches(ref, caseless, negate, TEXT);
  CHECK(got != NULL && want != NULL);
  if (got && want && strcmp(got, want) != 0) {
    fprintf(stderr, "regex %s (caseless %d, negate %d):\n  got  %s\n"
                    "  want %s\n", re, caseless, negate, got, want);
    CHECK(false);
  }
  free(got);
  free(want);
}

static void test_regex_prefilters(void) {
  static const char *const res[] = {
    "\\p{Lu}\\.", "(\\p{Lu}\\.){2,3}", "(?:\\p{Lu}\\.)+", "\\p{Lu}\\.?",
    "(?:multi-?)?(?:b|m|tr)illion-\\pL+|(?:one|two|five|ten)-\\pL+",
    "[A-Z][a-z]+son", "[A-Z][a-z]+sen", "\\pL+-(?:a|an|per)-\\pL+",
    "[MmKk][A-Z]{3}", "(?:thousand|million|billion)-\\pL.*", "a{2}",
    "a\\{2\\}", "\\{2\\}", "a{,2}", "\\(x\\)", "\\[y\\]", "\\$\\d+",
    "\\d+\\$", "US\\$", "\\d+[.,]\\d+", "#\\w+", "@me", "\\d+%", "Ñ\\.",
    "\\x{e9}\\.\\x{c9}\\.", "caf\\x{e9}-au-lait", "\\w+-\\w+", "q-tip",
    "(?=.*-).+", "(?!.*-)\\w+", "[-.]+", "-+", "\\.\\.\\.", "[^a-z]+\\.",
    "[]a]", "[\\].]+", "(a|b)-(c|d)", "x|-", "(?:x)?-", "\\Q-\\E",
    "(?i)q-tip", "(a)\\1", "\\d+km", "\\d+MUSD", "son", "Mr\\.",
    "[[:upper:]]\\.", "\\p{Lu}+\\.", "Johnson|Hansen", ".*son",
    /* first bytes and least lengths (PCRE2's study of the regex) */
    "k[a-z]+", "kelvin", "\\x{212a}elvin", "s[a-z]n", "[0-9]{3}",
    "[0-9]{1,3}", "\\d{1,3}(?:\\.\\d{3})+(?:,\\d{1,2})?|\\d+,\\d{1,2}",
    "(?:[Pp]olice|\\p{L}+[a-z]s)", "\\p{Lu}\\p{L}.*", "\\x{e9}\\w*",
    "(?!.*-(based|owned)$).+", "(?i:k)elvin", "[^0-9]{4,}", "x?y?",
  };
  size_t i;
  for (i = 0; i < sizeof res / sizeof *res; i++) {
    check_regex(res[i], false, false);
    check_regex(res[i], true, false);
    check_regex(res[i], false, true);
  }
}

/* A rule's second token is tested before it starts; what it matches is
 * unchanged, including spans, captures and a second step reached
 * through optional parts. */
static void test_second_step(void) {
  glean_ruleset *rs;
  pat_reset();
  rs = one(SEQ(caps(), tok(pred_regex("[A-Z][a-z]+son"))), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "Tom Johnson met Ann Lee and Bo Ericsson."),
            "0[Tom Johnson] 0[Bo Ericsson]");
  glean_ruleset_free(rs);
  pat_reset();
  rs = one(SEQ(word("the"), rep(word("big"), 0, 2), cap(0, caps())), 1);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "the big big Dog, the Cat, the big cat"),
            "0[the big big Dog] 0[the Cat]");
  glean_ruleset_free(rs);
  /* one-token matches: no second step to test */
  pat_reset();
  rs = one(SEQ(caps(), rep(caps(), 0, 1)), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "Ann and Bo Lee"), "0[Ann] 0[Bo Lee]");
  glean_ruleset_free(rs);
  /* a second token at the end of the document */
  pat_reset();
  rs = one(SEQ(word("New"), word("York")), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "New York and New"), "0[New York]");
  glean_ruleset_free(rs);
  scan_done();
}

/* The second-token filter also covers rules whose first step is one of
 * many words (each a bit test in the token's dictionary entry) or a span
 * (the second token continues it, or is taken by what follows it): the
 * matches and captures stay those of the rule. */
static void test_second_step_cheap(void) {
  glean_ruleset *rs;
  const char *text =
      "about 5 million dollars, 7 dollars, more than 3 billion dollars, "
      "over the 4 dollars, a record 9 dollars, a 2 dollars, nearly "
      "dollars, 6 million euros, 6 million dollars, just 8";
  pat_reset();
  rs = one(SEQ(rep(cap(0, ALT(word("about"), word("around"),
                              word("nearly"), word("over"), word("under"),
                              word("just"), word("only"), word("almost"),
                              word("roughly"), word("above"), word("below"),
                              SEQ(word("more"), word("than")),
                              SEQ(word("a"), word("record")))),
                   0, 1),
               cap(1, span(0)), word("dollars")),
           2);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, text),
            "0[about 5 million dollars] 0[7 dollars] "
            "0[more than 3 billion dollars] 0[4 dollars] "
            "0[a record 9 dollars] 0[2 dollars] 0[6 million dollars]");
  CHECK_STR(caps_str(text, 2, 2), "(more than)(3 billion)");
  glean_ruleset_free(rs);
  scan_done();
}

/* Many word alternatives after a capture: the words are looked up once,
 * the captures still come from the alternative taken. */
static void test_word_alternatives(void) {
  glean_ruleset *rs;
  pat_reset();
  rs = one(SEQ(cap(0, ALT(word("about"), word("around"), word("nearly"),
                         word("over"), word("under"), word("just"))),
               cap(1, tok(pred_flags(GLEAN_TF_DIGIT)))),
           2);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "about 5, nearly 7, just 9, the 4, over x"),
            "0[about 5] 0[nearly 7] 0[just 9]");
  CHECK_STR(caps_str("about 5, nearly 7, just 9, the 4, over x", 1, 2),
            "(nearly)(7)");
  glean_ruleset_free(rs);
  scan_done();
}

/* Closures are computed in advance within a budget; past it, adding a
 * thread walks the program as before. A long run of optional words
 * needs more than the budget: both ways must give the same matches. */
static void test_closure_budget(void) {
  glean_ruleset *rs;
  pat_reset();
  {
    /* 300 optional words in a row, each with a capture: the closure of
     * each step holds every later one */
    static const glean_pnode *kids[301];
    size_t i;
    for (i = 0; i < 300; i++)
      kids[i] = rep(cap((uint32_t)(i % 4), ALT(word("a"), word("the"))), 0,
                    1);
    kids[300] = word("b");
    rs = one(node_list(GLEAN_PN_SEQ, kids, 301), 4);
  }
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "x a the a b y b the the"), "0[a the a b] 0[b]");
  CHECK_STR(caps_str("x a the a b y b the the", 0, 4), "(a)(the)(a)(-)");
  glean_ruleset_free(rs);
  /* a span ending inside an optional part, then more optional parts */
  pat_reset();
  rs = one(SEQ(rep(ALT(span(0), word("and")), 1, 3), word("dollars")), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "5 million and 3 dollars, or 7 dollars"),
            "0[5 million and 3 dollars] 0[7 dollars]");
  glean_ruleset_free(rs);
  scan_done();
}

/* The rules a token may start, the rules whose second step may take it
 * and the steps of a rule that take it depend on its flags and labels,
 * not its text alone: the same text with other flags or inside another
 * span, in the same scan or a later one, gets its own answer (a filter
 * that went by the text would mix them up). */
static void test_token_types(void) {
  glean_ruleset *rs;
  glean_pred cap_start = pred_regex("[A-Z][a-z]+");
  glean_pred in_num = pred_label(0);
  cap_start.flags_all = GLEAN_TF_SENT_START;
  pat_reset();
  rs = one(SEQ(tok(cap_start), word("said")), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "Ann said so. Ann said no. Bo and Ann said it."),
            "0[Ann said] 0[Ann said]");
  CHECK_STR(scan_str(rs, "Bo and Ann said it. Ann said no."), "0[Ann said]");
  glean_ruleset_free(rs);
  /* the second token inside a number span or not */
  pat_reset();
  rs = one(SEQ(ALT(word("the"), word("5")), ALT(tok(in_num), word("zzz")),
               tok(pred_flags(GLEAN_TF_WORD))),
           0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "the million dollars and 5 million dollars"),
            "0[5 million dollars]");
  CHECK_STR(scan_str(rs, "5 million more, the million more, 5 million more"),
            "0[5 million more] 0[5 million more]");
  glean_ruleset_free(rs);
  /* a later step's label, which neither first nor second steps test */
  pat_reset();
  rs = one(SEQ(word("see"), tok(pred_wordv(WORDS("the", "5"), 0)),
               ALT(tok(in_num), word("zzz"))),
           0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "see the million more, see 5 million more"),
            "0[see 5 million]");
  glean_ruleset_free(rs);
  pat_reset();
  rs = one(SEQ(span(0), word("dollars")), 0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "5 million dollars, million dollars, 5 dollars"),
            "0[5 million dollars] 0[5 dollars]");
  CHECK_STR(scan_str(rs, "million dollars, 3 million dollars"),
            "0[3 million dollars]");
  glean_ruleset_free(rs);
  scan_done();
}

/* A rule whose first step is a word or a rare flag starts only there,
 * without the windows of a later, commoner anchor ("to", a number, a
 * reporting verb): every match is still found, at any distance from the
 * next one. */
static void test_selective_first(void) {
  glean_ruleset *rs;
  pat_reset();
  rs = one(SEQ(word("according"), word("to"), cap(0, caps())), 1);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "to go to Rome, according to Ana and according to "
                         "him, up to According to Bo, according to Cy"),
            "0[according to Ana] 0[according to Cy]");
  glean_ruleset_free(rs);
  pat_reset();
  rs = one(SEQ(tok(pred_flags(GLEAN_TF_CURRENCY)), span(0),
               rep(word("said"), 0, 1)),
           0);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "paid $5 million said 7 of them, $ 8 said, 9 "
                         "dollars, \xe2\x82\xac" "12 and $ x 4"),
            "0[$5 million said] 0[$ 8 said] 0[\xe2\x82\xac" "12]");
  glean_ruleset_free(rs);
  pat_reset();
  rs = one(SEQ(tok(pred_flags(GLEAN_TF_QUOTE_CLOSE)), word("said"),
               cap(0, caps())),
           1);
  CHECK(rs != NULL);
  CHECK_STR(scan_str(rs, "\"No,\" said Ann. Bo said \"yes\" said Cy "
                         "and said Di."),
            "0[\" said Ann] 0[\" said Cy]");
  glean_ruleset_free(rs);
  scan_done();
}

/* More than 1024 rules (rule masks of 17 words): every match is found. */
static void test_many_rules(void) {
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  const char *text = "Ann said it. Bo said no. said Cy said";
  size_t i, ann = 0;
  pat_reset();
  CHECK(rs != NULL);
  if (!rs) return;
  for (i = 0; i < 1030; i++) {
    /* every other rule needs a capital after "said" */
    glean_rule r = rule_of(i % 2 ? SEQ(word("said"), caps())
                                 : SEQ(caps(), word("said")),
                           0);
    CHECK(glean_ruleset_add_rule(rs, &r, &err) >= 0);
  }
  scan_str(rs, text);
  CHECK(scan_status == GLEAN_OK);
  /* Ann said, Bo said, Cy said (rules 0, 2, ...); said Cy (1, 3, ...) */
  CHECK(scan_res.nmatches == 515 * 3 + 515);
  for (i = 0; i < scan_res.nmatches; i++) {
    const glean_match *m = &scan_res.matches[i];
    if (m->end - m->start == 8 && memcmp(text + m->start, "Ann said", 8) == 0)
      ann++;
  }
  CHECK(ann == 515);
  glean_ruleset_free(rs);
  scan_done();
}

/* Many rules that start with a word of their own: past 64 first steps
 * found by word the index takes more words per entry, past 256 a token
 * walks its word sets; the matches are the same either way. */
static void test_many_word_firsts(void) {
  static char words[300][8];
  const size_t counts[] = { 60, 200, 300 };
  size_t c, i;
  for (i = 0; i < 300; i++) snprintf(words[i], sizeof words[i], "k%03zu", i);
  for (c = 0; c < sizeof counts / sizeof *counts; c++) {
    glean_error err;
    glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
    char want[128];
    pat_reset();
    CHECK(rs != NULL);
    if (!rs) return;
    for (i = 0; i < counts[c]; i++) {
      glean_rule r = rule_of(SEQ(word(words[i]), caps()), 0);
      CHECK(glean_ruleset_add_rule(rs, &r, &err) >= 0);
    }
    /* k007 and k059 start rules in all three, k150 in the last two,
     * k299 in the last one; k299 before a small word matches nothing */
    snprintf(want, sizeof want, "7[k007 Ann] 59[k059 Bo]%s%s",
             counts[c] > 150 ? " 150[k150 Cy]" : "",
             counts[c] > 299 ? " 299[k299 Di]" : "");
    CHECK_STR(scan_str(rs, "k007 Ann k059 Bo k150 Cy k299 Di k299 and"),
              want);
    glean_ruleset_free(rs);
  }
  scan_done();
}

/* The quick tests of second steps (flags, a regex's last byte) are
 * asked once per token for all rules: with rules past 64 (a second word
 * of masks), rules that have the tests and rules that do not, the
 * matches are those of each rule alone. */
static void test_many_second_steps(void) {
  static const char *const ends[] = { "son", "sen", "ez", "ov", "ski" };
  static char res[70][24];
  const char *text =
      "Tom Johnson met Ann Petrov, Eva Hansen and Jan Kowalski at 10 "
      "and the 7 of them left.";
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  size_t i;
  pat_reset();
  CHECK(rs != NULL);
  if (!rs) return;
  for (i = 0; i < 70; i++) {
    glean_rule r;
    if (i % 10 == 9) {  /* no quick test: any token may follow */
      r = rule_of(SEQ(word("at"), tok(pred_any())), 0);
    } else if (i % 10 == 8) {  /* flags only */
      r = rule_of(SEQ(word("the"), tok(pred_flags(GLEAN_TF_DIGIT))), 0);
    } else {
      snprintf(res[i], sizeof res[i], "[A-Z][a-z]+%s", ends[i % 5]);
      r = rule_of(SEQ(caps(), tok(pred_regex(res[i]))), 0);
    }
    CHECK(glean_ruleset_add_rule(rs, &r, &err) >= 0);
  }
  /* identical rules run once and give their matches to each other, so
   * every rule of a kind matches where the first of its kind does */
  CHECK_STR(scan_str(rs, text),
            "0[Tom Johnson] 5[Tom Johnson] 10[Tom Johnson] 15[Tom Johnson] "
            "20[Tom Johnson] 25[Tom Johnson] 30[Tom Johnson] "
            "35[Tom Johnson] 40[Tom Johnson] 45[Tom Johnson] "
            "50[Tom Johnson] 55[Tom Johnson] 60[Tom Johnson] "
            "65[Tom Johnson] "
            "3[Ann Petrov] 13[Ann Petrov] 23[Ann Petrov] 33[Ann Petrov] "
            "43[Ann Petrov] 53[Ann Petrov] 63[Ann Petrov] "
            "1[Eva Hansen] 6[Eva Hansen] 11[Eva Hansen] 16[Eva Hansen] "
            "21[Eva Hansen] 26[Eva Hansen] 31[Eva Hansen] 36[Eva Hansen] "
            "41[Eva Hansen] 46[Eva Hansen] 51[Eva Hansen] 56[Eva Hansen] "
            "61[Eva Hansen] 66[Eva Hansen] "
            "4[Jan Kowalski] 14[Jan Kowalski] 24[Jan Kowalski] "
            "34[Jan Kowalski] 44[Jan Kowalski] 54[Jan Kowalski] "
            "64[Jan Kowalski] "
            "9[at 10] 19[at 10] 29[at 10] 39[at 10] 49[at 10] 59[at 10] "
            "69[at 10] "
            "8[the 7] 18[the 7] 28[the 7] 38[the 7] 48[the 7] 58[the 7] "
            "68[the 7]");
  glean_ruleset_free(rs);
  scan_done();
}

int main(void) {
  test_token_types();
  test_many_rules();
  test_many_word_firsts();
  test_selective_first();
  test_regex_prefilters();
  test_second_step();
  test_second_step_cheap();
  test_many_second_steps();
  test_word_alternatives();
  test_closure_budget();
  return CHECK_DONE("test_pattern_prefilter");
}
