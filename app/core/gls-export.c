/* gls-export.c — the format registry, the loss report, and the export pipeline
 *
 * The pipeline picks documents (status, search), keeps one annotator's spans (or the Gold
 * layer's) or everyone's, maps or drops labels, splits documents into train/dev/test
 * reproducibly, and hands each document to the format's writer, one at a time, so memory
 * stays flat however large the project is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-export"

#include "config.h"

#include <errno.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-project-private.h"
#include "gls-review.h"

/* ------------------------------------------------------------------------------------------ */
/* Registry                                                                                     */

static const GlsFormat * const formats[] = {
  &gls_format_jsonl,
  &gls_format_conll,
  &gls_format_hf,
  &gls_format_brat,
  &gls_format_doccano,
  &gls_format_labelstudio,
  &gls_format_prodigy,
  &gls_format_webanno,
  &gls_format_xmi,
};

const GlsFormat * const *
gls_format_list (guint *n_formats)
{
  *n_formats = G_N_ELEMENTS (formats);
  return formats;
}

const GlsFormat *
gls_format_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i]->name, name) == 0)
      return formats[i];
  return NULL;
}

/* The format that claims @path most surely; folders are probed with an empty head. */
const GlsFormat *
gls_format_detect (const char  *path,
                   GError     **error)
{
  char head[4096];
  gsize head_length = 0;
  const GlsFormat *best = NULL;
  int best_score = 0;
  FILE *file;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      file = g_fopen (path, "rb");
      if (file == NULL)
        {
          int saved_errno = errno;
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      head_length = fread (head, 1, sizeof head, file);
      fclose (file);
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      int score;

      if (formats[i]->probe == NULL || formats[i]->read == NULL)
        continue;
      score = formats[i]->probe (path, head, head_length);
      if (score > best_score)
        {
          best = formats[i];
          best_score = score;
        }
    }
  if (best == NULL)
    g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                 _("%s: cannot tell the format of this file; name it with --format"), path);
  return best;
}

/* ------------------------------------------------------------------------------------------ */
/* Output files for writers                                                                     */

/**
 * gls_export_open_file:
 * @path: a file to write, or "-" for standard output
 *
 * Opens a buffered stream for a format writer. A file is written under a temporary name and
 * only replaces @path when gls_export_close_file() is called with @success: a failed or
 * cancelled export never leaves a half-written file, nor clobbers the previous one.
 */
GOutputStream *
gls_export_open_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GOutputStream) base = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_strcmp0 (path, "-") == 0)
    base = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      gboolean existed = g_file_query_exists (file, NULL);
      GOutputStream *stream;

      base = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                              &local_error));
      if (base == NULL)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
          return NULL;
        }
      stream = g_buffered_output_stream_new_sized (base, 256 * 1024);
      /* GIO writes a new file in place (only a replaced one goes through a temporary file):
       * remember to delete it if the export fails. */
      if (!existed)
        g_object_set_data_full (G_OBJECT (stream), "gls-new-file", g_strdup (path), g_free);
      return stream;
    }
  return g_buffered_output_stream_new_sized (base, 256 * 1024);
}

/* Closes what gls_export_open_file() opened: keeps the file on @success, else discards it. */
gboolean
gls_export_close_file (GOutputStream  *stream,
                       const char     *path,
                       gboolean        success,
                       GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));

  if (success)
    {
      if (g_output_stream_close (stream, NULL, &local_error))
        return TRUE;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  else
    {
      /* Closing a replace stream with a cancelled cancellable drops the temporary file. */
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      const char *new_file = g_object_get_data (G_OBJECT (stream), "gls-new-file");

      g_cancellable_cancel (cancelled);
      g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (stream), FALSE);
      g_output_stream_close (stream, NULL, NULL);
      g_output_stream_close (base, cancelled, NULL);
      if (new_file != NULL)
        g_unlink (new_file);
      return FALSE;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Loss report                                                                                  */

struct _GlsLossReport
{
  GPtrArray *lines;
};

GlsLossReport *
gls_loss_report_new (void)
{
  GlsLossReport *report = g_new0 (GlsLossReport, 1);

  report->lines = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
gls_loss_report_free (GlsLossReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->lines);
  g_free (report);
}

void
gls_loss_report_add (GlsLossReport           *report,
                     const GlsExportDocument *document,
                     const GlsExportSpan     *span,
                     const char              *format,
                     ...)
{
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;
  va_list args;

  g_return_if_fail (report != NULL);

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (span != NULL)
    where = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, span->fragments[0].start,
                             span->fragments[span->n_fragments - 1].end);
  g_ptr_array_add (report->lines,
                   g_strdup_printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s",
                                    document ? document->id : 0,
                                    document && document->title ? document->title : "",
                                    where ? where : "-", what));
}

guint
gls_loss_report_get_size (GlsLossReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->lines->len;
}

char *
gls_loss_report_to_text (GlsLossReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; i < report->lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (report->lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Building export documents                                                                    */

void
gls_export_options_init (GlsExportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->status = -1;
  options->ratios[0] = 80;
  options->ratios[1] = 10;
  options->ratios[2] = 10;
}

typedef struct
{
  GlsExportDocument doc;
  GArray *spans;            /* of GlsExportSpan */
  GArray *fragments;        /* of GlsFragment, for all spans */
  GArray *relations;        /* of GlsExportRelation */
  GStringChunk *strings;    /* every string the document points at */
  char *text;
} DocumentBuffer;

static void
document_buffer_clear (DocumentBuffer *buffer)
{
  for (guint i = 0; buffer->spans && i < buffer->spans->len; i++)
    g_clear_pointer (&g_array_index (buffer->spans, GlsExportSpan, i).attributes,
                     g_hash_table_unref);
  g_clear_pointer (&buffer->spans, g_array_unref);
  g_clear_pointer (&buffer->fragments, g_array_unref);
  g_clear_pointer (&buffer->relations, g_array_unref);
  g_clear_pointer (&buffer->strings, g_string_chunk_free);
  g_clear_pointer (&buffer->text, g_free);
  g_clear_pointer (&buffer->doc.offsets, gls_offset_map_free);
  g_clear_pointer (&buffer->doc.prepared, g_bytes_unref);
  memset (&buffer->doc, 0, sizeof buffer->doc);
}

static const char *
map_label (const GlsExportOptions *options,
           const char             *label)
{
  const char *mapped;

  if (options->label_map == NULL ||
      !(mapped = g_hash_table_lookup (options->label_map, label)))
    return label;
  return *mapped ? mapped : NULL;
}

static gboolean
load_document (GlsProject              *project,
               GlsDocument             *document,
               const GlsExportOptions  *options,
               sqlite3_stmt            *span_stmt,
               sqlite3_stmt            *relation_stmt,
               DocumentBuffer          *buffer,
               GError                 **error)
{
  g_autoptr(GHashTable) exported = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 id = gls_document_get_id (document);
  int rc;

  buffer->strings = g_string_chunk_new (4096);
  buffer->spans = g_array_new (FALSE, TRUE, sizeof (GlsExportSpan));
  buffer->fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  buffer->relations = g_array_new (FALSE, TRUE, sizeof (GlsExportRelation));
  if (!(buffer->text = gls_project_load_text (project, id, error)))
    return FALSE;

  buffer->doc.id = id;
  buffer->doc.title = g_string_chunk_insert (buffer->strings, gls_document_get_title (document));
  buffer->doc.source = gls_document_get_source (document)
                       ? g_string_chunk_insert (buffer->strings, gls_document_get_source (document))
                       : NULL;
  buffer->doc.status = gls_document_status_to_string (gls_document_get_status (document));
  buffer->doc.text = buffer->text;
  buffer->doc.text_bytes = strlen (buffer->text);
  buffer->doc.n_chars = gls_document_get_length (document);
  buffer->doc.offsets = gls_offset_map_new (buffer->text, (gssize)buffer->doc.text_bytes);

  sqlite3_reset (span_stmt);
  sqlite3_bind_int64 (span_stmt, 1, id);
  if (options->annotator != NULL)
    sqlite3_bind_text (span_stmt, 2, options->annotator, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (span_stmt, 2);
  while ((rc = sqlite3_step (span_stmt)) == SQLITE_ROW)
    {
      GlsLabel *schema_label = gls_project_lookup_label (project,
                                                         sqlite3_column_int64 (span_stmt, 1));
      const char *label = schema_label ? map_label (options, gls_label_get_name (schema_label))
                                       : NULL;
      const char *frag_text = (const char *)sqlite3_column_text (span_stmt, 5);
      const char *note = (const char *)sqlite3_column_text (span_stmt, 6);
      const char *kb_id = (const char *)sqlite3_column_text (span_stmt, 7);
      GlsExportSpan span = { 0 };

      if (label == NULL)
        continue;
      span.id = sqlite3_column_int64 (span_stmt, 0);
      span.label = g_string_chunk_insert_const (buffer->strings, label);
      span.annotator = _gls_project_get_annotator_name (project,
                                                        sqlite3_column_int64 (span_stmt, 2));
      /* Fragments live in one array per document; pointers are set once it stops growing. */
      span.fragments = GSIZE_TO_POINTER (buffer->fragments->len);
      if (frag_text != NULL && *frag_text)
        {
          guint before = buffer->fragments->len;

          if (!gls_fragments_parse (frag_text, buffer->fragments, error))
            return FALSE;
          span.n_fragments = buffer->fragments->len - before;
        }
      else
        {
          GlsFragment f = { sqlite3_column_int64 (span_stmt, 3), sqlite3_column_int64 (span_stmt, 4) };

          g_array_append_val (buffer->fragments, f);
          span.n_fragments = 1;
        }
      span.note = note ? g_string_chunk_insert (buffer->strings, note) : NULL;
      span.kb_id = kb_id ? g_string_chunk_insert (buffer->strings, kb_id) : NULL;
      span.attributes = _gls_parse_attributes ((const char *)sqlite3_column_text (span_stmt, 8));
      g_array_append_val (buffer->spans, span);
    }
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;

  /* The arrays may have moved while growing: point into them only now. */
  g_hash_table_remove_all (exported);
  for (guint i = 0; i < buffer->spans->len; i++)
    {
      GlsExportSpan *span = &g_array_index (buffer->spans, GlsExportSpan, i);

      span->fragments = &g_array_index (buffer->fragments, GlsFragment,
                                        GPOINTER_TO_SIZE (span->fragments));
      g_hash_table_add (exported, &span->id);
    }

  sqlite3_reset (relation_stmt);
  sqlite3_bind_int64 (relation_stmt, 1, id);
  while ((rc = sqlite3_step (relation_stmt)) == SQLITE_ROW)
    {
      GlsExportRelation relation;

      relation.source = sqlite3_column_int64 (relation_stmt, 2);
      relation.target = sqlite3_column_int64 (relation_stmt, 3);
      /* Relations go where both their spans go. */
      if (!g_hash_table_contains (exported, &relation.source) ||
          !g_hash_table_contains (exported, &relation.target))
        continue;
      relation.id = sqlite3_column_int64 (relation_stmt, 0);
      relation.type = g_string_chunk_insert_const (buffer->strings,
                                                   (const char *)sqlite3_column_text (relation_stmt, 1));
      relation.annotator = _gls_project_get_annotator_name (project,
                                                            sqlite3_column_int64 (relation_stmt, 4));
      g_array_append_val (buffer->relations, relation);
    }
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;

  buffer->doc.spans = (GlsExportSpan *)(gpointer)buffer->spans->data;
  buffer->doc.n_spans = buffer->spans->len;
  buffer->doc.relations = (GlsExportRelation *)(gpointer)buffer->relations->data;
  buffer->doc.n_relations = buffer->relations->len;
  return TRUE;
}

static gboolean
document_matches (GlsProject              *project,
                  GlsDocument             *document,
                  const GlsExportOptions  *options)
{
  if (options->status >= 0 && (int)gls_document_get_status (document) != options->status)
    return FALSE;
  if (options->search != NULL && *options->search)
    {
      g_autofree char *needle = g_utf8_casefold (options->search, -1);
      g_autofree char *title = g_utf8_casefold (gls_document_get_title (document), -1);
      g_autofree char *text = NULL;
      g_autofree char *folded = NULL;

      if (strstr (title, needle) != NULL)
        return TRUE;
      text = gls_project_load_text (project, gls_document_get_id (document), NULL);
      folded = text ? g_utf8_casefold (text, -1) : NULL;
      return folded != NULL && strstr (folded, needle) != NULL;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* The pipeline                                                                                 */

static const char * const split_names[] = { "train", "dev", "test" };

#define READ_AHEAD 16

typedef struct
{
  GlsProject *project;
  const GlsFormat *format;
  const GlsExportOptions *options;
  GPtrArray *chosen;
  const guint8 *assignment;   /* split of each chosen document */
  sqlite3_stmt *span_stmt;
  sqlite3_stmt *relation_stmt;
  GCancellable *cancellable;
  GAsyncQueue *loaded;        /* DocumentBuffer *, in order; &failed after an error */
  GAsyncQueue *tokens;        /* one per free place in the read-ahead window */
  DocumentBuffer failed;      /* its address is the end marker */
  GError *read_error;
  GError *write_error;
  int stop;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;

  for (guint i = 0; i < reader->chosen->len; i++)
    {
      DocumentBuffer *buffer;

      g_async_queue_pop (reader->tokens);
      if (g_atomic_int_get (&reader->stop))
        return NULL;
      if (g_cancellable_set_error_if_cancelled (reader->cancellable, &reader->read_error))
        {
          g_async_queue_push (reader->loaded, &reader->failed);
          return NULL;
        }
      buffer = g_new0 (DocumentBuffer, 1);
      if (!load_document (reader->project, g_ptr_array_index (reader->chosen, i), reader->options,
                          reader->span_stmt, reader->relation_stmt, buffer, &reader->read_error))
        {
          document_buffer_clear (buffer);
          g_free (buffer);
          g_async_queue_push (reader->loaded, &reader->failed);
          return NULL;
        }
      buffer->doc.split = reader->options->split ? split_names[reader->assignment[i]] : NULL;
      /* Every other document is also formatted here, so both cores share that work. */
      if (reader->format->prepare != NULL && i % 2 == 0)
        buffer->doc.prepared = reader->format->prepare (&buffer->doc);
      g_async_queue_push (reader->loaded, buffer);
    }
  return NULL;
}

typedef struct
{
  const GlsFormat *format;
  gpointer writer;
} Output;

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * gls_export_run:
 * @path: the file or folder to write; with a split, a folder that receives train, dev and
 *   test parts (train.EXT … for file formats, train/ … for folder formats)
 *
 * Exports the chosen documents. Documents are assigned to splits by shuffling their ids with
 * a generator seeded by @options->seed, so the same seed and documents give the same split.
 */
gboolean
gls_export_run (GlsProject              *project,
                const GlsFormat         *format,
                const char              *path,
                const GlsExportOptions  *options,
                GHashTable              *format_options,
                GlsLossReport           *report,
                GlsExportProgress        progress,
                gpointer                 progress_data,
                GCancellable            *cancellable,
                GError                 **error)
{
  g_autoptr(sqlite3_stmt) span_stmt = NULL;
  g_autoptr(sqlite3_stmt) relation_stmt = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree guint8 *assignment = NULL;
  GlsExportOptions defaults, gold_options;
  Output outputs[3] = { { 0 } };
  guint n_outputs = 1;
  GListModel *documents;
  gboolean ok = FALSE;

  g_return_val_if_fail (GLS_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (format != NULL && format->begin != NULL, FALSE);

  if (options == NULL)
    {
      gls_export_options_init (&defaults);
      options = &defaults;
    }
  /* The Gold layer is the spans of the reserved annotator (see gls-review.h). */
  if (options->gold)
    {
      if (options->annotator != NULL && !gls_annotator_is_gold (options->annotator))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                       _("the Gold layer and the spans of “%s” cannot be exported at once"),
                       options->annotator);
          return FALSE;
        }
      gold_options = *options;
      gold_options.annotator = GLS_GOLD_ANNOTATOR;
      options = &gold_options;
    }

  documents = gls_project_get_documents (project);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      if (document_matches (project, doc, options))
        g_ptr_array_add (chosen, g_steal_pointer (&doc));
    }

  assignment = g_new0 (guint8, MAX (chosen->len, 1));
  if (options->split)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed_array ((const guint32 *)&options->seed, 2);
      g_autofree guint *order = g_new (guint, MAX (chosen->len, 1));
      guint total = options->ratios[0] + options->ratios[1] + options->ratios[2];
      guint n_train, n_dev;

      if (total == 0)
        {
          g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                               _("the split ratios add up to nothing"));
          return FALSE;
        }
      for (guint i = 0; i < chosen->len; i++)
        order[i] = i;
      for (guint i = chosen->len; i > 1; i--)
        {
          guint j = (guint)g_rand_int_range (rand, 0, (gint32)i);
          guint tmp = order[i - 1];
          order[i - 1] = order[j];
          order[j] = tmp;
        }
      n_train = (guint)((guint64)chosen->len * options->ratios[0] / total);
      n_dev = (guint)((guint64)chosen->len * options->ratios[1] / total);
      for (guint k = 0; k < chosen->len; k++)
        assignment[order[k]] = k < n_train ? 0 : k < n_train + n_dev ? 1 : 2;
      n_outputs = 3;
      if (!make_parent (path, error))
        return FALSE;
    }

  for (guint s = 0; s < n_outputs; s++)
    {
      g_autofree char *target = NULL;

      if (options->split)
        {
          g_autofree char *name = g_strconcat (split_names[s], format->extension, NULL);
          target = g_build_filename (path, name, NULL);
        }
      else
        target = g_strdup (path);
      outputs[s].format = format;
      outputs[s].writer = format->begin (target, project, format_options, report, error);
      if (outputs[s].writer == NULL)
        goto out;
    }

  span_stmt = _gls_project_prepare (project,
                                    "SELECT id, label, annotator, start, end, fragments, note, "
                                    "kb_id, attributes FROM spans WHERE document = ?1 AND "
                                    "(?2 IS NULL OR annotator = (SELECT id FROM annotators "
                                    "WHERE name = ?2)) ORDER BY start, end DESC, id", error);
  relation_stmt = _gls_project_prepare (project,
                                        "SELECT r.id, r.type, r.source, r.target, r.annotator "
                                        "FROM relations r JOIN spans s ON s.id = r.source "
                                        "WHERE s.document = ?1 ORDER BY r.id", error);
  if (span_stmt == NULL || relation_stmt == NULL)
    goto out;

  /* A reader thread loads documents from the database (and formats every other one, when the
   * format can do that apart) while this one formats and writes the rest. At most
   * READ_AHEAD documents wait in between, so memory stays flat. Only the reader touches the
   * database until it is joined. */
  {
    Reader reader = { 0 };
    GThread *thread;

    reader.project = project;
    reader.format = format;
    reader.options = options;
    reader.chosen = chosen;
    reader.assignment = assignment;
    reader.span_stmt = span_stmt;
    reader.relation_stmt = relation_stmt;
    reader.loaded = g_async_queue_new ();
    reader.tokens = g_async_queue_new ();
    reader.cancellable = cancellable;
    for (guint k = 0; k < READ_AHEAD; k++)
      g_async_queue_push (reader.tokens, GUINT_TO_POINTER (1));
    thread = g_thread_new ("gls-export-reader", reader_thread, &reader);

    for (guint i = 0; i < chosen->len; i++)
      {
        DocumentBuffer *buffer = g_async_queue_pop (reader.loaded);
        guint s = options->split ? assignment[i] : 0;
        gboolean written;

        if (buffer == &reader.failed)
          break;
        written = g_cancellable_set_error_if_cancelled (cancellable, &reader.write_error) ? FALSE
                  : format->write (outputs[s].writer, &buffer->doc, &reader.write_error);
        document_buffer_clear (buffer);
        g_free (buffer);
        g_async_queue_push (reader.tokens, GUINT_TO_POINTER (1));
        if (!written)
          {
            g_atomic_int_set (&reader.stop, 1);
            break;
          }
        if (progress != NULL)
          progress (i + 1, chosen->len, progress_data);
      }

    g_atomic_int_set (&reader.stop, 1);
    g_async_queue_push (reader.tokens, GUINT_TO_POINTER (1));
    g_thread_join (thread);
    /* Whatever the reader loaded that nobody wrote. */
    for (gpointer item; (item = g_async_queue_try_pop (reader.loaded)) != NULL;)
      if (item != &reader.failed)
        {
          document_buffer_clear (item);
          g_free (item);
        }
    g_async_queue_unref (reader.loaded);
    g_async_queue_unref (reader.tokens);

    if (reader.write_error != NULL || reader.read_error != NULL)
      {
        g_propagate_error (error, reader.write_error ? g_steal_pointer (&reader.write_error)
                                                     : g_steal_pointer (&reader.read_error));
        g_clear_error (&reader.read_error);
        goto out;
      }
  }
  ok = TRUE;

out:
  for (guint s = 0; s < n_outputs; s++)
    if (outputs[s].writer != NULL)
      {
        g_autoptr(GError) end_error = NULL;

        if (!format->end (outputs[s].writer, ok, ok ? &end_error : NULL) && ok)
          {
            g_propagate_error (error, g_steal_pointer (&end_error));
            ok = FALSE;
          }
      }
  return ok;
}

gboolean
gls_import_run (GlsProject       *project,
                const GlsFormat  *format,
                const char       *path,
                const char       *annotator,
                GHashTable       *format_options,
                GError          **error)
{
  g_autoptr(GlsImport) import = NULL;

  if (format == NULL && !(format = gls_format_detect (path, error)))
    return FALSE;
  if (format->read == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: Glossator can write %s but not read it"), path, format->title);
      return FALSE;
    }
  if (!(import = gls_import_begin (project, "import", error)) ||
      !format->read (import, path, annotator, format_options, error))
    return FALSE;
  return gls_import_commit (import, error);
}
