package dev.laurel.platform;

import java.util.List;

/**
 * A failure a person can act on, answered as RFC 9457 {@code application/problem+json} by
 * {@link ProblemMapper}: a status, a short title, a sentence saying what went wrong, and for uploads
 * one entry per bad line.
 */
public class Problem extends RuntimeException {
    private final int status;
    private final String title;
    private final List<String> errors;

    public Problem(int status, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad request", detail, List.of());
    }

    public static Problem invalidUpload(String detail, List<String> errors) {
        return new Problem(400, "Invalid upload", detail, errors);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "Forbidden", detail, List.of());
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", detail, List.of());
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail, List.of());
    }

    public static Problem tooLarge(String detail) {
        return new Problem(413, "Payload too large", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }
}
