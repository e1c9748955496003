package org.kaowu.service.internal;

import java.nio.charset.StandardCharsets;

import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/**
 * Proof documents (verification reports, registration records): PDF or JPEG, told apart by content, never
 * by name or Content-Type: a PDF starts with {@code %PDF-} and ends with {@code %%EOF}; a JPEG must decode
 * as one. At most {@value #MAX_BYTES} bytes.
 */
final class Documents {
    static final int MAX_BYTES = 5 * 1024 * 1024;

    private Documents() {
    }

    /** @return "pdf" or "jpeg" */
    static String check(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        if (bytes.length > MAX_BYTES) {
            throw rejected(field, "the document has " + bytes.length + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        if (startsWith(bytes, "%PDF-")) {
            String tail = new String(bytes, Math.max(0, bytes.length - 1024), Math.min(1024, bytes.length), StandardCharsets.ISO_8859_1);
            if (!tail.contains("%%EOF")) {
                throw rejected(field, "the PDF is truncated (no end-of-file marker)");
            }
            return "pdf";
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
            try {
                if (javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes)) != null) {
                    return "jpeg";
                }
            } catch (java.io.IOException | RuntimeException e) {
                // falls through to the refusal
            }
        }
        throw rejected(field, "only PDF or JPEG documents are accepted");
    }

    static String mediaType(String format) {
        return format.equals("pdf") ? "application/pdf" : "image/jpeg";
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static KaowuException rejected(String field, String why) {
        return new KaowuException(ErrorCode.DOCUMENT_REJECTED, field, "Document refused: " + why);
    }
}
