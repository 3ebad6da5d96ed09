package io.focalscope.cli;

import io.focalscope.options.EngineOption;
import io.focalscope.calibration.Calibration;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.OutputFiles;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.options.LossOptions;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import io.focalscope.report.CalibrationText;
import io.focalscope.report.ResultJson;
import io.focalscope.report.ResultText;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code focalscope compute}: the focal loss of one batch, as a summary or JSON. */
@Command(name = "compute", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Computes a loss term per pixel and reports its figures.",
                "Focal loss by default, in both forms of the source post; the gradient beside it.",
                "FILE is .npy, .npz (FILE.npz:NAME picks an array) or, for labels, a grayscale or palette PNG."})
final class ComputeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    InputOptions input;

    @CommandLine.Mixin
    LogitsLayoutOption layout;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @CommandLine.Mixin
    io.focalscope.options.CalibrationOptions calibration;

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--loss-map", paramLabel = "OUT.npy", description = "Write the per-pixel loss, float32 [N,H,W], 0 at ignored pixels.")
    Path lossMap;

    @Option(names = "--gradient-map", paramLabel = "OUT.npy", description = "Write per pixel the L2 norm over the C logits of"
            + " d(loss)/dz (class weights and α in, unreduced), float32 [N,H,W], 0 at ignored pixels.")
    Path gradientMap;

    @Option(names = "--peers", description = "Add what kornia, MONAI, smp, mmseg, torchvision and Keras return for the same"
            + " inputs and γ, each with its own defaults and reduction mean, and how each differs (JSON key peers); on"
            + " binary and multi-label inputs the sigmoid libraries in their binary and multilabel modes.")
    boolean peers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<OutputFiles.Named> inputs = new java.util.ArrayList<>(input.named());
        inputs.add(new OutputFiles.Named("--weights", loss.weightsFile()));
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--json", InputOptions.outputFile(json)),
                new OutputFiles.Named("--loss-map", lossMap), new OutputFiles.Named("--gradient-map", gradientMap)), inputs);
        LossSettings settings = loss.settings().withGradient(true);
        int calibrationBins = calibration.bins(settings);
        if (peers && !(settings.term() instanceof LossTerm.Focal)) {
            throw new InputException("--peers compares the libraries' focal loss: it takes --loss focal");
        }
        FocalLossEngine chosen = engine.engine();
        Backend.fallbackNotice().ifPresent(n -> spec.commandLine().getErr().println("focalscope: " + n));
        Dataset dataset = DatasetLoader.load(input.logits, input.labels, layout.layout(), null, null, settings.activation());
        LossResult result;
        Calibration calibrated = null;
        try (Inspection inspection = new Inspection(dataset, chosen)) {
            inspection.requireFiniteLogits(settings);
            result = inspection.evaluate(settings);
            if (calibrationBins > 0) {
                calibrated = inspection.calibration(settings, calibrationBins);
            }
        }
        Map<Peer, PeerLosses.Value> peerValues = peers
                ? PeerLosses.of(dataset.batch(), settings.gamma(), settings.ignoreIndex()) : null;
        if (lossMap != null) {
            NpyWriter.writeFloat32(lossMap, result.maps().shape(), result.maps().focal());
        }
        if (gradientMap != null) {
            NpyWriter.writeFloat32(gradientMap, result.maps().shape(), result.maps().gradient());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        dataset.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        result.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        String logits = dataset.batch().logitsSource();
        String labels = dataset.batch().labelsSource();
        String text = ResultText.format(result, logits, labels) + (peerValues == null ? "" : ResultText.peers(peerValues))
                + (calibrated == null ? "" : CalibrationText.format(calibrated));
        if (json == null) {
            out.print(text);
        } else if (json.equals("-")) {
            out.print(ResultJson.format(result, peerValues, dataset.warnings(), calibrated));
        } else {
            Outputs.write(Path.of(json), ResultJson.format(result, peerValues, dataset.warnings(), calibrated));
            out.print(text);
        }
        out.flush();
        return 0;
    }
}
