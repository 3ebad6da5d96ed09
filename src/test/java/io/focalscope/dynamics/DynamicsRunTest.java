package io.focalscope.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.NpzWriter;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the reference epochs laid out the other ways a training loop writes them, and the ways a
 * run goes wrong: each image's failure is its own, named by file, and the others are followed.
 */
class DynamicsRunTest {

    static final Path RUN = DynamicsGoldenTest.RUN;
    static final LossSettings SETTINGS = DynamicsGoldenTest.settings(new WeightScheme.Enet(1.10));

    @TempDir
    Path tmp;

    static DynamicsFigures follow(EpochRun run) {
        var engine = Engines.choose("cpu");
        return DynamicsFigures.of(run, DynamicsRun.run(run, engine, SETTINGS, HardThresholds.DEFAULT, 2, null, (d, t) -> { }, () -> false),
                SETTINGS, HardThresholds.DEFAULT, engine.describe());
    }

    static EpochRun scanStyle(Path folder) {
        return EpochDiscovery.inFolder(folder, null, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
    }

    /** The reference run with each epoch's labels beside its logits, as scan reads a folder: an .npz per image, or a pair. */
    private Path withLabelsInEachEpoch(boolean npz) throws IOException {
        Path out = tmp.resolve(npz ? "npz" : "pairs");
        for (String epoch : DynamicsGoldenTest.run().epochs()) {
            Path dir = Files.createDirectories(out.resolve(epoch));
            for (String name : List.of("car", "street", "blurry")) {
                NdArray logits = NpyReader.read(RUN.resolve(epoch).resolve(name + ".npy"));
                NdArray labels = NpyReader.read(RUN.resolve("labels").resolve(name + ".npy"));
                if (npz) {
                    NpzWriter.writeCompressed(dir.resolve(name + ".npz"), Map.of("logits", logits, "labels", labels));
                } else {
                    Files.copy(RUN.resolve(epoch).resolve(name + ".npy"), dir.resolve(name + "_logits.npy"));
                    Files.copy(RUN.resolve("labels").resolve(name + ".npy"), dir.resolve(name + "_labels.npy"));
                }
            }
        }
        return out;
    }

    /** Named as the window's field and the command's --labels-dir both mean it. */
    @Test
    void aLabelsFolderThatIsNotThereIsNamed() {
        Path none = RUN.resolve("nolabels");
        InputException e = assertThrows(InputException.class,
                () -> EpochDiscovery.inFolder(RUN, none, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES));
        assertEquals(none + ": no such labels folder", e.getMessage());
    }

    @Test
    void labelsInEachEpochAndAListGiveTheSameFiguresAsALabelsFolder() throws IOException {
        DynamicsFigures reference = follow(DynamicsGoldenTest.run());
        for (EpochRun run : List.of(scanStyle(withLabelsInEachEpoch(true)), scanStyle(withLabelsInEachEpoch(false)),
                EpochDiscovery.fromList(DynamicsGoldenTest.CASES.resolve("run.csv")))) {
            DynamicsFigures f = follow(run);
            assertEquals(reference.epochs(), f.epochs(), run.source());
            assertEquals(reference.dataset().confidence(), f.dataset().confidence(), 1e-12, run.source());
            assertEquals(reference.dataset().hardPixels(), f.dataset().hardPixels(), run.source());
            assertEquals(List.of(reference.dataset().lossByEpoch()[10]), List.of(f.dataset().lossByEpoch()[10]), run.source());
        }
    }

    @Test
    void addingAConstantToEveryLogitChangesNothing() throws IOException {
        Path shifted = tmp.resolve("shifted");
        for (String epoch : DynamicsGoldenTest.run().epochs()) {
            Path dir = Files.createDirectories(shifted.resolve(epoch));
            for (String name : List.of("car", "street", "blurry")) {
                NdArray logits = NpyReader.read(RUN.resolve(epoch).resolve(name + ".npy"));
                float[] z = logits.toFloats();
                for (int i = 0; i < z.length; i++) {
                    z[i] += 37.5f;
                }
                NpyWriter.writeFloat32(dir.resolve(name + ".npy"), logits.shape(), z);
            }
        }
        DynamicsFigures a = follow(DynamicsGoldenTest.run());
        DynamicsFigures b = follow(EpochDiscovery.inFolder(shifted, RUN.resolve("labels"), ImageDiscovery.LOGITS_SUFFIX,
                ImageDiscovery.LABELS_SUFFIXES));
        assertEquals(a.dataset().confidence(), b.dataset().confidence(), 1e-6);
        assertEquals(a.dataset().variability(), b.dataset().variability(), 1e-6);
        assertEquals(a.dataset().hardPixels(), b.dataset().hardPixels());
        for (int e = 0; e < a.epochs().size(); e++) {
            assertEquals(a.dataset().lossByEpoch()[e], b.dataset().lossByEpoch()[e], 1e-4 * a.dataset().lossByEpoch()[e]);
        }
    }

    @Test
    void theSameLogitsEveryEpochHaveNoVariabilityAndNothingForgotten() throws IOException {
        Path still = tmp.resolve("still");
        for (String epoch : List.of("e1", "e2", "e3")) {
            Path dir = Files.createDirectories(still.resolve(epoch));
            Files.copy(RUN.resolve("epoch_6").resolve("street.npy"), dir.resolve("street.npy"));
        }
        EpochRun run = EpochDiscovery.inFolder(still, RUN.resolve("labels"), ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        DataMaps maps = ImageDynamics.of(0, run.images().get(0), Engines.choose("cpu"), SETTINGS, HardThresholds.DEFAULT, true,
                io.focalscope.io.FloatArrays.FRESH, null).maps();
        for (int p = 0; p < maps.confidence().length; p++) {
            if (!Float.isNaN(maps.confidence()[p])) {
                assertEquals(0f, maps.variability()[p], 1e-7f, "pixel " + p);
                assertEquals(0f, maps.forgetting()[p], "pixel " + p);
                assertTrue(maps.correctness()[p] == 0f || maps.correctness()[p] == 1f, "pixel " + p);
            }
        }
    }

    @Test
    void labelsThatChangeBetweenEpochsFailThatImageOnly() throws IOException {
        Path pairs = withLabelsInEachEpoch(false);
        Path changed = pairs.resolve("epoch_7").resolve("car_labels.npy");
        NdArray labels = NpyReader.read(changed);
        int[] values = labels.toInts();
        values[2 * 24 + 5] = (values[2 * 24 + 5] + 1) % 5;
        int was = NpyReader.read(RUN.resolve("labels").resolve("car.npy")).toInts()[2 * 24 + 5];
        NpyWriter.write(changed, NdArray.ofBytes(changed.toString(), labels.shape(), values));
        DynamicsFigures f = follow(scanStyle(pairs));
        assertEquals(List.of("street", "blurry"), f.perImage().stream().map(DynamicsFigures.ImageRow::name).toList());
        assertEquals(List.of(new ScanFailure(changed.toString(), changed + ": labels differ from the first epoch's ("
                + pairs.resolve("epoch_1").resolve("car_labels.npy") + ") at (n=0, y=2, x=5): " + values[2 * 24 + 5] + " against " + was
                + "; dynamics follows fixed labels (validation without augmentation)")), f.failed());
    }

    @Test
    void anImageMissingFromSomeEpochsIsListedNotGuessed() throws IOException {
        Path pairs = withLabelsInEachEpoch(false);
        for (String epoch : List.of("epoch_3", "epoch_10")) {
            Files.delete(pairs.resolve(epoch).resolve("street_logits.npy"));
            Files.delete(pairs.resolve(epoch).resolve("street_labels.npy"));
        }
        EpochRun run = scanStyle(pairs);
        assertEquals(List.of(new EpochRun.Incomplete("street", List.of("epoch_3", "epoch_10"))), run.incomplete());
        DynamicsFigures f = follow(run);
        assertEquals(List.of("car", "blurry"), f.perImage().stream().map(DynamicsFigures.ImageRow::name).toList());
        assertEquals(f.incomplete(), run.incomplete());
    }

    /** Logits without a labels file in the labels folder: one failure, with the epochs they are in, not one an epoch. */
    @Test
    void logitsWithoutLabelsAreOneFailureNamingTheirEpochs() throws IOException {
        Path run = TroubledRun.write(tmp.resolve("troubled"));
        Files.copy(RUN.resolve("epoch_2/car.npy"), run.resolve("epoch_2/odd.npy"));
        Files.copy(RUN.resolve("epoch_5/car.npy"), run.resolve("epoch_5/odd.npy"));
        Path labels = run.resolve("labels");
        EpochRun found = EpochDiscovery.inFolder(run, labels, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        Path extra = run.resolve("epoch_1/extra.npy");
        Path odd = run.resolve("epoch_2/odd.npy");
        assertEquals(List.of(
                new ScanFailure(extra.toString(), extra + ": no labels named extra.* in " + labels + "; its logits are in all 11 epochs"),
                new ScanFailure(odd.toString(), odd + ": no labels named odd.* in " + labels + "; its logits are in epochs epoch_2, epoch_5")),
                found.failed());
        assertEquals(List.of(new EpochRun.Incomplete("late", List.of("epoch_1", "epoch_2", "epoch_3", "epoch_4"))), found.incomplete());
        assertEquals(List.of("blurry", "car", "street"), found.images().stream().map(TrackedImage::name).toList());
    }

    @Test
    void anEpochOfAnotherShapeOrWithNonFiniteLogitsFailsItsImageNamingTheFile() throws IOException {
        Path pairs = withLabelsInEachEpoch(false);
        Path wide = pairs.resolve("epoch_4").resolve("blurry_logits.npy");
        NpyWriter.writeFloat32(wide, new int[] {6, 16, 24}, new float[6 * 16 * 24]);
        Path bad = pairs.resolve("epoch_2").resolve("car_logits.npy");
        float[] z = NpyReader.read(bad).toFloats();
        z[5 * 24 + 1] = Float.NaN;
        NpyWriter.writeFloat32(bad, new int[] {5, 16, 24}, z);
        DynamicsFigures f = follow(scanStyle(pairs));
        assertEquals(List.of("street"), f.perImage().stream().map(DynamicsFigures.ImageRow::name).toList());
        assertEquals(List.of(
                new ScanFailure(bad.toString(), bad + ": 1 pixel has non-finite logits (NaN or infinity), the first at (n=0, y=5, x=1)"),
                new ScanFailure(wide.toString(), wide + ": holds [1, 6, 16, 24] logits where the first epoch's "
                        + pairs.resolve("epoch_1").resolve("blurry_logits.npy") + " holds [1, 5, 16, 24];"
                        + " an image keeps its size and classes through training")), f.failed());
    }

    @Test
    void anImageWithAnotherClassCountThanMostFailsAloneNamingTheCounts() throws IOException {
        Path pairs = withLabelsInEachEpoch(false);
        for (String epoch : DynamicsGoldenTest.run().epochs()) {
            Path file = pairs.resolve(epoch).resolve("street_logits.npy");
            float[] z = NpyReader.read(file).toFloats();
            NpyWriter.writeFloat32(file, new int[] {6, 16, 24}, java.util.Arrays.copyOf(z, 6 * 16 * 24));
        }
        DynamicsFigures f = follow(scanStyle(pairs));
        assertEquals(List.of("car", "blurry"), f.perImage().stream().map(DynamicsFigures.ImageRow::name).toList());
        Path street = pairs.resolve("epoch_1").resolve("street_logits.npy");
        assertEquals(List.of(new ScanFailure(street.toString(), street + ": has 6 classes where 2 of the 3 images followed have 5")),
                f.failed());
        assertEquals(5, f.classes());
    }

    @Test
    void progressCountsEveryEpochOfEveryImageAndACancelStopsTheRun() {
        EpochRun run = DynamicsGoldenTest.run();
        List<Integer> seen = new ArrayList<>();
        DynamicsRun.run(run, Engines.choose("cpu"), SETTINGS, HardThresholds.DEFAULT, 1, null, (d, t) -> seen.add(d * 1000 + t), () -> false);
        assertEquals(33, seen.size());
        assertEquals(33_033, seen.get(32));
        AtomicInteger asked = new AtomicInteger();
        assertThrows(CancellationException.class, () -> DynamicsRun.run(run, Engines.choose("cpu"), SETTINGS, HardThresholds.DEFAULT, 1,
                null, (d, t) -> { }, () -> asked.incrementAndGet() > 1));
    }

    @Test
    void theRefusalsSayWhatIsWrongInOneLine() throws IOException {
        LossSettings sigmoid = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false, Activation.SIGMOID, 0.25);
        assertEquals("dynamics follows each pixel's softmax probability of its label (dataset cartography); --activation sigmoid gives"
                + " a probability per channel instead: leave --activation at softmax", assertThrows(InputException.class,
                () -> DynamicsRun.run(DynamicsGoldenTest.run(), Engines.choose("cpu"), sigmoid, HardThresholds.DEFAULT, 1, null,
                        (d, t) -> { }, () -> false)).getMessage());
        assertEquals("--hard-confidence must be between 0 and 1 (a mean probability), got 1.5",
                assertThrows(InputException.class, () -> new HardThresholds(1.5, 0.1)).getMessage());
        assertEquals("--hard-variability must be between 0 and 0.5 (the largest standard deviation of a probability), got NaN",
                assertThrows(InputException.class, () -> new HardThresholds(0.2, Double.NaN)).getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(empty + ": no epoch folders: dynamics reads one sub-folder per epoch (" + empty.resolve("epoch_1") + ", "
                + empty.resolve("epoch_2") + ", ...)", assertThrows(InputException.class, () -> scanStyle(empty)).getMessage());
        Path list = Files.writeString(tmp.resolve("list.csv"), "logits,labels\na.npy,b.npy\n");
        assertEquals(list + ": line 1: expected the header 'epoch,logits,labels', found 'logits,labels'",
                assertThrows(InputException.class, () -> EpochDiscovery.fromList(list)).getMessage());
    }
}
