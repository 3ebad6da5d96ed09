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

    /** Details as the backend reports them: BLAS vendor, threads, devices, memory. */
    public static Properties environment() {
        return Nd4j.getExecutioner().getEnvironmentInformation();
    }
}
