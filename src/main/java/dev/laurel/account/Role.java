package dev.laurel.account;

/** The three roles; a user has exactly one. Strings because {@code @RolesAllowed} needs constants. */
public final class Role {
    public static final String LABELER = "labeler";
    public static final String MODELER = "modeler";
    public static final String ADMIN = "admin";

    public static boolean isValid(String role) {
        return LABELER.equals(role) || MODELER.equals(role) || ADMIN.equals(role);
    }

    private Role() {
    }
}
