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

    private static Configuration conf(String other) {
        Configuration conf = new Configuration(false);
        RacingFileSystem.settings(other).forEach(conf::set);
        return conf;
    }

    private static String[] leftovers(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void anotherAttemptsIdenticalFileIsTakenAsThisOne(@TempDir Path folder) throws Exception {
        byte[] mask = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 1};
        SparkFiles.write(RacingFileSystem.SCHEME + "://" + folder.resolve("a_issues.npy"), mask, conf("same"));
        assertArrayEquals(mask, Files.readAllBytes(folder.resolve("a_issues.npy")));
        assertArrayEquals(new String[] {"a_issues.npy"}, leftovers(folder), "no temporary file left");
    }

    @Test
    void anotherWritersDifferentFileEndsTheWriteInOneLine(@TempDir Path folder) throws Exception {
        String uri = RacingFileSystem.SCHEME + "://" + folder.resolve("a_issues.npy");
        InputException e = assertThrows(InputException.class, () -> SparkFiles.write(uri, new byte[] {1, 2, 3}, conf("something else")));
        assertEquals(uri + ": cannot write: could not move ", e.getMessage().substring(0, (uri + ": cannot write: could not move ").length()));
        assertArrayEquals(new String[] {"a_issues.npy"}, leftovers(folder), "the other file stays, no temporary file");
    }
}
