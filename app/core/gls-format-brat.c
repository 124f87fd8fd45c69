/* gls-format-brat.c — brat standoff: a folder of NAME.txt and NAME.ann files
 *
 * Described at https://brat.nlplab.org/standoff.html. Offsets count code points, as Python
 * (and so brat) counts characters. What maps to what:
 *
 *   span                  T1<TAB>PERSON 105 138<TAB>Mike Pompeo
 *   discontinuous span    T2<TAB>ORG 0 4;10 15<TAB>Euro Union   (fragment texts joined by a space)
 *   relation              R1<TAB>met-with Arg1:T3 Arg2:T4
 *   attribute key=value   A1<TAB>KEY T1 VALUE                  (multi-valued attribute)
 *   knowledge-base id     N1<TAB>Reference T1 Wikidata:Q7747<TAB>Vladimir Putin
 *   note                  #1<TAB>AnnotatorNotes T1<TAB>the note
 *
 * Writing: the export path is a folder, created if missing and refused if it holds anything
 * already (an export never mixes with, nor overwrites, older files). Each document becomes
 * NAME.txt (its text, byte for byte) and NAME.ann, NAME being "0001-a-slug-of-the-title". At
 * the end come annotation.conf (every label of the schema and every label, relation type and
 * attribute value written) and visual.conf (the label colours). A failed export removes what
 * it wrote. brat cannot hold a line break in a text field, so a span that crosses one is
 * written as fragments split at the line breaks, as brat itself does; the reader joins
 * fragments that only line breaks keep apart, so such spans come back whole. Whatever brat
 * cannot carry goes to the loss report: a title that is not the text's first line, a status,
 * the annotators when several are merged, names brat would rename (it allows only
 * [A-Za-z0-9_-] in type names), attribute values with spaces, "|" or ",", knowledge-base ids
 * that are not DB:ID (a bare Wikidata id such as Q7747 is written as Wikidata:Q7747), line
 * breaks in notes. The source file name is not kept: the document's brat file name replaces it.
 *
 * Reading: a folder (every *.ann in it, by name, each with its .txt), one .ann, or one .txt
 * with its .ann beside it. Every T line's label must be in the schema (a label's brat form,
 * "Person_name" for "Person/name", is accepted too), its offsets inside the text and its text
 * field equal to the text they cover. Event (E) and equivalence (*) annotations, and comments
 * other than AnnotatorNotes, have no place in Glossator: since an import cannot warn, they are
 * refused with an error naming the file and line rather than dropped. Binary attributes
 * ("A1<TAB>Negated T1") read as "true"; Wikidata:Q7747 reads as the bare id Q7747. The title is
 * the first line of the text, the source NAME.txt, the annotator the one given, else "brat".
 * .ann lines over 1 MB and texts over 64 MB are refused before they are read into memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-brat"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-offsets.h"

/* The longest .ann line read: far above any real annotation, far below exhausting memory. */
#define MAX_LINE_BYTES (1024 * 1024)
/* The largest .txt read (it is read whole). */
#define MAX_TEXT_BYTES ((goffset)64 * 1024 * 1024)
#define MAX_TITLE_CHARS 200
#define MAX_SLUG_BYTES 48
#define DEFAULT_ANNOTATOR "brat"

/* ------------------------------------------------------------------------------------------ */
/* Shared by reader and writer                                                                  */

/* Where Python's str.splitlines() breaks a line: brat reads .ann files that way, so none of
 * these may appear inside a field. */
static gboolean
is_line_break (gunichar c)
{
  switch (c)
    {
    case '\n':
    case '\r':
    case 0x0b:
    case 0x0c:
    case 0x1c:
    case 0x1d:
    case 0x1e:
    case 0x85:
    case 0x2028:
    case 0x2029:
      return TRUE;
    default:
      return FALSE;
    }
}

/* What separates fields in brat's lines (Python's \s). */
static gboolean
is_brat_space (gunichar c)
{
  return is_line_break (c) || c == 0x1f || g_unichar_isspace (c);
}

static gboolean
has_brat_space (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (is_brat_space (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* brat's normalize_to_storage_form(): a type name keeps only [A-Za-z0-9_-]. A name of
 * hyphens only would read as a separator line in annotation.conf: it starts with "_". */
static char *
storage_form (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '_' || *p == '-' ? *p : '_');
  if (strspn (out->str, "-") == out->len)
    g_string_prepend_c (out, '_');
  return g_string_free (out, FALSE);
}

/* The title a document read from brat gets: its first non-empty line. */
static char *
title_from_text (const char *text,
                 const char *fallback)
{
  const char *p = text;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  for (;;)
    {
      const char *eol = p;
      g_autofree char *line = NULL;

      while (*eol != '\0' && *eol != '\n' && *eol != '\r')
        eol++;
      line = g_strstrip (g_strndup (p, eol - p));
      if (*line != '\0')
        {
          if (g_utf8_strlen (line, -1) > MAX_TITLE_CHARS)
            {
              g_autofree char *cut = g_utf8_substring (line, 0, MAX_TITLE_CHARS - 1);
              return g_strconcat (cut, "…", NULL);
            }
          return g_steal_pointer (&line);
        }
      if (*eol == '\0')
        return g_strdup (fallback);
      p = eol + 1;
    }
}

/* Appends the text of characters @start to @end. */
static gboolean
append_slice (GString             *out,
              const GlsOffsetMap  *map,
              const char          *text,
              gint64               start,
              gint64               end,
              GError             **error)
{
  gsize a, b;

  if (!gls_offset_map_char_to_byte (map, start, &a, error) ||
      !gls_offset_map_char_to_byte (map, end, &b, error))
    return FALSE;
  g_string_append_len (out, text + a, b - a);
  return TRUE;
}

static gboolean
only_line_breaks (const GlsOffsetMap *map,
                  const char         *text,
                  gint64              start,
                  gint64              end)
{
  const char *p;
  gsize a;

  if (end <= start || !gls_offset_map_char_to_byte (map, start, &a, NULL))
    return FALSE;
  p = text + a;
  for (gint64 i = start; i < end; i++, p = g_utf8_next_char (p))
    if (!is_line_break (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const GlsFragment *fa = a;
  const GlsFragment *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  return 0;
}

/* What the reader makes of brat fragments: sorted, with fragments that only line breaks keep
 * apart joined again (brat splits a selection across lines that way). */
static void
join_across_line_breaks (GArray             *fragments,
                         const GlsOffsetMap *map,
                         const char         *text)
{
  guint out = 0;

  if (fragments->len == 0)
    return;
  g_array_sort (fragments, compare_fragments);
  for (guint i = 1; i < fragments->len; i++)
    {
      GlsFragment *prev = &g_array_index (fragments, GlsFragment, out);
      const GlsFragment *f = &g_array_index (fragments, GlsFragment, i);

      if (f->start <= prev->end || only_line_breaks (map, text, prev->end, f->start))
        prev->end = MAX (prev->end, f->end);
      else
        g_array_index (fragments, GlsFragment, ++out) = *f;
    }
  g_array_set_size (fragments, out + 1);
}

static char *
describe_fragments (const GlsFragment *fragments,
                    guint              n_fragments)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_fragments; i++)
    g_string_append_printf (out, "%s%" PRId64 "–%" PRId64, i ? ";" : "",
                            fragments[i].start, fragments[i].end);
  return g_string_free (out, FALSE);
}

/* Wikidata ids are what Glossator's knowledge-base field usually holds. */
static gboolean
is_wikidata_id (const char *id)
{
  if (id[0] != 'Q' && id[0] != 'P' && id[0] != 'L')
    return FALSE;
  if (id[1] == '\0')
    return FALSE;
  for (const char *p = id + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
kb_id_from_brat (const char *db,
                 const char *id)
{
  if (g_ascii_strcasecmp (db, "Wikidata") == 0)
    return g_strdup (id);
  return g_strconcat (db, ":", id, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                      */

typedef struct
{
  GPtrArray *items;
  GHashTable *index;
} NameList;

static void
name_list_init (NameList *list)
{
  list->items = g_ptr_array_new_with_free_func (g_free);
  list->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
name_list_clear (NameList *list)
{
  g_clear_pointer (&list->index, g_hash_table_unref);
  g_clear_pointer (&list->items, g_ptr_array_unref);
}

static void
name_list_free (gpointer data)
{
  name_list_clear (data);
  g_free (data);
}

static void
name_list_add (NameList   *list,
               const char *name)
{
  char *copy;

  if (g_hash_table_contains (list->index, name))
    return;
  copy = g_strdup (name);
  g_ptr_array_add (list->items, copy);
  g_hash_table_add (list->index, copy);
}

typedef struct
{
  char *path;
  GlsLossReport *report;
  gboolean created_folder;
  GPtrArray *written;          /* files written, removed again if the export fails */
  GHashTable *names;           /* document file names given out */
  NameList entities;
  NameList relation_types;
  NameList attribute_keys;
  GHashTable *attribute_values; /* brat key → NameList of values */
  GHashTable *colours;         /* brat entity name → "#rrggbb" */
  GHashTable *renamed;         /* names already reported as renamed */
} BratWriter;

static void
brat_writer_free (BratWriter *writer)
{
  g_free (writer->path);
  g_ptr_array_unref (writer->written);
  g_hash_table_unref (writer->names);
  name_list_clear (&writer->entities);
  name_list_clear (&writer->relation_types);
  name_list_clear (&writer->attribute_keys);
  g_hash_table_unref (writer->attribute_values);
  g_hash_table_unref (writer->colours);
  g_hash_table_unref (writer->renamed);
  g_free (writer);
}

G_GNUC_PRINTF (4, 5)
static void
add_loss (BratWriter              *writer,
          const GlsExportDocument *doc,
          const GlsExportSpan     *span,
          const char              *format,
          ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (writer->report == NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  gls_loss_report_add (writer->report, doc, span, "%s", what);
}

/* The name brat will know @name by (@kind: "label", "relation type", "attribute"); a change
 * is reported once per export. */
static char *
brat_name (BratWriter *writer,
           const char *kind,
           const char *name)
{
  char *form = storage_form (name);

  if (strcmp (form, name) != 0)
    {
      char *key = g_strconcat (kind, ":", name, NULL);

      if (g_hash_table_add (writer->renamed, key))
        add_loss (writer, NULL, NULL,
                  _("%s “%s” written as “%s”: brat names allow only A–Z, a–z, 0–9, “_” and “-”"),
                  kind, name, form);
    }
  return form;
}

static gboolean
is_colour (const char *colour)
{
  if (colour == NULL || colour[0] != '#' || (strlen (colour) != 7 && strlen (colour) != 4))
    return FALSE;
  for (const char *p = colour + 1; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gpointer
brat_begin (const char     *path,
            GlsProject     *project,
            GHashTable     *options,
            GlsLossReport  *report,
            GError        **error)
{
  BratWriter *writer;
  g_auto(GStrv) relation_types = NULL;
  gboolean created = FALSE;
  GListModel *labels;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("brat standoff is a folder of files: give a folder, not “-”"));
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_EXISTS,
                       _("%s: exists and is not a folder; brat standoff is written to a folder"),
                       path);
          return NULL;
        }
      if (!(dir = g_dir_open (path, 0, &local_error)))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s", local_error->message);
          return NULL;
        }
      if (g_dir_read_name (dir) != NULL)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_EXISTS,
                       _("%s: the folder is not empty; brat standoff is written to a new or "
                         "empty folder"), path);
          return NULL;
        }
    }
  else
    {
      if (g_mkdir_with_parents (path, 0755) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      created = TRUE;
    }

  writer = g_new0 (BratWriter, 1);
  writer->path = g_strdup (path);
  writer->report = report;
  writer->created_folder = created;
  writer->written = g_ptr_array_new_with_free_func (g_free);
  writer->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  name_list_init (&writer->entities);
  name_list_init (&writer->relation_types);
  name_list_init (&writer->attribute_keys);
  writer->attribute_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    name_list_free);
  writer->colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  writer->renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The whole schema goes to annotation.conf, so annotators can go on in brat. */
  labels = gls_project_get_labels (project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *name = brat_name (writer, _("label"), gls_label_get_name (label));
      const char *colour = gls_label_get_color (label);

      name_list_add (&writer->entities, name);
      if (is_colour (colour) && !g_hash_table_contains (writer->colours, name))
        g_hash_table_insert (writer->colours, g_strdup (name), g_strdup (colour));
    }
  relation_types = gls_project_list_relation_types (project);
  for (guint i = 0; relation_types && relation_types[i]; i++)
    {
      g_autofree char *name = brat_name (writer, _("relation type"), relation_types[i]);
      name_list_add (&writer->relation_types, name);
    }
  return writer;
}

/* A file name for @doc: its id and a slug of its title, "0001-pompeo-lavrov-cybersecurity". */
static char *
document_name (BratWriter              *writer,
               const GlsExportDocument *doc)
{
  g_autofree char *ascii = g_str_to_ascii (doc->title ? doc->title : "", "C");
  g_autoptr(GString) slug = g_string_new (NULL);
  gboolean dash = FALSE;
  char *name;

  for (const char *p = ascii; *p; p++)
    {
      if (*p == '\'')
        continue;
      if (!g_ascii_isalnum (*p))
        {
          dash = TRUE;
          continue;
        }
      if (dash && slug->len > 0)
        g_string_append_c (slug, '-');
      dash = FALSE;
      g_string_append_c (slug, g_ascii_tolower (*p));
    }
  if (slug->len > MAX_SLUG_BYTES)
    {
      /* Cut at a word boundary when there is one. */
      gsize cut = MAX_SLUG_BYTES;

      while (cut > 0 && slug->str[cut] != '-')
        cut--;
      g_string_truncate (slug, cut > 0 ? cut : MAX_SLUG_BYTES);
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  if (slug->len > 0)
    name = g_strdup_printf ("%04" PRId64 "-%s", doc->id, slug->str);
  else
    name = g_strdup_printf ("%04" PRId64, doc->id);
  for (guint n = 2; g_hash_table_contains (writer->names, name); n++)
    {
      g_free (name);
      name = slug->len > 0 ? g_strdup_printf ("%04" PRId64 "-%s-%u", doc->id, slug->str, n)
                           : g_strdup_printf ("%04" PRId64 "-%u", doc->id, n);
    }
  g_hash_table_add (writer->names, g_strdup (name));
  return name;
}

static gboolean
write_file (BratWriter  *writer,
            const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(out = gls_export_open_file (path, error)))
    return FALSE;
  if (!g_output_stream_write_all (out, data, length, NULL, NULL, &local_error))
    {
      gls_export_close_file (out, path, FALSE, NULL);
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if (!gls_export_close_file (out, path, TRUE, error))
    return FALSE;
  g_ptr_array_add (writer->written, g_strdup (path));
  return TRUE;
}

/* The fragments brat gets for @span: its own, split wherever a line break falls. */
static GArray *
split_at_line_breaks (const GlsExportSpan  *span,
                      const GlsOffsetMap   *map,
                      const char           *text,
                      GError              **error)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (GlsFragment));

  for (guint i = 0; i < span->n_fragments; i++)
    {
      const GlsFragment *f = &span->fragments[i];
      GlsFragment piece = { f->start, f->start };
      const char *p;
      gsize a;

      if (!gls_offset_map_char_to_byte (map, f->start, &a, error) ||
          !gls_offset_map_char_to_byte (map, f->end, NULL, error))
        return NULL;
      p = text + a;
      for (gint64 c = f->start; c < f->end; c++, p = g_utf8_next_char (p))
        {
          if (!is_line_break (g_utf8_get_char (p)))
            continue;
          piece.end = c;
          if (piece.end > piece.start)
            g_array_append_val (pieces, piece);
          piece.start = c + 1;
        }
      piece.end = f->end;
      if (piece.end > piece.start)
        g_array_append_val (pieces, piece);
    }
  return g_steal_pointer (&pieces);
}

static gboolean
same_fragments (const GArray      *a,
                const GlsFragment *b,
                guint              n_b)
{
  if (a->len != n_b)
    return FALSE;
  for (guint i = 0; i < n_b; i++)
    {
      const GlsFragment *f = &g_array_index (a, GlsFragment, i);
      if (f->start != b[i].start || f->end != b[i].end)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BratWriter *writer;
  const GlsExportDocument *doc;
  const GlsOffsetMap *map;
  GString *ann;
  guint n_attributes;
  guint n_normalizations;
  guint n_notes;
} AnnWriter;

static void
write_attributes (AnnWriter           *w,
                  const GlsExportSpan *span,
                  guint                t)
{
  g_autoptr(GList) keys = NULL;
  g_autoptr(GHashTable) written = NULL;

  if (span->attributes == NULL || g_hash_table_size (span->attributes) == 0)
    return;

  written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  keys = g_list_sort (g_hash_table_get_keys (span->attributes), (GCompareFunc)g_strcmp0);
  for (const GList *l = keys; l; l = l->next)
    {
      const char *key = l->data;
      const char *value = g_hash_table_lookup (span->attributes, key);
      g_autofree char *name = NULL;
      NameList *values;

      if (value == NULL || *value == '\0')
        {
          add_loss (w->writer, w->doc, span,
                    _("attribute “%s” not written: brat attribute values cannot be empty"), key);
          continue;
        }
      if (has_brat_space (value))
        {
          add_loss (w->writer, w->doc, span,
                    _("attribute “%s” = “%s” not written: brat attribute values cannot contain "
                      "spaces or line breaks"), key, value);
          continue;
        }
      if (strpbrk (value, "|,") != NULL)
        {
          add_loss (w->writer, w->doc, span,
                    _("attribute “%s” = “%s” not written: annotation.conf cannot declare a "
                      "value with “|” or “,”"), key, value);
          continue;
        }
      name = brat_name (w->writer, _("attribute"), key);
      if (!g_hash_table_add (written, g_strdup (name)))
        {
          add_loss (w->writer, w->doc, span,
                    _("attribute “%s” = “%s” not written: another attribute of the span has "
                      "the brat name “%s”"), key, value, name);
          continue;
        }

      g_string_append_printf (w->ann, "A%u\t%s T%u %s\n", ++w->n_attributes, name, t, value);
      name_list_add (&w->writer->attribute_keys, name);
      values = g_hash_table_lookup (w->writer->attribute_values, name);
      if (values == NULL)
        {
          values = g_new0 (NameList, 1);
          name_list_init (values);
          g_hash_table_insert (w->writer->attribute_values, g_strdup (name), values);
        }
      name_list_add (values, value);
    }
}

static void
write_kb_id (AnnWriter           *w,
             const GlsExportSpan *span,
             guint                t,
             const char          *covered)
{
  const char *kb_id = span->kb_id;
  g_autofree char *reference = NULL;
  g_autofree char *read_back = NULL;
  const char *colon;

  if (kb_id == NULL || *kb_id == '\0')
    return;
  colon = strchr (kb_id, ':');
  if (has_brat_space (kb_id) || (colon != NULL && (colon == kb_id || colon[1] == '\0')) ||
      (colon == NULL && !is_wikidata_id (kb_id)))
    {
      add_loss (w->writer, w->doc, span,
                _("knowledge-base id “%s” not written: brat needs DB:ID without spaces"), kb_id);
      return;
    }
  if (colon != NULL)
    {
      g_autofree char *db = g_strndup (kb_id, colon - kb_id);

      reference = g_strdup (kb_id);
      read_back = kb_id_from_brat (db, colon + 1);
    }
  else
    {
      reference = g_strconcat ("Wikidata:", kb_id, NULL);
      read_back = g_strdup (kb_id);
    }
  if (strcmp (read_back, kb_id) != 0)
    add_loss (w->writer, w->doc, span,
              _("knowledge-base id “%s” is read back as “%s”"), kb_id, read_back);

  g_string_append_printf (w->ann, "N%u\tReference T%u %s\t%s\n", ++w->n_normalizations, t,
                          reference, covered);
}

static void
write_note (AnnWriter           *w,
            const GlsExportSpan *span,
            guint                t)
{
  g_autoptr(GString) note = NULL;
  gboolean changed = FALSE;

  if (span->note == NULL || *span->note == '\0')
    return;
  note = g_string_new (NULL);
  for (const char *p = span->note; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        {
          /* "\r\n" becomes one space, like one line break. */
          if (c == '\r' && p[1] == '\n')
            p++;
          g_string_append_c (note, ' ');
          changed = TRUE;
        }
      else
        g_string_append_unichar (note, c);
    }
  if (changed)
    add_loss (w->writer, w->doc, span,
              _("line breaks in the note replaced by spaces: brat notes are one line"));
  g_string_append_printf (w->ann, "#%u\tAnnotatorNotes T%u\t%s\n", ++w->n_notes, t, note->str);
}

/* Writes the T line of @span and what hangs on it; returns its number, or 0 if brat cannot
 * hold it. */
static guint
write_span (AnnWriter            *w,
            const GlsExportSpan  *span,
            guint                 t,
            GError              **error)
{
  const char *text = w->doc->text;
  g_autoptr(GArray) pieces = NULL;
  g_autoptr(GArray) read_back = NULL;
  g_autoptr(GString) covered = g_string_new (NULL);
  g_autofree char *label = NULL;

  if (!(pieces = split_at_line_breaks (span, w->map, text, error)))
    return G_MAXUINT;
  if (pieces->len == 0)
    {
      add_loss (w->writer, w->doc, span,
                _("span not written: it covers only line breaks, which brat cannot hold"));
      return 0;
    }

  read_back = g_array_copy (pieces);
  join_across_line_breaks (read_back, w->map, text);
  if (!same_fragments (read_back, span->fragments, span->n_fragments))
    {
      g_autofree char *written = describe_fragments ((const GlsFragment *)(gpointer)pieces->data,
                                                     pieces->len);
      g_autofree char *back = describe_fragments ((const GlsFragment *)(gpointer)read_back->data,
                                                  read_back->len);

      if (same_fragments (read_back, (const GlsFragment *)(gpointer)pieces->data, pieces->len))
        add_loss (w->writer, w->doc, span,
                  _("line breaks at the edge of the span left out (brat cannot hold them): "
                    "written as %s"), written);
      else
        add_loss (w->writer, w->doc, span,
                  _("brat cannot hold line breaks in a span: written as %s, read back as %s"),
                  written, back);
    }

  label = brat_name (w->writer, _("label"), span->label);
  name_list_add (&w->writer->entities, label);

  g_string_append_printf (w->ann, "T%u\t%s ", t, label);
  for (guint i = 0; i < pieces->len; i++)
    {
      const GlsFragment *f = &g_array_index (pieces, GlsFragment, i);

      g_string_append_printf (w->ann, "%s%" PRId64 " %" PRId64, i ? ";" : "", f->start, f->end);
      if (i > 0)
        g_string_append_c (covered, ' ');
      if (!append_slice (covered, w->map, text, f->start, f->end, error))
        return G_MAXUINT;
    }
  g_string_append_printf (w->ann, "\t%s\n", covered->str);

  write_attributes (w, span, t);
  write_kb_id (w, span, t, covered->str);
  write_note (w, span, t);
  return t;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
brat_write (gpointer                  data,
            const GlsExportDocument  *doc,
            GError                  **error)
{
  BratWriter *writer = data;
  g_autoptr(GlsOffsetMap) map = NULL;
  g_autoptr(GString) ann = g_string_new (NULL);
  g_autoptr(GHashTable) t_numbers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) annotators = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *name = document_name (writer, doc);
  g_autofree char *txt_name = g_strconcat (name, ".txt", NULL);
  g_autofree char *txt_path = g_build_filename (writer->path, txt_name, NULL);
  g_autofree char *ann_path = g_strconcat (writer->path, G_DIR_SEPARATOR_S, name, ".ann", NULL);
  g_autofree char *title = NULL;
  AnnWriter w = { writer, doc, NULL, ann, 0, 0, 0 };
  guint n_t = 0, n_r = 0;

  if (!(map = gls_offset_map_new (doc->text, doc->text_bytes)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("document %" PRId64 ": the text is not valid UTF-8"), doc->id);
      return FALSE;
    }
  w.map = map;

  title = title_from_text (doc->text, txt_name);
  if (g_strcmp0 (doc->title, title) != 0)
    add_loss (writer, doc, NULL,
              _("title not kept: brat keeps only the text, whose first line “%s” becomes the "
                "title when read back"), title);
  if (doc->status != NULL && strcmp (doc->status, "new") != 0)
    add_loss (writer, doc, NULL, _("status “%s” not kept: brat has no document status"),
              doc->status);

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];
      guint t = write_span (&w, span, n_t + 1, error);

      if (t == G_MAXUINT)
        return FALSE;
      if (t == 0)
        continue;
      n_t = t;
      g_hash_table_insert (t_numbers, (gpointer)&span->id, GUINT_TO_POINTER (t));
      g_hash_table_add (annotators, (gpointer)span->annotator);
    }

  for (guint i = 0; i < doc->n_relations; i++)
    {
      const GlsExportRelation *r = &doc->relations[i];
      guint source = GPOINTER_TO_UINT (g_hash_table_lookup (t_numbers, &r->source));
      guint target = GPOINTER_TO_UINT (g_hash_table_lookup (t_numbers, &r->target));
      g_autofree char *type = NULL;

      if (source == 0 || target == 0)
        {
          add_loss (writer, doc, NULL,
                    _("relation “%s” not written: one of its spans could not be written"),
                    r->type);
          continue;
        }
      type = brat_name (writer, _("relation type"), r->type);
      name_list_add (&writer->relation_types, type);
      g_string_append_printf (ann, "R%u\t%s Arg1:T%u Arg2:T%u\n", ++n_r, type, source, target);
      g_hash_table_add (annotators, (gpointer)r->annotator);
    }

  if (g_hash_table_size (annotators) > 1)
    {
      g_autofree const char **names = (const char **)g_hash_table_get_keys_as_array (annotators,
                                                                                    NULL);
      g_autofree char *list = NULL;

      qsort (names, g_hash_table_size (annotators), sizeof (char *), compare_strings);
      list = g_strjoinv (", ", (char **)names);
      add_loss (writer, doc, NULL,
                _("spans of %u annotators (%s) merged; brat has no annotator field"),
                g_hash_table_size (annotators), list);
    }

  return write_file (writer, txt_path, doc->text, doc->text_bytes, error) &&
         write_file (writer, ann_path, ann->str, ann->len, error);
}

static gboolean
write_confs (BratWriter  *writer,
             GError     **error)
{
  g_autoptr(GString) conf = g_string_new ("# annotation.conf written by Glossator\n\n[entities]\n");
  g_autoptr(GString) visual = g_string_new ("# visual.conf written by Glossator\n\n[labels]\n\n"
                                            "[drawing]\n");
  g_autofree char *conf_path = g_build_filename (writer->path, "annotation.conf", NULL);
  g_autofree char *visual_path = g_build_filename (writer->path, "visual.conf", NULL);

  for (guint i = 0; i < writer->entities.items->len; i++)
    {
      const char *name = g_ptr_array_index (writer->entities.items, i);
      const char *colour = g_hash_table_lookup (writer->colours, name);

      g_string_append_printf (conf, "%s\n", name);
      if (colour != NULL)
        g_string_append_printf (visual, "%s\tbgColor:%s\n", name, colour);
    }
  g_string_append (conf, "\n[relations]\n");
  for (guint i = 0; i < writer->relation_types.items->len; i++)
    g_string_append_printf (conf, "%s\tArg1:<ENTITY>, Arg2:<ENTITY>\n",
                            (const char *)g_ptr_array_index (writer->relation_types.items, i));
  g_string_append (conf, "\n[events]\n\n[attributes]\n");
  for (guint i = 0; i < writer->attribute_keys.items->len; i++)
    {
      const char *key = g_ptr_array_index (writer->attribute_keys.items, i);
      NameList *values = g_hash_table_lookup (writer->attribute_values, key);

      g_string_append_printf (conf, "%s\tArg:<ENTITY>, Value:", key);
      for (guint j = 0; j < values->items->len; j++)
        g_string_append_printf (conf, "%s%s", j ? "|" : "",
                                (const char *)g_ptr_array_index (values->items, j));
      g_string_append_c (conf, '\n');
    }

  return write_file (writer, conf_path, conf->str, conf->len, error) &&
         write_file (writer, visual_path, visual->str, visual->len, error);
}

static gboolean
brat_end (gpointer   data,
          gboolean   success,
          GError   **error)
{
  BratWriter *writer = data;
  gboolean ok = success && write_confs (writer, error);

  if (!ok)
    {
      /* Leave nothing half-written behind: only files this export wrote are removed. */
      for (guint i = 0; i < writer->written->len; i++)
        g_remove (g_ptr_array_index (writer->written, i));
      if (writer->created_folder)
        g_rmdir (writer->path);
    }
  brat_writer_free (writer);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading                                                                                      */

typedef struct
{
  char *id;
  guint line;
  const char *label;         /* the schema's name */
  GArray *fragments;         /* of GlsFragment, sorted and joined across line breaks */
  GHashTable *attributes;    /* NULL until an A line names it */
  GString *note;             /* NULL when none */
  char *kb_id;
  gint64 span_id;
} TextBound;

typedef struct
{
  guint line;
  char kind;                 /* 'A', 'N', '#' or 'R' */
  char *target;              /* a T id (for R: the first argument) */
  char *target2;             /* R: the second argument */
  char *key;                 /* A: the attribute; R: the type */
  char *value;               /* A: the value; N: the knowledge-base id; #: the note */
} Reference;

static void
text_bound_free (gpointer data)
{
  TextBound *tb = data;

  g_free (tb->id);
  g_clear_pointer (&tb->fragments, g_array_unref);
  g_clear_pointer (&tb->attributes, g_hash_table_unref);
  if (tb->note != NULL)
    g_string_free (tb->note, TRUE);
  g_free (tb->kb_id);
  g_free (tb);
}

static void
reference_free (gpointer data)
{
  Reference *ref = data;

  g_free (ref->target);
  g_free (ref->target2);
  g_free (ref->key);
  g_free (ref->value);
  g_free (ref);
}

typedef struct
{
  GlsImport *import;
  const char *annotator;
  GHashTable *labels;        /* name and brat name → the schema's name ("" when ambiguous) */
} ReadContext;

typedef struct
{
  ReadContext *ctx;
  const char *ann_path;
  const char *txt_path;
  char *text;
  gsize text_length;
  GlsOffsetMap *map;
  gint64 n_chars;
  GHashTable *ids;           /* every id of the file → its line */
  GHashTable *text_bounds;   /* T id → TextBound */
  GPtrArray *order;          /* TextBound, in file order */
  GPtrArray *references;     /* Reference, in file order */
} AnnReader;

static void
ann_reader_clear (AnnReader *r)
{
  g_clear_pointer (&r->text, g_free);
  g_clear_pointer (&r->map, gls_offset_map_free);
  g_clear_pointer (&r->ids, g_hash_table_unref);
  g_clear_pointer (&r->text_bounds, g_hash_table_unref);
  g_clear_pointer (&r->order, g_ptr_array_unref);
  g_clear_pointer (&r->references, g_ptr_array_unref);
}

G_GNUC_PRINTF (5, 6)
static void
set_line_error (GError          **error,
                const AnnReader  *r,
                GlsError          code,
                guint             line,
                const char       *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, "%s:%u: %s", r->ann_path, line, message);
}

/* For messages: at most 80 characters, line breaks shown as \n. */
static char *
quote_text (const char *text)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 80)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Reads the .txt whole, after checking its size, and checks it is UTF-8. */
static gboolean
load_text (AnnReader  *r,
           GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (r->txt_path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *bad;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            &local_error);
  if (info == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", r->txt_path, local_error->message);
      return FALSE;
    }
  if (g_file_info_get_size (info) > MAX_TEXT_BYTES)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: the text is %s; texts over 64 MB are not read"), r->txt_path, size);
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &r->text, &r->text_length, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", r->txt_path, local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate_len (r->text, r->text_length, &bad) ||
      memchr (r->text, '\0', r->text_length) != NULL)
    {
      guint line = 1, column = 1;

      if (bad == r->text + r->text_length)
        bad = memchr (r->text, '\0', r->text_length);
      for (const char *p = r->text; p < bad; p++)
        {
          if (*p == '\n')
            {
              line++;
              column = 1;
            }
          else
            column++;
        }
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("%s:%u:%u: not valid UTF-8 text (byte 0x%02x); convert the file to UTF-8 "
                     "first"), r->txt_path, line, column, (guchar)*bad);
      return FALSE;
    }
  r->map = gls_offset_map_new (r->text, r->text_length);
  r->n_chars = gls_offset_map_get_n_chars (r->map);
  return TRUE;
}

/* Reads one line into memory only if it is at most @max bytes: the buffered stream is
 * scanned for the line's end before anything is copied. Returns NULL at the end of the
 * stream, on error, or with *@too_long set. */
static char *
read_line (GBufferedInputStream  *in,
           gsize                  max,
           gsize                 *length,
           gboolean              *too_long,
           GError               **error)
{
  gsize scanned = 0;

  *too_long = FALSE;
  for (;;)
    {
      gsize available;
      const char *buffer = g_buffered_input_stream_peek_buffer (in, &available);
      gssize n;

      for (gsize i = scanned; i < available; i++)
        {
          gsize skip = i + 1;
          char *line;

          if (buffer[i] != '\n' && buffer[i] != '\r')
            continue;
          if (buffer[i] == '\r')
            {
              if (i + 1 == available)
                {
                  /* Is this "\r\n"? Read one more byte to know. */
                  n = g_buffered_input_stream_fill (in, -1, NULL, error);
                  if (n < 0)
                    return NULL;
                  if (n > 0)
                    {
                      scanned = i;
                      goto again;
                    }
                }
              else if (buffer[i + 1] == '\n')
                skip++;
            }
          if (i > max)
            {
              *too_long = TRUE;
              return NULL;
            }
          line = g_malloc (i + 1);
          memcpy (line, buffer, i);
          line[i] = '\0';
          *length = i;
          if (g_input_stream_skip (G_INPUT_STREAM (in), skip, NULL, error) < 0)
            {
              g_free (line);
              return NULL;
            }
          return line;
        }
      scanned = available;
      if (available > max)
        {
          *too_long = TRUE;
          return NULL;
        }
      n = g_buffered_input_stream_fill (in, -1, NULL, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        {
          char *line;

          if (available == 0)
            return NULL;
          /* The last line, without a line break. */
          buffer = g_buffered_input_stream_peek_buffer (in, &available);
          line = g_malloc (available + 1);
          memcpy (line, buffer, available);
          line[available] = '\0';
          *length = available;
          if (g_input_stream_skip (G_INPUT_STREAM (in), available, NULL, error) < 0)
            {
              g_free (line);
              return NULL;
            }
          return line;
        }
    again:
      ;
    }
}

/* brat's ids: letters then digits ("T12", "#3"), or "*". */
static gboolean
is_valid_id (const char *id)
{
  const char *p = id;

  if (strcmp (id, "*") == 0)
    return TRUE;
  if (*p == '#')
    p++;
  else if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalpha (*p))
    p++;
  return g_ascii_isdigit (*p);
}

static gboolean
parse_offset (const char *token,
              gint64     *value)
{
  guint64 v;

  if (!g_ascii_isdigit (*token) ||
      !g_ascii_string_to_unsigned (token, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *value = (gint64)v;
  return TRUE;
}

static gboolean
parse_text_bound (AnnReader   *r,
                  guint        line,
                  const char  *id,
                  const char  *data,
                  const char  *tail,
                  GError     **error)
{
  g_autoptr(GArray) fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GString) covered = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  g_autofree char *type = NULL;
  const char *space = strchr (data, ' ');
  const char *label;
  TextBound *tb;

  if (space == NULL || space == data)
    goto malformed;
  type = g_strndup (data, space - data);
  parts = g_strsplit (space + 1, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (g_strstrip (parts[i]), " ", -1);
      GlsFragment f;

      if (g_strv_length (pair) != 2 || !parse_offset (pair[0], &f.start) ||
          !parse_offset (pair[1], &f.end))
        goto malformed;
      if (f.end <= f.start)
        {
          set_line_error (error, r, GLS_ERROR_OFFSET, line,
                          _("the fragment %" PRId64 "–%" PRId64 " of %s is empty or ends before "
                            "it starts"), f.start, f.end, id);
          return FALSE;
        }
      if (f.end > r->n_chars)
        {
          set_line_error (error, r, GLS_ERROR_OFFSET, line,
                          _("the offsets %" PRId64 "–%" PRId64 " of %s are past the end of the "
                            "text (%s has %" PRId64 " characters)"),
                          f.start, f.end, id, r->txt_path, r->n_chars);
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (covered, ' ');
      append_slice (covered, r->map, r->text, f.start, f.end, NULL);
      g_array_append_val (fragments, f);
    }

  /* brat accepts a missing text field (and fills it in); after the text, only whitespace. */
  if (tail != NULL && *tail != '\0' &&
      !(g_str_has_prefix (tail, covered->str) &&
        (tail[covered->len] == '\0' || g_ascii_isspace (tail[covered->len]))))
    {
      g_autofree char *where = describe_fragments ((const GlsFragment *)(gpointer)fragments->data,
                                                   fragments->len);
      g_autofree char *field = quote_text (tail);
      g_autofree char *document = quote_text (covered->str);

      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("the text field “%s” does not match the document (“%s” at %s)"),
                      field, document, where);
      return FALSE;
    }

  label = g_hash_table_lookup (r->ctx->labels, type);
  if (label == NULL || *label == '\0')
    {
      set_line_error (error, r, GLS_ERROR_UNKNOWN_LABEL, line,
                      label == NULL ? _("unknown label “%s” (the project's labels are listed by "
                                        "“glossator-cli labels”)")
                                    : _("the label “%s” stands for several labels of the "
                                        "project"), type);
      return FALSE;
    }

  join_across_line_breaks (fragments, r->map, r->text);
  tb = g_new0 (TextBound, 1);
  tb->id = g_strdup (id);
  tb->line = line;
  tb->label = label;
  tb->fragments = g_steal_pointer (&fragments);
  g_hash_table_insert (r->text_bounds, tb->id, tb);
  g_ptr_array_add (r->order, tb);
  return TRUE;

malformed:
  set_line_error (error, r, GLS_ERROR_PARSE, line,
                  _("malformed span: expected “%s<TAB>LABEL START END<TAB>TEXT” (fragments "
                    "separated by “;”)"), id);
  return FALSE;
}

/* A, M, N, # and R lines refer to T lines, which may come later: they are kept until the
 * whole file is read. */
static gboolean
parse_reference (AnnReader   *r,
                 guint        line,
                 const char  *id,
                 const char  *data,
                 const char  *tail,
                 GError     **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = NULL;
  Reference *ref = g_new0 (Reference, 1);

  ref->line = line;
  ref->kind = id[0] == 'M' ? 'A' : id[0];

  /* Fields are separated by single spaces, as brat writes them. */
  split = g_strsplit (data, " ", -1);
  for (guint i = 0; split[i]; i++)
    if (*split[i] != '\0' || ref->kind == 'A')
      g_ptr_array_add (tokens, g_strdup (split[i]));

  switch (ref->kind)
    {
    case 'A':
      /* "KEY T1 VALUE" (multi-valued) or "KEY T1" (binary). */
      if (tokens->len < 2 || !*(char *)tokens->pdata[0] || !*(char *)tokens->pdata[1] ||
          (tokens->len > 2 && id[0] == 'M'))
        {
          set_line_error (error, r, GLS_ERROR_PARSE, line,
                          _("malformed attribute: expected “%s<TAB>NAME T1 VALUE” or "
                            "“%s<TAB>NAME T1”"), id, id);
          goto fail;
        }
      ref->key = g_strdup (tokens->pdata[0]);
      ref->target = g_strdup (tokens->pdata[1]);
      if (tokens->len > 2)
        {
          const char *value = data + strlen (ref->key) + 1 + strlen (ref->target) + 1;
          ref->value = g_strdup (value);
        }
      else
        ref->value = g_strdup ("true");
      if (*ref->value == '\0')
        {
          set_line_error (error, r, GLS_ERROR_PARSE, line,
                          _("malformed attribute: the value after “%s” is empty"), ref->target);
          goto fail;
        }
      break;

    case 'N':
      {
        const char *colon;
        g_autofree char *db = NULL;

        if (tokens->len < 3 || !(colon = strchr (tokens->pdata[2], ':')) ||
            colon == tokens->pdata[2] || colon[1] == '\0')
          {
            set_line_error (error, r, GLS_ERROR_PARSE, line,
                            _("malformed normalization: expected “%s<TAB>Reference T1 "
                              "DB:ID<TAB>NAME”"), id);
            goto fail;
          }
        ref->target = g_strdup (tokens->pdata[1]);
        db = g_strndup (tokens->pdata[2], colon - (const char *)tokens->pdata[2]);
        ref->value = kb_id_from_brat (db, colon + 1);
      }
      break;

    case '#':
      if (tokens->len != 2)
        {
          set_line_error (error, r, GLS_ERROR_PARSE, line,
                          _("malformed note: expected “%s<TAB>AnnotatorNotes T1<TAB>NOTE”"), id);
          goto fail;
        }
      if (strcmp (tokens->pdata[0], "AnnotatorNotes") != 0)
        {
          set_line_error (error, r, GLS_ERROR_PARSE, line,
                          _("“%s” comments are not supported (only AnnotatorNotes)"),
                          (const char *)tokens->pdata[0]);
          goto fail;
        }
      ref->target = g_strdup (tokens->pdata[1]);
      ref->value = g_strdup (tail ? tail : "");
      break;

    case 'R':
      {
        g_auto(GStrv) args = g_strsplit_set (data, " \t", -1);
        GPtrArray *roles = g_ptr_array_new ();
        char *arg[2] = { NULL, NULL };
        const char *type = NULL;
        guint n_args = 0;
        gboolean ok = TRUE;

        for (guint i = 0; args[i] && ok; i++)
          {
            char *colon;

            if (*args[i] == '\0')
              continue;
            if (type == NULL)
              {
                type = args[i];
                continue;
              }
            colon = strchr (args[i], ':');
            if (n_args == 2 || colon == NULL || colon == args[i] || colon[1] == '\0' ||
                strchr (colon + 1, ':') != NULL)
              ok = FALSE;
            else
              {
                *colon = '\0';
                g_ptr_array_add (roles, args[i]);
                arg[n_args++] = colon + 1;
              }
          }
        ok = ok && type != NULL && n_args == 2 &&
             strcmp (roles->pdata[0], roles->pdata[1]) != 0;
        g_ptr_array_unref (roles);
        if (!ok)
          {
            set_line_error (error, r, GLS_ERROR_PARSE, line,
                            _("malformed relation: expected “%s<TAB>TYPE Arg1:T1 Arg2:T2”"), id);
            goto fail;
          }
        ref->key = g_strdup (type);
        ref->target = g_strdup (arg[0]);
        ref->target2 = g_strdup (arg[1]);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  g_ptr_array_add (r->references, ref);
  return TRUE;

fail:
  reference_free (ref);
  return FALSE;
}

static gboolean
parse_line (AnnReader   *r,
            guint        line,
            char        *text,
            GError     **error)
{
  char *tab = strchr (text, '\t');
  char *data, *tail;
  const char *id = text;
  gpointer first;

  if (tab == NULL)
    {
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("malformed line: expected an id, a tab and an annotation"));
      return FALSE;
    }
  *tab = '\0';
  data = tab + 1;
  tail = strchr (data, '\t');
  if (tail != NULL)
    *tail++ = '\0';

  if (!is_valid_id (id))
    {
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("malformed line: “%s” is not an annotation id (T1, R1, A1, N1, #1…)"), id);
      return FALSE;
    }
  if (id[0] != '*' && g_hash_table_lookup_extended (r->ids, id, NULL, &first))
    {
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("the id “%s” is used twice (first on line %u)"), id,
                      GPOINTER_TO_UINT (first));
      return FALSE;
    }
  g_hash_table_insert (r->ids, g_strdup (id), GUINT_TO_POINTER (line));

  switch (id[0])
    {
    case 'T':
      return parse_text_bound (r, line, id, data, tail, error);
    case 'R':
    case 'A':
    case 'M':
    case 'N':
    case '#':
      return parse_reference (r, line, id, data, tail, error);
    case 'E':
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("event annotations (E lines) are not supported"));
      return FALSE;
    case '*':
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("equivalence annotations (* lines) are not supported"));
      return FALSE;
    default:
      set_line_error (error, r, GLS_ERROR_PARSE, line,
                      _("unknown annotation “%s”: brat has T, R, E, A, M, N, # and * lines"), id);
      return FALSE;
    }
}

static gboolean
parse_ann (AnnReader  *r,
           GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (r->ann_path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GError) local_error = NULL;
  guint line = 0;

  if (!(input = g_file_read (file, NULL, &local_error)))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", r->ann_path, local_error->message);
      return FALSE;
    }
  data = g_data_input_stream_new (G_INPUT_STREAM (input));
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data),
                                           MAX_LINE_BYTES + 64 * 1024);

  for (;;)
    {
      g_autofree char *text = NULL;
      gboolean too_long;
      gsize length;
      const char *p;

      text = read_line (G_BUFFERED_INPUT_STREAM (data), MAX_LINE_BYTES, &length, &too_long,
                        &local_error);
      line++;
      if (too_long)
        {
          set_line_error (error, r, GLS_ERROR_PARSE, line,
                          _("the line is longer than %d MB"), MAX_LINE_BYTES / (1024 * 1024));
          return FALSE;
        }
      if (text == NULL)
        {
          if (local_error == NULL)
            return TRUE;
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s:%u: %s", r->ann_path, line,
                       local_error->message);
          return FALSE;
        }
      if (line == 1 && g_str_has_prefix (text, "\xEF\xBB\xBF"))
        memmove (text, text + 3, (length -= 3) + 1);
      if (memchr (text, '\0', length) != NULL || !g_utf8_validate_len (text, length, NULL))
        {
          set_line_error (error, r, GLS_ERROR_ENCODING, line, _("not valid UTF-8"));
          return FALSE;
        }
      for (p = text; *p == ' ' || *p == '\t'; p++)
        ;
      if (*p == '\0')
        continue;
      if (!parse_line (r, line, text, error))
        return FALSE;
    }
}

static TextBound *
resolve (AnnReader        *r,
         const Reference  *ref,
         const char       *id,
         const char       *what,
         GError          **error)
{
  TextBound *tb = g_hash_table_lookup (r->text_bounds, id);

  if (tb != NULL)
    return tb;
  if (g_hash_table_contains (r->ids, id))
    set_line_error (error, r, GLS_ERROR_PARSE, ref->line,
                    _("“%s” is not a span (T): Glossator keeps %s only on spans"), id, what);
  else
    set_line_error (error, r, GLS_ERROR_PARSE, ref->line,
                    _("“%s” is not defined in this file"), id);
  return NULL;
}

static gboolean
apply_references (AnnReader  *r,
                  GError    **error)
{
  for (guint i = 0; i < r->references->len; i++)
    {
      const Reference *ref = g_ptr_array_index (r->references, i);
      TextBound *tb;
      const char *old;

      switch (ref->kind)
        {
        case 'A':
          if (!(tb = resolve (r, ref, ref->target, _("attributes"), error)))
            return FALSE;
          if (tb->attributes == NULL)
            tb->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          old = g_hash_table_lookup (tb->attributes, ref->key);
          if (old != NULL && strcmp (old, ref->value) != 0)
            {
              set_line_error (error, r, GLS_ERROR_PARSE, ref->line,
                              _("attribute “%s” of %s is given twice (“%s” and “%s”)"),
                              ref->key, tb->id, old, ref->value);
              return FALSE;
            }
          g_hash_table_insert (tb->attributes, g_strdup (ref->key), g_strdup (ref->value));
          break;

        case 'N':
          if (!(tb = resolve (r, ref, ref->target, _("knowledge-base ids"), error)))
            return FALSE;
          if (tb->kb_id != NULL && strcmp (tb->kb_id, ref->value) != 0)
            {
              set_line_error (error, r, GLS_ERROR_PARSE, ref->line,
                              _("%s has a second knowledge-base reference (“%s”, after “%s”); "
                                "Glossator keeps one per span"), tb->id, ref->value, tb->kb_id);
              return FALSE;
            }
          g_free (tb->kb_id);
          tb->kb_id = g_strdup (ref->value);
          break;

        case '#':
          if (!(tb = resolve (r, ref, ref->target, _("notes"), error)))
            return FALSE;
          if (*ref->value == '\0')
            break;
          if (tb->note == NULL)
            tb->note = g_string_new (ref->value);
          else
            g_string_append_printf (tb->note, "\n%s", ref->value);
          break;

        case 'R':
          if (!resolve (r, ref, ref->target, _("relation ends"), error) ||
              !resolve (r, ref, ref->target2, _("relation ends"), error))
            return FALSE;
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static gboolean
import_pair (ReadContext  *ctx,
             const char   *ann_path,
             const char   *txt_path,
             GError      **error)
{
  AnnReader r = { 0 };
  g_autofree char *source = g_path_get_basename (txt_path);
  g_autofree char *title = NULL;
  gint64 document_id;
  gboolean ok = FALSE;

  r.ctx = ctx;
  r.ann_path = ann_path;
  r.txt_path = txt_path;
  r.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.text_bounds = g_hash_table_new (g_str_hash, g_str_equal);
  r.order = g_ptr_array_new_with_free_func (text_bound_free);
  r.references = g_ptr_array_new_with_free_func (reference_free);

  if (!g_file_test (txt_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                   _("%s: its text %s is missing"), ann_path, txt_path);
      goto out;
    }
  if (!load_text (&r, error) || !parse_ann (&r, error) || !apply_references (&r, error))
    goto out;

  document_id = gls_import_find_document (ctx->import, r.text, r.text_length);
  if (document_id == 0)
    {
      title = title_from_text (r.text, source);
      document_id = gls_import_add_document (ctx->import, title, r.text, r.text_length, source,
                                             error);
      if (document_id == 0)
        {
          g_prefix_error (error, "%s: ", txt_path);
          goto out;
        }
    }

  for (guint i = 0; i < r.order->len; i++)
    {
      TextBound *tb = g_ptr_array_index (r.order, i);
      g_autoptr(GError) local_error = NULL;

      tb->span_id = gls_import_add_span (ctx->import, document_id,
                                         (const GlsFragment *)(gpointer)tb->fragments->data,
                                         tb->fragments->len, tb->label, ctx->annotator,
                                         tb->note ? tb->note->str : NULL, tb->kb_id,
                                         tb->attributes, &local_error);
      if (tb->span_id == 0)
        {
          set_line_error (error, &r, local_error->domain == GLS_ERROR ? local_error->code
                                                                      : GLS_ERROR_FAILED,
                          tb->line, "%s", local_error->message);
          goto out;
        }
    }

  for (guint i = 0; i < r.references->len; i++)
    {
      const Reference *ref = g_ptr_array_index (r.references, i);
      g_autoptr(GError) local_error = NULL;
      TextBound *source_tb, *target_tb;

      if (ref->kind != 'R')
        continue;
      source_tb = g_hash_table_lookup (r.text_bounds, ref->target);
      target_tb = g_hash_table_lookup (r.text_bounds, ref->target2);
      if (!gls_import_add_relation (ctx->import, ref->key, source_tb->span_id,
                                    target_tb->span_id, ctx->annotator, &local_error))
        {
          set_line_error (error, &r, local_error->domain == GLS_ERROR ? local_error->code
                                                                      : GLS_ERROR_FAILED,
                          ref->line, "%s", local_error->message);
          goto out;
        }
    }
  ok = TRUE;

out:
  ann_reader_clear (&r);
  return ok;
}

/* @path with its extension (after the last dot of its base name) replaced by @extension. */
static char *
replace_extension (const char *path,
                   const char *extension)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);
  g_autofree char *stem = NULL;

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, extension, NULL);
  stem = g_strndup (path, dot - path);
  return g_strconcat (stem, extension, NULL);
}

static GHashTable *
label_names (GlsProject *project)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GListModel *labels = gls_project_get_labels (project);
  guint n = g_list_model_get_n_items (labels);

  /* Exact names first, then brat forms that are not a name themselves. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *name = gls_label_get_name (label);

      g_hash_table_insert (names, g_strdup (name), g_strdup (name));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *name = gls_label_get_name (label);
      g_autofree char *form = storage_form (name);
      const char *known = g_hash_table_lookup (names, form);

      if (known == NULL)
        g_hash_table_insert (names, g_steal_pointer (&form), g_strdup (name));
      else if (strcmp (known, form) != 0 && strcmp (known, name) != 0)
        g_hash_table_insert (names, g_steal_pointer (&form), g_strdup (""));
    }
  return names;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
brat_read (GlsImport   *import,
           const char  *path,
           const char  *annotator,
           GHashTable  *options,
           GError     **error)
{
  g_autoptr(GHashTable) labels = label_names (gls_import_get_project (import));
  ReadContext ctx = { import, annotator ? annotator : DEFAULT_ANNOTATOR, labels };

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) anns = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &local_error);
      const char *name;

      if (dir == NULL)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s", local_error->message);
          return FALSE;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_str_has_suffix (name, ".ann") && g_file_test (child, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (anns, g_steal_pointer (&child));
        }
      if (anns->len == 0)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                       _("%s: no brat annotations (.ann files) in this folder"), path);
          return FALSE;
        }
      g_ptr_array_sort (anns, compare_paths);
      for (guint i = 0; i < anns->len; i++)
        {
          const char *ann = g_ptr_array_index (anns, i);
          g_autofree char *txt = replace_extension (ann, ".txt");

          if (!import_pair (&ctx, ann, txt, error))
            return FALSE;
        }
      return TRUE;
    }
  else if (g_str_has_suffix (path, ".ann"))
    {
      g_autofree char *txt = replace_extension (path, ".txt");
      return import_pair (&ctx, path, txt, error);
    }
  else if (g_str_has_suffix (path, ".txt"))
    {
      g_autofree char *ann = replace_extension (path, ".ann");

      if (!g_file_test (ann, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                       _("%s: no brat annotations beside it (%s is missing)"), path, ann);
          return FALSE;
        }
      return import_pair (&ctx, ann, path, error);
    }

  g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
               _("%s: brat standoff is read from a folder, a .ann file or a .txt file"), path);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */

static int
brat_probe (const char *path,
            const char *head,
            gsize       head_length)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".ann"))
          return 90;
      return 0;
    }
  if (g_str_has_suffix (path, ".ann"))
    return 95;
  if (g_str_has_suffix (path, ".txt"))
    {
      g_autofree char *ann = replace_extension (path, ".ann");
      return g_file_test (ann, G_FILE_TEST_IS_REGULAR) ? 60 : 0;
    }
  return 0;
}

const GlsFormat gls_format_brat = {
  .name = "brat",
  .title = "brat standoff",
  .unit = GLS_OFFSET_CODE_POINTS,
  .extension = NULL,
  .probe = brat_probe,
  .read = brat_read,
  .begin = brat_begin,
  .write = brat_write,
  .end = brat_end,
};
