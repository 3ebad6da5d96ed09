package io.focalscope.calibration;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.SigmoidTargets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Calibration of a sigmoid network, in torchmetrics' binary meaning: for every kept (pixel, class
 * channel) element, P(y = 1) = σ(z) against its target (one-vs-rest from class labels, a 0/1 map,
 * or a mask per class). A channel is passed as two classes with logits 0 and z, whose softmax is
 * (1 - σ(z), σ(z)) and whose NLL at temperature T is the binary NLL of σ(z / T): the same pass, the
 * same profile, one channel at a time (a channel's two planes are 16 MB at 1024 x 2048).
 */
final class SigmoidCalibration {

    /** The label of an element left out, in a channel's two-class batch. */
    private static final int LEFT_OUT = -1;

    private SigmoidCalibration() {
    }

    /**
     * @throws io.focalscope.io.InputException for a target that is not a class, 0/1 or the ignore
     *                                         index, or non-finite logits, naming the file
     */
    static CalibrationSums of(SegmentationBatch b, Integer ignoreIndex, int bins) {
        SigmoidTargets.Kind kind = SigmoidTargets.kind(b);
        int[] classIndex = SigmoidTargets.classIndex(b, ignoreIndex);
        int classes = b.classes();
        CalibrationSums total = new CalibrationSums(classes, bins, true);
        for (int c = 0; c < classes; c++) {
            CalibrationSums channel = CalibrationPass.run(asTwoClasses(b, kind, ignoreIndex, classIndex, c), LEFT_OUT, bins, true, true);
            total.profile.merge(channel.profile);
            total.top.merge(channel.top);
            total.fine.merge(channel.fine);
            total.classwise[c].merge(channel.reliability());
        }
        return total;
    }

    private static SegmentationBatch asTwoClasses(SegmentationBatch b, SigmoidTargets.Kind kind, Integer ignoreIndex, int[] classIndex,
                                                  int c) {
        int hw = b.height() * b.width();
        int pixels = b.pixels();
        float[] z = b.logits();
        float[] two = new float[2 * pixels]; // class 0's logits stay 0
        int[] targets = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            int n = p / hw;
            two[(2 * n + 1) * hw + p % hw] = z[(n * b.classes() + c) * hw + p % hw];
            int t = SigmoidTargets.target(b, kind, ignoreIndex, classIndex, p, c);
            targets[p] = t < 0 ? LEFT_OUT : t;
        }
        return new SegmentationBatch(two, targets, b.samples(), 2, b.height(), b.width(), b.logitsSource(), b.labelsSource());
    }

    /** One channel's share of the pass at T. */
    private static final class Channel {
        final Reliability bins;
        double nll;
        long elements;

        Channel(Reliability bins) {
            this.bins = bins;
        }
    }

    /** The bins of σ(z / T) against the targets and the mean binary NLL, over every kept element. */
    static Calibration.AtTemperature at(SegmentationBatch b, Integer ignoreIndex, int bins, double temperature) {
        SigmoidTargets.Kind kind = SigmoidTargets.kind(b);
        int[] classIndex = SigmoidTargets.classIndex(b, ignoreIndex);
        int hw = b.height() * b.width();
        int classes = b.classes();
        float[] z = b.logits();
        // a channel at a time on the common pool's threads, each into bins and sums of its own
        List<Channel> channels = IntStream.range(0, classes).parallel().mapToObj(c -> {
            Channel ch = new Channel(new Reliability(bins));
            for (int p = 0; p < b.pixels(); p++) {
                int t = SigmoidTargets.target(b, kind, ignoreIndex, classIndex, p, c);
                if (t < 0) {
                    continue;
                }
                double x = z[(p / hw * classes + c) * hw + p % hw] / temperature;
                ch.bins.add(1 / (1 + Math.exp(-x)), t);
                double signed = t == 1 ? x : -x; // -log σ(s x) = log(1 + exp(-s x))
                ch.nll += signed > 0 ? Math.log1p(Math.exp(-signed)) : -signed + Math.log1p(Math.exp(signed));
                ch.elements++;
            }
            return ch;
        }).toList();
        Reliability all = new Reliability(bins);
        double nll = 0;
        long n = 0;
        for (Channel ch : channels) {
            all.merge(ch.bins);
            nll += ch.nll;
            n += ch.elements;
        }
        return new Calibration.AtTemperature(all, nll / n);
    }
}
