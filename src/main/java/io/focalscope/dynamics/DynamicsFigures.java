package io.focalscope.dynamics;

import io.focalscope.dataset.ScanFailure;
import io.focalscope.loss.ClassCounts;
import io.focalscope.loss.ClassWeights;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A training run's figures: per image and over the dataset the means of its pixels' confidence,
 * variability, correctness and forgetting, its hard-and-stable pixels, and its loss at each epoch
 * under the settings' term, with class weights from the whole dataset's labels (the same at every
 * epoch), applied once. Worked out from the images' trajectories, without the files.
 *
 * @param perImage images by confidence, lowest first (the ones training never learnt)
 * @param dataset  the means over every labelled pixel of every image, and the dataset's loss per epoch
 * @param perClass per class its labelled pixels and its mean loss at each epoch
 */
public record DynamicsFigures(List<String> epochs, int classes, List<ImageRow> perImage, Figures dataset, List<ClassRow> perClass,
                             ClassWeights classWeights, List<EpochRun.Incomplete> incomplete, List<ScanFailure> failed,
                             LossSettings settings, HardThresholds thresholds, String backend, List<String> warnings) {

    /** Means over labelled pixels, the hard-and-stable count, and the loss at each epoch. */
    public record Figures(long pixels, long ignored, double confidence, double variability, double correctness, double forgetting,
                          long hardPixels, double[] lossByEpoch) {
    }

    /** One image: its figures, and its trajectory for a closer look (its loss per class and epoch). */
    public record ImageRow(ImageTrajectory trajectory, Figures figures) {

        public String name() {
            return trajectory.name();
        }
    }

    /** One class over the dataset: its labelled pixels and mean (weighted) loss at each epoch. */
    public record ClassRow(int classId, long pixels, double[] lossByEpoch) {
    }

    /** @throws IllegalStateException where no image was followed */
    public static DynamicsFigures of(EpochRun run, DynamicsRun.Totals totals, LossSettings settings, HardThresholds thresholds,
                                     String backend) {
        List<ScanFailure> failed = new ArrayList<>(totals.failed());
        List<ImageTrajectory> images = ofOneClassCount(totals.images(), failed);
        if (images.isEmpty()) {
            throw new IllegalStateException("no image was followed");
        }
        int classes = images.get(0).classes();
        int epochs = run.epochs().size();
        long[][] perImage = images.stream().map(ImageTrajectory::counts).toArray(long[][]::new);
        long[] total = new long[classes];
        for (long[] row : perImage) {
            for (int c = 0; c < classes; c++) {
                total[c] += row[c];
            }
        }
        ClassWeights weights = settings.weights().weights(new ClassCounts(total, perImage));
        double[] w = weights.values();
        Reduction reduction = settings.reduction();

        List<ImageRow> rows = new ArrayList<>();
        double[][] classLoss = new double[classes][epochs];
        double[] datasetLoss = new double[epochs];
        long terms = 0;
        long allTerms = 0;
        double alphaSum = 0;
        long ignored = 0;
        PixelTotals pixels = PixelTotals.NONE;
        for (ImageTrajectory t : images) {
            double imageAlpha = 0;
            for (int c = 0; c < classes; c++) {
                imageAlpha += w[c] * t.counts()[c];
            }
            double[] loss = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    double v = w[c] * t.losses().weighted(e, c) + t.losses().added(e, c);
                    sum += v;
                    classLoss[c][e] += v;
                }
                // an image whose labelled pixels all weigh 0 has no weighted mean of its own; the dataset's may
                loss[e] = reduction == Reduction.WEIGHTED_MEAN && imageAlpha == 0 ? Double.NaN
                        : reduction.reduce(sum, t.terms(), imageAlpha, t.allTerms());
                datasetLoss[e] += sum;
            }
            rows.add(new ImageRow(t, t.totals().figures(t.ignored(), loss)));
            terms += t.terms();
            allTerms += t.allTerms();
            alphaSum += imageAlpha;
            pixels = pixels.plus(t.totals());
            ignored += t.ignored();
        }
        for (int e = 0; e < epochs; e++) {
            datasetLoss[e] = reduction.reduce(datasetLoss[e], terms, alphaSum, allTerms);
        }
        List<ClassRow> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            double[] mean = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                mean[e] = total[c] == 0 ? Double.NaN : classLoss[c][e] / total[c];
            }
            perClass.add(new ClassRow(c, total[c], mean));
        }
        rows.sort(Comparator.comparingDouble((ImageRow r) -> r.figures().confidence()).thenComparing(ImageRow::name, NaturalOrder.INSTANCE));
        failed.sort(Comparator.comparing(ScanFailure::file));
        Figures dataset = pixels.figures(ignored, datasetLoss);
        List<String> warnings = Stream.concat(weights.warnings().stream(), images.stream().flatMap(t -> t.warnings().stream()))
                .distinct().sorted().toList();
        return new DynamicsFigures(run.epochs(), classes, List.copyOf(rows), dataset, List.copyOf(perClass), weights,
                run.incomplete(), List.copyOf(failed), settings, thresholds, backend, warnings);
    }

    /**
     * The images of the class count most images have (on a tie, that of the image first in the run),
     * the others added to the failures: one odd image cannot fail all the others.
     */
    private static List<ImageTrajectory> ofOneClassCount(List<ImageTrajectory> images, List<ScanFailure> failed) {
        Map<Integer, List<ImageTrajectory>> byCount = new TreeMap<>();
        for (ImageTrajectory t : images) {
            byCount.computeIfAbsent(t.classes(), c -> new ArrayList<>()).add(t);
        }
        List<ImageTrajectory> kept = byCount.values().stream()
                .min(Comparator.comparingInt((List<ImageTrajectory> g) -> -g.size()).thenComparingInt(g -> g.get(0).index()))
                .orElse(List.of());
        for (List<ImageTrajectory> group : byCount.values()) {
            if (group != kept) {
                for (ImageTrajectory t : group) {
                    String file = t.image().epochs().get(0).logits();
                    failed.add(new ScanFailure(file, file + ": has " + t.classes() + " classes where " + kept.size() + " of the "
                            + images.size() + " images followed have " + kept.get(0).classes()));
                }
            }
        }
        return kept;
    }
}
