/* glean.h — public C API of the glean extraction engine (no Lua needed).
 *
 * The engine turns a UTF-8 text into a document (tokens, sentences,
 * paragraphs, paired quotation marks, numbers), looks phrases up in
 * lexicons, and matches compiled token patterns and regexes over it.
 *
 * Conventions
 *  - Offsets are bytes into the caller's text, 0-based, end exclusive.
 *    Token indexes are 0-based, ranges [first, last) are end exclusive.
 *    Texts are limited to GLEAN_MAX_TEXT bytes so offsets fit in 32 bits.
 *  - No global state: every object is owned by the caller and may be used
 *    from one thread at a time; distinct objects may be used concurrently.
 *    Compiled objects (lexicon, ruleset) are read-only during a scan, except
 *    for the ruleset's scratch space, so give each thread its own ruleset.
 *  - Functions that can fail take a glean_error*, fill it, and return NULL
 *    or a status other than GLEAN_OK. The engine never prints, aborts or
 *    exits.
 *  - Memory goes through a glean_allocator (NULL means malloc/free).
 */
#ifndef GLEAN_H
#define GLEAN_H

#include <stddef.h>
#include <stdint.h>

#define GLEAN_VERSION "0.1.0"

/* 32-bit offsets keep a token at 12 bytes; 4 GiB texts are out of scope. */
#define GLEAN_MAX_TEXT ((size_t)UINT32_MAX - 1)

/* ---- errors and allocation -------------------------------------------- */

typedef enum glean_status {
  GLEAN_OK = 0,
  GLEAN_ENOMEM,   /* allocation failed */
  GLEAN_EINVAL,   /* bad argument or malformed rule / entry */
  GLEAN_ELIMIT,   /* a limit was hit (text size, regex match limit, ...) */
  GLEAN_EREGEX,   /* a regex failed to compile or to run */
  GLEAN_EIO       /* a file could not be read */
} glean_status;

typedef struct glean_error {
  glean_status code;
  char message[256];
} glean_error;

/* Same contract as lua_Alloc: nsize == 0 frees and returns NULL;
 * otherwise (re)allocates and returns NULL on failure. */
typedef void *(*glean_alloc_fn)(void *ud, void *ptr, size_t osize,
                                size_t nsize);
typedef struct glean_allocator {
  glean_alloc_fn fn;
  void *ud;
} glean_allocator;

/* ---- tokens and documents --------------------------------------------- */

/* Token shape flags. */
enum {
  GLEAN_TF_WORD         = 1u << 0,  /* starts with a letter */
  GLEAN_TF_CAP          = 1u << 1,  /* first letter is uppercase */
  GLEAN_TF_UPPER        = 1u << 2,  /* has letters, all uppercase */
  GLEAN_TF_LOWER        = 1u << 3,  /* has letters, all lowercase */
  GLEAN_TF_DIGIT        = 1u << 4,  /* starts with a digit */
  GLEAN_TF_ALNUM        = 1u << 5,  /* mixes letters and digits */
  GLEAN_TF_PUNCT        = 1u << 6,  /* punctuation or symbol */
  GLEAN_TF_QUOTE        = 1u << 7,  /* a quotation mark character */
  GLEAN_TF_QUOTE_OPEN   = 1u << 8,  /* opens a paired quotation */
  GLEAN_TF_QUOTE_CLOSE  = 1u << 9,  /* closes a paired quotation */
  GLEAN_TF_CURRENCY     = 1u << 10, /* currency symbol ($ € £ ¥ ₹ US$ ...) */
  GLEAN_TF_HYPHEN       = 1u << 11, /* is or contains a hyphen */
  GLEAN_TF_DASH         = 1u << 12, /* en/em dash or "--" */
  GLEAN_TF_APOS         = 1u << 13, /* apostrophe, or clitic like 's n't */
  GLEAN_TF_ABBREV       = 1u << 14, /* word with its period: Mr. U.S. Inc. */
  GLEAN_TF_SENT_START   = 1u << 15, /* first token of a sentence */
  GLEAN_TF_PARA_START   = 1u << 16, /* first token of a paragraph */
  GLEAN_TF_SPACE_BEFORE = 1u << 17, /* whitespace right before the token */
  GLEAN_TF_LINE_START   = 1u << 18, /* first token on its line */
  GLEAN_TF_SENT_END     = 1u << 19, /* sentence-final punctuation */
  GLEAN_TF_INVALID      = 1u << 20, /* holds bytes that are not UTF-8 */
  GLEAN_TF_NUMBER       = 1u << 21  /* digits, separators, decimals only */
};

typedef struct glean_token {
  uint32_t start, end;  /* byte span */
  uint32_t flags;       /* GLEAN_TF_* */
} glean_token;

/* A run of tokens [first, last) and its byte span. */
typedef struct glean_range {
  uint32_t first, last;
  uint32_t start, end;
} glean_range;

/* Quotation mark families. */
enum { GLEAN_QF_DOUBLE = 1, GLEAN_QF_SINGLE = 2, GLEAN_QF_GUILLEMET = 3 };

/* One paired quotation inside one paragraph. A quotation running over
 * several paragraphs gives one glean_quote per paragraph, linked by
 * `group` (the index of its first piece); every piece but the last has
 * closed == 0 and ends at its paragraph's last token. */
typedef struct glean_quote {
  uint32_t open, close;   /* token indexes of the marks; close == UINT32_MAX
                             when the piece is left open */
  uint32_t start, end;    /* bytes, marks included */
  int32_t parent;         /* enclosing quote index, -1 at top level */
  int32_t group;          /* index of the first piece of this quotation */
  uint8_t family;         /* GLEAN_QF_* */
  uint8_t closed;         /* 1 when a closing mark ends this piece */
  uint8_t depth;          /* 0 at top level */
} glean_quote;

/* A number found in the text: "3.5", "1,200", "3.5 billion", "two
 * hundred", "3-4 million" (a range: min 3e6, max 4e6). value == min for
 * ranges; tokens [first, last) cover digits and magnitude words. */
typedef struct glean_number {
  uint32_t first, last;
  uint32_t start, end;
  double value, min, max;
  uint8_t is_range;
  uint8_t spelled;        /* written with words ("ten", "a million") */
} glean_number;

typedef enum glean_para_mode {
  GLEAN_PARA_AUTO = 0,    /* blank lines when the text has any, else lines */
  GLEAN_PARA_LINES,       /* every line break starts a paragraph */
  GLEAN_PARA_BLANK        /* only blank lines start a paragraph */
} glean_para_mode;

typedef struct glean_doc_options {
  glean_para_mode paragraphs;
  /* Extra abbreviations (without the period) that keep their period and
   * do not end a sentence, in addition to the built-in list. */
  const char *const *abbreviations;
  size_t nabbreviations;
} glean_doc_options;

typedef struct glean_document glean_document;

/* Tokenizes `text` (not copied: it must outlive the document). opts may
 * be NULL. Invalid UTF-8 is accepted: the bytes become tokens flagged
 * GLEAN_TF_INVALID. */
glean_document *glean_document_new(const char *text, size_t len,
                                   const glean_doc_options *opts,
                                   const glean_allocator *alloc,
                                   glean_error *err);
void glean_document_free(glean_document *doc);

const char *glean_document_text(const glean_document *doc, size_t *len);
const glean_token *glean_document_tokens(const glean_document *doc,
                                         size_t *n);
const glean_range *glean_document_sentences(const glean_document *doc,
                                            size_t *n);
const glean_range *glean_document_paragraphs(const glean_document *doc,
                                             size_t *n);
const glean_quote *glean_document_quotes(const glean_document *doc,
                                         size_t *n);
const glean_number *glean_document_numbers(const glean_document *doc,
                                           size_t *n);

/* Token index covering byte `offset`, or the first token after it;
 * ntokens when past the last token. */
size_t glean_document_token_at(const glean_document *doc, size_t offset);

/* ---- numbers (stand-alone) -------------------------------------------- */

/* Parses a numeral written with digits ("1,234.5", "3.5", "1 000") at
 * the start of s; returns the bytes consumed (0 if none). */
size_t glean_parse_digits(const char *s, size_t len, double *value);

/* Value of a magnitude word ("million" 1e6, "bn" 1e9, "lakh" 1e5,
 * "crore" 1e7, "k" 1e3 ...), case-insensitive; 0 if not one. */
double glean_magnitude_word(const char *s, size_t len);

/* ---- lexicons ---------------------------------------------------------- */

/* A multi-token phrase dictionary. Phrases are tokenized with the
 * document tokenizer; each entry has a label and an optional value and
 * matches exactly or case-folded (Unicode simple folding of Latin,
 * Greek and Cyrillic letters). Lookup is a hash probe per token. */
typedef struct glean_lexicon glean_lexicon;

enum { GLEAN_LEX_EXACT = 0, GLEAN_LEX_FOLD = 1 };

typedef struct glean_lex_match {
  uint32_t first, last;   /* tokens */
  uint32_t start, end;    /* bytes */
  uint32_t label;         /* label id (glean_lexicon_label_name) */
  int32_t value;          /* value id (glean_lexicon_value) or -1 */
} glean_lex_match;

glean_lexicon *glean_lexicon_new(const glean_allocator *alloc,
                                 glean_error *err);
void glean_lexicon_free(glean_lexicon *lex);

/* Adds a phrase. value may be NULL. Adding the same phrase, label and
 * mode again replaces its value. */
glean_status glean_lexicon_add(glean_lexicon *lex, const char *phrase,
                               size_t len, const char *label,
                               const char *value, int mode,
                               glean_error *err);

/* Loads a file, one entry per line:  phrase [TAB label [TAB value]].
 * Blank lines and lines starting with '#' are skipped. default_label is
 * used when a line has no label. Lines that cannot be used (bad UTF-8,
 * empty phrase) are counted in *skipped and the first one's line number
 * is put in *first_bad_line (0 when none); they do not stop the load. */
glean_status glean_lexicon_load_file(glean_lexicon *lex, const char *path,
                                     const char *default_label, int mode,
                                     size_t *loaded, size_t *skipped,
                                     size_t *first_bad_line,
                                     glean_error *err);

size_t glean_lexicon_size(const glean_lexicon *lex);        /* entries */
size_t glean_lexicon_nlabels(const glean_lexicon *lex);
const char *glean_lexicon_label_name(const glean_lexicon *lex,
                                     uint32_t label);
/* Label id by name, or -1. */
int32_t glean_lexicon_label_id(const glean_lexicon *lex, const char *name);
const char *glean_lexicon_value(const glean_lexicon *lex, int32_t value);

/* Finds matches in doc: at each token, for each label, the longest
 * phrase starting there; per label, matches do not overlap (leftmost,
 * then longest). Results are sorted by first token, then label. The
 * array is owned by the caller (free with the same allocator, or via
 * glean_free). Returns the number of matches, or (size_t)-1 on error. */
size_t glean_lexicon_match(const glean_lexicon *lex,
                           const glean_document *doc,
                           glean_lex_match **out, glean_error *err);

/* Frees memory returned by the engine (with alloc, or malloc if NULL). */
void glean_free(const glean_allocator *alloc, void *ptr, size_t size);

/* ---- regex -------------------------------------------------------------- */

/* PCRE2 (UTF, invalid UTF-8 never matches) with JIT when available, and
 * match/depth limits so a pathological pattern fails instead of hanging. */
typedef struct glean_regex glean_regex;

enum { GLEAN_RE_CASELESS = 1u << 0 };

glean_regex *glean_regex_new(const char *pattern, size_t len,
                             unsigned options, const glean_allocator *alloc,
                             glean_error *err);
void glean_regex_free(glean_regex *re);

/* Finds the first match at or after `from`. Returns 1 and fills
 * ovector[0..2*n) (start/end byte pairs, (size_t)-1 when a group did not
 * take part) on a match, 0 when none, -1 on error (limit hit: err says
 * so). n is the number of pairs the caller has room for. */
int glean_regex_find(glean_regex *re, const char *subject, size_t len,
                     size_t from, size_t *ovector, size_t n,
                     glean_error *err);
/* 1 when the whole of subject matches, 0 when not, -1 on error. */
int glean_regex_full(glean_regex *re, const char *subject, size_t len,
                     glean_error *err);
uint32_t glean_regex_ngroups(const glean_regex *re);  /* excluding 0 */
/* Named groups: returns the name of group i (1-based), or NULL. */
const char *glean_regex_group_name(const glean_regex *re, uint32_t i);
int glean_regex_has_jit(const glean_regex *re);

/* ---- token patterns and rulesets --------------------------------------- */

/* A predicate on one token: the conjunction of every part that is set,
 * negated as a whole when `negate` is set. */
typedef struct glean_pred {
  uint32_t flags_all;     /* every one of these flags */
  uint32_t flags_none;    /* none of these flags */
  uint32_t flags_any;     /* at least one of these, when non-zero */
  const char *const *words;  /* token text is one of these ... */
  size_t nwords;
  int words_fold;         /* ... compared case-folded */
  int words_negate;       /* ... or is none of them */
  const char *regex;      /* token text fully matches this PCRE2 pattern */
  size_t regex_len;
  int regex_caseless;
  int regex_negate;
  int32_t in_label;       /* token lies inside a span of this label, -1 off */
  int in_label_negate;
  int negate;
  /* More labels for the in_label test (rule packs exclude several lexicon
   * labels at once, which one label id cannot say): the token lies inside
   * a span of in_label or of any of these; with in_label_negate, of none
   * of them. Ignored when in_label is -1. */
  const int32_t *in_labels;
  size_t nin_labels;
} glean_pred;

/* Pattern tree nodes. */
typedef enum glean_pnode_kind {
  GLEAN_PN_TOKEN,     /* one token satisfying pred */
  GLEAN_PN_SPAN,      /* one whole span of `label` starting here */
  GLEAN_PN_SEQ,       /* kids in order */
  GLEAN_PN_ALT,       /* first kid that leads to a match wins ties */
  GLEAN_PN_REPEAT,    /* kid, min..max times (max < 0: unbounded); greedy */
  GLEAN_PN_CAPTURE    /* kid, recorded as capture `capture` */
} glean_pnode_kind;

typedef struct glean_pnode {
  glean_pnode_kind kind;
  glean_pred pred;                 /* TOKEN */
  int32_t label;                   /* SPAN */
  int32_t min, max;                /* REPEAT */
  uint32_t capture;                /* CAPTURE: index < rule's ncaptures */
  const struct glean_pnode *const *kids;
  size_t nkids;
} glean_pnode;

/* A rule: a token pattern or a regex over the text, with optional fixed
 * context: `before` is a sequence of token predicates that must match
 * the tokens right before the match (in text order), `after` the tokens
 * right after; `not_before` / `not_after` must not match there. */
typedef struct glean_rule {
  const char *name;
  const glean_pnode *pattern;      /* or NULL when regex is set */
  const char *regex;               /* matched over the text, spans snapped
                                      outward to token boundaries */
  size_t regex_len;
  unsigned regex_options;          /* GLEAN_RE_* */
  uint32_t ncaptures;              /* pattern captures; for a regex, its
                                      groups are captures 0..n-1 */
  const glean_pred *before, *after, *not_before, *not_after;
  size_t nbefore, nafter, nnot_before, nnot_after;
  int all_matches;                 /* keep overlapping matches */
} glean_rule;

typedef struct glean_ruleset glean_ruleset;

typedef struct glean_ruleset_options {
  /* Longest match a token pattern may produce, in tokens; keeps matching
   * linear in the text (default 64). */
  uint32_t max_match_tokens;
  /* PCRE2 limits per regex call (defaults 1,000,000 and 10,000). */
  uint32_t regex_match_limit, regex_depth_limit;
} glean_ruleset_options;

glean_ruleset *glean_ruleset_new(const glean_ruleset_options *opts,
                                 const glean_allocator *alloc,
                                 glean_error *err);
void glean_ruleset_free(glean_ruleset *rs);

/* Interns a label name and returns its id (< 64; more is GLEAN_ELIMIT).
 * Label 0 is always "NUMBER": the spans of the document's numbers. */
int32_t glean_ruleset_label(glean_ruleset *rs, const char *name,
                            glean_error *err);

/* Lexicon spans become spans of the ruleset label of the same name
 * (labels the ruleset does not know are ignored). The lexicon must
 * outlive the ruleset. */
glean_status glean_ruleset_add_lexicon(glean_ruleset *rs,
                                       const glean_lexicon *lex,
                                       glean_error *err);

/* Compiles a rule; returns its index (0, 1, ...) or -1 with err filled
 * (err->message names the part at fault: "pattern: ...", "regex: ..."). */
int32_t glean_ruleset_add_rule(glean_ruleset *rs, const glean_rule *rule,
                               glean_error *err);
size_t glean_ruleset_nrules(const glean_ruleset *rs);

typedef struct glean_match {
  uint32_t rule;
  uint32_t first, last;   /* tokens */
  uint32_t start, end;    /* bytes */
  uint32_t caps;          /* index of this match's first capture in the
                             capture array; the rule's ncaptures follow */
} glean_match;

typedef struct glean_capture {
  uint32_t first, last;   /* tokens; first == UINT32_MAX when unset */
  uint32_t start, end;    /* bytes */
} glean_capture;

/* The result of a scan; owned by the ruleset and valid until its next
 * scan or free. Matches are sorted by start, then rule index. Per rule,
 * matches do not overlap (leftmost, then longest) unless all_matches. */
typedef struct glean_scan_result {
  const glean_match *matches;
  size_t nmatches;
  const glean_capture *captures;
  size_t ncaptures;
  /* label spans seen by the scan (lexicons + numbers), sorted by first */
  const glean_lex_match *spans;
  size_t nspans;
} glean_scan_result;

/* Matches every rule over doc in one pass over its tokens (token
 * patterns) plus one pass per regex rule. */
glean_status glean_ruleset_scan(glean_ruleset *rs, const glean_document *doc,
                                glean_scan_result *out, glean_error *err);

#endif
