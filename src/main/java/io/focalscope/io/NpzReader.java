package io.focalscope.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads arrays from {@code .npz} archives, stored ({@code np.savez}) or deflated
 * ({@code np.savez_compressed}); each member is a {@code .npy} file checked by {@link NpyReader}.
 */
public final class NpzReader {

    private NpzReader() {
    }

    /** The names of the arrays in an archive, in archive order, without the .npy suffix. */
    public static List<String> names(Path file) {
        try (ZipFile zip = open(file)) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    requireMemberReadable(file + ":" + arrayName(e.getName()), e.getName(), e.getSize());
                    names.add(arrayName(e.getName()));
                }
            }
            return names;
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot read: " + NpyReader.describe(e));
        }
    }

    /** Reads the array {@code name}; {@code source} is used in messages as "file:name". */
    public static NdArray read(Path file, String name) {
        return read(file, name, FloatArrays.FRESH);
    }

    /** The same, with float32 data read into an array from {@code arrays}. */
    public static NdArray read(Path file, String name, FloatArrays arrays) {
        return read(file, name, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the array what {@code after} will be allocated for it once it is read. */
    public static NdArray read(Path file, String name, FloatArrays arrays, MemoryBudget.AfterReading after) {
        String source = file + ":" + name;
        try (ZipFile zip = open(file)) {
            ZipEntry entry = zip.getEntry(name + ".npy");
            if (entry == null) {
                entry = zip.getEntry(name);
            }
            if (entry == null || entry.isDirectory()) {
                throw InputException.of(file.toString(), "has no array named '" + name + "' (it holds: "
                        + String.join(", ", names(file)) + ")");
            }
            String entryName = entry.getName();
            requireUnique(file.toString(), arrayName(entryName),
                    zip.stream().map(ZipEntry::getName).filter(n -> arrayName(n).equals(arrayName(entryName))).toList());
            // every member is checked, as a cluster's reader must before it can skip to the one it wants
            zip.stream().filter(z -> !z.isDirectory())
                    .forEach(z -> requireMemberReadable(file + ":" + arrayName(z.getName()), z.getName(), z.getSize()));
            long size = entry.getSize();
            if (size < 0) {
                throw InputException.of(source, "the archive does not record the array's size");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                NdArray array = NpyReader.read(source, in, size, arrays, after);
                if (in.read() != -1) {
                    throw InputException.of(source, "the member holds more bytes than the archive records");
                }
                return array;
            }
        } catch (ZipException e) {
            throw InputException.of(source, "corrupt .npz archive: " + NpyReader.describe(e));
        } catch (java.io.EOFException e) {
            throw InputException.of(source, "corrupt .npz archive: the array ends before its recorded size");
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + NpyReader.describe(e));
        }
    }

    /**
     * The names of the arrays in an archive's bytes (as a distributed job hands them over), in
     * archive order.
     */
    public static List<String> names(String source, byte[] archive) {
        List<String> names = new ArrayList<>();
        List<String> members = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    // before the stream inflates the member to skip it
                    requireMemberReadable(source + ":" + arrayName(e.getName()), e.getName(), e.getSize());
                    names.add(arrayName(e.getName()));
                    members.add(e.getName());
                }
            }
        } catch (java.io.EOFException e) {
            throw InputException.of(source, "corrupt or truncated .npz archive (it ends inside a member)");
        } catch (IOException e) {
            throw InputException.of(source, "corrupt or truncated .npz archive (" + NpyReader.describe(e) + ")");
        }
        if (names.isEmpty()) {
            throw InputException.of(source, "corrupt or truncated .npz archive (no member found)");
        }
        for (String n : new java.util.TreeSet<>(names)) {
            requireUnique(source, n, members.stream().filter(m -> arrayName(m).equals(n)).toList());
        }
        return names;
    }

    /** Reads the array {@code name} from an archive's bytes, with the checks of a file. */
    public static NdArray read(String file, byte[] archive, String name, FloatArrays arrays) {
        return read(file, archive, name, names(file, archive), arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /**
     * The same where the archive's {@link #names(String, byte[])} are known (its whole bytes walked
     * once already), checking with the array what {@code after} will be allocated for it once it is read.
     */
    static NdArray read(String file, byte[] archive, String name, List<String> names, FloatArrays arrays,
                        MemoryBudget.AfterReading after) {
        String source = file + ":" + name;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || !(e.getName().equals(name + ".npy") || e.getName().equals(name))) {
                    continue;
                }
                // read as it inflates, as a file's member is: the array's header, checked against the
                // budget, says how much follows, and no copy of the inflated member is made (a 1.9 GB
                // array was inflated whole into bytes and then converted, twice its size)
                long declared = e.getSize();
                requireMemberReadable(source, e.getName(), declared);
                NdArray array = NpyReader.read(source, zip, declared, arrays, after);
                if (zip.read() != -1) {
                    throw InputException.of(source, declared >= 0 ? "the member holds more bytes than the archive records"
                            : "the member holds more bytes than its array's header announces");
                }
                return array;
            }
        } catch (ZipException e) {
            throw InputException.of(source, "corrupt .npz archive: " + NpyReader.describe(e));
        } catch (java.io.EOFException e) {
            throw InputException.of(source, "corrupt .npz archive: the array ends before its recorded size");
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + NpyReader.describe(e));
        }
        throw InputException.of(file, "has no array named '" + name + "' (it holds: " + String.join(", ", names) + ")");
    }

    /**
     * One member per array: ZipFile finds a repeated name's last member and a stream its first, and
     * NAME.npy and NAME both name the array NAME; neither is the array.
     */
    private static void requireUnique(String source, String array, List<String> members) {
        if (members.size() > 1) {
            throw InputException.of(source, "the archive holds " + members.size() + " members for the array " + array + " ("
                    + String.join(", ", members) + "); which one is the array is ambiguous");
        }
    }

    /**
     * The most bytes a member can hold and still be read: one buffer's worth of data ({@link NpyReader})
     * and the longest header.
     */
    static final long MAX_MEMBER_BYTES = MemoryBudget.MAX_ELEMENTS + 12 + NpyHeader.MAX_HEADER_BYTES;

    /**
     * Refuses a member no array could fill, wherever its bytes come from (a file here, a cluster's
     * bytes there): a stream inflates every member before the one it reads, so an archive bomb would
     * cost minutes before its array is even found. The array read is checked against the heap by its
     * header ({@link NpyReader}), with the working arrays to come: an archive's small size says
     * nothing of its array's.
     */
    private static void requireMemberReadable(String source, String member, long declared) {
        if (declared > MAX_MEMBER_BYTES) {
            throw InputException.of(source, "the member " + member + " inflates to " + declared + " bytes, more than the "
                    + MAX_MEMBER_BYTES + " bytes an array can take up here");
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw InputException.of(file.toString(), Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw InputException.of(file.toString(), "corrupt or truncated .npz archive (" + e.getMessage() + ")");
        }
    }

    private static String arrayName(String entryName) {
        return entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : entryName;
    }
}
