package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void aCudaBuildOnTheCpuSaysSoInOneLine() {
        assertEquals(Optional.of("this is the CUDA build, but no usable CUDA GPU was found; computing on the CPU"),
                Backend.fallbackNotice("cuda", "CPU"));
        assertEquals(Optional.empty(), Backend.fallbackNotice("cuda", "CUDA"));
        assertEquals(Optional.empty(), Backend.fallbackNotice("cpu", "CPU"));
    }

    @Test
    void thisBuildComputesOnTheCpuWithoutANotice() {
        assertEquals("CPU", Backend.name());
        assertEquals(Optional.empty(), Backend.fallbackNotice());
    }
}
