/* pattern_pred.c — token predicates: compiled once, shared, evaluated.
 *
 * A ruleset of 100 rules repeats the same few tests ("capitalized",
 * "one of these titles") many times; identical predicates get one id so
 * the VM evaluates each at most once per token. The words of all word
 * sets go into one dictionary (exact, and folded for case-folded sets)
 * that lists, for each word, the sets holding it: a token is hashed and
 * looked up once per scan however many sets there are, and a hit is
 * confirmed by comparing bytes, so a hash collision never matches.
 */
#include <string.h>
#include "pattern.h"

struct glean_wordset {
  uint64_t *slot_hash;   /* 0 = empty slot (hashes are never 0) */
  uint32_t *slot_word;
  size_t mask;
  char *bytes;           /* words, folded when fold is set */
  size_t nbytes, bytes_cap;
  uint32_t *off;         /* word i is bytes[off[i], off[i + 1]) */
  uint64_t *hash;        /* hash of word i */
  size_t nwords;         /* distinct words */
  size_t nalloc;         /* room in off (nalloc + 1) and hash */
  uint64_t digest;       /* order-independent digest of the set */
  bool fold;
};

/* ---- folding ----------------------------------------------------------- */

/* The folded UTF-8 of the code point at s (invalid bytes stay as they
 * are); writes up to 4 bytes to out, returns their count, sets *adv. */
static size_t fold_one(const char *s, size_t len, char *out, size_t *adv) {
  unsigned char c = (unsigned char)s[0];
  uint32_t cp;
  if (c < 0x80) {
    out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    *adv = 1;
    return 1;
  }
  cp = glean_utf8_decode(s, len, adv);
  if (cp == GLEAN_BAD_CP) {
    out[0] = s[0];
    *adv = 1;
    return 1;
  }
  return glean_utf8_encode(glean_cp_fold(cp), out);
}

/* Does s, case-folded, equal the already folded w? ASCII bytes, most
 * of them, are compared without fold_one. */
static bool fold_equal(const char *s, size_t len, const char *w,
                       size_t wlen) {
  size_t i = 0, j = 0;
  while (i < len) {
    char buf[4];
    unsigned char c = (unsigned char)s[i];
    size_t adv, k;
    if (c < 0x80) {
      if ((unsigned)(c - 'A') < 26u) c += 32;
      if (j == wlen || (unsigned char)w[j] != c) return false;
      i++;
      j++;
      continue;
    }
    k = fold_one(s + i, len - i, buf, &adv);
    if (k > wlen - j || memcmp(w + j, buf, k) != 0) return false;
    i += adv;
    j += k;
  }
  return j == wlen;
}

/* ---- word sets --------------------------------------------------------- */

static uint64_t mix64(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  x ^= x >> 33;
  return x;
}

static bool wordset_find(const glean_wordset *ws, uint64_t h, const char *s,
                         size_t len) {
  size_t i = (size_t)h & ws->mask;
  for (;;) {
    uint64_t sh = ws->slot_hash[i];
    if (sh == 0) return false;
    if (sh == h) {
      uint32_t w = ws->slot_word[i];
      const char *wb = ws->bytes + ws->off[w];
      size_t wl = ws->off[w + 1] - ws->off[w];
      if (ws->fold ? fold_equal(s, len, wb, wl)
                   : wl == len && memcmp(wb, s, len) == 0)
        return true;
    }
    i = (i + 1) & ws->mask;
  }
}

static void wordset_free(const glean_allocator *a, glean_wordset *ws) {
  if (!ws) return;
  glean_mem_free(a, ws->slot_hash, (ws->mask + 1) * sizeof *ws->slot_hash);
  glean_mem_free(a, ws->slot_word, (ws->mask + 1) * sizeof *ws->slot_word);
  glean_mem_free(a, ws->bytes, ws->bytes_cap);
  glean_mem_free(a, ws->off, (ws->nalloc + 1) * sizeof *ws->off);
  glean_mem_free(a, ws->hash, ws->nalloc * sizeof *ws->hash);
  glean_mem_free(a, ws, sizeof *ws);
}

/* Appends w (folded when the set folds) unless it is already there. */
static bool wordset_add(const glean_allocator *a, glean_wordset *ws,
                        const char *w, size_t len) {
  uint64_t h = ws->fold ? glean_hash_folded(w, len)
                        : glean_hash_bytes(w, len);
  size_t j, s;
  if (wordset_find(ws, h, w, len)) return true;
  /* a folded code point is at most 2 bytes longer than the original */
  if (!glean_grow(a, (void **)&ws->bytes, &ws->bytes_cap,
                  ws->nbytes + 3 * len + 4, 1))
    return false;
  if (ws->fold) {
    for (j = 0; j < len;) {
      size_t adv;
      ws->nbytes += fold_one(w + j, len - j, ws->bytes + ws->nbytes, &adv);
      j += adv;
    }
  } else {
    memcpy(ws->bytes + ws->nbytes, w, len);
    ws->nbytes += len;
  }
  ws->hash[ws->nwords] = h;
  ws->off[ws->nwords + 1] = (uint32_t)ws->nbytes;
  s = (size_t)h & ws->mask;
  while (ws->slot_hash[s]) s = (s + 1) & ws->mask;
  ws->slot_hash[s] = h;
  ws->slot_word[s] = (uint32_t)ws->nwords;
  ws->digest += mix64(h);
  ws->nwords++;
  return true;
}

/* Builds the set of words[0..n); duplicates are kept once. */
static glean_wordset *wordset_new(const glean_allocator *a,
                                  const char *const *words, size_t n,
                                  bool fold, const char *where,
                                  glean_error *err) {
  glean_wordset *ws;
  size_t i, size = 2, total = 0;
  if (!words) {
    glean_fail(err, GLEAN_EINVAL, "%s: words is NULL", where);
    return NULL;
  }
  for (i = 0; i < n; i++) {
    if (!words[i]) {
      glean_fail(err, GLEAN_EINVAL, "%s: word %zu is NULL", where, i + 1);
      return NULL;
    }
    total += strlen(words[i]);
    if (total > UINT32_MAX / 4 || n > UINT32_MAX / 4) {
      glean_fail(err, GLEAN_ELIMIT, "%s: word list too large", where);
      return NULL;
    }
  }
  while (size < 2 * n) size *= 2;
  ws = glean_mem_alloc(a, sizeof *ws);
  if (!ws) goto oom;
  memset(ws, 0, sizeof *ws);
  ws->fold = fold;
  ws->mask = size - 1;
  ws->nalloc = n;
  ws->slot_hash = glean_mem_alloc(a, size * sizeof *ws->slot_hash);
  ws->slot_word = glean_mem_alloc(a, size * sizeof *ws->slot_word);
  ws->off = glean_mem_alloc(a, (n + 1) * sizeof *ws->off);
  ws->hash = glean_mem_alloc(a, n * sizeof *ws->hash);
  if (!ws->slot_hash || !ws->slot_word || !ws->off || !ws->hash) goto oom;
  memset(ws->slot_hash, 0, size * sizeof *ws->slot_hash);
  ws->off[0] = 0;
  for (i = 0; i < n; i++)
    if (!wordset_add(a, ws, words[i], strlen(words[i]))) goto oom;
  ws->digest ^= mix64(ws->nwords + (fold ? 1u : 0u));
  return ws;
oom:
  wordset_free(a, ws);
  glean_fail(err, GLEAN_ENOMEM, "%s: out of memory", where);
  return NULL;
}

/* Same words, same folding? */
static bool wordset_equal(const glean_wordset *x, const glean_wordset *y) {
  size_t i;
  if (x->fold != y->fold || x->nwords != y->nwords || x->digest != y->digest)
    return false;
  for (i = 0; i < x->nwords; i++)
    if (!wordset_find(y, x->hash[i], x->bytes + x->off[i],
                      x->off[i + 1] - x->off[i]))
      return false;
  return true;
}

/* ---- compiled predicates ----------------------------------------------- */

/* ---- bytes a regex needs ------------------------------------------------ */

/* A small reading of the regex source for the ASCII bytes that every
 * match must contain: a literal character at the top level of the
 * pattern (or in a group repeated at least once), not made optional by
 * a quantifier; across alternatives, the bytes all of them need. A token
 * without one of those bytes cannot match, and is rejected without
 * running the regex ("\p{Lu}\." needs "."). Anything unusual (options,
 * verbs, \Q, back references) gives up: knowing fewer bytes costs only
 * speed. */

typedef struct req_reader {
  const char *s;
  size_t n, i;
  bool caseless, fail;
} req_reader;

typedef struct req_set {
  uint64_t b[2];  /* ASCII bytes */
} req_set;

static void req_add(req_set *r, unsigned char c, bool caseless) {
  if (c >= 0x80) return;
  /* under caseless matching a letter may appear in either case */
  if (caseless && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return;
  r->b[c / 64] |= (uint64_t)1 << (c % 64);
}

static bool req_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads a quantifier at rd->i, if any; returns its minimum (1 when there
 * is none). A "{" that is not a quantifier is left for a literal. */
static unsigned long req_quant(req_reader *rd) {
  unsigned long min = 1;
  if (rd->i >= rd->n) return 1;
  switch (rd->s[rd->i]) {
  case '?':
  case '*':
    min = 0;
    rd->i++;
    break;
  case '+':
    rd->i++;
    break;
  case '{': {
    size_t j = rd->i + 1;
    unsigned long v = 0;
    bool digits = false;
    while (j < rd->n && req_digit(rd->s[j])) {
      if (v < 1000000) v = v * 10 + (unsigned long)(rd->s[j] - '0');
      digits = true;
      j++;
    }
    /* "{" as a literal, "{,n}" or spaces (newer PCRE2 read those as
     * quantifiers): not worth telling apart */
    if (!digits) {
      rd->fail = true;
      return 0;
    }
    if (j < rd->n && rd->s[j] == ',') {
      j++;
      while (j < rd->n && req_digit(rd->s[j])) j++;
    }
    if (j >= rd->n || rd->s[j] != '}') {
      rd->fail = true;
      return 0;
    }
    rd->i = j + 1;
    min = v;
    break;
  }
  default:
    return 1;
  }
  /* lazy or possessive */
  if (rd->i < rd->n && (rd->s[rd->i] == '?' || rd->s[rd->i] == '+')) rd->i++;
  return min;
}

static req_set req_alts(req_reader *rd, unsigned depth);

/* Skips a character class starting at "[". */
static void req_class(req_reader *rd) {
  rd->i++;
  if (rd->i < rd->n && rd->s[rd->i] == '^') rd->i++;
  if (rd->i < rd->n && rd->s[rd->i] == ']') rd->i++;  /* a literal "]" */
  while (rd->i < rd->n && rd->s[rd->i] != ']') {
    if (rd->s[rd->i] == '\\') {
      rd->i += 2;
    } else if (rd->s[rd->i] == '[' && rd->i + 1 < rd->n &&
               rd->s[rd->i + 1] == ':') {
      /* [:alpha:] */
      size_t j = rd->i + 2;
      while (j + 1 < rd->n && !(rd->s[j] == ':' && rd->s[j + 1] == ']')) j++;
      rd->i = j + 2;
    } else {
      rd->i++;
    }
  }
  if (rd->i >= rd->n) rd->fail = true;
  rd->i++;
}

/* One atom at rd->i: adds to *lit the bytes it needs when it is taken. */
static void req_atom(req_reader *rd, req_set *lit, unsigned depth) {
  unsigned char c = (unsigned char)rd->s[rd->i];
  if (c == '(') {
    rd->i++;
    if (rd->i < rd->n && rd->s[rd->i] == '*') {
      rd->fail = true;  /* a verb */
      return;
    }
    if (rd->i < rd->n && rd->s[rd->i] == '?') {
      char k = rd->i + 1 < rd->n ? rd->s[rd->i + 1] : '\0';
      if (k == ':') {
        rd->i += 2;
      } else if (k == '=' || k == '!' ||
                 (k == '<' && rd->i + 2 < rd->n &&
                  (rd->s[rd->i + 2] == '=' || rd->s[rd->i + 2] == '!'))) {
        /* a look-around consumes nothing: read it, keep nothing */
        rd->i += k == '<' ? 3 : 2;
        (void)req_alts(rd, depth + 1);
        if (rd->i >= rd->n || rd->s[rd->i] != ')') rd->fail = true;
        rd->i++;
        return;
      } else {
        rd->fail = true;  /* options, names, conditions ... */
        return;
      }
    }
    *lit = req_alts(rd, depth + 1);
    if (rd->i >= rd->n || rd->s[rd->i] != ')') rd->fail = true;
    rd->i++;
    return;
  }
  if (c == '[') {
    req_class(rd);
    return;
  }
  if (c == '\\') {
    unsigned char e = rd->i + 1 < rd->n ? (unsigned char)rd->s[rd->i + 1] : 0;
    rd->i += 2;
    if (e == 0) {
      rd->fail = true;
    } else if (!((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                 (e >= '0' && e <= '9')) && e < 0x80) {
      req_add(lit, e, rd->caseless);  /* "\." is a "." */
    } else if (e == 'p' || e == 'P' || e == 'x' || e == 'o' || e == 'N') {
      if (rd->i < rd->n && rd->s[rd->i] == '{') {
        while (rd->i < rd->n && rd->s[rd->i] != '}') rd->i++;
        rd->i++;
      } else if (e == 'p' || e == 'P') {
        rd->i++;
      } else if (e == 'x') {
        size_t k;
        for (k = 0; k < 2 && rd->i < rd->n; k++) {
          char h = rd->s[rd->i];
          if (!(req_digit(h) || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
            break;
          rd->i++;
        }
      } else {
        rd->fail = true;  /* \o and \N without braces */
      }
    } else if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' ||
               e == 'S' || e == 'h' || e == 'H' || e == 'v' || e == 'V' ||
               e == 'R' || e == 'X' || e == 'b' || e == 'B' || e == 'A' ||
               e == 'z' || e == 'Z' || e == 'G' || e == 'n' || e == 't' ||
               e == 'r' || e == 'f' || e == 'e' || e == 'a') {
      /* classes, anchors, control characters: no byte we track */
    } else {
      rd->fail = true;  /* \Q, back references, \c, \K ... */
    }
    return;
  }
  if (c >= 0x80) {
    /* a multibyte character is one atom: skip its continuation bytes */
    rd->i++;
    while (rd->i < rd->n && ((unsigned char)rd->s[rd->i] & 0xC0) == 0x80)
      rd->i++;
    return;
  }
  rd->i++;
  if (c == '.' || c == '^' || c == '$') return;
  req_add(lit, c, rd->caseless);
}

/* A sequence up to "|", ")" or the end. */
static req_set req_seq(req_reader *rd, unsigned depth) {
  req_set all = {{0, 0}};
  while (rd->i < rd->n && !rd->fail && rd->s[rd->i] != '|' &&
         rd->s[rd->i] != ')') {
    req_set lit = {{0, 0}};
    unsigned char c = (unsigned char)rd->s[rd->i];
    if (c == '*' || c == '+' || c == '?') {
      rd->fail = true;  /* a quantifier with nothing before it */
      break;
    }
    req_atom(rd, &lit, depth);
    if (rd->fail) break;
    if (req_quant(rd) >= 1) {
      all.b[0] |= lit.b[0];
      all.b[1] |= lit.b[1];
    }
  }
  return all;
}

static req_set req_alts(req_reader *rd, unsigned depth) {
  req_set r = {{0, 0}};
  if (depth > 32) {
    rd->fail = true;
    return r;
  }
  r = req_seq(rd, depth);
  while (!rd->fail && rd->i < rd->n && rd->s[rd->i] == '|') {
    req_set o;
    rd->i++;
    o = req_seq(rd, depth);
    r.b[0] &= o.b[0];
    r.b[1] &= o.b[1];
  }
  return r;
}

/* Fills c->re_need with up to 4 bytes every match of c's regex holds. */
static void regex_needs(glean_cpred *c) {
  req_reader rd;
  req_set r;
  unsigned b;
  c->re_nneed = 0;
  rd.s = c->regex_src;
  rd.n = c->regex_len;
  rd.i = 0;
  rd.caseless = c->regex_caseless != 0;
  rd.fail = false;
  r = req_alts(&rd, 0);
  if (rd.fail || rd.i != rd.n) return;
  /* punctuation first: rarer in tokens than letters */
  for (b = 0; b < 128 && c->re_nneed < 4; b++) {
    bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
                 (b >= 'A' && b <= 'Z');
    if (!alnum && (r.b[b / 64] >> (b % 64) & 1))
      c->re_need[c->re_nneed++] = (char)b;
  }
  for (b = 0; b < 128 && c->re_nneed < 4; b++) {
    bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
                 (b >= 'A' && b <= 'Z');
    if (alnum && (r.b[b / 64] >> (b % 64) & 1))
      c->re_need[c->re_nneed++] = (char)b;
  }
}

/* The literal characters a regex ends with: a run of letters and
 * digits at the very end of the source that follows the whole regex's
 * start or the end of an atom or quantifier (")", "]", "}", "+", "*",
 * "?", "."), so that no escape, quantifier or alternation can touch it.
 * Every whole match then ends with those bytes. Sources with a "|", a
 * "(?" or "(*" (options, which may ignore case or spaces), "\Q" or a
 * caseless flag give none: being conservative costs only speed. */
static void regex_tail(glean_cpred *c) {
  const char *src = c->regex_src;
  size_t len = c->regex_len, i = len, k;
  c->re_tail = NULL;
  c->re_tail_len = 0;
  if (c->regex_caseless) return;
  for (k = 0; k < len; k++) {
    char n = k + 1 < len ? src[k + 1] : '\0';
    if (src[k] == '|' || (src[k] == '(' && (n == '?' || n == '*')) ||
        (src[k] == '\\' && (n == 'Q' || n == 'E')))
      return;
  }
  while (i > 0 && ((src[i - 1] >= 'a' && src[i - 1] <= 'z') ||
                   (src[i - 1] >= 'A' && src[i - 1] <= 'Z') ||
                   (src[i - 1] >= '0' && src[i - 1] <= '9')))
    i--;
  if (i == len) return;
  if (i > 0 && !strchr(")]}+*?.", src[i - 1])) return;
  c->re_tail = src + i;
  c->re_tail_len = (uint32_t)(len - i);
}

static void cpred_clear(const glean_allocator *a, glean_cpred *c) {
  wordset_free(a, c->words);
  glean_regex_free(c->re);
  glean_mem_free(a, c->regex_src, c->regex_len + 1);
  memset(c, 0, sizeof *c);
}

static bool cpred_equal(const glean_cpred *x, const glean_cpred *y) {
  if (x->sig != y->sig || x->flags_all != y->flags_all ||
      x->flags_none != y->flags_none || x->flags_any != y->flags_any ||
      x->label_mask != y->label_mask || x->negate != y->negate ||
      x->in_label_negate != y->in_label_negate ||
      x->words_negate != y->words_negate ||
      x->regex_negate != y->regex_negate ||
      x->regex_caseless != y->regex_caseless ||
      x->words_fold != y->words_fold || !x->words != !y->words ||
      !x->re != !y->re || x->regex_len != y->regex_len)
    return false;
  if (x->words && !wordset_equal(x->words, y->words)) return false;
  if (x->re && memcmp(x->regex_src, y->regex_src, x->regex_len) != 0)
    return false;
  return true;
}

void glean_preds_init(glean_preds *ps, const glean_allocator *alloc,
                      uint32_t match_limit, uint32_t depth_limit) {
  memset(ps, 0, sizeof *ps);
  ps->alloc = alloc;
  ps->match_limit = match_limit;
  ps->depth_limit = depth_limit;
}

void glean_preds_truncate(glean_preds *ps, size_t n) {
  while (ps->n > n) cpred_clear(ps->alloc, &ps->items[--ps->n]);
}

static void dict_free(const glean_allocator *a, glean_dict *d) {
  glean_mem_free(a, d->e, d->cap * sizeof *d->e);
  glean_mem_free(a, d->slots, d->nslots * sizeof *d->slots);
  glean_mem_free(a, d->bytes, d->bytes_cap);
  glean_mem_free(a, d->members, d->members_cap * sizeof *d->members);
  glean_mem_free(a, d->setbits, d->setbits_cap * sizeof *d->setbits);
  glean_mem_free(a, d->hbits,
                 d->hbits ? (d->hbits_mask + 1) * sizeof *d->hbits : 0);
  memset(d, 0, sizeof *d);
}

void glean_preds_free(glean_preds *ps) {
  dict_free(ps->alloc, &ps->dict[0]);
  dict_free(ps->alloc, &ps->dict[1]);
  glean_preds_truncate(ps, 0);
  glean_mem_free(ps->alloc, ps->items, ps->cap * sizeof *ps->items);
  ps->items = NULL;
  ps->cap = 0;
}

/* Compiles p into c (zeroed first). */
static glean_status cpred_build(glean_preds *ps, const glean_pred *p,
                                uint32_t nlabels, const char *where,
                                glean_cpred *c, glean_error *err) {
  const glean_allocator *a = ps->alloc;
  uint64_t sig;
  memset(c, 0, sizeof *c);
  if (p->in_label < -1 || (p->in_label >= 0 &&
                           (uint32_t)p->in_label >= nlabels))
    return glean_fail(err, GLEAN_EINVAL, "%s: label %ld unknown", where,
                      (long)p->in_label);
  c->flags_all = p->flags_all;
  c->flags_none = p->flags_none;
  c->flags_any = p->flags_any;
  c->negate = p->negate != 0;
  if (p->in_label >= 0) {
    size_t i;
    if (p->nin_labels > 0 && !p->in_labels)
      return glean_fail(err, GLEAN_EINVAL, "%s: in_labels is NULL", where);
    c->label_mask = (uint64_t)1 << p->in_label;
    for (i = 0; i < p->nin_labels; i++) {
      int32_t l = p->in_labels[i];
      if (l < 0 || (uint32_t)l >= nlabels)
        return glean_fail(err, GLEAN_EINVAL, "%s: label %ld unknown", where,
                          (long)l);
      c->label_mask |= (uint64_t)1 << l;
    }
    c->in_label_negate = p->in_label_negate != 0;
  }
  /* An empty word list is no test at all, like an absent one. */
  if (p->nwords > 0) {
    c->words = wordset_new(a, p->words, p->nwords, p->words_fold != 0,
                           where, err);
    if (!c->words) return err ? err->code : GLEAN_EINVAL;
    c->words_fold = p->words_fold != 0;
    c->words_negate = p->words_negate != 0;
  }
  if (p->regex) {
    glean_error rerr;
    unsigned opts = GLEAN_RE_WHOLE_;
    c->regex_caseless = p->regex_caseless != 0;
    if (c->regex_caseless) opts |= GLEAN_RE_CASELESS;
    c->re = glean_regex_new(p->regex, p->regex_len, opts, a, &rerr);
    if (!c->re) {
      cpred_clear(a, c);
      /* rerr.message already starts with "regex: " */
      return glean_fail(err, rerr.code, "%s: %s", where, rerr.message);
    }
    glean_regex_set_limits(c->re, ps->match_limit, ps->depth_limit);
    c->regex_src = glean_mem_alloc(a, p->regex_len + 1);
    if (!c->regex_src) {
      cpred_clear(a, c);
      return glean_fail(err, GLEAN_ENOMEM, "%s: out of memory", where);
    }
    memcpy(c->regex_src, p->regex, p->regex_len);
    c->regex_src[p->regex_len] = '\0';
    c->regex_len = p->regex_len;
    c->regex_negate = p->regex_negate != 0;
    regex_tail(c);
    regex_needs(c);
  }
  sig = mix64(c->flags_all ^ ((uint64_t)c->flags_none << 32));
  sig = mix64(sig ^ c->flags_any ^ c->label_mask);
  sig = mix64(sig ^ (c->words ? c->words->digest : 0));
  sig = mix64(sig ^ (c->re ? glean_hash_bytes(p->regex, p->regex_len) : 0));
  sig ^= (uint64_t)c->negate | (uint64_t)c->in_label_negate << 1 |
         (uint64_t)c->words_negate << 2 | (uint64_t)c->regex_negate << 3 |
         (uint64_t)c->regex_caseless << 4 | (uint64_t)c->words_fold << 5;
  c->sig = sig;
  c->flags_only = !c->label_mask && !c->words && !c->re;
  return GLEAN_OK;
}

int32_t glean_preds_intern(glean_preds *ps, const glean_pred *p,
                           uint32_t nlabels, const char *where,
                           glean_error *err) {
  glean_cpred c;
  size_t i;
  if (!p) {
    glean_fail(err, GLEAN_EINVAL, "%s: NULL predicate", where);
    return -1;
  }
  if (p->regex == NULL && p->regex_len > 0) {
    glean_fail(err, GLEAN_EINVAL, "%s: regex is NULL", where);
    return -1;
  }
  if (cpred_build(ps, p, nlabels, where, &c, err) != GLEAN_OK) return -1;
  for (i = 0; i < ps->n; i++)
    if (cpred_equal(&ps->items[i], &c)) {
      cpred_clear(ps->alloc, &c);
      return (int32_t)i;
    }
  if (ps->n >= INT32_MAX ||
      !glean_grow(ps->alloc, (void **)&ps->items, &ps->cap, ps->n + 1,
                  sizeof *ps->items)) {
    cpred_clear(ps->alloc, &c);
    glean_fail(err, GLEAN_ENOMEM, "%s: out of memory", where);
    return -1;
  }
  ps->items[ps->n] = c;
  return (int32_t)ps->n++;
}

/* ---- the word dictionary ----------------------------------------------- */

/* Are the n bytes at a and b the same? Inline for words of 4 to 8
 * bytes, most of them: two overlapping 4-byte loads each. */
static inline bool same_bytes(const char *a, const char *b, size_t n) {
  uint32_t a0, a1, b0, b1;
  if (n < 4 || n > 8) return memcmp(a, b, n) == 0;
  memcpy(&a0, a, 4);
  memcpy(&a1, a + n - 4, 4);
  memcpy(&b0, b, 4);
  memcpy(&b1, b + n - 4, 4);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* The entry holding bytes w (as stored: folded in the folding one). */
static uint32_t dict_find(const glean_dict *d, uint64_t h, const char *w,
                          size_t len, bool fold_token) {
  size_t i;
  if (d->n == 0) return UINT32_MAX;
  i = (size_t)h & (d->nslots - 1);
  for (;;) {
    uint32_t k = d->slots[i];
    const glean_dict_entry *e;
    if (k == 0) return UINT32_MAX;
    e = &d->e[k - 1];
    if (e->hash == h &&
        (fold_token ? fold_equal(w, len, d->bytes + e->off, e->len)
                    : e->len == len && same_bytes(d->bytes + e->off, w, len)))
      return k - 1;
    i = (i + 1) & (d->nslots - 1);
  }
}

/* Does some word of d have hash h? False for most tokens; a cheap test
 * before a probe. Word and bit come from bits the slots do not use. */
static inline bool dict_may_have(const glean_dict *d, uint64_t h) {
  return d->hbits[(h >> 40) & d->hbits_mask] >> ((h >> 34) & 63) & 1;
}

/* Bloom bit of a word by its first two bytes (0 when it has one) and
 * its length. */
static unsigned dict_bloom(unsigned char b0, unsigned char b1, size_t len) {
  uint32_t h = (uint32_t)b0 * 0x9E3779B1u ^ (uint32_t)b1 * 0x85EBCA77u ^
               (uint32_t)(len < 63 ? len : 63) * 0xC2B2AE3Du;
  return (h >> 20) & 4095u;
}

static unsigned dict_pair(unsigned char b0, unsigned char b1) {
  uint32_t h = (uint32_t)b0 * 0x9E3779B1u ^ (uint32_t)b1 * 0x85EBCA77u;
  return (h >> 20) & 4095u;
}

/* Adds the words of every set of dictionary `fold` (counting members
 * when count, filling them otherwise). */
static bool dict_fill(glean_preds *ps, int fold, bool count) {
  glean_dict *d = &ps->dict[fold];
  const glean_allocator *a = ps->alloc;
  size_t p, w;
  for (p = 0; p < ps->n; p++) {
    const glean_cpred *c = &ps->items[p];
    const glean_wordset *ws = c->words;
    if (!ws || c->words_fold != fold) continue;
    for (w = 0; w < ws->nwords; w++) {
      const char *b = ws->bytes + ws->off[w];
      uint32_t len = ws->off[w + 1] - ws->off[w];
      uint32_t k = dict_find(d, ws->hash[w], b, len, false);
      if (k == UINT32_MAX) {
        glean_dict_entry *e;
        size_t i;
        if (!count) return false;  /* cannot happen: pass 1 added all */
        if (!glean_grow(a, (void **)&d->e, &d->cap, d->n + 1, sizeof *d->e) ||
            !glean_grow(a, (void **)&d->bytes, &d->bytes_cap,
                        d->nbytes + len + 1, 1))
          return false;
        e = &d->e[d->n];
        e->hash = ws->hash[w];
        e->off = (uint32_t)d->nbytes;
        e->len = len;
        e->mfirst = e->mcount = 0;
        memcpy(d->bytes + d->nbytes, b, len);
        d->nbytes += len;
        if (len > 0) {
          unsigned bb = dict_bloom((unsigned char)b[0],
                                   len > 1 ? (unsigned char)b[1] : 0, len);
          d->lengths[(unsigned char)b[0]] |= (uint64_t)1
                                              << (len < 63 ? len : 63);
          d->bloom[bb / 64] |= (uint64_t)1 << (bb % 64);
          bb = dict_pair((unsigned char)b[0],
                         len > 1 ? (unsigned char)b[1] : 0);
          d->pairs[bb / 64] |= (uint64_t)1 << (bb % 64);
        }
        k = (uint32_t)d->n++;
        /* keep the table at most half full */
        if (2 * d->n > d->nslots) {
          size_t j, size = d->nslots ? 2 * d->nslots : 64;
          uint32_t *slots = glean_mem_alloc(a, size * sizeof *slots);
          if (!slots) return false;
          memset(slots, 0, size * sizeof *slots);
          glean_mem_free(a, d->slots, d->nslots * sizeof *d->slots);
          d->slots = slots;
          d->nslots = size;
          for (j = 0; j < d->n; j++) {
            i = (size_t)d->e[j].hash & (size - 1);
            while (slots[i]) i = (i + 1) & (size - 1);
            slots[i] = (uint32_t)j + 1;
          }
        } else {
          i = (size_t)e->hash & (d->nslots - 1);
          while (d->slots[i]) i = (i + 1) & (d->nslots - 1);
          d->slots[i] = k + 1;
        }
      }
      if (count)
        d->e[k].mcount++;
      else
        d->members[d->e[k].mfirst + d->e[k].mcount++] = c->set;
    }
  }
  return true;
}

glean_status glean_preds_index(glean_preds *ps, glean_error *err) {
  size_t p;
  uint32_t nsets = 0;
  int fold;
  for (p = 0; p < ps->n; p++)
    if (ps->items[p].words) ps->items[p].set = nsets++;
  for (fold = 0; fold < 2; fold++) {
    glean_dict *d = &ps->dict[fold];
    size_t k, total = 0;
    d->n = 0;
    d->nbytes = 0;
    memset(d->lengths, 0, sizeof d->lengths);
    memset(d->bloom, 0, sizeof d->bloom);
    memset(d->pairs, 0, sizeof d->pairs);
    if (d->slots) memset(d->slots, 0, d->nslots * sizeof *d->slots);
    if (!dict_fill(ps, fold, true)) goto oom;
    for (k = 0; k < d->n; k++) {
      d->e[k].mfirst = (uint32_t)total;
      total += d->e[k].mcount;
      d->e[k].mcount = 0;
    }
    if (!glean_grow(ps->alloc, (void **)&d->members, &d->members_cap,
                    total + 1, sizeof *d->members))
      goto oom;
    d->nmembers = total;
    /* sets are visited in id order: each member list comes out sorted */
    dict_fill(ps, fold, false);
    /* the hash filter: 16 bits per word */
    glean_mem_free(ps->alloc, d->hbits,
                   d->hbits ? (d->hbits_mask + 1) * sizeof *d->hbits : 0);
    d->hbits = NULL;
    d->hbits_mask = 0;
    if (d->n > 0) {
      size_t words = 1;
      while (words * 64 < 16 * d->n) words *= 2;
      d->hbits = glean_mem_alloc(ps->alloc, words * sizeof *d->hbits);
      if (!d->hbits) goto oom;
      memset(d->hbits, 0, words * sizeof *d->hbits);
      d->hbits_mask = words - 1;
      for (k = 0; k < d->n; k++) {
        uint64_t h = d->e[k].hash;
        d->hbits[(h >> 40) & d->hbits_mask] |= (uint64_t)1 << ((h >> 34) & 63);
      }
    }
    /* membership bits, while they stay small (a few MB at most) */
    d->setwords = (nsets + 63) / 64;
    if (d->n > 0 && d->setwords * d->n <= ((size_t)1 << 19)) {
      size_t need = d->setwords * d->n, m;
      if (need > d->setbits_cap) {
        glean_mem_free(ps->alloc, d->setbits,
                       d->setbits_cap * sizeof *d->setbits);
        d->setbits_cap = 0;
        d->setbits = glean_mem_alloc(ps->alloc, need * sizeof *d->setbits);
        if (!d->setbits) goto oom;
        d->setbits_cap = need;
      }
      memset(d->setbits, 0, need * sizeof *d->setbits);
      for (k = 0; k < d->n; k++)
        for (m = 0; m < d->e[k].mcount; m++) {
          uint32_t set = d->members[d->e[k].mfirst + m];
          d->setbits[k * d->setwords + set / 64] |= (uint64_t)1 << (set % 64);
        }
    } else {
      glean_mem_free(ps->alloc, d->setbits,
                     d->setbits_cap * sizeof *d->setbits);
      d->setbits = NULL;
      d->setbits_cap = 0;
    }
  }
  return GLEAN_OK;
oom:
  return glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
}

/* False when no word of d can be s, judging by first byte and length.
 * Folding keeps an ASCII token's length and maps its first byte simply;
 * other tokens are not filtered in the folding dictionary. */
static bool may_be_word(const glean_dict *d, const char *s, size_t len,
                        int fold) {
  unsigned char b = (unsigned char)s[0];
  unsigned char b1 = len > 1 ? (unsigned char)s[1] : 0;
  uint64_t bit = (uint64_t)1 << (len < 63 ? len : 63);
  unsigned bb;
  if (fold) {
    size_t i;
    /* ASCII folds to ASCII, byte for byte: two ASCII first bytes are
     * those of the folded token, whatever follows */
    if (b >= 'A' && b <= 'Z') b = (unsigned char)(b + 32);
    if (b1 >= 'A' && b1 <= 'Z') b1 = (unsigned char)(b1 + 32);
    if (b < 0x80 && b1 < 0x80) {
      bb = dict_pair(b, b1);
      if (!(d->pairs[bb / 64] >> (bb % 64) & 1)) return false;
    }
    for (i = 0; i < len; i++)
      if ((unsigned char)s[i] >= 0x80) return true;
  }
  if (!(d->lengths[b] & bit)) return false;
  bb = dict_bloom(b, b1, len);
  return (d->bloom[bb / 64] >> (bb % 64) & 1) != 0;
}

/* may_be_word for both dictionaries at once (and in the folding one a
 * test of the first byte alone, which may rule out tokens with other
 * bytes too), the tests joined by bit operations: as branches they
 * would mispredict every few tokens, which costs more than all of them
 * together. */
static inline bool may_be_either(const glean_dict *dx, const glean_dict *df,
                                 bool hf, const char *text, size_t start,
                                 size_t end) {
  const unsigned char *s = (const unsigned char *)text + start;
  size_t len = end - start;
  unsigned b = s[0], b1 = len > 1 ? s[1] : 0;
  unsigned sh = len < 63 ? (unsigned)len : 63;
  unsigned lb = b + ((b - 'A' < 26u) << 5), lb1 = b1 + ((b1 - 'A' < 26u) << 5);
  unsigned bx = dict_bloom((unsigned char)b, (unsigned char)b1, len);
  unsigned bf = dict_bloom((unsigned char)lb, (unsigned char)lb1, len);
  unsigned pf = dict_pair((unsigned char)lb, (unsigned char)lb1);
  uint64_t row = df->lengths[lb];
  unsigned ex = (unsigned)((dx->lengths[b] >> sh) &
                           (dx->bloom[bx / 64] >> (bx % 64)) & 1);
  unsigned fo = (unsigned)((row >> sh) & (df->bloom[bf / 64] >> (bf % 64)) &
                           1);
  unsigned pair = (unsigned)(df->pairs[pf / 64] >> (pf % 64) & 1) |
                  (lb1 >= 0x80);
  /* folded: a token beginning with non-ASCII passes; one beginning
   * with ASCII needs its first two bytes folded (when ASCII) and a word
   * of its first byte, and its length counts only if it is all ASCII */
  fo = ((fo | glean_token_non_ascii(text, start, end)) & pair & (row != 0)) |
       (b >= 0x80);
  return (ex | (fo & hf)) != 0;
}

/* The dictionary entry of token i, or UINT32_MAX. */
static inline uint32_t word_lookup(const glean_dict *d, const glean_tokview *tv,
                                   size_t i, int fold) {
  const glean_token *t = &tv->toks[i];
  const char *s = tv->text + t->start;
  size_t len = t->end - t->start;
  if (d->n == 0) return UINT32_MAX;
  if (tv->hashes) {
    /* A token the lexicons hashed already is looked up at once; for
     * another, the cheap test may spare hashing it. */
    const glean_tokhash *th = &tv->hashes->h[i - tv->hashes->base];
    uint64_t h;
    if (th->exact == 0 && !may_be_word(d, s, len, fold)) return UINT32_MAX;
    th = glean_hashes_get(tv->hashes, i);
    h = fold ? th->fold : th->exact;
    return dict_may_have(d, h) ? dict_find(d, h, s, len, fold != 0)
                               : UINT32_MAX;
  }
  if (!may_be_word(d, s, len, fold)) return UINT32_MAX;
  return fold ? dict_find(d, glean_hash_folded(s, len), s, len, true)
              : dict_find(d, glean_hash_bytes(s, len), s, len, false);
}

uint32_t glean_preds_token_word(const glean_preds *ps, glean_tokview *tv,
                                size_t i, int fold) {
  uint32_t *cache = fold ? tv->word_fold : tv->word_exact;
  uint32_t k;
  if (cache[i]) return cache[i] == 1 ? UINT32_MAX : cache[i] - 2;
  k = word_lookup(&ps->dict[fold ? 1 : 0], tv, i, fold);
  cache[i] = k == UINT32_MAX ? 1 : k + 2;
  return k;
}

void glean_preds_fill_words(const glean_preds *ps, glean_tokview *tv) {
  const glean_dict *dx = &ps->dict[0], *df = &ps->dict[1];
  const glean_hashes *hs = tv->hashes;
  /* locals: the stores below could alias the fields in the compiler's
   * eyes, which would reload them at every token */
  const glean_token *toks = tv->toks;
  const char *text = tv->text;
  uint32_t *wx = tv->word_exact, *wf = tv->word_fold;
  size_t i, n = tv->ntoks;
  bool hx = dx->n > 0, hf = df->n > 0;
  if (hs == NULL) {
    for (i = 0; i < n; i++) {
      uint32_t kx = word_lookup(dx, tv, i, 0), kf = word_lookup(df, tv, i, 1);
      wx[i] = kx == UINT32_MAX ? 1 : kx + 2;
      wf[i] = kf == UINT32_MAX ? 1 : kf + 2;
    }
    return;
  }
  for (i = 0; i < n; i++) {
    /* both dictionaries from one look at the token's hashes; a token
     * the lexicons did not hash is hashed only if it may be a word */
    const char *s = text + toks[i].start;
    size_t len = toks[i].end - toks[i].start;
    const glean_tokhash *th = &hs->h[i - hs->base];
    uint32_t kx = UINT32_MAX, kf = UINT32_MAX;
    if (th->exact != 0 ||
        may_be_either(dx, df, hf, text, toks[i].start, toks[i].end)) {
      th = glean_hashes_get(hs, i);
      if (hx && dict_may_have(dx, th->exact))
        kx = dict_find(dx, th->exact, s, len, false);
      if (hf && dict_may_have(df, th->fold))
        kf = dict_find(df, th->fold, s, len, true);
    }
    wx[i] = kx == UINT32_MAX ? 1 : kx + 2;
    wf[i] = kf == UINT32_MAX ? 1 : kf + 2;
  }
}

bool glean_preds_word_required(const glean_preds *ps, uint32_t id) {
  const glean_cpred *c = &ps->items[id];
  return c->words && !c->words_negate && !c->negate;
}

bool glean_preds_label_required(const glean_preds *ps, uint32_t id,
                                uint64_t *labels) {
  const glean_cpred *c = &ps->items[id];
  *labels = c->label_mask;
  return c->label_mask && !c->in_label_negate && !c->negate;
}

glean_anchor glean_preds_anchor(const glean_preds *ps, uint32_t id) {
  glean_anchor a = {UINT32_MAX, 0, false};
  uint64_t labels;
  if (glean_preds_word_required(ps, id))
    a.pred = id;
  else if (glean_preds_label_required(ps, id, &labels))
    a.labels = labels;
  return a;
}

/* ---- evaluation -------------------------------------------------------- */

int glean_preds_eval(const glean_preds *ps, uint32_t id, glean_tokview *tv,
                     size_t i, glean_error *err) {
  const glean_cpred *c = &ps->items[id];
  const glean_token *t = &tv->toks[i];
  uint32_t f = t->flags;
  int ok = 1;
  if ((f & c->flags_all) != c->flags_all || (f & c->flags_none) != 0 ||
      (c->flags_any && (f & c->flags_any) == 0)) {
    ok = 0;
  } else if (c->label_mask &&
             ((tv->begin[i] | tv->inside[i]) & c->label_mask ? 1 : 0) ==
                 c->in_label_negate) {
    ok = 0;
  } else if (c->words) {
    uint32_t e = glean_token_word(ps, tv, i, c->words_fold);
    bool in = e != UINT32_MAX && glean_preds_in_set(ps, c->words_fold, e,
                                                    c->set);
    if (in == (c->words_negate != 0)) ok = 0;
  }
  if (ok && c->re) {
    int m;
    size_t tl = c->re_tail_len, len = t->end - t->start;
    uint32_t k;
    if (tl && !glean_preds_tail_ok(c, tv->text, t->start, t->end))
      return (c->regex_negate == 0 ? 0 : 1) ^ c->negate;
    for (k = 0; k < c->re_nneed; k++)
      if (!memchr(tv->text + t->start, c->re_need[k], len))
        return (c->regex_negate == 0 ? 0 : 1) ^ c->negate;
    m = glean_regex_full(c->re, tv->text + t->start, t->end - t->start,
                             err);
    if (m < 0) return -1;
    if (m == c->regex_negate) ok = 0;
  }
  return ok ^ c->negate;
}

int glean_preds_eval_seq(const glean_preds *ps, const uint32_t *ids,
                         size_t n, glean_tokview *tv, size_t first,
                         glean_error *err) {
  size_t k;
  if (first > tv->ntoks || n > tv->ntoks - first) return 0;
  for (k = 0; k < n; k++) {
    int r = glean_preds_eval(ps, ids[k], tv, first + k, err);
    if (r <= 0) return r;
  }
  return 1;
}

int glean_context_before_ok(const glean_preds *ps, const glean_rule_info *r,
                            glean_tokview *tv, size_t first,
                            glean_error *err) {
  int m;
  if (r->nbefore) {
    if (first < r->nbefore) return 0;  /* out of the document: no match */
    m = glean_preds_eval_seq(ps, r->before, r->nbefore, tv,
                             first - r->nbefore, err);
    if (m <= 0) return m;
  }
  if (r->nnot_before && first >= r->nnot_before) {
    m = glean_preds_eval_seq(ps, r->not_before, r->nnot_before, tv,
                             first - r->nnot_before, err);
    if (m != 0) return m < 0 ? -1 : 0;
  }
  return 1;
}

int glean_context_after_ok(const glean_preds *ps, const glean_rule_info *r,
                           glean_tokview *tv, size_t last, glean_error *err) {
  int m;
  if (r->nafter) {
    m = glean_preds_eval_seq(ps, r->after, r->nafter, tv, last, err);
    if (m <= 0) return m;
  }
  if (r->nnot_after) {
    m = glean_preds_eval_seq(ps, r->not_after, r->nnot_after, tv, last, err);
    if (m != 0) return m < 0 ? -1 : 0;
  }
  return 1;
}
