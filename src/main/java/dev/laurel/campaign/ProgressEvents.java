package dev.laurel.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.Channels;
import dev.laurel.platform.SubmissionAccepted;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps campaign progress counters in step with accepted submissions. */
@ApplicationScoped
public class ProgressEvents {
    private final Campaigns campaigns;
    private final ObjectMapper json;

    ProgressEvents(Campaigns campaigns, ObjectMapper json) {
        this.campaigns = campaigns;
        this.json = json;
    }

    @Incoming(Channels.SUBMISSIONS_PROGRESS)
    @Blocking(ordered = false)
    public void onSubmissionAccepted(String payload) {
        SubmissionAccepted.read(json, payload).ifPresent(campaigns::recordSubmission);
    }
}
