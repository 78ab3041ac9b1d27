package dev.laurel.quality;

import java.util.Objects;

/**
 * One crowd answer: {@code labeler} gave class {@code value} to {@code item}.
 * Classes are numbered {@code 0 .. classes-1}; callers map their own answer schema onto that range.
 */
public record Label(String item, String labeler, int value) {

    public Label {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(labeler, "labeler");
    }
}
