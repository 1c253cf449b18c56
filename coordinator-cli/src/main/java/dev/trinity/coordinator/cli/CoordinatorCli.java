package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.cli.artifact.ArtifactCommand;
import dev.trinity.coordinator.cli.artifact.ModelCommand;
import dev.trinity.coordinator.cli.bench.BenchCommand;
import dev.trinity.coordinator.cli.env.EnvCheckCommand;
import dev.trinity.coordinator.cli.eval.PromptEvalCommand;
import dev.trinity.coordinator.cli.route.ExtractCommand;
import dev.trinity.coordinator.cli.route.RouteCommand;
import dev.trinity.coordinator.cli.run.RunCommand;
import dev.trinity.coordinator.cli.serve.ServeCommand;
import dev.trinity.coordinator.cli.train.CheckpointsCommand;
import dev.trinity.coordinator.cli.train.TrainCommand;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code coordinator} command: routes conversations with the Qwen3 router and runs the coordinator loop.
 *
 * <p>Exit codes: 0 ok, 1 a check or run failed ({@link CliFailure}), 2 usage error. A failure prints one line.
 */
@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trinity Coordinator for Java: a Qwen3 router picks the agent and role for each turn.",
        subcommands = {
            RunCommand.class,
            RouteCommand.class,
            EnvCheckCommand.class,
            ExtractCommand.class,
            BenchCommand.class,
            ArtifactCommand.class,
            ModelCommand.class,
            PromptEvalCommand.class,
            TrainCommand.class,
            CheckpointsCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CoordinatorCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams and returns the exit code; tests call this.
     *
     * @param args arguments after {@code coordinator}
     * @param out standard output
     * @param err standard error
     * @return 0 ok, 1 failed check or run, 2 usage error
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CommandLine(new CoordinatorCli()), args, out, err);
    }

    /**
     * Runs a prepared command line (tests pass one built with their own factory) with the CLI's handlers.
     *
     * @param cli the command line
     * @param args arguments after {@code coordinator}
     * @param out standard output
     * @param err standard error
     * @return 0 ok, 1 failed check or run, 2 usage error
     */
    public static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        shareVersion(cli, new VersionProvider());
        TrackingWriter errLines = new TrackingWriter(err);
        PrintWriter errOut = new PrintWriter(errLines, true);
        cli.setOut(out);
        cli.setErr(errOut);
        cli.setExitCodeExceptionMapper(CliFailure::exitCodeOf);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (errLines.lineOpen()) {
                commandLine.getErr().println(); // end a progress line first: the failure is a line of its own
            }
            commandLine.getErr().println(CliFailure.lineOf(commandLine, ex));
            commandLine.getErr().flush();
            return CliFailure.exitCodeOf(ex);
        });
        cli.setParameterExceptionHandler((ex, ignoredArgs) -> {
            CommandLine bad = ex.getCommandLine();
            if (errLines.lineOpen()) {
                bad.getErr().println();
            }
            String name = bad.getCommandSpec().qualifiedName();
            bad.getErr().println(name + ": " + usageMessage(ex) + ". Run '" + name + " --help' for usage.");
            bad.getErr().flush();
            return 2;
        });
        int code = cli.execute(args);
        out.flush();
        errOut.flush();
        return code;
    }

    /** Gives every subcommand the top command's {@code -V/--version} answer (picocli leaves theirs empty). */
    private static void shareVersion(CommandLine command, CommandLine.IVersionProvider provider) {
        command.getCommandSpec().versionProvider(provider);
        command.getSubcommands().values().forEach(sub -> shareVersion(sub, provider));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** picocli's message for a usage error, worded like the commands' own. */
    private static String usageMessage(CommandLine.ParameterException ex) {
        CommandLine bad = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !bad.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()) {
            // a command group given a word it does not know: say it is a command and which ones there are
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + bad.getSubcommands().keySet().stream().filter(n -> !n.equals("help"))
                            .collect(Collectors.joining(", "));
        }
        // picocli starts some messages with "Error: "; the command's name already says that
        return ex.getMessage().startsWith("Error: ") ? ex.getMessage().substring(7) : ex.getMessage();
    }
}
