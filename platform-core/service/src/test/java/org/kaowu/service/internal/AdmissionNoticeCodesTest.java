package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.kaowu.service.internal.documents.ConfirmationDocument;
import org.kaowu.service.internal.documents.DocumentFonts;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Admission-notice verification codes: a code names its enrollment and is accepted back (also in lower
 * case, and after the signing key is rotated to previousSecrets), a changed character or another key's code
 * is refused; the QR code reads back as the verification address; the notice carries photo and QR code.
 */
class AdmissionNoticeCodesTest {
    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return key;
    }

    private static AdmissionNoticeService service(byte[] key, List<byte[]> previous) {
        SessionTokens tokens = new SessionTokens(key, previous, Clock.systemUTC(), null, Duration.ofMinutes(30), Duration.ofHours(8));
        CandidateAccountService.Config config = new CandidateAccountService.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return CandidateAccountService.Config.class;
            }

            @Override
            public String publicUrl() {
                return "https://zikao.example.cn/";
            }
        };
        return new AdmissionNoticeService(config, null, null, null, null, tokens, null, Clock.systemUTC());
    }

    @Test
    void aCodeNamesItsEnrollmentAndAChangedOneIsRefused() {
        AdmissionNoticeService s = service(key((byte) 1), List.of());
        UUID id = UUID.randomUUID();
        String code = s.code(id);
        assertThat(code).matches("[A-Z2-7]{36}");
        assertThat(s.enrollmentOf(code)).contains(id);
        assertThat(s.enrollmentOf(code.toLowerCase(java.util.Locale.ROOT))).contains(id);
        for (int i = 0; i < code.length(); i++) {
            char other = code.charAt(i) == 'A' ? 'B' : 'A';
            String changed = code.substring(0, i) + other + code.substring(i + 1);
            if (!changed.equals(code) && i < code.length() - 1) {
                assertThat(s.enrollmentOf(changed)).as("changed at " + i).isEmpty();
            }
        }
        assertThat(s.enrollmentOf("")).isEmpty();
        assertThat(s.enrollmentOf("not-base32!")).isEmpty();
        assertThat(service(key((byte) 2), List.of()).enrollmentOf(code)).isEmpty();
        // Rotated: the old key in previousSecrets still accepts the printed code.
        assertThat(service(key((byte) 2), List.of(key((byte) 1))).enrollmentOf(code)).contains(id);
        assertThat(s.verificationUrl(code)).isEqualTo("https://zikao.example.cn/api/v1/admission-notices/" + code);
    }

    @Test
    void theQrCodeReadsBackAsTheVerificationAddressAndTheNoticeCarriesPhotoAndCode() throws Exception {
        String url = "https://zikao.example.cn/api/v1/admission-notices/" + service(key((byte) 1), List.of()).code(UUID.randomUUID());
        boolean[][] modules = AdmissionNoticeService.qr(url);
        int scale = 4;
        int quiet = 4 * scale;
        BufferedImage image = new BufferedImage(modules.length * scale + 2 * quiet, modules.length * scale + 2 * quiet, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int my = (y - quiet) / scale;
                int mx = (x - quiet) / scale;
                boolean dark = y >= quiet && x >= quiet && my < modules.length && mx < modules.length && modules[my][mx];
                image.setRGB(x, y, dark ? 0 : 0xFFFFFF);
            }
        }
        String read = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))))).getText();
        assertThat(read).isEqualTo(url);

        BufferedImage face = new BufferedImage(100, 140, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(face, "jpeg", jpeg);
        byte[] pdf = new ConfirmationDocument(DocumentFonts.shipped()).render(new ConfirmationDocument.Content("准考证 Admission notice",
                List.of(new ConfirmationDocument.Fact("姓名 Name", "王小明")), List.of("课程 Course", "座位 Seat"), List.of(3f, 1f),
                List.of(List.of("03708", "7")), List.of("开考15分钟后不得入场。"), Optional.of(jpeg.toByteArray()), Optional.of(modules)));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int images = 0;
            for (var name : doc.getPage(0).getResources().getXObjectNames()) {
                if (doc.getPage(0).getResources().getXObject(name) instanceof PDImageXObject x) {
                    images++;
                    assertThat(x.getWidth()).isEqualTo(100);
                }
            }
            assertThat(images).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(doc)).contains("王小明", "开考15分钟后不得入场。");
        }
    }
}
