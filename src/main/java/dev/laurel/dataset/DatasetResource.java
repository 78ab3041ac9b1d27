package dev.laurel.dataset;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/datasets")
@Tag(name = "Datasets", description = "Versioned snapshots of a campaign's answers and their files; which files "
        + "depend on the campaign's task kind. Schemas (docs/datasets.md): pairs.jsonl = TRL reward format, one line "
        + "per (prompt, pair of replies) with a majority: {prompt, chosen, rejected, margin}, margin = |wins_A - wins_B| "
        + "/ votes on that (prompt, pair), ties and 'both bad' counted in votes but never chosen (pairwise and ranking "
        + "campaigns; a ranking puts each ranked reply above every reply ranked after it or left unranked); "
        + "pairs-conversational.jsonl = the same preferences in TRL's conversational format: {prompt: [{role, content}] "
        + "(the prompt's messages), chosen: [{role: assistant, content}], rejected: [{role: assistant, content}], margin}; "
        + "votes.jsonl = one line per pairwise vote: {prompt_id, prompt, model_a, model_b, response_a, response_b, winner "
        + "(model_a|model_b|tie|both_bad), labeler (pseudonym l_<32 hex> = HMAC-SHA256 of the labeler id with a server "
        + "secret), reliability (1.0 until labeler quality is measured), shown_left (model_a|model_b), created_at "
        + "(ISO-8601 UTC)}; votes.csv = the same votes without texts, columns prompt_id,model_a,model_b,winner,labeler,"
        + "reliability,shown_left,created_at. Ranking: rankings.jsonl {prompt_id, prompt, replies [{model, response}], "
        + "ranking [models best first], unranked [models], labeler, reliability, created_at} and rankings.csv. Rubric: "
        + "ratings.jsonl, one line per reply {prompt_id, prompt, model, response, scale, votes [{ratings, labeler, "
        + "reliability, created_at}], means} and ratings.csv (a column per dimension). Categorical: labels.jsonl, one "
        + "line per item {prompt_id, prompt, model, response, votes [{labels, labeler, reliability, created_at}], counts, "
        + "majority} and labels.csv (a 0/1 column per label). Correction: corrections.jsonl {prompt_id, prompt, model, "
        + "original, corrected, changed, words_added, words_removed, diff [{op, text}], labeler, reliability, created_at} "
        + "and sft.jsonl {prompt, completion} (TRL SFT). Model A is the candidate registered first. Rows are ordered by "
        + "prompt, reply and answer, so a file's SHA-256 never changes.")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class DatasetResource {
    private final Datasets datasets;
    private final HuggingFaceExport huggingFace;
    private final DatasetConfig config;
    private final Accounts accounts;
    private final SecurityIdentity identity;

    DatasetResource(Datasets datasets, HuggingFaceExport huggingFace, DatasetConfig config, Accounts accounts,
                    SecurityIdentity identity) {
        this.datasets = datasets;
        this.huggingFace = huggingFace;
        this.config = config;
        this.accounts = accounts;
        this.identity = identity;
    }

    /** A file of a snapshot: where to get it, the SHA-256 (hex) its bytes hash to, and its rows (CSV: without the header). */
    public record FileView(String name, String mediaType, String sha256, Long rows, String href) {
    }

    /**
     * @param kind          the campaign's task kind, which decides the files
     * @param contentSha256 SHA-256 of the canonical content, the file holding every answer with its texts
     * @param votes         accepted answers the version holds
     * @param pairs         rows of the TRL file (0 for kinds without one)
     */
    public record SnapshotView(long campaignId, int version, TaskKind kind, Instant createdAt, String contentSha256,
                               long votes, long pairs, long prompts, int models, List<FileView> files) {
        static SnapshotView of(DatasetSnapshot s) {
            String base = "/api/campaigns/" + s.campaignId + "/datasets/" + s.version + "/";
            List<FileView> files = new java.util.ArrayList<>();
            for (DatasetSnapshot.File file : Datasets.files(s)) {
                files.add(new FileView(file.name, DatasetFormat.ofFileName(file.name).mediaType(), file.sha256, file.rows,
                        base + file.name));
            }
            if (Datasets.sha256Of(s, DatasetFormat.PAIRS_JSONL) != null) {
                files.add(new FileView("trl-config.yaml", "application/yaml", null, null, base + "trl-config.yaml"));
            }
            files.add(new FileView(HuggingFaceExport.FILE_NAME, "application/zip", null, null, base + HuggingFaceExport.FILE_NAME));
            return new SnapshotView(s.campaignId, s.version, s.kind, s.createdAt, s.contentSha256, s.voteCount, s.pairCount,
                    s.promptCount, s.modelCount, List.copyOf(files));
        }
    }

    @POST
    @Operation(summary = "Snapshot the campaign's answers so far as its next dataset version",
            description = "Freezes which votes the version holds and records the SHA-256 of each file; downloading "
                    + "a file later always gives those exact bytes.")
    public Response create(@PathParam("id") long campaignId) {
        DatasetSnapshot snapshot = datasets.snapshot(accounts.current(identity), campaignId);
        return Response.status(201).entity(SnapshotView.of(snapshot)).build();
    }

    @GET
    @Operation(summary = "The campaign's dataset versions, newest first")
    public List<SnapshotView> list(@PathParam("id") long campaignId) {
        return datasets.snapshots(accounts.current(identity), campaignId).stream().map(SnapshotView::of).toList();
    }

    @GET
    @Path("{version}")
    @Operation(summary = "One dataset version: counts, hashes and its files")
    public SnapshotView get(@PathParam("id") long campaignId, @PathParam("version") int version) {
        return SnapshotView.of(datasets.find(accounts.current(identity), campaignId, version));
    }

    @GET
    @Path("{version}/" + HuggingFaceExport.FILE_NAME)
    @Operation(summary = "Download a dataset version as a Hugging Face dataset folder (zip, streamed)",
            description = "README.md (dataset card: YAML header with license, configs/data_files, features, split sizes "
                    + "and provenance) and Parquet files <config folder>/{train,test}-00000-of-00001.parquet, split by "
                    + "prompt: a prompt is in test when SHA-256(seed, prompt id) falls below testFraction. Pairwise and "
                    + "ranking: config default (data/) = TRL conversational preference {prompt, chosen, rejected as "
                    + "[{role, content}], margin}, standard = TRL standard preference, votes or rankings = the flat rows. "
                    + "Rubric, categorical: default = one row per answer. Correction: default = TRL conversational "
                    + "prompt-completion, corrections. Upload the unzipped folder to the Hub or load_dataset('parquet', ...) it.")
    @Produces({"application/zip", "application/problem+json"})
    public Response huggingFace(@PathParam("id") long campaignId, @PathParam("version") int version,
                                @QueryParam("testFraction") String testFraction, @QueryParam("seed") String seed,
                                @QueryParam("license") String license) {
        DatasetSnapshot snapshot = datasets.find(accounts.current(identity), campaignId, version);
        HuggingFaceExport.Options options = options(testFraction, seed, license);
        StreamingOutput body = out -> huggingFace.write(snapshot, options, out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + campaignId + "-v" + version + "-"
                        + HuggingFaceExport.FILE_NAME + "\"").build();
    }

    /** The export's options from the query, the configured defaults where a parameter is absent. */
    private HuggingFaceExport.Options options(String testFraction, String seed, String license) {
        double fraction = config.testFraction();
        if (testFraction != null && !testFraction.isBlank()) {
            try {
                fraction = Double.parseDouble(testFraction.trim());
            } catch (NumberFormatException e) {
                fraction = Double.NaN;
            }
            if (!(fraction >= 0 && fraction < 1)) {
                throw Problem.badRequest("testFraction is the share of prompts held out for the test split, a number "
                        + "from 0 to below 1 such as 0.1; '" + testFraction + "' is not.");
            }
        }
        long splitSeed = config.splitSeed();
        if (seed != null && !seed.isBlank()) {
            try {
                splitSeed = Long.parseLong(seed.trim());
            } catch (NumberFormatException e) {
                throw Problem.badRequest("seed is a whole number such as 42 that fixes the train/test split; '" + seed
                        + "' is not.");
            }
        }
        String id = license == null || license.isBlank() ? config.license() : license.trim();
        if (!id.matches(DatasetCard.LICENSE_PATTERN)) {
            throw Problem.badRequest("license is a Hugging Face license id such as cc-by-4.0, apache-2.0, mit or other "
                    + "(lower-case letters, digits, dots and dashes); '" + license + "' is not.");
        }
        return new HuggingFaceExport.Options(new TrainTestSplit(fraction, splitSeed), id);
    }

    @GET
    @Path("{version}/{file}")
    @Operation(summary = "Download a file of a dataset version (streamed): the files the version lists, e.g. pairs.jsonl "
            + "(TRL reward format), pairs-conversational.jsonl (TRL conversational preference), votes.jsonl, votes.csv, "
            + "rankings.jsonl, ratings.csv, labels.jsonl, corrections.jsonl, sft.jsonl, labelstudio.json (Label Studio "
            + "tasks), argilla.json (Argilla records), or trl-config.yaml (a ready TRL RewardTrainer configuration, when "
            + "the version has pairs)",
            description = "The ETag and Repr-Digest headers carry the file's SHA-256, recorded when the version was made.")
    @Produces({"application/jsonl", "application/json", "text/csv", "application/yaml", "application/problem+json"})
    public Response download(@PathParam("id") long campaignId, @PathParam("version") int version,
                             @PathParam("file") String file) {
        DatasetSnapshot snapshot = datasets.find(accounts.current(identity), campaignId, version);
        String prefix = "campaign-" + campaignId + "-v" + version + "-";
        if (file.equals("trl-config.yaml") && Datasets.sha256Of(snapshot, DatasetFormat.PAIRS_JSONL) != null) {
            return Response.ok(TrlRewardConfig.yaml(snapshot), "application/yaml")
                    .header("Content-Disposition", "attachment; filename=\"" + prefix + file + "\"").build();
        }
        DatasetFormat format = DatasetFormat.ofFileName(file);
        if (format == null || Datasets.sha256Of(snapshot, format) == null) {
            throw Problem.notFound("Version " + version + " of campaign " + campaignId + " has the files "
                    + Datasets.fileNames(snapshot) + "; '" + file + "' is none of them.");
        }
        String sha256 = Datasets.sha256Of(snapshot, format);
        StreamingOutput body = out -> datasets.write(snapshot, format, out);
        return Response.ok(body, format.mediaType() + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + prefix + file + "\"")
                .header("ETag", "\"" + sha256 + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":")
                .build();
    }
}
