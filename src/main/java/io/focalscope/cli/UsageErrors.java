package io.focalscope.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The one line a command line that does not parse ends in. A mistyped option or command is named
 * with the nearest one the command has ({@code did you mean --gamma?}), even where picocli would
 * first report the required options it hid ({@code --logit x} leaves {@code --logits} missing).
 */
final class UsageErrors {

    /** Farther than this many edits, a name is not taken for a typo of another. */
    private static final int MAX_EDITS = 2;

    private UsageErrors() {
    }

    /** {@code compute: unknown option '--gama': did you mean --gamma? (see 'focalscope compute --help')}. */
    static String line(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        String see = " (see '" + qualifiedName(cmd) + " --help')";
        List<String> unmatched = cmd.getUnmatchedArguments();
        if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-") && !cmd.getSubcommands().isEmpty()) {
            String typed = unmatched.get(0);
            return cmd.getCommandName() + ": unknown command '" + typed + "'"
                    + nearest(typed, List.copyOf(cmd.getSubcommands().keySet())).map(n -> ": did you mean " + n + "?").orElse("")
                    + see;
        }
        Optional<String> unknownOption = unmatched.stream().filter(a -> a.startsWith("-")).findFirst();
        if (unknownOption.isPresent()) {
            String typed = unknownOption.get().split("=", 2)[0];
            List<String> names = cmd.getCommandSpec().options().stream().flatMap(o -> List.of(o.names()).stream()).toList();
            return cmd.getCommandName() + ": unknown option '" + typed + "'"
                    + nearest(typed, names).map(n -> ": did you mean " + n + "?").orElse("") + see;
        }
        // picocli says an argument group's problems as "Error: ..."; the line says it is one already
        return cmd.getCommandName() + ": " + String.valueOf(e.getMessage()).replaceFirst("^Error: ", "") + see;
    }

    /**
     * The name a typo most likely meant: the nearest within {@link #MAX_EDITS} edits (a swap of two
     * neighbours is one), else the shortest that begins with what was typed.
     */
    static Optional<String> nearest(String typed, List<String> names) {
        Optional<String> close = names.stream().filter(n -> !n.equals(typed))
                .min(Comparator.comparingInt((String n) -> edits(typed, n)))
                .filter(n -> edits(typed, n) <= MAX_EDITS);
        if (close.isPresent()) {
            return close;
        }
        return names.stream().filter(n -> n.startsWith(typed) && typed.length() > 2).min(Comparator.comparingInt(String::length));
    }

    /** Insertions, deletions, substitutions and swaps of neighbours that turn {@code a} into {@code b}. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String qualifiedName(CommandLine cmd) {
        return cmd.getParent() == null ? cmd.getCommandName() : qualifiedName(cmd.getParent()) + " " + cmd.getCommandName();
    }
}
