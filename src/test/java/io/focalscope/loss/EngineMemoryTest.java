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
        long before = heapUsed();
        PreparedBatch prepared = cpu.prepare(batch, 255, activation);
        LossResult result = prepared.evaluate(settings);
        long kept = heapUsed() - before;
        long budget = EngineMemory.maps(activation).bytes(batch.pixels(), batch.logits().length);
        String what = activation + ", " + classes + " classes: kept " + kept / batch.pixels() + " bytes a pixel, budgeted "
                + budget / batch.pixels() + " (" + result.maps().shape().length + "-d maps)";
        assertTrue(kept <= budget, what);
        assertTrue(budget <= 1.5 * kept, what);
        // what was measured stays reachable until here: else the JIT may let the collector take it first
        java.lang.ref.Reference.reachabilityFence(prepared);
        java.lang.ref.Reference.reachabilityFence(result);
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
        long before = heapUsed();
        PreparedBatch prepared = cpu.prepare(batch, 255, Activation.SIGMOID);
        long kept = heapUsed() - before;
        WorkingMemory summary = EngineMemory.summary(Activation.SIGMOID);
        long budget = summary.bytes(batch.pixels(), batch.logits().length);
        String what = classes + " classes: kept " + kept / batch.pixels() + " bytes a pixel, budgeted " + budget / batch.pixels()
                + " (" + prepared.participation().classes() + " classes)";
        assertTrue(kept <= budget, what);
        assertTrue(budget <= 1.5 * kept, what);
        prepared.close();
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
