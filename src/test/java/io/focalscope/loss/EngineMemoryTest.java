package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.io.WorkingMemory;
import io.focalscope.loss.engines.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The working memory a reader budgets for a batch ({@link EngineMemory}) against what the CPU
 * kernel keeps on the heap for it: not less, or a batch the budget let through would run out of
 * memory, and not much more, or one that fits would be refused.
 */
class EngineMemoryTest {

    @ParameterizedTest
    @CsvSource({"softmax, 19", "softmax, 2", "sigmoid, 1", "sigmoid, 2", "sigmoid, 19"})
    void aBatchEvaluatedWithItsMapsKeepsWhatTheBudgetSays(String activationName, int classes) {
        Activation activation = Activation.valueOf(activationName.toUpperCase(java.util.Locale.ROOT));
        SegmentationBatch batch = Batches.random(7, 1, classes, 256, 512, 3, 255);
        if (activation == Activation.SIGMOID && classes == 1) {
            batch = binary(batch);
        }
        LossSettings settings = new LossSettings(new LossTerm.Focal(2), new WeightScheme.None(), 255, Reduction.MEAN,
                activation == Activation.SOFTMAX, activation, LossSettings.defaultAlpha(activation, new LossTerm.Focal(2)), true);
        FocalLossEngine cpu = Engines.choose("cpu");
        cpu.prepare(batch, 255, activation).evaluate(settings); // warm: classes loaded, kernels compiled
        SegmentationBatch measured = batch;
        long kept = medianKept(() -> {
            PreparedBatch prepared = cpu.prepare(measured, 255, activation);
            return new Object[] {prepared, prepared.evaluate(settings)};
        });
        long budget = EngineMemory.maps(activation).bytes(batch.pixels(), batch.logits().length);
        String what = activation + ", " + classes + " classes: kept " + kept / batch.pixels() + " bytes a pixel, budgeted "
                + budget / batch.pixels();
        assertTrue(kept <= budget, what);
        assertTrue(budget <= 1.5 * kept, what);
    }

    @ParameterizedTest
    @CsvSource({"sigmoid, 1", "sigmoid, 19"})
    void aSigmoidBatchPreparedForItsSummaryKeepsWhatTheBudgetSays(String activationName, int classes) {
        SegmentationBatch batch = Batches.random(7, 1, classes, 256, 512, 3, 255);
        if (classes == 1) {
            batch = binary(batch);
        }
        FocalLossEngine cpu = Engines.choose("cpu");
        cpu.prepare(batch, 255, Activation.SIGMOID).close();
        SegmentationBatch measured = batch;
        long kept = medianKept(() -> new Object[] {cpu.prepare(measured, 255, Activation.SIGMOID)});
        WorkingMemory summary = EngineMemory.summary(Activation.SIGMOID);
        long budget = summary.bytes(batch.pixels(), batch.logits().length);
        String what = classes + " classes: kept " + kept / batch.pixels() + " bytes a pixel, budgeted " + budget / batch.pixels();
        assertTrue(kept <= budget, what);
        assertTrue(budget <= 1.5 * kept, what);
    }

    /**
     * The heap what {@code make} returns holds, the median of five tries: the heap is shared with
     * whatever earlier tests left running, and one of them freeing or filling memory between two
     * readings (CI once read 12 bytes a pixel for 17) moves a single reading, not the median.
     */
    private static long medianKept(java.util.function.Supplier<Object[]> make) {
        long[] kept = new long[5];
        for (int i = 0; i < kept.length; i++) {
            long before = heapUsed();
            Object[] held = make.get();
            kept[i] = heapUsed() - before;
            ((PreparedBatch) held[0]).close();
            // what was measured stays reachable until here: else the JIT may let the collector take it first
            java.lang.ref.Reference.reachabilityFence(held);
        }
        java.util.Arrays.sort(kept);
        return kept[kept.length / 2];
    }

    /** One logit a pixel: labels 0 and 1 (and the ignored 255) for the binary sigmoid. */
    private static SegmentationBatch binary(SegmentationBatch b) {
        int[] labels = b.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labels[i] == 255 ? 255 : i % 3 == 0 ? 1 : 0;
        }
        return new SegmentationBatch(b.logits(), labels, b.samples(), b.classes(), b.height(), b.width(), b.logitsSource(),
                b.labelsSource());
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
