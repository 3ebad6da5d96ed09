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
import org.junit.jupiter.api.Test;

/**
 * The launcher's JIT directive for label-issues (conf/label-issues-jit.json): C2 leaves the search's
 * per-image passes and the Vector API's Java code to C1. Its patterns are names the JVM matches
 * quietly, so a renamed class would drop out of it unseen; and a pattern that took in the softmax's
 * own methods would leave its vectors to C1, which boxes every one (a run then takes minutes).
 */
class LabelIssuesJitDirectiveTest {

    private static final Path FILE = Path.of("src/main/dist/conf/label-issues-jit.json");

    private static List<String> patterns() throws Exception {
        JsonArray directives = JsonParser.parseString(Files.readString(FILE)).getAsJsonArray();
        assertEquals(1, directives.size());
        JsonObject directive = directives.get(0).getAsJsonObject();
        assertTrue(directive.getAsJsonObject("c2").get("Exclude").getAsBoolean());
        assertFalse(directive.has("c1"), "C1 compiles them: interpreted, the Vector API's Java code made a run minutes long");
        List<String> patterns = new ArrayList<>();
        directive.getAsJsonArray("match").forEach(p -> patterns.add(p.getAsString()));
        return patterns;
    }

    @Test
    void everyPatternNamesAClassOrPackageThatExists() throws Exception {
        for (String pattern : patterns()) {
            String type = pattern.substring(0, pattern.lastIndexOf('.'));
            assertEquals("*", pattern.substring(pattern.lastIndexOf('.') + 1), pattern + ": every method of the class");
            if (type.endsWith("/*")) {
                String pkg = type.substring(0, type.length() - 2).replace('/', '.');
                assertTrue(ModuleFinder.ofSystem().findAll().stream().anyMatch(m -> m.descriptor().packages().contains(pkg)), pattern);
            } else {
                Class<?> c = Class.forName(type.replace("$*", "").replace('/', '.'));
                assertTrue(!type.endsWith("$*") || c.getDeclaredClasses().length > 0, pattern + ": " + c + " has nested classes");
            }
        }
    }

    @Test
    void theSearchsPassesAreInItAndTheSoftmaxIsNot() throws Exception {
        List<String> patterns = patterns();
        for (String pass : List.of("LabelIssueSearch", "ThreadPasses", "Regions")) {
            assertTrue(patterns.contains("io/focalscope/labels/" + pass + ".*"), pass);
        }
        for (String pattern : patterns) {
            assertFalse(pattern.startsWith("io/focalscope/numeric/") || pattern.contains("PixelConfidence") || pattern.contains("SoftmaxWarmUp")
                    || pattern.equals("*.*"), pattern);
        }
    }
}
