package org.kaowu.service.internal.documents;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The fonts of printable documents, both under the SIL Open Font License 1.1 and fetched by the build
 * from the npm registry (webfont packages {@code @fontsource/noto-sans-sc} and
 * {@code @fontsource/noto-naskh-arabic}, WOFF files in {@code fonts/} of this bundle, their licence
 * beside them): Noto Sans SC (its "chinese-simplified" subset: 7,900 characters, Latin and digits too)
 * for everything but Arabic script, and Noto Naskh Arabic for Arabic script (Uyghur). Decoded once;
 * PDF documents embed subsets of them.
 * <p>
 * Parsing the CJK font is most of a document's cost (15 MB allocated and most of its time, measured
 * 2026-11-30), so parsed fonts are kept and lent, one document at a time: FontBox reads a font's tables
 * lazily through one shared stream, not safe for two threads at once. {@link PDType0Font#load(PDDocument,
 * TrueTypeFont, boolean)} neither closes nor changes the font it is given.
 */
public final class DocumentFonts {
    static final String CJK = "fonts/noto-sans-sc-chinese-simplified-400-normal.woff";
    static final String ARABIC = "fonts/noto-naskh-arabic-arabic-400-normal.woff";

    private final byte[] cjk;
    private final byte[] arabic;
    private final Font arabicShaper;
    /** Parsed fonts not lent at the moment: at most one per core (a parsed CJK font holds a few MB once its glyphs are read). */
    private final BlockingQueue<Parsed> idle = new ArrayBlockingQueue<>(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));

    /** The two fonts parsed, lent to one document at a time. */
    record Parsed(TrueTypeFont cjk, TrueTypeFont arabic) {
    }

    private DocumentFonts(byte[] cjk, byte[] arabic) throws IOException {
        this.cjk = cjk;
        this.arabic = arabic;
        try {
            // the JDK's text layout (HarfBuzz) applies the font's own OpenType shaping: joining forms, ligatures
            this.arabicShaper = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(arabic));
        } catch (FontFormatException e) {
            throw new IOException("Arabic-script font not readable", e);
        }
    }

    /** The fonts shipped in this bundle. */
    public static DocumentFonts shipped() {
        try {
            return new DocumentFonts(Woff.toSfnt(resource(CJK)), Woff.toSfnt(resource(ARABIC)));
        } catch (IOException e) {
            throw new UncheckedIOException("document fonts missing or broken (the build fetches them from the npm registry)", e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DocumentFonts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " in the bundle");
            }
            return in.readAllBytes();
        }
    }

    /** Parsed fonts for one document: kept ones when there are, else parsed now; give them {@link #giveBack} when done. */
    Parsed lend() throws IOException {
        Parsed kept = idle.poll();
        return kept != null ? kept : new Parsed(cjk(), arabic());
    }

    /** Fonts lent by {@link #lend} back, after a document that was rendered whole (a failed one may have left them mid-read). */
    void giveBack(Parsed fonts) {
        idle.offer(fonts);
    }

    /** A fresh parse of the CJK font. */
    TrueTypeFont cjk() throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(cjk));
    }

    TrueTypeFont arabic() throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(arabic));
    }

    Font arabicShaper() {
        return arabicShaper;
    }
}
