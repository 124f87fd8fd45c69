/* gls-window.c — a project window: documents on the left, the article on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gls-after-frame.h"
#include "gls-agreement-dialog.h"
#include "gls-consistency-dialog.h"
#include "gls-error.h"
#include "gls-export-dialog.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-inspector.h"
#include "gls-label-editor.h"
#include "gls-review-panel.h"
#include "gls-search.h"
#include "gls-span-list.h"
#include "gls-window.h"

/* The search results list shows this many documents at most, best first. */
#define SEARCH_LIMIT 100

struct _GlsWindow
{
  AdwApplicationWindow parent_instance;

  GlsProject *project;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *main_stack;
  GtkPaned *paned;
  GtkLabel *documents_heading;
  GtkListView *documents_view;
  GtkSingleSelection *documents_selection;
  GtkFilterListModel *documents_filter;
  GtkStack *documents_stack;
  GtkDropDown *status_filter;
  GtkSearchEntry *search_entry;
  GtkStack *sidebar_stack;
  GtkLabel *results_heading;
  GtkListBox *results_list;
  AdwStatusPage *no_results_page;
  GtkFlowBox *labels_box;
  GlsDocumentView *document_view;
  GlsInspector *inspector;
  GSimpleActionGroup *settings_actions;
  GSimpleActionGroup *project_actions;  /* project settings, kept in the project file */
  GHashTable *label_counts;     /* gint64 label id → guint*: number of spans shown */
  gboolean label_counts_due;    /* the chips count again after the next frame */
  GListModel *counted_spans;    /* not a reference: the view's list the chips counted */
  GtkPaned *inspector_paned;
  GtkStack *side_stack;
  GlsReviewPanel *review_panel;
  GMenu *recent_section;

  GtkCustomFilter *status_filter_func;
  int shown_status;             /* the GlsDocumentStatus the sidebar lists, or -1 for all */
  GArray *search_hits;          /* of GlsSearchHit: the rows of results_list */
};

G_DEFINE_FINAL_TYPE (GlsWindow, gls_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_REVIEWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
window_settings (GlsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  return GLS_IS_APPLICATION (app) ? gls_application_get_settings (GLS_APPLICATION (app)) : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The rows of the document list and of the search results                                    */

static char *
status_text (int status)
{
  switch ((GlsDocumentStatus)status)
    {
    case GLS_DOCUMENT_NEW:
      return g_strdup (C_("document status", "New"));
    case GLS_DOCUMENT_IN_PROGRESS:
      return g_strdup (C_("document status", "In progress"));
    case GLS_DOCUMENT_DONE:
      return g_strdup (C_("document status", "Done"));
    case GLS_DOCUMENT_REVIEWED:
      return g_strdup (C_("document status", "Reviewed"));
    default:
      return g_strdup ("");
    }
}

static GStrv
status_classes (int status)
{
  GStrv classes = g_new0 (char *, 3);

  classes[0] = g_strdup ("status-badge");
  classes[1] = g_strdup_printf ("status-%s", gls_document_status_to_string (
                                  CLAMP (status, 0, GLS_DOCUMENT_STATUS_LAST)));
  return classes;
}

static char *
span_count_text (guint n_spans)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u span", "%u spans", n_spans), n_spans);
}

/* A title cut short shows in full as its tooltip. Asked for when the pointer rests on it:
 * setting a tooltip on every row as it is bound costs a round trip to the X server each. */
static gboolean
title_query_tooltip_cb (GtkLabel   *label,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

/* A document's title, wrapped to two lines at most. */
static GtkWidget *
title_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (title_query_tooltip_cb), NULL);
  gtk_widget_add_css_class (label, "title");
  return label;
}

/* The line under a title: the status badge, and a count at the end. */
static GtkWidget *
status_line_new (void)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (count, TRUE);
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_widget_add_css_class (count, "span-count");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (line), status);
  gtk_box_append (GTK_BOX (line), count);
  return line;
}

static void
status_line_set (GtkWidget  *line,
                 int         status,
                 const char *count)
{
  GtkWidget *badge = gtk_widget_get_first_child (line);
  g_autofree char *text = status_text (status);
  g_auto(GStrv) classes = status_classes (status);

  gtk_label_set_label (GTK_LABEL (badge), text);
  gtk_widget_set_css_classes (badge, (const char **)classes);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (badge)), count);
}

/* The document list's rows are made here rather than from a builder template: GTK 4.8's list
 * view keeps up to 200 rows, and a status filter replaces them all at once; a template parsed
 * per row made filtering 10,000 documents take several times as long. */
static void
document_row_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_add_css_class (box, "document-row");
  gtk_box_append (GTK_BOX (box), title_label_new ());
  gtk_box_append (GTK_BOX (box), status_line_new ());
  gtk_list_item_set_child (item, box);
  g_object_set_data (G_OBJECT (box), "gls-list-item", item);
}

static void
document_row_update (GtkListItem *item)
{
  GlsDocument *doc = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *count = span_count_text (gls_document_get_n_spans (doc));

  gtk_label_set_label (GTK_LABEL (title), gls_document_get_title (doc));
  status_line_set (gtk_widget_get_next_sibling (title), gls_document_get_status (doc), count);
}

static void
document_row_refresh (GtkWidget *row)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (row), "gls-list-item");

  g_object_set_data (G_OBJECT (row), "gls-refresh", NULL);
  if (gtk_list_item_get_item (item) != NULL)
    document_row_update (item);
}

/* Title, status and span count change with edits, undo and redo: the row follows once the
 * edit is drawn in the text. */
static void
document_changed_cb (GtkListItem *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (g_object_get_data (G_OBJECT (row), "gls-refresh") != NULL)
    return;
  g_object_set_data (G_OBJECT (row), "gls-refresh", GINT_TO_POINTER (TRUE));
  gls_after_frame (row, document_row_refresh);
}

static void
document_row_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  document_row_update (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify",
                           G_CALLBACK (document_changed_cb), item, G_CONNECT_SWAPPED);
}

static void
document_row_unbind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), document_changed_cb,
                                        item);
}

/* ------------------------------------------------------------------------------------------ */

/* The document shown in the text view. The list's selection follows it, but the status
 * filter can hide it from the list: it stays open then, with no row selected. */
static GlsDocument *
open_document (GlsWindow *self)
{
  if (self->project == NULL)
    return NULL;
  return gls_project_lookup_document (self->project,
                                      gls_document_view_get_document (self->document_view));
}

static void
update_subtitle (GlsWindow *self)
{
  GlsDocument *doc = open_document (self);

  adw_window_title_set_subtitle (self->window_title, doc ? gls_document_get_title (doc) : "");
}

static void
document_selected_cb (GlsWindow *self)
{
  GlsDocument *doc = gtk_single_selection_get_selected_item (self->documents_selection);
  g_autoptr(GError) error = NULL;

  /* No row selected leaves the open document open; its row moving in the filtered list
   * loads nothing again. */
  if (doc != NULL && self->project != NULL &&
      gls_document_view_get_document (self->document_view) != gls_document_get_id (doc) &&
      !gls_document_view_set_document (self->document_view, gls_document_get_id (doc), &error))
    gls_window_show_error (self, error->message);
  update_subtitle (self);
}

static void
update_documents_heading (GlsWindow *self)
{
  guint n = self->project ? g_list_model_get_n_items (gls_project_get_documents (self->project)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->documents_filter));
  g_autofree char *text = NULL;

  if (self->shown_status < 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Document", "%u Documents", n), n);
  else
    /* Translators: how many documents the status filter shows, of how many */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u Document", "%u of %u Documents",
                                         n), shown, n);
  gtk_label_set_label (self->documents_heading, text);
  gtk_stack_set_visible_child_name (self->documents_stack,
                                    shown > 0 || self->shown_status < 0 ? "list" : "empty");
}

static char *
chip_markup (GlsLabel *label,
             guint     count)
{
  GdkRGBA color;
  char fill[16];

  if (!gdk_rgba_parse (&color, gls_label_get_color (label)))
    gdk_rgba_parse (&color, "#77767b");
  /* The chip looks like a span of that label in the text: a fill and an underline. */
  g_snprintf (fill, sizeof fill, "#%02x%02x%02x38", (guint)(color.red * 255),
              (guint)(color.green * 255), (guint)(color.blue * 255));
  /* Name, key, and how many spans of the label the document shows. */
  return g_markup_printf_escaped ("<span background=\"%s\" underline=\"single\" "
                                  "underline_color=\"%s\"> %s </span> <span alpha=\"55%%\">"
                                  "%s</span> <b>%u</b>",
                                  fill, gls_label_get_color (label), gls_label_get_name (label),
                                  gls_label_get_key (label) ? gls_label_get_key (label) : "",
                                  count);
}

static guint
label_count (GlsWindow *self,
             gint64     label_id)
{
  guint *counted = g_hash_table_lookup (self->label_counts, &label_id);

  return counted ? *counted : 0;
}

static GtkWidget *
create_label_chip (gpointer item,
                   gpointer user_data)
{
  GlsWindow *self = user_data;
  GlsLabel *label = item;
  GtkWidget *widget = gtk_label_new (NULL);
  g_autofree char *markup = chip_markup (label, label_count (self, gls_label_get_id (label)));
  g_autofree char *tooltip = NULL;

  gtk_label_set_markup (GTK_LABEL (widget), markup);
  tooltip = g_strdup_printf ("%s — %s", gls_label_get_name (label),
                             gls_label_get_display_description (label));
  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_widget_add_css_class (widget, "label-chip");
  /* update_label_counts() finds the chip's label through this. */
  g_object_set_data_full (G_OBJECT (widget), "label", g_object_ref (label), g_object_unref);
  return widget;
}

/* For the launch benchmark (bench/gls-bench-window.c): with GLOSSATOR_EXIT_AFTER_DRAWN set,
 * the first frame painted with the project's text and all its highlights prints a line and
 * quits. Nothing happens otherwise. */
static void
after_paint_cb (GdkFrameClock *clock,
                GlsWindow     *self)
{
  if (self->project == NULL || gls_document_view_get_document (self->document_view) == 0 ||
      !gls_document_view_spans_drawn (self->document_view))
    return;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  g_print ("glossator: project drawn\n");
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
gls_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gls_window_parent_class)->realize (widget);

  if (g_getenv ("GLOSSATOR_EXIT_AFTER_DRAWN") != NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (after_paint_cb), widget, 0);
}

/* Counts the shown spans per label and redraws the label chips with them. */
static void
update_label_counts (GlsWindow *self)
{
  GListModel *spans = gls_document_view_get_spans (self->document_view);
  guint n = spans ? g_list_model_get_n_items (spans) : 0;
  GlsSpanList *list = spans ? GLS_SPAN_LIST (spans) : NULL;
  gboolean all = gls_document_view_get_show_all (self->document_view);
  const char *me = self->project ? gls_project_get_annotator (self->project) : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));

  /* A project has a handful of labels: a short array beats hashing once per span. */
  for (guint i = 0; i < n; i++)
    {
      gint64 id = gls_span_list_get_label_id (list, i);
      guint k;

      if (!all && g_strcmp0 (gls_span_list_get_annotator (list, i), me) != 0)
        continue;
      for (k = 0; k < ids->len && g_array_index (ids, gint64, k) != id; k++)
        ;
      if (k == ids->len)
        {
          g_array_append_val (ids, id);
          g_array_set_size (counts, ids->len);
        }
      g_array_index (counts, guint, k)++;
    }
  g_hash_table_remove_all (self->label_counts);
  for (guint k = 0; k < ids->len; k++)
    g_hash_table_insert (self->label_counts, g_memdup2 (&g_array_index (ids, gint64, k), sizeof (gint64)),
                         g_memdup2 (&g_array_index (counts, guint, k), sizeof (guint)));

  /* The chips stay; only their counts change. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *chip = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GlsLabel *label = chip ? g_object_get_data (G_OBJECT (chip), "label") : NULL;
      g_autofree char *markup = NULL;

      if (label == NULL)
        continue;
      markup = chip_markup (label, label_count (self, gls_label_get_id (label)));
      if (g_strcmp0 (markup, gtk_label_get_label (GTK_LABEL (chip))) != 0)
        gtk_label_set_markup (GTK_LABEL (chip), markup);
    }
}

static void
label_counts_refresh (GtkWidget *widget)
{
  GlsWindow *self = GLS_WINDOW (widget);

  if (!self->label_counts_due || self->document_view == NULL)   /* disposed meanwhile */
    return;
  self->label_counts_due = FALSE;
  update_label_counts (self);
}

/* After an edit the chips count once the span is drawn (see gls-after-frame.c). A document
 * just opened is counted at once: chips that change their size after its first frame would
 * resize the text view while it is still laying the new text out. */
static void
spans_loaded_cb (GlsWindow *self)
{
  GListModel *spans = gls_document_view_get_spans (self->document_view);

  if (spans != self->counted_spans)
    {
      self->counted_spans = spans;
      self->label_counts_due = FALSE;
      update_label_counts (self);
      return;
    }
  if (self->label_counts_due)
    return;
  self->label_counts_due = TRUE;
  gls_after_frame (GTK_WIDGET (self), label_counts_refresh);
}

static void
project_snap_changed_cb (GlsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->project_actions),
                                                "snap-to-tokens");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->project != NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (
    self->project == NULL || gls_project_get_snap_to_tokens (self->project)));
}

/* ------------------------------------------------------------------------------------------ */
/* The sidebar: status filter and whole-project search                                          */

static guint
document_position (GlsWindow *self,
                   gint64     document_id)
{
  GListModel *model = G_LIST_MODEL (self->documents_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (model, i);
      if (gls_document_get_id (doc) == document_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
status_filter_func (gpointer item,
                    gpointer user_data)
{
  GlsWindow *self = user_data;

  return self->shown_status < 0 || (int)gls_document_get_status (item) == self->shown_status;
}

static void
status_filter_changed_cb (GlsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_filter);
  int status = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int)selected - 1;
  GtkFilterChange change;

  if (status == self->shown_status)
    return;
  if (self->shown_status < 0)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (status < 0)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  self->shown_status = status;
  gtk_filter_changed (GTK_FILTER (self->status_filter_func), change);
  update_documents_heading (self);
}

/* The filtered list changed: its heading follows, the open document's row is selected again
 * when the list shows it, and the first document opens when none is open. */
static void
documents_changed_cb (GlsWindow *self)
{
  GlsDocument *selected = gtk_single_selection_get_selected_item (self->documents_selection);
  gint64 open = gls_document_view_get_document (self->document_view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents_selection));
  guint position;

  update_documents_heading (self);
  if (self->project == NULL || n == 0 ||
      (selected != NULL && gls_document_get_id (selected) == open))
    return;
  position = open == 0 ? 0 : document_position (self, open);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->documents_selection, position);
}

/* After an edit, undo or redo: a document whose status changed may leave the filtered list
 * or join it. Span edits to the shown document, the usual case, cannot change that. */
static void
document_edited_cb (GlsWindow *self,
                     gint64     document_id)
{
  GlsDocument *selected = gtk_single_selection_get_selected_item (self->documents_selection);

  if (self->shown_status < 0)
    return;
  if (selected != NULL && gls_document_get_id (selected) == document_id &&
      (int)gls_document_get_status (selected) == self->shown_status)
    return;
  gtk_filter_changed (GTK_FILTER (self->status_filter_func), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The snippet with its match in bold. */
static char *
search_hit_markup (const GlsSearchHit *hit)
{
  const char *snippet = hit->snippet;
  g_autofree char *before = g_markup_escape_text (snippet, (gssize)hit->snippet_match_start);
  g_autofree char *match = g_markup_escape_text (snippet + hit->snippet_match_start,
                                                 (gssize)(hit->snippet_match_end -
                                                          hit->snippet_match_start));
  g_autofree char *after = g_markup_escape_text (snippet + hit->snippet_match_end, -1);

  return g_strconcat (before, "<b>", match, "</b>", after, NULL);
}

/* A result looks like a document row: its title, the snippet, its status and how many
 * matches it holds. */
static GtkWidget *
create_search_row (GlsWindow          *self,
                   const GlsSearchHit *hit)
{
  GlsDocument *doc = gls_project_lookup_document (self->project, hit->document_id);
  g_autofree char *markup = search_hit_markup (hit);
  g_autofree char *count = NULL;
  GtkWidget *box, *label, *line;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (box, "document-row");

  label = title_label_new ();
  gtk_label_set_label (GTK_LABEL (label), doc != NULL ? gls_document_get_title (doc) : "");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  if (hit->n_matches > 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches",
                                          hit->n_matches), hit->n_matches);
  line = status_line_new ();
  status_line_set (line, doc != NULL ? (int)gls_document_get_status (doc) : -1,
                   count != NULL ? count : "");
  gtk_widget_set_visible (gtk_widget_get_first_child (line), doc != NULL);
  gtk_box_append (GTK_BOX (box), line);
  return box;
}

/* Runs the search typed so far (GtkSearchEntry waits for a pause in the typing) and shows
 * its results in place of the document list; no words, and the list is back. */
static void
search_changed_cb (GlsWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *child, *scroller;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))))
    gtk_list_box_remove (self->results_list, child);
  g_clear_pointer (&self->search_hits, g_array_unref);

  if (self->project == NULL || query[strspn (query, " \t\n")] == '\0')
    {
      gtk_stack_set_visible_child_name (self->sidebar_stack, "documents");
      return;
    }

  if (!(hits = gls_project_search (self->project, query, SEARCH_LIMIT + 1, &error)) ||
      hits->len == 0)
    {
      adw_status_page_set_title (self->no_results_page,
                                 error ? _("Search Failed") : _("No Results"));
      adw_status_page_set_description (self->no_results_page,
                                       error ? error->message
                                             : _("No document holds every word searched for."));
      gtk_stack_set_visible_child_name (self->sidebar_stack, "no-results");
      return;
    }

  if (hits->len > SEARCH_LIMIT)
    {
      g_array_set_size (hits, SEARCH_LIMIT);
      heading = g_strdup_printf (_("The Best %u Documents"), SEARCH_LIMIT);
    }
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Document Found",
                                            "%u Documents Found", hits->len), hits->len);
  gtk_label_set_label (self->results_heading, heading);
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results_list,
                         create_search_row (self, &g_array_index (hits, GlsSearchHit, i)));
  self->search_hits = g_steal_pointer (&hits);
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->results_list), GTK_TYPE_SCROLLED_WINDOW);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "results");
}

/* GtkTextView measures newly set text in an idle of its own (GTK_TEXT_VIEW_PRIORITY_VALIDATE),
 * keeping the top line in place, which can undo a scroll asked for before: scroll after it. */
static gboolean
scroll_to_selection_cb (gpointer data)
{
  GtkTextView *view = data;

  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)),
                                0.0, TRUE, 0.0, 0.3);
  return G_SOURCE_REMOVE;
}

/* Opens a result's document as a click in the document list would (showing every status if
 * the filter hides it), selects the match and scrolls it into view. */
/* Opens a document through its row in the list, showing every status first if the status
 * filter hides it. */
static gboolean
open_document_id (GlsWindow *self,
                  gint64     document_id)
{
  guint position = document_position (self, document_id);

  if (position == GTK_INVALID_LIST_POSITION && self->shown_status >= 0)
    {
      gtk_drop_down_set_selected (self->status_filter, 0);
      position = document_position (self, document_id);
    }
  return gls_window_select_document (self, position) &&
         gls_document_view_get_document (self->document_view) == document_id;
}

/* The text is selected as if dragged over: a label key labels it right away. */
static void
select_text (GlsWindow *self,
             gint64     start,
             gint64     end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->document_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int)start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int)end);
  gtk_text_buffer_select_range (buffer, &a, &b);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_selection_cb, g_object_ref (view),
                   g_object_unref);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
open_search_hit (GlsWindow *self,
                 guint      index)
{
  const GlsSearchHit *hit;

  if (self->search_hits == NULL || index >= self->search_hits->len)
    return;
  hit = &g_array_index (self->search_hits, GlsSearchHit, index);
  if (open_document_id (self, hit->document_id) && hit->start >= 0)
    select_text (self, hit->start, hit->end);
}

/* Opens a document (showing every status if the list hides it) and selects [start, end). */
gboolean
gls_window_show_range (GlsWindow *self,
                       gint64     document_id,
                       gint64     start,
                       gint64     end)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), FALSE);

  if (!open_document_id (self, document_id))
    return FALSE;
  select_text (self, start, end);
  return TRUE;
}

static void
result_activated_cb (GlsWindow     *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  open_search_hit (self, (guint)gtk_list_box_row_get_index (row));
}

/* Enter in the search entry opens the best result. */
static void
search_activate_cb (GlsWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first == NULL)
    return;
  gtk_list_box_select_row (self->results_list, first);
  open_search_hit (self, 0);
}

/* Escape: back to the document list. */
static void
search_stop_cb (GlsWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->documents_view));
}

/* Down from the search entry goes into the results. */
static gboolean
search_key_pressed_cb (GlsWindow             *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (first)))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);

  if (self->project != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
set_project (GlsWindow  *self,
             GlsProject *project)
{
  g_autofree char *title = NULL;

  if (!g_set_object (&self->project, project))
    return;

  gls_document_view_set_project (self->document_view, project);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_hash_table_remove_all (self->label_counts);
  gtk_flow_box_bind_model (self->labels_box, project ? gls_project_get_labels (project) : NULL,
                           create_label_chip, self, NULL);
  /* The list selects and opens the first document, which counts its spans per label. */
  gtk_filter_list_model_set_model (self->documents_filter,
                                   project ? gls_project_get_documents (project) : NULL);

  if (project != NULL)
    {
      g_signal_connect_object (gls_project_get_documents (project), "items-changed",
                               G_CALLBACK (update_documents_heading), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::snap-to-tokens",
                               G_CALLBACK (project_snap_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "spans-changed", G_CALLBACK (document_edited_cb), self,
                               G_CONNECT_SWAPPED);
      title = gls_project_dup_title (project);
      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_stack_set_visible_child_name (self->main_stack, "project");
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Glossator"));
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }
  update_documents_heading (self);
  project_snap_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-labels", project != NULL);
  update_subtitle (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
gls_window_show_error (GlsWindow  *self,
                       const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (GLS_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Project"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * gls_window_open_path:
 *
 * Opens a project file in this window. On failure, the user sees why (naming the file)
 * and the window keeps whatever it showed before.
 */
gboolean
gls_window_open_path (GlsWindow  *self,
                      const char *path)
{
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  g_return_val_if_fail (GLS_IS_WINDOW (self), FALSE);

  if (!(project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error)))
    {
      gls_window_show_error (self, error->message);
      return FALSE;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (GLS_IS_APPLICATION (app))
    {
      GSettings *settings = gls_application_get_settings (GLS_APPLICATION (app));
      g_autofree char *annotator = g_settings_get_string (settings, "annotator-name");

      gls_project_set_annotator (project, annotator);
      gls_application_add_recent (GLS_APPLICATION (app), path);
    }

  set_project (self, project);
  return TRUE;
}

GlsProject *
gls_window_get_project (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);
  return self->project;
}

GlsInspector *
gls_window_get_inspector (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);
  return self->inspector;
}

GlsDocumentView *
gls_window_get_document_view (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);
  return self->document_view;
}

GtkListView *
gls_window_get_document_list (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);
  return self->documents_view;
}

/* ------------------------------------------------------------------------------------------ */
/* Review mode                                                                                  */

gboolean
gls_window_get_reviewing (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), FALSE);
  /* The action asks before the template is built, and after it is torn down. */
  return self->review_panel != NULL && gls_review_panel_get_active (self->review_panel);
}

void
gls_window_set_reviewing (GlsWindow *self,
                          gboolean   reviewing)
{
  g_return_if_fail (GLS_IS_WINDOW (self));

  reviewing = reviewing && self->project != NULL;
  if (self->review_panel == NULL || gls_window_get_reviewing (self) == reviewing)
    return;
  gtk_stack_set_visible_child_name (self->side_stack, reviewing ? "review" : "inspector");
  gls_review_panel_set_active (self->review_panel, reviewing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWING]);
}

GlsReviewPanel *
gls_window_get_review_panel (GlsWindow *self)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);
  return self->review_panel;
}

/* N or P went past the open document's last disagreement. */
static void
review_open_document_cb (GlsWindow *self,
                         gint64     document_id)
{
  open_document_id (self, document_id);
}

/* One key per decision while reviewing, unless the keys are for typing (a search entry, a
 * note), for the label chooser, or a label's key with text selected. */
static gboolean
review_key_pressed_cb (GlsWindow       *self,
                       guint            keyval,
                       guint            keycode,
                       GdkModifierType  state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!gls_window_get_reviewing (self) ||
      (focus != NULL && (GTK_IS_EDITABLE (focus) ||
                         gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)))
    return GDK_EVENT_PROPAGATE;
  state &= gtk_accelerator_get_default_mod_mask ();
  if (state == GDK_SHIFT_MASK && keyval == GDK_KEY_A)
    {
      gls_review_panel_accept_agreements (self->review_panel);
      return GDK_EVENT_STOP;
    }
  if (state != 0)
    return GDK_EVENT_PROPAGATE;
  /* With text selected, a letter that is also a label's key labels it (into Gold). */
  if (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->document_view))) &&
      gls_document_view_is_label_key (self->document_view, keyval))
    return GDK_EVENT_PROPAGATE;
  switch (keyval)
    {
    case GDK_KEY_n:
      gls_review_panel_step (self->review_panel, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_p:
      gls_review_panel_step (self->review_panel, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_a:
      gls_review_panel_accept (self->review_panel, 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_b:
      gls_review_panel_accept (self->review_panel, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_c:
      gls_review_panel_accept_all (self->review_panel);
      return GDK_EVENT_STOP;
    case GDK_KEY_r:
      gls_review_panel_reject (self->review_panel);
      return GDK_EVENT_STOP;
    case GDK_KEY_e:
      gls_review_panel_edit (self->review_panel);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

gboolean
gls_window_select_document (GlsWindow *self,
                            guint      position)
{
  g_return_val_if_fail (GLS_IS_WINDOW (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->documents_selection)))
    return FALSE;
  gtk_single_selection_set_selected (self->documents_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->documents_view), "list.scroll-to-item", "u",
                              position);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Recent projects                                                                              */

static void
rebuild_recent_menu (GlsWindow *self)
{
  GSettings *settings = window_settings (self);
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (settings == NULL)
    return;

  recent = g_settings_get_strv (settings, "recent-projects");
  for (guint i = 0; recent[i]; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
  if (recent[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Projects"), "win.none");
      g_menu_append_item (self->recent_section, item);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Actions                                                                                      */

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  GlsWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gls_window_open_path (self, path);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Glossator projects"));
  gtk_file_filter_add_pattern (filter, "*.glossator");
  gtk_file_filter_add_mime_type (filter, "application/x-glossator-project");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gls_window_open_path (GLS_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
move_document (GlsWindow *self,
               int        delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents_selection));
  guint pos = gtk_single_selection_get_selected (self->documents_selection);

  if (n == 0)
    return;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (delta > 0 && pos + 1 < n)
    pos++;
  else if (delta < 0 && pos > 0)
    pos--;
  gls_window_select_document (self, pos);
}

static void
show_toast (GlsWindow  *self,
            const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean redo = g_str_equal (action_name, "win.redo");

  if (self->project == NULL)
    return;
  if (!(redo ? gls_project_redo (self->project, &error) : gls_project_undo (self->project, &error)))
    show_toast (self, error->message);
}

static void
span_deleted_cb (GlsWindow *self)
{
  AdwToast *toast = adw_toast_new (_("Span deleted"));

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
edit_failed_cb (GlsWindow  *self,
                const char *message)
{
  show_toast (self, message);
}

static void
show_all_changed_cb (GlsWindow *self)
{
  GSettings *settings = window_settings (self);

  if (settings != NULL)
    gls_document_view_set_show_all (self->document_view,
                                    g_settings_get_boolean (settings, "show-all-annotators"));
}

/* ------------------------------------------------------------------------------------------ */
/* Label all occurrences                                                                        */

typedef struct
{
  GlsWindow *window;
  gint64 span_id;
  gint64 label_id;
  GtkSwitch *match_case;
  GtkSwitch *whole_word;
  GtkDropDown *scope;
  GtkLabel *summary;
  GtkListBox *preview;
  GArray *found;
} Occurrences;

static void
occurrences_free (Occurrences *o)
{
  g_clear_pointer (&o->found, g_array_unref);
  g_object_unref (o->window);
  g_free (o);
}

/* "…text before MATCH text after…" for the preview list. */
static char *
occurrence_context (GlsProject          *project,
                    const GlsOccurrence *occurrence)
{
  g_autofree char *text = gls_project_load_text (project, occurrence->document_id, NULL);
  glong length = text ? g_utf8_strlen (text, -1) : 0;
  gint64 from = MAX (0, occurrence->start - 30);
  gint64 to = MIN (length, occurrence->end + 30);
  g_autofree char *before = NULL, *match = NULL, *after = NULL;
  char *result;

  if (text == NULL)
    return g_strdup ("");
  before = g_utf8_substring (text, from, occurrence->start);
  match = g_utf8_substring (text, occurrence->start, occurrence->end);
  after = g_utf8_substring (text, occurrence->end, to);
  g_strdelimit (before, "\n\t", ' ');
  g_strdelimit (after, "\n\t", ' ');
  result = g_markup_printf_escaped ("…%s<b>%s</b>%s…", before, match, after);
  return result;
}

static void
update_occurrences (Occurrences *o)
{
  GlsProject *project = o->window->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;

  g_clear_pointer (&o->found, g_array_unref);
  o->found = gls_project_find_occurrences (project, o->span_id,
                                           gtk_drop_down_get_selected (o->scope) == 1,
                                           gtk_switch_get_active (o->match_case),
                                           gtk_switch_get_active (o->whole_word), &error);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (o->preview))))
    gtk_list_box_remove (o->preview, child);
  if (o->found == NULL)
    {
      gtk_label_set_text (o->summary, error->message);
      return;
    }
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more place will be labelled",
                                          "%u more places will be labelled", o->found->len),
                             o->found->len);
  gtk_label_set_text (o->summary, summary);
  for (guint i = 0; i < MIN (o->found->len, 100); i++)
    {
      const GlsOccurrence *occurrence = &g_array_index (o->found, GlsOccurrence, i);
      GlsDocument *doc = gls_project_lookup_document (project, occurrence->document_id);
      g_autofree char *context = occurrence_context (project, occurrence);
      GtkWidget *row = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (row), context);
      gtk_label_set_xalign (GTK_LABEL (row), 0);
      gtk_label_set_ellipsize (GTK_LABEL (row), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (row, doc ? gls_document_get_title (doc) : NULL);
      gtk_widget_set_margin_top (row, 3);
      gtk_widget_set_margin_bottom (row, 3);
      gtk_list_box_append (o->preview, row);
    }
}

static void
occurrences_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Occurrences      *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  guint added;

  if (g_strcmp0 (response, "label") != 0 || o->found == NULL || o->found->len == 0)
    return;
  added = gls_project_add_spans (o->window->project,
                                 (const GlsOccurrence *)(gpointer)o->found->data, o->found->len,
                                 o->label_id, &error);
  if (error != NULL)
    {
      show_toast (o->window, error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Labelled %u more place",
                                          "Labelled %u more places", added), added);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (o->window->toast_overlay, toast);
}

static GtkWidget *
switch_row (const char  *title,
            gboolean     active,
            GtkSwitch  **out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *sw = gtk_switch_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sw);
  *out = GTK_SWITCH (sw);
  return box;
}

/**
 * gls_window_show_label_occurrences:
 *
 * From the selected span: label every other exact mention of its text the same way, in this
 * document or the whole project, after a preview — as one step that one undo takes back.
 */
AdwMessageDialog *
gls_window_show_label_occurrences (GlsWindow *self)
{
  gint64 span_id = gls_document_view_get_selected_span (self->document_view);
  g_autoptr(GlsSpan) span = NULL;
  g_autoptr(GtkStringList) scopes = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box, *scroller, *scope_row, *scope_label;
  Occurrences *o;
  GlsLabel *label;

  if (self->project == NULL || span_id == 0 ||
      !(span = gls_project_get_span (self->project, span_id, NULL)))
    {
      show_toast (self, _("Select a span first"));
      return NULL;
    }
  label = gls_project_lookup_label (self->project, gls_span_get_label_id (span));

  o = g_new0 (Occurrences, 1);
  o->window = g_object_ref (self);
  o->span_id = span_id;
  o->label_id = gls_span_get_label_id (span);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_box_append (GTK_BOX (box), switch_row (_("Match case"), TRUE, &o->match_case));
  gtk_box_append (GTK_BOX (box), switch_row (_("Whole words only"), TRUE, &o->whole_word));
  gtk_string_list_append (scopes, _("In this document"));
  gtk_string_list_append (scopes, _("In every document"));
  scope_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  scope_label = gtk_label_new (_("Where"));
  gtk_label_set_xalign (GTK_LABEL (scope_label), 0);
  gtk_widget_set_hexpand (scope_label, TRUE);
  o->scope = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (scopes)), NULL));
  gtk_box_append (GTK_BOX (scope_row), scope_label);
  gtk_box_append (GTK_BOX (scope_row), GTK_WIDGET (o->scope));
  gtk_box_append (GTK_BOX (box), scope_row);
  o->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (o->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (o->summary), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (o->summary));
  o->preview = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (o->preview, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (o->preview), "boxed-list");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (o->preview));
  gtk_box_append (GTK_BOX (box), scroller);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Label All as %s"),
                                     label ? gls_label_get_name (label) : "?");
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Every other mention of the same text gets the same label. "
                                 "Text you have labelled already is left alone."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "label", _("_Label All"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "label",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "label");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, -1);

  g_signal_connect_swapped (o->match_case, "notify::active", G_CALLBACK (update_occurrences), o);
  g_signal_connect_swapped (o->whole_word, "notify::active", G_CALLBACK (update_occurrences), o);
  g_signal_connect_swapped (o->scope, "notify::selected", G_CALLBACK (update_occurrences), o);
  g_signal_connect_data (dialog, "response", G_CALLBACK (occurrences_response_cb), o,
                         (GClosureNotify)(void (*) (void))occurrences_free, 0);
  update_occurrences (o);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
label_occurrences_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  gls_window_show_label_occurrences (GLS_WINDOW (widget));
}

static void
mark_done_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  GlsDocument *doc = open_document (self);
  g_autoptr(GError) error = NULL;
  GlsDocumentStatus status;

  if (doc == NULL)
    return;
  /* A toggle: done again goes back to in progress. */
  status = gls_document_get_status (doc) == GLS_DOCUMENT_DONE ? GLS_DOCUMENT_IN_PROGRESS
                                                               : GLS_DOCUMENT_DONE;
  if (!gls_project_set_document_status (self->project, gls_document_get_id (doc), status, &error))
    show_toast (self, error->message);
}

static void
next_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  move_document (GLS_WINDOW (widget), 1);
}

static void
previous_document_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  move_document (GLS_WINDOW (widget), -1);
}

/* ------------------------------------------------------------------------------------------ */
/* Import and export                                                                            */

static gboolean
is_article (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".text") ||
         g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
         g_str_has_suffix (lower, ".xhtml");
}

/**
 * gls_window_import_paths:
 *
 * Imports articles (text, HTML) and annotation files into the open project, all in one
 * transaction: if one file fails, the user sees why and nothing is imported.
 */
gboolean
gls_window_import_paths (GlsWindow          *self,
                         const char * const *paths)
{
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_documents, n_spans;

  g_return_val_if_fail (GLS_IS_WINDOW (self), FALSE);

  if (self->project == NULL || !(import = gls_import_begin (self->project, "import", &error)))
    goto fail;
  for (guint i = 0; paths[i]; i++)
    {
      const GlsFormat *format = NULL;

      if (is_article (paths[i]))
        {
          if (!gls_import_article_file (import, paths[i], GLS_ARTICLE_AUTO, &error))
            goto fail;
        }
      else if (!(format = gls_format_detect (paths[i], &error)) ||
               !format->read (import, paths[i], NULL, NULL, &error))
        goto fail;
    }
  n_documents = gls_import_get_n_documents (import);
  n_spans = gls_import_get_n_spans (import);
  if (!gls_import_commit (import, &error))
    goto fail;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u document",
                                          "Imported %u documents", n_documents), n_documents);
  if (n_spans > 0)
    {
      g_autofree char *with_spans =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s with %u span", "%s with %u spans",
                                      n_spans), message, n_spans);
      g_free (message);
      message = g_steal_pointer (&with_spans);
    }
  show_toast (self, message);
  return TRUE;

fail:
  {
    GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Imported"),
                                                error ? error->message : _("No project is open"));
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
    gtk_window_present (GTK_WINDOW (dialog));
  }
  return FALSE;
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  GlsWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      gls_window_import_paths (self, (const char * const *)paths);
    }
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GlsWindow     *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  /* A dropped project opens; anything else is imported into the open one. */
  if (paths[0] != NULL && paths[1] == NULL && g_str_has_suffix (paths[0], ".glossator"))
    return gls_window_open_path (self, paths[0]);
  return gls_window_import_paths (self, (const char * const *)paths);
}

static void
exported_cb (GlsExportDialog *dialog,
             const char      *path,
             guint            n_losses,
             GlsWindow       *self)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *folder = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path)
                                                                    : g_path_get_dirname (path);
  g_autofree char *title = g_strdup_printf (_("Exported to %s"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder));
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GlsExportDialog *
gls_window_show_export (GlsWindow *self)
{
  GlsExportDialog *dialog;

  g_return_val_if_fail (GLS_IS_WINDOW (self), NULL);

  if (self->project == NULL)
    return NULL;
  dialog = gls_export_dialog_new (GTK_WINDOW (self), self->project);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gls_window_show_export (GLS_WINDOW (widget));
}

static void
edit_labels_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);

  if (self->project != NULL)
    gtk_window_present (gls_label_editor_new (GTK_WINDOW (self), self->project));
}

/* A case of the agreement or consistency dialog, shown in the text. */
static void
show_case_cb (GlsWindow *self,
              gint64     document_id,
              gint64     start,
              gint64     end)
{
  gls_window_show_range (self, document_id, start, end);
}

static void
agreement_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  GtkWidget *dialog;

  if (self->project == NULL)
    return;
  dialog = gls_agreement_dialog_new (GTK_WINDOW (self), self->project);
  if (gls_document_view_get_document (self->document_view) != 0)
    gls_agreement_dialog_set_document (GLS_AGREEMENT_DIALOG (dialog),
                                       gls_document_view_get_document (self->document_view));
  g_signal_connect_object (dialog, "show-case", G_CALLBACK (show_case_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
consistency_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GlsWindow *self = GLS_WINDOW (widget);
  GtkWidget *dialog;

  if (self->project == NULL)
    return;
  dialog = gls_consistency_dialog_new (GTK_WINDOW (self), self->project);
  g_signal_connect_object (dialog, "show-case", G_CALLBACK (show_case_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Project ▸ Snap Selections to Words: a project setting, as a stateful action. */
static void
snap_change_state_cb (GSimpleAction *action,
                      GVariant      *state,
                      GlsWindow     *self)
{
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;
  if (!gls_project_set_snap_to_tokens (self->project, g_variant_get_boolean (state), &error))
    show_toast (self, error->message);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (param, NULL));
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    show_toast (GLS_WINDOW (widget), error->message);
}

/* ------------------------------------------------------------------------------------------ */

/* Settings come from the application, which GtkWindow sets after construction. */
static void
setup_settings (GlsWindow *self)
{
  GSettings *settings = window_settings (self);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      gtk_paned_set_position (self->paned, g_settings_get_int (settings, "sidebar-width"));
      g_signal_connect_object (settings, "changed::recent-projects",
                               G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
      /* "Show all annotators" is a setting; the header's toggle changes it through an action. */
      g_signal_connect_object (settings, "changed::show-all-annotators",
                               G_CALLBACK (show_all_changed_cb), self, G_CONNECT_SWAPPED);
      self->settings_actions = g_simple_action_group_new ();
      g_action_map_add_action (G_ACTION_MAP (self->settings_actions),
                               g_settings_create_action (settings, "show-all-annotators"));
      gtk_widget_insert_action_group (GTK_WIDGET (self), "settings",
                                      G_ACTION_GROUP (self->settings_actions));
      show_all_changed_cb (self);
    }
  rebuild_recent_menu (self);
}

GlsWindow *
gls_window_new (GlsApplication *application)
{
  GlsWindow *self = g_object_new (GLS_TYPE_WINDOW, "application", application, NULL);

  setup_settings (self);
  return self;
}

static gboolean
gls_window_close_request (GtkWindow *window)
{
  GlsWindow *self = GLS_WINDOW (window);
  GSettings *settings = window_settings (self);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_set_int (settings, "sidebar-width", gtk_paned_get_position (self->paned));
    }

  return GTK_WINDOW_CLASS (gls_window_parent_class)->close_request (window);
}

static void
gls_window_dispose (GObject *object)
{
  GlsWindow *self = GLS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_WINDOW);
  g_clear_object (&self->project);
  g_clear_object (&self->settings_actions);
  g_clear_object (&self->project_actions);
  g_clear_pointer (&self->label_counts, g_hash_table_unref);
  g_clear_object (&self->status_filter_func);
  g_clear_pointer (&self->search_hits, g_array_unref);

  G_OBJECT_CLASS (gls_window_parent_class)->dispose (object);
}

static void
gls_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GlsWindow *self = GLS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_REVIEWING:
      g_value_set_boolean (value, gls_window_get_reviewing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GlsWindow *self = GLS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REVIEWING:
      gls_window_set_reviewing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_window_class_init (GlsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gls_window_dispose;
  object_class->get_property = gls_window_get_property;
  object_class->set_property = gls_window_set_property;
  window_class->close_request = gls_window_close_request;
  widget_class->realize = gls_window_realize;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, GLS_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GlsWindow:reviewing:
   *
   * Review mode: the review panel in the inspector's place, the text marking where the
   * compared annotators disagree, and the review keys (N, P, A, B, C, R, E, Shift+A).
   */
  properties[PROP_REVIEWING] =
    g_param_spec_boolean ("reviewing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLS_TYPE_DOCUMENT);
  g_type_ensure (GLS_TYPE_DOCUMENT_VIEW);
  g_type_ensure (GLS_TYPE_INSPECTOR);
  g_type_ensure (GLS_TYPE_REVIEW_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glossator/Glossator/gls-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, documents_heading);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, documents_view);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, documents_selection);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, labels_box);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, document_view);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, inspector_paned);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, review_panel);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, documents_filter);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, documents_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, results_heading);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, results_list);
  gtk_widget_class_bind_template_child (widget_class, GlsWindow, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_row_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.mark-done", NULL, mark_done_action);
  gtk_widget_class_install_action (widget_class, "win.label-occurrences", NULL,
                                   label_occurrences_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.edit-labels", NULL, edit_labels_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.next-document", NULL, next_document_action);
  gtk_widget_class_install_action (widget_class, "win.previous-document", NULL,
                                   previous_document_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_property_action (widget_class, "win.review", "reviewing");
  gtk_widget_class_install_action (widget_class, "win.agreement", NULL, agreement_action);
  gtk_widget_class_install_action (widget_class, "win.consistency", NULL, consistency_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.search", NULL);
}

static void
gls_window_init (GlsWindow *self)
{
  GtkEventController *key;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  gls_inspector_set_view (self->inspector, self->document_view);
  gls_review_panel_set_view (self->review_panel, self->document_view);
  g_signal_connect_object (self->review_panel, "open-document",
                           G_CALLBACK (review_open_document_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_panel, "failed", G_CALLBACK (gls_window_show_error), self,
                           G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (review_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  self->label_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  {
    GSimpleAction *snap = g_simple_action_new_stateful ("snap-to-tokens", NULL,
                                                        g_variant_new_boolean (TRUE));

    g_signal_connect_object (snap, "change-state", G_CALLBACK (snap_change_state_cb), self, 0);
    self->project_actions = g_simple_action_group_new ();
    g_action_map_add_action (G_ACTION_MAP (self->project_actions), G_ACTION (snap));
    g_object_unref (snap);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "project",
                                    G_ACTION_GROUP (self->project_actions));
  }
  g_signal_connect_object (self->document_view, "spans-loaded", G_CALLBACK (spans_loaded_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document_view, "span-deleted", G_CALLBACK (span_deleted_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document_view, "edit-failed", G_CALLBACK (edit_failed_cb),
                           self, G_CONNECT_SWAPPED);

  self->shown_status = -1;
  self->status_filter_func = gtk_custom_filter_new (status_filter_func, self, NULL);
  gtk_filter_list_model_set_filter (self->documents_filter, GTK_FILTER (self->status_filter_func));
  g_signal_connect_object (self->documents_filter, "items-changed",
                           G_CALLBACK (documents_changed_cb), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (search_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  gtk_stack_set_visible_child_name (self->main_stack, "empty");
}
