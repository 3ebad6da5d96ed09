package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.SegmentationBatch;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against a float64 reference of the definitions written with numpy alone
 * (tools/make_calibration_reference.py), image by image: the tolerances are 3e-4 for the
 * ECEs, 0.2 % for bin counts and 1e-3 relative for the temperature; these hold far tighter (bin
 * counts exactly: no confidence here lies within float's error of an edge).
 */
class CalibrationGoldenTest {

    static final Path CASES = Path.of("src/test/resources/calibration");

    /**
     * One batch in memory (compute, the window): plain float passes whether or not the JVM has the
     * Vector API, so within 1e-6 (float sums), the adaptive ECE exact, the temperature from steps on
     * the batch's pixels within 1e-5 (the last step's cubic model leaves about 1e-6).
     */
    @ParameterizedTest
    @CsvSource({"over", "under", "saturated"})
    void oneBatchMatchesTheFloat64Reference(String name) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("images").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration c = CalibrationPass.batch(b, 255, 15);
        assertFigures(want, c, 1e-6, 1e-6);
        assertEquals(want.get("temperature").getAsDouble(), c.temperature(), 1e-5 * c.temperature());
    }

    /**
     * A dataset's image, as a scan sums it: the bins from the plain float pass at T = 1 (within 1e-6),
     * the temperature from the profile pass these cases need (their least lies beyond 5 % of T = 1),
     * in float vectors where the Vector API is and in double without it (a Spark executor); the
     * adaptive ECE from the fine histogram.
     */
    @ParameterizedTest
    @CsvSource({"over, false", "under, false", "saturated, false", "over, true", "under, true", "saturated, true"})
    void anImagesSumsMatchTheFloat64Reference(String name, boolean scalar) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("images").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        CalibrationSums sums = CalibrationSums.of(b, 255, 15);
        assertTrue(sums.needsProfile(), "T = " + want.get("temperature") + " needs the profile pass");
        Calibration c = onPath(scalar, () -> CalibrationPass.figures(b, 255, sums));
        assertFigures(want, c, 1e-6, 2e-5);
    }

    /**
     * Temperatures outside the 1/8 .. 64 of the profile: one batch in memory finds them over its
     * pixels (steps from T = 1), against the reference's Newton in float64; an image's or a dataset's
     * sums (the profile, both paths) say on which side the least lies.
     */
    @ParameterizedTest
    @CsvSource({"sharper, false, -1", "flatter, false, 1", "sharper, true, -1", "flatter, true, 1"})
    void oneBatchFindsATemperatureOutsideTheProfilesRange(String name, boolean scalar, int side) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("beyond").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration inMemory = CalibrationPass.batch(b, 255, 15);
        assertFigures(want, inMemory, 1e-6, 1e-6);
        assertEquals(want.get("temperature").getAsDouble(), inMemory.temperature(), 1e-5 * inMemory.temperature());
        Calibration merged = onPath(scalar, () -> CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15)));
        assertEquals(want.get("ece").getAsDouble(), merged.ece(), 1e-6);
        assertEquals(Double.NaN, merged.temperature());
        assertEquals(side < 0 ? "the NLL still falls at a temperature of 1/8: its least lies below, outside the profile's range"
                + " (1/8 to 64)" : "the NLL is least at a temperature above 64, outside the profile's range (1/8 to 64)",
                merged.temperatureNote());
    }

    /**
     * Confidences that rise across the columns within one 0.1 % bucket of the fine histogram, right on
     * the left half and wrong on the right: a group's accuracy is 1 or 0 by the pixels' order alone.
     * Shared in proportion, as the histogram alone would, the adaptive ECE came out 0.2111.
     */
    @org.junit.jupiter.api.Test
    void oneBatchsAdaptiveEceFollowsThePixelsOrderWithinABucket() throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("adaptive").getAsJsonObject("ramp");
        SegmentationBatch b = BatchLoader.load(CASES.resolve("ramp_logits.npy").toString(), CASES.resolve("ramp_labels.npy").toString());
        Calibration c = CalibrationPass.batch(b, 255, 15);
        assertEquals(want.get("adaptiveEce").getAsDouble(), c.adaptiveEce(), 1e-6);
        assertEquals(want.get("ece").getAsDouble(), c.ece(), 1e-6);
    }

    static <T> T onPath(boolean scalar, java.util.function.Supplier<T> run) {
        CalibrationPass.scalarOnly = scalar;
        try {
            return run.get();
        } finally {
            CalibrationPass.scalarOnly = false;
        }
    }

    @ParameterizedTest
    @CsvSource({"sigmoid_index, false", "sigmoid_binary, false", "sigmoid_index, true", "sigmoid_binary, true"})
    void sigmoidInTheBinaryMeaningMatchesTheFloat64Reference(String name, boolean scalar) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("sigmoid").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration c = onPath(scalar, () -> CalibrationPass.figures(b, 255, SigmoidCalibration.of(b, 255, 15)));
        assertFigures(want, c, scalar ? 1e-12 : 1e-6, 2e-5); // sigmoid's adaptive ECE: from the fine histogram
        assertEquals(Calibration.SIGMOID, c.meaning());
        assertEquals(b.classes(), c.perClassEce().length);
    }

    /**
     * @param tolerance of the figures that are exact sums of the pixels' (T has its own)
     * @param adaptive  of the adaptive ECE: exact for one softmax batch, from the fine histogram otherwise
     */
    static void assertFigures(JsonObject want, Calibration c, double tolerance, double adaptive) {
        assertEquals(want.get("pixels").getAsLong(), c.pixels());
        assertEquals(want.get("ece").getAsDouble(), c.ece(), tolerance, "ece");
        assertEquals(want.get("mce").getAsDouble(), c.mce(), tolerance, "mce");
        assertEquals(want.get("classwiseEce").getAsDouble(), c.classwiseEce(), tolerance, "classwiseEce");
        assertEquals(want.get("adaptiveEce").getAsDouble(), c.adaptiveEce(), adaptive, "adaptiveEce");
        assertEquals(want.get("accuracy").getAsDouble(), c.accuracy(), tolerance, "accuracy");
        assertEquals(want.get("meanConfidence").getAsDouble(), c.meanConfidence(), tolerance, "meanConfidence");
        assertEquals(want.get("nll").getAsDouble(), c.nll(), Math.max(tolerance, 1e-10), "nll");
        double t = want.get("temperature").getAsDouble();
        assertEquals(t, c.temperature(), 2e-5 * t, "temperature");
        assertEquals(want.get("nllAfterTemperature").getAsDouble(), c.nllAfterTemperature(), Math.max(tolerance, 1e-8), "nllAfterTemperature");
        assertEquals(want.get("eceAfterTemperature").getAsDouble(), c.eceAfterTemperature(), 1e-6,
                "eceAfterTemperature");
        JsonArray rows = want.getAsJsonArray("reliability");
        assertEquals(rows.size(), c.reliability().size());
        for (int b = 0; b < rows.size(); b++) {
            JsonObject row = rows.get(b).getAsJsonObject();
            Reliability.Bin bin = c.reliability().get(b);
            assertEquals(row.get("count").getAsDouble(), bin.count(), "count of bin " + b);
            if (row.get("confidence").isJsonNull()) {
                assertTrue(bin.confidence() == null && bin.accuracy() == null, "bin " + b + " is empty");
            } else {
                assertEquals(row.get("confidence").getAsDouble(), bin.confidence(), tolerance, "confidence of bin " + b);
                assertEquals(row.get("accuracy").getAsDouble(), bin.accuracy(), tolerance, "accuracy of bin " + b);
            }
        }
    }
}
