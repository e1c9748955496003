package org.kaowu.service.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Test images: small real ones, and the same with their header's pixel size rewritten (decompression bombs). */
final class ImageBombs {
    private ImageBombs() {
    }

    static byte[] image(String format, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 120, 220));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A small baseline JPEG whose SOF0 frame header declares {@code width} × {@code height}. */
    static byte[] jpeg(int width, int height) {
        byte[] b = image("jpeg", 16, 16);
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
                // FFC0, length (2), precision (1), height (2), width (2)
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) height).putShort((short) width);
                return b;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    /** A small PNG whose IHDR declares {@code width} × {@code height}, with its CRC recomputed. */
    static byte[] png(int width, int height) {
        byte[] b = image("png", 16, 16);
        // signature (8), length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC (4)
        ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
    }

    /** Bytes allocated by this thread while {@code r} runs. */
    static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        r.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
