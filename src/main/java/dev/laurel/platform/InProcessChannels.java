package dev.laurel.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** The embedded default has no broker: forward each "-out" channel to its "-in" channel in memory. */
@ApplicationScoped
@IfBuildProperty(name = "laurel.messaging.broker", stringValue = "none")
public class InProcessChannels {

    @Incoming(Channels.SUBMISSIONS_OUT)
    @Outgoing(Channels.SUBMISSIONS_IN)
    public Message<String> submissions(Message<String> message) {
        return message; // acknowledged when the consumer acknowledges
    }
}
