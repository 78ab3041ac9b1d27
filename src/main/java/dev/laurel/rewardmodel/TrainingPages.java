package dev.laurel.rewardmodel;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The model team's reward-model pages: jobs and versions (with the switch that activates one), and a
 * job's live page — progress bar and loss / accuracy / margin chart, refreshed by htmx polling while
 * the job is queued or running.
 */
@Path("/reward-models")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class TrainingPages {
    private final TrainingJobs jobs;
    private final RewardModels models;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    TrainingPages(TrainingJobs jobs, RewardModels models, Accounts accounts, SecurityIdentity identity) {
        this.jobs = jobs;
        this.models = models;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A job as the pages show it: how far it is, and its chart. */
    public record JobState(TrainingJob job, int epochsDone, int maxEpochs, int percent, TrainingChart.Chart chart) {
        public boolean isLive() {
            return job.status == TrainingJob.Status.QUEUED || job.status == TrainingJob.Status.RUNNING;
        }

        public String getShortHash() {
            return job.dataHash.substring(0, 12);
        }

        public String getStatusText() {
            return job.status.name().toLowerCase(Locale.ROOT);
        }
    }

    /** A model version in the table, its accuracy formatted. */
    public record Version(RewardModel model, String accuracy) {
        static Version of(RewardModel m) {
            return new Version(m, m.validationAccuracy == null ? "–" : String.format(Locale.ROOT, "%.3f", m.validationAccuracy));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Viewer me, List<TrainingJob> jobs, List<Version> versions);

        static native TemplateInstance job(Viewer me, JobState state, Version model);

        static native TemplateInstance job$live(JobState state, Version model);
    }

    @GET
    public TemplateInstance list() {
        User me = accounts.current(identity);
        List<TrainingJob> visible = new ArrayList<>(jobs.visibleTo(me));
        Collections.reverse(visible); // newest first
        List<Version> versions = new ArrayList<>(models.visibleTo(me).stream().map(Version::of).toList());
        Collections.reverse(versions);
        return Templates.list(Viewer.of(me), visible, versions);
    }

    @GET
    @Path("jobs/{id}")
    public TemplateInstance job(@PathParam("id") long id) {
        User me = accounts.current(identity);
        JobState state = state(jobs.visible(me, id));
        return Templates.job(Viewer.of(me), state, model(me, state.job()));
    }

    /** The part of the job page that htmx replaces every few seconds while the job is live. */
    @GET
    @Path("jobs/{id}/live")
    public TemplateInstance live(@PathParam("id") long id) {
        User me = accounts.current(identity);
        JobState state = state(jobs.visible(me, id));
        return Templates.job$live(state, model(me, state.job()));
    }

    @POST
    @Path("{id}/activate")
    public Response activate(@PathParam("id") long id) {
        models.activate(accounts.current(identity), id);
        return Response.seeOther(URI.create("/reward-models")).build();
    }

    private Version model(User me, TrainingJob job) {
        return job.modelId == null ? null : Version.of(models.visible(me, job.modelId));
    }

    JobState state(TrainingJob job) {
        List<TrainingChart.Point> points = jobs.epochs(job.id).stream().map(TrainingChart.Point::of).toList();
        int max = jobs.settings(job).maxEpochs();
        int done = points.size();
        // early stopping ends a job before its maximum: a finished job is complete
        int percent = job.status == TrainingJob.Status.SUCCEEDED ? 100 : (int) Math.min(100, Math.round(100.0 * done / max));
        return new JobState(job, done, max, percent, TrainingChart.of(points));
    }
}
