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

    /** Bytes of heap that are free now or can still be claimed up to -Xmx. */
    public static long availableHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Checks that an array of {@code elements} values, which needs {@code bytesNeeded} bytes while it
     * is read and converted, fits.
     */
    public static void require(String source, String what, long elements, long bytesNeeded) {
        if (elements > MAX_ELEMENTS) {
            throw InputException.of(source, what + " has " + elements
                    + " elements, more than the " + MAX_ELEMENTS + " one array can hold");
        }
        long available = availableHeapBytes();
        if (bytesNeeded > available) {
            throw InputException.of(source, what + " needs " + megabytes(bytesNeeded)
                    + " of memory to load, more than the " + megabytes(available)
                    + " this app may still use (raise the limit with FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g)");
        }
    }

    public static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
