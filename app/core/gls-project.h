/* gls-project.h — a Glossator project: one SQLite file, the single source of truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"
#include "gls-document.h"
#include "gls-label.h"
#include "gls-span.h"

G_BEGIN_DECLS

/* The schema version this build writes. Files with a higher PRAGMA user_version are refused. */
#define GLS_PROJECT_SCHEMA_VERSION 4

typedef enum
{
  GLS_PROJECT_OPEN_DEFAULT    = 0,
  GLS_PROJECT_OPEN_READ_ONLY  = 1 << 0, /* never write; still fails on a locked file */
} GlsProjectOpenFlags;

typedef enum
{
  GLS_PROJECT_CREATE_DEFAULT      = 0,
  GLS_PROJECT_CREATE_EMPTY_SCHEMA = 1 << 0, /* no "News" labels */
} GlsProjectCreateFlags;

#define GLS_TYPE_PROJECT (gls_project_get_type ())
G_DECLARE_FINAL_TYPE (GlsProject, gls_project, GLS, PROJECT, GObject)

GlsProject  *gls_project_create              (const char            *path,
                                              GlsProjectCreateFlags  flags,
                                              GError               **error);
GlsProject  *gls_project_open                (const char            *path,
                                              GlsProjectOpenFlags    flags,
                                              GError               **error);
const char  *gls_project_get_path            (GlsProject            *self);
char        *gls_project_dup_title           (GlsProject            *self);
gboolean     gls_project_get_read_only       (GlsProject            *self);

/* The annotator new edits are recorded for (defaults to the user's login name). */
const char  *gls_project_get_annotator       (GlsProject            *self);
void         gls_project_set_annotator       (GlsProject            *self,
                                              const char            *name);

/* Models for the GUI. */
GListModel  *gls_project_get_documents       (GlsProject            *self);
GListModel  *gls_project_get_labels          (GlsProject            *self);
GStrv        gls_project_list_annotators     (GlsProject            *self);
GStrv        gls_project_list_relation_types (GlsProject            *self);

GlsDocument *gls_project_lookup_document     (GlsProject            *self,
                                              gint64                 document_id);
GlsLabel    *gls_project_lookup_label        (GlsProject            *self,
                                              gint64                 label_id);
GlsLabel    *gls_project_find_label          (GlsProject            *self,
                                              const char            *name);

char        *gls_project_load_text           (GlsProject            *self,
                                              gint64                 document_id,
                                              GError               **error);
GListModel  *gls_project_list_spans          (GlsProject            *self,
                                              gint64                 document_id,
                                              GError               **error);
const gint64 *gls_project_get_changed_spans  (GlsProject            *self,
                                              guint                 *n_spans);
gboolean     gls_project_get_snap_to_tokens  (GlsProject            *self);
gboolean     gls_project_set_snap_to_tokens  (GlsProject            *self,
                                              gboolean               snap,
                                              GError               **error);
GlsSpan     *gls_project_get_span            (GlsProject            *self,
                                              gint64                 span_id,
                                              GError               **error);

/* Edits. Each is one transaction and one journal entry, so it is saved when it returns. */
GlsLabel    *gls_project_add_label           (GlsProject            *self,
                                              const char            *name,
                                              const char            *color,
                                              const char            *key,
                                              const char            *description,
                                              GError               **error);
gboolean     gls_project_add_relation_type   (GlsProject            *self,
                                              const char            *name,
                                              const char            *description,
                                              GError               **error);
gint64       gls_project_add_document        (GlsProject            *self,
                                              const char            *title,
                                              const char            *text,
                                              const char            *source,
                                              GError               **error);
gboolean     gls_project_set_document_status (GlsProject            *self,
                                              gint64                 document_id,
                                              GlsDocumentStatus      status,
                                              GError               **error);
gint64       gls_project_add_span            (GlsProject            *self,
                                              gint64                 document_id,
                                              const GlsFragment     *fragments,
                                              guint                  n_fragments,
                                              gint64                 label_id,
                                              GError               **error);
gboolean     gls_project_delete_span         (GlsProject            *self,
                                              gint64                 span_id,
                                              GError               **error);
gboolean     gls_project_set_span_label      (GlsProject            *self,
                                              gint64                 span_id,
                                              gint64                 label_id,
                                              GError               **error);
gboolean     gls_project_set_span_fragments  (GlsProject            *self,
                                              gint64                 span_id,
                                              const GlsFragment     *fragments,
                                              guint                  n_fragments,
                                              GError               **error);
gboolean     gls_project_set_span_note       (GlsProject            *self,
                                              gint64                 span_id,
                                              const char            *note,
                                              GError               **error);
gboolean     gls_project_set_span_kb_id      (GlsProject            *self,
                                              gint64                 span_id,
                                              const char            *kb_id,
                                              GError               **error);
gboolean     gls_project_set_span_attribute  (GlsProject            *self,
                                              gint64                 span_id,
                                              const char            *key,
                                              const char            *value,
                                              GError               **error);
gint64       gls_project_add_relation        (GlsProject            *self,
                                              const char            *type,
                                              gint64                 source_span,
                                              gint64                 target_span,
                                              GError               **error);
gboolean     gls_project_delete_relation     (GlsProject            *self,
                                              gint64                 relation_id,
                                              GError               **error);

/* "Label all occurrences": every other exact, not yet labelled mention of a span's text. */
typedef struct
{
  gint64 document_id;
  gint64 start;
  gint64 end;
} GlsOccurrence;

GArray      *gls_project_find_occurrences    (GlsProject            *self,
                                              gint64                 span_id,
                                              gboolean               whole_project,
                                              gboolean               match_case,
                                              gboolean               whole_word,
                                              GError               **error);
guint        gls_project_add_spans           (GlsProject            *self,
                                              const GlsOccurrence   *occurrences,
                                              guint                  n_occurrences,
                                              gint64                 label_id,
                                              GError               **error);
guint        gls_project_add_spans_for       (GlsProject            *self,
                                              const char            *annotator,
                                              const GlsOccurrence   *occurrences,
                                              guint                  n_occurrences,
                                              gint64                 label_id,
                                              GError               **error);

/* Undo and redo walk the journal, which lives in the database: they work after reopening. */
gboolean     gls_project_can_undo            (GlsProject            *self);
gboolean     gls_project_can_redo            (GlsProject            *self);
gboolean     gls_project_undo                (GlsProject            *self,
                                              GError               **error);
gboolean     gls_project_redo                (GlsProject            *self,
                                              GError               **error);
char        *gls_project_describe_undo       (GlsProject            *self);

/* Counts for `glossator-cli stats` and the window. */
typedef struct
{
  guint  n_documents;
  guint  n_documents_by_status[GLS_DOCUMENT_STATUS_LAST + 1];
  guint  n_spans;
  guint  n_relations;
  guint  n_annotators;
  guint  n_labels;
  gint64 n_characters;
  guint  n_journal_entries;
} GlsProjectStats;

gboolean     gls_project_get_stats           (GlsProject            *self,
                                              GlsProjectStats       *stats,
                                              GError               **error);
/* Per label name → number of spans (guint stored with GUINT_TO_POINTER). */
GHashTable  *gls_project_count_spans_by_label (GlsProject           *self,
                                               GError              **error);

G_END_DECLS
