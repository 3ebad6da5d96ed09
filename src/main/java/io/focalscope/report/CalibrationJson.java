package io.focalscope.report;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key {@code calibration} of {@code compute --calibration} and {@code scan --calibration}:
 * {@code meaning}, {@code bins}, {@code pixels}, {@code accuracy}, {@code meanConfidence}, {@code ece},
 * {@code mce}, {@code adaptiveEce}, {@code classwiseEce}, {@code perClassEce}, {@code reliability}
 * [{lo, hi, count, confidence, accuracy}], {@code temperature}, {@code nll},
 * {@code nllAfterTemperature}, {@code eceAfterTemperature}, {@code reliabilityAfterTemperature},
 * {@code afterTemperature} ("exact" or "interpolated") and {@code temperatureNote}. A figure that
 * does not exist (an empty bin's, a temperature outside the range fitted) is null.
 */
public final class CalibrationJson {

    private CalibrationJson() {
    }

    public static Map<String, Object> of(Calibration c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meaning", c.meaning());
        json.put("bins", c.bins());
        json.put("pixels", c.pixels());
        json.put("accuracy", finite(c.accuracy()));
        json.put("meanConfidence", finite(c.meanConfidence()));
        json.put("ece", finite(c.ece()));
        json.put("mce", finite(c.mce()));
        json.put("adaptiveEce", finite(c.adaptiveEce()));
        json.put("classwiseEce", finite(c.classwiseEce()));
        List<Double> perClass = new ArrayList<>();
        for (double e : c.perClassEce()) {
            perClass.add(finite(e));
        }
        json.put("perClassEce", perClass);
        json.put("reliability", bins(c.reliability()));
        json.put("temperature", finite(c.temperature()));
        json.put("nll", finite(c.nll()));
        json.put("nllAfterTemperature", finite(c.nllAfterTemperature()));
        json.put("eceAfterTemperature", finite(c.eceAfterTemperature()));
        json.put("reliabilityAfterTemperature", c.reliabilityAfterTemperature() == null ? null : bins(c.reliabilityAfterTemperature()));
        json.put("afterTemperature", c.afterTemperatureExact() ? "exact" : "interpolated");
        json.put("temperatureNote", c.temperatureNote());
        return json;
    }

    private static List<Map<String, Object>> bins(List<Reliability.Bin> bins) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Reliability.Bin b : bins) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lo", b.lo());
            row.put("hi", b.hi());
            // whole pixels, but for the interpolated bins after a dataset's temperature
            row.put("count", b.count() == Math.rint(b.count()) ? (Object) (long) b.count() : (Object) b.count());
            row.put("confidence", b.confidence());
            row.put("accuracy", b.accuracy());
            rows.add(row);
        }
        return rows;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
