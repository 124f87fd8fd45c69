/* test-cli-review.c — glossator-cli for a reviewer: merging, who did what, consistency,
 * disagreements and adjudication, exporting Gold
 *
 * Runs the real binary (GLS_CLI) in a temporary folder, headless, in C.UTF-8, like
 * test-cli.c: exit statuses (0 ok, 1 error, 2 usage), the exact lines a script reads, errors
 * on standard error that start with "glossator-cli: " and name the file, and projects a
 * failed command leaves byte for byte as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "gls-test-core.h"


static const char sochi[] =
  "Mike Pompeo met Sergey Lavrov in Sochi on Tuesday.\n"
  "Pompeo said Sochi was sunny.\n";
static const char paris[] =
  "Angela Merkel visited Paris. Merkel spoke with Emmanuel Macron.\n";
static const char lisbon[] =
  "Zoë Müller watched the rocket 🚀 lift off near Lisbon.\n";

/* ------------------------------------------------------------------------------------------ */
/* Running glossator-cli                                                                        */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
read_bytes (const char *path)
{
  char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (data, length);
}

/* ------------------------------------------------------------------------------------------ */
/* Two annotators' projects                                                                     */

typedef struct
{
  char *dir;
  char *a;   /* anna's: Sochi, Paris */
  char *b;   /* boris's: Paris, Lisbon, Sochi under other titles */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-test-cli-review-XXXXXX");
  {
    g_autoptr(GlsProject) a = gls_test_new_project (f->dir, "a.glossator");
    g_autoptr(GlsImport) import = gls_import_begin (a, "import", &error);
    gint64 doc_sochi, doc_paris;

    f->a = g_strdup (gls_project_get_path (a));
    doc_sochi = gls_import_add_document (import, "Pompeo in Sochi", sochi, -1, NULL, &error);
    doc_paris = gls_import_add_document (import, "Merkel in Paris", paris, -1, NULL, &error);
    g_assert_no_error (error);
    /* "Sochi" labelled once of twice; "Paris" as a place. */
    gls_test_add_span_at (import, doc_sochi, sochi, "Mike Pompeo", 0, "PERSON", NULL, "anna");
    gls_test_add_span_at (import, doc_sochi, sochi, "Sochi", 0, "GPE", NULL, "anna");
    gls_test_add_span_at (import, doc_paris, paris, "Paris", 0, "GPE", NULL, "anna");
    gls_import_commit (import, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GlsProject) b = gls_test_create_project (f->dir, "b.glossator");
    g_autoptr(GlsImport) import = NULL;
    gint64 doc_paris, doc_lisbon, doc_sochi, pompeo, lavrov;

    f->b = g_strdup (gls_project_get_path (b));
    g_assert_nonnull (gls_project_add_label (b, "WORK", "#123456", NULL, NULL, &error));
    import = gls_import_begin (b, "import", &error);
    g_assert_no_error (error);
    doc_paris = gls_import_add_document (import, "Paris visit", paris, -1, NULL, &error);
    doc_lisbon = gls_import_add_document (import, "Rocket", lisbon, -1, NULL, &error);
    doc_sochi = gls_import_add_document (import, "Sochi talks", sochi, -1, NULL, &error);
    g_assert_no_error (error);
    pompeo = gls_test_add_span_at (import, doc_sochi, sochi, "Mike Pompeo", 0, "PERSON", NULL,
                                   "boris");
    lavrov = gls_test_add_span_at (import, doc_sochi, sochi, "Sergey Lavrov", 0, "PERSON", NULL,
                                   "boris");
    gls_import_add_relation (import, "met-with", pompeo, lavrov, "boris", &error);
    g_assert_no_error (error);
    gls_test_add_span_at (import, doc_sochi, sochi, "Sochi", 0, "GPE", NULL, "anna");
    /* boris calls "Paris" an organisation here, and a place there: a consistency case. */
    gls_test_add_span_at (import, doc_paris, paris, "Paris", 0, "ORG", NULL, "boris");
    gls_test_add_span_at (import, doc_lisbon, lisbon, "rocket", 0, "WORK", NULL, "boris");
    gls_test_add_span_at (import, doc_lisbon, lisbon, "Lisbon", 0, "GPE", NULL, "boris");
    gls_import_commit (import, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_path (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
}

/* ------------------------------------------------------------------------------------------ */
/* import: a .glossator file is merged                                                          */

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) again = NULL;
  g_autoptr(CliResult) stats = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  r = cli_run (f->dir, "import", f->a, f->b, NULL);
  assert_ok (r);
  expected = g_strdup_printf ("merged %s: 2 documents matched, 1 added; 5 spans added, "
                              "1 already there; 1 relation added; 1 label added\n"
                              "  anna: 0 spans added, 1 already there\n"
                              "  boris: 5 spans added, 0 already there\n"
                              "imported 1 document, 5 spans\n", f->b);
  g_assert_cmpstr (r->out, ==, expected);

  stats = cli_run (f->dir, "stats", f->a, NULL);
  assert_ok (stats);
  g_assert_nonnull (strstr (stats->out, "documents: 3\n"));
  g_assert_nonnull (strstr (stats->out, "spans: 8\n"));
  g_assert_nonnull (strstr (stats->out, "spans.WORK: 1\n"));
  g_assert_nonnull (strstr (stats->out, "relations: 1\n"));
  g_assert_nonnull (strstr (stats->out, "annotator: boris\n"));

  /* Again: nothing new, and nothing written. */
  before = read_bytes (f->a);
  again = cli_run (f->dir, "import", f->a, f->b, NULL);
  assert_ok (again);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("merged %s: 3 documents matched, 0 added; 0 spans added, "
                              "6 already there\n"
                              "  anna: 0 spans added, 1 already there\n"
                              "  boris: 0 spans added, 5 already there\n"
                              "imported 0 documents, 0 spans\n", f->b);
  g_assert_cmpstr (again->out, ==, expected);
  after = read_bytes (f->a);
  g_assert_true (g_bytes_equal (before, after));
}

/* A project under another name: by --format, or by what the file holds. */
static void
test_merge_other_name (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *renamed = g_build_filename (f->dir, "boris-work.db", NULL);
  g_autoptr(CliResult) quiet = NULL;
  g_autoptr(CliResult) as = NULL;
  g_autoptr(CliResult) list = NULL;

  g_assert_cmpint (g_rename (f->b, renamed), ==, 0);
  quiet = cli_run (f->dir, "import", "--quiet", f->a, renamed, NULL);
  assert_ok (quiet);
  g_assert_cmpstr (quiet->out, ==, "");

  /* --format glossator, recorded for another annotator. */
  as = cli_run (f->dir, "import", "--format", "glossator", "--annotator", "carla", f->a, renamed,
                NULL);
  assert_ok (as);
  /* All six are carla's now, anna's "Sochi" too: none was there. */
  g_assert_nonnull (strstr (as->out, "\n  carla: 6 spans added, 0 already there\n"));

  list = cli_run (f->dir, "list", "--annotators", f->a, NULL);
  assert_ok (list);
  g_assert_nonnull (strstr (list->out, "anna=2,boris=2,carla=3\tPompeo in Sochi\n"));
}

static void
test_merge_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *notes = g_build_filename (f->dir, "notes.glossator", NULL);
  g_autofree char *article = g_build_filename (f->dir, "article.txt", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) self = NULL;
  g_autoptr(CliResult) mixed = NULL;

  g_assert_true (g_file_set_contents (notes, "Just some notes.\n", -1, NULL));
  g_assert_true (g_file_set_contents (article, "Sochi is sunny.\n", -1, NULL));
  before = read_bytes (f->a);

  r = cli_run (f->dir, "import", f->a, notes, NULL);
  assert_fails (r, CLI_EXIT_ERROR, notes, "not a Glossator project", "nothing was imported",
                NULL);

  self = cli_run (f->dir, "import", f->a, f->a, NULL);
  assert_fails (self, CLI_EXIT_ERROR, f->a, "merged into", NULL);

  /* One transaction: the article and B would go in together, so neither does. */
  mixed = cli_run (f->dir, "import", f->a, article, f->b, notes, NULL);
  assert_fails (mixed, CLI_EXIT_ERROR, notes, "nothing was imported", NULL);

  after = read_bytes (f->a);
  g_assert_true (g_bytes_equal (before, after));
}

/* ------------------------------------------------------------------------------------------ */
/* list --annotators: who did which documents                                                  */

static void
test_list_annotators (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CliResult) merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  g_autoptr(CliResult) list = NULL;
  g_autoptr(CliResult) plain = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *docs;
  JsonObject *who;

  assert_ok (merge);
  list = cli_run (f->dir, "list", "--annotators", f->a, NULL);
  assert_ok (list);
  g_assert_cmpstr (list->out, ==,
                   "1\tnew\t4\tanna=2,boris=2\tPompeo in Sochi\n"
                   "2\tnew\t2\tanna=1,boris=1\tMerkel in Paris\n"
                   "3\tnew\t2\tboris=2\tRocket\n");

  /* Without the option, the lines a script already reads. */
  plain = cli_run (f->dir, "list", f->a, NULL);
  assert_ok (plain);
  g_assert_cmpstr (plain->out, ==,
                   "1\tnew\t4\tPompeo in Sochi\n"
                   "2\tnew\t2\tMerkel in Paris\n"
                   "3\tnew\t2\tRocket\n");

  json = cli_run (f->dir, "list", "--annotators", "--json", f->a, NULL);
  assert_ok (json);
  root = parse_json (json->out);
  docs = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (docs), ==, 3);
  who = json_object_get_object_member (json_array_get_object_element (docs, 0), "annotators");
  g_assert_cmpint (json_object_get_int_member (who, "anna"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (who, "boris"), ==, 2);
  who = json_object_get_object_member (json_array_get_object_element (docs, 2), "annotators");
  g_assert_cmpuint (json_object_get_size (who), ==, 1);
}

/* ------------------------------------------------------------------------------------------ */
/* consistency                                                                                  */

static void
test_consistency (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CliResult) merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) anna = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(CliResult) nobody = NULL;
  g_autoptr(CliResult) usage = NULL;
  g_autoptr(CliResult) help = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *group, *labels;
  JsonArray *groups, *occurrences;

  assert_ok (merge);

  /* anna: "Sochi" labelled once of twice. boris labelled each of his strings once. */
  r = cli_run (f->dir, "consistency", f->a, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==,
                   "“Sochi” (anna): GPE 1, not labelled 1\n"
                   "  1 “Pompeo in Sochi” 33–38: GPE (span 2)\n"
                   "  1 “Pompeo in Sochi” 63–68: not labelled\n"
                   "1 string labelled inconsistently\n");

  anna = cli_run (f->dir, "consistency", "--annotator", "boris", f->a, NULL);
  assert_ok (anna);
  g_assert_cmpstr (anna->out, ==, "no inconsistencies found\n");

  json = cli_run (f->dir, "consistency", "--json", "-a", "anna", f->a, NULL);
  assert_ok (json);
  root = parse_json (json->out);
  groups = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  group = json_array_get_object_element (groups, 0);
  g_assert_cmpstr (json_object_get_string_member (group, "text"), ==, "Sochi");
  g_assert_cmpstr (json_object_get_string_member (group, "annotator"), ==, "anna");
  labels = json_object_get_object_member (group, "labels");
  g_assert_cmpint (json_object_get_int_member (labels, "GPE"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (group, "unlabelled"), ==, 1);
  occurrences = json_object_get_array_member (group, "occurrences");
  g_assert_cmpuint (json_array_get_length (occurrences), ==, 2);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (occurrences, 1),
                                              "label"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (occurrences, 1),
                                               "start"), ==, 63);

  nobody = cli_run (f->dir, "consistency", "--annotator", "nobody", f->a, NULL);
  assert_fails (nobody, CLI_EXIT_ERROR, f->a, "nobody", NULL);

  usage = cli_run (f->dir, "consistency", NULL);
  g_assert_cmpint (usage->status, ==, CLI_EXIT_USAGE);
  help = cli_run (f->dir, "consistency", "--help", NULL);
  assert_ok (help);
  g_assert_true (g_str_has_prefix (help->out, "Usage:\n  glossator-cli consistency "));
}

/* boris called "Paris" ORG in his project, and a place in the reviewer's: once merged, both
 * labels show. */
static void
test_consistency_labels (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CliResult) merge = NULL;
  g_autoptr(CliResult) r = NULL;

  {
    g_autoptr(GlsProject) a = gls_project_open (f->a, GLS_PROJECT_OPEN_DEFAULT, &error);
    GlsFragment where = gls_test_find (paris, "Paris", 0);

    g_assert_no_error (error);
    gls_project_set_annotator (a, "boris");
    gls_project_add_span (a, 2, &where, 1,
                          gls_label_get_id (gls_project_find_label (a, "GPE")), &error);
    g_assert_no_error (error);
  }
  merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  assert_ok (merge);
  r = cli_run (f->dir, "consistency", "-a", "boris", f->a, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==,
                   "“Paris” (boris): GPE 1, ORG 1\n"
                   "  2 “Merkel in Paris” 22–27: GPE (span 4)\n"
                   "  2 “Merkel in Paris” 22–27: ORG (span 5)\n"
                   "1 string labelled inconsistently\n");
}

/* ------------------------------------------------------------------------------------------ */
/* review and adjudicate                                                                        */

/* Rows of @sql on the closed project file, as "a|b" lines. */
static char *
query (const char *path,
       const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s%s", c ? "|" : "",
                                sqlite3_column_type (stmt, c) == SQLITE_NULL ? "NULL"
                                : (const char *)sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CliResult) merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) one = NULL;
  g_autoptr(CliResult) all = NULL;
  g_autoptr(CliResult) named = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(CliResult) help = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *doc, *unit, *progress;
  JsonArray *documents, *units, *spans;

  assert_ok (merge);
  r = cli_run (f->dir, "review", f->a, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==,
                   "1 “Pompeo in Sochi” (anna, boris): 2 disagreements, 2 unsettled; "
                   "1 agreement, 1 not in Gold\n"
                   "  #2 only-some 16–29 “Sergey Lavrov”: anna —; boris PERSON 16–29\n"
                   "  #3 only-some 33–38 “Sochi”: anna GPE 33–38; boris —\n"
                   "2 “Merkel in Paris” (anna, boris): 1 disagreement, 1 unsettled; "
                   "0 agreements, 0 not in Gold\n"
                   "  #1 label 22–27 “Paris”: anna GPE 22–27; boris ORG 22–27\n"
                   "3 “Rocket”: not compared (fewer than two annotators)\n"
                   "Total: 2 documents compared, 0 reviewed; 3 disagreements, 3 unsettled; "
                   "1 agreement, 1 not in Gold\n");

  one = cli_run (f->dir, "review", "--document", "2", f->a, NULL);
  assert_ok (one);
  g_assert_cmpstr (one->out, ==,
                   "2 “Merkel in Paris” (anna, boris): 1 disagreement, 1 unsettled; "
                   "0 agreements, 0 not in Gold\n"
                   "  #1 label 22–27 “Paris”: anna GPE 22–27; boris ORG 22–27\n"
                   "Total: 1 document compared, 0 reviewed; 1 disagreement, 1 unsettled; "
                   "0 agreements, 0 not in Gold\n");

  all = cli_run (f->dir, "review", "--all", "-d", "1", f->a, NULL);
  assert_ok (all);
  g_assert_nonnull (strstr (all->out, "\n  #1 agreement 0–11 “Mike Pompeo”: anna PERSON 0–11; "
                                      "boris PERSON 0–11\n  #2 only-some"));

  /* Named annotators, boris first: the rocket is compared too, anna missing everywhere (the
   * emoji before "Lisbon" is one character). */
  named = cli_run (f->dir, "review", "--annotators", "boris, anna", "-d", "3", f->a, NULL);
  assert_ok (named);
  g_assert_cmpstr (named->out, ==,
                   "3 “Rocket” (boris, anna): 2 disagreements, 2 unsettled; 0 agreements, "
                   "0 not in Gold\n"
                   "  #1 only-some 23–29 “rocket”: boris WORK 23–29; anna —\n"
                   "  #2 only-some 46–52 “Lisbon”: boris GPE 46–52; anna —\n"
                   "Total: 1 document compared, 0 reviewed; 2 disagreements, 2 unsettled; "
                   "0 agreements, 0 not in Gold\n");

  g_clear_pointer (&named, cli_result_free);
  named = cli_run (f->dir, "review", "--annotators", "anna", "-d", "3", f->a, NULL);
  assert_ok (named);
  g_assert_cmpstr (named->out, ==,
                   "3 “Rocket”: none of these annotators has spans in it\n"
                   "Total: 0 documents compared, 0 reviewed; 0 disagreements, 0 unsettled; "
                   "0 agreements, 0 not in Gold\n");

  json = cli_run (f->dir, "review", "--json", f->a, NULL);
  assert_ok (json);
  root = parse_json (json->out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "project"), ==, f->a);
  documents = json_object_get_array_member (object, "documents");
  g_assert_cmpuint (json_array_get_length (documents), ==, 3);
  doc = json_array_get_object_element (documents, 0);
  g_assert_cmpint (json_object_get_int_member (doc, "id"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "annotators")), ==,
                    2);
  units = json_object_get_array_member (doc, "units");
  g_assert_cmpuint (json_array_get_length (units), ==, 2);
  unit = json_array_get_object_element (units, 1);
  g_assert_cmpint (json_object_get_int_member (unit, "unit"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (unit, "kind"), ==, "only-some");
  g_assert_cmpstr (json_object_get_string_member (unit, "text"), ==, "Sochi");
  g_assert_false (json_object_get_boolean_member (unit, "settled"));
  g_assert_true (json_object_get_null_member (unit, "decision"));
  spans = json_object_get_array_member (unit, "spans");
  g_assert_cmpuint (json_array_get_length (spans), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, 0),
                                                  "annotator"), ==, "anna");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, 0),
                                                  "label"), ==, "GPE");
  doc = json_array_get_object_element (documents, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "units")), ==, 0);
  progress = json_object_get_object_member (object, "progress");
  g_assert_cmpint (json_object_get_int_member (progress, "documents"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (progress, "disagreements"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (progress, "unsettled_disagreements"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (progress, "agreements"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (progress, "unsettled_agreements"), ==, 1);

  help = cli_run (f->dir, "review", "--help", NULL);
  assert_ok (help);
  g_assert_true (g_str_has_prefix (help->out, "Usage:\n  glossator-cli review "));
}

static void
test_adjudicate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CliResult) merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  g_autoptr(CliResult) on_paris = NULL;
  g_autoptr(CliResult) again = NULL;
  g_autoptr(CliResult) agreements = NULL;
  g_autoptr(CliResult) lavrov = NULL;
  g_autoptr(CliResult) on_sochi = NULL;
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) jsonl = NULL;
  g_autoptr(CliResult) conll = NULL;
  g_autoptr(CliResult) same = NULL;
  g_autoptr(JsonNode) line = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *decisions = NULL;
  g_autofree char *times = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) bounds = NULL;
  gint64 t0 = g_get_real_time () / G_USEC_PER_SEC;
  JsonArray *spans;

  assert_ok (merge);
  on_paris = cli_run (f->dir, "adjudicate", "--document", "2", "--unit", "1", "--accept",
                      "boris", "--reviewer", "rita", f->a, NULL);
  assert_ok (on_paris);
  g_assert_cmpstr (on_paris->out, ==,
                   "document 2, unit #1 (22–27): accepted boris's version\n"
                   "document 2: 0 disagreements unsettled, 0 agreements not in Gold\n"
                   "document 2 is reviewed\n");
  journal = query (f->a, "SELECT annotator, op, document FROM journal ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (journal, ==, "rita|decide-accept|2\n");
  decisions = query (f->a, "SELECT document, start, end, kind, accepted, annotators, reviewer "
                           "FROM decisions");
  g_assert_cmpstr (decisions, ==, "2|22|27|accept|boris|anna,boris|rita\n");
  times = query (f->a, "SELECT min(j.time), max(d.time) FROM journal j, decisions d "
                       "WHERE j.op LIKE 'decide-%'");
  bounds = g_strsplit (g_strchomp (times), "|", -1);
  g_assert_cmpint (g_ascii_strtoll (bounds[0], NULL, 10), >=, t0);
  g_assert_cmpint (g_ascii_strtoll (bounds[1], NULL, 10), <=, g_get_real_time () / G_USEC_PER_SEC);

  /* The same again: the same answer, nothing recorded. */
  again = cli_run (f->dir, "adjudicate", "-d", "2", "-u", "1", "--accept", "boris", f->a, NULL);
  assert_ok (again);
  g_assert_true (g_str_has_prefix (again->out, "document 2, unit #1 (22–27): accepted boris's "
                                               "version\n"));
  g_clear_pointer (&journal, g_free);
  journal = query (f->a, "SELECT count(*) FROM journal WHERE op LIKE 'decide-%'");
  g_assert_cmpstr (journal, ==, "1\n");

  agreements = cli_run (f->dir, "adjudicate", "--accept-agreements", "--reviewer", "rita", f->a,
                        NULL);
  assert_ok (agreements);
  g_assert_cmpstr (agreements->out, ==, "accepted 1 agreement into Gold\n");
  lavrov = cli_run (f->dir, "adjudicate", "-d", "1", "-u", "2", "--reject", "-r", "rita", f->a,
                    NULL);
  assert_ok (lavrov);
  g_assert_cmpstr (lavrov->out, ==,
                   "document 1, unit #2 (16–29): rejected\n"
                   "document 1: 1 disagreement unsettled, 0 agreements not in Gold\n");
  on_sochi = cli_run (f->dir, "adjudicate", "-d", "1", "-u", "3", "--accept-all", "-r", "rita",
                      f->a, NULL);
  assert_ok (on_sochi);
  g_assert_cmpstr (on_sochi->out, ==,
                   "document 1, unit #3 (33–38): accepted every version\n"
                   "document 1: 0 disagreements unsettled, 0 agreements not in Gold\n"
                   "document 1 is reviewed\n");

  r = cli_run (f->dir, "review", "--all", f->a, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==,
                   "1 “Pompeo in Sochi” (anna, boris): 2 disagreements, 0 unsettled; "
                   "1 agreement, 0 not in Gold; reviewed\n"
                   "  #1 agreement 0–11 “Mike Pompeo”: anna PERSON 0–11; boris PERSON 0–11 "
                   "[in Gold]\n"
                   "  #2 only-some 16–29 “Sergey Lavrov”: anna —; boris PERSON 16–29 [rejected]\n"
                   "  #3 only-some 33–38 “Sochi”: anna GPE 33–38; boris — [accepted all]\n"
                   "2 “Merkel in Paris” (anna, boris): 1 disagreement, 0 unsettled; "
                   "0 agreements, 0 not in Gold; reviewed\n"
                   "  #1 label 22–27 “Paris”: anna GPE 22–27; boris ORG 22–27 [accepted boris]\n"
                   "3 “Rocket”: not compared (fewer than two annotators)\n"
                   "Total: 2 documents compared, 2 reviewed; 3 disagreements, 0 unsettled; "
                   "1 agreement, 0 not in Gold\n");

  /* export --gold: Gold's spans, in every format. */
  jsonl = cli_run (f->dir, "export", "--gold", "--format", "jsonl", f->a, NULL);
  assert_ok (jsonl);
  lines = g_strsplit (jsonl->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  line = parse_json (lines[0]);
  spans = json_object_get_array_member (json_node_get_object (line), "spans");
  g_assert_cmpuint (json_array_get_length (spans), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *span = json_array_get_object_element (spans, i);

      g_assert_cmpstr (json_object_get_string_member (span, "annotator"), ==, "Gold");
      g_assert_cmpstr (json_object_get_string_member (span, "text"), ==,
                       i == 0 ? "Mike Pompeo" : "Sochi");
      g_assert_cmpstr (json_object_get_string_member (span, "label"), ==,
                       i == 0 ? "PERSON" : "GPE");
    }
  g_clear_pointer (&line, json_node_unref);
  line = parse_json (lines[1]);
  spans = json_object_get_array_member (json_node_get_object (line), "spans");
  g_assert_cmpuint (json_array_get_length (spans), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, 0),
                                                  "label"), ==, "ORG");
  g_clear_pointer (&line, json_node_unref);
  line = parse_json (lines[2]);
  spans = json_object_get_array_member (json_node_get_object (line), "spans");
  g_assert_cmpuint (json_array_get_length (spans), ==, 0);

  conll = cli_run (f->dir, "export", "--gold", "--format", "conll", f->a, NULL);
  assert_ok (conll);
  g_assert_true (g_str_has_prefix (conll->out,
                                   "-DOCSTART- O\n\nMike B-PERSON\nPompeo I-PERSON\nmet O\n"
                                   "Sergey O\nLavrov O\nin O\nSochi B-GPE\non O\n"));
  g_assert_nonnull (strstr (conll->out, "\nPompeo O\nsaid O\nSochi O\n"));
  g_assert_nonnull (strstr (conll->out, "\nvisited O\nParis B-ORG\n"));
  g_assert_null (strstr (conll->out, "WORK"));

  same = cli_run (f->dir, "export", "--annotator", "Gold", "--format", "conll", f->a, NULL);
  assert_ok (same);
  g_assert_cmpstr (same->out, ==, conll->out);
}

static void
test_review_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.glossator", NULL);
  g_autoptr(CliResult) merge = cli_run (f->dir, "import", "-q", f->a, f->b, NULL);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify)cli_result_free);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  CliResult *r;

  assert_ok (merge);
  before = read_bytes (f->a);

  r = cli_run (f->dir, "review", missing, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, missing, NULL);
  r = cli_run (f->dir, "review", "--annotators", "anna,nobody", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, f->a, "no annotator named “nobody”", NULL);
  r = cli_run (f->dir, "review", "--annotators", "anna,Gold", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, "Gold", NULL);
  r = cli_run (f->dir, "review", "--document", "9", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, f->a, "no document with id 9", NULL);
  r = cli_run (f->dir, "review", NULL);
  g_ptr_array_add (runs, r);
  g_assert_cmpint (r->status, ==, CLI_EXIT_USAGE);

  r = cli_run (f->dir, "adjudicate", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "--accept-agreements", NULL);
  r = cli_run (f->dir, "adjudicate", "--reject", "--accept-all", "-d", "1", "-u", "2", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "choose one", NULL);
  r = cli_run (f->dir, "adjudicate", "--accept", "anna", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "--document ID and --unit N", NULL);
  r = cli_run (f->dir, "adjudicate", "--accept-agreements", "-d", "1", "-u", "1", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "--unit", NULL);
  r = cli_run (f->dir, "adjudicate", "--accept-agreements", "--reviewer", "Gold", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "Gold", NULL);
  r = cli_run (f->dir, "adjudicate", "-d", "1", "-u", "9", "--reject", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, f->a, "document 1 has 3 units; there is no unit 9", NULL);
  r = cli_run (f->dir, "adjudicate", "-d", "7", "-u", "1", "--reject", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, f->a, "no document with id 7", NULL);
  r = cli_run (f->dir, "adjudicate", "-d", "1", "-u", "2", "--accept", "nobody", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, "“nobody” is not one of the annotators", NULL);
  r = cli_run (f->dir, "adjudicate", "-a", "anna,nobody", "--accept-agreements", f->a, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, "nobody", NULL);
  r = cli_run (f->dir, "adjudicate", "--accept-agreements", missing, NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_ERROR, missing, NULL);
  r = cli_run (f->dir, "export", "--gold", "--annotator", "anna", "--format", "jsonl", f->a,
               NULL);
  g_ptr_array_add (runs, r);
  assert_fails (r, CLI_EXIT_USAGE, "--gold", NULL);

  /* None of that touched the project. */
  after = read_bytes (f->a);
  g_assert_true (g_bytes_equal (before, after));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-review/import-merges-projects", test_merge);
  ADD ("/cli-review/merge-other-name", test_merge_other_name);
  ADD ("/cli-review/merge-refused", test_merge_refused);
  ADD ("/cli-review/list-annotators", test_list_annotators);
  ADD ("/cli-review/consistency", test_consistency);
  ADD ("/cli-review/consistency-labels", test_consistency_labels);
  ADD ("/cli-review/review", test_review);
  ADD ("/cli-review/adjudicate", test_adjudicate);
  ADD ("/cli-review/review-refused", test_review_refused);
#undef ADD

  return g_test_run ();
}
