package io.focalscope.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** How every report writes its JSON. */
public final class ReportJson {

    // nulls kept so that "ignoreIndex": null says "no ignore index" rather than dropping the key;
    // plain text for people and scripts: "enet(c=1.1)", not Gson's HTML-safe "enet(c\u003d1.1)"
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private ReportJson() {
    }

    /** The tree of maps, lists and values as indented JSON, with a final newline. */
    public static String write(Object json) {
        return GSON.toJson(json) + "\n";
    }
}
