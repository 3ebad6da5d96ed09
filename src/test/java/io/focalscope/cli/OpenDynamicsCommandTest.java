package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code open-dynamics}: what it refuses before any window opens, each in one line naming the file. */
class OpenDynamicsCommandTest {

    static final String RUN = "src/test/resources/dynamics/run";

    @Test
    void aFolderThatIsNotThereIsNamed() {
        CliRun run = CliRun.of("open-dynamics", RUN + "/nosuch");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: " + RUN + "/nosuch: no such folder\n", run.err());
    }

    @Test
    void aFileIsNoRunFolder() {
        CliRun run = CliRun.of("open-dynamics", "src/test/resources/dynamics/run.csv");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: src/test/resources/dynamics/run.csv: not a folder: open-dynamics reads a folder with one"
                + " sub-folder per epoch\n", run.err());
    }

    @Test
    void aLabelsFolderThatIsNotThereIsNamed() {
        CliRun run = CliRun.of("open-dynamics", RUN, "--labels-dir", RUN + "/nolabels");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: " + RUN + "/nolabels: --labels-dir: no such folder\n", run.err());
    }

    @Test
    void sigmoidIsRefusedWithTheReason() {
        CliRun run = CliRun.of("open-dynamics", RUN, "--activation", "sigmoid");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(true, run.err().contains("leave --activation at softmax"), run.err());
    }
}
