package org.kaowu.service.internal.documents;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The fonts of printable documents, both under the SIL Open Font License 1.1 and fetched by the build
 * from the npm registry (webfont packages {@code @fontsource/noto-sans-sc} and
 * {@code @fontsource/noto-naskh-arabic}, WOFF files in {@code fonts/} of this bundle, their licence
 * beside them): Noto Sans SC (its "chinese-simplified" subset: 7,900 characters, Latin and digits too)
 * for everything but Arabic script, and Noto Naskh Arabic for Arabic script (Uyghur). Decoded once;
 * PDF documents embed subsets of them.
 */
public final class DocumentFonts {
    static final String CJK = "fonts/noto-sans-sc-chinese-simplified-400-normal.woff";
    static final String ARABIC = "fonts/noto-naskh-arabic-arabic-400-normal.woff";

    private final byte[] cjk;
    private final byte[] arabic;
    private final Font arabicShaper;

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

    /** A fresh parse of the CJK font (PDFBox closes the fonts it embeds with the document). */
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
