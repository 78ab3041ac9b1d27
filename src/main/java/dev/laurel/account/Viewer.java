package dev.laurel.account;

/** Who is looking at a page: what the shared layout needs to draw the navigation. */
public record Viewer(String username, String role) {
    public static final Viewer ANONYMOUS = new Viewer(null, null);

    public static Viewer of(User user) {
        return new Viewer(user.username, user.role);
    }

    public boolean isLoggedIn() {
        return username != null;
    }

    public boolean isAdmin() {
        return Role.ADMIN.equals(role);
    }

    public boolean isModeler() {
        return Role.MODELER.equals(role);
    }

    public boolean isLabeler() {
        return Role.LABELER.equals(role);
    }
}
