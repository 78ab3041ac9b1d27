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
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import jakarta.ws.rs.Consumes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
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
    private final UploadConfig uploads;
    private final ScorerUploads scorers;

    TrainingPages(TrainingJobs jobs, RewardModels models, Accounts accounts, SecurityIdentity identity, UploadConfig uploads,
                  ScorerUploads scorers) {
        this.jobs = jobs;
        this.scorers = scorers;
        this.models = models;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    /** A job as the pages show it: how far it is, and its chart. */
    public record JobState(TrainingJob job, int epochsDone, int maxEpochs, int percent, TrainingChart.Chart chart,
                           RewardHeadTrainer.Mode mode) {
        /** What is trained, in words: the page says which mode a job runs in. */
        public String getModeText() {
            if (job.baseArtifact != null) {
                return "fine-tuning an uploaded scorer";
            }
            return mode == RewardHeadTrainer.Mode.END_TO_END ? "end to end: encoder and head" : "head on the frozen encoder";
        }

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
        static native TemplateInstance list(Viewer me, List<TrainingJob> jobs, List<Version> versions, List<ScorerUpload> scorers);

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
        List<ScorerUpload> uploaded = new ArrayList<>(scorers.visibleTo(me));
        Collections.reverse(uploaded);
        return Templates.list(Viewer.of(me), visible, versions, uploaded);
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

    /**
     * The page's training form: a TRL preference file (JSONL, or CSV by its name) and the few settings a
     * person picks; the rest are the API's defaults. Starts the job and opens its live page.
     */
    @POST
    @Path("jobs")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Role.MODELER)
    public Response train(@RestForm("file") FileUpload file, @RestForm("epochs") String epochs,
                          @RestForm("batchSize") String batchSize, @RestForm("patience") String patience,
                          @RestForm("mode") String mode) {
        if (file == null || file.size() == 0) {
            throw Problem.badRequest("Choose a preference file (JSONL or CSV with prompt, chosen and rejected) to train on.");
        }
        User me = accounts.current(identity);
        Upload.Format format = file.fileName() != null && file.fileName().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? Upload.Format.CSV : Upload.Format.JSONL;
        String text;
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            text = Upload.readText(in, uploads.maxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RewardHeadTrainer.Settings settings = RewardModelResource.settings(RewardModelResource.mode(mode), whole("Epochs", epochs),
                null, null, null, null,
                whole("Batch size", batchSize), whole("Patience", patience), null);
        TrainingJob job = jobs.submit(me, jobs.parsePairs(text, format), settings);
        return Response.seeOther(URI.create("/reward-models/jobs/" + job.id)).build();
    }

    /** A number field of the form; left empty it takes the default (null). */
    private static Integer whole(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(field + " must be a whole number, not '" + value.strip() + "'.");
        }
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
        RewardHeadTrainer.Settings settings = jobs.settings(job);
        int max = settings.maxEpochs();
        // epochs of training proper: the end-to-end mode's probe (epoch 0) comes before them
        int done = (int) points.stream().filter(p -> p.epoch() >= 1).count();
        // early stopping ends a job before its maximum: a finished job is complete
        int percent = job.status == TrainingJob.Status.SUCCEEDED ? 100 : (int) Math.min(100, Math.round(100.0 * done / max));
        return new JobState(job, done, max, percent, TrainingChart.of(points), settings.mode());
    }
}
