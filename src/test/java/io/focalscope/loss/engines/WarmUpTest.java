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

    /** Every round runs, and then the engine is told, once, that its vector code is warm. */
    @Test
    void saysWarmAfterItsRounds() {
        int[] told = {0};
        int rounds = WarmUp.run(() -> told[0]++);
        org.junit.jupiter.api.Assertions.assertEquals(40, rounds);
        org.junit.jupiter.api.Assertions.assertEquals(1, told[0]);
    }
}
