package io.focalscope.classes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.io.InputException;
import io.focalscope.io.JsonText;
import io.focalscope.io.SmallFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads class names and colours. JSON: {@code {"name": ..., "classes": [{"id": 0, "name": "road",
 * "color": "#804080"}, ...]}} or a plain array of names. CSV: one class a line, {@code name,#rrggbb}
 * or {@code id,name,#rrggbb} ({@code #} lines are comments). Missing colours are generated.
 */
public final class ClassSetReader {

    private ClassSetReader() {
    }

    public static ClassSet read(Path file) {
        String source = file.toString();
        String text = SmallFiles.readText(file, "a class list", 1 << 20);
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return json(source, trimmed, file.getFileName().toString());
        }
        return csv(source, text, file.getFileName().toString());
    }

    private static ClassSet json(String source, String text, String title) {
        List<String> names = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        try {
            JsonElement root = JsonText.parse(source, "class list", text);
            JsonArray classes = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("classes");
            if (classes == null) {
                throw InputException.of(source, "has no \"classes\" list");
            }
            if (root.isJsonObject() && root.getAsJsonObject().has("name")) {
                title = root.getAsJsonObject().get("name").getAsString();
            }
            for (int k = 0; k < classes.size(); k++) {
                JsonElement e = classes.get(k);
                if (e.isJsonPrimitive()) {
                    names.add(e.getAsString());
                    colors.add(ClassSet.generatedColor(k));
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                if (o.has("id") && o.get("id").getAsInt() != k) {
                    throw InputException.of(source, "class " + k + " has id " + o.get("id") + "; ids must run 0, 1, 2, ...");
                }
                names.add(o.has("name") ? o.get("name").getAsString() : String.valueOf(k));
                colors.add(o.has("color") ? parseColor(source, o.get("color").getAsString()) : ClassSet.generatedColor(k));
            }
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson reports a value of the wrong type as ClassCastException, IllegalStateException,
            // UnsupportedOperationException or NumberFormatException
            throw InputException.of(source, "not a valid class list (" + JsonText.whyNot(e) + ")");
        }
        return new ClassSet(title, names, colors);
    }

    private static ClassSet csv(String source, String text, String title) {
        List<String> names = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            int k = names.size();
            if (f.length == 3) {
                if (!f[0].equals(String.valueOf(k))) {
                    throw InputException.of(source, "line " + (i + 1) + ": id " + f[0] + " where " + k + " was expected");
                }
                f = new String[] {f[1], f[2]};
            }
            names.add(f[0]);
            colors.add(f.length > 1 ? parseColor(source + " line " + (i + 1), f[1]) : ClassSet.generatedColor(k));
        }
        if (names.isEmpty()) {
            throw InputException.of(source, "holds no classes");
        }
        return new ClassSet(title, names, colors);
    }

    private static int parseColor(String source, String text) {
        String hex = text.startsWith("#") ? text.substring(1) : text;
        if (!hex.matches("[0-9a-fA-F]{6}")) {
            throw InputException.of(source, "colour '" + text + "' is not #rrggbb");
        }
        return Integer.parseInt(hex, 16);
    }
}
