/* test-cli.c — glossator-cli as a script sees it
 *
 * Every case runs the real binary (GLS_CLI) in a temporary folder, with DISPLAY and
 * WAYLAND_DISPLAY unset and LC_ALL=C.UTF-8 (one case also LC_ALL=C), and checks what a shell
 * script relies on: exit statuses (0 ok, 1 error, 2 usage), the exact shape of what goes to
 * standard output, errors on standard error that start with "glossator-cli: " and name the
 * file (and line), and files that a failed command leaves byte for byte as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-cli"
#endif

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gls-test-core.h"

static const char * const news_labels[] = {
  "PERSON", "ORG", "GPE", "LOC", "DATE", "NORP", "EVENT", "LAW", "MISC",
};

/* Two plain-text articles and one messy page. The title of a text file is its first line;
 * the page's headline is its <h1> inside <article>. */
static const char cyrillic_title[] = "Переговоры в Москве: Лавров встретился с Помпео";
static const char cyrillic_text[] =
  "Переговоры в Москве: Лавров встретился с Помпео\n"
  "\n"
  "Сергей Лавров и Майк Помпео обсудили кибербезопасность в Сочи.\n";

static const char emoji_title[] = "Lisbon launch day 🚀 draws a crowd";
static const char emoji_text[] =
  "Lisbon launch day 🚀 draws a crowd\n"
  "\n"
  "Zoë Müller posted “Orbit! 🇵🇹👩‍🚀” within minutes of lift-off.\n";

static const char page_title[] = "Danube pilots agree on winter convoys";
static const char page_html[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
  "<title>Danube pilots agree on winter convoys | The Daily River</title>\n"
  "<style>body { font: 12px sans-serif } .STYLETEXT { color: red }</style>\n"
  "<script>var tracker = \"SCRIPTTEXT\"; document.write('<p>WRITTENTEXT</p>');</script>\n"
  "</head><body>\n"
  "<!-- COMMENTTEXT -->\n"
  "<div class=\"cookie-banner\">COOKIETEXT We use cookies. <button>Accept</button></div>\n"
  "<header><a href=\"/\">The Daily River</a>\n"
  "<nav><ul><li><a href=\"/\">NAVTEXT Home</a><li><a href=\"/world\">World</a>\n"
  "<li><a href=\"/sport\">Sport</a></ul></nav></header>\n"
  "<div class=\"advert-slot\">ADTEXT Buy river cruises now!</div>\n"
  "<main><article>\n"
  "<h1>Danube pilots agree on winter convoys</h1>\n"
  "<ul class=\"share-buttons\"><li>SHARETEXT Facebook<li>X</ul>\n"
  "<p>Pilots from Varna and Izmail agreed on Monday to run convoys &amp; share ice\n"
  "   reports through the winter.\n"
  "<p>The deal covers   the stretch between Reni and the sea.</p>\n"
  "<script>trackRead(\"INLINESCRIPTTEXT\");</script>\n"
  "<div class=\"ad\">ADTEXT2 Sponsored</div>\n"
  "<p>It runs until March.</p>\n"
  "</article>\n"
  "<aside class=\"related-stories\"><h2>RELATEDTEXT Read more</h2></aside>\n"
  "</main>\n"
  "<footer>FOOTERTEXT © The Daily River</footer>\n"
  "</body></html>\n";

/* Words that only appear in the page's furniture. */
static const char * const page_furniture[] = {
  "STYLETEXT", "SCRIPTTEXT", "WRITTENTEXT", "COMMENTTEXT", "COOKIETEXT", "NAVTEXT", "ADTEXT",
  "SHARETEXT", "INLINESCRIPTTEXT", "RELATEDTEXT", "FOOTERTEXT", "The Daily River", "Accept",
};

/* ------------------------------------------------------------------------------------------ */
/* A temporary folder per test                                                                  */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-test-cli-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_path (f->dir);
  g_free (f->dir);
}

static char *
fixture_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = fixture_path (f, name);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  gsize a_len, b_len;
  const char *a_data = g_bytes_get_data (a, &a_len);
  const char *b_data = g_bytes_get_data (b, &b_len);

  g_assert_cmpmem (a_data, a_len, b_data, b_len);
}

/* A new project with the "News" labels, at dir/NAME. */
static char *
new_project (Fixture    *f,
             const char *name)
{
  g_autoptr(CliResult) r = NULL;
  char *path = fixture_path (f, name);

  r = cli_run (f->dir, "new", path, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* A copy of the built sample project, at dir/sample.glossator. */
static char *
copy_sample (Fixture *f)
{
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) error = NULL;
  const char *sample = g_getenv ("GLS_SAMPLE_PROJECT");
  char *path = fixture_path (f, "sample.glossator");

  g_assert_nonnull (sample);
  src = g_file_new_for_path (sample);
  dest = g_file_new_for_path (path);
  g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading what glossator-cli prints                                                            */

typedef struct
{
  gint64 id;
  char *status;
  guint n_spans;
  char *title;
} ListRow;

static void
list_row_free (ListRow *row)
{
  g_free (row->status);
  g_free (row->title);
  g_free (row);
}

/* `list` output: one "ID<TAB>STATUS<TAB>SPANS<TAB>TITLE" line per document, every line ended. */
static GPtrArray *
parse_list (const char *out)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) list_row_free);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n_lines = g_strv_length (lines);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  /* Either empty, or every line ends with a newline: the last piece is empty. */
  g_assert_cmpuint (n_lines, >=, 1);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");

  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);
      ListRow *row = g_new0 (ListRow, 1);
      guint64 number;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_ascii_string_to_unsigned (fields[0], 10, 1, G_MAXINT64, &number, &error);
      g_assert_no_error (error);
      row->id = (gint64) number;
      g_assert_true (g_strv_contains ((const char * const[]) { "new", "in-progress", "done",
                                                               "reviewed", NULL },
                                      fields[1]));
      row->status = g_strdup (fields[1]);
      g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXUINT, &number, &error);
      g_assert_no_error (error);
      row->n_spans = (guint) number;
      g_assert_cmpstr (fields[3], !=, "");
      row->title = g_strdup (fields[3]);
      for (guint j = 0; j < rows->len; j++)
        g_assert_cmpint (((ListRow *) rows->pdata[j])->id, !=, row->id);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static char *
run_list (Fixture    *f,
          const char *project)
{
  g_autoptr(CliResult) r = cli_run (f->dir, "list", project, NULL);

  assert_ok (r);
  return g_steal_pointer (&r->out);
}

static guint
sum_spans (GPtrArray *rows)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += ((ListRow *) rows->pdata[i])->n_spans;
  return n;
}

/* `stats` output: the value of the "KEY: VALUE" line, which must occur exactly once. */
static char *
stats_get (const char *out,
           const char *key)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, ": ", NULL);
  char *value = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_assert_null (value);
        value = g_strdup (lines[i] + strlen (prefix));
      }
  if (value == NULL)
    g_error ("stats output has no “%s” line:\n%s", key, out);
  return value;
}

static guint64
stats_get_number (const char *out,
                  const char *key)
{
  g_autofree char *value = stats_get (out, key);
  g_autoptr(GError) error = NULL;
  guint64 number = 0;

  g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &number, &error);
  g_assert_no_error (error);
  return number;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("member “%s” is missing or not an integer", name);
  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("member “%s” is missing or not a string", name);
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("member “%s” is missing or not an array", name);
  return json_node_get_array (node);
}

static ListRow *
find_row (GPtrArray *rows,
          gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    if (((ListRow *) rows->pdata[i])->id == id)
      return rows->pdata[i];
  g_error ("no document %" G_GINT64_FORMAT " in the list", id);
  return NULL;
}

/* Checks JSONL export output against `list`: one line per listed document (same id, title and
 * span count, in the same order), each with id, title, text and spans, and every span's "text"
 * equal to the code points [start, end) of the document's text. Returns the number of spans. */
static guint
check_export (const char *data,
              gsize       length,
              GPtrArray  *rows)
{
  g_auto(GStrv) lines = NULL;
  guint n_lines, n_spans_total = 0;

  g_assert_cmpuint (strlen (data), ==, length);
  g_assert_true (g_utf8_validate (data, length, NULL));
  lines = g_strsplit (data, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  g_assert_cmpuint (n_lines - 1, ==, rows->len);

  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_autoptr(JsonNode) root = parse_json (lines[i]);
      ListRow *row = rows->pdata[i];
      JsonObject *doc;
      JsonArray *spans;
      const char *text;
      glong n_chars;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      doc = json_node_get_object (root);
      g_assert_cmpint (member_int (doc, "id"), ==, row->id);
      g_assert_cmpstr (member_string (doc, "title"), ==, row->title);
      text = member_string (doc, "text");
      n_chars = g_utf8_strlen (text, -1);
      spans = member_array (doc, "spans");
      g_assert_cmpuint (json_array_get_length (spans), ==, row->n_spans);

      for (guint j = 0; j < json_array_get_length (spans); j++)
        {
          JsonObject *span = json_array_get_object_element (spans, j);
          gint64 start, end;
          const char *from, *to;
          g_autofree char *slice = NULL;

          g_assert_nonnull (span);
          start = member_int (span, "start");
          end = member_int (span, "end");
          g_assert_cmpint (start, >=, 0);
          g_assert_cmpint (start, <, end);
          g_assert_cmpint (end, <=, n_chars);
          g_assert_cmpstr (member_string (span, "label"), !=, "");
          g_assert_cmpstr (member_string (span, "annotator"), !=, "");

          from = g_utf8_offset_to_pointer (text, start);
          to = g_utf8_offset_to_pointer (text, end);
          slice = g_strndup (from, to - from);
          g_assert_cmpstr (member_string (span, "text"), ==, slice);
        }
      n_spans_total += json_array_get_length (spans);
    }
  return n_spans_total;
}

/* The documents of an exported project, by title → text. */
static GHashTable *
export_texts (Fixture    *f,
              const char *project)
{
  g_autoptr(CliResult) r = cli_run (f->dir, "export", "--format", "jsonl", project, NULL);
  g_auto(GStrv) lines = NULL;
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  assert_ok (r);
  lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonNode) root = parse_json (lines[i]);
      JsonObject *doc = json_node_get_object (root);

      g_hash_table_insert (texts, g_strdup (member_string (doc, "title")),
                           g_strdup (member_string (doc, "text")));
    }
  return texts;
}

/* ------------------------------------------------------------------------------------------ */
/* new and labels                                                                               */

static void
test_new (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *project = new_project (f, "P.glossator");
  g_autoptr(CliResult) r = cli_run (f->dir, "labels", project, NULL);
  g_auto(GStrv) lines = NULL;

  assert_ok (r);
  g_assert_true (g_utf8_validate (r->out, -1, NULL));
  lines = g_strsplit (r->out, "\n", -1);
  /* Nine lines, each ended by a newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (news_labels) + 1);
  g_assert_cmpstr (lines[G_N_ELEMENTS (news_labels)], ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (news_labels); i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *key = g_strdup_printf ("%u", i + 1);

      /* NAME<TAB>KEY<TAB>COLOUR<TAB>DESCRIPTION */
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_cmpstr (fields[0], ==, news_labels[i]);
      g_assert_cmpstr (fields[1], ==, key);
      g_assert_cmpuint (strlen (fields[2]), ==, 7);
      g_assert_cmpint (fields[2][0], ==, '#');
      for (guint j = 1; j < 7; j++)
        g_assert_true (g_ascii_isxdigit (fields[2][j]));
    }

  /* A new project has no documents. */
  {
    g_autofree char *list = run_list (f, project);
    g_assert_cmpstr (list, ==, "");
  }
}

static void
test_new_existing (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *project = new_project (f, "P.glossator");
  g_autofree char *text_file = write_file (f, "notes.glossator", "my notes\n", -1);
  g_autoptr(GBytes) before = read_file (project);
  g_autoptr(GBytes) text_before = read_file (text_file);

  /* An existing project. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "new", project, NULL);
    g_autoptr(GBytes) after = read_file (project);

    assert_fails (r, CLI_EXIT_ERROR, project, "exists", NULL);
    assert_bytes_equal (before, after);
  }

  /* Any other file, named relative to the working folder. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "new", "notes.glossator", NULL);
    g_autoptr(GBytes) after = read_file (text_file);

    assert_fails (r, CLI_EXIT_ERROR, "notes.glossator", "exists", NULL);
    assert_bytes_equal (text_before, after);
  }

  /* Nothing was left beside them. */
  {
    g_autofree char *wal = g_strconcat (project, "-wal", NULL);
    g_autofree char *journal = g_strconcat (text_file, "-journal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* import of articles                                                                           */

typedef struct
{
  char *project;
  char *cyrillic;
  char *emoji;
  char *page;
} Articles;

static void
articles_clear (Articles *a)
{
  g_free (a->project);
  g_free (a->cyrillic);
  g_free (a->emoji);
  g_free (a->page);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Articles, articles_clear)

/* A project holding the two text files and the page, checked as `list` shows them. */
static void
import_articles (Fixture  *f,
                 Articles *a)
{
  g_autoptr(CliResult) r = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list = NULL;
  const char *titles[] = { cyrillic_title, emoji_title, page_title };

  a->project = new_project (f, "P.glossator");
  a->cyrillic = write_file (f, "moscow.txt", cyrillic_text, -1);
  a->emoji = write_file (f, "lisbon.txt", emoji_text, -1);
  a->page = write_file (f, "danube.html", page_html, -1);

  r = cli_run (f->dir, "import", a->project, a->cyrillic, a->emoji, a->page, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==, "imported 3 documents, 0 spans\n");

  list = run_list (f, a->project);
  rows = parse_list (list);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      ListRow *row = rows->pdata[i];

      g_assert_cmpstr (row->status, ==, "new");
      g_assert_cmpuint (row->n_spans, ==, 0);
      g_assert_cmpstr (row->title, ==, titles[i]);
    }
}

static void
test_import_articles (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Articles) a = { NULL, };
  g_autoptr(GHashTable) texts = NULL;
  const char *page_text;

  import_articles (f, &a);

  /* Text files are kept byte for byte; the page keeps its article and nothing else. */
  texts = export_texts (f, a.project);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (texts, cyrillic_title), ==, cyrillic_text);
  g_assert_cmpstr (g_hash_table_lookup (texts, emoji_title), ==, emoji_text);
  page_text = g_hash_table_lookup (texts, page_title);
  g_assert_nonnull (page_text);
  for (guint i = 0; i < G_N_ELEMENTS (page_furniture); i++)
    if (strstr (page_text, page_furniture[i]) != NULL)
      g_error ("the page's text holds “%s”:\n%s", page_furniture[i], page_text);
  g_assert_cmpstr (page_text, ==,
                   "Danube pilots agree on winter convoys\n"
                   "\n"
                   "Pilots from Varna and Izmail agreed on Monday to run convoys & share ice "
                   "reports through the winter.\n"
                   "\n"
                   "The deal covers the stretch between Reni and the sea.\n"
                   "\n"
                   "It runs until March.\n");
}

static void
test_import_again (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Articles) a = { NULL, };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_articles (f, &a);
  before = run_list (f, a.project);

  /* The same three files: nothing new. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", a.project, a.cyrillic, a.emoji, a.page,
                                      NULL);

    assert_ok (r);
    g_assert_true (g_str_has_prefix (r->out, "imported 0 documents, 0 spans"));
    g_assert_nonnull (strstr (r->out, "3 documents were already there"));
    after = run_list (f, a.project);
    g_assert_cmpstr (after, ==, before);
  }

  /* One known file and one new one: only the new one is added. */
  {
    g_autofree char *other = write_file (f, "other.txt", "Another story\n\nBody.\n", -1);
    g_autoptr(CliResult) r = cli_run (f->dir, "import", a.project, a.emoji, other, NULL);
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *list = NULL;

    assert_ok (r);
    g_assert_cmpstr (r->out, ==, "imported 1 document, 0 spans; 1 document was already there\n");
    list = run_list (f, a.project);
    g_assert_true (g_str_has_prefix (list, before));
    rows = parse_list (list);
    g_assert_cmpuint (rows->len, ==, 4);
    g_assert_cmpstr (((ListRow *) rows->pdata[3])->title, ==, "Another story");
  }
}

static void
test_import_invalid_utf8 (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Articles) a = { NULL, };
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad_line = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GBytes) project_before = NULL;

  import_articles (f, &a);
  before = run_list (f, a.project);
  project_before = read_file (a.project);

  /* 0xC3 0x28 is a truncated two-byte sequence, on line 3. */
  bad = write_file (f, "bad.txt", "A fine headline\n\nthen a bad \xc3\x28 byte\nand more\n", -1);
  good = write_file (f, "good.txt", "A good article\n\nNothing wrong here.\n", -1);
  bad_line = g_strconcat (bad, ":3:", NULL);

  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", a.project, bad, NULL);
    g_autofree char *after = NULL;

    assert_fails (r, CLI_EXIT_ERROR, bad_line, NULL);
    after = run_list (f, a.project);
    g_assert_cmpstr (after, ==, before);
  }

  /* All or nothing: the good file before the bad one is not imported either. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", a.project, good, bad, NULL);
    g_autofree char *after = NULL;

    assert_fails (r, CLI_EXIT_ERROR, bad_line, NULL);
    after = run_list (f, a.project);
    g_assert_cmpstr (after, ==, before);
    g_assert_null (strstr (after, "A good article"));
  }

  /* Named relative to the working folder, the message names it so. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", "P.glossator", "bad.txt", "good.txt",
                                      NULL);
    g_autofree char *after = NULL;

    assert_fails (r, CLI_EXIT_ERROR, "bad.txt:3:", NULL);
    after = run_list (f, a.project);
    g_assert_cmpstr (after, ==, before);
  }

  /* The good file alone is fine afterwards: the failures left nothing half done. */
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", a.project, good, NULL);

    assert_ok (r);
    g_assert_cmpstr (r->out, ==, "imported 1 document, 0 spans\n");
  }
}

static void
test_import_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Articles) a = { NULL, };
  g_autofree char *missing = fixture_path (f, "no-such-article.txt");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CliResult) r = NULL;

  import_articles (f, &a);
  before = run_list (f, a.project);

  r = cli_run (f->dir, "import", a.project, a.emoji, missing, NULL);
  assert_fails (r, CLI_EXIT_ERROR, missing, NULL);
  after = run_list (f, a.project);
  g_assert_cmpstr (after, ==, before);

  /* A missing project is an error too, and is not created. */
  {
    g_autofree char *no_project = fixture_path (f, "none.glossator");
    g_autoptr(CliResult) r2 = cli_run (f->dir, "import", no_project, a.emoji, NULL);

    assert_fails (r2, CLI_EXIT_ERROR, no_project, NULL);
    g_assert_false (g_file_test (no_project, G_FILE_TEST_EXISTS));
  }
}

static void
test_import_not_project (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *not_project = write_file (f, "x.glossator",
                                             "This is just a text file.\n", -1);
  g_autofree char *article = write_file (f, "a.txt", emoji_text, -1);
  g_autofree char *wal = g_strconcat (not_project, "-wal", NULL);
  g_autofree char *shm = g_strconcat (not_project, "-shm", NULL);
  g_autoptr(GBytes) before = read_file (not_project);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(CliResult) r = NULL;

  r = cli_run (f->dir, "import", not_project, article, NULL);
  assert_fails (r, CLI_EXIT_ERROR, not_project, "not a Glossator project", NULL);
  after = read_file (not_project);
  assert_bytes_equal (before, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* The read-only verbs say the same. */
  {
    const char *verbs[] = { "list", "stats", "labels" };

    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      {
        g_autoptr(CliResult) r2 = cli_run (f->dir, verbs[i], not_project, NULL);
        g_autoptr(GBytes) again = read_file (not_project);

        assert_fails (r2, CLI_EXIT_ERROR, not_project, "not a Glossator project", NULL);
        assert_bytes_equal (before, again);
      }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* JSONL import                                                                                 */

static const char jsonl_good[] =
  "{\"title\": \"Anna meets Ben\", \"text\": \"Anna met Ben in Paris.\", \"spans\": ["
  "{\"id\": 1, \"start\": 0, \"end\": 4, \"label\": \"PERSON\", \"annotator\": \"anna\"},"
  "{\"id\": 2, \"start\": 9, \"end\": 12, \"label\": \"PERSON\"},"
  "{\"id\": 3, \"start\": 16, \"end\": 21, \"label\": \"GPE\", \"annotator\": \"ben\"}],"
  "\"relations\": [{\"type\": \"met-with\", \"from\": 1, \"to\": 2}]}\n"
  "{\"title\": \"Zoë in Kyiv\", \"text\": \"Zoë 🚀 flew to Київ.\", \"spans\": ["
  "{\"id\": 1, \"start\": 0, \"end\": 3, \"label\": \"PERSON\", \"annotator\": \"ben\"},"
  "{\"id\": 2, \"start\": 14, \"end\": 18, \"label\": \"GPE\", \"annotator\": \"anna\"}]}\n";

static void
test_jsonl_annotator (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *project = new_project (f, "P.glossator");
  g_autofree char *jsonl = write_file (f, "spans.jsonl", jsonl_good, -1);
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) stats = NULL;
  g_autoptr(CliResult) stats_json = NULL;
  g_autoptr(CliResult) exported = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list = NULL;
  g_autofree char *only = NULL;
  JsonArray *annotators;

  r = cli_run (f->dir, "import", "--annotator", "carol", project, jsonl, NULL);
  assert_ok (r);
  g_assert_cmpstr (r->out, ==, "imported 2 documents, 5 spans\n");

  stats = cli_run (f->dir, "stats", project, NULL);
  assert_ok (stats);
  g_assert_cmpuint (stats_get_number (stats->out, "spans"), ==, 5);
  g_assert_cmpuint (stats_get_number (stats->out, "relations"), ==, 1);
  g_assert_cmpuint (stats_get_number (stats->out, "annotators"), ==, 1);
  only = stats_get (stats->out, "annotator");
  g_assert_cmpstr (only, ==, "carol");

  stats_json = cli_run (f->dir, "stats", "--json", project, NULL);
  assert_ok (stats_json);
  root = parse_json (stats_json->out);
  annotators = member_array (json_node_get_object (root), "annotators");
  g_assert_cmpuint (json_array_get_length (annotators), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (annotators, 0), ==, "carol");

  /* Every exported span is carol's, and covers the text the file gave. */
  list = run_list (f, project);
  rows = parse_list (list);
  exported = cli_run (f->dir, "export", "--format", "jsonl", project, NULL);
  assert_ok (exported);
  g_assert_cmpuint (check_export (exported->out, exported->out_len, rows), ==, 5);
  g_assert_null (strstr (exported->out, "\"anna\""));
  g_assert_null (strstr (exported->out, "\"ben\""));
  g_assert_nonnull (strstr (exported->out, "\"text\":\"Київ\""));
}

static void
test_jsonl_unknown_label (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *project = new_project (f, "P.glossator");
  g_autofree char *jsonl = NULL;
  g_autofree char *where = NULL;
  g_autofree char *list = NULL;
  g_autoptr(CliResult) r = NULL;

  /* Line 1 is fine, line 2 names a label the schema lacks. */
  jsonl = write_file (f, "labels.jsonl",
                      "{\"title\": \"Fine\", \"text\": \"Ben is fine.\", \"spans\": ["
                      "{\"start\": 0, \"end\": 3, \"label\": \"PERSON\", "
                      "\"annotator\": \"ben\"}]}\n"
                      "{\"title\": \"Odd\", \"text\": \"Merlin cast a spell.\", \"spans\": ["
                      "{\"start\": 0, \"end\": 6, \"label\": \"WIZARD\", "
                      "\"annotator\": \"ben\"}]}\n",
                      -1);
  where = g_strconcat (jsonl, ":2:", NULL);

  r = cli_run (f->dir, "import", project, jsonl, NULL);
  assert_fails (r, CLI_EXIT_ERROR, where, "unknown label", "WIZARD", NULL);
  list = run_list (f, project);
  g_assert_cmpstr (list, ==, "");
}

/* ------------------------------------------------------------------------------------------ */
/* export, stats, list on the sample                                                            */

static void
test_export_jsonl (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *project = copy_sample (f);
  g_autofree char *out_path = fixture_path (f, "out.jsonl");
  g_autofree char *list = run_list (f, project);
  g_autoptr(GPtrArray) rows = parse_list (list);
  g_autoptr(CliResult) r = NULL;
  g_autoptr(CliResult) to_file = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  guint n_spans;

  g_assert_cmpuint (rows->len, ==, 5);

  r = cli_run (f->dir, "export", "--format", "jsonl", project, NULL);
  assert_ok (r);
  n_spans = check_export (r->out, r->out_len, rows);
  g_assert_cmpuint (n_spans, ==, sum_spans (rows));
  g_assert_cmpuint (n_spans, >, 0);

  /* -o writes the same bytes to a file, and nothing to standard output. */
  to_file = cli_run (f->dir, "export", "--format", "jsonl", "-o", out_path, project, NULL);
  assert_ok (to_file);
  g_assert_cmpstr (to_file->out, ==, "");
  written = read_file (out_path);
  stdout_bytes = g_bytes_new (r->out, r->out_len);
  assert_bytes_equal (written, stdout_bytes);
  g_assert_cmpuint (check_export (g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                                  rows), ==, n_spans);

  /* An existing file is replaced, not appended to. */
  {
    g_autoptr(CliResult) again = NULL;
    g_autoptr(GBytes) rewritten = NULL;

    g_file_set_contents (out_path, "old content that must go\n", -1, NULL);
    again = cli_run (f->dir, "export", "--format", "jsonl", "--output", out_path, project, NULL);
    assert_ok (again);
    rewritten = read_file (out_path);
    assert_bytes_equal (rewritten, stdout_bytes);
  }

  /* A folder that does not exist: an error naming the path. */
  {
    g_autofree char *bad_path = fixture_path (f, "no-such-folder/out.jsonl");
    g_autoptr(CliResult) bad = cli_run (f->dir, "export", "--format", "jsonl", "-o", bad_path,
                                        project, NULL);

    assert_fails (bad, CLI_EXIT_ERROR, "out.jsonl", NULL);
  }
}

static void
test_export_usage (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *project = copy_sample (f);
  g_autoptr(GBytes) before = read_file (project);
  g_autoptr(GBytes) after = NULL;

  {
    g_autoptr(CliResult) r = cli_run (f->dir, "export", project, NULL);
    assert_fails (r, CLI_EXIT_USAGE, "--format", NULL);
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "export", "--format", "docx", project, NULL);
    assert_fails (r, CLI_EXIT_USAGE, NULL);
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "export", "--format", "jsonl", NULL);
    assert_fails (r, CLI_EXIT_USAGE, NULL);
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "export", "--no-such-option", project, NULL);
    assert_fails (r, CLI_EXIT_USAGE, "--no-such-option", NULL);
  }
  after = read_file (project);
  assert_bytes_equal (before, after);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *project = copy_sample (f);
  g_autofree char *list = run_list (f, project);
  g_autoptr(GPtrArray) rows = parse_list (list);
  g_autoptr(CliResult) stats = cli_run (f->dir, "stats", project, NULL);
  g_autoptr(CliResult) stats_json = cli_run (f->dir, "stats", "--json", project, NULL);
  g_autoptr(CliResult) list_json = cli_run (f->dir, "list", "--json", project, NULL);
  g_autoptr(JsonNode) stats_root = NULL;
  g_autoptr(JsonNode) list_root = NULL;
  JsonObject *object;
  JsonArray *array;
  guint json_spans = 0;

  g_assert_cmpuint (rows->len, ==, 5);

  assert_ok (stats);
  g_assert_cmpuint (stats_get_number (stats->out, "documents"), ==, rows->len);
  g_assert_cmpuint (stats_get_number (stats->out, "spans"), ==, sum_spans (rows));
  g_assert_cmpuint (stats_get_number (stats->out, "annotators"), ==, 2);

  assert_ok (stats_json);
  stats_root = parse_json (stats_json->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (stats_root));
  object = json_node_get_object (stats_root);
  g_assert_cmpint (member_int (object, "documents"), ==, rows->len);
  g_assert_cmpint (member_int (object, "spans"), ==, sum_spans (rows));
  g_assert_cmpint (member_int (object, "relations"), ==,
                   stats_get_number (stats->out, "relations"));

  /* Per status, both forms agree with the list. */
  {
    const char *statuses[] = { "new", "in-progress", "done", "reviewed" };
    JsonObject *by_status = json_object_get_object_member (object, "documents_by_status");

    g_assert_nonnull (by_status);
    for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
      {
        g_autofree char *key = g_strconcat ("documents.", statuses[s], NULL);
        guint n = 0;

        for (guint i = 0; i < rows->len; i++)
          n += g_str_equal (((ListRow *) rows->pdata[i])->status, statuses[s]);
        g_assert_cmpuint (stats_get_number (stats->out, key), ==, n);
        g_assert_cmpint (member_int (by_status, statuses[s]), ==, n);
      }
  }

  assert_ok (list_json);
  list_root = parse_json (list_json->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list_root));
  array = json_node_get_array (list_root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *doc = json_array_get_object_element (array, i);
      ListRow *row = find_row (rows, member_int (doc, "id"));

      g_assert_cmpstr (member_string (doc, "title"), ==, row->title);
      g_assert_cmpstr (member_string (doc, "status"), ==, row->status);
      g_assert_cmpint (member_int (doc, "spans"), ==, row->n_spans);
      json_spans += member_int (doc, "spans");
    }
  g_assert_cmpuint (json_spans, ==, sum_spans (rows));
}

static void
test_list_status (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = copy_sample (f);
  g_autofree char *list = run_list (f, project);
  g_autoptr(GPtrArray) rows = parse_list (list);
  const char *statuses[] = { "new", "in-progress", "done", "reviewed" };
  guint n_done = 0;

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      g_autoptr(CliResult) r = cli_run (f->dir, "list", "--status", statuses[s], project, NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_auto(GStrv) lines = g_strsplit (list, "\n", -1);

      /* Exactly the lines of the full list that have this status, in the same order. */
      for (guint i = 0; i < rows->len; i++)
        if (g_str_equal (((ListRow *) rows->pdata[i])->status, statuses[s]))
          g_string_append_printf (expected, "%s\n", lines[i]);
      assert_ok (r);
      g_assert_cmpstr (r->out, ==, expected->str);
      if (g_str_equal (statuses[s], "done"))
        {
          g_autoptr(GPtrArray) done = parse_list (r->out);
          n_done = done->len;
        }
    }
  /* The sample has done documents: the filter has something to show. */
  g_assert_cmpuint (n_done, >=, 1);
  g_assert_cmpuint (n_done, <, rows->len);

  {
    g_autoptr(CliResult) r = cli_run (f->dir, "list", "--status", "finished", project, NULL);
    assert_fails (r, CLI_EXIT_USAGE, "finished", NULL);
  }
}

/* Scripts run by cron, `env -i` or a bare container get LC_ALL=C or no locale at all: data
 * still comes out as the same UTF-8 bytes, never with "?" for what ASCII lacks. */
static void
test_c_locale (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Articles) a = { NULL, };
  g_autofree char *sample = NULL;
  const char *commands[][4] = {
    { "list", NULL, },
    { "list", "--json", NULL, },
    { "stats", NULL, },
    { "stats", "--json", NULL, },
    { "labels", NULL, },
    { "export", "--format", "jsonl", NULL },
  };

  import_articles (f, &a);
  sample = copy_sample (f);

  for (guint p = 0; p < 2; p++)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        const char *args[6] = { NULL, };
        g_autoptr(CliResult) utf8 = NULL;
        g_autoptr(CliResult) c = NULL;
        guint n = 0;

        for (guint j = 0; commands[i][j] != NULL; j++)
          args[n++] = commands[i][j];
        args[n++] = p == 0 ? a.project : sample;

        utf8 = cli_runv (f->dir, "C.UTF-8", args);
        c = cli_runv (f->dir, "C", args);
        assert_ok (utf8);
        assert_ok (c);
        g_assert_cmpmem (c->out, c->out_len, utf8->out, utf8->out_len);
      }

  /* The article titles, Cyrillic and emoji, are there as they were. */
  {
    g_autoptr(CliResult) r = cli_run_in_locale (f->dir, "C", "list", a.project, NULL);

    assert_ok (r);
    g_assert_nonnull (strstr (r->out, cyrillic_title));
    g_assert_nonnull (strstr (r->out, emoji_title));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Usage                                                                                        */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *verbs[] = { "new", "import", "list", "export", "stats", "labels" };

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autoptr(CliResult) r = cli_run (f->dir, verbs[i], "--help", NULL);
      g_autofree char *usage = g_strdup_printf ("Usage:\n  glossator-cli %s ", verbs[i]);

      assert_ok (r);
      if (!g_str_has_prefix (r->out, usage))
        g_error ("“glossator-cli %s --help” does not start with “%s”:\n%s", verbs[i], usage,
                 r->out);
    }

  {
    g_autoptr(CliResult) r = cli_run (f->dir, "--help", NULL);

    assert_ok (r);
    g_assert_true (g_str_has_prefix (r->out, "Usage: glossator-cli"));
    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      {
        g_autofree char *entry = g_strdup_printf ("\n  %s ", verbs[i]);
        g_assert_nonnull (strstr (r->out, entry));
      }
  }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  {
    g_autoptr(CliResult) r = cli_run (f->dir, NULL);

    g_assert_cmpint (r->status, ==, CLI_EXIT_USAGE);
    g_assert_cmpstr (r->out, ==, "");
    g_assert_nonnull (strstr (r->err, "Usage:"));
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "annotate", "P.glossator", NULL);
    g_autofree char *path = fixture_path (f, "P.glossator");

    assert_fails (r, CLI_EXIT_USAGE, "annotate", NULL);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  {
    /* A verb without its project. */
    g_autoptr(CliResult) r = cli_run (f->dir, "list", NULL);
    assert_fails (r, CLI_EXIT_USAGE, NULL);
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "new", NULL);
    assert_fails (r, CLI_EXIT_USAGE, NULL);
  }
  {
    g_autofree char *project = new_project (f, "P.glossator");
    g_autoptr(CliResult) r = cli_run (f->dir, "import", project, NULL);
    assert_fails (r, CLI_EXIT_USAGE, NULL);
  }
  {
    g_autoptr(CliResult) r = cli_run (f->dir, "import", "--format", "pdf", "P.glossator",
                                      "a.pdf", NULL);
    assert_fails (r, CLI_EXIT_USAGE, "pdf", NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/new", test_new);
  ADD ("/cli/new-existing", test_new_existing);
  ADD ("/cli/import/articles", test_import_articles);
  ADD ("/cli/import/again", test_import_again);
  ADD ("/cli/import/invalid-utf8", test_import_invalid_utf8);
  ADD ("/cli/import/missing", test_import_missing);
  ADD ("/cli/import/not-a-project", test_import_not_project);
  ADD ("/cli/import/jsonl-annotator", test_jsonl_annotator);
  ADD ("/cli/import/jsonl-unknown-label", test_jsonl_unknown_label);
  ADD ("/cli/export/jsonl", test_export_jsonl);
  ADD ("/cli/export/usage", test_export_usage);
  ADD ("/cli/stats", test_stats);
  ADD ("/cli/list/status", test_list_status);
  ADD ("/cli/c-locale", test_c_locale);
  ADD ("/cli/help", test_help);
  ADD ("/cli/usage-errors", test_usage_errors);

#undef ADD

  return g_test_run ();
}
