package dev.trinity.coordinator.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntConsumer;

/** Shows weight loading on stderr ({@code loading weights: layer 12 done}), through a {@link StatusLine}. */
public final class LayerProgress implements IntConsumer {

    private final StatusLine line;
    private final long start = System.nanoTime();

    public LayerProgress(PrintWriter err) {
        this(new StatusLine(err));
    }

    /** Progress on a status line shared with other steps (SVF, then the weights). */
    public LayerProgress(StatusLine line) {
        this.line = line;
    }

    @Override
    public void accept(int layer) {
        line.show(String.format(Locale.ROOT, "loading weights: layer %d done (%.1f s)", layer + 1, seconds()));
    }

    /** Ends the progress with the load time. */
    public void finish() {
        line.finish(String.format(Locale.ROOT, "loaded weights in %.1f s", seconds()));
    }

    /** Ends the progress line without a summary (the caller prints its own). */
    void end() {
        line.end();
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
