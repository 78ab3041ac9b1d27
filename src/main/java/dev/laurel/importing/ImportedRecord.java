package dev.laurel.importing;

import dev.laurel.campaign.ChatMessage;
import dev.laurel.campaign.kind.AnswerRequest;
import java.time.Instant;
import java.util.List;

/**
 * One answer read from a foreign format, before it is stored: what it was about (a conversation ending with the turn
 * the replies answer, and the replies shown, in display order) and what it says, in Laurel's answer shape. Each source format turns its records
 * into these; {@link Imports} stores them all the same way.
 *
 * @param where      how a person finds the record in their file: "Line 3", "Record 2", "Task 7, annotation 1"
 * @param annotator  the original annotator's pseudonym; null when the record names none
 * @param answeredAt the original time; null when the record has none
 */
record ImportedRecord(String where, List<ChatMessage> conversation, List<Reply> replies, AnswerRequest answer,
                      String annotator, Instant answeredAt, long durationMs) {

    /** A record about a one-turn prompt. */
    ImportedRecord(String where, String prompt, List<Reply> replies, AnswerRequest answer, String annotator,
                   Instant answeredAt, long durationMs) {
        this(where, List.of(ChatMessage.user(prompt)), replies, answer, annotator, answeredAt, durationMs);
    }

    /**
     * A reply the answer was about.
     *
     * @param model  the registered model's name (matched or created in the team), or null for a reply no model
     *               gave, whose {@code source} is then "human" or "unknown"
     */
    record Reply(String model, String source, String text) {
        static Reply ofModel(String model, String text) {
            return new Reply(model, null, text);
        }

        static Reply unknown(String text) {
            return new Reply(null, "unknown", text);
        }

        static Reply human(String text) {
            return new Reply(null, "human", text);
        }
    }
}
