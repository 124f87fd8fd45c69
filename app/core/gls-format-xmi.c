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
 * Offsets are UTF-16 code units. Writing goes through libxml2's xmlTextWriter, so attribute
 * values escape what attribute-value normalisation would otherwise turn into spaces (line
 * breaks, tabs); characters XML 1.0 cannot hold at all become spaces, and are reported.
 *
 * Reading accepts any namespace prefixes (INCEpTION numbers them: type4:NamedEntity), a
 * folder of .xmi files or one file. It streams (SAX2, fed in pieces): no tree is built, so a
 * CAS with a million tokens costs the memory of its named entities and its text only. It is
 * careful with what XML allows: no entity is ever expanded or fetched. A DOCTYPE that
 * declares entities is refused as soon as the parser meets the first declaration (so a
 * "billion laughs" never grows and an external entity is never loaded), nothing is read
 * from the network, and libxml2's limits for huge inputs stay on (no XML_PARSE_HUGE: about
 * 10 MB for one attribute, such as the text, and 256 levels of nesting).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-xmi"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-format-private.h"
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

  /* Once, here in the calling thread, before prepare() may run in another. */
  xmlInitParser ();

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
  guint n_replaced = 0;

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
                         _("relation “%s” from span %" PRId64 " to span %"
                           PRId64 " not written"),
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

  {
    g_autofree char *safe = xml_safe_text (doc->text, doc->text_bytes, &n_replaced);

    if (n_replaced > 0)
      gls_loss_report_add (writer->report, doc, NULL,
                           _("%u control characters, which XML 1.0 cannot hold, written as "
                             "spaces"), n_replaced);
  }
}

/* libxml2 writes the document into a byte array through these. */
static int
sink_write (void       *context,
            const char *buffer,
            int         length)
{
  g_byte_array_append (context, (const guint8 *)buffer, (guint)length);
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
           const GlsExportDocument *doc)
{
  g_autoptr(GlsOffsetMap) own_map = NULL;
  const GlsOffsetMap *map = doc->offsets;
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) members = g_string_new ("2");
  g_autofree char *safe_text = NULL;
  g_autofree char *safe_title = NULL;
  guint n_replaced = 0, n_title_replaced = 0;
  const char *title = doc->title != NULL ? doc->title : "";
  guint id = 3;

  if (map == NULL)
    map = own_map = gls_offset_map_new (doc->text, (gssize)doc->text_bytes);
  for (guint i = 0; i < doc->n_spans; i++)
    if (doc->spans[i].n_fragments == 1)
      g_array_append_val (boundaries, doc->spans[i].fragments[0]);
  tokens = gls_tokenize (doc->text, (gssize)doc->text_bytes,
                         (const GlsFragment *)(gpointer)boundaries->data, boundaries->len);

  safe_text = xml_safe_text (doc->text, doc->text_bytes, &n_replaced);
  safe_title = xml_safe_text (title, strlen (title), &n_title_replaced);
  if (safe_title != NULL)
    title = safe_title;

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

/* The XMI of one document. Touches no shared state, so the pipeline may run it in another
 * thread. NULL only if libxml2 fails, which it does only when memory runs out. */
static GBytes *
xmi_prepare (const GlsExportDocument *doc)
{
  GByteArray *bytes = g_byte_array_sized_new ((guint)MIN (doc->text_bytes * 2 + 4096, G_MAXUINT));
  xmlOutputBufferPtr buffer = xmlOutputBufferCreateIO (sink_write, sink_close, bytes, NULL);
  xmlTextWriterPtr w = buffer != NULL ? xmlNewTextWriter (buffer) : NULL;
  gboolean ok;

  if (w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      g_byte_array_unref (bytes);
      return NULL;
    }
  ok = write_cas (w, doc);
  xmlFreeTextWriter (w);   /* flushes and closes the buffer too */
  if (!ok)
    {
      g_byte_array_unref (bytes);
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static gboolean
xmi_write (gpointer                  data,
           const GlsExportDocument  *doc,
           GError                  **error)
{
  XmiWriter *writer = data;
  g_autofree char *name = unique_file_name (writer->used_names, doc, ".xmi");
  g_autofree char *path = g_build_filename (writer->folder, name, NULL);
  g_autoptr(GBytes) bytes = doc->prepared ? g_bytes_ref (doc->prepared) : xmi_prepare (doc);
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  gconstpointer contents;
  gsize length;

  if (bytes == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED, _("%s: writing the XML failed"), path);
      return FALSE;
    }
  report_losses (writer, doc);

  contents = g_bytes_get_data (bytes, &length);
  if (!(out = gls_export_open_file (path, error)))
    return FALSE;
  if (!g_output_stream_write_all (out, contents, length, NULL, NULL, &local_error))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
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

/* One NamedEntity as the file has it; checked once the text (which comes last) is known. */
typedef struct
{
  char *sofa;
  char *begin;
  char *end;
  char *value;
  char *identifier;
  int line;
} Entity;

static void
entity_clear (gpointer data)
{
  Entity *entity = data;

  g_free (entity->sofa);
  g_free (entity->begin);
  g_free (entity->end);
  g_free (entity->value);
  g_free (entity->identifier);
}

/* What the SAX callbacks gather. Only the elements Glossator reads are kept: no tree is built,
 * so a CAS with a million tokens costs no more memory than its named entities. */
typedef struct
{
  const char *path;
  xmlParserCtxtPtr ctxt;
  GError *error;            /* set by a callback, which then stops the parser */

  gboolean entity_declared;
  int entity_line;
  gboolean have_parse_error;
  int parse_error_line;
  int parse_error_code;
  char *parse_error_message;

  int depth;
  gboolean have_sofa;       /* the _InitialView's, or the first without a sofaID */
  gboolean sofa_is_initial;
  int sofa_line;
  char *sofa_id;
  char *text;
  gboolean have_metadata;
  char *title;
  GArray *entities;         /* of Entity */

  /* The input, handed to libxml2 in pieces so that it never holds more than a window. */
  const char *contents;
  gsize length;
  gsize position;
} XmiReader;

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

static int
current_line (XmiReader *reader)
{
  return reader->ctxt->input != NULL ? reader->ctxt->input->line : 0;
}

/* Called by the parser for every <!ENTITY …> of the DOCTYPE: stop right there, before any
 * entity can be used, expanded or fetched. */
static void
refuse_entity_decl (void          *ctx,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  XmiReader *reader = ctxt->_private;

  if (!reader->entity_declared)
    {
      reader->entity_declared = TRUE;
      reader->entity_line = current_line (reader);
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
  XmiReader *reader = ctxt->_private;

  if (reader->have_parse_error || error->level < XML_ERR_ERROR ||
      error->code == XML_ERR_USER_STOP)
    return;
  reader->have_parse_error = TRUE;
  reader->parse_error_line = error->line;
  reader->parse_error_code = error->code;
  reader->parse_error_message = g_strdup (error->message ? error->message : "");
  g_strchomp (reader->parse_error_message);
}

/* The value of an attribute of a SAX2 start tag, or NULL. With entities not substituted,
 * libxml2 hands on a "&" (from "&amp;" or "&#38;") as "&#38;"; no other reference can be
 * left, since no entity may be declared. */
static char *
attribute (const xmlChar **attributes,
           int             n_attributes,
           const char     *uri,
           const char     *name)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + 5 * i;
      GString *value;

      if (strcmp ((const char *)a[0], name) != 0 ||
          g_strcmp0 ((const char *)a[2], uri) != 0)
        continue;
      value = g_string_new_len ((const char *)a[3], a[4] - a[3]);
      for (gsize k = 0; k < value->len; k++)
        if (value->str[k] == '&' && strncmp (value->str + k, "&#38;", 5) == 0)
          g_string_erase (value, (gssize)k + 1, 4);
      return g_string_free (value, FALSE);
    }
  return NULL;
}

static void
start_element (void           *ctx,
               const xmlChar  *localname,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             n_namespaces,
               const xmlChar **namespaces,
               int             n_attributes,
               int             n_defaulted,
               const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  XmiReader *reader = ctxt->_private;
  const char *name = (const char *)localname;
  const char *ns = (const char *)uri;

  reader->depth++;
  if (reader->depth == 1)
    {
      if (g_strcmp0 (ns, NS_XMI) != 0 || strcmp (name, "XMI") != 0)
        {
          set_line_error (&reader->error, GLS_ERROR_PARSE, reader->path, current_line (reader),
                          _("the root element is not xmi:XMI (%s)"), NS_XMI);
          xmlStopParser (ctxt);
        }
      return;
    }
  if (reader->depth != 2 || ns == NULL)
    return;

  if (strcmp (ns, NS_NER) == 0 && strcmp (name, "NamedEntity") == 0)
    {
      Entity entity = {
        .sofa = attribute (attributes, n_attributes, NULL, "sofa"),
        .begin = attribute (attributes, n_attributes, NULL, "begin"),
        .end = attribute (attributes, n_attributes, NULL, "end"),
        .value = attribute (attributes, n_attributes, NULL, "value"),
        .identifier = attribute (attributes, n_attributes, NULL, "identifier"),
        .line = current_line (reader),
      };

      g_array_append_val (reader->entities, entity);
    }
  else if (strcmp (ns, NS_CAS) == 0 && strcmp (name, "Sofa") == 0)
    {
      g_autofree char *view = attribute (attributes, n_attributes, NULL, "sofaID");
      gboolean initial = g_strcmp0 (view, "_InitialView") == 0;

      if (reader->sofa_is_initial || (reader->have_sofa && !initial))
        return;
      reader->have_sofa = TRUE;
      reader->sofa_is_initial = initial;
      reader->sofa_line = current_line (reader);
      g_free (reader->sofa_id);
      g_free (reader->text);
      reader->sofa_id = attribute (attributes, n_attributes, NS_XMI, "id");
      reader->text = attribute (attributes, n_attributes, NULL, "sofaString");
    }
  else if (!reader->have_metadata && strcmp (ns, NS_METADATA) == 0 &&
           strcmp (name, "DocumentMetaData") == 0)
    {
      reader->have_metadata = TRUE;
      reader->title = attribute (attributes, n_attributes, NULL, "documentTitle");
      if (reader->title == NULL || *reader->title == '\0')
        {
          g_free (reader->title);
          reader->title = attribute (attributes, n_attributes, NULL, "documentId");
        }
    }
}

static void
end_element (void          *ctx,
             const xmlChar *localname,
             const xmlChar *prefix,
             const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = ctx;
  XmiReader *reader = ctxt->_private;

  reader->depth--;
}

static int
read_input (void *context,
            char *buffer,
            int   length)
{
  XmiReader *reader = context;
  gsize n = MIN ((gsize)length, reader->length - reader->position);

  memcpy (buffer, reader->contents + reader->position, n);
  reader->position += n;
  return (int)n;
}

static int
close_input (void *context)
{
  return 0;
}

static gboolean
parse_input (XmiReader  *reader,
             GError    **error)
{
  xmlSAXHandler sax;
  xmlParserCtxtPtr ctxt;

  /* No tree, no entity lookups, no DTD: only what is listed here is called. */
  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = start_element;
  sax.endElementNs = end_element;
  sax.entityDecl = refuse_entity_decl;
  sax.unparsedEntityDecl = refuse_unparsed_entity_decl;
  sax.serror = collect_error;

  ctxt = xmlCreateIOParserCtxt (&sax, NULL, read_input, close_input, reader,
                                XML_CHAR_ENCODING_NONE);
  if (ctxt == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_FAILED, _("%s: cannot start the XML parser"),
                   reader->path);
      return FALSE;
    }
  xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);
  ctxt->_private = reader;
  reader->ctxt = ctxt;
  xmlParseDocument (ctxt);
  /* No tree is asked for, but an entity declaration makes libxml2 start one ("SAX
   * compatibility mode") before our refusal stops it. */
  if (ctxt->myDoc != NULL)
    {
      xmlFreeDoc (ctxt->myDoc);
      ctxt->myDoc = NULL;
    }

  if (reader->entity_declared)
    set_line_error (error, GLS_ERROR_PARSE, reader->path, reader->entity_line,
                    _("DOCTYPE with entity declarations is not accepted"));
  else if (reader->error != NULL)
    g_propagate_error (error, g_steal_pointer (&reader->error));
  else if (!ctxt->wellFormed)
    {
      const char *message = reader->parse_error_message ? reader->parse_error_message
                                                        : _("unknown error");
      int line = reader->have_parse_error ? reader->parse_error_line : current_line (reader);
      int c = reader->parse_error_code;
      GlsError code = GLS_ERROR_PARSE;

      if (c == XML_ERR_INVALID_ENCODING || c == XML_ERR_UNSUPPORTED_ENCODING ||
          (c == XML_ERR_INVALID_CHAR && strstr (message, "UTF-8") != NULL))
        code = GLS_ERROR_ENCODING;

      /* libxml2's limits without XML_PARSE_HUGE: 10 MB for one attribute, text node or the
       * input it looks at once, 256 levels of nesting. */
      if (strstr (message, "Huge input lookup") != NULL || strstr (message, "too long") != NULL ||
          strstr (message, "Excessive depth") != NULL)
        set_line_error (error, code, reader->path, line,
                        _("refused: %s (the XML parser's safety limits stay on: about 10 MB "
                          "for one element or attribute, 256 levels of nesting)"), message);
      else
        set_line_error (error, code, reader->path, line, _("not well-formed XML: %s"), message);
    }
  reader->ctxt = NULL;
  xmlFreeParserCtxt (ctxt);
  return error == NULL || *error == NULL;
}

/* A feature of type int: UIMA leaves out features that have their default, 0. */
static gboolean
parse_int (const char *text,
           glong      *value)
{
  const char *p = text;
  gint64 v = 0;
  gboolean negative = FALSE;

  *value = 0;
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      v = v * 10 + (*p - '0');
      if (v > G_MAXINT32)
        return FALSE;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;
  *value = negative ? -(glong)v : (glong)v;
  return TRUE;
}

static gboolean
add_cas (GlsImport   *import,
         XmiReader   *reader,
         const char  *annotator,
         GError     **error)
{
  const char *path = reader->path;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GlsOffsetMap) map = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *title = reader->title;
  g_autofree char *stem = NULL;
  gint64 document_id;
  glong n_utf16;

  if (!reader->have_sofa)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                   _("%s: no cas:Sofa for the _InitialView, so no text"), path);
      return FALSE;
    }
  if (reader->text == NULL)
    {
      set_line_error (error, GLS_ERROR_PARSE, path, reader->sofa_line,
                      _("the _InitialView has no sofaString (only text documents can be read)"));
      return FALSE;
    }
  map = gls_offset_map_new (reader->text, -1);
  if (map == NULL)
    {
      set_line_error (error, GLS_ERROR_ENCODING, path, reader->sofa_line,
                      _("the sofaString is not valid UTF-8"));
      return FALSE;
    }
  n_utf16 = gls_offset_map_get_n_utf16 (map);

  if (title == NULL || *title == '\0')
    title = stem = g_str_has_suffix (base, ".xmi") ? g_strndup (base, strlen (base) - 4)
                                                   : g_strdup (base);
  document_id = gls_import_find_document (import, reader->text, -1);
  if (document_id == 0)
    document_id = gls_import_add_document (import, title, reader->text, -1, base, &local_error);
  if (document_id == 0)
    {
      g_set_error (error, GLS_ERROR, local_error->code, "%s: %s", path, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < reader->entities->len; i++)
    {
      const Entity *entity = &g_array_index (reader->entities, Entity, i);
      glong begin, end, a, b;
      GlsFragment fragment;

      if (entity->sofa != NULL && reader->sofa_id != NULL &&
          strcmp (entity->sofa, reader->sofa_id) != 0)
        continue;   /* another view's */
      if (!parse_int (entity->begin, &begin) || !parse_int (entity->end, &end))
        {
          set_line_error (error, GLS_ERROR_PARSE, path, entity->line,
                          _("NamedEntity: “begin” and “end” must be whole numbers"));
          return FALSE;
        }
      if (begin < 0 || end < begin || end > n_utf16)
        {
          set_line_error (error, GLS_ERROR_OFFSET, path, entity->line,
                          _("NamedEntity %ld-%ld lies outside the text (%ld UTF-16 units)"),
                          begin, end, n_utf16);
          return FALSE;
        }
      if (!gls_offset_map_utf16_to_char (map, begin, &a, &local_error) ||
          !gls_offset_map_utf16_to_char (map, end, &b, &local_error))
        {
          set_line_error (error, GLS_ERROR_OFFSET, path, entity->line,
                          _("NamedEntity %ld-%ld: %s"), begin, end, local_error->message);
          return FALSE;
        }
      if (a == b)
        continue;   /* zero-width annotations cannot be kept */
      if (entity->value == NULL || *entity->value == '\0')
        {
          set_line_error (error, GLS_ERROR_UNKNOWN_LABEL, path, entity->line,
                          _("NamedEntity %ld-%ld has no value (label)"), begin, end);
          return FALSE;
        }
      fragment.start = a;
      fragment.end = b;
      if (!gls_import_add_span (import, document_id, &fragment, 1, entity->value, annotator,
                                NULL, entity->identifier, NULL, &local_error))
        {
          set_line_error (error, local_error->code, path, entity->line, "%s",
                          local_error->message);
          return FALSE;
        }
    }
  return TRUE;
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
read_file (GlsImport   *import,
           const char  *path,
           const char  *annotator,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *encoding = NULL;
  XmiReader reader = { 0 };
  gsize length;
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

  /* UTF-8 unless a byte order mark or the declaration says otherwise: check it here, so the
   * error names the line rather than whatever libxml2 makes of it. */
  encoding = declared_encoding (contents, length);
  if (!(length >= 2 && ((guchar)contents[0] == 0xfe || (guchar)contents[0] == 0xff)) &&
      (encoding == NULL || strcmp (encoding, "utf-8") == 0 || strcmp (encoding, "utf8") == 0))
    {
      const char *bad;

      if (!g_utf8_validate_len (contents, length, &bad))
        {
          set_line_error (error, GLS_ERROR_ENCODING, path, gls_format_line_of (contents, bad),
                          *bad == '\0' ? _("a NUL byte") : _("not valid UTF-8"));
          return FALSE;
        }
    }

  reader.path = path;
  reader.contents = contents;
  reader.length = length;
  reader.entities = g_array_new (FALSE, TRUE, sizeof (Entity));
  g_array_set_clear_func (reader.entities, entity_clear);

  ok = parse_input (&reader, error) && add_cas (import, &reader, annotator, error);

  g_clear_error (&reader.error);
  g_free (reader.parse_error_message);
  g_free (reader.sofa_id);
  g_free (reader.text);
  g_free (reader.title);
  g_array_unref (reader.entities);
  return ok;
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
      g_autoptr(GPtrArray) files = gls_format_list_folder (path, ".xmi", error);

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
      g_autoptr(GPtrArray) files = gls_format_list_folder (path, ".xmi", NULL);
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
  .prepare = xmi_prepare,
};
