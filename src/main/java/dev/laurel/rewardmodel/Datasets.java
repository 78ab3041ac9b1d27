package dev.laurel.rewardmodel;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
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
 * Datasets made from a campaign's votes: versioned snapshots with content hashes, their files
 * (TRL reward pairs, raw votes JSONL, votes CSV), and {@link #pairs} for a reward-model trainer.
 *
 * <p>Votes come from the task feature's side-free {@link Submissions#pairwise} view; texts from
 * the campaign and model features, fetched a chunk of prompts at a time while a file streams.
 * Everything is ordered by (prompt, candidate A, candidate B, submission), all stored ids, so a
 * snapshot's files come out byte for byte the same every time.
 */
@ApplicationScoped
public class Datasets {
    /** Until the quality feature publishes labeler reliabilities, every vote counts fully. */
    static final double DEFAULT_RELIABILITY = 1.0;

    private final EntityManager em;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final Submissions submissions;
    private final DatasetConfig config;
    private final Pseudonyms pseudonyms;

    Datasets(EntityManager em, Campaigns campaigns, Candidates candidates, Submissions submissions, DatasetConfig config) {
        this.em = em;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.submissions = submissions;
        this.config = config;
        this.pseudonyms = new Pseudonyms(config.pseudonymSecret());
    }

    /** One training example in TRL's reward format; what a reward-model trainer consumes. */
    public record PreferencePair(String prompt, String chosen, String rejected, double margin) {
    }

    /** A vote of a snapshot and the reliability it was taken with. */
    private record Member(PairwiseVote vote, double reliability) {
    }

    private static final Comparator<Member> ORDER = Comparator
            .comparingLong((Member m) -> m.vote().promptId())
            .thenComparingLong(m -> m.vote().candidateA())
            .thenComparingLong(m -> m.vote().candidateB())
            .thenComparingLong(m -> m.vote().submissionId());

    /** The campaign's preference pairs from every vote accepted so far (no snapshot). */
    public List<PreferencePair> pairs(long campaignId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Member> members = submissions.pairwise(List.of(campaignId)).stream()
                    .map(vote -> new Member(vote, DEFAULT_RELIABILITY)).sorted(ORDER).toList();
            return collectPairs(members);
        });
    }

    /** The preference pairs of a snapshot: the same rows as its TRL file. */
    public List<PreferencePair> pairs(long campaignId, int version) {
        return QuarkusTransaction.joiningExisting().call(() -> collectPairs(members(existing(campaignId, version))));
    }

    /** Freezes the campaign's votes so far as its next version, with the hashes of its files. */
    @Transactional
    public DatasetSnapshot snapshot(User user, long campaignId) {
        campaigns.managed(user, campaignId);
        List<PairwiseVote> votes = submissions.pairwise(List.of(campaignId));
        if (votes.isEmpty()) {
            throw Problem.conflict("Campaign " + campaignId + " has no votes yet; a dataset needs at least one.");
        }
        Number last = em.createQuery("select max(s.version) from DatasetSnapshot s where s.campaignId = ?1", Number.class)
                .setParameter(1, campaignId).getSingleResult();
        DatasetSnapshot snapshot = new DatasetSnapshot();
        snapshot.campaignId = campaignId;
        snapshot.version = last == null ? 1 : last.intValue() + 1;
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
                for (PairwiseVote vote : votes) {
                    insert.setLong(1, snapshotId);
                    insert.setLong(2, vote.submissionId());
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
        List<Member> members = members(snapshot);
        snapshot.contentSha256 = sha256(members, snapshot.campaignId, DatasetFormat.VOTES_JSONL);
        snapshot.csvSha256 = sha256(members, snapshot.campaignId, DatasetFormat.VOTES_CSV);
        MessageDigest pairsDigest = sha256();
        DatasetWriter pairs = render(members, DatasetFormat.PAIRS_JSONL,
                new DigestOutputStream(OutputStream.nullOutputStream(), pairsDigest));
        snapshot.pairsSha256 = HexFormat.of().formatHex(pairsDigest.digest());
        snapshot.voteCount = members.size();
        snapshot.pairCount = pairs.pairs();
        snapshot.promptCount = members.stream().mapToLong(m -> m.vote().promptId()).distinct().count();
        Set<Long> models = new LinkedHashSet<>();
        members.forEach(m -> {
            models.add(m.vote().candidateA());
            models.add(m.vote().candidateB());
        });
        snapshot.modelCount = models.size();
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
        List<Member> members = QuarkusTransaction.joiningExisting().call(() -> members(snapshot));
        render(members, format, out).finish();
    }

    /** The stored SHA-256 of one file of a snapshot. */
    public static String sha256Of(DatasetSnapshot snapshot, DatasetFormat format) {
        return switch (format) {
            case VOTES_JSONL -> snapshot.contentSha256;
            case PAIRS_JSONL -> snapshot.pairsSha256;
            case VOTES_CSV -> snapshot.csvSha256;
        };
    }

    private DatasetSnapshot existing(long campaignId, int version) {
        DatasetSnapshot snapshot = DatasetSnapshot.find("campaignId = ?1 and version = ?2", campaignId, version).firstResult();
        if (snapshot == null) {
            throw Problem.notFound("Campaign " + campaignId + " has no dataset version " + version + ".");
        }
        return snapshot;
    }

    private List<Member> members(DatasetSnapshot snapshot) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select submission_id, reliability from dataset_snapshot_vote where snapshot_id = ?1")
                .setParameter(1, snapshot.id).getResultList();
        Map<Long, Double> reliability = new HashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            reliability.put(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue());
        }
        return submissions.pairwise(List.of(snapshot.campaignId)).stream()
                .filter(vote -> reliability.containsKey(vote.submissionId()))
                .map(vote -> new Member(vote, reliability.get(vote.submissionId())))
                .sorted(ORDER).toList();
    }

    private String sha256(List<Member> members, long campaignId, DatasetFormat format) {
        MessageDigest digest = sha256();
        render(members, format, new DigestOutputStream(OutputStream.nullOutputStream(), digest)).finish();
        return HexFormat.of().formatHex(digest.digest());
    }

    private DatasetWriter render(List<Member> members, DatasetFormat format, OutputStream out) {
        DatasetWriter writer = new DatasetWriter(format, out);
        forEachChunk(members, writer::write);
        writer.finish();
        return writer;
    }

    private List<PreferencePair> collectPairs(List<Member> members) {
        List<PreferencePair> pairs = new ArrayList<>();
        forEachChunk(members, rows -> DatasetWriter.preferences(rows).forEach(p -> pairs.add(
                new PreferencePair(p.first().prompt(), p.chosen(), p.rejected(), p.consensus().margin()))));
        return pairs;
    }

    /**
     * Hands ordered rows to {@code sink} a chunk of prompts at a time, fetching only that chunk's
     * texts, so memory stays bounded however large the campaign.
     */
    private void forEachChunk(List<Member> members, Consumer<List<DatasetWriter.Row>> sink) {
        Set<Long> candidateIds = new LinkedHashSet<>();
        members.forEach(m -> {
            candidateIds.add(m.vote().candidateA());
            candidateIds.add(m.vote().candidateB());
        });
        Map<Long, String> names = QuarkusTransaction.joiningExisting().call(() -> candidates.names(candidateIds));
        int start = 0;
        while (start < members.size()) {
            int end = start;
            Set<Long> promptIds = new LinkedHashSet<>();
            while (end < members.size()
                    && (promptIds.contains(members.get(end).vote().promptId()) || promptIds.size() < config.promptsPerChunk())) {
                promptIds.add(members.get(end).vote().promptId());
                end++;
            }
            List<Member> chunk = members.subList(start, end);
            Set<Long> generationIds = new LinkedHashSet<>();
            chunk.forEach(m -> {
                generationIds.add(m.vote().generationA());
                generationIds.add(m.vote().generationB());
            });
            Map<Long, Prompt> prompts = QuarkusTransaction.joiningExisting().call(() -> campaigns.prompts(promptIds));
            Map<Long, String> texts = QuarkusTransaction.joiningExisting().call(() -> candidates.texts(generationIds));
            List<DatasetWriter.Row> rows = new ArrayList<>(chunk.size());
            for (Member member : chunk) {
                PairwiseVote vote = member.vote();
                Prompt prompt = prompts.get(vote.promptId());
                rows.add(new DatasetWriter.Row(vote.promptId(), prompt.externalId, prompt.text,
                        vote.candidateA(), vote.candidateB(), names.get(vote.candidateA()), names.get(vote.candidateB()),
                        texts.get(vote.generationA()), texts.get(vote.generationB()), winner(vote.outcome()),
                        pseudonyms.of(vote.labelerId()), member.reliability(), vote.shownLeft() == vote.candidateA(),
                        vote.createdAt()));
            }
            sink.accept(rows);
            start = end;
        }
    }

    private static DatasetWriter.Winner winner(Submissions.Outcome outcome) {
        return switch (outcome) {
            case A_BETTER -> DatasetWriter.Winner.MODEL_A;
            case B_BETTER -> DatasetWriter.Winner.MODEL_B;
            case TIE -> DatasetWriter.Winner.TIE;
            case BOTH_BAD -> DatasetWriter.Winner.BOTH_BAD;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
