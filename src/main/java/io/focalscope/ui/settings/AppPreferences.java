package io.focalscope.ui.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** What the window remembers between runs: size, splits, theme, last folder and recent files. */
public final class AppPreferences {

    private static final int RECENT = 8;
    private final Preferences node;

    public AppPreferences() {
        // tests run with -Dfocalscope.prefs=test so that they never touch a user's settings
        node = Preferences.userRoot().node("io/focalscope/" + System.getProperty("focalscope.prefs", "app"));
    }

    double get(String key, double fallback) {
        return node.getDouble(key, fallback);
    }

    void put(String key, double value) {
        node.putDouble(key, value);
    }

    boolean darkTheme() {
        return node.getBoolean("darkTheme", false);
    }

    void darkTheme(boolean dark) {
        node.putBoolean("darkTheme", dark);
    }

    public Path lastFolder() {
        String s = node.get("lastFolder", null);
        return s != null && Files.isDirectory(Path.of(s)) ? Path.of(s) : null;
    }

    public void lastFolder(Path folder) {
        if (folder != null) {
            node.put("lastFolder", folder.toString());
        }
    }

    /** Recent openings, newest first, each the list of files opened together. */
    public List<List<String>> recent() {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < RECENT; i++) {
            String s = node.get("recent" + i, null);
            if (s != null && !s.isEmpty()) {
                out.add(List.of(s.split("\n")));
            }
        }
        return out;
    }

    /** An opening as File ▸ Open recent names it: its file names and, after a dash, their folder (the first file's). */
    public static String recentLabel(List<String> files) {
        String names = files.stream().map(f -> String.valueOf(Path.of(f).getFileName())).reduce((a, b) -> a + " + " + b).orElse("");
        Path folder = files.isEmpty() ? null : Path.of(files.get(0)).toAbsolutePath().getParent();
        return folder == null ? names : names + " — " + folder;
    }

    public void addRecent(List<String> files) {
        List<List<String>> list = recent();
        list.remove(files);
        list.add(0, files);
        for (int i = 0; i < RECENT; i++) {
            if (i < list.size()) {
                node.put("recent" + i, String.join("\n", list.get(i)));
            } else {
                node.remove("recent" + i);
            }
        }
    }
}
