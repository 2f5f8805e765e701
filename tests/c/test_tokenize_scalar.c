/* test_tokenize_scalar.c — the plain C path of glean_tokenizer_fill (no
 * SSE2, no AVX2) gives the same tokens as the library's and as
 * glean_tokenizer_next. See tokenize_paths.h. */
#define GLEAN_NO_SSE2 1
#include "tokenize_paths.h"

int main(void) { return check_paths("test_tokenize_scalar"); }
