package io.focalscope.render;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Frame-sized pixel arrays handed back once off screen, for the next frames to draw into. A map
 * pane at 1600 x 1000 is about 1.1 million pixels (4.4 MB): a new array per γ step filled the young
 * heap at about 40 MB/s while γ moved, and the heap that garbage made the JVM keep counted in the
 * window's resident memory. Thread-safe: the worker takes, the JavaFX thread gives back.
 */
final class PixelBuffers {

    /** Two panes, each with one frame on screen and one being drawn. */
    private static final int KEPT = 4;
    private final Deque<int[]> spare = new ArrayDeque<>();

    /** An array of this length, its contents undefined: a spare one where there is one. */
    synchronized int[] take(int length) {
        for (var it = spare.iterator(); it.hasNext(); ) {
            int[] a = it.next();
            if (a.length == length) {
                it.remove();
                return a;
            }
        }
        return new int[length];
    }

    /** Keeps an array no one reads any more for a later {@link #take}; the oldest spare goes beyond {@link #KEPT}. */
    synchronized void giveBack(int[] pixels) {
        for (int[] a : spare) {
            if (a == pixels) {
                return; // handed back twice: kept once, or two frames would draw into it
            }
        }
        spare.addFirst(pixels);
        while (spare.size() > KEPT) {
            spare.removeLast();
        }
    }

    synchronized int spareCount() {
        return spare.size();
    }
}
