package io.focalscope.cli;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.OutputFiles;
import io.focalscope.labels.LabelIssueReport;
import io.focalscope.labels.LabelIssueSearch;
import io.focalscope.labels.Region;
import io.focalscope.loss.LossSettings;
import io.focalscope.options.LossOptions;
import io.focalscope.report.LabelIssuesJson;
import io.focalscope.report.Plural;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code focalscope label-issues}: annotation errors found as cleanlab finds them, ranked by the loss they carry. */
@Command(name = "label-issues", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Finds likely annotation errors, as cleanlab does.",
                "Confident thresholds per class over the whole dataset, the pixels of lowest self-confidence that the"
                        + " network confidently predicts as another class, each image's label quality (the softmin of its"
                        + " pixels' self-confidences), the flagged pixels' regions ranked by the focal loss they carry,"
                        + " and the most common (given, predicted) confusions. Pixels with the ignore index take no part."
                        + " Images are found as 'scan' finds them. The search reads softmax probabilities: the loss"
                        + " options below weigh the regions' loss, with --activation softmax only."})
final class LabelIssuesCommand implements Callable<Integer> {

    @CommandLine.Mixin
    DatasetInputs inputs;

    @Option(names = "--logits", paramLabel = "FILE", description = "One image's logits (.npy [N,C,H,W], or .npz), instead of DIR.")
    String logits;

    @Option(names = "--labels", paramLabel = "FILE", description = "Its labels (.npy [N,H,W] or .png), with --logits.")
    String labels;

    @CommandLine.Mixin
    io.focalscope.options.LabelIssueOptions search;

    @CommandLine.Mixin
    LossOptions loss;

    @Option(names = "--threads", paramLabel = "N", description = "Images read and computed at once (default: the cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the findings as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--csv", paramLabel = "OUT|-", description = "Write the images, worst quality first, as CSV to OUT, or to stdout with -.")
    String csv;

    @Option(names = "--masks", paramLabel = "DIR", description = "Write NAME_issues.npy per image, uint8 [H,W] ([N,H,W] for a batch of N > 1), 1 where flagged.")
    Path masks;

    @Option(names = "--strict", description = "Exit with 1 if any file failed.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LossSettings settings = loss.settings().withoutAsWritten();
        LabelIssueSearch.Options options = search.options(settings, threads);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        io.focalscope.dataset.Threads.note(threads).ifPresent(n -> err.println("focalscope: " + n));
        ImageList images = images();
        ReportOutputs outputs = new ReportOutputs(json, csv);
        OutputFiles.checkBeforeWork(outputs.files(), inputs.inputsOf(images, loss.weightsFile()));
        if (images.images().isEmpty() && images.failed().isEmpty()) {
            throw inputs.noImages(images);
        }
        if (masks != null) {
            LabelIssueSearch.Masks.requireOneFileEach(images.images()); // before the folder is made
            Outputs.perImageFolder(masks, "--masks", "masks", images.images().stream()
                    .map(image -> masks.resolve(LabelIssueSearch.Masks.fileName(image))).toList());
        }
        TerminalProgress bar = TerminalProgress.forStderr(err);
        LabelIssueReport report = LabelIssueSearch.run(images, options,
                (pass, done, total) -> bar.imageDone((pass - 1) * total + done, LabelIssueSearch.PASSES * total), masks == null ? null : this::writeMask);
        if (logits != null && report.images() == 0 && report.failed().size() == 1) {
            // one named file, not a folder's: its problem in one line, as compute gives it
            err.println("focalscope: " + report.failed().get(0).error());
            err.flush();
            return 1;
        }
        for (ScanFailure f : report.failed()) {
            err.println("focalscope: skipped " + f.error());
        }
        if (report.images() == 0) {
            err.println("focalscope: no image of " + images.source() + " could be read");
            err.flush();
            return 1;
        }
        outputs.write(out, () -> LabelIssuesJson.format(report), () -> LabelIssuesJson.csv(report), () -> text(report, images.source()));
        out.flush();
        err.flush();
        return strict && !report.failed().isEmpty() ? 1 : 0;
    }

    /** NAME_issues.npy under --masks; an image's name that would leave the folder ("..") is kept inside it. */
    private void writeMask(ImageFiles image, int[] shape, boolean[] flagged) {
        Path file = masks.resolve(LabelIssueSearch.Masks.fileName(image));
        try {
            Files.createDirectories(file.getParent());
            NpyWriter.write(file, LabelIssueSearch.Masks.array(file.toString(), shape, flagged));
        } catch (IOException e) {
            throw new io.focalscope.labels.SearchAborted(file.getParent() + ": cannot create the folder: " + e.getMessage());
        } catch (InputException e) {
            // an output that cannot be written ends the run; it is not the image's fault
            throw new io.focalscope.labels.SearchAborted(e.getMessage());
        }
    }

    private ImageList images() {
        if (logits != null || labels != null) {
            if (logits == null || labels == null || inputs.given()) {
                throw new InputException("label-issues: --logits and --labels go together, instead of DIR, --list or --logits-dir");
            }
            // named as a folder or a list names it: a_logits.npy is image a (its mask a_issues.npy, not a_logits_issues.npy)
            String name = io.focalscope.io.ArrayFiles.Spec.parse(logits).file().getFileName().toString().replaceFirst("\\.[^.]*$", "")
                    .replaceFirst("_logits$", "");
            return new ImageList(logits, List.of(new ImageFiles(name, logits, labels)), List.of());
        }
        return inputs.images("label-issues", spec.commandLine().getParseResult());
    }

    private static String text(LabelIssueReport r, String source) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: %s%s, %d classes, %,d labelled pixels (%,d ignored)%n", source,
                Plural.of(r.images(), "image"),
                r.failed().isEmpty() ? "" : " (" + Plural.of(r.failed().size(), "file") + " skipped)",
                r.classes(), r.pixels(), r.ignored()));
        s.append(String.format(Locale.ROOT, "%,d pixels flagged as likely mislabelled (%.3g %%)%n", r.flaggedPixels(),
                100.0 * r.flaggedPixels() / Math.max(1, r.pixels())));
        s.append(String.format(Locale.ROOT, "%nimages by label quality (worst first; softmin of self-confidence, T = %s):%n",
                io.focalscope.report.ResultText.number(r.temperature())));
        s.append(String.format(Locale.ROOT, "%5s  %-40s %10s %9s  %s%n", "rank", "image", "quality", "flagged", "costliest region"));
        int rank = 1;
        for (LabelIssueReport.ImageIssues i : r.perImage().subList(0, Math.min(10, r.perImage().size()))) {
            String top = "";
            if (!i.regions().isEmpty()) {
                Region g = i.regions().get(0);
                int[] b = g.box();
                top = String.format(Locale.ROOT, "%d -> %d, %d px at y %d-%d, x %d-%d, loss %.4g", g.given(), g.predicted(), g.pixels(),
                        b[0], b[2], b[1], b[3], g.loss());
            }
            s.append(String.format(Locale.ROOT, "%5d  %-40s %10.4g %9d  %s%n", rank++, i.name(), i.quality(), i.flaggedPixels(), top));
        }
        if (r.perImage().size() > 10) {
            s.append(String.format(Locale.ROOT, "  ... %d more (--csv or --json for all)%n", r.perImage().size() - 10));
        }
        if (!r.common().isEmpty()) {
            s.append(String.format(Locale.ROOT, "%ncommon confusions (given -> predicted: pixels):%n"));
            r.common().stream().limit(5).forEach(c -> s.append(String.format(Locale.ROOT, "  %d -> %d: %,d%n", c.given(), c.predicted(), c.pixels())));
        }
        return s.toString();
    }
}
