/* gls-relations.h — the relations of one span, read for showing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gls-project.h"

G_BEGIN_DECLS

/**
 * GlsRelation:
 * @id: the relation's row id, for gls_project_delete_relation()
 * @type: its type, e.g. "met-with"
 * @source: the span it starts from
 * @target: the span it points to
 * @source_text: the text @source covers (its fragments joined with " … ")
 * @target_text: the text @target covers
 * @annotator: who recorded it
 *
 * One relation as a reader sees it: source — type → target.
 */
typedef struct
{
  gint64 id;
  char *type;
  gint64 source;
  gint64 target;
  char *source_text;
  char *target_text;
  char *annotator;
} GlsRelation;

void       gls_relation_free          (GlsRelation  *relation);

GPtrArray *gls_project_list_relations (GlsProject   *self,
                                       gint64        span_id,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsRelation, gls_relation_free)

G_END_DECLS
