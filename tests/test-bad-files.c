/* test-bad-files.c — files Glossator must refuse, clearly and without touching them
 *
 * Every case opens something that is not a usable project and checks four things a user
 * relies on: the open fails, the error has the specific GlsError code, the message names the
 * file, and the file is left exactly as it was (same bytes, same mtime, no -wal, -shm or
 * .vN.bak beside it). A few cases run a second process: one that holds the project open, and
 * one whose file size limit makes writes fail like a full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-test-core.h"

static const char *article =
  "US Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi. "
  "Сергей Лавров said the talks were constructive 🚀 and Zoë Müller agreed. ";

/* ------------------------------------------------------------------------------------------ */
/* A temporary folder per test                                                                  */

typedef struct
{
  char *dir;
  char *path;  /* dir/project.glossator, not created */
} TmpDir;

static TmpDir *
tmp_dir_new (void)
{
  TmpDir *t = g_new0 (TmpDir, 1);

  t->dir = gls_test_make_tmp_dir ("gls-bad-files-XXXXXX");
  t->path = g_build_filename (t->dir, "project.glossator", NULL);
  return t;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      g_chmod (path, 0700);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static void
tmp_dir_free (TmpDir *t)
{
  remove_tree (t->dir);
  g_free (t->path);
  g_free (t->dir);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

/* ------------------------------------------------------------------------------------------ */
/* Proving that nothing changed                                                                 */

typedef struct
{
  gboolean exists;
  gboolean is_dir;
  char *sha256;        /* regular files only */
  gint64 size;
  gint64 mtime_ns;
  guint mode;
  char *dir_listing;   /* names in the folder that holds the path, sorted */
  char *own_listing;   /* names inside the path, when it is a folder */
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  g_free (s->sha256);
  g_free (s->dir_listing);
  g_free (s->own_listing);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
snapshot_take (const char *path)
{
  Snapshot *s = g_new0 (Snapshot, 1);
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  s->dir_listing = gls_test_list_folder (dir, "\n");
  if (g_stat (path, &st) != 0)
    return s;

  s->exists = TRUE;
  s->is_dir = S_ISDIR (st.st_mode);
  s->size = st.st_size;
  s->mtime_ns = (gint64)st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  s->mode = st.st_mode;
  if (s->is_dir)
    s->own_listing = gls_test_list_folder (path, "\n");
  else
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      s->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
    }
  return s;
}

static void
assert_no_side_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *bak_prefix = g_strconcat (base, ".v", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *wal = g_strconcat (base, "-wal", NULL);
      g_autofree char *shm = g_strconcat (base, "-shm", NULL);
      g_autofree char *journal = g_strconcat (base, "-journal", NULL);

      g_assert_cmpstr (name, !=, wal);
      g_assert_cmpstr (name, !=, shm);
      g_assert_cmpstr (name, !=, journal);
      g_assert_false (g_str_has_prefix (name, bak_prefix) && g_str_has_suffix (name, ".bak"));
    }
}

static void
assert_unchanged (const Snapshot *before,
                  const char     *path)
{
  g_autoptr(Snapshot) after = snapshot_take (path);

  g_assert_cmpint (after->exists, ==, before->exists);
  g_assert_cmpint (after->is_dir, ==, before->is_dir);
  g_assert_cmpstr (after->sha256, ==, before->sha256);
  g_assert_cmpint (after->size, ==, before->size);
  g_assert_cmpint (after->mtime_ns, ==, before->mtime_ns);
  g_assert_cmpuint (after->mode, ==, before->mode);
  g_assert_cmpstr (after->own_listing, ==, before->own_listing);
  g_assert_cmpstr (after->dir_listing, ==, before->dir_listing);
}

/* The heart of every case: refused, with this code, naming the file, and untouched. */
static void
assert_open_refused (const char          *path,
                     GlsProjectOpenFlags  flags,
                     GlsError             code,
                     const char          *message_part)
{
  g_autoptr(Snapshot) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    gls_test_age_file (path);
  before = snapshot_take (path);

  project = gls_project_open (path, flags, &error);
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, (int)code);
  g_test_message ("refused as expected: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  /* One line a person can read, not a dump of everything SQLite found. */
  g_assert_null (strchr (error->message, '\n'));
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));

  assert_unchanged (before, path);
  assert_no_side_files (path);
}

/* ------------------------------------------------------------------------------------------ */
/* Building real projects                                                                       */

#define N_DOCUMENTS 12
#define N_SPANS_PER_DOCUMENT 5

static char *
document_text (guint i)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Article %u. ", i);
  for (guint k = 0; k < 20; k++)
    g_string_append (text, article);
  return g_string_free (text, FALSE);
}

/* A project with N_DOCUMENTS documents and some spans, closed again. */
static void
make_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project;
  GlsLabel *person;

  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (project, "anna");
  person = gls_project_find_label (project, "PERSON");
  g_assert_nonnull (person);

  for (guint i = 0; i < N_DOCUMENTS; i++)
    {
      g_autofree char *title = g_strdup_printf ("Article %u", i);
      g_autofree char *text = document_text (i);
      gint64 doc = gls_project_add_document (project, title, text, NULL, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < N_SPANS_PER_DOCUMENT; k++)
        {
          GlsFragment f = { 20 + 160 * k, 32 + 160 * k };
          gls_project_add_span (project, doc, &f, 1, gls_label_get_id (person), &error);
          g_assert_no_error (error);
        }
    }
  g_assert_finalize_object (project);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
sqlite_exec_on (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
assert_project_intact (const char *path)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project;
  GListModel *documents;
  GlsProjectStats stats;

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  documents = gls_project_get_documents (project);
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, N_DOCUMENTS);
  g_assert_true (gls_project_get_stats (project, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_spans, ==, N_DOCUMENTS * N_SPANS_PER_DOCUMENT);
  g_assert_finalize_object (project);
}

/* ------------------------------------------------------------------------------------------ */
/* Files that are not projects                                                                  */

static void
test_not_sqlite (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", article, article);

  g_assert_true (g_file_set_contents (t->path, text, -1, NULL));
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, NULL);
  /* Asking for read-only changes nothing about what the file is. */
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_NOT_A_PROJECT, NULL);
}

static void
test_short_text (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  /* Shorter than an SQLite header, and starting like one. */
  g_assert_true (g_file_set_contents (t->path, "SQLite format 3", -1, NULL));
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, NULL);
}

static void
test_empty (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  g_assert_true (g_file_set_contents (t->path, "", 0, NULL));
  /* SQLite would happily turn an empty file into a database: it must stay empty. */
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, "empty");
}

static void
test_png (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GByteArray) png = g_byte_array_new ();
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 ihdr[] = { 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
                                 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89 };

  g_byte_array_append (png, signature, sizeof signature);
  g_byte_array_append (png, ihdr, sizeof ihdr);
  for (guint i = 0; i < 4096; i++)
    g_byte_array_append (png, (const guint8 *)&i, 1);
  g_assert_true (g_file_set_contents (t->path, (const char *)png->data, png->len, NULL));

  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, NULL);
}

static void
test_other_sqlite (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  sqlite_exec_on (t->path,
                  "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                  "INSERT INTO contacts (name) VALUES ('Ada'), ('Grace');");
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, NULL);
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_NOT_A_PROJECT, NULL);
}

static void
test_other_sqlite_wal (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  /* Another application's database in WAL mode: SQLite would create NAME-wal on first read. */
  sqlite_exec_on (t->path,
                  "PRAGMA journal_mode = WAL;"
                  "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                  "INSERT INTO contacts (name) VALUES ('Ada'), ('Grace');");
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, NULL);
}

static void
test_directory (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autofree char *inside = g_build_filename (t->path, "notes.txt", NULL);

  g_assert_cmpint (g_mkdir (t->path, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "not a project", -1, NULL));
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_A_PROJECT, "folder");
}

static void
test_missing (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_NOT_FOUND, NULL);
  /* Opening never creates the file. */
  g_assert_false (g_file_test (t->path, G_FILE_TEST_EXISTS));
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_NOT_FOUND, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Damaged and foreign projects                                                                 */

static void
test_truncated (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  GStatBuf st;

  make_project (t->path);
  g_assert_cmpint (g_stat (t->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >=, 16 * 4096);  /* big enough for half of it to matter */
  g_assert_cmpint (truncate (t->path, st.st_size / 2), ==, 0);

  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_CORRUPT, "damaged");
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_CORRUPT, "damaged");
}

static void
test_garbage_pages (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);
  g_autofree guchar *contents = NULL;
  g_autofree char *header_before = NULL;
  gsize length, page_size;

  make_project (t->path);
  g_assert_true (g_file_get_contents (t->path, (char **)&contents, &length, NULL));
  page_size = ((gsize)contents[16] << 8) | contents[17];
  if (page_size == 1)
    page_size = 65536;
  g_assert_cmpuint (length, >=, 4 * page_size);
  header_before = g_base64_encode (contents, 100);

  /* Page 1 (the header and the table of tables) stays; every other page is noise. */
  for (gsize i = page_size; i < length; i++)
    contents[i] = (guchar)g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (t->path, (const char *)contents, length, NULL));

  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_CORRUPT, "damaged");
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_CORRUPT, "damaged");

  {
    g_autofree guchar *again = NULL;
    g_autofree char *header_after = NULL;

    g_assert_true (g_file_get_contents (t->path, (char **)&again, &length, NULL));
    header_after = g_base64_encode (again, 100);
    g_assert_cmpstr (header_after, ==, header_before);
  }
}

static void
test_too_new (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  make_project (t->path);
  sqlite_exec_on (t->path, "PRAGMA user_version = 99");

  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_TOO_NEW, "newer");
  assert_open_refused (t->path, GLS_PROJECT_OPEN_READ_ONLY, GLS_ERROR_TOO_NEW, "newer");
}

/* ------------------------------------------------------------------------------------------ */
/* Read-only files                                                                              */

static void
test_read_only (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  make_project (t->path);
  g_assert_cmpint (g_chmod (t->path, 0444), ==, 0);
  /* Tests run as root, whom access(W_OK) never stops: Glossator reads the mode bits. */
  assert_open_refused (t->path, GLS_PROJECT_OPEN_DEFAULT, GLS_ERROR_READ_ONLY, NULL);
}

static void
test_read_only_flag (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(Snapshot) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsDocument) doc = NULL;
  g_autoptr(GListModel) spans = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = document_text (0);
  GlsProject *project;
  GlsFragment f = { 0, 5 };
  GlsLabel *org;

  make_project (t->path);
  g_assert_cmpint (g_chmod (t->path, 0444), ==, 0);
  gls_test_age_file (t->path);
  before = snapshot_take (t->path);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (gls_project_get_read_only (project));

  /* Everything can be read. */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==,
                    N_DOCUMENTS);
  doc = g_list_model_get_item (gls_project_get_documents (project), 0);
  g_assert_cmpstr (gls_document_get_title (doc), ==, "Article 0");
  text = gls_project_load_text (project, gls_document_get_id (doc), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  spans = gls_project_list_spans (project, gls_document_get_id (doc), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, N_SPANS_PER_DOCUMENT);

  /* Nothing can be written, and saying so is an error rather than a silent no-op. */
  org = gls_project_find_label (project, "ORG");
  g_assert_cmpint (gls_project_add_span (project, gls_document_get_id (doc), &f, 1,
                                         gls_label_get_id (org), &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, t->path));
  g_clear_error (&error);
  g_assert_false (gls_project_can_undo (project));

  g_clear_object (&spans);
  g_clear_object (&doc);
  g_assert_finalize_object (project);

  /* Reading left the file as it was, and no -wal or -shm behind. */
  assert_unchanged (before, t->path);
  assert_no_side_files (t->path);
}

/* ------------------------------------------------------------------------------------------ */
/* A second process                                                                             */

typedef struct
{
  GPid pid;
  int from_child;  /* lines the child writes */
  int to_child;    /* commands to the child, one byte each */
} Child;

static void
child_say (int         fd,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
child_say (int         fd,
           const char *format,
           ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize done = 0, length;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  length = strlen (line);
  while (done < length)
    {
      ssize_t n = write (fd, line + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (99);
      done += (gsize)n;
    }
}

static void
child_say_error (int           fd,
                 const char   *what,
                 const GError *error)
{
  g_autofree char *message = g_strdelimit (g_strdup (error ? error->message : "no error"), "\n",
                                           ' ');
  child_say (fd, "%s %s %d %s\n", what, error ? g_quark_to_string (error->domain) : "-",
             error ? error->code : -1, message);
}

/* One line from the child, without its newline; NULL at end of file. */
static char *
parent_read_line (int fd)
{
  GString *line = g_string_new (NULL);
  char c;

  for (;;)
    {
      ssize_t n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (line->len == 0)
            {
              g_string_free (line, TRUE);
              return NULL;
            }
          break;
        }
      if (c == '\n')
        break;
      g_string_append_c (line, c);
    }
  return g_string_free (line, FALSE);
}

static char
child_wait_command (int fd)
{
  char c = 0;

  for (;;)
    {
      ssize_t n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      return n == 1 ? c : 'q';
    }
}

typedef void (*ChildFunc) (int      to_parent,
                           int      from_parent,
                           gpointer data);

static void
child_start (Child     *child,
             ChildFunc  func,
             gpointer   data)
{
  int up[2], down[2];

  g_assert_cmpint (pipe (up), ==, 0);
  g_assert_cmpint (pipe (down), ==, 0);

  child->pid = fork ();
  g_assert_cmpint (child->pid, >=, 0);
  if (child->pid == 0)
    {
      close (up[0]);
      close (down[1]);
      func (up[1], down[0], data);
      _exit (0);
    }
  close (up[1]);
  close (down[0]);
  child->from_child = up[0];
  child->to_child = down[1];
}

static void
child_send (Child *child,
            char   command)
{
  g_assert_cmpint (write (child->to_child, &command, 1), ==, 1);
}

/* Waits for the child and returns its exit status; it must exit normally. */
static int
child_finish (Child *child)
{
  int status = 0;

  close (child->to_child);
  close (child->from_child);
  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* The child holds the project open: it says "ready", then obeys 'a' (add a span, say its id)
 * and 'q' (close and exit). */
static void
holder_main (int      to_parent,
             int      from_parent,
             gpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  GlsProject *project;

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  if (project == NULL)
    {
      child_say_error (to_parent, "error", error);
      return;
    }
  gls_project_set_annotator (project, "holder");
  child_say (to_parent, "ready\n");

  for (;;)
    {
      char command = child_wait_command (from_parent);

      if (command == 'a')
        {
          g_autoptr(GlsDocument) doc = g_list_model_get_item (gls_project_get_documents (project),
                                                              0);
          GlsLabel *org = gls_project_find_label (project, "ORG");
          GlsFragment f = { 2, 9 };
          gint64 id;

          id = gls_project_add_span (project, gls_document_get_id (doc), &f, 1,
                                     gls_label_get_id (org), &error);
          if (id == 0)
            child_say_error (to_parent, "error", error);
          else
            child_say (to_parent, "span %" G_GINT64_FORMAT "\n", id);
          g_clear_error (&error);
        }
      else
        break;
    }
  g_object_unref (project);
}

static void
test_locked (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Snapshot) before = NULL;
  g_autofree char *line = NULL;
  g_autofree char *span_line = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsProject *project;
  Child child;
  gint64 start_time, elapsed, span_id;

  make_project (t->path);
  child_start (&child, holder_main, t->path);
  line = parent_read_line (child.from_child);
  g_assert_cmpstr (line, ==, "ready");

  /* The child's open may have made NAME-wal; from here on, our attempt must change nothing. */
  gls_test_age_file (t->path);
  before = snapshot_take (t->path);

  start_time = g_get_monotonic_time ();
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  elapsed = g_get_monotonic_time () - start_time;
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, t->path));
  g_assert_nonnull (strstr (error->message, "another"));
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Read-only does not get around the lock: the owner may be in the middle of writing. */
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_LOCKED);
  g_clear_error (&error);

  assert_unchanged (before, t->path);

  /* The owner did not notice: it still saves its edits. */
  child_send (&child, 'a');
  span_line = parent_read_line (child.from_child);
  g_assert_nonnull (span_line);
  g_assert_true (g_str_has_prefix (span_line, "span "));
  span_id = g_ascii_strtoll (span_line + 5, NULL, 10);
  g_assert_cmpint (span_id, >, 0);

  child_send (&child, 'q');
  g_assert_cmpint (child_finish (&child), ==, 0);

  /* Once the owner is gone, the project opens, with the owner's last edit in it. */
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  span = gls_project_get_span (project, span_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, "holder");
  g_assert_cmpint (gls_span_get_start (span), ==, 2);
  g_assert_cmpint (gls_span_get_end (span), ==, 9);
  g_clear_object (&span);
  g_assert_finalize_object (project);
}

/* ------------------------------------------------------------------------------------------ */
/* Creating over an existing file                                                               */

static void
test_create_existing (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(Snapshot) before = NULL;
  g_autoptr(GError) error = NULL;
  GlsProject *project;

  /* Over a project... */
  make_project (t->path);
  gls_test_age_file (t->path);
  before = snapshot_take (t->path);
  project = gls_project_create (t->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, t->path));
  g_clear_error (&error);
  assert_unchanged (before, t->path);
  assert_project_intact (t->path);
  g_clear_pointer (&before, snapshot_free);

  /* ...and over somebody's notes. */
  g_remove (t->path);
  g_assert_true (g_file_set_contents (t->path, "my notes", -1, NULL));
  gls_test_age_file (t->path);
  before = snapshot_take (t->path);
  project = gls_project_create (t->path, GLS_PROJECT_CREATE_EMPTY_SCHEMA, &error);
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, t->path));
  assert_unchanged (before, t->path);
}

/* ------------------------------------------------------------------------------------------ */
/* A full disk                                                                                  */

/* No writable file may grow past this: like a disk that has only this much room. */
#define FILE_SIZE_LIMIT (1024 * 1024)
#define BIG_TEXT_SIZE (5 * 1024 * 1024)

/* Runs with RLIMIT_FSIZE: writes beyond FILE_SIZE_LIMIT fail with EFBIG (SIGXFSZ ignored).
 * Says "span ID" for a committed edit, then "import-failed DOMAIN CODE MESSAGE" (or
 * "import-succeeded"), then "span ID" again to show the project still takes edits. */
static void
full_disk_main (int      to_parent,
                int      from_parent,
                gpointer data)
{
  const char *path = data;
  struct rlimit limit = { FILE_SIZE_LIMIT, FILE_SIZE_LIMIT };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GlsDocument) doc = NULL;
  g_autoptr(GString) big = NULL;
  GlsProject *project;
  GlsLabel *gpe;
  GlsFragment f1 = { 40, 47 };
  GlsFragment f2 = { 50, 57 };
  gint64 id;

  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    {
      child_say (to_parent, "setrlimit-failed %s\n", g_strerror (errno));
      return;
    }

  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  if (project == NULL)
    {
      child_say_error (to_parent, "error", error);
      return;
    }
  gls_project_set_annotator (project, "disk");
  doc = g_list_model_get_item (gls_project_get_documents (project), 1);
  gpe = gls_project_find_label (project, "GPE");

  id = gls_project_add_span (project, gls_document_get_id (doc), &f1, 1, gls_label_get_id (gpe),
                             &error);
  if (id == 0)
    {
      child_say_error (to_parent, "error", error);
      g_object_unref (project);
      return;
    }
  child_say (to_parent, "span %" G_GINT64_FORMAT "\n", id);

  big = g_string_sized_new (BIG_TEXT_SIZE + 256);
  while (big->len < BIG_TEXT_SIZE)
    g_string_append (big, article);

  import = gls_import_begin (project, "import", &error);
  if (import != NULL &&
      gls_import_add_document (import, "Too big", big->str, big->len, NULL, &error) != 0 &&
      gls_import_commit (import, &error))
    child_say (to_parent, "import-succeeded\n");
  else
    child_say_error (to_parent, "import-failed", error);
  g_clear_error (&error);
  g_clear_pointer (&import, gls_import_free);

  /* A failed save does not break the project: the next small edit goes through. */
  id = gls_project_add_span (project, gls_document_get_id (doc), &f2, 1, gls_label_get_id (gpe),
                             &error);
  if (id == 0)
    child_say_error (to_parent, "error", error);
  else
    child_say (to_parent, "span %" G_GINT64_FORMAT "\n", id);

  g_clear_object (&doc);
  g_object_unref (project);
}

static void
test_disk_full (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *line3 = NULL;
  g_autofree char *expected_code = g_strdup_printf ("import-failed %s %d ",
                                                    g_quark_to_string (GLS_ERROR), GLS_ERROR_IO);
  g_autofree char *leftover = NULL;
  GlsProjectStats stats;
  GlsProject *project;
  Child child;
  gint64 span1, span2;
  GStatBuf st;

  make_project (t->path);
  g_assert_cmpint (g_stat (t->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, FILE_SIZE_LIMIT / 2);

  child_start (&child, full_disk_main, t->path);
  line1 = parent_read_line (child.from_child);
  line2 = parent_read_line (child.from_child);
  line3 = parent_read_line (child.from_child);
  leftover = parent_read_line (child.from_child);
  g_assert_cmpint (child_finish (&child), ==, 0);
  g_test_message ("child said: %s | %s | %s", line1, line2, line3);

  /* An edit made before the disk filled up was saved. */
  g_assert_nonnull (line1);
  g_assert_true (g_str_has_prefix (line1, "span "));
  span1 = g_ascii_strtoll (line1 + 5, NULL, 10);

  /* The import failed as an I/O error naming the file, not as a crash or a half import. */
  g_assert_nonnull (line2);
  g_assert_cmpstr (line2, !=, "import-succeeded");
  if (!g_str_has_prefix (line2, expected_code))
    g_error ("expected a GLS_ERROR_IO, got: %s", line2);
  g_assert_nonnull (strstr (line2, t->path));

  /* The project took a small edit afterwards. */
  g_assert_nonnull (line3);
  g_assert_true (g_str_has_prefix (line3, "span "));
  span2 = g_ascii_strtoll (line3 + 5, NULL, 10);
  g_assert_null (leftover);

  /* Nothing was lost and nothing half-done remains. */
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==,
                    N_DOCUMENTS);
  g_assert_true (gls_project_get_stats (project, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_spans, ==, N_DOCUMENTS * N_SPANS_PER_DOCUMENT + 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GlsSpan) span = gls_project_get_span (project, i ? span2 : span1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gls_span_get_annotator (span), ==, "disk");
      g_assert_cmpint (gls_span_get_start (span), ==, i ? 50 : 40);
    }
  g_assert_finalize_object (project);

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (t->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM journal WHERE op = 'import'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bad-files/not-sqlite", test_not_sqlite);
  g_test_add_func ("/bad-files/short-text", test_short_text);
  g_test_add_func ("/bad-files/empty", test_empty);
  g_test_add_func ("/bad-files/png", test_png);
  g_test_add_func ("/bad-files/other-sqlite", test_other_sqlite);
  g_test_add_func ("/bad-files/other-sqlite-wal", test_other_sqlite_wal);
  g_test_add_func ("/bad-files/directory", test_directory);
  g_test_add_func ("/bad-files/missing", test_missing);
  g_test_add_func ("/bad-files/truncated", test_truncated);
  g_test_add_func ("/bad-files/garbage-pages", test_garbage_pages);
  g_test_add_func ("/bad-files/too-new", test_too_new);
  g_test_add_func ("/bad-files/read-only", test_read_only);
  g_test_add_func ("/bad-files/read-only-flag", test_read_only_flag);
  g_test_add_func ("/bad-files/locked", test_locked);
  g_test_add_func ("/bad-files/create-existing", test_create_existing);
  g_test_add_func ("/bad-files/disk-full", test_disk_full);

  return g_test_run ();
}
