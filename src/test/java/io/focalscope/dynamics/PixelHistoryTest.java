package io.focalscope.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-pixel history against a double reference written here from the definitions, with its
 * vector update and its one-pixel-at-a-time update (a Spark executor without the Vector API) held to
 * the same bits.
 */
class PixelHistoryTest {

    private static final int PIXELS = 1003; // not a whole number of vectors: the tail goes one pixel at a time
    private static final int EPOCHS = 9;

    @Test
    void bothUpdatesFollowTheDefinitions() {
        SplittableRandom rng = new SplittableRandom(7);
        int[] labels = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            labels[p] = rng.nextInt(4);
        }
        float[][] pt = new float[EPOCHS][PIXELS];
        int[][] predicted = new int[EPOCHS][PIXELS];
        for (int e = 0; e < EPOCHS; e++) {
            for (int p = 0; p < PIXELS; p++) {
                // every third pixel left out at some epochs (ignored), the rest right about half the time
                boolean leftOut = p % 3 == 0 && rng.nextInt(4) == 0;
                // now and then a pixel whose logits are not finite: no p_t, and an arg-max of -1
                boolean broken = !leftOut && rng.nextInt(200) == 0;
                pt[e][p] = leftOut || broken ? Float.NaN : (float) rng.nextDouble();
                predicted[e][p] = broken ? -1 : rng.nextBoolean() ? labels[p] : (labels[p] + 1) % 4;
            }
        }
        PixelHistory vectors = new PixelHistory(PIXELS, true);
        PixelHistory scalar = new PixelHistory(PIXELS, false);
        for (int e = 0; e < EPOCHS; e++) {
            vectors.beginEpoch(labels);
            scalar.beginEpoch(labels);
            int firstBroken = -1;
            for (int p = PIXELS - 1; p >= 0; p--) {
                firstBroken = predicted[e][p] < 0 ? p : firstBroken;
            }
            // in tiles of uneven length at an offset, as the kernels hand them over
            for (int from = 0; from < PIXELS; from += 250) {
                int length = Math.min(250, PIXELS - from);
                float[] ptTile = new float[length + 5];
                int[] guessTile = new int[length + 5];
                System.arraycopy(pt[e], from, ptTile, 5, length);
                System.arraycopy(predicted[e], from, guessTile, 5, length);
                vectors.accept(from, length, ptTile, guessTile, 5);
                scalar.accept(from, length, ptTile, guessTile, 5);
            }
            assertEquals(firstBroken, vectors.firstNonFinite(), "epoch " + e);
            assertEquals(firstBroken, scalar.firstNonFinite(), "epoch " + e);
        }
        for (int p = 0; p < PIXELS; p++) {
            double sum = 0;
            int counted = 0;
            int right = 0;
            int forgotten = 0;
            boolean wasRight = false;
            for (int e = 0; e < EPOCHS; e++) {
                if (Float.isNaN(pt[e][p])) {
                    continue;
                }
                sum += pt[e][p];
                counted++;
                boolean now = predicted[e][p] == labels[p];
                right += now ? 1 : 0;
                forgotten += wasRight && !now ? 1 : 0;
                wasRight = now;
            }
            // a pixel left out at some epochs: the history divides by the epochs, as an ignored pixel
            // (its label never changes) is left out at all of them; only the counts are compared here
            String at = "pixel " + p;
            assertEquals(right / (double) EPOCHS, vectors.correctness(p), 0, at);
            assertEquals(forgotten, vectors.forgetting(p), at);
            if (counted == EPOCHS) {
                double mean = sum / EPOCHS;
                double squares = 0;
                for (int e = 0; e < EPOCHS; e++) {
                    squares += (pt[e][p] - mean) * (pt[e][p] - mean);
                }
                assertEquals(mean, vectors.confidence(p), 1e-6, at);
                assertEquals(Math.sqrt(squares / EPOCHS), vectors.variability(p), 1e-6, at);
            }
            assertEquals(scalar.confidence(p), vectors.confidence(p), 0, at);
            assertEquals(scalar.variability(p), vectors.variability(p), 0, at);
            assertEquals(scalar.correctness(p), vectors.correctness(p), 0, at);
            assertEquals(scalar.forgetting(p), vectors.forgetting(p), at);
        }
    }

    @Test
    void theFirstNonFinitePixelIsFoundByBothUpdates() {
        for (boolean useVectors : new boolean[] {true, false}) {
            PixelHistory h = new PixelHistory(64, useVectors);
            h.beginEpoch(new int[64]);
            float[] pt = new float[64];
            int[] guess = new int[64];
            guess[41] = -1;
            guess[17] = -1;
            pt[41] = pt[17] = Float.NaN;
            // the pixels' tiles at an offset of 7 in the arrays handed over
            float[] shiftedPt = new float[71];
            int[] shiftedGuess = new int[71];
            System.arraycopy(pt, 0, shiftedPt, 7, 64);
            System.arraycopy(guess, 0, shiftedGuess, 7, 64);
            h.accept(32, 32, shiftedPt, shiftedGuess, 39);
            assertEquals(41, h.firstNonFinite(), "vectors " + useVectors);
            h.accept(0, 32, shiftedPt, shiftedGuess, 7);
            assertEquals(17, h.firstNonFinite(), "vectors " + useVectors);
        }
    }

    @Test
    void countsHoldTheMostEpochs() {
        for (boolean useVectors : new boolean[] {true, false}) {
            PixelHistory h = new PixelHistory(16, useVectors);
            int[] labels = new int[16];
            float[] pt = new float[16];
            java.util.Arrays.fill(pt, 0.5f);
            int[] right = new int[16];
            int[] wrong = new int[16];
            java.util.Arrays.fill(wrong, 1);
            for (int e = 0; e < PixelHistory.MAX_EPOCHS; e++) {
                h.beginEpoch(labels);
                h.accept(0, 16, pt, e % 2 == 0 ? right : wrong, 0);
            }
            // right at the even epochs, 16384 of 32767; forgotten after each of them but the last
            assertEquals(16384.0 / PixelHistory.MAX_EPOCHS, h.correctness(15), 0, "vectors " + useVectors);
            assertEquals(16383, h.forgetting(15), "vectors " + useVectors);
            PixelHistory always = new PixelHistory(16, useVectors);
            for (int e = 0; e < PixelHistory.MAX_EPOCHS; e++) {
                always.beginEpoch(labels);
                always.accept(0, 16, pt, right, 0);
            }
            // 32767 right epochs fill the count's 15 bits and leave the forgotten count at 0
            assertEquals(1.0, always.correctness(3), 0, "vectors " + useVectors);
            assertEquals(0, always.forgetting(3), "vectors " + useVectors);
        }
    }
}
