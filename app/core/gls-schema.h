/* gls-schema.h — editing the label schema: labels and relation types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gls-project.h"

G_BEGIN_DECLS

/* Labels. Each edit is one transaction and one journal entry: one undo takes it back. */
gboolean     gls_project_update_label             (GlsProject  *self,
                                                   gint64       label_id,
                                                   const char  *name,
                                                   const char  *color,
                                                   const char  *key,
                                                   const char  *description,
                                                   GError     **error);
gboolean     gls_project_move_label               (GlsProject  *self,
                                                   gint64       label_id,
                                                   guint        new_position,
                                                   GError     **error);
gint64       gls_project_count_label_spans        (GlsProject  *self,
                                                   gint64       label_id,
                                                   GError     **error);
gboolean     gls_project_delete_label             (GlsProject  *self,
                                                   gint64       label_id,
                                                   GError     **error);

/* Relation types, by name (gls_project_list_relation_types() lists them in order). */
char        *gls_project_dup_relation_type_description (GlsProject  *self,
                                                        const char  *name);
gint64       gls_project_count_relation_type_uses (GlsProject  *self,
                                                   const char  *name,
                                                   GError     **error);
gboolean     gls_project_rename_relation_type     (GlsProject  *self,
                                                   const char  *old_name,
                                                   const char  *new_name,
                                                   const char  *description,
                                                   GError     **error);
gboolean     gls_project_delete_relation_type     (GlsProject  *self,
                                                   const char  *name,
                                                   GError     **error);

G_END_DECLS
