package dev.laurel.campaign;

/** What labelers are asked to do with a task. */
public enum TaskKind {
    /** Compare two replies to one prompt: A, B, tie or both bad, with optional flags per reply. */
    PAIRWISE,
    /** Order k replies to one prompt from best to worst (or only the best few). */
    RANKING,
    /** Rate one reply on each of the campaign's dimensions on a 5- or 7-point scale. */
    RUBRIC,
    /** Pick one (or several) of the campaign's labels for a prompt item or a reply. */
    CATEGORICAL,
    /** Edit one reply into what it should have said. */
    CORRECTION
}
