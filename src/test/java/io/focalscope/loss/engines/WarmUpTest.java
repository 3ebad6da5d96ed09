package io.focalscope.loss.engines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up runs only where the CPU kernel computes: never loading ND4J or competing with the GPU. */
class WarmUpTest {

    @Test
    void onlyWhereTheEngineIsTheCpuKernel() {
        assertTrue(WarmUp.applies(new io.focalscope.loss.cpu.CpuEngine()));
        assertFalse(WarmUp.applies(new io.focalscope.loss.nd4j.Nd4jEngine()), "ND4J has no vector code of ours");
        assertFalse(WarmUp.applies(null));
    }

    /** The launch's part, before the engine is chosen, only where it would be the CPU kernel. */
    @Test
    void theLaunchsPartOnlyWhereTheEngineWouldBeTheCpuKernel() {
        assertTrue(WarmUp.appliesByName("cpu", "cpu", true));
        assertTrue(WarmUp.appliesByName("CPU", "cuda", true), "asked for by name, on any build");
        assertTrue(WarmUp.appliesByName(null, "cpu", true), "auto is the CPU kernel on the CPU build");
        assertTrue(WarmUp.appliesByName("auto", "cpu", true));
        assertFalse(WarmUp.appliesByName("auto", "cuda", true), "auto may be ND4J on the CUDA build");
        assertFalse(WarmUp.appliesByName("nd4j", "cpu", true));
        assertFalse(WarmUp.appliesByName("cpu", "cpu", false), "without the Vector API there is no CPU kernel");
    }

    /** Every round runs, then what follows them (the engine told that its vector code is warm), once. */
    @Test
    void saysWarmAfterItsRounds() {
        int[] told = {0};
        int rounds = WarmUp.run(io.focalscope.loss.cpu.CpuEngine.vectorCode(), 7, () -> told[0]++);
        org.junit.jupiter.api.Assertions.assertEquals(7, rounds);
        org.junit.jupiter.api.Assertions.assertEquals(1, told[0]);
    }
}
