package io.focalscope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of focalscope and its main libraries, as the build recorded them. */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    public static String focalscope() {
        return VERSIONS.getProperty("focalscope");
    }

    public static String nd4j() {
        return VERSIONS.getProperty("nd4j");
    }

    /** "cpu", or "cuda" for a build made with -Pcuda. */
    public static String build() {
        return VERSIONS.getProperty("build", "cpu");
    }

    public static String javafx() {
        return VERSIONS.getProperty("javafx");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
