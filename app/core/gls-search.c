/* gls-search.c — full-text search over a project's documents
 *
 * The index is the FTS5 table documents_fts (schema step 3 in gls-project.c), which triggers
 * keep in step with the documents. FTS5 says which documents match and ranks them; where the
 * words are in a text is found here by running the index's own tokenizer over it, so this
 * finds exactly what the index matched: "munchen" finds "München", "лавров" finds "ЛАВРОВ".
 *
 * What the user types is words, never FTS5 syntax: each word is quoted, so `"`, `AND (`, `*`
 * or `NEAR` are words or separators like any other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-search"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-project-private.h"
#include "gls-search.h"

/* A query keeps this many words at most: the rest of a pasted paragraph is left out. */
#define MAX_TERMS 32

/* Characters of context a snippet keeps before and after its match. */
#define SNIPPET_BEFORE 36
#define SNIPPET_AFTER 110

typedef struct
{
  int start;            /* bytes into the tokenized text */
  int end;
  guint folded;         /* the word as the index stores it: an offset into TokenList.folded */
  guint folded_length;
} Token;

typedef struct
{
  GArray *tokens;       /* of Token */
  GString *folded;
} TokenList;

typedef struct
{
  Fts5Tokenizer *tokenizer;
  fts5_tokenizer methods;
} Tokenizer;

typedef struct
{
  TokenList terms;
  gboolean prefix;      /* the last term also matches the words it begins */
  char *match;          /* the FTS5 query */
} Query;

typedef struct
{
  int start;            /* bytes */
  int end;
} ByteRange;

void
gls_search_hit_clear (GlsSearchHit *hit)
{
  g_clear_pointer (&hit->snippet, g_free);
}

/* ------------------------------------------------------------------------------------------ */
/* The index's tokenizer                                                                        */

static void
tokenizer_clear (Tokenizer *tokenizer)
{
  if (tokenizer->tokenizer != NULL)
    tokenizer->methods.xDelete (tokenizer->tokenizer);
  tokenizer->tokenizer = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tokenizer, tokenizer_clear)

static gboolean
tokenizer_open (GlsProject  *project,
                Tokenizer   *tokenizer,
                GError     **error)
{
  /* The tokenizer and options of documents_fts: 'unicode61 remove_diacritics 2'. */
  static const char *args[] = { "remove_diacritics", "2" };
  fts5_api *api = NULL;
  void *user_data = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = _gls_project_cached (project, "SELECT fts5 (?1)", error)))
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (api == NULL || api->iVersion < 2 ||
      api->xFindTokenizer (api, "unicode61", &user_data, &tokenizer->methods) != SQLITE_OK ||
      tokenizer->methods.xCreate (user_data, args, (int)G_N_ELEMENTS (args),
                                  &tokenizer->tokenizer) != SQLITE_OK)
    {
      tokenizer->tokenizer = NULL;
      g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED,
                   _("%s: full-text search is not available (SQLite was built without FTS5)"),
                   gls_project_get_path (project));
      return FALSE;
    }
  return TRUE;
}

static void
token_list_init (TokenList *list)
{
  list->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  list->folded = g_string_new (NULL);
}

static void
token_list_clear (TokenList *list)
{
  g_clear_pointer (&list->tokens, g_array_unref);
  if (list->folded != NULL)
    g_string_free (list->folded, TRUE);
  list->folded = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokenList, token_list_clear)

static int
add_token (void       *data,
           int         flags,
           const char *token,
           int         n_token,
           int         start,
           int         end)
{
  TokenList *list = data;
  Token t = { start, end, (guint)list->folded->len, (guint)n_token };

  g_string_append_len (list->folded, token, n_token);
  g_array_append_val (list->tokens, t);
  return SQLITE_OK;
}

static void
tokenize (Tokenizer  *tokenizer,
          const char *text,
          gsize       length,
          TokenList  *list)
{
  g_array_set_size (list->tokens, 0);
  g_string_truncate (list->folded, 0);
  tokenizer->methods.xTokenize (tokenizer->tokenizer, list, FTS5_TOKENIZE_DOCUMENT, text,
                                (int)MIN (length, (gsize)G_MAXINT), add_token);
}

/* ------------------------------------------------------------------------------------------ */
/* Queries and matches                                                                          */

static void
query_clear (Query *q)
{
  token_list_clear (&q->terms);
  g_clear_pointer (&q->match, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

/* The words of @text as the index sees them, and an FTS5 query asking for all of them. */
static void
query_init (Query      *q,
            Tokenizer  *tokenizer,
            const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_auto(TokenList) words = { NULL, NULL };
  gsize length = strlen (text);

  token_list_init (&words);
  token_list_init (&q->terms);
  tokenize (tokenizer, text, length, &words);

  q->prefix = FALSE;
  for (guint i = 0; i < words.tokens->len && q->terms.tokens->len < MAX_TERMS; i++)
    {
      const Token *word = &g_array_index (words.tokens, Token, i);
      Token term = { word->start, word->end, (guint)q->terms.folded->len, word->folded_length };

      if (word->folded_length == 0)
        continue;
      g_string_append_len (q->terms.folded, words.folded->str + word->folded,
                           word->folded_length);
      g_array_append_val (q->terms.tokens, term);
      /* A word still being typed (nothing after it) matches the words it begins too. */
      q->prefix = (gsize)word->end == length;
    }

  for (guint i = 0; i < q->terms.tokens->len; i++)
    {
      const Token *term = &g_array_index (q->terms.tokens, Token, i);
      const char *p = q->terms.folded->str + term->folded;

      g_string_append (match, i > 0 ? " \"" : "\"");
      for (guint k = 0; k < term->folded_length; k++)
        {
          if (p[k] == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, p[k]);
        }
      g_string_append_c (match, '"');
    }
  if (q->prefix)
    g_string_append_c (match, '*');
  q->match = g_string_free (g_steal_pointer (&match), FALSE);
}

static gboolean
term_matches (const Query     *q,
              guint            k,
              const TokenList *list,
              const Token     *token)
{
  const Token *term = &g_array_index (q->terms.tokens, Token, k);
  const char *a = q->terms.folded->str + term->folded;
  const char *b = list->folded->str + token->folded;

  if (q->prefix && k + 1 == q->terms.tokens->len)
    return token->folded_length >= term->folded_length &&
           memcmp (a, b, term->folded_length) == 0;
  return token->folded_length == term->folded_length && memcmp (a, b, term->folded_length) == 0;
}

/* Every match of @q among the words of a text, in order, as byte ranges: a place where the
 * whole query occurs as a phrase is one range, and so is any other word of the query. *@first
 * is the first phrase, or else the first range. */
static GArray *
find_matches (const Query     *q,
              const TokenList *list,
              guint           *first)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (ByteRange));
  guint n_terms = q->terms.tokens->len;
  guint n = list->tokens->len;
  gboolean phrase_found = FALSE;

  *first = 0;
  for (guint i = 0; i < n; i++)
    {
      const Token *token = &g_array_index (list->tokens, Token, i);
      guint k;

      if (n_terms > 1 && i + n_terms <= n)
        {
          for (k = 0; k < n_terms && term_matches (q, k, list, token + k); k++)
            ;
          if (k == n_terms)
            {
              ByteRange r = { token->start, token[n_terms - 1].end };

              if (!phrase_found)
                *first = ranges->len;
              phrase_found = TRUE;
              g_array_append_val (ranges, r);
              i += n_terms - 1;
              continue;
            }
        }
      for (k = 0; k < n_terms && !term_matches (q, k, list, token); k++)
        ;
      if (k < n_terms)
        {
          ByteRange r = { token->start, token->end };
          g_array_append_val (ranges, r);
        }
    }
  return ranges;
}

/* Appends @from…@to on one line: every run of white space becomes one space. */
static void
append_one_line (GString    *out,
                 const char *from,
                 const char *to)
{
  for (const char *p = from; p < to; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

/* A line of context around @text[@match_start, @match_end) (bytes), within its paragraph,
 * cut at word boundaries; sets @hit's snippet and where the match is in it. */
static void
make_snippet (GlsSearchHit *hit,
              const char   *text,
              gsize         length,
              gsize         match_start,
              gsize         match_end)
{
  const char *match = text + match_start;
  const char *match_stop = text + match_end;
  const char *end = text + length;
  const char *from = match;
  const char *to = match_stop;
  GString *snippet = g_string_new (NULL);
  gboolean cut_before = FALSE, cut_after = FALSE;

  for (guint i = 0; i < SNIPPET_BEFORE && from > text && from[-1] != '\n'; i++)
    from = g_utf8_prev_char (from);
  if (from > text && from[-1] != '\n')
    {
      /* Begin with a whole word when the match leaves room for one. */
      const char *p = from;

      while (p < match && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p < match)
        from = p;
      cut_before = TRUE;
    }
  while (from < match && g_unichar_isspace (g_utf8_get_char (from)))
    from = g_utf8_next_char (from);

  for (guint i = 0; i < SNIPPET_AFTER && to < end && *to != '\n'; i++)
    to = g_utf8_next_char (to);
  if (to < end && *to != '\n')
    {
      const char *p = to;

      while (p > match_stop && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p))))
        p = g_utf8_prev_char (p);
      if (p > match_stop)
        to = p;
      cut_after = TRUE;
    }

  if (cut_before)
    g_string_append (snippet, "…");
  append_one_line (snippet, from, match);
  hit->snippet_match_start = snippet->len;
  append_one_line (snippet, match, match_stop);
  hit->snippet_match_end = snippet->len;
  append_one_line (snippet, match_stop, to);
  while (snippet->len > hit->snippet_match_end && snippet->str[snippet->len - 1] == ' ')
    g_string_truncate (snippet, snippet->len - 1);
  if (cut_after)
    g_string_append (snippet, "…");
  hit->snippet = g_string_free (snippet, FALSE);
}

/* Converts byte ranges of @text to code-point fragments, in one pass. */
static GArray *
ranges_to_fragments (const char   *text,
                     const GArray *ranges)
{
  GArray *fragments = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment), ranges->len);
  const char *p = text;
  gint64 offset = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      const ByteRange *r = &g_array_index (ranges, ByteRange, i);
      GlsFragment f;

      offset += g_utf8_pointer_to_offset (p, text + r->start);
      f.start = offset;
      offset += g_utf8_pointer_to_offset (text + r->start, text + r->end);
      f.end = offset;
      p = text + r->end;
      g_array_append_val (fragments, f);
    }
  return fragments;
}

/* ------------------------------------------------------------------------------------------ */

/**
 * gls_project_search:
 * @query: words, as a person types them; the last one may be unfinished
 * @limit: the most documents to return; 0 for all
 *
 * Finds the documents whose title or text holds every word of @query, ignoring case and
 * diacritics, best first (BM25, title words weigh more). A query without words finds nothing.
 *
 * Returns: (transfer full) (element-type GlsSearchHit): the hits, or %NULL with @error set
 */
GArray *
gls_project_search (GlsProject  *self,
                    const char  *query,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) ids = NULL;
  g_auto(Tokenizer) tokenizer = { NULL };
  g_auto(Query) q = { { NULL, NULL }, FALSE, NULL };
  g_auto(TokenList) words = { NULL, NULL };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  hits = g_array_new (FALSE, TRUE, sizeof (GlsSearchHit));
  g_array_set_clear_func (hits, (GDestroyNotify)gls_search_hit_clear);
  if (!tokenizer_open (self, &tokenizer, error))
    return NULL;
  query_init (&q, &tokenizer, query);
  if (q.terms.tokens->len == 0)
    return g_steal_pointer (&hits);

  /* Ids first, texts after: the sorter then never carries whole texts. */
  stmt = _gls_project_cached (self, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 "
                                    "ORDER BY bm25 (documents_fts, 4.0, 1.0) LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, q.match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (self, rc, error))
    return NULL;

  token_list_init (&words);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *text = gls_project_load_text (self, id, NULL);
      g_autoptr(GArray) ranges = NULL;
      GlsSearchHit hit = { id, -1, -1, 0, NULL, 0, 0 };
      gsize length;
      guint first;

      /* The index is written in the same transactions as the documents; a row it names
       * that is gone would be damage, and is left out. */
      if (text == NULL)
        continue;
      length = strlen (text);
      tokenize (&tokenizer, text, length, &words);
      ranges = find_matches (&q, &words, &first);
      hit.n_matches = ranges->len;
      if (ranges->len > 0)
        {
          const ByteRange *r = &g_array_index (ranges, ByteRange, first);

          hit.start = g_utf8_pointer_to_offset (text, text + r->start);
          hit.end = hit.start + g_utf8_pointer_to_offset (text + r->start, text + r->end);
          make_snippet (&hit, text, length, (gsize)r->start, (gsize)r->end);
        }
      else
        make_snippet (&hit, text, length, 0, 0);
      g_array_append_val (hits, hit);
    }
  return g_steal_pointer (&hits);
}

/**
 * gls_project_search_document:
 * @query: words, as for gls_project_search()
 *
 * Every match of @query in one document's text, in order, for stepping from one to the
 * next. A place holding the whole query as a phrase is one match.
 *
 * Returns: (transfer full) (element-type GlsFragment): the matches in code points, or %NULL
 *   with @error set
 */
GArray *
gls_project_search_document (GlsProject  *self,
                             gint64       document_id,
                             const char  *query,
                             GError     **error)
{
  g_auto(Tokenizer) tokenizer = { NULL };
  g_auto(Query) q = { { NULL, NULL }, FALSE, NULL };
  g_auto(TokenList) words = { NULL, NULL };
  g_autoptr(GArray) ranges = NULL;
  g_autofree char *text = NULL;
  guint first;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!(text = gls_project_load_text (self, document_id, error)) ||
      !tokenizer_open (self, &tokenizer, error))
    return NULL;
  query_init (&q, &tokenizer, query);
  if (q.terms.tokens->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (GlsFragment));

  token_list_init (&words);
  tokenize (&tokenizer, text, strlen (text), &words);
  ranges = find_matches (&q, &words, &first);
  return ranges_to_fragments (text, ranges);
}
