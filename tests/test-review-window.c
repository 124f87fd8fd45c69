/* test-review-window.c — review mode in a real window: disagreements, N/P, adjudication keys
 *
 * The sample project has two annotators, anna and ben, on documents 1 and 3. The reviewer
 * opens review mode with Ctrl+R, walks the disagreements with N and P, decides them with A,
 * B, C, R and E (real key presses through xdotool), undoes one with Ctrl+Z, accepts the
 * agreements with Shift+A, and the Gold layer that results is exported by glossator-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-agreement-dialog.h"
#include "gls-application.h"
#include "gls-consistency-dialog.h"
#include "gls-review.h"
#include "gls-span-list.h"
#include "gls-test-core.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GlsWindow *window;
  GlsProject *project;
  GlsDocumentView *view;
  GlsReviewPanel *panel;
} Fixture;

static GlsApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-review-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  f->window = gls_test_gui_open_window (app, f->path, 1300, 850);
  f->project = gls_window_get_project (f->window);
  gls_project_set_annotator (f->project, "rita");
  f->view = gls_window_get_document_view (f->window);
  f->panel = gls_window_get_review_panel (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gls_test_gui_close_window (f->window, f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

/* The disagreements of the open document, as the core finds them. */
static GPtrArray *
core_disagreements (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *units = gls_project_find_disagreements (f->project,
                                                     gls_document_view_get_document (f->view),
                                                     NULL, &error);
  GPtrArray *out = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (units, i);

      if (unit->kind != GLS_UNIT_AGREEMENT)
        g_ptr_array_add (out, g_memdup2 (&(gint64[2]){ unit->start, unit->kind }, 2 * sizeof (gint64)));
    }
  g_ptr_array_set_free_func (out, g_free);
  g_ptr_array_unref (units);
  return out;
}

/* Gold's spans in [start, end) of the open document, as "label start end" lines. */
static char *
gold_spans (Fixture *f,
            gint64   start,
            gint64   end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project,
                                                       gls_document_view_get_document (f->view),
                                                       &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      GlsLabel *label;

      if (!gls_annotator_is_gold (gls_span_get_annotator (span)) ||
          gls_span_get_start (span) < start || gls_span_get_end (span) > end)
        continue;
      label = gls_project_lookup_label (f->project, gls_span_get_label_id (span));
      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              gls_label_get_name (label), gls_span_get_start (span),
                              gls_span_get_end (span));
    }
  return g_string_free (out, FALSE);
}

/* The same lines for one annotator's spans inside a unit. */
static char *
version_of (const GlsReviewUnit *unit,
            const char          *annotator)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < unit->n_spans; k++)
    if (g_strcmp0 (unit->spans[k].annotator, annotator) == 0)
      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              unit->spans[k].label, unit->spans[k].start, unit->spans[k].end);
  return g_string_free (out, FALSE);
}

typedef struct
{
  GlsReviewPanel *panel;
  gint64 start;
  gboolean settled;
} UnitState;

static gboolean
unit_state_is (gpointer data)
{
  UnitState *want = data;
  guint n = g_list_model_get_n_items (gls_review_panel_get_units (want->panel));

  for (guint i = 0; i < n; i++)
    {
      const GlsReviewUnit *unit = gls_review_panel_get_unit (want->panel, i);

      if (unit->start == want->start)
        return unit->settled == want->settled;
    }
  return FALSE;
}

static void
wait_settled (Fixture *f,
              gint64   start,
              gboolean settled)
{
  UnitState want = { f->panel, start, settled };

  g_assert_true (gls_test_gui_wait_for (unit_state_is, &want, 5000));
}

static gint64
current_start (Fixture *f)
{
  const GlsReviewUnit *unit = gls_review_panel_get_current_unit (f->panel);

  return unit ? unit->start : -1;
}

static GlsDocumentStatus
document_status (Fixture *f,
                 gint64   id)
{
  return gls_document_get_status (gls_project_lookup_document (f->project, id));
}

static void
press (Fixture    *f,
       const char *key)
{
  gls_test_gui_key (GTK_WINDOW (f->window), key);
  gls_test_gui_wait_drawn (GTK_WINDOW (f->window));
}

/* The panel's count of what is left in the project is the core's. */
static guint
assert_project_left (Fixture *f)
{
  GlsReviewProgress progress = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_project_count_unsettled (f->project, 0, NULL, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gls_review_panel_get_project_left (f->panel), ==,
                    progress.n_unsettled_disagreements);
  return progress.n_unsettled_disagreements;
}

/* Ben labels the first "@word" of document @document (with MISC): a new disagreement there. */
static gint64
add_ben_span (Fixture    *f,
              gint64      document,
              const char *word)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gls_project_load_text (f->project, document, &error);
  GlsFragment fragment = gls_test_find (text, word, 0);
  g_autofree char *annotator = g_strdup (gls_project_get_annotator (f->project));
  gint64 id;

  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "ben");
  id = gls_project_add_span (f->project, document, &fragment, 1,
                             gls_label_get_id (gls_project_find_label (f->project, "MISC")), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  gls_project_set_annotator (f->project, annotator);
  return id;
}

static void
test_review_and_adjudicate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *anna_version = NULL;
  g_autofree char *ben_version = NULL;
  g_autofree char *gold = NULL;
  gboolean kinds[4] = { FALSE };
  gint64 first, second, third, document;
  guint n, left;

  /* Document 3 of the sample has no disagreement: ben gets a span there anna lacks, so that
   * N has a next document to go on to. */
  gls_project_set_annotator (f->project, "rita");
  add_ben_span (f, 3, "Orbit");

  document = gls_document_view_get_document (f->view);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  press (f, "ctrl+r");
  g_assert_true (gls_window_get_reviewing (f->window));
  g_assert_true (gls_document_view_is_reviewing (f->view));

  /* The panel lists exactly the disagreements the core finds, and every kind is there. */
  expected = core_disagreements (f);
  n = g_list_model_get_n_items (gls_review_panel_get_units (f->panel));
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    {
      const GlsReviewUnit *unit = gls_review_panel_get_unit (f->panel, i);
      gint64 *want = g_ptr_array_index (expected, i);

      g_assert_cmpint (unit->start, ==, want[0]);
      g_assert_cmpint (unit->kind, ==, want[1]);
      g_assert_cmpstr (unit->annotators[0], ==, "anna");
      g_assert_cmpstr (unit->annotators[1], ==, "ben");
      kinds[unit->kind] = TRUE;
    }
  g_assert_true (kinds[GLS_UNIT_ONLY_SOME] && kinds[GLS_UNIT_LABEL] && kinds[GLS_UNIT_EXTENT]);
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "review-mode.png");

  /* What is left in the project follows edits in another document. */
  left = assert_project_left (f);
  {
    g_autoptr(GError) error = NULL;
    gint64 lisbon = add_ben_span (f, 3, "LISBON");

    g_assert_cmpuint (assert_project_left (f), ==, left + 1);
    g_assert_true (gls_project_delete_span (f->project, lisbon, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (assert_project_left (f), ==, left);
  }

  /* N goes to the first one, again to the second, P back to the first. */
  press (f, "n");
  first = current_start (f);
  g_assert_cmpint (first, ==, gls_review_panel_get_unit (f->panel, 0)->start);
  press (f, "n");
  second = current_start (f);
  g_assert_cmpint (second, ==, gls_review_panel_get_unit (f->panel, 1)->start);
  press (f, "p");
  g_assert_cmpint (current_start (f), ==, first);

  /* A: anna's version of the first unit goes into Gold, and the panel goes on. */
  anna_version = version_of (gls_review_panel_get_current_unit (f->panel), "anna");
  g_assert_cmpstr (anna_version, !=, "");
  press (f, "a");
  wait_settled (f, first, TRUE);
  g_assert_cmpuint (assert_project_left (f), ==, left - 1);
  gold = gold_spans (f, first, gls_review_panel_get_unit (f->panel, 0)->end);
  g_assert_cmpstr (gold, ==, anna_version);
  g_assert_cmpint (current_start (f), ==, second);

  /* B on the second: ben's version. */
  ben_version = version_of (gls_review_panel_get_current_unit (f->panel), "ben");
  press (f, "b");
  wait_settled (f, second, TRUE);
  g_free (gold);
  gold = gold_spans (f, second, gls_review_panel_get_unit (f->panel, 1)->end);
  g_assert_cmpstr (gold, ==, ben_version);

  /* R on the third: settled with nothing in Gold; Ctrl+Z takes the decision back. */
  third = current_start (f);
  g_assert_cmpint (third, ==, gls_review_panel_get_unit (f->panel, 2)->start);
  press (f, "r");
  wait_settled (f, third, TRUE);
  g_free (gold);
  gold = gold_spans (f, third, gls_review_panel_get_unit (f->panel, 2)->end);
  g_assert_cmpstr (gold, ==, "");
  press (f, "ctrl+z");
  wait_settled (f, third, FALSE);
  assert_project_left (f);
  press (f, "ctrl+shift+z");
  wait_settled (f, third, TRUE);
  assert_project_left (f);

  /* Shift+A: every agreement into Gold in one step. */
  {
    GlsReviewProgress before = { 0 }, after = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (gls_project_count_unsettled (f->project, document, NULL, &before, &error));
    g_assert_cmpuint (before.n_unsettled_agreements, >, 0);
    press (f, "shift+a");
    gls_test_gui_wait (200);
    g_assert_true (gls_project_count_unsettled (f->project, document, NULL, &after, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (after.n_unsettled_agreements, ==, 0);
  }

  /* C settles the rest one by one (accepting both versions); the last one makes the
   * document "reviewed", and N then goes on to the next document with disagreements. */
  for (guint guard = 0; guard < 200; guard++)
    {
      const GlsReviewUnit *unit = gls_review_panel_get_current_unit (f->panel);
      gint64 start;

      if (gls_document_view_get_document (f->view) != document)
        break;
      if (unit == NULL || unit->settled)
        {
          press (f, "n");
          continue;
        }
      start = unit->start;
      press (f, "c");
      wait_settled (f, start, TRUE);
    }
  g_assert_cmpint (document_status (f, document), ==, GLS_DOCUMENT_REVIEWED);
  g_assert_cmpint (gls_document_view_get_document (f->view), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gls_review_panel_get_units (f->panel)), ==, 1);
  g_assert_cmpint (current_start (f), ==, gls_review_panel_get_unit (f->panel, 0)->start);
  assert_project_left (f);
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "review-next-document.png");

  /* Leaving review mode shows the annotator's own spans again. */
  press (f, "ctrl+r");
  g_assert_false (gls_window_get_reviewing (f->window));
  g_assert_false (gls_document_view_is_reviewing (f->view));

  /* The Gold layer is what `export --gold` writes: anna's first mention is in it. */
  gls_test_gui_close_window (f->window, f->dir, NULL);
  f->window = NULL;
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "export", "--gold", "--format", "jsonl", f->path,
                                      NULL);
    g_auto(GStrv) lines = g_strsplit (anna_version, " ", 3);

    assert_ok (r);
    g_assert_nonnull (strstr (r->out, lines[0]));
    g_assert_null (strstr (r->out, "\"anna\""));
  }
  gls_test_remove_tree (f->dir);
}

/* E settles a unit as the reviewer's own and opens the label chooser on its text: the key
 * pressed there makes a Gold span. Typing in the search entry is not taken for review keys. */
static void
test_edit_and_typing (Fixture       *f,
                      gconstpointer  data)
{
  gint64 start, end;
  g_autofree char *gold = NULL;
  GlsLabel *person = gls_project_find_label (f->project, "PERSON");
  g_autofree char *want = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  press (f, "ctrl+r");
  press (f, "n");
  start = current_start (f);
  end = gls_review_panel_get_current_unit (f->panel)->end;
  press (f, "e");
  wait_settled (f, start, TRUE);
  gls_test_gui_key (GTK_WINDOW (f->window), gls_label_get_key (person));
  gls_test_gui_wait (300);
  gold = gold_spans (f, start, end);
  want = g_strdup_printf ("PERSON %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", start, end);
  g_assert_cmpstr (gold, ==, want);

  /* A letter that is also a label's key: without a text selection it is the review key (R
   * rejects the next unit), with text selected it labels that text into Gold. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = gls_project_load_text (f->project,
                                                   gls_document_view_get_document (f->view),
                                                   &error);
    GlsFragment dialogue = gls_test_find (text, "Dialogue", 0);
    double x, y;

    g_assert_nonnull (gls_project_add_label (f->project, "RIVER", "#1c71d8", "r", NULL, &error));
    g_assert_no_error (error);
    gtk_widget_grab_focus (GTK_WIDGET (f->view));
    press (f, "n");
    start = current_start (f);
    end = gls_review_panel_get_current_unit (f->panel)->end;
    press (f, "r");
    wait_settled (f, start, TRUE);
    g_free (gold);
    gold = gold_spans (f, start, end);
    g_assert_cmpstr (gold, ==, "");

    /* The caret before "Dialogue", the word selected with the keyboard, then R. */
    gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), (int)dialogue.start, &x, &y);
    gls_test_gui_click (GTK_WIDGET (f->view), x - 3, y);
    gls_test_gui_wait (500);
    press (f, "ctrl+shift+Right");
    g_assert_true (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view))));
    press (f, "r");
    gls_test_gui_wait (300);
    g_free (gold);
    g_free (want);
    gold = gold_spans (f, dialogue.start, dialogue.end);
    want = g_strdup_printf ("RIVER %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", dialogue.start,
                            dialogue.end);
    g_assert_cmpstr (gold, ==, want);
  }

  /* In the search entry, "n" is a letter, not the next disagreement. */
  press (f, "ctrl+shift+f");
  press (f, "n");
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

    g_assert_true (GTK_IS_EDITABLE (focus));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "n");
  }
}

/* Review ▸ Agreement… and Consistency Check… open their dialogs for the project; a case
 * shown from either opens its document with the case's text selected. */
static void
test_dialogs_show_cases (Fixture       *f,
                         gconstpointer  data)
{
  const char *actions[] = { "win.agreement", "win.consistency" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWindow *dialog = NULL;
      GListModel *toplevels = gtk_window_get_toplevels ();   /* the toolkit's own list */
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
      GtkTextIter a, b;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), actions[i], NULL));
      gls_test_gui_wait_drawn (GTK_WINDOW (f->window));
      for (guint k = 0; k < g_list_model_get_n_items (toplevels); k++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, k);

          if (gtk_window_get_transient_for (w) == GTK_WINDOW (f->window) &&
              gtk_widget_get_visible (GTK_WIDGET (w)))
            dialog = w;
        }
      g_assert_nonnull (dialog);
      g_signal_emit_by_name (dialog, "show-case", (gint64)3, (gint64)(10 + i), (gint64)(20 + i));
      g_assert_cmpint (gls_document_view_get_document (f->view), ==, 3);
      g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
      g_assert_cmpint (gtk_text_iter_get_offset (&a), ==, 10 + i);
      g_assert_cmpint (gtk_text_iter_get_offset (&b), ==, 20 + i);
      /* The consistency check starts at once; it is let finish before the dialog goes. */
      while (GLS_IS_CONSISTENCY_DIALOG (dialog) &&
             gls_consistency_dialog_get_running (GLS_CONSISTENCY_DIALOG (dialog)))
        g_main_context_iteration (NULL, TRUE);
      gtk_window_destroy (dialog);
      gls_test_gui_wait (100);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* E opens the label chooser while the list of units catches up (see gls-test-gui.c). */
  gls_test_gui_tolerate_unallocated_snapshot ();
  app = gls_test_gui_init (&argc, &argv);

  g_test_add ("/review-window/review-and-adjudicate", Fixture, NULL, fixture_set_up,
              test_review_and_adjudicate, fixture_tear_down);
  g_test_add ("/review-window/edit-and-typing", Fixture, NULL, fixture_set_up,
              test_edit_and_typing, fixture_tear_down);
  g_test_add ("/review-window/dialogs-show-cases", Fixture, NULL, fixture_set_up,
              test_dialogs_show_cases, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
