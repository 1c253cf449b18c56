package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.hub.FetchListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints fetch progress on stderr: one line per file, and a running byte count for large downloads. */
public final class ProgressPrinter implements FetchListener {

    private static final long LARGE_FILE_BYTES = 16L << 20;
    private static final long STEP_BYTES = 64L << 20;

    private final PrintWriter err;
    private final String command;
    private String prefix = "";
    private long lastPrinted;

    public ProgressPrinter(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
    }

    @Override
    public void fileStarted(String path, int index, int count) {
        prefix = "[" + index + "/" + count + "] " + path;
        lastPrinted = 0;
    }

    @Override
    public void fileAlreadyPresent(String path) {
        err.println(command + ": " + prefix + " already present (sha256 ok)");
        err.flush();
    }

    @Override
    public void bytesReceived(String path, long received, long total) {
        if (total >= 0 && total < LARGE_FILE_BYTES) {
            return;
        }
        if (received - lastPrinted >= STEP_BYTES) {
            lastPrinted = received;
            err.println(command + ": " + prefix + " " + megabytes(received)
                    + (total >= 0 ? " of " + megabytes(total) : ""));
            err.flush();
        }
    }

    @Override
    public void fileDownloaded(String path, long bytes, boolean resumed) {
        err.println(command + ": " + prefix + " " + (resumed ? "resumed and verified" : "downloaded and verified")
                + " (" + megabytes(bytes) + ")");
        err.flush();
    }

    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
