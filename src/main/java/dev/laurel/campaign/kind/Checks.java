package dev.laurel.campaign.kind;

import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks several kinds share: names in settings, names and numbers in answers and forms. */
public final class Checks {
    /** Flags and rubric dimensions. */
    public static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _'-]{0,39}");
    public static final String NAME_RULE = "1 to 40 letters, digits, spaces, _ ' or -";

    private Checks() {
    }

    /** Names of a setting (flags, labels), trimmed; duplicates (ignoring case) and names not matching {@code pattern} are errors. */
    public static List<String> names(List<String> given, String what, int min, int max, Pattern pattern, String rule,
                                     List<String> errors) {
        if (given.size() > max || given.size() < min) {
            errors.add("Give " + min + " to " + max + " " + what + "s, not " + given.size() + ".");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : given) {
            String name = raw == null ? "" : raw.strip();
            if (!pattern.matcher(name).matches()) {
                errors.add("'" + name + "' is not a valid " + what + ": use " + rule + ".");
            } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                errors.add("The " + what + " '" + name + "' is listed twice.");
            }
            names.add(name);
        }
        return names;
    }

    /** The canonical spelling of a name from {@code allowed}, matched ignoring case, or a clear error. */
    public static String known(String name, List<String> allowed, String what, String whyNone) {
        String given = name == null ? "" : name.strip();
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(given)) {
                return candidate;
            }
        }
        throw Problem.badRequest(what + " '" + given + "' is not one of "
                + (whyNone != null ? "them: " + whyNone : String.join(", ", allowed)) + ".");
    }

    /** A whole number typed into a form. */
    public static Integer number(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + value + "' is not a number.");
        }
    }

    /** A whole number typed into the wizard, null when empty; a word is a problem named after the field's {@code label}. */
    public static Integer whole(String label, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            problems.add(label + " must be a whole number, not '" + shorten(value.strip()) + "'.");
            return null;
        }
    }

    /** The non-empty entries of a text split at {@code separator}, trimmed. */
    public static List<String> entries(String text, String separator) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A value quoted in an error, cut at 40 characters. */
    public static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** The first value of a form field, or null. */
    public static String first(Map<String, List<String>> form, String field) {
        List<String> values = form.get(field);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
