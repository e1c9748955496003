package org.kaowu.service.internal.documents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a WOFF 1.0 font (W3C, 2012) to the TrueType/OpenType file it wraps: each table is zlib
 * compressed, or stored when that is not smaller. The fonts come from npm webfont packages, which ship
 * WOFF and WOFF2; WOFF needs nothing but {@link Inflater}.
 */
final class Woff {
    private static final int SIGNATURE = 0x774F4646; // "wOFF"

    private Woff() {
    }

    static byte[] toSfnt(byte[] woff) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(woff);
        if (woff.length < 44 || in.getInt(0) != SIGNATURE) {
            throw new IOException("not a WOFF 1.0 font");
        }
        int flavor = in.getInt(4);
        int numTables = in.getShort(12) & 0xffff;
        int totalSfntSize = in.getInt(16);
        if (numTables == 0 || numTables > 100 || totalSfntSize <= 0 || totalSfntSize > 64 << 20) {
            throw new IOException("implausible WOFF header");
        }
        ByteBuffer out = ByteBuffer.allocate(totalSfntSize);
        int searchRange = Integer.highestOneBit(numTables) * 16;
        out.putInt(flavor).putShort((short) numTables).putShort((short) searchRange)
                .putShort((short) (31 - Integer.numberOfLeadingZeros(Integer.highestOneBit(numTables)))).putShort((short) (numTables * 16 - searchRange));
        int offset = 12 + 16 * numTables;
        for (int i = 0; i < numTables; i++) {
            int entry = 44 + 20 * i;
            int tag = in.getInt(entry);
            int woffOffset = in.getInt(entry + 4);
            int compLength = in.getInt(entry + 8);
            int origLength = in.getInt(entry + 12);
            int checksum = in.getInt(entry + 16);
            if (woffOffset < 0 || compLength < 0 || origLength < 0 || (long) woffOffset + compLength > woff.length
                    || (long) offset + origLength > totalSfntSize) {
                throw new IOException("WOFF table out of bounds");
            }
            byte[] table = new byte[origLength];
            if (compLength == origLength) {
                System.arraycopy(woff, woffOffset, table, 0, origLength);
            } else {
                Inflater inflater = new Inflater();
                try {
                    inflater.setInput(woff, woffOffset, compLength);
                    if (inflater.inflate(table) != origLength || !inflater.finished()) {
                        throw new IOException("WOFF table does not inflate to its length");
                    }
                } catch (DataFormatException e) {
                    throw new IOException("corrupt WOFF table", e);
                } finally {
                    inflater.end();
                }
            }
            out.putInt(12 + 16 * i, tag).putInt(16 + 16 * i, checksum).putInt(20 + 16 * i, offset).putInt(24 + 16 * i, origLength);
            out.put(offset, table);
            offset += (origLength + 3) & ~3;
        }
        return out.array();
    }
}
