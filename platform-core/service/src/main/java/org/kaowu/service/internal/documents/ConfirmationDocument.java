package org.kaowu.service.internal.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders a printable document (the enrollment confirmation 报考确认单, later admission notices) as PDF:
 * a title, facts (label and value), a table and notes, in Chinese, Latin and Uyghur (Arabic script,
 * shaped and laid right to left). Glyphs are embedded from {@link DocumentFonts}, the CJK font as a
 * subset; the Arabic-script font whole, with a ToUnicode map that names the text each shaped glyph stands
 * for, so that the text can be searched and extracted. Content is what the caller passes: the renderer
 * knows no region and no enrollment.
 */
public final class ConfirmationDocument {
    private static final float MARGIN = 56;
    private static final float BODY = 10.5f;
    private static final float TITLE = 16;
    private static final float LEADING = 1.6f;

    /** One label and its value, e.g. "姓名 Name" and "王小明". */
    public record Fact(String label, String value) {
        public Fact {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * What the document says: the title, the facts, a table (header and rows, each row as many cells as
     * the header; relative column widths), and notes (any script; a note in Arabic script is set right to left);
     * optionally a photo (JPEG) and a two-dimensional code (its modules, dark = true: a QR code), set at the
     * top right of the first page.
     */
    public record Content(String title, List<Fact> facts, List<String> header, List<Float> columnWidths, List<List<String>> rows,
            List<String> notes, java.util.Optional<byte[]> photo, java.util.Optional<boolean[][]> code) {
        /** A document without photo and code. */
        public Content(String title, List<Fact> facts, List<String> header, List<Float> columnWidths, List<List<String>> rows, List<String> notes) {
            this(title, facts, header, columnWidths, rows, notes, java.util.Optional.empty(), java.util.Optional.empty());
        }

        public Content {
            facts = List.copyOf(facts);
            header = List.copyOf(header);
            columnWidths = List.copyOf(columnWidths);
            rows = rows.stream().map(List::copyOf).toList();
            notes = List.copyOf(notes);
            int columns = header.size();
            if (columnWidths.size() != columns || rows.stream().anyMatch(r -> r.size() != columns)) {
                throw new IllegalArgumentException("every row has a cell, and a width, per header column");
            }
        }
    }

    private final DocumentFonts fonts;

    public ConfirmationDocument(DocumentFonts fonts) {
        this.fonts = fonts;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

    /** A renderer with the fonts shipped in this bundle (kept and lent by the one {@link DocumentFonts#shipped()}). */
    public static ConfirmationDocument shipped() {
        return new ConfirmationDocument(DocumentFonts.shipped());
    }

    /**
     * The first document would load PDFBox, decode and parse the fonts (a second or more on a cold node):
     * the first call prepares them in a background thread (e.g. when a node takes its first payment order,
     * before anyone can download a confirmation); later calls do nothing.
     */
    public static void prepareAhead() {
        if (PREPARED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                try {
                    shipped().prepare();
                } catch (RuntimeException | LinkageError e) {
                    // LinkageError: the bundle was stopped or refreshed while this ran; the next document prepares them
                    org.slf4j.LoggerFactory.getLogger(ConfirmationDocument.class)
                            .warn("Documents not prepared ahead (the first document prepares them): {}", e.toString());
                }
            }, "kaowu-documents-ahead");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Renders a sample document and throws it away: loads PDFBox's classes, parses the kept fonts and reads
     * their common glyphs, so that the first real document does not wait for that.
     */
    public void prepare() {
        render(new Content("高等教育自学考试 Enrollment confirmation", List.of(new Fact("姓名 Name", "王小明 0123456789")), List.of("课程 Course", "名称 Name"),
                List.of(1f, 3f), List.of(List.of("00015", "英语(二)")), List.of("ئىمتىھان تەستىقنامىسى")));
    }

    public byte[] render(Content content) {
        DocumentFonts.Parsed lent;
        try {
            lent = fonts.lend();
        } catch (IOException e) {
            throw new UncheckedIOException("document fonts not readable", e);
        }
        byte[] pdf;
        try {
            pdf = render(content, lent.cjk(), lent.arabic());
        } catch (RuntimeException | Error e) {
            fonts.discard(lent);
            throw e;
        }
        fonts.giveBack(lent);
        return pdf;
    }

    private byte[] render(Content content, TrueTypeFont cjkFont, TrueTypeFont arabicFont) {
        try (PDDocument doc = new PDDocument()) {
            Page page = new Page(doc, PDType0Font.load(doc, cjkFont, true), cjkFont, PDType0Font.load(doc, arabicFont, false), arabicFont,
                    fonts.arabicShaper());
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(content.title());
            info.setProducer("Kaowu");
            float right = PDRectangle.A4.getWidth() - MARGIN;
            float top = PDRectangle.A4.getHeight() - MARGIN;
            if (content.photo().isPresent()) {
                // A registration photo is 80x110 to 128x180 pixels: shown 72 pt wide (about 25 mm), its height by its shape.
                var image = org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromByteArray(doc, content.photo().get());
                float w = 72;
                float h = w * image.getHeight() / image.getWidth();
                page.stream.image(image, right - w, top - h, w, h);
                top -= h + 8;
            }
            if (content.code().isPresent()) {
                boolean[][] modules = content.code().get();
                float module = 96f / modules.length;
                for (int row = 0; row < modules.length; row++) {
                    for (int col = 0; col < modules[row].length; col++) {
                        if (modules[row][col]) {
                            page.stream.square(right - 96 + col * module, top - (row + 1) * module, module);
                        }
                    }
                }
                top -= 96;
            }
            float figuresBottom = top;
            page.line(content.title(), TITLE, MARGIN, true);
            page.advance(TITLE * 0.6f);
            float labelWidth = 0;
            for (Fact f : content.facts()) {
                labelWidth = Math.max(labelWidth, page.width(f.label(), BODY));
            }
            for (Fact f : content.facts()) {
                page.cells(List.of(f.label(), f.value()), List.of(MARGIN, MARGIN + labelWidth + 16), BODY);
            }
            // The table spans the page: it starts below the photo and the code.
            if (page.y > figuresBottom) {
                page.advance(page.y - figuresBottom);
            }
            if (!content.header().isEmpty()) {
                page.advance(BODY);
                float total = content.columnWidths().stream().reduce(0f, Float::sum);
                List<Float> xs = new ArrayList<>();
                float x = MARGIN;
                for (float w : content.columnWidths()) {
                    xs.add(x);
                    x += w / total * (PDRectangle.A4.getWidth() - 2 * MARGIN);
                }
                page.cells(content.header(), xs, BODY);
                page.rule();
                for (List<String> row : content.rows()) {
                    page.cells(row, xs, BODY);
                }
                page.rule();
            }
            page.advance(BODY);
            for (String note : content.notes()) {
                page.line(note, BODY, MARGIN, false);
            }
            page.close();
            page.finishArabicFont();
            // PDFBox registers a font for subsetting only when its own content stream sets it: subset here
            page.cjk.subset();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("document not rendered", e);
        }
    }

    /** The page being written: a cursor from the top, new pages as needed, glyphs shown font by font. */
    private static final class Page {
        private final PDDocument doc;
        private final PDType0Font cjk;
        private final PDType0Font arabic;
        private final CmapLookup cjkCmap;
        private final CmapLookup arabicCmap;
        private final TrueTypeFont cjkFont;
        private final TrueTypeFont arabicFont;
        private final java.awt.Font shaper;
        private final int arabicGlyphs;
        /** The Arabic-script font's codes: a shaped glyph and the text it stands for, each pair its own CID. */
        private final Map<String, Integer> arabicCids = new LinkedHashMap<>();
        private final Map<Integer, Integer> arabicGidOfCid = new LinkedHashMap<>();
        private final Map<Integer, String> arabicTextOfCid = new LinkedHashMap<>();
        private GlyphStream stream;
        private float y;

        Page(PDDocument doc, PDType0Font cjk, TrueTypeFont cjkFont, PDType0Font arabic, TrueTypeFont arabicFont, java.awt.Font shaper)
                throws IOException {
            this.doc = doc;
            this.cjk = cjk;
            this.arabic = arabic;
            this.cjkFont = cjkFont;
            this.arabicFont = arabicFont;
            this.cjkCmap = cjkFont.getUnicodeCmapLookup();
            this.arabicCmap = arabicFont.getUnicodeCmapLookup();
            this.shaper = shaper;
            this.arabicGlyphs = arabicFont.getNumberOfGlyphs();
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            stream = new GlyphStream(doc, p);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void advance(float dy) throws IOException {
            y -= dy;
            if (y < MARGIN) {
                newPage();
            }
        }

        List<ShapedText.Glyph> shape(String text) throws IOException {
            return ShapedText.shape(text, cjkCmap, arabicCmap, shaper, cjkFont);
        }

        float width(String text, float size) throws IOException {
            return width(shape(text), size);
        }

        private float width(List<ShapedText.Glyph> glyphs, float size) {
            float w = 0;
            for (ShapedText.Glyph g : glyphs) {
                w = Math.max(w, g.x() + g.advance());
            }
            return w * size / 1000;
        }

        /** A line of its own; right-aligned when it reads right to left. */
        void line(String text, float size, float x, boolean bold) throws IOException {
            advance(size * LEADING);
            List<ShapedText.Glyph> glyphs = shape(text);
            float at = ShapedText.rightToLeft(text) ? PDRectangle.A4.getWidth() - MARGIN - width(glyphs, size) : x;
            show(glyphs, size, at);
        }

        void cells(List<String> texts, List<Float> xs, float size) throws IOException {
            advance(size * LEADING);
            for (int i = 0; i < texts.size(); i++) {
                show(shape(texts.get(i)), size, xs.get(i));
            }
        }

        void rule() throws IOException {
            advance(BODY * 0.5f);
            stream.rule(MARGIN, PDRectangle.A4.getWidth() - MARGIN, y, 0.5f);
        }

        /**
         * Shows the glyphs at their places: runs of one font that follow each other by their advances in
         * one text object; a mark that stands for no text (it belongs to its letter's text) is drawn as
         * its outline, so that it is seen but not extracted as a character of its own.
         */
        private void show(List<ShapedText.Glyph> glyphs, float size, float x) throws IOException {
            float scale = size / 1000;
            int i = 0;
            while (i < glyphs.size()) {
                ShapedText.Glyph first = glyphs.get(i);
                if (first.font() == 1 && first.text().isEmpty()) {
                    stream.outline(arabicFont, first.gid(), x + first.x() * scale, y + first.y() * scale, size);
                    i++;
                    continue;
                }
                ByteArrayOutputStream codes = new ByteArrayOutputStream();
                Set<Integer> used = new HashSet<>();
                float expected = first.x();
                for (; i < glyphs.size(); i++) {
                    ShapedText.Glyph g = glyphs.get(i);
                    if (g.font() != first.font() || (g.font() == 1 && g.text().isEmpty()) || Math.abs(g.x() - expected) > 0.5f
                            || g.y() != first.y()) {
                        break;
                    }
                    int code = g.font() == 1 ? arabicCid(g) : g.gid();
                    codes.write(code >> 8);
                    codes.write(code);
                    used.add(g.gid());
                    expected = g.x() + advanceInPdf(g);
                }
                PDType0Font pdf = first.font() == 0 ? cjk : arabic;
                if (pdf.willBeSubset()) {
                    pdf.addGlyphsToSubset(used);
                }
                stream.beginText();
                stream.newLineAtOffset(x + first.x() * scale, y + first.y() * scale);
                stream.setFont(pdf, size);
                stream.glyphs(codes.toByteArray());
                stream.endText();
            }
        }

        /** The advance the PDF viewer applies after a glyph (the font's width of it), in thousandths of the size. */
        private float advanceInPdf(ShapedText.Glyph g) throws IOException {
            TrueTypeFont f = g.font() == 0 ? cjkFont : arabicFont;
            return f.getAdvanceWidth(g.gid()) * 1000f / f.getUnitsPerEm();
        }

        void close() throws IOException {
            stream.close();
        }

        /**
         * The code of a shaped glyph in the Arabic-script font: its glyph id the first time, another code
         * when the same glyph stands for other text (Naskh draws the initial forms of ب ت ن ي with one
         * dotless body and the dots apart), so that every code maps to one text.
         */
        private int arabicCid(ShapedText.Glyph g) {
            return arabicCids.computeIfAbsent(g.gid() + ":" + g.text(), k -> {
                int cid = arabicGidOfCid.containsKey(g.gid()) ? arabicGlyphs + arabicGidOfCid.size() : g.gid();
                if (cid > 0xFFFF) {
                    throw new IllegalStateException("too many shaped glyphs");
                }
                arabicGidOfCid.put(cid, g.gid());
                arabicTextOfCid.put(cid, g.text());
                return cid;
            });
        }

        /**
         * Completes the Arabic-script font (embedded whole) for the codes shown: CIDToGIDMap and widths
         * for the extra codes, and a ToUnicode map from each code to the text it stands for (a joining
         * form to its letter, a ligature to its letters, a separate mark of a letter to nothing), which the
         * font's cmap alone cannot say.
         */
        void finishArabicFont() throws IOException {
            org.apache.pdfbox.cos.COSDictionary cidFont = arabic.getDescendantFont().getCOSObject();
            int maxCid = arabicGidOfCid.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            byte[] map = new byte[2 * Math.max(maxCid + 1, arabicGlyphs)];
            for (int cid = 0; cid < map.length / 2; cid++) {
                int gid = arabicGidOfCid.getOrDefault(cid, cid < arabicGlyphs ? cid : 0);
                map[2 * cid] = (byte) (gid >> 8);
                map[2 * cid + 1] = (byte) gid;
            }
            cidFont.setItem(COSName.CID_TO_GID_MAP, stream(map));
            org.apache.pdfbox.cos.COSArray widths = (org.apache.pdfbox.cos.COSArray) cidFont.getDictionaryObject(COSName.W);
            if (widths == null) {
                widths = new org.apache.pdfbox.cos.COSArray();
                cidFont.setItem(COSName.W, widths);
            }
            for (Map.Entry<Integer, Integer> e : arabicGidOfCid.entrySet()) {
                if (e.getKey() >= arabicGlyphs) {
                    org.apache.pdfbox.cos.COSArray w = new org.apache.pdfbox.cos.COSArray();
                    w.add(org.apache.pdfbox.cos.COSInteger.get(Math.round(arabicFont.getAdvanceWidth(e.getValue()) * 1000f / arabicFont.getUnitsPerEm())));
                    widths.add(org.apache.pdfbox.cos.COSInteger.get(e.getKey()));
                    widths.add(w);
                }
            }
            StringBuilder cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Kaowu-Shaped-UCS def\n"
                    + "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
            List<Map.Entry<Integer, String>> entries = new ArrayList<>(arabicTextOfCid.entrySet());
            for (int from = 0; from < entries.size(); from += 100) {
                List<Map.Entry<Integer, String>> block = entries.subList(from, Math.min(entries.size(), from + 100));
                cmap.append(block.size()).append(" beginbfchar\n");
                for (Map.Entry<Integer, String> e : block) {
                    cmap.append(String.format(Locale.ROOT, "<%04X> <", e.getKey()));
                    for (char c : e.getValue().toCharArray()) {
                        cmap.append(String.format(Locale.ROOT, "%04X", (int) c));
                    }
                    cmap.append(">\n");
                }
                cmap.append("endbfchar\n");
            }
            cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
            arabic.getCOSObject().setItem(COSName.TO_UNICODE, stream(cmap.toString().getBytes(StandardCharsets.US_ASCII)));
        }

        private COSStream stream(byte[] data) throws IOException {
            COSStream s = doc.getDocument().createCOSStream();
            try (OutputStream o = s.createOutputStream(COSName.FLATE_DECODE)) {
                o.write(data);
            }
            return s;
        }
    }

    /**
     * A page's content stream written directly: PDFBox's content stream encodes text through the font's
     * cmap, which cannot show the contextual glyphs that shaping chose; this shows glyph ids as they are
     * (two bytes each, Identity-H) and draws rules.
     */
    private static final class GlyphStream implements java.io.Closeable {
        private final org.apache.pdfbox.pdmodel.PDResources resources = new org.apache.pdfbox.pdmodel.PDResources();
        private final OutputStream out;

        GlyphStream(PDDocument doc, PDPage page) throws IOException {
            org.apache.pdfbox.pdmodel.common.PDStream contents = new org.apache.pdfbox.pdmodel.common.PDStream(doc);
            page.setContents(contents);
            page.setResources(resources);
            out = contents.createOutputStream(COSName.FLATE_DECODE);
        }

        private void op(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }

        private static String n(float f) {
            return new java.math.BigDecimal(f).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }

        void beginText() throws IOException {
            op("BT");
        }

        void endText() throws IOException {
            op("ET");
        }

        void newLineAtOffset(float x, float y) throws IOException {
            op(n(x) + " " + n(y) + " Td");
        }

        void setFont(PDType0Font font, float size) throws IOException {
            op("/" + resources.add(font).getName() + " " + n(size) + " Tf");
        }

        void glyphs(byte[] codes) throws IOException {
            StringBuilder hex = new StringBuilder("<");
            for (byte b : codes) {
                hex.append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
            op(hex.append("> Tj").toString());
        }

        /** A glyph's outline as a filled path, {@code size} points to the em, its origin at (x, y). */
        void outline(TrueTypeFont font, int gid, float x, float y, float size) throws IOException {
            org.apache.fontbox.ttf.GlyphData glyph = font.getGlyph().getGlyph(gid);
            if (glyph == null) {
                return;
            }
            float s = size / font.getUnitsPerEm();
            java.awt.geom.PathIterator it = glyph.getPath().getPathIterator(null);
            float[] c = new float[6];
            float lastX = 0;
            float lastY = 0;
            StringBuilder path = new StringBuilder();
            for (; !it.isDone(); it.next()) {
                int type = it.currentSegment(c);
                for (int k = 0; k < 6; k += 2) {
                    c[k] = x + c[k] * s;
                    c[k + 1] = y + c[k + 1] * s;
                }
                switch (type) {
                    case java.awt.geom.PathIterator.SEG_MOVETO -> path.append(n(c[0])).append(' ').append(n(c[1])).append(" m ");
                    case java.awt.geom.PathIterator.SEG_LINETO -> path.append(n(c[0])).append(' ').append(n(c[1])).append(" l ");
                    case java.awt.geom.PathIterator.SEG_QUADTO -> path.append(n(lastX + 2f / 3 * (c[0] - lastX))).append(' ')
                            .append(n(lastY + 2f / 3 * (c[1] - lastY))).append(' ').append(n(c[2] + 2f / 3 * (c[0] - c[2]))).append(' ')
                            .append(n(c[3] + 2f / 3 * (c[1] - c[3]))).append(' ').append(n(c[2])).append(' ').append(n(c[3])).append(" c ");
                    case java.awt.geom.PathIterator.SEG_CUBICTO -> path.append(n(c[0])).append(' ').append(n(c[1])).append(' ').append(n(c[2]))
                            .append(' ').append(n(c[3])).append(' ').append(n(c[4])).append(' ').append(n(c[5])).append(" c ");
                    default -> path.append("h ");
                }
                switch (type) {
                    case java.awt.geom.PathIterator.SEG_MOVETO, java.awt.geom.PathIterator.SEG_LINETO -> {
                        lastX = c[0];
                        lastY = c[1];
                    }
                    case java.awt.geom.PathIterator.SEG_QUADTO -> {
                        lastX = c[2];
                        lastY = c[3];
                    }
                    case java.awt.geom.PathIterator.SEG_CUBICTO -> {
                        lastX = c[4];
                        lastY = c[5];
                    }
                    default -> {
                        // close: the current point returns to the subpath's start, which the next segment moves from
                    }
                }
            }
            if (path.length() > 0) {
                op(path.append('f').toString());
            }
        }

        /** An image at (x, y), its lower left corner, w by h points. */
        void image(org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image, float x, float y, float w, float h) throws IOException {
            op("q " + n(w) + " 0 0 " + n(h) + " " + n(x) + " " + n(y) + " cm /" + resources.add(image).getName() + " Do Q");
        }

        /** A filled square, its lower left corner at (x, y); a hair larger, so that neighbouring squares leave no seam. */
        void square(float x, float y, float size) throws IOException {
            op(n(x) + " " + n(y) + " " + n(size + 0.01f) + " " + n(size + 0.01f) + " re f");
        }

        void rule(float x1, float x2, float y, float width) throws IOException {
            op(n(width) + " w " + n(x1) + " " + n(y) + " m " + n(x2) + " " + n(y) + " l S");
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
