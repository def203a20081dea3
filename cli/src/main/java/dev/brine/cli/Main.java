package dev.brine.cli;

import dev.brine.core.BrineException;
import dev.brine.core.BrineVersion;
import dev.brine.registry.RegistryConflictException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code brine} command. Exit codes follow the product brief: 0 success, 1 unexpected failure (a bug),
 * 2 usage, 3 unsafe, 4 corrupt, 5 unsupported, 6 incompatible, 7 not found. Errors print one paragraph; a stack
 * trace only with {@code --debug}.
 */
@Command(name = "brine",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,   // every subcommand takes -h/--help (and -V/--version)
        versionProvider = Main.Version.class,
        description = "Safe, fast machine-learning model persistence for the JVM.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                InspectCommand.class,
                VerifyCommand.class,
                SignCommand.class,
                ConvertCommand.class,
                PredictCommand.class,
                TrainCommand.class,
                ScanCommand.class,
                PushCommand.class,
                PullCommand.class,
                ModelsCommand.class,
                VersionsCommand.class,
                AliasCommand.class,
                TagCommand.class,
                RmCommand.class,
                GcCommand.class,
                ServeCommand.class,
        })
public final class Main implements Runnable {
    static final int EXIT_BUG = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors (for bug reports).")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests and the demo). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(out);
        commandLine.setErr(err);
        Warnings.printTo(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> report(exception, main.debug, err));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int report(Exception exception, boolean debug, PrintWriter err) {
        Throwable cause = exception;
        if (cause instanceof UncheckedIOException io && io.getCause() instanceof NoSuchFileException missing) {
            err.println("brine: " + missing.getFile() + ": no such file.");
            return 7;
        }
        if (cause instanceof IllegalArgumentException || cause instanceof RegistryConflictException) {
            // Invalid names, URIs and parameters, or a registry operation that cannot apply (nothing to roll back).
            err.println("brine: " + cause.getMessage());
            if (debug) {
                cause.printStackTrace(err);
            }
            return EXIT_USAGE;
        }
        if (cause instanceof BrineException brine) {
            err.println("brine: " + brine.getMessage());
            if (debug) {
                brine.printStackTrace(err);
            }
            return brine.exitCode();
        }
        if (cause instanceof UncheckedIOException io) {
            err.println("brine: " + io.getMessage() + (io.getCause() != null ? " (" + io.getCause() + ")" : ""));
            if (debug) {
                io.printStackTrace(err);
            }
            return EXIT_BUG;
        }
        err.println("brine: unexpected failure: " + cause + ". This is a bug in Brine: please report it with the"
                + " output of the same command run with --debug.");
        if (debug) {
            cause.printStackTrace(err);
        }
        return EXIT_BUG;
    }

    /** {@code brine --version}: Brine's and the JDK's versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"brine " + BrineVersion.current() + " (JDK " + Runtime.version() + ")"};
        }
    }
}
