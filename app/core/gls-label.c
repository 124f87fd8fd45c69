/* gls-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-label"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gls-label.h"
#include "gls-project-private.h"

struct _GlsLabel
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char *color;
  char *key;
  char *description;
  int position;
};

G_DEFINE_FINAL_TYPE (GlsLabel, gls_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  PROP_KEY,
  PROP_DESCRIPTION,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gls_label_finalize (GObject *object)
{
  GlsLabel *self = (GlsLabel *)object;

  g_free (self->name);
  g_free (self->color);
  g_free (self->key);
  g_free (self->description);

  G_OBJECT_CLASS (gls_label_parent_class)->finalize (object);
}

static void
gls_label_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GlsLabel *self = GLS_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_label_class_init (GlsLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gls_label_finalize;
  object_class->get_property = gls_label_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gls_label_init (GlsLabel *self)
{
}

GlsLabel *
_gls_label_new (gint64      id,
                const char *name,
                const char *color,
                const char *key,
                const char *description,
                int         position)
{
  GlsLabel *self = g_object_new (GLS_TYPE_LABEL, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->color = g_strdup (color);
  self->key = g_strdup (key);
  self->description = g_strdup (description ? description : "");
  self->position = position;

  return self;
}

#define SET_STRING_PROP(field, prop)                                   \
  G_STMT_START {                                                       \
    if (g_strcmp0 (self->field, field) != 0)                           \
      {                                                                \
        g_free (self->field);                                          \
        self->field = g_strdup (field);                                \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);  \
      }                                                                \
  } G_STMT_END

void
_gls_label_update (GlsLabel   *self,
                   const char *name,
                   const char *color,
                   const char *key,
                   const char *description,
                   int         position)
{
  g_return_if_fail (GLS_IS_LABEL (self));

  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING_PROP (name, PROP_NAME);
  SET_STRING_PROP (color, PROP_COLOR);
  SET_STRING_PROP (key, PROP_KEY);
  SET_STRING_PROP (description, PROP_DESCRIPTION);
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
gls_label_get_id (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), 0);
  return self->id;
}

const char *
gls_label_get_name (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), NULL);
  return self->name;
}

const char *
gls_label_get_color (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), NULL);
  return self->color;
}

const char *
gls_label_get_key (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), NULL);
  return self->key;
}

const char *
gls_label_get_description (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), NULL);
  return self->description;
}

int
gls_label_get_position (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), 0);
  return self->position;
}

/**
 * gls_label_get_display_description:
 *
 * The description in the user's language: the built-in schemas' descriptions are stored in
 * English in the project file (which annotators share) and translated when shown.
 */
const char *
gls_label_get_display_description (GlsLabel *self)
{
  g_return_val_if_fail (GLS_IS_LABEL (self), NULL);
  return *self->description ? g_dgettext (GETTEXT_PACKAGE, self->description) : "";
}
