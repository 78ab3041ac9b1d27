package dev.laurel.campaign;

/** What labelers are asked to do. The foundation serves pairwise preference; the others follow. */
public enum TaskKind {
    PAIRWISE
}
