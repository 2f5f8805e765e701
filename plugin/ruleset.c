/* ruleset.c — rules, labels and lexicons together, scanned in one pass.
 *
 * A scan marks label spans (lexicon matches and the document's numbers)
 * as two bitsets per token, runs the VM over the tokens for every token
 * pattern at once, runs each regex rule over the text and snaps its
 * matches to tokens, then sorts all matches by start and rule. Each
 * token is hashed at most once per scan, for the lexicons and the word
 * predicates alike. Scratch memory is owned by the ruleset and reused: a
 * scan allocates only when a document is bigger than any before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pattern.h"

#define DEFAULT_MAX_TOKENS 64u
/* Bounds the VM's per-rule ring of tentative matches (max_tokens + 2
 * entries per rule); longer matches would also defeat linear time. */
#define MAX_MAX_TOKENS 4096u
#define DEFAULT_MATCH_LIMIT 1000000u
#define DEFAULT_DEPTH_LIMIT 10000u
#define MAX_RULES ((size_t)1 << 24)
/* Fewer spans or matches than this are sorted without a counting sort
 * (which costs a pass over the tokens). */
#define SORT_DIRECT 32

typedef struct rs_rule {
  char *name;
  size_t name_size;
  uint32_t *ctx;             /* before, after, not_before, not_after ids */
  size_t nctx;
  glean_regex *re;           /* regex rules */
  uint32_t ngroups;
} rs_rule;

typedef struct rs_lexicon {
  const glean_lexicon *lex;
  int32_t *map;              /* lexicon label -> ruleset label or -1 */
  size_t nmap;
  uint32_t rs_nlabels;       /* ruleset labels when the map was built */
} rs_lexicon;

struct glean_ruleset {
  glean_allocator alloc_copy;
  const glean_allocator *alloc;  /* &alloc_copy, or NULL for malloc */
  uint32_t max_tokens, match_limit, depth_limit;
  char *labels[GLEAN_MAX_LABELS];
  uint32_t nlabels;
  rs_lexicon *lexs;
  size_t nlexs, lexs_cap;
  glean_preds preds;
  glean_prog prog;
  rs_rule *rules;
  size_t nrules, rules_cap;
  glean_rule_info *infos;        /* what the VM reads, one per rule */
  size_t infos_cap;
  glean_vm *vm;
  bool vm_stale;
  /* found when the VM is prepared: whether some predicate tests words,
   * and whether some rule is a regex (most rulesets have none) */
  bool any_words, any_regex_rule;

  /* scan scratch */
  uint64_t *begin, *inside;      /* label bits per token */
  /* 0 below `zeroed` but for the tokens of spans[0, nmarked), which the
   * last scan marked: clearing those costs less than every token */
  size_t zeroed, nmarked;
  uint32_t *wx, *wf;             /* tokens' word dictionary entries */
  size_t begin_cap, inside_cap, wx_cap, wf_cap;
  glean_tokhash *th;             /* tokens' hashes */
  size_t th_cap;
  glean_lex_scratch lex_scratch;
  glean_lex_match *spans, *spans_in;  /* spans_in: before sorting */
  size_t nspans, spans_cap, spans_in_cap;
  glean_matchbuf out;
  glean_match *sorted;           /* out.m in order */
  size_t sorted_cap;
  uint32_t *bucket;              /* per token: matches starting there */
  size_t bucket_cap;
  size_t *ovector;
  size_t ov_cap;
};

/* ---- life cycle -------------------------------------------------------- */

glean_ruleset *glean_ruleset_new(const glean_ruleset_options *opts,
                                 const glean_allocator *alloc,
                                 glean_error *err) {
  glean_ruleset *rs;
  uint32_t max_tokens = opts && opts->max_match_tokens
                            ? opts->max_match_tokens
                            : DEFAULT_MAX_TOKENS;
  if (max_tokens > MAX_MAX_TOKENS) {
    glean_fail(err, GLEAN_EINVAL,
               "ruleset: max_match_tokens %lu above the limit of %u",
               (unsigned long)max_tokens, MAX_MAX_TOKENS);
    return NULL;
  }
  rs = glean_mem_alloc(alloc, sizeof *rs);
  if (!rs) {
    glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
    return NULL;
  }
  memset(rs, 0, sizeof *rs);
  if (alloc) {
    rs->alloc_copy = *alloc;
    rs->alloc = &rs->alloc_copy;
  }
  rs->max_tokens = max_tokens;
  rs->match_limit = opts && opts->regex_match_limit ? opts->regex_match_limit
                                                    : DEFAULT_MATCH_LIMIT;
  rs->depth_limit = opts && opts->regex_depth_limit ? opts->regex_depth_limit
                                                    : DEFAULT_DEPTH_LIMIT;
  glean_preds_init(&rs->preds, rs->alloc, rs->match_limit, rs->depth_limit);
  rs->vm = glean_vm_new(rs->alloc, max_tokens, err);
  if (!rs->vm || glean_ruleset_label(rs, "NUMBER", err) != 0) {
    glean_ruleset_free(rs);
    return NULL;
  }
  return rs;
}

static void free_rule(glean_ruleset *rs, rs_rule *r) {
  glean_mem_free(rs->alloc, r->name, r->name_size);
  glean_mem_free(rs->alloc, r->ctx, r->nctx * sizeof *r->ctx);
  glean_regex_free(r->re);
  memset(r, 0, sizeof *r);
}

void glean_ruleset_free(glean_ruleset *rs) {
  const glean_allocator *a;
  size_t i;
  if (!rs) return;
  a = rs->alloc;
  for (i = 0; i < rs->nlabels; i++)
    glean_mem_free(a, rs->labels[i], strlen(rs->labels[i]) + 1);
  for (i = 0; i < rs->nlexs; i++)
    glean_mem_free(a, rs->lexs[i].map, rs->lexs[i].nmap * sizeof(int32_t));
  glean_mem_free(a, rs->lexs, rs->lexs_cap * sizeof *rs->lexs);
  for (i = 0; i < rs->nrules; i++) free_rule(rs, &rs->rules[i]);
  glean_mem_free(a, rs->rules, rs->rules_cap * sizeof *rs->rules);
  glean_mem_free(a, rs->infos, rs->infos_cap * sizeof *rs->infos);
  glean_preds_free(&rs->preds);
  glean_mem_free(a, rs->prog.code, rs->prog.cap * sizeof *rs->prog.code);
  glean_vm_free(rs->vm);
  glean_mem_free(a, rs->begin, rs->begin_cap * sizeof(uint64_t));
  glean_mem_free(a, rs->inside, rs->inside_cap * sizeof(uint64_t));
  glean_mem_free(a, rs->wx, rs->wx_cap * sizeof(uint32_t));
  glean_mem_free(a, rs->wf, rs->wf_cap * sizeof(uint32_t));
  glean_mem_free(a, rs->th, rs->th_cap * sizeof *rs->th);
  glean_lex_scratch_free(a, &rs->lex_scratch);
  glean_mem_free(a, rs->spans, rs->spans_cap * sizeof *rs->spans);
  glean_mem_free(a, rs->spans_in, rs->spans_in_cap * sizeof *rs->spans_in);
  glean_mem_free(a, rs->out.m, rs->out.cap * sizeof *rs->out.m);
  glean_mem_free(a, rs->out.c, rs->out.ccap * sizeof *rs->out.c);
  glean_mem_free(a, rs->sorted, rs->sorted_cap * sizeof *rs->sorted);
  glean_mem_free(a, rs->bucket, rs->bucket_cap * sizeof *rs->bucket);
  glean_mem_free(a, rs->ovector, rs->ov_cap * sizeof *rs->ovector);
  glean_mem_free(a, rs, sizeof *rs);
}

/* ---- labels and lexicons ----------------------------------------------- */

static int32_t find_label(const glean_ruleset *rs, const char *name) {
  uint32_t i;
  for (i = 0; i < rs->nlabels; i++)
    if (strcmp(rs->labels[i], name) == 0) return (int32_t)i;
  return -1;
}

int32_t glean_ruleset_label(glean_ruleset *rs, const char *name,
                            glean_error *err) {
  int32_t id;
  size_t len;
  if (!rs || !name || !*name) {
    glean_fail(err, GLEAN_EINVAL, "ruleset: a label needs a name");
    return -1;
  }
  id = find_label(rs, name);
  if (id >= 0) return id;
  if (rs->nlabels >= GLEAN_MAX_LABELS) {
    glean_fail(err, GLEAN_ELIMIT, "ruleset: more than %d labels (at '%s')",
               GLEAN_MAX_LABELS, name);
    return -1;
  }
  len = strlen(name);
  rs->labels[rs->nlabels] = glean_mem_alloc(rs->alloc, len + 1);
  if (!rs->labels[rs->nlabels]) {
    glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
    return -1;
  }
  memcpy(rs->labels[rs->nlabels], name, len + 1);
  return (int32_t)rs->nlabels++;
}

/* Maps the lexicon's label ids to the ruleset's, by name. Redone when
 * either side has gained labels since. */
static glean_status map_lexicon(glean_ruleset *rs, rs_lexicon *l,
                                glean_error *err) {
  size_t i, n = glean_lexicon_nlabels(l->lex);
  if (n == l->nmap && l->rs_nlabels == rs->nlabels) return GLEAN_OK;
  if (n != l->nmap) {
    int32_t *map = NULL;
    if (n > 0) {
      map = glean_mem_realloc(rs->alloc, l->map, l->nmap * sizeof *map,
                              n * sizeof *map);
      if (!map)
        return glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
    } else {
      glean_mem_free(rs->alloc, l->map, l->nmap * sizeof *map);
    }
    l->map = map;
    l->nmap = n;
  }
  for (i = 0; i < n; i++) {
    const char *name = glean_lexicon_label_name(l->lex, (uint32_t)i);
    l->map[i] = name ? find_label(rs, name) : -1;
  }
  l->rs_nlabels = rs->nlabels;
  return GLEAN_OK;
}

glean_status glean_ruleset_add_lexicon(glean_ruleset *rs,
                                       const glean_lexicon *lex,
                                       glean_error *err) {
  rs_lexicon *l;
  if (!rs || !lex)
    return glean_fail(err, GLEAN_EINVAL, "ruleset: NULL lexicon");
  if (!glean_grow(rs->alloc, (void **)&rs->lexs, &rs->lexs_cap,
                  rs->nlexs + 1, sizeof *rs->lexs))
    return glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
  l = &rs->lexs[rs->nlexs];
  memset(l, 0, sizeof *l);
  l->lex = lex;
  l->rs_nlabels = UINT32_MAX;  /* forces the first mapping */
  if (map_lexicon(rs, l, err) != GLEAN_OK) return err ? err->code : 1;
  rs->nlexs++;
  return GLEAN_OK;
}

/* ---- rules ------------------------------------------------------------- */

size_t glean_ruleset_nrules(const glean_ruleset *rs) {
  return rs ? rs->nrules : 0;
}

/* Interns one context list into ids[*k ...]. */
static glean_status add_context(glean_ruleset *rs, const char *what,
                                const glean_pred *preds, size_t n,
                                uint32_t *ids, size_t *k, glean_error *err) {
  size_t i;
  if (n > 0 && !preds)
    return glean_fail(err, GLEAN_EINVAL, "%s: NULL array", what);
  for (i = 0; i < n; i++) {
    char where[48];
    int32_t id;
    /* 1-based, as the rule language counts */
    snprintf(where, sizeof where, "%s[%zu]", what, i + 1);
    id = glean_preds_intern(&rs->preds, &preds[i], rs->nlabels, where, err);
    if (id < 0) return err ? err->code : GLEAN_EINVAL;
    ids[(*k)++] = (uint32_t)id;
  }
  return GLEAN_OK;
}

static glean_status compile_rule(glean_ruleset *rs, const glean_rule *rule,
                                 rs_rule *r, glean_rule_info *info,
                                 glean_error *err) {
  size_t nctx = rule->nbefore + rule->nafter + rule->nnot_before +
                rule->nnot_after;
  size_t k = 0;
  glean_status st;
  glean_pattern_facts facts;
  uint32_t maxlen = 0;
  const char *name = rule->name ? rule->name : "";
  memset(info, 0, sizeof *info);
  info->entry = UINT32_MAX;
  info->anchor.pred = UINT32_MAX;
  info->ncaptures = rule->ncaptures;
  info->all = rule->all_matches != 0;

  r->name_size = strlen(name) + 1;
  r->name = glean_mem_alloc(rs->alloc, r->name_size);
  if (!r->name) return glean_fail(err, GLEAN_ENOMEM, "rule: out of memory");
  memcpy(r->name, name, r->name_size);

  if (rule->pattern) {
    st = glean_pattern_compile(&rs->prog, &rs->preds, rs->alloc,
                               rule->pattern, rule->ncaptures, rs->nlabels,
                               (uint32_t)rs->nrules, &facts, err);
    if (st != GLEAN_OK) return st;
    info->entry = facts.entry;
    maxlen = facts.maxlen < rs->max_tokens ? facts.maxlen : rs->max_tokens;
    info->anchor = facts.anchor;
    info->window = maxlen;
  } else {
    if (rule->regex_options & ~(unsigned)GLEAN_RE_CASELESS)
      return glean_fail(err, GLEAN_EINVAL, "regex: unknown option bits");
    r->re = glean_regex_new(rule->regex, rule->regex_len,
                            rule->regex_options, rs->alloc, err);
    if (!r->re) return err ? err->code : GLEAN_EREGEX;
    glean_regex_set_limits(r->re, rs->match_limit, rs->depth_limit);
    r->ngroups = glean_regex_ngroups(r->re);
  }

  if (nctx > 0) {
    r->ctx = glean_mem_alloc(rs->alloc, nctx * sizeof *r->ctx);
    if (!r->ctx) return glean_fail(err, GLEAN_ENOMEM, "rule: out of memory");
    r->nctx = nctx;
  }
  /* ctx is NULL when the rule has no context (NULL + 0 is undefined). */
  info->before = r->ctx ? r->ctx + k : NULL;
  info->nbefore = (uint32_t)rule->nbefore;
  if ((st = add_context(rs, "before", rule->before, rule->nbefore, r->ctx,
                        &k, err)) != GLEAN_OK)
    return st;
  info->after = r->ctx ? r->ctx + k : NULL;
  info->nafter = (uint32_t)rule->nafter;
  if ((st = add_context(rs, "after", rule->after, rule->nafter, r->ctx, &k,
                        err)) != GLEAN_OK)
    return st;
  info->not_before = r->ctx ? r->ctx + k : NULL;
  info->nnot_before = (uint32_t)rule->nnot_before;
  if ((st = add_context(rs, "not_before", rule->not_before,
                        rule->nnot_before, r->ctx, &k, err)) != GLEAN_OK)
    return st;
  info->not_after = r->ctx ? r->ctx + k : NULL;
  info->nnot_after = (uint32_t)rule->nnot_after;
  st = add_context(rs, "not_after", rule->not_after, rule->nnot_after,
                   r->ctx, &k, err);
  /* Without a word in the pattern, the first token after it will do: it
   * lies within maxlen + 1 tokens of the start. */
  if (st == GLEAN_OK && rule->pattern && info->anchor.pred == UINT32_MAX &&
      !info->anchor.labels && info->nafter > 0) {
    info->anchor = glean_preds_anchor(&rs->preds, info->after[0]);
    info->window = maxlen + 1;
  }
  return st;
}

int32_t glean_ruleset_add_rule(glean_ruleset *rs, const glean_rule *rule,
                               glean_error *err) {
  size_t npreds, nprog;
  rs_rule r;
  glean_rule_info info;
  if (!rs || !rule) {
    glean_fail(err, GLEAN_EINVAL, "rule: NULL");
    return -1;
  }
  if (!rule->pattern == !rule->regex) {
    glean_fail(err, GLEAN_EINVAL,
               "rule: needs exactly one of pattern and regex");
    return -1;
  }
  if (rule->ncaptures > GLEAN_MAX_CAPTURES) {
    glean_fail(err, GLEAN_ELIMIT, "rule: ncaptures %lu above %u",
               (unsigned long)rule->ncaptures, GLEAN_MAX_CAPTURES);
    return -1;
  }
  if (rule->nbefore > GLEAN_MAX_PROG || rule->nafter > GLEAN_MAX_PROG ||
      rule->nnot_before > GLEAN_MAX_PROG || rule->nnot_after > GLEAN_MAX_PROG) {
    glean_fail(err, GLEAN_ELIMIT, "rule: context too long");
    return -1;
  }
  if (rs->nrules >= MAX_RULES) {
    glean_fail(err, GLEAN_ELIMIT, "rule: too many rules");
    return -1;
  }
  if (!glean_grow(rs->alloc, (void **)&rs->rules, &rs->rules_cap,
                  rs->nrules + 1, sizeof *rs->rules) ||
      !glean_grow(rs->alloc, (void **)&rs->infos, &rs->infos_cap,
                  rs->nrules + 1, sizeof *rs->infos)) {
    glean_fail(err, GLEAN_ENOMEM, "rule: out of memory");
    return -1;
  }
  npreds = rs->preds.n;
  nprog = rs->prog.n;
  memset(&r, 0, sizeof r);
  if (compile_rule(rs, rule, &r, &info, err) != GLEAN_OK) {
    free_rule(rs, &r);
    glean_preds_truncate(&rs->preds, npreds);
    rs->prog.n = nprog;
    return -1;
  }
  rs->rules[rs->nrules] = r;
  rs->infos[rs->nrules] = info;
  rs->vm_stale = true;
  return (int32_t)rs->nrules++;
}

/* ---- scanning: label spans --------------------------------------------- */

static bool push_span(glean_ruleset *rs, uint32_t first, uint32_t last,
                      uint32_t start, uint32_t end, uint32_t label,
                      int32_t value) {
  glean_lex_match *s;
  if (!glean_grow(rs->alloc, (void **)&rs->spans_in, &rs->spans_in_cap,
                  rs->nspans + 1, sizeof *rs->spans_in))
    return false;
  s = &rs->spans_in[rs->nspans++];
  s->first = first;
  s->last = last;
  s->start = start;
  s->end = end;
  s->label = label;
  s->value = value;
  return true;
}

static int cmp_span(const void *a, const void *b) {
  const glean_lex_match *x = a, *y = b;
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  if (x->label != y->label) return x->label < y->label ? -1 : 1;
  if (x->last != y->last) return x->last > y->last ? -1 : 1;  /* longer */
  return 0;
}

/* Collects the spans of numbers (label 0) and of the lexicons' labels
 * the ruleset knows, keeps per label the leftmost-longest ones that do
 * not overlap (two lexicons may share a label), and sets the bitsets. */
static glean_status build_spans(glean_ruleset *rs, const glean_document *doc,
                                const glean_hashes *hs, size_t ntoks,
                                glean_error *err) {
  const glean_number *nums;
  size_t i, nnums, kept = 0;
  uint32_t ends[GLEAN_MAX_LABELS];
  rs->nspans = 0;
  for (i = 0; i < rs->nmarked; i++) {
    const glean_lex_match *s = &rs->spans[i];
    uint32_t t;
    rs->begin[s->first] = 0;
    for (t = s->first + 1; t < s->last; t++) rs->inside[t] = 0;
  }
  rs->nmarked = 0;
  if (ntoks > rs->zeroed) {   /* tokens no document had so far */
    size_t more = ntoks - rs->zeroed;
    memset(rs->begin + rs->zeroed, 0, more * sizeof *rs->begin);
    memset(rs->inside + rs->zeroed, 0, more * sizeof *rs->inside);
    rs->zeroed = ntoks;
  }
  nums = glean_document_numbers(doc, &nnums);
  for (i = 0; i < nnums; i++)
    if (nums[i].first < nums[i].last && nums[i].last <= ntoks &&
        !push_span(rs, nums[i].first, nums[i].last, nums[i].start,
                   nums[i].end, 0, -1))
      return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
  for (i = 0; i < rs->nlexs; i++) {
    rs_lexicon *l = &rs->lexs[i];
    size_t k, from = rs->nspans, to = from;
    glean_status st;
    if (map_lexicon(rs, l, err) != GLEAN_OK) return err ? err->code : 1;
    /* the matches go straight to spans_in; then their labels become the
     * ruleset's, and those it does not know are dropped */
    st = glean_lexicon_match_into(l->lex, hs->toks, ntoks, hs,
                                  &rs->lex_scratch, rs->alloc, &rs->spans_in,
                                  &rs->nspans, &rs->spans_in_cap, err);
    if (st != GLEAN_OK) return st;
    for (k = from; k < rs->nspans; k++) {
      glean_lex_match m = rs->spans_in[k];
      int32_t label = m.label < l->nmap ? l->map[m.label] : -1;
      if (label < 0 || m.first >= m.last || m.last > ntoks) continue;
      m.label = (uint32_t)label;
      rs->spans_in[to++] = m;
    }
    rs->nspans = to;
  }
  /* sort by first token (counting sort), then label, longer first */
  if (!glean_grow(rs->alloc, (void **)&rs->spans, &rs->spans_cap,
                  rs->nspans + 1, sizeof *rs->spans) ||
      !glean_grow(rs->alloc, (void **)&rs->bucket, &rs->bucket_cap,
                  ntoks + 1, sizeof *rs->bucket))
    return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
  if (rs->nspans < SORT_DIRECT) {   /* see sort_matches */
    if (rs->nspans > 0)
      memcpy(rs->spans, rs->spans_in, rs->nspans * sizeof *rs->spans);
  } else {
    size_t t, sum = 0;
    memset(rs->bucket, 0, (ntoks + 1) * sizeof *rs->bucket);
    for (i = 0; i < rs->nspans; i++) rs->bucket[rs->spans_in[i].first]++;
    for (t = 0; t <= ntoks; t++) {
      size_t c = rs->bucket[t];
      rs->bucket[t] = (uint32_t)sum;
      sum += c;
    }
    for (i = 0; i < rs->nspans; i++)
      rs->spans[rs->bucket[rs->spans_in[i].first]++] = rs->spans_in[i];
  }
  for (i = 1; i < rs->nspans; i++) {
    glean_lex_match m = rs->spans[i];
    size_t j = i;
    while (j > 0 && cmp_span(&m, &rs->spans[j - 1]) < 0) {
      rs->spans[j] = rs->spans[j - 1];
      j--;
    }
    rs->spans[j] = m;
  }
  memset(ends, 0, sizeof ends);
  for (i = 0; i < rs->nspans; i++) {
    glean_lex_match s = rs->spans[i];
    uint64_t bit = (uint64_t)1 << s.label;
    uint32_t t;
    if (s.first < ends[s.label]) continue;  /* overlaps a kept one */
    ends[s.label] = s.last;
    rs->spans[kept++] = s;
    rs->begin[s.first] |= bit;
    for (t = s.first + 1; t < s.last; t++) rs->inside[t] |= bit;
  }
  rs->nspans = rs->nmarked = kept;
  return GLEAN_OK;
}

/* ---- scanning: regex rules --------------------------------------------- */

/* Tokens [*first, *last) covering bytes [start, end), snapped outward;
 * false when the bytes cover no token. */
static bool snap(const glean_document *doc, const glean_token *toks,
                 size_t ntoks, size_t start, size_t end, uint32_t *first,
                 uint32_t *last) {
  size_t f, l;
  if (end <= start) return false;
  f = glean_document_token_at(doc, start);
  l = glean_document_token_at(doc, end - 1);
  if (l < ntoks && toks[l].start <= end - 1) l++;
  if (f >= l) return false;
  *first = (uint32_t)f;
  *last = (uint32_t)l;
  return true;
}

static glean_status regex_rule(glean_ruleset *rs, uint32_t ri,
                               const glean_document *doc, glean_tokview *tv,
                               glean_error *err) {
  const rs_rule *r = &rs->rules[ri];
  const glean_rule_info *info = &rs->infos[ri];
  const char *text = tv->text;
  size_t len, from = 0, pairs = (size_t)r->ngroups + 1;
  uint32_t prev_first = UINT32_MAX, prev_last = 0, kept_last = 0;
  glean_matchbuf *out = &rs->out;
  glean_document_text(doc, &len);
  if (!glean_grow(rs->alloc, (void **)&rs->ovector, &rs->ov_cap, 2 * pairs,
                  sizeof *rs->ovector))
    return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
  while (from <= len) {
    size_t *ov = rs->ovector, ms, me;
    uint32_t first, last, c;
    glean_match *m;
    int rc = glean_regex_find(r->re, text, len, from, ov, pairs, err);
    if (rc < 0) return err ? err->code : GLEAN_EREGEX;
    if (rc == 0) break;
    ms = ov[0];
    me = ov[1];
    if (me > from) {
      from = me;
    } else if (from < len) {  /* an empty match: step one character */
      size_t adv;
      glean_utf8_decode(text + from, len - from, &adv);
      from += adv ? adv : 1;
    } else {
      from = len + 1;
    }
    if (!snap(doc, tv->toks, tv->ntoks, ms, me, &first, &last)) continue;
    if (!info->all && first < kept_last) continue;
    if (info->all && first == prev_first && last == prev_last) continue;
    if (info->nbefore || info->nnot_before || info->nafter ||
        info->nnot_after) {
      int ok = glean_context_before_ok(&rs->preds, info, tv, first, err);
      if (ok > 0) ok = glean_context_after_ok(&rs->preds, info, tv, last, err);
      if (ok < 0) return err ? err->code : GLEAN_EREGEX;
      if (ok == 0) continue;
    }
    if (!glean_grow(rs->alloc, (void **)&out->m, &out->cap, out->n + 1,
                    sizeof *out->m) ||
        !glean_grow(rs->alloc, (void **)&out->c, &out->ccap,
                    out->nc + info->ncaptures, sizeof *out->c))
      return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
    m = &out->m[out->n++];
    m->rule = ri;
    m->first = first;
    m->last = last;
    m->start = tv->toks[first].start;
    m->end = tv->toks[last - 1].end;
    m->caps = (uint32_t)out->nc;
    for (c = 0; c < info->ncaptures; c++) {
      glean_capture *cp = &out->c[out->nc++];
      size_t gs = c + 1 < pairs ? ov[2 * (c + 1)] : (size_t)-1;
      size_t ge = c + 1 < pairs ? ov[2 * (c + 1) + 1] : (size_t)-1;
      cp->first = cp->last = UINT32_MAX;
      cp->start = cp->end = 0;
      if (gs == (size_t)-1 || ge == (size_t)-1) continue;
      if (snap(doc, tv->toks, tv->ntoks, gs, ge, &cp->first, &cp->last)) {
        cp->start = tv->toks[cp->first].start;
        cp->end = tv->toks[cp->last - 1].end;
      } else {  /* the group covers no token: empty, where it stood */
        size_t t = glean_document_token_at(doc, gs);
        cp->first = cp->last = (uint32_t)t;
        cp->start = cp->end = (uint32_t)(gs < len ? gs : len);
      }
    }
    prev_first = first;
    prev_last = last;
    kept_last = last;
  }
  return GLEAN_OK;
}

/* ---- scanning ---------------------------------------------------------- */

static int cmp_match(const void *a, const void *b) {
  const glean_match *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->rule != y->rule) return x->rule < y->rule ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  if (x->first != y->first) return x->first < y->first ? -1 : 1;
  if (x->last != y->last) return x->last < y->last ? -1 : 1;
  return 0;
}

/* Sorts the matches by start, then rule (then end): a counting sort on
 * the first token, whose order is the start's, then insertion sort of
 * the few matches sharing a first token. Linear, unlike a comparison
 * sort over a million matches. */
static glean_status sort_matches(glean_ruleset *rs, size_t ntoks,
                                 glean_error *err) {
  glean_matchbuf *out = &rs->out;
  size_t i, sum = 0;
  if (!glean_grow(rs->alloc, (void **)&rs->sorted, &rs->sorted_cap,
                  out->n + 1, sizeof *rs->sorted) ||
      !glean_grow(rs->alloc, (void **)&rs->bucket, &rs->bucket_cap,
                  ntoks + 1, sizeof *rs->bucket))
    return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
  if (out->n < SORT_DIRECT) {
    /* a few matches: the insertion sort alone gives the same order (both
     * ways are stable) without a pass over the tokens */
    if (out->n > 0) memcpy(rs->sorted, out->m, out->n * sizeof *out->m);
  } else {
    memset(rs->bucket, 0, (ntoks + 1) * sizeof *rs->bucket);
    for (i = 0; i < out->n; i++) rs->bucket[out->m[i].first]++;
    for (i = 0; i <= ntoks; i++) {
      size_t c = rs->bucket[i];
      rs->bucket[i] = (uint32_t)sum;
      sum += c;
    }
    for (i = 0; i < out->n; i++)
      rs->sorted[rs->bucket[out->m[i].first]++] = out->m[i];
  }
  for (i = 1; i < out->n; i++) {
    glean_match m = rs->sorted[i];
    size_t j = i;
    while (j > 0 && cmp_match(&m, &rs->sorted[j - 1]) < 0) {
      rs->sorted[j] = rs->sorted[j - 1];
      j--;
    }
    rs->sorted[j] = m;
  }
  return GLEAN_OK;
}

static bool any_words(const glean_preds *ps) {
  size_t i;
  for (i = 0; i < ps->n; i++)
    if (ps->items[i].words) return true;
  return false;
}

glean_status glean_ruleset_scan(glean_ruleset *rs, const glean_document *doc,
                                glean_scan_result *out, glean_error *err) {
  glean_tokview tv;
  glean_hashes hs;
  size_t ntoks, len, i;
  glean_status st;
  if (out) memset(out, 0, sizeof *out);
  if (!rs || !doc || !out)
    return glean_fail(err, GLEAN_EINVAL, "scan: NULL argument");
  rs->out.n = rs->out.nc = 0;
  rs->nspans = 0;
  memset(&tv, 0, sizeof tv);
  tv.text = glean_document_text(doc, &len);
  tv.toks = glean_document_tokens(doc, &ntoks);
  tv.ntoks = ntoks;
  if (ntoks >= UINT32_MAX - 2)
    return glean_fail(err, GLEAN_ELIMIT, "scan: too many tokens");
  if (!glean_grow(rs->alloc, (void **)&rs->begin, &rs->begin_cap, ntoks + 1,
                  sizeof *rs->begin) ||
      !glean_grow(rs->alloc, (void **)&rs->th, &rs->th_cap, ntoks + 1,
                  sizeof *rs->th) ||
      !glean_grow(rs->alloc, (void **)&rs->inside, &rs->inside_cap,
                  ntoks + 1, sizeof *rs->inside) ||
      !glean_grow(rs->alloc, (void **)&rs->wx, &rs->wx_cap, ntoks + 1,
                  sizeof *rs->wx) ||
      !glean_grow(rs->alloc, (void **)&rs->wf, &rs->wf_cap, ntoks + 1,
                  sizeof *rs->wf))
    return glean_fail(err, GLEAN_ENOMEM, "scan: out of memory");
  if (rs->vm_stale) {
    st = glean_preds_index(&rs->preds, err);
    if (st != GLEAN_OK) return st;
    st = glean_vm_prepare(rs->vm, &rs->prog, &rs->preds, rs->infos,
                          rs->nrules, err);
    if (st != GLEAN_OK) return st;
    rs->any_words = any_words(&rs->preds);
    rs->any_regex_rule = false;
    for (i = 0; i < rs->nrules; i++)
      if (rs->rules[i].re) rs->any_regex_rule = true;
    rs->vm_stale = false;
  }
  /* the hashes are filled on demand; folded ones when someone looks
   * folded tokens up */
  memset(&hs, 0, sizeof hs);
  hs.text = tv.text;
  hs.text_len = len;
  hs.toks = tv.toks;
  hs.h = rs->th;
  hs.fold = rs->preds.dict[1].n > 0;
  for (i = 0; i < rs->nlexs && !hs.fold; i++)
    hs.fold = glean_lexicon_wants_fold(rs->lexs[i].lex);
  if (rs->nlexs > 0 || rs->preds.dict[0].n > 0 || hs.fold)
    memset(rs->th, 0, ntoks * sizeof *rs->th);
  tv.hashes = &hs;
  st = build_spans(rs, doc, &hs, ntoks, err);
  if (st != GLEAN_OK) return st;
  tv.begin = rs->begin;
  tv.inside = rs->inside;
  tv.word_exact = rs->wx;
  tv.word_fold = rs->wf;
  /* every token in the word dictionaries, once the lexicons have hashed
   * most of them */
  if (rs->any_words) glean_preds_fill_words(&rs->preds, &tv);
  st = glean_vm_run(rs->vm, &tv, &rs->out, err);
  for (i = 0; rs->any_regex_rule && i < rs->nrules && st == GLEAN_OK; i++) {
    if (!rs->rules[i].re) continue;
    st = regex_rule(rs, (uint32_t)i, doc, &tv, err);
    if (st != GLEAN_OK && err) {
      char msg[sizeof err->message];
      memcpy(msg, err->message, sizeof msg);
      msg[sizeof msg - 1] = '\0';
      glean_fail(err, st, "rule '%.60s': %s", rs->rules[i].name, msg);
    }
  }
  if (st != GLEAN_OK) {
    rs->out.n = rs->out.nc = 0;
    return st;
  }
  st = sort_matches(rs, ntoks, err);
  if (st != GLEAN_OK) return st;
  out->matches = rs->sorted;
  out->nmatches = rs->out.n;
  out->captures = rs->out.c;
  out->ncaptures = rs->out.nc;
  out->spans = rs->spans;
  out->nspans = rs->nspans;
  return GLEAN_OK;
}
