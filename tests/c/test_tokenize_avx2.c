/* test_tokenize_avx2.c — the AVX2 and BMI2 path of glean_tokenizer_fill
 * (AVX-512 off) gives the same tokens as the library's and as
 * glean_tokenizer_next. On a CPU without AVX-512 the library runs this
 * path itself; without AVX2 and BMI2 both run a slower one. See
 * tokenize_paths.h. */
#define GLEAN_NO_AVX512 1
#include "tokenize_paths.h"

int main(void) { return check_paths("test_tokenize_avx2"); }
