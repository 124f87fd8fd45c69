/* gls-bench-sidebar.c — the document sidebar with 10,000 documents: first draw, status filter,
 * whole-project search
 *
 *   glossator-bench-sidebar [--documents 10000] [--runs 10]
 *
 * Makes a project of generated ~2 KB articles in bulk (timing the import, which also fills the
 * full-text index), gives them the four statuses in turn, then opens it in a real GlsWindow
 * under the current display (e.g. xvfb-run) and times:
 *
 *   1. opening the project until the sidebar's list is mapped and first drawn;
 *   2. each status filter: from picking it (the drop-down calls gtk_filter_changed) until the
 *      filtered model's items-changed is handled, and until the next frame is painted;
 *   3. gls_project_search for a few kinds of query, and a search typed into the sidebar
 *      (from search-changed to the results listed, and to the next frame).
 *
 * The application reads its GSettings schema: run it through `meson devenv`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-import.h"
#include "gls-search.h"
#include "gls-window.h"

static const char *words[] = {
  "the", "minister", "said", "on", "Monday", "that", "talks", "with", "Moscow", "and",
  "Washington", "would", "resume", "after", "a", "meeting", "in", "Sochi", "between",
  "delegations", "from", "both", "countries", "officials", "told", "reporters", "agency",
  "report", "election", "security", "President", "Vladimir", "Putin", "Mike", "Pompeo",
  "München", "Zoë", "Лавров", "Ізмаїл", "grain", "Danube", "pilots", "orbit", "rocket",
};

static char *
make_article (GRand *rand,
              guint  index,
              gsize  target)
{
  GString *s = g_string_sized_new (target + 64);

  g_string_append_printf (s, "Generated report %u on talks\n\n", index);
  while (s->len < target)
    {
      guint n = (guint)g_rand_int_range (rand, 8, 20);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s%s", i ? " " : "",
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (s, g_rand_int_range (rand, 0, 5) == 0 ? ".\n\n" : ". ");
    }
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

static double
maximum (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len - 1);
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
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

/* ------------------------------------------------------------------------------------------ */
/* Waiting for frames                                                                           */

typedef struct
{
  GtkWidget *watched;   /* a frame counts once this is mapped */
  gint64 painted;       /* when it was, 0 until then */
} Frame;

static void
after_paint_cb (GdkFrameClock *clock,
                Frame         *frame)
{
  if (frame->painted == 0 && (frame->watched == NULL || gtk_widget_get_mapped (frame->watched)))
    frame->painted = g_get_monotonic_time ();
}

/* Waits for the next frame painted (with @watched mapped) and says when it was. */
static gint64
wait_for_frame (GtkWidget *window,
                GtkWidget *watched)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Frame frame = { watched, 0 };
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frame);

  gtk_widget_queue_draw (window);
  while (frame.painted == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  return frame.painted;
}

static void
settle (GtkWidget *window)
{
  gint64 until = g_get_monotonic_time () + 200 * 1000;

  wait_for_frame (window, NULL);
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* ------------------------------------------------------------------------------------------ */

static char *
make_project (const char *dir,
              int         n_documents)
{
  g_autofree char *path = g_build_filename (dir, "sidebar.glossator", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsImport) import = NULL;
  gsize total = 0;
  gint64 t0;
  sqlite3 *db = NULL;

  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  import = gls_import_begin (project, "bench", &error);
  g_assert_no_error (error);
  for (int i = 0; i < n_documents; i++)
    {
      g_autofree char *text = make_article (rand, (guint)i, 2000);
      g_autofree char *title = g_strdup_printf ("Report %05d: %s and %s", i,
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);

      total += strlen (text);
      gls_import_add_document (import, title, text, -1, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (gls_import_commit (import, &error));
  printf ("import: %d documents (%.1f MB), full-text index included: %.2f s\n",
          n_documents, total / 1e6, ms_since (t0) / 1000.0);
  g_clear_pointer (&import, gls_import_free);
  g_clear_object (&project);

  /* Statuses in turn, straight in the file: one UPDATE, not 10,000 edits. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE documents SET status = (id * 7) % 4", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_steal_pointer (&path);
}

typedef struct
{
  gint64 handled;
} ItemsChanged;

/* Connected last, so it runs after the selection and the list view handled the change. */
static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->handled = g_get_monotonic_time ();
}

static void
bench_status_filter (GtkWidget *window,
                     GtkWidget *list,
                     int        runs)
{
  GtkWidget *dropdown = find_widget (window, GTK_TYPE_DROP_DOWN);
  GListModel *selection = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GListModel *filtered = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  GListModel *strings = G_LIST_MODEL (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));
  ItemsChanged changed = { 0 };
  gulong handler;

  g_assert_true (GTK_IS_FILTER_LIST_MODEL (filtered));
  handler = g_signal_connect (filtered, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* All → each status → All again, @runs times. */
  for (guint choice = 1; choice <= g_list_model_get_n_items (strings); choice++)
    {
      guint selected = choice % g_list_model_get_n_items (strings);
      g_autoptr(GArray) to_model = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (strings), selected);
      guint shown = 0;

      for (int r = 0; r < runs; r++)
        {
          gint64 t0, painted;
          double ms;

          /* From the other end each time, so every run filters all the documents. */
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected == 0 ? 1 : 0);
          settle (window);

          changed.handled = 0;
          t0 = g_get_monotonic_time ();
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
          g_assert_cmpint (changed.handled, >, 0);
          ms = (changed.handled - t0) / 1000.0;
          g_array_append_val (to_model, ms);
          painted = wait_for_frame (window, list);
          ms = (painted - t0) / 1000.0;
          g_array_append_val (to_frame, ms);
          shown = g_list_model_get_n_items (filtered);
        }
      printf ("status filter \"%s\" (%u shown): filtered and handled %.2f ms (max %.2f), "
              "next frame %.1f ms (max %.1f)\n", name, shown, median (to_model),
              maximum (to_model), median (to_frame), maximum (to_frame));
    }
  g_signal_handler_disconnect (filtered, handler);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  settle (window);
}

static void
bench_core_search (GlsProject *project,
                   int         runs)
{
  static const char *queries[] = {
    "minister", "munchen", "лавров", "vladimir putin", "pomp", "report 01234", "zeppelin",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      guint found = 0;

      for (int r = 0; r < runs; r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) hits = NULL;
          gint64 t0 = g_get_monotonic_time ();
          double ms;

          hits = gls_project_search (project, queries[q], 101, &error);
          ms = ms_since (t0);
          g_assert_no_error (error);
          found = hits->len;
          g_array_append_val (samples, ms);
        }
      printf ("gls_project_search \"%s\" (limit 101, %u hits): median %.2f ms, max %.2f ms\n",
              queries[q], found, median (samples), maximum (samples));
    }
}

static void
bench_sidebar_search (GtkWidget *window,
                      int        runs)
{
  GtkWidget *entry = find_widget (window, GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(GArray) handled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double));

  /* search-changed is emitted here, not after the entry's typing pause. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 60 * 1000);
  for (int r = 0; r < runs; r++)
    {
      gint64 t0, t1, painted;
      double ms;

      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      settle (window);
      gtk_editable_set_text (GTK_EDITABLE (entry), "minister");
      t0 = g_get_monotonic_time ();
      g_signal_emit_by_name (entry, "search-changed");
      t1 = g_get_monotonic_time ();
      painted = wait_for_frame (window, NULL);
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (handled, ms);
      ms = (painted - t0) / 1000.0;
      g_array_append_val (drawn, ms);
    }
  printf ("sidebar search \"minister\" (100 results listed): search-changed handled %.1f ms "
          "(max %.1f), next frame %.1f ms (max %.1f)\n", median (handled), maximum (handled),
          median (drawn), maximum (drawn));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the document sidebar");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int n_documents = 10000;
  int runs = 10;
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Documents in the project", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement", "N" },
    { NULL }
  };
  GlsWindow *window;
  GtkWidget *list;
  gint64 t0, opened, mapped, painted;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("gls-bench-sidebar-XXXXXX", &error);
  g_assert_no_error (error);
  path = make_project (dir, n_documents);

  gtk_init ();
  adw_init ();
  app = gls_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* 1. Open to the list drawn. */
  window = gls_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  list = GTK_WIDGET (gls_window_get_document_list (window));
  t0 = g_get_monotonic_time ();
  g_assert_true (gls_window_open_path (window, path));
  opened = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (list))
    g_main_context_iteration (NULL, TRUE);
  mapped = g_get_monotonic_time ();
  painted = wait_for_frame (GTK_WIDGET (window), list);
  printf ("open %d documents: project loaded %.0f ms, sidebar list mapped %.0f ms, first drawn "
          "%.0f ms\n", n_documents, (opened - t0) / 1000.0, (mapped - t0) / 1000.0,
          (painted - t0) / 1000.0);
  settle (GTK_WIDGET (window));

  /* 2. The status filter. */
  bench_status_filter (GTK_WIDGET (window), list, runs);

  /* 3. Search. */
  bench_core_search (gls_window_get_project (window), runs * 2);
  bench_sidebar_search (GTK_WIDGET (window), runs);

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_remove (wal);
    g_remove (path);
    g_rmdir (dir);
  }
  return 0;
}
