package io.focalscope.cli;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Backend;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.report.ResultJson;
import io.focalscope.session.LossSettings;
import io.focalscope.report.ResultText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code focalscope compute}: the focal loss of one batch, as a summary or JSON. */
@Command(name = "compute", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes focal loss per pixel, in both forms of the source post, and reports its figures.",
                "FILE is .npy, .npz (FILE.npz:NAME picks an array) or, for labels, a grayscale or palette PNG."})
final class ComputeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    InputOptions input;

    @CommandLine.Mixin
    LossOptions loss;

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--loss-map", paramLabel = "OUT.npy", description = "Write the per-pixel focal loss, float32 [N,H,W], 0 at ignored pixels.")
    Path lossMap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LossSettings settings = loss.settings();
        Backend.fallbackNotice().ifPresent(n -> spec.commandLine().getErr().println("focalscope: " + n));
        SegmentationBatch batch = BatchLoader.load(input.logits, input.labels);
        LossResult result;
        try (PreparedBatch prepared = FocalLossEngine.prepare(batch, settings.ignoreIndex())) {
            if (prepared.nonFinitePixels() > 0) {
                throw InputException.of(batch.logitsSource(), prepared.nonFinitePixels()
                        + " pixels have non-finite logits (NaN or infinity), the first at " + prepared.firstNonFinite());
            }
            result = prepared.evaluate(settings.gamma(), settings.weights(), settings.reduction());
        }
        if (lossMap != null) {
            NpyWriter.writeFloat32(lossMap, result.maps().shape(), result.maps().focal());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        result.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        if (json == null) {
            out.print(ResultText.format(result, batch.logitsSource(), batch.labelsSource()));
        } else if (json.equals("-")) {
            out.print(ResultJson.format(result));
        } else {
            writeText(Path.of(json), ResultJson.format(result));
            out.print(ResultText.format(result, batch.logitsSource(), batch.labelsSource()));
        }
        out.flush();
        return 0;
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot write: " + e.getMessage());
        }
    }
}
