package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * picocli reflects on every command it is given (about 0.1 s of a start), so a command line that
 * names a command gets that one alone, and the window's line (no command) only compute, which gives
 * the demo's figures without a display; help and a mistyped command get them all, for the list and
 * the suggestion.
 */
class CommandChoiceTest {

    private static final List<String> ALL = List.of("compute", "scan", "label-issues", "dynamics", "weights", "open", "open-dataset",
            "open-dynamics", "render", "info", "bench", "make-demo", "help");

    private static List<String> given(String... args) {
        return List.copyOf(FocalscopeCli.commandLine(args).getSubcommands().keySet());
    }

    @Test
    void aNamedCommandAloneEvenAfterTopLevelOptions() {
        assertEquals(List.of("compute"), given("compute", "--logits", "a.npy", "--labels", "b.npy"));
        assertEquals(List.of("scan"), given("--debug", "scan", "dir", "open"));
        assertEquals(List.of("weights"), given("weights", "--help"));
    }

    @Test
    void eachCommandIsRegisteredUnderItsOwnName() {
        FocalscopeCli.commandLine().getSubcommands().forEach((name, command) -> assertEquals(name, command.getCommandName()));
        assertEquals(ALL, FocalscopeCli.COMMANDS);
    }

    @Test
    void eachCommandPrintsTheVersion() {
        String version = CliRun.of("-V").out();
        for (String name : FocalscopeCli.COMMANDS) {
            if (!name.equals("help")) {
                assertEquals(version, CliRun.of(name, "-V").out(), name);
            }
        }
    }

    @Test
    void theWindowsLineOnlyTheCommandItsDemoNeedsWithoutADisplay() {
        assertEquals(List.of("compute"), given());
        assertEquals(List.of("compute"), given("--debug"));
    }

    @Test
    void everyCommandInTheHelpsOrderWhereNoneIsNamed() {
        assertEquals(ALL, FocalscopeCli.commandLine().getSubcommands().keySet().stream().toList());
        assertEquals(ALL, given("--help"));
        assertEquals(ALL, given("-V", "compute"));
        assertEquals(ALL, given("-hV", "compute"));
        assertEquals(ALL, given("help", "compute"));
        assertEquals(ALL, given("comptue"));
        assertEquals(Set.copyOf(ALL), Set.copyOf(given("--debug", "--help")));
    }

    /** `open --help` names every layer `--layer` takes: it had named 13 of the 21 that the refusal lists. */
    @Test
    void openHelpNamesEveryLayer() {
        String help = CliRun.of("open", "--help").out().replaceAll("\\s+", " ");
        for (io.focalscope.render.MapLayer l : io.focalscope.render.MapLayer.values()) {
            org.junit.jupiter.api.Assertions.assertTrue(help.matches("(?s).*[ (]" + java.util.regex.Pattern.quote(l.id()) + "[ ,;).].*"),
                    l.id() + " in: " + help);
        }
    }
}
