package io.focalscope.options;

import io.focalscope.io.InputException;
import io.focalscope.loss.LossTerm;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The loss term and its parameters, as every command that computes takes them: {@code --loss} and
 * the options of the chosen term. An option the chosen term does not take is refused, never ignored.
 */
public final class TermOptions {

    @Option(names = "--loss", defaultValue = "focal", paramLabel = "TERM",
            description = "focal; poly1 (focal + ε(1-p_t)^(γ+1), Leng et al. 2022); flsd53 (γ 5 where p_t < 0.2, else 3,"
                    + " Mukhoti et al. 2020); asl (asymmetric loss, sigmoid only, Ridnik et al. 2021) (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--gamma", paramLabel = "γ", description = "Focusing parameter of focal and poly1, 0 to 1000 (default: 2).")
    Double gamma;

    @Option(names = "--epsilon", paramLabel = "ε", description = "With poly1: ε, >= -1 (default: 1).")
    Double epsilon;

    @Option(names = "--gamma-pos", paramLabel = "γ+", description = "With asl: γ of positive targets (default: 1).")
    Double gammaPos;

    @Option(names = "--gamma-neg", paramLabel = "γ-", description = "With asl: γ of negative targets (default: 4).")
    Double gammaNeg;

    @Option(names = "--clip", paramLabel = "CLIP", description = "With asl: the probability shift of negatives, in [0, 1) (default: 0.05).")
    Double clip;

    /** The term, checked: its parameters in range, and no option of another term. */
    public LossTerm term() {
        String name = loss.trim().toLowerCase(Locale.ROOT);
        if (!LossTerm.NAMES.contains(name)) {
            throw new InputException("--loss: '" + loss + "' is none of " + String.join(", ", LossTerm.NAMES));
        }
        refuse(epsilon, "--epsilon", "poly1", name);
        refuse(gammaPos, "--gamma-pos", "asl", name);
        refuse(gammaNeg, "--gamma-neg", "asl", name);
        refuse(clip, "--clip", "asl", name);
        if (gamma != null && name.equals("asl")) {
            throw new InputException("--loss asl takes --gamma-pos and --gamma-neg, not --gamma");
        }
        if (gamma != null && name.equals("flsd53")) {
            throw new InputException("--loss flsd53 picks γ per pixel (5 where p_t < 0.2, else 3) and takes no --gamma");
        }
        double g = gamma == null ? LossTerm.DEFAULT_GAMMA : gamma;
        LossTerm.Asl asl = LossTerm.Asl.DEFAULT;
        return switch (name) {
            case "poly1" -> new LossTerm.Poly1(g, epsilon == null ? LossTerm.Poly1.DEFAULT_EPSILON : epsilon);
            case "flsd53" -> new LossTerm.Flsd53();
            case "asl" -> new LossTerm.Asl(gammaPos == null ? asl.gammaPos() : gammaPos, gammaNeg == null ? asl.gammaNeg() : gammaNeg,
                    clip == null ? asl.clip() : clip);
            default -> new LossTerm.Focal(g);
        };
    }

    private static void refuse(Double value, String option, String term, String chosen) {
        if (value != null && !chosen.equals(term)) {
            throw new InputException(option + " applies to --loss " + term + ", not --loss " + chosen);
        }
    }
}
