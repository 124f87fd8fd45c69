/* test-sidebar.c — the document sidebar: whole-project search and the status filter
 *
 * Runs a real window under Xvfb on a copy of the sample project and drives it with real
 * input (xdotool): keys typed into the search entry, clicks on results and menu items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-search.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GlsWindow *window;
  GlsProject *project;
  GlsDocumentView *view;
} Fixture;

static GlsApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-sidebar-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  f->window = gls_test_gui_open_window (app, f->path, 1200, 760);
  f->project = gls_window_get_project (f->window);
  f->view = gls_window_get_document_view (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_gui_close_window (f->window, f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

/* The first mapped widget of @type below @root. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* Screenshots go to the temporary folder, to be looked at. */
static void
screenshot (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  gls_test_gui_screenshot (GTK_WIDGET (f->window), path);
  g_test_message ("screenshot: %s", path);
}

static void
click_center (GtkWidget *widget)
{
  gls_test_gui_click (widget, gtk_widget_get_width (widget) / 2.0,
                      gtk_widget_get_height (widget) / 2.0);
}

static GlsDocument *
document_titled (Fixture    *f,
                 const char *prefix)
{
  GListModel *docs = gls_project_get_documents (f->project);

  for (guint i = 0; i < g_list_model_get_n_items (docs); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (docs, i);
      if (g_str_has_prefix (gls_document_get_title (doc), prefix))
        return gls_project_lookup_document (f->project, gls_document_get_id (doc));
    }
  g_assert_not_reached ();
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} LabelQuery;

/* A search result's row shows the document's title: a mapped label inside a list box row. */
static gboolean
result_row_shown (gpointer data)
{
  LabelQuery *q = data;
  GtkWidget *label = gls_test_gui_find_label (q->root, q->text);

  return label != NULL && gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW) != NULL;
}

static gboolean
heading_shown (gpointer data)
{
  LabelQuery *q = data;

  return gls_test_gui_find_label (q->root, q->text) != NULL;
}

static gboolean
match_visible (gpointer data)
{
  GtkTextView *view = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible, location;
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &start, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

static void
test_search_opens_match (Fixture       *f,
                         gconstpointer  data)
{
  GlsDocument *rocket = document_titled (f, "Portuguese Start-Up");
  GtkWidget *entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autofree char *selected = NULL;
  GtkWidget *focus, *title;
  LabelQuery query = { GTK_WIDGET (f->window), gls_document_get_title (rocket) };
  GtkTextIter start, end;

  g_assert_nonnull (entry);
  g_assert_cmpint (gls_document_view_get_document (f->view), !=, gls_document_get_id (rocket));

  /* Ctrl+Shift+F puts the keyboard in the search entry… */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+shift+f");
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* …where real key presses type a word: "muller" finds "Müller", in one document. */
  gls_test_gui_xdotool ("type", "--delay", "40", "muller", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "muller");
  g_assert_true (gls_test_gui_wait_for (result_row_shown, &query, 3000));
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "1 Document Found"));
  screenshot (f, "glossator-sidebar-search.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (f, "glossator-sidebar-search-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gls_test_gui_wait_drawn (GTK_WINDOW (f->window));

  /* A click on the result opens the document with the match selected and in view. */
  title = gls_test_gui_find_label (GTK_WIDGET (f->window), gls_document_get_title (rocket));
  g_assert_nonnull (gtk_widget_get_ancestor (title, GTK_TYPE_LIST_BOX_ROW));
  click_center (title);
  g_assert_cmpint (gls_document_view_get_document (f->view), ==, gls_document_get_id (rocket));

  expected = gls_project_search (f->project, "muller", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 1);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==,
                   g_array_index (expected, GlsSearchHit, 0).start);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==,
                   g_array_index (expected, GlsSearchHit, 0).end);
  selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (selected, ==, "Müller");
  g_assert_true (gls_test_gui_wait_for (match_visible, f->view, 3000));
  screenshot (f, "glossator-sidebar-match.png");

  /* The keyboard is in the text: a label's key labels the match at once. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
  gls_project_set_annotator (f->project, "tester");
  gls_test_gui_key (GTK_WINDOW (f->window), "1");
  {
    g_autoptr(GListModel) spans = gls_project_list_spans (f->project,
                                                          gls_document_get_id (rocket), &error);
    gboolean labelled = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
      {
        g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

        labelled |= g_strcmp0 (gls_span_get_annotator (span), "tester") == 0 &&
                    gls_span_get_start (span) == g_array_index (expected, GlsSearchHit, 0).start &&
                    gls_span_get_end (span) == g_array_index (expected, GlsSearchHit, 0).end;
      }
    g_assert_true (labelled);
  }

  /* Escape in the entry clears it and brings the document list back, the opened document
   * selected in it. */
  click_center (entry);
  gls_test_gui_key (GTK_WINDOW (f->window), "Escape");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gls_test_gui_wait (200);
  title = gls_test_gui_find_label (GTK_WIDGET (gls_window_get_document_list (f->window)),
                                   gls_document_get_title (rocket));
  g_assert_nonnull (title);
  g_assert_null (gtk_widget_get_ancestor (title, GTK_TYPE_LIST_BOX_ROW));
  g_assert_true (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (
                   gtk_list_view_get_model (gls_window_get_document_list (f->window)))) == rocket);
  g_assert_cmpint (gls_document_view_get_document (f->view), ==, gls_document_get_id (rocket));
}

static void
test_search_no_results (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  LabelQuery query = { GTK_WIDGET (f->window), "1 Document Found" };

  /* Search syntax typed by hand is just words: no error, and here no document. */
  click_center (entry);
  gls_test_gui_xdotool ("type", "--delay", "30", "\"zeppelin AND (", NULL);
  gls_test_gui_wait (400);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "No Results"));
  screenshot (f, "glossator-sidebar-no-results.png");

  /* Enter opens the best result: "Dresden" is in the title of the Finnish article. */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+a");
  gls_test_gui_xdotool ("type", "--delay", "30", "Dresden", NULL);
  g_assert_true (gls_test_gui_wait_for (heading_shown, &query, 3000));
  gls_test_gui_key (GTK_WINDOW (f->window), "Return");
  g_assert_cmpint (gls_document_view_get_document (f->view), ==,
                   gls_document_get_id (document_titled (f, "Finnish Chipmaker")));
}

static void
test_status_filter (Fixture       *f,
                    gconstpointer  data)
{
  GtkListView *list = gls_window_get_document_list (f->window);
  GListModel *docs = gls_project_get_documents (f->project);
  GtkWidget *dropdown = find_widget (GTK_WIDGET (f->window), GTK_TYPE_DROP_DOWN);
  gint64 open = gls_document_view_get_document (f->view);
  GtkSingleSelection *selection;
  GListModel *shown;
  GtkWidget *item;
  guint n_done = 0;

  g_assert_nonnull (dropdown);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (
                     gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), 0), ==, "All");
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "5 Documents"));

  /* Open the status menu and pick "Done", with the mouse. */
  click_center (dropdown);
  gls_test_gui_wait (300);
  item = gls_test_gui_find_label (dropdown, "Done");
  g_assert_nonnull (item);
  click_center (item);
  gls_test_gui_wait (300);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 3);

  /* Only the documents marked done are listed, and the heading says so. */
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  shown = G_LIST_MODEL (selection);
  for (guint i = 0; i < g_list_model_get_n_items (docs); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (docs, i);
      GtkWidget *label = gls_test_gui_find_label (GTK_WIDGET (list), gls_document_get_title (doc));

      if (gls_document_get_status (doc) == GLS_DOCUMENT_DONE)
        {
          g_assert_nonnull (label);
          n_done++;
        }
      else
        g_assert_null (label);
    }
  g_assert_cmpuint (n_done, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_done);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (shown, i);
      g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_DONE);
    }
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "2 of 5 Documents"));
  screenshot (f, "glossator-sidebar-done.png");

  /* The open document, in progress, stays open though the list leaves it out. */
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, open)), ==,
                   GLS_DOCUMENT_IN_PROGRESS);
  g_assert_cmpint (gls_document_view_get_document (f->view), ==, open);
  g_assert_null (gtk_single_selection_get_selected_item (selection));

  /* Marked done (Ctrl+D), it joins the list, selected. */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+d");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "3 of 5 Documents"));
  g_assert_nonnull (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpint (gls_document_get_id (gtk_single_selection_get_selected_item (selection)), ==,
                   open);

  /* Toggled back to in progress, it leaves the list again and stays open. */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+d");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_cmpint (gls_document_view_get_document (f->view), ==, open);

  /* "All" lists every document again, the open one selected. */
  click_center (dropdown);
  gls_test_gui_wait (300);
  click_center (gls_test_gui_find_label (dropdown, "All"));
  gls_test_gui_wait (300);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 5);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "5 Documents"));
  g_assert_cmpint (gls_document_get_id (gtk_single_selection_get_selected_item (selection)), ==,
                   open);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gls_test_gui_tolerate_unallocated_snapshot ();
  app = gls_test_gui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sidebar/search-opens-match", test_search_opens_match);
  ADD ("/sidebar/search-no-results", test_search_no_results);
  ADD ("/sidebar/status-filter", test_status_filter);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
