/* test-sample.c — the bundled sample project, as built from resources/sample/
 *
 * Opens a copy of GLS_SAMPLE_PROJECT (never the original) and checks it against its sources:
 * the article files, annotations.jsonl and the facts that resources/sample/README.md states
 * (the label schema, the two annotators, the span counts per document, and the ten deliberate
 * disagreements between anna and ben on the Pompeo article).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-sample"
#endif

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gls-project.h"
#include "gls-test-core.h"

#define POMPEO_SOURCE "pompeo-lavrov-cybersecurity.txt"
#define POMPEO_TITLE \
  "Pompeo's Talks With Lavrov, Putin Open Door for Dialogue on Cybersecurity - Moscow"

/* From the README: the articles in the order make-sample.sh imports them (annotations.jsonl
 * first, in its order, then the one article it does not annotate), with the number of spans
 * and relations each annotator has. */
typedef struct
{
  const char *source;
  guint anna_spans;
  guint anna_relations;
  guint ben_spans;
  guint ben_relations;
} SampleDocument;

static const SampleDocument sample_documents[] = {
  { POMPEO_SOURCE, 73, 5, 73, 5 },
  { "bulgaria-ukraine-danube-pilotage-deal.txt", 67, 8, 0, 0 },
  { "portuguese-rocket-orbit-social-media.txt", 43, 7, 43, 7 },
  { "eu-ministers-carbon-border-cop29.txt", 0, 0, 46, 6 },
  { "finnish-chipmaker-dresden-plant.txt", 0, 0, 0, 0 },
};

static const struct
{
  const char *name;
  const char *key;
} news_labels[] = {
  { "PERSON", "1" }, { "ORG", "2" }, { "GPE", "3" }, { "LOC", "4" }, { "DATE", "5" },
  { "NORP", "6" }, { "EVENT", "7" }, { "LAW", "8" }, { "MISC", "9" },
};

/* ------------------------------------------------------------------------------------------ */
/* Fixture: a copy of the sample in a temporary folder, opened                                  */

typedef struct
{
  char *dir;
  char *path;
  GlsProject *project;
  GPtrArray *annotations;   /* of JsonObject, one per line of annotations.jsonl */
} Fixture;

static char *
source_path (const char *first,
             ...) G_GNUC_NULL_TERMINATED;

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("GLS_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list ap;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  g_ptr_array_add (parts, (gpointer) "resources");
  g_ptr_array_add (parts, (gpointer) "sample");
  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

/* The bytes of resources/sample/[SUBDIR/]NAME, which hold no NUL. */
static char *
read_sample_file (const char *subdir,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = subdir != NULL ? source_path (subdir, name, NULL)
                                         : source_path (name, NULL);
  char *data = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (data), ==, length);
  return data;
}

static GPtrArray *
load_annotations (void)
{
  g_autofree char *data = read_sample_file (NULL, "annotations.jsonl");
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (node)));
    }
  return objects;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dest = NULL;
  const char *sample = g_getenv ("GLS_SAMPLE_PROJECT");

  g_assert_nonnull (sample);
  f->dir = gls_test_make_tmp_dir ("gls-test-sample-XXXXXX");
  f->path = g_build_filename (f->dir, "Sample.glossator", NULL);

  src = g_file_new_for_path (sample);
  dest = g_file_new_for_path (f->path);
  g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->project);

  f->annotations = load_annotations ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->project);
  g_clear_pointer (&f->annotations, g_ptr_array_unref);

  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GlsDocument *
nth_document (Fixture *f,
              guint    position)
{
  GListModel *documents = gls_project_get_documents (f->project);
  GlsDocument *doc = g_list_model_get_item (documents, position);

  g_assert_nonnull (doc);
  /* The model keeps its own reference: borrowing is enough. */
  g_object_unref (doc);
  return doc;
}

static char *
load_text (Fixture     *f,
           GlsDocument *doc)
{
  g_autoptr(GError) error = NULL;
  char *text = gls_project_load_text (f->project, gls_document_get_id (doc), &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  return text;
}

static char *
slice (const char *text,
       gint64      start,
       gint64      end)
{
  const char *from = g_utf8_offset_to_pointer (text, start);
  const char *to = g_utf8_offset_to_pointer (text, end);

  return g_strndup (from, to - from);
}

static const char *
label_name (Fixture *f,
            GlsSpan *span)
{
  GlsLabel *label = gls_project_lookup_label (f->project, gls_span_get_label_id (span));

  g_assert_nonnull (label);
  return gls_label_get_name (label);
}

/* ------------------------------------------------------------------------------------------ */
/* Documents                                                                                    */

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  GListModel *documents = gls_project_get_documents (f->project);
  GlsProjectStats stats;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 5);
  g_assert_cmpuint (G_N_ELEMENTS (sample_documents), ==, 5);

  /* The first is the Pompeo article, byte for byte as supplied (no final newline). */
  {
    GlsDocument *doc = nth_document (f, 0);
    g_autofree char *text = load_text (f, doc);
    g_autofree char *file = read_sample_file ("articles", POMPEO_SOURCE);

    g_assert_cmpstr (gls_document_get_title (doc), ==, POMPEO_TITLE);
    g_assert_cmpuint (strlen (text), ==, strlen (file));
    g_assert_cmpmem (text, strlen (text), file, strlen (file));
    g_assert_true (g_str_has_suffix (text, "Google + Share On Whatsapp"));
  }

  /* Every article is there once, byte for byte, in import order. */
  for (guint i = 0; i < G_N_ELEMENTS (sample_documents); i++)
    {
      GlsDocument *doc = nth_document (f, i);
      g_autofree char *text = load_text (f, doc);
      g_autofree char *file = read_sample_file ("articles", sample_documents[i].source);

      g_assert_cmpstr (text, ==, file);
      g_assert_cmpint (gls_document_get_length (doc), ==, g_utf8_strlen (text, -1));
      g_assert_true (g_str_has_suffix (gls_document_get_source (doc),
                                       sample_documents[i].source));

      /* The annotated ones keep the title, status and text annotations.jsonl gives. */
      if (i < f->annotations->len)
        {
          JsonObject *line = f->annotations->pdata[i];
          GlsDocumentStatus status;

          g_assert_cmpstr (json_object_get_string_member (line, "source"), ==,
                           sample_documents[i].source);
          g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, text);
          g_assert_cmpstr (json_object_get_string_member (line, "title"), ==,
                           gls_document_get_title (doc));
          g_assert_true (gls_document_status_from_string (
                           json_object_get_string_member (line, "status"), &status));
          g_assert_cmpint (gls_document_get_status (doc), ==, status);
        }
      else
        {
          g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_NEW);
          g_assert_cmpuint (gls_document_get_n_spans (doc), ==, 0);
        }
    }
  g_assert_cmpuint (f->annotations->len, ==, 4);

  g_assert_true (gls_project_get_stats (f->project, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_documents, ==, 5);
  g_assert_cmpuint (stats.n_spans, ==, 73 + 73 + 67 + 43 + 43 + 46);
  g_assert_cmpuint (stats.n_relations, ==, 5 + 5 + 8 + 7 + 7 + 6);
  g_assert_cmpuint (stats.n_annotators, ==, 2);
}

/* Cyrillic letters and characters outside the Basic Multilingual Plane, whose offsets count
 * one code point each. */
static void
test_scripts (Fixture       *f,
              gconstpointer  data)
{
  guint n_cyrillic_documents = 0;
  guint n_astral_documents = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sample_documents); i++)
    {
      GlsDocument *doc = nth_document (f, i);
      g_autofree char *text = load_text (f, doc);
      gboolean cyrillic = FALSE, astral = FALSE;

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC)
            cyrillic = TRUE;
          if (c > 0xFFFF)
            astral = TRUE;
        }
      n_cyrillic_documents += cyrillic;
      n_astral_documents += astral;

      if (g_str_equal (sample_documents[i].source, "portuguese-rocket-orbit-social-media.txt"))
        {
          g_autoptr(GError) error = NULL;
          g_autofree gunichar2 *utf16 = NULL;
          glong n_utf16 = 0;

          /* The README's counts: 2079 code points, 2092 UTF-16 units, 2140 UTF-8 bytes. */
          g_assert_true (astral);
          g_assert_cmpint (gls_document_get_length (doc), ==, 2079);
          g_assert_cmpint (g_utf8_strlen (text, -1), ==, 2079);
          g_assert_cmpuint (strlen (text), ==, 2140);
          utf16 = g_utf8_to_utf16 (text, -1, NULL, &n_utf16, &error);
          g_assert_no_error (error);
          g_assert_cmpint (n_utf16, ==, 2092);
          g_assert_nonnull (strstr (text, "🇵🇹"));
          g_assert_nonnull (strstr (text, "👩‍🚀"));
        }
      if (g_str_equal (sample_documents[i].source, "bulgaria-ukraine-danube-pilotage-deal.txt"))
        {
          g_assert_true (cyrillic);
          g_assert_nonnull (strstr (text, "Varna (Варна)"));
          g_assert_nonnull (strstr (text, "Pavel Voronin (Павел Воронин)"));
        }
    }
  g_assert_cmpuint (n_cyrillic_documents, >=, 1);
  g_assert_cmpuint (n_astral_documents, >=, 1);
}

/* ------------------------------------------------------------------------------------------ */
/* Labels                                                                                       */

static gboolean
parse_colour (const char *colour,
              double      rgb[3])
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  for (guint i = 0; i < 3; i++)
    rgb[i] = (g_ascii_xdigit_value (colour[1 + 2 * i]) * 16 +
              g_ascii_xdigit_value (colour[2 + 2 * i])) / 255.0;
  return TRUE;
}

/* WCAG 2 relative luminance of an sRGB colour. */
static double
relative_luminance (const char *colour)
{
  double rgb[3];
  double linear[3];

  g_assert_true (parse_colour (colour, rgb));
  for (guint i = 0; i < 3; i++)
    linear[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

static double
contrast_ratio (const char *a,
                const char *b)
{
  double la = relative_luminance (a);
  double lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* An underline in a label's colour must show on the light text view and on the dark one
 * (libadwaita's #242424): 3:1, what WCAG 2.1 asks of graphical objects (1.4.11). It keeps out
 * the pale greys and near-blacks an underline would vanish into. */
#define LIGHT_BACKGROUND "#ffffff"
#define DARK_BACKGROUND "#242424"
#define MIN_CONTRAST 3.0  /* WCAG 2.1 non-text contrast (1.4.11) */

static gboolean
visible_on_both (const char *colour)
{
  return contrast_ratio (colour, LIGHT_BACKGROUND) >= MIN_CONTRAST &&
         contrast_ratio (colour, DARK_BACKGROUND) >= MIN_CONTRAST;
}

static void
test_contrast_threshold (void)
{
  /* The measure itself: black on white is 21:1, a colour against itself 1:1. */
  g_assert_cmpfloat_with_epsilon (contrast_ratio ("#000000", "#ffffff"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (contrast_ratio ("#3584e4", "#3584e4"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (contrast_ratio ("#ffffff", DARK_BACKGROUND),
                                  contrast_ratio (DARK_BACKGROUND, "#ffffff"), 1e-9);

  /* Near-white fails on white, near-black on dark, even though each is fine on the other. */
  g_assert_false (visible_on_both ("#f6f5f4"));
  g_assert_cmpfloat (contrast_ratio ("#f6f5f4", LIGHT_BACKGROUND), <, MIN_CONTRAST);
  g_assert_cmpfloat (contrast_ratio ("#f6f5f4", DARK_BACKGROUND), >=, MIN_CONTRAST);
  g_assert_false (visible_on_both ("#c0bfbc"));   /* 1.8:1 on white: would pass at 1.5 */
  g_assert_false (visible_on_both ("#303030"));
  g_assert_cmpfloat (contrast_ratio ("#303030", DARK_BACKGROUND), <, MIN_CONTRAST);
  g_assert_cmpfloat (contrast_ratio ("#303030", LIGHT_BACKGROUND), >=, MIN_CONTRAST);
  g_assert_false (visible_on_both ("#3d3846"));
  g_assert_false (visible_on_both ("#ffffff"));
  g_assert_false (visible_on_both (DARK_BACKGROUND));

  /* A mid-tone passes. */
  g_assert_true (visible_on_both ("#77767b"));
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  GListModel *labels = gls_project_get_labels (f->project);
  g_autoptr(GHashTable) colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, G_N_ELEMENTS (news_labels));
  for (guint i = 0; i < G_N_ELEMENTS (news_labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *colour = gls_label_get_color (label);
      g_autofree char *lower = NULL;
      double rgb[3];

      g_assert_cmpstr (gls_label_get_name (label), ==, news_labels[i].name);
      g_assert_cmpstr (gls_label_get_key (label), ==, news_labels[i].key);
      g_assert_true (gls_project_find_label (f->project, news_labels[i].name) == label);

      if (!parse_colour (colour, rgb))
        g_error ("%s: colour “%s” is not #rrggbb", news_labels[i].name, colour);
      lower = g_ascii_strdown (colour, -1);
      g_assert_false (g_hash_table_contains (colours, lower));
      g_hash_table_add (colours, g_steal_pointer (&lower));

      g_test_message ("%s %s: %.2f:1 on white, %.2f:1 on dark", news_labels[i].name, colour,
                      contrast_ratio (colour, LIGHT_BACKGROUND),
                      contrast_ratio (colour, DARK_BACKGROUND));
      if (!visible_on_both (colour))
        g_error ("%s: colour %s has %.2f:1 on white and %.2f:1 on %s (need %.1f:1)",
                 news_labels[i].name, colour, contrast_ratio (colour, LIGHT_BACKGROUND),
                 contrast_ratio (colour, DARK_BACKGROUND), DARK_BACKGROUND, MIN_CONTRAST);
    }
  g_assert_cmpuint (g_hash_table_size (colours), ==, G_N_ELEMENTS (news_labels));
}

/* ------------------------------------------------------------------------------------------ */
/* Annotators and spans                                                                         */

static void
test_annotators (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(GStrv) annotators = gls_project_list_annotators (f->project);

  g_assert_cmpuint (g_strv_length (annotators), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) annotators, "anna"));
  g_assert_true (g_strv_contains ((const char * const *) annotators, "ben"));

  /* Who annotated what, as the README's table says: both did the Pompeo article. */
  for (guint i = 0; i < G_N_ELEMENTS (sample_documents); i++)
    {
      GlsDocument *doc = nth_document (f, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) spans = gls_project_list_spans (f->project,
                                                            gls_document_get_id (doc), &error);
      guint n_anna = 0, n_ben = 0;

      g_assert_no_error (error);
      for (guint j = 0; j < g_list_model_get_n_items (spans); j++)
        {
          g_autoptr(GlsSpan) span = g_list_model_get_item (spans, j);
          const char *annotator = gls_span_get_annotator (span);

          if (g_str_equal (annotator, "anna"))
            n_anna++;
          else if (g_str_equal (annotator, "ben"))
            n_ben++;
          else
            g_error ("a span by %s", annotator);
        }
      g_assert_cmpuint (n_anna, ==, sample_documents[i].anna_spans);
      g_assert_cmpuint (n_ben, ==, sample_documents[i].ben_spans);
      g_assert_cmpuint (gls_document_get_n_spans (doc), ==, n_anna + n_ben);
    }
}

/* Every span of annotations.jsonl is in the project with the same document, extent, label,
 * annotator, kb_id and note, and covers the "text" the file gives; and there is no other. */
static void
test_span_texts (Fixture       *f,
                 gconstpointer  data)
{
  guint n_checked = 0;

  for (guint i = 0; i < f->annotations->len; i++)
    {
      JsonObject *line = f->annotations->pdata[i];
      JsonArray *expected = json_object_get_array_member (line, "spans");
      GlsDocument *doc = nth_document (f, i);
      g_autofree char *text = load_text (f, doc);
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) spans = gls_project_list_spans (f->project,
                                                            gls_document_get_id (doc), &error);
      g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_object_unref);
      guint n_spans;

      g_assert_no_error (error);
      n_spans = g_list_model_get_n_items (spans);
      g_assert_cmpuint (n_spans, ==, json_array_get_length (expected));

      for (guint j = 0; j < n_spans; j++)
        {
          GlsSpan *span = g_list_model_get_item (spans, j);
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %s %s",
                                       gls_span_get_start (span), gls_span_get_end (span),
                                       label_name (f, span), gls_span_get_annotator (span));

          g_assert_cmpuint (gls_span_get_n_fragments (span), ==, 1);
          g_assert_cmpint (gls_span_get_document_id (span), ==, gls_document_get_id (doc));
          g_assert_false (g_hash_table_contains (by_key, key));
          g_hash_table_insert (by_key, key, span);
        }

      for (guint j = 0; j < json_array_get_length (expected); j++)
        {
          JsonObject *e = json_array_get_object_element (expected, j);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                                  " %s %s",
                                                  json_object_get_int_member (e, "start"),
                                                  json_object_get_int_member (e, "end"),
                                                  json_object_get_string_member (e, "label"),
                                                  json_object_get_string_member (e, "annotator"));
          GlsSpan *span = g_hash_table_lookup (by_key, key);
          g_autofree char *covered = NULL;

          if (span == NULL)
            g_error ("%s: span %s of annotations.jsonl is not in the project",
                     sample_documents[i].source, key);
          covered = slice (text, gls_span_get_start (span), gls_span_get_end (span));
          g_assert_cmpstr (covered, ==, json_object_get_string_member (e, "text"));
          g_assert_cmpstr (gls_span_get_kb_id (span), ==,
                           json_object_get_string_member_with_default (e, "kb_id", NULL));
          g_assert_cmpstr (gls_span_get_note (span), ==,
                           json_object_get_string_member_with_default (e, "note", NULL));
          g_hash_table_remove (by_key, key);
          n_checked++;
        }
      g_assert_cmpuint (g_hash_table_size (by_key), ==, 0);
    }
  g_assert_cmpuint (n_checked, ==, 73 + 73 + 67 + 43 + 43 + 46);
}

/* ------------------------------------------------------------------------------------------ */
/* Disagreements on the Pompeo article                                                          */

typedef enum
{
  EXTENT,     /* overlapping spans, different extent */
  LABEL,      /* same extent, different label */
  ONLY_ANNA,
  ONLY_BEN,
} Kind;

typedef struct
{
  gint64 start;
  gint64 end;
  const char *label;   /* NULL: no span */
  const char *text;
} Mention;

typedef struct
{
  Kind kind;
  Mention anna;
  Mention ben;
} Disagreement;

#define NONE { -1, -1, NULL, NULL }

/* The table of resources/sample/README.md, in its order. */
static const Disagreement expected_disagreements[] = {
  { EXTENT, { 127, 138, "PERSON", "Mike Pompeo" },
            { 105, 138, "PERSON", "US Secretary of State Mike Pompeo" } },
  { LABEL, { 497, 504, "ORG", "Sputnik" }, { 497, 504, "MISC", "Sputnik" } },
  { EXTENT, { 507, 521, "DATE", "20th May, 2019" }, { 507, 515, "DATE", "20th May" } },
  { LABEL, { 794, 801, "NORP", "Russian" }, { 794, 801, "GPE", "Russian" } },
  { LABEL, { 1650, 1652, "GPE", "US" }, { 1650, 1652, "NORP", "US" } },
  { EXTENT, { 2313, 2327, "PERSON", "Robert Mueller" },
            { 2297, 2327, "PERSON", "Special Counsel Robert Mueller" } },
  { ONLY_ANNA, { 2383, 2401, "DATE", "the past two years" }, NONE },
  { ONLY_BEN, NONE, { 2587, 2590, "ORG", "GRU" } },
  { EXTENT, { 2729, 2737, "ORG", "Fox news" }, { 2729, 2732, "ORG", "Fox" } },
  { LABEL, { 3136, 3170, "LAW", "Common Foreign and Security Policy" },
           { 3136, 3170, "MISC", "Common Foreign and Security Policy" } },
};

static gboolean
same_extent (const Mention *a,
             const Mention *b)
{
  return a->start == b->start && a->end == b->end;
}

static gboolean
overlap (const Mention *a,
         const Mention *b)
{
  return a->start < b->end && b->start < a->end;
}

static gint64
disagreement_start (const Disagreement *d)
{
  return d->anna.label != NULL ? d->anna.start : d->ben.start;
}

static int
compare_disagreements (gconstpointer a,
                       gconstpointer b)
{
  gint64 sa = disagreement_start (a);
  gint64 sb = disagreement_start (b);

  return sa < sb ? -1 : sa > sb;
}

/* Pairs anna's spans with ben's: identical ones agree; then the same extent with another label;
 * then overlapping spans with another extent (preferring the same label); what is left is one
 * annotator's alone. Returns the disagreements, ordered by start; stores the agreements. */
static GArray *
compute_disagreements (GArray *anna,
                       GArray *ben,
                       guint  *n_agreed)
{
  GArray *found = g_array_new (FALSE, TRUE, sizeof (Disagreement));
  g_autofree gboolean *anna_done = g_new0 (gboolean, anna->len + 1);
  g_autofree gboolean *ben_done = g_new0 (gboolean, ben->len + 1);

  *n_agreed = 0;
  for (guint i = 0; i < anna->len; i++)
    for (guint j = 0; j < ben->len && !anna_done[i]; j++)
      {
        const Mention *a = &g_array_index (anna, Mention, i);
        const Mention *b = &g_array_index (ben, Mention, j);

        if (!ben_done[j] && same_extent (a, b) && g_str_equal (a->label, b->label))
          {
            anna_done[i] = ben_done[j] = TRUE;
            (*n_agreed)++;
          }
      }

  for (guint i = 0; i < anna->len; i++)
    for (guint j = 0; j < ben->len && !anna_done[i]; j++)
      {
        const Mention *a = &g_array_index (anna, Mention, i);
        const Mention *b = &g_array_index (ben, Mention, j);

        if (!ben_done[j] && same_extent (a, b))
          {
            Disagreement d = { LABEL, *a, *b };

            g_array_append_val (found, d);
            anna_done[i] = ben_done[j] = TRUE;
          }
      }

  for (guint i = 0; i < anna->len; i++)
    {
      const Mention *a = &g_array_index (anna, Mention, i);
      int best = -1;

      if (anna_done[i])
        continue;
      for (guint j = 0; j < ben->len; j++)
        {
          const Mention *b = &g_array_index (ben, Mention, j);

          if (ben_done[j] || !overlap (a, b))
            continue;
          if (best < 0 || (g_str_equal (a->label, b->label) &&
                           !g_str_equal (a->label, g_array_index (ben, Mention, best).label)))
            best = j;
        }
      if (best >= 0)
        {
          Disagreement d = { EXTENT, *a, g_array_index (ben, Mention, best) };

          g_array_append_val (found, d);
          anna_done[i] = ben_done[best] = TRUE;
        }
    }

  for (guint i = 0; i < anna->len; i++)
    if (!anna_done[i])
      {
        Disagreement d = { ONLY_ANNA, g_array_index (anna, Mention, i), NONE };
        g_array_append_val (found, d);
      }
  for (guint j = 0; j < ben->len; j++)
    if (!ben_done[j])
      {
        Disagreement d = { ONLY_BEN, NONE, g_array_index (ben, Mention, j) };
        g_array_append_val (found, d);
      }

  g_array_sort (found, compare_disagreements);
  return found;
}

static void
assert_mention (const Mention *found,
                const Mention *expected)
{
  if (expected->label == NULL)
    {
      g_assert_null (found->label);
      return;
    }
  g_assert_nonnull (found->label);
  g_assert_cmpint (found->start, ==, expected->start);
  g_assert_cmpint (found->end, ==, expected->end);
  g_assert_cmpstr (found->label, ==, expected->label);
  g_assert_cmpstr (found->text, ==, expected->text);
}

static void
test_disagreements (Fixture       *f,
                    gconstpointer  data)
{
  GlsDocument *doc = nth_document (f, 0);
  g_autofree char *text = load_text (f, doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = NULL;
  g_autoptr(GArray) anna = g_array_new (FALSE, TRUE, sizeof (Mention));
  g_autoptr(GArray) ben = g_array_new (FALSE, TRUE, sizeof (Mention));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) found = NULL;
  guint n_agreed, n_kind[4] = { 0, };

  g_assert_cmpstr (gls_document_get_title (doc), ==, POMPEO_TITLE);
  spans = gls_project_list_spans (f->project, gls_document_get_id (doc), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      Mention m = {
        gls_span_get_start (span),
        gls_span_get_end (span),
        g_intern_string (label_name (f, span)),
        slice (text, gls_span_get_start (span), gls_span_get_end (span)),
      };

      g_ptr_array_add (texts, (gpointer) m.text);
      g_array_append_val (g_str_equal (gls_span_get_annotator (span), "anna") ? anna : ben, m);
    }
  g_assert_cmpuint (anna->len, ==, 73);
  g_assert_cmpuint (ben->len, ==, 73);

  found = compute_disagreements (anna, ben, &n_agreed);
  for (guint i = 0; i < found->len; i++)
    {
      const Disagreement *d = &g_array_index (found, Disagreement, i);

      const char *kinds[] = { "extent", "label", "only anna", "only ben" };

      g_test_message ("%u: %s; anna %s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " [%s]; ben %s %"
                      G_GINT64_FORMAT "-%" G_GINT64_FORMAT " [%s]", i + 1, kinds[d->kind],
                      d->anna.label ? d->anna.label : "-", d->anna.start, d->anna.end,
                      d->anna.text ? d->anna.text : "", d->ben.label ? d->ben.label : "-",
                      d->ben.start, d->ben.end, d->ben.text ? d->ben.text : "");
    }

  /* Exactly the ten of the README, in its order, and agreement on everything else. */
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (expected_disagreements));
  for (guint i = 0; i < found->len; i++)
    {
      const Disagreement *d = &g_array_index (found, Disagreement, i);
      const Disagreement *e = &expected_disagreements[i];

      g_assert_cmpint (d->kind, ==, e->kind);
      assert_mention (&d->anna, &e->anna);
      assert_mention (&d->ben, &e->ben);
      if (d->kind == EXTENT)
        {
          g_assert_cmpstr (d->anna.label, ==, d->ben.label);
          g_assert_false (same_extent (&d->anna, &d->ben));
        }
      n_kind[d->kind]++;
    }
  g_assert_cmpuint (n_kind[EXTENT], ==, 4);
  g_assert_cmpuint (n_kind[LABEL], ==, 4);
  g_assert_cmpuint (n_kind[ONLY_ANNA], ==, 1);
  g_assert_cmpuint (n_kind[ONLY_BEN], ==, 1);
  g_assert_cmpuint (n_agreed, ==, 73 - 4 - 4 - 1);

  /* The nested spans the README lists survive as separate spans. */
  {
    const Mention nested[] = {
      { 1865, 1869, "DATE", "2020" }, { 1865, 1891, "EVENT", "2020 presidential election" },
      { 2211, 2215, "DATE", "2016" }, { 2211, 2237, "EVENT", "2016 presidential election" },
    };

    for (guint k = 0; k < G_N_ELEMENTS (nested); k++)
      for (guint who = 0; who < 2; who++)
        {
          GArray *mine = who == 0 ? anna : ben;
          gboolean seen = FALSE;

          for (guint i = 0; i < mine->len; i++)
            {
              const Mention *m = &g_array_index (mine, Mention, i);

              if (same_extent (m, &nested[k]) && g_str_equal (m->label, nested[k].label))
                {
                  g_assert_cmpstr (m->text, ==, nested[k].text);
                  seen = TRUE;
                }
            }
          g_assert_true (seen);
        }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Relations                                                                                    */

/* "DOCUMENT TYPE ANNOTATOR: START-END LABEL SPAN-ANNOTATOR -> START-END LABEL SPAN-ANNOTATOR" */
static char *
relation_key (gint64      document,
              const char *type,
              const char *annotator,
              gint64      s_start,
              gint64      s_end,
              const char *s_label,
              const char *s_annotator,
              gint64      t_start,
              gint64      t_end,
              const char *t_label,
              const char *t_annotator)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s %s: %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          " %s %s -> %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %s %s",
                          document, type, annotator, s_start, s_end, s_label, s_annotator,
                          t_start, t_end, t_label, t_annotator);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
find_span (JsonArray *spans,
           gint64     id)
{
  for (guint i = 0; i < json_array_get_length (spans); i++)
    {
      JsonObject *span = json_array_get_object_element (spans, i);

      if (json_object_get_int_member (span, "id") == id)
        return span;
    }
  g_error ("no span %" G_GINT64_FORMAT " in annotations.jsonl", id);
  return NULL;
}

static void
test_relations (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *document_ids = g_new0 (gint64, f->annotations->len);
  g_auto(GStrv) types = gls_project_list_relation_types (f->project);
  g_autofree char *pompeo_text = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_true (g_strv_contains ((const char * const *) types, "met-with"));
  g_assert_true (g_strv_contains ((const char * const *) types, "member-of"));
  g_assert_true (g_strv_contains ((const char * const *) types, "located-in"));

  /* What annotations.jsonl says, by span extent rather than by its per-line ids. */
  for (guint i = 0; i < f->annotations->len; i++)
    {
      JsonObject *line = f->annotations->pdata[i];
      JsonArray *spans = json_object_get_array_member (line, "spans");
      JsonArray *relations = json_object_get_array_member (line, "relations");

      document_ids[i] = gls_document_get_id (nth_document (f, i));
      for (guint j = 0; j < json_array_get_length (relations); j++)
        {
          JsonObject *r = json_array_get_object_element (relations, j);
          JsonObject *s = find_span (spans, json_object_get_int_member (r, "from"));
          JsonObject *t = find_span (spans, json_object_get_int_member (r, "to"));

          g_ptr_array_add (expected, relation_key (
            document_ids[i], json_object_get_string_member (r, "type"),
            json_object_get_string_member (r, "annotator"),
            json_object_get_int_member (s, "start"), json_object_get_int_member (s, "end"),
            json_object_get_string_member (s, "label"),
            json_object_get_string_member (s, "annotator"),
            json_object_get_int_member (t, "start"), json_object_get_int_member (t, "end"),
            json_object_get_string_member (t, "label"),
            json_object_get_string_member (t, "annotator")));
        }
    }
  pompeo_text = load_text (f, nth_document (f, 0));

  /* The core has no reader for relations yet: read the closed copy with SQLite. */
  g_clear_object (&f->project);
  rc = sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT s.document, r.type, ra.name,"
                           " s.start, s.end, sl.name, sa.name, t.start, t.end, tl.name, ta.name"
                           " FROM relations r"
                           " JOIN annotators ra ON ra.id = r.annotator"
                           " JOIN spans s ON s.id = r.source"
                           " JOIN labels sl ON sl.id = s.label"
                           " JOIN annotators sa ON sa.id = s.annotator"
                           " JOIN spans t ON t.id = r.target"
                           " JOIN labels tl ON tl.id = t.label"
                           " JOIN annotators ta ON ta.id = t.annotator"
                           " WHERE s.document = t.document",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
#define COL_TEXT(n) ((const char *) sqlite3_column_text (stmt, n))
      g_ptr_array_add (stored, relation_key (
        sqlite3_column_int64 (stmt, 0), COL_TEXT (1), COL_TEXT (2),
        sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4), COL_TEXT (5),
        COL_TEXT (6), sqlite3_column_int64 (stmt, 7), sqlite3_column_int64 (stmt, 8),
        COL_TEXT (9), COL_TEXT (10)));
#undef COL_TEXT
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  stmt = NULL;

  /* Every relation is there, between the same spans, and there are no others (a relation
   * between spans of two documents would not even have been listed). */
  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM relations", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, stored->len);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_sort (stored, compare_strings);
  g_assert_cmpuint (expected->len, ==, 5 + 5 + 8 + 7 + 7 + 6);
  for (guint i = 0; i < MIN (expected->len, stored->len); i++)
    g_assert_cmpstr (g_ptr_array_index (stored, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (stored->len, ==, expected->len);

  /* Pompeo met with Putin, for both annotators. */
  {
    g_autofree char *pompeo = slice (pompeo_text, 907, 913);
    g_autofree char *putin = slice (pompeo_text, 923, 928);

    g_assert_cmpstr (pompeo, ==, "Pompeo");
    g_assert_cmpstr (putin, ==, "Putin");
    for (guint who = 0; who < 2; who++)
      {
        const char *annotator = who == 0 ? "anna" : "ben";
        g_autofree char *key = relation_key (document_ids[0], "met-with", annotator,
                                             907, 913, "PERSON", annotator,
                                             923, 928, "PERSON", annotator);
        gboolean seen = FALSE;

        for (guint i = 0; i < stored->len; i++)
          seen |= g_str_equal (g_ptr_array_index (stored, i), key);
        if (!seen)
          g_error ("no relation %s", key);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sample/documents", test_documents);
  ADD ("/sample/scripts", test_scripts);
  g_test_add_func ("/sample/contrast-threshold", test_contrast_threshold);
  ADD ("/sample/labels", test_labels);
  ADD ("/sample/annotators", test_annotators);
  ADD ("/sample/span-texts", test_span_texts);
  ADD ("/sample/disagreements", test_disagreements);
  ADD ("/sample/relations", test_relations);

#undef ADD

  return g_test_run ();
}
