/* test-format-doccano.c — doccano JSONL: UTF-16 offsets, both variants, losses, bad files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-offsets.h"
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
  f->dir = gls_test_make_tmp_dir ("gls-doccano-XXXXXX");
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
  return g_test_get_filename (G_TEST_DIST, "data", "formats", "doccano", name, NULL);
}

/* What doccano carries: contiguous spans, labels, relations; one annotator. */
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
  d2 = gls_import_add_document (import, "Ёлка", TEXT2, -1, "two.txt", &error);
  g_assert_no_error (error);
  gls_import_add_document (import, "Nothing", TEXT3, -1, "three.txt", &error);
  g_assert_no_error (error);

  zoe = gls_test_add_span (import, d1, 2, 12, "PERSON", "anna");
  dmitry = gls_test_add_span (import, d1, 17, 31, "PERSON", "anna");
  gls_test_add_span (import, d1, 35, 41, "GPE", "anna");
  moscow = gls_test_add_span (import, d2, 9, 15, "GPE", "anna");
  gazprom = gls_test_add_span (import, d2, 17, 24, "ORG", "anna");
  gls_test_add_span (import, d2, 27, 35, "ORG", "anna");
  gls_test_add_span (import, d2, 52, 64, "PERSON", "anna");
  gls_test_add_span (import, d2, 52, 58, "PERSON", "anna");   /* nested: "Hélène" */

  gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "located-in", gazprom, moscow, "anna", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

/* Everything doccano cannot carry, in one document. */
static GlsProject *
build_lossy_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_project (f->dir, "lossy.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GlsFragment pieces[] = { { 2, 5 }, { 17, 24 } };
  gint64 d1, zoe, dmitry, split;

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
  gls_test_add_span (import, d1, 35, 41, "GPE", "ben");
  gls_import_add_relation (import, "met-with", zoe, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "member-of", split, dmitry, "anna", &error);
  g_assert_no_error (error);
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  return project;
}

static char *
export_doccano (Fixture       *f,
                GlsProject    *project,
                const char    *name,
                const char    *variant,
                GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  char *path = g_build_filename (f->dir, name, NULL);

  if (variant != NULL)
    g_hash_table_insert (options, (gpointer)"variant", (gpointer)variant);
  gls_export_run (project, &gls_format_doccano, path, NULL, options, report, NULL, NULL, NULL,
                  &error);
  g_assert_no_error (error);
  return path;
}

/* Writes @contents to @name in the fixture folder and imports it into a new project. */
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
  return gls_import_run (project, &gls_format_doccano, path, NULL, options, error);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_import_label (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) summary = NULL;
  const char * const expected[] = {
    "D " TEXT1,
    "D " TEXT2,
    "D " TEXT3,
    "S " TEXT1 " | 17-31 PERSON by anna",
    "S " TEXT1 " | 2-12 PERSON by anna",
    "S " TEXT1 " | 35-41 GPE by anna",
    "S " TEXT2 " | 17-24 ORG by anna",
    "S " TEXT2 " | 27-35 ORG by anna",
    "S " TEXT2 " | 52-64 PERSON by anna",
    "S " TEXT2 " | 9-15 GPE by anna",
    NULL
  };

  gls_import_run (project, &gls_format_doccano, data_file ("ner.jsonl"), NULL, NULL, &error);
  g_assert_no_error (error);
  summary = gls_test_summarize (f->dir, project, TRUE);
  gls_test_assert_same_strv (summary, (GStrv)expected);

  /* The span's characters are the entity's: the emoji counted two in the file, one here. */
  {
    GListModel *documents = gls_project_get_documents (project);
    g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, 0);
    g_autofree char *text = gls_project_load_text (project, gls_document_get_id (doc), NULL);
    g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (doc), NULL);
    g_autoptr(GlsSpan) span = g_list_model_get_item (spans, 0);
    const char *a = g_utf8_offset_to_pointer (text, gls_span_get_start (span));
    const char *b = g_utf8_offset_to_pointer (text, gls_span_get_end (span));
    g_autofree char *covered = g_strndup (a, b - a);

    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 3);
    g_assert_cmpstr (covered, ==, "Zoë Müller");
    g_assert_cmpstr (gls_document_get_title (doc), ==, "ner.jsonl #1");
  }
}

static void
test_import_entities (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");
  g_auto(GStrv) summary = NULL;
  const char * const expected[] = {
    "D " TEXT1,
    "D " TEXT2,
    "R " TEXT1 " | met-with: 2-12 PERSON -> 17-31 PERSON",
    "R " TEXT2 " | located-in: 17-24 ORG -> 9-15 GPE",
    "S " TEXT1 " | 17-31 PERSON by zoe",
    "S " TEXT1 " | 2-12 PERSON by zoe",
    "S " TEXT1 " | 35-41 GPE by zoe",
    "S " TEXT2 " | 17-24 ORG by zoe",
    "S " TEXT2 " | 9-15 GPE by zoe",
    NULL
  };

  /* The annotator given to the reader owns the spans (doccano files name none). */
  gls_import_run (project, &gls_format_doccano, data_file ("relations.jsonl"), "zoe", NULL,
                  &error);
  g_assert_no_error (error);
  summary = gls_test_summarize (f->dir, project, TRUE);
  gls_test_assert_same_strv (summary, (GStrv)expected);
}

static void
test_import_classification (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_project (f->dir, "import.glossator");

  g_assert_false (gls_import_run (project, &gls_format_doccano, data_file ("classification.jsonl"),
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message,
                            "classification.jsonl:1: document labels, not spans — not supported"));
  /* Nothing of the file stayed. */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

static void
test_export_label (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_doccano (f, project, "out.jsonl", NULL, report);
  g_autoptr(GPtrArray) objects = gls_test_read_jsonl (path);
  g_autofree char *losses = NULL;
  JsonObject *first;
  JsonArray *labels;
  g_autofree char *labels_json = NULL;

  g_assert_cmpuint (objects->len, ==, 3);
  first = gls_test_object_with_text (objects, TEXT1);
  g_assert_true (json_object_has_member (first, "id"));
  g_assert_false (json_object_has_member (first, "entities"));
  labels = json_object_get_array_member (first, "label");
  labels_json = json_to_string (json_object_get_member (first, "label"), FALSE);
  /* UTF-16: the emoji is two units, so "Zoë Müller" starts at 3, not 2. */
  g_assert_cmpstr (labels_json, ==, "[[3,13,\"PERSON\"],[18,32,\"PERSON\"],[36,42,\"GPE\"]]");
  g_assert_cmpuint (json_array_get_length (labels), ==, 3);

  /* The "label" variant has no relations: both are reported, nothing else is. */
  losses = gls_loss_report_to_text (report);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 2);
  g_assert_nonnull (strstr (losses,
                            "(met-with) not exported: the “label” variant has no relations"));
  g_assert_nonnull (strstr (losses, "(located-in) not exported"));
}

static void
test_export_entities (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_doccano (f, project, "out.jsonl", "entities", report);
  g_autoptr(GPtrArray) objects = gls_test_read_jsonl (path);
  JsonObject *first = gls_test_object_with_text (objects, TEXT1);
  JsonArray *entities = json_object_get_array_member (first, "entities");
  JsonArray *relations = json_object_get_array_member (first, "relations");
  JsonObject *zoe = json_array_get_object_element (entities, 0);
  JsonObject *relation;

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  g_assert_false (json_object_has_member (first, "label"));
  g_assert_cmpuint (json_array_get_length (entities), ==, 3);
  g_assert_cmpint (json_object_get_int_member (zoe, "start_offset"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (zoe, "end_offset"), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (zoe, "label"), ==, "PERSON");
  g_assert_cmpuint (json_array_get_length (relations), ==, 1);
  relation = json_array_get_object_element (relations, 0);
  g_assert_cmpstr (json_object_get_string_member (relation, "type"), ==, "met-with");
  g_assert_cmpint (json_object_get_int_member (relation, "from_id"), ==,
                   json_object_get_int_member (zoe, "id"));
  g_assert_cmpint (json_object_get_int_member (relation, "to_id"), ==,
                   json_object_get_int_member (json_array_get_object_element (entities, 1), "id"));
  g_assert_true (json_object_has_member (relation, "id"));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *variant = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) source = build_clean_project (f);
  g_autoptr(GlsProject) copy = gls_test_new_project (f->dir, "copy.glossator");
  g_autofree char *path = export_doccano (f, source, "round.jsonl", variant, NULL);
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  gls_import_run (copy, &gls_format_doccano, path, NULL, NULL, &error);
  g_assert_no_error (error);

  before = gls_test_summarize (f->dir, source, TRUE);
  after = gls_test_summarize (f->dir, copy, TRUE);
  if (g_strcmp0 (variant, "entities") == 0)
    gls_test_assert_same_strv (before, after);
  else
    {
      /* Everything but the relations. */
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) without = NULL;

      for (guint i = 0; before[i]; i++)
        if (before[i][0] != 'R')
          g_strv_builder_add (builder, before[i]);
      without = g_strv_builder_end (builder);
      gls_test_assert_same_strv (without, after);
    }

  /* Importing the same file again adds nothing: same documents, same spans. */
  gls_import_run (copy, &gls_format_doccano, path, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) again = gls_test_summarize (f->dir, copy, TRUE);
    gls_test_assert_same_strv (after, again);
  }
}

static void
test_loss_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_lossy_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *path = export_doccano (f, project, "lossy.jsonl", "entities", report);
  g_autoptr(GPtrArray) objects = gls_test_read_jsonl (path);
  g_autofree char *text = gls_loss_report_to_text (report);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  JsonObject *doc = gls_test_object_with_text (objects, TEXT1);

  /* The discontinuous span and its relation are not written; the others are. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "entities")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "relations")), ==, 1);

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 6);
  g_assert_nonnull (strstr (text, "\t2-24\tdiscontinuous span (2 fragments, MISC) not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\tnote not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\tknowledge-base id “Q42” not exported"));
  g_assert_nonnull (strstr (text, "\t2-12\t1 attribute(s) not exported"));
  g_assert_nonnull (strstr (text, "(member-of) not exported: one of its spans was not exported"));
  g_assert_nonnull (strstr (text,
                            "annotators not exported: doccano records none (spans by anna, ben)"));
  /* Every line names the document and its title. */
  for (guint i = 0; lines[i] && *lines[i]; i++)
    g_assert_true (g_str_has_prefix (lines[i], "1\tZürich\t"));
}

static void
test_bad_variant (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (f->dir, "x.jsonl", NULL);

  g_hash_table_insert (options, (gpointer)"variant", (gpointer)"spans");
  g_assert_false (gls_export_run (project, &gls_format_doccano, path, NULL, options, NULL, NULL,
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
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
    "{\"text\": \"Zoë 😀\", \"label\": [[0, 3, \"PERSON\"]]}\n"
    "{\"text\": \"Ёлка 😀\", \"label\": [[0, 9, \"PERSON\"]]}\n",
    GLS_ERROR_OFFSET, "past-end.jsonl:2: span 1 (0–9): UTF-16 offset 9 is past the end" },
  { "surrogate.jsonl",
    "{\"id\": 4, \"text\": \"😀 Zoë\", \"label\": [[1, 6, \"PERSON\"]]}\n",
    GLS_ERROR_OFFSET,
    "surrogate.jsonl:1: span 1 (1–6): UTF-16 offset 1 falls inside the surrogate pair" },
  { "unknown-label.jsonl",
    "\n{\"text\": \"Zoë\", \"entities\": [{\"id\": 1, \"start_offset\": 0, \"end_offset\": 3, "
    "\"label\": \"WIZARD\"}], \"relations\": []}\n",
    GLS_ERROR_UNKNOWN_LABEL, "unknown-label.jsonl:2: span 1: unknown label “WIZARD”" },
  { "latin1.jsonl",
    "{\"text\": \"Zo\xeb\", \"label\": []}\n",
    GLS_ERROR_ENCODING, "latin1.jsonl:1: not valid UTF-8" },
  { "lone-surrogate.jsonl",
    "{\"text\": \"\\ud83d Zoë\", \"label\": []}\n",
    GLS_ERROR_ENCODING, "lone-surrogate.jsonl:1: the text is not valid UTF-8" },
  { "malformed.jsonl",
    "{\"text\": \"Zoë\", \"label\": []}\n"
    "{\"text\": \"Zoë\", \"label\": [[0, 3, \"PERSON\"]}\n",
    GLS_ERROR_PARSE, "malformed.jsonl:2: not valid JSON: " },
  { "backwards.jsonl",
    "{\"text\": \"Zoë Müller\", \"label\": [[3, 0, \"PERSON\"]]}\n",
    GLS_ERROR_OFFSET, "backwards.jsonl:1: span 1: its end 0 is not after its start 3" },
  { "not-a-triple.jsonl",
    "{\"text\": \"Zoë Müller\", \"label\": [[0, \"PERSON\"]]}\n",
    GLS_ERROR_PARSE, "not-a-triple.jsonl:1: label 1 must be [start, end, \"LABEL\"]" },
  { "dangling.jsonl",
    "{\"text\": \"Zoë met Ива\", \"entities\": [{\"id\": 1, \"start_offset\": 0, "
    "\"end_offset\": 3, "
    "\"label\": \"PERSON\"}], \"relations\": [{\"id\": 1, \"from_id\": 1, \"to_id\": 2, "
    "\"type\": \"met-with\"}]}\n",
    GLS_ERROR_PARSE, "dangling.jsonl:1: relation 1 refers to entity 2" },
  { "empty.jsonl", "\n\n", GLS_ERROR_PARSE, "empty.jsonl: no documents in the file" },
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

/* A line of about 2 MB: read whole under the default limit, refused above a lower one. */
static char *
long_line (gsize *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new ("😀 ");
  g_autoptr(GString) line = NULL;
  g_autofree char *data = NULL;

  for (guint i = 0; i < 2 * 1024 * 1024 / 16; i++)
    g_string_append (text, "Москва и Zürich ");   /* 16 characters, more bytes */
  g_string_append (text, "Zoë");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text->str);
  json_builder_set_member_name (builder, "label");
  json_builder_begin_array (builder);
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, gls_utf8_utf16_length (text->str, -1) - 3);
  json_builder_add_int_value (builder, gls_utf8_utf16_length (text->str, -1));
  json_builder_add_string_value (builder, "PERSON");
  json_builder_end_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, length);
  line = g_string_new ("{\"text\": \"short\", \"label\": []}\n");
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
  gls_import_run (project, &gls_format_doccano, path, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    GListModel *documents = gls_project_get_documents (project);
    g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, 1);
    g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (doc), NULL);
    g_autoptr(GlsSpan) span = g_list_model_get_item (spans, 0);

    /* The emoji at the start shifts the end of the text by one between the two units. */
    g_assert_cmpint (gls_span_get_end (span), ==, gls_document_get_length (doc));
    g_assert_cmpint (gls_span_get_start (span), ==, gls_document_get_length (doc) - 3);
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
  const char *label_line = "{\"id\": 1, \"text\": \"Zoë\", \"label\" : [ [0, 3, \"PERSON\"]]}\n";
  const char *entities_line = "{\"id\": 1, \"text\": \"Zoë\", \"entities\": [{\"id\": 1, "
                              "\"start_offset\": 0, \"end_offset\": 3, \"label\": \"PERSON\"}]}\n";
  const char *glossator_line = "{\"id\": 3, \"text\": \"Zoë\", \"spans\": [{\"start\": 0, "
                               "\"end\": 3, \"label\": \"PERSON\", \"annotator\": \"anna\"}]}\n";
  const char *classes_line = "{\"text\": \"Zoë\", \"label\": [\"sports\"]}\n";

  g_assert_cmpint (gls_format_doccano.probe ("a.jsonl", label_line, strlen (label_line)), >=, 80);
  g_assert_cmpint (gls_format_doccano.probe ("a.jsonl", entities_line, strlen (entities_line)),
                   >=, 80);
  g_assert_cmpint (gls_format_doccano.probe ("a.txt", label_line, strlen (label_line)), >, 0);
  g_assert_cmpint (gls_format_doccano.probe ("a.jsonl", glossator_line, strlen (glossator_line)),
                   ==, 0);
  /* Claimed (above Glossator JSONL's 40 for any .jsonl), to be refused with a reason. */
  g_assert_cmpint (gls_format_doccano.probe ("a.jsonl", classes_line, strlen (classes_line)),
                   >, 40);
  g_assert_cmpint (gls_format_doccano.unit, ==, GLS_OFFSET_UTF16);
  g_assert_cmpstr (gls_format_doccano.name, ==, "doccano");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doccano/probe", test_probe);
  g_test_add ("/doccano/import/label", Fixture, NULL, fixture_set_up, test_import_label,
              fixture_tear_down);
  g_test_add ("/doccano/import/entities", Fixture, NULL, fixture_set_up, test_import_entities,
              fixture_tear_down);
  g_test_add ("/doccano/import/classification", Fixture, NULL, fixture_set_up,
              test_import_classification, fixture_tear_down);
  g_test_add ("/doccano/export/label", Fixture, NULL, fixture_set_up, test_export_label,
              fixture_tear_down);
  g_test_add ("/doccano/export/entities", Fixture, NULL, fixture_set_up, test_export_entities,
              fixture_tear_down);
  g_test_add ("/doccano/export/bad-variant", Fixture, NULL, fixture_set_up, test_bad_variant,
              fixture_tear_down);
  g_test_add ("/doccano/export/losses", Fixture, NULL, fixture_set_up, test_loss_report,
              fixture_tear_down);
  g_test_add ("/doccano/round-trip/label", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/doccano/round-trip/entities", Fixture, "entities", fixture_set_up,
              test_round_trip, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/doccano/bad/%s", bad_files[i].name);
      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  g_test_add ("/doccano/bad/long-line", Fixture, NULL, fixture_set_up, test_long_line,
              fixture_tear_down);

  return g_test_run ();
}
