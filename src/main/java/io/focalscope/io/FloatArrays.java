package io.focalscope.io;

/**
 * Where a reader gets the float array it fills with float32 data: a new array, or for a scan that
 * reads one image after another on a thread, the array the thread's last image was read into.
 * Reusing it saves the 160 MB a Cityscapes-sized image would otherwise leave to the collector
 * (the heap, and so the process, stayed at 0.9 to 2.1 GB scanning with two threads, and each new
 * array is zeroed first, about 20 ms of its read).
 */
@FunctionalInterface
public interface FloatArrays {

    /** A new array for every read. */
    FloatArrays FRESH = float[]::new;

    /** An array of this length, whose contents the reader overwrites. */
    float[] take(int length);

    /** Whether {@link #take} would hand out an array it holds already: reading into it allocates nothing. */
    default boolean holds(int length) {
        return false;
    }

    /**
     * Hands out the array it handed out last, where the length is the same. For one thread that is
     * done with an image (its array) before it reads the next; not thread-safe.
     */
    static FloatArrays reusing() {
        return new FloatArrays() {
            private float[] last;

            @Override
            public boolean holds(int length) {
                return last != null && last.length == length;
            }

            @Override
            public float[] take(int length) {
                if (last == null || last.length != length) {
                    last = null; // let the old one go before the new one is made
                    last = new float[length];
                }
                return last;
            }
        };
    }
}
