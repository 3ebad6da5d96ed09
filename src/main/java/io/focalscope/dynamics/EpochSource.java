package io.focalscope.dynamics;

import io.focalscope.dataset.ImageDiscovery;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run is read from, the one way every front end names it ({@code dynamics},
 * {@code open-dynamics}, {@code render --run}, the window's Training tab): a folder with one
 * sub-folder per epoch, or a CSV list {@code epoch,logits,labels}.
 */
public sealed interface EpochSource {

    /** The run's epochs and images, found on disk (no array is read). */
    EpochRun discover();

    /** The folder or the list, as messages name it. */
    Path path();

    /**
     * A folder with one sub-folder per epoch.
     *
     * @param labels the labels of every epoch, or null where each epoch folder holds its own
     */
    record Folder(Path folder, Path labels, String logitsSuffix, List<String> labelsSuffixes) implements EpochSource {

        public Folder {
            labelsSuffixes = List.copyOf(labelsSuffixes);
        }

        /** With the folder scan's suffixes for an epoch folder's pairs. */
        public Folder(Path folder, Path labels) {
            this(folder, labels, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        }

        @Override
        public EpochRun discover() {
            return EpochDiscovery.inFolder(folder, labels, logitsSuffix, labelsSuffixes);
        }

        @Override
        public Path path() {
            return folder;
        }
    }

    /** A CSV with the header {@code epoch,logits,labels}, paths relative to it. */
    record CsvList(Path list) implements EpochSource {

        @Override
        public EpochRun discover() {
            return EpochDiscovery.fromList(list);
        }

        @Override
        public Path path() {
            return list;
        }
    }
}
