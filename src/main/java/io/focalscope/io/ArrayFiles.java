package io.focalscope.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Opens an array named the way users name it on the command line: {@code FILE.npy},
 * {@code FILE.npz}, {@code FILE.npz:NAME} or {@code FILE.png}. The format is told by the file's
 * first bytes, not its name, so a misnamed file is still read or refused for what it is.
 */
public final class ArrayFiles {

    private ArrayFiles() {
    }

    /** A file and, for archives, the array picked in it (null: pick by default). */
    public record Spec(Path file, String arrayName) {

        public static Spec parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon > 0 && text.substring(0, colon).toLowerCase(Locale.ROOT).endsWith(".npz")) {
                return new Spec(Path.of(text.substring(0, colon)), text.substring(colon + 1));
            }
            return new Spec(Path.of(text), null);
        }
    }

    /**
     * Reads the array {@code specText} names. In an archive without a named array it takes
     * {@code preferredName}, or the archive's only array.
     */
    public static NdArray read(String specText, String preferredName) {
        return read(specText, preferredName, FloatArrays.FRESH);
    }

    /** The same, with float32 data read into an array from {@code arrays}. */
    public static NdArray read(String specText, String preferredName, FloatArrays arrays) {
        return read(specText, preferredName, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the array what {@code after} will be allocated for it once it is read. */
    public static NdArray read(String specText, String preferredName, FloatArrays arrays, MemoryBudget.AfterReading after) {
        Spec spec = Spec.parse(specText);
        Path file = spec.file();
        String source = file.toString();
        if (!Files.exists(file)) {
            throw InputException.of(source, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw InputException.of(source, "not a regular file");
        }
        byte[] head = firstBytes(file, 8);
        if (startsWith(head, NpyHeader.MAGIC)) {
            if (spec.arrayName() != null) {
                throw InputException.of(source, "is a .npy file, which holds one array: drop ':" + spec.arrayName() + "'");
            }
            return NpyReader.read(file, arrays, after);
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4}) || startsWith(head, new byte[] {'P', 'K', 5, 6})) {
            String name = spec.arrayName() != null ? spec.arrayName() : defaultMember(file, preferredName);
            return NpzReader.read(file, name, arrays, after);
        }
        if (startsWith(head, PngLabelReader.SIGNATURE)) {
            return PngLabelReader.read(file, after);
        }
        String shown = head.length == 0 ? "it is empty" : "it starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(head);
        throw InputException.of(source, "not a .npy, .npz or PNG file (" + shown + ")");
    }

    /**
     * Reads a file's whole bytes as {@link #read(String, String)} reads the file: the format told by
     * its first bytes, the same checks and messages, {@code source} naming it (a job's URI, say).
     *
     * @param arrayName the archive's member to take, or null for {@code preferredName} or the only one
     */
    public static NdArray read(String source, byte[] bytes, String arrayName, String preferredName, FloatArrays arrays) {
        return read(source, bytes, arrayName, preferredName, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the array what {@code after} will be allocated for it once it is read. */
    public static NdArray read(String source, byte[] bytes, String arrayName, String preferredName, FloatArrays arrays,
                               MemoryBudget.AfterReading after) {
        byte[] head = Arrays.copyOf(bytes, Math.min(8, bytes.length));
        if (startsWith(head, NpyHeader.MAGIC)) {
            if (arrayName != null) {
                throw InputException.of(source, "is a .npy file, which holds one array: drop ':" + arrayName + "'");
            }
            return NpyReader.read(source, bytes, arrays, after);
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4}) || startsWith(head, new byte[] {'P', 'K', 5, 6})) {
            List<String> names = NpzReader.names(source, bytes);
            String name = arrayName != null ? arrayName : chooseMember(source, names, preferredName);
            return NpzReader.read(source, bytes, name, names, arrays, after);
        }
        if (startsWith(head, PngLabelReader.SIGNATURE)) {
            return PngLabelReader.read(source, bytes, after);
        }
        String shown = head.length == 0 ? "it is empty" : "it starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(head);
        throw InputException.of(source, "not a .npy, .npz or PNG file (" + shown + ")");
    }

    private static String defaultMember(Path file, String preferredName) {
        return chooseMember(file.toString(), NpzReader.names(file), preferredName);
    }

    /** The names by which an archive's arrays say what they are. */
    private static final List<String> ROLES = List.of("logits", "labels");

    private static String chooseMember(String source, List<String> names, String preferredName) {
        if (names.contains(preferredName)) {
            return preferredName;
        }
        // the only array, unless its name says it is the other one: an archive of logits alone
        // has no labels, whatever dtype complaint reading its logits as labels would give
        if (names.size() == 1 && !(ROLES.contains(names.get(0)) && ROLES.contains(preferredName))) {
            return names.get(0);
        }
        if (names.isEmpty()) {
            throw InputException.of(source, "the archive holds no arrays");
        }
        if (names.size() == 1) {
            throw InputException.of(source, "has no array named '" + preferredName + "': it holds only '" + names.get(0) + "'");
        }
        throw InputException.of(source, "has no array named '" + preferredName + "' and several others ("
                + String.join(", ", names) + "); pick one as " + source + ":NAME");
    }

    private static byte[] firstBytes(Path file, int count) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(count);
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot read: " + NpyReader.describe(e));
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }
}
