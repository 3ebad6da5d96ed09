package io.focalscope.loss;

import io.focalscope.io.SegmentationBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * One pixel's figures straight from its logits, in double, for a readout (it asks for one pixel on
 * the JavaFX thread): its most probable classes, its sigmoid channels' terms and its gradient, each
 * term through {@link ElementTerm}, as the engines compute them for every pixel.
 */
public final class PixelProbe {

    private PixelProbe() {
    }

    /** The {@code k} most probable classes of a pixel, most probable first (softmax in double). */
    public static List<ClassProbability> topClasses(SegmentationBatch batch, int flatPixel, int k) {
        double[] p = softmax(batch, flatPixel);
        List<ClassProbability> all = new ArrayList<>(p.length);
        for (int c = 0; c < p.length; c++) {
            all.add(new ClassProbability(c, p[c]));
        }
        all.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return List.copyOf(all.subList(0, Math.min(k, p.length)));
    }

    private static double logit(SegmentationBatch b, int flatPixel, int c) {
        int hw = b.height() * b.width();
        return b.logits()[flatPixel / hw * b.classes() * hw + c * hw + flatPixel % hw];
    }

    /** The log-softmax of a pixel's logits. */
    private static double[] logSoftmax(SegmentationBatch b, int flatPixel) {
        int classes = b.classes();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logit(b, flatPixel, c));
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logit(b, flatPixel, c) - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = logit(b, flatPixel, c) - logSum;
        }
        return out;
    }

    private static double[] softmax(SegmentationBatch b, int flatPixel) {
        double[] p = logSoftmax(b, flatPixel);
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c]);
        }
        return p;
    }

    /**
     * {@code log(1 + e^x) = -log(1 - σ(x))}, exact for any x (and {@code softplus(x) - x = -log σ(x)}):
     * the way the sigmoid's log-probabilities are taken here and by {@code peers}.
     */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** {@code u = -log p_t} and {@code log(1 - p_t)} of a sigmoid element with logit x and target t. */
    public static double[] sigmoidElement(double x, boolean positive) {
        double softplusX = softplus(x);
        double softplusNeg = softplus(-x); // not softplus(x) - x, which loses the digits of a small -log σ(x)
        return positive ? new double[] {softplusNeg, -softplusX} : new double[] {softplusX, -softplusNeg};
    }

    /** {@code u = -log p_c} and {@code log(1 - p_c)} of a softmax class c, from the log-softmax. */
    public static double[] softmaxElement(double logP) {
        return new double[] {-logP, Math.log(-Math.expm1(logP))};
    }

    /** A class channel's term at one pixel, for a readout: its loss, weighted. */
    public record ChannelTerm(int classId, double loss) {
    }

    /** One kept sigmoid element of a pixel: its channel, side, u, log(1 - p_t), weight and term. */
    private record Channel(int classId, boolean positive, double u, double logOneMinus, double alpha, ElementTerm term) {
        double value() {
            return term.value(alpha, u, logOneMinus);
        }
    }

    /** A pixel's kept sigmoid elements (none where every channel is left out). */
    private static List<Channel> channels(SegmentationBatch b, int flatPixel, LossResult shown) {
        int[] targets = SigmoidTargets.targetsAt(b, shown.ignoreIndex(), flatPixel);
        List<Channel> out = new ArrayList<>();
        for (int c = 0; c < targets.length; c++) {
            if (targets[c] >= 0) {
                boolean positive = targets[c] == 1;
                double[] e = sigmoidElement(logit(b, flatPixel, c), positive);
                out.add(new Channel(c, positive, e[0], e[1], weight(shown, c, positive), shown.term().side(positive)));
            }
        }
        return out;
    }

    /** A softmax pixel's label, or -1 where it is ignored (the labels were checked when the batch was prepared). */
    private static int label(SegmentationBatch b, int flatPixel, LossResult shown) {
        int y = b.labels()[flatPixel];
        return shown.ignoreIndex() != null && y == shown.ignoreIndex() ? -1 : y;
    }

    /**
     * The {@code k} channels that contribute most to one pixel's sigmoid loss, largest first.
     *
     * @param shown the sigmoid evaluation shown: its term, α, ignore index and class weights
     */
    public static List<ChannelTerm> topChannels(SegmentationBatch b, int flatPixel, LossResult shown, int k) {
        List<ChannelTerm> terms = new ArrayList<>();
        for (Channel c : channels(b, flatPixel, shown)) {
            terms.add(new ChannelTerm(c.classId(), c.value()));
        }
        terms.sort((p, q) -> Double.compare(q.loss(), p.loss()));
        return List.copyOf(terms.subList(0, Math.min(k, terms.size())));
    }

    /** An element's weight: its class weight, and α_t with sigmoid. */
    private static double weight(LossResult shown, int c, boolean positive) {
        Double alpha = shown.alpha();
        return shown.classWeights()[c] * (alpha == null ? 1 : positive ? alpha : 1 - alpha);
    }

    /**
     * A pixel's loss under the shown evaluation's term and weights, in double: its elements' values
     * summed; null where the pixel has no element.
     */
    public static Double loss(SegmentationBatch b, int flatPixel, LossResult shown) {
        if (shown.activation() == Activation.SIGMOID) {
            List<Channel> kept = channels(b, flatPixel, shown);
            return kept.isEmpty() ? null : kept.stream().mapToDouble(Channel::value).sum();
        }
        int y = label(b, flatPixel, shown);
        if (y < 0) {
            return null;
        }
        double[] e = softmaxElement(logSoftmax(b, flatPixel)[y]);
        return shown.term().positive().value(shown.classWeights()[y], e[0], e[1]);
    }

    /**
     * The L2 norm over a pixel's logits of the gradient of its loss ({@code term}) and of its
     * cross-entropy, under the shown evaluation's weights; null where the pixel has no element.
     */
    public static double[] gradient(SegmentationBatch b, int flatPixel, LossResult shown) {
        if (shown.activation() == Activation.SIGMOID) {
            // dl/dx_c = ±slope (1 - p_t) per channel
            List<Channel> kept = channels(b, flatPixel, shown);
            double squares = 0;
            double ceSquares = 0;
            for (Channel c : kept) {
                double oneMinus = Math.exp(c.logOneMinus());
                double g = c.term().slope(c.alpha(), c.u(), c.logOneMinus()) * oneMinus;
                squares += g * g;
                ceSquares += c.alpha() * oneMinus * c.alpha() * oneMinus;
            }
            return kept.isEmpty() ? null : new double[] {Math.sqrt(squares), Math.sqrt(ceSquares)};
        }
        int y = label(b, flatPixel, shown);
        if (y < 0) {
            return null;
        }
        double[] logP = logSoftmax(b, flatPixel);
        double othersSquared = 0;
        for (int c = 0; c < logP.length; c++) {
            othersSquared += c == y ? 0 : Math.exp(2 * logP[c]);
        }
        double[] e = softmaxElement(logP[y]);
        double oneMinus = Math.exp(e[1]);
        double spread = Math.sqrt(oneMinus * oneMinus + othersSquared);
        double a = shown.classWeights()[y];
        return new double[] {Math.abs(shown.term().positive().slope(a, e[0], e[1])) * spread, a * spread};
    }
}
