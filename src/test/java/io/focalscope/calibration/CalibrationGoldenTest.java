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
     * Both paths: the float vectors where the Vector API is (within 1e-6: float sums), and the double
     * scalar path of a JVM without it (a Spark executor), within 1e-12.
     */
    @ParameterizedTest
    @CsvSource({"over, false", "under, false", "saturated, false", "over, true", "under, true", "saturated, true"})
    void oneBatchMatchesTheFloat64Reference(String name, boolean scalar) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("images").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration c = onPath(scalar, () -> CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15)));
        assertFigures(want, c, scalar ? 1e-12 : 1e-6);
    }

    static Calibration onPath(boolean scalar, java.util.function.Supplier<Calibration> run) {
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
        assertFigures(want, c, scalar ? 1e-12 : 1e-6);
        assertEquals(Calibration.SIGMOID, c.meaning());
        assertEquals(b.classes(), c.perClassEce().length);
    }

    /** @param tolerance of the figures that are exact sums of the pixels' (the adaptive ECE and T have their own) */
    static void assertFigures(JsonObject want, Calibration c, double tolerance) {
        assertEquals(want.get("pixels").getAsLong(), c.pixels());
        assertEquals(want.get("ece").getAsDouble(), c.ece(), tolerance, "ece");
        assertEquals(want.get("mce").getAsDouble(), c.mce(), tolerance, "mce");
        assertEquals(want.get("classwiseEce").getAsDouble(), c.classwiseEce(), tolerance, "classwiseEce");
        assertEquals(want.get("adaptiveEce").getAsDouble(), c.adaptiveEce(), 2e-5, "adaptiveEce");
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
