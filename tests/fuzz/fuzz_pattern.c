/* fuzz_pattern.c — the pattern compiler and matcher through the public C
 * API. The first bytes decode to a ruleset: up to four rules, each a
 * random pattern tree (token predicates with flags, word lists, regexes
 * and labels; spans; sequences, alternations, repeats, captures) or a
 * regex rule, with random context; lexicon labels and ruleset options.
 * Bad rules must be refused with an error, never crash. The rest of the
 * input becomes a text (fuzz.h vocabulary) that the ruleset scans twice:
 * both scans must agree (scratch memory is reused between scans) and
 * every match and capture must lie inside the document. */
#include <stdlib.h>
#include <string.h>
#include "doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_NODES 64
#define MAX_KIDS 192

typedef struct builder {
  fuzz_reader *r;
  glean_pnode nodes[MAX_NODES];
  const glean_pnode *kids[MAX_KIDS];
  size_t nnodes, nkids;
  int32_t labels[4];   /* NUMBER and the lexicon labels, as interned */
  uint32_t ncaptures;
} builder;

static const char *const words[] = {
  "John", "Smith", "said", "the", "Bank", "\"", "$", "million", "Mr.",
  "of", "", "JOHN", "\xc3\xa9", "\xff",
};
static const char *const regexes[] = {
  "[A-Z]\\w+", "(a+)+$", "\\d+", "(?i)said", "(", "[", "(?<n>x)|y", "",
  "(?:\\w+\\s?)*\\d", ".*", "\\p{Lu}", "a{2,}", "(?R)", "x\\",
};
#define N(a) (sizeof a / sizeof a[0])

static void pred(builder *b, glean_pred *p) {
  fuzz_reader *r = b->r;
  memset(p, 0, sizeof *p);
  p->in_label = -1;
  uint8_t what = fuzz_byte(r);
  if (what & 1) p->flags_all = 1u << fuzz_pick(r, 22);
  if (what & 2) p->flags_none = 1u << fuzz_pick(r, 22);
  if (what & 4) p->flags_any = fuzz_u32(r) & 0x3fffff;
  if (what & 8) {
    size_t first = fuzz_pick(r, N(words)), n = 1 + fuzz_pick(r, 4);
    if (first + n > N(words)) n = N(words) - first;
    p->words = words + first;
    p->nwords = n;
    p->words_fold = fuzz_byte(r) & 1;
    p->words_negate = fuzz_byte(r) & 1;
  }
  if (what & 16) {
    p->regex = regexes[fuzz_pick(r, N(regexes))];
    p->regex_len = strlen(p->regex);
    p->regex_caseless = fuzz_byte(r) & 1;
    p->regex_negate = fuzz_byte(r) & 1;
  }
  if (what & 32) {
    /* mostly real labels, sometimes an unknown one */
    p->in_label = (fuzz_byte(r) & 7) == 7 ? 63 : b->labels[fuzz_pick(r, 4)];
    p->in_label_negate = fuzz_byte(r) & 1;
    if (fuzz_byte(r) & 1) {
      p->in_labels = b->labels;
      p->nin_labels = 1 + fuzz_pick(r, 4);
    }
  }
  p->negate = (what & 64) != 0;
}

static const glean_pnode *node(builder *b, int depth) {
  fuzz_reader *r = b->r;
  if (b->nnodes >= MAX_NODES) return NULL;  /* NULL kids are an error case */
  glean_pnode *n = &b->nodes[b->nnodes++];
  memset(n, 0, sizeof *n);
  uint8_t k = fuzz_byte(r);
  int kind = depth >= 4 ? (k & 1 ? GLEAN_PN_TOKEN : GLEAN_PN_SPAN) : k % 6;
  n->kind = (glean_pnode_kind)kind;
  n->pred.in_label = -1;
  switch (kind) {
  case GLEAN_PN_TOKEN:
    pred(b, &n->pred);
    break;
  case GLEAN_PN_SPAN:
    n->label = (k & 0x80) ? 40 : b->labels[fuzz_pick(r, 4)];
    break;
  case GLEAN_PN_SEQ:
  case GLEAN_PN_ALT:
  case GLEAN_PN_REPEAT:
  case GLEAN_PN_CAPTURE: {
    size_t want = kind == GLEAN_PN_SEQ || kind == GLEAN_PN_ALT
                      ? fuzz_pick(r, 4) : 1;
    if ((k & 0xc0) == 0xc0) want = 0;  /* zero kids: must be refused */
    if (b->nkids + want > MAX_KIDS) want = 0;
    const glean_pnode **kids = &b->kids[b->nkids];
    b->nkids += want;
    for (size_t i = 0; i < want; i++) kids[i] = node(b, depth + 1);
    n->kids = kids;
    n->nkids = want;
    if (kind == GLEAN_PN_REPEAT) {
      n->min = (int32_t)fuzz_pick(r, 5) - ((k & 0x40) ? 1 : 0);
      n->max = (int32_t)fuzz_pick(r, 8) - 1;
      if (fuzz_byte(r) == 0xff) n->max = 100000;  /* far too large */
    }
    if (kind == GLEAN_PN_CAPTURE)
      n->capture = fuzz_pick(r, b->ncaptures + 1);  /* may be out of range */
    break;
  }
  default:  /* an unknown kind */
    n->kind = (glean_pnode_kind)(6 + (k & 3));
    break;
  }
  return n;
}

static void preds(builder *b, glean_pred *out, size_t *n) {
  *n = fuzz_pick(b->r, 3);
  for (size_t i = 0; i < *n; i++) pred(b, &out[i]);
}

static void check_result(const glean_scan_result *res, size_t nrules,
                         const uint32_t *ncaps, size_t nt, size_t len) {
  for (size_t i = 0; i < res->nmatches; i++) {
    const glean_match *m = &res->matches[i];
    FUZZ_ASSERT(m->rule < nrules);
    FUZZ_ASSERT(m->first <= m->last && m->last <= nt);
    FUZZ_ASSERT(m->start <= m->end && m->end <= len);
    FUZZ_ASSERT((size_t)m->caps + ncaps[m->rule] <= res->ncaptures);
    if (i) {
      const glean_match *p = &res->matches[i - 1];
      FUZZ_ASSERT(p->start < m->start ||
                  (p->start == m->start && p->rule <= m->rule));
    }
    for (uint32_t c = 0; c < ncaps[m->rule]; c++) {
      const glean_capture *cp = &res->captures[m->caps + c];
      if (cp->first == UINT32_MAX) continue;
      FUZZ_ASSERT(cp->first <= cp->last && cp->last <= nt);
      FUZZ_ASSERT(cp->start <= cp->end && cp->end <= len);
    }
  }
  for (size_t i = 0; i < res->nspans; i++) {
    FUZZ_ASSERT(res->spans[i].first < res->spans[i].last);
    FUZZ_ASSERT(res->spans[i].last <= nt);
    if (i) FUZZ_ASSERT(res->spans[i - 1].first <= res->spans[i].first);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader r = {data, size, 0};
  glean_error err;
  glean_ruleset_options opts = {fuzz_pick(&r, 100), 0, 0};
  if (fuzz_byte(&r) & 1) {
    opts.regex_match_limit = 1000 + fuzz_pick(&r, 200) * 100;
    opts.regex_depth_limit = 50 + fuzz_pick(&r, 200);
  }
  glean_ruleset *rs = glean_ruleset_new(&opts, NULL, &err);
  FUZZ_ASSERT(rs != NULL);

  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  FUZZ_ASSERT(lex != NULL);
  glean_lexicon_add(lex, "John Smith", 10, "PER", NULL, GLEAN_LEX_EXACT, &err);
  glean_lexicon_add(lex, "the bank of", 11, "ORG", "x", GLEAN_LEX_FOLD, &err);
  glean_lexicon_add(lex, "said", 4, "CUE", NULL, GLEAN_LEX_EXACT, &err);

  builder *b = calloc(1, sizeof *b);
  if (!b) abort();
  b->r = &r;
  b->labels[0] = 0;  /* NUMBER */
  b->labels[1] = glean_ruleset_label(rs, "PER", &err);
  b->labels[2] = glean_ruleset_label(rs, "ORG", &err);
  b->labels[3] = glean_ruleset_label(rs, "CUE", &err);
  if (fuzz_byte(&r) & 3)
    FUZZ_ASSERT(glean_ruleset_add_lexicon(rs, lex, &err) == GLEAN_OK);

  size_t nrules = 1 + fuzz_pick(&r, 4), added = 0;
  uint32_t ncaps[4];
  for (size_t i = 0; i < nrules; i++) {
    glean_pred ctx[4][2];
    glean_rule rule;
    memset(&rule, 0, sizeof rule);
    rule.name = "fuzz";
    b->nnodes = b->nkids = 0;
    b->ncaptures = fuzz_pick(&r, 4);
    rule.ncaptures = b->ncaptures;
    uint8_t how = fuzz_byte(&r);
    if (how % 5 == 0) {
      rule.regex = regexes[fuzz_pick(&r, N(regexes))];
      rule.regex_len = strlen(rule.regex);
      rule.regex_options = fuzz_byte(&r) & 1;
    } else {
      rule.pattern = node(b, 0);
    }
    if (how & 0x10) { preds(b, ctx[0], &rule.nbefore); rule.before = ctx[0]; }
    if (how & 0x20) { preds(b, ctx[1], &rule.nafter); rule.after = ctx[1]; }
    if (how & 0x40) {
      preds(b, ctx[2], &rule.nnot_before); rule.not_before = ctx[2];
      preds(b, ctx[3], &rule.nnot_after); rule.not_after = ctx[3];
    }
    rule.all_matches = (how & 0x80) != 0;
    int32_t id = glean_ruleset_add_rule(rs, &rule, &err);
    if (id >= 0) {
      FUZZ_ASSERT((size_t)id == added);
      ncaps[added++] = rule.ncaptures;
    } else {
      FUZZ_ASSERT(err.code != GLEAN_OK && err.message[0] != '\0');
    }
  }
  FUZZ_ASSERT(glean_ruleset_nrules(rs) == added);
  free(b);

  size_t len;
  char *text = fuzz_text(&r, &len);
  glean_document *d = glean_document_new(text, len, NULL, NULL, &err);
  FUZZ_ASSERT(d != NULL);
  size_t nt;
  glean_document_tokens(d, &nt);

  glean_scan_result res;
  glean_status st = glean_ruleset_scan(rs, d, &res, &err);
  if (st == GLEAN_OK) {
    check_result(&res, added, ncaps, nt, len);
    /* Copy, scan again, compare: the second scan reuses scratch memory. */
    size_t nm = res.nmatches, nc = res.ncaptures;
    glean_match *m1 = malloc(nm * sizeof *m1 + 1);
    glean_capture *c1 = malloc(nc * sizeof *c1 + 1);
    if (!m1 || !c1) abort();
    if (nm) memcpy(m1, res.matches, nm * sizeof *m1);
    if (nc) memcpy(c1, res.captures, nc * sizeof *c1);
    FUZZ_ASSERT(glean_ruleset_scan(rs, d, &res, &err) == GLEAN_OK);
    FUZZ_ASSERT(res.nmatches == nm && res.ncaptures == nc);
    FUZZ_ASSERT(nm == 0 || memcmp(m1, res.matches, nm * sizeof *m1) == 0);
    FUZZ_ASSERT(nc == 0 || memcmp(c1, res.captures, nc * sizeof *c1) == 0);
    free(m1);
    free(c1);
  } else {
    /* only a regex limit may stop a scan */
    FUZZ_ASSERT(st == GLEAN_ELIMIT || st == GLEAN_EREGEX);
  }
  glean_document_free(d);
  free(text);
  glean_ruleset_free(rs);
  glean_lexicon_free(lex);
  return 0;
}
