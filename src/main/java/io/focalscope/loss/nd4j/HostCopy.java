package io.focalscope.loss.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The only way results leave the device in this package: a copy, once a computation is done,
 * through ND4J's own transfer. Nothing here is written back, so on the CUDA backend no host view
 * can go stale (an ArchitectureTest holds every other class of the package to that).
 */
final class HostCopy {

    private HostCopy() {
    }

    static float[] floats(INDArray a) {
        return flat(a).toFloatVector();
    }

    static double[] doubles(INDArray a) {
        return flat(a).toDoubleVector();
    }

    /** Of a FLOAT or LONG array (arg-max gives LONG). */
    static int[] ints(INDArray a) {
        long[] values = flat(a).toLongVector();
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    /** The same buffer as a vector (a full-length reshape of a C-order array copies nothing and is not closed). */
    private static INDArray flat(INDArray a) {
        return a.rank() == 1 ? a : a.reshape(a.length());
    }

    static double scalar(INDArray a) {
        return a.getDouble(0);
    }
}
