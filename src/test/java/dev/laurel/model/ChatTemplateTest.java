package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.campaign.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat templates as Hugging Face tokenizers ship them (Jinja), rendered as apply_chat_template would. */
class ChatTemplateTest {
    /** Zephyr's template (HuggingFaceH4/zephyr-7b-beta, tokenizer_config.json), verbatim. */
    static final String ZEPHYR = "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\\n'"
            + " + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\\n' +"
            + " message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\\n'  +"
            + " message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{"
            + " '<|assistant|>' }}\n{% endif %}\n{% endfor %}";
    /** A template that refuses system turns the way many do (Gemma's, shortened). */
    static final String NO_SYSTEM = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
            + "{% endif %}{% for m in messages %}<{{ m['role'] }}>{{ m['content'] | trim }}{% endfor %}";

    private static final List<ChatMessage> CONVERSATION = List.of(new ChatMessage("system", "Be brief."),
            ChatMessage.user("Hi"), new ChatMessage("assistant", "Hello!"), ChatMessage.user("Why is the sky blue?"));

    private static ModelManifest manifest(String promptTemplate, String chatTemplate) {
        return new ModelManifest("text-generation", "onnx", null, null, null, null, promptTemplate, "</s>", null, null,
                null, null, null, chatTemplate, "<s>", null, null);
    }

    @Test
    void aHuggingFaceChatTemplateRendersTheWholeConversation() {
        String rendered = ChatTemplate.render(manifest(null, ZEPHYR), CONVERSATION);
        assertEquals("<|system|>\nBe brief.</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello!</s>\n<|user|>\nWhy is the sky blue?</s>\n"
                + "<|assistant|>\n", rendered, "as transformers renders it (trim_blocks, lstrip_blocks)");
        assertEquals(List.of(), manifest(null, ZEPHYR).problems(), "a usable template passes upload validation");
    }

    @Test
    void withoutAChatTemplateEarlierTurnsAreParagraphsAndTheLastGoesThroughThePromptTemplate() {
        assertEquals("System: Be brief.\n\nUser: Hi\n\nAssistant: Hello!\n\nQ: Why is the sky blue?\nA:",
                ChatTemplate.render(manifest("Q: {prompt}\nA:", null), CONVERSATION));
        assertEquals("Q: Hi\nA:", ChatTemplate.render(manifest("Q: {prompt}\nA:", null), List.of(ChatMessage.user("Hi"))),
                "a one-turn prompt is fed as before conversations existed");
    }

    @Test
    void aTemplateThatRefusesTheConversationSaysWhyAndABrokenOneIsRejectedOnUpload() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplate.render(manifest(null, NO_SYSTEM), CONVERSATION));
        assertTrue(refused.getMessage().contains("System role not supported"), refused.getMessage());
        assertEquals("<user>Hi", ChatTemplate.render(manifest(null, NO_SYSTEM), List.of(ChatMessage.user(" Hi "))));
        List<String> problems = manifest(null, "{% for m in messages %}{{ m['content'] }").problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("'chatTemplate'")), problems.toString());
    }
}
