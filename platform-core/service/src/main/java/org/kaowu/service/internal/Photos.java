package org.kaowu.service.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.rules.PhotoRequirements;

/**
 * Checks uploaded images on the image itself: the format is what the bytes decode as (never a file name
 * or Content-Type), then the byte size and the pixel size. The pixel size is read from the header before
 * anything is decoded: a few hundred bytes can declare 26,000 × 26,000 pixels, gigabytes once decoded.
 * What passes is decoded and re-encoded from its pixels, and only that is kept: anything else the upload
 * carried (appended HTML or ZIP, metadata, a second image) is gone.
 */
final class Photos {
    private static final int ANY_IMAGE_MAX_BYTES = 48 * 1024;
    /**
     * Pixel bound of images without a region rule (ID card images, face frames, JPEG proofs): a 300 dpi
     * scan of an A4 page (2480 × 3508) fits; decoding one takes at most 4096 × 4096 × 4 bytes = 64 MB.
     */
    static final int ANY_IMAGE_MAX_SIDE = 4096;
    /** JPEG qualities tried, best first, until the re-encoded photo fits the byte limit. */
    private static final float[] JPEG_QUALITIES = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};

    private Photos() {
    }

    /** A registration photo by the region's rules: checked, then re-encoded in its format. */
    static CheckedUpload check(byte[] bytes, PhotoRequirements rules, String field) {
        return decode(bytes, rules.maxBytes(), field, (format, w, h) -> {
            if (!rules.formats().contains(format)) {
                throw rejected(field, "the image is " + format + "; allowed: " + rules.formats());
            }
            if (w < rules.minWidth() || h < rules.minHeight() || w > rules.maxWidth() || h > rules.maxHeight()) {
                throw rejected(field, "the image is " + w + "x" + h + " pixels; allowed " + rules.minWidth() + "x" + rules.minHeight()
                        + " to " + rules.maxWidth() + "x" + rules.maxHeight());
            }
        });
    }

    /** Any image of at most 48 KB and {@value #ANY_IMAGE_MAX_SIDE} pixels a side (ID card images, face frames). */
    static CheckedUpload image(byte[] bytes, String field) {
        return decode(bytes, ANY_IMAGE_MAX_BYTES, field, (format, w, h) -> withinAnyImageBound(field, w, h));
    }

    /** A JPEG of at most {@code maxBytes} and {@value #ANY_IMAGE_MAX_SIDE} pixels a side (proof documents). */
    static CheckedUpload jpeg(byte[] bytes, int maxBytes, String field, ErrorCode refusal) {
        try {
            return decode(bytes, maxBytes, field, (format, w, h) -> {
                if (!format.equals("jpeg")) {
                    throw rejected(field, "the image is " + format + ", not JPEG");
                }
                withinAnyImageBound(field, w, h);
            });
        } catch (KaowuException e) {
            if (e.code() == ErrorCode.PHOTO_REJECTED && refusal != ErrorCode.PHOTO_REJECTED) {
                throw new KaowuException(refusal, field, e.getMessage().replace("Photo refused", "Document refused"));
            }
            throw e;
        }
    }

    private static void withinAnyImageBound(String field, int w, int h) {
        if (w > ANY_IMAGE_MAX_SIDE || h > ANY_IMAGE_MAX_SIDE) {
            throw rejected(field, "the image is " + w + "x" + h + " pixels; at most " + ANY_IMAGE_MAX_SIDE + "x" + ANY_IMAGE_MAX_SIDE
                    + " are allowed");
        }
    }

    /** What the header says, checked before a pixel is decoded. */
    private interface HeaderCheck {
        void accept(String format, int width, int height);
    }

    private static CheckedUpload decode(byte[] bytes, int maxBytes, String field, HeaderCheck header) {
        if (bytes == null || bytes.length == 0) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        if (bytes.length > maxBytes) {
            throw rejected(field, "the image has " + bytes.length + " bytes; at most " + maxBytes + " are allowed");
        }
        // In memory: ImageIO.createImageInputStream would spill to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw rejected(field, "the data is not an image");
            }
            ImageReader reader = readers.next();
            try {
                String name = reader.getFormatName().toLowerCase(Locale.ROOT);
                String format = name.equals("jpg") ? "jpeg" : name;
                reader.setInput(in, true, true);
                // getWidth/getHeight read the header (JPEG SOF, PNG IHDR) only.
                header.accept(format, reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                return new CheckedUpload(format, encode(image, format, maxBytes, field));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KaowuException k) {
                throw k;
            }
            throw rejected(field, "the image cannot be decoded");
        }
    }

    /** In the format it came in: JPEG at the best quality that fits {@code maxBytes}, others losslessly. */
    private static byte[] encode(BufferedImage image, String format, int maxBytes, String field) throws IOException {
        if (!format.equals("jpeg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw rejected(field, "the image cannot be re-encoded");
            }
            if (out.size() > maxBytes) {
                throw rejected(field, "the image re-encoded has " + out.size() + " bytes; at most " + maxBytes + " are allowed");
            }
            return out.toByteArray();
        }
        BufferedImage rgb = image;
        if (image.getColorModel().hasAlpha() || image.getType() == BufferedImage.TYPE_CUSTOM) {
            int type = image.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), type);
            rgb.createGraphics().drawImage(image, 0, 0, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            byte[] last = null;
            for (float quality : JPEG_QUALITIES) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (MemoryCacheImageOutputStream o = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(o);
                    writer.write(null, new IIOImage(rgb, null, null), param);
                }
                last = out.toByteArray();
                if (last.length <= maxBytes) {
                    return last;
                }
            }
            throw rejected(field, "the image re-encoded has " + last.length + " bytes; at most " + maxBytes + " are allowed");
        } finally {
            writer.dispose();
        }
    }

    static KaowuException rejected(String field, String why) {
        return new KaowuException(ErrorCode.PHOTO_REJECTED, field, "Photo refused: " + why);
    }
}
