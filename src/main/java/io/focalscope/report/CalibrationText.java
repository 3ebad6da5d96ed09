package io.focalscope.report;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import java.util.Locale;

/** The calibration figures for a terminal: the ECEs, the temperature, and the reliability bins as a table. */
public final class CalibrationText {

    private CalibrationText() {
    }

    public static String format(Calibration c) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%ncalibration (%s, %s)%n", c.meaning(), Plural.of(c.bins(), "bin")));
        s.append(String.format(Locale.ROOT, "  accuracy %.4f   mean confidence %.4f%n", c.accuracy(), c.meanConfidence()));
        s.append(String.format(Locale.ROOT, "  ECE %.4f   MCE %.4f   adaptive ECE %.4f   classwise ECE %.4f%n", c.ece(), c.mce(),
                c.adaptiveEce(), c.classwiseEce()));
        if (Double.isNaN(c.temperature())) {
            s.append(String.format(Locale.ROOT, "  temperature: none (%s); NLL %.4f%n", c.temperatureNote(), c.nll()));
        } else {
            s.append(c.afterTemperatureExact()
                    ? String.format(Locale.ROOT, "  temperature %.4f: NLL %.4f -> %.4f, ECE %.4f -> %.4f%n", c.temperature(), c.nll(),
                    c.nllAfterTemperature(), c.ece(), c.eceAfterTemperature())
                    : String.format(Locale.ROOT, "  temperature %.4f: NLL %.4f -> %.4f (%s)%n", c.temperature(), c.nll(),
                    c.nllAfterTemperature(), Calibration.AFTER_NEEDS_PASS));
        }
        s.append(String.format(Locale.ROOT, "  %-13s %12s %11s %9s%n", "bin", "pixels", "confidence", "accuracy"));
        for (Reliability.Bin b : c.reliability()) {
            s.append(String.format(Locale.ROOT, "  [%.3f,%.3f%s %12.0f %11s %9s%n", b.lo(), b.hi(), b.hi() >= 1 ? "]" : ")", b.count(),
                    b.confidence() == null ? "-" : String.format(Locale.ROOT, "%.4f", b.confidence()),
                    b.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", b.accuracy())));
        }
        return s.toString();
    }
}
