/* gls-edit.c — every edit is one transaction and one journal row that can undo and redo it
 *
 * An edit records, for each row it touches, the row before and after (as JSON). Undo writes
 * the "before" images back in reverse order, redo the "after" images in order. Because the
 * journal is a table in the project file, undo works across restarts, and it doubles as an
 * audit trail: who changed what, when.
 *
 * journal.state: 0 applied, 1 undone (can be redone), 2 undone and then superseded by a new
 * edit (kept for the audit trail only). Rows with undoable = 0 (imports) are barriers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-edit"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-project-private.h"

typedef struct
{
  const char *table;   /* static string from the whitelist */
  gint64 id;
  JsonNode *before;    /* NULL: the row did not exist */
  JsonNode *after;
} Touched;

typedef struct
{
  const char *name;
  const char *select;  /* the row as the journal keeps it; documents skip their text */
} JournalTable;

static const JournalTable journal_tables[] = {
  { "documents", "SELECT id, title, status FROM documents WHERE id = ?1" },
  { "labels", "SELECT * FROM labels WHERE id = ?1" },
  { "relation_types", "SELECT * FROM relation_types WHERE id = ?1" },
  { "spans", "SELECT * FROM spans WHERE id = ?1" },
  { "relations", "SELECT * FROM relations WHERE id = ?1" },
  { "decisions", "SELECT * FROM decisions WHERE id = ?1" },
};

struct _GlsEdit
{
  GlsProject *project;
  char *op;
  gint64 document_id;
  GArray *touched;     /* of Touched */
  GHashTable *seen[G_N_ELEMENTS (journal_tables)];   /* per table: the gint64 ids in @touched */
};

static const JournalTable *
find_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (journal_tables); i++)
    if (g_strcmp0 (journal_tables[i].name, name) == 0)
      return &journal_tables[i];
  return NULL;
}

static void
touched_clear (gpointer data)
{
  Touched *t = data;

  g_clear_pointer (&t->before, json_node_unref);
  g_clear_pointer (&t->after, json_node_unref);
}

static void
edit_free (GlsEdit *edit)
{
  g_clear_pointer (&edit->touched, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (edit->seen); i++)
    g_clear_pointer (&edit->seen[i], g_hash_table_unref);
  g_free (edit->op);
  g_object_unref (edit->project);
  g_free (edit);
}

/* Reads one row into a JSON object (NULL if there is none). */
static gboolean
snapshot_row (GlsProject          *project,
              const JournalTable  *table,
              gint64               id,
              JsonNode           **out,
              GError             **error)
{
  sqlite3_stmt *stmt;
  JsonObject *object;
  int rc;

  *out = NULL;
  /* Cached (the SQL is static): an edit of a label in use touches thousands of rows. */
  if (!(stmt = _gls_project_cached (project, table->select, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE || _gls_project_check_sql (project, rc, error);
    }

  object = json_object_new ();
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (object, name, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          json_object_set_string_member (object, name, (const char *)sqlite3_column_text (stmt, i));
          break;
        default:
          json_object_set_null_member (object, name);
        }
    }
  sqlite3_reset (stmt);
  *out = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return TRUE;
}

GlsEdit *
_gls_edit_begin (GlsProject  *project,
                 const char  *op,
                 gint64       document_id,
                 GError     **error)
{
  GlsEdit *edit;

  if (!_gls_project_exec (project, "BEGIN IMMEDIATE", error))
    return NULL;

  edit = g_new0 (GlsEdit, 1);
  edit->project = g_object_ref (project);
  edit->op = g_strdup (op);
  edit->document_id = document_id;
  edit->touched = g_array_new (FALSE, TRUE, sizeof (Touched));
  g_array_set_clear_func (edit->touched, touched_clear);
  return edit;
}

/* Whether row @id of @table is in the edit already; if not, it is from now on. */
static gboolean
seen_before (GlsEdit            *edit,
             const JournalTable *table,
             gint64              id)
{
  GHashTable **seen = &edit->seen[table - journal_tables];

  if (*seen == NULL)
    *seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (g_hash_table_contains (*seen, &id))
    return TRUE;
  g_hash_table_add (*seen, g_memdup2 (&id, sizeof id));
  return FALSE;
}

/* Call before changing or deleting a row: remembers how it was. */
gboolean
_gls_edit_touch (GlsEdit     *edit,
                 const char  *table,
                 gint64       id,
                 GError     **error)
{
  const JournalTable *jt = find_table (table);
  Touched t = { 0 };

  g_assert (jt != NULL);
  if (seen_before (edit, jt, id))
    return TRUE;

  t.table = jt->name;
  t.id = id;
  if (!snapshot_row (edit->project, jt, id, &t.before, error))
    return FALSE;
  g_array_append_val (edit->touched, t);
  return TRUE;
}

/* Call after inserting a row: it did not exist before. */
void
_gls_edit_created (GlsEdit    *edit,
                   const char *table,
                   gint64      id)
{
  const JournalTable *jt = find_table (table);
  Touched t = { 0 };

  g_assert (jt != NULL);
  seen_before (edit, jt, id);
  t.table = jt->name;
  t.id = id;
  g_array_append_val (edit->touched, t);
}

static void
note_changed_row (const char *table,
                  JsonNode   *row,
                  GHashTable *document_ids,
                  GArray     *span_ids,
                  GHashTable *span_ids_seen,
                  gboolean   *documents_changed,
                  gboolean   *labels_changed)
{
  JsonObject *object;

  if (strcmp (table, "labels") == 0 || strcmp (table, "relation_types") == 0)
    *labels_changed = TRUE;
  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row))
    return;
  object = json_node_get_object (row);
  if (strcmp (table, "documents") == 0)
    {
      gint64 id = json_object_get_int_member_with_default (object, "id", 0);
      *documents_changed = TRUE;
      g_hash_table_add (document_ids, g_memdup2 (&id, sizeof id));
    }
  else if (strcmp (table, "spans") == 0)
    {
      gint64 id = json_object_get_int_member_with_default (object, "document", 0);
      gint64 span = json_object_get_int_member_with_default (object, "id", 0);

      g_hash_table_add (document_ids, g_memdup2 (&id, sizeof id));
      /* A set, not a walk of the array: bulk edits touch tens of thousands of spans. */
      if (!g_hash_table_add (span_ids_seen, g_memdup2 (&span, sizeof span)))
        return;
      g_array_append_val (span_ids, span);
    }
}

static void
notify_changes (GlsProject *project,
                GArray     *touched,
                gint64      document_id)
{
  g_autoptr(GHashTable) document_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  g_autoptr(GArray) span_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) span_ids_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                               g_free, NULL);
  g_autoptr(GHashTable) deltas = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gboolean documents_changed = FALSE, labels_changed = FALSE;

  if (document_id > 0)
    g_hash_table_add (document_ids, g_memdup2 (&document_id, sizeof document_id));
  for (guint i = 0; i < touched->len; i++)
    {
      Touched *t = &g_array_index (touched, Touched, i);
      note_changed_row (t->table, t->before, document_ids, span_ids, span_ids_seen,
                        &documents_changed, &labels_changed);
      note_changed_row (t->table, t->after, document_ids, span_ids, span_ids_seen,
                        &documents_changed, &labels_changed);
      if (strcmp (t->table, "spans") == 0)
        {
          /* Each document's span count moves by the spans created (no row before) and
           * deleted (no row after). */
          JsonNode *row = t->after ? t->after : t->before;
          gint64 doc = row && JSON_NODE_HOLDS_OBJECT (row) ?
                       json_object_get_int_member_with_default (json_node_get_object (row),
                                                                "document", 0) : 0;
          gint64 *delta = g_hash_table_lookup (deltas, &doc);

          if (delta == NULL)
            {
              delta = g_new0 (gint64, 1);
              g_hash_table_insert (deltas, g_memdup2 (&doc, sizeof doc), delta);
            }
          if ((t->before == NULL) != (t->after == NULL))
            *delta += t->after ? 1 : -1;
        }
    }
  _gls_project_set_changed_spans (project, labels_changed ? NULL : span_ids,
                                  documents_changed ? NULL : deltas);
  _gls_project_rows_changed (project, document_ids, documents_changed, labels_changed, FALSE);
  _gls_project_set_changed_spans (project, NULL, NULL);
}

static char *
changes_to_json (GArray *touched)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < touched->len; i++)
    {
      Touched *t = &g_array_index (touched, Touched, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, t->table);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, t->id);
      json_builder_set_member_name (builder, "before");
      json_builder_add_value (builder, t->before ? json_node_copy (t->before)
                                                 : json_node_new (JSON_NODE_NULL));
      json_builder_set_member_name (builder, "after");
      json_builder_add_value (builder, t->after ? json_node_copy (t->after)
                                                : json_node_new (JSON_NODE_NULL));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
_gls_journal_record (GlsProject  *project,
                     const char  *op,
                     gint64       document_id,
                     const char  *changes_json,
                     gboolean     undoable,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* A new edit ends the redo chain; the undone entries stay for the audit trail. (Both
   * statements cached: they run for every edit.) */
  if (!(stmt = _gls_project_cached (project, "UPDATE journal SET state = 2 WHERE state = 1",
                                    error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;

  if (!(stmt = _gls_project_cached (project,
                                    "INSERT INTO journal (time, annotator, op, document, changes, "
                                    "undoable) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _gls_project_now ());
  sqlite3_bind_text (stmt, 2, gls_project_get_annotator (project), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  if (document_id > 0)
    sqlite3_bind_int64 (stmt, 4, document_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, changes_json, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, undoable ? 1 : 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

gboolean
_gls_edit_commit (GlsEdit  *edit,
                  GError  **error)
{
  GlsProject *project = edit->project;
  g_autofree char *json = NULL;

  for (guint i = 0; i < edit->touched->len; i++)
    {
      Touched *t = &g_array_index (edit->touched, Touched, i);
      if (!snapshot_row (project, find_table (t->table), t->id, &t->after, error))
        goto fail;
    }

  json = changes_to_json (edit->touched);
  if (!_gls_journal_record (project, edit->op, edit->document_id, json, TRUE, error) ||
      !_gls_project_exec (project, "COMMIT", error))
    goto fail;

  notify_changes (project, edit->touched, edit->document_id);
  edit_free (edit);
  return TRUE;

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

void
_gls_edit_abort (GlsEdit *edit)
{
  sqlite3_exec (_gls_project_get_db (edit->project), "ROLLBACK", NULL, NULL, NULL);
  edit_free (edit);
}

/* ------------------------------------------------------------------------------------------ */
/* Undo and redo                                                                                */

static gboolean
bind_json_value (sqlite3_stmt *stmt,
                 int           index,
                 JsonNode     *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return sqlite3_bind_int64 (stmt, index, json_node_get_int (node)) == SQLITE_OK;
    case G_TYPE_DOUBLE:
      return sqlite3_bind_double (stmt, index, json_node_get_double (node)) == SQLITE_OK;
    case G_TYPE_STRING:
      return sqlite3_bind_text (stmt, index, json_node_get_string (node), -1,
                                SQLITE_TRANSIENT) == SQLITE_OK;
    default:
      return FALSE;
    }
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* A statement prepared once for all the rows an undo or redo puts back: its SQL depends on
 * the table and on the columns of the image, so it cannot be static. */
static sqlite3_stmt *
prepare_once (GlsProject  *project,
              GHashTable  *statements,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (!(stmt = _gls_project_prepare (project, sql, error)))
    return NULL;
  g_hash_table_insert (statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
step_once (GlsProject    *project,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

/* Makes row @id of @table look like @image (delete it if @image is null). */
static gboolean
apply_image (GlsProject          *project,
             GHashTable          *statements,
             const JournalTable  *table,
             gint64               id,
             JsonNode            *image,
             GError             **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GList) members = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  JsonObject *object;
  gboolean exists;
  char *tmp;
  int i;

  if (image == NULL || JSON_NODE_HOLDS_NULL (image))
    {
      tmp = sqlite3_mprintf ("DELETE FROM \"%w\" WHERE id = ?1", table->name);
      stmt = prepare_once (project, statements, tmp, error);
      sqlite3_free (tmp);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      return step_once (project, stmt, error);
    }

  if (!JSON_NODE_HOLDS_OBJECT (image))
    goto corrupt;
  object = json_node_get_object (image);
  members = json_object_get_members (object);

  tmp = sqlite3_mprintf ("SELECT 1 FROM \"%w\" WHERE id = ?1", table->name);
  stmt = prepare_once (project, statements, tmp, error);
  sqlite3_free (tmp);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (exists)
    {
      tmp = sqlite3_mprintf ("UPDATE \"%w\" SET ", table->name);
      g_string_append (sql, tmp);
      sqlite3_free (tmp);
      i = 2;
      for (const GList *l = members; l; l = l->next, i++)
        {
          tmp = sqlite3_mprintf ("%s\"%w\" = ?%d", l == members ? "" : ", ",
                                 (const char *)l->data, i);
          g_string_append (sql, tmp);
          sqlite3_free (tmp);
        }
      g_string_append (sql, " WHERE id = ?1");
    }
  else
    {
      g_autoptr(GString) values = g_string_new (NULL);

      tmp = sqlite3_mprintf ("INSERT INTO \"%w\" (id", table->name);
      g_string_append (sql, tmp);
      sqlite3_free (tmp);
      i = 2;
      for (const GList *l = members; l; l = l->next, i++)
        {
          if (strcmp (l->data, "id") == 0)
            continue;
          tmp = sqlite3_mprintf (", \"%w\"", (const char *)l->data);
          g_string_append (sql, tmp);
          sqlite3_free (tmp);
          g_string_append_printf (values, ", ?%d", i);
        }
      g_string_append_printf (sql, ") VALUES (?1%s)", values->str);
    }

  stmt = prepare_once (project, statements, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  i = 2;
  for (const GList *l = members; l; l = l->next, i++)
    if (strcmp (l->data, "id") != 0 || exists)
      if (!bind_json_value (stmt, i, json_object_get_member (object, l->data)))
        goto corrupt;
  return step_once (project, stmt, error);

corrupt:
  g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
               _("%s: a journal entry for %s %" PRId64 " is malformed"),
               gls_project_get_path (project), table->name, id);
  return FALSE;
}

static const char *
journal_select (gboolean redo)
{
  /* Undo takes the newest applied entry, redo the oldest undone one. */
  return redo ? "SELECT id, op, document, changes, undoable FROM journal WHERE state = 1 "
                "ORDER BY id ASC LIMIT 1"
              : "SELECT id, op, document, changes, undoable FROM journal WHERE state = 0 "
                "ORDER BY id DESC LIMIT 1";
}

gboolean
_gls_journal_can (GlsProject *project,
                  gboolean    redo)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (project, journal_select (redo), NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 4) != 0;
}

char *
_gls_journal_describe (GlsProject *project,
                       gboolean    redo)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (project, journal_select (redo), NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 4) != 0)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  return NULL;
}

gboolean
_gls_journal_undo (GlsProject  *project,
                   gboolean     redo,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) touched = NULL;
  g_autoptr(GHashTable) statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            finalize_statement);
  JsonArray *changes;
  gint64 entry_id, document_id;
  guint n;
  int rc;

  if (!_gls_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(stmt = _gls_project_prepare (project, journal_select (redo), error)))
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_int (stmt, 4) == 0)
    {
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error_literal (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                             redo ? _("Nothing to redo") : _("Nothing to undo"));
      else
        _gls_project_check_sql (project, rc, error);
      goto fail;
    }
  entry_id = sqlite3_column_int64 (stmt, 0);
  document_id = sqlite3_column_int64 (stmt, 2);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *)sqlite3_column_text (stmt, 3), -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
                   _("%s: journal entry %" PRId64 " is malformed"),
                   gls_project_get_path (project), entry_id);
      goto fail;
    }
  changes = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (changes);

  touched = g_array_new (FALSE, TRUE, sizeof (Touched));
  g_array_set_clear_func (touched, touched_clear);

  for (guint k = 0; k < n; k++)
    {
      JsonNode *node = json_array_get_element (changes, redo ? k : n - 1 - k);
      JsonObject *change = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const JournalTable *table;
      Touched t = { 0 };
      JsonNode *image;

      if (change == NULL ||
          !(table = find_table (json_object_get_string_member_with_default (change, "table", ""))))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
                       _("%s: journal entry %" PRId64 " names an unknown table"),
                       gls_project_get_path (project), entry_id);
          goto fail;
        }
      t.table = table->name;
      t.id = json_object_get_int_member_with_default (change, "id", 0);
      image = json_object_get_member (change, redo ? "after" : "before");
      if (!apply_image (project, statements, table, t.id, image, error))
        goto fail;
      /* What this step does: an undo goes from the edit's "after" back to its "before". */
      {
        const char *from = redo ? "before" : "after";
        const char *to = redo ? "after" : "before";

        if (json_object_get_member (change, from) &&
            !JSON_NODE_HOLDS_NULL (json_object_get_member (change, from)))
          t.before = json_node_copy (json_object_get_member (change, from));
        if (json_object_get_member (change, to) &&
            !JSON_NODE_HOLDS_NULL (json_object_get_member (change, to)))
          t.after = json_node_copy (json_object_get_member (change, to));
      }
      g_array_append_val (touched, t);
    }

  if (!(mark = _gls_project_prepare (project, "UPDATE journal SET state = ?2 WHERE id = ?1",
                                     error)))
    goto fail;
  sqlite3_bind_int64 (mark, 1, entry_id);
  sqlite3_bind_int (mark, 2, redo ? 0 : 1);
  if (!_gls_project_check_sql (project, sqlite3_step (mark), error) ||
      !_gls_project_exec (project, "COMMIT", error))
    goto fail;

  notify_changes (project, touched, document_id);
  return TRUE;

fail:
  sqlite3_exec (_gls_project_get_db (project), "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
