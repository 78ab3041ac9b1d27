package dev.laurel.quality;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.CampaignOpened;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.task.TaskFactory;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Gold tasks (uploaded by the model team with a known answer) and honeypots (a real reply against a
 * degraded copy of it). Both become tasks in the ordinary queue whose view has exactly the shape of
 * any other task; sides are drawn at random, so the right answer is as often left as right.
 * Categorical campaigns take gold items too (a prompt, its reply if the campaign labels replies, and
 * the right label or labels); honeypots are pairwise only.
 */
@ApplicationScoped
public class GoldTasks {
    /** Every labeler may answer a gold task once: its overlap is effectively unbounded. */
    static final int GOLD_OVERLAP = 1_000_000;
    static final int MAX_TEXT = 100_000;
    static final int MAX_EXTERNAL_ID = 200;
    private static final Set<String> ANSWERS = Set.of("A", "B", "TIE", "BOTH_BAD");

    private final Campaigns campaigns;
    private final Candidates candidates;
    private final TaskFactory factory;
    private final CampaignSettings settings;
    private final Random random = new SecureRandom();

    GoldTasks(Campaigns campaigns, Candidates candidates, TaskFactory factory, CampaignSettings settings) {
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.factory = factory;
        this.settings = settings;
    }

    /** What a labeler sees of a gold task: the same three texts as any task. */
    public record View(String prompt, String left, String right) {
    }

    /**
     * Adds gold items from JSONL or CSV with fields {@code id, prompt, reply_a, reply_b, answer}
     * (answer: A, B, TIE or BOTH_BAD), an optional {@code explanation} and an optional {@code practice}
     * (true: an onboarding practice item, which needs an explanation and never becomes a task); all or
     * nothing. Items of an open campaign become tasks at once, a draft's when it opens.
     */
    @Transactional
    public int upload(Campaign campaign, String text, Upload.Format format) {
        if (campaign.kind == TaskKind.CATEGORICAL) {
            return uploadCategorical(campaign, text, format);
        }
        if (campaign.kind != TaskKind.PAIRWISE) {
            throw Problem.conflict("Gold items exist for pairwise and categorical campaigns; campaign " + campaign.id
                    + " is a " + campaign.kind.name().toLowerCase(Locale.ROOT) + " campaign.");
        }
        List<String> errors = new ArrayList<>();
        List<Upload.Row> rows = Upload.rows(text, format, List.of("id", "prompt", "reply_a", "reply_b", "answer"), errors);
        Set<String> existing = new HashSet<>();
        GoldItem.<GoldItem>stream("campaignId", campaign.id).forEach(item -> existing.add(item.externalId));
        Set<String> seen = new HashSet<>();
        for (Upload.Row row : rows) {
            checkId(row, seen, existing, errors);
            for (String field : List.of("prompt", "reply_a", "reply_b")) {
                String value = row.get(field);
                if (value != null && value.length() > MAX_TEXT) {
                    errors.add("Line " + row.line() + ": '" + field + "' is longer than " + MAX_TEXT + " characters.");
                }
            }
            String answer = row.get("answer");
            if (answer != null && !answer.isBlank() && !ANSWERS.contains(normalize(answer))) {
                errors.add("Line " + row.line() + ": 'answer' is '" + answer + "'; use A, B, TIE or BOTH_BAD.");
            }
            String explanation = row.get("explanation");
            if (explanation != null && explanation.length() > 2000) {
                errors.add("Line " + row.line() + ": 'explanation' is longer than 2000 characters.");
            }
            if (row.get("reply_a") != null && row.get("reply_a").equals(row.get("reply_b"))) {
                errors.add("Line " + row.line() + ": 'reply_a' and 'reply_b' are the same text.");
            }
            String practice = row.get("practice");
            if (practice != null && !practice.isBlank() && !List.of("true", "false").contains(practice.strip().toLowerCase(Locale.ROOT))) {
                errors.add("Line " + row.line() + ": 'practice' is '" + practice + "'; use true or false.");
            } else if (isPractice(row) && (row.get("explanation") == null || row.get("explanation").isBlank())) {
                errors.add("Line " + row.line() + ": a practice item needs an 'explanation': labelers read it after answering.");
            }
        }
        Upload.rejectIfAny(errors, "gold set");
        Instant now = Instant.now();
        boolean open = campaign.status == Campaign.Status.OPEN;
        for (Upload.Row row : rows) {
            GoldItem item = new GoldItem();
            item.campaignId = campaign.id;
            item.externalId = row.get("id");
            item.prompt = row.get("prompt");
            item.firstReply = row.get("reply_a");
            item.secondReply = row.get("reply_b");
            item.answer = normalize(row.get("answer"));
            item.explanation = row.get("explanation");
            item.practice = isPractice(row);
            item.createdAt = now;
            item.persist();
            if (open && !item.practice) {
                goldTask(item, now);
            }
        }
        return rows.size();
    }

    /** A gold item's id: not too long, once per file, and new to the campaign. */
    private static void checkId(Upload.Row row, Set<String> seen, Set<String> existing, List<String> errors) {
        String id = row.get("id");
        if (id != null && id.length() > MAX_EXTERNAL_ID) {
            errors.add("Line " + row.line() + ": 'id' is longer than " + MAX_EXTERNAL_ID + " characters.");
        } else if (id != null && !id.isBlank() && !seen.add(id)) {
            errors.add("Line " + row.line() + ": id '" + id + "' appears more than once in the file.");
        } else if (id != null && existing.contains(id)) {
            errors.add("Line " + row.line() + ": id '" + id + "' is already a gold item of this campaign.");
        }
    }

    /**
     * Categorical gold: fields {@code id, prompt, answer} (a label; for a multi-label campaign every
     * label that applies, separated by commas), {@code reply} when the campaign labels replies, and an
     * optional {@code explanation}; all or nothing.
     */
    private int uploadCategorical(Campaign campaign, String text, Upload.Format format) {
        AnswerSpace space = AnswerSpace.of(campaign.kind, campaign.kindSettings()).orElseThrow();
        boolean onReplies = campaign.kindSettings().target() == KindSettings.Target.REPLY;
        List<String> errors = new ArrayList<>();
        List<String> required = onReplies ? List.of("id", "prompt", "reply", "answer") : List.of("id", "prompt", "answer");
        List<Upload.Row> rows = Upload.rows(text, format, required, errors);
        Set<String> existing = new HashSet<>();
        GoldItem.<GoldItem>stream("campaignId", campaign.id).forEach(item -> existing.add(item.externalId));
        Set<String> seen = new HashSet<>();
        for (Upload.Row row : rows) {
            checkId(row, seen, existing, errors);
            for (String field : List.of("prompt", "reply")) {
                String value = row.get(field);
                if (value != null && value.length() > MAX_TEXT) {
                    errors.add("Line " + row.line() + ": '" + field + "' is longer than " + MAX_TEXT + " characters.");
                }
            }
            if (!onReplies && row.get("reply") != null) {
                errors.add("Line " + row.line() + ": this campaign labels prompt items alone; 'reply' does not apply.");
            }
            String answer = row.get("answer");
            if (answer != null && !answer.isBlank() && space.canonical(answer).isEmpty()) {
                errors.add("Line " + row.line() + ": 'answer' is '" + answer + "'; use " + space.describe() + ".");
            }
            String explanation = row.get("explanation");
            if (explanation != null && explanation.length() > 2000) {
                errors.add("Line " + row.line() + ": 'explanation' is longer than 2000 characters.");
            }
            if (row.get("practice") != null) {
                errors.add("Line " + row.line() + ": practice items exist for pairwise campaigns only; remove 'practice'.");
            }
        }
        Upload.rejectIfAny(errors, "gold set");
        Instant now = Instant.now();
        for (Upload.Row row : rows) {
            GoldItem item = new GoldItem();
            item.campaignId = campaign.id;
            item.externalId = row.get("id");
            item.prompt = row.get("prompt");
            item.firstReply = row.get("reply");
            item.answer = space.canonical(row.get("answer")).orElseThrow();
            item.explanation = row.get("explanation");
            item.createdAt = now;
            item.persist();
            if (campaign.status == Campaign.Status.OPEN) {
                goldTask(item, now);
            }
        }
        return rows.size();
    }

    public List<GoldItem> items(long campaignId) {
        return GoldItem.list("campaignId = ?1 order by id", campaignId);
    }

    /** A practice item as the onboarding shows it: the texts as uploaded, the answer about them, and why. */
    public record PracticeItem(long id, long campaignId, String prompt, String replyA, String replyB, String answer,
                               String explanation) {
        static PracticeItem of(GoldItem item) {
            return new PracticeItem(item.id, item.campaignId, item.prompt, item.firstReply, item.secondReply, item.answer,
                    item.explanation);
        }
    }

    /**
     * Up to {@code limit} practice items of these campaigns, newest first: read backwards along the
     * {@code gold_item_practice} index, never through the campaigns' real gold items.
     */
    public List<PracticeItem> practiceItems(java.util.Collection<Long> campaignIds, int limit) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        return GoldItem.<GoldItem>find("practice = true and campaignId in ?1 order by id desc", campaignIds).page(0, limit).list()
                .stream().map(PracticeItem::of).toList();
    }

    /** One practice item, if it is one. */
    public java.util.Optional<PracticeItem> practiceItem(long id) {
        return GoldItem.<GoldItem>findByIdOptional(id).filter(item -> item.practice).map(PracticeItem::of);
    }

    private static boolean isPractice(Upload.Row row) {
        return row.get("practice") != null && "true".equalsIgnoreCase(row.get("practice").strip());
    }

    public long itemCount(long campaignId) {
        return GoldItem.count("campaignId", campaignId);
    }

    /** Runs in the opening transaction, after the task factory: gold items and honeypots become tasks. */
    @Transactional(Transactional.TxType.MANDATORY)
    void onOpened(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) CampaignOpened opened) {
        CampaignQuality quality = settings.stored(opened.campaignId(), opened.overlap());
        Instant now = Instant.now();
        for (GoldItem item : items(opened.campaignId())) {
            if (!item.practice) {
                goldTask(item, now);
            }
        }
        if (quality.honeypotRate > 0 && opened.kind() == TaskKind.PAIRWISE) { // honeypots degrade a reply of a pair
            honeypots(opened.campaignId(), quality.honeypotRate, now);
        }
    }

    /**
     * Whether the answer matches a gold task's known answer; null for an ordinary task. Answers are
     * compared as the submission summary: the pairwise choice, or the labels in campaign order.
     */
    public Boolean outcome(long taskId, String answer) {
        GoldTask gold = GoldTask.find("taskId", taskId).firstResult();
        return gold == null ? null : gold.expected.equals(answer);
    }

    public View view(long taskId) {
        GoldTask gold = GoldTask.find("taskId", taskId).firstResult();
        if (gold == null) {
            throw new IllegalStateException("Task " + taskId + " is marked gold but has no gold texts");
        }
        return new View(gold.prompt, gold.leftText, gold.rightText);
    }

    public record GoldStats(long goldTasks, long honeypots) {
    }

    public GoldStats stats(long campaignId) {
        return new GoldStats(GoldTask.count("campaignId = ?1 and kind = ?2", campaignId, GoldTask.GOLD),
                GoldTask.count("campaignId = ?1 and kind = ?2", campaignId, GoldTask.HONEYPOT));
    }

    private void goldTask(GoldItem item, Instant now) {
        TaskKind kind = campaigns.campaign(item.campaignId).kind;
        if (kind != TaskKind.PAIRWISE) { // categorical: the item (and its reply) as uploaded, nothing to swap
            GoldTask gold = new GoldTask();
            gold.taskId = factory.addQualityTask(item.campaignId, kind, GoldTask.GOLD, GOLD_OVERLAP);
            gold.campaignId = item.campaignId;
            gold.kind = GoldTask.GOLD;
            gold.goldItemId = item.id;
            gold.prompt = item.prompt;
            gold.leftText = item.firstReply;
            gold.expected = item.answer;
            gold.createdAt = now;
            gold.persist();
            return;
        }
        boolean swap = random.nextBoolean();
        GoldTask gold = new GoldTask();
        gold.taskId = factory.addQualityTask(item.campaignId, TaskKind.PAIRWISE, GoldTask.GOLD, GOLD_OVERLAP);
        gold.campaignId = item.campaignId;
        gold.kind = GoldTask.GOLD;
        gold.goldItemId = item.id;
        gold.prompt = item.prompt;
        gold.leftText = swap ? item.secondReply : item.firstReply;
        gold.rightText = swap ? item.firstReply : item.secondReply;
        gold.expected = switch (item.answer) {
            case "A" -> swap ? "B" : "A";
            case "B" -> swap ? "A" : "B";
            default -> item.answer;
        };
        gold.createdAt = now;
        gold.persist();
    }

    /** {@code rate} honeypots per ordinary pair (at least one), each from a different real reply where possible. */
    private void honeypots(long campaignId, double rate, Instant now) {
        Map<Long, List<Candidates.Reply>> replies = candidates.repliesByPrompt(campaignId);
        List<long[]> pool = new ArrayList<>(); // (prompt id, generation id)
        long pairs = 0;
        for (Map.Entry<Long, List<Candidates.Reply>> entry : replies.entrySet()) {
            int n = entry.getValue().size();
            pairs += (long) n * (n - 1) / 2;
            entry.getValue().forEach(reply -> pool.add(new long[] {entry.getKey(), reply.generationId()}));
        }
        if (pool.isEmpty()) {
            return;
        }
        java.util.Collections.shuffle(pool, random);
        long count = Math.min(pool.size(), Math.max(1, Math.round(rate * pairs)));
        for (int i = 0; i < count; i++) {
            String prompt = campaigns.prompt(pool.get(i)[0]).text;
            String real = candidates.generation(pool.get(i)[1]).text;
            Degradation.Degraded degraded = Degradation.degrade(real, random);
            boolean realLeft = random.nextBoolean();
            GoldTask gold = new GoldTask();
            gold.taskId = factory.addQualityTask(campaignId, TaskKind.PAIRWISE, GoldTask.HONEYPOT, GOLD_OVERLAP);
            gold.campaignId = campaignId;
            gold.kind = GoldTask.HONEYPOT;
            gold.prompt = prompt;
            gold.leftText = realLeft ? real : degraded.text();
            gold.rightText = realLeft ? degraded.text() : real;
            gold.expected = realLeft ? "A" : "B";
            gold.degradation = degraded.kind().name();
            gold.createdAt = now;
            gold.persist();
        }
    }

    private static String normalize(String answer) {
        return answer == null ? null : answer.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
    }
}
