package io.focalscope.cli;

import io.focalscope.demo.DemoSceneGenerator;
import io.focalscope.demo.DemoWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code focalscope make-demo}: regenerates the embedded demo in assets/demo. */
@Command(name = "make-demo", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class,
        description = {"Generates the demo scene: demo.npz and image.png.", "A Cityscapes-like street, 19 classes, 512 x 256."})
final class MakeDemoCommand implements Runnable {

    @Option(names = "--out", defaultValue = "assets/demo", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        DemoWriter.write(DemoSceneGenerator.generate(seed), out);
        spec.commandLine().getOut().println("wrote " + out.resolve("demo.npz") + " and " + out.resolve("image.png"));
    }
}
