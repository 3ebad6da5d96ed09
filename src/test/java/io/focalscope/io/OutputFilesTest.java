package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An image's output file under a folder: never outside it, whatever the image's name. */
class OutputFilesTest {

    @Test
    void anImagesFileStaysUnderTheFolder() {
        assertEquals("city/x/a_issues.npy", OutputFiles.perImageName("city/x/a", "_issues.npy"));
        assertEquals("city/x/a_issues.npy", OutputFiles.perImageName("city\\x\\a", "_issues.npy"));
        assertEquals("__/__/a_issues.npy", OutputFiles.perImageName("../../a", "_issues.npy"));
        assertEquals("a_issues.npy", OutputFiles.perImageName("/data/val/a", "_issues.npy"));
        assertEquals("a_issues.npy", OutputFiles.perImageName("hdfs://nn:8020/val/a", "_issues.npy"));
        assertEquals("x/__/b_issues.npy", OutputFiles.perImageName("x/../b", "_issues.npy"));
        assertEquals("..a_issues.npy", OutputFiles.perImageName("..a", "_issues.npy"));
    }
}
