package dev.laurel.campaign;

import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ProcessedEvents;
import dev.laurel.platform.Rows;
import dev.laurel.platform.ShortLivedCache;
import dev.laurel.platform.StorableText;
import dev.laurel.platform.Upload;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.TransactionSynchronizationRegistry;
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
import java.util.stream.Collectors;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

/** Campaigns and their prompt sets; who may see what; progress. */
@ApplicationScoped
public class Campaigns {
    static final int MAX_TEXT = 100_000;
    /** A conversation's stored JSON (the column's size). */
    static final int MAX_CONVERSATION = 1_000_000;
    static final int MAX_EXTERNAL_ID = 200;
    static final int MAX_SYSTEM_PROMPT = 20_000;
    public static final String PROGRESS_CONSUMER = "campaign-progress";

    private final CampaignConfig config;
    private final Event<CampaignOpened> opened;
    private final ProcessedEvents processed;
    /** Every lease and answer reads its campaign's terms: cached, dropped here on change, at most 1 s stale elsewhere. */
    private final ShortLivedCache<Long, Terms> terms = new ShortLivedCache<>(java.time.Duration.ofSeconds(1), 10_000);

    private final TransactionSynchronizationRegistry transaction;

    Campaigns(CampaignConfig config, Event<CampaignOpened> opened, ProcessedEvents processed,
              TransactionSynchronizationRegistry transaction) {
        this.transaction = transaction;
        this.config = config;
        this.opened = opened;
        this.processed = processed;
    }

    /** {@code systemPrompt}: optional, sent to chat models before each prompt without a system turn of its own. */
    public record NewCampaign(String name, String description, String instructions, TaskKind kind, Integer overlap,
                              Integer leaseSeconds, KindSettings settings, String systemPrompt) {
        /** A campaign with the kind's default settings. */
        public NewCampaign(String name, String description, String instructions, TaskKind kind, Integer overlap,
                           Integer leaseSeconds) {
            this(name, description, instructions, kind, overlap, leaseSeconds, null, null);
        }

        /** A campaign without a system prompt. */
        public NewCampaign(String name, String description, String instructions, TaskKind kind, Integer overlap,
                           Integer leaseSeconds, KindSettings settings) {
            this(name, description, instructions, kind, overlap, leaseSeconds, settings, null);
        }
    }

    /** The system prompt as stored (trimmed; blank is none), or a sentence saying what is wrong with it. */
    public static Optional<String> systemPromptProblem(String given) {
        if (given != null && given.strip().length() > MAX_SYSTEM_PROMPT) {
            return Optional.of("The system prompt is longer than " + MAX_SYSTEM_PROMPT + " characters; shorten it.");
        }
        return StorableText.flaw(given).map(flaw -> "The system prompt " + flaw);
    }

    /** What the task queue needs of a campaign, as an immutable value it can cache. */
    public record Terms(long id, long teamId, String name, String instructions, TaskKind kind, KindSettings settings,
                        Campaign.Status status, int overlap, int leaseSeconds, boolean isPaused) {
        static Terms of(Campaign c) {
            return new Terms(c.id, c.teamId, c.name, c.instructions, c.kind, c.kindSettings(), c.status, c.overlap,
                    c.leaseSeconds, c.pausedAt != null);
        }

        /** Whether labelers get its tasks and may answer them: open and not paused. */
        public boolean isOpen() {
            return status == Campaign.Status.OPEN && !isPaused;
        }
    }

    public record Progress(long tasksTotal, long answersRequired, long answersAccepted, long tasksCompleted, int percent) {
        static final Progress NONE = new Progress(0, 0, 0, 0, 0);

        static Progress of(CampaignProgress p) {
            int percent = p.answersRequired == 0 ? 0 : (int) (100 * p.answersAccepted / p.answersRequired);
            return new Progress(p.tasksTotal, p.answersRequired, p.answersAccepted, p.tasksCompleted, percent);
        }
    }

    @Transactional
    public Campaign create(User owner, NewCampaign request) {
        if (owner.teamId == null) {
            throw Problem.forbidden("Only a member of a model team can create campaigns.");
        }
        StorableText.require("name", request.name());
        StorableText.require("description", request.description());
        StorableText.require("instructions", request.instructions());
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw Problem.badRequest("A campaign needs a name of 1 to 200 characters.");
        }
        int overlap = request.overlap() == null ? config.defaultOverlap() : request.overlap();
        if (overlap < 1 || overlap > 100) {
            throw Problem.badRequest("'overlap' (answers per task) must be between 1 and 100.");
        }
        int leaseSeconds = request.leaseSeconds() == null
                ? (int) config.defaultLeaseDuration().toSeconds() : request.leaseSeconds();
        if (leaseSeconds < 1 || leaseSeconds > 86_400) {
            throw Problem.badRequest("'leaseSeconds' (how long a labeler holds a task) must be between 1 and 86400.");
        }
        TaskKind kind = request.kind() == null ? TaskKind.PAIRWISE : request.kind();
        KindSettings settings = KindSettings.validated(kind, request.settings());
        systemPromptProblem(request.systemPrompt()).ifPresent(problem -> {
            throw Problem.badRequest(problem);
        });
        Campaign campaign = new Campaign();
        campaign.teamId = owner.teamId;
        campaign.name = name;
        campaign.description = limit(request.description(), 4000, "description");
        campaign.instructions = limit(request.instructions(), 20000, "instructions");
        campaign.kind = kind;
        campaign.systemPrompt = request.systemPrompt() == null || request.systemPrompt().isBlank() ? null
                : request.systemPrompt().strip();
        campaign.settings = settings.toJson();
        campaign.status = Campaign.Status.DRAFT;
        campaign.overlap = overlap;
        campaign.leaseSeconds = leaseSeconds;
        campaign.createdAt = Instant.now();
        campaign.persist();
        return campaign;
    }

    /** The campaigns a user may see: a team's own, every open one for labelers, all for admins. */
    public List<Campaign> visibleTo(User user) {
        Sort newestFirst = Sort.by("createdAt").descending().and("id").descending();
        return switch (user.role) {
            case Role.ADMIN -> Campaign.listAll(newestFirst);
            case Role.MODELER -> Campaign.list("teamId", newestFirst, user.teamId);
            default -> Campaign.list("status = ?1 and pausedAt is null", newestFirst, Campaign.Status.OPEN);
        };
    }

    /** Ids of a team's campaigns, or of every campaign when {@code teamId} is null; ascending. */
    public List<Long> campaignIds(Long teamId) {
        return (teamId == null ? Campaign.<Campaign>listAll(Sort.by("id")) : Campaign.<Campaign>list("teamId", Sort.by("id"), teamId))
                .stream().map(c -> c.id).toList();
    }

    /** A campaign the user may see, or 404 (a campaign of another team is not acknowledged to exist). */
    public Campaign visible(User user, long id) {
        Campaign campaign = Campaign.findById(id);
        boolean visible = campaign != null && switch (user.role) {
            case Role.ADMIN -> true;
            case Role.MODELER -> user.teamId != null && campaign.teamId == user.teamId;
            default -> campaign.status == Campaign.Status.OPEN;
        };
        if (!visible) {
            throw Problem.notFound("Campaign " + id + " does not exist.");
        }
        return campaign;
    }

    /** {@link #visible}'s answer as cached {@link Terms}: the same rule, without a read per request. */
    public Terms terms(User user, long id) {
        Terms campaign = terms.get(id, key -> Optional.ofNullable(Campaign.<Campaign>findById(key)).map(Terms::of))
                .orElse(null);
        boolean visible = campaign != null && switch (user.role) {
            case Role.ADMIN -> true;
            case Role.MODELER -> user.teamId != null && campaign.teamId() == user.teamId;
            default -> campaign.status() == Campaign.Status.OPEN; // paused too: its answers get "not open", not 404
        };
        if (!visible) {
            throw Problem.notFound("Campaign " + id + " does not exist.");
        }
        return campaign;
    }

    /** A campaign the user may change: their team's (or any, for an admin). */
    public Campaign managed(User user, long id) {
        Campaign campaign = visible(user, id);
        if (Role.LABELER.equals(user.role)) {
            throw Problem.forbidden("Only the campaign's model team can change it.");
        }
        return campaign;
    }

    /**
     * Adds prompts from a JSONL or CSV file; all or nothing. Each record has {@code id} and either {@code prompt}
     * (plain text: one user turn) or {@code messages}, a conversation of system/user/assistant turns ending with
     * the user's ({@link ChatMessage#parse}); in CSV, {@code messages} is a column holding that JSON array.
     */
    @Transactional
    public int uploadPrompts(User user, long campaignId, String text, Upload.Format format) {
        Campaign campaign = managed(user, campaignId);
        requireDraft(campaign, "Prompts");
        List<String> errors = new ArrayList<>();
        List<Upload.Row> rows = Upload.rows(text, format, List.of("id"), Set.of("messages"), errors);
        Set<String> existing = Prompt.<Prompt>stream("campaignId", campaignId).map(p -> p.externalId).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        Map<Integer, List<ChatMessage>> conversations = new HashMap<>(); // by line
        for (Upload.Row row : rows) {
            String id = row.get("id");
            if (id != null && id.length() > MAX_EXTERNAL_ID) {
                errors.add("Line " + row.line() + ": 'id' is longer than " + MAX_EXTERNAL_ID + " characters.");
            } else if (id != null && !id.isBlank() && !seen.add(id)) {
                errors.add("Line " + row.line() + ": id '" + id + "' appears more than once in the file.");
            } else if (id != null && existing.contains(id)) {
                errors.add("Line " + row.line() + ": id '" + id + "' is already in this campaign.");
            }
            conversation(row, errors).ifPresent(messages -> conversations.put(row.line(), messages));
        }
        Upload.rejectIfAny(errors, "prompt set");
        for (Upload.Row row : rows) {
            List<ChatMessage> messages = conversations.get(row.line());
            Prompt prompt = new Prompt();
            prompt.campaignId = campaignId;
            prompt.externalId = row.get("id");
            prompt.text = messages.get(messages.size() - 1).content();
            prompt.messages = messages.size() == 1 ? null : ChatMessage.toJson(messages); // one user turn is plain text
            prompt.persist();
        }
        return rows.size();
    }

    /**
     * Adds one prompt of imported answers (in any state: its tasks come with it, so opening makes none for it): a
     * conversation ending with the turn the replies answer; one user turn is stored as plain text. The caller keeps
     * external ids unique in the campaign; turns longer than prompts may be, or too long in all, are refused.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Prompt addImportedPrompt(long campaignId, String externalId, List<ChatMessage> conversation) {
        for (ChatMessage turn : conversation) {
            if (turn.content().length() > MAX_TEXT) {
                throw Problem.badRequest("a " + turn.role() + " turn is longer than " + MAX_TEXT + " characters.");
            }
            StorableText.require(turn.role() + " turn", turn.content());
        }
        String messages = conversation.size() == 1 ? null : ChatMessage.toJson(conversation);
        if (messages != null && messages.length() > MAX_CONVERSATION) {
            throw Problem.badRequest("the conversation is longer than " + MAX_CONVERSATION + " characters in all.");
        }
        Prompt prompt = new Prompt();
        prompt.campaignId = campaignId;
        prompt.externalId = externalId;
        prompt.text = conversation.get(conversation.size() - 1).content();
        prompt.messages = messages;
        prompt.persist();
        return prompt;
    }

    /** A record's conversation: its {@code prompt} as one user turn, or its {@code messages}; errors say why not. */
    private static Optional<List<ChatMessage>> conversation(Upload.Row row, List<String> errors) {
        String prompt = row.get("prompt");
        String messages = row.get("messages");
        boolean hasPrompt = prompt != null && !prompt.isBlank();
        boolean hasMessages = messages != null && !messages.isBlank();
        if (hasPrompt && hasMessages) {
            errors.add("Line " + row.line() + ": give either 'prompt' or 'messages', not both.");
            return Optional.empty();
        }
        if (!hasPrompt && !hasMessages) {
            errors.add("Line " + row.line() + (prompt != null ? ": field 'prompt' is empty."
                    : messages != null ? ": field 'messages' is empty."
                    : ": field 'prompt' is missing; give 'prompt' (text) or 'messages' (a list of {\"role\", \"content\"} turns)."));
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        List<ChatMessage> conversation = hasPrompt ? List.of(ChatMessage.user(prompt)) : ChatMessage.parse(messages, problems);
        for (ChatMessage turn : conversation) {
            if (turn.content().length() > MAX_TEXT) {
                problems.add((hasPrompt ? "'prompt'" : "a " + turn.role() + " turn") + " is longer than " + MAX_TEXT + " characters.");
                break;
            }
        }
        if (hasMessages && messages.length() > MAX_CONVERSATION) {
            problems.add("'messages' is longer than " + MAX_CONVERSATION + " characters in all.");
        }
        problems.forEach(problem -> errors.add("Line " + row.line() + ": " + problem));
        return problems.isEmpty() ? Optional.of(conversation) : Optional.empty();
    }

    public List<Prompt> prompts(long campaignId) {
        return Prompt.list("campaignId", Sort.by("id"), campaignId);
    }

    public long promptCount(long campaignId) {
        return Prompt.count("campaignId", campaignId);
    }

    public Map<String, Prompt> promptsByExternalId(long campaignId) {
        return prompts(campaignId).stream().collect(Collectors.toMap(p -> p.externalId, p -> p));
    }

    public Prompt prompt(long promptId) {
        return Prompt.findById(promptId);
    }

    /** The given prompts, by id (callers fetch large sets in chunks). */
    public Map<Long, Prompt> prompts(Collection<Long> promptIds) {
        if (promptIds.isEmpty()) {
            return Map.of();
        }
        return Prompt.<Prompt>list("id in ?1", promptIds).stream().collect(Collectors.toMap(p -> p.id, p -> p));
    }

    public void requireDraft(Campaign campaign, String what) {
        if (campaign.status != Campaign.Status.DRAFT) {
            throw Problem.conflict(what + " can only be added while the campaign is a draft; campaign "
                    + campaign.id + " is " + campaign.status.name().toLowerCase() + ".");
        }
    }

    /** Opens a draft campaign: tasks are built in the same transaction, or nothing changes. */
    @Transactional
    public Campaign open(User user, long campaignId) {
        Campaign campaign = managed(user, campaignId);
        if (campaign.status != Campaign.Status.DRAFT) {
            throw Problem.conflict("Campaign " + campaignId + " is already " + campaign.status.name().toLowerCase() + ".");
        }
        if (promptCount(campaignId) == 0) {
            throw Problem.conflict("Campaign " + campaignId + " has no prompts yet; upload a prompt set first.");
        }
        campaign.status = Campaign.Status.OPEN;
        campaign.openedAt = Instant.now();
        terms.invalidateWith(transaction, campaignId);
        opened.fire(new CampaignOpened(campaign.id, campaign.kind, campaign.overlap));
        return campaign;
    }

    /** Pauses an open campaign: labelers get none of its tasks and cannot answer until it is resumed. */
    @Transactional
    public Campaign pause(User user, long campaignId) {
        Campaign campaign = managed(user, campaignId);
        if (campaign.status != Campaign.Status.OPEN) {
            throw Problem.conflict("Campaign " + campaignId + " is " + campaign.status.name().toLowerCase()
                    + "; only an open campaign can be paused.");
        }
        if (campaign.pausedAt == null) {
            campaign.pausedAt = Instant.now();
            terms.invalidateWith(transaction, campaignId);
        }
        return campaign;
    }

    /** Resumes a paused campaign: labelers get its tasks again. */
    @Transactional
    public Campaign resume(User user, long campaignId) {
        Campaign campaign = managed(user, campaignId);
        if (campaign.status != Campaign.Status.OPEN || campaign.pausedAt == null) {
            throw Problem.conflict("Campaign " + campaignId + " is " + stateOf(campaign) + "; only a paused campaign can be resumed.");
        }
        campaign.pausedAt = null;
        terms.invalidateWith(transaction, campaignId);
        return campaign;
    }

    /**
     * Closes an open (or paused) campaign for good: labelers no longer see it; its answers, datasets and
     * leaderboard stay. A draft is not closed: it was never labeled; leave it as it is.
     */
    @Transactional
    public Campaign close(User user, long campaignId) {
        Campaign campaign = managed(user, campaignId);
        if (campaign.status != Campaign.Status.OPEN) {
            throw Problem.conflict("Campaign " + campaignId + " is " + stateOf(campaign) + "; only an open or paused campaign can be closed.");
        }
        campaign.status = Campaign.Status.CLOSED;
        campaign.closedAt = Instant.now();
        campaign.pausedAt = null;
        terms.invalidateWith(transaction, campaignId);
        return campaign;
    }

    /** The campaign's state in a word: draft, open, paused or closed. */
    public static String stateOf(Campaign campaign) {
        return campaign.status == Campaign.Status.OPEN && campaign.pausedAt != null ? "paused"
                : campaign.status.name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean exists(long campaignId) {
        return Rows.exists(Campaign.class, "id = ?1", campaignId);
    }

    /** Of the given campaigns, those labelers may know of: opened (open or closed since), never a draft. */
    public java.util.Set<Long> opened(Collection<Long> campaignIds) {
        if (campaignIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(Campaign.getEntityManager()
                .createQuery("select c.id from Campaign c where c.id in ?1 and c.status <> ?2", Long.class)
                .setParameter(1, campaignIds).setParameter(2, Campaign.Status.DRAFT).getResultList());
    }

    /** A campaign by id, for features that act on it without a user (the task factory); 404 if absent. */
    public Campaign campaign(long campaignId) {
        Campaign campaign = Campaign.findById(campaignId);
        if (campaign == null) {
            throw Problem.notFound("Campaign " + campaignId + " does not exist.");
        }
        return campaign;
    }

    /** Called by the task factory once it knows how many tasks an opening produced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void startProgress(long campaignId, long tasks, long answersRequired) {
        CampaignProgress progress = new CampaignProgress();
        progress.campaignId = campaignId;
        progress.tasksTotal = tasks;
        progress.answersRequired = answersRequired;
        progress.updatedAt = Instant.now();
        progress.persist();
    }

    /** Called by the task factory when tasks are added to an open campaign (a prompt's replies arrived later). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addToProgress(long campaignId, long tasks, long answersRequired) {
        if (tasks == 0) {
            return;
        }
        int updated = CampaignProgress.update("tasksTotal = tasksTotal + ?1, answersRequired = answersRequired + ?2,"
                + " updatedAt = ?3 where campaignId = ?4", tasks, answersRequired, Instant.now(), campaignId);
        if (updated == 0) {
            startProgress(campaignId, tasks, answersRequired);
        }
    }

    public Progress progress(long campaignId) {
        CampaignProgress progress = CampaignProgress.findById(campaignId);
        return progress == null ? Progress.NONE : Progress.of(progress);
    }

    /**
     * Applies an accepted submission to the counters once, however often it is delivered: once per
     * submission, not per event id, so a copy under a new event id (forged, or replayed) counts nothing.
     * The counters move just before the transaction commits, once per campaign: every consumer thread
     * updates the same row, and updated at once it stayed locked for the rest of a batch, which made
     * the threads wait for each other (23 ms a statement under the hot-path bench).
     */
    @Transactional
    public boolean recordSubmission(long submissionId, long campaignId, boolean taskCompleted) {
        if (!processed.firstDelivery(PROGRESS_CONSUMER, "submission-" + submissionId)) {
            return false;
        }
        ProgressDeltas deltas = (ProgressDeltas) transaction.getResource(ProgressDeltas.class);
        if (deltas == null) {
            deltas = new ProgressDeltas();
            transaction.putResource(ProgressDeltas.class, deltas);
            // run by Hibernate just before the commit, after its flush, on the transaction's connection (a JTA
            // synchronization of our own would run after Hibernate has handed that connection back)
            Panache.getEntityManager().unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks()
                    .registerCallback(deltas);
        }
        deltas.add(campaignId, taskCompleted);
        return true;
    }

    /** One transaction's progress increments per campaign, written in campaign order (no lock-order deadlocks). */
    private static final class ProgressDeltas implements TransactionCompletionCallbacks.BeforeCompletionCallback {
        private final java.util.SortedMap<Long, long[]> byCampaign = new java.util.TreeMap<>();

        void add(long campaignId, boolean taskCompleted) {
            long[] delta = byCampaign.computeIfAbsent(campaignId, id -> new long[2]);
            delta[0]++;
            delta[1] += taskCompleted ? 1 : 0;
        }

        @Override
        public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
            Instant now = Instant.now();
            // native: Hibernate translates a JPQL update anew on every call
            byCampaign.forEach((campaignId, delta) -> session.createNativeQuery("update campaign_progress"
                            + " set answers_accepted = answers_accepted + ?1, tasks_completed = tasks_completed + ?2,"
                            + " updated_at = ?3 where campaign_id = ?4")
                    .addSynchronizedQuerySpace("campaign_progress")
                    .setParameter(1, delta[0]).setParameter(2, delta[1]).setParameter(3, now).setParameter(4, campaignId)
                    .executeUpdate());
        }
    }

    private static String limit(String text, int max, String field) {
        if (text != null && text.length() > max) {
            throw Problem.badRequest("'" + field + "' is longer than " + max + " characters.");
        }
        return text;
    }
}
