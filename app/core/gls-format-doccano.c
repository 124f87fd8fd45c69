/* gls-format-doccano.c — doccano's JSON Lines for sequence labelling, read and written
 *
 * One JSON object per line and per document, in one of doccano's two shapes:
 *
 *   {"id": 7, "text": "…", "label": [[0, 4, "PERSON"], [12, 18, "GPE"]]}
 *
 * (a sequence-labelling project; the default here), or, for a project with relation labelling:
 *
 *   {"id": 7, "text": "…",
 *    "entities": [{"id": 31, "label": "PERSON", "start_offset": 0, "end_offset": 4}],
 *    "relations": [{"id": 2, "from_id": 31, "to_id": 32, "type": "met-with"}]}
 *
 * Export writes the first shape unless the format option "variant" is "entities".
 * Import takes either shape, decided line by line ("labels" is accepted for "label", and "data"
 * for "text", as older doccano releases and hand-made files spell them). A text-classification
 * export ("label": ["sports"]) is refused: it labels documents, not spans.
 *
 * Offsets: UTF-16 code units. doccano's backend is Python, but the offsets are computed by its
 * browser front end from JavaScript string indices, which count UTF-16 units; the backend
 * stores and exports them as they come. An emoji therefore counts two (doccano issue #2290
 * shows "firetrucks" at 22–32 in a text whose Python indices are 19–29; pull request #99 first
 * described it). Glossator's code points are converted with GlsOffsetMap both ways, and an
 * offset that falls between the two halves of a surrogate pair is an error. A doccano project
 * created with "Count grapheme clusters as one character" counts grapheme clusters instead:
 * such files cannot be told apart and are not supported.
 *
 * What doccano cannot hold goes to the loss report: discontinuous spans (not written, nor are
 * their relations), notes, knowledge-base ids, attributes, annotators (a doccano file names
 * none: reported when a document's spans are not all by the annotator of the first document
 * written), and relations in the "label" variant.
 *
 * Import: the annotator given to the reader, else the project's current annotator, owns every
 * span. Documents whose exact text the project already holds receive the spans instead of being
 * added twice. The title is "FILE #ID" (doccano's id) or "FILE:LINE". Lines longer than 64 MB
 * are refused before they are read whole (the format option "max-line-bytes" lowers the limit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-doccano"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-format-private.h"
#include "gls-lines.h"
#include "gls-offsets.h"


/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

typedef struct
{
  char *path;
  GOutputStream *out;
  GlsLossReport *report;
  gboolean entities;
  char *first_annotator;
} DoccanoWriter;

static void
report_span_extras (GlsLossReport           *report,
                    const GlsExportDocument *doc,
                    const GlsExportSpan     *span)
{
  if (span->note != NULL)
    gls_format_add_loss (report, doc, span, _("note not exported: doccano spans have no notes"));
  if (span->kb_id != NULL)
    gls_format_add_loss (report, doc, span, _("knowledge-base id “%s” not exported"),
                         span->kb_id);
  if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
    gls_format_add_loss (report, doc, span,
                         _("%u attribute(s) not exported: doccano spans have none"),
                         g_hash_table_size (span->attributes));
}

/* doccano names no annotator: say so when the export mixes several. */
static void
report_annotators (DoccanoWriter           *writer,
                   const GlsExportDocument *doc,
                   GPtrArray               *names)
{
  g_autoptr(GString) list = NULL;
  gboolean mixed = FALSE;

  if (names->len == 0)
    return;
  if (writer->first_annotator == NULL)
    writer->first_annotator = g_strdup (g_ptr_array_index (names, 0));
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), writer->first_annotator) != 0)
      mixed = TRUE;
  if (!mixed)
    return;

  list = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "",
                            (const char *)g_ptr_array_index (names, i));
  gls_format_add_loss (writer->report, doc, NULL,
                       _("annotators not exported: doccano records none (spans by %s)"), list->str);
}

static gboolean
write_error (DoccanoWriter  *writer,
             GError         *local_error,
             GError        **error)
{
  g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static gboolean
doccano_write (gpointer                  data,
               const GlsExportDocument  *doc,
               GError                  **error)
{
  DoccanoWriter *writer = data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GlsOffsetMap) own_map = NULL;
  GlsOffsetMap *map = doc->offsets;
  g_autoptr(GHashTable) written = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) annotators = g_ptr_array_new ();
  GError *local_error = NULL;
  g_autofree char *line = NULL;
  gsize length;

  /* The pipeline hands over the text's offset map; build one for other callers. */
  if (map == NULL && g_utf8_validate_len (doc->text, doc->text_bytes, NULL))
    map = own_map = gls_offset_map_new (doc->text, (gssize)doc->text_bytes);
  if (map == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("document %" PRId64 ": the text is not valid UTF-8"), doc->id);
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, doc->id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, doc->text);
  json_builder_set_member_name (builder, writer->entities ? "entities" : "label");
  json_builder_begin_array (builder);
  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];
      glong start, end;

      if (span->n_fragments > 1)
        {
          gls_format_add_loss (writer->report, doc, span,
                               _("discontinuous span (%u fragments, %s) not exported: doccano "
                                 "spans are contiguous"), span->n_fragments, span->label);
          continue;
        }
      if (!gls_offset_map_char_to_utf16 (map, span->fragments[0].start, &start, error) ||
          !gls_offset_map_char_to_utf16 (map, span->fragments[0].end, &end, error))
        return FALSE;
      report_span_extras (writer->report, doc, span);
      if (!g_ptr_array_find_with_equal_func (annotators, span->annotator, g_str_equal, NULL))
        g_ptr_array_add (annotators, (gpointer)span->annotator);
      g_hash_table_add (written, (gpointer)&span->id);

      if (writer->entities)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, span->id);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, span->label);
          json_builder_set_member_name (builder, "start_offset");
          json_builder_add_int_value (builder, start);
          json_builder_set_member_name (builder, "end_offset");
          json_builder_add_int_value (builder, end);
          json_builder_end_object (builder);
        }
      else
        {
          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, start);
          json_builder_add_int_value (builder, end);
          json_builder_add_string_value (builder, span->label);
          json_builder_end_array (builder);
        }
    }
  json_builder_end_array (builder);

  if (writer->entities)
    {
      json_builder_set_member_name (builder, "relations");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *relation = &doc->relations[i];

      if (!writer->entities)
        {
          gls_format_add_loss (writer->report, doc, NULL,
                               _("relation %" PRId64 " (%s) not exported: the “label” variant "
                                 "has no relations (export with variant=entities)"),
                               relation->id, relation->type);
          continue;
        }
      if (!g_hash_table_contains (written, &relation->source) ||
          !g_hash_table_contains (written, &relation->target))
        {
          gls_format_add_loss (writer->report, doc, NULL,
                               _("relation %" PRId64 " (%s) not exported: one of its spans was "
                                 "not exported"), relation->id, relation->type);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, relation->id);
      json_builder_set_member_name (builder, "from_id");
      json_builder_add_int_value (builder, relation->source);
      json_builder_set_member_name (builder, "to_id");
      json_builder_add_int_value (builder, relation->target);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, relation->type);
      json_builder_end_object (builder);
    }
  if (writer->entities)
    json_builder_end_array (builder);
  json_builder_end_object (builder);

  report_annotators (writer, doc, annotators);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, &length);
  if (!g_output_stream_write_all (writer->out, line, length, NULL, NULL, &local_error) ||
      !g_output_stream_write_all (writer->out, "\n", 1, NULL, NULL, &local_error))
    return write_error (writer, local_error, error);
  return TRUE;
}

static gpointer
doccano_begin (const char     *path,
               GlsProject     *project,
               GHashTable     *options,
               GlsLossReport  *report,
               GError        **error)
{
  const char *variant = options ? g_hash_table_lookup (options, "variant") : NULL;
  DoccanoWriter *writer;
  GOutputStream *out;

  if (variant != NULL && g_strcmp0 (variant, "label") != 0 && g_strcmp0 (variant, "entities") != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("unknown doccano variant “%s” (label, entities)"), variant);
      return NULL;
    }
  if (!(out = gls_export_open_file (path, error)))
    return NULL;
  writer = g_new0 (DoccanoWriter, 1);
  writer->path = g_strdup (path);
  writer->out = out;
  writer->report = report;
  writer->entities = g_strcmp0 (variant, "entities") == 0;
  return writer;
}

static gboolean
doccano_end (gpointer   data,
             gboolean   success,
             GError   **error)
{
  DoccanoWriter *writer = data;
  gboolean ok = gls_export_close_file (writer->out, writer->path, success, error);

  g_object_unref (writer->out);
  g_free (writer->path);
  g_free (writer->first_annotator);
  g_free (writer);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */

typedef struct
{
  GlsImport *import;
  const char *name;          /* the path, for messages */
  char *basename;
  guint line;
  const char *annotator;
} Reader;

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->basename, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

G_GNUC_PRINTF (4, 5)
static void
set_line_error (GError       **error,
                GlsError       code,
                const Reader  *reader,
                const char    *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, "%s:%u: %s", reader->name, reader->line, message);
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

static JsonArray *
get_array_member (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
add_span (Reader        *reader,
          GlsOffsetMap  *map,
          gint64         document,
          guint          index,
          gint64         start16,
          gint64         end16,
          const char    *label,
          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GlsFragment fragment;
  glong start, end;
  gint64 id;

  if (!gls_offset_map_utf16_to_char (map, (glong)start16, &start, &local_error) ||
      !gls_offset_map_utf16_to_char (map, (glong)end16, &end, &local_error))
    {
      set_line_error (error, GLS_ERROR_OFFSET, reader, _("span %u (%" PRId64 "–%" PRId64 "): %s"),
                      index + 1, start16, end16, local_error->message);
      return 0;
    }
  if (end <= start)
    {
      set_line_error (error, GLS_ERROR_OFFSET, reader,
                      _("span %u: its end %" PRId64 " is not after its start %" PRId64),
                      index + 1, end16, start16);
      return 0;
    }
  fragment.start = start;
  fragment.end = end;
  id = gls_import_add_span (reader->import, document, &fragment, 1, label, reader->annotator,
                            NULL, NULL, NULL, &local_error);
  if (id == 0)
    set_line_error (error, gls_format_code_of (local_error), reader, _("span %u: %s"), index + 1,
                    local_error->message);
  return id;
}

static gboolean
read_label_triples (Reader        *reader,
                    GlsOffsetMap  *map,
                    gint64         document,
                    JsonArray     *labels,
                    GError       **error)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonNode *node = json_array_get_element (labels, i);
      JsonArray *triple;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          set_line_error (error, GLS_ERROR_INVALID, reader,
                          _("document labels, not spans — not supported"));
          return FALSE;
        }
      triple = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      if (triple == NULL || json_array_get_length (triple) != 3 ||
          json_node_get_value_type (json_array_get_element (triple, 0)) != G_TYPE_INT64 ||
          json_node_get_value_type (json_array_get_element (triple, 1)) != G_TYPE_INT64 ||
          json_node_get_value_type (json_array_get_element (triple, 2)) != G_TYPE_STRING)
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("label %u must be [start, end, \"LABEL\"]"), i + 1);
          return FALSE;
        }
      if (!add_span (reader, map, document, i, json_array_get_int_element (triple, 0),
                     json_array_get_int_element (triple, 1),
                     json_array_get_string_element (triple, 2), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_entities (Reader        *reader,
               GlsOffsetMap  *map,
               gint64         document,
               JsonObject    *object,
               JsonArray     *entities,
               GError       **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  JsonArray *relations;

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonNode *node = json_array_get_element (entities, i);
      JsonObject *entity = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 start, end, file_id, id;
      const char *label;

      if (entity == NULL || !get_int_member (entity, "start_offset", &start) ||
          !get_int_member (entity, "end_offset", &end) ||
          !(label = get_string_member (entity, "label")))
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("entity %u needs integer “start_offset” and “end_offset” and a "
                            "string “label”"), i + 1);
          return FALSE;
        }
      if (!(id = add_span (reader, map, document, i, start, end, label, error)))
        return FALSE;
      if (get_int_member (entity, "id", &file_id))
        g_hash_table_insert (ids, g_memdup2 (&file_id, sizeof file_id), g_memdup2 (&id, sizeof id));
    }

  relations = get_array_member (object, "relations");
  for (guint i = 0; relations != NULL && i < json_array_get_length (relations); i++)
    {
      JsonNode *node = json_array_get_element (relations, i);
      JsonObject *relation = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 from, to, *from_id, *to_id;
      const char *type;

      if (relation == NULL || !get_int_member (relation, "from_id", &from) ||
          !get_int_member (relation, "to_id", &to) ||
          !(type = get_string_member (relation, "type")))
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("relation %u needs integer “from_id” and “to_id” and a string "
                            "“type”"), i + 1);
          return FALSE;
        }
      from_id = g_hash_table_lookup (ids, &from);
      to_id = g_hash_table_lookup (ids, &to);
      if (from_id == NULL || to_id == NULL)
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("relation %u refers to entity %" PRId64 ", which this line does not "
                            "define"), i + 1, from_id == NULL ? from : to);
          return FALSE;
        }
      if (!gls_import_add_relation (reader->import, type, *from_id, *to_id, reader->annotator,
                                    &local_error))
        {
          set_line_error (error, gls_format_code_of (local_error), reader, _("relation %u: %s"),
                          i + 1, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
import_object (Reader      *reader,
               JsonObject  *object,
               GError     **error)
{
  const char *text = get_string_member (object, "text");
  g_autoptr(GlsOffsetMap) map = NULL;
  JsonArray *entities, *labels;
  gint64 document, file_id;

  if (text == NULL)
    text = get_string_member (object, "data");
  if (text == NULL)
    {
      set_line_error (error, GLS_ERROR_PARSE, reader, _("the object has no string “text”"));
      return FALSE;
    }
  /* The line was valid UTF-8, but an escaped lone surrogate ("\ud83d") decodes to bytes that
   * are not. */
  if (!g_utf8_validate (text, -1, NULL) || !(map = gls_offset_map_new (text, -1)))
    {
      set_line_error (error, GLS_ERROR_ENCODING, reader, _("the text is not valid UTF-8"));
      return FALSE;
    }
  entities = get_array_member (object, "entities");
  labels = get_array_member (object, "label");
  if (labels == NULL)
    labels = get_array_member (object, "labels");
  if (entities == NULL && labels == NULL &&
      (get_string_member (object, "label") || get_string_member (object, "labels")))
    {
      set_line_error (error, GLS_ERROR_INVALID, reader,
                      _("document labels, not spans — not supported"));
      return FALSE;
    }

  document = gls_import_find_document (reader->import, text, -1);
  if (document == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *title = NULL;

      if (get_int_member (object, "id", &file_id))
        title = g_strdup_printf ("%s #%" PRId64, reader->basename, file_id);
      else
        title = g_strdup_printf ("%s:%u", reader->basename, reader->line);
      document = gls_import_add_document (reader->import, title, text, -1, reader->basename,
                                          &local_error);
      if (document == 0)
        {
          set_line_error (error, gls_format_code_of (local_error), reader, "%s",
                          local_error->message);
          return FALSE;
        }
    }

  if (entities != NULL)
    return read_entities (reader, map, document, object, entities, error);
  if (labels != NULL)
    return read_label_triples (reader, map, document, labels, error);
  return TRUE;
}

static gboolean
doccano_read (GlsImport   *import,
              const char  *path,
              const char  *annotator,
              GHashTable  *options,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) base = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_auto(Reader) reader = { 0 };
  gsize limit = gls_format_max_line_bytes (options);
  guint n_objects = 0;
  gboolean too_long = FALSE;

  reader.import = import;
  reader.name = path;
  reader.basename = g_path_get_basename (path);
  reader.annotator = annotator ? annotator
                               : gls_project_get_annotator (gls_import_get_project (import));

  if (!(base = g_file_read (file, NULL, &local_error)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  input = g_buffered_input_stream_new_sized (G_INPUT_STREAM (base), 1024 * 1024);

  for (;;)
    {
      const char *data, *bad;
      JsonNode *root;
      gsize length;

      reader.line++;
      if (!gls_read_line (G_BUFFERED_INPUT_STREAM (input), limit, line, &too_long, &local_error))
        break;
      data = line->str;
      length = line->len;

      if (reader.line == 1 && length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
        data += 3, length -= 3;   /* a byte-order mark */
      while (length > 0 && g_ascii_isspace (*data))
        data++, length--;
      if (length == 0)
        continue;
      if (!g_utf8_validate_len (data, length, &bad))
        {
          set_line_error (error, GLS_ERROR_ENCODING, &reader,
                          _("not valid UTF-8 (byte %zu of the line)"),
                          (gsize)(bad - line->str) + 1);
          return FALSE;
        }
      if (!json_parser_load_from_data (parser, data, (gssize)length, &local_error))
        {
          set_line_error (error, GLS_ERROR_PARSE, &reader, _("not valid JSON: %s"),
                          local_error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          set_line_error (error, GLS_ERROR_PARSE, &reader, _("expected one JSON object per line"));
          return FALSE;
        }
      if (!import_object (&reader, json_node_get_object (root), error))
        return FALSE;
      n_objects++;
    }
  if (too_long)
    {
      set_line_error (error, GLS_ERROR_PARSE, &reader, _("the line is longer than %zu bytes"),
                      limit);
      return FALSE;
    }
  if (local_error != NULL)
    {
      set_line_error (error, GLS_ERROR_IO, &reader, "%s", local_error->message);
      return FALSE;
    }
  if (n_objects == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no documents in the file"), path);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Recognising a file                                                                           */

/* Whether @head holds "KEY" followed by a colon and then @after (white space ignored). */
static gboolean
has_member_followed_by (const char *head,
                        const char *key,
                        const char *after)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);

  for (const char *p = strstr (head, quoted); p != NULL; p = strstr (p + 1, quoted))
    {
      const char *q = p + strlen (quoted);
      const char *a = after;

      while (g_ascii_isspace (*q))
        q++;
      if (*q++ != ':')
        continue;
      for (; *a; a++)
        {
          while (g_ascii_isspace (*q))
            q++;
          if (*q++ != *a)
            break;
        }
      if (*a == '\0')
        return TRUE;
    }
  return FALSE;
}

static int
doccano_probe (const char *path,
               const char *head,
               gsize       head_length)
{
  g_autofree char *h = g_strndup (head, head_length);
  gboolean jsonl = g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path, ".json");
  gboolean spans = has_member_followed_by (h, "label", "[[") ||
                   has_member_followed_by (h, "labels", "[[") ||
                   (strstr (h, "\"entities\"") != NULL && strstr (h, "\"start_offset\"") != NULL);

  if (spans)
    return jsonl ? 85 : 50;
  /* A text-classification export: claimed, so that the reader can say why it refuses it. */
  if (jsonl && has_member_followed_by (h, "label", "[\""))
    return 60;
  return 0;
}

const GlsFormat gls_format_doccano = {
  .name = "doccano",
  .title = "doccano JSONL",
  .unit = GLS_OFFSET_UTF16,
  .extension = ".jsonl",
  .probe = doccano_probe,
  .read = doccano_read,
  .begin = doccano_begin,
  .write = doccano_write,
  .end = doccano_end,
};
