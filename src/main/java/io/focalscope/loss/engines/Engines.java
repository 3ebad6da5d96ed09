package io.focalscope.loss.engines;

import io.focalscope.Versions;
import io.focalscope.io.InputException;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.cpu.CpuEngine;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.loss.nd4j.Nd4jEngine;
import java.util.List;
import java.util.Locale;

/**
 * Which engine computes, for softmax and sigmoid alike. {@code auto}: on ND4J's CUDA backend the
 * ND4J path (its ops run on the GPU), elsewhere the fused CPU kernel, which is several times faster
 * than ND4J's CPU ops. It sits above the engines' packages, which know only {@code loss}.
 */
public final class Engines {

    /** The names {@link #choose} takes. */
    public static final List<String> NAMES = List.of("auto", "cpu", "nd4j");

    private Engines() {
    }

    public static FocalLossEngine choose(String name) {
        String n = name == null ? "auto" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            // the CPU build has no CUDA backend to ask about (ND4J's first call costs seconds): asked only on the CUDA build
            case "auto" -> autoId(CpuEngine.available(), Versions.build(), () -> Backend.name()).equals("nd4j")
                    ? new Nd4jEngine() : new CpuEngine();
            case "nd4j" -> new Nd4jEngine();
            case "cpu" -> {
                if (!CpuEngine.available()) {
                    throw new InputException("engine: the cpu engine needs Java's Vector API; start Java with"
                            + " --add-modules jdk.incubator.vector (the focalscope launcher does)");
                }
                yield new CpuEngine();
            }
            default -> throw new InputException("engine: '" + name + "' is none of " + String.join(", ", NAMES));
        };
    }

    /**
     * What {@code auto} picks: ND4J where the CUDA build finds a CUDA backend (its ops run on the GPU)
     * or where the kernel cannot run (no Vector API), else the fused CPU kernel.
     *
     * @param backend asked only on the CUDA build
     */
    static String autoId(boolean vectorApi, String build, java.util.function.Supplier<String> backend) {
        return !vectorApi || build.equals("cuda") && backend.get().equals("CUDA") ? "nd4j" : "cpu";
    }

    /** The default engine for this backend. */
    public static FocalLossEngine auto() {
        return choose("auto");
    }
}
