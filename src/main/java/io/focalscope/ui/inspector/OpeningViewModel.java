package io.focalscope.ui.inspector;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.InputException;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.loss.LossSettings;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.DroppedFiles;
import io.focalscope.session.FirstLook;
import io.focalscope.ui.evaluation.EngineSession;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Opening a dataset: files told apart in the background (that reads their headers), logits or
 * labels picked alone kept until the other half comes, and the load itself with its progress. A
 * file that cannot be read ends in the reader's message; what is open stays.
 */
public final class OpeningViewModel {

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final TaskExecutor executor;
    private final EngineSession session;
    private final Supplier<LossSettings> settings;
    /**
     * Takes the opened dataset and the settings that came with it (null: the controls' own), and
     * gives the classes it shows (a dataset's image keeps the names in use where they fit).
     */
    private final java.util.function.BiFunction<Dataset, LossSettings, ClassSet> opened;
    private final Consumer<String> errors;
    private final Consumer<String> notices;
    /** Logits or labels picked without the other, waiting for it. */
    private DroppedFiles pendingHalf;
    /** Told the files of each opening from picked or dropped files that opened: File ▸ Open recent keeps those, not failures. */
    private Consumer<List<String>> openedFiles = files -> { };

    OpeningViewModel(TaskExecutor executor, EngineSession session, Supplier<LossSettings> settings,
                     java.util.function.BiFunction<Dataset, LossSettings, ClassSet> opened,
                     Consumer<String> errors, Consumer<String> notices) {
        this.executor = executor;
        this.session = session;
        this.settings = settings;
        this.opened = opened;
        this.errors = errors;
        this.notices = notices;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    void setOpenedFilesHandler(Consumer<List<String>> handler) {
        openedFiles = handler;
    }

    void openDemo() {
        open("the demo", DatasetLoader::demo);
    }

    void open(String what, Supplier<Dataset> reader) {
        open(what, reader, null, null, List.of());
    }

    /**
     * @param firstLook  given a first look at a large file before the whole is evaluated, on the worker
     *                   (see {@link EngineSession#open}); null for none
     * @param refused    given the error's message after it is shown, where the file does not open, or null
     * @param remembered the files to remember as recent once they open; none: nothing is remembered
     */
    void open(String what, Supplier<Dataset> reader, Consumer<FirstLook> firstLook, Consumer<String> refused, List<String> remembered) {
        load(what, reader, null, refused, remembered.isEmpty() ? null : () -> openedFiles.accept(remembered), firstLook);
    }

    void open(String logits, String labels, io.focalscope.io.LogitsLayout layout, Path picture, Path classList) {
        load(logits, () -> DatasetLoader.load(logits, labels, layout, picture, classList), null, null, null, null);
    }

    /**
     * Opens files with settings of their own (a dataset's image with the dataset's weights): the
     * files are read and evaluated at them, and they reach the controls together with the files,
     * never before (weights for another class count would be refused by the dataset still open).
     */
    void open(String logits, String labels, LossSettings with) {
        load(logits, () -> DatasetLoader.load(logits, labels, null, null), with, null, null, null);
    }

    void openFiles(List<Path> files) {
        executor.execute(BackgroundTask.of(p -> DroppedFiles.classify(files))
                .onSuccess(picked -> openClassified(picked, files.size()))
                .onFailure(e -> errors.accept(e instanceof InputException ? e.getMessage() : "internal error: " + e)));
    }

    private void openClassified(DroppedFiles picked, int count) {
        DroppedFiles waiting = pendingHalf;
        DroppedFiles joined = waiting == null ? picked : waiting.with(picked);
        if (joined.isComplete()) {
            pendingHalf = null;
            // a pair refused (labels of another shape, say) leaves the half that waited waiting, as the status says
            Consumer<String> refused = waiting == null ? null : message -> {
                if (pendingHalf == null) { // no other half picked since
                    pendingHalf = waiting;
                    askForTheOtherHalf(waiting);
                }
            };
            Runnable done = () -> {
                if (waiting != null) { // the status bar asked for this half: it now says what opened
                    notices.accept("Opened " + fileName(joined.logits()) + " with " + fileName(joined.labels()));
                }
                openedFiles.accept(joined.files());
            };
            load(joined.logits(), () -> DatasetLoader.load(joined.logits(), joined.labels(), io.focalscope.io.LogitsLayout.CHANNELS_FIRST,
                    joined.image(), joined.classes()), null, refused, done, null);
        } else if (joined.logits() == null && joined.labels() == null) {
            errors.accept("Open logits and labels (two .npy files, or one .npz holding both); none of the "
                    + count + (count == 1 ? " file holds either" : " files holds either"));
        } else {
            pendingHalf = joined;
            askForTheOtherHalf(joined);
        }
    }

    private void askForTheOtherHalf(DroppedFiles half) {
        notices.accept((half.logits() == null ? "Now open the logits for " + fileName(half.labels())
                : "Now open the labels for " + fileName(half.logits())) + " (File ▸ Open, or drop the file on the window)");
    }

    private static String fileName(String spec) {
        return Path.of(spec).getFileName().toString();
    }

    /**
     * An opened dataset, the class preset with as many classes where its classes are numbered, and
     * the CUDA build's notice that it computes on the CPU.
     */
    private record Opened(Dataset dataset, String preset, String fallback) {
    }

    /**
     * @param refused      given the error's message after it is shown, where the files cannot be opened; null: nothing more
     * @param whenOpened   run once the files opened, or null
     * @param firstLook    takes a first look at a large file on the worker, or null
     */
    private void load(String what, Supplier<Dataset> loader, LossSettings with, Consumer<String> refused, Runnable whenOpened,
                      Consumer<FirstLook> firstLook) {
        LossSettings s;
        try {
            s = with != null ? with : settings.get();
        } catch (InputException e) {
            errors.accept(e.getMessage());
            return;
        }
        busy.set(true);
        executor.execute(BackgroundTask.of(p -> {
            Dataset d = session.open(what, loader, s, p, firstLook);
            if (d == null) {
                return null;
            }
            boolean numbered = d.classes().isNumbered();
            return new Opened(d, numbered ? DatasetLoader.presetFor(d.batch().classes()).orElse(null) : null,
                    Backend.fallbackNotice().orElse(null));
        }).showingProgress((done, text) -> {
            progress.set(done);
            message.set(text);
        }).onSuccess(o -> {
            busy.set(false);
            if (o != null) {
                ClassSet shown = opened.apply(o.dataset(), with);
                o.dataset().warnings().forEach(notices);
                if (o.fallback() != null) {
                    notices.accept(o.fallback());
                }
                if (whenOpened != null) {
                    whenOpened.run();
                }
                if (o.preset() != null && shown.isNumbered()) {
                    notices.accept(o.dataset().batch().classes() + " numbered classes; File ▸ Class presets ▸ "
                            + o.preset() + " names them if these are " + o.preset() + " classes");
                }
            }
        }).onFailure(e -> {
            busy.set(false);
            String message = e instanceof InputException ? e.getMessage() : "Could not open " + what + ": " + e;
            errors.accept(message);
            if (refused != null) {
                refused.accept(message);
            }
        }));
    }
}
