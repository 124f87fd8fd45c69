/* gls-format-conll.c — CoNLL-2003 named-entity files, read and written
 *
 * One token per line, its tag in the last column, a blank line after each sentence, and
 * "-DOCSTART-" lines between documents:
 *
 *   -DOCSTART- -X- -X- O
 *
 *   EU NNP B-NP B-ORG
 *   rejects VBZ B-VP O
 *   German JJ B-NP B-MISC
 *
 * Writing. Options: "columns" = "2" (default: "TOKEN TAG") or "4" ("TOKEN _ _ TAG", the
 * CoNLL-2003 layout with empty part-of-speech and chunk columns); "scheme" = "iob2"
 * (default), "iob1" (the original CoNLL-2003 tags: B- only right after an entity of the same
 * label) or "bioes". Each document starts with "-DOCSTART- -X- -X- O" (4 columns) or
 * "-DOCSTART- O" (2 columns, so that every line of the file has the same number of
 * columns), then a blank line. Tokens and sentences come from gls_tokenize() with the
 * written spans' edges as boundaries; which spans are written is decided in gls-tagging.c
 * (outermost of nested spans, first of overlapping ones, no discontinuous span), and
 * everything else goes to the loss report. A document's title, status and original spacing
 * are not carried by the format.
 *
 * Reading. Two columns ("TOKEN TAG") or more (CoNLL-2003's "TOKEN POS CHUNK TAG"): the
 * first column is the token, the last the tag; every token line must have as many columns
 * as the file's first one. "-DOCSTART-" lines separate documents (a file without any is one
 * document); blank lines end sentences. A document's text is its tokens joined by single
 * spaces, one sentence per line ("EU rejects German call .\nPeter Blackburn"). Tags are
 * "O", or B-, I-, E-, S- (and BILOU's L-, U-) before a label of the project's schema. One
 * decoder reads IOB1, IOB2 and BIOES alike, so the scheme needs no detecting: B- and S-
 * start an entity, E- and S- end one, and an I- or E- tag that does not continue an entity
 * of its label starts a new one (as conlleval does, so IOB1 and ill-formed IOB2 read the
 * same way). Errors name the file and line: an unknown label (GLS_ERROR_UNKNOWN_LABEL), a
 * wrong column count or tag, a line over 1 MB (GLS_ERROR_PARSE), bytes that are not UTF-8
 * (GLS_ERROR_ENCODING). The file is read line by line; only the current document is held
 * in memory. Documents are titled "FILE (document N)"; spans belong to the given annotator,
 * else to one named after the file ("eng.train" → "eng"). A document whose text is already
 * in the project receives the spans instead of a copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-conll"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-tagging.h"

#define MAX_LINE_BYTES (1024 * 1024)
#define DOCSTART "-DOCSTART-"
#define MAX_COLUMNS 16

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                      */

typedef struct
{
  char *path;
  GOutputStream *out;
  GlsLossReport *report;
  GlsTagScheme scheme;
  guint columns;
  GString *buffer;
  gboolean existed;           /* a file was at path before: a failed export keeps it */
} ConllWriter;

static gpointer
conll_begin (const char     *path,
             GlsProject     *project G_GNUC_UNUSED,
             GHashTable     *options,
             GlsLossReport  *report,
             GError        **error)
{
  const char *columns = options ? g_hash_table_lookup (options, "columns") : NULL;
  const char *scheme_name = options ? g_hash_table_lookup (options, "scheme") : NULL;
  GlsTagScheme scheme = GLS_TAG_SCHEME_IOB2;
  ConllWriter *writer;
  GOutputStream *out;
  gboolean existed;

  if (columns != NULL && strcmp (columns, "2") != 0 && strcmp (columns, "4") != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("CoNLL: “columns” must be 2 or 4, not “%s”"), columns);
      return NULL;
    }
  if (scheme_name != NULL && !gls_tag_scheme_from_string (scheme_name, &scheme))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("CoNLL: “scheme” must be iob2, iob1 or bioes, not “%s”"), scheme_name);
      return NULL;
    }
  existed = g_strcmp0 (path, "-") == 0 || g_file_test (path, G_FILE_TEST_EXISTS);
  if (!(out = gls_export_open_file (path, error)))
    return NULL;

  writer = g_new0 (ConllWriter, 1);
  writer->existed = existed;
  writer->path = g_strdup (path);
  writer->out = out;
  writer->report = report;
  writer->scheme = scheme;
  writer->columns = columns != NULL && strcmp (columns, "4") == 0 ? 4 : 2;
  writer->buffer = g_string_sized_new (64 * 1024);
  return writer;
}

static gboolean
conll_write (gpointer                  data,
             const GlsExportDocument  *document,
             GError                  **error)
{
  ConllWriter *writer = data;
  g_autoptr(GlsTagging) tagging = gls_tagging_new (document, writer->scheme, writer->report,
                                                   "CoNLL");
  g_autoptr(GError) local_error = NULL;
  GString *out = writer->buffer;
  guint n_tokens = gls_tagging_get_n_tokens (tagging);

  g_string_truncate (out, 0);
  g_string_append (out, writer->columns == 4 ? DOCSTART " -X- -X- O\n\n" : DOCSTART " O\n\n");
  for (guint i = 0; i < n_tokens; i++)
    {
      gsize length;
      const char *token = gls_tagging_get_token (tagging, i, &length);

      if (i > 0 && gls_tagging_get_sentence (tagging, i) != gls_tagging_get_sentence (tagging, i - 1))
        g_string_append_c (out, '\n');
      g_string_append_len (out, token, (gssize)length);
      g_string_append (out, writer->columns == 4 ? " _ _ " : " ");
      gls_tagging_append_tag (tagging, i, out);
      g_string_append_c (out, '\n');
    }
  if (n_tokens > 0)
    g_string_append_c (out, '\n');
  else if (writer->report != NULL)
    gls_loss_report_add (writer->report, document, NULL,
                         _("the document has no tokens: CoNLL readers will not see it"));

  if (!g_output_stream_write_all (writer->out, out->str, out->len, NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
conll_end (gpointer   data,
           gboolean   success,
           GError   **error)
{
  ConllWriter *writer = data;
  gboolean ok = gls_export_close_file (writer->out, writer->path, success, error);

  /* GIO writes a new file in place (only an existing one is replaced through a temporary
   * file), so a failed export would leave its first part behind. */
  if (!success && !writer->existed)
    g_unlink (writer->path);
  g_object_unref (writer->out);
  g_string_free (writer->buffer, TRUE);
  g_free (writer->path);
  g_free (writer);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Recognising                                                                                  */

typedef enum
{
  TAG_NONE,       /* not a tag */
  TAG_O,
  TAG_ENTITY,
} TagKind;

/* "O", or "B-TYPE" and the like; *@prefix is 'B', 'I', 'E' or 'S', *@type points into @tag. */
static TagKind
parse_tag (const char  *tag,
           char        *prefix,
           const char **type)
{
  if (strcmp (tag, "O") == 0)
    {
      *prefix = 'O';
      *type = NULL;
      return TAG_O;
    }
  if (tag[0] == '\0' || tag[1] != '-' || tag[2] == '\0' || strchr ("BIESLU", tag[0]) == NULL)
    return TAG_NONE;
  *prefix = tag[0] == 'L' ? 'E' : tag[0] == 'U' ? 'S' : tag[0];
  *type = tag + 2;
  return TAG_ENTITY;
}

/* Splits @line in place into at most @max columns separated by spaces or tabs. */
static guint
split_columns (char   *line,
               char  **columns,
               guint   max)
{
  guint n = 0;
  char *p = line;

  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        return n;
      if (n == max)
        return max + 1;
      columns[n++] = p;
      while (*p && *p != ' ' && *p != '\t')
        p++;
      if (*p)
        *p++ = '\0';
    }
}

static int
conll_probe (const char *path,
             const char *head,
             gsize       head_length)
{
  g_autofree char *copy = g_strndup (head, head_length);
  g_auto(GStrv) lines = NULL;
  gboolean named = g_str_has_suffix (path, ".conll") || g_str_has_suffix (path, ".conll03") ||
                   g_str_has_suffix (path, ".iob") || g_str_has_suffix (path, ".bio");
  guint n_lines = 0, n_columns = 0, last;
  char *start = copy;

  if (g_str_has_prefix (start, "\xef\xbb\xbf"))
    start += 3;
  lines = g_strsplit_set (start, "\r\n", -1);
  /* The last line may be cut short by the end of the head. */
  last = g_strv_length (lines);
  if (last > 1 && head_length > 0 && head[head_length - 1] != '\n')
    last--;

  for (guint i = 0; i < last; i++)
    {
      char *columns[MAX_COLUMNS + 1];
      guint n;
      char prefix;
      const char *type;

      n = split_columns (lines[i], columns, MAX_COLUMNS);
      if (n == 0)
        continue;
      if (strcmp (columns[0], DOCSTART) == 0)
        {
          if (n_lines == 0)
            return 95;
          continue;
        }
      if (n < 2 || n > MAX_COLUMNS || parse_tag (columns[n - 1], &prefix, &type) == TAG_NONE ||
          (n_columns != 0 && n != n_columns))
        return named ? 20 : 0;
      n_columns = n;
      n_lines++;
    }
  if (n_lines >= 2)
    return named ? 90 : 60;
  return named ? 20 : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading                                                                                      */

typedef struct
{
  gint64 start;
  gint64 end;
  char *label;
  guint line;
} PendingSpan;

typedef struct
{
  GlsImport *import;
  const char *path;
  char *base;                 /* the file's name, for titles */
  char *annotator;
  GHashTable *known_labels;   /* label names checked against the schema */

  GDataInputStream *input;
  GString *line;
  gboolean skip_lf;           /* the last line ended with "\r": a "\n" next belongs to it */
  guint line_number;
  guint n_columns;            /* of the first token line; 0 before it */

  GString *text;              /* the document being read */
  gint64 n_chars;
  gboolean in_sentence;
  GArray *spans;              /* of PendingSpan */
  guint n_documents;

  /* The entity being read. */
  char prev_prefix;           /* 'O' outside entities */
  char *prev_type;
  gint64 entity_start;
  gint64 entity_end;
  guint entity_line;
} Reader;

static void
pending_span_clear (gpointer data)
{
  g_free (((PendingSpan *)data)->label);
}

G_GNUC_PRINTF (4, 5)
static void
set_line_error (GError       **error,
                const Reader  *reader,
                int            code,
                const char    *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, "%s:%u: %s", reader->path, reader->line_number, message);
}

/* The next line, without its end, in reader->line: 1, or 0 at the end of the file, or -1 on
 * an error. Reads through the stream's buffer so that a huge line is refused at 1 MB rather
 * than held whole. */
static int
read_line (Reader  *reader,
           GError **error)
{
  GBufferedInputStream *buffered = G_BUFFERED_INPUT_STREAM (reader->input);
  gboolean any = FALSE;

  g_string_truncate (reader->line, 0);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize available, k;
      const char *buffer = g_buffered_input_stream_peek_buffer (buffered, &available);

      if (available == 0)
        {
          gssize n = g_buffered_input_stream_fill (buffered, -1, NULL, &local_error);

          if (n < 0)
            {
              g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s:%u: %s", reader->path,
                           reader->line_number + 1, local_error->message);
              return -1;
            }
          if (n == 0)
            {
              if (any)
                reader->line_number++;
              return any ? 1 : 0;
            }
          continue;
        }
      if (reader->skip_lf)
        {
          reader->skip_lf = FALSE;
          if (buffer[0] == '\n')
            {
              g_input_stream_skip (G_INPUT_STREAM (buffered), 1, NULL, NULL);
              continue;
            }
        }
      any = TRUE;
      for (k = 0; k < available && buffer[k] != '\n' && buffer[k] != '\r'; k++)
        ;
      if (reader->line->len + k > MAX_LINE_BYTES)
        {
          reader->line_number++;
          set_line_error (error, reader, GLS_ERROR_PARSE, _("line too long (over %d MB)"),
                          MAX_LINE_BYTES / (1024 * 1024));
          return -1;
        }
      g_string_append_len (reader->line, buffer, (gssize)k);
      if (k < available)
        {
          reader->skip_lf = buffer[k] == '\r';
          g_input_stream_skip (G_INPUT_STREAM (buffered), k + 1, NULL, NULL);
          reader->line_number++;
          return 1;
        }
      g_input_stream_skip (G_INPUT_STREAM (buffered), available, NULL, NULL);
    }
}

static void
close_entity (Reader *reader)
{
  PendingSpan span;

  if (reader->prev_prefix == 'O')
    return;
  span.start = reader->entity_start;
  span.end = reader->entity_end;
  span.label = g_steal_pointer (&reader->prev_type);
  span.line = reader->entity_line;
  g_array_append_val (reader->spans, span);
  reader->prev_prefix = 'O';
}

static void
end_sentence (Reader *reader)
{
  close_entity (reader);
  reader->in_sentence = FALSE;
}

static gboolean
end_document (Reader  *reader,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 document;

  end_sentence (reader);
  if (reader->text->len == 0)
    return TRUE;

  reader->n_documents++;
  document = gls_import_find_document (reader->import, reader->text->str,
                                       (gssize)reader->text->len);
  if (document == 0)
    {
      g_autofree char *title = g_strdup_printf (_("%s (document %u)"), reader->base,
                                                reader->n_documents);

      document = gls_import_add_document (reader->import, title, reader->text->str,
                                          (gssize)reader->text->len, reader->base, &local_error);
      if (document == 0)
        {
          set_line_error (error, reader, local_error->code, "%s", local_error->message);
          return FALSE;
        }
    }

  for (guint i = 0; i < reader->spans->len; i++)
    {
      const PendingSpan *span = &g_array_index (reader->spans, PendingSpan, i);
      GlsFragment fragment = { span->start, span->end };

      if (gls_import_add_span (reader->import, document, &fragment, 1, span->label,
                               reader->annotator, NULL, NULL, NULL, &local_error) == 0)
        {
          g_set_error (error, GLS_ERROR, local_error->code, "%s:%u: %s", reader->path,
                       span->line, local_error->message);
          return FALSE;
        }
    }

  g_array_set_size (reader->spans, 0);
  g_string_truncate (reader->text, 0);
  reader->n_chars = 0;
  return TRUE;
}

static gboolean
check_label (Reader      *reader,
             const char  *label,
             GError     **error)
{
  GlsProject *project;

  if (g_hash_table_contains (reader->known_labels, label))
    return TRUE;
  project = gls_import_get_project (reader->import);
  if (gls_project_find_label (project, label) == NULL)
    {
      set_line_error (error, reader, GLS_ERROR_UNKNOWN_LABEL,
                      _("unknown label “%s” (the project's labels are listed by "
                        "“glossator-cli labels”)"), label);
      return FALSE;
    }
  g_hash_table_add (reader->known_labels, g_strdup (label));
  return TRUE;
}

static gboolean
read_token (Reader      *reader,
            const char  *token,
            const char  *tag,
            GError     **error)
{
  const char *type = NULL;
  gint64 start, length;
  gboolean continues;
  char prefix;

  if (parse_tag (tag, &prefix, &type) == TAG_NONE)
    {
      set_line_error (error, reader, GLS_ERROR_PARSE,
                      _("“%s” is not a tag (O, or B-, I-, E-, S- before a label)"), tag);
      return FALSE;
    }
  if (type != NULL && !check_label (reader, type, error))
    return FALSE;

  /* The text: tokens joined by spaces, sentences by new lines. */
  if (reader->in_sentence)
    {
      g_string_append_c (reader->text, ' ');
      reader->n_chars++;
    }
  else if (reader->text->len > 0)
    {
      g_string_append_c (reader->text, '\n');
      reader->n_chars++;
    }
  reader->in_sentence = TRUE;
  start = reader->n_chars;
  length = g_utf8_strlen (token, -1);
  g_string_append (reader->text, token);
  reader->n_chars += length;

  /* Entities: an I- or E- continues one of its label unless that one has ended. */
  continues = reader->prev_prefix != 'O' && (prefix == 'I' || prefix == 'E') &&
              reader->prev_prefix != 'E' && reader->prev_prefix != 'S' &&
              strcmp (reader->prev_type, type) == 0;
  if (!continues)
    close_entity (reader);
  if (prefix == 'O')
    return TRUE;
  if (!continues)
    {
      reader->prev_type = g_strdup (type);
      reader->entity_start = start;
      reader->entity_line = reader->line_number;
    }
  reader->prev_prefix = prefix;
  reader->entity_end = start + length;
  return TRUE;
}

static gboolean
read_lines (Reader  *reader,
            GError **error)
{
  int status;

  while ((status = read_line (reader, error)) > 0)
    {
      char *line = reader->line->str;
      char *columns[MAX_COLUMNS + 1];
      guint n;

      if (reader->line_number == 1 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        line += 3;
      if (!g_utf8_validate (line, (gssize)(reader->line->str + reader->line->len - line), NULL))
        {
          set_line_error (error, reader, GLS_ERROR_ENCODING, _("not valid UTF-8"));
          return FALSE;
        }
      n = split_columns (line, columns, MAX_COLUMNS);
      if (n == 0)
        {
          end_sentence (reader);
          continue;
        }
      if (strcmp (columns[0], DOCSTART) == 0)
        {
          if (!end_document (reader, error))
            return FALSE;
          continue;
        }
      if (reader->n_columns == 0)
        {
          if (n < 2)
            {
              set_line_error (error, reader, GLS_ERROR_PARSE,
                              _("expected a token and a tag, found one column"));
              return FALSE;
            }
          if (n > MAX_COLUMNS)
            {
              set_line_error (error, reader, GLS_ERROR_PARSE,
                              _("expected at most %d columns, found more"), MAX_COLUMNS);
              return FALSE;
            }
          reader->n_columns = n;
        }
      else if (n != reader->n_columns)
        {
          if (n > MAX_COLUMNS)
            set_line_error (error, reader, GLS_ERROR_PARSE,
                            _("expected %u columns, found more than %d"), reader->n_columns,
                            MAX_COLUMNS);
          else
            set_line_error (error, reader, GLS_ERROR_PARSE, _("expected %u columns, found %u"),
                            reader->n_columns, n);
          return FALSE;
        }
      if (!read_token (reader, columns[0], columns[n - 1], error))
        return FALSE;
    }
  if (status < 0)
    return FALSE;
  return end_document (reader, error);
}

static gboolean
conll_read (GlsImport   *import,
            const char  *path,
            const char  *annotator,
            GHashTable  *options G_GNUC_UNUSED,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader reader = { 0 };
  gboolean ok;

  input = g_file_read (file, NULL, &local_error);
  if (input == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }

  reader.import = import;
  reader.path = path;
  reader.base = g_path_get_basename (path);
  if (annotator != NULL && *annotator)
    reader.annotator = g_strdup (annotator);
  else
    {
      const char *dot = strrchr (reader.base, '.');

      reader.annotator = dot != NULL && dot != reader.base
                         ? g_strndup (reader.base, (gsize)(dot - reader.base))
                         : g_strdup (reader.base);
    }
  reader.known_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.input = g_data_input_stream_new (G_INPUT_STREAM (input));
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (reader.input), 64 * 1024);
  reader.line = g_string_sized_new (256);
  reader.text = g_string_sized_new (64 * 1024);
  reader.spans = g_array_new (FALSE, FALSE, sizeof (PendingSpan));
  g_array_set_clear_func (reader.spans, pending_span_clear);
  reader.prev_prefix = 'O';

  ok = read_lines (&reader, error);
  if (ok && reader.n_documents == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no tokens in the file"), path);
      ok = FALSE;
    }

  g_free (reader.base);
  g_free (reader.annotator);
  g_free (reader.prev_type);
  g_hash_table_unref (reader.known_labels);
  g_object_unref (reader.input);
  g_string_free (reader.line, TRUE);
  g_string_free (reader.text, TRUE);
  g_array_unref (reader.spans);
  return ok;
}

const GlsFormat gls_format_conll = {
  .name = "conll",
  .title = "CoNLL-2003",
  .unit = GLS_OFFSET_TOKENS,
  .extension = ".conll",
  .probe = conll_probe,
  .read = conll_read,
  .begin = conll_begin,
  .write = conll_write,
  .end = conll_end,
};
