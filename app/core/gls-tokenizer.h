/* gls-tokenizer.h — tokens and sentences for the token-based formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gls-types.h"

G_BEGIN_DECLS

/**
 * GlsToken:
 * @start: first character (code point) of the token
 * @end: one past its last character
 * @sentence: index of the sentence the token belongs to, from 0
 */
typedef struct
{
  gint64 start;
  gint64 end;
  guint sentence;
} GlsToken;

/**
 * gls_tokenize:
 * @text: UTF-8 text
 * @length: its length in bytes, or -1
 * @boundaries: (array length=n_boundaries) (nullable): ranges (span fragments) whose start
 *   and end must fall on token boundaries, and that no sentence break may cut
 * @n_boundaries: how many
 *
 * Splits @text into tokens (no whitespace tokens) and sentences, deterministically: Unicode
 * word and sentence boundaries (Pango), then English rules: "'s" and "n't" are tokens of their
 * own, abbreviations like "U.S." and ordinals like "20th" stay whole, punctuation is a token.
 * Every start and end in @boundaries becomes a token boundary ("Russia's" with a span on
 * "Russia" gives "Russia" + "'s"), and a sentence break that would fall inside a range is
 * dropped, so a span's sentence stays together.
 *
 * Returns: (transfer full) (element-type GlsToken): the tokens, in order
 */
GArray *gls_tokenize (const char        *text,
                      gssize             length,
                      const GlsFragment *boundaries,
                      guint              n_boundaries);

G_END_DECLS
