/* utf8.c — UTF-8 decoding and encoding, character classes, case folding.
 *
 * Classes are what the tokenizer needs, not full Unicode properties:
 *  - ASCII comes from a 128-entry table (glean_ascii_class). Control
 *    characters (C0 with NUL, DEL, C1 U+0080-009F) are whitespace, so a
 *    stray control byte never glues or ends anything.
 *  - Latin (Latin-1 Supplement, Extended-A, Extended-B, IPA, Extended
 *    Additional), Greek (U+0370-03FF) and Cyrillic (U+0400-052F) letters
 *    carry case: the fold table below says which letters have a
 *    lowercase partner (those are UPPER), other letters there are LOWER,
 *    and a short exception table lists the symbols, marks and caseless
 *    letters of those blocks.
 *  - Everything else is looked up in a sorted range table of spaces,
 *    punctuation, symbols, quotes, dashes, currency signs and combining
 *    marks; a code point in none of its ranges is a caseless letter. So
 *    CJK, Arabic, Hebrew, Devanagari ... text forms words, and a script
 *    this file never heard of still does (its rarer punctuation then
 *    joins words too; the common stops, commas and brackets are listed).
 *    Greek Extended (polytonic) letters are caseless letters.
 *
 * Choices worth knowing:
 *  - U+00AD SOFT HYPHEN is a MARK: it is invisible and only says where a
 *    line may break, so "counter<SHY>terrorism" stays one word.
 *  - U+200C/U+200D (ZWNJ, ZWJ) are MARKs (they join inside words);
 *    U+200B ZWSP, U+FEFF (BOM), bidi controls (U+200E/200F, U+202A-202E,
 *    U+2060-206F) and tag characters are whitespace.
 *  - U+2028/U+2029 are line breaks; U+0085 (NEL) is a plain space.
 *  - Only ASCII 0-9 are DIGITs; other scripts' digits are letters.
 *  - Folding is Unicode simple case folding (CaseFolding.txt C+S) over the
 *    blocks above, plus U+0130 (I with dot) -> i, so "İstanbul" folds
 *    like "istanbul". The fold table was generated from Python's
 *    unicodedata (Unicode 14) with str.casefold() where it maps one code
 *    point to one code point, else str.lower().
 */
#include "internal.h"

#define L  GLEAN_CC_LETTER
#define U  (GLEAN_CC_LETTER | GLEAN_CC_UPPER)
#define W  (GLEAN_CC_LETTER | GLEAN_CC_LOWER)
#define D  GLEAN_CC_DIGIT
#define S  GLEAN_CC_SPACE
#define NL (GLEAN_CC_SPACE | GLEAN_CC_NEWLINE)
#define P  GLEAN_CC_PUNCT
#define Q  (GLEAN_CC_PUNCT | GLEAN_CC_QUOTE)
#define AP (GLEAN_CC_PUNCT | GLEAN_CC_QUOTE | GLEAN_CC_APOS)
#define HY (GLEAN_CC_PUNCT | GLEAN_CC_HYPHEN)
#define DA (GLEAN_CC_PUNCT | GLEAN_CC_DASH)
#define CU (GLEAN_CC_PUNCT | GLEAN_CC_CURRENCY)
#define M  GLEAN_CC_MARK

const uint16_t glean_ascii_class[128] = {
  /* 0x00-0x1F: controls are whitespace; \n and \r break lines */
  S, S, S, S, S, S, S, S, S, S, NL, S, S, NL, S, S,
  S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
  /*  sp  !  "  #  $   %  &  '   (  )  *  +  ,  -   .  / */
  S, P, Q, P, CU, P, P, AP, P, P, P, P, P, HY, P, P,
  D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,  /* 0-9 : ; < = > ? */
  P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,  /* @ A-O */
  U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,  /* P-Z [ \ ] ^ _ */
  P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,  /* ` a-o */
  W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S   /* p-z { | } ~ DEL */
};

typedef struct cp_range {
  uint32_t first, last;
  uint16_t cls;
} cp_range;

/* Symbols, marks and caseless letters among the cased blocks
 * (U+0080-052F); any other code point there is a letter whose case the
 * fold table gives. */
static const cp_range cased_block_exceptions[] = {
  {0x0080, 0x009F, S},  {0x00A0, 0x00A0, S},  {0x00A1, 0x00A1, P},
  {0x00A2, 0x00A5, CU}, {0x00A6, 0x00A9, P},  {0x00AA, 0x00AA, L},
  {0x00AB, 0x00AB, Q},  {0x00AC, 0x00AC, P},  {0x00AD, 0x00AD, M},
  {0x00AE, 0x00B4, P},  {0x00B6, 0x00B9, P},  {0x00BA, 0x00BA, L},
  {0x00BB, 0x00BB, Q},  {0x00BC, 0x00BF, P},  {0x00D7, 0x00D7, P},
  {0x00F7, 0x00F7, P},  {0x01BB, 0x01BB, L},  {0x01C0, 0x01C3, L},
  {0x0294, 0x0294, L},  {0x02B0, 0x02C1, L},  {0x02C2, 0x02C5, P},
  {0x02C6, 0x02D1, L},  {0x02D2, 0x02DF, P},  {0x02E0, 0x02E4, L},
  {0x02E5, 0x02EB, P},  {0x02EC, 0x02EC, L},  {0x02ED, 0x02ED, P},
  {0x02EE, 0x02EE, L},  {0x02EF, 0x02FF, P},  {0x0300, 0x036F, M},
  {0x0374, 0x0374, L},  {0x0375, 0x0375, P},  {0x037A, 0x037A, L},
  {0x037E, 0x037E, P},  {0x0384, 0x0385, P},  {0x0387, 0x0387, P},
  {0x03D2, 0x03D4, U},  {0x03F6, 0x03F6, P},  {0x0482, 0x0482, P},
  {0x0483, 0x0489, M}
};

/* Beyond the cased blocks: what is not a letter. Sorted, disjoint. */
static const cp_range other_ranges[] = {
  {0x055A, 0x055F, P},   /* Armenian punctuation */
  {0x0589, 0x0589, P},   {0x058A, 0x058A, HY},  {0x058D, 0x058E, P},
  {0x058F, 0x058F, CU},  /* Armenian dram */
  {0x0591, 0x05BD, M},   /* Hebrew points */
  {0x05BE, 0x05BE, HY},  /* maqaf, the Hebrew hyphen */
  {0x05BF, 0x05BF, M},   {0x05C0, 0x05C0, P},   {0x05C1, 0x05C2, M},
  {0x05C3, 0x05C3, P},   {0x05C4, 0x05C5, M},   {0x05C6, 0x05C6, P},
  {0x05C7, 0x05C7, M},   {0x05F3, 0x05F4, P},
  {0x0600, 0x0605, P},   {0x0606, 0x060F, P},   /* Arabic comma ... */
  {0x0610, 0x061A, M},   {0x061B, 0x061B, P},   {0x061C, 0x061C, S},
  {0x061D, 0x061F, P},   {0x064B, 0x065F, M},   {0x066A, 0x066D, P},
  {0x0670, 0x0670, M},   {0x06D4, 0x06D4, P},   {0x06D6, 0x06DC, M},
  {0x06DD, 0x06DE, P},   {0x06DF, 0x06E4, M},   {0x06E7, 0x06E8, M},
  {0x06E9, 0x06E9, P},   {0x06EA, 0x06ED, M},
  {0x0964, 0x0965, P},   /* Devanagari danda */
  {0x0970, 0x0970, P},   {0x09F2, 0x09F3, CU},  /* Bengali rupee */
  {0x0AF1, 0x0AF1, CU},  {0x0BF9, 0x0BF9, CU},  {0x0E3F, 0x0E3F, CU},
  {0x0E4F, 0x0E4F, P},   {0x0E5A, 0x0E5B, P},   {0x10FB, 0x10FB, P},
  {0x1360, 0x1368, P},   /* Ethiopic punctuation */
  {0x1680, 0x1680, S},   {0x17D4, 0x17D6, P},   {0x17DB, 0x17DB, CU},
  {0x1AB0, 0x1AFF, M},   {0x1DC0, 0x1DFF, M},
  {0x1FBD, 0x1FBD, P},   {0x1FBF, 0x1FC1, P},   {0x1FCD, 0x1FCF, P},
  {0x1FDD, 0x1FDF, P},   {0x1FED, 0x1FEF, P},   {0x1FFD, 0x1FFE, P},
  {0x2000, 0x200B, S},   /* en quad ... zero width space */
  {0x200C, 0x200D, M},   /* ZWNJ, ZWJ join inside words */
  {0x200E, 0x200F, S},   /* LRM, RLM */
  {0x2010, 0x2011, HY},  {0x2012, 0x2015, DA},  {0x2016, 0x2017, P},
  {0x2018, 0x2018, Q},   {0x2019, 0x2019, AP},  {0x201A, 0x201F, Q},
  {0x2020, 0x2027, P},   {0x2028, 0x2029, NL},  {0x202A, 0x202F, S},
  {0x2030, 0x2038, P},   {0x2039, 0x203A, Q},   {0x203B, 0x205E, P},
  {0x205F, 0x205F, S},   {0x2060, 0x206F, S},   /* invisible operators */
  {0x2070, 0x209F, P},   /* super- and subscripts */
  {0x20A0, 0x20CF, CU},  /* currency symbols block */
  {0x20D0, 0x20FF, M},   /* combining marks for symbols */
  {0x2100, 0x2BFF, P},   /* letterlike, arrows, math, shapes, dingbats */
  {0x2CE5, 0x2CEA, P},   {0x2CF9, 0x2CFF, P},   {0x2DE0, 0x2DFF, M},
  {0x2E00, 0x2E16, P},   {0x2E17, 0x2E17, HY},  {0x2E18, 0x2E39, P},
  {0x2E3A, 0x2E3B, DA},  /* two- and three-em dashes */
  {0x2E3C, 0x2E7F, P},
  {0x3000, 0x3000, S},   /* ideographic space */
  {0x3001, 0x3004, P},   {0x3008, 0x3020, P},   /* CJK brackets, marks */
  {0x302A, 0x302F, M},   {0x3030, 0x3030, P},   {0x303D, 0x303F, P},
  {0x3099, 0x309A, M},   {0x30FB, 0x30FB, P},
  {0xFE00, 0xFE0F, M},   /* variation selectors */
  {0xFE10, 0xFE1F, P},   {0xFE20, 0xFE2F, M},   {0xFE30, 0xFE30, P},
  {0xFE31, 0xFE32, DA},  {0xFE33, 0xFE4F, P},   {0xFE50, 0xFE57, P},
  {0xFE58, 0xFE58, DA},  {0xFE59, 0xFE62, P},   {0xFE63, 0xFE63, HY},
  {0xFE64, 0xFE68, P},   {0xFE69, 0xFE69, CU},  {0xFE6A, 0xFE6B, P},
  {0xFEFF, 0xFEFF, S},   /* byte order mark */
  {0xFF01, 0xFF03, P},   {0xFF04, 0xFF04, CU},  {0xFF05, 0xFF0C, P},
  {0xFF0D, 0xFF0D, HY},  {0xFF0E, 0xFF0F, P},   {0xFF1A, 0xFF20, P},
  {0xFF21, 0xFF3A, U},   {0xFF3B, 0xFF40, P},   {0xFF41, 0xFF5A, W},
  {0xFF5B, 0xFF65, P},   {0xFFE0, 0xFFE1, CU},  {0xFFE2, 0xFFE4, P},
  {0xFFE5, 0xFFE6, CU},  {0xFFE8, 0xFFEE, P},   {0xFFF0, 0xFFFF, P},
  {0x1F000, 0x1F3FA, P}, /* emoji and other pictographs */
  {0x1F3FB, 0x1F3FF, M}, /* skin tone modifiers */
  {0x1F400, 0x1FAFF, P},
  {0xE0000, 0xE007F, S}, /* tags */
  {0xE0100, 0xE01EF, M}  /* variation selectors supplement */
};

typedef struct fold_run {
  uint16_t first, last;
  int16_t delta;
  uint8_t stride;  /* 1: every code point, 2: every other one */
  uint8_t upper;   /* 0 for the few lowercase letters that fold (µ ſ ς) */
} fold_run;

/* Simple case folding of U+0080-052F and U+1E00-1EFF (see the top). */
static const fold_run fold_runs[] = {
  {0x00B5, 0x00B5, 775, 1, 0}, {0x00C0, 0x00D6, 32, 1, 1},
  {0x00D8, 0x00DE, 32, 1, 1}, {0x0100, 0x012E, 1, 2, 1},
  {0x0130, 0x0130, -199, 1, 1}, {0x0132, 0x0136, 1, 2, 1},
  {0x0139, 0x0147, 1, 2, 1}, {0x014A, 0x0176, 1, 2, 1},
  {0x0178, 0x0178, -121, 1, 1}, {0x0179, 0x017D, 1, 2, 1},
  {0x017F, 0x017F, -268, 1, 0}, {0x0181, 0x0181, 210, 1, 1},
  {0x0182, 0x0184, 1, 2, 1}, {0x0186, 0x0186, 206, 1, 1},
  {0x0187, 0x0187, 1, 1, 1}, {0x0189, 0x018A, 205, 1, 1},
  {0x018B, 0x018B, 1, 1, 1}, {0x018E, 0x018E, 79, 1, 1},
  {0x018F, 0x018F, 202, 1, 1}, {0x0190, 0x0190, 203, 1, 1},
  {0x0191, 0x0191, 1, 1, 1}, {0x0193, 0x0193, 205, 1, 1},
  {0x0194, 0x0194, 207, 1, 1}, {0x0196, 0x0196, 211, 1, 1},
  {0x0197, 0x0197, 209, 1, 1}, {0x0198, 0x0198, 1, 1, 1},
  {0x019C, 0x019C, 211, 1, 1}, {0x019D, 0x019D, 213, 1, 1},
  {0x019F, 0x019F, 214, 1, 1}, {0x01A0, 0x01A4, 1, 2, 1},
  {0x01A6, 0x01A6, 218, 1, 1}, {0x01A7, 0x01A7, 1, 1, 1},
  {0x01A9, 0x01A9, 218, 1, 1}, {0x01AC, 0x01AC, 1, 1, 1},
  {0x01AE, 0x01AE, 218, 1, 1}, {0x01AF, 0x01AF, 1, 1, 1},
  {0x01B1, 0x01B2, 217, 1, 1}, {0x01B3, 0x01B5, 1, 2, 1},
  {0x01B7, 0x01B7, 219, 1, 1}, {0x01B8, 0x01B8, 1, 1, 1},
  {0x01BC, 0x01BC, 1, 1, 1}, {0x01C4, 0x01C4, 2, 1, 1},
  {0x01C5, 0x01C5, 1, 1, 1}, {0x01C7, 0x01C7, 2, 1, 1},
  {0x01C8, 0x01C8, 1, 1, 1}, {0x01CA, 0x01CA, 2, 1, 1},
  {0x01CB, 0x01DB, 1, 2, 1}, {0x01DE, 0x01EE, 1, 2, 1},
  {0x01F1, 0x01F1, 2, 1, 1}, {0x01F2, 0x01F4, 1, 2, 1},
  {0x01F6, 0x01F6, -97, 1, 1}, {0x01F7, 0x01F7, -56, 1, 1},
  {0x01F8, 0x021E, 1, 2, 1}, {0x0220, 0x0220, -130, 1, 1},
  {0x0222, 0x0232, 1, 2, 1}, {0x023A, 0x023A, 10795, 1, 1},
  {0x023B, 0x023B, 1, 1, 1}, {0x023D, 0x023D, -163, 1, 1},
  {0x023E, 0x023E, 10792, 1, 1}, {0x0241, 0x0241, 1, 1, 1},
  {0x0243, 0x0243, -195, 1, 1}, {0x0244, 0x0244, 69, 1, 1},
  {0x0245, 0x0245, 71, 1, 1}, {0x0246, 0x024E, 1, 2, 1},
  {0x0345, 0x0345, 116, 1, 0}, {0x0370, 0x0372, 1, 2, 1},
  {0x0376, 0x0376, 1, 1, 1}, {0x037F, 0x037F, 116, 1, 1},
  {0x0386, 0x0386, 38, 1, 1}, {0x0388, 0x038A, 37, 1, 1},
  {0x038C, 0x038C, 64, 1, 1}, {0x038E, 0x038F, 63, 1, 1},
  {0x0391, 0x03A1, 32, 1, 1}, {0x03A3, 0x03AB, 32, 1, 1},
  {0x03C2, 0x03C2, 1, 1, 0}, {0x03CF, 0x03CF, 8, 1, 1},
  {0x03D0, 0x03D0, -30, 1, 0}, {0x03D1, 0x03D1, -25, 1, 0},
  {0x03D5, 0x03D5, -15, 1, 0}, {0x03D6, 0x03D6, -22, 1, 0},
  {0x03D8, 0x03EE, 1, 2, 1}, {0x03F0, 0x03F0, -54, 1, 0},
  {0x03F1, 0x03F1, -48, 1, 0}, {0x03F4, 0x03F4, -60, 1, 1},
  {0x03F5, 0x03F5, -64, 1, 0}, {0x03F7, 0x03F7, 1, 1, 1},
  {0x03F9, 0x03F9, -7, 1, 1}, {0x03FA, 0x03FA, 1, 1, 1},
  {0x03FD, 0x03FF, -130, 1, 1}, {0x0400, 0x040F, 80, 1, 1},
  {0x0410, 0x042F, 32, 1, 1}, {0x0460, 0x0480, 1, 2, 1},
  {0x048A, 0x04BE, 1, 2, 1}, {0x04C0, 0x04C0, 15, 1, 1},
  {0x04C1, 0x04CD, 1, 2, 1}, {0x04D0, 0x052E, 1, 2, 1},
  {0x1E00, 0x1E94, 1, 2, 1}, {0x1E9B, 0x1E9B, -58, 1, 0},
  {0x1E9E, 0x1E9E, -7615, 1, 1}, {0x1EA0, 0x1EFE, 1, 2, 1}
};

/* U+2010-201F: hyphens, dashes and quotation marks. */
static const uint16_t general_punct[16] = {
  HY, HY, DA, DA, DA, DA, P, P, Q, AP, Q, Q, Q, Q, Q, Q
};

#undef L
#undef U
#undef W
#undef D
#undef S
#undef NL
#undef P
#undef Q
#undef AP
#undef HY
#undef DA
#undef CU
#undef M

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const cp_range *find_range(const cp_range *r, size_t n, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < r[mid].first) hi = mid;
    else if (cp > r[mid].last) lo = mid + 1;
    else return &r[mid];
  }
  return NULL;
}

static const fold_run *find_fold(uint32_t cp) {
  size_t lo = 0, hi = COUNT(fold_runs);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const fold_run *r = &fold_runs[mid];
    if (cp < r->first) hi = mid;
    else if (cp > r->last) lo = mid + 1;
    else return (cp - r->first) % r->stride == 0 ? r : NULL;
  }
  return NULL;
}

static bool in_cased_blocks(uint32_t cp) {
  return cp < 0x0530 || (cp >= 0x1E00 && cp <= 0x1EFF);
}

uint32_t glean_cp_class(uint32_t cp) {
  if (cp < 0x80) return glean_ascii_class[cp];
  if (cp > 0x10FFFF) return 0;  /* GLEAN_BAD_CP too */
  /* Shortcuts for the common letters and punctuation of news text. */
  if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7)
    return GLEAN_CC_LETTER | (cp < 0xDF ? GLEAN_CC_UPPER : GLEAN_CC_LOWER);
  if (cp >= 0x2010 && cp <= 0x201F) return general_punct[cp - 0x2010];
  if (in_cased_blocks(cp)) {
    const cp_range *ex = find_range(cased_block_exceptions,
                                    COUNT(cased_block_exceptions), cp);
    if (ex) return ex->cls;
    const fold_run *f = find_fold(cp);
    if (f && f->upper) return GLEAN_CC_LETTER | GLEAN_CC_UPPER;
    return GLEAN_CC_LETTER | GLEAN_CC_LOWER;
  }
  const cp_range *r = find_range(other_ranges, COUNT(other_ranges), cp);
  return r ? r->cls : GLEAN_CC_LETTER;
}

uint32_t glean_cp_fold(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (!in_cased_blocks(cp)) return cp;
  const fold_run *f = find_fold(cp);
  return f ? (uint32_t)((int32_t)cp + f->delta) : cp;
}

uint32_t glean_utf8_decode(const char *s, size_t len, size_t *adv) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned char b = p[0];
  *adv = 1;
  if (b < 0x80) return b;
  size_t n;
  uint32_t cp, min;
  if (b >= 0xC2 && b <= 0xDF) { n = 2; cp = b & 0x1Fu; min = 0x80; }
  else if (b >= 0xE0 && b <= 0xEF) { n = 3; cp = b & 0x0Fu; min = 0x800; }
  else if (b >= 0xF0 && b <= 0xF4) { n = 4; cp = b & 0x07u; min = 0x10000; }
  else return GLEAN_BAD_CP;  /* continuation byte, C0/C1 or F5-FF lead */
  if (len < n) return GLEAN_BAD_CP;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return GLEAN_BAD_CP;
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return GLEAN_BAD_CP;  /* overlong, out of range, surrogate */
  *adv = n;
  return cp;
}

size_t glean_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  /* not encodable */
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF) {
    o[0] = 0xEF; o[1] = 0xBF; o[2] = 0xBD;  /* U+FFFD */
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}
