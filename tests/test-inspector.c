/* test-inspector.c — a span's attributes and relations, edited in the inspector of a real
 * window (Xvfb) with real input (xdotool)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-relations.h"
#include "gls-test-gui.h"
#include "gls-window.h"

typedef struct
{
  char *dir;
  char *path;
  GlsWindow *window;
  GlsProject *project;
  GlsDocumentView *view;
  GtkWidget *inspector;
} Fixture;

static GlsApplication *app;

/* The Bulgarian article: one annotator (anna), so a click in the text selects one span. */
#define BULGARIA_DOCUMENT 1

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gls-inspector-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = gls_test_gui_copy_sample (f->dir);
  f->window = gls_test_gui_open_window (app, f->path, 1200, 800);
  f->project = gls_window_get_project (f->window);
  gls_project_set_annotator (f->project, "tester");
  f->view = gls_window_get_document_view (f->window);
  f->inspector = GTK_WIDGET (gls_window_get_inspector (f->window));
  g_assert_true (gls_window_select_document (f->window, BULGARIA_DOCUMENT));
  gls_test_gui_wait (300);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_gui_close_window (f->window, f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

/* Character offset of the @nth occurrence of @needle in the shown document. */
static int
offset_of (Fixture    *f,
           const char *needle,
           int         nth)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  const char *p;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  p = text;
  for (int i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }
  return (int)g_utf8_pointer_to_offset (text, p);
}

/* Scrolls character @offset into view and clicks it, as a person would. */
static void
click_char (Fixture *f,
            int      offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  GdkRectangle visible, where;
  GtkTextIter iter;
  double x, y;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (f->view), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (f->view), &iter, &where);
  if (where.y < visible.y || where.y + where.height > visible.y + visible.height)
    {
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (f->view), &iter, 0.2, FALSE, 0, 0);
      gls_test_gui_wait (500);   /* the view scrolls smoothly */
      gls_test_gui_wait_drawn (GTK_WINDOW (f->window));
    }
  gls_test_gui_text_point (GTK_TEXT_VIEW (f->view), offset, &x, &y);
  gls_test_gui_click (GTK_WIDGET (f->view), x, y);
  /* Separate clicks at one spot would merge into a double-click. */
  gls_test_gui_wait (500);
}

/* Scrolls the inspector's details so that @widget shows, then clicks its middle. */
static void
click_widget (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t top = GRAPHENE_POINT_INIT (0, 0), in_scroller;
  double height = gtk_widget_get_height (widget);

  g_assert_true (gtk_widget_compute_point (widget, scroller, &top, &in_scroller));
  if (in_scroller.y < 0 || in_scroller.y + height > gtk_widget_get_height (scroller))
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            in_scroller.y - 12);
      gls_test_gui_wait_drawn (GTK_WINDOW (gtk_widget_get_root (widget)));
    }
  gls_test_gui_click (widget, gtk_widget_get_width (widget) / 2.0, height / 2.0);
}

static void
type_text (Fixture    *f,
           const char *text)
{
  char xid[32];

  g_snprintf (xid, sizeof xid, "%lu", (gulong)gdk_x11_surface_get_xid (
    gtk_native_get_surface (GTK_NATIVE (f->window))));
  gls_test_gui_xdotool ("windowfocus", "--sync", xid, "type", "--delay", "20", text, NULL);
}

/* The first mapped widget below @root of @type whose @property is @value. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *property,
             const char *value)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    {
      g_autofree char *got = NULL;

      g_object_get (root, property, &got, NULL);
      if (g_strcmp0 (got, value) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, property, value);
      if (found)
        return found;
    }
  return NULL;
}

/* The delete button of a row. */
static GtkWidget *
button_in (GtkWidget *row)
{
  if (GTK_IS_BUTTON (row) && gtk_widget_get_mapped (row) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (row)), "user-trash-symbolic") == 0)
    return row;
  for (GtkWidget *child = gtk_widget_get_first_child (row); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_in (child);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
attribute_row (Fixture    *f,
               const char *key)
{
  return find_widget (f->inspector, ADW_TYPE_ENTRY_ROW, "title", key);
}

static GtkWidget *
relation_row (Fixture    *f,
              const char *reading)
{
  GtkWidget *label = gls_test_gui_find_label (f->inspector, reading);

  return label ? gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW) : NULL;
}

static char *
attribute_of (Fixture    *f,
              gint64      span_id,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = gls_project_get_span (f->project, span_id, &error);

  g_assert_no_error (error);
  return g_strdup (g_hash_table_lookup (gls_span_get_attributes (span), key));
}

static GPtrArray *
relations_of (Fixture *f,
              gint64   span_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *relations = gls_project_list_relations (f->project, span_id, &error);

  g_assert_no_error (error);
  return relations;
}

/* Clicks the span that starts at @offset and checks that the inspector shows it. */
static gint64
select_span_at (Fixture *f,
                int      offset)
{
  g_autoptr(GlsSpan) span = NULL;
  gint64 id;

  click_char (f, offset + 2);
  id = gls_document_view_get_selected_span (f->view);
  g_assert_cmpint (id, !=, 0);
  span = gls_project_get_span (f->project, id, NULL);
  g_assert_cmpint (gls_span_get_start (span), ==, offset);
  return id;
}

static void
test_attributes (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *key_entry, *value_entry, *add, *row, *error_label;
  int koleva = offset_of (f, "Koleva", 1);   /* "Koleva signed …", not "Desislava Koleva" */
  g_autofree char *value = NULL;
  gint64 span;

  span = select_span_at (f, koleva);

  /* The label's description guides the annotator. */
  g_assert_nonnull (gls_test_gui_find_label (f->inspector, "People, including fictional ones"));

  key_entry = find_widget (f->inspector, GTK_TYPE_ENTRY, "placeholder-text", "Key");
  value_entry = find_widget (f->inspector, GTK_TYPE_ENTRY, "placeholder-text", "Value");
  add = gls_test_gui_find_button (f->inspector, "Add");
  g_assert_nonnull (key_entry);
  g_assert_nonnull (value_entry);
  g_assert_nonnull (add);

  /* A key with "=" is refused with the core's message, and nothing is saved. */
  click_widget (key_entry);
  type_text (f, "a=b");
  click_widget (value_entry);
  type_text (f, "x");
  click_widget (add);
  error_label = gls_test_gui_find_label (f->inspector, "“a=b” is not a valid attribute name");
  g_assert_nonnull (error_label);
  g_assert_null (attribute_of (f, span, "a=b"));
  g_assert_true (gtk_widget_has_css_class (key_entry, "error"));

  /* Typing over the key clears the message. */
  click_widget (key_entry);
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+a");
  type_text (f, "role");
  g_assert_false (gtk_widget_get_visible (error_label));
  click_widget (value_entry);
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+a");
  type_text (f, "deputy minister");
  click_widget (add);
  value = attribute_of (f, span, "role");
  g_assert_cmpstr (value, ==, "deputy minister");
  g_clear_pointer (&value, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_entry)), ==, "");

  /* The new row shows it; editing its value in place saves on Enter. */
  row = attribute_row (f, "role");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "deputy minister");
  click_widget (row);
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+a");
  type_text (f, "minister");
  gls_test_gui_key (GTK_WINDOW (f->window), "Return");
  value = attribute_of (f, span, "role");
  g_assert_cmpstr (value, ==, "minister");
  g_clear_pointer (&value, g_free);

  /* Another edit, saved when the focus leaves the row. */
  click_widget (row);
  gls_test_gui_key (GTK_WINDOW (f->window), "End");
  type_text (f, " of transport");
  click_widget (key_entry);
  value = attribute_of (f, span, "role");
  g_assert_cmpstr (value, ==, "minister of transport");
  g_clear_pointer (&value, g_free);

  /* Its button removes it; Ctrl+Z brings it back, in the database and on screen. */
  click_widget (button_in (row));
  g_assert_null (attribute_of (f, span, "role"));
  g_assert_null (attribute_row (f, "role"));
  gls_test_gui_key (GTK_WINDOW (f->window), "ctrl+z");
  value = attribute_of (f, span, "role");
  g_assert_cmpstr (value, ==, "minister of transport");
  row = attribute_row (f, "role");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "minister of transport");
}

static void
choose_relation_type (Fixture    *f,
                      const char *type)
{
  GtkWidget *dropdown = find_widget (f->inspector, GTK_TYPE_DROP_DOWN, "tooltip-text",
                                     "Type of the new relation");
  GtkWidget *popover = NULL, *item;

  g_assert_nonnull (dropdown);
  click_widget (dropdown);
  gls_test_gui_wait (300);
  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  item = gls_test_gui_find_label (popover, type);
  g_assert_nonnull (item);
  gls_test_gui_click (item, gtk_widget_get_width (item) / 2.0,
                      gtk_widget_get_height (item) / 2.0);
  gls_test_gui_wait (300);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (
    GTK_DROP_DOWN (dropdown))), ==, type);
}

static void
test_relations (Fixture       *f,
                gconstpointer  data)
{
  const char *hint = "Click the target span in the text — Esc cancels";
  int koleva = offset_of (f, "Koleva", 1);
  int marchenko = offset_of (f, "Marchenko", 1);  /* "Marchenko" alone, later on */
  g_autoptr(GPtrArray) relations = NULL;
  GtkWidget *pick, *row;
  GlsRelation *relation;
  gint64 source, target;

  /* Desislava Koleva's own relations, both ways, as the sample has them. */
  select_span_at (f, offset_of (f, "Desislava Koleva", 0));
  g_assert_nonnull (relation_row (f, "Desislava Koleva — met-with → Oleh Marchenko"));
  g_assert_nonnull (relation_row (f, "Desislava Koleva — member-of → Bulgaria"));

  target = select_span_at (f, marchenko);
  source = select_span_at (f, koleva);
  relations = relations_of (f, source);
  g_assert_cmpuint (relations->len, ==, 0);
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* Escape gives up picking. */
  pick = gls_test_gui_find_button (f->inspector, "Pick target…");
  g_assert_nonnull (pick);
  click_widget (pick);
  g_assert_true (gls_document_view_is_picking_target (f->view));
  g_assert_nonnull (gls_test_gui_find_label (f->inspector, hint));
  gls_test_gui_key (GTK_WINDOW (f->window), "Escape");
  g_assert_false (gls_document_view_is_picking_target (f->view));
  gls_test_gui_wait (300);   /* the hint fades out */
  g_assert_null (gls_test_gui_find_label (f->inspector, hint));
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, source);

  /* Choose the type, pick the target by clicking it in the text. */
  choose_relation_type (f, "met-with");
  click_widget (gls_test_gui_find_button (f->inspector, "Pick target…"));
  g_assert_true (gls_document_view_is_picking_target (f->view));
  g_assert_nonnull (gls_test_gui_find_label (f->inspector, hint));
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "/tmp/inspector-picking.png");
  click_char (f, marchenko + 2);
  g_assert_false (gls_document_view_is_picking_target (f->view));

  relations = relations_of (f, source);
  g_assert_cmpuint (relations->len, ==, 1);
  relation = g_ptr_array_index (relations, 0);
  g_assert_cmpstr (relation->type, ==, "met-with");
  g_assert_cmpint (relation->source, ==, source);
  g_assert_cmpint (relation->target, ==, target);
  g_assert_cmpstr (relation->annotator, ==, "tester");
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* The source stays selected, and its details show the relation. */
  g_assert_cmpint (gls_document_view_get_selected_span (f->view), ==, source);
  gls_test_gui_wait (300);
  g_assert_null (gls_test_gui_find_label (f->inspector, hint));
  row = relation_row (f, "Koleva — met-with → Marchenko");
  g_assert_nonnull (row);

  /* With an attribute too, for the picture. */
  g_assert_true (gls_project_set_span_attribute (f->project, source, "role", "deputy minister",
                                                 NULL));
  gls_test_gui_wait (100);
  g_assert_nonnull (attribute_row (f, "role"));
  g_assert_true (relation_row (f, "Koleva — met-with → Marchenko") == row);   /* kept */
  click_widget (row);   /* scrolls the details to the relation */
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "/tmp/inspector-details.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  gls_test_gui_screenshot (GTK_WIDGET (f->window), "/tmp/inspector-details-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The target lists it too, as an incoming relation. */
  select_span_at (f, marchenko);
  g_assert_nonnull (relation_row (f, "Koleva — met-with → Marchenko"));
  select_span_at (f, koleva);

  /* Its button deletes it. */
  row = relation_row (f, "Koleva — met-with → Marchenko");
  click_widget (button_in (row));
  relations = relations_of (f, source);
  g_assert_cmpuint (relations->len, ==, 0);
  g_assert_null (relation_row (f, "Koleva — met-with → Marchenko"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = gls_test_gui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/inspector/attributes", test_attributes);
  ADD ("/inspector/relations", test_relations);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
