package io.focalscope.loss;

import java.util.Arrays;
import java.util.Locale;

/**
 * How logits become probabilities. {@code softmax}: one distribution over the classes per pixel,
 * p_t its value at the label (the source post's multi-class focal loss). {@code sigmoid}: each
 * class channel on its own, {@code p = σ(x_c)} against a 0/1 target (the RetinaNet form that
 * binary and multi-label segmentation train with: torchvision, MONAI, smp, mmseg).
 */
public enum Activation {
    SOFTMAX("softmax"), SIGMOID("sigmoid");

    private final String cliName;

    Activation(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Activation parse(String text) {
        for (Activation a : values()) {
            if (a.cliName.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + text + "': expected one of "
                + Arrays.stream(values()).map(Activation::cliName).toList());
    }

    @Override
    public String toString() {
        return cliName;
    }
}
