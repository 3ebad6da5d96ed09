package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weights}: the table a user reads, against the formula, and what it says where there is nothing to weigh. */
class WeightsCommandTest {

    @TempDir
    Path tmp;

    private String labels(String name, int... values) {
        Path file = tmp.resolve(name);
        NpyWriter.write(file, NdArray.ofBytes(name, new int[] {1, 2, 3}, values));
        return file.toString();
    }

    @Test
    void theTableHoldsEachClassesCountShareAndWeight() {
        String a = labels("a_labels.npy", 0, 0, 1, 2, 255, 0);
        String b = labels("b_labels.npy", 0, 3, 3, 0, 0, 0);
        CliRun run = CliRun.of("weights", a, b, "--classes", "5");
        assertEquals(0, run.exitCode(), run.err());
        long[] n = {7, 1, 1, 2, 0};
        StringBuilder want = new StringBuilder("2 label files, 5 classes, 11 labelled pixels; enet(c=1.1) weights:\n"
                + " class           pixels      share       weight\n");
        for (int c = 0; c < n.length; c++) {
            double w = 1 / Math.log(1.10 + n[c] / 11.0); // the post's weighting
            want.append(String.format(Locale.ROOT, "%6d %,16d %9.4f%% %12.6g%n", c, n[c], 100.0 * n[c] / 11, w));
        }
        assertEquals(want.toString(), run.out());
        assertEquals("", run.err());
    }

    @Test
    void effectiveNumberWeightsThatComeOutUniformAreSaidSo() {
        // a rarest class of one pixel: the hint is 0.999 (1 - 1/n would be 0, farther from 1 than the β given)
        String a = labels("a_labels.npy", 0, 0, 1, 2, 255, 0);
        CliRun run = CliRun.of("weights", a, "--scheme", "effective", "--beta", "1e-7");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("focalscope: warning: effective-number weights are uniform: β^n underflows for every class (β = 1.0E-7, rarest class"
                + " 1 pixels, β^n = 1.0e-07); take β closer to 1, such as 0.99900000\n", run.err());
    }

    @Test
    void nothingToWeighIsSaidAndEndsInOne() {
        CliRun none = CliRun.of("weights", labels("z_labels.npy", 255, 255, 255, 255, 255, 255));
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, none.exitCode());
        assertEquals("focalscope: no labelled pixel in the files read\n", none.err());
        Path missing = tmp.resolve("nothing.npy");
        CliRun unread = CliRun.of("weights", missing.toString());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, unread.exitCode());
        assertEquals("focalscope: skipped " + missing + ": no such file\nfocalscope: no label file could be read\n", unread.err());
        assertEquals("", unread.out());
    }
}
