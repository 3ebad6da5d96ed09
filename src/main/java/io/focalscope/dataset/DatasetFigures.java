package io.focalscope.dataset;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import io.focalscope.loss.ClassCounts;
import io.focalscope.loss.ClassWeights;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A scanned dataset's figures under one setting: the class histogram summed over every image, the
 * weights the scheme gives for it (applied once, to every pixel of every image), the dataset's
 * focal loss and cross-entropy under the reduction over all its labelled pixels, per class and per
 * image (ranked by mean focal loss), and the loss against γ from the histograms of
 * {@code -log p_t}. All of it is worked out from the images' summaries, without the files.
 *
 * @param pixels    labelled pixels of the dataset (with sigmoid: pixels with a kept channel)
 * @param allPixels every pixel of every image read, ignored ones included
 * @param counts    labelled pixels per class (with sigmoid: positive targets per class)
 * @param calibration the dataset's calibration where the scan asked for it, else null
 */
public record DatasetFigures(int images, List<ScanFailure> failed, int classes, long pixels, long ignored, long allPixels,
                             long[] counts, ClassWeights classWeights, double loss, double crossEntropy,
                             List<ClassRow> perClass, List<ImageRow> perImage, List<GammaPoint> lossVsGamma,
                             LossSettings settings, String backend, List<String> warnings, Calibration calibration) {

    /** The γ of {@link #lossVsGamma}: 0, 0.25, ..., 5. */
    public static final double[] CURVE_GAMMAS = IntStream.rangeClosed(0, 20).mapToDouble(i -> i * 0.25).toArray();

    /**
     * One class over the dataset.
     *
     * @param meanLoss          mean weighted focal loss of its pixels
     * @param share             its part of the dataset's summed focal loss
     * @param crossEntropyShare its part of the summed cross-entropy
     */
    public record ClassRow(int classId, long pixels, double meanLoss, double share, double meanCrossEntropy,
                           double crossEntropyShare) {
    }

    /**
     * One image, under the dataset's weights.
     *
     * @param meanFocal    mean weighted focal loss over its labelled pixels
     * @param crossEntropy mean weighted cross-entropy over them
     * @param worstClass   the class that carries most of its focal loss
     * @param ece          its expected calibration error where the scan asked for it, else NaN
     */
    public record ImageRow(int rank, ImageFiles files, int samples, int height, int width, long pixels, long ignored,
                           double meanFocal, double crossEntropy, int worstClass, double worstClassShare, double ece) {

        public String name() {
            return files.name();
        }
    }

    /** The loss at one γ of the term (NaN: the term's one point, where it varies no γ). */
    public record GammaPoint(double gamma, double loss) {
    }

    public double gamma() {
        return settings.gamma();
    }

    /**
     * @throws IllegalStateException where no image was read (check {@link ScanTotals#images} first)
     */
    public static DatasetFigures of(ScanTotals totals, LossSettings settings, String backend) {
        return of(totals, settings, backend, null);
    }

    /**
     * The same with the calibration bins at the dataset's temperature from a second pass over its
     * images ({@link DatasetScan#binsAtTemperature}), where one was made, else null.
     */
    public static DatasetFigures of(ScanTotals totals, LossSettings settings, String backend, Reliability atTemperature) {
        List<ImageSummary> images = totals.images();
        if (images.isEmpty()) {
            throw new IllegalStateException("no image was read");
        }
        int classes = totals.classes();
        long[][] perImage = images.stream().map(ImageSummary::counts).toArray(long[][]::new);
        ClassCounts counts = new ClassCounts(sumColumns(perImage, classes), perImage);
        ClassWeights weights = settings.weights().weights(counts);
        double[] w = weights.values();

        double[] focal = new double[classes];
        double[] ce = new double[classes];
        long[] classTerms = new long[classes];
        long ignored = 0;
        long allPixels = 0;
        long labelled = 0;
        long terms = 0;
        long allTerms = 0;
        List<ImageRow> rows = new ArrayList<>();
        for (ImageSummary image : images) {
            ImageLossSums s = image.sums();
            double imageFocal = 0;
            double imageCe = 0;
            int worst = 0;
            double worstSum = -1;
            for (int c = 0; c < classes; c++) {
                double f = w[c] * s.focalSum()[c] + s.addedSum()[c];
                focal[c] += f;
                ce[c] += w[c] * s.crossEntropySum()[c];
                classTerms[c] += s.classTerms()[c];
                imageFocal += f;
                imageCe += w[c] * s.crossEntropySum()[c];
                if (s.classTerms()[c] > 0 && f > worstSum) {
                    worstSum = f;
                    worst = c;
                }
            }
            ignored += s.ignored();
            allPixels += s.pixels();
            labelled += s.labelled();
            terms += s.terms();
            allTerms += s.allTerms();
            rows.add(new ImageRow(0, image.files(), image.samples(), image.height(), image.width(), s.labelled(), s.ignored(),
                    imageFocal / s.terms(), imageCe / s.terms(), worst, imageFocal > 0 ? worstSum / imageFocal : 0,
                    image.reliability() == null ? Double.NaN : image.reliability().ece()));
        }
        rows.sort(Comparator.comparingDouble(ImageRow::meanFocal).reversed()
                .thenComparing(r -> r.files().name()));
        List<ImageRow> ranked = IntStream.range(0, rows.size()).mapToObj(i -> {
            ImageRow r = rows.get(i);
            return new ImageRow(i + 1, r.files(), r.samples(), r.height(), r.width(), r.pixels(), r.ignored(),
                    r.meanFocal(), r.crossEntropy(), r.worstClass(), r.worstClassShare(), r.ece());
        }).toList();

        // each term's weight, for weighted-mean and the histograms' rows: softmax α_c; sigmoid α_c α_t
        Double alpha = settings.alpha();
        double positive = alpha == null ? 1 : alpha;
        double negative = alpha == null ? 1 : 1 - alpha;
        boolean sigmoid = settings.sigmoid();
        double[] rowWeight = new double[sigmoid ? 2 * classes : classes];
        double alphaSum = 0;
        double focalTotal = 0;
        double ceTotal = 0;
        for (int c = 0; c < classes; c++) {
            long n = counts.count(c);
            if (sigmoid) {
                rowWeight[c] = w[c] * positive;
                rowWeight[classes + c] = w[c] * negative;
                alphaSum += w[c] * (positive * n + negative * (classTerms[c] - n));
            } else {
                rowWeight[c] = w[c];
                alphaSum += w[c] * n;
            }
            focalTotal += focal[c];
            ceTotal += ce[c];
        }
        Reduction r = settings.reduction();
        List<ClassRow> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            long n = classTerms[c];
            perClass.add(new ClassRow(c, counts.count(c), n == 0 ? 0 : focal[c] / n, focalTotal > 0 ? focal[c] / focalTotal : 0,
                    n == 0 ? 0 : ce[c] / n, ceTotal > 0 ? ce[c] / ceTotal : 0));
        }
        // the loss against the term's varied γ from the histograms; a term without one (FLSD-53) is its one point
        List<GammaPoint> curve = new ArrayList<>();
        LossTerm term = settings.term();
        if (!term.variesGamma()) {
            curve.add(new GammaPoint(Double.NaN, r.reduce(focalTotal, terms, alphaSum, allTerms)));
        }
        for (double g : term.variesGamma() ? CURVE_GAMMAS : new double[0]) {
            double sum = totals.histogram().termSum(term.withGamma(g), rowWeight, classes);
            curve.add(new GammaPoint(g, r.reduce(sum, terms, alphaSum, allTerms)));
        }
        return new DatasetFigures(images.size(), totals.failed(), classes, labelled, ignored, allPixels, counts.total(),
                weights, r.reduce(focalTotal, terms, alphaSum, allTerms), r.reduce(ceTotal, terms, alphaSum, allTerms),
                perClass, ranked, curve, settings, backend, Stream.concat(weights.warnings().stream(), totals.warnings().stream()).toList(),
                totals.calibration() == null ? null : totals.calibration().figures(atTemperature));
    }

    private static long[] sumColumns(long[][] rows, int columns) {
        long[] total = new long[columns];
        for (long[] row : rows) {
            for (int c = 0; c < columns; c++) {
                total[c] += row[c];
            }
        }
        return total;
    }
}
