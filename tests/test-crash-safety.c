/* test-crash-safety.c — every edit that returned is on disk, whatever happens next
 *
 * A child process edits a project one span at a time and tells the parent, through a pipe,
 * about each edit once gls_project_add_span() has returned. The parent kills it with SIGKILL
 * in the middle of its work, reopens the project and checks that every reported edit is there,
 * exactly as made, with its journal entry, that nothing half-done is, and that the file is
 * sound. Undo works across the crash, and an import is all or nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-test-core.h"

/* Mixed scripts on purpose: offsets count code points. */
static const char *sentence =
  "Zoë Müller met Сергей Лавров in Sochi 🚀 and then flew to Genève. ";

/* Each round annotates its own stretch of the document, so spans never collide. */
#define ROUND_STRETCH 8000
#define N_ROUNDS 3

static const char * const label_names[] = { "PERSON", "ORG", "GPE" };

/* ------------------------------------------------------------------------------------------ */
/* Temporary folder                                                                             */

typedef struct
{
  char *dir;
  char *path;
} TmpDir;

static TmpDir *
tmp_dir_new (void)
{
  TmpDir *t = g_new0 (TmpDir, 1);

  t->dir = gls_test_make_tmp_dir ("gls-crash-XXXXXX");
  t->path = g_build_filename (t->dir, "crash.glossator", NULL);
  return t;
}

static void
tmp_dir_free (TmpDir *t)
{
  g_autoptr(GDir) d = g_dir_open (t->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (t->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (t->dir);
  g_free (t->path);
  g_free (t->dir);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

/* ------------------------------------------------------------------------------------------ */
/* The edits, computed the same way in the child (to make them) and the parent (to check)      */

typedef struct
{
  gint64 start;
  gint64 end;
  const char *label;
} Expected;

static Expected
expected_span (guint  round,
               gint64 k)
{
  Expected e;

  e.start = (gint64)round * ROUND_STRETCH + k;
  e.end = e.start + 1 + k % 7;
  e.label = label_names[k % G_N_ELEMENTS (label_names)];
  return e;
}

static char *
annotator_for_round (guint round)
{
  return g_strdup_printf ("crash-%u", round);
}

/* A project with one long document, closed again; returns the document's id. */
static gint64
make_project (const char *path,
              gint64     *out_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GlsProject *project;
  gint64 doc;

  while (g_utf8_strlen (text->str, -1) < N_ROUNDS * ROUND_STRETCH + 16)
    g_string_append (text, sentence);

  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  doc = gls_project_add_document (project, "Long article", text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc, >, 0);
  if (out_length != NULL)
    *out_length = g_utf8_strlen (text->str, -1);
  g_assert_finalize_object (project);
  return doc;
}

/* ------------------------------------------------------------------------------------------ */
/* The child and the pipe                                                                       */

/* What the child writes after each edit that returned: 16 bytes, atomic in a pipe.
 * id > 0: committed; id == 0: it ran out of work; id < 0: error (code in k). */
typedef struct
{
  gint64 id;
  gint64 k;
} Report;

static void
child_report (int    fd,
              gint64 id,
              gint64 k)
{
  Report r = { id, k };

  if (write (fd, &r, sizeof r) != sizeof r)
    _exit (98);
}

/* Adds span after span to the document, round @round's stretch, until killed. */
static void
span_editor_main (const char *path,
                  gint64      doc,
                  guint       round,
                  int         to_parent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = annotator_for_round (round);
  GlsProject *project;

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  if (project == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      child_report (to_parent, -1, error->code);
      _exit (1);
    }
  gls_project_set_annotator (project, annotator);

  for (gint64 k = 0; k < ROUND_STRETCH; k++)
    {
      Expected e = expected_span (round, k);
      GlsFragment f = { e.start, e.end };
      GlsLabel *label = gls_project_find_label (project, e.label);
      gint64 id;

      id = gls_project_add_span (project, doc, &f, 1, gls_label_get_id (label), &error);
      if (id == 0)
        {
          g_printerr ("child: %s\n", error->message);
          child_report (to_parent, -1, error->code);
          _exit (1);
        }
      child_report (to_parent, id, k);
    }

  /* Out of work: say so and wait to be killed, still holding the project. */
  child_report (to_parent, 0, 0);
  for (;;)
    pause ();
}

/* Forks; the child dies with the parent, so a failed test leaves no editor behind. */
static GPid
fork_editor (void)
{
  GPid pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    prctl (PR_SET_PDEATHSIG, SIGKILL);
  return pid;
}

static gboolean
read_report (int     fd,
             Report *report)
{
  gsize done = 0;

  while (done < sizeof *report)
    {
      ssize_t n = read (fd, (char *)report + done, sizeof *report - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_assert_cmpuint (done, ==, 0);  /* reports are never torn */
          return FALSE;
        }
      done += (gsize)n;
    }
  return TRUE;
}

/* Forks an editor, collects at least @n_before_kill reports, kills it with SIGKILL while it
 * works, then collects what it reported before dying. Returns the reports. */
static GArray *
run_and_kill (const char *path,
              gint64      doc,
              guint       round,
              guint       n_before_kill)
{
  GArray *reports = g_array_new (FALSE, FALSE, sizeof (Report));
  Report r;
  int fds[2];
  int status = 0;
  GPid pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork_editor ();
  if (pid == 0)
    {
      close (fds[0]);
      span_editor_main (path, doc, round, fds[1]);
      _exit (0);
    }
  close (fds[1]);

  while (reports->len < n_before_kill && read_report (fds[0], &r))
    {
      if (r.id <= 0)
        g_error ("round %u: the editor stopped after %u edits (%s, code %" G_GINT64_FORMAT ")",
                 round, reports->len, r.id == 0 ? "out of work" : "error", r.k);
      g_array_append_val (reports, r);
    }
  g_assert_cmpuint (reports->len, ==, n_before_kill);

  /* The editor is starting its next edit; a random pause of up to a few edits' time makes
   * the kill land at a different point of it each time. */
  g_usleep (g_test_rand_int_range (0, 3000));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  /* Whatever it reported before it died was committed too. */
  while (read_report (fds[0], &r))
    {
      g_assert_cmpint (r.id, >, 0);
      g_array_append_val (reports, r);
    }
  close (fds[0]);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  g_test_message ("round %u: killed after %u reported edits", round, reports->len);
  return reports;
}

/* ------------------------------------------------------------------------------------------ */
/* Checking the file after a crash                                                              */

static void
assert_span_is (GlsProject *project,
                gint64      id,
                guint       round,
                gint64      k)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  g_autofree char *annotator = annotator_for_round (round);
  Expected e = expected_span (round, k);
  GlsLabel *label;

  span = gls_project_get_span (project, id, &error);
  if (span == NULL)
    g_error ("span %" G_GINT64_FORMAT " (round %u, edit %" G_GINT64_FORMAT ") was reported "
             "saved but is gone: %s", id, round, k, error->message);
  g_assert_cmpint (gls_span_get_start (span), ==, e.start);
  g_assert_cmpint (gls_span_get_end (span), ==, e.end);
  g_assert_cmpuint (gls_span_get_n_fragments (span), ==, 1);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, annotator);
  label = gls_project_lookup_label (project, gls_span_get_label_id (span));
  g_assert_nonnull (label);
  g_assert_cmpstr (gls_label_get_name (label), ==, e.label);
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gint64      bind)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, bind);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Looks at the closed file with SQLite alone: sound, and one journal entry per edit. */
static void
assert_file_sound (const char *path,
                   GArray    **reports,
                   guint       n_rounds)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_spans;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* An edit and its journal entry are one transaction: never one without the other. */
  n_spans = query_int (db, "SELECT count(*) FROM spans", 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM journal WHERE op = 'add-span' "
                                  "AND state = 0", 0), ==, n_spans);

  for (guint round = 0; round < n_rounds; round++)
    for (guint i = 0; i < reports[round]->len; i++)
      {
        const Report *r = &g_array_index (reports[round], Report, i);

        g_assert_cmpint (query_int (db, "SELECT count(*) FROM journal WHERE op = 'add-span' "
                                        "AND json_extract (changes, '$[0].table') = 'spans' "
                                        "AND json_extract (changes, '$[0].id') = ?1 "
                                        "AND json_extract (changes, '$[0].before') IS NULL "
                                        "AND json_extract (changes, '$[0].after.start') = "
                                        "(SELECT start FROM spans WHERE id = ?1)",
                                    r->id), ==, 1);
      }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Reopens the project after round @last_round and checks every round so far. */
static void
assert_survived (const char *path,
                 gint64      doc,
                 GArray    **reports,
                 guint       n_rounds)
{
  g_autoptr(GError) error = NULL;
  GlsProjectStats stats;
  GlsProject *project;
  guint n_reported = 0;

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autofree char *annotator = annotator_for_round (round);
      g_autoptr(GListModel) spans = NULL;
      guint n_in_db = 0;

      for (guint i = 0; i < reports[round]->len; i++)
        {
          const Report *r = &g_array_index (reports[round], Report, i);
          assert_span_is (project, r->id, round, r->k);
        }
      n_reported += reports[round]->len;

      /* At most one edit more than reported (committed, then killed before it could say so),
       * and then it is exactly the next one: no half-made or stray spans. */
      spans = gls_project_list_spans (project, doc, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
        {
          g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

          if (g_strcmp0 (gls_span_get_annotator (span), annotator) != 0)
            continue;
          n_in_db++;
          if (gls_span_get_start (span) - (gint64)round * ROUND_STRETCH >=
              (gint64)reports[round]->len)
            assert_span_is (project, gls_span_get_id (span), round, reports[round]->len);
        }
      if (round == n_rounds - 1)
        g_test_message ("round %u: %u edits reported, %u in the file", round,
                        reports[round]->len, n_in_db);
      g_assert_cmpuint (n_in_db, >=, reports[round]->len);
      g_assert_cmpuint (n_in_db, <=, reports[round]->len + 1);
    }

  g_assert_true (gls_project_get_stats (project, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_spans, >=, n_reported);
  g_assert_cmpuint (stats.n_spans, <=, n_reported + n_rounds);
  g_assert_cmpuint (stats.n_journal_entries, >=, n_reported);
  g_assert_cmpuint (stats.n_documents, ==, 1);

  g_assert_finalize_object (project);
  assert_file_sound (path, reports, n_rounds);
}

/* ------------------------------------------------------------------------------------------ */
/* Tests                                                                                        */

static void
test_kill_while_editing (void)
{
  static const guint kill_after[N_ROUNDS] = { 200, 347, 523 };
  g_autoptr(TmpDir) t = tmp_dir_new ();
  GArray *reports[N_ROUNDS] = { NULL };
  gint64 doc;

  doc = make_project (t->path, NULL);

  /* The same file goes through three crashes; each round starts from the last one's wreck. */
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      reports[round] = run_and_kill (t->path, doc, round, kill_after[round]);
      assert_survived (t->path, doc, reports, round + 1);
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    g_array_unref (reports[round]);
}

static void
test_undo_after_kill (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) reports = NULL;
  g_autoptr(GListModel) spans = NULL;
  g_autoptr(GlsSpan) last = NULL;
  g_autoptr(GlsSpan) back = NULL;
  g_autofree char *op = NULL;
  GlsProjectStats stats;
  GlsProject *project;
  gint64 doc, last_id = 0, last_reported;
  guint n_before;

  doc = make_project (t->path, NULL);
  reports = run_and_kill (t->path, doc, 0, 60);
  last_reported = g_array_index (reports, Report, reports->len - 1).id;

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (project, "after-crash");

  /* The last committed edit is the newest span (the last reported one or the one after). */
  spans = gls_project_list_spans (project, doc, &error);
  g_assert_no_error (error);
  n_before = g_list_model_get_n_items (spans);
  for (guint i = 0; i < n_before; i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      last_id = MAX (last_id, gls_span_get_id (span));
    }
  g_assert_cmpint (last_id, >=, last_reported);
  last = gls_project_get_span (project, last_id, &error);
  g_assert_no_error (error);

  /* Undo, from a journal that went through a kill -9, removes exactly that span. */
  g_assert_true (gls_project_can_undo (project));
  op = gls_project_describe_undo (project);
  g_assert_cmpstr (op, ==, "add-span");
  g_assert_true (gls_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_null (gls_project_get_span (project, last_id, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gls_project_get_stats (project, &stats, &error));
  g_assert_cmpuint (stats.n_spans, ==, n_before - 1);
  for (guint i = 0; i < reports->len; i++)
    {
      const Report *r = &g_array_index (reports, Report, i);
      if (r->id != last_id)
        assert_span_is (project, r->id, 0, r->k);
    }
  g_assert_finalize_object (project);

  /* The undo itself was saved, and redo brings the span back as it was. */
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (gls_project_get_span (project, last_id, &error));
  g_clear_error (&error);
  g_assert_true (gls_project_can_redo (project));
  g_assert_true (gls_project_redo (project, &error));
  g_assert_no_error (error);
  back = gls_project_get_span (project, last_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_span_get_start (back), ==, gls_span_get_start (last));
  g_assert_cmpint (gls_span_get_end (back), ==, gls_span_get_end (last));
  g_assert_cmpint (gls_span_get_label_id (back), ==, gls_span_get_label_id (last));
  g_assert_cmpstr (gls_span_get_annotator (back), ==, gls_span_get_annotator (last));
  g_clear_object (&back);
  g_assert_finalize_object (project);
}

/* An import of many documents and spans, killed: each is entirely there or entirely not. */
#define DOCS_PER_IMPORT 20
#define SPANS_PER_DOC 4

static void
importer_main (const char *path,
               int         to_parent)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project;

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  if (project == NULL)
    {
      child_report (to_parent, -1, error->code);
      _exit (1);
    }

  for (gint64 batch = 1; batch < 100000; batch++)
    {
      g_autoptr(GlsImport) import = gls_import_begin (project, "import", &error);

      if (import == NULL)
        {
          child_report (to_parent, -1, error->code);
          _exit (1);
        }
      for (guint d = 0; d < DOCS_PER_IMPORT; d++)
        {
          g_autofree char *title = g_strdup_printf ("batch %" G_GINT64_FORMAT " doc %u", batch, d);
          g_autofree char *text = g_strdup_printf ("%s %s %s", title, sentence, sentence);
          gint64 id = gls_import_add_document (import, title, text, -1, NULL, &error);

          for (guint s = 0; id != 0 && s < SPANS_PER_DOC; s++)
            {
              GlsFragment f = { s * 5, s * 5 + 3 };
              if (gls_import_add_span (import, id, &f, 1, label_names[s % 3], "importer", NULL,
                                       NULL, NULL, &error) == 0)
                id = 0;
            }
          if (id == 0)
            {
              child_report (to_parent, -1, error->code);
              _exit (1);
            }
        }
      if (!gls_import_commit (import, &error))
        {
          child_report (to_parent, -1, error->code);
          _exit (1);
        }
      child_report (to_parent, batch, 0);
    }
  _exit (0);
}

static void
test_kill_while_importing (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  GlsProjectStats stats;
  GlsProject *project;
  gint64 n_committed = 0, n_batches;
  guint n_journal_before;
  Report r;
  int fds[2];
  int status = 0;
  GPid pid;

  project = gls_project_create (t->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gls_project_get_stats (project, &stats, &error));
  n_journal_before = stats.n_journal_entries;
  g_assert_finalize_object (project);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork_editor ();
  if (pid == 0)
    {
      close (fds[0]);
      importer_main (t->path, fds[1]);
    }
  close (fds[1]);
  while (n_committed < 25 && read_report (fds[0], &r))
    {
      g_assert_cmpint (r.id, ==, n_committed + 1);
      n_committed = r.id;
    }
  g_assert_cmpint (n_committed, ==, 25);
  g_usleep (g_test_rand_int_range (0, 20000));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  while (read_report (fds[0], &r))
    {
      g_assert_cmpint (r.id, ==, n_committed + 1);
      n_committed = r.id;
    }
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gls_project_get_stats (project, &stats, &error));
  g_assert_no_error (error);

  /* Whole imports only: every reported one, at most one more, never part of one. */
  g_assert_cmpuint (stats.n_documents % DOCS_PER_IMPORT, ==, 0);
  n_batches = stats.n_documents / DOCS_PER_IMPORT;
  g_assert_cmpint (n_batches, >=, n_committed);
  g_assert_cmpint (n_batches, <=, n_committed + 1);
  g_assert_cmpuint (stats.n_spans, ==, stats.n_documents * SPANS_PER_DOC);
  g_assert_cmpuint (stats.n_journal_entries, ==, n_journal_before + n_batches);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==,
                    stats.n_documents);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash-safety/kill-while-editing", test_kill_while_editing);
  g_test_add_func ("/crash-safety/undo-after-kill", test_undo_after_kill);
  g_test_add_func ("/crash-safety/kill-while-importing", test_kill_while_importing);

  return g_test_run ();
}
