package dev.trinity.coordinator.cli;

import java.io.PrintWriter;

/**
 * Progress on stderr: one line rewritten in place when stderr is a terminal, else one plain line per step, so CI
 * logs stay readable. The launcher tells whether stderr is a terminal ({@code -Dtrinity.stderr.tty=true}); without
 * it (embedded use, tests) progress is plain lines.
 */
public final class StatusLine {

    /** The system property the launcher sets to {@code true} when stderr is a terminal. */
    static final String TTY_PROPERTY = "trinity.stderr.tty";

    private final PrintWriter err;
    private final boolean interactive;
    private boolean open;

    public StatusLine(PrintWriter err) {
        this(err, Boolean.getBoolean(TTY_PROPERTY));
    }

    public StatusLine(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Whether stderr is a terminal (progress is rewritten in place). */
    boolean interactive() {
        return interactive;
    }

    /** Shows a step: replaces the current line on a terminal, else prints it as a line. */
    public void show(String text) {
        if (interactive) {
            err.print("\r\033[K" + text);
            open = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends the progress line (on a terminal), keeping its last text visible. */
    public void end() {
        if (open) {
            err.println();
            open = false;
            err.flush();
        }
    }

    /** Replaces the progress line with a final line. */
    public void finish(String text) {
        if (interactive) {
            err.print("\r\033[K");
        }
        err.println(text);
        open = false;
        err.flush();
    }

    /** Clears the progress line on a terminal without printing anything. */
    public void clear() {
        if (open) {
            err.print("\r\033[K");
            open = false;
            err.flush();
        }
    }
}
