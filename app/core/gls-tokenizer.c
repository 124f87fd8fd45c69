/* gls-tokenizer.c — tokens and sentences for the token-based formats
 *
 * gls_tokenize() cuts a document into tokens and sentences the same way every time; CoNLL,
 * Hugging Face and WebAnno TSV exports are built on it. Offsets are code points.
 *
 * Tokens, step by step:
 *
 *  1. White space (and control characters) separates tokens and is never part of one.
 *  2. Each run of other characters is cut into Unicode words (UAX #29 word boundaries, as
 *     Pango's is_word_boundary gives them). Runs made only of Latin, Greek and Cyrillic
 *     letters, ASCII digits and common punctuation are cut by a direct implementation of the
 *     same UAX #29 rules (the classes those characters have: ALetter, Numeric, MidLetter,
 *     MidNum, MidNumLet, Single_Quote, ExtendNumLet); every other run goes to
 *     pango_get_log_attrs(). The result is the same (a test compares the two paths), but
 *     Pango alone costs about 100 ms per MB, more than the whole budget.
 *     A word keeps its inner apostrophes and periods ("don't", "U.S", "e.g"), digit groups
 *     ("2,000", "3.5") and ordinals ("20th"). Anything that is not a word is a token per
 *     character (per grapheme cluster: "🚀", "👍🏽", "🇺🇦" are one token each); a lone
 *     format character (zero-width space, byte order mark) is dropped like white space.
 *  3. Every start and end in @boundaries splits the token it falls in.
 *  4. English rules, each applied only where no boundary from step 3 falls inside the result:
 *     - a colon inside a word is a token ("Note:This" → "Note" ":" "This");
 *     - clitics are split off in Treebank style: "'s" "'S" "'re" "'ve" "'ll" "'d" "'m" and
 *       "n't", with ' or ’ ("Russia's" → "Russia" "'s", "don't" → "do" "n't", "can't" →
 *       "ca" "n't", "1990's" → "1990" "'s"); a free-standing "'s" stays one token;
 *     - two or more periods in a row are one token ("...");
 *     - a word followed by a period is one token when it is an abbreviation: a title
 *       ("Mr." "Mrs." "Ms." "Dr." "Prof." "St." "Gen." "Sen." "Rep." "Gov." "Lt." "Col."
 *       "Capt." "Sgt." "Maj." "Adm." "Rev." "Hon." "Mt." "Ft." …), a month ("Jan." … "Dec.",
 *       "Sept."), "e.g." "i.e." "cf." "vs." "viz.", a single capital initial ("W."), a company
 *       or list word ("Inc." "Corp." "Ltd." "Co." "Bros." "Jr." "Sr." "etc." "approx." …), or
 *       a word with inner periods between groups of one or two letters ("U.S." "U.K." "a.m."
 *       "Ph.D.");
 *     - hours and scores stay whole ("10:30", "2:1");
 *     - words joined by a hyphen stay one token, as in CoNLL-2003 ("GRU-backed", "1-0",
 *       "state-of-the-art"); a boundary at the hyphen gives "GRU" "-" "backed";
 *     - a currency sign is a token of its own ("€2.1bn" → "€" "2.1bn"), as in the Penn
 *       Treebank.
 *
 * Sentences (token by token, in the spirit of UAX #29's sentence rules; Pango's sentence
 * boundaries are not used: they cost as much as the words, and break after "3.5 €"):
 *
 *  - A blank line (two line breaks with only white space between, U+2029 or a form feed)
 *    always ends a sentence: a headline is its own sentence.
 *  - A token that starts with a lowercase letter never starts a sentence, nor does a comma,
 *    semicolon, colon, percent sign or closing bracket or quote.
 *  - A single line break ends a sentence, unless the line ends with a title ("Mr.") or a
 *    comma, colon, semicolon, dash or opening bracket or quote (hard-wrapped text).
 *  - Otherwise a sentence ends after . ! ? … ‼ ⁇ ⁈ ⁉ 。 ！ ？ ． ｡ ؟ ۔ । ॥ and closing
 *    brackets or quotes attached to them, except: never after a title or initial; after
 *    another abbreviation ("U.S." "Inc." "a.m.") only when the next token does not start
 *    with a digit; after a period with no space before the next token, never; after "!" or
 *    "?" with no space, only before a letter or digit ("!!" and "?!" stay together; "。"
 *    ends a Chinese sentence without a space).
 *  - Finally, a sentence break between two tokens that one range of @boundaries both
 *    overlaps is dropped: a span never straddles two sentences. This wins over every rule
 *    above, the blank line included.
 *
 * Examples (tokens separated by "|", sentences by "‖"):
 *
 *   "U.S. officials met on May 14."      U.S.|officials|met|on|May|14|.
 *   "Last week's talks"                  Last|week|'s|talks
 *   "He didn't go. Mr. Smith did."       He|did|n't|go|.‖Mr.|Smith|did|.
 *   "20th May, 2019"                     20th|May|,|2019
 *   "the GRU-backed hackers"             the|GRU-backed|hackers
 *   … with a span on "GRU"               the|GRU|-|backed|hackers
 *   "Great launch 🚀!"                   Great|launch|🚀|!
 *   "Headline\n\nBody text."             Headline‖Body|text|.
 *   "He paid €2.1bn... Then left."       He|paid|€|2.1bn|...‖Then|left|.
 *
 * Cost: one pass to decode, one to cut, one per English rule and one for sentences; linear
 * in the text (the boundaries are sorted once). About 30 ms per MB of news text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-tokenizer"

#include "config.h"

#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>

#include "gls-tokenizer.h"

typedef enum
{
  KIND_WORD,      /* has a letter or digit */
  KIND_PUNCT,     /* anything else that is not white space: punctuation, symbols, emoji */
  KIND_CLITIC,    /* "'s", "n't", … */
  KIND_ABBREV,    /* "U.S.", "Inc.", "a.m.": ends a sentence only before a non-digit */
  KIND_TITLE,     /* "Mr.", "Jan.", "e.g.", "W.": never ends a sentence */
} PieceKind;

/* A token on its way: while the text is cut and the rules run, its sentence field holds its
 * PieceKind; the last pass writes the sentence there. One array serves from start to end. */
typedef GlsToken Piece;
#define KIND(p) ((PieceKind)(p)->sentence)

typedef struct
{
  const char *text;
  const gunichar *chars;
  gint64 n_chars;
  const gint64 *boundaries;   /* sorted, unique, strictly inside the text */
  guint n_boundaries;
  guint cursor;               /* first boundary not yet passed while cutting */
  GArray *pieces;
  PangoLogAttr *attrs;        /* reused for every run Pango cuts */
  gsize n_attrs;
} Tokenizer;

/* ------------------------------------------------------------------------------------------ */
/* Characters                                                                                   */

/* UAX #29 Word_Break classes of the characters the fast path handles. */
typedef enum
{
  WB_OTHER,
  WB_ALETTER,
  WB_NUMERIC,
  WB_MID_LETTER,
  WB_MID_NUM,
  WB_MID_NUM_LET,
  WB_SINGLE_QUOTE,
  WB_EXTEND_NUM_LET,
  WB_COMPLEX,           /* left to Pango */
} WordClass;

static inline gboolean
is_separator (gunichar c)
{
  if (c < 0x80)
    return c <= 0x20 || c == 0x7f;
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_CONTROL;
}

static WordClass
word_class (gunichar c)
{
  if (c < 0x80)
    {
      if (g_ascii_isalpha (c))
        return WB_ALETTER;
      if (g_ascii_isdigit (c))
        return WB_NUMERIC;
      switch (c)
        {
        case ':':
          return WB_MID_LETTER;
        case ',':
        case ';':
          return WB_MID_NUM;
        case '.':
          return WB_MID_NUM_LET;
        case '\'':
          return WB_SINGLE_QUOTE;
        case '_':
          return WB_EXTEND_NUM_LET;
        default:
          return WB_OTHER;
        }
    }

  /* Latin-1, Latin Extended-A and -B; Greek; Cyrillic and its supplement. */
  if (c < 0x0250 || (c >= 0x0370 && c < 0x0530))
    {
      switch (c)
        {
        case 0x00B7: /* MIDDLE DOT */
        case 0x0387: /* GREEK ANO TELEIA */
          return WB_MID_LETTER;
        case 0x037E: /* GREEK QUESTION MARK */
          return WB_MID_NUM;
        default:
          break;
        }
      switch (g_unichar_type (c))
        {
        case G_UNICODE_LOWERCASE_LETTER:
        case G_UNICODE_UPPERCASE_LETTER:
        case G_UNICODE_TITLECASE_LETTER:
        case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER:
          return WB_ALETTER;
        case G_UNICODE_CONNECT_PUNCTUATION:
        case G_UNICODE_DASH_PUNCTUATION:
        case G_UNICODE_CLOSE_PUNCTUATION:
        case G_UNICODE_FINAL_PUNCTUATION:
        case G_UNICODE_INITIAL_PUNCTUATION:
        case G_UNICODE_OTHER_PUNCTUATION:
        case G_UNICODE_OPEN_PUNCTUATION:
        case G_UNICODE_CURRENCY_SYMBOL:
        case G_UNICODE_MODIFIER_SYMBOL:
        case G_UNICODE_MATH_SYMBOL:
        case G_UNICODE_OTHER_SYMBOL:
        case G_UNICODE_OTHER_NUMBER:
          return WB_OTHER;
        default:
          /* Marks, format characters (soft hyphen), unassigned code points. */
          return WB_COMPLEX;
        }
    }

  /* General punctuation: quotes, dashes, the ellipsis. */
  if (c >= 0x2010 && c <= 0x205E)
    {
      switch (c)
        {
        case 0x2018: /* ‘ */
        case 0x2019: /* ’ */
        case 0x2024: /* ONE DOT LEADER */
          return WB_MID_NUM_LET;
        case 0x2027: /* HYPHENATION POINT */
          return WB_MID_LETTER;
        case 0x2044: /* FRACTION SLASH */
          return WB_MID_NUM;
        case 0x203F:
        case 0x2040:
        case 0x2054:
          return WB_EXTEND_NUM_LET;
        default:
          return g_unichar_type (c) == G_UNICODE_FORMAT ? WB_COMPLEX : WB_OTHER;
        }
    }

  /* Currency signs. */
  if (c >= 0x20A0 && c <= 0x20C0)
    return WB_OTHER;

  return WB_COMPLEX;
}

static inline gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static inline gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

static inline gunichar
ascii_lower (gunichar c)
{
  return c < 0x80 ? (gunichar)g_ascii_tolower ((char)c) : c;
}

/* Sentence_Terminal (the common ones) and the period-like ATerm. */
static gboolean
is_terminal (gunichar c)
{
  switch (c)
    {
    case '.': case '!': case '?':
    case 0x037E: case 0x0589: case 0x061F: case 0x06D4: case 0x0964: case 0x0965:
    case 0x1362: case 0x2024: case 0x2026: case 0x203C: case 0x203D: case 0x2047:
    case 0x2048: case 0x2049: case 0x3002: case 0xFE52: case 0xFF01: case 0xFF0E:
    case 0xFF1F: case 0xFF61:
      return TRUE;
    default:
      return FALSE;
    }
}

static inline gboolean
is_period (gunichar c)
{
  return c == '.' || c == 0x2024 || c == 0xFE52 || c == 0xFF0E || c == 0x2026;
}

/* A quote or closing bracket that may follow the end of a sentence. */
static gboolean
is_closer (gunichar c)
{
  GUnicodeType type;

  if (c == '"' || c == '\'')
    return TRUE;
  type = g_unichar_type (c);
  return type == G_UNICODE_CLOSE_PUNCTUATION || type == G_UNICODE_FINAL_PUNCTUATION ||
         type == G_UNICODE_INITIAL_PUNCTUATION;
}

/* What a sentence cannot start with. */
static gboolean
is_continuation (gunichar c)
{
  GUnicodeType type;

  if (c == ',' || c == ';' || c == ':' || c == '%' || c == 0xFF0C || c == 0x3001)
    return TRUE;
  type = g_unichar_type (c);
  return type == G_UNICODE_CLOSE_PUNCTUATION || type == G_UNICODE_FINAL_PUNCTUATION;
}

/* What a line cannot end a sentence with. */
static gboolean
is_connector (gunichar c)
{
  GUnicodeType type;

  if (c == ',' || c == ';' || c == ':' || c == 0xFF0C || c == 0x3001)
    return TRUE;
  type = g_unichar_type (c);
  return type == G_UNICODE_DASH_PUNCTUATION || type == G_UNICODE_OPEN_PUNCTUATION ||
         type == G_UNICODE_INITIAL_PUNCTUATION;
}

/* ------------------------------------------------------------------------------------------ */
/* Abbreviations                                                                                */

/* Never end a sentence. */
static const char * const titles[] = {
  "Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov",
  "Lt", "Col", "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Cdr", "Rev", "Hon", "Pres", "Supt",
  "Mt", "Ft", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
  "Dec", "e.g", "i.e", "cf", "vs", "viz",
};

/* End a sentence only before a word that does not start with a digit or a lowercase letter. */
static const char * const abbreviations[] = {
  "Inc", "Corp", "Ltd", "Co", "Bros", "Jr", "Sr", "Esq", "etc", "approx", "Ave", "Blvd",
  "Rd", "Dept", "dept", "est", "Fig", "fig", "Vol", "vol", "pp", "al",
};

static gboolean
equals_ascii (const gunichar *chars,
              gint64          start,
              gint64          end,
              const char     *word)
{
  gint64 i;

  for (i = start; i < end && word[i - start] != '\0'; i++)
    if (chars[i] != (guchar)word[i - start])
      return FALSE;
  return i == end && word[i - start] == '\0';
}

static gboolean
in_list (const gunichar     *chars,
         gint64              start,
         gint64              end,
         const char * const *list,
         gsize               n)
{
  if (end - start > 6)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (equals_ascii (chars, start, end, list[i]))
      return TRUE;
  return FALSE;
}

/* "U.S", "a.m", "Ph.D": letters in groups of one or two, joined by periods. */
static gboolean
is_dotted_abbreviation (const gunichar *chars,
                        gint64          start,
                        gint64          end)
{
  guint group = 0;
  gboolean dotted = FALSE;

  for (gint64 i = start; i < end; i++)
    {
      if (chars[i] == '.')
        {
          if (group == 0)
            return FALSE;
          group = 0;
          dotted = TRUE;
        }
      else if (g_unichar_isalpha (chars[i]))
        {
          if (++group > 2)
            return FALSE;
        }
      else
        return FALSE;
    }
  return dotted && group > 0;
}

/* What the word [start, end) is when a period follows it: KIND_TITLE, KIND_ABBREV, or
 * KIND_WORD when it is no abbreviation. A lone capital is an initial ("John F. Kennedy"),
 * except "I". */
static PieceKind
abbreviation_kind (const gunichar *chars,
                   gint64          start,
                   gint64          end)
{
  if (in_list (chars, start, end, titles, G_N_ELEMENTS (titles)) ||
      (end - start == 1 && g_unichar_isupper (chars[start]) && chars[start] != 'I'))
    return KIND_TITLE;
  if (in_list (chars, start, end, abbreviations, G_N_ELEMENTS (abbreviations)) ||
      is_dotted_abbreviation (chars, start, end))
    return KIND_ABBREV;
  return KIND_WORD;
}

/* ------------------------------------------------------------------------------------------ */
/* Cutting                                                                                      */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static gboolean
is_boundary (const Tokenizer *tk,
             gint64           position)
{
  return tk->n_boundaries > 0 &&
         bsearch (&position, tk->boundaries, tk->n_boundaries, sizeof (gint64),
                  compare_int64) != NULL;
}

static inline void
push (Tokenizer *tk,
      gint64     start,
      gint64     end,
      PieceKind  kind)
{
  Piece piece = { start, end, kind };

  g_array_append_val (tk->pieces, piece);
}

/* Whether [start, end) is a word: it has a letter or a digit (not "²", which is a symbol). */
static gboolean
has_word_char (const Tokenizer *tk,
               gint64           start,
               gint64           end)
{
  for (gint64 i = start; i < end; i++)
    switch (tk->chars[i] < 0x80 ? (g_ascii_isalnum (tk->chars[i]) ? G_UNICODE_DECIMAL_NUMBER
                                                                  : G_UNICODE_OTHER_PUNCTUATION)
                                : g_unichar_type (tk->chars[i]))
      {
      case G_UNICODE_LOWERCASE_LETTER:
      case G_UNICODE_UPPERCASE_LETTER:
      case G_UNICODE_TITLECASE_LETTER:
      case G_UNICODE_MODIFIER_LETTER:
      case G_UNICODE_OTHER_LETTER:
      case G_UNICODE_DECIMAL_NUMBER:
      case G_UNICODE_LETTER_NUMBER:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

/* How many characters of clitic end the word [start, end): "'s" 2, "'ll" 3, "n't" 3, or 0. */
static guint
clitic_length (const gunichar *c,
               gint64          start,
               gint64          end)
{
  gint64 n = end - start;

  if (n >= 3 && is_apostrophe (c[end - 2]) && g_unichar_isalnum (c[end - 3]))
    {
      gunichar x = ascii_lower (c[end - 1]);
      if (x == 's' || x == 'd' || x == 'm')
        return 2;
    }
  if (n >= 4 && g_unichar_isalnum (c[end - 4]))
    {
      gunichar x = ascii_lower (c[end - 2]), y = ascii_lower (c[end - 1]);

      if (is_apostrophe (c[end - 3]) &&
          ((x == 'r' && y == 'e') || (x == 'v' && y == 'e') || (x == 'l' && y == 'l')))
        return 3;
      if (ascii_lower (c[end - 3]) == 'n' && is_apostrophe (c[end - 2]) && y == 't')
        return 3;
    }
  return 0;
}

static void
push_word (Tokenizer *tk,
           gint64     start,
           gint64     end)
{
  guint clitic;

  if (start >= end)
    return;
  if (!has_word_char (tk, start, end))
    {
      push (tk, start, end, KIND_PUNCT);
      return;
    }
  clitic = clitic_length (tk->chars, start, end);
  if (clitic > 0)
    {
      push (tk, start, end - clitic, KIND_WORD);
      push (tk, end - clitic, end, KIND_CLITIC);
    }
  else
    push (tk, start, end, KIND_WORD);
}

/* A word, once the boundaries have cut it: colons apart, then clitics. */
static void
push_word_part (Tokenizer *tk,
                gint64     start,
                gint64     end)
{
  gint64 from = start;

  for (gint64 i = start; i < end; i++)
    if (tk->chars[i] == ':' || tk->chars[i] == 0xFF1A)
      {
        push_word (tk, from, i);
        push (tk, i, i + 1, KIND_PUNCT);
        from = i + 1;
      }
  push_word (tk, from, end);
}

/* One UAX #29 segment: cut at the boundaries inside it. */
static void
add_segment (Tokenizer *tk,
             gint64     start,
             gint64     end,
             gboolean   word)
{
  gint64 from = start;

  while (tk->cursor < tk->n_boundaries && tk->boundaries[tk->cursor] <= start)
    tk->cursor++;
  while (tk->cursor < tk->n_boundaries && tk->boundaries[tk->cursor] < end)
    {
      gint64 at = tk->boundaries[tk->cursor++];

      if (word)
        push_word_part (tk, from, at);
      else
        push (tk, from, at, KIND_PUNCT);
      from = at;
    }
  if (word)
    push_word_part (tk, from, end);
  else
    push (tk, from, end, KIND_PUNCT);
}

static inline gboolean
joins (WordClass c)
{
  return c == WB_ALETTER || c == WB_NUMERIC || c == WB_EXTEND_NUM_LET;
}

/* UAX #29 word boundaries (WB5–WB13b) for a run without white space or complex characters. */
static void
cut_simple (Tokenizer *tk,
            gint64     start,
            gint64     end)
{
  const gunichar *c = tk->chars;
  gint64 i = start;

  while (i < end)
    {
      WordClass last = word_class (c[i]);
      gint64 j = i + 1;
      gboolean word = FALSE;

      if (joins (last))
        {
          while (j < end)
            {
              WordClass next = word_class (c[j]);

              if (joins (next))
                {
                  last = next;
                  j++;
                  continue;
                }
              if (j + 1 < end)
                {
                  WordClass after = word_class (c[j + 1]);

                  if (last == WB_ALETTER && after == WB_ALETTER &&
                      (next == WB_MID_LETTER || next == WB_MID_NUM_LET || next == WB_SINGLE_QUOTE))
                    {
                      j += 2;
                      continue;
                    }
                  if (last == WB_NUMERIC && after == WB_NUMERIC &&
                      (next == WB_MID_NUM || next == WB_MID_NUM_LET || next == WB_SINGLE_QUOTE))
                    {
                      j += 2;
                      continue;
                    }
                }
              break;
            }
          word = has_word_char (tk, i, j);
        }
      add_segment (tk, i, j, word);
      i = j;
    }
}

static gboolean
only_format (const Tokenizer *tk,
             gint64           start,
             gint64           end)
{
  for (gint64 i = start; i < end; i++)
    if (g_unichar_type (tk->chars[i]) != G_UNICODE_FORMAT)
      return FALSE;
  return TRUE;
}

/* A segment from Pango, less the white space UAX #29 lets into some ("1\u202F000"). */
static void
add_pango_segment (Tokenizer *tk,
                   gint64     start,
                   gint64     end)
{
  gint64 from = start;

  for (gint64 i = start; i <= end; i++)
    if (i == end || is_separator (tk->chars[i]))
      {
        if (from < i && !only_format (tk, from, i))
          add_segment (tk, from, i, has_word_char (tk, from, i));
        from = i + 1;
      }
}

/* Any other stretch: Pango's word boundaries. */
static void
cut_with_pango (Tokenizer  *tk,
                const char *bytes,
                gsize       n_bytes,
                gint64      start,
                gint64      end)
{
  gsize n = (gsize)(end - start);
  gint64 from = 0;

  if (n_bytes > G_MAXINT / 2)
    {
      /* Not something a document holds; cut it without Pango rather than overflow. */
      cut_simple (tk, start, end);
      return;
    }
  if (tk->n_attrs < n + 1)
    {
      tk->n_attrs = MAX (n + 1, 2 * tk->n_attrs);
      g_free (tk->attrs);
      tk->attrs = g_new (PangoLogAttr, tk->n_attrs);
    }
  pango_get_log_attrs (bytes, (int)n_bytes, -1, pango_language_from_string ("en"),
                       tk->attrs, (int)(n + 1));
  for (gsize i = 1; i <= n; i++)
    if (tk->attrs[i].is_word_boundary || i == n)
      {
        add_pango_segment (tk, start + from, start + (gint64)i);
        from = (gint64)i;
      }
}

/* ------------------------------------------------------------------------------------------ */
/* English rules: merges, each refused where a boundary falls inside the result                */

static inline gboolean
is_single (const Tokenizer *tk,
           const Piece     *p,
           gunichar         c)
{
  return KIND (p) == KIND_PUNCT && p->end - p->start == 1 && tk->chars[p->start] == c;
}

static inline gboolean
attached (const Tokenizer *tk,
          const Piece     *a,
          const Piece     *b)
{
  return a->end == b->start && !is_boundary (tk, a->end);
}

static gboolean
all_digits (const Tokenizer *tk,
            const Piece     *p)
{
  for (gint64 i = p->start; i < p->end; i++)
    if (!g_ascii_isdigit (tk->chars[i]))
      return FALSE;
  return KIND (p) == KIND_WORD;
}

static gboolean
is_clitic_word (const Tokenizer *tk,
                const Piece     *p)
{
  static const char * const clitics[] = { "s", "re", "ve", "ll", "d", "m" };
  gint64 n = p->end - p->start;

  if (KIND (p) != KIND_WORD || n > 2)
    return FALSE;
  for (gsize k = 0; k < G_N_ELEMENTS (clitics); k++)
    {
      if ((gsize)n != strlen (clitics[k]))
        continue;
      if (ascii_lower (tk->chars[p->start]) == (gunichar)clitics[k][0] &&
          (n == 1 || ascii_lower (tk->chars[p->start + 1]) == (gunichar)clitics[k][1]))
        return TRUE;
    }
  return FALSE;
}

/* A word that may take part in a hyphenated compound. */
static gboolean
is_compound_part (const Tokenizer *tk,
                  const Piece     *p)
{
  return KIND (p) == KIND_WORD && g_unichar_isalnum (tk->chars[p->start]) &&
         g_unichar_isalnum (tk->chars[p->end - 1]);
}

static void
merge_pieces (Tokenizer *tk)
{
  Piece *p = (Piece *)(gpointer)tk->pieces->data;
  guint n = tk->pieces->len, w, i;

  /* "...", "'" + "s", word + "." */
  for (i = 0, w = 0; i < n; w++)
    {
      Piece cur = p[i++];

      if (is_single (tk, &cur, '.'))
        {
          while (i < n && is_single (tk, &p[i], '.') && attached (tk, &cur, &p[i]))
            cur.end = p[i++].end;
        }
      else if (KIND (&cur) == KIND_PUNCT && cur.end - cur.start == 1 &&
               is_apostrophe (tk->chars[cur.start]) && i < n && is_clitic_word (tk, &p[i]) &&
               attached (tk, &cur, &p[i]))
        {
          cur.end = p[i++].end;
          cur.sentence = KIND_CLITIC;
        }
      else if (KIND (&cur) == KIND_WORD && i < n && is_single (tk, &p[i], '.') &&
               attached (tk, &cur, &p[i]) &&
               !(i + 1 < n && is_single (tk, &p[i + 1], '.') && p[i].end == p[i + 1].start))
        {
          PieceKind kind = abbreviation_kind (tk->chars, cur.start, cur.end);

          if (kind != KIND_WORD)
            {
              cur.end = p[i++].end;
              cur.sentence = kind;
            }
        }
      p[w] = cur;
    }
  n = w;

  /* "10:30" */
  for (i = 0, w = 0; i < n; w++)
    {
      Piece cur = p[i++];

      if (all_digits (tk, &cur))
        while (i + 1 < n && is_single (tk, &p[i], ':') && all_digits (tk, &p[i + 1]) &&
               attached (tk, &cur, &p[i]) && attached (tk, &p[i], &p[i + 1]))
          {
            cur.end = p[i + 1].end;
            i += 2;
          }
      p[w] = cur;
    }
  n = w;

  /* "GRU-backed" */
  for (i = 0, w = 0; i < n; w++)
    {
      Piece cur = p[i++];

      if (is_compound_part (tk, &cur))
        while (i + 1 < n && KIND (&p[i]) == KIND_PUNCT && p[i].end - p[i].start == 1 &&
               is_hyphen (tk->chars[p[i].start]) && is_compound_part (tk, &p[i + 1]) &&
               attached (tk, &cur, &p[i]) && attached (tk, &p[i], &p[i + 1]))
          {
            cur.end = p[i + 1].end;
            i += 2;
          }
      p[w] = cur;
    }
  g_array_set_size (tk->pieces, w);
}

/* ------------------------------------------------------------------------------------------ */
/* Sentences                                                                                    */

/* Whether a sentence ends between p[i - 1] and p[i]; @core is p[i - 1] without the quotes and
 * brackets attached after it. The pieces' kinds are given apart: their sentence fields are
 * being overwritten. */
static gboolean
ends_sentence (const Tokenizer *tk,
               const Piece     *p,
               guint            i,
               guint            core,
               PieceKind        prev_kind,
               PieceKind        cur_kind,
               PieceKind        core_kind)
{
  const gunichar *c = tk->chars;
  const Piece *prev = &p[i - 1], *cur = &p[i], *t = &p[core];
  gunichar first = c[cur->start], last;
  guint n_lines = 0;
  gboolean paragraph = FALSE;

  for (gint64 k = prev->end; k < cur->start; k++)
    switch (c[k])
      {
      case '\r':
        if (k + 1 < cur->start && c[k + 1] == '\n')
          k++;
        n_lines++;
        break;
      case '\n':
      case 0x0085:
      case 0x2028:
        n_lines++;
        break;
      case '\f':
      case 0x2029:
        paragraph = TRUE;
        break;
      default:
        break;
      }
  if (paragraph || n_lines >= 2)
    return TRUE;

  if (g_unichar_islower (first))
    return FALSE;
  if (cur_kind == KIND_PUNCT && is_continuation (first))
    return FALSE;
  if (cur_kind == KIND_PUNCT && (first == '"' || first == '\'') && cur->start == prev->end)
    return FALSE;

  if (n_lines > 0)
    return !(prev_kind == KIND_TITLE ||
             (prev_kind == KIND_PUNCT && is_connector (c[prev->end - 1])));

  last = c[t->end - 1];
  if (core_kind == KIND_PUNCT && core > 0 && last == '.' && t->end - t->start == 1 &&
      p[core - 1].end == t->start)
    {
      /* "Mr" "." that a boundary kept apart still reads as "Mr." */
      PieceKind before = abbreviation_kind (c, p[core - 1].start, p[core - 1].end);

      if (before != KIND_WORD)
        core_kind = before;
    }
  if (!is_terminal (last) || core_kind == KIND_TITLE)
    return FALSE;
  if (core_kind == KIND_ABBREV && g_unichar_isdigit (first))
    return FALSE;
  if (cur->start == prev->end)
    {
      if (is_period (last))
        return FALSE;
      if (!g_unichar_isalnum (first))
        return FALSE;
    }
  return TRUE;
}

/* Moves past one run of characters that are not white space; whether it needs Pango. */
static gboolean
scan_run (const gunichar  *chars,
          gint64           n_chars,
          gint64          *i,
          const char     **p)
{
  gboolean complex = FALSE;

  while (*i < n_chars && !is_separator (chars[*i]))
    {
      complex = complex || word_class (chars[*i]) == WB_COMPLEX;
      *p = g_utf8_next_char (*p);
      (*i)++;
    }
  return complex;
}

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const GlsFragment *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* ------------------------------------------------------------------------------------------ */

GArray *
gls_tokenize (const char        *text,
              gssize             length,
              const GlsFragment *boundaries,
              guint              n_boundaries)
{
  g_autofree gunichar *chars = NULL;
  g_autofree gint64 *cuts = NULL;
  g_autofree GlsFragment *ranges = NULL;
  Tokenizer tk = { 0 };
  const char *p;
  glong n_chars = 0;
  guint n_cuts = 0, n_ranges = 0, sentence = 0, sentence_first = 0, next_range = 0;
  guint8 ring[8];
  gint64 i, reach = G_MININT64;
  Piece *pieces;

  g_return_val_if_fail (text != NULL || length == 0, g_array_new (FALSE, FALSE, sizeof (GlsToken)));
  g_return_val_if_fail (boundaries != NULL || n_boundaries == 0,
                        g_array_new (FALSE, FALSE, sizeof (GlsToken)));

  if (length < 0)
    length = (gssize)strlen (text);
  if (length == 0)
    return g_array_new (FALSE, FALSE, sizeof (GlsToken));
  if (!g_utf8_validate_len (text, (gsize)length, NULL))
    {
      g_critical ("gls_tokenize: the text is not valid UTF-8");
      return g_array_new (FALSE, FALSE, sizeof (GlsToken));
    }
  chars = g_utf8_to_ucs4_fast (text, length, &n_chars);

  /* Boundaries strictly inside the text, sorted, without repeats; ranges sorted by start. */
  cuts = g_new (gint64, 2 * (gsize)n_boundaries + 1);
  ranges = g_new (GlsFragment, (gsize)n_boundaries + 1);
  for (guint k = 0; k < n_boundaries; k++)
    {
      if (boundaries[k].start > 0 && boundaries[k].start < n_chars)
        cuts[n_cuts++] = boundaries[k].start;
      if (boundaries[k].end > 0 && boundaries[k].end < n_chars)
        cuts[n_cuts++] = boundaries[k].end;
      if (boundaries[k].start < boundaries[k].end)
        ranges[n_ranges++] = boundaries[k];
    }
  qsort (cuts, n_cuts, sizeof (gint64), compare_int64);
  if (n_cuts > 0)
    {
      guint u = 1;

      for (guint k = 1; k < n_cuts; k++)
        if (cuts[k] != cuts[u - 1])
          cuts[u++] = cuts[k];
      n_cuts = u;
    }
  qsort (ranges, n_ranges, sizeof (GlsFragment), compare_fragments);

  tk.text = text;
  tk.chars = chars;
  tk.n_chars = n_chars;
  tk.boundaries = cuts;
  tk.n_boundaries = n_cuts;
  tk.pieces = g_array_sized_new (FALSE, FALSE, sizeof (Piece), (guint)MIN (n_chars / 4 + 16, 1 << 22));

  /* Runs between white space, each cut by the fast path or by Pango. Consecutive runs that
   * need Pango go to it together: a call costs more than a few characters. */
  p = text;
  i = 0;
  while (i < n_chars)
    {
      const char *run, *run_end;
      gint64 start, end;

      if (is_separator (chars[i]))
        {
          p = g_utf8_next_char (p);
          i++;
          continue;
        }
      run = p;
      start = i;
      if (!scan_run (chars, n_chars, &i, &p))
        {
          cut_simple (&tk, start, i);
          continue;
        }
      end = i;
      run_end = p;
      for (;;)
        {
          while (i < n_chars && is_separator (chars[i]))
            {
              p = g_utf8_next_char (p);
              i++;
            }
          if (i == n_chars || !scan_run (chars, n_chars, &i, &p))
            break;
          end = i;
          run_end = p;
        }
      cut_with_pango (&tk, run, (gsize)(run_end - run), start, end);
      i = end;
      p = run_end;
    }

  merge_pieces (&tk);

  /* Sentences. */
  pieces = (Piece *)(gpointer)tk.pieces->data;
  for (guint k = 0; k < tk.pieces->len; k++)
    {
      ring[k % G_N_ELEMENTS (ring)] = KIND (&pieces[k]);
      if (k > 0)
        {
          const Piece *prev = &pieces[k - 1];
          guint core = k - 1;

          /* Quotes and brackets attached after the end of a sentence belong to it. */
          while (core > sentence_first && k - 1 - core < 4 &&
                 ring[core % G_N_ELEMENTS (ring)] == KIND_PUNCT &&
                 pieces[core].end - pieces[core].start == 1 &&
                 is_closer (chars[pieces[core].start]) &&
                 pieces[core - 1].end == pieces[core].start)
            core--;

          /* The farthest end of the ranges that start before the previous token ends. */
          for (; next_range < n_ranges && ranges[next_range].start < prev->end; next_range++)
            reach = MAX (reach, ranges[next_range].end);

          if (reach <= pieces[k].start &&
              ends_sentence (&tk, pieces, k, core, ring[(k - 1) % G_N_ELEMENTS (ring)],
                             ring[k % G_N_ELEMENTS (ring)], ring[core % G_N_ELEMENTS (ring)]))
            {
              sentence++;
              sentence_first = k;
            }
        }
      pieces[k].sentence = sentence;
    }

  g_free (tk.attrs);
  return tk.pieces;
}
