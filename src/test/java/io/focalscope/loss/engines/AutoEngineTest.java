package io.focalscope.loss.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code --engine auto} picks, for every build, backend and JVM, whichever this machine is. */
class AutoEngineTest {

    @ParameterizedTest
    @CsvSource({
        "true,  cpu,  CPU,  cpu",
        "true,  cuda, CUDA, nd4j",
        "true,  cuda, CPU,  cpu",
        "false, cpu,  CPU,  nd4j",
        "false, cuda, CUDA, nd4j"})
    void autoTakesNd4jOnACudaBackendOrWithoutTheVectorApi(boolean vectorApi, String build, String backend, String picked) {
        assertEquals(picked, Engines.autoId(vectorApi, build, () -> backend));
    }

    @Test
    void theCpuBuildNeverAsksNd4jForItsBackend() {
        // asking costs seconds (ND4J's first call); a CPU build has no CUDA backend to find
        assertEquals("cpu", Engines.autoId(true, "cpu", () -> {
            throw new AssertionError("the backend was asked");
        }));
    }
}
