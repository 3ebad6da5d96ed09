package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.expOfNonPositive;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.Participation;
import io.focalscope.loss.PixelOutcomes;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * A dataset scan's one pass over a batch: per tile of pixels its own read of the logits
 * ({@link #read}) into a {@link LogitTile}, the tile's "onehot" log-softmax as {@link SoftmaxKernel}
 * takes it, then the term's two parts (the weighted one and the added one), summed per class, and
 * {@code u = -log p_t} counted into the histogram. Nothing per pixel is kept, so it costs a read of
 * the logits and no writes (at 19 x 1024 x 2048, about 20 ms against 40 ms for the engine's
 * preparation, which keeps a dozen per-pixel arrays for the window). It runs on the calling thread:
 * a scan computes several images at once.
 */
final class SummaryKernel {

    private final int[] classIndex;
    private final int classes;
    private final int hw;
    private final float[] z;
    private final ElementTerm term;
    private final VectorTerm weighted;
    private final VectorTerm withAdded;
    private final long[] counts;
    private final double[] focal;
    private final double[] added;
    private final double[] ce;
    private final LogPtHistogram histogram;
    private final LogitTile tile;
    private final float[] u = new float[LogitTile.SIZE];
    private final float[] focalTile = new float[LogitTile.SIZE];
    private final float[] addedTile = new float[LogitTile.SIZE];
    // each tile's p_t and arg-max, for training dynamics; null for a scan
    private final PixelOutcomes outcomes;
    private final float[] ptTile = new float[LogitTile.SIZE];
    private final int[] predictedTile = new int[LogitTile.SIZE];
    private long ignored;
    private long nonFinite;

    private SummaryKernel(SegmentationBatch batch, int[] classIndex, ElementTerm term, PixelOutcomes outcomes) {
        this.outcomes = outcomes;
        this.classIndex = classIndex;
        this.classes = batch.classes();
        this.hw = batch.height() * batch.width();
        this.term = term;
        this.z = batch.logits();
        this.tile = new LogitTile(z, classIndex, classes, hw);
        this.weighted = new VectorTerm(term.withoutAdded());
        this.withAdded = new VectorTerm(term);
        counts = new long[classes];
        focal = new double[classes];
        added = new double[classes];
        ce = new double[classes];
        histogram = outcomes == null ? new LogPtHistogram(classes) : null; // 1.2 MB a batch at 19 classes, of no use to dynamics
    }

    private static final List<LogitTile.Pass<SummaryKernel>> PASSES = LogitTile.afterRead(
        (k, t, planes, p0, len) -> VectorLanes.negate(t.logPt, k.u, len),
        // the term's weighted part (α = 1: the weights come from the whole dataset) and its added part (α 0)
        (k, t, planes, p0, len) -> k.values(k.weighted, k.u, k.focalTile, len),
        (k, t, planes, p0, len) -> {
            if (k.term.adds()) {
                k.values(k.withAdded, null, k.addedTile, len);
            }
        });

    /**
     * @param outcomes given each tile's p_t and arg-max, or null; with it the sums have no histogram
     */
    static ImageLossSums run(SegmentationBatch batch, int[] classIndex, Integer ignoreIndex, ElementTerm term, PixelOutcomes outcomes) {
        SummaryKernel k = new SummaryKernel(batch, classIndex, term, outcomes);
        for (int n = 0; n < batch.samples(); n++) {
            for (int i = 0; i < k.hw; i += LogitTile.SIZE) {
                // a tile per call, small methods the JIT compiles early: with one loop over the image the
                // first two Cityscapes-sized images took 1.0 and 0.45 s while it compiled, then 0.6 and 0.11 s
                k.tile(n * k.classes * k.hw + i, n * k.hw + i, Math.min(LogitTile.SIZE, k.hw - i));
            }
        }
        if (java.util.Arrays.stream(k.counts).sum() == 0) {
            throw Participation.noLabelledPixels(batch, ignoreIndex, k.nonFinite);
        }
        return ImageLossSums.softmax(term.gamma(), batch.pixels(), k.ignored, k.nonFinite, k.counts, k.focal, k.added, k.ce,
                k.histogram);
    }

    /** Pixels [p0, p0 + len): the logits of {@code planes + c * hw}. */
    private void tile(int planes, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            read(planes + j, p0 + j, j, tail(j, len));
        }
        for (LogitTile.Pass<SummaryKernel> pass : PASSES) {
            pass.run(this, tile, planes, p0, len);
        }
        sums(p0, len);
        if (outcomes != null) {
            handOver(p0, len);
        }
    }

    /** The tile's p_t (NaN where left out) and arg-max (-1 where not finite) to the outcomes, a vector of pixels at a time. */
    private void handOver(int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            VectorLanes.store(load(tile.pt, j, lanes).blend(Float.NaN, tile.leftOut(p0 + j, j, lanes)), ptTile, j, lanes);
            VectorLanes.store(tile.predicted(j, lanes), predictedTile, j, lanes);
        }
        outcomes.accept(p0, len, ptTile, predictedTile, 0);
    }

    /**
     * One block's largest logit and its class, the label's logit through the class mask, the
     * non-finite check and ε, into the tile, as {@link LogitTile}'s two passes find them but both in
     * one loop per block: the scan's pass runs on one thread, where the two passes took 8 % longer
     * (JMH at 19 x 1024 x 2048, AVX2: 89-93 ms against 81-84).
     */
    private void read(int base, int p, int j, VectorMask<Float> lanes) {
        FloatVector y = (FloatVector) load(classIndex, p, lanes).convert(VectorOperators.I2F, 0);
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector arg = FloatVector.zero(F);
        FloatVector labelZ = FloatVector.zero(F);
        FloatVector zeros = FloatVector.zero(F);
        FloatVector bad = zeros; // z x 0 is 0 for a finite z and NaN for NaN and ±infinity
        for (int c = 0; c < classes; c++) {
            FloatVector v = load(z, base + c * hw, lanes);
            VectorMask<Float> above = v.compare(VectorOperators.GT, max);
            max = max.blend(v, above);
            arg = arg.blend(c, above);
            labelZ = labelZ.blend(v, y.compare(VectorOperators.EQ, c));
            bad = v.fma(zeros, bad);
        }
        FloatVector sum = FloatVector.zero(F);
        for (int c = 0; c < classes; c++) {
            sum = sum.add(expOfNonPositive(load(z, base + c * hw, lanes).sub(max)), arg.compare(VectorOperators.NE, c));
        }
        VectorLanes.store(arg, tile.arg, j, lanes);
        VectorLanes.store(labelZ.sub(max), tile.labelShifted, j, lanes);
        VectorLanes.store(bad, tile.poison, j, lanes);
        VectorLanes.store(sum, tile.eps, j, lanes);
    }

    /** The term's value per pixel from α u ({@code alphaU}, or 0 where null) and log(1 - p_t). */
    private void values(VectorTerm t, float[] alphaU, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector au = alphaU == null ? FloatVector.zero(F) : load(alphaU, j, lanes);
            VectorLanes.store(t.value(au, load(tile.logOneMinus, j, lanes)), out, j, lanes);
        }
    }

    /** The tile's pixels into the class sums and the histogram, lane by lane. */
    private void sums(int p0, int len) {
        boolean adds = term.adds();
        for (int j = 0; j < len; j++) {
            int c = classIndex[p0 + j];
            if (tile.poison[j] != tile.poison[j]) {
                nonFinite++;
            } else if (c == classes) {
                ignored++;
            } else {
                counts[c]++;
                focal[c] += focalTile[j];
                added[c] += adds ? addedTile[j] : 0;
                ce[c] += u[j];
                if (outcomes == null) {
                    histogram.add(c, u[j]); // the loss curve's; dynamics, which asks for p_t, has no use for it
                }
            }
        }
    }
}
