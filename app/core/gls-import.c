/* gls-import.c — one transaction that adds documents, spans and relations in bulk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-import"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-html.h"
#include "gls-import.h"
#include "gls-project-private.h"

struct _GlsImport
{
  GlsProject *project;
  char *op;
  gboolean committed;
  gboolean fts_trigger_dropped; /* new documents are indexed at commit, in one statement */
  gint64 last_document_before;  /* the highest document id before the import */

  sqlite3_stmt *insert_document;
  sqlite3_stmt *insert_batch;   /* BATCH_SIZE rows at once */
  sqlite3_stmt *insert_relation;
  sqlite3_stmt *find_document;
  sqlite3_stmt *document_length;

  GHashTable *labels;          /* name → gint64 id */
  GHashTable *annotators;      /* name → gint64 id */
  GHashTable *lengths;         /* gint64 document id → gint64 length, for added documents */
  GHashTable *touched_docs;    /* existing documents that received spans */

  guint n_documents;
  guint n_spans;
  guint n_duplicates;
  guint n_skipped;
  gboolean labels_added;       /* the schema grew: the label model reloads on commit */
  gint64 first_document;
  gint64 now;                  /* one timestamp for everything an import adds */

  GArray *pending;             /* of Pending: spans not yet written */
  gint64 next_span_id;
  GHashTable *duplicate_of;    /* gint64 id given out → gint64 id of the span already there */
};

/* Spans are inserted BATCH_SIZE rows per statement: per-statement overhead, not the insert
 * itself, dominates a bulk import (about half the time at one row per statement). */
#define BATCH_SIZE 64
#define BATCH_COLUMNS 12

typedef struct
{
  gint64 id;
  gint64 document;
  gint64 label;
  gint64 annotator;
  gint64 start;
  gint64 end;
  char *fragments;             /* NULL for one fragment */
  char *note;
  char *kb_id;
  char *attributes;
} Pending;

static void
pending_clear (gpointer data)
{
  Pending *p = data;

  g_free (p->fragments);
  g_free (p->note);
  g_free (p->kb_id);
  g_free (p->attributes);
}

static sqlite3_stmt *
prepare_batch (GlsProject  *project,
               guint        n_rows,
               GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO spans (id, document, label, "
                                         "annotator, start, end, fragments, note, kb_id, "
                                         "attributes, created, changed) VALUES ");

  for (guint i = 0; i < n_rows; i++)
    g_string_append (sql, i ? ",(?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?)");
  return _gls_project_prepare (project, sql->str, error);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* After a batch in which some rows were ignored as duplicates: map each id given out for
 * such a row to the id of the equal span that was there (or came earlier in the batch). */
static gboolean
resolve_duplicates (GlsImport  *import,
                    GError    **error)
{
  GlsProject *project = import->project;
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;

  if (!(exists = _gls_project_prepare (project, "SELECT 1 FROM spans WHERE id = ?1", error)) ||
      !(find = _gls_project_prepare (project,
                                     "SELECT id FROM spans WHERE document = ?1 AND start = ?2 AND "
                                     "end = ?3 AND label = ?4 AND annotator = ?5 AND fragments = ?6",
                                     error)))
    return FALSE;

  for (guint i = 0; i < import->pending->len; i++)
    {
      const Pending *p = &g_array_index (import->pending, Pending, i);
      gint64 existing;

      sqlite3_reset (exists);
      sqlite3_bind_int64 (exists, 1, p->id);
      if (sqlite3_step (exists) == SQLITE_ROW)
        continue;

      sqlite3_reset (find);
      sqlite3_bind_int64 (find, 1, p->document);
      sqlite3_bind_int64 (find, 2, p->start);
      sqlite3_bind_int64 (find, 3, p->end);
      sqlite3_bind_int64 (find, 4, p->label);
      sqlite3_bind_int64 (find, 5, p->annotator);
      sqlite3_bind_text (find, 6, p->fragments ? p->fragments : "", -1, SQLITE_STATIC);
      if (sqlite3_step (find) != SQLITE_ROW)
        return _gls_project_check_sql (project, SQLITE_CORRUPT, error);
      existing = sqlite3_column_int64 (find, 0);
      g_hash_table_insert (import->duplicate_of, g_memdup2 (&p->id, sizeof p->id),
                           g_memdup2 (&existing, sizeof existing));
      import->n_duplicates++;
      import->n_spans--;
    }
  return TRUE;
}

static gboolean
flush_spans (GlsImport  *import,
             GError    **error)
{
  GlsProject *project = import->project;
  g_autoptr(sqlite3_stmt) partial = NULL;
  guint n = import->pending->len;
  sqlite3_stmt *stmt;
  int col = 1;

  if (n == 0)
    return TRUE;
  if (n == BATCH_SIZE)
    stmt = import->insert_batch;
  else if (!(stmt = partial = prepare_batch (project, n, error)))
    return FALSE;

  sqlite3_reset (stmt);
  for (guint i = 0; i < n; i++)
    {
      const Pending *p = &g_array_index (import->pending, Pending, i);

      sqlite3_bind_int64 (stmt, col++, p->id);
      sqlite3_bind_int64 (stmt, col++, p->document);
      sqlite3_bind_int64 (stmt, col++, p->label);
      sqlite3_bind_int64 (stmt, col++, p->annotator);
      sqlite3_bind_int64 (stmt, col++, p->start);
      sqlite3_bind_int64 (stmt, col++, p->end);
      sqlite3_bind_text (stmt, col++, p->fragments ? p->fragments : "", -1, SQLITE_STATIC);
      bind_text_or_null (stmt, col++, p->note);
      bind_text_or_null (stmt, col++, p->kb_id);
      bind_text_or_null (stmt, col++, p->attributes);
      sqlite3_bind_int64 (stmt, col++, import->now);
      sqlite3_bind_int64 (stmt, col++, import->now);
    }
  g_assert (col == (int)(n * BATCH_COLUMNS) + 1);

  if (!_gls_project_check_sql (project, sqlite3_step (stmt), error))
    return FALSE;
  import->n_spans += n;
  if ((guint)sqlite3_changes (_gls_project_get_db (project)) < n &&
      !resolve_duplicates (import, error))
    return FALSE;

  g_array_set_size (import->pending, 0);
  return TRUE;
}

static gint64
resolve_span_id (GlsImport *import,
                 gint64     id)
{
  gint64 *existing = g_hash_table_lookup (import->duplicate_of, &id);
  return existing ? *existing : id;
}

static void
free_statements (GlsImport *import)
{
  g_clear_pointer (&import->insert_document, sqlite3_finalize);
  g_clear_pointer (&import->insert_batch, sqlite3_finalize);
  g_clear_pointer (&import->insert_relation, sqlite3_finalize);
  g_clear_pointer (&import->find_document, sqlite3_finalize);
  g_clear_pointer (&import->document_length, sqlite3_finalize);
}

void
gls_import_free (GlsImport *import)
{
  if (import == NULL)
    return;
  free_statements (import);
  if (!import->committed)
    sqlite3_exec (_gls_project_get_db (import->project), "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (_gls_project_get_db (import->project), "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  g_hash_table_unref (import->labels);
  g_hash_table_unref (import->annotators);
  g_hash_table_unref (import->lengths);
  g_hash_table_unref (import->touched_docs);
  g_hash_table_unref (import->duplicate_of);
  g_array_unref (import->pending);
  g_free (import->op);
  g_object_unref (import->project);
  g_free (import);
}

GlsImport *
gls_import_begin (GlsProject  *project,
                  const char  *op,
                  GError     **error)
{
  g_autoptr(GlsImport) import = NULL;
  GListModel *labels;

  g_return_val_if_fail (GLS_IS_PROJECT (project), NULL);

  if (gls_project_get_read_only (project))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY,
                   _("%s: the project was opened read-only"), gls_project_get_path (project));
      return NULL;
    }
  /* An import checks every reference itself (labels from the schema, annotators it creates,
   * documents it looked up), so SQLite's per-row foreign-key probes are switched off for its
   * transaction: they cost more than the insert. The pragma only works outside one. */
  if (!_gls_project_exec (project, "PRAGMA foreign_keys = OFF", error))
    return NULL;
  if (!_gls_project_exec (project, "BEGIN IMMEDIATE", error))
    {
      sqlite3_exec (_gls_project_get_db (project), "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      return NULL;
    }

  import = g_new0 (GlsImport, 1);
  import->project = g_object_ref (project);
  import->op = g_strdup (op ? op : "import");
  import->now = _gls_project_now ();
  import->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->lengths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  import->touched_docs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  import->duplicate_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  import->pending = g_array_sized_new (FALSE, TRUE, sizeof (Pending), BATCH_SIZE);
  g_array_set_clear_func (import->pending, pending_clear);

  labels = gls_project_get_labels (project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      gint64 id = gls_label_get_id (label);
      g_hash_table_insert (import->labels, g_strdup (gls_label_get_name (label)),
                           g_memdup2 (&id, sizeof id));
    }

  if (!(import->insert_document = _gls_project_prepare (project,
          "INSERT INTO documents (title, text, source, imported, status, length, digest) "
          "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)", error)) ||
      !(import->insert_batch = prepare_batch (project, BATCH_SIZE, error)) ||
      !(import->insert_relation = _gls_project_prepare (project,
          "INSERT INTO relations (type, source, target, annotator, created) "
          "VALUES (?1, ?2, ?3, ?4, ?5)", error)) ||
      !(import->find_document = _gls_project_prepare (project,
          "SELECT id FROM documents WHERE digest = ?1 AND text = ?2 ORDER BY id LIMIT 1", error)) ||
      !(import->document_length = _gls_project_prepare (project,
          "SELECT length FROM documents WHERE id = ?1", error)))
    return NULL;

  {
    g_autoptr(sqlite3_stmt) max = _gls_project_prepare (project, "SELECT ifnull(max(id), 0) + 1 "
                                                                 "FROM spans", error);
    if (max == NULL || sqlite3_step (max) != SQLITE_ROW)
      return NULL;
    import->next_span_id = sqlite3_column_int64 (max, 0);
  }

  {
    /* The full-text index's trigger costs an index flush per document (SQLite 3.40): it is
     * dropped for this transaction (a rollback brings it back) and the new documents are
     * indexed in one statement at commit. */
    g_autoptr(sqlite3_stmt) state = _gls_project_prepare (project,
      "SELECT (SELECT ifnull(max(id), 0) FROM documents), "
      "       EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
      "               AND name = 'documents_fts_insert')", error);
    if (state == NULL || sqlite3_step (state) != SQLITE_ROW)
      return NULL;
    import->last_document_before = sqlite3_column_int64 (state, 0);
    import->fts_trigger_dropped = sqlite3_column_int (state, 1) != 0;
  }
  if (import->fts_trigger_dropped &&
      !_gls_project_exec (project, "DROP TRIGGER documents_fts_insert", error))
    return NULL;

  return g_steal_pointer (&import);
}

GlsProject *
gls_import_get_project (GlsImport *import)
{
  return import->project;
}

static char *
text_digest (const char *text,
             gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *)text, length);
}

gint64
gls_import_add_document (GlsImport   *import,
                         const char  *title,
                         const char  *text,
                         gssize       length,
                         const char  *source,
                         GError     **error)
{
  GlsProject *project = import->project;
  sqlite3_stmt *stmt = import->insert_document;
  g_autofree char *digest = NULL;
  const char *bad;
  gint64 id, n_chars;

  g_return_val_if_fail (text != NULL, 0);

  if (length < 0)
    length = (gssize)strlen (text);
  if (!g_utf8_validate_len (text, (gsize)length, &bad))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("the text is not valid UTF-8 (at byte %zu)"),
                   (gsize)(bad - text));
      return 0;
    }
  if (title == NULL || *title == '\0')
    title = source ? source : _("Untitled");

  n_chars = g_utf8_strlen (text, length);
  digest = text_digest (text, (gsize)length);

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, (int)length, SQLITE_STATIC);
  if (source != NULL)
    sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, _gls_project_now ());
  sqlite3_bind_int64 (stmt, 5, n_chars);
  sqlite3_bind_text (stmt, 6, digest, -1, SQLITE_STATIC);
  if (!_gls_project_check_sql (project, sqlite3_step (stmt), error))
    return 0;
  sqlite3_clear_bindings (stmt);

  id = sqlite3_last_insert_rowid (_gls_project_get_db (project));
  g_hash_table_insert (import->lengths, g_memdup2 (&id, sizeof id),
                       g_memdup2 (&n_chars, sizeof n_chars));
  if (import->n_documents++ == 0)
    import->first_document = id;
  return id;
}

/* Finds a document with exactly this text (in the project or added by this import). */
gint64
gls_import_find_document (GlsImport  *import,
                          const char *text,
                          gssize      length)
{
  sqlite3_stmt *stmt = import->find_document;
  g_autofree char *digest = NULL;
  gint64 id = 0;

  if (length < 0)
    length = (gssize)strlen (text);
  digest = text_digest (text, (gsize)length);

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, (int)length, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return id;
}

gint64
gls_import_get_document_length (GlsImport  *import,
                                gint64      document_id,
                                GError    **error)
{
  sqlite3_stmt *stmt = import->document_length;
  gint64 *cached = g_hash_table_lookup (import->lengths, &document_id);
  gint64 length;
  int rc;

  if (cached != NULL)
    return *cached;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, document_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                     _("no document with id %" PRId64), document_id);
      else
        _gls_project_check_sql (import->project, rc, error);
      return -1;
    }
  length = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_hash_table_insert (import->lengths, g_memdup2 (&document_id, sizeof document_id),
                       g_memdup2 (&length, sizeof length));
  g_hash_table_add (import->touched_docs, g_memdup2 (&document_id, sizeof document_id));
  return length;
}

static gint64
ensure_annotator (GlsImport   *import,
                  const char  *name,
                  GError     **error)
{
  gint64 *cached = g_hash_table_lookup (import->annotators, name);
  gint64 id;

  if (cached != NULL)
    return *cached;
  if (!(id = _gls_project_ensure_annotator (import->project, name, error)))
    return 0;
  g_hash_table_insert (import->annotators, g_strdup (name), g_memdup2 (&id, sizeof id));
  return id;
}

/**
 * gls_import_add_label:
 * @key: (nullable): the key to type for it; left out when a label of the project has it
 * @added: (out) (optional): whether the label was added
 *
 * Makes sure the schema has a label named @name, for spans that follow. A label of that name
 * is kept as it is; otherwise one is added after the others, with @color and @description.
 * Like everything in an import, it goes if the import is rolled back.
 *
 * Returns: the label's id, or 0 with @error set
 */
gint64
gls_import_add_label (GlsImport   *import,
                      const char  *name,
                      const char  *color,
                      const char  *key,
                      const char  *description,
                      gboolean    *added,
                      GError     **error)
{
  GlsProject *project = import->project;
  g_autoptr(sqlite3_stmt) keys = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 *existing, id;
  int rc = SQLITE_OK;

  if (added != NULL)
    *added = FALSE;
  if (name == NULL || *name == '\0' || strpbrk (name, " \t\n") != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid label name (no spaces, not empty)"), name ? name : "");
      return 0;
    }
  if ((existing = g_hash_table_lookup (import->labels, name)) != NULL)
    return *existing;

  /* Keys are matched without regard to case, and one key applies one label. */
  if (key != NULL && *key != '\0')
    {
      g_autofree char *folded = g_utf8_casefold (key, -1);

      if (!(keys = _gls_project_prepare (project, "SELECT key FROM labels WHERE key IS NOT NULL",
                                         error)))
        return 0;
      while (key != NULL && (rc = sqlite3_step (keys)) == SQLITE_ROW)
        {
          g_autofree char *other = g_utf8_casefold ((const char *)sqlite3_column_text (keys, 0),
                                                    -1);
          if (strcmp (folded, other) == 0)
            key = NULL;
        }
      if (key != NULL && !_gls_project_check_sql (project, rc, error))
        return 0;
    }
  else
    key = NULL;

  insert = _gls_project_prepare (project,
                                 "INSERT INTO labels (name, color, key, description, position) "
                                 "VALUES (?1, ?2, ?3, ?4, (SELECT ifnull(max(position) + 1, 0) "
                                 "FROM labels))", error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, color ? color : "#77767b", -1, SQLITE_STATIC);
  bind_text_or_null (insert, 3, key);
  sqlite3_bind_text (insert, 4, description ? description : "", -1, SQLITE_STATIC);
  if (!_gls_project_check_sql (project, sqlite3_step (insert), error))
    return 0;
  id = sqlite3_last_insert_rowid (_gls_project_get_db (project));
  g_hash_table_insert (import->labels, g_strdup (name), g_memdup2 (&id, sizeof id));
  import->labels_added = TRUE;
  if (added != NULL)
    *added = TRUE;
  return id;
}

static char *
attributes_to_json (GHashTable *attributes)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;

  if (attributes == NULL || g_hash_table_size (attributes) == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  keys = g_list_sort (g_hash_table_get_keys (attributes), (GCompareFunc)g_strcmp0);
  for (const GList *l = keys; l; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (attributes, l->data));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * gls_import_add_span:
 *
 * Adds a span. Spans are written in batches; the id returned is the span's id once the
 * import commits. A span equal to one already present (label, fragments, annotator) is not
 * added again: relations given to gls_import_add_relation() that name its id are attached to
 * the span that was there, and it counts as a duplicate.
 *
 * Returns: the span's id, or 0 with @error set
 */
gint64
gls_import_add_span (GlsImport          *import,
                     gint64              document_id,
                     const GlsFragment  *fragments,
                     guint               n_fragments,
                     const char         *label,
                     const char         *annotator,
                     const char         *note,
                     const char         *kb_id,
                     GHashTable         *attributes,
                     GError            **error)
{
  g_autoptr(GArray) frags = NULL;
  g_autofree char *frag_string = NULL;
  g_autofree char *attr_json = NULL;
  gint64 *label_id, annotator_id, length;
  const GlsFragment *first, *last;

  label_id = g_hash_table_lookup (import->labels, label ? label : "");
  if (label_id == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL,
                   _("unknown label “%s” (the project's labels are listed by "
                     "“glossator-cli labels”)"), label ? label : "");
      return 0;
    }
  if ((length = gls_import_get_document_length (import, document_id, error)) < 0)
    return 0;

  if (n_fragments == 1)
    {
      /* The common case, without an allocation: one fragment, checked in place. */
      if (fragments[0].start < 0 || fragments[0].end <= fragments[0].start ||
          fragments[0].end > length)
        {
          frags = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment), 1);
          g_array_append_vals (frags, fragments, 1);
          gls_fragments_normalize (frags, length, error);
          return 0;
        }
      first = last = &fragments[0];
    }
  else
    {
      frags = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment), n_fragments);
      g_array_append_vals (frags, fragments, n_fragments);
      if (!gls_fragments_normalize (frags, length, error))
        return 0;
      first = &g_array_index (frags, GlsFragment, 0);
      last = &g_array_index (frags, GlsFragment, frags->len - 1);
      if (frags->len > 1)
        frag_string = gls_fragments_to_string ((const GlsFragment *)(gpointer)frags->data,
                                               frags->len);
    }
  if (!(annotator_id = ensure_annotator (import, annotator, error)))
    return 0;

  attr_json = attributes_to_json (attributes);

  {
    Pending p = {
      .id = import->next_span_id++,
      .document = document_id,
      .label = *label_id,
      .annotator = annotator_id,
      .start = first->start,
      .end = last->end,
      .fragments = g_steal_pointer (&frag_string),
      .note = note != NULL && *note ? g_strdup (note) : NULL,
      .kb_id = kb_id != NULL && *kb_id ? g_strdup (kb_id) : NULL,
      .attributes = g_steal_pointer (&attr_json),
    };

    g_array_append_val (import->pending, p);
    if (import->pending->len == BATCH_SIZE && !flush_spans (import, error))
      return 0;
    return p.id;
  }
}

gint64
gls_import_add_relation (GlsImport   *import,
                         const char  *type,
                         gint64       source_span,
                         gint64       target_span,
                         const char  *annotator,
                         GError     **error)
{
  GlsProject *project = import->project;
  sqlite3_stmt *stmt = import->insert_relation;
  g_autoptr(sqlite3_stmt) exists = NULL;
  gint64 annotator_id, id;

  if (type == NULL || *type == '\0')
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID, _("a relation needs a type"));
      return 0;
    }
  if (!flush_spans (import, error))
    return 0;
  source_span = resolve_span_id (import, source_span);
  target_span = resolve_span_id (import, target_span);
  if (!(annotator_id = ensure_annotator (import, annotator, error)))
    return 0;

  /* Importing the same relation twice changes nothing, like spans. */
  exists = _gls_project_prepare (project, "SELECT id FROM relations WHERE type = ?1 AND "
                                          "source = ?2 AND target = ?3 AND annotator = ?4", error);
  if (exists == NULL)
    return 0;
  sqlite3_bind_text (exists, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (exists, 2, source_span);
  sqlite3_bind_int64 (exists, 3, target_span);
  sqlite3_bind_int64 (exists, 4, annotator_id);
  if (sqlite3_step (exists) == SQLITE_ROW)
    return sqlite3_column_int64 (exists, 0);

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, source_span);
  sqlite3_bind_int64 (stmt, 3, target_span);
  sqlite3_bind_int64 (stmt, 4, annotator_id);
  sqlite3_bind_int64 (stmt, 5, _gls_project_now ());
  if (!_gls_project_check_sql (project, sqlite3_step (stmt), error))
    return 0;
  id = sqlite3_last_insert_rowid (_gls_project_get_db (project));

  /* Relation types belong to the schema: an imported one joins it. */
  {
    g_autoptr(sqlite3_stmt) add_type = NULL;

    add_type = _gls_project_prepare (project,
                                     "INSERT OR IGNORE INTO relation_types (name, position) "
                                     "VALUES (?1, (SELECT ifnull(max(position) + 1, 0) FROM "
                                     "relation_types))", error);
    if (add_type == NULL)
      return 0;
    sqlite3_bind_text (add_type, 1, type, -1, SQLITE_STATIC);
    if (!_gls_project_check_sql (project, sqlite3_step (add_type), error))
      return 0;
  }

  return id;
}

gboolean
gls_import_commit (GlsImport  *import,
                   GError    **error)
{
  GlsProject *project = import->project;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (!import->committed, FALSE);

  if (!flush_spans (import, error))
    return FALSE;

  /* Imports are recorded for the audit trail but are not undone step by step: they are a
   * barrier for undo, as in any editor after "Open". */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "documents");
  json_builder_add_int_value (builder, import->n_documents);
  json_builder_set_member_name (builder, "first_document");
  json_builder_add_int_value (builder, import->first_document);
  json_builder_set_member_name (builder, "spans");
  json_builder_add_int_value (builder, import->n_spans);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  free_statements (import);
  if (import->fts_trigger_dropped)
    {
      g_autofree char *index_new = g_strdup_printf (
        "INSERT INTO documents_fts (rowid, title, text) "
        "SELECT id, title, text FROM documents WHERE id > %" G_GINT64_FORMAT ";",
        import->last_document_before);

      if (!_gls_project_exec (project, index_new, error) ||
          !_gls_project_exec (project, GLS_SQL_FTS_INSERT_TRIGGER, error))
        return FALSE;
    }
  if (!_gls_journal_record (project, import->op, 0, json, FALSE, error) ||
      !_gls_project_exec (project, "COMMIT", error))
    return FALSE;
  import->committed = TRUE;

  _gls_project_rows_changed (project, import->touched_docs, FALSE, import->labels_added,
                             import->n_documents > 0);
  return TRUE;
}

guint
gls_import_get_n_documents (GlsImport *import)
{
  return import->n_documents;
}

/* The counts write pending spans first, so they are exact. */
guint
gls_import_get_n_spans (GlsImport *import)
{
  flush_spans (import, NULL);
  return import->n_spans;
}

guint
gls_import_get_n_duplicates (GlsImport *import)
{
  flush_spans (import, NULL);
  return import->n_duplicates;
}

/* Articles whose exact text the project had already, and that were not added again. */
guint
gls_import_get_n_skipped (GlsImport *import)
{
  return import->n_skipped;
}

/* ------------------------------------------------------------------------------------------ */
/* Articles: plain text and HTML                                                                */

static gboolean
looks_like_html (const char *data,
                 gsize       length,
                 const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name ? name : "", -1);
  g_autofree char *head = NULL;

  if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
      g_str_has_suffix (lower, ".xhtml"))
    return TRUE;

  head = g_ascii_strdown (data, MIN (length, 512));
  g_strchug (head);
  return g_str_has_prefix (head, "<!doctype html") || g_str_has_prefix (head, "<html") ||
         strstr (head, "<head") != NULL;
}

/* Line and column (1-based) of a byte offset, for error messages. */
static void
locate_byte (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else
        (*column)++;
    }
}

/* Normalises line ends to "\n" and drops a byte-order mark. */
static char *
normalize_text (const char *data,
                gsize       length,
                gsize      *out_length)
{
  GString *out = g_string_sized_new (length);
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  for (; i < length; i++)
    {
      if (data[i] == '\r')
        {
          g_string_append_c (out, '\n');
          if (i + 1 < length && data[i + 1] == '\n')
            i++;
        }
      else
        g_string_append_c (out, data[i]);
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* The headline: the first non-empty line if it is short enough to be one. */
static char *
guess_title (const char *text,
             const char *name)
{
  const char *p = text;

  while (*p == '\n' || *p == ' ' || *p == '\t')
    p++;
  if (*p)
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol ? (gsize)(eol - p) : strlen (p);
      if (len > 0 && g_utf8_strlen (p, (gssize)len) <= 200)
        return g_strstrip (g_strndup (p, len));
    }
  return g_path_get_basename (name);
}

gboolean
gls_import_article_data (GlsImport       *import,
                         const char      *data,
                         gsize            length,
                         const char      *name,
                         GlsArticleKind   kind,
                         GError         **error)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *source = g_path_get_basename (name);
  gsize text_length;
  const char *bad;

  if (kind == GLS_ARTICLE_HTML ||
      (kind == GLS_ARTICLE_AUTO && looks_like_html (data, length, name)))
    {
      g_autofree char *html_text = NULL;

      if (!gls_html_extract (data, length, name, &title, &html_text, error))
        return FALSE;
      text = normalize_text (html_text, strlen (html_text), &text_length);
    }
  else
    {
      if (memchr (data, '\0', length) != NULL)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                       _("%s: a binary file, not UTF-8 text"), name);
          return FALSE;
        }
      if (!g_utf8_validate_len (data, length, &bad))
        {
          guint line, column;

          locate_byte (data, (gsize)(bad - data), &line, &column);
          g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                       _("%s:%u:%u: not valid UTF-8 text (byte 0x%02x); convert the file to "
                         "UTF-8 first"), name, line, column, (guchar)*bad);
          return FALSE;
        }
      text = normalize_text (data, length, &text_length);
      title = guess_title (text, name);
    }

  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));
    if (*stripped == '\0')
      {
        g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: the file has no text"), name);
        return FALSE;
      }
  }

  /* The same article imported twice stays one document. */
  if (gls_import_find_document (import, text, (gssize)text_length) != 0)
    {
      import->n_skipped++;
      return TRUE;
    }

  if (gls_import_add_document (import, title, text, (gssize)text_length, source, error) == 0)
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
gls_import_article_file (GlsImport       *import,
                         const char      *path,
                         GlsArticleKind   kind,
                         GError         **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return gls_import_article_data (import, data, length, path, kind, error);
}
