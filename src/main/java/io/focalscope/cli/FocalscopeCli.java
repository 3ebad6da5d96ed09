package io.focalscope.cli;

import io.focalscope.Versions;
import io.focalscope.demo.Assets;
import io.focalscope.ui.FocalscopeApp;
import io.focalscope.io.InputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code focalscope} command line. Bad input ends in one line on stderr that names the file
 * and the problem, a non-zero exit and nothing on stdout; {@code --debug} adds the stack trace.
 */
@Command(name = "focalscope", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class,
        description = "Per-pixel focal loss for semantic segmentation.")
public final class FocalscopeCli implements Runnable {

    /** The commands, in the order the help lists them. */
    static final java.util.List<String> COMMANDS = java.util.List.of("compute", "scan", "label-issues", "dynamics", "weights", "open",
            "open-dataset", "open-dynamics", "render", "info", "bench", "make-demo", "help");

    /** A new command object by its name; a switch, not a map of constructors, so that only the one named is loaded. */
    private static Object command(String name) {
        return switch (name) {
            case "compute" -> new ComputeCommand();
            case "scan" -> new ScanCommand();
            case "label-issues" -> new LabelIssuesCommand();
            case "dynamics" -> new DynamicsCommand();
            case "weights" -> new WeightsCommand();
            case "open" -> new OpenCommand();
            case "open-dataset" -> new OpenDatasetCommand();
            case "open-dynamics" -> new OpenDynamicsCommand();
            case "render" -> new RenderCommand();
            case "info" -> new InfoCommand();
            case "bench" -> new BenchCommand();
            case "make-demo" -> new MakeDemoCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /** Every command, for the help and the tests. */
    public static CommandLine commandLine() {
        return withCommands(COMMANDS);
    }

    /**
     * The command line for {@code args}. picocli reflects on every command it is given (about 0.1 s of
     * a start here), so a line that names a command other than {@code help} gets that command alone,
     * and the window's line (no command, nothing but {@code --debug}) gets only {@code compute}, which
     * gives the demo's figures where there is no display; every other line (top-level help or
     * version, a mistyped command and its suggestion, {@code help}) gets them all.
     */
    static CommandLine commandLine(String[] args) {
        String named = namedCommand(args);
        if (COMMANDS.contains(named) && !named.equals("help")) {
            return withCommands(java.util.List.of(named));
        }
        return withCommands(java.util.Arrays.stream(args).allMatch("--debug"::equals) ? java.util.List.of("compute") : COMMANDS);
    }

    private static CommandLine withCommands(java.util.List<String> names) {
        // picocli's DefaultFactory, when first used, looks for groovy.lang.Closure, which no jar here
        // holds: the class loader opened all of the app's jars in turn, reading the index of each (ND4J's
        // too), to miss it. picocli's own switch turns the search off; a user's setting wins.
        System.getProperties().putIfAbsent("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new FocalscopeCli());
        names.forEach(name -> cli.addSubcommand(name, command(name)));
        return cli;
    }

    /** The line's first word that is not an option, where nothing but {@code --debug} comes before it; "" otherwise. */
    private static String namedCommand(String[] args) {
        int first = 0;
        while (first < args.length && args[first].equals("--debug")) {
            first++;
        }
        return first < args.length && !args[first].startsWith("-") ? args[first] : "";
    }

    /** Exit code for bad input (a file or a setting). */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code for a command line that does not parse. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure that is focalscope's fault. */
    public static final int EXIT_INTERNAL = 3;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the window on the embedded demo, or its figures where there is no display. */
    @Override
    public void run() {
        CommandLine cli = spec.commandLine();
        Path demo = Assets.demoArchive();
        if (!Files.isRegularFile(demo)) {
            commandLine().usage(cli.getOut()); // every command, where this line was given only compute
            return;
        }
        if (OpenCommand.hasDisplay()) {
            FocalscopeApp.launch(FocalscopeApp.Startup.demo());
            return;
        }
        cli.getErr().println("focalscope: no display for the window (is DISPLAY set?); here are the demo's figures");
        cli.getOut().println("focalscope on its embedded demo (" + demo + "):");
        cli.getOut().println();
        // the window's settings for the demo (its controls' defaults: no weights) and its class names
        int exit = cli.getSubcommands().get("compute").execute("--logits", demo.toString(), "--labels", demo.toString());
        if (exit == 0) {
            io.focalscope.classes.ClassSet names = io.focalscope.classes.ClassSetReader.read(Assets.demoClasses());
            cli.getOut().println("classes (Cityscapes): " + java.util.stream.IntStream.range(0, names.size())
                    .mapToObj(c -> c + " " + names.name(c)).collect(java.util.stream.Collectors.joining(", ")));
            cli.getOut().println();
            cli.getOut().println("Your own files: focalscope compute --logits LOGITS --labels LABELS (see focalscope compute --help)");
        }
    }

    public static void main(String[] args) {
        startWarmUpFor(args);
        // the launcher gives Java /dev/null for a closed stdout (a shell cannot pass it on closed)
        // and says so: what is written there is then lost, which --json - must not be silently
        boolean closed = Boolean.getBoolean("focalscope.stdoutClosed");
        java.io.OutputStream stdout = closed ? new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("the standard output is closed");
            }
        } : System.out;
        System.exit(run(args, new PrintWriter(stdout, true), new PrintWriter(System.err, true), closed));
    }

    /**
     * Starts the JIT's warm-up of a command whose first images would meet cold code (label-issues'
     * vector softmax, compute's and scan's calibration), on a thread of its own before picocli builds
     * its model of the command, rather than when the command begins.
     */
    private static void startWarmUpFor(String[] args) {
        String command = namedCommand(args);
        if (command.equals("label-issues")) {
            io.focalscope.labels.SoftmaxWarmUp.start();
        }
        boolean calibrated = java.util.Arrays.stream(args).anyMatch(a -> a.equals("--calibration") || a.startsWith("--calibration-bins")
                || a.equals("--after-temperature"));
        if (calibrated && (command.equals("compute") || command.equals("scan"))) {
            io.focalscope.calibration.CalibrationWarmUp.start(command.equals("scan"));
        }
    }

    /** Runs a command line with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    /**
     * The same; {@code stdoutClosed}: the user closed stdout ({@code >&-}), so that only what was to
     * be written there on request ({@code --json -}) is missed, not a command's report beside its files.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean stdoutClosed) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println(UsageErrors.line(e));
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = parsed.matchedOptionValue("--debug", false)
                    || parsed.subcommands().stream().anyMatch(p -> p.matchedOptionValue("--debug", false));
            PrintWriter errors = cmd.getErr();
            if (e instanceof InputException) {
                errors.println("focalscope: " + e.getMessage());
            } else {
                errors.println("focalscope: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            }
            if (debug) {
                e.printStackTrace(errors);
            }
            errors.flush();
            return e instanceof InputException ? EXIT_BAD_INPUT : EXIT_INTERNAL;
        });
        try {
            int exit = cli.execute(args);
            out.flush();
            if (exit == 0 && out.checkError() && (writesJsonToStdout(args) || !stdoutClosed)) {
                // PrintWriter keeps write errors to itself: a full disk or a reader gone from a pipe
                // would otherwise leave the output cut short and exit 0
                err.println(writesJsonToStdout(args) && stdoutClosed
                        ? "focalscope: cannot write the JSON to the standard output: it is closed"
                        : "focalscope: the standard output took only part of the output (a full disk, or a pipe whose reader"
                        + " stopped reading)");
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (exit == 0) {
                markWorkDone(cli.getParseResult());
            }
            return exit;
        } catch (OutOfMemoryError e) {
            err.println("focalscope: out of memory; raise the limit with FOCALSCOPE_HEAP (such as FOCALSCOPE_HEAP=16g)");
            err.flush();
            return EXIT_INTERNAL;
        }
    }

    /**
     * With {@code -Dfocalscope.commandDone=FILE} (the launcher's) creates FILE once a command has done
     * its work, not only printed its help or version: the classes this run loaded are then worth
     * keeping in the command's class-data archive.
     */
    static void markWorkDone(CommandLine.ParseResult parsed) {
        String marker = System.getProperty("focalscope.commandDone");
        CommandLine.ParseResult command = parsed;
        while (command != null && command.hasSubcommand()) {
            command = command.subcommand();
        }
        if (marker == null || command == null || command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "");
        } catch (java.io.IOException | RuntimeException e) {
            // no archive this time: the command's result stands
        }
    }

    private static boolean writesJsonToStdout(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json=-") || args[i].equals("--json") && i + 1 < args.length && args[i + 1].equals("-")) {
                return true;
            }
        }
        return false;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"focalscope " + Versions.focalscope() + " (ND4J " + Versions.nd4j()
                    + ", JavaFX " + Versions.javafx() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
