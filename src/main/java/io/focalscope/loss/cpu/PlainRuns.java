package io.focalscope.loss.cpu;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many ranges of pixels each pass of the plain float code has computed in this JVM. Its
 * results have the vector code's bits, so this count is the only way its tests can tell which code
 * ran. Cheap: one add a range of about 32,000 pixels.
 */
final class PlainRuns {

    enum Pass { SOFTMAX, WEIGH, TERM, POST_SOFTMAX, POST, NLL_MAP }

    private static final Map<Pass, LongAdder> COUNTS = new EnumMap<>(Pass.class);

    static {
        for (Pass p : Pass.values()) {
            COUNTS.put(p, new LongAdder());
        }
    }

    private PlainRuns() {
    }

    static void count(Pass p) {
        COUNTS.get(p).increment();
    }

    static long of(Pass p) {
        return COUNTS.get(p).sum();
    }
}
