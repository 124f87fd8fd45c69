/* gls-merge.h — bringing another annotator's project into this one, and who did what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

/* What a merge did for one annotator's spans. */
typedef struct
{
  char *annotator;
  guint n_spans_added;
  guint n_spans_present;   /* equal spans this project had already */
} GlsMergeAnnotator;

typedef struct
{
  guint n_documents_matched;   /* the same text was here already (whatever its title or id) */
  guint n_documents_added;
  guint n_spans_added;
  guint n_spans_present;
  guint n_relations_added;
  guint n_relations_present;
  guint n_labels_added;
  guint n_relation_types_added;
  GPtrArray *annotators;       /* of GlsMergeAnnotator, by name */
} GlsMergeStats;

void       gls_merge_stats_clear                 (GlsMergeStats   *stats);
/* Whether the merge added nothing at all (merging a file a second time). */
gboolean   gls_merge_stats_is_empty              (const GlsMergeStats *stats);

gboolean   gls_project_merge                     (GlsProject      *self,
                                                  const char      *other_path,
                                                  GlsMergeStats   *stats,
                                                  GCancellable    *cancellable,
                                                  GError         **error);
/* The same within an import the caller commits, so that several files go in as one. */
gboolean   gls_import_merge_project              (GlsImport       *import,
                                                  const char      *other_path,
                                                  const char      *annotator,
                                                  GlsMergeStats   *stats,
                                                  GCancellable    *cancellable,
                                                  GError         **error);

/* Whether @path looks like a project file (an SQLite database), without opening it. */
gboolean   gls_merge_probe                       (const char      *path);

/* Per document, whose spans it has: the reviewer's view of who did which documents. */
typedef struct
{
  gint64 document_id;
  char *annotator;
  guint n_spans;
} GlsDocumentAnnotator;

void       gls_document_annotator_free           (GlsDocumentAnnotator *entry);
GPtrArray *gls_project_list_document_annotators  (GlsProject      *self,
                                                  GError         **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GlsMergeStats, gls_merge_stats_clear)

G_END_DECLS
