package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "compute --gama 3 --logits a.npy --labels b.npy | compute: unknown option '--gama': did you mean --gamma? (see 'focalscope compute --help')",
        "compute --gamma-negg 3 --logits a.npy --labels b.npy | compute: unknown option '--gamma-negg': did you mean --gamma-neg? (see 'focalscope compute --help')",
        "compute --reductoin=sum --logits a.npy --labels b.npy | compute: unknown option '--reductoin': did you mean --reduction? (see 'focalscope compute --help')",
        "compute --ignore 0 --logits a.npy --labels b.npy | compute: unknown option '--ignore': did you mean --ignore-index? (see 'focalscope compute --help')",
        "compute --xyzzy --logits a.npy --labels b.npy | compute: unknown option '--xyzzy' (see 'focalscope compute --help')",
        // the required --logits it hides would be reported first by picocli
        "compute --logit a.npy --labels b.npy | compute: unknown option '--logit': did you mean --logits? (see 'focalscope compute --help')",
        "render --colourmap gray --logits a.npy --labels b.npy --out o.png | render: unknown option '--colourmap': did you mean --colormap? (see 'focalscope render --help')",
        "computee --gamma 2 | focalscope: unknown command 'computee': did you mean compute? (see 'focalscope --help')",
    })
    void aTypoIsNamedWithTheNearestOptionInOneLine(String commandLine, String expected) {
        CliRun run = CliRun.of(commandLine.split(" "));
        assertEquals(FocalscopeCli.EXIT_USAGE, run.exitCode());
        assertEquals("", run.out());
        assertEquals(expected + "\n", run.err());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"--gama,--gamma,1", "--gmama,--gamma,1", "--Gamma,--gamma,0", "--colourmap,--colormap,1", "--beta,--gamma,4"})
    void editsCountASwapOfNeighboursAsOne(String a, String b, int edits) {
        assertEquals(edits, UsageErrors.edits(a, b));
    }
}
