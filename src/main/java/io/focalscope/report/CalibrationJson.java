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
 * {@code afterTemperature} ("exact": the bins at T of every pixel, one batch's carried to T from its last pass; "none": no T was fitted, see {@code temperatureNote}; "nll only": a
 * dataset's without its second pass, with {@code afterTemperatureNote}
 * saying why) and {@code temperatureNote}. A figure that
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
        boolean fitted = !Double.isNaN(c.temperature());
        json.put("afterTemperature", !fitted ? "none" : c.afterTemperatureExact() ? "exact" : "nll only");
        if (fitted && !c.afterTemperatureExact()) {
            json.put("afterTemperatureNote", Calibration.AFTER_NEEDS_PASS);
        }
        json.put("temperatureNote", c.temperatureNote());
        return json;
    }

    private static List<Map<String, Object>> bins(List<Reliability.Bin> bins) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Reliability.Bin b : bins) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lo", b.lo());
            row.put("hi", b.hi());
            row.put("count", (long) b.count());
            row.put("confidence", b.confidence());
            row.put("accuracy", b.accuracy());
            rows.add(row);
        }
        return rows;
    }

    /**
     * The figures back from the key (a scan's summary opened in the window).
     *
     * @throws RuntimeException of Gson's for a value of the wrong type, which the summary's reader reports
     */
    static Calibration read(com.google.gson.JsonObject c) {
        com.google.gson.JsonArray perClass = c.getAsJsonArray("perClassEce");
        double[] perClassEce = new double[perClass.size()];
        for (int k = 0; k < perClassEce.length; k++) {
            perClassEce[k] = number(perClass.get(k));
        }
        com.google.gson.JsonElement after = c.get("reliabilityAfterTemperature");
        return new Calibration(c.get("bins").getAsInt(), c.get("pixels").getAsLong(), number(c.get("accuracy")),
                number(c.get("meanConfidence")), number(c.get("ece")), number(c.get("mce")), number(c.get("adaptiveEce")),
                number(c.get("classwiseEce")), perClassEce, bins(c.getAsJsonArray("reliability")), number(c.get("temperature")),
                number(c.get("nll")), number(c.get("nllAfterTemperature")), number(c.get("eceAfterTemperature")),
                after == null || after.isJsonNull() ? null : bins(after.getAsJsonArray()),
                "exact".equals(c.get("afterTemperature").getAsString()),
                c.get("temperatureNote").isJsonNull() ? null : c.get("temperatureNote").getAsString(), c.get("meaning").getAsString());
    }

    private static List<Reliability.Bin> bins(com.google.gson.JsonArray rows) {
        List<Reliability.Bin> bins = new ArrayList<>();
        for (com.google.gson.JsonElement e : rows) {
            com.google.gson.JsonObject row = e.getAsJsonObject();
            bins.add(new Reliability.Bin(row.get("lo").getAsDouble(), row.get("hi").getAsDouble(), row.get("count").getAsDouble(),
                    row.get("confidence").isJsonNull() ? null : row.get("confidence").getAsDouble(),
                    row.get("accuracy").isJsonNull() ? null : row.get("accuracy").getAsDouble()));
        }
        return bins;
    }

    private static double number(com.google.gson.JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
