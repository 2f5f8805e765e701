/* numbers.c — placeholder until number parsing lands. */
#include "internal.h"

glean_status glean_find_numbers(const char *text, const glean_token *toks,
                                size_t ntoks, const glean_allocator *a,
                                glean_number **out, size_t *nout,
                                size_t *cap, glean_error *err)
{
  (void)text; (void)toks; (void)ntoks; (void)a; (void)out; (void)nout;
  (void)cap; (void)err;
  return GLEAN_OK;
}
