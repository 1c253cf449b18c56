package dev.trinity.coordinator.cli.env;

import dev.trinity.coordinator.cli.CliFailure;

/** A failed environment check: its message is the report's problem line. */
final class CheckProblem extends Exception {
    private static final long serialVersionUID = 1L;

    CheckProblem(String message) {
        super(message, null, false, false);
    }

    /** The first line of the innermost cause's message (libtorch appends C++ backtraces), at most 300 chars. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = CliFailure.messageOf(root);
        String message = text == null ? root.getClass().getSimpleName() : text.strip();
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
