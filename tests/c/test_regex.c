/* test_regex.c — PCRE2 wrapper: finds, full matches, groups, errors,
 * limits against catastrophic backtracking, invalid UTF-8, allocator. */
#include <stdlib.h>
#include <time.h>
#include <pcre2.h>
#include "check.h"
#include "internal.h"

/* Counts live bytes, to prove every allocation goes through it. */
typedef struct counter {
  long live, calls;
} counter;

static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counter *c = ud;
  c->calls++;
  if (ptr) c->live -= (long)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr) c->live += (long)nsize;
  return ptr;
}

static glean_regex *re_new(const char *pattern, unsigned opts) {
  glean_error err;
  glean_regex *re = glean_regex_new(pattern, strlen(pattern), opts, NULL,
                                    &err);
  if (!re) fprintf(stderr, "regex_new(%s): %s\n", pattern, err.message);
  return re;
}

static double seconds_since(clock_t t0) {
  return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void test_find(void) {
  const char *s = "Acme Inc. paid $3 to Bolt Ltd.";
  size_t ov[6];
  glean_error err;
  glean_regex *re = re_new("([A-Z][a-z]+) (Inc|Ltd)\\.", 0);
  CHECK_EQ_INT(glean_regex_ngroups(re), 2);
  CHECK_EQ_INT(glean_regex_find(re, s, strlen(s), 0, ov, 3, &err), 1);
  CHECK_SPAN(s, ov[0], ov[1], "Acme Inc.");
  CHECK_SPAN(s, ov[2], ov[3], "Acme");
  CHECK_SPAN(s, ov[4], ov[5], "Inc");
  CHECK_EQ_INT(glean_regex_find(re, s, strlen(s), ov[1], ov, 3, &err), 1);
  CHECK_SPAN(s, ov[0], ov[1], "Bolt Ltd.");
  CHECK_EQ_INT(glean_regex_find(re, s, strlen(s), ov[1], ov, 3, &err), 0);
  /* fewer pairs than groups is fine; from past the end finds nothing */
  CHECK_EQ_INT(glean_regex_find(re, s, strlen(s), 0, ov, 1, &err), 1);
  CHECK_EQ_INT(ov[0], 0);
  CHECK_EQ_INT(glean_regex_find(re, s, strlen(s), strlen(s) + 5, ov, 1,
                                &err), 0);
  glean_regex_free(re);

  /* a group that did not take part is (size_t)-1; extra pairs too */
  re = re_new("a(x)?(b)", 0);
  CHECK_EQ_INT(glean_regex_find(re, "ab", 2, 0, ov, 3, &err), 1);
  CHECK(ov[2] == (size_t)-1 && ov[3] == (size_t)-1);
  CHECK_EQ_INT(ov[4], 1);
  glean_regex_free(re);

  /* NUL bytes in pattern and subject */
  re = glean_regex_new("a\0b", 3, 0, NULL, &err);
  CHECK(re != NULL);
  CHECK_EQ_INT(glean_regex_find(re, "xa\0b", 4, 0, ov, 1, &err), 1);
  CHECK_EQ_INT(ov[0], 1);
  glean_regex_free(re);

  re = re_new("euro", GLEAN_RE_CASELESS);
  CHECK_EQ_INT(glean_regex_find(re, "EUROS", 5, 0, ov, 1, &err), 1);
  glean_regex_free(re);
}

static void test_names_and_jit(void) {
  glean_regex *re = re_new("(?<amount>[0-9]+) (?<unit>bn|mn)|(x)", 0);
  uint32_t jit = 0;
  CHECK_EQ_INT(glean_regex_ngroups(re), 3);
  CHECK(glean_regex_group_name(re, 1) &&
        strcmp(glean_regex_group_name(re, 1), "amount") == 0);
  CHECK(glean_regex_group_name(re, 2) &&
        strcmp(glean_regex_group_name(re, 2), "unit") == 0);
  CHECK(glean_regex_group_name(re, 3) == NULL);
  CHECK(glean_regex_group_name(re, 0) == NULL);
  CHECK(glean_regex_group_name(re, 4) == NULL);
  /* JIT is used whenever this PCRE2 has it */
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  CHECK_EQ_INT(glean_regex_has_jit(re), jit ? 1 : 0);
  glean_regex_free(re);
}

static void test_full(void) {
  glean_error err;
  glean_regex *re = re_new("a|ab", 0);
  /* the whole subject, even when a shorter alternative comes first */
  CHECK_EQ_INT(glean_regex_full(re, "ab", 2, &err), 1);
  CHECK_EQ_INT(glean_regex_full(re, "abc", 3, &err), 0);
  CHECK_EQ_INT(glean_regex_full(re, "xab", 3, &err), 0);
  glean_regex_free(re);
  /* the engine's whole-anchored form agrees */
  re = re_new("a|ab", GLEAN_RE_WHOLE_);
  CHECK_EQ_INT(glean_regex_full(re, "ab", 2, &err), 1);
  CHECK_EQ_INT(glean_regex_full(re, "abc", 3, &err), 0);
  CHECK_EQ_INT(glean_regex_full(re, "xab", 3, &err), 0);
  glean_regex_free(re);
  re = re_new("[0-9]{4}", 0);
  CHECK_EQ_INT(glean_regex_full(re, "1999", 4, &err), 1);
  CHECK_EQ_INT(glean_regex_full(re, "19999", 5, &err), 0);
  CHECK_EQ_INT(glean_regex_full(re, "", 0, &err), 0);
  glean_regex_free(re);
}

static void test_compile_errors(void) {
  glean_error err;
  memset(&err, 0, sizeof err);
  CHECK(glean_regex_new("(abc", 4, 0, NULL, &err) == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EREGEX);
  /* the offset is 0-based: the pattern ended at byte 4 */
  CHECK(strcmp(err.message,
               "regex: missing closing parenthesis at offset 4") == 0);
  CHECK(glean_regex_new("a{2,1}", 6, 0, NULL, &err) == NULL);
  CHECK(strncmp(err.message, "regex: ", 7) == 0);
  CHECK(strstr(err.message, "at offset 5") != NULL);
  /* a pattern that is not UTF-8 */
  CHECK(glean_regex_new("a\xff", 2, 0, NULL, &err) == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EREGEX);
  CHECK(glean_regex_new("a", 1, 1u << 7, NULL, &err) == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
  CHECK(glean_regex_new(NULL, 3, 0, NULL, &err) == NULL);
  CHECK_EQ_INT(err.code, GLEAN_EINVAL);
}

static void test_limits(void) {
  char subject[64];
  size_t ov[2];
  glean_error err;
  glean_regex *re = re_new("(a+)+$", 0);
  clock_t t0;
  int rc;
  memset(subject, 'a', 40);
  subject[40] = 'b';
  subject[41] = '\0';
  memset(&err, 0, sizeof err);
  t0 = clock();
  rc = glean_regex_find(re, subject, 41, 0, ov, 1, &err);
  CHECK_EQ_INT(rc, -1);
  CHECK_EQ_INT(err.code, GLEAN_ELIMIT);
  CHECK(strcmp(err.message,
               "regex: match limit exceeded (catastrophic backtracking?)")
        == 0);
  /* full matching runs the interpreter: bounded as well */
  memset(&err, 0, sizeof err);
  rc = glean_regex_full(re, subject, 41, &err);
  CHECK_EQ_INT(rc, -1);
  CHECK_EQ_INT(err.code, GLEAN_ELIMIT);
  CHECK(seconds_since(t0) < 1.0);
  /* the object still works afterwards */
  CHECK_EQ_INT(glean_regex_find(re, "aaa", 3, 0, ov, 1, &err), 1);
  glean_regex_free(re);

  /* limits are per object: a tight one fails where the default passes */
  re = re_new("(x+x+)+$", 0);
  memset(subject, 'x', 10);
  subject[10] = 'z';
  CHECK_EQ_INT(glean_regex_find(re, subject, 11, 0, ov, 1, &err), 0);
  glean_regex_set_limits(re, 50, 0);
  CHECK_EQ_INT(glean_regex_find(re, subject, 11, 0, ov, 1, &err), -1);
  CHECK_EQ_INT(err.code, GLEAN_ELIMIT);
  glean_regex_free(re);
}

static void test_invalid_utf8(void) {
  size_t ov[2];
  glean_error err;
  const char bad[] = "\xff\xfe" "abc \xc3 \xe2\x82 d\xc3\xa9j\xc3\xa0";
  glean_regex *re = re_new("abc", 0), *dot = re_new(".", 0);
  glean_regex *word = re_new("\\w+", 0);
  CHECK_EQ_INT(glean_regex_find(re, bad, sizeof bad - 1, 0, ov, 1, &err), 1);
  CHECK_EQ_INT(ov[0], 2);
  /* invalid bytes never match, not even "." */
  CHECK_EQ_INT(glean_regex_find(dot, "\xff\xc3", 2, 0, ov, 1, &err), 0);
  CHECK_EQ_INT(glean_regex_full(dot, "\xff", 1, &err), 0);
  CHECK_EQ_INT(glean_regex_full(dot, "\xc3\xa9", 2, &err), 1);
  /* every start offset, including ones inside a character, is safe */
  {
    size_t from, found = 0;
    for (from = 0; from <= sizeof bad - 1; from++) {
      int rc = glean_regex_find(word, bad, sizeof bad - 1, from, ov, 1, &err);
      CHECK(rc == 0 || rc == 1);
      if (rc == 1) {
        found++;
        CHECK(ov[0] >= from && ov[1] <= sizeof bad - 1);
      }
    }
    CHECK(found > 0);
  }
  glean_regex_free(re);
  glean_regex_free(dot);
  glean_regex_free(word);
}

static void test_allocator(void) {
  counter c = {0, 0};
  glean_allocator a = {count_alloc, &c};
  glean_error err;
  size_t ov[4];
  glean_regex *re = glean_regex_new("(b+)c", 5, 0, &a, &err);
  CHECK(re != NULL);
  CHECK(c.live > 0);
  CHECK_EQ_INT(glean_regex_find(re, "abbc", 4, 0, ov, 2, &err), 1);
  CHECK_EQ_INT(ov[2], 1);
  glean_regex_free(re);
  CHECK_EQ_INT(c.live, 0);
  CHECK(c.calls > 2);
  /* a failed compile leaves nothing behind */
  CHECK(glean_regex_new("(", 1, 0, &a, &err) == NULL);
  CHECK_EQ_INT(c.live, 0);
  glean_regex_free(NULL);
}

int main(void) {
  test_find();
  test_names_and_jit();
  test_full();
  test_compile_errors();
  test_limits();
  test_invalid_utf8();
  test_allocator();
  return CHECK_DONE("test_regex");
}
