package io.focalscope;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The golden cases of every loss term that tools/make_term_reference.py made with PyTorch (src/test/resources/terms). */
public final class TermCases {

    public static final Path DIR = Path.of("src/test/resources/terms");
    public static final java.util.List<String> NAMES = java.util.List.of("softmax", "softmax_moderate", "one_vs_rest",
            "multi_label", "binary");

    private TermCases() {
    }

    /** Each case's settings on each engine: (case, setting id, engine, setting). */
    public static Stream<Arguments> onBothEngines() {
        return NAMES.stream().flatMap(name -> TestFiles.json(DIR.resolve(name).resolve("expected.json"))
                .getAsJsonArray("settings").asList().stream().map(JsonElement::getAsJsonObject)
                .flatMap(s -> Stream.of("cpu", "nd4j").map(engine -> Arguments.of(name, s.get("id").getAsString(), engine, s))));
    }

    /** One setting of a case by its id. */
    public static JsonObject setting(String name, String id) {
        return TestFiles.json(DIR.resolve(name).resolve("expected.json")).getAsJsonArray("settings").asList().stream()
                .map(JsonElement::getAsJsonObject).filter(e -> e.get("id").getAsString().equals(id)).findFirst().orElseThrow();
    }

    /** The term a setting names, with its parameters. */
    public static LossTerm term(JsonObject loss) {
        Map<String, JsonElement> p = loss.getAsJsonObject("parameters").asMap();
        return switch (loss.get("name").getAsString()) {
            case "ce" -> new LossTerm.CrossEntropy();
            case "focal" -> new LossTerm.Focal(p.get("gamma").getAsDouble());
            case "poly1" -> new LossTerm.Poly1(p.get("gamma").getAsDouble(), p.get("epsilon").getAsDouble());
            case "flsd53" -> new LossTerm.Flsd53();
            case "asl" -> new LossTerm.Asl(p.get("gammaPos").getAsDouble(), p.get("gammaNeg").getAsDouble(),
                    p.get("clip").getAsDouble());
            default -> throw new IllegalArgumentException(loss.toString());
        };
    }

    /** A setting's loss settings (its class weights given), with the gradient, under a reduction. */
    public static LossSettings settings(JsonObject e, Reduction r) {
        Activation activation = Activation.parse(e.get("activation").getAsString());
        Double alpha = e.get("alpha").isJsonNull() ? null : e.get("alpha").getAsDouble();
        double[] w = e.getAsJsonArray("classWeights").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
        return new LossSettings(term(e.getAsJsonObject("loss")), new WeightScheme.Explicit(w, "weights"), 255, r, false,
                activation, alpha, true);
    }
}
