package dev.laurel.account;

import dev.laurel.platform.AuditEntry;
import dev.laurel.platform.AuditLog;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin's users and teams: find users, create users and teams, and on a user's page change their role,
 * disable or enable them and reset their password. Every change is audited ({@link AccountAdministration}).
 */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class UserPages {
    /** How many audit entries the pages show. */
    static final int AUDIT_SHOWN = 50;

    private final AccountAdministration administration;
    private final Accounts accounts;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    UserPages(AccountAdministration administration, Accounts accounts, AuditLog audit, SecurityIdentity identity) {
        this.administration = administration;
        this.accounts = accounts;
        this.audit = audit;
        this.identity = identity;
    }

    /** The search as typed, kept in the form. */
    public record Search(String query, String role) {
    }

    /** The create-user form as typed, kept when it is refused. */
    public record NewUserForm(String username, String role, String team) {
        static final NewUserForm EMPTY = new NewUserForm("", Role.LABELER, "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(Viewer me, Search search, List<AccountAdministration.UserRow> users,
                                             boolean truncated, List<AccountAdministration.TeamRow> teams,
                                             NewUserForm form, AccountAdministration.TemporaryPassword created,
                                             String notice, String error, List<AuditEntry> audit);

        static native TemplateInstance user(Viewer me, AccountAdministration.UserRow user,
                                            List<AccountAdministration.TeamRow> teams, boolean self,
                                            AccountAdministration.TemporaryPassword password, String notice,
                                            String error, List<AuditEntry> audit);
    }

    @GET
    public TemplateInstance list(@QueryParam("q") String query, @QueryParam("role") String role) {
        Search search = new Search(query == null ? "" : query.strip(), role == null ? "" : role.strip());
        try {
            return list(search, NewUserForm.EMPTY, null, null, null);
        } catch (Problem e) {
            return list(new Search(search.query(), ""), NewUserForm.EMPTY, null, null, e.getMessage());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("role") String role, @FormParam("team") String team) {
        NewUserForm form = new NewUserForm(username == null ? "" : username, role == null ? "" : role, team == null ? "" : team);
        Search all = new Search("", "");
        try {
            boolean generated = password == null || password.isBlank();
            String secret = generated ? AccountAdministration.generatePassword() : password;
            User user = administration.createUser(accounts.current(identity), username, secret, role, team);
            return Response.status(201).entity(list(all, NewUserForm.EMPTY,
                    new AccountAdministration.TemporaryPassword(user.username, secret, generated),
                    "User '" + user.username + "' created.", null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(list(all, form, null, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("teams")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createTeam(@FormParam("name") String name) {
        Search all = new Search("", "");
        try {
            Team team = administration.createTeam(accounts.current(identity), name);
            return Response.status(201).entity(list(all, new NewUserForm("", Role.MODELER, team.name), null,
                    "Team '" + team.name + "' created.", null)).build();
        } catch (Problem e) {
            return Response.status(e.status()).entity(list(all, NewUserForm.EMPTY, null, null, e.getMessage())).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance user(@PathParam("id") long id) {
        return user(id, null, null, null);
    }

    @POST
    @Path("{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("id") long id, @FormParam("role") String role, @FormParam("team") String team) {
        return act(id, () -> {
            AccountAdministration.UserRow user = administration.changeRole(accounts.current(identity), id, role, team);
            return "'" + user.username() + "' is now " + user.role()
                    + (user.team() == null ? "" : " of team '" + user.team() + "'") + "; their login sessions ended.";
        });
    }

    @POST
    @Path("{id}/disable")
    public Response disable(@PathParam("id") long id) {
        return act(id, () -> "'" + administration.setDisabled(accounts.current(identity), id, true).username()
                + "' is disabled: their sessions ended and their API tokens stopped.");
    }

    @POST
    @Path("{id}/enable")
    public Response enable(@PathParam("id") long id) {
        return act(id, () -> "'" + administration.setDisabled(accounts.current(identity), id, false).username()
                + "' is enabled and can log in again.");
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@PathParam("id") long id, @FormParam("password") String password) {
        try {
            AccountAdministration.TemporaryPassword reset = administration.resetPassword(accounts.current(identity), id, password);
            return Response.ok(user(id, reset, "The password of '" + reset.username()
                    + "' is reset and their login sessions ended.", null)).build();
        } catch (Problem e) {
            return failure(id, e);
        }
    }

    private Response act(long id, Supplier<String> action) {
        try {
            String notice = action.get();
            return Response.ok(user(id, null, notice, null)).build();
        } catch (Problem e) {
            return failure(id, e);
        }
    }

    /** A refused action: the user's page with the reason, or the list if there is no such user. */
    private Response failure(long id, Problem e) {
        if (e.status() == 404) {
            return Response.status(404).entity(list(new Search("", ""), NewUserForm.EMPTY, null, null, e.getMessage())).build();
        }
        return Response.status(e.status()).entity(user(id, null, null, e.getMessage())).build();
    }

    private TemplateInstance list(Search search, NewUserForm form, AccountAdministration.TemporaryPassword created,
                                  String notice, String error) {
        List<AccountAdministration.UserRow> users = administration.search(search.query(), search.role());
        return Templates.users(Viewer.of(accounts.current(identity)), search, users,
                users.size() >= AccountAdministration.SEARCH_LIMIT, administration.teams(), form, created, notice, error,
                audit.recent(AUDIT_SHOWN, "user.", "team."));
    }

    private TemplateInstance user(long id, AccountAdministration.TemporaryPassword password, String notice, String error) {
        User me = accounts.current(identity);
        AccountAdministration.UserRow user = administration.user(id);
        return Templates.user(Viewer.of(me), user, administration.teams(), user.id() == me.id, password, notice, error,
                audit.about("user " + user.username(), AUDIT_SHOWN));
    }
}
