/* check.h — a dependency-free assert harness for the C unit tests.
 * Each test program ends with CHECK_DONE(), which prints
 * "<program>: N passed, N failed" and returns non-zero on failure. */
#ifndef GLEAN_CHECK_H
#define GLEAN_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
    if (cond) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
              #cond); } \
  } while (0)

#define CHECK_EQ_INT(a, b) do { \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
    if (check_a_ == check_b_) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, \
              __LINE__, #a, #b, check_a_, check_b_); } \
  } while (0)

/* Compares the bytes [start, end) of text with the string s. */
#define CHECK_SPAN(text, start, end, s) do { \
    size_t check_n_ = (size_t)((end) - (start)); \
    if (check_n_ == strlen(s) && memcmp((text) + (start), (s), check_n_) == 0) \
      check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: span \"%.*s\" != \"%s\"\n", __FILE__, \
              __LINE__, (int)check_n_, (text) + (start), (s)); } \
  } while (0)

#define CHECK_DONE(name) \
  (printf("%s: %d passed, %d failed\n", (name), check_passed, \
          check_failed), check_failed != 0)

#endif
