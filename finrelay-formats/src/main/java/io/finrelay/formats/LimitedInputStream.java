package io.finrelay.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops reading past a size limit, so an oversized file is refused while streaming instead of
 * after it filled the disk or the heap.
 */
public final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final String fileName;
    private long count;

    public LimitedInputStream(InputStream in, long limitBytes, String fileName) {
        super(in);
        this.limit = limitBytes;
        this.fileName = fileName;
    }

    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw new FormatException(fileName, 0, null, "file is larger than the limit of " + limit + " bytes");
        }
    }
}
