package io.focalscope.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shipped assets are: beside the packaged app, or in the source tree when run from it. */
public final class Assets {

    private Assets() {
    }

    public static Path root() {
        String home = System.getProperty("focalscope.home");
        if (home != null && Files.isDirectory(Path.of(home, "assets"))) {
            return Path.of(home, "assets");
        }
        return Path.of("assets");
    }

    /** The embedded demo: logits and labels in one archive. */
    public static Path demoArchive() {
        return root().resolve("demo/demo.npz");
    }

    public static Path demoImage() {
        return root().resolve("demo/image.png");
    }

    /** The demo's classes: it is a Cityscapes-like street. */
    public static Path demoClasses() {
        return classPreset("cityscapes");
    }

    public static Path classPreset(String name) {
        return root().resolve("classes/" + name + ".json");
    }
}
