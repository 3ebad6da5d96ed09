package io.focalscope.loss.nd4j;

import io.focalscope.loss.ElementTerm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An {@link ElementTerm} as ND4J ops over arrays of elements: its value and its slope
 * {@code dl / d log p_t} from u = -log p_t and log(1 - p_t), as {@link ElementTerm} defines them in
 * double. Every step is an op, so it runs where ND4J runs; the arrays it returns are new, the
 * caller closes them.
 */
final class Nd4jTerm {

    private Nd4jTerm() {
    }

    /** γ per element, or null where it is the term's one γ. */
    private static INDArray gammas(ElementTerm t, INDArray logOneMinus) {
        if (!t.picksGamma()) {
            return null;
        }
        try (INDArray below = logOneMinus.gt(t.logOneMinusThreshold())) {
            return below.castTo(DataType.FLOAT).muli(t.gammaBelow() - t.gamma()).addi(t.gamma());
        }
    }

    /** {@code (1 - p')^γ = exp(γ log(1 - p'))}, 1 where γ is 0. */
    private static INDArray modulation(ElementTerm t, INDArray gammas, INDArray shiftedLog) {
        if (t.unmodulated()) {
            return Nd4j.onesLike(shiftedLog);
        }
        INDArray m = gammas == null ? shiftedLog.mul(t.gamma()) : shiftedLog.mul(gammas);
        return Transforms.exp(m, false);
    }

    /** The value of a term that neither shifts nor caps, from {@code α u} and log(1 - p_t). */
    static INDArray value(ElementTerm t, INDArray alphaU, INDArray logOneMinus) {
        INDArray v = alphaU.dup();
        if (t.adds()) {
            try (INDArray oneMinus = Transforms.exp(logOneMinus, true)) {
                v.addi(oneMinus.muli(t.epsilon()));
            }
        }
        if (t.unmodulated()) {
            return v;
        }
        INDArray g = gammas(t, logOneMinus);
        try (INDArray m = modulation(t, g, logOneMinus)) {
            return v.muli(m);
        } finally {
            close(g);
        }
    }

    /** What a shift makes of u and log(1 - p_t): -log p', log(1 - p'), and 1 where p' reaches 1 (else 0). */
    private record Shifted(INDArray u, INDArray logOneMinus, INDArray reachesOne) implements AutoCloseable {
        @Override
        public void close() {
            Nd4jTerm.close(u, logOneMinus, reachesOne);
        }
    }

    private static Shifted shift(ElementTerm t, INDArray u, INDArray logOneMinus) {
        if (!t.shifts()) {
            return new Shifted(u.dup(), logOneMinus.dup(), null);
        }
        INDArray q = Transforms.exp(logOneMinus, true).subi(t.clip()); // 1 - p'
        INDArray reaches;
        try (INDArray le = q.lte(0.0)) {
            reaches = le.castTo(DataType.FLOAT);
        }
        Transforms.max(q, Float.MIN_NORMAL, false); // the log of the rest stays finite; reachesOne zeroes them
        INDArray shiftedU;
        try (INDArray minusQ = q.neg()) {
            shiftedU = Nd4jEngine.log1p(minusQ).negi();
        }
        return new Shifted(shiftedU, Transforms.log(q, false), reaches);
    }

    /** The value of any term at elements of weight α. */
    static INDArray value(ElementTerm t, INDArray alpha, INDArray u, INDArray logOneMinus) {
        if (!t.shifts() && !t.floors()) {
            try (INDArray alphaU = alpha.mul(u)) {
                return value(t, alphaU, logOneMinus);
            }
        }
        try (Shifted s = shift(t, u, logOneMinus)) {
            INDArray v = t.floors() ? Transforms.min(s.u(), t.uCeiling(), true) : s.u().dup();
            v.muli(alpha);
            if (t.adds()) {
                try (INDArray oneMinus = Transforms.exp(s.logOneMinus(), true)) {
                    v.addi(oneMinus.muli(t.epsilon()));
                }
            }
            INDArray g = gammas(t, logOneMinus);
            try (INDArray m = modulation(t, g, s.logOneMinus())) {
                v.muli(m);
            } finally {
                close(g);
            }
            if (s.reachesOne() != null) {
                try (INDArray keep = s.reachesOne().rsub(1.0)) {
                    v.muli(keep);
                }
            }
            return v;
        }
    }

    /**
     * {@code dl / d log p_t} at elements of weight α:
     * {@code -p_t [α (γ m r + [not capped] m / p') + ε (γ+1) m]}, {@code r = -log p' / (1 - p')} (1 where
     * p' = 1), {@code m = (1 - p')^γ}; 0 where a shift reaches 1.
     */
    static INDArray slope(ElementTerm t, INDArray alpha, INDArray u, INDArray logOneMinus) {
        try (Shifted s = shift(t, u, logOneMinus);
             INDArray pt = Transforms.exp(u.neg(), false);
             INDArray q = Transforms.exp(s.logOneMinus(), true)) {
            INDArray g = gammas(t, logOneMinus);
            try (INDArray m = modulation(t, g, s.logOneMinus());
                 INDArray capped = t.floors() ? Transforms.min(s.u(), t.uCeiling(), true) : s.u().dup();
                 INDArray r = capped.div(q)) {
                // r = 1 where 1 - p' = 0 (u is 0 there too, and the division gave NaN or infinity)
                BooleanIndexing.replaceWhere(r, 1.0, Conditions.isNan());
                BooleanIndexing.replaceWhere(r, 1.0, Conditions.isInfinite());
                INDArray inner = m.dup(); // m p_t / p', which is m without a shift
                if (t.shifts()) {
                    try (INDArray shifted = q.rsub(1.0)) { // p'
                        inner.muli(pt).divi(shifted);
                    }
                }
                if (t.floors()) {
                    try (INDArray over = s.u().gt(t.uCeiling()); INDArray cappedHere = over.castTo(DataType.FLOAT);
                         INDArray notCapped = cappedHere.rsub(1.0)) {
                        inner.muli(notCapped);
                    }
                }
                INDArray slope;
                if (t.unmodulated()) {
                    slope = inner.muli(alpha);
                } else {
                    try (INDArray focusing = r.mul(m).muli(pt)) {
                        if (g == null) {
                            focusing.muli(t.gamma());
                        } else {
                            focusing.muli(g);
                        }
                        slope = inner.addi(focusing).muli(alpha);
                    }
                }
                if (t.adds()) {
                    try (INDArray added = m.mul(pt)) {
                        if (g == null) {
                            added.muli(t.gamma() + 1);
                        } else {
                            try (INDArray g1 = g.add(1.0)) {
                                added.muli(g1);
                            }
                        }
                        slope.addi(added.muli(t.epsilon()));
                    }
                }
                slope.negi();
                if (s.reachesOne() != null) {
                    try (INDArray keep = s.reachesOne().rsub(1.0)) {
                        slope.muli(keep);
                    }
                }
                return slope;
            } finally {
                close(g);
            }
        }
    }

    static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed()) {
                a.close();
            }
        }
    }
}
