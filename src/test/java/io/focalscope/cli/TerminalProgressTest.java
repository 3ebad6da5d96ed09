package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void theBarShowsImagesDoneTheRateAndTheTimeLeft() {
        assertEquals("[###############...............] 20/40 images  4.0/s  0:05 left", TerminalProgress.line(20, 40, 5.0));
        assertEquals("[##############################] 3/3 images  0.1/s  0:00 left", TerminalProgress.line(3, 3, 30));
    }

    @Test
    void nothingIsWrittenWhereStderrIsNotATerminal() {
        StringWriter err = new StringWriter();
        TerminalProgress p = new TerminalProgress(new PrintWriter(err), false);
        p.imageDone(1, 2);
        p.imageDone(2, 2);
        assertEquals("", err.toString());
    }
}
