/* gls-jsonl.c — Glossator JSONL, read and written with json-glib
 *
 * One line per document:
 *   {"id": 3, "title": "…", "source": "a.txt", "status": "done", "imported": "2026-…Z",
 *    "text": "…",
 *    "spans": [{"id": 7, "start": 0, "end": 5, "fragments": [[0, 5]], "text": "…",
 *               "label": "PERSON", "annotator": "anna", "note": "…", "kb_id": "Q7747",
 *               "attributes": {"k": "v"}}],
 *    "relations": [{"type": "met-with", "from": 7, "to": 9, "annotator": "anna"}]}
 * "fragments" is written only for discontinuous spans; "text" is the covered text (fragments
 * joined by a space) and, when present on import, must match the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-jsonl"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-jsonl.h"
#include "gls-lines.h"
#include "gls-project-private.h"

/* Longest line accepted: far above any real article, far below what would exhaust memory. */
#define MAX_LINE_BYTES (256 * 1024 * 1024)

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

/* Objects are built with JsonObject and JsonArray directly: JsonBuilder's state machine costs
 * more than the objects themselves on a large export. */
static JsonObject *
span_to_object (const GlsExportDocument *doc,
                const GlsExportSpan     *span)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GString) covered = g_string_new (NULL);

  for (guint i = 0; i < span->n_fragments; i++)
    {
      gsize a = 0, b = 0;

      gls_offset_map_char_to_byte (doc->offsets, span->fragments[i].start, &a, NULL);
      gls_offset_map_char_to_byte (doc->offsets, span->fragments[i].end, &b, NULL);
      if (i > 0)
        g_string_append_c (covered, ' ');
      g_string_append_len (covered, doc->text + a, (gssize)(b - a));
    }

  json_object_set_int_member (object, "id", span->id);
  json_object_set_int_member (object, "start", span->fragments[0].start);
  json_object_set_int_member (object, "end", span->fragments[span->n_fragments - 1].end);
  if (span->n_fragments > 1)
    {
      JsonArray *fragments = json_array_sized_new (span->n_fragments);

      for (guint i = 0; i < span->n_fragments; i++)
        {
          JsonArray *pair = json_array_sized_new (2);

          json_array_add_int_element (pair, span->fragments[i].start);
          json_array_add_int_element (pair, span->fragments[i].end);
          json_array_add_array_element (fragments, pair);
        }
      json_object_set_array_member (object, "fragments", fragments);
    }
  json_object_set_string_member (object, "text", covered->str);
  json_object_set_string_member (object, "label", span->label);
  json_object_set_string_member (object, "annotator", span->annotator);
  if (span->note)
    json_object_set_string_member (object, "note", span->note);
  if (span->kb_id)
    json_object_set_string_member (object, "kb_id", span->kb_id);
  if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (span->attributes),
                                           (GCompareFunc)g_strcmp0);
      JsonObject *attributes = json_object_new ();

      for (const GList *l = keys; l; l = l->next)
        json_object_set_string_member (attributes, l->data,
                                       g_hash_table_lookup (span->attributes, l->data));
      json_object_set_object_member (object, "attributes", attributes);
    }
  return object;
}

static char *
document_to_json (const GlsExportDocument *doc,
                  gsize                   *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_alloc ();
  JsonObject *object = json_object_new ();
  JsonArray *spans = json_array_sized_new (doc->n_spans);
  JsonArray *relations = json_array_sized_new (doc->n_relations);

  json_object_set_int_member (object, "id", doc->id);
  json_object_set_string_member (object, "title", doc->title);
  if (doc->source)
    json_object_set_string_member (object, "source", doc->source);
  else
    json_object_set_null_member (object, "source");
  json_object_set_string_member (object, "status", doc->status);
  if (doc->split)
    json_object_set_string_member (object, "split", doc->split);
  json_object_set_string_member (object, "text", doc->text);

  for (guint i = 0; i < doc->n_spans; i++)
    json_array_add_object_element (spans, span_to_object (doc, &doc->spans[i]));
  json_object_set_array_member (object, "spans", spans);

  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *r = &doc->relations[i];
      JsonObject *relation = json_object_new ();

      json_object_set_string_member (relation, "type", r->type);
      json_object_set_int_member (relation, "from", r->source);
      json_object_set_int_member (relation, "to", r->target);
      json_object_set_string_member (relation, "annotator", r->annotator);
      json_array_add_object_element (relations, relation);
    }
  json_object_set_array_member (object, "relations", relations);

  json_node_init_object (root, object);
  json_object_unref (object);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* The line of a document, with its newline. Safe to call from any thread. */
static GBytes *
jsonl_prepare (const GlsExportDocument *doc)
{
  gsize length;
  char *json = document_to_json (doc, &length);

  json = g_realloc (json, length + 1);
  json[length] = '\n';
  return g_bytes_new_take (json, length + 1);
}

typedef struct
{
  char *path;
  GOutputStream *out;
} JsonlWriter;

static gpointer
jsonl_begin (const char     *path,
             GlsProject     *project,
             GHashTable     *options,
             GlsLossReport  *report,
             GError        **error)
{
  JsonlWriter *writer;
  GOutputStream *out = gls_export_open_file (path, error);

  if (out == NULL)
    return NULL;
  writer = g_new0 (JsonlWriter, 1);
  writer->path = g_strdup (path);
  writer->out = out;
  return writer;
}

static gboolean
jsonl_write (gpointer                  data,
             const GlsExportDocument  *doc,
             GError                  **error)
{
  JsonlWriter *writer = data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) line = doc->prepared ? g_bytes_ref (doc->prepared) : jsonl_prepare (doc);
  gsize length;
  gconstpointer bytes = g_bytes_get_data (line, &length);

  if (!g_output_stream_write_all (writer->out, bytes, length, NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
jsonl_end (gpointer   data,
           gboolean   success,
           GError   **error)
{
  JsonlWriter *writer = data;
  gboolean ok = gls_export_close_file (writer->out, writer->path, success, error);

  g_object_unref (writer->out);
  g_free (writer->path);
  g_free (writer);
  return ok;
}

static int
jsonl_probe (const char *path,
             const char *head,
             gsize       head_length)
{
  gsize i = 0;

  if (g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path, ".ndjson"))
    {
      /* Other tools write .jsonl too; ours has "text" and "spans" with "label" names. */
      g_autofree char *h = g_strndup (head, head_length);
      return strstr (h, "\"spans\"") && strstr (h, "\"annotator\"") ? 90 : 40;
    }
  while (i < head_length && g_ascii_isspace (head[i]))
    i++;
  return i < head_length && head[i] == '{' ? 10 : 0;
}

static gboolean
jsonl_read (GlsImport   *import,
            const char  *path,
            const char  *annotator,
            GHashTable  *options,
            GError     **error)
{
  return gls_jsonl_import_file (import, path, annotator, annotator != NULL, error);
}

const GlsFormat gls_format_jsonl = {
  .name = "jsonl",
  .title = "Glossator JSONL",
  .unit = GLS_OFFSET_CODE_POINTS,
  .extension = ".jsonl",
  .probe = jsonl_probe,
  .read = jsonl_read,
  .begin = jsonl_begin,
  .write = jsonl_write,
  .end = jsonl_end,
  .prepare = jsonl_prepare,
};

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */

typedef struct
{
  GlsImport *import;
  const char *name;
  guint line;
  const char *default_annotator;
  gboolean force_annotator;
} ReadContext;

G_GNUC_PRINTF (3, 4)
static void
set_line_error (GError           **error,
                const ReadContext *ctx,
                const char        *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, "%s:%u: %s", ctx->name, ctx->line, message);
}

static gboolean
get_int_member (JsonObject *object,
                const char *member,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
read_fragments (JsonObject         *span,
                GArray             *fragments,
                const ReadContext  *ctx,
                guint               index,
                GError            **error)
{
  JsonNode *node = json_object_get_member (span, "fragments");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *pair = json_array_get_element (array, i);
          JsonArray *pa = JSON_NODE_HOLDS_ARRAY (pair) ? json_node_get_array (pair) : NULL;
          GlsFragment f;

          if (pa == NULL || json_array_get_length (pa) != 2 ||
              json_node_get_value_type (json_array_get_element (pa, 0)) != G_TYPE_INT64 ||
              json_node_get_value_type (json_array_get_element (pa, 1)) != G_TYPE_INT64)
            {
              set_line_error (error, ctx, _("span %u: each fragment must be [start, end]"),
                              index + 1);
              return FALSE;
            }
          f.start = json_array_get_int_element (pa, 0);
          f.end = json_array_get_int_element (pa, 1);
          g_array_append_val (fragments, f);
        }
      if (fragments->len > 0)
        return TRUE;
    }
  else
    {
      GlsFragment f;

      if (get_int_member (span, "start", &f.start) && get_int_member (span, "end", &f.end))
        {
          g_array_append_val (fragments, f);
          return TRUE;
        }
    }

  set_line_error (error, ctx, _("span %u has no integer “start” and “end” (or “fragments”)"),
                  index + 1);
  return FALSE;
}

static GHashTable *
read_attributes (JsonObject *span)
{
  JsonNode *node = json_object_get_member (span, "attributes");
  GHashTable *attributes;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value))
        continue;
      if (json_node_get_value_type (value) == G_TYPE_STRING)
        g_hash_table_insert (attributes, g_strdup (member), g_strdup (json_node_get_string (value)));
      else
        {
          g_autofree char *s = json_to_string (value, FALSE);
          g_hash_table_insert (attributes, g_strdup (member), g_steal_pointer (&s));
        }
    }
  return attributes;
}

static gboolean
check_covered_text (JsonObject         *span,
                    const char         *text,
                    GArray             *fragments,
                    gint64              n_chars,
                    const ReadContext  *ctx,
                    guint               index,
                    GError            **error)
{
  const char *expected = get_string_member (span, "text");
  GString *covered;
  gboolean ok;

  if (expected == NULL)
    return TRUE;

  covered = g_string_new (NULL);
  for (guint i = 0; i < fragments->len; i++)
    {
      const GlsFragment *f = &g_array_index (fragments, GlsFragment, i);
      const char *a, *b;

      if (f->start < 0 || f->end > n_chars || f->end <= f->start)
        {
          g_string_free (covered, TRUE);
          set_line_error (error, ctx,
                          _("span %u: offsets %" PRId64 "–%" PRId64
                            " are outside the text (%" PRId64 " characters)"),
                          index + 1, f->start, f->end, n_chars);
          return FALSE;
        }
      a = g_utf8_offset_to_pointer (text, f->start);
      b = g_utf8_offset_to_pointer (a, f->end - f->start);
      if (i > 0)
        g_string_append_c (covered, ' ');
      g_string_append_len (covered, a, b - a);
    }
  ok = strcmp (covered->str, expected) == 0;
  if (!ok)
    set_line_error (error, ctx,
                    _("span %u: its “text” is “%s” but the document has “%s” at "
                      "%" PRId64 "–%" PRId64),
                    index + 1, expected, covered->str,
                    g_array_index (fragments, GlsFragment, 0).start,
                    g_array_index (fragments, GlsFragment, fragments->len - 1).end);
  g_string_free (covered, TRUE);
  return ok;
}

static gboolean
import_object (ReadContext  *ctx,
               JsonObject   *object,
               GError      **error)
{
  GlsImport *import = ctx->import;
  g_autoptr(GHashTable) span_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  const char *text = get_string_member (object, "text");
  const char *title = get_string_member (object, "title");
  const char *source = get_string_member (object, "source");
  const char *status_name = get_string_member (object, "status");
  GlsDocumentStatus status = GLS_DOCUMENT_NEW;
  JsonNode *spans_node, *relations_node;
  gint64 document_id, n_chars;
  const char *bad;

  if (text == NULL)
    {
      set_line_error (error, ctx, _("the object has no string member “text”"));
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, &bad))
    {
      set_line_error (error, ctx, _("the text is not valid UTF-8"));
      return FALSE;
    }
  if (status_name != NULL && !gls_document_status_from_string (status_name, &status))
    {
      set_line_error (error, ctx, _("unknown status “%s” (new, in-progress, done, reviewed)"),
                      status_name);
      return FALSE;
    }

  document_id = gls_import_find_document (import, text, -1);
  if (document_id == 0)
    {
      g_autoptr(GError) local_error = NULL;

      document_id = gls_import_add_document (import, title, text, -1, source, &local_error);
      if (document_id == 0)
        {
          set_line_error (error, ctx, "%s", local_error->message);
          return FALSE;
        }
      if (status != GLS_DOCUMENT_NEW)
        {
          g_autoptr(sqlite3_stmt) stmt = NULL;
          GlsProject *project = gls_import_get_project (import);

          stmt = _gls_project_prepare (project, "UPDATE documents SET status = ?2 WHERE id = ?1",
                                       error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, document_id);
          sqlite3_bind_int (stmt, 2, status);
          if (!_gls_project_check_sql (project, sqlite3_step (stmt), error))
            return FALSE;
        }
    }
  n_chars = g_utf8_strlen (text, -1);

  spans_node = json_object_get_member (object, "spans");
  if (spans_node != NULL && !JSON_NODE_HOLDS_NULL (spans_node))
    {
      JsonArray *spans;

      if (!JSON_NODE_HOLDS_ARRAY (spans_node))
        {
          set_line_error (error, ctx, _("“spans” must be an array"));
          return FALSE;
        }
      spans = json_node_get_array (spans_node);
      for (guint i = 0; i < json_array_get_length (spans); i++)
        {
          JsonNode *node = json_array_get_element (spans, i);
          JsonObject *span;
          g_autoptr(GArray) fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
          g_autoptr(GHashTable) attributes = NULL;
          g_autoptr(GError) local_error = NULL;
          const char *label, *annotator;
          gint64 file_id, new_id;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              set_line_error (error, ctx, _("span %u is not an object"), i + 1);
              return FALSE;
            }
          span = json_node_get_object (node);
          if (!read_fragments (span, fragments, ctx, i, error) ||
              !check_covered_text (span, text, fragments, n_chars, ctx, i, error))
            return FALSE;

          label = get_string_member (span, "label");
          annotator = ctx->force_annotator ? ctx->default_annotator
                                           : get_string_member (span, "annotator");
          if (annotator == NULL)
            annotator = ctx->default_annotator;
          if (label == NULL)
            {
              set_line_error (error, ctx, _("span %u has no “label”"), i + 1);
              return FALSE;
            }
          if (annotator == NULL)
            {
              set_line_error (error, ctx, _("span %u names no “annotator” (give one with "
                                            "--annotator)"), i + 1);
              return FALSE;
            }
          attributes = read_attributes (span);

          new_id = gls_import_add_span (import, document_id,
                                        (const GlsFragment *)(gpointer)fragments->data,
                                        fragments->len, label, annotator,
                                        get_string_member (span, "note"),
                                        get_string_member (span, "kb_id"),
                                        attributes, &local_error);
          if (new_id == 0)
            {
              set_line_error (error, ctx, _("span %u: %s"), i + 1, local_error->message);
              if (g_error_matches (local_error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL))
                (*error)->code = GLS_ERROR_UNKNOWN_LABEL;
              return FALSE;
            }
          if (get_int_member (span, "id", &file_id))
            g_hash_table_insert (span_ids, g_memdup2 (&file_id, sizeof file_id),
                                 g_memdup2 (&new_id, sizeof new_id));
        }
    }

  relations_node = json_object_get_member (object, "relations");
  if (relations_node != NULL && JSON_NODE_HOLDS_ARRAY (relations_node))
    {
      JsonArray *relations = json_node_get_array (relations_node);

      for (guint i = 0; i < json_array_get_length (relations); i++)
        {
          JsonNode *node = json_array_get_element (relations, i);
          JsonObject *relation = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          g_autoptr(GError) local_error = NULL;
          gint64 from, to, *from_id, *to_id;
          const char *annotator;

          if (relation == NULL || !get_int_member (relation, "from", &from) ||
              !get_int_member (relation, "to", &to))
            {
              set_line_error (error, ctx, _("relation %u needs integer “from” and “to” span ids"),
                              i + 1);
              return FALSE;
            }
          from_id = g_hash_table_lookup (span_ids, &from);
          to_id = g_hash_table_lookup (span_ids, &to);
          if (from_id == NULL || to_id == NULL)
            {
              set_line_error (error, ctx, _("relation %u refers to span %" PRId64
                                            ", which this line does not define"),
                              i + 1, from_id == NULL ? from : to);
              return FALSE;
            }
          annotator = ctx->force_annotator ? ctx->default_annotator
                                           : get_string_member (relation, "annotator");
          if (annotator == NULL)
            annotator = ctx->default_annotator;
          if (annotator == NULL)
            {
              set_line_error (error, ctx, _("relation %u names no “annotator”"), i + 1);
              return FALSE;
            }
          if (!gls_import_add_relation (import, get_string_member (relation, "type"),
                                        *from_id, *to_id, annotator, &local_error))
            {
              set_line_error (error, ctx, _("relation %u: %s"), i + 1, local_error->message);
              return FALSE;
            }
        }
    }

  return TRUE;
}

gboolean
gls_jsonl_import (GlsImport     *import,
                  GInputStream  *input,
                  const char    *name,
                  const char    *default_annotator,
                  gboolean       force_annotator,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new_sized (input, 64 * 1024);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) text = g_string_new (NULL);
  ReadContext ctx = { import, name, 0, default_annotator, force_annotator };
  guint n_objects = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean too_long = FALSE;
      char *line;
      JsonNode *root;

      ctx.line++;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!gls_read_line (G_BUFFERED_INPUT_STREAM (buffered), MAX_LINE_BYTES, text, &too_long,
                          &local_error))
        {
          if (local_error != NULL)
            {
              g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s:%u: %s", name, ctx.line,
                           local_error->message);
              return FALSE;
            }
          if (too_long)
            {
              set_line_error (error, &ctx, _("the line is longer than %d MB"),
                              MAX_LINE_BYTES / (1024 * 1024));
              return FALSE;
            }
          break;
        }
      line = text->str;
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (!g_utf8_validate (line, -1, NULL))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING, _("%s:%u: not valid UTF-8"),
                       name, ctx.line);
          return FALSE;
        }
      if (!json_parser_load_from_data (parser, line, -1, &local_error))
        {
          set_line_error (error, &ctx, _("not valid JSON: %s"), local_error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          set_line_error (error, &ctx, _("expected one JSON object per line"));
          return FALSE;
        }
      if (!import_object (&ctx, json_node_get_object (root), error))
        return FALSE;
      n_objects++;
    }

  if (n_objects == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no documents in the file"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
gls_jsonl_import_file (GlsImport   *import,
                       const char  *path,
                       const char  *default_annotator,
                       gboolean     force_annotator,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;

  input = g_file_read (file, NULL, &local_error);
  if (input == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  return gls_jsonl_import (import, G_INPUT_STREAM (input), path, default_annotator,
                           force_annotator, NULL, error);
}
