/* gls-tagging.h — tokens and IOB tags for the token-based export formats (internal)
 *
 * CoNLL and Hugging Face token classification both write one tag per token, so both need
 * the same choices: which spans survive (no nesting, no overlap, no discontinuous span),
 * where the tokens fall (span edges forced onto token boundaries), and how entities become
 * B-/I-/E-/S- tags. Everything dropped on the way goes to the loss report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gls-format.h"
#include "gls-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  GLS_TAG_SCHEME_IOB2,      /* every entity starts with B- */
  GLS_TAG_SCHEME_IOB1,      /* I- throughout; B- only right after an entity of the same label */
  GLS_TAG_SCHEME_BIOES,     /* S- for one token; B-, I-…, E- for longer entities */
} GlsTagScheme;

/* "iob2", "iob1" or "bioes" (case does not matter). */
gboolean     gls_tag_scheme_from_string (const char           *name,
                                         GlsTagScheme         *scheme);

typedef struct
{
  const char *text;         /* the document's text (not owned) */
  GArray *tokens;           /* of GlsToken */
  gsize *bytes;             /* two per token: where it starts and ends in text, in bytes */
  const char **labels;      /* per token: the label of its entity, or NULL outside entities */
  char *prefixes;           /* per token: 'O', 'B', 'I', 'E' or 'S' */
  guint n_sentences;
} GlsTagging;

/* Tokenizes @document with the kept spans as boundaries and tags every token. Spans are
 * taken in order of start, longer first, and one is kept when it shares no character with a
 * span kept before it; the others (nested, overlapping, discontinuous, outside the text,
 * white space only) are reported to @report (which may be NULL), as are the notes, knowledge
 * base ids and attributes of kept spans and every relation. @format_title names the format in
 * those reports. The tagging points into @document: free it first. */
GlsTagging  *gls_tagging_new            (const GlsExportDocument *document,
                                         GlsTagScheme             scheme,
                                         GlsLossReport           *report,
                                         const char              *format_title);
void         gls_tagging_free           (GlsTagging              *tagging);

guint        gls_tagging_get_n_tokens   (const GlsTagging        *tagging);
/* The token's text, not NUL-terminated. */
const char  *gls_tagging_get_token      (const GlsTagging        *tagging,
                                         guint                    token,
                                         gsize                   *length);
guint        gls_tagging_get_sentence   (const GlsTagging        *tagging,
                                         guint                    token);
/* Appends "O" or "B-PERSON" (and so on) to @out. */
void         gls_tagging_append_tag     (const GlsTagging        *tagging,
                                         guint                    token,
                                         GString                 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsTagging, gls_tagging_free)

G_END_DECLS
