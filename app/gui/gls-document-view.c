/* gls-document-view.c — the article text with its spans drawn in their label colours
 *
 * One GtkTextTag per label (never one per span: thousands of tags make GtkTextView crawl),
 * applied in offset order. The first batch is applied at once, which covers the top of the
 * article that is on screen when it opens; the rest follows in idle time slices, so a long
 * article is readable immediately and the highlights fill in below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-document-view"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n.h>

#include "gls-document-view.h"

/* Span tags fill at this alpha; the underline carries the full colour. */
#define FILL_ALPHA 0.22
#define FIRST_BATCH 2000
#define SLICE_USEC 6000

struct _GlsDocumentView
{
  GtkSourceView parent_instance;

  GlsProject *project;
  gint64 document_id;
  GListModel *spans;
  GHashTable *label_tags;     /* gint64 label id → GtkTextTag (owned by the tag table) */
  guint highlight_source;
  guint next_span;
};

G_DEFINE_FINAL_TYPE (GlsDocumentView, gls_document_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_DOCUMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
gls_document_view_new (void)
{
  return g_object_new (GLS_TYPE_DOCUMENT_VIEW, NULL);
}

static void
style_tag (GtkTextTag *tag,
           GlsLabel   *label)
{
  GdkRGBA color, fill;

  if (!gdk_rgba_parse (&color, gls_label_get_color (label)))
    gdk_rgba_parse (&color, "#77767b");
  fill = color;
  fill.alpha = FILL_ALPHA;
  g_object_set (tag,
                "background-rgba", &fill,
                "underline", PANGO_UNDERLINE_SINGLE,
                "underline-rgba", &color,
                NULL);
}

static GtkTextTag *
ensure_tag (GlsDocumentView *self,
            GlsLabel        *label)
{
  gint64 id = gls_label_get_id (label);
  GtkTextTag *tag = g_hash_table_lookup (self->label_tags, &id);

  if (tag == NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
      g_autofree char *name = g_strdup_printf ("label:%" PRId64, id);

      tag = gtk_text_buffer_create_tag (buffer, name, NULL);
      g_hash_table_insert (self->label_tags, g_memdup2 (&id, sizeof id), tag);
    }
  style_tag (tag, label);
  return tag;
}

static void
labels_changed_cb (GlsDocumentView *self,
                   guint            position,
                   guint            removed,
                   guint            added,
                   GListModel      *labels)
{
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      ensure_tag (self, label);
    }
}

static void
stop_highlighting (GlsDocumentView *self)
{
  g_clear_handle_id (&self->highlight_source, g_source_remove);
}

/* Applies the tags of spans [next_span, ...) until @deadline (monotonic µs) or @max spans. */
static void
apply_some (GlsDocumentView *self,
            gint64           deadline,
            guint            max)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  guint n = g_list_model_get_n_items (self->spans);
  guint done = 0;

  while (self->next_span < n && done < max)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (self->spans, self->next_span++);
      gint64 label_id = gls_span_get_label_id (span);
      GtkTextTag *tag = g_hash_table_lookup (self->label_tags, &label_id);
      const GlsFragment *f = gls_span_get_fragments (span);

      if (tag != NULL)
        for (guint i = 0; i < gls_span_get_n_fragments (span); i++)
          {
            GtkTextIter start, end;

            gtk_text_buffer_get_iter_at_offset (buffer, &start, (int)f[i].start);
            gtk_text_buffer_get_iter_at_offset (buffer, &end, (int)f[i].end);
            gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
          }

      /* Checking the clock is not free: only every 64 spans. */
      if ((++done & 63) == 0 && deadline > 0 && g_get_monotonic_time () >= deadline)
        break;
    }
}

static gboolean
highlight_idle (gpointer data)
{
  GlsDocumentView *self = data;

  apply_some (self, g_get_monotonic_time () + SLICE_USEC, G_MAXUINT);
  if (self->next_span < g_list_model_get_n_items (self->spans))
    return G_SOURCE_CONTINUE;

  self->highlight_source = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
reload_spans (GlsDocumentView  *self,
              GError          **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GListModel) spans = NULL;
  GtkTextIter start, end;
  GHashTableIter iter;
  gpointer tag;

  stop_highlighting (self);

  if (!(spans = gls_project_list_spans (self->project, self->document_id, error)))
    return FALSE;
  g_set_object (&self->spans, spans);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_hash_table_iter_init (&iter, self->label_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_buffer_remove_tag (buffer, tag, &start, &end);

  self->next_span = 0;
  apply_some (self, 0, FIRST_BATCH);
  if (self->next_span < g_list_model_get_n_items (self->spans))
    self->highlight_source = g_idle_add_full (G_PRIORITY_LOW, highlight_idle, self, NULL);
  return TRUE;
}

static void
spans_changed_cb (GlsDocumentView *self,
                  gint64           document_id,
                  GlsProject      *project)
{
  g_autoptr(GError) error = NULL;

  if (document_id == self->document_id && !reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
}

void
gls_document_view_set_project (GlsDocumentView *self,
                               GlsProject      *project)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GHashTableIter iter;
  gpointer tag;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->project == project)
    return;

  stop_highlighting (self);
  g_clear_object (&self->spans);
  gtk_text_buffer_set_text (buffer, "", 0);
  g_hash_table_iter_init (&iter, self->label_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_tag_table_remove (table, tag);
  g_hash_table_remove_all (self->label_tags);
  self->document_id = 0;

  g_set_object (&self->project, project);
  if (project != NULL)
    {
      GListModel *labels = gls_project_get_labels (project);

      g_signal_connect_object (labels, "items-changed", G_CALLBACK (labels_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "spans-changed", G_CALLBACK (spans_changed_cb), self,
                               G_CONNECT_SWAPPED);
      labels_changed_cb (self, 0, 0, 0, labels);
    }
}

gboolean
gls_document_view_set_document (GlsDocumentView  *self,
                                gint64            document_id,
                                GError          **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *text = NULL;
  GtkTextIter start;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (GLS_IS_PROJECT (self->project), FALSE);

  if (!(text = gls_project_load_text (self->project, document_id, error)))
    return FALSE;

  stop_highlighting (self);
  self->document_id = document_id;
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  return reload_spans (self, error);
}

gint64
gls_document_view_get_document (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), 0);
  return self->document_id;
}

/**
 * gls_document_view_get_spans:
 *
 * Returns: (transfer none) (nullable): the spans shown, ordered by start
 */
GListModel *
gls_document_view_get_spans (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), NULL);
  return self->spans;
}

GtkTextTag *
gls_document_view_get_label_tag (GlsDocumentView *self,
                                 gint64           label_id)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), NULL);
  return g_hash_table_lookup (self->label_tags, &label_id);
}

/* TRUE while highlights are still being applied in the background. */
gboolean
gls_document_view_is_highlighting (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->highlight_source != 0;
}

static void
gls_document_view_dispose (GObject *object)
{
  GlsDocumentView *self = (GlsDocumentView *)object;

  stop_highlighting (self);
  g_clear_object (&self->spans);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (gls_document_view_parent_class)->dispose (object);
}

static void
gls_document_view_finalize (GObject *object)
{
  GlsDocumentView *self = (GlsDocumentView *)object;

  g_clear_pointer (&self->label_tags, g_hash_table_unref);

  G_OBJECT_CLASS (gls_document_view_parent_class)->finalize (object);
}

static void
gls_document_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlsDocumentView *self = GLS_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_document_view_class_init (GlsDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gls_document_view_dispose;
  object_class->finalize = gls_document_view_finalize;
  object_class->get_property = gls_document_view_get_property;

  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gls_document_view_init (GlsDocumentView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);

  self->label_tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Annotators read and select; the text itself is never edited. */
  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, 32);
  gtk_text_view_set_right_margin (view, 32);
  gtk_text_view_set_top_margin (view, 20);
  gtk_text_view_set_bottom_margin (view, 48);
  gtk_text_view_set_pixels_below_lines (view, 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "annotation-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article text"), -1);
}
