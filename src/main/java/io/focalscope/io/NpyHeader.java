package io.focalscope.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file (format versions 1.0, 2.0 and 3.0): element type, byte order,
 * memory order and shape. The header is a Python dict literal; this parser accepts exactly the
 * literals NumPy writes (strings, True/False, tuples of non-negative ints) and rejects anything
 * else, because ND4J's native parser aborts the JVM on what it does not expect.
 */
public record NpyHeader(DType dtype, ByteOrder byteOrder, boolean fortranOrder, int[] shape) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10,000 bytes unless told otherwise; we allow a little more. */
    static final int MAX_HEADER_BYTES = 1 << 16;

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return NdArray.elementCount(shape);
    }

    public long dataBytes() {
        return elementCount() * dtype.size();
    }

    /** Parses the dict text of a header; {@code source} names the file in messages. */
    static NpyHeader parse(String source, String text) {
        Map<String, Object> dict;
        try {
            Object value = new Literal(text).parseTop();
            if (!(value instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("the header is not a dict");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = (Map<String, Object>) m;
            dict = cast;
        } catch (IllegalArgumentException e) {
            throw InputException.of(source, "corrupt .npy header: " + e.getMessage());
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw InputException.of(source, "corrupt .npy header: no '" + key + "' entry");
            }
        }
        if (dict.size() != 3) {
            throw InputException.of(source, "corrupt .npy header: unexpected entries " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw InputException.of(source, "unsupported dtype: structured (record) arrays are not supported;"
                    + " save a plain numeric array");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw InputException.of(source, "corrupt .npy header: fortran_order is not True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw InputException.of(source, "corrupt .npy header: shape is not a tuple");
        }
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d)) {
                throw InputException.of(source, "corrupt .npy header: shape holds " + dims.get(i) + ", not a dimension");
            }
            if (d > Integer.MAX_VALUE) {
                throw InputException.of(source, "array dimension " + d + " is too large");
            }
            shape[i] = d.intValue();
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw InputException.of(source, "array shape " + dims + " is too large");
            }
        }
        return new NpyHeader(parseType(source, descr), parseOrder(source, descr), fortran, shape);
    }

    private static DType parseType(String source, String descr) {
        DType t = descr.length() >= 2 ? DType.fromCode(descr.substring(1)) : null;
        if (t == null || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw InputException.of(source, "unsupported dtype '" + descr
                    + "': expected float16/32/64, int8/16/32/64, uint8/16/32/64 or bool");
        }
        return t;
    }

    private static ByteOrder parseOrder(String source, String descr) {
        // '|' marks single-byte types; '=' is the writer's native order, which NumPy never stores
        return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Writes the header text for a little-endian C-order array, padded as version 1.0 wants. */
    static byte[] format(DType dtype, int[] shape) {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : NdArray.formatShape(shape);
        String dict = "{'descr': '" + (dtype.size() == 1 ? "|" : "<") + dtype.code()
                + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * How deep literals may nest: NumPy writes depth 2 (a dict holding a tuple), a structured dtype a
     * few more; a header of thousands of brackets would otherwise overflow the stack.
     */
    static final int MAX_NESTING = 32;

    /** A strict reader for the Python literals a .npy header holds. */
    private static final class Literal {
        private final String s;
        private int pos;
        private int depth;

        Literal(String s) {
            this.s = s;
        }

        Object parseTop() {
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw new IllegalArgumentException("unexpected text after the dict at offset " + pos);
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("the header ends early");
            }
            char c = s.charAt(pos);
            if (c == '{' || c == '(' || c == '[') {
                if (++depth > MAX_NESTING) {
                    throw new IllegalArgumentException("brackets nested more than " + MAX_NESTING + " deep at offset " + pos);
                }
                Object nested = c == '{' ? dict() : sequence(c == '(' ? ')' : ']');
                depth--;
                return nested;
            }
            if (c == '\'' || c == '"') {
                return string();
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c)) {
                return integer();
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
        }

        private Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                Object key = value();
                if (!(key instanceof String k)) {
                    throw new IllegalArgumentException("a dict key is not a string");
                }
                skipSpace();
                expect(':');
                if (m.put(k, value()) != null) {
                    throw new IllegalArgumentException("key '" + k + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
                }
            }
        }

        private List<Object> sequence(char close) {
            List<Object> items = new ArrayList<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
                }
            }
        }

        private String string() {
            char quote = s.charAt(pos++);
            int end = s.indexOf(quote, pos);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string");
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        private Long integer() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2 writers append L to longs
            }
            String digits = s.substring(start, pos).replace("L", "");
            if (digits.length() > 18) {
                throw new IllegalArgumentException("dimension " + digits + " is too large");
            }
            return Long.parseLong(digits);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
            }
            pos++;
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("the header ends early");
            }
            return s.charAt(pos);
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
