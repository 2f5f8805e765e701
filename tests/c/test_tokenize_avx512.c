/* test_tokenize_avx512.c — the AVX-512BW path of glean_tokenizer_fill
 * without VBMI2 (tokens written with pdep and a flags table, as on CPUs
 * with AVX-512BW but no byte compress) gives the same tokens as the
 * library's and as glean_tokenizer_next. On a CPU without AVX-512BW it
 * runs a slower path, as the library does. See tokenize_paths.h. */
#define GLEAN_NO_VBMI2 1
#include "tokenize_paths.h"

int main(void) { return check_paths("test_tokenize_avx512"); }
