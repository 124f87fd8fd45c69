/* gls-format-prodigy.c — Prodigy's JSON Lines (ner.manual, spans.manual, rel.manual), read and
 * written
 *
 * One task per line, as Prodigy's manual recipes save them and `prodigy db-out` exports them:
 *
 *   {"text": "Zoë met Ива", "_annotator_id": "anna",
 *    "tokens": [{"text": "Zoë", "start": 0, "end": 3, "id": 0, "ws": true}, …],
 *    "spans": [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PERSON"}, …],
 *    "relations": [{"head": 0, "child": 2, "head_span": {…}, "child_span": {…},
 *                   "label": "met-with"}],
 *    "answer": "accept", "meta": {"title": "…", "source": "a.txt"}}
 *
 * Offsets: Unicode code points. Prodigy and spaCy are Python and index str, which counts code
 * points; "token_end" is inclusive, as in Prodigy. Tokens come from gls_tokenize() with every
 * span fragment as a boundary, so each span starts and ends on a token boundary (Prodigy's
 * manual interfaces need that). A relation's "head" and "child" are the last tokens of its two
 * spans ("token_end"), which is what rel.manual writes for spans. Overlapping spans are written
 * as they are (spans.manual allows them; ner.manual does not, and the file says what it has).
 *
 * Annotators. Prodigy records who answered in "_annotator_id" (and "_session_id"), one task per
 * answer. A document whose spans are all by one annotator is written with that name there. With
 * several, the spans are merged into one task and the loss report says so; or, with the format
 * option "annotators" = "split", each annotator gets a task of their own, as Prodigy itself
 * stores them (a relation whose two spans are by different annotators is then lost).
 *
 * What Prodigy cannot hold goes to the loss report: discontinuous spans (not written, nor their
 * relations), notes, knowledge-base ids, attributes, merged annotators, and spans that cover no
 * token (white space only).
 *
 * Import: each line needs "text" and may have "spans" (each with integer "start" and "end" and a
 * "label"; "token_start" and "token_end" are optional but, with "tokens", must agree with the
 * characters) and "relations" (whose "head_span" and "child_span" must be among the line's
 * spans). Tasks answered "reject" or "ignore" are not annotations and are skipped. The
 * annotator is the one given to the reader, else "_annotator_id", else the project's current
 * one. Title and source come from "meta" ("title", "source"), else the file's name and line.
 * A document whose exact text the project has receives the spans (several annotators' answers
 * to one text land on one document). Lines longer than 64 MB are refused before they are read
 * whole (the option "max-line-bytes" lowers the limit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-prodigy"

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
#include "gls-tokenizer.h"


/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

typedef struct
{
  char *path;
  GOutputStream *out;
  GlsLossReport *report;
  gboolean split;
} ProdigyWriter;

/* A span placed on the tokens: token_start and token_end (inclusive), or FALSE if it covers no
 * token at all. */
typedef struct
{
  const GlsExportSpan *span;
  guint token_start;
  guint token_end;
} Placed;

static gboolean
place_span (GArray              *tokens,
            const GlsExportSpan *span,
            Placed              *placed)
{
  gint64 start = span->fragments[0].start;
  gint64 end = span->fragments[0].end;
  guint lo = 0, hi = tokens->len;

  /* The first token that ends after the span starts. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (tokens, GlsToken, mid).end <= start)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= tokens->len || g_array_index (tokens, GlsToken, lo).start >= end)
    return FALSE;
  placed->span = span;
  placed->token_start = lo;
  placed->token_end = lo;
  while (placed->token_end + 1 < tokens->len &&
         g_array_index (tokens, GlsToken, placed->token_end + 1).start < end)
    placed->token_end++;
  return TRUE;
}

static void
add_span_object (JsonBuilder  *builder,
                 const Placed *placed,
                 gboolean      with_label)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, placed->span->fragments[0].start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, placed->span->fragments[0].end);
  json_builder_set_member_name (builder, "token_start");
  json_builder_add_int_value (builder, placed->token_start);
  json_builder_set_member_name (builder, "token_end");
  json_builder_add_int_value (builder, placed->token_end);
  if (with_label)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, placed->span->label);
    }
  json_builder_end_object (builder);
}

static const Placed *
find_placed (GArray *placed,
             gint64  span_id)
{
  for (guint i = 0; i < placed->len; i++)
    if (g_array_index (placed, Placed, i).span->id == span_id)
      return &g_array_index (placed, Placed, i);
  return NULL;
}

/* One task: the spans of @annotator (every span when NULL) and the relations between them. */
static char *
build_task (const GlsExportDocument *doc,
            GlsOffsetMap            *map,
            GArray                  *tokens,
            GArray                  *placed,
            const char              *annotator,
            gsize                   *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_relations = 0;

  /* Merged, two annotators' equal spans (or relations) are written once. */
  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      char *key;

      if (annotator != NULL && strcmp (p->span->annotator, annotator) != 0)
        continue;
      key = g_strdup_printf ("%" PRId64 "-%" PRId64 " %s", p->span->fragments[0].start,
                             p->span->fragments[0].end, p->span->label);
      if (g_hash_table_add (seen, key))
        g_ptr_array_add (chosen, (gpointer)p);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, doc->text);
  if (annotator != NULL)
    {
      json_builder_set_member_name (builder, "_annotator_id");
      json_builder_add_string_value (builder, annotator);
      json_builder_set_member_name (builder, "_session_id");
      json_builder_add_string_value (builder, annotator);
    }

  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tokens->len; i++)
    {
      const GlsToken *token = &g_array_index (tokens, GlsToken, i);
      gsize a = 0, b = 0, next = 0;
      gboolean ws;

      gls_offset_map_char_to_byte (map, token->start, &a, NULL);
      gls_offset_map_char_to_byte (map, token->end, &b, NULL);
      ws = token->end < doc->n_chars &&
           gls_offset_map_char_to_byte (map, token->end, &next, NULL) &&
           g_unichar_isspace (g_utf8_get_char (doc->text + next));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      {
        g_autofree char *text = g_strndup (doc->text + a, b - a);
        json_builder_add_string_value (builder, text);
      }
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, token->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, token->end);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "ws");
      json_builder_add_boolean_value (builder, ws);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "spans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chosen->len; i++)
    add_span_object (builder, g_ptr_array_index (chosen, i), TRUE);
  json_builder_end_array (builder);

  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *relation = &doc->relations[i];
      const Placed *head = find_placed (placed, relation->source);
      const Placed *child = find_placed (placed, relation->target);

      if (head == NULL || child == NULL ||
          (annotator != NULL && (strcmp (head->span->annotator, annotator) != 0 ||
                                 strcmp (child->span->annotator, annotator) != 0)))
        continue;
      if (!g_hash_table_add (seen, g_strdup_printf ("%s: %" PRId64 "-%" PRId64 " %s -> %"
                                                    PRId64 "-%" PRId64 " %s", relation->type,
                                                    head->span->fragments[0].start,
                                                    head->span->fragments[0].end,
                                                    head->span->label,
                                                    child->span->fragments[0].start,
                                                    child->span->fragments[0].end,
                                                    child->span->label)))
        continue;
      if (n_relations++ == 0)
        {
          json_builder_set_member_name (builder, "relations");
          json_builder_begin_array (builder);
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "head");
      json_builder_add_int_value (builder, head->token_end);
      json_builder_set_member_name (builder, "child");
      json_builder_add_int_value (builder, child->token_end);
      json_builder_set_member_name (builder, "head_span");
      add_span_object (builder, head, TRUE);
      json_builder_set_member_name (builder, "child_span");
      add_span_object (builder, child, TRUE);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, relation->type);
      json_builder_end_object (builder);
    }
  if (n_relations > 0)
    json_builder_end_array (builder);

  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, "accept");
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
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

static gboolean
prodigy_write (gpointer                  data,
               const GlsExportDocument  *doc,
               GError                  **error)
{
  ProdigyWriter *writer = data;
  g_autoptr(GlsOffsetMap) own_map = NULL;
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  g_autoptr(GPtrArray) annotators = g_ptr_array_new ();
  GlsOffsetMap *map = doc->offsets;

  /* The pipeline hands over the text's offset map; build one for other callers. */
  if (map == NULL && g_utf8_validate_len (doc->text, doc->text_bytes, NULL))
    map = own_map = gls_offset_map_new (doc->text, (gssize)doc->text_bytes);
  if (map == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("document %" PRId64 ": the text is not valid UTF-8"), doc->id);
      return FALSE;
    }

  for (guint i = 0; i < doc->n_spans; i++)
    g_array_append_vals (boundaries, doc->spans[i].fragments, doc->spans[i].n_fragments);
  tokens = gls_tokenize (doc->text, (gssize)doc->text_bytes,
                         (const GlsFragment *)(gpointer)boundaries->data, boundaries->len);

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];
      Placed p;

      if (span->n_fragments > 1)
        {
          gls_format_add_loss (writer->report, doc, span,
                               _("discontinuous span (%u fragments, %s) not exported: Prodigy "
                                 "spans are contiguous"), span->n_fragments, span->label);
          continue;
        }
      if (!place_span (tokens, span, &p))
        {
          gls_format_add_loss (writer->report, doc, span,
                               _("span (%s) not exported: it covers no token"), span->label);
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
      g_array_append_val (placed, p);
    }

  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *relation = &doc->relations[i];
      const Placed *head = find_placed (placed, relation->source);
      const Placed *child = find_placed (placed, relation->target);

      if (head == NULL || child == NULL)
        gls_format_add_loss (writer->report, doc, NULL,
                             _("relation %" PRId64 " (%s) not exported: one of its spans was "
                               "not exported"), relation->id, relation->type);
      else if (writer->split && strcmp (head->span->annotator, child->span->annotator) != 0)
        gls_format_add_loss (writer->report, doc, NULL,
                             _("relation %" PRId64 " (%s) not exported: its spans are by %s and "
                               "%s, who have a task each"), relation->id, relation->type,
                             head->span->annotator, child->span->annotator);
    }

  if (annotators->len > 1 && !writer->split)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < annotators->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "",
                                (const char *)g_ptr_array_index (annotators, i));
      gls_format_add_loss (writer->report, doc, NULL,
                           _("annotators merged into one task: spans by %s (export with "
                             "annotators=split for a task each)"), names->str);
    }

  for (guint a = 0; a < MAX (annotators->len, 1); a++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;
      const char *annotator = NULL;
      gsize length;

      if (annotators->len == 1 || (writer->split && annotators->len > 1))
        annotator = g_ptr_array_index (annotators, a);
      line = build_task (doc, map, tokens, placed, annotator, &length);
      if (!g_output_stream_write_all (writer->out, line, length, NULL, NULL, &local_error) ||
          !g_output_stream_write_all (writer->out, "\n", 1, NULL, NULL, &local_error))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", writer->path,
                       local_error->message);
          return FALSE;
        }
      if (!writer->split)
        break;
    }
  return TRUE;
}

static gpointer
prodigy_begin (const char     *path,
               GlsProject     *project,
               GHashTable     *options,
               GlsLossReport  *report,
               GError        **error)
{
  const char *annotators = options ? g_hash_table_lookup (options, "annotators") : NULL;
  ProdigyWriter *writer;
  GOutputStream *out;

  if (annotators != NULL && g_strcmp0 (annotators, "merge") != 0 &&
      g_strcmp0 (annotators, "split") != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("unknown Prodigy annotators option “%s” (merge, split)"), annotators);
      return NULL;
    }
  if (!(out = gls_export_open_file (path, error)))
    return NULL;
  writer = g_new0 (ProdigyWriter, 1);
  writer->path = g_strdup (path);
  writer->out = out;
  writer->report = report;
  writer->split = g_strcmp0 (annotators, "split") == 0;
  return writer;
}

static gboolean
prodigy_end (gpointer   data,
             gboolean   success,
             GError   **error)
{
  ProdigyWriter *writer = data;
  gboolean ok = gls_export_close_file (writer->out, writer->path, success, error);

  g_object_unref (writer->out);
  g_free (writer->path);
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
  const char *annotator;     /* given to the reader, or NULL */
  const char *fallback;      /* the project's annotator */
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

/* A span read from the line, to find relations' ends among. */
typedef struct
{
  gint64 start;
  gint64 end;
  const char *label;
  gint64 id;
} ReadSpan;

/* The character offset where token @index of "tokens" starts (@end FALSE) or ends. */
static gboolean
token_offset (JsonArray *tokens,
              gint64     index,
              gboolean   end,
              gint64    *offset)
{
  JsonNode *node;

  if (index < 0 || index >= json_array_get_length (tokens))
    return FALSE;
  node = json_array_get_element (tokens, (guint)index);
  return JSON_NODE_HOLDS_OBJECT (node) &&
         gls_format_get_int_member (json_node_get_object (node), end ? "end" : "start", offset);
}

static gboolean
check_tokens (Reader      *reader,
              JsonObject  *span,
              JsonArray   *tokens,
              guint        index,
              gint64       start,
              gint64       end,
              GError     **error)
{
  gint64 token_start, token_end, at;

  if (tokens == NULL)
    return TRUE;
  if (gls_format_get_int_member (span, "token_start", &token_start) &&
      (!token_offset (tokens, token_start, FALSE, &at) || at != start))
    {
      set_line_error (error, GLS_ERROR_OFFSET, reader,
                      _("span %u: its token_start %" PRId64 " does not start at its start %"
                        PRId64), index + 1, token_start, start);
      return FALSE;
    }
  if (gls_format_get_int_member (span, "token_end", &token_end) &&
      (!token_offset (tokens, token_end, TRUE, &at) || at != end))
    {
      set_line_error (error, GLS_ERROR_OFFSET, reader,
                      _("span %u: its token_end %" PRId64 " does not end at its end %" PRId64),
                      index + 1, token_end, end);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_spans (Reader      *reader,
            JsonObject  *object,
            gint64       document,
            gint64       n_chars,
            const char  *annotator,
            GArray      *read,
            GError     **error)
{
  JsonArray *spans = gls_format_get_array_member (object, "spans");
  JsonArray *tokens = gls_format_get_array_member (object, "tokens");

  for (guint i = 0; spans != NULL && i < json_array_get_length (spans); i++)
    {
      JsonNode *node = json_array_get_element (spans, i);
      JsonObject *span = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GError) local_error = NULL;
      ReadSpan r;
      GlsFragment fragment;

      if (span == NULL || !gls_format_get_int_member (span, "start", &r.start) ||
          !gls_format_get_int_member (span, "end", &r.end))
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("span %u needs integer “start” and “end”"), i + 1);
          return FALSE;
        }
      if (!(r.label = gls_format_get_string_member (span, "label")))
        {
          set_line_error (error, GLS_ERROR_PARSE, reader, _("span %u has no “label”"), i + 1);
          return FALSE;
        }
      if (r.start < 0 || r.end > n_chars || r.end <= r.start)
        {
          set_line_error (error, GLS_ERROR_OFFSET, reader,
                          _("span %u: offsets %" PRId64 "–%" PRId64 " are not a range inside "
                            "the text (%" PRId64 " characters)"),
                          i + 1, r.start, r.end, n_chars);
          return FALSE;
        }
      if (!check_tokens (reader, span, tokens, i, r.start, r.end, error))
        return FALSE;

      fragment.start = r.start;
      fragment.end = r.end;
      r.id = gls_import_add_span (reader->import, document, &fragment, 1, r.label, annotator,
                                  NULL, NULL, NULL, &local_error);
      if (r.id == 0)
        {
          set_line_error (error, gls_format_code_of (local_error), reader, _("span %u: %s"), i + 1,
                          local_error->message);
          return FALSE;
        }
      g_array_append_val (read, r);
    }
  return TRUE;
}

/* The span of the line that a relation's "head_span" or "child_span" names. */
static const ReadSpan *
match_span (GArray     *read,
            JsonObject *ref)
{
  const char *label = gls_format_get_string_member (ref, "label");
  gint64 start, end;

  if (!gls_format_get_int_member (ref, "start", &start) ||
      !gls_format_get_int_member (ref, "end", &end))
    return NULL;
  for (guint i = 0; i < read->len; i++)
    {
      const ReadSpan *r = &g_array_index (read, ReadSpan, i);

      if (r->start == start && r->end == end && (label == NULL || strcmp (label, r->label) == 0))
        return r;
    }
  return NULL;
}

static gboolean
read_relations (Reader      *reader,
                JsonObject  *object,
                const char  *annotator,
                GArray      *read,
                GError     **error)
{
  JsonArray *relations = gls_format_get_array_member (object, "relations");

  for (guint i = 0; relations != NULL && i < json_array_get_length (relations); i++)
    {
      JsonNode *node = json_array_get_element (relations, i);
      JsonObject *relation = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *refs[2];
      const ReadSpan *ends[2];
      const char *type;

      if (relation == NULL || !(type = gls_format_get_string_member (relation, "label")))
        {
          set_line_error (error, GLS_ERROR_PARSE, reader,
                          _("relation %u needs a string “label”"), i + 1);
          return FALSE;
        }
      refs[0] = gls_format_get_object_member (relation, "head_span");
      refs[1] = gls_format_get_object_member (relation, "child_span");
      for (guint k = 0; k < 2; k++)
        if (!(ends[k] = match_span (read, refs[k])))
          {
            gint64 start = -1, end = -1;

            gls_format_get_int_member (refs[k], "start", &start);
            gls_format_get_int_member (refs[k], "end", &end);
            set_line_error (error, GLS_ERROR_PARSE, reader,
                            _("relation %u: its %s %" PRId64 "–%" PRId64 " is not among the "
                              "line's spans"), i + 1, k == 0 ? "head_span" : "child_span",
                            start, end);
            return FALSE;
          }
      if (!gls_import_add_relation (reader->import, type, ends[0]->id, ends[1]->id, annotator,
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
  const char *text = gls_format_get_string_member (object, "text");
  const char *answer = gls_format_get_string_member (object, "answer");
  const char *annotator = reader->annotator;
  JsonObject *meta = gls_format_get_object_member (object, "meta");
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (ReadSpan));
  gint64 document;

  if (text == NULL)
    {
      set_line_error (error, GLS_ERROR_PARSE, reader, _("the task has no string “text”"));
      return FALSE;
    }
  /* The line was valid UTF-8, but an escaped lone surrogate ("\ud83d") decodes to bytes that
   * are not. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_line_error (error, GLS_ERROR_ENCODING, reader, _("the text is not valid UTF-8"));
      return FALSE;
    }
  /* Rejected and ignored tasks are not annotations. */
  if (g_strcmp0 (answer, "reject") == 0 || g_strcmp0 (answer, "ignore") == 0)
    return TRUE;
  if (annotator == NULL)
    annotator = gls_format_get_string_member (object, "_annotator_id");
  if (annotator == NULL || *annotator == '\0')
    annotator = reader->fallback;

  document = gls_import_find_document (reader->import, text, -1);
  if (document == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *title = g_strdup (gls_format_get_string_member (meta, "title"));
      const char *source = gls_format_get_string_member (meta, "source");

      if (title == NULL)
        title = g_strdup_printf ("%s:%u", reader->basename, reader->line);
      document = gls_import_add_document (reader->import, title, text, -1,
                                          source ? source : reader->basename, &local_error);
      if (document == 0)
        {
          set_line_error (error, gls_format_code_of (local_error), reader, "%s",
                          local_error->message);
          return FALSE;
        }
    }

  return read_spans (reader, object, document, g_utf8_strlen (text, -1), annotator, read,
                     error) &&
         read_relations (reader, object, annotator, read, error);
}

static gboolean
prodigy_read (GlsImport   *import,
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
  reader.annotator = annotator;
  reader.fallback = gls_project_get_annotator (gls_import_get_project (import));

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
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no tasks in the file"), path);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Recognising a file                                                                           */

static int
prodigy_probe (const char *path,
               const char *head,
               gsize       head_length)
{
  g_autofree char *h = g_strndup (head, head_length);
  gboolean jsonl = g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path, ".json");
  gboolean hashes = strstr (h, "\"_input_hash\"") != NULL || strstr (h, "\"_task_hash\"") != NULL;
  gboolean spans = strstr (h, "\"spans\"") != NULL;
  gboolean prodigy = strstr (h, "\"tokens\"") != NULL || strstr (h, "\"answer\"") != NULL ||
                     strstr (h, "\"_annotator_id\"") != NULL;

  if (hashes)
    return jsonl ? 95 : 60;
  if (spans && prodigy)
    return jsonl ? 85 : 50;
  return 0;
}

const GlsFormat gls_format_prodigy = {
  .name = "prodigy",
  .title = "Prodigy JSONL",
  .unit = GLS_OFFSET_CODE_POINTS,
  .extension = ".jsonl",
  .probe = prodigy_probe,
  .read = prodigy_read,
  .begin = prodigy_begin,
  .write = prodigy_write,
  .end = prodigy_end,
};
