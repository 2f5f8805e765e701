/* test_tokenize_sse2.c — the SSE2 path of glean_tokenizer_fill (AVX2 off)
 * gives the same tokens as the library's and as glean_tokenizer_next.
 * See tokenize_paths.h. */
#define GLEAN_NO_AVX2 1
#include "tokenize_paths.h"

int main(void) { return check_paths("test_tokenize_sse2"); }
