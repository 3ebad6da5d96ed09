package io.focalscope.ui.training;

import io.focalscope.dynamics.ImageTrajectory;
import io.focalscope.loss.ClassWeights;
import java.util.Arrays;

/**
 * One image's loss per class at each epoch: the mean weighted loss of the class's pixels (its summed
 * term under the run's class weights, over its pixel count), from the sums the run kept, without
 * reading the files again.
 */
public final class ImageClassLoss {

    private ImageClassLoss() {
    }

    /** {@code [class][epoch]}; a class without pixels in the image is NaN at every epoch. */
    public static double[][] of(ImageTrajectory image, ClassWeights weights) {
        int classes = image.classes();
        int epochs = image.losses().epochs();
        double[] w = weights.values();
        long[] counts = image.counts();
        double[][] loss = new double[classes][epochs];
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                Arrays.fill(loss[c], Double.NaN);
                continue;
            }
            for (int e = 0; e < epochs; e++) {
                loss[c][e] = (w[c] * image.losses().weighted(e, c) + image.losses().added(e, c)) / counts[c];
            }
        }
        return loss;
    }
}
