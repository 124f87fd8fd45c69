/* gls-format-hf.c — Hugging Face token classification (export only)
 *
 * JSON Lines, one object per sentence, as the `datasets` library loads them:
 *
 *   {"id":"12-0","tokens":["EU","rejects","German","call"],"ner_tags":["B-ORG","O","B-MISC","O"]}
 *
 * "id" is the document's id and the sentence's index in it (from 0); tags are IOB2 strings.
 * Tokens, sentences and which spans are written follow the same rules as CoNLL
 * (gls-tagging.c): outermost of nested spans, first of overlapping ones, no discontinuous
 * span; everything else goes to the loss report. A document without tokens writes nothing.
 *
 * Beside the output, "NAME.labels.json" (NAME being the output's name without its
 * extension: train.jsonl → train.labels.json) lists every tag for a ClassLabel feature:
 * "O", then B- and I- for each label of the project's schema in schema order, then for any
 * other label the export wrote (one renamed by a label map), in order of first use. Written
 * to standard output ("-"), the export has no label file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-hf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-tagging.h"

typedef struct
{
  char *path;
  char *labels_path;          /* NULL when writing to standard output */
  GOutputStream *out;
  GlsLossReport *report;
  GPtrArray *labels;          /* label names, in the order of the label file */
  GHashTable *known;          /* the same names, as a set */
  JsonGenerator *generator;
  GString *buffer;
  gboolean existed;           /* files were there before: a failed export keeps them */
  gboolean labels_existed;
} HfWriter;

static void
hf_writer_free (HfWriter *writer)
{
  g_clear_object (&writer->out);
  g_clear_object (&writer->generator);
  g_ptr_array_unref (writer->labels);
  g_hash_table_unref (writer->known);
  g_string_free (writer->buffer, TRUE);
  g_free (writer->labels_path);
  g_free (writer->path);
  g_free (writer);
}

static void
add_label (HfWriter   *writer,
           const char *name)
{
  if (g_hash_table_contains (writer->known, name))
    return;
  g_ptr_array_add (writer->labels, g_strdup (name));
  g_hash_table_add (writer->known, g_ptr_array_index (writer->labels, writer->labels->len - 1));
}

/* "out/train.jsonl" → "out/train.labels.json" */
static char *
labels_path_for (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = NULL;
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, ".labels.json", NULL);
  return g_build_filename (dir, name, NULL);
}

static gpointer
hf_begin (const char     *path,
          GlsProject     *project,
          GHashTable     *options G_GNUC_UNUSED,
          GlsLossReport  *report,
          GError        **error)
{
  gboolean existed = g_strcmp0 (path, "-") == 0 || g_file_test (path, G_FILE_TEST_EXISTS);
  HfWriter *writer;
  GOutputStream *out;

  if (!(out = gls_export_open_file (path, error)))
    return NULL;

  writer = g_new0 (HfWriter, 1);
  writer->path = g_strdup (path);
  writer->existed = existed;
  writer->labels_path = g_strcmp0 (path, "-") != 0 ? labels_path_for (path) : NULL;
  writer->labels_existed = writer->labels_path != NULL &&
                           g_file_test (writer->labels_path, G_FILE_TEST_EXISTS);
  writer->out = out;
  writer->report = report;
  writer->labels = g_ptr_array_new_with_free_func (g_free);
  writer->known = g_hash_table_new (g_str_hash, g_str_equal);
  writer->generator = json_generator_new ();
  writer->buffer = g_string_sized_new (64 * 1024);

  if (project != NULL)
    {
      GListModel *labels = gls_project_get_labels (project);

      for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
        {
          g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
          add_label (writer, gls_label_get_name (label));
        }
    }
  return writer;
}

static gboolean
hf_write (gpointer                  data,
          const GlsExportDocument  *document,
          GError                  **error)
{
  HfWriter *writer = data;
  g_autoptr(GlsTagging) tagging = gls_tagging_new (document, GLS_TAG_SCHEME_IOB2, writer->report,
                                                   "Hugging Face token classification");
  g_autoptr(GString) tag = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  guint n_tokens = gls_tagging_get_n_tokens (tagging);
  guint first = 0;

  g_string_truncate (writer->buffer, 0);
  while (first < n_tokens)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *id = NULL;
      guint sentence = gls_tagging_get_sentence (tagging, first);
      guint end;

      for (end = first; end < n_tokens && gls_tagging_get_sentence (tagging, end) == sentence; end++)
        ;

      id = g_strdup_printf ("%" G_GINT64_FORMAT "-%u", document->id, sentence);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "tokens");
      json_builder_begin_array (builder);
      for (guint i = first; i < end; i++)
        {
          gsize length;
          const char *token = gls_tagging_get_token (tagging, i, &length);
          g_autofree char *copy = g_strndup (token, length);

          json_builder_add_string_value (builder, copy);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "ner_tags");
      json_builder_begin_array (builder);
      for (guint i = first; i < end; i++)
        {
          g_string_truncate (tag, 0);
          gls_tagging_append_tag (tagging, i, tag);
          json_builder_add_string_value (builder, tag->str);
          if (tagging->labels[i] != NULL)
            add_label (writer, tagging->labels[i]);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (writer->generator, root);
      {
        gsize length;
        g_autofree char *line = json_generator_to_data (writer->generator, &length);

        g_string_append_len (writer->buffer, line, (gssize)length);
        g_string_append_c (writer->buffer, '\n');
      }
      first = end;
    }

  if (writer->buffer->len > 0 &&
      !g_output_stream_write_all (writer->out, writer->buffer->str, writer->buffer->len, NULL,
                                  NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
labels_to_json (HfWriter *writer,
                gsize    *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *text;

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "O");
  for (guint i = 0; i < writer->labels->len; i++)
    {
      g_autofree char *b = g_strconcat ("B-", g_ptr_array_index (writer->labels, i), NULL);
      g_autofree char *in = g_strconcat ("I-", g_ptr_array_index (writer->labels, i), NULL);

      json_builder_add_string_value (builder, b);
      json_builder_add_string_value (builder, in);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = g_string_new (NULL);
  json_generator_to_gstring (generator, text);
  g_string_append_c (text, '\n');
  *length = text->len;
  return g_string_free (text, FALSE);
}

/* Writes the label file, kept only if the export as a whole succeeds. */
static gboolean
hf_end (gpointer   data,
        gboolean   success,
        GError   **error)
{
  HfWriter *writer = data;
  g_autoptr(GOutputStream) labels_out = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (success && writer->labels_path != NULL)
    {
      gsize length;
      g_autofree char *json = labels_to_json (writer, &length);

      labels_out = gls_export_open_file (writer->labels_path, &local_error);
      if (labels_out != NULL &&
          !g_output_stream_write_all (labels_out, json, length, NULL, NULL, &local_error))
        {
          g_autoptr(GError) io_error = g_steal_pointer (&local_error);

          g_set_error (&local_error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->labels_path,
                       io_error->message);
        }
      if (local_error != NULL)
        success = FALSE;
    }

  ok = gls_export_close_file (writer->out, writer->path, success,
                              local_error == NULL ? error : NULL);
  if (labels_out != NULL)
    {
      if (!gls_export_close_file (labels_out, writer->labels_path, ok,
                                  ok && local_error == NULL ? &local_error : NULL))
        ok = FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }

  /* GIO writes a new file in place (only an existing one is replaced through a temporary
   * file), so a failed export would leave its first part behind. */
  if (!ok)
    {
      if (!writer->existed)
        g_unlink (writer->path);
      if (labels_out != NULL && !writer->labels_existed)
        g_unlink (writer->labels_path);
    }
  hf_writer_free (writer);
  return ok;
}

static int
hf_probe (const char *path G_GNUC_UNUSED,
          const char *head G_GNUC_UNUSED,
          gsize       head_length G_GNUC_UNUSED)
{
  return 0;
}

const GlsFormat gls_format_hf = {
  .name = "hf",
  .title = "Hugging Face token classification",
  .unit = GLS_OFFSET_TOKENS,
  .extension = ".jsonl",
  .probe = hf_probe,
  .read = NULL,
  .begin = hf_begin,
  .write = hf_write,
  .end = hf_end,
};
