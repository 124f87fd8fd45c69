/* gls-bench-window.c — from launching `glossator` to the sample project drawn
 *
 *   glossator-bench-window [--runs 5] [--glossator PATH]
 *
 * Starts the real program (under the current display, e.g. xvfb-run) with a fresh data
 * folder, so each run is a first run that copies the sample project, and times until the
 * program reports its first frame with the document text and every highlight painted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time launch to project drawn");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *program = NULL;
  int runs = 5;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Launches to time", "N" },
    { "glossator", 0, 0, G_OPTION_ARG_FILENAME, &program, "Path of glossator", "PATH" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (program == NULL)
    program = g_strdup ("glossator");

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *data_home = g_dir_make_tmp ("gls-bench-data-XXXXXX", &error);
      g_autofree char *out = NULL;
      g_autofree char *sample = NULL;
      gint64 t0, t1;
      double ms;

      g_assert_no_error (error);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
      g_subprocess_launcher_setenv (launcher, "GLOSSATOR_EXIT_AFTER_DRAWN", "1", TRUE);

      t0 = g_get_monotonic_time ();
      proc = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
      t1 = g_get_monotonic_time ();
      g_assert_no_error (error);
      if (out == NULL || strstr (out, "project drawn") == NULL)
        g_error ("glossator did not report a drawn project (exit %d)",
                 g_subprocess_get_exit_status (proc));
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (samples, ms);

      sample = g_build_filename (data_home, "glossator", "Sample.glossator", NULL);
      g_remove (sample);
      {
        g_autofree char *dir = g_path_get_dirname (sample);
        g_rmdir (dir);
      }
      g_rmdir (data_home);
    }

  g_array_sort (samples, compare_double);
  printf ("launch-to-drawn: median %.0f ms, max %.0f ms (%d runs, first run each: sample copied)\n",
          g_array_index (samples, double, samples->len / 2),
          g_array_index (samples, double, samples->len - 1), runs);
  return 0;
}
