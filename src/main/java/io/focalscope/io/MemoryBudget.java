package io.focalscope.io;

/**
 * Refuses arrays that would not fit in the memory this process may use, before any byte of them is
 * read, so that a huge or lying file ends in a message instead of an OutOfMemoryError.
 */
public final class MemoryBudget {

    /** Largest Java array we create: arrays are int-indexed and the VM reserves a few header words. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16L;

    private MemoryBudget() {
    }

    /**
     * Bytes of heap that are free now or can still be claimed up to -Xmx, and that the old generation
     * can still take: arrays that outlive a collection end there, and with the Parallel collector (the
     * launcher's) it is the heap less the young generation, so an array the heap could hold but the
     * old generation cannot would end in an OutOfMemoryError, not a refusal. G1's old generation may
     * grow to the whole heap.
     */
    public static long availableHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return withinOldGeneration(rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), true);
    }

    /** The most the heap could ever give: all of it, or the old generation's maximum where that is less. */
    private static long largestEver() {
        return withinOldGeneration(Runtime.getRuntime().maxMemory(), false);
    }

    /** {@code heapBytes}, no more than the old generation's maximum, less what it holds now where {@code lessItsUse}. */
    private static long withinOldGeneration(long heapBytes, boolean lessItsUse) {
        java.lang.management.MemoryUsage old = OldGeneration.POOL == null ? null : OldGeneration.POOL.getUsage();
        return old == null ? heapBytes : available(heapBytes, old.getMax(), lessItsUse ? old.getUsed() : 0);
    }

    /** The heap's free bytes, no more than the old generation's room where its maximum is known (not -1). */
    static long available(long heapFree, long oldMax, long oldUsed) {
        return oldMax < 0 ? heapFree : Math.min(heapFree, oldMax - oldUsed);
    }

    /** The collector's old-generation pool (G1, Parallel, Serial), null under one that has none: looked up once, when first needed. */
    static final class OldGeneration {
        static final java.lang.management.MemoryPoolMXBean POOL = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP
                        && (p.getName().endsWith("Old Gen") || p.getName().equals("Tenured Gen")))
                .findFirst().orElse(null);

        private OldGeneration() {
        }
    }

    /**
     * The heap there is for {@code bytesNeeded} more bytes: what is free now, or where that is too
     * little, what is free after a full collection (arrays the last file left behind count as used
     * until they are collected, and a scan reads file after file).
     */
    public static long availableFor(long bytesNeeded) {
        long available = availableHeapBytes();
        // no collection for what could not fit in the whole heap (or old generation): a refusal either way, without a pause
        if (bytesNeeded > available && bytesNeeded <= largestEver()) {
            System.gc();
            available = availableHeapBytes();
        }
        return available;
    }

    /** How a user gives the app more heap, for the end of a refusal. */
    public static final String HOW_TO_RAISE = "raise the limit with FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g";

    /**
     * Checks that an array of {@code elements} values, which needs {@code bytesNeeded} bytes while it
     * is read and converted, fits.
     */
    public static void require(String source, String what, long elements, long bytesNeeded) {
        require(source, what, elements, bytesNeeded, 0);
    }

    /**
     * The same, where {@code bytesAfter} more are allocated once it is read (the working arrays of
     * what is computed from it): both are checked before either is allocated.
     */
    public static void require(String source, String what, long elements, long bytesToRead, long bytesAfter) {
        if (elements > MAX_ELEMENTS) {
            throw InputException.of(source, what + " has " + elements
                    + " elements, more than the " + MAX_ELEMENTS + " one array can hold");
        }
        long needed = bytesToRead > Long.MAX_VALUE - bytesAfter ? Long.MAX_VALUE : bytesToRead + bytesAfter;
        long available = availableFor(needed);
        if (needed > available) {
            throw InputException.of(source, what + (bytesAfter == 0 ? " needs " + megabytes(bytesToRead) + " of memory to load"
                    : " needs " + megabytes(bytesToRead) + " of memory to load and " + megabytes(bytesAfter)
                    + " more to compute with, " + megabytes(needed) + " in all")
                    + ", more than the " + megabytes(available) + " this app may still use (" + HOW_TO_RAISE + ")");
        }
    }

    /**
     * What a caller allocates once an array is read, by the array's shape: the working arrays of
     * what it computes from it. Checked with the read.
     */
    @FunctionalInterface
    public interface AfterReading {

        AfterReading NOTHING = shape -> 0;

        long bytes(int[] shape);
    }

    public static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
