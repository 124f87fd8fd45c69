/* gls-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-html"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "gls-error.h"
#include "gls-html.h"

/* How the page is read.
 *
 * The bytes are decoded to UTF-8 here rather than by libxml2: libxml2 2.9 reads
 * ISO-8859-1 literally (so the curly quotes of Windows-1252 pages come out as
 * C1 control characters) and, when a byte is not valid in the declared
 * character set, silently switches to ISO-8859-1 instead of failing. The
 * parser is then told the input is UTF-8 and to ignore the page's own
 * declaration (HTML_PARSE_IGNORE_ENC).
 *
 * HTML_PARSE_NOBLANKS is not used: it drops white space between inline
 * elements libxml2 does not know (<time>, <mark>), gluing words together.
 * HTML_PARSE_RECOVER keeps "</p>" inside a <script> from ending the script.
 */
#define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
                       HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD | \
                       HTML_PARSE_COMPACT | XML_PARSE_HUGE)

/* Only these two kinds of break exist in the text: a new line, a blank line. */
enum {
  BREAK_NONE = 0,
  BREAK_LINE = 1,
  BREAK_PARAGRAPH = 2,
};

static const char * const dropped_elements[] = {
  "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
  "object", "embed", "applet", "canvas", "video", "audio", "map", "form", "button", "input",
  "select", "option", "textarea", "nav", "footer", "aside", "figure", "figcaption", "dialog",
  NULL
};

/* Those of them that are blocks. */
static const char * const dropped_blocks[] = {
  "nav", "footer", "aside", "figure", "figcaption", "form", "dialog", "frameset", NULL
};

/* Never shown as text, but kept in the tree: the title is read from <head>. */
static const char * const unshown_elements[] = {
  "head", "title", "meta", "link", "base", NULL
};

/* Elements never dropped for their class or id: the frame of the page. */
static const char * const frame_elements[] = {
  "html", "body", "main", "article", NULL
};

static const char * const paragraph_elements[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
  "hr", "address", "center", "details", "fieldset", NULL
};

static const char * const line_elements[] = {
  "div", "section", "article", "main", "header", "hgroup", "li", "tr", "dt", "dd", "caption",
  "summary", "legend", "body", "html", "menu", NULL
};

static const char * const cell_elements[] = {
  "td", "th", NULL
};

/* A class or id containing one of these marks page furniture. */
static const char * const furniture_words[] = {
  "share", "social", "related", "newsletter", "advert", "cookie", "comment", "promo",
  "breadcrumb", "sponsor", "sidebar", "popup", "consent", "taboola", "outbrain", NULL
};

/* A class that is exactly one of these hides its element from sight. Not
 * "hidden" or "d-none": with "md:block" or "d-md-block" they only hide it on
 * small screens.
 */
static const char * const hidden_classes[] = {
  "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
  "offscreen", "element-invisible", NULL
};

static const char * const furniture_roles[] = {
  "navigation", "contentinfo", "complementary", "search", "dialog", "alertdialog", NULL
};

/* Label (lower case) → iconv name, after the WHATWG Encoding Standard. */
static const struct {
  const char *label;
  const char *charset;
} charset_aliases[] = {
  { "utf-8", "UTF-8" },
  { "utf8", "UTF-8" },
  { "unicode-1-1-utf-8", "UTF-8" },
  /* A page found by an ASCII scan cannot be UTF-16: browsers read it as UTF-8. */
  { "utf-16", "UTF-8" },
  { "utf-16le", "UTF-8" },
  { "utf-16be", "UTF-8" },
  { "us-ascii", "WINDOWS-1252" },
  { "ascii", "WINDOWS-1252" },
  { "iso-8859-1", "WINDOWS-1252" },
  { "iso8859-1", "WINDOWS-1252" },
  { "iso_8859-1", "WINDOWS-1252" },
  { "latin1", "WINDOWS-1252" },
  { "l1", "WINDOWS-1252" },
  { "cp819", "WINDOWS-1252" },
  { "ibm819", "WINDOWS-1252" },
  { "iso-ir-100", "WINDOWS-1252" },
  { "csisolatin1", "WINDOWS-1252" },
  { "windows-1252", "WINDOWS-1252" },
  { "cp1252", "WINDOWS-1252" },
  { "x-cp1252", "WINDOWS-1252" },
  { "iso-8859-9", "WINDOWS-1254" },
  { "latin5", "WINDOWS-1254" },
  { "gb2312", "GBK" },
  { "x-gbk", "GBK" },
  { "tis-620", "WINDOWS-874" },
  { "iso-8859-11", "WINDOWS-874" },
};

static const char *
display_name (const char *filename)
{
  return filename != NULL ? filename : "(input)";
}

static gboolean
is_element (const xmlNode *node,
            const char    *name)
{
  return node != NULL &&
         node->type == XML_ELEMENT_NODE &&
         g_strcmp0 ((const char *) node->name, name) == 0;
}

static gboolean
is_element_in (const xmlNode      *node,
               const char * const *names)
{
  return node->type == XML_ELEMENT_NODE &&
         g_strv_contains (names, (const char *) node->name);
}

static char *
get_attribute (const xmlNode *node,
               const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

/* The break a block element makes before and after itself. */
static guint
break_level (const xmlNode *node)
{
  if (is_element_in (node, paragraph_elements))
    return BREAK_PARAGRAPH;
  if (is_element_in (node, line_elements))
    return BREAK_LINE;

  return BREAK_NONE;
}

/* Case-insensitive ASCII prefix test within [p, end). */
static gboolean
has_prefix_ci (const char *p,
               const char *end,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

/* Case-insensitive ASCII search for @needle within [p, end). */
static const char *
find_ci (const char *p,
         const char *end,
         const char *needle)
{
  for (; p < end; p++)
    {
      if (has_prefix_ci (p, end, needle))
        return p;
    }

  return NULL;
}

static gboolean
is_ascii_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- Which character set ---------------------------------------------- */

/* The charset=… in a Content-Type value, or NULL. */
static char *
charset_from_content_type (const char *content)
{
  const char *end = content + strlen (content);
  const char *p = content;

  while ((p = find_ci (p, end, "charset")) != NULL)
    {
      const char *start;

      p += strlen ("charset");
      while (p < end && is_ascii_space (*p))
        p++;
      if (p >= end || *p != '=')
        continue;
      p++;
      while (p < end && is_ascii_space (*p))
        p++;
      if (p < end && (*p == '"' || *p == '\''))
        p++;

      start = p;
      while (p < end && !is_ascii_space (*p) && *p != ';' && *p != '"' && *p != '\'')
        p++;

      if (p > start)
        return g_strndup (start, p - start);
    }

  return NULL;
}

/* Reads the attributes of the tag at @p (just after its name) up to its '>'.
 * Returns the charset a <meta> declares, if any; *@p moves past the tag.
 */
static char *
meta_charset (const char **pp,
              const char  *end)
{
  g_autofree char *charset = NULL;
  g_autofree char *http_equiv = NULL;
  g_autofree char *content = NULL;
  const char *p = *pp;

  while (p < end)
    {
      const char *name;
      gsize name_len;
      const char *value = NULL;
      gsize value_len = 0;

      while (p < end && (is_ascii_space (*p) || *p == '/'))
        p++;
      if (p >= end || *p == '>')
        break;

      name = p;
      while (p < end && !is_ascii_space (*p) && *p != '=' && *p != '>' && *p != '/')
        p++;
      name_len = p - name;

      while (p < end && is_ascii_space (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && is_ascii_space (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char quote = *p++;

              value = p;
              while (p < end && *p != quote)
                p++;
              value_len = p - value;
              if (p < end)
                p++;
            }
          else
            {
              value = p;
              while (p < end && !is_ascii_space (*p) && *p != '>')
                p++;
              value_len = p - value;
            }
        }

      if (value == NULL)
        continue;

      /* The first of each attribute counts, as in HTML. */
      if (name_len == 7 && g_ascii_strncasecmp (name, "charset", 7) == 0 && charset == NULL)
        charset = g_strndup (value, value_len);
      else if (name_len == 10 && g_ascii_strncasecmp (name, "http-equiv", 10) == 0 &&
               http_equiv == NULL)
        http_equiv = g_strndup (value, value_len);
      else if (name_len == 7 && g_ascii_strncasecmp (name, "content", 7) == 0 && content == NULL)
        content = g_strndup (value, value_len);
    }

  *pp = p;

  if (charset != NULL)
    return g_strstrip (g_steal_pointer (&charset));

  if (http_equiv != NULL && content != NULL &&
      g_ascii_strcasecmp (g_strstrip (http_equiv), "content-type") == 0)
    return charset_from_content_type (content);

  return NULL;
}

/* The character set declared by a <meta> before <body>, or NULL. */
static char *
find_declared_charset (const char *data,
                       gsize       length)
{
  const char *end = data + length;
  const char *p = data;

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      if (has_prefix_ci (p, end, "<!--"))
        {
          p = find_ci (p + 4, end, "-->");
          if (p == NULL)
            return NULL;
          p += 3;
        }
      else if (has_prefix_ci (p, end, "<meta") && p + 5 < end &&
               (is_ascii_space (p[5]) || p[5] == '/'))
        {
          char *charset;

          p += 5;
          charset = meta_charset (&p, end);
          if (charset != NULL && *charset != '\0')
            return charset;
          g_free (charset);
        }
      else if (has_prefix_ci (p, end, "<script") || has_prefix_ci (p, end, "<style"))
        {
          const char *close = has_prefix_ci (p, end, "<script") ? "</script" : "</style";

          p = find_ci (p + 6, end, close);
          if (p == NULL)
            return NULL;
          p += strlen (close);
        }
      else if (has_prefix_ci (p, end, "<body"))
        {
          return NULL;
        }
      else
        {
          p++;
        }
    }

  return NULL;
}

static gboolean
is_ascii (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) data[i] >= 0x80)
        return FALSE;
    }

  return TRUE;
}

static const char *
charset_for_label (const char *label)
{
  g_autofree char *lower = g_ascii_strdown (label, -1);

  for (guint i = 0; i < G_N_ELEMENTS (charset_aliases); i++)
    {
      if (strcmp (lower, charset_aliases[i].label) == 0)
        return charset_aliases[i].charset;
    }

  return NULL;
}

/* "line 4, byte offset 125" for the byte at @offset of the file (counting
 * lines only where a newline is one byte 0x0A).
 */
static char *
describe_position (const char *data,
                   gsize       offset,
                   gboolean    count_lines)
{
  guint line = 1;

  if (!count_lines)
    return g_strdup_printf (_("byte offset %zu"), offset);

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
    }

  return g_strdup_printf (_("line %u, byte offset %zu"), line, offset);
}

/* The file @data as UTF-8 from byte @start (after a byte order mark). */
static char *
validate_utf8 (const char  *data,
               gsize        length,
               gsize        start,
               const char  *filename,
               gboolean     declared,
               gsize       *out_length,
               GError     **error)
{
  const char *bad;

  if (!g_utf8_validate_len (data + start, length - start, &bad))
    {
      g_autofree char *where = describe_position (data, bad - data, TRUE);

      if (declared)
        g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                     _("%s: not valid UTF-8 as the page declares (%s)"),
                     display_name (filename), where);
      else
        g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                     _("%s: not valid UTF-8 (%s) and no other character set is declared"),
                     display_name (filename), where);
      return NULL;
    }

  *out_length = length - start;

  return g_strndup (data + start, length - start);
}

/* The file @data converted from @charset to UTF-8 from byte @start. */
static char *
convert_to_utf8 (const char  *data,
                 gsize        length,
                 gsize        start,
                 const char  *charset,
                 const char  *filename,
                 gsize       *out_length,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize bytes_read = 0;
  gsize bytes_written = 0;
  g_autofree char *text = NULL;

  /* With bytes_read given, g_convert() stops silently before a character cut
   * short at the end: that is an error here.
   */
  text = g_convert (data + start, length - start, "UTF-8", charset,
                    &bytes_read, &bytes_written, &local_error);
  if (text == NULL || bytes_read != length - start)
    {
      if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                       _("%s: the character set “%s” is not supported"),
                       display_name (filename), charset);
        }
      else
        {
          gboolean ascii_compatible = g_ascii_strncasecmp (charset, "UTF-16", 6) != 0;
          g_autofree char *where = describe_position (data, start + bytes_read,
                                                      ascii_compatible);

          g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                       _("%s: not valid %s (%s)"), display_name (filename), charset, where);
        }
      return NULL;
    }

  if (memchr (text, '\0', bytes_written) != NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_ENCODING,
                   _("%s: the page contains a NUL character"), display_name (filename));
      return NULL;
    }

  *out_length = bytes_written;

  return g_steal_pointer (&text);
}

/* The page as UTF-8 (NUL-terminated; *@out_length excludes the NUL). */
static char *
decode_page (const char  *data,
             gsize        length,
             const char  *filename,
             gsize       *out_length,
             GError     **error)
{
  g_autofree char *label = NULL;
  const char *charset;
  gboolean ascii;

  /* A byte order mark wins over any declaration. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return validate_utf8 (data, length, 3, filename, TRUE, out_length, error);
  if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    return convert_to_utf8 (data, length, 2, "UTF-16LE", filename, out_length, error);
  if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    return convert_to_utf8 (data, length, 2, "UTF-16BE", filename, out_length, error);

  label = find_declared_charset (data, length);
  if (label == NULL)
    return validate_utf8 (data, length, 0, filename, FALSE, out_length, error);

  charset = charset_for_label (label);
  if (charset != NULL && strcmp (charset, "UTF-8") == 0)
    return validate_utf8 (data, length, 0, filename, TRUE, out_length, error);

  /* Pure ASCII reads the same in all the character sets named above. */
  ascii = is_ascii (data, length);
  if (charset != NULL && ascii)
    return validate_utf8 (data, length, 0, filename, TRUE, out_length, error);

  /* A template declaring a legacy character set around text that is in fact
   * UTF-8 is a common mistake; text in a legacy character set that happens
   * to be valid UTF-8, beyond ASCII, is all but unheard of.
   */
  if (!ascii && g_utf8_validate_len (data, length, NULL))
    return validate_utf8 (data, length, 0, filename, TRUE, out_length, error);

  /* Not one we know by name: iconv may still know it (ISO-2022-JP, say). */
  if (charset == NULL)
    {
      g_autoptr(GError) local_error = NULL;
      char *text;

      text = convert_to_utf8 (data, length, 0, label, filename, out_length, &local_error);
      if (text == NULL && ascii)
        return validate_utf8 (data, length, 0, filename, FALSE, out_length, error);
      if (text == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return text;
    }

  return convert_to_utf8 (data, length, 0, charset, filename, out_length, error);
}

/* Blanks out a leading <!DOCTYPE …>: libxml2's HTML parser does not understand an
 * internal subset ("[<!ENTITY …>]") and would show its tail as text.
 */
static void
blank_doctype (char  *text,
               gsize  length)
{
  char *end = text + length;
  char *p = text;

  for (;;)
    {
      while (p < end && is_ascii_space (*p))
        p++;

      if (has_prefix_ci (p, end, "<!--"))
        {
          p = (char *) find_ci (p + 4, end, "-->");
          if (p == NULL)
            return;
          p += 3;
        }
      else if (has_prefix_ci (p, end, "<?"))
        {
          p = memchr (p, '>', end - p);
          if (p == NULL)
            return;
          p++;
        }
      else
        {
          break;
        }
    }

  if (has_prefix_ci (p, end, "<!doctype"))
    {
      char *q = p + strlen ("<!doctype");
      char quote = 0;
      int depth = 0;

      for (; q < end; q++)
        {
          if (quote != 0)
            {
              if (*q == quote)
                quote = 0;
            }
          else if (*q == '"' || *q == '\'')
            quote = *q;
          else if (*q == '[')
            depth++;
          else if (*q == ']' && depth > 0)
            depth--;
          else if (*q == '>' && depth == 0)
            break;
        }

      if (q < end)
        memset (p, ' ', q + 1 - p);
    }
}

/* ---- Walking the tree --------------------------------------------------- */

typedef gboolean (*WalkEnter) (xmlNode *node,
                               gpointer user_data);
typedef void     (*WalkLeave) (xmlNode *node,
                               gpointer user_data);

/* Visits the descendants of @root in document order, without recursion (pages
 * can nest deeper than the stack allows). @enter returns whether to visit the
 * children of an element; @leave is called after them.
 */
static void
walk (xmlNode   *root,
      WalkEnter  enter,
      WalkLeave  leave,
      gpointer   user_data)
{
  xmlNode *node = root->children;

  while (node != NULL)
    {
      if (enter (node, user_data) && node->type == XML_ELEMENT_NODE)
        {
          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
          if (leave != NULL)
            leave (node, user_data);
        }

      while (node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root)
            return;
          if (leave != NULL)
            leave (node, user_data);
        }

      node = node->next;
    }
}

typedef struct
{
  const char *name;
  GPtrArray *found;
} FindElements;

static gboolean
find_elements_enter (xmlNode  *node,
                     gpointer  user_data)
{
  FindElements *find = user_data;

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  if (find->name == NULL || strcmp ((const char *) node->name, find->name) == 0)
    g_ptr_array_add (find->found, node);

  return TRUE;
}

/* All elements named @name (or all elements) below @root, in document order. */
static GPtrArray *
find_elements (xmlNode    *root,
               const char *name)
{
  FindElements find = { name, g_ptr_array_new () };

  walk (root, find_elements_enter, NULL, &find);

  return find.found;
}

static xmlNode *
find_first_element (xmlNode    *root,
                    const char *name)
{
  g_autoptr(GPtrArray) found = find_elements (root, name);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* ---- Repairs ------------------------------------------------------------ */

static const char * const head_elements[] = {
  "title", "meta", "link", "base", "script", "style", "noscript", "template", "basefont",
  "bgsound", NULL
};

static gboolean
is_blank_text (const xmlNode *node)
{
  if (node->type != XML_TEXT_NODE)
    return FALSE;

  for (const char *p = (const char *) node->content; p != NULL && *p != '\0'; p++)
    {
      if (!is_ascii_space (*p))
        return FALSE;
    }

  return TRUE;
}

/* libxml2 2.9 knows HTML 4 only: on a page that leaves out <body> (as HTML5
 * allows), it keeps <article>, <main>, <header> and the like inside <head>.
 * Moves everything from the first node that cannot be in <head> to the start
 * of <body>, as an HTML5 parser would have placed it.
 */
static void
move_body_out_of_head (xmlDoc  *doc,
                       xmlNode *html)
{
  xmlNode *head = NULL;
  xmlNode *body = NULL;
  xmlNode *first = NULL;
  xmlNode *anchor;

  for (xmlNode *child = html->children; child != NULL; child = child->next)
    {
      if (head == NULL && is_element (child, "head"))
        head = child;
      else if (body == NULL && is_element (child, "body"))
        body = child;
    }

  if (head == NULL)
    return;

  for (xmlNode *child = head->children; child != NULL; child = child->next)
    {
      if (child->type == XML_COMMENT_NODE || is_blank_text (child) ||
          is_element_in (child, head_elements))
        continue;

      first = child;
      break;
    }

  if (first == NULL)
    return;

  if (body == NULL)
    {
      body = xmlNewDocNode (doc, NULL, (const xmlChar *) "body", NULL);
      xmlAddNextSibling (head, body);
    }

  anchor = body->children;
  while (first != NULL)
    {
      xmlNode *next = first->next;

      xmlUnlinkNode (first);
      if (anchor != NULL)
        xmlAddPrevSibling (anchor, first);
      else
        xmlAddChild (body, first);
      first = next;
    }
}

/* ---- What is not the article ------------------------------------------- */

static gboolean
has_attribute_value (const xmlNode *node,
                     const char    *name,
                     const char    *value)
{
  g_autofree char *actual = get_attribute (node, name);

  return actual != NULL && g_ascii_strcasecmp (g_strstrip (actual), value) == 0;
}

static gboolean
is_main_element (const xmlNode *node)
{
  return is_element (node, "main") || has_attribute_value (node, "role", "main");
}

/* Whether an ancestor of @node is an <article>, a <main> or [role=main]. */
static gboolean
is_inside_article (const xmlNode *node)
{
  for (node = node->parent; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    {
      if (is_element (node, "article") || is_main_element (node))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_furniture_token (const char *token)
{
  g_auto(GStrv) segments = NULL;

  if (g_strv_contains (hidden_classes, token))
    return TRUE;

  for (guint i = 0; furniture_words[i] != NULL; i++)
    {
      if (strstr (token, furniture_words[i]) != NULL &&
          !(strcmp (furniture_words[i], "comment") == 0 && strstr (token, "commentary") != NULL))
        return TRUE;
    }

  /* "ad" as a word of its own: ad-slot, top-ad, ad_unit, ads; not lead-in or head-line. */
  segments = g_strsplit_set (token, "-_", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (strcmp (segments[i], "ad") == 0 || strcmp (segments[i], "ads") == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_furniture_attribute (const xmlNode *node,
                        const char    *name)
{
  g_autofree char *value = get_attribute (node, name);
  g_autofree char *lower = NULL;
  g_auto(GStrv) tokens = NULL;

  if (value == NULL)
    return FALSE;

  lower = g_ascii_strdown (value, -1);
  tokens = g_strsplit_set (lower, " \t\n\r\f", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (tokens[i][0] != '\0' && is_furniture_token (tokens[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_hidden (const xmlNode *node)
{
  g_autofree char *style = NULL;
  g_autoptr(GString) compact = NULL;

  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL)
    return TRUE;

  if (has_attribute_value (node, "aria-hidden", "true"))
    return TRUE;

  style = get_attribute (node, "style");
  if (style == NULL)
    return FALSE;

  compact = g_string_new (NULL);
  for (const char *p = style; *p != '\0'; p++)
    {
      if (!is_ascii_space (*p))
        g_string_append_c (compact, g_ascii_tolower (*p));
    }

  return strstr (compact->str, "display:none") != NULL ||
         strstr (compact->str, "visibility:hidden") != NULL;
}

/* Whether an <article> or a <main> is below @node. */
static gboolean
contains_article (const xmlNode *node)
{
  const xmlNode *root = node;

  node = node->children;
  while (node != NULL)
    {
      if (is_element (node, "article") || is_element (node, "main"))
        return TRUE;

      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }

      while (node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root)
            return FALSE;
        }
      node = node->next;
    }

  return FALSE;
}

/* Strict pruning drops furniture known by its element, class, id or role and
 * hidden elements. On a page where that leaves nothing, two more tries: keep
 * hidden elements (a page saved while a cookie dialog had aria-hidden set on
 * everything else), then drop elements by their name only.
 */
typedef enum
{
  PRUNE_STRICT,
  PRUNE_KEEP_HIDDEN,
  PRUNE_BY_NAME,
} PruneMode;

static gboolean
is_dropped (const xmlNode *node,
            PruneMode      mode)
{
  g_autofree char *role = NULL;

  if (is_element_in (node, dropped_elements))
    return TRUE;

  if (is_element (node, "header") && !is_inside_article (node))
    return TRUE;

  if (mode == PRUNE_BY_NAME)
    return FALSE;

  if (has_attribute_value (node, "role", "banner") && !is_inside_article (node))
    return TRUE;

  if (mode == PRUNE_STRICT && is_hidden (node))
    return TRUE;

  role = get_attribute (node, "role");
  if (role != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (g_strstrip (role), -1);

      if (g_strv_contains (furniture_roles, lower))
        return TRUE;
    }

  if (is_element_in (node, frame_elements))
    return FALSE;

  if (!is_furniture_attribute (node, "class") && !is_furniture_attribute (node, "id"))
    return FALSE;

  /* A wrapper such as <div class="layout-with-sidebar"> holding the article. */
  return !contains_article (node);
}

typedef struct
{
  PruneMode mode;
  GPtrArray *dropped;
} Prune;

static gboolean
prune_enter (xmlNode  *node,
             gpointer  user_data)
{
  Prune *prune = user_data;

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  if (is_dropped (node, prune->mode))
    {
      g_ptr_array_add (prune->dropped, node);
      return FALSE;
    }

  return TRUE;
}

/* Removes from the tree everything that is not article text. A block leaves an
 * empty block behind, so that the words on either side stay apart.
 */
static void
prune (xmlNode   *root,
       PruneMode  mode)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new ();
  Prune prune = { mode, dropped };

  walk (root, prune_enter, NULL, &prune);

  for (guint i = 0; i < dropped->len; i++)
    {
      xmlNode *node = g_ptr_array_index (dropped, i);
      guint level = break_level (node);

      if (level == BREAK_NONE && is_element_in (node, dropped_blocks))
        level = BREAK_LINE;

      if (level != BREAK_NONE)
        {
          const char *name = level == BREAK_PARAGRAPH ? "p" : "div";

          xmlReplaceNode (node, xmlNewDocNode (node->doc, NULL, (const xmlChar *) name, NULL));
        }
      else
        {
          xmlUnlinkNode (node);
        }

      xmlFreeNode (node);
    }
}

/* ---- Text --------------------------------------------------------------- */

typedef struct
{
  GString *out;
  guint pending_break;
  gboolean pending_space;
  guint pre_depth;
  const xmlNode *skip;
} TextBuilder;

static gboolean
is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Characters that show nothing and only get in the way of annotators. Joiners
 * (U+200C, U+200D) and direction marks are kept: they carry meaning.
 */
static gboolean
is_invisible_char (gunichar c)
{
  return c == 0x00AD || c == 0x200B || c == 0x2060 || c == 0xFEFF || g_unichar_iscntrl (c);
}

static void
builder_break (TextBuilder *b,
               guint        level)
{
  b->pending_break = MAX (b->pending_break, level);
  b->pending_space = FALSE;
}

/* <br> and a newline in <pre>: two in a row make a blank line. */
static void
builder_line_break (TextBuilder *b)
{
  b->pending_break = MIN (b->pending_break + 1, BREAK_PARAGRAPH);
  b->pending_space = FALSE;
}

static void
builder_append (TextBuilder *b,
                const char  *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && b->pre_depth > 0)
        {
          builder_line_break (b);
          continue;
        }

      if (is_space_char (c))
        {
          if (b->pending_break == BREAK_NONE && b->out->len > 0)
            b->pending_space = TRUE;
          continue;
        }

      if (is_invisible_char (c))
        continue;

      if (b->out->len > 0)
        {
          if (b->pending_break == BREAK_PARAGRAPH)
            g_string_append (b->out, "\n\n");
          else if (b->pending_break == BREAK_LINE)
            g_string_append_c (b->out, '\n');
          else if (b->pending_space)
            g_string_append_c (b->out, ' ');
        }

      b->pending_break = BREAK_NONE;
      b->pending_space = FALSE;
      g_string_append_len (b->out, p, g_utf8_next_char (p) - p);
    }
}

static gboolean
builder_enter (xmlNode  *node,
               gpointer  user_data)
{
  TextBuilder *b = user_data;
  guint level;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        builder_append (b, (const char *) node->content);
      return FALSE;
    }

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  if (node == b->skip)
    {
      builder_break (b, break_level (node));
      return FALSE;
    }

  if (is_element_in (node, unshown_elements) || is_element_in (node, dropped_elements))
    return FALSE;

  if (is_element (node, "br"))
    {
      builder_line_break (b);
      return FALSE;
    }

  if (is_element_in (node, cell_elements) && b->pending_break == BREAK_NONE && b->out->len > 0)
    b->pending_space = TRUE;

  if (is_element (node, "pre"))
    b->pre_depth++;

  level = break_level (node);
  if (level != BREAK_NONE)
    builder_break (b, level);

  return TRUE;
}

static void
builder_leave (xmlNode  *node,
               gpointer  user_data)
{
  TextBuilder *b = user_data;
  guint level = break_level (node);

  if (is_element (node, "pre"))
    b->pre_depth--;

  if (level != BREAK_NONE)
    builder_break (b, level);
  else if (is_element_in (node, cell_elements) && b->pending_break == BREAK_NONE)
    b->pending_space = b->out->len > 0;
}

/* The text inside @root, laid out in lines and paragraphs, without a final
 * newline; @skip (if any) is left out.
 */
static char *
node_text (xmlNode       *root,
           const xmlNode *skip)
{
  TextBuilder b = { g_string_new (NULL), BREAK_NONE, FALSE, 0, skip };

  walk (root, builder_enter, builder_leave, &b);

  return g_string_free (b.out, FALSE);
}

/* @text on one line: white space runs made one space, trimmed. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space_char (c))
        {
          space = out->len > 0;
          continue;
        }
      if (is_invisible_char (c))
        continue;

      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

static char *
node_line (xmlNode *node)
{
  g_autofree char *text = node_text (node, NULL);

  return normalize_space (text);
}

/* ---- Where the article is ----------------------------------------------- */

/* Blocks of text: the search for the article's container never descends into one. */
static const char * const text_blocks[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "li", "dt",
  "dd", "address", NULL
};

/* How much text (non-space bytes) an element holds: all of it, and inside <p>. */
typedef struct
{
  gsize p_text;
  gsize all_text;
} TextAmount;

typedef struct
{
  guint p_depth;
  GArray *amounts;
} TextCount;

/* Each element's _private is 1 + the index of its TextAmount, or 0 for none. */
static TextAmount *
text_amount (const xmlNode *node,
             GArray        *amounts)
{
  gsize index = GPOINTER_TO_SIZE (node->_private);

  if (index == 0 || index > amounts->len)
    return NULL;

  return &g_array_index (amounts, TextAmount, index - 1);
}

static gsize
p_text_of (const xmlNode *node,
           GArray        *amounts)
{
  TextAmount *amount = text_amount (node, amounts);

  return amount != NULL ? amount->p_text : 0;
}

static gsize
all_text_of (const xmlNode *node,
             GArray        *amounts)
{
  TextAmount *amount = text_amount (node, amounts);

  return amount != NULL ? amount->all_text : 0;
}

static gboolean
count_enter (xmlNode  *node,
             gpointer  user_data)
{
  TextCount *count = user_data;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      TextAmount *amount;
      gsize n = 0;

      if (node->content == NULL || node->parent == NULL)
        return FALSE;

      for (const char *p = (const char *) node->content; *p != '\0'; p++)
        {
          if (!is_ascii_space (*p))
            n++;
        }

      amount = text_amount (node->parent, count->amounts);
      if (amount != NULL)
        {
          amount->all_text += n;
          if (count->p_depth > 0)
            amount->p_text += n;
        }
      return FALSE;
    }

  if (node->type != XML_ELEMENT_NODE || is_element_in (node, unshown_elements))
    return FALSE;

  g_array_append_val (count->amounts, ((TextAmount) { 0, 0 }));
  node->_private = GSIZE_TO_POINTER (count->amounts->len);
  if (is_element (node, "p"))
    count->p_depth++;

  return TRUE;
}

static void
count_leave (xmlNode  *node,
             gpointer  user_data)
{
  TextCount *count = user_data;
  TextAmount *amount = text_amount (node, count->amounts);
  TextAmount *parent = node->parent != NULL ? text_amount (node->parent, count->amounts) : NULL;

  if (is_element (node, "p"))
    count->p_depth--;

  /* Read both before writing: the array does not grow here. */
  if (amount != NULL && parent != NULL)
    {
      parent->p_text += amount->p_text;
      parent->all_text += amount->all_text;
    }
}

/* The element holding the article: the <article> with the most paragraph
 * text, else <main>, else [role=main], else the innermost container holding
 * most of the text of the page, else <body>.
 */
static xmlNode *
find_article_root (xmlNode *body)
{
  g_autoptr(GPtrArray) articles = find_elements (body, "article");
  g_autoptr(GPtrArray) elements = find_elements (body, NULL);
  g_autoptr(GArray) amounts = g_array_new (FALSE, FALSE, sizeof (TextAmount));
  TextCount count = { 0, amounts };
  xmlNode *best = NULL;
  xmlNode *node;
  gsize total;

  g_array_append_val (amounts, ((TextAmount) { 0, 0 }));
  body->_private = GSIZE_TO_POINTER (1);
  walk (body, count_enter, count_leave, &count);

  for (guint i = 0; i < articles->len; i++)
    {
      xmlNode *article = g_ptr_array_index (articles, i);

      if (best == NULL || p_text_of (article, amounts) > p_text_of (best, amounts))
        best = article;
    }
  if (best != NULL && p_text_of (best, amounts) > 0)
    return best;

  for (guint i = 0; i < articles->len; i++)
    {
      node = g_ptr_array_index (articles, i);
      if (all_text_of (node, amounts) > 0)
        return node;
    }

  for (guint i = 0; i < elements->len; i++)
    {
      node = g_ptr_array_index (elements, i);
      if (is_element (node, "main") && all_text_of (node, amounts) > 0)
        return node;
    }

  for (guint i = 0; i < elements->len; i++)
    {
      node = g_ptr_array_index (elements, i);
      if (has_attribute_value (node, "role", "main") && all_text_of (node, amounts) > 0)
        return node;
    }

  /* Down from <body> into the container (not itself a block of text) that
   * holds 80% of its parent's paragraph text, half of all its parent's text,
   * and half of the paragraph text of the page.
   */
  total = p_text_of (body, amounts);
  node = body;
  while (total > 0)
    {
      gsize parent_p_text = p_text_of (node, amounts);
      gsize parent_text = all_text_of (node, amounts);
      xmlNode *next = NULL;

      for (xmlNode *child = node->children; child != NULL; child = child->next)
        {
          gsize p_text;

          if (child->type != XML_ELEMENT_NODE || is_element_in (child, text_blocks))
            continue;

          p_text = p_text_of (child, amounts);
          if (p_text * 5 >= parent_p_text * 4 && p_text * 2 >= total &&
              all_text_of (child, amounts) * 2 >= parent_text)
            {
              next = child;
              break;
            }
        }

      if (next == NULL)
        break;
      node = next;
    }

  return node;
}

/* ---- The headline ------------------------------------------------------- */

static char *
meta_content (xmlNode    *root,
              const char *key)
{
  g_autoptr(GPtrArray) metas = find_elements (root, "meta");

  for (guint i = 0; i < metas->len; i++)
    {
      xmlNode *meta = g_ptr_array_index (metas, i);

      if (has_attribute_value (meta, "property", key) || has_attribute_value (meta, "name", key))
        {
          g_autofree char *content = get_attribute (meta, "content");
          g_autofree char *normal = content != NULL ? normalize_space (content) : NULL;

          if (normal != NULL && *normal != '\0')
            return g_steal_pointer (&normal);
        }
    }

  return NULL;
}

static gboolean
utf8_equal_ci (const char *a,
               gssize      a_len,
               const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, a_len);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

static const char * const title_separators[] = {
  " | ", " - ", " – ", " — ", " · ", " :: ", " » ", NULL
};

/* Whether @title is @headline followed by a separator and more. */
static gboolean
title_starts_with (const char *title,
                   const char *headline)
{
  gsize len = strlen (headline);

  if (len == 0 || strncmp (title, headline, len) != 0)
    return FALSE;

  for (guint i = 0; title_separators[i] != NULL; i++)
    {
      if (g_str_has_prefix (title + len, title_separators[i]) &&
          title[len + strlen (title_separators[i])] != '\0')
        return TRUE;
    }

  return FALSE;
}

/* @title without the site's name before or after it. */
static char *
strip_site_name (const char *title,
                 const char *site_name,
                 gboolean    after_last_bar)
{
  const char * const *separators = title_separators;
  gsize title_len = strlen (title);

  if (site_name != NULL && *site_name != '\0')
    {
      gsize site_len = strlen (site_name);

      for (guint i = 0; separators[i] != NULL; i++)
        {
          gsize sep_len = strlen (separators[i]);

          if (title_len <= site_len + sep_len)
            continue;

          if (strncmp (title + title_len - site_len - sep_len, separators[i], sep_len) == 0 &&
              utf8_equal_ci (title + title_len - site_len, site_len, site_name))
            return g_strndup (title, title_len - site_len - sep_len);

          if (strncmp (title + site_len, separators[i], sep_len) == 0 &&
              utf8_equal_ci (title, site_len, site_name))
            return g_strdup (title + site_len + sep_len);
        }
    }

  if (after_last_bar)
    {
      const char *bar = g_strrstr (title, " | ");

      if (bar != NULL && bar != title)
        return g_strndup (title, bar - title);
    }

  return g_strdup (title);
}

static char *
find_title (xmlNode *html,
            xmlNode *root)
{
  g_autofree char *site_name = meta_content (html, "og:site_name");
  g_autofree char *og_title = meta_content (html, "og:title");
  g_autoptr(GPtrArray) h1s = NULL;
  xmlNode *title;

  if (og_title != NULL)
    return strip_site_name (og_title, site_name, FALSE);

  /* The first <h1> of the article, else of any <article> or <main>. */
  h1s = find_elements (root, "h1");
  if (!is_element (root, "article") && !is_main_element (root))
    {
      g_ptr_array_unref (h1s);
      h1s = find_elements (html, "h1");
    }
  for (guint i = 0; i < h1s->len; i++)
    {
      xmlNode *h1 = g_ptr_array_index (h1s, i);

      if (is_inside_article (h1))
        {
          g_autofree char *text = node_line (h1);

          if (*text != '\0')
            return g_steal_pointer (&text);
        }
    }

  title = find_first_element (html, "title");
  if (title != NULL)
    {
      g_autofree char *text = NULL;
      xmlChar *content = xmlNodeGetContent (title);

      text = normalize_space ((const char *) content);
      xmlFree (content);
      if (*text != '\0')
        {
          xmlNode *h1 = find_first_element (root, "h1");
          g_autofree char *h1_text = NULL;

          /* "Headline - Site" where the page's own <h1> is the headline. */
          if (h1 == NULL)
            h1 = find_first_element (html, "h1");
          if (h1 != NULL)
            h1_text = node_line (h1);
          if (h1_text != NULL && title_starts_with (text, h1_text))
            return g_steal_pointer (&h1_text);

          return strip_site_name (text, site_name, TRUE);
        }
    }

  return NULL;
}

/* ---- Putting it together ------------------------------------------------ */

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
}

/* The article text of @root, without the headline if that is @title. */
static char *
article_text (xmlNode    *root,
              const char *title)
{
  xmlNode *h1 = find_first_element (root, "h1");

  if (h1 != NULL && title != NULL)
    {
      g_autofree char *h1_text = node_line (h1);

      if (strcmp (h1_text, title) != 0)
        h1 = NULL;
    }

  return node_text (root, h1);
}

/* Whether the page has article text; if so, sets the outputs. */
static gboolean
extract_from_doc (xmlDoc      *doc,
                  PruneMode    mode,
                  const char  *filename,
                  char       **title_out,
                  char       **text_out)
{
  xmlNode *html = xmlDocGetRootElement (doc);
  xmlNode *body;
  xmlNode *root;
  g_autofree char *title = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *body_first_line = NULL;
  g_autofree char *text = NULL;

  if (html == NULL)
    return FALSE;

  move_body_out_of_head (doc, html);
  prune (html, mode);

  body = find_first_element (html, "body");
  if (body == NULL)
    body = html;

  root = find_article_root (body);
  title = find_title (html, root);

  body_text = article_text (root, title);
  if (*body_text == '\0' && root != body)
    {
      g_free (body_text);
      body_text = article_text (body, title);
    }
  if (*body_text == '\0')
    return FALSE;

  body_first_line = first_line (body_text);

  if (title == NULL)
    title = g_strdup (body_first_line);

  if (strcmp (body_first_line, title) == 0)
    text = g_strconcat (body_text, "\n", NULL);
  else
    text = g_strconcat (title, "\n\n", body_text, "\n", NULL);

  /* libxml2 writes UTF-8 from UTF-8; should it ever not, do not pass it on. */
  if (G_UNLIKELY (!g_utf8_validate (text, -1, NULL)))
    {
      g_autofree char *invalid = g_steal_pointer (&text);

      g_warning ("%s: the HTML parser produced invalid UTF-8", display_name (filename));
      text = g_utf8_make_valid (invalid, -1);
    }

  if (title_out != NULL)
    *title_out = g_steal_pointer (&title);
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);

  return TRUE;
}

gboolean
gls_html_extract (const char  *data,
                  gsize        length,
                  const char  *filename,
                  char       **title_out,
                  char       **text_out,
                  GError     **error)
{
  g_autofree char *page = NULL;
  gsize page_length = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (title_out != NULL)
    *title_out = NULL;
  if (text_out != NULL)
    *text_out = NULL;

  if (length == 0)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                   _("%s: no article text found"), display_name (filename));
      return FALSE;
    }

  page = decode_page (data, length, filename, &page_length, error);
  if (page == NULL)
    return FALSE;

  if (page_length > G_MAXINT)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
                   _("%s: the page is too large"), display_name (filename));
      return FALSE;
    }

  blank_doctype (page, page_length);

  /* Pruning changes the tree: each try parses the page afresh. */
  for (PruneMode mode = PRUNE_STRICT; mode <= PRUNE_BY_NAME; mode++)
    {
      xmlDoc *doc;
      gboolean found;

      doc = htmlReadMemory (page, (int) page_length, NULL, "UTF-8", PARSE_OPTIONS);
      if (doc == NULL)
        break;

      found = extract_from_doc (doc, mode, filename, title_out, text_out);
      xmlFreeDoc (doc);

      if (found)
        return TRUE;
    }

  g_set_error (error, GLS_ERROR, GLS_ERROR_PARSE,
               _("%s: no article text found"), display_name (filename));
  return FALSE;
}
