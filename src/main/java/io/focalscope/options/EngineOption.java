package io.focalscope.options;

import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import picocli.CommandLine.Option;

/** {@code --engine}: which engine computes, shared by the commands that compute and the Spark scan job. */
public final class EngineOption {

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|cpu|nd4j",
            description = "cpu: the fused CPU kernel; nd4j: ND4J ops (the GPU with the CUDA build); auto: nd4j on a GPU, "
                    + "else cpu (default: ${DEFAULT-VALUE}).")
    String name;

    /** The name as given (the window and the executors choose from it). */
    public String name() {
        return name;
    }

    /** The engine, checked before any file is read. */
    public FocalLossEngine engine() {
        return Engines.choose(name);
    }

    /**
     * The name, checked to be an engine's, without making one: a Spark driver names the executors'
     * engine, and may itself lack what that engine needs (the Vector API).
     *
     * @throws io.focalscope.io.InputException for a name that is no engine's
     */
    public String checkedName() {
        String n = name == null ? "auto" : name.toLowerCase(java.util.Locale.ROOT);
        if (!Engines.NAMES.contains(n)) {
            throw new io.focalscope.io.InputException("engine: '" + name + "' is none of " + String.join(", ", Engines.NAMES));
        }
        return n;
    }
}
