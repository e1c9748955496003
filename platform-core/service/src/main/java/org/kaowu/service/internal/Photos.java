package org.kaowu.service.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;
import org.kaowu.api.rules.PhotoRequirements;

/**
 * Checks uploaded images on the image itself: the format is what the bytes decode as (never a file name
 * or Content-Type), then the byte size and the pixel size of the decoded image.
 */
final class Photos {
    private static final int ANY_IMAGE_MAX_BYTES = 48 * 1024;

    private Photos() {
    }

    private record Decoded(String format, BufferedImage image) {
    }

    /** A registration photo by the region's rules; returns its format ("jpeg"). */
    static String check(byte[] bytes, PhotoRequirements rules, String field) {
        Decoded d = decode(bytes, rules.maxBytes(), field);
        if (!rules.formats().contains(d.format())) {
            throw rejected(field, "the image is " + d.format() + "; allowed: " + rules.formats());
        }
        int w = d.image().getWidth();
        int h = d.image().getHeight();
        if (w < rules.minWidth() || h < rules.minHeight() || w > rules.maxWidth() || h > rules.maxHeight()) {
            throw rejected(field, "the image is " + w + "x" + h + " pixels; allowed " + rules.minWidth() + "x" + rules.minHeight()
                    + " to " + rules.maxWidth() + "x" + rules.maxHeight());
        }
        return d.format();
    }

    /** Any decodable image of at most 48 KB (ID card images, face frames): returns its format. */
    static String image(byte[] bytes, String field) {
        return decode(bytes, ANY_IMAGE_MAX_BYTES, field).format();
    }

    private static Decoded decode(byte[] bytes, int maxBytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        if (bytes.length > maxBytes) {
            throw rejected(field, "the image has " + bytes.length + " bytes; at most " + maxBytes + " are allowed");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw rejected(field, "the data is not an image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                reader.setInput(in, true, true);
                return new Decoded(format.equals("jpg") ? "jpeg" : format, reader.read(0));
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

    private static KaowuException rejected(String field, String why) {
        return new KaowuException(ErrorCode.PHOTO_REJECTED, field, "Photo refused: " + why);
    }
}
