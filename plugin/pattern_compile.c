/* pattern_compile.c — glean_pnode trees to VM instructions.
 *
 * Two passes. The first checks the tree, compiles its predicates and
 * computes the program size (saturating, so {65535}{65535} cannot
 * overflow) and whether the pattern can match no token. The second emits
 * into room reserved up front, so it cannot fail halfway.
 *
 *   TOKEN          TEST p
 *   SPAN           SPAN l; SPAN_REST l
 *   ALT a|b|c      SPLIT L1,L2; L1: a; JMP end; L2: SPLIT L3,L4; L3: b;
 *                  JMP end; L4: c; end:
 *   REPEAT x{2,4}  x; x; SPLIT +1,end; x; SPLIT +1,end; x; end:
 *   REPEAT x{1,}   x; L: SPLIT +1,end; x; JMP L; end:
 *   CAPTURE c      SAVE 2c; x; SAVE 2c+1
 *
 * SPLIT prefers its first target: repeats are greedy and earlier
 * alternatives win. A loop whose body can match no token cannot spin:
 * the VM enters each instruction once per start and step.
 */
#include <string.h>
#include "pattern.h"

/* Deeper trees are mistakes and would use up the C stack. */
#define MAX_DEPTH 1000
/* Bounds the first pass on trees that share subtrees (a DAG unfolds). */
#define MAX_NODES (4 * GLEAN_MAX_PROG)
#define TOO_BIG (GLEAN_MAX_PROG + 1)

typedef struct memo_slot {
  const glean_pnode *node;   /* NULL: empty */
  uint32_t pred;
} memo_slot;

typedef struct compiler {
  glean_prog *prog;
  glean_preds *ps;
  const glean_allocator *alloc;
  uint32_t ncaptures, nlabels;
  size_t nodes;
  memo_slot *memo;           /* TOKEN node -> predicate id */
  size_t memo_mask, memo_n;
  glean_error *err;
} compiler;

/* ---- token node -> predicate memo -------------------------------------- */

static size_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 29;
  x *= 0xbf58476d1ce4e5b9ull;
  return (size_t)(x ^ (x >> 32));
}

static memo_slot *memo_find(const compiler *c, const glean_pnode *n) {
  size_t i = ptr_hash(n) & c->memo_mask;
  while (c->memo[i].node && c->memo[i].node != n) i = (i + 1) & c->memo_mask;
  return &c->memo[i];
}

static bool memo_grow(compiler *c) {
  size_t i, size = (c->memo_mask + 1) * 2;
  memo_slot *old = c->memo;
  size_t old_size = c->memo_mask + 1;
  memo_slot *fresh = glean_mem_alloc(c->alloc, size * sizeof *fresh);
  if (!fresh) return false;
  memset(fresh, 0, size * sizeof *fresh);
  c->memo = fresh;
  c->memo_mask = size - 1;
  for (i = 0; i < old_size; i++)
    if (old[i].node) *memo_find(c, old[i].node) = old[i];
  glean_mem_free(c->alloc, old, old_size * sizeof *old);
  return true;
}

/* ---- pass 1: check, compile predicates, size --------------------------- */

static size_t sat_add(size_t a, size_t b) {
  return a + b > TOO_BIG ? TOO_BIG : a + b;
}

static size_t sat_mul(size_t a, size_t b) {
  if (a == 0 || b == 0) return 0;
  return a > TOO_BIG / b ? TOO_BIG : sat_add(a * b, 0);
}

static glean_status check_kids(compiler *c, const glean_pnode *n,
                               const char *what) {
  if (n->nkids > 0 && !n->kids)
    return glean_fail(c->err, GLEAN_EINVAL, "pattern: %s has NULL kids",
                      what);
  return GLEAN_OK;
}

static glean_status check_one_kid(compiler *c, const glean_pnode *n,
                                  const char *what) {
  if (n->nkids != 1)
    return glean_fail(c->err, GLEAN_EINVAL,
                      "pattern: %s needs exactly one kid, got %zu", what,
                      n->nkids);
  return check_kids(c, n, what);
}

static glean_status check(compiler *c, const glean_pnode *n, int depth,
                          size_t *size, bool *nullable) {
  size_t i, ksize;
  bool knull;
  glean_status st;
  if (!n) return glean_fail(c->err, GLEAN_EINVAL, "pattern: NULL node");
  if (depth > MAX_DEPTH)
    return glean_fail(c->err, GLEAN_ELIMIT,
                      "pattern: nested deeper than %d levels", MAX_DEPTH);
  if (++c->nodes > MAX_NODES)
    return glean_fail(c->err, GLEAN_ELIMIT, "pattern: too large");
  switch (n->kind) {
  case GLEAN_PN_TOKEN: {
    memo_slot *m = memo_find(c, n);
    *size = 1;
    *nullable = false;
    if (m->node) return GLEAN_OK;
    int32_t id = glean_preds_intern(c->ps, &n->pred, c->nlabels, "pattern",
                                    c->err);
    if (id < 0) return c->err ? c->err->code : GLEAN_EINVAL;
    m->node = n;
    m->pred = (uint32_t)id;
    if (++c->memo_n * 2 > c->memo_mask + 1 && !memo_grow(c))
      return glean_fail(c->err, GLEAN_ENOMEM, "pattern: out of memory");
    return GLEAN_OK;
  }
  case GLEAN_PN_SPAN:
    if (n->label < 0 || (uint32_t)n->label >= c->nlabels)
      return glean_fail(c->err, GLEAN_EINVAL, "pattern: label %ld unknown",
                        (long)n->label);
    *size = 2;
    *nullable = false;
    return GLEAN_OK;
  case GLEAN_PN_SEQ:
    if ((st = check_kids(c, n, "seq")) != GLEAN_OK) return st;
    *size = 0;
    *nullable = true;
    for (i = 0; i < n->nkids; i++) {
      if ((st = check(c, n->kids[i], depth + 1, &ksize, &knull)) != GLEAN_OK)
        return st;
      *size = sat_add(*size, ksize);
      *nullable = *nullable && knull;
    }
    return GLEAN_OK;
  case GLEAN_PN_ALT:
    if (n->nkids == 0)
      return glean_fail(c->err, GLEAN_EINVAL,
                        "pattern: alt with no alternatives");
    if ((st = check_kids(c, n, "alt")) != GLEAN_OK) return st;
    *size = 2 * (n->nkids - 1) < TOO_BIG ? 2 * (n->nkids - 1) : TOO_BIG;
    *nullable = false;
    for (i = 0; i < n->nkids; i++) {
      if ((st = check(c, n->kids[i], depth + 1, &ksize, &knull)) != GLEAN_OK)
        return st;
      *size = sat_add(*size, ksize);
      *nullable = *nullable || knull;
    }
    return GLEAN_OK;
  case GLEAN_PN_REPEAT:
    if ((st = check_one_kid(c, n, "repeat")) != GLEAN_OK) return st;
    if (n->min < 0)
      return glean_fail(c->err, GLEAN_EINVAL, "pattern: repeat min %ld < 0",
                        (long)n->min);
    if (n->max >= 0 && n->min > n->max)
      return glean_fail(c->err, GLEAN_EINVAL,
                        "pattern: repeat min %ld > max %ld", (long)n->min,
                        (long)n->max);
    if ((st = check(c, n->kids[0], depth + 1, &ksize, &knull)) != GLEAN_OK)
      return st;
    *size = sat_mul((size_t)n->min, ksize);
    if (ksize > 0) {
      if (n->max < 0)
        *size = sat_add(*size, ksize + 2);
      else
        *size = sat_add(*size, sat_mul((size_t)(n->max - n->min), ksize + 1));
    }
    *nullable = n->min == 0 || knull || ksize == 0;
    return GLEAN_OK;
  case GLEAN_PN_CAPTURE:
    if ((st = check_one_kid(c, n, "capture")) != GLEAN_OK) return st;
    if (n->capture >= c->ncaptures)
      return glean_fail(c->err, GLEAN_EINVAL,
                        "pattern: capture %lu out of range (ncaptures %lu)",
                        (unsigned long)n->capture,
                        (unsigned long)c->ncaptures);
    if ((st = check(c, n->kids[0], depth + 1, &ksize, &knull)) != GLEAN_OK)
      return st;
    *size = sat_add(ksize, 2);
    *nullable = knull;
    return GLEAN_OK;
  }
  return glean_fail(c->err, GLEAN_EINVAL, "pattern: unknown node kind %d",
                    (int)n->kind);
}

/* ---- pass 2: emit ------------------------------------------------------ */

static size_t put(compiler *c, uint32_t op, uint32_t x, uint32_t y) {
  glean_inst *in = &c->prog->code[c->prog->n];
  in->op = op;
  in->x = x;
  in->y = y;
  return c->prog->n++;
}

/* Sets the `field` (x or y) of every instruction on a patch chain to
 * target. The chain is threaded through that same field (pc + 1, 0 ends). */
static void patch_x(compiler *c, uint32_t chain, uint32_t target) {
  while (chain) {
    glean_inst *in = &c->prog->code[chain - 1];
    chain = in->x;
    in->x = target;
  }
}

static void patch_y(compiler *c, uint32_t chain, uint32_t target) {
  while (chain) {
    glean_inst *in = &c->prog->code[chain - 1];
    chain = in->y;
    in->y = target;
  }
}

/* Mirrors the sizes of check(): true exactly when n's size is 0. A
 * repeat of such a node emits nothing, however large its min. */
static bool emits_nothing(const glean_pnode *n) {
  size_t i;
  switch (n->kind) {
  case GLEAN_PN_SEQ:
    for (i = 0; i < n->nkids; i++)
      if (!emits_nothing(n->kids[i])) return false;
    return true;
  case GLEAN_PN_ALT:
    return n->nkids == 1 && emits_nothing(n->kids[0]);
  case GLEAN_PN_REPEAT:
    return n->max == 0 || emits_nothing(n->kids[0]);
  default:
    return false;
  }
}

static void emit(compiler *c, const glean_pnode *n);

/* Do a and b match the same tokens the same single way: the same token
 * test, the same span, or the same capture of such? (A part with several
 * ways to match may not be shared: sharing would change which way of
 * the alternatives comes first.) */
static bool same_step(compiler *c, const glean_pnode *a,
                      const glean_pnode *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case GLEAN_PN_TOKEN:
    return a == b || memo_find(c, a)->pred == memo_find(c, b)->pred;
  case GLEAN_PN_SPAN:
    return a->label == b->label;
  case GLEAN_PN_CAPTURE:
    return a->capture == b->capture && a->nkids == 1 && b->nkids == 1 &&
           same_step(c, a->kids[0], b->kids[0]);
  default:
    return false;
  }
}

/* Do sequences a and b start with the same step, with more after it? */
static bool same_lead(compiler *c, const glean_pnode *a,
                      const glean_pnode *b) {
  return a->kind == GLEAN_PN_SEQ && b->kind == GLEAN_PN_SEQ &&
         a->nkids >= 2 && b->nkids >= 2 &&
         same_step(c, a->kids[0], b->kids[0]);
}

/* The rests of the sequences kids[i, j) of n (their first token was
 * emitted already) as alternatives in priority order: a SPLIT to each
 * but the last, a JMP from each but the last to the end. */
static void emit_rests(compiler *c, const glean_pnode *n, size_t i,
                       size_t j) {
  uint32_t chain = 0;
  size_t k, m;
  for (k = i; k < j; k++) {
    size_t split = 0;
    if (k + 1 < j) {
      split = put(c, GLEAN_OP_SPLIT, 0, 0);
      c->prog->code[split].x = (uint32_t)(split + 1);
    }
    for (m = 1; m < n->kids[k]->nkids; m++) emit(c, n->kids[k]->kids[m]);
    if (k + 1 < j) {
      chain = (uint32_t)put(c, GLEAN_OP_JMP, chain, 0) + 1;
      c->prog->code[split].y = (uint32_t)c->prog->n;
    }
  }
  patch_x(c, chain, (uint32_t)c->prog->n);
}

/* Adjacent alternatives that start with the same step ("a record", "a
 * mere", "a hefty"; a number, then a currency or a magnitude) share it:
 * the step, then the alternatives of what follows. Same matches in the
 * same priority order, one thread where there were several. */
static void emit_alt(compiler *c, const glean_pnode *n) {
  uint32_t chain = 0;
  size_t i = 0, j;
  while (i < n->nkids) {
    size_t split = 0;
    for (j = i + 1; j < n->nkids && same_lead(c, n->kids[i], n->kids[j]);
         j++) {}
    if (j < n->nkids) {
      split = put(c, GLEAN_OP_SPLIT, 0, 0);
      c->prog->code[split].x = (uint32_t)(split + 1);
    }
    if (j - i >= 2) {
      emit(c, n->kids[i]->kids[0]);
      emit_rests(c, n, i, j);
    } else {
      emit(c, n->kids[i]);
    }
    if (j < n->nkids) {
      chain = (uint32_t)put(c, GLEAN_OP_JMP, chain, 0) + 1;
      c->prog->code[split].y = (uint32_t)c->prog->n;
    }
    i = j;
  }
  patch_x(c, chain, (uint32_t)c->prog->n);
}

static void emit(compiler *c, const glean_pnode *n) {
  size_t i;
  uint32_t chain = 0;
  switch (n->kind) {
  case GLEAN_PN_TOKEN:
    put(c, GLEAN_OP_TEST, memo_find(c, n)->pred, 0);
    break;
  case GLEAN_PN_SPAN:
    put(c, GLEAN_OP_SPAN, (uint32_t)n->label, 0);
    put(c, GLEAN_OP_SPAN_REST, (uint32_t)n->label, 0);
    break;
  case GLEAN_PN_SEQ:
    for (i = 0; i < n->nkids; i++) emit(c, n->kids[i]);
    break;
  case GLEAN_PN_ALT:
    emit_alt(c, n);
    break;
  case GLEAN_PN_REPEAT: {
    const glean_pnode *kid = n->kids[0];
    int32_t k;
    if (emits_nothing(kid)) break;
    for (k = 0; k < n->min; k++) emit(c, kid);
    if (n->max < 0) {
      size_t loop = put(c, GLEAN_OP_SPLIT, 0, 0);
      c->prog->code[loop].x = (uint32_t)(loop + 1);
      emit(c, kid);
      put(c, GLEAN_OP_JMP, (uint32_t)loop, 0);
      c->prog->code[loop].y = (uint32_t)c->prog->n;
    } else {
      for (k = n->min; k < n->max; k++) {
        size_t split = put(c, GLEAN_OP_SPLIT, 0, chain);
        c->prog->code[split].x = (uint32_t)(split + 1);
        chain = (uint32_t)split + 1;
        emit(c, kid);
      }
      patch_y(c, chain, (uint32_t)c->prog->n);
    }
    break;
  }
  case GLEAN_PN_CAPTURE:
    put(c, GLEAN_OP_SAVE, 2 * n->capture, 0);
    emit(c, n->kids[0]);
    put(c, GLEAN_OP_SAVE, 2 * n->capture + 1, 0);
    break;
  }
}

/* ---- facts for the VM's filters ---------------------------------------- */

static uint32_t len_add(uint32_t a, uint32_t b) {
  return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

/* Longest match of n, in tokens (UINT32_MAX: unbounded). Called after
 * check(), so the tree is sound and small. */
static uint32_t max_len(const glean_pnode *n) {
  uint32_t len = 0, k;
  size_t i;
  switch (n->kind) {
  case GLEAN_PN_TOKEN:
    return 1;
  case GLEAN_PN_SPAN:
    return UINT32_MAX;
  case GLEAN_PN_SEQ:
    for (i = 0; i < n->nkids; i++) len = len_add(len, max_len(n->kids[i]));
    return len;
  case GLEAN_PN_ALT:
    for (i = 0; i < n->nkids; i++) {
      k = max_len(n->kids[i]);
      if (k > len) len = k;
    }
    return len;
  case GLEAN_PN_REPEAT:
    k = max_len(n->kids[0]);
    if (k == 0 || n->max == 0) return 0;
    if (n->max < 0 || k == UINT32_MAX) return UINT32_MAX;
    return (uint64_t)k * (uint64_t)n->max >= UINT32_MAX
               ? UINT32_MAX
               : k * (uint32_t)n->max;
  case GLEAN_PN_CAPTURE:
    return max_len(n->kids[0]);
  }
  return UINT32_MAX;
}

/* The last anchor among the tokens every match must have. */
static void find_anchor(const compiler *c, const glean_pnode *n,
                        glean_anchor *anchor) {
  size_t i;
  switch (n->kind) {
  case GLEAN_PN_TOKEN: {
    glean_anchor a = glean_preds_anchor(c->ps, memo_find(c, n)->pred);
    if (a.pred != UINT32_MAX || a.labels) *anchor = a;
    break;
  }
  case GLEAN_PN_SPAN:
    anchor->pred = UINT32_MAX;
    anchor->labels = (uint64_t)1 << n->label;
    anchor->begin = true;
    break;
  case GLEAN_PN_SEQ:
    for (i = 0; i < n->nkids; i++) find_anchor(c, n->kids[i], anchor);
    break;
  case GLEAN_PN_ALT:
    if (n->nkids == 1) find_anchor(c, n->kids[0], anchor);
    break;
  case GLEAN_PN_REPEAT:
    if (n->min >= 1) find_anchor(c, n->kids[0], anchor);
    break;
  case GLEAN_PN_CAPTURE:
    find_anchor(c, n->kids[0], anchor);
    break;
  default:
    break;
  }
}

glean_status glean_pattern_compile(glean_prog *prog, glean_preds *ps,
                                   const glean_allocator *alloc,
                                   const glean_pnode *root,
                                   uint32_t ncaptures, uint32_t nlabels,
                                   uint32_t rule, glean_pattern_facts *facts,
                                   glean_error *err) {
  compiler c;
  size_t npreds = ps->n, size = 0;
  bool nullable = false;
  glean_status st;
  memset(&c, 0, sizeof c);
  c.prog = prog;
  c.ps = ps;
  c.alloc = alloc;
  c.ncaptures = ncaptures;
  c.nlabels = nlabels;
  c.err = err;
  c.memo_mask = 15;
  c.memo = glean_mem_alloc(alloc, 16 * sizeof *c.memo);
  if (!c.memo) return glean_fail(err, GLEAN_ENOMEM, "pattern: out of memory");
  memset(c.memo, 0, 16 * sizeof *c.memo);

  st = check(&c, root, 0, &size, &nullable);
  if (st == GLEAN_OK && size + 1 > GLEAN_MAX_PROG)
    st = glean_fail(err, GLEAN_ELIMIT,
                    "pattern: too large (more than %zu instructions)",
                    GLEAN_MAX_PROG);
  if (st == GLEAN_OK && nullable)
    st = glean_fail(err, GLEAN_EINVAL, "pattern: can match no token");
  if (st == GLEAN_OK && prog->n + size + 1 > UINT32_MAX / 2)
    st = glean_fail(err, GLEAN_ELIMIT, "pattern: ruleset too large");
  if (st == GLEAN_OK &&
      !glean_grow(alloc, (void **)&prog->code, &prog->cap,
                  prog->n + size + 1, sizeof *prog->code))
    st = glean_fail(err, GLEAN_ENOMEM, "pattern: out of memory");
  if (st == GLEAN_OK) {
    facts->entry = (uint32_t)prog->n;
    facts->maxlen = max_len(root);
    facts->anchor.pred = UINT32_MAX;
    facts->anchor.labels = 0;
    facts->anchor.begin = false;
    find_anchor(&c, root, &facts->anchor);
    emit(&c, root);
    put(&c, GLEAN_OP_MATCH, rule, 0);
  } else {
    glean_preds_truncate(ps, npreds);
  }
  glean_mem_free(alloc, c.memo, (c.memo_mask + 1) * sizeof *c.memo);
  return st;
}
