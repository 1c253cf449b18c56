package dev.trinity.coordinator.cli;

import java.io.PrintWriter;
import java.util.function.IntConsumer;

/** Shows weight loading on stderr, one rewritten line: {@code loading weights: layer 12}. */
final class LayerProgress implements IntConsumer {

    private final PrintWriter err;
    private final long start = System.nanoTime();

    LayerProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void accept(int layer) {
        err.printf("\rloading weights: layer %d done (%.1f s)", layer + 1, (System.nanoTime() - start) / 1e9);
        err.flush();
    }

    /** Ends the progress line. */
    void finish() {
        err.printf("\rloaded weights in %.1f s%30s%n", (System.nanoTime() - start) / 1e9, "");
        err.flush();
    }
}
