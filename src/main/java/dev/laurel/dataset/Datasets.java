package dev.laurel.dataset;

import dev.laurel.account.Accounts;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.pairwise.PairwiseAnswer;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import dev.laurel.task.AcceptedAnswers;
import dev.laurel.task.Submissions;
import dev.laurel.task.Submissions.PairwiseVote;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.Session;

/**
 * Datasets made from a campaign's answers: versioned snapshots with content hashes, their files (which depend on the
 * campaign's task kind, {@link DatasetFormat#of}), and {@link #pairs} for a reward-model trainer (the preference pairs
 * of kinds whose answers compare replies: pairwise votes, or the comparisons rankings imply).
 *
 * <p>Every kind's answers become {@link Answered} rows the same way; what rows and files they make is declared in the
 * kind's folder ({@link DatasetRows}). Pairwise votes come from the task feature's side-free {@link Submissions#pairwise}
 * view (a pairwise task keeps its replies and choice in columns of its own), the other kinds' answers from
 * {@link AcceptedAnswers}; texts from the campaign and model features, fetched a chunk of prompts at a time while a
 * file streams. Everything is ordered by stored ids (prompt, candidates, submission), so a snapshot's files come out
 * byte for byte the same every time.
 */
@ApplicationScoped
public class Datasets {
    /** Until the quality feature publishes labeler reliabilities, every vote counts fully. */
    static final double DEFAULT_RELIABILITY = 1.0;
    /** The pairwise files whose hashes snapshots made before files were listed keep in columns of their own. */
    private static final String LEGACY_VOTES_JSONL = "votes.jsonl";
    private static final String LEGACY_VOTES_CSV = "votes.csv";

    private final EntityManager em;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final Submissions submissions;
    private final DatasetConfig config;
    private final AcceptedAnswers accepted;
    private final Pseudonyms pseudonyms;
    private final Accounts accounts;

    Datasets(EntityManager em, Campaigns campaigns, Candidates candidates, Submissions submissions,
             AcceptedAnswers accepted, DatasetConfig config, Accounts accounts) {
        this.em = em;
        this.accounts = accounts;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.submissions = submissions;
        this.accepted = accepted;
        this.config = config;
        this.pseudonyms = new Pseudonyms(config.pseudonymSecret().orElseThrow(() -> new IllegalStateException(
                "LAUREL_PSEUDONYM_SECRET is not set; dataset exports need it (only web pods are given it).")));
    }

    /** One training example in TRL's reward format; what a reward-model trainer consumes. */
    public record PreferencePair(String prompt, String chosen, String rejected, double margin) {
    }

    /**
     * An accepted answer of a campaign, before its texts are fetched.
     *
     * @param shown  the generations the task showed, in display order (pairwise: left, then right)
     * @param answer the typed answer when the task feature gives it directly (pairwise); null to read the stored JSON
     */
    private record Entry(long submissionId, long promptId, TaskKind kind, List<Long> shown, long labelerId,
                         Instant createdAt, double reliability, KindAnswer answer) {
        Entry withReliability(double value) {
            return new Entry(submissionId, promptId, kind, shown, labelerId, createdAt, value, answer);
        }
    }

    /** Every accepted answer of the campaign, reliability not yet known (0). */
    private List<Entry> all(long campaignId, TaskKind kind) {
        if (kind == TaskKind.PAIRWISE) {
            return submissions.pairwise(List.of(campaignId)).stream().map(Datasets::entry).toList();
        }
        return accepted.of(campaignId, kind).stream().map(a -> new Entry(a.submissionId(), a.promptId(), kind, a.shown(),
                a.labelerId(), a.createdAt(), 0, null)).toList();
    }

    /** A side-free vote as the answer the labeler gave about the replies as shown (left, right). */
    private static Entry entry(PairwiseVote vote) {
        boolean isALeft = vote.shownLeft() == vote.candidateA();
        long left = isALeft ? vote.generationA() : vote.generationB();
        long right = isALeft ? vote.generationB() : vote.generationA();
        PairwiseAnswer answer = switch (vote.outcome()) {
            case A_BETTER -> new PairwiseAnswer(isALeft ? Choice.A : Choice.B, vote.generationA(), null, null);
            case B_BETTER -> new PairwiseAnswer(isALeft ? Choice.B : Choice.A, vote.generationB(), null, null);
            case TIE -> new PairwiseAnswer(Choice.TIE, null, null, null);
            case BOTH_BAD -> new PairwiseAnswer(Choice.BOTH_BAD, null, null, null);
        };
        return new Entry(vote.submissionId(), vote.promptId(), TaskKind.PAIRWISE, List.of(left, right), vote.labelerId(),
                vote.createdAt(), 0, answer);
    }

    /**
     * The campaign's accepted answers, without those of its own team's accounts: the platform leaves a team's own
     * answers out of its campaign's consensus (quality) and so out of its data.
     */
    private List<Entry> accepted(Campaign campaign) {
        Set<Long> team = accounts.teamMembers(campaign.teamId);
        return all(campaign.id, campaign.kind).stream().filter(entry -> !team.contains(entry.labelerId())).toList();
    }

    /** The campaign's preference pairs from every answer accepted so far (no snapshot); none when its answers compare nothing. */
    public List<PreferencePair> pairs(long campaignId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Campaign campaign = campaigns.campaign(campaignId);
            return collectPairs(campaign, accepted(campaign).stream()
                    .map(entry -> entry.withReliability(DEFAULT_RELIABILITY)).toList());
        });
    }

    /** The preference pairs of a snapshot: the same rows as its TRL file. */
    public List<PreferencePair> pairs(long campaignId, int version) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            DatasetSnapshot snapshot = existing(campaignId, version);
            return collectPairs(campaigns.campaign(campaignId), entries(snapshot));
        });
    }

    /** Freezes the campaign's answers so far as its next version, with the hashes of its files. */
    @Transactional
    public DatasetSnapshot snapshot(User user, long campaignId) {
        Campaign campaign = campaigns.managed(user, campaignId);
        List<Long> submissionIds = accepted(campaign).stream().map(Entry::submissionId).toList();
        if (submissionIds.isEmpty()) {
            throw Problem.conflict("Campaign " + campaignId + " has no votes yet; a dataset needs at least one accepted answer.");
        }
        Number last = em.createQuery("select max(s.version) from DatasetSnapshot s where s.campaignId = ?1", Number.class)
                .setParameter(1, campaignId).getSingleResult();
        DatasetSnapshot snapshot = new DatasetSnapshot();
        snapshot.campaignId = campaignId;
        snapshot.version = last == null ? 1 : last.intValue() + 1;
        snapshot.kind = campaign.kind;
        snapshot.createdAt = Instant.now();
        snapshot.createdBy = user.id;
        snapshot.contentSha256 = snapshot.pairsSha256 = snapshot.csvSha256 = "";
        try {
            snapshot.persistAndFlush();
        } catch (PersistenceException e) {
            throw Problem.conflict("Another snapshot of campaign " + campaignId + " is being made right now; try again.");
        }
        long snapshotId = snapshot.id;
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into dataset_snapshot_vote (snapshot_id, submission_id, reliability) values (?, ?, ?)")) {
                int batched = 0;
                for (long submissionId : submissionIds) {
                    insert.setLong(1, snapshotId);
                    insert.setLong(2, submissionId);
                    insert.setDouble(3, DEFAULT_RELIABILITY);
                    insert.addBatch();
                    if (++batched % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        });
        // hash what a download will stream: the same code path, reading the rows just written
        snapshot.voteCount = submissionIds.size();
        for (DatasetFormat format : DatasetFormat.of(campaign.kind)) {
            MessageDigest digest = sha256();
            long rows = render(snapshot, format, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
            String hash = HexFormat.of().formatHex(digest.digest());
            snapshot.files.add(new DatasetSnapshot.File(format.fileName(), hash, rows));
            if (format.equals(DatasetFormat.canonical(campaign.kind))) {
                snapshot.contentSha256 = hash;
            } else if (format.equals(DatasetFormat.PAIRS_JSONL)) {
                snapshot.pairsSha256 = hash;
                snapshot.pairCount = rows;
            } else if (format.fileName().equals(LEGACY_VOTES_CSV)) {
                snapshot.csvSha256 = hash;
            }
        }
        List<Entry> entries = entries(snapshot);
        Map<Long, Candidates.ReplyFacts> facts = candidates.replyFacts(List.of(campaignId));
        snapshot.promptCount = entries.stream().mapToLong(Entry::promptId).distinct().count();
        snapshot.modelCount = (int) entries.stream().flatMap(e -> e.shown().stream())
                .map(id -> facts.get(id).candidateId()).distinct().count();
        return snapshot;
    }

    /** The campaign's snapshots, newest first. */
    public List<DatasetSnapshot> snapshots(User user, long campaignId) {
        campaigns.managed(user, campaignId);
        return DatasetSnapshot.list("campaignId", Sort.by("version").descending(), campaignId);
    }

    /** One snapshot of a campaign the user manages, or 404. */
    public DatasetSnapshot find(User user, long campaignId, int version) {
        campaigns.managed(user, campaignId);
        return existing(campaignId, version);
    }

    /** Streams one file of a snapshot; the bytes hash to the snapshot's stored SHA-256. */
    public void write(DatasetSnapshot snapshot, DatasetFormat format, OutputStream out) {
        render(snapshot, format, out);
    }

    /**
     * The files of a snapshot with their stored hashes and row counts. Snapshots made before files
     * were recorded are pairwise and kept their three hashes on the snapshot row.
     */
    public static List<DatasetSnapshot.File> files(DatasetSnapshot snapshot) {
        if (!snapshot.files.isEmpty()) {
            return snapshot.files;
        }
        return List.of(new DatasetSnapshot.File(DatasetFormat.PAIRS_JSONL.fileName(), snapshot.pairsSha256, snapshot.pairCount),
                new DatasetSnapshot.File(LEGACY_VOTES_JSONL, snapshot.contentSha256, snapshot.voteCount),
                new DatasetSnapshot.File(LEGACY_VOTES_CSV, snapshot.csvSha256, snapshot.voteCount));
    }

    /** The stored SHA-256 of one file of a snapshot; null when the snapshot has no such file. */
    public static String sha256Of(DatasetSnapshot snapshot, DatasetFormat format) {
        return files(snapshot).stream().filter(f -> f.name.equals(format.fileName())).map(f -> f.sha256)
                .findFirst().orElse(null);
    }

    private DatasetSnapshot existing(long campaignId, int version) {
        DatasetSnapshot snapshot = DatasetSnapshot.find("campaignId = ?1 and version = ?2", campaignId, version).firstResult();
        if (snapshot == null) {
            throw Problem.notFound("Campaign " + campaignId + " has no dataset version " + version + ".");
        }
        return snapshot;
    }

    /** The submissions a snapshot holds and the reliability each was taken with. */
    private Map<Long, Double> reliabilities(DatasetSnapshot snapshot) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select submission_id, reliability from dataset_snapshot_vote where snapshot_id = ?1")
                .setParameter(1, snapshot.id).getResultList();
        Map<Long, Double> reliability = new HashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            reliability.put(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue());
        }
        return reliability;
    }

    /** Streams one file of a snapshot and returns how many rows it wrote. */
    private long render(DatasetSnapshot snapshot, DatasetFormat format, OutputStream out) {
        if (!DatasetFormat.of(snapshot.kind).contains(format)) {
            throw Problem.notFound("A " + snapshot.kind.name().toLowerCase(java.util.Locale.ROOT) + " dataset has no "
                    + format.fileName() + "; it has " + fileNames(snapshot) + ".");
        }
        Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
        DatasetRows dataset = dataset(campaign);
        if (format.isAnnotationTool()) {
            AnnotationToolExports writer = new AnnotationToolExports(format, out, dataset);
            forEachChunk(snapshot, writer::write);
            writer.finish();
            return writer.items();
        }
        DatasetWriter writer = DatasetWriter.of(dataset, format, out);
        forEachChunk(snapshot, writer::write);
        writer.finish();
        return writer.rows();
    }

    /** The campaign's dataset as its kind declares it, with the campaign's settings (dimensions, labels). */
    static DatasetRows dataset(Campaign campaign) {
        return campaign.kind.spec().dataset(campaign.kindSettings());
    }

    /**
     * A kind's dataset without a campaign's settings: its file names, configs and consensus, which do not depend on
     * them (a rubric's dimension columns do).
     */
    static DatasetRows dataset(TaskKind kind) {
        return kind.spec().dataset(kind.spec().defaults());
    }

    /** The names of a snapshot's files, for messages: "pairs.jsonl, votes.jsonl, votes.csv and trl-config.yaml". */
    public static String fileNames(DatasetSnapshot snapshot) {
        List<String> names = new ArrayList<>(DatasetFormat.of(snapshot.kind).stream().map(DatasetFormat::fileName).toList());
        if (DatasetFormat.of(snapshot.kind).contains(DatasetFormat.PAIRS_JSONL)) {
            names.add("trl-config.yaml");
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private List<PreferencePair> collectPairs(Campaign campaign, List<Entry> entries) {
        DatasetRows dataset = dataset(campaign);
        List<PreferencePair> pairs = new ArrayList<>();
        if (dataset.hasComparisons()) {
            forEachChunk(campaign.id, entries, chunk -> PreferencePairs.preferences(chunk, dataset.comparisons()).forEach(p ->
                    pairs.add(new PreferencePair(p.first().prompt(), p.chosen(), p.rejected(), p.consensus().margin()))));
        }
        return pairs;
    }

    /** The answers a snapshot holds with the reliability each was taken with, in submission order. */
    private List<Entry> entries(DatasetSnapshot snapshot) {
        Map<Long, Double> reliability = reliabilities(snapshot);
        return all(snapshot.campaignId, snapshot.kind).stream().filter(entry -> reliability.containsKey(entry.submissionId()))
                .map(entry -> entry.withReliability(reliability.get(entry.submissionId()))).toList();
    }

    /**
     * Hands a snapshot's answers to {@code sink} in file order, a chunk of whole prompts at a time (so every answer
     * about one item, or comparing one pair, is in one chunk).
     */
    void forEachChunk(DatasetSnapshot snapshot, Consumer<List<Answered>> sink) {
        forEachChunk(snapshot.campaignId, QuarkusTransaction.joiningExisting().call(() -> entries(snapshot)), sink);
    }

    /**
     * Hands the answers to {@code sink} ordered by prompt, then what they are about ({@link DatasetRows#item()}), then
     * acceptance, a chunk of prompts at a time with only that chunk's texts fetched, so memory stays bounded however
     * large the campaign.
     */
    private void forEachChunk(long campaignId, List<Entry> entries, Consumer<List<Answered>> sink) {
        Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(campaignId));
        DatasetRows dataset = dataset(campaign);
        Map<Long, Candidates.ReplyFacts> facts = QuarkusTransaction.joiningExisting().call(() -> candidates.replyFacts(List.of(campaignId)));
        Map<Long, List<Long>> item = new HashMap<>(entries.size() * 2); // by submission; the item reads the candidates only
        for (Entry entry : entries) {
            List<Answered.Reply> shown = entry.shown().stream()
                    .map(id -> new Answered.Reply(id, facts.get(id).candidateId(), null, null)).toList();
            item.put(entry.submissionId(), dataset.item().apply(new Answered(entry.promptId(), null, null, null, shown,
                    entry.answer(), null, entry.reliability(), entry.createdAt())));
        }
        List<Entry> ordered = entries.stream().sorted(Comparator.comparingLong(Entry::promptId)
                .thenComparing(e -> item.get(e.submissionId()), Datasets::compare)
                .thenComparingLong(Entry::submissionId)).toList();
        Set<Long> candidateIds = new LinkedHashSet<>();
        facts.values().forEach(f -> candidateIds.add(f.candidateId()));
        Map<Long, String> names = QuarkusTransaction.joiningExisting().call(() -> candidates.names(candidateIds));
        int start = 0;
        while (start < ordered.size()) {
            int end = start;
            Set<Long> promptIds = new LinkedHashSet<>();
            while (end < ordered.size()
                    && (promptIds.contains(ordered.get(end).promptId()) || promptIds.size() < config.promptsPerChunk())) {
                promptIds.add(ordered.get(end).promptId());
                end++;
            }
            List<Entry> chunk = ordered.subList(start, end);
            Set<Long> generationIds = new LinkedHashSet<>();
            chunk.forEach(e -> generationIds.addAll(e.shown()));
            Map<Long, Prompt> prompts = QuarkusTransaction.joiningExisting().call(() -> campaigns.prompts(promptIds));
            Map<Long, String> texts = QuarkusTransaction.joiningExisting().call(() -> candidates.texts(generationIds));
            Map<Long, String> stored = QuarkusTransaction.joiningExisting().call(() -> accepted.json(
                    chunk.stream().filter(e -> e.answer() == null).map(Entry::submissionId).toList()));
            List<Answered> answers = new ArrayList<>(chunk.size());
            for (Entry entry : chunk) {
                Prompt prompt = prompts.get(entry.promptId());
                List<Answered.Reply> shown = entry.shown().stream().map(id -> {
                    long candidate = facts.get(id).candidateId();
                    return new Answered.Reply(id, candidate, names.get(candidate), texts.get(id));
                }).toList();
                KindAnswer answer = entry.answer() != null ? entry.answer()
                        : KindAnswer.read(entry.kind(), stored.get(entry.submissionId()));
                answers.add(new Answered(prompt.id, prompt.externalId, prompt.transcript(), Conversations.prompt(prompt),
                        shown, answer, pseudonyms.of(entry.labelerId()), entry.reliability(), entry.createdAt()));
            }
            sink.accept(answers);
            start = end;
        }
    }

    /** Candidate ids in order, a shorter list first (a ranking, or a label of the prompt alone, is about none). */
    private static int compare(List<Long> x, List<Long> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int order = Long.compare(x.get(i), y.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    /** Where a snapshot's answers come from, for its dataset card: their time span and how many labelers gave them. */
    record Provenance(Instant firstAnswer, Instant lastAnswer, long labelers) {
    }

    Provenance provenance(DatasetSnapshot snapshot) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Entry> entries = entries(snapshot);
            return new Provenance(entries.stream().map(Entry::createdAt).min(Comparator.naturalOrder()).orElse(null),
                    entries.stream().map(Entry::createdAt).max(Comparator.naturalOrder()).orElse(null),
                    entries.stream().map(Entry::labelerId).distinct().count());
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
