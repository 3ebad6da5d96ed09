package io.focalscope.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round tick values for a colorbar: 1-2-5 steps on a linear scale, powers of ten on a log scale. */
public final class Ticks {

    private Ticks() {
    }

    public static List<Double> of(double lo, double hi, Scale scale, int about) {
        List<Double> ticks = new ArrayList<>();
        if (!(hi > lo)) {
            ticks.add(lo);
            return ticks;
        }
        if (scale == Scale.LOG) {
            // every decade, or every second or third where more would crowd the bar (twice `about` at most)
            double first = Math.floor(Math.log10(lo));
            double last = Math.ceil(Math.log10(hi));
            int step = (int) Math.max(1, Math.ceil((last - first + 1) / (2.0 * Math.max(1, about))));
            for (double e = Math.ceil(first / step) * step; e <= last; e += step) {
                double v = Math.pow(10, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    ticks.add(v);
                }
            }
            if (ticks.size() >= 3) {
                return ticks;
            }
            // two decades or less: 1, 2 and 5 in each (a range of 2 ... 92 had only its ends labelled)
            List<Double> finer = within(lo, hi, first, last, new double[] {1, 2, 5});
            if (finer.size() > 2 * Math.max(1, about)) {
                finer = within(lo, hi, first, last, new double[] {1, 5});
            }
            if (finer.size() >= 2 && finer.size() <= 2 * Math.max(2, about)) {
                return finer;
            }
            if (ticks.size() >= 2) {
                return ticks;
            }
            ticks.clear();
            ticks.add(lo);
            ticks.add(hi);
            return ticks;
        }
        double raw = (hi - lo) / Math.max(1, about);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return ticks;
    }

    /**
     * The ticks whose {@link #label} differs from the one before: a range narrower than the labels'
     * digits (γ 3.7 everywhere, a range of 3.6999998 ... 3.7000002) is labelled once, not seven times.
     */
    public static List<Double> distinctLabels(List<Double> ticks) {
        List<Double> out = new ArrayList<>();
        String previous = null;
        for (double t : ticks) {
            String label = label(t);
            if (!label.equals(previous)) {
                out.add(t);
            }
            previous = label;
        }
        return out;
    }

    /** The multiples {@code m} x 10^e in [lo, hi], e from {@code first} to {@code last}. */
    private static List<Double> within(double lo, double hi, double first, double last, double[] multiples) {
        List<Double> out = new ArrayList<>();
        for (double e = first; e <= last; e++) {
            for (double m : multiples) {
                double v = m * Math.pow(10, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** {@code v} with four significant digits in scientific notation, its exponent short: {@code 8.101e-4}, {@code 1.234e6}. */
    public static String scientific(double v) {
        return String.format(Locale.ROOT, "%.3e", v).replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    /** A short label: up to 3 significant digits, scientific for very small or large values. */
    public static String label(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        if (a >= 999.5) {
            return String.format(Locale.ROOT, "%.0f", v); // %.3g would write 1.00e+03
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
