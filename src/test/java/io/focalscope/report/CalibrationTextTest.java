package io.focalscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonParser;
import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration's text and JSON for each temperature case, and bins with nothing in them. */
class CalibrationTextTest {

    private static final List<Reliability.Bin> BINS = List.of(new Reliability.Bin(0, 0.5, 0, null, null),
            new Reliability.Bin(0.5, 1, 8, 0.75, 0.625));

    /** Two bins, the first empty, and a temperature: NaN for none (then {@code note} says why). */
    static Calibration calibration(double temperature, boolean exact, String note, List<Reliability.Bin> after) {
        return new Calibration(2, 8, 0.625, 0.75, 0.125, 0.125, 0.1, 0.2, new double[] {0.2, 0.2}, BINS, temperature, 0.9, 0.8, 0.05,
                after, exact, note, Calibration.SOFTMAX);
    }

    private static final String HEAD = "\ncalibration (" + Calibration.SOFTMAX + ", 2 bins)\n"
            + "  accuracy 0.6250   mean confidence 0.7500\n"
            + "  ECE 0.1250   MCE 0.1250   adaptive ECE 0.1000   classwise ECE 0.2000\n";
    private static final String TABLE = "  bin                 pixels  confidence  accuracy\n"
            + "  [0.000,0.500)            0           -         -\n"
            + "  [0.500,1.000]            8      0.7500    0.6250\n";

    @Test
    void eachTemperatureCaseHasItsLine() {
        assertEquals(HEAD + "  temperature 1.5000: NLL 0.9000 -> 0.8000, ECE 0.1250 -> 0.0500\n" + TABLE,
                CalibrationText.format(calibration(1.5, true, null, BINS)));
        assertEquals(HEAD + "  temperature 1.5000: NLL 0.9000 -> 0.8000 (" + Calibration.AFTER_NEEDS_PASS + ")\n" + TABLE,
                CalibrationText.format(calibration(1.5, false, null, null)));
        assertEquals(HEAD + "  temperature: none (every pixel is right); NLL 0.9000\n" + TABLE,
                CalibrationText.format(calibration(Double.NaN, false, "every pixel is right", null)));
    }

    /** The JSON read back gives the same figures, an empty bin's nulls and a missing "after" included. */
    @Test
    void theJsonReadsBackAsItWasWritten() {
        for (Calibration c : List.of(calibration(1.5, true, null, BINS), calibration(Double.NaN, false, "every pixel is right", null))) {
            String json = ReportJson.write(CalibrationJson.of(c));
            Calibration back = CalibrationJson.read(JsonParser.parseString(json).getAsJsonObject());
            assertEquals(CalibrationText.format(c), CalibrationText.format(back));
            assertEquals(c.afterTemperatureExact(), back.afterTemperatureExact());
            assertEquals(c.reliabilityAfterTemperature() == null, back.reliabilityAfterTemperature() == null);
            assertNull(back.reliability().get(0).confidence());
        }
    }
}
