package org.kaowu.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413, whether announced by Content-Length
 * or streamed, before anything reads them into memory. The one upload of documents (proof of prior
 * education, up to 5 MB as base64) may send up to {@value #MAX_UPLOAD_BYTES} bytes, a CSV file of records
 * on file up to {@value #MAX_IMPORT_BYTES}.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("kaowu.body-limit")
@PreMatching
public final class BodyLimit implements ContainerRequestFilter {
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_UPLOAD_BYTES = 7 * 1024 * 1024;
    /** A CSV file of records on file: 100,000 rows of about 80 bytes. */
    static final int MAX_IMPORT_BYTES = 16 * 1024 * 1024;
    private static final java.util.regex.Pattern UPLOAD = java.util.regex.Pattern.compile("regions/[a-z0-9]+/candidates/me/prior-education/proof");
    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile("regions/[a-z0-9]+/office/records-on-file");

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean csv = request.getMediaType() != null && "text".equals(request.getMediaType().getType())
                && "csv".equals(request.getMediaType().getSubtype());
        long max = UPLOAD.matcher(path).matches() ? MAX_UPLOAD_BYTES : csv && IMPORT.matcher(path).matches() ? MAX_IMPORT_BYTES : MAX_BYTES;
        if (request.getLength() > max) {
            throw tooLarge(max);
        }
        request.setEntityStream(new Limited(request.getEntityStream(), max));
    }

    private static WebApplicationException tooLarge(long max) {
        return new WebApplicationException("Request body larger than " + max + " bytes", 413);
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge(max);
            }
        }
    }
}
