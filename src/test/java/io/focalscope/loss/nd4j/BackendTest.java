package io.focalscope.loss.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.Versions;
import io.focalscope.loss.FocalLossEngine;
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
    void theNoticeFollowsTheBuildAndTheBackendInUse() {
        boolean fellBack = Versions.build().equals("cuda") && Backend.name().equals("CPU");
        assertEquals(fellBack, Backend.fallbackNotice().isPresent());
    }

    @Test
    void autoTakesTheNd4jPathOnAGpuAndTheKernelElsewhere() {
        FocalLossEngine auto = Engines.auto();
        assertEquals(Backend.name().equals("CUDA") ? "nd4j" : "cpu", auto.id());
        assertEquals("nd4j on " + Backend.device(), Engines.choose("nd4j").describe());
        assertEquals(Backend.name().equals("CUDA"), Backend.device().startsWith("CUDA"));
    }
}
