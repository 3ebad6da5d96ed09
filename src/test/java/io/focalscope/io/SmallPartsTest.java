package io.focalscope.io;

import static io.focalscope.TestFiles.heapFigureHidden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The io package's small helpers: JSON messages, the small-file cap, the memory checks' words. */
class SmallPartsTest {

    @TempDir
    Path tmp;

    /** Gson's JSON path stays while it is short (60 characters from " path $"), and goes past that. */
    @Test
    void gsonsReasonKeepsAShortPathAndDropsALongOne() {
        String shortPath = "Expected a string at line 1 column 9 path $" + ".a".repeat(26) + "x";
        assertEquals(60, shortPath.length() - shortPath.indexOf(" path $"));
        assertEquals(shortPath, JsonText.reason(new JsonParseException(shortPath)));
        String longPath = shortPath + "y";
        assertEquals("Expected a string at line 1 column 9", JsonText.reason(new JsonParseException(longPath)));
        // the cause's words, without the link to Gson's troubleshooting page
        assertEquals("Unterminated object at line 1 column 5",
                JsonText.reason(new JsonParseException("x", new IllegalStateException("Unterminated object at line 1 column 5"
                        + "\nSee https://github.com/google/gson/blob/main/Troubleshooting.md#malformed-json"))));
        assertEquals("s.json: not a valid scan (End of input at line 1 column 6 path $.a)",
                assertThrows(InputException.class, () -> JsonText.parse("s.json", "scan", "{\"a\":")).getMessage());
    }

    @Test
    void whyATreeCouldNotBeReadIsSaidInAUsersWords() {
        assertEquals("a value of the wrong type", JsonText.whyNot(new ClassCastException("JsonPrimitive cannot be cast")));
        assertEquals("a value of the wrong type", JsonText.whyNot(new IllegalStateException("Not a JSON Array")));
        assertEquals("a value is missing", JsonText.whyNot(new NullPointerException()));
        assertEquals("weights must be positive", JsonText.whyNot(new IllegalArgumentException("weights must be positive")));
        assertEquals("UnsupportedOperationException", JsonText.whyNot(new UnsupportedOperationException()));
    }

    @Test
    void aSmallFileMayBeAsLargeAsItsCap() throws IOException {
        Path exact = Files.write(tmp.resolve("exact.json"), new byte[100]);
        assertEquals(100, SmallFiles.readBytes(exact, "a list", 100).length);
        Path over = Files.write(tmp.resolve("over.json"), new byte[101]);
        assertEquals(over + ": too large for a list (more than 0 MB)",
                assertThrows(InputException.class, () -> SmallFiles.readBytes(over, "a list", 100)).getMessage());
    }

    @Test
    void workingMemoryIsNeverNegativeAndSaturates() {
        assertEquals(0, new WorkingMemory(0, 0).bytes(1000, 19000));
        assertEquals(7 * 1000 + 3 * 19000, new WorkingMemory(7, 3).bytes(1000, 19000));
        assertEquals(Long.MAX_VALUE, new WorkingMemory(Long.MAX_VALUE / 2, 1).bytes(3, 0));
        assertEquals(Long.MAX_VALUE, new WorkingMemory(1, Long.MAX_VALUE / 2).bytes(0, 3));
        assertEquals("bytes per pixel and per logit must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new WorkingMemory(-1, 0)).getMessage());
        assertEquals("bytes per pixel and per logit must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new WorkingMemory(0, -1)).getMessage());
    }

    @Test
    void theMemoryChecksSayWhatTheyRefuse() {
        assertEquals("s.npy: the array has 2147483632 elements, more than the 2147483631 one array can hold",
                assertThrows(InputException.class, () -> MemoryBudget.require("s.npy", "the array", 2147483632L, 8)).getMessage());
        String alone = assertThrows(InputException.class,
                () -> MemoryBudget.require("s.npy", "the copy", 10, Long.MAX_VALUE / 2)).getMessage();
        assertEquals("s.npy: the copy needs 4611686018427 MB of memory to load, more than the N MB this app may still use (raise the"
                + " limit with FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g)", heapFigureHidden(alone));
        String with = assertThrows(InputException.class,
                () -> MemoryBudget.require("s.npy", "the array", 10, 40, Long.MAX_VALUE)).getMessage();
        assertEquals("s.npy: the array needs 0 MB of memory to load and 9223372036855 MB more to compute with, 9223372036855 MB in"
                + " all, more than the N MB this app may still use (raise the limit with FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g)",
                heapFigureHidden(with));
        MemoryBudget.require("s.npy", "the array", 10, 40, 40); // fits
        MemoryBudget.require("s.npy", "the array", MemoryBudget.MAX_ELEMENTS, 0); // as many elements as one array holds
    }

    /**
     * What is free now plus what the heap may still grow by: more than the room to grow alone, as
     * some of the committed heap is free. Read twice, and tried three times: the collector may
     * shrink the committed heap between the two readings.
     */
    @Test
    void theHeapAvailableCountsTheFreePartToo() {
        Runtime rt = Runtime.getRuntime();
        boolean counted = false;
        for (int attempt = 0; attempt < 3 && !counted; attempt++) {
            long available = MemoryBudget.availableHeapBytes();
            counted = available > rt.maxMemory() - rt.totalMemory();
        }
        assertTrue(counted, "the free part of the committed heap is counted");
    }

    /**
     * With the Parallel collector an array that outlives a collection must fit the old generation,
     * the heap less its young part: that room binds where it is smaller than the heap's (measured with
     * -Xmx1g: the largest array 767 MB under Parallel, 927 MB under G1); G1's old generation may take
     * the whole heap, and an unknown maximum (-1) leaves the heap's figure.
     */
    @Test
    void theOldGenerationsRoomBindsWhereItIsSmaller() {
        long mb = 1L << 20;
        assertEquals(667 * mb, MemoryBudget.available(900 * mb, 767 * mb, 100 * mb));
        assertEquals(900 * mb, MemoryBudget.available(900 * mb, 1024 * mb, 100 * mb));
        assertEquals(900 * mb, MemoryBudget.available(900 * mb, -1, 100 * mb));
        if (MemoryBudget.OldGeneration.POOL != null) { // G1, Parallel, Serial; not ZGC or Shenandoah
            assertTrue(MemoryBudget.availableHeapBytes() <= MemoryBudget.OldGeneration.POOL.getUsage().getMax(), "no more than it can take");
        }
    }
}
