/* regex.c — PCRE2 regexes: UTF-8, JIT when available, bounded matching.
 *
 * Each glean_regex owns everything a match needs (code, match data, a
 * match context with its limits, a JIT stack), so there is no global
 * state and a hostile pattern fails with GLEAN_ELIMIT instead of hanging.
 * PCRE2's own allocations go through the caller's allocator.
 *
 * Compile errors read "regex: <PCRE2 text> at offset N", N being the
 * 0-based byte offset into the pattern (glean's offsets are 0-based).
 */
#include <stddef.h>
#include <string.h>
#include <pcre2.h>
#include "internal.h"

#define DEFAULT_MATCH_LIMIT 1000000u
#define DEFAULT_DEPTH_LIMIT 10000u
/* The JIT stack starts small and may grow to this: deep enough for any
 * sane pattern, small enough that a runaway one stops early. */
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)

struct glean_regex {
  glean_allocator alloc;          /* a copy: the caller's may not outlive us */
  pcre2_general_context *gctx;
  pcre2_code *code;
  pcre2_match_context *mctx;
  pcre2_match_data *md;
  pcre2_jit_stack *jit_stack;
  const char **names;             /* [ngroups + 1]; point into the code */
  const uint8_t *first_bytes;     /* bitmap of bytes a match can start
                                     with (from PCRE2's study), or NULL */
  uint32_t min_chars;             /* shortest match, in characters */
  uint32_t ngroups;
  bool jit;
  bool whole;                     /* compiled with GLEAN_RE_WHOLE_ */
};

/* PCRE2 frees without a size, glean's allocator wants one: each block
 * carries its size in a header aligned for any type. */
typedef union block_head {
  size_t size;
  max_align_t align;
} block_head;

static void *pcre_alloc(PCRE2_SIZE size, void *ud) {
  block_head *h;
  if (size > SIZE_MAX - sizeof *h) return NULL;
  h = glean_mem_alloc(ud, sizeof *h + size);
  if (!h) return NULL;
  h->size = size;
  return h + 1;
}

static void pcre_free(void *p, void *ud) {
  block_head *h;
  if (!p) return;
  h = (block_head *)p - 1;
  glean_mem_free(ud, h, sizeof *h + h->size);
}

void glean_regex_free(glean_regex *re) {
  if (!re) return;
  glean_allocator alloc = re->alloc;
  if (re->names)
    glean_mem_free(&alloc, re->names, (re->ngroups + 1) * sizeof *re->names);
  pcre2_match_data_free(re->md);
  pcre2_jit_stack_free(re->jit_stack);
  pcre2_match_context_free(re->mctx);
  pcre2_code_free(re->code);
  pcre2_general_context_free(re->gctx);
  glean_mem_free(&alloc, re, sizeof *re);
}

/* Maps group numbers to names through PCRE2's name table, whose entries
 * are a 2-byte big-endian group number followed by the name. */
static bool load_names(glean_regex *re) {
  uint32_t count = 0, entry_size = 0, i;
  PCRE2_SPTR table = NULL;
  re->names = glean_mem_alloc(&re->alloc,
                              (re->ngroups + 1) * sizeof *re->names);
  if (!re->names) return false;
  memset(re->names, 0, (re->ngroups + 1) * sizeof *re->names);
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
  for (i = 0; i < count && table; i++) {
    PCRE2_SPTR e = table + (size_t)i * entry_size;
    uint32_t group = ((uint32_t)e[0] << 8) | e[1];
    if (group >= 1 && group <= re->ngroups && !re->names[group])
      re->names[group] = (const char *)(e + 2);
  }
  return true;
}

static glean_regex *fail_new(glean_regex *re, glean_error *err,
                             glean_status code, const char *what) {
  glean_regex_free(re);
  glean_fail(err, code, "regex: %s", what);
  return NULL;
}

glean_regex *glean_regex_new(const char *pattern, size_t len,
                             unsigned options, const glean_allocator *alloc,
                             glean_error *err) {
  uint32_t copts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  pcre2_compile_context *cctx;
  glean_regex *re;
  int errcode = 0;
  PCRE2_SIZE erroff = 0;

  if (options & ~(unsigned)(GLEAN_RE_CASELESS | GLEAN_RE_WHOLE_)) {
    glean_fail(err, GLEAN_EINVAL, "regex: unknown option bits 0x%x",
               options & ~(unsigned)(GLEAN_RE_CASELESS | GLEAN_RE_WHOLE_));
    return NULL;
  }
  if (!pattern && len > 0) {
    glean_fail(err, GLEAN_EINVAL, "regex: NULL pattern");
    return NULL;
  }
  if (!pattern) pattern = "";
  if (options & GLEAN_RE_CASELESS) copts |= PCRE2_CASELESS;
  if (options & GLEAN_RE_WHOLE_) copts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;

  re = glean_mem_alloc(alloc, sizeof *re);
  if (!re) {
    glean_fail(err, GLEAN_ENOMEM, "regex: out of memory");
    return NULL;
  }
  memset(re, 0, sizeof *re);
  if (alloc) re->alloc = *alloc;
  re->whole = (options & GLEAN_RE_WHOLE_) != 0;
  re->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, &re->alloc);
  if (!re->gctx) return fail_new(re, err, GLEAN_ENOMEM, "out of memory");

  cctx = pcre2_compile_context_create(re->gctx);
  if (!cctx) return fail_new(re, err, GLEAN_ENOMEM, "out of memory");
  re->code = pcre2_compile((PCRE2_SPTR)pattern, len, copts, &errcode,
                           &erroff, cctx);
  pcre2_compile_context_free(cctx);
  if (!re->code) {
    PCRE2_UCHAR msg[192];
    if (pcre2_get_error_message(errcode, msg, sizeof msg) < 0)
      strcpy((char *)msg, "cannot compile");
    glean_regex_free(re);
    glean_fail(err, errcode == PCRE2_ERROR_NOMEMORY ? GLEAN_ENOMEM
                                                    : GLEAN_EREGEX,
               "regex: %s at offset %zu", (const char *)msg,
               (size_t)erroff);
    return NULL;
  }

  /* JIT is an optimization: when it is missing or fails, the interpreter
   * gives the same answers. */
  re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
  re->mctx = pcre2_match_context_create(re->gctx);
  re->md = pcre2_match_data_create_from_pattern(re->code, re->gctx);
  if (!re->mctx || !re->md)
    return fail_new(re, err, GLEAN_ENOMEM, "out of memory");
  if (re->jit) {
    re->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX,
                                           re->gctx);
    if (!re->jit_stack)
      return fail_new(re, err, GLEAN_ENOMEM, "out of memory");
    pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
  }
  pcre2_set_match_limit(re->mctx, DEFAULT_MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, DEFAULT_DEPTH_LIMIT);
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->ngroups);
  pcre2_pattern_info(re->code, PCRE2_INFO_MINLENGTH, &re->min_chars);
  pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &re->first_bytes);
  if (!load_names(re)) return fail_new(re, err, GLEAN_ENOMEM, "out of memory");
  return re;
}

void glean_regex_set_limits(glean_regex *re, uint32_t match_limit,
                            uint32_t depth_limit) {
  if (!re) return;
  if (match_limit) pcre2_set_match_limit(re->mctx, match_limit);
  if (depth_limit) pcre2_set_depth_limit(re->mctx, depth_limit);
}

/* Turns a negative pcre2_match result into -1 with err filled. */
static int match_error(int rc, glean_error *err) {
  PCRE2_UCHAR msg[160];
  switch (rc) {
  case PCRE2_ERROR_MATCHLIMIT:
    glean_fail(err, GLEAN_ELIMIT,
               "regex: match limit exceeded (catastrophic backtracking?)");
    break;
  case PCRE2_ERROR_DEPTHLIMIT:
    glean_fail(err, GLEAN_ELIMIT, "regex: depth limit exceeded");
    break;
  case PCRE2_ERROR_HEAPLIMIT:
    glean_fail(err, GLEAN_ELIMIT, "regex: heap limit exceeded");
    break;
  case PCRE2_ERROR_JIT_STACKLIMIT:
    glean_fail(err, GLEAN_ELIMIT, "regex: JIT stack limit exceeded");
    break;
  case PCRE2_ERROR_NOMEMORY:
    glean_fail(err, GLEAN_ENOMEM, "regex: out of memory");
    break;
  default:
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
      strcpy((char *)msg, "match failed");
    glean_fail(err, GLEAN_EREGEX, "regex: %s", (const char *)msg);
  }
  return -1;
}

int glean_regex_find(glean_regex *re, const char *subject, size_t len,
                     size_t from, size_t *ovector, size_t n,
                     glean_error *err) {
  const PCRE2_SIZE *ov;
  size_t i, have;
  int rc;
  if (!re || (!subject && len > 0) || (!ovector && n > 0)) {
    glean_fail(err, GLEAN_EINVAL, "regex: bad argument");
    return -1;
  }
  if (from > len) return 0;
  rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len,
                   from, 0, re->md, re->mctx);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return match_error(rc, err);
  ov = pcre2_get_ovector_pointer(re->md);
  /* rc == 0 would mean the ovector was too small; ours fits the pattern */
  have = rc > 0 ? (size_t)rc : pcre2_get_ovector_count(re->md);
  for (i = 0; i < n; i++) {
    bool set = i < have && ov[2 * i] != PCRE2_UNSET;
    ovector[2 * i] = set ? (size_t)ov[2 * i] : (size_t)-1;
    ovector[2 * i + 1] = set ? (size_t)ov[2 * i + 1] : (size_t)-1;
  }
  return 1;
}

int glean_regex_full(glean_regex *re, const char *subject, size_t len,
                     glean_error *err) {
  uint32_t opts;
  int rc;
  if (!re || (!subject && len > 0)) {
    glean_fail(err, GLEAN_EINVAL, "regex: bad argument");
    return -1;
  }
  /* A whole match starts at byte 0 and has at least min_chars
   * characters, so at least as many bytes: most tokens fail here, before
   * the cost of a pcre2_match call. */
  if (len < re->min_chars) return 0;
  if (re->first_bytes && re->min_chars > 0 &&
      !(re->first_bytes[(unsigned char)subject[0] / 8] >>
            ((unsigned char)subject[0] % 8) & 1))
    return 0;
  /* Anchoring at match time works, but without JIT. */
  opts = re->whole ? 0 : PCRE2_ANCHORED | PCRE2_ENDANCHORED;
  rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len, 0,
                   opts, re->md, re->mctx);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return match_error(rc, err);
  return 1;
}

uint32_t glean_regex_ngroups(const glean_regex *re) {
  return re ? re->ngroups : 0;
}

const char *glean_regex_group_name(const glean_regex *re, uint32_t i) {
  if (!re || i < 1 || i > re->ngroups) return NULL;
  return re->names[i];
}

int glean_regex_has_jit(const glean_regex *re) {
  return re && re->jit;
}
