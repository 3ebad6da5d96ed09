package io.focalscope.ui.controls;

import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Actions run once, at a scene's pulses. */
public final class Pulses {

    private Pulses() {
    }

    /** Runs the action at the end of the first pulse whose layout finds the condition true. */
    public static void whenLaidOut(Scene scene, BooleanSupplier condition, Runnable action) {
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                if (condition.getAsBoolean()) {
                    scene.removePostLayoutPulseListener(this);
                    action.run();
                }
            }
        });
    }

    /**
     * Runs the action after this many more pulses: the frame a pulse paints reaches the screen
     * afterwards, through the JavaFX thread (its pixels are uploaded there).
     */
    public static void after(int pulses, Runnable action) {
        new AnimationTimer() {
            private int seen;

            @Override
            public void handle(long now) {
                if (++seen >= pulses) {
                    stop();
                    Platform.runLater(action);
                }
            }
        }.start();
    }
}
