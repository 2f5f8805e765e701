/* patterns.h — test helpers: build pattern trees, scan a text, and print
 * its matches as "rule[text](capture)..." for compact assertions.
 * Nodes live in static pools reset by pat_reset(). The functions are
 * inline so that a file may use only some of them without warnings. */
#ifndef GLEAN_TEST_PATTERNS_H
#define GLEAN_TEST_PATTERNS_H

#include <stdio.h>
#include <string.h>
#include "glean.h"

static glean_pnode pat_nodes[1 << 14];
static const glean_pnode *pat_kids[1 << 15];
static const char *pat_words[1 << 12];
static size_t pat_nn, pat_nk, pat_nw;

static inline void pat_reset(void) { pat_nn = pat_nk = pat_nw = 0; }

static inline glean_pred pred_any(void) {
  glean_pred p;
  memset(&p, 0, sizeof p);
  p.in_label = -1;
  return p;
}

static inline glean_pred pred_flags(uint32_t all) {
  glean_pred p = pred_any();
  p.flags_all = all;
  return p;
}

/* words: a NULL-terminated list of string literals */
static inline glean_pred pred_wordv(const char *const *words, int fold) {
  glean_pred p = pred_any();
  size_t n = 0;
  p.words = &pat_words[pat_nw];
  while (words[n]) pat_words[pat_nw++] = words[n++];
  p.nwords = n;
  p.words_fold = fold;
  return p;
}
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static inline glean_pred pred_regex(const char *re) {
  glean_pred p = pred_any();
  p.regex = re;
  p.regex_len = strlen(re);
  return p;
}

static inline glean_pred pred_label(int32_t label) {
  glean_pred p = pred_any();
  p.in_label = label;
  return p;
}

static inline glean_pnode *pat_node(glean_pnode_kind kind) {
  glean_pnode *n = &pat_nodes[pat_nn++];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->pred.in_label = -1;
  n->label = -1;
  return n;
}

static inline const glean_pnode *tok(glean_pred p) {
  glean_pnode *n = pat_node(GLEAN_PN_TOKEN);
  n->pred = p;
  return n;
}

static inline const glean_pnode *word(const char *w) {
  return tok(pred_wordv((const char *const[]){w, NULL}, 0));
}

static inline const glean_pnode *caps(void) {
  return tok(pred_flags(GLEAN_TF_CAP));
}

static inline const glean_pnode *span(int32_t label) {
  glean_pnode *n = pat_node(GLEAN_PN_SPAN);
  n->label = label;
  return n;
}

static inline const glean_pnode *node_list(glean_pnode_kind kind,
                                    const glean_pnode *const *kids,
                                    size_t nkids) {
  glean_pnode *n = pat_node(kind);
  size_t i;
  n->kids = &pat_kids[pat_nk];
  for (i = 0; i < nkids; i++) pat_kids[pat_nk++] = kids[i];
  n->nkids = nkids;
  return n;
}
#define NODES(...) ((const glean_pnode *const[]){__VA_ARGS__})
#define NNODES(...) (sizeof NODES(__VA_ARGS__) / sizeof(const glean_pnode *))
#define SEQ(...) \
  node_list(GLEAN_PN_SEQ, NODES(__VA_ARGS__), NNODES(__VA_ARGS__))
#define ALT(...) \
  node_list(GLEAN_PN_ALT, NODES(__VA_ARGS__), NNODES(__VA_ARGS__))

static inline const glean_pnode *rep(const glean_pnode *kid, int min, int max) {
  glean_pnode *n = (glean_pnode *)node_list(GLEAN_PN_REPEAT, &kid, 1);
  n->min = min;
  n->max = max;
  return n;
}

static inline const glean_pnode *cap(uint32_t i, const glean_pnode *kid) {
  glean_pnode *n = (glean_pnode *)node_list(GLEAN_PN_CAPTURE, &kid, 1);
  n->capture = i;
  return n;
}

/* A rule around pattern p with ncaptures captures. */
static inline glean_rule rule_of(const glean_pnode *p, uint32_t ncaptures) {
  glean_rule r;
  memset(&r, 0, sizeof r);
  r.name = "test";
  r.pattern = p;
  r.ncaptures = ncaptures;
  return r;
}

/* ---- scanning ---------------------------------------------------------- */

static glean_document *scan_doc;
static glean_scan_result scan_res;
static glean_status scan_status;
static char scan_msg[256];
static char scan_buf[8192];

/* Scans text (which must outlive the next scan_str call) and returns its
 * matches as "0[John Smith](John) 1[Acme]"; "-" marks an unset capture.
 * On error returns "ERROR: <message>". */
static inline const char *scan_str(glean_ruleset *rs, const char *text) {
  glean_error err;
  size_t i, used = 0;
  memset(&err, 0, sizeof err);
  if (scan_doc) glean_document_free(scan_doc);
  scan_doc = glean_document_new(text, strlen(text), NULL, NULL, &err);
  if (!scan_doc) {
    snprintf(scan_buf, sizeof scan_buf, "ERROR: %s", err.message);
    return scan_buf;
  }
  scan_status = glean_ruleset_scan(rs, scan_doc, &scan_res, &err);
  memcpy(scan_msg, err.message, sizeof scan_msg);
  if (scan_status != GLEAN_OK) {
    snprintf(scan_buf, sizeof scan_buf, "ERROR: %s", err.message);
    return scan_buf;
  }
  scan_buf[0] = '\0';
  for (i = 0; i < scan_res.nmatches && used < sizeof scan_buf - 200; i++) {
    const glean_match *m = &scan_res.matches[i];
    used += (size_t)snprintf(scan_buf + used, sizeof scan_buf - used,
                             "%s%u[%.*s]", i ? " " : "", m->rule,
                             (int)(m->end - m->start), text + m->start);
  }
  return scan_buf;
}

/* The ncap captures of match i of the last scan of text, as
 * "(Dr.)(Jane Doe)"; "(-)" marks an unset one. */
static inline const char *caps_str(const char *text, size_t i, uint32_t ncap) {
  static char buf[1024];
  const glean_match *m = &scan_res.matches[i];
  size_t used = 0;
  uint32_t c;
  buf[0] = '\0';
  for (c = 0; c < ncap && used < sizeof buf - 100; c++) {
    const glean_capture *cp = &scan_res.captures[m->caps + c];
    if (cp->first == UINT32_MAX)
      used += (size_t)snprintf(buf + used, sizeof buf - used, "(-)");
    else
      used += (size_t)snprintf(buf + used, sizeof buf - used, "(%.*s)",
                               (int)(cp->end - cp->start),
                               text + cp->start);
  }
  return buf;
}

static inline void scan_done(void) {
  if (scan_doc) glean_document_free(scan_doc);
  scan_doc = NULL;
}

#define CHECK_STR(got, want) do { \
    const char *check_g_ = (got), *check_w_ = (want); \
    if (strcmp(check_g_, check_w_) == 0) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: got \"%s\"\n    want \"%s\"\n", __FILE__, \
              __LINE__, check_g_, check_w_); } \
  } while (0)

/* The message starts with prefix. */
#define CHECK_PREFIX(got, prefix) do { \
    const char *check_g_ = (got), *check_p_ = (prefix); \
    if (strncmp(check_g_, check_p_, strlen(check_p_)) == 0) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: \"%s\" does not start with \"%s\"\n", \
              __FILE__, __LINE__, check_g_, check_p_); } \
  } while (0)

#endif
