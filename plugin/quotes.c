/* quotes.c — placeholder until quotation pairing lands. */
#include "internal.h"

glean_status glean_pair_quotes(const char *text, glean_token *toks,
                               size_t ntoks, const glean_range *paras,
                               size_t nparas, const glean_allocator *a,
                               glean_quote **out, size_t *nout, size_t *cap,
                               glean_error *err)
{
  (void)text; (void)toks; (void)ntoks; (void)paras; (void)nparas; (void)a;
  (void)out; (void)nout; (void)cap; (void)err;
  return GLEAN_OK;
}
