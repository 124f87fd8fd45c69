/* test-format-labelstudio.c — Label Studio JSON: code points (or UTF-16), annotators, losses
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


/* The texts of the hand-written fixtures: an emoji before the first entity, so that a UTF-16
 * offset and a code point differ by one from there on. */
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
  f->dir = gls_test_make_tmp_dir ("gls-labelstudio-XXXXXX");
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
  return g_test_get_filename (G_TEST_DIST, "data", "formats", "labelstudio", name, NULL);
}

/* Two annotators, relations, every script: what Label Studio carries. */
static GlsProject *
build_clean_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_project (f->dir, "source.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  gint64 d1, d2, zoe, dmitry, moscow, gazprom, zoe_ben, zurich_ben;

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
  zoe_ben = gls_test_add_span (import, d1, 2, 12, "PERSON", "ben");
  zurich_ben = gls_test_add_span (import, d1, 35, 41, "LOC", "ben");
  moscow = gls_test_add_span (import, d2, 9, 15, "GPE", "anna");
  gazprom = gls_test_add_span (import, d2, 17, 24, "ORG", "anna");
  gls_test_add_span (import, d2, 27, 35, "ORG", "anna");
  gls_test_add_span (import, d2, 52, 64, "PERSON", "anna");
  gls_test_add_span (import, d2, 52, 58, "PERSON", "anna");   /* nested: "Hélène" */

  gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", zoe_ben, zurich_ben, "ben", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", gazprom, moscow, "anna", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

/* Everything Label Studio cannot carry, in one document. */
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
  zurich = gls_test_add_span (import, d1, 35, 41, "GPE", "ben");
  gls_import_add_relation (import, "met-with", zoe, dmitry, "carl", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "member-of", split, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", dmitry, zurich, "anna", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

static JsonNode *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
task_with_text (JsonArray  *tasks,
                const char *text)
{
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      JsonObject *data = json_object_get_object_member (task, "data");

      if (g_strcmp0 (json_object_get_string_member (data, "text"), text) == 0)
        return task;
    }
  g_assert_not_reached ();
}

static char *
export_ls (Fixture       *f,
           GlsProject    *project,
           const char    *name,
           GHashTable    *options,
           GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  gls_export_run (project, &gls_format_labelstudio, path, NULL, options, report, NULL, NULL, NULL,
                  &error);
  g_assert_no_error (error);
  return path;
}

static GHashTable *
utf16_options (void)
{
  GHashTable *options = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (options, (gpointer)"offsets", (gpointer)"utf16");
  return options;
}

static gboolean
import_text (Fixture     *f,
             const char  *name,
             const char  *contents,
             GHashTable  *options,
             GError     **error)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *project_name = g_strconcat (name, ".glossator", NULL);
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, project_name);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return gls_import_run (project, &gls_format_labelstudio, path, NULL, options, error);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_import_export (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) summary = NULL;
  const char * const expected[] = {
    "D " TEXT1,
    "D " TEXT2,
    "D " TEXT3,
    "S " TEXT1 " | 2-12 PERSON by user-1",
    "S " TEXT1 " | 17-31 PERSON by user-1",
    "S " TEXT1 " | 35-41 GPE by user-1",
    "S " TEXT1 " | 2-12 PERSON by user-2",
    "S " TEXT1 " | 35-41 LOC by user-2",
    "R " TEXT1 " | met-with: 2-12 PERSON -> 17-31 PERSON",
    "S " TEXT2 " | 9-15 GPE by user-1",
    "S " TEXT2 " | 17-24 ORG by user-1",
    "S " TEXT2 " | 27-35 ORG by user-1",
    "S " TEXT2 " | 52-64 PERSON by user-1",
    /* "direction": "left" turns the arrow round. */
    "R " TEXT2 " | located-in: 17-24 ORG -> 9-15 GPE",
    NULL
  };

  /* The cancelled annotation (user 3) and the prediction (an unknown label) are skipped. */
  gls_import_run (project, &gls_format_labelstudio, data_file ("export.json"), NULL, NULL, &error);
  g_assert_no_error (error);
  summary = gls_test_summarize (f->dir, project, TRUE);
  gls_test_assert_same_strv (summary, (GStrv)expected);

  {
    GListModel *documents = gls_project_get_documents (project);
    g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, 0);

    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 3);
    g_assert_cmpstr (gls_document_get_title (doc), ==, "export.json #1");
  }
}

static void
test_import_annotator (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) annotators = NULL;

  /* The annotator given to the reader overrides "completed_by". */
  gls_import_run (project, &gls_format_labelstudio, data_file ("export.json"), "zoe", NULL, &error);
  g_assert_no_error (error);
  annotators = gls_project_list_annotators (project);
  g_assert_cmpuint (g_strv_length (annotators), ==, 1);
  g_assert_cmpstr (annotators[0], ==, "zoe");
}

static void
test_import_legacy (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "legacy.glossator");
  g_autoptr(GHashTable) options = utf16_options ();
  g_auto(GStrv) summary = NULL;
  const char * const expected[] = {
    "D " TEXT1,
    "S " TEXT1 " | 2-12 PERSON by anna@example.org",
    "S " TEXT1 " | 17-31 PERSON by anna@example.org",
    "S " TEXT1 " | 35-41 GPE by anna@example.org",
    NULL
  };

  /* Read as code points, the region texts give the UTF-16 offsets away: stop and say so. */
  g_assert_false (gls_import_run (project, &gls_format_labelstudio, data_file ("legacy-utf16.json"),
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
  g_assert_nonnull (strstr (error->message, "legacy-utf16.json:14: result 1: offsets 3–13 cover "
                                            "“oë Müller ”, but the region's text “Zoë Müller” is "
                                            "what they cover counted in UTF-16 units: import with "
                                            "the option offsets=utf16"));
  g_clear_error (&error);

  gls_import_run (project, &gls_format_labelstudio, data_file ("legacy-utf16.json"), NULL, options,
                  &error);
  g_assert_no_error (error);
  summary = gls_test_summarize (f->dir, project, TRUE);
  gls_test_assert_same_strv (summary, (GStrv)expected);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_ls (f, project, "out.json", NULL, report);
  g_autoptr(JsonNode) root = read_json (path);
  JsonArray *tasks = json_node_get_array (root);
  JsonObject *task = task_with_text (tasks, TEXT1);
  JsonArray *annotations = json_object_get_array_member (task, "annotations");
  JsonObject *anna = json_array_get_object_element (annotations, 0);
  JsonObject *ben = json_array_get_object_element (annotations, 1);
  JsonArray *result = json_object_get_array_member (anna, "result");
  JsonObject *region = json_array_get_object_element (result, 0);
  JsonObject *value = json_object_get_object_member (region, "value");
  JsonObject *relation = json_array_get_object_element (result, 3);
  g_autofree char *contents = NULL;

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "meta"),
                                                  "title"), ==, "Zürich");

  /* One annotation per annotator, named in its meta; no invented "completed_by". */
  g_assert_cmpuint (json_array_get_length (annotations), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (anna, "meta"),
                                                  "annotator"), ==, "anna");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ben, "meta"),
                                                  "annotator"), ==, "ben");
  g_assert_false (json_object_has_member (anna, "completed_by"));
  g_assert_cmpint (json_object_get_int_member (anna, "id"), !=,
                   json_object_get_int_member (ben, "id"));

  /* Code points: the emoji counts one. */
  g_assert_cmpstr (json_object_get_string_member (region, "type"), ==, "labels");
  g_assert_cmpstr (json_object_get_string_member (region, "from_name"), ==, "label");
  g_assert_cmpstr (json_object_get_string_member (region, "to_name"), ==, "text");
  g_assert_cmpint (json_object_get_int_member (value, "start"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (value, "end"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (value, "text"), ==, "Zoë Müller");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (value, "labels"),
                                                  0), ==, "PERSON");

  g_assert_cmpuint (json_array_get_length (result), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (relation, "type"), ==, "relation");
  g_assert_cmpstr (json_object_get_string_member (relation, "from_id"), ==,
                   json_object_get_string_member (region, "id"));
  g_assert_cmpstr (json_object_get_string_member (relation, "direction"), ==, "right");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (relation,
                                                                                "labels"), 0),
                   ==, "met-with");

  /* Streamed: the array opens and closes around one task per line. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "[\n{\"id\":"));
  g_assert_true (g_str_has_suffix (contents, "}\n]\n"));
}

static void
test_export_utf16 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GHashTable) options = utf16_options ();
  g_autofree char *path = export_ls (f, project, "out.json", options, NULL);
  g_autoptr(JsonNode) root = read_json (path);
  JsonObject *task = task_with_text (json_node_get_array (root), TEXT1);
  JsonObject *anna = json_array_get_object_element (json_object_get_array_member (task,
                                                                                  "annotations"),
                                                    0);
  JsonObject *region = json_array_get_object_element (json_object_get_array_member (anna,
                                                                                    "result"), 0);
  JsonObject *value = json_object_get_object_member (region, "value");

  g_assert_cmpint (json_object_get_int_member (value, "start"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (value, "end"), ==, 13);
}

static void
test_export_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "empty.glossator");
  g_autofree char *path = export_ls (f, project, "empty.json", NULL, NULL);
  g_autoptr(JsonNode) root = read_json (path);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  gboolean utf16 = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) source = build_clean_project (f);
  g_autoptr(GlsProject) copy = gls_test_new_project (f->dir, "copy.glossator");
  g_autoptr(GHashTable) options = utf16 ? utf16_options () : NULL;
  g_autofree char *path = export_ls (f, source, "round.json", options, NULL);
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  gls_import_run (copy, &gls_format_labelstudio, path, NULL, options, &error);
  g_assert_no_error (error);

  /* Everything, annotators included (they travel in each annotation's meta). */
  before = gls_test_summarize (f->dir, source, TRUE);
  after = gls_test_summarize (f->dir, copy, TRUE);
  gls_test_assert_same_strv (before, after);

  /* Titles and sources travel in the task's meta. */
  {
    GListModel *documents = gls_project_get_documents (copy);
    g_autoptr(GlsDocument) first = g_list_model_get_item (documents, 0);
    g_autoptr(GlsDocument) second = g_list_model_get_item (documents, 1);

    g_assert_cmpstr (gls_document_get_title (first), ==, "Zürich");
    g_assert_cmpstr (gls_document_get_source (first), ==, "one.txt");
    g_assert_cmpstr (gls_document_get_title (second), ==, "Ёлка");
  }
}

static void
test_loss_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_lossy_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_ls (f, project, "lossy.json", NULL, report);
  g_autoptr(JsonNode) root = read_json (path);
  JsonObject *task = task_with_text (json_node_get_array (root), TEXT1);
  JsonArray *annotations = json_object_get_array_member (task, "annotations");
  JsonArray *anna = json_object_get_array_member (json_array_get_object_element (annotations, 0),
                                                  "result");
  g_autofree char *text = gls_loss_report_to_text (report);

  /* anna: Zoë, Дмитрий and carl's relation between them; ben: Zürich. */
  g_assert_cmpuint (json_array_get_length (annotations), ==, 2);
  g_assert_cmpuint (json_array_get_length (anna), ==, 3);

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 7);
  g_assert_nonnull (strstr (text, "\t2-24\tdiscontinuous span (2 fragments, MISC) not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\tnote not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\tknowledge-base id “Q42” not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\t1 attribute(s) not exported"));
  g_assert_nonnull (strstr (text, "(member-of) not exported: one of its spans was not exported"));
  g_assert_nonnull (strstr (text, "(located-in) not exported: its spans are by anna and ben"));
  g_assert_nonnull (strstr (text, "(met-with) by carl exported in the annotation of anna"));
}

typedef struct
{
  const char *name;
  const char *contents;
  gboolean utf16;
  GlsError code;
  const char *message;
} BadFile;

#define TASK_START \
  "[\n  {\n    \"data\": {\"text\": \"😀 Zoë\"},\n    \"annotations\": [{\n      \"result\": [\n"
#define TASK_END "\n      ]\n    }]\n  }\n]\n"
#define REGION(start, end, label) \
  "        {\"id\": \"r1\", \"from_name\": \"label\", \"to_name\": \"text\", " \
  "\"type\": \"labels\",\n" \
  "         \"value\": {\"start\": " #start ", \"end\": " #end ", \"labels\": [\"" label "\"]}}"

static const BadFile bad_files[] = {
  { "past-end.json", TASK_START REGION (2, 9, "PERSON") TASK_END, FALSE,
    GLS_ERROR_OFFSET, "past-end.json:6: result 1 (2–9): offset 9 is past the end of the text" },
  { "surrogate.json", TASK_START REGION (1, 6, "PERSON") TASK_END, TRUE,
    GLS_ERROR_OFFSET,
    "surrogate.json:6: result 1 (1–6): UTF-16 offset 1 falls inside the surrogate pair" },
  { "unknown-label.json", TASK_START REGION (2, 5, "WIZARD") TASK_END, FALSE,
    GLS_ERROR_UNKNOWN_LABEL, "unknown-label.json:6: result 1: unknown label “WIZARD”" },
  { "latin1.json", "[\n  {\"data\": {\"text\": \"Zo\xeb\"}}\n]\n", FALSE,
    GLS_ERROR_ENCODING, "latin1.json:2: not valid UTF-8" },
  { "lone-surrogate.json", "[\n  {\"data\": {\"text\": \"\\ud83d Zoë\"}}\n]\n", FALSE,
    GLS_ERROR_ENCODING, "lone-surrogate.json:2: the text is not valid UTF-8" },
  { "malformed.json", TASK_START REGION (2, 5, "PERSON") ",\n        }" TASK_END, FALSE,
    GLS_ERROR_PARSE, "malformed.json:8: not valid JSON: " },
  { "dangling.json",
    TASK_START REGION (2, 5, "PERSON") ",\n        {\"from_id\": \"r1\", \"to_id\": \"r9\", "
    "\"type\": \"relation\", \"direction\": \"right\", \"labels\": [\"met-with\"]}" TASK_END, FALSE,
    GLS_ERROR_PARSE, "dangling.json:8: result 2: the relation refers to region “r9”" },
  { "no-text.json", "[\n  {\"id\": 4,\n   \"data\": {\"body\": 12}}\n]\n", FALSE,
    GLS_ERROR_PARSE, "no-text.json:2: the task's “data” has no string “text”" },
  { "object.json", "{\"tasks\": []}\n", FALSE,
    GLS_ERROR_PARSE, "object.json:1: the task has no “data” object" },
  { "empty.json", "[]\n", FALSE, GLS_ERROR_PARSE, "empty.json: no tasks in the file" },
};

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = bad->utf16 ? utf16_options () : NULL;

  g_assert_false (import_text (f, bad->name, bad->contents, options, &error));
  g_assert_error (error, GLS_ERROR, (gint)bad->code);
  if (strstr (error->message, bad->message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, bad->message);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) contents = g_string_new ("[\n");

  /* 2 MB of tasks against a limit of 1 MB (the real one is 512 MB). */
  while (contents->len < 2 * 1024 * 1024)
    g_string_append (contents, "  {\"data\": {\"text\": \"Москва и Zürich 😀\"}},\n");
  g_string_append (contents, "  {\"data\": {\"text\": \"Zoë\"}}\n]\n");
  g_hash_table_insert (options, (gpointer)"max-file-bytes", (gpointer)"1048576");
  g_assert_false (import_text (f, "large.json", contents->str, options, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "large.json: the file is larger than 1 MB"));
  g_clear_error (&error);

  /* Under the default limit it is read. */
  g_assert_true (import_text (f, "large2.json", contents->str, NULL, &error));
  g_assert_no_error (error);
}

static void
test_probe (void)
{
  const char *export = "[\n  {\n    \"id\": 1,\n    \"annotations\": [\n      {\n"
                       "        \"id\": 11,\n        \"result\": []\n      }\n    ],\n"
                       "    \"data\": {\"text\": \"Zoë\"}\n  }\n]\n";
  const char *tasks = "[{\"data\": {\"text\": \"Zoë\"}}]";
  const char *jsonl = "{\"text\": \"Zoë\", \"label\": [[0, 3, \"PERSON\"]]}\n";

  g_assert_cmpint (gls_format_labelstudio.probe ("a.json", export, strlen (export)), >=, 80);
  g_assert_cmpint (gls_format_labelstudio.probe ("a.txt", export, strlen (export)), >, 0);
  g_assert_cmpint (gls_format_labelstudio.probe ("a.json", tasks, strlen (tasks)), >, 0);
  g_assert_cmpint (gls_format_labelstudio.probe ("a.jsonl", jsonl, strlen (jsonl)), ==, 0);
  g_assert_cmpint (gls_format_labelstudio.unit, ==, GLS_OFFSET_CODE_POINTS);
  g_assert_cmpstr (gls_format_labelstudio.name, ==, "labelstudio");
  g_assert_cmpstr (gls_format_labelstudio.extension, ==, ".json");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labelstudio/probe", test_probe);
  g_test_add ("/labelstudio/import/export-json", Fixture, NULL, fixture_set_up, test_import_export,
              fixture_tear_down);
  g_test_add ("/labelstudio/import/annotator", Fixture, NULL, fixture_set_up,
              test_import_annotator, fixture_tear_down);
  g_test_add ("/labelstudio/import/legacy-utf16", Fixture, NULL, fixture_set_up,
              test_import_legacy, fixture_tear_down);
  g_test_add ("/labelstudio/export/tasks", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add ("/labelstudio/export/utf16", Fixture, NULL, fixture_set_up, test_export_utf16,
              fixture_tear_down);
  g_test_add ("/labelstudio/export/empty", Fixture, NULL, fixture_set_up, test_export_empty,
              fixture_tear_down);
  g_test_add ("/labelstudio/export/losses", Fixture, NULL, fixture_set_up, test_loss_report,
              fixture_tear_down);
  g_test_add ("/labelstudio/round-trip/code-points", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/labelstudio/round-trip/utf16", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_round_trip, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/labelstudio/bad/%s", bad_files[i].name);
      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  g_test_add ("/labelstudio/bad/too-large", Fixture, NULL, fixture_set_up, test_too_large,
              fixture_tear_down);

  return g_test_run ();
}
