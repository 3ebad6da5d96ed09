package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code focalscope dynamics}: its JSON against the float64 reference, the CSV, the maps, and the refusals in one line each. */
class DynamicsCommandTest {

    static final Path CASES = Path.of("src/test/resources/dynamics");
    static final String RUN = CASES.resolve("run").toString();
    static final String LABELS = CASES.resolve("run/labels").toString();

    @TempDir
    Path tmp;

    @Test
    void theJsonHasTheIssuesKeysAndTheReferenceFigures() {
        CliRun r = CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--weights", "enet", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("epochs", "images", "failed", "incomplete", "classes", "pixels", "ignored", "classWeights", "confidence",
                "variability", "correctness", "forgetting", "hardPixels", "lossByEpoch", "perClass", "perImage", "hardThresholds", "gamma",
                "ignoreIndex", "reduction", "weights", "backend", "warnings", "lossTerm"), List.copyOf(j.keySet()));
        JsonObject want = TestFiles.json(CASES.resolve("expected.json"));
        assertEquals(want.get("epochs"), j.get("epochs"));
        JsonObject car = j.getAsJsonArray("perImage").get(0).getAsJsonObject();
        assertEquals(List.of("name", "labels", "logits", "size", "pixels", "ignored", "confidence", "variability", "correctness",
                "forgetting", "hardPixels", "lossByEpoch"), List.copyOf(car.keySet()));
        assertEquals("car", car.get("name").getAsString());
        assertEquals(11, car.getAsJsonArray("logits").size());
        assertEquals(CASES.resolve("run/epoch_10/car.npy").toString(), car.getAsJsonArray("logits").get(9).getAsString());
        JsonObject wantCar = want.getAsJsonObject("images").getAsJsonObject("car");
        assertEquals(wantCar.get("confidence").getAsDouble(), car.get("confidence").getAsDouble(), 1e-6);
        assertEquals(20, car.get("hardPixels").getAsInt());
        double last = wantCar.getAsJsonObject("lossByEpoch").getAsJsonArray("enet").get(10).getAsDouble();
        assertEquals(last, car.getAsJsonArray("lossByEpoch").get(10).getAsDouble(), 2e-5 * last);
        assertEquals(want.getAsJsonObject("dataset").get("variability").getAsDouble(), j.get("variability").getAsDouble(), 1e-6);
        assertEquals(5, j.getAsJsonArray("perClass").size());
        assertEquals(0.25, j.getAsJsonObject("hardThresholds").get("confidence").getAsDouble());
    }

    /**
     * In a JVM without the Vector API's module (a Spark executor may be one): the per-pixel history's
     * one-pixel update, and the engine that needs no module, give the reference figures.
     */
    @Test
    void withoutTheVectorApiTheRunGivesTheSameFigures() throws Exception {
        Path output = tmp.resolve("child.json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.focalscope.cli.FocalscopeCli", "dynamics", RUN, "--labels-dir", LABELS,
                "--json", output.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("child.txt").toFile()).start();
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(tmp.resolve("child.txt")));
        JsonObject j = JsonParser.parseString(java.nio.file.Files.readString(output)).getAsJsonObject();
        assertTrue(j.get("backend").getAsString().contains("nd4j") || j.get("backend").getAsString().contains("ND4J"),
                j.get("backend").getAsString());
        JsonObject want = TestFiles.json(CASES.resolve("expected.json"));
        for (var e : j.getAsJsonArray("perImage")) {
            JsonObject image = e.getAsJsonObject();
            JsonObject wanted = want.getAsJsonObject("images").getAsJsonObject(image.get("name").getAsString());
            for (String key : List.of("confidence", "variability", "correctness", "forgetting")) {
                assertEquals(wanted.get(key).getAsDouble(), image.get(key).getAsDouble(), 1e-6, image.get("name") + " " + key);
            }
        }
    }

    @Test
    void theTextSaysTheHardPixelsAndTheLossByEpoch() {
        CliRun r = CliRun.of("dynamics", "--list", CASES.resolve("run.csv").toString(), "--hard-confidence", "0.01");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith(CASES.resolve("run.csv") + ": 3 images over 11 epochs (epoch_1 ... epoch_11), 5 classes,"
                + " 1,123 labelled pixels (29 ignored)\n"), r.out());
        // the planted patch's pixels have a mean p_t of about 0.007: some fall below 0.01
        assertTrue(r.out().contains("hard and stable (confidence < 0.01, variability < 0.1): "), r.out());
        assertTrue(r.out().contains("  epoch_11         0.0929"), r.out());
    }

    @Test
    void theMapsAndTheCsvAreWritten() throws IOException {
        Path maps = tmp.resolve("maps");
        Path csv = tmp.resolve("images.csv");
        CliRun r = CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--maps", maps.toString(), "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (String name : List.of("car", "street", "blurry")) {
            for (String figure : List.of("confidence", "variability", "correctness", "forgetting")) {
                NdArray m = NpyReader.read(maps.resolve(name + "_" + figure + ".npy"));
                assertEquals("[16, 24]", java.util.Arrays.toString(m.shape()), name + " " + figure);
                float[] want = NpyReader.read(CASES.resolve("expected").resolve(name + "_" + figure + ".npy")).toFloats();
                float[] got = m.toFloats();
                for (int p = 0; p < want.length; p++) {
                    if (Float.isNaN(want[p])) {
                        assertTrue(Float.isNaN(got[p]), name + " " + figure + " at " + p + " is ignored: NaN");
                    } else {
                        assertEquals(want[p], got[p], 1e-6 + Math.ulp(want[p]), name + " " + figure + " at " + p);
                    }
                }
            }
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals("name,labels,pixels,ignored,confidence,variability,correctness,forgetting,hardPixels,loss epoch_1,loss epoch_2,"
                + "loss epoch_3,loss epoch_4,loss epoch_5,loss epoch_6,loss epoch_7,loss epoch_8,loss epoch_9,loss epoch_10,loss epoch_11",
                rows.get(0));
        assertEquals(4, rows.size());
        assertTrue(rows.get(1).startsWith("car," + CASES.resolve("run/labels/car.npy") + ",377,7,0.555805"), rows.get(1));
    }

    /** The issue's "done when": the planted wrong label stands out in the confidence map, the region that flips in variability. */
    @Test
    void theWrongLabelAndTheFlippingRegionStandOutInTheirMaps() {
        Path maps = tmp.resolve("maps");
        assertEquals(0, CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--maps", maps.toString()).exitCode());
        float[] confidence = NpyReader.read(maps.resolve("car_confidence.npy")).toFloats();
        float[] variability = NpyReader.read(maps.resolve("street_variability.npy")).toFloats();
        List<Integer> lowConfidence = new java.util.ArrayList<>();
        List<Integer> highVariability = new java.util.ArrayList<>();
        for (int p = 0; p < confidence.length; p++) {
            if (confidence[p] < 0.05f) {
                lowConfidence.add(p);
            }
            if (variability[p] > 0.36f) {
                highVariability.add(p);
            }
        }
        // the reference's car patch is rows 2-5, columns 3-7; street's ambiguous region rows 8-11, columns 12-17
        assertEquals(20, lowConfidence.size(), "the car's pixels of confidence under 0.05");
        assertTrue(lowConfidence.stream().allMatch(p -> p / 24 >= 2 && p / 24 <= 5 && p % 24 >= 3 && p % 24 <= 7), lowConfidence.toString());
        assertEquals(24, highVariability.size(), "the street's pixels of variability over 0.36");
        assertTrue(highVariability.stream().allMatch(p -> p / 24 >= 8 && p / 24 <= 11 && p % 24 >= 12 && p % 24 <= 17),
                highVariability.toString());
    }

    /** The layout tools/focalscope_dump.py writes: DIR/labels is taken, and said so, when no labels folder is named. */
    @Test
    void aLabelsFolderBesideTheEpochsIsTakenWhenNoneIsNamed() {
        CliRun r = CliRun.of("dynamics", RUN, "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("focalscope: labels from " + LABELS + " (--labels-dir names another folder)\n", r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(11, j.getAsJsonArray("epochs").size());
        assertEquals(3, j.get("images").getAsInt());
        assertEquals(20, j.get("hardPixels").getAsInt());
    }

    /** Each epoch's loss is the scan's of that epoch, for a term with an added part and weights from the labels. */
    @Test
    void eachEpochsLossIsTheScanOfThatEpoch() {
        String[] term = {"--loss", "poly1", "--epsilon", "2", "--gamma", "1.5", "--weights", "enet"};
        CliRun d = CliRun.of(java.util.stream.Stream.concat(java.util.stream.Stream.of("dynamics", RUN, "--labels-dir", LABELS, "--json", "-"),
                java.util.Arrays.stream(term)).toArray(String[]::new));
        assertEquals(0, d.exitCode(), d.err());
        JsonObject dynamics = JsonParser.parseString(d.out()).getAsJsonObject();
        for (int e : new int[] {0, 4, 10}) {
            CliRun s = CliRun.of(java.util.stream.Stream.concat(java.util.stream.Stream.of("scan", "--logits-dir",
                    CASES.resolve("run/epoch_" + (e + 1)).toString(), "--labels-dir", LABELS, "--json", "-"), java.util.Arrays.stream(term))
                    .toArray(String[]::new));
            assertEquals(0, s.exitCode(), s.err());
            JsonObject scan = JsonParser.parseString(s.out()).getAsJsonObject();
            double want = scan.get("loss").getAsDouble();
            assertEquals(want, dynamics.getAsJsonArray("lossByEpoch").get(e).getAsDouble(), 1e-9 * want, "epoch " + (e + 1));
            for (var row : scan.getAsJsonArray("perImage")) {
                String name = row.getAsJsonObject().get("name").getAsString();
                double image = row.getAsJsonObject().get("meanFocal").getAsDouble();
                JsonObject mine = dynamics.getAsJsonArray("perImage").asList().stream().map(x -> x.getAsJsonObject())
                        .filter(x -> x.get("name").getAsString().equals(name)).findFirst().orElseThrow();
                assertEquals(image, mine.getAsJsonArray("lossByEpoch").get(e).getAsDouble(), 1e-9 * image, name + " at epoch " + (e + 1));
            }
        }
    }

    @Test
    void strictFailsOnAnImageMissingFromAnEpoch() throws IOException {
        Path run = tmp.resolve("run");
        for (String epoch : List.of("epoch_1", "epoch_2")) {
            Files.createDirectories(run.resolve(epoch));
            Files.copy(CASES.resolve("run").resolve(epoch).resolve("car.npy"), run.resolve(epoch).resolve("car.npy"));
        }
        Files.copy(CASES.resolve("run/epoch_1/street.npy"), run.resolve("epoch_1/street.npy"));
        CliRun relaxed = CliRun.of("dynamics", run.toString(), "--labels-dir", LABELS);
        assertEquals(0, relaxed.exitCode(), relaxed.err());
        assertEquals("focalscope: not followed: street is missing from epoch epoch_2\n", relaxed.err());
        assertEquals(1, CliRun.of("dynamics", run.toString(), "--labels-dir", LABELS, "--strict").exitCode());
    }

    /**
     * A logits file without labels is one problem, said once with the epochs it is in (not once an
     * epoch); an image missing from epochs and one of another class count are said as well.
     */
    @Test
    void eachTroubleOfARunIsSaidOnce() {
        Path run = io.focalscope.dynamics.TroubledRun.write(tmp.resolve("troubled"));
        CliRun r = CliRun.of("dynamics", run.toString(), "--labels-dir", run.resolve("labels").toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        Path extra = run.resolve("epoch_1/extra.npy");
        Path street = run.resolve("epoch_1/street.npy");
        assertEquals("focalscope: not followed: late is missing from epochs epoch_1, epoch_2, epoch_3, epoch_4\n"
                + "focalscope: skipped " + extra + ": no labels named extra.* in " + run.resolve("labels") + "; its logits are in all 11 epochs\n"
                + "focalscope: skipped " + street + ": has 6 classes where 2 of the 3 images followed have 5\n", r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("[{\"file\":\"" + extra + "\",\"error\":\"" + extra + ": no labels named extra.* in " + run.resolve("labels")
                + "; its logits are in all 11 epochs\"},{\"file\":\"" + street + "\",\"error\":\"" + street
                + ": has 6 classes where 2 of the 3 images followed have 5\"}]", json.get("failed").toString());
        assertEquals("[{\"name\":\"late\",\"missing\":[\"epoch_1\",\"epoch_2\",\"epoch_3\",\"epoch_4\"]}]",
                json.get("incomplete").toString());
        assertEquals(2, json.get("images").getAsInt());
    }

    /** FLSD-53 has no one γ: the JSON says null, and names the term. */
    @Test
    void flsd53sGammaIsNull() {
        CliRun r = CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--loss", "flsd53", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(j.get("gamma").isJsonNull(), j.get("gamma").toString());
        assertEquals("flsd53", j.getAsJsonObject("lossTerm").get("name").getAsString());
        assertEquals(2.0, JsonParser.parseString(CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--json", "-").out())
                .getAsJsonObject().get("gamma").getAsDouble());
    }

    /** A run where no image can be followed says why, image by image, and that none was; it ends in 1. */
    @Test
    void aRunWithNothingToFollowSaysSo() throws IOException {
        Path run = tmp.resolve("unlabelled");
        for (String epoch : List.of("epoch_1", "epoch_2")) {
            io.focalscope.io.NpyWriter.writeFloat32(Files.createDirectories(run.resolve(epoch)).resolve("a.npy"), new int[] {2, 2, 2},
                    new float[8]);
        }
        Files.createDirectories(run.resolve("labels"));
        CliRun r = CliRun.of("dynamics", run.toString());
        assertEquals(1, r.exitCode());
        assertEquals("focalscope: labels from " + run.resolve("labels") + " (--labels-dir names another folder)\n"
                + "focalscope: skipped " + run.resolve("epoch_1/a.npy") + ": no labels named a.* in " + run.resolve("labels")
                + "; its logits are in all 2 epochs\n"
                + "focalscope: no image of " + run + " could be followed through its epochs\n", r.err());
    }

    /** The first three warnings on stderr, then how many more the JSON holds; three are all shown. */
    @Test
    void warningsBeyondThreeAreCounted() throws IOException {
        assertEquals(3, warnings(3).size(), "three warnings, no count of more");
        List<String> four = warnings(4);
        assertEquals(4, four.size());
        assertEquals("focalscope: warning: and 1 more (all of them under the JSON's warnings)", four.get(3));
    }

    /** The warning lines of a run of two images over two epochs, {@code large} of whose four files hold float64 logits of 10,000. */
    private List<String> warnings(int large) throws IOException {
        Path run = tmp.resolve("wide" + large);
        int written = 0;
        for (String image : List.of("a", "b")) {
            Path labels = Files.createDirectories(run.resolve("labels")).resolve(image + ".npy");
            io.focalscope.io.NpyWriter.write(labels, io.focalscope.io.NdArray.ofBytes(image, new int[] {2, 2}, new int[] {0, 1, 1, 0}));
            for (String epoch : List.of("epoch_1", "epoch_2")) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                double base = written++ < large ? 1e4 : 0; // float64 logits of 10,000: each file gets float32's precision note
                for (int i = 0; i < 8; i++) {
                    b.putDouble(base + i);
                }
                Path logits = Files.createDirectories(run.resolve(epoch)).resolve(image + ".npy");
                io.focalscope.io.NpyWriter.write(logits, new io.focalscope.io.NdArray(image, io.focalscope.io.DType.FLOAT64,
                        new int[] {2, 2, 2}, b.flip()));
            }
        }
        CliRun r = CliRun.of("dynamics", run.toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("focalscope: warning")).toList();
        assertTrue(lines.subList(0, 3).stream().allMatch(l -> l.contains("float64 logits as large as 1.00e+04")), r.err());
        assertEquals(large, JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("warnings").size());
        return lines;
    }

    @Test
    void badOptionsEndInOneLine() {
        CliRun sigmoid = CliRun.of("dynamics", RUN, "--labels-dir", LABELS, "--activation", "sigmoid");
        assertEquals(1, sigmoid.exitCode());
        assertEquals("focalscope: dynamics follows each pixel's softmax probability of its label (dataset cartography);"
                + " --activation sigmoid gives a probability per channel instead: leave --activation at softmax\n", sigmoid.err());
        CliRun asl = CliRun.of("dynamics", RUN, "--loss", "asl");
        assertEquals("focalscope: dynamics follows each pixel's softmax probability of its label, and --loss asl is a loss of sigmoid"
                + " targets: use focal, poly1 or flsd53\n", asl.err());
        CliRun hard = CliRun.of("dynamics", RUN, "--hard-variability", "0.7");
        assertEquals("focalscope: --hard-variability must be between 0 and 0.5 (the largest standard deviation of a probability),"
                + " got 0.7\n", hard.err());
        CliRun none = CliRun.of("dynamics");
        assertEquals("focalscope: dynamics: give a folder DIR with one sub-folder per epoch, or --list FILE.csv\n", none.err());
        CliRun both = CliRun.of("dynamics", RUN, "--list", "x.csv");
        assertEquals(1, both.exitCode());
        assertEquals("focalscope: dynamics: give a folder DIR (with --labels-dir where the labels are kept apart) or --list FILE.csv,"
                + " not both\n", both.err());
        CliRun missing = CliRun.of("dynamics", "no/such/run");
        assertEquals("focalscope: no/such/run: no such folder\n", missing.err());
    }
}
