/* test-format-prodigy.c — Prodigy JSONL: code points, tokens, relations, annotators, losses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-test-core.h"


/* The texts of the hand-written fixtures: accents, Cyrillic and an emoji, which Prodigy (Python)
 * counts as one character like Glossator. */
#define TEXT1 "😀 Zoë Müller met Дмитрий Иванов in Zürich."
#define TEXT2 "Ёлка 🎄 в Москве: Газпром и Сбербанк — partenaires d'Hélène Dupré."
#define TEXT3 "Nothing to see here."

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-prodigy-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const char *
data_file (const char *name)
{
  return g_test_get_filename (G_TEST_DIST, "data", "formats", "prodigy", name, NULL);
}

/* What Prodigy carries: contiguous spans (overlapping ones too), relations, one annotator per
 * document. "Hélène Dupré" starts inside the word "d'Hélène", so a token boundary is forced. */
static GlsProject *
build_clean_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_project (f->dir, "source.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  gint64 d1, d2, zoe, dmitry, moscow, gazprom;

  g_assert_no_error (error);
  d1 = gls_import_add_document (import, "Zürich", TEXT1, -1, "one.txt", &error);
  g_assert_no_error (error);
  d2 = gls_import_add_document (import, "Ёлка", TEXT2, -1, NULL, &error);
  g_assert_no_error (error);
  gls_import_add_document (import, "Nothing", TEXT3, -1, "three.txt", &error);
  g_assert_no_error (error);

  zoe = gls_test_add_span (import, d1, 2, 12, "PERSON", "anna");
  dmitry = gls_test_add_span (import, d1, 17, 31, "PERSON", "anna");
  gls_test_add_span (import, d1, 35, 41, "GPE", "anna");
  moscow = gls_test_add_span (import, d2, 9, 15, "GPE", "ben");
  gazprom = gls_test_add_span (import, d2, 17, 24, "ORG", "ben");
  gls_test_add_span (import, d2, 27, 35, "ORG", "ben");
  gls_test_add_span (import, d2, 52, 64, "PERSON", "ben");
  gls_test_add_span (import, d2, 52, 58, "PERSON", "ben");   /* overlapping: "Hélène" */

  gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", gazprom, moscow, "ben", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

/* Two annotators in one document, and everything Prodigy cannot carry. */
static GlsProject *
build_lossy_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_project (f->dir, "lossy.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GlsFragment pieces[] = { { 2, 5 }, { 17, 24 } };
  gint64 d1, zoe, dmitry, split, zurich;

  g_assert_no_error (error);
  d1 = gls_import_add_document (import, "Zürich", TEXT1, -1, "one.txt", &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer)"gender", (gpointer)"f");
  zoe = gls_import_add_span (import, d1, &(GlsFragment){ 2, 12 }, 1, "PERSON", "anna",
                             "checked twice", "Q42", attributes, &error);
  g_assert_no_error (error);
  dmitry = gls_test_add_span (import, d1, 17, 31, "PERSON", "anna");
  split = gls_import_add_span (import, d1, pieces, 2, "MISC", "anna", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gls_test_add_span (import, d1, 12, 13, "MISC", "anna");   /* a space: no token */
  zurich = gls_test_add_span (import, d1, 35, 41, "GPE", "ben");
  gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "member-of", split, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", dmitry, zurich, "anna", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

static char *
export_prodigy (Fixture       *f,
                GlsProject    *project,
                const char    *name,
                const char    *annotators,
                GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  char *path = g_build_filename (f->dir, name, NULL);

  if (annotators != NULL)
    g_hash_table_insert (options, (gpointer)"annotators", (gpointer)annotators);
  gls_export_run (project, &gls_format_prodigy, path, NULL, options, report, NULL, NULL, NULL,
                  &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
import_text (Fixture     *f,
             const char  *name,
             const char  *contents,
             gssize       length,
             GHashTable  *options,
             GError     **error)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *project_name = g_strconcat (name, ".glossator", NULL);
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, project_name);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return gls_import_run (project, &gls_format_prodigy, path, NULL, options, error);
}

/* The token of @task that starts at @start, or -1. */
static gint64
token_at (JsonObject *task,
          gint64      start)
{
  JsonArray *tokens = json_object_get_array_member (task, "tokens");

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    if (json_object_get_int_member (json_array_get_object_element (tokens, i), "start") == start)
      return i;
  return -1;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) summary = NULL;
  const char * const expected[] = {
    "D " TEXT1,
    "D " TEXT2,
    "S " TEXT1 " | 2-12 PERSON by news_ner-anna",
    "S " TEXT1 " | 17-31 PERSON by news_ner-anna",
    "S " TEXT1 " | 35-41 GPE by news_ner-anna",
    "S " TEXT1 " | 2-12 PERSON by news_ner-ben",
    "S " TEXT1 " | 35-41 LOC by news_ner-ben",
    "S " TEXT2 " | 9-15 GPE by news_rel-anna",
    "S " TEXT2 " | 17-24 ORG by news_rel-anna",
    "S " TEXT2 " | 27-35 ORG by news_rel-anna",
    "S " TEXT2 " | 52-64 PERSON by news_rel-anna",
    "R " TEXT2 " | located-in: 17-24 ORG -> 9-15 GPE",
    "S " TEXT2 " | 52-64 PERSON by news_spans-carl",
    "S " TEXT2 " | 52-58 PERSON by news_spans-carl",
    NULL
  };

  /* The rejected task (with an unknown label) and the ignored one add nothing. */
  gls_import_run (project, &gls_format_prodigy, data_file ("annotations.jsonl"), NULL, NULL,
                  &error);
  g_assert_no_error (error);
  summary = gls_test_summarize (f->dir, project, TRUE);
  gls_test_assert_same_strv (summary, (GStrv)expected);

  {
    GListModel *documents = gls_project_get_documents (project);
    g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, 0);

    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 2);
    g_assert_cmpstr (gls_document_get_title (doc), ==, "annotations.jsonl:1");
    g_assert_cmpstr (gls_document_get_source (doc), ==, "wire-2024-03-11.txt");
  }
}

static void
test_import_annotator (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) annotators = NULL;

  gls_import_run (project, &gls_format_prodigy, data_file ("annotations.jsonl"), "zoe", NULL,
                  &error);
  g_assert_no_error (error);
  annotators = gls_project_list_annotators (project);
  g_assert_cmpuint (g_strv_length (annotators), ==, 1);
  g_assert_cmpstr (annotators[0], ==, "zoe");
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_prodigy (f, project, "out.jsonl", NULL, report);
  g_autoptr(GPtrArray) tasks = gls_test_read_jsonl (path);
  JsonObject *first = gls_test_object_with_text (tasks, TEXT1);
  JsonObject *second = gls_test_object_with_text (tasks, TEXT2);
  JsonArray *tokens = json_object_get_array_member (first, "tokens");
  JsonObject *zoe_token = json_array_get_object_element (tokens, 1);
  JsonArray *spans = json_object_get_array_member (first, "spans");
  JsonObject *zoe = json_array_get_object_element (spans, 0);
  JsonObject *relation;
  JsonObject *meta = json_object_get_object_member (first, "meta");
  gint64 helene;

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "answer"), ==, "accept");
  g_assert_cmpstr (json_object_get_string_member (first, "_annotator_id"), ==, "anna");
  g_assert_cmpstr (json_object_get_string_member (second, "_annotator_id"), ==, "ben");
  g_assert_cmpstr (json_object_get_string_member (meta, "title"), ==, "Zürich");
  g_assert_cmpstr (json_object_get_string_member (meta, "source"), ==, "one.txt");

  /* Tokens in code points: the emoji is one; "ws" tells the space after a token. */
  g_assert_cmpstr (json_object_get_string_member (zoe_token, "text"), ==, "Zoë");
  g_assert_cmpint (json_object_get_int_member (zoe_token, "start"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (zoe_token, "end"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (zoe_token, "id"), ==, 1);
  g_assert_true (json_object_get_boolean_member (zoe_token, "ws"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (tokens, 7), "ws"));

  /* token_end is inclusive: "Zoë Müller" is tokens 1 and 2. */
  g_assert_cmpint (json_object_get_int_member (zoe, "start"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (zoe, "end"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (zoe, "token_start"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (zoe, "token_end"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (zoe, "label"), ==, "PERSON");

  /* Relations point at the last token of each span. */
  relation = json_array_get_object_element (json_object_get_array_member (first, "relations"), 0);
  g_assert_cmpstr (json_object_get_string_member (relation, "label"), ==, "met-with");
  g_assert_cmpint (json_object_get_int_member (relation, "head"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (relation, "child"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (relation,
                                                                              "child_span"),
                                               "start"), ==, 17);
  g_assert_false (json_object_has_member (gls_test_object_with_text (tasks, TEXT3), "relations"));

  /* The span boundary cuts "d'Hélène"; both overlapping spans are kept. */
  helene = token_at (second, 52);
  g_assert_cmpint (helene, >, 0);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (second, "tokens"), helene),
    "text"), ==, "Hélène");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "spans")), ==, 5);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *annotators = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) source = build_clean_project (f);
  g_autoptr(GlsProject) copy = gls_test_new_project (f->dir, "copy.glossator");
  g_autofree char *path = export_prodigy (f, source, "round.jsonl", annotators, NULL);
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  gls_import_run (copy, &gls_format_prodigy, path, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Everything, annotators included (in "_annotator_id"). */
  before = gls_test_summarize (f->dir, source, TRUE);
  after = gls_test_summarize (f->dir, copy, TRUE);
  gls_test_assert_same_strv (before, after);
  {
    GListModel *documents = gls_project_get_documents (copy);
    g_autoptr(GlsDocument) first = g_list_model_get_item (documents, 0);

    g_assert_cmpstr (gls_document_get_title (first), ==, "Zürich");
    g_assert_cmpstr (gls_document_get_source (first), ==, "one.txt");
  }
}

static void
test_round_trip_split (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) source = gls_test_new_project (f->dir, "source.glossator");
  g_autoptr(GlsProject) copy = gls_test_new_project (f->dir, "copy.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  {
    g_autoptr(GlsImport) import = gls_import_begin (source, "test", &error);
    gint64 d1, zoe, dmitry, zoe_ben, zurich_ben;

    g_assert_no_error (error);
    d1 = gls_import_add_document (import, "Zürich", TEXT1, -1, "one.txt", &error);
    g_assert_no_error (error);
    zoe = gls_test_add_span (import, d1, 2, 12, "PERSON", "anna");
    dmitry = gls_test_add_span (import, d1, 17, 31, "PERSON", "anna");
    zoe_ben = gls_test_add_span (import, d1, 2, 12, "PERSON", "ben");
    zurich_ben = gls_test_add_span (import, d1, 35, 41, "LOC", "ben");
    gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
    g_assert_no_error (error);
    gls_import_add_relation (import, "located-in", zoe_ben, zurich_ben, "ben", &error);
    g_assert_no_error (error);
    gls_import_commit (import, &error);
    g_assert_no_error (error);
  }

  /* One task per annotator, as Prodigy stores several people's answers. */
  path = export_prodigy (f, source, "split.jsonl", "split", report);
  tasks = gls_test_read_jsonl (path);
  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);

  gls_import_run (copy, &gls_format_prodigy, path, NULL, NULL, &error);
  g_assert_no_error (error);
  before = gls_test_summarize (f->dir, source, TRUE);
  after = gls_test_summarize (f->dir, copy, TRUE);
  gls_test_assert_same_strv (before, after);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (copy)), ==, 1);
}

static void
test_loss_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_lossy_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_prodigy (f, project, "lossy.jsonl", NULL, report);
  g_autoptr(GPtrArray) tasks = gls_test_read_jsonl (path);
  JsonObject *task = gls_test_object_with_text (tasks, TEXT1);
  g_autofree char *text = gls_loss_report_to_text (report);

  /* Merged: one task, no annotator named, Zoë, Дмитрий and Zürich with both relations. */
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_false (json_object_has_member (task, "_annotator_id"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (task, "spans")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (task, "relations")), ==,
                    2);

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 7);
  g_assert_nonnull (strstr (text, "\t2-24\tdiscontinuous span (2 fragments, MISC) not exported"));
  g_assert_nonnull (strstr (text, "\t12-13\tspan (MISC) not exported: it covers no token"));
  g_assert_nonnull (strstr (text, "\t2-12\tnote not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\tknowledge-base id “Q42” not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\t1 attribute(s) not exported"));
  g_assert_nonnull (strstr (text, "(member-of) not exported: one of its spans was not exported"));
  g_assert_nonnull (strstr (text, "annotators merged into one task: spans by anna, ben"));
}

static void
test_loss_report_split (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_lossy_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_prodigy (f, project, "lossy.jsonl", "split", report);
  g_autoptr(GPtrArray) tasks = gls_test_read_jsonl (path);
  g_autofree char *text = gls_loss_report_to_text (report);

  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 7);
  g_assert_nonnull (strstr (text, "(located-in) not exported: its spans are by anna and ben"));
  g_assert_null (strstr (text, "merged"));
}

static void
test_bad_option (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (f->dir, "x.jsonl", NULL);

  g_hash_table_insert (options, (gpointer)"annotators", (gpointer)"all");
  g_assert_false (gls_export_run (project, &gls_format_prodigy, path, NULL, options, NULL, NULL,
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
}

typedef struct
{
  const char *name;
  const char *contents;
  GlsError code;
  const char *message;
} BadFile;

static const BadFile bad_files[] = {
  { "past-end.jsonl",
    "{\"text\": \"Zoë 😀\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PERSON\"}]}\n"
    "{\"text\": \"Ёлка 😀\", \"spans\": [{\"start\": 0, \"end\": 7, \"label\": \"PERSON\"}], "
    "\"answer\": \"accept\"}\n",
    GLS_ERROR_OFFSET, "past-end.jsonl:2: span 1: offsets 0–7 are not a range inside the text "
    "(6 characters)" },
  { "unknown-label.jsonl",
    "\n{\"text\": \"Zoë\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"WIZARD\"}]}\n",
    GLS_ERROR_UNKNOWN_LABEL, "unknown-label.jsonl:2: span 1: unknown label “WIZARD”" },
  { "latin1.jsonl",
    "{\"text\": \"Zo\xeb\", \"spans\": []}\n",
    GLS_ERROR_ENCODING, "latin1.jsonl:1: not valid UTF-8" },
  { "lone-surrogate.jsonl",
    "{\"text\": \"\\ud83d Zoë\", \"spans\": []}\n",
    GLS_ERROR_ENCODING, "lone-surrogate.jsonl:1: the text is not valid UTF-8" },
  { "malformed.jsonl",
    "{\"text\": \"Zoë\", \"spans\": []}\n"
    "{\"text\": \"Zoë\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PERSON\"]}\n",
    GLS_ERROR_PARSE, "malformed.jsonl:2: not valid JSON: " },
  { "utf16-offsets.jsonl",
    "{\"text\": \"😀 Zoë\", \"tokens\": [{\"text\": \"😀\", \"start\": 0, \"end\": 1, \"id\": 0, "
    "\"ws\": true}, {\"text\": \"Zoë\", \"start\": 2, \"end\": 5, \"id\": 1, \"ws\": false}], "
    "\"spans\": [{\"start\": 3, \"end\": 6, \"token_start\": 1, \"token_end\": 1, "
    "\"label\": \"PERSON\"}]}\n",
    GLS_ERROR_OFFSET, "utf16-offsets.jsonl:1: span 1: offsets 3–6 are not a range" },
  { "token-shifted.jsonl",
    "{\"text\": \"😀 Zoë\", \"tokens\": [{\"text\": \"😀\", \"start\": 0, \"end\": 1, \"id\": 0, "
    "\"ws\": true}, {\"text\": \"Zoë\", \"start\": 2, \"end\": 5, \"id\": 1, \"ws\": false}], "
    "\"spans\": [{\"start\": 1, \"end\": 5, \"token_start\": 1, \"token_end\": 1, "
    "\"label\": \"PERSON\"}]}\n",
    GLS_ERROR_OFFSET, "token-shifted.jsonl:1: span 1: its token_start 1 does not start at its "
    "start 1" },
  { "no-label.jsonl",
    "{\"text\": \"Zoë\", \"spans\": [{\"start\": 0, \"end\": 3}]}\n",
    GLS_ERROR_PARSE, "no-label.jsonl:1: span 1 has no “label”" },
  { "dangling.jsonl",
    "{\"text\": \"Zoë met Ива\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PERSON\"}], "
    "\"relations\": [{\"head\": 0, \"child\": 2, \"head_span\": {\"start\": 0, \"end\": 3, "
    "\"label\": \"PERSON\"}, \"child_span\": {\"start\": 8, \"end\": 11, \"label\": \"PERSON\"}, "
    "\"label\": \"met-with\"}]}\n",
    GLS_ERROR_PARSE, "dangling.jsonl:1: relation 1: its child_span 8–11 is not among the line's "
    "spans" },
  { "no-text.jsonl", "{\"spans\": []}\n", GLS_ERROR_PARSE,
    "no-text.jsonl:1: the task has no string “text”" },
  { "empty.jsonl", "\n", GLS_ERROR_PARSE, "empty.jsonl: no tasks in the file" },
};

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_text (f, bad->name, bad->contents, -1, NULL, &error));
  g_assert_error (error, GLS_ERROR, (gint)bad->code);
  if (strstr (error->message, bad->message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, bad->message);
}

/* A task of about 2 MB: read whole under the default limit, refused above a lower one. */
static char *
long_line (gsize *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new ("😀 ");
  g_autoptr(GString) line = NULL;
  g_autofree char *data = NULL;
  glong n_chars;

  for (guint i = 0; i < 2 * 1024 * 1024 / 16; i++)
    g_string_append (text, "Москва и Zürich ");
  g_string_append (text, "Zoë");
  n_chars = g_utf8_strlen (text->str, -1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text->str);
  json_builder_set_member_name (builder, "spans");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, n_chars - 3);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, n_chars);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, "PERSON");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, "accept");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, length);
  line = g_string_new ("{\"text\": \"short\", \"spans\": []}\n");
  g_string_append_len (line, data, (gssize)*length);
  g_string_append_c (line, '\n');
  *length = line->len;
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
test_long_line (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (f->dir, "long.jsonl", NULL);
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "long.glossator");
  gsize length;
  g_autofree char *contents = long_line (&length);

  g_assert_cmpuint (length, >, 2 * 1024 * 1024);
  g_assert_true (g_file_set_contents (path, contents, (gssize)length, NULL));
  gls_import_run (project, &gls_format_prodigy, path, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    GListModel *documents = gls_project_get_documents (project);
    g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, 1);
    g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (doc), NULL);
    g_autoptr(GlsSpan) span = g_list_model_get_item (spans, 0);

    g_assert_cmpint (gls_span_get_end (span), ==, gls_document_get_length (doc));
  }

  g_hash_table_insert (options, (gpointer)"max-line-bytes", (gpointer)"1048576");
  g_assert_false (import_text (f, "too-long.jsonl", contents, (gssize)length, options, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message,
                            "too-long.jsonl:2: the line is longer than 1048576 bytes"));
}

static void
test_probe (void)
{
  g_autofree char *fixture = NULL;
  gsize length;
  const char *manual = "{\"text\": \"Zoë\", \"tokens\": [], \"spans\": [{\"start\": 0, \"end\": 3, "
                       "\"label\": \"PERSON\"}], \"answer\": \"accept\"}\n";
  const char *glossator = "{\"id\": 3, \"text\": \"Zoë\", \"spans\": [{\"start\": 0, \"end\": 3, "
                          "\"label\": \"PERSON\", \"annotator\": \"anna\"}]}\n";
  const char *doccano = "{\"id\": 1, \"text\": \"Zoë\", \"label\": [[0, 3, \"PERSON\"]]}\n";

  g_assert_true (g_file_get_contents (data_file ("annotations.jsonl"), &fixture, &length, NULL));
  g_assert_cmpint (gls_format_prodigy.probe ("a.jsonl", fixture, MIN (length, 4096)), >=, 90);
  g_assert_cmpint (gls_format_prodigy.probe ("a.jsonl", manual, strlen (manual)), >=, 80);
  g_assert_cmpint (gls_format_prodigy.probe ("a.jsonl", glossator, strlen (glossator)), ==, 0);
  g_assert_cmpint (gls_format_prodigy.probe ("a.jsonl", doccano, strlen (doccano)), ==, 0);
  g_assert_cmpint (gls_format_prodigy.unit, ==, GLS_OFFSET_CODE_POINTS);
  g_assert_cmpstr (gls_format_prodigy.name, ==, "prodigy");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prodigy/probe", test_probe);
  g_test_add ("/prodigy/import/tasks", Fixture, NULL, fixture_set_up, test_import,
              fixture_tear_down);
  g_test_add ("/prodigy/import/annotator", Fixture, NULL, fixture_set_up, test_import_annotator,
              fixture_tear_down);
  g_test_add ("/prodigy/export/tasks", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add ("/prodigy/export/losses", Fixture, NULL, fixture_set_up, test_loss_report,
              fixture_tear_down);
  g_test_add ("/prodigy/export/losses-split", Fixture, NULL, fixture_set_up,
              test_loss_report_split, fixture_tear_down);
  g_test_add ("/prodigy/export/bad-option", Fixture, NULL, fixture_set_up, test_bad_option,
              fixture_tear_down);
  g_test_add ("/prodigy/round-trip/merge", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/prodigy/round-trip/split", Fixture, NULL, fixture_set_up, test_round_trip_split,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/prodigy/bad/%s", bad_files[i].name);
      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  g_test_add ("/prodigy/bad/long-line", Fixture, NULL, fixture_set_up, test_long_line,
              fixture_tear_down);

  return g_test_run ();
}
