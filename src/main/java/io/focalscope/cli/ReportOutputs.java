package io.focalscope.cli;

import io.focalscope.io.InputException;
import io.focalscope.io.OutputFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a dataset command's report goes ({@code scan}, {@code label-issues}, {@code dynamics}): its
 * JSON and CSV to files, or one of them to standard output with {@code -}; the text summary to
 * standard output where neither takes it.
 */
record ReportOutputs(String json, String csv) {

    /** @throws InputException where both would write to standard output */
    ReportOutputs {
        if ("-".equals(json) && "-".equals(csv)) {
            throw new InputException("--json - and --csv - would both write to standard output; give one of them a file name");
        }
    }

    /** The files, for {@link OutputFiles#checkBeforeWork}; null for an option not given or standard output. */
    List<OutputFiles.Named> files() {
        return List.of(new OutputFiles.Named("--json", InputOptions.outputFile(json)), new OutputFiles.Named("--csv", InputOptions.outputFile(csv)));
    }

    /** Writes what was asked; each text is made only where it is written. */
    void write(PrintWriter out, Supplier<String> jsonText, Supplier<String> csvText, Supplier<String> summary) {
        write(out, csv, csvText);
        write(out, json, jsonText);
        if (!"-".equals(json) && !"-".equals(csv)) {
            out.print(summary.get());
        }
    }

    private static void write(PrintWriter out, String option, Supplier<String> text) {
        if ("-".equals(option)) {
            out.print(text.get());
        } else if (option != null) {
            Outputs.write(Path.of(option), text.get());
        }
    }
}
