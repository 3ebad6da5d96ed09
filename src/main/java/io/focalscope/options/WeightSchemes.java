package io.focalscope.options;

import io.focalscope.io.InputException;
import io.focalscope.io.WeightsFile;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Turns the {@code --weights} option into a weight scheme. */
public final class WeightSchemes {

    private WeightSchemes() {
    }

    /** A scheme that weighs by a label histogram, for {@code weights --scheme}: enet, inverse, median or effective. */
    public static WeightScheme fromLabels(String scheme, double enetC, double beta) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "enet", "inverse", "median", "effective" -> parse(scheme, enetC, beta);
            default -> throw new InputException("--scheme: '" + scheme + "' is none of enet, inverse, median, effective");
        };
    }

    /** Whether {@code --weights} names a scheme rather than a file. */
    static boolean isScheme(String text) {
        return java.util.List.of("none", "enet", "inverse", "median", "effective").contains(text.toLowerCase(Locale.ROOT));
    }

    public static WeightScheme parse(String text, double enetC, double beta) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> new WeightScheme.None();
            case "enet" -> new WeightScheme.Enet(enetC);
            case "inverse" -> new WeightScheme.Inverse();
            case "median" -> new WeightScheme.MedianFrequency();
            case "effective" -> new WeightScheme.EffectiveNumber(beta);
            default -> {
                Path file = Path.of(text);
                if (!Files.exists(file)) {
                    throw new InputException("--weights: '" + text
                            + "' is none of none, enet, inverse, median, effective, and no such file exists");
                }
                yield new WeightScheme.Explicit(WeightsFile.read(file), file.toString());
            }
        };
    }
}
