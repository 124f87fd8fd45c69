/* gls-relations.c — the relations of one span, read for showing
 *
 * Both directions at once (the span as source and as target), each with the text its two
 * spans cover, so a panel can write "Pompeo — met-with → Putin" without a text buffer. The
 * edits themselves (gls_project_add_relation(), gls_project_delete_relation()) live with the
 * other journaled edits in gls-project.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-relations"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gls-error.h"
#include "gls-project-private.h"
#include "gls-relations.h"

void
gls_relation_free (GlsRelation *relation)
{
  if (relation == NULL)
    return;
  g_free (relation->type);
  g_free (relation->source_text);
  g_free (relation->target_text);
  g_free (relation->annotator);
  g_free (relation);
}

/* The text span @span_id covers, its fragments joined with " … ". SQLite's substr() counts
 * characters (code points), the unit of span offsets, so no offset map is needed. */
static char *
covered_text (GlsProject  *self,
              gint64       span_id,
              GError     **error)
{
  g_autoptr(GlsSpan) span = gls_project_get_span (self, span_id, error);
  const GlsFragment *fragments;
  g_autoptr(GString) out = NULL;

  if (span == NULL)
    return NULL;
  fragments = gls_span_get_fragments (span);
  out = g_string_new (NULL);
  for (guint i = 0; i < gls_span_get_n_fragments (span); i++)
    {
      sqlite3_stmt *stmt = _gls_project_cached (self, "SELECT substr(text, ?2 + 1, ?3 - ?2) "
                                                      "FROM documents WHERE id = ?1", error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, gls_span_get_document_id (span));
      sqlite3_bind_int64 (stmt, 2, fragments[i].start);
      sqlite3_bind_int64 (stmt, 3, fragments[i].end);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          if (rc == SQLITE_DONE)
            g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                         _("the document of span %" PRId64 " is missing"), span_id);
          else
            _gls_project_check_sql (self, rc, error);
          return NULL;
        }
      if (i > 0)
        g_string_append (out, " … ");
      g_string_append_len (out, (const char *)sqlite3_column_text (stmt, 0),
                           sqlite3_column_bytes (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Looks a span's text up once per listing: the listed span is in every relation. */
static const char *
lookup_text (GlsProject  *self,
             GHashTable  *texts,
             gint64       span_id,
             GError     **error)
{
  char *text = g_hash_table_lookup (texts, &span_id);

  if (text == NULL && (text = covered_text (self, span_id, error)) != NULL)
    g_hash_table_insert (texts, g_memdup2 (&span_id, sizeof span_id), text);
  return text;
}

/**
 * gls_project_list_relations:
 * @span_id: a span
 *
 * The relations that start from @span_id and those that point to it: outgoing first, then
 * incoming, each in the order they were made.
 *
 * Returns: (transfer full) (element-type GlsRelation): the relations, freed with the array;
 *   %NULL with %GLS_ERROR_NOT_FOUND if there is no such span
 */
GPtrArray *
gls_project_list_relations (GlsProject  *self,
                            gint64       span_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GlsSpan) span = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  if (!(span = gls_project_get_span (self, span_id, error)))
    return NULL;

  stmt = _gls_project_cached (self, "SELECT r.id, r.type, r.source, r.target, a.name "
                                    "FROM relations r JOIN annotators a ON a.id = r.annotator "
                                    "WHERE r.source = ?1 OR r.target = ?1 "
                                    "ORDER BY r.source <> ?1, r.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, span_id);
  relations = g_ptr_array_new_with_free_func ((GDestroyNotify)gls_relation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlsRelation *relation = g_new0 (GlsRelation, 1);

      relation->id = sqlite3_column_int64 (stmt, 0);
      relation->type = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      relation->source = sqlite3_column_int64 (stmt, 2);
      relation->target = sqlite3_column_int64 (stmt, 3);
      relation->annotator = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      g_ptr_array_add (relations, relation);
    }
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (self, rc, error))
    return NULL;

  /* The texts after the listing: each takes statements of its own. */
  texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < relations->len; i++)
    {
      GlsRelation *relation = g_ptr_array_index (relations, i);
      const char *source, *target;

      if (!(source = lookup_text (self, texts, relation->source, error)) ||
          !(target = lookup_text (self, texts, relation->target, error)))
        return NULL;
      relation->source_text = g_strdup (source);
      relation->target_text = g_strdup (target);
    }
  return g_steal_pointer (&relations);
}
