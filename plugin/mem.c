/* mem.c — allocation through the caller's allocator, and error filling. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"

/* Smallest array glean_grow makes, so tiny arrays do not grow 1, 2, 4. */
#define GROW_MIN 8

void *glean_mem_realloc(const glean_allocator *a, void *p, size_t osize,
                        size_t nsize) {
  if (a && a->fn) {
    if (nsize == 0) {
      if (p) a->fn(a->ud, p, osize, 0);
      return NULL;
    }
    /* lua_Alloc convention: a NULL block has osize 0 as far as we know. */
    return a->fn(a->ud, p, p ? osize : 0, nsize);
  }
  (void)osize;
  if (nsize == 0) {
    free(p);
    return NULL;
  }
  return realloc(p, nsize);
}

void *glean_mem_alloc(const glean_allocator *a, size_t size) {
  /* A zero-byte request still returns a block, so NULL always means OOM. */
  return glean_mem_realloc(a, NULL, 0, size ? size : 1);
}

void glean_mem_free(const glean_allocator *a, void *p, size_t size) {
  if (p) glean_mem_realloc(a, p, size, 0);
}

void glean_free(const glean_allocator *alloc, void *ptr, size_t size) {
  glean_mem_free(alloc, ptr, size);
}

bool glean_grow(const glean_allocator *a, void **items, size_t *cap,
                size_t need, size_t elem) {
  if (need <= *cap) return true;
  if (elem == 0) return false;
  size_t ncap = *cap < GROW_MIN / 2 ? GROW_MIN : *cap;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2) {
      ncap = need;
      break;
    }
    ncap *= 2;
  }
  /* No object may be larger than PTRDIFF_MAX: pointer differences over
   * it would overflow, so such a request can only be a bug or an attack. */
  if (ncap > PTRDIFF_MAX / elem) {
    if (need > PTRDIFF_MAX / elem) return false;
    ncap = need;
  }
  void *p = glean_mem_realloc(a, *items, *cap * elem, ncap * elem);
  if (!p) return false;
  *items = p;
  *cap = ncap;
  return true;
}

glean_status glean_fail(glean_error *err, glean_status code,
                        const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}
