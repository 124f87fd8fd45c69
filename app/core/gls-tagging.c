/* gls-tagging.c — tokens and IOB tags for the token-based export formats
 *
 * Which spans a one-tag-per-token format can carry, decided the same way for every such
 * format:
 *
 *  - a discontinuous span cannot be written (its gap would be tagged too, or split it in
 *    two entities): it is dropped;
 *  - spans are taken in order of start, longer first (then by id); a span is kept when it
 *    shares no character with a span kept before it. So of nested spans the outermost is
 *    kept, and of two spans that overlap without nesting the one that starts first;
 *  - the kept spans' edges become token boundaries (gls_tokenize()), and no sentence break
 *    falls inside one; a kept span that covers no token (white space only) is dropped, one
 *    whose edges lie in white space is written on the tokens it covers.
 *
 * Each of those, and every note, knowledge-base id and attribute of a kept span, and every
 * relation, is one line of the loss report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-tagging"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gls-tagging.h"

gboolean
gls_tag_scheme_from_string (const char   *name,
                            GlsTagScheme *scheme)
{
  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "iob2") == 0)
    *scheme = GLS_TAG_SCHEME_IOB2;
  else if (g_ascii_strcasecmp (name, "iob1") == 0)
    *scheme = GLS_TAG_SCHEME_IOB1;
  else if (g_ascii_strcasecmp (name, "bioes") == 0)
    *scheme = GLS_TAG_SCHEME_BIOES;
  else
    return FALSE;
  return TRUE;
}

/* A note or attribute value fit for one line of the loss report. */
static char *
excerpt (const char *value)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = value; *p && n < 60; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (value, -1) > 60)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gint64
span_start (const GlsExportSpan *span)
{
  return span->fragments[0].start;
}

static gint64
span_end (const GlsExportSpan *span)
{
  return span->fragments[span->n_fragments - 1].end;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const GlsExportSpan *x = *(const GlsExportSpan * const *)a;
  const GlsExportSpan *y = *(const GlsExportSpan * const *)b;

  if (span_start (x) != span_start (y))
    return span_start (x) < span_start (y) ? -1 : 1;
  if (span_end (x) != span_end (y))
    return span_end (x) > span_end (y) ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The span's note, knowledge-base id and attributes, which no token format carries. */
static void
report_extras (GlsLossReport           *report,
               const GlsExportDocument *document,
               const GlsExportSpan     *span,
               const char              *format_title)
{
  if (span->note != NULL && *span->note)
    {
      g_autofree char *note = excerpt (span->note);
      gls_loss_report_add (report, document, span, _("%s: note “%s” not written (%s has no notes)"),
                           span->label, note, format_title);
    }
  if (span->kb_id != NULL && *span->kb_id)
    {
      g_autofree char *kb_id = excerpt (span->kb_id);
      gls_loss_report_add (report, document, span,
                           _("%s: knowledge-base id “%s” not written (%s has no links)"),
                           span->label, kb_id, format_title);
    }
  if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
    {
      guint n_keys;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (span->attributes, &n_keys);

      qsort (keys, n_keys, sizeof (gpointer), compare_keys);
      for (guint i = 0; i < n_keys; i++)
        {
          g_autofree char *key = excerpt (keys[i]);
          g_autofree char *value = excerpt (g_hash_table_lookup (span->attributes, keys[i]));

          gls_loss_report_add (report, document, span,
                               _("%s: attribute %s=“%s” not written (%s has no attributes)"),
                               span->label, key, value, format_title);
        }
    }
}

static void
report_relations (GlsLossReport           *report,
                  const GlsExportDocument *document,
                  const char              *format_title)
{
  g_autoptr(GHashTable) by_id = NULL;

  if (document->n_relations == 0)
    return;
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < document->n_spans; i++)
    g_hash_table_insert (by_id, &document->spans[i].id, &document->spans[i]);

  for (guint i = 0; i < document->n_relations; i++)
    {
      const GlsExportRelation *relation = &document->relations[i];
      const GlsExportSpan *source = g_hash_table_lookup (by_id, &relation->source);
      const GlsExportSpan *target = g_hash_table_lookup (by_id, &relation->target);

      if (source != NULL && target != NULL && source->n_fragments > 0 && target->n_fragments > 0)
        gls_loss_report_add (report, document, NULL,
                             _("relation %s from %s %" PRId64 "–%" PRId64
                               " to %s %" PRId64 "–%" PRId64
                               " not written (%s has no relations)"),
                             relation->type, source->label, span_start (source),
                             span_end (source), target->label, span_start (target),
                             span_end (target), format_title);
      else
        gls_loss_report_add (report, document, NULL,
                             _("relation %s from span %" PRId64 " to span %"
                               PRId64 " not written (%s has no relations)"),
                             relation->type, relation->source, relation->target, format_title);
    }
}

GlsTagging *
gls_tagging_new (const GlsExportDocument *document,
                 GlsTagScheme             scheme,
                 GlsLossReport           *report,
                 const char              *format_title)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_sized_new (document->n_spans);
  g_autoptr(GPtrArray) kept = g_ptr_array_sized_new (document->n_spans);
  g_autoptr(GArray) fragments = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment),
                                                   document->n_spans);
  GlsTagging *tagging = g_new0 (GlsTagging, 1);
  const char *text = document->text ? document->text : "";
  gsize text_bytes = document->text ? document->text_bytes : 0;
  gint64 n_chars = g_utf8_strlen (text, (gssize)text_bytes);
  const GlsExportSpan *last = NULL;
  const char *p = text;
  gint64 position = 0;
  guint n_tokens, t = 0;

  /* Which spans can be written at all. */
  for (guint i = 0; i < document->n_spans; i++)
    {
      const GlsExportSpan *span = &document->spans[i];

      if (span->n_fragments > 1)
        {
          if (report != NULL)
            gls_loss_report_add (report, document, span,
                                 _("%s: discontinuous span not representable in %s, dropped"),
                                 span->label, format_title);
          continue;
        }
      if (span->n_fragments == 0)
        continue;
      if (span_start (span) < 0 || span_end (span) > n_chars || span_start (span) >= span_end (span))
        {
          if (report != NULL)
            gls_loss_report_add (report, document, span,
                                 _("%s: offsets outside the text (%" PRId64
                                   " characters), dropped"), span->label, n_chars);
          continue;
        }
      g_ptr_array_add (candidates, (gpointer)span);
    }
  g_ptr_array_sort (candidates, compare_spans);

  /* The outermost, then the first. */
  for (guint i = 0; i < candidates->len; i++)
    {
      const GlsExportSpan *span = g_ptr_array_index (candidates, i);

      if (last != NULL && span_start (span) < span_end (last))
        {
          if (report == NULL)
            continue;
          if (span_start (span) == span_start (last) && span_end (span) == span_end (last))
            gls_loss_report_add (report, document, span,
                                 _("%s: same extent as %s %" PRId64 "–%" PRId64
                                   ", dropped"),
                                 span->label, last->label, span_start (last), span_end (last));
          else if (span_end (span) <= span_end (last))
            gls_loss_report_add (report, document, span,
                                 _("%s: nested inside %s %" PRId64 "–%" PRId64
                                   ", dropped"),
                                 span->label, last->label, span_start (last), span_end (last));
          else
            gls_loss_report_add (report, document, span,
                                 _("%s: overlaps %s %" PRId64 "–%" PRId64
                                   ", dropped"),
                                 span->label, last->label, span_start (last), span_end (last));
          continue;
        }
      g_ptr_array_add (kept, (gpointer)span);
      g_array_append_val (fragments, span->fragments[0]);
      last = span;
    }

  tagging->text = text;
  tagging->tokens = gls_tokenize (text, (gssize)text_bytes,
                                  (const GlsFragment *)(gpointer)fragments->data, fragments->len);
  n_tokens = tagging->tokens->len;
  tagging->bytes = g_new (gsize, 2 * (gsize)n_tokens + 1);
  tagging->labels = g_new0 (const char *, n_tokens + 1);
  tagging->prefixes = g_malloc (n_tokens + 1);
  memset (tagging->prefixes, 'O', n_tokens);
  tagging->n_sentences = n_tokens > 0
                         ? g_array_index (tagging->tokens, GlsToken, n_tokens - 1).sentence + 1
                         : 0;

  /* Byte offsets, walking the text once. */
  for (guint i = 0; i < n_tokens; i++)
    {
      const GlsToken *token = &g_array_index (tagging->tokens, GlsToken, i);

      p = g_utf8_offset_to_pointer (p, token->start - position);
      tagging->bytes[2 * i] = (gsize)(p - text);
      p = g_utf8_offset_to_pointer (p, token->end - token->start);
      tagging->bytes[2 * i + 1] = (gsize)(p - text);
      position = token->end;
    }

  /* Kept spans onto tokens; both are in order. */
  for (guint i = 0; i < kept->len; i++)
    {
      const GlsExportSpan *span = g_ptr_array_index (kept, i);
      const GlsToken *tokens = (const GlsToken *)(gpointer)tagging->tokens->data;
      guint first, end;

      while (t < n_tokens && tokens[t].end <= span_start (span))
        t++;
      if (t == n_tokens || tokens[t].start >= span_end (span))
        {
          if (report != NULL)
            gls_loss_report_add (report, document, span,
                                 _("%s: covers no token (only white space), dropped"),
                                 span->label);
          continue;
        }
      first = t;
      for (end = first + 1; end < n_tokens && tokens[end].start < span_end (span); end++)
        ;
      t = end;
      g_warn_if_fail (tokens[first].sentence == tokens[end - 1].sentence);

      if (report != NULL &&
          (tokens[first].start != span_start (span) || tokens[end - 1].end != span_end (span)))
        gls_loss_report_add (report, document, span,
                             _("%s: written as %" PRId64 "–%" PRId64
                               ", the tokens it covers (its edges are white space)"),
                             span->label, tokens[first].start, tokens[end - 1].end);

      for (guint k = first; k < end; k++)
        {
          tagging->labels[k] = span->label;
          tagging->prefixes[k] = 'I';
        }
      switch (scheme)
        {
        case GLS_TAG_SCHEME_IOB2:
          tagging->prefixes[first] = 'B';
          break;
        case GLS_TAG_SCHEME_IOB1:
          if (first > 0 && tagging->labels[first - 1] != NULL &&
              strcmp (tagging->labels[first - 1], span->label) == 0 &&
              tokens[first - 1].sentence == tokens[first].sentence)
            tagging->prefixes[first] = 'B';
          break;
        case GLS_TAG_SCHEME_BIOES:
          if (end - first == 1)
            tagging->prefixes[first] = 'S';
          else
            {
              tagging->prefixes[first] = 'B';
              tagging->prefixes[end - 1] = 'E';
            }
          break;
        default:
          g_assert_not_reached ();
        }

      if (report != NULL)
        report_extras (report, document, span, format_title);
    }

  if (report != NULL)
    report_relations (report, document, format_title);
  return tagging;
}

void
gls_tagging_free (GlsTagging *tagging)
{
  if (tagging == NULL)
    return;
  g_array_unref (tagging->tokens);
  g_free (tagging->bytes);
  g_free (tagging->labels);
  g_free (tagging->prefixes);
  g_free (tagging);
}

guint
gls_tagging_get_n_tokens (const GlsTagging *tagging)
{
  return tagging->tokens->len;
}

const char *
gls_tagging_get_token (const GlsTagging *tagging,
                       guint             token,
                       gsize            *length)
{
  g_return_val_if_fail (token < tagging->tokens->len, NULL);

  *length = tagging->bytes[2 * token + 1] - tagging->bytes[2 * token];
  return tagging->text + tagging->bytes[2 * token];
}

guint
gls_tagging_get_sentence (const GlsTagging *tagging,
                          guint             token)
{
  g_return_val_if_fail (token < tagging->tokens->len, 0);

  return g_array_index (tagging->tokens, GlsToken, token).sentence;
}

void
gls_tagging_append_tag (const GlsTagging *tagging,
                        guint             token,
                        GString          *out)
{
  g_return_if_fail (token < tagging->tokens->len);

  if (tagging->labels[token] == NULL)
    {
      g_string_append_c (out, 'O');
      return;
    }
  g_string_append_c (out, tagging->prefixes[token]);
  g_string_append_c (out, '-');
  g_string_append (out, tagging->labels[token]);
}
