package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;

/**
 * Request bodies: every string Jackson decodes into a field (a "\u0000" escape included) passes {@link StorableText},
 * so no JSON endpoint can hand unstorable text to a service; {@link ProblemMapper} names the field in the 400.
 */
@Singleton
public class StorableJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new Strings()));
    }

    /** Jackson's own string reading (coercions included), then the check. */
    static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            Optional<String> flaw = StorableText.flaw(text);
            if (flaw.isPresent()) {
                throw new UnstorableText(parser, flaw.get()); // Jackson adds the field path on its way out
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    public static final class UnstorableText extends JsonMappingException {
        UnstorableText(JsonParser parser, String flaw) {
            super(parser, flaw);
        }
    }
}
