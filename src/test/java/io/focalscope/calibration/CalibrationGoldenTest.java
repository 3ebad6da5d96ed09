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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a float64 reference of the definitions written with numpy alone
 * (tools/make_calibration_reference.py), image by image: the tolerances are 3e-4 for the
 * ECEs, 0.2 % for bin counts and 1e-3 relative for the temperature; these hold far tighter.
 */
class CalibrationGoldenTest {

    static final Path CASES = Path.of("src/test/resources/calibration");

    @ParameterizedTest
    @ValueSource(strings = {"over", "under", "saturated"})
    void oneBatchMatchesTheFloat64Reference(String name) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("images").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration c = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        assertFigures(want, c, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigmoid_index", "sigmoid_binary"})
    void sigmoidInTheBinaryMeaningMatchesTheFloat64Reference(String name) throws Exception {
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("sigmoid").getAsJsonObject(name);
        SegmentationBatch b = BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
        Calibration c = CalibrationPass.figures(b, 255, SigmoidCalibration.of(b, 255, 15));
        assertFigures(want, c, true);
        assertEquals(Calibration.SIGMOID, c.meaning());
        assertEquals(b.classes(), c.perClassEce().length);
    }

    static void assertFigures(JsonObject want, Calibration c, boolean exactAfter) {
        assertEquals(want.get("pixels").getAsLong(), c.pixels());
        assertEquals(want.get("ece").getAsDouble(), c.ece(), 1e-12, "ece");
        assertEquals(want.get("mce").getAsDouble(), c.mce(), 1e-12, "mce");
        assertEquals(want.get("classwiseEce").getAsDouble(), c.classwiseEce(), 1e-12, "classwiseEce");
        assertEquals(want.get("adaptiveEce").getAsDouble(), c.adaptiveEce(), 2e-5, "adaptiveEce");
        assertEquals(want.get("accuracy").getAsDouble(), c.accuracy(), 1e-12, "accuracy");
        assertEquals(want.get("meanConfidence").getAsDouble(), c.meanConfidence(), 1e-12, "meanConfidence");
        assertEquals(want.get("nll").getAsDouble(), c.nll(), 1e-10, "nll");
        double t = want.get("temperature").getAsDouble();
        assertEquals(t, c.temperature(), 2e-5 * t, "temperature");
        assertEquals(want.get("nllAfterTemperature").getAsDouble(), c.nllAfterTemperature(), 1e-8, "nllAfterTemperature");
        assertEquals(want.get("eceAfterTemperature").getAsDouble(), c.eceAfterTemperature(), exactAfter ? 1e-6 : 3e-3,
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
                assertEquals(row.get("confidence").getAsDouble(), bin.confidence(), 1e-12, "confidence of bin " + b);
                assertEquals(row.get("accuracy").getAsDouble(), bin.accuracy(), 1e-12, "accuracy of bin " + b);
            }
        }
    }
}
