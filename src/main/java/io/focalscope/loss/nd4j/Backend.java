package io.focalscope.loss.nd4j;

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
     * The device ND4J computes on, for messages: {@code CPU} or {@code CUDA (the GPU's name)}.
     */
    public static String device() {
        if (!name().equals("CUDA")) {
            return "CPU";
        }
        Object devices = environment().get("cuda.devicesInformation");
        if (devices instanceof java.util.List<?> list && !list.isEmpty() && list.get(0) instanceof java.util.Map<?, ?> first
                && first.get("cuda.deviceName") != null) {
            return "CUDA (" + first.get("cuda.deviceName") + ")";
        }
        return "CUDA";
    }

    /**
     * One line for a CUDA build that found no usable GPU and computes on the CPU; empty otherwise.
     */
    public static java.util.Optional<String> fallbackNotice() {
        // the CPU build asks ND4J nothing: its first call costs seconds
        String build = io.focalscope.Versions.build();
        return build.equals("cuda") ? fallbackNotice(build, name()) : java.util.Optional.empty();
    }

    /** The notice for a build ("cpu" or "cuda") computing on a backend ("CPU" or "CUDA"). */
    public static java.util.Optional<String> fallbackNotice(String build, String backend) {
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
