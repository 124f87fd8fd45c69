/* test-annotate.c — annotating by mouse and keyboard in a real window (Xvfb, xdotool)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-span-list.h"
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

  f->dir = g_dir_make_tmp ("gls-annotate-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  f->window = gls_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  g_assert_true (gls_window_open_path (f->window, f->path));
  f->project = gls_window_get_project (f->window);
  gls_project_set_annotator (f->project, "tester");
  f->view = gls_window_get_document_view (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  gls_test_gui_wait_drawn (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  gtk_window_destroy (GTK_WINDOW (f->window));
  gls_test_gui_wait (50);
  g_remove (f->path);
  g_remove (wal);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
view_text (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Character offset of the @nth occurrence of @needle in the shown document. */
static int
offset_of (Fixture    *f,
           const char *needle,
           int         nth)
{
  g_autofree char *text = view_text (f);
  const char *p = text;

  for (int i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }
  return (int)g_utf8_pointer_to_offset (text, p);
}

/* The spans of the shown document recorded for @annotator. */
static GPtrArray *
spans_of (Fixture    *f,
          const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project,
                                                        gls_document_view_get_document (f->view),
                                                        &error);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      if (g_strcmp0 (gls_span_get_annotator (span), annotator) == 0)
        g_ptr_array_add (found, g_steal_pointer (&span));
    }
  return found;
}

static gint64
label_id (Fixture    *f,
          const char *name)
{
  return gls_label_get_id (gls_project_find_label (f->project, name));
}

/* Drags from the middle of character @from to the middle of character @to. */
static void
drag_chars (Fixture *f,
            int      from,
            int      to)
{
  double x1, y1, x2, y2;

  gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), from, &x1, &y1);
  gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), to, &x2, &y2);
  gls_test_gui_drag (GTK_WIDGET (f->view), x1, y1, x2, y2);
}

static void
click_char (Fixture *f,
            int      offset)
{
  double x, y;

  gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), offset, &x, &y);
  gls_test_gui_click (GTK_WIDGET (f->view), x, y);
  /* Separate clicks at one spot would merge into a double-click. */
  gls_test_gui_wait (500);
}

static void
test_drag_label_undo_redo (Fixture       *f,
                           gconstpointer  data)
{
  int start = offset_of (f, "Vladimir Putin", 0);
  int end = start + (int)strlen ("Vladimir Putin");
  g_autoptr(GPtrArray) mine = NULL;
  GlsSpan *span;

  /* From inside "Vladimir" to inside "Putin": the selection snaps to both whole words. */
  drag_chars (f, start + 3, end - 2);
  gls_test_gui_key (GTK_WINDOW (f->window), "1");

  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 1);
  span = g_ptr_array_index (mine, 0);
  g_assert_cmpint (gls_span_get_start (span), ==, start);
  g_assert_cmpint (gls_span_get_end (span), ==, end);
  g_assert_cmpint (gls_span_get_label_id (span), ==, label_id (f, "PERSON"));
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, gls_span_get_id (span));
  /* Drawn at once in PERSON's colour. */
  g_assert_true (gls_test_gui_span_drawn (f->view, gls_span_get_id (span),
                                          gls_label_get_color (gls_project_find_label (f->project, "PERSON"))));
  g_clear_pointer (&mine, g_ptr_array_unref);
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "annotate-created.png");

  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+z");
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 0);
  g_clear_pointer (&mine, g_ptr_array_unref);

  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+shift+z");
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (gls_span_get_start (g_ptr_array_index (mine, 0)), ==, start);
}

static void
test_double_click_and_escape (Fixture       *f,
                              gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  int start = offset_of (f, "cybersecurity", 0);
  g_autoptr(GPtrArray) mine = NULL;
  g_autofree char *selected = NULL;
  GtkTextIter a, b;
  double x, y;

  gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), start + 4, &x, &y);
  gls_test_gui_double_click (GTK_WIDGET (f->view), x, y);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
  selected = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  g_assert_cmpstr (selected, ==, "cybersecurity");

  /* Escape closes the chooser and makes no span. */
  gls_test_gui_key (GTK_WINDOW (f->window), "Escape");
  gls_test_gui_wait (100);
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 0);
}

static void
test_relabel_delete_nested (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) mine = NULL;
  int outer, inner;

  /* The Finnish article has no spans yet. */
  g_assert_true (gls_window_select_document (f->window, 4));
  gls_test_gui_wait (200);
  outer = offset_of (f, "Halvard", 0);

  drag_chars (f, outer, outer + 6);
  gls_test_gui_key (GTK_WINDOW (f->window), "1");   /* PERSON, by mistake */
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 1);
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* The new span is selected: its key relabels it. */
  gls_test_gui_key (GTK_WINDOW (f->window), "2");
  mine = spans_of (f, "tester");
  g_assert_cmpint (gls_span_get_label_id (g_ptr_array_index (mine, 0)), ==, label_id (f, "ORG"));
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* Click elsewhere, click the span to select it, Delete removes it. */
  click_char (f, offset_of (f, "Dresden", 0) + 2);
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, 0);
  click_char (f, outer + 3);
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), !=, 0);
  gls_test_gui_key (GTK_WINDOW (f->window), "Delete");
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 0);
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* A nested span: "Dresden" inside a longer LOC-less GPE mention. */
  inner = offset_of (f, "Dresden", 0);
  drag_chars (f, inner, inner + 6);
  gls_test_gui_key (GTK_WINDOW (f->window), "3");   /* GPE */
  click_char (f, offset_of (f, "Halvard", 0) + 2);
  outer = offset_of (f, "Plant in Dresden", 0);
  drag_chars (f, outer, outer + (int)strlen ("Plant in Dresden") - 1);
  gls_test_gui_key (GTK_WINDOW (f->window), "9");   /* MISC */
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 2);
}

static void
test_keyboard_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) mine = NULL;
  GlsDocument *doc;
  int start;
  gint64 first;

  g_assert_true (gls_window_select_document (f->window, 4));
  gls_test_gui_wait (200);
  start = offset_of (f, "Halvard", 0);

  /* Put the caret before "Halvard", select it with Shift+Right, label it with a key. */
  click_char (f, start);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
    GtkTextIter iter;

    /* A click lands on the nearer edge of a character: make sure the caret is at its start. */
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
    gtk_text_buffer_place_cursor (buffer, &iter);
  }
  for (int i = 0; i < 7; i++)
    gls_test_gui_key (GTK_WINDOW (f->window), "shift+Right");
  gls_test_gui_key (GTK_WINDOW (f->window), "2");
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (gls_span_get_start (g_ptr_array_index (mine, 0)), ==, start);
  g_assert_cmpint (gls_span_get_end (g_ptr_array_index (mine, 0)), ==, start + 7);
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* A second span, then Tab and Shift+Tab walk between them. */
  start = offset_of (f, "Dresden", 0);
  drag_chars (f, start, start + 6);
  gls_test_gui_key (GTK_WINDOW (f->window), "3");
  first = gls_span_list_get_id (GLS_SPAN_LIST (gls_document_view_get_spans (f->view)), 0);
  gls_test_gui_key (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, first);
  gls_test_gui_key (GTK_WINDOW (f->window), "shift+Tab");
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), !=, first);

  /* Ctrl+D marks the document done, and the sidebar says so. */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+d");
  doc = gls_project_lookup_document (f->project, gls_document_view_get_document (f->view));
  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_DONE);
}

static void
test_inspector_in_step (Fixture       *f,
                        gconstpointer  data)
{
  GlsInspector *inspector = gls_window_get_inspector (f->window);
  GtkWidget *column_view = GTK_WIDGET (gls_inspector_get_column_view (inspector));
  GtkWidget *cell;
  int start;

  g_assert_true (gls_window_select_document (f->window, 4));
  gls_test_gui_wait (200);
  g_assert_cmpuint (gls_inspector_get_n_shown (inspector), ==, 0);

  start = offset_of (f, "Dresden", 0);
  drag_chars (f, start, start + 6);
  gls_test_gui_key (GTK_WINDOW (f->window), "3");
  start = offset_of (f, "Halvard", 0);
  drag_chars (f, start, start + 6);
  gls_test_gui_key (GTK_WINDOW (f->window), "2");
  gls_test_gui_wait (200);

  /* The list shows both, and the new span (selected in the text) is the selected row. */
  g_assert_cmpuint (gls_inspector_get_n_shown (inspector), ==, 2);
  cell = gls_test_gui_find_label (column_view, "Dresden");
  g_assert_nonnull (cell);

  /* Clicking the other row selects that span in the text. */
  gls_test_gui_click (cell, gtk_widget_get_width (cell) / 2.0, gtk_widget_get_height (cell) / 2.0);
  gls_test_gui_wait (200);
  {
    g_autoptr(GPtrArray) mine = spans_of (f, "tester");
    gint64 dresden = 0;

    for (guint i = 0; i < mine->len; i++)
      if (gls_span_get_label_id (g_ptr_array_index (mine, i)) == label_id (f, "GPE"))
        dresden = gls_span_get_id (g_ptr_array_index (mine, i));
    g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, dresden);
  }
}

/* Whole-word, same-case mentions of @word in the shown document. */
static guint
count_word (Fixture    *f,
            const char *word)
{
  g_autofree char *text = view_text (f);
  gsize n = strlen (word);
  guint count = 0;

  for (const char *p = strstr (text, word); p; p = strstr (p + 1, word))
    if ((p == text || !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p)))) &&
        !g_unichar_isalnum (g_utf8_get_char (p + n)))
      count++;
  return count;
}

static void
test_label_all_occurrences (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) mine = NULL;
  guint moscows = count_word (f, "Moscow");
  int first = offset_of (f, "Moscow", 0);
  GtkWidget *dialog = NULL, *button;
  GList *toplevels;

  g_assert_cmpuint (moscows, >=, 4);
  drag_chars (f, first, first + 5);
  gls_test_gui_key (GTK_WINDOW (f->window), "3");   /* GPE */

  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+l");
  gls_test_gui_wait (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  gls_test_gui_wait_drawn (GTK_WINDOW (dialog));
  gls_test_gui_screenshot (dialog, "label-occurrences.png");
  button = gls_test_gui_find_button (dialog, "_Label All");
  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gls_test_gui_click (button, gtk_widget_get_width (button) / 2.0,
                      gtk_widget_get_height (button) / 2.0);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  gls_test_gui_wait (300);

  /* Every whole-word "Moscow" is the tester's GPE now ("MOSCOW" is not: case). */
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, moscows);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpint (gls_span_get_label_id (g_ptr_array_index (mine, i)), ==, label_id (f, "GPE"));
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* One undo takes them all back, leaving the first. */
  {
    g_autofree char *what = gls_project_describe_undo (f->project);
    g_assert_cmpstr (what, ==, "label-occurrences");
  }
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+z");
  mine = spans_of (f, "tester");
  g_assert_cmpuint (mine->len, ==, 1);
}

/* Whether a span of @annotator covering @offset is drawn. */
static gboolean
drawn_at (Fixture    *f,
          int         offset,
          const char *annotator)
{
  GListModel *spans = gls_document_view_get_spans (f->view);
  gboolean found = FALSE;

  gls_test_gui_wait_drawn (GTK_WINDOW (f->window));
  g_object_unref (gls_test_gui_render (GTK_WIDGET (f->view)));
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

      if (gls_span_get_start (span) <= offset && offset < gls_span_get_end (span) &&
          g_strcmp0 (gls_span_get_annotator (span), annotator) == 0 &&
          gls_document_view_get_span_area (f->view, gls_span_get_id (span), NULL))
        found = TRUE;
    }
  return found;
}

static void
test_show_only_mine (Fixture       *f,
                     gconstpointer  data)
{
  int putin = offset_of (f, "Vladimir Putin", 0);
  int lavrov = offset_of (f, "Sergey Lavrov", 0);

  /* Everyone's spans by default: anna's and ben's Putin is drawn. */
  g_assert_true (gls_document_view_get_show_all (f->view));
  g_assert_true (drawn_at (f, putin, "anna"));
  g_assert_true (drawn_at (f, putin, "ben"));

  /* The tester labels Lavrov, then shows only their own spans. */
  drag_chars (f, lavrov, lavrov + 12);
  gls_test_gui_key (GTK_WINDOW (f->window), "1");
  click_char (f, offset_of (f, "cybersecurity", 0));
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+shift+a");
  g_assert_false (gls_document_view_get_show_all (f->view));
  g_assert_false (drawn_at (f, putin, "anna"));
  g_assert_true (drawn_at (f, lavrov, "tester"));
  gls_test_gui_wait (200);
  g_assert_cmpuint (gls_inspector_get_n_shown (gls_window_get_inspector (f->window)), ==, 1);

  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+shift+a");
  g_assert_true (drawn_at (f, putin, "anna"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = gls_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/annotate/drag-label-undo-redo", test_drag_label_undo_redo);
  ADD ("/annotate/double-click-and-escape", test_double_click_and_escape);
  ADD ("/annotate/relabel-delete-nested", test_relabel_delete_nested);
  ADD ("/annotate/keyboard-only", test_keyboard_only);
  ADD ("/annotate/inspector-in-step", test_inspector_in_step);
  ADD ("/annotate/show-only-mine", test_show_only_mine);
  ADD ("/annotate/label-all-occurrences", test_label_all_occurrences);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
