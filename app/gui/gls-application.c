/* gls-application.c — the app: window management, first run, recent projects, about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-application"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "gls-application.h"
#include "gls-error.h"
#include "gls-window.h"

#define MAX_RECENT 10

struct _GlsApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (GlsApplication, gls_application, ADW_TYPE_APPLICATION)

GlsApplication *
gls_application_new (void)
{
  return g_object_new (GLS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/glossator/Glossator",
                       NULL);
}

GSettings *
gls_application_get_settings (GlsApplication *self)
{
  g_return_val_if_fail (GLS_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* Where the bundled sample lives: beside the build when run uninstalled (meson devenv and the
 * tests set GLOSSATOR_SAMPLE_PROJECT), else in the installed data folder. */
static const char *
installed_sample (void)
{
  const char *env = g_getenv ("GLOSSATOR_SAMPLE_PROJECT");
  return env && *env ? env : PKGDATADIR "/sample.glossator";
}

/**
 * gls_application_ensure_sample:
 *
 * On first run, copies the bundled sample project into the user's data folder, so that the
 * user edits a copy and never the installed file.
 *
 * Returns: the path of the user's copy
 */
char *
gls_application_ensure_sample (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "glossator", NULL);
  g_autofree char *dest = g_build_filename (dir, _("Sample.glossator"), NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&dest);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }
  source = g_file_new_for_path (installed_sample ());
  target = g_file_new_for_path (dest);
  if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, _("Could not copy the sample project: %s"),
                   local_error->message);
      return NULL;
    }
  /* An installed file may be read-only; the user's copy must not be. */
  g_chmod (dest, 0644);
  return g_steal_pointer (&dest);
}

void
gls_application_add_recent (GlsApplication *self,
                            const char     *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] && n < MAX_RECENT; i++)
    {
      if (g_strcmp0 (old[i], path) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *)recent);
  g_settings_set_string (self->settings, "last-project", path);
}

static GlsWindow *
new_window (GlsApplication *self)
{
  return gls_window_new (self);
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  GlsApplication   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  GList *windows;

  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (g_get_real_name ());
    }
  g_settings_set_string (self->settings, "annotator-name", name);
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  for (GList *l = windows; l; l = l->next)
    if (GLS_IS_WINDOW (l->data) && gls_window_get_project (l->data))
      gls_project_set_annotator (gls_window_get_project (l->data), name);
}

/* Every span records who made it: on first run, ask. */
static void
ask_annotator_name (GlsApplication *self,
                    GtkWindow      *parent)
{
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (parent, _("Who Is Annotating?"),
                                   _("Your name is recorded with every span you make, so that "
                                     "reviewers can tell annotators apart. You can change it in "
                                     "the settings later."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), g_get_real_name ());
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_Start Annotating"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gls_application_activate (GApplication *app)
{
  GlsApplication *self = GLS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *last = NULL;
  g_autoptr(GError) error = NULL;
  GlsWindow *win;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  win = new_window (self);
  gtk_window_present (GTK_WINDOW (win));

  last = g_settings_get_string (self->settings, "last-project");
  if (last == NULL || *last == '\0' || !g_file_test (last, G_FILE_TEST_EXISTS))
    {
      g_free (last);
      last = gls_application_ensure_sample (&error);
    }
  if (last != NULL)
    gls_window_open_path (win, last);
  else
    gls_window_show_error (win, error->message);

  {
    g_autofree char *name = g_settings_get_string (self->settings, "annotator-name");
    if (*name == '\0' && g_getenv ("GLOSSATOR_EXIT_AFTER_DRAWN") == NULL)
      ask_annotator_name (self, GTK_WINDOW (win));
  }
}

static void
gls_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  GlsApplication *self = GLS_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      GlsWindow *win = new_window (self);

      gtk_window_present (GTK_WINDOW (win));
      if (path != NULL)
        gls_window_open_path (win, path);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Glossator developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Glossator"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Glossator developers"),
                         "developers", developers,
                         "comments", _("Annotate entities in articles by mouse, export training "
                                       "data, and review annotators' agreement."),
                         "website", "https://github.com/glossator/glossator",
                         "issue-url", "https://github.com/glossator/glossator/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Glossator developers",
                         /* Translators: your name and e-mail, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows one by one so each saves its size; there is nothing else to save. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_destroy (windows->data);
      windows = next;
    }
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (user_data)));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "new-window", new_window_action },
};

static void
gls_application_startup (GApplication *app)
{
  GlsApplication *self = GLS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *window_accels[] = { "<Control>n", NULL };
  static const char *next_accels[] = { "<Alt>Down", "<Control>Page_Down", NULL };
  static const char *prev_accels[] = { "<Alt>Up", "<Control>Page_Up", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *undo_accels[] = { "<Control>z", NULL };
  static const char *done_accels[] = { "<Control>d", NULL };
  static const char *show_all_accels[] = { "<Control><Shift>a", NULL };
  static const char *occurrences_accels[] = { "<Control>l", NULL };
  static const char *redo_accels[] = { "<Control><Shift>z", "<Control>y", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *labels_accels[] = { "<Control><Shift>l", NULL };
  static const char *review_accels[] = { "<Control>r", NULL };

  G_APPLICATION_CLASS (gls_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.next-document", next_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.previous-document",
                                         prev_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo", undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.mark-done", done_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.label-occurrences",
                                         occurrences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "settings.show-all-annotators",
                                         show_all_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.redo", redo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.review", review_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.edit-labels", labels_accels);

  (void)self;
}

static void
gls_application_dispose (GObject *object)
{
  GlsApplication *self = GLS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gls_application_parent_class)->dispose (object);
}

static void
gls_application_class_init (GlsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gls_application_dispose;
  app_class->activate = gls_application_activate;
  app_class->open = gls_application_open;
  app_class->startup = gls_application_startup;
}

static void
gls_application_init (GlsApplication *self)
{
  self->settings = g_settings_new (APP_ID);
}
