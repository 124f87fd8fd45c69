/* gls-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-document"

#include "gls-document.h"
#include "gls-project-private.h"

struct _GlsDocument
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *source;
  GDateTime *imported;
  GlsDocumentStatus status;
  guint n_spans;
  gint64 length;
};

G_DEFINE_FINAL_TYPE (GlsDocument, gls_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SOURCE,
  PROP_IMPORTED,
  PROP_STATUS,
  PROP_N_SPANS,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = { "new", "in-progress", "done", "reviewed" };

const char *
gls_document_status_to_string (GlsDocumentStatus status)
{
  g_return_val_if_fail (status <= GLS_DOCUMENT_STATUS_LAST, NULL);
  return status_names[status];
}

gboolean
gls_document_status_from_string (const char        *string,
                                 GlsDocumentStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (string, status_names[i]) == 0)
        {
          *status = (GlsDocumentStatus)i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
gls_document_finalize (GObject *object)
{
  GlsDocument *self = (GlsDocument *)object;

  g_free (self->title);
  g_free (self->source);
  g_clear_pointer (&self->imported, g_date_time_unref);

  G_OBJECT_CLASS (gls_document_parent_class)->finalize (object);
}

static void
gls_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GlsDocument *self = GLS_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_IMPORTED:
      g_value_set_boxed (value, self->imported);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_N_SPANS:
      g_value_set_uint (value, self->n_spans);
      break;
    case PROP_LENGTH:
      g_value_set_int64 (value, self->length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_document_class_init (GlsDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gls_document_finalize;
  object_class->get_property = gls_document_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTED] =
    g_param_spec_boxed ("imported", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, GLS_DOCUMENT_STATUS_LAST, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SPANS] =
    g_param_spec_uint ("n-spans", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] =
    g_param_spec_int64 ("length", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gls_document_init (GlsDocument *self)
{
}

GlsDocument *
_gls_document_new (gint64             id,
                   const char        *title,
                   const char        *source,
                   gint64             imported,
                   GlsDocumentStatus  status,
                   guint              n_spans,
                   gint64             length)
{
  GlsDocument *self = g_object_new (GLS_TYPE_DOCUMENT, NULL);

  self->id = id;
  self->title = g_strdup (title);
  self->source = g_strdup (source);
  self->imported = g_date_time_new_from_unix_local (imported);
  self->status = status;
  self->n_spans = n_spans;
  self->length = length;

  return self;
}

void
_gls_document_set_status (GlsDocument       *self,
                          GlsDocumentStatus  status)
{
  g_return_if_fail (GLS_IS_DOCUMENT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

void
_gls_document_set_title (GlsDocument *self,
                         const char  *title)
{
  g_return_if_fail (GLS_IS_DOCUMENT (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

void
_gls_document_set_n_spans (GlsDocument *self,
                           guint        n_spans)
{
  g_return_if_fail (GLS_IS_DOCUMENT (self));

  if (self->n_spans != n_spans)
    {
      self->n_spans = n_spans;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SPANS]);
    }
}

gint64
gls_document_get_id (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), 0);
  return self->id;
}

const char *
gls_document_get_title (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), NULL);
  return self->title;
}

const char *
gls_document_get_source (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), NULL);
  return self->source;
}

GDateTime *
gls_document_get_imported (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), NULL);
  return self->imported;
}

GlsDocumentStatus
gls_document_get_status (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), GLS_DOCUMENT_NEW);
  return self->status;
}

guint
gls_document_get_n_spans (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), 0);
  return self->n_spans;
}

gint64
gls_document_get_length (GlsDocument *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT (self), 0);
  return self->length;
}
