package io.focalscope.cli;

import io.focalscope.Versions;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.cpu.CpuEngine;
import io.focalscope.loss.nd4j.Nd4jEngine;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code focalscope info}: the ND4J backend in use, its devices and the versions. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, description = "Shows the ND4J backend (CPU or CUDA), devices and versions.")
final class InfoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("focalscope " + Versions.focalscope());
        out.println("backend    " + Backend.name() + " (" + Versions.build() + " build)");
        Backend.fallbackNotice().ifPresent(n -> out.println("           " + n));
        out.println("engine     " + Engines.auto().describe() + " (--engine auto); --engine nd4j: "
                + new Nd4jEngine().describe() + (CpuEngine.available() ? "" : "; the cpu kernel needs the Vector API module"));
        out.println("ND4J       " + Versions.nd4j());
        out.println("JavaFX     " + Versions.javafx());
        out.println("Java       " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        Properties env = Backend.environment();
        // values are numbers and maps as well as strings, so read the entries, not getProperty
        new TreeMap<>(env).forEach((key, value) -> out.println("  " + key + " = " + value));
        out.flush();
    }
}
