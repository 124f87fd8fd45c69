/* test-label-editor.c — the label-schema editor, driven by mouse and keyboard (Xvfb, xdotool)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-label-editor.h"
#include "gls-schema.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GtkWindow *parent;            /* a GlsWindow, or a plain window holding the project */
  GlsProject *project;
  GtkWindow *editor;
} Fixture;

static GlsApplication *app;

static gboolean
is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

/* Gives @window the keyboard, as a click would: Xvfb has no window manager to do it. Done
 * before anything is scrolled, since a window taking the focus shows its focus widget. */
static void
focus_window (GtkWindow *window)
{
  char xid[32];

  g_snprintf (xid, sizeof xid, "%lu",
              (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  gls_test_gui_xdotool ("windowfocus", "--sync", xid, NULL);
  g_assert_true (gls_test_gui_wait_for (is_active, window, 5000));
  gls_test_gui_wait_drawn (window);
}

/* With @data set, the editor belongs to the real main window showing the project, so what
 * it deletes is also deleted under the document view's eyes. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-label-editor-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  if (data != NULL)
    {
      GlsWindow *window = gls_window_new (app);

      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      g_assert_true (gls_window_open_path (window, f->path));
      f->project = g_object_ref (gls_window_get_project (window));
      f->parent = GTK_WINDOW (window);
    }
  else
    {
      f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      f->parent = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_default_size (f->parent, 400, 300);
    }
  gls_project_set_annotator (f->project, "tester");
  gtk_window_present (f->parent);
  gls_test_gui_wait_drawn (f->parent);

  f->editor = gls_label_editor_new (f->parent, f->project);
  g_assert_true (GLS_IS_LABEL_EDITOR (f->editor));
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *)&f->editor);
  gtk_window_present (f->editor);
  gls_test_gui_wait_drawn (f->editor);
  focus_window (f->editor);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  if (f->editor != NULL)
    gtk_window_destroy (f->editor);
  g_assert_null (f->editor);
  gtk_window_destroy (f->parent);
  gls_test_gui_wait (50);
  g_assert_finalize_object (f->project);
  g_remove (f->path);
  g_remove (wal);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ------------------------------------------------------------------------------------------ */
/* Finding widgets: by what they show and by their widget names, never by pixels                */

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

/* The entry named @name below @root that shows @text. */
static GtkWidget *
find_entry (GtkWidget  *root,
            const char *name,
            const char *text)
{
  if (GTK_IS_ENTRY (root) && g_strcmp0 (gtk_widget_get_name (root), name) == 0 &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry (child, name, text);
      if (found)
        return found;
    }
  return NULL;
}

/* The row of the label (or relation type) called @name. */
static GtkWidget *
find_row (Fixture    *f,
          const char *name)
{
  GtkWidget *entry = find_entry (GTK_WIDGET (f->editor), "name-entry", name);

  return entry ? gtk_widget_get_ancestor (entry, GTK_TYPE_LIST_BOX_ROW) : NULL;
}

static GtkWidget *
row_part (Fixture    *f,
          const char *row_name,
          const char *part)
{
  GtkWidget *row = find_row (f, row_name);
  GtkWidget *widget;

  g_assert_nonnull (row);
  widget = find_named (row, part);
  g_assert_nonnull (widget);
  return widget;
}

/* The button holding an AdwButtonContent labelled @label. */
static GtkWidget *
find_content_button (GtkWidget  *root,
                     const char *label)
{
  if (ADW_IS_BUTTON_CONTENT (root) &&
      g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (root)), label) == 0)
    return gtk_widget_get_ancestor (root, GTK_TYPE_BUTTON);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_content_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  return dialog;
}

/* Scrolls the editor so that @widget is in view (the pointer cannot reach what is not). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_rect_t bounds;
  double page = gtk_adjustment_get_page_size (adjustment);

  g_assert_true (gtk_widget_compute_bounds (widget, viewport, &bounds));
  if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > page)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                bounds.origin.y - page / 3);
      gls_test_gui_wait_drawn (GTK_WINDOW (gtk_widget_get_root (widget)));
    }
}

static void
click (GtkWidget *widget)
{
  scroll_to (widget);
  gls_test_gui_click (widget, gtk_widget_get_width (widget) / 2.0,
                      gtk_widget_get_height (widget) / 2.0);
}

/* Types @text into whatever has the keyboard in @window, as a person would. */
static void
type_text (GtkWindow  *window,
           const char *text)
{
  char xid[32];

  g_snprintf (xid, sizeof xid, "%lu",
              (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  gls_test_gui_xdotool ("windowfocus", "--sync", xid, "type", "--delay", "30", text, NULL);
}

/* Clicks into an entry, selects everything in it and types @text over it. */
static void
retype (Fixture    *f,
        GtkWidget  *entry,
        const char *text)
{
  click (entry);
  gls_test_gui_key (f->editor, "ctrl+a");
  type_text (f->editor, text);
}

static gint64
label_id (Fixture    *f,
          const char *name)
{
  GlsLabel *label = gls_project_find_label (f->project, name);

  g_assert_nonnull (label);
  return gls_label_get_id (label);
}

static guint
n_spans (Fixture *f)
{
  GlsProjectStats stats;

  g_assert_true (gls_project_get_stats (f->project, &stats, NULL));
  return stats.n_spans;
}

static char *
label_order (Fixture *f)
{
  GListModel *labels = gls_project_get_labels (f->project);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      g_string_append_printf (out, "%s%s", i ? " " : "", gls_label_get_name (label));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  gls_test_gui_screenshot (widget, path);
  g_test_message ("screenshot: %s", path);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_shows_schema (Fixture       *f,
                   gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GListModel *labels = gls_project_get_labels (f->project);

  g_assert_cmpstr (gtk_window_get_title (f->editor), ==, "Labels");
  g_assert_true (gtk_window_get_modal (f->editor));
  g_assert_true (gtk_window_get_transient_for (f->editor) == f->parent);

  /* Every label has its row, with its key and description. */
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      GtkWidget *row = find_row (f, gls_label_get_name (label));

      g_assert_nonnull (row);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (row, "key-entry"))), ==,
                       gls_label_get_key (label));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (row, "description-entry"))),
                       ==, gls_label_get_description (label));
      /* The first cannot go up, the last cannot go down; icon buttons say what they do. */
      g_assert_true (gtk_widget_get_sensitive (find_named (row, "up-button")) == (i > 0));
      g_assert_true (gtk_widget_get_sensitive (find_named (row, "down-button")) ==
                     (i + 1 < g_list_model_get_n_items (labels)));
      g_assert_nonnull (gtk_widget_get_tooltip_text (find_named (row, "delete-button")));
    }
  g_assert_nonnull (find_row (f, "met-with"));
  g_assert_nonnull (find_row (f, "located-in"));

  screenshot (GTK_WIDGET (f->editor), "glossator-label-editor.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gls_test_gui_wait_drawn (f->editor);
  scroll_to (find_row (f, "located-in"));
  screenshot (GTK_WIDGET (f->editor), "glossator-label-editor-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_rename_and_key (Fixture       *f,
                     gconstpointer  data)
{
  gint64 person = label_id (f, "PERSON");
  GtkWidget *entry;
  GlsLabel *gpe;

  /* Rename: click the name, select all, type, Enter. */
  entry = row_part (f, "PERSON", "name-entry");
  retype (f, entry, "HUMAN");
  g_assert_nonnull (gls_project_find_label (f->project, "PERSON"));   /* not saved yet */
  gls_test_gui_key (f->editor, "Return");
  g_assert_null (gls_project_find_label (f->project, "PERSON"));
  g_assert_cmpint (label_id (f, "HUMAN"), ==, person);
  g_assert_cmpint (gls_project_count_label_spans (f->project, person, NULL), ==, 71);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  /* A new key. */
  entry = row_part (f, "ORG", "key-entry");
  retype (f, entry, "o");
  gls_test_gui_key (f->editor, "Return");
  g_assert_cmpstr (gls_label_get_key (gls_project_find_label (f->project, "ORG")), ==, "o");

  /* A key another label has: refused, marked, the old key kept. */
  entry = row_part (f, "GPE", "key-entry");
  retype (f, entry, "O");
  gls_test_gui_key (f->editor, "Return");
  gpe = gls_project_find_label (f->project, "GPE");
  g_assert_cmpstr (gls_label_get_key (gpe), ==, "3");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  screenshot (GTK_WIDGET (f->editor), "glossator-label-editor-error.png");

  /* A name another label has: likewise. */
  entry = row_part (f, "LOC", "name-entry");
  retype (f, entry, "GPE");
  gls_test_gui_key (f->editor, "Return");
  g_assert_nonnull (gls_project_find_label (f->project, "LOC"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  /* A description is saved when the focus leaves it (here: a click into another entry). */
  entry = row_part (f, "DATE", "description-entry");
  retype (f, entry, "Dates and periods");
  click (row_part (f, "NORP", "description-entry"));
  g_assert_cmpstr (gls_label_get_description (gls_project_find_label (f->project, "DATE")), ==,
                   "Dates and periods");
}

static void
test_delete_in_use (Fixture       *f,
                    gconstpointer  data)
{
  gint64 law = label_id (f, "LAW");
  guint spans = n_spans (f);
  AdwMessageDialog *dialog;
  GtkWidget *button;

  g_assert_cmpint (gls_project_count_label_spans (f->project, law, NULL), ==, 6);
  click (row_part (f, "LAW", "delete-button"));
  gls_test_gui_wait (300);

  /* It asks, naming the label and how many spans go with it. */
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gls_test_gui_wait_drawn (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “LAW”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "6 spans use this label"));
  g_assert_nonnull (gls_project_find_label (f->project, "LAW"));
  screenshot (GTK_WIDGET (dialog), "glossator-label-editor-delete.png");

  button = gls_test_gui_find_button (GTK_WIDGET (dialog), "_Delete");
  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gls_test_gui_click (button, gtk_widget_get_width (button) / 2.0,
                      gtk_widget_get_height (button) / 2.0);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  gls_test_gui_wait (200);

  /* The label, its row and its six spans are gone. */
  g_assert_null (gls_project_find_label (f->project, "LAW"));
  g_assert_null (find_row (f, "LAW"));
  g_assert_cmpuint (n_spans (f), ==, spans - 6);

  /* Ctrl+Z in the editor brings them back. */
  gls_test_gui_key (f->editor, "ctrl+z");
  g_assert_cmpint (label_id (f, "LAW"), ==, law);
  g_assert_cmpint (gls_project_count_label_spans (f->project, law, NULL), ==, 6);
  g_assert_cmpuint (n_spans (f), ==, spans);
  gls_test_gui_wait (100);
  g_assert_nonnull (find_row (f, "LAW"));
}

static void
test_cancel_delete (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *button;

  click (row_part (f, "MISC", "delete-button"));
  gls_test_gui_wait (300);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gls_test_gui_wait_drawn (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "4 spans"));
  button = gls_test_gui_find_button (GTK_WIDGET (dialog), "_Cancel");
  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gls_test_gui_click (button, gtk_widget_get_width (button) / 2.0,
                      gtk_widget_get_height (button) / 2.0);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (gls_project_find_label (f->project, "MISC"));
  g_assert_cmpint (gls_project_count_label_spans (f->project, label_id (f, "MISC"), NULL), ==, 4);
}

static void
test_add_and_delete_unused (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *button = find_content_button (GTK_WIDGET (f->editor), "_Add Label");
  GtkWidget *entry, *focus;
  GlsLabel *label;
  guint spans = n_spans (f);

  g_assert_nonnull (button);
  click (button);
  gls_test_gui_wait (200);

  /* A new label with a name and a colour no other label has; its name has the focus. */
  label = gls_project_find_label (f->project, "LABEL_1");
  g_assert_nonnull (label);
  g_assert_cmpstr (gls_label_get_color (label), ==, "#d8437f");
  entry = find_entry (GTK_WIDGET (f->editor), "name-entry", "LABEL_1");
  g_assert_nonnull (entry);
  focus = gtk_root_get_focus (GTK_ROOT (f->editor));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, entry));

  /* Typed over at once (the name is selected), Enter saves it. */
  type_text (f->editor, "WORK_OF_ART");
  gls_test_gui_key (f->editor, "Return");
  g_assert_null (gls_project_find_label (f->project, "LABEL_1"));
  label = gls_project_find_label (f->project, "WORK_OF_ART");
  g_assert_nonnull (label);
  g_assert_cmpint (gls_label_get_position (label), ==, 9);
  screenshot (GTK_WIDGET (f->editor), "glossator-label-editor-added.png");

  /* No span uses it: deleted without a question. */
  click (row_part (f, "WORK_OF_ART", "delete-button"));
  gls_test_gui_wait (300);
  g_assert_null (find_message_dialog ());
  g_assert_null (gls_project_find_label (f->project, "WORK_OF_ART"));
  g_assert_null (find_row (f, "WORK_OF_ART"));
  g_assert_cmpuint (n_spans (f), ==, spans);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *order = NULL;

  click (row_part (f, "PERSON", "down-button"));
  order = label_order (f);
  g_assert_cmpstr (order, ==, "ORG PERSON GPE LOC DATE NORP EVENT LAW MISC");
  /* The row moved with its label: the same button moves it on. */
  click (row_part (f, "PERSON", "down-button"));
  g_clear_pointer (&order, g_free);
  order = label_order (f);
  g_assert_cmpstr (order, ==, "ORG GPE PERSON LOC DATE NORP EVENT LAW MISC");

  click (row_part (f, "MISC", "up-button"));
  g_clear_pointer (&order, g_free);
  order = label_order (f);
  g_assert_cmpstr (order, ==, "ORG GPE PERSON LOC DATE NORP EVENT MISC LAW");
  g_assert_false (gtk_widget_get_sensitive (row_part (f, "LAW", "down-button")));
  g_assert_true (gtk_widget_get_sensitive (row_part (f, "MISC", "down-button")));
  g_assert_false (gtk_widget_get_sensitive (row_part (f, "ORG", "up-button")));

  /* The rows are in the labels' order. */
  {
    GtkWidget *first = find_row (f, "ORG");
    GtkWidget *second = find_row (f, "GPE");

    g_assert_true (gtk_widget_get_next_sibling (first) == second);
  }
}

static void
test_relation_types (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *entry = row_part (f, "met-with", "name-entry");
  GtkWidget *button;
  AdwMessageDialog *dialog;
  g_auto(GStrv) types = NULL;

  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "met-with", NULL), ==, 5);
  retype (f, entry, "meets");
  gls_test_gui_key (f->editor, "Return");
  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "meets", NULL), ==, 5);
  types = gls_project_list_relation_types (f->project);
  g_assert_cmpstr (types[0], ==, "meets");
  /* Still the same row, and still focused. */
  g_assert_true (find_row (f, "meets") == gtk_widget_get_ancestor (entry, GTK_TYPE_LIST_BOX_ROW));

  /* A new type, deleted without a question since no relation has it. */
  button = find_content_button (GTK_WIDGET (f->editor), "Add _Type");
  g_assert_nonnull (button);
  click (button);
  gls_test_gui_wait (200);
  g_assert_nonnull (find_row (f, "relation-1"));
  click (row_part (f, "relation-1", "delete-button"));
  gls_test_gui_wait (300);
  g_assert_null (find_message_dialog ());
  g_assert_null (find_row (f, "relation-1"));

  /* A type in use asks first. */
  click (row_part (f, "located-in", "delete-button"));
  gls_test_gui_wait (300);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "17 relations"));
  button = gls_test_gui_find_button (GTK_WIDGET (dialog), "_Delete");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gls_test_gui_wait_drawn (GTK_WINDOW (dialog));
  gls_test_gui_click (button, gtk_widget_get_width (button) / 2.0,
                      gtk_widget_get_height (button) / 2.0);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  gls_test_gui_wait (200);
  g_assert_null (find_row (f, "located-in"));
  g_clear_pointer (&types, g_strfreev);
  types = gls_project_list_relation_types (f->project);
  g_assert_false (g_strv_contains ((const char * const *)types, "located-in"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = gls_test_gui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_IN_WINDOW(path, func) \
  g_test_add (path, Fixture, "window", fixture_set_up, func, fixture_tear_down)
  ADD ("/label-editor/shows-schema", test_shows_schema);
  ADD ("/label-editor/rename-and-key", test_rename_and_key);
  ADD_IN_WINDOW ("/label-editor/delete-in-use", test_delete_in_use);
  ADD ("/label-editor/cancel-delete", test_cancel_delete);
  ADD ("/label-editor/add-and-delete-unused", test_add_and_delete_unused);
  ADD ("/label-editor/move", test_move);
  ADD ("/label-editor/relation-types", test_relation_types);
#undef ADD_IN_WINDOW
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
