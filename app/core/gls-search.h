/* gls-search.h — full-text search over a project's documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gls-types.h"

G_BEGIN_DECLS

/**
 * GlsSearchHit:
 * @document_id: the document found
 * @start: the first match in the document's text, in code points; -1 when only the title
 *   matched
 * @end: one past the match's last code point; -1 when only the title matched
 * @n_matches: how many matches the text holds
 * @snippet: one line of plain text around the first match (the text's start when only the
 *   title matched), with "…" where it was cut
 * @snippet_match_start: where the match starts inside @snippet, in bytes
 * @snippet_match_end: where it ends inside @snippet, in bytes (equal to the start when there
 *   is no match in the text)
 *
 * One document found by gls_project_search(). A match is a word of the query (the last word
 * also as a prefix), compared after case folding and with diacritics removed; where the whole
 * query occurs as a phrase, that phrase is the first match.
 */
typedef struct
{
  gint64  document_id;
  gint64  start;
  gint64  end;
  guint   n_matches;
  char   *snippet;
  gsize   snippet_match_start;
  gsize   snippet_match_end;
} GlsSearchHit;

void    gls_search_hit_clear        (GlsSearchHit  *hit);

GArray *gls_project_search          (GlsProject    *self,
                                     const char    *query,
                                     guint          limit,
                                     GError       **error);
GArray *gls_project_search_document (GlsProject    *self,
                                     gint64         document_id,
                                     const char    *query,
                                     GError       **error);

G_END_DECLS
