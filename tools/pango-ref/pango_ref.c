/*
 * pango_ref - reference shaping/bidi dumps and layout benchmarks with Pango.
 *
 * This is a standalone helper for the Hamesh text engine.  It lays out text
 * with libpango (PangoFT2 font map, so no display or cairo is involved) using
 * only the font files bundled in the repository, and prints the visual glyph
 * sequence of every paragraph as JSON lines.  The output is committed under
 * tests/fixtures/conformance/ and compared against by the Rust tests; the Rust
 * build never links Pango.
 *
 * Modes:
 *   pango_ref dump     [options] FILE   one JSON object per paragraph
 *   pango_ref bench    [options] FILE   full Pango layout with wrapping
 *   pango_ref bench-hb [options] FILE   HarfBuzz shaping alone
 *
 * See tools/pango-ref/README.md for the options and the output format.
 */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <harfbuzz/hb.h>
#include <pango/pango.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>

/* ------------------------------------------------------------------------ */
/* Options                                                                  */

typedef enum { DIR_AUTO, DIR_RTL, DIR_LTR } DirMode;

typedef struct {
  const char *mode;
  const char *family;
  double size_px;
  const char *lang;
  DirMode dir;
  double width_px;
  int iterations;
  const char *fonts_dir;
  GPtrArray *font_files; /* char *, owned */
  const char *file;
} Options;

/* Families the tool knows how to find in the repository's fonts/ directory
 * when no --font is given.  Only the Regular faces are used for fixtures. */
static const struct {
  const char *family;
  const char *relpath;
} known_fonts[] = {
  {"Vazirmatn", "vazirmatn/Vazirmatn-Regular.ttf"},
  {"Noto Naskh Arabic", "noto-naskh-arabic/NotoNaskhArabic-Regular.ttf"},
  {"Noto Sans", "noto-sans/NotoSans-Regular.ttf"},
};

static void
usage (FILE *out)
{
  fprintf (out,
    "usage: pango_ref dump|bench|bench-hb [options] FILE\n"
    "\n"
    "options:\n"
    "  --family LIST      Pango family list, e.g. \"Noto Naskh Arabic, Noto Sans\"\n"
    "                     (required)\n"
    "  --size-px N        font size in pixels, 1 em = N px (default 20)\n"
    "  --lang TAG         language for the Pango context / HarfBuzz buffer\n"
    "                     (e.g. ar, fa; default: none for Pango, \"ar\" for bench-hb)\n"
    "  --dir auto|rtl|ltr paragraph direction (default auto)\n"
    "  --font PATH        font file to load; repeatable.  Without --font, each\n"
    "                     family in --family is looked up in the fonts directory\n"
    "  --fonts-dir DIR    where bundled fonts live (default: $HAMESH_FONTS_DIR,\n"
    "                     else ./fonts, else ../../fonts next to the binary)\n"
    "  --width-px N       wrapping width for bench (default 600)\n"
    "  --iterations N     timed iterations for bench/bench-hb (default 5)\n");
}

static void
die (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fputs ("pango_ref: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
  exit (2);
}

static double
parse_double (const char *opt, const char *s)
{
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod (s, &end);
  if (errno || end == s || *end || !(v > 0))
    die ("%s: expected a positive number, got '%s'", opt, s);
  return v;
}

static void
parse_args (int argc, char **argv, Options *o)
{
  memset (o, 0, sizeof *o);
  o->size_px = 20;
  o->dir = DIR_AUTO;
  o->width_px = 600;
  o->iterations = 5;
  o->font_files = g_ptr_array_new_with_free_func (g_free);

  if (argc < 2)
    {
      usage (stderr);
      exit (2);
    }
  if (!strcmp (argv[1], "-h") || !strcmp (argv[1], "--help"))
    {
      usage (stdout);
      exit (0);
    }
  o->mode = argv[1];
  if (strcmp (o->mode, "dump") && strcmp (o->mode, "bench") &&
      strcmp (o->mode, "bench-hb"))
    die ("unknown mode '%s' (expected dump, bench or bench-hb)", o->mode);

  for (int i = 2; i < argc; i++)
    {
      const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (die ("%s needs a value", a), ""))
      if (!strcmp (a, "--family"))
        o->family = NEXT ();
      else if (!strcmp (a, "--size-px"))
        o->size_px = parse_double (a, NEXT ());
      else if (!strcmp (a, "--lang"))
        o->lang = NEXT ();
      else if (!strcmp (a, "--dir"))
        {
          const char *d = NEXT ();
          if (!strcmp (d, "auto"))
            o->dir = DIR_AUTO;
          else if (!strcmp (d, "rtl"))
            o->dir = DIR_RTL;
          else if (!strcmp (d, "ltr"))
            o->dir = DIR_LTR;
          else
            die ("--dir: expected auto, rtl or ltr, got '%s'", d);
        }
      else if (!strcmp (a, "--font"))
        g_ptr_array_add (o->font_files, g_strdup (NEXT ()));
      else if (!strcmp (a, "--fonts-dir"))
        o->fonts_dir = NEXT ();
      else if (!strcmp (a, "--width-px"))
        o->width_px = parse_double (a, NEXT ());
      else if (!strcmp (a, "--iterations"))
        {
          double n = parse_double (a, NEXT ());
          if (n != floor (n) || n > 1e9)
            die ("--iterations: expected a positive integer");
          o->iterations = (int) n;
        }
      else if (!strcmp (a, "-h") || !strcmp (a, "--help"))
        {
          usage (stdout);
          exit (0);
        }
      else if (a[0] == '-' && a[1] == '-')
        die ("unknown option '%s'", a);
      else if (o->file)
        die ("more than one input file given");
      else
        o->file = a;
#undef NEXT
    }

  if (!o->family)
    die ("--family is required");
  if (!o->file)
    die ("no input FILE given");

  if (o->font_files->len == 0)
    {
      const char *dir = o->fonts_dir;
      if (!dir)
        dir = g_getenv ("HAMESH_FONTS_DIR");
      char *exe_fonts = NULL;
      if (!dir && !g_file_test ("fonts", G_FILE_TEST_IS_DIR))
        {
          /* Running from elsewhere: the binary lives in target/pango-ref/. */
          char *exe = g_file_read_link ("/proc/self/exe", NULL);
          if (exe)
            {
              char *bindir = g_path_get_dirname (exe);
              exe_fonts = g_build_filename (bindir, "..", "..", "fonts", NULL);
              if (g_file_test (exe_fonts, G_FILE_TEST_IS_DIR))
                dir = exe_fonts;
              g_free (bindir);
              g_free (exe);
            }
        }
      if (!dir)
        dir = "fonts";
      char **fams = g_strsplit (o->family, ",", -1);
      for (char **f = fams; *f; f++)
        {
          char *name = g_strstrip (*f);
          if (!*name)
            continue;
          gboolean found = FALSE;
          for (gsize k = 0; k < G_N_ELEMENTS (known_fonts); k++)
            if (!g_ascii_strcasecmp (name, known_fonts[k].family))
              {
                g_ptr_array_add (o->font_files,
                                 g_build_filename (dir, known_fonts[k].relpath, NULL));
                found = TRUE;
              }
          if (!found)
            die ("no bundled font known for family '%s'; pass --font PATH", name);
        }
      g_strfreev (fams);
      g_free (exe_fonts);
    }
}

/* ------------------------------------------------------------------------ */
/* Input                                                                    */

typedef struct {
  const char *text; /* points into the file buffer, not NUL terminated */
  int len;          /* bytes */
  long cp_start;    /* code point offsets into the whole file */
  long cp_end;
} Para;

static char *
read_input (const char *path, gsize *len)
{
  char *buf = NULL;
  GError *err = NULL;
  if (!g_file_get_contents (path, &buf, len, &err))
    die ("%s", err->message);
  const char *bad = NULL;
  if (!g_utf8_validate (buf, (gssize) *len, &bad))
    die ("%s: invalid UTF-8 (or NUL byte) at byte %ld", path, (long) (bad - buf));
  return buf;
}

/* Split at "\n", "\r\n" and "\r".  Break characters belong to no paragraph.
 * A file that ends with a break yields a final empty paragraph, exactly like
 * splitting the string on the breaks. */
static GArray *
split_paragraphs (const char *buf, gsize len)
{
  GArray *paras = g_array_new (FALSE, FALSE, sizeof (Para));
  gsize start = 0, i = 0;
  long cp = 0, cp_start = 0;
  while (i < len)
    {
      unsigned char c = (unsigned char) buf[i];
      if (c == '\n' || c == '\r')
        {
          Para p = {buf + start, (int) (i - start), cp_start, cp};
          g_array_append_val (paras, p);
          gsize brk = (c == '\r' && i + 1 < len && buf[i + 1] == '\n') ? 2 : 1;
          i += brk;
          cp += (long) brk;
          start = i;
          cp_start = cp;
          continue;
        }
      if ((c & 0xC0) != 0x80)
        cp++;
      i++;
    }
  Para p = {buf + start, (int) (len - start), cp_start, cp};
  g_array_append_val (paras, p);
  return paras;
}

/* ------------------------------------------------------------------------ */
/* Pango setup                                                              */

static void
substitute_no_hinting (FcPattern *pattern, gpointer data)
{
  (void) data;
  FcPatternDel (pattern, FC_HINTING);
  FcPatternAddBool (pattern, FC_HINTING, FcFalse);
  FcPatternDel (pattern, FC_HINT_STYLE);
  FcPatternAddInteger (pattern, FC_HINT_STYLE, FC_HINT_NONE);
  FcPatternDel (pattern, FC_AUTOHINT);
  FcPatternAddBool (pattern, FC_AUTOHINT, FcFalse);
}

typedef struct {
  PangoFontMap *fontmap;
  PangoContext *ctx;
  PangoFontDescription *desc;
} PangoSetup;

static void
pango_setup (const Options *o, PangoSetup *s)
{
  /* A private fontconfig configuration that only knows the given files: no
   * config files are parsed and no system font directories are scanned. */
  FcConfig *config = FcConfigCreate ();
  if (!config)
    die ("FcConfigCreate failed");
  for (guint i = 0; i < o->font_files->len; i++)
    {
      const char *path = g_ptr_array_index (o->font_files, i);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        die ("font file not found: %s", path);
      if (!FcConfigAppFontAddFile (config, (const FcChar8 *) path))
        die ("fontconfig could not load %s", path);
    }

  s->fontmap = pango_ft2_font_map_new ();
  /* 72 dpi: one point is one pixel.  Sizes below are absolute anyway. */
  pango_ft2_font_map_set_resolution (PANGO_FT2_FONT_MAP (s->fontmap), 72, 72);
  pango_fc_font_map_set_default_substitute (PANGO_FC_FONT_MAP (s->fontmap),
                                            substitute_no_hinting, NULL, NULL);
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (s->fontmap), config);
  FcConfigDestroy (config); /* the font map holds its own reference */

  s->ctx = pango_font_map_create_context (s->fontmap);
  pango_context_set_round_glyph_positions (s->ctx, FALSE);
  if (o->lang)
    pango_context_set_language (s->ctx, pango_language_from_string (o->lang));

  s->desc = pango_font_description_new ();
  pango_font_description_set_family (s->desc, o->family);
  pango_font_description_set_absolute_size (s->desc,
                                            round (o->size_px * PANGO_SCALE));
}

/* Direction a paragraph without strong characters takes when no earlier
 * paragraph had one.  PangoLayout (pango_layout_check_lines) seeds this with
 * the first strong character of the whole text, falling back to the
 * context's base direction (LTR). */
static PangoDirection
initial_neutral_dir (const char *buf, gsize len)
{
  PangoDirection d = pango_find_base_dir (buf, (gint) len);
  return d == PANGO_DIRECTION_NEUTRAL ? PANGO_DIRECTION_LTR : d;
}

/* Configure a fresh layout for one paragraph; returns it. *prev_dir carries
 * the resolved direction of the previous paragraph (auto mode only). */
static PangoLayout *
make_layout (const Options *o, PangoSetup *s, const Para *p,
             PangoDirection *prev_dir)
{
  PangoDirection base;
  gboolean auto_dir;

  if (o->dir == DIR_RTL)
    base = PANGO_DIRECTION_RTL, auto_dir = FALSE;
  else if (o->dir == DIR_LTR)
    base = PANGO_DIRECTION_LTR, auto_dir = FALSE;
  else
    {
      /* pango_find_base_dir() is deprecated, but it is the same first-strong
       * scan PangoLayout runs for auto_dir.  Note that it does not skip
       * isolates and counts LRE/RLE/LRO/RLO as strong (UAX #9 P2 differs). */
      PangoDirection found = pango_find_base_dir (p->text, p->len);
      if (found == PANGO_DIRECTION_NEUTRAL)
        base = *prev_dir, auto_dir = FALSE;
      else
        base = found, auto_dir = TRUE;
    }

  pango_context_set_base_dir (s->ctx, base);
  PangoLayout *layout = pango_layout_new (s->ctx);
  pango_layout_set_auto_dir (layout, auto_dir);
  pango_layout_set_font_description (layout, s->desc);
  pango_layout_set_text (layout, p->text, p->len);
  return layout;
}

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                             */

static gboolean
escape_invisible (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || c == 0x061C ||
         c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) ||
         c == 0xFEFF;
}

static void
json_string (GString *out, const char *s, gssize len)
{
  const char *p = s, *end = s + (len < 0 ? (gssize) strlen (s) : len);
  g_string_append_c (out, '"');
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (escape_invisible (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
  g_string_append_c (out, '"');
}

/* Pango units are 1/1024 px, so every value is exactly representable in at
 * most 10 fractional decimal digits.  Print it exactly, without trailing
 * zeros. */
static void
json_px (GString *out, int units)
{
  char buf[64];
  snprintf (buf, sizeof buf, "%.10f", units / (double) PANGO_SCALE);
  char *dot = strchr (buf, '.');
  if (dot)
    {
      char *e = buf + strlen (buf) - 1;
      while (e > dot && *e == '0')
        *e-- = '\0';
      if (e == dot)
        *e = '\0';
    }
  if (!strcmp (buf, "-0"))
    strcpy (buf, "0");
  g_string_append (out, buf);
}

static const char *
font_basename (PangoFont *font, char *buf, size_t buflen)
{
  if (!font || !PANGO_IS_FC_FONT (font))
    return "";
  FcPattern *pat = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
  FcChar8 *file = NULL;
  if (!pat || FcPatternGetString (pat, FC_FILE, 0, &file) != FcResultMatch)
    return "";
  char *base = g_path_get_basename ((const char *) file);
  g_strlcpy (buf, base, buflen);
  g_free (base);
  return buf;
}

static const char *
dir_name (PangoDirection d)
{
  switch (d)
    {
    case PANGO_DIRECTION_RTL:
    case PANGO_DIRECTION_TTB_RTL:
    case PANGO_DIRECTION_WEAK_RTL:
      return "rtl";
    default:
      return "ltr";
    }
}

static PangoDirection
strong_dir (PangoDirection d)
{
  return strcmp (dir_name (d), "rtl") ? PANGO_DIRECTION_LTR : PANGO_DIRECTION_RTL;
}

/* ------------------------------------------------------------------------ */
/* dump                                                                     */

static long empty_with_advance = 0;

static int
cmd_dump (const Options *o)
{
  gsize len;
  char *buf = read_input (o->file, &len);
  GArray *paras = split_paragraphs (buf, len);
  PangoSetup s;
  pango_setup (o, &s);

  PangoDirection prev_dir = initial_neutral_dir (buf, len);
  GString *out = g_string_new (NULL);
  char fbuf[512];

  for (guint n = 0; n < paras->len; n++)
    {
      const Para *p = &g_array_index (paras, Para, n);
      PangoLayout *layout = make_layout (o, &s, p, &prev_dir);

      GSList *lines = pango_layout_get_lines_readonly (layout);
      PangoLayoutLine *first = lines ? lines->data : NULL;
      PangoDirection resolved =
        first ? strong_dir (pango_layout_line_get_resolved_direction (first))
              : prev_dir;
      prev_dir = resolved;

      PangoRectangle logical;
      pango_layout_get_extents (layout, NULL, &logical);

      g_string_truncate (out, 0);
      g_string_append_printf (out, "{\"para\": %u, \"start\": %ld, \"end\": %ld, \"text\": ",
                              n, p->cp_start, p->cp_end);
      json_string (out, p->text, p->len);
      g_string_append_printf (out, ", \"direction\": \"%s\", \"lines\": %u, \"width\": ",
                              dir_name (resolved), g_slist_length (lines));
      json_px (out, logical.width);

      /* Runs (items after line breaking), in visual order. */
      g_string_append (out, ", \"runs\": [");
      gboolean first_out = TRUE;
      for (GSList *l = lines; l; l = l->next)
        for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r; r = r->next)
          {
            PangoGlyphItem *run = r->data;
            PangoItem *item = run->item;
            long rs = g_utf8_pointer_to_offset (p->text, p->text + item->offset);
            long re = rs + item->num_chars;
            guint32 tag = g_unicode_script_to_iso15924 ((GUnicodeScript) item->analysis.script);
            char script[5] = {(char) (tag >> 24), (char) (tag >> 16), (char) (tag >> 8),
                              (char) tag, 0};
            if (!tag)
              strcpy (script, "Zzzz");
            g_string_append_printf (out,
                                    "%s{\"start\": %ld, \"end\": %ld, \"level\": %u, "
                                    "\"script\": \"%s\", \"lang\": ",
                                    first_out ? "" : ", ", rs, re,
                                    (unsigned) item->analysis.level, script);
            first_out = FALSE;
            json_string (out,
                         item->analysis.language
                           ? pango_language_to_string (item->analysis.language)
                           : "",
                         -1);
            g_string_append (out, ", \"font\": ");
            json_string (out, font_basename (item->analysis.font, fbuf, sizeof fbuf), -1);
            g_string_append_c (out, '}');
          }
      g_string_append (out, "]");

      /* Glyphs, visual order left to right. */
      g_string_append (out, ", \"glyphs\": [");
      first_out = TRUE;
      for (GSList *l = lines; l; l = l->next)
        for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r; r = r->next)
          {
            PangoGlyphItem *run = r->data;
            PangoItem *item = run->item;
            PangoGlyphString *gs = run->glyphs;
            const char *fname = font_basename (item->analysis.font, fbuf, sizeof fbuf);
            for (int i = 0; i < gs->num_glyphs; i++)
              {
                PangoGlyphInfo *gi = &gs->glyphs[i];
                if (gi->glyph == PANGO_GLYPH_EMPTY)
                  {
                    if (gi->geometry.width != 0)
                      empty_with_advance++;
                    continue;
                  }
                gboolean unknown = (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
                long cl = g_utf8_pointer_to_offset (
                  p->text, p->text + item->offset + gs->log_clusters[i]);
                g_string_append (out, first_out ? "{\"font\": " : ", {\"font\": ");
                first_out = FALSE;
                json_string (out, fname, -1);
                g_string_append_printf (out, ", \"id\": %u, \"cluster\": %ld, \"advance\": ",
                                        unknown ? 0u : (unsigned) gi->glyph, cl);
                json_px (out, gi->geometry.width);
                if (gi->geometry.x_offset)
                  {
                    g_string_append (out, ", \"dx\": ");
                    json_px (out, gi->geometry.x_offset);
                  }
                if (gi->geometry.y_offset)
                  {
                    g_string_append (out, ", \"dy\": ");
                    json_px (out, gi->geometry.y_offset);
                  }
                if (unknown)
                  g_string_append (out, ", \"unknown\": true");
                g_string_append_c (out, '}');
              }
          }
      g_string_append (out, "]}\n");
      fwrite (out->str, 1, out->len, stdout);
      g_object_unref (layout);
    }

  if (empty_with_advance)
    fprintf (stderr, "pango_ref: warning: %ld skipped empty glyphs had a non-zero advance\n",
             empty_with_advance);

  g_string_free (out, TRUE);
  g_array_free (paras, TRUE);
  g_free (buf);
  return fflush (stdout) == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------------ */
/* bench                                                                    */

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
cmd_bench (const Options *o)
{
  gsize len;
  char *buf = read_input (o->file, &len);
  GArray *paras = split_paragraphs (buf, len);
  PangoSetup s;
  pango_setup (o, &s);
  int width = (int) round (o->width_px * PANGO_SCALE);
  long lines = 0;
  double t0 = 0;

  /* Iteration 0 is an untimed warm-up (font loading, fontconfig matching,
   * HarfBuzz shape plans); iterations 1..N are timed. */
  for (int it = 0; it <= o->iterations; it++)
    {
      if (it == 1)
        t0 = now_s ();
      long it_lines = 0;
      PangoDirection prev_dir = initial_neutral_dir (buf, len);
      for (guint n = 0; n < paras->len; n++)
        {
          const Para *p = &g_array_index (paras, Para, n);
          PangoLayout *layout = make_layout (o, &s, p, &prev_dir);
          pango_layout_set_width (layout, width);
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          PangoRectangle logical;
          pango_layout_get_extents (layout, NULL, &logical);
          it_lines += pango_layout_get_line_count (layout);
          PangoLayoutLine *first = pango_layout_get_line_readonly (layout, 0);
          if (first)
            prev_dir = strong_dir (pango_layout_line_get_resolved_direction (first));
          g_object_unref (layout);
        }
      lines = it_lines;
    }
  double secs = now_s () - t0;

  printf ("{\"tool\":\"pango\",\"bytes\":%lu,\"iterations\":%d,\"seconds\":%.6f,"
          "\"mb_per_s\":%.3f,\"lines\":%ld}\n",
          (unsigned long) len, o->iterations, secs,
          (double) len * o->iterations / secs / 1e6, lines);
  g_array_free (paras, TRUE);
  g_free (buf);
  return 0;
}

static int
cmd_bench_hb (const Options *o)
{
  gsize len;
  char *buf = read_input (o->file, &len);
  GArray *paras = split_paragraphs (buf, len);

  /* HarfBuzz alone: the first font file only, no fallback, no bidi. */
  const char *path = g_ptr_array_index (o->font_files, 0);
  hb_blob_t *blob = hb_blob_create_from_file_or_fail (path);
  if (!blob)
    die ("cannot read font file %s", path);
  hb_face_t *face = hb_face_create (blob, 0);
  hb_font_t *font = hb_font_create (face);
  int scale = (int) round (o->size_px * PANGO_SCALE);
  hb_font_set_scale (font, scale, scale);
  hb_language_t lang = hb_language_from_string (o->lang ? o->lang : "ar", -1);
  hb_buffer_t *hbuf = hb_buffer_create ();

  long glyphs = 0;
  double t0 = 0;
  for (int it = 0; it <= o->iterations; it++)
    {
      if (it == 1)
        t0 = now_s ();
      long it_glyphs = 0;
      for (guint n = 0; n < paras->len; n++)
        {
          const Para *p = &g_array_index (paras, Para, n);
          hb_buffer_clear_contents (hbuf);
          hb_buffer_add_utf8 (hbuf, p->text, p->len, 0, p->len);
          hb_buffer_set_language (hbuf, lang);
          hb_buffer_guess_segment_properties (hbuf);
          hb_shape (font, hbuf, NULL, 0);
          it_glyphs += hb_buffer_get_length (hbuf);
        }
      glyphs = it_glyphs;
    }
  double secs = now_s () - t0;

  printf ("{\"tool\":\"harfbuzz\",\"bytes\":%lu,\"iterations\":%d,\"seconds\":%.6f,"
          "\"mb_per_s\":%.3f,\"glyphs\":%ld}\n",
          (unsigned long) len, o->iterations, secs,
          (double) len * o->iterations / secs / 1e6, glyphs);

  hb_buffer_destroy (hbuf);
  hb_font_destroy (font);
  hb_face_destroy (face);
  hb_blob_destroy (blob);
  g_array_free (paras, TRUE);
  g_free (buf);
  return 0;
}

int
main (int argc, char **argv)
{
  Options o;
  parse_args (argc, argv, &o);
  if (!strcmp (o.mode, "dump"))
    return cmd_dump (&o);
  if (!strcmp (o.mode, "bench"))
    return cmd_bench (&o);
  return cmd_bench_hb (&o);
}
