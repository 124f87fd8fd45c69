/* gls-offsets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-offsets"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-offsets.h"

/* One checkpoint every CHECKPOINT_STRIDE characters: checkpoint k holds where
 * character k * CHECKPOINT_STRIDE starts, in bytes and in UTF-16 units. Any
 * conversion is then a lookup (or a binary search) plus a walk over at most
 * CHECKPOINT_STRIDE characters.
 */
#define CHECKPOINT_STRIDE 64

typedef struct
{
  gsize byte;
  glong utf16;
} Checkpoint;

struct _GlsOffsetMap
{
  char *text;
  gsize n_bytes;
  glong n_chars;
  glong n_utf16;

  Checkpoint *checkpoints;
  gsize n_checkpoints;
};

/* In valid UTF-8, exactly the four-byte sequences (lead byte 0xF0 to 0xF4)
 * encode code points above U+FFFF, which take a surrogate pair in UTF-16.
 */
static inline glong
utf16_width (const char *p)
{
  return (guchar) *p >= 0xF0 ? 2 : 1;
}

GlsOffsetMap *
gls_offset_map_new (const char *text,
                    gssize      length)
{
  GlsOffsetMap *map;
  const char *p;
  const char *end;
  glong n_chars = 0;
  glong n_utf16 = 0;
  gsize n = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  g_return_val_if_fail (g_utf8_validate_len (text, length, NULL), NULL);

  map = g_new0 (GlsOffsetMap, 1);
  map->text = g_strndup (text, length);
  map->n_bytes = length;

  /* Every character takes at least one byte: this is enough room. */
  map->checkpoints = g_new (Checkpoint, map->n_bytes / CHECKPOINT_STRIDE + 1);

  end = map->text + map->n_bytes;
  for (p = map->text; ; p = g_utf8_next_char (p))
    {
      if (n_chars % CHECKPOINT_STRIDE == 0)
        {
          map->checkpoints[n].byte = p - map->text;
          map->checkpoints[n].utf16 = n_utf16;
          n++;
        }

      if (p >= end)
        break;

      n_chars++;
      n_utf16 += utf16_width (p);
    }

  map->n_chars = n_chars;
  map->n_utf16 = n_utf16;
  map->n_checkpoints = n;

  return map;
}

void
gls_offset_map_free (GlsOffsetMap *map)
{
  if (map == NULL)
    return;

  g_free (map->text);
  g_free (map->checkpoints);
  g_free (map);
}

glong
gls_offset_map_get_n_chars (const GlsOffsetMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->n_chars;
}

glong
gls_offset_map_get_n_utf16 (const GlsOffsetMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->n_utf16;
}

gsize
gls_offset_map_get_n_bytes (const GlsOffsetMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->n_bytes;
}

static gboolean
check_char_offset (const GlsOffsetMap  *map,
                   glong                chr,
                   GError             **error)
{
  if (chr < 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("offset %ld is negative"), chr);
      return FALSE;
    }

  if (chr > map->n_chars)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("offset %ld is past the end of the text (%ld characters)"),
                   chr, map->n_chars);
      return FALSE;
    }

  return TRUE;
}

/* Where character @chr starts, walking from the checkpoint before it. */
static const char *
char_pointer (const GlsOffsetMap *map,
              glong               chr,
              glong              *utf16_out)
{
  const Checkpoint *cp = &map->checkpoints[chr / CHECKPOINT_STRIDE];
  const char *p = map->text + cp->byte;
  glong utf16 = cp->utf16;

  for (glong i = chr % CHECKPOINT_STRIDE; i > 0; i--)
    {
      utf16 += utf16_width (p);
      p = g_utf8_next_char (p);
    }

  if (utf16_out != NULL)
    *utf16_out = utf16;

  return p;
}

gboolean
gls_offset_map_char_to_byte (const GlsOffsetMap  *map,
                             glong                chr,
                             gsize               *byte_out,
                             GError             **error)
{
  gsize byte;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_char_offset (map, chr, error))
    return FALSE;

  if (map->n_bytes == (gsize) map->n_chars)
    byte = chr;  /* all ASCII */
  else
    byte = char_pointer (map, chr, NULL) - map->text;

  if (byte_out != NULL)
    *byte_out = byte;

  return TRUE;
}

gboolean
gls_offset_map_char_to_utf16 (const GlsOffsetMap  *map,
                              glong                chr,
                              glong               *utf16_out,
                              GError             **error)
{
  glong utf16;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_char_offset (map, chr, error))
    return FALSE;

  if (map->n_utf16 == map->n_chars)
    utf16 = chr;  /* nothing outside the Basic Multilingual Plane */
  else
    char_pointer (map, chr, &utf16);

  if (utf16_out != NULL)
    *utf16_out = utf16;

  return TRUE;
}

gboolean
gls_offset_map_byte_to_char (const GlsOffsetMap  *map,
                             gsize                byte,
                             glong               *chr_out,
                             GError             **error)
{
  const char *target;
  const char *p;
  gsize lo, hi;
  glong chr;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (byte > map->n_bytes)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("byte offset %zu is past the end of the text "
                     "(%zu bytes)"),
                   byte, map->n_bytes);
      return FALSE;
    }

  target = map->text + byte;

  /* A continuation byte (10xxxxxx) is never where a character starts. */
  if (byte < map->n_bytes && ((guchar) *target & 0xC0) == 0x80)
    {
      const char *start = g_utf8_find_prev_char (map->text, target);

      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("byte offset %zu falls inside the UTF-8 sequence of U+%04X"),
                   byte, start != NULL ? g_utf8_get_char (start) : 0);
      return FALSE;
    }

  if (map->n_bytes == (gsize) map->n_chars)
    {
      chr = byte;  /* all ASCII */
    }
  else
    {
      /* The last checkpoint at or before @byte. */
      lo = 0;
      hi = map->n_checkpoints;
      while (hi - lo > 1)
        {
          gsize mid = lo + (hi - lo) / 2;

          if (map->checkpoints[mid].byte <= byte)
            lo = mid;
          else
            hi = mid;
        }

      chr = lo * CHECKPOINT_STRIDE;
      for (p = map->text + map->checkpoints[lo].byte; p < target; p = g_utf8_next_char (p))
        chr++;
    }

  if (chr_out != NULL)
    *chr_out = chr;

  return TRUE;
}

gboolean
gls_offset_map_utf16_to_char (const GlsOffsetMap  *map,
                              glong                utf16,
                              glong               *chr_out,
                              GError             **error)
{
  const char *p;
  gsize lo, hi;
  glong chr;
  glong pos;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (utf16 < 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("UTF-16 offset %ld is negative"), utf16);
      return FALSE;
    }

  if (utf16 > map->n_utf16)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                   _("UTF-16 offset %ld is past the end of the text (%ld UTF-16 units)"),
                   utf16, map->n_utf16);
      return FALSE;
    }

  if (map->n_utf16 == map->n_chars)
    {
      chr = utf16;  /* nothing outside the Basic Multilingual Plane */
    }
  else
    {
      /* The last checkpoint at or before @utf16. */
      lo = 0;
      hi = map->n_checkpoints;
      while (hi - lo > 1)
        {
          gsize mid = lo + (hi - lo) / 2;

          if (map->checkpoints[mid].utf16 <= utf16)
            lo = mid;
          else
            hi = mid;
        }

      chr = lo * CHECKPOINT_STRIDE;
      pos = map->checkpoints[lo].utf16;
      p = map->text + map->checkpoints[lo].byte;

      while (pos < utf16)
        {
          glong width = utf16_width (p);

          if (pos + width > utf16)
            {
              g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                           _("UTF-16 offset %ld falls inside the surrogate pair of U+%04X"),
                           utf16, g_utf8_get_char (p));
              return FALSE;
            }

          pos += width;
          chr++;
          p = g_utf8_next_char (p);
        }
    }

  if (chr_out != NULL)
    *chr_out = chr;

  return TRUE;
}

glong
gls_utf8_utf16_length (const char *text,
                       gssize      length)
{
  const char *p;
  const char *end;
  glong n = 0;

  g_return_val_if_fail (text != NULL || length == 0, 0);

  if (text == NULL)
    return 0;
  if (length < 0)
    length = strlen (text);

  end = text + length;
  for (p = text; p < end; p = g_utf8_next_char (p))
    n += utf16_width (p);

  return n;
}

glong
gls_utf8_char_to_utf16 (const char *text,
                        glong       chr)
{
  const char *p = text;
  glong utf16 = 0;

  g_return_val_if_fail (text != NULL, -1);

  if (chr < 0)
    return -1;

  for (glong i = 0; i < chr; i++)
    {
      if (*p == '\0')
        return -1;
      utf16 += utf16_width (p);
      p = g_utf8_next_char (p);
    }

  return utf16;
}

glong
gls_utf8_utf16_to_char (const char *text,
                        glong       utf16)
{
  const char *p = text;
  glong pos = 0;
  glong chr = 0;

  g_return_val_if_fail (text != NULL, -1);

  if (utf16 < 0)
    return -1;

  while (pos < utf16)
    {
      if (*p == '\0')
        return -1;
      pos += utf16_width (p);
      chr++;
      p = g_utf8_next_char (p);
    }

  return pos == utf16 ? chr : -1;
}
