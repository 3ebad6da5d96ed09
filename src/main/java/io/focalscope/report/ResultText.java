package io.focalscope.report;

import io.focalscope.loss.Activation;
import io.focalscope.loss.AsWritten;
import io.focalscope.loss.ClassFigures;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossTerm;
import java.util.Locale;

/** A readable summary of a result for a terminal. */
public final class ResultText {

    private ResultText() {
    }

    public static String format(LossResult r, String logitsSource, String labelsSource) {
        StringBuilder s = new StringBuilder();
        line(s, "logits   %s", logitsSource);
        line(s, "labels   %s", labelsSource);
        boolean sigmoid = r.activation() == Activation.SIGMOID;
        line(s, "settings %s%s, weights %s, reduction %s, ignore index %s", sigmoid ? "sigmoid, alpha "
                        + (r.alpha() == null ? "none" : number(r.alpha())) + ", " : "", term(r.term()),
                r.weightScheme(), r.reduction().cliName(), r.ignoreIndex() == null ? "none" : r.ignoreIndex());
        line(s, "pixels   %d labelled, %d ignored%s, %d classes%s", r.pixels(), r.ignored(),
                r.nonFinite() > 0 ? ", " + r.nonFinite() + " with non-finite logits" : "", r.classes(),
                sigmoid ? " (" + r.elements() + " pixel-channel terms)" : "");
        s.append('\n');
        String name = r.term().inSentence();
        if (sigmoid) {
            line(s, "sigmoid %s loss (%s)   %.8g", name, r.reduction().cliName(), r.lossOnehot());
            line(s, "binary cross-entropy       %.8g", r.crossEntropy());
            line(s, "sum of %s loss          %.8g", name, r.sum());
        } else {
            line(s, "%s loss (%s)   nll %.8g   onehot %.8g   max |nll - onehot| per pixel %.3g", name,
                    r.reduction().cliName(), r.lossNll(), r.lossOnehot(), r.maxAbsDiff());
            line(s, "cross-entropy       %.8g", r.crossEntropy());
            line(s, "sum of %s loss   %.8g", name, r.sum());
            if (r.asWritten() != null) {
                line(s, "as the post wrote it %s", asWritten(r.asWritten()));
            }
        }
        if (r.gradient() != null) {
            line(s, "gradient |dl/dz|, mean over labelled pixels   %.6g   (cross-entropy %.6g, ratio %.4g)",
                    r.gradient().meanNorm(), r.gradient().crossEntropyMeanNorm(),
                    r.gradient().meanNorm() / r.gradient().crossEntropyMeanNorm());
        }
        s.append('\n');
        line(s, "%5s %10s %10s %12s %8s %12s %8s", "class", sigmoid ? "positives" : "pixels", "weight", "mean loss", "share",
                "mean CE", "CE share");
        for (ClassFigures c : r.perClass()) {
            line(s, "%5d %10d %10.4f %12.6g %7.2f%% %12.6g %7.2f%%", c.classId(), c.pixels(),
                    r.classWeights()[c.classId()], c.meanLoss(), 100 * c.share(), c.meanCrossEntropy(),
                    100 * c.crossEntropyShare());
        }
        s.append('\n');
        line(s, "backend  %s, %.1f ms", r.backend(), r.computeMillis());
        return s.toString();
    }

    /** What the other libraries return for the same inputs, and how each differs. */
    public static String peers(java.util.Map<io.focalscope.peers.Peer, io.focalscope.peers.PeerLosses.Value> peers) {
        StringBuilder s = new StringBuilder("\nwhat other libraries return (their defaults, reduction mean):\n");
        for (io.focalscope.peers.PeerLosses.Value v : peers.values()) {
            if (v.applicable()) {
                line(s, "  %-13s %12.6g   %s", v.peer().key(), v.value(), v.differs());
            } else {
                line(s, "  %-13s %12s   %s", v.peer().key(), "n/a", "cannot be called on these inputs: " + v.notApplicable());
            }
        }
        return s.toString();
    }

    /** The source post's float32 code on the same inputs: where it would break and by how much it is off. */
    static String asWritten(AsWritten a) {
        String loss = a.loss() == null ? "not finite" : String.format(Locale.ROOT, "%.8g", a.loss());
        return String.format(Locale.ROOT, "%s   (%s -inf or NaN; largest relative error elsewhere %.3g)",
                loss, Plural.of(a.nonFinitePixels(), "pixel gives", "pixels give"), a.maxRelError());
    }

    /** A term and its parameters as people write them: {@code gamma 2} (focal), {@code poly1 gamma 2, epsilon 1}... */
    public static String term(LossTerm t) {
        if (t instanceof LossTerm.Poly1 p) {
            return "poly1 gamma " + number(p.gamma()) + ", epsilon " + number(p.epsilon());
        }
        if (t instanceof LossTerm.Flsd53) {
            return "flsd53 (gamma 5 where p_t < 0.2, else 3)";
        }
        if (t instanceof LossTerm.Asl a) {
            return "asl gamma+ " + number(a.gammaPos()) + ", gamma- " + number(a.gammaNeg()) + ", clip " + number(a.clip());
        }
        return "gamma " + number(t.gamma());
    }

    /** γ, α and such as people write them: {@code 2}, not {@code 2.0}. */
    public static String number(double v) {
        return LossTerm.number(v);
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
