package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;

import io.focalscope.loss.ElementTerm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * An {@link ElementTerm} on vector lanes, in float: its value and its slope {@code dl / d log p_t}
 * from an element's {@code u = -log p_t} and {@code log(1 - p_t)}, as {@link ElementTerm} defines
 * them in double (and tests hold them to it). What a term does not use (a pick of γ, a shift, a cap,
 * an added part) costs nothing: the tests of its flags are the same for every block.
 */
final class VectorTerm {

    private final boolean picks;
    private final boolean shifts;
    private final boolean floors;
    private final boolean adds;
    /** γ is 0 wherever the term applies ({@link ElementTerm#unmodulated}). */
    private final boolean unmodulated;
    private final float gamma;
    private final float gammaBelow;
    private final float lmThreshold;
    private final float clip;
    private final float epsilon;
    private final float uCeiling;

    VectorTerm(ElementTerm t) {
        picks = t.picksGamma();
        shifts = t.shifts();
        floors = t.floors();
        adds = t.adds();
        unmodulated = t.unmodulated();
        gamma = (float) t.gamma();
        gammaBelow = (float) t.gammaBelow();
        lmThreshold = (float) t.logOneMinusThreshold();
        clip = (float) t.clip();
        epsilon = (float) t.epsilon();
        uCeiling = (float) t.uCeiling();
    }

    /** Whether the term reads u itself, not only α u (a shift or a cap of -log p'). */
    boolean needsU() {
        return shifts || floors;
    }

    /** γ per lane: the term's, or where it picks by p_t, {@code gammaBelow} where p_t is below the threshold. */
    private FloatVector gammaLanes(FloatVector logOneMinus) {
        FloatVector g = FloatVector.broadcast(F, gamma);
        return picks ? g.blend(gammaBelow, logOneMinus.compare(VectorOperators.GT, lmThreshold)) : g;
    }

    /**
     * {@code (1 - p)^γ} as {@code exp(γ log(1 - p))}, 1 where γ is 0 (also where the log is -∞). For a
     * term's value, 0 below float's normal range (1.2e-38), where a value is below any sum's
     * rounding: the subnormal steps made the sigmoid's loop over every element more than the JIT
     * inlines (re-γ 230 ms instead of 114 at 19 x 1024 x 2048); the slope, which multiplies it by
     * large factors, keeps them.
     */
    private FloatVector modulation(FloatVector g, FloatVector shiftedLog, boolean flushed) {
        if (unmodulated) {
            return FloatVector.broadcast(F, 1f);
        }
        FloatVector x = g.mul(shiftedLog);
        return flushed ? VectorLanes.expFlushed(x) : VectorLanes.exp(x);
    }

    /**
     * The value of a term that neither shifts nor caps, from {@code α u} (which the caller keeps
     * weighed) and {@code log(1 - p_t)}: {@code (1 - p_t)^γ (α u + ε (1 - p_t))}.
     */
    FloatVector value(FloatVector alphaU, FloatVector logOneMinus) {
        FloatVector m = modulation(gammaLanes(logOneMinus), logOneMinus, true);
        FloatVector v = adds ? VectorLanes.exp(logOneMinus).mul(epsilon).add(alphaU) : alphaU;
        return unmodulated ? v : m.mul(v);
    }

    /** {@link #value(FloatVector, FloatVector)} one element at a time, the same bits ({@link ScalarPasses}). */
    float value(float alphaU, float logOneMinus) {
        float g = picks && logOneMinus > lmThreshold ? gammaBelow : gamma;
        float m = unmodulated ? 1f : ScalarFloats.expFlushed(g * logOneMinus);
        float v = adds ? ScalarFloats.exp(logOneMinus) * epsilon + alphaU : alphaU;
        return unmodulated ? v : m * v;
    }

    /** The value of any term at elements of weight α. */
    FloatVector value(FloatVector alpha, FloatVector u, FloatVector logOneMinus) {
        if (!needsU()) {
            return value(alpha.mul(u), logOneMinus);
        }
        FloatVector shiftedLog = logOneMinus;
        FloatVector shiftedU = u;
        VectorMask<Float> reachesOne = null;
        if (shifts) {
            FloatVector q = VectorLanes.exp(logOneMinus).sub(clip); // 1 - p'
            reachesOne = q.compare(VectorOperators.LE, 0f);
            shiftedLog = VectorLanes.logAnywhere(q);
            shiftedU = VectorLanes.log1p(q.neg()).neg();
        }
        FloatVector capped = floors ? shiftedU.min(uCeiling) : shiftedU;
        FloatVector m = modulation(gammaLanes(logOneMinus), shiftedLog, true);
        FloatVector v = alpha.mul(capped);
        if (adds) {
            v = VectorLanes.exp(shiftedLog).mul(epsilon).add(v);
        }
        v = m.mul(v);
        return reachesOne == null ? v : v.blend(0f, reachesOne);
    }

    /**
     * {@code dl / d log p_t} at elements of weight α:
     * {@code -p_t [α (γ m r + [not capped] m / p') + ε (γ+1) m]}, {@code r = -log p' / (1 - p')} (1 where p' = 1),
     * {@code m = (1 - p')^γ}; 0 where a shift reaches 1.
     */
    FloatVector slope(FloatVector alpha, FloatVector u, FloatVector logOneMinus) {
        FloatVector pt = VectorLanes.exp(u.neg());
        FloatVector shiftedLog = logOneMinus;
        FloatVector q = VectorLanes.exp(logOneMinus); // 1 - p'
        FloatVector shiftedU = u;
        FloatVector ptOverShifted = FloatVector.broadcast(F, 1f);
        VectorMask<Float> reachesOne = null;
        if (shifts) {
            q = q.sub(clip);
            reachesOne = q.compare(VectorOperators.LE, 0f);
            shiftedLog = VectorLanes.logAnywhere(q);
            shiftedU = VectorLanes.log1p(q.neg()).neg();
            ptOverShifted = pt.div(q.neg().add(1f));
        }
        FloatVector cappedU = floors ? shiftedU.min(uCeiling) : shiftedU;
        FloatVector g = gammaLanes(logOneMinus);
        FloatVector m = modulation(g, shiftedLog, false);
        FloatVector r = cappedU.div(q).blend(1f, q.compare(VectorOperators.LE, 0f));
        FloatVector inner = m.mul(ptOverShifted);
        if (floors) {
            inner = inner.blend(0f, shiftedU.compare(VectorOperators.GT, uCeiling));
        }
        FloatVector weighted = unmodulated ? inner : g.mul(m).mul(r).mul(pt).add(inner);
        FloatVector slope = alpha.mul(weighted);
        if (adds) {
            slope = g.add(1f).mul(m).mul(pt).mul(epsilon).add(slope);
        }
        slope = slope.neg();
        return reachesOne == null ? slope : slope.blend(0f, reachesOne);
    }
}
