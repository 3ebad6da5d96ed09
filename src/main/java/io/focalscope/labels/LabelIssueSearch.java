package io.focalscope.labels;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.Threads;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.OutputFiles;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ClassCounts;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.LossSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Annotation errors found as cleanlab's {@code segmentation.filter.find_label_issues} and
 * {@code rank.get_label_quality_scores} find them (Lad & Mueller 2023), over the labelled pixels of
 * a whole dataset, with memory bounded by the images read at once whatever the dataset's size:
 * <ol>
 * <li>each class's confident threshold, the mean probability of the class over the pixels labelled
 *     with it (summed per image, merged in image order), and each image's quality (the softmin of
 *     its self-confidences);</li>
 * <li>the number of issues n, the pixels predicted as another class with at least that class's
 *     threshold less 1e-6, and a histogram of the self-confidences;</li>
 * <li>where the n-th lowest self-confidence lies, read exactly from the pixels in its histogram bin;</li>
 * <li>the flags: the n pixels of lowest self-confidence (ties by position in the dataset; cleanlab's
 *     unstable sort breaks them arbitrarily), less those predicted as their label; their regions and
 *     the loss each carries.</li>
 * </ol>
 * The passes run through {@link SearchPasses}: here each image's logits are read once and its
 * softmax figures wait for the later passes in memory up to a limit and in a temporary folder beyond
 * it ({@link ConfidenceSpill}), where cleanlab holds every array in memory; on Spark each stage
 * reads its images again. Unlike cleanlab, pixels with the ignore index take no part.
 */
public final class LabelIssueSearch {

    /** cleanlab's CONFIDENT_THRESHOLDS_LOWER_BOUND and FLOATING_POINT_COMPARISON. */
    static final double THRESHOLD_FLOOR = 2e-6;
    static final double MARGIN = 1e-6;

    /** Self-confidences binned by the high bits of their float value: 254,000 bins for [0, 1]. */
    private static final int BIN_SHIFT = 12;
    private static final int BINS = (Float.floatToRawIntBits(1f) >>> BIN_SHIFT) + 1;

    /**
     * @param loss        γ, weights and α of each region's loss (softmax; the reduction is not used)
     * @param temperature of the images' softmin quality (cleanlab's default 0.1)
     * @param threads     images at once on this machine
     * @param maxRegions  regions kept per image, the costliest: a noisy network flags thousands of
     *                    single pixels an image, and all of them (1.75 million regions over 120
     *                    images) made the report the largest thing in memory
     * @param downsample  the search on blocks of this many pixels square ({@link PixelConfidence#of(SegmentationBatch, Integer, int)}),
     *                    its flags then pixel by pixel as cleanlab's {@code downsample} does: a flagged block's
     *                    pixels, less those predicted as their label
     */
    public record Options(LossSettings loss, double temperature, int threads, int maxRegions, int downsample)
            implements java.io.Serializable {

        /** Regions per image unless said otherwise. */
        public static final int DEFAULT_REGIONS = 50;

        public Options(LossSettings loss, double temperature, int threads) {
            this(loss, temperature, threads, DEFAULT_REGIONS, 1);
        }

        public Options(LossSettings loss, double temperature, int threads, int maxRegions) {
            this(loss, temperature, threads, maxRegions, 1);
        }

        public Options {
            if (downsample < 1) {
                throw new InputException("label-issues: --downsample must be at least 1, got " + downsample);
            }
            if (maxRegions < 0) {
                throw new InputException("label-issues: --max-regions must be at least 0, got " + maxRegions);
            }
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new InputException("label-issues: --temperature must be a positive number, got " + temperature);
            }
            if (loss.activation() != Activation.SOFTMAX) {
                throw new InputException("label-issues: the method reads softmax probabilities; --activation sigmoid is not supported");
            }
        }

        public Integer ignoreIndex() {
            return loss.ignoreIndex();
        }
    }

    /**
     * The passes over the images: thresholds and qualities; the issue count and histogram; the cut's
     * bin; flags. The count and the histogram share a pass (one more reading of every image's
     * figures cost 70 ms of 12 images of 19 x 512 x 1024 here).
     */
    public static final int PASSES = 4;

    /** Told after each image of each of the {@link #PASSES} passes (the third only where there are issues). */
    public interface Progress {
        void done(int pass, int image, int images);
    }

    /**
     * Receives each image's flags, {@code [N, H, W]}, as the last pass makes them (from the search's
     * threads, or on a Spark executor, where it travels with the pass); throws {@link SearchAborted}
     * where it cannot write them.
     */
    public interface Masks extends java.io.Serializable {
        void write(ImageFiles image, int[] shape, boolean[] flagged);

        /** The file name under the masks' folder: the image's name and "_issues.npy". */
        static String fileName(ImageFiles image) {
            return OutputFiles.perImageName(image.name(), "_issues.npy");
        }

        /**
         * Checks, before any work, that no two images write one mask (a list's rows /d1/a and /d2/a, whose
         * masks both go to a_issues.npy, the second over the first).
         *
         * @throws io.focalscope.io.InputException naming the two images and the file
         */
        static void requireOneFileEach(List<ImageFiles> images) {
            java.util.Map<String, String> taken = new java.util.HashMap<>();
            for (ImageFiles image : images) {
                String other = taken.putIfAbsent(fileName(image), image.logits());
                if (other != null) {
                    throw new io.focalscope.io.InputException("--masks: " + other + " and " + image.logits() + " would both write "
                            + fileName(image) + "; give them distinct names (a list's rows relative to it keep their folders)");
                }
            }
        }

        /** The mask as written: uint8, {@code [H, W]} ({@code [N, H, W]} for a batch), 1 where flagged. */
        static NdArray array(String file, int[] shape, boolean[] flagged) {
            int[] values = new int[flagged.length];
            for (int p = 0; p < flagged.length; p++) {
                values[p] = flagged[p] ? 1 : 0;
            }
            return NdArray.ofBytes(file, OutputFiles.mapShape(shape), values);
        }
    }

    private final List<ImageFiles> images;
    private final Options options;
    private final SearchPasses passes;

    private LabelIssueSearch(List<ImageFiles> images, Options options, SearchPasses passes) {
        this.images = images;
        this.options = options;
        this.passes = passes;
    }

    /** Searches the images of a list on this machine's threads; {@code masks} may be null. */
    public static LabelIssueReport run(ImageList list, Options options, Progress progress, Masks masks) {
        return run(list, options, progress, masks, ConfidenceSpill.defaultInMemoryBytes());
    }

    /** @param inMemoryBytes what the images' figures may take in memory between the passes; the rest go to disk */
    static LabelIssueReport run(ImageList list, Options options, Progress progress, Masks masks, long inMemoryBytes) {
        Threads.useful(options.threads());
        SoftmaxWarmUp.await();
        try (Confidences files = new FileConfidences(list.images(), options.ignoreIndex(), options.downsample(), inMemoryBytes)) {
            return new LabelIssueSearch(list.images(), options, new ThreadPasses(list.images(), files, options.threads(), progress))
                    .search(list.failed(), masks);
        }
    }

    /** Searches the images of a list with passes run elsewhere (a Spark job's stages); {@code masks} may be null. */
    public static LabelIssueReport run(ImageList list, Options options, SearchPasses passes, Masks masks) {
        return new LabelIssueSearch(list.images(), options, passes).search(list.failed(), masks);
    }

    /** One batch in memory (the window's open file) as a dataset of its own: the report and the flags, {@code [N, H, W]}. */
    public record BatchIssues(LabelIssueReport report, boolean[] flagged) {
    }

    /**
     * @throws InputException where the batch cannot be searched (labels out of range, non-finite logits, no labelled pixel)
     */
    public static BatchIssues inBatch(SegmentationBatch batch, String name, Options options) {
        List<ImageFiles> files = List.of(new ImageFiles(name, batch.logitsSource(), batch.labelsSource()));
        boolean[][] flagged = new boolean[1][];
        Confidences kept = new Confidences() {
            private PixelConfidence c;

            @Override
            public PixelConfidence first(int image) {
                c = PixelConfidence.of(batch, options.ignoreIndex(), options.downsample());
                return c;
            }

            @Override
            public PixelConfidence again(int image) {
                return c;
            }

            @Override
            public boolean pooled() {
                return options.downsample() > 1;
            }

            @Override
            public PixelConfidence full(int image) {
                return PixelConfidence.of(batch, options.ignoreIndex());
            }
        };
        LabelIssueReport r = new LabelIssueSearch(files, options, new ThreadPasses(files, kept, 1, (pass, done, all) -> { }))
                .search(List.of(), (image, shape, f) -> flagged[0] = f);
        if (!r.failed().isEmpty()) {
            throw new InputException(r.failed().get(0).error());
        }
        return new BatchIssues(r, flagged[0]);
    }

    /**
     * Pass 1's figures of one image: per class, what the thresholds take (blocks with --downsample)
     * and the pixels labelled (what the weights and the report take); and its quality.
     */
    private record Counts(int classes, long[] perClass, double[] confidenceSums, long[] pixels, long ignored, double[] quality)
            implements java.io.Serializable {
    }

    /** A pixel in the bin where the n-th lowest self-confidence lies. */
    private record Candidate(double selfConfidence, int image, int pixel) implements java.io.Serializable {
    }

    /** The last pass's: the image's findings and its flagged pixels' (given, predicted) pairs. */
    private record Found(LabelIssueReport.ImageIssues issues, List<LabelIssueReport.Confusion> confusions) implements java.io.Serializable {
    }

    private LabelIssueReport search(List<ScanFailure> listed, Masks masks) {
        Options o = options;
        List<ImageFiles> files = images;
        List<Counts> counts = passes.mapWithFull(1, (i, c, full) -> count(c, full, files.get(i), o.ignoreIndex(), o.temperature()));
        int classes = classCount(counts);
        long[] perClass = new long[classes];
        double[] sums = new double[classes];
        long[] labelled = new long[classes];
        long ignored = 0;
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) != null && passes.failure(i) == null) {
                for (int c = 0; c < classes; c++) {
                    perClass[c] += counts.get(i).perClass()[c];
                    sums[c] += counts.get(i).confidenceSums()[c];
                    labelled[c] += counts.get(i).pixels()[c];
                }
                ignored += counts.get(i).ignored();
            }
        }
        double[] thresholds = new double[classes];
        Double[] shown = new Double[classes];
        for (int c = 0; c < classes; c++) {
            thresholds[c] = Math.max(perClass[c] == 0 ? 0 : sums[c] / perClass[c], THRESHOLD_FLOOR);
            shown[c] = perClass[c] == 0 ? null : thresholds[c];
        }

        // the histogram's bins, then the issue count
        long[] histogram = passes.sum(2, BINS + 1, (bins, c) -> {
            countBins(bins, c);
            bins[BINS] += issues(c, thresholds);
        });
        long issues = histogram[BINS];

        // the bin holding the n-th lowest self-confidence, and how many of its pixels are among the n
        int bin = 0;
        long below = 0;
        while (issues > 0 && bin < BINS && below + histogram[bin] < issues) {
            below += histogram[bin++];
        }
        long takeFromBin = issues - below;
        HashMap<Integer, ArrayList<Integer>> chosen = new HashMap<>();
        if (issues > 0 && bin < BINS) {
            int cut = bin;
            List<Candidate> candidates = new ArrayList<>();
            for (ArrayList<Candidate> mine : passes.map(3, (i, c) -> candidatesIn(i, c, cut))) {
                if (mine != null) {
                    candidates.addAll(mine);
                }
            }
            candidates.sort(Comparator.comparingDouble(Candidate::selfConfidence).thenComparingInt(Candidate::image)
                    .thenComparingInt(Candidate::pixel));
            candidates.stream().limit(takeFromBin).forEach(c -> chosen.computeIfAbsent(c.image(), k -> new ArrayList<>()).add(c.pixel()));
        }
        int cutBin = issues == 0 ? -1 : bin;

        double[] weights = datasetWeights(labelled);
        // the qualities alone travel with the last pass (on Spark, in its tasks), not every image's counts
        double[][] quality = counts.stream().map(x -> x == null ? null : x.quality()).toArray(double[][]::new);
        List<Found> found = passes.mapWithFull(PASSES, (i, c, full) -> {
            // pooled, cleanlab keeps a ranked block whatever it predicts, and drops its pixels predicted as their label
            boolean pooled = o.downsample() > 1;
            boolean[] ranked = flags(c, cutBin, chosen.getOrDefault(i, new ArrayList<>()), !pooled);
            boolean[] flagged = pooled ? pixelFlags(ranked, c, full, o.downsample()) : ranked;
            if (masks != null) {
                masks.write(files.get(i), new int[] {full.samples(), full.height(), full.width()}, flagged);
            }
            return find(files.get(i), full, flagged, weights, o, quality[i]);
        });

        List<ScanFailure> failed = new ArrayList<>(listed);
        List<LabelIssueReport.ImageIssues> perImage = new ArrayList<>();
        long[][] confusion = new long[classes][classes];
        long pixels = 0;
        for (int i = 0; i < images.size(); i++) {
            if (passes.failure(i) != null) {
                failed.add(passes.failure(i));
            } else {
                perImage.add(found.get(i).issues());
                found.get(i).confusions().forEach(x -> confusion[x.given()][x.predicted()] += x.pixels());
                pixels += Arrays.stream(counts.get(i).pixels()).sum();
            }
        }
        perImage.sort(Comparator.comparingDouble(LabelIssueReport.ImageIssues::quality));
        List<LabelIssueReport.Confusion> common = new ArrayList<>();
        long flaggedPixels = 0;
        for (int g = 0; g < classes; g++) {
            for (int p = 0; p < classes; p++) {
                if (confusion[g][p] > 0) {
                    common.add(new LabelIssueReport.Confusion(g, p, confusion[g][p]));
                    flaggedPixels += confusion[g][p];
                }
            }
        }
        common.sort(Comparator.comparingLong(LabelIssueReport.Confusion::pixels).reversed());
        return new LabelIssueReport(perImage.size(), failed, classes, pixels, ignored, shown, flaggedPixels, perImage, common,
                options.temperature(), options.ignoreIndex());
    }

    private static Counts count(PixelConfidence c, PixelConfidence full, ImageFiles files, Integer ignoreIndex, double temperature) {
        long[] perClass = new long[c.classes()];
        double[] sums = new double[c.classes()];
        long ignored = 0;
        for (int p = 0; p < c.pixels(); p++) {
            int y = c.label()[p];
            if (y < 0) {
                ignored++;
            } else {
                perClass[y]++;
                sums[y] += c.selfConfidence()[p];
            }
        }
        if (ignored == c.pixels()) {
            throw InputException.of(files.labels(), "no labelled pixel: every pixel has the ignore index " + ignoreIndex);
        }
        long[] pixels = new long[c.classes()];
        long pixelsIgnored = 0;
        for (int y : full.label()) {
            if (y < 0) {
                pixelsIgnored++;
            } else {
                pixels[y]++;
            }
        }
        return new Counts(c.classes(), perClass, sums, pixels, pixelsIgnored, quality(full, temperature));
    }

    /** The class count most images have; the others are failed (as a scan does). */
    private int classCount(List<Counts> counts) {
        Map<Integer, Integer> byCount = new HashMap<>();
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) != null && passes.failure(i) == null) {
                byCount.merge(counts.get(i).classes(), 1, Integer::sum);
            }
        }
        int classes = byCount.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(0);
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) != null && passes.failure(i) == null && counts.get(i).classes() != classes) {
                passes.fail(i, ScanFailure.of(images.get(i), InputException.of(images.get(i).logits(), "has "
                        + counts.get(i).classes() + " classes where most of the dataset's images have " + classes).getMessage()));
            }
        }
        return classes;
    }

    /** The issue count: pixels (blocks) predicted as another class k with p_k ≥ t_k - 1e-6. */
    private static long issues(PixelConfidence c, double[] thresholds) {
        long issues = 0;
        for (int p = 0; p < c.pixels(); p++) {
            int y = c.label()[p];
            int k = c.predicted()[p];
            if (y >= 0 && k != y && c.predictedProb()[p] >= thresholds[k] - MARGIN) {
                issues++;
            }
        }
        return issues;
    }

    /**
     * A file's quality, then with a batch (N > 1) each sample's: cleanlab scores each image of a
     * stacked array on its own.
     */
    private static double[] quality(PixelConfidence c, double t) {
        int hw = c.height() * c.width();
        double[] q = new double[c.samples() > 1 ? 1 + c.samples() : 1];
        q[0] = quality(c, t, 0, c.pixels());
        for (int n = 1; n < q.length; n++) {
            q[n] = quality(c, t, (n - 1) * hw, n * hw);
        }
        return q;
    }

    /**
     * The quality of pixels [from, to), pixel by pixel (cleanlab scores images without downsampling):
     * the softmin of their self-confidences, Σ s e^{(1-s)/T} / Σ e^{(1-s)/T}, shifted by the largest
     * exponent; NaN where none is labelled.
     */
    private static double quality(PixelConfidence c, double t, int from, int to) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int p = from; p < to; p++) {
            if (c.label()[p] >= 0) {
                lowest = Math.min(lowest, c.selfConfidence()[p]);
            }
        }
        double weighted = 0;
        double total = 0;
        for (int p = from; p < to; p++) {
            if (c.label()[p] >= 0) {
                double s = c.selfConfidence()[p];
                double e = Math.exp((1 - s) / t - (1 - lowest) / t);
                weighted += s * e;
                total += e;
            }
        }
        return weighted / total;
    }

    /** The histogram of an image's self-confidences. */
    private static void countBins(long[] bins, PixelConfidence c) {
        for (int p = 0; p < c.pixels(); p++) {
            if (c.label()[p] >= 0) {
                bins[bin(c.selfConfidence()[p])]++;
            }
        }
    }

    private static int bin(double selfConfidence) {
        return Float.floatToRawIntBits((float) selfConfidence) >>> BIN_SHIFT;
    }

    private static ArrayList<Candidate> candidatesIn(int image, PixelConfidence c, int cut) {
        ArrayList<Candidate> out = new ArrayList<>();
        for (int p = 0; p < c.pixels(); p++) {
            if (c.label()[p] >= 0 && bin(c.selfConfidence()[p]) == cut) {
                out.add(new Candidate(c.selfConfidence()[p], image, p));
            }
        }
        return out;
    }

    /**
     * The n lowest (every bin below the cut, and the chosen ones of its bin), less those predicted
     * as their label where {@code dropAgreeing}.
     */
    private static boolean[] flags(PixelConfidence c, int cutBin, List<Integer> chosenInCutBin, boolean dropAgreeing) {
        boolean[] flagged = new boolean[c.pixels()];
        for (int p = 0; p < flagged.length; p++) {
            flagged[p] = c.label()[p] >= 0 && bin(c.selfConfidence()[p]) < cutBin && !(dropAgreeing && c.predicted()[p] == c.label()[p]);
        }
        for (int p : chosenInCutBin) {
            flagged[p] = !(dropAgreeing && c.predicted()[p] == c.label()[p]);
        }
        return flagged;
    }

    /** A flagged block's labelled pixels that are predicted as another class than their label. */
    private static boolean[] pixelFlags(boolean[] blocks, PixelConfidence pooled, PixelConfidence full, int factor) {
        boolean[] flagged = new boolean[full.pixels()];
        int w = full.width();
        int hw = full.height() * w;
        for (int p = 0; p < flagged.length; p++) {
            int block = (p / hw * pooled.height() + p % hw / w / factor) * pooled.width() + p % w / factor;
            flagged[p] = blocks[block] && full.label()[p] >= 0 && full.predicted()[p] != full.label()[p];
        }
        return flagged;
    }

    /**
     * An image's findings from its flags: regions with their loss, and the (given, predicted) pairs.
     *
     * @param quality the file's, then with a batch each sample's
     */
    private static Found find(ImageFiles f, PixelConfidence c, boolean[] flagged, double[] weights, Options o, double[] quality) {
        int classes = c.classes();
        long[] pairs = new long[classes * classes];
        int hw = c.height() * c.width();
        long[] perSample = new long[c.samples()];
        long n = 0;
        for (int p = 0; p < flagged.length; p++) {
            if (flagged[p]) {
                n++;
                perSample[p / hw]++;
                pairs[c.label()[p] * classes + c.predicted()[p]]++;
            }
        }
        float[] loss = n == 0 ? null : loss(c, flagged, weights, o.loss().term().positive());
        Regions.Costliest regions = Regions.of(c, flagged, loss, o.maxRegions());
        List<LabelIssueReport.Confusion> confusions = new ArrayList<>();
        for (int k = 0; k < pairs.length; k++) {
            if (pairs[k] > 0) {
                confusions.add(new LabelIssueReport.Confusion(k / classes, k % classes, pairs[k]));
            }
        }
        List<LabelIssueReport.Sample> samples = new ArrayList<>();
        for (int s = 0; quality.length > 1 && s < c.samples(); s++) {
            samples.add(new LabelIssueReport.Sample(s, quality[1 + s], perSample[s]));
        }
        return new Found(new LabelIssueReport.ImageIssues(f.name(), f.logits(), f.labels(), c.samples(), c.height(), c.width(), quality[0],
                n, regions.count(), regions.first(), samples), confusions);
    }

    /** The weights the scheme gives for the whole dataset's label histogram, applied to every image (as scan does). */
    private double[] datasetWeights(long[] perClass) {
        return options.loss().weights().weights(new ClassCounts(perClass, new long[][] {perClass})).values();
    }

    /**
     * Each flagged pixel's loss under the chosen term, from its self-confidence p_t: the class's
     * weight times the term at u = -log p_t (for focal loss {@code -w_y (1 - p_t)^γ log p_t}), in
     * double; 0 elsewhere. Only the regions' sums read it.
     */
    private static float[] loss(PixelConfidence c, boolean[] flagged, double[] weights, ElementTerm term) {
        float[] out = new float[flagged.length];
        for (int p = 0; p < flagged.length; p++) {
            if (flagged[p]) {
                double u = -c.logSelfConfidence()[p];
                out[p] = (float) term.value(weights[c.label()[p]], u, ElementTerm.logOneMinus(u));
            }
        }
        return out;
    }
}
