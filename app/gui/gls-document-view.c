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
#include "gls-span-list.h"

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

  gboolean snap_to_tokens;
  gboolean show_all;          /* every annotator's spans, or only the project annotator's */
  gint64 selected_span;       /* 0: none */
  GtkTextTag *selected_tag;
  GtkWidget *chooser;         /* the label popover */
  GtkListBox *chooser_list;
};

G_DEFINE_FINAL_TYPE (GlsDocumentView, gls_document_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_DOCUMENT_ID,
  PROP_SELECTED_SPAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SPAN_DELETED,
  EDIT_FAILED,
  SPANS_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
      /* The selection's tag stays on top of every label's (once per new label, not per span). */
      gtk_text_tag_set_priority (self->selected_tag,
                                 gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer)) - 1);
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

/* Whether the span at @position is shown: everyone's, or only the annotator's own. */
static gboolean
span_shown (GlsDocumentView *self,
            guint            position)
{
  return self->show_all || self->project == NULL ||
         g_strcmp0 (gls_span_list_get_annotator (GLS_SPAN_LIST (self->spans), position),
                    gls_project_get_annotator (self->project)) == 0;
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
      GlsSpanList *list = GLS_SPAN_LIST (self->spans);
      guint position = self->next_span++;
      gint64 label_id = gls_span_list_get_label_id (list, position);
      GtkTextTag *tag = g_hash_table_lookup (self->label_tags, &label_id);
      guint n_fragments;
      const GlsFragment *f = gls_span_list_get_fragments (list, position, &n_fragments);

      if (tag != NULL && span_shown (self, position))
        for (guint i = 0; i < n_fragments; i++)
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
find_span_position (GlsDocumentView *self,
                    gint64           span_id,
                    guint           *position)
{
  guint n = self->spans ? g_list_model_get_n_items (self->spans) : 0;

  for (guint i = 0; i < n; i++)
    if (gls_span_list_get_id (GLS_SPAN_LIST (self->spans), i) == span_id)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

/* The selected span wears an extra tag over all its fragments. */
static void
draw_selected_span (GlsDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  const GlsFragment *f;
  guint position, n;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->selected_tag, &start, &end);
  if (self->selected_span == 0 || !find_span_position (self, self->selected_span, &position))
    return;
  f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), position, &n);
  for (guint i = 0; i < n; i++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int)f[i].start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int)f[i].end);
      gtk_text_buffer_apply_tag (buffer, self->selected_tag, &start, &end);
    }
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
  draw_selected_span (self);
  g_signal_emit (self, signals[SPANS_LOADED], 0);
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

  guint position;

  if (document_id != self->document_id)
    return;
  if (!reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
  else if (self->selected_span != 0 && !find_span_position (self, self->selected_span, &position))
    gls_document_view_select_span (self, 0);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

GlsProject *
gls_document_view_get_project (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), NULL);
  return self->project;
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
  self->selected_span = 0;
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


/* ------------------------------------------------------------------------------------------ */
/* Making and changing spans                                                                    */

static gboolean
is_space_or_punct (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

/* Widens a selection to whole words and trims spaces and punctuation at its ends, with
 * Pango's word boundaries (what double-click uses). */
static void
snap_to_tokens (GtkTextIter *start,
                GtkTextIter *end)
{
  if (gtk_text_iter_inside_word (start) && !gtk_text_iter_starts_word (start))
    gtk_text_iter_backward_word_start (start);
  if (gtk_text_iter_inside_word (end) && !gtk_text_iter_starts_word (end) &&
      !gtk_text_iter_ends_word (end))
    gtk_text_iter_forward_word_end (end);
  else if (gtk_text_iter_inside_word (end) && gtk_text_iter_starts_word (end))
    {
      /* The end sits at a word start: nothing of that word is selected. */
    }
  while (gtk_text_iter_compare (start, end) < 0 && is_space_or_punct (gtk_text_iter_get_char (start)))
    gtk_text_iter_forward_char (start);
  while (gtk_text_iter_compare (start, end) < 0)
    {
      GtkTextIter before = *end;

      gtk_text_iter_backward_char (&before);
      if (!is_space_or_punct (gtk_text_iter_get_char (&before)))
        break;
      *end = before;
    }
}

/* The selection to label, snapped (when the project snaps), or FALSE when there is none. */
static gboolean
get_label_range (GlsDocumentView *self,
                 GlsFragment     *fragment)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  if (self->snap_to_tokens)
    snap_to_tokens (&start, &end);
  if (gtk_text_iter_compare (&start, &end) >= 0)
    return FALSE;
  fragment->start = gtk_text_iter_get_offset (&start);
  fragment->end = gtk_text_iter_get_offset (&end);
  return TRUE;
}

static void
fail (GlsDocumentView *self,
      GError          *error)
{
  g_signal_emit (self, signals[EDIT_FAILED], 0, error->message);
}

static void
clear_selection (GlsDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter insert;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_select_range (buffer, &insert, &insert);
}

/**
 * gls_document_view_label_selection:
 *
 * Gives the selected text (snapped to tokens) the label @label_id as a new span of the
 * project's annotator; without a selection, relabels the selected span.
 */
gboolean
gls_document_view_apply_label (GlsDocumentView *self,
                               gint64           label_id)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->project == NULL || self->document_id == 0)
    return FALSE;
  if (self->chooser != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->chooser));

  if (get_label_range (self, &fragment))
    {
      gint64 id = gls_project_add_span (self->project, self->document_id, &fragment, 1, label_id,
                                        &error);
      if (id == 0)
        {
          fail (self, error);
          return FALSE;
        }
      clear_selection (self);
      gls_document_view_select_span (self, id);
      return TRUE;
    }
  if (self->selected_span != 0)
    {
      if (!gls_project_set_span_label (self->project, self->selected_span, label_id, &error))
        {
          fail (self, error);
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

gboolean
gls_document_view_delete_selected_span (GlsDocumentView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->project == NULL || self->selected_span == 0)
    return FALSE;
  if (!gls_project_delete_span (self->project, self->selected_span, &error))
    {
      fail (self, error);
      return FALSE;
    }
  gls_document_view_select_span (self, 0);
  g_signal_emit (self, signals[SPAN_DELETED], 0);
  return TRUE;
}

void
gls_document_view_select_span (GlsDocumentView *self,
                               gint64           span_id)
{
  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->selected_span == span_id)
    return;
  self->selected_span = span_id;
  draw_selected_span (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SPAN]);
}

gint64
gls_document_view_get_selected_span (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), 0);
  return self->selected_span;
}

void
gls_document_view_set_show_all (GlsDocumentView *self,
                                gboolean         show_all)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  show_all = !!show_all;
  if (self->show_all == show_all)
    return;
  self->show_all = show_all;
  if (self->project != NULL && self->document_id != 0 && !reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
}

gboolean
gls_document_view_get_show_all (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), TRUE);
  return self->show_all;
}

gboolean
gls_document_view_shows_span (GlsDocumentView *self,
                              GlsSpan         *span)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->show_all || self->project == NULL ||
         g_strcmp0 (gls_span_get_annotator (span), gls_project_get_annotator (self->project)) == 0;
}

void
gls_document_view_set_snap_to_tokens (GlsDocumentView *self,
                                      gboolean         snap)
{
  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));
  self->snap_to_tokens = !!snap;
}

/* The label whose key is @keyval (its "key" is one character: "1".."9", letters). */
static GlsLabel *
label_for_key (GlsDocumentView *self,
               guint            keyval)
{
  GListModel *labels = gls_project_get_labels (self->project);
  gunichar c = gdk_keyval_to_unicode (keyval);
  char key[8] = { 0 };

  if (c == 0 || !g_unichar_isgraph (c))
    return NULL;
  g_unichar_to_utf8 (g_unichar_tolower (c), key);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *label_key = gls_label_get_key (label);

      if (label_key != NULL && g_ascii_strcasecmp (label_key, key) == 0)
        return label;   /* the model keeps it alive */
    }
  return NULL;
}

/* Spans covering character @offset, innermost (shortest) first. */
static GArray *
spans_at (GlsDocumentView *self,
          gint64           offset)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = self->spans ? g_list_model_get_n_items (self->spans) : 0;

  for (guint i = 0; i < n; i++)
    {
      guint n_fragments;
      const GlsFragment *f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), i,
                                                          &n_fragments);

      if (f[0].start > offset)
        break;
      if (!span_shown (self, i))
        continue;
      for (guint k = 0; k < n_fragments; k++)
        if (f[k].start <= offset && offset < f[k].end)
          {
            g_array_append_val (found, i);
            break;
          }
    }
  return found;
}

static void
chooser_row_activated_cb (GlsDocumentView *self,
                          GtkListBoxRow   *row)
{
  gint64 *label_id = g_object_get_data (G_OBJECT (row), "label-id");
  gint64 *span_id = g_object_get_data (G_OBJECT (row), "span-id");

  if (label_id != NULL)
    gls_document_view_apply_label (self, *label_id);
  else if (span_id != NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->chooser));
      gls_document_view_select_span (self, *span_id);
    }
}

static GtkWidget *
chooser_row (const char *color,
             const char *name,
             const char *detail)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *key = gtk_label_new (detail);
  g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">⬤</span>  %s",
                                                     color, name);

  gtk_label_set_markup (GTK_LABEL (title), markup);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), key);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
ensure_chooser (GlsDocumentView *self)
{
  GtkWidget *scroller;

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_popover_new ();
  gtk_widget_set_parent (self->chooser, GTK_WIDGET (self));
  gtk_popover_set_position (GTK_POPOVER (self->chooser), GTK_POS_BOTTOM);
  self->chooser_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->chooser_list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->chooser_list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->chooser_list), "navigation-sidebar");
  g_signal_connect_object (self->chooser_list, "row-activated",
                           G_CALLBACK (chooser_row_activated_cb), self, G_CONNECT_SWAPPED);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->chooser_list));
  gtk_popover_set_child (GTK_POPOVER (self->chooser), scroller);
}

static void
clear_chooser (GlsDocumentView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chooser_list))))
    gtk_list_box_remove (self->chooser_list, child);
}

static void
popup_chooser_at (GlsDocumentView *self,
                  gint64           start,
                  gint64           end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GdkRectangle a, b, rect;
  GtkTextIter iter;
  int x, y;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &a);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &b);
  /* Point at the selection's last line, under its end. */
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         b.x, b.y, &x, &y);
  rect.x = x;
  rect.y = y;
  rect.width = 1;
  rect.height = b.height;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->chooser), &rect);
  gtk_popover_popup (GTK_POPOVER (self->chooser));
}

/* Shows the labels by the selection: a click or the label's key creates the span. */
void
gls_document_view_show_label_chooser (GlsDocumentView *self)
{
  GListModel *labels;
  GlsFragment fragment;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->project == NULL || !get_label_range (self, &fragment))
    return;
  ensure_chooser (self);
  clear_chooser (self);
  labels = gls_project_get_labels (self->project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      GtkWidget *row = chooser_row (gls_label_get_color (label), gls_label_get_name (label),
                                    gls_label_get_key (label) ? gls_label_get_key (label) : "");
      gint64 id = gls_label_get_id (label);

      gtk_widget_set_tooltip_text (row, gls_label_get_display_description (label));
      g_object_set_data_full (G_OBJECT (row), "label-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->chooser_list, row);
    }
  popup_chooser_at (self, fragment.start, fragment.end);
}

/* Several spans under one click: the user picks which. */
static void
show_span_picker (GlsDocumentView *self,
                  GArray          *positions,
                  gint64           offset)
{
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  ensure_chooser (self);
  clear_chooser (self);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      GlsSpanList *list = GLS_SPAN_LIST (self->spans);
      GlsLabel *label = gls_project_lookup_label (self->project,
                                                  gls_span_list_get_label_id (list, position));
      guint n;
      const GlsFragment *f = gls_span_list_get_fragments (list, position, &n);
      g_autofree char *covered = NULL;
      g_autofree char *name = NULL;
      GtkWidget *row;
      gint64 id = gls_span_list_get_id (list, position);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int)f[0].start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int)f[n - 1].end);
      covered = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      name = g_markup_printf_escaped ("<b>%s</b>  %s", label ? gls_label_get_name (label) : "?",
                                      covered);
      row = chooser_row (label ? gls_label_get_color (label) : "#77767b", name,
                         gls_span_list_get_annotator (list, position));
      g_object_set_data_full (G_OBJECT (row), "span-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->chooser_list, row);
    }
  popup_chooser_at (self, offset, offset);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GlsDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GArray) under = NULL;
  GtkTextIter iter;
  int bx, by;

  if (self->project == NULL || self->document_id == 0)
    return;
  if (gtk_text_buffer_get_has_selection (buffer))
    {
      /* A drag (or double-click) selected text: offer the labels right there. */
      gls_document_view_show_label_chooser (self);
      return;
    }
  if (n_press != 1)
    return;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int)x, (int)y, &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by);
  under = spans_at (self, gtk_text_iter_get_offset (&iter));
  if (under->len == 0)
    gls_document_view_select_span (self, 0);
  else if (under->len == 1)
    gls_document_view_select_span (self, gls_span_list_get_id (GLS_SPAN_LIST (self->spans),
                                                               g_array_index (under, guint, 0)));
  else
    show_span_picker (self, under, gtk_text_iter_get_offset (&iter));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlsDocumentView       *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GlsLabel *label;

  if (self->project == NULL || self->document_id == 0)
    return GDK_EVENT_PROPAGATE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      return gls_document_view_delete_selected_span (self);
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      return gls_document_view_select_next_span (self, keyval == GDK_KEY_Tab &&
                                                       !(state & GDK_SHIFT_MASK) ? 1 : -1);
    case GDK_KEY_Escape:
      if (self->chooser != NULL && gtk_widget_get_visible (self->chooser))
        gtk_popover_popdown (GTK_POPOVER (self->chooser));
      else if (gtk_text_buffer_get_has_selection (buffer))
        clear_selection (self);
      else
        gls_document_view_select_span (self, 0);
      return GDK_EVENT_STOP;
    default:
      break;
    }

  if ((label = label_for_key (self, keyval)) != NULL &&
      (gtk_text_buffer_get_has_selection (buffer) || self->selected_span != 0))
    {
      gls_document_view_apply_label (self, gls_label_get_id (label));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/**
 * gls_document_view_select_next_span:
 * @direction: 1 for the next span in reading order, -1 for the previous one
 *
 * Walks from span to span (Tab, Shift+Tab) and scrolls the one selected into view.
 */
gboolean
gls_document_view_select_next_span (GlsDocumentView *self,
                                    int              direction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  guint n = self->spans ? g_list_model_get_n_items (self->spans) : 0;
  guint position = 0;
  GtkTextIter iter;
  const GlsFragment *f;
  guint n_fragments;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (n == 0)
    return FALSE;
  if (self->selected_span != 0 && find_span_position (self, self->selected_span, &position))
    position = direction > 0 ? (position + 1) % n : (position + n - 1) % n;
  else
    position = direction > 0 ? 0 : n - 1;

  gls_document_view_select_span (self, gls_span_list_get_id (GLS_SPAN_LIST (self->spans),
                                                             position));
  f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), position, &n_fragments);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)f[0].start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &iter, 0.1, FALSE, 0, 0);
  return TRUE;
}

/* The label, annotator and details of every span under the pointer. */
static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  GlsDocumentView *self)
{
  g_autoptr(GArray) under = NULL;
  g_autoptr(GString) text = NULL;
  GtkTextIter iter;
  int bx, by;

  if (self->project == NULL || self->spans == NULL || keyboard)
    return FALSE;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y,
                                         &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return FALSE;
  under = spans_at (self, gtk_text_iter_get_offset (&iter));
  if (under->len == 0)
    return FALSE;

  text = g_string_new (NULL);
  for (guint i = 0; i < under->len; i++)
    {
      guint position = g_array_index (under, guint, i);
      g_autoptr(GlsSpan) span = g_list_model_get_item (self->spans, position);
      GlsLabel *label = gls_project_lookup_label (self->project, gls_span_get_label_id (span));
      GHashTable *attributes = gls_span_get_attributes (span);
      g_autofree char *line = g_markup_printf_escaped ("<b>%s</b> — %s",
                                                       label ? gls_label_get_name (label) : "?",
                                                       gls_span_get_annotator (span));

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
      if (gls_span_get_kb_id (span) != NULL)
        {
          g_autofree char *kb = g_markup_printf_escaped ("\n    %s", gls_span_get_kb_id (span));
          g_string_append (text, kb);
        }
      if (gls_span_get_note (span) != NULL)
        {
          g_autofree char *note = g_markup_printf_escaped ("\n    <i>%s</i>", gls_span_get_note (span));
          g_string_append (text, note);
        }
      if (attributes != NULL)
        {
          GHashTableIter it;
          gpointer key, value;

          g_hash_table_iter_init (&it, attributes);
          while (g_hash_table_iter_next (&it, &key, &value))
            {
              g_autofree char *pair = g_markup_printf_escaped ("\n    %s = %s", (char *)key,
                                                               (char *)value);
              g_string_append (text, pair);
            }
        }
    }
  gtk_tooltip_set_markup (tooltip, text->str);
  return TRUE;
}

static gboolean
chooser_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GlsDocumentView       *self)
{
  GlsLabel *label;

  if (self->project == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return GDK_EVENT_PROPAGATE;
  if ((label = label_for_key (self, keyval)) != NULL)
    {
      gls_document_view_apply_label (self, gls_label_get_id (label));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
gls_document_view_dispose (GObject *object)
{
  GlsDocumentView *self = (GlsDocumentView *)object;

  g_clear_pointer (&self->chooser, gtk_widget_unparent);
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
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    case PROP_SELECTED_SPAN:
      g_value_set_int64 (value, self->selected_span);
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
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, GLS_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_SPAN] =
    g_param_spec_int64 ("selected-span", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlsDocumentView::span-deleted:
   * The user deleted a span (the window offers to undo it).
   */
  signals[SPAN_DELETED] = g_signal_new ("span-deleted", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GlsDocumentView::edit-failed:
   * @message: why, for the user
   */
  /**
   * GlsDocumentView::spans-loaded:
   * The span list was (re)loaded: gls_document_view_get_spans() has a new model.
   */
  signals[SPANS_LOADED] = g_signal_new ("spans-loaded", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDIT_FAILED] = g_signal_new ("edit-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_STRING);
}

static void
gls_document_view_init (GlsDocumentView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkGesture *click;
  GtkEventController *key;

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

  self->snap_to_tokens = TRUE;
  self->show_all = TRUE;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  self->selected_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (view), "selected-span",
                                                   "underline", PANGO_UNDERLINE_DOUBLE,
                                                   "background-rgba", &(GdkRGBA){ 0.21, 0.52, 0.89, 0.35 },
                                                   NULL);

  /* Observes clicks without taking them from the text view, which still selects text. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  ensure_chooser (self);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (chooser_key_pressed_cb), self);
  gtk_widget_add_controller (self->chooser, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article text"), -1);
}
