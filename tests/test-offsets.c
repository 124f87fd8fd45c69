/* test-offsets.c — characters, UTF-8 bytes and UTF-16 units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-offsets"
#endif

#include <string.h>

#include "gls-error.h"
#include "gls-offsets.h"

/* The reference: a plain walk from the start of the text, written apart from
 * the code under test (UTF-16 widths from g_utf8_to_utf16, not lead bytes).
 */
typedef struct
{
  GArray *char_byte;   /* gsize per character, plus the end */
  GArray *char_utf16;  /* glong per character, plus the end */
} Reference;

static void
reference_init (Reference  *ref,
                const char *text,
                gsize       length)
{
  const char *p = text;
  gsize byte = 0;
  glong utf16 = 0;

  ref->char_byte = g_array_new (FALSE, FALSE, sizeof (gsize));
  ref->char_utf16 = g_array_new (FALSE, FALSE, sizeof (glong));

  while (byte < length)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      glong units = 0;
      g_autofree gunichar2 *u16 = g_ucs4_to_utf16 (&c, 1, NULL, &units, NULL);

      g_assert_nonnull (u16);
      g_array_append_val (ref->char_byte, byte);
      g_array_append_val (ref->char_utf16, utf16);
      utf16 += units;
      byte += next - p;
      p = next;
    }

  g_array_append_val (ref->char_byte, byte);
  g_array_append_val (ref->char_utf16, utf16);
}

static void
reference_clear (Reference *ref)
{
  g_clear_pointer (&ref->char_byte, g_array_unref);
  g_clear_pointer (&ref->char_utf16, g_array_unref);
}

#define REF_BYTE(ref, i) g_array_index ((ref)->char_byte, gsize, (i))
#define REF_UTF16(ref, i) g_array_index ((ref)->char_utf16, glong, (i))

/* Checks one character offset against the reference, both ways. */
static void
check_char (const GlsOffsetMap *map,
            const Reference    *ref,
            glong               chr)
{
  g_autoptr(GError) error = NULL;
  gsize byte = G_MAXSIZE;
  glong utf16 = -1;
  glong back = -1;

  g_assert_true (gls_offset_map_char_to_byte (map, chr, &byte, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (byte, ==, REF_BYTE (ref, chr));

  g_assert_true (gls_offset_map_byte_to_char (map, byte, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back, ==, chr);

  g_assert_true (gls_offset_map_char_to_utf16 (map, chr, &utf16, &error));
  g_assert_no_error (error);
  g_assert_cmpint (utf16, ==, REF_UTF16 (ref, chr));

  back = -1;
  g_assert_true (gls_offset_map_utf16_to_char (map, utf16, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back, ==, chr);
}

/* Checks every offset of @text, including the invalid ones in between. */
static void
check_every_offset (const char *text)
{
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  Reference ref;
  glong n_chars;
  glong n_utf16;
  gsize n_bytes;
  gsize next_char_byte = 0;
  glong next_char_utf16 = 0;
  glong chr = 0;

  g_assert_nonnull (map);
  reference_init (&ref, text, strlen (text));

  n_chars = ref.char_byte->len - 1;
  n_bytes = REF_BYTE (&ref, n_chars);
  n_utf16 = REF_UTF16 (&ref, n_chars);

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, g_utf8_strlen (text, -1));
  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, n_chars);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, strlen (text));
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, n_utf16);

  for (glong i = 0; i <= n_chars; i++)
    check_char (map, &ref, i);

  /* Every byte offset: valid exactly at character starts. */
  for (gsize b = 0; b <= n_bytes; b++)
    {
      g_autoptr(GError) error = NULL;
      glong got = -1;
      gboolean ok = gls_offset_map_byte_to_char (map, b, &got, &error);

      if (b == next_char_byte)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (got, ==, chr);
          if (chr < n_chars)
            next_char_byte = REF_BYTE (&ref, chr + 1);
          chr++;
        }
      else
        {
          g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
          g_assert_false (ok);
          g_assert_cmpint (got, ==, -1);
        }
    }

  /* Every UTF-16 offset: valid except between the halves of a pair. */
  chr = 0;
  for (glong u = 0; u <= n_utf16; u++)
    {
      g_autoptr(GError) error = NULL;
      glong got = -1;
      gboolean ok = gls_offset_map_utf16_to_char (map, u, &got, &error);

      if (u == next_char_utf16)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (got, ==, chr);
          g_assert_cmpint (gls_utf8_utf16_to_char (text, u), ==, chr);
          g_assert_cmpint (gls_utf8_char_to_utf16 (text, chr), ==, u);
          if (chr < n_chars)
            next_char_utf16 = REF_UTF16 (&ref, chr + 1);
          chr++;
        }
      else
        {
          g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
          g_assert_false (ok);
          g_assert_cmpint (got, ==, -1);
          g_assert_cmpint (gls_utf8_utf16_to_char (text, u), ==, -1);
        }
    }

  g_assert_cmpint (gls_utf8_utf16_length (text, -1), ==, n_utf16);

  reference_clear (&ref);
}

static void
test_ascii (void)
{
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new ("Angela Merkel", -1);
  gsize byte;
  glong chr;
  glong utf16;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 13);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 13);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 13);

  g_assert_true (gls_offset_map_char_to_byte (map, 7, &byte, NULL));
  g_assert_cmpuint (byte, ==, 7);
  g_assert_true (gls_offset_map_byte_to_char (map, 13, &chr, NULL));
  g_assert_cmpint (chr, ==, 13);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 0, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 0);

  check_every_offset ("Angela Merkel");
}

static void
test_accents (void)
{
  const char *text = "Zoë Müller, José";
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  gsize byte;
  glong chr;
  glong utf16;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 16);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 16);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 19);

  /* "Müller" starts at character 4, byte 5 (after the two bytes of ë). */
  g_assert_true (gls_offset_map_char_to_byte (map, 4, &byte, NULL));
  g_assert_cmpuint (byte, ==, 5);
  g_assert_true (gls_offset_map_byte_to_char (map, 5, &chr, NULL));
  g_assert_cmpint (chr, ==, 4);
  g_assert_cmpstr (text + byte, ==, "Müller, José");

  /* "José" starts at character 12, byte 14. */
  g_assert_true (gls_offset_map_char_to_byte (map, 12, &byte, NULL));
  g_assert_cmpuint (byte, ==, 14);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 12, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 12);

  check_every_offset (text);
}

static void
test_cyrillic (void)
{
  const char *text = "Сергей Лавров";
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  gsize byte;
  glong chr;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 13);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 13);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 25);

  g_assert_true (gls_offset_map_char_to_byte (map, 7, &byte, NULL));
  g_assert_cmpuint (byte, ==, 13);
  g_assert_cmpstr (text + byte, ==, "Лавров");
  g_assert_true (gls_offset_map_byte_to_char (map, 25, &chr, NULL));
  g_assert_cmpint (chr, ==, 13);

  check_every_offset (text);
}

static void
test_emoji (void)
{
  /* 🚀 is U+1F680; the flag 🇺🇦 is two regional indicators, U+1F1FA U+1F1E6. */
  const char *text = "Launch 🚀 from Kyiv 🇺🇦 today";
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  g_autoptr(GError) error = NULL;
  glong utf16;
  glong chr;
  gsize byte;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 27);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 30);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 36);

  /* The rocket: character 7, UTF-16 7 and 8, byte 7 to 10. */
  g_assert_true (gls_offset_map_char_to_utf16 (map, 8, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 9);
  g_assert_true (gls_offset_map_utf16_to_char (map, 9, &chr, NULL));
  g_assert_cmpint (chr, ==, 8);
  g_assert_true (gls_offset_map_char_to_byte (map, 8, &byte, NULL));
  g_assert_cmpuint (byte, ==, 11);

  g_assert_false (gls_offset_map_utf16_to_char (map, 8, &chr, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==,
                   "UTF-16 offset 8 falls inside the surrogate pair of U+1F680");
  g_clear_error (&error);

  /* "Kyiv" is characters 14 to 17; the flag is characters 19 and 20. */
  g_assert_true (gls_offset_map_char_to_utf16 (map, 14, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 15);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 19, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 20);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 20, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 22);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 21, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 24);

  /* Between the two regional indicators is a valid offset. */
  g_assert_true (gls_offset_map_utf16_to_char (map, 22, &chr, NULL));
  g_assert_cmpint (chr, ==, 20);

  g_assert_false (gls_offset_map_utf16_to_char (map, 21, &chr, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==,
                   "UTF-16 offset 21 falls inside the surrogate pair of U+1F1FA");
  g_clear_error (&error);

  g_assert_false (gls_offset_map_utf16_to_char (map, 23, &chr, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==,
                   "UTF-16 offset 23 falls inside the surrogate pair of U+1F1E6");
  g_clear_error (&error);

  g_assert_cmpint (gls_utf8_char_to_utf16 (text, 27), ==, 30);
  g_assert_cmpint (gls_utf8_utf16_to_char (text, 30), ==, 27);
  g_assert_cmpint (gls_utf8_utf16_length ("🚀", -1), ==, 2);

  check_every_offset (text);
}

static void
test_combining (void)
{
  /* "José" with a combining acute (U+0301), "Zoë" with a combining diaeresis
   * (U+0308): each mark is a code point of its own, so a character offset
   * may fall between a letter and its mark. That is valid: offsets count
   * code points, not grapheme clusters.
   */
  const char *text = "Jose\xcc\x81 Zoe\xcc\x88 Ha\xcc\xa3\xcc\x82n";
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  gsize byte;
  glong utf16;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 16);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 16);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 20);

  g_assert_true (gls_offset_map_char_to_byte (map, 4, &byte, NULL));
  g_assert_cmpuint (byte, ==, 4);
  g_assert_true (gls_offset_map_char_to_byte (map, 5, &byte, NULL));
  g_assert_cmpuint (byte, ==, 6);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 5, &utf16, NULL));
  g_assert_cmpint (utf16, ==, 5);

  check_every_offset (text);
}

static void
test_mixed_round_trip (void)
{
  check_every_offset ("Zoë Müller met Сергей Лавров 🚀 in Київ 🇺🇦 (José\xcc\x81), "
                      "東京 👩‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\xcc\x81t\xc3\xa9 €100 — “quoted”\n"
                      "second line\ttab 😀😀😀 end");
}

static void
test_checkpoint_boundaries (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Non-BMP characters straddling every checkpoint of several strides. */
  for (guint i = 0; i < 700; i++)
    {
      switch (i % 7)
        {
        case 0: g_string_append (text, "🚀"); break;
        case 1: g_string_append (text, "a"); break;
        case 2: g_string_append (text, "ë"); break;
        case 3: g_string_append (text, "Л"); break;
        case 4: g_string_append (text, "東"); break;
        case 5: g_string_append (text, "🇺"); break;
        default: g_string_append (text, " "); break;
        }
    }

  check_every_offset (text->str);

  /* And a text of exactly one stride, and of one stride plus one. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 64; i++)
    g_string_append (text, "🚀");
  check_every_offset (text->str);
  g_string_append (text, "x");
  check_every_offset (text->str);
}

static void
test_errors (void)
{
  const char *text = "Zoë 🚀";  /* 5 characters, 9 bytes, 6 UTF-16 units */
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, -1);
  g_autoptr(GError) error = NULL;
  gsize byte = 42;
  glong out = 42;

  /* Past the end, in each unit. */
  g_assert_false (gls_offset_map_char_to_byte (map, 6, &byte, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "offset 6 is past the end of the text (5 characters)");
  g_assert_cmpuint (byte, ==, 42);
  g_clear_error (&error);

  g_assert_false (gls_offset_map_char_to_utf16 (map, 1234, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "offset 1234 is past the end of the text (5 characters)");
  g_assert_cmpint (out, ==, 42);
  g_clear_error (&error);

  g_assert_false (gls_offset_map_byte_to_char (map, 10, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "byte offset 10 is past the end of the text (9 bytes)");
  g_clear_error (&error);

  g_assert_false (gls_offset_map_byte_to_char (map, G_MAXSIZE, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_clear_error (&error);

  g_assert_false (gls_offset_map_utf16_to_char (map, 7, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==,
                   "UTF-16 offset 7 is past the end of the text (6 UTF-16 units)");
  g_clear_error (&error);

  /* Negative. */
  g_assert_false (gls_offset_map_char_to_byte (map, -1, &byte, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "offset -1 is negative");
  g_clear_error (&error);

  g_assert_false (gls_offset_map_char_to_utf16 (map, G_MINLONG, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_clear_error (&error);

  g_assert_false (gls_offset_map_utf16_to_char (map, -3, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "UTF-16 offset -3 is negative");
  g_clear_error (&error);

  /* Inside a UTF-8 sequence: the second byte of ë, the 2nd to 4th of 🚀. */
  g_assert_false (gls_offset_map_byte_to_char (map, 3, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "byte offset 3 falls inside the UTF-8 sequence of U+00EB");
  g_clear_error (&error);

  for (gsize b = 6; b <= 8; b++)
    {
      g_assert_false (gls_offset_map_byte_to_char (map, b, &out, &error));
      g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
      g_assert_nonnull (strstr (error->message, "inside the UTF-8 sequence of U+1F680"));
      g_clear_error (&error);
    }

  /* Inside the surrogate pair. */
  g_assert_false (gls_offset_map_utf16_to_char (map, 5, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==,
                   "UTF-16 offset 5 falls inside the surrogate pair of U+1F680");
  g_clear_error (&error);

  g_assert_cmpint (out, ==, 42);

  /* The end itself is valid in every unit. */
  g_assert_true (gls_offset_map_char_to_byte (map, 5, &byte, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (byte, ==, 9);
  g_assert_true (gls_offset_map_byte_to_char (map, 9, &out, &error));
  g_assert_cmpint (out, ==, 5);
  g_assert_true (gls_offset_map_utf16_to_char (map, 6, &out, &error));
  g_assert_cmpint (out, ==, 5);
  g_assert_true (gls_offset_map_char_to_utf16 (map, 5, &out, &error));
  g_assert_cmpint (out, ==, 6);

  /* Errors are optional, outputs too. */
  g_assert_false (gls_offset_map_utf16_to_char (map, 5, NULL, NULL));
  g_assert_true (gls_offset_map_utf16_to_char (map, 4, NULL, NULL));

  /* The one-shot helpers. */
  g_assert_cmpint (gls_utf8_char_to_utf16 (text, 6), ==, -1);
  g_assert_cmpint (gls_utf8_char_to_utf16 (text, -1), ==, -1);
  g_assert_cmpint (gls_utf8_utf16_to_char (text, 5), ==, -1);
  g_assert_cmpint (gls_utf8_utf16_to_char (text, 7), ==, -1);
  g_assert_cmpint (gls_utf8_utf16_to_char (text, -1), ==, -1);
}

static void
test_invalid_utf8 (void)
{
  if (g_test_subprocess ())
    {
      GlsOffsetMap *map = gls_offset_map_new ("caf\xe9", -1);

      g_assert_null (map);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*g_utf8_validate*");
}

static void
test_length (void)
{
  /* An explicit length takes a prefix, and the map keeps its own copy. */
  g_autofree char *text = g_strdup ("Zoë Müller, José");
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (text, 4);
  gsize byte;

  memset (text, 'x', strlen (text));
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 3);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 4);
  g_assert_true (gls_offset_map_char_to_byte (map, 3, &byte, NULL));
  g_assert_cmpuint (byte, ==, 4);
  check_every_offset ("Zoë");
}

static void
test_empty (void)
{
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new ("", -1);
  g_autoptr(GlsOffsetMap) map0 = gls_offset_map_new ("ignored", 0);
  g_autoptr(GError) error = NULL;
  gsize byte = 42;
  glong out = 42;

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, 0);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, 0);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, 0);
  g_assert_cmpint (gls_offset_map_get_n_chars (map0), ==, 0);

  g_assert_true (gls_offset_map_char_to_byte (map, 0, &byte, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (byte, ==, 0);
  g_assert_true (gls_offset_map_byte_to_char (map, 0, &out, &error));
  g_assert_cmpint (out, ==, 0);
  out = 42;
  g_assert_true (gls_offset_map_char_to_utf16 (map, 0, &out, &error));
  g_assert_cmpint (out, ==, 0);
  out = 42;
  g_assert_true (gls_offset_map_utf16_to_char (map, 0, &out, &error));
  g_assert_cmpint (out, ==, 0);
  g_assert_no_error (error);

  g_assert_false (gls_offset_map_char_to_byte (map, 1, &byte, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_cmpstr (error->message, ==, "offset 1 is past the end of the text (0 characters)");
  g_clear_error (&error);
  g_assert_false (gls_offset_map_byte_to_char (map, 1, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_clear_error (&error);
  g_assert_false (gls_offset_map_utf16_to_char (map, 1, &out, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_clear_error (&error);

  g_assert_cmpint (gls_utf8_utf16_length ("", -1), ==, 0);
  g_assert_cmpint (gls_utf8_char_to_utf16 ("", 0), ==, 0);
  g_assert_cmpint (gls_utf8_utf16_to_char ("", 0), ==, 0);
  g_assert_cmpint (gls_utf8_utf16_to_char ("", 1), ==, -1);

  gls_offset_map_free (NULL);
}

/* About 1 MB of text mixing ASCII, two-, three- and four-byte characters. */
static char *
make_big_text (GRand *rand,
               gsize  min_bytes)
{
  static const char *pieces[] = {
    "a", "e", " ", "Merkel", ".", "\n", "ë", "ü", "é", "Сергей", "Л", "東京", "€",
    "—", "🚀", "🇺🇦", "😀", "𝔘", "e\xcc\x81", "\t",
  };
  GString *text = g_string_sized_new (min_bytes + 16);

  while (text->len < min_bytes)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (text, FALSE);
}

static void
test_big_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autofree char *text = make_big_text (rand, 1024 * 1024);
  g_autoptr(GlsOffsetMap) map = NULL;
  Reference ref;
  glong n_chars;
  glong n_utf16;
  gint64 begin;

  begin = g_get_monotonic_time ();
  map = gls_offset_map_new (text, -1);
  g_test_message ("indexed %" G_GSIZE_FORMAT " bytes in %" G_GINT64_FORMAT " us",
                  strlen (text), g_get_monotonic_time () - begin);

  reference_init (&ref, text, strlen (text));
  n_chars = ref.char_byte->len - 1;
  n_utf16 = REF_UTF16 (&ref, n_chars);

  g_assert_cmpint (gls_offset_map_get_n_chars (map), ==, n_chars);
  g_assert_cmpint (gls_offset_map_get_n_utf16 (map), ==, n_utf16);
  g_assert_cmpuint (gls_offset_map_get_n_bytes (map), ==, strlen (text));

  /* 10,000 random character offsets, checked every way. */
  for (guint i = 0; i < 10000; i++)
    check_char (map, &ref, g_rand_int_range (rand, 0, n_chars + 1));

  /* 10,000 random UTF-16 and byte offsets, valid or not. */
  for (guint i = 0; i < 10000; i++)
    {
      glong u = g_rand_int_range (rand, 0, n_utf16 + 1);
      gsize b = g_rand_int_range (rand, 0, strlen (text) + 1);
      gboolean ok;
      glong chr = -1;
      guint lo = 0, hi = n_chars;

      /* The reference answer by binary search over the reference table. */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          if (REF_UTF16 (&ref, mid) < u)
            lo = mid + 1;
          else
            hi = mid;
        }
      ok = gls_offset_map_utf16_to_char (map, u, &chr, NULL);
      g_assert_cmpint (ok, ==, REF_UTF16 (&ref, lo) == u);
      if (ok)
        g_assert_cmpint (chr, ==, lo);

      lo = 0;
      hi = n_chars;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          if (REF_BYTE (&ref, mid) < b)
            lo = mid + 1;
          else
            hi = mid;
        }
      chr = -1;
      ok = gls_offset_map_byte_to_char (map, b, &chr, NULL);
      g_assert_cmpint (ok, ==, REF_BYTE (&ref, lo) == b);
      if (ok)
        g_assert_cmpint (chr, ==, lo);
    }

  /* 100,000 round trips in sequence and 100,000 at random, timed. */
  begin = g_get_monotonic_time ();
  for (glong i = 0; i < 100000; i++)
    {
      glong chr = (i * (n_chars / 100000 + 1)) % (n_chars + 1);
      glong u, back;

      g_assert_true (gls_offset_map_char_to_utf16 (map, chr, &u, NULL));
      g_assert_true (gls_offset_map_utf16_to_char (map, u, &back, NULL));
      g_assert_cmpint (back, ==, chr);
    }
  for (guint i = 0; i < 100000; i++)
    {
      glong chr = g_rand_int_range (rand, 0, n_chars + 1);
      gsize b;
      glong back;

      g_assert_true (gls_offset_map_char_to_byte (map, chr, &b, NULL));
      g_assert_true (gls_offset_map_byte_to_char (map, b, &back, NULL));
      g_assert_cmpint (back, ==, chr);
    }
  g_test_message ("400,000 conversions in %" G_GINT64_FORMAT " us",
                  g_get_monotonic_time () - begin);

  reference_clear (&ref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offsets/ascii", test_ascii);
  g_test_add_func ("/offsets/accents", test_accents);
  g_test_add_func ("/offsets/cyrillic", test_cyrillic);
  g_test_add_func ("/offsets/emoji", test_emoji);
  g_test_add_func ("/offsets/combining", test_combining);
  g_test_add_func ("/offsets/mixed-round-trip", test_mixed_round_trip);
  g_test_add_func ("/offsets/checkpoint-boundaries", test_checkpoint_boundaries);
  g_test_add_func ("/offsets/errors", test_errors);
  g_test_add_func ("/offsets/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/offsets/length", test_length);
  g_test_add_func ("/offsets/empty", test_empty);
  g_test_add_func ("/offsets/big-random", test_big_random);

  return g_test_run ();
}
