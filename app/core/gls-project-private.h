/* gls-project-private.h — what the core's own modules share and nobody else sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gls-project.h"
#include "gls-span-list.h"

G_BEGIN_DECLS

/* Keeps the full-text index in step with new documents (schema step 3). GlsImport drops it
 * for its transaction and indexes the new rows in one statement, then creates it again. */
#define GLS_SQL_FTS_INSERT_TRIGGER \
  "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN" \
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);" \
  "END;"

/* Object constructors used when rows are loaded. */
GlsLabel    *_gls_label_new            (gint64             id,
                                        const char        *name,
                                        const char        *color,
                                        const char        *key,
                                        const char        *description,
                                        int                position);
void         _gls_label_update         (GlsLabel          *self,
                                        const char        *name,
                                        const char        *color,
                                        const char        *key,
                                        const char        *description,
                                        int                position);
GlsDocument *_gls_document_new         (gint64             id,
                                        const char        *title,
                                        const char        *source,
                                        gint64             imported,
                                        GlsDocumentStatus  status,
                                        guint              n_spans,
                                        gint64             length);
void         _gls_document_set_status  (GlsDocument       *self,
                                        GlsDocumentStatus  status);
void         _gls_document_set_title   (GlsDocument       *self,
                                        const char        *title);
void         _gls_document_set_n_spans (GlsDocument       *self,
                                        guint              n_spans);
GlsSpan     *_gls_span_new             (gint64             id,
                                        gint64             document_id,
                                        gint64             label_id,
                                        const char        *annotator,
                                        const GlsFragment *fragments,
                                        guint              n_fragments,
                                        const char        *note,
                                        const char        *kb_id,
                                        GHashTable        *attributes,
                                        gint64             created,
                                        gint64             changed);

void         _gls_span_defer_details   (GlsSpan           *self,
                                        GlsSpanList       *list);
gboolean     _gls_span_list_get_details (GlsSpanList      *self,
                                         gint64            span_id,
                                         char            **note,
                                         char            **kb_id,
                                         char            **attributes,
                                         gint64           *created,
                                         gint64           *changed);

/* The database handle, for the edit journal and the importers. */
sqlite3     *_gls_project_get_db       (GlsProject        *self);
gboolean     _gls_project_check_sql    (GlsProject        *self,
                                        int                rc,
                                        GError           **error);
sqlite3_stmt *_gls_project_prepare     (GlsProject        *self,
                                        const char        *sql,
                                        GError           **error);
sqlite3_stmt *_gls_project_cached      (GlsProject        *self,
                                        const char        *sql,
                                        GError           **error);
gboolean     _gls_project_exec         (GlsProject        *self,
                                        const char        *sql,
                                        GError           **error);
gint64       _gls_project_ensure_annotator (GlsProject    *self,
                                            const char    *name,
                                            GError       **error);
gint64       _gls_project_now          (void);
gboolean     _gls_project_check_writable (GlsProject      *self,
                                          GError         **error);
gint64       _gls_project_add_span_as  (GlsProject        *self,
                                        const char        *annotator,
                                        const char        *op,
                                        gint64             document_id,
                                        const GlsFragment *fragments,
                                        guint              n_fragments,
                                        gint64             label_id,
                                        GError           **error);

/* The span ids an edit touched, for gls_project_get_changed_spans() during its signals, and
 * per document how many spans it added (removed: negative); NULL when not known. */
void         _gls_project_set_changed_spans (GlsProject   *self,
                                             GArray       *span_ids,
                                             GHashTable   *span_deltas);

/* Called after a transaction commits, with the rows it touched, to refresh the models. */
void         _gls_project_rows_changed (GlsProject        *self,
                                        GHashTable        *document_ids,
                                        gboolean           documents_changed,
                                        gboolean           labels_changed,
                                        gboolean           new_documents);

/* gls-edit.c: an edit is one transaction plus one journal entry that can undo and redo it. */
typedef struct _GlsEdit GlsEdit;

GlsEdit     *_gls_edit_begin           (GlsProject        *project,
                                        const char        *op,
                                        gint64             document_id,
                                        GError           **error);
gboolean     _gls_edit_touch           (GlsEdit           *edit,
                                        const char        *table,
                                        gint64             id,
                                        GError           **error);
void         _gls_edit_created         (GlsEdit           *edit,
                                        const char        *table,
                                        gint64             id);
gboolean     _gls_edit_commit          (GlsEdit           *edit,
                                        GError           **error);
void         _gls_edit_abort           (GlsEdit           *edit);
gboolean     _gls_journal_undo         (GlsProject        *project,
                                        gboolean           redo,
                                        GError           **error);
gboolean     _gls_journal_can          (GlsProject        *project,
                                        gboolean           redo);
char        *_gls_journal_describe     (GlsProject        *project,
                                        gboolean           redo);
gboolean     _gls_journal_record       (GlsProject        *project,
                                        const char        *op,
                                        gint64             document_id,
                                        const char        *changes_json,
                                        gboolean           undoable,
                                        GError           **error);

GHashTable  *_gls_parse_attributes     (const char        *json);
GlsSpanList *_gls_span_list_load      (GlsProject        *project,
                                        gint64             document_id,
                                        GError           **error);
const char  *_gls_project_get_annotator_name (GlsProject  *self,
                                              gint64       annotator_id);
gboolean     _gls_project_get_span_details   (GlsProject  *self,
                                              gint64       span_id,
                                              char       **note,
                                              char       **kb_id,
                                              char       **attributes,
                                              gint64      *created,
                                              gint64      *changed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
