/* gls-format-xmi.c — UIMA CAS XMI with DKPro Core types, as INCEpTION exports it
 *
 * A folder with one NAME.xmi per document and one TypeSystem.xml declaring the types used:
 *
 *   <xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore"
 *            xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" … >
 *     <cas:NULL xmi:id="0"/>
 *     <type2:DocumentMetaData xmi:id="2" sofa="1" begin="0" end="…" documentTitle="…" …/>
 *     <type3:Token xmi:id="3" sofa="1" begin="0" end="3"/> …
 *     <type3:Sentence …/> …
 *     <type:NamedEntity xmi:id="9" sofa="1" begin="0" end="10" value="PERSON"
 *                       identifier="http://www.wikidata.org/entity/Q7747"/>
 *     <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="…"/>
 *     <cas:View sofa="1" members="2 3 … 9"/>
 *   </xmi:XMI>
 *
 * Offsets are UTF-16 code units. Reading accepts any namespace prefixes (INCEpTION numbers
 * them: type4:NamedEntity), a folder of .xmi files or one file.
 *
 * Reading is careful with what XML allows: no entity is ever expanded or fetched. A DOCTYPE
 * that declares entities is refused as soon as the parser meets the first declaration (so a
 * "billion laughs" never grows and an external entity is never loaded), nothing is read from
 * the network, and libxml2's limits for huge inputs stay on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-xmi"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-offsets.h"
#include "gls-tokenizer.h"

#define NS_XMI "http://www.omg.org/XMI"
#define NS_CAS "http:///uima/cas.ecore"
#define NS_NER "http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"
#define NS_METADATA "http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore"
#define NS_SEGMENTATION "http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore"

/* No XML_PARSE_NOENT (it substitutes entities), no XML_PARSE_DTDLOAD or DTDATTR (they read
 * DTDs), no XML_PARSE_HUGE (it lifts the limits on depth and text size). */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                       XML_PARSE_BIG_LINES)

#define MAX_FILE_BYTES ((gsize)512 * 1024 * 1024)
#define MAX_STEM_BYTES 100

/* ------------------------------------------------------------------------------------------ */
/* The type system written beside the documents                                                */

static const char type_system[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n"
  "  <name>Glossator</name>\n"
  "  <description>The DKPro Core types Glossator writes: document metadata, sentences, "
  "tokens and named entities (with INCEpTION's identifier feature).</description>\n"
  "  <version>1.0</version>\n"
  "  <types>\n"
  "    <typeDescription>\n"
  "      <name>de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData</name>\n"
  "      <description/>\n"
  "      <supertypeName>uima.tcas.DocumentAnnotation</supertypeName>\n"
  "      <features>\n"
  "        <featureDescription>\n"
  "          <name>documentTitle</name>\n"
  "          <description>The human readable title of the document.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>documentId</name>\n"
  "          <description>The id of the document.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>documentUri</name>\n"
  "          <description>The URI of the document.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>collectionId</name>\n"
  "          <description>The ID of the whole document collection.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>documentBaseUri</name>\n"
  "          <description>Base URI of the document.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>isLastSegment</name>\n"
  "          <description>Whether this is the last segment of a multiplied CAS.</description>\n"
  "          <rangeTypeName>uima.cas.Boolean</rangeTypeName>\n"
  "        </featureDescription>\n"
  "      </features>\n"
  "    </typeDescription>\n"
  "    <typeDescription>\n"
  "      <name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence</name>\n"
  "      <description/>\n"
  "      <supertypeName>uima.tcas.Annotation</supertypeName>\n"
  "      <features>\n"
  "        <featureDescription>\n"
  "          <name>id</name>\n"
  "          <description>The unit's ID in the source format, if it had one.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "      </features>\n"
  "    </typeDescription>\n"
  "    <typeDescription>\n"
  "      <name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token</name>\n"
  "      <description/>\n"
  "      <supertypeName>uima.tcas.Annotation</supertypeName>\n"
  "      <features>\n"
  "        <featureDescription>\n"
  "          <name>id</name>\n"
  "          <description>The unit's ID in the source format, if it had one.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>form</name>\n"
  "          <description>Potentially normalized form of the token text.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "      </features>\n"
  "    </typeDescription>\n"
  "    <typeDescription>\n"
  "      <name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>\n"
  "      <description>Named entities refer e.g. to persons, locations, organizations and so "
  "on. They often consist of multiple tokens.</description>\n"
  "      <supertypeName>uima.tcas.Annotation</supertypeName>\n"
  "      <features>\n"
  "        <featureDescription>\n"
  "          <name>value</name>\n"
  "          <description>The class of the named entity (the label).</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "        <featureDescription>\n"
  "          <name>identifier</name>\n"
  "          <description>The knowledge base entity it refers to.</description>\n"
  "          <rangeTypeName>uima.cas.String</rangeTypeName>\n"
  "        </featureDescription>\n"
  "      </features>\n"
  "    </typeDescription>\n"
  "  </types>\n"
  "</typeSystemDescription>\n";

/* ------------------------------------------------------------------------------------------ */
/* File names for the documents of a folder                                                     */

static char *
unique_file_name (GHashTable              *used,
                  const GlsExportDocument *doc,
                  const char              *extension)
{
  g_autoptr(GString) stem = g_string_new (NULL);
  const char *title = doc->title != NULL ? doc->title : "";
  char *name = NULL;

  for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c < 0x80 && strchr ("/\\:*?\"<>|", (int)c) != NULL))
        g_string_append_c (stem, '_');
      else
        g_string_append_unichar (stem, c);
      if (stem->len > MAX_STEM_BYTES)
        {
          const char *last = g_utf8_find_prev_char (stem->str, stem->str + stem->len);
          g_string_truncate (stem, (gsize)(last - stem->str));
          break;
        }
    }
  while (stem->len > 0 && (stem->str[0] == '.' || stem->str[0] == ' '))
    g_string_erase (stem, 0, 1);
  while (stem->len > 0 && (stem->str[stem->len - 1] == '.' || stem->str[stem->len - 1] == ' '))
    g_string_truncate (stem, stem->len - 1);
  /* The type system has its own file. */
  if (stem->len == 0 || g_ascii_strcasecmp (stem->str, "TypeSystem") == 0)
    g_string_printf (stem, "document-%" G_GINT64_FORMAT, doc->id);

  for (guint n = 0; ; n++)
    {
      g_autofree char *folded = NULL;

      if (n == 0)
        name = g_strconcat (stem->str, extension, NULL);
      else if (n == 1)
        name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "%s", stem->str, doc->id, extension);
      else
        name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%u%s", stem->str, doc->id, n, extension);
      folded = g_utf8_casefold (name, -1);
      if (!g_hash_table_contains (used, folded))
        {
          g_hash_table_add (used, g_steal_pointer (&folded));
          return name;
        }
      g_free (name);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */

typedef struct
{
  char *folder;
  gboolean created_folder;
  GlsLossReport *report;
  GHashTable *used_names;
  GPtrArray *written;
} XmiWriter;

static gpointer
xmi_begin (const char     *path,
           GlsProject     *project,
           GHashTable     *options,
           GlsLossReport  *report,
           GError        **error)
{
  XmiWriter *writer;
  gboolean existed;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_set_error_literal (error, GLS_ERROR, GLS_ERROR_INVALID,
                           _("UIMA CAS XMI is written as a folder with one file per document; "
                             "name a folder"));
      return NULL;
    }
  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed && !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO,
                   _("%s: exists and is not a folder (XMI writes one file per document into "
                     "a folder)"), path);
      return NULL;
    }
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  writer = g_new0 (XmiWriter, 1);
  writer->folder = g_strdup (path);
  writer->created_folder = !existed;
  writer->report = report;
  writer->used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer->written = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_add (writer->used_names, g_utf8_casefold ("TypeSystem.xml", -1));
  return writer;
}

/* XML 1.0 cannot hold most control characters, nor U+FFFE and U+FFFF, even escaped. Each is
 * written as a space, which keeps every offset (they are one UTF-16 unit each). Returns NULL
 * when @text needs no change. */
static char *
xml_safe_text (const char *text,
               gsize       length,
               guint      *n_replaced)
{
  GString *out = NULL;
  const char *p = text, *end = text + length, *copied = text;

  *n_replaced = 0;
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        {
          if (out == NULL)
            out = g_string_sized_new (length);
          g_string_append_len (out, copied, p - copied);
          g_string_append_c (out, ' ');
          copied = next;
          (*n_replaced)++;
        }
      p = next;
    }
  if (out == NULL)
    return NULL;
  g_string_append_len (out, copied, end - copied);
  return g_string_free (out, FALSE);
}

static void
report_losses (XmiWriter               *writer,
               const GlsExportDocument *doc)
{
  g_autoptr(GHashTable) annotators = g_hash_table_new (g_str_hash, g_str_equal);

  if (writer->report == NULL)
    return;

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];

      g_hash_table_add (annotators, (gpointer)span->annotator);
      if (span->n_fragments > 1)
        gls_loss_report_add (writer->report, doc, span,
                             _("discontinuous span (%u fragments) not written: a DKPro "
                               "NamedEntity has one begin and one end"), span->n_fragments);
      if (span->note != NULL && *span->note != '\0')
        gls_loss_report_add (writer->report, doc, span, _("note not written"));
      if (span->attributes != NULL && g_hash_table_size (span->attributes) > 0)
        {
          g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (span->attributes),
                                               (GCompareFunc)g_strcmp0);
          g_autoptr(GString) names = g_string_new (NULL);

          for (const GList *l = keys; l != NULL; l = l->next)
            g_string_append_printf (names, "%s%s", names->len ? ", " : "", (char *)l->data);
          gls_loss_report_add (writer->report, doc, span, _("attributes not written: %s"),
                               names->str);
        }
    }
  for (guint i = 0; i < doc->n_relations; i++)
    gls_loss_report_add (writer->report, doc, NULL,
                         _("relation “%s” from span %" G_GINT64_FORMAT " to span %"
                           G_GINT64_FORMAT " not written"),
                         doc->relations[i].type ? doc->relations[i].type : "",
                         doc->relations[i].source, doc->relations[i].target);
  if (g_hash_table_size (annotators) > 1)
    {
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (annotators),
                                            (GCompareFunc)g_strcmp0);
      g_autoptr(GString) list = g_string_new (NULL);

      for (const GList *l = names; l != NULL; l = l->next)
        g_string_append_printf (list, "%s%s", list->len ? ", " : "", (char *)l->data);
      gls_loss_report_add (writer->report, doc, NULL,
                           _("spans of %u annotators merged into one CAS; annotator names "
                             "not written (%s)"), g_hash_table_size (annotators), list->str);
    }
}

/* libxml2 writes into the export's output stream through these. */
typedef struct
{
  GOutputStream *out;
  GError *error;
} Sink;

static int
sink_write (void       *context,
            const char *buffer,
            int         length)
{
  Sink *sink = context;

  if (sink->error != NULL)
    return -1;
  if (!g_output_stream_write_all (sink->out, buffer, (gsize)length, NULL, NULL, &sink->error))
    return -1;
  return length;
}

static int
sink_close (void *context)
{
  return 0;
}

static gboolean
write_attribute (xmlTextWriterPtr  w,
                 const char       *name,
                 const char       *value)
{
  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST value) >= 0;
}

static gboolean
write_number (xmlTextWriterPtr  w,
              const char       *name,
              gint64            value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  return write_attribute (w, name, buffer);
}

/* <PREFIX:TYPE xmi:id="ID" sofa="1" begin="B" end="E" (then the caller's attributes)>. */
static gboolean
start_annotation (xmlTextWriterPtr  w,
                  const char       *element,
                  guint             id,
                  glong             begin,
                  glong             end)
{
  return xmlTextWriterStartElement (w, BAD_CAST element) >= 0 &&
         write_number (w, "xmi:id", id) &&
         write_attribute (w, "sofa", "1") &&
         write_number (w, "begin", begin) &&
         write_number (w, "end", end);
}

static glong
to_utf16 (const GlsOffsetMap *map,
          gint64              chr)
{
  glong utf16 = 0;

  if (!gls_offset_map_char_to_utf16 (map, (glong)chr, &utf16, NULL))
    g_warn_if_reached ();
  return utf16;
}

static gboolean
write_cas (xmlTextWriterPtr         w,
           XmiWriter               *writer,
           const GlsExportDocument *doc)
{
  g_autoptr(GlsOffsetMap) map = gls_offset_map_new (doc->text, (gssize)doc->text_bytes);
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) members = g_string_new ("2");
  g_autofree char *safe_text = NULL;
  g_autofree char *safe_title = NULL;
  guint n_replaced = 0, n_title_replaced = 0;
  const char *title = doc->title != NULL ? doc->title : "";
  guint id = 3;

  for (guint i = 0; i < doc->n_spans; i++)
    if (doc->spans[i].n_fragments == 1)
      g_array_append_val (boundaries, doc->spans[i].fragments[0]);
  tokens = gls_tokenize (doc->text, (gssize)doc->text_bytes,
                         (const GlsFragment *)(gpointer)boundaries->data, boundaries->len);

  safe_text = xml_safe_text (doc->text, doc->text_bytes, &n_replaced);
  safe_title = xml_safe_text (title, strlen (title), &n_title_replaced);
  if (safe_title != NULL)
    title = safe_title;
  if (n_replaced > 0 && writer->report != NULL)
    gls_loss_report_add (writer->report, doc, NULL,
                         _("%u control characters, which XML 1.0 cannot hold, written as "
                           "spaces"), n_replaced);

  if (xmlTextWriterSetIndent (w, 1) < 0 ||
      xmlTextWriterSetIndentString (w, BAD_CAST "  ") < 0 ||
      xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElement (w, BAD_CAST "xmi:XMI") < 0 ||
      !write_attribute (w, "xmlns:xmi", NS_XMI) ||
      !write_attribute (w, "xmlns:cas", NS_CAS) ||
      !write_attribute (w, "xmlns:type", NS_NER) ||
      !write_attribute (w, "xmlns:type2", NS_METADATA) ||
      !write_attribute (w, "xmlns:type3", NS_SEGMENTATION) ||
      !write_attribute (w, "xmi:version", "2.0"))
    return FALSE;

  if (xmlTextWriterStartElement (w, BAD_CAST "cas:NULL") < 0 ||
      !write_attribute (w, "xmi:id", "0") ||
      xmlTextWriterEndElement (w) < 0)
    return FALSE;

  if (!start_annotation (w, "type2:DocumentMetaData", 2, 0, gls_offset_map_get_n_utf16 (map)) ||
      !write_attribute (w, "language", "x-unspecified") ||
      !write_attribute (w, "documentTitle", title) ||
      !write_attribute (w, "documentId", title) ||
      !write_attribute (w, "isLastSegment", "false") ||
      xmlTextWriterEndElement (w) < 0)
    return FALSE;

  for (guint t = 0; t < tokens->len; t++)
    {
      const GlsToken *token = &g_array_index (tokens, GlsToken, t);

      if (!start_annotation (w, "type3:Token", id, to_utf16 (map, token->start),
                             to_utf16 (map, token->end)) ||
          xmlTextWriterEndElement (w) < 0)
        return FALSE;
      g_string_append_printf (members, " %u", id++);
    }
  for (guint t = 0; t < tokens->len; )
    {
      const GlsToken *first = &g_array_index (tokens, GlsToken, t);
      guint last = t;

      while (last + 1 < tokens->len &&
             g_array_index (tokens, GlsToken, last + 1).sentence == first->sentence)
        last++;
      if (!start_annotation (w, "type3:Sentence", id, to_utf16 (map, first->start),
                             to_utf16 (map, g_array_index (tokens, GlsToken, last).end)) ||
          xmlTextWriterEndElement (w) < 0)
        return FALSE;
      g_string_append_printf (members, " %u", id++);
      t = last + 1;
    }

  for (guint i = 0; i < doc->n_spans; i++)
    {
      const GlsExportSpan *span = &doc->spans[i];
      g_autofree char *label = NULL;
      g_autofree char *kb_id = NULL;
      guint n = 0;

      if (span->n_fragments != 1)
        continue;
      label = xml_safe_text (span->label, strlen (span->label), &n);
      if (span->kb_id != NULL)
        kb_id = xml_safe_text (span->kb_id, strlen (span->kb_id), &n);
      if (!start_annotation (w, "type:NamedEntity", id, to_utf16 (map, span->fragments[0].start),
                             to_utf16 (map, span->fragments[0].end)) ||
          !write_attribute (w, "value", label ? label : span->label) ||
          (span->kb_id != NULL && *span->kb_id != '\0' &&
           !write_attribute (w, "identifier", kb_id ? kb_id : span->kb_id)) ||
          xmlTextWriterEndElement (w) < 0)
        return FALSE;
      g_string_append_printf (members, " %u", id++);
    }

  if (xmlTextWriterStartElement (w, BAD_CAST "cas:Sofa") < 0 ||
      !write_attribute (w, "xmi:id", "1") ||
      !write_attribute (w, "sofaNum", "1") ||
      !write_attribute (w, "sofaID", "_InitialView") ||
      !write_attribute (w, "mimeType", "text") ||
      !write_attribute (w, "sofaString", safe_text ? safe_text : doc->text) ||
      xmlTextWriterEndElement (w) < 0)
    return FALSE;

  if (xmlTextWriterStartElement (w, BAD_CAST "cas:View") < 0 ||
      !write_attribute (w, "sofa", "1") ||
      !write_attribute (w, "members", members->str) ||
      xmlTextWriterEndElement (w) < 0)
    return FALSE;

  return xmlTextWriterEndDocument (w) >= 0 && xmlTextWriterFlush (w) >= 0;
}

static gboolean
write_file (XmiWriter    *writer,
            const char   *path,
            const char   *contents,
            GError      **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(out = gls_export_open_file (path, error)))
    return FALSE;
  if (!g_output_stream_write_all (out, contents, strlen (contents), NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      gls_export_close_file (out, path, FALSE, NULL);
      return FALSE;
    }
  if (!gls_export_close_file (out, path, TRUE, error))
    return FALSE;
  g_ptr_array_add (writer->written, g_strdup (path));
  return TRUE;
}

static gboolean
xmi_write (gpointer                  data,
           const GlsExportDocument  *doc,
           GError                  **error)
{
  XmiWriter *writer = data;
  g_autofree char *name = unique_file_name (writer->used_names, doc, ".xmi");
  g_autofree char *path = g_build_filename (writer->folder, name, NULL);
  g_autoptr(GOutputStream) out = NULL;
  xmlOutputBufferPtr buffer;
  xmlTextWriterPtr w;
  Sink sink = { NULL, NULL };
  gboolean ok;

  report_losses (writer, doc);

  if (!(out = gls_export_open_file (path, error)))
    return FALSE;
  sink.out = out;
  buffer = xmlOutputBufferCreateIO (sink_write, sink_close, &sink, NULL);
  w = buffer != NULL ? xmlNewTextWriter (buffer) : NULL;
  if (w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED, _("%s: cannot start the XML writer"), path);
      gls_export_close_file (out, path, FALSE, NULL);
      return FALSE;
    }
  ok = write_cas (w, writer, doc);
  xmlFreeTextWriter (w);   /* closes the buffer too */

  if (!ok || sink.error != NULL)
    {
      if (sink.error != NULL)
        g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, sink.error->message);
      else
        g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED, _("%s: writing the XML failed"), path);
      g_clear_error (&sink.error);
      gls_export_close_file (out, path, FALSE, NULL);
      return FALSE;
    }
  if (!gls_export_close_file (out, path, TRUE, error))
    return FALSE;
  g_ptr_array_add (writer->written, g_steal_pointer (&path));
  return TRUE;
}

static gboolean
xmi_end (gpointer   data,
         gboolean   success,
         GError   **error)
{
  XmiWriter *writer = data;
  gboolean ok = success;

  if (ok)
    {
      g_autofree char *path = g_build_filename (writer->folder, "TypeSystem.xml", NULL);
      ok = write_file (writer, path, type_system, error);
    }
  if (!ok)
    {
      for (guint i = 0; i < writer->written->len; i++)
        g_remove (g_ptr_array_index (writer->written, i));
      if (writer->created_folder)
        g_rmdir (writer->folder);
    }
  g_ptr_array_unref (writer->written);
  g_hash_table_unref (writer->used_names);
  g_free (writer->folder);
  g_free (writer);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */

typedef struct
{
  gboolean entity_declared;
  int entity_line;
  gboolean have_error;
  int error_line;
  int error_code;
  char *error_message;
} ParseState;

/* Called by the parser for every <!ENTITY …> of the DOCTYPE: stop right there. */
static void
refuse_entity_decl (void          *ctx,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;

  if (!state->entity_declared)
    {
      state->entity_declared = TRUE;
      state->entity_line = ctxt->input != NULL ? ctxt->input->line : 0;
    }
  xmlStopParser (ctxt);
}

static void
refuse_unparsed_entity_decl (void          *ctx,
                             const xmlChar *name,
                             const xmlChar *public_id,
                             const xmlChar *system_id,
                             const xmlChar *notation_name)
{
  refuse_entity_decl (ctx, name, 0, public_id, system_id, NULL);
}

/* Keeps the first error, which names the real cause; later ones follow from it. */
static void
collect_error (void        *ctx,
               xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;

  if (state->have_error || error->level < XML_ERR_ERROR || error->code == XML_ERR_USER_STOP)
    return;
  state->have_error = TRUE;
  state->error_line = error->line;
  state->error_code = error->code;
  state->error_message = g_strdup (error->message ? error->message : "");
  g_strchomp (state->error_message);
}

G_GNUC_PRINTF (5, 6)
static void
set_line_error (GError     **error,
                GlsError     code,
                const char  *path,
                long         line,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLS_ERROR, code, _("%s: line %ld: %s"), path, line, message);
}

static guint
line_of (const char *contents,
         const char *where)
{
  guint line = 1;

  for (const char *p = contents; p < where; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* The encoding the XML declaration names, lower-cased, or NULL. */
static char *
declared_encoding (const char *contents,
                   gsize       length)
{
  g_autofree char *head = g_strndup (contents, MIN (length, 200));
  const char *decl_end, *enc;
  char quote;
  const char *value_end;

  if (!g_str_has_prefix (head, "<?xml") || !(decl_end = strstr (head, "?>")))
    return NULL;
  enc = g_strstr_len (head, decl_end - head, "encoding");
  if (enc == NULL)
    return NULL;
  enc += strlen ("encoding");
  while (*enc == ' ' || *enc == '=' || *enc == '\t')
    enc++;
  quote = *enc;
  if (quote != '"' && quote != '\'')
    return NULL;
  value_end = strchr (enc + 1, quote);
  if (value_end == NULL)
    return NULL;
  return g_ascii_strdown (enc + 1, value_end - enc - 1);
}

static gboolean
is_element (xmlNodePtr  node,
            const char *ns,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *)node->ns->href, ns) == 0 &&
         strcmp ((const char *)node->name, name) == 0;
}

static char *
get_attribute (xmlNodePtr  node,
               const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *copy = value ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
get_xmi_id (xmlNodePtr node)
{
  xmlChar *value = xmlGetNsProp (node, BAD_CAST "id", BAD_CAST NS_XMI);
  char *copy = value ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

/* A feature of type int: UIMA leaves out features that have their default, 0. */
static gboolean
get_int_attribute (xmlNodePtr  node,
                   const char *name,
                   glong      *value)
{
  g_autofree char *text = get_attribute (node, name);
  const char *p;
  gint64 v = 0;
  gboolean negative = FALSE;

  *value = 0;
  if (text == NULL)
    return TRUE;
  p = g_strstrip (text);
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || v > G_MAXINT32)
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  if (v > G_MAXINT32)
    return FALSE;
  *value = negative ? -(glong)v : (glong)v;
  return TRUE;
}

static xmlDocPtr
parse_file (const char  *path,
            const char  *contents,
            gsize        length,
            GError     **error)
{
  ParseState state = { 0 };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gboolean well_formed;

  ctxt = xmlCreateMemoryParserCtxt (contents, (int)length);
  if (ctxt == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED, _("%s: cannot start the XML parser"), path);
      return NULL;
    }
  xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);
  ctxt->_private = &state;
  ctxt->sax->entityDecl = refuse_entity_decl;
  ctxt->sax->unparsedEntityDecl = refuse_unparsed_entity_decl;
  ctxt->sax->serror = collect_error;

  xmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (state.entity_declared)
    {
      set_line_error (error, GLS_ERROR_PARSE, path, state.entity_line,
                      _("DOCTYPE with entity declarations is not accepted"));
      g_free (state.error_message);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (!well_formed || doc == NULL)
    {
      GlsError code = GLS_ERROR_PARSE;

      if (state.error_code == XML_ERR_INVALID_ENCODING ||
          state.error_code == XML_ERR_UNSUPPORTED_ENCODING ||
          (state.error_code == XML_ERR_INVALID_CHAR && state.error_message != NULL &&
           strstr (state.error_message, "UTF-8") != NULL))
        code = GLS_ERROR_ENCODING;
      set_line_error (error, code, path, state.have_error ? state.error_line : 1,
                      _("not well-formed XML: %s"),
                      state.error_message ? state.error_message : _("unknown error"));
      g_free (state.error_message);
      xmlFreeDoc (doc);
      return NULL;
    }
  g_free (state.error_message);

  /* The parser stopped at the first declaration already; this only guards that promise. */
  if (doc->intSubset != NULL &&
      (doc->intSubset->entities != NULL || doc->intSubset->pentities != NULL))
    {
      set_line_error (error, GLS_ERROR_PARSE, path, xmlGetLineNo ((xmlNodePtr)doc->intSubset),
                      _("DOCTYPE with entity declarations is not accepted"));
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

static gboolean
read_cas (GlsImport   *import,
          const char  *path,
          xmlDocPtr    doc,
          const char  *annotator,
          GError     **error)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNodePtr sofa = NULL, metadata = NULL;
  g_autofree char *sofa_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GlsOffsetMap) map = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 document_id;

  if (root == NULL || !is_element (root, NS_XMI, "XMI"))
    {
      set_line_error (error, GLS_ERROR_PARSE, path, root ? xmlGetLineNo (root) : 1,
                      _("the root element is not xmi:XMI (http://www.omg.org/XMI)"));
      return FALSE;
    }

  for (xmlNodePtr node = root->children; node != NULL; node = node->next)
    {
      if (is_element (node, NS_CAS, "Sofa"))
        {
          g_autofree char *view = get_attribute (node, "sofaID");

          if (g_strcmp0 (view, "_InitialView") == 0 || (sofa == NULL && view == NULL))
            sofa = node;
        }
      else if (metadata == NULL && is_element (node, NS_METADATA, "DocumentMetaData"))
        metadata = node;
    }
  if (sofa == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                   _("%s: no cas:Sofa for the _InitialView, so no text"), path);
      return FALSE;
    }
  sofa_id = get_xmi_id (sofa);
  text = get_attribute (sofa, "sofaString");
  if (text == NULL)
    {
      set_line_error (error, GLS_ERROR_PARSE, path, xmlGetLineNo (sofa),
                      _("the _InitialView has no sofaString (only text documents can be read)"));
      return FALSE;
    }
  map = gls_offset_map_new (text, -1);
  if (map == NULL)
    {
      set_line_error (error, GLS_ERROR_ENCODING, path, xmlGetLineNo (sofa),
                      _("the sofaString is not valid UTF-8"));
      return FALSE;
    }

  if (metadata != NULL)
    {
      title = get_attribute (metadata, "documentTitle");
      if (title == NULL || *title == '\0')
        {
          g_free (title);
          title = get_attribute (metadata, "documentId");
        }
    }
  if (title == NULL || *title == '\0')
    {
      g_free (title);
      title = g_str_has_suffix (base, ".xmi") ? g_strndup (base, strlen (base) - 4)
                                              : g_strdup (base);
    }

  document_id = gls_import_find_document (import, text, -1);
  if (document_id == 0)
    document_id = gls_import_add_document (import, title, text, -1, base, &local_error);
  if (document_id == 0)
    {
      g_set_error (error, GLS_ERROR, local_error->code, "%s: %s", path, local_error->message);
      return FALSE;
    }

  for (xmlNodePtr node = root->children; node != NULL; node = node->next)
    {
      g_autofree char *element_sofa = NULL;
      g_autofree char *label = NULL;
      g_autofree char *kb_id = NULL;
      long line;
      glong begin, end, a, b;
      GlsFragment fragment;

      if (!is_element (node, NS_NER, "NamedEntity"))
        continue;
      line = xmlGetLineNo (node);
      element_sofa = get_attribute (node, "sofa");
      if (element_sofa != NULL && sofa_id != NULL && strcmp (element_sofa, sofa_id) != 0)
        continue;   /* another view's */

      if (!get_int_attribute (node, "begin", &begin) || !get_int_attribute (node, "end", &end))
        {
          set_line_error (error, GLS_ERROR_PARSE, path, line,
                          _("NamedEntity: “begin” and “end” must be whole numbers"));
          return FALSE;
        }
      if (begin < 0 || end < begin || end > gls_offset_map_get_n_utf16 (map))
        {
          set_line_error (error, GLS_ERROR_OFFSET, path, line,
                          _("NamedEntity %ld-%ld lies outside the text (%ld UTF-16 units)"),
                          begin, end, gls_offset_map_get_n_utf16 (map));
          return FALSE;
        }
      if (!gls_offset_map_utf16_to_char (map, begin, &a, &local_error) ||
          !gls_offset_map_utf16_to_char (map, end, &b, &local_error))
        {
          set_line_error (error, GLS_ERROR_OFFSET, path, line, _("NamedEntity %ld-%ld: %s"),
                          begin, end, local_error->message);
          return FALSE;
        }
      if (a == b)
        continue;   /* zero-width annotations cannot be kept */

      label = get_attribute (node, "value");
      if (label == NULL || *label == '\0')
        {
          set_line_error (error, GLS_ERROR_UNKNOWN_LABEL, path, line,
                          _("NamedEntity %ld-%ld has no value (label)"), begin, end);
          return FALSE;
        }
      kb_id = get_attribute (node, "identifier");
      fragment.start = a;
      fragment.end = b;
      if (!gls_import_add_span (import, document_id, &fragment, 1, label, annotator, NULL, kb_id,
                                NULL, &local_error))
        {
          set_line_error (error, local_error->code, path, line, "%s", local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_file (GlsImport   *import,
           const char  *path,
           const char  *annotator,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *encoding = NULL;
  gsize length;
  xmlDocPtr doc;
  gboolean ok;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (gsize)st.st_size > MAX_FILE_BYTES)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID, _("%s: larger than %d MB"), path,
                   (int)(MAX_FILE_BYTES / (1024 * 1024)));
      return FALSE;
    }
  /* Read here, not by libxml2: its loader is for external entities, which are never read. */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if (length > G_MAXINT)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID, _("%s: too large"), path);
      return FALSE;
    }

  /* UTF-8 unless a byte order mark or the declaration says otherwise: check it here, so the
   * error names the line rather than whatever libxml2 makes of it. */
  encoding = declared_encoding (contents, length);
  if (!(length >= 2 && ((guchar)contents[0] == 0xfe || (guchar)contents[0] == 0xff)) &&
      (encoding == NULL || strcmp (encoding, "utf-8") == 0 || strcmp (encoding, "utf8") == 0))
    {
      const char *bad;

      if (!g_utf8_validate_len (contents, length, &bad))
        {
          set_line_error (error, GLS_ERROR_ENCODING, path, line_of (contents, bad),
                          *bad == '\0' ? _("a NUL byte") : _("not valid UTF-8"));
          return FALSE;
        }
    }

  if (!(doc = parse_file (path, contents, length, error)))
    return FALSE;
  ok = read_cas (import, path, doc, annotator, error);
  xmlFreeDoc (doc);
  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static GPtrArray *
list_folder (const char  *path,
             const char  *extension,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local_error);
  GPtrArray *files;
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return NULL;
    }
  files = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, extension) && name[0] != '.')
        g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (files, compare_names);
  return files;
}

static gboolean
xmi_read (GlsImport   *import,
          const char  *path,
          const char  *annotator,
          GHashTable  *options,
          GError     **error)
{
  if (annotator == NULL)
    annotator = gls_project_get_annotator (gls_import_get_project (import));

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) files = list_folder (path, ".xmi", error);

      if (files == NULL)
        return FALSE;
      if (files->len == 0)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE, _("%s: no .xmi files in the folder"),
                       path);
          return FALSE;
        }
      for (guint i = 0; i < files->len; i++)
        if (!read_file (import, g_ptr_array_index (files, i), annotator, error))
          return FALSE;
      return TRUE;
    }
  return read_file (import, path, annotator, error);
}

/* The root element's start tag declares the XMI and CAS namespaces; the cas:Sofa itself comes
 * last in the file, past any head we are shown. */
static gboolean
head_is_xmi (const char *head,
             gsize       head_length)
{
  g_autofree char *h = g_strndup (head, head_length);

  return strstr (h, "XMI") != NULL && strstr (h, "\"" NS_XMI "\"") != NULL &&
         strstr (h, "\"" NS_CAS "\"") != NULL;
}

static int
xmi_probe (const char *path,
           const char *head,
           gsize       head_length)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) files = list_folder (path, ".xmi", NULL);
      char buffer[4096];
      gsize n;
      FILE *file;

      if (files == NULL || files->len == 0)
        return 0;
      file = g_fopen (g_ptr_array_index (files, 0), "rb");
      if (file == NULL)
        return 0;
      n = fread (buffer, 1, sizeof buffer, file);
      fclose (file);
      return head_is_xmi (buffer, n) ? 90 : 0;
    }
  if (head_is_xmi (head, head_length))
    return 95;
  return g_str_has_suffix (path, ".xmi") ? 30 : 0;
}

const GlsFormat gls_format_xmi = {
  .name = "xmi",
  .title = "UIMA CAS XMI (DKPro Core)",
  .unit = GLS_OFFSET_UTF16,
  .extension = NULL,
  .probe = xmi_probe,
  .read = xmi_read,
  .begin = xmi_begin,
  .write = xmi_write,
  .end = xmi_end,
};
