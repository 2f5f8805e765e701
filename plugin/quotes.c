/* quotes.c — pairs quotation marks, paragraph by paragraph.
 *
 * Each paragraph is one left-to-right pass with a small stack of open
 * marks (at most QUOTE_MAX_DEPTH). A closing mark closes the nearest open
 * mark of its family; marks it skips over were strays and are dropped.
 * Whatever is still open when the paragraph ends is dropped too, except
 * one mark that the next paragraph continues (news style: every paragraph
 * of a long quotation opens with a mark, only the last one closes) and
 * that no quote of its own family closed inside of (“a “b” c hints that
 * the first mark was a stray). So a stray mark never reaches past its
 * paragraph, and the work is linear.
 *
 * Families: double (" “ ” „ ‟), single (' ‘ ’ ‚ ‛), guillemets (« ») and
 * single guillemets (‹ ›). Single guillemets only pair with each other but
 * are reported as GLEAN_QF_SINGLE, the nested role they play in French.
 * „ and ‚ are closed by “ ” and ‘ ’ (German and Polish styles); »…« and
 * ›…‹ (German, Danish) are recognised when » or › cannot close anything
 * and stands where an opening mark would. ” closes, and opens only where
 * nothing is open and an opening mark stands: before a word, after a
 * space or at a paragraph's start (a slip of web copy; the Swedish ”…”
 * style is read the same way).
 *
 * Apostrophes: ’ and ' after a word ending in s ("voters’ choice") or
 * inside a word close a single quote only when it is the innermost open
 * mark and no later mark in the paragraph could close it instead; ’ and '
 * after a space, and ‘ or ' before a digit or an elision ('90s, 'em),
 * are apostrophes. A single quote that finds no closing mark is dropped
 * like any other stray.
 */
#include <string.h>
#include "internal.h"

/* Deeper nesting does not occur in prose; marks past it are not quotes. */
#define QUOTE_MAX_DEPTH 16
/* Paragraphs with at most this many opening marks pair them without a
 * heap allocation (and with at most this many marks, read each once). */
#define SMALL_QUOTES 64

enum { FAM_DOUBLE = 1, FAM_SINGLE, FAM_GUILL, FAM_SGUILL };

/* What a glyph may do, before looking at its neighbours. */
enum {
  G_STRAIGHT,  /* " ' : direction comes from the flanking characters */
  G_OPEN,      /* ‟ ‛ : opens */
  G_HIGH,      /* “ ‘ : opens, or closes a low mark („ ‚) */
  G_LOW,       /* „ ‚ : opens */
  G_CLOSE,     /* ” ’ : closes */
  G_LEFT,      /* « ‹ : opens, or closes a reversed » › */
  G_RIGHT      /* » › : closes, or opens reversed (German style) */
};

enum { ST_PENDING, ST_CLOSED, ST_OPEN, ST_DROPPED };

/* An opening mark while its paragraph is being paired. */
typedef struct entry {
  uint32_t open, close;
  int32_t up;        /* entry below it on the stack when pushed, or -1 */
  int32_t out;       /* its index in the output once emitted */
  uint8_t fam;
  uint8_t glyph;     /* glyph of the opening mark */
  uint8_t state;     /* ST_* */
  uint8_t cont;      /* continues the previous paragraph's quotation */
  uint8_t tainted;   /* a quote of its own family closed inside it */
} entry;

/* A mark and what its neighbours allow. */
typedef struct mark {
  uint8_t fam, glyph;
  bool apos_glyph;   /* ' or ’ */
  bool left_space;   /* paragraph start, space, ( [ { dash or colon */
  bool left_quote;   /* a quote mark right before it */
  bool left_word;    /* a word or number right before it */
  bool left_s;       /* ... and that word ends in s */
  bool right_space;  /* paragraph end or space after it */
  bool right_punct;  /* punctuation or a mark right after it */
  bool right_word;   /* a word or number right after it */
  bool no_open;      /* before a digit or elision: '90s 'em */
} mark;

typedef struct pairing {
  const char *text;
  glean_token *toks;
  const glean_allocator *a;
  entry *ents;       /* small_ents until more are needed */
  size_t nents, cap;
  entry small_ents[SMALL_QUOTES];
  /* Tokens flagged QUOTE, in text order: only they can be marks. */
  const uint32_t *quotes;
  size_t nquotes;
  int32_t stack[QUOTE_MAX_DEPTH];
  size_t depth;
  /* Continuation from the previous paragraph: its group and family. */
  int32_t pending_group;
  uint8_t pending_fam;
} pairing;

/* Family and glyph of a one-character token, by its bytes. */
static bool mark_glyph(const char *s, size_t len, uint8_t *fam,
                       uint8_t *glyph)
{
  const unsigned char *u = (const unsigned char *)s;
  if (len == 1 && (u[0] == '"' || u[0] == '\'')) {
    *fam = u[0] == '"' ? FAM_DOUBLE : FAM_SINGLE;
    *glyph = G_STRAIGHT;
    return true;
  }
  if (len == 2 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) {
    *fam = FAM_GUILL;
    *glyph = u[1] == 0xAB ? G_LEFT : G_RIGHT;
    return true;
  }
  if (len != 3 || u[0] != 0xE2 || u[1] != 0x80) return false;
  switch (u[2]) {
  case 0x98: *fam = FAM_SINGLE; *glyph = G_HIGH; return true;   /* ‘ */
  case 0x99: *fam = FAM_SINGLE; *glyph = G_CLOSE; return true;  /* ’ */
  case 0x9A: *fam = FAM_SINGLE; *glyph = G_LOW; return true;    /* ‚ */
  case 0x9B: *fam = FAM_SINGLE; *glyph = G_OPEN; return true;   /* ‛ */
  case 0x9C: *fam = FAM_DOUBLE; *glyph = G_HIGH; return true;   /* “ */
  case 0x9D: *fam = FAM_DOUBLE; *glyph = G_CLOSE; return true;  /* ” */
  case 0x9E: *fam = FAM_DOUBLE; *glyph = G_LOW; return true;    /* „ */
  case 0x9F: *fam = FAM_DOUBLE; *glyph = G_OPEN; return true;   /* ‟ */
  case 0xB9: *fam = FAM_SGUILL; *glyph = G_LEFT; return true;   /* ‹ */
  case 0xBA: *fam = FAM_SGUILL; *glyph = G_RIGHT; return true;  /* › */
  default: return false;
  }
}

static bool tok_is_mark(const char *text, const glean_token *t)
{
  uint8_t fam, glyph;
  return mark_glyph(text + t->start, t->end - t->start, &fam, &glyph);
}

static bool tok_adjacent(const glean_token *t)
{
  return (t->flags & (GLEAN_TF_SPACE_BEFORE | GLEAN_TF_LINE_START)) == 0;
}

/* ASCII case-insensitive comparison of a token with a lowercase word of
 * n bytes. */
static bool tok_word(const char *text, const glean_token *t, const char *w,
                     size_t n)
{
  size_t i;
  if (t->end - t->start != n) return false;
  for (i = 0; i < n; i++) {
    char c = text[t->start + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != w[i]) return false;
  }
  return true;
}

/* Words that follow an apostrophe standing for dropped letters. */
static bool is_elision(const char *text, const glean_token *t)
{
  static const char *const words[] = {
    "em", "til", "tis", "twas", "cause", "cos", "n", "bout", "round"
  };
  static const unsigned char lens[] = {2, 3, 3, 4, 5, 3, 1, 4, 5};
  _Static_assert(sizeof lens == sizeof words / sizeof *words,
                 "a length for each word");
  size_t i, n = t->end - t->start;
  if (n > 5) return false;  /* longer than any of them */
  for (i = 0; i < sizeof words / sizeof *words; i++)
    if (tok_word(text, t, words[i], lens[i])) return true;
  return false;
}

/* Tokens after which an opening mark may stand without a space. */
static bool opens_context(const char *text, const glean_token *t)
{
  const char *s = text + t->start;
  size_t len = t->end - t->start;
  if (t->flags & GLEAN_TF_DASH) return true;
  if (len == 1 && (s[0] == '(' || s[0] == '[' || s[0] == '{' ||
                   s[0] == '-' || s[0] == ':' || s[0] == '/'))
    return true;
  return false;
}

/* Reads token i of the paragraph [first, last) as a mark; false when it
 * is not a pairable quotation mark. */
static bool read_mark(const char *text, const glean_token *toks, size_t i,
                      size_t first, size_t last, mark *m)
{
  const glean_token *t = &toks[i];
  const uint32_t wordish = GLEAN_TF_WORD | GLEAN_TF_DIGIT | GLEAN_TF_ALNUM;
  memset(m, 0, sizeof *m);
  if (!mark_glyph(text + t->start, t->end - t->start, &m->fam, &m->glyph))
    return false;
  m->apos_glyph = m->fam == FAM_SINGLE &&
                  (m->glyph == G_STRAIGHT || m->glyph == G_CLOSE);
  if (i == first || !tok_adjacent(t)) {
    m->left_space = true;
  } else {
    const glean_token *p = &toks[i - 1];
    m->left_space = opens_context(text, p);
    m->left_quote = tok_is_mark(text, p);
    m->left_word = (p->flags & wordish) != 0;
    if (m->left_word && (p->flags & GLEAN_TF_WORD)) {
      char c = text[p->end - 1];
      m->left_s = c == 's' || c == 'S';
    }
  }
  if (i + 1 >= last || !tok_adjacent(&toks[i + 1])) {
    m->right_space = true;
  } else {
    const glean_token *n = &toks[i + 1];
    const char *s = text + n->start;
    bool opener = n->end - n->start == 1 &&
                  (s[0] == '(' || s[0] == '[' || s[0] == '{');
    m->right_word = (n->flags & wordish) != 0;
    m->right_punct = !m->right_word && !opener &&
                     !(n->flags & GLEAN_TF_CURRENCY) &&
                     ((n->flags & (GLEAN_TF_PUNCT | GLEAN_TF_DASH |
                                   GLEAN_TF_QUOTE)) ||
                      tok_is_mark(text, n));
    if (m->fam == FAM_SINGLE)
      m->no_open = (n->flags & GLEAN_TF_DIGIT) || is_elision(text, n);
  }
  return true;
}

/* Flanked like a closing mark: text before it, space or punctuation
 * after it. */
static bool can_close(const mark *m)
{
  return !m->left_space && (m->right_space || m->right_punct);
}

/* An apostrophe-looking ' or ’ that closes only when nothing else can. */
static bool weak_close(const mark *m)
{
  return m->left_s || (m->left_word && m->right_word);
}

/* Could this mark close a single quote? Counted per paragraph so a weak
 * closer knows whether a later one exists. */
static bool single_closer(const mark *m)
{
  if (!m->apos_glyph) return false;
  if (m->glyph == G_CLOSE) return !m->left_space;
  return can_close(m) || (m->left_word && m->right_word);
}

/* Does the paragraph [first, last) open with a mark? Returns its family
 * or 0. Mirrors the decisions pair_paragraph makes on its first token. */
static uint8_t paragraph_opener(const char *text, const glean_token *toks,
                                size_t first, size_t last)
{
  mark m;
  if (first >= last || !read_mark(text, toks, first, first, last, &m))
    return 0;
  if (m.fam == FAM_SINGLE && m.no_open && m.glyph != G_LOW) return 0;
  switch (m.glyph) {
  case G_CLOSE: return 0;
  case G_STRAIGHT:
  case G_RIGHT: return m.right_space ? 0 : m.fam;
  default: return m.fam;
  }
}

/* Stack position of the nearest open entry of family fam, or -1. */
static long find_open(const pairing *p, uint8_t fam)
{
  size_t k = p->depth;
  while (k-- > 0)
    if (p->ents[p->stack[k]].fam == fam) return (long)k;
  return -1;
}

/* Closes the entry at stack position pos with token tok; the entries
 * above it were never closed and are dropped. */
static void close_at(pairing *p, long pos, uint32_t tok)
{
  uint8_t fam = p->ents[p->stack[pos]].fam;
  long k;
  /* “a “b” c: an outer mark of the same family is likely a stray, so it
   * may not run on into the next paragraph. */
  for (k = 0; k < pos; k++)
    if (p->ents[p->stack[k]].fam == fam) p->ents[p->stack[k]].tainted = 1;
  while (p->depth > (size_t)pos + 1)
    p->ents[p->stack[--p->depth]].state = ST_DROPPED;
  p->depth--;
  p->ents[p->stack[p->depth]].state = ST_CLOSED;
  p->ents[p->stack[p->depth]].close = tok;
}

/* Room for one more entry; false when out of memory. */
static bool grow_ents(pairing *p)
{
  if (p->ents == p->small_ents) {
    entry *heap = glean_mem_alloc(p->a, 2 * SMALL_QUOTES * sizeof *heap);
    if (heap == NULL) return false;
    memcpy(heap, p->small_ents, sizeof p->small_ents);
    p->ents = heap;
    p->cap = 2 * SMALL_QUOTES;
    return true;
  }
  return glean_grow(p->a, (void **)&p->ents, &p->cap, p->nents + 1,
                    sizeof *p->ents);
}

/* Pushes an opening mark; false on allocation failure. A mark past the
 * depth limit is simply not a quote. */
static bool push(pairing *p, uint32_t tok, const mark *m, uint8_t glyph,
                 bool cont)
{
  entry *e;
  if (p->depth == QUOTE_MAX_DEPTH) return true;
  if (p->nents == p->cap && !grow_ents(p)) return false;
  e = &p->ents[p->nents];
  e->open = tok;
  e->close = UINT32_MAX;
  e->up = p->depth > 0 ? p->stack[p->depth - 1] : -1;
  e->out = -1;
  e->fam = m->fam;
  e->glyph = glyph;
  e->state = ST_PENDING;
  e->cont = cont;
  e->tainted = 0;
  p->stack[p->depth++] = (int32_t)p->nents++;
  return true;
}

/* Decides what one mark does. later_single says whether a later mark of
 * the paragraph could still close a single quote. Returns false on
 * allocation failure. */
static bool place_mark(pairing *p, uint32_t tok, const mark *m,
                       bool prev_opened, bool later_single, bool cont)
{
  long pos = find_open(p, m->fam);
  bool top = pos >= 0 && (size_t)pos + 1 == p->depth;
  const entry *e = pos >= 0 ? &p->ents[p->stack[pos]] : NULL;

  switch (m->glyph) {
  case G_STRAIGHT: {
    bool left_open = m->left_space || (m->left_quote && prev_opened);
    bool weak = m->fam == FAM_SINGLE && weak_close(m);
    bool weak_ok = top && !later_single;
    /* The second ' of a typewriter double mark ('') that just opened:
     * it opens too, even before a digit (''27 companies ...''), and
     * never closes the first, which would leave an empty quotation. */
    bool doubled = top && e->open + 1 == tok && e->glyph == G_STRAIGHT;
    if (e != NULL && !doubled && can_close(m) && (!weak || weak_ok)) {
      close_at(p, pos, tok);
      return true;
    }
    if (left_open && !m->right_space && (!m->no_open || doubled))
      return push(p, tok, m, m->glyph, cont);
    /* Glued on both sides (he said"no"): close what is open, if any. */
    if (e != NULL && !doubled && !m->left_space && !m->right_space &&
        (!weak || weak_ok))
      close_at(p, pos, tok);
    return true;
  }
  case G_CLOSE:
    if (m->fam == FAM_SINGLE) {
      if (m->left_space || e == NULL) return true;
      if (weak_close(m) && !(top && !later_single)) return true;
    }
    if (e != NULL) {
      close_at(p, pos, tok);
    } else if (m->left_space && m->right_word) {
      /* ” where an opening mark stands, with nothing open: a slip of
       * web copy ("”Fear. I am afraid,” she said"), read as “. */
      return push(p, tok, m, G_HIGH, cont);
    }
    return true;
  case G_HIGH:
    if (e != NULL && e->glyph == G_LOW) {
      close_at(p, pos, tok);
      return true;
    }
    if (m->no_open) return true;
    return push(p, tok, m, m->glyph, cont);
  case G_OPEN:
  case G_LOW:
    if (m->no_open && m->glyph != G_LOW) return true;
    return push(p, tok, m, m->glyph, cont);
  case G_LEFT:
    if (e != NULL && e->glyph == G_RIGHT) {
      close_at(p, pos, tok);
      return true;
    }
    return push(p, tok, m, m->glyph, cont);
  case G_RIGHT:
    if (e != NULL && e->glyph == G_LEFT) {
      close_at(p, pos, tok);
      return true;
    }
    if (m->left_space && !m->right_space)
      return push(p, tok, m, m->glyph, cont);
    return true;
  default:
    return true;
  }
}

/* Index of the nearest kept ancestor of entry k, or -1. The chain is at
 * most QUOTE_MAX_DEPTH long. */
static int32_t kept_parent(const pairing *p, int32_t k)
{
  int32_t up = p->ents[k].up;
  while (up >= 0 && (p->ents[up].state == ST_DROPPED ||
                     p->ents[up].state == ST_PENDING))
    up = p->ents[up].up;
  return up;
}

static uint8_t public_family(uint8_t fam)
{
  switch (fam) {
  case FAM_DOUBLE: return GLEAN_QF_DOUBLE;
  case FAM_GUILL: return GLEAN_QF_GUILLEMET;
  default: return GLEAN_QF_SINGLE;
  }
}

/* Appends the kept entries of a paragraph, in the order they opened. */
static glean_status emit(pairing *p, const glean_range *para,
                         int32_t group_in, glean_quote **out, size_t *nout,
                         size_t *cap, glean_error *err)
{
  size_t k;
  for (k = 0; k < p->nents; k++) {
    entry *e = &p->ents[k];
    glean_quote *q;
    int32_t parent;
    if (e->state != ST_CLOSED && e->state != ST_OPEN) continue;
    if (*nout >= (size_t)INT32_MAX)
      return glean_fail(err, GLEAN_ELIMIT, "quotes: too many quotations");
    if (*nout == *cap &&
        !glean_grow(p->a, (void **)out, cap, *nout + 1, sizeof **out))
      return glean_fail(err, GLEAN_ENOMEM, "quotes: out of memory");
    e->out = (int32_t)*nout;
    q = &(*out)[(*nout)++];
    parent = kept_parent(p, (int32_t)k);
    q->open = e->open;
    q->close = e->close;
    q->start = p->toks[e->open].start;
    q->closed = e->state == ST_CLOSED;
    q->end = q->closed ? p->toks[e->close].end : p->toks[para->last - 1].end;
    q->parent = parent >= 0 ? p->ents[parent].out : -1;
    q->depth = q->parent >= 0 ? (uint8_t)((*out)[q->parent].depth + 1) : 0;
    q->group = e->cont && group_in >= 0 ? group_in : e->out;
    q->family = public_family(e->fam);
    p->toks[e->open].flags |= GLEAN_TF_QUOTE_OPEN;
    if (q->closed) p->toks[e->close].flags |= GLEAN_TF_QUOTE_CLOSE;
  }
  return GLEAN_OK;
}

/* Pairs the marks of one paragraph, given its tokens flagged QUOTE
 * (quotes[0..nq)); next_fam is the family of the mark that opens the
 * next paragraph (0 when none). */
static glean_status pair_paragraph(pairing *p, const glean_range *para,
                                   const uint32_t *quotes, size_t nq,
                                   uint8_t next_fam, glean_quote **out,
                                   size_t *nout, size_t *cap,
                                   glean_error *err)
{
  size_t i, k, singles = 0, seen = 0;
  uint32_t last_opened = UINT32_MAX;
  int32_t group_in = p->pending_group;
  long keep = -1;
  glean_status st;
  mark mk;
  /* The first SMALL_QUOTES marks as read by the first pass, for the
   * second (is_mark[k]: quotes[k] is a pairable mark). */
  mark marks[SMALL_QUOTES];
  bool is_mark[SMALL_QUOTES];

  p->nents = 0;
  p->depth = 0;
  /* First pass: how many marks could close a single quote. */
  for (k = 0; k < nq; k++) {
    bool ok = read_mark(p->text, p->toks, quotes[k], para->first,
                        para->last, &mk);
    if (k < SMALL_QUOTES) {
      is_mark[k] = ok;
      if (ok) marks[k] = mk;
    }
    if (ok && single_closer(&mk)) singles++;
  }

  for (k = 0; k < nq; k++) {
    bool cont, later;
    size_t before = p->nents;
    const mark *m = &mk;
    i = quotes[k];
    if (k < SMALL_QUOTES) {
      if (!is_mark[k]) continue;
      m = &marks[k];
    } else if (!read_mark(p->text, p->toks, i, para->first, para->last,
                          &mk)) {
      continue;
    }
    p->toks[i].flags &= ~(uint32_t)(GLEAN_TF_QUOTE_OPEN |
                                    GLEAN_TF_QUOTE_CLOSE);
    if (single_closer(m)) seen++;
    later = seen < singles;
    cont = i == para->first && group_in >= 0 && m->fam == p->pending_fam;
    if (!place_mark(p, (uint32_t)i, m,
                    last_opened != UINT32_MAX && last_opened + 1 == i,
                    later, cont))
      return glean_fail(err, GLEAN_ENOMEM, "quotes: out of memory");
    if (p->nents > before) last_opened = (uint32_t)i;
  }

  /* Still open at the end: one mark may go on in the next paragraph (the
   * outermost of that family, unless a quote of the same family closed
   * inside it); a piece that itself continued one is the quotation's
   * last piece; the rest were strays. */
  if (next_fam != 0)
    for (i = 0; i < p->depth && keep < 0; i++)
      if (p->ents[p->stack[i]].fam == next_fam &&
          !p->ents[p->stack[i]].tainted)
        keep = (long)i;
  for (i = 0; i < p->depth; i++) {
    entry *e = &p->ents[p->stack[i]];
    e->state = ((long)i == keep || e->cont) ? ST_OPEN : ST_DROPPED;
  }

  st = emit(p, para, group_in, out, nout, cap, err);
  if (st != GLEAN_OK) return st;

  p->pending_group = -1;
  p->pending_fam = 0;
  if (keep >= 0) {
    const entry *e = &p->ents[p->stack[keep]];
    p->pending_group = e->cont && group_in >= 0 ? group_in : e->out;
    p->pending_fam = e->fam;
  }
  return GLEAN_OK;
}

/* Index of the first QUOTE token at or after token `from`. */
static size_t first_quote_from(const pairing *p, uint32_t from)
{
  size_t lo = 0, hi = p->nquotes;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->quotes[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

glean_status glean_pair_quotes(const char *text, glean_token *toks,
                               size_t ntoks, const glean_range *paras,
                               size_t nparas, const uint32_t *marks,
                               size_t nmarks, const glean_allocator *a,
                               glean_quote **out, size_t *nout, size_t *cap,
                               glean_error *err)
{
  pairing p;
  glean_range whole;
  glean_status st = GLEAN_OK;
  size_t k, qpos = 0, paired = SIZE_MAX;

  /* Every mark is a token of its own that the tokenizer flags QUOTE:
   * the caller lists them (the document's structure pass does, on its
   * way), and a paragraph without any costs nothing more. */
  if (ntoks == 0 || nmarks == 0) return GLEAN_OK;
  if (text == NULL || toks == NULL || marks == NULL || out == NULL ||
      nout == NULL || cap == NULL)
    return glean_fail(err, GLEAN_EINVAL, "quotes: missing argument");
  if (ntoks > UINT32_MAX)
    return glean_fail(err, GLEAN_ELIMIT, "quotes: too many tokens");
  /* Without paragraphs the whole text is one. */
  if (paras == NULL || nparas == 0) {
    whole.first = 0;
    whole.last = (uint32_t)ntoks;
    whole.start = toks[0].start;
    whole.end = toks[ntoks - 1].end;
    paras = &whole;
    nparas = 1;
  }

  /* Field by field: zeroing small_ents would cost more than pairing. */
  p.nents = 0;
  p.depth = 0;
  p.pending_fam = 0;
  p.text = text;
  p.toks = toks;
  p.a = a;
  p.pending_group = -1;
  p.ents = p.small_ents;
  p.cap = SMALL_QUOTES;
  p.quotes = marks;
  p.nquotes = nmarks;
  /* Most paragraphs have no marks: the loop goes from mark to mark and
   * finds each one's paragraph (paragraphs come in text order and do
   * not overlap, as a document's do), rather than looking at every
   * paragraph for marks. A paragraph without marks ends any quotation
   * that the one before it left open. */
  k = 0;
  while (qpos < p.nquotes && st == GLEAN_OK) {
    uint32_t m = p.quotes[qpos];
    glean_range para;
    uint8_t next_fam = 0;
    size_t q0, q1;
    while (k < nparas && (paras[k].last <= m || paras[k].first >= ntoks))
      k++;
    if (k == nparas) break;  /* no paragraph holds the marks left */
    para = paras[k];
    if (para.last > ntoks) para.last = (uint32_t)ntoks;
    if (k != paired + 1) p.pending_group = -1;
    if (para.first > m) {
      /* m stands between paragraphs: no mark of its own. */
      qpos = first_quote_from(&p, para.first);
      continue;
    }
    q0 = qpos;
    q1 = q0 + 1;
    while (q1 < p.nquotes && p.quotes[q1] < para.last) q1++;
    qpos = q1;
    if (k + 1 < nparas && paras[k + 1].first < paras[k + 1].last &&
        paras[k + 1].last <= ntoks)
      next_fam = paragraph_opener(text, toks, paras[k + 1].first,
                                  paras[k + 1].last);
    st = pair_paragraph(&p, &para, p.quotes + q0, q1 - q0, next_fam, out,
                        nout, cap, err);
    paired = k++;
  }
  if (p.ents != p.small_ents)
    glean_mem_free(a, p.ents, p.cap * sizeof *p.ents);
  return st;
}
