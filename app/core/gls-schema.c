/* gls-schema.c — editing the label schema: labels and relation types
 *
 * Every function here that changes something is one edit: one transaction and one journal
 * entry (see gls-edit.c), so a failure leaves the file as it was and one undo takes the whole
 * change back, after a restart too.
 *
 * Deleting a label deletes the spans that use it, and their relations, in that same edit: the
 * journal keeps every row, so undo brings label, spans and relations back together. Deleting
 * a relation type likewise deletes the relations of that type (the editor asks first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-schema"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-project-private.h"
#include "gls-schema.h"

static gboolean
check_writable (GlsProject  *self,
                GError     **error)
{
  if (gls_project_get_read_only (self))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY,
                   _("%s: the project was opened read-only"), gls_project_get_path (self));
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_done (GlsProject    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return _gls_project_check_sql (self, sqlite3_step (stmt), error);
}

static GlsLabel *
find_label (GlsProject  *self,
            gint64       label_id,
            GError     **error)
{
  GlsLabel *label = gls_project_lookup_label (self, label_id);

  if (label == NULL)
    g_set_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL,
                 _("no label with id %" PRId64), label_id);
  return label;
}

/* Names of labels and relation types end up in formats that split on white space (brat,
 * CoNLL tags), so they hold none. */
static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_valid_color (const char *color)
{
  if (color == NULL || strlen (color) != 7 || color[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

/* A key is typed to apply its label, so it is one visible character; keys are matched
 * without regard to case ("a" and "A" are the same key). */
static gboolean
is_valid_key (const char *key)
{
  return g_utf8_validate (key, -1, NULL) && g_utf8_strlen (key, -1) == 1 &&
         g_unichar_isgraph (g_utf8_get_char (key));
}

static GlsLabel *
label_with_key (GlsProject *self,
                const char *key,
                gint64      except_id)
{
  GListModel *labels = gls_project_get_labels (self);
  g_autofree char *folded = g_utf8_casefold (key, -1);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *other = gls_label_get_key (label);
      g_autofree char *other_folded = NULL;

      if (gls_label_get_id (label) == except_id || other == NULL || *other == '\0')
        continue;
      other_folded = g_utf8_casefold (other, -1);
      if (g_strcmp0 (folded, other_folded) == 0)
        return label;   /* the model keeps it alive */
    }
  return NULL;
}

/* The ids a query returns, ?1 bound to @text (or to @id when @text is NULL). */
static GArray *
select_ids (GlsProject  *self,
            const char  *sql,
            gint64       id,
            const char  *text,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (self, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 value = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, value);
    }
  if (!_gls_project_check_sql (self, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static gboolean
touch_ids (GlsEdit     *edit,
           const char  *table,
           GArray      *ids,
           GError     **error)
{
  for (guint i = 0; i < ids->len; i++)
    if (!_gls_edit_touch (edit, table, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
touch_query (GlsProject  *self,
             GlsEdit     *edit,
             const char  *table,
             const char  *sql,
             gint64       id,
             const char  *text,
             GError     **error)
{
  g_autoptr(GArray) ids = select_ids (self, sql, id, text, error);

  return ids != NULL && touch_ids (edit, table, ids, error);
}

/* Runs one statement with ?1 bound to @text (or to @id when @text is NULL). */
static gboolean
run (GlsProject  *self,
     const char  *sql,
     gint64       id,
     const char  *text,
     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, error);
}

typedef struct
{
  gint64 id;
  gint64 position;
} Row;

/* Gives the rows of @table ("labels" or "relation_types") the positions 0..n-1 in their
 * present order, after moving row @moved_id (unless 0) to @new_position. Only rows whose
 * position changes are touched. */
static gboolean
renumber (GlsProject  *self,
          GlsEdit     *edit,
          const char  *table,
          gint64       moved_id,
          guint        new_position,
          guint       *n_changed,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autofree char *select_sql = NULL;
  g_autofree char *update_sql = NULL;
  char *tmp;
  int rc;

  *n_changed = 0;
  tmp = sqlite3_mprintf ("SELECT id, position FROM \"%w\" ORDER BY position, id", table);
  select_sql = g_strdup (tmp);
  sqlite3_free (tmp);
  tmp = sqlite3_mprintf ("UPDATE \"%w\" SET position = ?2 WHERE id = ?1", table);
  update_sql = g_strdup (tmp);
  sqlite3_free (tmp);

  if (!(select = _gls_project_prepare (self, select_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      Row row = { sqlite3_column_int64 (select, 0), sqlite3_column_int64 (select, 1) };
      g_array_append_val (rows, row);
    }
  if (!_gls_project_check_sql (self, rc, error))
    return FALSE;

  if (moved_id != 0)
    for (guint i = 0; i < rows->len; i++)
      if (g_array_index (rows, Row, i).id == moved_id)
        {
          Row row = g_array_index (rows, Row, i);

          g_array_remove_index (rows, i);
          g_array_insert_val (rows, MIN (new_position, rows->len), row);
          break;
        }

  if (!(update = _gls_project_prepare (self, update_sql, error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (row->position == (gint64)i)
        continue;
      if (!_gls_edit_touch (edit, table, row->id, error))
        return FALSE;
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, row->id);
      sqlite3_bind_int64 (update, 2, i);
      if (!step_done (self, update, error))
        return FALSE;
      (*n_changed)++;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Labels                                                                                       */

/**
 * gls_project_update_label:
 * @label_id: the label to change
 * @name: its name: not empty, no spaces, not another label's
 * @color: its colour, as `#rrggbb`
 * @key: (nullable): the one character typed to apply it, or %NULL or "" for none; no other
 *   label may have it (in either case)
 * @description: (nullable): the guidance shown to annotators
 *
 * Sets every property of a label at once (pass the present values of those that stay).
 * An invalid value is refused with a #GlsError that names the label, and nothing changes.
 * Setting the values a label has already is no edit at all.
 */
gboolean
gls_project_update_label (GlsProject  *self,
                          gint64       label_id,
                          const char  *name,
                          const char  *color,
                          const char  *key,
                          const char  *description,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *color_lower = NULL;
  const char *old_name;
  GlsLabel *label, *other;
  GlsEdit *edit;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  if (!check_writable (self, error) || !(label = find_label (self, label_id, error)))
    return FALSE;
  old_name = gls_label_get_name (label);
  if (key != NULL && *key == '\0')
    key = NULL;
  if (description == NULL)
    description = "";

  /* A name is checked when it changes: one from an older file stays editable otherwise. */
  if (*name == '\0')
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID, _("the label %s needs a name"), old_name);
      return FALSE;
    }
  if (g_strcmp0 (name, old_name) != 0 && !is_valid_name (name))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid name for the label %s (no spaces)"), name, old_name);
      return FALSE;
    }
  if ((other = gls_project_find_label (self, name)) != NULL && other != label)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE,
                   _("cannot rename the label %s to %s: another label has that name"),
                   old_name, name);
      return FALSE;
    }
  if (!is_valid_color (color))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid colour for the label %s (use the form #rrggbb)"),
                   color, old_name);
      return FALSE;
    }
  if (key != NULL && !is_valid_key (key))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid key for the label %s (one character, or none)"),
                   key, old_name);
      return FALSE;
    }
  if (key != NULL && (other = label_with_key (self, key, label_id)) != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE,
                   _("cannot give the label %s the key “%s”: the label %s has it already"),
                   old_name, key, gls_label_get_name (other));
      return FALSE;
    }
  if (!g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("the description of the label %s is not valid UTF-8"), old_name);
      return FALSE;
    }

  color_lower = g_ascii_strdown (color, -1);
  if (g_strcmp0 (name, old_name) == 0 &&
      g_strcmp0 (color_lower, gls_label_get_color (label)) == 0 &&
      g_strcmp0 (key, gls_label_get_key (label)) == 0 &&
      g_strcmp0 (description, gls_label_get_description (label)) == 0)
    return TRUE;

  if (!(edit = _gls_edit_begin (self, "edit-label", 0, error)))
    return FALSE;
  if (!_gls_edit_touch (edit, "labels", label_id, error))
    goto fail;
  stmt = _gls_project_prepare (self, "UPDATE labels SET name = ?2, color = ?3, key = ?4, "
                                     "description = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, label_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, color_lower, -1, SQLITE_STATIC);
  if (key != NULL)
    sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, description, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/**
 * gls_project_move_label:
 * @new_position: where the label goes, from 0 (first) to the number of labels less one
 *
 * Moves a label in the schema's order; the labels' positions become 0..n-1.
 */
gboolean
gls_project_move_label (GlsProject  *self,
                        gint64       label_id,
                        guint        new_position,
                        GError     **error)
{
  GlsLabel *label;
  GlsEdit *edit;
  guint n_labels, n_changed;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (!check_writable (self, error) || !(label = find_label (self, label_id, error)))
    return FALSE;
  n_labels = g_list_model_get_n_items (gls_project_get_labels (self));
  if (new_position >= n_labels)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("cannot move the label %s to position %u: the last position is %u"),
                   gls_label_get_name (label), new_position, n_labels - 1);
      return FALSE;
    }

  if (!(edit = _gls_edit_begin (self, "move-label", 0, error)))
    return FALSE;
  if (!renumber (self, edit, "labels", label_id, new_position, &n_changed, error))
    goto fail;
  if (n_changed == 0)
    {
      _gls_edit_abort (edit);   /* already there: nothing to record */
      return TRUE;
    }
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/**
 * gls_project_count_label_spans:
 *
 * Returns: how many spans (of every annotator) use the label, or -1 with @error set
 */
gint64
gls_project_count_label_spans (GlsProject  *self,
                               gint64       label_id,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), -1);

  if (!find_label (self, label_id, error))
    return -1;
  stmt = _gls_project_cached (self, "SELECT count(*) FROM spans WHERE label = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, label_id);
  rc = sqlite3_step (stmt);
  count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _gls_project_check_sql (self, rc, error);
      return -1;
    }
  return count;
}

#define LABEL_RELATIONS \
  "SELECT id FROM relations WHERE source IN (SELECT id FROM spans WHERE label = ?1) " \
  "OR target IN (SELECT id FROM spans WHERE label = ?1)"

/**
 * gls_project_delete_label:
 *
 * Deletes a label with every span that uses it and every relation of those spans, as ONE
 * edit: one undo brings them all back. The other labels close up (positions 0..n-1).
 * #GlsProject::spans-changed is emitted for each document that lost spans.
 */
gboolean
gls_project_delete_label (GlsProject  *self,
                          gint64       label_id,
                          GError     **error)
{
  GlsEdit *edit;
  guint n_changed;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (!check_writable (self, error) || !find_label (self, label_id, error))
    return FALSE;
  if (!(edit = _gls_edit_begin (self, "delete-label", 0, error)))
    return FALSE;

  /* Touched in this order, undo (which goes backwards) restores the label before its spans
   * and the spans before their relations, as the foreign keys want. */
  if (!touch_query (self, edit, "relations", LABEL_RELATIONS, label_id, NULL, error) ||
      !touch_query (self, edit, "spans", "SELECT id FROM spans WHERE label = ?1", label_id,
                    NULL, error) ||
      !_gls_edit_touch (edit, "labels", label_id, error))
    goto fail;

  if (!run (self, "DELETE FROM relations WHERE id IN (" LABEL_RELATIONS ")", label_id, NULL,
            error) ||
      !run (self, "DELETE FROM spans WHERE label = ?1", label_id, NULL, error) ||
      !run (self, "DELETE FROM labels WHERE id = ?1", label_id, NULL, error) ||
      !renumber (self, edit, "labels", 0, 0, &n_changed, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Relation types                                                                               */

static gint64
relation_type_id (GlsProject  *self,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _gls_project_cached (self, "SELECT id FROM relation_types WHERE name = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND, _("there is no relation type “%s”"),
                 name);
  else if (rc != SQLITE_ROW)
    _gls_project_check_sql (self, rc, error);
  return id;
}

/* A relation's row in the journal names no document, so its edit would not tell the views
 * which documents to redraw. Touching (without changing) one span of each document whose
 * relations of type @type change makes the edit, its undo and its redo announce them. */
static gboolean
touch_relation_documents (GlsProject  *self,
                          GlsEdit     *edit,
                          const char  *type,
                          GError     **error)
{
  return touch_query (self, edit, "spans",
                      "SELECT min(s.id) FROM relations r JOIN spans s ON s.id = r.source "
                      "WHERE r.type = ?1 GROUP BY s.document", 0, type, error);
}

/**
 * gls_project_dup_relation_type_description:
 *
 * Returns: (nullable): the description of relation type @name, or %NULL if there is none
 */
char *
gls_project_dup_relation_type_description (GlsProject *self,
                                           const char *name)
{
  sqlite3_stmt *stmt;
  char *description = NULL;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = _gls_project_cached (self, "SELECT description FROM relation_types WHERE name = ?1",
                              NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    description = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return description;
}

/**
 * gls_project_count_relation_type_uses:
 *
 * Returns: how many relations have the type @name, or -1 with @error set
 */
gint64
gls_project_count_relation_type_uses (GlsProject  *self,
                                      const char  *name,
                                      GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  if (!relation_type_id (self, name, error))
    return -1;
  stmt = _gls_project_cached (self, "SELECT count(*) FROM relations WHERE type = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _gls_project_check_sql (self, rc, error);
      return -1;
    }
  return count;
}

/**
 * gls_project_rename_relation_type:
 * @old_name: the relation type to change
 * @new_name: its new name (or @old_name again): not empty, no spaces, not another type's
 * @description: (nullable): its new description
 *
 * Renames a relation type and sets its description, as one edit. The relations of the type
 * are renamed with it.
 */
gboolean
gls_project_rename_relation_type (GlsProject  *self,
                                  const char  *old_name,
                                  const char  *new_name,
                                  const char  *description,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *old_description = NULL;
  gboolean renamed;
  GlsEdit *edit;
  gint64 id;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  if (!check_writable (self, error) || !(id = relation_type_id (self, old_name, error)))
    return FALSE;
  if (description == NULL)
    description = "";
  renamed = g_strcmp0 (old_name, new_name) != 0;

  if (renamed && !is_valid_name (new_name))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid name for the relation type %s (no spaces, not "
                     "empty)"), new_name, old_name);
      return FALSE;
    }
  if (renamed && relation_type_id (self, new_name, NULL) != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE,
                   _("cannot rename the relation type %s to %s: another relation type has "
                     "that name"), old_name, new_name);
      return FALSE;
    }
  if (!g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("the description of the relation type %s is not valid UTF-8"), old_name);
      return FALSE;
    }
  old_description = gls_project_dup_relation_type_description (self, old_name);
  if (!renamed && g_strcmp0 (description, old_description) == 0)
    return TRUE;

  if (!(edit = _gls_edit_begin (self, "edit-relation-type", 0, error)))
    return FALSE;
  if (renamed &&
      (!touch_relation_documents (self, edit, old_name, error) ||
       !touch_query (self, edit, "relations", "SELECT id FROM relations WHERE type = ?1", 0,
                     old_name, error)))
    goto fail;
  if (!_gls_edit_touch (edit, "relation_types", id, error))
    goto fail;

  stmt = _gls_project_prepare (self, "UPDATE relation_types SET name = ?2, description = ?3 "
                                     "WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, new_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, description, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  if (renamed)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = _gls_project_prepare (self, "UPDATE relations SET type = ?2 WHERE type = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, old_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, new_name, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/**
 * gls_project_delete_relation_type:
 *
 * Deletes a relation type and every relation of that type, as one edit: one undo brings
 * them back. (A caller that should not lose relations checks
 * gls_project_count_relation_type_uses() first and asks.) The other types close up.
 */
gboolean
gls_project_delete_relation_type (GlsProject  *self,
                                  const char  *name,
                                  GError     **error)
{
  GlsEdit *edit;
  guint n_changed;
  gint64 id;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error) || !(id = relation_type_id (self, name, error)))
    return FALSE;
  if (!(edit = _gls_edit_begin (self, "delete-relation-type", 0, error)))
    return FALSE;
  if (!touch_relation_documents (self, edit, name, error) ||
      !touch_query (self, edit, "relations", "SELECT id FROM relations WHERE type = ?1", 0,
                    name, error) ||
      !_gls_edit_touch (edit, "relation_types", id, error))
    goto fail;
  if (!run (self, "DELETE FROM relations WHERE type = ?1", 0, name, error) ||
      !run (self, "DELETE FROM relation_types WHERE id = ?1", id, NULL, error) ||
      !renumber (self, edit, "relation_types", 0, 0, &n_changed, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}
