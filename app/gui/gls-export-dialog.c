/* gls-export-dialog.c — choosing what to export, exporting with progress and cancel
 *
 * The export runs in a worker thread (GTask) while this modal dialog is up, so the project's
 * database connection is used by one thread at a time: the window behind cannot act.
 * Progress comes back to the main loop; Cancel stops at the next document and leaves no
 * half-written file. What the format could not carry is listed here, never dropped silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gls-export-dialog.h"
#include "gls-format.h"

struct _GlsExportDialog
{
  AdwWindow parent_instance;

  GlsProject *project;
  char *output;
  GCancellable *cancellable;
  GPtrArray *formats;           /* const GlsFormat *, as in format_row */
  GStrv annotators;

  AdwComboRow *format_row;
  AdwActionRow *output_row;
  AdwComboRow *status_row;
  AdwEntryRow *search_row;
  AdwComboRow *annotator_row;
  AdwEntryRow *map_row;
  AdwExpanderRow *split_row;
  AdwEntryRow *ratios_row;
  GtkSpinButton *seed_spin;
  GtkProgressBar *progress_bar;
  AdwPreferencesGroup *loss_group;
  GtkTextView *loss_view;
  GtkButton *export_button;
  GtkButton *cancel_button;
};

G_DEFINE_FINAL_TYPE (GlsExportDialog, gls_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GlsProject *project;
  const GlsFormat *format;
  char *path;
  GlsExportOptions options;
  char *search;
  char *annotator;
  GHashTable *label_map;
  GlsLossReport *report;
  GlsExportDialog *dialog;      /* weak, for progress */
  guint done;
  guint total;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->project);
  g_free (job->path);
  g_free (job->search);
  g_free (job->annotator);
  g_clear_pointer (&job->label_map, g_hash_table_unref);
  g_clear_pointer (&job->report, gls_loss_report_free);
  g_clear_weak_pointer (&job->dialog);
  g_free (job);
}

static const GlsFormat *
selected_format (GlsExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);
  return i < self->formats->len ? g_ptr_array_index (self->formats, i) : NULL;
}

static gboolean
writes_folder (GlsExportDialog *self)
{
  const GlsFormat *format = selected_format (self);
  return format == NULL || format->extension == NULL ||
         adw_expander_row_get_enable_expansion (self->split_row);
}

static void
update_output_row (GlsExportDialog *self)
{
  g_autofree char *display = self->output ? g_filename_display_name (self->output) : NULL;

  adw_action_row_set_subtitle (self->output_row, display ? display : _("Nowhere yet"));
}

/* A name beside the project: PROJECT-FORMAT.EXT, or a folder PROJECT-FORMAT. */
static void
suggest_output (GlsExportDialog *self)
{
  const GlsFormat *format = selected_format (self);
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (format == NULL || self->project == NULL)
    return;
  dir = g_path_get_dirname (gls_project_get_path (self->project));
  title = gls_project_dup_title (self->project);
  name = g_strdup_printf ("%s-%s%s", title, format->name,
                          writes_folder (self) ? "" : format->extension);
  g_free (self->output);
  self->output = g_build_filename (dir, name, NULL);
  update_output_row (self);
}

static void
format_changed_cb (GlsExportDialog *self)
{
  suggest_output (self);
}

void
gls_export_dialog_set_output (GlsExportDialog *self,
                              const char      *path)
{
  g_return_if_fail (GLS_IS_EXPORT_DIALOG (self));

  g_free (self->output);
  self->output = g_strdup (path);
  update_output_row (self);
}

void
gls_export_dialog_set_format (GlsExportDialog *self,
                              const char      *name)
{
  g_return_if_fail (GLS_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < self->formats->len; i++)
    if (g_strcmp0 (((const GlsFormat *)g_ptr_array_index (self->formats, i))->name, name) == 0)
      adw_combo_row_set_selected (self->format_row, i);
}

gboolean
gls_export_dialog_get_running (GlsExportDialog *self)
{
  g_return_val_if_fail (GLS_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

static void
output_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  GlsExportDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gls_export_dialog_set_output (self, path);
    }
  g_object_unref (chooser);
}

static void
choose_output_cb (GlsExportDialog *self)
{
  gboolean folder = writes_folder (self);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (folder ? _("Export to Folder") : _("Export to File"),
                                 GTK_WINDOW (self),
                                 folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                        : GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Select"), _("_Cancel"));

  if (!folder && self->output != NULL)
    {
      g_autofree char *name = g_path_get_basename (self->output);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (output_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------------------------------ */

static gboolean
report_progress_idle (gpointer data)
{
  ExportJob *job = data;

  if (job->dialog != NULL && job->total > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u documents"), job->done, job->total);

      gtk_progress_bar_set_fraction (job->dialog->progress_bar, (double)job->done / job->total);
      gtk_progress_bar_set_text (job->dialog->progress_bar, text);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  ExportJob *job = data;

  /* Every document would flood the main loop on large exports: every 1% is plenty. */
  if (done != total && total > 100 && done % (total / 100) != 0)
    return;
  job->done = done;
  job->total = total;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, report_progress_idle, job, NULL);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;

  if (gls_export_run (job->project, job->format, job->path, &job->options, NULL, job->report,
                      progress_cb, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_running (GlsExportDialog *self,
             gboolean         running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !running);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GlsExportDialog *self = GLS_EXPORT_DIALOG (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"),
                                                     error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
      return;
    }

  g_signal_emit (self, signals[EXPORTED], 0, job->path, gls_loss_report_get_size (job->report));

  if (gls_loss_report_get_size (job->report) > 0)
    {
      g_autofree char *text = gls_loss_report_to_text (job->report);
      g_autofree char *description =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s could not carry %u item (document, title, position, "
                                      "what). Everything else was exported.",
                                      "%s could not carry %u items (document, title, position, "
                                      "what). Everything else was exported.",
                                      gls_loss_report_get_size (job->report)),
                         job->format->title, gls_loss_report_get_size (job->report));

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->loss_view), text, -1);
      adw_preferences_group_set_description (self->loss_group, description);
      gtk_widget_set_visible (GTK_WIDGET (self->loss_group), TRUE);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
parse_map (const char  *text,
           GHashTable  *map)
{
  g_auto(GStrv) items = g_strsplit_set (text, ", ", -1);

  for (guint i = 0; items[i]; i++)
    {
      char *eq;

      if (*items[i] == '\0')
        continue;
      eq = strchr (items[i], '=');
      if (eq == NULL || eq == items[i])
        return FALSE;
      g_hash_table_insert (map, g_strndup (items[i], eq - items[i]), g_strdup (eq + 1));
    }
  return TRUE;
}

static void
export_clicked_cb (GlsExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  guint status = adw_combo_row_get_selected (self->status_row);
  guint annotator = adw_combo_row_get_selected (self->annotator_row);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_row));
  const char *map = gtk_editable_get_text (GTK_EDITABLE (self->map_row));

  if (self->output == NULL || selected_format (self) == NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->project = g_object_ref (self->project);
  job->format = selected_format (self);
  job->path = g_strdup (self->output);
  job->report = gls_loss_report_new ();
  g_set_weak_pointer (&job->dialog, self);
  gls_export_options_init (&job->options);
  job->options.status = status == 0 || status == GTK_INVALID_LIST_POSITION ? -1 : (int)status - 1;
  if (*search)
    job->options.search = job->search = g_strdup (search);
  if (annotator > 0 && annotator != GTK_INVALID_LIST_POSITION)
    job->options.annotator = job->annotator = g_strdup (self->annotators[annotator - 1]);
  job->label_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!parse_map (map, job->label_map))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->map_row), "error");
      export_job_free (job);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->map_row), "error");
  job->options.label_map = g_hash_table_size (job->label_map) ? job->label_map : NULL;
  if (adw_expander_row_get_enable_expansion (self->split_row))
    {
      g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->ratios_row)),
                                        "/", -1);
      if (g_strv_length (parts) != 3)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->ratios_row), "error");
          export_job_free (job);
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->ratios_row), "error");
      job->options.split = TRUE;
      for (guint i = 0; i < 3; i++)
        job->options.ratios[i] = (guint)g_ascii_strtoull (parts[i], NULL, 10);
      job->options.seed = (guint64)gtk_spin_button_get_value_as_int (self->seed_spin);
    }

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_group), FALSE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, export_clicked_cb);
  g_task_set_task_data (task, job, (GDestroyNotify)export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
cancel_clicked_cb (GlsExportDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
gls_export_dialog_close_request (GtkWindow *window)
{
  GlsExportDialog *self = GLS_EXPORT_DIALOG (window);

  /* Closing while exporting cancels first; the dialog goes when the worker has stopped. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gls_export_dialog_parent_class)->close_request (window);
}

static void
gls_export_dialog_dispose (GObject *object)
{
  GlsExportDialog *self = GLS_EXPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->formats, g_ptr_array_unref);
  g_clear_pointer (&self->annotators, g_strfreev);
  g_clear_pointer (&self->output, g_free);

  G_OBJECT_CLASS (gls_export_dialog_parent_class)->dispose (object);
}

static void
gls_export_dialog_class_init (GlsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gls_export_dialog_dispose;
  window_class->close_request = gls_export_dialog_close_request;

  /**
   * GlsExportDialog::exported:
   * @path: what was written
   * @n_losses: how many items the format could not carry
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                    G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glossator/Glossator/gls-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, output_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, search_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, map_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, split_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, ratios_row);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, loss_group);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, loss_view);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, GlsExportDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
gls_export_dialog_init (GlsExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GlsExportDialog *
gls_export_dialog_new (GtkWindow  *parent,
                       GlsProject *project)
{
  GlsExportDialog *self = g_object_new (GLS_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GtkStringList) format_titles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) annotator_names = gtk_string_list_new (NULL);
  const GlsFormat * const *formats;
  guint n;

  self->project = g_object_ref (project);
  self->formats = g_ptr_array_new ();
  formats = gls_format_list (&n);
  for (guint i = 0; i < n; i++)
    if (formats[i]->begin != NULL)
      {
        g_ptr_array_add (self->formats, (gpointer)formats[i]);
        gtk_string_list_append (format_titles, formats[i]->title);
      }

  self->annotators = gls_project_list_annotators (project);
  gtk_string_list_append (annotator_names, _("Every annotator"));
  for (guint i = 0; self->annotators[i]; i++)
    gtk_string_list_append (annotator_names, self->annotators[i]);

  adw_combo_row_set_model (self->annotator_row, G_LIST_MODEL (annotator_names));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_titles));
  g_signal_connect_object (self->split_row, "notify::enable-expansion",
                           G_CALLBACK (suggest_output), self, G_CONNECT_SWAPPED);
  suggest_output (self);
  return self;
}
