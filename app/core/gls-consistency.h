/* gls-consistency.h — the same string labelled differently, or labelled here and not there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

/* One place the string occurs. */
typedef struct
{
  gint64 document_id;
  gint64 start;             /* characters (code points), like spans */
  gint64 end;
  const char *text;         /* as written there (owned by the group) */
  const char *label;        /* the span's label, or NULL where the string is not labelled */
  gint64 span_id;           /* 0 where it is not labelled */
} GlsConsistencyOccurrence;

typedef struct
{
  const char *label;        /* owned by the group */
  guint n_spans;
} GlsConsistencyLabel;

/* One string one annotator labelled inconsistently: with two or more labels, or labelled in
 * some places and not in others. */
typedef struct
{
  char *annotator;
  char *text;               /* the string, as it was first labelled */
  GArray *labels;           /* of GlsConsistencyLabel, most used first */
  guint n_labelled;
  guint n_unlabelled;
  GArray *occurrences;      /* of GlsConsistencyOccurrence, by document, then start */

  /*< private >*/
  GPtrArray *strings;       /* what the const char pointers above point into */
} GlsConsistencyGroup;

void       gls_consistency_group_free     (GlsConsistencyGroup  *group);

GPtrArray *gls_project_check_consistency  (GlsProject           *self,
                                           const char           *annotator,
                                           gboolean              ignore_case,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsConsistencyGroup, gls_consistency_group_free)

G_END_DECLS
