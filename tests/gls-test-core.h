/* gls-test-core.h — helpers the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gls-import.h"
#include "gls-project.h"

G_BEGIN_DECLS

char        *gls_test_make_tmp_dir     (const char    *tmpl);
void         gls_test_remove_tree      (const char    *dir);
void         gls_test_remove_path      (const char    *path);
int          gls_test_compare_strings  (gconstpointer  a,
                                        gconstpointer  b);
char        *gls_test_read_file        (const char    *path);
void         gls_test_age_file         (const char    *path);
char        *gls_test_list_folder      (const char    *dir,
                                        const char    *separator);

GlsProject  *gls_test_create_project   (const char    *dir,
                                        const char    *name);
GlsProject  *gls_test_new_project      (const char    *dir,
                                        const char    *name);
GlsProject  *gls_test_new_escaping_project (const char *dir,
                                            const char *name);
gint64       gls_test_add_span         (GlsImport     *import,
                                        gint64         document,
                                        gint64         start,
                                        gint64         end,
                                        const char    *label,
                                        const char    *annotator);
gint64       gls_test_add_span_at      (GlsImport     *import,
                                        gint64         document,
                                        const char    *text,
                                        const char    *needle,
                                        guint          nth,
                                        const char    *label,
                                        const char    *kb_id,
                                        const char    *annotator);
GlsFragment  gls_test_find             (const char    *text,
                                        const char    *needle,
                                        guint          nth);

GStrv        gls_test_summarize        (const char    *dir,
                                        GlsProject    *project,
                                        gboolean       with_annotators);
void         gls_test_assert_same_strv (GStrv          a,
                                        GStrv          b);
GPtrArray   *gls_test_read_jsonl       (const char    *path);
JsonObject  *gls_test_object_with_text (GPtrArray     *objects,
                                        const char    *text);

/* Running glossator-cli: exit statuses, and what a run gave. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_ERROR 1
#define CLI_EXIT_USAGE 2

typedef struct
{
  int status;   /* exit status; the run fails the test if the process was killed */
  char *out;    /* standard output, NUL-terminated (may hold other NULs) */
  gsize out_len;
  char *err;    /* standard error, NUL-terminated */
} CliResult;

void         cli_result_free           (CliResult     *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)
CliResult   *cli_runv                  (const char    *cwd,
                                        const char    *locale,
                                        const char * const *args);
CliResult   *cli_run                   (const char    *cwd,
                                        ...) G_GNUC_NULL_TERMINATED;
CliResult   *cli_run_in_locale         (const char    *cwd,
                                        const char    *locale,
                                        ...) G_GNUC_NULL_TERMINATED;
void         assert_ok                 (CliResult     *r);
void         assert_fails              (CliResult     *r,
                                        int            status,
                                        ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
