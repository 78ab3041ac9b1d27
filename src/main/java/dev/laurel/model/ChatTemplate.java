package dev.laurel.model;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.laurel.campaign.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a DJL artifact turns a conversation into the one string its tokenizer reads. When the manifest names a
 * {@code chatTemplate} (a Hugging Face chat template: Jinja over {@code messages}, {@code add_generation_prompt},
 * {@code bos_token}, {@code eos_token}), it is rendered with Jinjava, exactly as {@code tokenizer.apply_chat_template}
 * would; otherwise the earlier turns are written as {@code Role: content} paragraphs ({@link ChatMessage#history}),
 * followed by the last user turn through the manifest's {@code promptTemplate}. A one-turn conversation without a
 * chat template is the prompt template applied to its text, as before conversations existed.
 */
final class ChatTemplate {
    /** The longest template accepted: real ones are a few kilobytes. */
    static final int MAX_LENGTH = 50_000;
    private static final Jinjava JINJA = jinja();

    private ChatTemplate() {
    }

    /** The model's input for a conversation, by the manifest's chat template or the plain format. */
    static String render(ModelManifest manifest, List<ChatMessage> conversation) {
        if (manifest.chatTemplate() == null) {
            List<ChatMessage> earlier = conversation.subList(0, conversation.size() - 1);
            String last = manifest.prompt(conversation.get(conversation.size() - 1).content());
            return earlier.isEmpty() ? last : ChatMessage.history(earlier) + "\n\n" + last;
        }
        return apply(manifest.chatTemplate(), conversation, manifest.bosToken(), manifest.eos());
    }

    /** Renders a Hugging Face chat template; throws {@link IllegalArgumentException} with Jinja's reason when it cannot. */
    static String apply(String template, List<ChatMessage> conversation, String bosToken, String eosToken) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (ChatMessage message : conversation) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", message.role());
            turn.put("content", message.content());
            messages.add(turn);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("messages", messages);
        context.put("add_generation_prompt", true);
        context.put("bos_token", bosToken == null ? "" : bosToken);
        context.put("eos_token", eosToken == null ? "" : eosToken);
        RenderResult result = JINJA.renderForResult(template, context);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            throw new IllegalArgumentException("the chat template cannot be rendered: " + reason(fatal.get(0)));
        }
        return result.getOutput();
    }

    /** The deepest cause's message: what raise_exception said, rather than Jinjava's "error invoking function". */
    private static String reason(TemplateError error) {
        Throwable cause = error.getException();
        String reason = error.getMessage();
        for (; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    /** Problems of a manifest's template, found by rendering a short conversation (upload validation). */
    static List<String> problems(String template) {
        if (template.length() > MAX_LENGTH) {
            return List.of("manifest.json: 'chatTemplate' is longer than " + MAX_LENGTH + " characters.");
        }
        try {
            String rendered = apply(template, List.of(new ChatMessage(ChatMessage.SYSTEM, "Be brief."), ChatMessage.user("Hello"),
                    new ChatMessage(ChatMessage.ASSISTANT, "Hi!"), ChatMessage.user("How are you?")), "", "");
            return rendered.contains("How are you?") ? List.of()
                    : List.of("manifest.json: 'chatTemplate' leaves the user's last turn out of the model input.");
        } catch (RuntimeException e) {
            return List.of("manifest.json: 'chatTemplate' is not a usable Jinja chat template: " + e.getMessage());
        }
    }

    /** {@code raise_exception(message)}: what Hugging Face templates call to refuse a conversation they cannot format. */
    public static Object raiseException(String message) {
        throw new IllegalArgumentException(message);
    }

    private static Jinjava jinja() {
        // trim_blocks and lstrip_blocks: the environment transformers renders chat templates in
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(false)
                .withTrimBlocks(true).withLstripBlocks(true).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
        return jinjava;
    }
}
