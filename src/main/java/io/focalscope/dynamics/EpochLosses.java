package io.focalscope.dynamics;

import io.focalscope.loss.ImageLossSums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One image's loss sums at each epoch, per class, without class weights (applied once the whole
 * run's labels are counted): only the classes the image has, and the added part only for a term
 * that adds one (Poly-1). A scan's per-class sums at every epoch would hold five arrays of every
 * class: 6 KB an epoch at 150 classes, 1.2 GB for 2,000 images over 100 epochs; this holds 8 bytes a
 * present class.
 */
public final class EpochLosses implements java.io.Serializable {

    /** Per class its place among the present ones, -1 where the image has no pixel of it. */
    private final int[] slot;
    private final int present;
    private final boolean adds;
    private final List<double[]> weighted = new ArrayList<>();
    private final List<double[]> added = new ArrayList<>();

    /** @param counts the image's labelled pixels per class (the same at every epoch) */
    EpochLosses(long[] counts, boolean adds) {
        slot = new int[counts.length];
        int k = 0;
        for (int c = 0; c < counts.length; c++) {
            slot[c] = counts[c] > 0 ? k++ : -1;
        }
        present = k;
        this.adds = adds;
    }

    /** Adds the next epoch's sums. */
    void add(ImageLossSums s) {
        double[] w = new double[present];
        double[] a = adds ? new double[present] : null;
        for (int c = 0; c < slot.length; c++) {
            if (slot[c] >= 0) {
                w[slot[c]] = s.focalSum()[c];
                if (a != null) {
                    a[slot[c]] = s.addedSum()[c];
                }
            }
        }
        weighted.add(w);
        added.add(a);
    }

    public int epochs() {
        return weighted.size();
    }

    /** The summed part of class c's term that class weights multiply, at an epoch; 0 for a class the image lacks. */
    public double weighted(int epoch, int c) {
        return slot[c] < 0 ? 0 : weighted.get(epoch)[slot[c]];
    }

    /** The summed part added unweighted (Poly-1's), at an epoch; 0 for other terms and absent classes. */
    public double added(int epoch, int c) {
        double[] a = added.get(epoch);
        return a == null || slot[c] < 0 ? 0 : a[slot[c]];
    }

    @Override
    public String toString() {
        return "EpochLosses" + Arrays.toString(slot) + " x " + epochs();
    }
}
