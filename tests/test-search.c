/* test-search.c — whole-project full-text search: hits, offsets, folding, hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-search.h"
#include "gls-test-core.h"

typedef struct
{
  char *dir;
  char *path;
  GlsProject *project;
  gint64 pompeo;
  gint64 munich;
  gint64 danube;
} Fixture;

static const char *pompeo_text =
  "Pompeo meets Lavrov in Sochi\n"
  "\n"
  "US Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi on Tuesday. "
  "Putin said the talks were useful.\n";

/* Emoji outside the BMP, Cyrillic and accents before the words searched for. */
static const char *munich_text =
  "Rocket fans in München 🚀\n"
  "\n"
  "👩‍🚀 Zoë Müller and Сергей ЛАВРОВ watched the launch from MÜNCHEN; Íñigo Larrañaga "
  "filmed it 🇵🇹.\n";

static const char *danube_text =
  "Danube pilotage deal\n"
  "\n"
  "Ukrainian pilots in Izmail (Ізмаїл) will guide ships near Varna (Варна), said Pavel "
  "Voronin (Павел Воронин). Vladimir Putin was not mentioned.\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-search-XXXXXX");
  f->path = g_build_filename (f->dir, "search.glossator", NULL);
  f->project = gls_project_create (f->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  f->pompeo = gls_project_add_document (f->project, "Pompeo meets Lavrov in Sochi", pompeo_text,
                                        NULL, &error);
  g_assert_no_error (error);
  f->munich = gls_project_add_document (f->project, "Rocket fans", munich_text, NULL, &error);
  g_assert_no_error (error);
  f->danube = gls_project_add_document (f->project, "Danube pilotage deal", danube_text, NULL,
                                        &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->project != NULL)
    g_assert_finalize_object (f->project);
  gls_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GArray *
search (Fixture    *f,
        const char *query,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  GArray *hits = gls_project_search (f->project, query, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static const GlsSearchHit *
hit_for (GArray *hits,
         gint64  document_id)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_array_index (hits, GlsSearchHit, i).document_id == document_id)
      return &g_array_index (hits, GlsSearchHit, i);
  return NULL;
}

/* The text of the hit's first match, cut from the document by code points. */
static char *
matched_text (Fixture            *f,
              const GlsSearchHit *hit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gls_project_load_text (f->project, hit->document_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (hit->start, >=, 0);
  g_assert_cmpint (hit->end, >, hit->start);
  g_assert_cmpint (hit->end, <=, g_utf8_strlen (text, -1));
  return g_utf8_substring (text, hit->start, hit->end);
}

/* The match as the snippet shows it. */
static char *
snippet_match (const GlsSearchHit *hit)
{
  g_assert_nonnull (hit->snippet);
  g_assert_true (g_utf8_validate (hit->snippet, -1, NULL));
  g_assert_null (strchr (hit->snippet, '\n'));
  g_assert_cmpuint (hit->snippet_match_start, <=, hit->snippet_match_end);
  g_assert_cmpuint (hit->snippet_match_end, <=, strlen (hit->snippet));
  return g_strndup (hit->snippet + hit->snippet_match_start,
                    hit->snippet_match_end - hit->snippet_match_start);
}

static void
test_hits (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GArray) hits = search (f, "Putin", 0);
  g_autofree char *match = NULL;
  g_autofree char *in_snippet = NULL;
  const GlsSearchHit *hit;

  /* Two documents name Putin; the one naming him twice ranks first. */
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, f->pompeo);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 1).document_id, ==, f->danube);

  hit = hit_for (hits, f->pompeo);
  g_assert_cmpuint (hit->n_matches, ==, 2);
  match = matched_text (f, hit);
  g_assert_cmpstr (match, ==, "Putin");
  g_assert_cmpint (hit->start, ==, g_utf8_pointer_to_offset (pompeo_text,
                                                             strstr (pompeo_text, "Putin")));
  in_snippet = snippet_match (hit);
  g_assert_cmpstr (in_snippet, ==, "Putin");
  /* The snippet is the match's own paragraph, cut at words, on one line. */
  g_assert_nonnull (strstr (hit->snippet, "President Vladimir Putin in Sochi"));
  g_assert_null (strstr (hit->snippet, "Lavrov"));

  /* Words in no document find nothing; every word must be there. */
  g_clear_pointer (&hits, g_array_unref);
  hits = search (f, "Pompeo Voronin", 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);
  hits = search (f, "zeppelin", 0);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_offsets_non_ascii (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { const char *query; const char *found; gint64 *doc; } cases[] = {
    { "Лавров", "ЛАВРОВ", NULL },
    { "larranaga", "Larrañaga", NULL },
    { "Ізмаїл", "Ізмаїл", NULL },
    { "варна", "Варна", NULL },
    { "watched", "watched", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) hits = search (f, cases[i].query, 0);
      g_autofree char *match = NULL;
      g_autofree char *in_snippet = NULL;
      const char *text;
      const char *expected;

      g_test_message ("query %s", cases[i].query);
      g_assert_cmpuint (hits->len, ==, 1);
      match = matched_text (f, &g_array_index (hits, GlsSearchHit, 0));
      g_assert_cmpstr (match, ==, cases[i].found);
      in_snippet = snippet_match (&g_array_index (hits, GlsSearchHit, 0));
      g_assert_cmpstr (in_snippet, ==, cases[i].found);

      /* Offsets count code points: an emoji, a flag or a ZWJ sequence before the match
       * moves it by as many code points as it has, not by bytes or UTF-16 units. */
      text = g_array_index (hits, GlsSearchHit, 0).document_id == f->munich ? munich_text
                                                                            : danube_text;
      expected = strstr (text, cases[i].found);
      g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).start, ==,
                       g_utf8_pointer_to_offset (text, expected));
    }
}

static void
test_case_and_diacritics (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *nfd = "Ein Tag in Mu\xcc\x88nchen.\n"; /* "München" with a combining diaeresis */
  gint64 decomposed;
  static const char *queries[] = { "munchen", "MÜNCHEN", "München", "mÜnChEn" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GArray) hits = search (f, queries[i], 0);
      g_autofree char *match = NULL;
      g_autoptr(GArray) all = NULL;

      g_test_message ("query %s", queries[i]);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, f->munich);
      g_assert_cmpuint (g_array_index (hits, GlsSearchHit, 0).n_matches, ==, 2);
      match = matched_text (f, &g_array_index (hits, GlsSearchHit, 0));
      g_assert_cmpstr (match, ==, "München");

      /* Every match in the document, for "next match": both spellings, in order. */
      all = gls_project_search_document (f->project, f->munich, queries[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, 2);
      g_assert_cmpint (g_array_index (all, GlsFragment, 0).start, ==,
                       g_utf8_pointer_to_offset (munich_text, strstr (munich_text, "München")));
      g_assert_cmpint (g_array_index (all, GlsFragment, 1).start, ==,
                       g_utf8_pointer_to_offset (munich_text, strstr (munich_text, "MÜNCHEN")));
      g_assert_cmpint (g_array_index (all, GlsFragment, 1).end -
                       g_array_index (all, GlsFragment, 1).start, ==, 7);
    }

  /* "zoe" finds "Zoë", and "ZOË" too. */
  {
    g_autoptr(GArray) hits = search (f, "ZOE", 0);
    g_autofree char *match = NULL;

    g_assert_cmpuint (hits->len, ==, 1);
    match = matched_text (f, &g_array_index (hits, GlsSearchHit, 0));
    g_assert_cmpstr (match, ==, "Zoë");
  }

  /* Decomposed text: the match spans the base letter and its combining mark (8 code
   * points for 7 letters). */
  decomposed = gls_project_add_document (f->project, "NFD", nfd, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) hits = search (f, "Munchen", 0);
    const GlsSearchHit *hit = hit_for (hits, decomposed);
    g_autofree char *match = NULL;

    g_assert_cmpuint (hits->len, ==, 2);
    g_assert_nonnull (hit);
    match = matched_text (f, hit);
    g_assert_cmpstr (match, ==, "Mu\xcc\x88nchen");
    g_assert_cmpint (hit->start, ==, 11);
    g_assert_cmpint (hit->end, ==, 19);
  }
}

static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  /* Operators and quotes are separators; words that are FTS5 keywords are words. */
  static const struct { const char *query; guint n_hits; guint n_in_pompeo; } cases[] = {
    { "", 0, 0 }, { " ", 0, 0 }, { "\t\n", 0, 0 }, { "\"", 0, 0 }, { "\"\"\"", 0, 0 },
    { "*", 0, 0 }, { "**", 0, 0 }, { "(", 0, 0 }, { ")", 0, 0 }, { "^", 0, 0 }, { "-", 0, 0 },
    { "+", 0, 0 }, { ":", 0, 0 }, { "'", 0, 0 }, { "\\", 0, 0 }, { "%", 0, 0 }, { "_", 0, 0 },
    { "🚀", 0, 0 }, { "👩‍🚀", 0, 0 }, { "🇵🇹", 0, 0 }, { "\xcc\x88", 0, 0 }, { "title:", 0, 0 },
    { "{title}", 0, 0 }, { "NEAR(a b, 2)", 0, 0 }, { "'; DROP TABLE documents; --", 0, 0 },
    { "\"NEAR\" OR (", 0, 0 }, { "near AND", 0, 0 },
    /* "and" is in the Munich text, "near" and "not" in the Danube one. */
    { "AND (", 1, 0 }, { "NEAR", 1, 0 }, { "NEAR(", 1, 0 }, { "NOT", 1, 0 },
    /* Every word must be in a document; a document's matches are those of any word. */
    { "(putin)", 2, 2 }, { "\"putin\" (sochi* -", 1, 4 }, { "putin OR", 0, 2 },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) hits = NULL;
      g_autoptr(GArray) all = NULL;

      g_test_message ("query «%s»", cases[i].query);
      hits = search (f, cases[i].query, 0);
      g_assert_cmpuint (hits->len, ==, cases[i].n_hits);
      all = gls_project_search_document (f->project, f->pompeo, cases[i].query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, cases[i].n_in_pompeo);
    }

  /* A long paste is cut to its first words, not refused. */
  {
    g_autoptr(GString) paste = g_string_new (NULL);
    g_autoptr(GArray) hits = NULL;

    for (guint i = 0; i < 500; i++)
      g_string_append (paste, "Putin \"(*) ");
    hits = search (f, paste->str, 0);
    g_assert_cmpuint (hits->len, ==, 2);
  }

  /* The database is as it was. */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 3);
}

static void
test_prefix_and_phrase (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) hits = NULL;
  g_autofree char *match = NULL;
  const GlsSearchHit *hit;

  /* The last word, still being typed, matches the words it begins. */
  hits = search (f, "Pomp", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_free (match);
  match = matched_text (f, &g_array_index (hits, GlsSearchHit, 0));
  g_assert_cmpstr (match, ==, "Pompeo");
  g_clear_pointer (&hits, g_array_unref);
  /* After a space it is a whole word. */
  hits = search (f, "Pomp ", 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* Several words: where they occur as a phrase, the phrase is the match. */
  hits = search (f, "vladimir putin", 0);
  g_assert_cmpuint (hits->len, ==, 2);
  hit = hit_for (hits, f->pompeo);
  g_free (match);
  match = matched_text (f, hit);
  g_assert_cmpstr (match, ==, "Vladimir Putin");
  /* The phrase counts once; the lone "Putin" after it once more. */
  g_assert_cmpuint (hit->n_matches, ==, 2);
  g_clear_pointer (&hits, g_array_unref);

  /* Words apart: the first of them is the match. */
  hits = search (f, "Sochi Putin", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_free (match);
  match = matched_text (f, &g_array_index (hits, GlsSearchHit, 0));
  g_assert_cmpstr (match, ==, "Sochi");
  g_clear_pointer (&hits, g_array_unref);

  /* A phrase after a lone word is still preferred. */
  hits = search (f, "putin in", 0);
  hit = hit_for (hits, f->pompeo);
  g_assert_nonnull (hit);
  g_free (match);
  match = matched_text (f, hit);
  g_assert_cmpstr (match, ==, "Putin in");
}

static void
test_title_only (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  gint64 doc;

  doc = gls_project_add_document (f->project, "Harbour report", "Ships came and went.\n", NULL,
                                  &error);
  g_assert_no_error (error);
  hits = search (f, "harbour", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, doc);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).start, ==, -1);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).end, ==, -1);
  g_assert_cmpuint (g_array_index (hits, GlsSearchHit, 0).n_matches, ==, 0);
  g_assert_cmpstr (g_array_index (hits, GlsSearchHit, 0).snippet, ==, "Ships came and went.");
}

static void
test_new_documents_searchable (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GArray) hits = NULL;
  gint64 imported;

  /* Added through the API… */
  gls_project_add_document (f->project, "Bakery", "Fresh Brötchen every morning.\n", NULL,
                            &error);
  g_assert_no_error (error);
  hits = search (f, "brotchen", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* …or by an import, visible once it commits and gone if it rolls back. */
  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  gls_import_add_document (import, "Rolled back", "A zebra crossing.\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&import, gls_import_free);
  hits = search (f, "zebra", 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  imported = gls_import_add_document (import, "Zoo", "A zebra crossing.\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
  g_clear_pointer (&import, gls_import_free);
  hits = search (f, "zebra", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (g_array_index (hits, GlsSearchHit, 0).document_id, ==, imported);
  g_clear_pointer (&hits, g_array_unref);

  /* A status change leaves the index alone; the document is still found. */
  g_assert_true (gls_project_set_document_status (f->project, imported, GLS_DOCUMENT_DONE,
                                                  &error));
  g_assert_no_error (error);
  hits = search (f, "zebra", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* After reopening, read-only too. */
  g_assert_finalize_object (f->project);
  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  hits = search (f, "zebra", 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);
  g_assert_finalize_object (f->project);
  f->project = NULL;

  /* The index agrees with the documents, as SQLite itself checks it. */
  {
    sqlite3 *db = NULL;
    char *message = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    /* Imports drop the indexing trigger for their transaction: it is back, and indexes a
     * document written behind Glossator's back. */
    if (sqlite3_exec (db, "INSERT INTO documents (title, text, imported, length, digest) "
                          "VALUES ('Raw', 'Written by hand.', 0, 16, '-')",
                      NULL, NULL, &message) != SQLITE_OK)
      g_error ("raw insert: %s", message);
    if (sqlite3_exec (db, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
                      NULL, NULL, &message) != SQLITE_OK)
      g_error ("integrity-check: %s", message);
    g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  }
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GArray) hits = NULL;

  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *text = g_strdup_printf ("Report %u\n\nThe harbour of Varna, report %u.\n",
                                               i, i);
      gls_import_add_document (import, NULL, text, -1, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (gls_import_commit (import, &error));

  hits = search (f, "varna", 10);
  g_assert_cmpuint (hits->len, ==, 10);
  g_clear_pointer (&hits, g_array_unref);
  hits = search (f, "varna", 0);
  g_assert_cmpuint (hits->len, ==, 31);
  g_clear_pointer (&hits, g_array_unref);
  hits = search (f, "varna", 1000);
  g_assert_cmpuint (hits->len, ==, 31);
  for (guint i = 0; i < hits->len; i++)
    {
      g_autofree char *match = matched_text (f, &g_array_index (hits, GlsSearchHit, i));
      g_assert_cmpstr (match, ==, "Varna");
    }
}

static void
test_document_matches (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;

  all = gls_project_search_document (f->project, f->pompeo, "sochi", &error);
  g_assert_no_error (error);
  /* The headline and the body. */
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      const GlsFragment *m = &g_array_index (all, GlsFragment, i);
      g_autofree char *word = g_utf8_substring (pompeo_text, m->start, m->end);
      g_assert_cmpstr (word, ==, "Sochi");
    }
  g_assert_cmpint (g_array_index (all, GlsFragment, 0).start, <,
                   g_array_index (all, GlsFragment, 1).start);

  g_clear_pointer (&all, g_array_unref);
  all = gls_project_search_document (f->project, 9999, "sochi", &error);
  g_assert_null (all);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/hits", test_hits);
  ADD ("/search/offsets-non-ascii", test_offsets_non_ascii);
  ADD ("/search/case-and-diacritics", test_case_and_diacritics);
  ADD ("/search/hostile-input", test_hostile_input);
  ADD ("/search/prefix-and-phrase", test_prefix_and_phrase);
  ADD ("/search/title-only", test_title_only);
  ADD ("/search/new-documents", test_new_documents_searchable);
  ADD ("/search/limit", test_limit);
  ADD ("/search/document-matches", test_document_matches);
#undef ADD

  return g_test_run ();
}
