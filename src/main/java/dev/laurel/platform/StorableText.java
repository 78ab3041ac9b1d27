package dev.laurel.platform;

import java.util.List;
import java.util.Optional;

/**
 * The one check that text can be stored: PostgreSQL's text types refuse U+0000, and a lone UTF-16 surrogate has no
 * UTF-8 form, so either would fail deep in a transaction as a 500. Every text entry point asks here first: uploads
 * per line ({@link Upload#rows}), every string of a JSON body ({@link StorableJson}), and the services' own inputs
 * (names, reasons, answers) however they arrive.
 */
public final class StorableText {
    private StorableText() {
    }

    /** What is wrong with the text as a sentence ending, or empty when it can be stored. */
    public static Optional<String> flaw(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("contains a NUL character (U+0000) at character " + (i + 1) + ", which cannot be stored; remove it.");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP, e.g. an emoji
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("contains a lone UTF-16 surrogate (U+%04X) at character %d, which is not"
                        + " a character and cannot be stored; remove it.", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    /** The text itself, or a 400 naming the field. */
    public static String require(String field, String text) {
        Optional<String> flaw = flaw(text);
        if (flaw.isPresent()) {
            throw Problem.badRequest("Field '" + field + "' " + flaw.get());
        }
        return text;
    }

    /** For a line of an upload: adds "Line N: field 'f' contains ..." to the upload's errors. */
    public static void check(int line, String field, String text, List<String> errors) {
        flaw(text).ifPresent(f -> errors.add("Line " + line + ": field '" + field + "' " + f));
    }
}
