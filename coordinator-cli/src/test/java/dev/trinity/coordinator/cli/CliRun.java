package dev.trinity.coordinator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures its streams and exit code. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CoordinatorCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The last non-empty line of stderr (the one-line failure message). */
    public String lastErrLine() {
        String[] lines = err.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
