package org.kaowu.service.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.KaowuException;

/**
 * Proof documents (verification reports, registration records): PDF or JPEG, told apart by content, never
 * by name or Content-Type, at most {@value #MAX_BYTES} bytes. A PDF must parse (Apache PDFBox), have a
 * page, and carry nothing active: no JavaScript (names tree, actions of the document, pages, annotations
 * or fields), no /OpenAction, no /Launch action, no embedded or attached file, no XFA form; its images
 * may declare at most {@value #PDF_IMAGE_MAX_SIDE} pixels a side and {@value #PDF_IMAGE_MAX_PIXELS} in
 * all (a 600 dpi A4 scan has 35 million). It is kept as PDFBox rewrites it, a JPEG as re-encoded from
 * its pixels (see {@link Photos}).
 */
final class Documents {
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int PDF_IMAGE_MAX_SIDE = 10_000;
    static final long PDF_IMAGE_MAX_PIXELS = 40_000_000L;

    private static final COSName JAVASCRIPT = COSName.getPDFName("JavaScript");
    private static final COSName LAUNCH = COSName.getPDFName("Launch");
    private static final COSName OPEN_ACTION = COSName.getPDFName("OpenAction");
    private static final COSName EMBEDDED_FILE = COSName.getPDFName("EmbeddedFile");
    private static final COSName EMBEDDED_FILES = COSName.getPDFName("EmbeddedFiles");
    private static final COSName FILE_ATTACHMENT = COSName.getPDFName("FileAttachment");
    private static final COSName XFA = COSName.getPDFName("XFA");

    private Documents() {
    }

    static CheckedUpload check(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw new KaowuException(ErrorCode.FIELD_REQUIRED, field, field + " is required");
        }
        if (bytes.length > MAX_BYTES) {
            throw rejected(field, "the document has " + bytes.length + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        if (startsWith(bytes, "%PDF-")) {
            // PDFBox would recover a truncated file; a proof that lost its end is refused instead.
            String tail = new String(bytes, Math.max(0, bytes.length - 1024), Math.min(1024, bytes.length), StandardCharsets.ISO_8859_1);
            if (!tail.contains("%%EOF")) {
                throw rejected(field, "the PDF is truncated (no end-of-file marker)");
            }
            return new CheckedUpload("pdf", pdf(bytes, field));
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
            return Photos.jpeg(bytes, MAX_BYTES, field, ErrorCode.DOCUMENT_REJECTED);
        }
        throw rejected(field, "only PDF or JPEG documents are accepted");
    }

    static String mediaType(String format) {
        return format.equals("pdf") ? "application/pdf" : "image/jpeg";
    }

    private static byte[] pdf(byte[] bytes, String field) {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            if (doc.isEncrypted()) {
                throw rejected(field, "the PDF is encrypted");
            }
            if (doc.getNumberOfPages() < 1) {
                throw rejected(field, "the PDF has no page");
            }
            inspect(doc.getDocument().getTrailer(), field);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof KaowuException k) {
                throw k;
            }
            throw rejected(field, "the PDF cannot be read");
        }
    }

    /** Every object reachable from the trailer, once (references may form cycles), without decoding a stream. */
    private static void inspect(COSDictionary trailer, String field) {
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> todo = new ArrayDeque<>();
        todo.push(trailer);
        while (!todo.isEmpty()) {
            COSBase o = todo.pop();
            if (o instanceof COSObject ref) {
                o = ref.getObject();
            }
            if (o == null || !seen.add(o)) {
                continue;
            }
            if (o instanceof COSDictionary d) {
                refuseActive(d, field);
                for (Map.Entry<COSName, COSBase> e : d.entrySet()) {
                    todo.push(e.getValue());
                }
            } else if (o instanceof COSArray a) {
                for (COSBase e : a) {
                    todo.push(e);
                }
            }
        }
    }

    private static void refuseActive(COSDictionary d, String field) {
        COSName s = d.getCOSName(COSName.S);
        if (d.containsKey(COSName.JS) || JAVASCRIPT.equals(s)) {
            throw rejected(field, "the PDF contains JavaScript");
        }
        if (LAUNCH.equals(s)) {
            throw rejected(field, "the PDF contains a Launch action");
        }
        if (d.containsKey(OPEN_ACTION)) {
            throw rejected(field, "the PDF has an /OpenAction");
        }
        if (d.containsKey(JAVASCRIPT) && d.getDictionaryObject(JAVASCRIPT) instanceof COSDictionary) {
            throw rejected(field, "the PDF contains JavaScript");
        }
        COSName type = d.getCOSName(COSName.TYPE);
        COSName subtype = d.getCOSName(COSName.SUBTYPE);
        if (d.containsKey(COSName.EF) || d.containsKey(EMBEDDED_FILES) || EMBEDDED_FILE.equals(type) || FILE_ATTACHMENT.equals(subtype)) {
            throw rejected(field, "the PDF contains an embedded file");
        }
        if (d.containsKey(XFA)) {
            throw rejected(field, "the PDF contains an XFA form");
        }
        if (COSName.IMAGE.equals(subtype)) {
            long w = d.getLong(COSName.WIDTH, d.getLong(COSName.W, -1));
            long h = d.getLong(COSName.HEIGHT, d.getLong(COSName.H, -1));
            if (w > PDF_IMAGE_MAX_SIDE || h > PDF_IMAGE_MAX_SIDE || w * h > PDF_IMAGE_MAX_PIXELS) {
                throw rejected(field, "the PDF contains an image of " + w + "x" + h + " pixels; at most " + PDF_IMAGE_MAX_SIDE
                        + " a side and " + PDF_IMAGE_MAX_PIXELS + " in all are allowed");
            }
        }
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
