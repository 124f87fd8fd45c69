/* gls-span-list.c — the spans of one document, compact in memory, as a GListModel
 *
 * A document can carry tens of thousands of spans. Rows are kept as small records (about
 * 80 bytes each) and a GlsSpan object is made only when someone asks for an item, so loading
 * a document costs one query and no object per span; list views ask only for what they show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-span-list"

#include "gls-error.h"
#include "gls-span.h"
#include "gls-span-list.h"
#include "gls-project-private.h"

typedef struct
{
  gint64 id;
  gint64 label_id;
  const char *annotator;    /* interned */
  GlsFragment first;        /* the whole span when n_fragments == 1 */
  GlsFragment *more;        /* all fragments when n_fragments > 1 */
  guint n_fragments;
} Record;

struct _GlsSpanList
{
  GObject parent_instance;

  GlsProject *project;      /* weak: a list may outlive its project */
  gint64 document_id;
  GArray *records;
  gint64 max_id;            /* no record has a greater id (a new span's is greater) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlsSpanList, gls_span_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
record_clear (gpointer data)
{
  Record *r = data;

  g_free (r->more);
}

static GType
gls_span_list_get_item_type (GListModel *model)
{
  return GLS_TYPE_SPAN;
}

static guint
gls_span_list_get_n_items (GListModel *model)
{
  return GLS_SPAN_LIST (model)->records->len;
}

static gpointer
gls_span_list_get_item (GListModel *model,
                        guint       position)
{
  GlsSpanList *self = GLS_SPAN_LIST (model);
  const Record *r;
  GlsSpan *span;

  if (position >= self->records->len)
    return NULL;
  r = &g_array_index (self->records, Record, position);
  span = _gls_span_new (r->id, self->document_id, r->label_id, r->annotator,
                        r->n_fragments > 1 ? r->more : &r->first, r->n_fragments,
                        NULL, NULL, NULL, 0, 0);
  /* Details are read when asked for: most views never need them. */
  _gls_span_defer_details (span, self);
  return span;
}

gboolean
_gls_span_list_get_details (GlsSpanList  *self,
                            gint64        span_id,
                            char        **note,
                            char        **kb_id,
                            char        **attributes,
                            gint64       *created,
                            gint64       *changed)
{
  return self->project != NULL &&
         _gls_project_get_span_details (self->project, span_id, note, kb_id, attributes,
                                        created, changed);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gls_span_list_get_item_type;
  iface->get_n_items = gls_span_list_get_n_items;
  iface->get_item = gls_span_list_get_item;
}

static void
gls_span_list_finalize (GObject *object)
{
  GlsSpanList *self = (GlsSpanList *)object;

  g_clear_pointer (&self->records, g_array_unref);
  g_clear_weak_pointer (&self->project);

  G_OBJECT_CLASS (gls_span_list_parent_class)->finalize (object);
}

static void
gls_span_list_class_init (GlsSpanListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_span_list_finalize;
}

static void
gls_span_list_init (GlsSpanList *self)
{
  self->records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (self->records, record_clear);
}

/* One row of SELECT id, label, annotator, start, end, fragments. */
static gboolean
read_record (GlsProject    *project,
             sqlite3_stmt  *stmt,
             Record        *r,
             GError       **error)
{
  const char *frag_text = (const char *)sqlite3_column_text (stmt, 5);

  *r = (Record){ 0 };
  r->id = sqlite3_column_int64 (stmt, 0);
  r->label_id = sqlite3_column_int64 (stmt, 1);
  r->annotator = _gls_project_get_annotator_name (project, sqlite3_column_int64 (stmt, 2));
  r->first.start = sqlite3_column_int64 (stmt, 3);
  r->first.end = sqlite3_column_int64 (stmt, 4);
  r->n_fragments = 1;
  if (frag_text != NULL && *frag_text != '\0')
    {
      g_autoptr(GArray) fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));

      if (!gls_fragments_parse (frag_text, fragments, error))
        return FALSE;
      r->n_fragments = fragments->len;
      r->more = (GlsFragment *)(gpointer)g_array_free (g_steal_pointer (&fragments), FALSE);
    }
  return TRUE;
}

/* Loads the spans of one document in one pass over the covering index spans_identity:
 * extents, labels and annotators, no visit to the table rows. */
GlsSpanList *
_gls_span_list_load (GlsProject  *project,
                     gint64       document_id,
                     GError     **error)
{
  g_autoptr(GlsSpanList) self = g_object_new (GLS_TYPE_SPAN_LIST, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_set_weak_pointer (&self->project, project);
  self->document_id = document_id;

  stmt = _gls_project_prepare (project,
                               "SELECT id, label, annotator, start, end, fragments FROM spans "
                               "WHERE document = ?1 ORDER BY start, end, label", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Record r;

      if (!read_record (project, stmt, &r, error))
        return NULL;
      self->max_id = MAX (self->max_id, r.id);
      g_array_append_val (self->records, r);
    }
  if (!_gls_project_check_sql (project, rc, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Records are ordered by (start, end, label), as the load query orders them. */
static int
compare_records (const Record *a,
                 const Record *b)
{
  if (a->first.start != b->first.start)
    return a->first.start < b->first.start ? -1 : 1;
  if (a->first.end != b->first.end)
    return a->first.end < b->first.end ? -1 : 1;
  if (a->label_id != b->label_id)
    return a->label_id < b->label_id ? -1 : 1;
  return 0;
}

/* The position of the record of span @id, or G_MAXUINT. A changed span usually still starts
 * where @now (its new record) starts; else every record is looked at. */
static guint
find_record (GlsSpanList  *self,
             gint64        id,
             const Record *now)
{
  guint lo = 0, hi = self->records->len;

  if (now != NULL)
    {
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (self->records, Record, mid).first.start < now->first.start)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint i = lo; i < self->records->len; i++)
        {
          const Record *r = &g_array_index (self->records, Record, i);

          if (r->first.start != now->first.start)
            break;
          if (r->id == id)
            return i;
        }
    }
  for (guint i = 0; i < self->records->len; i++)
    if (g_array_index (self->records, Record, i).id == id)
      return i;
  return G_MAXUINT;
}

/**
 * gls_span_list_update:
 * @span_ids: spans that were created, changed or deleted
 *
 * Brings the list up to date for just these spans (see gls_project_get_changed_spans()),
 * emitting #GListModel::items-changed for each: an edit costs a few rows, not the document.
 */
gboolean
gls_span_list_update (GlsSpanList   *self,
                      const gint64  *span_ids,
                      guint          n_span_ids,
                      GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GLS_IS_SPAN_LIST (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  stmt = _gls_project_cached (self->project,
                              "SELECT id, label, annotator, start, end, fragments FROM spans "
                              "WHERE id = ?1 AND document = ?2", error);
  if (stmt == NULL)
    return FALSE;

  for (guint k = 0; k < n_span_ids; k++)
    {
      Record r;
      guint at, lo = 0, hi;
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, span_ids[k]);
      sqlite3_bind_int64 (stmt, 2, self->document_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && !read_record (self->project, stmt, &r, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return _gls_project_check_sql (self->project, rc, error);
        }

      /* Where it was, if it was: a new span's id is greater than any here. */
      if (span_ids[k] <= self->max_id &&
          (at = find_record (self, span_ids[k], rc == SQLITE_ROW ? &r : NULL)) != G_MAXUINT)
        {
          g_array_remove_index (self->records, at);
          g_list_model_items_changed (G_LIST_MODEL (self), at, 1, 0);
        }
      if (rc == SQLITE_DONE)
        continue;   /* deleted, or in another document */

      /* After every record that sorts before or with it. */
      hi = self->records->len;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (compare_records (&g_array_index (self->records, Record, mid), &r) <= 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      self->max_id = MAX (self->max_id, r.id);
      g_array_insert_val (self->records, lo, r);
      g_list_model_items_changed (G_LIST_MODEL (self), lo, 0, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static const Record *
get_record (GlsSpanList *self,
            guint        position)
{
  g_return_val_if_fail (GLS_IS_SPAN_LIST (self), NULL);
  g_return_val_if_fail (position < self->records->len, NULL);
  return &g_array_index (self->records, Record, position);
}

gint64
gls_span_list_get_id (GlsSpanList *self,
                      guint        position)
{
  const Record *r = get_record (self, position);
  return r ? r->id : 0;
}

gint64
gls_span_list_get_label_id (GlsSpanList *self,
                            guint        position)
{
  const Record *r = get_record (self, position);
  return r ? r->label_id : 0;
}

const char *
gls_span_list_get_annotator (GlsSpanList *self,
                             guint        position)
{
  const Record *r = get_record (self, position);
  return r ? r->annotator : NULL;
}

/**
 * gls_span_list_get_fragments:
 *
 * Returns: (array length=n_fragments): the fragments of the span at @position, in order
 */
const GlsFragment *
gls_span_list_get_fragments (GlsSpanList *self,
                             guint        position,
                             guint       *n_fragments)
{
  const Record *r = get_record (self, position);

  if (r == NULL)
    {
      *n_fragments = 0;
      return NULL;
    }
  *n_fragments = r->n_fragments;
  return r->n_fragments > 1 ? r->more : &r->first;
}
