package dev.laurel.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.Channels;
import dev.laurel.platform.SubmissionAccepted;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies every accepted submission to labeler quality: gold evidence, counters, abuse signals. */
@ApplicationScoped
public class QualityEvents {
    private final LabelerReliabilities reliabilities;
    private final ObjectMapper json;

    QualityEvents(LabelerReliabilities reliabilities, ObjectMapper json) {
        this.reliabilities = reliabilities;
        this.json = json;
    }

    @Incoming(Channels.SUBMISSIONS_QUALITY)
    @Blocking // in order: one labeler's counters are read and written by consecutive events
    public void onSubmissionAccepted(String payload) {
        SubmissionAccepted.read(json, payload).ifPresent(reliabilities::record);
    }
}
