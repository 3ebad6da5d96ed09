package io.focalscope.cli;

import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import picocli.CommandLine.Option;

/** {@code --engine}: which engine computes, shared by the commands that compute. */
final class EngineOption {

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|cpu|nd4j",
            description = "cpu: the fused CPU kernel; nd4j: ND4J ops (the GPU with the CUDA build); auto: nd4j on a GPU, "
                    + "else cpu (default: ${DEFAULT-VALUE}).")
    String name;

    /** The engine, checked before any file is read. */
    FocalLossEngine engine() {
        return Engines.choose(name);
    }
}
