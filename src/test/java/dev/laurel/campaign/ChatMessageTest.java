package dev.laurel.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMessageTest {
    private static List<String> problemsOf(String json) {
        List<String> problems = new ArrayList<>();
        List<ChatMessage> messages = ChatMessage.parse(json, problems);
        assertTrue(messages.isEmpty() || problems.isEmpty(), "messages or problems, never both");
        return problems;
    }

    @Test
    void aConversationEndingWithTheUserIsReadTurnByTurn() {
        List<String> problems = new ArrayList<>();
        List<ChatMessage> messages = ChatMessage.parse("[{\"role\": \"system\", \"content\": \"Be brief.\"},"
                + " {\"role\": \"User\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello!\"},"
                + " {\"role\": \"user\", \"content\": \"Why is the sky blue?\"}]", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("system", "user", "assistant", "user"), messages.stream().map(ChatMessage::role).toList());
        assertEquals("System: Be brief.\n\nUser: Hi\n\nAssistant: Hello!\n\nWhy is the sky blue?", ChatMessage.transcript(messages));
        assertEquals("Just text", ChatMessage.transcript(List.of(ChatMessage.user("Just text"))), "one turn is its text");
        assertEquals(messages, ChatMessage.fromJson(ChatMessage.toJson(messages)), "stored and read back unchanged");
    }

    @Test
    void badTurnsAreNamedWithWhatToFix() {
        assertTrue(problemsOf("[{\"role\": \"robot\", \"content\": \"x\"}]").get(0).contains("role 'robot'"));
        assertTrue(problemsOf("[{\"role\": \"user\", \"content\": \"  \"}]").get(0).contains("no content"));
        assertTrue(problemsOf("[{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Yo\"}]")
                .get(0).contains("must end with the user's turn"));
        assertTrue(problemsOf("[{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"system\", \"content\": \"x\"},"
                + " {\"role\": \"user\", \"content\": \"Hi\"}]").get(0).contains("may only come first"));
        assertTrue(problemsOf("[]").get(0).contains("non-empty array"));
        assertTrue(problemsOf("{\"role\": \"user\"}").get(0).contains("non-empty array"));
        assertTrue(problemsOf("[{\"role\": \"user\", \"content\": \"a\\u0000b\"}]").get(0).contains("NUL"));
    }

    @Test
    void theCampaignsSystemPromptComesFirstUnlessThePromptHasItsOwn() {
        List<ChatMessage> plain = List.of(ChatMessage.user("Hi"));
        assertEquals(List.of(new ChatMessage("system", "Be kind."), ChatMessage.user("Hi")), ChatMessage.withSystemPrompt("Be kind.", plain));
        assertEquals(plain, ChatMessage.withSystemPrompt(null, plain));
        List<ChatMessage> own = List.of(new ChatMessage("system", "Be terse."), ChatMessage.user("Hi"));
        assertEquals(own, ChatMessage.withSystemPrompt("Be kind.", own), "the prompt's own system turn is the more specific");
    }
}
