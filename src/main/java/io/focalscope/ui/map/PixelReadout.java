package io.focalscope.ui.map;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ClassProbability;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.PixelMaps;
import io.focalscope.loss.PixelProbe;
import io.focalscope.loss.SigmoidTargets;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.MapRenderer;
import io.focalscope.render.ViewState;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the status bar says about the pixel under the mouse: the engine's values there, and the
 * shown layer's where the others do not already say it (focal / cross-entropy, nll − onehot), and
 * the γ they are of.
 *
 * @param alpha  the class weight (with sigmoid: of the channel shown, w_c)
 * @param alphaT with sigmoid, the α_t applied to the channel shown (α or 1 - α); NaN for none, or softmax
 * @param gamma  the γ the values were computed at, as the term writes it ({@code γ = 2.5})
 */
public record PixelReadout(int n, int y, int x, int label, int predicted, double pt, double crossEntropy, double focal,
                    double alpha, double modulation, Double asWritten, String shownLayer, double shown,
                    List<ClassProbability> top, boolean ignored, List<PixelProbe.ChannelTerm> channels, double[] gradient,
                    String term, double alphaT, String gamma) {

    /** The text before a pixel is hovered, and after the mouse leaves the map. */
    public static final String HINT = "Move the mouse over the map for a pixel's values.";

    /** Layers that mark a pixel or not: their value reads yes or no, not 1.000. */
    private static final Set<String> FLAGS = Set.of(MapLayer.CONFIDENT_WRONG.title(), MapLayer.HARD_STABLE.title());

    /** Layers whose value the readout names anyway, or that are classes. */
    private static final Set<MapLayer> NAMED = EnumSet.of(MapLayer.FOCAL, MapLayer.CROSS_ENTROPY,
            MapLayer.MODULATION, MapLayer.PT, MapLayer.AS_WRITTEN, MapLayer.PREDICTED, MapLayer.LABEL, MapLayer.ERROR, MapLayer.LABEL_ISSUES,
            MapLayer.GRADIENT, MapLayer.GRADIENT_RATIO);

    /** The figures at one pixel of the map that {@code data} and {@code view} draw. */
    public static PixelReadout at(MapData data, ViewState view, SegmentationBatch batch, int flat) {
        LossResult r = data.result();
        LossForm form = view.form();
        PixelMaps m = r.maps();
        int hw = batch.height() * batch.width();
        int label = data.labels()[flat];
        boolean ignored = r.ignoreIndex() != null && label == r.ignoreIndex();
        boolean sigmoid = r.activation() == Activation.SIGMOID;
        double alpha = !ignored && label >= 0 && label < r.classes() ? r.classWeights()[label] : Double.NaN;
        double alphaT = Double.NaN;
        List<PixelProbe.ChannelTerm> channels = sigmoid ? PixelProbe.topChannels(batch, flat, r, 3) : null;
        if (sigmoid && !channels.isEmpty()) {
            // the channel p_t and the modulation are of: the one that carries most of the pixel's loss
            int c = channels.get(0).classId();
            boolean positive = SigmoidTargets.targetsAt(batch, r.ignoreIndex(), flat)[c] == 1;
            alpha = r.classWeights()[c];
            alphaT = r.alpha() == null ? Double.NaN : positive ? r.alpha() : 1 - r.alpha();
        }
        double pt = m.pt()[flat];
        if (!sigmoid && pt < 1e-3 && !ignored && label >= 0 && label < r.classes() && m.predicted()[flat] >= 0) {
            // float p_t rounds to 0 below about 1e-45 (e^-119 is 2e-52): the label's probability in double
            pt = PixelProbe.topClasses(batch, flat, batch.classes()).stream().filter(p -> p.classId() == label)
                    .findFirst().map(ClassProbability::probability).orElse(pt);
        }
        // one pixel's modulation, not the whole map's: this runs on the JavaFX thread
        return new PixelReadout(flat / hw, flat % hw / batch.width(), flat % batch.width(), label, m.predicted()[flat],
                pt, m.crossEntropy()[flat], form.at(m, flat), alpha, m.modulation(flat),
                m.asWritten() == null ? null : (double) m.asWritten()[flat],
                NAMED.contains(view.layer()) ? null : view.layer().title(),
                NAMED.contains(view.layer()) ? Double.NaN : MapRenderer.value(data, view, flat),
                PixelProbe.topClasses(batch, flat, 3), ignored, channels,
                m.predicted()[flat] < 0 ? null : PixelProbe.gradient(batch, flat, r), r.term().inSentence(),
                alphaT, r.term().gammaText("γ"));
    }

    /** A value in 4 significant digits; tiny ones (below 0.001, not 0) in scientific notation, {@code 1.600e-52}. */
    public static String number(double v) {
        double a = Math.abs(v);
        return a > 0 && a < 1e-3 ? io.focalscope.render.Ticks.scientific(v) : String.format(Locale.ROOT, "%.4g", v);
    }

    public String text(ClassSet classes) {
        String where = String.format(Locale.ROOT, "(n=%d, y=%d, x=%d) at %s", n, y, x, gamma);
        // softmax: the three most probable classes; sigmoid: the three channels that carry most of the pixel's loss
        String top3 = channels != null
                ? "channels " + channels.stream().map(c -> classes.name(c.classId()) + " " + number(c.loss()))
                        .collect(Collectors.joining(", "))
                : "top: " + top.stream().map(c -> String.format(Locale.ROOT, "%s %.3f", classes.name(c.classId()), c.probability()))
                        .collect(Collectors.joining(", "));
        if (predicted < 0) {
            return where + "  label: " + (ignored ? "ignored (" + label + ")" : classes.name(label))
                    + "  non-finite logits (NaN or infinity): left out of every figure";
        }
        if (ignored) {
            return where + "  label: ignored (" + label + ")  predicted: " + classes.name(predicted) + "  " + top3;
        }
        String layer = shownLayer == null ? "" : "  " + shownLayer + " "
                + (FLAGS.contains(shownLayer) && !Double.isNaN(shown) ? (shown >= 0.5 ? "yes" : "no") : number(shown));
        String post = asWritten == null ? ""
                : "  as written " + (asWritten.isInfinite() ? (asWritten > 0 ? "+inf" : "-inf") : number(asWritten));
        // the gradient with respect to the logits, and how much harder than cross-entropy's it pushes
        String grad = gradient == null ? "" : String.format(Locale.ROOT, "  |dl/dz| %s (CE %s, ×%.3g)", number(gradient[0]),
                number(gradient[1]), gradient[1] > 0 ? gradient[0] / gradient[1] : Double.NaN);
        // with sigmoid the class weight w_c and the α_t applied are two factors: both, named
        String weight = channels != null
                ? "w_c " + number(alpha) + ", α_t " + (Double.isNaN(alphaT) ? "none" : number(alphaT))
                : "α " + number(alpha);
        return String.format(Locale.ROOT, "%s  label: %s  predicted: %s  p_t %s  CE %s  %s %s%s%s%s  %s  (1−p_t)^γ %s  %s",
                where, classes.name(label), classes.name(predicted), number(pt), number(crossEntropy), term, number(focal), post,
                grad, layer, weight, number(modulation), top3);
    }
}
