/* test-window.c — the window opens the sample project and shows documents and highlights
 *
 * Runs a real window under Xvfb and drives it with real input (xdotool).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GlsWindow *window;
} Fixture;

/* One application for the whole run, as in the real program. */
static GlsApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);

  f->window = gls_test_gui_open_window (app, f->path, 1200, 760);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_gui_close_window (f->window, f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
spans_drawn (gpointer data)
{
  return gls_document_view_spans_drawn (data);
}

/* Every span of the shown document that is on screen is drawn, with its label's colour under
 * its first character; those far below the fold are not drawn until scrolled to. */
static void
assert_spans_highlighted (GlsWindow *window)
{
  GlsDocumentView *view = gls_window_get_document_view (window);
  GlsProject *project = gls_window_get_project (window);
  GListModel *spans = gls_document_view_get_spans (view);
  GdkRectangle visible;
  guint n_drawn = 0;

  g_assert_true (gls_test_gui_wait_for (spans_drawn, view, 5000));
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      GlsLabel *label = gls_project_lookup_label (project, gls_span_get_label_id (span));
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      GdkRectangle where;
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)gls_span_get_start (span));
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &where);
      if (where.y > visible.y + 2 * visible.height)
        {
          /* Far below the fold: not drawn until scrolled to. */
          g_assert_false (gls_document_view_get_span_area (view, gls_span_get_id (span), NULL));
          continue;
        }
      if (where.y + where.height + 12 > visible.y + visible.height)
        continue;
      g_assert_true (gls_test_gui_span_drawn (view, gls_span_get_id (span),
                                              gls_label_get_color (label)));
      n_drawn++;
    }
  g_assert_cmpuint (n_drawn, >, 20);
}

static char *
shown_text (GlsWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (
    GTK_TEXT_VIEW (gls_window_get_document_view (window)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_opens_sample (Fixture       *f,
                   gconstpointer  data)
{
  GlsProject *project = gls_window_get_project (f->window);
  GListModel *docs = gls_project_get_documents (project);
  GlsDocumentView *view = gls_window_get_document_view (f->window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(GlsDocument) first = g_list_model_get_item (docs, 0);
  g_autofree char *text = shown_text (f->window);
  g_autofree char *shot = NULL;
  GtkTextIter iter;
  const char *putin;
  GlsLabel *person;

  /* The sidebar lists every document, by title, visibly. */
  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (docs); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (docs, i);
      g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (gls_window_get_document_list (f->window)),
                                                 gls_document_get_title (doc)));
    }
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), "In progress"));

  /* The first document is open, and its spans are drawn in their label's colours. */
  g_assert_cmpint (gls_document_view_get_document (view), ==, gls_document_get_id (first));
  g_assert_true (g_str_has_prefix (text, "Pompeo's Talks With Lavrov"));
  g_assert_cmpuint (g_list_model_get_n_items (gls_document_view_get_spans (view)), >, 100);
  assert_spans_highlighted (f->window);

  putin = strstr (text, "Vladimir Putin");
  person = gls_project_find_label (project, "PERSON");
  {
    /* Putin is underlined in PERSON's colour; "cybersecurity" is not an entity: nothing under it. */
    g_autoptr(GdkTexture) texture = gls_test_gui_render (GTK_WIDGET (view));
    GdkRectangle a;
    int x, y;

    gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)g_utf8_pointer_to_offset (text, putin));
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &a);
    gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, a.x, a.y, &x, &y);
    g_assert_true (gls_test_gui_column_has_color (texture, x + 3, y + a.height, y + a.height + 12,
                                                  gls_label_get_color (person)));
    gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                        (int)g_utf8_pointer_to_offset (text, strstr (text, "cybersecurity")));
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &a);
    gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, a.x, a.y, &x, &y);
    g_assert_false (gls_test_gui_column_has_color (texture, x + 3, y + a.height, y + a.height + 12,
                                                   gls_label_get_color (person)));
  }

  /* The PERSON chip above the text counts the document's PERSON spans. */
  {
    GListModel *spans = gls_document_view_get_spans (view);
    g_autofree char *chip = NULL;
    guint n_person = 0;

    for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
      {
        g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
        n_person += gls_span_get_label_id (span) == gls_label_get_id (person);
      }
    g_assert_cmpuint (n_person, >, 10);
    chip = g_strdup_printf (" PERSON  1 %u", n_person);
    g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->window), chip));
  }

  shot = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                           "window-sample.png", NULL);
  gls_test_gui_screenshot (GTK_WIDGET (f->window), shot);
  g_test_message ("screenshot: %s", shot);
}

static void
test_switch_documents (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *docs = gls_project_get_documents (gls_window_get_project (f->window));
  GlsDocumentView *view = gls_window_get_document_view (f->window);
  g_autoptr(GlsDocument) third = g_list_model_get_item (docs, 2);
  g_autoptr(GlsDocument) fourth = g_list_model_get_item (docs, 3);
  g_autoptr(GlsDocument) second = g_list_model_get_item (docs, 1);
  GtkWidget *row_label;
  g_autofree char *text = NULL;

  /* A real click on the third document's title in the sidebar. */
  row_label = gls_test_gui_find_label (GTK_WIDGET (gls_window_get_document_list (f->window)),
                                       gls_document_get_title (third));
  g_assert_nonnull (row_label);
  gls_test_gui_click (row_label, gtk_widget_get_width (row_label) / 2.0,
                      gtk_widget_get_height (row_label) / 2.0);
  g_assert_cmpint (gls_document_view_get_document (view), ==, gls_document_get_id (third));
  text = shown_text (f->window);
  g_assert_true (g_str_has_prefix (text, gls_document_get_title (third)));
  assert_spans_highlighted (f->window);

  /* Next and previous document from the keyboard. */
  gls_test_gui_key (GTK_WINDOW (f->window), "alt+Down");
  g_assert_cmpint (gls_document_view_get_document (view), ==, gls_document_get_id (fourth));
  gls_test_gui_key (GTK_WINDOW (f->window), "alt+Up");
  gls_test_gui_key (GTK_WINDOW (f->window), "alt+Up");
  g_assert_cmpint (gls_document_view_get_document (view), ==, gls_document_get_id (second));
}

static void
test_highlights_follow_edits (Fixture       *f,
                              gconstpointer  data)
{
  GlsProject *project = gls_window_get_project (f->window);
  GlsDocumentView *view = gls_window_get_document_view (f->window);
  g_autofree char *text = shown_text (f->window);
  g_autoptr(GError) error = NULL;
  GlsLabel *misc = gls_project_find_label (project, "MISC");
  GlsFragment word;
  gint64 id;
  guint before;

  word.start = g_utf8_pointer_to_offset (text, strstr (text, "cybersecurity"));
  word.end = word.start + strlen ("cybersecurity");
  before = gls_document_get_n_spans (gls_project_lookup_document (project,
                                     gls_document_view_get_document (view)));

  id = gls_project_add_span (project, gls_document_view_get_document (view), &word, 1,
                             gls_label_get_id (misc), &error);
  g_assert_no_error (error);
  g_assert_true (gls_test_gui_span_drawn (view, id, gls_label_get_color (misc)));
  /* The sidebar's count follows. */
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (
                      project, gls_document_view_get_document (view))), ==, before + 1);

  g_assert_true (gls_project_undo (project, &error));
  g_assert_false (gls_test_gui_span_drawn (view, id, gls_label_get_color (misc)));
}

static void
test_bad_project_keeps_window (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "notes.glossator", NULL);
  GlsProject *before = gls_window_get_project (f->window);
  GtkWidget *dialog = NULL;
  GList *toplevels;

  g_assert_true (g_file_set_contents (bad, "just some notes\n", -1, NULL));
  g_assert_false (gls_window_open_path (f->window, bad));
  g_assert_true (gls_window_get_project (f->window) == before);

  /* The user sees a dialog naming the file. */
  gls_test_gui_wait (200);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), bad));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* And the file is untouched. */
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (bad, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "just some notes\n");
  }
  g_remove (bad);
}

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
test_export_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "export.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GlsExportDialog *dialog = NULL;
  GList *toplevels;
  GtkWidget *button;

  /* Ctrl+E opens the export dialog. */
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+e");
  gls_test_gui_wait (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (GLS_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  gls_test_gui_wait_drawn (GTK_WINDOW (dialog));
  {
    g_autofree char *shot = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                                                                          : ".",
                                              "export-dialog.png", NULL);
    gls_test_gui_screenshot (GTK_WIDGET (dialog), shot);
  }

  /* Where the file goes would be picked in the (portal) file chooser; set it directly. */
  gls_export_dialog_set_format (dialog, "jsonl");
  gls_export_dialog_set_output (dialog, out);
  button = gls_test_gui_find_button (GTK_WIDGET (dialog), "_Export");
  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gls_test_gui_click (button, gtk_widget_get_width (button) / 2.0,
                      gtk_widget_get_height (button) / 2.0);
  /* JSONL carries everything: the dialog closes by itself when done. */
  g_assert_true (gls_test_gui_wait_for (dialog_gone, &dialog, 10000));

  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[0], "\"label\":\"PERSON\""));
}

static void
test_import_all_or_nothing (Fixture       *f,
                            gconstpointer  data)
{
  GListModel *docs = gls_project_get_documents (gls_window_get_project (f->window));
  g_autofree char *good = g_build_filename (f->dir, "good.txt", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.txt", NULL);
  g_autofree char *good2 = g_build_filename (f->dir, "second.html", NULL);
  const char *both[] = { good, bad, NULL };
  const char *fine[] = { good, good2, NULL };
  GtkWidget *dialog = NULL;
  GList *toplevels;

  g_assert_true (g_file_set_contents (good, "A new headline\n\nSome text.\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "Line one\nline two\nbroken \xff byte\n", -1, NULL));
  g_assert_true (g_file_set_contents (good2, "<html><head><title>Page</title></head><body>"
                                     "<article><h1>Second headline</h1><p>Body text.</p>"
                                     "</article></body></html>", -1, NULL));

  g_assert_false (gls_window_import_paths (f->window, both));
  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 5);
  gls_test_gui_wait (200);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  /* The message names the file and the line. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), bad));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ":3:"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (gls_window_import_paths (f->window, fine));
  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 7);
  gls_test_gui_wait (200);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (gls_window_get_document_list (f->window)),
                                             "Second headline"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = gls_test_gui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/window/opens-sample", test_opens_sample);
  ADD ("/window/switch-documents", test_switch_documents);
  ADD ("/window/highlights-follow-edits", test_highlights_follow_edits);
  ADD ("/window/bad-project-keeps-window", test_bad_project_keeps_window);
  ADD ("/window/export-dialog", test_export_dialog);
  ADD ("/window/import-all-or-nothing", test_import_all_or_nothing);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
