/* gls-span.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-span"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "gls-error.h"
#include "gls-span.h"
#include "gls-project-private.h"

struct _GlsSpan
{
  GObject parent_instance;

  gint64 id;
  gint64 document_id;
  gint64 label_id;
  char *annotator;             /* interned */
  GlsFragment *fragments;      /* points at @single for the usual one-fragment span */
  guint n_fragments;
  GlsFragment single;
  char *note;
  char *kb_id;
  GHashTable *attributes;
  gint64 created;
  gint64 changed;
  GlsSpanList *details_from;   /* set while the details are still to be read */
};

G_DEFINE_FINAL_TYPE (GlsSpan, gls_span, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL_ID,
  PROP_ANNOTATOR,
  PROP_START,
  PROP_END,
  PROP_NOTE,
  PROP_KB_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gls_span_finalize (GObject *object)
{
  GlsSpan *self = (GlsSpan *)object;

  if (self->fragments != &self->single)
    g_free (self->fragments);
  g_free (self->note);
  g_free (self->kb_id);
  g_clear_pointer (&self->attributes, g_hash_table_unref);
  g_clear_object (&self->details_from);

  G_OBJECT_CLASS (gls_span_parent_class)->finalize (object);
}

/* Note, knowledge-base id, attributes and times are read from the project when first asked
 * for: lists make thousands of spans and show none of these. */
static void
ensure_details (GlsSpan *self)
{
  g_autofree char *attributes = NULL;
  g_autoptr(GlsSpanList) list = g_steal_pointer (&self->details_from);

  if (list != NULL &&
      _gls_span_list_get_details (list, self->id, &self->note, &self->kb_id, &attributes,
                                  &self->created, &self->changed))
    self->attributes = _gls_parse_attributes (attributes);
}

/* The span's details are to be read, when asked for, through @list (whose project may be
 * gone by then: a list holds it weakly, once, where each span holding it would cost). */
void
_gls_span_defer_details (GlsSpan     *self,
                         GlsSpanList *list)
{
  g_set_object (&self->details_from, list);
}

static void
gls_span_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GlsSpan *self = GLS_SPAN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LABEL_ID:
      g_value_set_int64 (value, self->label_id);
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_START:
      g_value_set_int64 (value, gls_span_get_start (self));
      break;
    case PROP_END:
      g_value_set_int64 (value, gls_span_get_end (self));
      break;
    case PROP_NOTE:
      ensure_details (self);
      g_value_set_string (value, self->note);
      break;
    case PROP_KB_ID:
      ensure_details (self);
      g_value_set_string (value, self->kb_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_span_class_init (GlsSpanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gls_span_finalize;
  object_class->get_property = gls_span_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL_ID] =
    g_param_spec_int64 ("label-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KB_ID] =
    g_param_spec_string ("kb-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gls_span_init (GlsSpan *self)
{
}

/* Copies @fragments; takes ownership of @attributes. */
GlsSpan *
_gls_span_new (gint64             id,
               gint64             document_id,
               gint64             label_id,
               const char        *annotator,
               const GlsFragment *fragments,
               guint              n_fragments,
               const char        *note,
               const char *kb_id,
               GHashTable *attributes,
               gint64      created,
               gint64      changed)
{
  GlsSpan *self = g_object_new (GLS_TYPE_SPAN, NULL);

  g_assert (fragments != NULL && n_fragments > 0);

  self->id = id;
  self->document_id = document_id;
  self->label_id = label_id;
  self->annotator = (char *)g_intern_string (annotator);
  self->n_fragments = n_fragments;
  if (n_fragments == 1)
    {
      self->single = fragments[0];
      self->fragments = &self->single;
    }
  else
    self->fragments = g_memdup2 (fragments, sizeof (GlsFragment) * n_fragments);
  self->note = g_strdup (note);
  self->kb_id = g_strdup (kb_id);
  self->attributes = attributes; /* created on first use: most spans have none */
  self->created = created;
  self->changed = changed;

  return self;
}

gint64
gls_span_get_id (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->id;
}

gint64
gls_span_get_document_id (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->document_id;
}

gint64
gls_span_get_label_id (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->label_id;
}

const char *
gls_span_get_annotator (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  return self->annotator;
}

gint64
gls_span_get_start (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->fragments[0].start;
}

gint64
gls_span_get_end (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->fragments[self->n_fragments - 1].end;
}

guint
gls_span_get_n_fragments (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), 0);
  return self->n_fragments;
}

const GlsFragment *
gls_span_get_fragments (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  return self->fragments;
}

const char *
gls_span_get_note (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  ensure_details (self);
  return self->note;
}

const char *
gls_span_get_kb_id (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  ensure_details (self);
  return self->kb_id;
}

/**
 * gls_span_get_attributes:
 *
 * Returns: (transfer none): free key=value attributes, both strings
 */
GHashTable *
gls_span_get_attributes (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  ensure_details (self);
  if (self->attributes == NULL)
    self->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self->attributes;
}

GDateTime *
gls_span_get_created (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  ensure_details (self);
  return g_date_time_new_from_unix_utc (self->created);
}

GDateTime *
gls_span_get_changed (GlsSpan *self)
{
  g_return_val_if_fail (GLS_IS_SPAN (self), NULL);
  ensure_details (self);
  return g_date_time_new_from_unix_utc (self->changed);
}

/**
 * gls_fragments_to_string:
 *
 * The stored form of a fragment list: "start-end" pieces joined by ",".
 */
char *
gls_fragments_to_string (const GlsFragment *fragments,
                         guint              n_fragments)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < n_fragments; i++)
    g_string_append_printf (str, "%s%" PRId64 "-%" PRId64,
                            i ? "," : "", fragments[i].start, fragments[i].end);

  return g_string_free (str, FALSE);
}

gboolean
gls_fragments_parse (const char  *string,
                     GArray      *fragments,
                     GError     **error)
{
  const char *p = string;

  g_return_val_if_fail (string != NULL, FALSE);

  while (*p)
    {
      GlsFragment f;
      char *end;

      f.start = g_ascii_strtoll (p, &end, 10);
      if (end == p || *end != '-')
        goto bad;
      p = end + 1;
      f.end = g_ascii_strtoll (p, &end, 10);
      if (end == p || (*end != ',' && *end != '\0'))
        goto bad;
      g_array_append_val (fragments, f);
      p = *end ? end + 1 : end;
    }

  if (fragments->len > 0)
    return TRUE;

bad:
  g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
               _("malformed fragment list “%s”"), string);
  return FALSE;
}

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const GlsFragment *fa = a, *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  return 0;
}

/**
 * gls_fragments_normalize:
 * @fragments: (element-type GlsFragment): modified in place
 * @text_length: the document's length in characters, or -1 not to check
 *
 * Checks every fragment is a non-empty range inside the text, sorts them and merges
 * fragments that touch or overlap, so equal spans have equal fragment lists.
 */
gboolean
gls_fragments_normalize (GArray  *fragments,
                         gint64   text_length,
                         GError **error)
{
  guint out = 0;

  if (fragments->len == 0)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_OFFSET,
                           _("a span needs at least one fragment"));
      return FALSE;
    }

  for (guint i = 0; i < fragments->len; i++)
    {
      const GlsFragment *f = &g_array_index (fragments, GlsFragment, i);

      if (f->start < 0 || f->end <= f->start)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                       _("invalid span range %" PRId64 "–%" PRId64
                         " (the end must be after the start)"), f->start, f->end);
          return FALSE;
        }
      if (text_length >= 0 && f->end > text_length)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                       _("span range %" PRId64 "–%" PRId64
                         " is past the end of the text (%" PRId64 " characters)"),
                       f->start, f->end, text_length);
          return FALSE;
        }
    }

  g_array_sort (fragments, compare_fragments);

  for (guint i = 1; i < fragments->len; i++)
    {
      GlsFragment *prev = &g_array_index (fragments, GlsFragment, out);
      const GlsFragment *f = &g_array_index (fragments, GlsFragment, i);

      if (f->start <= prev->end)
        prev->end = MAX (prev->end, f->end);
      else
        g_array_index (fragments, GlsFragment, ++out) = *f;
    }
  g_array_set_size (fragments, out + 1);

  return TRUE;
}
