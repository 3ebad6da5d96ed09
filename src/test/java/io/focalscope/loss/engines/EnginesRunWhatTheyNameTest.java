package io.focalscope.loss.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * {@code --engine nd4j} computes with ND4J's ops and {@code --engine cpu} with none, softmax and
 * sigmoid alike, each term too: counted by ND4J's own op profiler, not by anything of ours.
 */
class EnginesRunWhatTheyNameTest {

    private OpExecutioner.ProfilingMode before;

    @BeforeEach
    void countOps() {
        before = Nd4j.getExecutioner().getProfilingMode();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
    }

    @AfterEach
    void restore() {
        Nd4j.getExecutioner().setProfilingMode(before);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"nd4j, softmax, softmax", "nd4j, sigmoid, one_vs_rest", "nd4j, sigmoid, multi_label", "cpu, softmax, softmax",
            "cpu, sigmoid, one_vs_rest", "cpu, sigmoid, multi_label"})
    void theEngineNamedIsTheEngineThatRuns(String engine, String activation, String name) {
        Activation a = Activation.parse(activation);
        Path dir = Path.of("src/test/resources/terms").resolve(name);
        SegmentationBatch batch = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        LossTerm term = a == Activation.SIGMOID ? new LossTerm.Asl(1, 4, 0.05) : new LossTerm.Poly1(2, 1);
        long start = OpProfiler.getInstance().getInvocationsCount();
        LossResult r;
        try (PreparedBatch prepared = Engines.choose(engine).prepare(batch, 255, a)) {
            r = prepared.evaluate(new LossSettings(term, new WeightScheme.None(), 255, Reduction.MEAN, false, a, null, true));
        }
        long ops = OpProfiler.getInstance().getInvocationsCount() - start;
        if (engine.equals("nd4j")) {
            assertTrue(ops > 20, "ND4J ran " + ops + " ops");
        } else {
            assertEquals(0, ops, "the fused kernel runs no ND4J op");
        }
        assertTrue(r.backend().startsWith(engine), r.backend());
    }
}
