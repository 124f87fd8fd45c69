/* gls-format-webanno.c — WebAnno TSV 3.3, one file per document, as INCEpTION writes it
 *
 * A file:
 *
 *   #FORMAT=WebAnno TSV 3.3
 *   #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
 *   (blank)
 *   (blank)
 *   #Text=Zoë Müller met Сергей Лавров 🚀 .
 *   1-1<TAB>0-3<TAB>Zoë<TAB>http://…/Q1[1]<TAB>PERSON[1]<TAB>
 *   1-2<TAB>4-10<TAB>Müller<TAB>http://…/Q1[1]<TAB>PERSON[1]<TAB>
 *   1-3<TAB>11-14<TAB>met<TAB>_<TAB>_<TAB>
 *   …
 *
 * Offsets are UTF-16 code units of the document text. A span over several tokens, or one that
 * shares a token with another span, carries a disambiguation id "[N]" in every column; "_" is
 * an empty column, "*" an annotation whose feature is empty. Feature values escape \ [ ] | _
 * -> ; * TAB LF with a backslash; #Text lines escape \ TAB CR FF BS and the other control
 * characters, and a sentence holding line breaks is written as several #Text lines.
 *
 * The format has no place for the text between sentences: INCEpTION rebuilds the document by
 * placing each sentence at its first token's offset, with a line break after each sentence and
 * spaces in any remaining gap; so do we. When the white space after a sentence is not exactly
 * what that rebuilds (a line break, then spaces), the sentence's #Text takes it in, so the
 * document comes back exactly the same, in INCEpTION and here. Only white space before the
 * first word comes back as spaces (and is reported).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-webanno"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-format-private.h"
#include "gls-offsets.h"
#include "gls-tokenizer.h"

#define FORMAT_HEADER "#FORMAT=WebAnno TSV"
#define NAMED_ENTITY_TYPE "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"

/* Largest file read: far above any article, far below what would exhaust memory. */
#define MAX_FILE_BYTES ((gsize)512 * 1024 * 1024)

/* Longest file name stem derived from a title, in bytes. */
#define MAX_STEM_BYTES 100

/* ------------------------------------------------------------------------------------------ */
/* Escaping                                                                                     */

/* Feature values (labels, identifiers). Other control characters would break the line and
 * have no escape in the format: they are written as spaces. */
static void
append_escaped_value (GString    *out,
                      const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': case '[': case ']': case '|': case '_': case ';': case '*':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '-':
          if (p[1] == '>')
            {
              g_string_append (out, "\\->");
              p++;
            }
          else
            g_string_append_c (out, '-');
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, (guchar)*p < 0x20 ? ' ' : *p);
          break;
        }
    }
}

static char *
unescape_value (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        {
          char c = p[1];

          if (c == '\\' || c == '[' || c == ']' || c == '|' || c == '_' || c == ';' || c == '*')
            {
              g_string_append_c (out, c);
              p++;
              continue;
            }
          if (c == 't' || c == 'n')
            {
              g_string_append_c (out, c == 't' ? '\t' : '\n');
              p++;
              continue;
            }
          if (c == '-' && p[2] == '>')
            {
              g_string_append (out, "->");
              p += 2;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* One line of sentence text (without line feeds), as INCEpTION's Escaping.escapeText. */
static void
append_escaped_text (GString    *out,
                     const char *text,
                     gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar)text[i];

      switch (c)
        {
        case '\t': g_string_append (out, "\\t"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        default:
          /* U+0000–U+0007 and U+000E–U+001F: a backslash, then the character itself. */
          if (c < 0x20 && (c < 0x08 || c > 0x0d))
            g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
          break;
        }
    }
}

static void
append_unescaped_text (GString    *out,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          guchar c = (guchar)p[1];
          char plain = 0;

          switch (c)
            {
            case 't': plain = '\t'; break;
            case 'n': plain = '\n'; break;
            case 'f': plain = '\f'; break;
            case 'r': plain = '\r'; break;
            case 'b': plain = '\b'; break;
            case '\\': plain = '\\'; break;
            default:
              if (c < 0x20 && (c < 0x08 || c > 0x0d))
                plain = (char)c;
              break;
            }
          if (plain != 0)
            {
              g_string_append_c (out, plain);
              p++;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* File names for the documents of a folder                                                     */

/* A file name from the document's title: no separators or characters Windows refuses, no
 * leading dot, at most MAX_STEM_BYTES bytes, unique within the export (case-insensitively). */
static char *
unique_file_name (GHashTable              *used,
                  const GlsExportDocument *doc,
                  const char              *extension)
{
  g_autoptr(GString) stem = g_string_new (NULL);
  const char *title = doc->title != NULL ? doc->title : "";
  char *name = NULL;

  for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c < 0x80 && strchr ("/\\:*?\"<>|", (int)c) != NULL))
        g_string_append_c (stem, '_');
      else
        g_string_append_unichar (stem, c);
      if (stem->len > MAX_STEM_BYTES)
        {
          const char *last = g_utf8_find_prev_char (stem->str, stem->str + stem->len);
          g_string_truncate (stem, (gsize)(last - stem->str));
          break;
        }
    }
  while (stem->len > 0 && (stem->str[0] == '.' || stem->str[0] == ' '))
    g_string_erase (stem, 0, 1);
  while (stem->len > 0 && (stem->str[stem->len - 1] == '.' || stem->str[stem->len - 1] == ' '))
    g_string_truncate (stem, stem->len - 1);
  if (stem->len == 0)
    g_string_printf (stem, "document-%" G_GINT64_FORMAT, doc->id);

  for (guint n = 0; ; n++)
    {
      g_autofree char *folded = NULL;

      if (n == 0)
        name = g_strconcat (stem->str, extension, NULL);
      else if (n == 1)
        name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "%s", stem->str, doc->id, extension);
      else
        name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%u%s", stem->str, doc->id, n, extension);
      folded = g_utf8_casefold (name, -1);
      if (!g_hash_table_contains (used, folded))
        {
          g_hash_table_add (used, g_steal_pointer (&folded));
          return name;
        }
      g_free (name);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

typedef struct
{
  char *folder;
  gboolean created_folder;
  GlsLossReport *report;
  GHashTable *used_names;   /* casefolded file names */
  GPtrArray *written;       /* paths of files written, removed again if the export fails */
} TsvWriter;

static gpointer
webanno_begin (const char     *path,
               GlsProject     *project,
               GHashTable     *options,
               GlsLossReport  *report,
               GError        **error)
{
  TsvWriter *writer;
  gboolean existed;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("WebAnno TSV is written as a folder with one file per document; "
                             "name a folder"));
      return NULL;
    }
  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed && !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO,
                   _("%s: exists and is not a folder (WebAnno TSV writes one file per document "
                     "into a folder)"), path);
      return NULL;
    }
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  writer = g_new0 (TsvWriter, 1);
  writer->folder = g_strdup (path);
  writer->created_folder = !existed;
  writer->report = report;
  writer->used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer->written = g_ptr_array_new_with_free_func (g_free);
  return writer;
}

/* The first token whose end lies after @offset. */
static guint
first_token_after (GArray *tokens,
                   gint64  offset)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (tokens, GlsToken, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static glong
to_utf16 (const GlsOffsetMap *map,
          gint64              chr)
{
  glong utf16 = 0;

  /* Offsets come from the store and the tokenizer, both within the text. */
  if (!gls_offset_map_char_to_utf16 (map, (glong)chr, &utf16, NULL))
    g_warn_if_reached ();
  return utf16;
}

static const char *
text_at (const GlsOffsetMap *map,
         const char         *text,
         gint64              chr)
{
  gsize byte = 0;

  if (!gls_offset_map_char_to_byte (map, (glong)chr, &byte, NULL))
    g_warn_if_reached ();
  return text + byte;
}

/* What the format cannot carry and that shows without tokenizing: reported by write(). */
static void
report_losses (TsvWriter               *writer,
               const GlsExportDocument *doc)
{
  g_autoptr(GHashTable) annotators = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];

      g_hash_table_add (annotators, (gpointer)span->annotator);
      if (span->n_fragments > 1)
        gls_loss_report_add (writer->report, doc, span,
                             _("discontinuous span (%u fragments) not written: WebAnno TSV "
                               "has no discontinuous spans"), span->n_fragments);
      if (span->note != NULL && *span->note != '\0')
        gls_loss_report_add (writer->report, doc, span, _("note not written"));
      if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
        {
          g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (span->attributes),
                                               (GCompareFunc)g_strcmp0);
          g_autoptr(GString) names = g_string_new (NULL);

          for (const GList *l = keys; l != NULL; l = l->next)
            g_string_append_printf (names, "%s%s", names->len ? ", " : "", (char *)l->data);
          gls_loss_report_add (writer->report, doc, span, _("attributes not written: %s"),
                               names->str);
        }
    }
  for (guint i = 0; i < doc->n_relations; i++)
    gls_loss_report_add (writer->report, doc, NULL,
                         _("relation “%s” from span %" PRId64 " to span %"
                           PRId64 " not written"),
                         doc->relations[i].type ? doc->relations[i].type : "",
                         doc->relations[i].source, doc->relations[i].target);
  if (g_hash_table_size (annotators) > 1)
    {
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (annotators),
                                            (GCompareFunc)g_strcmp0);
      g_autoptr(GString) list = g_string_new (NULL);

      for (const GList *l = names; l != NULL; l = l->next)
        g_string_append_printf (list, "%s%s", list->len ? ", " : "", (char *)l->data);
      gls_loss_report_add (writer->report, doc, NULL,
                           _("spans of %u annotators merged into one file; annotator names "
                             "not written (%s)"), g_hash_table_size (annotators), list->str);
    }
}

/* Losses found while tokenizing, carried from prepare() to write() after the file's text. */
typedef enum
{
  LOSS_NO_TOKEN = 'n',      /* the span covers white space only */
  LOSS_MOVED = 'm',         /* the span was cut to the tokens it overlaps: A-B */
  LOSS_LEADING = 'l',       /* white space other than spaces before the first word */
  LOSS_NO_WORDS = 'w',      /* a text without a single token */
} TokenLoss;

static void
note_loss (GString   *losses,
           TokenLoss  kind,
           guint      span,
           gint64     a,
           gint64     b)
{
  g_string_append_printf (losses, "%c %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                          (char)kind, span, a, b);
}

static void
report_token_losses (TsvWriter               *writer,
                     const GlsExportDocument *doc,
                     const char              *losses,
                     const char              *end)
{
  while (losses < end)
    {
      const char *eol = memchr (losses, '\n', (gsize)(end - losses));
      const char *line_end = eol ? eol : end;
      g_autofree char *line = g_strndup (losses, (gsize)(line_end - losses));
      char kind = 0;
      guint span = 0;
      gint64 a = 0, b = 0;

      losses = eol ? eol + 1 : end;
      if (sscanf (line, "%c %u %" G_GINT64_MODIFIER "d %" G_GINT64_MODIFIER "d", &kind, &span,
                  &a, &b) != 4 || (span >= doc->n_spans && (kind == LOSS_NO_TOKEN ||
                                                            kind == LOSS_MOVED)))
        {
          g_warn_if_reached ();
          continue;
        }
      switch (kind)
        {
        case LOSS_NO_TOKEN:
          gls_loss_report_add (writer->report, doc, &doc->spans[span],
                               _("span covers no word (only white space) and is not written"));
          break;
        case LOSS_MOVED:
          gls_loss_report_add (writer->report, doc, &doc->spans[span],
                               _("span written as %" PRId64 "-%" PRId64
                                 ", the words it overlaps"), a, b);
          break;
        case LOSS_LEADING:
          gls_loss_report_add (writer->report, doc, NULL,
                               _("white space before the first word is read back as spaces"));
          break;
        case LOSS_NO_WORDS:
          gls_loss_report_add (writer->report, doc, NULL,
                               _("the text has no words, so no sentence is written"));
          break;
        default:
          g_warn_if_reached ();
          break;
        }
    }
}

typedef struct
{
  const GlsExportSpan *span;
  int first_token;          /* -1: not written */
  int last_token;
  guint disambiguation;     /* 0: none needed */
} TsvSpan;

static void
append_cells (GString       *out,
              const TsvSpan *spans,
              const guint   *members,
              guint          n_members,
              gboolean       identifier)
{
  if (n_members == 0)
    {
      g_string_append (out, "_\t");
      return;
    }
  for (guint k = 0; k < n_members; k++)
    {
      const TsvSpan *s = &spans[members[k]];
      const char *value = identifier ? s->span->kb_id : s->span->label;

      if (k > 0)
        g_string_append_c (out, '|');
      if (value != NULL && *value != '\0')
        append_escaped_value (out, value);
      else
        g_string_append_c (out, '*');
      if (s->disambiguation != 0)
        g_string_append_printf (out, "[%u]", s->disambiguation);
    }
  g_string_append_c (out, '\t');
}

/* The file for one document, and in @losses what tokenizing cost. Touches no shared state,
 * so the pipeline may run it in another thread. */
static char *
document_to_tsv (const GlsExportDocument *doc,
                 GString                 *losses)
{
  g_autoptr(GlsOffsetMap) own_map = NULL;
  const GlsOffsetMap *map = doc->offsets;
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) tokens = NULL;
  g_autofree TsvSpan *spans = g_new0 (TsvSpan, MAX (doc->n_spans, 1));
  g_autofree guint *n_at = NULL;       /* per token: how many spans cover it */
  g_autofree guint *first_at = NULL;   /* per token: where its spans start in members */
  g_autofree guint *members = NULL;
  GString *out = g_string_sized_new (doc->text_bytes * 3 + 256);
  guint n_members = 0, next_id = 1, sentence = 0;

  if (map == NULL)
    map = own_map = gls_offset_map_new (doc->text, (gssize)doc->text_bytes);

  g_string_append (out, FORMAT_HEADER " 3.3\n");
  g_string_append (out, "#T_SP=" NAMED_ENTITY_TYPE "|identifier|value\n");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < doc->n_spans; i++)
    {
      spans[i].span = &doc->spans[i];
      spans[i].first_token = -1;
      if (doc->spans[i].n_fragments == 1)
        g_array_append_val (boundaries, doc->spans[i].fragments[0]);
    }
  tokens = gls_tokenize (doc->text, (gssize)doc->text_bytes,
                         (const GlsFragment *)(gpointer)boundaries->data, boundaries->len);

  /* Which tokens each span covers; every span's ends are token boundaries, unless they lie
   * in white space, which belongs to no token. */
  n_at = g_new0 (guint, tokens->len + 1);
  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];
      gint64 start, end;
      guint t;

      if (span->n_fragments != 1)
        continue;
      start = span->fragments[0].start;
      end = span->fragments[0].end;
      t = first_token_after (tokens, start);
      if (t >= tokens->len || g_array_index (tokens, GlsToken, t).start >= end)
        {
          note_loss (losses, LOSS_NO_TOKEN, i, 0, 0);
          continue;
        }
      spans[i].first_token = (int)t;
      while (t + 1 < tokens->len && g_array_index (tokens, GlsToken, t + 1).start < end)
        t++;
      spans[i].last_token = (int)t;
      if (g_array_index (tokens, GlsToken, spans[i].first_token).start != start ||
          g_array_index (tokens, GlsToken, spans[i].last_token).end != end)
        note_loss (losses, LOSS_MOVED, i,
                   g_array_index (tokens, GlsToken, spans[i].first_token).start,
                   g_array_index (tokens, GlsToken, spans[i].last_token).end);
      for (int k = spans[i].first_token; k <= spans[i].last_token; k++)
        n_at[k]++;
      n_members += (guint)(spans[i].last_token - spans[i].first_token + 1);
    }

  first_at = g_new0 (guint, tokens->len + 1);
  for (guint t = 0; t < tokens->len; t++)
    first_at[t + 1] = first_at[t] + n_at[t];
  members = g_new0 (guint, MAX (n_members, 1));
  memset (n_at, 0, sizeof (guint) * (tokens->len + 1));
  for (guint i = 0; i < doc->n_spans; i++)
    for (int k = spans[i].first_token; spans[i].first_token >= 0 && k <= spans[i].last_token; k++)
      members[first_at[k] + n_at[k]++] = i;

  /* A span needs an id when it covers several tokens or shares a token with another span. */
  for (guint i = 0; i < doc->n_spans; i++)
    {
      gboolean needs_id;

      if (spans[i].first_token < 0)
        continue;
      needs_id = spans[i].last_token > spans[i].first_token;
      for (int k = spans[i].first_token; !needs_id && k <= spans[i].last_token; k++)
        needs_id = n_at[k] > 1;
      if (needs_id)
        spans[i].disambiguation = next_id++;
    }

  if (tokens->len > 0)
    {
      const char *lead_end = text_at (map, doc->text, g_array_index (tokens, GlsToken, 0).start);

      for (const char *p = doc->text; p < lead_end; p++)
        if (*p != ' ')
          {
            note_loss (losses, LOSS_LEADING, 0, 0, 0);
            break;
          }
    }
  else if (doc->n_chars > 0)
    note_loss (losses, LOSS_NO_WORDS, 0, 0, 0);

  for (guint t = 0; t < tokens->len; )
    {
      guint s = g_array_index (tokens, GlsToken, t).sentence;
      guint next = t, n;
      const char *from, *to, *gap_end;
      gboolean rebuilt;

      while (next < tokens->len && g_array_index (tokens, GlsToken, next).sentence == s)
        next++;
      sentence++;

      /* A reader puts back a line break after the sentence, then spaces up to the next one:
       * when the gap is not exactly that, the sentence's text takes the gap in. */
      from = text_at (map, doc->text, g_array_index (tokens, GlsToken, t).start);
      to = text_at (map, doc->text, g_array_index (tokens, GlsToken, next - 1).end);
      gap_end = next < tokens->len
                ? text_at (map, doc->text, g_array_index (tokens, GlsToken, next).start)
                : doc->text + doc->text_bytes;
      rebuilt = to == gap_end && next < tokens->len;
      if (to < gap_end && *to == '\n' && next < tokens->len)
        {
          rebuilt = TRUE;
          for (const char *p = to + 1; p < gap_end && rebuilt; p++)
            rebuilt = *p == ' ';
        }
      if (!rebuilt)
        to = gap_end;

      g_string_append_c (out, '\n');
      for (;;)
        {
          const char *nl = memchr (from, '\n', (gsize)(to - from));

          g_string_append (out, "#Text=");
          append_escaped_text (out, from, (gsize)((nl ? nl : to) - from));
          g_string_append_c (out, '\n');
          if (nl == NULL)
            break;
          from = nl + 1;
        }

      for (n = 1; t < next; t++, n++)
        {
          const GlsToken *token = &g_array_index (tokens, GlsToken, t);
          const char *a = text_at (map, doc->text, token->start);
          const char *b = text_at (map, doc->text, token->end);
          gboolean plain = TRUE;

          /* Tokens are written as they are, like INCEpTION does; one holding a control
           * character would break the line and is escaped instead. */
          for (const char *p = a; p < b && plain; p++)
            plain = (guchar)*p >= 0x20;
          g_string_append_printf (out, "%u-%u\t%ld-%ld\t", sentence, n,
                                  to_utf16 (map, token->start), to_utf16 (map, token->end));
          if (plain)
            g_string_append_len (out, a, b - a);
          else
            append_escaped_text (out, a, (gsize)(b - a));
          g_string_append_c (out, '\t');
          append_cells (out, spans, members + first_at[t], n_at[t], TRUE);
          append_cells (out, spans, members + first_at[t], n_at[t], FALSE);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

/* The file's bytes, a NUL, then the losses tokenizing found (one per line). */
static GBytes *
webanno_prepare (const GlsExportDocument *doc)
{
  g_autoptr(GString) losses = g_string_new (NULL);
  g_autofree char *contents = document_to_tsv (doc, losses);
  gsize length = strlen (contents);
  char *data = g_malloc (length + 1 + losses->len);

  memcpy (data, contents, length + 1);
  memcpy (data + length + 1, losses->str, losses->len);
  return g_bytes_new_take (data, length + 1 + losses->len);
}

static gboolean
webanno_write (gpointer                  data,
               const GlsExportDocument  *doc,
               GError                  **error)
{
  TsvWriter *writer = data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GBytes) prepared = doc->prepared ? g_bytes_ref (doc->prepared)
                                             : webanno_prepare (doc);
  g_autofree char *name = unique_file_name (writer->used_names, doc, ".tsv");
  g_autofree char *path = g_build_filename (writer->folder, name, NULL);
  gsize size;
  const char *contents = g_bytes_get_data (prepared, &size);
  gsize length = strlen (contents);

  if (writer->report != NULL)
    {
      report_losses (writer, doc);
      report_token_losses (writer, doc, contents + length + 1, contents + size);
    }

  if (!(out = gls_export_open_file (path, error)))
    return FALSE;
  if (!g_output_stream_write_all (out, contents, length, NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      gls_export_close_file (out, path, FALSE, NULL);
      return FALSE;
    }
  if (!gls_export_close_file (out, path, TRUE, error))
    return FALSE;
  g_ptr_array_add (writer->written, g_steal_pointer (&path));
  return TRUE;
}

static gboolean
webanno_end (gpointer   data,
             gboolean   success,
             GError   **error)
{
  TsvWriter *writer = data;

  if (!success)
    {
      for (guint i = 0; i < writer->written->len; i++)
        g_remove (g_ptr_array_index (writer->written, i));
      if (writer->created_folder)
        g_rmdir (writer->folder);
    }
  g_ptr_array_unref (writer->written);
  g_hash_table_unref (writer->used_names);
  g_free (writer->folder);
  g_free (writer);
  return success;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */

typedef struct
{
  gint64 begin;             /* UTF-16 units while reading; characters once converted */
  gint64 end;
  char *label;              /* NULL: the value feature is empty */
  char *kb_id;
  guint line;               /* where the span was first seen */
} ReadSpan;

typedef struct
{
  glong begin;
  glong end;
  const char *text;         /* points into the file's contents */
  guint line;
} ReadToken;

typedef struct
{
  int disambiguation;       /* -1: none */
  char *label;
  char *kb_id;
} StackEntry;

typedef struct
{
  const char *path;
  const char *layer;        /* the span layer read, NamedEntity by default */
  guint n_columns;          /* feature columns after the first three */
  int layer_first;          /* its first column, -1 when the file lacks the layer */
  guint layer_n_columns;
  int value_column;         /* -1 when absent */
  int identifier_column;

  GString *text;
  glong text_utf16;
  GString *sentence;        /* #Text lines of the sentence being read */
  glong sentence_utf16;
  glong sentence_begin;     /* UTF-16 range of the current sentence's text */
  glong sentence_end;
  guint n_sentences;

  GArray *tokens;           /* of ReadToken */
  GArray *spans;            /* of ReadSpan */
  GHashTable *by_id;        /* disambiguation id → index + 1 in spans */
  GArray *stack;            /* of StackEntry, per unit */
} TsvReader;

static void
read_span_clear (gpointer data)
{
  ReadSpan *span = data;

  g_free (span->label);
  g_free (span->kb_id);
}

static void
stack_entry_clear (gpointer data)
{
  StackEntry *entry = data;

  g_clear_pointer (&entry->label, g_free);
  g_clear_pointer (&entry->kb_id, g_free);
}

G_GNUC_PRINTF (5, 6)
static void
set_line_error (GError     **error,
                GlsError     code,
                const char  *path,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, "%s:%u: %s", path, line, message);
}

static gboolean
parse_number (const char *s,
              const char *end,
              glong      *value)
{
  glong v = 0;

  if (s == end)
    return FALSE;
  for (const char *p = s; p < end; p++)
    {
      if (!g_ascii_isdigit (*p) || v > (G_MAXINT32 - 9) / 10)
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  *value = v;
  return TRUE;
}

/* "12-3" or "12-3.4". */
static gboolean
parse_unit_id (const char *id,
               gboolean   *sub_token)
{
  const char *dash = strchr (id, '-');
  const char *dot;
  glong n;

  if (dash == NULL || !parse_number (id, dash, &n))
    return FALSE;
  dot = strchr (dash + 1, '.');
  *sub_token = dot != NULL;
  if (dot == NULL)
    return parse_number (dash + 1, dash + strlen (dash), &n);
  return parse_number (dash + 1, dot, &n) && parse_number (dot + 1, dot + strlen (dot), &n);
}

static gboolean
parse_header_line (TsvReader  *reader,
                   const char *line)
{
  gboolean span_layer = g_str_has_prefix (line, "#T_SP=");
  g_auto(GStrv) parts = g_strsplit (strchr (line, '=') + 1, "|", -1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  /* Empty fields do not count, as in INCEpTION: "Type|" is a layer without features, which
   * still takes one (placeholder) column. */
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (fields, parts[i]);
  if (fields->len == 0)
    return FALSE;

  if (span_layer && strcmp (g_ptr_array_index (fields, 0), reader->layer) == 0 &&
      reader->layer_first < 0)
    {
      reader->layer_first = (int)reader->n_columns;
      reader->layer_n_columns = MAX (fields->len - 1, 1);
      for (guint i = 1; i < fields->len; i++)
        {
          const char *feature = g_ptr_array_index (fields, i);

          if (strcmp (feature, "value") == 0)
            reader->value_column = (int)(reader->n_columns + i - 1);
          else if (strcmp (feature, "identifier") == 0)
            reader->identifier_column = (int)(reader->n_columns + i - 1);
        }
    }
  reader->n_columns += MAX (fields->len - 1, 1);
  return TRUE;
}

/* Where a new sentence goes: at its first token's offset. The previous sentence ended in an
 * added line break, which is dropped when the sentences touch; a gap is filled with spaces. */
static gboolean
place_sentence (TsvReader  *reader,
                glong       begin,
                guint       line,
                GError    **error)
{
  if (reader->text_utf16 > begin)
    {
      if (reader->text_utf16 == begin + 1 && reader->text->len > 0 &&
          reader->text->str[reader->text->len - 1] == '\n')
        {
          g_string_truncate (reader->text, reader->text->len - 1);
          reader->text_utf16--;
        }
      else
        {
          set_line_error (error, GLS_ERROR_OFFSET, reader->path, line,
                          _("the sentence starts at %ld, inside the text before it "
                            "(%ld UTF-16 units long)"), begin, reader->text_utf16);
          return FALSE;
        }
    }
  for (; reader->text_utf16 < begin; reader->text_utf16++)
    g_string_append_c (reader->text, ' ');

  reader->sentence_begin = reader->text_utf16;
  g_string_append_len (reader->text, reader->sentence->str, (gssize)reader->sentence->len);
  reader->text_utf16 += reader->sentence_utf16;
  /* Without the line break added after the sentence's last #Text line. */
  reader->sentence_end = reader->text_utf16 - 1;
  g_string_truncate (reader->sentence, 0);
  reader->sentence_utf16 = 0;
  reader->n_sentences++;
  return TRUE;
}

/* Splits a column at the "|" that are not escaped. */
static GPtrArray *
split_stack (char *cell)
{
  GPtrArray *values = g_ptr_array_new ();
  char *start = cell;

  for (char *p = cell; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '|' || *p == '\0')
        {
          gboolean last = *p == '\0';

          *p = '\0';
          g_ptr_array_add (values, start);
          if (last)
            break;
          start = p + 1;
        }
    }
  return values;
}

/* Cuts a trailing "[N]" off @value; returns N, 0 when there is none, -1 when malformed. */
static int
take_disambiguation (char *value)
{
  gsize length = strlen (value);
  gsize backslashes = 0;
  char *open;
  glong id;

  if (length == 0 || value[length - 1] != ']')
    return 0;
  for (gsize i = length - 1; i > 0 && value[i - 1] == '\\'; i--)
    backslashes++;
  if (backslashes % 2 == 1)
    return 0;   /* an escaped "]" ends the value itself */
  open = strrchr (value, '[');
  if (open == NULL || !parse_number (open + 1, value + length - 1, &id) || id == 0)
    return -1;
  *open = '\0';
  return (int)id;
}

static gboolean
read_unit (TsvReader  *reader,
           char      **fields,
           glong       begin,
           glong       end,
           guint       line,
           GError    **error)
{
  g_array_set_size (reader->stack, 0);

  for (guint c = 0; reader->layer_first >= 0 && c < reader->layer_n_columns; c++)
    {
      int column = reader->layer_first + (int)c;
      char *cell = fields[3 + column];
      g_autoptr(GPtrArray) values = NULL;

      if (strcmp (cell, "_") == 0)
        continue;
      values = split_stack (cell);
      for (guint k = 0; k < values->len; k++)
        {
          char *value = g_ptr_array_index (values, k);
          int id = take_disambiguation (value);
          StackEntry *entry;

          if (id < 0)
            {
              set_line_error (error, GLS_ERROR_PARSE, reader->path, line,
                              _("malformed disambiguation id in “%s”"), value);
              return FALSE;
            }
          if (k >= reader->stack->len)
            {
              guint old = reader->stack->len;

              g_array_set_size (reader->stack, k + 1);
              for (guint j = old; j <= k; j++)
                g_array_index (reader->stack, StackEntry, j).disambiguation = -1;
            }
          entry = &g_array_index (reader->stack, StackEntry, k);
          if (id > 0 && entry->disambiguation < 0)
            entry->disambiguation = id;
          if (column == reader->value_column && strcmp (value, "*") != 0)
            {
              g_free (entry->label);
              entry->label = unescape_value (value);
            }
          else if (column == reader->identifier_column && strcmp (value, "*") != 0)
            {
              g_free (entry->kb_id);
              entry->kb_id = unescape_value (value);
            }
        }
    }

  for (guint k = 0; k < reader->stack->len; k++)
    {
      StackEntry *entry = &g_array_index (reader->stack, StackEntry, k);
      gpointer found = NULL;
      ReadSpan *span;

      if (entry->disambiguation > 0)
        found = g_hash_table_lookup (reader->by_id, GINT_TO_POINTER (entry->disambiguation));
      if (found != NULL)
        {
          /* The same span, seen on another token: it reaches over both. */
          span = &g_array_index (reader->spans, ReadSpan, GPOINTER_TO_UINT (found) - 1);
          span->begin = MIN (span->begin, begin);
          span->end = MAX (span->end, end);
        }
      else
        {
          ReadSpan fresh = { begin, end, NULL, NULL, line };

          g_array_append_val (reader->spans, fresh);
          span = &g_array_index (reader->spans, ReadSpan, reader->spans->len - 1);
          if (entry->disambiguation > 0)
            g_hash_table_insert (reader->by_id, GINT_TO_POINTER (entry->disambiguation),
                                 GUINT_TO_POINTER (reader->spans->len));
        }
      if (entry->label != NULL)
        {
          g_free (span->label);
          span->label = g_steal_pointer (&entry->label);
        }
      if (entry->kb_id != NULL)
        {
          g_free (span->kb_id);
          span->kb_id = g_steal_pointer (&entry->kb_id);
        }
    }
  return TRUE;
}

static gboolean
read_token_line (TsvReader   *reader,
                 char        *line_text,
                 guint        line,
                 gboolean     first_of_sentence,
                 GError     **error)
{
  g_auto(GStrv) fields = g_strsplit (line_text, "\t", -1);
  guint n_fields = g_strv_length (fields);
  gboolean sub_token = FALSE;
  const char *dash;
  glong begin, end;
  ReadToken token;

  if (n_fields < reader->n_columns + 3)
    {
      set_line_error (error, GLS_ERROR_PARSE, reader->path, line,
                      _("expected %u tab-separated fields (a token, its offsets, its text and "
                        "%u annotation columns) but found %u"),
                      reader->n_columns + 3, reader->n_columns, n_fields);
      return FALSE;
    }
  if (!parse_unit_id (fields[0], &sub_token))
    {
      set_line_error (error, GLS_ERROR_PARSE, reader->path, line,
                      _("“%s” is not a token number like 1-2 or 1-2.1"), fields[0]);
      return FALSE;
    }
  dash = strchr (fields[1], '-');
  if (dash == NULL || !parse_number (fields[1], dash, &begin) ||
      !parse_number (dash + 1, dash + strlen (dash), &end) || end < begin)
    {
      set_line_error (error, GLS_ERROR_PARSE, reader->path, line,
                      _("“%s” is not a pair of offsets like 0-4"), fields[1]);
      return FALSE;
    }
  if (first_of_sentence)
    {
      if (sub_token)
        {
          set_line_error (error, GLS_ERROR_PARSE, reader->path, line,
                          _("a sentence cannot start with a sub-token"));
          return FALSE;
        }
      if (!place_sentence (reader, begin, line, error))
        return FALSE;
    }
  if (begin < reader->sentence_begin || end > reader->sentence_end)
    {
      set_line_error (error, GLS_ERROR_OFFSET, reader->path, line,
                      _("offsets %ld-%ld lie outside the sentence’s text (%ld-%ld)"),
                      begin, end, reader->sentence_begin, reader->sentence_end);
      return FALSE;
    }

  /* The token's text, kept to check it against the rebuilt document. Sub-tokens may be
   * empty; their text is checked the same way. */
  token.begin = begin;
  token.end = end;
  token.line = line;
  /* fields[] are copies: point into the line instead, cut at the next tab. */
  {
    char *p = line_text;

    for (guint k = 0; k < 2; k++)
      p = strchr (p, '\t') + 1;
    token.text = p;
    p = strchr (p, '\t');
    if (p != NULL)
      *p = '\0';
  }
  g_array_append_val (reader->tokens, token);

  return read_unit (reader, fields, begin, end, line, error);
}

typedef enum
{
  STATE_BETWEEN,            /* before a sentence */
  STATE_SENTENCE_HEADER,    /* in its #Text lines */
  STATE_TOKENS,
} ReadState;

static gboolean
check_tokens (TsvReader           *reader,
              const GlsOffsetMap  *map,
              GError             **error)
{
  for (guint i = 0; i < reader->tokens->len; i++)
    {
      const ReadToken *token = &g_array_index (reader->tokens, ReadToken, i);
      g_autoptr(GError) local_error = NULL;
      glong a, b;
      gsize ba, bb;
      g_autoptr(GString) unescaped = NULL;

      if (!gls_offset_map_utf16_to_char (map, token->begin, &a, &local_error) ||
          !gls_offset_map_utf16_to_char (map, token->end, &b, &local_error))
        {
          set_line_error (error, GLS_ERROR_OFFSET, reader->path, token->line,
                          _("token %ld-%ld: %s"), token->begin, token->end,
                          local_error->message);
          return FALSE;
        }
      gls_offset_map_char_to_byte (map, a, &ba, NULL);
      gls_offset_map_char_to_byte (map, b, &bb, NULL);
      if (strlen (token->text) == bb - ba &&
          memcmp (token->text, reader->text->str + ba, bb - ba) == 0)
        continue;
      unescaped = g_string_new (NULL);
      append_unescaped_text (unescaped, token->text);
      if (unescaped->len == bb - ba &&
          memcmp (unescaped->str, reader->text->str + ba, bb - ba) == 0)
        continue;
      {
        g_autofree char *found = g_strndup (reader->text->str + ba, bb - ba);

        set_line_error (error, GLS_ERROR_PARSE, reader->path, token->line,
                        _("the token “%s” does not match the sentence text at %ld-%ld "
                          "(“%s”)"),
                        token->text, token->begin, token->end, found);
      }
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_document (TsvReader   *reader,
              GlsImport   *import,
              const char  *annotator,
              GError     **error)
{
  g_autoptr(GlsOffsetMap) map = NULL;
  g_autofree char *base = g_path_get_basename (reader->path);
  g_autofree char *title = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 document_id;

  /* The line break INCEpTION adds after the last sentence is not part of the document. */
  if (reader->n_sentences > 0 && reader->text->len > 0 &&
      reader->text->str[reader->text->len - 1] == '\n')
    {
      g_string_truncate (reader->text, reader->text->len - 1);
      reader->text_utf16--;
    }
  map = gls_offset_map_new (reader->text->str, (gssize)reader->text->len);
  if (map == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING, _("%s: the text is not valid UTF-8"),
                   reader->path);
      return FALSE;
    }
  if (!check_tokens (reader, map, error))
    return FALSE;

  title = g_str_has_suffix (base, ".tsv") ? g_strndup (base, strlen (base) - 4) : g_strdup (base);
  document_id = gls_import_find_document (import, reader->text->str, (gssize)reader->text->len);
  if (document_id == 0)
    document_id = gls_import_add_document (import, title, reader->text->str,
                                           (gssize)reader->text->len, base, &local_error);
  if (document_id == 0)
    {
      g_set_error (error, GLS_ERROR, local_error->code, "%s: %s", reader->path,
                   local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < reader->spans->len; i++)
    {
      const ReadSpan *span = &g_array_index (reader->spans, ReadSpan, i);
      GlsFragment fragment;
      glong a, b;

      if (span->label == NULL)
        {
          set_line_error (error, GLS_ERROR_UNKNOWN_LABEL, reader->path, span->line,
                          _("a %s without a value (label)"), reader->layer);
          return FALSE;
        }
      if (!gls_offset_map_utf16_to_char (map, (glong)span->begin, &a, &local_error) ||
          !gls_offset_map_utf16_to_char (map, (glong)span->end, &b, &local_error))
        {
          set_line_error (error, GLS_ERROR_OFFSET, reader->path, span->line,
                          _("span %" PRId64 "-%" PRId64 ": %s"),
                          span->begin, span->end, local_error->message);
          return FALSE;
        }
      if (a == b)
        continue;   /* zero-width annotations cannot be kept */
      fragment.start = a;
      fragment.end = b;
      if (!gls_import_add_span (import, document_id, &fragment, 1, span->label, annotator, NULL,
                                span->kb_id, NULL, &local_error))
        {
          set_line_error (error, local_error->code, reader->path, span->line, "%s",
                          local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_file (GlsImport   *import,
           const char  *path,
           const char  *layer,
           const char  *annotator,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  TsvReader reader = { 0 };
  ReadState state = STATE_BETWEEN;
  const char *bad;
  gsize length;
  char *p;
  guint i = 0;
  gboolean ok = FALSE;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (gsize)st.st_size > MAX_FILE_BYTES)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID, _("%s: larger than %d MB"), path,
                   (int)(MAX_FILE_BYTES / (1024 * 1024)));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate_len (contents, length, &bad))
    {
      set_line_error (error, GLS_ERROR_ENCODING, path, gls_format_line_of (contents, bad),
                      *bad == '\0' ? _("a NUL byte") : _("not valid UTF-8"));
      return FALSE;
    }

  /* Lines end in LF, CR LF or CR. A leading byte order mark is skipped. */
  p = contents;
  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  for (;;)
    {
      char *eol = strpbrk (p, "\r\n");

      g_ptr_array_add (lines, p);
      if (eol == NULL)
        break;
      p = eol + (eol[0] == '\r' && eol[1] == '\n' ? 2 : 1);
      *eol = '\0';
    }
  if (lines->len > 0 && *(char *)g_ptr_array_index (lines, lines->len - 1) == '\0')
    g_ptr_array_set_size (lines, lines->len - 1);

  if (lines->len == 0 || !g_str_has_prefix (g_ptr_array_index (lines, 0), FORMAT_HEADER " "))
    {
      set_line_error (error, GLS_ERROR_PARSE, path, 1,
                      _("not a WebAnno TSV file: it must start with “%s 3.3”"), FORMAT_HEADER);
      return FALSE;
    }
  {
    const char *version = (const char *)g_ptr_array_index (lines, 0) + strlen (FORMAT_HEADER " ");
    glong minor;

    if (!g_str_has_prefix (version, "3.") ||
        !parse_number (version + 2, version + strlen (version), &minor) || minor < 2)
      {
        set_line_error (error, GLS_ERROR_PARSE, path, 1,
                        _("WebAnno TSV version “%s” is not supported (3.2 and 3.3 are)"),
                        version);
        return FALSE;
      }
  }

  reader.path = path;
  reader.layer = layer;
  reader.layer_first = -1;
  reader.value_column = -1;
  reader.identifier_column = -1;
  reader.text = g_string_new (NULL);
  reader.sentence = g_string_new (NULL);
  reader.tokens = g_array_new (FALSE, FALSE, sizeof (ReadToken));
  reader.spans = g_array_new (FALSE, TRUE, sizeof (ReadSpan));
  g_array_set_clear_func (reader.spans, read_span_clear);
  reader.by_id = g_hash_table_new (NULL, NULL);
  reader.stack = g_array_new (FALSE, TRUE, sizeof (StackEntry));
  g_array_set_clear_func (reader.stack, stack_entry_clear);

  for (i = 1; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (!g_str_has_prefix (line, "#T_SP=") && !g_str_has_prefix (line, "#T_CH=") &&
          !g_str_has_prefix (line, "#T_RL="))
        break;
      if (!parse_header_line (&reader, line))
        {
          set_line_error (error, GLS_ERROR_PARSE, path, i + 1,
                          _("a layer declaration without a type name"));
          goto out;
        }
    }

  for (; i < lines->len; i++)
    {
      char *line = g_ptr_array_index (lines, i);

      if (state != STATE_TOKENS && line[0] == '#')
        {
          if (g_str_has_prefix (line, "#Text="))
            {
              gsize before = reader.sentence->len;

              append_unescaped_text (reader.sentence, line + strlen ("#Text="));
              g_string_append_c (reader.sentence, '\n');
              reader.sentence_utf16 +=
                gls_utf8_utf16_length (reader.sentence->str + before,
                                       (gssize)(reader.sentence->len - before));
            }
          /* #Sentence.id= and other sentence headers carry nothing Glossator keeps. */
          state = STATE_SENTENCE_HEADER;
        }
      else if (line[0] == '\0')
        {
          if (state == STATE_SENTENCE_HEADER)
            {
              set_line_error (error, GLS_ERROR_PARSE, path, i + 1,
                              _("a sentence without tokens: expected a token line after "
                                "its #Text lines"));
              goto out;
            }
          state = STATE_BETWEEN;
        }
      else
        {
          /* A '#' line here follows a token: the sentence has not ended. */
          if (state == STATE_BETWEEN || line[0] == '#')
            {
              set_line_error (error, GLS_ERROR_PARSE, path, i + 1,
                              line[0] == '#' ? _("expected a blank line before the next "
                                                 "sentence")
                                             : _("expected a #Text= line before the tokens"));
              goto out;
            }
          if (!read_token_line (&reader, line, i + 1, state == STATE_SENTENCE_HEADER, error))
            goto out;
          state = STATE_TOKENS;
        }
    }
  if (state == STATE_SENTENCE_HEADER)
    {
      set_line_error (error, GLS_ERROR_PARSE, path, lines->len,
                      _("the file ends in a sentence without tokens"));
      goto out;
    }

  ok = add_document (&reader, import, annotator, error);

out:
  g_string_free (reader.text, TRUE);
  g_string_free (reader.sentence, TRUE);
  g_array_unref (reader.tokens);
  g_array_unref (reader.spans);
  g_hash_table_unref (reader.by_id);
  g_array_unref (reader.stack);
  return ok;
}

static gboolean
webanno_read (GlsImport   *import,
              const char  *path,
              const char  *annotator,
              GHashTable  *options,
              GError     **error)
{
  const char *layer = options ? g_hash_table_lookup (options, "layer") : NULL;

  if (layer == NULL || *layer == '\0')
    layer = NAMED_ENTITY_TYPE;
  if (annotator == NULL)
    annotator = gls_project_get_annotator (gls_import_get_project (import));

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) files = gls_format_list_folder (path, ".tsv", error);

      if (files == NULL)
        return FALSE;
      if (files->len == 0)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no .tsv files in the folder"),
                       path);
          return FALSE;
        }
      for (guint i = 0; i < files->len; i++)
        if (!read_file (import, g_ptr_array_index (files, i), layer, annotator, error))
          return FALSE;
      return TRUE;
    }
  return read_file (import, path, layer, annotator, error);
}

static gboolean
head_is_tsv (const char *head,
             gsize       head_length)
{
  if (head_length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    {
      head += 3;
      head_length -= 3;
    }
  return head_length >= strlen (FORMAT_HEADER) &&
         memcmp (head, FORMAT_HEADER, strlen (FORMAT_HEADER)) == 0;
}

static int
webanno_probe (const char *path,
               const char *head,
               gsize       head_length)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) files = gls_format_list_folder (path, ".tsv", NULL);
      char buffer[64];
      gsize n = 0;
      FILE *file;

      if (files == NULL || files->len == 0)
        return 0;
      file = g_fopen (g_ptr_array_index (files, 0), "rb");
      if (file == NULL)
        return 0;
      n = fread (buffer, 1, sizeof buffer, file);
      fclose (file);
      return head_is_tsv (buffer, n) ? 90 : 0;
    }
  return head_is_tsv (head, head_length) ? 95 : 0;
}

const GlsFormat gls_format_webanno = {
  .name = "webanno",
  .title = "WebAnno TSV 3.3",
  .unit = GLS_OFFSET_UTF16,
  .extension = NULL,
  .probe = webanno_probe,
  .read = webanno_read,
  .begin = webanno_begin,
  .write = webanno_write,
  .end = webanno_end,
  .prepare = webanno_prepare,
};
