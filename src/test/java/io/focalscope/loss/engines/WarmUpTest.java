package io.focalscope.loss.engines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The start-up warm-up runs only where the CPU kernel will compute: never loading ND4J or competing with the GPU. */
class WarmUpTest {

    @Test
    void onlyWhereTheEngineIsTheCpuKernel() {
        assertTrue(WarmUp.applies("cpu", "cpu", true));
        assertTrue(WarmUp.applies("CPU", "cuda", true), "asked for by name, on any build");
        assertTrue(WarmUp.applies(null, "cpu", true), "auto is the CPU kernel on the CPU build");
        assertTrue(WarmUp.applies("auto", "cpu", true));
        assertFalse(WarmUp.applies("auto", "cuda", true), "auto may be ND4J on the CUDA build");
        assertFalse(WarmUp.applies("nd4j", "cpu", true));
        assertFalse(WarmUp.applies("cpu", "cpu", false), "without the Vector API there is no CPU kernel");
    }

    /** Every round runs, and then the engine is told, once, that its vector code is warm. */
    @Test
    void saysWarmAfterItsRounds() {
        int[] told = {0};
        int rounds = WarmUp.run(() -> told[0]++);
        org.junit.jupiter.api.Assertions.assertEquals(40, rounds);
        org.junit.jupiter.api.Assertions.assertEquals(1, told[0]);
    }
}
