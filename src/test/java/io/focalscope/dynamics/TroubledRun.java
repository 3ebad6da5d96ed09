package io.focalscope.dynamics;

import io.focalscope.io.NpyReader;
import io.focalscope.io.NpyWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The reference run (labels kept apart) with the troubles a real one has, each in one image:
 * {@code extra} has logits at every epoch and no labels file, {@code late} has labels and its logits
 * from epoch_5 on only, and {@code street} has a sixth class (zeros) at every epoch, where the others have five.
 */
public final class TroubledRun {

    public static final List<String> EPOCHS = List.of("epoch_1", "epoch_2", "epoch_3", "epoch_4", "epoch_5", "epoch_6", "epoch_7",
            "epoch_8", "epoch_9", "epoch_10", "epoch_11");

    private TroubledRun() {
    }

    /** Writes it under {@code dir} (epoch folders and {@code labels}) and returns {@code dir}. */
    public static Path write(Path dir) {
        Path run = Path.of("src/test/resources/dynamics/run");
        try {
            Files.createDirectories(dir.resolve("labels"));
            for (String name : List.of("car", "street", "blurry")) {
                Files.copy(run.resolve("labels").resolve(name + ".npy"), dir.resolve("labels").resolve(name + ".npy"));
            }
            Files.copy(run.resolve("labels/car.npy"), dir.resolve("labels/late.npy"));
            for (int e = 0; e < EPOCHS.size(); e++) {
                String epoch = EPOCHS.get(e);
                Path to = Files.createDirectories(dir.resolve(epoch));
                for (String name : List.of("car", "blurry")) {
                    Files.copy(run.resolve(epoch).resolve(name + ".npy"), to.resolve(name + ".npy"));
                }
                float[] street = NpyReader.read(run.resolve(epoch).resolve("street.npy")).toFloats();
                NpyWriter.writeFloat32(to.resolve("street.npy"), new int[] {6, 16, 24}, Arrays.copyOf(street, 6 * 16 * 24));
                Files.copy(run.resolve(epoch).resolve("car.npy"), to.resolve("extra.npy"));
                if (e >= 4) {
                    Files.copy(run.resolve(epoch).resolve("car.npy"), to.resolve("late.npy"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
