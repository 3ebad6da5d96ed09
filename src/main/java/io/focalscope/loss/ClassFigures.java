package io.focalscope.loss;

/**
 * One class's part of the loss: its labelled pixels, the mean of their weighted focal loss, and
 * their share of the summed focal loss (shares over all classes add up to 1).
 */
public record ClassFigures(int classId, long pixels, double meanLoss, double share,
                           double meanCrossEntropy, double crossEntropyShare) {
}
