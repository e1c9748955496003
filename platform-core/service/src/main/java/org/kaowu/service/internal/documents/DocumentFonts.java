package org.kaowu.service.internal.documents;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * TrueTypeFont, boolean)} neither closes nor changes the font it is given. There are at most as many parsed
 * fonts as cores (up to 4): more documents at once wait for one to be given back (a document takes ~15 ms)
 * rather than parse more, which under a burst of downloads cost more time than the wait, and memory.
 */
public final class DocumentFonts {
    static final String CJK = "fonts/noto-sans-sc-chinese-simplified-400-normal.woff";
    static final String ARABIC = "fonts/noto-naskh-arabic-arabic-400-normal.woff";

    private final byte[] cjk;
    private final byte[] arabic;
    private final Font arabicShaper;
    private static final int KEPT = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** How long a document waits for kept fonts before it parses its own (not kept afterwards). */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final int keep;
    private final long waitNanos;
    /** Parsed fonts not lent at the moment. */
    private final BlockingQueue<Parsed> idle = new LinkedBlockingQueue<>();
    /** Kept parsed fonts, lent or not: at most {@link #keep}. */
    private final AtomicInteger kept = new AtomicInteger();

    /** The two fonts parsed, lent to one document at a time; {@code kept}: given back for the next document. */
    record Parsed(TrueTypeFont cjk, TrueTypeFont arabic, boolean kept) {
    }

    private DocumentFonts(byte[] cjk, byte[] arabic, int keep, long waitNanos) throws IOException {
        this.cjk = cjk;
        this.arabic = arabic;
        this.keep = keep;
        this.waitNanos = waitNanos;
        try {
            // the JDK's text layout (HarfBuzz) applies the font's own OpenType shaping: joining forms, ligatures
            this.arabicShaper = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(arabic));
        } catch (FontFormatException e) {
            throw new IOException("Arabic-script font not readable", e);
        }
    }

    private static volatile DocumentFonts shipped;

    /** The fonts shipped in this bundle: decoded on first use, then one instance for every document of the bundle. */
    public static DocumentFonts shipped() {
        DocumentFonts fonts = shipped;
        if (fonts == null) {
            synchronized (DocumentFonts.class) {
                fonts = shipped;
                if (fonts == null) {
                    fonts = load(KEPT, WAIT_NANOS);
                    shipped = fonts;
                }
            }
        }
        return fonts;
    }

    /** The shipped fonts decoded anew, keeping at most {@code keep} parsed pairs, a document waiting {@code waitNanos} for one. */
    static DocumentFonts load(int keep, long waitNanos) {
        try {
            return new DocumentFonts(Woff.toSfnt(resource(CJK)), Woff.toSfnt(resource(ARABIC)), keep, waitNanos);
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

    /**
     * Parsed fonts for one document: kept ones when one is free, else newly parsed ones while fewer than
     * {@link #keep} are kept, else the next given back; give them {@link #giveBack} or {@link #discard}.
     */
    Parsed lend() throws IOException {
        long deadline = System.nanoTime() + waitNanos;
        while (true) {
            Parsed free = idle.poll();
            if (free != null) {
                return free;
            }
            if (kept.incrementAndGet() <= keep) {
                try {
                    return new Parsed(cjk(), arabic(), true);
                } catch (IOException | RuntimeException e) {
                    kept.decrementAndGet();
                    throw e;
                }
            }
            kept.decrementAndGet();
            try {
                free = idle.poll(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for document fonts");
            }
            if (free != null) {
                return free;
            }
            if (System.nanoTime() - deadline > 0) {
                return new Parsed(cjk(), arabic(), false);
            }
        }
    }

    /** Fonts lent by {@link #lend} back, after a document that was rendered whole. */
    void giveBack(Parsed fonts) {
        if (fonts.kept()) {
            idle.offer(fonts);
        }
    }

    /** Fonts lent by {@link #lend} that a failed document may have left mid-read: not lent again. */
    void discard(Parsed fonts) {
        if (fonts.kept()) {
            kept.decrementAndGet();
        }
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
