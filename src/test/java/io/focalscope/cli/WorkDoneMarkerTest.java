package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The launcher keeps a command's class-data archive only where the run leaves its marker: after the
 * command's work, never after help, a version, a refusal or a failure (such an archive would hold
 * few of the classes the command's real runs load, and be kept for good).
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class WorkDoneMarkerTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("focalscope.commandDone");
    }

    private Path marker() {
        Path marker = tmp.resolve("weights.jsa.123.shown");
        System.setProperty("focalscope.commandDone", marker.toString());
        return marker;
    }

    private String labels() {
        Path file = tmp.resolve("a_labels.npy");
        NpyWriter.write(file, NdArray.ofBytes("a_labels.npy", new int[] {1, 2, 2}, new int[] {0, 1, 1, 0}));
        return file.toString();
    }

    @Test
    void aCommandThatDidItsWorkLeavesTheMarker() {
        Path marker = marker();
        CliRun run = CliRun.of("weights", labels(), "--classes", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(marker));
    }

    @Test
    void helpVersionARefusalAndAFailureLeaveNone() {
        Path marker = marker();
        assertEquals(0, CliRun.of("weights", "--help").exitCode());
        assertEquals(0, CliRun.of("weights", "-V").exitCode());
        assertEquals(FocalscopeCli.EXIT_USAGE, CliRun.of("weights", "--classes", "two").exitCode());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, CliRun.of("weights", tmp.resolve("missing.npy").toString()).exitCode());
        assertFalse(Files.exists(marker));
    }
}
