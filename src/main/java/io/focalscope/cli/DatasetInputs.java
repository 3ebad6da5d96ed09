package io.focalscope.cli;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.StemPairing;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.InputException;
import io.focalscope.io.OutputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** How a dataset command names its images (scan, label-issues): a folder, a CSV list, or two folders paired by stem. */
final class DatasetInputs {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder searched recursively for images.")
    Path folder;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A CSV with the header 'logits,labels' (paths relative to it), instead of DIR.")
    Path list;

    @Option(names = "--logits-dir", paramLabel = "D1", description = "Folder of logits files (.npy, .npz), searched"
            + " recursively and paired with --labels-dir by file stem, instead of DIR.")
    Path logitsFolder;

    @Option(names = "--labels-dir", paramLabel = "D2", description = "Folder of labels files (.png, .npy) for --logits-dir:"
            + " D1/a/NAME.npy takes D2/a/NAME.png or D2/a/NAME.npy.")
    Path labelsFolder;

    @Option(names = "--logits-suffix", defaultValue = ImageDiscovery.LOGITS_SUFFIX, paramLabel = "SUFFIX",
            description = "Ending of a pair's logits file in DIR (default: ${DEFAULT-VALUE}).")
    String logitsSuffix;

    @Option(names = "--labels-suffix", defaultValue = "_labels.png,_labels.npy", paramLabel = "SUFFIX[,SUFFIX...]",
            description = "Endings of its labels file, the first that exists is taken (default: ${DEFAULT-VALUE}).")
    String labelsSuffixes;

    /** Whether any of the ways was used. */
    boolean given() {
        return folder != null || list != null || logitsFolder != null || labelsFolder != null;
    }

    /** The images, found as the options say; exactly one way must be given. */
    ImageList images(String command, CommandLine.ParseResult parsed) {
        ImageDiscovery.requireOneInput(command, folder != null, list != null, logitsFolder != null, labelsFolder != null);
        if (logitsFolder != null) {
            if (parsed.hasMatchedOption("--logits-suffix") || parsed.hasMatchedOption("--labels-suffix")) {
                throw new InputException(command + ": --logits-suffix and --labels-suffix are for DIR; --logits-dir and --labels-dir"
                        + " pair files by stem");
            }
            return StemPairing.inFolders(logitsFolder, labelsFolder);
        }
        return list != null ? ImageDiscovery.fromList(list) : ImageDiscovery.inFolder(folder, logitsSuffix, suffixes());
    }

    /** The message for a source that holds no image. */
    InputException noImages(ImageList images) {
        return logitsFolder != null ? StemPairing.noImages(logitsFolder.toString(), labelsFolder.toString())
                : ImageDiscovery.noImages(images.source(), logitsSuffix, suffixes());
    }

    /** The files a run reads: every image's logits and labels (an archive's name without its member), the list and a weights file. */
    List<OutputFiles.Named> inputsOf(ImageList images, Path weightsFile) {
        List<OutputFiles.Named> inputs = new ArrayList<>();
        inputs.add(new OutputFiles.Named("--list", list));
        inputs.add(new OutputFiles.Named("--weights", weightsFile));
        for (var f : images.images()) {
            inputs.add(new OutputFiles.Named("the image " + f.name() + "'s logits", ArrayFiles.Spec.parse(f.logits()).file()));
            inputs.add(new OutputFiles.Named("the image " + f.name() + "'s labels", ArrayFiles.Spec.parse(f.labels()).file()));
        }
        return inputs;
    }

    private List<String> suffixes() {
        return Arrays.stream(labelsSuffixes.split(",")).map(String::trim).toList();
    }
}
