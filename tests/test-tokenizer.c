/* test-tokenizer.c — tokens and sentences for the token-based formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gls-tokenizer.h"

/* "Last|week|'s|talks ‖ Next|one": tokens joined by "|", sentences by " ‖ ". */
static char *
describe (const char *text,
          GArray     *tokens)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  gint64 position = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const GlsToken *token = &g_array_index (tokens, GlsToken, i);
      const char *start, *end;

      if (i > 0)
        g_string_append (out, token->sentence != g_array_index (tokens, GlsToken, i - 1).sentence
                              ? " ‖ " : "|");
      start = g_utf8_offset_to_pointer (p, token->start - position);
      end = g_utf8_offset_to_pointer (start, token->end - token->start);
      g_string_append_len (out, start, end - start);
      p = end;
      position = token->end;
    }
  return g_string_free (out, FALSE);
}

static char *
tokenize (const char        *text,
          const GlsFragment *boundaries,
          guint              n_boundaries)
{
  g_autoptr(GArray) tokens = gls_tokenize (text, -1, boundaries, n_boundaries);

  return describe (text, tokens);
}

/* The character range of the @nth (from 0) occurrence of @needle in @text. */
static GlsFragment
find (const char *text,
      const char *needle,
      guint       nth)
{
  const char *at = strstr (text, needle);
  GlsFragment fragment;

  for (guint i = 0; i < nth && at != NULL; i++)
    at = strstr (at + 1, needle);
  g_assert_nonnull (at);
  fragment.start = g_utf8_pointer_to_offset (text, at);
  fragment.end = fragment.start + g_utf8_strlen (needle, -1);
  return fragment;
}

/* Field by field: a GlsToken has padding bytes memcmp() would see. */
static gboolean
same_tokens (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const GlsToken *x = &g_array_index (a, GlsToken, i);
      const GlsToken *y = &g_array_index (b, GlsToken, i);

      if (x->start != y->start || x->end != y->end || x->sentence != y->sentence)
        return FALSE;
    }
  return TRUE;
}

/* Every token is non-empty, in order, without white space; sentences count up from 0. */
static void
assert_well_formed (const char *text,
                    GArray     *tokens)
{
  glong n_chars = g_utf8_strlen (text, -1);
  gint64 previous_end = 0;
  guint previous_sentence = 0;
  const char *p = text;

  for (guint i = 0; i < tokens->len; i++)
    {
      const GlsToken *token = &g_array_index (tokens, GlsToken, i);

      g_assert_cmpint (token->start, >=, previous_end);
      p = g_utf8_offset_to_pointer (p, token->start - previous_end);
      g_assert_cmpint (token->start, <, token->end);
      g_assert_cmpint (token->end, <=, n_chars);
      if (i == 0)
        g_assert_cmpuint (token->sentence, ==, 0);
      else
        g_assert_true (token->sentence == previous_sentence ||
                       token->sentence == previous_sentence + 1);
      for (gint64 k = token->start; k < token->end; k++, p = g_utf8_next_char (p))
        g_assert_false (g_unichar_isspace (g_utf8_get_char (p)));
      previous_end = token->end;
      previous_sentence = token->sentence;
    }
}

#define SAMPLE \
  "Pompeo's Talks With Lavrov, Putin Open Door for Dialogue on Cybersecurity - Moscow\n" \
  "\n" \
  "MOSCOW (Pakistan Point News / Sputnik - 20th May, 2019) Last week's talks of US " \
  "Secretary of State Mike Pompeo with Russian President Vladimir Putin and Foreign Minister " \
  "Sergey Lavrov opened a possibility for resuming the dialogue between Moscow and Washington " \
  "on a number of issues, including cybersecurity, Andrey Krutskikh, Russian Special " \
  "Presidential Representative for international cooperation in information security, said " \
  "Monday.\n" \
  "\n" \
  "Pompeo met with Putin and Lavrov in Sochi on May 14. The sides called the dialogue " \
  "constructive and agreed to continue discussion on all issues.\n" \
  "\n" \
  "\"This is an objective and very urgent issue that we simply cannot avoid discussing. Now " \
  "after Pompeo's visit, the key conclusion made was that the prospect of resuming talks " \
  "opens up,\" Krutskikh told journalists when commenting on the US-Russia collaboration.\n" \
  "\n" \
  "Moscow systematically interfered in the US elections through social media campaigns and " \
  "GRU-backed cyberattacks, according to the U.S. report.\n"

static void
test_sample_sentence (void)
{
  g_autofree char *sentence = tokenize (
    "Last week's talks of US Secretary of State Mike Pompeo with Russian President Vladimir "
    "Putin and Foreign Minister Sergey Lavrov opened a possibility for resuming the dialogue "
    "between Moscow and Washington on a number of issues, including cybersecurity, Andrey "
    "Krutskikh, Russian Special Presidential Representative for international cooperation in "
    "information security, said Monday.", NULL, 0);
  g_autofree char *article = tokenize (SAMPLE, NULL, 0);

  g_assert_cmpstr (sentence, ==,
                   "Last|week|'s|talks|of|US|Secretary|of|State|Mike|Pompeo|with|Russian|"
                   "President|Vladimir|Putin|and|Foreign|Minister|Sergey|Lavrov|opened|a|"
                   "possibility|for|resuming|the|dialogue|between|Moscow|and|Washington|on|a|"
                   "number|of|issues|,|including|cybersecurity|,|Andrey|Krutskikh|,|Russian|"
                   "Special|Presidential|Representative|for|international|cooperation|in|"
                   "information|security|,|said|Monday|.");

  g_assert_cmpstr (article, ==,
                   "Pompeo|'s|Talks|With|Lavrov|,|Putin|Open|Door|for|Dialogue|on|Cybersecurity|"
                   "-|Moscow ‖ "
                   "MOSCOW|(|Pakistan|Point|News|/|Sputnik|-|20th|May|,|2019|)|Last|week|'s|"
                   "talks|of|US|Secretary|of|State|Mike|Pompeo|with|Russian|President|Vladimir|"
                   "Putin|and|Foreign|Minister|Sergey|Lavrov|opened|a|possibility|for|resuming|"
                   "the|dialogue|between|Moscow|and|Washington|on|a|number|of|issues|,|"
                   "including|cybersecurity|,|Andrey|Krutskikh|,|Russian|Special|Presidential|"
                   "Representative|for|international|cooperation|in|information|security|,|"
                   "said|Monday|. ‖ "
                   "Pompeo|met|with|Putin|and|Lavrov|in|Sochi|on|May|14|. ‖ "
                   "The|sides|called|the|dialogue|constructive|and|agreed|to|continue|"
                   "discussion|on|all|issues|. ‖ "
                   "\"|This|is|an|objective|and|very|urgent|issue|that|we|simply|cannot|avoid|"
                   "discussing|. ‖ "
                   "Now|after|Pompeo|'s|visit|,|the|key|conclusion|made|was|that|the|prospect|"
                   "of|resuming|talks|opens|up|,|\"|Krutskikh|told|journalists|when|commenting|"
                   "on|the|US-Russia|collaboration|. ‖ "
                   "Moscow|systematically|interfered|in|the|US|elections|through|social|media|"
                   "campaigns|and|GRU-backed|cyberattacks|,|according|to|the|U.S.|report|.");
}

static void
test_abbreviations (void)
{
  g_autoptr(GArray) tokens = gls_tokenize ("U.S. officials met on May 14.", -1, NULL, 0);
  g_autofree char *text = describe ("U.S. officials met on May 14.", tokens);
  g_autofree char *titles = tokenize ("Mr. Smith met Dr. Jones and Gen. Lee on Jan. 5. "
                                      "They agreed.", NULL, 0);
  g_autofree char *others = tokenize ("Apple Inc. said so at 10:30 a.m. yesterday, e.g. "
                                      "Monday. It grew in the U.S. 2019 was good. Then the "
                                      "U.K. The end...", NULL, 0);
  g_autofree char *initials = tokenize ("John F. Kennedy and George W. Bush. So did I. Then "
                                        "more.", NULL, 0);

  g_assert_cmpstr (text, ==, "U.S.|officials|met|on|May|14|.");
  g_assert_cmpuint (g_array_index (tokens, GlsToken, tokens->len - 1).sentence, ==, 0);

  /* Titles never end a sentence; other abbreviations do before a capital, not a digit. */
  g_assert_cmpstr (titles, ==,
                   "Mr.|Smith|met|Dr.|Jones|and|Gen.|Lee|on|Jan.|5|. ‖ They|agreed|.");
  g_assert_cmpstr (others, ==,
                   "Apple|Inc.|said|so|at|10:30|a.m.|yesterday|,|e.g.|Monday|. ‖ "
                   "It|grew|in|the|U.S.|2019|was|good|. ‖ Then|the|U.K. ‖ The|end|...");
  g_assert_cmpstr (initials, ==,
                   "John|F.|Kennedy|and|George|W.|Bush|. ‖ So|did|I|. ‖ Then|more|.");
}

static void
test_clitics (void)
{
  const char *text = "Russia's interference";
  GlsFragment russia = find (text, "Russia", 0);
  g_autofree char *with_span = tokenize (text, &russia, 1);
  g_autofree char *without = tokenize (text, NULL, 0);
  g_autofree char *dont = tokenize ("don't", NULL, 0);
  g_autofree char *many = tokenize ("I can't, won't; we're sure they'll say I'm right and "
                                    "you've heard she'd go. DON'T! Russia’s 1990's Moscow 's "
                                    "rock'n'roll O'Neill", NULL, 0);

  g_assert_cmpstr (with_span, ==, "Russia|'s|interference");
  g_assert_cmpstr (without, ==, "Russia|'s|interference");
  g_assert_cmpstr (dont, ==, "do|n't");
  g_assert_cmpstr (many, ==,
                   "I|ca|n't|,|wo|n't|;|we|'re|sure|they|'ll|say|I|'m|right|and|you|'ve|heard|"
                   "she|'d|go|. ‖ DO|N'T|! ‖ Russia|’s|1990|'s|Moscow|'s|rock'n'roll|O'Neill");
}

static void
test_numbers (void)
{
  g_autofree char *date = tokenize ("20th May, 2019", NULL, 0);
  g_autofree char *amounts = tokenize ("About 2,000 people paid €2.1bn (3.5%) on the 1st and "
                                       "$40; it ended 2-1 at 10:30.", NULL, 0);

  g_assert_cmpstr (date, ==, "20th|May|,|2019");
  g_assert_cmpstr (amounts, ==,
                   "About|2,000|people|paid|€|2.1bn|(|3.5|%|)|on|the|1st|and|$|40|;|it|ended|"
                   "2-1|at|10:30|.");
}

static void
test_hyphens (void)
{
  const char *text = "the GRU-backed hackers and state-of-the-art tools";
  GlsFragment gru = find (text, "GRU", 0);
  GlsFragment backed = find (text, "backed", 0);
  g_autofree char *whole = tokenize (text, NULL, 0);
  g_autofree char *first = tokenize (text, &gru, 1);
  g_autofree char *second = tokenize (text, &backed, 1);

  g_assert_cmpstr (whole, ==, "the|GRU-backed|hackers|and|state-of-the-art|tools");
  g_assert_cmpstr (first, ==, "the|GRU|-|backed|hackers|and|state-of-the-art|tools");
  g_assert_cmpstr (second, ==, "the|GRU|-|backed|hackers|and|state-of-the-art|tools");
}

static void
test_unicode (void)
{
  const char *cyrillic = "Сергей Лавров сказал.";
  const char *emoji = "Great launch 🚀!";
  const char *more = "Café «Zoë» 👍🏽🇺🇦 他来了。她走了。";
  g_autoptr(GArray) tokens = gls_tokenize (emoji, -1, NULL, 0);
  g_autofree char *c = tokenize (cyrillic, NULL, 0);
  g_autofree char *e = describe (emoji, tokens);
  g_autofree char *m = tokenize (more, NULL, 0);
  static const GlsToken expected[] = {
    { 0, 5, 0 }, { 6, 12, 0 }, { 13, 14, 0 }, { 14, 15, 0 },
  };

  g_assert_cmpstr (c, ==, "Сергей|Лавров|сказал|.");
  g_assert_cmpstr (e, ==, "Great|launch|🚀|!");
  /* Code points: the rocket is one character (two UTF-16 units, four bytes). */
  g_assert_cmpuint (tokens->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < tokens->len; i++)
    {
      g_assert_cmpint (g_array_index (tokens, GlsToken, i).start, ==, expected[i].start);
      g_assert_cmpint (g_array_index (tokens, GlsToken, i).end, ==, expected[i].end);
      g_assert_cmpuint (g_array_index (tokens, GlsToken, i).sentence, ==, 0);
    }
  /* Emoji with a skin tone and flags are one token each; "。" ends a sentence. */
  g_assert_cmpstr (m, ==, "Café|«|Zoë|»|👍🏽|🇺🇦|他|来|了|。 ‖ 她|走|了|。");

  {
    /* An offset after the emoji counts it once. */
    const char *text = "🚀 Roscosmos launched";
    GlsFragment span = find (text, "Roscosmos", 0);
    g_autoptr(GArray) t = gls_tokenize (text, -1, &span, 1);

    g_assert_cmpint (span.start, ==, 2);
    g_assert_cmpint (g_array_index (t, GlsToken, 1).start, ==, 2);
    g_assert_cmpint (g_array_index (t, GlsToken, 1).end, ==, 11);
  }
}

static void
test_span_across_sentences (void)
{
  const char *text = "Putin met Pompeo in Sochi. Then Lavrov spoke. Nobody else did.";
  GlsFragment span = find (text, "Sochi. Then Lavrov", 0);
  g_autofree char *plain = tokenize (text, NULL, 0);
  g_autofree char *joined = tokenize (text, &span, 1);

  g_assert_cmpstr (plain, ==,
                   "Putin|met|Pompeo|in|Sochi|. ‖ Then|Lavrov|spoke|. ‖ Nobody|else|did|.");
  g_assert_cmpstr (joined, ==,
                   "Putin|met|Pompeo|in|Sochi|.|Then|Lavrov|spoke|. ‖ Nobody|else|did|.");
}

static void
test_boundary_inside_word (void)
{
  const char *text = "Glossator annotates Pompeo-Lavrov talks.";
  GlsFragment fragments[] = { { 0, 5 }, find (text, "Lavrov", 0) };
  g_autofree char *split = tokenize (text, fragments, G_N_ELEMENTS (fragments));
  /* Boundaries outside the text, empty or reversed ranges are harmless. */
  GlsFragment odd[] = { { -4, 2 }, { 7, 7 }, { 12, 9 }, { 30, 1000 } };
  g_autoptr(GArray) tokens = gls_tokenize (text, -1, odd, G_N_ELEMENTS (odd));

  g_assert_cmpstr (split, ==, "Gloss|ator|annotates|Pompeo|-|Lavrov|talks|.");
  assert_well_formed (text, tokens);
}

static void
test_paragraphs (void)
{
  g_autofree char *headline = tokenize ("Lavrov and Pompeo meet in Sochi\n\nUS Secretary of "
                                        "State Mike Pompeo met Lavrov.", NULL, 0);
  g_autofree char *after_title = tokenize ("He met Mr.\n\nSmith later.", NULL, 0);
  g_autofree char *lowercase = tokenize ("Final words\n\nand more words.", NULL, 0);
  g_autofree char *wrapped = tokenize ("The talks with the Russian\nforeign minister were,\n"
                                       "he said, useful.\nNext line.\r\n\r\nCRLF paragraph.",
                                       NULL, 0);

  g_assert_cmpstr (headline, ==,
                   "Lavrov|and|Pompeo|meet|in|Sochi ‖ US|Secretary|of|State|Mike|Pompeo|met|"
                   "Lavrov|.");
  g_assert_cmpstr (after_title, ==, "He|met|Mr. ‖ Smith|later|.");
  g_assert_cmpstr (lowercase, ==, "Final|words ‖ and|more|words|.");
  g_assert_cmpstr (wrapped, ==,
                   "The|talks|with|the|Russian|foreign|minister|were|,|he|said|,|useful|. ‖ "
                   "Next|line|. ‖ CRLF|paragraph|.");
}

static void
test_sentences (void)
{
  g_autofree char *quotes = tokenize ("\"Why?\" he asked. \"Because.\" She left! (It rained.) "
                                      "Wow!! Really?! Yes…", NULL, 0);

  g_assert_cmpstr (quotes, ==,
                   "\"|Why|?|\"|he|asked|. ‖ \"|Because|.|\" ‖ She|left|! ‖ (|It|rained|.|) ‖ "
                   "Wow|!|! ‖ Really|?|! ‖ Yes|…");
}

static void
test_determinism (void)
{
  GlsFragment spans[] = { find (SAMPLE, "Mike Pompeo", 0), find (SAMPLE, "GRU", 0),
                          find (SAMPLE, "Sochi on May", 0) };
  g_autoptr(GArray) first = gls_tokenize (SAMPLE, -1, spans, G_N_ELEMENTS (spans));
  g_autoptr(GArray) second = gls_tokenize (SAMPLE, -1, spans, G_N_ELEMENTS (spans));
  /* Boundaries in another order give the same tokens. */
  GlsFragment reversed[] = { spans[2], spans[1], spans[0] };
  g_autoptr(GArray) third = gls_tokenize (SAMPLE, -1, reversed, G_N_ELEMENTS (reversed));
  /* A length that stops early reads no further. */
  g_autoptr(GArray) prefix = gls_tokenize (SAMPLE "trailing words", (gssize)strlen (SAMPLE),
                                           spans, G_N_ELEMENTS (spans));

  g_assert_cmpuint (first->len, >, 100);
  g_assert_true (same_tokens (first, second));
  g_assert_true (same_tokens (first, third));
  g_assert_true (same_tokens (first, prefix));
  assert_well_formed (SAMPLE, first);
}

static void
test_empty (void)
{
  g_autoptr(GArray) empty = gls_tokenize ("", -1, NULL, 0);
  g_autoptr(GArray) blank = gls_tokenize (" \n\n\t \u00a0\u200b ", -1, NULL, 0);
  g_autoptr(GArray) none = gls_tokenize (NULL, 0, NULL, 0);
  GlsFragment span = { 0, 3 };
  g_autoptr(GArray) spanned = gls_tokenize ("", 0, &span, 1);

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (spanned->len, ==, 0);
}

/* Runs of Latin, Greek and Cyrillic text are cut without Pango; a zero-width space in front
 * of a run sends it through Pango. Both must cut the same way. */
static void
test_fast_path_matches_pango (void)
{
  static const char * const alphabet[] = {
    "a", "B", "z", "é", "Ж", "ω", "1", "0", ".", ",", ";", ":", "'", "’", "‘", "_", "-", "\"",
    "(", ")", "€", "$", "%", "·", "–", "…", "!", "?", "s", "t", "n", "²", "«", "»", "/", "&",
    "M", "r", "U", "S", "e", "g", "I", "d",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (2019);

  for (guint iteration = 0; iteration < 5000; iteration++)
    {
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GString) marked = g_string_new (NULL);
      g_autoptr(GArray) a = NULL;
      g_autoptr(GArray) b = NULL;
      gint32 n_runs = g_rand_int_range (rand, 1, 6);

      for (gint32 run = 0; run < n_runs; run++)
        {
          gboolean line = g_rand_int_range (rand, 0, 5) == 0;
          gint32 length = g_rand_int_range (rand, 1, 8);

          g_string_append (plain, line ? "\n " : "  ");
          g_string_append (marked, line ? "\n\u200b" : " \u200b");
          for (gint32 k = 0; k < length; k++)
            {
              const char *c = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];

              g_string_append (plain, c);
              g_string_append (marked, c);
            }
        }
      a = gls_tokenize (plain->str, -1, NULL, 0);
      b = gls_tokenize (marked->str, -1, NULL, 0);
      if (!same_tokens (a, b))
        {
          g_autofree char *da = describe (plain->str, a);
          g_autofree char *db = describe (marked->str, b);

          g_test_message ("text: %s", plain->str);
          g_assert_cmpstr (da, ==, db);
        }
    }
}

static void
test_speed (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) tokens = NULL;
  gint64 start, elapsed;
  guint n;

  while (text->len < 1024 * 1024)
    g_string_append (text, SAMPLE "\n");
  n = (guint)(g_utf8_strlen (text->str, -1) / 40);
  for (guint i = 0; i < n; i++)
    {
      GlsFragment f = { (gint64)i * 40 + 3, (gint64)i * 40 + 17 };
      g_array_append_val (boundaries, f);
    }

  start = g_get_monotonic_time ();
  tokens = gls_tokenize (text->str, (gssize)text->len,
                         (const GlsFragment *)(gpointer)boundaries->data, boundaries->len);
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("1 MB, %u boundaries: %u tokens in %.1f ms", boundaries->len, tokens->len,
                  elapsed / 1000.0);
  assert_well_formed (text->str, tokens);
  /* About 30 ms on a 2020 laptop; far from any quadratic cost even on a slow builder. */
  g_assert_cmpint (elapsed, <, 1000 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tokenizer/sample-sentence", test_sample_sentence);
  g_test_add_func ("/tokenizer/abbreviations", test_abbreviations);
  g_test_add_func ("/tokenizer/clitics", test_clitics);
  g_test_add_func ("/tokenizer/numbers", test_numbers);
  g_test_add_func ("/tokenizer/hyphens", test_hyphens);
  g_test_add_func ("/tokenizer/unicode", test_unicode);
  g_test_add_func ("/tokenizer/span-across-sentences", test_span_across_sentences);
  g_test_add_func ("/tokenizer/boundary-inside-word", test_boundary_inside_word);
  g_test_add_func ("/tokenizer/paragraphs", test_paragraphs);
  g_test_add_func ("/tokenizer/sentences", test_sentences);
  g_test_add_func ("/tokenizer/determinism", test_determinism);
  g_test_add_func ("/tokenizer/empty", test_empty);
  g_test_add_func ("/tokenizer/fast-path-matches-pango", test_fast_path_matches_pango);
  g_test_add_func ("/tokenizer/speed", test_speed);

  return g_test_run ();
}
