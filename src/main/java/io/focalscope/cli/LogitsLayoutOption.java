package io.focalscope.cli;

import io.focalscope.io.LogitsLayout;
import picocli.CommandLine.Option;

/** {@code --channels-last}, for the commands that read one logits file headless ({@code compute}, {@code render}). */
final class LogitsLayoutOption {

    @Option(names = "--channels-last", description = "The logits are saved (N,H,W,C) or (H,W,C), as TensorFlow, Keras"
            + " and JAX save them; they are moved to (N,C,H,W) as they are read. Needed only where both layouts fit the"
            + " labels (a map as many pixels high and wide as it has classes): otherwise the shapes say which.")
    boolean channelsLast;

    LogitsLayout layout() {
        return channelsLast ? LogitsLayout.CHANNELS_LAST : LogitsLayout.CHANNELS_FIRST;
    }
}
