package dev.trinity.coordinator.cli;

import java.io.IOException;
import java.io.Writer;

/** A writer that remembers whether its output ends inside a line, so a failure can start on a fresh line. */
final class TrackingWriter extends Writer {

    private final Writer inner;
    private char last = '\n';

    TrackingWriter(Writer inner) {
        this.inner = inner;
    }

    /** True when something was written after the last newline (for example a progress line ending in text). */
    synchronized boolean lineOpen() {
        return last != '\n';
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) throws IOException {
        if (length > 0) {
            last = buffer[offset + length - 1];
        }
        inner.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
        inner.flush();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
