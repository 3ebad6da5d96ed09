package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    /** Each command's row in {@code focalscope --help} is its whole summary, a sentence on one line. */
    @Test
    void everyCommandSummaryIsAWholeSentenceOnItsOwnLine() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        int first = lines.indexOf("Commands:") + 1;
        List<String> rows = lines.subList(first, lines.size());
        Map<String, CommandLine> commands = FocalscopeCli.commandLine().getSubcommands();
        assertEquals(commands.size(), rows.size(), "one line per command, none wrapped:\n" + run.out());
        int k = 0;
        for (Map.Entry<String, CommandLine> command : commands.entrySet()) {
            // picocli lists a command by its header, or where it has none (all but help) its description
            CommandLine.Model.UsageMessageSpec usage = command.getValue().getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertTrue(summary.endsWith("."), command.getKey() + ": " + summary);
            String row = rows.get(k++);
            assertTrue(row.matches("  " + command.getKey() + " +\\S.*"), row);
            assertEquals(summary, row.substring(2 + command.getKey().length()).strip(), command.getKey());
        }
    }
}
