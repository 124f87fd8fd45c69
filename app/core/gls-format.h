/* gls-format.h — one small interface for every import/export format
 *
 * A format is one file (gls-format-NAME.c) that fills in a GlsFormat: how to recognise its
 * files, how to read them into an import transaction, how to write documents out, and the
 * unit its offsets count in. The window and glossator-cli both go through this table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-import.h"
#include "gls-offsets.h"
#include "gls-project.h"

G_BEGIN_DECLS

typedef enum
{
  GLS_OFFSET_CODE_POINTS,   /* Unicode characters: brat, Prodigy, Label Studio (since 2022), Glossator */
  GLS_OFFSET_UTF16,         /* UTF-16 code units: UIMA XMI, WebAnno TSV, doccano */
  GLS_OFFSET_TOKENS,        /* token indices: CoNLL, Hugging Face */
} GlsOffsetUnit;

/* ------------------------------------------------------------------------------------------ */
/* What an export writes: documents with their spans after filtering and label mapping.         */

typedef struct
{
  gint64 id;
  GlsFragment *fragments;
  guint n_fragments;
  const char *label;        /* after mapping */
  const char *annotator;
  const char *note;         /* NULL when none */
  const char *kb_id;        /* NULL when none */
  GHashTable *attributes;   /* NULL when none; string → string */
} GlsExportSpan;

typedef struct
{
  gint64 id;
  const char *type;
  gint64 source;            /* span ids */
  gint64 target;
  const char *annotator;
} GlsExportRelation;

typedef struct
{
  gint64 id;
  const char *title;
  const char *source;       /* file name it was imported from, or NULL */
  const char *status;       /* "new", "in-progress", "done", "reviewed" */
  const char *text;
  gsize text_bytes;
  gint64 n_chars;
  GlsOffsetMap *offsets;    /* of @text: convert code points to bytes and UTF-16 units here */
  GlsExportSpan *spans;     /* ordered by start, then end descending (outer first) */
  guint n_spans;
  GlsExportRelation *relations;
  guint n_relations;
  const char *split;        /* "train", "dev", "test", or NULL when not splitting */
  GBytes *prepared;         /* what the format's prepare() made of this document, or NULL */
} GlsExportDocument;

/* ------------------------------------------------------------------------------------------ */
/* The loss report: what a format could not carry, never lost silently.                        */

typedef struct _GlsLossReport GlsLossReport;

GlsLossReport *gls_loss_report_new      (void);
void           gls_loss_report_free     (GlsLossReport           *report);
/* @span may be NULL for things that are not a span (a relation, a document property). */
void           gls_loss_report_add      (GlsLossReport           *report,
                                         const GlsExportDocument *document,
                                         const GlsExportSpan     *span,
                                         const char              *format,
                                         ...) G_GNUC_PRINTF (4, 5);
guint          gls_loss_report_get_size (GlsLossReport           *report);
/* One line per loss: "DOCUMENT-ID<TAB>TITLE<TAB>START-END<TAB>what was lost". */
char          *gls_loss_report_to_text  (GlsLossReport           *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsLossReport, gls_loss_report_free)

/* ------------------------------------------------------------------------------------------ */

typedef struct _GlsFormatWriter GlsFormatWriter;

typedef struct
{
  const char *name;          /* as given to --format: "brat", "conll", … */
  const char *title;         /* for people: "brat standoff" */
  GlsOffsetUnit unit;
  const char *extension;     /* of the file it writes (".conll"), or NULL: it writes a folder */

  /* How sure (0–100) that a file with this name and these first bytes is in this format. */
  int        (*probe)  (const char *path, const char *head, gsize head_length);

  /* Reads @path (a file, or a folder for formats that come as folders) into @import.
   * Spans name their annotator; @annotator, when not NULL, overrides it. Errors name the file
   * and the line (or element) and leave the import to be rolled back by the caller. */
  gboolean   (*read)   (GlsImport   *import,
                        const char  *path,
                        const char  *annotator,
                        GHashTable  *options,
                        GError     **error);

  /* Writing: begin at @path (a file or a folder, as the format needs), then one call per
   * document, then end. Everything the format cannot carry goes into @report. */
  gpointer   (*begin)  (const char     *path,
                        GlsProject     *project,
                        GHashTable     *options,   /* format options, e.g. "scheme" → "iob1" */
                        GlsLossReport  *report,
                        GError        **error);
  gboolean   (*write)  (gpointer                  writer,
                        const GlsExportDocument  *document,
                        GError                  **error);
  gboolean   (*end)    (gpointer   writer,
                        gboolean   success,
                        GError   **error);

  /* Optional: turns a document into the bytes write() will put out, without touching the
   * writer's state, so the pipeline can run it in another thread for some documents. write()
   * uses document->prepared when it is set and works it out itself otherwise. */
  GBytes    *(*prepare) (const GlsExportDocument *document);
} GlsFormat;

const GlsFormat  *gls_format_lookup   (const char *name);
const GlsFormat * const *gls_format_list (guint   *n_formats);
const GlsFormat  *gls_format_detect   (const char *path,
                                       GError    **error);

/* ------------------------------------------------------------------------------------------ */
/* Exporting: which documents, whose spans, which labels, and a reproducible split.            */

typedef struct
{
  int status;                /* a GlsDocumentStatus, or -1 for every document */
  const char *search;        /* only documents whose title or text contains this, or NULL */
  const char *annotator;     /* only this annotator's spans, or NULL for everyone's */
  gboolean gold;             /* only the adjudicated Gold layer (annotator "Gold") */
  GHashTable *label_map;     /* label → label to write instead; "" drops it. NULL: as is */
  gboolean split;            /* write train, dev and test parts */
  guint ratios[3];           /* relative sizes of train, dev, test (e.g. 80, 10, 10) */
  guint64 seed;              /* the same seed gives the same split */
} GlsExportOptions;

void      gls_export_options_init (GlsExportOptions *options);

typedef void (*GlsExportProgress) (guint    done,
                                   guint    total,
                                   gpointer user_data);

gboolean  gls_export_run (GlsProject              *project,
                          const GlsFormat         *format,
                          const char              *path,
                          const GlsExportOptions  *options,
                          GHashTable              *format_options,
                          GlsLossReport           *report,
                          GlsExportProgress        progress,
                          gpointer                 progress_data,
                          GCancellable            *cancellable,
                          GError                 **error);

/* Reads @path (its format detected when @format is NULL) into @project in one transaction. */
gboolean  gls_import_run (GlsProject       *project,
                          const GlsFormat  *format,
                          const char       *path,
                          const char       *annotator,
                          GHashTable       *format_options,
                          GError          **error);

/* For writers: a file (or "-", standard output) that replaces @path only on success. */
GOutputStream *gls_export_open_file  (const char     *path,
                                      GError        **error);
gboolean       gls_export_close_file (GOutputStream  *stream,
                                      const char     *path,
                                      gboolean        success,
                                      GError        **error);

/* Registered formats (each defined in its own file). */
extern const GlsFormat gls_format_jsonl;
extern const GlsFormat gls_format_conll;
extern const GlsFormat gls_format_hf;
extern const GlsFormat gls_format_brat;
extern const GlsFormat gls_format_doccano;
extern const GlsFormat gls_format_labelstudio;
extern const GlsFormat gls_format_prodigy;
extern const GlsFormat gls_format_webanno;
extern const GlsFormat gls_format_xmi;

G_END_DECLS
