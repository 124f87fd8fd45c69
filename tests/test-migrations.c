/* test-migrations.c — projects from older versions open, upgrade once, and lose nothing
 *
 * tests/data/project-v1.sql builds a schema-version-1 project the way Glossator 0.1 wrote it.
 * Opening it must upgrade it to the current schema in place, after copying the old file to
 * NAME.v1.bak, with every row and id intact, and never again on the next open. A version-2
 * file (before the full-text index) must come out searchable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "gls-error.h"
#include "gls-project.h"
#include "gls-review.h"
#include "gls-search.h"
#include "gls-test-core.h"

#define V1_TITLE "Summit coverage"

/* ------------------------------------------------------------------------------------------ */
/* Temporary folder and files                                                                   */

typedef struct
{
  char *dir;
  char *path;    /* dir/summit.glossator */
  char *backup;  /* dir/summit.glossator.v1.bak */
} TmpDir;

static TmpDir *
tmp_dir_new (void)
{
  TmpDir *t = g_new0 (TmpDir, 1);

  t->dir = gls_test_make_tmp_dir ("gls-migrations-XXXXXX");
  t->path = g_build_filename (t->dir, "summit.glossator", NULL);
  t->backup = g_strconcat (t->path, ".v1.bak", NULL);
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
  g_free (t->backup);
  g_free (t->path);
  g_free (t->dir);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

/* SHA-256 and mtime: enough to tell that nobody wrote to a file. */
static char *
file_fingerprint (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  GStatBuf st;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
  return g_strdup_printf ("%s %" G_GINT64_FORMAT ".%09ld", sha, (gint64)st.st_mtim.tv_sec,
                          st.st_mtim.tv_nsec);
}

/* Runs tests/data/project-v1.sql into a new file at @path. */
static void
build_v1_project (const char *path)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "project-v1.sql", NULL);
  g_autofree char *script = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  char *message = NULL;
  sqlite3 *db = NULL;

  g_file_get_contents (fixture, &script, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_exec (db, script, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", fixture, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------------------------------ */
/* Looking inside with SQLite alone                                                             */

/* Immutable: SQLite reads the main file and nothing else, creates no -wal or -shm, takes no
 * lock. A project Glossator closed must be complete in its main file. */
static sqlite3 *
db_open_read_only (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  return db;
}

static gint64
db_int (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
file_int (const char *path,
          const char *sql)
{
  sqlite3 *db = db_open_read_only (path);
  gint64 value = db_int (db, sql);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

/* Every row of every version-1 table, version-1 columns only, in id order, as text. */
static const char * const v1_tables[][2] = {
  { "meta", "key, value" },
  { "documents", "id, title, text, source, imported, status, length, digest" },
  { "labels", "id, name, color, key, description, position" },
  { "annotators", "id, name" },
  { "spans", "id, document, label, annotator, start, end, fragments, created, changed" },
  { "relations", "id, type, source, target, annotator, created" },
  { "journal", "id, time, annotator, op, document, changes, undoable, state" },
};

static char *
dump_v1_data (const char *path)
{
  sqlite3 *db = db_open_read_only (path);
  GString *dump = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (v1_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY 1", v1_tables[i][1],
                                              v1_tables[i][0]);
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      g_string_append_printf (dump, "[%s]\n", v1_tables[i][0]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (dump, "%s%d:%s", c ? " | " : "", sqlite3_column_type (stmt, c),
                                    (const char *)sqlite3_column_text (stmt, c));
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_string_free (dump, FALSE);
}

static char *
dump_schema (const char *path)
{
  sqlite3 *db = db_open_read_only (path);
  GString *dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                           "ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (dump, "%s %s %s: %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_string_free (dump, FALSE);
}

static gboolean
has_column (const char *path,
            const char *table,
            const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s') "
                                          "WHERE name = '%s'", table, column);
  return file_int (path, sql) > 0;
}

/* ------------------------------------------------------------------------------------------ */
/* What the fixture holds, as the API must show it                                              */

typedef struct
{
  gint64 id;
  gint64 document;
  const char *label;
  const char *annotator;
  const char *fragments;   /* as gls_fragments_to_string() writes them */
  const char *covered;     /* the text, fragments joined by " … " */
} V1Span;

static const V1Span v1_spans[] = {
  { 1, 1, "PERSON", "anna", "22-33", "Mike Pompeo" },
  { 2, 1, "PERSON", "anna", "56-70", "Vladimir Putin" },
  { 3, 1, "GPE", "anna", "74-79", "Sochi" },
  { 4, 1, "PERSON", "boris", "92-105", "Сергей Лавров" },
  { 5, 2, "PERSON", "boris", "0-13", "Angela Merkel" },
  { 6, 2, "GPE", "boris", "22-27", "Paris" },
  { 7, 2, "ORG", "anna", "69-75,87-98", "French … governments" },
};

static char *
covered_text (const char        *text,
              const GlsFragment *fragments,
              guint              n_fragments)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_fragments; i++)
    {
      const char *start = g_utf8_offset_to_pointer (text, fragments[i].start);
      const char *end = g_utf8_offset_to_pointer (text, fragments[i].end);

      if (i > 0)
        g_string_append (out, " … ");
      g_string_append_len (out, start, end - start);
    }
  return g_string_free (out, FALSE);
}

static void
assert_v1_span (GlsProject   *project,
                const V1Span *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  g_autofree char *fragments = NULL;
  g_autofree char *text = NULL;
  g_autofree char *covered = NULL;
  GlsLabel *label;

  span = gls_project_get_span (project, expected->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_span_get_id (span), ==, expected->id);
  g_assert_cmpint (gls_span_get_document_id (span), ==, expected->document);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, expected->annotator);
  label = gls_project_lookup_label (project, gls_span_get_label_id (span));
  g_assert_nonnull (label);
  g_assert_cmpstr (gls_label_get_name (label), ==, expected->label);
  fragments = gls_fragments_to_string (gls_span_get_fragments (span),
                                       gls_span_get_n_fragments (span));
  g_assert_cmpstr (fragments, ==, expected->fragments);
  text = gls_project_load_text (project, expected->document, &error);
  g_assert_no_error (error);
  covered = covered_text (text, gls_span_get_fragments (span), gls_span_get_n_fragments (span));
  g_assert_cmpstr (covered, ==, expected->covered);
}

static void
assert_v1_contents (GlsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) annotators = NULL;
  g_autofree char *title = NULL;
  GListModel *documents = gls_project_get_documents (project);
  GListModel *labels = gls_project_get_labels (project);
  static const struct { const char *name, *color, *key; } v1_labels[] = {
    { "PERSON", "#3584e4", "1" }, { "ORG", "#e66100", "2" }, { "GPE", "#26a269", "3" },
  };
  static const struct { const char *title; gint64 length; GlsDocumentStatus status; guint n; }
  v1_documents[] = {
    { "Pompeo meets Putin", 161, GLS_DOCUMENT_DONE, 4 },
    { "Merkel in Paris", 119, GLS_DOCUMENT_IN_PROGRESS, 3 },
  };

  title = gls_project_dup_title (project);
  g_assert_cmpstr (title, ==, V1_TITLE);

  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, G_N_ELEMENTS (v1_documents));
  for (guint i = 0; i < G_N_ELEMENTS (v1_documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      g_autofree char *text = NULL;

      g_assert_cmpint (gls_document_get_id (doc), ==, i + 1);
      g_assert_cmpstr (gls_document_get_title (doc), ==, v1_documents[i].title);
      g_assert_cmpint (gls_document_get_length (doc), ==, v1_documents[i].length);
      g_assert_cmpint (gls_document_get_status (doc), ==, v1_documents[i].status);
      g_assert_cmpuint (gls_document_get_n_spans (doc), ==, v1_documents[i].n);
      text = gls_project_load_text (project, i + 1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_utf8_strlen (text, -1), ==, v1_documents[i].length);
    }

  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, G_N_ELEMENTS (v1_labels));
  for (guint i = 0; i < G_N_ELEMENTS (v1_labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);

      g_assert_cmpint (gls_label_get_id (label), ==, i + 1);
      g_assert_cmpstr (gls_label_get_name (label), ==, v1_labels[i].name);
      g_assert_cmpstr (gls_label_get_color (label), ==, v1_labels[i].color);
      g_assert_cmpstr (gls_label_get_key (label), ==, v1_labels[i].key);
      g_assert_cmpint (gls_label_get_position (label), ==, i);
    }

  for (guint i = 0; i < G_N_ELEMENTS (v1_spans); i++)
    assert_v1_span (project, &v1_spans[i]);

  annotators = gls_project_list_annotators (project);
  g_assert_cmpuint (g_strv_length (annotators), ==, 2);
  g_assert_cmpstr (annotators[0], ==, "anna");
  g_assert_cmpstr (annotators[1], ==, "boris");
}

/* ------------------------------------------------------------------------------------------ */
/* Tests                                                                                        */

static void
test_fixture_is_v1 (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();

  /* The fixture itself: a version-1 Glossator file, in WAL mode like the ones 0.1 made. */
  build_v1_project (t->path);
  g_assert_cmpint (file_int (t->path, "PRAGMA application_id"), ==, 0x474C5353);
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM sqlite_schema "
                                      "WHERE name = 'relation_types'"), ==, 0);
  g_assert_false (has_column (t->path, "spans", "note"));
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM spans"), ==, G_N_ELEMENTS (v1_spans));
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM documents "
                                      "WHERE length (text) != length"), ==, 0);
}

static void
test_upgrade (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *migrated = NULL;
  g_autofree char *in_backup = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected_listing = NULL;
  g_auto(GStrv) relation_types = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsProject *project;

  build_v1_project (t->path);
  original = dump_v1_data (t->path);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (gls_project_get_read_only (project));
  assert_v1_contents (project);

  /* The new columns exist and are empty. */
  span = gls_project_get_span (project, 4, &error);
  g_assert_no_error (error);
  g_assert_null (gls_span_get_note (span));
  g_assert_null (gls_span_get_kb_id (span));
  g_assert_cmpuint (g_hash_table_size (gls_span_get_attributes (span)), ==, 0);
  g_clear_object (&span);

  /* Relation types were collected from the relations. */
  relation_types = gls_project_list_relation_types (project);
  g_assert_cmpuint (g_strv_length (relation_types), ==, 1);
  g_assert_cmpstr (relation_types[0], ==, "met-with");

  /* The old texts were indexed for search: "Лавров" is inside span 4, 92–105. */
  {
    g_autoptr(GArray) hits = gls_project_search (project, "лавров", 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, 1);
    g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).start, ==, 99);
    g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).end, ==, 105);
  }
  g_assert_finalize_object (project);

  /* The file says the current version, and every version-1 row is still there with its id. */
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (t->path, "PRAGMA application_id"), ==, 0x474C5353);
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM pragma_integrity_check "
                                      "WHERE integrity_check != 'ok'"), ==, 0);
  migrated = dump_v1_data (t->path);
  g_assert_cmpstr (migrated, ==, original);

  /* The backup is the untouched version-1 file. */
  g_assert_true (g_file_test (t->backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (file_int (t->backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (file_int (t->backup, "PRAGMA application_id"), ==, 0x474C5353);
  g_assert_cmpint (file_int (t->backup, "SELECT count(*) FROM sqlite_schema "
                                        "WHERE name = 'relation_types'"), ==, 0);
  g_assert_false (has_column (t->backup, "spans", "note"));
  in_backup = dump_v1_data (t->backup);
  g_assert_cmpstr (in_backup, ==, original);

  /* Nothing else was left beside the project. */
  listing = gls_test_list_folder (t->dir, " ");
  expected_listing = g_strdup_printf ("summit.glossator summit.glossator.v1.bak");
  g_assert_cmpstr (listing, ==, expected_listing);

  /* The new columns take values, which survive a reopen. */
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (project, "clara");
  g_assert_true (gls_project_set_span_note (project, 4, "Foreign minister; check spelling",
                                            &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_set_span_kb_id (project, 4, "Q4999", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (project);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  span = gls_project_get_span (project, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gls_span_get_note (span), ==, "Foreign minister; check spelling");
  g_assert_cmpstr (gls_span_get_kb_id (span), ==, "Q4999");
  g_assert_cmpint (gls_span_get_start (span), ==, 92);
  g_assert_cmpint (gls_span_get_end (span), ==, 105);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, "boris");
  g_clear_object (&span);
  g_assert_finalize_object (project);
}

static void
test_same_schema_as_new (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh_path = g_build_filename (t->dir, "fresh.glossator", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  GlsProject *project;

  /* An upgraded file and a new one are the same database: no code path sees a difference. */
  build_v1_project (t->path);
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);
  project = gls_project_create (fresh_path, GLS_PROJECT_CREATE_EMPTY_SCHEMA, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);

  migrated_schema = dump_schema (t->path);
  fresh_schema = dump_schema (fresh_path);
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
}

static void
test_second_open (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_before = NULL;
  g_autofree char *backup_after = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;
  g_autofree char *data_before = NULL;
  g_autofree char *data_after = NULL;
  GlsProject *project;

  build_v1_project (t->path);
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);

  gls_test_age_file (t->backup);
  backup_before = file_fingerprint (t->backup);
  listing_before = gls_test_list_folder (t->dir, " ");
  data_before = dump_v1_data (t->path);

  /* Opening again neither migrates again (step 2 would fail on the existing columns) nor
   * makes or refreshes a backup. */
  for (guint i = 0; i < 2; i++)
    {
      project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      assert_v1_contents (project);
      g_assert_finalize_object (project);
    }

  backup_after = file_fingerprint (t->backup);
  g_assert_cmpstr (backup_after, ==, backup_before);
  listing_after = gls_test_list_folder (t->dir, " ");
  g_assert_cmpstr (listing_after, ==, listing_before);
  data_after = dump_v1_data (t->path);
  g_assert_cmpstr (data_after, ==, data_before);
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM relation_types"), ==, 1);
}

static void
test_undo_history (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsProject *project;

  /* The journal written by version 1 still drives undo and redo. */
  build_v1_project (t->path);
  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (gls_project_can_undo (project));
  op = gls_project_describe_undo (project);
  g_assert_cmpstr (op, ==, "add-span");
  g_assert_true (gls_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_null (gls_project_get_span (project, 7, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The import before it is a barrier. */
  g_assert_false (gls_project_can_undo (project));
  g_assert_finalize_object (project);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gls_project_can_redo (project));
  g_assert_true (gls_project_redo (project, &error));
  g_assert_no_error (error);
  assert_v1_span (project, &v1_spans[6]);
  span = gls_project_get_span (project, 7, &error);
  g_assert_no_error (error);
  g_assert_null (gls_span_get_note (span));
  g_clear_object (&span);
  g_assert_finalize_object (project);
}

static void
test_read_only_refuses_upgrade (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  GlsProject *project;

  /* Upgrading writes; read-only promises not to. So: a clear refusal, and no backup. */
  build_v1_project (t->path);
  gls_test_age_file (t->path);
  before = file_fingerprint (t->path);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_null (project);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, t->path));

  after = file_fingerprint (t->path);
  g_assert_cmpstr (after, ==, before);
  listing = gls_test_list_folder (t->dir, " ");
  g_assert_cmpstr (listing, ==, "summit.glossator");
}

static void
test_failed_upgrade (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  GlsProject *project;
  sqlite3 *db = NULL;

  /* A version-1 file that step 2 cannot upgrade (someone added a table of that name by
   * hand): the upgrade is one transaction, so the file must stay a whole version-1 file. */
  build_v1_project (t->path);
  g_assert_cmpint (sqlite3_open_v2 (t->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE relation_types (x)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  original = dump_v1_data (t->path);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GLS_ERROR);
  g_assert_nonnull (strstr (error->message, t->path));
  g_test_message ("refused: %s (code %d)", error->message, error->code);

  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, 1);
  g_assert_false (has_column (t->path, "spans", "note"));
  after = dump_v1_data (t->path);
  g_assert_cmpstr (after, ==, original);
  /* The backup made before the attempt is there for the user too. */
  g_assert_true (g_file_test (t->backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (file_int (t->backup, "PRAGMA user_version"), ==, 1);
}

/* Runs @sql on @path with a connection of its own, failing the test on an error. */
static void
file_exec (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static const char *v2_munich = "Rocket fans in München 🚀\n\nZoë Müller watched from MÜNCHEN.\n";

/* A version-2 file as Glossator wrote it before the full-text index (schema step 3): a
 * current file with what steps 3 and 4 added taken out again. */
static void
build_v2_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project;

  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_add_document (project, "Pompeo meets Putin",
                            "Mike Pompeo met Vladimir Putin in Sochi.\n", NULL, &error);
  g_assert_no_error (error);
  gls_project_add_document (project, "Rocket fans", v2_munich, NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);

  file_exec (path, "DROP TABLE decisions;"
                   "DROP TRIGGER documents_fts_insert;"
                   "DROP TRIGGER documents_fts_delete;"
                   "DROP TRIGGER documents_fts_update;"
                   "DROP TABLE documents_fts;"
                   "PRAGMA user_version = 2;");
  g_assert_cmpint (file_int (path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE name LIKE 'documents_fts%'"), ==, 0);
}

static void
test_v2_upgrade_searchable (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *backup = g_strconcat (t->path, ".v2.bak", NULL);
  g_autofree char *fresh_path = g_build_filename (t->dir, "fresh.glossator", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *match = NULL;
  GlsProject *project;
  gint64 added;

  build_v2_project (t->path);
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, 2);

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* The documents that were there are found, with offsets in code points. */
  hits = gls_project_search (project, "munchen", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, 2);
  g_assert_cmpuint (g_array_index (hits, GlsSearchHit, 0).n_matches, ==, 2);
  match = g_utf8_substring (v2_munich, g_array_index (hits, GlsSearchHit, 0).start,
                            g_array_index (hits, GlsSearchHit, 0).end);
  g_assert_cmpstr (match, ==, "München");
  g_clear_pointer (&hits, g_array_unref);
  hits = gls_project_search (project, "Putin", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* And so are new ones. */
  added = gls_project_add_document (project, "Later", "Putin again.\n", NULL, &error);
  g_assert_no_error (error);
  hits = gls_project_search (project, "putin", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_true (g_array_index (hits, GlsSearchHit, 0).document_id == added ||
                 g_array_index (hits, GlsSearchHit, 1).document_id == added);
  g_clear_pointer (&hits, g_array_unref);
  g_assert_finalize_object (project);

  /* The file is a current one, like a new file; the version-2 file was kept aside. */
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);
  file_exec (t->path, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')");
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (file_int (backup, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (file_int (backup, "SELECT count(*) FROM documents"), ==, 2);

  project = gls_project_create (fresh_path, GLS_PROJECT_CREATE_EMPTY_SCHEMA, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);
  migrated_schema = dump_schema (t->path);
  fresh_schema = dump_schema (fresh_path);
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
}

/* A version-3 file, from before adjudication (schema step 4): it gains the decisions table,
 * and with it decisions that undo. */
static void
test_v3_upgrade_decisions (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autofree char *fresh_path = g_build_filename (t->dir, "fresh.glossator", NULL);
  g_autofree char *backup = g_strconcat (t->path, ".v3.bak", NULL);
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  GlsProject *project;
  gint64 doc;

  project = gls_project_create (t->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  import = gls_import_begin (project, "import", &error);
  g_assert_no_error (error);
  doc = gls_import_add_document (import, "Sochi", "Mike Pompeo met Sergey Lavrov in Sochi.\n",
                                 -1, NULL, &error);
  g_assert_no_error (error);
  gls_test_add_span (import, doc, 0, 11, "PERSON", "anna");
  gls_test_add_span (import, doc, 5, 11, "PERSON", "ben");
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  g_clear_pointer (&import, gls_import_free);
  g_assert_finalize_object (project);
  file_exec (t->path, "DROP TABLE decisions; PRAGMA user_version = 3;");

  project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (project, "rita");
  units = gls_project_find_disagreements (project, doc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 1);
  g_assert_true (gls_project_decide (project, g_ptr_array_index (units, 0),
                                     GLS_DECISION_ACCEPT, "ben", &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_undo (project, &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_redo (project, &error));
  g_assert_no_error (error);
  g_clear_pointer (&units, g_ptr_array_unref);
  g_assert_finalize_object (project);

  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (t->path, "SELECT count(*) FROM decisions WHERE kind = 'accept' "
                                      "AND accepted = 'ben' AND reviewer = 'rita'"), ==, 1);
  g_assert_cmpint (file_int (backup, "PRAGMA user_version"), ==, 3);

  project = gls_project_create (fresh_path, GLS_PROJECT_CREATE_EMPTY_SCHEMA, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);
  migrated_schema = dump_schema (t->path);
  fresh_schema = dump_schema (fresh_path);
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);
}

static void
test_current_version_no_backup (void)
{
  g_autoptr(TmpDir) t = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  GlsProject *project;
  GlsFragment f = { 0, 4 };
  gint64 doc;

  project = gls_project_create (t->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  doc = gls_project_add_document (project, "Note", "Zoë met Лавров 🚀.", NULL, &error);
  g_assert_no_error (error);
  gls_project_add_span (project, doc, &f, 1,
                        gls_label_get_id (gls_project_find_label (project, "PERSON")), &error);
  g_assert_no_error (error);
  g_assert_finalize_object (project);
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);

  for (guint i = 0; i < 2; i++)
    {
      project = gls_project_open (t->path, GLS_PROJECT_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_finalize_object (project);
    }

  listing = gls_test_list_folder (t->dir, " ");
  g_assert_cmpstr (listing, ==, "summit.glossator");
  g_assert_cmpint (file_int (t->path, "PRAGMA user_version"), ==, GLS_PROJECT_SCHEMA_VERSION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/v1/fixture", test_fixture_is_v1);
  g_test_add_func ("/migrations/v1/upgrade", test_upgrade);
  g_test_add_func ("/migrations/v1/same-schema-as-new", test_same_schema_as_new);
  g_test_add_func ("/migrations/v1/second-open", test_second_open);
  g_test_add_func ("/migrations/v1/undo-history", test_undo_history);
  g_test_add_func ("/migrations/v1/read-only", test_read_only_refuses_upgrade);
  g_test_add_func ("/migrations/v1/failed-upgrade", test_failed_upgrade);
  g_test_add_func ("/migrations/v2/searchable", test_v2_upgrade_searchable);
  g_test_add_func ("/migrations/v3/decisions", test_v3_upgrade_decisions);
  g_test_add_func ("/migrations/current-version-no-backup", test_current_version_no_backup);

  return g_test_run ();
}
