package io.focalscope.ui;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ClassProbability;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.PixelMaps;
import io.focalscope.loss.PixelProbe;
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
 * shown layer's where the others do not already say it (focal / cross-entropy, nll − onehot).
 */
record PixelReadout(int n, int y, int x, int label, int predicted, double pt, double crossEntropy, double focal,
                    double alpha, double modulation, Double asWritten, String shownLayer, double shown,
                    List<ClassProbability> top, boolean ignored, List<PixelProbe.ChannelTerm> channels, double[] gradient,
                    String term) {

    /** Layers whose value the readout names anyway, or that are classes. */
    private static final Set<MapLayer> NAMED = EnumSet.of(MapLayer.FOCAL, MapLayer.CROSS_ENTROPY,
            MapLayer.MODULATION, MapLayer.PT, MapLayer.AS_WRITTEN, MapLayer.PREDICTED, MapLayer.LABEL, MapLayer.ERROR,
            MapLayer.GRADIENT, MapLayer.GRADIENT_RATIO);

    /** The figures at one pixel of the map that {@code data} and {@code view} draw. */
    static PixelReadout at(MapData data, ViewState view, SegmentationBatch batch, int flat) {
        LossResult r = data.result();
        LossForm form = view.form();
        PixelMaps m = r.maps();
        int hw = batch.height() * batch.width();
        int label = data.labels()[flat];
        boolean ignored = r.ignoreIndex() != null && label == r.ignoreIndex();
        boolean sigmoid = r.activation() == Activation.SIGMOID;
        double alpha = !ignored && label >= 0 && label < r.classes() ? r.classWeights()[label] : Double.NaN;
        // one pixel's modulation, not the whole map's: this runs on the JavaFX thread
        return new PixelReadout(flat / hw, flat % hw / batch.width(), flat % batch.width(), label, m.predicted()[flat],
                m.pt()[flat], m.crossEntropy()[flat], form.map(m)[flat], alpha, m.modulation(flat),
                m.asWritten() == null ? null : (double) m.asWritten()[flat],
                NAMED.contains(view.layer()) ? null : view.layer().title(),
                NAMED.contains(view.layer()) ? Double.NaN : MapRenderer.value(data, view, flat),
                PixelProbe.topClasses(batch, flat, 3), ignored,
                sigmoid ? PixelProbe.topChannels(batch, flat, r, 3) : null,
                m.predicted()[flat] < 0 ? null : PixelProbe.gradient(batch, flat, r), r.term().inSentence());
    }

    String text(ClassSet classes) {
        String where = String.format(Locale.ROOT, "(n=%d, y=%d, x=%d)", n, y, x);
        // softmax: the three most probable classes; sigmoid: the three channels that carry most of the pixel's loss
        String top3 = channels != null
                ? "channels " + channels.stream().map(c -> String.format(Locale.ROOT, "%s %.4g", classes.name(c.classId()), c.loss()))
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
        String layer = shownLayer == null ? "" : String.format(Locale.ROOT, "  %s %.4g", shownLayer, shown);
        String post = asWritten == null ? ""
                : "  as written " + (asWritten.isInfinite() ? (asWritten > 0 ? "+inf" : "-inf") : String.format(Locale.ROOT, "%.4g", asWritten));
        // the gradient with respect to the logits, and how much harder than cross-entropy's it pushes
        String grad = gradient == null ? "" : String.format(Locale.ROOT, "  |dl/dz| %.4g (CE %.4g, ×%.3g)", gradient[0], gradient[1],
                gradient[1] > 0 ? gradient[0] / gradient[1] : Double.NaN);
        return String.format(Locale.ROOT, "%s  label: %s  predicted: %s  p_t %.4g  CE %.4g  %s %.4g%s%s%s  α %.4g  (1−p_t)^γ %.4g  %s",
                where, classes.name(label), classes.name(predicted), pt, crossEntropy, term, focal, post,
                grad, layer, alpha, modulation, top3);
    }
}
