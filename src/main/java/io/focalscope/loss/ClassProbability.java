package io.focalscope.loss;

/** A class and its softmax probability at one pixel. */
public record ClassProbability(int classId, double probability) {
}
