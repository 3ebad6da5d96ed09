package io.focalscope.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-class weights from a file: a 1-D {@code .npy}, or text with one number per class separated
 * by spaces, commas or new lines ({@code #} starts a comment).
 */
public final class WeightsFile {

    /** A weights file is a few numbers; anything much larger is not one. */
    private static final int MAX_TEXT_BYTES = 1 << 20;

    private WeightsFile() {
    }

    public static double[] read(Path file) {
        String source = file.toString();
        byte[] bytes = SmallFiles.readBytes(file, "a weights file", MAX_TEXT_BYTES);
        if (bytes.length >= 6 && bytes[0] == (byte) 0x93 && bytes[1] == 'N') {
            NdArray array = NpyReader.read(source, bytes, FloatArrays.FRESH);
            if (array.rank() != 1) {
                throw InputException.of(source, "weights must be a 1-D array, found shape " + array.shapeText());
            }
            float[] f = array.toFloats();
            double[] w = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                w[i] = f[i];
            }
            return w;
        }
        return parseText(source, new String(bytes, StandardCharsets.UTF_8));
    }

    static double[] parseText(String source, String text) {
        List<Double> values = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int line = 0; line < lines.length; line++) {
            String content = lines[line].replaceFirst("#.*", "").trim();
            for (String token : content.split("[\\s,;]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                try {
                    values.add(Double.parseDouble(token));
                } catch (NumberFormatException e) {
                    throw InputException.of(source, "line " + (line + 1) + ": '" + token + "' is not a number");
                }
            }
        }
        if (values.isEmpty()) {
            throw InputException.of(source, "holds no weights");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
