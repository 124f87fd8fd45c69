/* gls-inspector.c — the entities of the open document, and the selected span's details
 *
 * A GtkColumnView over the document view's span list (filtered by text and label, sortable
 * by every column), kept in step with the text both ways: a row click selects and shows the
 * span in the text; selecting a span in the text selects its row. Below, the selected span's
 * label, knowledge-base id and note, each saved as one undoable edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-inspector"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "gls-inspector.h"
#include "gls-span-list.h"

struct _GlsInspector
{
  GtkWidget parent_instance;

  GlsDocumentView *view;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  GtkStringList *label_names;
  gboolean syncing;
  guint fill_source;

  GtkWidget *box;
  GtkSearchEntry *search_entry;
  GtkDropDown *label_filter;
  GtkColumnView *column_view;
  GtkColumnViewColumn *text_column;
  GtkColumnViewColumn *label_column;
  GtkColumnViewColumn *annotator_column;
  GtkColumnViewColumn *position_column;
  GtkStack *details_stack;
  AdwComboRow *label_row;
  AdwEntryRow *kb_row;
  AdwEntryRow *note_row;
};

G_DEFINE_FINAL_TYPE (GlsInspector, gls_inspector, GTK_TYPE_WIDGET)

static GlsProject *
project_of (GlsInspector *self)
{
  return self->view ? gls_document_view_get_project (self->view) : NULL;
}

static char *
covered_text (GlsInspector *self,
              GlsSpan      *span)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  const GlsFragment *f = gls_span_get_fragments (span);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < gls_span_get_n_fragments (span); i++)
    {
      g_autofree char *piece = NULL;
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_offset (buffer, &a, (int)f[i].start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, (int)f[i].end);
      piece = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
      if (i > 0)
        g_string_append (out, " … ");
      g_string_append (out, piece);
    }
  /* One line in the list, however long the mention. */
  g_strdelimit (out->str, "\n\t", ' ');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Columns                                                                                      */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlsInspector             *self)
{
  g_autofree char *text = covered_text (self, gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GlsInspector             *self)
{
  GlsSpan *span = gtk_list_item_get_item (item);
  GlsLabel *label = gls_project_lookup_label (project_of (self), gls_span_get_label_id (span));
  g_autofree char *markup = NULL;

  if (label != NULL)
    markup = g_markup_printf_escaped ("<span foreground=\"%s\">⬤</span> %s",
                                      gls_label_get_color (label), gls_label_get_name (label));
  gtk_label_set_markup (GTK_LABEL (gtk_list_item_get_child (item)), markup ? markup : "");
}

static void
bind_annotator_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   GlsInspector             *self)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gls_span_get_annotator (gtk_list_item_get_item (item)));
}

static void
bind_position_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GlsInspector             *self)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           gls_span_get_start (gtk_list_item_get_item (item)));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static int
compare_text (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  g_autofree char *ta = covered_text (data, (GlsSpan *)a);
  g_autofree char *tb = covered_text (data, (GlsSpan *)b);
  return g_utf8_collate (ta, tb);
}

static int
compare_label (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GlsInspector *self = data;
  GlsLabel *la = gls_project_lookup_label (project_of (self), gls_span_get_label_id ((GlsSpan *)a));
  GlsLabel *lb = gls_project_lookup_label (project_of (self), gls_span_get_label_id ((GlsSpan *)b));
  int pa = la ? gls_label_get_position (la) : G_MAXINT;
  int pb = lb ? gls_label_get_position (lb) : G_MAXINT;

  return pa < pb ? -1 : pa > pb;
}

static int
compare_annotator (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  return g_strcmp0 (gls_span_get_annotator ((GlsSpan *)a), gls_span_get_annotator ((GlsSpan *)b));
}

static int
compare_position (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  gint64 x = gls_span_get_start ((GlsSpan *)a), y = gls_span_get_start ((GlsSpan *)b);
  return x < y ? -1 : x > y;
}

static void
set_column (GlsInspector        *self,
            GtkColumnViewColumn *column,
            GCallback            bind,
            GCompareDataFunc     compare)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare, self, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), self);
  g_signal_connect (factory, "bind", bind, self);
  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* ------------------------------------------------------------------------------------------ */
/* Filtering                                                                                    */

static gboolean
filter_span (gpointer item,
             gpointer data)
{
  GlsInspector *self = data;
  GlsSpan *span = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint label = gtk_drop_down_get_selected (self->label_filter);

  if (!gls_document_view_shows_span (self->view, span))
    return FALSE;
  if (label != GTK_INVALID_LIST_POSITION && label > 0)
    {
      GlsLabel *l = gls_project_lookup_label (project_of (self), gls_span_get_label_id (span));
      if (l == NULL || g_strcmp0 (gls_label_get_name (l),
                                  gtk_string_list_get_string (self->label_names, label)) != 0)
        return FALSE;
    }
  if (search != NULL && *search)
    {
      g_autofree char *text = covered_text (self, span);
      g_autofree char *folded = g_utf8_casefold (text, -1);
      g_autofree char *needle = g_utf8_casefold (search, -1);
      return strstr (folded, needle) != NULL;
    }
  return TRUE;
}

static void
filter_changed_cb (GlsInspector *self)
{
  if (self->filter == NULL)   /* while the template is being built */
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ------------------------------------------------------------------------------------------ */
/* Keeping list, text and details in step                                                       */

static GlsSpan *
selected_span (GlsInspector *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
show_details (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  gint64 id = self->view ? gls_document_view_get_selected_span (self->view) : 0;
  g_autoptr(GlsSpan) span = NULL;
  GlsLabel *label;

  if (id == 0 || project == NULL || !(span = gls_project_get_span (project, id, NULL)))
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }

  self->syncing = TRUE;
  label = gls_project_lookup_label (project, gls_span_get_label_id (span));
  for (guint i = 0; label && i < g_list_model_get_n_items (G_LIST_MODEL (self->label_names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->label_names, i),
                   gls_label_get_name (label)) == 0)
      adw_combo_row_set_selected (self->label_row, i - 1);
  if (label != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (
      gtk_stack_get_child_by_name (self->details_stack, "span")),
      gls_label_get_display_description (label));
  gtk_editable_set_text (GTK_EDITABLE (self->kb_row), gls_span_get_kb_id (span) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), gls_span_get_note (span) ?: "");
  self->syncing = FALSE;
  gtk_stack_set_visible_child_name (self->details_stack, "span");
}

static void
view_selected_span_cb (GlsInspector *self)
{
  gint64 id = gls_document_view_get_selected_span (self->view);
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);
  guint found = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; id != 0 && i < n; i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (model, i);
      if (gls_span_get_id (span) == id)
        {
          found = i;
          break;
        }
    }
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, found);
  if (found != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", found);
  self->syncing = FALSE;
  show_details (self);
}

static void
row_selected_cb (GlsInspector *self)
{
  GlsSpan *span = selected_span (self);
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  if (self->syncing || span == NULL || self->view == NULL)
    return;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)gls_span_get_start (span));
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.1, FALSE, 0, 0);
  gls_document_view_select_span (self->view, gls_span_get_id (span));
}

static gboolean
fill_list_idle (gpointer data)
{
  GlsInspector *self = data;

  self->fill_source = 0;
  self->syncing = TRUE;
  gtk_filter_list_model_set_model (self->filtered, gls_document_view_get_spans (self->view));
  self->syncing = FALSE;
  view_selected_span_cb (self);
  return G_SOURCE_REMOVE;
}

/* The list follows the text after it is drawn: the article comes first. */
static void
spans_loaded_cb (GlsInspector *self)
{
  if (self->fill_source == 0)
    self->fill_source = g_idle_add_full (G_PRIORITY_LOW, fill_list_idle, self, NULL);
}

static void
update_label_names (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  GListModel *labels = project ? gls_project_get_labels (project) : NULL;
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);

  gtk_string_list_splice (self->label_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->label_names)), NULL);
  gtk_string_list_append (self->label_names, _("All labels"));
  for (guint i = 0; labels && i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      gtk_string_list_append (self->label_names, gls_label_get_name (label));
      gtk_string_list_append (rows, gls_label_get_name (label));
    }
  adw_combo_row_set_model (self->label_row, G_LIST_MODEL (rows));
}

static void
report (GlsInspector *self,
        GError       *error)
{
  g_signal_emit_by_name (self->view, "edit-failed", error->message);
}

static void
label_row_changed_cb (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  gint64 id = self->view ? gls_document_view_get_selected_span (self->view) : 0;
  guint row = adw_combo_row_get_selected (self->label_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsLabel *label;

  if (self->syncing || id == 0 || project == NULL || row == GTK_INVALID_LIST_POSITION)
    return;
  label = gls_project_find_label (project, gtk_string_list_get_string (self->label_names, row + 1));
  if (label == NULL || !(span = gls_project_get_span (project, id, NULL)) ||
      gls_span_get_label_id (span) == gls_label_get_id (label))
    return;
  if (!gls_project_set_span_label (project, id, gls_label_get_id (label), &error))
    report (self, error);
}

static void
kb_applied_cb (GlsInspector *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = self->view ? gls_document_view_get_selected_span (self->view) : 0;

  if (id != 0 && !gls_project_set_span_kb_id (project_of (self), id,
                                              gtk_editable_get_text (GTK_EDITABLE (self->kb_row)),
                                              &error))
    report (self, error);
}

static void
note_applied_cb (GlsInspector *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = self->view ? gls_document_view_get_selected_span (self->view) : 0;

  if (id != 0 && !gls_project_set_span_note (project_of (self), id,
                                             gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                             &error))
    report (self, error);
}

void
gls_inspector_set_view (GlsInspector    *self,
                        GlsDocumentView *view)
{
  g_return_if_fail (GLS_IS_INSPECTOR (self));

  if (!g_set_object (&self->view, view))
    return;
  g_signal_connect_object (view, "spans-loaded", G_CALLBACK (spans_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::selected-span", G_CALLBACK (view_selected_span_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::project", G_CALLBACK (update_label_names), self,
                           G_CONNECT_SWAPPED);
  update_label_names (self);
}

GtkColumnView *
gls_inspector_get_column_view (GlsInspector *self)
{
  g_return_val_if_fail (GLS_IS_INSPECTOR (self), NULL);
  return self->column_view;
}

guint
gls_inspector_get_n_shown (GlsInspector *self)
{
  g_return_val_if_fail (GLS_IS_INSPECTOR (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

static void
gls_inspector_dispose (GObject *object)
{
  GlsInspector *self = GLS_INSPECTOR (object);

  g_clear_handle_id (&self->fill_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_INSPECTOR);
  g_clear_object (&self->selection);
  g_clear_object (&self->label_names);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (gls_inspector_parent_class)->dispose (object);
}

static void
gls_inspector_class_init (GlsInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gls_inspector_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glossator/Glossator/gls-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, box);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, label_filter);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, column_view);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, text_column);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, label_column);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, annotator_column);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, position_column);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, details_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, label_row);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, kb_row);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, note_row);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kb_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_applied_cb);
}

static void
gls_inspector_init (GlsInspector *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->label_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->label_filter, G_LIST_MODEL (self->label_names));

  set_column (self, self->text_column, G_CALLBACK (bind_text_cb), compare_text);
  set_column (self, self->label_column, G_CALLBACK (bind_label_cb), compare_label);
  set_column (self, self->annotator_column, G_CALLBACK (bind_annotator_cb), compare_annotator);
  set_column (self, self->position_column, G_CALLBACK (bind_position_cb), compare_position);

  self->filter = gtk_custom_filter_new (filter_span, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), g_object_ref (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (row_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->position_column, GTK_SORT_ASCENDING);
}
