/* test_tokenize_nobmi2.c — the AVX2 path of glean_tokenizer_fill without
 * BMI2 (tokens written by the plain loop of bulk_tokens, as on CPUs whose
 * pdep is slow) gives the same tokens as the library's and as
 * glean_tokenizer_next. See tokenize_paths.h. */
#define GLEAN_NO_BMI2 1
#include "tokenize_paths.h"

int main(void) { return check_paths("test_tokenize_nobmi2"); }
