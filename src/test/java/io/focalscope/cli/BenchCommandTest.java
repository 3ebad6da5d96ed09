package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void reportsEveryFigureAsJson() {
        CliRun run = CliRun.of("bench", "--classes", "5", "--height", "16", "--width", "24", "--batch", "2", "--repeat", "1", "--warm-up", "0",
                "--engine", "cpu", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(List.of("shape", "repeat", "loadMs", "fullComputeMs", "regammaMs", "renderMs", "peakRssMb", "engine", "backend", "threads",
                "activation", "lossTerm"),
                new ArrayList<>(json.keySet()));
        assertEquals("[2,5,16,24]", json.get("shape").toString());
        for (String key : List.of("loadMs", "fullComputeMs", "regammaMs", "renderMs")) {
            assertTrue(json.get(key).getAsDouble() > 0, key);
        }
        assertTrue(json.get("peakRssMb").getAsLong() > 0);
        assertEquals("cpu", json.get("engine").getAsString(), "the engine asked for");
        assertTrue(json.get("backend").getAsString().startsWith("cpu kernel on CPU (Java Vector API, "), json.get("backend").getAsString());
    }

    @Test
    void refusesEmptyShapes() {
        CliRun run = CliRun.of("bench", "--classes", "0");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: bench: --classes, --height, --width, --batch and --repeat must be at least 1\n", run.err());
    }

    /** The tests run headless (java.awt.headless): the window benchmark says what it needs instead of failing. */
    @Test
    void theWindowBenchmarkNeedsADisplay() {
        CliRun run = CliRun.of("bench", "--window", "--height", "16", "--width", "24");
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: no display: the window needs one (is DISPLAY set?); 'focalscope compute' works without\n", run.err());
    }

    @Test
    void aWindowSizeIsTwoNumbers() {
        assertEquals(List.of(1600, 1000), java.util.Arrays.stream(BenchCommand.parseSize("1600x1000")).boxed().toList());
        io.focalscope.io.InputException e = org.junit.jupiter.api.Assertions.assertThrows(io.focalscope.io.InputException.class,
                () -> BenchCommand.parseSize("wide"));
        assertEquals("bench: --window-size must be WIDTHxHEIGHT, each at least 200, got 'wide'", e.getMessage());
    }
}
