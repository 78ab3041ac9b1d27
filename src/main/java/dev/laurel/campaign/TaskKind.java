package dev.laurel.campaign;

import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.categorical.CategoricalKind;
import dev.laurel.campaign.kind.correction.CorrectionKind;
import dev.laurel.campaign.kind.pairwise.PairwiseKind;
import dev.laurel.campaign.kind.ranking.RankingKind;
import dev.laurel.campaign.kind.rubric.RubricKind;

/** What labelers are asked to do with a task; what each kind knows lives in its {@link #spec()}. */
public enum TaskKind {
    /** Compare two replies to one prompt: A, B, tie or both bad, with optional flags per reply. */
    PAIRWISE(new PairwiseKind()),
    /** Order k replies to one prompt from best to worst (or only the best few). */
    RANKING(new RankingKind()),
    /** Rate one reply on each of the campaign's dimensions on a 5- or 7-point scale. */
    RUBRIC(new RubricKind()),
    /** Pick one (or several) of the campaign's labels for a prompt item or a reply. */
    CATEGORICAL(new CategoricalKind()),
    /** Edit one reply into what it should have said. */
    CORRECTION(new CorrectionKind());

    private final KindSpec spec;

    TaskKind(KindSpec spec) {
        this.spec = spec;
    }

    /** The kind's settings, answers, form and consensus space (see {@code campaign/kind/<kind>/}). */
    public KindSpec spec() {
        return spec;
    }
}
