package io.focalscope.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The launcher's JIT directive for label-issues (conf/label-issues-jit.json): C2 leaves the search's
 * per-image passes and the Vector API's Java code to C1. Its patterns are names the JVM matches
 * quietly, so a renamed class would drop out of it unseen; and a pattern that took in the softmax's
 * own methods would leave its vectors to C1, which boxes every one (a run then takes minutes). That
 * the JVM reads the file is DistributionIT's part: it starts the packaged app with it.
 */
class LabelIssuesJitDirectiveTest {

    private static final Path FILE = Path.of("src/main/dist/conf/label-issues-jit.json");

    /** The softmax's classes: C2 must compile them, with the Vector API's methods taken in. */
    private static final List<String> SOFTMAX = List.of("io/focalscope/labels/PixelConfidence", "io/focalscope/labels/SoftmaxWarmUp",
            "io/focalscope/numeric/FirstLargest", "io/focalscope/numeric/FirstLargest$Lanes", "io/focalscope/numeric/DoubleExp",
            "io/focalscope/numeric/DoubleExp$Lanes");

    /** The search's passes and the Vector API's Java code: what the directive is for. */
    private static final List<String> LEFT_TO_C1 = List.of("io/focalscope/labels/LabelIssueSearch",
            "io/focalscope/labels/LabelIssueSearch$Options", "io/focalscope/labels/ThreadPasses", "io/focalscope/labels/Regions",
            "io/focalscope/labels/Regions$Growth", "jdk/incubator/vector/FloatVector", "jdk/internal/vm/vector/VectorSupport");

    private static List<String> classPatterns() throws Exception {
        JsonArray directives = JsonParser.parseString(Files.readString(FILE)).getAsJsonArray();
        assertEquals(1, directives.size());
        JsonObject directive = directives.get(0).getAsJsonObject();
        // a top-level Exclude, or a c1 block, would take C1 away too: interpreted, the Vector API's Java
        // code made a run minutes long
        assertEquals(Set.of("match", "c2"), directive.keySet());
        assertEquals(Set.of("Exclude"), directive.getAsJsonObject("c2").keySet());
        assertTrue(directive.getAsJsonObject("c2").get("Exclude").getAsBoolean());
        List<String> classes = new ArrayList<>();
        for (var p : directive.getAsJsonArray("match")) {
            String pattern = p.getAsString();
            assertTrue(pattern.endsWith(".*"), pattern + ": every method of the classes");
            classes.add(pattern.substring(0, pattern.length() - 2));
        }
        return classes;
    }

    /** HotSpot's class patterns: a name, or one with a leading or trailing * (or both), or * alone. */
    static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        boolean anyBefore = pattern.startsWith("*");
        boolean anyAfter = pattern.endsWith("*");
        String core = pattern.substring(anyBefore ? 1 : 0, pattern.length() - (anyAfter ? 1 : 0));
        return anyBefore && anyAfter ? name.contains(core) : anyBefore ? name.endsWith(core) : anyAfter ? name.startsWith(core) : name.equals(core);
    }

    @Test
    void theSearchsPassesAndTheVectorApisCodeAreInItAndTheSoftmaxIsNot() throws Exception {
        for (String name : java.util.stream.Stream.concat(SOFTMAX.stream(), LEFT_TO_C1.stream()).toList()) {
            Class.forName(name.replace('/', '.'), false, getClass().getClassLoader()); // a renamed class fails here
        }
        List<String> patterns = classPatterns();
        for (String name : LEFT_TO_C1) {
            assertTrue(patterns.stream().anyMatch(p -> matches(p, name)), name);
        }
        for (String name : SOFTMAX) {
            assertFalse(patterns.stream().anyMatch(p -> matches(p, name)), name + " is matched by " + patterns);
        }
    }

    @Test
    void everyPatternNamesAClassOrPackageThatExists() throws Exception {
        for (String pattern : classPatterns()) {
            if (pattern.endsWith("/*")) {
                String pkg = pattern.substring(0, pattern.length() - 2).replace('/', '.');
                assertTrue(ModuleFinder.ofSystem().findAll().stream().anyMatch(m -> m.descriptor().packages().contains(pkg)), pattern);
            } else {
                assertFalse(pattern.startsWith("*"), pattern);
                Class<?> c = Class.forName(pattern.replace("$*", "").replace('/', '.'));
                assertTrue(!pattern.endsWith("$*") || c.getDeclaredClasses().length > 0, pattern + ": " + c + " has nested classes");
            }
        }
    }

    @Test
    void classPatternsMatchAsHotSpotsDo() {
        assertTrue(matches("a/B$*", "a/B$C"));
        assertFalse(matches("a/B$*", "a/B"));
        assertTrue(matches("a/B", "a/B"));
        assertFalse(matches("a/B", "a/BC"));
        assertTrue(matches("*Confidence", "a/PixelConfidence"));
        assertTrue(matches("*Pixel*", "a/PixelConfidence"));
        assertTrue(matches("a/*", "a/b/C"));
        assertTrue(matches("*", "a/B"));
    }
}
