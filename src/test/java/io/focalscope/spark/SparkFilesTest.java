package io.focalscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing an output through Hadoop when another attempt of the same task writes it too. */
class SparkFilesTest {

    private static Configuration conf(String other, boolean deleteFirst) {
        Configuration conf = new Configuration(false);
        RacingFileSystem.settings(other, deleteFirst).forEach(conf::set);
        return conf;
    }

    private static String[] leftovers(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    /** With an earlier run's file there, which the other attempt may delete first, or not. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"false, false", "true, false", "true, true"})
    void anotherAttemptsIdenticalFileIsTakenAsThisOne(boolean earlierFile, boolean deletedFirst, @TempDir Path folder) throws Exception {
        byte[] mask = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 1};
        if (earlierFile) {
            Files.write(folder.resolve("a_issues.npy"), new byte[] {7, 7});
        }
        SparkFiles.write(RacingFileSystem.SCHEME + "://" + folder.resolve("a_issues.npy"), mask, conf("same", deletedFirst));
        assertArrayEquals(mask, Files.readAllBytes(folder.resolve("a_issues.npy")));
        assertArrayEquals(new String[] {"a_issues.npy"}, leftovers(folder), "no temporary file left");
    }

    @Test
    void anotherWritersDifferentFileEndsTheWriteInOneLine(@TempDir Path folder) throws Exception {
        String uri = RacingFileSystem.SCHEME + "://" + folder.resolve("a_issues.npy");
        InputException e = assertThrows(InputException.class, () -> SparkFiles.write(uri, new byte[] {1, 2, 3}, conf("something else", false)));
        assertEquals(uri + ": cannot write: could not move ", e.getMessage().substring(0, (uri + ": cannot write: could not move ").length()));
        assertArrayEquals(new String[] {"a_issues.npy"}, leftovers(folder), "the other file stays, no temporary file");
    }
}
