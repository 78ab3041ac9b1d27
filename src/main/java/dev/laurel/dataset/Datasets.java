package dev.laurel.dataset;

import dev.laurel.account.Accounts;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.Prompt;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.categorical.CategoricalAnswer;
import dev.laurel.campaign.kind.correction.CorrectionAnswer;
import dev.laurel.campaign.kind.ranking.RankingAnswer;
import dev.laurel.campaign.kind.rubric.RubricAnswer;
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
 * Datasets made from a campaign's answers: versioned snapshots with content hashes, their files
 * (which depend on the campaign's task kind, {@link DatasetFormat#of}), and {@link #pairs} for a
 * reward-model trainer (pairwise votes, or the comparisons rankings imply).
 *
 * <p>Pairwise votes come from the task feature's side-free {@link Submissions#pairwise} view, the
 * other kinds' answers from {@link AcceptedAnswers}; texts from the campaign and model features,
 * fetched a chunk of prompts at a time while a file streams. Everything is ordered by stored ids
 * (prompt, candidates, submission), so a snapshot's files come out byte for byte the same every time.
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

    /** A vote of a snapshot and the reliability it was taken with. */
    private record Member(PairwiseVote vote, double reliability) {
    }

    private static final Comparator<Member> ORDER = Comparator
            .comparingLong((Member m) -> m.vote().promptId())
            .thenComparingLong(m -> m.vote().candidateA())
            .thenComparingLong(m -> m.vote().candidateB())
            .thenComparingLong(m -> m.vote().submissionId());

    /**
     * The campaign's accepted pairwise votes, without those of its own team's accounts: the platform leaves a
     * team's own answers out of its campaign's consensus (quality) and so out of its data.
     */
    private List<PairwiseVote> votes(Campaign campaign) {
        java.util.Set<Long> team = accounts.teamMembers(campaign.teamId);
        return submissions.pairwise(List.of(campaign.id)).stream().filter(vote -> !team.contains(vote.labelerId())).toList();
    }

    /** The campaign's accepted answers of a kind, without its own team's (see {@link #votes}). */
    private List<AcceptedAnswers.Answer> answers(Campaign campaign, TaskKind kind) {
        java.util.Set<Long> team = accounts.teamMembers(campaign.teamId);
        return accepted.of(campaign.id, kind).stream().filter(answer -> !team.contains(answer.labelerId())).toList();
    }

    /** The campaign's preference pairs from every vote accepted so far (no snapshot). */
    public List<PreferencePair> pairs(long campaignId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Campaign campaign = campaigns.campaign(campaignId);
            if (campaign.kind == TaskKind.RANKING) {
                List<Entry> entries = answers(campaign, TaskKind.RANKING).stream()
                        .map(answer -> new Entry(answer, DEFAULT_RELIABILITY)).toList();
                return rankingPairs(campaign, entries);
            }
            List<Member> members = votes(campaign).stream()
                    .map(vote -> new Member(vote, DEFAULT_RELIABILITY)).sorted(ORDER).toList();
            return collectPairs(members);
        });
    }

    /** The preference pairs of a snapshot: the same rows as its TRL file. */
    public List<PreferencePair> pairs(long campaignId, int version) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            DatasetSnapshot snapshot = existing(campaignId, version);
            return switch (snapshot.kind) {
                case PAIRWISE -> collectPairs(members(snapshot));
                case RANKING -> rankingPairs(campaigns.campaign(campaignId), entries(snapshot));
                default -> List.of();
            };
        });
    }

    /** Freezes the campaign's answers so far as its next version, with the hashes of its files. */
    @Transactional
    public DatasetSnapshot snapshot(User user, long campaignId) {
        Campaign campaign = campaigns.managed(user, campaignId);
        List<Long> submissionIds = campaign.kind == TaskKind.PAIRWISE
                ? votes(campaign).stream().map(PairwiseVote::submissionId).toList()
                : answers(campaign, campaign.kind).stream().map(AcceptedAnswers.Answer::submissionId).toList();
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
            if (format == DatasetFormat.canonical(campaign.kind)) {
                snapshot.contentSha256 = hash;
            } else if (format == DatasetFormat.PAIRS_JSONL) {
                snapshot.pairsSha256 = hash;
                snapshot.pairCount = rows;
            } else if (format == DatasetFormat.VOTES_CSV) {
                snapshot.csvSha256 = hash;
            }
        }
        if (campaign.kind == TaskKind.PAIRWISE) {
            List<Member> members = members(snapshot);
            snapshot.promptCount = members.stream().mapToLong(m -> m.vote().promptId()).distinct().count();
            Set<Long> models = new LinkedHashSet<>();
            members.forEach(m -> {
                models.add(m.vote().candidateA());
                models.add(m.vote().candidateB());
            });
            snapshot.modelCount = models.size();
        } else {
            List<Entry> entries = entries(snapshot);
            Map<Long, Candidates.ReplyFacts> facts = candidates.replyFacts(List.of(campaignId));
            snapshot.promptCount = entries.stream().mapToLong(e -> e.answer().promptId()).distinct().count();
            snapshot.modelCount = (int) entries.stream().flatMap(e -> generationsOf(e).stream())
                    .map(id -> facts.get(id).candidateId()).distinct().count();
        }
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
                new DatasetSnapshot.File(DatasetFormat.VOTES_JSONL.fileName(), snapshot.contentSha256, snapshot.voteCount),
                new DatasetSnapshot.File(DatasetFormat.VOTES_CSV.fileName(), snapshot.csvSha256, snapshot.voteCount));
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

    private List<Member> members(DatasetSnapshot snapshot) {
        Map<Long, Double> reliability = reliabilities(snapshot);
        return submissions.pairwise(List.of(snapshot.campaignId)).stream()
                .filter(vote -> reliability.containsKey(vote.submissionId()))
                .map(vote -> new Member(vote, reliability.get(vote.submissionId())))
                .sorted(ORDER).toList();
    }

    /** Streams one file of a snapshot and returns how many rows it wrote. */
    private long render(DatasetSnapshot snapshot, DatasetFormat format, OutputStream out) {
        if (!DatasetFormat.of(snapshot.kind).contains(format)) {
            throw Problem.notFound("A " + snapshot.kind.name().toLowerCase(java.util.Locale.ROOT) + " dataset has no "
                    + format.fileName() + "; it has " + fileNames(snapshot) + ".");
        }
        if (format.isAnnotationTool()) {
            Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
            AnnotationToolExports writer = new AnnotationToolExports(format, out, columns(campaign));
            if (snapshot.kind == TaskKind.PAIRWISE) {
                forEachVoteChunk(snapshot, writer::writeVotes);
            } else {
                forEachAnswerChunk(snapshot, records -> {
                    switch (snapshot.kind) {
                        case RANKING -> writer.writeRankings(records.stream().map(AnswerExports.Ranking.class::cast).toList());
                        case RUBRIC -> writer.writeRatings(records.stream().map(AnswerExports.Rating.class::cast).toList());
                        case CATEGORICAL -> writer.writeLabels(records.stream().map(AnswerExports.Labeling.class::cast).toList());
                        case CORRECTION -> writer.writeCorrections(records.stream().map(AnswerExports.Correction.class::cast).toList());
                        case PAIRWISE -> throw new IllegalStateException("pairwise votes are read with forEachVoteChunk");
                    }
                });
            }
            writer.finish();
            return writer.items();
        }
        if (snapshot.kind == TaskKind.PAIRWISE) {
            List<Member> members = QuarkusTransaction.joiningExisting().call(() -> members(snapshot));
            DatasetWriter writer = render(members, format, out);
            return format == DatasetFormat.PAIRS_JSONL || format == DatasetFormat.CONVERSATIONAL_PAIRS_JSONL
                    ? writer.pairs() : members.size();
        }
        Campaign campaign = QuarkusTransaction.joiningExisting().call(() -> campaigns.campaign(snapshot.campaignId));
        List<Entry> entries = QuarkusTransaction.joiningExisting().call(() -> entries(snapshot));
        return renderAnswers(campaign, entries, format, out);
    }

    /** The names of a snapshot's files, for messages: "pairs.jsonl, votes.jsonl, votes.csv and trl-config.yaml". */
    public static String fileNames(DatasetSnapshot snapshot) {
        List<String> names = new ArrayList<>(DatasetFormat.of(snapshot.kind).stream().map(DatasetFormat::fileName).toList());
        if (DatasetFormat.of(snapshot.kind).contains(DatasetFormat.PAIRS_JSONL)) {
            names.add("trl-config.yaml");
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
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
                rows.add(new DatasetWriter.Row(vote.promptId(), prompt.externalId, prompt.transcript(), Conversations.prompt(prompt),
                        vote.candidateA(), vote.candidateB(), names.get(vote.candidateA()), names.get(vote.candidateB()),
                        texts.get(vote.generationA()), texts.get(vote.generationB()), winner(vote.outcome()),
                        pseudonyms.of(vote.labelerId()), member.reliability(), vote.shownLeft() == vote.candidateA(),
                        vote.createdAt()));
            }
            sink.accept(rows);
            start = end;
        }
    }

    /** An accepted answer of a non-pairwise snapshot and the reliability it was taken with. */
    private record Entry(AcceptedAnswers.Answer answer, double reliability) {
    }

    /** The answers a non-pairwise snapshot holds, in submission order. */
    private List<Entry> entries(DatasetSnapshot snapshot) {
        Map<Long, Double> reliability = reliabilities(snapshot);
        return accepted.of(snapshot.campaignId, snapshot.kind).stream()
                .filter(answer -> reliability.containsKey(answer.submissionId()))
                .map(answer -> new Entry(answer, reliability.get(answer.submissionId()))).toList();
    }

    /**
     * The generations an answer's rows show: every shown reply of a ranking, else the one reply the
     * task showed (its answer names the same generation), or none for a label of the prompt alone.
     */
    private static List<Long> generationsOf(Entry entry) {
        List<Long> shown = entry.answer().shown();
        return entry.answer().kind() == TaskKind.RANKING || shown.isEmpty() ? shown : shown.subList(0, 1);
    }

    /** Texts and names of one chunk of prompts, and how an entry becomes the rows of {@link AnswerExports}. */
    private final class Chunk {
        final Map<Long, Prompt> prompts;
        final Map<Long, String> texts;
        final Map<Long, String> answers;
        final Map<Long, Candidates.ReplyFacts> facts;
        final Map<Long, String> names;

        Chunk(Map<Long, Prompt> prompts, Map<Long, String> texts, Map<Long, String> answers,
              Map<Long, Candidates.ReplyFacts> facts, Map<Long, String> names) {
            this.prompts = prompts;
            this.texts = texts;
            this.answers = answers;
            this.facts = facts;
            this.names = names;
        }

        /** The entry's stored answer, typed as its kind's answer. */
        <A extends KindAnswer> A answer(Entry entry, Class<A> type) {
            return type.cast(KindAnswer.read(entry.answer().kind(), answers.get(entry.answer().submissionId())));
        }

        AnswerExports.Vote vote(Entry entry) {
            Prompt prompt = prompts.get(entry.answer().promptId());
            return new AnswerExports.Vote(prompt.id, prompt.externalId, prompt.transcript(), Conversations.prompt(prompt),
                    pseudonyms.of(entry.answer().labelerId()), entry.reliability(), entry.answer().createdAt());
        }

        AnswerExports.Reply reply(long generationId) {
            long candidate = facts.get(generationId).candidateId();
            return new AnswerExports.Reply(candidate, names.get(candidate), texts.get(generationId));
        }

        AnswerExports.Ranking ranking(Entry entry) {
            List<AnswerExports.Reply> shown = entry.answer().shown().stream().map(this::reply)
                    .sorted(Comparator.comparingLong(AnswerExports.Reply::candidateId)).toList();
            List<Long> ranked = answer(entry, RankingAnswer.class).generationIds().stream()
                    .map(id -> facts.get(id).candidateId()).toList();
            return new AnswerExports.Ranking(vote(entry), shown, ranked);
        }

        AnswerExports.Rating rating(Entry entry) {
            RubricAnswer answer = answer(entry, RubricAnswer.class);
            return new AnswerExports.Rating(vote(entry), reply(answer.generationId()), answer.scale(), answer.ratings());
        }

        AnswerExports.Labeling labeling(Entry entry) {
            CategoricalAnswer answer = answer(entry, CategoricalAnswer.class);
            return new AnswerExports.Labeling(vote(entry), answer.generationId() == null ? null : reply(answer.generationId()),
                    answer.labels());
        }

        AnswerExports.Correction correction(Entry entry) {
            CorrectionAnswer answer = answer(entry, CorrectionAnswer.class);
            return new AnswerExports.Correction(vote(entry), reply(answer.generationId()), answer.text(), answer.diff(),
                    answer.wordsAdded(), answer.wordsRemoved());
        }
    }

    /**
     * Hands the answers to {@code sink} ordered by prompt, then the reply they are about (candidate
     * order; rankings and prompt-only labels have none), then acceptance, a chunk of prompts at a
     * time with only that chunk's texts fetched.
     */
    private void forEachAnswerChunk(long campaignId, List<Entry> entries, java.util.function.BiConsumer<Chunk, List<Entry>> sink) {
        Map<Long, Candidates.ReplyFacts> facts = QuarkusTransaction.joiningExisting().call(() -> candidates.replyFacts(List.of(campaignId)));
        Map<Long, Long> item = new HashMap<>(entries.size() * 2); // by submission: the candidate whose reply it is about
        for (Entry entry : entries) {
            List<Long> generations = generationsOf(entry);
            item.put(entry.answer().submissionId(), entry.answer().kind() == TaskKind.RANKING || generations.isEmpty()
                    ? -1L : facts.get(generations.get(0)).candidateId());
        }
        List<Entry> ordered = entries.stream().sorted(Comparator.comparingLong((Entry e) -> e.answer().promptId())
                .thenComparingLong(e -> item.get(e.answer().submissionId()))
                .thenComparingLong(e -> e.answer().submissionId())).toList();
        Set<Long> candidateIds = new LinkedHashSet<>();
        facts.values().forEach(f -> candidateIds.add(f.candidateId()));
        Map<Long, String> names = QuarkusTransaction.joiningExisting().call(() -> candidates.names(candidateIds));
        int start = 0;
        while (start < ordered.size()) {
            int end = start;
            Set<Long> promptIds = new LinkedHashSet<>();
            while (end < ordered.size()
                    && (promptIds.contains(ordered.get(end).answer().promptId()) || promptIds.size() < config.promptsPerChunk())) {
                promptIds.add(ordered.get(end).answer().promptId());
                end++;
            }
            List<Entry> chunk = ordered.subList(start, end);
            Set<Long> generationIds = new LinkedHashSet<>();
            chunk.forEach(e -> generationIds.addAll(generationsOf(e)));
            Map<Long, Prompt> prompts = QuarkusTransaction.joiningExisting().call(() -> campaigns.prompts(promptIds));
            Map<Long, String> texts = QuarkusTransaction.joiningExisting().call(() -> candidates.texts(generationIds));
            Map<Long, String> answers = QuarkusTransaction.joiningExisting().call(() ->
                    accepted.json(chunk.stream().map(e -> e.answer().submissionId()).toList()));
            sink.accept(new Chunk(prompts, texts, answers, facts, names), chunk);
            start = end;
        }
    }

    /** Dimensions (rubric) or labels (categorical) in the campaign's order: the files' columns; none for other kinds. */
    private static List<String> columns(Campaign campaign) {
        KindSettings settings = campaign.kindSettings();
        return switch (campaign.kind) {
            case RUBRIC -> settings.dimensions().stream().map(KindSettings.Dimension::name).toList();
            case CATEGORICAL -> settings.labels();
            default -> List.of();
        };
    }

    /** Streams one file of a non-pairwise snapshot; returns its rows. */
    private long renderAnswers(Campaign campaign, List<Entry> entries, DatasetFormat format, OutputStream out) {
        if (format == DatasetFormat.PAIRS_JSONL || format == DatasetFormat.CONVERSATIONAL_PAIRS_JSONL) {
            DatasetWriter writer = new DatasetWriter(format, out);
            forEachAnswerChunk(campaign.id, entries, (chunk, part) ->
                    writer.write(AnswerExports.impliedVotes(part.stream().map(chunk::ranking).toList())));
            writer.finish();
            return writer.pairs();
        }
        AnswerExports writer = new AnswerExports(format, out, columns(campaign));
        forEachAnswerChunk(campaign.id, entries, (chunk, part) -> {
            switch (campaign.kind) {
                case RANKING -> writer.writeRankings(part.stream().map(chunk::ranking).toList());
                case RUBRIC -> writer.writeRatings(part.stream().map(chunk::rating).toList());
                case CATEGORICAL -> writer.writeLabels(part.stream().map(chunk::labeling).toList());
                case CORRECTION -> writer.writeCorrections(part.stream().map(chunk::correction).toList());
                case PAIRWISE -> throw new IllegalStateException("pairwise votes are written by DatasetWriter");
            }
        });
        writer.finish();
        return writer.rows();
    }

    /**
     * Hands a pairwise snapshot's votes to {@code sink} in file order, a chunk of whole prompts at a time (so every
     * vote of a (prompt, pair) is in one chunk, as {@link DatasetWriter#preferences} needs).
     */
    void forEachVoteChunk(DatasetSnapshot snapshot, Consumer<List<DatasetWriter.Row>> sink) {
        forEachChunk(QuarkusTransaction.joiningExisting().call(() -> members(snapshot)), sink);
    }

    /**
     * Hands the answers of a snapshot of another kind to {@code sink} in file order, a chunk of whole prompts at a
     * time, as {@link AnswerExports} records: {@link AnswerExports.Ranking}, {@link AnswerExports.Rating},
     * {@link AnswerExports.Labeling} or {@link AnswerExports.Correction}, by the snapshot's kind.
     */
    void forEachAnswerChunk(DatasetSnapshot snapshot, Consumer<List<? extends Record>> sink) {
        List<Entry> entries = QuarkusTransaction.joiningExisting().call(() -> entries(snapshot));
        forEachAnswerChunk(snapshot.campaignId, entries, (chunk, part) -> sink.accept(switch (snapshot.kind) {
            case RANKING -> part.stream().map(chunk::ranking).toList();
            case RUBRIC -> part.stream().map(chunk::rating).toList();
            case CATEGORICAL -> part.stream().map(chunk::labeling).toList();
            case CORRECTION -> part.stream().map(chunk::correction).toList();
            case PAIRWISE -> throw new IllegalStateException("pairwise votes are read with forEachVoteChunk");
        }));
    }

    /** Where a snapshot's answers come from, for its dataset card: their time span and how many labelers gave them. */
    record Provenance(Instant firstAnswer, Instant lastAnswer, long labelers) {
    }

    Provenance provenance(DatasetSnapshot snapshot) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Instant> times = new ArrayList<>();
            Set<Long> labelers = new java.util.HashSet<>();
            if (snapshot.kind == TaskKind.PAIRWISE) {
                members(snapshot).forEach(m -> {
                    times.add(m.vote().createdAt());
                    labelers.add(m.vote().labelerId());
                });
            } else {
                entries(snapshot).forEach(e -> {
                    times.add(e.answer().createdAt());
                    labelers.add(e.answer().labelerId());
                });
            }
            return new Provenance(times.stream().min(Comparator.naturalOrder()).orElse(null),
                    times.stream().max(Comparator.naturalOrder()).orElse(null), labelers.size());
        });
    }

    /** The TRL pairs a ranking campaign's answers imply: the same rows as its pairs file. */
    private List<PreferencePair> rankingPairs(Campaign campaign, List<Entry> entries) {
        List<PreferencePair> pairs = new ArrayList<>();
        forEachAnswerChunk(campaign.id, entries, (chunk, part) -> DatasetWriter.preferences(
                AnswerExports.impliedVotes(part.stream().map(chunk::ranking).toList())).forEach(p -> pairs.add(
                new PreferencePair(p.first().prompt(), p.chosen(), p.rejected(), p.consensus().margin()))));
        return pairs;
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
