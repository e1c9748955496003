package org.kaowu.service.internal.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The confirmation renders Chinese and Uyghur: the text extracted back from the PDF holds the candidate's
 * Chinese name, the Chinese course names and the Uyghur line; both fonts are embedded; Uyghur letters are
 * shaped into their joining forms by the font.
 */
class ConfirmationDocumentTest {
    static final String UYGHUR = "ئىمتىھان تەستىقنامىسى";
    static final String UYGHUR_LANGUAGE = "ئۇيغۇرچە";
    private static DocumentFonts fonts;

    @BeforeAll
    static void fonts() {
        fonts = DocumentFonts.shipped();
    }

    static ConfirmationDocument.Content content() {
        return new ConfirmationDocument.Content("高等教育自学考试报考确认单 Enrollment confirmation",
                List.of(new ConfirmationDocument.Fact("姓名 Name", "王小明"), new ConfirmationDocument.Fact("准考证号 Ticket", "650100123456"),
                        new ConfirmationDocument.Fact("考试 Sitting", "2019年4月 (2019-04)"), new ConfirmationDocument.Fact("考区 Exam area", "500103 测试考区"),
                        new ConfirmationDocument.Fact("考试语种 Exam language", UYGHUR_LANGUAGE),
                        new ConfirmationDocument.Fact("已缴费 Paid", "86.00 CNY")),
                List.of("课程 Course", "名称 Name", "场次 Session"), List.of(1f, 3f, 2.4f),
                List.of(List.of("03708", "中国近现代史纲要", "2019-04-13 09:00-11:30"), List.of("03709", "马克思主义基本原理概论", "2019-04-13 14:30-17:00"),
                        List.of("00015", "英语(二)", "2019-04-14 09:00-11:30")),
                List.of("请携带身份证和准考证按时参加考试。", UYGHUR));
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return Normalizer.normalize(new PDFTextStripper().getText(doc), Normalizer.Form.NFKC);
        }
    }

    @Test
    void extractedTextHoldsTheChineseNameCoursesAndTheUyghurLine() throws Exception {
        byte[] pdf = new ConfirmationDocument(fonts).render(content());
        if (System.getProperty("kaowu.documents.out") != null) {
            Files.write(Path.of(System.getProperty("kaowu.documents.out")), pdf);
        }
        String text = text(pdf);
        assertThat(text).contains("王小明", "中国近现代史纲要", "马克思主义基本原理概论", "英语(二)", "高等教育自学考试报考确认单", "86.00 CNY",
                "2019-04-13 09:00-11:30", "请携带身份证和准考证按时参加考试。");
        assertThat(text).contains(UYGHUR).contains(UYGHUR_LANGUAGE);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<String> embedded = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                assertThat(f.isEmbedded()).as(f.getName()).isTrue();
                embedded.add(f.getName());
            }
            assertThat(embedded).anySatisfy(n -> assertThat(n).matches("[A-Z]{6}\\+NotoSansSC.*"))
                    .anySatisfy(n -> assertThat(n).contains("NotoNaskhArabic"));
        }
        // a subset of the CJK font, not the whole of it
        assertThat(pdf.length).isLessThan(400_000);
    }

    @Test
    void uyghurLettersTakeTheirJoiningFormsAndRunRightToLeft() throws Exception {
        TrueTypeFont arabic = fonts.arabic();
        TrueTypeFont cjk = fonts.cjk();
        var cmap = arabic.getUnicodeCmapLookup();
        // "بە": beh joins to ae, so beh takes its initial form and ae (U+06D5, Uyghur) its final form
        List<ShapedText.Glyph> be = ShapedText.shape("بە", cjk.getUnicodeCmapLookup(), cmap, fonts.arabicShaper(), cjk);
        List<ShapedText.Glyph> letters = be.stream().filter(g -> !g.text().isEmpty()).toList();
        assertThat(letters).extracting(ShapedText.Glyph::text).containsExactly("ە", "ب"); // right to left: the first letter is rightmost
        assertThat(letters.get(1).gid()).isNotEqualTo(cmap.getGlyphId(0x0628));
        assertThat(letters.get(0).gid()).isNotEqualTo(cmap.getGlyphId(0x06D5));
        assertThat(letters.get(1).x()).isGreaterThan(letters.get(0).x());
        assertThat(be).allSatisfy(g -> assertThat(g.font()).isEqualTo(1));
        // the same letters apart keep their isolated forms
        List<ShapedText.Glyph> apart = ShapedText.shape("ە ب", cjk.getUnicodeCmapLookup(), cmap, fonts.arabicShaper(), cjk);
        assertThat(apart.stream().filter(g -> g.text().equals("ە")).findFirst().orElseThrow().gid()).isEqualTo(cmap.getGlyphId(0x06D5));
        // digits inside a Uyghur line stay left to right, in the CJK font
        List<ShapedText.Glyph> mixed = ShapedText.shape("بە 2019", cjk.getUnicodeCmapLookup(), cmap, fonts.arabicShaper(), cjk);
        assertThat(mixed.get(0).text()).isEqualTo("2");
        assertThat(mixed.stream().map(ShapedText.Glyph::text).filter(t -> !t.isEmpty()).toList()).containsExactly("2", "0", "1", "9", " ", "ە", "ب");
    }

    @Test
    void documentsRenderedAtOnceOnLentFontsAreEachTheDocumentRenderedAlone() throws Exception {
        ConfirmationDocument renderer = new ConfirmationDocument(DocumentFonts.shipped());
        String alone = withoutId(renderer.render(content()));
        int threads = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<byte[]>>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    List<byte[]> pdfs = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        pdfs.add(renderer.render(content()));
                    }
                    return pdfs;
                }));
            }
            start.countDown();
            for (var f : done) {
                for (byte[] pdf : f.get(2, java.util.concurrent.TimeUnit.MINUTES)) {
                    assertThat(withoutId(pdf)).isEqualTo(alone);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // and the fonts kept after all that still render the same document
        assertThat(withoutId(renderer.render(content()))).isEqualTo(alone);
    }

    /** A PDF's bytes but its file identifier, which PDFBox derives from the time of saving. */
    private static String withoutId(byte[] pdf) {
        String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).containsOnlyOnce("/ID [<");
        return text.replaceAll("/ID \\[<[0-9A-F]+> <[0-9A-F]+>\\]", "/ID");
    }
}
