package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

class DocumentsTest {
    private static final long FEW_MB = 8L * 1024 * 1024;

    @BeforeAll
    static void warmUp() throws IOException {
        Documents.check(ImageBombs.image("jpeg", 20, 20), "document");
        Documents.check(pdf(doc -> { }), "document");
    }

    /** A one-page PDF built with PDFBox, changed by {@code change} before it is saved. */
    static byte[] pdf(Consumer<PDDocument> change) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.addRect(50, 50, 200, 100);
                content.fill();
            }
            change.accept(doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void aCleanPdfIsAcceptedAndKeptAsRewritten() throws IOException {
        byte[] clean = pdf(doc -> { });
        byte[] polyglot = (new String(clean, StandardCharsets.ISO_8859_1) + "\n<html><script>alert(1)</script></html>\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        CheckedUpload kept = Documents.check(polyglot, "document");
        assertThat(kept.format()).isEqualTo("pdf");
        assertThat(kept.bytes()).isNotEqualTo(polyglot);
        assertThat(new String(kept.bytes(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-").doesNotContain("<html");
        try (PDDocument again = Loader.loadPDF(kept.bytes())) {
            assertThat(again.getNumberOfPages()).isEqualTo(1);
        }
    }

    @Test
    void activeOrEmbeddedContentIsRefused() throws IOException {
        assertRefused(pdf(doc -> doc.getDocumentCatalog().setOpenAction(javaScript())), "JavaScript", "/OpenAction");
        assertRefused(pdf(doc -> {
            PDActionLaunch launch = new PDActionLaunch();
            launch.setFile(new PDSimpleFileSpecification(new org.apache.pdfbox.cos.COSString("calc.exe")));
            link(doc, launch);
        }), "Launch");
        assertRefused(pdf(doc -> link(doc, javaScript())), "JavaScript");
        assertRefused(pdf(doc -> {
            PDPageAdditionalActions aa = doc.getPage(0).getActions();
            aa.setO(javaScript());
            doc.getPage(0).setActions(aa);
        }), "JavaScript");
        assertRefused(pdf(doc -> {
            PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
            scripts.setNames(java.util.Map.of("init", javaScript()));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            names.setJavascript(scripts);
            doc.getDocumentCatalog().setNames(names);
        }), "JavaScript");
        assertRefused(pdf(doc -> {
            try {
                PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream("MZ not a virus".getBytes(StandardCharsets.US_ASCII)));
                PDComplexFileSpecification spec = new PDComplexFileSpecification();
                spec.setFile("invoice.exe");
                spec.setEmbeddedFile(file);
                PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
                files.setNames(java.util.Map.of("invoice.exe", spec));
                PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
                names.setEmbeddedFiles(files);
                doc.getDocumentCatalog().setNames(names);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), "embedded file");
    }

    @Test
    void whatDoesNotParseIsRefused() {
        assertRefused("%PDF-1.7\nnot really a PDF at all\n%%EOF\n".getBytes(StandardCharsets.US_ASCII), "cannot be read");
        assertRefused(ImageBombs.image("png", 20, 20), "only PDF or JPEG");
    }

    @Test
    void anImageXObjectDeclaringHugePixelsIsRefusedWithoutDecoding() throws IOException {
        byte[] bomb = pdf(doc -> {
            try {
                PDImageXObject image = LosslessFactory.createFromImage(doc, new java.awt.image.BufferedImage(4, 4,
                        java.awt.image.BufferedImage.TYPE_INT_RGB));
                image.getCOSObject().setInt(COSName.WIDTH, 50_000);
                image.getCOSObject().setInt(COSName.HEIGHT, 50_000);
                try (PDPageContentStream content = new PDPageContentStream(doc, doc.getPage(0), PDPageContentStream.AppendMode.APPEND, false)) {
                    content.drawImage(image, 0, 0, 100, 100);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long allocated = ImageBombs.allocatedBy(() -> assertRefused(bomb, "50000x50000 pixels"));
        assertThat(allocated).isLessThan(FEW_MB);
    }

    @ParameterizedTest
    @CsvSource({"26000", "50000"})
    void jpegBombsAreRefusedAsProofsWithoutDecoding(int side) {
        byte[] bomb = ImageBombs.jpeg(side, side);
        long allocated = ImageBombs.allocatedBy(() -> assertRefused(bomb, side + "x" + side + " pixels"));
        assertThat(allocated).isLessThan(FEW_MB);
    }

    @Test
    void aJpegProofIsReEncoded() throws IOException {
        byte[] jpeg = ImageBombs.image("jpeg", 300, 400);
        byte[] polyglot = new byte[jpeg.length + 8];
        System.arraycopy(jpeg, 0, polyglot, 0, jpeg.length);
        System.arraycopy("PK\u0003\u0004junk".getBytes(StandardCharsets.ISO_8859_1), 0, polyglot, jpeg.length, 8);
        CheckedUpload kept = Documents.check(polyglot, "document");
        assertThat(kept.format()).isEqualTo("jpeg");
        assertThat(kept.bytes()).isNotEqualTo(polyglot);
        assertThat(new String(kept.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("PK\u0003\u0004");
        assertThat(ImageIO.read(new ByteArrayInputStream(kept.bytes())).getWidth()).isEqualTo(300);
    }

    private static PDActionJavaScript javaScript() {
        return new PDActionJavaScript("app.alert('owned')");
    }

    private static void link(PDDocument doc, org.apache.pdfbox.pdmodel.interactive.action.PDAction action) {
        try {
            PDAnnotationLink link = new PDAnnotationLink();
            link.setRectangle(new org.apache.pdfbox.pdmodel.common.PDRectangle(10, 10, 50, 50));
            link.setAction(action);
            doc.getPage(0).getAnnotations().add(link);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRefused(byte[] document, String... why) {
        AtomicReference<KaowuException> refused = new AtomicReference<>();
        try {
            Documents.check(document, "document");
        } catch (KaowuException e) {
            refused.set(e);
        }
        assertThat(refused.get()).as("refused: %s", List.of(why)).isNotNull();
        assertThat(refused.get().code()).isEqualTo(ErrorCode.DOCUMENT_REJECTED);
        assertThat(refused.get().field()).contains("document");
        assertThat(List.of(why)).as(refused.get().getMessage()).anyMatch(w -> refused.get().getMessage().contains(w));
    }
}
