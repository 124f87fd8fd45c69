/* gls-format-labelstudio.c — Label Studio's JSON export of text (NER) tasks, read and written
 *
 * The file is one JSON array of tasks, as Label Studio exports them ("JSON" export) and imports
 * them back with their annotations:
 *
 *   [{"id": 7, "data": {"text": "…"}, "meta": {"title": "…", "source": "a.txt"},
 *     "annotations": [{"id": 1, "result": [
 *        {"id": "span-31", "from_name": "label", "to_name": "text", "type": "labels",
 *         "value": {"start": 0, "end": 4, "text": "Zoë…", "labels": ["PERSON"]}},
 *        {"from_id": "span-31", "to_id": "span-32", "type": "relation", "direction": "right",
 *         "labels": ["met-with"]}],
 *      "was_cancelled": false, "ground_truth": false, "meta": {"annotator": "anna"}}]}]
 *
 * Offsets: Unicode code points, not UTF-16. Label Studio's editor runs in the browser, and its
 * offsets used to be JavaScript string indices (UTF-16 units: label-studio issues #1008, #1347),
 * but the editor has converted them to code points since 2022 (label-studio-frontend pull
 * request #308): its own end-to-end test "NER - Emoji - Text" expects "test" at 21–25 in
 * "🐱 Warning: This is a test text", which is 22–26 in UTF-16 units, and issue #4988 (Label
 * Studio 1.9) reports the exported offsets of a text after an emoji as Python's. Files exported
 * by older releases count UTF-16 units: read or write them with the format option
 * "offsets" = "utf16" (converted with GlsOffsetMap; an offset inside a surrogate pair is then an
 * error). When a region's "text" disagrees with its offsets but matches what the other unit
 * would cover, the import stops and names the option, instead of shifting spans silently.
 *
 * Annotators. Label Studio's "completed_by" is the numeric id of a user of that Label Studio
 * instance, and its importer rejects an id that is not a member of the organisation: a name
 * cannot go there, and an invented number would be refused or, worse, credit someone else. So
 * the export writes one annotation per annotator without "completed_by" (Label Studio then
 * credits the person who imports the file) and records the name in the annotation's "meta"
 * {"annotator": NAME}, a member Label Studio ignores on import. On import the annotator is the
 * one given to the reader; else the annotation's meta.annotator; else "completed_by" as
 * "user-ID" (or its "email", when an export wrote the user as an object); else the project's
 * current annotator.
 *
 * What is read: "annotations" ("completions" before Label Studio 1.0; cancelled ones,
 * "was_cancelled": true, are skipped), their results of type "labels" (one span per label when
 * a region has several) and "relation" (one relation per label; a relation without labels gets
 * the type "related"; "direction": "left" swaps its ends; "bi" is read as "right").
 * "predictions" are model output, not annotation, and are skipped, as are results of other
 * types (choices, text areas, ratings). The text is
 * data["text"], or data[option "data-key"], or the only string in "data". The title and source
 * come from the task's "meta", where the export puts them; else "FILE #ID".
 *
 * What Label Studio cannot hold goes to the loss report: discontinuous spans (and relations that
 * need them), notes, knowledge-base ids and attributes, and a relation whose two spans belong to
 * different annotators (a relation lives inside one annotation).
 *
 * The export streams: "[" in begin, one task per document, "]" in end, so memory stays flat. The
 * import loads the file whole (a JSON array has no cheaper boundary), refusing files over
 * 512 MB; errors name the file and the line where the offending object starts.
 *
 * Format options: "offsets" ("code-points", "utf16"), "from-name" and "to-name" (the names of
 * the Labels and Text tags of the labelling config; "label" and "text" by default, as in Label
 * Studio's Named Entity Recognition template), "data-key" ("text").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-labelstudio"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-format-private.h"
#include "gls-offsets.h"

#define MAX_FILE_BYTES ((guint64)512 * 1024 * 1024)

typedef struct
{
  gboolean utf16;
  const char *from_name;
  const char *to_name;
  const char *data_key;
} Options;

static gboolean
parse_options (GHashTable  *table,
               Options     *options,
               GError     **error)
{
  const char *offsets = table ? g_hash_table_lookup (table, "offsets") : NULL;

  options->utf16 = g_strcmp0 (offsets, "utf16") == 0;
  if (offsets != NULL && !options->utf16 && g_strcmp0 (offsets, "code-points") != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("unknown Label Studio offsets “%s” (code-points, utf16)"), offsets);
      return FALSE;
    }
  options->from_name = table ? g_hash_table_lookup (table, "from-name") : NULL;
  options->to_name = table ? g_hash_table_lookup (table, "to-name") : NULL;
  options->data_key = table ? g_hash_table_lookup (table, "data-key") : NULL;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

typedef struct
{
  char *path;
  GOutputStream *out;
  GlsLossReport *report;
  gboolean utf16;
  char *from_name;
  char *to_name;
  char *data_key;
  guint n_tasks;
  gint64 next_annotation;
} LsWriter;

static gboolean
write_all (LsWriter    *writer,
           const char  *data,
           gsize        length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_output_stream_write_all (writer->out, data, length, NULL, NULL, &local_error))
    return TRUE;
  g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path, local_error->message);
  return FALSE;
}

static char *
region_id (gint64 span_id)
{
  return g_strdup_printf ("span-%" PRId64, span_id);
}

static const GlsExportSpan *
find_span (const GlsExportDocument *doc,
           gint64                   id)
{
  for (guint i = 0; i < doc->n_spans; i++)
    if (doc->spans[i].id == id)
      return &doc->spans[i];
  return NULL;
}

/* Whether @span is written: contiguous spans only. */
static gboolean
exportable (const GlsExportSpan *span)
{
  return span != NULL && span->n_fragments == 1;
}

static gboolean
add_region (LsWriter                *writer,
            JsonBuilder             *builder,
            GlsOffsetMap            *map,
            const GlsExportDocument *doc,
            const GlsExportSpan     *span,
            GError                 **error)
{
  g_autofree char *id = region_id (span->id);
  g_autofree char *covered = NULL;
  glong start = span->fragments[0].start;
  glong end = span->fragments[0].end;
  gsize a, b;

  if (!gls_offset_map_char_to_byte (map, start, &a, error) ||
      !gls_offset_map_char_to_byte (map, end, &b, error))
    return FALSE;
  covered = g_strndup (doc->text + a, b - a);
  if (writer->utf16 &&
      (!gls_offset_map_char_to_utf16 (map, span->fragments[0].start, &start, error) ||
       !gls_offset_map_char_to_utf16 (map, span->fragments[0].end, &end, error)))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "from_name");
  json_builder_add_string_value (builder, writer->from_name);
  json_builder_set_member_name (builder, "to_name");
  json_builder_add_string_value (builder, writer->to_name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "labels");
  json_builder_set_member_name (builder, "value");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, end);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, covered);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, span->label);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return TRUE;
}

static void
add_relation (JsonBuilder             *builder,
              const GlsExportRelation *relation)
{
  g_autofree char *from = region_id (relation->source);
  g_autofree char *to = region_id (relation->target);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from_id");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to_id");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "relation");
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, "right");
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, relation->type);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Reports what Label Studio cannot hold; returns the annotators whose spans are written. */
static GPtrArray *
report_losses (LsWriter                *writer,
               const GlsExportDocument *doc)
{
  GPtrArray *annotators = g_ptr_array_new ();

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];

      if (!exportable (span))
        {
          gls_format_add_loss (writer->report, doc, span,
                               _("discontinuous span (%u fragments, %s) not exported: Label "
                                 "Studio regions are contiguous"), span->n_fragments, span->label);
          continue;
        }
      if (span->note != NULL)
        gls_format_add_loss (writer->report, doc, span, _("note not exported"));
      if (span->kb_id != NULL)
        gls_format_add_loss (writer->report, doc, span, _("knowledge-base id “%s” not exported"),
                             span->kb_id);
      if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
        gls_format_add_loss (writer->report, doc, span, _("%u attribute(s) not exported"),
                             g_hash_table_size (span->attributes));
      if (!g_ptr_array_find_with_equal_func (annotators, span->annotator, g_str_equal, NULL))
        g_ptr_array_add (annotators, (gpointer)span->annotator);
    }

  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *relation = &doc->relations[i];
      const GlsExportSpan *source = find_span (doc, relation->source);
      const GlsExportSpan *target = find_span (doc, relation->target);

      if (!exportable (source) || !exportable (target))
        gls_format_add_loss (writer->report, doc, NULL,
                             _("relation %" PRId64 " (%s) not exported: one of its spans was "
                               "not exported"), relation->id, relation->type);
      else if (g_strcmp0 (source->annotator, target->annotator) != 0)
        gls_format_add_loss (writer->report, doc, NULL,
                             _("relation %" PRId64 " (%s) not exported: its spans are by %s and "
                               "%s, and a Label Studio relation lives inside one annotation"),
                             relation->id, relation->type, source->annotator, target->annotator);
      else if (g_strcmp0 (relation->annotator, source->annotator) != 0)
        gls_format_add_loss (writer->report, doc, NULL,
                             _("relation %" PRId64 " (%s) by %s exported in the annotation of "
                               "%s, who made its spans"), relation->id, relation->type,
                             relation->annotator, source->annotator);
    }
  return annotators;
}

static gboolean
ls_write (gpointer                  data,
          const GlsExportDocument  *doc,
          GError                  **error)
{
  LsWriter *writer = data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GlsOffsetMap) own_map = NULL;
  GlsOffsetMap *map = doc->offsets;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autofree char *task = NULL;
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
  annotators = report_losses (writer, doc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, doc->id);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, writer->data_key);
  json_builder_add_string_value (builder, doc->text);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, doc->title ? doc->title : "");
  if (doc->source != NULL)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, doc->source);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "annotations");
  json_builder_begin_array (builder);
  for (guint a = 0; a < annotators->len; a++)
    {
      const char *annotator = g_ptr_array_index (annotators, a);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, writer->next_annotation++);
      json_builder_set_member_name (builder, "result");
      json_builder_begin_array (builder);
      for (guint i = 0; i < doc->n_spans; i++)
        if (exportable (&doc->spans[i]) && strcmp (doc->spans[i].annotator, annotator) == 0 &&
            !add_region (writer, builder, map, doc, &doc->spans[i], error))
          return FALSE;
      for (guint i = 0; i < doc->n_relations; i++)
        {
          const GlsExportSpan *source = find_span (doc, doc->relations[i].source);
          const GlsExportSpan *target = find_span (doc, doc->relations[i].target);

          if (exportable (source) && exportable (target) &&
              strcmp (source->annotator, annotator) == 0 &&
              strcmp (target->annotator, annotator) == 0)
            add_relation (builder, &doc->relations[i]);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "was_cancelled");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "ground_truth");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, annotator);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  task = json_generator_to_data (generator, &length);
  if (!write_all (writer, writer->n_tasks > 0 ? ",\n" : "\n", writer->n_tasks > 0 ? 2 : 1, error) ||
      !write_all (writer, task, length, error))
    return FALSE;
  writer->n_tasks++;
  return TRUE;
}

static void
ls_writer_free (LsWriter *writer)
{
  g_object_unref (writer->out);
  g_free (writer->path);
  g_free (writer->from_name);
  g_free (writer->to_name);
  g_free (writer->data_key);
  g_free (writer);
}

static gpointer
ls_begin (const char     *path,
          GlsProject     *project,
          GHashTable     *table,
          GlsLossReport  *report,
          GError        **error)
{
  LsWriter *writer;
  GOutputStream *out;
  Options options;

  if (!parse_options (table, &options, error) || !(out = gls_export_open_file (path, error)))
    return NULL;
  writer = g_new0 (LsWriter, 1);
  writer->path = g_strdup (path);
  writer->out = out;
  writer->report = report;
  writer->utf16 = options.utf16;
  writer->from_name = g_strdup (options.from_name ? options.from_name : "label");
  writer->to_name = g_strdup (options.to_name ? options.to_name : "text");
  writer->data_key = g_strdup (options.data_key ? options.data_key : "text");
  writer->next_annotation = 1;
  if (!write_all (writer, "[", 1, error))
    {
      gls_export_close_file (writer->out, writer->path, FALSE, NULL);
      ls_writer_free (writer);
      return NULL;
    }
  return writer;
}

static gboolean
ls_end (gpointer   data,
        gboolean   success,
        GError   **error)
{
  LsWriter *writer = data;
  gboolean ok;

  if (success)
    success = write_all (writer, "\n]\n", 3, error);
  ok = gls_export_close_file (writer->out, writer->path, success, success ? error : NULL);
  ls_writer_free (writer);
  return ok && success;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */

typedef struct
{
  GlsImport *import;
  const char *name;          /* the path, for messages */
  char *basename;
  const char *annotator;     /* given to the reader, or NULL */
  const char *fallback;      /* the project's annotator */
  Options options;
  GHashTable *lines;         /* JsonObject → the line where it starts */
  GArray *stack;             /* lines of the objects being parsed */
  guint error_line;
} Reader;

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->basename, g_free);
  g_clear_pointer (&reader->lines, g_hash_table_unref);
  g_clear_pointer (&reader->stack, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static guint
line_of (const Reader *reader,
         JsonObject   *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reader->lines, object));
}

G_GNUC_PRINTF (5, 6)
static void
set_object_error (GError       **error,
                  GlsError       code,
                  const Reader  *reader,
                  JsonObject    *object,
                  const char    *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, "%s:%u: %s", reader->name, line_of (reader, object),
               message);
}

static void
on_object_start (JsonParser *parser,
                 Reader     *reader)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (reader->stack, line);
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               Reader     *reader)
{
  guint line = g_array_index (reader->stack, guint, reader->stack->len - 1);

  g_array_set_size (reader->stack, reader->stack->len - 1);
  g_hash_table_insert (reader->lines, object, GUINT_TO_POINTER (line));
}

static void
on_error (JsonParser   *parser,
          const GError *error,
          Reader       *reader)
{
  reader->error_line = json_parser_get_current_line (parser);
}

static const char *
task_text (const Reader *reader,
           JsonObject   *data)
{
  JsonObjectIter iter;
  const char *member, *text = NULL;
  JsonNode *value;
  guint n_strings = 0;

  if (reader->options.data_key != NULL)
    return gls_format_get_string_member (data, reader->options.data_key);
  if (gls_format_get_string_member (data, "text") != NULL)
    return gls_format_get_string_member (data, "text");
  json_object_iter_init (&iter, data);
  while (json_object_iter_next (&iter, &member, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      {
        text = json_node_get_string (value);
        n_strings++;
      }
  return n_strings == 1 ? text : NULL;
}

/* The annotator of @annotation, as a new string. */
static char *
annotation_annotator (const Reader *reader,
                      JsonObject   *annotation)
{
  const char *name =
    gls_format_get_string_member (gls_format_get_object_member (annotation, "meta"), "annotator");
  JsonObject *user = gls_format_get_object_member (annotation, "completed_by");
  gint64 id;

  if (reader->annotator != NULL)
    return g_strdup (reader->annotator);
  if (name != NULL && *name)
    return g_strdup (name);
  if (gls_format_get_int_member (annotation, "completed_by", &id))
    return g_strdup_printf ("user-%" PRId64, id);
  if ((name = gls_format_get_string_member (user, "email")) != NULL && *name)
    return g_strdup (name);
  if (gls_format_get_int_member (user, "id", &id))
    return g_strdup_printf ("user-%" PRId64, id);
  return g_strdup (reader->fallback);
}

/* The text @start–@end would cover if counted in @utf16 units, or NULL if it cannot. */
static char *
covered_text (GlsOffsetMap *map,
              const char   *text,
              gint64        start,
              gint64        end,
              gboolean      utf16)
{
  glong a = (glong)start, b = (glong)end;
  gsize x, y;

  if (utf16 && (!gls_offset_map_utf16_to_char (map, a, &a, NULL) ||
                !gls_offset_map_utf16_to_char (map, b, &b, NULL)))
    return NULL;
  if (b < a || !gls_offset_map_char_to_byte (map, a, &x, NULL) ||
      !gls_offset_map_char_to_byte (map, b, &y, NULL))
    return NULL;
  return g_strndup (text + x, y - x);
}

/* One region: its offsets checked and converted to code points. */
static gboolean
region_fragment (Reader        *reader,
                 GlsOffsetMap  *map,
                 const char    *text,
                 JsonObject    *item,
                 JsonObject    *value,
                 guint          index,
                 GlsFragment   *fragment,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *expected = gls_format_get_string_member (value, "text");
  gint64 start, end;
  glong a, b;

  if (!gls_format_get_int_member (value, "start", &start) ||
      !gls_format_get_int_member (value, "end", &end))
    {
      set_object_error (error, GLS_ERROR_PARSE, reader, item,
                        _("result %u: “value” needs integer “start” and “end”"), index + 1);
      return FALSE;
    }
  a = (glong)start;
  b = (glong)end;
  if (reader->options.utf16
      ? !gls_offset_map_utf16_to_char (map, a, &a, &local_error) ||
        !gls_offset_map_utf16_to_char (map, b, &b, &local_error)
      : !gls_offset_map_char_to_byte (map, a, NULL, &local_error) ||
        !gls_offset_map_char_to_byte (map, b, NULL, &local_error))
    {
      set_object_error (error, GLS_ERROR_OFFSET, reader, item,
                        _("result %u (%" PRId64 "–%" PRId64 "): %s"), index + 1, start, end,
                        local_error->message);
      return FALSE;
    }
  if (b <= a)
    {
      set_object_error (error, GLS_ERROR_OFFSET, reader, item,
                        _("result %u: its end %" PRId64 " is not after its start %" PRId64),
                        index + 1, end, start);
      return FALSE;
    }

  /* The region's own copy of its text tells which unit the offsets count, when they disagree. */
  if (expected != NULL)
    {
      g_autofree char *covered = covered_text (map, text, start, end, reader->options.utf16);
      g_autofree char *other = covered_text (map, text, start, end, !reader->options.utf16);

      if (g_strcmp0 (covered, expected) != 0 && g_strcmp0 (other, expected) == 0)
        {
          set_object_error (error, GLS_ERROR_OFFSET, reader, item,
                            _("result %u: offsets %" PRId64 "–%" PRId64 " cover “%s”, but the "
                              "region's text “%s” is what they cover counted in %s: import "
                              "with the option offsets=%s"),
                            index + 1, start, end, covered ? covered : "", expected,
                            reader->options.utf16 ? _("code points") : _("UTF-16 units"),
                            reader->options.utf16 ? "code-points" : "utf16");
          return FALSE;
        }
    }
  fragment->start = a;
  fragment->end = b;
  return TRUE;
}

static gboolean
import_annotation (Reader        *reader,
                   GlsOffsetMap  *map,
                   const char    *text,
                   gint64         document,
                   JsonObject    *annotation,
                   GError       **error)
{
  g_autoptr(GHashTable) regions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *annotator = annotation_annotator (reader, annotation);
  JsonArray *result = gls_format_get_array_member (annotation, "result");
  gboolean cancelled = FALSE;
  JsonNode *node;

  if ((node = json_object_get_member (annotation, "was_cancelled")) != NULL &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    cancelled = json_node_get_boolean (node);
  if (cancelled || result == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (result); i++)
    {
      JsonNode *element = json_array_get_element (result, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonObject *value;
      JsonArray *labels;
      const char *id;
      GlsFragment fragment;

      if (item == NULL)
        {
          set_object_error (error, GLS_ERROR_PARSE, reader, annotation,
                            _("result %u is not an object"), i + 1);
          return FALSE;
        }
      if (g_strcmp0 (gls_format_get_string_member (item, "type"), "labels") != 0)
        continue;
      value = gls_format_get_object_member (item, "value");
      labels = gls_format_get_array_member (value, "labels");
      if (labels == NULL || json_array_get_length (labels) == 0)
        {
          set_object_error (error, GLS_ERROR_PARSE, reader, item,
                            _("result %u: “value” has no “labels”"), i + 1);
          return FALSE;
        }
      if (!region_fragment (reader, map, text, item, value, i, &fragment, error))
        return FALSE;

      id = gls_format_get_string_member (item, "id");
      for (guint k = 0; k < json_array_get_length (labels); k++)
        {
          g_autoptr(GError) local_error = NULL;
          JsonNode *label = json_array_get_element (labels, k);
          gint64 span;

          if (!JSON_NODE_HOLDS_VALUE (label) || json_node_get_value_type (label) != G_TYPE_STRING)
            {
              set_object_error (error, GLS_ERROR_PARSE, reader, item,
                                _("result %u: its labels must be strings"), i + 1);
              return FALSE;
            }
          span = gls_import_add_span (reader->import, document, &fragment, 1,
                                      json_node_get_string (label), annotator, NULL, NULL, NULL,
                                      &local_error);
          if (span == 0)
            {
              set_object_error (error, gls_format_code_of (local_error), reader, item,
                                _("result %u: %s"), i + 1, local_error->message);
              return FALSE;
            }
          /* A relation to a region with several labels attaches to its first. */
          if (id != NULL && k == 0)
            g_hash_table_insert (regions, (gpointer)id, g_memdup2 (&span, sizeof span));
        }
    }

  for (guint i = 0; i < json_array_get_length (result); i++)
    {
      JsonObject *item = json_array_get_object_element (result, i);
      const char *from = gls_format_get_string_member (item, "from_id");
      const char *to = gls_format_get_string_member (item, "to_id");
      const char *direction = gls_format_get_string_member (item, "direction");
      JsonArray *labels = gls_format_get_array_member (item, "labels");
      guint n_labels = labels ? json_array_get_length (labels) : 0;
      gint64 *source, *target;

      if (g_strcmp0 (gls_format_get_string_member (item, "type"), "relation") != 0)
        continue;
      if (from == NULL || to == NULL)
        {
          set_object_error (error, GLS_ERROR_PARSE, reader, item,
                            _("result %u: a relation needs “from_id” and “to_id”"), i + 1);
          return FALSE;
        }
      source = g_hash_table_lookup (regions, from);
      target = g_hash_table_lookup (regions, to);
      if (source == NULL || target == NULL)
        {
          set_object_error (error, GLS_ERROR_PARSE, reader, item,
                            _("result %u: the relation refers to region “%s”, which this "
                              "annotation does not define"), i + 1, source == NULL ? from : to);
          return FALSE;
        }
      if (g_strcmp0 (direction, "left") == 0)
        {
          gint64 *swap = source;
          source = target;
          target = swap;
        }
      for (guint k = 0; k < MAX (n_labels, 1); k++)
        {
          g_autoptr(GError) local_error = NULL;
          JsonNode *label = n_labels > 0 ? json_array_get_element (labels, k) : NULL;
          const char *type = "related";

          if (label != NULL)
            type = JSON_NODE_HOLDS_VALUE (label) &&
                   json_node_get_value_type (label) == G_TYPE_STRING
                   ? json_node_get_string (label) : NULL;

          if (type == NULL ||
              !gls_import_add_relation (reader->import, type, *source, *target, annotator,
                                        &local_error))
            {
              set_object_error (error,
                                local_error ? gls_format_code_of (local_error) : GLS_ERROR_PARSE,
                                reader, item, _("result %u: %s"), i + 1,
                                local_error ? local_error->message
                                            : _("relation labels must be strings"));
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
import_task (Reader      *reader,
             JsonObject  *task,
             GError     **error)
{
  JsonObject *data = gls_format_get_object_member (task, "data");
  JsonObject *meta = gls_format_get_object_member (task, "meta");
  JsonArray *annotations = gls_format_get_array_member (task, "annotations");
  g_autoptr(GlsOffsetMap) map = NULL;
  const char *text;
  gint64 document, id;

  if (annotations == NULL)
    annotations = gls_format_get_array_member (task, "completions");   /* before Label Studio 1.0 */
  if (data == NULL)
    {
      set_object_error (error, GLS_ERROR_PARSE, reader, task, _("the task has no “data” object"));
      return FALSE;
    }
  if (!(text = task_text (reader, data)))
    {
      set_object_error (error, GLS_ERROR_PARSE, reader, task,
                        _("the task's “data” has no string “%s” (name the key with the option "
                          "data-key)"), reader->options.data_key ? reader->options.data_key
                                                                 : "text");
      return FALSE;
    }
  /* The file was valid UTF-8, but an escaped lone surrogate ("\ud83d") decodes to bytes that
   * are not. */
  if (!g_utf8_validate (text, -1, NULL) || !(map = gls_offset_map_new (text, -1)))
    {
      set_object_error (error, GLS_ERROR_ENCODING, reader, task, _("the text is not valid UTF-8"));
      return FALSE;
    }

  document = gls_import_find_document (reader->import, text, -1);
  if (document == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *title = g_strdup (gls_format_get_string_member (meta, "title"));
      const char *source = gls_format_get_string_member (meta, "source");

      if (title == NULL && gls_format_get_int_member (task, "id", &id))
        title = g_strdup_printf ("%s #%" PRId64, reader->basename, id);
      else if (title == NULL)
        title = g_strdup_printf ("%s:%u", reader->basename, line_of (reader, task));
      document = gls_import_add_document (reader->import, title, text, -1,
                                          source ? source : reader->basename, &local_error);
      if (document == 0)
        {
          set_object_error (error, gls_format_code_of (local_error), reader, task, "%s",
                            local_error->message);
          return FALSE;
        }
    }

  for (guint i = 0; annotations != NULL && i < json_array_get_length (annotations); i++)
    {
      JsonNode *node = json_array_get_element (annotations, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_object_error (error, GLS_ERROR_PARSE, reader, task,
                            _("annotation %u is not an object"), i + 1);
          return FALSE;
        }
      if (!import_annotation (reader, map, text, document, json_node_get_object (node), error))
        return FALSE;
    }
  return TRUE;
}

static guint
line_at (const char *data,
         const char *position)
{
  guint line = 1;

  for (const char *p = data; p < position; p++)
    if (*p == '\n')
      line++;
  return line;
}

static guint64
max_file_bytes (GHashTable *options)
{
  const char *value = options ? g_hash_table_lookup (options, "max-file-bytes") : NULL;
  guint64 n;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, MAX_FILE_BYTES, &n, NULL))
    return n;
  return MAX_FILE_BYTES;
}

static gboolean
ls_read (GlsImport   *import,
         const char  *path,
         const char  *annotator,
         GHashTable  *options,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_auto(Reader) reader = { 0 };
  guint64 limit = max_file_bytes (options);
  const char *contents, *bad;
  gsize length;
  JsonNode *root;
  JsonArray *tasks = NULL;
  guint n_tasks;

  reader.import = import;
  reader.name = path;
  reader.basename = g_path_get_basename (path);
  reader.annotator = annotator;
  reader.fallback = gls_project_get_annotator (gls_import_get_project (import));
  if (!parse_options (options, &reader.options, error))
    return FALSE;

  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                  NULL, &local_error)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if ((guint64)g_file_info_get_size (info) > limit)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: the file is larger than %" PRIu64 " MB; split it into "
                     "several exports"), path, limit / (1024 * 1024));
      return FALSE;
    }
  if (!(mapped = g_mapped_file_new (path, FALSE, &local_error)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  contents = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  if (contents == NULL)
    contents = "";
  if (length >= 3 && memcmp (contents, "\xef\xbb\xbf", 3) == 0)
    contents += 3, length -= 3;   /* a byte-order mark */
  if (!g_utf8_validate_len (contents, length, &bad))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING, _("%s:%u: not valid UTF-8"), path,
                   line_at (contents, bad));
      return FALSE;
    }

  reader.lines = g_hash_table_new (NULL, NULL);
  reader.stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &reader);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &reader);
  g_signal_connect (parser, "error", G_CALLBACK (on_error), &reader);
  if (!json_parser_load_from_data (parser, contents, (gssize)length, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s:%u: not valid JSON: %s"), path,
                   reader.error_line, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    tasks = json_node_get_array (root);
  else if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                   _("%s: expected a JSON array of Label Studio tasks"), path);
      return FALSE;
    }
  n_tasks = tasks ? json_array_get_length (tasks) : 1;
  if (n_tasks == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no tasks in the file"), path);
      return FALSE;
    }
  for (guint i = 0; i < n_tasks; i++)
    {
      JsonNode *node = tasks ? json_array_get_element (tasks, i) : root;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: task %u is not an object"), path,
                       i + 1);
          return FALSE;
        }
      if (!import_task (&reader, json_node_get_object (node), error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Recognising a file                                                                           */

static int
ls_probe (const char *path,
          const char *head,
          gsize       head_length)
{
  g_autofree char *h = g_strndup (head, head_length);
  const char *p = h;

  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '[')
    return 0;
  if (strstr (p, "\"annotations\"") != NULL && strstr (p, "\"result\"") != NULL)
    return g_str_has_suffix (path, ".json") ? 90 : 60;
  if (strstr (p, "\"data\"") != NULL && g_str_has_suffix (path, ".json"))
    return 40;
  return 0;
}

const GlsFormat gls_format_labelstudio = {
  .name = "labelstudio",
  .title = "Label Studio JSON",
  .unit = GLS_OFFSET_CODE_POINTS,
  .extension = ".json",
  .probe = ls_probe,
  .read = ls_read,
  .begin = ls_begin,
  .write = ls_write,
  .end = ls_end,
};
