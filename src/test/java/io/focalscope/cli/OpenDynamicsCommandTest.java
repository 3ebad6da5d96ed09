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
                + " sub-folder per epoch, or a list given with --list FILE.csv\n", run.err());
    }

    @Test
    void aLabelsFolderThatIsNotThereIsNamed() {
        CliRun run = CliRun.of("open-dynamics", RUN, "--labels-dir", RUN + "/nolabels");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: " + RUN + "/nolabels: --labels-dir: no such folder\n", run.err());
    }

    /** {@code --list}: a list that is not there, a folder, a file without the header, or a folder beside it, each in one line. */
    @Test
    void aBadListIsNamedWithItsProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws java.io.IOException {
        CliRun missing = CliRun.of("open-dynamics", "--list", RUN + "/nosuch.csv");
        assertEquals(1, missing.exitCode());
        assertEquals("focalscope: " + RUN + "/nosuch.csv: no such file\n", missing.err());
        CliRun folder = CliRun.of("open-dynamics", "--list", RUN);
        assertEquals("focalscope: " + RUN + ": --list is a folder: open-dynamics --list reads a CSV with the header"
                + " 'epoch,logits,labels' (a run's folder is given as DIR)\n", folder.err());
        java.nio.file.Path noHeader = java.nio.file.Files.writeString(tmp.resolve("run.csv"), "run/epoch_1/car.npy,run/labels/car.npy\n");
        CliRun header = CliRun.of("open-dynamics", "--list", noHeader.toString());
        assertEquals("focalscope: " + noHeader + ": line 1: expected the header 'epoch,logits,labels', found"
                + " 'run/epoch_1/car.npy,run/labels/car.npy'\n", header.err());
        CliRun both = CliRun.of("open-dynamics", RUN, "--list", "src/test/resources/dynamics/run.csv");
        assertEquals("focalscope: open-dynamics: give a folder DIR (with --labels-dir where the labels are kept apart) or"
                + " --list FILE.csv, not both\n", both.err());
        CliRun none = CliRun.of("open-dynamics");
        assertEquals("focalscope: open-dynamics: give a folder DIR with one sub-folder per epoch, or --list FILE.csv\n", none.err());
    }

    /** {@code open} on a file has no run: the data-map layers are refused, pointing to the commands that draw them. */
    @Test
    void openOnAFileRefusesTheDataMapLayers() {
        String demo = io.focalscope.demo.Assets.demoArchive().toString();
        CliRun run = CliRun.of("open", "--logits", demo, "--labels", demo, "--layer", "hard-stable");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: --layer hard-stable shows a training run's data maps: open the run with 'focalscope open-dynamics"
                + " DIR', or draw one of its images with 'focalscope render --run DIR --run-image NAME --layer hard-stable'\n", run.err());
    }

    @Test
    void sigmoidIsRefusedWithTheReason() {
        CliRun run = CliRun.of("open-dynamics", RUN, "--activation", "sigmoid");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(true, run.err().contains("leave --activation at softmax"), run.err());
    }
}
