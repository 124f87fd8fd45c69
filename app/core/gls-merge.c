/* gls-merge.c — bringing another annotator's project into this one, and who did what
 *
 * Another annotator's project is a copy of the same articles, perhaps imported in another
 * order, under other titles, with a few of its own. Its documents are matched to ours by
 * their text (the digest column, then the text itself), never by id or title; its spans keep
 * their annotator, note, knowledge-base id, attributes and fragments; its relations follow
 * their spans. Everything goes in through one GlsImport: one transaction, journaled as an
 * import (a barrier for undo), rolled back whole if anything fails. Spans are unique by
 * (document, start, end, label, annotator, fragments), so merging the same file again adds
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-merge"

#include <inttypes.h>
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-merge.h"
#include "gls-project-private.h"

typedef struct
{
  GlsImport *import;
  GlsProject *project;
  GlsProject *other;
  const char *other_path;
  const char *annotator;       /* overrides the spans' own, or NULL */
  GlsMergeStats *stats;
  GHashTable *by_annotator;    /* name → GlsMergeAnnotator, owned by stats->annotators */
  GHashTable *documents_seen;  /* gint64 ids of our documents this merge gave spans to */

  sqlite3_stmt *other_spans;
  sqlite3_stmt *other_relations;
  sqlite3_stmt *present_spans;
  sqlite3_stmt *set_status;
} Merge;

static void
merge_annotator_free (gpointer data)
{
  GlsMergeAnnotator *entry = data;

  g_free (entry->annotator);
  g_free (entry);
}

void
gls_merge_stats_clear (GlsMergeStats *stats)
{
  g_clear_pointer (&stats->annotators, g_ptr_array_unref);
  memset (stats, 0, sizeof *stats);
}

gboolean
gls_merge_stats_is_empty (const GlsMergeStats *stats)
{
  g_return_val_if_fail (stats != NULL, TRUE);

  return stats->n_documents_added == 0 && stats->n_spans_added == 0 &&
         stats->n_relations_added == 0 && stats->n_labels_added == 0 &&
         stats->n_relation_types_added == 0;
}

static void
merge_clear (Merge *m)
{
  g_clear_pointer (&m->other_spans, sqlite3_finalize);
  g_clear_pointer (&m->other_relations, sqlite3_finalize);
  g_clear_pointer (&m->present_spans, sqlite3_finalize);
  g_clear_pointer (&m->set_status, sqlite3_finalize);
  g_clear_pointer (&m->by_annotator, g_hash_table_unref);
  g_clear_pointer (&m->documents_seen, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Merge, merge_clear)

/**
 * gls_merge_probe:
 *
 * Returns: whether @path starts like an SQLite database, as every project does
 */
gboolean
gls_merge_probe (const char *path)
{
  char head[16];
  gboolean is_db;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return FALSE;
  is_db = read (fd, head, sizeof head) == (ssize_t)sizeof head &&
          memcmp (head, "SQLite format 3", sizeof head) == 0;
  close (fd);
  return is_db;
}

/* The other project, read-only. Opening refuses (naming the file) what is not a project, a
 * damaged or newer one, and one another process has open; merging a project into itself is
 * refused here, before its lock would make that look like another process. */
static GlsProject *
open_other (GlsProject  *project,
            const char  *other_path,
            GError     **error)
{
  GStatBuf ours, theirs;

  if (g_stat (gls_project_get_path (project), &ours) == 0 && g_stat (other_path, &theirs) == 0 &&
      ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: this is the project being merged into; choose another annotator's "
                     "project"), other_path);
      return NULL;
    }
  return gls_project_open (other_path, GLS_PROJECT_OPEN_READ_ONLY, error);
}

static GlsMergeAnnotator *
annotator_stats (Merge      *m,
                 const char *name)
{
  GlsMergeAnnotator *entry = g_hash_table_lookup (m->by_annotator, name);

  if (entry == NULL)
    {
      entry = g_new0 (GlsMergeAnnotator, 1);
      entry->annotator = g_strdup (name);
      g_ptr_array_add (m->stats->annotators, entry);
      g_hash_table_insert (m->by_annotator, entry->annotator, entry);
    }
  return entry;
}

static int
compare_annotators (gconstpointer a,
                    gconstpointer b)
{
  const GlsMergeAnnotator *x = *(GlsMergeAnnotator * const *)a;
  const GlsMergeAnnotator *y = *(GlsMergeAnnotator * const *)b;

  return strcmp (x->annotator, y->annotator);
}

/* What makes a span the same span: the columns of the spans_identity index, by name. */
static char *
span_identity (gint64      start,
               gint64      end,
               const char *fragments,
               const char *label,
               const char *annotator)
{
  return g_strdup_printf ("%" PRId64 " %" PRId64 " %s\037%s\037%s", start, end,
                          fragments ? fragments : "", label, annotator);
}

static gint64
count_rows (GlsProject  *project,
            const char  *sql,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (project, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _gls_project_check_sql (project, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Labels of the other schema that ours lacks are added, with their colour; a label of the
 * same name is the same label. */
static gboolean
merge_labels (Merge   *m,
              GError **error)
{
  GListModel *labels = gls_project_get_labels (m->other);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      gboolean added;

      if (!gls_import_add_label (m->import, gls_label_get_name (label),
                                 gls_label_get_color (label), gls_label_get_key (label),
                                 gls_label_get_description (label), &added, error))
        {
          g_prefix_error (error, "%s: ", m->other_path);
          return FALSE;
        }
      if (added)
        m->stats->n_labels_added++;
    }
  return TRUE;
}

/* Relation types, with their descriptions (an import would add the ones in use bare). */
static gboolean
merge_relation_types (Merge   *m,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) types = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  int rc;

  if (!(types = _gls_project_prepare (m->other, "SELECT name, description FROM relation_types "
                                                "ORDER BY position, id", error)) ||
      !(insert = _gls_project_prepare (m->project,
                                       "INSERT OR IGNORE INTO relation_types (name, description, "
                                       "position) VALUES (?1, ?2, (SELECT ifnull(max(position) "
                                       "+ 1, 0) FROM relation_types))", error)))
    return FALSE;
  while ((rc = sqlite3_step (types)) == SQLITE_ROW)
    {
      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, (const char *)sqlite3_column_text (types, 0), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, (const char *)sqlite3_column_text (types, 1), -1,
                         SQLITE_TRANSIENT);
      if (!_gls_project_check_sql (m->project, sqlite3_step (insert), error))
        return FALSE;
      if (sqlite3_changes (_gls_project_get_db (m->project)) > 0)
        m->stats->n_relation_types_added++;
    }
  return _gls_project_check_sql (m->other, rc, error);
}

/* The spans one of our documents has, by identity → id. */
static gboolean
load_present_spans (Merge       *m,
                    gint64       document_id,
                    GHashTable  *present,
                    GError     **error)
{
  sqlite3_stmt *stmt = m->present_spans;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (present,
                           span_identity (sqlite3_column_int64 (stmt, 1),
                                          sqlite3_column_int64 (stmt, 2),
                                          (const char *)sqlite3_column_text (stmt, 3),
                                          (const char *)sqlite3_column_text (stmt, 4),
                                          (const char *)sqlite3_column_text (stmt, 5)),
                           g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  return _gls_project_check_sql (m->project, rc, error);
}

static gboolean
merge_spans (Merge       *m,
             gint64       other_document,
             gint64       document_id,
             GHashTable  *present,
             GHashTable  *span_ids,
             GError     **error)
{
  sqlite3_stmt *stmt = m->other_spans;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, other_document);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 other_id = sqlite3_column_int64 (stmt, 0);
      gint64 start = sqlite3_column_int64 (stmt, 1);
      gint64 end = sqlite3_column_int64 (stmt, 2);
      const char *fragments = (const char *)sqlite3_column_text (stmt, 3);
      const char *label = (const char *)sqlite3_column_text (stmt, 4);
      const char *annotator = m->annotator ? m->annotator
                                           : (const char *)sqlite3_column_text (stmt, 5);
      g_autofree char *identity = span_identity (start, end, fragments, label, annotator);
      GlsMergeAnnotator *who = annotator_stats (m, annotator);
      gint64 *existing = g_hash_table_lookup (present, identity);
      gint64 id;

      if (existing != NULL)
        {
          id = *existing;
          who->n_spans_present++;
          m->stats->n_spans_present++;
        }
      else
        {
          g_autoptr(GArray) frags = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
          g_autoptr(GHashTable) attributes = NULL;

          if (fragments != NULL && *fragments != '\0')
            {
              if (!gls_fragments_parse (fragments, frags, error))
                {
                  g_prefix_error (error, "%s: span %" PRId64 ": ", m->other_path, other_id);
                  return FALSE;
                }
            }
          else
            {
              GlsFragment single = { start, end };
              g_array_append_val (frags, single);
            }
          attributes = _gls_parse_attributes ((const char *)sqlite3_column_text (stmt, 8));
          id = gls_import_add_span (m->import, document_id,
                                    (const GlsFragment *)(gpointer)frags->data, frags->len,
                                    label, annotator,
                                    (const char *)sqlite3_column_text (stmt, 6),
                                    (const char *)sqlite3_column_text (stmt, 7),
                                    attributes, error);
          if (id == 0)
            {
              g_prefix_error (error, "%s: span %" PRId64 ": ", m->other_path, other_id);
              return FALSE;
            }
          g_hash_table_insert (present, g_steal_pointer (&identity), g_memdup2 (&id, sizeof id));
          who->n_spans_added++;
          m->stats->n_spans_added++;
        }
      g_hash_table_insert (span_ids, g_memdup2 (&other_id, sizeof other_id),
                           g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  return _gls_project_check_sql (m->other, rc, error);
}

static gboolean
merge_relations (Merge       *m,
                 gint64       other_document,
                 GHashTable  *span_ids,
                 GError     **error)
{
  sqlite3_stmt *stmt = m->other_relations;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, other_document);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 other_id = sqlite3_column_int64 (stmt, 0);
      gint64 *source = g_hash_table_lookup (span_ids, &(gint64){ sqlite3_column_int64 (stmt, 2) });
      gint64 *target = g_hash_table_lookup (span_ids, &(gint64){ sqlite3_column_int64 (stmt, 3) });
      const char *annotator = m->annotator ? m->annotator
                                           : (const char *)sqlite3_column_text (stmt, 4);

      if (source == NULL || target == NULL)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
                       _("%s: relation %" PRId64 " links spans of two documents"),
                       m->other_path, other_id);
          return FALSE;
        }
      if (!gls_import_add_relation (m->import, (const char *)sqlite3_column_text (stmt, 1),
                                    *source, *target, annotator, error))
        {
          g_prefix_error (error, "%s: relation %" PRId64 ": ", m->other_path, other_id);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  return _gls_project_check_sql (m->other, rc, error);
}

static gboolean
merge_document (Merge         *m,
                sqlite3_stmt  *row,
                GError       **error)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) span_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          g_free);
  gint64 other_document = sqlite3_column_int64 (row, 0);
  const char *text = (const char *)sqlite3_column_text (row, 2);
  gssize length = sqlite3_column_bytes (row, 2);
  int status = sqlite3_column_int (row, 4);
  gint64 document_id;

  if ((document_id = gls_import_find_document (m->import, text, length)) != 0)
    {
      m->stats->n_documents_matched++;
      /* Two of their documents with one text: the spans the first one gave are still queued
       * in the import; counting them writes them, so they are found like the rest. */
      if (g_hash_table_contains (m->documents_seen, &document_id))
        gls_import_get_n_spans (m->import);
      if (!load_present_spans (m, document_id, present, error))
        return FALSE;
    }
  else
    {
      document_id = gls_import_add_document (m->import, (const char *)sqlite3_column_text (row, 1),
                                             text, length,
                                             (const char *)sqlite3_column_text (row, 3), error);
      if (document_id == 0)
        {
          g_prefix_error (error, "%s: document %" PRId64 ": ", m->other_path, other_document);
          return FALSE;
        }
      m->stats->n_documents_added++;
      /* A document we did not have comes with where its annotator had got to. */
      if (status != GLS_DOCUMENT_NEW)
        {
          sqlite3_reset (m->set_status);
          sqlite3_bind_int64 (m->set_status, 1, document_id);
          sqlite3_bind_int (m->set_status, 2, status);
          if (!_gls_project_check_sql (m->project, sqlite3_step (m->set_status), error))
            return FALSE;
        }
    }
  g_hash_table_add (m->documents_seen, g_memdup2 (&document_id, sizeof document_id));

  return merge_spans (m, other_document, document_id, present, span_ids, error) &&
         (g_hash_table_size (span_ids) == 0 ||
          merge_relations (m, other_document, span_ids, error));
}

static gboolean
merge_from (GlsImport      *import,
            GlsProject     *other,
            const char     *other_path,
            const char     *annotator,
            GlsMergeStats  *stats,
            GCancellable   *cancellable,
            GError        **error)
{
  g_auto(Merge) m = { 0 };
  g_autoptr(sqlite3_stmt) documents = NULL;
  gint64 relations_before, relations_after, relations_theirs;
  guint duplicates_before;
  int rc;

  memset (stats, 0, sizeof *stats);
  stats->annotators = g_ptr_array_new_with_free_func (merge_annotator_free);

  m.import = import;
  m.project = gls_import_get_project (import);
  m.other = other;
  m.other_path = other_path;
  m.annotator = annotator != NULL && *annotator != '\0' ? annotator : NULL;
  m.stats = stats;
  m.by_annotator = g_hash_table_new (g_str_hash, g_str_equal);
  m.documents_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (!(m.other_spans = _gls_project_prepare (other,
          "SELECT s.id, s.start, s.end, s.fragments, l.name, a.name, s.note, s.kb_id, "
          "s.attributes FROM spans s JOIN labels l ON l.id = s.label "
          "JOIN annotators a ON a.id = s.annotator WHERE s.document = ?1 ORDER BY s.id", error)) ||
      !(m.other_relations = _gls_project_prepare (other,
          "SELECT r.id, r.type, r.source, r.target, a.name FROM relations r "
          "JOIN spans s ON s.id = r.source JOIN annotators a ON a.id = r.annotator "
          "WHERE s.document = ?1 ORDER BY r.id", error)) ||
      !(m.present_spans = _gls_project_prepare (m.project,
          "SELECT s.id, s.start, s.end, s.fragments, l.name, a.name FROM spans s "
          "JOIN labels l ON l.id = s.label JOIN annotators a ON a.id = s.annotator "
          "WHERE s.document = ?1", error)) ||
      !(m.set_status = _gls_project_prepare (m.project,
          "UPDATE documents SET status = ?2 WHERE id = ?1", error)) ||
      !(documents = _gls_project_prepare (other, "SELECT id, title, text, source, status "
                                                 "FROM documents ORDER BY id", error)))
    return FALSE;

  if ((relations_before = count_rows (m.project, "SELECT count(*) FROM relations", error)) < 0 ||
      (relations_theirs = count_rows (other, "SELECT count(*) FROM relations", error)) < 0)
    return FALSE;
  /* Counting also writes the spans the import still queues (from files read before this
   * one), so that the spans each document has are all found in the table. */
  duplicates_before = gls_import_get_n_duplicates (import);

  if (!merge_labels (&m, error) || !merge_relation_types (&m, error))
    return FALSE;

  while ((rc = sqlite3_step (documents)) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !merge_document (&m, documents, error))
        return FALSE;
    }
  if (!_gls_project_check_sql (other, rc, error))
    return FALSE;

  /* Our own check of what was there already should leave the import nothing to refuse; if
   * it did refuse a span as a duplicate, the totals say so. */
  if (gls_import_get_n_duplicates (import) > duplicates_before)
    {
      guint extra = gls_import_get_n_duplicates (import) - duplicates_before;

      g_debug ("%s: %u spans found present only by the import", other_path, extra);
      stats->n_spans_added -= MIN (extra, stats->n_spans_added);
      stats->n_spans_present += extra;
    }
  if ((relations_after = count_rows (m.project, "SELECT count(*) FROM relations", error)) < 0)
    return FALSE;
  stats->n_relations_added = (guint)(relations_after - relations_before);
  stats->n_relations_present = (guint)MAX (0, relations_theirs - stats->n_relations_added);

  g_ptr_array_sort (stats->annotators, compare_annotators);
  return TRUE;
}

/**
 * gls_import_merge_project:
 * @other_path: another `.glossator` project, opened read-only
 * @annotator: (nullable): record every span and relation for this annotator instead of its own
 * @stats: (out caller-allocates) (optional): what the merge did; clear with
 *   gls_merge_stats_clear()
 *
 * Merges @other_path into @import's project, within @import: nothing is saved until the caller
 * commits it. See gls_project_merge().
 */
gboolean
gls_import_merge_project (GlsImport      *import,
                          const char     *other_path,
                          const char     *annotator,
                          GlsMergeStats  *stats,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_auto(GlsMergeStats) local = { 0 };
  g_autoptr(GlsProject) other = NULL;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (!(other = open_other (gls_import_get_project (import), other_path, error)) ||
      !merge_from (import, other, other_path, annotator, &local, cancellable, error))
    return FALSE;
  if (stats != NULL)
    {
      *stats = local;
      local.annotators = NULL;
    }
  return TRUE;
}

/**
 * gls_project_merge:
 * @other_path: another annotator's `.glossator` project
 * @stats: (out caller-allocates) (optional): what the merge did; clear with
 *   gls_merge_stats_clear()
 *
 * Brings another annotator's work into this project, in one transaction recorded in the
 * journal as an import. Documents are matched by their text; documents we lack are added
 * (with their status); spans keep their annotator, note, knowledge-base id, attributes and
 * fragments; relations follow their spans; labels we lack are added with their colour.
 * Merging the same file twice changes nothing the second time: not even the journal.
 *
 * A file that is not a project, is damaged, comes from a newer Glossator, is open in another
 * process, or is this project itself is refused with a #GlsError naming it, and nothing
 * changes.
 *
 * Returns: %TRUE when the merge was committed
 */
gboolean
gls_project_merge (GlsProject     *self,
                   const char     *other_path,
                   GlsMergeStats  *stats,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_auto(GlsMergeStats) local = { 0 };
  g_autoptr(GlsProject) other = NULL;
  g_autoptr(GlsImport) import = NULL;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (!(other = open_other (self, other_path, error)) ||
      !(import = gls_import_begin (self, "merge", error)) ||
      !merge_from (import, other, other_path, NULL, &local, cancellable, error))
    return FALSE;
  /* A file merged before: nothing to save, not even a journal entry. */
  if (!gls_merge_stats_is_empty (&local) && !gls_import_commit (import, error))
    return FALSE;
  if (stats != NULL)
    {
      *stats = local;
      local.annotators = NULL;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Who did which documents                                                                      */

void
gls_document_annotator_free (GlsDocumentAnnotator *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->annotator);
  g_free (entry);
}

/**
 * gls_project_list_document_annotators:
 *
 * Per document, every annotator with spans in it and how many: what a reviewer looks at to
 * see who has done which documents. Documents without spans are not listed.
 *
 * Returns: (transfer full) (element-type GlsDocumentAnnotator): by document id, then
 *   annotator name; %NULL with @error set
 */
GPtrArray *
gls_project_list_document_annotators (GlsProject  *self,
                                      GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  stmt = _gls_project_prepare (self, "SELECT s.document, a.name, count(*) FROM spans s "
                                     "JOIN annotators a ON a.id = s.annotator "
                                     "GROUP BY s.document, s.annotator ORDER BY s.document, a.name",
                               error);
  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)gls_document_annotator_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlsDocumentAnnotator *entry = g_new0 (GlsDocumentAnnotator, 1);

      entry->document_id = sqlite3_column_int64 (stmt, 0);
      entry->annotator = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      entry->n_spans = (guint)sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (entries, entry);
    }
  if (!_gls_project_check_sql (self, rc, error))
    return NULL;
  return g_steal_pointer (&entries);
}
