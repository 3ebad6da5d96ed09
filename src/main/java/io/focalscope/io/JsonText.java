package io.focalscope.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * JSON text a user hands us, parsed by Gson, whose reader refuses nesting deeper than 255 levels
 * (a file of 20,000 brackets used to overflow the stack), with its complaint made readable.
 */
public final class JsonText {

    private JsonText() {
    }

    /** @throws InputException "SOURCE: not a valid WHAT (why)" */
    public static JsonElement parse(String source, String what, String text) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw InputException.of(source, "not a valid " + what + " (" + reason(e) + ")");
        }
    }

    /** Gson's message without its exception's class name and, past a few levels, the JSON path. */
    static String reason(JsonParseException e) {
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = String.valueOf(cause.getMessage());
        int path = m.indexOf(" path $");
        if (path >= 0 && m.length() - path > 60) {
            m = m.substring(0, path);
        }
        int seeHelp = m.indexOf("\nSee https://");
        return seeHelp >= 0 ? m.substring(0, seeHelp) : m;
    }

    /**
     * Why Gson's tree could not be read as we expected: its casts say nothing a user can act on
     * ("JsonPrimitive cannot be cast to JsonArray"), a missing key shows as a NullPointerException.
     */
    public static String whyNot(RuntimeException e) {
        if (e instanceof ClassCastException || e instanceof IllegalStateException) {
            return "a value of the wrong type";
        }
        if (e instanceof NullPointerException) {
            return "a value is missing";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
