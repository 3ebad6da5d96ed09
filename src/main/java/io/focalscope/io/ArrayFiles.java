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
            return NpyReader.read(file, arrays);
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4}) || startsWith(head, new byte[] {'P', 'K', 5, 6})) {
            String name = spec.arrayName() != null ? spec.arrayName() : defaultMember(file, preferredName);
            return NpzReader.read(file, name, arrays);
        }
        if (startsWith(head, PngLabelReader.SIGNATURE)) {
            return PngLabelReader.read(file);
        }
        String shown = head.length == 0 ? "it is empty" : "it starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(head);
        throw InputException.of(source, "not a .npy, .npz or PNG file (" + shown + ")");
    }

    private static String defaultMember(Path file, String preferredName) {
        List<String> names = NpzReader.names(file);
        if (names.contains(preferredName)) {
            return preferredName;
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.isEmpty()) {
            throw InputException.of(file.toString(), "the archive holds no arrays");
        }
        throw InputException.of(file.toString(), "has no array named '" + preferredName + "' and several others ("
                + String.join(", ", names) + "); pick one as " + file + ":NAME");
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
