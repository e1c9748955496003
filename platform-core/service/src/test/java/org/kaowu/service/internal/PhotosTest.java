package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.rules.PhotoRequirements;

class PhotosTest {
    private static final long FEW_MB = 8L * 1024 * 1024;
    private static final PhotoRequirements JPEG_ONLY = new PhotoRequirements(Set.of("jpeg"), 10240, 80, 110, 128, 180,
            LocalizedText.of("照片", "photo"));
    private static final PhotoRequirements JPEG_OR_PNG = new PhotoRequirements(Set.of("jpeg", "png"), 1 << 20, 1, 1, 128, 180,
            LocalizedText.of("照片", "photo"));

    @BeforeAll
    static void warmUp() {
        // ImageIO's plugin registry is built on first use; that is not what is measured.
        Photos.image(ImageBombs.image("jpeg", 20, 20), "faceImage");
        Photos.image(ImageBombs.image("png", 20, 20), "faceImage");
    }

    @Test
    void craftedHeadersDeclareWhatTheySay() throws Exception {
        var reader = ImageIO.getImageReadersByFormatName("png").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(ImageBombs.png(26_000, 26_000))));
        assertThat(reader.getWidth(0)).isEqualTo(26_000);
        reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(ImageBombs.jpeg(50_000, 50_000))));
        assertThat(reader.getHeight(0)).isEqualTo(50_000);
    }

    @ParameterizedTest
    @CsvSource({"jpeg, 26000", "jpeg, 50000", "png, 26000", "png, 50000"})
    void bombsAreRefusedFromTheHeaderWithoutDecoding(String format, int side) {
        byte[] bomb = format.equals("jpeg") ? ImageBombs.jpeg(side, side) : ImageBombs.png(side, side);
        assertThat(bomb.length).isLessThan(2048);
        String pixels = side + "x" + side + " pixels";
        for (var check : java.util.List.<java.util.function.Consumer<byte[]>>of(
                b -> Photos.check(b, JPEG_OR_PNG, "photo"),
                b -> Photos.image(b, "idCardImage"))) {
            AtomicReference<KaowuException> refused = new AtomicReference<>();
            long allocated = ImageBombs.allocatedBy(() -> {
                try {
                    check.accept(bomb);
                } catch (KaowuException e) {
                    refused.set(e);
                }
            });
            assertThat(refused.get()).as("refused").isNotNull();
            assertThat(refused.get().code()).isEqualTo(ErrorCode.PHOTO_REJECTED);
            assertThat(refused.get().getMessage()).contains(pixels);
            assertThat(allocated).as("bytes allocated checking a %s pixel %s", pixels, format).isLessThan(FEW_MB);
        }
    }

    @Test
    void aRegionsPhotoBoundIsCheckedBeforeDecodingToo() {
        AtomicReference<KaowuException> refused = new AtomicReference<>();
        long allocated = ImageBombs.allocatedBy(() -> {
            try {
                Photos.check(ImageBombs.jpeg(26_000, 26_000), JPEG_ONLY, "idPhoto");
            } catch (KaowuException e) {
                refused.set(e);
            }
        });
        assertThat(refused.get().code()).isEqualTo(ErrorCode.PHOTO_REJECTED);
        assertThat(refused.get().field()).contains("idPhoto");
        assertThat(refused.get().getMessage()).contains("26000x26000 pixels; allowed 80x110 to 128x180");
        assertThat(allocated).isLessThan(FEW_MB);
    }

    @Test
    void aPolyglotIsKeptOnlyAsItsReEncodedPixels() throws Exception {
        byte[] photo = ImageBombs.image("jpeg", 100, 140);
        ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
        polyglot.write(photo);
        polyglot.write("<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.US_ASCII));
        polyglot.write(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0});
        byte[] upload = polyglot.toByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(upload))).as("the polyglot decodes as a JPEG").isNotNull();

        CheckedUpload kept = Photos.check(upload, JPEG_ONLY, "idPhoto");
        assertThat(kept.format()).isEqualTo("jpeg");
        assertThat(kept.bytes()).isNotEqualTo(upload);
        assertThat(new String(kept.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("<html").doesNotContain("PK\u0003\u0004");
        assertThat(kept.bytes().length).isLessThanOrEqualTo(JPEG_ONLY.maxBytes());
        var image = ImageIO.read(new ByteArrayInputStream(kept.bytes()));
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(140);
        assertThat((kept.bytes()[kept.bytes().length - 2] & 0xff)).as("ends with EOI").isEqualTo(0xFF);
        assertThat((kept.bytes()[kept.bytes().length - 1] & 0xff)).isEqualTo(0xD9);

        CheckedUpload face = Photos.image(upload, "faceImage");
        assertThat(new String(face.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("<html");
    }

    @Test
    void aPngStaysPngAndTheRegionsFormatsHold() throws Exception {
        byte[] png = ImageBombs.image("png", 100, 140);
        CheckedUpload kept = Photos.check(png, JPEG_OR_PNG, "photo");
        assertThat(kept.format()).isEqualTo("png");
        assertThat(ImageIO.read(new ByteArrayInputStream(kept.bytes())).getWidth()).isEqualTo(100);
        assertThatThrownBy(() -> Photos.check(png, JPEG_ONLY, "photo")).isInstanceOfSatisfying(KaowuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PHOTO_REJECTED));
    }

    @Test
    void genericImagesAreBoundedAt4096() {
        assertThatThrownBy(() -> Photos.image(ImageBombs.jpeg(4097, 16), "faceImage")).isInstanceOfSatisfying(KaowuException.class,
                e -> assertThat(e.getMessage()).contains("4097x16 pixels; at most 4096x4096"));
    }
}
