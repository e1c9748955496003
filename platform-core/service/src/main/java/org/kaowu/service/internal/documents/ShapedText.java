package org.kaowu.service.internal.documents;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.io.IOException;
import java.text.Bidi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.fontbox.ttf.CmapLookup;

/**
 * One line of text as glyphs in visual order, left to right, ready to be shown: the Unicode
 * bidirectional algorithm orders the runs ({@link Bidi}), Arabic-script runs are shaped by the font's
 * OpenType tables through the JDK's text layout (joining forms, lam-alef, Uyghur letters such as ە and ې
 * in their contextual forms), and everything else maps character by character to the CJK font. Each
 * glyph keeps the text it stands for, so that the PDF's ToUnicode map gives the text back.
 */
final class ShapedText {
    /**
     * A glyph: which font (0 the CJK font, 1 the Arabic-script font), its id, the text it stands for
     * (empty for a mark drawn apart from its letter, such as the dots Naskh sets separately), and where:
     * {@code x} and {@code y} from the line's start (y up) and {@code advance}, in thousandths of the font size.
     */
    record Glyph(int font, int gid, String text, float x, float y, float advance) {
        Glyph at(float dx) {
            return new Glyph(font, gid, text, x + dx, y, advance);
        }
    }

    private static final FontRenderContext FRC = new FontRenderContext(null, false, false);

    private ShapedText() {
    }

    static boolean isArabicScript(int cp) {
        return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF)
                || (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
    }

    /** Whether the paragraph reads right to left (its first strong character is). */
    static boolean rightToLeft(String text) {
        return !new Bidi(text, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).baseIsLeftToRight();
    }

    static List<Glyph> shape(String text, CmapLookup cjk, CmapLookup arabic, Font arabicShaper, org.apache.fontbox.ttf.TrueTypeFont cjkFont)
            throws IOException {
        List<Glyph> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        Bidi bidi = new Bidi(text, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        int runs = bidi.getRunCount();
        byte[] levels = new byte[runs];
        Integer[] order = new Integer[runs];
        for (int i = 0; i < runs; i++) {
            levels[i] = (byte) bidi.getRunLevel(i);
            order[i] = i;
        }
        Bidi.reorderVisually(levels, 0, order, 0, runs);
        float pen = 0;
        for (int r : order) {
            String run = text.substring(bidi.getRunStart(r), bidi.getRunLimit(r));
            boolean rtl = (bidi.getRunLevel(r) & 1) == 1;
            List<List<Glyph>> segments = new ArrayList<>();
            for (String segment : segments(run)) {
                segments.add(isArabicScript(segment.codePointAt(0)) ? arabic(segment, arabicShaper) : plain(segment, rtl, cjk, cjkFont));
            }
            if (rtl) {
                java.util.Collections.reverse(segments);
            }
            for (List<Glyph> segment : segments) {
                // each segment's x starts at 0: lay them end to end
                float width = 0;
                for (Glyph g : segment) {
                    out.add(g.at(pen));
                    width = Math.max(width, g.x() + g.advance());
                }
                pen += width;
            }
        }
        return out;
    }

    /** The run cut where it changes between Arabic script and anything else. */
    private static List<String> segments(String run) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < run.length(); ) {
            int cp = run.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (next < run.length() && isArabicScript(run.codePointAt(next)) != isArabicScript(cp)) {
                out.add(run.substring(start, next));
                start = next;
            }
            i = next;
        }
        out.add(run.substring(start));
        return out;
    }

    /** Characters one to one in the CJK font, reversed (and mirrored: brackets) when the run reads right to left. */
    private static List<Glyph> plain(String segment, boolean rtl, CmapLookup cjk, org.apache.fontbox.ttf.TrueTypeFont font) throws IOException {
        List<Integer> cps = new ArrayList<>(segment.codePoints().boxed().toList());
        if (rtl) {
            java.util.Collections.reverse(cps);
        }
        List<Glyph> out = new ArrayList<>();
        float x = 0;
        float em = font.getUnitsPerEm();
        for (int cp : cps) {
            int shown = rtl ? mirror(cp) : cp;
            int gid = cjk.getGlyphId(shown);
            float advance = font.getAdvanceWidth(gid) * 1000f / em;
            out.add(new Glyph(0, gid, new String(Character.toChars(shown)), x, 0, advance));
            x += advance;
        }
        return out;
    }

    private static int mirror(int cp) {
        return switch (cp) {
            case '(' -> ')';
            case ')' -> '(';
            case '[' -> ']';
            case ']' -> '[';
            case '«' -> '»';
            case '»' -> '«';
            default -> cp;
        };
    }

    /**
     * An Arabic-script segment shaped by the font (right to left), its glyphs ordered by their position
     * left to right, placed where the font's positioning puts them (marks over their letters). In each
     * cluster the widest glyph stands for the cluster's text (a lam-alef ligature for two letters); the
     * others (marks) stand for nothing.
     */
    private static List<Glyph> arabic(String segment, Font shaper) {
        char[] chars = segment.toCharArray();
        GlyphVector gv = shaper.deriveFont(1000f).layoutGlyphVector(FRC, chars, 0, chars.length, Font.LAYOUT_RIGHT_TO_LEFT);
        int n = gv.getNumGlyphs();
        int[] codes = gv.getGlyphCodes(0, n, null);
        int[] clusters = gv.getGlyphCharIndices(0, n, null);
        int[] starts = Arrays.stream(clusters).distinct().sorted().toArray();
        float[] advances = new float[n];
        java.util.Map<Integer, Integer> base = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            advances[i] = gv.getGlyphMetrics(i).getAdvanceX();
            if (codes[i] > 0 && codes[i] < 0xFFFE) {
                Integer b = base.get(clusters[i]);
                if (b == null || advances[i] > advances[b]) {
                    base.put(clusters[i], i);
                }
            }
        }
        List<Integer> visual = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (codes[i] > 0 && codes[i] < 0xFFFE) {
                visual.add(i);
            }
        }
        visual.sort(Comparator.comparingDouble(i -> gv.getGlyphPosition(i).getX()));
        float left = visual.isEmpty() ? 0 : (float) gv.getGlyphPosition(visual.get(0)).getX();
        List<Glyph> out = new ArrayList<>();
        for (int i : visual) {
            int start = clusters[i];
            int k = Arrays.binarySearch(starts, start);
            int end = k + 1 < starts.length ? starts[k + 1] : chars.length;
            String text = base.get(start) == i ? new String(chars, start, end - start) : "";
            java.awt.geom.Point2D p = gv.getGlyphPosition(i);
            out.add(new Glyph(1, codes[i], text, (float) p.getX() - left, (float) -p.getY(), advances[i]));
        }
        return out;
    }
}
