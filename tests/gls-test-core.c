/* gls-test-core.c — helpers the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <gio/gio.h>
#include <stdarg.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>

#include "gls-format.h"
#include "gls-test-core.h"

void
gls_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        gls_test_remove_tree (p);
      else
        g_remove (p);
    }
  g_rmdir (dir);
}

/* Removes @path, a file or a folder with everything below it, not following symlinks. */
void
gls_test_remove_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          gls_test_remove_path (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

int
gls_test_compare_strings (gconstpointer a,
                          gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

char *
gls_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A new temporary folder named after @tmpl (which ends in XXXXXX). */
char *
gls_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

/* A new, empty project @dir/@name. */
GlsProject *
gls_test_create_project (const char *dir,
                         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GlsProject *project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);

  g_assert_no_error (error);
  return project;
}

/* The same, with "anna" as its annotator. */
GlsProject *
gls_test_new_project (const char *dir,
                      const char *name)
{
  GlsProject *project = gls_test_create_project (dir, name);

  gls_project_set_annotator (project, "anna");
  return project;
}

/* The same again, with a label that has every character WebAnno TSV and XMI escape. */
GlsProject *
gls_test_new_escaping_project (const char *dir,
                               const char *name)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_project (dir, name);

  g_assert_nonnull (gls_project_add_label (project, "WORK_OF|ART[x]*;->\\", "#000000", NULL,
                                           NULL, &error));
  g_assert_no_error (error);
  return project;
}

gint64
gls_test_add_span (GlsImport  *import,
                   gint64      document,
                   gint64      start,
                   gint64      end,
                   const char *label,
                   const char *annotator)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment = { start, end };
  gint64 id = gls_import_add_span (import, document, &fragment, 1, label, annotator, NULL, NULL,
                                   NULL, &error);

  g_assert_no_error (error);
  return id;
}

/* The code-point range of the @nth occurrence (from 0) of @needle in @text. */
GlsFragment
gls_test_find (const char *text,
               const char *needle,
               guint       nth)
{
  const char *p = text;
  GlsFragment fragment;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (i == nth)
        break;
      p++;
    }
  fragment.start = g_utf8_pointer_to_offset (text, p);
  fragment.end = fragment.start + g_utf8_strlen (needle, -1);
  return fragment;
}

static char *
span_key (JsonObject *span)
{
  JsonNode *fragments = json_object_get_member (span, "fragments");
  g_autofree char *where = NULL;

  if (fragments != NULL)
    where = json_to_string (fragments, FALSE);
  else
    where = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                             json_object_get_int_member (span, "start"),
                             json_object_get_int_member (span, "end"));
  return g_strdup_printf ("%s %s", where, json_object_get_string_member (span, "label"));
}

/* Every span and relation of @project as sorted lines, through a Glossator JSONL export. */
GStrv
gls_test_summarize (const char *dir,
                    GlsProject *project,
                    gboolean    with_annotators)
{
  static guint counter;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("summary-%u.jsonl", counter++);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  gls_export_run (project, &gls_format_jsonl, path, NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GHashTable) keys = NULL;
      JsonObject *doc;
      JsonArray *spans, *relations;
      const char *text;

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      doc = json_node_get_object (json_parser_get_root (parser));
      text = json_object_get_string_member (doc, "text");
      g_ptr_array_add (out, g_strdup_printf ("D %s", text));
      spans = json_object_get_array_member (doc, "spans");
      for (guint k = 0; k < json_array_get_length (spans); k++)
        {
          JsonObject *span = json_array_get_object_element (spans, k);
          gint64 id = json_object_get_int_member (span, "id");
          char *key = span_key (span);

          g_hash_table_insert (keys, g_memdup2 (&id, sizeof id), key);
          g_ptr_array_add (out, g_strdup_printf ("S %s | %s%s%s", text, key,
                                                 with_annotators ? " by " : "",
                                                 with_annotators ?
                                                 json_object_get_string_member (span, "annotator")
                                                 : ""));
        }
      relations = json_object_get_array_member (doc, "relations");
      for (guint k = 0; k < json_array_get_length (relations); k++)
        {
          JsonObject *relation = json_array_get_object_element (relations, k);
          gint64 from = json_object_get_int_member (relation, "from");
          gint64 to = json_object_get_int_member (relation, "to");

          g_ptr_array_add (out, g_strdup_printf ("R %s | %s: %s -> %s", text,
                                                 json_object_get_string_member (relation, "type"),
                                                 (char *)g_hash_table_lookup (keys, &from),
                                                 (char *)g_hash_table_lookup (keys, &to)));
        }
    }
  g_ptr_array_sort (out, gls_test_compare_strings);
  g_ptr_array_add (out, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static char *
sorted_lines (GStrv strv)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();

  for (guint i = 0; strv[i]; i++)
    g_ptr_array_add (lines, strv[i]);
  g_ptr_array_sort (lines, gls_test_compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (GStrv)lines->pdata);
}

/* Equal as sets of lines, whatever their order. */
void
gls_test_assert_same_strv (GStrv a,
                           GStrv b)
{
  g_autofree char *ja = sorted_lines (a);
  g_autofree char *jb = sorted_lines (b);

  g_assert_cmpstr (ja, ==, jb);
}

/* The objects of a JSONL file. */
GPtrArray *
gls_test_read_jsonl (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, json_node_copy (json_parser_get_root (parser)));
    }
  return objects;
}

JsonObject *
gls_test_object_with_text (GPtrArray  *objects,
                           const char *text)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = json_node_get_object (g_ptr_array_index (objects, i));
      if (g_strcmp0 (json_object_get_string_member (o, "text"), text) == 0)
        return o;
    }
  g_assert_not_reached ();
}

/* A span on the @nth occurrence of @needle in @text. */
gint64
gls_test_add_span_at (GlsImport  *import,
                      gint64      document,
                      const char *text,
                      const char *needle,
                      guint       nth,
                      const char *label,
                      const char *kb_id,
                      const char *annotator)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment = gls_test_find (text, needle, nth);
  gint64 id = gls_import_add_span (import, document, &fragment, 1, label, annotator, NULL, kb_id,
                                   NULL, &error);

  g_assert_no_error (error);
  return id;
}

/* Dates the file back to 2020, so that any later write shows in its mtime. */
void
gls_test_age_file (const char *path)
{
  struct timespec times[2] = { { 1577836800, 0 }, { 1577836800, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

/* The names in @dir, sorted, joined with @separator. */
char *
gls_test_list_folder (const char *dir,
                      const char *separator)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, gls_test_compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (separator, (char **)names->pdata);
}

/* ------------------------------------------------------------------------------------------ */
/* Running glossator-cli (its path in GLS_CLI)                                                  */

void
cli_result_free (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

static char *
bytes_to_string (GBytes *bytes,
                 gsize  *length)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  char *string = g_malloc (len + 1);

  if (len > 0)
    memcpy (string, data, len);
  string[len] = '\0';
  if (length != NULL)
    *length = len;
  return string;
}

/* Runs glossator-cli with @args (NULL-terminated) in @locale, in the folder @cwd. */
CliResult *
cli_runv (const char         *cwd,
          const char         *locale,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  const char *cli = g_getenv ("GLS_CLI");
  CliResult *r = g_new0 (CliResult, 1);

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Headless, in a locale whose messages and character set we know. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("$ %s", command);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  r->out = bytes_to_string (out, &r->out_len);
  r->err = bytes_to_string (err, NULL);
  if (*r->err != '\0')
    g_test_message ("stderr: %s", r->err);

  /* A crash (or a g_warning under G_DEBUG=fatal-warnings) is never an answer. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s was killed by signal %d; stderr: %s", command,
             g_subprocess_get_term_sig (process), r->err);
  r->status = g_subprocess_get_exit_status (process);

  return r;
}

static CliResult *
cli_run_va (const char *cwd,
            const char *locale,
            va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  return cli_runv (cwd, locale, (const char * const *) args->pdata);
}

/* Runs glossator-cli with the arguments that follow, in a UTF-8 locale. */
CliResult *
cli_run (const char *cwd,
         ...)
{
  CliResult *r;
  va_list ap;

  va_start (ap, cwd);
  r = cli_run_va (cwd, "C.UTF-8", ap);
  va_end (ap);
  return r;
}

CliResult *
cli_run_in_locale (const char *cwd,
                   const char *locale,
                   ...)
{
  CliResult *r;
  va_list ap;

  va_start (ap, locale);
  r = cli_run_va (cwd, locale, ap);
  va_end (ap);
  return r;
}

/* A success: status 0, nothing on standard error. */
void
assert_ok (CliResult *r)
{
  g_assert_cmpstr (r->err, ==, "");
  g_assert_cmpint (r->status, ==, CLI_EXIT_OK);
}

/* A failure a script can handle: the status, nothing on standard output, one message on
 * standard error that starts with the program's name and holds every @needle. */
void
assert_fails (CliResult *r,
              int        status,
              ...)
{
  va_list ap;

  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "glossator-cli: ") ||
                 (status == CLI_EXIT_USAGE && g_str_has_prefix (r->err, "Usage:")));
  va_start (ap, status);
  for (const char *n = va_arg (ap, const char *); n != NULL; n = va_arg (ap, const char *))
    if (strstr (r->err, n) == NULL)
      g_error ("standard error “%s” lacks “%s”", r->err, n);
  va_end (ap);
}
