/* test_pattern.c — token patterns: node kinds, priorities, captures,
 * repeats, spans, errors; and the VM against a backtracking reference
 * on random patterns. */
#include <stdbool.h>
#include <stdlib.h>
#include "check.h"
#include "patterns.h"

/* A ruleset holding the one rule r (NULL and a message when it fails). */
static glean_ruleset *one_rule(const glean_rule *r, glean_error *err) {
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, err);
  if (!rs) return NULL;
  if (glean_ruleset_add_rule(rs, r, err) < 0) {
    glean_ruleset_free(rs);
    return NULL;
  }
  return rs;
}

/* The ruleset of the last run, kept for caps_str. */
static glean_ruleset *last_rs;

static void keep(glean_ruleset *rs) {
  if (last_rs) glean_ruleset_free(last_rs);
  last_rs = rs;
}

/* Scans text with pattern p alone; returns the matches string. */
static const char *run(const glean_pnode *p, uint32_t ncap, const char *text) {
  static char out[8192];
  glean_error err;
  glean_rule r = rule_of(p, ncap);
  glean_ruleset *rs = one_rule(&r, &err);
  if (!rs) {
    snprintf(out, sizeof out, "ADD ERROR: %s", err.message);
    return out;
  }
  snprintf(out, sizeof out, "%s", scan_str(rs, text));
  keep(rs);
  return out;
}

static const char *run_all(const glean_pnode *p, const char *text) {
  static char out[8192];
  glean_error err;
  glean_rule r = rule_of(p, 0);
  glean_ruleset *rs;
  r.all_matches = 1;
  rs = one_rule(&r, &err);
  if (!rs) return "ADD ERROR";
  snprintf(out, sizeof out, "%s", scan_str(rs, text));
  keep(rs);
  return out;
}

/* The error message of adding pattern p (ncap captures), or "" if it
 * compiles. */
static const char *add_error(const glean_pnode *p, uint32_t ncap) {
  static char msg[256];
  glean_error err;
  glean_rule r = rule_of(p, ncap);
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  memset(&err, 0, sizeof err);
  msg[0] = '\0';
  if (glean_ruleset_add_rule(rs, &r, &err) < 0) {
    snprintf(msg, sizeof msg, "%s", err.message);
    CHECK(glean_ruleset_nrules(rs) == 0);
  }
  glean_ruleset_free(rs);
  return msg;
}

static void test_tokens_and_sequences(void) {
  pat_reset();
  CHECK_STR(run(caps(), 0, "John and Mary left"), "0[John] 0[Mary]");
  CHECK_STR(run(SEQ(word("Mr."), caps()), 0, "Mr. John Smith"),
            "0[Mr. John]");
  CHECK_STR(run(SEQ(word("Mr."), rep(caps(), 1, -1)), 0,
                "and Mr. John Smith said"),
            "0[Mr. John Smith]");
  /* per rule, leftmost matches that do not overlap */
  CHECK_STR(run(rep(caps(), 1, -1), 0, "John Smith met Ann Lee"),
            "0[John Smith] 0[Ann Lee]");
  CHECK_STR(run_all(rep(caps(), 1, -1), "John Smith met Ann Lee"),
            "0[John Smith] 0[Smith] 0[Ann Lee] 0[Lee]");
  CHECK_STR(run(caps(), 0, ""), "");
  CHECK_STR(run(caps(), 0, "no capitals here"), "");
}

static void test_predicates(void) {
  glean_pred p;
  pat_reset();
  CHECK_STR(run(tok(pred_wordv(WORDS("said", "says"), 0)), 0,
                "He SAID it, she said, he Says"),
            "0[said]");
  CHECK_STR(run(tok(pred_wordv(WORDS("said", "says"), 1)), 0,
                "He SAID it, she said, he Says"),
            "0[SAID] 0[said] 0[Says]");
  /* folding covers letters beyond ASCII */
  CHECK_STR(run(tok(pred_wordv(WORDS("élan"), 1)), 0, "with ÉLAN and Élan"),
            "0[ÉLAN] 0[Élan]");
  p = pred_wordv(WORDS("the", "a"), 1);
  p.words_negate = 1;
  p.flags_all = GLEAN_TF_WORD;
  CHECK_STR(run(tok(p), 0, "The cat, a dog"), "0[cat] 0[dog]");
  p = pred_flags(GLEAN_TF_WORD);
  p.flags_none = GLEAN_TF_CAP;
  CHECK_STR(run(tok(p), 0, "Big cat 42 Dog"), "0[cat]");
  p = pred_any();
  p.flags_any = GLEAN_TF_DIGIT | GLEAN_TF_CURRENCY;
  CHECK_STR(run(tok(p), 0, "paid $ 42 now"), "0[$] 0[42]");
  p = pred_flags(GLEAN_TF_CAP);
  p.negate = 1;
  CHECK_STR(run(tok(p), 0, "Big cat Dog"), "0[cat]");
  /* a regex predicate must match the whole token */
  CHECK_STR(run(tok(pred_regex("[0-9]{4}")), 0, "in 1999 or 19999 or 199"),
            "0[1999]");
  p = pred_regex("[a-z]+");
  p.regex_caseless = 1;
  p.flags_all = GLEAN_TF_CAP;
  CHECK_STR(run(tok(p), 0, "Abc def G7"), "0[Abc]");
  p = pred_regex("[0-9]+");
  p.regex_negate = 1;
  p.flags_all = GLEAN_TF_DIGIT;
  CHECK_STR(run(tok(p), 0, "7 7a 77 3.5"), "0[3.5]");
}

static void test_priorities(void) {
  pat_reset();
  /* the earlier alternative wins, even when shorter */
  CHECK_STR(run(ALT(word("a"), SEQ(word("a"), word("b"))), 0, "a b"),
            "0[a]");
  CHECK_STR(run(ALT(SEQ(word("a"), word("b")), word("a")), 0, "a b"),
            "0[a b]");
  CHECK_STR(run(ALT(SEQ(word("a"), word("b")), word("a")), 0, "a c a b"),
            "0[a] 0[a b]");
  /* greedy repeats, even when that ends on the optional part */
  CHECK_STR(run(rep(SEQ(caps(), rep(word("and"), 0, 1)), 1, -1), 0,
                "Tom and Jerry and Spike ran"),
            "0[Tom and Jerry and Spike]");
  CHECK_STR(run(rep(SEQ(caps(), rep(word("and"), 0, 1)), 1, -1), 0,
                "Tom and Jerry and ran"),
            "0[Tom and Jerry and]");
  /* the leftmost match is kept; a later start that begins at its end is
   * kept too, even though an earlier (dropped) start covered it */
  CHECK_STR(run(ALT(SEQ(word("x"), word("y")),
                    SEQ(rep(word("y"), 1, -1), word("z"))),
                0, "x y y y z"),
            "0[x y] 0[y y z]");
}

static void test_repeats(void) {
  const glean_pnode *p;
  pat_reset();
  CHECK_STR(run(rep(caps(), 2, 3), 0, "Ann Bob Cal Dan Eve"),
            "0[Ann Bob Cal] 0[Dan Eve]");
  CHECK_STR(run(rep(caps(), 2, 2), 0, "Ann Bob Cal"), "0[Ann Bob]");
  CHECK_STR(run(rep(caps(), 3, -1), 0, "Ann Bob x Cal Dan Eve Fay"),
            "0[Cal Dan Eve Fay]");
  CHECK_STR(run(SEQ(word("x"), rep(caps(), 0, 2), word("y")), 0,
                "x y x A y x A B y x A B C y"),
            "0[x y] 0[x A y] 0[x A B y]");
  /* nested repeats */
  p = rep(SEQ(word("("), rep(caps(), 1, 2), word(")")), 1, 3);
  CHECK_STR(run(p, 0, "( A ) ( B C ) ( D E F ) ( G )"),
            "0[( A ) ( B C )] 0[( G )]");
  /* a loop whose body can match nothing does not spin */
  p = SEQ(word("x"), rep(rep(caps(), 0, 1), 0, -1));
  CHECK_STR(run(p, 0, "x A B c x"), "0[x A B] 0[x]");
  p = SEQ(word("x"), rep(SEQ(rep(caps(), 0, 2), rep(word("-"), 0, 1)), 0, 50));
  CHECK_STR(run(p, 0, "x A B - C D E f"), "0[x A B - C D E]");
  /* an empty subpattern repeated many times is empty */
  p = SEQ(caps(), rep(node_list(GLEAN_PN_SEQ, NULL, 0), 1000000, 1000000));
  CHECK_STR(run(p, 0, "A b"), "0[A]");
}

static void test_captures(void) {
  const glean_pnode *p;
  pat_reset();
  p = SEQ(cap(0, tok(pred_wordv(WORDS("Dr.", "Mr."), 0))),
          cap(1, rep(caps(), 1, -1)));
  CHECK_STR(run(p, 2, "Dr. Jane Doe spoke to Mr. Li"),
            "0[Dr. Jane Doe] 0[Mr. Li]");
  CHECK_STR(caps_str("Dr. Jane Doe spoke to Mr. Li", 0, 2),
            "(Dr.)(Jane Doe)");
  CHECK_STR(caps_str("Dr. Jane Doe spoke to Mr. Li", 1, 2), "(Mr.)(Li)");
  /* an optional capture that did not take part is unset; a capture the
   * rule declares but the pattern never uses stays unset too */
  p = SEQ(rep(cap(0, word("Dr.")), 0, 1), cap(1, rep(caps(), 1, -1)));
  CHECK_STR(run(p, 3, "Jane Doe"), "0[Jane Doe]");
  CHECK_STR(caps_str("Jane Doe", 0, 3), "(-)(Jane Doe)(-)");
  /* a capture inside a repeat keeps its last iteration */
  p = rep(SEQ(cap(0, caps()), word(",")), 1, -1);
  CHECK_STR(run(p, 1, "A , B , C , d"), "0[A , B , C ,]");
  CHECK_STR(caps_str("A , B , C , d", 0, 1), "(C)");
  /* the capture of the winning alternative */
  p = ALT(SEQ(cap(0, caps()), word("Inc.")), cap(1, caps()));
  CHECK_STR(run(p, 2, "Acme Inc. and Bolt"), "0[Acme Inc.] 0[Bolt]");
  CHECK_STR(caps_str("Acme Inc. and Bolt", 0, 2), "(Acme)(-)");
  CHECK_STR(caps_str("Acme Inc. and Bolt", 1, 2), "(-)(Bolt)");
  CHECK_STR(run(p, 2, "acme Acme Inc. x"), "0[Acme Inc.]");
  CHECK_STR(caps_str("acme Acme Inc. x", 0, 2), "(Acme)(-)");
}

/* Predicates sharing a regex share its result per token (the VM caches
 * it by source and case option), and a closure of word tests of several
 * sets visits only those of the token's sets, in priority order. */
static void test_shared_regex_and_word_index(void) {
  glean_error err;
  glean_ruleset *rs;
  glean_pred p;
  glean_rule r;
  const glean_pnode *pn;
  pat_reset();
  rs = glean_ruleset_new(NULL, NULL, &err);
  CHECK(rs != NULL);
  if (!rs) return;
  r = rule_of(tok(pred_regex("[A-Z][a-z]+son")), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 0);
  r = rule_of(SEQ(word("Mr."), tok(pred_regex("[A-Z][a-z]+son"))), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 1);
  p = pred_regex("[A-Z][a-z]+son");
  p.regex_negate = 1;
  p.flags_all = GLEAN_TF_CAP | GLEAN_TF_WORD;
  r = rule_of(tok(p), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 2);
  /* same source, other case option: not the same regex */
  p = pred_regex("[a-z]+son");
  p.regex_caseless = 1;
  r = rule_of(tok(p), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 3);
  r = rule_of(tok(pred_regex("[a-z]+son")), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 4);
  CHECK_STR(scan_str(rs, "Mr. Jackson met Hudson , jackson and Smith"),
            "1[Mr. Jackson] 2[Mr.] 0[Jackson] 3[Jackson] 0[Hudson] "
            "3[Hudson] 3[jackson] 4[jackson] 2[Smith]");
  glean_ruleset_free(rs);
  /* "The" is in two word sets and is capitalized: the earliest
   * alternative that reaches a match wins, as without the index */
  pn = ALT(SEQ(cap(0, word("The")), word("end")),
           SEQ(cap(1, caps()), word("cat")),
           SEQ(cap(2, tok(pred_wordv(WORDS("the"), 1))), word("cat")),
           SEQ(cap(3, tok(pred_wordv(WORDS("the", "a"), 1))),
               word("dog")));
  CHECK_STR(run(pn, 4, "The cat , the cat , The dog , The end , a dog"),
            "0[The cat] 0[the cat] 0[The dog] 0[The end] 0[a dog]");
  CHECK_STR(caps_str("The cat , the cat , The dog , The end , a dog", 0, 4),
            "(-)(The)(-)(-)");
  CHECK_STR(caps_str("The cat , the cat , The dog , The end , a dog", 1, 4),
            "(-)(-)(the)(-)");
  CHECK_STR(caps_str("The cat , the cat , The dog , The end , a dog", 2, 4),
            "(-)(-)(-)(The)");
  CHECK_STR(caps_str("The cat , the cat , The dog , The end , a dog", 3, 4),
            "(The)(-)(-)(-)");
}

/* Rules with the same program, captures and contexts (twins) have the
 * same matches: the VM runs one and copies its matches. A rule that
 * differs only in keeping overlaps, or in its words, is no twin. */
static void test_twin_rules(void) {
  glean_error err;
  glean_ruleset *rs;
  glean_rule r;
  const char *text = "Mr. John Smith and Mr. Li";
  pat_reset();
  rs = glean_ruleset_new(NULL, NULL, &err);
  CHECK(rs != NULL);
  if (!rs) return;
  r = rule_of(SEQ(cap(0, word("Mr.")), cap(1, rep(caps(), 1, -1))), 2);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 0);
  r = rule_of(rep(caps(), 1, -1), 0);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 1);
  r = rule_of(SEQ(cap(0, word("Mr.")), cap(1, rep(caps(), 1, -1))), 2);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 2);
  r = rule_of(rep(caps(), 1, -1), 0);
  r.all_matches = 1;
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 3);
  r = rule_of(SEQ(cap(0, word("Ms.")), cap(1, rep(caps(), 1, -1))), 2);
  CHECK(glean_ruleset_add_rule(rs, &r, &err) == 4);
  CHECK_STR(scan_str(rs, text),
            "0[Mr. John Smith] 1[Mr. John Smith] 2[Mr. John Smith] "
            "3[Mr. John Smith] 3[John Smith] 3[Smith] 0[Mr. Li] 1[Mr. Li] "
            "2[Mr. Li] 3[Mr. Li] 3[Li]");
  CHECK_STR(caps_str(text, 0, 2), "(Mr.)(John Smith)");
  CHECK_STR(caps_str(text, 2, 2), "(Mr.)(John Smith)");
  CHECK_STR(caps_str(text, 8, 2), "(Mr.)(Li)");
  glean_ruleset_free(rs);
}

/* Adjacent alternatives that start with the same token share it in the
 * program; the earlier alternative still wins, captures included. */
static void test_shared_first_token(void) {
  const glean_pnode *p;
  const char *text = "a b b x a b x a c x c d";
  pat_reset();
  p = ALT(SEQ(word("a"), cap(0, word("b"))),
          SEQ(word("a"), cap(1, rep(word("b"), 1, 2))),
          SEQ(word("c"), word("d")), SEQ(word("a"), cap(2, word("c"))));
  CHECK_STR(run(p, 3, text), "0[a b] 0[a b] 0[a c] 0[c d]");
  CHECK_STR(caps_str(text, 0, 3), "(b)(-)(-)");
  CHECK_STR(caps_str(text, 2, 3), "(-)(-)(c)");
  CHECK_STR(caps_str(text, 3, 3), "(-)(-)(-)");
  p = ALT(SEQ(word("a"), word("b"), word("x")),
          SEQ(word("a"), cap(1, rep(word("b"), 1, 2))),
          SEQ(word("a"), word("b"), word("b"), word("x")));
  CHECK_STR(run(p, 2, "a b b x"), "0[a b b]");
  CHECK_STR(caps_str("a b b x", 0, 2), "(-)(b b)");
  CHECK_STR(run(p, 2, "a b x"), "0[a b x]");
  /* a shared captured step keeps its capture in every alternative */
  p = ALT(SEQ(cap(0, word("a")), word("b"), word("x")),
          SEQ(cap(0, word("a")), cap(1, rep(word("b"), 1, 2))));
  CHECK_STR(run(p, 2, "a b b x a b x"), "0[a b b] 0[a b x]");
  CHECK_STR(caps_str("a b b x a b x", 0, 2), "(a)(b b)");
  CHECK_STR(caps_str("a b b x a b x", 1, 2), "(a)(-)");
}

/* A small lexicon rule set: label 1 = CITY. */
static void test_spans(void) {
  glean_error err;
  glean_ruleset *rs;
  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  glean_rule r;
  int32_t city;
  const char *t;
  pat_reset();
  CHECK(lex != NULL);
  CHECK(glean_lexicon_add(lex, "New York", 8, "CITY", NULL, GLEAN_LEX_EXACT,
                          &err) == GLEAN_OK);
  CHECK(glean_lexicon_add(lex, "Boston", 6, "CITY", NULL, GLEAN_LEX_EXACT,
                          &err) == GLEAN_OK);
  rs = glean_ruleset_new(NULL, NULL, &err);
  city = glean_ruleset_label(rs, "CITY", &err);
  CHECK_EQ_INT(city, 1);
  CHECK(glean_ruleset_add_lexicon(rs, lex, &err) == GLEAN_OK);
  r = rule_of(span(city), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 0);
  r = rule_of(SEQ(span(city), span(city)), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 1);
  r = rule_of(rep(tok(pred_label(city)), 1, -1), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 2);
  r = rule_of(SEQ(span(0), tok(pred_wordv(WORDS("euros", "dollars"), 0))),
              0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 3);
  /* two adjacent spans of one label stay two spans */
  t = "to New York Boston and York";
  CHECK_STR(scan_str(rs, t),
            "0[New York] 1[New York Boston] 2[New York Boston] 0[Boston]");
  CHECK_EQ_INT(scan_res.nspans, 2);
  /* a number span is taken whole, and only from its first token */
  t = "paid 20 euros and 3.5 million dollars, not million dollars";
  CHECK_STR(scan_str(rs, t), "3[20 euros] 3[3.5 million dollars]");
  CHECK_EQ_INT(scan_res.nspans, 2);
  CHECK_EQ_INT(scan_res.spans[1].label, 0);
  CHECK_SPAN(t, scan_res.spans[1].start, scan_res.spans[1].end,
             "3.5 million");
  glean_ruleset_free(rs);

  /* in_label with more labels: inside a CITY or a NUMBER span, or (negated)
   * inside neither */
  {
    static const int32_t number[] = {0};
    glean_pred either = pred_label(city), neither;
    either.in_labels = number;
    either.nin_labels = 1;
    neither = either;
    neither.in_label_negate = 1;
    neither.flags_all = GLEAN_TF_WORD;
    rs = glean_ruleset_new(NULL, NULL, &err);
    glean_ruleset_label(rs, "CITY", &err);
    glean_ruleset_add_lexicon(rs, lex, &err);
    r = rule_of(rep(tok(either), 1, -1), 0);
    CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 0);
    r = rule_of(rep(tok(neither), 1, -1), 0);
    CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 1);
    CHECK_STR(scan_str(rs, "Boston 20 million in New York"),
              "0[Boston 20 million] 1[in] 0[New York]");
    glean_ruleset_free(rs);
    {
      static const int32_t bad_labels[] = {0, 7};
      glean_pred p = pred_label(0);
      p.in_labels = bad_labels;
      p.nin_labels = 2;
      CHECK_STR(add_error(tok(p), 0), "pattern: label 7 unknown");
    }
  }
  scan_done();
  glean_lexicon_free(lex);
}

static void test_errors(void) {
  const glean_pnode *p;
  glean_pnode bad;
  pat_reset();
  CHECK_STR(add_error(rep(caps(), 3, 2), 0), "pattern: repeat min 3 > max 2");
  CHECK_STR(add_error(rep(caps(), -1, 2), 0), "pattern: repeat min -1 < 0");
  CHECK_STR(add_error(span(70), 0), "pattern: label 70 unknown");
  CHECK_STR(add_error(tok(pred_label(9)), 0), "pattern: label 9 unknown");
  CHECK_STR(add_error(cap(2, caps()), 2),
            "pattern: capture 2 out of range (ncaptures 2)");
  CHECK_STR(add_error(rep(caps(), 0, 3), 0), "pattern: can match no token");
  CHECK_STR(add_error(node_list(GLEAN_PN_SEQ, NULL, 0), 0),
            "pattern: can match no token");
  CHECK_STR(add_error(ALT(caps(), rep(word("x"), 0, -1)), 0),
            "pattern: can match no token");
  CHECK_STR(add_error(node_list(GLEAN_PN_ALT, NULL, 0), 0),
            "pattern: alt with no alternatives");
  CHECK_PREFIX(add_error(tok(pred_regex("(ab")), 0),
               "pattern: regex: missing closing parenthesis at offset 3");
  p = rep(rep(caps(), 1000, 1000), 1000, 1000);
  CHECK_PREFIX(add_error(p, 0), "pattern: too large");
  p = rep(rep(rep(rep(caps(), 0, 65535), 0, 65535), 0, 65535), 0, 65535);
  CHECK_PREFIX(add_error(p, 0), "pattern: too large");
  CHECK_STR(add_error(SEQ(caps(), NULL), 0), "pattern: NULL node");
  memset(&bad, 0, sizeof bad);
  bad.kind = (glean_pnode_kind)42;
  CHECK_STR(add_error(&bad, 0), "pattern: unknown node kind 42");
  {
    /* deep nesting is refused, not a stack overflow */
    const glean_pnode *d = caps();
    int i;
    for (i = 0; i < 5000; i++) d = SEQ(d);
    CHECK_PREFIX(add_error(d, 0), "pattern: nested deeper than");
  }
  {
    glean_pred w = pred_any();
    const char *words[] = {"a", NULL};
    w.words = words;
    w.nwords = 2;
    CHECK_STR(add_error(tok(w), 0), "pattern: word 2 is NULL");
  }
}

/* A failed rule leaves the ruleset as it was. */
static void test_failed_rule_rolls_back(void) {
  glean_error err;
  glean_ruleset *rs = glean_ruleset_new(NULL, NULL, &err);
  glean_rule r;
  pat_reset();
  r = rule_of(SEQ(caps(), word("Inc.")), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 0);
  r = rule_of(SEQ(word("zzz"), rep(caps(), 2, 1)), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), -1);
  r = rule_of(SEQ(word("of"), caps()), 0);
  CHECK_EQ_INT(glean_ruleset_add_rule(rs, &r, &err), 1);
  CHECK_STR(scan_str(rs, "head of Acme Inc. zzz"), "1[of Acme] 0[Acme Inc.]");
  scan_done();
  glean_ruleset_free(rs);
}

/* ---- the VM against a backtracking reference --------------------------- */

#define RT_MAXC 3
#define RT_MAXTOK 14

typedef struct rt_res {
  int end;
  int caps[2 * RT_MAXC];
} rt_res;

typedef struct rt_list {
  rt_res v[4096];
  int n;
} rt_list;

static const char *rt_tok[RT_MAXTOK];
static int rt_ntok;
static unsigned rt_seed;

static unsigned rt_rand(void) {
  rt_seed = rt_seed * 1103515245u + 12345u;
  return (rt_seed >> 16) & 0x7fff;
}

/* Spans of label 1 ("L") the scan saw: where each begins, its end. */
static int rt_span_end[RT_MAXTOK + 1];
static bool rt_in_span[RT_MAXTOK + 1];

/* The predicate of a random TOKEN node: a word set, CAP, or (not) in a
 * span of label 1. */
static bool rt_pred(const glean_pred *p, int pos) {
  const char *t = rt_tok[pos];
  size_t i;
  if (p->in_label == 1) return rt_in_span[pos] != (p->in_label_negate != 0);
  if (p->flags_all == GLEAN_TF_CAP) return t[0] >= 'A' && t[0] <= 'Z';
  for (i = 0; i < p->nwords; i++)
    if (strcmp(p->words[i], t) == 0) return true;
  return false;
}

static void rt_push(rt_list *out, int end, const int *caps) {
  if (out->n < (int)(sizeof out->v / sizeof out->v[0])) {
    out->v[out->n].end = end;
    memcpy(out->v[out->n].caps, caps, sizeof out->v[0].caps);
  }
  out->n++;
}

static void rt_enum(const glean_pnode *n, int pos, const int *caps,
                    rt_list *out);

static void rt_seq(const glean_pnode *n, size_t i, int pos, const int *caps,
                   rt_list *out) {
  rt_list *tmp;
  int k;
  if (i == n->nkids) {
    rt_push(out, pos, caps);
    return;
  }
  tmp = malloc(sizeof *tmp);
  tmp->n = 0;
  rt_enum(n->kids[i], pos, caps, tmp);
  for (k = 0; k < tmp->n && k < 4096; k++)
    rt_seq(n, i + 1, tmp->v[k].end, tmp->v[k].caps, out);
  free(tmp);
}

static void rt_rep(const glean_pnode *n, int count, int pos, const int *caps,
                   rt_list *out) {
  if (count < n->min || n->max < 0 || count < n->max) {
    rt_list *tmp = malloc(sizeof *tmp);
    int k;
    tmp->n = 0;
    rt_enum(n->kids[0], pos, caps, tmp);
    for (k = 0; k < tmp->n && k < 4096; k++)
      rt_rep(n, count + 1, tmp->v[k].end, tmp->v[k].caps, out);
    free(tmp);
  }
  if (count >= n->min) rt_push(out, pos, caps);
}

/* Every way n matches from pos, in priority order. */
static void rt_enum(const glean_pnode *n, int pos, const int *caps,
                    rt_list *out) {
  size_t i;
  switch (n->kind) {
  case GLEAN_PN_TOKEN:
    if (pos < rt_ntok && rt_pred(&n->pred, pos)) rt_push(out, pos + 1, caps);
    break;
  case GLEAN_PN_SPAN:
    if (pos < rt_ntok && rt_span_end[pos] > 0)
      rt_push(out, rt_span_end[pos], caps);
    break;
  case GLEAN_PN_SEQ:
    rt_seq(n, 0, pos, caps, out);
    break;
  case GLEAN_PN_ALT:
    for (i = 0; i < n->nkids; i++) rt_enum(n->kids[i], pos, caps, out);
    break;
  case GLEAN_PN_REPEAT:
    rt_rep(n, 0, pos, caps, out);
    break;
  case GLEAN_PN_CAPTURE: {
    int c2[2 * RT_MAXC], k, from = out->n;
    memcpy(c2, caps, sizeof c2);
    c2[2 * n->capture] = pos;
    rt_enum(n->kids[0], pos, c2, out);
    for (k = from; k < out->n && k < 4096; k++)
      out->v[k].caps[2 * n->capture + 1] = out->v[k].end;
    break;
  }
  default:
    break;
  }
}

/* A random pattern; *nullable says whether it can match no token. */
static const glean_pnode *rt_gen(int depth, bool *nullable) {
  static const char *const set_a[] = {"a", NULL};
  static const char *const set_b[] = {"b", NULL};
  static const char *const set_ab[] = {"a", "b", NULL};
  static const char *const set_c[] = {"c", NULL};
  static const char *const *const sets[] = {set_a, set_b, set_ab, set_c};
  unsigned k = rt_rand() % (depth > 3 ? 2 : 6);
  bool n1, n2;
  if (k <= 1) {
    unsigned kind = rt_rand() % 10;
    *nullable = false;
    if (kind == 0) return caps();
    if (kind == 1) return span(1);
    if (kind == 2) {
      glean_pred p = pred_label(1);
      p.in_label_negate = (int)(rt_rand() % 2);
      return tok(p);
    }
    return tok(pred_wordv(sets[rt_rand() % 4], 0));
  }
  if (k == 2) {
    const glean_pnode *x = rt_gen(depth + 1, &n1), *y = rt_gen(depth + 1, &n2);
    *nullable = n1 && n2;
    return SEQ(x, y);
  }
  if (k == 3) {
    const glean_pnode *x = rt_gen(depth + 1, &n1), *y = rt_gen(depth + 1, &n2);
    *nullable = n1 || n2;
    return ALT(x, y);
  }
  if (k == 4) {
    int min = (int)(rt_rand() % 3), max;
    const glean_pnode *x = rt_gen(depth + 1, &n1);
    if (n1) x = SEQ(caps(), x);  /* loop bodies must consume */
    max = rt_rand() % 3 == 0 ? -1 : min + (int)(rt_rand() % 3);
    *nullable = min == 0;
    if (max == 0) max = 1;
    return rep(x, min, max);
  }
  {
    const glean_pnode *x = rt_gen(depth + 1, &n1);
    *nullable = n1;
    return cap(rt_rand() % RT_MAXC, x);
  }
}

static const char *rt_words[] = {"a", "b", "c", "A", "B"};

static void test_against_reference(void) {
  int round, bad = 0;
  size_t total = 0, with_caps = 0, with_spans = 0;
  char text[RT_MAXTOK * 3 + 1];
  glean_error lerr;
  glean_lexicon *lex = glean_lexicon_new(NULL, &lerr);
  glean_lexicon_add(lex, "a b", 3, "L", NULL, GLEAN_LEX_EXACT, &lerr);
  glean_lexicon_add(lex, "c", 1, "L", NULL, GLEAN_LEX_EXACT, &lerr);
  for (round = 0; round < 3000 && bad < 5; round++) {
    glean_ruleset_options opts;
    glean_ruleset *rs;
    glean_error err;
    const glean_pnode *pats[3];
    int all[3], after_c[3], nrules = 1 + (int)(rt_rand() % 3), r, i;
    char want[8192], got[8192];
    size_t used = 0;
    pat_reset();
    memset(&opts, 0, sizeof opts);
    opts.max_match_tokens = 2 + rt_rand() % 6;
    rs = glean_ruleset_new(&opts, NULL, &err);
    if (glean_ruleset_label(rs, "L", &err) != 1) bad++;
    glean_ruleset_add_lexicon(rs, lex, &err);
    for (r = 0; r < nrules; r++) {
      bool nullable;
      glean_rule rule;
      bool after_word = rt_rand() % 2;
      glean_pred after = after_word ? pred_wordv(WORDS("c"), 0)
                                    : pred_label(1);
      pats[r] = rt_gen(0, &nullable);
      if (nullable) pats[r] = SEQ(pats[r], tok(pred_wordv(WORDS("a"), 0)));
      all[r] = rt_rand() % 4 == 0;
      after_c[r] = rt_rand() % 4 == 0 ? (after_word ? 1 : 2) : 0;
      rule = rule_of(pats[r], RT_MAXC);
      rule.all_matches = all[r];
      if (after_c[r]) {
        rule.after = &after;
        rule.nafter = 1;
      }
      if (glean_ruleset_add_rule(rs, &rule, &err) != r) {
        fprintf(stderr, "reference: add failed: %s\n", err.message);
        bad++;
      }
    }
    rt_ntok = (int)(rt_rand() % RT_MAXTOK);
    text[0] = '\0';
    for (i = 0; i < rt_ntok; i++) {
      rt_tok[i] = rt_words[rt_rand() % 5];
      strcat(text, i ? " " : "");
      strcat(text, rt_tok[i]);
    }
    /* the spans the engine uses (lexicon matching is tested elsewhere) */
    scan_str(rs, text);
    memset(rt_span_end, 0, sizeof rt_span_end);
    memset(rt_in_span, 0, sizeof rt_in_span);
    for (i = 0; i < (int)scan_res.nspans; i++) {
      const glean_lex_match *sp = &scan_res.spans[i];
      uint32_t t;
      if (sp->label != 1) continue;
      rt_span_end[sp->first] = (int)sp->last;
      for (t = sp->first; t < sp->last; t++) rt_in_span[t] = true;
      with_spans++;
    }
    /* expected: per rule and start, the first match in priority order
     * that fits the length cap and the context; then no overlap */
    {
      char (*per)[64] = calloc((size_t)nrules * (RT_MAXTOK + 1) + 1, 64);
      int s;
      for (r = 0; r < nrules; r++) {
        int next = 0;
        for (s = 0; s < rt_ntok; s++) {
          rt_list *l = malloc(sizeof *l);
          int caps0[2 * RT_MAXC], k;
          for (k = 0; k < 2 * RT_MAXC; k++) caps0[k] = -1;
          l->n = 0;
          rt_enum(pats[r], s, caps0, l);
          if (l->n > 4096) {  /* too many ways for the reference: skip */
            free(l);
            continue;
          }
          for (k = 0; k < l->n; k++) {
            int e = l->v[k].end;
            if (e - s > (int)opts.max_match_tokens) continue;
            if (after_c[r] && e >= rt_ntok) continue;
            if (after_c[r] == 1 && strcmp(rt_tok[e], "c") != 0) continue;
            if (after_c[r] == 2 && !rt_in_span[e]) continue;
            if (all[r] || s >= next) {
              char *o = per[r * (RT_MAXTOK + 1) + s];
              int c, u = snprintf(o, 64, "%d:%d-%d", r, s, e);
              for (c = 0; c < RT_MAXC; c++) {
                const int *cp = &l->v[k].caps[2 * c];
                if (cp[0] < 0 || cp[1] < 0)
                  u += snprintf(o + u, (size_t)(64 - u), ",-");
                else
                  u += snprintf(o + u, (size_t)(64 - u), ",%d-%d", cp[0],
                                cp[1]);
              }
              if (!all[r]) next = e;
            }
            break;
          }
          free(l);
        }
      }
      want[0] = '\0';
      for (s = 0; s < rt_ntok; s++)
        for (r = 0; r < nrules; r++)
          if (per[r * (RT_MAXTOK + 1) + s][0])
            used += (size_t)snprintf(want + used, sizeof want - used, "%s ",
                                     per[r * (RT_MAXTOK + 1) + s]);
      free(per);
    }
    used = 0;
    got[0] = '\0';
    for (i = 0; i < (int)scan_res.nmatches; i++) {
      const glean_match *m = &scan_res.matches[i];
      int c;
      total++;
      if (scan_res.captures[m->caps].first != UINT32_MAX) with_caps++;
      used += (size_t)snprintf(got + used, sizeof got - used, "%u:%u-%u",
                               m->rule, m->first, m->last);
      for (c = 0; c < RT_MAXC; c++) {
        const glean_capture *cp = &scan_res.captures[m->caps + c];
        if (cp->first == UINT32_MAX)
          used += (size_t)snprintf(got + used, sizeof got - used, ",-");
        else
          used += (size_t)snprintf(got + used, sizeof got - used, ",%u-%u",
                                   cp->first, cp->last);
      }
      used += (size_t)snprintf(got + used, sizeof got - used, " ");
    }
    if (strcmp(want, got) != 0) {
      bad++;
      fprintf(stderr, "reference mismatch (round %d, max %u) on \"%s\":\n"
              "  want %s\n  got  %s\n", round, opts.max_match_tokens, text,
              want, got);
    }
    glean_ruleset_free(rs);
  }
  CHECK_EQ_INT(bad, 0);
  /* the comparison saw real work */
  CHECK(total > 3000);
  CHECK(with_caps > 500);
  CHECK(with_spans > 1000);
  glean_lexicon_free(lex);
}

int main(void) {
  rt_seed = 12345;
  test_tokens_and_sequences();
  test_predicates();
  test_priorities();
  test_repeats();
  test_captures();
  test_shared_regex_and_word_index();
  test_twin_rules();
  test_shared_first_token();
  test_spans();
  test_errors();
  test_failed_rule_rolls_back();
  test_against_reference();
  scan_done();
  keep(NULL);
  return CHECK_DONE("test_pattern");
}
