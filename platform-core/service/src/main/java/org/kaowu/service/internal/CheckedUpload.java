package org.kaowu.service.internal;

/**
 * An upload that passed its checks, as it is kept: {@code bytes} are re-encoded by the platform (an image
 * from its decoded pixels, a PDF rewritten by its parser), never the bytes the client sent.
 *
 * @param format "jpeg", "png", … or "pdf"
 */
record CheckedUpload(String format, byte[] bytes) {
}
