package dev.laurel.game;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * The labeler's first visit: a banner on every labeler page until they finish or skip the onboarding,
 * the welcome page (points, quality, payouts, from the rule in force) and practice tasks answered in
 * the pairwise player, each followed by its explanation. Practice answers are checked and explained,
 * never stored: no points, no quality figure, no consensus.
 */
@Path("/welcome")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.LABELER)
public class OnboardingPages {
    private final Onboarding onboarding;
    private final RewardRules rules;
    private final PointsLedger ledger;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    OnboardingPages(Onboarding onboarding, RewardRules rules, PointsLedger ledger, Accounts accounts, SecurityIdentity identity) {
        this.onboarding = onboarding;
        this.rules = rules;
        this.ledger = ledger;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** One practice step: the task, where it is in the practice, and the feedback once answered (else null). */
    public record Step(Onboarding.PracticeTask task, int number, int total, Onboarding.Feedback feedback) {
        public boolean isLast() {
            return number >= total;
        }

        public int next() {
            return number + 1;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance welcome(Viewer me, RewardRule rule, String minSeconds,
                                               PointsLedger.ProbationStatus probation, int practiceTasks, boolean finished);

        static native TemplateInstance practice(Viewer me, Step step);

        static native TemplateInstance practice$turn(Step step);

        static native TemplateInstance banner(boolean show);
    }

    @GET
    public TemplateInstance welcome() {
        User me = accounts.current(identity);
        RewardRule rule = rules.current();
        String minSeconds = java.math.BigDecimal.valueOf(rule.minMillisPerTask, 3).stripTrailingZeros().toPlainString();
        return Templates.welcome(Viewer.of(me), rule, minSeconds, ledger.probation(me.id), onboarding.practice(me).size(),
                onboarding.isFinished(me.id));
    }

    /**
     * The first-visit banner the layout loads on labeler pages: empty once the onboarding is finished or skipped,
     * and on the onboarding's own pages (htmx names the page it is on).
     */
    @GET
    @Path("banner")
    public TemplateInstance banner(@HeaderParam("HX-Current-URL") String page) {
        return Templates.banner(!isOnTour(page) && !onboarding.isFinished(accounts.current(identity).id));
    }

    private static boolean isOnTour(String page) {
        try {
            String path = page == null ? null : URI.create(page.strip()).getPath();
            return path != null && path.startsWith("/welcome");
        } catch (IllegalArgumentException e) {
            return false; // not a URL: show the banner as anywhere else
        }
    }

    @GET
    @Path("practice")
    public TemplateInstance practice(@QueryParam("step") String step) {
        User me = accounts.current(identity);
        List<Onboarding.PracticeTask> tasks = onboarding.practice(me);
        int number = stepNumber(step, tasks.size());
        return Templates.practice(Viewer.of(me), new Step(tasks.get(number - 1), number, tasks.size(), null));
    }

    /** Checks a practice answer and shows why; with htmx only the player area is swapped. */
    @POST
    @Path("practice/{key}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance answer(@PathParam("key") String key, @FormParam("choice") String choice,
                                   @FormParam("step") String step, @HeaderParam("HX-Request") String htmx) {
        User me = accounts.current(identity);
        Onboarding.PracticeTask task = onboarding.task(me, key);
        int total = onboarding.practice(me).size();
        Step answered = new Step(task, stepNumber(step, total), total, onboarding.check(task, choice));
        return htmx == null ? Templates.practice(Viewer.of(me), answered) : Templates.practice$turn(answered);
    }

    /** Finishes (or skips) the onboarding and goes to the campaigns. */
    @POST
    @Path("done")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response done() {
        onboarding.finish(accounts.current(identity).id);
        return Response.seeOther(URI.create("/campaigns")).build();
    }

    private static int stepNumber(String value, int total) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1 && number <= total) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.notFound("There are " + total + " practice tasks; step " + value.strip() + " does not exist.");
    }
}
