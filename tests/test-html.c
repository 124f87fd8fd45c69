/* test-html.c — the article in a news page saved as HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-html"
#endif

#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "gls-error.h"
#include "gls-html.h"

/* Every URL libxml2 is asked to load goes through here: none should. */
static guint n_entity_loads;

static xmlParserInputPtr
spy_entity_loader (const char       *url,
                   const char       *id,
                   xmlParserCtxtPtr  ctxt)
{
  n_entity_loads++;
  g_test_message ("libxml2 tried to load %s", url != NULL ? url : id);

  return NULL;
}

/* What every extracted text must look like, whatever the page. */
static void
assert_text_shape (const char *text)
{
  gsize len = strlen (text);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (len, >, 0);
  g_assert_cmpint (text[len - 1], ==, '\n');
  if (len > 1)
    g_assert_cmpint (text[len - 2], !=, '\n');
  g_assert_false (g_ascii_isspace (text[0]));
  g_assert_null (strstr (text, "\n\n\n"));
  g_assert_null (strstr (text, " \n"));
  g_assert_null (strstr (text, "\n "));
  g_assert_null (strstr (text, "  "));
  g_assert_null (strchr (text, '\t'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strstr (text, "\xc2\xa0"));  /* no-break space */
  g_assert_null (strstr (text, "\xc2\xad"));  /* soft hyphen */
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "html", name, NULL);
}

static void
extract_file (const char  *name,
              char       **title,
              char       **text)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);

  g_assert_true (gls_html_extract (data, length, name, title, text, &error));
  g_assert_no_error (error);
  g_assert_nonnull (*title);
  g_assert_nonnull (*text);
  assert_text_shape (*text);
}

/* Extracts a page given as a string; returns the text, stores the title. */
static char *
extract_string (const char  *html,
                char       **title_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  char *text = NULL;

  if (!gls_html_extract (html, strlen (html), "snippet.html", &title, &text, &error))
    g_error ("extracting %s: %s", html, error->message);

  assert_text_shape (text);
  g_assert_nonnull (title);
  if (title_out != NULL)
    *title_out = g_steal_pointer (&title);

  return text;
}

static void
assert_extract_error (const char *data,
                      gssize      length,
                      const char *filename,
                      int         code,
                      const char *message)
{
  g_autoptr(GError) error = NULL;
  char *title = (char *) "unset";
  char *text = (char *) "unset";

  if (length < 0)
    length = strlen (data);

  g_assert_false (gls_html_extract (data, length, filename, &title, &text, &error));
  g_assert_error (error, GLS_ERROR, code);
  g_assert_null (title);
  g_assert_null (text);
  if (filename != NULL)
    g_assert_true (g_str_has_prefix (error->message, filename));
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static const char messy_expected[] =
  "Rescue crews reach flooded villages as Danube keeps rising\n"
  "\n"
  "Thousands have left their homes in Lower Austria — and forecasters warn the worst is yet to "
  "come\n"
  "\n"
  "By Zoë Müller and José Álvarez in Krems\n"
  "Tue 17 Sep 2024 08.14 CEST Last modified on Tue 17 Sep 2024 11.02 CEST\n"
  "\n"
  "Rescue crews in small boats reached the last cut-off villages along the Danube on Tuesday "
  "morning, as the river rose past levels not seen since the great flood of 2002.\n"
  "\n"
  "“We have never seen the water come this fast,” said Karl-Heinz Gruber, the mayor of Rossatz, "
  "who spent the night helping neighbours carry furniture to upper floors. “By midnight the "
  "Hauptstraße was a river.”\n"
  "\n"
  "The Austrian rail operator ÖBB suspended services between Krems & Melk, and the army sent "
  "1,200 soldiers to reinforce the dams at Dürnstein and Spitz.\n"
  "\n"
  "Volunteers arrived from across the region, among them a group of Ukrainian students led by "
  "Олена Коваленко, who has lived in St Pölten since 2022. “People here helped us. Now we help "
  "them,” she said.\n"
  "\n"
  "In Krems itself, the old town’s cobbled lanes were under half a metre of brown water by dawn. "
  "Shopkeepers on the Landstraße had stacked their stock on tables overnight; by morning most "
  "had given up. “You cannot fight this,” said Maria Hofbauer, who has run a bakery there for 31 "
  "years. “You can only wait.”\n"
  "\n"
  "The provincial governor, Johanna Mikl-Leitner, said on Tuesday morning more than 1,800 homes "
  "had been evacuated across Lower Austria, and that the BMI had asked neighbouring Bavaria and "
  "the Czech Republic for pumps. Updates are posted on the state’s flood page.\n"
  "\n"
  "Hydrologists at the University of Natural Resources and Life Sciences in Vienna said the rain "
  "that fell on the catchment over four days – up to 370 mm in places – was roughly what the "
  "region usually receives in five months. “The soil simply could not take any more,” said "
  "Professor Günter Blöschl. The floodplain between Tulln and Vienna, he added, had “done "
  "exactly what it was built to do”.\n"
  "\n"
  "What happens next\n"
  "\n"
  "Forecasters expect the crest to pass Vienna on Thursday. The Danube crest is expected to "
  "reach 8.5 metres at Korneuburg, a little below the 2002 record.\n"
  "\n"
  "“The dams held. The question now is how long they can hold.”\n"
  "\n"
  "Emergency numbers published by the regional government:\n"
  "Fire brigade: 122\n"
  "Ambulance: 144\n"
  "\n"
  "Krems: 1,200 people evacuated\n"
  "Melk: schools closed until Friday\n"
  "Tulln: drinking water warning in force\n"
  "\n"
  "The government has pledged €300 million in emergency aid… and the chancellor, who visited "
  "Krems on Monday evening, promised “no one will be left alone with the damage”.\n"
  "\n"
  "Additional reporting by Ilse Brückner in Vienna.\n";

static void
test_messy_page (void)
{
  static const char * const junk[] = {
    "COOKIE", "cookies", "Accept all", "SCRIPT", "JSON-LD", "twice", "NOSCRIPT", "Skip to",
    "Subscribe", "Sign in", "Europe edition", "Northern Ledger", "World", "Business", "Search",
    "Home", "Advertisement", "Share", "Email", "Copy link", "143", "Photograph", "Volunteers fill",
    "RELATED", "Related stories", "HIDDEN", "★", "NEWSLETTER", "Sign up", "PROMO", "Topics",
    "Reuse", "COMMENT", "Comments", "MOST READ", "SOCIAL", "TEMPLATE", "FOOTER", "IFRAME",
    "opens in a new tab", "Facebook", "googletag", "{", "<", ">", "&mdash;", "&nbsp;",
  };
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  extract_file ("messy-news-page.html", &title, &text);

  g_assert_cmpstr (title, ==, "Rescue crews reach flooded villages as Danube keeps rising");
  g_assert_cmpstr (text, ==, messy_expected);

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      if (strstr (text, junk[i]) != NULL)
        g_error ("“%s” leaked into the text", junk[i]);
    }
}

static const char latin1_expected[] =
  "Zürich: François Müller-Lüdenscheidt gewinnt die Stichwahl\n"
  "\n"
  "Von Zoë Brontë, Zürich\n"
  "\n"
  "Der Freisinnige François Müller-Lüdenscheidt ist neuer Stadtpräsident von Zürich. Er setzte "
  "sich am Sonntag in der Stichwahl mit 52,4 Prozent gegen die Grüne José Núñez durch.\n"
  "\n"
  "„Das ist ein Auftrag, nicht ein Geschenk“, sagte Müller-Lüdenscheidt vor seinen Anhängern im "
  "Volkshaus. Die Wahlbeteiligung lag bei 41 Prozent – deutlich höher als im ersten Wahlgang.\n"
  "\n"
  "Núñez gratulierte ihrem Gegner und kündigte an, im Gemeinderat weiter für günstigen Wohnraum "
  "zu kämpfen. Ihre Kampagne hatte rund 180 000 € gekostet; jene von Müller-Lüdenscheidt nach "
  "eigenen Angaben „knapp das Doppelte“.\n"
  "\n"
  "Der neue Stadtpräsident tritt sein Amt am 1. Mai an. Seine Vorgängerin, Ångela Sørensen, "
  "hatte nach zwölf Jahren nicht mehr kandidiert.\n";

static void
test_latin1_page (void)
{
  g_autofree char *path = fixture_path ("latin1-page.html");
  g_autofree char *data = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  /* The fixture really is Windows-1252: ü is one byte, „ is 0x84, € is 0x80. */
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_false (g_utf8_validate_len (data, length, NULL));
  g_assert_nonnull (memchr (data, 0xFC, length));
  g_assert_nonnull (memchr (data, 0x84, length));
  g_assert_nonnull (memchr (data, 0x80, length));

  /* Declared ISO-8859-1, read as Windows-1252 as browsers do; the declaration
   * comes after a <title> that already holds non-ASCII bytes.
   */
  extract_file ("latin1-page.html", &title, &text);
  g_assert_cmpstr (title, ==, "Zürich: François Müller-Lüdenscheidt gewinnt die Stichwahl");
  g_assert_cmpstr (text, ==, latin1_expected);
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&text, g_free);

  /* The same bytes with the label windows-1252 in a <meta charset>. */
  {
    g_autoptr(GString) page = g_string_new_len (data, length);

    g_string_replace (page, "<META HTTP-EQUIV=\"Content-Type\" "
                      "CONTENT=\"text/html; charset=ISO-8859-1\">",
                      "<meta charset='windows-1252'>", 1);
    g_assert_true (gls_html_extract (page->str, page->len, "cp1252.html", &title, &text, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, latin1_expected);
    g_clear_pointer (&title, g_free);
    g_clear_pointer (&text, g_free);
  }

  /* Without its declaration the page is not UTF-8: a clean error, naming the file. */
  {
    g_autoptr(GString) page = g_string_new_len (data, length);

    g_string_replace (page, "charset=ISO-8859-1", "", 1);
    assert_extract_error (page->str, page->len, "latin1-page.html", GLS_ERROR_ENCODING,
                          "latin1-page.html: not valid UTF-8 (line 4, byte offset 125) "
                          "and no other character set is declared");
  }
}

static const char no_article_expected[] =
  "Council approves new tram line\n"
  "\n"
  "By Zoë Ødegård · 3 March 2024\n"
  "\n"
  "The city council voted 31 to 12 on Thursday night to build a 9 km tram line 🚋 from the "
  "central station to Ærøvej, the largest transport project in Riverside for forty years.\n"
  "\n"
  "Supporters, led by councillor Siobhán Ní Bhriain, said the line would take 6,000 cars a day "
  "off the ring road. “It is not naïve to think people will leave the car at home,” she said, "
  "“if the tram is faster.”\n"
  "\n"
  "Opponents warned that the €212 million budget would overrun. Café owners on Brückenstraße "
  "fear two years of roadworks; Łukasz Wiśniewski, who runs a bakery there, said he had “no "
  "idea how we will survive 2025”.\n"
  "\n"
  "Construction is due to start in the autumn.\n";

static void
test_no_article (void)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  /* No <article>, no <main>, no charset declared: UTF-8 by default. */
  extract_file ("no-article.html", &title, &text);
  g_assert_cmpstr (title, ==, "Council approves new tram line");
  g_assert_cmpstr (text, ==, no_article_expected);
}

static void
test_utf8_undeclared (void)
{
  /* Non-ASCII from the first line on, no declaration anywhere. */
  static const char page[] =
    "<title>Zoë Müller meets Сергей Лавров 🚀</title>"
    "<p>Zoë Müller, José and Сергей Лавров met in Київ 🇺🇦.";
  g_autofree char *title = NULL;
  g_autofree char *text = extract_string (page, &title);

  g_assert_cmpstr (title, ==, "Zoë Müller meets Сергей Лавров 🚀");
  g_assert_cmpstr (text, ==,
                   "Zoë Müller meets Сергей Лавров 🚀\n"
                   "\n"
                   "Zoë Müller, José and Сергей Лавров met in Київ 🇺🇦.\n");
}

static void
test_byte_order_marks (void)
{
  static const char page[] =
    "<html><head><meta charset=\"iso-8859-1\"></head>"
    "<body><p>Zoë Müller 🚀</p></body></html>";
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *charset;
    const char *bom;
    gsize bom_len;
  } cases[] = {
    { "UTF-8", "\xEF\xBB\xBF", 3 },
    { "UTF-16LE", "\xFF\xFE", 2 },
    { "UTF-16BE", "\xFE\xFF", 2 },
  };

  /* A byte order mark wins over a contrary <meta>. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = NULL;
      g_autoptr(GString) data = g_string_new_len (cases[i].bom, cases[i].bom_len);
      g_autofree char *text = NULL;
      gsize len;

      encoded = g_convert (page, -1, cases[i].charset, "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
      g_string_append_len (data, encoded, len);

      g_assert_true (gls_html_extract (data->str, data->len, cases[i].charset, NULL, &text,
                                       &error));
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, "Zoë Müller 🚀\n");
    }
}

static void
test_doctype_entities (void)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  n_entity_loads = 0;
  extract_file ("doctype-entities.html", &title, &text);

  /* Nothing was fetched: not the DTD, not the external entities, not the
   * parameter entity. The HTML parser knows no DTD entities, so the references
   * stay as written, as in a browser; the internal subset does not leak either.
   */
  g_assert_cmpuint (n_entity_loads, ==, 0);
  g_assert_cmpstr (title, ==, "Harbour reopens after storm");
  g_assert_cmpstr (text, ==,
                   "Harbour reopens after storm\n"
                   "\n"
                   "The harbour in Kiel reopened on Monday & the first ferries left for "
                   "Gothenburg.\n"
                   "\n"
                   "Entity references: &greeting; &xxe; &remote;\n"
                   "\n"
                   "Port director Åsa Lindqvist said the damage was “less than feared”.\n");
  g_assert_null (strstr (text, "INJECTED"));
  g_assert_null (strstr (text, "root:"));
  g_assert_null (strstr (text, "]>"));
}

static void
test_local_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("glossator-html-XXXXXX", &error);
  g_autofree char *secret = NULL;
  g_autofree char *dtd = NULL;
  g_autofree char *page = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  secret = g_build_filename (dir, "secret.txt", NULL);
  dtd = g_build_filename (dir, "news.dtd", NULL);
  g_assert_true (g_file_set_contents (secret, "CANARY-SECRET", -1, &error));
  g_assert_true (g_file_set_contents (dtd, "<!ENTITY canary \"CANARY-DTD\">", -1, &error));
  g_assert_no_error (error);

  /* Local files that do exist are not read either. */
  page = g_strdup_printf ("<!DOCTYPE html SYSTEM \"file://%s\" [\n"
                          "<!ENTITY secret SYSTEM \"file://%s\">\n"
                          "]>\n"
                          "<html><body><p>Before &secret; &canary; after.</p></body></html>",
                          dtd, secret);
  n_entity_loads = 0;
  g_assert_true (gls_html_extract (page, strlen (page), "local.html", NULL, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_entity_loads, ==, 0);
  g_assert_cmpstr (text, ==, "Before &secret; &canary; after.\n");

  /* The control: libxml2's XML parser, told to load DTDs and expand entities,
   * does go through the spy. So the count above would have seen a load.
   */
  {
    g_autofree char *xml = g_strdup_printf ("<!DOCTYPE html SYSTEM \"file://%s\" [\n"
                                            "<!ENTITY secret SYSTEM \"file://%s\">\n"
                                            "]>\n<html><p>&secret;</p></html>",
                                            dtd, secret);
    xmlDoc *doc = xmlReadMemory (xml, strlen (xml), NULL, "UTF-8",
                                 XML_PARSE_DTDLOAD | XML_PARSE_NOENT | XML_PARSE_NONET |
                                 XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

    g_assert_cmpuint (n_entity_loads, >, 0);
    g_clear_pointer (&doc, xmlFreeDoc);
  }

  g_assert_cmpint (g_remove (secret), ==, 0);
  g_assert_cmpint (g_remove (dtd), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_errors (void)
{
  /* Nothing at all, or nothing but furniture. */
  assert_extract_error ("", 0, "empty.html", GLS_ERROR_PARSE, "empty.html: no article text found");
  assert_extract_error (NULL, 0, "null.html", GLS_ERROR_PARSE, "null.html: no article text found");
  assert_extract_error ("   \n\t  ", -1, "blank.html", GLS_ERROR_PARSE,
                        "blank.html: no article text found");
  assert_extract_error ("<html><head><title>Only a title</title>"
                        "<script>document.write('<p>text</p>')</script></head>"
                        "<body><nav><a href=/>Home</a></nav><aside class=\"ad-slot\">Ad</aside>"
                        "<form><button>Subscribe</button></form><iframe>frame</iframe>"
                        "<footer>© 2024</footer></body></html>",
                        -1, "furniture.html", GLS_ERROR_PARSE,
                        "furniture.html: no article text found");
  assert_extract_error ("<!DOCTYPE html><!-- nothing -->", -1, "comment.html", GLS_ERROR_PARSE,
                        "comment.html: no article text found");

  /* Bytes that are not valid in the character set in force. */
  assert_extract_error ("<p>caf\xE9 cr\xE8me</p>", -1, "undeclared.html", GLS_ERROR_ENCODING,
                        "undeclared.html: not valid UTF-8 (line 1, byte offset 6) "
                        "and no other character set is declared");
  assert_extract_error ("<meta charset=\"utf-8\">\n<p>Zoë\n<p>caf\xE9</p>", -1, "declared.html",
                        GLS_ERROR_ENCODING,
                        "declared.html: not valid UTF-8 as the page declares "
                        "(line 3, byte offset 37)");
  assert_extract_error ("\xEF\xBB\xBF<p>ok \xFF</p>", -1, "bom.html", GLS_ERROR_ENCODING,
                        "bom.html: not valid UTF-8 as the page declares (line 1, byte offset 9)");
  assert_extract_error ("<meta charset=windows-1252><p>undefined byte \x81 here</p>", -1,
                        "cp1252.html", GLS_ERROR_ENCODING,
                        "cp1252.html: not valid WINDOWS-1252 (line 1, byte offset 45)");
  assert_extract_error ("<p>a NUL\0byte</p>", 17, "nul.html", GLS_ERROR_ENCODING, NULL);
  assert_extract_error ("\xFF\xFE<\0p\0>\0\0\xD8", 10, "utf16.html", GLS_ERROR_ENCODING,
                        "utf16.html: not valid UTF-16LE (byte offset 8)");
  assert_extract_error ("\xFF\xFE<\0p\0>\0\0\xD8x\0", 12, "utf16.html", GLS_ERROR_ENCODING,
                        "utf16.html: not valid UTF-16LE (byte offset 8)");
  assert_extract_error ("<meta charset=x-klingon><p>Qapla\xE9</p>", -1, "klingon.html",
                        GLS_ERROR_ENCODING,
                        "klingon.html: the character set “x-klingon” is not supported");

  /* No file name: the messages still start with something. */
  assert_extract_error ("", 0, NULL, GLS_ERROR_PARSE, "(input): no article text found");
}

static void
test_charset_labels (void)
{
  g_autofree char *text = NULL;

  /* An unknown label on a page that is valid UTF-8 anyway. */
  text = extract_string ("<meta charset=x-klingon><p>Qapla’ Zoë</p>", NULL);
  g_assert_cmpstr (text, ==, "Qapla’ Zoë\n");
  g_clear_pointer (&text, g_free);

  /* A label iconv knows though we do not name it. */
  text = extract_string ("<meta http-equiv=content-type content='text/html;charset=koi8-r'>"
                         "<p>\xF3\xC5\xD2\xC7\xC5\xCA</p>", NULL);
  g_assert_cmpstr (text, ==, "Сергей\n");
  g_clear_pointer (&text, g_free);

  /* A <meta charset> inside a comment or a script does not count. */
  text = extract_string ("<!-- <meta charset=koi8-r> --><script>x='<meta charset=koi8-r>'</script>"
                         "<p>Zoë</p>", NULL);
  g_assert_cmpstr (text, ==, "Zoë\n");
  g_clear_pointer (&text, g_free);

  /* Case and spacing of the declaration do not matter; UTF-16 in an ASCII
   * page means UTF-8, as in browsers.
   */
  text = extract_string ("<META CONTENT=\"text/html; Charset = \"UTF-8\"\" HTTP-EQUIV=Content-Type>"
                         "<p>Zoë</p>", NULL);
  g_assert_cmpstr (text, ==, "Zoë\n");
  g_clear_pointer (&text, g_free);
  text = extract_string ("<meta charset=\"UTF-16\"><p>Zoë</p>", NULL);
  g_assert_cmpstr (text, ==, "Zoë\n");
  g_clear_pointer (&text, g_free);

  /* An unknown label on a page of pure ASCII. */
  text = extract_string ("<meta charset=x-klingon><p>Qapla</p>", NULL);
  g_assert_cmpstr (text, ==, "Qapla\n");
  g_clear_pointer (&text, g_free);

  /* A 7-bit character set: ASCII bytes, but not ASCII text. */
  text = extract_string ("<meta charset=ISO-2022-JP><p>\x1B$B5~ET\x1B(B</p>", NULL);
  g_assert_cmpstr (text, ==, "京都\n");
  g_clear_pointer (&text, g_free);

  /* A legacy declaration on a page that is really UTF-8: read as UTF-8. */
  text = extract_string ("<meta charset=iso-8859-1><p>Zoë Müller, Сергей</p>", NULL);
  g_assert_cmpstr (text, ==, "Zoë Müller, Сергей\n");
}

typedef struct
{
  const char *html;
  const char *text;
} LayoutCase;

static void
test_layout (void)
{
  static const LayoutCase cases[] = {
    /* White space inside a line. */
    { "<p>a  b\n\t c</p>", "a b c\n" },
    { "<p>x&nbsp;&nbsp;y&#160;z</p>", "x y z\n" },
    { "<p>  lead  </p>   <p>  trail  </p>", "lead\n\ntrail\n" },
    { "<p>A<b>B</b>C <i> D </i> E</p>", "ABC D E\n" },
    /* The space between two elements libxml2 does not know survives. */
    { "<p><time>Monday</time> <mark>noon</mark> <data value=1>sharp</data></p>",
      "Monday noon sharp\n" },
    /* Lines and paragraphs. */
    { "<p>one<br>two<br/><br>three</p>", "one\ntwo\n\nthree\n" },
    { "<p>one<br><br><br><br><br>two</p>", "one\n\ntwo\n" },
    { "<div>a</div><div>b</div><div><div>c</div></div>", "a\nb\nc\n" },
    { "<div>a<p>b</p>c</div>", "a\n\nb\n\nc\n" },
    { "<ul><li>a<li>b</ul><p>c", "a\nb\n\nc\n" },
    { "<h2>Sub</h2>text after", "Sub\n\ntext after\n" },
    { "<blockquote>Quote</blockquote><p>x</p>", "Quote\n\nx\n" },
    { "<p>x</p><p></p><p> </p><div></div><p>y</p>", "x\n\ny\n" },
    { "<table><tr><th>Party</th><th>Votes</th></tr>"
      "<tr><td>Greens</td><td>1,204</td></tr></table>",
      "Party Votes\nGreens 1,204\n" },
    { "<pre>line 1\n    line 2\n\n\n\nline 3</pre>", "line 1\nline 2\n\nline 3\n" },
    /* Entities, invisible characters. */
    { "<p>&amp; &lt;b&gt; &mdash; &eacute; &#233; &#x1F680; &hellip; &euro;</p>",
      "& <b> — é é 🚀 … €\n" },
    { "<p>co&shy;operate\xE2\x80\x8B today\xEF\xBB\xBF</p>", "cooperate today\n" },
    { "<p>Zero\xE2\x80\x8D width joiner: 👩\xE2\x80\x8D🚀</p>",
      "Zero\xE2\x80\x8D width joiner: 👩\xE2\x80\x8D🚀\n" },
    /* Hidden elements. */
    { "<p>a<span hidden>X</span><span aria-hidden=\"true\">Y</span>"
      "<span style=\"color: red; display : NONE\">Z</span><span class=\"sr-only\">W</span>"
      "<span style=\"visibility:hidden\">V</span><span aria-hidden=\"false\">b</span></p>",
      "ab\n" },
    /* Classes that hide only on small screens do not count. */
    { "<p class=\"hidden md:block\">Tailwind</p><p class=\"d-none d-md-block\">Bootstrap</p>",
      "Tailwind\n\nBootstrap\n" },
    /* Furniture by class or id, and words that only look like it. */
    { "<div class=\"lead-text\"><p>Kept lead</p></div>"
      "<div class=\"thread-list download-box headline\"><p>Kept thread</p></div>"
      "<div class=\"commentary\"><p>Kept commentary</p></div>"
      "<div class=\"header-ad\"><p>X1</p></div><div class=\"ads\"><p>X2</p></div>"
      "<div class=\"ad_unit\"><p>X3</p></div><div class=\"gpt-ad-slot\"><p>X4</p></div>"
      "<div id=\"Comments\"><p>X5</p></div><div class=\"ShareBar\"><p>X6</p></div>"
      "<div class=\"social-links\"><p>X7</p></div><ul class=\"related-links\"><li>X8</ul>"
      "<div class=\"newsletter\"><p>X9</p></div><div class=\"advertisement\"><p>X10</p></div>"
      "<div class=\"cookie-notice\"><p>X11</p></div><div class=\"promo\"><p>X12</p></div>"
      "<ol class=\"breadcrumbs\"><li>X13</ol>",
      "Kept lead\n\nKept thread\n\nKept commentary\n" },
    { "<div role=\"navigation\">X1</div><div role=\"complementary\">X2</div>"
      "<div role=\"contentinfo\">X3</div><div role=\"dialog\">X4</div><p>Kept</p>", "Kept\n" },
    /* Dropped elements. */
    { "<p>a<script>var x = '</p><p>X1';</script>b<style>p { }</style>c"
      "<noscript>X2</noscript><button>X3</button><svg><text>X4</text></svg>d</p>"
      "<template><p>X5</p></template><form><label>X6</label><input value=X7></form>"
      "<figure><img alt=X8><figcaption>X9</figcaption></figure><p>e</p>",
      "abcd\n\ne\n" },
    /* A header belongs to the article only inside it. */
    { "<header><p>Site header</p></header><article><header><p>Byline</p></header>"
      "<p>Body</p><footer>Tags</footer></article>",
      "Byline\n\nBody\n" },
    /* Words on either side of a dropped block stay apart; of an inline, not. */
    { "<div>left<nav>menu</nav>right<aside>more</aside>end<div class=ad>ad</div>last</div>"
      "<p>one<span class=sr-only>two</span>three<script>x</script>four</p>",
      "left\nright\nend\nlast\n\nonethreefour\n" },
    /* Unclosed and misnested tags. */
    { "<p>one<p>two <b>bold <i>both</b> italic</i> three</div></span><p>four",
      "one\n\ntwo bold both italic three\n\nfour\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = extract_string (cases[i].html, NULL);

      if (g_strcmp0 (text, cases[i].text) != 0)
        g_error ("case %u, %s:\n  expected “%s”\n  got      “%s”",
                 i, cases[i].html, cases[i].text, text);
    }
}

typedef struct
{
  const char *html;
  const char *title;
  const char *text;
} TitleCase;

static void
test_title (void)
{
  static const TitleCase cases[] = {
    /* og:title first, even with an <h1> and a <title>. */
    { "<meta property=og:title content=\" Social  headline \"><title>Tab | Site</title>"
      "<article><h1>Page headline</h1><p>Body.</p></article>",
      "Social headline", "Social headline\n\nPage headline\n\nBody.\n" },
    /* The site name is taken off og:title and <title> only when it matches. */
    { "<meta property=og:site_name content=\"The Ledger\">"
      "<meta property=og:title content=\"Floods - The Ledger\"><p>Body.</p>",
      "Floods", "Floods\n\nBody.\n" },
    { "<meta property=og:site_name content=\"The Ledger\">"
      "<title>Floods in Austria — The Ledger</title><p>Body.</p>",
      "Floods in Austria", "Floods in Austria\n\nBody.\n" },
    { "<meta property=og:site_name content=\"The Ledger\">"
      "<title>The Ledger | Floods in Austria</title><p>Body.</p>",
      "Floods in Austria", "Floods in Austria\n\nBody.\n" },
    { "<title>Floods - Austria - Europe</title><p>Body.</p>",
      "Floods - Austria - Europe", "Floods - Austria - Europe\n\nBody.\n" },
    { "<title>Floods | Europe | The Ledger</title><p>Body.</p>",
      "Floods | Europe", "Floods | Europe\n\nBody.\n" },
    /* Then the <h1> of the article, left out of the body. */
    { "<title>Tab title | Site</title><main><p class=kicker>Europe</p>"
      "<h1>Main  headline</h1><p>Body.</p></main>",
      "Main headline", "Main headline\n\nEurope\n\nBody.\n" },
    { "<title>Tab title | Site</title><main>Europe<h1>Main headline</h1>Body.</main>",
      "Main headline", "Main headline\n\nEurope\n\nBody.\n" },
    { "<title>Tab title | Site</title><h1>Logo</h1><article><h1>Article headline</h1>"
      "<p>Body.</p></article>",
      "Article headline", "Article headline\n\nBody.\n" },
    /* An <h1> outside any article is not a title, but "h1 - Site" in <title> is. */
    { "<title>Headline - Site</title><h1>Headline</h1><p>Body.</p>",
      "Headline", "Headline\n\nBody.\n" },
    { "<title>Some title - Site</title><h1>Other words</h1><p>Body.</p>",
      "Some title - Site", "Some title - Site\n\nOther words\n\nBody.\n" },
    /* The headline is not repeated when the body starts with it. */
    { "<meta property=og:title content=\"Same words\"><div><h2>Same  words</h2><p>Body.</p></div>",
      "Same words", "Same words\n\nBody.\n" },
    /* No title anywhere: the first line is the title. */
    { "<p>First line<br>second line</p><p>Body.</p>",
      "First line", "First line\nsecond line\n\nBody.\n" },
    /* A hidden <h1> is not the title. */
    { "<title>Visible | Site</title><article><h1 hidden>Hidden</h1><p>Body.</p></article>",
      "Visible", "Visible\n\nBody.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *text = extract_string (cases[i].html, &title);

      if (g_strcmp0 (title, cases[i].title) != 0 || g_strcmp0 (text, cases[i].text) != 0)
        g_error ("case %u, %s:\n  expected “%s” / “%s”\n  got      “%s” / “%s”",
                 i, cases[i].html, cases[i].title, cases[i].text, title, text);
    }
}

static void
test_article_choice (void)
{
  static const TitleCase cases[] = {
    /* The <article> with the most paragraph text, not the first. */
    { "<article class=card><h1>Card</h1><p>Teaser.</p></article>"
      "<article><h1>Story</h1><p>The real story has much more text than a teaser.</p>"
      "<p>Another paragraph.</p></article>"
      "<article class=card><p>Another teaser.</p></article>",
      "Story", "Story\n\nThe real story has much more text than a teaser.\n\n"
      "Another paragraph.\n" },
    /* Nested articles: the outer one. */
    { "<article><h1>Outer</h1><p>Outer text.</p><article><p>Inner text.</p></article></article>",
      "Outer", "Outer\n\nOuter text.\n\nInner text.\n" },
    /* An <article> of <div>s. */
    { "<div>Menu</div><article><div>Line one.</div><div>Line two.</div></article>",
      "Line one.", "Line one.\nLine two.\n" },
    /* <main>, then [role=main]. */
    { "<div>Site menu</div><main><p>Main text.</p></main><div>Site footer</div>",
      "Main text.", "Main text.\n" },
    { "<div>Site menu</div><div role=main><p>Role text.</p></div><div>Site footer</div>",
      "Role text.", "Role text.\n" },
    /* The element holding most of the paragraph text. */
    { "<div class=top>Top links</div>"
      "<div class=wrap><div class=content><p>First paragraph of the story.</p>"
      "<p>Second paragraph of the story.</p><p>Third paragraph.</p></div>"
      "<div class=teasers><p>Teaser.</p></div></div><p>Small print.</p>",
      "First paragraph of the story.",
      "First paragraph of the story.\n\nSecond paragraph of the story.\n\nThird paragraph.\n" },
    /* An empty <article> does not win over the body. */
    { "<article></article><p>Body text.</p>", "Body text.", "Body text.\n" },
    /* Plain text is a page too. */
    { "Just some text.", "Just some text.", "Just some text.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *text = extract_string (cases[i].html, &title);

      if (g_strcmp0 (title, cases[i].title) != 0 || g_strcmp0 (text, cases[i].text) != 0)
        g_error ("case %u, %s:\n  expected “%s” / “%s”\n  got      “%s” / “%s”",
                 i, cases[i].html, cases[i].title, cases[i].text, title, text);
    }
}

static void
test_second_tries (void)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  /* Saved while a consent dialog was open: everything else aria-hidden. The
   * dialog is still left out.
   */
  text = extract_string ("<body><div id=page aria-hidden=true><article><h1>Headline</h1>"
                         "<p>Story.</p></article></div>"
                         "<div role=dialog class=cmp-consent><p>We use cookies.</p></div></body>",
                         &title);
  g_assert_cmpstr (title, ==, "Headline");
  g_assert_cmpstr (text, ==, "Headline\n\nStory.\n");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&text, g_free);

  /* A wrapper whose class looks like furniture holds the article. */
  text = extract_string ("<body><div class=\"layout-with-sidebar\"><article><p>Story.</p>"
                         "</article><div class=sidebar>Sidebar</div></div>"
                         "<div>Site links</div></body>", &title);
  g_assert_cmpstr (text, ==, "Story.\n");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&text, g_free);

  /* A wrapper whose class looks like furniture holds the whole page. */
  text = extract_string ("<body><div class=\"wrapper share-enabled\"><p>Story.</p></div>"
                         "<nav>Menu</nav></body>", &title);
  g_assert_cmpstr (text, ==, "Story.\n");
}

static void
test_optional_outputs (void)
{
  static const char page[] = "<title>T</title><p>Body.</p>";
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_html_extract (page, strlen (page), "a.html", NULL, NULL, NULL));
  g_assert_true (gls_html_extract (page, strlen (page), "a.html", &title, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (title, ==, "T");
  g_assert_true (gls_html_extract (page, strlen (page), "a.html", NULL, &text, &error));
  g_assert_cmpstr (text, ==, "T\n\nBody.\n");

  /* The length is honoured: no NUL terminator is needed. */
  g_clear_pointer (&text, g_free);
  g_assert_true (gls_html_extract ("<p>Body.</p><p>Not this.</p>", 12, "a.html", NULL, &text,
                                   &error));
  g_assert_cmpstr (text, ==, "Body.\n");
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) page = g_string_new ("<html><body>");
  g_autofree char *text = NULL;
  guint depth = 50000;

  /* Deeper than libxml2's default limit and than a recursive walk could go. */
  for (guint i = 0; i < depth; i++)
    g_string_append (page, i % 2 ? "<div>" : "<span>");
  g_string_append (page, "Deep text.");
  for (guint i = 0; i < depth; i++)
    g_string_append (page, i % 2 ? "</span>" : "</div>");
  g_string_append (page, "<p>After.</p></body></html>");

  text = extract_string (page->str, NULL);
  g_assert_cmpstr (text, ==, "Deep text.\n\nAfter.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  xmlSetExternalEntityLoader (spy_entity_loader);

  g_test_add_func ("/html/messy-page", test_messy_page);
  g_test_add_func ("/html/latin1-page", test_latin1_page);
  g_test_add_func ("/html/no-article", test_no_article);
  g_test_add_func ("/html/utf8-undeclared", test_utf8_undeclared);
  g_test_add_func ("/html/byte-order-marks", test_byte_order_marks);
  g_test_add_func ("/html/doctype-entities", test_doctype_entities);
  g_test_add_func ("/html/local-entities", test_local_entities);
  g_test_add_func ("/html/errors", test_errors);
  g_test_add_func ("/html/charset-labels", test_charset_labels);
  g_test_add_func ("/html/layout", test_layout);
  g_test_add_func ("/html/title", test_title);
  g_test_add_func ("/html/article-choice", test_article_choice);
  g_test_add_func ("/html/second-tries", test_second_tries);
  g_test_add_func ("/html/optional-outputs", test_optional_outputs);
  g_test_add_func ("/html/deep-nesting", test_deep_nesting);

  return g_test_run ();
}
