/* gls-offsets.h — conversions between characters, UTF-8 bytes and UTF-16 units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GlsOffsetMap:
 *
 * An immutable index over one UTF-8 text that converts offsets between the
 * three units Glossator meets:
 *
 * - characters (Unicode code points), the unit of every span offset stored
 *   by Glossator, of GTK, brat and SQLite's length();
 * - UTF-8 bytes, the unit of the stored text itself;
 * - UTF-16 code units, the unit of UIMA XMI, WebAnno TSV, doccano and
 *   Label Studio (a character outside the Basic Multilingual Plane, such as
 *   an emoji, counts two).
 *
 * This is the one place in Glossator where such conversions happen. Build a
 * map once per text and convert as many offsets as needed: every conversion
 * costs at most a binary search plus a walk over 64 characters, whatever the
 * size of the text.
 *
 * An offset equal to the length of the text (its end) is valid; a negative
 * offset, one past the end, or one that falls inside a character is reported
 * as %GLS_ERROR_OFFSET.
 */
typedef struct _GlsOffsetMap GlsOffsetMap;

/**
 * gls_offset_map_new:
 * @text: the text, valid UTF-8 without NUL bytes
 * @length: the length of @text in bytes, or -1 if it is NUL-terminated
 *
 * Indexes @text for offset conversions. The map keeps its own copy of the
 * text, so @text may be freed afterwards.
 *
 * Returns: (transfer full): a new map, to free with gls_offset_map_free(),
 *   or %NULL if @text is not valid UTF-8
 */
GlsOffsetMap *gls_offset_map_new             (const char          *text,
                                              gssize               length);

/**
 * gls_offset_map_free:
 * @map: (nullable): a map
 *
 * Frees @map and its copy of the text.
 */
void          gls_offset_map_free            (GlsOffsetMap        *map);

/**
 * gls_offset_map_get_n_chars:
 * @map: a map
 *
 * Returns: the length of the text in characters (code points)
 */
glong         gls_offset_map_get_n_chars     (const GlsOffsetMap  *map);

/**
 * gls_offset_map_get_n_utf16:
 * @map: a map
 *
 * Returns: the length of the text in UTF-16 code units
 */
glong         gls_offset_map_get_n_utf16     (const GlsOffsetMap  *map);

/**
 * gls_offset_map_get_n_bytes:
 * @map: a map
 *
 * Returns: the length of the text in UTF-8 bytes
 */
gsize         gls_offset_map_get_n_bytes     (const GlsOffsetMap  *map);

/**
 * gls_offset_map_char_to_byte:
 * @map: a map
 * @chr: a character offset, from 0 to the number of characters
 * @byte_out: (out) (optional): where to store the UTF-8 byte offset
 * @error: return location for a #GError
 *
 * Converts a character offset into the byte offset where that character
 * starts (or the length of the text in bytes for its end).
 *
 * Returns: %TRUE on success; %FALSE with %GLS_ERROR_OFFSET if @chr is
 *   negative or past the end of the text
 */
gboolean      gls_offset_map_char_to_byte    (const GlsOffsetMap  *map,
                                              glong                chr,
                                              gsize               *byte_out,
                                              GError             **error);

/**
 * gls_offset_map_byte_to_char:
 * @map: a map
 * @byte: a UTF-8 byte offset, from 0 to the number of bytes
 * @chr_out: (out) (optional): where to store the character offset
 * @error: return location for a #GError
 *
 * Converts a byte offset into a character offset.
 *
 * Returns: %TRUE on success; %FALSE with %GLS_ERROR_OFFSET if @byte is past
 *   the end of the text or inside a multi-byte UTF-8 sequence
 */
gboolean      gls_offset_map_byte_to_char    (const GlsOffsetMap  *map,
                                              gsize                byte,
                                              glong               *chr_out,
                                              GError             **error);

/**
 * gls_offset_map_char_to_utf16:
 * @map: a map
 * @chr: a character offset, from 0 to the number of characters
 * @utf16_out: (out) (optional): where to store the UTF-16 offset
 * @error: return location for a #GError
 *
 * Converts a character offset into a UTF-16 code unit offset.
 *
 * Returns: %TRUE on success; %FALSE with %GLS_ERROR_OFFSET if @chr is
 *   negative or past the end of the text
 */
gboolean      gls_offset_map_char_to_utf16   (const GlsOffsetMap  *map,
                                              glong                chr,
                                              glong               *utf16_out,
                                              GError             **error);

/**
 * gls_offset_map_utf16_to_char:
 * @map: a map
 * @utf16: a UTF-16 code unit offset, from 0 to the number of UTF-16 units
 * @chr_out: (out) (optional): where to store the character offset
 * @error: return location for a #GError
 *
 * Converts a UTF-16 code unit offset into a character offset.
 *
 * Returns: %TRUE on success; %FALSE with %GLS_ERROR_OFFSET if @utf16 is
 *   negative, past the end of the text, or between the two halves of a
 *   surrogate pair
 */
gboolean      gls_offset_map_utf16_to_char   (const GlsOffsetMap  *map,
                                              glong                utf16,
                                              glong               *chr_out,
                                              GError             **error);

/**
 * gls_utf8_utf16_length:
 * @text: valid UTF-8
 * @length: the length of @text in bytes, or -1 if it is NUL-terminated
 *
 * Counts the UTF-16 code units @text would take, without building a map:
 * handy for the length of a single token or label.
 *
 * Returns: the number of UTF-16 code units
 */
glong         gls_utf8_utf16_length          (const char          *text,
                                              gssize               length);

/**
 * gls_utf8_char_to_utf16:
 * @text: valid NUL-terminated UTF-8
 * @chr: a character offset
 *
 * Converts one character offset into a UTF-16 offset without building a map.
 * This walks the text from its start: for many conversions over the same
 * text, use a #GlsOffsetMap.
 *
 * Returns: the UTF-16 offset, or -1 if @chr is negative or past the end
 */
glong         gls_utf8_char_to_utf16         (const char          *text,
                                              glong                chr);

/**
 * gls_utf8_utf16_to_char:
 * @text: valid NUL-terminated UTF-8
 * @utf16: a UTF-16 code unit offset
 *
 * Converts one UTF-16 offset into a character offset without building a map.
 * This walks the text from its start: for many conversions over the same
 * text, use a #GlsOffsetMap.
 *
 * Returns: the character offset, or -1 if @utf16 is negative, past the end,
 *   or inside a surrogate pair
 */
glong         gls_utf8_utf16_to_char         (const char          *text,
                                              glong                utf16);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsOffsetMap, gls_offset_map_free)

G_END_DECLS
