package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the window's title and export names call the open files. */
class DatasetTitleTest {

    @Test
    void filesOfOneNameAreToldApartByTheirFolders() {
        // a training run's epoch: the same name in the epoch's folder and the labels folder
        assertEquals("epoch_3/car.npy + labels/car.npy", DatasetLoader.title("/runs/r/epoch_3/car.npy", "/runs/r/labels/car.npy"));
        assertEquals("a_logits.npy + a_labels.npy", DatasetLoader.title("/d/a_logits.npy", "/d/a_labels.npy"));
        assertEquals("demo.npz", DatasetLoader.title("/d/demo.npz", "/d/demo.npz"));
    }
}
