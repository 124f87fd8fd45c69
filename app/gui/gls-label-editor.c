/* gls-label-editor.c — the label-schema editor: labels and relation types
 *
 * A modal window over the project's labels (its GListModel, in schema order) and relation
 * types. Each field is saved when its entry is activated or loses the focus, as one undoable
 * edit; a value the project refuses marks the entry, says why in a toast, and leaves the
 * database as it was. Rows live as long as their label (matched by id across the model's
 * reloads) and are sorted, never rebuilt, so saving a field or moving a label keeps the focus.
 *
 * Deleting a label that spans use asks first, naming how many; the spans go with it, in the
 * same edit, and the toast (or Ctrl+Z) brings everything back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-label-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gls-label-editor.h"
#include "gls-schema.h"

typedef enum
{
  FIELD_NAME,
  FIELD_COLOR,
  FIELD_KEY,
  FIELD_DESCRIPTION,
} Field;

/* ------------------------------------------------------------------------------------------ */
/* Rows                                                                                         */

#define GLS_TYPE_LABEL_ROW (gls_label_row_get_type ())
G_DECLARE_FINAL_TYPE (GlsLabelRow, gls_label_row, GLS, LABEL_ROW, GtkListBoxRow)

struct _GlsLabelRow
{
  GtkListBoxRow parent_instance;

  GlsLabel *label;
  guint index;                  /* in the labels model: the sort key */
  guint generation;
  GtkWidget *color_button;
  GtkWidget *name_entry;
  GtkWidget *key_entry;
  GtkWidget *description_entry;
  GtkWidget *up_button;
  GtkWidget *down_button;
  GtkWidget *delete_button;
};

G_DEFINE_FINAL_TYPE (GlsLabelRow, gls_label_row, GTK_TYPE_LIST_BOX_ROW)

static void
gls_label_row_dispose (GObject *object)
{
  g_clear_object (&GLS_LABEL_ROW (object)->label);
  G_OBJECT_CLASS (gls_label_row_parent_class)->dispose (object);
}

static void
gls_label_row_class_init (GlsLabelRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gls_label_row_dispose;
}

static void
gls_label_row_init (GlsLabelRow *self)
{
}

#define GLS_TYPE_RELATION_ROW (gls_relation_row_get_type ())
G_DECLARE_FINAL_TYPE (GlsRelationRow, gls_relation_row, GLS, RELATION_ROW, GtkListBoxRow)

struct _GlsRelationRow
{
  GtkListBoxRow parent_instance;

  char *name;                   /* the relation type's name in the database */
  guint index;
  guint generation;
  GtkWidget *name_entry;
  GtkWidget *description_entry;
  GtkWidget *delete_button;
};

G_DEFINE_FINAL_TYPE (GlsRelationRow, gls_relation_row, GTK_TYPE_LIST_BOX_ROW)

static void
gls_relation_row_finalize (GObject *object)
{
  g_free (GLS_RELATION_ROW (object)->name);
  G_OBJECT_CLASS (gls_relation_row_parent_class)->finalize (object);
}

static void
gls_relation_row_class_init (GlsRelationRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_relation_row_finalize;
}

static void
gls_relation_row_init (GlsRelationRow *self)
{
}

/* ------------------------------------------------------------------------------------------ */
/* The window                                                                                   */

struct _GlsLabelEditor
{
  AdwPreferencesWindow parent_instance;

  GlsProject *project;
  GHashTable *label_rows;       /* gint64* label id → GlsLabelRow (the list holds it) */
  guint generation;

  AdwPreferencesGroup *labels_group;
  AdwPreferencesGroup *relations_group;
  GtkListBox *label_list;
  GtkListBox *relation_list;
  GtkWidget *add_label_button;
  GtkWidget *add_relation_button;
};

G_DEFINE_FINAL_TYPE (GlsLabelEditor, gls_label_editor, ADW_TYPE_PREFERENCES_WINDOW)

/* Mid-tone colours that read as a translucent fill and an underline in light and dark
 * styles, the "News" schema's first; a new label takes the first one no label has. */
static const char * const palette[] = {
  "#3584e4", "#e66100", "#26a269", "#1a9fa6", "#a855c7", "#b97c00", "#e01b24", "#986a44",
  "#77767b", "#d8437f", "#63a11d", "#5b5fc7", "#e5a50a", "#8f3f71", "#2190a4", "#c64600",
  "#2ec27e", "#813d9c", "#63452c", "#5e5c64",
};

static GlsLabelEditor *
editor_of (GtkWidget *widget)
{
  GtkWidget *editor = gtk_widget_get_ancestor (widget, GLS_TYPE_LABEL_EDITOR);

  if (editor == NULL || GLS_LABEL_EDITOR (editor)->project == NULL)
    return NULL;
  return GLS_LABEL_EDITOR (editor);
}

static void
show_toast (GlsLabelEditor *self,
            const char     *message,
            gboolean        with_undo)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "editor.undo");
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* The core's messages are phrased to follow a file name; a toast starts a sentence. */
static void
show_error (GlsLabelEditor *self,
            const GError   *error)
{
  const char *message = error->message;
  gunichar first = g_utf8_get_char (message);
  char head[8] = { 0 };
  g_autofree char *sentence = NULL;

  g_unichar_to_utf8 (g_unichar_totitle (first), head);
  sentence = g_strconcat (head, g_utf8_next_char (message), NULL);
  show_toast (self, sentence, FALSE);
}

static char *
entry_text (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
set_entry_text (GtkWidget  *entry,
                const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_widget_remove_css_class (entry, "error");
}

static void
describe (GtkWidget  *widget,
          const char *tooltip,
          const char *accessible_label)
{
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
}

static void
entry_changed_cb (GtkWidget *entry)
{
  /* A refused value stays marked until it is edited. */
  gtk_widget_remove_css_class (entry, "error");
}

static GtkWidget *
new_entry (const char *widget_name,
           const char *accessible_label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, widget_name);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  describe (entry, NULL, accessible_label);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), NULL);
  return entry;
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *widget_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, widget_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* Calls @commit when @entry is activated or the focus leaves it. */
static void
on_commit (GtkWidget *entry,
           GCallback  commit,
           gpointer   row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (entry, "activate", commit, row);
  g_signal_connect_swapped (focus, "leave", commit, row);
  gtk_widget_add_controller (entry, focus);
}

/* ------------------------------------------------------------------------------------------ */
/* Labels                                                                                       */

static char *
color_of_button (GtkWidget *button)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint)(CLAMP (rgba.red, 0.0, 1.0) * 255 + 0.5),
                          (guint)(CLAMP (rgba.green, 0.0, 1.0) * 255 + 0.5),
                          (guint)(CLAMP (rgba.blue, 0.0, 1.0) * 255 + 0.5));
}

static void
label_row_show (GlsLabelRow *row,
                const char  *property)
{
  GlsLabel *label = row->label;
  const char *name = gls_label_get_name (label);
  gboolean all = property == NULL;

  if (all || g_str_equal (property, "name"))
    {
      g_autofree char *color = g_strdup_printf (_("Colour of %s"), name);
      g_autofree char *up = g_strdup_printf (_("Move %s up"), name);
      g_autofree char *down = g_strdup_printf (_("Move %s down"), name);
      g_autofree char *delete = g_strdup_printf (_("Delete the label %s"), name);

      set_entry_text (row->name_entry, name);
      describe (GTK_WIDGET (row), NULL, name);
      describe (row->color_button, _("Colour"), color);
      describe (row->up_button, _("Move Up"), up);
      describe (row->down_button, _("Move Down"), down);
      describe (row->delete_button, _("Delete Label"), delete);
    }
  if (all || g_str_equal (property, "color"))
    {
      GdkRGBA rgba;

      if (gdk_rgba_parse (&rgba, gls_label_get_color (label)))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (row->color_button), &rgba);
    }
  if (all || g_str_equal (property, "key"))
    set_entry_text (row->key_entry, gls_label_get_key (label));
  if (all || g_str_equal (property, "description"))
    set_entry_text (row->description_entry, gls_label_get_description (label));
}

static void
label_notify_cb (GlsLabelRow *row,
                 GParamSpec  *pspec)
{
  label_row_show (row, pspec->name);
}

static void
label_row_commit (GlsLabelRow *row,
                  Field        field)
{
  GlsLabelEditor *self = editor_of (GTK_WIDGET (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (gls_label_get_name (row->label));
  g_autofree char *color = g_strdup (gls_label_get_color (row->label));
  g_autofree char *key = g_strdup (gls_label_get_key (row->label));
  g_autofree char *description = g_strdup (gls_label_get_description (row->label));
  GtkWidget *entry = NULL;

  if (self == NULL)
    return;

  /* Only the edited field takes what is on screen: a refused value elsewhere in the row
   * does not hold this one back. */
  switch (field)
    {
    case FIELD_NAME:
      entry = row->name_entry;
      g_free (name);
      name = entry_text (entry);
      break;
    case FIELD_COLOR:
      g_free (color);
      color = color_of_button (row->color_button);
      break;
    case FIELD_KEY:
      entry = row->key_entry;
      g_free (key);
      key = entry_text (entry);
      break;
    case FIELD_DESCRIPTION:
    default:
      entry = row->description_entry;
      g_free (description);
      description = entry_text (entry);
      break;
    }

  /* Refused already (activate, then the focus leaving): the reason is on screen. */
  if (entry != NULL && gtk_widget_has_css_class (entry, "error"))
    return;

  if (gls_project_update_label (self->project, gls_label_get_id (row->label), name, color, key,
                                description, &error))
    return;
  if (entry != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    label_row_show (row, "color");
  show_error (self, error);
}

static void
name_commit_cb (GlsLabelRow *row)
{
  label_row_commit (row, FIELD_NAME);
}

static void
key_commit_cb (GlsLabelRow *row)
{
  label_row_commit (row, FIELD_KEY);
}

static void
description_commit_cb (GlsLabelRow *row)
{
  label_row_commit (row, FIELD_DESCRIPTION);
}

static void
color_set_cb (GlsLabelRow *row)
{
  label_row_commit (row, FIELD_COLOR);
}

static void
move_clicked_cb (GtkWidget   *button,
                 GlsLabelRow *row)
{
  GlsLabelEditor *self = editor_of (GTK_WIDGET (row));
  g_autoptr(GError) error = NULL;
  guint position;

  if (self == NULL)
    return;
  if (button == row->up_button && row->index == 0)
    return;
  position = button == row->up_button ? row->index - 1 : row->index + 1;
  if (!gls_project_move_label (self->project, gls_label_get_id (row->label), position, &error))
    show_error (self, error);
}

static void
delete_label (GlsLabelEditor *self,
              gint64          label_id)
{
  GlsLabel *label = gls_project_lookup_label (self->project, label_id);
  g_autofree char *name = g_strdup (label ? gls_label_get_name (label) : "");
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (!gls_project_delete_label (self->project, label_id, &error))
    {
      show_error (self, error);
      return;
    }
  message = g_strdup_printf (_("Label “%s” deleted"), name);
  show_toast (self, message, TRUE);
}

typedef struct
{
  GlsLabelEditor *editor;
  gint64 label_id;
  char *relation_type;
} DeleteRequest;

static void
delete_request_free (gpointer data)
{
  DeleteRequest *request = data;

  g_object_unref (request->editor);
  g_free (request->relation_type);
  g_free (request);
}

static void delete_relation_type (GlsLabelEditor *self,
                                  const char     *name);

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteRequest    *request)
{
  if (g_strcmp0 (response, "delete") != 0 || request->editor->project == NULL)
    return;
  if (request->relation_type != NULL)
    delete_relation_type (request->editor, request->relation_type);
  else
    delete_label (request->editor, request->label_id);
}

/* Asks before deleting what spans or relations use; @request says what, and is freed with
 * the dialog. */
static void
confirm_delete (GlsLabelEditor *self,
                const char     *name,
                const char     *body,
                DeleteRequest  *request)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, body);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  request->editor = g_object_ref (self);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), request,
                         (GClosureNotify)(void (*) (void))delete_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_label_clicked_cb (GlsLabelRow *row)
{
  GlsLabelEditor *self = editor_of (GTK_WIDGET (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  DeleteRequest *request;
  gint64 label_id, count;

  if (self == NULL)
    return;
  label_id = gls_label_get_id (row->label);
  count = gls_project_count_label_spans (self->project, label_id, &error);
  if (count < 0)
    {
      show_error (self, error);
      return;
    }
  if (count == 0)
    {
      /* Nothing is lost that the toast cannot bring back: no question. */
      delete_label (self, label_id);
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u span uses this label. It will be deleted too. "
                                       "You can undo this with Ctrl+Z.",
                                       "%u spans use this label. They will be deleted too. "
                                       "You can undo this with Ctrl+Z.", (gulong)count),
                          (guint)count);
  request = g_new0 (DeleteRequest, 1);
  request->label_id = label_id;
  confirm_delete (self, gls_label_get_name (row->label), body, request);
}

static GtkWidget *
label_row_new (GlsLabel *label)
{
  GlsLabelRow *row = g_object_new (GLS_TYPE_LABEL_ROW,
                                   "activatable", FALSE,
                                   "selectable", FALSE,
                                   NULL);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *key_caption, *buttons;

  row->label = g_object_ref (label);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_top (grid, 10);
  gtk_widget_set_margin_bottom (grid, 10);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 8);

  row->color_button = gtk_color_button_new ();
  gtk_widget_set_name (row->color_button, "color-button");
  gtk_widget_set_valign (row->color_button, GTK_ALIGN_CENTER);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (row->color_button), FALSE);
  g_object_set (row->color_button, "title", _("Label Colour"), NULL);
  g_signal_connect_swapped (row->color_button, "color-set", G_CALLBACK (color_set_cb), row);
  gtk_grid_attach (GTK_GRID (grid), row->color_button, 0, 0, 1, 2);

  row->name_entry = new_entry ("name-entry", _("Name"));
  gtk_widget_set_hexpand (row->name_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->name_entry), _("Name"));
  gtk_widget_add_css_class (row->name_entry, "heading");
  on_commit (row->name_entry, G_CALLBACK (name_commit_cb), row);
  gtk_grid_attach (GTK_GRID (grid), row->name_entry, 1, 0, 1, 1);

  key_caption = gtk_label_new (_("Key"));
  gtk_widget_add_css_class (key_caption, "dim-label");
  gtk_widget_set_margin_start (key_caption, 4);
  gtk_grid_attach (GTK_GRID (grid), key_caption, 2, 0, 1, 1);

  row->key_entry = new_entry ("key-entry", _("Key"));
  gtk_widget_set_tooltip_text (row->key_entry,
                               _("Typing this character applies the label to the selection"));
  gtk_entry_set_max_length (GTK_ENTRY (row->key_entry), 1);
  gtk_editable_set_width_chars (GTK_EDITABLE (row->key_entry), 2);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (row->key_entry), 2);
  gtk_entry_set_alignment (GTK_ENTRY (row->key_entry), 0.5);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->key_entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, key_caption, NULL, -1);
  on_commit (row->key_entry, G_CALLBACK (key_commit_cb), row);
  gtk_grid_attach (GTK_GRID (grid), row->key_entry, 3, 0, 1, 1);

  row->description_entry = new_entry ("description-entry", _("Description"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->description_entry),
                                  _("Guidance for annotators: what this label is for"));
  on_commit (row->description_entry, G_CALLBACK (description_commit_cb), row);
  gtk_grid_attach (GTK_GRID (grid), row->description_entry, 1, 1, 3, 1);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (buttons, 4);
  row->up_button = new_icon_button ("go-up-symbolic", "up-button");
  row->down_button = new_icon_button ("go-down-symbolic", "down-button");
  row->delete_button = new_icon_button ("user-trash-symbolic", "delete-button");
  g_signal_connect (row->up_button, "clicked", G_CALLBACK (move_clicked_cb), row);
  g_signal_connect (row->down_button, "clicked", G_CALLBACK (move_clicked_cb), row);
  g_signal_connect_swapped (row->delete_button, "clicked", G_CALLBACK (delete_label_clicked_cb),
                            row);
  gtk_box_append (GTK_BOX (buttons), row->up_button);
  gtk_box_append (GTK_BOX (buttons), row->down_button);
  gtk_box_append (GTK_BOX (buttons), row->delete_button);
  gtk_grid_attach (GTK_GRID (grid), buttons, 4, 0, 1, 2);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  label_row_show (row, NULL);
  g_signal_connect_object (label, "notify", G_CALLBACK (label_notify_cb), row,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (row);
}

static int
compare_rows (GtkListBoxRow *a,
              GtkListBoxRow *b,
              gpointer       data)
{
  guint ia = GLS_IS_LABEL_ROW (a) ? GLS_LABEL_ROW (a)->index : GLS_RELATION_ROW (a)->index;
  guint ib = GLS_IS_LABEL_ROW (b) ? GLS_LABEL_ROW (b)->index : GLS_RELATION_ROW (b)->index;

  return ia < ib ? -1 : ia > ib;
}

static char *
unused_color (GlsLabelEditor *self)
{
  GListModel *labels = gls_project_get_labels (self->project);
  guint n = g_list_model_get_n_items (labels);
  float r, g, b;
  double hue;

  for (guint c = 0; c < G_N_ELEMENTS (palette); c++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < n && !used; i++)
        {
          g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
          used = g_ascii_strcasecmp (gls_label_get_color (label), palette[c]) == 0;
        }
      if (!used)
        return g_strdup (palette[c]);
    }
  /* Every colour taken: step round the hue circle by the golden angle. */
  hue = n * 0.618033988749895;
  gtk_hsv_to_rgb ((float)(hue - (guint)hue), 0.65f, 0.8f, &r, &g, &b);
  return g_strdup_printf ("#%02x%02x%02x", (guint)(r * 255 + 0.5f), (guint)(g * 255 + 0.5f),
                          (guint)(b * 255 + 0.5f));
}

static gboolean
scroll_into_view_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  /* Wait for the row's first allocation. */
  if (gtk_widget_get_height (widget) == 0)
    return G_SOURCE_CONTINUE;
  if (scroller == NULL ||
      !gtk_widget_compute_bounds (widget,
                                  gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                  &bounds))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y - 12);
  else if (bounds.origin.y + bounds.size.height > page)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y + bounds.size.height - page + 12);
  return G_SOURCE_REMOVE;
}

/* Puts the focus in @entry (its text selected, ready to be typed over) and shows its row. */
static void
focus_new_row (GtkWidget *row,
               GtkWidget *entry)
{
  gtk_widget_grab_focus (entry);
  gtk_widget_add_tick_callback (row, scroll_into_view_cb, NULL, NULL);
}

static void
add_label_clicked_cb (GlsLabelEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *color = unused_color (self);
  g_autofree char *name = NULL;
  GlsLabelRow *row;
  GlsLabel *label;

  for (guint i = 1; name == NULL || gls_project_find_label (self->project, name); i++)
    {
      g_free (name);
      /* Translators: the name of a new label; no spaces (exports split names on them) */
      name = g_strdup_printf (_("LABEL_%u"), i);
    }
  if (!(label = gls_project_add_label (self->project, name, color, NULL, NULL, &error)))
    {
      show_error (self, error);
      return;
    }
  /* The model has announced the label: its row is there. */
  row = g_hash_table_lookup (self->label_rows, &(gint64){ gls_label_get_id (label) });
  if (row != NULL)
    focus_new_row (GTK_WIDGET (row), row->name_entry);
}

/* ------------------------------------------------------------------------------------------ */
/* Relation types                                                                               */

static void
relation_row_commit (GlsRelationRow *row,
                     Field           field)
{
  GlsLabelEditor *self = editor_of (GTK_WIDGET (row));
  GtkWidget *entry = field == FIELD_NAME ? row->name_entry : row->description_entry;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  if (self == NULL || gtk_widget_has_css_class (entry, "error"))
    return;
  if (field == FIELD_NAME)
    {
      name = entry_text (entry);
      description = gls_project_dup_relation_type_description (self->project, row->name);
    }
  else
    {
      name = g_strdup (row->name);
      description = entry_text (entry);
    }

  /* The row answers to the new name while the edit announces itself, so it is kept. */
  old_name = g_steal_pointer (&row->name);
  row->name = g_strdup (name);
  if (gls_project_rename_relation_type (self->project, old_name, name, description, &error))
    return;
  g_free (row->name);
  row->name = g_steal_pointer (&old_name);
  gtk_widget_add_css_class (entry, "error");
  show_error (self, error);
}

static void
relation_name_commit_cb (GlsRelationRow *row)
{
  relation_row_commit (row, FIELD_NAME);
}

static void
relation_description_commit_cb (GlsRelationRow *row)
{
  relation_row_commit (row, FIELD_DESCRIPTION);
}

static void
delete_relation_type (GlsLabelEditor *self,
                      const char     *name)
{
  g_autofree char *copy = g_strdup (name);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (!gls_project_delete_relation_type (self->project, copy, &error))
    {
      show_error (self, error);
      return;
    }
  message = g_strdup_printf (_("Relation type “%s” deleted"), copy);
  show_toast (self, message, TRUE);
}

static void
delete_relation_clicked_cb (GlsRelationRow *row)
{
  GlsLabelEditor *self = editor_of (GTK_WIDGET (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  DeleteRequest *request;
  gint64 count;

  if (self == NULL)
    return;
  count = gls_project_count_relation_type_uses (self->project, row->name, &error);
  if (count < 0)
    {
      show_error (self, error);
      return;
    }
  if (count == 0)
    {
      delete_relation_type (self, row->name);
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u relation has this type. It will be deleted too. "
                                       "You can undo this with Ctrl+Z.",
                                       "%u relations have this type. They will be deleted too. "
                                       "You can undo this with Ctrl+Z.", (gulong)count),
                          (guint)count);
  request = g_new0 (DeleteRequest, 1);
  request->relation_type = g_strdup (row->name);
  confirm_delete (self, row->name, body, request);
}

static void
relation_row_show (GlsRelationRow *row,
                   const char     *description)
{
  g_autofree char *delete = g_strdup_printf (_("Delete the relation type %s"), row->name);

  if (!gtk_widget_has_css_class (row->name_entry, "error"))
    set_entry_text (row->name_entry, row->name);
  if (!gtk_widget_has_css_class (row->description_entry, "error"))
    set_entry_text (row->description_entry, description);
  describe (GTK_WIDGET (row), NULL, row->name);
  describe (row->delete_button, _("Delete Relation Type"), delete);
}

static GtkWidget *
relation_row_new (const char *name)
{
  GlsRelationRow *row = g_object_new (GLS_TYPE_RELATION_ROW,
                                      "activatable", FALSE,
                                      "selectable", FALSE,
                                      NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  row->name = g_strdup (name);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);

  row->name_entry = new_entry ("name-entry", _("Name"));
  gtk_editable_set_width_chars (GTK_EDITABLE (row->name_entry), 12);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->name_entry), _("Name"));
  gtk_widget_add_css_class (row->name_entry, "heading");
  on_commit (row->name_entry, G_CALLBACK (relation_name_commit_cb), row);
  gtk_box_append (GTK_BOX (box), row->name_entry);

  row->description_entry = new_entry ("description-entry", _("Description"));
  gtk_widget_set_hexpand (row->description_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->description_entry),
                                  _("What a link of this type means"));
  on_commit (row->description_entry, G_CALLBACK (relation_description_commit_cb), row);
  gtk_box_append (GTK_BOX (box), row->description_entry);

  row->delete_button = new_icon_button ("user-trash-symbolic", "delete-button");
  gtk_widget_set_margin_start (row->delete_button, 4);
  g_signal_connect_swapped (row->delete_button, "clicked",
                            G_CALLBACK (delete_relation_clicked_cb), row);
  gtk_box_append (GTK_BOX (box), row->delete_button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return GTK_WIDGET (row);
}

static GlsRelationRow *
find_relation_row (GlsLabelEditor *self,
                   const char     *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->relation_list)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GLS_IS_RELATION_ROW (child) && g_strcmp0 (GLS_RELATION_ROW (child)->name, name) == 0)
      return GLS_RELATION_ROW (child);
  return NULL;
}

static void
update_relation_rows (GlsLabelEditor *self)
{
  g_auto(GStrv) names = gls_project_list_relation_types (self->project);
  GtkWidget *child;

  self->generation++;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *description =
        gls_project_dup_relation_type_description (self->project, names[i]);
      GlsRelationRow *row = find_relation_row (self, names[i]);

      if (row == NULL)
        {
          row = GLS_RELATION_ROW (relation_row_new (names[i]));
          gtk_list_box_append (self->relation_list, GTK_WIDGET (row));
        }
      row->index = i;
      row->generation = self->generation;
      relation_row_show (row, description);
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->relation_list));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GLS_IS_RELATION_ROW (child) && GLS_RELATION_ROW (child)->generation != self->generation)
        gtk_list_box_remove (self->relation_list, child);
      child = next;
    }
  gtk_list_box_invalidate_sort (self->relation_list);
}

static void
add_relation_clicked_cb (GlsLabelEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) names = gls_project_list_relation_types (self->project);
  GlsRelationRow *row;

  for (guint i = 1; name == NULL || g_strv_contains ((const char * const *)names, name); i++)
    {
      g_free (name);
      /* Translators: the name of a new relation type; no spaces */
      name = g_strdup_printf (_("relation-%u"), i);
    }
  if (!gls_project_add_relation_type (self->project, name, NULL, &error))
    {
      show_error (self, error);
      return;
    }
  if ((row = find_relation_row (self, name)) != NULL)
    focus_new_row (GTK_WIDGET (row), row->name_entry);
}

/* ------------------------------------------------------------------------------------------ */
/* Following the project                                                                        */

/* Every edit of the schema (and every undo of one) reloads the labels model. */
static void
labels_changed_cb (GlsLabelEditor *self)
{
  GListModel *labels;
  GHashTableIter iter;
  gpointer value;
  guint n;

  if (self->project == NULL)
    return;
  labels = gls_project_get_labels (self->project);
  n = g_list_model_get_n_items (labels);

  self->generation++;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      gint64 id = gls_label_get_id (label);
      GlsLabelRow *row = g_hash_table_lookup (self->label_rows, &id);

      /* A label deleted and brought back by undo is a new object: a new row follows it. */
      if (row != NULL && row->label != label)
        {
          g_hash_table_remove (self->label_rows, &id);
          gtk_list_box_remove (self->label_list, GTK_WIDGET (row));
          row = NULL;
        }
      if (row == NULL)
        {
          row = GLS_LABEL_ROW (label_row_new (label));
          g_hash_table_insert (self->label_rows, g_memdup2 (&id, sizeof id), row);
          gtk_list_box_append (self->label_list, GTK_WIDGET (row));
        }
      row->index = i;
      row->generation = self->generation;
      gtk_widget_set_sensitive (row->up_button, i > 0);
      gtk_widget_set_sensitive (row->down_button, i + 1 < n);
    }

  g_hash_table_iter_init (&iter, self->label_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GLS_LABEL_ROW (value)->generation != self->generation)
      {
        gtk_list_box_remove (self->label_list, value);
        g_hash_table_iter_remove (&iter);
      }
  gtk_list_box_invalidate_sort (self->label_list);

  update_relation_rows (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GlsLabelEditor *self = GLS_LABEL_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  gboolean redo = g_str_equal (action_name, "editor.redo");

  if (self->project == NULL)
    return;
  if (!(redo ? gls_project_redo (self->project, &error) : gls_project_undo (self->project, &error)))
    show_error (self, error);
}

/* Ctrl+Z and Ctrl+Shift+Z, unless an entry has the focus: there they belong to its text. */
static gboolean
undo_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) != NULL)
    return FALSE;
  gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), NULL);
  return TRUE;
}

static gboolean
gls_label_editor_close_request (GtkWindow *window)
{
  /* The entry being edited loses the focus, which saves it. */
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (gls_label_editor_parent_class)->close_request (window);
}

static void
gls_label_editor_dispose (GObject *object)
{
  GlsLabelEditor *self = GLS_LABEL_EDITOR (object);

  /* Nothing is saved while the rows go. */
  g_clear_object (&self->project);
  g_clear_pointer (&self->label_rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_LABEL_EDITOR);

  G_OBJECT_CLASS (gls_label_editor_parent_class)->dispose (object);
}

static void
gls_label_editor_class_init (GlsLabelEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gls_label_editor_dispose;
  window_class->close_request = gls_label_editor_close_request;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/glossator/Glossator/gls-label-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, labels_group);
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, relations_group);
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, label_list);
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, relation_list);
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, add_label_button);
  gtk_widget_class_bind_template_child (widget_class, GlsLabelEditor, add_relation_button);
  gtk_widget_class_bind_template_callback (widget_class, add_label_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_relation_clicked_cb);

  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "editor.redo", NULL, undo_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                undo_shortcut_cb, "s", "editor.undo");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                undo_shortcut_cb, "s", "editor.redo");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gls_label_editor_init (GlsLabelEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->label_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_list_box_set_sort_func (self->label_list, compare_rows, NULL, NULL);
  gtk_list_box_set_sort_func (self->relation_list, compare_rows, NULL, NULL);
}

/**
 * gls_label_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @project: the project whose schema it edits
 *
 * Creates the modal "Labels" window. Present it with gtk_window_present().
 *
 * Returns: (transfer none): the editor, owned by GTK's list of toplevels
 */
GtkWindow *
gls_label_editor_new (GtkWindow  *parent,
                      GlsProject *project)
{
  GlsLabelEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLS_IS_PROJECT (project), NULL);

  self = g_object_new (GLS_TYPE_LABEL_EDITOR, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  g_signal_connect_object (gls_project_get_labels (project), "items-changed",
                           G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
  labels_changed_cb (self);

  if (gls_project_get_read_only (project))
    {
      adw_preferences_group_set_description (self->labels_group,
                                             _("The project is open read-only: its labels "
                                               "cannot be changed."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->label_list), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->relation_list), FALSE);
      gtk_widget_set_sensitive (self->add_label_button, FALSE);
      gtk_widget_set_sensitive (self->add_relation_button, FALSE);
    }
  return GTK_WINDOW (self);
}
