package dev.laurel.importing;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.quality.LabelerReliabilities;
import dev.laurel.task.ImportedAnswers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports annotations made elsewhere into a campaign, all or nothing: every record is read, matched to the
 * campaign's prompts, replies and candidates (created where missing: a model by its name in the team, a prompt
 * by its text), and stored as an imported answer ({@link ImportedAnswers}) counted by consensus; any bad record
 * rejects the whole file, listing each bad record and why, and nothing is stored. Imported answers have no
 * labeler account and earn no points.
 */
@ApplicationScoped
public class Imports {
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final ImportedAnswers answers;
    private final LabelerReliabilities quality;

    Imports(Campaigns campaigns, Candidates candidates, ImportedAnswers answers, LabelerReliabilities quality) {
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.answers = answers;
        this.quality = quality;
    }

    /** What an import stored. */
    public record Result(String source, int answers, int promptsAdded, int tasks, int annotators, List<String> models) {
    }

    @Transactional
    public Result importFile(User user, long campaignId, ImportSource source, String text) {
        Campaign campaign = campaigns.managed(user, campaignId);
        List<String> errors = new ArrayList<>();
        List<ImportedRecord> records = source.read(text, campaign, errors);
        if (records.isEmpty() && errors.isEmpty()) {
            errors.add("The file has no records " + campaign.kind.name().toLowerCase() + " campaign " + campaign.id
                    + " can take.");
        }
        String what = source.name() + " import";
        Upload.rejectIfAny(errors, what);
        Matching matching = new Matching(campaign, source.name());
        ImportedAnswers.Batch batch = answers.batch(campaign, source.name());
        Set<Long> tasks = new HashSet<>();
        Set<Long> annotators = new HashSet<>();
        for (ImportedRecord record : records) {
            try {
                Matching.Matched matched = matching.match(record);
                ImportedAnswers.Stored stored = batch.add(new ImportedAnswers.Answer(matched.promptId(), matched.shown(),
                        record.answer(), record.annotator(), record.answeredAt(), record.durationMs()));
                quality.recordImported(stored.submissionId(), stored.taskId(), campaign.id, stored.answerer(), campaign.kind,
                        stored.summary(), stored.answeredAt());
                tasks.add(stored.taskId());
                annotators.add(stored.answerer());
            } catch (Problem problem) {
                errors.add(record.where() + ": " + problem.getMessage());
            }
        }
        // a refused record may leave the transaction half-written: nothing is kept
        Upload.rejectIfAny(errors, what);
        return new Result(source.name(), records.size(), matching.promptsAdded, tasks.size(), annotators.size(),
                List.copyOf(matching.models));
    }

    /** The campaign's prompts and the team's candidates and replies, as the records of one import meet them. */
    private final class Matching {
        record Matched(long promptId, List<Long> shown) {
        }

        private final Campaign campaign;
        private final String source;
        /** Prompts by their conversation ({@link #key}). */
        private final Map<String, List<Long>> promptsByText = new HashMap<>();
        private final Set<String> externalIds = new HashSet<>();
        private final Map<Long, Map<Long, Candidates.StoredReply>> repliesByPrompt = new HashMap<>();
        private final Map<String, Long> candidateByName = new HashMap<>();
        private final Set<String> models = new LinkedHashSet<>();
        private int promptsAdded;

        Matching(Campaign campaign, String source) {
            this.campaign = campaign;
            this.source = source;
            for (Prompt prompt : campaigns.prompts(campaign.id)) {
                promptsByText.computeIfAbsent(key(prompt.conversation()), t -> new ArrayList<>()).add(prompt.id);
                externalIds.add(prompt.externalId);
            }
        }

        /**
         * The prompt with the record's conversation whose replies agree with the record's (a candidate gives one reply
         * per prompt), or a new prompt; the replies' generations, stored where new.
         */
        Matched match(ImportedRecord record) {
            List<Long> candidateIds = new ArrayList<>();
            Map<String, Integer> slots = new HashMap<>();
            for (ImportedRecord.Reply reply : record.replies()) {
                if (reply.model() != null) {
                    candidateIds.add(candidateByName.computeIfAbsent(reply.model(), name -> candidates.candidateNamed(campaign.teamId, name)));
                    models.add(reply.model().strip());
                } else {
                    int slot = slots.merge(reply.source(), 1, Integer::sum);
                    candidateIds.add(candidateByName.computeIfAbsent("\u0000" + reply.source() + slot,
                            k -> candidates.replySource(campaign.teamId, reply.source(), slot)));
                }
            }
            if (new HashSet<>(candidateIds).size() != candidateIds.size()) {
                throw Problem.badRequest("the same model gave more than one of the replies.");
            }
            Long promptId = promptsByText.getOrDefault(key(record.conversation()), List.of()).stream()
                    .filter(id -> fits(id, candidateIds, record.replies())).findFirst().orElse(null);
            if (promptId == null) {
                promptId = addPrompt(record.conversation());
            }
            List<Long> shown = new ArrayList<>();
            for (int i = 0; i < candidateIds.size(); i++) {
                String text = record.replies().get(i).text();
                Optional<Long> generation = candidates.importedReply(candidateIds.get(i), promptId, text);
                long id = generation.orElseThrow(() -> new IllegalStateException("a checked prompt refused a reply"));
                repliesByPrompt.get(promptId).put(candidateIds.get(i), new Candidates.StoredReply(id, promptId, text));
                shown.add(id);
            }
            return new Matched(promptId, shown);
        }

        private boolean fits(long promptId, List<Long> candidateIds, List<ImportedRecord.Reply> replies) {
            Map<Long, Candidates.StoredReply> given = repliesByPrompt.computeIfAbsent(promptId, candidates::repliesTo);
            for (int i = 0; i < candidateIds.size(); i++) {
                Candidates.StoredReply reply = given.get(candidateIds.get(i));
                if (reply != null && !reply.text().equals(replies.get(i).text())) {
                    return false;
                }
            }
            return true;
        }

        /** A one-turn prompt by its text, a longer conversation by all of its turns. */
        private static String key(List<ChatMessage> conversation) {
            return conversation.size() == 1 ? conversation.get(0).content() : ChatMessage.toJson(conversation);
        }

        private long addPrompt(List<ChatMessage> conversation) {
            String externalId;
            int n = externalIds.size() + 1;
            do {
                externalId = source + "-" + n++;
            } while (externalIds.contains(externalId));
            Prompt prompt = campaigns.addImportedPrompt(campaign.id, externalId, conversation);
            externalIds.add(externalId);
            promptsByText.computeIfAbsent(key(conversation), t -> new ArrayList<>()).add(prompt.id);
            repliesByPrompt.put(prompt.id, new HashMap<>());
            promptsAdded++;
            return prompt.id;
        }
    }
}
