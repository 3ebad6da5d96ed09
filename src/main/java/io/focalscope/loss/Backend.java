package io.focalscope.loss;

import java.util.Locale;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend computes: CPU or CUDA, and its details for {@code focalscope info}. */
public final class Backend {

    private Backend() {
    }

    /** "CPU" or "CUDA". */
    public static String name() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return backend.contains("cuda") || backend.contains("jcublas") ? "CUDA" : "CPU";
    }

    /**
     * One line for a CUDA build that found no usable GPU and computes on the CPU; empty otherwise.
     */
    public static java.util.Optional<String> fallbackNotice() {
        return fallbackNotice(io.focalscope.Versions.build(), name());
    }

    /** The notice for a build ("cpu" or "cuda") computing on a backend ("CPU" or "CUDA"). */
    static java.util.Optional<String> fallbackNotice(String build, String backend) {
        if (build.equals("cuda") && backend.equals("CPU")) {
            return java.util.Optional.of("this is the CUDA build, but no usable CUDA GPU was found; computing on the CPU");
        }
        return java.util.Optional.empty();
    }

    /** Details as the backend reports them: BLAS vendor, threads, devices, memory. */
    public static Properties environment() {
        return Nd4j.getExecutioner().getEnvironmentInformation();
    }
}
