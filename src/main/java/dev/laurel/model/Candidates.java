package dev.laurel.model;

import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.platform.Channels;
import dev.laurel.platform.OutboundAddresses;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The candidate registry and the replies (generations) candidates give to a campaign's prompts. */
@ApplicationScoped
public class Candidates {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:/+-]{1,120}");
    static final int MAX_TEXT = 100_000; // also caps generated replies (GenerationJobs)
    /** Prompts per {@code GenerationCompleted} event an upload of outputs sends (one pre-scoring pass each). */
    private static final int COMPLETED_SLICE = 200;

    private final Campaigns campaigns;
    private final EndpointKeys keys;
    private final ModelConfig config;
    private final GenerationJobs jobs;
    private final OutboundAddresses outbound;
    private final Outbox outbox;
    private final Generators generators;

    Candidates(Campaigns campaigns, EndpointKeys keys, ModelConfig config, GenerationJobs jobs, OutboundAddresses outbound,
               Outbox outbox, Generators generators) {
        this.generators = generators;
        this.campaigns = campaigns;
        this.keys = keys;
        this.config = config;
        this.jobs = jobs;
        this.outbound = outbound;
        this.outbox = outbox;
    }

    /**
     * A candidate to register. Generating kinds take sampling settings (temperature, topP, maxTokens,
     * seed); OPENAI_COMPATIBLE also baseUrl, model and apiKey (stored encrypted, never shown again).
     */
    public record NewCandidate(String name, Candidate.Kind kind, Double temperature, Double topP, Integer maxTokens,
                               Long seed, String baseUrl, String model, String apiKey) {
        public NewCandidate(String name, Candidate.Kind kind) {
            this(name, kind, null, null, null, null, null, null, null);
        }
    }

    /** A reply as the task factory needs it: which candidate gave which generation. */
    public record Reply(long candidateId, long generationId) {
    }

    @Transactional
    public Candidate register(User owner, NewCandidate request) {
        if (owner.teamId == null) {
            throw Problem.forbidden("Only a member of a model team can register candidates.");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw Problem.badRequest("A candidate name has 1 to 120 letters, digits, spaces or . _ : / + -.");
        }
        Candidate.Kind kind = request.kind() == null ? Candidate.Kind.UPLOADED_OUTPUTS : request.kind();
        String url = request.baseUrl() == null ? "" : request.baseUrl().strip();
        if (kind == Candidate.Kind.OPENAI_COMPATIBLE) {
            if (!url.matches("https?://[^\\s]{1,1990}")) {
                throw Problem.badRequest("An OpenAI-compatible candidate needs 'baseUrl', an http(s) URL such as https://api.example.com/v1.");
            }
            if (request.model() == null || request.model().isBlank() || request.model().length() > 200) {
                throw Problem.badRequest("An OpenAI-compatible candidate needs 'model', the model name the endpoint expects (at most 200 characters).");
            }
            // before the first query: the DNS lookup then holds no database connection
            try {
                outbound.check(url);
            } catch (OutboundAddresses.Refused e) {
                throw Problem.badRequest("baseUrl is refused. " + e.getMessage());
            }
        }
        if (Candidate.count("teamId = ?1 and name = ?2", owner.teamId, name) > 0) {
            throw Problem.conflict("Your team already has a candidate named '" + name + "'.");
        }
        Candidate candidate = new Candidate();
        candidate.teamId = owner.teamId;
        candidate.name = name;
        candidate.kind = kind;
        candidate.createdAt = Instant.now();
        if (candidate.isGenerating()) {
            candidate.sampling = Generators.json(Sampling.of(request.temperature(), request.topP(), request.maxTokens(),
                    request.seed(), config.defaultMaxTokens()));
        }
        if (candidate.kind == Candidate.Kind.OPENAI_COMPATIBLE) {
            candidate.endpointUrl = url;
            candidate.endpointModel = request.model().strip();
            candidate.endpointKey = request.apiKey() == null || request.apiKey().isEmpty() ? null : keys.encrypt(request.apiKey());
        }
        candidate.persist();
        return candidate;
    }

    /**
     * Records a model zip checked and stored by the caller (a process that loads models itself, such as the
     * demo seed) as the candidate's model.
     */
    @Transactional
    public Candidate attachArtifact(User user, long candidateId, ModelArtifacts.Stored stored) {
        Candidate candidate = visible(user, candidateId);
        requireArtifactKind(candidate);
        candidate.artifact = stored.sha256();
        candidate.artifactUpload = stored.sha256();
        candidate.modelTask = stored.manifest().kind();
        candidate.artifactStatus = Candidate.ArtifactStatus.READY;
        candidate.artifactReason = null;
        candidate.artifactClaimedAt = null;
        return candidate;
    }

    /**
     * Records a received model zip ({@link ModelUploads}) as the candidate's latest upload, waiting in
     * VALIDATING for a worker ({@link ArtifactValidation}). The model validated before, if any, stays in use
     * until this one is READY.
     */
    @Transactional
    public Candidate artifactUploaded(User user, long candidateId, String sha) {
        Candidate candidate = visible(user, candidateId);
        requireArtifactKind(candidate);
        candidate.artifactUpload = sha;
        candidate.artifactStatus = Candidate.ArtifactStatus.VALIDATING;
        candidate.artifactReason = null;
        candidate.artifactClaimedAt = null;
        candidate.artifactAttempts = 0;
        return candidate;
    }

    /** Whether a candidate still waits for a worker to validate this upload (its zip must be kept). */
    @Transactional
    public boolean awaitsValidation(String sha) {
        return Candidate.count("artifactStatus = ?1 and artifactUpload = ?2", Candidate.ArtifactStatus.VALIDATING, sha) > 0;
    }

    /** Checks a candidate may take a model zip before the zip is received. */
    public void requireArtifactKind(User user, long candidateId) {
        requireArtifactKind(visible(user, candidateId));
    }

    private static void requireArtifactKind(Candidate candidate) {
        if (candidate.kind != Candidate.Kind.DJL_ARTIFACT) {
            throw Problem.badRequest("Candidate " + candidate.id + " is " + candidate.kind + "; only a DJL_ARTIFACT candidate takes a model zip.");
        }
    }

    /**
     * Enters a generating candidate in a campaign: its replies are generated when the campaign opens,
     * or right away when it is open already.
     */
    @Transactional
    public void enter(User user, long campaignId, long candidateId) {
        Campaign campaign = campaigns.managed(user, campaignId);
        Candidate candidate = visible(user, candidateId);
        if (candidate.teamId != campaign.teamId) {
            throw Problem.badRequest("Candidate " + candidateId + " belongs to another team than campaign " + campaignId + ".");
        }
        if (!candidate.isGenerating()) {
            throw Problem.badRequest("Candidate " + candidateId + " has uploaded outputs; upload them to the campaign instead.");
        }
        if (candidate.kind == Candidate.Kind.DJL_ARTIFACT && candidate.artifact == null) {
            if (candidate.artifactStatus == Candidate.ArtifactStatus.VALIDATING) {
                throw Problem.conflict("Candidate " + candidateId + " has no model yet: its upload is still being validated; "
                        + "enter it once its artifactStatus is READY.");
            }
            if (candidate.artifactStatus == Candidate.ArtifactStatus.REJECTED) {
                throw Problem.conflict("Candidate " + candidateId + " has no model yet: its upload was rejected ("
                        + candidate.artifactReason + ") Upload a corrected zip.");
            }
            throw Problem.conflict("Candidate " + candidateId + " has no model yet; upload its zip first.");
        }
        if (candidate.kind == Candidate.Kind.DJL_ARTIFACT && !ModelManifest.GENERATION.equals(candidate.modelTask)) {
            throw Problem.badRequest("Candidate " + candidateId + "'s model scores texts; only a text-generation model can answer prompts.");
        }
        if (campaign.status == Campaign.Status.CLOSED) {
            throw Problem.conflict("Campaign " + campaignId + " is closed.");
        }
        if (CampaignCandidate.count("campaignId = ?1 and candidateId = ?2", campaignId, candidateId) > 0) {
            return;
        }
        CampaignCandidate entry = new CampaignCandidate();
        entry.campaignId = campaignId;
        entry.candidateId = candidateId;
        entry.createdAt = Instant.now();
        entry.persist();
        if (campaign.status == Campaign.Status.OPEN) {
            jobs.start(campaignId, candidateId);
        }
    }

    /**
     * Takes a candidate out of a draft campaign: its uploaded replies to the campaign's prompts are deleted, or a
     * generating candidate's entry is removed. An open campaign keeps its candidates: tasks were made of their replies.
     */
    @Transactional
    public void remove(User user, long campaignId, long candidateId) {
        Campaign campaign = campaigns.managed(user, campaignId);
        Candidate candidate = visible(user, candidateId);
        if (candidate.teamId != campaign.teamId) {
            throw Problem.badRequest("Candidate " + candidateId + " belongs to another team than campaign " + campaignId + ".");
        }
        if (campaign.status != Campaign.Status.DRAFT) {
            throw Problem.conflict("Campaign " + campaignId + " is " + Campaigns.stateOf(campaign)
                    + ": its tasks were made from its candidates' replies, so candidate " + candidateId + " stays in it.");
        }
        long removed = CampaignCandidate.delete("campaignId = ?1 and candidateId = ?2", campaignId, candidateId)
                + Generation.delete("candidateId = ?1 and promptId in (select p.id from Prompt p where p.campaignId = ?2)",
                candidateId, campaignId);
        if (removed == 0) {
            throw Problem.notFound("Candidate " + candidateId + " is not in campaign " + campaignId + ".");
        }
    }

    /** A test call's answer: the endpoint's reply, or what went wrong, in words. */
    public record TestCall(String reply, int tokens, String error) {
        public boolean isOk() {
            return error == null;
        }
    }

    /**
     * Sends one prompt to an OpenAI-compatible candidate's endpoint with its sampling settings, as generation would
     * (the same address checks, timeouts and retries), and returns its reply or the reason it gave none. No
     * transaction is held while the endpoint answers.
     */
    public TestCall testCall(User user, long candidateId, String prompt) {
        Candidate candidate = visible(user, candidateId);
        if (candidate.kind != Candidate.Kind.OPENAI_COMPATIBLE) {
            throw Problem.badRequest("Candidate " + candidateId + " is " + candidate.kind
                    + "; only an OPENAI_COMPATIBLE candidate has an endpoint to test.");
        }
        String text = prompt == null ? "" : prompt.strip();
        if (text.isEmpty() || text.length() > 4000) {
            throw Problem.badRequest("Write a test prompt of 1 to 4000 characters.");
        }
        TextGenerator.Reply reply = generators.of(candidate).generate(List.of(text), generators.sampling(candidate)).get(0);
        return reply.isFailed() ? new TestCall(null, 0, reply.error()) : new TestCall(reply.text(), reply.tokens(), null);
    }

    /** How a candidate takes part in a campaign: replies it has there, and whether it is entered to generate them. */
    public record Entry(long candidateId, long replies, boolean isEntered) {
    }

    /** The campaign's candidates: every one with replies to its prompts or entered to generate them. */
    public Map<Long, Entry> entries(long campaignId) {
        List<Object[]> counts = Generation.getEntityManager().createQuery(
                "select g.candidateId, count(g) from Generation g where g.promptId in "
                        + "(select p.id from Prompt p where p.campaignId = ?1) group by g.candidateId", Object[].class)
                .setParameter(1, campaignId).getResultList();
        Map<Long, Long> replies = new HashMap<>();
        for (Object[] row : counts) {
            replies.put((Long) row[0], (Long) row[1]);
        }
        Set<Long> entered = CampaignCandidate.<CampaignCandidate>stream("campaignId", campaignId)
                .map(e -> e.candidateId).collect(Collectors.toSet());
        Map<Long, Entry> entries = new HashMap<>();
        Set<Long> all = new HashSet<>(replies.keySet());
        all.addAll(entered);
        for (long id : all) {
            entries.put(id, new Entry(id, replies.getOrDefault(id, 0L), entered.contains(id)));
        }
        return entries;
    }

    /** Whether Laurel still has to generate replies for the campaign (it has generating candidates). */
    public boolean generatesReplies(long campaignId) {
        return CampaignCandidate.count("campaignId", campaignId) > 0;
    }

    /** Whether every generating candidate of the campaign has answered the prompt (or failed to). */
    @Transactional
    public boolean isAnswered(long campaignId, long promptId) {
        List<Long> generating = CampaignCandidate.<CampaignCandidate>list("campaignId", campaignId).stream()
                .map(e -> e.candidateId).toList();
        if (generating.isEmpty()) {
            return true;
        }
        long done = Generation.count("promptId = ?1 and candidateId in ?2", promptId, generating)
                + GenerationFailure.count("promptId = ?1 and candidateId in ?2", promptId, generating);
        return done >= generating.size();
    }

    /** The replies given to one prompt (in candidate order). */
    public List<Reply> replies(long promptId) {
        return Generation.<Generation>list("promptId = ?1 order by candidateId", promptId).stream()
                .map(g -> new Reply(g.candidateId, g.id)).toList();
    }

    public List<Candidate> visibleTo(User user) {
        return Role.ADMIN.equals(user.role) ? Candidate.list("replySource is null", Sort.by("id"))
                : Candidate.list("teamId = ?1 and replySource is null", Sort.by("id"), user.teamId);
    }

    /** Reply sources that are not models: see {@link Candidate#replySource}. */
    public static final List<String> REPLY_SOURCES = List.of("human", "unknown");

    /**
     * The team's candidate of this name, registered as a team uploading its outputs if it has none: imported
     * answers name models by name. A name a candidate cannot have is refused with a 400.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long candidateNamed(long teamId, String name) {
        String stripped = name == null ? "" : name.strip();
        if (!NAME.matcher(stripped).matches()) {
            throw Problem.badRequest("model name '" + stripped + "' is not a valid candidate name (1 to 120 letters,"
                    + " digits, spaces or . _ : / + -).");
        }
        Candidate existing = Candidate.find("teamId = ?1 and name = ?2", teamId, stripped).firstResult();
        if (existing != null) {
            return existing.id;
        }
        Candidate candidate = new Candidate();
        candidate.teamId = teamId;
        candidate.name = stripped;
        candidate.kind = Candidate.Kind.UPLOADED_OUTPUTS;
        candidate.createdAt = Instant.now();
        candidate.persist();
        return candidate.id;
    }

    /**
     * The team's candidate standing for replies of a source that is not a model ({@link #REPLY_SOURCES}). A
     * candidate has one reply per prompt, so a prompt's second reply of that source takes slot 2, and so on.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long replySource(long teamId, String source, int slot) {
        if (!REPLY_SOURCES.contains(source) || slot < 1) {
            throw new IllegalArgumentException("not a reply source: " + source + " " + slot);
        }
        String name = "imported:" + source + (slot == 1 ? "" : ":" + slot);
        Candidate existing = Candidate.find("teamId = ?1 and replySource = ?2 and name = ?3", teamId, source, name).firstResult();
        if (existing != null) {
            return existing.id;
        }
        Candidate candidate = new Candidate();
        candidate.teamId = teamId;
        candidate.name = name;
        candidate.kind = Candidate.Kind.UPLOADED_OUTPUTS;
        candidate.replySource = source;
        candidate.createdAt = Instant.now();
        candidate.persist();
        return candidate.id;
    }

    /**
     * The candidate's reply to the prompt with this text, stored if the candidate has none yet; empty when it
     * already gave another reply to the prompt (a candidate has one reply per prompt).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Long> importedReply(long candidateId, long promptId, String text) {
        if (text.length() > 100_000) {
            throw Problem.badRequest("a reply is longer than 100000 characters.");
        }
        Generation existing = Generation.find("candidateId = ?1 and promptId = ?2", candidateId, promptId).firstResult();
        if (existing != null) {
            return existing.text.equals(text) ? Optional.of(existing.id) : Optional.empty();
        }
        Generation generation = new Generation();
        generation.candidateId = candidateId;
        generation.promptId = promptId;
        generation.text = text;
        generation.createdAt = Instant.now();
        generation.persist();
        return Optional.of(generation.id);
    }

    /** The replies given to a prompt so far, by candidate: generation id and text. */
    public Map<Long, StoredReply> repliesTo(long promptId) {
        Map<Long, StoredReply> replies = new HashMap<>();
        Generation.<Generation>list("promptId", promptId)
                .forEach(g -> replies.put(g.candidateId, new StoredReply(g.id, g.promptId, g.text)));
        return replies;
    }

    /** Which of these candidates stand for replies that no model gave ({@link Candidate#replySource}). */
    public Set<Long> notModels(Collection<Long> candidateIds) {
        if (candidateIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Generation.getEntityManager().createQuery(
                "select c.id from Candidate c where c.id in ?1 and c.replySource is not null", Long.class)
                .setParameter(1, candidateIds).getResultList());
    }

    public Candidate visible(User user, long id) {
        Candidate candidate = Candidate.findById(id);
        boolean visible = candidate != null
                && (Role.ADMIN.equals(user.role) || (user.teamId != null && candidate.teamId == user.teamId));
        if (!visible) {
            throw Problem.notFound("Candidate " + id + " does not exist.");
        }
        return candidate;
    }

    /**
     * Stores a candidate's replies to a draft campaign's prompts from JSONL/CSV records with
     * {@code prompt_id} and {@code output}. All or nothing.
     */
    @Transactional
    public int uploadOutputs(User user, long campaignId, long candidateId, String text, Upload.Format format) {
        Campaign campaign = campaigns.managed(user, campaignId);
        Candidate candidate = visible(user, candidateId);
        if (candidate.teamId != campaign.teamId) {
            throw Problem.badRequest("Candidate " + candidateId + " belongs to another team than campaign " + campaignId + ".");
        }
        if (candidate.kind != Candidate.Kind.UPLOADED_OUTPUTS) {
            throw Problem.badRequest("Candidate " + candidateId + " generates its own replies; outputs cannot be uploaded for it.");
        }
        campaigns.requireDraft(campaign, "Outputs");
        Map<String, Prompt> prompts = campaigns.promptsByExternalId(campaignId);
        Set<Long> answered = Generation.<Generation>stream("candidateId", candidateId)
                .map(g -> g.promptId).collect(Collectors.toSet());
        List<String> errors = new ArrayList<>();
        List<Upload.Row> rows = Upload.rows(text, format, List.of("prompt_id", "output"), errors);
        Set<String> seen = new HashSet<>();
        for (Upload.Row row : rows) {
            String promptId = row.get("prompt_id");
            String output = row.get("output");
            if (promptId == null || promptId.isBlank()) {
                continue; // already reported as missing
            }
            Prompt prompt = prompts.get(promptId);
            if (prompt == null) {
                errors.add("Line " + row.line() + ": prompt_id '" + promptId + "' is not a prompt of campaign " + campaignId + ".");
            } else if (!seen.add(promptId)) {
                errors.add("Line " + row.line() + ": prompt_id '" + promptId + "' appears more than once in the file.");
            } else if (answered.contains(prompt.id)) {
                errors.add("Line " + row.line() + ": this candidate already has an output for prompt_id '" + promptId + "'.");
            }
            if (output != null && output.length() > MAX_TEXT) {
                errors.add("Line " + row.line() + ": 'output' is longer than " + MAX_TEXT + " characters.");
            }
        }
        Upload.rejectIfAny(errors, "outputs file");
        Instant now = Instant.now();
        List<Long> promptIds = new ArrayList<>();
        for (Upload.Row row : rows) {
            Generation generation = new Generation();
            generation.candidateId = candidateId;
            generation.promptId = prompts.get(row.get("prompt_id")).id;
            generation.text = row.get("output");
            generation.createdAt = now;
            generation.persist();
            promptIds.add(generation.promptId);
        }
        // stored replies like a worker's batch, so the team's reward model pre-scores uploaded outputs too
        // (the campaign is a draft: its tasks come when it opens); in slices, each one scoring pass
        for (int from = 0; from < promptIds.size(); from += COMPLETED_SLICE) {
            outbox.append(Channels.GENERATION_COMPLETED_OUT, new GenerationCompleted(Outbox.newEventId(), campaignId,
                    candidateId, List.copyOf(promptIds.subList(from, Math.min(promptIds.size(), from + COMPLETED_SLICE)))));
        }
        return rows.size();
    }

    /** For each prompt of the campaign, the replies candidates gave to it (in candidate order). */
    public Map<Long, List<Reply>> repliesByPrompt(long campaignId) {
        List<Generation> generations = Generation.list(
                "promptId in (select p.id from Prompt p where p.campaignId = ?1) order by promptId, candidateId", campaignId);
        return generations.stream().collect(Collectors.groupingBy(g -> g.promptId, java.util.LinkedHashMap::new,
                Collectors.mapping(g -> new Reply(g.candidateId, g.id), Collectors.toList())));
    }

    public Generation generation(long id) {
        return Generation.findById(id);
    }

    /** A reply without its text: who gave it, to which prompt, and how long it is (characters). */
    public record ReplyFacts(long generationId, long candidateId, long promptId, int length) {
    }

    /** Every reply given to the prompts of the campaigns, by generation id. */
    public Map<Long, ReplyFacts> replyFacts(Collection<Long> campaignIds) {
        if (campaignIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = Generation.getEntityManager().createQuery(
                "select g.id, g.candidateId, g.promptId, length(g.text) from Generation g where g.promptId in "
                        + "(select p.id from Prompt p where p.campaignId in ?1)", Object[].class)
                .setParameter(1, campaignIds).getResultList();
        Map<Long, ReplyFacts> facts = new HashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            long id = (Long) row[0];
            facts.put(id, new ReplyFacts(id, (Long) row[1], (Long) row[2], ((Number) row[3]).intValue()));
        }
        return facts;
    }

    /** The texts of the given replies, by generation id (callers fetch large sets in chunks). */
    public Map<Long, String> texts(Collection<Long> generationIds) {
        if (generationIds.isEmpty()) {
            return Map.of();
        }
        // native: Hibernate translates a JPQL "in ?1" list anew on every call, and every lease calls this
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Generation.getEntityManager()
                .createNativeQuery("select id, text from generation where id in (?1)")
                .setParameter(1, generationIds).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> ((Number) r[0]).longValue(), r -> (String) r[1]));
    }

    /** A stored reply of one candidate: which prompt it answers and its text. */
    public record StoredReply(long generationId, long promptId, String text) {
    }

    /** The candidate's stored replies to these prompts (prompts without one are left out), by generation id. */
    public List<StoredReply> repliesOf(long candidateId, Collection<Long> promptIds) {
        if (promptIds.isEmpty()) {
            return List.of();
        }
        return Generation.<Generation>list("candidateId = ?1 and promptId in ?2 order by id", candidateId, promptIds).stream()
                .map(g -> new StoredReply(g.id, g.promptId, g.text)).toList();
    }

    /** Names of the given candidates, by id. */
    public Map<Long, String> names(Collection<Long> candidateIds) {
        if (candidateIds.isEmpty()) {
            return Map.of();
        }
        return Candidate.<Candidate>list("id in ?1", candidateIds).stream()
                .collect(Collectors.toMap(c -> c.id, c -> c.name));
    }
}
