package io.focalscope.loss.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.engines.Engines;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the backend and engine choice report, whichever backend this build runs on. */
class BackendTest {

    @Test
    void aCudaBuildOnTheCpuSaysSoInOneLine() {
        assertEquals(Optional.of("this is the CUDA build, but no usable CUDA GPU was found; computing on the CPU"),
                Backend.fallbackNotice("cuda", "CPU"));
        assertEquals(Optional.empty(), Backend.fallbackNotice("cuda", "CUDA"));
        assertEquals(Optional.empty(), Backend.fallbackNotice("cpu", "CPU"));
    }

    @Test
    void theNd4jEngineNamesTheDeviceItRunsOn() {
        String device = Backend.device();
        assertEquals("nd4j on " + device, Engines.choose("nd4j").describe());
        // ND4J's backend is CPU or CUDA, and the device says which
        assertEquals(true, Backend.name().equals("CPU") || Backend.name().equals("CUDA"), Backend.name());
        assertEquals(Backend.name().equals("CUDA"), device.startsWith("CUDA"), device);
    }
}
