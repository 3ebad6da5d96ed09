package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training side and ours together: tools/focalscope_dump.py's own tests, then a run it writes
 * from a small torch model (float32, float16 and compressed epochs, images in a sub-folder), read
 * by {@code focalscope dynamics}. Needs Debian's python3-torch ({@code .ci/run} installs it); skipped
 * without it.
 */
class FocalscopeDumpTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    static boolean torchInstalled() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").redirectErrorStream(true).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static String python(Path dir, String... args) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        b.environment().put("PYTHONPATH", Path.of("tools").toAbsolutePath().toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // a generous deadline: torch's first import is slow on a loaded machine
        assertEquals(true, p.waitFor(10, TimeUnit.MINUTES), "python did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theHelpersTestsPassAndTheRunItWritesIsFollowed() throws Exception {
        assumeTrue(torchInstalled(), "Debian's python3-torch is installed");
        python(Path.of("").toAbsolutePath(), PYTHON.toString(), "-m", "unittest", "tools/test_focalscope_dump.py");
        python(tmp, PYTHON.toString(), "-c", String.join("\n",
                "import torch",
                "from focalscope_dump import dump_epoch",
                "torch.manual_seed(0)",
                "model = torch.nn.Conv2d(3, 5, 3, padding=1)",
                "x = torch.randn(4, 3, 12, 16)",
                "y = torch.randint(0, 5, (4, 12, 16)); y[:, 0] = 255",
                "for epoch in (1, 2, 3):",
                "    with torch.no_grad():",
                "        dump_epoch('run', epoch, ['a', 'b', 'city/c', 'city/d'], model(x), y, half=epoch == 2, compress=epoch == 3)"));
        CliRun r = CliRun.of("dynamics", tmp.resolve("run").toString(), "--labels-dir", tmp.resolve("run/labels").toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("epoch_0001", "epoch_0002", "epoch_0003"), j.getAsJsonArray("epochs").asList().stream()
                .map(e -> e.getAsString()).toList());
        assertEquals(4, j.get("images").getAsInt());
        assertEquals(0, j.getAsJsonArray("failed").size());
        assertEquals(4 * 11 * 16, j.get("pixels").getAsLong());
        assertEquals(List.of("a", "b", "city/c", "city/d"), j.getAsJsonArray("perImage").asList().stream()
                .map(e -> e.getAsJsonObject().get("name").getAsString()).sorted().toList());
    }
}
