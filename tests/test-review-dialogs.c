/* test-review-dialogs.c — the agreement and consistency dialogs over a real window (Xvfb),
 * driven by real clicks and keys (xdotool)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gls-agreement.h"
#include "gls-agreement-dialog.h"
#include "gls-application.h"
#include "gls-consistency.h"
#include "gls-consistency-dialog.h"
#include "gls-heat-map.h"
#include "gls-review.h"
#include "gls-test-core.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GlsWindow *window;
  GlsProject *project;
  GtkWindow *dialog;
} Fixture;

typedef struct
{
  guint n;
  gint64 document_id;
  gint64 start;
  gint64 end;
} ShownCase;

static GlsApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-review-dialogs-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  f->window = gls_test_gui_open_window (app, f->path, 1200, 800);
  f->project = gls_window_get_project (f->window);
  gls_project_set_annotator (f->project, "tester");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (f->dialog);
  g_assert_null (f->dialog);
  gls_test_gui_close_window (f->window, f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                      */

static gboolean
is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

static void
present_dialog (Fixture   *f,
                GtkWidget *dialog)
{
  char xid[32];

  f->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&f->dialog);
  gtk_window_present (f->dialog);
  gls_test_gui_wait_drawn (f->dialog);
  /* Xvfb has no window manager to give the dialog the keyboard: do it as a click would. */
  g_snprintf (xid, sizeof xid, "%lu",
              (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (dialog))));
  gls_test_gui_xdotool ("windowfocus", "--sync", xid, NULL);
  g_assert_true (gls_test_gui_wait_for (is_active, dialog, 5000));
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
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

static const char *
named_text (Fixture    *f,
            const char *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (f->dialog), name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
click (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  gls_test_gui_click (widget, gtk_widget_get_width (widget) / 2.0,
                      gtk_widget_get_height (widget) / 2.0);
}

static void
double_click (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  gls_test_gui_double_click (widget, gtk_widget_get_width (widget) / 2.0,
                             gtk_widget_get_height (widget) / 2.0);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  gls_test_gui_screenshot (widget, path);
  g_test_message ("screenshot: %s", path);
}

static void
show_case_cb (GtkWidget *dialog,
              gint64     document_id,
              gint64     start,
              gint64     end,
              ShownCase *shown)
{
  shown->n++;
  shown->document_id = document_id;
  shown->start = start;
  shown->end = end;
}

/* The cells of the line of `glossator-cli agreement` that starts with @first, the @nth such. */
static GStrv
cli_line (const char *out,
          const char *first,
          guint       nth)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint k = 0; cells[k] != NULL; k++)
        if (*cells[k] != '\0')
          g_strv_builder_add (builder, cells[k]);
      g_strfreev (cells);
      cells = g_strv_builder_end (builder);
      if (cells[0] != NULL && strcmp (cells[0], first) == 0 && nth-- == 0)
        return g_steal_pointer (&cells);
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean
agreement_done (gpointer dialog)
{
  return !gls_agreement_dialog_get_running (dialog);
}

static gboolean
consistency_done (gpointer dialog)
{
  return !gls_consistency_dialog_get_running (dialog);
}

static gboolean
dialog_gone (gpointer data)
{
  return *(GtkWindow **)data == NULL;
}

static guint
n_items_of (Fixture    *f,
            const char *view_name)
{
  GtkWidget *view = find_named (GTK_WIDGET (f->dialog), view_name);
  GListModel *model;

  g_assert_nonnull (view);
  if (GTK_IS_COLUMN_VIEW (view))
    model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  else
    model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  return g_list_model_get_n_items (model);
}

/* Switches the agreement dialog's page by clicking its view switcher button. */
static void
click_page (Fixture    *f,
            const char *title)
{
  GtkWidget *label = gls_test_gui_find_label (GTK_WIDGET (f->dialog), title);

  click (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) ?
         gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) : label);
  gls_test_gui_wait_drawn (f->dialog);
}

/* ------------------------------------------------------------------------------------------ */
/* Agreement                                                                                    */

static void
test_agreement (Fixture       *f,
                gconstpointer  data)
{
  /* The window holds its copy of the sample: the CLI reads the sample itself. */
  g_autoptr(CliResult) cli = cli_run (NULL, "agreement", g_getenv ("GLS_SAMPLE_PROJECT"), NULL);
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) spans = NULL;
  g_auto(GStrv) law = NULL;
  g_autoptr(GlsAgreement) expected = NULL;
  const char *const pair[] = { "anna", "ben", NULL };
  g_autoptr(GError) error = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  ShownCase shown = { 0 };
  GlsHeatMap *heat_map;
  const GlsAgreementCase *cases;
  guint n_labels, person = G_MAXUINT, n_cases, row, column;
  graphene_rect_t area;
  GtkWidget *compute;

  assert_ok (cli);
  /* The "(all)" line of the token table, then of the span table; LAW's token line. */
  tokens = cli_line (cli->out, "(all)", 0);
  spans = cli_line (cli->out, "(all)", 1);
  law = cli_line (cli->out, "LAW", 0);

  present_dialog (f, gls_agreement_dialog_new (GTK_WINDOW (f->window), f->project));
  g_signal_connect (f->dialog, "show-case", G_CALLBACK (show_case_cb), &shown);
  g_assert_true (gtk_window_get_transient_for (f->dialog) == GTK_WINDOW (f->window));
  g_assert_false (gtk_window_get_modal (f->dialog));
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-start.png");

  /* Compute, with the mouse; modal while the worker has the database. */
  compute = gls_test_gui_find_button (GTK_WIDGET (f->dialog), "C_ompute");
  g_assert_nonnull (compute);
  g_assert_true (gtk_widget_get_sensitive (compute));
  click (compute);
  g_assert_true (gls_test_gui_wait_for (agreement_done, f->dialog, 20000));
  g_assert_false (gtk_window_get_modal (f->dialog));
  gls_test_gui_wait_drawn (f->dialog);

  /* The same digits as glossator-cli agreement: κ anna/ben, Fleiss, α, α_U … */
  g_assert_cmpstr (named_text (f, "kappa-0"), ==, tokens[1]);
  g_assert_cmpstr (named_text (f, "fleiss"), ==, tokens[3]);
  g_assert_cmpstr (named_text (f, "alpha"), ==, tokens[4]);
  g_assert_cmpstr (named_text (f, "alpha-u"), ==, tokens[5]);
  /* … and exact and overlap P/R/F1. */
  g_assert_cmpstr (named_text (f, "exact-p-0"), ==, spans[1]);
  g_assert_cmpstr (named_text (f, "exact-r-0"), ==, spans[2]);
  g_assert_cmpstr (named_text (f, "exact-f1-0"), ==, spans[3]);
  g_assert_cmpstr (named_text (f, "overlap-p-0"), ==, spans[4]);
  g_assert_cmpstr (named_text (f, "overlap-r-0"), ==, spans[5]);
  g_assert_cmpstr (named_text (f, "overlap-f1-0"), ==, spans[6]);
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-overview.png");

  /* The same computation here, for the matrix and its cases. */
  expected = gls_agreement_compute (f->project, pair, NULL, NULL, &error);
  g_assert_no_error (error);
  n_labels = gls_agreement_get_n_labels (expected);
  for (guint l = 0; l < n_labels; l++)
    if (strcmp (gls_agreement_get_label (expected, l), "PERSON") == 0)
      person = l;
  g_assert_cmpuint (person, <, n_labels);

  /* Per label: one row each, LAW's κ as the CLI prints it. */
  click_page (f, "Labels");
  g_assert_cmpuint (n_items_of (f, "labels"), ==, n_labels);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->dialog), law[1]));
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-labels.png");
  click_page (f, "Documents");
  g_assert_cmpuint (n_items_of (f, "documents"), ==, gls_agreement_get_n_documents (expected));
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-documents.png");

  /* The heat map: a click on PERSON (anna) × missing (ben) lists that cell's cases. */
  click_page (f, "Confusion");
  heat_map = gls_agreement_dialog_get_heat_map (GLS_AGREEMENT_DIALOG (f->dialog));
  g_assert_cmpuint (gls_heat_map_get_size (heat_map), ==, n_labels + 1);
  for (guint r = 0; r <= n_labels; r++)
    for (guint c = 0; c <= n_labels; c++)
      g_assert_cmpuint (gls_heat_map_get_count (heat_map, r, c), ==,
                        gls_agreement_get_confusion_count (expected, r, c));
  cases = gls_agreement_get_confusion_cases (expected, person, n_labels, &n_cases);
  g_assert_cmpuint (n_cases, >, 0);
  g_assert_true (gls_heat_map_get_cell_area (heat_map, person, n_labels, &area));
  gls_test_gui_click (GTK_WIDGET (heat_map), area.origin.x + area.size.width / 2,
                      area.origin.y + area.size.height / 2);
  g_assert_true (gls_heat_map_get_selected (heat_map, &row, &column));
  g_assert_cmpuint (row, ==, person);
  g_assert_cmpuint (column, ==, n_labels);
  g_assert_cmpuint (n_items_of (f, "cases"), ==, n_cases);
  gls_test_gui_wait_drawn (f->dialog);
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-confusion.png");

  /* Activating the first case (a double click on its row) asks the window to show it. */
  {
    GlsDocument *document = gls_project_lookup_document (f->project, cases[0].document_id);
    GtkWidget *cases_view = find_named (GTK_WIDGET (f->dialog), "cases");
    GtkWidget *title = gls_test_gui_find_label (cases_view, gls_document_get_title (document));

    double_click (title);
    g_assert_cmpuint (shown.n, ==, 1);
    g_assert_cmpint (shown.document_id, ==, cases[0].document_id);
    g_assert_cmpint (shown.start, ==, cases[0].start);
    g_assert_cmpint (shown.end, ==, cases[0].end);
  }

  /* The keyboard moves through the matrix: Left of PERSON × missing is PERSON × the last
   * label. */
  g_assert_true (gls_heat_map_get_cell_area (heat_map, person, n_labels, &area));
  gls_test_gui_click (GTK_WIDGET (heat_map), area.origin.x + area.size.width / 2,
                      area.origin.y + area.size.height / 2);
  gls_test_gui_key (f->dialog, "Left");
  g_assert_true (gls_heat_map_get_selected (heat_map, &row, &column));
  g_assert_cmpuint (row, ==, person);
  g_assert_cmpuint (column, ==, n_labels - 1);
  g_assert_cmpuint (n_items_of (f, "cases"), ==,
                    gls_agreement_get_confusion_count (expected, person, n_labels - 1));

  /* Dark style: the same map, still readable. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gls_test_gui_wait_drawn (f->dialog);
  screenshot (GTK_WIDGET (f->dialog), "glossator-agreement-confusion-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The pair of the matrix is chosen with the drop-downs: the other way round, the counts are
 * the transpose. Only the window's document can be compared too. */
static void
test_agreement_pair_and_document (Fixture       *f,
                                  gconstpointer  data)
{
  GlsAgreementDialog *dialog;
  GlsHeatMap *heat_map;
  GtkDropDown *reference = NULL;
  g_autofree guint *before = NULL;
  guint size;

  present_dialog (f, gls_agreement_dialog_new (GTK_WINDOW (f->window), f->project));
  dialog = GLS_AGREEMENT_DIALOG (f->dialog);
  gls_agreement_dialog_compute (dialog);
  g_assert_true (gtk_window_get_modal (f->dialog));
  g_assert_true (gls_test_gui_wait_for (agreement_done, dialog, 20000));

  heat_map = gls_agreement_dialog_get_heat_map (dialog);
  size = gls_heat_map_get_size (heat_map);
  before = g_new (guint, size * size);
  for (guint r = 0; r < size; r++)
    for (guint c = 0; c < size; c++)
      before[r * size + c] = gls_heat_map_get_count (heat_map, r, c);

  click_page (f, "Confusion");
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (heat_map)); w && !reference;
       w = gtk_widget_get_parent (w))
    if (GTK_IS_BOX (w))
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        for (GtkWidget *d = gtk_widget_get_first_child (c); d && !reference;
             d = gtk_widget_get_next_sibling (d))
          if (GTK_IS_DROP_DOWN (d))
            reference = GTK_DROP_DOWN (d);
  g_assert_nonnull (reference);
  /* Choosing ben as the reference swaps the pair. */
  gtk_drop_down_set_selected (reference, 1);
  g_assert_true (gls_test_gui_wait_for (agreement_done, dialog, 20000));
  g_assert_cmpuint (gls_heat_map_get_size (heat_map), ==, size);
  for (guint r = 0; r < size; r++)
    for (guint c = 0; c < size; c++)
      if (r != size - 1 || c != size - 1)
        g_assert_cmpuint (gls_heat_map_get_count (heat_map, r, c), ==, before[c * size + r]);

  /* Only document 1 (anna and ben annotated it). */
  gls_agreement_dialog_set_document (dialog, 1);
  click_page (f, "Overview");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (f->dialog), "documents-row")),
                              1);
  click (gls_test_gui_find_button (GTK_WIDGET (f->dialog), "C_ompute"));
  g_assert_true (gls_test_gui_wait_for (agreement_done, dialog, 20000));
  click_page (f, "Documents");
  g_assert_cmpuint (n_items_of (f, "documents"), ==, 1);

  /* Closing while computing cancels; the dialog goes once the worker has stopped. */
  gls_agreement_dialog_compute (dialog);
  g_assert_true (gls_agreement_dialog_get_running (dialog));
  gtk_window_close (f->dialog);
  g_assert_nonnull (f->dialog);
  g_assert_true (gls_test_gui_wait_for (dialog_gone, &f->dialog, 20000));
}

/* ------------------------------------------------------------------------------------------ */
/* Consistency                                                                                  */

static gint64
label_id (Fixture    *f,
          const char *name)
{
  GlsLabel *label = gls_project_find_label (f->project, name);

  g_assert_nonnull (label);
  return gls_label_get_id (label);
}

/* Where @needle occurs in document @document, the @nth time, in characters. */
static GlsFragment
find_in (Fixture    *f,
         gint64      document,
         const char *needle,
         guint       nth)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gls_project_load_text (f->project, document, &error);

  g_assert_no_error (error);
  return gls_test_find (text, needle, nth);
}

/* The span of @annotator with label @label at [start, end) in @document, or 0. */
static gint64
span_at (Fixture    *f,
         gint64      document,
         gint64      start,
         gint64      end,
         const char *annotator,
         const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project, document, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

      if (gls_span_get_start (span) == start && gls_span_get_end (span) == end &&
          g_strcmp0 (gls_span_get_annotator (span), annotator) == 0 &&
          gls_span_get_label_id (span) == label_id (f, label))
        return gls_span_get_id (span);
    }
  return 0;
}

/* The row of the occurrence list whose label column says @label, the @nth such. */
static GtkWidget *
occurrence_cell (Fixture    *f,
                 const char *text,
                 guint       nth)
{
  GtkWidget *view = find_named (GTK_WIDGET (f->dialog), "occurrences");
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, view);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *w = g_queue_pop_head (&queue);

      if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
        g_ptr_array_add (found, w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  /* Rows in the order they are drawn. */
  for (guint i = 0; i + 1 < found->len; i++)
    for (guint j = i + 1; j < found->len; j++)
      {
        graphene_point_t a, b, zero = GRAPHENE_POINT_INIT (0, 0);

        g_assert_true (gtk_widget_compute_point (found->pdata[i], view, &zero, &a));
        g_assert_true (gtk_widget_compute_point (found->pdata[j], view, &zero, &b));
        if (b.y < a.y)
          {
            gpointer t = found->pdata[i];
            found->pdata[i] = found->pdata[j];
            found->pdata[j] = t;
          }
      }
  return nth < found->len ? found->pdata[nth] : NULL;
}

static void
test_consistency (Fixture       *f,
                  gconstpointer  data)
{
  const char *commission = "European Commission";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const GlsConsistencyGroup *group;
  const GlsConsistencyOccurrence *first_unlabelled = NULL;
  const GlsConsistencyOccurrence *last_unlabelled = NULL;
  GlsFragment where = find_in (f, 2, commission, 0);
  GlsConsistencyDialog *dialog;
  ShownCase shown = { 0 };
  guint n_unlabelled;
  GtkWidget *button;

  /* tester labels "European Commission" ORG once; it occurs elsewhere unlabelled. */
  g_assert_cmpint (gls_project_add_span (f->project, 2, &where, 1, label_id (f, "ORG"), &error),
                   >, 0);
  g_assert_no_error (error);
  groups = gls_project_check_consistency (f->project, "tester", FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->text, ==, commission);
  n_unlabelled = group->n_unlabelled;
  g_assert_cmpuint (n_unlabelled, >=, 2);
  for (guint i = 0; i < group->occurrences->len; i++)
    if (g_array_index (group->occurrences, GlsConsistencyOccurrence, i).label == NULL)
      {
        last_unlabelled = &g_array_index (group->occurrences, GlsConsistencyOccurrence, i);
        if (first_unlabelled == NULL)
          first_unlabelled = last_unlabelled;
      }

  /* The dialog checks the project's annotator at once. */
  present_dialog (f, gls_consistency_dialog_new (GTK_WINDOW (f->window), f->project));
  dialog = GLS_CONSISTENCY_DIALOG (f->dialog);
  g_signal_connect (dialog, "show-case", G_CALLBACK (show_case_cb), &shown);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  g_assert_false (gtk_window_get_modal (f->dialog));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 1);

  /* Select the group with the mouse: its occurrences, the labelled one and the others. */
  click (gls_test_gui_find_label (find_named (GTK_WIDGET (f->dialog), "groups"),
                                  "“European Commission”"));
  g_assert_cmpuint (n_items_of (f, "occurrences"), ==, group->occurrences->len);
  g_assert_nonnull (occurrence_cell (f, "not labelled", n_unlabelled - 1));

  /* Double-clicking an occurrence asks the window to show it. */
  double_click (occurrence_cell (f, "not labelled", 0));
  g_assert_cmpuint (shown.n, ==, 1);
  g_assert_cmpint (shown.document_id, ==, first_unlabelled->document_id);
  g_assert_cmpint (shown.start, ==, first_unlabelled->start);
  g_assert_cmpint (shown.end, ==, first_unlabelled->end);
  screenshot (GTK_WIDGET (f->dialog), "glossator-consistency.png");

  /* Apply ORG to the selected (first unlabelled) occurrence: tester has the span now, and
   * the occurrence is gone from the group. */
  button = gls_test_gui_find_button (GTK_WIDGET (f->dialog), "Apply ORG");
  g_assert_nonnull (button);
  click (button);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpint (span_at (f, first_unlabelled->document_id, first_unlabelled->start,
                            first_unlabelled->end, "tester", "ORG"), >, 0);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 1);
  g_assert_cmpuint (n_items_of (f, "occurrences"), ==, group->occurrences->len);
  g_assert_nonnull (occurrence_cell (f, "not labelled", n_unlabelled - 2));
  g_assert_null (occurrence_cell (f, "not labelled", n_unlabelled - 1));

  /* Apply ORG everywhere: the group is consistent, and gone; one undo takes the new spans
   * back, since they were added as one edit. */
  button = find_named (GTK_WIDGET (f->dialog), "apply-everywhere");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Apply ORG Everywhere");
  click (button);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 0);
  g_assert_nonnull (gls_test_gui_find_label (GTK_WIDGET (f->dialog), "No Inconsistencies"));
  screenshot (GTK_WIDGET (f->dialog), "glossator-consistency-done.png");
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_assert_cmpint (span_at (f, first_unlabelled->document_id, first_unlabelled->start,
                            first_unlabelled->end, "tester", "ORG"), >, 0);
  g_assert_cmpint (span_at (f, last_unlabelled->document_id, last_unlabelled->start,
                            last_unlabelled->end, "tester", "ORG"), ==, 0);

  /* Back to two labelled; remove the first one's span with the button. */
  gls_consistency_dialog_refresh (dialog);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 1);
  click (occurrence_cell (f, "⬤ ORG", 0));
  button = find_named (GTK_WIDGET (f->dialog), "remove-span");
  g_assert_true (gtk_widget_get_sensitive (button));
  click (button);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  g_assert_cmpint (span_at (f, 2, where.start, where.end, "tester", "ORG"), ==, 0);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 1);
}

/* Gold is checked first when there is one, and its fixes are Gold's spans. */
static void
test_consistency_gold (Fixture       *f,
                       gconstpointer  data)
{
  const char *brussels = "Brussels";
  GlsFragment where = find_in (f, 2, brussels, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const GlsConsistencyOccurrence *unlabelled = NULL;
  const GlsConsistencyGroup *group;
  GlsConsistencyDialog *dialog;

  g_assert_cmpint (gls_project_add_gold_span (f->project, 2, &where, 1, label_id (f, "GPE"),
                                              &error), >, 0);
  g_assert_no_error (error);
  groups = gls_project_check_consistency (f->project, GLS_GOLD_ANNOTATOR, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  for (guint i = 0; i < group->occurrences->len && !unlabelled; i++)
    if (g_array_index (group->occurrences, GlsConsistencyOccurrence, i).label == NULL)
      unlabelled = &g_array_index (group->occurrences, GlsConsistencyOccurrence, i);
  g_assert_nonnull (unlabelled);

  present_dialog (f, gls_consistency_dialog_new (GTK_WINDOW (f->window), f->project));
  dialog = GLS_CONSISTENCY_DIALOG (f->dialog);
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 1);

  click (find_named (GTK_WIDGET (f->dialog), "apply-everywhere"));
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), ==, 0);
  g_assert_cmpint (span_at (f, unlabelled->document_id, unlabelled->start, unlabelled->end,
                            GLS_GOLD_ANNOTATOR, "GPE"), >, 0);
  /* The reviewer stays who they were. */
  g_assert_cmpstr (gls_project_get_annotator (f->project), ==, "tester");

  /* anna's layer, for a picture with many groups. */
  gls_consistency_dialog_set_annotator (dialog, "anna");
  g_assert_true (gls_test_gui_wait_for (consistency_done, dialog, 20000));
  gls_test_gui_wait_drawn (f->dialog);
  g_assert_cmpuint (gls_consistency_dialog_get_n_groups (dialog), >, 3);
  screenshot (GTK_WIDGET (f->dialog), "glossator-consistency-anna.png");
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = gls_test_gui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/review-dialogs/agreement", test_agreement);
  ADD ("/review-dialogs/agreement-pair-and-document", test_agreement_pair_and_document);
  ADD ("/review-dialogs/consistency", test_consistency);
  ADD ("/review-dialogs/consistency-gold", test_consistency_gold);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
