/* gls-project.c — opening, creating and migrating project files; models; edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-project"

#include <inttypes.h>
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-project-private.h"
#include "gls-review.h"

/* 'GLSS' in the SQLite header's application-id field tells our files from other databases. */
#define GLS_APPLICATION_ID 0x474C5353
G_STATIC_ASSERT (GLS_APPLICATION_ID == 1196184403); /* the literal used in PRAGMA application_id */

struct _GlsProject
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  gboolean read_only;
  char *annotator;

  GListStore *documents;
  GHashTable *documents_by_id;  /* gint64* → GlsDocument (borrowed from the store) */
  GListStore *labels;
  GHashTable *labels_by_id;     /* gint64* → GlsLabel (borrowed from the store) */
  GHashTable *annotator_names;  /* gint64* → interned name */
  GHashTable *statements;       /* static SQL text → sqlite3_stmt, see _gls_project_cached */
  sqlite3_stmt *span_details;
  GArray *changed_spans;        /* gint64: during ::spans-changed, the spans the edit touched */
  GHashTable *span_deltas;      /* gint64 document → gint64* spans added minus removed, ditto */
};

G_DEFINE_FINAL_TYPE (GlsProject, gls_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_ANNOTATOR,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_SNAP_TO_TOKENS,
  N_PROPS
};

enum {
  SPANS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* Schema and migrations. Step N brings a file from user_version N-1 to N. Never edit a step    */
/* that has shipped: add a new one.                                                             */

static const char *migration_steps[GLS_PROJECT_SCHEMA_VERSION] = {
  /* 1: the first schema */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE documents ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  source TEXT,"
  "  imported INTEGER NOT NULL,"
  "  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),"
  "  length INTEGER NOT NULL,"
  "  digest TEXT NOT NULL);"
  "CREATE INDEX documents_digest ON documents (digest);"
  "CREATE TABLE labels ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  color TEXT NOT NULL,"
  "  key TEXT,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE annotators (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE spans ("
  "  id INTEGER PRIMARY KEY,"
  "  document INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  label INTEGER NOT NULL REFERENCES labels (id),"
  "  annotator INTEGER NOT NULL REFERENCES annotators (id),"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  fragments TEXT NOT NULL DEFAULT '',"
  "  created INTEGER NOT NULL,"
  "  changed INTEGER NOT NULL,"
  "  CHECK (start >= 0 AND end > start));"
  "CREATE UNIQUE INDEX spans_identity ON spans (document, start, end, label, annotator, fragments);"
  "CREATE TABLE relations ("
  "  id INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  source INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,"
  "  target INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,"
  "  annotator INTEGER NOT NULL REFERENCES annotators (id),"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX relations_source ON relations (source);"
  "CREATE INDEX relations_target ON relations (target);"
  "CREATE TABLE journal ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  annotator TEXT,"
  "  op TEXT NOT NULL,"
  "  document INTEGER,"
  "  changes TEXT NOT NULL,"
  "  undoable INTEGER NOT NULL DEFAULT 1,"
  "  state INTEGER NOT NULL DEFAULT 0);",

  /* 2: span attributes (note, knowledge-base id, free key=value) and relation types */
  "ALTER TABLE spans ADD COLUMN note TEXT;"
  "ALTER TABLE spans ADD COLUMN kb_id TEXT;"
  "ALTER TABLE spans ADD COLUMN attributes TEXT;"
  "CREATE TABLE relation_types ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL);"
  "INSERT INTO relation_types (name, position)"
  "  SELECT type, row_number() OVER (ORDER BY min(id)) - 1 FROM relations GROUP BY type;"
  "CREATE INDEX journal_state ON journal (state, id);",

  /* 3: full-text search over the documents' titles and texts (see gls-search.c). The index
   * keeps no copy of the text; triggers keep it in step, a status change leaves it alone. */
  "CREATE VIRTUAL TABLE documents_fts USING fts5 ("
  "  title, text, content='documents', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');"
  GLS_SQL_FTS_INSERT_TRIGGER
  "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "END;"
  "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;",

  /* 4: adjudication (see gls-review.c). One decision per unit extent of a document: which
   * decision, whose version it took, what was compared, who decided and when. The Gold
   * layer itself is spans of the reserved annotator "Gold". */
  "CREATE TABLE decisions ("
  "  id INTEGER PRIMARY KEY,"
  "  document INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('accept', 'accept-all', 'reject', 'edit')),"
  "  accepted TEXT,"
  "  annotators TEXT NOT NULL,"
  "  spans TEXT NOT NULL,"
  "  reviewer TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  CHECK (start >= 0 AND end > start));"
  "CREATE UNIQUE INDEX decisions_unit ON decisions (document, start, end);",
};

typedef struct
{
  const char *name;
  const char *color;
  const char *key;
  const char *description;
} DefaultLabel;

/* The "News" schema (OntoNotes names). Colours are mid-tone so that a translucent fill and a
 * solid underline read on both light and dark backgrounds. */
static const DefaultLabel news_labels[] = {
  { "PERSON", "#3584e4", "1", N_("People, including fictional ones") },
  { "ORG", "#e66100", "2", N_("Companies, agencies, institutions, news outlets, legislatures") },
  { "GPE", "#26a269", "3", N_("Countries, cities, states: places with a government") },
  { "LOC", "#1a9fa6", "4", N_("Non-political locations: regions, mountains, seas") },
  { "DATE", "#a855c7", "5", N_("Absolute or relative dates or periods") },
  { "NORP", "#b97c00", "6", N_("Nationalities, religious or political groups") },
  { "EVENT", "#e01b24", "7", N_("Named events: elections, wars, summits, sports events") },
  { "LAW", "#986a44", "8", N_("Named laws, bills, treaties") },
  { "MISC", "#77767b", "9", N_("Other named things: products, works, programmes") },
};

static const char * const news_relation_types[][2] = {
  { "met-with", N_("A person met another person") },
  { "member-of", N_("A person belongs to an organisation or country") },
  { "located-in", N_("An organisation or place is located in a place") },
};

/* ------------------------------------------------------------------------------------------ */

gint64
_gls_project_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GlsError
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GLS_ERROR_LOCKED;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GLS_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return GLS_ERROR_READ_ONLY;
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return GLS_ERROR_IO;
    case SQLITE_CONSTRAINT:
      return GLS_ERROR_DUPLICATE;
    default:
      return GLS_ERROR_FAILED;
    }
}

static void
set_sqlite_error (GError     **error,
                  const char  *path,
                  sqlite3     *db,
                  int          rc)
{
  GlsError code = error_code_for_sqlite (rc);
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (code)
    {
    case GLS_ERROR_LOCKED:
      g_set_error (error, GLS_ERROR, code,
                   _("%s: the project is open in another Glossator window or process"), path);
      break;
    case GLS_ERROR_CORRUPT:
      g_set_error (error, GLS_ERROR, code,
                   _("%s: the project file is damaged (%s)"), path, detail);
      break;
    case GLS_ERROR_IO:
      if ((rc & 0xff) == SQLITE_FULL)
        g_set_error (error, GLS_ERROR, code,
                     _("%s: the disk is full; the last change was not saved"), path);
      else
        g_set_error (error, GLS_ERROR, code, _("%s: could not read or write the file (%s)"),
                     path, detail);
      break;
    case GLS_ERROR_READ_ONLY:
      g_set_error (error, GLS_ERROR, code, _("%s: the project cannot be written (%s)"),
                   path, detail);
      break;
    default:
      g_set_error (error, GLS_ERROR, code, "%s: %s", path, detail);
    }
}

gboolean
_gls_project_check_sql (GlsProject  *self,
                        int          rc,
                        GError     **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  set_sqlite_error (error, self->path, self->db, rc);
  return FALSE;
}

sqlite3 *
_gls_project_get_db (GlsProject *self)
{
  return self->db;
}

sqlite3_stmt *
_gls_project_prepare (GlsProject  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, 0, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, self->db, rc);
      return NULL;
    }
  return stmt;
}

/* A prepared statement kept for the project's lifetime, for queries run once per document
 * or per span: preparing costs more than running them. Reset and unbound on return; the
 * caller resets it after use and never finalizes it. */
sqlite3_stmt *
_gls_project_cached (GlsProject  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, self->db, rc);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

gboolean
_gls_project_exec (GlsProject  *self,
                   const char  *sql,
                   GError     **error)
{
  return _gls_project_check_sql (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), error);
}

static gboolean
db_exec (sqlite3     *db,
         const char  *path,
         const char  *sql,
         GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, db, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
db_get_int (sqlite3     *db,
            const char  *path,
            const char  *sql,
            gint64      *value,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, path, db, rc);
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                      */

static void
gls_project_dispose (GObject *object)
{
  GlsProject *self = (GlsProject *)object;

  g_clear_pointer (&self->documents_by_id, g_hash_table_unref);
  g_clear_object (&self->documents);
  g_clear_pointer (&self->labels_by_id, g_hash_table_unref);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (gls_project_parent_class)->dispose (object);
}

static void
gls_project_finalize (GObject *object)
{
  GlsProject *self = (GlsProject *)object;

  g_clear_pointer (&self->span_details, sqlite3_finalize);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->annotator_names, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Fold the write-ahead log back into the file so a closed project is one file. */
      if (!self->read_only)
        sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_free (self->path);
  g_free (self->annotator);

  G_OBJECT_CLASS (gls_project_parent_class)->finalize (object);
}

static void
gls_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GlsProject *self = GLS_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gls_project_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, gls_project_can_redo (self));
      break;
    case PROP_SNAP_TO_TOKENS:
      g_value_set_boolean (value, gls_project_get_snap_to_tokens (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_project_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GlsProject *self = GLS_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ANNOTATOR:
      gls_project_set_annotator (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_project_class_init (GlsProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* Before SQLite initialises: no global allocation statistics, whose mutex costs more than
   * anything else on the bulk-insert path. Fails harmlessly if SQLite was already in use. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->dispose = gls_project_dispose;
  object_class->finalize = gls_project_finalize;
  object_class->get_property = gls_project_get_property;
  object_class->set_property = gls_project_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP_TO_TOKENS] =
    g_param_spec_boolean ("snap-to-tokens", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlsProject::spans-changed:
   * @document_id: the document whose spans or relations changed
   *
   * Emitted after a committed edit, undo or redo changed the spans of a document.
   */
  signals[SPANS_CHANGED] =
    g_signal_new ("spans-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
gls_project_init (GlsProject *self)
{
  self->documents = g_list_store_new (GLS_TYPE_DOCUMENT);
  self->documents_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->labels = g_list_store_new (GLS_TYPE_LABEL);
  self->labels_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->annotator_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->annotator = g_strdup (g_get_user_name ());
}

/* ------------------------------------------------------------------------------------------ */
/* Loading the models                                                                           */

static gboolean
load_labels (GlsProject  *self,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = _gls_project_prepare (self,
                               "SELECT id, name, color, key, description, position FROM labels "
                               "ORDER BY position, id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GlsLabel *label = g_hash_table_lookup (self->labels_by_id, &id);
      const char *name = (const char *)sqlite3_column_text (stmt, 1);
      const char *color = (const char *)sqlite3_column_text (stmt, 2);
      const char *key = (const char *)sqlite3_column_text (stmt, 3);
      const char *description = (const char *)sqlite3_column_text (stmt, 4);
      int position = sqlite3_column_int (stmt, 5);

      /* Keep the objects the GUI already holds, so bindings stay alive across reloads. */
      if (label != NULL)
        {
          _gls_label_update (label, name, color, key, description, position);
          g_ptr_array_add (labels, g_object_ref (label));
        }
      else
        g_ptr_array_add (labels, _gls_label_new (id, name, color, key, description, position));
    }
  if (!_gls_project_check_sql (self, rc, error))
    return FALSE;

  g_hash_table_remove_all (self->labels_by_id);
  for (guint i = 0; i < labels->len; i++)
    {
      GlsLabel *label = g_ptr_array_index (labels, i);
      gint64 *key = g_new (gint64, 1);

      *key = gls_label_get_id (label);
      g_hash_table_insert (self->labels_by_id, key, label);
    }
  g_list_store_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                       labels->pdata, labels->len);
  return TRUE;
}

static GlsDocument *
document_from_row (sqlite3_stmt *stmt)
{
  return _gls_document_new (sqlite3_column_int64 (stmt, 0),
                            (const char *)sqlite3_column_text (stmt, 1),
                            (const char *)sqlite3_column_text (stmt, 2),
                            sqlite3_column_int64 (stmt, 3),
                            (GlsDocumentStatus)sqlite3_column_int (stmt, 4),
                            (guint)sqlite3_column_int64 (stmt, 6),
                            sqlite3_column_int64 (stmt, 5));
}

#define DOCUMENT_COLUMNS \
  "SELECT d.id, d.title, d.source, d.imported, d.status, d.length," \
  " (SELECT count(*) FROM spans s WHERE s.document = d.id) FROM documents d "

/* Appends documents with an id above the last one loaded: imports only ever add at the end. */
static gboolean
load_new_documents (GlsProject  *self,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  gint64 last_id = 0;
  int rc;

  if (n > 0)
    {
      g_autoptr(GlsDocument) last = g_list_model_get_item (G_LIST_MODEL (self->documents), n - 1);
      last_id = gls_document_get_id (last);
    }

  stmt = _gls_project_prepare (self, DOCUMENT_COLUMNS "WHERE d.id > ?1 ORDER BY d.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlsDocument *doc = document_from_row (stmt);
      g_ptr_array_add (docs, doc);
      g_hash_table_insert (self->documents_by_id, g_memdup2 (&(gint64){gls_document_get_id (doc)},
                                                             sizeof (gint64)), doc);
    }
  if (!_gls_project_check_sql (self, rc, error))
    return FALSE;

  g_list_store_splice (self->documents, n, 0, docs->pdata, docs->len);
  return TRUE;
}

static void
refresh_document (GlsProject *self,
                  gint64      document_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GlsDocument *doc = g_hash_table_lookup (self->documents_by_id, &document_id);

  if (doc == NULL)
    return;

  stmt = _gls_project_prepare (self, DOCUMENT_COLUMNS "WHERE d.id = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      _gls_document_set_title (doc, (const char *)sqlite3_column_text (stmt, 1));
      _gls_document_set_status (doc, (GlsDocumentStatus)sqlite3_column_int (stmt, 4));
      _gls_document_set_n_spans (doc, (guint)sqlite3_column_int64 (stmt, 6));
    }
}

void
_gls_project_rows_changed (GlsProject *self,
                           GHashTable *document_ids,
                           gboolean    documents_changed,
                           gboolean    labels_changed,
                           gboolean    new_documents)
{
  GHashTableIter iter;
  gpointer key;

  if (labels_changed)
    load_labels (self, NULL);
  if (new_documents)
    load_new_documents (self, NULL);

  if (document_ids != NULL)
    {
      g_hash_table_iter_init (&iter, document_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          GlsDocument *doc = g_hash_table_lookup (self->documents_by_id, key);
          gint64 *delta = self->span_deltas ? g_hash_table_lookup (self->span_deltas, key) : NULL;

          /* An edit of spans alone: the count moves by what it added and removed, without
           * counting a long document's spans again. */
          if (delta != NULL && doc != NULL)
            _gls_document_set_n_spans (doc, (guint)MAX (0, (gint64)gls_document_get_n_spans (doc) + *delta));
          else
            refresh_document (self, *(gint64 *)key);
        }
      g_hash_table_iter_init (&iter, document_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_signal_emit (self, signals[SPANS_CHANGED], 0, *(gint64 *)key);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* ------------------------------------------------------------------------------------------ */
/* Opening                                                                                      */

typedef struct
{
  gboolean is_sqlite;
  guint32 application_id;
  guint32 user_version;
} FileHeader;

static guint32
read_be32 (const guchar *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* Reads the 100-byte SQLite header without SQLite, so nothing about the file can change. */
static gboolean
read_header (const char  *path,
             FileHeader  *header,
             GError     **error)
{
  guchar buf[100];
  GStatBuf st;
  ssize_t n;
  int fd;

  memset (header, 0, sizeof *header);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR,
                   saved_errno == ENOENT ? GLS_ERROR_NOT_FOUND : GLS_ERROR_IO,
                   _("%s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_A_PROJECT,
                   _("%s: is a folder, not a Glossator project"), path);
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, _("%s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  n = read (fd, buf, sizeof buf);
  close (fd);

  if (n == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_A_PROJECT,
                   _("%s: the file is empty, not a Glossator project"), path);
      return FALSE;
    }
  if (n < (ssize_t)sizeof buf || memcmp (buf, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_A_PROJECT,
                   _("%s: not a Glossator project (the file is not an SQLite database)"), path);
      return FALSE;
    }

  header->is_sqlite = TRUE;
  header->user_version = read_be32 (buf + 60);
  header->application_id = read_be32 (buf + 68);
  return TRUE;
}

static gboolean
check_header (const char        *path,
              const FileHeader  *header,
              GError           **error)
{
  if (header->application_id != GLS_APPLICATION_ID)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_A_PROJECT,
                   _("%s: an SQLite database, but not a Glossator project"), path);
      return FALSE;
    }
  if (header->user_version > GLS_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_TOO_NEW,
                   _("%s: made by a newer version of Glossator (project format %u; this "
                     "version reads up to %u). Update Glossator to open it."),
                   path, header->user_version, GLS_PROJECT_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
file_is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  /* Permission bits first: root passes access(W_OK) on anything, yet a file whose owner
   * removed every write bit is meant to be left alone. */
  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    return FALSE;
  /* The write-ahead log lives beside the file. */
  return g_access (path, W_OK) == 0 && g_access (dir, W_OK | X_OK) == 0;
}

static gboolean
run_migrations (sqlite3     *db,
                const char  *path,
                guint        from_version,
                GError     **error)
{
  for (guint v = from_version; v < GLS_PROJECT_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!db_exec (db, path, migration_steps[v], error) ||
          !db_exec (db, path, set_version, error))
        return FALSE;
    }
  return TRUE;
}

/* Copies the file aside before a migration changes it, as NAME.vN.bak (or NAME.vN-2.bak, …
 * when that name is taken: an old backup is never mistaken for one of the current data). */
static gboolean
backup_before_migration (sqlite3     *db,
                         const char  *path,
                         guint        version,
                         GError     **error)
{
  g_autofree char *backup = g_strdup_printf ("%s.v%u.bak", path, version);
  g_autofree char *sql = NULL;
  char *quoted;

  for (guint n = 2; g_file_test (backup, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup);
      backup = g_strdup_printf ("%s.v%u-%u.bak", path, version, n);
    }
  quoted = sqlite3_mprintf ("VACUUM INTO %Q", backup);
  sql = g_strdup (quoted);
  sqlite3_free (quoted);
  return db_exec (db, path, sql, error);
}

static gboolean
configure_connection (sqlite3     *db,
                      const char  *path,
                      gboolean     read_only,
                      GError     **error)
{
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 0);

  /* One process owns a project: the first read takes a lock no other process can share,
   * held until close. A second window or a CLI on the same file gets a clear "locked". */
  if (!db_exec (db, path, "PRAGMA locking_mode = EXCLUSIVE", error))
    return FALSE;
  if (!db_exec (db, path, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (read_only)
    return TRUE;
  /* WAL with a full sync per commit: every edit survives a crash or a power cut. A larger
   * page cache keeps bulk imports off the disk until they commit. */
  return db_exec (db, path, "PRAGMA cache_size = -65536", error) &&
         db_exec (db, path, "PRAGMA journal_mode = WAL", error) &&
         db_exec (db, path, "PRAGMA synchronous = FULL", error);
}

static GlsProject *
open_database (const char           *path,
               GlsProjectOpenFlags   flags,
               GError              **error)
{
  g_autoptr(GlsProject) self = NULL;
  gboolean read_only = (flags & GLS_PROJECT_OPEN_READ_ONLY) != 0;
  gboolean writable;
  FileHeader header;
  gint64 app_id, version;
  sqlite3 *db = NULL;
  int rc;

  if (!read_header (path, &header, error) || !check_header (path, &header, error))
    return NULL;

  writable = file_is_writable (path);
  if (!read_only && !writable)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY,
                   _("%s: the project is read-only. Glossator saves every edit into the file; "
                     "copy it somewhere writable or change its permissions."), path);
      return NULL;
    }

  if (writable)
    {
      /* Read-only projects that could be written are still opened read-write, so that a
       * write-ahead log left by a crash is recovered; the API refuses every edit. */
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                            SQLITE_OPEN_EXRESCODE, NULL);
    }
  else
    {
      /* A write-protected file: SQLite cannot create its WAL index beside it, so read it as
       * an immutable snapshot (a write-protected file cannot change under us). */
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *ro_uri = g_strconcat (uri ? uri : path, "?mode=ro&immutable=1", NULL);

      rc = sqlite3_open_v2 (ro_uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                            SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, db, rc);
      sqlite3_close_v2 (db);
      return NULL;
    }

  self = g_object_new (GLS_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);
  self->db = db;
  self->read_only = read_only;

  /* The first statement that reads takes the lock: from here on, a BUSY means another
   * process has the file. Nothing has been written yet. */
  if (!configure_connection (db, path, TRUE, error) ||
      !db_get_int (db, path, "PRAGMA application_id", &app_id, error) ||
      !db_get_int (db, path, "PRAGMA user_version", &version, error))
    return NULL;

  if (app_id != GLS_APPLICATION_ID)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_A_PROJECT,
                   _("%s: an SQLite database, but not a Glossator project"), path);
      return NULL;
    }
  if (version > GLS_PROJECT_SCHEMA_VERSION || version < 1)
    {
      g_set_error (error, GLS_ERROR, version < 1 ? GLS_ERROR_CORRUPT : GLS_ERROR_TOO_NEW,
                   version < 1 ? _("%s: the project file has no schema") :
                   _("%s: made by a newer version of Glossator. Update Glossator to open it."),
                   path);
      return NULL;
    }

  /* Small files get a full structural check; on large ones damage surfaces at the query
   * that meets it, still as a GLS_ERROR_CORRUPT naming the file. */
  {
    GStatBuf st;
    if (g_stat (path, &st) == 0 && st.st_size < 64 * 1024 * 1024)
      {
        g_autoptr(sqlite3_stmt) stmt = NULL;

        rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
        if (rc == SQLITE_OK)
          rc = sqlite3_step (stmt);
        if (rc != SQLITE_ROW)
          {
            set_sqlite_error (error, path, db, rc);
            return NULL;
          }
        if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") != 0)
          {
            /* quick_check lists every damaged page; the first problem, on one line, is what
             * a person can read. */
            const char *report = (const char *)sqlite3_column_text (stmt, 0);
            const char *line_end;

            if (report == NULL)
              report = "";
            if (g_str_has_prefix (report, "*** in database main ***\n"))
              report += strlen ("*** in database main ***\n");
            line_end = strchr (report, '\n');
            g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
                         _("%s: the project file is damaged (%.*s)"), path,
                         line_end ? (int)(line_end - report) : (int)strlen (report), report);
            return NULL;
          }
      }
  }

  if (version < GLS_PROJECT_SCHEMA_VERSION)
    {
      if (read_only)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY,
                       _("%s: the project uses an older format and must be upgraded, which "
                         "needs write access"), path);
          return NULL;
        }
      if (!backup_before_migration (db, path, (guint)version, error) ||
          !db_exec (db, path, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!run_migrations (db, path, (guint)version, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("%s: the project could not be upgraded from format %u, and "
                                   "was left as it was: "), path, (guint)version);
          return NULL;
        }
      if (!db_exec (db, path, "COMMIT", error))
        return NULL;
    }

  if (!configure_connection (db, path, read_only, error))
    return NULL;

  if (!load_labels (self, error) || !load_new_documents (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gls_project_open:
 * @path: a `.glossator` file
 *
 * Opens a project. Files that are not projects, are damaged, come from a newer version,
 * cannot be written (unless @flags asks for read-only) or are open in another process are
 * refused with a #GlsError naming the file, and are left exactly as they were.
 */
GlsProject *
gls_project_open (const char           *path,
                  GlsProjectOpenFlags   flags,
                  GError              **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return open_database (path, flags, error);
}

static gboolean
insert_default_schema (sqlite3     *db,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO labels (name, color, key, description, position) "
                           "VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (news_labels); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, news_labels[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, news_labels[i].color, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, news_labels[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, news_labels[i].description, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int)i);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO relation_types (name, description, position) "
                                 "VALUES (?, ?, ?)", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (news_relation_types); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, news_relation_types[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, news_relation_types[i][1], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int)i);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * gls_project_create:
 * @path: where the new `.glossator` file goes; must not exist
 *
 * Creates a project with the current schema (and the "News" labels unless @flags says
 * otherwise). The file is built under a temporary name and renamed into place, so a failure
 * (a full disk, say) never leaves a half-made project at @path.
 */
GlsProject *
gls_project_create (const char             *path,
                    GlsProjectCreateFlags   flags,
                    GError                **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *title = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  char *quoted;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_EXISTS,
                   _("%s: a file with this name exists already"), path);
      return NULL;
    }

  tmp = g_strdup_printf ("%s.new-%d", path, (int)getpid ());
  g_unlink (tmp);

  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, db, rc);
      sqlite3_close_v2 (db);
      return NULL;
    }

  title = g_path_get_basename (path);
  if (g_str_has_suffix (title, ".glossator"))
    title[strlen (title) - strlen (".glossator")] = '\0';
  quoted = sqlite3_mprintf ("INSERT INTO meta (key, value) VALUES ('title', %Q), "
                            "('created', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')), "
                            "('created-by', %Q)", title, PACKAGE_NAME " " PACKAGE_VERSION);
  sql = g_strdup (quoted);
  sqlite3_free (quoted);

  ok = db_exec (db, path, "PRAGMA application_id = 1196184403", error) && /* 'GLSS' */
       db_exec (db, path, "PRAGMA journal_mode = WAL", error) &&
       db_exec (db, path, "BEGIN IMMEDIATE", error) &&
       run_migrations (db, path, 0, error) &&
       db_exec (db, path, sql, error) &&
       ((flags & GLS_PROJECT_CREATE_EMPTY_SCHEMA) || insert_default_schema (db, path, error)) &&
       db_exec (db, path, "COMMIT", error) &&
       db_exec (db, path, "PRAGMA wal_checkpoint(TRUNCATE)", error);

  rc = sqlite3_close_v2 (db);
  if (ok && rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, NULL, rc);
      ok = FALSE;
    }

  if (ok && g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_autofree char *wal = g_strconcat (tmp, "-wal", NULL);
      g_autofree char *shm = g_strconcat (tmp, "-shm", NULL);
      g_unlink (tmp);
      g_unlink (wal);
      g_unlink (shm);
      return NULL;
    }

  return gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Accessors                                                                                    */

const char *
gls_project_get_path (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return self->path;
}

char *
gls_project_dup_title (GlsProject *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  stmt = _gls_project_prepare (self, "SELECT value FROM meta WHERE key = 'title'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  return g_path_get_basename (self->path);
}

static gboolean check_writable (GlsProject  *self,
                                GError     **error);

/**
 * gls_project_get_snap_to_tokens:
 *
 * Whether selections made to label text snap to whole tokens (the default) or keep exact
 * characters: a project setting, so that everyone annotating it works alike.
 */
gboolean
gls_project_get_snap_to_tokens (GlsProject *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GLS_IS_PROJECT (self), TRUE);

  stmt = _gls_project_prepare (self, "SELECT value FROM meta WHERE key = 'snap-to-tokens'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "false") != 0;
  return TRUE;
}

gboolean
gls_project_set_snap_to_tokens (GlsProject  *self,
                                gboolean     snap,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (!check_writable (self, error) ||
      !(stmt = _gls_project_prepare (self, "INSERT OR REPLACE INTO meta (key, value) "
                                           "VALUES ('snap-to-tokens', ?1)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, snap ? "true" : "false", -1, SQLITE_STATIC);
  if (!_gls_project_check_sql (self, sqlite3_step (stmt), error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_TOKENS]);
  return TRUE;
}

gboolean
gls_project_get_read_only (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), TRUE);
  return self->read_only;
}

void
_gls_project_set_changed_spans (GlsProject *self,
                                GArray     *span_ids,
                                GHashTable *span_deltas)
{
  g_clear_pointer (&self->changed_spans, g_array_unref);
  g_clear_pointer (&self->span_deltas, g_hash_table_unref);
  if (span_ids != NULL)
    self->changed_spans = g_array_ref (span_ids);
  if (span_deltas != NULL)
    self->span_deltas = g_hash_table_ref (span_deltas);
}

/**
 * gls_project_get_changed_spans:
 * @n_spans: (out): how many
 *
 * While #GlsProject::spans-changed is emitted for an edit, undo or redo: the ids of the spans
 * it created, changed or deleted, so that lists can update just those.
 *
 * Returns: (nullable): the ids, or %NULL when the change is not known span by span (imports,
 *   schema changes): then everything may have changed
 */
const gint64 *
gls_project_get_changed_spans (GlsProject *self,
                               guint      *n_spans)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  *n_spans = self->changed_spans ? self->changed_spans->len : 0;
  return self->changed_spans ? (const gint64 *)(gpointer)self->changed_spans->data : NULL;
}

const char *
gls_project_get_annotator (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return self->annotator;
}

/**
 * gls_project_set_annotator:
 * @name: (nullable): who annotates from now on; %NULL or "" for the user's login name
 *
 * Sets the annotator new edits are recorded for. The reserved name %GLS_GOLD_ANNOTATOR is
 * refused (the annotator stays as it was): nobody labels as Gold by accident; Gold's spans
 * are made by decisions and gls_project_add_gold_span().
 */
void
gls_project_set_annotator (GlsProject *self,
                           const char *name)
{
  g_return_if_fail (GLS_IS_PROJECT (self));

  if (name == NULL || *name == '\0')
    name = g_get_user_name ();
  if (gls_annotator_is_gold (name))
    {
      g_debug ("“%s” is reserved for the adjudicated layer; the annotator stays “%s”",
               name, self->annotator);
      return;
    }
  if (g_strcmp0 (self->annotator, name) != 0)
    {
      g_free (self->annotator);
      self->annotator = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR]);
    }
}

/**
 * gls_project_get_documents:
 *
 * Returns: (transfer none): a #GListModel of #GlsDocument, in import order
 */
GListModel *
gls_project_get_documents (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->documents);
}

/**
 * gls_project_get_labels:
 *
 * Returns: (transfer none): a #GListModel of #GlsLabel, in schema order
 */
GListModel *
gls_project_get_labels (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->labels);
}

static GStrv
list_names (GlsProject *self,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _gls_project_prepare (self, sql, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

GStrv
gls_project_list_annotators (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return list_names (self, "SELECT name FROM annotators ORDER BY name");
}

GStrv
gls_project_list_relation_types (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return list_names (self, "SELECT name FROM relation_types ORDER BY position, id");
}

GlsDocument *
gls_project_lookup_document (GlsProject *self,
                             gint64      document_id)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return g_hash_table_lookup (self->documents_by_id, &document_id);
}

GlsLabel *
gls_project_lookup_label (GlsProject *self,
                          gint64      label_id)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return g_hash_table_lookup (self->labels_by_id, &label_id);
}

GlsLabel *
gls_project_find_label (GlsProject *self,
                        const char *name)
{
  guint n;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  for (guint i = 0; i < n; i++)
    {
      GlsLabel *label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);
      g_object_unref (label); /* the store keeps it alive */
      if (g_strcmp0 (gls_label_get_name (label), name) == 0)
        return label;
    }
  return NULL;
}

char *
gls_project_load_text (GlsProject  *self,
                       gint64       document_id,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  stmt = _gls_project_cached (self, "SELECT text FROM documents WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      char *text = g_strndup ((const char *)sqlite3_column_text (stmt, 0),
                              (gsize)sqlite3_column_bytes (stmt, 0));
      sqlite3_reset (stmt);
      return text;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                 _("%s: no document with id %" PRId64), self->path, document_id);
  else
    _gls_project_check_sql (self, rc, error);
  return NULL;
}

#define SPAN_COLUMNS \
  "SELECT s.id, s.document, s.label, a.name, s.start, s.end, s.fragments, s.note, s.kb_id," \
  " s.attributes, s.created, s.changed FROM spans s JOIN annotators a ON a.id = s.annotator "

GHashTable *
_gls_parse_attributes (const char *json)
{
  GHashTable *attributes;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (json == NULL || *json == '\0')
    return NULL;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return attributes;
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (root));
      while (json_object_iter_next (&iter, &member, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          g_hash_table_insert (attributes, g_strdup (member),
                               g_strdup (json_node_get_string (node)));
    }
  return attributes;
}

static GlsSpan *
span_from_row (GlsProject    *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  const char *frag_text = (const char *)sqlite3_column_text (stmt, 6);
  GlsFragment single;
  GlsSpan *span;

  if (frag_text != NULL && *frag_text != '\0')
    {
      g_autoptr(GArray) fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));

      if (!gls_fragments_parse (frag_text, fragments, error))
        return NULL;
      return _gls_span_new (sqlite3_column_int64 (stmt, 0),
                            sqlite3_column_int64 (stmt, 1),
                            sqlite3_column_int64 (stmt, 2),
                            (const char *)sqlite3_column_text (stmt, 3),
                            (const GlsFragment *)(gpointer)fragments->data, fragments->len,
                            (const char *)sqlite3_column_text (stmt, 7),
                            (const char *)sqlite3_column_text (stmt, 8),
                            _gls_parse_attributes ((const char *)sqlite3_column_text (stmt, 9)),
                            sqlite3_column_int64 (stmt, 10),
                            sqlite3_column_int64 (stmt, 11));
    }

  single.start = sqlite3_column_int64 (stmt, 4);
  single.end = sqlite3_column_int64 (stmt, 5);
  span = _gls_span_new (sqlite3_column_int64 (stmt, 0),
                        sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2),
                        (const char *)sqlite3_column_text (stmt, 3),
                        &single, 1,
                        (const char *)sqlite3_column_text (stmt, 7),
                        (const char *)sqlite3_column_text (stmt, 8),
                        _gls_parse_attributes ((const char *)sqlite3_column_text (stmt, 9)),
                        sqlite3_column_int64 (stmt, 10),
                        sqlite3_column_int64 (stmt, 11));
  return span;
}

/**
 * gls_project_list_spans:
 *
 * Returns: (transfer full): a #GlsSpanList (a #GListModel of #GlsSpan) of one document,
 *   ordered by start, then end
 */
GListModel *
gls_project_list_spans (GlsProject  *self,
                        gint64       document_id,
                        GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (_gls_span_list_load (self, document_id, error));
}

/* The interned name of annotator @id (cached: a project has a handful). */
const char *
_gls_project_get_annotator_name (GlsProject *self,
                                 gint64      annotator_id)
{
  const char *name = g_hash_table_lookup (self->annotator_names, &annotator_id);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (name != NULL)
    return name;
  stmt = _gls_project_prepare (self, "SELECT name FROM annotators WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, annotator_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  name = g_intern_string ((const char *)sqlite3_column_text (stmt, 0));
  g_hash_table_insert (self->annotator_names, g_memdup2 (&annotator_id, sizeof annotator_id),
                       (gpointer)name);
  return name;
}

/* The details of a span that a #GlsSpanList does not keep: note, knowledge-base id,
 * attributes (JSON) and times. One indexed lookup, with a statement kept prepared. */
gboolean
_gls_project_get_span_details (GlsProject  *self,
                               gint64       span_id,
                               char       **note,
                               char       **kb_id,
                               char       **attributes,
                               gint64      *created,
                               gint64      *changed)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (self->span_details == NULL)
    self->span_details = _gls_project_prepare (self, "SELECT note, kb_id, attributes, created, "
                                                     "changed FROM spans WHERE id = ?1", NULL);
  if ((stmt = self->span_details) == NULL)
    return FALSE;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, span_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  *note = found ? g_strdup ((const char *)sqlite3_column_text (stmt, 0)) : NULL;
  *kb_id = found ? g_strdup ((const char *)sqlite3_column_text (stmt, 1)) : NULL;
  *attributes = found ? g_strdup ((const char *)sqlite3_column_text (stmt, 2)) : NULL;
  *created = found ? sqlite3_column_int64 (stmt, 3) : 0;
  *changed = found ? sqlite3_column_int64 (stmt, 4) : 0;
  sqlite3_reset (stmt);
  return found;
}

GlsSpan *
gls_project_get_span (GlsProject  *self,
                      gint64       span_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  stmt = _gls_project_prepare (self, SPAN_COLUMNS "WHERE s.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, span_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return span_from_row (self, stmt, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                 _("no span with id %" PRId64), span_id);
  else
    _gls_project_check_sql (self, rc, error);
  return NULL;
}

gint64
_gls_project_ensure_annotator (GlsProject  *self,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  int rc;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID, _("the annotator has no name"));
      return 0;
    }

  select = _gls_project_prepare (self, "SELECT id FROM annotators WHERE name = ?1", error);
  if (select == NULL)
    return 0;
  sqlite3_bind_text (select, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (select, 0);
  if (!_gls_project_check_sql (self, rc, error))
    return 0;

  insert = _gls_project_prepare (self, "INSERT INTO annotators (name) VALUES (?1)", error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
  if (!_gls_project_check_sql (self, sqlite3_step (insert), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/* ------------------------------------------------------------------------------------------ */
/* Edits                                                                                        */

static gboolean
check_writable (GlsProject  *self,
                GError     **error)
{
  if (self->read_only)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY,
                   _("%s: the project was opened read-only"), self->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
_gls_project_check_writable (GlsProject  *self,
                             GError     **error)
{
  return check_writable (self, error);
}

static gboolean
step_done (GlsProject    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return _gls_project_check_sql (self, sqlite3_step (stmt), error);
}

GlsLabel *
gls_project_add_label (GlsProject  *self,
                       const char  *name,
                       const char  *color,
                       const char  *key,
                       const char  *description,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GlsEdit *edit;
  gint64 id;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!check_writable (self, error))
    return NULL;
  if (*name == '\0' || strpbrk (name, " \t\n") != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid label name (no spaces, not empty)"), name);
      return NULL;
    }
  if (gls_project_find_label (self, name) != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE, _("the label %s exists already"), name);
      return NULL;
    }

  if (!(edit = _gls_edit_begin (self, "add-label", 0, error)))
    return NULL;
  stmt = _gls_project_prepare (self,
                               "INSERT INTO labels (name, color, key, description, position) "
                               "VALUES (?1, ?2, ?3, ?4, (SELECT ifnull(max(position) + 1, 0) "
                               "FROM labels))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, color ? color : "#77767b", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, description ? description : "", -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  _gls_edit_created (edit, "labels", id);
  if (!_gls_edit_commit (edit, error))
    return NULL;
  return gls_project_lookup_label (self, id);

fail:
  _gls_edit_abort (edit);
  return NULL;
}

gboolean
gls_project_add_relation_type (GlsProject  *self,
                               const char  *name,
                               const char  *description,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GlsEdit *edit;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (!(edit = _gls_edit_begin (self, "add-relation-type", 0, error)))
    return FALSE;
  stmt = _gls_project_prepare (self,
                               "INSERT INTO relation_types (name, description, position) "
                               "VALUES (?1, ?2, (SELECT ifnull(max(position) + 1, 0) "
                               "FROM relation_types))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, description ? description : "", -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  _gls_edit_created (edit, "relation_types", sqlite3_last_insert_rowid (self->db));
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/**
 * gls_project_add_document:
 *
 * Adds one document in its own transaction. For many documents use #GlsImport.
 *
 * Returns: the new document's id, or 0 on error
 */
gint64
gls_project_add_document (GlsProject  *self,
                          const char  *title,
                          const char  *text,
                          const char  *source,
                          GError     **error)
{
  g_autoptr(GlsImport) import = NULL;
  gint64 id;

  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);

  if (!(import = gls_import_begin (self, "add-document", error)))
    return 0;
  id = gls_import_add_document (import, title, text, -1, source, error);
  if (id == 0)
    return 0;
  if (!gls_import_commit (import, error))
    return 0;
  return id;
}

gboolean
gls_project_set_document_status (GlsProject         *self,
                                 gint64              document_id,
                                 GlsDocumentStatus   status,
                                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GlsEdit *edit;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (status <= GLS_DOCUMENT_STATUS_LAST, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (gls_project_lookup_document (self, document_id) == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                   _("no document with id %" PRId64), document_id);
      return FALSE;
    }

  if (!(edit = _gls_edit_begin (self, "set-status", document_id, error)))
    return FALSE;
  if (!_gls_edit_touch (edit, "documents", document_id, error))
    goto fail;
  stmt = _gls_project_prepare (self, "UPDATE documents SET status = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, status);
  sqlite3_bind_int64 (stmt, 2, document_id);
  if (!step_done (self, stmt, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

static gint64
document_length (GlsProject  *self,
                 gint64       document_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _gls_project_prepare (self, "SELECT length FROM documents WHERE id = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, document_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                 _("no document with id %" PRId64), document_id);
  else
    _gls_project_check_sql (self, rc, error);
  return -1;
}

/* Validates fragments against the document and returns them normalised. */
static GArray *
prepare_fragments (GlsProject         *self,
                   gint64              document_id,
                   const GlsFragment  *fragments,
                   guint               n_fragments,
                   GError            **error)
{
  g_autoptr(GArray) array = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment), n_fragments);
  gint64 length = document_length (self, document_id, error);

  if (length < 0)
    return NULL;
  g_array_append_vals (array, fragments, n_fragments);
  if (!gls_fragments_normalize (array, length, error))
    return NULL;
  return g_steal_pointer (&array);
}

static void
bind_fragments (sqlite3_stmt *stmt,
                int           start_col,
                GArray       *fragments)
{
  const GlsFragment *first = &g_array_index (fragments, GlsFragment, 0);
  const GlsFragment *last = &g_array_index (fragments, GlsFragment, fragments->len - 1);

  sqlite3_bind_int64 (stmt, start_col, first->start);
  sqlite3_bind_int64 (stmt, start_col + 1, last->end);
  if (fragments->len > 1)
    sqlite3_bind_text (stmt, start_col + 2,
                       gls_fragments_to_string ((const GlsFragment *)(gpointer)fragments->data,
                                                fragments->len),
                       -1, g_free);
  else
    sqlite3_bind_text (stmt, start_col + 2, "", -1, SQLITE_STATIC);
}

static gboolean
span_is_duplicate_error (GlsProject *self,
                         GError    **error)
{
  if (error != NULL && *error != NULL &&
      g_error_matches (*error, GLS_ERROR, GLS_ERROR_DUPLICATE))
    {
      g_clear_error (error);
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_DUPLICATE,
                           _("the same span (label, boundaries and annotator) exists already"));
      return TRUE;
    }
  return FALSE;
}

/* Adds a span for @annotator as one edit named @op: gls_project_add_span() for the project's
 * annotator, gls_project_add_gold_span() for Gold. */
gint64
_gls_project_add_span_as (GlsProject         *self,
                          const char         *annotator,
                          const char         *op,
                          gint64              document_id,
                          const GlsFragment  *fragments,
                          guint               n_fragments,
                          gint64              label_id,
                          GError            **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) frags = NULL;
  gint64 annotator_id, id, now;
  GlsEdit *edit;
  gboolean inserted;

  if (!check_writable (self, error))
    return 0;
  if (gls_project_lookup_label (self, label_id) == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL,
                   _("no label with id %" PRId64), label_id);
      return 0;
    }
  if (!(edit = _gls_edit_begin (self, op, document_id, error)))
    return 0;
  if (!(frags = prepare_fragments (self, document_id, fragments, n_fragments, error)) ||
      !(annotator_id = _gls_project_ensure_annotator (self, annotator, error)))
    goto fail;

  /* Cached: this runs for every label key. */
  stmt = _gls_project_cached (self,
                              "INSERT INTO spans (document, label, annotator, start, end, "
                              "fragments, created, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                              error);
  if (stmt == NULL)
    goto fail;
  now = _gls_project_now ();
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, label_id);
  sqlite3_bind_int64 (stmt, 3, annotator_id);
  bind_fragments (stmt, 4, frags);
  sqlite3_bind_int64 (stmt, 7, now);
  inserted = step_done (self, stmt, error);
  sqlite3_reset (stmt);
  if (!inserted)
    {
      span_is_duplicate_error (self, error);
      goto fail;
    }
  id = sqlite3_last_insert_rowid (self->db);
  _gls_edit_created (edit, "spans", id);
  if (!_gls_edit_commit (edit, error))
    return 0;
  return id;

fail:
  _gls_edit_abort (edit);
  return 0;
}

gint64
gls_project_add_span (GlsProject         *self,
                      gint64              document_id,
                      const GlsFragment  *fragments,
                      guint               n_fragments,
                      gint64              label_id,
                      GError            **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);
  g_return_val_if_fail (fragments != NULL && n_fragments > 0, 0);

  return _gls_project_add_span_as (self, self->annotator, "add-span", document_id, fragments,
                                   n_fragments, label_id, error);
}

static gint64
span_document (GlsProject  *self,
               gint64       span_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _gls_project_prepare (self, "SELECT document FROM spans WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, span_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                 _("no span with id %" PRId64), span_id);
  else
    _gls_project_check_sql (self, rc, error);
  return 0;
}

gboolean
gls_project_delete_span (GlsProject  *self,
                         gint64       span_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) rels = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  GlsEdit *edit;
  gint64 document_id;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (!(document_id = span_document (self, span_id, error)))
    return FALSE;
  if (!(edit = _gls_edit_begin (self, "delete-span", document_id, error)))
    return FALSE;

  /* Relations go first and explicitly, so undo brings them back with the span. */
  rels = _gls_project_prepare (self, "SELECT id FROM relations WHERE source = ?1 OR target = ?1",
                               error);
  if (rels == NULL)
    goto fail;
  sqlite3_bind_int64 (rels, 1, span_id);
  while ((rc = sqlite3_step (rels)) == SQLITE_ROW)
    if (!_gls_edit_touch (edit, "relations", sqlite3_column_int64 (rels, 0), error))
      goto fail;
  if (!_gls_project_check_sql (self, rc, error) ||
      !_gls_edit_touch (edit, "spans", span_id, error))
    goto fail;

  del = _gls_project_prepare (self, "DELETE FROM spans WHERE id = ?1", error);
  if (del == NULL)
    goto fail;
  sqlite3_bind_int64 (del, 1, span_id);
  if (!step_done (self, del, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/* Runs one UPDATE on one span as an edit named @op; @bind binds ?2.. after the id in ?1. */
typedef void (*BindFunc) (sqlite3_stmt *stmt, gpointer data);

static gboolean
update_span (GlsProject  *self,
             gint64       span_id,
             const char  *op,
             const char  *sql,
             BindFunc     bind,
             gpointer     data,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GlsEdit *edit;
  gint64 document_id;

  if (!check_writable (self, error))
    return FALSE;
  if (!(document_id = span_document (self, span_id, error)))
    return FALSE;
  if (!(edit = _gls_edit_begin (self, op, document_id, error)))
    return FALSE;
  if (!_gls_edit_touch (edit, "spans", span_id, error))
    goto fail;
  stmt = _gls_project_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, span_id);
  sqlite3_bind_int64 (stmt, 2, _gls_project_now ());
  bind (stmt, data);
  if (!step_done (self, stmt, error))
    {
      span_is_duplicate_error (self, error);
      goto fail;
    }
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

static void
bind_int64_3 (sqlite3_stmt *stmt,
              gpointer      data)
{
  sqlite3_bind_int64 (stmt, 3, *(gint64 *)data);
}

static void
bind_text_3 (sqlite3_stmt *stmt,
             gpointer      data)
{
  if (data != NULL && *(const char *)data != '\0')
    sqlite3_bind_text (stmt, 3, data, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
}

static void
bind_fragments_3 (sqlite3_stmt *stmt,
                  gpointer      data)
{
  bind_fragments (stmt, 3, data);
}

gboolean
gls_project_set_span_label (GlsProject  *self,
                            gint64       span_id,
                            gint64       label_id,
                            GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (gls_project_lookup_label (self, label_id) == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL,
                   _("no label with id %" PRId64), label_id);
      return FALSE;
    }
  return update_span (self, span_id, "relabel-span",
                      "UPDATE spans SET label = ?3, changed = ?2 WHERE id = ?1",
                      bind_int64_3, &label_id, error);
}

gboolean
gls_project_set_span_fragments (GlsProject         *self,
                                gint64              span_id,
                                const GlsFragment  *fragments,
                                guint               n_fragments,
                                GError            **error)
{
  g_autoptr(GArray) frags = NULL;
  gint64 document_id;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (fragments != NULL && n_fragments > 0, FALSE);

  if (!(document_id = span_document (self, span_id, error)) ||
      !(frags = prepare_fragments (self, document_id, fragments, n_fragments, error)))
    return FALSE;
  return update_span (self, span_id, "resize-span",
                      "UPDATE spans SET start = ?3, end = ?4, fragments = ?5, changed = ?2 "
                      "WHERE id = ?1", bind_fragments_3, frags, error);
}

gboolean
gls_project_set_span_note (GlsProject  *self,
                           gint64       span_id,
                           const char  *note,
                           GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return update_span (self, span_id, "set-note",
                      "UPDATE spans SET note = ?3, changed = ?2 WHERE id = ?1",
                      bind_text_3, (gpointer)note, error);
}

gboolean
gls_project_set_span_kb_id (GlsProject  *self,
                            gint64       span_id,
                            const char  *kb_id,
                            GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return update_span (self, span_id, "set-kb-id",
                      "UPDATE spans SET kb_id = ?3, changed = ?2 WHERE id = ?1",
                      bind_text_3, (gpointer)kb_id, error);
}

/**
 * gls_project_set_span_attribute:
 * @value: (nullable): the new value, or %NULL to remove the attribute
 */
gboolean
gls_project_set_span_attribute (GlsProject  *self,
                                gint64       span_id,
                                const char  *key,
                                const char  *value,
                                GError     **error)
{
  g_autoptr(GlsSpan) span = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;
  g_autofree char *json = NULL;
  GHashTable *attributes;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (*key == '\0' || strchr (key, '=') != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is not a valid attribute name"), key);
      return FALSE;
    }
  if (!(span = gls_project_get_span (self, span_id, error)))
    return FALSE;

  attributes = gls_span_get_attributes (span);
  if (value != NULL)
    g_hash_table_insert (attributes, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (attributes, key);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  keys = g_list_sort (g_hash_table_get_keys (attributes), (GCompareFunc)g_strcmp0);
  for (const GList *l = keys; l; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (attributes, l->data));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = keys ? json_to_string (root, FALSE) : NULL;

  return update_span (self, span_id, "set-attribute",
                      "UPDATE spans SET attributes = ?3, changed = ?2 WHERE id = ?1",
                      bind_text_3, json, error);
}

gint64
gls_project_add_relation (GlsProject  *self,
                          const char  *type,
                          gint64       source_span,
                          gint64       target_span,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 doc_a, doc_b, annotator_id, id;
  GlsEdit *edit;

  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);
  g_return_val_if_fail (type != NULL, 0);

  if (!check_writable (self, error))
    return 0;
  if (!(doc_a = span_document (self, source_span, error)) ||
      !(doc_b = span_document (self, target_span, error)))
    return 0;
  if (doc_a != doc_b)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("a relation must link two spans of the same document"));
      return 0;
    }
  if (source_span == target_span)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("a relation must link two different spans"));
      return 0;
    }

  if (!(edit = _gls_edit_begin (self, "add-relation", doc_a, error)))
    return 0;
  if (!(annotator_id = _gls_project_ensure_annotator (self, self->annotator, error)))
    goto fail;
  stmt = _gls_project_prepare (self, "INSERT INTO relations (type, source, target, annotator, "
                                     "created) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, source_span);
  sqlite3_bind_int64 (stmt, 3, target_span);
  sqlite3_bind_int64 (stmt, 4, annotator_id);
  sqlite3_bind_int64 (stmt, 5, _gls_project_now ());
  if (!step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  _gls_edit_created (edit, "relations", id);
  if (!_gls_edit_commit (edit, error))
    return 0;
  return id;

fail:
  _gls_edit_abort (edit);
  return 0;
}

gboolean
gls_project_delete_relation (GlsProject  *self,
                             gint64       relation_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  gint64 document_id;
  GlsEdit *edit;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = _gls_project_prepare (self, "SELECT s.document FROM relations r JOIN spans s "
                                     "ON s.id = r.source WHERE r.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, relation_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                     _("no relation with id %" PRId64), relation_id);
      else
        _gls_project_check_sql (self, rc, error);
      return FALSE;
    }
  document_id = sqlite3_column_int64 (stmt, 0);

  if (!(edit = _gls_edit_begin (self, "delete-relation", document_id, error)))
    return FALSE;
  if (!_gls_edit_touch (edit, "relations", relation_id, error))
    goto fail;
  del = _gls_project_prepare (self, "DELETE FROM relations WHERE id = ?1", error);
  if (del == NULL)
    goto fail;
  sqlite3_bind_int64 (del, 1, relation_id);
  if (!step_done (self, del, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

static gboolean
chars_equal (gunichar a,
             gunichar b,
             gboolean match_case)
{
  return match_case ? a == b : g_unichar_tolower (a) == g_unichar_tolower (b);
}

/* Finds @needle in one document's text; appends matches not overlapping @taken. */
static void
find_in_text (gint64          document_id,
              const char     *text,
              const gunichar *needle,
              glong           needle_length,
              gboolean        match_case,
              gboolean        whole_word,
              GArray         *taken,
              GArray         *found)
{
  glong length;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, &length);

  for (glong i = 0; i + needle_length <= length; i++)
    {
      gboolean free_range = TRUE;
      glong k;

      for (k = 0; k < needle_length && chars_equal (chars[i + k], needle[k], match_case); k++)
        ;
      if (k < needle_length)
        continue;
      if (whole_word && ((i > 0 && g_unichar_isalnum (chars[i - 1])) ||
                         (i + needle_length < length && g_unichar_isalnum (chars[i + needle_length]))))
        continue;
      for (guint t = 0; t < taken->len && free_range; t++)
        {
          const GlsFragment *f = &g_array_index (taken, GlsFragment, t);
          free_range = f->end <= i || f->start >= i + needle_length;
        }
      if (free_range)
        {
          GlsOccurrence o = { document_id, i, i + needle_length };
          g_array_append_val (found, o);
          i += needle_length - 1;
        }
    }
}

/**
 * gls_project_find_occurrences:
 * @whole_project: search every document, not only the span's
 *
 * Finds the other mentions of a span's text (a one-fragment span), leaving out any place that
 * overlaps a span of the project's annotator, so labelled text is skipped.
 *
 * Returns: (transfer full) (element-type GlsOccurrence): the matches, by document and offset
 */
GArray *
gls_project_find_occurrences (GlsProject  *self,
                              gint64       span_id,
                              gboolean     whole_project,
                              gboolean     match_case,
                              gboolean     whole_word,
                              GError     **error)
{
  g_autoptr(GlsSpan) span = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (GlsOccurrence));
  g_autofree char *text = NULL;
  g_autofree gunichar *needle = NULL;
  const char *a, *b;
  glong needle_length;
  GListModel *documents;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  if (!(span = gls_project_get_span (self, span_id, error)))
    return NULL;
  if (gls_span_get_n_fragments (span) != 1)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("only a span in one piece can be searched for"));
      return NULL;
    }
  if (!(text = gls_project_load_text (self, gls_span_get_document_id (span), error)))
    return NULL;
  a = g_utf8_offset_to_pointer (text, gls_span_get_start (span));
  b = g_utf8_offset_to_pointer (a, gls_span_get_end (span) - gls_span_get_start (span));
  needle = g_utf8_to_ucs4_fast (a, b - a, &needle_length);

  documents = gls_project_get_documents (self);
  for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, d);
      gint64 doc_id = gls_document_get_id (doc);
      g_autoptr(GListModel) spans = NULL;
      g_autoptr(GArray) taken = NULL;
      g_autofree char *doc_text = NULL;

      if (!whole_project && doc_id != gls_span_get_document_id (span))
        continue;
      if (!(doc_text = gls_project_load_text (self, doc_id, error)) ||
          !(spans = gls_project_list_spans (self, doc_id, error)))
        return NULL;
      taken = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
      for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
        {
          guint n;
          const GlsFragment *f = gls_span_list_get_fragments (GLS_SPAN_LIST (spans), i, &n);

          if (g_strcmp0 (gls_span_list_get_annotator (GLS_SPAN_LIST (spans), i), self->annotator) == 0)
            g_array_append_vals (taken, f, n);
        }
      find_in_text (doc_id, doc_text, needle, needle_length, match_case, whole_word, taken, found);
    }
  return g_steal_pointer (&found);
}

/**
 * gls_project_add_spans:
 *
 * Adds one span per occurrence for the project's annotator, all with @label_id, as ONE edit:
 * one undo removes them all.
 *
 * Returns: how many spans were added, or 0 with @error set
 */
guint
gls_project_add_spans (GlsProject           *self,
                       const GlsOccurrence  *occurrences,
                       guint                 n_occurrences,
                       gint64                label_id,
                       GError              **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);

  return gls_project_add_spans_for (self, self->annotator, occurrences, n_occurrences, label_id,
                                    error);
}

/**
 * gls_project_add_spans_for:
 * @annotator: whose spans they are (not Gold: its spans come from decisions)
 *
 * As gls_project_add_spans(), for another annotator's layer — a reviewer fixing it. The
 * journal names the project's annotator, who made the edit.
 */
guint
gls_project_add_spans_for (GlsProject           *self,
                           const char           *annotator,
                           const GlsOccurrence  *occurrences,
                           guint                 n_occurrences,
                           gint64                label_id,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 annotator_id, now;
  GlsEdit *edit;
  guint added = 0;

  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);
  g_return_val_if_fail (annotator != NULL, 0);

  if (!check_writable (self, error) || n_occurrences == 0)
    return 0;
  if (gls_annotator_is_gold (annotator))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("“%s” is the adjudicated layer: its spans come from review decisions"),
                   annotator);
      return 0;
    }
  if (gls_project_lookup_label (self, label_id) == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL,
                   _("no label with id %" PRId64), label_id);
      return 0;
    }
  if (!(edit = _gls_edit_begin (self, "label-occurrences", occurrences[0].document_id, error)))
    return 0;
  if (!(annotator_id = _gls_project_ensure_annotator (self, annotator, error)))
    goto fail;
  stmt = _gls_project_prepare (self,
                               "INSERT OR IGNORE INTO spans (document, label, annotator, start, end, "
                               "fragments, created, changed) VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?6)",
                               error);
  if (stmt == NULL)
    goto fail;
  now = _gls_project_now ();
  for (guint i = 0; i < n_occurrences; i++)
    {
      const GlsOccurrence *o = &occurrences[i];
      gint64 length = document_length (self, o->document_id, error);

      if (length < 0)
        goto fail;
      if (o->start < 0 || o->end <= o->start || o->end > length)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_OFFSET,
                       _("span range %" PRId64 "–%" PRId64 " is past the end of the text (%"
                         PRId64 " characters)"), o->start, o->end, length);
          goto fail;
        }
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, o->document_id);
      sqlite3_bind_int64 (stmt, 2, label_id);
      sqlite3_bind_int64 (stmt, 3, annotator_id);
      sqlite3_bind_int64 (stmt, 4, o->start);
      sqlite3_bind_int64 (stmt, 5, o->end);
      sqlite3_bind_int64 (stmt, 6, now);
      if (!step_done (self, stmt, error))
        goto fail;
      if (sqlite3_changes (self->db) > 0)
        {
          _gls_edit_created (edit, "spans", sqlite3_last_insert_rowid (self->db));
          added++;
        }
    }
  if (!_gls_edit_commit (edit, error))
    return 0;
  return added;

fail:
  _gls_edit_abort (edit);
  return 0;
}

gboolean
gls_project_can_undo (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return !self->read_only && _gls_journal_can (self, FALSE);
}

gboolean
gls_project_can_redo (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return !self->read_only && _gls_journal_can (self, TRUE);
}

gboolean
gls_project_undo (GlsProject  *self,
                  GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return check_writable (self, error) && _gls_journal_undo (self, FALSE, error);
}

gboolean
gls_project_redo (GlsProject  *self,
                  GError     **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  return check_writable (self, error) && _gls_journal_undo (self, TRUE, error);
}

/**
 * gls_project_describe_undo:
 *
 * Returns: (nullable): the name of the operation undo would revert, e.g. "add-span"
 */
char *
gls_project_describe_undo (GlsProject *self)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);
  return _gls_journal_describe (self, FALSE);
}

gboolean
gls_project_get_stats (GlsProject       *self,
                       GlsProjectStats  *stats,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  memset (stats, 0, sizeof *stats);

  stmt = _gls_project_prepare (self, "SELECT status, count(*), sum(length) FROM documents "
                                     "GROUP BY status", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int status = sqlite3_column_int (stmt, 0);
      guint n = (guint)sqlite3_column_int64 (stmt, 1);

      if (status >= 0 && status <= GLS_DOCUMENT_STATUS_LAST)
        stats->n_documents_by_status[status] = n;
      stats->n_documents += n;
      stats->n_characters += sqlite3_column_int64 (stmt, 2);
    }
  if (!_gls_project_check_sql (self, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _gls_project_prepare (self,
                               "SELECT (SELECT count(*) FROM spans), (SELECT count(*) FROM relations),"
                               " (SELECT count(DISTINCT annotator) FROM spans),"
                               " (SELECT count(*) FROM labels), (SELECT count(*) FROM journal)",
                               error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _gls_project_check_sql (self, rc, error);
  stats->n_spans = (guint)sqlite3_column_int64 (stmt, 0);
  stats->n_relations = (guint)sqlite3_column_int64 (stmt, 1);
  stats->n_annotators = (guint)sqlite3_column_int64 (stmt, 2);
  stats->n_labels = (guint)sqlite3_column_int64 (stmt, 3);
  stats->n_journal_entries = (guint)sqlite3_column_int64 (stmt, 4);
  return TRUE;
}

GHashTable *
gls_project_count_spans_by_label (GlsProject  *self,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  stmt = _gls_project_prepare (self, "SELECT l.name, count(s.id) FROM labels l LEFT JOIN spans s "
                                     "ON s.label = l.id GROUP BY l.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         GUINT_TO_POINTER ((guint)sqlite3_column_int64 (stmt, 1)));
  if (!_gls_project_check_sql (self, rc, error))
    return NULL;
  return g_steal_pointer (&counts);
}
