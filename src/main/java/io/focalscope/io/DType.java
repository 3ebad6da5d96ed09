package io.focalscope.io;

/** The NumPy element types focalscope reads, with their size and kind. */
public enum DType {
    FLOAT16("f", 2, "float16"),
    FLOAT32("f", 4, "float32"),
    FLOAT64("f", 8, "float64"),
    INT8("i", 1, "int8"),
    INT16("i", 2, "int16"),
    INT32("i", 4, "int32"),
    INT64("i", 8, "int64"),
    UINT8("u", 1, "uint8"),
    UINT16("u", 2, "uint16"),
    UINT32("u", 4, "uint32"),
    UINT64("u", 8, "uint64"),
    BOOL("b", 1, "bool");

    private final String kind;
    private final int size;
    private final String displayName;

    DType(String kind, int size, String displayName) {
        this.kind = kind;
        this.size = size;
        this.displayName = displayName;
    }

    public int size() {
        return size;
    }

    public boolean isFloatingPoint() {
        return kind.equals("f");
    }

    public boolean isIntegral() {
        return !isFloatingPoint();
    }

    /** The NumPy type code without byte order, such as {@code f4}. */
    public String code() {
        return kind + size;
    }

    /** The type for a NumPy code without byte order ({@code f4}, {@code u1}, {@code b1}), or null. */
    public static DType fromCode(String code) {
        for (DType t : values()) {
            if (t.code().equals(code)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return displayName;
    }

}
