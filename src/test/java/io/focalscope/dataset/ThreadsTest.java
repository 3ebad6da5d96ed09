package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --threads: cut to the cores, and said so only where it was cut. */
class ThreadsTest {

    private final int cores = Runtime.getRuntime().availableProcessors();

    @Test
    void asManyThreadsAsCoresNeedNoNote() {
        assertEquals(Optional.empty(), Threads.note(cores));
        assertEquals(cores, Threads.useful(cores));
    }

    @Test
    void moreThreadsThanCoresAreCutAndSaidSo() {
        assertEquals(Optional.of("--threads " + (cores + 1) + " is more than the " + cores + " cores here; using " + cores
                + " (more threads would only hold more images in memory at once)"), Threads.note(cores + 1));
        assertEquals(cores, Threads.useful(cores + 1));
    }
}
