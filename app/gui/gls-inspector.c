/* gls-inspector.c — the entities of the open document, and the selected span's details
 *
 * A GtkColumnView over the document view's span list (filtered by text and label, sortable
 * by every column), kept in step with the text both ways: a row click selects and shows the
 * span in the text; selecting a span in the text selects its row. Below, the selected span's
 * label (with the label's description as guidance), knowledge-base id, note, free key=value
 * attributes and relations, each saved as one undoable edit. The details follow the project:
 * any edit, undo or redo of the document's spans shows at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-inspector"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "gls-after-frame.h"
#include "gls-error.h"
#include "gls-inspector.h"
#include "gls-relations.h"
#include "gls-span-list.h"

struct _GlsInspector
{
  GtkWidget parent_instance;

  GlsDocumentView *view;
  GlsProject *project;          /* the view's, whose "spans-changed" the details follow */
  gint64 shown_span;            /* the span the details show, 0 for none */
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  GtkStringList *label_names;
  gboolean syncing;
  gboolean fill_scheduled;
  GListModel *spans;            /* the list's own copy of the view's spans, a frame behind */
  GListModel *view_spans;       /* not a reference: which list of the view it copies */
  GArray *pending;              /* gint64 ids of spans changed since the copy was updated */
  gboolean pending_reload;

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
  GtkListBox *attributes_list;
  GtkWidget *attribute_add_row;
  GtkEntry *attribute_key_entry;
  GtkEntry *attribute_value_entry;
  GtkLabel *attribute_error;
  GtkListBox *relations_list;
  GtkWidget *relation_add_row;
  GtkStack *relation_add_stack;
  GtkDropDown *relation_type_dropdown;
  GtkStringList *relation_types;
  GtkWidget *pick_target_button;
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

/* The whole mention when the cell cuts it short. Asked for on hover: setting a tooltip on
 * every bind makes GTK ask the X server where the pointer is, once per row. */
static gboolean
query_text_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  setup_label_cb (factory, item, data);
  gtk_widget_set_has_tooltip (gtk_list_item_get_child (item), TRUE);
  g_signal_connect (gtk_list_item_get_child (item), "query-tooltip",
                    G_CALLBACK (query_text_tooltip_cb), NULL);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlsInspector             *self)
{
  g_autofree char *text = covered_text (self, gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
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

  g_signal_connect (factory, "setup",
                    bind == G_CALLBACK (bind_text_cb) ? G_CALLBACK (setup_text_cb)
                                                      : G_CALLBACK (setup_label_cb), self);
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
/* The selected span's details                                                                  */

static void
report (GlsInspector *self,
        GError       *error)
{
  g_signal_emit_by_name (self->view, "edit-failed", error->message);
}

/* Whether the keyboard focus is in @widget: then the user is typing there, and what they
 * typed is not overwritten. */
static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
set_entry_text (GtkEditable *editable,
                const char  *text,
                gboolean     same_span)
{
  if (same_span && has_focus_within (GTK_WIDGET (editable)))
    return;
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

/* Removes every row of @list but @keep (the row that adds one). */
static void
clear_rows (GtkListBox *list,
            GtkWidget  *keep)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != keep)
        gtk_list_box_remove (list, child);
      child = next;
    }
}

/* A flat icon button in a row: @tooltip for the eye, @label for a screen reader. */
static void
style_row_button (GtkWidget  *button,
                  const char *tooltip,
                  const char *label)
{
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
show_attribute_error (GlsInspector *self,
                      const GError *error)
{
  gtk_label_set_text (self->attribute_error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->attribute_error), error != NULL);
  if (error != NULL && g_error_matches (error, GLS_ERROR, GLS_ERROR_INVALID))
    gtk_widget_add_css_class (GTK_WIDGET (self->attribute_key_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->attribute_key_entry), "error");
}

/* Saves an attribute row's value, if it changed, as one undoable edit. */
static void
attribute_commit (GlsInspector *self,
                  AdwEntryRow  *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "gls-key");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->shown_span == 0 ||
      g_strcmp0 (g_object_get_data (G_OBJECT (row), "gls-value"), text) == 0)
    return;
  g_object_set_data_full (G_OBJECT (row), "gls-value", g_strdup (text), g_free);
  if (!gls_project_set_span_attribute (project_of (self), self->shown_span, key, text, &error))
    report (self, error);
}

static void
attribute_activated_cb (AdwEntryRow  *row,
                        GlsInspector *self)
{
  attribute_commit (self, row);
}

static void
attribute_focus_left_cb (GtkEventControllerFocus *controller,
                         GlsInspector            *self)
{
  attribute_commit (self, ADW_ENTRY_ROW (gtk_event_controller_get_widget (
    GTK_EVENT_CONTROLLER (controller))));
}

static void
attribute_remove_cb (GtkButton    *button,
                     GlsInspector *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  g_autoptr(GError) error = NULL;

  if (self->shown_span != 0 &&
      !gls_project_set_span_attribute (project_of (self), self->shown_span,
                                       g_object_get_data (G_OBJECT (row), "gls-key"), NULL,
                                       &error))
    report (self, error);
}

/* One key=value: the key as the row's title, the value edited in place. */
static GtkWidget *
attribute_row_new (GlsInspector *self,
                   const char   *key,
                   const char   *value)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *remove = g_strdup_printf (_("Remove “%s”"), key);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_object_set_data_full (G_OBJECT (row), "gls-key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (row), "gls-value", g_strdup (value), g_free);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (attribute_activated_cb), self, 0);
  g_signal_connect_object (focus, "leave", G_CALLBACK (attribute_focus_left_cb), self, 0);
  gtk_widget_add_controller (row, focus);

  style_row_button (button, remove, remove);
  g_signal_connect_object (button, "clicked", G_CALLBACK (attribute_remove_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  return row;
}

static int
compare_keys (const void *a,
              const void *b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Rows in key order. When the keys are those shown already, only the values change, so the
 * row being typed in keeps its text and its focus. */
static void
update_attributes (GlsInspector *self,
                   GlsSpan      *span,
                   gboolean      same_span)
{
  GHashTable *attributes = gls_span_get_attributes (span);
  guint n = 0;
  g_autofree const char **keys = (const char **)g_hash_table_get_keys_as_array (attributes, &n);
  gboolean same_keys = same_span;

  qsort (keys, n, sizeof *keys, compare_keys);
  for (guint i = 0; same_keys && i <= n; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->attributes_list, (int)i));

      if (i == n)
        same_keys = row == self->attribute_add_row;
      else
        same_keys = row != self->attribute_add_row &&
                    g_strcmp0 (g_object_get_data (G_OBJECT (row), "gls-key"), keys[i]) == 0;
    }

  if (same_keys)
    {
      for (guint i = 0; i < n; i++)
        {
          GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->attributes_list,
                                                                      (int)i));
          const char *value = g_hash_table_lookup (attributes, keys[i]);

          g_object_set_data_full (G_OBJECT (row), "gls-value", g_strdup (value), g_free);
          set_entry_text (GTK_EDITABLE (row), value, TRUE);
        }
      return;
    }

  clear_rows (self->attributes_list, self->attribute_add_row);
  for (guint i = 0; i < n; i++)
    {
      const char *value = g_hash_table_lookup (attributes, keys[i]);

      gtk_list_box_insert (self->attributes_list, attribute_row_new (self, keys[i], value), (int)i);
    }
}

static void
attribute_entry_changed_cb (GlsInspector *self)
{
  show_attribute_error (self, NULL);
}

static void
attribute_key_activated_cb (GlsInspector *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->attribute_value_entry));
}

static void
attribute_add_cb (GlsInspector *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (
    GTK_EDITABLE (self->attribute_key_entry))));
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->attribute_value_entry));
  g_autoptr(GError) error = NULL;

  if (self->shown_span == 0)
    return;
  if (!gls_project_set_span_attribute (project_of (self), self->shown_span, key, value, &error))
    {
      show_attribute_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->attribute_key_entry));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->attribute_key_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->attribute_value_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->attribute_key_entry));
}

static void
relation_delete_cb (GtkButton    *button,
                    GlsInspector *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "gls-relation");
  g_autoptr(GError) error = NULL;

  if (!gls_project_delete_relation (project_of (self), *id, &error))
    report (self, error);
}

static char *
one_line (const char *text)
{
  return g_strdelimit (g_strdup (text), "\n\r\t", ' ');
}

/* What a relation's row shows, and which relation it deletes. */
static char *
relation_reading (const GlsRelation *relation)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s\n%s\n%s\n%s", relation->id, relation->type,
                          relation->source_text, relation->target_text, relation->annotator);
}

/* "Pompeo — met-with → Putin", whichever end the selected span is. */
static GtkWidget *
relation_row_new (GlsInspector      *self,
                  const GlsRelation *relation)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *source = one_line (relation->source_text);
  g_autofree char *target = one_line (relation->target_text);
  g_autofree char *title = g_markup_printf_escaped ("%s <span fgalpha=\"55%%\">— %s →</span> %s",
                                                    source, relation->type, target);
  g_autofree char *by = g_strdup_printf (_("Recorded by %s"), relation->annotator);
  g_autofree char *remove = g_strdup_printf (_("Delete relation %s — %s → %s"),
                                             source, relation->type, target);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, by);

  style_row_button (button, _("Delete Relation"), remove);
  g_object_set_data_full (G_OBJECT (button), "gls-relation",
                          g_memdup2 (&relation->id, sizeof relation->id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (relation_delete_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "gls-reading", relation_reading (relation), g_free);
  return row;
}

static void
update_relations (GlsInspector *self,
                  GlsProject   *project,
                  gint64        span_id)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same = TRUE;

  if (!(relations = gls_project_list_relations (project, span_id, &error)))
    {
      clear_rows (self->relations_list, self->relation_add_row);
      report (self, error);
      return;
    }

  /* Rows that read the same stay (and so does the focus on them). */
  for (guint i = 0; same && i <= relations->len; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->relations_list, (int)i));

      if (i == relations->len)
        same = row == self->relation_add_row;
      else
        {
          g_autofree char *reading = relation_reading (g_ptr_array_index (relations, i));
          same = row != self->relation_add_row &&
                 g_strcmp0 (g_object_get_data (G_OBJECT (row), "gls-reading"), reading) == 0;
        }
    }
  if (same)
    return;

  clear_rows (self->relations_list, self->relation_add_row);
  for (guint i = 0; i < relations->len; i++)
    gtk_list_box_insert (self->relations_list,
                         relation_row_new (self, g_ptr_array_index (relations, i)), (int)i);
}

/* The project's relation types in the drop-down, replaced only when they changed (so the
 * chosen one stays chosen). */
static void
update_relation_types (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  g_auto(GStrv) types = project ? gls_project_list_relation_types (project) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->relation_types));
  gboolean same = n == (types ? g_strv_length (types) : 0);

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->relation_types, i), types[i]) == 0;
  if (!same)
    gtk_string_list_splice (self->relation_types, 0, n, (const char * const *)types);
  gtk_widget_set_sensitive (self->pick_target_button, types != NULL && types[0] != NULL);
}

static void
update_picking (GlsInspector *self)
{
  gboolean picking = self->view != NULL && gls_document_view_is_picking_target (self->view);

  gtk_stack_set_visible_child_name (self->relation_add_stack, picking ? "picking" : "add");
}

static void
pick_target_cb (GlsInspector *self)
{
  GtkStringObject *type = gtk_drop_down_get_selected_item (self->relation_type_dropdown);

  if (type == NULL || self->view == NULL || self->shown_span == 0)
    return;
  gls_document_view_begin_relation (self->view, gtk_string_object_get_string (type));
  update_picking (self);
}

static void
show_details (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  gint64 id = self->view ? gls_document_view_get_selected_span (self->view) : 0;
  g_autoptr(GlsSpan) span = NULL;
  gboolean was_syncing = self->syncing;
  gboolean same_span;
  GlsLabel *label;

  update_picking (self);
  if (id == 0 || project == NULL || !(span = gls_project_get_span (project, id, NULL)))
    {
      self->shown_span = 0;
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }
  same_span = id == self->shown_span;
  self->shown_span = id;

  self->syncing = TRUE;
  label = gls_project_lookup_label (project, gls_span_get_label_id (span));
  for (guint i = 0; label && i < g_list_model_get_n_items (G_LIST_MODEL (self->label_names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->label_names, i),
                   gls_label_get_name (label)) == 0)
      adw_combo_row_set_selected (self->label_row, i - 1);
  /* The label's description is the annotator's guide; an empty one takes no room. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->label_row),
                               label ? gls_label_get_display_description (label) : "");
  set_entry_text (GTK_EDITABLE (self->kb_row), gls_span_get_kb_id (span) ?: "", same_span);
  set_entry_text (GTK_EDITABLE (self->note_row), gls_span_get_note (span) ?: "", same_span);
  if (!same_span)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->attribute_key_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->attribute_value_entry), "");
      show_attribute_error (self, NULL);
    }
  update_attributes (self, span, same_span);
  update_relations (self, project, id);
  update_relation_types (self);
  self->syncing = was_syncing;
  gtk_stack_set_visible_child_name (self->details_stack, "span");
}

static void schedule_fill (GlsInspector *self);

/* Any edit, undo or redo of the shown document's spans or relations. */
static void
project_spans_changed_cb (GlsInspector *self,
                          gint64        document_id)
{
  const gint64 *ids;
  guint n_ids;

  if (self->view == NULL || document_id != gls_document_view_get_document (self->view))
    return;
  /* The list catches up after the text has drawn the change. */
  ids = gls_project_get_changed_spans (self->project, &n_ids);
  if (ids != NULL && n_ids < 500)
    g_array_append_vals (self->pending, ids, n_ids);
  else
    self->pending_reload = TRUE;
  /* The details follow with the list (fill_list ends by showing them). */
  schedule_fill (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Keeping list, text and details in step                                                       */

static GlsSpan *
selected_span (GlsInspector *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

/* The row of span @id: a binary search with the list's own sorter, then a look through the
 * rows that sort equal to it. Walking every row would make a span object per row. */
static guint
find_row (GlsInspector *self,
          gint64        id)
{
  GListModel *spans = self->spans;
  GListModel *model = G_LIST_MODEL (self->sorted);
  GtkSorter *sorter = gtk_sort_list_model_get_sorter (self->sorted);
  g_autoptr(GlsSpan) target = NULL;
  guint n = g_list_model_get_n_items (model);
  guint lo = 0, hi = n;

  if (id == 0 || spans == NULL || gtk_filter_list_model_get_model (self->filtered) != spans)
    return GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    if (gls_span_list_get_id (GLS_SPAN_LIST (spans), i) == id)
      {
        target = g_list_model_get_item (spans, i);
        break;
      }
  if (target == NULL)
    return GTK_INVALID_LIST_POSITION;

  /* The first row that does not sort before the target. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(GlsSpan) span = g_list_model_get_item (model, mid);

      if (gtk_sorter_compare (sorter, span, target) == GTK_ORDERING_SMALLER)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < n; i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (model, i);

      if (gls_span_get_id (span) == id)
        return i;
      if (gtk_sorter_compare (sorter, span, target) != GTK_ORDERING_EQUAL)
        break;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Brings row @position into view. GtkColumnView (4.8) has no call for it; its inner list
 * view has the "list.scroll-to-item" action, which does not reach up to the column view. */
static void
scroll_to_row (GlsInspector *self,
               guint         position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

static void
view_selected_span_cb (GlsInspector *self)
{
  guint found = find_row (self, gls_document_view_get_selected_span (self->view));

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, found);
  if (found != GTK_INVALID_LIST_POSITION)
    scroll_to_row (self, found);
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

static void
fill_list (GtkWidget *widget)
{
  GlsInspector *self = GLS_INSPECTOR (widget);
  g_autoptr(GError) error = NULL;
  gint64 document = self->view ? gls_document_view_get_document (self->view) : 0;

  if (!self->fill_scheduled || self->pending == NULL)    /* disposed meanwhile */
    return;
  self->fill_scheduled = FALSE;
  self->syncing = TRUE;
  if (self->pending_reload || self->spans == NULL)
    {
      g_clear_object (&self->spans);
      if (self->project != NULL && document != 0 &&
          !(self->spans = gls_project_list_spans (self->project, document, &error)))
        g_warning ("Could not list the spans: %s", error->message);
      gtk_filter_list_model_set_model (self->filtered, self->spans);
    }
  else if (self->pending->len > 0)
    {
      /* A whole list is sorted in slices between frames; an edit in place at once, for an
       * incremental GtkSortListModel (4.8) first shows a new row last, then moves it there
       * in a second change spanning every row in between. */
      gtk_sort_list_model_set_incremental (self->sorted, FALSE);
      if (!gls_span_list_update (GLS_SPAN_LIST (self->spans),
                                 (const gint64 *)(gpointer)self->pending->data,
                                 self->pending->len, &error))
        g_warning ("Could not update the spans: %s", error->message);
      gtk_sort_list_model_set_incremental (self->sorted, TRUE);
    }
  self->pending_reload = FALSE;
  g_array_set_size (self->pending, 0);
  self->syncing = FALSE;
  view_selected_span_cb (self);
}

/* The list catches up after the frame that draws the edit in the text. */
static void
schedule_fill (GlsInspector *self)
{
  if (self->fill_scheduled)
    return;
  self->fill_scheduled = TRUE;
  gls_after_frame (GTK_WIDGET (self), fill_list);
}

/* The list follows the text after it is drawn: the article comes first. A new list in the
 * view (another document, everyone's or only the annotator's spans) is copied anew; edits
 * come through "spans-changed", span by span. */
static void
spans_loaded_cb (GlsInspector *self)
{
  GListModel *spans = gls_document_view_get_spans (self->view);

  if (spans != self->view_spans)
    {
      self->view_spans = spans;
      self->pending_reload = TRUE;
      schedule_fill (self);
    }
}

static void
update_label_names (GlsInspector *self)
{
  GlsProject *project = project_of (self);
  GListModel *labels = project ? gls_project_get_labels (project) : NULL;
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  guint filter = gtk_drop_down_get_selected (self->label_filter);
  g_autofree char *filtered = NULL;

  /* The label shown alone stays so while the schema changes around it. */
  if (filter != GTK_INVALID_LIST_POSITION && filter > 0)
    filtered = g_strdup (gtk_string_list_get_string (self->label_names, filter));
  gtk_string_list_splice (self->label_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->label_names)), NULL);
  gtk_string_list_append (self->label_names, _("All labels"));
  for (guint i = 0; labels && i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      gtk_string_list_append (self->label_names, gls_label_get_name (label));
      gtk_string_list_append (rows, gls_label_get_name (label));
      if (g_strcmp0 (filtered, gls_label_get_name (label)) == 0)
        gtk_drop_down_set_selected (self->label_filter, i + 1);
    }
  adw_combo_row_set_model (self->label_row, G_LIST_MODEL (rows));
}

/* A label or relation type was added, renamed, described or removed. */
static void
labels_changed_cb (GlsInspector *self)
{
  gboolean was_syncing = self->syncing;

  self->syncing = TRUE;   /* a new model for the label row is no relabelling */
  update_label_names (self);
  self->syncing = was_syncing;
  update_relation_types (self);
  show_details (self);
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

static void
disconnect_project (GlsInspector *self)
{
  if (self->project == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->project, self);
  g_signal_handlers_disconnect_by_data (gls_project_get_labels (self->project), self);
}

static void
project_changed_cb (GlsInspector *self)
{
  GlsProject *project = project_of (self);

  if (self->project != project)
    {
      disconnect_project (self);
      g_set_object (&self->project, project);
      if (project != NULL)
        {
          g_signal_connect_object (project, "spans-changed",
                                   G_CALLBACK (project_spans_changed_cb), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (gls_project_get_labels (project), "items-changed",
                                   G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }
  labels_changed_cb (self);
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
  g_signal_connect_object (view, "notify::selected-span", G_CALLBACK (schedule_fill),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::project", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::picking-target", G_CALLBACK (update_picking), self,
                           G_CONNECT_SWAPPED);
  project_changed_cb (self);
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

  self->fill_scheduled = FALSE;
  g_clear_object (&self->spans);
  g_clear_pointer (&self->pending, g_array_unref);
  /* Nothing is saved from here on, whatever loses the focus while the rows go. */
  self->shown_span = 0;
  disconnect_project (self);
  g_clear_object (&self->project);
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
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, attributes_list);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, attribute_add_row);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, attribute_key_entry);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, attribute_value_entry);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, attribute_error);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, relations_list);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, relation_add_row);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, relation_add_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, relation_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, relation_types);
  gtk_widget_class_bind_template_child (widget_class, GlsInspector, pick_target_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kb_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, attribute_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, attribute_key_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, attribute_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_target_cb);
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

  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter = gtk_custom_filter_new (filter_span, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  /* Filtering and sorting tens of thousands of spans happens in slices, between frames. */
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), g_object_ref (sorter));
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (row_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->position_column, GTK_SORT_ASCENDING);
}
