package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void namesTheBackendAndVersions() {
        CliRun run = CliRun.of("info");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("backend    CPU (cpu build)\n"), run.out());
        assertTrue(run.out().contains("ND4J       1.0.0-M2.1\n"), run.out());
        assertTrue(run.out().contains("JavaFX     21.0.11\n"), run.out());
        assertTrue(run.out().contains("blas.vendor = OPENBLAS"), run.out());
    }
}
