/* test-format-xmi.c — UIMA CAS XMI as INCEpTION exports it: reading, round trips, losses,
 * and XML that must be refused without expanding or fetching anything
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-offsets.h"
#include "gls-project.h"
#include "gls-test-core.h"

/* Declared by gls-format.h once the format is registered; repeated here for a build made
 * before that. (Delete these lines when gls-format.h has it.) */

#define NS_NER "http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"
#define DKPRO "de.tudarmstadt.ukp.dkpro.core.api."

/* The text of tests/data/formats/xmi/inception-news.xmi: an emoji in the first sentence, so
 * that UTF-16 offsets and code points differ by one after it. */
#define NEWS_TEXT "Zoë Müller met Сергей Лавров in Sochi 🚀.\n" \
                  "Vladimir Putin greeted them in Сочи, at the Gazprom-Arena.\n\n" \
                  "Zoë Müller wrote to C:\\Users\\zoe\tand left."

/* Whatever asks libxml2 for an external entity (a DTD, a SYSTEM entity) ends up here. */
static guint n_entity_loads;

static xmlParserInputPtr
spy_entity_loader (const char       *url,
                   const char       *id,
                   xmlParserCtxtPtr  ctxt)
{
  n_entity_loads++;
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-xmi-XXXXXX");
  n_entity_loads = 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
  g_assert_cmpuint (n_entity_loads, ==, 0);
}

static const char *
data_path (const char *name)
{
  return name ? g_test_get_filename (G_TEST_DIST, "data", "formats", "xmi", name, NULL)
              : g_test_get_filename (G_TEST_DIST, "data", "formats", "xmi", NULL);
}

/* One line per document (its text, escaped) followed by its spans, sorted, so that two
 * projects can be compared as strings. Discontinuous spans are left out when asked. */
static char *
describe (GlsProject *project,
          gboolean    contiguous_only)
{
  GListModel *documents = gls_project_get_documents (project);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = gls_project_load_text (project, gls_document_get_id (doc), &error);
      g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (doc),
                                                            &error);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *escaped = NULL;
      GString *part;

      g_assert_no_error (error);
      escaped = g_strescape (text, NULL);
      part = g_string_new (escaped);
      g_string_append_c (part, '\n');
      for (guint k = 0; k < g_list_model_get_n_items (spans); k++)
        {
          g_autoptr(GlsSpan) span = g_list_model_get_item (spans, k);
          GlsLabel *label = gls_project_lookup_label (project, gls_span_get_label_id (span));
          const char *kb_id = gls_span_get_kb_id (span);

          if (contiguous_only && gls_span_get_n_fragments (span) > 1)
            continue;
          g_ptr_array_add (lines, g_strdup_printf ("  %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                                   " %s %s\n",
                                                   gls_span_get_start (span),
                                                   gls_span_get_end (span),
                                                   gls_label_get_name (label),
                                                   kb_id ? kb_id : "-"));
        }
      g_ptr_array_sort (lines, gls_test_compare_strings);
      for (guint k = 0; k < lines->len; k++)
        g_string_append (part, g_ptr_array_index (lines, k));
      g_ptr_array_add (parts, g_string_free (part, FALSE));
    }
  g_ptr_array_sort (parts, gls_test_compare_strings);
  for (guint i = 0; i < parts->len; i++)
    g_string_append (out, g_ptr_array_index (parts, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading what INCEpTION wrote                                                                 */

static void
check_news_project (GlsProject *project)
{
  GListModel *documents = gls_project_get_documents (project);
  g_autoptr(GlsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *escaped = g_strescape (NEWS_TEXT, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 1);
  doc = g_list_model_get_item (documents, 0);
  g_assert_cmpstr (gls_document_get_title (doc), ==, "inception-news.txt");
  text = gls_project_load_text (project, gls_document_get_id (doc), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, NEWS_TEXT);

  /* Code points: everything after the emoji is one less than in the file. */
  expected = g_strdup_printf (
    "%s\n"
    "  0-10 PERSON http://www.wikidata.org/entity/Q123\n"
    "  101-111 PERSON -\n"
    "  130-133 PERSON -\n"
    "  15-28 PERSON -\n"
    "  32-37 GPE http://www.wikidata.org/entity/Q828?a=1&b=\"x\"\n"
    "  41-55 PERSON http://dbpedia.org/resource/Vladimir_Putin\n"
    "  72-76 GPE http://www.wikidata.org/entity/Q828\n"
    "  72-76 LOC -\n"
    "  85-92 ORG -\n"
    "  85-98 LOC -\n",
    escaped);
  got = describe (project, FALSE);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_read_inception_folder (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "folder.glossator");
  g_autoptr(GError) error = NULL;

  /* The folder holds the document and INCEpTION's TypeSystem.xml, which is not a document. */
  g_assert_true (gls_import_run (project, &gls_format_xmi, data_path (NULL), NULL, NULL, &error));
  g_assert_no_error (error);
  check_news_project (project);
}

static void
test_read_inception_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "file.glossator");
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_import_run (project, &gls_format_xmi, data_path ("inception-news.xmi"),
                                 "bert", NULL, &error));
  g_assert_no_error (error);
  check_news_project (project);

  /* Reading it again adds nothing: the same text is the same document, the same spans are
   * duplicates. */
  g_assert_true (gls_import_run (project, &gls_format_xmi, data_path ("inception-news.xmi"),
                                 "bert", NULL, &error));
  g_assert_no_error (error);
  check_news_project (project);
}

static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *head = NULL;
  g_autofree char *tsv = g_build_filename (f->dir, "a.tsv", NULL);
  gsize length;

  g_assert_true (g_file_get_contents (data_path ("inception-news.xmi"), &head, &length, NULL));
  g_assert_cmpint (gls_format_xmi.probe (data_path ("inception-news.xmi"), head,
                                         MIN (length, 4096)), ==, 95);
  /* The same bytes under another name: the content decides. */
  g_assert_cmpint (gls_format_xmi.probe ("/nowhere/cas.xml", head, MIN (length, 4096)), ==, 95);
  g_assert_cmpint (gls_format_xmi.probe (data_path (NULL), NULL, 0), ==, 90);

  g_assert_true (g_file_set_contents (tsv, "#FORMAT=WebAnno TSV 3.3\n", -1, NULL));
  g_assert_cmpint (gls_format_xmi.probe (tsv, "#FORMAT=WebAnno TSV 3.3\n", 24), ==, 0);
  g_assert_cmpint (gls_format_xmi.probe (f->dir, NULL, 0), ==, 0);
  g_assert_cmpint (gls_format_xmi.probe ("/x/a.xml", "<?xml version=\"1.0\"?><html/>", 28), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Round trips                                                                                  */

#define DOC1 "Zoë Müller met Сергей Лавров in Sochi 🚀.\n" \
             "Vladimir Putin greeted them in Сочи, at the Gazprom-Arena.\n\n" \
             "A \"quoted\" <tag> & 'apostrophe'\tand\\backslash 👩‍👩‍👧 family."
#define DOC2 "  Ёлка 🎄 в Москве: Газпром и Сбербанк.\r\nLine two — ends here.\n"
#define DOC3 "Short text without entities."

static const char *kb_special = "urn:x:a|b_c[1];d*e->f\\g&<>\"' ok\tend";

static GlsProject *
build_clean_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_escaping_project (f->dir, "source.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  gint64 d1, d2;

  g_assert_no_error (error);
  d1 = gls_import_add_document (import, "News: one/two", DOC1, -1, "one.txt", &error);
  g_assert_no_error (error);
  d2 = gls_import_add_document (import, "Ёлка", DOC2, -1, "two.txt", &error);
  g_assert_no_error (error);
  /* The same title as the first: the files get different names. */
  gls_import_add_document (import, "News: one/two", DOC3, -1, "three.txt", &error);
  g_assert_no_error (error);

  gls_test_add_span_at (import, d1, DOC1, "Zoë Müller", 0, "PERSON",
                        "http://www.wikidata.org/entity/Q123", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сергей Лавров", 0, "PERSON", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Sochi", 0, "GPE", kb_special, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Vladimir Putin", 0, "PERSON", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Putin", 0, "PERSON", "Q7747", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сочи", 0, "GPE", "Q828", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сочи", 0, "LOC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Gazprom-Arena", 0, "LOC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Gazprom", 0, "ORG", NULL, "anna");
  /* crosses the LOC */
  gls_test_add_span_at (import, d1, DOC1, "the Gazprom", 0, "MISC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "👩‍👩‍👧", 0, "MISC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "quoted", 0, "WORK_OF|ART[x]*;->\\", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Москве", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Газпром", 0, "ORG", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Сбербанк", 0, "ORG", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Line two", 0, "MISC", NULL, "anna");
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
  return project;
}

static char *
export_project (Fixture       *f,
                GlsProject    *project,
                const char    *name,
                GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (gls_export_run (project, &gls_format_xmi, path, NULL, NULL, report, NULL, NULL,
                                 NULL, &error));
  g_assert_no_error (error);
  return path;
}

static xmlNodePtr
next_element (xmlNodePtr node)
{
  while (node != NULL && node->type != XML_ELEMENT_NODE)
    node = node->next;
  return node;
}

/* Parsed from memory: the spy entity loader answers every file libxml2 would open itself. */
static xmlDocPtr
read_xml (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return xmlReadMemory (contents, (int)length, path, NULL, XML_PARSE_NONET);
}

/* The written file has the shape INCEpTION reads: namespaces, NULL, metadata, segmentation,
 * named entities with UTF-16 offsets, the sofa and a view listing every annotation. */
static void
check_written_shape (const char *path)
{
  xmlDocPtr doc = read_xml (path);
  xmlNodePtr root, node;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) members = g_string_new (NULL);
  g_auto(GStrv) listed = NULL;
  guint n_tokens = 0, n_sentences = 0, n_entities = 0;
  gboolean saw_putin = FALSE, saw_sofa = FALSE;

  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((char *)root->name, ==, "XMI");
  g_assert_cmpstr ((char *)root->ns->href, ==, "http://www.omg.org/XMI");
  g_assert_nonnull (xmlSearchNsByHref (doc, root, BAD_CAST "http:///uima/cas.ecore"));
  g_assert_nonnull (xmlSearchNsByHref (doc, root, BAD_CAST NS_NER));

  node = next_element (root->children);
  g_assert_cmpstr ((char *)node->name, ==, "NULL");
  g_assert_cmpstr ((char *)node->ns->prefix, ==, "cas");

  for (node = next_element (node->next); node != NULL; node = next_element (node->next))
    {
      xmlChar *id = xmlGetNsProp (node, BAD_CAST "id", BAD_CAST "http://www.omg.org/XMI");
      const char *name = (const char *)node->name;

      if (strcmp (name, "View") == 0)
        {
          xmlChar *m = xmlGetProp (node, BAD_CAST "members");
          g_string_append (members, (char *)m);
          xmlFree (m);
          g_assert_null (id);
          continue;
        }
      g_assert_nonnull (id);
      if (strcmp (name, "Sofa") == 0)
        {
          xmlChar *s = xmlGetProp (node, BAD_CAST "sofaString");
          xmlChar *v = xmlGetProp (node, BAD_CAST "sofaID");

          g_assert_cmpstr ((char *)v, ==, "_InitialView");
          g_assert_cmpstr ((char *)id, ==, "1");
          saw_sofa = TRUE;
          xmlFree (s);
          xmlFree (v);
        }
      else
        {
          xmlChar *sofa = xmlGetProp (node, BAD_CAST "sofa");

          g_assert_cmpstr ((char *)sofa, ==, "1");
          xmlFree (sofa);
          g_hash_table_add (ids, g_strdup ((char *)id));
          if (strcmp (name, "Token") == 0)
            n_tokens++;
          else if (strcmp (name, "Sentence") == 0)
            n_sentences++;
          else if (strcmp (name, "NamedEntity") == 0)
            {
              xmlChar *b = xmlGetProp (node, BAD_CAST "begin");
              xmlChar *e = xmlGetProp (node, BAD_CAST "end");
              xmlChar *ident = xmlGetProp (node, BAD_CAST "identifier");

              n_entities++;
              /* "Putin" begins at code point 50, after the emoji: UTF-16 offset 51. */
              if (ident != NULL && strcmp ((char *)ident, "Q7747") == 0)
                {
                  g_assert_cmpstr ((char *)b, ==, "51");
                  g_assert_cmpstr ((char *)e, ==, "56");
                  saw_putin = TRUE;
                }
              xmlFree (b);
              xmlFree (e);
              xmlFree (ident);
            }
        }
      xmlFree (id);
    }
  g_assert_true (saw_sofa);
  g_assert_true (saw_putin);
  g_assert_cmpuint (n_entities, ==, 12);
  g_assert_cmpuint (n_sentences, >=, 2);
  g_assert_cmpuint (n_tokens, >, 20);

  /* The view lists every annotation, and nothing else. */
  listed = g_strsplit (members->str, " ", -1);
  g_assert_cmpuint (g_strv_length (listed), ==, g_hash_table_size (ids));
  for (guint i = 0; listed[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (ids, listed[i]));
  xmlFreeDoc (doc);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GlsProject) source = build_clean_project (f);
  g_autoptr(GlsProject) copy = gls_test_new_escaping_project (f->dir, "copy.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = export_project (f, source, "out", report);
  g_autofree char *first = g_build_filename (folder, "News_ one_two.xmi", NULL);
  g_autofree char *second = g_build_filename (folder, "Ёлка.xmi", NULL);
  g_autofree char *types = g_build_filename (folder, "TypeSystem.xml", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_files = 0;

  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 4);   /* three documents and the type system */
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (types, G_FILE_TEST_IS_REGULAR));
  check_written_shape (first);

  {
    xmlDocPtr ts = read_xml (types);
    g_autofree char *contents = NULL;

    g_assert_nonnull (ts);
    xmlFreeDoc (ts);
    g_assert_true (g_file_get_contents (types, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<name>" DKPRO "ner.type.NamedEntity</name>"));
    g_assert_nonnull (strstr (contents, "<name>identifier</name>"));
    g_assert_nonnull (strstr (contents, "<name>" DKPRO "metadata.type.DocumentMetaData</name>"));
    g_assert_nonnull (strstr (contents, "<name>" DKPRO "segmentation.type.Token</name>"));
    g_assert_nonnull (strstr (contents, "<name>" DKPRO "segmentation.type.Sentence</name>"));
  }

  g_assert_true (gls_import_run (copy, &gls_format_xmi, folder, NULL, NULL, &error));
  g_assert_no_error (error);
  before = describe (source, TRUE);
  after = describe (copy, TRUE);
  g_assert_cmpstr (after, ==, before);

  /* Titles come back from DocumentMetaData. */
  {
    GListModel *documents = gls_project_get_documents (copy);
    guint n_news = 0;

    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
        n_news += g_strcmp0 (gls_document_get_title (doc), "News: one/two") == 0;
      }
    g_assert_cmpuint (n_news, ==, 2);
  }
}

static void
test_loss_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "lossy.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  const char *text = "Mike Pompeo met Vladimir \001Putin in Sochi 🚀 today.";
  g_autofree char *folder = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  GlsFragment parts[2];
  gint64 doc, mike, putin;

  {
    g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);

    g_assert_no_error (error);
    doc = gls_import_add_document (import, "Lossy", text, -1, NULL, &error);
    g_assert_no_error (error);
    mike = gls_test_add_span_at (import, doc, text, "Mike Pompeo", 0, "PERSON", NULL, "anna");
    putin = gls_test_add_span_at (import, doc, text, "Putin", 0, "PERSON", NULL, "ben");
    parts[0] = gls_test_find (text, "Vladimir", 0);
    parts[1] = gls_test_find (text, "Putin", 0);
    gls_import_add_span (import, doc, parts, 2, "PERSON", "anna", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    parts[0] = gls_test_find (text, "Sochi", 0);
    g_hash_table_insert (attributes, (gpointer)"confidence", (gpointer)"high");
    g_hash_table_insert (attributes, (gpointer)"source", (gpointer)"wire");
    gls_import_add_span (import, doc, parts, 1, "GPE", "anna", "check the spelling", NULL,
                         attributes, &error);
    g_assert_no_error (error);
    gls_import_add_relation (import, "met-with", mike, putin, "anna", &error);
    g_assert_no_error (error);
    g_assert_true (gls_import_commit (import, &error));
    g_assert_no_error (error);
  }

  folder = export_project (f, project, "lossy", report);
  lines = gls_loss_report_to_text (report);
  g_test_message ("%s", lines);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 6);
  g_assert_nonnull (strstr (lines, "discontinuous span (2 fragments)"));
  g_assert_nonnull (strstr (lines, "note not written"));
  g_assert_nonnull (strstr (lines, "attributes not written: confidence, source"));
  g_assert_nonnull (strstr (lines, "relation “met-with”"));
  g_assert_nonnull (strstr (lines, "2 annotators merged"));
  g_assert_nonnull (strstr (lines, "1 control characters"));

  /* The control character became a space: same offsets, valid XML. */
  file = g_build_filename (folder, "Lossy.xmi", NULL);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "met Vladimir  Putin in Sochi"));
}

/* Newlines, tabs and carriage returns in the text survive attribute-value normalisation. */
static void
test_white_space_survives (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "ws.glossator");
  g_autoptr(GlsProject) copy = gls_test_new_escaping_project (f->dir, "ws-copy.glossator");
  const char *text = "Line\tone\r\nLine  two\n\n\tParis.\n";
  g_autofree char *folder = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
    gint64 doc;

    g_assert_no_error (error);
    doc = gls_import_add_document (import, "ws", text, -1, NULL, &error);
    g_assert_no_error (error);
    gls_test_add_span_at (import, doc, text, "Paris", 0, "GPE", "a\nb", "anna");
    g_assert_true (gls_import_commit (import, &error));
    g_assert_no_error (error);
  }
  folder = export_project (f, project, "ws", NULL);
  g_assert_true (gls_import_run (copy, &gls_format_xmi, folder, NULL, NULL, &error));
  g_assert_no_error (error);
  before = describe (project, FALSE);
  after = describe (copy, FALSE);
  g_assert_cmpstr (after, ==, before);
}

static void
test_write_targets (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (gls_export_run (project, &gls_format_xmi, file, NULL, NULL, NULL, NULL, NULL,
                                  NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "plain-file"));
  g_clear_error (&error);

  g_assert_false (gls_export_run (project, &gls_format_xmi, "-", NULL, NULL, NULL, NULL, NULL,
                                  NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
}

/* ------------------------------------------------------------------------------------------ */
/* Files that must be refused                                                                   */

#define XMI_OPEN "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" " \
                 "xmlns:cas=\"http:///uima/cas.ecore\" " \
                 "xmlns:type4=\"http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore\" " \
                 "xmi:version=\"2.0\">\n"
#define XMI_NULL "  <cas:NULL xmi:id=\"0\"/>\n"
/* "🚀 Mike met Zoë." is 16 UTF-16 units: the emoji takes units 0 and 1. */
#define XMI_SOFA "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" " \
                 "mimeType=\"text\" " \
                 "sofaString=\"🚀 Mike met Zoë.\"/>\n"
#define XMI_CLOSE "</xmi:XMI>\n"

typedef struct
{
  const char *name;
  const char *contents;
  GlsError code;
  const char *where;         /* expected in the message, e.g. "line 4" */
  const char *what;          /* expected in the message too */
} BadFile;

static const BadFile bad_files[] = {
  { "billion-laughs.xmi",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    "  <!ENTITY lol \"lol\">\n"
    "  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    "  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    "  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    "  <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    "  <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    "  <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    "  <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    "  <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    "  <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"&lol9;\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 3", "DOCTYPE with entity declarations is not accepted" },
  { "external-entity.xmi",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE xmi:XMI [\n"
    "  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n"
    "]>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"&secret;\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 3", "DOCTYPE with entity declarations" },
  { "external-entity-http.xmi",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE xmi:XMI [<!ENTITY remote SYSTEM \"http://127.0.0.1:9/evil.xml\">]>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    "  &remote;\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 2", "DOCTYPE with entity declarations" },
  { "parameter-entity.xmi",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE xmi:XMI [\n"
    "  <!ENTITY % dtd SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
    "  %dtd;\n"
    "]>\n"
    XMI_OPEN XMI_NULL XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 3", "DOCTYPE with entity declarations" },
  { "malformed.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\">\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 6", "not well-formed XML" },
  { "past-the-end.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    "  <type4:NamedEntity xmi:id=\"3\" sofa=\"1\" begin=\"12\" end=\"17\" value=\"PERSON\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_OFFSET, "line 5", "12-17" },
  { "mid-surrogate.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\"\n"
    "      begin=\"1\" end=\"7\" value=\"PERSON\"/>\n"
    XMI_SOFA XMI_CLOSE,
    /* libxml2 numbers an element by the line its start tag ends on. */
    GLS_ERROR_OFFSET, "line 5", "surrogate pair" },
  { "negative.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"-1\" end=\"7\" value=\"PERSON\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_OFFSET, "line 4", "-1-7" },
  { "not-a-number.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3x\" end=\"7\" value=\"PERSON\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_PARSE, "line 4", "whole numbers" },
  { "unknown-label.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    "\n"
    "  <type4:NamedEntity xmi:id=\"3\" sofa=\"1\" begin=\"12\" end=\"15\" value=\"CELEBRITY\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_UNKNOWN_LABEL, "line 6", "CELEBRITY" },
  { "no-value.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\"/>\n"
    XMI_SOFA XMI_CLOSE,
    GLS_ERROR_UNKNOWN_LABEL, "line 4", "no value" },
  { "latin1-bytes.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" "
    "sofaString=\"Mike met Zo\xeb.\"/>\n"
    XMI_CLOSE,
    GLS_ERROR_ENCODING, "line 5", "UTF-8" },
  { "no-sofa.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    XMI_CLOSE,
    GLS_ERROR_PARSE, "no-sofa.xmi", "no cas:Sofa" },
  { "not-xmi.xmi",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<html>\n<body/>\n</html>\n",
    GLS_ERROR_PARSE, "line 2", "xmi:XMI" },
};

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "target.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, bad->name, NULL);

  g_assert_true (g_file_set_contents (path, bad->contents, -1, NULL));
  g_assert_false (gls_import_run (project, &gls_format_xmi, path, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, (gint)bad->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, bad->name));
  g_assert_nonnull (strstr (error->message, bad->where));
  g_assert_nonnull (strstr (error->message, bad->what));
  /* Nothing of it was kept, and nothing was fetched (checked in tear-down). */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

/* A DOCTYPE that only names an external DTD declares no entity: the file is read, and the
 * DTD is not. */
static void
test_external_dtd_not_loaded (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "dtd.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "dtd.xmi", NULL);
  const char *contents =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE xmi:XMI SYSTEM \"http://127.0.0.1:9/xmi.dtd\">\n"
    XMI_OPEN XMI_NULL
    "  <type4:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"3\" end=\"7\" value=\"PERSON\"/>\n"
    XMI_SOFA XMI_CLOSE;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_true (gls_import_run (project, &gls_format_xmi, path, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 1);
  g_assert_cmpuint (n_entity_loads, ==, 0);
}

/* The parser's limits stay on: one attribute over 10 MB, or nesting deeper than 256 levels,
 * is refused with a message that says so. */
static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "limits.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_build_filename (f->dir, "huge.xmi", NULL);
  g_autofree char *deep = g_build_filename (f->dir, "deep.xmi", NULL);
  g_autoptr(GString) contents = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                              XMI_OPEN XMI_NULL
                                              "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" "
                                              "sofaID=\"_InitialView\" mimeType=\"text\" "
                                              "sofaString=\"");

  for (guint i = 0; i < 11 * 1024 * 1024 / 16; i++)
    g_string_append (contents, "Zoë met Mike. ");
  g_string_append (contents, "\"/>\n" XMI_CLOSE);
  g_assert_true (g_file_set_contents (huge, contents->str, (gssize)contents->len, NULL));
  g_assert_false (gls_import_run (project, &gls_format_xmi, huge, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "huge.xmi: line 4: refused"));
  g_clear_error (&error);

  g_string_assign (contents, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" XMI_OPEN XMI_NULL);
  for (guint i = 0; i < 300; i++)
    g_string_append (contents, "<a>");
  for (guint i = 0; i < 300; i++)
    g_string_append (contents, "</a>");
  g_string_append (contents, "\n" XMI_SOFA XMI_CLOSE);
  g_assert_true (g_file_set_contents (deep, contents->str, (gssize)contents->len, NULL));
  g_assert_false (gls_import_run (project, &gls_format_xmi, deep, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "deep.xmi: line 4: refused"));
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

/* A folder whose second file is bad leaves the project as it was. */
static void
test_bad_folder_rolls_back (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "rollback.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *good = g_build_filename (folder, "a.xmi", NULL);
  g_autofree char *bad = g_build_filename (folder, "b.xmi", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_get_contents (data_path ("inception-news.xmi"), &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "<xmi:XMI", -1, NULL));
  g_assert_false (gls_import_run (project, &gls_format_xmi, folder, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "b.xmi"));
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  xmlSetExternalEntityLoader (spy_entity_loader);

  g_test_add ("/format/xmi/read/inception-folder", Fixture, NULL, fixture_set_up,
              test_read_inception_folder, fixture_tear_down);
  g_test_add ("/format/xmi/read/inception-file", Fixture, NULL, fixture_set_up,
              test_read_inception_file, fixture_tear_down);
  g_test_add ("/format/xmi/probe", Fixture, NULL, fixture_set_up, test_probe,
              fixture_tear_down);
  g_test_add ("/format/xmi/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/format/xmi/white-space", Fixture, NULL, fixture_set_up,
              test_white_space_survives, fixture_tear_down);
  g_test_add ("/format/xmi/loss-report", Fixture, NULL, fixture_set_up, test_loss_report,
              fixture_tear_down);
  g_test_add ("/format/xmi/write-targets", Fixture, NULL, fixture_set_up, test_write_targets,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/xmi/bad/%s", bad_files[i].name);
      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file,
                  fixture_tear_down);
    }
  g_test_add ("/format/xmi/bad/external-dtd", Fixture, NULL, fixture_set_up,
              test_external_dtd_not_loaded, fixture_tear_down);
  g_test_add ("/format/xmi/bad/limits", Fixture, NULL, fixture_set_up, test_limits,
              fixture_tear_down);
  g_test_add ("/format/xmi/bad/folder-rolls-back", Fixture, NULL, fixture_set_up,
              test_bad_folder_rolls_back, fixture_tear_down);

  return g_test_run ();
}
