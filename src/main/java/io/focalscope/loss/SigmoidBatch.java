package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The sigmoid focal loss (RetinaNet's; torchvision's {@code sigmoid_focal_loss}), per class
 * channel c and pixel: {@code p = σ(x_c)}, a target t of 0 or 1, {@code p_t = p} where t = 1 and
 * {@code 1 - p} where t = 0, {@code α_t = α} or {@code 1 - α}, and
 * <pre>
 *   l = -w_c α_t (1 - p_t)^γ log p_t
 * </pre>
 * with {@code log p_t} from the logit by softplus, never as log(σ(x)): {@code -log σ(x) =
 * softplus(-x)} and {@code -log(1 - σ(x)) = softplus(x)}, {@code softplus(x) = max(x, 0) +
 * log1p(e^-|x|)}, finite and exact for logits of ±1000. Targets are a class index per pixel
 * (one-vs-rest: t = 1 in the labelled class's channel), a 0/1 mask per class ({@code [N,C,H,W]}),
 * or for one channel a 0/1 map (binary). An ignored pixel drops out with all its channels, an
 * ignored mask element alone. The per-pixel maps sum over the channels.
 *
 * <p>Computed in plain Java on the CPU cores, whichever engine is chosen: it keeps {@code -log p_t}
 * and {@code log(1 - p_t)} per element, so a new γ costs one exp per element. Not vectorised: at
 * 19 x 1024 x 2048 the first evaluation takes about 1.8 s and a new γ 0.5 s (bench --activation
 * sigmoid); a binary map of that size, one channel, a 19th of it.
 */
public final class SigmoidBatch implements PreparedBatch {

    private static final int CHUNK = 1 << 15;

    private enum Targets { INDEX, BINARY, MASK }

    private final Participation part;
    private final Targets kind;
    private final int classes;
    private final int hw;
    private final int samples;
    private final float[] u;          // -log p_t per element [N, C, HW], NaN where left out
    private final float[] logOneMinus; // log(1 - p_t)
    private final byte[] target;      // t per element
    private final int[] predicted;
    private final long kept;
    private final long keptPixels;
    private final double prepareMillis;
    private final String backend;

    private SigmoidBatch(Participation part, Targets kind, SegmentationBatch b, float[] u, float[] logOneMinus, byte[] target,
                         int[] predicted, long kept, long keptPixels, double prepareMillis) {
        this.part = part;
        this.kind = kind;
        this.classes = b.classes();
        this.hw = b.height() * b.width();
        this.samples = b.samples();
        this.u = u;
        this.logOneMinus = logOneMinus;
        this.target = target;
        this.predicted = predicted;
        this.kept = kept;
        this.keptPixels = keptPixels;
        this.prepareMillis = prepareMillis;
        int threads = Math.min(Runtime.getRuntime().availableProcessors(),
                java.util.concurrent.ForkJoinPool.commonPool().getParallelism() + 1);
        this.backend = "java on CPU (sigmoid, " + threads + (threads == 1 ? " thread)" : " threads)");
    }

    /**
     * Checks the targets and computes {@code -log p_t} and {@code log(1 - p_t)} of every element.
     *
     * @throws InputException naming the labels file for a target that is not a class, 0/1 or the ignore index
     */
    static SigmoidBatch prepare(SegmentationBatch b, Integer ignoreIndex) {
        long start = System.nanoTime();
        int classes = b.classes();
        int hw = b.height() * b.width();
        int pixels = b.pixels();
        Targets kind = b.labelMasks() ? Targets.MASK : classes == 1 ? Targets.BINARY : Targets.INDEX;
        int[] labels = b.labels();
        float[] z = b.logits();
        checkTargets(b, kind, ignoreIndex);

        byte[] target = new byte[z.length];
        float[] u = new float[z.length];
        float[] logOneMinus = new float[z.length];
        int[] predicted = new int[pixels];
        int[] classIndex = new int[pixels];
        boolean[] nonFinite = new boolean[pixels];
        int[][] ranges = ranges(b.samples(), hw);
        // channel by channel over a range of pixels: each class plane is read in order (a pixel's channels lie
        // H x W apart; visiting them pixel by pixel took 2.6 s instead of 1.8 s, and 0.77 instead of 0.52 s a γ,
        // at 19 x 1024 x 2048)
        IntStream.range(0, ranges.length).parallel().forEach(k -> {
            int n = ranges[k][0];
            int from = ranges[k][1];
            int len = ranges[k][2] - from;
            float[] best = new float[len];
            java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
            int[] arg = new int[len];
            boolean[] finite = new boolean[len];
            java.util.Arrays.fill(finite, true);
            for (int c = 0; c < classes; c++) {
                int plane = n * classes * hw + c * hw + from;
                for (int i = 0; i < len; i++) {
                    float x = z[plane + i];
                    finite[i] &= Float.isFinite(x);
                    if (x > best[i]) {
                        best[i] = x;
                        arg[i] = c;
                    }
                }
            }
            int[] firstPositive = new int[len];
            java.util.Arrays.fill(firstPositive, -1);
            boolean[] anyKept = new boolean[len];
            for (int c = 0; c < classes; c++) {
                int plane = n * classes * hw + c * hw + from;
                for (int i = 0; i < len; i++) {
                    int p = n * hw + from + i;
                    int e = plane + i;
                    boolean pixelIgnored = kind != Targets.MASK && ignoreIndex != null && labels[p] == ignoreIndex;
                    int t = switch (kind) {
                        case INDEX -> pixelIgnored ? -1 : labels[p] == c ? 1 : 0;
                        case BINARY -> pixelIgnored ? -1 : labels[p];
                        case MASK -> ignoreIndex != null && labels[e] == ignoreIndex ? -1 : labels[e];
                    };
                    if (t < 0 || !finite[i]) {
                        u[e] = Float.NaN;
                        logOneMinus[e] = Float.NaN;
                        target[e] = -1;
                        continue;
                    }
                    anyKept[i] = true;
                    firstPositive[i] = firstPositive[i] < 0 && t == 1 ? c : firstPositive[i];
                    double x = z[e];
                    double softplusX = softplus(x);      // -log(1 - σ(x))
                    double softplusMinusX = softplusX - x; // -log σ(x)
                    target[e] = (byte) t;
                    u[e] = (float) (t == 1 ? softplusMinusX : softplusX);
                    logOneMinus[e] = (float) (t == 1 ? -softplusX : -softplusMinusX);
                }
            }
            for (int i = 0; i < len; i++) {
                int p = n * hw + from + i;
                nonFinite[p] = !finite[i];
                predicted[p] = !finite[i] ? -1 : kind == Targets.BINARY ? (z[n * hw + from + i] > 0 ? 1 : 0) : arg[i];
                classIndex[p] = !anyKept[i] ? classes : switch (kind) {
                    case INDEX -> labels[p];
                    case BINARY -> 0;
                    case MASK -> Math.max(firstPositive[i], 0);
                };
            }
        });
        long[][] positives = new long[b.samples()][classes];
        long ignored = 0;
        long nonFiniteCount = 0;
        long keptElements = 0;
        long keptPixels = 0;
        int first = -1;
        for (int p = 0; p < pixels; p++) {
            int n = p / hw;
            int base = n * classes * hw + (p - n * hw);
            if (nonFinite[p]) {
                nonFiniteCount++;
                first = first < 0 ? p : first;
                continue;
            }
            if (classIndex[p] == classes) {
                ignored++;
                continue;
            }
            keptPixels++;
            for (int c = 0; c < classes; c++) {
                byte t = target[base + c * hw];
                keptElements += t >= 0 ? 1 : 0;
                positives[n][c] += t == 1 ? 1 : 0;
            }
        }
        if (keptElements == 0) {
            throw Participation.noLabelledPixels(b, ignoreIndex, nonFiniteCount);
        }
        PixelPosition firstPosition = first < 0 ? null : PixelPosition.ofFlat(first, b.height(), b.width());
        Participation part = new Participation(b.mapShape(), classes, ignoreIndex, classIndex, ClassCounts.of(positives),
                ignored, nonFiniteCount, firstPosition);
        return new SigmoidBatch(part, kind, b, u, logOneMinus, target, predicted, keptElements, keptPixels,
                (System.nanoTime() - start) / 1e6);
    }

    private static void checkTargets(SegmentationBatch b, Targets kind, Integer ignoreIndex) {
        if (kind == Targets.INDEX) {
            Participation.classIndex(b, ignoreIndex); // its message for a label outside the classes
            return;
        }
        int[] labels = b.labels();
        for (int e = 0; e < labels.length; e++) {
            int y = labels[e];
            if (y != 0 && y != 1 && (ignoreIndex == null || y != ignoreIndex)) {
                int hw = b.height() * b.width();
                String where = kind == Targets.MASK
                        ? "(n=" + e / (b.classes() * hw) + ", c=" + e / hw % b.classes() + ", y=" + e % hw / b.width()
                        + ", x=" + e % b.width() + ")"
                        : PixelPosition.ofFlat(e, b.height(), b.width()).toString();
                String what = kind == Targets.MASK ? "a mask per class holds 0 or 1" : "one logit channel takes a 0/1 map";
                throw InputException.of(b.labelsSource(), "label " + y + " at " + where + " is neither 0 nor 1 (" + what
                        + ")" + (ignoreIndex == null ? " and no ignore index is set" : " nor the ignore index " + ignoreIndex));
            }
        }
    }

    /**
     * {@code log(1 + e^x) = -log(1 - σ(x))}, exact for any x (and {@code softplus(x) - x = -log σ(x)}):
     * the one way the sigmoid's log-probabilities are taken here and by {@code peers}.
     */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** A class channel's term at one pixel, for a readout: its focal loss, weighted. */
    public record ChannelTerm(int classId, double focal) {
    }

    /**
     * The {@code k} channels that contribute most to one pixel's sigmoid focal loss, largest first,
     * from its logits in double (the readout asks for one pixel on the JavaFX thread).
     *
     * @param shown the sigmoid evaluation shown: its γ, α, ignore index and class weights
     */
    public static List<ChannelTerm> topChannels(SegmentationBatch b, int flatPixel, LossResult shown, int k) {
        int classes = b.classes();
        int hw = b.height() * b.width();
        int base = flatPixel / hw * classes * hw + flatPixel % hw;
        Integer ignore = shown.ignoreIndex();
        Double alpha = shown.alpha();
        double[] weights = shown.classWeights();
        List<ChannelTerm> terms = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int e = base + c * hw;
            int t = b.labelMasks() ? b.labels()[e] : classes == 1 ? b.labels()[flatPixel] : b.labels()[flatPixel] == c ? 1 : 0;
            int y = b.labelMasks() ? b.labels()[e] : b.labels()[flatPixel];
            if (ignore != null && y == ignore || t < 0 || t > 1) {
                continue;
            }
            double x = b.logits()[e];
            double softplusX = softplus(x);
            double u = t == 1 ? softplusX - x : softplusX;
            double logOneMinus = t == 1 ? -softplusX : -(softplusX - x);
            double a = weights[c] * (alpha == null ? 1 : t == 1 ? alpha : 1 - alpha);
            terms.add(new ChannelTerm(c, a * Math.exp(shown.gamma() * logOneMinus) * u));
        }
        terms.sort((p, q) -> Double.compare(q.focal(), p.focal()));
        return List.copyOf(terms.subList(0, Math.min(k, terms.size())));
    }

    @Override
    public Participation participation() {
        return part;
    }

    @Override
    public double prepareMillis() {
        return prepareMillis;
    }

    /** Ranges of at most {@code CHUNK} pixels within one sample: {sample, from, to}, in order. */
    private static int[][] ranges(int samples, int hw) {
        java.util.List<int[]> out = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            for (int i = 0; i < hw; i += CHUNK) {
                out.add(new int[] {n, i, Math.min(hw, i + CHUNK)});
            }
        }
        return out.toArray(int[][]::new);
    }

    /** What one chunk of pixels adds up to. */
    private record Sums(double[] classFocal, double[] classCe, long[] classKept, double[] sampleFocal, long[] sampleKept,
                        double focal, double ce, double weight) {
    }

    @Override
    public LossResult evaluate(LossSettings s) {
        if (!s.sigmoid()) {
            throw new IllegalArgumentException("a sigmoid batch evaluates sigmoid settings");
        }
        if (!Objects.equals(s.ignoreIndex(), part.ignoreIndex())) {
            throw new IllegalArgumentException("prepared for ignore index " + part.ignoreIndex() + ", asked for " + s.ignoreIndex());
        }
        long start = System.nanoTime();
        boolean fromHistogram = !(s.weights() instanceof WeightScheme.None || s.weights() instanceof WeightScheme.Explicit);
        if (fromHistogram && part.counts().labelledPixels() == 0) {
            throw new InputException("class weights '" + s.weights().describe() + "' come from the positive targets per"
                    + " class, and this batch has none");
        }
        ClassWeights weights = s.weights().weights(part.counts());
        double[] w = weights.values();
        double gamma = s.gamma();
        Double alpha = s.alpha();
        int pixels = part.pixels();
        float[] focal = new float[pixels];
        float[] ce = new float[pixels];
        float[] pt = new float[pixels];
        float[] oneMinusPt = new float[pixels];
        int[][] ranges = ranges(samples, hw);
        Sums[] partial = new Sums[ranges.length];
        IntStream.range(0, ranges.length).parallel().forEach(k -> {
            int n = ranges[k][0];
            int from = ranges[k][1];
            int len = ranges[k][2] - from;
            double[] classFocal = new double[classes];
            double[] classCe = new double[classes];
            long[] classKept = new long[classes];
            double[] sampleFocal = new double[samples];
            long[] sampleKept = new long[samples];
            double[] pixelFocal = new double[len];
            double[] pixelCe = new double[len];
            double[] largest = new double[len];
            java.util.Arrays.fill(largest, -1);
            int[] dominant = new int[len];
            java.util.Arrays.fill(dominant, -1);
            double totalWeight = 0;
            for (int c = 0; c < classes; c++) { // class planes in order, as in prepare
                int plane = n * classes * hw + c * hw + from;
                double wc = w[c];
                double positive = wc * (alpha == null ? 1 : alpha);
                double negative = wc * (alpha == null ? 1 : 1 - alpha);
                double focalSum = 0;
                double ceSum = 0;
                long keptHere = 0;
                for (int i = 0; i < len; i++) {
                    int e = plane + i;
                    byte t = target[e];
                    if (t < 0) {
                        continue;
                    }
                    double a = t == 1 ? positive : negative;
                    double cross = a * u[e];
                    double l = gamma == 0 ? cross : Math.exp(gamma * logOneMinus[e]) * cross;
                    pixelFocal[i] += l;
                    pixelCe[i] += cross;
                    focalSum += l;
                    ceSum += cross;
                    keptHere++;
                    totalWeight += a;
                    if (l > largest[i]) {
                        largest[i] = l;
                        dominant[i] = e;
                    }
                }
                classFocal[c] += focalSum;
                classCe[c] += ceSum;
                classKept[c] += keptHere;
                sampleKept[n] += keptHere;
            }
            double totalFocal = 0;
            double totalCe = 0;
            for (int i = 0; i < len; i++) {
                int p = n * hw + from + i;
                focal[p] = (float) pixelFocal[i];
                ce[p] = (float) pixelCe[i];
                int e = dominant[i];
                pt[p] = e < 0 ? Float.NaN : (float) Math.exp(-u[e]);
                oneMinusPt[p] = e < 0 ? Float.NaN : (float) Math.exp(logOneMinus[e]);
                totalFocal += pixelFocal[i];
                totalCe += pixelCe[i];
            }
            sampleFocal[n] += totalFocal;
            partial[k] = new Sums(classFocal, classCe, classKept, sampleFocal, sampleKept, totalFocal, totalCe, totalWeight);
        });
        double[] classFocal = new double[classes];
        double[] classCe = new double[classes];
        long[] classKept = new long[classes];
        double[] sampleFocal = new double[samples];
        long[] sampleKept = new long[samples];
        double sum = 0;
        double ceSum = 0;
        double weightSum = 0;
        for (Sums x : partial) { // in chunk order: a figure does not depend on the threads' timing
            for (int c = 0; c < classes; c++) {
                classFocal[c] += x.classFocal()[c];
                classCe[c] += x.classCe()[c];
                classKept[c] += x.classKept()[c];
            }
            for (int n = 0; n < samples; n++) {
                sampleFocal[n] += x.sampleFocal()[n];
                sampleKept[n] += x.sampleKept()[n];
            }
            sum += x.focal();
            ceSum += x.ce();
            weightSum += x.weight();
        }
        List<ClassFigures> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long n = classKept[c];
            perClass.add(new ClassFigures(c, part.counts().count(c), n == 0 ? 0 : classFocal[c] / n, sum > 0 ? classFocal[c] / sum : 0,
                    n == 0 ? 0 : classCe[c] / n, ceSum > 0 ? classCe[c] / ceSum : 0));
        }
        double[] sampleMean = new double[samples];
        for (int n = 0; n < samples; n++) {
            sampleMean[n] = sampleKept[n] == 0 ? Double.NaN : sampleFocal[n] / sampleKept[n];
        }
        long all = (long) pixels * classes;
        Reduction r = s.reduction();
        double loss = r.reduce(sum, kept, weightSum, all);
        PixelMaps maps = new PixelMaps(part.mapShape(), focal, focal, ce, null, pt, () -> oneMinusPt, predicted, gamma);
        return new LossResult(gamma, part.ignoreIndex(), r, s.weights().describe(), classes, keptPixels, part.ignored(),
                part.nonFinite(), part.counts().total(), w, weights.warnings(), loss, loss, 0, sum,
                r.reduce(ceSum, kept, weightSum, all), perClass, sampleMean, maps, null, backend,
                (System.nanoTime() - start) / 1e6, Activation.SIGMOID, alpha, kept);
    }

    /**
     * A dataset scan's sums at γ: per class the α_t-weighted focal loss and cross-entropy of its
     * kept elements, their number, and the histogram of {@code -log p_t} with a row per class for
     * positive targets and then a row per class for negative ones (their α_t differ).
     */
    ImageLossSums summarize(double gamma, Double alpha) {
        double[] focal = new double[classes];
        double[] ce = new double[classes];
        long[] classTerms = new long[classes];
        LogPtHistogram histogram = new LogPtHistogram(2 * classes);
        for (int e = 0; e < u.length; e++) {
            byte t = target[e];
            if (t < 0) {
                continue;
            }
            int c = e / hw % classes;
            double a = alpha == null ? 1 : t == 1 ? alpha : 1 - alpha;
            double cross = a * u[e];
            focal[c] += gamma == 0 ? cross : Math.exp(gamma * logOneMinus[e]) * cross;
            ce[c] += cross;
            classTerms[c]++;
            histogram.add(t == 1 ? c : classes + c, u[e]);
        }
        return new ImageLossSums(gamma, part.pixels(), keptPixels, part.ignored(), part.nonFinite(), kept,
                (long) part.pixels() * classes, part.counts().total(), classTerms, focal, ce, histogram);
    }

    @Override
    public void close() {
        // heap arrays only
    }

    @Override
    public String toString() {
        return "sigmoid batch (" + kind + " targets, " + Arrays.toString(part.mapShape()) + ")";
    }
}
