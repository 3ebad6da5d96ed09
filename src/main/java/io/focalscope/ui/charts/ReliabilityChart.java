package io.focalscope.ui.charts;

import io.focalscope.calibration.Reliability;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A reliability diagram: per equal-width confidence bin the accuracy as a bar against the diagonal
 * y = x (where a calibrated network's bars would end), the gap between the bar and the bin's mean
 * confidence shaded (red above the bar where the network is over-confident, below it where
 * under-), and beneath, a strip of the bins' pixel counts on a log scale. Hovering a bin names its
 * figures. Drawn on a canvas that follows the region's size.
 */
public final class ReliabilityChart extends Region {

    private static final Color BAR = Color.web("#4c72b0");
    private static final Color GAP = Color.web("#d62728", 0.35);
    private static final Color GAP_EDGE = Color.web("#d62728", 0.9);
    private static final Color COUNT = Color.web("#7f7f7f");
    private static final Color INK = Color.web("#808080");
    private static final double LEFT = 40;
    private static final double RIGHT = 10;
    private static final double TOP = 22;
    private static final double STRIP = 30;
    private static final double BOTTOM = 48;

    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private List<Reliability.Bin> bins = List.of();
    private String title = "";
    /** What the axes measure: softmax's top label, or sigmoid's P(y = 1) against the target. */
    private String confidenceName = "confidence (max p)";
    private String outcomeName = "accuracy";

    public ReliabilityChart() {
        getChildren().add(canvas);
        setMinSize(200, 200);
        setPrefSize(360, 420);
        Tooltip.install(this, tip);
        tip.setShowDelay(javafx.util.Duration.millis(150));
        setOnMouseMoved(e -> tip.setText(describeAt(e.getX())));
    }

    /** The bins drawn (empty before any figures). */
    public List<Reliability.Bin> bins() {
        return bins;
    }

    public String title() {
        return title;
    }

    /** Draws these bins under a title. */
    public void show(List<Reliability.Bin> shown, String heading) {
        show(shown, heading, false);
    }

    /** The same; with {@code sigmoid}, the axes named for P(y = 1) against the share of positives. */
    public void show(List<Reliability.Bin> shown, String heading, boolean sigmoid) {
        bins = shown == null ? List.of() : List.copyOf(shown);
        title = heading == null ? "" : heading;
        confidenceName = sigmoid ? "P(y = 1)" : "confidence (max p)";
        outcomeName = sigmoid ? "share of positives" : "accuracy";
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.max(1, getWidth());
        double h = Math.max(1, getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    /** The plot's side: square, as wide as the region allows. */
    private double side() {
        return Math.max(10, Math.min(canvas.getWidth() - LEFT - RIGHT, canvas.getHeight() - TOP - STRIP - BOTTOM - 6));
    }

    private String describeAt(double x) {
        if (bins.isEmpty()) {
            return "No figures yet";
        }
        double t = (x - LEFT) / side();
        if (t < 0 || t > 1) {
            return "Accuracy per confidence bin against the diagonal; the gap shaded; pixels per bin beneath (log scale)";
        }
        Reliability.Bin b = bins.get(Math.min(bins.size() - 1, (int) (t * bins.size())));
        return b.count() == 0 ? String.format(Locale.ROOT, "confidence [%.3f, %.3f): no pixel", b.lo(), b.hi())
                : String.format(Locale.ROOT, "%s [%.3f, %.3f): %,.0f pixels%nmean %s %.4f, %s %.4f, gap %+.4f", confidenceName,
                b.lo(), b.hi(), b.count(), confidenceName, b.confidence(), outcomeName, b.accuracy(), b.accuracy() - b.confidence());
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        double s = side();
        double x0 = LEFT;
        double y0 = TOP + s; // the plot's bottom, accuracy 0
        g.setFont(Font.font(12));
        g.setFill(INK);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(title, x0, 3);
        // frame and grid
        g.setStroke(INK.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            g.strokeLine(x0, y0 - v * s, x0 + s, y0 - v * s);
            g.strokeLine(x0 + v * s, TOP, x0 + v * s, y0);
        }
        g.setFill(INK);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i <= 5; i++) {
            g.fillText(String.format(Locale.ROOT, "%.1f", i / 5.0), x0 - 4, y0 - i / 5.0 * s);
        }
        int n = bins.size();
        double maxCount = 0;
        for (Reliability.Bin b : bins) {
            maxCount = Math.max(maxCount, b.count());
        }
        double stripTop = y0 + 6;
        for (int k = 0; k < n; k++) {
            Reliability.Bin b = bins.get(k);
            double left = x0 + b.lo() * s + 1;
            double width = Math.max(1, (b.hi() - b.lo()) * s - 2);
            if (b.count() > 0 && b.accuracy() != null) {
                double acc = b.accuracy();
                double conf = b.confidence();
                g.setFill(BAR);
                g.fillRect(left, y0 - acc * s, width, acc * s);
                // the gap between the accuracy and the bin's mean confidence
                double top = y0 - Math.max(acc, conf) * s;
                double gap = Math.abs(acc - conf) * s;
                g.setFill(GAP);
                g.fillRect(left, top, width, gap);
                g.setStroke(GAP_EDGE);
                g.strokeRect(left, top, width, gap);
                // the pixel count, log scale
                double c = Math.log1p(b.count()) / Math.log1p(maxCount);
                g.setFill(COUNT);
                g.fillRect(left, stripTop + STRIP * (1 - c), width, STRIP * c);
            }
        }
        // the diagonal: a calibrated network's bars end on it
        // drawn over the bars: light under dark, seen on both the bars and the background
        g.setStroke(Color.web("#ffffff", 0.8));
        g.setLineWidth(3);
        g.strokeLine(x0, y0, x0 + s, TOP);
        g.setStroke(Color.web("#202020"));
        g.setLineDashes(6, 4);
        g.setLineWidth(1.3);
        g.strokeLine(x0, y0, x0 + s, TOP);
        g.setLineDashes();
        g.setStroke(INK.deriveColor(0, 1, 1, 0.5));
        g.setLineWidth(1);
        g.strokeLine(x0, stripTop + STRIP, x0 + s, stripTop + STRIP);
        g.setFill(INK);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("pixels", x0 - 4, stripTop + STRIP / 2);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (int i = 0; i <= 5; i++) {
            g.fillText(String.format(Locale.ROOT, "%.1f", i / 5.0), x0 + i / 5.0 * s, stripTop + STRIP + 2);
        }
        g.fillText(confidenceName, x0 + s / 2, stripTop + STRIP + 16);
        if (maxCount > 0) {
            g.fillText(String.format(Locale.ROOT, "pixels per bin on a log scale, up to %,.0f", maxCount), x0 + s / 2,
                    stripTop + STRIP + 31);
        }
        g.save();
        g.translate(10, TOP + s / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(outcomeName, 0, 0);
        g.restore();
        // a key in the top left corner
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(BAR);
        g.fillRect(x0 + 6, TOP + 6, 10, 10);
        g.setFill(INK);
        g.fillText(outcomeName, x0 + 20, TOP + 11);
        g.setFill(GAP);
        g.fillRect(x0 + 6, TOP + 21, 10, 10);
        g.setStroke(GAP_EDGE);
        g.strokeRect(x0 + 6, TOP + 21, 10, 10);
        g.setFill(INK);
        g.fillText("gap to confidence", x0 + 20, TOP + 26);
    }
}
