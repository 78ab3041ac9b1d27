package dev.laurel.platform;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The accepted-submission event really leaves the process: a queue of our own on the broker receives it. */
@QuarkusTest
class BrokerTest {

    @Test
    void anAcceptedSubmissionIsPublishedOnRabbitMq() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("rabbitmq-virtual-host", String.class));
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare().getQueue(); // exclusive, auto-delete
            channel.queueBind(queue, "laurel.submissions", "#");

            Fixtures.User modeler = Fixtures.modeler();
            long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
            Fixtures.User labeler = Fixtures.labeler();
            long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
            long submission = as(labeler.token()).contentType("application/json").body("{\"choice\": \"A\"}")
                    .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201).extract().jsonPath().getLong("id");

            JsonNode event = null;
            for (int i = 0; i < 100 && event == null; i++) {
                GetResponse message = channel.basicGet(queue, true);
                if (message != null) {
                    JsonNode candidate = new ObjectMapper().readTree(new String(message.getBody(), StandardCharsets.UTF_8));
                    event = candidate.path("submissionId").asLong() == submission ? candidate : null;
                } else {
                    Thread.sleep(100);
                }
            }
            assertNotNull(event, "no event for submission " + submission + " arrived on the broker");
            assertEquals(campaign, event.path("campaignId").asLong());
            assertEquals(labeler.id(), event.path("labelerId").asLong());
            assertEquals("A", event.path("choice").asText());
        }
    }
}
